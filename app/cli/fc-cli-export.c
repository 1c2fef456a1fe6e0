/* fc-cli-export.c: "fieldcard-cli export DB… --format csv|jsonl|nemsis [-o FILE]": timing events
 * in the documented export schema (docs/timing-export.md) or as a NEMSIS v3.5 eTimes extract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fc-cli.h"
#include "fc-timing-export.h"

int
fc_cli_export (int    argc,
               char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  gboolean include_training = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      /* Translators: --format in "fieldcard-cli export --help". */
      N_("csv, jsonl or nemsis (default csv)"), N_("FORMAT") },
    { "include-training", 0, 0, G_OPTION_ARG_NONE, &include_training,
      N_("Also export training incidents"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  FcExportFormat format = FC_EXPORT_FORMAT_CSV;
  guint64 written = 0;
  guint64 skipped = 0;
  FILE *out = stdout;
  gboolean ok;

  context = g_option_context_new (_("DB…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Exports the timing events of timing.db files (or of "
                                           "earlier exports) as CSV, JSON Lines or NEMSIS v3.5 "
                                           "eTimes XML. No patient data is in them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("export: %s", error->message);
      g_printerr ("%s\n", _("Try “fieldcard-cli export --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      fc_cli_print_error ("export: %s", _("give at least one timing.db"));
      g_printerr ("%s\n", _("Try “fieldcard-cli export --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (format_text != NULL && !fc_export_format_from_string (format_text, &format))
    {
      fc_cli_print_error (_("--format %s: use csv, jsonl or nemsis"), format_text);
      return FC_CLI_EXIT_USAGE;
    }

  if (output != NULL)
    {
      out = fopen (output, "w");
      if (out == NULL)
        {
          int saved_errno = errno;

          fc_cli_print_error ("%s: %s", output, g_strerror (saved_errno));
          return FC_CLI_EXIT_INPUT;
        }
    }

  ok = fc_timing_export ((const char * const *) argv + 1, format, include_training, out,
                         &written, &skipped, &error);
  if (output != NULL && fclose (out) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s: %s",
                   output, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      fc_cli_print_error ("%s", error->message);
      if (output != NULL)
        g_unlink (output);
      return FC_CLI_EXIT_INPUT;
    }
  if (skipped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, skipped);

      /* Translators: %s is a number of rows. */
      fc_cli_print_error (_("%s unreadable rows were left out."), count);
    }
  if (output != NULL)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, written);

      g_printerr (format == FC_EXPORT_FORMAT_NEMSIS
                  /* Translators: %s: a number; %s: a file name. */
                  ? _("%s incidents written to %s.\n")
                  : _("%s events written to %s.\n"),
                  count, output);
    }
  return EXIT_SUCCESS;
}
