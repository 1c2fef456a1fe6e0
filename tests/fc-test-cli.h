/* fc-test-cli.h: running fieldcard-cli from a test, as a person would from a shell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @cli with @args (NULL-terminated, after the program name). @input (nullable) is written to
 * its standard input, which is a pipe either way (never a terminal: nothing may wait for one).
 * libnfc is kept quiet. Asserts that the program ran and exited normally (no crash) and returns
 * its exit status; @out and @err receive its output (free with g_free()). */
int fc_test_run_cli (const char          *cli,
                     const char * const  *args,
                     const char          *input,
                     char               **out,
                     char               **err);

G_END_DECLS
