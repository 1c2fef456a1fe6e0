/* fieldcard-cli.c: the FieldCard command-line tool for analysts, admins, trainers and
 * diagnostics. Each subcommand is one entry of the command table below.
 *
 * Exit status: 0 on success, 2 on a usage error or when the input cannot be used (the reason
 * is one line on stderr).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fc-core-enums.h"
#include "fc-fhir-reader.h"
#include "fc-findings.h"
#include "fc-rule-set.h"

#define EXIT_USAGE 2
#define EXIT_INPUT 2

typedef struct {
  const char *name;
  const char *summary; /* N_() */
  int       (*run) (int    argc,
                    char **argv);
} FcCliCommand;

static int cmd_evaluate (int    argc,
                         char **argv);

static const FcCliCommand commands[] = {
  /* Translators: summary of "fieldcard-cli evaluate" in --help. */
  { "evaluate", N_("Show the decision-support warnings for a FHIR summary bundle"), cmd_evaluate },
};

/* Prints one line "fieldcard-cli: MESSAGE" on stderr. */
static void G_GNUC_PRINTF (1, 2)
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("fieldcard-cli: %s\n", message);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: fieldcard-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “fieldcard-cli COMMAND --help” for the options of a command."));
}

/* Parses @text (YYYY-MM-DD) as local midnight; NULL when malformed. */
static GDateTime *
parse_day (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", -1);
  guint64 year = 0;
  guint64 month = 0;
  guint64 day = 0;

  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    return NULL;
  return g_date_time_new_local ((int) year, (int) month, (int) day, 0, 0, 0);
}

/* Says "PATH: MESSAGE" unless the message already starts with the file name. */
static void
print_file_error (const char   *path,
                  const GError *error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_prefix (error->message, path) || g_str_has_prefix (error->message, base))
    print_error ("%s", error->message);
  else
    print_error ("%s: %s", path, error->message);
}

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

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static int
cmd_evaluate (int    argc,
              char **argv)
{
  g_auto(GStrv) findings_args = NULL;
  g_autofree char *rules_dir = NULL;
  g_autofree char *today_text = NULL;
  GOptionEntry entries[] = {
    { "finding", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &findings_args,
      /* Translators: --finding in "fieldcard-cli evaluate --help". */
      N_("A crew finding: consciousness=impaired|alert, bgl=42|LO|HI, head-injury=yes, "
         "bleeding=yes, anaphylaxis=yes, seizure=yes (repeatable)"),
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
      print_error ("evaluate: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli evaluate --help”."));
      return EXIT_USAGE;
    }
  if (argc != 2)
    {
      print_error ("evaluate: %s",
                   argc < 2 ? _("give one BUNDLE.json") : _("give only one BUNDLE.json"));
      g_printerr ("%s\n", _("Try “fieldcard-cli evaluate --help”."));
      return EXIT_USAGE;
    }
  bundle = argv[1];

  if (today_text != NULL)
    {
      today = parse_day (today_text);
      if (today == NULL)
        {
          print_error (_("--today %s: use the form YYYY-MM-DD"), today_text);
          return EXIT_USAGE;
        }
    }

  for (guint i = 0; findings_args != NULL && findings_args[i] != NULL; i++)
    if (!fc_findings_parse (findings, findings_args[i], &error))
      {
        print_error ("--finding %s: %s", findings_args[i], error->message);
        return EXIT_USAGE;
      }

  summary = fc_fhir_read_bundle_file (bundle, today, &error);
  if (summary == NULL)
    {
      print_file_error (bundle, error);
      return EXIT_INPUT;
    }

  if (rules_dir == NULL)
    rules_dir = fc_rule_set_default_dir ();
  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  if (rules == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_INPUT;
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
  json_builder_set_member_name (builder, "summary");
  json_builder_add_value (builder, summary_to_json (summary));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  print_json (root);
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("fieldcard-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("fieldcard-cli %s", name);

        g_set_prgname (prgname);
        /* The command sees its own name as argv[0]. */
        return commands[i].run (argc - 1, argv + 1);
      }

  print_error (_("unknown command “%s”"), name);
  print_usage (stderr);
  return EXIT_USAGE;
}
