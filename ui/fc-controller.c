/* fc-controller.c: the composition root of the touch UI: the object, its properties and
 * the state every part of it sets (the parts are in fc-controller-*.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>

#include "fc-http-source.h"
#include "fc-nfc-transport.h"
#include "fc-paths.h"
#include "fc-ui-enums.h"

G_DEFINE_FINAL_TYPE (FcController, fc_controller, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
fc_controller_notify (FcController     *self,
                      FcControllerProp  prop)
{
  g_assert (prop > PROP_0 && prop < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
fc_controller_emit (FcController       *self,
                    FcControllerSignal  signal_id)
{
  g_assert (signal_id != SIGNAL_NOTICE && signal_id < N_SIGNALS);
  g_signal_emit (self, signals[signal_id], 0);
}

gboolean
fc_controller_replace_str (char       **field,
                           const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
fc_controller_set_step (FcController *self,
                        FcFlowStep    step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  if (step == FC_FLOW_SUMMARY)
    fc_controller_collect_shown_warnings (self);
}

void
fc_controller_set_card_busy (FcController *self,
                             gboolean      busy)
{
  busy = !!busy;
  if (self->card_busy == busy)
    return;
  self->card_busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_BUSY]);
  fc_controller_update_reader_status (self);
}

void
fc_controller_set_card_error (FcController *self,
                              const char   *message)
{
  if (message == NULL)
    g_clear_pointer (&self->card_hint, g_free);
  if (fc_controller_replace_str (&self->card_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_ERROR]);
  fc_controller_update_reader_status (self);
}

void
fc_controller_set_card_notice (FcController *self,
                               const char   *message)
{
  if (fc_controller_replace_str (&self->card_notice, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_NOTICE]);
}

/* Sets the fetch state and its message together (one notify each, state last so that a view
 * reading the state sees the matching message). */
void
fc_controller_set_fetch_state (FcController *self,
                               FcFetchState  state,
                               const char   *error,
                               gboolean      can_retry)
{
  can_retry = !!can_retry;
  if (fc_controller_replace_str (&self->fetch_error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_ERROR]);
  if (self->fetch_can_retry != can_retry)
    {
      self->fetch_can_retry = can_retry;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_CAN_RETRY]);
    }
  if (self->fetch_state != state)
    {
      self->fetch_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_STATE]);
    }
}

void
fc_controller_notice (FcController *self,
                      const char   *message)
{
  g_assert (message != NULL);
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, message);
}

void
fc_controller_update_problem (FcController *self)
{
  g_autofree char *joined = NULL;

  if (self->problems->len > 0)
    {
      g_ptr_array_add (self->problems, NULL);
      joined = g_strjoinv ("\n", (char **) self->problems->pdata);
      g_ptr_array_remove_index (self->problems, self->problems->len - 1);
    }
  if (fc_controller_replace_str (&self->problem, joined))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

void
fc_controller_add_problem (FcController *self,
                           const char   *message)
{
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (g_ptr_array_index (self->problems, i), message))
      return;
  g_ptr_array_add (self->problems, g_strdup (message));
  fc_controller_update_problem (self);
}

static void
fc_controller_constructed (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);
  g_autoptr(GError) error = NULL;
  FcHttpSource *http;

  G_OBJECT_CLASS (fc_controller_parent_class)->constructed (object);

  if (self->config == NULL)
    {
      /* Training with a card reader: one reader thread for all incidents, as in real mode. */
      if (self->training && self->reader_connstring != NULL)
        self->reader = FC_CARD_TRANSPORT (fc_nfc_transport_new (self->reader_connstring));
      fc_controller_update_reader_status (self);
      return;
    }

  /* Real mode: one reader, one summary service connection and one cache for all incidents. */
  self->training = FALSE;
  self->reader = FC_CARD_TRANSPORT (fc_nfc_transport_new (self->config->reader_connstring));

  http = fc_http_source_new (self->config->server_url);
  fc_http_source_set_identifier_system (http, self->config->identifier_system);
  fc_http_source_set_ca_file (http, self->config->ca_file);
  fc_http_source_set_client_cert_file (http, self->config->client_cert_file);
  fc_http_source_set_client_key_file (http, self->config->client_key_file);
  if (self->config->connect_timeout > 0)
    fc_http_source_set_connect_timeout (http, self->config->connect_timeout);
  if (self->config->total_timeout > 0)
    fc_http_source_set_total_timeout (http, self->config->total_timeout);
  self->server = FC_SUMMARY_SOURCE (http);

  self->cache = fc_cache_open_default (FALSE, &error);
  if (self->cache == NULL)
    {
      /* Translators: %s is why the encrypted offline copy cannot be used. */
      self->mode_problem = g_strdup_printf (_("No offline copy can be kept (%s). The record is shown only while the server answers."),
                                            error->message);
      fc_controller_add_problem (self, self->mode_problem);
    }
  else
    {
      fc_cache_set_ttl (self->cache, (gint64) MAX (self->config->cache_ttl_hours, 1) * 3600);
      fc_http_source_set_cache (http, self->cache);
    }

  fc_controller_update_reader_status (self);
}

