/* test-audit.c: the audit log's pseudonyms, the CSV export, the audit key file, concurrent
 * writers, the flag policy and the receipt renderers. The hash chain and its tamper detection:
 * test-audit-chain.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "audit-test-util.h"
#include "fc-audit.h"
#include "privacy-test-util.h"

static void
test_pseudonym_stable_per_device (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *first = fc_audit_pseudonym (f->audit, CARD_SHA);
  g_autofree char *upper = g_ascii_strup (CARD_SHA, -1);
  g_autofree char *again = NULL;
  g_autofree char *same_upper = NULL;
  g_autofree char *other_card = NULL;
  g_autofree char *other_device = NULL;
  g_autofree char *other_dir = incident_test_make_tmpdir ("audit-other");
  g_autoptr(GError) error = NULL;
  FcAudit *other;

  g_assert_cmpuint (strlen (first), ==, 64);
  g_assert_cmpstr (first, !=, CARD_SHA);

  reopen (f);
  again = fc_audit_pseudonym (f->audit, CARD_SHA);
  same_upper = fc_audit_pseudonym (f->audit, upper);
  other_card = fc_audit_pseudonym (f->audit, FC_AUDIT_GENESIS_HASH);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpstr (same_upper, ==, first);
  g_assert_cmpstr (other_card, !=, first);

  other = fc_audit_open (other_dir, TRUE, &error);
  g_assert_no_error (error);
  other_device = fc_audit_pseudonym (other, CARD_SHA);
  g_assert_cmpstr (other_device, !=, first);
  fc_audit_close (other);
  g_assert_finalize_object (other);
  incident_test_remove_tree (other_dir);
}

static void
test_no_raw_identifier_stored (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *upper = g_ascii_strup (CARD_SHA, -1);
  g_autofree char *pseudonym = fc_audit_pseudonym (f->audit, CARD_SHA);

  append_six (f);
  /* While open (the write-ahead log) and after closing (the database file). */
  g_assert_false (privacy_tree_contains (f->dir, CARD_SHA));
  g_assert_false (privacy_tree_contains (f->dir, upper));
  close_audit (f);
  g_assert_false (privacy_tree_contains (f->dir, CARD_SHA));
  g_assert_false (privacy_tree_contains (f->dir, upper));
  /* The pseudonym is what is there instead (so the search above can find things). */
  g_assert_true (privacy_tree_contains (f->dir, pseudonym));
}

/* Splits a CSV export into records (no field in these tests spans lines). */
static GStrv
csv_lines (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  GStrv lines = g_strsplit (text, "\r\n", -1);

  /* The last record ends with CRLF: drop the empty tail. */
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  g_free (lines[g_strv_length (lines) - 1]);
  lines[g_strv_length (lines) - 1] = NULL;
  return lines;
}

static void
test_export_has_only_flagged_entries (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) all_stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) all_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) all_lines = NULL;
  gint64 rows;

  append_six (f);
  rows = fc_audit_export_flagged_csv (f->audit, stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, 2);
  g_output_stream_close (stream, NULL, &error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  lines = csv_lines (bytes);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "seq,time,unit_id,crew_id,incident_id,action,"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 11);
      g_assert_cmpstr (fields[9], ==, "1");
    }
  g_assert_true (g_str_has_prefix (lines[1], "1,"));
  g_assert_nonnull (strstr (lines[1], "consent-waived"));
  g_assert_nonnull (strstr (lines[1], "reason=unconscious"));
  g_assert_true (g_str_has_prefix (lines[2], "5,"));
  g_assert_nonnull (strstr (lines[2], "wrong-person"));

  rows = fc_audit_export_csv (f->audit, all_stream, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, 6);
  g_output_stream_close (all_stream, NULL, &error);
  all_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (all_stream));
  all_lines = csv_lines (all_bytes);
  g_assert_cmpuint (g_strv_length (all_lines), ==, 7);
}

static void
test_export_quotes_and_defuses_formulas (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fc_audit_append (f->audit, FC_AUDIT_ACTION_EXPORT, "=HYPERLINK(\"x\")", "a,b", NULL,
                   FC_CONSENT_NONE, NULL, "scope=all", &error);
  g_assert_no_error (error);
  fc_audit_export_csv (f->audit, stream, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"x\"\")\",\"a,b\","));
}

static void
test_key_file_0644_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, FC_AUDIT_KEY_NAME, NULL);
  g_autoptr(GError) error = NULL;
  FcAudit *audit;

  close_audit (f);
  g_assert_cmpint (g_chmod (key, 0644), ==, 0);
  audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_null (audit);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_nonnull (strstr (error->message, "0644"));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
}

static void
test_key_file_wrong_size_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, FC_AUDIT_KEY_NAME, NULL);
  g_autoptr(GError) error = NULL;
  FcAudit *audit;

  close_audit (f);
  g_assert_true (g_file_set_contents_full (key, "short", -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                           &error));
  g_assert_no_error (error);
  audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_null (audit);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
}

static void
test_missing_key_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, FC_AUDIT_KEY_NAME, NULL);
  g_autoptr(GError) error = NULL;
  FcAudit *audit;

  append_six (f);
  close_audit (f);
  g_assert_cmpint (g_unlink (key), ==, 0);
  /* Without create, a log whose key is gone is an error, not a fresh key. */
  audit = fc_audit_open (f->dir, FALSE, &error);
  g_assert_null (audit);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
}

