/* test-fhir-json.c: the FHIR reader's strict JSON parser reads exactly what json-glib reads, and
 * leaves everything else to json-glib (issue 9: the fast path must not change what is accepted).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-fhir-private.h"

/* The document json-glib makes of @text (which it must accept). */
static FcFhirDoc *
doc_via_json_glib (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = fc_fhir_parse_json (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return fc_fhir_doc_new_from_node (root);
}

static void
test_strict_matches_json_glib (void)
{
  static const char * const inputs[] = {
    "{}",
    "[]",
    " \n\t{ \"a\" : 1 }\r\n",
    "{\"int\": 42, \"neg\": -7, \"zero\": -0, \"max\": 999999999999999999}",
    "{\"dec\": 6.10, \"negdec\": -0.0, \"small\": 0.001, \"long\": 3.14159265358979323846}",
    "{\"t\": true, \"f\": false, \"n\": null, \"nested\": [true, [false, [null, {}]]]}",
    "{\"esc\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\"}",
    "{\"uni\": \"\\u00e9\\u3042\\u00E9 \\u002F\", \"pair\": \"\\ud83d\\ude00\"}",
    "{\"utf8\": \"血糖 値 😀\", \"\": \"empty name\"}",
    "{\"dup\": \"first\", \"dup\": \"second\", \"obj\": {\"dup\": 1, \"dup\": [2]}}",
    "[{\"resourceType\": \"Bundle\"}, 1, \"two\", 3.5, [], {}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(FcFhirDoc) fast = fc_fhir_doc_parse (inputs[i], strlen (inputs[i]));
      g_autoptr(FcFhirDoc) slow = doc_via_json_glib (inputs[i]);

      g_test_message ("input %u", i);
      g_assert_nonnull (fast);
      g_assert_true (fc_fhir_json_equal (fc_fhir_doc_get_root (fast), fc_fhir_doc_get_root (slow)));
    }
}

static void
test_lenient_left_to_json_glib (void)
{
  static const char * const inputs[] = {
    "", "   ", "5", "\"text\"", "true",
    "{\"a\": 1} x", "{\"a\": 1,}", "[1,]", "{\"a\" 1}", "{\"a\": tru}", "{'a': 1}",
    "{\"a\": /* comment */ 1}", "{\"a\": 1e3}", "{\"a\": 1.5E-2}", "{\"a\": 007}", "{\"a\": 5.}",
    "{\"a\": +5}", "{\"a\": 0x1F}", "{\"a\": 12345678901234567890}", "{\"a\": nan}",
    "{\"a\": \"\\ud83d x\"}", "{\"a\": \"\\ude00\"}", "{\"a\": \"a\\u0000b\"}", "{\"a\": \"\\q\"}",
    "{\"a\": \"tab\there\"}", "{\"a\": \"line\nbreak\"}", "\xef\xbb\xbf{\"bom\": 1}",
    "{\"a\": \"\xff\"}", "{\"a\": 1", "{\"a\": \"open",
  };
  g_autoptr(GString) deep = g_string_new ("{\"a\": ");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_test_message ("input %u", i);
      g_assert_null (fc_fhir_doc_parse (inputs[i], strlen (inputs[i])));
    }

  for (guint i = 0; i < FC_FHIR_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < FC_FHIR_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  g_assert_null (fc_fhir_doc_parse (deep->str, deep->len));
  /* One level less is read. */
  {
    g_autoptr(FcFhirDoc) doc = fc_fhir_doc_parse (deep->str + 6, deep->len - 7);
    g_assert_nonnull (doc);
  }

  /* Not NUL-terminated: the parser stops at @length. */
  {
    g_autoptr(FcFhirDoc) doc = fc_fhir_doc_parse ("{\"a\": 1}garbage", 8);
    g_assert_nonnull (doc);
    g_assert_cmpint (fc_fhir_json_member (fc_fhir_doc_get_root (doc), "a")->v.integer, ==, 1);
  }
}

/* A bundle only json-glib's lenient reading accepts still reads as before. */
static void
test_lenient_bundle_still_read (void)
{
  static const char bundle[] =
    "{'resourceType': 'Bundle', 'type': 'collection', 'entry': [{'resource': "
    "{'resourceType': 'Observation', 'status': 'final', /* a comment */ "
    "'code': {'text': 'HbA1c'}, 'valueQuantity': {'value': 6.5e0, 'unit': '%'}}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcSummaryItem) item = NULL;

  g_assert_null (fc_fhir_doc_parse (bundle, strlen (bundle)));
  summary = fc_fhir_read_bundle (bundle, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 1);
  item = g_list_model_get_item (fc_summary_get_items (summary), 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "HbA1c");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "6.5 %");
}

