/* fc-timeline.h: timing events of one incident, written to timing.db. No patient data, ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* Event kinds (stable strings, used in exports). eTimes-like points: */
#define FC_EVENT_INCIDENT_STARTED  "incident-started"
#define FC_EVENT_ARRIVED_SCENE     "arrived-scene"
#define FC_EVENT_PATIENT_CONTACT   "patient-contact"
#define FC_EVENT_PATIENT_LOADED    "patient-loaded"   /* 車内収容 */
#define FC_EVENT_LEFT_SCENE        "left-scene"
/* Card and summary steps: */
#define FC_EVENT_CONSENT           "consent"          /* detail: given|waived_unable|refused */
#define FC_EVENT_CARD_ASKED        "card-asked"
#define FC_EVENT_CARD_DETECTED     "card-detected"
#define FC_EVENT_CARD_READ         "card-read"        /* detail: apdus=N bytes=N */
#define FC_EVENT_FETCH_STARTED     "fetch-started"
#define FC_EVENT_FETCH_DONE        "fetch-done"       /* detail: source=… */
#define FC_EVENT_SUMMARY_SHOWN     "summary-shown"
#define FC_EVENT_FINDING           "finding"          /* detail: kind only, never the value */
#define FC_EVENT_WARNING_ACK       "warning-acknowledged" /* detail: rule id */
#define FC_EVENT_FAILURE           "failure"          /* detail: step and error domain/code */
#define FC_EVENT_HANDOVER          "handover"

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

/* Tests only: replaces g_get_monotonic_time() as the clock of @self (NULL restores it). */
typedef gint64 (*FcTimelineClock) (void);
void        fc_timeline_set_clock_for_testing (FcTimeline      *self,
                                               FcTimelineClock  monotonic_now);

G_END_DECLS
