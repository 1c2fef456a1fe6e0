/* test-rule-eval.c: evaluating the shipped rules on minimal summaries: each rule and its
 * neighbour, the measured-glucose behaviour, subsumption, raising, ordering and evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rules-test-util.h"

/* ---- Each rule, and a neighbour that must not fire it ------------------------------------- */

typedef struct {
  const char *rule;
  FcSeverity  severity;
  gboolean    inferred;
  const char *items[4];
  const char *findings[3];
  const char *neighbour[4];
  const char *neighbour_findings[3];
} RuleCase;

static const RuleCase rule_cases[] = {
  { "R01", FC_SEVERITY_CAUTION, FALSE, { INSULIN }, { NULL }, { METFORMIN }, { NULL } },
  { "R02", FC_SEVERITY_CAUTION, FALSE, { "med|yj|3961008F1020|アマリール1mg錠" }, { NULL },
    { METFORMIN }, { NULL } },
  /* A glinide known only by its HOT code is matched by name. */
  { "R02", FC_SEVERITY_CAUTION, FALSE, { "med|hot|1234567|ナテグリニド錠９０ｍｇ「サワイ」" },
    { NULL }, { "med|hot|7654321|ボグリボース錠0.3mg" }, { NULL } },
  /* 3969 mixes SGLT2 and DPP-4 inhibitors. */
  { "R03", FC_SEVERITY_CAUTION, FALSE, { "med|yj|3969019F1027|フォシーガ錠5mg" }, { NULL },
    { "med|yj|3969010F1025|ジャヌビア錠50mg" }, { NULL } },
  { "R04", FC_SEVERITY_CAUTION, FALSE, { DIABETES }, { NULL },
    { "cond|E11.9|unconfirmed|2型糖尿病の疑い" }, { NULL } },
  { "R05", FC_SEVERITY_CRITICAL, FALSE, { INSULIN }, { "consciousness=impaired" },
    { INSULIN }, { "consciousness=impaired", "bgl=120" } },
  { "G0", FC_SEVERITY_CAUTION, FALSE, { NULL }, { "consciousness=impaired" },
    { NULL }, { "consciousness=alert" } },
  { "G1", FC_SEVERITY_CRITICAL, FALSE, { NULL }, { "bgl=38" }, { NULL }, { "bgl=50" } },
  { "G2", FC_SEVERITY_CRITICAL, FALSE, { NULL }, { "bgl=HI" }, { NULL }, { "bgl=249" } },
  { "G3", FC_SEVERITY_INFO, FALSE, { NULL }, { "bgl=120" }, { NULL }, { "bgl=LO" } },
  { "R06", FC_SEVERITY_INFO, FALSE, { "cond|E16.0|resolved|薬剤性低血糖症" }, { NULL },
    { "cond|E16.3|confirmed|グルカゴン分泌増加" }, { NULL } },
  { "R07", FC_SEVERITY_CAUTION, FALSE, { WARFARIN }, { NULL }, { APIXABAN }, { NULL } },
  { "R07", FC_SEVERITY_CRITICAL, FALSE, { WARFARIN }, { "head-injury=yes" },
    { APIXABAN }, { "head-injury=yes" } },
  /* A drug allergy to warfarin is not warfarin use. */
  { "R07", FC_SEVERITY_CAUTION, FALSE, { "med|||ワーファリン錠１ｍｇ" }, { NULL },
    { "allergy|medication|low|ワルファリン" }, { NULL } },
  { "R08", FC_SEVERITY_CAUTION, FALSE, { APIXABAN }, { NULL }, { WARFARIN }, { NULL } },
  { "R08", FC_SEVERITY_CRITICAL, FALSE, { "med|yj|33390A0F2063|イグザレルトOD錠15mg" },
    { "bleeding=yes" }, { NULL }, { "bleeding=yes" } },
  /* Analgesic-dose aspirin (114x) is not an antiplatelet. */
  { "R09", FC_SEVERITY_INFO, FALSE, { ASPIRIN_LOW }, { NULL },
    { "med|yj|1143001X1010|アスピリン「ヨシダ」" }, { NULL } },
  { "R09", FC_SEVERITY_CAUTION, FALSE, { ASPIRIN_LOW, CLOPIDOGREL }, { NULL },
    { AMLODIPINE }, { NULL } },
  { "R10", FC_SEVERITY_CAUTION, FALSE,
    { WARFARIN, "med|general-order|1149019F1ZZZ|【般】ロキソプロフェンNa錠60mg" }, { NULL },
    { WARFARIN, "med|||ロキソニンテープ100mg" }, { NULL } },
  { "R11", FC_SEVERITY_CAUTION, FALSE, { BISOPROLOL }, { NULL },
    { "med|yj|1319702Q1030|チモロール点眼液0.5%「ニッテン」" }, { NULL } },
  { "R12", FC_SEVERITY_CAUTION, FALSE, { VERAPAMIL }, { NULL }, { AMLODIPINE }, { NULL } },
  { "R13", FC_SEVERITY_CAUTION, FALSE, { BISOPROLOL, VERAPAMIL }, { NULL },
    { BISOPROLOL, AMLODIPINE }, { NULL } },
  { "R14", FC_SEVERITY_INFO, FALSE, { BISOPROLOL }, { "anaphylaxis=yes" },
    { BISOPROLOL }, { NULL } },
  { "R15", FC_SEVERITY_CAUTION, FALSE, { "med|yj|2113005F1057|ジゴシン錠0.125mg" }, { NULL },
    { "med|yj|2119008F1020|ピモベンダン錠1.25mg" }, { NULL } },
  { "R16", FC_SEVERITY_CAUTION, FALSE, { "med|yj|1179017F1035|リーマス錠200" }, { NULL },
    { "med|yj|1179025F1026|デパス錠0.5mg" }, { NULL } },
  { "R17", FC_SEVERITY_INFO, TRUE, { "med|yj|1139004G1047|デパケンR錠200mg" }, { NULL },
    { "med|yj|1179025F1026|デパス錠0.5mg" }, { NULL } },
  { "R17", FC_SEVERITY_CAUTION, TRUE, { "med|yj|1139004G1047|デパケンR錠200mg" },
    { "seizure=yes" }, { NULL }, { "seizure=yes" } },
  /* 245 also holds adrenaline (2451); topical and injected steroids do not count. */
  { "R18", FC_SEVERITY_CAUTION, FALSE, { "med|yj|2456001F1310|プレドニン錠5mg" }, { NULL },
    { "med|yj|2451403G1020|エピペン注射液0.3mg", "med|yj|2647705M1024|リンデロン-VG軟膏0.12%",
      "med|yj|2456400D1035|水溶性プレドニン10mg" }, { NULL } },
  { "R19", FC_SEVERITY_CAUTION, FALSE, { "med|yj|3999014M1024|プログラフカプセル1mg" }, { NULL },
    { "med|yj|3999018F1022|ボナロン錠35mg", "med|yj|2699708M1021|プロトピック軟膏0.1%" },
    { NULL } },
  { "R20", FC_SEVERITY_CAUTION, FALSE, { "med|yj|8119002G1025|オキシコンチンTR錠5mg" }, { NULL },
    { "med|general-order|1149019F1ZZZ|【般】ロキソプロフェンNa錠60mg" }, { NULL } },
  /* 2190 also holds sacubitril/valsartan. */
  { "R21", FC_SEVERITY_INFO, TRUE, { LANTHANUM }, { NULL },
    { "med|yj|2190041F1020|エンレスト錠100mg" }, { NULL } },
  { "R21", FC_SEVERITY_INFO, TRUE, { "med|yj|2190016S1027|カリメート散" }, { NULL },
    { NULL }, { NULL } },
  { "R22", FC_SEVERITY_CAUTION, FALSE, { "cond|N18.5|confirmed|慢性腎臓病ステージ5" }, { NULL },
    { "cond|N17.9|confirmed|急性腎不全" }, { NULL } },
  { "R23", FC_SEVERITY_CAUTION, FALSE, { TADALAFIL, NITRO }, { NULL }, { NITRO }, { NULL } },
  { "R24", FC_SEVERITY_INFO, TRUE, { NITRO }, { NULL }, { NITRO, TADALAFIL }, { NULL } },
  { "R25", FC_SEVERITY_CRITICAL, FALSE, { "allergy|medication|high|ペニシリン系抗菌薬" },
    { NULL }, { "allergy|medication|low|ペニシリン系抗菌薬" }, { NULL } },
  { "R26", FC_SEVERITY_CAUTION, FALSE, { "allergy|food|low|卵" }, { NULL },
    { "allergy|medication|high|ペニシリン系抗菌薬" }, { NULL } },
  { "R28", FC_SEVERITY_INFO, FALSE, { "cond|I48.9|confirmed|心房細動" }, { NULL },
    { "cond|I49.9|confirmed|不整脈" }, { NULL } },
  { "R29", FC_SEVERITY_INFO, FALSE, { NULL }, { NULL }, { WARFARIN }, { NULL } },
};

