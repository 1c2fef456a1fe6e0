/* fc-cli-common.c: helpers shared by the fieldcard-cli subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fc-cli.h"

/* Prints one line "fieldcard-cli: MESSAGE" on stderr. */
void
fc_cli_print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("fieldcard-cli: %s\n", message);
}

/* Parses @text (YYYY-MM-DD) as local midnight; NULL when malformed. */
GDateTime *
fc_cli_parse_day (const char *text)
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
void
fc_cli_print_file_error (const char   *path,
                  const GError *error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_prefix (error->message, path) || g_str_has_prefix (error->message, base))
    fc_cli_print_error ("%s", error->message);
  else
    fc_cli_print_error ("%s: %s", path, error->message);
}

void
fc_cli_print_json (JsonNode *root)
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

