/* fc-scenario.h: one training scenario (data/scenarios/NAME.json + the FHIR bundle it names).
 *
 * The file format (versions 1 and 2) is documented at the top of fc-scenario.c and, for
 * trainers, in docs/scenarios.md.
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
  FC_SCENARIO_ERROR_SYNTAX,   /* not JSON; the message has the line and column */
  FC_SCENARIO_ERROR_INVALID,  /* a field is missing or wrong; the message names it */
  FC_SCENARIO_ERROR_BUNDLE,   /* the bundle it names is missing or unreadable */
} FcScenarioError;

/**
 * FcScenarioConsent:
 * @FC_SCENARIO_CONSENT_GIVES: the patient agrees when asked
 * @FC_SCENARIO_CONSENT_REFUSES: the patient is conscious and refuses (nothing may be read)
 * @FC_SCENARIO_CONSENT_UNABLE: the patient cannot answer (emergency waiver)
 *
 * How the patient answers when the crew asks for consent (format 2, "patient.consent").
 */
typedef enum {
  FC_SCENARIO_CONSENT_GIVES,
  FC_SCENARIO_CONSENT_REFUSES,
  FC_SCENARIO_CONSENT_UNABLE,
} FcScenarioConsent;

/**
 * FcScenarioTargetKind:
 * @FC_SCENARIO_TARGET_INTERVAL: from one event to another within a number of seconds
 * @FC_SCENARIO_TARGET_EVENT: an event must happen (before any of the "before" events, if given)
 * @FC_SCENARIO_TARGET_NEVER: an event must never happen
 */
typedef enum {
  FC_SCENARIO_TARGET_INTERVAL,
  FC_SCENARIO_TARGET_EVENT,
  FC_SCENARIO_TARGET_NEVER,
} FcScenarioTargetKind;

/* Timeline event kinds that only training incidents record (FcTrainingKit; details in
 * docs/scenarios.md). No patient data: "fault=pull-card", "name=bgl". */
#define FC_EVENT_TRAINING_PAUSED  "training-paused"
#define FC_EVENT_TRAINING_RESUMED "training-resumed"
#define FC_EVENT_TRAINING_FAULT   "training-fault"  /* detail: fault=lose-network|… */
#define FC_EVENT_TRAINING_REVEAL  "training-reveal" /* detail: name=bgl (never the value) */

/**
 * FcScenarioTarget:
 * @kind: what is checked
 * @id: a short stable id ("contact-to-summary")
 * @label_ja: (nullable): what the debrief shows, in Japanese
 * @label_en: (nullable): … and in English
 * @from: (nullable): INTERVAL: the event the interval starts at (first occurrence)
 * @to: (nullable): INTERVAL: the event it ends at (first occurrence after @from)
 * @within_s: INTERVAL: the target in seconds (the interval must not be longer)
 * @event: (nullable): EVENT and NEVER: the event
 * @before: (nullable) (array zero-terminated=1): EVENT: events @event must come before
 *
 * An event reference is "KIND" (an FC_EVENT_* string) or "KIND:VALUE", which matches an event of
 * that kind whose detail has a word VALUE or NAME=VALUE ("finding:glucose" matches the detail
 * "kind=glucose", "warning-acknowledged:G1" matches "rule=G1").
 */
typedef struct {
  FcScenarioTargetKind  kind;
  char                 *id;
  char                 *label_ja;
  char                 *label_en;
  char                 *from;
  char                 *to;
  guint                 within_s;
  char                 *event;
  char                **before;
} FcScenarioTarget;

/**
 * FcScenarioProblem:
 * @file: the file as it was named (the path given, not only its base name)
 * @line: 1-based line, 0 when the problem has no place in the file
 * @column: 1-based column in characters (a tab counts one)
 * @message: translated, without the position
 *
 * One problem found while loading or checking a scenario, for "FILE:LINE:COLUMN: message".
 */
typedef struct {
  char  *file;
  guint  line;
  guint  column;
  char  *message;
} FcScenarioProblem;

