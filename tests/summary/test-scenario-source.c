/* test-scenario-source.c: FcScenarioSource: the scenario's network delay and mode, consent,
 * corrupt bundles, cancelling, and the live network state a trainer changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-scenario.h"
#include "fc-scenario-source.h"
#include "scenario-test-util.h"

/* Writes an otherwise valid scenario with the given network mode, fetch delay and bundle. */
static FcScenario *
make_scenario (TmpFixture *fixture,
               const char *mode,
               guint       delay_ms,
               const char *bundle)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": 2, \"title\": {\"en\": \"t\"}, \"patient\": {},"
    " \"bundle\": \"%s\", \"network\": {\"mode\": \"%s\", \"delay_ms\": %u}}",
    bundle, mode, delay_ms);
  g_autofree char *path = write_scenario (fixture, mode, json);

  return load (path);
}

typedef struct
{
  GAsyncResult *result;
  gint64        done_at;
} Wait;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done_at = g_get_monotonic_time ();
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Fetches and waits; *elapsed_us receives the time from the call to the callback. */
static FcSummary *
fetch (FcScenarioSource  *source,
       FcConsent          consent,
       GCancellable      *cancellable,
       gint64            *elapsed_us,
       GError           **error)
{
  Wait wait = { NULL, 0 };
  gint64 start = g_get_monotonic_time ();
  FcSummary *summary;

  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), NULL, consent, "incident-1",
                                 cancellable, fetch_cb, &wait);
  /* Never answered synchronously. */
  g_assert_null (wait.result);

  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (elapsed_us != NULL)
    *elapsed_us = wait.done_at - start;

  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source), wait.result, error);
  g_object_unref (wait.result);
  return summary;
}

static void
test_source_new_finalize (void)
{
  g_autoptr(FcScenario) scenario = load (FIXTURE_DIR "/01-good.json");
  FcScenarioSource *source = fc_scenario_source_new (scenario);
  g_autoptr(FcScenario) read_back = NULL;
  guint count = 99;

  g_assert_true (FC_IS_SUMMARY_SOURCE (source));
  g_object_get (source, "scenario", &read_back, "request-count", &count, NULL);
  g_assert_true (read_back == scenario);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 0);

  g_assert_finalize_object (source);
}

static void
test_source_delay (void)
{
  g_autofree char *path = shipped_path ("pilot-3-diabetes");
  g_autoptr(FcScenario) scenario = load (path);
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed = 0;
  guint notifications = 0;

  g_signal_connect (source, "notify::request-count", G_CALLBACK (notify_count_cb),
                    &notifications);

  summary = fetch (source, FC_CONSENT_WAIVED_UNABLE, NULL, &elapsed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);

  /* The scenario's network delay was honoured. */
  g_assert_cmpint (elapsed, >=, (gint64) fc_scenario_get_fetch_delay_ms (scenario) * 1000);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 1);
  g_assert_cmpuint (notifications, ==, 1);

  g_assert_cmpint (fc_summary_get_provenance (summary), ==, FC_PROVENANCE_SCENARIO);
  g_assert_nonnull (fc_summary_get_retrieved (summary));
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "60s");
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 2);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ALLERGY), ==, 1);
}

static void
test_source_delay_short (TmpFixture    *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(FcScenario) scenario = make_scenario (fixture, "online", 300, "bundle.json");
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed = 0;

  summary = fetch (source, FC_CONSENT_GIVEN, NULL, &elapsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NONE_KNOWN);

  /* A second fetch is counted too. */
  g_clear_object (&summary);
  summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 2);
}

static void
test_source_consent (void)
{
  g_autoptr(FcScenario) scenario = load (FIXTURE_DIR "/04-corrupt-bundle.json");
  FcScenarioSource *source = fc_scenario_source_new (scenario);
  static const FcConsent refused[] = { FC_CONSENT_REFUSED, FC_CONSENT_NONE };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcSummary) summary = NULL;

      summary = fetch (source, refused[i], NULL, NULL, &error);
      g_assert_null (summary);
      g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT);
      g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 0);
    }

  g_assert_finalize_object (source);
}

static void
test_source_network_modes (TmpFixture    *fixture,
                           gconstpointer  user_data)
{
  static const struct {
    const char *mode;
    int code;
  } cases[] = {
    { "offline", FC_SUMMARY_ERROR_UNAVAILABLE },
    { "503", FC_SUMMARY_ERROR_UNAVAILABLE },
    { "not-found", FC_SUMMARY_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcScenario) scenario = make_scenario (fixture, cases[i].mode, 10, "bundle.json");
      g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
      g_autoptr(FcSummary) summary = NULL;
      g_autoptr(GError) error = NULL;

      summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
      g_assert_null (summary);
      g_assert_error (error, FC_SUMMARY_ERROR, cases[i].code);
      g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 1);
    }
}

