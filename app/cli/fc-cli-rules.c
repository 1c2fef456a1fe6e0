/* fc-cli-rules.c: "fieldcard-cli rules check [--rules DIR] [--list]": validates rules.json and
 * drug-classes.json and prints counts (rules per severity, inferred rules, drug classes, crew
 * drugs, sources). An invalid file is one line on stderr naming the file, the rule or class and
 * the field, with exit status 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-cli.h"
#include "fc-rule-set.h"

static void
print_rule_list (FcRuleSet *rules)
{
  g_auto(GStrv) ids = fc_rule_set_list_rules (rules);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char * const *sources = NULL;
      FcSeverity severity = FC_SEVERITY_INFO;
      gboolean inferred = FALSE;
      g_autofree char *joined = NULL;

      fc_rule_set_get_rule_info (rules, ids[i], &severity, &inferred, &sources);
      joined = g_strjoinv (",", (char **) sources);
      printf ("%-5s %-8s %-8s %s\n", ids[i], fc_severity_to_string (severity),
              inferred ? "inferred" : "-", *joined != '\0' ? joined : "-");
    }
}

static void
print_stats (const char           *dir,
             const FcRuleSetStats *stats)
{
  /* Translators: first line of "fieldcard-cli rules check"; %s is a folder. */
  printf (_("Rule files in %s are valid.\n"), dir);
  printf (_("rules: %u (critical %u, caution %u, info %u)\n"), stats->n_rules,
          stats->n_by_severity[FC_SEVERITY_CRITICAL], stats->n_by_severity[FC_SEVERITY_CAUTION],
          stats->n_by_severity[FC_SEVERITY_INFO]);
  printf (_("inferred rules: %u\n"), stats->n_inferred);
  printf (_("rules raised by findings or other rules: %u\n"), stats->n_with_raise);
  printf (_("rules with addenda: %u\n"), stats->n_with_addenda);
  printf (_("groups: %u\n"), stats->n_groups);
  printf (_("drug classes: %u (not named by any rule: %u)\n"), stats->n_classes,
          stats->n_classes_unused);
  printf (_("crew drugs: %u\n"), stats->n_crew_drugs);
  printf (_("sources: %u (rules without a source: %u)\n"), stats->n_sources,
          stats->n_unsourced);
  printf (_("glucose: low below %d mg/dL, high from %d mg/dL, protocol minimum age %d\n"),
          stats->glucose_low_below, stats->glucose_high_from, stats->glucose_min_age);
}

int
fc_cli_rules (int    argc,
              char **argv)
{
  g_autofree char *rules_dir = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME, &rules_dir,
      /* Translators: --rules in "fieldcard-cli rules check --help". */
      N_("Check rules.json and drug-classes.json in DIR (default: the installed rules)"),
      N_("DIR") },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list,
      N_("Also list every rule: id, severity, inferred, sources"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  FcRuleSetStats stats;

  context = g_option_context_new (_("check"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Validates the decision-support rule files and "
                                           "prints what they hold."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("rules: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli rules --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc != 2 || !g_str_equal (argv[1], "check"))
    {
      fc_cli_print_error ("rules: %s", argc < 2 ? _("give an action: check")
                                                : _("the only action is “check”"));
      g_printerr ("%s\n", _("Try “fieldcard-cli rules --help”."));
      return FC_CLI_EXIT_USAGE;
    }

  if (rules_dir == NULL)
    rules_dir = fc_rule_set_default_dir ();
  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  if (rules == NULL)
    {
      fc_cli_print_error ("%s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  fc_rule_set_get_stats (rules, &stats);
  print_stats (rules_dir, &stats);
  if (list)
    print_rule_list (rules);
  fflush (stdout);
  return EXIT_SUCCESS;
}
