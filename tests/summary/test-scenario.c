/* test-scenario.c: training scenarios (data/scenarios): loading the shipped ones and folders,
 * properties and defaults, localised titles, and the errors that name the file, line and field.
 * FcScenarioSource is in test-scenario-source.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-scenario.h"
#include "fc-core-enums.h"
#include "scenario-test-util.h"

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

  return g_test_run ();
}
