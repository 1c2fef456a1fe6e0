/* fc-debrief-draw.c: fc_debrief_draw(), the debrief page (A4 portrait, in points): title,
 * scenario, a timeline strip against the targets, the tables and what was missed. cairo's toy
 * text API in one CJK font (fc_chart_get_font_family()), so Japanese and English share one
 * family and nothing falls back to boxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"
#include "fc-debrief-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-chart.h"

#define MARGIN      40.0
#define CONTENT_W   (FC_DEBRIEF_PAGE_WIDTH - 2 * MARGIN)

typedef struct
{
  double r, g, b;
} Rgb;

static const Rgb ink = { 0.12, 0.12, 0.14 };
static const Rgb grey = { 0.45, 0.45, 0.48 };
static const Rgb rule_colour = { 0.78, 0.78, 0.80 };
static const Rgb met_colour = { 0.13, 0.50, 0.24 };
static const Rgb missed_colour = { 0.75, 0.13, 0.13 };
static const Rgb not_reached_colour = { 0.50, 0.50, 0.52 };
static const Rgb pause_colour = { 0.90, 0.90, 0.92 };

static void
set_colour (cairo_t   *cr,
            const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

static const Rgb *
outcome_colour (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      return &met_colour;
    case FC_DEBRIEF_MISSED:
      return &missed_colour;
    case FC_DEBRIEF_NOT_REACHED:
    default:
      return &not_reached_colour;
    }
}

static const char *
outcome_label (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      /* Translators: a debrief target was met. */
      return _("Met");
    case FC_DEBRIEF_MISSED:
      /* Translators: a debrief target was missed. */
      return _("Missed");
    case FC_DEBRIEF_NOT_REACHED:
    default:
      /* Translators: a debrief target could not be judged (its first step never happened). */
      return _("Not reached");
    }
}

