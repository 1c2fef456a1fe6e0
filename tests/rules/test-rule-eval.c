/* test-rule-eval.c: evaluating the shipped rules on minimal summaries: the measured-glucose
 * behaviour and the protocol's age limit, the 薬剤禁忌 comparisons (crew drugs, own medicines),
 * infection results, subsumption, raising, ordering and evidence. Every rule's own fire and
 * near-miss cases are in test-rule-cases.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rules-test-util.h"
#include "wording-check.h"

#define GLIMEPIRIDE_ITEM "med|yj|3961008F1020|アマリール1mg錠"

/* ---- Glucose: only a measured value changes the advice ------------------------------------ */

typedef struct {
  const char *findings[3];
  const char *present;      /* the glucose-group warning expected, or NULL */
  FcSeverity  severity;
  const char *absent[7];
} GlucoseCase;

static const GlucoseCase glucose_cases[] = {
  /* Diabetes record, nothing measured: measure first (R04); nothing from the measured group. */
  { { NULL }, "R04", FC_SEVERITY_CAUTION, { "G1", "G2", "G3", "R05" } },
  { { "bgl=420" }, "G2", FC_SEVERITY_CRITICAL, { "G1", "G3", "R05", "G0" } },
  { { "bgl=38" }, "G1", FC_SEVERITY_CRITICAL, { "G2", "G3", "R05", "G0", "G1A", "G1C" } },
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
      g_autoptr(FcSummary) summary = rt_summary_aged (record, "60s");
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
  g_autoptr(FcSummary) summary = rt_summary_aged (record, "60s");
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
  g_assert_cmpstr (fc_warning_get_finding_evidence (g1)[1], ==, "age-band=60s");

  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "contraindicated"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (g2), "DKA/HHS"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (g2), "禁忌"));

  /* Without a value: measure first, never glucose from the history. */
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r04), "血糖を測定してから判断"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r04), "既往だけでブドウ糖を投与しない"));
}

/* ---- The protocol's age limit (15 years, an estimate allowed) ----------------------------- */

typedef struct {
  const char *age_band;    /* the record's band, NULL: unknown */
  const char *findings[3];
  const char *expected;    /* the one low-glucose rule that fires */
  const char *age_evidence;
} AgeCase;

static const AgeCase age_cases[] = {
  { "60s", { "bgl=38" }, "G1", "age-band=60s" },
  { "20s", { "bgl=38" }, "G1", "age-band=20s" },
  { NULL, { "bgl=38", "age=40" }, "G1", "age=40" },
  { NULL, { "bgl=38", "age=15" }, "G1", "age=15" },
  /* The crew's estimate wins over the record (the crew sees the patient). */
  { "60s", { "bgl=38", "age=12" }, "G1C", "age=12" },
  { NULL, { "bgl=38", "age=12" }, "G1C", "age=12" },
  { NULL, { "bgl=38", "age=14" }, "G1C", "age=14" },
  { "0s", { "bgl=LO" }, "G1C", "age-band=0s" },
  /* 10s straddles 15: ask. */
  { "10s", { "bgl=38" }, "G1A", "age-band=10s" },
  { "10s", { "bgl=38", "age=17" }, "G1", "age=17" },
  { NULL, { "bgl=38" }, "G1A", "age=unknown" },
  { "unknown", { "bgl=LO" }, "G1A", "age=unknown" },
};

static void
test_glucose_age_limit (RtFixture     *fixture,
                        gconstpointer  data)
{
  static const char * const low_rules[] = { "G1", "G1A", "G1C", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (age_cases); i++)
    {
      const AgeCase *c = &age_cases[i];
      g_autoptr(FcSummary) summary = rt_summary_aged (NULL, c->age_band);
      g_autoptr(FcFindings) findings = rt_findings_with (c->findings);
      g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
      g_autofree char *fired = rt_describe (warnings);
      FcWarning *warning = rt_find_warning (warnings, c->expected);

      g_test_message ("case %u (%s, %s): %s", i, c->age_band, c->findings[1], fired);
      g_assert_nonnull (warning);
      g_assert_cmpint (fc_warning_get_severity (warning), ==, FC_SEVERITY_CRITICAL);
      for (guint r = 0; low_rules[r] != NULL; r++)
        if (!g_str_equal (low_rules[r], c->expected))
          g_assert_false (rt_has (warnings, low_rules[r]));
      g_assert_true (g_strv_contains ((const char * const *) fc_warning_get_finding_evidence (
                                        warning), c->age_evidence));
    }
}

