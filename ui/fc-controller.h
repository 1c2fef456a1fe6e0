/* fc-controller.h: the composition root of the touch UI. Not a widget: it creates, per incident,
 * the store, timeline, rule set, training kit and FcIncident, drives the card → summary flow and
 * tells the window which step to show. Widgets bind to it and call it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-incident.h"
#include "fc-scenario.h"

G_BEGIN_DECLS

/**
 * FcFlowStep:
 * @FC_FLOW_START: choose a scenario and start an incident
 * @FC_FLOW_CONSENT: ask for consent
 * @FC_FLOW_REFUSED: consent refused: the card will not be read
 * @FC_FLOW_CARD: waiting for (or failed reading) the card
 * @FC_FLOW_SUMMARY: the record (or "no record") is on screen
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

#define FC_TYPE_CONTROLLER (fc_controller_get_type ())

G_DECLARE_FINAL_TYPE (FcController, fc_controller, FC, CONTROLLER, GObject)

/* Properties (read-only unless noted): "training" (construct-only), "step" (FcFlowStep),
 * "scenarios" (GListModel of FcScenario), "scenario-errors" (string, nullable: scenarios that
 * failed to load, one per line), "incident" (FcIncident, nullable), "scenario" (FcScenario,
 * nullable), "card-busy" (gboolean), "card-error" (string, nullable), "problem" (string,
 * nullable: a lasting problem such as "timing log in memory only").
 * Signal "notice" (const char *message): a short transient message for a toast. */
G_GNUC_WARN_UNUSED_RESULT
FcController *fc_controller_new                  (gboolean       training);
gboolean      fc_controller_get_training         (FcController  *self);
FcFlowStep    fc_controller_get_step             (FcController  *self);
GListModel   *fc_controller_get_scenarios        (FcController  *self);
const char   *fc_controller_get_scenario_errors  (FcController  *self);
FcIncident   *fc_controller_get_incident         (FcController  *self);
FcScenario   *fc_controller_get_scenario         (FcController  *self);
gboolean      fc_controller_get_card_busy        (FcController  *self);
const char   *fc_controller_get_card_error       (FcController  *self);
const char   *fc_controller_get_problem          (FcController  *self);

/* Reloads the scenario list from @dir (nullable: <data dir>/scenarios). */
void          fc_controller_load_scenarios       (FcController  *self,
                                                  const char    *dir);
/* Creates everything for one incident and goes to the consent step. Fails (with a message for
 * the crew) only when the scenario itself cannot be used; a store or rules failure is shown as
 * "problem" and the incident goes on. */
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
/* Goes on without the record (after a refused consent or a failed read). */
void          fc_controller_continue_without_card (FcController *self);
/* The summary page is on screen (a timing event, once per incident). */
void          fc_controller_summary_shown        (FcController  *self);
/* Records a time mark; returns the local time of the mark ("10:42:13"), or NULL without an
 * open incident. */
char         *fc_controller_mark                 (FcController  *self,
                                                  const char    *event_kind);
void          fc_controller_acknowledge_warning  (FcController  *self,
                                                  FcWarning     *warning);
void          fc_controller_request_handover     (FcController  *self);
void          fc_controller_back_to_summary      (FcController  *self);
void          fc_controller_handover             (FcController  *self);
/* Drops the finished incident and goes back to the start. */
void          fc_controller_new_incident         (FcController  *self);

/* Translated label of a time-mark kind ("現着" for FC_EVENT_ARRIVED_SCENE), or NULL. */
const char   *fc_controller_mark_label           (const char    *event_kind);

G_END_DECLS