static void
set_font (cairo_t  *cr,
          double    size,
          gboolean  bold)
{
  cairo_select_font_face (cr, fc_chart_get_font_family (), CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  return extents.x_advance;
}

static void
show_text (cairo_t    *cr,
           double      x,
           double      y,
           const char *text)
{
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* @text cut to @max_width with "…". */
static char *
ellipsize (cairo_t    *cr,
           const char *text,
           double      max_width)
{
  g_autoptr(GString) out = NULL;

  if (text_width (cr, text) <= max_width)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *candidate = NULL;

      candidate = g_strdup_printf ("%.*s…", (int) (g_utf8_next_char (p) - text), text);
      if (text_width (cr, candidate) > max_width)
        break;
      g_string_assign (out, candidate);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Splits @text into at most @max_lines lines (0: no limit) of @max_width (the last one ellipsized
 * when text is left over); breaks at spaces when it can, anywhere otherwise (Japanese). */
static GPtrArray *
wrap_lines (cairo_t    *cr,
            const char *text,
            double      max_width,
            guint       max_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *line_start = text;

  while (*line_start != '\0')
    {
      const char *p = line_start;
      const char *last_space = NULL;
      const char *end = NULL;

      if (lines->len + 1 == max_lines)
        {
          g_ptr_array_add (lines, ellipsize (cr, line_start, max_width));
          break;
        }
      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *candidate = g_strndup (line_start, next - line_start);

          if (text_width (cr, candidate) > max_width && p != line_start)
            {
              end = last_space != NULL ? last_space : p;
              break;
            }
          if (*p == ' ')
            last_space = p;
          p = next;
        }
      if (end == NULL)
        end = p;
      g_ptr_array_add (lines, g_strndup (line_start, end - line_start));
      line_start = end;
      while (*line_start == ' ')
        line_start++;
    }
  return lines;
}

/* Draws @text wrapped to @max_width from (@x, @y: the first baseline); returns the baseline
 * after the last line. Breaks at spaces when it can, anywhere otherwise (Japanese). */
static double
show_wrapped (cairo_t    *cr,
              double      x,
              double      y,
              double      max_width,
              double      line_height,
              const char *text)
{
  g_autoptr(GPtrArray) lines = wrap_lines (cr, text, max_width, 0);

  for (guint i = 0; i < lines->len; i++)
    {
      show_text (cr, x, y, g_ptr_array_index (lines, i));
      y += line_height;
    }
  return y;
}

static void
hline (cairo_t *cr,
       double   y)
{
  set_colour (cr, &rule_colour);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, MARGIN + CONTENT_W, y);
  cairo_stroke (cr);
}

/* A section heading with its first baseline at @y. */
static void
draw_heading (cairo_t    *cr,
              double      y,
              const char *title)
{
  set_colour (cr, &ink);
  set_font (cr, 11, TRUE);
  show_text (cr, MARGIN, y, title);
}

/* A short label for an event on the strip. */
static char *
event_label (const FcDebriefEvent *event)
{
  if (g_str_equal (event->kind, FC_EVENT_FINDING) && event->detail != NULL
      && g_str_has_prefix (event->detail, "kind="))
    return g_strdup (event->detail + strlen ("kind="));
  if (g_str_equal (event->kind, FC_EVENT_WARNING_ACK) && event->detail != NULL
      && g_str_has_prefix (event->detail, "rule="))
    /* Translators: on the timeline strip, a warning acknowledged: "ack R05". */
    return g_strdup_printf (_("ack %s"), event->detail + strlen ("rule="));

  return g_strdup (fc_debrief_kind_label (event->kind, FALSE));
}

/* The timeline strip: events above the axis, pauses shaded, targets below. Returns the y after
 * it. */
static double
draw_strip (FcDebrief *self,
            cairo_t   *cr,
            double     y)
{
  GListModel *targets = G_LIST_MODEL (self->targets);
  const FcDebriefEvent *first;
  const FcDebriefEvent *last;
  double total_s;
  double axis_y;
  double step;
  double label_right[4] = { -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint n_rows = 0;
  static const double steps[] = { 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600 };

  /* Translators: heading of the debrief's timeline strip. */
  draw_heading (cr, y, _("Timeline"));
  y += 8;

  if (self->events->len == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y + 12, _("the incident has no events"));
      return y + 24;
    }

  first = g_ptr_array_index (self->events, 0);
  last = g_ptr_array_index (self->events, self->events->len - 1);
  total_s = MAX ((last->mono - first->mono) / (double) G_USEC_PER_SEC, 30.0);
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);

      if (row->kind == FC_SCENARIO_TARGET_INTERVAL && row->start_s >= 0)
        total_s = MAX (total_s, row->start_s + row->limit_s);
    }
  total_s *= 1.04;
  step = steps[G_N_ELEMENTS (steps) - 1];
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (total_s / steps[i] <= 10)
      {
        step = steps[i];
        break;
      }

