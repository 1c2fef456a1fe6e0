/* test-scenario.c: training scenarios (data/scenarios) and FcScenarioSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fc-scenario.h"
#include "fc-scenario-source.h"
#include "fc-core-enums.h"

#define FIXTURE_DIR SUMMARY_TEST_DIR "/scenarios"

static const char *pilots[] = {
  "pilot-1-anticoagulant", "pilot-2-ckd", "pilot-3-diabetes",
};

/* Every shipped scenario, in file-name order (tests/training checks each of them in depth). */
static const char *shipped[] = {
  "beta-blocker-bleeding", "card-pulled-mid-read", "consent-refused", "dialysis-missed-session",
  "expired-certificate", "hyperglycaemia-hhs", "hypoglycaemia-sulfonylurea",
  "network-lost-after-fetch", "no-card", "not-my-number-card", "pilot-1-anticoagulant",
  "pilot-2-ckd", "pilot-3-diabetes", "sglt2-euglycaemic-dka", "slow-reader-service-down",
  "warfarin-head-injury", "wrong-person",
};

static char *
shipped_path (const char *id)
{
  const char *data_dir = g_getenv ("FIELDCARD_DATA_DIR");
  g_autofree char *file = g_strdup_printf ("%s.json", id);

  g_assert_nonnull (data_dir);
  return g_build_filename (data_dir, "scenarios", file, NULL);
}

static FcScenario *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  FcScenario *scenario = fc_scenario_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

/* A temporary folder with a copy of the minimal bundle as "bundle.json". */
typedef struct
{
  char *dir;
} TmpFixture;

static void
tmp_setup (TmpFixture    *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bundle = NULL;
  gsize length;

  fixture->dir = g_dir_make_tmp ("fc-scenario-XXXXXX", &error);
  g_assert_no_error (error);

  g_file_get_contents (FIXTURE_DIR "/bundles/minimal.json", &contents, &length, &error);
  g_assert_no_error (error);
  bundle = g_build_filename (fixture->dir, "bundle.json", NULL);
  g_file_set_contents (bundle, contents, length, &error);
  g_assert_no_error (error);
}

static void
tmp_teardown (TmpFixture    *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Writes @json as NAME.json into the fixture folder and returns its path. */
static char *
write_scenario (TmpFixture *fixture,
                const char *name,
                const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.json", name);
  char *path = g_build_filename (fixture->dir, file, NULL);

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}

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

static void
test_load_shipped (void)
{
  static const struct {
    const char *age_band;
    const char *expected;
  } facts[] = {
    { "70s", "G0 G3 R08 R28" },
    { "60s", "G3 R21" },
    { "60s", "G2 R01 R04 R05 R26" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pilots); i++)
    {
      g_autofree char *path = shipped_path (pilots[i]);
      g_autoptr(FcScenario) scenario = load (path);
      g_autofree char *expected = NULL;

      g_assert_cmpstr (fc_scenario_get_id (scenario), ==, pilots[i]);
      g_assert_cmpint (fc_scenario_get_format (scenario), ==, 2);
      g_assert_true (g_path_is_absolute (fc_scenario_get_path (scenario)));
      g_assert_nonnull (fc_scenario_get_title_ja (scenario));
      g_assert_nonnull (fc_scenario_get_title_en (scenario));
      g_assert_nonnull (fc_scenario_get_brief (scenario));
      g_assert_nonnull (fc_scenario_get_presentation (scenario));
      g_assert_cmpstr (fc_scenario_get_age_band (scenario), ==, facts[i].age_band);
      g_assert_cmpstr (fc_scenario_get_sex (scenario), ==, "male");
      g_assert_true (g_path_is_absolute (fc_scenario_get_bundle_path (scenario)));
      g_assert_true (g_file_test (fc_scenario_get_bundle_path (scenario), G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (fc_scenario_get_card_behaviour (scenario), ==, FC_VIRTUAL_CARD_PRESENT);
      g_assert_cmpuint (fc_scenario_get_card_delay_ms (scenario), >, 0);
      g_assert_cmpstr (fc_scenario_get_network (scenario), ==, "online");
      g_assert_cmpuint (fc_scenario_get_fetch_delay_ms (scenario), <=, 2000);
      g_assert_nonnull (fc_scenario_get_measured (scenario, "bgl"));

      expected = g_strjoinv (" ", (char **) fc_scenario_get_expected_warnings (scenario));
      g_assert_cmpstr (expected, ==, facts[i].expected);
    }

  /* The diabetes case reveals a high glucose when measured. */
  {
    g_autofree char *path = shipped_path ("pilot-3-diabetes");
    g_autoptr(FcScenario) scenario = load (path);

    g_assert_cmpstr (fc_scenario_get_measured (scenario, "bgl"), ==, "420");
    g_assert_cmpstr (fc_scenario_get_measured (scenario, "consciousness"), ==, "impaired");
  }
}

static void
test_load_directory_shipped (void)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "scenarios", NULL);
  g_autoptr(GListModel) model = fc_scenario_load_directory (dir, &errors);

  g_assert_nonnull (errors);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (shipped));
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (model, i);
      g_assert_cmpstr (fc_scenario_get_id (scenario), ==, shipped[i]);
    }
}

