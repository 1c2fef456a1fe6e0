/* fc-pin-dialog.h: the patient (or the crew for them, only when the patient is conscious and
 * agrees) types the 4-digit user-authentication PIN of the card (利用者証明用電子証明書の
 * 暗証番号) on a large keypad; the card says whether it matches. Shows the tries left before
 * anything is sent, asks for a separate confirmation before the last try, and wipes the typed
 * digits when they are sent, on cancel and when the dialog closes. The PIN is never logged,
 * never a property and never an accessible label: the display shows one ● per digit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

/**
 * FcPinState:
 * @FC_PIN_STATE_CHECKING: asking the card how many tries are left (spends none)
 * @FC_PIN_STATE_ENTRY: typing the PIN
 * @FC_PIN_STATE_CONFIRM_LAST: one try left: the person must confirm before it is sent
 * @FC_PIN_STATE_SENDING: the card is checking the PIN
 * @FC_PIN_STATE_VERIFIED: the PIN matches (本人確認: 暗証番号一致)
 * @FC_PIN_STATE_WRONG: the PIN did not match; tries are left, type again
 * @FC_PIN_STATE_BLOCKED: the card is blocked (no tries left)
 * @FC_PIN_STATE_NO_CARD: the card is not on the reader
 * @FC_PIN_STATE_ERROR: another failure (no reader, no incident, the card's error)
 */
typedef enum {
  FC_PIN_STATE_CHECKING,
  FC_PIN_STATE_ENTRY,
  FC_PIN_STATE_CONFIRM_LAST,
  FC_PIN_STATE_SENDING,
  FC_PIN_STATE_VERIFIED,
  FC_PIN_STATE_WRONG,
  FC_PIN_STATE_BLOCKED,
  FC_PIN_STATE_NO_CARD,
  FC_PIN_STATE_ERROR,
} FcPinState;

#define FC_PIN_LENGTH 4

#define FC_TYPE_PIN_DIALOG (fc_pin_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FcPinDialog, fc_pin_dialog, FC, PIN_DIALOG, AdwWindow)

/* Properties: "controller" (FcController, construct-only), "state" (FcPinState, read-only),
 * "tries-left" (int, read-only: -1 until the card said). */

/* Opens the PIN dialog for the open incident's card, modal and transient for @parent. */
void             fc_pin_dialog_present        (FcController *controller,
                                               GtkWindow    *parent);
G_GNUC_WARN_UNUSED_RESULT
FcPinDialog     *fc_pin_dialog_new            (FcController *controller,
                                               GtkWindow    *parent);
FcController    *fc_pin_dialog_get_controller (FcPinDialog  *self);
FcPinState       fc_pin_dialog_get_state      (FcPinDialog  *self);
/* Tries left as the card last said, or -1 before it has. */
int              fc_pin_dialog_get_tries_left (FcPinDialog  *self);
/* How many digits are typed (0–FC_PIN_LENGTH). */
guint            fc_pin_dialog_get_length     (FcPinDialog  *self);
/* For tests: the key "0"…"9", "back", "clear", "OK", "confirm", "no-send", "retry" or
 * "cancel". */
GtkWidget       *fc_pin_dialog_get_key        (FcPinDialog  *self,
                                               const char   *key);
/* For tests: the label "tries", "last-try", "display" (one ● per digit) or "message". */
GtkLabel        *fc_pin_dialog_get_label      (FcPinDialog  *self,
                                               const char   *name);
/* For tests: TRUE when every byte of the dialog's PIN buffer is zero. */
gboolean         fc_pin_dialog_is_wiped_for_testing (FcPinDialog *self);

G_END_DECLS
