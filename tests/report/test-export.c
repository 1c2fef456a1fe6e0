/* test-export.c: CSV, JSON Lines and NEMSIS exports: a report over an export equals the report
 * over the database, exports read back unchanged, training stays out unless asked, and the NEMSIS
 * extract is well-formed XML whose eTimes are ISO-8601 date-times with a zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fc-report.h"
#include "fc-timing-export.h"
#include "fc-timing-simulate.h"
#include "report-test-util.h"

#define W(t) "2025-05-10T" t "+09:00"
#define WB(t) "2025-05-10T" t "+01:00"

/* Hand-made incidents: N1 complete in JST with the card used and the arrival corrected; N2 in
 * +01:00 without call and back-in-service; N3 training; N4 with awkward details for CSV. */
static const RtRow rows[] = {
  { "N1", 1, "incident-started", "training=0", 10, W ("10:00:00"), FALSE },
  { "N1", 2, "call-received", NULL, 20, W ("10:00:00"), FALSE },
  { "N1", 3, "dispatched", NULL, 30, W ("10:01:00"), FALSE },
  { "N1", 4, "en-route", NULL, 40, W ("10:02:00"), FALSE },
  { "N1", 5, "arrived-scene", NULL, 50, W ("10:11:00"), FALSE },
  { "N1", 6, "patient-contact", NULL, 60, W ("10:12:00"), FALSE },
  { "N1", 7, "correction", "seq=5 kind=arrived-scene wall=2025-05-10T10:10:00.5+09:00", 70,
    W ("10:12:30"), FALSE },
  { "N1", 8, "patient-loaded", NULL, 80, W ("10:20:00"), FALSE },
  { "N1", 9, "card-asked", NULL, 90, W ("10:20:30"), FALSE },
  { "N1", 10, "consent", "basis=waived_unable reason=unconscious", 100, W ("10:21:00"), FALSE },
  { "N1", 11, "card-read", "apdus=12 bytes=1800", 110, W ("10:21:40"), FALSE },
  { "N1", 12, "fetch-done", "result=ok source=network items=9", 120, W ("10:21:50"), FALSE },
  { "N1", 13, "summary-shown", "warnings=1", 130, W ("10:22:10"), FALSE },
  { "N1", 14, "hospital-call-start", "n=1", 140, W ("10:23:00"), FALSE },
  { "N1", 15, "hospital-call-end", "n=1 outcome=accepted", 150, W ("10:25:00"), FALSE },
  { "N1", 16, "left-scene", NULL, 160, W ("10:30:00"), FALSE },
  { "N1", 17, "arrived-hospital", NULL, 170, W ("10:45:00"), FALSE },
  { "N1", 18, "transfer-of-care", NULL, 180, W ("10:55:00"), FALSE },
  { "N1", 19, "back-in-service", NULL, 190, W ("11:20:00"), FALSE },

  { "N2", 1, "dispatched", NULL, 0, WB ("10:01:00"), FALSE },
  { "N2", 2, "arrived-scene", NULL, 0, WB ("10:09:00"), FALSE },
  { "N2", 3, "patient-loaded", NULL, 0, WB ("10:19:00"), FALSE },
  { "N2", 4, "left-scene", NULL, 0, WB ("10:29:00"), FALSE },

  { "N3", 1, "incident-started", "training=1", 0, W ("09:00:00"), TRUE },
  { "N3", 2, "arrived-scene", NULL, 0, W ("09:05:00"), TRUE },
  { "N3", 3, "left-scene", NULL, 0, W ("09:25:00"), TRUE },

  { "N4", 1, "arrived-scene", "note=a,b \"c\"", 0, W ("12:00:00"), FALSE },
  { "N4", 2, "left-scene", "two\nlines, and \\ back", 0, W ("12:15:00"), FALSE },
};

