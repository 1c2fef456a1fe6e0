/* fc-controller-incident.c: one incident's lifetime: scenarios, start (store, timeline,
 * rules, services), consent, handover and dropping it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>

#include "fc-paths.h"

static void
timeline_events_changed_cb (FcController *self)
{
  fc_controller_marks_changed (self);
  if (self->card_busy)
    fc_controller_update_reader_status (self);
}

static void
timeline_hospital_call_cb (FcController *self,
                           GParamSpec   *pspec)
{
  if (g_str_equal (pspec->name, "hospital-calls"))
    fc_controller_notify (self, PROP_HOSPITAL_CALLS);
  else
    fc_controller_notify (self, PROP_HOSPITAL_CALL_ACTIVE);
}

static void
incident_last_error_cb (FcController *self,
                        GParamSpec   *pspec,
                        FcIncident   *incident)
{
  const char *message;

  if (incident != self->incident)
    return;
  /* While the card is read or the record fetched, the page shows the failure inline: no second
   * message on top of it. */
  if (self->step == FC_FLOW_CARD || self->step == FC_FLOW_SUMMARY)
    return;
  message = fc_incident_get_last_error (incident);
  if (message != NULL && *message != '\0')
    fc_controller_notice (self, message);
}

static void
timeline_write_error_cb (FcController *self,
                         GParamSpec   *pspec,
                         FcTimeline   *timeline)
{
  const char *message;
  g_autofree char *text = NULL;

  if (timeline != self->timeline)
    return;
  message = fc_timeline_get_write_error (timeline);
  if (message == NULL || *message == '\0')
    return;
  /* Translators: %s is the reason the timing log could not be written. */
  text = g_strdup_printf (_("The timing log could not be saved (%s). Events stay on screen and in memory; nothing already recorded is lost."),
                          message);
  fc_controller_add_problem (self, text);
  fc_controller_notice (self, text);
}

static void
incident_audit_error_cb (FcController *self,
                         GParamSpec   *pspec,
                         FcIncident   *incident)
{
  const char *message = fc_incident_get_audit_error (incident);
  g_autofree char *text = NULL;

  if (incident != self->incident || message == NULL)
    return;
  /* Translators: %s is why the access log could not be written. */
  text = g_strdup_printf (_("The access log could not be written (%s). Tell your administrator."),
                          message);
  fc_controller_add_problem (self, text);
}

/* Gives the new incident the access log (audit.db), the encrypted cache (real mode) and the
 * unit: the incident logs every access to patient data and destroys its cached copy at
 * handover and on "wrong person" itself. */
static void
attach_incident_services (FcController *self)
{
  g_autoptr(GError) error = NULL;

  if (self->audit == NULL)
    {
      self->audit = fc_audit_open_default (self->training, &error);
      if (self->audit == NULL)
        {
          /* Translators: %s is why the access log cannot be opened. */
          g_autofree char *text = g_strdup_printf (_("The access log cannot be opened (%s). Patient data can still be shown; tell your administrator."),
                                                   error->message);
          fc_controller_add_problem (self, text);
        }
    }
  fc_incident_set_audit (self->incident, self->audit);
  fc_incident_set_cache (self->incident, self->cache);
  if (self->config != NULL && self->config->unit_id != NULL && *self->config->unit_id != '\0')
    fc_incident_set_unit_id (self->incident, self->config->unit_id);
  g_signal_connect_object (self->incident, "notify::audit-error",
                           G_CALLBACK (incident_audit_error_cb), self, G_CONNECT_SWAPPED);
}

/* Lets go of the incident and what belongs to it alone: pending work is cancelled, the timeline
 * flushed and its store closed, the training kit released. The rule set stays (it is loaded
 * once per process, fc_controller_start_incident()). Also used by dispose. */
void
fc_controller_release_incident (FcController *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->incident != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->incident, self);
      g_signal_handlers_disconnect_by_data (fc_incident_get_warnings (self->incident), self);
    }
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_signal_handlers_disconnect_by_data (fc_timeline_get_events (self->timeline), self);
      fc_timeline_flush (self->timeline);
    }
  fc_controller_release_kit (self);
  g_clear_object (&self->incident);
  g_clear_object (&self->timeline);
  if (self->store != NULL)
    fc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->scenario);
}

