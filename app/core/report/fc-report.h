/* fc-report.h: statistics over timing logs: counts, intervals, card use, card-step costs and a
 * monthly trend, for one or many timing.db files or their exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-types.h"
#include "fc-timing-io.h"

G_BEGIN_DECLS

/* Intervals between time points (wall clock, after corrections). */
typedef enum {
  FC_REPORT_INTERVAL_RESPONSE,          /* call received → arrived on scene (FDMA 現場到着所要時間) */
  FC_REPORT_INTERVAL_ACCESS,            /* arrived on scene → patient contact */
  FC_REPORT_INTERVAL_CONTACT_TO_LOADED, /* patient contact → patient loaded (車内収容) */
  FC_REPORT_INTERVAL_LOADED_TO_LEFT,    /* patient loaded → left scene (where the pilots' card time sits) */
  FC_REPORT_INTERVAL_SCENE,             /* arrived on scene → left scene (現場滞在時間, NEMSIS .06→.09) */
  FC_REPORT_INTERVAL_TRANSPORT,         /* left scene → arrived at hospital (.09→.11) */
  FC_REPORT_INTERVAL_OFFLOAD,           /* arrived at hospital → transfer of care (.11→.12) */
  FC_REPORT_INTERVAL_TOTAL,             /* call received → transfer of care (病院収容所要時間) */
} FcReportInterval;

#define FC_REPORT_N_INTERVALS 8

/* Incidents split by what happened with the card. */
typedef enum {
  FC_REPORT_GROUP_ALL,
  FC_REPORT_GROUP_CARD_USED,        /* the summary was shown (and not flagged wrong person) */
  FC_REPORT_GROUP_ATTEMPTED_FAILED, /* a card step was logged but no summary was shown */
  FC_REPORT_GROUP_NOT_ATTEMPTED,    /* no card step at all */
} FcReportGroup;

#define FC_REPORT_N_GROUPS 4

/* Card steps of card-used incidents. The first card step is the earliest of card asked, card
 * present and consent; steps follow each other, so CONSENT + READ + FETCH + VIEW = TOTAL. */
typedef enum {
  FC_REPORT_STEP_CONSENT,        /* first card step → consent recorded */
  FC_REPORT_STEP_READ,           /* consent → certificate read */
  FC_REPORT_STEP_FETCH,          /* certificate read → record received */
  FC_REPORT_STEP_VIEW,           /* record received → summary shown */
  FC_REPORT_STEP_TOTAL,          /* first card step → summary shown */
  FC_REPORT_STEP_FAILED_ATTEMPT, /* attempted-failed incidents: first → last card step */
} FcReportStep;

#define FC_REPORT_N_STEPS 6

typedef enum {
  FC_REPORT_COUNT_FILES,
  FC_REPORT_COUNT_EVENTS,            /* rows read */
  FC_REPORT_COUNT_UNREADABLE,        /* rows skipped: broken line, time without zone, … */
  FC_REPORT_COUNT_DUPLICATES,        /* rows read twice (same incident and seq) */
  FC_REPORT_COUNT_INCIDENTS,         /* incidents found, training included */
  FC_REPORT_COUNT_INCLUDED,          /* incidents in the statistics */
  FC_REPORT_COUNT_TRAINING,          /* training incidents (excluded unless asked) */
  FC_REPORT_COUNT_SYNTHETIC,         /* included incidents from the generator */
  FC_REPORT_COUNT_CORRECTIONS,       /* corrections applied (included incidents) */
  FC_REPORT_COUNT_VOIDED,            /* marks voided by a correction */
  FC_REPORT_COUNT_BAD_CORRECTIONS,   /* corrections naming no event of their incident */
  FC_REPORT_COUNT_CLOCK_DISORDER,    /* included incidents whose wall clock went back or jumped */
  FC_REPORT_COUNT_UNITS,             /* distinct unit ids of included incidents */
  FC_REPORT_COUNT_HARD_TO_PLACE,     /* included incidents with 4 or more hospital calls */
} FcReportCount;

#define FC_REPORT_N_COUNTS 14

/* Sanity bounds: intervals below 0 or above 6 h are excluded from statistics (and counted). */
#define FC_REPORT_MAX_INTERVAL_S (6 * 3600)

