/* fc-controller.h: the composition root of the touch UI. Not a widget: it creates, per incident,
 * the store, timeline, rule set, training kit (or, in real mode, uses the reader, the summary
 * service and the encrypted cache) and FcIncident, drives the card → summary flow and tells the
 * window which step to show. Widgets bind to it and call it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-debrief.h"
#include "fc-incident.h"
#include "fc-scenario.h"
#include "fc-real-config.h"
#include "fc-training-kit.h"

G_BEGIN_DECLS

/**
 * FcFlowStep:
 * @FC_FLOW_START: choose a scenario and start an incident
 * @FC_FLOW_CONSENT: ask for consent
 * @FC_FLOW_REFUSED: consent refused: the card will not be read
 * @FC_FLOW_CARD: waiting for (or failed reading) the card
 * @FC_FLOW_SUMMARY: the record is being fetched, is on screen, or could not be fetched
 * @FC_FLOW_HANDOVER: confirm handover
 * @FC_FLOW_DONE: handed over; data cleared
 */
typedef enum {
  FC_FLOW_START,
  FC_FLOW_CONSENT,
  FC_FLOW_REFUSED,
  FC_FLOW_CARD,
  FC_FLOW_SUMMARY,
  FC_FLOW_HANDOVER,
  FC_FLOW_DONE,
} FcFlowStep;

/**
 * FcFetchState:
 * @FC_FETCH_IDLE: no fetch in this incident (yet)
 * @FC_FETCH_RUNNING: asking the summary service (Cancel is offered)
 * @FC_FETCH_DONE: the record arrived (from the network, the offline copy or a scenario)
 * @FC_FETCH_FAILED: no record: "fetch-error" says why; Retry when "fetch-can-retry"
 * @FC_FETCH_CANCELLED: the crew stopped the fetch
 */
typedef enum {
  FC_FETCH_IDLE,
  FC_FETCH_RUNNING,
  FC_FETCH_DONE,
  FC_FETCH_FAILED,
  FC_FETCH_CANCELLED,
} FcFetchState;

#define FC_TYPE_CONTROLLER (fc_controller_get_type ())

G_DECLARE_FINAL_TYPE (FcController, fc_controller, FC, CONTROLLER, GObject)

/* Properties (read-only unless noted): "training" (construct-only), "config" (FcRealConfig,
 * construct-only, nullable: real mode), "step" (FcFlowStep), "scenarios" (GListModel of
 * FcScenario), "scenario-errors" (string, nullable: scenarios that failed to load, one per line),
 * "incident" (FcIncident, nullable), "scenario" (FcScenario, nullable), "card-busy" (gboolean),
 * "card-error" (string, nullable), "card-notice" (string, nullable: why the card page is shown
 * again, e.g. after "wrong person"), "fetch-state" (FcFetchState), "fetch-error" (string,
 * nullable), "fetch-can-retry" (gboolean), "next-mark" (string, nullable: the time point expected
 * next), "hospital-call-active" (gboolean), "hospital-calls" (guint), "problem" (string,
 * nullable: a lasting problem such as "timing log in memory only"), "reader-connstring" (string,
 * construct-only, nullable: training with a real (or emulated) card reader), "paused" (gboolean:
 * the trainer paused the scenario).
 * Signal "notice" (const char *message): a short transient message for a toast.
 * Signal "marks-changed": an event was added to the open incident's timeline (or the incident
 * changed); time marks, the next mark and corrections may differ.
 * Signal "training-changed": the training kit changed (a new incident) or its live state did
 * (paused, network lost, card pulled, a value revealed): the trainer's views refresh. */

/* Where training with a card reader (--training --reader=…) finds the certificate authority of
 * the emulated card: the file the emulator writes with --write-ca, in the training data folder. */
#define FC_TRAINING_CA_FILE "training-ca.der"
G_GNUC_WARN_UNUSED_RESULT
FcController *fc_controller_new                  (gboolean       training);
/* Real mode: the card reader and summary service of @config (which the caller checked with
 * fc_real_config_is_complete()), and the encrypted cache. */
G_GNUC_WARN_UNUSED_RESULT
FcController *fc_controller_new_real             (const FcRealConfig *config);
/* Training mode with a card reader (libnfc @connstring, e.g. the emulated PN532) instead of the
 * virtual card; the scenario still serves the record. The reader trusts the CA in
 * fc_controller_dup_training_ca_path(). */
