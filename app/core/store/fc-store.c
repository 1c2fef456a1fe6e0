/* fc-store.c: one SQLite database with one serial worker thread.
 *
 * Opening and migrating run synchronously in the caller so that a bad path or a too-new database
 * is reported at once. Afterwards the sqlite3 handle belongs to the store's worker thread: every
 * statement is a job on a GAsyncQueue, run in order, and asynchronous jobs complete on the main
 * context of the thread that queued them. The worker never holds a reference to the FcStore, so
 * the last reference can never be dropped on the worker thread (which would make it join itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include "fc-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define FC_STORE_BUSY_TIMEOUT_MS 5000
/* Prepared statements kept per connection; callers use a small fixed set of SQL strings. */
#define FC_STORE_MAX_STATEMENTS  64

typedef enum {
  FC_STORE_JOB_EXECUTE,
  FC_STORE_JOB_QUERY,
  FC_STORE_JOB_BARRIER,
  FC_STORE_JOB_QUIT,
} FcStoreJobKind;

/* State owned by the worker thread. Only mutex/cond are touched by other threads. */
typedef struct {
  sqlite3     *db;          /* (owned) (worker thread only after open) */
  GHashTable  *statements;  /* (owned) (worker thread only): SQL → sqlite3_stmt, prepared once */
  GAsyncQueue *queue;       /* (owned): FcStoreJob */
  GMutex       mutex;       /* guards FcStoreJob.done of synchronous jobs */
  GCond        cond;
} FcStoreWorker;

typedef struct {
  FcStoreJobKind kind;
  char          *sql;        /* (owned) (nullable) */
  GVariant      *params;     /* (owned) (nullable) */
  /* Asynchronous jobs: */
  GTask         *task;       /* (owned) (nullable) */
  GMainContext  *context;    /* (owned) (nullable): where the task completes */
  GCancellable  *cancellable; /* (owned) (nullable) */
  /* Results, written by the worker: */
  gint64         rowid;
  GPtrArray     *rows;       /* (owned) (nullable) (element-type GVariant) */
  GError        *error;      /* (owned) (nullable) */
  gboolean       done;       /* (mutex FcStoreWorker.mutex): synchronous jobs only */
} FcStoreJob;

struct _FcStore
{
  GObject        parent_instance;

  char          *path;           /* (owned) */
  int            schema_version;

  GMutex         mutex;          /* guards closed and pushing jobs */
  gboolean       closed;         /* (mutex mutex) */
  FcStoreWorker *worker;         /* (owned): kept until finalize so that waiters stay safe */
  GThread       *thread;         /* (owned) (nullable): NULL once closed */
};

G_DEFINE_FINAL_TYPE (FcStore, fc_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-store-error-quark, fc_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
fc_store_job_free (FcStoreJob *job)
{
  g_clear_pointer (&job->sql, g_free);
  g_clear_pointer (&job->params, g_variant_unref);
  g_clear_object (&job->task);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static FcStoreJob *
fc_store_job_new (FcStoreJobKind  kind,
                  const char     *sql,
                  GVariant       *params)
{
  FcStoreJob *job = g_new0 (FcStoreJob, 1);

  job->kind = kind;
  job->sql = g_strdup (sql);
  job->params = params != NULL ? g_variant_ref_sink (params) : NULL;
  job->rowid = -1;
  return job;
}

/* Turns the last error of @db (result code @rc) into a GError; FULL gets its own code. */
static void
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

static void
fc_store_set_closed_error (GError **error)
{
  g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED,
                       _("The database is closed"));
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

static void
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
static void
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
static void
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

/* Main context of the caller: hands the result of an asynchronous job to its GTask. */
static gboolean
fc_store_job_complete_cb (gpointer user_data)
{
  FcStoreJob *job = user_data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->task, g_memdup2 (&job->rowid, sizeof job->rowid), g_free);

  return G_SOURCE_REMOVE;
}

/* Hands an asynchronous job back to its main context; the worker must not touch it afterwards. */
static void
fc_store_job_complete_in_idle (FcStoreJob *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, fc_store_job_complete_cb, job,
                         (GDestroyNotify) fc_store_job_free);
  g_source_set_static_name (source, "[fieldcard] fc_store_job_complete_cb");
  g_source_attach (source, job->context);
}

