/* test-report-cli.c: "fieldcard-cli simulate-log", "report" and "export" as an analyst runs them,
 * and the synthetic data: reproducible, flagged, shaped like the pilots' table. The path of the
 * built tool comes from meson in $FIELDCARD_CLI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-test-cli.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fc-timing-simulate.h"
#include "report-test-util.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run                *run,
         const char * const *args)
{
  run->status = fc_test_run_cli (g_getenv ("FIELDCARD_CLI"), args, NULL, &run->out, &run->err);
}

static void
assert_one_line_error (Run        *run,
                       const char *part)
{
  const char *newline;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "fieldcard-cli: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_nonnull (strstr (run->err, part));
}

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) run = { 0, };

  f->dir = rt_make_tmpdir ();
  f->db = g_build_filename (f->dir, "timing.db", NULL);
  run_cli (&run, (const char *[]) { "simulate-log", "--incidents", "800", "--seed", "3",
                                    "-o", f->db, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "800 synthetic incidents"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rt_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static double
interval_mean (JsonObject *report,
               const char *interval,
               const char *group)
{
  JsonObject *intervals = json_object_get_object_member (report, "intervals");

  return json_object_get_double_member (
    json_object_get_object_member (json_object_get_object_member (intervals, interval), group),
    "mean");
}

static void
test_synthetic_data_like_the_pilots (Fixture       *f,
                                     gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report;
  JsonObject *counts;
  JsonObject *groups;
  double used;
  double not_tried;
  gint64 card_used;

  run_cli (&run, (const char *[]) { "report", "--json", f->db, NULL });
  g_assert_cmpint (run.status, ==, 0);
  report = parse_object (parser, run.out);
  counts = json_object_get_object_member (report, "counts");
  groups = json_object_get_object_member (report, "groups");
  g_assert_cmpint (json_object_get_int_member (counts, "incidents"), ==, 800);
  g_assert_cmpint (json_object_get_int_member (counts, "synthetic"), ==, 800);
  g_assert_cmpint (json_object_get_int_member (counts, "units"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (counts, "corrections"), >, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "training"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "events"), >, 800 * 15);

  /* About a tenth of incidents use the card, a fifth try and fail. */
  card_used = json_object_get_int_member (groups, "card-used");
  g_assert_cmpint (card_used, >, 800 * 5 / 100);
  g_assert_cmpint (card_used, <, 800 * 16 / 100);
  g_assert_cmpint (json_object_get_int_member (groups, "attempted-failed"), >, card_used);

  /* The pilots' pattern: loaded → left scene about 11:09 without the card, 2–3 min more with. */
  used = interval_mean (report, "loaded-to-left", "card-used");
  not_tried = interval_mean (report, "loaded-to-left", "not-attempted");
  g_test_message ("loaded → left: card used %.0f s, not tried %.0f s", used, not_tried);
  g_assert_cmpfloat (not_tried, >, 10 * 60);
  g_assert_cmpfloat (not_tried, <, 12.5 * 60);
  g_assert_cmpfloat (used - not_tried, >, 60);
  g_assert_cmpfloat (used - not_tried, <, 300);
  g_assert_cmpfloat (interval_mean (report, "response", "all"), >, 8 * 60);
  g_assert_cmpfloat (interval_mean (report, "response", "all"), <, 12 * 60);
}

