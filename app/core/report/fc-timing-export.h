/* fc-timing-export.h: timing events as CSV, JSON Lines (docs/timing-export.md, "Timing export
 * schema") or a NEMSIS v3.5 eTimes extract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-timing-io.h"

G_BEGIN_DECLS

typedef enum {
  FC_EXPORT_FORMAT_CSV,    /* one row per event, the columns of the events table */
  FC_EXPORT_FORMAT_JSONL,  /* one JSON object per event and line, same fields */
  FC_EXPORT_FORMAT_NEMSIS, /* one PatientCareReport per incident, corrections applied */
} FcExportFormat;

/* "csv", "jsonl" (or "json"), "nemsis"; FALSE for anything else. */
gboolean fc_export_format_from_string (const char          *text,
                                       FcExportFormat      *format);
/* Writes the events of @paths (timing.db files or exports) to @out. CSV and JSON Lines carry
 * every event as recorded, corrections included as their own rows, so that a report over the
 * export equals the report over the databases. Training events are left out unless
 * @include_training. @written (optional) receives the number of rows or incidents written,
 * @skipped (optional) the rows that could not be read (CSV, JSON Lines). */
gboolean fc_timing_export             (const char * const  *paths,
                                       FcExportFormat       format,
                                       gboolean             include_training,
                                       FILE                *out,
                                       guint64             *written,
                                       guint64             *skipped,
                                       GError             **error);

G_END_DECLS
