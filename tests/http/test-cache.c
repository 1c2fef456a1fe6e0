/* test-cache.c: the encrypted per-incident cache (round trip, tamper detection, shredding,
 * expiry, the purge timer, opening). Sealing and the device key file: test-crypto.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cache-test-util.h"
#include "fc-cache.h"
#include "fc-crypto.h"

/* Cache */

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_cache_properties (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  gint64 ttl = 0;
  guint notified = 0;

  g_assert_cmpstr (fc_cache_get_path (fixture->cache), ==, fixture->db_path);
  g_assert_cmpint (fc_cache_get_ttl (fixture->cache), ==, FC_CACHE_DEFAULT_TTL);
  g_assert_cmpint (FC_CACHE_DEFAULT_TTL, ==, 12 * 3600);

  g_object_set (fixture->cache, "ttl", (gint64) 600, NULL);
  g_object_get (fixture->cache, "ttl", &ttl, "path", &path, NULL);
  g_assert_cmpint (ttl, ==, 600);
  g_assert_cmpstr (path, ==, fixture->db_path);

  {
    gulong id = g_signal_connect (fixture->cache, "notify::ttl", G_CALLBACK (count_cb),
                                  &notified);

    fc_cache_set_ttl (fixture->cache, 600);
    g_assert_cmpuint (notified, ==, 0);
    fc_cache_set_ttl (fixture->cache, 601);
    g_assert_cmpuint (notified, ==, 1);
    g_signal_handler_disconnect (fixture->cache, id);
  }
}

static void
test_cache_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string ("{\"resourceType\":\"Bundle\",\"id\":\"" MARKER "\"}");
  g_autoptr(GBytes) newer = bytes_from_string ("{\"resourceType\":\"Bundle\",\"id\":\"second\"}");
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) none = NULL;
  const char *kind = "fhir-bundle/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  gint64 created = 0;

  g_assert_true (fc_cache_put (fixture->cache, "inc-1", kind, plain, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);

  got = fc_cache_get (fixture->cache, "inc-1", kind, &created, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, plain));
  g_assert_cmpint (created, ==, fixture->now);

  /* Nothing for another kind or incident, and no error either. */
  none = fc_cache_get (fixture->cache, "inc-1", "other", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  none = fc_cache_get (fixture->cache, "inc-2", kind, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* A second put replaces the first. */
  fixture->now += 60;
  g_assert_true (fc_cache_put (fixture->cache, "inc-1", kind, newer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, g_bytes_unref);
  got = fc_cache_get (fixture->cache, "inc-1", kind, &created, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, newer));
  g_assert_cmpint (created, ==, fixture->now);
  g_assert_cmpint (raw_count (fixture->db_path, "SELECT count(*) FROM entries"), ==, 1);

  /* Neither the plaintext nor the kind (which names the card) is on disk. */
  fc_cache_close (fixture->cache);
  g_assert_false (files_contain (fixture->db_path, (const guint8 *) MARKER, strlen (MARKER)));
  g_assert_false (files_contain (fixture->db_path, (const guint8 *) "0123456789abcdef", 16));
  g_assert_false (files_contain (fixture->db_path, (const guint8 *) "fhir-bundle", 11));
}

static void
test_cache_tampered_row (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) got = NULL;

  g_assert_true (fc_cache_put (fixture->cache, "inc-1", "summary", plain, &error));
  g_assert_no_error (error);
  fc_cache_close (fixture->cache);
  g_clear_object (&fixture->cache);

  /* Flip one byte of the ciphertext in the file. */
  raw_flip_bit (fixture->db_path, "inc-1", 20);

  fixture->cache = fc_cache_open (fixture->db_path, fixture->device_key, &error);
  g_assert_no_error (error);
  fc_cache_set_clock (fixture->cache, fixture_clock, fixture);
  got = fc_cache_get (fixture->cache, "inc-1", "summary", NULL, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_assert_null (got);
}

static void
test_cache_blob_moved_between_incidents (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = bytes_from_string ("patient A");
  g_autoptr(GBytes) b = bytes_from_string ("patient B");
  g_autoptr(GBytes) got = NULL;

  g_assert_true (fc_cache_put (fixture->cache, "inc-a", "summary", a, &error));
  g_assert_true (fc_cache_put (fixture->cache, "inc-b", "summary", b, &error));
  g_assert_no_error (error);

  got = fc_cache_get (fixture->cache, "inc-a", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, a));
  g_clear_pointer (&got, g_bytes_unref);

  /* Someone copies B's wrapped key and blob over A's: the associated data does not match. */
  fc_cache_close (fixture->cache);
  g_clear_object (&fixture->cache);
  raw_exec (fixture->db_path,
            "UPDATE incidents SET wrapped_key = "
            "(SELECT wrapped_key FROM incidents WHERE incident_id = 'inc-b') "
            "WHERE incident_id = 'inc-a'");
  fixture->cache = fc_cache_open (fixture->db_path, fixture->device_key, &error);
  g_assert_no_error (error);
  fc_cache_set_clock (fixture->cache, fixture_clock, fixture);

  got = fc_cache_get (fixture->cache, "inc-a", "summary", NULL, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_assert_null (got);
  g_clear_error (&error);

  got = fc_cache_get (fixture->cache, "inc-b", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, b));
}