static void
check_case (FcRuleSet      *rules,
            const RuleCase *rule_case,
            gboolean        neighbour)
{
  g_autoptr(FcSummary) summary = rt_summary_with (neighbour ? rule_case->neighbour
                                                         : rule_case->items);
  g_autoptr(FcFindings) findings = rt_findings_with (neighbour ? rule_case->neighbour_findings
                                                            : rule_case->findings);
  g_autoptr(GListModel) warnings = rt_evaluate (rules, summary, findings);
  g_autofree char *fired = rt_describe (warnings);
  FcWarning *warning = rt_find_warning (warnings, rule_case->rule);

  g_test_message ("%s %s: %s", rule_case->rule, neighbour ? "neighbour" : "case", fired);
  if (neighbour)
    {
      g_assert_null (warning);
      return;
    }
  g_assert_nonnull (warning);
  g_assert_cmpint (fc_warning_get_severity (warning), ==, rule_case->severity);
  g_assert_cmpint (fc_warning_get_inferred (warning), ==, rule_case->inferred);
  /* History rules show the items that triggered them. */
  if (rule_case->items[0] != NULL)
    g_assert_cmpuint (fc_warning_get_evidence (warning)->len, >=, 1);
}

static void
test_each_rule (RtFixture     *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      check_case (fixture->rules, &rule_cases[i], FALSE);
      check_case (fixture->rules, &rule_cases[i], TRUE);
    }
}

