/* fc-mark-bar.h: the time-mark bar, always at the bottom of the window: one large button for
 * the time point expected next, every other point in a popover, the hospital-call (照会) button
 * that toggles start/end and asks the outcome, and the way to the incident's timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_MARK_BAR (fc_mark_bar_get_type ())

G_DECLARE_FINAL_TYPE (FcMarkBar, fc_mark_bar, FC, MARK_BAR, GtkWidget)

void              fc_mark_bar_set_controller      (FcMarkBar    *self,
                                                   FcController *controller);

/* For tests. */
GtkWidget        *fc_mark_bar_get_next_button     (FcMarkBar    *self);
GtkLabel         *fc_mark_bar_get_next_label      (FcMarkBar    *self);
GtkWidget        *fc_mark_bar_get_more_button     (FcMarkBar    *self);
/* The popover button of a time point (FC_EVENT_CALL_RECEIVED … FC_EVENT_BACK_IN_SERVICE). */
GtkWidget        *fc_mark_bar_get_mark_button     (FcMarkBar    *self,
                                                   const char   *event_kind);
GtkWidget        *fc_mark_bar_get_call_button     (FcMarkBar    *self);
GtkLabel         *fc_mark_bar_get_call_count_label (FcMarkBar   *self);
GtkWidget        *fc_mark_bar_get_timeline_button (FcMarkBar    *self);
/* The open "how did the call end?" dialog, or NULL; responses "cancel", "accepted", "declined". */
AdwMessageDialog *fc_mark_bar_get_outcome_dialog  (FcMarkBar    *self);

G_END_DECLS
