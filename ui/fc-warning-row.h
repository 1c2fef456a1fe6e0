/* fc-warning-row.h: one decision-support warning as a tappable card: severity stripe, icon, text,
 * "inferred — verify" badge, acknowledged state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-warning.h"

G_BEGIN_DECLS

#define FC_TYPE_WARNING_ROW (fc_warning_row_get_type ())

G_DECLARE_FINAL_TYPE (FcWarningRow, fc_warning_row, FC, WARNING_ROW, GtkListBoxRow)

/* The row's action (activated by a tap) is @action_name with the rule id as target. */
GtkWidget  *fc_warning_row_new               (FcWarning    *warning,
                                              const char   *action_name);
FcWarning  *fc_warning_row_get_warning       (FcWarningRow *self);
GtkLabel   *fc_warning_row_get_message_label (FcWarningRow *self);
GtkWidget  *fc_warning_row_get_inferred_badge (FcWarningRow *self);

G_END_DECLS
