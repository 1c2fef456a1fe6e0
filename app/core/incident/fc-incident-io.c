/* fc-incident-io.c: reading the card and fetching the record, with consent enforced in core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-incident-private.h"
#include "fc-jpki.h"
#include "fc-core-enums.h"

gboolean
fc_incident_consent_allows_access (FcIncident  *self,
                                   GError     **error)
{
  if (self->consent == FC_CONSENT_GIVEN || self->consent == FC_CONSENT_WAIVED_UNABLE)
    return TRUE;

  if (self->consent == FC_CONSENT_REFUSED)
    g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                         _("The patient refused: the card is not read and no record is fetched."));
  else
    g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                         _("Record the patient's consent before reading the card."));
  return FALSE;
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failed warm-up only means that the fetch opens the connection itself (or shares the
   * failure, see FcHttpSource); the crew sees the fetch's outcome, not this one. */
  if (!fc_summary_source_prepare_finish (FC_SUMMARY_SOURCE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Warm-up of the summary source failed: %s", error->message);
}

/* Starts warming up the summary source (consent was checked by the caller). */
static void
prepare_source (FcIncident *self)
{
  if (self->summary_source == NULL)
    return;

  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  self->prepare_cancellable = g_cancellable_new ();
  fc_summary_source_prepare_async (self->summary_source, self->prepare_cancellable, prepare_cb,
                                   NULL);
}

/* Called on our main context after each chunk of the certificate: the first one means the card
 * answered (a timing point), and the status line shows how far the read is. */
static void
read_progress_cb (gsize    done,
                  gsize    total,
                  gpointer user_data)
{
  FcIncident *self = user_data;

  if (self->state != FC_INCIDENT_STATE_READING_CARD)
    return;
  if (self->read_progress < 0)
    fc_timeline_append (self->timeline, FC_EVENT_CARD_DETECTED, NULL);
  fc_incident_set_read_progress (self, total > 0 ? (int) MIN (100, done * 100 / total) : 0);
}

/* Called on our main context when the card left the field mid-read and the read waits for it
 * (TRUE), and when reading resumes or fails (FALSE). */
static void
card_away_cb (gboolean away,
              gpointer user_data)
{
  FcIncident *self = user_data;

  if (self->state != FC_INCIDENT_STATE_READING_CARD)
    away = FALSE;
  fc_incident_set_card_away (self, away);
}

static void
read_card_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FcIncident *self = g_task_get_source_object (task);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  identity = fc_jpki_read_identity_finish (result, &error);
  fc_incident_set_read_progress (self, -1);
  fc_incident_set_card_away (self, FALSE);
  if (identity == NULL)
    {
      if (self->state == FC_INCIDENT_STATE_READING_CARD)
        fc_incident_set_state (self, FC_INCIDENT_STATE_CONSENTED);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fc_incident_record_failure (self, "card", error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = g_strdup_printf ("apdus=%u bytes=%" G_GSIZE_FORMAT,
                            fc_card_identity_get_apdu_count (identity),
                            fc_card_identity_get_bytes_read (identity));
  fc_timeline_append (self->timeline, FC_EVENT_CARD_READ, detail);

  g_set_object (&self->identity, identity);
  self->accessed = TRUE;
  fc_incident_touch_access (self);
  fc_incident_audit (self, FC_AUDIT_ACTION_CARD_READ, fc_incident_identity_sha256 (self), NULL);
  fc_incident_set_last_error (self, NULL);
  fc_incident_notify (self, PROP_IDENTITY);
  fc_incident_set_state (self, FC_INCIDENT_STATE_CARD_READ);
  g_task_return_pointer (task, g_steal_pointer (&identity), g_object_unref);
}

void
fc_incident_read_card_async (FcIncident          *self,
                             FcCardTransport     *transport,
                             GPtrArray           *trust_anchors_der,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_read_card_async);

  /* Consent is enforced here, in core, not only by the UI. */
  if (!fc_incident_consent_allows_access (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->state == FC_INCIDENT_STATE_READING_CARD || self->state == FC_INCIDENT_STATE_FETCHING ||
      self->state == FC_INCIDENT_STATE_HANDED_OVER || self->pin_busy)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The card cannot be read at this step."));
      return;
    }

  fc_timeline_append (self->timeline, FC_EVENT_CARD_ASKED, NULL);
  fc_incident_set_state (self, FC_INCIDENT_STATE_READING_CARD);
  /* The reports and the final unref of @self all run on our main context, before (reports) and
   * around (unref) read_card_cb. */
  fc_jpki_read_identity_watch_async (transport, trust_anchors_der, timeout_ms,
                                     read_progress_cb, card_away_cb, g_object_ref (self),
                                     g_object_unref, cancellable, read_card_cb,
                                     g_steal_pointer (&task));
  /* While the card is read (a few hundred ms), the summary service's connection is opened. */
  prepare_source (self);
}

FcCardIdentity *
fc_incident_read_card_finish (FcIncident    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
provenance_to_string (FcProvenance provenance)
{
  switch (provenance)
    {
    case FC_PROVENANCE_NETWORK:
      return "network";
    case FC_PROVENANCE_CACHE:
      return "cache";
    case FC_PROVENANCE_SCENARIO:
      return "scenario";
    case FC_PROVENANCE_FILE:
    default:
      return "file";
    }
}

/* A short name of a fetch failure for the fc_incident_audit (never the message, which may quote data). */
static const char *
fetch_error_name (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain != FC_SUMMARY_ERROR)
    return "error";
  switch (error->code)
    {
    case FC_SUMMARY_ERROR_NOT_FOUND:
      return "not-found";
    case FC_SUMMARY_ERROR_CONSENT:
      return "consent";
    case FC_SUMMARY_ERROR_UNAVAILABLE:
      return "unavailable";
    case FC_SUMMARY_ERROR_TIMEOUT:
      return "timeout";
    case FC_SUMMARY_ERROR_TLS:
      return "tls";
    case FC_SUMMARY_ERROR_MALFORMED:
      return "malformed";
    default:
      return "error";
    }
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FcIncident *self = g_task_get_source_object (task);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (object), result, &error);

  /* The card's hash went to the server whatever the outcome: every fetch is audited. */
  if (summary != NULL)
    detail = g_strdup_printf ("result=ok source=%s",
                              provenance_to_string (fc_summary_get_provenance (summary)));
  else
    detail = g_strdup_printf ("result=%s code=%d", fetch_error_name (error), error->code);
  fc_incident_audit (self, FC_AUDIT_ACTION_FETCH, g_task_get_task_data (task), detail);
  g_clear_pointer (&detail, g_free);

  if (self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The incident was handed over before the record arrived."));
      return;
    }
  if (summary == NULL)
    {
      detail = g_strdup_printf ("result=error code=%d", error->code);
      fc_timeline_append (self->timeline, FC_EVENT_FETCH_DONE, detail);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fc_incident_record_failure (self, "fetch", error);
      fc_incident_set_state (self, FC_INCIDENT_STATE_NO_SUMMARY);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = g_strdup_printf ("result=ok source=%s items=%u",
                            provenance_to_string (fc_summary_get_provenance (summary)),
                            g_list_model_get_n_items (fc_summary_get_items (summary)));
  fc_timeline_append (self->timeline, FC_EVENT_FETCH_DONE, detail);

  g_set_object (&self->summary, summary);
  fc_incident_mask_record_in_logs (self);
  fc_incident_touch_access (self);
  self->summary_viewed = FALSE;
  self->viewed_kinds = 0;
  fc_incident_set_history_expanded (self, FALSE);
  fc_incident_set_last_error (self, NULL);
  fc_incident_reevaluate (self);
  if (self->rule_set == NULL)
    fc_incident_set_last_error (self, _("Decision-support rules are not loaded: no warnings can be shown. "
                            "Check the record yourself."));
  fc_incident_notify (self, PROP_SUMMARY);
  fc_incident_set_state (self, FC_INCIDENT_STATE_SUMMARY);
  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

void
fc_incident_fetch_summary_async (FcIncident          *self,
                                 FcSummarySource     *source,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_SUMMARY_SOURCE (source));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_fetch_summary_async);

  if (!fc_incident_consent_allows_access (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->identity == NULL || self->state == FC_INCIDENT_STATE_FETCHING ||
      self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The record can only be fetched after the card is read."));
      return;
    }

  fc_timeline_append (self->timeline, FC_EVENT_FETCH_STARTED, NULL);
  /* Kept for the audit entry: the identity may be gone (handover) when the answer comes. */
  g_task_set_task_data (task, g_strdup (fc_card_identity_get_sha256_hex (self->identity)), g_free);
  fc_incident_set_state (self, FC_INCIDENT_STATE_FETCHING);
  fc_summary_source_fetch_async (source, self->identity, self->consent,
                                 fc_timeline_get_incident_id (self->timeline), cancellable,
                                 fetch_cb, g_steal_pointer (&task));
}

FcSummary *
fc_incident_fetch_summary_finish (FcIncident    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