static gpointer
fc_store_worker_thread (gpointer data)
{
  FcStoreWorker *worker = data;

  for (;;)
    {
      FcStoreJob *job = g_async_queue_pop (worker->queue);

      if (job->kind == FC_STORE_JOB_QUIT)
        {
          fc_store_job_free (job);
          break;
        }

      if (job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable))
        {
          g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The operation was cancelled"));
        }
      else if (job->kind == FC_STORE_JOB_EXECUTE)
        fc_store_worker_execute (worker, job);
      else if (job->kind == FC_STORE_JOB_QUERY)
        fc_store_worker_query (worker, job);

      if (job->task != NULL)
        {
          fc_store_job_complete_in_idle (job);
        }
      else
        {
          /* A synchronous caller waits for this job and frees it. */
          g_mutex_lock (&worker->mutex);
          job->done = TRUE;
          g_cond_broadcast (&worker->cond);
          g_mutex_unlock (&worker->mutex);
        }
    }

  /* The queue is empty now: close() refuses new jobs before it queues QUIT. */
  g_hash_table_remove_all (worker->statements);
  sqlite3_close (worker->db);
  worker->db = NULL;

  return NULL;
}

static void
fc_store_worker_free (FcStoreWorker *worker)
{
  g_clear_pointer (&worker->statements, g_hash_table_unref);
  if (worker->db != NULL)
    sqlite3_close (worker->db);
  g_clear_pointer (&worker->queue, g_async_queue_unref);
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  g_free (worker);
}

