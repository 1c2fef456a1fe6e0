/* test-fhir-errors.c: what the FHIR reader refuses, and how it says so: syntax errors with their
 * position, documents that are not Bundles, invalid entries, missing files, documents too large
 * or nested too deeply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "fc-fhir-reader.h"
#include "fhir-test-util.h"

static void
assert_error_read (const char  *json,
                   gssize       length,
                   int          code,
                   const char  *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = fc_fhir_read_bundle (json, length, NULL, &error);

  g_assert_null (summary);
  g_assert_error (error, FC_FHIR_ERROR, code);
  g_test_message ("message: %s", error->message);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_error_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autofree char *path = g_build_filename (SUMMARY_TEST_DIR, "bundles", "broken.json", NULL);

  /* A missing comma: the message says where. */
  summary = fc_fhir_read_bundle_file (path, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  /* json-glib points just after the token that should have been followed by a comma. */
  g_assert_true (g_str_has_prefix (error->message, "line 3, column 20: "));

  assert_error_read ("{\n  \"resourceType\": \"Bundle\",\n    x\n}", -1, FC_FHIR_ERROR_SYNTAX,
                     "line ");
  assert_error_read ("", 0, FC_FHIR_ERROR_SYNTAX, "line 1, column 1");
  assert_error_read ("   \n  ", -1, FC_FHIR_ERROR_SYNTAX, "line 2, column 3");
  assert_error_read ("{\"a\":\n \"\xff\"}", -1, FC_FHIR_ERROR_SYNTAX, "line 2, column 3");
  assert_error_read ("<html>503</html>", -1, FC_FHIR_ERROR_SYNTAX, "line 1, column ");

  /* A length shorter than the text cuts the text. */
  assert_error_read ("{\"resourceType\": \"Bundle\"}", 10, FC_FHIR_ERROR_SYNTAX, NULL);
}

static void
test_error_not_bundle (void)
{
  assert_error_read ("{\"resourceType\": \"Patient\", \"id\": \"x\"}", -1,
                     FC_FHIR_ERROR_NOT_BUNDLE, "Patient");
  assert_error_read ("{\"id\": \"x\"}", -1, FC_FHIR_ERROR_NOT_BUNDLE, "resourceType");
  assert_error_read ("[1, 2]", -1, FC_FHIR_ERROR_NOT_BUNDLE, NULL);
  assert_error_read ("\"Bundle\"", -1, FC_FHIR_ERROR_NOT_BUNDLE, NULL);
}

static void
test_error_invalid (void)
{
  assert_error_read ("{\"resourceType\": \"Bundle\", \"type\": \"document\"}", -1,
                     FC_FHIR_ERROR_INVALID, "entry");
  assert_error_read ("{\"resourceType\": \"Bundle\", \"entry\": {}}", -1,
                     FC_FHIR_ERROR_INVALID, "entry");
  assert_error_read ("{\"resourceType\": \"Bundle\", \"entry\": ["
                     "{\"resource\": {\"resourceType\": \"Patient\"}}, 42]}", -1,
                     FC_FHIR_ERROR_INVALID, "entry 1 ");
  assert_error_read ("{\"resourceType\": \"Bundle\", \"entry\": [{}, {}]}", -1,
                     FC_FHIR_ERROR_INVALID, "entry 0 ");
  assert_error_read ("{\"resourceType\": \"Bundle\", \"entry\": ["
                     "{\"resource\": {\"resourceType\": \"Patient\"}},"
                     "{\"resource\": {\"resourceType\": \"Patient\"}},"
                     "{\"resource\": {\"id\": \"no-type\"}}]}", -1,
                     FC_FHIR_ERROR_INVALID, "entry 2:");
  assert_error_read ("{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": []}",
                     -1, FC_FHIR_ERROR_INVALID, "transaction");
}

static void
test_error_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = fc_fhir_read_bundle_file ("/nonexistent/bundle.json", NULL,
                                                           &error);

  g_assert_null (summary);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* /fc/fhir/error/huge-document: 50 MB is refused before parsing, quickly and with a clear
 * message; a file that large is refused before it is read. */
static void
test_error_huge (void)
{
  gsize len = 50 * 1024 * 1024;
  g_autofree char *huge = g_malloc (len + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-fhir-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  static const char head[] = "{\"resourceType\": \"Bundle\", \"entry\": [], \"x\": \"";
  gint64 start;

  memset (huge, 'a', len);
  memcpy (huge, head, sizeof head - 1);
  memcpy (huge + len - 2, "\"}", 2);
  huge[len] = '\0';

  start = g_get_monotonic_time ();
  summary = fc_fhir_read_bundle (huge, len, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too large"));
  /* Refused without parsing: a parse of 50 MB would take far longer. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, huge, len, &error));
  summary = fc_fhir_read_bundle_file (path, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too large"));

  g_unlink (path);
  g_rmdir (dir);
}

static char *
nested (guint        depth,
        const char  *open,
        const char  *close,
        const char  *inner)
{
  GString *text = g_string_new ("{\"resourceType\": \"Bundle\", \"type\": \"document\", "
                                "\"entry\": [], \"extension\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  g_string_append (text, "}");

  return g_string_free (text, FALSE);
}

/* /fc/fhir/error/deeply-nested: depth 10,000 is refused with a clear error before json-glib
 * recurses into it; moderate nesting and brackets inside strings are fine. */
static void
test_error_deeply_nested (void)
{
  g_autofree char *deep_arrays = nested (10000, "[", "]", "1");
  g_autofree char *deep_objects = NULL;
  g_autofree char *moderate = nested (100, "[", "]", "\"[[[[{{{{\\\"[[[\"");
  g_autoptr(FcSummary) summary = NULL;
  GString *objects = g_string_new ("{\"resourceType\": \"Bundle\", \"entry\": [], \"x\": ");

  assert_error_read (deep_arrays, -1, FC_FHIR_ERROR_INVALID, "nested too deeply");

  for (guint i = 0; i < 10000; i++)
    g_string_append (objects, "{\"a\": ");
  g_string_append (objects, "1");
  for (guint i = 0; i < 10000; i++)
    g_string_append (objects, "}");
  g_string_append (objects, "}");
  deep_objects = g_string_free (objects, FALSE);
  assert_error_read (deep_objects, -1, FC_FHIR_ERROR_INVALID, "nested too deeply");

  /* Unbalanced deep opening (truncated): still refused, never a crash. */
  deep_arrays[strlen (deep_arrays) / 2] = '\0';
  assert_error_read (deep_arrays, -1, FC_FHIR_ERROR_INVALID, "nested too deeply");

  summary = read_json (moderate);
  g_assert_nonnull (summary);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/fhir/error/syntax", test_error_syntax);
  g_test_add_func ("/fc/fhir/error/not-bundle", test_error_not_bundle);
  g_test_add_func ("/fc/fhir/error/invalid-entry", test_error_invalid);
  g_test_add_func ("/fc/fhir/error/file", test_error_file);
  g_test_add_func ("/fc/fhir/error/huge-document", test_error_huge);
  g_test_add_func ("/fc/fhir/error/deeply-nested", test_error_deeply_nested);

  return g_test_run ();
}
