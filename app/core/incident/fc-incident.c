/* fc-incident.c: the state machine of one call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <string.h>

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

  /* Privacy: */
  FcAudit         *audit;      /* (owned) (nullable) */
  FcCache         *cache;      /* (owned) (nullable) */
  FcSummarySource *summary_source; /* (owned) (nullable): warmed up when the card read starts */
  GCancellable    *prepare_cancellable; /* (owned) (nullable): the running warm-up */
  char            *unit_id;    /* (owned) (nullable): NULL = the timeline's */
  char            *timeline_unit_id; /* (owned) (nullable): cached from the timeline */
  char            *crew_id;    /* (owned) (nullable) */
  char            *audit_error; /* (owned) (nullable) */
  gboolean         history_expanded;
  gboolean         summary_viewed; /* the summary page was audited for this record */
  guint            viewed_kinds;   /* bit per FcItemKind, audited for this record */

  /* For the access receipt (no patient data): */
  gboolean         accessed;     /* a card was read (and not disowned as the wrong person) */
  gboolean         receipt_history; /* the full history was opened */
  guint            receipt_kinds;   /* sections viewed, bit per FcItemKind */
  GDateTime       *first_access; /* (owned) (nullable) */
  GDateTime       *last_access;  /* (owned) (nullable) */
  gint64           first_audit_seq;
  gint64           last_audit_seq;

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
  PROP_AUDIT,
  PROP_CACHE,
  PROP_UNIT_ID,
  PROP_CREW_ID,
  PROP_AUDIT_ERROR,
  PROP_HISTORY_EXPANDED,
  PROP_SUMMARY_SOURCE,
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

/* The waiver reason as a short code for the audit: free text (which could describe the patient)
 * never goes in. */
static const char *
reason_code (const char *reason)
{
  gsize len = strlen (reason);

  if (len > 32)
    return "other-text";
  for (const char *p = reason; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return "other-text";
  return reason;
}

static void
set_audit_error (FcIncident *self,
                 const char *message)
{
  if (g_strcmp0 (self->audit_error, message) == 0)
    return;
  g_free (self->audit_error);
  self->audit_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT_ERROR]);
}

static void
set_history_expanded (FcIncident *self,
                      gboolean    expanded)
{
  if (self->history_expanded == expanded)
    return;
  self->history_expanded = expanded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_EXPANDED]);
}

static const char *
effective_unit_id (FcIncident *self)
{
  if (self->unit_id != NULL)
    return self->unit_id;
  /* The timeline's unit is set at construction and never changes. */
  if (self->timeline_unit_id == NULL && self->timeline != NULL)
    g_object_get (self->timeline, "unit-id", &self->timeline_unit_id, NULL);
  return self->timeline_unit_id;
}

static void
touch_access (FcIncident *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->first_access == NULL)
    self->first_access = g_date_time_ref (now);
  g_clear_pointer (&self->last_access, g_date_time_unref);
  self->last_access = g_steal_pointer (&now);
}

/* Appends one audit entry about the patient whose certificate hash is @sha256_hex (nullable).
 * A failed write never blocks care: it is reported through "audit-error". */
static void
audit (FcIncident *self,
       const char *action,
       const char *sha256_hex,
       const char *detail)
{
  g_autoptr(GError) error = NULL;
  gint64 seq;

  if (self->audit == NULL)
    return;

  seq = fc_audit_append (self->audit, action, effective_unit_id (self), self->crew_id,
                         fc_timeline_get_incident_id (self->timeline), self->consent,
                         sha256_hex, detail, &error);
  if (seq < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The access log could not be written: %s"),
                                                  error->message);

      set_audit_error (self, message);
      return;
    }

  if (self->first_audit_seq == 0)
    self->first_audit_seq = seq;
  self->last_audit_seq = seq;
  set_audit_error (self, NULL);
}

static const char *
identity_sha256 (FcIncident *self)
{
  return self->identity != NULL ? fc_card_identity_get_sha256_hex (self->identity) : NULL;
}

static const char *
item_kind_nick (FcItemKind kind)
{
  GEnumClass *klass = g_type_class_ref (FC_TYPE_ITEM_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);
  const char *nick = value != NULL ? value->value_nick : "other";

  /* Enum classes are never freed once referenced; the nick stays valid. */
  g_type_class_unref (klass);
  return nick;
}

