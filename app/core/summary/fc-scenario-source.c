/* fc-scenario-source.c
 *
 * A fetch waits for the scenario's delay on the caller's main context, then decides from the
 * live network state (so a network lost during the delay fails it), and reads the bundle on a
 * worker thread. The worker touches only its task data; the bookkeeping (records served, the
 * network dropping after the first fetch) happens back on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-scenario-source"

#include "config.h"

#include "fc-scenario-source.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-fhir-reader.h"

#define MAX_DELAY_SCALE 10.0

struct _FcScenarioSource
{
  GObject     parent_instance;

  FcScenario *scenario;       /* (owned) */
  char       *network;        /* (owned) the current mode */
  GPtrArray  *held;           /* (owned) (element-type GTask): answers due while paused */
  double      delay_scale;
  guint       request_count;
  guint       served_count;
  gboolean    network_lost;
  gboolean    paused;
};

static void fc_scenario_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcScenarioSource, fc_scenario_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      fc_scenario_source_iface_init))

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_REQUEST_COUNT,
  PROP_SERVED_COUNT,
  PROP_NETWORK,
  PROP_NETWORK_LOST,
  PROP_PAUSED,
  PROP_DELAY_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const network_modes[] = {
  "online", "offline", "503", "not-found", "drops-after-fetch", NULL
};

/* Task data: what the worker needs, copied so that it touches nothing else. */
typedef struct
{
  char      *bundle_path;  /* (owned) */
  GDateTime *today;        /* (owned) (nullable): the scenario's day */
  GSource   *delay;        /* (owned) (nullable) the fetch-delay timeout */
  GSource   *cancelled;    /* (owned) (nullable) fires when the cancellable is cancelled */
} FetchData;

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
fetch_data_free (FetchData *data)
{
  destroy_source (&data->delay);
  destroy_source (&data->cancelled);
  g_clear_pointer (&data->today, g_date_time_unref);
  g_free (data->bundle_path);
  g_free (data);
}

/* Moves a "YYYY-MM-DD…" date by @days; other forms are kept. */
static char *
shift_date (const char *date,
            int         days)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) moved = NULL;
  g_autofree char *head = NULL;
  g_autofree char *formatted = NULL;
  guint64 year, month, mday;

  if (strlen (date) < 10 || date[4] != '-' || date[7] != '-')
    return g_strdup (date);

  head = g_strndup (date, 10);
  head[4] = head[7] = '\0';
  if (!g_ascii_string_to_unsigned (head, 10, 1, 9999, &year, NULL)
      || !g_ascii_string_to_unsigned (head + 5, 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (head + 8, 10, 1, 31, &mday, NULL))
    return g_strdup (date);

  day = g_date_time_new_utc ((int) year, (int) month, (int) mday, 12, 0, 0);
  if (day == NULL)
    return g_strdup (date);
  moved = g_date_time_add_days (day, days);
  formatted = g_date_time_format (moved, "%Y-%m-%d");
  return g_strconcat (formatted, date + 10, NULL);
}

/* Whole days from @today's date to @now's date (local calendar days). */
static int
days_between (GDateTime *today,
              GDateTime *now)
{
  g_autoptr(GDateTime) a = g_date_time_new_utc (g_date_time_get_year (today),
                                                g_date_time_get_month (today),
                                                g_date_time_get_day_of_month (today), 0, 0, 0);
  g_autoptr(GDateTime) b = g_date_time_new_utc (g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);

  return (int) (g_date_time_difference (b, a) / G_TIME_SPAN_DAY);
}

/* Reads @bundle_path as of @today and moves its dates to @now. */
static FcSummary *
read_record (const char  *bundle_path,
             GDateTime   *today,
             GDateTime   *now,
             GError     **error)
{
  g_autoptr(FcSummary) summary = NULL;
  GListModel *items;
  int days;

  summary = fc_fhir_read_bundle_file (bundle_path, today, error);
  if (summary == NULL)
    return NULL;

  fc_summary_set_provenance (summary, FC_PROVENANCE_SCENARIO);
  fc_summary_set_retrieved (summary, now);

  if (today == NULL)
    return g_steal_pointer (&summary);

  days = days_between (today, now);
  items = fc_summary_get_items (summary);
  for (guint i = 0; days != 0 && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);
      const char *date = fc_summary_item_get_date (item);
      g_autofree char *moved = NULL;

      if (date == NULL)
        continue;
      moved = shift_date (date, days);
      fc_summary_item_set_date (item, moved);
    }

  return g_steal_pointer (&summary);
}

FcSummary *
fc_scenario_source_read_record (FcScenario  *scenario,
                                GDateTime   *now,
                                GError     **error)
{
  g_autoptr(GDateTime) now_local = NULL;

  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  now_local = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  return read_record (fc_scenario_get_bundle_path (scenario), fc_scenario_get_today (scenario),
                      now_local, error);
}

