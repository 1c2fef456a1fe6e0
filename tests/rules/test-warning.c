/* test-warning.c: one decision-support warning, its language choice and its JSON form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-core-enums.h"
#include "fc-warning.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static FcWarning *
new_warfarin_warning (void)
{
  return fc_warning_new ("R07", FC_SEVERITY_CAUTION,
                         "ワルファリン使用中：最終内服時刻を確認。",
                         "On warfarin: check the time of the last dose.",
                         FALSE);
}

static void
test_new_and_properties (void)
{
  FcWarning *warning = new_warfarin_warning ();
  g_autofree char *rule_id = NULL;
  g_autofree char *ja = NULL;
  g_autofree char *en = NULL;
  FcSeverity severity;
  gboolean inferred;
  gboolean acknowledged;

  g_object_get (warning,
                "rule-id", &rule_id,
                "severity", &severity,
                "message-ja", &ja,
                "message-en", &en,
                "inferred", &inferred,
                "acknowledged", &acknowledged,
                NULL);
  g_assert_cmpstr (rule_id, ==, "R07");
  g_assert_cmpint (severity, ==, FC_SEVERITY_CAUTION);
  g_assert_cmpstr (ja, ==, "ワルファリン使用中：最終内服時刻を確認。");
  g_assert_cmpstr (en, ==, "On warfarin: check the time of the last dose.");
  g_assert_false (inferred);
  g_assert_false (acknowledged);
  g_assert_cmpstr (fc_warning_get_rule_id (warning), ==, "R07");
  g_assert_cmpint (fc_warning_get_severity (warning), ==, FC_SEVERITY_CAUTION);
  g_assert_cmpuint (fc_warning_get_evidence (warning)->len, ==, 0);
  g_assert_cmpuint (g_strv_length (fc_warning_get_finding_evidence (warning)), ==, 0);
  g_assert_cmpuint (g_strv_length (fc_warning_get_sources (warning)), ==, 0);

  g_assert_finalize_object (warning);
}

static void
test_acknowledged_round_trip (void)
{
  g_autoptr(FcWarning) warning = new_warfarin_warning ();
  guint notified = 0;
  gboolean acknowledged = FALSE;

  g_signal_connect (warning, "notify::acknowledged", G_CALLBACK (count_notify_cb), &notified);
  g_object_set (warning, "acknowledged", TRUE, NULL);
  g_object_get (warning, "acknowledged", &acknowledged, NULL);
  g_assert_true (acknowledged);
  g_assert_cmpuint (notified, ==, 1);

  fc_warning_set_acknowledged (warning, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  fc_warning_set_acknowledged (warning, FALSE);
  g_assert_false (fc_warning_get_acknowledged (warning));
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_message_follows_language (void)
{
  g_autoptr(FcWarning) warning = new_warfarin_warning ();
  g_autofree char *message = NULL;
  char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "ja_JP", TRUE);
  g_assert_cmpstr (fc_warning_get_message (warning), ==, fc_warning_get_message_ja (warning));
  g_object_get (warning, "message", &message, NULL);
  g_assert_cmpstr (message, ==, fc_warning_get_message_ja (warning));

  g_setenv ("LANGUAGE", "en_GB", TRUE);
  g_assert_cmpstr (fc_warning_get_message (warning), ==, fc_warning_get_message_en (warning));

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_free (saved);
}

static void
test_evidence_is_kept_once (void)
{
  g_autoptr(FcWarning) warning = new_warfarin_warning ();
  g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_MEDICATION, "ワーファリン錠1mg");
  const char * const sources[] = { "S7", "S17", "S7", NULL };
  GStrv findings;

  fc_warning_add_evidence (warning, item);
  fc_warning_add_evidence (warning, item);
  g_assert_cmpuint (fc_warning_get_evidence (warning)->len, ==, 1);
  g_assert_true (g_ptr_array_index (fc_warning_get_evidence (warning), 0) == item);

  fc_warning_add_finding_evidence (warning, "head-injury=yes");
  fc_warning_add_finding_evidence (warning, "head-injury=yes");
  fc_warning_add_finding_evidence (warning, "bleeding=yes");
  findings = fc_warning_get_finding_evidence (warning);
  g_assert_cmpuint (g_strv_length (findings), ==, 2);
  g_assert_cmpstr (findings[0], ==, "head-injury=yes");
  g_assert_cmpstr (findings[1], ==, "bleeding=yes");

  fc_warning_set_sources (warning, sources);
  g_assert_cmpuint (g_strv_length (fc_warning_get_sources (warning)), ==, 2);
  fc_warning_set_sources (warning, NULL);
  g_assert_cmpuint (g_strv_length (fc_warning_get_sources (warning)), ==, 0);

  fc_warning_add_check (warning, "最終内服時刻", "Time of the last dose");
  g_assert_cmpstr (fc_warning_get_checks (warning, "ja")[0], ==, "最終内服時刻");
  g_assert_cmpstr (fc_warning_get_checks (warning, "en")[0], ==, "Time of the last dose");
  g_assert_null (fc_warning_get_checks (warning, "en")[1]);
}

static void
test_to_json (void)
{
  g_autoptr(FcWarning) warning = fc_warning_new ("R21", FC_SEVERITY_INFO,
                                                 "腎臓病を示唆する薬あり（推定・要確認）。",
                                                 "Kidney disease inferred — verify.", TRUE);
  g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_MEDICATION, "ホスレノールOD錠250mg");
  g_autoptr(FcSummaryItem) undated = fc_summary_item_new (FC_ITEM_MEDICATION, "カリメート散");
  const char * const sources[] = { "S7", "S24", NULL };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *evidence;
  JsonArray *array;

  fc_summary_item_set_date (item, "2026-10-01");
  fc_summary_item_set_source (item, "claims");
  fc_summary_item_add_coding (item, "yj", "2190029F1020", NULL);
  fc_warning_add_evidence (warning, item);
  fc_warning_add_evidence (warning, undated);
  fc_warning_add_finding_evidence (warning, "bgl=42 mg/dL");
  fc_warning_set_sources (warning, sources);

  node = fc_warning_to_json (warning);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "rule"), ==, "R21");
  g_assert_cmpstr (json_object_get_string_member (object, "severity"), ==, "info");
  g_assert_true (json_object_get_boolean_member (object, "inferred"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "message"),
                                                  "ja"),
                   ==, "腎臓病を示唆する薬あり（推定・要確認）。");
  /* Full objects: "check" is always there (empty when the rule names none). */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "check")), ==, 0);
  g_assert_false (json_object_get_boolean_member (object, "acknowledged"));

  array = json_object_get_array_member (object, "evidence");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  evidence = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (evidence, "kind"), ==, "medication");
  g_assert_cmpstr (json_object_get_string_member (evidence, "text"), ==, "ホスレノールOD錠250mg");
  g_assert_cmpstr (json_object_get_string_member (evidence, "date"), ==, "2026-10-01");
  g_assert_cmpstr (json_object_get_string_member (evidence, "source"), ==, "claims");
  g_assert_cmpstr (json_object_get_string_member (evidence, "code"), ==, "yj|2190029F1020");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (evidence, "codes"),
                                                  0), ==, "yj|2190029F1020");
  g_assert_false (json_object_get_boolean_member (evidence, "unconfirmed"));
  g_assert_true (json_object_get_null_member (evidence, "label"));
  evidence = json_array_get_object_element (array, 1);
  g_assert_true (json_object_get_null_member (evidence, "date"));
  g_assert_true (json_object_get_null_member (evidence, "code"));

  array = json_object_get_array_member (object, "findings");
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "bgl=42 mg/dL");
  array = json_object_get_array_member (object, "sources");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "S24");
}

