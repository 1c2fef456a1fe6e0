/* fuzz-fhir.c: libFuzzer target for the FHIR reader (fc_fhir_read_bundle()).
 *
 * Input: a response body as the summary service might send it. A bundle that reads is then
 * evaluated by the real rule set (data/rules) twice, with no findings and with a measured low
 * glucose and impaired consciousness, so that hostile codes and texts also reach the rules.
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

static FcRuleSet  *rules;    /* (owned) */
static FcFindings *findings; /* (owned) */
static GDateTime  *today;    /* (owned) */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fc_fuzz_init ();
  rules = fc_rule_set_new_from_dir (FC_FUZZ_SOURCE_ROOT "/data/rules", &error);
  if (rules == NULL)
    g_error ("fuzz-fhir: cannot load data/rules: %s", error->message);
  findings = fc_findings_new ();
  fc_findings_set_consciousness (findings, FC_CONSCIOUSNESS_IMPAIRED);
  if (!fc_findings_set_glucose_mg_dl (findings, 42, &error))
    g_error ("fuzz-fhir: %s", error->message);
  today = g_date_time_new_utc (2026, 6, 1, 12, 0, 0);
  return 0;
}

static void
evaluate (FcSummary  *summary,
          FcFindings *with)
{
  g_autoptr(GListModel) warnings = fc_rule_set_evaluate_at (rules, summary, with, today);
  guint n = g_list_model_get_n_items (warnings);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_assert_nonnull (fc_warning_get_rule_id (warning));
      g_assert_true (g_utf8_validate (fc_warning_get_message_ja (warning), -1, NULL));
      g_assert_true (g_utf8_validate (fc_warning_get_message_en (warning), -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcFindings) none = NULL;
  GListModel *items;

  summary = fc_fhir_read_bundle ((const char *) data, (gssize) size, today, &error);
  fc_fuzz_note ("%s", summary != NULL ? "read" : error->message);
  if (summary == NULL)
    {
      g_assert_true (error != NULL && error->domain == FC_FHIR_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  items = fc_summary_get_items (summary);
  g_assert_nonnull (items);
  fc_fuzz_note ("%u items", g_list_model_get_n_items (items));
  (void) fc_summary_get_sex (summary);
  (void) fc_summary_get_age_band (summary);

  none = fc_findings_new ();
  evaluate (summary, none);
  evaluate (summary, findings);
  return 0;
}
