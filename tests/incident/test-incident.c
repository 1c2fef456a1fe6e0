/* test-incident.c: the incident state machine, end to end over the virtual card and a scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-scenario-source.h"
#include "fc-virtual-card.h"

#include "incident-test-util.h"

typedef struct {
  char          *tmpdir;
  FcStore       *store;
  FcTimeline    *timeline;
  FcRuleSet     *rules;
  FcIncident    *incident;
  FcTrainingKit *kit;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = incident_test_make_tmpdir ("incident");
  incident_test_open_timeline (f->tmpdir, "unit-test", &f->store, &f->timeline);
  f->rules = incident_test_default_rules ();
  f->incident = fc_incident_new (f->timeline, f->rules, TRUE);
  f->kit = incident_test_kit_new (data != NULL ? data : "pilot-3-diabetes");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->incident);
  g_clear_object (&f->kit);
  g_clear_object (&f->rules);
  incident_test_close_timeline (f->store, f->timeline);
  incident_test_remove_tree (f->tmpdir);
  g_free (f->tmpdir);
}

static FcWarning *
find_warning (FcIncident *incident,
              const char *rule_id)
{
  GListModel *warnings = fc_incident_get_warnings (incident);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      if (g_strcmp0 (fc_warning_get_rule_id (warning), rule_id) == 0)
        return warning;
    }
  return NULL;
}

static gboolean
any_warning_contains (FcIncident *incident,
                      FcSeverity  severity,
                      const char *needle)
{
  GListModel *warnings = fc_incident_get_warnings (incident);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
      g_autofree char *en = g_ascii_strdown (fc_warning_get_message_en (warning), -1);

      if (fc_warning_get_severity (warning) == severity && strstr (en, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_new_starts_in_new_state (Fixture       *f,
                              gconstpointer  data)
{
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_NEW);
  g_assert_cmpint (fc_incident_get_consent (f->incident), ==, FC_CONSENT_NONE);
  g_assert_nonnull (fc_incident_get_findings (f->incident));
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (f->incident)), ==, 0);
  g_assert_true (fc_incident_get_training (f->incident));
  g_assert_null (fc_incident_get_summary (f->incident));
  fc_incident_start (f->incident);
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_STARTED);
}

static void
test_refused_consent_never_reads_or_fetches (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  FcVirtualCard *card = FC_VIRTUAL_CARD (fc_training_kit_get_transport (f->kit));
  FcScenarioSource *source = FC_SCENARIO_SOURCE (fc_training_kit_get_source (f->kit));

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_REFUSED, NULL, &error));
  g_assert_no_error (error);

  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, 0);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 0);
  g_assert_cmpint (fc_incident_get_state (f->incident), !=, FC_INCIDENT_STATE_READING_CARD);
}

static void
test_no_consent_refuses_card (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = incident_test_read_kit_card (f->incident, f->kit, &error);

  g_assert_null (identity);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
}

static void
test_waiver_needs_reason (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fc_incident_record_consent (f->incident, FC_CONSENT_WAIVED_UNABLE, NULL, &error));
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_clear_error (&error);
  g_assert_cmpint (fc_incident_get_consent (f->incident), ==, FC_CONSENT_NONE);

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_WAIVED_UNABLE, "unconscious",
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_incident_get_consent (f->incident), ==, FC_CONSENT_WAIVED_UNABLE);
}

static void
test_diabetes_case_glucose_advice_follows_measurement (Fixture       *f,
                                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  FcFindings *findings = fc_incident_get_findings (f->incident);

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_CARD_READ);
  g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), >, 2);

  summary = incident_test_fetch_kit (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_SUMMARY);
  fc_incident_summary_shown (f->incident);

  /* History alone: diabetes on record means "measure", never "give glucose". */
  g_assert_nonnull (find_warning (f->incident, "R04"));
  g_assert_true (any_warning_contains (f->incident, FC_SEVERITY_CAUTION, "measure"));
  g_assert_false (any_warning_contains (f->incident, FC_SEVERITY_CRITICAL, "contraindicated"));

  fc_findings_set_consciousness (findings, FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_nonnull (find_warning (f->incident, "R05"));
  g_assert_cmpint (fc_warning_get_severity (find_warning (f->incident, "R05")), ==,
                   FC_SEVERITY_CRITICAL);

  g_assert_true (fc_findings_set_glucose_mg_dl (findings, 420, &error));
  g_assert_true (any_warning_contains (f->incident, FC_SEVERITY_CRITICAL, "contraindicated"));

  g_assert_true (fc_findings_set_glucose_mg_dl (findings, 38, &error));
  g_assert_false (any_warning_contains (f->incident, FC_SEVERITY_CRITICAL, "contraindicated"));
  g_assert_true (any_warning_contains (f->incident, FC_SEVERITY_CRITICAL, "physician"));
}

static void
test_acknowledgement_survives_reevaluation (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  summary = incident_test_fetch_kit (f->incident, f->kit, &error);
  g_assert_no_error (error);

  fc_incident_acknowledge_warning (f->incident, find_warning (f->incident, "R04"));
  fc_findings_set_consciousness (fc_incident_get_findings (f->incident), FC_CONSCIOUSNESS_ALERT);
  g_assert_true (fc_warning_get_acknowledged (find_warning (f->incident, "R04")));
}

static void
test_card_error_keeps_timeline_and_allows_retry (Fixture       *f,
                                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  FcVirtualCard *card = FC_VIRTUAL_CARD (fc_training_kit_get_transport (f->kit));
  guint events_before;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_ERROR_STATUS);
  events_before = g_list_model_get_n_items (fc_timeline_get_events (f->timeline));

  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
  g_clear_error (&error);
  g_assert_nonnull (fc_incident_get_last_error (f->incident));
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_CONSENTED);
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (f->timeline)), >,
                    events_before);

  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_PRESENT);
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_null (fc_incident_get_last_error (f->incident));
}

