/* fc-timeline.h: timing events of one incident, written to timing.db. No patient data, ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* Event kinds (stable strings, used in exports; docs/timing-export.md lists them all).
 * Time points, with their NEMSIS v3.5 element where one exists: */
#define FC_EVENT_INCIDENT_STARTED  "incident-started" /* detail: training=0|1 [synthetic=1] */
#define FC_EVENT_CALL_RECEIVED     "call-received"    /* 入電/覚知, eTimes.01 */
#define FC_EVENT_DISPATCHED        "dispatched"       /* 出場指令, eTimes.03 */
#define FC_EVENT_EN_ROUTE          "en-route"         /* 出場, eTimes.05 */
#define FC_EVENT_ARRIVED_SCENE     "arrived-scene"    /* 現場到着, eTimes.06 */
#define FC_EVENT_PATIENT_CONTACT   "patient-contact"  /* 傷病者接触, eTimes.07 */
#define FC_EVENT_PATIENT_LOADED    "patient-loaded"   /* 車内収容 (no NEMSIS element) */
#define FC_EVENT_LEFT_SCENE        "left-scene"       /* 現場出発, eTimes.09 */
#define FC_EVENT_ARRIVED_HOSPITAL  "arrived-hospital" /* 病院到着, eTimes.11 */
#define FC_EVENT_TRANSFER_OF_CARE  "transfer-of-care" /* 医師引継, eTimes.12 */
#define FC_EVENT_BACK_IN_SERVICE   "back-in-service"  /* 帰署/再出場可能, eTimes.13 */
/* Hospital acceptance calls (照会), see fc_timeline_hospital_call_start/_end():
 * start detail "n=K", end detail "n=K outcome=accepted|declined" (K counts from 1). */
#define FC_EVENT_HOSPITAL_CALL_START "hospital-call-start"
#define FC_EVENT_HOSPITAL_CALL_END   "hospital-call-end"
/* Card and summary steps: */
#define FC_EVENT_CARD_PRESENT      "card-present"     /* detail: present=yes|no */
#define FC_EVENT_WRONG_PERSON      "wrong-person"     /* the record shown is not this patient's */
#define FC_EVENT_CONSENT           "consent"  /* detail: basis=given|waived_unable|refused [reason=…] */
#define FC_EVENT_CARD_ASKED        "card-asked"
#define FC_EVENT_CARD_DETECTED     "card-detected"
#define FC_EVENT_CARD_READ         "card-read"        /* detail: apdus=N bytes=N */
/* The optional PIN check (never any digit): verified, detail "tries=N"; failed, detail
 * "result=wrong|blocked|last-try-unconfirmed tries=N". */
#define FC_EVENT_PIN_VERIFIED      "pin-verified"
#define FC_EVENT_PIN_FAILED        "pin-failed"
#define FC_EVENT_FETCH_STARTED     "fetch-started"
#define FC_EVENT_FETCH_DONE        "fetch-done"       /* detail: result=ok source=… | result=error */
#define FC_EVENT_SUMMARY_SHOWN     "summary-shown"
#define FC_EVENT_FINDING           "finding"          /* detail: kind only, never the value */
#define FC_EVENT_WARNING_ACK       "warning-acknowledged" /* detail: rule id */
#define FC_EVENT_FAILURE           "failure"          /* detail: step and error domain/code */
#define FC_EVENT_HANDOVER          "handover"
/* A correction of an earlier mark; nothing is overwritten. Detail (see fc_timeline_correct()):
 * "seq=N kind=KIND wall=ISO-8601-WITH-ZONE" (the corrected time) or "seq=N kind=KIND void"
 * (the mark was a mistake). The latest correction of an event wins. */
#define FC_EVENT_CORRECTION        "correction"

#define FC_TIMELINE_ERROR (fc_timeline_error_quark ())

typedef enum {
  FC_TIMELINE_ERROR_NO_SUCH_EVENT,   /* no event with that sequence number */
  FC_TIMELINE_ERROR_NOT_CORRECTABLE, /* a logged step (card read, fetch, …) or a correction */
} FcTimelineError;

GQuark      fc_timeline_error_quark     (void);

#define FC_TYPE_TIMELINE_EVENT (fc_timeline_event_get_type ())

