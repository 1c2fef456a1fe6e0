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

#include "fc-cli.h"
#include "fc-crash.h"
#include "fc-log.h"
#include "fc-paths.h"

typedef struct {
  const char *name;
  const char *summary; /* N_() */
  int       (*run) (int    argc,
                    char **argv);
} FcCliCommand;

static const FcCliCommand commands[] = {
  /* Translators: summary of "fieldcard-cli evaluate" in --help. */
  { "evaluate", N_("Show the decision-support warnings for a FHIR summary bundle"), fc_cli_evaluate },
  /* Translators: summary of "fieldcard-cli export" in --help. */
  { "export", N_("Export timing events as CSV, JSON Lines or NEMSIS eTimes XML"), fc_cli_export },
  /* Translators: summary of "fieldcard-cli report" in --help. */
  { "report", N_("Interval statistics and charts over timing logs"), fc_cli_report },
  /* Translators: summary of "fieldcard-cli simulate-log" in --help. */
  { "simulate-log", N_("Write synthetic timing data for demos and benchmarks"), fc_cli_simulate_log },
  /* Translators: summary of "fieldcard-cli rules" in --help. */
  { "rules", N_("Check the decision-support rule files (rules check) and print counts"), fc_cli_rules },
  /* Translators: summary of "fieldcard-cli audit" in --help. */
  { "audit", N_("Verify the access log’s hash chain or export it for the privacy officer"), fc_cli_audit },
  /* Translators: summary of "fieldcard-cli purge" in --help. */
  { "purge", N_("Delete expired cached summaries, or all of them when decommissioning"), fc_cli_purge },
  /* Translators: summary of "fieldcard-cli scenario" in --help. */
  { "scenario", N_("Validate and list training scenarios; debrief a training incident"), fc_cli_scenario },
  /* Translators: summary of "fieldcard-cli read-card" in --help. */
  { "read-card", N_("Read a My Number card through an NFC reader and print its certificate as JSON"), fc_cli_read_card },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: fieldcard-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “fieldcard-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  /* Before anything uses OpenSSL: no OPENSSL_cleanup() at exit under a running worker. */
  fc_crash_init_openssl ();
  fc_log_install_redacting_writer ();
  /* A crash prints one fixed line; no core dump, and the process is not dumpable. */
  fc_crash_install ("fieldcard-cli", FC_CRASH_NOT_DUMPABLE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, fc_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return FC_CLI_EXIT_USAGE;
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

  fc_cli_print_error (_("unknown command “%s”"), name);
  print_usage (stderr);
  return FC_CLI_EXIT_USAGE;
}