static void
read_bundle_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  summary = read_record (data->bundle_path, data->today, now, &error);
  if (summary == NULL)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED,
                               _("The training summary could not be read: %s"),
                               error->message);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

static void
set_network_lost (FcScenarioSource *self,
                  gboolean          lost)
{
  lost = !!lost;
  if (self->network_lost == lost)
    return;
  self->network_lost = lost;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_LOST]);
}

/* Back on the main context: the worker read the bundle for the outer task @user_data. */
static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FcScenarioSource *self = FC_SCENARIO_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FcSummary *summary;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  if (summary == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->served_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVED_COUNT]);
  if (g_str_equal (self->network, "drops-after-fetch"))
    set_network_lost (self, TRUE);

  g_task_return_pointer (task, summary, g_object_unref);
}

/* The answer is due: decides from the live network state. */
static void
answer (FcScenarioSource *self,
        GTask            *task)
{
  FetchData *data = g_task_get_task_data (task);
  GTask *reader;

  destroy_source (&data->cancelled);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->network_lost || g_str_equal (self->network, "offline"))
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                               _("No network connection (training scenario)"));
      return;
    }
  if (g_str_equal (self->network, "503"))
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                               _("The summary service is unavailable (HTTP 503, training scenario)"));
      return;
    }
  if (g_str_equal (self->network, "not-found"))
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND,
                               _("No record for this card (training scenario)"));
      return;
    }

  reader = g_task_new (self, g_task_get_cancellable (task), read_done_cb, g_object_ref (task));
  g_task_set_source_tag (reader, read_done_cb);
  g_task_set_name (reader, "[fc] scenario bundle read");
  g_task_set_task_data (reader, g_task_get_task_data (task), NULL);
  /* The outer task keeps the data alive: read_done_cb holds it until the reader returns. */
  g_task_run_in_thread (reader, read_bundle_thread);
  g_object_unref (reader);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  FcScenarioSource *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);

  destroy_source (&data->delay);
  destroy_source (&data->cancelled);
  if (g_ptr_array_remove (self->held, task))
    g_debug ("A held answer was cancelled");
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static gboolean
delay_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  FcScenarioSource *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);

  destroy_source (&data->delay);

  if (self->paused)
    g_ptr_array_add (self->held, g_object_ref (task));
  else
    answer (self, task);

  return G_SOURCE_REMOVE;
}

static void
fc_scenario_source_fetch_async (FcSummarySource     *source,
                                FcCardIdentity      *identity,
                                FcConsent            consent,
                                const char          *incident_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  FcScenarioSource *self = FC_SCENARIO_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  GMainContext *context;
  FetchData *data;
  double delay_ms;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_scenario_source_fetch_async);
  g_task_set_name (task, "[fc] scenario fetch");

  /* Nothing is read without consent or its emergency waiver. */
  if (consent == FC_CONSENT_REFUSED || consent == FC_CONSENT_NONE)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                               consent == FC_CONSENT_REFUSED
                               ? _("The patient refused consent; nothing was fetched")
                               : _("Consent has not been recorded; nothing was fetched"));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  self->request_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COUNT]);

  data = g_new0 (FetchData, 1);
  data->bundle_path = g_strdup (fc_scenario_get_bundle_path (self->scenario));
  if (fc_scenario_get_today (self->scenario) != NULL)
    data->today = g_date_time_ref (fc_scenario_get_today (self->scenario));
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  context = g_task_get_context (task);
  delay_ms = fc_scenario_get_fetch_delay_ms (self->scenario) * self->delay_scale;

  /* Each source holds a task reference (dropped when the source is destroyed). Whichever
   * callback runs first destroys the other, so the task returns exactly once. */
  data->delay = g_timeout_source_new ((guint) MIN (delay_ms, (double) G_MAXUINT));
  g_source_set_name (data->delay, "[fc] scenario fetch delay");
  g_source_set_callback (data->delay, delay_done_cb, g_object_ref (task), g_object_unref);

  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_name (data->cancelled, "[fc] scenario fetch cancelled");
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancelled, context);
    }

  g_source_attach (data->delay, context);
}

static FcSummary *
fc_scenario_source_fetch_finish (FcSummarySource  *source,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_scenario_source_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fc_scenario_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = fc_scenario_source_fetch_async;
  iface->fetch_finish = fc_scenario_source_fetch_finish;
}

static void
fc_scenario_source_finalize (GObject *object)
{
  FcScenarioSource *self = (FcScenarioSource *)object;

  g_clear_object (&self->scenario);
  g_clear_pointer (&self->network, g_free);
  g_clear_pointer (&self->held, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_scenario_source_parent_class)->finalize (object);
}

