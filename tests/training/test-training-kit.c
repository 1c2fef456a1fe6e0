/* test-training-kit.c: FcTrainingKit applies the scenario's card and network behaviours, and the
 * trainer's live faults, reveals, pause and reset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-card-identity.h"
#include "fc-jpki.h"
#include "fc-scenario-source.h"
#include "fc-training-kit.h"
#include "fc-virtual-card.h"
#include "training-test-util.h"

static FcTrainingKit *
make_kit (const char *id,
          double      time_scale)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped (id);
  g_autoptr(GError) error = NULL;
  FcTrainingKit *kit = fc_training_kit_new (scenario, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kit);
  fc_training_kit_set_time_scale (kit, time_scale);
  return kit;
}

static void
start_read (FcTrainingKit *kit,
            guint          timeout_ms,
            GAsyncResult **slot)
{
  *slot = NULL;
  fc_jpki_read_identity_async (fc_training_kit_get_transport (kit),
                               fc_training_kit_get_trust_anchors (kit), timeout_ms, NULL,
                               tt_result_cb, slot);
}

static FcCardIdentity *
finish_read (GAsyncResult **slot,
             GError       **error)
{
  FcCardIdentity *identity = fc_jpki_read_identity_finish (tt_wait (slot), error);

  g_clear_object (slot);
  return identity;
}

static FcCardIdentity *
read_card (FcTrainingKit  *kit,
           guint           timeout_ms,
           GError        **error)
{
  GAsyncResult *result = NULL;

  start_read (kit, timeout_ms, &result);
  return finish_read (&result, error);
}

static FcSummary *
fetch (FcTrainingKit  *kit,
       GError        **error)
{
  FcSummarySource *source = fc_training_kit_get_source (kit);
  GAsyncResult *result = NULL;
  FcSummary *summary;

  fc_summary_source_fetch_async (source, NULL, FC_CONSENT_GIVEN, "incident-1", NULL,
                                 tt_result_cb, &result);
  summary = fc_summary_source_fetch_finish (source, tt_wait (&result), error);
  g_object_unref (result);
  return summary;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_new_and_finalize (void)
{
  FcTrainingKit *kit = make_kit ("pilot-1-anticoagulant", 1.0);
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, "unit", TRUE);
  g_autoptr(FcTimeline) timeline_back = NULL;
  g_auto(GStrv) revealed = NULL;
  gboolean paused = TRUE, lost = TRUE, pulled = TRUE;
  double scale = 0;
  guint notified = 0;

  g_assert_true (FC_IS_VIRTUAL_CARD (fc_training_kit_get_transport (kit)));
  g_assert_true (FC_IS_SCENARIO_SOURCE (fc_training_kit_get_source (kit)));
  g_assert_cmpuint (fc_training_kit_get_trust_anchors (kit)->len, ==, 1);

  g_object_get (kit, "scenario", &scenario, "paused", &paused, "network-lost", &lost,
                "card-pulled", &pulled, "revealed", &revealed, "time-scale", &scale, NULL);
  g_assert_true (scenario == fc_training_kit_get_scenario (kit));
  g_assert_false (paused);
  g_assert_false (lost);
  g_assert_false (pulled);
  g_assert_cmpuint (g_strv_length (revealed), ==, 0);
  g_assert_cmpfloat (scale, ==, 1.0);

  /* Property round-trips, notified once per change. */
  g_signal_connect (kit, "notify::time-scale", G_CALLBACK (count_cb), &notified);
  g_object_set (kit, "time-scale", 0.25, NULL);
  g_object_set (kit, "time-scale", 0.25, NULL);
  g_assert_cmpfloat (fc_training_kit_get_time_scale (kit), ==, 0.25);
  g_assert_cmpuint (notified, ==, 1);
  /* The card's arrival delay follows: 1500 ms × 0.25. */
  {
    guint arrival = 0;

    g_object_get (fc_training_kit_get_transport (kit), "arrival-delay-ms", &arrival, NULL);
    g_assert_cmpuint (arrival, ==, 375);
  }

  g_object_set (kit, "timeline", timeline, NULL);
  g_object_get (kit, "timeline", &timeline_back, NULL);
  g_assert_true (timeline_back == timeline);
  fc_training_kit_set_timeline (kit, NULL);
  g_assert_null (fc_training_kit_get_timeline (kit));

  g_assert_cmpuint (g_strv_length ((char **) fc_training_kit_list_faults ()), ==, 4);

  g_assert_finalize_object (kit);
}

