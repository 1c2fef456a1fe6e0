/* fc-chart.c: report charts drawn with cairo's toy text API.
 *
 * The toy API takes one family name, so the family is chosen once with fontconfig: the first
 * Japanese font that is really installed and covers the labels (otherwise Japanese labels would
 * come out as empty boxes), falling back to "sans-serif".
 *
 * Left: box plots of scene time (arrival → left scene) for card used, tried and failed, not tried
 * (box = quartiles, line = median, whiskers = Tukey 1.5 IQR, a dot for p90), with n under each.
 * Right: one stacked bar of the mean time of each card step of card-used incidents (means add up
 * to the mean total, medians would not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-chart.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>

typedef struct {
  double r, g, b;
} Rgb;

static const Rgb group_colours[FC_REPORT_N_GROUPS] = {
  { 0.40, 0.40, 0.40 },
  { 0.11, 0.44, 0.73 }, /* card used: blue */
  { 0.85, 0.45, 0.05 }, /* tried, failed: orange */
  { 0.50, 0.50, 0.50 }, /* not tried: grey */
};

static const Rgb step_colours[4] = {
  { 0.11, 0.44, 0.73 },
  { 0.20, 0.63, 0.17 },
  { 0.85, 0.45, 0.05 },
  { 0.58, 0.40, 0.74 },
};

/* Fonts */

static gboolean
family_covers_japanese (const char *family)
{
  /* Characters of the Japanese labels: kana and the kanji of 現場滞在時間, カード, 手順 … */
  static const char sample[] = "現場滞在時間カード使用手順秒分同意読取表示件数失敗未試行";
  FcPattern *pattern;
  FcPattern *match;
  FcResult result;
  FcChar8 *matched_family = NULL;
  FcCharSet *charset = NULL;
  gboolean ok = FALSE;

  pattern = FcNameParse ((const FcChar8 *) family);
  if (pattern == NULL)
    return FALSE;
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  FcPatternDestroy (pattern);
  if (match == NULL)
    return FALSE;

  /* Fontconfig always answers something; it must be the family asked for. */
  if (FcPatternGetString (match, FC_FAMILY, 0, &matched_family) == FcResultMatch &&
      g_ascii_strcasecmp ((const char *) matched_family, family) == 0 &&
      FcPatternGetCharSet (match, FC_CHARSET, 0, &charset) == FcResultMatch)
    {
      ok = TRUE;
      for (const char *p = sample; *p != '\0' && ok; p = g_utf8_next_char (p))
        ok = FcCharSetHasChar (charset, g_utf8_get_char (p));
    }
  FcPatternDestroy (match);
  return ok;
}

const char *
fc_chart_get_font_family (void)
{
  static const char *family;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      static const char * const candidates[] = {
        "Noto Sans CJK JP", "IPAGothic", "IPAPGothic", "Noto Sans JP",
      };
      const char *chosen = "sans-serif";

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        if (family_covers_japanese (candidates[i]))
          {
            chosen = candidates[i];
            break;
          }
      family = chosen;
      g_once_init_leave (&once, 1);
    }
  return family;
}

void
fc_chart_release_fonts (void)
{
  cairo_debug_reset_static_data ();
  FcFini ();
}

/* Drawing helpers */

static void
set_font (cairo_t  *cr,
          double    size,
          gboolean  bold)
{
  cairo_select_font_face (cr, fc_chart_get_font_family (), CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

/* Draws @text with its anchor at (@x, @y): @align 0 left, 0.5 centre, 1 right; @y is the
 * baseline. */
static void
draw_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      align)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.x_advance, y);
  cairo_show_text (cr, text);
}