#define X_OF(s) (MARGIN + (s) / total_s * CONTENT_W)

  axis_y = y + 50;

  /* Pauses. */
  for (guint i = 0; i < self->pauses->len; i++)
    {
      const FcDebriefPause *pause = &g_array_index (self->pauses, FcDebriefPause, i);
      double a = X_OF ((pause->start - first->mono) / (double) G_USEC_PER_SEC);
      double b = X_OF ((pause->end - first->mono) / (double) G_USEC_PER_SEC);

      set_colour (cr, &pause_colour);
      cairo_rectangle (cr, a, y + 4, MAX (b - a, 1.0), axis_y - y + 6);
      cairo_fill (cr);
    }

  /* Axis and ticks. */
  set_colour (cr, &grey);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, MARGIN, axis_y);
  cairo_line_to (cr, MARGIN + CONTENT_W, axis_y);
  cairo_stroke (cr);
  set_font (cr, 6.5, FALSE);
  for (double t = 0; t <= total_s; t += step)
    {
      g_autofree char *label = fc_debrief_format_duration (t);
      double x = X_OF (t);

      cairo_move_to (cr, x, axis_y);
      cairo_line_to (cr, x, axis_y + 3);
      cairo_stroke (cr);
      show_text (cr, x - text_width (cr, label) / 2, axis_y + 10, label);
    }

  /* Events: a tick each, labels staggered on four rows where they fit. */
  for (guint i = 0; i < self->events->len; i++)
    {
      const FcDebriefEvent *event = g_ptr_array_index (self->events, i);
      g_autofree char *label = event_label (event);
      double x = X_OF ((event->mono - first->mono) / (double) G_USEC_PER_SEC);
      guint row = 0;
      double width;

      if (label == NULL)
        continue;
      width = text_width (cr, label);
      while (row < G_N_ELEMENTS (label_right) && label_right[row] > x - 1)
        row++;

      set_colour (cr, &ink);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, x, axis_y);
      if (row == G_N_ELEMENTS (label_right))
        {
          /* No room for the label: the tick alone. */
          cairo_line_to (cr, x, axis_y - 5);
          cairo_stroke (cr);
          continue;
        }
      label_right[row] = x + width + 3;
      cairo_line_to (cr, x, axis_y - 8 - row * 9);
      cairo_stroke (cr);
      show_text (cr, x + 1.5, axis_y - 9 - row * 9, label);
    }

  /* Targets below the axis: the label, then the bar (an interval, its limit as a tick) or a
   * diamond (an event). */
  y = axis_y + 22;
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);
      const Rgb *colour = outcome_colour (row->outcome);
      g_autofree char *label = NULL;
      double label_x;

      if (row->start_s < 0)
        continue;

      label_x = X_OF (row->start_s);
      set_font (cr, 6.5, FALSE);
      label = ellipsize (cr, row->label, CONTENT_W);
      label_x = MIN (label_x, MARGIN + CONTENT_W - text_width (cr, label));
      set_colour (cr, colour);
      show_text (cr, label_x, y, label);

      if (row->kind == FC_SCENARIO_TARGET_INTERVAL)
        {
          double a = X_OF (row->start_s);
          double b = X_OF (row->end_s >= 0 ? row->end_s : total_s);
          double limit = X_OF (row->start_s + row->limit_s);

          if (row->end_s < 0)
            cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, 0.35);
          cairo_rectangle (cr, a, y + 3, MAX (b - a, 1.5), 5);
          cairo_fill (cr);
          set_colour (cr, &ink);
          cairo_set_line_width (cr, 1.0);
          cairo_move_to (cr, limit, y + 1);
          cairo_line_to (cr, limit, y + 10);
          cairo_stroke (cr);
        }
      else
        {
          double x = X_OF (row->start_s);

          cairo_move_to (cr, x, y + 2);
          cairo_line_to (cr, x + 3.5, y + 5.5);
          cairo_line_to (cr, x, y + 9);
          cairo_line_to (cr, x - 3.5, y + 5.5);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      y += 19;
      n_rows++;
    }

#undef X_OF

  if (self->pauses->len > 0)
    {
      set_colour (cr, &grey);
      set_font (cr, 6.5, FALSE);
      /* Translators: legend of the shaded parts of the timeline strip. */
      show_text (cr, MARGIN, y + 2, _("Shaded: the trainer paused the scenario (not counted)."));
      y += 10;
    }

  return y + (n_rows > 0 ? 6 : 0);
}