static void
test_missing_log_without_create (void)
{
  g_autofree char *dir = incident_test_make_tmpdir ("audit-none");
  g_autofree char *key = g_build_filename (dir, FC_AUDIT_KEY_NAME, NULL);
  g_autoptr(GError) error = NULL;
  FcAudit *audit = fc_audit_open (dir, FALSE, &error);

  g_assert_null (audit);
  g_assert_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_MISSING);
  /* Nothing was created. */
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  incident_test_remove_tree (dir);
}

static void
test_closed_log_refuses_appends (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fc_audit_close (f->audit);
  g_assert_cmpint (fc_audit_append (f->audit, FC_AUDIT_ACTION_CARD_READ, NULL, NULL, NULL,
                                    FC_CONSENT_GIVEN, CARD_SHA, NULL, &error), ==, -1);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
}

typedef struct {
  FcAudit *audit;
  guint    n;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < writer->n; i++)
    {
      g_autoptr(GError) error = NULL;

      fc_audit_append (writer->audit, FC_AUDIT_ACTION_VIEW_SECTION, NULL, NULL, NULL,
                       FC_CONSENT_GIVEN, CARD_SHA, "section=allergy", &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_two_writers_keep_one_chain (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcAudit *second = fc_audit_open (f->dir, TRUE, &error);
  Writer a = { f->audit, 25 };
  Writer b = { second, 25 };
  GThread *ta;
  GThread *tb;
  gint64 n = 0;

  /* Two connections to one file, as the app and fieldcard-cli would have. */
  g_assert_no_error (error);
  ta = g_thread_new ("writer-a", writer_thread, &a);
  tb = g_thread_new ("writer-b", writer_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  fc_audit_close (second);
  g_assert_finalize_object (second);

  g_assert_true (fc_audit_verify (f->audit, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 50);
}

static void
test_receipt_renders_png_and_pdf (void)
{
  const char *text = "FieldCard — record access receipt\n閲覧記録: 救急隊 unit-7\nViewed: medicines";
  g_autofree char *dir = incident_test_make_tmpdir ("receipt");
  g_autofree char *pdf = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const guint8 *data;

  png = fc_audit_render_receipt_png (text, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (png, NULL);
  g_assert_cmpuint (g_bytes_get_size (png), >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  g_assert_true (fc_audit_render_receipt_pdf (text, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_test_message ("receipts carry a QR code: %s", fc_audit_receipt_has_qr () ? "yes" : "no");

  /* An unwritable place is an error, not a crash. */
  g_assert_false (fc_audit_render_receipt_pdf (text, "/nonexistent/dir/receipt.pdf", &error));
  g_assert_nonnull (error);
  incident_test_remove_tree (dir);
}

static void
test_flag_policy (void)
{
  g_assert_true (fc_audit_is_flagged (FC_AUDIT_ACTION_CONSENT_WAIVED, FC_CONSENT_NONE));
  g_assert_true (fc_audit_is_flagged (FC_AUDIT_ACTION_WRONG_PERSON, FC_CONSENT_GIVEN));
  g_assert_true (fc_audit_is_flagged (FC_AUDIT_ACTION_PURGE, FC_CONSENT_NONE));
  g_assert_true (fc_audit_is_flagged (FC_AUDIT_ACTION_EXPORT, FC_CONSENT_NONE));
  /* Every access under the emergency waiver is reviewed. */
  g_assert_true (fc_audit_is_flagged (FC_AUDIT_ACTION_CARD_READ, FC_CONSENT_WAIVED_UNABLE));
  g_assert_false (fc_audit_is_flagged (FC_AUDIT_ACTION_CARD_READ, FC_CONSENT_GIVEN));
  g_assert_false (fc_audit_is_flagged (FC_AUDIT_ACTION_HANDOVER, FC_CONSENT_GIVEN));
  g_assert_cmpstr (fc_audit_consent_to_string (FC_CONSENT_WAIVED_UNABLE), ==, "waived_unable");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/privacy/audit/pseudonym-stable-per-device", test_pseudonym_stable_per_device);
  ADD ("/fc/privacy/audit/no-raw-identifier-stored", test_no_raw_identifier_stored);
  ADD ("/fc/privacy/audit/export-has-only-flagged-entries", test_export_has_only_flagged_entries);
  ADD ("/fc/privacy/audit/export-quotes-and-defuses-formulas",
       test_export_quotes_and_defuses_formulas);
  ADD ("/fc/privacy/audit/key-file-0644-refused", test_key_file_0644_refused);
  ADD ("/fc/privacy/audit/key-file-wrong-size-refused", test_key_file_wrong_size_refused);
  ADD ("/fc/privacy/audit/missing-key-refused", test_missing_key_refused);
  ADD ("/fc/privacy/audit/closed-log-refuses-appends", test_closed_log_refuses_appends);
  ADD ("/fc/privacy/audit/two-writers-keep-one-chain", test_two_writers_keep_one_chain);
#undef ADD
  g_test_add_func ("/fc/privacy/audit/missing-log-without-create", test_missing_log_without_create);
  g_test_add_func ("/fc/privacy/audit/flag-policy", test_flag_policy);
  g_test_add_func ("/fc/privacy/receipt/renders-png-and-pdf", test_receipt_renders_png_and_pdf);

  return g_test_run ();
}
