/* fc-scenario-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-scenario-source"

#include "config.h"

#include "fc-scenario-source.h"

#include <glib/gi18n-lib.h>

#include "fc-fhir-reader.h"

struct _FcScenarioSource
{
  GObject     parent_instance;

  FcScenario *scenario;       /* (owned) */
  guint       request_count;
};

static void fc_scenario_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcScenarioSource, fc_scenario_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      fc_scenario_source_iface_init))

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_REQUEST_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Task data: what the worker needs, copied so that it touches nothing else. */
typedef struct
{
  char    *bundle_path;  /* (owned) */
  char    *network;      /* (owned) */
  GSource *delay;        /* (owned) (nullable) the fetch-delay timeout */
  GSource *cancelled;    /* (owned) (nullable) fires when the cancellable is cancelled */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  if (data->delay != NULL)
    {
      g_source_destroy (data->delay);
      g_source_unref (data->delay);
    }
  if (data->cancelled != NULL)
    {
      g_source_destroy (data->cancelled);
      g_source_unref (data->cancelled);
    }
  g_free (data->bundle_path);
  g_free (data->network);
  g_free (data);
}

/* Stops both sources of @data (the task is about to return). */
static void
fetch_data_stop_sources (FetchData *data)
{
  if (data->delay != NULL)
    {
      g_source_destroy (data->delay);
      g_clear_pointer (&data->delay, g_source_unref);
    }
  if (data->cancelled != NULL)
    {
      g_source_destroy (data->cancelled);
      g_clear_pointer (&data->cancelled, g_source_unref);
    }
}

static void
read_bundle_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  summary = fc_fhir_read_bundle_file (data->bundle_path, NULL, &error);
  if (summary == NULL)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED,
                               _("The training summary could not be read: %s"),
                               error->message);
      return;
    }

  now = g_date_time_new_now_local ();
  fc_summary_set_provenance (summary, FC_PROVENANCE_SCENARIO);
  fc_summary_set_retrieved (summary, now);

  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);

  fetch_data_stop_sources (data);
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static gboolean
delay_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);

  fetch_data_stop_sources (data);

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (g_str_equal (data->network, "offline"))
    g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                             _("No network connection (training scenario)"));
  else if (g_str_equal (data->network, "503"))
    g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                             _("The summary service is unavailable (HTTP 503, training scenario)"));
  else if (g_str_equal (data->network, "not-found"))
    g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND,
                             _("No record for this card (training scenario)"));
  else
    g_task_run_in_thread (task, read_bundle_thread);

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
  data->network = g_strdup (fc_scenario_get_network (self->scenario));
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  context = g_task_get_context (task);

  /* Each source holds a task reference (dropped when the source is destroyed). Whichever
   * callback runs first destroys both, so the task returns exactly once. */
  data->delay = g_timeout_source_new (fc_scenario_get_fetch_delay_ms (self->scenario));
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_scenario_source_init (FcScenarioSource *self)
{
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