static double
draw_targets_table (FcDebrief *self,
                    cairo_t   *cr,
                    double     y)
{
  GListModel *targets = G_LIST_MODEL (self->targets);
  const double col_limit = MARGIN + 215;
  const double col_actual = MARGIN + 258;
  const double col_result = MARGIN + 301;
  const double col_detail = MARGIN + 352;

  /* Translators: heading of the debrief's targets table. */
  draw_heading (cr, y, _("Target times"));
  y += 14;

  if (g_list_model_get_n_items (targets) == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y, _("This scenario sets no targets."));
      return y + 16;
    }

  set_font (cr, 8, TRUE);
  set_colour (cr, &grey);
  /* Translators: column headings of the debrief's targets table. */
  show_text (cr, MARGIN, y, _("Target"));
  show_text (cr, col_limit, y, _("Limit"));
  show_text (cr, col_actual, y, _("Actual"));
  show_text (cr, col_result, y, _("Result"));
  y += 4;
  hline (cr, y);
  y += 11;

  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);
      g_autofree char *limit = NULL;
      g_autofree char *actual = NULL;

      g_autoptr(GPtrArray) label_lines = NULL;
      g_autoptr(GPtrArray) detail_lines = NULL;
      guint n_lines;

      set_font (cr, 8.5, FALSE);
      set_colour (cr, &ink);
      label_lines = wrap_lines (cr, row->label, col_limit - MARGIN - 8, 2);
      for (guint j = 0; j < label_lines->len; j++)
        show_text (cr, MARGIN, y + j * 11, g_ptr_array_index (label_lines, j));
      limit = row->kind == FC_SCENARIO_TARGET_INTERVAL ? fc_debrief_format_duration (row->limit_s)
                                                       : g_strdup ("—");
      show_text (cr, col_limit, y, limit);
      actual = row->actual_s >= 0 ? fc_debrief_format_duration (row->actual_s) : g_strdup ("—");
      show_text (cr, col_actual, y, actual);

      set_colour (cr, outcome_colour (row->outcome));
      set_font (cr, 8.5, TRUE);
      show_text (cr, col_result, y, outcome_label (row->outcome));
      set_font (cr, 7.5, FALSE);
      detail_lines = wrap_lines (cr, row->detail, MARGIN + CONTENT_W - col_detail, 2);
      for (guint j = 0; j < detail_lines->len; j++)
        show_text (cr, col_detail, y + j * 10, g_ptr_array_index (detail_lines, j));
      n_lines = MAX (label_lines->len, detail_lines->len);
      y += 13 + (MAX (n_lines, 1) - 1) * 11;
    }
  return y + 4;
}

static double
draw_warnings_table (FcDebrief *self,
                     cairo_t   *cr,
                     double     y)
{
  GListModel *warnings = G_LIST_MODEL (self->warnings);
  const double columns[] = { MARGIN, MARGIN + 70, MARGIN + 160, MARGIN + 250, MARGIN + 340 };

  /* Translators: heading of the debrief's warnings table. */
  draw_heading (cr, y, _("Warnings"));
  y += 14;

  if (g_list_model_get_n_items (warnings) == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y, _("No warning was expected or shown."));
      return y + 16;
    }

  set_font (cr, 8, TRUE);
  set_colour (cr, &grey);
  /* Translators: column headings of the debrief's warnings table. */
  show_text (cr, columns[0], y, _("Rule"));
  show_text (cr, columns[1], y, _("Severity"));
  show_text (cr, columns[2], y, _("Expected"));
  show_text (cr, columns[3], y, _("Shown"));
  show_text (cr, columns[4], y, _("Acknowledged"));
  y += 4;
  hline (cr, y);
  y += 11;

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (warnings, i);
      gboolean problem = (row->expected && !row->shown) || (row->shown && !row->expected);

      set_font (cr, 8.5, row->severity == FC_SEVERITY_CRITICAL);
      set_colour (cr, &ink);
      show_text (cr, columns[0], y, row->rule_id);
      set_font (cr, 8.5, FALSE);
      show_text (cr, columns[1], y, fc_severity_to_string (row->severity));
      set_colour (cr, problem ? &missed_colour : &ink);
      show_text (cr, columns[2], y, row->expected ? _("yes") : _("no"));
      show_text (cr, columns[3], y, row->shown ? _("yes") : _("no"));
      set_colour (cr, &ink);
      show_text (cr, columns[4], y, row->acknowledged ? _("yes") : _("no"));
      y += 13;
    }
  return y + 4;
}

static double
draw_missed (FcDebrief *self,
             cairo_t   *cr,
             double     y)
{
  /* Translators: heading of the debrief's list of what the crew missed. */
  draw_heading (cr, y, _("What was missed"));
  y += 14;

  set_font (cr, 9, FALSE);
  if (self->missed->len <= 1)
    {
      set_colour (cr, &met_colour);
      show_text (cr, MARGIN, y, _("Nothing was missed."));
      return y + 14;
    }

  for (guint i = 0; i + 1 < self->missed->len; i++)
    {
      set_colour (cr, &missed_colour);
      show_text (cr, MARGIN, y, "•");
      set_colour (cr, &ink);
      y = show_wrapped (cr, MARGIN + 10, y, CONTENT_W - 10, 12,
                        g_ptr_array_index (self->missed, i));
      y += 2;
    }
  return y;
}

