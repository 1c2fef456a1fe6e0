/* test-audit-chain.c: the audit log's hash chain and its tamper detection (edited, deleted,
 * reordered, inserted and forged entries, a pulled-back head). Pseudonyms, the CSV export, the
 * key file and receipts: test-audit.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "audit-test-util.h"
#include "fc-audit.h"
#include "privacy-test-util.h"

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
#undef ADD

  return g_test_run ();
}
