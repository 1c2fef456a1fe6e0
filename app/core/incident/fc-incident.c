/* fc-incident.c: the state machine of one call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-incident.h"
#include "fc-jpki.h"
#include "fc-core-enums.h"

struct _FcIncident
{
  GObject          parent_instance;

  FcTimeline      *timeline;   /* (owned) */
  FcRuleSet       *rule_set;   /* (owned) (nullable) */
  FcFindings      *findings;   /* (owned) */
  GListStore      *warnings;   /* (owned) of FcWarning */
  FcCardIdentity  *identity;   /* (owned) (nullable) */
  FcSummary       *summary;    /* (owned) (nullable) */
  char            *last_error; /* (owned) (nullable) */
  char            *consent_reason; /* (owned) (nullable) */
  FcIncidentState  state;
  FcConsent        consent;
  gboolean         training;

  /* Findings as last recorded in the timeline. */
  FcConsciousness  seen_consciousness;
  FcGlucoseState   seen_glucose_state;
  int              seen_glucose;
  guint            seen_flags;
};

G_DEFINE_FINAL_TYPE (FcIncident, fc_incident, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-incident-error-quark, fc_incident_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_CONSENT,
  PROP_IDENTITY,
  PROP_SUMMARY,
  PROP_FINDINGS,
  PROP_WARNINGS,
  PROP_TIMELINE,
  PROP_RULE_SET,
  PROP_TRAINING,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (FcIncident      *self,
           FcIncidentState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (FcIncident *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* Records a failure as a timing event: the step and the error's domain and code only, never its
 * message (which may quote patient data). */
static void
record_failure (FcIncident   *self,
                const char   *step,
                const GError *error)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("step=%s domain=%s code=%d", step,
                            g_quark_to_string (error->domain), error->code);
  fc_timeline_append (self->timeline, FC_EVENT_FAILURE, detail);
  set_last_error (self, error->message);
}

static const char *
consent_to_string (FcConsent consent)
{
  switch (consent)
    {
    case FC_CONSENT_GIVEN:
      return "given";
    case FC_CONSENT_WAIVED_UNABLE:
      return "waived_unable";
    case FC_CONSENT_REFUSED:
      return "refused";
    case FC_CONSENT_NONE:
    default:
      return "none";
    }
}

static void
reevaluate (FcIncident *self)
{
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (self->rule_set == NULL || self->summary == NULL)
    {
      g_list_store_remove_all (self->warnings);
      return;
    }

  fresh = fc_rule_set_evaluate (self->rule_set, self->summary, self->findings);
  n = g_list_model_get_n_items (fresh);
  items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      FcWarning *warning = g_list_model_get_item (fresh, i);
      guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->warnings));

      /* Keep a warning the crew already acknowledged acknowledged when it is still there. */
      for (guint j = 0; j < old_n; j++)
        {
          g_autoptr(FcWarning) old = g_list_model_get_item (G_LIST_MODEL (self->warnings), j);

          if (g_strcmp0 (fc_warning_get_rule_id (old), fc_warning_get_rule_id (warning)) == 0 &&
              g_strcmp0 (fc_warning_get_message_en (old), fc_warning_get_message_en (warning)) == 0 &&
              fc_warning_get_acknowledged (old))
            fc_warning_set_acknowledged (warning, TRUE);
        }
      g_ptr_array_add (items, warning);
    }

  g_list_store_splice (self->warnings, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->warnings)),
                       items->pdata, items->len);
}

static const char * const finding_flags[] = { "head-injury", "bleeding", "anaphylaxis", "seizure" };

/* Records which findings changed since the last "changed" emission: the kind only; the value is
 * clinical data and stays out of timing logs. */