/* Every item of @a as one line per item, for comparing two summaries. */
static char *
describe (FcSummary *summary)
{
  GListModel *items = fc_summary_get_items (summary);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s %s\n", fc_summary_get_sex (summary),
                          fc_summary_get_age_band (summary),
                          fc_summary_get_default_window (summary));
  for (int kind = FC_ITEM_MEDICATION; kind < FC_N_ITEM_KINDS; kind++)
    g_string_append_printf (out, "section %d: %d %s\n", kind,
                            fc_summary_get_section_state (summary, kind),
                            fc_summary_get_window (summary, kind));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);
      GPtrArray *codings = fc_summary_item_get_codings (item);

      g_string_append_printf (out, "%d|%s|%s|%s|%s|%s|%s|%s|%s",
                              fc_summary_item_get_kind (item), fc_summary_item_get_text (item),
                              fc_summary_item_get_date (item), fc_summary_item_get_source (item),
                              fc_summary_item_get_status (item),
                              fc_summary_item_get_category (item),
                              fc_summary_item_get_criticality (item),
                              fc_summary_item_get_detail (item),
                              fc_summary_item_get_resource_id (item));
      for (guint j = 0; j < codings->len; j++)
        {
          const FcCoding *coding = g_ptr_array_index (codings, j);

          g_string_append_printf (out, "|%s:%s:%s", coding->system, coding->code,
                                  coding->display);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
check_same_summary (const char *path)
{
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 20, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(FcFhirDoc) fast = NULL;
  g_autoptr(FcFhirDoc) slow = NULL;
  g_autoptr(FcSummary) a = NULL;
  g_autoptr(FcSummary) b = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  gsize length;

  g_test_message ("%s", path);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  fast = fc_fhir_doc_parse (contents, length);
  if (fast == NULL)
    return;  /* a malformed test bundle: only json-glib reads it, nothing to compare */
  slow = doc_via_json_glib (contents);
  g_assert_true (fc_fhir_json_equal (fc_fhir_doc_get_root (fast), fc_fhir_doc_get_root (slow)));

  a = fc_fhir_read_document (fast, today, &error);
  g_assert_no_error (error);
  b = fc_fhir_read_document (slow, today, &error);
  g_assert_no_error (error);
  text_a = describe (a);
  text_b = describe (b);
  g_assert_cmpstr (text_a, ==, text_b);
}

static void
check_dir (const char *dir,
           guint      *n_checked)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_has_suffix (name, ".json"))
        {
          check_same_summary (path);
          (*n_checked)++;
        }
    }
}

static void
test_same_summary_either_parser (void)
{
  g_autofree char *shipped = g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "scenarios",
                                               "bundles", NULL);
  guint n_checked = 0;

  check_dir (SUMMARY_TEST_DIR "/bundles", &n_checked);
  check_dir (shipped, &n_checked);
  g_assert_cmpuint (n_checked, >=, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/fhir/json/strict-matches-json-glib", test_strict_matches_json_glib);
  g_test_add_func ("/fc/fhir/json/lenient-left-to-json-glib", test_lenient_left_to_json_glib);
  g_test_add_func ("/fc/fhir/json/lenient-bundle-still-read", test_lenient_bundle_still_read);
  g_test_add_func ("/fc/fhir/json/same-summary-either-parser", test_same_summary_either_parser);

  return g_test_run ();
}
