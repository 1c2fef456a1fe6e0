/* test-rule-set.c: loading the rules data: the shipped files, missing and malformed ones, and
 * the drug classes they define.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rules-test-util.h"

/* ---- Loading ------------------------------------------------------------------------------ */

static void
test_load_shipped (RtFixture     *fixture,
                   gconstpointer  data)
{
  static const char * const required[] = {
    "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R11", "R12", "R18",
    "R21", "R22", "R25", "R26", "R29", "G0", "G1", "G2", "G3", NULL
  };
  g_autofree char *directory = NULL;
  g_autofree char *dir = fc_rule_set_default_dir ();
  guint n_rules = 0;

  g_assert_cmpuint (fc_rule_set_get_n_rules (fixture->rules), >=, 30);
  for (guint i = 0; required[i] != NULL; i++)
    g_assert_true (fc_rule_set_has_rule (fixture->rules, required[i]));
  g_assert_false (fc_rule_set_has_rule (fixture->rules, "R99"));

  g_object_get (fixture->rules, "directory", &directory, "n-rules", &n_rules, NULL);
  g_assert_cmpstr (directory, ==, dir);
  g_assert_cmpuint (n_rules, ==, fc_rule_set_get_n_rules (fixture->rules));
  g_assert_true (g_str_has_suffix (dir, "rules"));
}

static void
test_missing_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRuleSet) rules = fc_rule_set_new_from_dir ("/nonexistent/fieldcard-rules", &error);

  g_assert_null (rules);
  g_assert_error (error, FC_RULES_ERROR, FC_RULES_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "/nonexistent/fieldcard-rules/drug-classes.json"));
}

#define CLASSES_OK \
  "{\"format\": 1, \"classes\": [" \
  "{\"id\": \"warfarin\", \"name\": {\"ja\": \"ワルファリン\", \"en\": \"warfarin\"}, \"yj4\": [\"3332\"], " \
  "\"sources\": [\"S7\"]}]}"

#define CREW_OK \
  "\"crew_drugs\": [{\"id\": \"adrenaline\", \"name\": {\"ja\": \"アドレナリン\", " \
  "\"en\": \"adrenaline\"}, \"yj4\": [\"2451\"], \"sources\": [\"S13\"]}]"

#define RULE_R25(addenda) \
  "{\"id\": \"R25\", \"severity\": \"critical\", " \
  "\"trigger\": {\"allergy\": {\"category\": [\"medication\"], \"criticality\": [\"high\"]}}, " \
  "\"addenda\": [" addenda "], \"message\": {\"ja\": \"薬剤禁忌：{evidence}。確認\", " \
  "\"en\": \"Check {evidence}\"}}"

#define RULE_OK(id) \
  "{\"id\": \"" id "\", \"severity\": \"caution\", \"trigger\": {\"any_class\": [\"warfarin\"]}, " \
  "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}"

