/* test-play.c: every shipped scenario played to its end, headless, through FcTrainingKit and
 * FcIncident as a crew that does everything right would: the warnings the crew sees are exactly
 * the scenario's expected warnings (no more, no less), and the debrief finds every target met and
 * nothing missed. Also: the trainer's faults change the incident's state as specified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-debrief.h"
#include "fc-incident.h"
#include "fc-scenario-check.h"
#include "fc-training-kit.h"
#include "training-test-util.h"

/* Card arrival, link time, network latency and card reinsertion at 2 % of real time. */
#define TIME_SCALE 0.02

typedef struct
{
  FcScenario    *scenario;
  FcTrainingKit *kit;
  FcTimeline    *timeline;
  FcRuleSet     *rules;
  FcIncident    *incident;
  GHashTable    *seen;     /* rule ids the crew saw */
} Play;

static void
play_set_up (Play       *play,
             const char *id)
{
  g_autoptr(GError) error = NULL;

  play->scenario = tt_load_shipped (id);
  play->kit = fc_training_kit_new (play->scenario, &error);
  g_assert_no_error (error);
  fc_training_kit_set_time_scale (play->kit, TIME_SCALE);
  play->timeline = fc_timeline_new (NULL, "TRAINING", TRUE);
  fc_training_kit_set_timeline (play->kit, play->timeline);
  play->rules = tt_rules ();
  play->incident = fc_incident_new (play->timeline, play->rules, TRUE);
  play->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
play_tear_down (Play *play)
{
  g_clear_pointer (&play->seen, g_hash_table_unref);
  g_clear_object (&play->incident);
  g_clear_object (&play->rules);
  g_clear_object (&play->timeline);
  g_clear_object (&play->kit);
  g_clear_object (&play->scenario);
}

/* What is on the crew's screen now. */
static void
look (Play *play)
{
  GListModel *warnings = fc_incident_get_warnings (play->incident);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_hash_table_add (play->seen, g_strdup (fc_warning_get_rule_id (warning)));
    }
}

static FcCardIdentity *
read_card (Play    *play,
           GError **error)
{
  GAsyncResult *result = NULL;
  FcCardIdentity *identity;

  fc_incident_read_card_async (play->incident, fc_training_kit_get_transport (play->kit),
                               fc_training_kit_get_trust_anchors (play->kit), 300, NULL,
                               tt_result_cb, &result);
  identity = fc_incident_read_card_finish (play->incident, tt_wait (&result), error);
  g_object_unref (result);
  return identity;
}

static FcSummary *
fetch (Play    *play,
       GError **error)
{
  GAsyncResult *result = NULL;
  FcSummary *summary;

  fc_incident_fetch_summary_async (play->incident, fc_training_kit_get_source (play->kit), NULL,
                                   tt_result_cb, &result);
  summary = fc_incident_fetch_summary_finish (play->incident, tt_wait (&result), error);
  g_object_unref (result);
  return summary;
}

