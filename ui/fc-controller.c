/* fc-controller.c: the composition root of the touch UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller.h"

#include <glib/gi18n-lib.h>

#include "fc-card-transport.h"
#include "fc-paths.h"
#include "fc-rule-set.h"
#include "fc-store.h"
#include "fc-timeline.h"
#include "fc-training-kit.h"
#include "fc-ui-enums.h"

#define CARD_TIMEOUT_MS 30000
#define TRAINING_UNIT_ID "training-unit"

struct _FcController
{
  GObject        parent_instance;

  gboolean       training;
  FcFlowStep     step;
  GListStore    *scenarios;        /* (owned) of FcScenario */
  char          *scenario_errors;  /* (owned) (nullable) */

  /* One incident: */
  FcScenario    *scenario;         /* (owned) (nullable) */
  FcTrainingKit *kit;              /* (owned) (nullable) */
  FcStore       *store;            /* (owned) (nullable): NULL = memory-only timeline */
  FcTimeline    *timeline;         /* (owned) (nullable) */
  FcRuleSet     *rule_set;         /* (owned) (nullable): NULL = no warnings, said in "problem" */
  FcIncident    *incident;         /* (owned) (nullable) */
  GCancellable  *cancellable;      /* (owned) (nullable): the running card read / fetch */
  gboolean       summary_shown;

  gboolean       card_busy;
  char          *card_error;       /* (owned) (nullable) */
  GPtrArray     *problems;         /* (owned) (element-type utf8) */
  char          *problem;          /* (owned) (nullable): problems joined */
};

G_DEFINE_FINAL_TYPE (FcController, fc_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRAINING,
  PROP_STEP,
  PROP_SCENARIOS,
  PROP_SCENARIO_ERRORS,
  PROP_INCIDENT,
  PROP_SCENARIO,
  PROP_CARD_BUSY,
  PROP_CARD_ERROR,
  PROP_PROBLEM,
  N_PROPS
};

enum {
  SIGNAL_NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* g_set_str() is GLib 2.76; this is the same for 2.74. */
static gboolean
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_step (FcController *self,
          FcFlowStep    step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
set_card_busy (FcController *self,
               gboolean      busy)
{
  busy = !!busy;
  if (self->card_busy == busy)
    return;
  self->card_busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_BUSY]);
}

static void
set_card_error (FcController *self,
                const char   *message)
{
  if (replace_str (&self->card_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_ERROR]);
}

static void
notice (FcController *self,
        const char   *message)
{
  g_assert (message != NULL);
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, message);
}

static void
update_problem (FcController *self)
{
  g_autofree char *joined = NULL;

  if (self->problems->len > 0)
    {
      g_ptr_array_add (self->problems, NULL);
      joined = g_strjoinv ("\n", (char **) self->problems->pdata);
      g_ptr_array_remove_index (self->problems, self->problems->len - 1);
    }
  if (replace_str (&self->problem, joined))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
add_problem (FcController *self,
             const char   *message)
{
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (g_ptr_array_index (self->problems, i), message))
      return;
  g_ptr_array_add (self->problems, g_strdup (message));
  update_problem (self);
}

/* A plain sentence for the crew for a failed card read. */
static char *
card_error_message (const GError *error)
{
  if (error->domain == FC_CARD_ERROR)
    {
      switch ((FcCardError) error->code)
        {
        case FC_CARD_ERROR_NO_READER:
          return g_strdup (_("No card reader was found. Check that the reader is connected."));
        case FC_CARD_ERROR_NO_CARD:
          return g_strdup (_("No card was detected. Hold the card flat on the reader and try again."));
        case FC_CARD_ERROR_REMOVED:
          return g_strdup (_("The card was moved away while it was being read. Hold it still on the reader and try again."));
        case FC_CARD_ERROR_NOT_JPKI:
          return g_strdup (_("This is not a My Number card. Check the card and try again."));
        case FC_CARD_ERROR_STATUS:
          return g_strdup (_("The card reported an error. Try again, or continue without the card."));
        case FC_CARD_ERROR_MALFORMED:
          return g_strdup (_("The card's answer could not be understood. Try again, or continue without the card."));
        case FC_CARD_ERROR_UNTRUSTED:
          return g_strdup (_("The card's certificate is not from a trusted issuer. Continue without the card."));
        case FC_CARD_ERROR_PIN_BLOCKED:
          return g_strdup (_("The card is blocked. Continue without the card."));
        case FC_CARD_ERROR_IO:
          return g_strdup (_("The card reader failed. Check the reader and try again."));
        default:
          break;
        }
    }
  return g_strdup (error->message);
}

