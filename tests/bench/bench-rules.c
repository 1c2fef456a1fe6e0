/* bench-rules.c: evaluation time of the shipped rules on a 300-item summary (150 medicines,
 * 80 conditions, 20 allergies, 50 laboratory results), with crew findings entered.
 *
 * Usage: bench-rules [ITERATIONS] (default 1000). Prints the median, 90th percentile, minimum
 * and maximum time of one evaluation. The target is a median under 5 ms; the benchmark reports,
 * it does not fail on time (run it with "meson test --benchmark"). With a small count it is a
 * smoke test that the evaluation works on a large summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fc-rule-set.h"

#define N_MEDICINES    150
#define N_CONDITIONS   80
#define N_ALLERGIES    20
#define N_OBSERVATIONS 50

/* Medicines of many classes, coded and text-only, so that every matching path runs. */
static const struct {
  const char *system;
  const char *code;
  const char *text;
} medicines[] = {
  { "yj", "2492413G4022", "ヒューマログ注ミリオペン" },
  { "yj", "3962002F1023", "メトグルコ錠250mg" },
  { "yj", "3969019F1027", "フォシーガ錠5mg" },
  { "yj", "3969010F1025", "ジャヌビア錠50mg" },
  { "yj", "3332001F1063", "ワーファリン錠1mg" },
  { "yj", "3339004F1029", "エリキュース錠2.5mg" },
  { "yj", "3399007H1102", "バイアスピリン錠100mg" },
  { "yj", "2123016F1025", "メインテート錠2.5mg" },
  { "yj", "2171022F1020", "ノルバスク錠5mg" },
  { "yj", "2190029F1022", "ホスレノールOD錠250mg" },
  { "yj", "2456001F1310", "プレドニン錠5mg" },
  { "general-order", "1149019F1ZZZ", "【般】ロキソプロフェンNa錠60mg" },
  { "yj", "2329023F2080", "ランソプラゾールOD錠15mg「トーワ」" },
  { "atc", "C09CA08", "オルメサルタン錠20mg" },
  { NULL, NULL, "酸化マグネシウム錠３３０ｍｇ" },
  { NULL, NULL, "【般】アムロジピン錠５ｍｇ" },
};

static const struct {
  const char *icd10;
  const char *status;
  const char *text;
} conditions[] = {
  { "E11.9", "confirmed", "2型糖尿病" },
  { "I10", "confirmed", "高血圧症" },
  { "I48.9", "confirmed", "心房細動" },
  { "N18.3", "confirmed", "慢性腎臓病ステージ3" },
  { "K21.9", "confirmed", "逆流性食道炎" },
  { "M81.0", "unconfirmed", "骨粗鬆症の疑い" },
  { "E78.5", "resolved", "脂質異常症" },
  { NULL, "active", "腰部脊柱管狭窄症" },
};

static FcSummary *
build_summary (void)
{
  FcSummary *summary = fc_summary_new ();

  fc_summary_set_age_band (summary, "70s");
  for (guint i = 0; i < N_MEDICINES; i++)
    {
      guint k = i % G_N_ELEMENTS (medicines);
      g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_MEDICATION, medicines[k].text);
      g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", 1 + (i % 10), 1 + (i % 28));

      if (medicines[k].system != NULL)
        fc_summary_item_add_coding (item, medicines[k].system, medicines[k].code, NULL);
      fc_summary_item_set_date (item, date);
      fc_summary_item_set_source (item, "claims");
      fc_summary_add_item (summary, item);
    }
  for (guint i = 0; i < N_CONDITIONS; i++)
    {
      guint k = i % G_N_ELEMENTS (conditions);
      g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_CONDITION, conditions[k].text);

      if (conditions[k].icd10 != NULL)
        fc_summary_item_add_coding (item, "icd10", conditions[k].icd10, NULL);
      fc_summary_item_set_status (item, conditions[k].status);
      fc_summary_add_item (summary, item);
    }
  for (guint i = 0; i < N_ALLERGIES; i++)
    {
      g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_ALLERGY,
                                                           i % 2 == 0 ? "アモキシシリン" : "卵");

      fc_summary_item_set_category (item, i % 2 == 0 ? "medication" : "food");
      fc_summary_item_set_criticality (item, i % 4 == 0 ? "high" : "low");
      fc_summary_add_item (summary, item);
    }
  for (guint i = 0; i < N_OBSERVATIONS; i++)
    {
      g_autoptr(FcSummaryItem) item = NULL;

      if (i % 5 == 0)
        {
          item = fc_summary_item_new (FC_ITEM_OBSERVATION, "HBs抗原(定性)");
          fc_summary_item_add_coding (item, "jlac10", "5F016141002399911", NULL);
          fc_summary_item_set_detail (item, i % 10 == 0 ? "陽性 (POS)" : "陰性");
        }
      else
        {
          item = fc_summary_item_new (FC_ITEM_OBSERVATION, "HbA1c（NGSP）");
          fc_summary_item_add_coding (item, "jlac10", "3D046000001920402", NULL);
          fc_summary_item_set_detail (item, "7.1 % (H)");
        }
      fc_summary_item_set_date (item, "2025-04-01");
      fc_summary_add_item (summary, item);
    }
  return summary;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  guint64 iterations = 1000;
  g_autofree char *dir = fc_rule_set_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 1, 10, 0, 0);
  g_autofree gint64 *spans = NULL;
  guint n_warnings = 0;

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 1000000, &iterations, NULL))
    {
      g_printerr ("bench-rules: ITERATIONS must be a whole number from 1\n");
      return 2;
    }
  rules = fc_rule_set_new_from_dir (dir, &error);
  if (rules == NULL)
    {
      g_printerr ("bench-rules: %s\n", error->message);
      return 2;
    }
  summary = build_summary ();
  if (!fc_findings_parse (findings, "consciousness=impaired", &error) ||
      !fc_findings_parse (findings, "bgl=38", &error))
    {
      g_printerr ("bench-rules: %s\n", error->message);
      return 2;
    }

  spans = g_new0 (gint64, iterations);
  for (guint64 i = 0; i < iterations; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GListModel) warnings = fc_rule_set_evaluate_at (rules, summary, findings, now);

      spans[i] = g_get_monotonic_time () - start;
      n_warnings = g_list_model_get_n_items (warnings);
    }
  qsort (spans, iterations, sizeof *spans, compare_spans);

  printf ("items: %u; rules: %u; warnings per evaluation: %u; evaluations: %" G_GUINT64_FORMAT
          "\n", g_list_model_get_n_items (fc_summary_get_items (summary)),
          fc_rule_set_get_n_rules (rules), n_warnings, iterations);
  printf ("per evaluation: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms "
          "(target: median < 5 ms)\n",
          spans[iterations / 2] / 1000.0, spans[(iterations * 9) / 10] / 1000.0,
          spans[0] / 1000.0, spans[iterations - 1] / 1000.0);

  /* Smoke check: a large summary still gives the expected warnings. */
  return n_warnings >= 10 ? 0 : 1;
}
