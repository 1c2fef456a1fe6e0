/* fc-scenario-check.c: the scenario validator and the canonical play of a scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-scenario-check"

#include "config.h"

#include "fc-scenario-check.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-findings.h"
#include "fc-scenario-source.h"

gboolean
fc_scenario_record_reachable (FcScenario *scenario)
{
  FcVirtualCardBehaviour behaviour;
  const char *network;

  g_return_val_if_fail (FC_IS_SCENARIO (scenario), FALSE);

  behaviour = fc_scenario_get_card_behaviour (scenario);
  network = fc_scenario_get_network (scenario);
  return behaviour != FC_VIRTUAL_CARD_ABSENT
         && behaviour != FC_VIRTUAL_CARD_WRONG_APPLICATION
         && behaviour != FC_VIRTUAL_CARD_ERROR_STATUS
         && fc_scenario_get_consent (scenario) != FC_SCENARIO_CONSENT_REFUSES
         && !g_str_equal (network, "offline")
         && !g_str_equal (network, "503")
         && !g_str_equal (network, "not-found");
}

GListModel *
fc_scenario_evaluate (FcScenario         *scenario,
                      FcRuleSet          *rules,
                      FcSummary          *summary,
                      const char * const *finding_names)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();

  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (FC_IS_RULE_SET (rules), NULL);
  g_return_val_if_fail (FC_IS_SUMMARY (summary), NULL);

  for (guint i = 0; finding_names != NULL && finding_names[i] != NULL; i++)
    {
      const char *value = fc_scenario_get_measured (scenario, finding_names[i]);
      g_autofree char *assignment = NULL;
      g_autoptr(GError) error = NULL;

      if (value == NULL || !fc_scenario_is_finding_name (finding_names[i]))
        continue;
      assignment = g_strdup_printf ("%s=%s", finding_names[i], value);
      if (!fc_findings_parse (findings, assignment, &error))
        g_debug ("Scenario %s: %s: %s", fc_scenario_get_id (scenario), assignment,
                 error->message);
    }

  return fc_rule_set_evaluate_at (rules, summary, findings, fc_scenario_get_today (scenario));
}

static void
add_ids (GHashTable *ids,
         GListModel *warnings)
{
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_hash_table_add (ids, g_strdup (fc_warning_get_rule_id (warning)));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
sorted_keys (GHashTable *set)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (list, g_strdup (key));
  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

GStrv
fc_scenario_play_warnings (FcScenario  *scenario,
                           FcRuleSet   *rules,
                           GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) observed = g_ptr_array_new ();
  g_autoptr(FcSummary) summary = NULL;
  const char * const *names;

  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (FC_IS_RULE_SET (rules), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summary = fc_scenario_source_read_record (scenario, fc_scenario_get_today (scenario), error);
  if (summary == NULL)
    return NULL;
  if (!fc_scenario_record_reachable (scenario))
    return g_new0 (char *, 1);

  names = fc_scenario_get_measured_names (scenario);
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], "bgl"))
      g_ptr_array_add (observed, (gpointer) names[i]);
  g_ptr_array_add (observed, NULL);

  {
    g_autoptr(GListModel) history = fc_scenario_evaluate (scenario, rules, summary, NULL);
    g_autoptr(GListModel) seen_observed =
      fc_scenario_evaluate (scenario, rules, summary, (const char * const *) observed->pdata);
    g_autoptr(GListModel) measured = fc_scenario_evaluate (scenario, rules, summary, names);

    add_ids (seen, history);
    add_ids (seen, seen_observed);
    add_ids (seen, measured);
  }

  return sorted_keys (seen);
}

G_GNUC_PRINTF (5, 6)
static void
add_problem (GPtrArray  *problems,
             const char *file,
             FcScenario *scenario,
             const char *node,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  guint line = 0;
  guint column = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (scenario != NULL && node != NULL)
    fc_scenario_lookup_position (scenario, node, FALSE, &line, &column);
  g_ptr_array_add (problems, fc_scenario_problem_new (file, line, column, message));
}

static gboolean
band_known (const char *text)
{
  return text != NULL && !g_str_equal (text, "unknown");
}

static void
check_person (FcScenario *scenario,
              FcSummary  *summary,
              const char *file,
              GPtrArray  *problems)
{
  const char *record_sex = fc_summary_get_sex (summary);
  const char *record_band = fc_summary_get_age_band (summary);
  const char *sex = fc_scenario_get_sex (scenario);
  const char *band = fc_scenario_get_age_band (scenario);
  gboolean sex_differs = band_known (record_sex) && band_known (sex)
                         && !g_str_equal (record_sex, sex);
  gboolean band_differs = band_known (record_band) && band_known (band)
                          && !g_str_equal (record_band, band);

  if (fc_scenario_get_record_matches (scenario))
    {
      if (sex_differs || band_differs)
        add_problem (problems, file, scenario, sex_differs ? "patient.sex" : "patient.age_band",
                     _("the record is of a %s (%s) but the crew sees a %s (%s): fix the bundle, "
                       "or set “patient.record_matches” to false for a wrong-person drill"),
                     record_sex, record_band, sex, band);
    }
  else if (!sex_differs && !band_differs)
    {
      add_problem (problems, file, scenario, "patient.record_matches",
                   _("a wrong-person drill needs a record whose sex or age band differ from the "
                     "patient the crew sees (both are %s, %s)"), sex, band);
    }
}

gboolean
fc_scenario_check_file (const char *path,
                        FcRuleSet  *rules,
                        GPtrArray  *problems)
{
  g_autoptr(FcScenarioProblem) problem = NULL;
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) played = NULL;
  const char * const *expected;
  guint before;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (FC_IS_RULE_SET (rules), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  before = problems->len;

  scenario = fc_scenario_new_from_file_full (path, &problem, &error);
  if (scenario == NULL)
    {
      g_ptr_array_add (problems, g_steal_pointer (&problem));
      return FALSE;
    }

  summary = fc_scenario_source_read_record (scenario, fc_scenario_get_today (scenario), &error);
  if (summary == NULL)
    {
      add_problem (problems, path, scenario, "bundle",
                   _("the bundle cannot be read as a FHIR summary: %s"), error->message);
      return FALSE;
    }

  expected = fc_scenario_get_expected_warnings (scenario);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *node = g_strdup_printf ("expected_warnings[%u]", i);

      if (!fc_rule_set_has_rule (rules, expected[i]))
        add_problem (problems, path, scenario, node,
                     _("rule “%s” is not in rules.json"), expected[i]);
    }

  played = fc_scenario_play_warnings (scenario, rules, &error);
  if (played == NULL)
    {
      add_problem (problems, path, scenario, "bundle", "%s", error->message);
      return FALSE;
    }

  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *node = g_strdup_printf ("expected_warnings[%u]", i);
      g_autofree char *shown = g_strjoinv (", ", played);

      if (!fc_rule_set_has_rule (rules, expected[i])
          || g_strv_contains ((const char * const *) played, expected[i]))
        continue;
      if (fc_scenario_record_reachable (scenario))
        add_problem (problems, path, scenario, node,
                     _("rule “%s” is expected but does not appear when the case is played "
                       "(it shows: %s)"), expected[i], *shown != '\0' ? shown : "—");
      else
        add_problem (problems, path, scenario, node,
                     _("rule “%s” is expected, but in this scenario the record never reaches "
                       "the crew"), expected[i]);
    }

  if (fc_scenario_get_format (scenario) >= 2)
    {
      for (guint i = 0; played[i] != NULL; i++)
        if (!g_strv_contains (expected, played[i]))
          add_problem (problems, path, scenario, "expected_warnings",
                       _("rule “%s” appears when the case is played but is not in "
                         "“expected_warnings”"), played[i]);

      check_person (scenario, summary, path, problems);
    }

  return problems->len == before;
}
