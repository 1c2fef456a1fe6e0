/* test-store.c: FcStore — opening, migrations, the worker thread and error paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fc-store.h"
#include "fc-test-server.h"

typedef struct {
  char *dir;   /* (owned): a fresh temporary folder per test */
  char *path;  /* (owned): dir/sub/folders/test.db (folders do not exist yet) */
} Fixture;

static const char * const two_migrations[] = {
  "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g, h);",
  "CREATE TABLE runs (n INTEGER); INSERT INTO runs VALUES (1);",
  NULL
};

static const char * const one_migration[] = {
  "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g, h);",
  NULL
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fc-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sub", "folders", "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static FcStore *
open_store (const char         *path,
            const char * const *migrations)
{
  g_autoptr(GError) error = NULL;
  FcStore *store = fc_store_open (path, migrations, &error);

  g_assert_no_error (error);
  g_assert_true (FC_IS_STORE (store));
  return store;
}

/* Runs a query expected to return one row with one column and returns that value. */
static GVariant *
query_one (FcStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fc_store_query_sync (store, sql, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (g_variant_n_children (rows->pdata[0]), ==, 1);
  return g_variant_get_child_value (rows->pdata[0], 0);
}

static gint64
query_int (FcStore    *store,
           const char *sql)
{
  g_autoptr(GVariant) value = query_one (store, sql);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));
  return g_variant_get_int64 (value);
}

static void
test_open_creates_folders (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *path_prop = NULL;
  FcStore *store;
  GStatBuf st;
  int version = -1;

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  store = open_store (fixture->path, two_migrations);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpstr (fc_store_get_path (store), ==, fixture->path);
  g_object_get (store, "path", &path_prop, "schema-version", &version, NULL);
  g_assert_cmpstr (path_prop, ==, fixture->path);
  g_assert_cmpint (version, ==, 2);

  fc_store_close (store);
  g_assert_finalize_object (store);
}

static void
test_open_sets_wal_and_pragmas (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(FcStore) store = open_store (fixture->path, one_migration);
  g_autoptr(GVariant) mode = query_one (store, "PRAGMA journal_mode");
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  g_assert_cmpstr (g_variant_get_string (mode, NULL), ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  /* NORMAL = 1 */
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (query_int (store, "PRAGMA busy_timeout"), >, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_migrations_run_once (Fixture       *fixture,
                          gconstpointer  user_data)
{
  FcStore *store;

  store = open_store (fixture->path, two_migrations);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, 2);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs"), ==, 1);
  g_assert_finalize_object (store);

  /* Reopening must not run them again (the INSERT would add a second row). */
  store = open_store (fixture->path, two_migrations);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs"), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_migrations_upgrade_from_older (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  FcStore *store;

  store = open_store (fixture->path, one_migration);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, 1);
  g_assert_finalize_object (store);

  store = open_store (fixture->path, two_migrations);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, 2);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs"), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_newer_database_is_schema_error (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  FcStore *store;

  store = open_store (fixture->path, two_migrations);
  g_assert_finalize_object (store);

  store = fc_store_open (fixture->path, one_migration, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);

  /* No migrations at all is also older than the file. */
  store = fc_store_open (fixture->path, NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SCHEMA);
  g_assert_null (store);
}

static void
test_failed_migration_rolls_back (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  static const char * const broken[] = {
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g, h);",
    "CREATE TABLE half (x); THIS IS NOT SQL;",
    NULL
  };
  g_autoptr(GError) error = NULL;
  FcStore *store;

  store = fc_store_open (fixture->path, broken, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SCHEMA);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "syntax error"));
  g_clear_error (&error);

  /* Migration 1 was committed; migration 2 left nothing behind. */
  store = open_store (fixture->path, one_migration);
  g_assert_cmpint (fc_store_get_schema_version (store), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"),
                   ==, 0);
  g_assert_finalize_object (store);
}

static void
test_unwritable_folder_is_open_error (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *inside = g_build_filename (locked, "timing.db", NULL);
  g_autofree char *below = g_build_filename (locked, "more", "timing.db", NULL);
  g_autoptr(GError) error = NULL;
  FcStore *store;

  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  g_assert_cmpint (g_chmod (locked, 0500), ==, 0);

  if (access (locked, W_OK) == 0)
    {
      g_test_skip ("This user can write to a 0500 folder (root?)");
      return;
    }

  store = fc_store_open (inside, one_migration, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, inside));
  g_clear_error (&error);

  store = fc_store_open (below, one_migration, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, below));
}

