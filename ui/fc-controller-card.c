/* fc-controller-card.c: the card reader: reading the card, its errors and the Tap-card
 * page's reader status line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>

#include "fc-nfc-transport.h"

/* A plain sentence for the crew for a failed card read. */
static char *
card_error_message (const GError *error)
{
  if (error->domain == FC_CARD_ERROR)
    {
      switch ((FcCardError) error->code)
        {
        case FC_CARD_ERROR_NO_READER:
          return g_strdup (_("No card reader was found. Check that the reader is connected."));
        case FC_CARD_ERROR_NO_CARD:
          return g_strdup (_("No card was detected. Hold the card flat on the reader and try again."));
        case FC_CARD_ERROR_REMOVED:
          return g_strdup (_("The card was moved away while it was being read. Hold it still on the reader and try again."));
        case FC_CARD_ERROR_NOT_JPKI:
          return g_strdup (_("This is not a My Number card. Check the card and try again."));
        case FC_CARD_ERROR_STATUS:
          return g_strdup (_("The card reported an error. Try again, or continue without the card."));
        case FC_CARD_ERROR_MALFORMED:
          return g_strdup (_("The card's answer could not be understood. Try again, or continue without the card."));
        case FC_CARD_ERROR_UNTRUSTED:
          return g_strdup (_("The card's certificate is not from a trusted issuer. Continue without the card."));
        case FC_CARD_ERROR_PIN_BLOCKED:
          return g_strdup (_("The card is blocked. Continue without the card."));
        case FC_CARD_ERROR_IO:
          return g_strdup (_("The card reader failed. Check the reader and try again."));
        default:
          break;
        }
    }
  return g_strdup (error->message);
}

/* Whether the card was detected since the current read started (the incident appends
 * "card-detected" to the timeline when the reader thread found the card). */
static gboolean
card_detected_in_this_read (FcController *self)
{
  GListModel *events;
  guint n;

  if (self->timeline == NULL)
    return FALSE;
  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  for (guint i = self->card_detected_at; i < n; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      if (g_str_equal (fc_timeline_event_get_kind (event), FC_EVENT_CARD_DETECTED))
        return TRUE;
    }
  return FALSE;
}

/* The reader status line: reader ready / no reader / waiting for the card / reading n% / card
 * moved away (the read waits for it) / done / error with what to do. */
void
fc_controller_update_reader_status (FcController *self)
{
  g_autofree char *text = NULL;
  /* Training without a reader uses the virtual card. */
  gboolean has_reader = self->reader != NULL || (self->training && self->reader_connstring == NULL);

  if (self->card_error != NULL)
    /* Translators: reader status line after a failed read; %s says what to do. */
    text = g_strdup_printf (_("Error: %s"), self->card_hint != NULL ? self->card_hint : self->card_error);
  else if (self->card_busy && self->incident != NULL && fc_incident_get_card_away (self->incident))
    /* Translators: reader status line when the card left the reader in the middle of the read
     * and the read waits (a few seconds) for it to come back (カードが離れました). */
    text = g_strdup (_("Card moved away — put it back on the reader"));
  else if (self->card_busy && self->incident != NULL &&
           fc_incident_get_read_progress (self->incident) >= 0)
    /* Translators: reader status line while the certificate is read (読み取り中); %d is the
     * percentage read, followed by a percent sign. */
    text = g_strdup_printf (_("Reading the card… %d%%"),
                            fc_incident_get_read_progress (self->incident));
  else if (self->card_busy && (self->card_was_away || card_detected_in_this_read (self)))
    /* Translators: reader status line while the certificate is read (読み取り中). */
    text = g_strdup (_("Reading the card…"));
  else if (self->card_busy)
    /* Translators: reader status line while polling for a card (カード待ち). */
    text = g_strdup (_("Waiting for the card…"));
  else if (self->incident != NULL && fc_incident_get_identity (self->incident) != NULL)
    /* Translators: reader status line after a successful read (読み取り完了). */
    text = g_strdup (_("Card read"));
  else if (!has_reader)
    /* Translators: reader status line: no card reader is configured. */
    text = g_strdup (_("No card reader"));
  else
    /* Translators: reader status line: the reader is ready for a card. */
    text = g_strdup (_("Reader ready"));

  if (fc_controller_replace_str (&self->reader_status, text))
    fc_controller_notify (self, PROP_READER_STATUS);
}