static void
fc_controller_dispose (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  fc_controller_release_incident (self);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->scenarios);
  g_clear_object (&self->reader);
  g_clear_object (&self->server);
  g_clear_object (&self->test_source);
  g_clear_pointer (&self->reader_anchors, g_ptr_array_unref);
  if (self->cache != NULL)
    fc_cache_close (self->cache);
  g_clear_object (&self->cache);
  if (self->audit != NULL)
    fc_audit_close (self->audit);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (fc_controller_parent_class)->dispose (object);
}

static void
fc_controller_finalize (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  g_clear_pointer (&self->config, fc_real_config_free);
  g_clear_pointer (&self->reader_connstring, g_free);
  g_clear_pointer (&self->shown_warnings, g_hash_table_unref);
  g_clear_pointer (&self->scenario_errors, g_free);
  g_clear_pointer (&self->card_error, g_free);
  g_clear_pointer (&self->card_hint, g_free);
  g_clear_pointer (&self->reader_status, g_free);
  g_clear_pointer (&self->card_notice, g_free);
  g_clear_pointer (&self->fetch_error, g_free);
  g_clear_pointer (&self->mode_problem, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_controller_parent_class)->finalize (object);
}

static void
fc_controller_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcController *self = FC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_SCENARIOS:
      g_value_set_object (value, self->scenarios);
      break;
    case PROP_SCENARIO_ERRORS:
      g_value_set_string (value, self->scenario_errors);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_CARD_BUSY:
      g_value_set_boolean (value, self->card_busy);
      break;
    case PROP_CARD_ERROR:
      g_value_set_string (value, self->card_error);
      break;
    case PROP_CARD_NOTICE:
      g_value_set_string (value, self->card_notice);
      break;
    case PROP_READER_STATUS:
      g_value_set_string (value, self->reader_status);
      break;
    case PROP_FETCH_STATE:
      g_value_set_enum (value, self->fetch_state);
      break;
    case PROP_FETCH_ERROR:
      g_value_set_string (value, self->fetch_error);
      break;
    case PROP_FETCH_CAN_RETRY:
      g_value_set_boolean (value, self->fetch_can_retry);
      break;
    case PROP_NEXT_MARK:
      g_value_set_string (value, self->next_mark);
      break;
    case PROP_HOSPITAL_CALL_ACTIVE:
      g_value_set_boolean (value, fc_controller_get_hospital_call_active (self));
      break;
    case PROP_HOSPITAL_CALLS:
      g_value_set_uint (value, fc_controller_get_hospital_calls (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_READER_CONNSTRING:
      g_value_set_string (value, self->reader_connstring);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_controller_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcController *self = FC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_READER_CONNSTRING:
      g_free (self->reader_connstring);
      self->reader_connstring = g_value_dup_string (value);
      if (self->reader_connstring != NULL && *self->reader_connstring == '\0')
        g_clear_pointer (&self->reader_connstring, g_free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_controller_class_init (FcControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fc_controller_constructed;
  object_class->dispose = fc_controller_dispose;
  object_class->finalize = fc_controller_finalize;
  object_class->get_property = fc_controller_get_property;
  object_class->set_property = fc_controller_set_property;

  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, FC_TYPE_REAL_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, FC_TYPE_FLOW_STEP, FC_FLOW_START, ro);
  properties[PROP_SCENARIOS] =
    g_param_spec_object ("scenarios", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO_ERRORS] =
    g_param_spec_string ("scenario-errors", NULL, NULL, NULL, ro);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, FC_TYPE_INCIDENT, ro);
  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO, ro);
  properties[PROP_CARD_BUSY] =
    g_param_spec_boolean ("card-busy", NULL, NULL, FALSE, ro);
  properties[PROP_CARD_ERROR] =
    g_param_spec_string ("card-error", NULL, NULL, NULL, ro);
  properties[PROP_CARD_NOTICE] =
    g_param_spec_string ("card-notice", NULL, NULL, NULL, ro);
  properties[PROP_READER_STATUS] =
    g_param_spec_string ("reader-status", NULL, NULL, NULL, ro);
  properties[PROP_FETCH_STATE] =
    g_param_spec_enum ("fetch-state", NULL, NULL, FC_TYPE_FETCH_STATE, FC_FETCH_IDLE, ro);
  properties[PROP_FETCH_ERROR] =
    g_param_spec_string ("fetch-error", NULL, NULL, NULL, ro);
  properties[PROP_FETCH_CAN_RETRY] =
    g_param_spec_boolean ("fetch-can-retry", NULL, NULL, FALSE, ro);
  properties[PROP_NEXT_MARK] =
    g_param_spec_string ("next-mark", NULL, NULL, NULL, ro);
  properties[PROP_HOSPITAL_CALL_ACTIVE] =
    g_param_spec_boolean ("hospital-call-active", NULL, NULL, FALSE, ro);
  properties[PROP_HOSPITAL_CALLS] =
    g_param_spec_uint ("hospital-calls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, ro);
  properties[PROP_READER_CONNSTRING] =
    g_param_spec_string ("reader-connstring", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcController::notice:
   * @message: a short, translated message
   *
   * Something the crew should see briefly (a toast): a time mark, a failed step.
   */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FcController::marks-changed:
   *
   * The open incident's timeline got an event (a mark, a correction, a step) or the incident
   * changed: views of marks and of the timeline refresh.
   */
  signals[SIGNAL_MARKS_CHANGED] =
    g_signal_new ("marks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * FcController::training-changed:
   *
   * The training kit was replaced (another incident) or its live state changed: paused,
   * network lost or restored, card pulled or back, a value revealed. Trainer views refresh.
   */
  signals[SIGNAL_TRAINING_CHANGED] =
    g_signal_new ("training-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
fc_controller_init (FcController *self)
{
  self->training = TRUE;
  self->scenarios = g_list_store_new (FC_TYPE_SCENARIO);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->shown_warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FcController *
fc_controller_new (gboolean training)
{
  return g_object_new (FC_TYPE_CONTROLLER, "training", training, NULL);
}

FcController *
fc_controller_new_real (const FcRealConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_object_new (FC_TYPE_CONTROLLER, "training", FALSE, "config", config, NULL);
}

FcController *
fc_controller_new_training_reader (const char *connstring)
{
  g_return_val_if_fail (connstring != NULL && *connstring != '\0', NULL);

  return g_object_new (FC_TYPE_CONTROLLER,
                       "training", TRUE,
                       "reader-connstring", connstring,
                       NULL);
}

const char *
fc_controller_get_reader_connstring (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->config == NULL ? self->reader_connstring : NULL;
}

char *
fc_controller_dup_training_ca_path (void)
{
  g_autofree char *dir = fc_paths_get_user_dir (TRUE);

  return g_build_filename (dir, FC_TRAINING_CA_FILE, NULL);
}

gboolean
fc_controller_get_training (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), TRUE);
  return self->training;
}

const FcRealConfig *
fc_controller_get_config (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->config;
}

FcFlowStep
fc_controller_get_step (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FC_FLOW_START);
  return self->step;
}

GListModel *
fc_controller_get_scenarios (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return G_LIST_MODEL (self->scenarios);
}

const char *
fc_controller_get_scenario_errors (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->scenario_errors;
}

FcIncident *
fc_controller_get_incident (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->incident;
}

FcTimeline *
fc_controller_get_timeline (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->incident != NULL ? self->timeline : NULL;
}

FcScenario *
fc_controller_get_scenario (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->scenario;
}

gboolean
fc_controller_get_card_busy (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->card_busy;
}

const char *
fc_controller_get_card_error (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->card_error;
}

const char *
fc_controller_get_card_notice (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->card_notice;
}

const char *
fc_controller_get_reader_status (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->reader_status;
}

FcFetchState
fc_controller_get_fetch_state (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FC_FETCH_IDLE);
  return self->fetch_state;
}

const char *
fc_controller_get_fetch_error (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->fetch_error;
}

gboolean
fc_controller_get_fetch_can_retry (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->fetch_can_retry;
}

const char *
fc_controller_get_problem (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->problem;
}