/* Destroys this incident's cached copies (crypto-shred). */
static void
shred_cache (FcIncident *self)
{
  g_autoptr(GError) error = NULL;

  if (self->cache == NULL)
    return;
  if (!fc_cache_destroy (self->cache, fc_timeline_get_incident_id (self->timeline), &error))
    g_warning ("Could not destroy the cached copy of incident %s: %s",
               fc_timeline_get_incident_id (self->timeline), error->message);
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

  /* Only the reason's code: timing.db holds no patient data, and free text could be some. */
  if (consent == FC_CONSENT_WAIVED_UNABLE)
    detail = g_strdup_printf ("basis=%s reason=%s", consent_to_string (consent),
                              reason_code (reason));
  else
    detail = g_strdup_printf ("basis=%s", consent_to_string (consent));
  fc_timeline_append (self->timeline, FC_EVENT_CONSENT, detail);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT]);
  set_state (self, FC_INCIDENT_STATE_CONSENTED);

  /* Emergency access without consent: flagged for the privacy officer, with the reason. */
  if (consent == FC_CONSENT_WAIVED_UNABLE)
    {
      g_autofree char *audit_detail = g_strdup_printf ("reason=%s", reason_code (reason));

      audit (self, FC_AUDIT_ACTION_CONSENT_WAIVED, NULL, audit_detail);
    }
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
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failed warm-up only means that the fetch opens the connection itself (or shares the
   * failure, see FcHttpSource); the crew sees the fetch's outcome, not this one. */
  if (!fc_summary_source_prepare_finish (FC_SUMMARY_SOURCE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Warm-up of the summary source failed: %s", error->message);
}

/* Starts warming up the summary source (consent was checked by the caller). */
static void
prepare_source (FcIncident *self)
{
  if (self->summary_source == NULL)
    return;

  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  self->prepare_cancellable = g_cancellable_new ();
  fc_summary_source_prepare_async (self->summary_source, self->prepare_cancellable, prepare_cb,
                                   NULL);
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
  self->accessed = TRUE;
  touch_access (self);
  audit (self, FC_AUDIT_ACTION_CARD_READ, identity_sha256 (self), NULL);
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
  /* While the card is read (a few hundred ms), the summary service's connection is opened. */
  prepare_source (self);
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

/* A short name of a fetch failure for the audit (never the message, which may quote data). */
static const char *
fetch_error_name (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain != FC_SUMMARY_ERROR)
    return "error";
  switch (error->code)
    {
    case FC_SUMMARY_ERROR_NOT_FOUND:
      return "not-found";
    case FC_SUMMARY_ERROR_CONSENT:
      return "consent";
    case FC_SUMMARY_ERROR_UNAVAILABLE:
      return "unavailable";
    case FC_SUMMARY_ERROR_TIMEOUT:
      return "timeout";
    case FC_SUMMARY_ERROR_TLS:
      return "tls";
    case FC_SUMMARY_ERROR_MALFORMED:
      return "malformed";
    default:
      return "error";
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

  /* The card's hash went to the server whatever the outcome: every fetch is audited. */
  if (summary != NULL)
    detail = g_strdup_printf ("result=ok source=%s",
                              provenance_to_string (fc_summary_get_provenance (summary)));
  else
    detail = g_strdup_printf ("result=%s code=%d", fetch_error_name (error), error->code);
  audit (self, FC_AUDIT_ACTION_FETCH, g_task_get_task_data (task), detail);
  g_clear_pointer (&detail, g_free);

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
  touch_access (self);
  self->summary_viewed = FALSE;
  self->viewed_kinds = 0;
  set_history_expanded (self, FALSE);
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
  /* Kept for the audit entry: the identity may be gone (handover) when the answer comes. */
  g_task_set_task_data (task, g_strdup (fc_card_identity_get_sha256_hex (self->identity)), g_free);
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

  /* The summary opens with warnings, the identity check, medicines, conditions and allergies:
   * one audit entry for all of them. */
  if (!self->summary_viewed)
    {
      guint summary_kinds = (1u << FC_ITEM_MEDICATION) | (1u << FC_ITEM_CONDITION) |
                            (1u << FC_ITEM_ALLERGY);

      self->summary_viewed = TRUE;
      self->viewed_kinds |= summary_kinds;
      self->receipt_kinds |= summary_kinds;
      touch_access (self);
      audit (self, FC_AUDIT_ACTION_VIEW_SECTION, identity_sha256 (self), "section=summary");
    }
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

/* Drops everything about the patient from memory and notifies the views. */
static void
forget_patient (FcIncident *self)
{
  self->summary_viewed = FALSE;
  self->viewed_kinds = 0;
  set_history_expanded (self, FALSE);
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
}

void
fc_incident_wrong_person (FcIncident *self)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (self->summary == NULL && self->identity == NULL)
    return;

  fc_timeline_append (self->timeline, FC_EVENT_WRONG_PERSON, NULL);
  audit (self, FC_AUDIT_ACTION_WRONG_PERSON, identity_sha256 (self), NULL);
  /* The wrong person's record must not stay on the tablet, not even encrypted. */
  shred_cache (self);
  forget_patient (self);

  /* The receipt is for the patient in front of the crew, not for the other card's owner. */
  self->accessed = FALSE;
  self->receipt_history = FALSE;
  self->receipt_kinds = 0;
  g_clear_pointer (&self->first_access, g_date_time_unref);
  g_clear_pointer (&self->last_access, g_date_time_unref);
  self->first_audit_seq = 0;
  self->last_audit_seq = 0;

  set_state (self, FC_INCIDENT_STATE_NO_SUMMARY);
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

      touch_access (self);
      audit (self, FC_AUDIT_ACTION_HANDOVER, identity_sha256 (self), detail);
    }

  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);

  /* Nothing about the patient is kept past handover: not in memory, not in the cache. */
  shred_cache (self);
  forget_patient (self);
  set_state (self, FC_INCIDENT_STATE_HANDED_OVER);
  fc_timeline_flush (self->timeline);
}

