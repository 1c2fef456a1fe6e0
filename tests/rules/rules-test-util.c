/* rules-test-util.c: building minimal summaries and evaluating the shipped rules on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rules-test-util.h"

void
rt_fixture_set_up (RtFixture     *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = fc_rule_set_default_dir ();
  g_autoptr(GError) error = NULL;

  fixture->rules = fc_rule_set_new_from_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->rules);
}

void
rt_fixture_tear_down (RtFixture     *fixture,
                      gconstpointer  data)
{
  g_assert_finalize_object (fixture->rules);
}

/* ---- Building summaries ------------------------------------------------------------------- */

/* Adds one item described as
 *   "med|SYSTEM|CODE|TEXT"               (SYSTEM and CODE may be empty)
 *   "cond|ICD10|STATUS|TEXT"
 *   "allergy|CATEGORY|CRITICALITY|TEXT" or "allergy|CATEGORY|CRITICALITY|TEXT|SYSTEM:CODE"
 *   "obs|JLAC10|DETAIL|TEXT"
 * Medicines are dated RECENT, laboratory results 2025-04-01. */
FcSummaryItem *
rt_add_item (FcSummary  *summary,
             const char *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, "|", 5);
  g_autoptr(FcSummaryItem) item = NULL;

  g_assert_cmpuint (g_strv_length (parts), >=, 4);
  if (g_str_equal (parts[0], "med"))
    {
      item = fc_summary_item_new (FC_ITEM_MEDICATION, parts[3]);
      if (*parts[1] != '\0')
        fc_summary_item_add_coding (item, parts[1], parts[2], NULL);
      fc_summary_item_set_date (item, RECENT);
      fc_summary_item_set_source (item, "claims");
    }
  else if (g_str_equal (parts[0], "cond"))
    {
      item = fc_summary_item_new (FC_ITEM_CONDITION, parts[3]);
      if (*parts[1] != '\0')
        fc_summary_item_add_coding (item, "icd10", parts[1], NULL);
      fc_summary_item_set_status (item, parts[2]);
    }
  else if (g_str_equal (parts[0], "allergy"))
    {
      item = fc_summary_item_new (FC_ITEM_ALLERGY, parts[3]);
      if (*parts[1] != '\0')
        fc_summary_item_set_category (item, parts[1]);
      if (*parts[2] != '\0')
        fc_summary_item_set_criticality (item, parts[2]);
      if (parts[4] != NULL)
        {
          g_auto(GStrv) coding = g_strsplit (parts[4], ":", 2);

          g_assert_cmpuint (g_strv_length (coding), ==, 2);
          fc_summary_item_add_coding (item, coding[0], coding[1], NULL);
        }
    }
  else if (g_str_equal (parts[0], "obs"))
    {
      item = fc_summary_item_new (FC_ITEM_OBSERVATION, parts[3]);
      if (*parts[1] != '\0')
        fc_summary_item_add_coding (item, "jlac10", parts[1], NULL);
      if (*parts[2] != '\0')
        fc_summary_item_set_detail (item, parts[2]);
      fc_summary_item_set_date (item, "2025-04-01");
      fc_summary_item_set_status (item, "final");
    }
  else
    g_assert_not_reached ();

  fc_summary_add_item (summary, item);
  return item;
}

FcSummary *
rt_summary_with (const char * const *specs)
{
  FcSummary *summary = fc_summary_new ();

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    rt_add_item (summary, specs[i]);
  return summary;
}

FcSummary *
rt_summary_aged (const char * const *specs,
                 const char         *age_band)
{
  FcSummary *summary = rt_summary_with (specs);

  fc_summary_set_age_band (summary, age_band);
  return summary;
}

FcFindings *
rt_findings_with (const char * const *assignments)
{
  FcFindings *findings = fc_findings_new ();

  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (fc_findings_parse (findings, assignments[i], &error));
      g_assert_no_error (error);
    }
  return findings;
}

GListModel *
rt_evaluate (FcRuleSet  *rules,
             FcSummary  *summary,
             FcFindings *findings)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (EVAL_YEAR, EVAL_MONTH, EVAL_DAY, 10, 0, 0);

  return fc_rule_set_evaluate_at (rules, summary, findings, now);
}

/* The warning of @rule_id in @warnings, or NULL; (transfer none): @warnings keeps it. */
FcWarning *
rt_find_warning (GListModel *warnings,
                 const char *rule_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      if (g_str_equal (fc_warning_get_rule_id (warning), rule_id))
        return warning;
    }
  return NULL;
}

char *
rt_describe (GListModel *warnings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_string_append_printf (text, "%s%s(%s)", i > 0 ? " " : "",
                              fc_warning_get_rule_id (warning),
                              fc_severity_to_string (fc_warning_get_severity (warning)));
    }
  return g_string_free (text, FALSE);
}


gboolean
rt_has (GListModel *warnings,
        const char *rule_id)
{
  return rt_find_warning (warnings, rule_id) != NULL;
}
