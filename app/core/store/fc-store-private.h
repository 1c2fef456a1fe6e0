/* fc-store-private.h: what the modules of FcStore share (see the top of fc-store.c): the jobs
 * queued for the worker thread, the worker's state, and the SQLite side (fc-store-sql.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "fc-store.h"

G_BEGIN_DECLS

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

/* fc-store-sql.c */
/* Turns the last error of @db (result code @rc) into a GError; FULL gets its own code. */
void      fc_store_set_sqlite_error   (GError            **error,
                                       sqlite3            *db,
                                       int                 rc);
/* The destroy function of FcStoreWorker.statements. */
void      fc_store_finalize_statement (gpointer            stmt);
/* Worker thread: runs @job (FC_STORE_JOB_EXECUTE in its own transaction, or
 * FC_STORE_JOB_QUERY) and leaves the result or the error in it. */
void      fc_store_worker_execute     (FcStoreWorker      *worker,
                                       FcStoreJob         *job);
void      fc_store_worker_query       (FcStoreWorker      *worker,
                                       FcStoreJob         *job);
/* Opens @path, sets the connection up and migrates it. Returns the handle or NULL. */
sqlite3  *fc_store_open_db            (const char         *path,
                                       const char * const *migrations,
                                       int                *version,
                                       GError            **error);

G_END_DECLS