FcAudit *
fc_incident_get_audit (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->audit;
}

void
fc_incident_set_audit (FcIncident *self,
                       FcAudit    *audit_log)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (audit_log == NULL || FC_IS_AUDIT (audit_log));

  if (g_set_object (&self->audit, audit_log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}

FcCache *
fc_incident_get_cache (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->cache;
}

void
fc_incident_set_cache (FcIncident *self,
                       FcCache    *cache)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (cache == NULL || FC_IS_CACHE (cache));

  if (g_set_object (&self->cache, cache))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

const char *
fc_incident_get_unit_id (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return effective_unit_id (self);
}

void
fc_incident_set_unit_id (FcIncident *self,
                         const char *unit_id)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (g_strcmp0 (self->unit_id, unit_id) == 0)
    return;
  g_free (self->unit_id);
  self->unit_id = g_strdup (unit_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_ID]);
}

const char *
fc_incident_get_crew_id (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->crew_id;
}

void
fc_incident_set_crew_id (FcIncident *self,
                         const char *crew_id)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (g_strcmp0 (self->crew_id, crew_id) == 0)
    return;
  g_free (self->crew_id);
  self->crew_id = g_strdup (crew_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREW_ID]);
}

const char *
fc_incident_get_audit_error (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->audit_error;
}

gboolean
fc_incident_get_history_expanded (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  return self->history_expanded;
}

gboolean
fc_incident_kind_is_history (FcItemKind kind)
{
  return kind == FC_ITEM_PROCEDURE || kind == FC_ITEM_ENCOUNTER || kind == FC_ITEM_OBSERVATION;
}

gboolean
fc_incident_expand_history (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);

  if (self->summary == NULL)
    return FALSE;
  if (self->history_expanded)
    return TRUE;

  set_history_expanded (self, TRUE);
  self->receipt_history = TRUE;
  touch_access (self);
  audit (self, FC_AUDIT_ACTION_EXPAND_HISTORY, identity_sha256 (self), NULL);
  return TRUE;
}

gboolean
fc_incident_view_section (FcIncident *self,
                          FcItemKind  kind)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (kind <= FC_ITEM_OTHER, FALSE);

  if (self->summary == NULL)
    return FALSE;
  if (fc_incident_kind_is_history (kind) && !fc_incident_expand_history (self))
    return FALSE;
  if ((self->viewed_kinds & (1u << kind)) != 0)
    return TRUE;

  self->viewed_kinds |= 1u << kind;
  self->receipt_kinds |= 1u << kind;
  touch_access (self);
  detail = g_strdup_printf ("section=%s", item_kind_nick (kind));
  audit (self, FC_AUDIT_ACTION_VIEW_SECTION, identity_sha256 (self), detail);
  return TRUE;
}

