/* fc-scenario.h: one training scenario (data/scenarios/NAME.json + the FHIR bundle it names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-virtual-card.h"

G_BEGIN_DECLS

#define FC_SCENARIO_ERROR (fc_scenario_error_quark ())

typedef enum {
  FC_SCENARIO_ERROR_SYNTAX,   /* not JSON; message has line:column */
  FC_SCENARIO_ERROR_INVALID,  /* a field is missing or wrong; message names it */
  FC_SCENARIO_ERROR_BUNDLE,   /* the bundle it names is missing or unreadable */
} FcScenarioError;

#define FC_TYPE_SCENARIO (fc_scenario_get_type ())

G_DECLARE_FINAL_TYPE (FcScenario, fc_scenario, FC, SCENARIO, GObject)

/* Properties (read-only): "id" (file basename without .json), "path" (absolute), "title" /
 * "brief" / "presentation" (localised: Japanese when the UI language is Japanese, English
 * otherwise), "title-ja", "title-en", "age-band", "sex", "bundle-path" (absolute),
 * "card-behaviour" (FcVirtualCardBehaviour), "card-delay-ms", "remove-after-bytes",
 * "fetch-delay-ms", "network" ("online", "offline", "503", "not-found"). The file format is
 * documented at the top of fc-scenario.c. */
GQuark       fc_scenario_error_quark      (void);
G_GNUC_WARN_UNUSED_RESULT
FcScenario  *fc_scenario_new_from_file    (const char  *path,
                                           GError     **error);
const char  *fc_scenario_get_id           (FcScenario  *self);
const char  *fc_scenario_get_title        (FcScenario  *self);
const char  *fc_scenario_get_brief        (FcScenario  *self);
const char  *fc_scenario_get_presentation (FcScenario  *self);
const char  *fc_scenario_get_age_band     (FcScenario  *self);
const char  *fc_scenario_get_sex          (FcScenario  *self);
const char  *fc_scenario_get_bundle_path  (FcScenario  *self);
const char  *fc_scenario_get_network      (FcScenario  *self);
FcVirtualCardBehaviour
             fc_scenario_get_card_behaviour (FcScenario *self);
guint        fc_scenario_get_card_delay_ms  (FcScenario *self);
guint        fc_scenario_get_remove_after_bytes (FcScenario *self);
guint        fc_scenario_get_fetch_delay_ms (FcScenario *self);
/* Additions: the scenario file (absolute), both title languages, the card's error status word
 * for "error-status" (0 = the virtual card's default), the findings revealed when measured (by
 * name, as accepted by fc_findings_parse(): "bgl" → "420", "consciousness" → "impaired"; NULL when
 * the scenario does not give it), and the rule ids the trainer expects (never NULL). */
const char  *fc_scenario_get_path           (FcScenario *self);
const char  *fc_scenario_get_title_ja       (FcScenario *self);
const char  *fc_scenario_get_title_en       (FcScenario *self);
guint        fc_scenario_get_card_error_status (FcScenario *self);
const char * const *
             fc_scenario_get_measured_names (FcScenario *self);
const char  *fc_scenario_get_measured       (FcScenario *self,
                                             const char *name);
const char * const *
             fc_scenario_get_expected_warnings (FcScenario *self);
/* Loads every *.json in @dir, sorted by file name. Files that fail to load are skipped and
 * described in @errors_out (nullable; (element-type utf8): "file: message" lines), so one bad
 * scenario never hides the others. Returns a GListModel of FcScenario. */
G_GNUC_WARN_UNUSED_RESULT
GListModel  *fc_scenario_load_directory   (const char  *dir,
                                           GPtrArray  **errors_out);

G_END_DECLS
