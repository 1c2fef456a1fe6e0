/* fc-glucose-dialog.h: a large numeric keypad for a measured blood glucose (mg/dL), with LO/HI
 * as the meter shows them. Writes the value to the incident's FcFindings on OK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-findings.h"

G_BEGIN_DECLS

#define FC_TYPE_GLUCOSE_DIALOG (fc_glucose_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FcGlucoseDialog, fc_glucose_dialog, FC, GLUCOSE_DIALOG, AdwWindow)

G_GNUC_WARN_UNUSED_RESULT
FcGlucoseDialog *fc_glucose_dialog_new               (GtkWindow       *parent,
                                                      FcFindings      *findings);
FcFindings      *fc_glucose_dialog_get_findings      (FcGlucoseDialog *self);
/* For tests: the key button "0"…"9", "back", "LO", "HI", "OK" or "cancel". */
GtkWidget       *fc_glucose_dialog_get_key           (FcGlucoseDialog *self,
                                                      const char      *key);
/* What the display shows ("420", "LO", "" …). */
const char      *fc_glucose_dialog_get_text          (FcGlucoseDialog *self);
GtkLabel        *fc_glucose_dialog_get_message_label (FcGlucoseDialog *self);

G_END_DECLS