static void
enter_finding (Play       *play,
               const char *name)
{
  g_autofree char *assignment = NULL;
  g_autoptr(GError) error = NULL;
  const char *value = fc_training_kit_reveal (play->kit, name);

  g_assert_nonnull (value);
  assignment = g_strdup_printf ("%s=%s", name, value);
  g_assert_true (fc_findings_parse (fc_incident_get_findings (play->incident), assignment,
                                    &error));
  g_assert_no_error (error);
  look (play);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
sorted_join (GHashTable *set)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static char *
expected_join (FcScenario *scenario)
{
  g_autoptr(GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *expected = fc_scenario_get_expected_warnings (scenario);

  for (guint i = 0; expected[i] != NULL; i++)
    g_hash_table_add (set, (gpointer) expected[i]);
  return sorted_join (set);
}

/* The crew's side of the scenario, done right. */
static void
play_scenario (Play *play)
{
  FcScenario *scenario = play->scenario;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *names = fc_scenario_get_measured_names (scenario);
  FcConsent consent;

  fc_incident_start (play->incident);
  fc_incident_mark (play->incident, FC_EVENT_ARRIVED_SCENE);
  fc_incident_mark (play->incident, FC_EVENT_PATIENT_CONTACT);

  switch (fc_scenario_get_consent (scenario))
    {
    case FC_SCENARIO_CONSENT_REFUSES:
      consent = FC_CONSENT_REFUSED;
      break;
    case FC_SCENARIO_CONSENT_UNABLE:
      consent = FC_CONSENT_WAIVED_UNABLE;
      break;
    case FC_SCENARIO_CONSENT_GIVES:
    default:
      consent = FC_CONSENT_GIVEN;
      break;
    }
  g_assert_true (fc_incident_record_consent (play->incident, consent, "unconscious", &error));
  g_assert_no_error (error);

  if (consent == FC_CONSENT_REFUSED)
    {
      /* Even if someone tried, core refuses to touch the card. */
      identity = read_card (play, &error);
      g_assert_null (identity);
      g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
      g_clear_error (&error);
      g_assert_cmpuint (fc_virtual_card_get_apdu_count (
                          FC_VIRTUAL_CARD (fc_training_kit_get_transport (play->kit))), ==, 0);
    }
  else
    {
      identity = read_card (play, &error);
      /* A "removed-after" card leaves in the middle of the first read: either it is back within
       * the read's wait and the read resumes (FcJpki checks it is the same card), or the read
       * ends with "removed". Any other card never reports a removal. */
      if (fc_scenario_get_card_behaviour (scenario) == FC_VIRTUAL_CARD_REMOVED_AFTER)
        g_assert_true (identity != NULL ||
                       g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED));
      else
        g_assert_false (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED));
      if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED))
        {
          /* Hold the card still and read again, once it is back. */
          g_clear_error (&error);
          while (fc_training_kit_get_card_pulled (play->kit)
                 || fc_card_transport_card_present (fc_training_kit_get_transport (play->kit)) == FALSE)
            g_main_context_iteration (NULL, TRUE);
          identity = read_card (play, &error);
        }
      if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD))
        fc_timeline_mark_card_present (play->timeline, FALSE);
      g_clear_error (&error);
    }

  if (identity != NULL)
    {
      g_autoptr(FcSummary) summary = fetch (play, &error);

      if (summary != NULL)
        {
          fc_incident_summary_shown (play->incident);
          look (play);
        }
      g_clear_error (&error);
    }

  /* Observations first, then the glucose value. */
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], "bgl"))
      enter_finding (play, names[i]);
  if (fc_scenario_get_measured (scenario, "bgl") != NULL)
    enter_finding (play, "bgl");

  if (g_str_equal (fc_scenario_get_network (scenario), "drops-after-fetch"))
    {
      g_autoptr(FcSummary) again = NULL;
      guint n_warnings = g_list_model_get_n_items (fc_incident_get_warnings (play->incident));

      /* The network is gone now: a second fetch fails, and what was fetched stays. */
      g_assert_true (fc_training_kit_get_network_lost (play->kit));
      again = fetch (play, &error);
      g_assert_null (again);
      g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
      g_clear_error (&error);
      g_assert_nonnull (fc_incident_get_summary (play->incident));
      g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (play->incident)), ==,
                        n_warnings);
      g_assert_cmpuint (n_warnings, >, 0);
    }

  if (!fc_scenario_get_record_matches (scenario) && fc_incident_get_summary (play->incident) != NULL)
    {
      fc_incident_wrong_person (play->incident);
      g_assert_null (fc_incident_get_summary (play->incident));
      g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (play->incident)), ==, 0);
    }

  fc_incident_mark (play->incident, FC_EVENT_PATIENT_LOADED);
  fc_incident_mark (play->incident, FC_EVENT_LEFT_SCENE);
  fc_incident_handover (play->incident);
}