/* These fail for root too: a file where a folder should be, and a folder where the file should be. */
static void
test_bad_path_is_open_error (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "timing.db", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "a-folder", NULL);
  g_autoptr(GError) error = NULL;
  FcStore *store;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  store = fc_store_open (under_file, one_migration, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  store = fc_store_open (folder, one_migration, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, folder));
}

static void
test_not_a_database_is_error (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *garbage = g_strnfill (4096, 'z');
  g_autoptr(GError) error = NULL;
  FcStore *store;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  store = fc_store_open (path, one_migration, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FC_STORE_ERROR);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, path));
}

typedef struct {
  GMainLoop *loop;
  gint64     rowid;
  GError    *error;
  guint      done;
} AsyncData;

static void
execute_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;

  data->rowid = fc_store_execute_finish (FC_STORE (source), result, &data->error);
  data->done++;
  g_main_loop_quit (data->loop);
}

static gint64
execute_and_wait (FcStore      *store,
                  const char   *sql,
                  GVariant     *params,
                  GCancellable *cancellable,
                  GError      **error)
{
  AsyncData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  fc_store_execute_async (store, sql, params, cancellable, execute_cb, &data);
  /* Never synchronous, even for errors found at once. */
  g_assert_cmpuint (data.done, ==, 0);
  g_main_loop_run (data.loop);
  g_main_loop_unref (data.loop);

  g_assert_cmpuint (data.done, ==, 1);
  if (data.error != NULL)
    g_propagate_error (error, data.error);
  return data.rowid;
}

