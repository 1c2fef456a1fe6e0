/* fc-findings-bar.h: the crew's findings above the record: "Enter blood glucose" (opens the
 * keypad) with the value entered, and impaired consciousness yes / no. Both are written to the
 * incident's findings, which re-evaluates the warnings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"
#include "fc-glucose-dialog.h"

G_BEGIN_DECLS

#define FC_TYPE_FINDINGS_BAR (fc_findings_bar_get_type ())

G_DECLARE_FINAL_TYPE (FcFindingsBar, fc_findings_bar, FC, FINDINGS_BAR, GtkWidget)

/* Property "consciousness": "unknown", "alert" or "impaired" (the "findings.consciousness"
 * action); it follows the findings. */
FcFindingsBar   *fc_findings_bar_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
/* @findings: the incident's findings, or NULL (no incident). */
void             fc_findings_bar_set_findings            (FcFindingsBar *self,
                                                          FcFindings    *findings);
GtkWidget       *fc_findings_bar_get_glucose_button      (FcFindingsBar *self);
/* @value: "impaired" or "alert". */
GtkWidget       *fc_findings_bar_get_consciousness_button (FcFindingsBar *self,
                                                           const char    *value);
/* The open keypad dialog, or NULL. */
FcGlucoseDialog *fc_findings_bar_get_glucose_dialog      (FcFindingsBar *self);

G_END_DECLS