static void
test_unknown_fault (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("pilot-1-anticoagulant", 0);
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, TRUE);
  g_autoptr(GError) error = NULL;

  fc_training_kit_set_timeline (kit, timeline);
  g_assert_false (fc_training_kit_inject (kit, "flood", &error));
  g_assert_error (error, FC_TRAINING_KIT_ERROR, FC_TRAINING_KIT_ERROR_UNKNOWN_FAULT);
  g_assert_nonnull (strstr (error->message, "pull-card"));
  /* Nothing recorded for a fault that was not applied. */
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 0);
}

/* An "expired" card carries a certificate whose validity ended: the identity says so. */
static void
test_expired_certificate (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("expired-certificate", 0);
  g_autoptr(FcTrainingKit) normal = make_kit ("pilot-1-anticoagulant", 0);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) normal_identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  identity = read_card (kit, 2000, &error);
  g_assert_no_error (error);
  g_assert_true (fc_card_identity_is_expired (identity, NULL));
  g_assert_cmpint (g_date_time_compare (fc_card_identity_get_not_after (identity), now), <, 0);
  /* Still issued by the kit's trusted CA (it was read with the trust anchors). */
  g_assert_nonnull (strstr (fc_card_identity_get_subject (identity), "TRAINING-expired-certificate"));

  normal_identity = read_card (normal, 2000, &error);
  g_assert_no_error (error);
  g_assert_false (fc_card_identity_is_expired (normal_identity, NULL));
}

/* A "slow" card takes its link time per byte. */
static void
test_slow_card (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("slow-reader-service-down", 1.0);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  guint byte_delay = 0;
  gint64 start;
  gint64 elapsed;

  g_object_get (fc_training_kit_get_transport (kit), "byte-delay-us", &byte_delay, NULL);
  g_assert_cmpuint (byte_delay, ==, 6000);

  /* A tenth of the link time keeps the test short and still measurable. */
  fc_training_kit_set_time_scale (kit, 0.1);
  g_object_get (fc_training_kit_get_transport (kit), "byte-delay-us", &byte_delay, NULL);
  g_assert_cmpuint (byte_delay, ==, 600);
  g_object_set (fc_training_kit_get_transport (kit), "arrival-delay-ms", 0, NULL);

  start = g_get_monotonic_time ();
  identity = read_card (kit, 2000, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  /* At least every certificate byte once at 600 µs. */
  g_assert_cmpint (elapsed, >=, (gint64) fc_card_identity_get_bytes_read (identity) * 600);
}

/* "drops-after-fetch": the first fetch works, then the network is lost until restored. */
static void
test_drops_after_fetch (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("network-lost-after-fetch", 0);
  g_autoptr(FcSummary) first = NULL;
  g_autoptr(FcSummary) second = NULL;
  g_autoptr(FcSummary) third = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (kit, "notify::network-lost", G_CALLBACK (count_cb), &notified);
  g_assert_false (fc_training_kit_get_network_lost (kit));

  first = fetch (kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (fc_training_kit_get_network_lost (kit));
  g_assert_cmpuint (notified, >=, 1);

  second = fetch (kit, &error);
  g_assert_null (second);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_RESTORE_NETWORK, &error));
  g_assert_false (fc_training_kit_get_network_lost (kit));
  third = fetch (kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (third);
  g_assert_cmpuint (fc_scenario_source_get_served_count (FC_SCENARIO_SOURCE (
                      fc_training_kit_get_source (kit))), ==, 2);
}

/* Losing the network fails a fetch that is waiting for its answer, and the next ones. */
static void
test_lose_network_in_flight (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("pilot-1-anticoagulant", 1.0);
  FcSummarySource *source = fc_training_kit_get_source (kit);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* 800 ms of latency: the fault comes first. */
  fc_summary_source_fetch_async (source, NULL, FC_CONSENT_GIVEN, "incident-1", NULL,
                                 tt_result_cb, &result);
  tt_spin (50);
  g_assert_null (result);
  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_LOSE_NETWORK, &error));
  g_assert_true (fc_training_kit_get_network_lost (kit));
  summary = fc_summary_source_fetch_finish (source, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_null (summary);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
}

