/* fc-store-sql.c: what FcStore says to SQLite: errors as GErrors, parameters bound from
 * GVariants, rows as GVariant tuples, the prepared-statement cache, the statements a job runs
 * on the worker thread, migrations and opening a database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include "fc-store.h"
#include "fc-store-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define FC_STORE_BUSY_TIMEOUT_MS 5000

/* Prepared statements kept per connection; callers use a small fixed set of SQL strings. */
#define FC_STORE_MAX_STATEMENTS  64

/* Turns the last error of @db (result code @rc) into a GError; FULL gets its own code. */
void
fc_store_set_sqlite_error (GError    **error,
                           sqlite3    *db,
                           int         rc)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FULL,
                 _("The disk is full: %s. Free some space on the device."), message);
  else
    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                 _("Database error: %s"), message);
}

/* Binds one value; @index counts from 1. Containers "m…" and "v" are unwrapped. */
static gboolean
fc_store_bind_value (sqlite3_stmt  *stmt,
                     int            index,
                     GVariant      *value,
                     GError       **error)
{
  sqlite3 *db = sqlite3_db_handle (stmt);
  int rc = SQLITE_OK;

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) child = g_variant_get_maybe (value);

        if (child == NULL)
          rc = sqlite3_bind_null (stmt, index);
        else
          return fc_store_bind_value (stmt, index, child, error);
      }
      break;

    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) child = g_variant_get_variant (value);

        return fc_store_bind_value (stmt, index, child, error);
      }

    case G_VARIANT_CLASS_BOOLEAN:
      rc = sqlite3_bind_int (stmt, index, g_variant_get_boolean (value) ? 1 : 0);
      break;

    case G_VARIANT_CLASS_BYTE:
      rc = sqlite3_bind_int (stmt, index, g_variant_get_byte (value));
      break;

    case G_VARIANT_CLASS_INT16:
      rc = sqlite3_bind_int (stmt, index, g_variant_get_int16 (value));
      break;

    case G_VARIANT_CLASS_UINT16:
      rc = sqlite3_bind_int (stmt, index, g_variant_get_uint16 (value));
      break;

    case G_VARIANT_CLASS_INT32:
      rc = sqlite3_bind_int (stmt, index, g_variant_get_int32 (value));
      break;

    case G_VARIANT_CLASS_UINT32:
      rc = sqlite3_bind_int64 (stmt, index, g_variant_get_uint32 (value));
      break;

    case G_VARIANT_CLASS_INT64:
      rc = sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
      break;

    case G_VARIANT_CLASS_UINT64:
      {
        guint64 v = g_variant_get_uint64 (value);

        if (v > G_MAXINT64)
          {
            g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                         _("Parameter %d is too large for the database"), index);
            return FALSE;
          }
        rc = sqlite3_bind_int64 (stmt, index, (sqlite3_int64) v);
      }
      break;

    case G_VARIANT_CLASS_DOUBLE:
      rc = sqlite3_bind_double (stmt, index, g_variant_get_double (value));
      break;

    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      {
        gsize length = 0;
        const char *text = g_variant_get_string (value, &length);

        rc = sqlite3_bind_text64 (stmt, index, text, length, SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      break;

    case G_VARIANT_CLASS_ARRAY:
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
        {
          gsize length = 0;
          const guint8 *data = g_variant_get_fixed_array (value, &length, 1);

          /* A NULL pointer would bind NULL, not an empty blob. */
          if (length == 0)
            rc = sqlite3_bind_zeroblob (stmt, index, 0);
          else
            rc = sqlite3_bind_blob64 (stmt, index, data, length, SQLITE_TRANSIENT);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                   _("Parameter %d has a type the database cannot store (%s)"),
                   index, g_variant_get_type_string (value));
      return FALSE;
    }

  if (rc != SQLITE_OK)
    {
      fc_store_set_sqlite_error (error, db, rc);
      return FALSE;
    }

  return TRUE;
}