static void
test_cache_destroy_shreds (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) keep = bytes_from_string ("other incident");
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) got = NULL;

  g_assert_true (fc_cache_put (fixture->cache, "inc-1", "summary", plain, &error));
  g_assert_true (fc_cache_put (fixture->cache, "inc-2", "summary", keep, &error));
  g_assert_no_error (error);

  fc_cache_close (fixture->cache);
  g_clear_object (&fixture->cache);
  sealed = raw_blob (fixture->db_path, "inc-1");
  fixture->cache = fc_cache_open (fixture->db_path, fixture->device_key, &error);
  g_assert_no_error (error);
  fc_cache_set_clock (fixture->cache, fixture_clock, fixture);

  g_assert_true (fc_cache_destroy (fixture->cache, "inc-1", &error));
  g_assert_no_error (error);

  got = fc_cache_get (fixture->cache, "inc-1", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);

  /* The other incident is untouched. */
  got = fc_cache_get (fixture->cache, "inc-2", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, keep));

  /* Destroying again, or an unknown incident, is fine. */
  g_assert_true (fc_cache_destroy (fixture->cache, "inc-1", &error));
  g_assert_true (fc_cache_destroy (fixture->cache, "never", &error));
  g_assert_no_error (error);

  /* The rows are gone and their bytes overwritten (secure_delete + WAL checkpoint). */
  fc_cache_close (fixture->cache);
  g_assert_cmpint (raw_count (fixture->db_path,
                              "SELECT count(*) FROM entries WHERE incident_id = 'inc-1'"), ==, 0);
  g_assert_cmpint (raw_count (fixture->db_path,
                              "SELECT count(*) FROM incidents WHERE incident_id = 'inc-1'"), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (sealed), >, 24);
  g_assert_false (files_contain (fixture->db_path,
                                 (const guint8 *) g_bytes_get_data (sealed, NULL) + 1 + 12, 12));
}

static void
destroy_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_cache_destroy_async (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) got = NULL;

  g_assert_true (fc_cache_put (fixture->cache, "inc-1", "summary", plain, &error));
  fc_cache_destroy_async (fixture->cache, "inc-1", NULL, destroy_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fc_cache_destroy_finish (fixture->cache, result, &error));
  g_assert_no_error (error);

  got = fc_cache_get (fixture->cache, "inc-1", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
}

