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
 * counts fetches that went past the consent check (tests assert 0 after a refusal). */
G_GNUC_WARN_UNUSED_RESULT
FcScenarioSource *fc_scenario_source_new (FcScenario *scenario);
guint             fc_scenario_source_get_request_count (FcScenarioSource *self);

G_END_DECLS
