/* fuzz-rules.c: libFuzzer target for the rules loader (fc_rule_set_new_from_dir()).
 *
 * Input: rules.json. It is written to a private folder next to the real drug-classes.json
 * (data/rules) and loaded; a rule set that loads is listed, checked and evaluated against a fixed
 * bundle (data/scenarios/bundles/warfarin-head-injury.json) with and without findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fc-fhir-reader.h"
#include "fc-findings.h"
#include "fc-rule-set.h"
#include "fc-summary.h"
#include "fc-warning.h"

#include "fuzz-common.h"

static char       *rules_dir; /* (owned) */
static FcSummary  *summary;   /* (owned) */
static FcFindings *findings;  /* (owned) */
static GDateTime  *today;     /* (owned) */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GBytes) classes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *classes_path = NULL;

  fc_fuzz_init ();
  rules_dir = g_build_filename (fc_fuzz_dir, "rules", NULL);
  if (g_mkdir (rules_dir, 0700) != 0)
    g_error ("fuzz-rules: cannot create %s", rules_dir);
  classes = fc_fuzz_read_source_file ("data/rules/drug-classes.json");
  classes_path = fc_fuzz_write_file ("rules/drug-classes.json",
                                     g_bytes_get_data (classes, NULL),
                                     g_bytes_get_size (classes));

  today = g_date_time_new_utc (2026, 6, 1, 12, 0, 0);
  summary = fc_fhir_read_bundle_file (FC_FUZZ_SOURCE_ROOT
                                      "/data/scenarios/bundles/warfarin-head-injury.json",
                                      today, &error);
  if (summary == NULL)
    g_error ("fuzz-rules: cannot read the bundle: %s", error->message);
  findings = fc_findings_new ();
  fc_findings_set_consciousness (findings, FC_CONSCIOUSNESS_IMPAIRED);
  if (!fc_findings_set_glucose_mg_dl (findings, 42, &error) ||
      !fc_findings_set_age (findings, 70, &error))
    g_error ("fuzz-rules: %s", error->message);
  return 0;
}

static void
evaluate (FcRuleSet  *rules,
          FcFindings *with)
{
  g_autoptr(GListModel) warnings = fc_rule_set_evaluate_at (rules, summary, with, today);
  guint n = g_list_model_get_n_items (warnings);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_assert_true (fc_rule_set_has_rule (rules, fc_warning_get_rule_id (warning)));
      g_assert_true (g_utf8_validate (fc_warning_get_message_ja (warning), -1, NULL));
      g_assert_true (g_utf8_validate (fc_warning_get_message_en (warning), -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = fc_fuzz_write_file ("rules/rules.json", data, size);
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcFindings) none = NULL;
  g_auto(GStrv) ids = NULL;
  FcRuleSetStats stats;

  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  fc_fuzz_note ("%s", rules != NULL ? "loaded" : error->message);
  if (rules == NULL)
    {
      g_assert_true (error != NULL && error->domain == FC_RULES_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  ids = fc_rule_set_list_rules (rules);
  g_assert_cmpuint (g_strv_length (ids), ==, fc_rule_set_get_n_rules (rules));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      FcSeverity severity;
      gboolean inferred;
      const char * const *sources = NULL;

      g_assert_true (fc_rule_set_get_rule_info (rules, ids[i], &severity, &inferred, &sources));
    }
  fc_rule_set_get_stats (rules, &stats);

  none = fc_findings_new ();
  evaluate (rules, none);
  evaluate (rules, findings);
  return 0;
}
