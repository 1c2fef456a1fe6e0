/* fc-summary-page-access.c: FcSummaryPage's getters for tests and screenshots. Those that look
 * below the first frame first complete the page, so that they see all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-page"

#include "config.h"

#include "fc-summary-page-private.h"

GPtrArray *
fc_summary_page_get_warning_rows (FcSummaryPage *self)
{
  GPtrArray *rows;
  GtkListBoxRow *row;

  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);

  fc_summary_page_complete_now (self);
  rows = g_ptr_array_new ();
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->warning_list, i)) != NULL; i++)
    if (FC_IS_WARNING_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

GPtrArray *
fc_summary_page_get_warning_labels (FcSummaryPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *labels;

  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);

  rows = fc_summary_page_get_warning_rows (self);
  labels = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (labels, fc_warning_row_get_message_label (g_ptr_array_index (rows, i)));
  return labels;
}

GtkWidget *
fc_summary_page_get_glucose_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return fc_findings_bar_get_glucose_button (self->findings_bar);
}

GtkWidget *
fc_summary_page_get_consciousness_button (FcSummaryPage *self,
                                          const char    *value)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  return fc_findings_bar_get_consciousness_button (self->findings_bar, value);
}

GtkWidget *
fc_summary_page_get_handover_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return GTK_WIDGET (self->handover_button);
}

FcGlucoseDialog *
fc_summary_page_get_glucose_dialog (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return fc_findings_bar_get_glucose_dialog (self->findings_bar);
}

GtkLabel *
fc_summary_page_get_status_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->status_label;
}

GtkWidget *
fc_summary_page_get_content (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return self->content;
}

FcWarningRow *
fc_summary_page_get_warning_row (FcSummaryPage *self,
                                 const char    *rule_id)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);
  fc_summary_page_complete_now (self);
  return fc_summary_page_find_row (self, rule_id);
}

FcIdentityBlock *
fc_summary_page_get_identity_block (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return self->identity_block;
}

GtkWidget *
fc_summary_page_get_wrong_person_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return fc_identity_block_get_wrong_person_button (self->identity_block);
}

AdwMessageDialog *
fc_summary_page_get_wrong_person_dialog (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return fc_identity_block_get_wrong_person_dialog (self->identity_block);
}

GtkWidget *
fc_summary_page_get_fetch_button (FcSummaryPage *self,
                                  const char    *which)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);
  return fc_fetch_panel_get_button (self->fetch_panel, which);
}

GtkLabel *
fc_summary_page_get_fetch_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return fc_fetch_panel_get_label (self->fetch_panel);
}

GtkLabel *
fc_summary_page_get_provenance_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->provenance_label;
}

GtkWidget *
fc_summary_page_get_history_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return fc_summary_sections_get_history_button (self->sections);
}

guint
fc_summary_page_get_section_row_count (FcSummaryPage *self,
                                       FcItemKind     kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), 0);
  fc_summary_page_complete_now (self);
  return fc_summary_sections_get_row_count (self->sections, kind);
}

GtkWidget *
fc_summary_page_get_show_all_button (FcSummaryPage *self,
                                     FcItemKind     kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return fc_summary_sections_get_show_all_button (self->sections, kind);
}

GtkLabel *
fc_summary_page_get_validity_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  fc_summary_page_complete_now (self);
  return fc_identity_block_get_validity_label (self->identity_block);
}
