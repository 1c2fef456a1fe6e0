/* cache-test-util.c: the fixture and raw-file helpers shared by test-crypto and test-cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "cache-test-util.h"
#include "fc-test-server.h"

gint64
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fc-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "cache.db", NULL);
  fixture->device_key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_assert_no_error (error);
  fixture->cache = fc_cache_open (fixture->db_path, fixture->device_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->cache);
  fixture->now = 1800000000;
  fc_cache_set_clock (fixture->cache, fixture_clock, fixture);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->cache != NULL)
    g_assert_finalize_object (fixture->cache);
  g_clear_pointer (&fixture->device_key, fc_secret_unref);
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

void
assert_bytes_equal_string (GBytes     *bytes,
                           const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, text, strlen (text));
}

gboolean
contains (const guint8 *haystack,
          gsize         haystack_len,
          const guint8 *needle,
          gsize         needle_len)
{
  for (gsize i = 0; needle_len <= haystack_len && i <= haystack_len - needle_len; i++)
    if (memcmp (haystack + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* Whether @needle occurs anywhere in the database files (main file and write-ahead log). */
gboolean
files_contain (const char   *db_path,
               const guint8 *needle,
               gsize         needle_len)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      if (contains ((const guint8 *) contents, length, needle, needle_len))
        return TRUE;
    }

  return FALSE;
}

/* Runs @sql on a second connection (simulates someone with the file). */
void
raw_exec (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

gint64
raw_count (const char *db_path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

GBytes *
raw_blob (const char *db_path,
          const char *incident_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *blob;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT blob FROM entries WHERE incident_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, incident_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  blob = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return blob;
}

/* Flips one bit at @offset of the incident's blob in the file. */
void
raw_flip_bit (const char *db_path,
              const char *incident_id,
              gsize       offset)
{
  g_autoptr(GBytes) blob = raw_blob (db_path, incident_id);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (offset, <, g_bytes_get_size (blob));
  copy[offset] ^= 0x01;
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE entries SET blob = ?2 WHERE incident_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, incident_id, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, copy, (int) g_bytes_get_size (blob), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}