G_GNUC_WARN_UNUSED_RESULT
FcController *fc_controller_new_training_reader  (const char    *connstring);
gboolean      fc_controller_get_training         (FcController  *self);
/* The training reader's connstring, or NULL (virtual card, or real mode). */
const char   *fc_controller_get_reader_connstring (FcController *self);
/* <training data folder>/training-ca.der (FC_TRAINING_CA_FILE). (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char         *fc_controller_dup_training_ca_path (void);
const FcRealConfig *fc_controller_get_config     (FcController  *self);
FcFlowStep    fc_controller_get_step             (FcController  *self);
GListModel   *fc_controller_get_scenarios        (FcController  *self);
const char   *fc_controller_get_scenario_errors  (FcController  *self);
FcIncident   *fc_controller_get_incident         (FcController  *self);
/* The open incident's timeline, or NULL. */
FcTimeline   *fc_controller_get_timeline         (FcController  *self);
FcScenario   *fc_controller_get_scenario         (FcController  *self);
gboolean      fc_controller_get_card_busy        (FcController  *self);
const char   *fc_controller_get_card_error       (FcController  *self);
const char   *fc_controller_get_card_notice      (FcController  *self);
/* The Tap-card page's reader status line ("reader-status"): reader ready, no card reader,
 * waiting for the card, reading the card, card read, or "Error: " and what to do. */
const char   *fc_controller_get_reader_status    (FcController  *self);
/* The transport the card is read with: the card reader (real mode, training with a reader) or
 * the open training incident's virtual card; NULL without either. For the PIN check. */
FcCardTransport *fc_controller_get_card_transport (FcController *self);
FcFetchState  fc_controller_get_fetch_state      (FcController  *self);
const char   *fc_controller_get_fetch_error      (FcController  *self);
gboolean      fc_controller_get_fetch_can_retry  (FcController  *self);
const char   *fc_controller_get_problem          (FcController  *self);

/* Reloads the scenario list from @dir (nullable: <data dir>/scenarios). */
void          fc_controller_load_scenarios       (FcController  *self,
                                                  const char    *dir);
/* Creates everything for one incident and goes to the consent step. @scenario is required in
 * training mode and ignored (may be NULL) in real mode. Fails (with a message for the crew) only
 * when the scenario itself cannot be used; a store or rules failure is shown as "problem" and the
 * incident goes on. */
gboolean      fc_controller_start_incident       (FcController  *self,
                                                  FcScenario    *scenario,
                                                  GError       **error);
/* Records consent. Given or waived starts the card read; refused goes to FC_FLOW_REFUSED. */
gboolean      fc_controller_record_consent       (FcController  *self,
                                                  FcConsent      consent,
                                                  const char    *reason,
                                                  GError       **error);
/* (Re)starts reading the card (Retry). */
void          fc_controller_read_card            (FcController  *self);
/* Goes on without the record (after a refused consent, a failed read or a failed fetch). */
void          fc_controller_continue_without_card (FcController *self);
/* Stops the running fetch ("fetch-state" becomes CANCELLED when it has stopped). */
void          fc_controller_cancel_fetch         (FcController  *self);
/* Asks the summary service again (after FAILED or CANCELLED). */
void          fc_controller_retry_fetch          (FcController  *self);
/* The summary page is on screen (a timing event, once per incident). */
void          fc_controller_summary_shown        (FcController  *self);
/* The crew's tap on "Full history": procedures, visits and test results come on screen (and
 * into the access log). FALSE without a record. */
gboolean      fc_controller_expand_history       (FcController  *self);
/* The record is not this patient's: it leaves the screen (and the encrypted cache), the timeline
 * records it, and the card page is shown again with a "card-notice". */
void          fc_controller_wrong_person         (FcController  *self);
/* Records a time mark; returns the local time of the mark ("10:42:13"), or NULL without an
 * open incident. */
char         *fc_controller_mark                 (FcController  *self,
                                                  const char    *event_kind);
/* The time point expected next (FC_EVENT_CALL_RECEIVED … FC_EVENT_BACK_IN_SERVICE): the one after
 * the furthest point marked (and not voided); NULL without an incident or after the last one. */