static void
test_properties (void)
{
  g_autoptr(FcScenario) scenario = load (FIXTURE_DIR "/01-good.json");
  g_autofree char *id = NULL, *path = NULL, *title = NULL, *brief = NULL, *presentation = NULL;
  g_autofree char *title_ja = NULL, *title_en = NULL, *age_band = NULL, *sex = NULL;
  g_autofree char *bundle_path = NULL, *network = NULL;
  FcVirtualCardBehaviour behaviour;
  guint card_delay, remove_after, fetch_delay;
  const char * const *names;

  g_object_get (scenario,
                "id", &id,
                "path", &path,
                "title", &title,
                "brief", &brief,
                "presentation", &presentation,
                "title-ja", &title_ja,
                "title-en", &title_en,
                "age-band", &age_band,
                "sex", &sex,
                "bundle-path", &bundle_path,
                "card-behaviour", &behaviour,
                "card-delay-ms", &card_delay,
                "remove-after-bytes", &remove_after,
                "fetch-delay-ms", &fetch_delay,
                "network", &network,
                NULL);

  g_assert_cmpstr (id, ==, "01-good");
  g_assert_true (g_str_has_suffix (path, "/scenarios/01-good.json"));
  g_assert_cmpstr (title, ==, "A good scenario"); /* LANG=C.UTF-8: English */
  g_assert_cmpstr (brief, ==, "English-only brief");
  g_assert_cmpstr (presentation, ==, "Altered consciousness");
  g_assert_cmpstr (title_ja, ==, "良いシナリオ");
  g_assert_cmpstr (title_en, ==, "A good scenario");
  g_assert_cmpstr (age_band, ==, "70s");
  g_assert_cmpstr (sex, ==, "female");
  g_assert_true (g_str_has_suffix (bundle_path, "/scenarios/bundles/minimal.json"));
  g_assert_true (g_path_is_absolute (bundle_path));
  g_assert_cmpint (behaviour, ==, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_assert_cmpuint (card_delay, ==, 250);
  g_assert_cmpuint (remove_after, ==, 600);
  g_assert_cmpuint (fetch_delay, ==, 20);
  g_assert_cmpstr (network, ==, "503");
  g_assert_cmpuint (fc_scenario_get_card_error_status (scenario), ==, 0x6982);

  names = fc_scenario_get_measured_names (scenario);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 3);
  g_assert_cmpstr (names[0], ==, "bgl");
  g_assert_cmpstr (fc_scenario_get_measured (scenario, "bgl"), ==, "42");
  g_assert_cmpstr (fc_scenario_get_measured (scenario, "temperature"), ==, "36.6");
  g_assert_null (fc_scenario_get_measured (scenario, "spo2"));
  g_assert_cmpuint (g_strv_length ((char **) fc_scenario_get_expected_warnings (scenario)), ==, 2);
}