G_DECLARE_FINAL_TYPE (FcTimelineEvent, fc_timeline_event, FC, TIMELINE_EVENT, GObject)

const char *fc_timeline_event_get_kind      (FcTimelineEvent *self);
const char *fc_timeline_event_get_detail    (FcTimelineEvent *self);
gint64      fc_timeline_event_get_monotonic (FcTimelineEvent *self); /* µs */
GDateTime  *fc_timeline_event_get_wall      (FcTimelineEvent *self); /* with zone */
guint       fc_timeline_event_get_seq       (FcTimelineEvent *self);

#define FC_TYPE_TIMELINE (fc_timeline_get_type ())

G_DECLARE_FINAL_TYPE (FcTimeline, fc_timeline, FC, TIMELINE, GObject)

/* Migrations for timing.db (for fc_store_open()). */
const char * const *fc_timeline_get_migrations (void);
/* @store: (nullable): with NULL events are kept in memory only (the UI says so).
 * Properties: "incident-id" (random UUID), "unit-id", "training", "store",
 * "write-error" (string, nullable: the last failed write, for the UI),
 * "pending" (guint: events not yet confirmed written). */
G_GNUC_WARN_UNUSED_RESULT
FcTimeline *fc_timeline_new            (FcStore    *store,
                                        const char *unit_id,
                                        gboolean    training);
const char *fc_timeline_get_incident_id (FcTimeline *self);
/* Records now (monotonic strictly increasing within the timeline, wall clock with local zone),
 * appends to the in-memory list at once and queues the write (after any earlier event whose write
 * failed). Returns the event (transfer none).
 * @detail: (nullable) a short code such as "source=cache" or a rule id. Callers must NEVER pass
 * patient data: no names, card contents, identifiers, measured values or free text. */
FcTimelineEvent *fc_timeline_append    (FcTimeline *self,
                                        const char *kind,
                                        const char *detail);
/* (transfer none) GListModel of FcTimelineEvent in order. */
GListModel *fc_timeline_get_events      (FcTimeline *self);
const char *fc_timeline_get_write_error (FcTimeline *self);
/* Queues once more the events whose write failed, then waits (iterating the main context of the
 * thread that created the timeline) until all queued writes have finished (tests, handover). */
void        fc_timeline_flush           (FcTimeline *self);

/* Whether crews may correct events of @kind: the time marks they tap (eTimes points, 車内収容,
 * hospital calls, card asked/present, wrong person), not the steps the app logs itself. */
gboolean    fc_timeline_kind_is_correctable (const char *kind);
/* Appends a FC_EVENT_CORRECTION event for event @seq: @wall (nullable) is the corrected time,
 * NULL voids the mark. Nothing is overwritten; fc_timeline_get_effective_wall() applies it. */
FcTimelineEvent *fc_timeline_correct   (FcTimeline  *self,
                                        guint        seq,
                                        GDateTime   *wall,
                                        GError     **error);
/* (transfer none) (nullable): the time of event @seq after corrections; NULL when the event
 * does not exist or was voided (then *@voided is TRUE). */
GDateTime  *fc_timeline_get_effective_wall (FcTimeline *self,
                                            guint       seq,
                                            gboolean   *voided);
/* Hospital acceptance calls (照会): "hospital-call-active" (gboolean) and "hospital-calls"
 * (guint, calls started so far) notify on change. Start requires no call in progress; end
 * requires one. */
FcTimelineEvent *fc_timeline_hospital_call_start (FcTimeline *self);
FcTimelineEvent *fc_timeline_hospital_call_end   (FcTimeline *self,
                                                  gboolean    accepted);
gboolean    fc_timeline_get_hospital_call_active (FcTimeline *self);
guint       fc_timeline_get_hospital_calls       (FcTimeline *self);
/* Whether the patient has the card at hand ("card-present" with present=yes|no). */
FcTimelineEvent *fc_timeline_mark_card_present   (FcTimeline *self,
                                                  gboolean    present);

/* Tests only: replaces g_get_monotonic_time() as the clock of @self (NULL restores it). */
typedef gint64 (*FcTimelineClock) (void);
void        fc_timeline_set_clock_for_testing (FcTimeline      *self,
                                               FcTimelineClock  monotonic_now);

G_END_DECLS
