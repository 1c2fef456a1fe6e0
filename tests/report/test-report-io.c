/* test-report-io.c: FcReport's files and output: a timing.db reads the same as its rows and
 * counts duplicates once, the JSON schema, the text table in English and Japanese, durations
 * and wall times as text, and the error paths of reading files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fc-report.h"
#include "fc-store.h"
#include "fc-timing-io.h"
#include "report-fixture.h"

static void
test_database_equals_rows_and_duplicates_count_once (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "timing.db", NULL);
  g_autoptr(FcReport) from_rows = fixture_report ();
  g_autoptr(FcReport) from_db = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rows_json = NULL;
  g_autofree char *db_json = NULL;
  g_autofree char *twice_json = NULL;

  rt_write_db (path, fixture_rows, G_N_ELEMENTS (fixture_rows));
  g_assert_true (fc_report_add_file (from_db, path, &error));
  g_assert_no_error (error);
  rows_json = rt_report_json (from_rows, TRUE);
  db_json = rt_report_json (from_db, TRUE);
  g_assert_cmpstr (rows_json, ==, db_json);

  /* The same file twice: every row is a duplicate, the numbers stay. */
  g_assert_true (fc_report_add_file (from_db, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_report_get_count (from_db, FC_REPORT_COUNT_FILES), ==, 2);
  g_assert_cmpuint (fc_report_get_count (from_db, FC_REPORT_COUNT_DUPLICATES), ==,
                    G_N_ELEMENTS (fixture_rows) - 4 /* T1, excluded */);
  assert_stats (fc_report_get_interval (from_db, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                4, 0, 1, 1350);

  g_assert_finalize_object (g_steal_pointer (&from_db));
  rt_remove_tree (dir);
}

static void
test_json_has_schema_and_groups (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  g_autoptr(JsonNode) root = fc_report_to_json (report, TRUE);
  JsonObject *object = json_node_get_object (root);
  JsonObject *scene;

  g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, "fieldcard-report/1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"),
                                               "training-excluded"), ==, 1);
  scene = json_object_get_object_member (json_object_get_object_member (object, "intervals"),
                                         "scene");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (scene, "all"),
                                                    "median"), ==, 1350);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (scene, "card-used"),
                                               "n"), ==, 1);
  /* No transport for the failed attempt: null, not 0. */
  g_assert_true (json_object_get_null_member (json_object_get_object_member (
                   json_object_get_object_member (json_object_get_object_member (object,
                                                                                 "intervals"),
                                                  "transport"),
                   "attempted-failed"), "median"));
  g_assert_true (json_object_has_member (object, "months"));
  g_assert_true (json_object_has_member (object, "card-steps"));
}

static void
test_text_table_english (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  g_autofree char *text = fc_report_to_text (report, TRUE);

  g_assert_nonnull (strstr (text, "FieldCard timing report"));
  g_assert_nonnull (strstr (text, "Scene (arrival → left scene)"));
  g_assert_nonnull (strstr (text, "22:30"));       /* the scene median, 1350 s */
  g_assert_nonnull (strstr (text, "Training incidents excluded: 1"));
  g_assert_nonnull (strstr (text, "2025-05"));
  g_assert_null (strstr (text, "SYNTHETIC"));
}

static void
test_text_table_japanese (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FcReport) report = NULL;
      g_autofree char *text = NULL;

      rt_use_japanese ();
      report = fixture_report ();
      text = fc_report_to_text (report, TRUE);
      /* Raw UTF-8, whatever charset GLib guessed for the console. */
      fputs (text, stdout);
      fflush (stdout);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* Whatever the translators chose, the table shows their words, not the English ones. */
  rt_use_japanese ();
  {
    g_autofree char *title = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "FieldCard timing report"));
    g_autofree char *scene = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "Scene (arrival → left scene)"));
    g_autofree char *used = g_strdup_printf ("*%s*22:30*", dgettext (GETTEXT_PACKAGE, "Card used"));
    g_autofree char *loaded = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "Patient loaded → left scene"));

    g_assert_cmpstr (dgettext (GETTEXT_PACKAGE, "Card used"), !=, "Card used");
    g_test_trap_assert_stdout (title);
    g_test_trap_assert_stdout (scene);
    g_test_trap_assert_stdout (used);
    g_test_trap_assert_stdout (loaded);
  }
}

