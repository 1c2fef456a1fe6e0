/* fc-cli-report.c: "fieldcard-cli report FILES… [--json] [--chart out.png|out.svg]
 * [--include-training] [--month]": interval statistics over timing.db files or their exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-chart.h"
#include "fc-cli.h"
#include "fc-report.h"

int
fc_cli_report (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  gboolean include_training = FALSE;
  gboolean months = FALSE;
  g_autofree char *chart = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      /* Translators: --json in "fieldcard-cli report --help". */
      N_("Print the report as JSON"), NULL },
    { "chart", 'c', 0, G_OPTION_ARG_FILENAME, &chart,
      N_("Also draw the charts into FILE (.png or .svg)"), N_("FILE") },
    { "include-training", 0, 0, G_OPTION_ARG_NONE, &include_training,
      N_("Count training incidents too"), NULL },
    { "month", 'm', 0, G_OPTION_ARG_NONE, &months,
      N_("Add the per-month trend"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcReport) report = NULL;
  FcChartFormat chart_format;

  context = g_option_context_new (_("FILE…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Reports counts, intervals (median, p90, IQR), the "
                                           "split by card use, the cost of each card step and "
                                           "the monthly trend over timing.db files or their "
                                           "CSV / JSON Lines exports."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("report: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli report --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      fc_cli_print_error ("report: %s", _("give at least one timing.db or export"));
      g_printerr ("%s\n", _("Try “fieldcard-cli report --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (chart != NULL && !fc_chart_format_for_path (chart, &chart_format))
    {
      fc_cli_print_error (_("--chart %s: name the file .png or .svg"), chart);
      return FC_CLI_EXIT_USAGE;
    }

  report = fc_report_new ();
  fc_report_set_include_training (report, include_training);
  for (int i = 1; i < argc; i++)
    if (!fc_report_add_file (report, argv[i], &error))
      {
        fc_cli_print_file_error (argv[i], error);
        return FC_CLI_EXIT_INPUT;
      }
  fc_report_compute (report);

  if (json)
    {
      g_autoptr(JsonNode) root = fc_report_to_json (report, months);

      fc_cli_print_json (root);
    }
  else
    {
      g_autofree char *text = fc_report_to_text (report, months);

      fputs (text, stdout);
      fflush (stdout);
    }

  if (chart != NULL)
    {
      if (!fc_chart_write (report, chart, &error))
        {
          fc_cli_print_error ("%s", error->message);
          return FC_CLI_EXIT_INPUT;
        }
      /* Translators: %s is a file name. */
      g_printerr (_("Chart written to %s.\n"), chart);
      fc_chart_release_fonts ();
    }
  return EXIT_SUCCESS;
}