/* Every shipped rule has a case above, so that a new rule cannot go untested. */
static void
test_every_rule_has_a_case (void)
{
  g_autofree char *dir = fc_rule_set_default_dir ();
  g_autofree char *path = g_build_filename (dir, "rules.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rules;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  rules = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "rules");
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (rules, i),
                                                      "id");
      gboolean found = FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (rule_cases) && !found; c++)
        found = g_str_equal (rule_cases[c].rule, id);
      if (!found)
        g_test_message ("rule %s has no case in rule_cases", id);
      g_assert_true (found);
    }
}

/* ---- Glucose: only a measured value changes the advice ------------------------------------ */

typedef struct {
  const char *findings[3];
  const char *present;      /* the glucose-group warning expected, or NULL */
  FcSeverity  severity;
  const char *absent[4];
} GlucoseCase;

static const GlucoseCase glucose_cases[] = {
  /* Diabetes record, nothing measured: measure first (R04); nothing from the measured group. */
  { { NULL }, "R04", FC_SEVERITY_CAUTION, { "G1", "G2", "G3", "R05" } },
  { { "bgl=420" }, "G2", FC_SEVERITY_CRITICAL, { "G1", "G3", "R05", "G0" } },
  { { "bgl=38" }, "G1", FC_SEVERITY_CRITICAL, { "G2", "G3", "R05", "G0" } },
  { { "bgl=LO" }, "G1", FC_SEVERITY_CRITICAL, { "G2", "G3", "R05", "G0" } },
  { { "bgl=HI" }, "G2", FC_SEVERITY_CRITICAL, { "G1", "G3", "R05", "G0" } },
  { { "bgl=120" }, "G3", FC_SEVERITY_INFO, { "G1", "G2", "R05", "G0" } },
  { { "bgl=49" }, "G1", FC_SEVERITY_CRITICAL, { "G2", "G3" } },
  { { "bgl=250" }, "G2", FC_SEVERITY_CRITICAL, { "G1", "G3" } },
  /* Impaired consciousness with the record: critical, measure first; R04 and G0 folded in. */
  { { "consciousness=impaired" }, "R05", FC_SEVERITY_CRITICAL, { "R04", "G0", "G1", "G2" } },
  { { "consciousness=impaired", "bgl=38" }, "G1", FC_SEVERITY_CRITICAL, { "R05", "G0" } },
};

