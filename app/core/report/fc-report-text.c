/* fc-report-text.c: fc_report_to_text(), the report as a table for a terminal in the
 * current language (CJK characters take two cells).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <math.h>

#include <glib/gi18n-lib.h>

/* Display width of @text in a terminal (CJK characters take two cells). */
static int
text_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_cell (GString    *out,
             const char *text,
             int         width,
             gboolean    right)
{
  int pad = MAX (right ? 1 : 0, width - text_width (text));

  if (right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

#define NUM_WIDTH   9

static void
append_header (GString    *out,
               int         label_width,
               const char *title)
{
  append_cell (out, title, label_width, FALSE);
  /* Translators: column heads of the report table; keep them short. */
  append_cell (out, C_("report column", "n"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "median"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "p90"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "Q1–Q3"), 2 * NUM_WIDTH + 2, TRUE);
  append_cell (out, C_("report column", "excluded"), NUM_WIDTH + 1, TRUE);
  append_cell (out, C_("report column", "missing"), NUM_WIDTH, TRUE);
  g_string_append_c (out, '\n');
}

static void
append_stats_row (GString               *out,
                  int                    label_width,
                  const char            *label,
                  const FcIntervalStats *s)
{
  g_autofree char *n = g_strdup_printf ("%u", s->n);
  g_autofree char *median = fc_report_format_duration (s->median);
  g_autofree char *p90 = fc_report_format_duration (s->p90);
  g_autofree char *q1 = fc_report_format_duration (s->q1);
  g_autofree char *q3 = fc_report_format_duration (s->q3);
  g_autofree char *range = s->n > 0 ? g_strdup_printf ("%s–%s", q1, q3) : g_strdup ("—");
  g_autofree char *excluded = g_strdup_printf ("%u", s->excluded);
  g_autofree char *missing = g_strdup_printf ("%u", s->missing);

  append_cell (out, label, label_width, FALSE);
  append_cell (out, n, NUM_WIDTH, TRUE);
  append_cell (out, median, NUM_WIDTH, TRUE);
  append_cell (out, p90, NUM_WIDTH, TRUE);
  append_cell (out, range, 2 * NUM_WIDTH + 2, TRUE);
  append_cell (out, excluded, NUM_WIDTH + 1, TRUE);
  append_cell (out, missing, NUM_WIDTH, TRUE);
  g_string_append_c (out, '\n');
}

/* The heading of the split of @interval by card use. */
static char *
by_card_use_title (FcReportInterval interval)
{
  /* Translators: heading of a table section; %s is an interval such as "Scene (…)". */
  return g_strdup_printf (_("%s, by card use"), fc_report_interval_get_label (interval));
}

static void
append_by_group (GString          *out,
                 int               label_width,
                 FcReport         *self,
                 FcReportInterval  interval)
{
  g_autofree char *title = by_card_use_title (interval);

  append_header (out, label_width, title);
  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    {
      g_autofree char *label = g_strdup_printf ("  %s", fc_report_group_get_label (g));

      append_stats_row (out, label_width, label, &self->intervals[interval][g].stats);
    }
  g_string_append_c (out, '\n');
}

static char *
number (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static void append_line (GString    *out,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Appends one formatted line and a line break. */
static void
append_line (GString    *out,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

static char *
format_percent (double fraction)
{
  if (isnan (fraction))
    return g_strdup ("—");
  return g_strdup_printf ("%.0f %%", fraction * 100);
}

static char *
format_count (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", value);
}

/**
 * fc_report_to_text:
 * @self: a report
 * @months: whether to add the monthly trend
 *
 * Returns: (transfer full): the report as a table for a terminal, in the current language
 */
char *
fc_report_to_text (FcReport *self,
                   gboolean  months)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 *c;
  const FcIntervalStats *share;
  const FcIntervalStats *calls;
  int label_width = 36;

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  fc_report_ensure_computed (self);
  c = self->counts;

  /* The label column fits the longest label in the current language. */
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    label_width = MAX (label_width, text_width (fc_report_interval_get_label (i)) + 2);
  for (guint st = 0; st < FC_REPORT_N_STEPS; st++)
    label_width = MAX (label_width, text_width (fc_report_step_get_label (st)) + 4);
  for (guint i = FC_REPORT_INTERVAL_LOADED_TO_LEFT; i <= FC_REPORT_INTERVAL_SCENE; i++)
    {
      g_autofree char *title = by_card_use_title (i);

      label_width = MAX (label_width, text_width (title) + 2);
    }

  g_string_append_printf (out, "%s\n", _("FieldCard timing report"));
  {
    g_autofree char *events = number (c[FC_REPORT_COUNT_EVENTS]);
    g_autofree char *files = number (c[FC_REPORT_COUNT_FILES]);
    g_autofree char *incidents = number (c[FC_REPORT_COUNT_INCIDENTS]);
    g_autofree char *included = number (c[FC_REPORT_COUNT_INCLUDED]);
    g_autofree char *training = number (c[FC_REPORT_COUNT_TRAINING]);
    g_autofree char *unreadable = number (c[FC_REPORT_COUNT_UNREADABLE]);
    g_autofree char *duplicates = number (c[FC_REPORT_COUNT_DUPLICATES]);
    g_autofree char *corrections = number (c[FC_REPORT_COUNT_CORRECTIONS]);
    g_autofree char *voided = number (c[FC_REPORT_COUNT_VOIDED]);
    g_autofree char *bad = number (c[FC_REPORT_COUNT_BAD_CORRECTIONS]);
    g_autofree char *disorder = number (c[FC_REPORT_COUNT_CLOCK_DISORDER]);
    g_autofree char *synthetic = number (c[FC_REPORT_COUNT_SYNTHETIC]);

    /* Translators: the %s are numbers of events, files, incidents and included incidents. */
    append_line (out, _("Read %s events from %s file(s): %s incidents, %s included."),
                 events, files, incidents, included);
    if (self->include_training)
      append_line (out, _("Training incidents included: %s."), training);
    else
      append_line (out, _("Training incidents excluded: %s (add --include-training to count "
                          "them)."), training);
    append_line (out, _("Rows skipped: %s unreadable, %s read twice."), unreadable, duplicates);
    append_line (out, _("Corrections: %s applied (%s marks voided), %s naming no event."),
                 corrections, voided, bad);
    append_line (out, _("Clock trouble (wall clock went back or jumped): %s incidents; "
                        "intervals use the wall clock."), disorder);
    append_line (out, _("Intervals below 0 or above %d h are excluded and counted."),
                 FC_REPORT_MAX_INTERVAL_S / 3600);
    if (c[FC_REPORT_COUNT_SYNTHETIC] > 0)
      append_line (out, _("SYNTHETIC DATA: %s incidents come from “fieldcard-cli "
                          "simulate-log”, not from crews."), synthetic);
  }
  g_string_append_c (out, '\n');

  g_string_append_printf (out, "%s: %s %u · %s %u · %s %u\n\n", _("Card use"),
                          fc_report_group_get_label (FC_REPORT_GROUP_CARD_USED),
                          self->group_size[FC_REPORT_GROUP_CARD_USED],
                          fc_report_group_get_label (FC_REPORT_GROUP_ATTEMPTED_FAILED),
                          self->group_size[FC_REPORT_GROUP_ATTEMPTED_FAILED],
                          fc_report_group_get_label (FC_REPORT_GROUP_NOT_ATTEMPTED),
                          self->group_size[FC_REPORT_GROUP_NOT_ATTEMPTED]);

  /* Translators: heading of the interval table; times are minutes:seconds. */
  append_header (out, label_width, _("Intervals, all incidents (m:ss)"));
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    append_stats_row (out, label_width, fc_report_interval_get_label (i),
                      &self->intervals[i][FC_REPORT_GROUP_ALL].stats);
  g_string_append_c (out, '\n');

  append_by_group (out, label_width, self, FC_REPORT_INTERVAL_SCENE);
  append_by_group (out, label_width, self, FC_REPORT_INTERVAL_LOADED_TO_LEFT);

  /* Translators: heading of the card-step table. */
  append_header (out, label_width, _("Card steps, card-used incidents"));
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      g_autofree char *label = g_strdup_printf ("  %s", fc_report_step_get_label (s));

      append_stats_row (out, label_width, label, &self->steps[s].stats);
    }
  share = &self->share.stats;
  {
    g_autofree char *median = format_percent (share->median);
    g_autofree char *p90 = format_percent (share->p90);

    g_string_append_printf (out,
                            /* Translators: the share of scene time taken by the card steps. */
                            _("Card steps as a share of scene time: median %s, p90 %s (n = %u)."),
                            median, p90, share->n);
    g_string_append_c (out, '\n');
  }
  calls = &self->hospital_calls[FC_REPORT_GROUP_ALL].stats;
  {
    g_autofree char *median = format_count (calls->median);
    g_autofree char *p90 = format_count (calls->p90);

    g_autofree char *hard = number (c[FC_REPORT_COUNT_HARD_TO_PLACE]);

    g_string_append_printf (out,
                            /* Translators: hospital acceptance calls (照会) per incident. */
                            _("Hospital calls per incident: median %s, p90 %s; 4 or more calls: "
                              "%s incidents."),
                            median, p90, hard);
    g_string_append_c (out, '\n');
  }

  if (months)
    {
      fc_report_compute_months (self);
      g_string_append_c (out, '\n');
      /* Translators: heading of the monthly table; medians in minutes:seconds. */
      g_string_append_printf (out, "%s\n", _("Per month (medians, m:ss)"));
      append_cell (out, C_("report column", "month"), 9, FALSE);
      append_cell (out, C_("report column", "incidents"), 10, TRUE);
      append_cell (out, C_("report column", "card used"), 11, TRUE);
      append_cell (out, C_("report column", "scene: used/failed/not"), 26, TRUE);
      append_cell (out, C_("report column", "loaded→left: used/not"), 24, TRUE);
      append_cell (out, C_("report column", "card steps"), 12, TRUE);
      g_string_append_c (out, '\n');
      for (guint m = 0; m < self->months->len; m++)
        {
          FcReportMonth *month = g_ptr_array_index (self->months, m);
          FcReportBucket *scene_b = month->intervals[FC_REPORT_INTERVAL_SCENE];
          FcReportBucket *loaded_b = month->intervals[FC_REPORT_INTERVAL_LOADED_TO_LEFT];
          g_autofree char *all = g_strdup_printf ("%u", month->group_size[FC_REPORT_GROUP_ALL]);
          g_autofree char *used = g_strdup_printf ("%u",
                                                   month->group_size[FC_REPORT_GROUP_CARD_USED]);
          g_autofree char *s1 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_CARD_USED].stats.median);
          g_autofree char *s2 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_ATTEMPTED_FAILED].stats.median);
          g_autofree char *s3 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_NOT_ATTEMPTED].stats.median);
          g_autofree char *l1 = fc_report_format_duration (
            loaded_b[FC_REPORT_GROUP_CARD_USED].stats.median);
          g_autofree char *l3 = fc_report_format_duration (
            loaded_b[FC_REPORT_GROUP_NOT_ATTEMPTED].stats.median);
          g_autofree char *card = fc_report_format_duration (
            month->steps[FC_REPORT_STEP_TOTAL].stats.median);
          g_autofree char *scene = g_strdup_printf ("%s / %s / %s", s1, s2, s3);
          g_autofree char *loaded = g_strdup_printf ("%s / %s", l1, l3);

          append_cell (out, month->label, 9, FALSE);
          append_cell (out, all, 10, TRUE);
          append_cell (out, used, 11, TRUE);
          append_cell (out, scene, 26, TRUE);
          append_cell (out, loaded, 24, TRUE);
          append_cell (out, card, 12, TRUE);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
