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

typedef struct {
  const char *name;
  const char *summary; /* N_() */
  int       (*run) (int    argc,
                    char **argv);
} FcCliCommand;

static const FcCliCommand commands[] = {
  /* Translators: summary of "fieldcard-cli evaluate" in --help. */
  { "evaluate", N_("Show the decision-support warnings for a FHIR summary bundle"), fc_cli_evaluate },
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

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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
