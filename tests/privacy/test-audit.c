/* test-audit.c: the audit log's hash chain, its tamper detection, pseudonyms, the CSV export,
 * the audit key file and the receipt renderers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fc-audit.h"
#include "privacy-test-util.h"

#define CARD_SHA "3f1c9a0b7d2e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"

typedef struct {
  char    *dir;
  FcAudit *audit;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = incident_test_make_tmpdir ("audit");
  f->audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->audit);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->audit != NULL)
    {
      fc_audit_close (f->audit);
      g_assert_finalize_object (f->audit);
    }
  incident_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->audit != NULL)
    {
      fc_audit_close (f->audit);
      g_assert_finalize_object (f->audit);
    }
  f->audit = fc_audit_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
}

static void
close_audit (Fixture *f)
{
  fc_audit_close (f->audit);
  g_assert_finalize_object (f->audit);
  f->audit = NULL;
}

/* Six entries as one incident makes them: 1 consent-waived, 2 card-read, 3 fetch,
 * 4 view-section, 5 wrong-person, 6 handover. */
static void
append_six (Fixture *f)
{
  static const struct {
    const char *action;
    const char *detail;
  } steps[] = {
    { FC_AUDIT_ACTION_CONSENT_WAIVED, "reason=unconscious" },
    { FC_AUDIT_ACTION_CARD_READ, NULL },
    { FC_AUDIT_ACTION_FETCH, "result=ok source=network" },
    { FC_AUDIT_ACTION_VIEW_SECTION, "section=summary" },
    { FC_AUDIT_ACTION_WRONG_PERSON, NULL },
    { FC_AUDIT_ACTION_HANDOVER, "history=no" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seq = fc_audit_append (f->audit, steps[i].action, "unit-7", "crew-3", "incident-1",
                                    i == 0 ? FC_CONSENT_WAIVED_UNABLE : FC_CONSENT_GIVEN,
                                    i == 0 ? NULL : CARD_SHA, steps[i].detail, &error);

      g_assert_no_error (error);
      g_assert_cmpint (seq, ==, i + 1);
    }
}

/* Closes the audit, runs @sql on the file, reopens, and checks that verify names @problem at
 * @bad_seq. */
static void
assert_tamper_detected (Fixture    *f,
                        const char *sql,
                        int         problem,
                        gint64      bad_seq)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = -1;

  if (f->audit != NULL)
    close_audit (f);
  if (sql != NULL)
    privacy_tamper (f->dir, sql);
  reopen (f);

  g_assert_false (fc_audit_verify (f->audit, NULL, &seq, &error));
  g_test_message ("verify: %s", error->message);
  g_assert_error (error, FC_AUDIT_ERROR, problem);
  g_assert_cmpint (seq, ==, bad_seq);
}

static void
test_open_and_finalize (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (f->dir, FC_AUDIT_DB_NAME, NULL);
  g_autofree char *key = g_build_filename (f->dir, FC_AUDIT_KEY_NAME, NULL);
  GStatBuf st;

  g_object_get (f->audit, "path", &path, NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (fc_audit_get_path (f->audit), ==, expected);

  /* The key and the log are this user's only. */
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, FC_CRYPTO_KEY_SIZE);
  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
}