static void
test_glucose_three_way (RtFixture     *fixture,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (glucose_cases); i++)
    {
      const GlucoseCase *c = &glucose_cases[i];
      const char * const record[] = { DIABETES, NULL };
      g_autoptr(FcSummary) summary = rt_summary_with (record);
      g_autoptr(FcFindings) findings = rt_findings_with (c->findings);
      g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
      g_autofree char *fired = rt_describe (warnings);
      FcWarning *warning = rt_find_warning (warnings, c->present);

      g_test_message ("%s %s: %s", c->findings[0] ? c->findings[0] : "(none)",
                      c->findings[1] ? c->findings[1] : "", fired);
      g_assert_nonnull (warning);
      g_assert_cmpint (fc_warning_get_severity (warning), ==, c->severity);
      for (guint a = 0; c->absent[a] != NULL; a++)
        g_assert_null (rt_find_warning (warnings, c->absent[a]));
    }
}

static void
test_glucose_messages (RtFixture     *fixture,
                       gconstpointer  data)
{
  const char * const record[] = { DIABETES, NULL };
  const char * const low[] = { "bgl=38", NULL };
  const char * const high[] = { "bgl=420", NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (record);
  g_autoptr(FcFindings) low_findings = rt_findings_with (low);
  g_autoptr(FcFindings) high_findings = rt_findings_with (high);
  g_autoptr(GListModel) low_warnings = rt_evaluate (fixture->rules, summary, low_findings);
  g_autoptr(GListModel) high_warnings = rt_evaluate (fixture->rules, summary, high_findings);
  g_autoptr(GListModel) none_warnings = rt_evaluate (fixture->rules, summary, NULL);
  FcWarning *g1 = rt_find_warning (low_warnings, "G1");
  FcWarning *g2 = rt_find_warning (high_warnings, "G2");
  FcWarning *r04 = rt_find_warning (none_warnings, "R04");

  /* The low message names the protocol's conditions and the measured value is the evidence. */
  g_assert_nonnull (strstr (fc_warning_get_message_en (g1), "physician's instruction"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (g1), "15 or older"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (g1), "具体的指示"));
  g_assert_cmpstr (fc_warning_get_finding_evidence (g1)[0], ==, "bgl=38 mg/dL");

  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "contraindicated"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "DKA/HHS"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (g2), "禁忌"));

  /* Without a value: measure first, never glucose from the history. */
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r04), "血糖を測定してから判断"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r04), "既往だけでブドウ糖を投与しない"));
}

/* ---- Subsumption, raising, ordering, evidence --------------------------------------------- */