/* Queues @job unless the store is closed. Takes ownership of @job on success. */
static gboolean
fc_store_push (FcStore    *self,
               FcStoreJob *job)
{
  gboolean pushed = FALSE;

  g_mutex_lock (&self->mutex);
  if (!self->closed)
    {
      g_async_queue_push (self->worker->queue, job);
      pushed = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  return pushed;
}

/* Queues a synchronous job and waits for it. FALSE if the store is closed. */
static gboolean
fc_store_run_sync (FcStore    *self,
                   FcStoreJob *job)
{
  FcStoreWorker *worker = self->worker;

  if (!fc_store_push (self, job))
    return FALSE;

  g_mutex_lock (&worker->mutex);
  while (!job->done)
    g_cond_wait (&worker->cond, &worker->mutex);
  g_mutex_unlock (&worker->mutex);

  return TRUE;
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
static sqlite3 *
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

/* GObject */

static void
fc_store_dispose (GObject *object)
{
  FcStore *self = FC_STORE (object);

  fc_store_close (self);

  G_OBJECT_CLASS (fc_store_parent_class)->dispose (object);
}

static void
fc_store_finalize (GObject *object)
{
  FcStore *self = FC_STORE (object);

  g_assert (self->thread == NULL);

  g_clear_pointer (&self->worker, fc_store_worker_free);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fc_store_parent_class)->finalize (object);
}

static void
fc_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FcStore *self = FC_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_store_class_init (FcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_store_dispose;
  object_class->finalize = fc_store_finalize;
  object_class->get_property = fc_store_get_property;

  /**
   * FcStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcStore:schema-version:
   *
   * The schema version after migration (PRAGMA user_version).
   */
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_store_init (FcStore *self)
{
  g_mutex_init (&self->mutex);
}

/* Public API */

/**
 * fc_store_open:
 * @path: the database file; missing folders are created with mode 0700
 * @migrations: (nullable) (array zero-terminated=1): SQL per schema version
 * @error: FC_STORE_ERROR_OPEN (naming @path), _SCHEMA (too new or a migration failed), _FULL
 *
 * Opens and migrates synchronously, then starts the store's worker thread.
 *
 * Returns: (transfer full): the store, or NULL with @error set
 */
FcStore *
fc_store_open (const char          *path,
               const char * const  *migrations,
               GError             **error)
{
  g_autoptr(FcStore) self = NULL;
  g_autoptr(GError) thread_error = NULL;
  FcStoreWorker *worker;
  sqlite3 *db;
  int version = 0;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = fc_store_open_db (path, migrations, &version, error);
  if (db == NULL)
    return NULL;

  worker = g_new0 (FcStoreWorker, 1);
  worker->db = db;
  worker->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              fc_store_finalize_statement);
  worker->queue = g_async_queue_new ();
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);

  self = g_object_new (FC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->schema_version = version;
  self->worker = worker;
  self->thread = g_thread_try_new ("fc-store", fc_store_worker_thread, worker, &thread_error);

  if (self->thread == NULL)
    {
      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path, thread_error->message);
      self->closed = TRUE;
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
fc_store_get_path (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  return self->path;
}

int
fc_store_get_schema_version (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * fc_store_execute_async:
 * @self: a store
 * @sql: one INSERT, UPDATE or DELETE statement
 * @params: (nullable): a tuple whose children bind to ?1, ?2 …; a floating reference is sunk
 * @cancellable: (nullable): checked before the statement runs
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Queues the statement on the worker thread; it runs in its own transaction, after every job
 * queued before it.
 */
void
fc_store_execute_async (FcStore             *self,
                        const char          *sql,
                        GVariant            *params,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FcStoreJob *job;

  g_return_if_fail (FC_IS_STORE (self));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (params == NULL || g_variant_is_of_type (params, G_VARIANT_TYPE_TUPLE));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_store_execute_async);
  g_task_set_name (task, "[fieldcard] fc_store_execute_async");
  /* The result says what happened to the database, even if cancelled too late to stop it. */
  g_task_set_check_cancellable (task, FALSE);

  job = fc_store_job_new (FC_STORE_JOB_EXECUTE, sql, params);
  job->task = g_object_ref (task);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (!fc_store_push (self, job))
    {
      fc_store_job_free (job);
      g_task_return_new_error (task, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED,
                               _("The database is closed"));
    }
}

gint64
fc_store_execute_finish (FcStore       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autofree gint64 *rowid = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_store_execute_async, -1);

  rowid = g_task_propagate_pointer (G_TASK (result), error);
  return rowid != NULL ? *rowid : -1;
}

GPtrArray *
fc_store_query_sync (FcStore     *self,
                     const char  *sql,
                     GVariant    *params,
                     GError     **error)
{
  FcStoreJob *job;
  GPtrArray *rows = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (params == NULL || g_variant_is_of_type (params, G_VARIANT_TYPE_TUPLE),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = fc_store_job_new (FC_STORE_JOB_QUERY, sql, params);
  if (!fc_store_run_sync (self, job))
    fc_store_set_closed_error (error);
  else if (job->error != NULL)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else
    rows = g_steal_pointer (&job->rows);

  fc_store_job_free (job);
  return rows;
}

gint64
fc_store_execute_sync (FcStore     *self,
                       const char  *sql,
                       GVariant    *params,
                       GError     **error)
{
  FcStoreJob *job;
  gint64 rowid = -1;

  g_return_val_if_fail (FC_IS_STORE (self), -1);
  g_return_val_if_fail (sql != NULL, -1);
  g_return_val_if_fail (params == NULL || g_variant_is_of_type (params, G_VARIANT_TYPE_TUPLE),
                        -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  job = fc_store_job_new (FC_STORE_JOB_EXECUTE, sql, params);
  if (!fc_store_run_sync (self, job))
    fc_store_set_closed_error (error);
  else if (job->error != NULL)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else
    rowid = job->rowid;

  fc_store_job_free (job);
  return rowid;
}

/**
 * fc_store_flush:
 * @self: a store
 *
 * Blocks until every job queued before this call has run on the worker thread. Callbacks of
 * asynchronous jobs are then queued on their main contexts but have not necessarily run.
 */
void
fc_store_flush (FcStore *self)
{
  FcStoreJob *job;

  g_return_if_fail (FC_IS_STORE (self));

  job = fc_store_job_new (FC_STORE_JOB_BARRIER, NULL, NULL);
  fc_store_run_sync (self, job);
  fc_store_job_free (job);
}

/**
 * fc_store_close:
 * @self: a store
 *
 * Runs the jobs already queued, stops the worker thread and closes the database. Later calls
 * fail with FC_STORE_ERROR_CLOSED. Safe to call more than once.
 */
void
fc_store_close (FcStore *self)
{
  GThread *thread;

  g_return_if_fail (FC_IS_STORE (self));

  g_mutex_lock (&self->mutex);
  if (self->closed)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->closed = TRUE;
  if (self->thread != NULL)
    g_async_queue_push (self->worker->queue, fc_store_job_new (FC_STORE_JOB_QUIT, NULL, NULL));
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->mutex);

  g_assert (thread != g_thread_self ());
  if (thread != NULL)
    g_thread_join (thread);
}