static void
record_finding_events (FcIncident *self)
{
  FcConsciousness consciousness = fc_findings_get_consciousness (self->findings);
  FcGlucoseState glucose_state = fc_findings_get_glucose_state (self->findings);
  int glucose = fc_findings_get_glucose_mg_dl (self->findings);

  if (consciousness != self->seen_consciousness)
    fc_timeline_append (self->timeline, FC_EVENT_FINDING, "kind=consciousness");
  if (glucose_state != self->seen_glucose_state ||
      (glucose_state == FC_GLUCOSE_VALUE && glucose != self->seen_glucose))
    fc_timeline_append (self->timeline, FC_EVENT_FINDING, "kind=glucose");
  for (guint i = 0; i < G_N_ELEMENTS (finding_flags); i++)
    {
      gboolean flag = fc_findings_get_flag (self->findings, finding_flags[i]);

      if ((guint) flag != ((self->seen_flags >> i) & 1u))
        {
          g_autofree char *detail = g_strdup_printf ("kind=%s", finding_flags[i]);

          fc_timeline_append (self->timeline, FC_EVENT_FINDING, detail);
          self->seen_flags ^= 1u << i;
        }
    }
  self->seen_consciousness = consciousness;
  self->seen_glucose_state = glucose_state;
  self->seen_glucose = glucose;
}

static void
findings_changed_cb (FcIncident *self,
                     FcFindings *findings)
{
  record_finding_events (self);
  reevaluate (self);
}

static void
fc_incident_dispose (GObject *object)
{
  FcIncident *self = (FcIncident *)object;

  if (self->findings != NULL)
    g_signal_handlers_disconnect_by_data (self->findings, self);
  g_clear_object (&self->identity);
  g_clear_object (&self->summary);
  g_clear_object (&self->findings);
  g_clear_object (&self->warnings);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (fc_incident_parent_class)->dispose (object);
}

static void
fc_incident_finalize (GObject *object)
{
  FcIncident *self = (FcIncident *)object;

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->consent_reason, g_free);

  G_OBJECT_CLASS (fc_incident_parent_class)->finalize (object);
}

static void
fc_incident_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcIncident *self = FC_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONSENT:
      g_value_set_enum (value, self->consent);
      break;
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    case PROP_FINDINGS:
      g_value_set_object (value, self->findings);
      break;
    case PROP_WARNINGS:
      g_value_set_object (value, self->warnings);
      break;
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    case PROP_RULE_SET:
      g_value_set_object (value, self->rule_set);
      break;
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_incident_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FcIncident *self = FC_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      self->timeline = g_value_dup_object (value);
      break;
    case PROP_RULE_SET:
      self->rule_set = g_value_dup_object (value);
      break;
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_incident_class_init (FcIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_incident_dispose;
  object_class->finalize = fc_incident_finalize;
  object_class->get_property = fc_incident_get_property;
  object_class->set_property = fc_incident_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FC_TYPE_INCIDENT_STATE, FC_INCIDENT_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONSENT] =
    g_param_spec_enum ("consent", NULL, NULL, FC_TYPE_CONSENT, FC_CONSENT_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, FC_TYPE_CARD_IDENTITY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, FC_TYPE_SUMMARY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINDINGS] =
    g_param_spec_object ("findings", NULL, NULL, FC_TYPE_FINDINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNINGS] =
    g_param_spec_object ("warnings", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, FC_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE_SET] =
    g_param_spec_object ("rule-set", NULL, NULL, FC_TYPE_RULE_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_incident_init (FcIncident *self)
{
  self->state = FC_INCIDENT_STATE_NEW;
  self->consent = FC_CONSENT_NONE;
  self->findings = fc_findings_new ();
  self->warnings = g_list_store_new (FC_TYPE_WARNING);

  g_signal_connect_object (self->findings, "changed", G_CALLBACK (findings_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * fc_incident_new:
 * @timeline: where the incident's timing events go
 * @rule_set: (nullable): the decision-support rules; NULL when they could not be loaded
 * @training: whether this is a training incident
 */
FcIncident *
fc_incident_new (FcTimeline *timeline,
                 FcRuleSet  *rule_set,
                 gboolean    training)
{
  g_return_val_if_fail (FC_IS_TIMELINE (timeline), NULL);
  g_return_val_if_fail (rule_set == NULL || FC_IS_RULE_SET (rule_set), NULL);

  return g_object_new (FC_TYPE_INCIDENT,
                       "timeline", timeline,
                       "rule-set", rule_set,
                       "training", training,
                       NULL);
}

FcIncidentState
fc_incident_get_state (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FC_INCIDENT_STATE_NEW);
  return self->state;
}

FcConsent
fc_incident_get_consent (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FC_CONSENT_NONE);
  return self->consent;
}

FcCardIdentity *
fc_incident_get_identity (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->identity;
}

FcSummary *
fc_incident_get_summary (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->summary;
}

FcFindings *
fc_incident_get_findings (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->findings;
}

GListModel *
fc_incident_get_warnings (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return G_LIST_MODEL (self->warnings);
}

FcTimeline *
fc_incident_get_timeline (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->timeline;
}

gboolean
fc_incident_get_training (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  return self->training;
}

const char *
fc_incident_get_last_error (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->last_error;
}

void
fc_incident_start (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->state != FC_INCIDENT_STATE_NEW)
    return;
  fc_timeline_append (self->timeline, FC_EVENT_INCIDENT_STARTED,
                      self->training ? "training=1" : "training=0");
  set_state (self, FC_INCIDENT_STATE_STARTED);
}

void
fc_incident_mark (FcIncident *self,
                  const char *event_kind)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (event_kind != NULL);

  fc_timeline_append (self->timeline, event_kind, NULL);
}