static void
test_defaults_and_finalize (void)
{
  FcScenario *scenario = load (FIXTURE_DIR "/04-corrupt-bundle.json");

  /* Only Japanese title: used whatever the language. */
  g_assert_cmpstr (fc_scenario_get_title (scenario), ==, "壊れたバンドル");
  g_assert_null (fc_scenario_get_title_en (scenario));
  g_assert_null (fc_scenario_get_brief (scenario));
  g_assert_null (fc_scenario_get_presentation (scenario));
  g_assert_cmpstr (fc_scenario_get_age_band (scenario), ==, "unknown");
  g_assert_cmpstr (fc_scenario_get_sex (scenario), ==, "unknown");
  g_assert_cmpint (fc_scenario_get_card_behaviour (scenario), ==, FC_VIRTUAL_CARD_PRESENT);
  g_assert_cmpuint (fc_scenario_get_card_delay_ms (scenario), ==, 0);
  g_assert_cmpuint (fc_scenario_get_card_error_status (scenario), ==, 0);
  g_assert_cmpstr (fc_scenario_get_network (scenario), ==, "online");
  g_assert_cmpuint (fc_scenario_get_fetch_delay_ms (scenario), ==, 0);
  g_assert_null (fc_scenario_get_measured_names (scenario)[0]);
  g_assert_null (fc_scenario_get_expected_warnings (scenario)[0]);

  g_assert_finalize_object (scenario);
}

static void
test_localised (void)
{
  g_autofree char *path = shipped_path ("pilot-1-anticoagulant");
  g_autoptr(FcScenario) scenario = load (path);
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "ja_JP", TRUE);
  g_assert_cmpstr (fc_scenario_get_title (scenario), ==, fc_scenario_get_title_ja (scenario));
  g_assert_true (g_str_has_prefix (fc_scenario_get_presentation (scenario), "70歳代"));

  /* The C locale does not count; the first real language decides. */
  g_setenv ("LANGUAGE", "C:ja", TRUE);
  g_assert_cmpstr (fc_scenario_get_title (scenario), ==, fc_scenario_get_title_ja (scenario));
  g_setenv ("LANGUAGE", "en_GB:ja", TRUE);
  g_assert_cmpstr (fc_scenario_get_title (scenario), ==, fc_scenario_get_title_en (scenario));

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_assert_cmpstr (fc_scenario_get_title (scenario), ==, fc_scenario_get_title_en (scenario));
}

static void
test_error_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = fc_scenario_new_from_file (FIXTURE_DIR "/03-broken-syntax.json",
                                                              &error);

  g_assert_null (scenario);
  g_assert_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  /* FILE:LINE:COLUMN at the token where the comma is missing. */
  g_assert_true (g_str_has_prefix (error->message, "03-broken-syntax.json:4:3: "));
}

static void
test_error_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = fc_scenario_new_from_file (FIXTURE_DIR "/none.json", &error);

  g_assert_null (scenario);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, "none.json: "));
}

