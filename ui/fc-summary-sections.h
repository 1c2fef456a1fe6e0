/* fc-summary-sections.h: the record on the summary page, section by section: medicines,
 * conditions and allergies, then (after "Full history", audited) procedures, visits and test
 * results. Each row gives the item, its badges and "date · source"; a long section shows its
 * first rows and "Show all (n)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_SUMMARY_SECTIONS (fc_summary_sections_get_type ())

G_DECLARE_FINAL_TYPE (FcSummarySections, fc_summary_sections, FC, SUMMARY_SECTIONS, GtkWidget)

FcSummarySections *fc_summary_sections_new                 (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows @summary (nothing when NULL); @history: whether the full history is open. A different
 * summary closes every "Show all"; the same summary and @history again change nothing. The
 * caller decides when (the page fills the sections after the first frame of its warnings). */
void               fc_summary_sections_show                (FcSummarySections *self,
                                                            FcSummary         *summary,
                                                            gboolean           history);
/* Rows built for the section of @kind (items, "none known"/"no information", and the
 * "Show all (n)" button). */
guint              fc_summary_sections_get_row_count       (FcSummarySections *self,
                                                            FcItemKind         kind);
/* The "Show all (n)" button of the section of @kind, or NULL when all its rows are shown. */
GtkWidget         *fc_summary_sections_get_show_all_button (FcSummarySections *self,
                                                            FcItemKind         kind);
GtkWidget         *fc_summary_sections_get_history_button  (FcSummarySections *self);

G_END_DECLS
