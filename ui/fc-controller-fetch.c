/* fc-controller-fetch.c: the record: fetching the summary, its outcomes, the warnings that
 * were on screen, wrong person and the receipt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>


/* A plain sentence for the crew for a fetch that brought no record; *@can_retry says whether
 * asking again may help. 404 is a normal outcome and is said as one. */
static char *
fetch_error_message (const GError *error,
                     gboolean     *can_retry)
{
  *can_retry = TRUE;
  if (error->domain == FC_SUMMARY_ERROR)
    {
      switch ((FcSummaryError) error->code)
        {
        case FC_SUMMARY_ERROR_NOT_FOUND:
          *can_retry = FALSE;
          /* Translators: the service has no record for this card (HTTP 404): a normal outcome. */
          return g_strdup (_("No record for this card. This is normal for many patients: the service has no summary for them. Assess the patient as usual."));
        case FC_SUMMARY_ERROR_CONSENT:
          *can_retry = FALSE;
          /* Translators: the service refused to share the record (HTTP 403). */
          return g_strdup (_("The summary service refused to share this record (no consent on file). Assess the patient as usual."));
        case FC_SUMMARY_ERROR_UNAVAILABLE:
          /* Translators: no connection, or the service is down (5xx). */
          return g_strdup (_("The summary service cannot be reached (no signal, or the service is down). Retry when you have signal, or continue without the record."));
        case FC_SUMMARY_ERROR_TIMEOUT:
          return g_strdup (_("The summary service did not answer in time. Retry, or continue without the record."));
        case FC_SUMMARY_ERROR_TLS:
          /* Translators: a TLS (certificate) failure with the summary service. */
          return g_strdup (_("A secure connection to the summary service could not be made (certificate problem). Continue without the record and tell your administrator."));
        case FC_SUMMARY_ERROR_MALFORMED:
          return g_strdup (_("The record that arrived could not be read. Retry, or continue without the record."));
        default:
          break;
        }
    }
  /* Translators: %s is the reason the record could not be fetched. */
  return g_strdup_printf (_("The record could not be fetched: %s"), error->message);
}

/* Remembers every warning the crew had on screen (with its message as shown), for the
 * debrief: the incident drops its warnings at handover. */
void
fc_controller_collect_shown_warnings (FcController *self)
{
  GListModel *warnings;
  guint n;

  if (self->incident == NULL || self->step != FC_FLOW_SUMMARY ||
      fc_incident_get_summary (self->incident) == NULL)
    return;
  warnings = fc_incident_get_warnings (self->incident);
  n = g_list_model_get_n_items (warnings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
      const char *rule_id = fc_warning_get_rule_id (warning);

      if (rule_id != NULL && !g_hash_table_contains (self->shown_warnings, rule_id))
        g_hash_table_insert (self->shown_warnings, g_strdup (rule_id),
                             g_strdup (fc_warning_get_message (warning)));
    }
}


FcSummarySource *
fc_controller_current_source (FcController *self)
{
  if (self->test_source != NULL)
    return self->test_source;
  if (self->kit != NULL)
    return fc_training_kit_get_source (self->kit);
  return self->server;
}

static void
fetch_summary_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  summary = fc_incident_fetch_summary_finish (incident, result, &error);
  /* Another incident, or this fetch was abandoned (wrong person, a new card read). */
  if (incident != self->incident || self->fetch_state != FC_FETCH_RUNNING)
    return;

  g_clear_object (&self->cancellable);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: the crew stopped fetching the record. */
      fc_controller_set_fetch_state (self, FC_FETCH_CANCELLED,
                                     _("Fetching the record was stopped. Retry, or continue without the record."),
                                     TRUE);
      return;
    }
  if (summary == NULL)
    {
      gboolean can_retry = TRUE;
      g_autofree char *message = fetch_error_message (error, &can_retry);

      fc_controller_set_fetch_state (self, FC_FETCH_FAILED, message, can_retry);
      return;
    }
  fc_controller_set_fetch_state (self, FC_FETCH_DONE, NULL, FALSE);
  if (self->step == FC_FLOW_SUMMARY)
    fc_controller_summary_shown (self);
}

