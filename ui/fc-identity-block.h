/* fc-identity-block.h: the identity check on the summary page: the record's sex and age band and
 * the card certificate's validity, then the crew's answer ("Matches the patient" or
 * "Wrong person…", which asks once and then tells the controller).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_IDENTITY_BLOCK (fc_identity_block_get_type ())

G_DECLARE_FINAL_TYPE (FcIdentityBlock, fc_identity_block, FC, IDENTITY_BLOCK, GtkWidget)

/* Property "identity-check": "" or "match" (the "identity.check" action); reset to "" when the
 * incident changes. The block shows itself only while the incident has a record. */
FcIdentityBlock  *fc_identity_block_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
void              fc_identity_block_set_controller          (FcIdentityBlock *self,
                                                             FcController    *controller);
const char       *fc_identity_block_get_identity_check      (FcIdentityBlock *self);
/* The row of identity buttons: further identity actions are appended here. */
GtkBox           *fc_identity_block_get_button_box          (FcIdentityBlock *self);
GtkLabel         *fc_identity_block_get_validity_label      (FcIdentityBlock *self);
GtkWidget        *fc_identity_block_get_wrong_person_button (FcIdentityBlock *self);
/* "Check the card PIN with the patient…": visible once a card was read and can be reached. */
GtkWidget        *fc_identity_block_get_check_pin_button    (FcIdentityBlock *self);
/* The open "wrong person?" confirmation, or NULL; responses "cancel" and "wrong-person". */
AdwMessageDialog *fc_identity_block_get_wrong_person_dialog (FcIdentityBlock *self);

G_END_DECLS