static void
test_source_corrupt_bundle (void)
{
  g_autoptr(FcScenario) scenario = load (FIXTURE_DIR "/04-corrupt-bundle.json");
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  /* The reader's message (with its position) is passed on. */
  g_assert_nonnull (strstr (error->message, "line "));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_source_cancel (TmpFixture    *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(FcScenario) scenario = make_scenario (fixture, "online", 5000, "bundle.json");
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed = 0;

  /* Cancelled during the delay: answers at once, not after 5 s. */
  g_timeout_add (50, cancel_cb, cancellable);
  summary = fetch (source, FC_CONSENT_GIVEN, cancellable, &elapsed, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Already cancelled. */
  g_cancellable_cancel (cancelled);
  summary = fetch (source, FC_CONSENT_GIVEN, cancelled, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The live network state a trainer changes through FcTrainingKit. */
static void
test_source_live_network (TmpFixture    *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(FcScenario) scenario = make_scenario (fixture, "online", 10, "bundle.json");
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *network = NULL;
  gboolean lost = TRUE;
  gboolean paused = TRUE;
  double scale = 0;
  guint served = 99;
  guint notifications = 0;

  g_object_get (source, "network", &network, "network-lost", &lost, "paused", &paused,
                "delay-scale", &scale, "served-count", &served, NULL);
  g_assert_cmpstr (network, ==, "online");
  g_assert_false (lost);
  g_assert_false (paused);
  g_assert_cmpfloat (scale, ==, 1.0);
  g_assert_cmpuint (served, ==, 0);
  g_assert_true (fc_scenario_source_get_scenario (source) == scenario);

  g_signal_connect (source, "notify::network-lost", G_CALLBACK (notify_count_cb), &notifications);
  g_object_set (source, "network-lost", TRUE, NULL);
  g_object_set (source, "network-lost", TRUE, NULL);
  g_assert_cmpuint (notifications, ==, 1);
  summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* The mode can change too; a reset goes back to the scenario's. */
  fc_scenario_source_set_network_lost (source, FALSE);
  fc_scenario_source_set_network (source, "not-found");
  summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fc_scenario_source_reset (source);
  g_assert_cmpstr (fc_scenario_source_get_network (source), ==, "online");
  g_object_set (source, "delay-scale", 0.0, NULL);
  g_assert_cmpfloat (fc_scenario_source_get_delay_scale (source), ==, 0.0);
  summary = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (fc_scenario_source_get_served_count (source), ==, 1);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 3);
}

/* "drops-after-fetch": the network goes after the first record served. */
static void
test_source_drops_after_fetch (TmpFixture    *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(FcScenario) scenario = make_scenario (fixture, "drops-after-fetch", 0, "bundle.json");
  g_autoptr(FcScenarioSource) source = fc_scenario_source_new (scenario);
  g_autoptr(FcSummary) first = NULL;
  g_autoptr(FcSummary) second = NULL;
  g_autoptr(GError) error = NULL;

  first = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fc_scenario_source_get_network_lost (source));
  second = fetch (source, FC_CONSENT_GIVEN, NULL, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/scenario/source/new-finalize", test_source_new_finalize);
  g_test_add_func ("/fc/scenario/source/delay-honoured", test_source_delay);
  g_test_add ("/fc/scenario/source/delay-short", TmpFixture, NULL,
              tmp_setup, test_source_delay_short, tmp_teardown);
  g_test_add_func ("/fc/scenario/source/consent-refused", test_source_consent);
  g_test_add ("/fc/scenario/source/network-modes", TmpFixture, NULL,
              tmp_setup, test_source_network_modes, tmp_teardown);
  g_test_add_func ("/fc/scenario/source/corrupt-bundle", test_source_corrupt_bundle);
  g_test_add ("/fc/scenario/source/cancel", TmpFixture, NULL,
              tmp_setup, test_source_cancel, tmp_teardown);
  g_test_add ("/fc/scenario/source/live-network-state", TmpFixture, NULL,
              tmp_setup, test_source_live_network, tmp_teardown);
  g_test_add ("/fc/scenario/source/drops-after-fetch", TmpFixture, NULL,
              tmp_setup, test_source_drops_after_fetch, tmp_teardown);

  return g_test_run ();
}
