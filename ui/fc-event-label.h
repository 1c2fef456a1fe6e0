/* fc-event-label.h: readable, translated words for timing events (time-mark buttons, the
 * timeline view). Not a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-timeline.h"

G_BEGIN_DECLS

/* The eTimes points (and 車内収容) in the order a call goes through them. (transfer none) */
const char * const *fc_event_get_time_points  (void);
/* Short label of a time point for a button ("On scene" / 現着); NULL for other kinds. */
const char         *fc_event_time_point_label (const char      *kind);
/* Label of any event kind ("Card read", "Consent"); the kind itself for unknown kinds. */
const char         *fc_event_kind_label       (const char      *kind);
/* A readable line for the event's detail ("Consent given", "Accepted (call 2)", "On scene
 * set to 10:41:00"), or NULL when there is nothing to add. Never shows raw codes the crew
 * cannot read. (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char               *fc_event_describe         (FcTimelineEvent *event);
/* From a detail "a=1 b=x flag": the value of @key ("" for a bare flag), or NULL. */
G_GNUC_WARN_UNUSED_RESULT
char               *fc_event_detail_value     (const char      *detail,
                                               const char      *key);

G_END_DECLS