static void
drop_incident (FcController *self)
{
  fc_controller_release_incident (self);
  self->summary_shown = FALSE;
  g_hash_table_remove_all (self->shown_warnings);
  fc_controller_set_paused (self, FALSE);

  fc_controller_set_card_busy (self, FALSE);
  fc_controller_set_card_error (self, NULL);
  fc_controller_set_card_notice (self, NULL);
  fc_controller_set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  g_ptr_array_set_size (self->problems, 0);
  if (self->mode_problem != NULL)
    g_ptr_array_add (self->problems, g_strdup (self->mode_problem));
  fc_controller_update_problem (self);
  fc_controller_notify (self, PROP_INCIDENT);
  fc_controller_notify (self, PROP_SCENARIO);
  fc_controller_notify (self, PROP_HOSPITAL_CALLS);
  fc_controller_notify (self, PROP_HOSPITAL_CALL_ACTIVE);
  fc_controller_marks_changed (self);
  fc_controller_emit (self, SIGNAL_TRAINING_CHANGED);
}


void
fc_controller_load_scenarios (FcController *self,
                              const char   *dir)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *joined = NULL;
  guint n;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (dir == NULL)
    {
      data_dir = fc_paths_get_data_dir ();
      default_dir = g_build_filename (data_dir, "scenarios", NULL);
      dir = default_dir;
    }

  loaded = fc_scenario_load_directory (dir, &errors);
  g_list_store_remove_all (self->scenarios);
  n = loaded != NULL ? g_list_model_get_n_items (loaded) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (loaded, i);
      g_list_store_append (self->scenarios, scenario);
    }

  if (errors != NULL && errors->len > 0)
    {
      g_autofree char *lines = NULL;

      g_ptr_array_add (errors, NULL);
      lines = g_strjoinv ("\n", (char **) errors->pdata);
      /* Translators: followed by one "file: problem" line per scenario that failed to load. */
      joined = g_strdup_printf ("%s\n%s", _("Some training scenarios could not be loaded and are not listed:"),
                                lines);
    }
  else if (n == 0)
    {
      /* Translators: %s is a folder. */
      joined = g_strdup_printf (_("No training scenarios were found in %s."), dir);
    }

  if (fc_controller_replace_str (&self->scenario_errors, joined))
    fc_controller_notify (self, PROP_SCENARIO_ERRORS);
}