/* Like draw_text(), but shrinks the font (down to 11 px) until @text fits into @max_width. */
static void
draw_text_fit (cairo_t    *cr,
               const char *text,
               double      x,
               double      y,
               double      align,
               double      max_width,
               double      size,
               gboolean    bold)
{
  cairo_text_extents_t extents;

  set_font (cr, size, bold);
  cairo_text_extents (cr, text, &extents);
  while (extents.x_advance > max_width && size > 11)
    {
      size -= 1;
      set_font (cr, size, bold);
      cairo_text_extents (cr, text, &extents);
    }
  draw_text (cr, text, x, y, align);
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

/* A "nice" tick step for a range of @range units with about @ticks ticks. */
static double
nice_step (double range,
           int    ticks)
{
  double raw = range / ticks;
  double magnitude = pow (10, floor (log10 (raw)));
  double residual = raw / magnitude;

  if (residual > 5)
    return 10 * magnitude;
  if (residual > 2)
    return 5 * magnitude;
  if (residual > 1)
    return 2 * magnitude;
  return magnitude;
}

/* Draws a vertical value axis from @bottom to @top for 0 … @max (in display units) with ticks,
 * grid lines across to @right and the title rotated on the left. */
static void
draw_axis (cairo_t    *cr,
           double      left,
           double      right,
           double      top,
           double      bottom,
           double      max,
           const char *title)
{
  double step = nice_step (max, 6);

  set_font (cr, 15, FALSE);
  for (double v = 0; v <= max + 1e-9; v += step)
    {
      double y = bottom - (bottom - top) * v / max;
      g_autofree char *label = g_strdup_printf ("%g", v);

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, left, round (y) + 0.5);
      cairo_line_to (cr, right, round (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
      draw_text (cr, label, left - 8, y + 5, 1);
    }
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);

  set_font (cr, 17, FALSE);
  cairo_save (cr);
  cairo_translate (cr, left - 58, (top + bottom) / 2);
  cairo_rotate (cr, -G_PI / 2);
  draw_text (cr, title, 0, 0, 0.5);
  cairo_restore (cr);
}

static void
draw_box_plot (cairo_t  *cr,
               FcReport *report,
               double    x0,
               double    y0,
               double    width,
               double    height)
{
  double left = x0 + 80;
  double right = x0 + width - 10;
  double top = y0 + 50;
  double bottom = y0 + height - 70;
  double max_min = 0;
  double slot;

  cairo_set_source_rgb (cr, 0, 0, 0);
  /* Translators: chart title. */
  draw_text_fit (cr, _("Scene time by card use"), x0 + width / 2, y0 + 28, 0.5, width - 20, 20,
                 TRUE);

  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    {
      const FcIntervalStats *s = fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, g);

      if (s->n > 0)
        max_min = MAX (max_min, MAX (s->whisker_high, s->p90) / 60);
    }
  if (max_min <= 0)
    max_min = 30;
  max_min = ceil (max_min / nice_step (max_min, 6)) * nice_step (max_min, 6);

  /* Translators: axis title of the scene-time chart; "min" = minutes. */
  draw_axis (cr, left, right, top, bottom, max_min, _("Scene time (min)"));

  slot = (right - left) / 3;
  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    {
      const FcIntervalStats *s = fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, g);
      double cx = left + slot * (g - FC_REPORT_GROUP_CARD_USED + 0.5);
      double half = MIN (60, slot * 0.3);
      g_autofree char *n_label = g_strdup_printf ("n = %u", s->n);

#define Y(v) (bottom - (bottom - top) * MIN ((v) / 60.0, max_min) / max_min)
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text_fit (cr, fc_report_group_get_label (g), cx, bottom + 26, 0.5, slot - 8, 16, TRUE);
      set_font (cr, 15, FALSE);
      draw_text (cr, n_label, cx, bottom + 48, 0.5);

      if (s->n == 0)
        {
          /* Translators: shown in a chart where a group has no incidents. */
          draw_text (cr, _("no data"), cx, (top + bottom) / 2, 0.5);
          continue;
        }

      /* Whiskers. */
      set_rgb (cr, &group_colours[g]);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, cx, Y (s->whisker_low));
      cairo_line_to (cr, cx, Y (s->q1));
      cairo_move_to (cr, cx, Y (s->q3));
      cairo_line_to (cr, cx, Y (s->whisker_high));
      cairo_move_to (cr, cx - half / 2, Y (s->whisker_low));
      cairo_line_to (cr, cx + half / 2, Y (s->whisker_low));
      cairo_move_to (cr, cx - half / 2, Y (s->whisker_high));
      cairo_line_to (cr, cx + half / 2, Y (s->whisker_high));
      cairo_stroke (cr);

      /* Box and median. */
      cairo_rectangle (cr, cx - half, Y (s->q3), 2 * half, Y (s->q1) - Y (s->q3));
      cairo_set_source_rgba (cr, group_colours[g].r, group_colours[g].g, group_colours[g].b, 0.25);
      cairo_fill_preserve (cr);
      set_rgb (cr, &group_colours[g]);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 4);
      cairo_move_to (cr, cx - half, Y (s->median));
      cairo_line_to (cr, cx + half, Y (s->median));
      cairo_stroke (cr);

      /* p90 dot and the median's value. */
      cairo_arc (cr, cx, Y (s->p90), 4, 0, 2 * G_PI);
      cairo_fill (cr);
      {
        g_autofree char *median = fc_report_format_duration (s->median);

        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        set_font (cr, 15, FALSE);
        draw_text (cr, median, cx + half + 6, Y (s->median) + 5, 0);
      }
