/* test-scenario-format.c: scenario formats 1 and 2, the validator's line-precise problems (core
 * and "fieldcard-cli scenario validate"), and every shipped scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-test-cli.h"

#include <string.h>
#include <sys/wait.h>

#include "fc-core-enums.h"
#include "fc-scenario-check.h"
#include "fc-scenario-source.h"
#include "training-test-util.h"

#define FIXTURES TRAINING_TEST_DIR "/scenarios"

static FcScenario *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (FIXTURES, name, NULL);

  return tt_load (path);
}

/* Checks @name and returns its problems ("FILE:LINE:COLUMN: message" lines, FILE as given). */
static GPtrArray *
check_fixture (const char *name,
               gboolean   *ok)
{
  g_autofree char *path = g_build_filename (FIXTURES, name, NULL);
  g_autoptr(FcRuleSet) rules = tt_rules ();
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fc_scenario_problem_free);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  *ok = fc_scenario_check_file (path, rules, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      FcScenarioProblem *problem = g_ptr_array_index (problems, i);
      char *line = fc_scenario_problem_to_string (problem);

      g_assert_cmpstr (problem->file, ==, path);
      g_test_message ("%s", line);
      /* Without the folder, for short comparisons. */
      g_ptr_array_add (lines, g_strdup (line + strlen (FIXTURES "/")));
      g_free (line);
    }
  return lines;
}

static gboolean
lines_contain (GPtrArray  *lines,
               const char *prefix,
               const char *fragment)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_str_has_prefix (line, prefix) && strstr (line, fragment) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_v1_loads (void)
{
  g_autoptr(FcScenario) scenario = load_fixture ("v1-minimal.json");
  gboolean ok = FALSE;
  g_autoptr(GPtrArray) lines = NULL;
  const char * const *names;

  g_assert_cmpint (fc_scenario_get_format (scenario), ==, 1);
  g_assert_cmpstr (fc_scenario_get_card_behaviour_name (scenario), ==, "present");
  g_assert_null (fc_scenario_get_today (scenario));
  g_assert_cmpint (fc_scenario_get_consent (scenario), ==, FC_SCENARIO_CONSENT_GIVES);
  g_assert_true (fc_scenario_get_record_matches (scenario));
  g_assert_cmpuint (fc_scenario_get_n_targets (scenario), ==, 0);
  /* Format 1 measured values: any name, all of them "measured". */
  names = fc_scenario_get_measured_names (scenario);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 2);
  g_assert_cmpstr (fc_scenario_get_measured (scenario, "temperature"), ==, "36.6");
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "bgl"), ==, "420");

  /* Format 1 expected warnings are "at least": R01 and R26 also appear, and that is fine. */
  lines = check_fixture ("v1-minimal.json", &ok);
  g_assert_true (ok);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_v2_loads (void)
{
  g_autoptr(FcScenario) scenario = load_fixture ("v2-full.json");
  const FcScenarioTarget *target;
  const char * const *measured;
  const char * const *revealed;
  FcScenarioConsent consent;
  gboolean matches;
  int format;

  g_object_get (scenario, "format", &format, "consent", &consent, "record-matches", &matches,
                NULL);
  g_assert_cmpint (format, ==, 2);
  g_assert_cmpint (consent, ==, FC_SCENARIO_CONSENT_UNABLE);
  g_assert_true (matches);

  g_assert_cmpstr (fc_scenario_get_brief_ja (scenario), ==, "説明");
  g_assert_cmpstr (fc_scenario_get_brief_en (scenario), ==, "Brief");
  g_assert_cmpstr (fc_scenario_get_presentation_ja (scenario), ==, "意識障害");
  g_assert_cmpstr (fc_scenario_get_presentation_en (scenario), ==, "Drowsy");
  g_assert_cmpint (g_date_time_get_year (fc_scenario_get_today (scenario)), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (fc_scenario_get_today (scenario)), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (fc_scenario_get_today (scenario)), ==, 20);

  g_assert_cmpint (fc_scenario_get_card_behaviour (scenario), ==, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_assert_cmpuint (fc_scenario_get_remove_after_bytes (scenario), ==, 300);
  g_assert_cmpuint (fc_scenario_get_card_reinsert_after_ms (scenario), ==, 2000);
  g_assert_cmpuint (fc_scenario_get_card_byte_delay_us (scenario), ==, 150);
  g_assert_cmpuint (fc_scenario_get_card_error_status (scenario), ==, 0x6982);
  g_assert_false (fc_scenario_get_card_expired (scenario));
  g_assert_cmpstr (fc_scenario_get_network (scenario), ==, "drops-after-fetch");
  g_assert_cmpuint (fc_scenario_get_fetch_delay_ms (scenario), ==, 20);

  /* Findings (for FcFindings) and vital signs (to show the crew) are told apart. */
  measured = fc_scenario_get_measured_names (scenario);
  g_assert_cmpuint (g_strv_length ((char **) measured), ==, 3);
  g_assert_cmpstr (fc_scenario_get_measured (scenario, "bgl"), ==, "HI");
  g_assert_cmpstr (fc_scenario_get_measured (scenario, "head-injury"), ==, "yes");
  g_assert_null (fc_scenario_get_measured (scenario, "spo2"));
  revealed = fc_scenario_get_revealed_names (scenario);
  g_assert_cmpuint (g_strv_length ((char **) revealed), ==, 12);
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "bp"), ==, "92/60");
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "temp"), ==, "36.0");
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "jcs"), ==, "200");
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "breathing"), ==, "deep and fast");
  g_assert_cmpstr (fc_scenario_get_revealed (scenario, "skin"), ==, "dry");
  g_assert_true (fc_scenario_is_finding_name ("bgl"));
  g_assert_true (fc_scenario_is_finding_name ("seizure"));
  g_assert_false (fc_scenario_is_finding_name ("spo2"));
  g_assert_false (fc_scenario_is_finding_name ("unknown"));

  g_assert_cmpuint (fc_scenario_get_n_targets (scenario), ==, 3);
  target = fc_scenario_get_target (scenario, 0);
  g_assert_cmpint (target->kind, ==, FC_SCENARIO_TARGET_INTERVAL);
  g_assert_cmpstr (target->id, ==, "contact-to-summary");
  g_assert_cmpstr (target->label_ja, ==, "接触から要約まで");
  g_assert_cmpstr (target->from, ==, "patient-contact");
  g_assert_cmpstr (target->to, ==, "summary-shown");
  g_assert_cmpuint (target->within_s, ==, 90);
  target = fc_scenario_get_target (scenario, 1);
  g_assert_cmpint (target->kind, ==, FC_SCENARIO_TARGET_EVENT);
  g_assert_cmpstr (target->event, ==, "finding:glucose");
  g_assert_cmpuint (g_strv_length (target->before), ==, 2);
  g_assert_null (target->label_en);
  target = fc_scenario_get_target (scenario, 2);
  g_assert_cmpint (target->kind, ==, FC_SCENARIO_TARGET_NEVER);
  g_assert_cmpstr (target->event, ==, "card-asked");
}

