/* fuzz-fhir.c: libFuzzer target for the FHIR reader (fc_fhir_read_bundle()).
 *
 * Input: a response body as the summary service might send it. Whatever the reader's own strict
 * JSON parser accepts must read the same through json-glib (the differential check below: the
 * fast path may never change what a bundle says). A bundle that reads is then evaluated by the real rule set (data/rules) twice, with no findings and with a measured low
 * glucose and impaired consciousness, so that hostile codes and texts also reach the rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fc-fhir-private.h"
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

/* When the strict parser takes @data, json-glib takes it too and both make the same document. */
static void
check_strict_parser (const uint8_t *data,
                     size_t         size)
{
  g_autoptr(FcFhirDoc) strict = fc_fhir_doc_parse ((const char *) data, size);
  g_autoptr(FcFhirDoc) lenient = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (strict == NULL)
    return;
  root = fc_fhir_parse_json ((const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  lenient = fc_fhir_doc_new_from_node (root);
  g_assert_true (fc_fhir_json_equal (fc_fhir_doc_get_root (strict), fc_fhir_doc_get_root (lenient)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_strict_parser (data, size);

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