typedef struct {
  const char *name;
  const char *classes; /* NULL: CLASSES_OK */
  const char *rules;
  int         code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "severity", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"severe\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'severity': unknown value 'severe'" },
  { "unknown-class", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarine\"]}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'trigger': unknown class 'warfarine'" },
  { "unknown-rule", NULL,
    "{\"format\": 1, \"rules\": [" RULE_OK ("R07") ", {\"id\": \"R10\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_of\": [\"R07\", \"R99\"]}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R10: field 'trigger': unknown rule 'R99'" },
  { "message-en-missing", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R04\", \"severity\": \"caution\", "
    "\"trigger\": {\"icd10_prefixes\": [\"E11\"]}, \"message\": {\"ja\": \"確認\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R04: field 'message.en': missing" },
  { "message-ja-empty", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R04\", \"severity\": \"caution\", "
    "\"trigger\": {\"icd10_prefixes\": [\"E11\"]}, \"message\": {\"ja\": \" \", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R04: field 'message.ja': must not be empty" },
  { "misspelt-field", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R02\", \"severty\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R02: field 'severty': unknown field" },
  { "cycle", NULL,
    "{\"format\": 1, \"rules\": ["
    "{\"id\": \"RA\", \"severity\": \"info\", \"trigger\": {\"rule\": \"RB\"}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}, "
    "{\"id\": \"RB\", \"severity\": \"info\", \"trigger\": {\"rule\": \"RA\"}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "field 'trigger': rule references form a cycle" },
  { "requires-history", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"requires_finding\": {\"any_class\": [\"warfarin\"]}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'requires_finding': may only test findings" },
  { "unknown-finding", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"requires_finding\": {\"finding\": \"pulse\"}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'requires_finding': unknown finding 'pulse'" },
  { "raise-not-higher", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, "
    "\"raise\": [{\"when\": {\"finding\": \"bleeding\"}, \"to\": \"info\"}], "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'raise': 'info' is not above" },
  { "duplicate", NULL,
    "{\"format\": 1, \"rules\": [" RULE_OK ("R07") ", " RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'id': defined twice" },
  { "no-id", NULL,
    "{\"format\": 1, \"rules\": [{\"severity\": \"caution\"}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule #1: field 'id': missing" },
  { "no-trigger-kind", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"drug\": \"warfarin\"}, \"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'trigger': names no trigger kind" },
  { "unknown-subsumed", NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"subsumes\": [\"R98\"], "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'subsumes': unknown rule 'R98'" },
  { "unknown-group", NULL,
    "{\"format\": 1, \"groups\": {\"GLU\": {}}, \"rules\": [{\"id\": \"R07\", \"severity\": "
    "\"caution\", \"group\": \"GLX\", \"trigger\": {\"any_class\": [\"warfarin\"]}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'group': unknown group 'GLX'" },
  { "unknown-source", NULL,
    "{\"format\": 1, \"sources\": {\"S7\": \"KEGG\"}, \"rules\": [{\"id\": \"R07\", \"severity\": "
    "\"caution\", \"sources\": [\"S7\", \"S77\"], \"trigger\": {\"any_class\": [\"warfarin\"]}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'sources': unknown source 'S77'" },
  { "glucose-thresholds", NULL,
    "{\"format\": 1, \"glucose\": {\"low_below\": 250, \"high_from\": 50}, \"rules\": ["
    RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: field 'glucose'" },
  { "format", NULL,
    "{\"format\": 2, \"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: field 'format': must be 1" },
  { "syntax", NULL,
    "{\"format\": 1,\n \"rules\": [\n  {\"id\": \"R07\",,}\n ]\n}",
    FC_RULES_ERROR_SYNTAX, "rules.json: line 3" },
  { "class-prefix-length",
    "{\"format\": 1, \"classes\": [{\"id\": \"warfarin\", \"name\": {\"ja\": \"ワルファリン\", "
    "\"en\": \"warfarin\"}, \"yj4\": [\"333\"]}]}",
    "{\"format\": 1, \"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "drug-classes.json: class warfarin: field 'yj4': '333' must be 4 characters long" },
  { "class-route",
    "{\"format\": 1, \"classes\": [{\"id\": \"warfarin\", \"name\": {\"ja\": \"ワルファリン\", "
    "\"en\": \"warfarin\"}, \"yj4\": [\"3332\"], \"route\": \"mouth\"}]}",
    "{\"format\": 1, \"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "drug-classes.json: class warfarin: field 'route': unknown value 'mouth'" },
  { "class-without-source",
    "{\"format\": 1, \"classes\": [{\"id\": \"warfarin\", \"name\": {\"ja\": \"ワルファリン\", "
    "\"en\": \"warfarin\"}, \"yj4\": [\"3332\"]}]}",
    "{\"format\": 1, \"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "drug-classes.json: class warfarin: field 'sources': missing" },
  { "crew-drug-prefix",
    NULL,
    "{\"format\": 1, \"crew_drugs\": [{\"id\": \"glucose\", \"name\": {\"ja\": \"ブドウ糖\", "
    "\"en\": \"glucose\"}, \"yj4\": [\"323\"], \"sources\": [\"S26\"]}], \"rules\": ["
    RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: crew drug glucose: field 'yj4': '323' must be 4 characters long" },
  { "crew-drugs-missing",
    NULL,
    "{\"format\": 1, \"rules\": [" RULE_R25 ("{\"when\": {\"allergen_matches\": \"crew_drugs\"}, "
    "\"message\": {\"ja\": \"報告\", \"en\": \"Report\"}}") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R25: field 'addenda.when': compares with the crew's drugs" },
  { "addendum-tests-finding",
    NULL,
    "{\"format\": 1, " CREW_OK ", \"rules\": [" RULE_R25 ("{\"when\": {\"finding\": \"anaphylaxis\"}, "
    "\"message\": {\"ja\": \"報告\", \"en\": \"Report\"}}") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R25: field 'addenda.when': may not test findings" },
  { "addendum-unknown-match",
    NULL,
    "{\"format\": 1, " CREW_OK ", \"rules\": [" RULE_R25 ("{\"when\": {\"allergen_matches\": \"food\"}, "
    "\"message\": {\"ja\": \"報告\", \"en\": \"Report\"}}") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R25: field 'allergen_matches': unknown value 'food'" },
  { "addendum-placeholder",
    NULL,
    "{\"format\": 1, " CREW_OK ", \"rules\": [" RULE_R25 ("{\"when\": {\"allergen_matches\": \"crew_drugs\"}, "
    "\"message\": {\"ja\": \"{match}\", \"en\": \"Report\"}}") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R25: field 'addenda.message.ja': unknown placeholder {match}" },
  { "message-placeholder",
    NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R07\", \"severity\": \"caution\", "
    "\"trigger\": {\"any_class\": [\"warfarin\"]}, \"message\": {\"ja\": \"確認 {matches}\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R07: field 'message.ja': unknown placeholder {matches}" },
  { "lab-positive-no-criteria",
    NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R27\", \"severity\": \"info\", "
    "\"trigger\": {\"lab_positive\": {\"jlac10_prefixes\": [\"5F016\"]}}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R27: field 'interpretations': say what a positive result looks like" },
  { "lab-positive-no-tests",
    NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"R27\", \"severity\": \"info\", "
    "\"trigger\": {\"lab_positive\": {\"interpretations\": [\"POS\"]}}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule R27: field 'jlac10_prefixes': must name at least one code prefix" },
  { "age-value",
    NULL,
    "{\"format\": 1, \"rules\": [{\"id\": \"G1\", \"severity\": \"critical\", "
    "\"trigger\": {\"finding\": \"glucose\", \"is\": \"low\"}, "
    "\"requires_finding\": {\"finding\": \"age\", \"is\": \"adult\"}, "
    "\"message\": {\"ja\": \"確認\", \"en\": \"Check\"}}]}",
    FC_RULES_ERROR_INVALID, "rules.json: rule G1: field 'requires_finding': unknown value 'adult' for age" },
  { "glucose-min-age",
    NULL,
    "{\"format\": 1, \"glucose\": {\"low_below\": 50, \"high_from\": 250, \"min_age\": 200}, "
    "\"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: field 'glucose.min_age': must be a whole number of years" },
  { "glucose-unknown-member",
    NULL,
    "{\"format\": 1, \"glucose\": {\"low_below\": 50, \"high_from\": 250, \"minage\": 15}, "
    "\"rules\": [" RULE_OK ("R07") "]}",
    FC_RULES_ERROR_INVALID, "rules.json: field 'minage': unknown field" },
};

static void
test_malformed (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-rules-XXXXXX", &error);
  g_autofree char *classes_path = NULL;
  g_autofree char *rules_path = NULL;
  g_autoptr(FcRuleSet) rules = NULL;

  g_assert_no_error (error);
  classes_path = g_build_filename (dir, "drug-classes.json", NULL);
  rules_path = g_build_filename (dir, "rules.json", NULL);
  g_assert_true (g_file_set_contents (classes_path, bad->classes ? bad->classes : CLASSES_OK, -1,
                                      NULL));
  g_assert_true (g_file_set_contents (rules_path, bad->rules, -1, NULL));

  rules = fc_rule_set_new_from_dir (dir, &error);
  g_assert_null (rules);
  g_assert_error (error, FC_RULES_ERROR, bad->code);
  g_test_message ("error: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "rules.json") ||
                 g_str_has_prefix (error->message, "drug-classes.json"));
  g_assert_nonnull (strstr (error->message, bad->message));

  g_assert_cmpint (g_unlink (classes_path), ==, 0);
  g_assert_cmpint (g_unlink (rules_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}


static void
test_classify_item (RtFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(FcSummaryItem) iron = fc_summary_item_new (FC_ITEM_MEDICATION, "フェロミア錠50mg");
  g_autoptr(FcSummaryItem) condition = fc_summary_item_new (FC_ITEM_CONDITION, "鉄欠乏性貧血");
  g_autoptr(FcSummaryItem) stopped = fc_summary_item_new (FC_ITEM_MEDICATION, "ワーファリン錠1mg");
  g_auto(GStrv) iron_classes = NULL;
  g_auto(GStrv) condition_classes = NULL;
  g_autoptr(FcSummary) summary = fc_summary_new ();
  g_autoptr(GListModel) warnings = NULL;

  fc_summary_item_add_coding (iron, "yj", "3222012F1020", NULL);
  iron_classes = fc_rule_set_classify_item (fixture->rules, iron);
  g_assert_cmpuint (g_strv_length (iron_classes), ==, 1);
  g_assert_cmpstr (iron_classes[0], ==, "iron");
  g_assert_cmpstr (fc_rule_set_get_class_name (fixture->rules, "iron", "ja"), ==, "鉄剤");
  g_assert_cmpstr (fc_rule_set_get_class_name (fixture->rules, "iron", "en"), ==, "oral iron");
  g_assert_null (fc_rule_set_get_class_name (fixture->rules, "no-such-class", "en"));

  condition_classes = fc_rule_set_classify_item (fixture->rules, condition);
  g_assert_cmpuint (g_strv_length (condition_classes), ==, 0);

  /* A medicine recorded as not taken does not count. */
  fc_summary_item_set_status (stopped, "not-taken");
  fc_summary_add_item (summary, stopped);
  warnings = rt_evaluate (fixture->rules, summary, NULL);
  g_assert_null (rt_find_warning (warnings, "R07"));
}

static void
test_stats (RtFixture     *fixture,
            gconstpointer  data)
{
  FcRuleSetStats stats;
  g_auto(GStrv) ids = fc_rule_set_list_rules (fixture->rules);
  const char * const *sources = NULL;
  FcSeverity severity = FC_SEVERITY_INFO;
  gboolean inferred = FALSE;

  fc_rule_set_get_stats (fixture->rules, &stats);
  g_assert_cmpuint (stats.n_rules, ==, fc_rule_set_get_n_rules (fixture->rules));
  g_assert_cmpuint (stats.n_by_severity[FC_SEVERITY_INFO] + stats.n_by_severity[FC_SEVERITY_CAUTION] +
                    stats.n_by_severity[FC_SEVERITY_CRITICAL], ==, stats.n_rules);
  g_assert_cmpuint (stats.n_inferred, ==, 3);
  g_assert_cmpuint (stats.n_crew_drugs, ==, 3);
  g_assert_cmpuint (stats.n_with_addenda, ==, 1);
  g_assert_cmpuint (stats.n_groups, ==, 2);
  g_assert_cmpuint (stats.n_classes, >=, 20);
  g_assert_cmpuint (stats.n_classes_unused, <, stats.n_classes);
  g_assert_cmpuint (stats.n_sources, >=, 20);
  g_assert_cmpint (stats.glucose_low_below, ==, 50);
  g_assert_cmpint (stats.glucose_high_from, ==, 250);
  g_assert_cmpint (stats.glucose_min_age, ==, 15);

  /* File order, R01 first, R29 last; every R01–R29 and G0–G3 is there. */
  g_assert_cmpuint (g_strv_length (ids), ==, stats.n_rules);
  g_assert_cmpstr (ids[0], ==, "R01");
  g_assert_cmpstr (ids[stats.n_rules - 1], ==, "R29");
  for (int i = 1; i <= 29; i++)
    {
      g_autofree char *id = g_strdup_printf ("R%02d", i);

      g_assert_true (g_strv_contains ((const char * const *) ids, id));
    }
  for (int i = 0; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("G%d", i);

      g_assert_true (g_strv_contains ((const char * const *) ids, id));
    }

  g_assert_true (fc_rule_set_get_rule_info (fixture->rules, "R21", &severity, &inferred, &sources));
  g_assert_cmpint (severity, ==, FC_SEVERITY_INFO);
  g_assert_true (inferred);
  g_assert_cmpstr (sources[0], ==, "S7");
  g_assert_true (fc_rule_set_get_rule_info (fixture->rules, "R25", NULL, NULL, NULL));
  g_assert_false (fc_rule_set_get_rule_info (fixture->rules, "R99", &severity, NULL, NULL));
}

static void
test_evaluate_default_time (RtFixture     *fixture,
                            gconstpointer  data)
{
  const char * const items[] = { WARFARIN, NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (items);
  GListModel *warnings = fc_rule_set_evaluate (fixture->rules, summary, NULL);

  g_assert_true (g_list_model_get_item_type (warnings) == FC_TYPE_WARNING);
  g_assert_nonnull (rt_find_warning (warnings, "R07"));
  g_assert_finalize_object (warnings);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/rules/rule-set/" path, RtFixture, NULL, rt_fixture_set_up, func, \
              rt_fixture_tear_down)

  ADD ("load-shipped", test_load_shipped);
  g_test_add_func ("/fc/rules/rule-set/missing-dir", test_missing_dir);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/rules/rule-set/malformed/%s",
                                               bad_cases[i].name);

      g_test_add_data_func (path, &bad_cases[i], test_malformed);
    }
  ADD ("classify-item", test_classify_item);
  ADD ("evaluate-default-time", test_evaluate_default_time);
  ADD ("stats", test_stats);

#undef ADD

  return g_test_run ();
}