static void
test_positions (void)
{
  g_autoptr(FcScenario) scenario = load_fixture ("v2-full.json");
  guint line = 0;
  guint column = 0;

  g_assert_true (fc_scenario_lookup_position (scenario, "card.behaviour", FALSE, &line, &column));
  g_assert_cmpuint (line, ==, 16);
  g_assert_cmpuint (column, ==, 18);
  g_assert_true (fc_scenario_lookup_position (scenario, "card.behaviour", TRUE, &line, &column));
  g_assert_cmpuint (line, ==, 16);
  g_assert_cmpuint (column, ==, 5);
  /* Array elements; and a column after Japanese text, counted in characters. */
  g_assert_true (fc_scenario_lookup_position (scenario, "expected_warnings[2]", FALSE, &line,
                                              &column));
  g_assert_cmpuint (line, ==, 38);
  g_assert_cmpuint (column, ==, 38);
  g_assert_true (fc_scenario_lookup_position (scenario, "title.en", FALSE, &line, &column));
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (column, ==, 33);
  /* A node that does not exist falls back to its parent. */
  g_assert_true (fc_scenario_lookup_position (scenario, "card.nothing", FALSE, &line, &column));
  g_assert_cmpuint (line, ==, 15);
  g_assert_cmpuint (column, ==, 11);
  g_assert_true (fc_scenario_lookup_position (scenario, "", FALSE, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 1);
}

/* A syntax error is reported where it is, in characters (Japanese text counts one per
 * character). */
static void
test_syntax_error_position (void)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) lines = check_fixture ("bad-syntax.json", &ok);
  g_autoptr(GPtrArray) lines_ja = NULL;
  g_autoptr(FcScenarioProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = NULL;

  g_assert_false (ok);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "bad-syntax.json:4:3: expected “,” or “}” after the value of “title” (is a "
                   "comma missing?)");

  lines_ja = check_fixture ("bad-syntax-ja.json", &ok);
  g_assert_false (ok);
  g_assert_true (lines_contain (lines_ja, "bad-syntax-ja.json:3:24: ", "“,” or “}”"));

  /* The loader says the same, with the base name, as FC_SCENARIO_ERROR_SYNTAX. */
  scenario = fc_scenario_new_from_file_full (FIXTURES "/bad-syntax.json", &problem, &error);
  g_assert_null (scenario);
  g_assert_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "bad-syntax.json:4:3: "));
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_cmpuint (problem->column, ==, 3);
}

