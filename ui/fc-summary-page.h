/* fc-summary-page.h: findings (glucose keypad, consciousness) above the record; warnings first
 * (live), then the identity check (FcIdentityBlock), then medicines, conditions and allergies
 * with date and source (FcSummarySections).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"
#include "fc-glucose-dialog.h"
#include "fc-identity-block.h"
#include "fc-warning-row.h"

G_BEGIN_DECLS

#define FC_TYPE_SUMMARY_PAGE (fc_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (FcSummaryPage, fc_summary_page, FC, SUMMARY_PAGE, GtkWidget)

/* While the record is fetched the page shows progress with Cancel; when no record came, the
 * reason with Retry (when it may help) and "Continue without record" (FcFetchPanel).
 *
 * A new record comes on screen in two frames (issue 9): the first holds the findings bar, the
 * heading and the warnings that fit on screen; the rest (the other warnings, the identity check,
 * the sections, "Hand over") is built right after that frame is painted. Property "complete"
 * (read-only) is FALSE in between. */
void             fc_summary_page_set_controller        (FcSummaryPage *self,
                                                        FcController  *controller);
gboolean         fc_summary_page_get_complete          (FcSummaryPage *self);
/* The warning rows on screen now (built, mapped and laid out), without completing the page
 * (for benchmarks and tests). */
guint            fc_summary_page_count_warning_rows    (FcSummaryPage *self);
/* For tests: the getters below first complete the page, so they see all of it. */
/* For tests. (transfer container) (element-type FcWarningRow): the warning rows on screen. */
GPtrArray       *fc_summary_page_get_warning_rows      (FcSummaryPage *self);
/* (transfer container) (element-type GtkLabel): the message label of each warning row. */
GPtrArray       *fc_summary_page_get_warning_labels    (FcSummaryPage *self);
GtkWidget       *fc_summary_page_get_glucose_button    (FcSummaryPage *self);
/* "impaired" or "alert". */
GtkWidget       *fc_summary_page_get_consciousness_button (FcSummaryPage *self,
                                                           const char    *value);
GtkWidget       *fc_summary_page_get_handover_button   (FcSummaryPage *self);
/* The open keypad dialog, or NULL. */
FcGlucoseDialog *fc_summary_page_get_glucose_dialog    (FcSummaryPage *self);
GtkLabel        *fc_summary_page_get_status_label      (FcSummaryPage *self);
/* The scrolled content (for screenshots). */
GtkWidget       *fc_summary_page_get_content           (FcSummaryPage *self);
FcWarningRow    *fc_summary_page_get_warning_row       (FcSummaryPage *self,
                                                        const char    *rule_id);
FcIdentityBlock *fc_summary_page_get_identity_block    (FcSummaryPage *self);
GtkWidget       *fc_summary_page_get_wrong_person_button (FcSummaryPage *self);
/* The open "wrong person?" confirmation, or NULL; responses "cancel" and "wrong-person". */
AdwMessageDialog *fc_summary_page_get_wrong_person_dialog (FcSummaryPage *self);
/* @which: "cancel", "retry" or "continue". */
GtkWidget       *fc_summary_page_get_fetch_button      (FcSummaryPage *self,
                                                        const char    *which);
GtkLabel        *fc_summary_page_get_fetch_label       (FcSummaryPage *self);
GtkLabel        *fc_summary_page_get_provenance_label  (FcSummaryPage *self);
/* "Full history": procedures, visits and test results appear after it (audited). */
GtkWidget       *fc_summary_page_get_history_button    (FcSummaryPage *self);
/* Rows built for the section of @kind (items, "none known"/"no information", and the
 * "Show all (n)" button: a long section first shows its first few items). */
guint            fc_summary_page_get_section_row_count (FcSummaryPage *self,
                                                        FcItemKind     kind);
/* The "Show all (n)" button of the section of @kind, or NULL when all its rows are shown. */
GtkWidget       *fc_summary_page_get_show_all_button   (FcSummaryPage *self,
                                                        FcItemKind     kind);
/* The card certificate's validity in the identity check ("Valid until YYYY-MM-DD", or
 * "Certificate expired (YYYY-MM-DD)" with the "error" style class). */
GtkLabel        *fc_summary_page_get_validity_label    (FcSummaryPage *self);

G_END_DECLS