/* BGL 38 at 12 years: criteria not met, and the message says why and what to do. */
static void
test_glucose_38_age_12 (RtFixture     *fixture,
                        gconstpointer  data)
{
  const char * const record[] = { DIABETES, NULL };
  const char * const found[] = { "bgl=38", "age=12", "consciousness=impaired", NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (record);
  g_autoptr(FcFindings) findings = rt_findings_with (found);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
  g_autoptr(FcWarning) first = g_list_model_get_item (warnings, 0);

  g_assert_cmpstr (fc_warning_get_rule_id (first), ==, "G1C");
  g_assert_false (rt_has (warnings, "G1"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (first), "does not apply"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (first), "Tell the physician"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (first), "対象外"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (first), "指示医"));
  /* No warning anywhere says the criteria are met. */
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_assert_null (strstr (fc_warning_get_message_en (warning), "meets the protocol"));
      g_assert_null (strstr (fc_warning_get_message_ja (warning), "基準に該当"));
    }
}

/* The G1A message asks for the age and does not say the criteria are met. */
static void
test_glucose_age_band_10s_asks (RtFixture     *fixture,
                                gconstpointer  data)
{
  const char * const found[] = { "bgl=38", NULL };
  g_autoptr(FcSummary) summary = rt_summary_aged (NULL, "10s");
  g_autoptr(FcFindings) findings = rt_findings_with (found);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
  FcWarning *g1a = rt_find_warning (warnings, "G1A");

  g_assert_nonnull (g1a);
  g_assert_nonnull (strstr (fc_warning_get_message_en (g1a), "confirm the patient is 15 or older"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (g1a), "15歳以上か確認"));
  g_assert_null (strstr (fc_warning_get_message_en (g1a), "meets the protocol"));
  g_assert_cmpstr (fc_warning_get_checks (g1a, "en")[0], ==,
                   "Age (an estimate is allowed): 15 or older?");
}

/* Diabetes, impaired consciousness, nothing measured: critical "measure first", and no
 * message or check item anywhere suggests giving glucose. */
static void
test_no_glucose_without_value (RtFixture     *fixture,
                               gconstpointer  data)
{
  const char * const record[] = { DIABETES, INSULIN, GLIMEPIRIDE_ITEM, NULL };
  const char * const found[] = { "consciousness=impaired", NULL };
  g_autoptr(FcSummary) summary = rt_summary_aged (record, "60s");
  g_autoptr(FcFindings) findings = rt_findings_with (found);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, findings);
  g_autoptr(FcWarning) first = g_list_model_get_item (warnings, 0);

  g_assert_cmpstr (fc_warning_get_rule_id (first), ==, "R05");
  g_assert_cmpint (fc_warning_get_severity (first), ==, FC_SEVERITY_CRITICAL);
  g_assert_nonnull (strstr (fc_warning_get_message_en (first), "measure blood glucose first"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (first), "血糖測定を最優先"));
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
      const char *id = fc_warning_get_rule_id (warning);
      g_autofree char *ja = wc_find_unsafe_sentence (fc_warning_get_message_ja (warning), TRUE,
                                                     WC_ALLOW_NONE);
      g_autofree char *en = wc_find_unsafe_sentence (fc_warning_get_message_en (warning), FALSE,
                                                     WC_ALLOW_NONE);
      GStrv checks_ja = fc_warning_get_checks (warning, "ja");
      GStrv checks_en = fc_warning_get_checks (warning, "en");

      g_test_message ("%s: %s / %s", id, ja, en);
      g_assert_false (g_str_has_prefix (id, "G1") || g_str_equal (id, "G2") ||
                      g_str_equal (id, "G3"));
      g_assert_null (ja);
      g_assert_null (en);
      for (guint k = 0; checks_ja[k] != NULL; k++)
        {
          g_assert_false (wc_names_treatment (checks_ja[k], TRUE));
          g_assert_false (wc_names_treatment (checks_en[k], FALSE));
        }
    }
}

/* ---- 薬剤禁忌 (R25): verbatim, the crew's drugs, the patient's own medicines ---------------- */

typedef struct {
  const char *allergy;
  const char *medicine;     /* or NULL */
  const char *crew_ja;      /* expected crew-drug addendum fragment, or NULL: none */
  const char *crew_en;
  gboolean    own_medicine; /* expect the own-medicine addendum */
} ContraindicationCase;