/* A semantic error (an unknown card behaviour on line 12) points at the value. */
static void
test_semantic_error_position (void)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) lines = check_fixture ("bad-behaviour.json", &ok);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = NULL;

  g_assert_false (ok);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (lines_contain (lines, "bad-behaviour.json:12:18: ", "“card.behaviour” must be one of"));

  scenario = fc_scenario_new_from_file (FIXTURES "/bad-behaviour.json", &error);
  g_assert_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "bad-behaviour.json:12:18: "));
}

static void
test_more_semantic_errors (void)
{
  static const struct {
    const char *file;
    const char *prefix;
    const char *fragment;
  } cases[] = {
    /* Unknown names point at the name. */
    { "bad-measured.json", "bad-measured.json:8:5: ", "unknown measured value “potassium”" },
    { "bad-target.json", "bad-target.json:9:17: ", "“took-off” is not a timeline event" },
    { "duplicate.json", "duplicate.json:7:15: ", "“network.mode” is given twice" },
    { "v1-with-v2-field.json", "v1-with-v2-field.json:6:3: ", "unknown field “today”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = TRUE;
      g_autoptr(GPtrArray) lines = check_fixture (cases[i].file, &ok);

      g_assert_false (ok);
      g_assert_cmpuint (lines->len, ==, 1);
      g_assert_true (lines_contain (lines, cases[i].prefix, cases[i].fragment));
    }
}

/* Expected warnings must exist in rules.json and be exactly those the case produces. */
static void
test_expected_warnings_checked (void)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) lines = check_fixture ("bad-expected.json", &ok);

  g_assert_false (ok);
  g_assert_true (lines_contain (lines, "bad-expected.json:10:5: ", "rule “R99” is not in rules.json"));
  g_assert_true (lines_contain (lines, "bad-expected.json:11:5: ",
                                "rule “R07” is expected but does not appear"));
  /* Played, the case also shows R05 (impaired, not measured), G2 (420 mg/dL) and R26. */
  g_assert_true (lines_contain (lines, "bad-expected.json:8:24: ", "rule “R05” appears"));
  g_assert_true (lines_contain (lines, "bad-expected.json:8:24: ", "rule “G2” appears"));
  g_assert_true (lines_contain (lines, "bad-expected.json:8:24: ", "rule “R26” appears"));
  g_assert_cmpuint (lines->len, ==, 5);
}

/* The record's sex and age band must match the patient unless it is a wrong-person drill. */
static void
test_person_checked (void)
{
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) lines = check_fixture ("bad-person.json", &ok);

  g_assert_false (ok);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (lines_contain (lines, "bad-person.json:7:12: ", "“patient.record_matches”"));
}

