/* fc-cli-simulate.c: "fieldcard-cli simulate-log --incidents N --seed S -o timing.db": synthetic
 * timing data for demos and benchmarks, flagged as synthetic in every incident.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-cli.h"
#include "fc-timing-simulate.h"

int
fc_cli_simulate_log (int    argc,
                     char **argv)
{
  g_autofree char *incidents_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *output = NULL;
  int months = 12;
  GOptionEntry entries[] = {
    { "incidents", 'n', 0, G_OPTION_ARG_STRING, &incidents_text,
      /* Translators: --incidents in "fieldcard-cli simulate-log --help". */
      N_("How many incidents to write (about 19 events each)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the random numbers (the same seed gives the same data; default 1)"),
      N_("S") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text,
      N_("First day, YYYY-MM-DD in Japan time (default 2025-04-01)"), N_("DATE") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months,
      N_("Months the incidents spread over (default 12)"), N_("M") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The new timing.db to write (must not exist)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  guint64 incidents = 0;
  guint64 seed = 1;
  guint64 events = 0;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Writes SYNTHETIC timing data (unit ids "
                                           "“SYNTHETIC-UNIT-NN”) whose intervals follow the FDMA "
                                           "pilots, for demos and benchmarks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("simulate-log: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli simulate-log --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc > 1 || incidents_text == NULL || output == NULL)
    {
      fc_cli_print_error ("simulate-log: %s", _("give --incidents N and -o FILE"));
      g_printerr ("%s\n", _("Try “fieldcard-cli simulate-log --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (!g_ascii_string_to_unsigned (incidents_text, 10, 1, 10000000, &incidents, NULL))
    {
      fc_cli_print_error (_("--incidents %s: give a number from 1 to 10000000"), incidents_text);
      return FC_CLI_EXIT_USAGE;
    }
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      fc_cli_print_error (_("--seed %s: give a number from 0 to 4294967295"), seed_text);
      return FC_CLI_EXIT_USAGE;
    }
  if (months < 1 || months > 120)
    {
      fc_cli_print_error (_("--months %d: give 1 to 120"), months);
      return FC_CLI_EXIT_USAGE;
    }
  if (start_text != NULL)
    {
      g_autoptr(GDateTime) day = fc_cli_parse_day (start_text);
      g_autoptr(GTimeZone) jst = g_time_zone_new_offset (9 * 3600);

      if (day == NULL)
        {
          fc_cli_print_error (_("--start %s: use the form YYYY-MM-DD"), start_text);
          return FC_CLI_EXIT_USAGE;
        }
      start = g_date_time_new (jst, g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), 0, 0, 0);
    }

  if (!fc_timing_simulate (output, (guint) incidents, (guint32) seed, start, (guint) months,
                           &events, &error))
    {
      fc_cli_print_error ("%s", error->message);
      return FC_CLI_EXIT_INPUT;
    }
  {
    g_autofree char *incidents_count = g_strdup_printf ("%" G_GUINT64_FORMAT, incidents);
    g_autofree char *events_count = g_strdup_printf ("%" G_GUINT64_FORMAT, events);

    /* Translators: %s: numbers of incidents and events; %s: a file name. */
    g_printerr (_("%s synthetic incidents (%s events) written to %s.\n"), incidents_count,
                events_count, output);
  }
  return EXIT_SUCCESS;
}
