/* fc-scenario-check.h: checking a training scenario against its bundle and the rules, and the
 * warnings it produces when played ("fieldcard-cli scenario validate", the debrief, tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-scenario.h"
#include "fc-rule-set.h"
#include "fc-summary.h"

G_BEGIN_DECLS

/* Whether the record reaches the crew when the scenario is played without the trainer's
 * faults: the card can be read (not absent, a My Number card, no error status), the patient
 * does not refuse, and the service answers (not offline, 503 or not-found). */
gboolean     fc_scenario_record_reachable  (FcScenario  *scenario);
/* Evaluates @rules on @summary with the scenario's revealed values of the findings named in
 * @finding_names (nullable: none), as of the scenario's day. */
G_GNUC_WARN_UNUSED_RESULT
GListModel  *fc_scenario_evaluate          (FcScenario          *scenario,
                                            FcRuleSet           *rules,
                                            FcSummary           *summary,
                                            const char * const  *finding_names);
/* The rule ids the crew sees when the scenario is played in its canonical order (see
 * docs/scenarios.md): the summary with no findings, then with every observation (findings other
 * than bgl), then with bgl too; sorted. Empty when the record does not reach the crew. NULL with
 * @error when the bundle cannot be read. */
G_GNUC_WARN_UNUSED_RESULT
GStrv        fc_scenario_play_warnings     (FcScenario  *scenario,
                                            FcRuleSet   *rules,
                                            GError     **error);
/* Loads @path and checks it: the file (syntax and fields), the bundle it names (readable FHIR),
 * the expected warnings (known to @rules and, played, exactly those for format 2 or at least
 * those for format 1), and for format 2 whether the record's sex and age band match the
 * patient the crew sees unless it is a wrong-person drill. Appends one FcScenarioProblem per
 * problem to @problems (file as given, line and column of the node at fault). Returns TRUE when
 * there is none. */
gboolean     fc_scenario_check_file        (const char  *path,
                                            FcRuleSet   *rules,
                                            GPtrArray   *problems);

G_END_DECLS
