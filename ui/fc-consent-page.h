/* fc-consent-page.h: three big choices: consent given, unable to consent (emergency waiver with a
 * reason), refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_CONSENT_PAGE (fc_consent_page_get_type ())

G_DECLARE_FINAL_TYPE (FcConsentPage, fc_consent_page, FC, CONSENT_PAGE, GtkWidget)

void       fc_consent_page_set_controller (FcConsentPage *self,
                                           FcController  *controller);
/* For tests: "given", "waived", "refused", or a waiver reason "unconscious", "confused",
 * "other". */
GtkWidget *fc_consent_page_get_button     (FcConsentPage *self,
                                           const char    *choice);
GtkLabel  *fc_consent_page_get_error_label (FcConsentPage *self);

G_END_DECLS
