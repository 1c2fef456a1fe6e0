/* fc-timeline.c: timing events of one incident, kept in a list model and written to timing.db.
 *
 * No patient data, ever: an event is a kind (one of the FC_EVENT_* strings) and a short detail
 * such as "source=network" or a rule id. Callers must never pass names, numbers read from the
 * card, measured values or free text typed by the crew.
 *
 * Every event is appended to the list at once (the UI binds to it) and its INSERT is queued on
 * the store's worker thread. A failed write keeps the event in memory, sets "write-error" and
 * queues the event again with the next append (or flush), so nothing already recorded is lost.
 *
 * Modules: fc-timeline.c is FcTimeline, fc-timeline-event.c is FcTimelineEvent and
 * fc-timeline-correct.c the crew's corrections of time marks; fc-timeline-private.h holds the
 * instances they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-timeline"

#include "config.h"

#include "fc-timeline.h"
#include "fc-timeline-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (fc-timeline-error-quark, fc_timeline_error)

G_DEFINE_FINAL_TYPE (FcTimeline, fc_timeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INCIDENT_ID,
  PROP_UNIT_ID,
  PROP_TRAINING,
  PROP_STORE,
  PROP_WRITE_ERROR,
  PROP_PENDING,
  PROP_EVENTS,
  PROP_HOSPITAL_CALLS,
  PROP_HOSPITAL_CALL_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Migrations of timing.db: index i brings the schema from version i to i + 1. */
static const char * const timeline_migrations[] = {
  /* 1 */
  "CREATE TABLE events ("
  "  id          INTEGER PRIMARY KEY,"
  "  incident_id TEXT NOT NULL,"
  "  seq         INTEGER NOT NULL,"
  "  kind        TEXT NOT NULL,"
  "  detail      TEXT,"
  "  mono_us     INTEGER NOT NULL,"
  "  wall        TEXT NOT NULL,"
  "  unit_id     TEXT,"
  "  training    INTEGER NOT NULL,"
  "  app_version TEXT,"
  "  UNIQUE (incident_id, seq)"
  ");"
  "CREATE INDEX events_incident_id ON events (incident_id);",
  NULL
};

/* A retried event that did reach the disk before is not written twice. */
#define FC_TIMELINE_INSERT_SQL \
  "INSERT INTO events (incident_id, seq, kind, detail, mono_us, wall, unit_id, training, " \
  "app_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " \
  "ON CONFLICT (incident_id, seq) DO NOTHING"

typedef struct {
  FcTimeline      *timeline; /* (owned) */
  FcTimelineEvent *event;    /* (owned) */
} FcTimelineWrite;

static void
fc_timeline_write_free (FcTimelineWrite *write)
{
  g_clear_object (&write->timeline);
  g_clear_object (&write->event);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTimelineWrite, fc_timeline_write_free)

static void
fc_timeline_set_write_error (FcTimeline *self,
                             const char *message)
{
  if (g_strcmp0 (self->write_error, message) == 0)
    return;

  g_free (self->write_error);
  self->write_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_ERROR]);
}

static void
fc_timeline_set_pending (FcTimeline *self,
                         guint       pending)
{
  if (self->pending == pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static int
fc_timeline_compare_seq (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  guint seq_a = FC_TIMELINE_EVENT ((gpointer) a)->seq;
  guint seq_b = FC_TIMELINE_EVENT ((gpointer) b)->seq;

  return seq_a < seq_b ? -1 : seq_a > seq_b ? 1 : 0;
}

static void
fc_timeline_write_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FcTimelineWrite) write = user_data;
  FcTimeline *self = write->timeline;
  g_autoptr(GError) error = NULL;

  fc_store_execute_finish (FC_STORE (source), result, &error);

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      g_debug ("Event %u of incident %s not saved: %s",
               write->event->seq, self->incident_id, error->message);
      g_queue_insert_sorted (&self->unsaved, g_object_ref (write->event),
                             fc_timeline_compare_seq, NULL);
      /* Translators: %s is the database's reason, a whole sentence such as "The disk is
       * full: …". */
      message = g_strdup_printf (_("Timing events are kept in memory and saved again with the "
                                   "next event. They could not be saved: %s"),
                                 error->message);
      fc_timeline_set_write_error (self, message);
    }
  else if (g_queue_is_empty (&self->unsaved))
    {
      fc_timeline_set_write_error (self, NULL);
    }

  g_assert (self->pending > 0);
  fc_timeline_set_pending (self, self->pending - 1);
}

