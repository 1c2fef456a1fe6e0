/* fc-incident-private.h: what the parts of FcIncident share (fc-incident.c: the object and the
 * state machine; fc-incident-findings.c: findings as timing events and the warnings;
 * fc-incident-io.c: reading the card and fetching the record; fc-incident-pin.c: the PIN check;
 * fc-incident-privacy.c: audit, cache, section views and the access receipt).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-incident.h"

G_BEGIN_DECLS

struct _FcIncident
{
  GObject          parent_instance;

  FcTimeline      *timeline;   /* (owned) */
  FcRuleSet       *rule_set;   /* (owned) (nullable) */
  FcFindings      *findings;   /* (owned) */
  GListStore      *warnings;   /* (owned) of FcWarning */
  FcCardIdentity  *identity;   /* (owned) (nullable) */
  FcSummary       *summary;    /* (owned) (nullable) */
  guint            log_mask_token; /* fc_log_set_record_texts() for this summary; 0: none */
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

  /* The running card read: percent of the certificate read, -1 when no read runs. */
  int              read_progress;
  /* The card left the field mid-read and the read waits for it to be put back. */
  gboolean         card_away;
  /* A PIN check runs (one at a time). */
  gboolean         pin_busy;

  /* Findings as last recorded in the timeline. */
  FcConsciousness  seen_consciousness;
  FcGlucoseState   seen_glucose_state;
  int              seen_glucose;
  guint            seen_flags;
};

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
  PROP_READ_PROGRESS,
  PROP_CARD_AWAY,
  N_PROPS
};

void        fc_incident_notify               (FcIncident      *self,
                                              guint            prop_id);
void        fc_incident_set_state            (FcIncident      *self,
                                              FcIncidentState  state);
void        fc_incident_set_last_error       (FcIncident      *self,
                                              const char      *message);
void        fc_incident_set_audit_error      (FcIncident      *self,
                                              const char      *message);
void        fc_incident_set_history_expanded (FcIncident      *self,
                                              gboolean         expanded);
/* Records a failure as a timing event (step, error domain and code only) and in "last-error". */
void        fc_incident_record_failure       (FcIncident      *self,
                                              const char      *step,
                                              const GError    *error);
/* Appends one audit entry; a failed write is reported through "audit-error", never blocks care. */
void        fc_incident_audit                (FcIncident      *self,
                                              const char      *action,
                                              const char      *sha256_hex,
                                              const char      *detail);
const char *fc_incident_identity_sha256      (FcIncident      *self);
const char *fc_incident_effective_unit_id    (FcIncident      *self);
const char *fc_incident_reason_code          (const char      *reason);
void        fc_incident_touch_access         (FcIncident      *self);
void        fc_incident_reevaluate           (FcIncident      *self);
void        fc_incident_shred_cache          (FcIncident      *self);
void        fc_incident_forget_patient       (FcIncident      *self);
void        fc_incident_set_read_progress    (FcIncident      *self,
                                              int              percent);
void        fc_incident_set_card_away        (FcIncident      *self,
                                              gboolean         card_away);
/* The record's texts are masked in every log message while it is in memory (fc-log.h). */
void        fc_incident_mask_record_in_logs  (FcIncident      *self);
void        fc_incident_unmask_record_in_logs (FcIncident     *self);
/* Whether the recorded consent allows reading the card, fetching the record or checking the PIN;
 * sets an FC_INCIDENT_ERROR_CONSENT error saying what is missing when it does not. */
gboolean    fc_incident_consent_allows_access (FcIncident      *self,
                                               GError         **error);
/* The "changed" handler of the incident's findings: timing events, then the warnings again. */
void        fc_incident_findings_changed     (FcIncident      *self,
                                              FcFindings      *findings);

G_END_DECLS