static void
test_error_fields (TmpFixture    *fixture,
                   gconstpointer  user_data)
{
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
    { "{\"format\": 1, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“title”" },
    { "{\"format\": 3, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“format”" },
    { "{\"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“format”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“patient”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}}",
      FC_SCENARIO_ERROR_INVALID, "“bundle”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"card\": {\"behaviour\": \"flying\"}}",
      FC_SCENARIO_ERROR_INVALID, "“card.behaviour”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"card\": {\"delay_ms\": -5}}",
      FC_SCENARIO_ERROR_INVALID, "“card.delay_ms”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"card\": {\"delay_ms\": \"fast\"}}",
      FC_SCENARIO_ERROR_INVALID, "“card.delay_ms”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"card\": {\"behaviour\": \"removed-after\"}}",
      FC_SCENARIO_ERROR_INVALID, "“card.remove_after_bytes”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"card\": {\"error_status\": \"69\"}}",
      FC_SCENARIO_ERROR_INVALID, "“card.error_status”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"network\": {\"mode\": \"dial-up\"}}",
      FC_SCENARIO_ERROR_INVALID, "“network.mode”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"network\": {\"delay_ms\": 1.5}}",
      FC_SCENARIO_ERROR_INVALID, "“network.delay_ms”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {\"age_band\": \"seventies\"},"
      " \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“patient.age_band”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {\"sex\": \"m\"},"
      " \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“patient.sex”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {\"age\": 70},"
      " \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“patient.age”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"netwrok\": {}}",
      FC_SCENARIO_ERROR_INVALID, "“netwrok”" },
    { "{\"format\": 1, \"title\": {\"fr\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“title.fr”" },
    { "{\"format\": 1, \"title\": {}, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“title”" },
    { "{\"format\": 1, \"title\": {\"en\": \"\"}, \"patient\": {}, \"bundle\": \"bundle.json\"}",
      FC_SCENARIO_ERROR_INVALID, "“title.en”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"measured\": {\"bgl\": [1]}}",
      FC_SCENARIO_ERROR_INVALID, "“measured.bgl”" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"bundle.json\","
      " \"expected_warnings\": [\"R4\"]}",
      FC_SCENARIO_ERROR_INVALID, "“expected_warnings”" },
    { "[]", FC_SCENARIO_ERROR_INVALID, "object" },
    { "{\"format\": 1, \"title\": {\"en\": \"t\"}, \"patient\": {}, \"bundle\": \"nope.json\"}",
      FC_SCENARIO_ERROR_BUNDLE, "“nope.json”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcScenario) scenario = NULL;
      g_autofree char *name = g_strdup_printf ("case-%u", i);
      g_autofree char *prefix = g_strdup_printf ("case-%u.json:1:", i);
      g_autofree char *path = write_scenario (fixture, name, cases[i].json);

      scenario = fc_scenario_new_from_file (path, &error);
      g_assert_null (scenario);
      g_assert_error (error, FC_SCENARIO_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }
}

static void
test_load_directory (void)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GListModel) model = fc_scenario_load_directory (FIXTURE_DIR, &errors);
  g_autoptr(FcScenario) first = NULL;
  g_autoptr(FcScenario) second = NULL;

  /* Two good files (sorted by name), two bad ones reported; notes.txt and bundles/ ignored. */
  g_assert_true (g_list_model_get_item_type (model) == FC_TYPE_SCENARIO);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpstr (fc_scenario_get_id (first), ==, "01-good");
  g_assert_cmpstr (fc_scenario_get_id (second), ==, "04-corrupt-bundle");

  g_assert_cmpuint (errors->len, ==, 2);
  g_test_message ("%s", (char *) g_ptr_array_index (errors, 0));
  g_test_message ("%s", (char *) g_ptr_array_index (errors, 1));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (errors, 0), "02-bad-behaviour.json:"));
  g_assert_nonnull (strstr (g_ptr_array_index (errors, 0), "card.behaviour"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (errors, 1),
                                   "03-broken-syntax.json:4:3: "));

  /* Without an error list, and on a missing folder. */
  {
    g_autoptr(GListModel) again = fc_scenario_load_directory (FIXTURE_DIR, NULL);
    g_autoptr(GPtrArray) missing_errors = NULL;
    g_autoptr(GListModel) missing = fc_scenario_load_directory (FIXTURE_DIR "/nope",
                                                                &missing_errors);

    g_assert_cmpuint (g_list_model_get_n_items (again), ==, 2);
    g_assert_cmpuint (g_list_model_get_n_items (missing), ==, 0);
    g_assert_cmpuint (missing_errors->len, ==, 1);
  }
}

/* Scenario source */

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

  g_test_add_func ("/fc/scenario/load/shipped", test_load_shipped);
  g_test_add_func ("/fc/scenario/load/directory-shipped", test_load_directory_shipped);
  g_test_add_func ("/fc/scenario/properties", test_properties);
  g_test_add_func ("/fc/scenario/defaults-and-finalize", test_defaults_and_finalize);
  g_test_add_func ("/fc/scenario/localised", test_localised);
  g_test_add_func ("/fc/scenario/error/syntax", test_error_syntax);
  g_test_add_func ("/fc/scenario/error/missing-file", test_error_missing_file);
  g_test_add ("/fc/scenario/error/fields", TmpFixture, NULL,
              tmp_setup, test_error_fields, tmp_teardown);
  g_test_add_func ("/fc/scenario/load/directory-skips-bad-files", test_load_directory);
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
