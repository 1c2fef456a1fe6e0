/* test-rule-cases.c: every rule of data/rules/rules.json on small summaries built in C: at least
 * one case that fires it and one near miss that must not (checked for every rule id in the
 * file). Each case is its own test: /fc/rules/cases/RULE/fires/NAME and
 * /fc/rules/cases/RULE/near-miss/NAME.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rules-test-util.h"

/* Extra expectations of a case that fires. */
enum {
  CASE_INFERRED    = 1 << 0, /* the warning is labelled inferred (推定・要確認) */
  CASE_UNCONFIRMED = 1 << 1, /* an evidence item is labelled unconfirmed (疑い) */
};

typedef struct {
  const char *rule;
  gboolean    fires;
  const char *name;
  FcSeverity  severity;     /* when it fires */
  guint       flags;
  const char *age_band;     /* the record's age band; NULL: unknown */
  const char *items[5];
  const char *findings[4];
} RuleCase;

#define FIRES(rule, name, severity, flags) rule, TRUE, name, FC_SEVERITY_##severity, flags
#define NEAR(rule, name)                   rule, FALSE, name, FC_SEVERITY_INFO, 0

#define GLIMEPIRIDE  "med|yj|3961008F1020|アマリール1mg錠"
#define DAPAGLIFLOZIN "med|yj|3969019F1027|フォシーガ錠5mg"
#define SITAGLIPTIN  "med|yj|3969010F1025|ジャヌビア錠50mg"
#define LOXOPROFEN   "med|general-order|1149019F1ZZZ|【般】ロキソプロフェンNa錠60mg"
#define VALPROATE    "med|yj|1139004G1047|デパケンR錠200mg"
#define ETIZOLAM     "med|yj|1179025F1026|デパス錠0.5mg"
#define PREDNISOLONE "med|yj|2456001F1310|プレドニン錠5mg"
#define HBS_AG_POS   "obs|5F016141002399911|陽性 (POS)|HBs抗原(定性)"