static void
test_event_references (void)
{
  g_assert_true (fc_scenario_event_reference_is_valid ("patient-contact"));
  g_assert_true (fc_scenario_event_reference_is_valid ("finding:glucose"));
  g_assert_true (fc_scenario_event_reference_is_valid ("training-paused"));
  g_assert_false (fc_scenario_event_reference_is_valid ("finding:"));
  g_assert_false (fc_scenario_event_reference_is_valid ("take-off"));
  g_assert_false (fc_scenario_event_reference_is_valid ("correction"));

  g_assert_true (fc_scenario_event_matches ("finding:glucose", "finding", "kind=glucose"));
  g_assert_false (fc_scenario_event_matches ("finding:glucose", "finding", "kind=consciousness"));
  g_assert_true (fc_scenario_event_matches ("warning-acknowledged:G1", "warning-acknowledged",
                                            "rule=G1"));
  g_assert_true (fc_scenario_event_matches ("fetch-done:error", "fetch-done",
                                            "result=error code=2"));
  g_assert_true (fc_scenario_event_matches ("card-read", "card-read", "apdus=5 bytes=600"));
  g_assert_false (fc_scenario_event_matches ("card-read", "card-asked", NULL));
  g_assert_false (fc_scenario_event_matches ("consent:refused", "consent", NULL));
}

static void
test_problem_boxed (void)
{
  g_autoptr(FcScenarioProblem) problem = fc_scenario_problem_new ("a.json", 3, 7, "bad");
  g_autoptr(FcScenarioProblem) copy = fc_scenario_problem_copy (problem);
  g_autoptr(FcScenarioProblem) nowhere = fc_scenario_problem_new ("b.json", 0, 0, "unreadable");
  g_autofree char *text = fc_scenario_problem_to_string (copy);
  g_autofree char *text_nowhere = fc_scenario_problem_to_string (nowhere);

  g_assert_true (G_TYPE_IS_BOXED (FC_TYPE_SCENARIO_PROBLEM));
  g_assert_cmpstr (text, ==, "a.json:3:7: bad");
  g_assert_cmpstr (text_nowhere, ==, "b.json: unreadable");
}

/* Every shipped scenario passes the validator, in both languages. */
static void
test_shipped_validate (void)
{
  g_autoptr(GPtrArray) ids = tt_shipped_ids ();
  g_autoptr(FcRuleSet) rules = tt_rules ();
  g_autoptr(GHashTable) behaviours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) networks = g_hash_table_new (g_str_hash, g_str_equal);
  guint refusals = 0;
  guint wrong_people = 0;

  g_assert_cmpuint (ids->len, >=, 12);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = tt_shipped_path (g_ptr_array_index (ids, i));
      g_autoptr(GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) fc_scenario_problem_free);
      g_autoptr(FcScenario) scenario = tt_load (path);
      gboolean ok = fc_scenario_check_file (path, rules, problems);

      for (guint j = 0; j < problems->len; j++)
        {
          g_autofree char *line = fc_scenario_problem_to_string (g_ptr_array_index (problems, j));

          g_test_message ("%s", line);
        }
      g_assert_true (ok);

      /* Japanese first, English too. */
      g_assert_cmpint (fc_scenario_get_format (scenario), ==, 2);
      g_assert_nonnull (fc_scenario_get_title_ja (scenario));
      g_assert_nonnull (fc_scenario_get_title_en (scenario));
      g_assert_nonnull (fc_scenario_get_brief_ja (scenario));
      g_assert_nonnull (fc_scenario_get_brief_en (scenario));
      g_assert_nonnull (fc_scenario_get_presentation_ja (scenario));
      g_assert_nonnull (fc_scenario_get_presentation_en (scenario));
      g_assert_nonnull (fc_scenario_get_today (scenario));
      g_assert_cmpuint (fc_scenario_get_n_targets (scenario), >, 0);

      g_hash_table_add (behaviours, (gpointer) g_intern_string (
                          fc_scenario_get_card_behaviour_name (scenario)));
      g_hash_table_add (networks, (gpointer) g_intern_string (fc_scenario_get_network (scenario)));
      if (fc_scenario_get_consent (scenario) == FC_SCENARIO_CONSENT_REFUSES)
        {
          refusals++;
          g_assert_null (fc_scenario_get_expected_warnings (scenario)[0]);
        }
      if (!fc_scenario_get_record_matches (scenario))
        wrong_people++;
    }

  /* The library covers every card behaviour a trainer needs and the network faults. */
  g_assert_true (g_hash_table_contains (behaviours, "present"));
  g_assert_true (g_hash_table_contains (behaviours, "absent"));
  g_assert_true (g_hash_table_contains (behaviours, "removed-after"));
  g_assert_true (g_hash_table_contains (behaviours, "slow"));
  g_assert_true (g_hash_table_contains (behaviours, "expired"));
  g_assert_true (g_hash_table_contains (behaviours, "wrong-application"));
  g_assert_true (g_hash_table_contains (networks, "online"));
  g_assert_true (g_hash_table_contains (networks, "drops-after-fetch"));
  g_assert_true (g_hash_table_contains (networks, "503"));
  g_assert_cmpuint (refusals, ==, 1);
  g_assert_cmpuint (wrong_people, ==, 1);
}

