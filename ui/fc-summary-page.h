/* fc-summary-page.h: warnings first (live), the identity check, findings (glucose keypad,
 * consciousness), then medicines, conditions and allergies with date and source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"
#include "fc-glucose-dialog.h"

G_BEGIN_DECLS

#define FC_TYPE_SUMMARY_PAGE (fc_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (FcSummaryPage, fc_summary_page, FC, SUMMARY_PAGE, GtkWidget)

/* Properties: "consciousness" ("unknown", "alert", "impaired"; written to the incident's
 * findings), "identity-check" ("", "match", "mismatch"). */
void             fc_summary_page_set_controller        (FcSummaryPage *self,
                                                        FcController  *controller);
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

G_END_DECLS