static void
incident_last_error_cb (FcController *self,
                        GParamSpec   *pspec,
                        FcIncident   *incident)
{
  const char *message;

  if (incident != self->incident)
    return;
  /* While the card is read, the card page shows the failure inline (and a failed fetch says
   * so when the summary step opens): no second message on top of it. */
  if (self->step == FC_FLOW_CARD)
    return;
  message = fc_incident_get_last_error (incident);
  if (message != NULL && *message != '\0')
    notice (self, message);
}

static void
timeline_write_error_cb (FcController *self,
                         GParamSpec   *pspec,
                         FcTimeline   *timeline)
{
  const char *message;
  g_autofree char *text = NULL;

  if (timeline != self->timeline)
    return;
  message = fc_timeline_get_write_error (timeline);
  if (message == NULL || *message == '\0')
    return;
  /* Translators: %s is the reason the timing log could not be written. */
  text = g_strdup_printf (_("The timing log could not be saved (%s). Events stay on screen and in memory; nothing already recorded is lost."),
                          message);
  add_problem (self, text);
  notice (self, text);
}

static void
drop_incident (FcController *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      fc_timeline_flush (self->timeline);
    }
  g_clear_object (&self->incident);
  g_clear_object (&self->timeline);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->kit);
  if (self->store != NULL)
    fc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->scenario);
  self->summary_shown = FALSE;

  set_card_busy (self, FALSE);
  set_card_error (self, NULL);
  g_ptr_array_set_size (self->problems, 0);
  update_problem (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

static void
fetch_summary_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  summary = fc_incident_fetch_summary_finish (incident, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || incident != self->incident)
    return;

  set_card_busy (self, FALSE);
  g_clear_object (&self->cancellable);
  if (summary == NULL)
    {
      /* Translators: %s says why the record could not be fetched. */
      g_autofree char *text = g_strdup_printf (_("No record: %s"), error->message);
      notice (self, text);
    }
  set_step (self, FC_FLOW_SUMMARY);
}

static void
read_card_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  FcSummarySource *source;

  identity = fc_incident_read_card_finish (incident, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || incident != self->incident)
    return;

  if (identity == NULL)
    {
      const char *last_error = fc_incident_get_last_error (incident);
      g_autofree char *message = NULL;

      /* The incident's own message is already translated and specific; ours is the fallback. */
      if (error->domain == FC_CARD_ERROR && last_error != NULL && *last_error != '\0')
        message = g_strdup (last_error);
      else
        message = card_error_message (error);

      g_clear_object (&self->cancellable);
      set_card_busy (self, FALSE);
      set_card_error (self, message);
      return;
    }

  source = self->kit != NULL ? fc_training_kit_get_source (self->kit) : NULL;
  if (source == NULL)
    {
      g_clear_object (&self->cancellable);
      set_card_busy (self, FALSE);
      notice (self, _("No record source is configured; continuing without the record."));
      set_step (self, FC_FLOW_SUMMARY);
      return;
    }

  fc_incident_fetch_summary_async (incident, source, self->cancellable,
                                   fetch_summary_cb, g_object_ref (self));
}

static void
fc_controller_dispose (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      fc_timeline_flush (self->timeline);
    }
  g_clear_object (&self->incident);
  g_clear_object (&self->timeline);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->kit);
  if (self->store != NULL)
    fc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->scenario);
  g_clear_object (&self->scenarios);

  G_OBJECT_CLASS (fc_controller_parent_class)->dispose (object);
}

