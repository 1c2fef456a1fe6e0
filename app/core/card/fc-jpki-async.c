/* fc-jpki-async.c: reading the card on a worker thread, with progress and "card away" reports
 * delivered on the caller's main context.
 *
 * Lifetimes (the reason this file exists): the worker never calls back into the caller. It puts
 * every report, and finally the result, into one queue owned by a Relay; one idle source at a
 * time, attached to the caller's context, empties that queue in order. So:
 *  - every report runs on the caller's context, in the order the worker made them;
 *  - the result (the GAsyncReadyCallback) comes after the last report, because it is the last
 *    item of the same queue;
 *  - the caller's destroy notify runs on the caller's context, right after the result, and never
 *    on the worker thread (the Relay's own memory may be freed anywhere: it holds nothing of the
 *    caller's by then).
 * A source holds a reference on the Relay while it is attached; the worker holds one until its
 * task data is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-jpki.h"
#include "fc-jpki-private.h"

typedef enum {
  REPORT_PROGRESS,
  REPORT_CARD_AWAY,
  REPORT_DONE,
} ReportKind;

typedef struct
{
  ReportKind kind;
  gsize      done;
  gsize      total;
  gboolean   away;
} Report;

typedef struct
{
  gatomicrefcount     ref_count;
  GMainContext       *context;        /* (owned): the caller's thread-default context */

  GMutex              lock;
  GQueue              reports;        /* (mutex lock) (element-type Report) (owned) */
  gboolean            pump_attached;  /* (mutex lock): an idle source will empty the queue */
  FcCardIdentity     *identity;       /* (mutex lock) (owned) (nullable): set with REPORT_DONE */
  GError             *error;          /* (mutex lock) (owned) (nullable): set with REPORT_DONE */

  /* Only touched on the caller's context: */
  GTask              *task;           /* (owned) (nullable): returned by REPORT_DONE */
  FcJpkiProgressFunc  progress;       /* (nullable) */
  FcJpkiCardAwayFunc  card_away;      /* (nullable) */
  gpointer            watch_data;
  GDestroyNotify      watch_destroy;  /* (nullable) */
} Relay;

typedef struct
{
  FcCardTransport *transport;         /* (owned) (nullable): dropped by the worker when done */
  GPtrArray       *trust_anchors;     /* (owned) (nullable) (element-type GBytes) */
  guint            timeout_ms;
  guint            represent_timeout_ms;
  gboolean         report_progress;
  gboolean         report_card_away;
  Relay           *relay;             /* (owned) */
} ReadData;

static Relay *
relay_ref (Relay *relay)
{
  g_atomic_ref_count_inc (&relay->ref_count);
  return relay;
}

/* May run on any thread: frees only what the Relay owns, never calls the caller's code. The
 * caller's task and data were handed back on the caller's context with REPORT_DONE; they are
 * only still here when that context was destroyed without running the queue. */
static void
relay_unref (gpointer data)
{
  Relay *relay = data;

  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;

  g_queue_clear_full (&relay->reports, g_free);
  g_clear_object (&relay->identity);
  g_clear_error (&relay->error);
  g_clear_object (&relay->task);
  if (relay->watch_destroy != NULL)
    relay->watch_destroy (relay->watch_data);
  g_mutex_clear (&relay->lock);
  g_main_context_unref (relay->context);
  g_free (relay);
}

/* Caller's context: hands the result to the task, then lets go of the caller's data. */
static void
relay_finish (Relay *relay)
{
  g_autoptr(GTask) task = g_steal_pointer (&relay->task);
  FcCardIdentity *identity;
  GError *error;
  GDestroyNotify destroy = relay->watch_destroy;
  gpointer watch_data = relay->watch_data;

  g_mutex_lock (&relay->lock);
  identity = g_steal_pointer (&relay->identity);
  error = g_steal_pointer (&relay->error);
  g_mutex_unlock (&relay->lock);

  relay->progress = NULL;
  relay->card_away = NULL;
  relay->watch_destroy = NULL;
  relay->watch_data = NULL;

  g_assert (task != NULL);
  g_assert ((identity == NULL) != (error == NULL));
  if (identity != NULL)
    g_task_return_pointer (task, identity, g_object_unref);
  else
    g_task_return_error (task, error);

  if (destroy != NULL)
    destroy (watch_data);
}

