/* fc-debrief-private.h: the debrief's instances and what its modules share (see the top of
 * fc-debrief.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-debrief.h"

G_BEGIN_DECLS

struct _FcDebriefTarget
{
  GObject               parent_instance;

  char                 *id;      /* (owned) */
  char                 *label;   /* (owned) */
  char                 *detail;  /* (owned) */
  FcScenarioTargetKind  kind;
  guint                 limit_s;
  double                actual_s;
  FcDebriefOutcome      outcome;
  /* For the timeline strip: seconds from the start; negative when absent. */
  double                start_s;
  double                end_s;
};

struct _FcDebriefWarning
{
  GObject     parent_instance;

  char       *rule_id;  /* (owned) */
  FcSeverity  severity;
  gboolean    expected;
  gboolean    shown;
  gboolean    acknowledged;
};

/* One event of the incident. */
typedef struct
{
  char      *kind;   /* (owned) */
  char      *detail; /* (owned) (nullable) */
  gint64     mono;
  GDateTime *wall;   /* (owned) (nullable) */
  guint      order;
} FcDebriefEvent;

/* A time the trainer paused the scenario (monotonic µs). */
typedef struct
{
  gint64 start;
  gint64 end;
} FcDebriefPause;

struct _FcDebrief
{
  GObject     parent_instance;

  FcScenario *scenario;     /* (owned) */
  FcRuleSet  *rule_set;     /* (owned) (nullable) */
  GPtrArray  *events;       /* (owned) (element-type FcDebriefEvent) */
  GStrv       shown_given;  /* (owned) (nullable) */
  gboolean    dirty;

  /* Results */
  GArray     *pauses;       /* (owned) (element-type FcDebriefPause) */
  GListStore *targets;      /* (owned) of FcDebriefTarget */
  GListStore *warnings;     /* (owned) of FcDebriefWarning */
  GPtrArray  *missed_codes; /* (owned) NULL-terminated */
  GPtrArray  *missed;       /* (owned) NULL-terminated */
  gint64      duration_us;
};

/* fc-debrief-target.c: a row for @target with its id, label (UI language) and kind. */
G_GNUC_WARN_UNUSED_RESULT
FcDebriefTarget  *fc_debrief_target_new   (const FcScenarioTarget *target);

/* fc-debrief-warning.c */
G_GNUC_WARN_UNUSED_RESULT
FcDebriefWarning *fc_debrief_warning_new  (const char             *rule_id,
                                           FcSeverity              severity,
                                           gboolean                expected,
                                           gboolean                shown,
                                           gboolean                acknowledged);

/* fc-debrief-compute.c */
/* Works the result out again when the input changed since. */
void              fc_debrief_compute      (FcDebrief              *self);
/* The short name of an event kind; NULL for kinds not drawn on the strip when @any is FALSE,
 * the kind itself when @any is TRUE. */
const char       *fc_debrief_kind_label   (const char             *kind,
                                           gboolean                any);
/* "m:ss" (minutes not wrapped). */
G_GNUC_WARN_UNUSED_RESULT
char             *fc_debrief_format_duration (double               seconds);

G_END_DECLS
