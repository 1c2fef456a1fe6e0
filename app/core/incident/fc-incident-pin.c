/* fc-incident-pin.c: the PIN check on the card read in this incident: the try counter and VERIFY.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

#include "fc-incident-private.h"
#include "fc-jpki.h"

/* Whether a PIN step may start now; when not, @task is completed with the reason. */
static gboolean
pin_step_allowed (FcIncident *self,
                  GTask      *task)
{
  GError *error = NULL;

  if (fc_incident_consent_allows_access (self, &error) &&
      self->state != FC_INCIDENT_STATE_READING_CARD &&
      self->state != FC_INCIDENT_STATE_HANDED_OVER && !self->pin_busy)
    return TRUE;
  if (error == NULL)
    g_set_error_literal (&error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                         _("The PIN cannot be checked at this step."));
  g_task_return_error (task, error);
  return FALSE;
}

static void
read_pin_tries_thread (GTask        *worker,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  FcCardTransport **transport = task_data;
  GError *error = NULL;
  int tries;

  tries = fc_jpki_read_pin_tries (*transport, cancellable, &error);
  /* Let go of the transport before the result goes out: the caller may drop the last reference
   * in its callback, while this thread still holds the task for a moment. */
  g_clear_object (transport);
  if (tries < 0)
    g_task_return_error (worker, error);
  else
    g_task_return_int (worker, tries);
}

static void
clear_transport_slot (gpointer data)
{
  FcCardTransport **transport = data;

  g_clear_object (transport);
  g_free (transport);
}

/* Main context: hands the worker's result to the caller's task. The worker task has no source
 * object, so the incident is never released on the worker thread. */
static void
read_pin_tries_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize tries;

  tries = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, tries);
}

void
fc_incident_read_pin_tries_async (FcIncident          *self,
                                  FcCardTransport     *transport,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  FcCardTransport **slot;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_read_pin_tries_async);
  g_task_set_name (task, "[fc] read PIN tries");

  if (!pin_step_allowed (self, task))
    return;

  worker = g_task_new (NULL, cancellable, read_pin_tries_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, read_pin_tries_thread);
  g_task_set_name (worker, "[fc] read PIN tries worker");
  slot = g_new (FcCardTransport *, 1);
  *slot = g_object_ref (transport);
  g_task_set_task_data (worker, slot, clear_transport_slot);
  g_task_run_in_thread (worker, read_pin_tries_thread);
}

int
fc_incident_read_pin_tries_finish (FcIncident    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local_error = NULL;
  gssize tries;

  g_return_val_if_fail (FC_IS_INCIDENT (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  tries = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }
  return (int) tries;
}

/* The worker's data: the PIN copy is wiped before it is freed. */
typedef struct
{
  FcCardTransport *transport;       /* (owned) */
  char            *pin;             /* (owned): FC_JPKI_PIN_LENGTH + 1 bytes, wiped on free */
  char            *expected_sha256; /* (owned): the card read in this incident */
  gboolean         confirmed_last_try;
  int              tries_left;      /* set by the worker */
} VerifyData;

static void
verify_data_free (gpointer data)
{
  VerifyData *verify = data;

  g_clear_object (&verify->transport);
  if (verify->pin != NULL)
    {
      OPENSSL_cleanse (verify->pin, FC_JPKI_PIN_LENGTH + 1);
      g_free (verify->pin);
    }
  g_free (verify->expected_sha256);
  g_free (verify);
}

/* The card on the reader must be the one read in this incident: a PIN checked on another card
 * says nothing about this patient. */
static gboolean
same_card (VerifyData    *verify,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(FcCardIdentity) identity = NULL;

  identity = fc_jpki_read_identity (verify->transport, NULL, cancellable, error);
  if (identity == NULL)
    return FALSE;
  if (g_strcmp0 (fc_card_identity_get_sha256_hex (identity), verify->expected_sha256) != 0)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                           _("A different card is on the reader. Put back the card that was read "
                             "for this patient; no PIN was sent."));
      return FALSE;
    }
  return TRUE;
}

