/* fc-fetch-panel.h: fetching the record on the summary page: progress with Cancel, or the
 * outcome with Retry (when it may help) and "Continue without record". The panel is visible
 * only while a fetch runs or after one failed or was cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_FETCH_PANEL (fc_fetch_panel_get_type ())

G_DECLARE_FINAL_TYPE (FcFetchPanel, fc_fetch_panel, FC, FETCH_PANEL, GtkWidget)

FcFetchPanel *fc_fetch_panel_new            (void) G_GNUC_WARN_UNUSED_RESULT;
void          fc_fetch_panel_set_controller (FcFetchPanel *self,
                                             FcController *controller);
/* @which: "cancel", "retry" or "continue". */
GtkWidget    *fc_fetch_panel_get_button     (FcFetchPanel *self,
                                             const char   *which);
GtkLabel     *fc_fetch_panel_get_label      (FcFetchPanel *self);

G_END_DECLS
