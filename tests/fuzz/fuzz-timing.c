/* fuzz-timing.c: libFuzzer target for the timing-log readers of the report module.
 *
 * Input: a file given to `fieldcard-cli report` / `export` (a CSV or JSON Lines timing export; a
 * file that starts with the SQLite header is opened read-only as a timing.db). It is read with
 * fc_timing_read_file(), then through FcReport (statistics, JSON and text output, monthly trend)
 * and exported again as CSV, JSON Lines and NEMSIS to /dev/null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-report.h"
#include "fc-timing-export.h"
#include "fc-timing-io.h"

#include "fuzz-common.h"

static FILE *null_out; /* (owned) */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fc_fuzz_init ();
  null_out = fopen ("/dev/null", "w");
  if (null_out == NULL)
    g_error ("fuzz-timing: cannot open /dev/null");
  return 0;
}

static void
count_row (const FcTimingRow *row,
           gpointer           user_data)
{
  guint64 *rows = user_data;

  g_assert_nonnull (row->incident_id);
  g_assert_nonnull (row->kind);
  g_assert_nonnull (row->wall);
  (*rows)++;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = fc_fuzz_write_file ("timing-export", data, size);
  const char *paths[] = { path, NULL };
  static const FcExportFormat formats[] = {
    FC_EXPORT_FORMAT_CSV, FC_EXPORT_FORMAT_JSONL, FC_EXPORT_FORMAT_NEMSIS,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcReport) report = NULL;
  FcTimingSource source;
  guint64 rows = 0;
  guint64 unreadable = 0;

  if (!fc_timing_read_file (path, FC_TIMING_READ_ALL, count_row, &rows, &source, &unreadable,
                            &error))
    {
      fc_fuzz_note ("%s", error->message);
      g_assert_true (error != NULL && error->domain == FC_REPORT_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  fc_fuzz_note ("%" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " unreadable", rows,
                unreadable);
  report = fc_report_new ();
  fc_report_set_include_training (report, size > 0 && (data[size - 1] & 1));
  if (fc_report_add_file (report, path, &error))
    {
      g_autoptr(JsonNode) json = NULL;
      g_autofree char *text = NULL;

      fc_report_compute (report);
      g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_EVENTS), ==, rows);
      json = fc_report_to_json (report, TRUE);
      g_assert_nonnull (json);
      text = fc_report_to_text (report, TRUE);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
  else
    {
      g_assert_nonnull (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) export_error = NULL;
      guint64 written = 0, skipped = 0;

      if (!fc_timing_export (paths, formats[i], TRUE, null_out, &written, &skipped,
                             &export_error))
        g_assert_nonnull (export_error);
    }
  return 0;
}
