/* robustness-util.h: helpers shared by the robustness tests (static inline, header only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fc-store.h"

/* A new private folder in the temporary directory (g_dir_make_tmp). */
static inline char *
robustness_make_tmpdir (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("fc-robust-%s-XXXXXX", what);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
robustness_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      robustness_remove_tree (child);
    }
  g_rmdir (path);
}

/* Writes one line to stdout with write(2): a line is either whole in the pipe or not at all
 * (lines are far shorter than PIPE_BUF), however the process is killed. */
static inline void G_GNUC_PRINTF (1, 2)
robustness_say (const char *format,
                ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize len;
  gsize done = 0;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  len = strlen (line);
  while (done < len)
    {
      ssize_t n = write (STDOUT_FILENO, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (4);
      done += (gsize) n;
    }
}

/* The path of this test program, to run it again as a child. */
static inline char *
robustness_self_path (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return path;
}

/* "PRAGMA integrity_check" through @store: "ok" when the database is sound. */
static inline char *
robustness_integrity_check (FcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) result = g_string_new (NULL);

  rows = fc_store_query_sync (store, "PRAGMA integrity_check", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GVariant) value = g_variant_get_child_value (g_ptr_array_index (rows, i), 0);

      if (result->len > 0)
        g_string_append_c (result, '\n');
      g_string_append (result, g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                               ? g_variant_get_string (value, NULL) : "(not text)");
    }
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* Integer column @column of @row (a tuple from fc_store_query_sync()). */
static inline gint64
robustness_row_int (GVariant *row,
                    gsize     column)
{
  g_autoptr(GVariant) value = g_variant_get_child_value (row, column);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));
  return g_variant_get_int64 (value);
}
