/* report-test-util.h: fixtures for the timing report tests: temporary folders, timing.db files
 * with given rows, reports as comparable JSON, Japanese translations for one process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-report.h"

G_BEGIN_DECLS

typedef struct {
  const char *incident_id;
  gint64      seq;
  const char *kind;
  const char *detail;   /* nullable */
  gint64      mono_us;
  const char *wall;
  gboolean    training;
} RtRow;

char     *rt_make_tmpdir       (void);
void      rt_remove_tree       (const char  *path);
/* Writes @rows into a new timing.db at @path (the timeline's schema), unit id "unit-test". */
void      rt_write_db          (const char  *path,
                                const RtRow *rows,
                                gsize        n_rows);
/* Feeds @rows to @report as if read from a file. */
void      rt_add_rows          (FcReport    *report,
                                const RtRow *rows,
                                gsize        n_rows);
/* The report as JSON text without "sources" and the count of files (which differ between a
 * database and its exports while every number stays the same). */
char     *rt_report_json       (FcReport    *report,
                                gboolean     months);
/* Reads a whole file; aborts the test when it cannot. */
char     *rt_read_file         (const char  *path,
                                gsize       *length);
/* Binds the text domain to a folder holding tests/report/ja-report.po compiled (from the build
 * folder) and sets LANGUAGE=ja. Call first thing in a subprocess. */
void      rt_use_japanese      (void);

G_END_DECLS