typedef struct {
  char *dir;
  char *db;        /* the hand-made incidents */
  char *synthetic; /* 300 generated incidents */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = rt_make_tmpdir ();
  f->db = g_build_filename (f->dir, "timing.db", NULL);
  f->synthetic = g_build_filename (f->dir, "synthetic.db", NULL);
  rt_write_db (f->db, rows, G_N_ELEMENTS (rows));
  g_assert_true (fc_timing_simulate (f->synthetic, 300, 11, NULL, 3, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rt_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->synthetic);
}

/* Exports @paths to a new file in the fixture's folder and returns its name. */
static char *
export_to (Fixture            *f,
           const char * const *paths,
           FcExportFormat      format,
           gboolean            include_training,
           const char         *name,
           guint64            *written)
{
  g_autoptr(GError) error = NULL;
  char *out_path = g_build_filename (f->dir, name, NULL);
  FILE *out = fopen (out_path, "w");

  g_assert_nonnull (out);
  g_assert_true (fc_timing_export (paths, format, include_training, out, written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fclose (out), ==, 0);
  return out_path;
}

/* The report over @paths as JSON text. Without training, an export holds no training rows while
 * the database does: then the counts of rows, incidents and training incidents are left out
 * (every statistic must still match). */
static char *
report_json_of (const char * const *paths,
                gboolean            include_training)
{
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  JsonObject *counts;

  fc_report_set_include_training (report, include_training);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_assert_true (fc_report_add_file (report, paths[i], &error));
      g_assert_no_error (error);
    }
  text = rt_report_json (report, TRUE);
  if (include_training)
    return g_steal_pointer (&text);

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  counts = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "counts");
  json_object_remove_member (counts, "events");
  json_object_remove_member (counts, "incidents");
  json_object_remove_member (counts, "training");
  json_object_remove_member (counts, "training-excluded");
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static void
test_round_trip_gives_same_report (Fixture       *f,
                                   gconstpointer  data)
{
  const char *dbs[] = { f->db, f->synthetic, NULL };

  for (int training = 0; training <= 1; training++)
    {
      g_autofree char *csv = export_to (f, dbs, FC_EXPORT_FORMAT_CSV, training, "e.csv", NULL);
      g_autofree char *jsonl = export_to (f, dbs, FC_EXPORT_FORMAT_JSONL, training, "e.jsonl",
                                          NULL);
      const char *csv_paths[] = { csv, NULL };
      const char *jsonl_paths[] = { jsonl, NULL };
      g_autofree char *from_db = report_json_of (dbs, training);
      g_autofree char *from_csv = report_json_of (csv_paths, training);
      g_autofree char *from_jsonl = report_json_of (jsonl_paths, training);

      g_assert_cmpstr (from_csv, ==, from_db);
      g_assert_cmpstr (from_jsonl, ==, from_db);
      g_assert_nonnull (strstr (from_db, training ? "\"included\" : 304," : "\"included\" : 303,"));
    }
}

static void
test_reexport_is_identical (Fixture       *f,
                            gconstpointer  data)
{
  const char *dbs[] = { f->db, f->synthetic, NULL };
  g_autofree char *csv = export_to (f, dbs, FC_EXPORT_FORMAT_CSV, TRUE, "a.csv", NULL);
  g_autofree char *jsonl = export_to (f, dbs, FC_EXPORT_FORMAT_JSONL, TRUE, "a.jsonl", NULL);
  const char *csv_paths[] = { csv, NULL };
  const char *jsonl_paths[] = { jsonl, NULL };
  g_autofree char *csv_again = export_to (f, csv_paths, FC_EXPORT_FORMAT_CSV, TRUE, "b.csv", NULL);
  g_autofree char *jsonl_from_csv = export_to (f, csv_paths, FC_EXPORT_FORMAT_JSONL, TRUE,
                                               "b.jsonl", NULL);
  g_autofree char *csv_from_jsonl = export_to (f, jsonl_paths, FC_EXPORT_FORMAT_CSV, TRUE,
                                               "c.csv", NULL);
  g_autofree char *a_csv = rt_read_file (csv, NULL);
  g_autofree char *a_jsonl = rt_read_file (jsonl, NULL);
  g_autofree char *b_csv = rt_read_file (csv_again, NULL);
  g_autofree char *b_jsonl = rt_read_file (jsonl_from_csv, NULL);
  g_autofree char *c_csv = rt_read_file (csv_from_jsonl, NULL);

  g_assert_true (g_str_has_prefix (a_csv, "incident_id,seq,kind,detail,mono_us,wall,unit_id,"
                                          "training,app_version\n"));
  g_assert_cmpstr (b_csv, ==, a_csv);
  g_assert_cmpstr (c_csv, ==, a_csv);
  g_assert_cmpstr (b_jsonl, ==, a_jsonl);
}

typedef struct {
  GPtrArray *details;
} Collected;

static void
collect_detail_cb (const FcTimingRow *row,
                   gpointer           user_data)
{
  Collected *collected = user_data;

  if (g_str_equal (row->incident_id, "N4"))
    g_ptr_array_add (collected->details, g_strdup (row->detail));
}

static void
test_csv_quoting_survives (Fixture       *f,
                           gconstpointer  data)
{
  const char *dbs[] = { f->db, NULL };
  g_autofree char *csv = export_to (f, dbs, FC_EXPORT_FORMAT_CSV, FALSE, "q.csv", NULL);
  g_autofree char *jsonl = export_to (f, dbs, FC_EXPORT_FORMAT_JSONL, FALSE, "q.jsonl", NULL);
  const char *files[] = { csv, jsonl };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
      Collected collected = { details };
      g_autoptr(GError) error = NULL;
      guint64 unreadable = 0;
      FcTimingSource source;

      g_assert_true (fc_timing_read_file (files[i], FC_TIMING_READ_ALL, collect_detail_cb,
                                          &collected, &source, &unreadable, &error));
      g_assert_no_error (error);
      g_assert_cmpint (source, ==, i == 0 ? FC_TIMING_SOURCE_CSV : FC_TIMING_SOURCE_JSONL);
      g_assert_cmpuint (unreadable, ==, 0);
      g_assert_cmpuint (details->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (details, 0), ==, "note=a,b \"c\"");
      g_assert_cmpstr (g_ptr_array_index (details, 1), ==, "two\nlines, and \\ back");
    }
}

