/* test-training.c: the three pilot training cases of data/scenarios (read through the scenario
 * loader and the FHIR reader, then evaluated in the order a crew works: history, then the
 * observation of consciousness, then the measured values), and the FHIR fixture bundles of
 * tests/rules/bundles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-fhir-reader.h"
#include "fc-scenario.h"
#include "rules-test-util.h"
#include "wording-check.h"

#define SCENARIOS FC_TEST_SRCDIR "/../data/scenarios"
#define BUNDLES   FC_TEST_SRCDIR "/rules/bundles"

/* Evaluation day of the training cases (after their last dispensing dates). */
#define TRAINING_YEAR  2026
#define TRAINING_MONTH 11
#define TRAINING_DAY   20

typedef enum {
  STAGE_HISTORY,  /* the summary alone */
  STAGE_OBSERVED, /* + the consciousness the crew observes, before anything is measured */
  STAGE_MEASURED, /* + every measured finding of the scenario */
  N_STAGES
} Stage;

typedef struct {
  const char *scenario;
  const char *expected[N_STAGES]; /* rt_describe () of each stage */
} TrainingCase;

static const TrainingCase training_cases[] = {
  { "pilot-1-anticoagulant",
    { "R08(caution) R28(info)",
      "G0(caution) R08(caution) R28(info)",
      "R08(caution) G3(info) R28(info)" } },
  { "pilot-2-ckd",
    { "R21(info)",
      "R21(info)",
      "G3(info) R21(info)" } },
  { "pilot-3-diabetes",
    { "R01(caution) R04(caution) R26(caution)",
      "R05(critical) R01(caution) R26(caution)",
      "G2(critical) R01(caution) R04(caution) R26(caution)" } },
};

static FcFindings *
findings_for_stage (FcScenario *scenario,
                    Stage       stage)
{
  FcFindings *findings = fc_findings_new ();
  const char * const *names = fc_scenario_get_measured_names (scenario);

  for (guint i = 0; stage != STAGE_HISTORY && names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *assignment = NULL;
      g_autoptr(GError) error = NULL;

      if (stage == STAGE_OBSERVED && !g_str_equal (names[i], "consciousness"))
        continue;
      assignment = g_strdup_printf ("%s=%s", names[i],
                                    fc_scenario_get_measured (scenario, names[i]));
      g_assert_true (fc_findings_parse (findings, assignment, &error));
      g_assert_no_error (error);
    }
  return findings;
}

static void
test_training_case (RtFixture     *fixture,
                    gconstpointer  data)
{
  const TrainingCase *c = data;
  g_autofree char *path = g_strdup_printf ("%s/%s.json", SCENARIOS, c->scenario);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = fc_scenario_new_from_file (path, &error);
  g_autoptr(GDateTime) today = g_date_time_new_local (TRAINING_YEAR, TRAINING_MONTH, TRAINING_DAY,
                                                      10, 0, 0);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const *expected;

  g_assert_no_error (error);
  summary = fc_fhir_read_bundle_file (fc_scenario_get_bundle_path (scenario), today, &error);
  g_assert_no_error (error);

  for (Stage stage = STAGE_HISTORY; stage < N_STAGES; stage++)
    {
      g_autoptr(FcFindings) findings = findings_for_stage (scenario, stage);
      g_autoptr(GListModel) warnings = fc_rule_set_evaluate_at (fixture->rules, summary, findings,
                                                                today);
      g_autofree char *fired = rt_describe (warnings);

      g_test_message ("%s stage %d: %s", c->scenario, stage, fired);
      g_assert_cmpstr (fired, ==, c->expected[stage]);
      for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
        {
          g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
          const char *id = fc_warning_get_rule_id (warning);
          g_autofree char *unsafe_ja = NULL;
          g_autofree char *unsafe_en = NULL;

          g_hash_table_add (seen, g_strdup (id));
          /* Until a value is measured, nothing suggests glucose (or any other treatment). */
          if (stage != STAGE_MEASURED)
            {
              unsafe_ja = wc_find_unsafe_sentence (fc_warning_get_message_ja (warning), TRUE,
                                                   WC_ALLOW_NONE);
              unsafe_en = wc_find_unsafe_sentence (fc_warning_get_message_en (warning), FALSE,
                                                   WC_ALLOW_NONE);
              g_assert_null (unsafe_ja);
              g_assert_null (unsafe_en);
            }
        }
    }

  /* The trainer's expected warnings all appear in the course of the case. */
  expected = fc_scenario_get_expected_warnings (scenario);
  g_assert_cmpuint (g_strv_length ((char **) expected), >=, 1);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_test_message ("expected %s", expected[i]);
      g_assert_true (g_hash_table_contains (seen, expected[i]));
    }
}

/* Pilot 3 in detail: measure first while nothing is measured; 420 mg/dL says glucose is
 * contraindicated and thinks of DKA/HHS. */