static void
fc_scenario_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FcScenarioSource *self = FC_SCENARIO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;

    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, self->request_count);
      break;

    case PROP_SERVED_COUNT:
      g_value_set_uint (value, self->served_count);
      break;

    case PROP_NETWORK:
      g_value_set_string (value, self->network);
      break;

    case PROP_NETWORK_LOST:
      g_value_set_boolean (value, self->network_lost);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_DELAY_SCALE:
      g_value_set_double (value, self->delay_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scenario_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FcScenarioSource *self = FC_SCENARIO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_set_object (&self->scenario, g_value_get_object (value));
      if (self->scenario != NULL)
        {
          g_free (self->network);
          self->network = g_strdup (fc_scenario_get_network (self->scenario));
        }
      break;

    case PROP_NETWORK:
      fc_scenario_source_set_network (self, g_value_get_string (value));
      break;

    case PROP_NETWORK_LOST:
      fc_scenario_source_set_network_lost (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSED:
      fc_scenario_source_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_DELAY_SCALE:
      fc_scenario_source_set_delay_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scenario_source_class_init (FcScenarioSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_scenario_source_finalize;
  object_class->get_property = fc_scenario_source_get_property;
  object_class->set_property = fc_scenario_source_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL,
                         FC_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_COUNT] =
    g_param_spec_uint ("request-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVED_COUNT] =
    g_param_spec_uint ("served-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK] =
    g_param_spec_string ("network", NULL, NULL,
                         "online",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_LOST] =
    g_param_spec_boolean ("network-lost", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY_SCALE] =
    g_param_spec_double ("delay-scale", NULL, NULL,
                         0.0, MAX_DELAY_SCALE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_scenario_source_init (FcScenarioSource *self)
{
  self->network = g_strdup ("online");
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->delay_scale = 1.0;
}

FcScenarioSource *
fc_scenario_source_new (FcScenario *scenario)
{
  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);

  return g_object_new (FC_TYPE_SCENARIO_SOURCE,
                       "scenario", scenario,
                       NULL);
}

guint
fc_scenario_source_get_request_count (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), 0);

  return self->request_count;
}

guint
fc_scenario_source_get_served_count (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), 0);

  return self->served_count;
}

FcScenario *
fc_scenario_source_get_scenario (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), NULL);

  return self->scenario;
}

const char *
fc_scenario_source_get_network (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), NULL);

  return self->network;
}

void
fc_scenario_source_set_network (FcScenarioSource *self,
                                const char       *mode)
{
  g_return_if_fail (FC_IS_SCENARIO_SOURCE (self));
  g_return_if_fail (mode != NULL && g_strv_contains (network_modes, mode));

  if (g_str_equal (self->network, mode))
    return;
  g_free (self->network);
  self->network = g_strdup (mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
}

gboolean
fc_scenario_source_get_network_lost (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), FALSE);

  return self->network_lost;
}

void
fc_scenario_source_set_network_lost (FcScenarioSource *self,
                                     gboolean          lost)
{
  g_return_if_fail (FC_IS_SCENARIO_SOURCE (self));

  set_network_lost (self, lost);
}

gboolean
fc_scenario_source_get_paused (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), FALSE);

  return self->paused;
}

void
fc_scenario_source_set_paused (FcScenarioSource *self,
                               gboolean          paused)
{
  g_autoptr(GPtrArray) held = NULL;

  g_return_if_fail (FC_IS_SCENARIO_SOURCE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  /* Keep self alive while releasing: a released task may drop the last reference. */
  g_object_ref (self);
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);

  if (!paused)
    {
      held = g_steal_pointer (&self->held);
      self->held = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < held->len; i++)
        answer (self, g_ptr_array_index (held, i));
    }
  g_object_unref (self);
}

double
fc_scenario_source_get_delay_scale (FcScenarioSource *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO_SOURCE (self), 1.0);

  return self->delay_scale;
}

void
fc_scenario_source_set_delay_scale (FcScenarioSource *self,
                                    double            scale)
{
  g_return_if_fail (FC_IS_SCENARIO_SOURCE (self));
  g_return_if_fail (scale >= 0.0 && scale <= MAX_DELAY_SCALE);

  if (self->delay_scale == scale)
    return;
  self->delay_scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY_SCALE]);
}

void
fc_scenario_source_reset (FcScenarioSource *self)
{
  g_return_if_fail (FC_IS_SCENARIO_SOURCE (self));

  g_object_freeze_notify (G_OBJECT (self));
  fc_scenario_source_set_network (self, fc_scenario_get_network (self->scenario));
  set_network_lost (self, FALSE);
  fc_scenario_source_set_paused (self, FALSE);
  if (self->served_count != 0)
    {
      self->served_count = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVED_COUNT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
