/* fc-start-page.h: training scenarios and the big "Start incident" button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_START_PAGE (fc_start_page_get_type ())

G_DECLARE_FINAL_TYPE (FcStartPage, fc_start_page, FC, START_PAGE, GtkWidget)

void        fc_start_page_set_controller     (FcStartPage  *self,
                                              FcController *controller);
/* For tests: selects the row of scenario @id as a tap would; FALSE if it is not listed. */
gboolean    fc_start_page_select_scenario    (FcStartPage  *self,
                                              const char   *id);
GtkWidget  *fc_start_page_get_start_button   (FcStartPage  *self);
/* The inline error label (scenario load errors, a scenario that cannot start). */
GtkLabel   *fc_start_page_get_error_label    (FcStartPage  *self);
guint       fc_start_page_get_n_rows         (FcStartPage  *self);
GtkWidget  *fc_start_page_get_analysis_button (FcStartPage *self);

G_END_DECLS
