/* fc-timeline-page.h: the timeline of the open incident: every event with its time
 * (HH:MM:SS) and a readable label, corrections shown as such, and "Correct…" (or a long press)
 * on the marks the crew taps, to re-time or remove a mistaken mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_TIMELINE_PAGE (fc_timeline_page_get_type ())

G_DECLARE_FINAL_TYPE (FcTimelinePage, fc_timeline_page, FC, TIMELINE_PAGE, GtkWidget)

void              fc_timeline_page_set_controller     (FcTimelinePage *self,
                                                       FcController   *controller);

/* For tests. */
guint             fc_timeline_page_get_n_rows         (FcTimelinePage *self);
/* The row of event @seq, and its "Correct…" button (NULL when the event cannot be corrected). */
GtkWidget        *fc_timeline_page_get_row            (FcTimelinePage *self,
                                                       guint           seq);
GtkWidget        *fc_timeline_page_get_correct_button (FcTimelinePage *self,
                                                       guint           seq);
/* "10:42:13 · On scene · …" as the row shows it (time, title, detail), or NULL. */
G_GNUC_WARN_UNUSED_RESULT
char             *fc_timeline_page_dup_row_text       (FcTimelinePage *self,
                                                       guint           seq);
/* The open correction dialog, or NULL; responses "cancel", "void" and "set". */
AdwMessageDialog *fc_timeline_page_get_correction_dialog (FcTimelinePage *self);
/* The dialog's time picker: @part is "hour", "minute" or "second". */
GtkSpinButton    *fc_timeline_page_get_time_spin      (FcTimelinePage *self,
                                                       const char     *part);

G_END_DECLS
