/* fc-scenario-source.h: an FcSummarySource that serves a training scenario's bundle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-summary-source.h"
#include "fc-scenario.h"

G_BEGIN_DECLS

#define FC_TYPE_SCENARIO_SOURCE (fc_scenario_source_get_type ())

G_DECLARE_FINAL_TYPE (FcScenarioSource, fc_scenario_source, FC, SCENARIO_SOURCE, GObject)

/* Serves the scenario's bundle after its "fetch-delay-ms" (off the main thread), as
 * FC_PROVENANCE_SCENARIO; "network" offline/503 → FC_SUMMARY_ERROR_UNAVAILABLE, not-found →
 * FC_SUMMARY_ERROR_NOT_FOUND; refused consent → FC_SUMMARY_ERROR_CONSENT without reading. A
 * corrupt bundle → FC_SUMMARY_ERROR_MALFORMED with the reader's message. Property "request-count"
 * counts fetches that went past the consent check (tests assert 0 after a refusal).
 *
 * When the scenario gives "today", the record is read as of that day (the age band) and its
 * dates are moved by the days between that day and the real date, so that "dispensed 18 days
 * ago" stays true whenever the drill is run.
 *
 * Live state (read-write properties, notified; the trainer's controls go through FcTrainingKit):
 * "network" (the current mode, initially the scenario's), "network-lost" (gboolean: while TRUE
 * every fetch fails with FC_SUMMARY_ERROR_UNAVAILABLE; a "drops-after-fetch" scenario sets it
 * once the first record was served; the mode is judged when the answer falls due, so losing the
 * network during the delay fails a fetch in flight), "paused" (gboolean: answers that fall due
 * while paused wait until the source is resumed; a paused source keeps itself alive until then),
 * "delay-scale" (double, 0–10: multiplies the scenario's delay; tests use 0), "served-count"
 * (guint, read-only: records served). */
G_GNUC_WARN_UNUSED_RESULT
FcScenarioSource *fc_scenario_source_new (FcScenario *scenario);
guint             fc_scenario_source_get_request_count (FcScenarioSource *self);
guint             fc_scenario_source_get_served_count  (FcScenarioSource *self);
FcScenario       *fc_scenario_source_get_scenario      (FcScenarioSource *self);
const char       *fc_scenario_source_get_network       (FcScenarioSource *self);
/* @mode: one of the scenario network modes ("online", "offline", "503", "not-found",
 * "drops-after-fetch"). */
void              fc_scenario_source_set_network       (FcScenarioSource *self,
                                                        const char       *mode);
gboolean          fc_scenario_source_get_network_lost  (FcScenarioSource *self);
void              fc_scenario_source_set_network_lost  (FcScenarioSource *self,
                                                        gboolean          lost);
gboolean          fc_scenario_source_get_paused        (FcScenarioSource *self);
void              fc_scenario_source_set_paused        (FcScenarioSource *self,
                                                        gboolean          paused);
double            fc_scenario_source_get_delay_scale   (FcScenarioSource *self);
void              fc_scenario_source_set_delay_scale   (FcScenarioSource *self,
                                                        double            scale);
/* Back to the scenario's start: its network mode, network not lost, not paused (held answers
 * are released), no record served yet. The request count is kept. */
void              fc_scenario_source_reset             (FcScenarioSource *self);
/* The record as it is served today: the bundle read as of the scenario's "today", with its
 * dates moved to @now (nullable: the current time). For the validator and the debrief. */
G_GNUC_WARN_UNUSED_RESULT
FcSummary        *fc_scenario_source_read_record       (FcScenario       *scenario,
                                                        GDateTime        *now,
                                                        GError          **error);

G_END_DECLS
