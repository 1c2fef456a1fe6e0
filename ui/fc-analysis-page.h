/* fc-analysis-page.h: the timing report for this tablet's incidents (the training folder's in
 * training mode): counts, interval and card-step tables, and the report's charts (box plots of
 * scene time by card use, stacked card steps) drawn by the core into a texture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_ANALYSIS_PAGE (fc_analysis_page_get_type ())

G_DECLARE_FINAL_TYPE (FcAnalysisPage, fc_analysis_page, FC, ANALYSIS_PAGE, GtkWidget)

/* Property "busy" (gboolean, read-only): the report is being computed. */
void        fc_analysis_page_set_controller (FcAnalysisPage *self,
                                             FcController   *controller);
/* Reads timing.db again (off the main thread) and redraws. */
void        fc_analysis_page_refresh        (FcAnalysisPage *self);
gboolean    fc_analysis_page_get_busy       (FcAnalysisPage *self);

/* For tests: the chart as drawn (NULL before the first report), the counts line, the number of
 * data rows in the interval table, the error shown (or NULL). */
GdkTexture *fc_analysis_page_get_chart_texture   (FcAnalysisPage *self);
GtkLabel   *fc_analysis_page_get_counts_label    (FcAnalysisPage *self);
guint       fc_analysis_page_get_n_interval_rows (FcAnalysisPage *self);
const char *fc_analysis_page_get_error           (FcAnalysisPage *self);

G_END_DECLS
