/* privacy-test-util.c: helpers shared by the privacy tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "privacy-test-util.h"
#include "fc-test-cli.h"

void
privacy_tamper (const char *dir,
                const char *sql)
{
  g_autofree char *path = g_build_filename (dir, FC_AUDIT_DB_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (path, fc_audit_get_migrations (), &error);

  g_assert_no_error (error);
  fc_store_execute_sync (store, sql, NULL, &error);
  g_assert_no_error (error);
  fc_store_close (store);
}

static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

gboolean
privacy_tree_contains (const char *path,
                       const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (privacy_tree_contains (child, needle))
            return TRUE;
          continue;
        }
      if (!g_file_get_contents (child, &contents, &length, NULL))
        continue;
      if (bytes_contain (contents, length, needle))
        {
          g_test_message ("“%s” found in %s", needle, child);
          return TRUE;
        }
    }
  return FALSE;
}

int
privacy_run_cli (const char * const  *args,
                 char               **out,
                 char               **err)
{
  int status = fc_test_run_cli (g_getenv ("FIELDCARD_CLI"), args, NULL, out, err);

  g_test_message ("fieldcard-cli %s → status %d\nstdout: %s\nstderr: %s",
                  args[0], status, *out, *err);
  return status;
}
