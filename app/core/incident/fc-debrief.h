/* fc-debrief.h: the debrief of one training incident: its timeline against the scenario's
 * target times, the warnings expected, shown and acknowledged, what was missed, and an export to
 * PDF (A4 portrait) or PNG with cairo. Core only: the UI's debrief page shows the same models and
 * can draw the same page with fc_debrief_draw().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include <json-glib/json-glib.h>

#include "fc-types.h"
#include "fc-scenario.h"
#include "fc-rule-set.h"
#include "fc-timeline.h"

G_BEGIN_DECLS

#define FC_DEBRIEF_ERROR (fc_debrief_error_quark ())

typedef enum {
  FC_DEBRIEF_ERROR_READ,  /* the timing file cannot be read, or has no such incident */
  FC_DEBRIEF_ERROR_WRITE, /* the PDF or PNG cannot be written */
} FcDebriefError;

/**
 * FcDebriefOutcome:
 * @FC_DEBRIEF_MET: the target was met
 * @FC_DEBRIEF_MISSED: the target was missed (too slow, in the wrong order, never done, or
 *   something that must never happen happened)
 * @FC_DEBRIEF_NOT_REACHED: the step the target starts from never happened, so it cannot be
 *   judged
 */
typedef enum {
  FC_DEBRIEF_MET,
  FC_DEBRIEF_MISSED,
  FC_DEBRIEF_NOT_REACHED,
} FcDebriefOutcome;

/* The size of a PNG export: A4 at 150 dpi. */
#define FC_DEBRIEF_PNG_WIDTH  1240
#define FC_DEBRIEF_PNG_HEIGHT 1754
/* A4 portrait in points (the PDF page and the coordinates of fc_debrief_draw()). */
#define FC_DEBRIEF_PAGE_WIDTH  595.28
#define FC_DEBRIEF_PAGE_HEIGHT 841.89

#define FC_TYPE_DEBRIEF_TARGET (fc_debrief_target_get_type ())

G_DECLARE_FINAL_TYPE (FcDebriefTarget, fc_debrief_target, FC, DEBRIEF_TARGET, GObject)

/* One row of the targets table. Properties (read-only): "id", "label" (UI language, the id when
 * the scenario gives none), "kind" (FcScenarioTargetKind), "limit-s" (guint: the target of an
 * interval, else 0), "actual-s" (double: the interval, or the time from the start of the incident
 * to the event; negative when there is none), "outcome" (FcDebriefOutcome), "detail" (a short
 * translated explanation). */
const char      *fc_debrief_target_get_id       (FcDebriefTarget *self);
const char      *fc_debrief_target_get_label    (FcDebriefTarget *self);
FcScenarioTargetKind fc_debrief_target_get_kind (FcDebriefTarget *self);
guint            fc_debrief_target_get_limit_s  (FcDebriefTarget *self);
double           fc_debrief_target_get_actual_s (FcDebriefTarget *self);
FcDebriefOutcome fc_debrief_target_get_outcome  (FcDebriefTarget *self);
const char      *fc_debrief_target_get_detail   (FcDebriefTarget *self);

#define FC_TYPE_DEBRIEF_WARNING (fc_debrief_warning_get_type ())

G_DECLARE_FINAL_TYPE (FcDebriefWarning, fc_debrief_warning, FC, DEBRIEF_WARNING, GObject)

/* One row of the warnings table. Properties (read-only): "rule-id", "severity" (FcSeverity),
 * "expected", "shown", "acknowledged" (gboolean). */
const char      *fc_debrief_warning_get_rule_id      (FcDebriefWarning *self);
FcSeverity       fc_debrief_warning_get_severity     (FcDebriefWarning *self);
gboolean         fc_debrief_warning_get_expected     (FcDebriefWarning *self);
gboolean         fc_debrief_warning_get_shown        (FcDebriefWarning *self);
gboolean         fc_debrief_warning_get_acknowledged (FcDebriefWarning *self);

#define FC_TYPE_DEBRIEF (fc_debrief_get_type ())

