/* fc-warning-row.h: one decision-support warning as a tappable card: severity stripe, icon, text,
 * "inferred — verify" badge, acknowledged state; a tap opens the evidence behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-warning.h"

G_BEGIN_DECLS

#define FC_TYPE_WARNING_ROW (fc_warning_row_get_type ())

G_DECLARE_FINAL_TYPE (FcWarningRow, fc_warning_row, FC, WARNING_ROW, GtkListBoxRow)

/* The row's action (activated by a tap) is @action_name with the rule id as target; the summary
 * page uses it to open and close the details (evidence, what to check, sources, and for a
 * critical warning the "Acknowledge" button, action "summary.acknowledge"). Property "expanded". */
GtkWidget  *fc_warning_row_new               (FcWarning    *warning,
                                              const char   *action_name);
FcWarning  *fc_warning_row_get_warning       (FcWarningRow *self);
GtkLabel   *fc_warning_row_get_message_label (FcWarningRow *self);
GtkWidget  *fc_warning_row_get_inferred_badge (FcWarningRow *self);
gboolean    fc_warning_row_get_expanded      (FcWarningRow *self);
void        fc_warning_row_set_expanded      (FcWarningRow *self,
                                              gboolean      expanded);
/* For tests: the revealer with the details, the evidence list, the acknowledge button. */
GtkWidget  *fc_warning_row_get_details       (FcWarningRow *self);
GtkWidget  *fc_warning_row_get_evidence_box  (FcWarningRow *self);
GtkWidget  *fc_warning_row_get_acknowledge_button (FcWarningRow *self);

/* "ja" or "en": the language warnings are shown in (as fc_warning_get_message()). */
const char *fc_warning_row_language          (void);
/* Translated name of a summary item's source ("claims" → レセプト). */
const char *fc_warning_row_source_label      (const char   *source);

G_END_DECLS