gboolean
fc_controller_start_incident (FcController  *self,
                              FcScenario    *scenario,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *rules_dir = NULL;
  const char *unit_id = TRAINING_UNIT_ID;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (scenario == NULL || FC_IS_SCENARIO (scenario), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->training)
    {
      if (scenario == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a training scenario first."));
          return FALSE;
        }
      kit = fc_training_kit_new (scenario, &local_error);
      if (kit == NULL)
        {
          /* Translators: %s says what is wrong with the scenario. */
          g_set_error (error, local_error->domain, local_error->code,
                       _("This scenario cannot be used: %s"), local_error->message);
          return FALSE;
        }
    }
  else if (self->config != NULL && self->config->unit_id != NULL && *self->config->unit_id != '\0')
    unit_id = self->config->unit_id;

  drop_incident (self);
  self->kit = g_steal_pointer (&kit);
  self->scenario = self->training ? g_object_ref (scenario) : NULL;

  user_dir = fc_paths_get_user_dir (self->training);
  db_path = g_build_filename (user_dir, "timing.db", NULL);
  self->store = fc_store_open (db_path, fc_timeline_get_migrations (), &local_error);
  if (self->store == NULL)
    {
      /* Translators: %s is the reason the timing database could not be opened. */
      g_autofree char *text = g_strdup_printf (_("The timing log cannot be saved (%s). Times are kept in memory only for this incident."),
                                               local_error->message);
      fc_controller_add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->timeline = fc_timeline_new (self->store, unit_id, self->training);
  g_signal_connect_object (self->timeline, "notify::write-error",
                           G_CALLBACK (timeline_write_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::hospital-calls",
                           G_CALLBACK (timeline_hospital_call_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::hospital-call-active",
                           G_CALLBACK (timeline_hospital_call_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fc_timeline_get_events (self->timeline), "items-changed",
                           G_CALLBACK (timeline_events_changed_cb), self, G_CONNECT_SWAPPED);

  /* Once per process: the rules do not change while FieldCard runs. */
  if (self->rule_set == NULL)
    {
      rules_dir = fc_rule_set_default_dir ();
      self->rule_set = fc_rule_set_new_from_dir (rules_dir, &local_error);
    }
  if (self->rule_set == NULL)
    {
      /* Translators: %s is the reason the rules could not be loaded. */
      g_autofree char *text = g_strdup_printf (_("Decision-support rules are missing (%s). No warnings will be shown: check the patient as usual."),
                                               local_error->message);
      fc_controller_add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->incident = fc_incident_new (self->timeline, self->rule_set, self->training);
  attach_incident_services (self);
  g_signal_connect_object (self->incident, "notify::last-error",
                           G_CALLBACK (incident_last_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->incident, "notify::read-progress",
                           G_CALLBACK (fc_controller_update_reader_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->incident, "notify::card-away",
                           G_CALLBACK (fc_controller_card_away_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fc_incident_get_warnings (self->incident), "items-changed",
                           G_CALLBACK (fc_controller_collect_shown_warnings), self,
                           G_CONNECT_SWAPPED);
  fc_incident_start (self->incident);

  if (self->kit != NULL)
    {
      /* The trainer's actions (pause, faults, reveals) go into this incident's timeline as
       * training events, after the incident's own start. */
      fc_training_kit_set_timeline (self->kit, self->timeline);
      g_signal_connect_object (self->kit, "notify::paused",
                               G_CALLBACK (fc_controller_kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::network-lost",
                               G_CALLBACK (fc_controller_kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::card-pulled",
                               G_CALLBACK (fc_controller_kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::revealed",
                               G_CALLBACK (fc_controller_kit_changed_cb), self, 0);
      fc_controller_emit (self, SIGNAL_TRAINING_CHANGED);
    }

  /* The source is known now: the incident opens its connection (TLS) while the card is read. */
  if (fc_controller_current_source (self) != NULL)
    fc_incident_set_summary_source (self->incident, fc_controller_current_source (self));

  fc_controller_notify (self, PROP_SCENARIO);
  fc_controller_notify (self, PROP_INCIDENT);
  fc_controller_marks_changed (self);
  fc_controller_update_reader_status (self);
  fc_controller_set_step (self, FC_FLOW_CONSENT);

  return TRUE;
}

gboolean
fc_controller_record_consent (FcController  *self,
                              FcConsent      consent,
                              const char    *reason,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->incident == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start an incident first."));
      return FALSE;
    }

  if (!fc_incident_record_consent (self->incident, consent, reason, error))
    return FALSE;

  if (consent == FC_CONSENT_REFUSED)
    fc_controller_set_step (self, FC_FLOW_REFUSED);
  else
    {
      fc_controller_set_step (self, FC_FLOW_CARD);
      fc_controller_read_card (self);
    }

  return TRUE;
}

void
fc_controller_request_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL)
    fc_controller_set_step (self, FC_FLOW_HANDOVER);
}

void
fc_controller_back_to_summary (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL &&
      (fc_incident_get_summary (self->incident) != NULL || self->fetch_state != FC_FETCH_IDLE))
    fc_controller_set_step (self, FC_FLOW_SUMMARY);
}

void
fc_controller_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fc_controller_set_card_busy (self, FALSE);

  fc_incident_handover (self->incident);
  /* Make sure every time mark is on disk before the crew is told the incident is closed. */
  fc_timeline_flush (self->timeline);
  fc_controller_update_next_mark (self);
  fc_controller_set_step (self, FC_FLOW_DONE);
}

void
fc_controller_new_incident (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  drop_incident (self);
  fc_controller_set_step (self, FC_FLOW_START);
}