G_DECLARE_FINAL_TYPE (FcDebrief, fc_debrief, FC, DEBRIEF, GObject)

/* Properties: "scenario" (construct-only), "rule-set" (construct-only, nullable: without it the
 * warnings shown cannot be worked out from the timeline; give them with
 * fc_debrief_set_shown_warnings()). The result is computed when first asked for, and again after
 * more input. */
GQuark           fc_debrief_error_quark       (void);
G_GNUC_WARN_UNUSED_RESULT
FcDebrief       *fc_debrief_new               (FcScenario   *scenario,
                                               FcRuleSet    *rule_set);
FcScenario      *fc_debrief_get_scenario      (FcDebrief    *self);
/* Input: the incident's timing events, in order. @mono_us: monotonic µs of the timeline;
 * @wall: (nullable). */
void             fc_debrief_add_event         (FcDebrief    *self,
                                               const char   *kind,
                                               const char   *detail,
                                               gint64        mono_us,
                                               GDateTime    *wall);
void             fc_debrief_add_timeline      (FcDebrief    *self,
                                               FcTimeline   *timeline);
/* Reads the events of @incident_id from a timing.db (or its CSV / JSON Lines export). */
gboolean         fc_debrief_add_timing_file   (FcDebrief    *self,
                                               const char   *path,
                                               const char   *incident_id,
                                               GError      **error);
/* The rule ids the crew saw, when the caller knows them (the UI collects them while the
 * incident runs). Otherwise they are worked out from the timeline: the scenario's record with
 * the findings entered so far, each taken as the scenario reveals it, while the summary was on
 * screen (summary-shown until wrong-person or handover). */
void             fc_debrief_set_shown_warnings (FcDebrief   *self,
                                                const char * const *rule_ids);

/* (transfer none) GListModel of FcDebriefTarget, in the scenario's order. */
GListModel      *fc_debrief_get_targets       (FcDebrief    *self);
/* (transfer none) GListModel of FcDebriefWarning: every rule expected, shown or acknowledged,
 * by rule id. */
GListModel      *fc_debrief_get_warnings      (FcDebrief    *self);
/* What was missed, beyond the targets (NULL-terminated, same order): stable codes such as
 * "glucose-not-entered", "wrong-person-not-flagged", "read-after-refusal",
 * "refusal-not-recorded", "summary-not-shown", "wrong-person-flagged",
 * "expected-warning-not-shown:R07", and the same as translated sentences. */
const char * const *fc_debrief_get_missed_codes (FcDebrief  *self);
const char * const *fc_debrief_get_missed       (FcDebrief  *self);
guint            fc_debrief_count_targets     (FcDebrief    *self,
                                               FcDebriefOutcome outcome);
/* First to last event, minus the time the trainer paused the scenario (µs). */
gint64           fc_debrief_get_duration_us   (FcDebrief    *self);
/* {"scenario", "duration_s", "targets": [{id, label, kind, limit_s, actual_s, outcome,
 *  detail}…], "warnings": [{rule, severity, expected, shown, acknowledged}…],
 *  "missed": [{code, text}…]} */
G_GNUC_WARN_UNUSED_RESULT
JsonNode        *fc_debrief_to_json           (FcDebrief    *self);
/* Draws the debrief page (title, scenario, a timeline strip against the targets, the tables and
 * what was missed) into @width × @height of @cr, white background included; the page is A4
 * portrait scaled to @width. Japanese text uses a CJK font (fc_chart_get_font_family()). */
void             fc_debrief_draw              (FcDebrief    *self,
                                               cairo_t      *cr,
                                               double        width,
                                               double        height);
/* One A4 portrait page. */
gboolean         fc_debrief_write_pdf         (FcDebrief    *self,
                                               const char   *path,
                                               GError      **error);
/* FC_DEBRIEF_PNG_WIDTH × FC_DEBRIEF_PNG_HEIGHT. */
gboolean         fc_debrief_write_png         (FcDebrief    *self,
                                               const char   *path,
                                               GError      **error);

G_END_DECLS