static void
test_same_seed_same_data (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *again = g_build_filename (f->dir, "again.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(FcReport) a = fc_report_new ();
  g_autoptr(FcReport) b = fc_report_new ();
  g_autoptr(FcReport) c = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a_json = NULL;
  g_autofree char *b_json = NULL;
  g_autofree char *c_json = NULL;

  g_assert_true (fc_timing_simulate (again, 800, 3, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fc_timing_simulate (other, 800, 4, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fc_report_add_file (a, f->db, &error));
  g_assert_true (fc_report_add_file (b, again, &error));
  g_assert_true (fc_report_add_file (c, other, &error));
  g_assert_no_error (error);
  a_json = rt_report_json (a, TRUE);
  b_json = rt_report_json (b, TRUE);
  c_json = rt_report_json (c, TRUE);
  g_assert_cmpstr (a_json, ==, b_json);
  g_assert_cmpstr (a_json, !=, c_json);
}

static void
test_synthetic_rows_are_flagged (Fixture       *f,
                                 gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  guint starts = 0;

  run_cli (&run, (const char *[]) { "export", "--format", "csv", f->db, NULL });
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "incident_id,seq,kind,detail,mono_us,wall,unit_id,training,"
                                 "app_version");
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_assert_nonnull (strstr (lines[i], ",SYNTHETIC-UNIT-"));
      if (strstr (lines[i], ",incident-started,") != NULL)
        {
          g_assert_nonnull (strstr (lines[i], "synthetic=1"));
          starts++;
        }
    }
  g_assert_cmpuint (starts, ==, 800);
}

static void
test_generator_refuses_existing_file (Fixture       *f,
                                      gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "none.db", NULL);

  run_cli (&run, (const char *[]) { "simulate-log", "--incidents", "5", "-o", f->db, NULL });
  assert_one_line_error (&run, "already exists");
  g_assert_false (fc_timing_simulate (other, 0, 1, NULL, 0, NULL, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_INVALID);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Run) a = { 0, };
  g_auto(Run) b = { 0, };
  g_auto(Run) c = { 0, };
  g_auto(Run) d = { 0, };
  g_auto(Run) e = { 0, };
  g_auto(Run) g = { 0, };

  run_cli (&a, (const char *[]) { "report", NULL });
  assert_one_line_error (&a, "give at least one");
  run_cli (&b, (const char *[]) { "report", "--chart", "out.pdf", f->db, NULL });
  assert_one_line_error (&b, ".png or .svg");
  run_cli (&c, (const char *[]) { "export", "--format", "xml", f->db, NULL });
  assert_one_line_error (&c, "csv, jsonl or nemsis");
  run_cli (&d, (const char *[]) { "simulate-log", "--incidents", "many", "-o", "x.db", NULL });
  assert_one_line_error (&d, "--incidents many");
  run_cli (&e, (const char *[]) { "report", "/nonexistent/timing.db", NULL });
  assert_one_line_error (&e, "/nonexistent/timing.db");
  g_assert_cmpstr (e.out, ==, "");
  run_cli (&g, (const char *[]) { "simulate-log", "-o", "x.db", NULL });
  assert_one_line_error (&g, "--incidents N");
}

static void
test_report_table_and_chart (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *chart = g_build_filename (f->dir, "chart.svg", NULL);
  g_auto(Run) run = { 0, };

  run_cli (&run, (const char *[]) { "report", "--month", "--chart", chart, f->db, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "FieldCard timing report"));
  g_assert_nonnull (strstr (run.out, "SYNTHETIC DATA"));
  g_assert_nonnull (strstr (run.out, "Per month"));
  g_assert_nonnull (strstr (run.out, "2025-04"));
  g_assert_nonnull (strstr (run.err, "Chart written to"));
  g_assert_true (g_file_test (chart, G_FILE_TEST_IS_REGULAR));
}

static void
test_export_nemsis_to_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *xml = g_build_filename (f->dir, "n.xml", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0, };

  run_cli (&run, (const char *[]) { "export", "--format", "nemsis", "-o", xml, f->db, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "800 incidents written"));
  contents = rt_read_file (xml, NULL);
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_true (g_str_has_suffix (contents, "</EMSDataSet>\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/report/cli/synthetic-data-like-the-pilots", test_synthetic_data_like_the_pilots);
  ADD ("/fc/report/cli/same-seed-same-data", test_same_seed_same_data);
  ADD ("/fc/report/cli/synthetic-rows-are-flagged", test_synthetic_rows_are_flagged);
  ADD ("/fc/report/cli/generator-refuses-existing-file", test_generator_refuses_existing_file);
  ADD ("/fc/report/cli/usage-errors", test_usage_errors);
  ADD ("/fc/report/cli/report-table-and-chart", test_report_table_and_chart);
  ADD ("/fc/report/cli/export-nemsis-to-file", test_export_nemsis_to_file);
#undef ADD

  return g_test_run ();
}
