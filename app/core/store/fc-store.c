/* fc-store.c: one SQLite database with one serial worker thread.
 *
 * Opening and migrating run synchronously in the caller so that a bad path or a too-new database
 * is reported at once. Afterwards the sqlite3 handle belongs to the store's worker thread: every
 * statement is a job on a GAsyncQueue, run in order, and asynchronous jobs complete on the main
 * context of the thread that queued them. The worker never holds a reference to the FcStore, so
 * the last reference can never be dropped on the worker thread (which would make it join itself).
 *
 * Modules: fc-store.c is the object, its jobs and the worker thread; fc-store-sql.c is what
 * speaks SQLite (errors, binding, statements, migrations, opening); fc-store-private.h holds
 * what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-store"

#include "config.h"

#include "fc-store.h"
#include "fc-store-private.h"

#include <glib/gi18n-lib.h>

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

static void
fc_store_set_closed_error (GError **error)
{
  g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED,
                       _("The database is closed"));
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

/* Runs @job synchronously; FALSE with @error set when the store is closed or the job failed. */
static gboolean
fc_store_run_sync_checked (FcStore     *self,
                           FcStoreJob  *job,
                           GError     **error)
{
  if (!fc_store_run_sync (self, job))
    {
      fc_store_set_closed_error (error);
      return FALSE;
    }
  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }
  return TRUE;
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
      GError *error = NULL;

      fc_store_job_free (job);
      fc_store_set_closed_error (&error);
      g_task_return_error (task, error);
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
  if (fc_store_run_sync_checked (self, job, error))
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
  if (fc_store_run_sync_checked (self, job, error))
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