static void
test_r05_subsumes_r04 (RtFixture     *fixture,
                       gconstpointer  data)
{
  const char * const record[] = { DIABETES, NULL };
  const char * const impaired[] = { "consciousness=impaired", NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (record);
  g_autoptr(FcFindings) findings = rt_findings_with (impaired);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
  g_autoptr(FcWarning) first = g_list_model_get_item (warnings, 0);
  GPtrArray *evidence;

  g_assert_cmpstr (fc_warning_get_rule_id (first), ==, "R05");
  g_assert_null (rt_find_warning (warnings, "R04"));
  g_assert_null (rt_find_warning (warnings, "G0"));

  /* The diabetes record that fired R04 is R05's evidence. */
  evidence = fc_warning_get_evidence (first);
  g_assert_cmpuint (evidence->len, ==, 1);
  g_assert_cmpstr (fc_summary_item_get_text (g_ptr_array_index (evidence, 0)), ==, "2型糖尿病");
  g_assert_true (g_strv_contains ((const char * const *) fc_warning_get_finding_evidence (first),
                                  "consciousness=impaired"));
}

static void
test_r22_subsumes_r21 (RtFixture     *fixture,
                       gconstpointer  data)
{
  const char * const items[] = { "cond|N18.5|confirmed|慢性腎臓病ステージ5", LANTHANUM, NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (items);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);
  FcWarning *r22 = rt_find_warning (warnings, "R22");

  g_assert_nonnull (r22);
  g_assert_null (rt_find_warning (warnings, "R21"));
  g_assert_cmpuint (fc_warning_get_evidence (r22)->len, ==, 2);
}

static void
test_ordering (RtFixture     *fixture,
               gconstpointer  data)
{
  const char * const items[] = {
    ASPIRIN_LOW, WARFARIN, "allergy|medication|high|ペニシリン系抗菌薬", DIABETES, NULL
  };
  g_autoptr(FcSummary) summary = rt_summary_with (items);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);
  g_autofree char *fired = rt_describe (warnings);
  FcSeverity previous = FC_SEVERITY_CRITICAL;
  g_autofree char *previous_id = NULL;

  g_test_message ("%s", fired);
  g_assert_cmpstr (fired, ==, "R25(critical) R04(caution) R07(caution) R09(caution)");
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
      FcSeverity severity = fc_warning_get_severity (warning);

      g_assert_cmpint (severity, <=, previous);
      if (severity == previous && previous_id != NULL)
        g_assert_cmpstr (previous_id, <, fc_warning_get_rule_id (warning));
      previous = severity;
      g_free (previous_id);
      previous_id = g_strdup (fc_warning_get_rule_id (warning));
    }
}

static void
test_evidence_is_the_trigger (RtFixture     *fixture,
                              gconstpointer  data)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();
  FcSummaryItem *warfarin = rt_add_item (summary, WARFARIN);
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GListModel) warnings = NULL;
  FcWarning *r07;

  rt_add_item (summary, AMLODIPINE);
  rt_add_item (summary, DIABETES);
  g_assert_true (fc_findings_parse (findings, "bleeding=yes", NULL));
  warnings = rt_evaluate (fixture->rules, summary, findings);
  r07 = rt_find_warning (warnings, "R07");

  g_assert_cmpint (fc_warning_get_severity (r07), ==, FC_SEVERITY_CRITICAL);
  g_assert_cmpuint (fc_warning_get_evidence (r07)->len, ==, 1);
  g_assert_true (g_ptr_array_index (fc_warning_get_evidence (r07), 0) == warfarin);
  g_assert_cmpstr (fc_warning_get_finding_evidence (r07)[0], ==, "bleeding=yes");
  g_assert_true (g_strv_contains ((const char * const *) fc_warning_get_sources (r07), "S17"));
}