static gboolean
fc_store_bind_params (sqlite3_stmt  *stmt,
                      GVariant      *params,
                      GError       **error)
{
  gsize n_params = params != NULL ? g_variant_n_children (params) : 0;
  int n_expected = sqlite3_bind_parameter_count (stmt);

  if ((gsize) n_expected != n_params)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                   _("The statement needs %d parameters but %lu were given"),
                   n_expected, (unsigned long) n_params);
      return FALSE;
    }

  for (gsize i = 0; i < n_params; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (params, i);

      if (!fc_store_bind_value (stmt, (int) i + 1, child, error))
        return FALSE;
    }

  return TRUE;
}

void
fc_store_finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Worker thread: returns a cached prepared statement for @sql (transfer none), reset and with
 * cleared bindings, or NULL with @error set. Only one statement per call is accepted. */
static sqlite3_stmt *
fc_store_worker_prepare (FcStoreWorker  *worker,
                         const char     *sql,
                         GError        **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (worker->statements, sql);
  const char *tail = NULL;
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (worker->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      fc_store_set_sqlite_error (error, worker->db, rc);
      return NULL;
    }

  if (stmt == NULL)
    {
      g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                           _("Database error: the statement is empty"));
      return NULL;
    }

  if (tail != NULL)
    {
      while (g_ascii_isspace (*tail) || *tail == ';')
        tail++;
      if (*tail != '\0')
        {
          sqlite3_finalize (stmt);
          g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                               _("Database error: only one statement can be run at a time"));
          return NULL;
        }
    }

  if (g_hash_table_size (worker->statements) >= FC_STORE_MAX_STATEMENTS)
    g_hash_table_remove_all (worker->statements);
  g_hash_table_insert (worker->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs a statement that needs no parameters and returns no rows (BEGIN, COMMIT, …). */
static gboolean
fc_store_exec (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      fc_store_set_sqlite_error (error, db, rc);
      return FALSE;
    }

  return TRUE;
}

static void
fc_store_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static GVariant *
fc_store_column_to_variant (sqlite3_stmt *stmt,
                            int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      return g_variant_new_int64 (sqlite3_column_int64 (stmt, column));

    case SQLITE_FLOAT:
      return g_variant_new_double (sqlite3_column_double (stmt, column));

    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);
        int length = sqlite3_column_bytes (stmt, column);

        if (g_utf8_validate_len (text, length, NULL))
          return g_variant_new_take_string (g_strndup (text, length));
        return g_variant_new_take_string (g_utf8_make_valid (text, length));
      }

    case SQLITE_BLOB:
      {
        const void *data = sqlite3_column_blob (stmt, column);
        int length = sqlite3_column_bytes (stmt, column);
        g_autoptr(GBytes) bytes = g_bytes_new (data, length);

        return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
      }

    case SQLITE_NULL:
    default:
      return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
    }
}

/* Worker thread: one INSERT/UPDATE/DELETE in its own transaction. */
void
fc_store_worker_execute (FcStoreWorker *worker,
                         FcStoreJob    *job)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!fc_store_exec (worker->db, "BEGIN IMMEDIATE", &job->error))
    return;

  stmt = fc_store_worker_prepare (worker, job->sql, &job->error);
  if (stmt == NULL || !fc_store_bind_params (stmt, job->params, &job->error))
    {
      fc_store_rollback (worker->db);
      return;
    }

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);

  if (rc != SQLITE_DONE)
    {
      /* The message must be read before ROLLBACK replaces it. */
      fc_store_set_sqlite_error (&job->error, worker->db, rc);
      sqlite3_reset (stmt);
      fc_store_rollback (worker->db);
      return;
    }

  job->rowid = sqlite3_last_insert_rowid (worker->db);
  sqlite3_reset (stmt);

  if (!fc_store_exec (worker->db, "COMMIT", &job->error))
    {
      fc_store_rollback (worker->db);
      job->rowid = -1;
    }
}