static const char *
section_label (FcItemKind kind)
{
  switch (kind)
    {
    case FC_ITEM_MEDICATION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("medicines");
    case FC_ITEM_CONDITION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("conditions");
    case FC_ITEM_ALLERGY:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("allergies");
    case FC_ITEM_PROCEDURE:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("procedures");
    case FC_ITEM_ENCOUNTER:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("hospital visits");
    case FC_ITEM_OBSERVATION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("test results");
    case FC_ITEM_OTHER:
    default:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("other entries");
    }
}

char *
fc_incident_build_receipt (FcIncident *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *viewed = NULL;
  const char *unit;

  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);

  if (!self->accessed || self->first_access == NULL)
    return NULL;

  text = g_string_new (NULL);
  /* Translators: title of the receipt given to the patient after handover. */
  g_string_append_printf (text, "%s\n", _("FieldCard — record access receipt"));
  g_string_append_printf (text, "%s\n\n",
                          _("Your medical record summary was read for your emergency care."));

  unit = effective_unit_id (self);
  /* Translators: %s is the ambulance unit's id. */
  g_string_append_printf (text, _("Unit: %s"), unit != NULL ? unit : _("not set"));
  g_string_append_c (text, '\n');
  if (self->crew_id != NULL)
    {
      /* Translators: %s is the crew's id. */
      g_string_append_printf (text, _("Crew: %s"), self->crew_id);
      g_string_append_c (text, '\n');
    }

  from = g_date_time_format (self->first_access, "%Y-%m-%d %H:%M");
  to = g_date_time_format (self->last_access != NULL ? self->last_access : self->first_access,
                           "%H:%M (UTC%:z)");
  /* Translators: when the record was read: "2026-05-01 10:32 – 10:58 (UTC+09:00)". */
  g_string_append_printf (text, _("When: %s – %s"), from, to);
  g_string_append_c (text, '\n');

  if (self->consent == FC_CONSENT_WAIVED_UNABLE)
    g_string_append_printf (text, "%s\n",
                            _("Consent: you could not decide at the time; the record was read "
                              "under the emergency waiver, which the privacy officer reviews."));
  else
    g_string_append_printf (text, "%s\n", _("Consent: given by you."));

  sections = g_ptr_array_new ();
  for (guint kind = 0; kind < FC_N_ITEM_KINDS; kind++)
    if ((self->receipt_kinds & (1u << kind)) != 0)
      g_ptr_array_add (sections, (gpointer) section_label (kind));
  if (self->receipt_history)
    for (guint kind = 0; kind < FC_N_ITEM_KINDS; kind++)
      if (fc_incident_kind_is_history (kind) && (self->receipt_kinds & (1u << kind)) == 0)
        g_ptr_array_add (sections, (gpointer) section_label (kind));
  g_ptr_array_add (sections, NULL);
  if (sections->len > 1)
    /* Translators: the separator between section names on the receipt. */
    viewed = g_strjoinv (_(", "), (char **) sections->pdata);
  else
    /* Translators: on the receipt, when the card was read but no section was shown. */
    viewed = g_strdup (_("none (the card was read, the record was not shown)"));
  /* Translators: %s lists the sections viewed, e.g. "medicines, conditions, allergies". */
  g_string_append_printf (text, _("Viewed: %s"), viewed);
  g_string_append_c (text, '\n');
  if (!self->receipt_history)
    g_string_append_printf (text, "%s\n", _("Your full history of visits and tests was not opened."));

  g_string_append_c (text, '\n');
  if (self->first_audit_seq > 0)
    {
      g_autofree char *range = g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                                                self->first_audit_seq, self->last_audit_seq);

      /* Translators: the first %s is the incident id, the second the access log entries. */
      g_string_append_printf (text, _("Reference: %s (access log %s)"),
                              fc_timeline_get_incident_id (self->timeline), range);
    }
  else
    {
      /* Translators: %s is the incident id. */
      g_string_append_printf (text, _("Reference: %s"),
                              fc_timeline_get_incident_id (self->timeline));
    }
  g_string_append_c (text, '\n');
  g_string_append (text, _("To learn who saw your record, ask the fire department’s privacy "
                           "officer and quote this reference."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

FcSummarySource *
fc_incident_get_summary_source (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);

  return self->summary_source;
}

void
fc_incident_set_summary_source (FcIncident      *self,
                                FcSummarySource *source)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (source == NULL || FC_IS_SUMMARY_SOURCE (source));

  if (g_set_object (&self->summary_source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY_SOURCE]);
}