static void
fc_controller_finalize (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  g_clear_pointer (&self->scenario_errors, g_free);
  g_clear_pointer (&self->card_error, g_free);
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
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_controller_class_init (FcControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_controller_dispose;
  object_class->finalize = fc_controller_finalize;
  object_class->get_property = fc_controller_get_property;
  object_class->set_property = fc_controller_set_property;

  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, FC_TYPE_FLOW_STEP, FC_FLOW_START,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIOS] =
    g_param_spec_object ("scenarios", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO_ERRORS] =
    g_param_spec_string ("scenario-errors", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, FC_TYPE_INCIDENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_BUSY] =
    g_param_spec_boolean ("card-busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_ERROR] =
    g_param_spec_string ("card-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
}

static void
fc_controller_init (FcController *self)
{
  self->training = TRUE;
  self->scenarios = g_list_store_new (FC_TYPE_SCENARIO);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

FcController *
fc_controller_new (gboolean training)
{
  return g_object_new (FC_TYPE_CONTROLLER, "training", training, NULL);
}

gboolean
fc_controller_get_training (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), TRUE);
  return self->training;
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
fc_controller_get_problem (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->problem;
}

void
fc_controller_load_scenarios (FcController *self,
                              const char   *dir)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *joined = NULL;
  guint n;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (dir == NULL)
    {
      data_dir = fc_paths_get_data_dir ();
      default_dir = g_build_filename (data_dir, "scenarios", NULL);
      dir = default_dir;
    }

  loaded = fc_scenario_load_directory (dir, &errors);
  g_list_store_remove_all (self->scenarios);
  n = loaded != NULL ? g_list_model_get_n_items (loaded) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (loaded, i);
      g_list_store_append (self->scenarios, scenario);
    }

  if (errors != NULL && errors->len > 0)
    {
      g_autofree char *lines = NULL;

      g_ptr_array_add (errors, NULL);
      lines = g_strjoinv ("\n", (char **) errors->pdata);
      /* Translators: followed by one "file: problem" line per scenario that failed to load. */
      joined = g_strdup_printf ("%s\n%s", _("Some training scenarios could not be loaded and are not listed:"),
                                lines);
    }
  else if (n == 0)
    {
      /* Translators: %s is a folder. */
      joined = g_strdup_printf (_("No training scenarios were found in %s."), dir);
    }

  if (replace_str (&self->scenario_errors, joined))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO_ERRORS]);
}

gboolean
fc_controller_start_incident (FcController  *self,
                              FcScenario    *scenario,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *rules_dir = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (FC_IS_SCENARIO (scenario), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kit = fc_training_kit_new (scenario, &local_error);
  if (kit == NULL)
    {
      /* Translators: %s says what is wrong with the scenario. */
      g_set_error (error, local_error->domain, local_error->code,
                   _("This scenario cannot be used: %s"), local_error->message);
      return FALSE;
    }

  drop_incident (self);
  self->kit = g_steal_pointer (&kit);
  self->scenario = g_object_ref (scenario);

  user_dir = fc_paths_get_user_dir (self->training);
  db_path = g_build_filename (user_dir, "timing.db", NULL);
  self->store = fc_store_open (db_path, fc_timeline_get_migrations (), &local_error);
  if (self->store == NULL)
    {
      /* Translators: %s is the reason the timing database could not be opened. */
      g_autofree char *text = g_strdup_printf (_("The timing log cannot be saved (%s). Times are kept in memory only for this incident."),
                                               local_error->message);
      add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->timeline = fc_timeline_new (self->store, TRAINING_UNIT_ID, self->training);
  g_signal_connect_object (self->timeline, "notify::write-error",
                           G_CALLBACK (timeline_write_error_cb), self, G_CONNECT_SWAPPED);

  rules_dir = fc_rule_set_default_dir ();
  self->rule_set = fc_rule_set_new_from_dir (rules_dir, &local_error);
  if (self->rule_set == NULL)
    {
      /* Translators: %s is the reason the rules could not be loaded. */
      g_autofree char *text = g_strdup_printf (_("Decision-support rules are missing (%s). No warnings will be shown: check the patient as usual."),
                                               local_error->message);
      add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->incident = fc_incident_new (self->timeline, self->rule_set, self->training);
  g_signal_connect_object (self->incident, "notify::last-error",
                           G_CALLBACK (incident_last_error_cb), self, G_CONNECT_SWAPPED);
  fc_incident_start (self->incident);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
  set_step (self, FC_FLOW_CONSENT);

  return TRUE;
}

gboolean
fc_controller_record_consent (FcController  *self,
                              FcConsent      consent,
                              const char    *reason,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->incident == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start an incident first."));
      return FALSE;
    }

  if (!fc_incident_record_consent (self->incident, consent, reason, error))
    return FALSE;

  if (consent == FC_CONSENT_REFUSED)
    set_step (self, FC_FLOW_REFUSED);
  else
    {
      set_step (self, FC_FLOW_CARD);
      fc_controller_read_card (self);
    }

  return TRUE;
}

void
fc_controller_read_card (FcController *self)
{
  FcCardTransport *transport;
  GPtrArray *anchors;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->card_busy)
    return;

  /* Consent refused (or not recorded): never touch the card. */
  if (fc_incident_get_consent (self->incident) != FC_CONSENT_GIVEN &&
      fc_incident_get_consent (self->incident) != FC_CONSENT_WAIVED_UNABLE)
    {
      set_card_error (self, _("Consent was not given: the card will not be read."));
      return;
    }

  transport = self->kit != NULL ? fc_training_kit_get_transport (self->kit) : NULL;
  anchors = self->kit != NULL ? fc_training_kit_get_trust_anchors (self->kit) : NULL;
  if (transport == NULL)
    {
      set_card_error (self, _("No card reader is configured."));
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_card_error (self, NULL);
  set_card_busy (self, TRUE);
  set_step (self, FC_FLOW_CARD);

  fc_incident_read_card_async (self->incident, transport, anchors, CARD_TIMEOUT_MS,
                               self->cancellable, read_card_cb, g_object_ref (self));
}

void
fc_controller_continue_without_card (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);
  if (self->incident != NULL)
    set_step (self, FC_FLOW_HANDOVER);
}

void
fc_controller_summary_shown (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->summary_shown)
    return;
  if (fc_incident_get_summary (self->incident) == NULL)
    return;
  self->summary_shown = TRUE;
  fc_incident_summary_shown (self->incident);
}

