/* fc-cli-scenario.c: "fieldcard-cli scenario validate|list|debrief" for trainers.
 *
 *   fieldcard-cli scenario validate [--rules DIR] FILE|DIR…
 *       Checks each scenario (syntax, fields, its bundle, the expected warnings against the
 *       rules, played). Problems go to stderr as "FILE:LINE:COLUMN: message"; exit 2 if any.
 *   fieldcard-cli scenario list [--json] [DIR]
 *       The scenarios of DIR (default: the installed data/scenarios).
 *   fieldcard-cli scenario debrief --timing FILE --incident ID [--pdf OUT] [--png OUT] SCENARIO
 *       The debrief of a training incident from its timing.db (or an export), as JSON on stdout,
 *       and optionally as a PDF or PNG page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fc-cli.h"
#include "fc-debrief.h"
#include "fc-paths.h"
#include "fc-rule-set.h"
#include "fc-scenario.h"
#include "fc-scenario-check.h"

static FcRuleSet *
load_rules (const char *rules_dir)
{
  g_autofree char *dir = rules_dir != NULL ? g_strdup (rules_dir) : fc_rule_set_default_dir ();
  g_autoptr(GError) error = NULL;
  FcRuleSet *rules = fc_rule_set_new_from_dir (dir, &error);

  if (rules == NULL)
    fc_cli_print_error ("%s", error->message);
  return rules;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The files to check for one argument: the file itself, or the *.json files of a folder. */
static GPtrArray *
expand_argument (const char *argument)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (argument, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (argument));
      return files;
    }

  dir = g_dir_open (argument, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (files, g_build_filename (argument, name, NULL));
  g_ptr_array_sort (files, compare_strings);
  return files;
}

static int
run_validate (int    argc,
              char **argv)
{
  g_autofree char *rules_dir = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME, &rules_dir,
      N_("Read rules.json and drug-classes.json from DIR"), N_("DIR") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the problems"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  guint n_files = 0;
  guint n_bad = 0;

  context = g_option_context_new (_("FILE|DIR…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Checks training scenarios: the file, the bundle it names, and "
                                  "the expected warnings (known to the rules and produced when "
                                  "the case is played). Problems are printed as "
                                  "FILE:LINE:COLUMN: message; the exit status is 2 if there is "
                                  "any."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("scenario validate: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli scenario validate --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      fc_cli_print_error ("scenario validate: %s", _("give at least one scenario FILE"));
      g_printerr ("%s\n", _("Try “fieldcard-cli scenario validate --help”."));
      return FC_CLI_EXIT_USAGE;
    }

  rules = load_rules (rules_dir);
  if (rules == NULL)
    return FC_CLI_EXIT_INPUT;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) files = expand_argument (argv[i]);

      for (guint j = 0; j < files->len; j++)
        {
          const char *file = g_ptr_array_index (files, j);
          g_autoptr(GPtrArray) problems =
            g_ptr_array_new_with_free_func ((GDestroyNotify) fc_scenario_problem_free);

          n_files++;
          if (fc_scenario_check_file (file, rules, problems))
            {
              if (!quiet)
                /* Translators: printed for a scenario without problems. */
                printf (_("%s: valid\n"), file);
              continue;
            }
          n_bad++;
          for (guint k = 0; k < problems->len; k++)
            {
              g_autofree char *line = fc_scenario_problem_to_string (g_ptr_array_index (problems,
                                                                                        k));

              g_printerr ("%s\n", line);
            }
        }
    }

  if (n_files == 0)
    {
      fc_cli_print_error ("scenario validate: %s", _("no scenario files found"));
      return FC_CLI_EXIT_INPUT;
    }
  fflush (stdout);
  return n_bad > 0 ? FC_CLI_EXIT_INPUT : EXIT_SUCCESS;
}