static void
test_training_left_out_unless_asked (Fixture       *f,
                                     gconstpointer  data)
{
  const char *dbs[] = { f->db, NULL };
  guint64 without = 0;
  guint64 with = 0;
  g_autofree char *a = export_to (f, dbs, FC_EXPORT_FORMAT_CSV, FALSE, "t1.csv", &without);
  g_autofree char *b = export_to (f, dbs, FC_EXPORT_FORMAT_CSV, TRUE, "t2.csv", &with);
  g_autofree char *text = rt_read_file (a, NULL);

  g_assert_cmpuint (with, ==, G_N_ELEMENTS (rows));
  g_assert_cmpuint (without, ==, G_N_ELEMENTS (rows) - 3);
  g_assert_null (strstr (text, "N3"));
}

static void
test_broken_rows_are_skipped_and_counted (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "broken.jsonl", NULL);
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
    "{\"incident_id\":\"B\",\"seq\":1,\"kind\":\"arrived-scene\",\"wall\":\"2025-05-10T10:00:00+09:00\"}\n"
    "{\"incident_id\":\"B\",\"seq\":2,\"kind\":\"left-scene\"\n"
    "not json\n"
    "\n"
    "{\"incident_id\":\"B\",\"seq\":3,\"kind\":\"left-scene\",\"wall\":\"2025-05-10T10:20:00+09:00\","
    "\"training\":false}\n", -1, NULL));
  g_assert_true (fc_report_add_file (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_UNREADABLE), ==, 2);
  g_assert_cmpfloat (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE,
                                             FC_REPORT_GROUP_ALL)->median, ==, 1200);
}

/* NEMSIS */

typedef struct {
  GPtrArray  *stack;        /* element names */
  GString    *text;
  GHashTable *correlation;  /* CorrelationIDs defined in eCustomConfiguration */
  GPtrArray  *references;   /* eCustomResults.02 values */
  GPtrArray  *times;        /* "incident element value" of every eTimes child */
  guint       reports;
  int         last_etimes;  /* number of the previous eTimes element within this report */
  char       *report_id;
  gboolean    nil_seen;
  guint       custom_results;
  gboolean    synthetic_comment;
} Xml;

static void
start_cb (GMarkupParseContext  *context,
          const char           *name,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              user_data,
          GError              **error)
{
  Xml *xml = user_data;

  if (xml->stack->len == 0)
    {
      g_assert_cmpstr (name, ==, "EMSDataSet");
      g_assert_true (g_strv_contains (attribute_values, "http://www.nemsis.org"));
    }
  g_ptr_array_add (xml->stack, g_strdup (name));
  g_string_truncate (xml->text, 0);

  if (g_str_equal (name, "PatientCareReport"))
    {
      xml->reports++;
      xml->last_etimes = 0;
      g_free (xml->report_id);
      xml->report_id = g_strdup (attribute_values[0]);
    }
  else if (g_str_equal (name, "eCustomConfiguration.CustomGroup"))
    {
      g_assert_cmpstr (attribute_names[0], ==, "CorrelationID");
      g_hash_table_add (xml->correlation, g_strdup (attribute_values[0]));
    }
  else if (g_str_has_prefix (name, "eTimes."))
    {
      guint64 number = 0;

      g_assert_true (g_ascii_string_to_unsigned (name + 7, 10, 1, 17, &number, NULL));
      /* The schema is a sequence: elements in ascending order. */
      g_assert_cmpint ((int) number, >, xml->last_etimes);
      xml->last_etimes = (int) number;
      if (attribute_names[0] != NULL)
        {
          g_assert_cmpstr (attribute_names[0], ==, "xsi:nil");
          g_assert_cmpstr (attribute_values[0], ==, "true");
          g_assert_cmpstr (attribute_names[1], ==, "NV");
          g_assert_cmpstr (attribute_values[1], ==, "7701003");
          /* eTimes.03 and .13 are not nillable. */
          g_assert_true (number != 3 && number != 13);
          xml->nil_seen = TRUE;
        }
    }
}

