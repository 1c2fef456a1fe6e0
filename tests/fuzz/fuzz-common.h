/* fuzz-common.h: shared set-up for the libFuzzer targets in tests/fuzz (header only).
 *
 * Each target defines LLVMFuzzerTestOneInput(). Under clang with -fsanitize=fuzzer, libFuzzer
 * provides main(); otherwise fuzz-driver.c runs every file of the seed corpus through the same
 * function, so the targets are smoke-tested in the ordinary (gcc) test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);

/* Where the sources are (set by tests/fuzz/meson.build). */
#ifndef FC_FUZZ_SOURCE_ROOT
#error "FC_FUZZ_SOURCE_ROOT must be defined"
#endif

static char *fc_fuzz_dir = NULL; /* (owned): a private temporary folder, removed at exit */

/* Debug and info messages would only slow fuzzing down; warnings and criticals are fatal, so that
 * a g_return_if_fail() or g_warning() reached from hostile input is reported as a finding. */
static GLogWriterOutput
fc_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
}

static void
fc_fuzz_remove_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fc_fuzz_dir == NULL)
    return;
  dir = g_dir_open (fc_fuzz_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fc_fuzz_dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);
          const char *sub_name;

          while (sub != NULL && (sub_name = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *sub_path = g_build_filename (path, sub_name, NULL);

              g_unlink (sub_path);
            }
          g_rmdir (path);
        }
      else
        {
          g_unlink (path);
        }
    }
  g_rmdir (fc_fuzz_dir);
  g_clear_pointer (&fc_fuzz_dir, g_free);
}

/* Once per process: quiet logs, fatal criticals, a private temporary folder. */
static inline void
fc_fuzz_init (void)
{
  static gboolean done = FALSE;
  g_autoptr(GError) error = NULL;

  if (done)
    return;
  done = TRUE;

  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("FIELDCARD_DATA_DIR", FC_FUZZ_SOURCE_ROOT "/data", FALSE);
  g_log_set_writer_func (fc_fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  fc_fuzz_dir = g_dir_make_tmp ("fc-fuzz-XXXXXX", &error);
  if (fc_fuzz_dir == NULL)
    g_error ("fuzz: cannot make a temporary folder: %s", error->message);
  atexit (fc_fuzz_remove_dir);
}

/* With FC_FUZZ_VERBOSE set, prints what the target made of an input as a TAP comment (to check
 * that the seeds reach the code they are meant for). */
static inline void G_GNUC_PRINTF (1, 2)
fc_fuzz_note (const char *format,
              ...)
{
  static int verbose = -1;
  g_autofree char *text = NULL;
  va_list args;

  if (verbose < 0)
    verbose = g_getenv ("FC_FUZZ_VERBOSE") != NULL;
  if (!verbose)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("# %s\n", text);
  fflush (stdout);
}

/* Writes @data to NAME in the private folder (subfolders must exist); returns its path. */
static inline char *
fc_fuzz_write_file (const char    *name,
                    const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fc_fuzz_dir, name, NULL);

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("fuzz: cannot write %s: %s", path, error->message);
  return path;
}

/* Reads a file of the source tree (path relative to the project root); aborts when missing. */
static inline GBytes *
fc_fuzz_read_source_file (const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (FC_FUZZ_SOURCE_ROOT, relative, NULL);
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("fuzz: cannot read %s: %s", path, error->message);
  return g_bytes_new_take (contents, len);
}