static int
run_list (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GListModel) scenarios = NULL;
  g_autofree char *dir = NULL;

  context = g_option_context_new (_("[DIR]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Lists the training scenarios of DIR (default: the "
                                           "installed scenarios)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2)
    {
      fc_cli_print_error ("scenario list: %s",
                          error != NULL ? error->message : _("give at most one DIR"));
      return FC_CLI_EXIT_USAGE;
    }

  if (argc == 2)
    dir = g_strdup (argv[1]);
  else
    {
      g_autofree char *data_dir = fc_paths_get_data_dir ();

      dir = g_build_filename (data_dir, "scenarios", NULL);
    }

  scenarios = fc_scenario_load_directory (dir, &errors);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
        {
          g_autoptr(FcScenario) scenario = g_list_model_get_item (scenarios, i);
          const char * const *expected = fc_scenario_get_expected_warnings (scenario);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, fc_scenario_get_id (scenario));
          json_builder_set_member_name (builder, "format");
          json_builder_add_int_value (builder, fc_scenario_get_format (scenario));
          json_builder_set_member_name (builder, "title");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ja");
          json_builder_add_string_value (builder, fc_scenario_get_title_ja (scenario));
          json_builder_set_member_name (builder, "en");
          json_builder_add_string_value (builder, fc_scenario_get_title_en (scenario));
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "card");
          json_builder_add_string_value (builder, fc_scenario_get_card_behaviour_name (scenario));
          json_builder_set_member_name (builder, "network");
          json_builder_add_string_value (builder, fc_scenario_get_network (scenario));
          json_builder_set_member_name (builder, "expected_warnings");
          json_builder_begin_array (builder);
          for (guint j = 0; expected[j] != NULL; j++)
            json_builder_add_string_value (builder, expected[j]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, fc_scenario_get_path (scenario));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      fc_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
        {
          g_autoptr(FcScenario) scenario = g_list_model_get_item (scenarios, i);
          g_autofree char *expected =
            g_strjoinv (" ", (char **) fc_scenario_get_expected_warnings (scenario));

          printf ("%-34s %-18s %-18s %s\n  %s\n", fc_scenario_get_id (scenario),
                  fc_scenario_get_card_behaviour_name (scenario),
                  fc_scenario_get_network (scenario), *expected != '\0' ? expected : "—",
                  fc_scenario_get_title (scenario));
        }
      fflush (stdout);
    }

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (errors, i));

  return errors != NULL && errors->len > 0 ? FC_CLI_EXIT_INPUT : EXIT_SUCCESS;
}

static int
run_debrief (int    argc,
             char **argv)
{
  g_autofree char *timing = NULL;
  g_autofree char *incident = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *rules_dir = NULL;
  GOptionEntry entries[] = {
    { "timing", 't', 0, G_OPTION_ARG_FILENAME, &timing,
      N_("The timing.db (or its CSV / JSON Lines export) of the training incident"), N_("FILE") },
    { "incident", 'i', 0, G_OPTION_ARG_STRING, &incident,
      N_("The incident id"), N_("ID") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Also write an A4 PDF page"), N_("OUT.pdf") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("Also write a PNG page"), N_("OUT.png") },
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME, &rules_dir,
      N_("Read rules.json and drug-classes.json from DIR"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(FcDebrief) debrief = NULL;
  g_autoptr(JsonNode) root = NULL;

  context = g_option_context_new (_("SCENARIO.json"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("The debrief of a training incident: its times "
                                           "against the scenario's targets, the warnings, and "
                                           "what was missed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || timing == NULL
      || incident == NULL)
    {
      fc_cli_print_error ("scenario debrief: %s",
                          error != NULL ? error->message
                          : _("give one SCENARIO.json, --timing FILE and --incident ID"));
      g_printerr ("%s\n", _("Try “fieldcard-cli scenario debrief --help”."));
      return FC_CLI_EXIT_USAGE;
    }

  scenario = fc_scenario_new_from_file (argv[1], &error);
  if (scenario == NULL)
    {
      fc_cli_print_file_error (argv[1], error);
      return FC_CLI_EXIT_INPUT;
    }
  rules = load_rules (rules_dir);
  if (rules == NULL)
    return FC_CLI_EXIT_INPUT;

  debrief = fc_debrief_new (scenario, rules);
  if (!fc_debrief_add_timing_file (debrief, timing, incident, &error)
      || (pdf != NULL && !fc_debrief_write_pdf (debrief, pdf, &error))
      || (png != NULL && !fc_debrief_write_png (debrief, png, &error)))
    {
      fc_cli_print_error ("%s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  root = fc_debrief_to_json (debrief);
  fc_cli_print_json (root);
  return EXIT_SUCCESS;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: fieldcard-cli scenario validate|list|debrief …"),
           _("Run “fieldcard-cli scenario COMMAND --help” for the options."));
}

int
fc_cli_scenario (int    argc,
                 char **argv)
{
  const char *command;

  if (argc < 2)
    {
      print_usage (stderr);
      return FC_CLI_EXIT_USAGE;
    }
  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h"))
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (command, "validate"))
    return run_validate (argc - 1, argv + 1);
  if (g_str_equal (command, "list"))
    return run_list (argc - 1, argv + 1);
  if (g_str_equal (command, "debrief"))
    return run_debrief (argc - 1, argv + 1);

  fc_cli_print_error (_("unknown scenario command “%s”"), command);
  print_usage (stderr);
  return FC_CLI_EXIT_USAGE;
}