static void
verify_pin_thread (GTask        *worker,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  VerifyData *verify = task_data;
  GError *error = NULL;
  gboolean ok;

  verify->tries_left = -1;
  if (!same_card (verify, cancellable, &error))
    {
      g_clear_object (&verify->transport);
      g_task_return_error (worker, error);
      return;
    }

  ok = fc_jpki_verify_pin (verify->transport, verify->pin, verify->confirmed_last_try,
                           &verify->tries_left, cancellable, &error);
  /* Done with the digits: wipe them now rather than when the task goes. The transport goes too,
   * before the result: the caller may drop the last reference to it in its callback. */
  OPENSSL_cleanse (verify->pin, FC_JPKI_PIN_LENGTH + 1);
  g_clear_object (&verify->transport);

  if (ok)
    g_task_return_boolean (worker, TRUE);
  else
    g_task_return_error (worker, error);
}

/* What the timeline and the audit say about a PIN outcome (never the digits). */
static const char *
pin_result_name (const GError *error)
{
  if (error == NULL)
    return "ok";
  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN))
    return "wrong";
  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED))
    return "blocked";
  if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY))
    return "last-try-unconfirmed";
  return NULL;
}

static void
verify_pin_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FcIncident *self = g_task_get_source_object (task);
  VerifyData *verify = g_task_get_task_data (G_TASK (result));
  int *tries_left = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  const char *outcome;

  self->pin_busy = FALSE;
  g_task_propagate_boolean (G_TASK (result), &error);
  *tries_left = verify->tries_left;

  outcome = pin_result_name (error);
  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fc_incident_record_failure (self, "pin", error);
    }
  else if (error == NULL)
    {
      detail = g_strdup_printf ("tries=%d", verify->tries_left);
      fc_timeline_append (self->timeline, FC_EVENT_PIN_VERIFIED, detail);
    }
  else
    {
      detail = g_strdup_printf ("result=%s tries=%d", outcome, verify->tries_left);
      fc_timeline_append (self->timeline, FC_EVENT_PIN_FAILED, detail);
    }

  /* The patient's card answered about its PIN: audited (an unconfirmed last try sent nothing). */
  if (outcome != NULL && !g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY))
    {
      g_autofree char *audit_detail = g_strdup_printf ("result=%s tries=%d", outcome,
                                                       verify->tries_left);

      fc_incident_audit (self, FC_AUDIT_ACTION_PIN_VERIFY, verify->expected_sha256, audit_detail);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
fc_incident_verify_pin_async (FcIncident          *self,
                              FcCardTransport     *transport,
                              const char          *pin,
                              gboolean             confirmed_last_try,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  VerifyData *verify;
  int *tries_left;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (pin != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_verify_pin_async);
  g_task_set_name (task, "[fc] verify PIN");
  tries_left = g_new (int, 1);
  *tries_left = -1;
  g_task_set_task_data (task, tries_left, g_free);

  if (!pin_step_allowed (self, task))
    return;
  if (self->identity == NULL)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("Read the card before checking its PIN."));
      return;
    }
  /* Nothing at all goes to the card for a PIN that cannot be one. */
  if (!fc_jpki_pin_is_well_formed (pin))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The PIN must be 4 digits. Nothing was sent to the card."));
      return;
    }

  verify = g_new0 (VerifyData, 1);
  verify->transport = g_object_ref (transport);
  verify->pin = g_malloc0 (FC_JPKI_PIN_LENGTH + 1);
  memcpy (verify->pin, pin, FC_JPKI_PIN_LENGTH);
  verify->expected_sha256 = g_strdup (fc_card_identity_get_sha256_hex (self->identity));
  verify->confirmed_last_try = confirmed_last_try;
  verify->tries_left = -1;

  self->pin_busy = TRUE;
  worker = g_task_new (NULL, cancellable, verify_pin_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, verify_pin_thread);
  g_task_set_name (worker, "[fc] verify PIN worker");
  g_task_set_task_data (worker, verify, verify_data_free);
  g_task_run_in_thread (worker, verify_pin_thread);
}

gboolean
fc_incident_verify_pin_finish (FcIncident    *self,
                               GAsyncResult  *result,
                               int           *tries_left,
                               GError       **error)
{
  int *stored;

  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = g_task_get_task_data (G_TASK (result));
  if (tries_left != NULL)
    *tries_left = stored != NULL ? *stored : -1;

  return g_task_propagate_boolean (G_TASK (result), error);
}
