/* report-test-util.c: fixtures for the timing report tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "report-test-util.h"

#include <locale.h>

#include <glib/gstdio.h>
#include <libintl.h>

#include "fc-store.h"
#include "fc-timeline.h"

char *
rt_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fc-report-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
rt_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rt_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
rt_write_db (const char  *path,
             const RtRow *rows,
             gsize        n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (path, fc_timeline_get_migrations (), &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < n_rows; i++)
    {
      fc_store_execute_sync (store,
                             "INSERT INTO events (incident_id, seq, kind, detail, mono_us, wall, "
                             "unit_id, training, app_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                             "'unit-test', ?7, 'test')",
                             g_variant_new ("(sxsmsxsx)", rows[i].incident_id, rows[i].seq,
                                            rows[i].kind, rows[i].detail, rows[i].mono_us,
                                            rows[i].wall, (gint64) rows[i].training),
                             &error);
      g_assert_no_error (error);
    }
  fc_store_close (store);
}

void
rt_add_rows (FcReport    *report,
             const RtRow *rows,
             gsize        n_rows)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      FcTimingRow row = {
        .incident_id = rows[i].incident_id,
        .seq = rows[i].seq,
        .kind = rows[i].kind,
        .detail = rows[i].detail,
        .mono_us = rows[i].mono_us,
        .wall = rows[i].wall,
        .unit_id = "unit-test",
        .training = rows[i].training,
        .app_version = "test",
      };

      fc_report_add_row (report, &row);
    }
}

char *
rt_report_json (FcReport *report,
                gboolean  months)
{
  g_autoptr(JsonNode) root = fc_report_to_json (report, months);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_object_remove_member (json_node_get_object (root), "sources");
  json_object_remove_member (json_object_get_object_member (json_node_get_object (root), "counts"),
                             "files");
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
rt_read_file (const char *path,
              gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

void
rt_use_japanese (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *messages = g_build_filename (dir, "ja", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = rt_read_file (BUILD_LOCALEDIR "/ja/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", &length);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_assert_true (g_file_set_contents (mo, contents, length, NULL));

  g_setenv ("LANGUAGE", "ja", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  /* The catalogue is loaded (and kept) at the first lookup; then the folder can go. */
  g_assert_cmpstr (dgettext (GETTEXT_PACKAGE, "Card used"), ==, "カード使用");
  rt_remove_tree (dir);
}