static void
fc_timeline_queue_write (FcTimeline      *self,
                         FcTimelineEvent *event)
{
  g_autofree char *wall = g_date_time_format_iso8601 (event->wall);
  FcTimelineWrite *write;
  GVariant *params;

  g_assert (self->store != NULL);

  params = g_variant_new ("(sxsmsxsmsbs)",
                          self->incident_id,
                          (gint64) event->seq,
                          event->kind,
                          event->detail,
                          event->monotonic,
                          wall,
                          self->unit_id,
                          self->training,
                          PACKAGE_VERSION);

  write = g_new0 (FcTimelineWrite, 1);
  write->timeline = g_object_ref (self);
  write->event = g_object_ref (event);

  fc_timeline_set_pending (self, self->pending + 1);
  fc_store_execute_async (self->store, FC_TIMELINE_INSERT_SQL, params, NULL,
                          fc_timeline_write_cb, write);
}

/* Queues again every event whose write failed, oldest first. */
static void
fc_timeline_retry_unsaved (FcTimeline *self)
{
  FcTimelineEvent *event;

  if (self->store == NULL)
    return;

  while ((event = g_queue_pop_head (&self->unsaved)) != NULL)
    {
      fc_timeline_queue_write (self, event);
      g_object_unref (event);
    }
}

static void
fc_timeline_free_wall (gpointer wall)
{
  if (wall != NULL)
    g_date_time_unref (wall);
}

static void
fc_timeline_constructed (GObject *object)
{
  FcTimeline *self = FC_TIMELINE (object);

  G_OBJECT_CLASS (fc_timeline_parent_class)->constructed (object);

  if (self->store == NULL)
    self->write_error = g_strdup (_("Timing events are kept in memory only and are lost when "
                                    "FieldCard closes: no timing database is open."));
}

static void
fc_timeline_dispose (GObject *object)
{
  FcTimeline *self = FC_TIMELINE (object);

  g_queue_clear_full (&self->unsaved, g_object_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fc_timeline_parent_class)->dispose (object);
}

static void
fc_timeline_finalize (GObject *object)
{
  FcTimeline *self = FC_TIMELINE (object);

  g_clear_object (&self->events);
  g_clear_pointer (&self->incident_id, g_free);
  g_clear_pointer (&self->unit_id, g_free);
  g_clear_pointer (&self->write_error, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->corrections, g_hash_table_unref);

  G_OBJECT_CLASS (fc_timeline_parent_class)->finalize (object);
}