gboolean
fc_incident_record_consent (FcIncident  *self,
                            FcConsent    consent,
                            const char  *reason,
                            GError     **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (consent == FC_CONSENT_NONE)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                           _("Choose whether the patient consents."));
      return FALSE;
    }
  if (self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("This incident has been handed over; start a new one."));
      return FALSE;
    }
  if (self->identity != NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Consent was already recorded and the card has been read."));
      return FALSE;
    }
  if (consent == FC_CONSENT_WAIVED_UNABLE && (reason == NULL || *reason == '\0'))
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                           _("Give the reason the patient cannot consent."));
      return FALSE;
    }

  fc_incident_start (self);

  self->consent = consent;
  g_free (self->consent_reason);
  self->consent_reason = consent == FC_CONSENT_WAIVED_UNABLE ? g_strdup (reason) : NULL;

  if (consent == FC_CONSENT_WAIVED_UNABLE)
    detail = g_strdup_printf ("basis=%s reason=%s", consent_to_string (consent), reason);
  else
    detail = g_strdup_printf ("basis=%s", consent_to_string (consent));
  fc_timeline_append (self->timeline, FC_EVENT_CONSENT, detail);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT]);
  set_state (self, FC_INCIDENT_STATE_CONSENTED);
  return TRUE;
}

static gboolean
consent_allows_access (FcIncident  *self,
                       GError     **error)
{
  if (self->consent == FC_CONSENT_GIVEN || self->consent == FC_CONSENT_WAIVED_UNABLE)
    return TRUE;

  if (self->consent == FC_CONSENT_REFUSED)
    g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                         _("The patient refused: the card is not read and no record is fetched."));
  else
    g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT,
                         _("Record the patient's consent before reading the card."));
  return FALSE;
}

