/* fc-incident.c: the state machine of one call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-incident-private.h"
#include "fc-core-enums.h"

G_DEFINE_FINAL_TYPE (FcIncident, fc_incident, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-incident-error-quark, fc_incident_error)

static GParamSpec *properties[N_PROPS];

void
fc_incident_notify (FcIncident *self,
                    guint       prop_id)
{
  g_assert (prop_id > PROP_0 && prop_id < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
fc_incident_set_state (FcIncident      *self,
                       FcIncidentState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  fc_incident_notify (self, PROP_STATE);
}

void
fc_incident_set_last_error (FcIncident *self,
                            const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  fc_incident_notify (self, PROP_LAST_ERROR);
}

/* Records a failure as a timing event: the step and the error's domain and code only, never its
 * message (which may quote patient data). */
void
fc_incident_record_failure (FcIncident   *self,
                            const char   *step,
                            const GError *error)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("step=%s domain=%s code=%d", step,
                            g_quark_to_string (error->domain), error->code);
  fc_timeline_append (self->timeline, FC_EVENT_FAILURE, detail);
  fc_incident_set_last_error (self, error->message);
}

static void
fc_incident_dispose (GObject *object)
{
  FcIncident *self = (FcIncident *)object;

  if (self->findings != NULL)
    g_signal_handlers_disconnect_by_data (self->findings, self);
  g_clear_object (&self->identity);
  g_clear_object (&self->summary);
  fc_incident_unmask_record_in_logs (self);
  g_clear_object (&self->findings);
  g_clear_object (&self->warnings);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->timeline);
  g_clear_object (&self->audit);
  g_clear_object (&self->cache);
  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  g_clear_object (&self->summary_source);

  G_OBJECT_CLASS (fc_incident_parent_class)->dispose (object);
}