/* Hypo- and hyperglycaemia: the same history (bundle), a different measured value. */
static void
test_shipped_hypo_hyper (void)
{
  g_autoptr(FcScenario) hypo = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcScenario) hyper = tt_load_shipped ("hyperglycaemia-hhs");
  g_autoptr(FcScenario) sglt2 = tt_load_shipped ("sglt2-euglycaemic-dka");

  g_assert_cmpstr (fc_scenario_get_bundle_path (hypo), ==, fc_scenario_get_bundle_path (hyper));
  g_assert_cmpstr (fc_scenario_get_measured (hypo, "bgl"), ==, "32");
  g_assert_cmpstr (fc_scenario_get_measured (hyper, "bgl"), ==, "HI");
  g_assert_true (g_strv_contains (fc_scenario_get_expected_warnings (hypo), "G1"));
  g_assert_true (g_strv_contains (fc_scenario_get_expected_warnings (hyper), "G2"));
  /* Euglycaemic: a glucose that does not alarm, and the SGLT2 warning. */
  g_assert_cmpstr (fc_scenario_get_measured (sglt2, "bgl"), ==, "180");
  g_assert_true (g_strv_contains (fc_scenario_get_expected_warnings (sglt2), "R03"));
  g_assert_nonnull (strstr (fc_scenario_get_revealed (sglt2, "breathing"), "Kussmaul"));
}

/* fieldcard-cli scenario validate|list, as a trainer runs them. */
static void
run_cli (const char * const *argv,
         int                *status,
         char              **out,
         char              **err)
{
  *status = fc_test_run_cli (argv[0], argv + 1, NULL, out, err);
}

static void
test_cli_validate (void)
{
  const char *bad[] = { FIELDCARD_CLI, "scenario", "validate", FIXTURES "/bad-behaviour.json",
                        FIXTURES "/v1-minimal.json", NULL };
  g_autofree char *data_dir = g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "scenarios",
                                                NULL);
  const char *shipped[] = { FIELDCARD_CLI, "scenario", "validate", "--quiet", data_dir, NULL };
  const char *usage[] = { FIELDCARD_CLI, "scenario", "validate", NULL };
  const char *list[] = { FIELDCARD_CLI, "scenario", "list", NULL };
  const char *list_json[] = { FIELDCARD_CLI, "scenario", "list", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  run_cli (bad, &status, &out, &err);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (g_str_has_prefix (err, FIXTURES "/bad-behaviour.json:12:18: "));
  g_assert_nonnull (strstr (out, FIXTURES "/v1-minimal.json: valid"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (shipped, &status, &out, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (usage, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (list, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "wrong-person"));
  g_assert_nonnull (strstr (out, "drops-after-fetch"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (list_json, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                    >=, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/training/format/v1-still-loads", test_v1_loads);
  g_test_add_func ("/fc/training/format/v2-loads-every-field", test_v2_loads);
  g_test_add_func ("/fc/training/format/node-positions", test_positions);
  g_test_add_func ("/fc/training/format/problem-boxed", test_problem_boxed);
  g_test_add_func ("/fc/training/format/event-references", test_event_references);
  g_test_add_func ("/fc/training/validate/syntax-error-has-line-and-column",
                   test_syntax_error_position);
  g_test_add_func ("/fc/training/validate/semantic-error-has-line-and-column",
                   test_semantic_error_position);
  g_test_add_func ("/fc/training/validate/names-and-references", test_more_semantic_errors);
  g_test_add_func ("/fc/training/validate/expected-warnings-exist-and-fire",
                   test_expected_warnings_checked);
  g_test_add_func ("/fc/training/validate/record-person-matches", test_person_checked);
  g_test_add_func ("/fc/training/validate/cli", test_cli_validate);
  g_test_add_func ("/fc/training/shipped/all-validate", test_shipped_validate);
  g_test_add_func ("/fc/training/shipped/hypo-and-hyper-share-history", test_shipped_hypo_hyper);

  return g_test_run ();
}
