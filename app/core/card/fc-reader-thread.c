/* fc-reader-thread.c: one serial worker thread that owns a card reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-reader-thread.h"

typedef struct
{
  FcReaderThreadFunc func;     /* (nullable): NULL is the stop marker */
  gpointer           user_data;
  GMutex             lock;
  GCond              cond;
  gboolean           done;     /* (mutex lock) */
} Job;

struct _FcReaderThread
{
  GObject       parent_instance;

  char         *name;          /* (owned) (nullable) */
  GAsyncQueue  *queue;         /* (owned) of Job */
  GThread      *thread;        /* (owned) (nullable) (mutex lock): NULL once joined */
  GMutex        lock;
  gboolean      shut_down;     /* (mutex lock) */
};

G_DEFINE_FINAL_TYPE (FcReaderThread, fc_reader_thread, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The thread body: runs jobs in order until the stop marker. It holds only the queue, never the
 * object, so dropping the last reference to the object stops the thread. */
static gpointer
reader_thread_main (gpointer data)
{
  g_autoptr(GAsyncQueue) queue = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (queue);
      gboolean stop = job->func == NULL;

      if (!stop)
        job->func (job->user_data);

      g_mutex_lock (&job->lock);
      job->done = TRUE;
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->lock);

      if (stop)
        break;
    }

  return NULL;
}

/* Queues @func (NULL = stop) and waits until the thread has handled it. */
static gboolean
run_job (FcReaderThread     *self,
         FcReaderThreadFunc  func,
         gpointer            user_data)
{
  Job job = { func, user_data };

  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);

  g_mutex_lock (&self->lock);
  if (self->shut_down)
    {
      g_mutex_unlock (&self->lock);
      g_mutex_clear (&job.lock);
      g_cond_clear (&job.cond);
      return FALSE;
    }
  if (func == NULL)
    self->shut_down = TRUE;
  g_async_queue_push (self->queue, &job);
  g_mutex_unlock (&self->lock);

  g_mutex_lock (&job.lock);
  while (!job.done)
    g_cond_wait (&job.cond, &job.lock);
  g_mutex_unlock (&job.lock);

  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);
  return TRUE;
}

static void
fc_reader_thread_dispose (GObject *object)
{
  FcReaderThread *self = FC_READER_THREAD (object);

  fc_reader_thread_shutdown (self);

  G_OBJECT_CLASS (fc_reader_thread_parent_class)->dispose (object);
}

static void
fc_reader_thread_finalize (GObject *object)
{
  FcReaderThread *self = FC_READER_THREAD (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->name, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fc_reader_thread_parent_class)->finalize (object);
}

static void
fc_reader_thread_constructed (GObject *object)
{
  FcReaderThread *self = FC_READER_THREAD (object);

  G_OBJECT_CLASS (fc_reader_thread_parent_class)->constructed (object);

  self->thread = g_thread_new (self->name != NULL ? self->name : "fc-reader",
                               reader_thread_main,
                               g_async_queue_ref (self->queue));
}

static void
fc_reader_thread_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcReaderThread *self = FC_READER_THREAD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_reader_thread_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcReaderThread *self = FC_READER_THREAD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_reader_thread_class_init (FcReaderThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fc_reader_thread_constructed;
  object_class->dispose = fc_reader_thread_dispose;
  object_class->finalize = fc_reader_thread_finalize;
  object_class->get_property = fc_reader_thread_get_property;
  object_class->set_property = fc_reader_thread_set_property;

  /**
   * FcReaderThread:name:
   *
   * The thread's name (shown by debuggers).
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_reader_thread_init (FcReaderThread *self)
{
  g_mutex_init (&self->lock);
  self->queue = g_async_queue_new ();
}

/**
 * fc_reader_thread_new:
 * @name: (nullable): the thread's name
 *
 * Returns: (transfer full): a running reader thread
 */
FcReaderThread *
fc_reader_thread_new (const char *name)
{
  return g_object_new (FC_TYPE_READER_THREAD, "name", name, NULL);
}

const char *
fc_reader_thread_get_name (FcReaderThread *self)
{
  g_return_val_if_fail (FC_IS_READER_THREAD (self), NULL);

  return self->name;
}

gboolean
fc_reader_thread_is_current (FcReaderThread *self)
{
  gboolean ret;

  g_return_val_if_fail (FC_IS_READER_THREAD (self), FALSE);

  g_mutex_lock (&self->lock);
  ret = self->thread != NULL && self->thread == g_thread_self ();
  g_mutex_unlock (&self->lock);

  return ret;
}

/**
 * fc_reader_thread_run_sync:
 * @self: a reader thread
 * @func: the job
 * @user_data: passed to @func
 *
 * Runs @func on the reader thread and blocks until it has returned.
 *
 * Returns: %TRUE if @func ran; %FALSE after shutdown
 */
gboolean
fc_reader_thread_run_sync (FcReaderThread     *self,
                           FcReaderThreadFunc  func,
                           gpointer            user_data)
{
  g_return_val_if_fail (FC_IS_READER_THREAD (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (fc_reader_thread_is_current (self))
    {
      func (user_data);
      return TRUE;
    }

  return run_job (self, func, user_data);
}

/**
 * fc_reader_thread_shutdown:
 * @self: a reader thread
 *
 * Lets every queued job finish, then stops and joins the thread. Jobs submitted afterwards are
 * refused. Must not be called from a job.
 */
void
fc_reader_thread_shutdown (FcReaderThread *self)
{
  GThread *thread;

  g_return_if_fail (FC_IS_READER_THREAD (self));
  g_return_if_fail (!fc_reader_thread_is_current (self));

  run_job (self, NULL, NULL);

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);

  if (thread != NULL)
    g_thread_join (thread);
}

static void
shutdown_thread_cb (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  fc_reader_thread_shutdown (FC_READER_THREAD (source_object));
  g_task_return_boolean (task, TRUE);
}

void
fc_reader_thread_shutdown_async (FcReaderThread      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FC_IS_READER_THREAD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_reader_thread_shutdown_async);
  g_task_run_in_thread (task, shutdown_thread_cb);
}

gboolean
fc_reader_thread_shutdown_finish (FcReaderThread  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (FC_IS_READER_THREAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_reader_thread_shutdown_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