/* Worker thread: a SELECT; every row becomes a tuple. */
void
fc_store_worker_query (FcStoreWorker *worker,
                       FcStoreJob    *job)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = fc_store_worker_prepare (worker, job->sql, &job->error);
  if (stmt == NULL || !fc_store_bind_params (stmt, job->params, &job->error))
    return;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n_columns = sqlite3_column_count (stmt);
      g_autofree GVariant **columns = g_new0 (GVariant *, MAX (n_columns, 1));

      for (int i = 0; i < n_columns; i++)
        columns[i] = fc_store_column_to_variant (stmt, i);

      g_ptr_array_add (rows, g_variant_ref_sink (g_variant_new_tuple (columns, n_columns)));
    }

  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (&job->error, worker->db, rc);
      sqlite3_reset (stmt);
      return;
    }

  sqlite3_reset (stmt);
  job->rows = g_steal_pointer (&rows);
}

static gboolean
fc_store_read_user_version (sqlite3  *db,
                            int      *version,
                            GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (error, db, rc);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Runs the missing migrations, each in its own transaction. The version is read again inside
 * the transaction so that two processes opening the same file do not both migrate. */
static gboolean
fc_store_migrate (sqlite3            *db,
                  const char         *path,
                  const char * const *migrations,
                  int                *version_out,
                  GError            **error)
{
  int n_migrations = migrations != NULL ? (int) g_strv_length ((char **) migrations) : 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *set_version = NULL;
      int version = 0;

      if (!fc_store_exec (db, "BEGIN IMMEDIATE", &local_error) ||
          !fc_store_read_user_version (db, &version, &local_error))
        goto failed;

      if (version > n_migrations)
        {
          fc_store_rollback (db);
          g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SCHEMA,
                       _("The database “%s” was written by a newer version of FieldCard "
                         "(schema %d, this version knows %d). Update FieldCard."),
                       path, version, n_migrations);
          return FALSE;
        }

      if (version == n_migrations)
        {
          fc_store_rollback (db);
          *version_out = version;
          return TRUE;
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!fc_store_exec (db, migrations[version], &local_error) ||
          !fc_store_exec (db, set_version, &local_error) ||
          !fc_store_exec (db, "COMMIT", &local_error))
        goto failed;

      g_debug ("Migrated %s to schema %d", path, version + 1);
      continue;

    failed:
      fc_store_rollback (db);
      if (g_error_matches (local_error, FC_STORE_ERROR, FC_STORE_ERROR_FULL))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SCHEMA,
                     _("The database “%s” could not be updated to schema %d: %s"),
                     path, version + 1, local_error->message);
      return FALSE;
    }
}

/* Opens @path, sets the connection up and migrates it. Returns the handle or NULL. */
sqlite3 *
fc_store_open_db (const char         *path,
                  const char * const *migrations,
                  int                *version,
                  GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s” for the database “%s”: %s"),
                   folder, path, g_strerror (saved_errno));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, FC_STORE_BUSY_TIMEOUT_MS);

  if (sqlite3_db_readonly (db, "main") == 1)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: the file is read-only"), path);
      sqlite3_close (db);
      return NULL;
    }

  /* journal_mode answers with the mode in force; anything but "wal" means it did not switch
   * (for example because the folder does not allow the -wal file to be created). */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW ||
      g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0) ?: "", "wal") != 0)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path,
                   rc == SQLITE_ROW ? _("write-ahead logging is not available")
                                    : sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_finalize (stmt);

  if (!fc_store_exec (db, "PRAGMA foreign_keys = ON", &local_error) ||
      !fc_store_exec (db, "PRAGMA synchronous = NORMAL", &local_error))
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path, local_error->message);
      sqlite3_close (db);
      return NULL;
    }

  if (!fc_store_migrate (db, path, migrations, version, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}