static void
fc_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcTimeline *self = FC_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_INCIDENT_ID:
      g_value_set_string (value, self->incident_id);
      break;

    case PROP_UNIT_ID:
      g_value_set_string (value, self->unit_id);
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_WRITE_ERROR:
      g_value_set_string (value, self->write_error);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;

    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;

    case PROP_HOSPITAL_CALLS:
      g_value_set_uint (value, self->hospital_calls);
      break;

    case PROP_HOSPITAL_CALL_ACTIVE:
      g_value_set_boolean (value, self->hospital_call_active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FcTimeline *self = FC_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_UNIT_ID:
      self->unit_id = g_value_dup_string (value);
      break;

    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_timeline_class_init (FcTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fc_timeline_constructed;
  object_class->dispose = fc_timeline_dispose;
  object_class->finalize = fc_timeline_finalize;
  object_class->get_property = fc_timeline_get_property;
  object_class->set_property = fc_timeline_set_property;

  /**
   * FcTimeline:incident-id:
   *
   * A random UUID naming this incident in timing.db and in requests.
   */
  properties[PROP_INCIDENT_ID] =
    g_param_spec_string ("incident-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcTimeline:unit-id:
   *
   * The ambulance unit (a setting), or NULL.
   */
  properties[PROP_UNIT_ID] =
    g_param_spec_string ("unit-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimeline:training:
   *
   * Whether the events come from a training incident (flagged in every row).
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimeline:store:
   *
   * The timing database, or NULL to keep events in memory only.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         FC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimeline:write-error:
   *
   * A translated sentence for the UI while events are not saved, else NULL.
   */
  properties[PROP_WRITE_ERROR] =
    g_param_spec_string ("write-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcTimeline:pending:
   *
   * Writes queued and not yet confirmed.
   */
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcTimeline:events:
   *
   * The GListModel of FcTimelineEvent, in order.
   */
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcTimeline:hospital-calls:
   *
   * Hospital acceptance calls (照会) started so far in this incident.
   */
  properties[PROP_HOSPITAL_CALLS] =
    g_param_spec_uint ("hospital-calls", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FcTimeline:hospital-call-active:
   *
   * Whether a hospital acceptance call is in progress (the UI's button shows "end call").
   */
  properties[PROP_HOSPITAL_CALL_ACTIVE] =
    g_param_spec_boolean ("hospital-call-active", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_timeline_init (FcTimeline *self)
{
  self->incident_id = g_uuid_string_random ();
  self->events = g_list_store_new (FC_TYPE_TIMELINE_EVENT);
  self->context = g_main_context_ref_thread_default ();
  self->monotonic_now = g_get_monotonic_time;
  self->corrections = g_hash_table_new_full (NULL, NULL, NULL, fc_timeline_free_wall);
  g_queue_init (&self->unsaved);
}

/* Public API */

const char * const *
fc_timeline_get_migrations (void)
{
  return timeline_migrations;
}

/**
 * fc_timeline_new:
 * @store: (nullable): timing.db opened with fc_timeline_get_migrations(); NULL keeps events in
 *   memory only and "write-error" says so
 * @unit_id: (nullable): the unit, stored with every event
 * @training: flags every event as training
 *
 * Use the timeline from the thread that created it.
 *
 * Returns: (transfer full): a new timeline with a random incident id
 */
FcTimeline *
fc_timeline_new (FcStore    *store,
                 const char *unit_id,
                 gboolean    training)
{
  g_return_val_if_fail (store == NULL || FC_IS_STORE (store), NULL);

  return g_object_new (FC_TYPE_TIMELINE,
                       "store", store,
                       "unit-id", unit_id,
                       "training", training,
                       NULL);
}

const char *
fc_timeline_get_incident_id (FcTimeline *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);

  return self->incident_id;
}

/**
 * fc_timeline_append:
 * @self: a timeline
 * @kind: one of the FC_EVENT_* strings
 * @detail: (nullable): a short detail such as "source=cache" or a rule id. Never patient data:
 *   no names, card contents, identifiers, measured values or free text typed by the crew.
 *
 * Records the event now, appends it to the list and queues its write together with any earlier
 * event whose write failed.
 *
 * Returns: (transfer none): the event
 */
FcTimelineEvent *
fc_timeline_append (FcTimeline *self,
                    const char *kind,
                    const char *detail)
{
  g_autoptr(FcTimelineEvent) event = NULL;
  g_autoptr(GDateTime) wall = NULL;
  gint64 monotonic;

  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (kind != NULL && *kind != '\0', NULL);
  g_return_val_if_fail (g_utf8_validate (kind, -1, NULL), NULL);
  g_return_val_if_fail (detail == NULL || g_utf8_validate (detail, -1, NULL), NULL);

  monotonic = self->monotonic_now ();
  if (monotonic <= self->last_monotonic)
    monotonic = self->last_monotonic + 1;
  self->last_monotonic = monotonic;

  wall = g_date_time_new_now_local ();

  event = g_object_new (FC_TYPE_TIMELINE_EVENT,
                        "kind", kind,
                        "detail", detail,
                        "monotonic", monotonic,
                        "wall", wall,
                        "seq", ++self->last_seq,
                        NULL);

  g_list_store_append (self->events, event);

  if (self->store != NULL)
    {
      fc_timeline_retry_unsaved (self);
      fc_timeline_queue_write (self, event);
    }

  return event;
}

GListModel *
fc_timeline_get_events (FcTimeline *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);

  return G_LIST_MODEL (self->events);
}

const char *
fc_timeline_get_write_error (FcTimeline *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);

  return self->write_error;
}

/**
 * fc_timeline_flush:
 * @self: a timeline
 *
 * Queues again the events whose write failed, then waits (iterating the timeline's main
 * context) until every queued write has been answered. Afterwards "pending" is 0 and
 * "write-error" tells whether anything is still unsaved.
 */
void
fc_timeline_flush (FcTimeline *self)
{
  g_return_if_fail (FC_IS_TIMELINE (self));

  if (self->store == NULL)
    return;

  fc_timeline_retry_unsaved (self);

  if (!g_main_context_acquire (self->context))
    {
      g_critical ("%s: the timeline's main context belongs to another thread", G_STRFUNC);
      return;
    }

  g_object_ref (self);
  while (self->pending > 0)
    {
      /* After the worker ran every job, each pending answer is a ready idle source. */
      fc_store_flush (self->store);
      g_main_context_iteration (self->context, TRUE);
    }
  g_object_unref (self);

  g_main_context_release (self->context);
}

/**
 * fc_timeline_set_clock_for_testing:
 * @self: a timeline
 * @monotonic_now: (nullable): a clock in µs, or NULL for g_get_monotonic_time()
 *
 * Lets tests feed equal or decreasing clock values to check that the recorded times still
 * increase strictly.
 */
void
fc_timeline_set_clock_for_testing (FcTimeline      *self,
                                   FcTimelineClock  monotonic_now)
{
  g_return_if_fail (FC_IS_TIMELINE (self));

  self->monotonic_now = monotonic_now != NULL ? monotonic_now : g_get_monotonic_time;
}

static void
fc_timeline_set_hospital_call_active (FcTimeline *self,
                                      gboolean    active)
{
  if (self->hospital_call_active == active)
    return;
  self->hospital_call_active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALL_ACTIVE]);
}

/**
 * fc_timeline_hospital_call_start:
 * @self: a timeline with no hospital call in progress
 *
 * Records the start of a hospital acceptance call (照会) with its running number.
 *
 * Returns: (transfer none): the event
 */
FcTimelineEvent *
fc_timeline_hospital_call_start (FcTimeline *self)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (!self->hospital_call_active, NULL);

  self->hospital_calls++;
  detail = g_strdup_printf ("n=%u", self->hospital_calls);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALLS]);
  fc_timeline_set_hospital_call_active (self, TRUE);
  return fc_timeline_append (self, FC_EVENT_HOSPITAL_CALL_START, detail);
}