/* Caller's context: runs the queued reports in order. */
static gboolean
relay_pump_cb (gpointer user_data)
{
  Relay *relay = user_data;

  for (;;)
    {
      g_autofree Report *report = NULL;

      g_mutex_lock (&relay->lock);
      report = g_queue_pop_head (&relay->reports);
      if (report == NULL)
        relay->pump_attached = FALSE;
      g_mutex_unlock (&relay->lock);

      if (report == NULL)
        return G_SOURCE_REMOVE;

      switch (report->kind)
        {
        case REPORT_PROGRESS:
          if (relay->progress != NULL)
            relay->progress (report->done, report->total, relay->watch_data);
          break;

        case REPORT_CARD_AWAY:
          if (relay->card_away != NULL)
            relay->card_away (report->away, relay->watch_data);
          break;

        case REPORT_DONE:
          relay_finish (relay);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* Any thread: queues @report (owned) and makes sure a source will run it. */
static void
relay_push (Relay  *relay,
            Report *report)
{
  gboolean attach;

  g_mutex_lock (&relay->lock);
  g_queue_push_tail (&relay->reports, report);
  attach = !relay->pump_attached;
  relay->pump_attached = TRUE;
  g_mutex_unlock (&relay->lock);

  /* Always a source, never g_main_context_invoke(): that may run the function right here, on the
   * worker thread, when the caller's context is the global default and nobody iterates it. */
  if (attach)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[fc] card read reports");
      g_source_set_callback (source, relay_pump_cb, relay_ref (relay), relay_unref);
      g_source_attach (source, relay->context);
    }
}

/* Worker thread. */
static void
relay_progress (gsize    done,
                gsize    total,
                gpointer user_data)
{
  Report *report = g_new0 (Report, 1);

  report->kind = REPORT_PROGRESS;
  report->done = done;
  report->total = total;
  relay_push (user_data, report);
}

/* Worker thread. */
static void
relay_card_away (gboolean away,
                 gpointer user_data)
{
  Report *report = g_new0 (Report, 1);

  report->kind = REPORT_CARD_AWAY;
  report->away = away;
  relay_push (user_data, report);
}

/* Worker thread: the last item of the queue. */
static void
relay_push_done (Relay          *relay,
                 FcCardIdentity *identity,
                 GError         *error)
{
  Report *report = g_new0 (Report, 1);

  g_mutex_lock (&relay->lock);
  relay->identity = identity;
  relay->error = error;
  g_mutex_unlock (&relay->lock);

  report->kind = REPORT_DONE;
  relay_push (relay, report);
}

static void
read_data_free (gpointer data)
{
  ReadData *read_data = data;

  g_clear_object (&read_data->transport);
  g_clear_pointer (&read_data->trust_anchors, g_ptr_array_unref);
  g_clear_pointer (&read_data->relay, relay_unref);
  g_free (read_data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

/* Looks for the card, then reads it. Worker thread. */
static FcCardIdentity *
wait_and_read (ReadData      *data,
               GCancellable  *cancellable,
               GError       **error)
{
  FcJpkiSession session;

  if (!fc_card_transport_wait_for_card (data->transport, data->timeout_ms, cancellable, error))
    return NULL;

  fc_jpki_session_init (&session, data->transport, cancellable);
  session.represent_timeout_ms = data->represent_timeout_ms;
  session.progress = data->report_progress ? relay_progress : NULL;
  session.card_away = data->report_card_away ? relay_card_away : NULL;
  session.watch_data = data->relay;

  return fc_jpki_session_read_identity (&session, data->trust_anchors, error);
}

static void
read_identity_thread (GTask        *worker,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ReadData *data = task_data;
  FcCardIdentity *identity;
  GError *error = NULL;

  identity = wait_and_read (data, cancellable, &error);

  /* Drop the transport before the result goes out: the caller may finalize it in the callback,
   * while this thread still holds the task for a moment. */
  g_clear_object (&data->transport);
  g_clear_pointer (&data->trust_anchors, g_ptr_array_unref);

  relay_push_done (data->relay, identity, error);
  g_task_return_boolean (worker, TRUE);
}

static void
start_read (FcCardTransport     *transport,
            GPtrArray           *trust_anchors_der,
            guint                timeout_ms,
            guint                represent_timeout_ms,
            FcJpkiProgressFunc   progress,
            FcJpkiCardAwayFunc   card_away,
            gpointer             watch_data,
            GDestroyNotify       watch_destroy,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(ReadData) data = NULL;
  Relay *relay;

  /* The caller's task: returned from the relay, on the caller's context. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_jpki_read_identity_async);
  g_task_set_name (task, "[fc] read card identity");

  relay = g_new0 (Relay, 1);
  g_atomic_ref_count_init (&relay->ref_count);
  relay->context = g_main_context_ref_thread_default ();
  g_mutex_init (&relay->lock);
  g_queue_init (&relay->reports);
  relay->task = g_steal_pointer (&task);
  relay->progress = progress;
  relay->card_away = card_away;
  relay->watch_data = watch_data;
  relay->watch_destroy = watch_destroy;

  data = g_new0 (ReadData, 1);
  data->transport = g_object_ref (transport);
  data->timeout_ms = timeout_ms;
  data->represent_timeout_ms = represent_timeout_ms;
  data->report_progress = progress != NULL;
  data->report_card_away = card_away != NULL;
  data->relay = relay;

  /* The worker gets its own copy of the list. */
  if (trust_anchors_der != NULL)
    {
      data->trust_anchors = g_ptr_array_new_full (trust_anchors_der->len,
                                                  (GDestroyNotify) g_bytes_unref);
      for (guint i = 0; i < trust_anchors_der->len; i++)
        g_ptr_array_add (data->trust_anchors,
                         g_bytes_ref (g_ptr_array_index (trust_anchors_der, i)));
    }

  /* The worker's own task only runs the thread; nobody waits for it. */
  worker = g_task_new (NULL, cancellable, NULL, NULL);
  g_task_set_source_tag (worker, start_read);
  g_task_set_name (worker, "[fc] card reader worker");
  g_task_set_check_cancellable (worker, FALSE);
  g_task_set_task_data (worker, g_steal_pointer (&data), read_data_free);
  g_task_run_in_thread (worker, read_identity_thread);
}

void
fc_jpki_read_identity_async (FcCardTransport     *transport,
                             GPtrArray           *trust_anchors_der,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_read (transport, trust_anchors_der, timeout_ms, 0, NULL, NULL, NULL, NULL, cancellable,
              callback, user_data);
}

/**
 * fc_jpki_read_identity_full_async:
 * @progress: (nullable): called on the caller's thread-default main context
 * @progress_destroy: (nullable): frees @progress_data on that context after the last report
 *
 * fc_jpki_read_identity_full() on a worker thread, after waiting up to @timeout_ms for a card.
 * Every report arrives before @callback.
 */
void
fc_jpki_read_identity_full_async (FcCardTransport     *transport,
                                  GPtrArray           *trust_anchors_der,
                                  guint                timeout_ms,
                                  FcJpkiProgressFunc   progress,
                                  gpointer             progress_data,
                                  GDestroyNotify       progress_destroy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fc_jpki_read_identity_watch_async (transport, trust_anchors_der, timeout_ms, progress, NULL,
                                     progress_data, progress_destroy, cancellable, callback,
                                     user_data);
}

/**
 * fc_jpki_read_identity_watch_async:
 * @progress: (nullable): called on the caller's thread-default main context after each chunk
 * @card_away: (nullable): called there with %TRUE while the read waits for a card that left the
 *   field, with %FALSE when reading resumes or fails
 * @watch_destroy: (nullable): frees @watch_data on that context after the last report (and after
 *   the result was handed to @callback or queued for it)
 *
 * Reports and the result arrive in the order the worker made them.
 */
void
fc_jpki_read_identity_watch_async (FcCardTransport     *transport,
                                   GPtrArray           *trust_anchors_der,
                                   guint                timeout_ms,
                                   FcJpkiProgressFunc   progress,
                                   FcJpkiCardAwayFunc   card_away,
                                   gpointer             watch_data,
                                   GDestroyNotify       watch_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* A card taken away mid-read is waited for as long as the caller waits for a card at all. */
  start_read (transport, trust_anchors_der, timeout_ms,
              MIN (timeout_ms, FC_JPKI_REPRESENT_TIMEOUT_MS), progress, card_away, watch_data,
              watch_destroy, cancellable, callback, user_data);
}

FcCardIdentity *
fc_jpki_read_identity_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_jpki_read_identity_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