static const RuleCase cases[] = {
  { FIRES ("R01", "insulin-yj-2492", CAUTION, 0), NULL, { INSULIN }, { NULL } },
  { NEAR ("R01", "metformin-is-not-insulin"), NULL, { METFORMIN }, { NULL } },
  { NEAR ("R01", "glucagon-is-not-insulin"), NULL, { "med|||グルカゴンGノボ注射用1mg" }, { NULL } },

  { FIRES ("R02", "glimepiride-3961", CAUTION, 0), NULL, { GLIMEPIRIDE }, { NULL } },
  /* A glinide known only by its HOT code is matched by name. */
  { FIRES ("R02", "glinide-by-name", CAUTION, 0), NULL,
    { "med|hot|1234567|ナテグリニド錠９０ｍｇ「サワイ」" }, { NULL } },
  { NEAR ("R02", "voglibose-is-not-a-secretagogue"), NULL,
    { "med|hot|7654321|ボグリボース錠0.3mg" }, { NULL } },

  /* 3969 mixes SGLT2 and DPP-4 inhibitors. */
  { FIRES ("R03", "dapagliflozin-3969019", CAUTION, 0), NULL, { DAPAGLIFLOZIN }, { NULL } },
  { NEAR ("R03", "dpp4-alone-is-not-sglt2"), NULL, { SITAGLIPTIN }, { NULL } },

  { FIRES ("R04", "confirmed-type-2-diabetes", CAUTION, 0), NULL, { DIABETES }, { NULL } },
  { FIRES ("R04", "diabetes-by-name-without-icd10", CAUTION, 0), NULL,
    { "cond||active|2型糖尿病" }, { NULL } },
  { NEAR ("R04", "suspected-diabetes-does-not-fire"), NULL,
    { "cond|E11.9|unconfirmed|2型糖尿病の疑い" }, { NULL } },
  { NEAR ("R04", "resolved-diabetes-does-not-fire"), NULL,
    { "cond|E11.9|resolved|2型糖尿病" }, { NULL } },
  { NEAR ("R04", "entered-in-error-does-not-fire"), NULL,
    { "cond|E11.9|entered-in-error|2型糖尿病" }, { NULL } },
  { NEAR ("R04", "borderline-by-name-does-not-fire"), NULL,
    { "cond||active|境界型糖尿病" }, { NULL } },

  { FIRES ("R05", "insulin-and-impaired-consciousness", CRITICAL, 0), NULL, { INSULIN },
    { "consciousness=impaired" } },
  { FIRES ("R05", "diabetes-and-impaired-consciousness", CRITICAL, 0), NULL, { DIABETES },
    { "consciousness=impaired" } },
  { NEAR ("R05", "measured-value-ends-measure-first"), NULL, { INSULIN },
    { "consciousness=impaired", "bgl=120" } },
  { NEAR ("R05", "alert-patient"), NULL, { INSULIN }, { "consciousness=alert" } },

  { FIRES ("G0", "impaired-not-measured", CAUTION, 0), NULL, { NULL },
    { "consciousness=impaired" } },
  { NEAR ("G0", "alert"), NULL, { NULL }, { "consciousness=alert" } },

  { FIRES ("G1", "bgl-38-age-40", CRITICAL, 0), NULL, { NULL }, { "bgl=38", "age=40" } },
  { FIRES ("G1", "lo-age-band-60s", CRITICAL, 0), "60s", { NULL }, { "bgl=LO" } },
  { FIRES ("G1", "age-band-20s-lower-bound", CRITICAL, 0), "20s", { NULL }, { "bgl=38" } },
  { NEAR ("G1", "bgl-50-is-not-low"), "60s", { NULL }, { "bgl=50" } },
  { NEAR ("G1", "age-12-criteria-not-met"), NULL, { NULL }, { "bgl=38", "age=12" } },
  { NEAR ("G1", "age-band-10s-not-enough"), "10s", { NULL }, { "bgl=38" } },

  { FIRES ("G1A", "age-band-10s-asks-to-confirm", CRITICAL, 0), "10s", { NULL },
    { "bgl=38" } },
  { FIRES ("G1A", "no-age-asks-to-confirm", CRITICAL, 0), NULL, { NULL }, { "bgl=LO" } },
  { NEAR ("G1A", "crew-age-16-settles-it"), "10s", { NULL }, { "bgl=38", "age=16" } },

  { FIRES ("G1C", "age-12", CRITICAL, 0), NULL, { NULL }, { "bgl=38", "age=12" } },
  { FIRES ("G1C", "age-band-0s", CRITICAL, 0), "0s", { NULL }, { "bgl=38" } },
  { NEAR ("G1C", "age-15-is-not-under-15"), NULL, { NULL }, { "bgl=38", "age=15" } },

  { FIRES ("G2", "bgl-420", CRITICAL, 0), NULL, { NULL }, { "bgl=420" } },
  { FIRES ("G2", "hi", CRITICAL, 0), NULL, { NULL }, { "bgl=HI" } },
  { NEAR ("G2", "bgl-249"), NULL, { NULL }, { "bgl=249" } },

  { FIRES ("G3", "bgl-120", INFO, 0), NULL, { NULL }, { "bgl=120" } },
  { NEAR ("G3", "lo"), NULL, { NULL }, { "bgl=LO" } },

  { FIRES ("R06", "resolved-drug-induced-hypoglycaemia", INFO, 0), NULL,
    { "cond|E16.0|resolved|薬剤性低血糖症" }, { NULL } },
  /* A 疑い condition fires a rule that takes any verification, labelled unconfirmed. */
  { FIRES ("R06", "suspected-hypoglycaemia-labelled-unconfirmed", INFO, CASE_UNCONFIRMED), NULL,
    { "cond|E16.2|unconfirmed|低血糖症の疑い" }, { NULL } },
  { NEAR ("R06", "hyperglucagonism-e16-3"), NULL,
    { "cond|E16.3|confirmed|グルカゴン分泌増加" }, { NULL } },
  { NEAR ("R06", "entered-in-error-does-not-fire"), NULL,
    { "cond|E16.0|entered-in-error|薬剤性低血糖症" }, { NULL } },

  { FIRES ("R07", "warfarin-3332", CAUTION, 0), NULL, { WARFARIN }, { NULL } },
  { FIRES ("R07", "warfarin-head-injury-critical", CRITICAL, 0), NULL, { WARFARIN },
    { "head-injury=yes" } },
  { FIRES ("R07", "warfarin-full-width-text", CAUTION, 0), NULL, { "med|||ワーファリン錠１ｍｇ" },
    { NULL } },
  { NEAR ("R07", "apixaban-is-not-warfarin"), NULL, { APIXABAN }, { "head-injury=yes" } },
  /* A drug allergy to warfarin is not warfarin use. */
  { NEAR ("R07", "warfarin-allergy-is-not-use"), NULL, { "allergy|medication|low|ワルファリン" },
    { NULL } },

  { FIRES ("R08", "apixaban-3339004", CAUTION, 0), NULL, { APIXABAN }, { NULL } },
  { FIRES ("R08", "rivaroxaban-od-bleeding-critical", CRITICAL, 0), NULL,
    { "med|yj|33390A0F2063|イグザレルトOD錠15mg" }, { "bleeding=yes" } },
  { NEAR ("R08", "warfarin-is-not-a-doac"), NULL, { WARFARIN }, { NULL } },

  { FIRES ("R09", "low-dose-aspirin", INFO, 0), NULL, { ASPIRIN_LOW }, { NULL } },
  { FIRES ("R09", "two-antiplatelets-caution", CAUTION, 0), NULL, { ASPIRIN_LOW, CLOPIDOGREL },
    { NULL } },
  { FIRES ("R09", "antiplatelet-with-anticoagulant-caution", CAUTION, 0), NULL,
    { ASPIRIN_LOW, WARFARIN }, { NULL } },
  /* Analgesic-dose aspirin (114x) is not an antiplatelet. */
  { NEAR ("R09", "analgesic-aspirin-114"), NULL, { "med|yj|1143001X1010|アスピリン「ヨシダ」" },
    { NULL } },

  { FIRES ("R10", "warfarin-and-oral-nsaid", CAUTION, 0), NULL, { WARFARIN, LOXOPROFEN },
    { NULL } },
  { FIRES ("R10", "doac-and-oral-steroid", CAUTION, 0), NULL, { APIXABAN, PREDNISOLONE },
    { NULL } },
  { NEAR ("R10", "nsaid-tape-is-not-oral"), NULL, { WARFARIN, "med|||ロキソニンテープ100mg" },
    { NULL } },
  { NEAR ("R10", "nsaid-without-antithrombotic"), NULL, { LOXOPROFEN }, { NULL } },

  { FIRES ("R11", "bisoprolol-2123", CAUTION, 0), NULL, { BISOPROLOL }, { NULL } },
  { NEAR ("R11", "timolol-eye-drops"), NULL,
    { "med|yj|1319702Q1030|チモロール点眼液0.5%「ニッテン」" }, { NULL } },

  { FIRES ("R12", "verapamil-2171008", CAUTION, 0), NULL, { VERAPAMIL }, { NULL } },
  { NEAR ("R12", "amlodipine-is-not-non-dhp"), NULL, { AMLODIPINE }, { NULL } },

  { FIRES ("R13", "bisoprolol-and-verapamil", CAUTION, 0), NULL, { BISOPROLOL, VERAPAMIL },
    { NULL } },
  { NEAR ("R13", "bisoprolol-and-amlodipine"), NULL, { BISOPROLOL, AMLODIPINE }, { NULL } },

  { FIRES ("R14", "beta-blocker-and-anaphylaxis", INFO, 0), NULL, { BISOPROLOL },
    { "anaphylaxis=yes" } },
  { NEAR ("R14", "beta-blocker-without-anaphylaxis"), NULL, { BISOPROLOL }, { NULL } },
  { NEAR ("R14", "anaphylaxis-without-beta-blocker"), NULL, { AMLODIPINE },
    { "anaphylaxis=yes" } },

  { FIRES ("R15", "digoxin-2113", CAUTION, 0), NULL, { "med|yj|2113005F1057|ジゴシン錠0.125mg" },
    { NULL } },
  { NEAR ("R15", "pimobendan-is-not-digoxin"), NULL,
    { "med|yj|2119008F1020|ピモベンダン錠1.25mg" }, { NULL } },

  { FIRES ("R16", "lithium-1179017", CAUTION, 0), NULL, { "med|yj|1179017F1035|リーマス錠200" },
    { NULL } },
  { NEAR ("R16", "etizolam-shares-1179"), NULL, { ETIZOLAM }, { NULL } },

  { FIRES ("R17", "valproate-inferred", INFO, CASE_INFERRED), NULL, { VALPROATE }, { NULL } },
  { FIRES ("R17", "valproate-seizure-caution", CAUTION, CASE_INFERRED), NULL, { VALPROATE },
    { "seizure=yes" } },
  { NEAR ("R17", "etizolam-is-not-antiepileptic"), NULL, { ETIZOLAM }, { "seizure=yes" } },

  { FIRES ("R18", "prednisolone-oral", CAUTION, 0), NULL, { PREDNISOLONE }, { NULL } },
  /* 245 also holds adrenaline (2451); topical and injected steroids do not count. */
  { NEAR ("R18", "adrenaline-2451-is-not-a-steroid"), NULL,
    { "med|yj|2451403G1020|エピペン注射液0.3mg" }, { NULL } },
  { NEAR ("R18", "topical-and-injected-steroids"), NULL,
    { "med|yj|2647705M1024|リンデロン-VG軟膏0.12%", "med|yj|2456400D1035|水溶性プレドニン10mg" },
    { NULL } },

  { FIRES ("R19", "tacrolimus-3999014", CAUTION, 0), NULL,
    { "med|yj|3999014M1024|プログラフカプセル1mg" }, { NULL } },
  { NEAR ("R19", "alendronate-3999018-is-not-an-immunosuppressant"), NULL,
    { "med|yj|3999018F1022|ボナロン錠35mg" }, { NULL } },
  { NEAR ("R19", "topical-tacrolimus"), NULL, { "med|yj|2699708M1021|プロトピック軟膏0.1%" },
    { NULL } },

  { FIRES ("R20", "oxycodone-811", CAUTION, 0), NULL,
    { "med|yj|8119002G1025|オキシコンチンTR錠5mg" }, { NULL } },
  { NEAR ("R20", "loxoprofen-is-not-an-opioid"), NULL, { LOXOPROFEN }, { NULL } },

  { FIRES ("R21", "lanthanum-inferred-ckd", INFO, CASE_INFERRED), NULL, { LANTHANUM },
    { NULL } },
  { FIRES ("R21", "potassium-binder-2190016", INFO, CASE_INFERRED), NULL,
    { "med|yj|2190016S1027|カリメート散" }, { NULL } },
  /* 2190 also holds sacubitril/valsartan. */
  { NEAR ("R21", "sacubitril-valsartan-2190041-is-not-a-k-binder"), NULL,
    { "med|yj|2190041F1020|エンレスト錠100mg" }, { NULL } },

  { FIRES ("R22", "ckd-stage-5", CAUTION, 0), NULL, { "cond|N18.5|confirmed|慢性腎臓病ステージ5" },
    { NULL } },
  { FIRES ("R22", "dialysis-z99-2", CAUTION, 0), NULL, { "cond|Z99.2|active|血液透析状態" },
    { NULL } },
  { NEAR ("R22", "acute-kidney-injury-n17"), NULL, { "cond|N17.9|confirmed|急性腎不全" },
    { NULL } },
  { NEAR ("R22", "entered-in-error-ckd"), NULL,
    { "cond|N18.5|entered-in-error|慢性腎臓病ステージ5" }, { NULL } },

  { FIRES ("R23", "tadalafil-and-nitroglycerin", CAUTION, 0), NULL, { TADALAFIL, NITRO },
    { NULL } },
  { NEAR ("R23", "nitroglycerin-alone"), NULL, { NITRO }, { NULL } },

  { FIRES ("R24", "nitrate-inferred-angina", INFO, CASE_INFERRED), NULL, { NITRO }, { NULL } },
  { NEAR ("R24", "nitrate-with-pde5-is-r23"), NULL, { NITRO, TADALAFIL }, { NULL } },

  { FIRES ("R25", "medication-high-criticality", CRITICAL, 0), NULL,
    { "allergy|medication|high|ペニシリン系抗菌薬" }, { NULL } },
  { NEAR ("R25", "medication-low-criticality"), NULL,
    { "allergy|medication|low|ペニシリン系抗菌薬" }, { NULL } },

  { FIRES ("R26", "food-allergy", CAUTION, 0), NULL, { "allergy|food|low|卵" }, { NULL } },
  { FIRES ("R26", "latex-jfagy-non-food", CAUTION, 0), NULL,
    { "allergy|environment||ラテックス|jfagy:J9N000000001" }, { NULL } },
  { NEAR ("R26", "contraindication-is-r25"), NULL,
    { "allergy|medication|high|ペニシリン系抗菌薬" }, { NULL } },

  { FIRES ("R27", "hbs-antigen-pos-5f016", INFO, 0), NULL, { HBS_AG_POS }, { NULL } },
  { FIRES ("R27", "tp-antibody-plus-5e075", INFO, 0), NULL,
    { "obs|5E075000002311711|(+)|梅毒TP抗体(定性)" }, { NULL } },
  { FIRES ("R27", "hcv-antibody-by-name", INFO, 0), NULL, { "obs||陽性|HCV抗体" }, { NULL } },
  { FIRES ("R27", "hiv-coi-high-flag", INFO, 0), NULL,
    { "obs|5F560155002305231|12.5 C.O.I. (H)|HIV-1+2抗体・p24抗原(コントロール比)" }, { NULL } },
  { NEAR ("R27", "hbs-antigen-negative"), NULL,
    { "obs|5F016141002399911|陰性|HBs抗原(定性)" }, { NULL } },
  { NEAR ("R27", "high-hba1c-is-not-infection"), NULL,
    { "obs|3D046000001920402|8.2 % (H)|HbA1c（NGSP）" }, { NULL } },
  { NEAR ("R27", "infection-test-without-result"), NULL,
    { "obs|5F360151002319011||HCV抗体(定性)" }, { NULL } },

  { FIRES ("R28", "atrial-fibrillation-i48", INFO, 0), NULL,
    { "cond|I48.9|confirmed|心房細動" }, { NULL } },
  { FIRES ("R28", "heart-failure-i50", INFO, 0), NULL, { "cond|I50.9|confirmed|心不全" },
    { NULL } },
  { NEAR ("R28", "arrhythmia-i49"), NULL, { "cond|I49.9|confirmed|不整脈" }, { NULL } },
  { NEAR ("R28", "suspected-heart-failure"), NULL, { "cond|I50.9|unconfirmed|心不全の疑い" },
    { NULL } },

  { FIRES ("R29", "no-medicines", INFO, 0), NULL, { NULL }, { NULL } },
  { NEAR ("R29", "recent-dispensing"), NULL, { WARFARIN }, { NULL } },
};

