/* fc-incident.h: one call, from start to handover; the state machine the UI binds to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"
#include "fc-card-identity.h"
#include "fc-summary.h"
#include "fc-summary-source.h"
#include "fc-findings.h"
#include "fc-rule-set.h"
#include "fc-timeline.h"
#include "fc-audit.h"
#include "fc-cache.h"

G_BEGIN_DECLS

#define FC_INCIDENT_ERROR (fc_incident_error_quark ())

typedef enum {
  FC_INCIDENT_ERROR_STATE,   /* the step is not allowed in the current state */
  FC_INCIDENT_ERROR_CONSENT, /* consent refused (or not recorded): nothing is read or fetched */
} FcIncidentError;

#define FC_TYPE_INCIDENT (fc_incident_get_type ())

G_DECLARE_FINAL_TYPE (FcIncident, fc_incident, FC, INCIDENT, GObject)

/* Properties (read-only, notify on change): "state" (FcIncidentState), "consent" (FcConsent),
 * "identity" (FcCardIdentity, nullable), "summary" (FcSummary, nullable), "findings" (FcFindings,
 * never NULL), "warnings" (GListModel of FcWarning, never NULL, updated in place),
 * "timeline" (FcTimeline), "training" (gboolean), "last-error" (translated message of the last
 * failed step, nullable), "rule-set" (FcRuleSet, nullable: without rules no warnings are shown
 * and last-error says why).
 *
 * Privacy (read-write, nullable, notify on change): "audit" (FcAudit: where every access to
 * patient data is logged; NULL logs nothing), "cache" (FcCache: the encrypted offline copies,
 * destroyed for this incident at handover and wrong person), "unit-id" (NULL: the timeline's),
 * "crew-id". Read-only: "audit-error" (translated message of the last failed audit write,
 * nullable; cleared by the next good one), "history-expanded" (gboolean: the crew tapped
 * "full history"; the UI shows procedures, visits and test results only then).
 *
 * Audit entries: card-read, fetch (every outcome), view-section (the summary once, then each
 * other section once), expand-history, wrong-person, consent-waived (with the reason code) and
 * handover (when patient data was touched).
 *
 * Speed (issue 9): "summary-source" (FcSummarySource, nullable, read-write) is the source the
 * record will come from; when set, fc_incident_read_card_async() warms it up (connection and TLS
 * handshake, no patient data, only after the consent check) while the card is read. */
GQuark          fc_incident_error_quark        (void);
G_GNUC_WARN_UNUSED_RESULT
FcIncident     *fc_incident_new                (FcTimeline       *timeline,
                                                FcRuleSet        *rule_set,
                                                gboolean          training);
FcIncidentState fc_incident_get_state          (FcIncident       *self);
FcConsent       fc_incident_get_consent        (FcIncident       *self);
FcCardIdentity *fc_incident_get_identity       (FcIncident       *self);
FcSummary      *fc_incident_get_summary        (FcIncident       *self);
FcFindings     *fc_incident_get_findings       (FcIncident       *self);
GListModel     *fc_incident_get_warnings       (FcIncident       *self);
FcTimeline     *fc_incident_get_timeline       (FcIncident       *self);
gboolean        fc_incident_get_training       (FcIncident       *self);
const char     *fc_incident_get_last_error     (FcIncident       *self);
/* Percent of the card certificate read so far (0–100) while a read runs, else -1 (property
 * "read-progress"). */
int             fc_incident_get_read_progress  (FcIncident       *self);
/* Property "card-away" (read-only, notify): TRUE while a read waits (up to
 * FC_JPKI_REPRESENT_TIMEOUT_MS) for a card that left the field mid-read to be put back; FALSE
 * once reading resumes or fails. */
gboolean        fc_incident_get_card_away      (FcIncident       *self);

void            fc_incident_start              (FcIncident       *self);
/* Records one time mark (FC_EVENT_ARRIVED_SCENE, …) in the timeline. */
void            fc_incident_mark               (FcIncident       *self,
                                                const char       *event_kind);
/* @reason: required for WAIVED_UNABLE (a short code such as "unconscious"), ignored otherwise. */
gboolean        fc_incident_record_consent     (FcIncident       *self,
                                                FcConsent         consent,
                                                const char       *reason,
                                                GError          **error);
/* Refuses (FC_INCIDENT_ERROR_CONSENT) without touching the card when consent is refused or not
 * recorded. On success the identity is kept and "state" becomes CARD_READ. */