static void
test_format_duration (void)
{
  struct { double s; const char *text; } cases[] = {
    { 0, "0:00" }, { 59.4, "0:59" }, { 59.6, "1:00" }, { 1350, "22:30" }, { 3600, "1:00:00" },
    { 3725, "1:02:05" }, { -90, "-1:30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fc_report_format_duration (cases[i].s);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *text = fc_report_format_duration (NAN);

    g_assert_cmpstr (text, ==, "—");
  }
}

static void
test_parse_and_format_wall (void)
{
  struct { const char *text; gint64 utc_s; int usec; int offset_s; } good[] = {
    { "2025-01-02T03:04:05+09:00", 1735754645, 0, 32400 },
    { "2025-01-02T03:04:05+09", 1735754645, 0, 32400 },
    { "2025-01-02T03:04:05+0900", 1735754645, 0, 32400 },
    { "2025-01-01T18:04:05Z", 1735754645, 0, 0 },
    { "2025-01-01T19:04:05.5+01:00", 1735754645, 500000, 3600 },
    { "2025-01-01T12:34:05.123456789-05:30", 1735754645, 123456, -19800 },
    { "2025-01-01 18:04:05.000001+00:00", 1735754645, 1, 0 },
  };
  const char *bad[] = {
    "2025-01-02T03:04:05", "2025-13-02T03:04:05Z", "2025-01-02", "", "2025-01-02T03:04:05+9",
    "2025-01-02T03:04:05+09:00 trailing", "2025-01-02T03:04:05.+09:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 utc_us = 0;
      int offset_s = 1;
      char buf[40];
      gint64 again_us = 0;
      int again_offset = 0;

      g_test_message ("%s", good[i].text);
      g_assert_true (fc_timing_parse_wall (good[i].text, &utc_us, &offset_s));
      g_assert_cmpint (utc_us, ==, good[i].utc_s * G_USEC_PER_SEC + good[i].usec);
      g_assert_cmpint (offset_s, ==, good[i].offset_s);
      /* Formatting gives "±hh:mm" and reads back to the same instant and zone. */
      fc_timing_format_wall (utc_us, offset_s, buf);
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"
                                           "(\\.\\d{6})?[+-]\\d{2}:\\d{2}$", buf, 0, 0));
      g_assert_true (fc_timing_parse_wall (buf, &again_us, &again_offset));
      g_assert_cmpint (again_us, ==, utc_us);
      g_assert_cmpint (again_offset, ==, offset_s);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 utc_us = 0;
      int offset_s = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (fc_timing_parse_wall (bad[i], &utc_us, &offset_s));
    }
  {
    char buf[40];

    g_assert_cmpstr (fc_timing_format_wall (G_GINT64_CONSTANT (1735754645) * G_USEC_PER_SEC, 32400, buf), ==,
                     "2025-01-02T03:04:05+09:00");
    g_assert_cmpstr (fc_timing_format_wall (0, -3600, buf), ==, "1969-12-31T23:00:00-01:00");
  }
}

static void
test_missing_file_fails (void)
{
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (fc_report_add_file (report, "/nonexistent/timing.db", &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "/nonexistent/timing.db"));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_FILES), ==, 0);
}

static void
test_foreign_files_fail (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *csv = g_build_filename (dir, "other.csv", NULL);
  g_autofree char *db = g_build_filename (dir, "other.db", NULL);
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  g_assert_false (fc_report_add_file (report, text, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (csv, "incident_id,kind,when\nA,x,y\n", -1, NULL));
  g_assert_false (fc_report_add_file (report, csv, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Timing export schema"));
  g_clear_error (&error);

  /* An SQLite file without an events table (e.g. audit.db). */
  {
    static const char * const migrations[] = { "CREATE TABLE other (x INTEGER);", NULL };

    store = fc_store_open (db, migrations, &error);
    g_assert_no_error (error);
    fc_store_close (store);
  }
  g_assert_false (fc_report_add_file (report, db, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, db));

  rt_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/report/database-equals-rows-and-duplicates-count-once",
                   test_database_equals_rows_and_duplicates_count_once);
  g_test_add_func ("/fc/report/json-has-schema-and-groups", test_json_has_schema_and_groups);
  g_test_add_func ("/fc/report/text-table-english", test_text_table_english);
  g_test_add_func ("/fc/report/text-table-japanese", test_text_table_japanese);
  g_test_add_func ("/fc/report/format-duration", test_format_duration);
  g_test_add_func ("/fc/report/parse-and-format-wall", test_parse_and_format_wall);
  g_test_add_func ("/fc/report/missing-file-fails", test_missing_file_fails);
  g_test_add_func ("/fc/report/foreign-files-fail", test_foreign_files_fail);

  return g_test_run ();
}