/* Pulling the card in the middle of a (slow) read fails it with REMOVED at once; the read
 * works again once the card is back. */
static void
test_pull_card_mid_read (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("slow-reader-service-down", 1.0);
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, TRUE);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTimelineEvent) event = NULL;
  GAsyncResult *result = NULL;
  guint apdus;
  gint64 start;

  fc_training_kit_set_timeline (kit, timeline);
  g_object_set (fc_training_kit_get_transport (kit), "arrival-delay-ms", 0, NULL);

  /* About 3.5 s of link time at 6000 µs per byte. */
  start = g_get_monotonic_time ();
  start_read (kit, 2000, &result);
  while (fc_virtual_card_get_apdu_count (FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit)))
         < 3)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_PULL_CARD, &error));
  g_assert_no_error (error);
  g_assert_true (fc_training_kit_get_card_pulled (kit));
  apdus = fc_virtual_card_get_apdu_count (FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit)));

  identity = finish_read (&result, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_assert_false (fc_card_transport_card_present (fc_training_kit_get_transport (kit)));
  /* No further APDU was answered after the pull. */
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (
                      FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit))), <=, apdus + 1);

  /* While pulled, a new read finds no card. */
  identity = read_card (kit, 150, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_REINSERT_CARD, &error));
  g_assert_false (fc_training_kit_get_card_pulled (kit));
  fc_training_kit_set_time_scale (kit, 0.01);
  again = read_card (kit, 2000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  /* Both faults are in the timeline, by name only. */
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 2);
  event = g_list_model_get_item (fc_timeline_get_events (timeline), 0);
  g_assert_cmpstr (fc_timeline_event_get_kind (event), ==, FC_EVENT_TRAINING_FAULT);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "fault=pull-card");
}

/* A "removed-after" card leaves after its bytes and comes back by itself after
 * "reinsert_after_ms" (scaled); the second read works. */
static void
test_removed_after_comes_back (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("card-pulled-mid-read", 0.1);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (kit, "notify::card-pulled", G_CALLBACK (count_cb), &notified);

  identity = read_card (kit, 2000, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_clear_error (&error);

  /* Seen within a poll; back after 3000 ms × 0.1. */
  while (!fc_training_kit_get_card_pulled (kit))
    g_main_context_iteration (NULL, TRUE);
  while (fc_training_kit_get_card_pulled (kit))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified, ==, 2);

  identity = read_card (kit, 2000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
}

/* No card arrives for an "absent" scenario, until the trainer says it was found. */
static void
test_absent_then_found (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("no-card", 0);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = read_card (kit, 150, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_REINSERT_CARD, &error));
  identity = read_card (kit, 2000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
}

/* A card that is not a My Number card stays so after being put back. */
static void
test_wrong_application (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("not-my-number-card", 0);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = read_card (kit, 2000, &error);
  g_assert_null (identity);
  g_assert_true (error->domain == FC_CARD_ERROR);
  g_assert_cmpint (error->code, !=, FC_CARD_ERROR_REMOVED);
  g_clear_error (&error);

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_REINSERT_CARD, &error));
  identity = read_card (kit, 2000, &error);
  g_assert_null (identity);
  g_assert_true (error->domain == FC_CARD_ERROR);
}