static void
test_play_scenario (gconstpointer data)
{
  const char *id = data;
  Play play = { 0 };
  g_autofree char *seen = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(FcDebrief) debrief = NULL;
  g_auto(GStrv) played = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *missed;
  GListModel *targets;

  play_set_up (&play, id);
  play_scenario (&play);

  /* Exactly the expected warnings: no more, no less. */
  seen = sorted_join (play.seen);
  expected = expected_join (play.scenario);
  g_test_message ("%s: seen [%s], expected [%s]", id, seen, expected);
  g_assert_cmpstr (seen, ==, expected);

  /* The validator's canonical play agrees with the incident. */
  played = fc_scenario_play_warnings (play.scenario, play.rules, &error);
  g_assert_no_error (error);
  {
    g_autofree char *joined = g_strjoinv (" ", played);

    g_assert_cmpstr (joined, ==, expected);
  }

  /* A crew that did everything right: every target met, nothing missed. */
  debrief = fc_debrief_new (play.scenario, play.rules);
  fc_debrief_add_timeline (debrief, play.timeline);
  targets = fc_debrief_get_targets (debrief);
  g_assert_cmpuint (g_list_model_get_n_items (targets), ==, fc_scenario_get_n_targets (play.scenario));
  g_assert_cmpuint (g_list_model_get_n_items (targets), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) target = g_list_model_get_item (targets, i);

      g_test_message ("%s: target %s: %s", id, fc_debrief_target_get_id (target),
                      fc_debrief_target_get_detail (target));
      g_assert_cmpint (fc_debrief_target_get_outcome (target), ==, FC_DEBRIEF_MET);
    }
  missed = fc_debrief_get_missed_codes (debrief);
  for (guint i = 0; missed[i] != NULL; i++)
    g_test_message ("%s: missed %s", id, missed[i]);
  g_assert_null (missed[0]);

  /* Every training event is flagged (the incident and the kit share the timeline). */
  {
    g_autoptr(FcTimelineEvent) first = g_list_model_get_item (fc_timeline_get_events (play.timeline), 0);

    g_assert_cmpstr (fc_timeline_event_get_kind (first), ==, FC_EVENT_INCIDENT_STARTED);
    g_assert_cmpstr (fc_timeline_event_get_detail (first), ==, "training=1");
  }

  play_tear_down (&play);
}

/* Lose the network before the fetch: no summary, the state says so, and the error is shown. */
static void
test_fault_lose_network (void)
{
  Play play = { 0 };
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  play_set_up (&play, "pilot-1-anticoagulant");
  fc_incident_start (play.incident);
  g_assert_true (fc_incident_record_consent (play.incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = read_card (&play, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_CARD_READ);

  g_assert_true (fc_training_kit_inject (play.kit, FC_TRAINING_FAULT_LOSE_NETWORK, NULL));
  summary = fetch (&play, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_NO_SUMMARY);
  g_assert_nonnull (fc_incident_get_last_error (play.incident));
  g_assert_null (fc_incident_get_summary (play.incident));

  /* The network comes back: fetching again works. */
  g_assert_true (fc_training_kit_inject (play.kit, FC_TRAINING_FAULT_RESTORE_NETWORK, NULL));
  summary = fetch (&play, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_SUMMARY);
  g_assert_null (fc_incident_get_last_error (play.incident));

  play_tear_down (&play);
}

/* Pull the card while the incident reads it: the read fails as "removed" and the incident goes
 * back to "consented", ready to read again once the card is back. */
static void
test_fault_pull_card (void)
{
  Play play = { 0 };
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  FcVirtualCard *card;

  play_set_up (&play, "slow-reader-service-down");
  fc_training_kit_set_time_scale (play.kit, 1.0);
  card = FC_VIRTUAL_CARD (fc_training_kit_get_transport (play.kit));
  g_object_set (card, "arrival-delay-ms", 0, NULL);
  fc_incident_start (play.incident);
  g_assert_true (fc_incident_record_consent (play.incident, FC_CONSENT_GIVEN, NULL, &error));

  fc_incident_read_card_async (play.incident, FC_CARD_TRANSPORT (card),
                               fc_training_kit_get_trust_anchors (play.kit), 2000, NULL,
                               tt_result_cb, &result);
  while (fc_virtual_card_get_apdu_count (card) < 3)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_READING_CARD);

  g_assert_true (fc_training_kit_inject (play.kit, FC_TRAINING_FAULT_PULL_CARD, NULL));
  identity = fc_incident_read_card_finish (play.incident, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_clear_error (&error);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_CONSENTED);
  g_assert_nonnull (fc_incident_get_last_error (play.incident));

  g_assert_true (fc_training_kit_inject (play.kit, FC_TRAINING_FAULT_REINSERT_CARD, NULL));
  fc_training_kit_set_time_scale (play.kit, TIME_SCALE);
  identity = read_card (&play, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_incident_get_state (play.incident), ==, FC_INCIDENT_STATE_CARD_READ);

  play_tear_down (&play);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) ids = NULL;

  g_test_init (&argc, &argv, NULL);

  ids = tt_shipped_ids ();
  g_assert_cmpuint (ids->len, >=, 12);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/training/play/%s",
                                               (const char *) g_ptr_array_index (ids, i));

      g_test_add_data_func (path, g_ptr_array_index (ids, i), test_play_scenario);
    }
  g_test_add_func ("/fc/training/fault/lose-network-leaves-no-summary", test_fault_lose_network);
  g_test_add_func ("/fc/training/fault/pull-card-mid-read-back-to-consented",
                   test_fault_pull_card);

  return g_test_run ();
}