#undef Y
    }
}

static void
draw_step_bar (cairo_t  *cr,
               FcReport *report,
               double    x0,
               double    y0,
               double    width,
               double    height)
{
  const FcIntervalStats *total = fc_report_get_step (report, FC_REPORT_STEP_TOTAL);
  const FcIntervalStats *share = fc_report_get_card_share (report);
  double left = x0 + 80;
  double right = x0 + width - 20;
  double top = y0 + 50;
  double bottom = y0 + height - 70;
  double sum = 0;
  double max_s;
  double bar_left = left + 30;
  double bar_width = 90;
  double y;

  cairo_set_source_rgb (cr, 0, 0, 0);
  /* Translators: chart title: the card steps of incidents where the card was used. */
  draw_text_fit (cr, _("Card steps (card used)"), x0 + width / 2, y0 + 28, 0.5, width - 20, 20,
                 TRUE);

  for (guint s = FC_REPORT_STEP_CONSENT; s <= FC_REPORT_STEP_VIEW; s++)
    {
      const FcIntervalStats *st = fc_report_get_step (report, s);

      if (st->n > 0)
        sum += st->mean;
    }
  max_s = sum > 0 ? sum * 1.1 : 120;
  max_s = ceil (max_s / nice_step (max_s, 6)) * nice_step (max_s, 6);
  /* Translators: axis title of the card-step chart; "s" = seconds. */
  draw_axis (cr, left, right, top, bottom, max_s, _("Mean time per step (s)"));

  {
    g_autofree char *n_label = g_strdup_printf ("n = %u", total->n);

    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    set_font (cr, 15, FALSE);
    draw_text (cr, n_label, bar_left + bar_width / 2, bottom + 48, 0.5);
  }
  if (sum <= 0)
    {
      set_font (cr, 15, FALSE);
      draw_text (cr, _("no data"), bar_left + bar_width / 2, (top + bottom) / 2, 0.5);
      return;
    }

  y = bottom;
  for (guint s = FC_REPORT_STEP_CONSENT; s <= FC_REPORT_STEP_VIEW; s++)
    {
      const FcIntervalStats *st = fc_report_get_step (report, s);
      double h = st->n > 0 ? (bottom - top) * st->mean / max_s : 0;
      double legend_y = top + 20 + 56 * (s - FC_REPORT_STEP_CONSENT);
      g_autofree char *value = fc_report_format_duration (st->mean);
      g_autofree char *legend = g_strdup_printf ("%s  %s", fc_report_step_get_label (s), value);

      set_rgb (cr, &step_colours[s]);
      cairo_rectangle (cr, bar_left, y - h, bar_width, h);
      cairo_fill (cr);
      y -= h;

      cairo_rectangle (cr, bar_left + bar_width + 40, legend_y - 14, 18, 18);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text_fit (cr, legend, bar_left + bar_width + 66, legend_y, 0,
                     x0 + width - (bar_left + bar_width + 66) - 8, 16, FALSE);
    }

  {
    g_autofree char *mean = fc_report_format_duration (sum);
    g_autofree char *total_text = NULL;
    g_autofree char *share_text = NULL;

    /* Translators: under the legend of the card-step chart; %s is m:ss. */
    total_text = g_strdup_printf (_("Total (mean): %s"), mean);
    draw_text_fit (cr, total_text, bar_left + bar_width + 40, top + 20 + 56 * 4 + 10, 0,
                   x0 + width - (bar_left + bar_width + 40) - 8, 16, TRUE);
    if (share->n > 0)
      {
        /* Translators: the median share of scene time taken by the card steps. */
        share_text = g_strdup_printf (_("Share of scene time (median): %.0f %%"),
                                      share->median * 100);
        draw_text_fit (cr, share_text, bar_left + bar_width + 40, top + 20 + 56 * 4 + 38, 0,
                       x0 + width - (bar_left + bar_width + 40) - 8, 16, FALSE);
      }
  }
}