#define FC_TYPE_SCENARIO_PROBLEM (fc_scenario_problem_get_type ())
GType              fc_scenario_problem_get_type  (void) G_GNUC_CONST;
G_GNUC_WARN_UNUSED_RESULT
FcScenarioProblem *fc_scenario_problem_new       (const char              *file,
                                                  guint                    line,
                                                  guint                    column,
                                                  const char              *message);
FcScenarioProblem *fc_scenario_problem_copy      (const FcScenarioProblem *problem);
void               fc_scenario_problem_free      (FcScenarioProblem       *problem);
/* "FILE:LINE:COLUMN: message" ("FILE: message" when the line is 0). */
G_GNUC_WARN_UNUSED_RESULT
char              *fc_scenario_problem_to_string (const FcScenarioProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcScenarioProblem, fc_scenario_problem_free)

#define FC_TYPE_SCENARIO (fc_scenario_get_type ())

G_DECLARE_FINAL_TYPE (FcScenario, fc_scenario, FC, SCENARIO, GObject)

/* Properties (read-only): "id" (file basename without .json), "path" (absolute), "title" /
 * "brief" / "presentation" (localised: Japanese when the UI language is Japanese, English
 * otherwise), "title-ja", "title-en", "age-band", "sex", "bundle-path" (absolute),
 * "card-behaviour" (FcVirtualCardBehaviour), "card-delay-ms", "remove-after-bytes",
 * "fetch-delay-ms", "network" ("online", "offline", "503", "not-found", "drops-after-fetch"),
 * "format" (1 or 2), "consent" (FcScenarioConsent), "record-matches" (gboolean). */
GQuark       fc_scenario_error_quark      (void);
/* Errors (FC_SCENARIO_ERROR, or G_FILE_ERROR when unreadable) say "FILE:LINE:COLUMN: message"
 * with the base name of the file. */
G_GNUC_WARN_UNUSED_RESULT
FcScenario  *fc_scenario_new_from_file    (const char  *path,
                                           GError     **error);
/* Like fc_scenario_new_from_file(); on failure @problem (nullable) receives the problem with
 * @path as given and the line and column of the JSON node at fault. */
G_GNUC_WARN_UNUSED_RESULT
FcScenario  *fc_scenario_new_from_file_full (const char         *path,
                                             FcScenarioProblem **problem,
                                             GError            **error);
const char  *fc_scenario_get_id           (FcScenario  *self);
const char  *fc_scenario_get_title        (FcScenario  *self);
const char  *fc_scenario_get_brief        (FcScenario  *self);
const char  *fc_scenario_get_presentation (FcScenario  *self);
const char  *fc_scenario_get_age_band     (FcScenario  *self);
const char  *fc_scenario_get_sex          (FcScenario  *self);
const char  *fc_scenario_get_bundle_path  (FcScenario  *self);
/* The network mode at the start of the scenario. */
const char  *fc_scenario_get_network      (FcScenario  *self);
/* The virtual card's behaviour: "slow" and "expired" cards are FC_VIRTUAL_CARD_PRESENT (see
 * fc_scenario_get_card_behaviour_name(), _get_card_byte_delay_us(), _get_card_expired()). */
FcVirtualCardBehaviour
             fc_scenario_get_card_behaviour (FcScenario *self);
guint        fc_scenario_get_card_delay_ms  (FcScenario *self);
guint        fc_scenario_get_remove_after_bytes (FcScenario *self);
guint        fc_scenario_get_fetch_delay_ms (FcScenario *self);
/* Additions: the scenario file (absolute), both title languages, the card's error status word
 * for "error-status" (0 = the virtual card's default), the findings revealed when measured (by
 * name, as accepted by fc_findings_parse(): "bgl" → "420", "consciousness" → "impaired"; NULL when
 * the scenario does not give it), and the rule ids the trainer expects (never NULL).
 * Format 1: every "measured" name. Format 2: only the names FcFindings knows (the vital signs
 * are in fc_scenario_get_revealed_names()). */