static void
end_cb (GMarkupParseContext  *context,
        const char           *name,
        gpointer              user_data,
        GError              **error)
{
  Xml *xml = user_data;

  if (g_str_has_prefix (name, "eTimes.") && xml->text->len > 0)
    {
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?"
                                           "[+-]\\d{2}:\\d{2}$", xml->text->str, 0, 0));
      g_ptr_array_add (xml->times, g_strdup_printf ("%s %s %s", xml->report_id, name,
                                                    xml->text->str));
    }
  else if (g_str_equal (name, "eCustomResults.02"))
    {
      g_ptr_array_add (xml->references, g_strdup (xml->text->str));
    }
  else if (g_str_equal (name, "eCustomResults.01"))
    {
      xml->custom_results++;
    }
  g_ptr_array_remove_index (xml->stack, xml->stack->len - 1);
  g_string_truncate (xml->text, 0);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Xml *xml = user_data;

  g_string_append_len (xml->text, text, length);
}

static void
passthrough_cb (GMarkupParseContext  *context,
                const char           *text,
                gsize                 length,
                gpointer              user_data,
                GError              **error)
{
  Xml *xml = user_data;

  if (g_strstr_len (text, length, "SYNTHETIC DATA") != NULL)
    xml->synthetic_comment = TRUE;
}