static void
test_reveal (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("hypoglycaemia-sulfonylurea", 0);
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, TRUE);
  g_autoptr(FcTimelineEvent) event = NULL;
  guint notified = 0;

  fc_training_kit_set_timeline (kit, timeline);
  g_signal_connect (kit, "notify::revealed", G_CALLBACK (count_cb), &notified);

  g_assert_cmpstr (fc_training_kit_reveal (kit, "bgl"), ==, "32");
  g_assert_cmpstr (fc_training_kit_reveal (kit, "bp"), ==, "156/88");
  /* Observations written in both languages come in the UI language (C: English). */
  g_assert_cmpstr (fc_training_kit_reveal (kit, "skin"), ==, "cold, sweaty");
  g_assert_cmpstr (fc_training_kit_reveal (kit, "bgl"), ==, "32");
  g_assert_null (fc_training_kit_reveal (kit, "potassium"));

  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (g_strv_length ((char **) fc_training_kit_get_revealed (kit)), ==, 3);
  g_assert_cmpstr (fc_training_kit_get_revealed (kit)[0], ==, "bgl");

  /* Four reveals recorded, by name: never the value. */
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 4);
  event = g_list_model_get_item (fc_timeline_get_events (timeline), 0);
  g_assert_cmpstr (fc_timeline_event_get_kind (event), ==, FC_EVENT_TRAINING_REVEAL);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "name=bgl");

  /* The HHS scenario has the same history and a different value. */
  {
    g_autoptr(FcTrainingKit) hhs = make_kit ("hyperglycaemia-hhs", 0);

    g_assert_cmpstr (fc_training_kit_reveal (hhs, "bgl"), ==, "HI");
  }
}

/* While paused, the network's answer waits; the pause is recorded for the debrief. */
static void
test_pause_holds_answers (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("pilot-2-ckd", 0);
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, TRUE);
  FcSummarySource *source = fc_training_kit_get_source (kit);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint notified = 0;

  fc_training_kit_set_timeline (kit, timeline);
  g_signal_connect (kit, "notify::paused", G_CALLBACK (count_cb), &notified);

  fc_training_kit_pause (kit);
  fc_training_kit_pause (kit);
  g_assert_true (fc_training_kit_get_paused (kit));
  fc_summary_source_fetch_async (source, NULL, FC_CONSENT_GIVEN, "incident-1", NULL,
                                 tt_result_cb, &result);
  tt_spin (150);
  g_assert_null (result);

  fc_training_kit_resume (kit);
  g_assert_false (fc_training_kit_get_paused (kit));
  summary = fc_summary_source_fetch_finish (source, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (notified, ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 2);
  {
    g_autoptr(FcTimelineEvent) paused = g_list_model_get_item (fc_timeline_get_events (timeline), 0);
    g_autoptr(FcTimelineEvent) resumed = g_list_model_get_item (fc_timeline_get_events (timeline), 1);

    g_assert_cmpstr (fc_timeline_event_get_kind (paused), ==, FC_EVENT_TRAINING_PAUSED);
    g_assert_cmpstr (fc_timeline_event_get_kind (resumed), ==, FC_EVENT_TRAINING_RESUMED);
  }
}