const char *
fc_controller_mark_label (const char *event_kind)
{
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (g_str_equal (event_kind, FC_EVENT_ARRIVED_SCENE))
    /* Translators: time mark: the crew arrived on scene (現着). */
    return _("On scene");
  if (g_str_equal (event_kind, FC_EVENT_PATIENT_CONTACT))
    /* Translators: time mark: first contact with the patient (接触). */
    return _("Contact");
  if (g_str_equal (event_kind, FC_EVENT_PATIENT_LOADED))
    /* Translators: time mark: patient loaded into the ambulance (車内収容). */
    return _("Loaded");
  if (g_str_equal (event_kind, FC_EVENT_LEFT_SCENE))
    /* Translators: time mark: the ambulance left the scene (現発). */
    return _("Left scene");
  return NULL;
}

char *
fc_controller_mark (FcController *self,
                    const char   *event_kind)
{
  GListModel *events;
  guint n;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *when = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (self->incident == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_HANDED_OVER)
    return NULL;

  fc_incident_mark (self->incident, event_kind);

  /* Show the time that was recorded, not a second reading of the clock. */
  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  if (n > 0)
    {
      g_autoptr(FcTimelineEvent) last = g_list_model_get_item (events, n - 1);

      if (g_strcmp0 (fc_timeline_event_get_kind (last), event_kind) == 0)
        when = fc_timeline_event_get_wall (last);
    }
  if (when == NULL)
    when = now = g_date_time_new_now_local ();

  return g_date_time_format (when, "%H:%M:%S");
}

void
fc_controller_acknowledge_warning (FcController *self,
                                   FcWarning    *warning)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));
  g_return_if_fail (FC_IS_WARNING (warning));

  if (self->incident == NULL || fc_warning_get_acknowledged (warning))
    return;
  fc_incident_acknowledge_warning (self->incident, warning);
}

void
fc_controller_request_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL)
    set_step (self, FC_FLOW_HANDOVER);
}

void
fc_controller_back_to_summary (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL && fc_incident_get_summary (self->incident) != NULL)
    set_step (self, FC_FLOW_SUMMARY);
}

void
fc_controller_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);

  fc_incident_handover (self->incident);
  /* Make sure every time mark is on disk before the crew is told the incident is closed. */
  fc_timeline_flush (self->timeline);
  set_step (self, FC_FLOW_DONE);
}

void
fc_controller_new_incident (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  drop_incident (self);
  set_step (self, FC_FLOW_START);
}