static void
parse_nemsis (const char *path,
              Xml        *xml)
{
  static const GMarkupParser parser = { start_cb, end_cb, text_cb, passthrough_cb, NULL };
  g_autofree char *contents = rt_read_file (path, NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  xml->stack = g_ptr_array_new_with_free_func (g_free);
  xml->text = g_string_new (NULL);
  xml->correlation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  xml->references = g_ptr_array_new_with_free_func (g_free);
  xml->times = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_str_has_prefix (contents, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, xml, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (xml->stack->len, ==, 0);
}

static void
xml_clear (Xml *xml)
{
  g_ptr_array_unref (xml->stack);
  g_string_free (xml->text, TRUE);
  g_hash_table_unref (xml->correlation);
  g_ptr_array_unref (xml->references);
  g_ptr_array_unref (xml->times);
  g_free (xml->report_id);
}

static gboolean
has_time (Xml        *xml,
          const char *line)
{
  for (guint i = 0; i < xml->times->len; i++)
    if (g_str_equal (g_ptr_array_index (xml->times, i), line))
      return TRUE;
  return FALSE;
}

static void
test_nemsis_is_well_formed_with_zones (Fixture       *f,
                                       gconstpointer  data)
{
  const char *dbs[] = { f->db, NULL };
  guint64 written = 0;
  g_autofree char *path = export_to (f, dbs, FC_EXPORT_FORMAT_NEMSIS, FALSE, "n.xml", &written);
  g_autofree char *contents = rt_read_file (path, NULL);
  Xml xml = { NULL, };

  parse_nemsis (path, &xml);
  g_assert_cmpuint (written, ==, 3);       /* N1, N2, N4; N3 is training */
  g_assert_cmpuint (xml.reports, ==, 3);
  g_assert_true (xml.nil_seen);
  g_assert_false (xml.synthetic_comment);

  /* Times in the zone they were recorded in, corrections applied. */
  g_assert_true (has_time (&xml, "N1 eTimes.01 2025-05-10T10:00:00+09:00"));
  g_assert_true (has_time (&xml, "N1 eTimes.06 2025-05-10T10:10:00.500000+09:00"));
  g_assert_true (has_time (&xml, "N1 eTimes.13 2025-05-10T11:20:00+09:00"));
  g_assert_true (has_time (&xml, "N2 eTimes.03 2025-05-10T10:01:00+01:00"));
  g_assert_true (has_time (&xml, "N2 eTimes.09 2025-05-10T10:29:00+01:00"));

  /* Missing mandatory points are left out, not invented. */
  g_assert_null (strstr (contents, "<eTimes.01>2025-05-10T09"));
  g_assert_nonnull (strstr (contents, "<eTimes.01 xsi:nil=\"true\" NV=\"7701003\"/>"));

  /* 車内収容 and the card steps as custom results, each defined in the header. */
  g_assert_nonnull (strstr (contents, "<eCustomResults.01>2025-05-10T10:20:00+09:00</eCustomResults.01>\n"
                                      "          <eCustomResults.02>FC.PatientLoaded<"));
  g_assert_nonnull (strstr (contents, "<eCustomResults.01>card-used</eCustomResults.01>"));
  g_assert_nonnull (strstr (contents, "FC.SummaryShown"));
  g_assert_cmpuint (xml.references->len, >, 0);
  g_assert_cmpuint (xml.references->len, ==, xml.custom_results);
  for (guint i = 0; i < xml.references->len; i++)
    g_assert_true (g_hash_table_contains (xml.correlation, g_ptr_array_index (xml.references, i)));

  /* No patient data, only times and codes of our own. */
  g_assert_null (strstr (contents, "unconscious"));
  xml_clear (&xml);
}

static void
test_nemsis_marks_synthetic_data (Fixture       *f,
                                  gconstpointer  data)
{
  const char *dbs[] = { f->synthetic, NULL };
  guint64 written = 0;
  g_autofree char *path = export_to (f, dbs, FC_EXPORT_FORMAT_NEMSIS, FALSE, "s.xml", &written);
  g_autofree char *contents = rt_read_file (path, NULL);
  Xml xml = { NULL, };

  parse_nemsis (path, &xml);
  g_assert_cmpuint (written, ==, 300);
  g_assert_cmpuint (xml.reports, ==, 300);
  g_assert_true (xml.synthetic_comment);
  g_assert_nonnull (strstr (contents, "<eCustomResults.02>FC.Synthetic</eCustomResults.02>"));
  g_assert_cmpuint (xml.times->len, >, 300 * 7);
  xml_clear (&xml);
}

static void
test_export_write_error (Fixture       *f,
                         gconstpointer  data)
{
  const char *dbs[] = { f->synthetic, NULL };
  g_autoptr(GError) error = NULL;
  FILE *full;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  full = fopen ("/dev/full", "w");
  g_assert_nonnull (full);
  g_assert_false (fc_timing_export (dbs, FC_EXPORT_FORMAT_CSV, FALSE, full, NULL, NULL, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE);
  fclose (full);
}

static void
test_export_missing_input (Fixture       *f,
                           gconstpointer  data)
{
  const char *paths[] = { f->db, "/nonexistent/timing.db", NULL };
  g_autoptr(GError) error = NULL;
  FILE *out = fopen ("/dev/null", "w");

  g_assert_false (fc_timing_export (paths, FC_EXPORT_FORMAT_JSONL, FALSE, out, NULL, NULL, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN);
  g_clear_error (&error);
  g_assert_false (fc_timing_export (paths, FC_EXPORT_FORMAT_NEMSIS, FALSE, out, NULL, NULL,
                                    &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN);
  fclose (out);
}

static void
test_format_names (void)
{
  FcExportFormat format = FC_EXPORT_FORMAT_NEMSIS;

  g_assert_true (fc_export_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, FC_EXPORT_FORMAT_CSV);
  g_assert_true (fc_export_format_from_string ("jsonl", &format));
  g_assert_cmpint (format, ==, FC_EXPORT_FORMAT_JSONL);
  g_assert_true (fc_export_format_from_string ("nemsis", &format));
  g_assert_cmpint (format, ==, FC_EXPORT_FORMAT_NEMSIS);
  g_assert_false (fc_export_format_from_string ("xml", &format));
  g_assert_false (fc_export_format_from_string (NULL, &format));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/report/export/round-trip-gives-same-report", test_round_trip_gives_same_report);
  ADD ("/fc/report/export/reexport-is-identical", test_reexport_is_identical);
  ADD ("/fc/report/export/csv-quoting-survives", test_csv_quoting_survives);
  ADD ("/fc/report/export/training-left-out-unless-asked", test_training_left_out_unless_asked);
  ADD ("/fc/report/export/broken-rows-are-skipped-and-counted",
       test_broken_rows_are_skipped_and_counted);
  ADD ("/fc/report/export/nemsis-is-well-formed-with-zones",
       test_nemsis_is_well_formed_with_zones);
  ADD ("/fc/report/export/nemsis-marks-synthetic-data", test_nemsis_marks_synthetic_data);
  ADD ("/fc/report/export/write-error", test_export_write_error);
  ADD ("/fc/report/export/missing-input", test_export_missing_input);
#undef ADD
  g_test_add_func ("/fc/report/export/format-names", test_format_names);

  return g_test_run ();
}