/* A kit dropped while paused releases its held answers (nothing leaks). */
static void
test_dispose_while_paused (void)
{
  FcTrainingKit *kit = make_kit ("pilot-2-ckd", 0);
  g_autoptr(FcSummarySource) source = g_object_ref (fc_training_kit_get_source (kit));
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  fc_training_kit_pause (kit);
  fc_summary_source_fetch_async (source, NULL, FC_CONSENT_GIVEN, "incident-1", NULL,
                                 tt_result_cb, &result);
  tt_spin (50);
  g_assert_finalize_object (kit);
  summary = fc_summary_source_fetch_finish (source, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
}

static void
test_reset (void)
{
  g_autoptr(FcTrainingKit) kit = make_kit ("pilot-3-diabetes", 0);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_LOSE_NETWORK, NULL));
  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_PULL_CARD, NULL));
  fc_training_kit_reveal (kit, "bgl");
  fc_training_kit_pause (kit);

  fc_training_kit_reset (kit);
  g_assert_false (fc_training_kit_get_network_lost (kit));
  g_assert_false (fc_training_kit_get_card_pulled (kit));
  g_assert_false (fc_training_kit_get_paused (kit));
  g_assert_null (fc_training_kit_get_revealed (kit)[0]);
  g_assert_cmpint (fc_virtual_card_get_behaviour (
                     FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit))), ==,
                   FC_VIRTUAL_CARD_PRESENT);

  identity = read_card (kit, 2000, &error);
  g_assert_no_error (error);
  summary = fetch (kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

/* The record is served as of the scenario's day, its dates moved to today. */
static void
test_record_dates_follow_today (void)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("pilot-3-diabetes");
  g_autoptr(GDateTime) later = g_date_time_add_days (fc_scenario_get_today (scenario), 10);
  g_autoptr(FcSummary) as_set = NULL;
  g_autoptr(FcSummary) moved = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;
  gboolean checked = FALSE;

  as_set = fc_scenario_source_read_record (scenario, fc_scenario_get_today (scenario), &error);
  g_assert_no_error (error);
  moved = fc_scenario_source_read_record (scenario, later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_summary_get_age_band (moved), ==, "60s");
  g_assert_cmpint (fc_summary_get_provenance (moved), ==, FC_PROVENANCE_SCENARIO);

  items = fc_summary_get_items (as_set);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) a = g_list_model_get_item (items, i);
      g_autoptr(FcSummaryItem) b = g_list_model_get_item (fc_summary_get_items (moved), i);

      if (g_strcmp0 (fc_summary_item_get_date (a), "2026-11-02") == 0)
        {
          g_assert_cmpstr (fc_summary_item_get_date (b), ==, "2026-11-12");
          checked = TRUE;
        }
    }
  g_assert_true (checked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/training/kit/new-and-finalize", test_new_and_finalize);
  g_test_add_func ("/fc/training/kit/unknown-fault-is-an-error", test_unknown_fault);
  g_test_add_func ("/fc/training/kit/expired-card-has-expired-identity", test_expired_certificate);
  g_test_add_func ("/fc/training/kit/slow-card-takes-link-time", test_slow_card);
  g_test_add_func ("/fc/training/kit/drops-after-fetch", test_drops_after_fetch);
  g_test_add_func ("/fc/training/kit/lose-network-fails-fetch-in-flight",
                   test_lose_network_in_flight);
  g_test_add_func ("/fc/training/kit/pull-card-mid-read-is-removed", test_pull_card_mid_read);
  g_test_add_func ("/fc/training/kit/removed-after-card-comes-back",
                   test_removed_after_comes_back);
  g_test_add_func ("/fc/training/kit/absent-card-then-found", test_absent_then_found);
  g_test_add_func ("/fc/training/kit/wrong-application-stays", test_wrong_application);
  g_test_add_func ("/fc/training/kit/reveal-returns-values", test_reveal);
  g_test_add_func ("/fc/training/kit/pause-holds-answers", test_pause_holds_answers);
  g_test_add_func ("/fc/training/kit/dispose-while-paused", test_dispose_while_paused);
  g_test_add_func ("/fc/training/kit/reset", test_reset);
  g_test_add_func ("/fc/training/kit/record-dates-follow-today", test_record_dates_follow_today);

  return g_test_run ();
}
