/* fc-chart.h: charts of a timing report with cairo: box plots of scene time by card use and a
 * stacked bar of the card steps, as PNG or SVG, or drawn on any cairo context (the UI).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "fc-report.h"

G_BEGIN_DECLS

typedef enum {
  FC_CHART_FORMAT_PNG,
  FC_CHART_FORMAT_SVG,
} FcChartFormat;

/* The size files are written at (pixels for PNG, points for SVG). */
#define FC_CHART_WIDTH  1200
#define FC_CHART_HEIGHT 640

/* From the file name's extension (.png, .svg, any case); FALSE otherwise. */
gboolean    fc_chart_format_for_path (const char     *path,
                                      FcChartFormat  *format);
/* Writes the chart of @report to @path in the format its extension names. */
gboolean    fc_chart_write           (FcReport       *report,
                                      const char     *path,
                                      GError        **error);
/* Draws the chart into @width × @height of @cr (white background included). */
void        fc_chart_draw            (FcReport       *report,
                                      cairo_t        *cr,
                                      double          width,
                                      double          height);
/* The font family the chart uses: the first installed of "Noto Sans CJK JP", "IPAGothic",
 * "IPAPGothic", "Noto Sans JP" that covers Japanese, else "sans-serif". */
const char *fc_chart_get_font_family (void);
/* Frees cairo's and fontconfig's font caches, so that leak checkers see only real leaks. Call at
 * exit, when no cairo object is alive any more; the family chosen above stays valid. */
void        fc_chart_release_fonts   (void);

G_END_DECLS