void
fc_controller_card_away_cb (FcController *self)
{
  /* Once the card is back the read goes on: "reading", not "waiting for the card". */
  if (self->card_busy && self->incident != NULL && fc_incident_get_card_away (self->incident))
    self->card_was_away = TRUE;
  fc_controller_update_reader_status (self);
}

static void
read_card_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  identity = fc_incident_read_card_finish (incident, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || incident != self->incident)
    return;

  g_clear_object (&self->cancellable);
  fc_controller_set_card_busy (self, FALSE);
  if (identity == NULL)
    {
      const char *last_error = fc_incident_get_last_error (incident);
      g_autofree char *message = NULL;

      /* The incident's own message is already translated and specific; ours is the fallback. */
      if (error->domain == FC_CARD_ERROR && last_error != NULL && *last_error != '\0')
        message = g_strdup (last_error);
      else
        message = card_error_message (error);

      fc_controller_replace_str (&self->card_hint, fc_nfc_transport_describe_error (error));
      fc_controller_set_card_error (self, message);
      return;
    }

  fc_controller_start_fetch (self);
}

/* The CA certificate (DER) the card emulator wrote with --write-ca, as trust anchors. */
static GPtrArray *
load_training_ca (GError **error)
{
  g_autofree char *path = fc_controller_dup_training_ca_path ();
  g_autofree char *contents = NULL;
  gsize length = 0;
  GPtrArray *anchors;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (anchors, g_bytes_new_take (g_steal_pointer (&contents), length));
  return anchors;
}

void
fc_controller_read_card (FcController *self)
{
  FcCardTransport *transport;
  GPtrArray *anchors;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->card_busy)
    return;

  /* Consent refused (or not recorded): never touch the card. */
  if (fc_incident_get_consent (self->incident) != FC_CONSENT_GIVEN &&
      fc_incident_get_consent (self->incident) != FC_CONSENT_WAIVED_UNABLE)
    {
      fc_controller_set_card_error (self, _("Consent was not given: the card will not be read."));
      return;
    }

  if (self->kit != NULL && self->reader != NULL)
    {
      /* Training with a card reader: the emulator's card, from the CA it wrote out. */
      g_autoptr(GError) ca_error = NULL;

      transport = self->reader;
      g_clear_pointer (&self->reader_anchors, g_ptr_array_unref);
      self->reader_anchors = load_training_ca (&ca_error);
      if (self->reader_anchors == NULL)
        {
          g_autofree char *path = fc_controller_dup_training_ca_path ();
          /* Translators: training with a card reader; %s is a file path (twice). */
          g_autofree char *message = g_strdup_printf (_("The training card's certificate authority is missing (%s). Start the card emulator with --write-ca %s and try again."),
                                                      ca_error->message, path);

          fc_controller_set_step (self, FC_FLOW_CARD);
          fc_controller_set_card_error (self, message);
          return;
        }
      anchors = self->reader_anchors;
    }
  else if (self->kit != NULL)
    {
      transport = fc_training_kit_get_transport (self->kit);
      anchors = fc_training_kit_get_trust_anchors (self->kit);
    }
  else
    {
      /* Real mode: no JPKI CA is configured yet, so any well-formed certificate is accepted;
       * the summary service matches it by its hash. */
      transport = self->reader;
      anchors = NULL;
    }
  if (transport == NULL)
    {
      fc_controller_set_card_error (self, _("No card reader is configured."));
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fc_controller_set_card_error (self, NULL);
  fc_controller_set_card_notice (self, NULL);
  fc_controller_set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  self->card_was_away = FALSE;
  self->card_detected_at = self->timeline != NULL ?
                          g_list_model_get_n_items (fc_timeline_get_events (self->timeline)) : 0;
  fc_controller_set_card_busy (self, TRUE);
  fc_controller_set_step (self, FC_FLOW_CARD);

  fc_incident_read_card_async (self->incident, transport, anchors, CARD_TIMEOUT_MS,
                               self->cancellable, read_card_cb, g_object_ref (self));
}

void
fc_controller_continue_without_card (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fc_controller_set_card_busy (self, FALSE);
  if (self->incident != NULL)
    fc_controller_set_step (self, FC_FLOW_HANDOVER);
}

FcCardTransport *
fc_controller_get_card_transport (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  /* The same choice as fc_controller_read_card(): the reader (real mode, or training with a
   * reader), else the training kit's virtual card. */
  if (self->reader != NULL)
    return self->reader;
  if (self->kit != NULL)
    return fc_training_kit_get_transport (self->kit);
  return NULL;
}
