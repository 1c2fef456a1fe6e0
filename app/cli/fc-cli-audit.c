/* fc-cli-audit.c: "fieldcard-cli audit verify|export": the privacy officer's view of audit.db.
 *
 *   audit verify [--dir DIR] [--training]
 *       exit 0 and "OK: N entries, chain intact", or exit 1 naming the first bad entry and what
 *       was done to it (edited, deleted, reordered, inserted).
 *   audit export [--flagged] [-o FILE.csv] [--dir DIR] [--training] [--unit ID]
 *       the entries as CSV; the export is itself audited (a flagged "export" entry, written
 *       first so that the file records it).
 *
 * Exit status 2: usage error, or no audit log / unreadable key (one line on stderr).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-audit.h"
#include "fc-cli.h"
#include "fc-paths.h"

#define FC_CLI_EXIT_TAMPERED 1

static const char *
problem_name (const GError *error)
{
  switch (error->code)
    {
    case FC_AUDIT_ERROR_EDITED:
      return "edited";
    case FC_AUDIT_ERROR_DELETED:
      return "deleted";
    case FC_AUDIT_ERROR_REORDERED:
      return "reordered";
    case FC_AUDIT_ERROR_INSERTED:
      return "inserted";
    default:
      return "damaged";
    }
}

static FcAudit *
open_audit (const char *dir,
            gboolean    training,
            const char *command)
{
  g_autofree char *folder = dir != NULL ? g_strdup (dir) : fc_paths_get_user_dir (training);
  g_autoptr(GError) error = NULL;
  FcAudit *audit = fc_audit_open (folder, FALSE, &error);

  if (audit == NULL)
    fc_cli_print_error ("%s: %s", command, error->message);
  return audit;
}

static int
audit_verify (int    argc,
              char **argv)
{
  g_autofree char *dir = NULL;
  gboolean training = FALSE;
  GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      /* Translators: --dir in "fieldcard-cli audit verify --help". */
      N_("The folder of audit.db and audit.key (default: FieldCard’s data folder)"), N_("DIR") },
    { "training", 't', 0, G_OPTION_ARG_NONE, &training,
      N_("Use the training data folder"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAudit) audit = NULL;
  gint64 n_entries = 0;
  gint64 bad_seq = 0;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Checks that no entry of the audit log was edited, "
                                           "deleted, reordered or inserted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      fc_cli_print_error ("audit verify: %s",
                          error != NULL ? error->message : _("unexpected argument"));
      g_printerr ("%s\n", _("Try “fieldcard-cli audit verify --help”."));
      return FC_CLI_EXIT_USAGE;
    }

  audit = open_audit (dir, training, "audit verify");
  if (audit == NULL)
    return FC_CLI_EXIT_INPUT;

  if (fc_audit_verify (audit, &n_entries, &bad_seq, &error))
    {
      /* Translators: the result of "fieldcard-cli audit verify" on an intact log. */
      printf (ngettext ("OK: %lld entry, chain intact\n", "OK: %lld entries, chain intact\n",
                        (unsigned long) MIN (n_entries, (gint64) G_MAXLONG)),
              (long long) n_entries);
      return EXIT_SUCCESS;
    }

  if (error->domain != FC_AUDIT_ERROR)
    {
      fc_cli_print_error ("audit verify: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  /* Translators: "TAMPERED: entry 3 (edited): Entry 3 was changed after it was written." The
   * word in parentheses stays in English for scripts. */
  printf (_("TAMPERED: entry %lld (%s): %s\n"), (long long) bad_seq, problem_name (error),
          error->message);
  return FC_CLI_EXIT_TAMPERED;
}

static int
audit_export (int    argc,
              char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *unit = NULL;
  gboolean flagged = FALSE;
  gboolean training = FALSE;
  GOptionEntry entries[] = {
    { "flagged", 'f', 0, G_OPTION_ARG_NONE, &flagged,
      /* Translators: --flagged in "fieldcard-cli audit export --help". */
      N_("Only the entries flagged for the privacy officer (waived consent, wrong person, "
         "purge, export)"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (readable by you only) instead of standard output"), N_("FILE") },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      N_("The folder of audit.db and audit.key (default: FieldCard’s data folder)"), N_("DIR") },
    { "training", 't', 0, G_OPTION_ARG_NONE, &training,
      N_("Use the training data folder"), NULL },
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit,
      N_("The unit recorded with the export entry"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *detail = NULL;
  gint64 rows;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Writes the audit log as CSV for the privacy officer. "
                                           "The export itself is recorded in the log."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      fc_cli_print_error ("audit export: %s",
                          error != NULL ? error->message : _("unexpected argument"));
      g_printerr ("%s\n", _("Try “fieldcard-cli audit export --help”."));
      return FC_CLI_EXIT_USAGE;
    }

  audit = open_audit (dir, training, "audit export");
  if (audit == NULL)
    return FC_CLI_EXIT_INPUT;

  /* The export is recorded first, so that it appears in what it exports. */
  detail = g_strdup_printf ("scope=%s to=%s", flagged ? "flagged" : "all",
                            output != NULL ? "file" : "stdout");
  if (fc_audit_append (audit, FC_AUDIT_ACTION_EXPORT, unit, g_get_user_name (), NULL,
                       FC_CONSENT_NONE, NULL, detail, &error) < 0)
    {
      fc_cli_print_error ("audit export: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  if (output != NULL)
    {
      file = g_file_new_for_commandline_arg (output);
      stream = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                                G_FILE_CREATE_PRIVATE |
                                                G_FILE_CREATE_REPLACE_DESTINATION,
                                                NULL, &error));
      if (stream == NULL)
        {
          fc_cli_print_file_error (output, error);
          return FC_CLI_EXIT_INPUT;
        }
    }
  else
    {
      stream = g_memory_output_stream_new_resizable ();
    }

  rows = fc_audit_export_csv (audit, stream, flagged, NULL, &error);
  if (rows < 0 || !g_output_stream_close (stream, NULL, &error))
    {
      fc_cli_print_error ("audit export: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  if (output == NULL)
    {
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (stream);

      fwrite (g_memory_output_stream_get_data (memory), 1,
              g_memory_output_stream_get_data_size (memory), stdout);
      fflush (stdout);
    }
  else
    {
      /* Translators: after "fieldcard-cli audit export -o FILE". */
      g_printerr (ngettext ("Exported %lld entry to %s\n", "Exported %lld entries to %s\n",
                            (unsigned long) MIN (rows, (gint64) G_MAXLONG)),
                  (long long) rows, output);
    }

  return EXIT_SUCCESS;
}

int
fc_cli_audit (int    argc,
              char **argv)
{
  const char *usage = _("Usage: fieldcard-cli audit verify|export [OPTION…]");

  if (argc < 2)
    {
      fc_cli_print_error ("audit: %s", _("say what to do: verify or export"));
      g_printerr ("%s\n", usage);
      return FC_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      printf ("%s\n\n  verify   %s\n  export   %s\n", usage,
              _("Check the hash chain of audit.db"),
              _("Write the entries (or only the flagged ones) as CSV"));
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "verify"))
    {
      g_set_prgname ("fieldcard-cli audit verify");
      return audit_verify (argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "export"))
    {
      g_set_prgname ("fieldcard-cli audit export");
      return audit_export (argc - 1, argv + 1);
    }

  fc_cli_print_error (_("audit: unknown action “%s”: use verify or export"), argv[1]);
  return FC_CLI_EXIT_USAGE;
}