static void
read_card_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FcIncident *self = g_task_get_source_object (task);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  identity = fc_jpki_read_identity_finish (result, &error);
  if (identity == NULL)
    {
      if (self->state == FC_INCIDENT_STATE_READING_CARD)
        set_state (self, FC_INCIDENT_STATE_CONSENTED);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        record_failure (self, "card", error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = g_strdup_printf ("apdus=%u bytes=%" G_GSIZE_FORMAT,
                            fc_card_identity_get_apdu_count (identity),
                            fc_card_identity_get_bytes_read (identity));
  fc_timeline_append (self->timeline, FC_EVENT_CARD_READ, detail);

  g_set_object (&self->identity, identity);
  set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
  set_state (self, FC_INCIDENT_STATE_CARD_READ);
  g_task_return_pointer (task, g_steal_pointer (&identity), g_object_unref);
}

void
fc_incident_read_card_async (FcIncident          *self,
                             FcCardTransport     *transport,
                             GPtrArray           *trust_anchors_der,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_read_card_async);

  /* Consent is enforced here, in core, not only by the UI. */
  if (!consent_allows_access (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->state == FC_INCIDENT_STATE_READING_CARD || self->state == FC_INCIDENT_STATE_FETCHING ||
      self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The card cannot be read at this step."));
      return;
    }

  fc_timeline_append (self->timeline, FC_EVENT_CARD_ASKED, NULL);
  set_state (self, FC_INCIDENT_STATE_READING_CARD);
  fc_jpki_read_identity_async (transport, trust_anchors_der, timeout_ms, cancellable,
                               read_card_cb, g_steal_pointer (&task));
}

FcCardIdentity *
fc_incident_read_card_finish (FcIncident    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
provenance_to_string (FcProvenance provenance)
{
  switch (provenance)
    {
    case FC_PROVENANCE_NETWORK:
      return "network";
    case FC_PROVENANCE_CACHE:
      return "cache";
    case FC_PROVENANCE_SCENARIO:
      return "scenario";
    case FC_PROVENANCE_FILE:
    default:
      return "file";
    }
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FcIncident *self = g_task_get_source_object (task);
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (object), result, &error);
  if (self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The incident was handed over before the record arrived."));
      return;
    }
  if (summary == NULL)
    {
      detail = g_strdup_printf ("result=error code=%d", error->code);
      fc_timeline_append (self->timeline, FC_EVENT_FETCH_DONE, detail);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        record_failure (self, "fetch", error);
      set_state (self, FC_INCIDENT_STATE_NO_SUMMARY);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = g_strdup_printf ("result=ok source=%s items=%u",
                            provenance_to_string (fc_summary_get_provenance (summary)),
                            g_list_model_get_n_items (fc_summary_get_items (summary)));
  fc_timeline_append (self->timeline, FC_EVENT_FETCH_DONE, detail);

  g_set_object (&self->summary, summary);
  set_last_error (self, NULL);
  reevaluate (self);
  if (self->rule_set == NULL)
    set_last_error (self, _("Decision-support rules are not loaded: no warnings can be shown. "
                            "Check the record yourself."));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  set_state (self, FC_INCIDENT_STATE_SUMMARY);
  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

void
fc_incident_fetch_summary_async (FcIncident          *self,
                                 FcSummarySource     *source,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_SUMMARY_SOURCE (source));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_incident_fetch_summary_async);

  if (!consent_allows_access (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->identity == NULL || self->state == FC_INCIDENT_STATE_FETCHING ||
      self->state == FC_INCIDENT_STATE_HANDED_OVER)
    {
      g_task_return_new_error (task, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                               _("The record can only be fetched after the card is read."));
      return;
    }

  fc_timeline_append (self->timeline, FC_EVENT_FETCH_STARTED, NULL);
  set_state (self, FC_INCIDENT_STATE_FETCHING);
  fc_summary_source_fetch_async (source, self->identity, self->consent,
                                 fc_timeline_get_incident_id (self->timeline), cancellable,
                                 fetch_cb, g_steal_pointer (&task));
}

FcSummary *
fc_incident_fetch_summary_finish (FcIncident    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fc_incident_summary_shown (FcIncident *self)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->summary == NULL)
    return;
  detail = g_strdup_printf ("warnings=%u",
                            g_list_model_get_n_items (G_LIST_MODEL (self->warnings)));
  fc_timeline_append (self->timeline, FC_EVENT_SUMMARY_SHOWN, detail);
}

void
fc_incident_acknowledge_warning (FcIncident *self,
                                 FcWarning  *warning)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_WARNING (warning));

  if (fc_warning_get_acknowledged (warning))
    return;
  fc_warning_set_acknowledged (warning, TRUE);
  detail = g_strdup_printf ("rule=%s", fc_warning_get_rule_id (warning));
  fc_timeline_append (self->timeline, FC_EVENT_WARNING_ACK, detail);
}

void
fc_incident_handover (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->state == FC_INCIDENT_STATE_HANDED_OVER)
    return;

  fc_timeline_append (self->timeline, FC_EVENT_HANDOVER, NULL);

  /* Nothing about the patient is kept past handover. */
  g_list_store_remove_all (self->warnings);
  if (self->summary != NULL)
    {
      g_clear_object (&self->summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  if (self->identity != NULL)
    {
      g_clear_object (&self->identity);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
    }
  set_state (self, FC_INCIDENT_STATE_HANDED_OVER);
  fc_timeline_flush (self->timeline);
}
