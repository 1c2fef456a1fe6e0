/* test-privacy-cli.c: "fieldcard-cli audit verify|export" and "fieldcard-cli purge" as a privacy
 * officer or an admin runs them, and the TLS key permission check of FcHttpSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-http-source.h"
#include "fc-test-ca.h"
#include "privacy-test-util.h"

#define CARD_SHA "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9"
#define SUMMARY  "{\"resourceType\":\"Bundle\",\"note\":\"warfarin 2mg PRIVATE-MARKER-42\"}"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = incident_test_make_tmpdir ("privacy-cli");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  incident_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Writes a log with @n entries in @dir; entry 2 is flagged (consent waived). */
static void
write_log (const char *dir,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  FcAudit *audit = fc_audit_open (dir, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++)
    {
      fc_audit_append (audit, i == 2 ? FC_AUDIT_ACTION_CONSENT_WAIVED : FC_AUDIT_ACTION_CARD_READ,
                       "unit-7", "crew-3", "incident-1",
                       i == 2 ? FC_CONSENT_WAIVED_UNABLE : FC_CONSENT_GIVEN,
                       i == 2 ? NULL : CARD_SHA, i == 2 ? "reason=unconscious" : NULL, &error);
      g_assert_no_error (error);
    }
  fc_audit_close (audit);
  g_assert_finalize_object (audit);
}

static gint64
yesterday_clock (gpointer data)
{
  return g_get_real_time () / G_USEC_PER_SEC - 86400;
}

/* A cache in @dir (its own device.key) holding SUMMARY for one incident; @past: stored a day
 * ago, so that it has expired. */
static void
write_cache (const char *dir,
             gboolean    past)
{
  g_autofree char *key_path = g_build_filename (dir, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db_path = g_build_filename (dir, FC_CACHE_DB_NAME, NULL);
  g_autoptr(GBytes) summary = g_bytes_new_static (SUMMARY, strlen (SUMMARY));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) key = fc_crypto_load_device_key (key_path, TRUE, &error);
  FcCache *cache;

  g_assert_no_error (error);
  cache = fc_cache_open (db_path, key, &error);
  g_assert_no_error (error);
  if (past)
    fc_cache_set_clock (cache, yesterday_clock, NULL);
  g_assert_true (fc_cache_put (cache, "incident-1", "fhir-bundle/" CARD_SHA, summary, &error));
  g_assert_no_error (error);
  fc_cache_close (cache);
  g_assert_finalize_object (cache);
}

static void
test_verify_intact (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "audit", "verify", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  write_log (f->dir, 3);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "OK: 3 entries, chain intact\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_verify_names_tampered_entry (Fixture       *f,
                                  gconstpointer  data)
{
  const char *args[] = { "audit", "verify", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  write_log (f->dir, 4);
  privacy_tamper (f->dir, "UPDATE entries SET detail = 'reason=asked' WHERE seq = 2");
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, "TAMPERED: entry 2 (edited): "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  privacy_tamper (f->dir, "DELETE FROM entries WHERE seq = 2");
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, "TAMPERED: entry 2 (deleted): "));
}

static void
test_verify_without_log (Fixture       *f,
                         gconstpointer  data)
{
  const char *args[] = { "audit", "verify", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "fieldcard-cli: audit verify: "));
  g_assert_nonnull (strstr (err, "no audit log"));
}

static void
test_verify_refuses_readable_key (Fixture       *f,
                                  gconstpointer  data)
{
  const char *args[] = { "audit", "verify", "--dir", f->dir, NULL };
  g_autofree char *key = g_build_filename (f->dir, FC_AUDIT_KEY_NAME, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  write_log (f->dir, 1);
  g_assert_cmpint (g_chmod (key, 0644), ==, 0);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "0644"));
  g_assert_nonnull (strstr (err, "chmod 600"));
}