static void
test_pilot_3_messages (RtFixture     *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = fc_scenario_new_from_file (SCENARIOS "/pilot-3-diabetes.json",
                                                              &error);
  g_autoptr(GDateTime) today = g_date_time_new_local (TRAINING_YEAR, TRAINING_MONTH, TRAINING_DAY,
                                                      10, 0, 0);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcFindings) observed = NULL;
  g_autoptr(FcFindings) measured = NULL;
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  FcWarning *r05;
  FcWarning *g2;

  g_assert_no_error (error);
  summary = fc_fhir_read_bundle_file (fc_scenario_get_bundle_path (scenario), today, &error);
  g_assert_no_error (error);
  observed = findings_for_stage (scenario, STAGE_OBSERVED);
  measured = findings_for_stage (scenario, STAGE_MEASURED);
  before = fc_rule_set_evaluate_at (fixture->rules, summary, observed, today);
  after = fc_rule_set_evaluate_at (fixture->rules, summary, measured, today);

  r05 = rt_find_warning (before, "R05");
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r05), "血糖測定を最優先"));
  g_assert_true (g_strv_contains ((const char * const *) fc_warning_get_finding_evidence (r05),
                                  "bgl=not measured"));
  g2 = rt_find_warning (after, "G2");
  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "Glucose is contraindicated"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "DKA/HHS"));
  g_assert_cmpstr (fc_warning_get_finding_evidence (g2)[0], ==, "bgl=420 mg/dL");
}

/* ---- FHIR fixture bundles ----------------------------------------------------------------- */

static GListModel *
evaluate_bundle (FcRuleSet  *rules,
                 const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s", BUNDLES, name);
  g_autoptr(GDateTime) today = g_date_time_new_local (EVAL_YEAR, EVAL_MONTH, EVAL_DAY, 10, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = fc_fhir_read_bundle_file (path, today, &error);

  g_assert_no_error (error);
  return fc_rule_set_evaluate_at (rules, summary, NULL, today);
}

/* A positive HBs antigen (interpretation POS) and a negative HCV antibody; two 薬剤禁忌, one
 * an adrenaline auto-injector coded in JFAGY, the other matching a prescribed medicine. */
static void
test_bundle_infection_contraindication (RtFixture     *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GListModel) warnings = evaluate_bundle (fixture->rules,
                                                    "infection-contraindication.json");
  g_autofree char *fired = rt_describe (warnings);
  FcWarning *r25 = rt_find_warning (warnings, "R25");
  FcWarning *r27 = rt_find_warning (warnings, "R27");
  g_autoptr(JsonNode) json = NULL;
  JsonArray *evidence;

  g_test_message ("%s", fired);
  g_assert_cmpstr (fired, ==, "R25(critical) R27(info)");
  g_assert_true (g_str_has_prefix (fc_warning_get_message_ja (r25),
                                   "薬剤禁忌：エピペン注射液（アドレナリン）、アモキシシリン。"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (r25),
                            "matches a drug the crew uses (adrenaline)"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (r25),
                            "The record lists a medicine matching a 薬剤禁忌 "
                            "(アモキシシリンカプセル250mg「日医工」): tell the hospital."));
  g_assert_cmpuint (fc_warning_get_evidence (r25)->len, ==, 3);

  g_assert_cmpuint (fc_warning_get_evidence (r27)->len, ==, 1);
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r27), "陽性 (POS) (2025-04-01)"));

  /* The evidence of the JSON form carries dates and codes. */
  json = fc_warning_to_json (r27);
  evidence = json_object_get_array_member (json_node_get_object (json), "evidence");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (evidence, 0),
                                                  "date"), ==, "2025-04-01");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (evidence, 0),
                                                  "code"), ==, "jlac10|5F016141002399911");
}

/* Entered in error (dropped by the reader), resolved and suspected conditions. */
static void
test_bundle_condition_status (RtFixture     *fixture,
                              gconstpointer  data)
{
  g_autoptr(GListModel) warnings = evaluate_bundle (fixture->rules, "condition-status.json");
  g_autofree char *fired = rt_describe (warnings);
  FcWarning *r06 = rt_find_warning (warnings, "R06");
  FcSummaryItem *item;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *evidence;

  g_test_message ("%s", fired);
  /* No R04 (entered in error), no R22 (resolved), no R28 (suspected only). */
  g_assert_cmpstr (fired, ==, "R06(info)");
  item = g_ptr_array_index (fc_warning_get_evidence (r06), 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "低血糖症の疑い");
  g_assert_cmpstr (fc_warning_item_label (item, "ja"), ==, "疑い");

  json = fc_warning_to_json (r06);
  evidence = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json), "evidence"), 0);
  g_assert_true (json_object_get_boolean_member (evidence, "unconfirmed"));
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (evidence, "label"), "en"), ==, "suspected (unconfirmed)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (training_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/rules/training/%s",
                                               training_cases[i].scenario);

      g_test_add (path, RtFixture, &training_cases[i], rt_fixture_set_up, test_training_case,
                  rt_fixture_tear_down);
    }
  g_test_add ("/fc/rules/training/pilot-3-messages", RtFixture, NULL, rt_fixture_set_up,
              test_pilot_3_messages, rt_fixture_tear_down);
  g_test_add ("/fc/rules/bundles/infection-contraindication", RtFixture, NULL, rt_fixture_set_up,
              test_bundle_infection_contraindication, rt_fixture_tear_down);
  g_test_add ("/fc/rules/bundles/condition-status", RtFixture, NULL, rt_fixture_set_up,
              test_bundle_condition_status, rt_fixture_tear_down);

  return g_test_run ();
}