static void
test_empty_log_verifies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (fc_audit_verify (f->audit, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
}

static void
test_chain_verifies_intact (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 n = -1;
  gint64 bad = -1;

  append_six (f);
  reopen (f);
  g_assert_true (fc_audit_verify (f->audit, &n, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpint (bad, ==, 0);

  entries = fc_audit_list (f->audit, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);
  for (guint i = 0; i < entries->len; i++)
    {
      FcAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (entry->time, NULL);

      g_assert_cmpint (entry->seq, ==, i + 1);
      /* ISO 8601 with an explicit zone. */
      g_assert_nonnull (when);
      g_assert_true (strchr (entry->time + 10, '+') != NULL ||
                     strchr (entry->time + 10, '-') != NULL || g_str_has_suffix (entry->time, "Z"));
      g_assert_cmpstr (entry->unit_id, ==, "unit-7");
      g_assert_cmpstr (entry->crew_id, ==, "crew-3");
      g_assert_cmpstr (entry->incident_id, ==, "incident-1");
      g_assert_cmpuint (strlen (entry->hash), ==, 64);
      if (i == 0)
        {
          g_assert_cmpstr (entry->prev_hash, ==, FC_AUDIT_GENESIS_HASH);
          g_assert_null (entry->pseudonym);
          g_assert_cmpstr (entry->consent, ==, "waived_unable");
        }
      else
        {
          FcAuditEntry *prev = g_ptr_array_index (entries, i - 1);

          g_assert_cmpstr (entry->prev_hash, ==, prev->hash);
          g_assert_cmpuint (strlen (entry->pseudonym), ==, 64);
          g_assert_cmpstr (entry->consent, ==, "given");
        }
    }

  /* Flagged: the waiver and the wrong person only (these entries are under given consent). */
  g_assert_true (((FcAuditEntry *) g_ptr_array_index (entries, 0))->flagged);
  g_assert_false (((FcAuditEntry *) g_ptr_array_index (entries, 1))->flagged);
  g_assert_true (((FcAuditEntry *) g_ptr_array_index (entries, 4))->flagged);
  g_assert_false (((FcAuditEntry *) g_ptr_array_index (entries, 5))->flagged);
}

static void
test_edited_entry_detected (Fixture       *f,
                            gconstpointer  data)
{
  append_six (f);
  assert_tamper_detected (f, "UPDATE entries SET detail = 'result=not-found' WHERE seq = 3",
                          FC_AUDIT_ERROR_EDITED, 3);
}

static void
test_unflagging_detected (Fixture       *f,
                          gconstpointer  data)
{
  append_six (f);
  /* Hiding the waiver from the privacy officer's export. */
  assert_tamper_detected (f, "UPDATE entries SET flagged = 0 WHERE seq = 1",
                          FC_AUDIT_ERROR_EDITED, 1);
}

static void
test_edited_hash_detected (Fixture       *f,
                           gconstpointer  data)
{
  append_six (f);
  /* Content and hash replaced (a made-up hash: the key is not known). */
  assert_tamper_detected (f, "UPDATE entries SET pseudonym = NULL, hash = "
                             "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' "
                             "WHERE seq = 4",
                          FC_AUDIT_ERROR_EDITED, 4);
}

static void
test_deleted_entry_detected (Fixture       *f,
                             gconstpointer  data)
{
  append_six (f);
  assert_tamper_detected (f, "DELETE FROM entries WHERE seq = 3", FC_AUDIT_ERROR_DELETED, 3);
}

static void
test_deleted_and_renumbered_detected (Fixture       *f,
                                      gconstpointer  data)
{
  append_six (f);
  close_audit (f);
  privacy_tamper (f->dir, "DELETE FROM entries WHERE seq = 3");
  for (int seq = 4; seq <= 6; seq++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE entries SET seq = %d WHERE seq = %d",
                                              seq - 1, seq);

      privacy_tamper (f->dir, sql);
    }
  privacy_tamper (f->dir, "UPDATE head SET seq = 5");
  assert_tamper_detected (f, NULL, FC_AUDIT_ERROR_DELETED, 3);
}

static void
test_deleted_tail_detected (Fixture       *f,
                            gconstpointer  data)
{
  append_six (f);
  assert_tamper_detected (f, "DELETE FROM entries WHERE seq >= 5", FC_AUDIT_ERROR_DELETED, 5);
}

static void
test_deleted_tail_stays_visible_after_append (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 seq;

  append_six (f);
  close_audit (f);
  privacy_tamper (f->dir, "DELETE FROM entries WHERE seq = 6");
  reopen (f);

  /* The next entry does not close the gap. */
  seq = fc_audit_append (f->audit, FC_AUDIT_ACTION_CARD_READ, NULL, NULL, NULL, FC_CONSENT_GIVEN,
                         CARD_SHA, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 7);
  assert_tamper_detected (f, NULL, FC_AUDIT_ERROR_DELETED, 6);
}

static void
test_reordered_entries_detected (Fixture       *f,
                                 gconstpointer  data)
{
  append_six (f);
  close_audit (f);
  privacy_tamper (f->dir, "UPDATE entries SET seq = -1 WHERE seq = 3");
  privacy_tamper (f->dir, "UPDATE entries SET seq = 3 WHERE seq = 4");
  privacy_tamper (f->dir, "UPDATE entries SET seq = 4 WHERE seq = -1");
  assert_tamper_detected (f, NULL, FC_AUDIT_ERROR_REORDERED, 3);
}

static void
test_inserted_entry_detected (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  FcAuditEntry *second;

  append_six (f);
  entries = fc_audit_list (f->audit, FALSE, &error);
  g_assert_no_error (error);
  second = g_ptr_array_index (entries, 1);
  close_audit (f);

  /* Make room at 3 and slip a made-up entry in, linked to entry 2. */
  for (int seq = 6; seq >= 3; seq--)
    {
      g_autofree char *move = g_strdup_printf ("UPDATE entries SET seq = %d WHERE seq = %d",
                                               seq + 1, seq);

      privacy_tamper (f->dir, move);
    }
  sql = g_strdup_printf ("INSERT INTO entries (seq, time, action, consent, flagged, prev_hash, "
                         "hash, head_mac) VALUES (3, '2026-01-01T00:00:00+09:00', 'view-section', "
                         "'given', 0, '%s', '%s', 'x')", second->hash,
                         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  privacy_tamper (f->dir, sql);
  assert_tamper_detected (f, NULL, FC_AUDIT_ERROR_INSERTED, 3);
}

static void
test_inserted_copy_detected (Fixture       *f,
                             gconstpointer  data)
{
  append_six (f);
  /* A replay of entry 2 appended at the end. */
  assert_tamper_detected (f, "INSERT INTO entries (seq, time, unit_id, crew_id, incident_id, "
                             "action, consent, pseudonym, detail, flagged, prev_hash, hash, "
                             "head_mac) SELECT 7, time, unit_id, crew_id, incident_id, action, "
                             "consent, pseudonym, detail, flagged, prev_hash, hash, 'x' FROM entries "
                             "WHERE seq = 2",
                          FC_AUDIT_ERROR_INSERTED, 7);
}

static void
test_forged_append_detected (Fixture       *f,
                             gconstpointer  data)
{
  append_six (f);
  assert_tamper_detected (f, "INSERT INTO entries (seq, time, action, consent, flagged, "
                             "prev_hash, hash, head_mac) SELECT 7, '2026-01-01T00:00:00+09:00', "
                             "'handover', 'given', 0, hash, "
                             "'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', "
                             "'x' FROM entries WHERE seq = 6",
                          FC_AUDIT_ERROR_INSERTED, 7);
}

static void
test_head_tampering_detected (Fixture       *f,
                              gconstpointer  data)
{
  append_six (f);
  /* Cutting the tail and pulling the head back without the key. */
  close_audit (f);
  privacy_tamper (f->dir, "DELETE FROM entries WHERE seq = 6");
  assert_tamper_detected (f, "UPDATE head SET seq = 5", FC_AUDIT_ERROR_EDITED, 6);
}

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
  ADD ("/fc/privacy/audit/open-and-finalize", test_open_and_finalize);
  ADD ("/fc/privacy/audit/empty-log-verifies", test_empty_log_verifies);
  ADD ("/fc/privacy/audit/chain-verifies-intact", test_chain_verifies_intact);
  ADD ("/fc/privacy/audit/edited-entry-detected", test_edited_entry_detected);
  ADD ("/fc/privacy/audit/unflagging-detected", test_unflagging_detected);
  ADD ("/fc/privacy/audit/edited-hash-detected", test_edited_hash_detected);
  ADD ("/fc/privacy/audit/deleted-entry-detected", test_deleted_entry_detected);
  ADD ("/fc/privacy/audit/deleted-and-renumbered-detected", test_deleted_and_renumbered_detected);
  ADD ("/fc/privacy/audit/deleted-tail-detected", test_deleted_tail_detected);
  ADD ("/fc/privacy/audit/deleted-tail-stays-visible-after-append",
       test_deleted_tail_stays_visible_after_append);
  ADD ("/fc/privacy/audit/reordered-entries-detected", test_reordered_entries_detected);
  ADD ("/fc/privacy/audit/inserted-entry-detected", test_inserted_entry_detected);
  ADD ("/fc/privacy/audit/inserted-copy-detected", test_inserted_copy_detected);
  ADD ("/fc/privacy/audit/forged-append-detected", test_forged_append_detected);
  ADD ("/fc/privacy/audit/head-tampering-detected", test_head_tampering_detected);
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
