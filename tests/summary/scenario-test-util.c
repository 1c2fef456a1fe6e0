/* scenario-test-util.c: scenario paths, loading, and the temporary scenario folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "scenario-test-util.h"

#include <glib/gstdio.h>

char *
shipped_path (const char *id)
{
  const char *data_dir = g_getenv ("FIELDCARD_DATA_DIR");
  g_autofree char *file = g_strdup_printf ("%s.json", id);

  g_assert_nonnull (data_dir);
  return g_build_filename (data_dir, "scenarios", file, NULL);
}

FcScenario *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  FcScenario *scenario = fc_scenario_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

void
tmp_setup (TmpFixture    *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bundle = NULL;
  gsize length;

  fixture->dir = g_dir_make_tmp ("fc-scenario-XXXXXX", &error);
  g_assert_no_error (error);

  g_file_get_contents (FIXTURE_DIR "/bundles/minimal.json", &contents, &length, &error);
  g_assert_no_error (error);
  bundle = g_build_filename (fixture->dir, "bundle.json", NULL);
  g_file_set_contents (bundle, contents, length, &error);
  g_assert_no_error (error);
}

void
tmp_teardown (TmpFixture    *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

char *
write_scenario (TmpFixture *fixture,
                const char *name,
                const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.json", name);
  char *path = g_build_filename (fixture->dir, file, NULL);

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}