/* Asks the source for the record; the summary page shows progress with Cancel. */
void
fc_controller_start_fetch (FcController *self)
{
  FcSummarySource *source = fc_controller_current_source (self);

  if (source == NULL)
    {
      fc_controller_set_fetch_state (self, FC_FETCH_FAILED,
                                     _("No record source is configured; continue without the record."), FALSE);
      fc_controller_set_step (self, FC_FLOW_SUMMARY);
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fc_controller_set_fetch_state (self, FC_FETCH_RUNNING, NULL, FALSE);
  fc_controller_set_step (self, FC_FLOW_SUMMARY);
  fc_incident_fetch_summary_async (self->incident, source, self->cancellable,
                                   fetch_summary_cb, g_object_ref (self));
}

void
fc_controller_cancel_fetch (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->fetch_state != FC_FETCH_RUNNING)
    return;
  /* fetch_summary_cb() sets CANCELLED when the source has stopped. */
  g_cancellable_cancel (self->cancellable);
}

void
fc_controller_retry_fetch (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->fetch_state == FC_FETCH_RUNNING ||
      fc_incident_get_identity (self->incident) == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_FETCHING)
    return;
  fc_controller_start_fetch (self);
}

void
fc_controller_summary_shown (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->summary_shown)
    return;
  if (fc_incident_get_summary (self->incident) == NULL)
    return;
  self->summary_shown = TRUE;
  fc_incident_summary_shown (self->incident);
  /* The page shows these sections together with the warnings: each view is audited once. */
  fc_incident_view_section (self->incident, FC_ITEM_MEDICATION);
  fc_incident_view_section (self->incident, FC_ITEM_CONDITION);
  fc_incident_view_section (self->incident, FC_ITEM_ALLERGY);
}

gboolean
fc_controller_expand_history (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (self->incident == NULL || !fc_incident_expand_history (self->incident))
    return FALSE;
  /* The page shows the history sections at once. */
  fc_incident_view_section (self->incident, FC_ITEM_PROCEDURE);
  fc_incident_view_section (self->incident, FC_ITEM_ENCOUNTER);
  fc_incident_view_section (self->incident, FC_ITEM_OBSERVATION);
  return TRUE;
}

void
fc_controller_wrong_person (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_HANDED_OVER)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fc_controller_set_card_busy (self, FALSE);

  /* The incident destroys its cached copy and writes the (flagged) audit entry. */
  fc_incident_wrong_person (self->incident);
  /* A later read (the right card) gets its own "summary shown" event. */
  self->summary_shown = FALSE;

  fc_controller_set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  fc_controller_set_card_error (self, NULL);
  /* Translators: shown on the card page after the crew said the record was someone else's. */
  fc_controller_set_card_notice (self, _("The record was removed from the screen: it was not this patient's. Read the patient's own card, or continue without the record."));
  fc_controller_set_step (self, FC_FLOW_CARD);
  fc_controller_notice (self, _("Wrong person: the record was removed."));
}

void
fc_controller_acknowledge_warning (FcController *self,
                                   FcWarning    *warning)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));
  g_return_if_fail (FC_IS_WARNING (warning));

  if (self->incident == NULL || fc_warning_get_acknowledged (warning))
    return;
  fc_incident_acknowledge_warning (self->incident, warning);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
fc_controller_dup_shown_warnings (FcController *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->shown_warnings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

const char *
fc_controller_get_shown_warning_message (FcController *self,
                                         const char   *rule_id)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  return g_hash_table_lookup (self->shown_warnings, rule_id);
}

char *
fc_controller_build_receipt (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (self->incident == NULL)
    return NULL;
  return fc_incident_build_receipt (self->incident);
}

void
fc_controller_set_source_for_testing (FcController    *self,
                                      FcSummarySource *source)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));
  g_return_if_fail (source == NULL || FC_IS_SUMMARY_SOURCE (source));

  g_set_object (&self->test_source, source);
  if (self->incident != NULL && source != NULL)
    fc_incident_set_summary_source (self->incident, source);
}