static const ContraindicationCase contraindication_cases[] = {
  { "allergy|medication|high|アドレナリン", NULL,
    "救急隊が使う薬剤（アドレナリン）に該当", "matches a drug the crew uses (adrenaline)", FALSE },
  { "allergy|medication|high|エピネフリン製剤", NULL,
    "（アドレナリン）", "(adrenaline)", FALSE },
  /* By code only: a JFAGY YCM code in 3231 (ブドウ糖) whatever the text says. */
  { "allergy|medication|high|注射薬A|jfagy:YCM3231401A1159", NULL,
    "（ブドウ糖）", "(glucose)", FALSE },
  { "allergy|medication|high|乳酸リンゲル液", NULL,
    "（輸液（生理食塩液・リンゲル液など））", "(IV fluids (saline, Ringer's solution))", FALSE },
  /* The patient's own medicine: same YJ7 through the JFAGY code. */
  { "allergy|medication|high|ワーファリン|jfagy:YCM3332001F1063", WARFARIN, NULL, NULL, TRUE },
  /* ... an ingredient name, or the bracketed part of the allergen's text. */
  { "allergy|medication|high|アスピリン", ASPIRIN_LOW, NULL, NULL, TRUE },
  { "allergy|medication|high|ペニシリン系抗菌薬（アモキシシリン）",
    "med|yj|6131001M2037|アモキシシリンカプセル250mg「日医工」", NULL, NULL, TRUE },
  /* Near misses: neither a crew drug nor a recorded medicine. */
  { "allergy|medication|high|ペニシリン系抗菌薬", WARFARIN, NULL, NULL, FALSE },
  { "allergy|medication|high|セフェム系抗菌薬", AMLODIPINE, NULL, NULL, FALSE },
};

static void
test_contraindication (RtFixture     *fixture,
                       gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (contraindication_cases); i++)
    {
      const ContraindicationCase *c = &contraindication_cases[i];
      const char * const items[] = { c->allergy, c->medicine, NULL };
      g_autoptr(FcSummary) summary = rt_summary_with (items);
      g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);
      FcWarning *r25 = rt_find_warning (warnings, "R25");
      const char *ja;
      const char *en;
      g_auto(GStrv) allergy = g_strsplit (c->allergy, "|", 5);
      g_autofree char *verbatim = NULL;

      g_assert_nonnull (r25);
      ja = fc_warning_get_message_ja (r25);
      en = fc_warning_get_message_en (r25);
      g_test_message ("case %u: %s / %s", i, ja, en);
      g_assert_cmpint (fc_warning_get_severity (r25), ==, FC_SEVERITY_CRITICAL);

      /* The allergen's text is shown verbatim, and only the allergen's. */
      verbatim = g_strdup_printf ("薬剤禁忌：%s。", allergy[3]);
      g_assert_true (g_str_has_prefix (ja, verbatim));

      g_assert_cmpint (strstr (ja, "この薬剤禁忌は救急隊が使う薬剤") != NULL, ==, c->crew_ja != NULL);
      g_assert_cmpint (strstr (en, "This contraindication matches a drug the crew uses") != NULL, ==,
                       c->crew_ja != NULL);
      if (c->crew_ja != NULL)
        {
          g_assert_nonnull (strstr (ja, c->crew_ja));
          g_assert_nonnull (strstr (en, c->crew_en));
        }
      g_assert_cmpint (strstr (en, "The record lists a medicine matching a 薬剤禁忌") != NULL, ==,
                       c->own_medicine);
      g_assert_cmpint (strstr (ja, "記録の処方薬に薬剤禁忌と一致するものがある") != NULL, ==,
                       c->own_medicine);
      /* The matching medicine is evidence too. */
      g_assert_cmpuint (fc_warning_get_evidence (r25)->len, ==, c->own_medicine ? 2 : 1);
      /* Even with the crew's drugs named, the wording stays in R25's framing (the record's own
       * text, shown verbatim, is data, not wording). */
      {
        g_autoptr(GString) ja_wording = g_string_new (ja);
        g_autoptr(GString) en_wording = g_string_new (en);
        g_autofree char *unsafe_ja = NULL;
        g_autofree char *unsafe_en = NULL;

        g_string_replace (ja_wording, allergy[3], "〈記録〉", 0);
        g_string_replace (en_wording, allergy[3], "<record>", 0);
        unsafe_ja = wc_find_unsafe_sentence (ja_wording->str, TRUE, WC_ALLOW_CREW_DRUGS);
        unsafe_en = wc_find_unsafe_sentence (en_wording->str, FALSE, WC_ALLOW_CREW_DRUGS);
        g_assert_null (unsafe_ja);
        g_assert_null (unsafe_en);
      }
    }
}