/**
 * FcIntervalStats:
 * @n: values within the sanity bounds
 * @missing: incidents of the group without one of the two points
 * @excluded: values outside the sanity bounds
 * @median: seconds (a fraction for the card share, a count for hospital calls); NAN when @n is 0
 *
 * Percentiles interpolate linearly between order statistics (R type 7, numpy's default).
 * The whiskers are the most extreme values within 1.5 IQR of the quartiles (Tukey).
 */
typedef struct {
  guint  n;
  guint  missing;
  guint  excluded;
  double median;
  double p10;
  double q1;
  double q3;
  double p90;
  double iqr;
  double mean;
  double min;
  double max;
  double whisker_low;
  double whisker_high;
} FcIntervalStats;

#define FC_TYPE_INTERVAL_STATS (fc_interval_stats_get_type ())
GType            fc_interval_stats_get_type (void) G_GNUC_CONST;
FcIntervalStats *fc_interval_stats_copy     (const FcIntervalStats *stats);
void             fc_interval_stats_free     (FcIntervalStats       *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcIntervalStats, fc_interval_stats_free)

#define FC_TYPE_REPORT (fc_report_get_type ())

G_DECLARE_FINAL_TYPE (FcReport, fc_report, FC, REPORT, GObject)

/* Properties: "include-training" (gboolean, default FALSE). */
G_GNUC_WARN_UNUSED_RESULT
FcReport   *fc_report_new                  (void);
gboolean    fc_report_get_include_training (FcReport          *self);
void        fc_report_set_include_training (FcReport          *self,
                                            gboolean           include_training);
/* Reads all events of a timing.db or a CSV / JSON Lines export (FC_REPORT_ERROR on failure). */
gboolean    fc_report_add_file             (FcReport          *self,
                                            const char        *path,
                                            GError           **error);
/* Adds one event (the strings are copied as needed). */
void        fc_report_add_row              (FcReport          *self,
                                            const FcTimingRow *row);
/* Computes the statistics; getters call it when events were added since. */
void        fc_report_compute              (FcReport          *self);

guint64     fc_report_get_count            (FcReport          *self,
                                            FcReportCount      count);
guint       fc_report_get_group_size       (FcReport          *self,
                                            FcReportGroup      group);
/* (transfer none): valid until events are added. */
const FcIntervalStats *fc_report_get_interval       (FcReport         *self,
                                                     FcReportInterval  interval,
                                                     FcReportGroup     group);
const FcIntervalStats *fc_report_get_step           (FcReport         *self,
                                                     FcReportStep      step);
/* Card used: (first card step → summary shown) / scene time, per incident. */
const FcIntervalStats *fc_report_get_card_share     (FcReport         *self);
/* Hospital acceptance calls (照会) per incident. */
const FcIntervalStats *fc_report_get_hospital_calls (FcReport         *self,
                                                     FcReportGroup     group);

/* Months (local time of the call, or of the first event), oldest first, as "YYYY-MM". */
guint       fc_report_get_n_months         (FcReport          *self);
const char *fc_report_get_month            (FcReport          *self,
                                            guint              index);
guint       fc_report_get_month_group_size (FcReport          *self,
                                            guint              index,
                                            FcReportGroup      group);
const FcIntervalStats *fc_report_get_month_interval (FcReport         *self,
                                                     guint             index,
                                                     FcReportInterval  interval,
                                                     FcReportGroup     group);
const FcIntervalStats *fc_report_get_month_step     (FcReport         *self,
                                                     guint             index,
                                                     FcReportStep      step);

/* The whole report as JSON (schema "fieldcard-report/1", times in seconds); @months adds the
 * monthly trend. */
G_GNUC_WARN_UNUSED_RESULT
JsonNode   *fc_report_to_json              (FcReport          *self,
                                            gboolean           months);
/* A readable table in the current language (LANGUAGE=ja gives Japanese). */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_report_to_text              (FcReport          *self,
                                            gboolean           months);

/* Translated labels, for tables and charts. */
const char *fc_report_interval_get_label   (FcReportInterval   interval);
const char *fc_report_group_get_label      (FcReportGroup      group);
const char *fc_report_step_get_label       (FcReportStep       step);
/* "m:ss" or "h:mm:ss"; "—" for NAN. */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_report_format_duration      (double             seconds);

G_END_DECLS