/**
 * fc_timeline_hospital_call_end:
 * @self: a timeline with a hospital call in progress
 * @accepted: whether the hospital accepted the patient
 *
 * Returns: (transfer none): the event
 */
FcTimelineEvent *
fc_timeline_hospital_call_end (FcTimeline *self,
                               gboolean    accepted)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (self->hospital_call_active, NULL);

  detail = g_strdup_printf ("n=%u outcome=%s", self->hospital_calls,
                            accepted ? "accepted" : "declined");
  fc_timeline_set_hospital_call_active (self, FALSE);
  return fc_timeline_append (self, FC_EVENT_HOSPITAL_CALL_END, detail);
}

gboolean
fc_timeline_get_hospital_call_active (FcTimeline *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), FALSE);

  return self->hospital_call_active;
}

guint
fc_timeline_get_hospital_calls (FcTimeline *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), 0);

  return self->hospital_calls;
}

/**
 * fc_timeline_mark_card_present:
 * @self: a timeline
 * @present: whether the patient has the card at hand
 *
 * Returns: (transfer none): the event
 */
FcTimelineEvent *
fc_timeline_mark_card_present (FcTimeline *self,
                               gboolean    present)
{
  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);

  return fc_timeline_append (self, FC_EVENT_CARD_PRESENT,
                             present ? "present=yes" : "present=no");
}