/* ---- Infection results (R27) ------------------------------------------------------------- */

static void
test_infection_result_wording (RtFixture     *fixture,
                               gconstpointer  data)
{
  const char * const items[] = {
    "obs|5F016141002399911|陽性 (POS)|HBs抗原(定性)",
    "obs|5F360151002319011|陰性|HCV抗体(定性)",
    NULL
  };
  g_autoptr(FcSummary) summary = rt_summary_with (items);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);
  FcWarning *r27 = rt_find_warning (warnings, "R27");

  g_assert_nonnull (r27);
  g_assert_cmpint (fc_warning_get_severity (r27), ==, FC_SEVERITY_INFO);
  /* Only the positive result, with its value and date. */
  g_assert_cmpuint (fc_warning_get_evidence (r27)->len, ==, 1);
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r27),
                            "HBs抗原(定性) 陽性 (POS) (2025-04-01)"));
  g_assert_null (strstr (fc_warning_get_message_ja (r27), "HCV"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r27), "標準予防策は全例共通"));
  g_assert_nonnull (strstr (fc_warning_get_message_ja (r27), "診断名として扱わず"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (r27), "Standard precautions"));
  g_assert_nonnull (strstr (fc_warning_get_message_en (r27), "not a diagnosis"));
}

/* A JLAC10 code outside the set is not matched by name either; status entered-in-error and
 * cancelled results do not count. */
static void
test_infection_result_edges (RtFixture     *fixture,
                             gconstpointer  data)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();
  FcSummaryItem *coded = rt_add_item (summary, "obs|3D046000001920402|陽性|HIV (local name)");
  FcSummaryItem *cancelled = rt_add_item (summary, "obs|5F016141002399911|陽性 (POS)|HBs抗原");
  g_autoptr(GListModel) warnings = NULL;

  g_assert_nonnull (coded);
  fc_summary_item_set_status (cancelled, "cancelled");
  warnings = rt_evaluate (fixture->rules, summary, NULL);
  g_assert_false (rt_has (warnings, "R27"));
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

/* The combination says all the non-DHP rule says (and shows its evidence); the beta-blocker
 * rule says something else (a masked shock) and stays. */
static void
test_r13_subsumes_r12 (RtFixture     *fixture,
                       gconstpointer  data)
{
  const char * const items[] = { BISOPROLOL, VERAPAMIL, NULL };
  g_autoptr(FcSummary) summary = rt_summary_with (items);
  g_autoptr(GListModel) warnings = rt_evaluate (fixture->rules, summary, NULL);
  g_autofree char *fired = rt_describe (warnings);

  g_assert_cmpstr (fired, ==, "R11(caution) R13(caution)");
  g_assert_cmpuint (fc_warning_get_evidence (rt_find_warning (warnings, "R13"))->len, ==, 2);
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

  ADD ("glucose-three-way", test_glucose_three_way);
  ADD ("glucose-messages", test_glucose_messages);
  ADD ("glucose-age-limit", test_glucose_age_limit);
  ADD ("glucose-38-age-12-criteria-not-met", test_glucose_38_age_12);
  ADD ("glucose-age-band-10s-asks", test_glucose_age_band_10s_asks);
  ADD ("no-glucose-suggestion-without-value", test_no_glucose_without_value);
  ADD ("contraindication-crew-drugs-and-own-medicines", test_contraindication);
  ADD ("infection-result-wording", test_infection_result_wording);
  ADD ("infection-result-edges", test_infection_result_edges);
  ADD ("r05-subsumes-r04", test_r05_subsumes_r04);
  ADD ("r22-subsumes-r21", test_r22_subsumes_r21);
  ADD ("r13-subsumes-r12", test_r13_subsumes_r12);
  ADD ("ordering-critical-first", test_ordering);
  ADD ("evidence-is-the-trigger", test_evidence_is_the_trigger);
  ADD ("text-and-atc-fallback", test_text_and_atc_fallback);
  ADD ("stale-data", test_stale_data);

#undef ADD

  return g_test_run ();
}