/* A suspected (疑い) condition is labelled; confirmed ones and other kinds are not. */
static void
test_unconfirmed_label (void)
{
  static const struct {
    FcItemKind  kind;
    const char *text;
    const char *status;
    gboolean    unconfirmed;
  } cases[] = {
    { FC_ITEM_CONDITION, "2型糖尿病", "unconfirmed", TRUE },
    { FC_ITEM_CONDITION, "2型糖尿病", "provisional", TRUE },
    { FC_ITEM_CONDITION, "2型糖尿病", "differential", TRUE },
    { FC_ITEM_CONDITION, "脳梗塞の疑い", "active", TRUE },
    { FC_ITEM_CONDITION, "2型糖尿病", "confirmed", FALSE },
    { FC_ITEM_CONDITION, "2型糖尿病", NULL, FALSE },
    { FC_ITEM_MEDICATION, "疑いのない薬", "unconfirmed", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FcWarning) warning = fc_warning_new ("R06", FC_SEVERITY_INFO, "確認。", "Check.",
                                                     FALSE);
      g_autoptr(FcSummaryItem) item = fc_summary_item_new (cases[i].kind, cases[i].text);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *evidence;

      fc_summary_item_set_status (item, cases[i].status);
      fc_warning_add_evidence (warning, item);
      g_assert_cmpint (fc_warning_item_is_unconfirmed (item), ==, cases[i].unconfirmed);
      if (cases[i].unconfirmed)
        {
          g_assert_cmpstr (fc_warning_item_label (item, "ja"), ==, "疑い");
          g_assert_cmpstr (fc_warning_item_label (item, "en"), ==, "suspected (unconfirmed)");
        }
      else
        g_assert_null (fc_warning_item_label (item, "ja"));

      node = fc_warning_to_json (warning);
      evidence = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (node), "evidence"), 0);
      g_assert_cmpint (json_object_get_boolean_member (evidence, "unconfirmed"), ==,
                       cases[i].unconfirmed);
      g_assert_cmpint (json_object_get_null_member (evidence, "label"), ==, !cases[i].unconfirmed);
    }
}

static void
test_severity_strings (void)
{
  FcSeverity severity = FC_SEVERITY_INFO;

  g_assert_cmpstr (fc_severity_to_string (FC_SEVERITY_INFO), ==, "info");
  g_assert_cmpstr (fc_severity_to_string (FC_SEVERITY_CAUTION), ==, "caution");
  g_assert_cmpstr (fc_severity_to_string (FC_SEVERITY_CRITICAL), ==, "critical");
  g_assert_true (fc_severity_from_string ("critical", &severity));
  g_assert_cmpint (severity, ==, FC_SEVERITY_CRITICAL);
  g_assert_false (fc_severity_from_string ("severe", &severity));
  g_assert_false (fc_severity_from_string (NULL, &severity));
  g_assert_cmpint (severity, ==, FC_SEVERITY_CRITICAL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/rules/warning/new-and-properties", test_new_and_properties);
  g_test_add_func ("/fc/rules/warning/acknowledged-round-trip", test_acknowledged_round_trip);
  g_test_add_func ("/fc/rules/warning/message-follows-language", test_message_follows_language);
  g_test_add_func ("/fc/rules/warning/evidence-is-kept-once", test_evidence_is_kept_once);
  g_test_add_func ("/fc/rules/warning/to-json", test_to_json);
  g_test_add_func ("/fc/rules/warning/unconfirmed-label", test_unconfirmed_label);
  g_test_add_func ("/fc/rules/warning/severity-strings", test_severity_strings);

  return g_test_run ();
}
