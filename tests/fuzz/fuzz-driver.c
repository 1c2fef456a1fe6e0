/* fuzz-driver.c: runs a libFuzzer target without libFuzzer (gcc builds, the 'fuzz' test suite).
 *
 * Usage: fuzz-<target> FILE|FOLDER…  Each file (folders: every file in them, sorted) goes once
 * through LLVMFuzzerTestOneInput(); the output is TAP, one test point per file. A crash, an
 * abort or a failed assertion in the target ends the run, so meson reports the test as failed
 * and the last "# running" line names the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_strdup (g_ptr_array_index (names, i)));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);

  if (files->len == 0)
    {
      printf ("1..0 # SKIP no input files\n");
      return 0;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree guint8 *copy = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          continue;
        }
      printf ("# running %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
      fflush (stdout);
      /* An exact-size copy, as libFuzzer gives, so that reads past the end are caught by ASan. */
      copy = g_memdup2 (contents, len);
      LLVMFuzzerTestOneInput (copy, len);
      printf ("ok %u - %s\n", i + 1, path);
    }
  printf ("# %u inputs in %.2f s\n", files->len, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