const char   *fc_controller_get_next_mark        (FcController  *self);
/* "10:42:13" of the latest mark of @event_kind after corrections, or NULL. */
G_GNUC_WARN_UNUSED_RESULT
char         *fc_controller_dup_mark_time        (FcController  *self,
                                                  const char    *event_kind);
/* Hospital acceptance calls (照会). Start needs no call in progress, end needs one; both return
 * FALSE (and do nothing) otherwise or without an open incident. */
gboolean      fc_controller_hospital_call_start  (FcController  *self);
gboolean      fc_controller_hospital_call_end    (FcController  *self,
                                                  gboolean       accepted);
gboolean      fc_controller_get_hospital_call_active (FcController *self);
guint         fc_controller_get_hospital_calls   (FcController  *self);
/* Corrects the mark with sequence number @seq: @wall the right time, or NULL to void it. The
 * correction is a new timeline event; nothing is overwritten. */
gboolean      fc_controller_correct_mark         (FcController  *self,
                                                  guint          seq,
                                                  GDateTime     *wall,
                                                  GError       **error);
/* The corrected time for a mark recorded at @original when the crew picks @hour:@minute:@second
 * (local time): on the day (before, of, or after @original) that puts it nearest @original. */
G_GNUC_WARN_UNUSED_RESULT
GDateTime    *fc_controller_correction_time      (GDateTime     *original,
                                                  int            hour,
                                                  int            minute,
                                                  int            second);
void          fc_controller_acknowledge_warning  (FcController  *self,
                                                  FcWarning     *warning);
void          fc_controller_request_handover     (FcController  *self);
void          fc_controller_back_to_summary      (FcController  *self);
void          fc_controller_handover             (FcController  *self);
/* Drops the finished incident and goes back to the start. */
void          fc_controller_new_incident         (FcController  *self);
/* This tablet's timing.db (the training folder's in training mode), for the Analysis page; its
 * pending writes are flushed first. (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char         *fc_controller_dup_timing_db_path   (FcController  *self);

/* Trainer controls (training mode; each does nothing without an open training incident). */
/* (nullable): the open incident's training kit. */
FcTrainingKit *fc_controller_get_training_kit    (FcController  *self);
gboolean      fc_controller_get_paused           (FcController  *self);
void          fc_controller_training_pause       (FcController  *self);
void          fc_controller_training_resume      (FcController  *self);
/* One of FC_TRAINING_FAULT_*; FALSE with @error for an unknown fault or without a kit. */
gboolean      fc_controller_training_inject      (FcController  *self,
                                                  const char    *fault,
                                                  GError       **error);
/* The value the crew gets when they measure @name ("bgl" → "420"), for the trainer to say;
 * NULL when the scenario does not give it. The crew still enters it themselves. */
const char   *fc_controller_training_reveal      (FcController  *self,
                                                  const char    *name);
/* Drops the open incident and starts a new one with the same scenario. */
gboolean      fc_controller_training_restart     (FcController  *self,
                                                  GError       **error);
/* The rule ids of the warnings that were on screen in this incident (sorted). (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
GStrv         fc_controller_dup_shown_warnings   (FcController  *self);
/* The message of warning @rule_id as it was shown (UI language), or NULL. */
const char   *fc_controller_get_shown_warning_message (FcController *self,
                                                       const char   *rule_id);
/* The debrief of the open (or just handed over) training incident: its timeline against the
 * scenario, with the warnings that were on screen. NULL outside training or without an
 * incident. */
G_GNUC_WARN_UNUSED_RESULT
FcDebrief    *fc_controller_build_debrief        (FcController  *self);
/* The patient access receipt (fc_incident_build_receipt()), or NULL when nothing of the
 * patient was read. */
G_GNUC_WARN_UNUSED_RESULT
char         *fc_controller_build_receipt        (FcController  *self);

/* Tests only: fetch records from @source (nullable: back to the scenario or server). */
void          fc_controller_set_source_for_testing (FcController    *self,
                                                    FcSummarySource *source);

/* Translated label of a time-mark kind ("現着" for FC_EVENT_ARRIVED_SCENE), or NULL. */
const char   *fc_controller_mark_label           (const char    *event_kind);

G_END_DECLS
