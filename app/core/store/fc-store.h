/* fc-store.h: one SQLite database with one serial worker thread (WAL, schema version, every write
 * in a transaction). The only place that includes sqlite3.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_STORE_ERROR (fc_store_error_quark ())

typedef enum {
  FC_STORE_ERROR_OPEN,     /* cannot create or open the file (unwritable folder, …) */
  FC_STORE_ERROR_SQL,      /* SQLite said no (message from sqlite3_errmsg) */
  FC_STORE_ERROR_FULL,     /* disk full */
  FC_STORE_ERROR_SCHEMA,   /* the database is newer than this program or a migration failed */
  FC_STORE_ERROR_CLOSED,   /* the store was shut down */
} FcStoreError;

/**
 * FcStoreMigration:
 * SQL run in one transaction to go from version (index) to (index + 1). The list ends with NULL.
 */
typedef const char *const FcStoreMigrations[];

/* A value bound to a statement parameter. */
typedef enum {
  FC_STORE_NULL,
  FC_STORE_INT,
  FC_STORE_DOUBLE,
  FC_STORE_TEXT,
  FC_STORE_BLOB,
} FcStoreType;

#define FC_TYPE_STORE (fc_store_get_type ())

G_DECLARE_FINAL_TYPE (FcStore, fc_store, FC, STORE, GObject)

GQuark    fc_store_error_quark (void);
/* Opens (creating folders 0700 and the file) and migrates synchronously, so that a bad path is
 * reported at once; afterwards all work runs on the store's worker thread. */
G_GNUC_WARN_UNUSED_RESULT
FcStore  *fc_store_open              (const char          *path,
                                      const char * const  *migrations,
                                      GError             **error);
const char *fc_store_get_path        (FcStore             *self);
int       fc_store_get_schema_version (FcStore            *self);
/* Runs one statement (INSERT/UPDATE/DELETE) in its own transaction on the worker thread.
 * @params: a GVariant tuple (or NULL) whose children bind to ?1, ?2 …: "x" int64, "d" double,
 * "s" text, "ay" blob, "mv" (maybe, Nothing = NULL). Floating references are sunk. */
void      fc_store_execute_async     (FcStore             *self,
                                      const char          *sql,
                                      GVariant            *params,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* Returns the last insert rowid, or -1 with @error set. */
gint64    fc_store_execute_finish    (FcStore             *self,
                                      GAsyncResult        *result,
                                      GError             **error);
/* Runs a SELECT on the worker thread and returns every row as a GVariant array of tuples
 * ("a(…)" with one child per column; NULL columns as "mv"). Blocking; for tests, the CLI and
 * small reads. */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray *fc_store_query_sync       (FcStore             *self,
                                      const char          *sql,
                                      GVariant            *params,
                                      GError             **error);
gint64    fc_store_execute_sync      (FcStore             *self,
                                      const char          *sql,
                                      GVariant            *params,
                                      GError             **error);
/* Waits until every queued job has run. */
void      fc_store_flush             (FcStore             *self);
/* Finishes queued work, stops the thread and closes the database. */
void      fc_store_close             (FcStore             *self);

G_END_DECLS