static void
test_export_flagged_is_audited (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "flagged.csv", NULL);
  const char *args[] = { "audit", "export", "--flagged", "-o", csv, "--dir", f->dir, NULL };
  const char *verify[] = { "audit", "verify", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  write_log (f->dir, 4);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  lines = g_strsplit (contents, "\r\n", -1);

  /* Header, the waiver, the export itself, and the empty tail after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "seq,"));
  g_assert_true (g_str_has_prefix (lines[1], "2,"));
  g_assert_nonnull (strstr (lines[1], ",consent-waived,"));
  g_assert_true (g_str_has_prefix (lines[2], "5,"));
  g_assert_nonnull (strstr (lines[2], ",export,"));
  g_assert_nonnull (strstr (lines[2], "scope=flagged"));
  g_assert_null (strstr (contents, CARD_SHA));

  /* Only the officer can read the file. */
  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (privacy_run_cli (verify, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "OK: 5 entries, chain intact\n");
}

static void
test_export_to_stdout (Fixture       *f,
                       gconstpointer  data)
{
  const char *args[] = { "audit", "export", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  write_log (f->dir, 3);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  /* Header + 3 + the export entry + empty tail. */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
}

static void
test_purge_all_leaves_nothing_readable (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *training = g_build_filename (f->dir, "training", NULL);
  g_autofree char *key = g_build_filename (f->dir, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db = g_build_filename (f->dir, FC_CACHE_DB_NAME, NULL);
  g_autofree char *training_db = g_build_filename (training, FC_CACHE_DB_NAME, NULL);
  const char *args[] = { "purge", "--all", "--yes", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(FcCache) fresh = NULL;
  g_autoptr(FcSecret) new_key = NULL;
  g_autoptr(GBytes) data_after = NULL;
  FcAuditEntry *last;

  write_log (f->dir, 2);
  write_cache (f->dir, FALSE);
  g_assert_cmpint (g_mkdir (training, 0700), ==, 0);
  write_cache (training, FALSE);

  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 0);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (training_db, G_FILE_TEST_EXISTS));
  /* Not in the clear anywhere (it never was), and no key left to decrypt anything with. */
  g_assert_false (privacy_tree_contains (f->dir, "PRIVATE-MARKER-42"));

  /* A cache opened afresh has nothing for that incident. */
  new_key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  fresh = fc_cache_open (db, new_key, &error);
  g_assert_no_error (error);
  data_after = fc_cache_get (fresh, "incident-1", "fhir-bundle/" CARD_SHA, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (data_after);
  fc_cache_close (fresh);

  /* The audit log was kept, is intact and records the purge. */
  audit = fc_audit_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fc_audit_verify (audit, NULL, NULL, &error));
  entries = fc_audit_list (audit, FALSE, &error);
  g_assert_cmpuint (entries->len, ==, 3);
  last = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (last->action, ==, FC_AUDIT_ACTION_PURGE);
  g_assert_cmpstr (last->detail, ==, "scope=all incidents=1");
  g_assert_true (last->flagged);
  fc_audit_close (audit);
}

static void
test_purge_all_needs_confirmation (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, FC_CACHE_DB_NAME, NULL);
  const char *args[] = { "purge", "--all", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  write_cache (f->dir, FALSE);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--yes"));
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_purge_expired (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "purge", "--expired", "--dir", f->dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  write_cache (f->dir, TRUE);
  g_assert_cmpint (privacy_run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "0 incidents"));

  audit = fc_audit_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
  entries = fc_audit_list (audit, TRUE, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((FcAuditEntry *) g_ptr_array_index (entries, 0))->detail, ==,
                   "scope=expired remaining=0");
  fc_audit_close (audit);
}

static void
test_purge_usage_errors (Fixture       *f,
                         gconstpointer  data)
{
  const char *neither[] = { "purge", "--dir", f->dir, NULL };
  const char *both[] = { "purge", "--all", "--expired", "--dir", f->dir, NULL };
  const char *unknown[] = { "audit", "shred", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (privacy_run_cli (neither, &out1, &err1), ==, 2);
  g_assert_cmpint (privacy_run_cli (both, &out2, &err2), ==, 2);
  g_assert_cmpint (privacy_run_cli (unknown, &out3, &err3), ==, 2);
}

/* FcHttpSource refuses a unit key that others can read, before any connection. */

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GError *
fetch_error_with_key_mode (const char *dir,
                           int         mode)
{
  g_autofree char *key = g_build_filename (dir, "unit.key", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autoptr(FcHttpSource) source = fc_http_source_new ("https://127.0.0.1:9/fhir");
  g_autoptr(FcTestCa) test_ca = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) local = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (key, "-----BEGIN PRIVATE KEY-----\n", -1, &local));
  g_assert_true (g_file_set_contents (ca, "-----BEGIN CERTIFICATE-----\n", -1, &local));
  g_assert_cmpint (g_chmod (key, mode), ==, 0);
  test_ca = fc_test_ca_new (&local);
  g_assert_no_error (local);
  der = fc_test_ca_issue_auth_cert (test_ca, "TEST", -1, 365, &local);
  g_assert_no_error (local);
  identity = fc_card_identity_new_from_der (der, NULL, &local);
  g_assert_no_error (local);

  fc_http_source_set_ca_file (source, ca);
  fc_http_source_set_client_key_file (source, key);
  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), identity, FC_CONSENT_GIVEN,
                                 "incident-1", NULL, fetch_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source), result, &error);
  g_assert_null (summary);
  if (mode != 0600)
    g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 0);
  return error;
}

static void
test_tls_key_readable_by_others_refused (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) group = fetch_error_with_key_mode (f->dir, 0640);
  g_autoptr(GError) world = fetch_error_with_key_mode (f->dir, 0644);
  g_autoptr(GError) mine = fetch_error_with_key_mode (f->dir, 0600);

  g_assert_error (group, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_assert_nonnull (strstr (group->message, "0640"));
  g_assert_nonnull (strstr (group->message, "chmod 600"));
  g_assert_error (world, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  /* With 0600 the check passes and the request fails further on, for another reason. */
  g_assert_nonnull (mine);
  g_assert_null (strstr (mine->message, "chmod 600"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/privacy/cli/audit-verify-intact", test_verify_intact);
  ADD ("/fc/privacy/cli/audit-verify-names-tampered-entry", test_verify_names_tampered_entry);
  ADD ("/fc/privacy/cli/audit-verify-without-log", test_verify_without_log);
  ADD ("/fc/privacy/cli/audit-verify-refuses-readable-key", test_verify_refuses_readable_key);
  ADD ("/fc/privacy/cli/audit-export-flagged-is-audited", test_export_flagged_is_audited);
  ADD ("/fc/privacy/cli/audit-export-to-stdout", test_export_to_stdout);
  ADD ("/fc/privacy/cli/purge-all-leaves-nothing-readable", test_purge_all_leaves_nothing_readable);
  ADD ("/fc/privacy/cli/purge-all-needs-confirmation", test_purge_all_needs_confirmation);
  ADD ("/fc/privacy/cli/purge-expired", test_purge_expired);
  ADD ("/fc/privacy/cli/purge-usage-errors", test_purge_usage_errors);
  ADD ("/fc/privacy/http/tls-key-readable-by-others-refused",
       test_tls_key_readable_by_others_refused);
#undef ADD

  return g_test_run ();
}