static void
test_cache_ttl_expiry (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) got = NULL;
  gint64 start = fixture->now;

  g_assert_true (fc_cache_put (fixture->cache, "old", "summary", plain, &error));
  fixture->now = start + 3600;
  g_assert_true (fc_cache_put (fixture->cache, "young", "summary", plain, &error));
  g_assert_no_error (error);

  /* Just before 12 h: still there, nothing purged. */
  fixture->now = start + FC_CACHE_DEFAULT_TTL - 1;
  got = fc_cache_get (fixture->cache, "old", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_clear_pointer (&got, g_bytes_unref);
  g_assert_cmpint (fc_cache_purge_expired (fixture->cache, &error), ==, 0);

  /* At 12 h: never returned, even before the purge runs. */
  fixture->now = start + FC_CACHE_DEFAULT_TTL;
  got = fc_cache_get (fixture->cache, "old", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (got);
  g_assert_cmpint (fc_cache_purge_expired (fixture->cache, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);

  /* A shorter TTL applies to what is already stored. */
  fc_cache_set_ttl (fixture->cache, 60);
  g_assert_cmpint (fc_cache_purge_expired (fixture->cache, &error), ==, 1);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 0);

  /* A put into an expired incident starts afresh. */
  fixture->now += 1000;
  g_assert_true (fc_cache_put (fixture->cache, "young", "summary", plain, &error));
  g_assert_no_error (error);
  got = fc_cache_get (fixture->cache, "young", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);

  /* Expired incidents are also purged when the cache is opened (with the real clock). */
  fixture->now = g_get_real_time () / G_USEC_PER_SEC - FC_CACHE_DEFAULT_TTL - 60;
  fc_cache_set_ttl (fixture->cache, FC_CACHE_DEFAULT_TTL);
  g_assert_true (fc_cache_put (fixture->cache, "stale", "summary", plain, &error));
  g_assert_no_error (error);
  fc_cache_close (fixture->cache);
  g_clear_object (&fixture->cache);
  g_assert_cmpint (raw_count (fixture->db_path, "SELECT count(*) FROM incidents"), ==, 2);
  fixture->cache = fc_cache_open (fixture->db_path, fixture->device_key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (fixture->db_path,
                              "SELECT count(*) FROM incidents WHERE incident_id = 'stale'"), ==, 0);
  g_assert_cmpint (raw_count (fixture->db_path,
                              "SELECT count(*) FROM entries WHERE incident_id = 'stale'"), ==, 0);
}

static gboolean
purge_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* /fc/cache/purge-timer-runs-periodically: with an injected clock past the TTL, the timer
 * started by fc_cache_start_purge_timer() purges without anyone calling purge. */
static void
test_cache_purge_timer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (fc_cache_put (fixture->cache, "old", "summary", plain, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);

  fixture->now += FC_CACHE_DEFAULT_TTL + 1;
  /* Expired, but rows stay until a purge runs. */
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);

  fc_cache_start_purge_timer (fixture->cache, 1);
  timeout_id = g_timeout_add_seconds (4, purge_timeout_cb, &timed_out);
  while (!timed_out && fc_cache_count_incidents (fixture->cache, NULL) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 0);

  /* Stopped: nothing is purged any more. */
  fc_cache_start_purge_timer (fixture->cache, 0);
  g_assert_true (fc_cache_put (fixture->cache, "later", "summary", plain, &error));
  fixture->now += FC_CACHE_DEFAULT_TTL + 1;
  timed_out = FALSE;
  g_timeout_add (1500, purge_timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fc_cache_count_incidents (fixture->cache, &error), ==, 1);
}