static void
test_missing_rules_says_so (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FcIncident) incident = fc_incident_new (f->timeline, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;

  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (incident, f->kit, &error);
  g_assert_no_error (error);
  summary = incident_test_fetch_kit (incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (incident)), ==, 0);
  g_assert_nonnull (fc_incident_get_last_error (incident));
}

static void
test_handover_clears_patient_data_and_writes_monotonic_events (Fixture       *f,
                                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 last = -1;

  fc_incident_mark (f->incident, FC_EVENT_ARRIVED_SCENE);
  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  summary = incident_test_fetch_kit (f->incident, f->kit, &error);
  g_assert_no_error (error);
  fc_incident_summary_shown (f->incident);
  g_assert_true (fc_findings_set_glucose_mg_dl (fc_incident_get_findings (f->incident), 42,
                                                &error));
  fc_incident_handover (f->incident);

  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_HANDED_OVER);
  g_assert_null (fc_incident_get_summary (f->incident));
  g_assert_null (fc_incident_get_identity (f->incident));
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (f->incident)), ==, 0);

  rows = fc_store_query_sync (f->store,
                              "SELECT mono_us, kind, IFNULL(detail, '') FROM events "
                              "WHERE incident_id = ?1 ORDER BY seq",
                              g_variant_new ("(s)", fc_timeline_get_incident_id (f->timeline)),
                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 9);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 mono;
      const char *kind, *detail;

      g_variant_get (rows->pdata[i], "(x&s&s)", &mono, &kind, &detail);
      g_assert_cmpint (mono, >, last);
      last = mono;
      /* Timing logs carry no clinical values. */
      g_assert_null (strstr (detail, "42"));
    }
}

static void
progress_notify_cb (FcIncident *incident,
                    GParamSpec *pspec,
                    GArray     *seen)
{
  int percent = fc_incident_get_read_progress (incident);

  g_array_append_val (seen, percent);
}

static void
test_read_reports_progress_and_card_detected (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (int));
  GListModel *events = fc_timeline_get_events (f->timeline);
  gboolean detected = FALSE;
  int last = -1;

  g_assert_cmpint (fc_incident_get_read_progress (f->incident), ==, -1);
  g_signal_connect (f->incident, "notify::read-progress", G_CALLBACK (progress_notify_cb), seen);
  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (f->incident, progress_notify_cb, seen);

  /* 0 < … ≤ 100, never backwards, then -1 once the read is over. */
  g_assert_cmpuint (seen->len, >=, 2);
  for (guint i = 0; i + 1 < seen->len; i++)
    {
      int percent = g_array_index (seen, int, i);

      g_assert_cmpint (percent, >, 0);
      g_assert_cmpint (percent, >=, last);
      last = percent;
    }
  g_assert_cmpint (last, ==, 100);
  g_assert_cmpint (g_array_index (seen, int, seen->len - 1), ==, -1);
  g_assert_cmpint (fc_incident_get_read_progress (f->incident), ==, -1);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      detected |= g_str_equal (fc_timeline_event_get_kind (event), FC_EVENT_CARD_DETECTED);
    }
  g_assert_true (detected);
}

static void
test_wrong_person_clears_record_and_allows_reread (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcCardIdentity) again = NULL;
  GListModel *events = fc_timeline_get_events (f->timeline);
  g_autoptr(FcTimelineEvent) last = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  summary = incident_test_fetch_kit (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (f->incident)), >, 0);

  fc_incident_wrong_person (f->incident);
  g_assert_null (fc_incident_get_summary (f->incident));
  g_assert_null (fc_incident_get_identity (f->incident));
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (f->incident)), ==, 0);
  g_assert_cmpint (fc_incident_get_state (f->incident), ==, FC_INCIDENT_STATE_NO_SUMMARY);
  last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);
  g_assert_cmpstr (fc_timeline_event_get_kind (last), ==, FC_EVENT_WRONG_PERSON);

  /* The crew can read the right card next. */
  again = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/incident/new-starts-in-new-state", test_new_starts_in_new_state);
  ADD ("/fc/incident/refused-consent-never-reads-or-fetches",
       test_refused_consent_never_reads_or_fetches);
  ADD ("/fc/incident/no-consent-refuses-card", test_no_consent_refuses_card);
  ADD ("/fc/incident/waiver-needs-reason", test_waiver_needs_reason);
  ADD ("/fc/incident/diabetes-case-glucose-advice-follows-measurement",
       test_diabetes_case_glucose_advice_follows_measurement);
  ADD ("/fc/incident/acknowledgement-survives-reevaluation",
       test_acknowledgement_survives_reevaluation);
  ADD ("/fc/incident/card-error-keeps-timeline-and-allows-retry",
       test_card_error_keeps_timeline_and_allows_retry);
  ADD ("/fc/incident/missing-rules-says-so", test_missing_rules_says_so);
  ADD ("/fc/incident/handover-clears-patient-data-and-writes-monotonic-events",
       test_handover_clears_patient_data_and_writes_monotonic_events);
  ADD ("/fc/incident/wrong-person-clears-record-and-allows-reread",
       test_wrong_person_clears_record_and_allows_reread);
  ADD ("/fc/incident/read-reports-progress-and-card-detected",
       test_read_reports_progress_and_card_detected);
#undef ADD

  return g_test_run ();
}