static void
fc_incident_finalize (GObject *object)
{
  FcIncident *self = (FcIncident *)object;

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->consent_reason, g_free);
  g_clear_pointer (&self->unit_id, g_free);
  g_clear_pointer (&self->timeline_unit_id, g_free);
  g_clear_pointer (&self->crew_id, g_free);
  g_clear_pointer (&self->audit_error, g_free);
  g_clear_pointer (&self->first_access, g_date_time_unref);
  g_clear_pointer (&self->last_access, g_date_time_unref);

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
    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_UNIT_ID:
      g_value_set_string (value, fc_incident_get_unit_id (self));
      break;
    case PROP_CREW_ID:
      g_value_set_string (value, self->crew_id);
      break;
    case PROP_AUDIT_ERROR:
      g_value_set_string (value, self->audit_error);
      break;
    case PROP_HISTORY_EXPANDED:
      g_value_set_boolean (value, self->history_expanded);
      break;
    case PROP_READ_PROGRESS:
      g_value_set_int (value, self->read_progress);
      break;
    case PROP_CARD_AWAY:
      g_value_set_boolean (value, self->card_away);
      break;
    case PROP_SUMMARY_SOURCE:
      g_value_set_object (value, self->summary_source);
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
    case PROP_AUDIT:
      fc_incident_set_audit (self, g_value_get_object (value));
      break;
    case PROP_CACHE:
      fc_incident_set_cache (self, g_value_get_object (value));
      break;
    case PROP_UNIT_ID:
      fc_incident_set_unit_id (self, g_value_get_string (value));
      break;
    case PROP_CREW_ID:
      fc_incident_set_crew_id (self, g_value_get_string (value));
      break;
    case PROP_SUMMARY_SOURCE:
      fc_incident_set_summary_source (self, g_value_get_object (value));
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

  properties[PROP_AUDIT] =
    g_param_spec_object ("audit", NULL, NULL, FC_TYPE_AUDIT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, FC_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_ID] =
    g_param_spec_string ("unit-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREW_ID] =
    g_param_spec_string ("crew-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIT_ERROR] =
    g_param_spec_string ("audit-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY_EXPANDED] =
    g_param_spec_boolean ("history-expanded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FcIncident:summary-source:
   *
   * The source the record will be fetched from. When set, the incident warms it up (name
   * resolution, TLS connection; no patient data) as soon as the card read starts, so that the
   * fetch after the read does not wait for the handshake.
   */
  properties[PROP_SUMMARY_SOURCE] =
    g_param_spec_object ("summary-source", NULL, NULL, FC_TYPE_SUMMARY_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FcIncident:read-progress:
   *
   * Percent of the card certificate read so far while a read runs, -1 otherwise; for the
   * reader status line.
   */
  properties[PROP_READ_PROGRESS] =
    g_param_spec_int ("read-progress", NULL, NULL, -1, 100, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FcIncident:card-away:
   *
   * %TRUE while a card read waits for a card that left the field mid-read to be put back (up to
   * FC_JPKI_REPRESENT_TIMEOUT_MS); %FALSE once reading resumes or fails. Notified on the main
   * context.
   */
  properties[PROP_CARD_AWAY] =
    g_param_spec_boolean ("card-away", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_incident_init (FcIncident *self)
{
  self->state = FC_INCIDENT_STATE_NEW;
  self->consent = FC_CONSENT_NONE;
  self->read_progress = -1;
  self->findings = fc_findings_new ();
  self->warnings = g_list_store_new (FC_TYPE_WARNING);

  g_signal_connect_object (self->findings, "changed", G_CALLBACK (fc_incident_findings_changed), self,
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

int
fc_incident_get_read_progress (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), -1);
  return self->read_progress;
}

void
fc_incident_set_read_progress (FcIncident *self,
                               int         percent)
{
  if (self->read_progress == percent)
    return;
  self->read_progress = percent;
  fc_incident_notify (self, PROP_READ_PROGRESS);
}

gboolean
fc_incident_get_card_away (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  return self->card_away;
}

void
fc_incident_set_card_away (FcIncident *self,
                           gboolean    card_away)
{
  card_away = !!card_away;
  if (self->card_away == card_away)
    return;
  self->card_away = card_away;
  fc_incident_notify (self, PROP_CARD_AWAY);
}

void
fc_incident_start (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->state != FC_INCIDENT_STATE_NEW)
    return;
  fc_timeline_append (self->timeline, FC_EVENT_INCIDENT_STARTED,
                      self->training ? "training=1" : "training=0");
  fc_incident_set_state (self, FC_INCIDENT_STATE_STARTED);
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

  /* Only the reason's code: timing.db holds no patient data, and free text could be some. */
  if (consent == FC_CONSENT_WAIVED_UNABLE)
    detail = g_strdup_printf ("basis=%s reason=%s", fc_audit_consent_to_string (consent),
                              fc_incident_reason_code (reason));
  else
    detail = g_strdup_printf ("basis=%s", fc_audit_consent_to_string (consent));
  fc_timeline_append (self->timeline, FC_EVENT_CONSENT, detail);

  fc_incident_notify (self, PROP_CONSENT);
  fc_incident_set_state (self, FC_INCIDENT_STATE_CONSENTED);

  /* Emergency access without consent: flagged for the privacy officer, with the reason. */
  if (consent == FC_CONSENT_WAIVED_UNABLE)
    {
      g_autofree char *audit_detail = g_strdup_printf ("reason=%s", fc_incident_reason_code (reason));

      fc_incident_audit (self, FC_AUDIT_ACTION_CONSENT_WAIVED, NULL, audit_detail);
    }
  return TRUE;
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

  /* The summary opens with warnings, the identity check, medicines, conditions and allergies:
   * one audit entry for all of them. */
  if (!self->summary_viewed)
    {
      guint summary_kinds = (1u << FC_ITEM_MEDICATION) | (1u << FC_ITEM_CONDITION) |
                            (1u << FC_ITEM_ALLERGY);

      self->summary_viewed = TRUE;
      self->viewed_kinds |= summary_kinds;
      self->receipt_kinds |= summary_kinds;
      fc_incident_touch_access (self);
      fc_incident_audit (self, FC_AUDIT_ACTION_VIEW_SECTION, fc_incident_identity_sha256 (self), "section=summary");
    }
}

/* Drops everything about the patient from memory and notifies the views. */
void
fc_incident_forget_patient (FcIncident *self)
{
  self->summary_viewed = FALSE;
  self->viewed_kinds = 0;
  fc_incident_set_history_expanded (self, FALSE);
  g_list_store_remove_all (self->warnings);
  if (self->summary != NULL)
    {
      g_clear_object (&self->summary);
      fc_incident_notify (self, PROP_SUMMARY);
    }
  fc_incident_unmask_record_in_logs (self);
  if (self->identity != NULL)
    {
      g_clear_object (&self->identity);
      fc_incident_notify (self, PROP_IDENTITY);
    }
}

void
fc_incident_wrong_person (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->summary == NULL && self->identity == NULL)
    return;

  fc_timeline_append (self->timeline, FC_EVENT_WRONG_PERSON, NULL);
  fc_incident_audit (self, FC_AUDIT_ACTION_WRONG_PERSON, fc_incident_identity_sha256 (self), NULL);
  /* The wrong person's record must not stay on the tablet, not even encrypted. */
  fc_incident_shred_cache (self);
  fc_incident_forget_patient (self);

  /* The receipt is for the patient in front of the crew, not for the other card's owner. */
  self->accessed = FALSE;
  self->receipt_history = FALSE;
  self->receipt_kinds = 0;
  g_clear_pointer (&self->first_access, g_date_time_unref);
  g_clear_pointer (&self->last_access, g_date_time_unref);
  self->first_audit_seq = 0;
  self->last_audit_seq = 0;

  fc_incident_set_state (self, FC_INCIDENT_STATE_NO_SUMMARY);
}

void
fc_incident_handover (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->state == FC_INCIDENT_STATE_HANDED_OVER)
    return;

  fc_timeline_append (self->timeline, FC_EVENT_HANDOVER, NULL);

  if (self->accessed)
    {
      g_autofree char *detail = g_strdup_printf ("history=%s",
                                                 self->receipt_history ? "yes" : "no");

      fc_incident_touch_access (self);
      fc_incident_audit (self, FC_AUDIT_ACTION_HANDOVER, fc_incident_identity_sha256 (self), detail);
    }

  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);

  /* Nothing about the patient is kept past handover: not in memory, not in the cache. */
  fc_incident_shred_cache (self);
  fc_incident_forget_patient (self);
  fc_incident_set_state (self, FC_INCIDENT_STATE_HANDED_OVER);
  fc_timeline_flush (self->timeline);
}