void            fc_incident_read_card_async    (FcIncident          *self,
                                                FcCardTransport     *transport,
                                                GPtrArray           *trust_anchors_der,
                                                guint                timeout_ms,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
FcCardIdentity *fc_incident_read_card_finish   (FcIncident          *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Needs an identity. On success keeps the summary, evaluates the rules and "state" becomes
 * SUMMARY; on failure "state" becomes NO_SUMMARY (the crew goes on without the record). */
void            fc_incident_fetch_summary_async (FcIncident          *self,
                                                 FcSummarySource     *source,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
FcSummary      *fc_incident_fetch_summary_finish (FcIncident          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* PIN-try counter of the card on @transport (VERIFY without data: no try is spent), on a worker
 * thread. Needs consent (given or waived), like reading the card. Finish returns the tries left,
 * 0 = blocked, -1 with @error on failure. */
void            fc_incident_read_pin_tries_async  (FcIncident          *self,
                                                   FcCardTransport     *transport,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
int             fc_incident_read_pin_tries_finish (FcIncident          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* VERIFY with the PIN the person typed, on a worker thread (see fc_jpki_verify_pin()). Needs
 * consent (given or waived) and a card already read; the card on the reader must be that card
 * (its certificate is read again and compared). @pin: the digits the person typed; copied and
 * wiped after use (the caller wipes its own buffer). Appends "pin-verified" / "pin-failed"
 * timeline events (outcome and tries left, never digits) and a "pin-verify" audit entry when
 * the card was asked. Finish: @tries_left (optional) is set also on failure (-1 when unknown). */
void            fc_incident_verify_pin_async   (FcIncident          *self,
                                                FcCardTransport     *transport,
                                                const char          *pin,
                                                gboolean             confirmed_last_try,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        fc_incident_verify_pin_finish  (FcIncident          *self,
                                                GAsyncResult        *result,
                                                int                 *tries_left,
                                                GError             **error);
/* The UI tells the incident when the summary is on screen (a timing event). */
void            fc_incident_summary_shown      (FcIncident       *self);
void            fc_incident_acknowledge_warning (FcIncident      *self,
                                                 FcWarning       *warning);
/* The crew says the record is not this patient's: the summary and its warnings leave the screen
 * and memory at once, the timeline records it, and "state" becomes NO_SUMMARY. The card may be
 * read again (the right card) afterwards. */
void            fc_incident_wrong_person       (FcIncident       *self);
/* Ends the incident: drops identity and summary from memory, closes the timeline, destroys the
 * incident's cached copy (crypto-shred) and writes the handover audit entry. */
void            fc_incident_handover           (FcIncident       *self);

FcAudit        *fc_incident_get_audit          (FcIncident       *self);
void            fc_incident_set_audit          (FcIncident       *self,
                                                FcAudit          *audit);
FcCache        *fc_incident_get_cache          (FcIncident       *self);
void            fc_incident_set_cache          (FcIncident       *self,
                                                FcCache          *cache);
const char     *fc_incident_get_unit_id        (FcIncident       *self);
void            fc_incident_set_unit_id        (FcIncident       *self,
                                                const char       *unit_id);
const char     *fc_incident_get_crew_id        (FcIncident       *self);
void            fc_incident_set_crew_id        (FcIncident       *self,
                                                const char       *crew_id);
const char     *fc_incident_get_audit_error    (FcIncident       *self);
gboolean        fc_incident_get_history_expanded (FcIncident     *self);
/* Whether @kind belongs to the full history (procedures, visits, test results), which is shown
 * only after fc_incident_expand_history(); medicines, conditions and allergies are in the
 * summary itself. */
gboolean        fc_incident_kind_is_history    (FcItemKind        kind);
/* The UI calls this when a section of the summary comes on screen. The first view of each
 * section is audited; a history section expands the history first. FALSE (nothing done) when
 * there is no summary. */
gboolean        fc_incident_view_section       (FcIncident       *self,
                                                FcItemKind        kind);
/* The crew's explicit tap on "full history": audited once, sets "history-expanded". FALSE when
 * there is no summary. */
gboolean        fc_incident_expand_history     (FcIncident       *self);
/* The patient access receipt: who (unit, crew), when, under which consent and which sections
 * were viewed, plus a reference for the privacy officer. No patient data. NULL when nothing of
 * the patient was read in this incident. Usually shown after handover (see
 * fc_audit_render_receipt_png()). */
G_GNUC_WARN_UNUSED_RESULT
char           *fc_incident_build_receipt      (FcIncident       *self);
FcSummarySource *fc_incident_get_summary_source (FcIncident     *self);
void            fc_incident_set_summary_source (FcIncident       *self,
                                                FcSummarySource  *source);

G_END_DECLS