/* Full-width text, 【般】 and ATC-only medicines are matched; a JFAGY allergy code is not use. */
static void
test_text_and_atc_fallback (RtFixture     *fixture,
                            gconstpointer  data)
{
  static const char * const fires[] = {
    "med|||【般】ワルファリンＫ錠１ｍｇ",
    "med|atc|B01AA03|Warfarin sodium 1 mg",
    "med|||WARFARIN 1MG TABLET",
    "med|jfagy|YCM3332001F1063|ワーファリン錠1mg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fires); i++)
    {
      const char * const items[] = { fires[i], NULL };
      g_autoptr(FcSummary) summary = rt_summary_with (items);
      g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);

      g_test_message ("%s", fires[i]);
      g_assert_nonnull (rt_find_warning (warnings, "R07"));
    }

  {
    g_autoptr(FcSummary) summary = fc_summary_new ();
    g_autoptr(FcSummaryItem) allergy = fc_summary_item_new (FC_ITEM_ALLERGY, "ワーファリン");
    g_autoptr(GListModel) warnings = NULL;

    fc_summary_item_add_coding (allergy, "jfagy", "YCM3332001F1063", NULL);
    fc_summary_item_set_category (allergy, "medication");
    fc_summary_item_set_criticality (allergy, "high");
    fc_summary_add_item (summary, allergy);
    warnings = rt_evaluate (fixture->rules, summary, NULL);
    g_assert_null (rt_find_warning (warnings, "R07"));
    g_assert_nonnull (strstr (fc_warning_get_message_ja (rt_find_warning (warnings, "R25")),
                              "薬剤禁忌：ワーファリン"));
  }
}

static void
test_stale_data (RtFixture     *fixture,
                 gconstpointer  data)
{
  g_autoptr(FcSummary) stale = fc_summary_new ();
  g_autoptr(FcSummary) undated = fc_summary_new ();
  g_autoptr(FcSummary) empty = fc_summary_new ();
  FcSummaryItem *old = rt_add_item (stale, WARFARIN);
  FcSummaryItem *no_date = rt_add_item (undated, WARFARIN);
  g_autoptr(GListModel) stale_warnings = NULL;
  g_autoptr(GListModel) undated_warnings = NULL;
  g_autoptr(GListModel) empty_warnings = rt_evaluate (fixture->rules, empty, NULL);
  g_autoptr(FcWarning) only = g_list_model_get_item (empty_warnings, 0);
  FcWarning *r29;

  fc_summary_item_set_date (old, "2026-06-01");
  fc_summary_item_set_date (no_date, NULL);
  stale_warnings = rt_evaluate (fixture->rules, stale, NULL);
  undated_warnings = rt_evaluate (fixture->rules, undated, NULL);

  r29 = rt_find_warning (stale_warnings, "R29");
  g_assert_nonnull (r29);
  g_assert_cmpint (fc_warning_get_severity (r29), ==, FC_SEVERITY_INFO);
  g_assert_true (g_ptr_array_index (fc_warning_get_evidence (r29), 0) == old);
  g_assert_null (rt_find_warning (undated_warnings, "R29"));

  /* A summary with no data still says so. */
  g_assert_cmpuint (g_list_model_get_n_items (empty_warnings), ==, 1);
  g_assert_cmpstr (fc_warning_get_rule_id (only), ==, "R29");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/fc/rules/rule-eval/" path, RtFixture, NULL, rt_fixture_set_up, func, \
              rt_fixture_tear_down)

  ADD ("each-rule-fires-not-on-its-neighbour", test_each_rule);
  g_test_add_func ("/fc/rules/rule-eval/every-rule-has-a-case", test_every_rule_has_a_case);
  ADD ("glucose-three-way", test_glucose_three_way);
  ADD ("glucose-messages", test_glucose_messages);
  ADD ("r05-subsumes-r04", test_r05_subsumes_r04);
  ADD ("r22-subsumes-r21", test_r22_subsumes_r21);
  ADD ("ordering-critical-first", test_ordering);
  ADD ("evidence-is-the-trigger", test_evidence_is_the_trigger);
  ADD ("text-and-atc-fallback", test_text_and_atc_fallback);
  ADD ("stale-data", test_stale_data);

#undef ADD

  return g_test_run ();
}
