/* fc-cli.h: the fieldcard-cli subcommands and the helpers they share.
 *
 * Each subcommand lives in its own fc-cli-NAME.c and is listed in the table of fieldcard-cli.c.
 * Exit status: 0 on success, 2 on a usage error or when the input cannot be used (the reason is
 * one line on stderr).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FC_CLI_EXIT_USAGE 2
#define FC_CLI_EXIT_INPUT 2

/* Prints one line "fieldcard-cli: MESSAGE" on stderr. */
void       fc_cli_print_error      (const char   *format,
                                    ...) G_GNUC_PRINTF (1, 2);
/* Says "PATH: MESSAGE" unless the message already starts with the file name. */
void       fc_cli_print_file_error (const char   *path,
                                    const GError *error);
/* Pretty-prints @root on stdout. */
void       fc_cli_print_json       (JsonNode     *root);
/* Parses YYYY-MM-DD as local midnight; NULL when malformed. */
GDateTime *fc_cli_parse_day        (const char   *text);

/* Subcommands: argv[0] is the subcommand's name. */
int        fc_cli_evaluate         (int           argc,
                                    char        **argv);
int        fc_cli_export           (int           argc,
                                    char        **argv);
int        fc_cli_report           (int           argc,
                                    char        **argv);
int        fc_cli_simulate_log     (int           argc,
                                    char        **argv);
int        fc_cli_rules            (int           argc,
                                    char        **argv);
int        fc_cli_audit            (int           argc,
                                    char        **argv);
int        fc_cli_purge            (int           argc,
                                    char        **argv);
int        fc_cli_scenario         (int           argc,
                                    char        **argv);
int        fc_cli_read_card        (int           argc,
                                    char        **argv);

G_END_DECLS