static void
test_round_trip_every_type (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const guint8 blob[] = { 0x00, 0xff, 0x10, 0x00, 0x7f };
  g_autoptr(FcStore) store = open_store (fixture->path, one_migration);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GVariant) params = NULL;
  GVariant *row;
  gint64 rowid;
  gsize length;
  const guint8 *bytes;

  params = g_variant_new ("(xidsmvbm@s@ay)",
                          G_GINT64_CONSTANT (-9007199254740993),
                          G_MININT32,
                          3.25,
                          "日本語 text",
                          NULL,
                          TRUE,
                          g_variant_new_string ("inside a maybe"),
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, sizeof blob, 1));
  g_variant_ref_sink (params);

  rowid = execute_and_wait (store,
                            "INSERT INTO t (a, b, c, d, e, f, g, h) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rowid, ==, 1);

  /* An empty blob stays an empty blob, not NULL; a plain "v" is unwrapped. */
  rowid = fc_store_execute_sync (store, "INSERT INTO t (a, b) VALUES (?1, ?2)",
                                 g_variant_new ("(@ayv)",
                                                g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                                                           NULL, 0, 1),
                                                g_variant_new_int32 (7)),
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (rowid, ==, 2);

  rows = fc_store_query_sync (store, "SELECT a, b, c, d, e, f, g, h FROM t WHERE id = ?1",
                              g_variant_new ("(x)", (gint64) 1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_true (g_variant_is_of_type (row, G_VARIANT_TYPE ("(xxdsmvxsay)")));

  {
    g_autoptr(GVariant) a = g_variant_get_child_value (row, 0);
    g_autoptr(GVariant) b = g_variant_get_child_value (row, 1);
    g_autoptr(GVariant) c = g_variant_get_child_value (row, 2);
    g_autoptr(GVariant) d = g_variant_get_child_value (row, 3);
    g_autoptr(GVariant) e = g_variant_get_child_value (row, 4);
    g_autoptr(GVariant) f = g_variant_get_child_value (row, 5);
    g_autoptr(GVariant) g = g_variant_get_child_value (row, 6);
    g_autoptr(GVariant) h = g_variant_get_child_value (row, 7);
    g_autoptr(GVariant) nothing = g_variant_get_maybe (e);

    g_assert_cmpint (g_variant_get_int64 (a), ==, G_GINT64_CONSTANT (-9007199254740993));
    g_assert_cmpint (g_variant_get_int64 (b), ==, G_MININT32);
    g_assert_cmpfloat (g_variant_get_double (c), ==, 3.25);
    g_assert_cmpstr (g_variant_get_string (d, NULL), ==, "日本語 text");
    g_assert_null (nothing);
    g_assert_cmpint (g_variant_get_int64 (f), ==, 1);
    g_assert_cmpstr (g_variant_get_string (g, NULL), ==, "inside a maybe");
    bytes = g_variant_get_fixed_array (h, &length, 1);
    g_assert_cmpmem (bytes, length, blob, sizeof blob);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = fc_store_query_sync (store, "SELECT a, typeof (a), b FROM t WHERE id = 2", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  {
    g_autoptr(GVariant) a = g_variant_get_child_value (rows->pdata[0], 0);
    g_autoptr(GVariant) type = g_variant_get_child_value (rows->pdata[0], 1);
    g_autoptr(GVariant) b = g_variant_get_child_value (rows->pdata[0], 2);

    g_assert_true (g_variant_is_of_type (a, G_VARIANT_TYPE_BYTESTRING));
    g_assert_cmpuint (g_variant_n_children (a), ==, 0);
    g_assert_cmpstr (g_variant_get_string (type, NULL), ==, "blob");
    g_assert_cmpint (g_variant_get_int64 (b), ==, 7);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* No rows is an empty array, not an error. */
  rows = fc_store_query_sync (store, "SELECT * FROM t WHERE id = 99", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_bad_sql_is_sql_error (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(FcStore) store = open_store (fixture->path, one_migration);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 rowid;

  rowid = execute_and_wait (store, "INSERT INTO nowhere VALUES (1)", NULL, NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_assert_cmpint (rowid, ==, -1);
  g_assert_nonnull (strstr (error->message, "no such table: nowhere"));
  g_clear_error (&error);

  rows = fc_store_query_sync (store, "SELEKT 1", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_assert_null (rows);
  g_assert_nonnull (strstr (error->message, "syntax error"));
  g_clear_error (&error);

  /* Wrong number of parameters. */
  rowid = fc_store_execute_sync (store, "INSERT INTO t (a) VALUES (?1)", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_assert_cmpint (rowid, ==, -1);
  g_clear_error (&error);

  /* A type SQLite cannot hold. */
  rowid = fc_store_execute_sync (store, "INSERT INTO t (a) VALUES (?1)",
                                 g_variant_new ("(as)", NULL), &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_clear_error (&error);

  /* One statement at a time. */
  rowid = fc_store_execute_sync (store, "INSERT INTO t (a) VALUES (1); DELETE FROM t", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_clear_error (&error);

  /* A failed statement leaves nothing behind and the store keeps working. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM t"), ==, 0);
  rowid = fc_store_execute_sync (store, "INSERT INTO t (a) VALUES (1)", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rowid, ==, 1);
}

static void
test_constraint_failure_rolls_back (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  static const char * const migrations[] = {
    "CREATE TABLE p (id INTEGER PRIMARY KEY);"
    "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES p (id));",
    NULL
  };
  g_autoptr(FcStore) store = open_store (fixture->path, migrations);
  g_autoptr(GError) error = NULL;

  /* foreign_keys = ON makes this fail. */
  fc_store_execute_sync (store, "INSERT INTO c (p) VALUES (42)", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM c"), ==, 0);
}

static void
test_disk_full_is_full_error (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(FcStore) store = open_store (fixture->path, one_migration);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *big = g_malloc0 (256 * 1024);
  gint64 pages;

  pages = query_int (store, "PRAGMA page_count");
  /* Cap the file at its current size: the next growth reports SQLITE_FULL. */
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
    g_autoptr(GPtrArray) rows = fc_store_query_sync (store, sql, NULL, &error);

    g_assert_no_error (error);
  }

  execute_and_wait (store, "INSERT INTO t (h) VALUES (?1)",
                    g_variant_new ("(@ay)",
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, big,
                                                              256 * 1024, 1)),
                    NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FULL);
  g_assert_true (g_str_has_prefix (error->message, "The disk is full: "));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM t"), ==, 0);
}

static void
test_close_then_execute_is_closed (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  FcStore *store = open_store (fixture->path, one_migration);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 rowid;

  fc_store_close (store);
  /* Twice is fine. */
  fc_store_close (store);

  rowid = execute_and_wait (store, "INSERT INTO t (a) VALUES (1)", NULL, NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_assert_cmpint (rowid, ==, -1);
  g_clear_error (&error);

  rowid = fc_store_execute_sync (store, "INSERT INTO t (a) VALUES (1)", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  rows = fc_store_query_sync (store, "SELECT 1", NULL, &error);
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED);
  g_assert_null (rows);

  /* Flushing a closed store returns at once. */
  fc_store_flush (store);

  g_assert_finalize_object (store);
}

typedef struct {
  GArray  *rowids;
  GThread *main_thread;
  guint    expected;
  gboolean wrong_thread;
} OrderData;

static void
order_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  OrderData *data = user_data;
  g_autoptr(GError) error = NULL;
  gint64 rowid = fc_store_execute_finish (FC_STORE (source), result, &error);

  g_assert_no_error (error);
  if (g_thread_self () != data->main_thread)
    data->wrong_thread = TRUE;
  g_array_append_val (data->rowids, rowid);
}

static void
test_many_jobs_complete_in_order (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  FcStore *store = open_store (fixture->path, one_migration);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  OrderData data = { 0 };
  const guint n = 300;

  data.rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data.main_thread = g_thread_self ();
  data.expected = n;

  for (guint i = 0; i < n; i++)
    fc_store_execute_async (store, "INSERT INTO t (a) VALUES (?1)",
                            g_variant_new ("(u)", i), NULL, order_cb, &data);

  /* flush waits for the worker; the callbacks still need the main context. */
  fc_store_flush (store);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM t"), ==, n);

  while (data.rowids->len < n)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (data.wrong_thread);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (data.rowids, gint64, i), ==, i + 1);

  /* Rows were written in the order they were queued. */
  rows = fc_store_query_sync (store, "SELECT id, a FROM t ORDER BY id", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = 0, a = 0;

      g_variant_get (rows->pdata[i], "(xx)", &id, &a);
      g_assert_cmpint (id, ==, i + 1);
      g_assert_cmpint (a, ==, i);
    }

  g_array_unref (data.rowids);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_finalize_object (store);
}

static void
test_cancelled_job_does_not_run (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(FcStore) store = open_store (fixture->path, one_migration);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  execute_and_wait (store, "INSERT INTO t (a) VALUES (1)", NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM t"), ==, 0);
}

static void
test_unref_drains_queue (Fixture       *fixture,
                         gconstpointer  user_data)
{
  FcStore *store = open_store (fixture->path, one_migration);

  /* Without a callback the task holds the store until the main context runs. */
  for (guint i = 0; i < 20; i++)
    fc_store_execute_async (store, "INSERT INTO t (a) VALUES (?1)",
                            g_variant_new ("(u)", i), NULL, NULL, NULL);

  /* The last reference goes with the last callback; dispose then drains and joins. */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  while (store != NULL)
    g_main_context_iteration (NULL, TRUE);

  store = open_store (fixture->path, one_migration);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM t"), ==, 20);
  g_assert_finalize_object (store);
}

static void
test_error_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (FC_STORE_ERROR), ==, "fc-store-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/store/error-quark", test_error_quark);
#define ADD(name, func) \
  g_test_add ("/fc/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open-creates-folders", test_open_creates_folders);
  ADD ("open-sets-wal-and-pragmas", test_open_sets_wal_and_pragmas);
  ADD ("migrations-run-once", test_migrations_run_once);
  ADD ("migrations-upgrade-from-older", test_migrations_upgrade_from_older);
  ADD ("newer-database-is-schema-error", test_newer_database_is_schema_error);
  ADD ("failed-migration-rolls-back", test_failed_migration_rolls_back);
  ADD ("unwritable-folder-is-open-error", test_unwritable_folder_is_open_error);
  ADD ("bad-path-is-open-error", test_bad_path_is_open_error);
  ADD ("not-a-database-is-error", test_not_a_database_is_error);
  ADD ("round-trip-every-type", test_round_trip_every_type);
  ADD ("bad-sql-is-sql-error", test_bad_sql_is_sql_error);
  ADD ("constraint-failure-rolls-back", test_constraint_failure_rolls_back);
  ADD ("disk-full-is-full-error", test_disk_full_is_full_error);
  ADD ("close-then-execute-is-closed", test_close_then_execute_is_closed);
  ADD ("many-jobs-complete-in-order", test_many_jobs_complete_in_order);
  ADD ("cancelled-job-does-not-run", test_cancelled_job_does_not_run);
  ADD ("unref-drains-queue", test_unref_drains_queue);
#undef ADD

  return g_test_run ();
}
