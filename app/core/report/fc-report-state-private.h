/* fc-report-state-private.h: the FcReport instance and what its modules share (see the top of
 * fc-report.c): the rows as read (fc-report-read.c), one incident made a record
 * (fc-report-incident.c), the buckets and their statistics (fc-report-bucket.c) and the
 * computation (fc-report-compute.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-report.h"
#include "fc-report-private.h"

G_BEGIN_DECLS

/* Event kinds as small numbers. */
typedef enum {
  FC_RAW_UNKNOWN,
  FC_RAW_INCIDENT_STARTED,
  FC_RAW_CALL,
  FC_RAW_DISPATCHED,
  FC_RAW_EN_ROUTE,
  FC_RAW_ARRIVED,
  FC_RAW_CONTACT,
  FC_RAW_LOADED,
  FC_RAW_LEFT,
  FC_RAW_HOSPITAL,
  FC_RAW_TRANSFER,
  FC_RAW_BACK,
  FC_RAW_HCALL_START,
  FC_RAW_HCALL_END,
  FC_RAW_CARD_ASKED,
  FC_RAW_CARD_PRESENT,
  FC_RAW_CONSENT,
  FC_RAW_CARD_DETECTED,
  FC_RAW_CARD_READ,
  FC_RAW_FETCH_STARTED,
  FC_RAW_FETCH_DONE,
  FC_RAW_SUMMARY_SHOWN,
  FC_RAW_FINDING,
  FC_RAW_WARNING_ACK,
  FC_RAW_FAILURE,
  FC_RAW_WRONG_PERSON,
  FC_RAW_HANDOVER,
  FC_RAW_CORRECTION,
  FC_N_RAW_KINDS
} FcRawKind;

/* Per-kind flags taken from the detail. */
enum {
  FC_RAW_FLAG_SYNTHETIC = 1 << 0, /* incident-started synthetic=1 */
  FC_RAW_FLAG_OK        = 1 << 1, /* fetch-done result=ok */
  FC_RAW_FLAG_NO        = 1 << 2, /* card-present present=no; consent basis=refused */
  FC_RAW_FLAG_ACCEPTED  = 1 << 3, /* hospital-call-end outcome=accepted */
  FC_RAW_FLAG_VOID      = 1 << 4, /* correction … void */
  FC_RAW_FLAG_BAD       = 1 << 5, /* correction that cannot be read */
  FC_RAW_FLAG_CARD      = 1 << 6, /* failure of the card or fetch step */
};

/* One event as kept between reading and computing: 32 bytes. For a correction, wall_us and
 * offset_min hold the corrected time and aux the seq of the corrected event. */
typedef struct {
  gint64  wall_us;
  gint64  mono_us;
  guint32 seq;
  guint32 aux;
  gint16  offset_min;
  guint8  kind;  /* FcRawKind */
  guint8  flag;  /* FC_RAW_FLAG_* */
} FcRawEvent;

typedef struct {
  char       *id;          /* (owned) */
  const char *unit_id;     /* interned in the report's string chunk */
  GArray     *events;      /* (owned) FcRawEvent */
  guint       duplicates;  /* rows dropped as read twice */
  gboolean    training;
  gboolean    synthetic;
} FcReportAccumulator;

/* What rows are gathered into while reading; one per reading thread. */
typedef struct {
  GHashTable          *incidents;  /* (owned): id → FcReportAccumulator (owned) */
  GHashTable          *unit_ids;   /* (owned): interned unit ids (set) */
  GStringChunk        *strings;    /* (owned): unit ids */
  FcReportAccumulator *last;       /* (unowned): the incident of the previous row */
  guint64              events;     /* rows seen */
  guint64              unreadable; /* rows skipped */
} FcReportLoader;

typedef struct {
  GArray         *values;  /* (owned) (nullable) doubles while collecting */
  FcIntervalStats stats;
} FcReportBucket;

typedef struct {
  int            key;      /* year * 12 + month - 1 */
  char           label[8]; /* "YYYY-MM" */
  guint          group_size[FC_REPORT_N_GROUPS];
  FcReportBucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS];
  FcReportBucket steps[FC_REPORT_N_STEPS];
} FcReportMonth;

typedef struct {
  char          *path;
  FcTimingSource source;
  guint64        events;
} FcReportSource;

struct _FcReport
{
  GObject         parent_instance;

  gboolean        include_training;
  FcReportLoader  loader;        /* (owned): every row read so far */
  GArray         *sources;       /* (owned) FcReportSource */
  guint64         counts[FC_REPORT_N_COUNTS];
  gboolean        dirty;

  /* Results. */
  GArray         *records;       /* (owned) FcReportIncident of included incidents, in order */
  guint           group_size[FC_REPORT_N_GROUPS];
  FcReportBucket  intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS];
  FcReportBucket  steps[FC_REPORT_N_STEPS];
  FcReportBucket  share;
  FcReportBucket  hospital_calls[FC_REPORT_N_GROUPS];
  GPtrArray      *months;        /* (owned) FcReportMonth, oldest first; filled on demand */
  gboolean        months_done;
};

/* fc-report-read.c */
void        fc_report_loader_init          (FcReportLoader       *loader);
void        fc_report_loader_clear         (FcReportLoader       *loader);
/* Keeps one row: 32 bytes in its incident's array, the detail only as flags. */
void        fc_report_loader_add_row       (FcReportLoader       *loader,
                                            const FcTimingRow    *row);
/* An FcTimingRowFunc for fc_report_loader_add_row() (@user_data: the loader). */
void        fc_report_loader_add_row_cb    (const FcTimingRow    *row,
                                            gpointer              user_data);
/* Reads a timing.db into @into, a large one in parallel ranges of row ids. */
gboolean    fc_report_loader_read_database (FcReportLoader       *into,
                                            const char           *path,
                                            GError              **error);

/* fc-report-incident.c */
/* Memory for fc_report_accumulator_finish() to reuse between incidents. */
G_GNUC_WARN_UNUSED_RESULT
GArray     *fc_report_incident_scratch_new (void);
void        fc_report_accumulator_finish   (FcReportAccumulator  *acc,
                                            FcReportIncident     *record,
                                            GArray               *scratch);

/* fc-report-bucket.c */
void        fc_report_bucket_reset         (FcReportBucket       *bucket);
void        fc_report_bucket_add_value     (FcReportBucket       *bucket,
                                            double                value);
void        fc_report_bucket_add_interval  (FcReportBucket       *bucket,
                                            gint64                from_us,
                                            gint64                to_us);
void        fc_report_bucket_finish        (FcReportBucket       *bucket);
void        fc_report_bucket_finish_groups (FcReportBucket        groups[FC_REPORT_N_GROUPS]);
/* Reset / finish the interval buckets (every group) and the step buckets of the report or of a
 * month. */
void fc_report_buckets_reset  (FcReportBucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                               FcReportBucket steps[FC_REPORT_N_STEPS]);
void fc_report_buckets_finish (FcReportBucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                               FcReportBucket steps[FC_REPORT_N_STEPS]);
void        fc_report_month_free           (FcReportMonth        *month);

/* fc-report-compute.c */
void        fc_report_reset_results        (FcReport             *self);
void        fc_report_compute_months       (FcReport             *self);
void        fc_report_ensure_computed      (FcReport             *self);

G_END_DECLS
