/* fc-cli-evaluate.c: "fieldcard-cli evaluate BUNDLE.json": warnings for a FHIR bundle as JSON.
 *
 * Output: {"warnings": [full warning objects: rule, severity, message (ja, en), inferred,
 * acknowledged, check, evidence (text, date, source, status, codes, unconfirmed label),
 * findings, sources], "findings": [the --finding arguments as given], "summary": {sex,
 * age_band, counts}}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fc-cli.h"
#include "fc-core-enums.h"
#include "fc-fhir-reader.h"
#include "fc-findings.h"
#include "fc-rule-set.h"

static JsonNode *
summary_to_json (FcSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GEnumClass *kinds = g_type_class_ref (FC_TYPE_ITEM_KIND);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sex");
  json_builder_add_string_value (builder, fc_summary_get_sex (summary));
  json_builder_set_member_name (builder, "age_band");
  json_builder_add_string_value (builder, fc_summary_get_age_band (summary));
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < kinds->n_values; i++)
    {
      GListModel *section = fc_summary_get_section (summary, kinds->values[i].value);

      json_builder_set_member_name (builder, kinds->values[i].value_nick);
      json_builder_add_int_value (builder, g_list_model_get_n_items (section));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  g_type_class_unref (kinds);
  return json_builder_get_root (builder);
}

int
fc_cli_evaluate (int    argc,
              char **argv)
{
  g_auto(GStrv) findings_args = NULL;
  g_autofree char *rules_dir = NULL;
  g_autofree char *today_text = NULL;
  GOptionEntry entries[] = {
    { "finding", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &findings_args,
      /* Translators: --finding in "fieldcard-cli evaluate --help". */
      N_("A crew finding: consciousness=impaired|alert, bgl=42|LO|HI, age=12 (years, an "
         "estimate is fine), head-injury=yes, bleeding=yes, anaphylaxis=yes, seizure=yes "
         "(repeatable)"),
      N_("NAME=VALUE") },
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME, &rules_dir,
      N_("Read rules.json and drug-classes.json from DIR"), N_("DIR") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Evaluate as of DATE (YYYY-MM-DD) instead of now (training, tests)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(GListModel) warnings = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *bundle;

  context = g_option_context_new (_("BUNDLE.json"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Evaluates the decision-support rules on a FHIR "
                                           "summary bundle and prints the warnings as JSON."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("evaluate: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli evaluate --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      fc_cli_print_error ("evaluate: %s",
                   argc < 2 ? _("give one BUNDLE.json") : _("give only one BUNDLE.json"));
      g_printerr ("%s\n", _("Try “fieldcard-cli evaluate --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  bundle = argv[1];

  if (today_text != NULL)
    {
      today = fc_cli_parse_day (today_text);
      if (today == NULL)
        {
          fc_cli_print_error (_("--today %s: use the form YYYY-MM-DD"), today_text);
          return FC_CLI_EXIT_USAGE;
        }
    }

  for (guint i = 0; findings_args != NULL && findings_args[i] != NULL; i++)
    if (!fc_findings_parse (findings, findings_args[i], &error))
      {
        fc_cli_print_error ("--finding %s: %s", findings_args[i], error->message);
        return FC_CLI_EXIT_USAGE;
      }

  summary = fc_fhir_read_bundle_file (bundle, today, &error);
  if (summary == NULL)
    {
      fc_cli_print_file_error (bundle, error);
      return FC_CLI_EXIT_INPUT;
    }

  if (rules_dir == NULL)
    rules_dir = fc_rule_set_default_dir ();
  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  if (rules == NULL)
    {
      fc_cli_print_error ("%s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  warnings = fc_rule_set_evaluate_at (rules, summary, findings, today);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      json_builder_add_value (builder, fc_warning_to_json (warning));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; findings_args != NULL && findings_args[i] != NULL; i++)
    json_builder_add_string_value (builder, findings_args[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_value (builder, summary_to_json (summary));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  fc_cli_print_json (root);
  return EXIT_SUCCESS;
}