/**
 * fc_chart_draw:
 * @report: a report
 * @cr: where to draw
 * @width: the width to fill
 * @height: the height to fill
 */
void
fc_chart_draw (FcReport *report,
               cairo_t  *cr,
               double    width,
               double    height)
{
  g_autofree char *footer = NULL;
  g_autofree char *included = NULL;
  guint64 synthetic;

  g_return_if_fail (FC_IS_REPORT (report));
  g_return_if_fail (cr != NULL);

  fc_report_compute (report);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  draw_box_plot (cr, report, 0, 0, width * 0.56, height - 30);
  draw_step_bar (cr, report, width * 0.56, 0, width * 0.44, height - 30);

  synthetic = fc_report_get_count (report, FC_REPORT_COUNT_SYNTHETIC);
  included = g_strdup_printf ("%" G_GUINT64_FORMAT,
                              fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED));
  footer = g_strdup_printf (fc_report_get_include_training (report)
                            /* Translators: chart footer; %s is a number of incidents. */
                            ? _("%s incidents, training included")
                            : _("%s incidents, training excluded"),
                            included);
  set_font (cr, 14, FALSE);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  draw_text (cr, footer, 16, height - 12, 0);
  if (synthetic > 0)
    {
      set_font (cr, 14, TRUE);
      cairo_set_source_rgb (cr, 0.75, 0.1, 0.1);
      /* Translators: chart footer when the data come from the generator. */
      draw_text (cr, _("SYNTHETIC DATA — not real incidents"), width - 16, height - 12, 1);
    }
  cairo_restore (cr);
}

gboolean
fc_chart_format_for_path (const char    *path,
                          FcChartFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = FC_CHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FC_CHART_FORMAT_SVG;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE,
               /* Translators: %s: file name; %s: cairo's reason. */
               _("Cannot write the chart %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

/**
 * fc_chart_write:
 * @report: a report
 * @path: a file name ending in .png or .svg
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Returns: whether the chart was written
 */
gboolean
fc_chart_write (FcReport    *report,
                const char  *path,
                GError     **error)
{
  FcChartFormat format;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (FC_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_chart_format_for_path (path, &format))
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_INVALID,
                   /* Translators: %s is the file name given for the chart. */
                   _("%s: name the chart file .png or .svg."), path);
      return FALSE;
    }

  if (format == FC_CHART_FORMAT_SVG)
    surface = cairo_svg_surface_create (path, FC_CHART_WIDTH, FC_CHART_HEIGHT);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FC_CHART_WIDTH, FC_CHART_HEIGHT);
  if (!check_cairo (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  fc_chart_draw (report, cr, FC_CHART_WIDTH, FC_CHART_HEIGHT);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FC_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_cairo (status, path, error);
}