static void
test_cache_other_device_key (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(FcSecret) thief_key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcCache) copy = NULL;
  g_autofree char *copy_dir = g_build_filename (fixture->dir, "elsewhere", NULL);
  g_autofree char *copy_path = g_build_filename (copy_dir, "cache.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (fc_cache_put (fixture->cache, "inc-1", "summary", plain, &error));
  g_assert_no_error (error);
  fc_cache_close (fixture->cache);

  /* Copy the file to another folder and open it with another device key. */
  g_assert_true (g_file_get_contents (fixture->db_path, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (copy_path, contents, length, NULL));

  copy = fc_cache_open (copy_path, thief_key, &error);
  g_assert_no_error (error);
  fc_cache_set_clock (copy, fixture_clock, fixture);
  got = fc_cache_get (copy, "inc-1", "summary", NULL, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_assert_null (got);
  g_clear_error (&error);

  /* With the right key, the copy reads. */
  g_clear_object (&copy);
  copy = fc_cache_open (copy_path, fixture->device_key, &error);
  g_assert_no_error (error);
  fc_cache_set_clock (copy, fixture_clock, fixture);
  got = fc_cache_get (copy, "inc-1", "summary", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, plain));
  g_assert_finalize_object (g_steal_pointer (&copy));
}

static void
test_cache_closed_and_bad_path (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(FcCache) bad = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "plain-file", NULL);
  g_autofree char *bad_path = g_build_filename (file, "cache.db", NULL);
  g_autoptr(FcSecret) short_key = fc_secret_new ((const guint8 *) "short", 5);

  fc_cache_close (fixture->cache);
  g_assert_false (fc_cache_put (fixture->cache, "inc-1", "summary", plain, &error));
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  got = fc_cache_get (fixture->cache, "inc-1", "summary", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (fc_cache_purge_expired (fixture->cache, &error), ==, -1);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  bad = fc_cache_open (bad_path, fixture->device_key, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
  g_assert_null (bad);
  g_clear_error (&error);

  bad = fc_cache_open (fixture->db_path, short_key, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_null (bad);
}

static void
test_cache_open_default (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCache) cache = NULL;
  g_autofree char *user_dir = g_build_filename (fixture->dir, "user", NULL);
  g_autofree char *key_path = g_build_filename (user_dir, "training", "device.key", NULL);
  g_autofree char *db_path = g_build_filename (user_dir, "training", "cache.db", NULL);
  GStatBuf st;

  g_setenv ("FIELDCARD_USER_DIR", user_dir, TRUE);
  cache = fc_cache_open_default (TRUE, &error);
  g_unsetenv ("FIELDCARD_USER_DIR");
  g_assert_no_error (error);
  g_assert_cmpstr (fc_cache_get_path (cache), ==, db_path);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (g_steal_pointer (&cache));

  /* A key readable by others stops the cache from opening, with the reason. */
  g_assert_cmpint (g_chmod (key_path, 0644), ==, 0);
  g_setenv ("FIELDCARD_USER_DIR", user_dir, TRUE);
  cache = fc_cache_open_default (TRUE, &error);
  g_unsetenv ("FIELDCARD_USER_DIR");
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_null (cache);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Not a gate: reports the time to store and read a 300-item-sized bundle (about 200 KB). */
static void
test_cache_timing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new ("{\"resourceType\":\"Bundle\",\"entry\":[");
  g_autoptr(GBytes) plain = NULL;
  double put_ms[20], get_ms[20];

  for (int i = 0; i < 300; i++)
    g_string_append_printf (text, "%s{\"resource\":{\"resourceType\":\"MedicationStatement\","
                            "\"id\":\"m%d\",\"note\":\"%0600d\"}}", i > 0 ? "," : "", i, i);
  g_string_append (text, "]}");
  plain = g_string_free_to_bytes (text);

  for (guint i = 0; i < G_N_ELEMENTS (put_ms); i++)
    {
      g_autoptr(GBytes) got = NULL;
      g_autofree char *incident = g_strdup_printf ("inc-%u", i);
      gint64 t0 = g_get_monotonic_time ();

      g_assert_true (fc_cache_put (fixture->cache, incident, "summary", plain, &error));
      put_ms[i] = (g_get_monotonic_time () - t0) / 1000.;
      t0 = g_get_monotonic_time ();
      got = fc_cache_get (fixture->cache, incident, "summary", NULL, &error);
      get_ms[i] = (g_get_monotonic_time () - t0) / 1000.;
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (got, plain));
    }

  qsort (put_ms, G_N_ELEMENTS (put_ms), sizeof (double), compare_doubles);
  qsort (get_ms, G_N_ELEMENTS (get_ms), sizeof (double), compare_doubles);
  g_test_message ("cache of a %" G_GSIZE_FORMAT "-byte bundle: put median %.2f ms, "
                  "get median %.2f ms", g_bytes_get_size (plain),
                  put_ms[G_N_ELEMENTS (put_ms) / 2], get_ms[G_N_ELEMENTS (get_ms) / 2]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/cache/properties", test_cache_properties);
  ADD ("/fc/cache/round-trip-encrypted-on-disk", test_cache_round_trip);
  ADD ("/fc/cache/tampered-row-detected", test_cache_tampered_row);
  ADD ("/fc/cache/key-moved-between-incidents-refused", test_cache_blob_moved_between_incidents);
  ADD ("/fc/cache/destroy-shreds-incident", test_cache_destroy_shreds);
  ADD ("/fc/cache/destroy-async", test_cache_destroy_async);
  ADD ("/fc/cache/ttl-expiry", test_cache_ttl_expiry);
  ADD ("/fc/cache/purge-timer-runs-periodically", test_cache_purge_timer);
  ADD ("/fc/cache/copy-unreadable-without-device-key", test_cache_other_device_key);
  ADD ("/fc/cache/closed-and-bad-path", test_cache_closed_and_bad_path);
  ADD ("/fc/cache/open-default", test_cache_open_default);
  ADD ("/fc/cache/timing", test_cache_timing);

#undef ADD

  return g_test_run ();
}