/* The shipped rules, loaded once for all cases. */
static FcRuleSet *rules;

static void
test_case (gconstpointer data)
{
  const RuleCase *c = data;
  g_autoptr(FcSummary) summary = rt_summary_aged (c->items, c->age_band);
  g_autoptr(FcFindings) findings = rt_findings_with (c->findings);
  g_autoptr(GListModel) warnings = NULL;
  g_autofree char *fired = NULL;
  FcWarning *warning;

  warnings = rt_evaluate (rules, summary, findings);
  fired = rt_describe (warnings);
  g_test_message ("%s %s: %s", c->rule, c->name, fired);
  warning = rt_find_warning (warnings, c->rule);
  if (!c->fires)
    {
      g_assert_null (warning);
      return;
    }

  g_assert_nonnull (warning);
  g_assert_cmpint (fc_warning_get_severity (warning), ==, c->severity);
  /* A drug-derived condition carries the inferred label in both languages. */
  g_assert_cmpint (fc_warning_get_inferred (warning), ==, (c->flags & CASE_INFERRED) != 0);
  if (fc_warning_get_inferred (warning))
    {
      g_assert_nonnull (strstr (fc_warning_get_message_ja (warning), "推定・要確認"));
      g_assert_nonnull (strstr (fc_warning_get_message_en (warning), "inferred — verify"));
    }
  /* History rules show the items that triggered them. */
  if (c->items[0] != NULL)
    g_assert_cmpuint (fc_warning_get_evidence (warning)->len, >=, 1);
  if (c->flags & CASE_UNCONFIRMED)
    {
      FcSummaryItem *item = g_ptr_array_index (fc_warning_get_evidence (warning), 0);

      g_assert_true (fc_warning_item_is_unconfirmed (item));
      g_assert_cmpstr (fc_warning_item_label (item, "ja"), ==, "疑い");
      g_assert_cmpstr (fc_warning_item_label (item, "en"), ==, "suspected (unconfirmed)");
    }
}

/* Every rule in rules.json has a case that fires it and a near miss, so that a new rule cannot
 * go untested. */
static void
test_every_rule_has_cases (void)
{
  g_auto(GStrv) ids = fc_rule_set_list_rules (rules);

  g_assert_cmpuint (g_strv_length (ids), >=, 33);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean fires = FALSE;
      gboolean near = FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        if (g_str_equal (cases[c].rule, ids[i]))
          {
            fires = fires || cases[c].fires;
            near = near || !cases[c].fires;
          }
      if (!fires || !near)
        g_test_message ("rule %s: fires case %d, near miss %d", ids[i], fires, near);
      g_assert_true (fires && near);
    }
  /* And no case names a rule that does not exist. */
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    g_assert_true (fc_rule_set_has_rule (rules, cases[c].rule));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = fc_rule_set_default_dir ();
  rules = fc_rule_set_new_from_dir (dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/rules/cases/%s/%s/%s", cases[i].rule,
                                               cases[i].fires ? "fires" : "near-miss",
                                               cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/fc/rules/cases/every-rule-has-cases", test_every_rule_has_cases);

  status = g_test_run ();
  g_assert_finalize_object (rules);
  return status;
}
