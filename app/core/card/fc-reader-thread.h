/* fc-reader-thread.h: one serial worker thread that owns a card reader (STYLE rule 16).
 *
 * Every libnfc call for one reader runs on this thread, one job at a time, in submission order.
 * Callers on other threads block in fc_reader_thread_run_sync() until their job is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FC_TYPE_READER_THREAD (fc_reader_thread_get_type ())

G_DECLARE_FINAL_TYPE (FcReaderThread, fc_reader_thread, FC, READER_THREAD, GObject)

/* A job: runs on the reader thread. */
typedef void (*FcReaderThreadFunc) (gpointer user_data);

/* Starts the thread. @name: (nullable): thread name for debuggers. Property "name" (construct). */
G_GNUC_WARN_UNUSED_RESULT
FcReaderThread *fc_reader_thread_new             (const char          *name);
const char     *fc_reader_thread_get_name        (FcReaderThread      *self);
/* Runs @func on the reader thread and waits for it to return. Called on the reader thread itself
 * (from inside a job), @func runs at once. After shutdown, returns FALSE without running @func. */
gboolean        fc_reader_thread_run_sync        (FcReaderThread      *self,
                                                  FcReaderThreadFunc   func,
                                                  gpointer             user_data);
/* Whether the calling thread is the reader thread. */
gboolean        fc_reader_thread_is_current      (FcReaderThread      *self);
/* Lets queued jobs finish, then stops and joins the thread. Idempotent. */
void            fc_reader_thread_shutdown        (FcReaderThread      *self);
void            fc_reader_thread_shutdown_async  (FcReaderThread      *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        fc_reader_thread_shutdown_finish (FcReaderThread      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