void
fc_debrief_draw (FcDebrief *self,
                 cairo_t   *cr,
                 double     width,
                 double     height)
{
  g_autofree char *meta = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *started = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *footer = NULL;
  guint n_expected = 0;
  guint n_expected_shown = 0;
  guint n_acknowledged = 0;
  double y;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (cr != NULL);

  fc_debrief_compute (self);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_scale (cr, width / FC_DEBRIEF_PAGE_WIDTH, width / FC_DEBRIEF_PAGE_WIDTH);

  /* Title and scenario. */
  y = MARGIN + 8;
  set_colour (cr, &ink);
  set_font (cr, 18, TRUE);
  /* Translators: title of the debrief page and its PDF/PNG export. */
  show_text (cr, MARGIN, y, _("Training debrief"));
  y += 22;
  set_font (cr, 13, TRUE);
  y = show_wrapped (cr, MARGIN, y, CONTENT_W, 16,
                    fc_scenario_get_title_ja (self->scenario) != NULL
                    ? fc_scenario_get_title_ja (self->scenario)
                    : fc_scenario_get_title (self->scenario));
  if (fc_scenario_get_title_en (self->scenario) != NULL
      && fc_scenario_get_title_ja (self->scenario) != NULL)
    {
      set_colour (cr, &grey);
      set_font (cr, 10, FALSE);
      y = show_wrapped (cr, MARGIN, y - 2, CONTENT_W, 13,
                        fc_scenario_get_title_en (self->scenario));
    }

  duration = fc_debrief_format_duration (self->duration_us / (double) G_USEC_PER_SEC);
  if (self->events->len > 0)
    {
      const FcDebriefEvent *first = g_ptr_array_index (self->events, 0);

      if (first->wall != NULL)
        started = g_date_time_format (first->wall, "%Y-%m-%d %H:%M");
    }
  /* Translators: "Scenario: pilot-1 · started 2026-11-20 10:00 · duration 4:12 (pauses not
   * counted)". */
  meta = g_strdup_printf (_("Scenario: %s · started %s · duration %s (pauses not counted)"),
                          fc_scenario_get_id (self->scenario), started != NULL ? started : "—",
                          duration);
  set_colour (cr, &grey);
  set_font (cr, 8.5, FALSE);
  y = show_wrapped (cr, MARGIN, y + 2, CONTENT_W, 11, meta);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->warnings)); i++)
    {
      g_autoptr(FcDebriefWarning) row =
        g_list_model_get_item (G_LIST_MODEL (self->warnings), i);

      n_expected += row->expected;
      n_expected_shown += row->expected && row->shown;
      n_acknowledged += row->acknowledged;
    }
  /* Translators: the debrief's summary line. */
  counts = g_strdup_printf (_("Targets: %u met, %u missed, %u not reached · expected warnings "
                              "shown: %u of %u · acknowledged: %u"),
                            fc_debrief_count_targets (self, FC_DEBRIEF_MET),
                            fc_debrief_count_targets (self, FC_DEBRIEF_MISSED),
                            fc_debrief_count_targets (self, FC_DEBRIEF_NOT_REACHED),
                            n_expected_shown, n_expected, n_acknowledged);
  set_colour (cr, &ink);
  set_font (cr, 9.5, TRUE);
  y = show_wrapped (cr, MARGIN, y + 2, CONTENT_W, 12, counts);
  hline (cr, y - 4);

  y = draw_strip (self, cr, y + 14);
  hline (cr, y);
  y = draw_targets_table (self, cr, y + 16);
  y = draw_warnings_table (self, cr, y + 10);
  draw_missed (self, cr, y + 10);

  /* Footer. */
  footer = g_strdup (_("FieldCard training record. The patient is made up; this is not a "
                       "clinical record."));
  set_colour (cr, &grey);
  set_font (cr, 7, FALSE);
  show_text (cr, MARGIN, FC_DEBRIEF_PAGE_HEIGHT - 24, footer);

  cairo_restore (cr);
}