const char  *fc_scenario_get_path           (FcScenario *self);
const char  *fc_scenario_get_title_ja       (FcScenario *self);
const char  *fc_scenario_get_title_en       (FcScenario *self);
guint        fc_scenario_get_card_error_status (FcScenario *self);
const char * const *
             fc_scenario_get_measured_names (FcScenario *self);
const char  *fc_scenario_get_measured       (FcScenario *self,
                                             const char *name);
/* Format 1: at least these rules appear while the case is played. Format 2: exactly these (see
 * docs/scenarios.md, "Expected warnings"). */
const char * const *
             fc_scenario_get_expected_warnings (FcScenario *self);

/* Format 2 additions (format 1 files get the defaults given). */
int          fc_scenario_get_format          (FcScenario *self);
const char  *fc_scenario_get_brief_ja        (FcScenario *self);
const char  *fc_scenario_get_brief_en        (FcScenario *self);
const char  *fc_scenario_get_presentation_ja (FcScenario *self);
const char  *fc_scenario_get_presentation_en (FcScenario *self);
/* (nullable): the day the case is set ("today"); the record's dates are relative to it. */
GDateTime   *fc_scenario_get_today           (FcScenario *self);
/* "present", "absent", "removed-after", "slow", "expired", "wrong-application", "error-status". */
const char  *fc_scenario_get_card_behaviour_name (FcScenario *self);
guint        fc_scenario_get_card_byte_delay_us  (FcScenario *self);
gboolean     fc_scenario_get_card_expired        (FcScenario *self);
/* After a "removed-after" card left the field: how long until it is back (0 = only when the
 * trainer puts it back). */
guint        fc_scenario_get_card_reinsert_after_ms (FcScenario *self);
FcScenarioConsent
             fc_scenario_get_consent         (FcScenario *self);
/* FALSE in a wrong-person drill: the record's patient is not the one the crew sees. */
gboolean     fc_scenario_get_record_matches  (FcScenario *self);
/* Every value revealed when measured or observed, findings and vital signs (spo2, bp, hr, rr,
 * temp, jcs, gcs, breathing, skin, ecg, pupils), in file order; values as text, localised for
 * observations written in both languages. */
const char * const *
             fc_scenario_get_revealed_names  (FcScenario *self);
const char  *fc_scenario_get_revealed        (FcScenario *self,
                                              const char *name);
/* Whether @name is a finding (passed to FcFindings) rather than a vital sign. */
gboolean     fc_scenario_is_finding_name     (const char *name);
guint        fc_scenario_get_n_targets       (FcScenario *self);
const FcScenarioTarget *
             fc_scenario_get_target          (FcScenario *self,
                                              guint       index);
/* Where a node of the scenario file is: @path as in messages ("card.behaviour",
 * "expected_warnings[1]", "" for the document); @at_key: the member's name rather than its
 * value. Falls back to the nearest enclosing node; FALSE (and 0, 0) without any. */
gboolean     fc_scenario_lookup_position     (FcScenario *self,
                                              const char *path,
                                              gboolean    at_key,
                                              guint      *line,
                                              guint      *column);
/* Whether @reference is a valid event reference for targets ("KIND" or "KIND:VALUE" with a
 * known kind). */
gboolean     fc_scenario_event_reference_is_valid (const char *reference);
/* Whether event @kind with @detail (nullable) matches @reference. */
gboolean     fc_scenario_event_matches       (const char *reference,
                                              const char *kind,
                                              const char *detail);
/* Loads every *.json in @dir, sorted by file name. Files that fail to load are skipped and
 * described in @errors_out (nullable; (element-type utf8): "file:line:column: message" lines), so
 * one bad scenario never hides the others. Returns a GListModel of FcScenario. */
G_GNUC_WARN_UNUSED_RESULT
GListModel  *fc_scenario_load_directory   (const char  *dir,
                                           GPtrArray  **errors_out);

G_END_DECLS
