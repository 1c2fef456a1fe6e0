/* fc-pin-dialog-card.c: what the PIN dialog asks the card (through the incident): the tries
 * left, and VERIFY with the typed digits; and how each outcome is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pin-dialog"

#include "config.h"

#include "fc-pin-dialog-private.h"

#include <glib/gi18n-lib.h>

#include "fc-card-transport.h"

/* A failure the person can act on: not on the reader, blocked, or what went wrong. The core's
 * messages are translated and specific (a different card, the last try spent); they are shown
 * as they are when there is one. */
static void
show_error (FcPinDialog  *self,
            const GError *error)
{
  gboolean has_message = error->message != NULL && *error->message != '\0';

  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED))
    {
      fc_pin_dialog_set_tries_left (self, 0);
      fc_pin_dialog_set_message (self, has_message ? error->message :
                   /* Translators: the card's PIN is blocked (ロック中). */
                   _("The card is locked: no PIN tries are left. It can only be unlocked at the city office. Identify the patient another way."),
                   "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_BLOCKED);
    }
  else if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD) ||
           (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED) && !has_message))
    {
      /* Translators: the PIN could not be checked because the card is not on the reader. */
      fc_pin_dialog_set_message (self, _("The card is not on the reader. Put it flat on the reader and tap Try again."),
                   "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_NO_CARD);
    }
  else if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED))
    {
      fc_pin_dialog_set_message (self, error->message, "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_NO_CARD);
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: %s is why the PIN could not be checked. */
      text = g_strdup_printf (_("The PIN could not be checked: %s"), error->message);
      fc_pin_dialog_set_message (self, text, "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_ERROR);
    }
}

static void
read_tries_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FcPinDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  int tries;

  tries = fc_incident_read_pin_tries_finish (FC_INCIDENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (tries < 0)
    {
      show_error (self, error);
      return;
    }
  fc_pin_dialog_set_tries_left (self, tries);
  if (tries == 0)
    {
      g_autoptr(GError) blocked = NULL;

      blocked = g_error_new_literal (FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED, "");

      show_error (self, blocked);
      return;
    }
  /* Translators: under the PIN display, while nothing is typed yet. */
  fc_pin_dialog_set_message (self, _("Type the 4 digits, then tap Check PIN."), NULL);
  fc_pin_dialog_set_state (self, FC_PIN_STATE_ENTRY);
}

/* Asks the card how many tries are left (VERIFY without data: spends none). */
void
fc_pin_dialog_start_check (FcPinDialog *self)
{
  FcIncident *incident = fc_controller_get_incident (self->controller);
  FcCardTransport *transport = fc_controller_get_card_transport (self->controller);

  fc_pin_dialog_wipe_pin (self);
  if (incident == NULL || transport == NULL)
    {
      g_autoptr(GError) error = NULL;

      error = g_error_new_literal (FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                                   incident == NULL ? _("Start an incident first.") :
                                                      _("No card reader is configured."));
      show_error (self, error);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* Translators: while the card is asked how many PIN tries are left. */
  fc_pin_dialog_set_message (self, _("Checking the card…"), NULL);
  fc_pin_dialog_set_state (self, FC_PIN_STATE_CHECKING);
  fc_incident_read_pin_tries_async (incident, transport, self->cancellable,
                                    read_tries_cb, g_object_ref (self));
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcPinDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  int tries_left = -1;
  gboolean ok;

  ok = fc_incident_verify_pin_finish (FC_INCIDENT (object), result, &tries_left, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (ok)
    {
      if (tries_left >= 0)
        fc_pin_dialog_set_tries_left (self, tries_left);
      /* Translators: the card accepted the PIN (本人確認: 暗証番号一致). */
      fc_pin_dialog_set_message (self, _("Identity check: the PIN matches."), "success");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_VERIFIED);
      return;
    }

  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN) && tries_left != 0)
    {
      g_autofree char *text = NULL;

      if (tries_left > 0)
        fc_pin_dialog_set_tries_left (self, tries_left);
      text = self->tries_left > 0 ?
             /* Translators: the card refused the PIN; %d tries are left (暗証番号不一致). */
             g_strdup_printf (ngettext ("Wrong PIN. %d try left: check the number with the patient before typing again.",
                                        "Wrong PIN. %d tries left: check the number with the patient before typing again.",
                                        self->tries_left), self->tries_left) :
             g_strdup (_("Wrong PIN. Check the number with the patient before typing again."));
      fc_pin_dialog_set_message (self, text, "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_WRONG);
      return;
    }
  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN))
    {
      g_autoptr(GError) blocked = NULL;

      blocked = g_error_new_literal (FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED, "");

      show_error (self, blocked);
      return;
    }
  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY))
    {
      /* The card has one try left (it changed since it was asked): confirm first. */
      fc_pin_dialog_set_tries_left (self, 1);
      /* Translators: the card has one PIN try left; nothing was sent. */
      fc_pin_dialog_set_message (self, _("Only one try is left. Type the PIN again and confirm before it is sent."),
                   "inline-error");
      fc_pin_dialog_set_state (self, FC_PIN_STATE_ENTRY);
      return;
    }
  show_error (self, error);
}

/* Hands the digits to the incident (which copies and wipes them) and wipes ours at once. */
void
fc_pin_dialog_send_pin (FcPinDialog *self,
                        gboolean     confirmed_last_try)
{
  FcIncident *incident = fc_controller_get_incident (self->controller);
  FcCardTransport *transport = fc_controller_get_card_transport (self->controller);

  g_assert (self->pin_length == FC_PIN_LENGTH);

  if (incident == NULL || transport == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                                                     _("No card reader is configured."));

      fc_pin_dialog_wipe_pin (self);
      show_error (self, error);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fc_incident_verify_pin_async (incident, transport, self->pin, confirmed_last_try,
                                self->cancellable, verify_cb, g_object_ref (self));
  fc_pin_dialog_wipe_pin (self);
  /* Translators: while the card checks the PIN. */
  fc_pin_dialog_set_message (self, _("Checking the PIN…"), NULL);
  fc_pin_dialog_set_state (self, FC_PIN_STATE_SENDING);
}
