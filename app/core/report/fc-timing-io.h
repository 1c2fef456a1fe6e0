/* fc-timing-io.h: reading timing events from timing.db files and their CSV / JSON Lines exports,
 * and the time stamps they carry. No patient data passes through here: only the columns of the
 * events table (docs/timing-export.md, "Timing export schema").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_REPORT_ERROR (fc_report_error_quark ())

typedef enum {
  FC_REPORT_ERROR_OPEN,    /* the file cannot be opened or read */
  FC_REPORT_ERROR_FORMAT,  /* not a timing.db, CSV or JSON Lines timing export */
  FC_REPORT_ERROR_WRITE,   /* the output cannot be written */
  FC_REPORT_ERROR_INVALID, /* an argument is out of range (generator, chart size, …) */
} FcReportError;

/* The kind of file fc_timing_read_file() found. */
typedef enum {
  FC_TIMING_SOURCE_DATABASE,
  FC_TIMING_SOURCE_CSV,
  FC_TIMING_SOURCE_JSONL,
} FcTimingSource;

typedef enum {
  FC_TIMING_READ_ALL  = 0,
  /* For statistics over a timing.db: app_version is NULL and unit_id is given only on the first
   * row of each run of rows of one incident (NULL on the rest). Text exports give everything. */
  FC_TIMING_READ_LEAN = 1 << 0,
} FcTimingReadFlags;

/* One row of the events table. Strings are borrowed and only valid during the callback. */
typedef struct {
  const char *incident_id;
  gint64      seq;
  const char *kind;
  const char *detail;      /* nullable */
  gint64      mono_us;
  const char *wall;        /* ISO-8601 with zone, as recorded */
  const char *unit_id;     /* nullable */
  gboolean    training;
  const char *app_version; /* nullable */
} FcTimingRow;

/* Called once per readable row. */
typedef void (*FcTimingRowFunc) (const FcTimingRow *row,
                                 gpointer           user_data);

GQuark   fc_report_error_quark  (void);

/* Reads every row of @path (a timing.db opened read-only, or a CSV / JSON Lines export; the kind
 * is recognised from the content) in file order and calls @func for each. Rows that cannot be
 * read (a broken line, a missing column) are skipped and counted in @unreadable.
 * Returns FALSE with @error (FC_REPORT_ERROR) when the file cannot be used at all. */
gboolean fc_timing_read_file    (const char       *path,
                                 FcTimingReadFlags flags,
                                 FcTimingRowFunc   func,
                                 gpointer          user_data,
                                 FcTimingSource   *source,
                                 guint64          *unreadable,
                                 GError          **error);

/* Recognises @path from its content. */
gboolean fc_timing_probe_file   (const char       *path,
                                 FcTimingSource   *source,
                                 GError          **error);
/* The smallest and largest row id of a timing.db (for reading it in parallel ranges). */
gboolean fc_timing_database_get_id_range (const char  *path,
                                          gint64      *first_id,
                                          gint64      *last_id,
                                          GError     **error);
/* Reads the rows with @first_id <= id <= @last_id of a timing.db, in id order. Threads may read
 * ranges of one file at once. */
gboolean fc_timing_read_database (const char       *path,
                                  FcTimingReadFlags flags,
                                  gint64            first_id,
                                  gint64            last_id,
                                  FcTimingRowFunc   func,
                                  gpointer          user_data,
                                  guint64          *unreadable,
                                  GError          **error);

/* Parses an ISO-8601 date-time with a zone ("2025-01-02T03:04:05.678+09:00", "…+09", "…+0900",
 * "…Z"; fractions of any length) into µs since the Unix epoch (UTC) and the zone's offset in
 * seconds. Returns FALSE for anything else, including a time without zone. */
gboolean fc_timing_parse_wall   (const char       *text,
                                 gint64           *utc_us,
                                 int              *offset_s);
/* Formats as "YYYY-MM-DDThh:mm:ss[.ffffff]±hh:mm" (NEMSIS DateTimeType: always with a zone,
 * never "Z") in the zone @offset_s. @buf must hold 40 bytes. Returns @buf. */
char    *fc_timing_format_wall  (gint64            utc_us,
                                 int               offset_s,
                                 char             *buf);

/* The local calendar date of @utc_us in the zone @offset_s. */
void     fc_timing_local_date   (gint64            utc_us,
                                 int               offset_s,
                                 int              *year,
                                 int              *month,
                                 int              *day);

G_END_DECLS
