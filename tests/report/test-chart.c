/* test-chart.c: charts of a report: PNG and SVG files of the right size with real content, the
 * Japanese labels drawn with a font that has their glyphs (fonts-ipafont-gothic), and the error
 * paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-chart.h"
#include "fc-timing-simulate.h"
#include "report-test-util.h"

typedef struct {
  char     *dir;
  FcReport *report;  /* 600 synthetic incidents */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = rt_make_tmpdir ();
  db = g_build_filename (f->dir, "timing.db", NULL);
  g_assert_true (fc_timing_simulate (db, 600, 5, NULL, 2, NULL, &error));
  g_assert_no_error (error);
  f->report = fc_report_new ();
  g_assert_true (fc_report_add_file (f->report, db, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->report);
  rt_remove_tree (f->dir);
  g_free (f->dir);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Share of pixels that are not white: the chart is drawn, not blank. */
static double
ink_share (const char *png)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint64 ink = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if ((*(const guint32 *) (data + y * stride + x * 4) & 0xffffff) != 0xffffff)
        ink++;
  cairo_surface_destroy (surface);
  return (double) ink / ((double) width * height);
}

static void
test_png_has_size_and_content (Fixture       *f,
                               gconstpointer  data)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *path = g_build_filename (f->dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  double ink;
  gsize length = 0;

  g_assert_true (fc_chart_write (f->report, path, &error));
  g_assert_no_error (error);
  contents = rt_read_file (path, &length);
  g_assert_cmpuint (length, >, 20000);
  g_assert_cmpuint (length, <, 2000000);
  g_assert_cmpmem (contents, 8, signature, 8);
  g_assert_cmpmem (contents + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 ((const guint8 *) contents + 16), ==, FC_CHART_WIDTH);
  g_assert_cmpuint (read_be32 ((const guint8 *) contents + 20), ==, FC_CHART_HEIGHT);
  ink = ink_share (path);
  g_test_message ("ink: %.3f", ink);
  g_assert_cmpfloat (ink, >, 0.03);
  g_assert_cmpfloat (ink, <, 0.6);
}

static void
test_svg_is_xml_with_size (Fixture       *f,
                           gconstpointer  data)
{
  static const GMarkupParser parser = { NULL, };
  g_autofree char *path = g_build_filename (f->dir, "chart.SVG", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (fc_chart_write (f->report, path, &error));
  g_assert_no_error (error);
  contents = rt_read_file (path, &length);
  g_assert_cmpuint (length, >, 10000);
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"1200"));
  g_assert_nonnull (strstr (contents, "height=\"640"));
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
}

static void
test_empty_report_still_draws (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.png", NULL);
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_chart_write (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ink_share (path), >, 0.001);
  rt_remove_tree (dir);
}

static void
test_bad_names_and_places_fail (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcChartFormat format = FC_CHART_FORMAT_SVG;

  g_assert_true (fc_chart_format_for_path ("a.PNG", &format));
  g_assert_cmpint (format, ==, FC_CHART_FORMAT_PNG);
  g_assert_false (fc_chart_format_for_path ("a.pdf", &format));

  g_assert_false (fc_chart_write (f->report, "/tmp/chart.pdf", &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fc_chart_write (f->report, "/nonexistent/folder/chart.png", &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (fc_chart_write (f->report, "/nonexistent/folder/chart.svg", &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE);
}

/* Every glyph of @text exists in the chart's font (glyph 0 is the empty box, "tofu"). */
static void
assert_no_tofu (const char *text)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  cairo_glyph_t *glyphs = NULL;
  int n_glyphs = 0;

  cairo_select_font_face (cr, fc_chart_get_font_family (), CAIRO_FONT_SLANT_NORMAL,
                          CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 16);
  g_assert_cmpint (cairo_scaled_font_text_to_glyphs (cairo_get_scaled_font (cr), 0, 0, text, -1,
                                                     &glyphs, &n_glyphs, NULL, NULL, NULL),
                   ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (n_glyphs, ==, g_utf8_strlen (text, -1));
  for (int i = 0; i < n_glyphs; i++)
    if (glyphs[i].index == 0)
      g_error ("“%s”: no glyph for character %d in %s", text, i, fc_chart_get_font_family ());
  cairo_glyph_free (glyphs);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_japanese_labels_have_glyphs (Fixture       *f,
                                  gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (f->dir, "ja.png", NULL);
      g_autoptr(GError) error = NULL;

      rt_use_japanese ();
      /* The IPA Gothic font of fonts-ipafont-gothic (or Noto CJK) is chosen, not a fallback. */
      g_assert_cmpstr (fc_chart_get_font_family (), !=, "sans-serif");
      g_assert_cmpstr (fc_report_group_get_label (FC_REPORT_GROUP_CARD_USED), ==, "カード使用");
      assert_no_tofu (_("Scene time by card use"));
      assert_no_tofu (_("Scene time (min)"));
      assert_no_tofu (_("Card steps (card used)"));
      assert_no_tofu (_("Mean time per step (s)"));
      for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
        assert_no_tofu (fc_report_group_get_label (g));
      for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
        assert_no_tofu (fc_report_step_get_label (s));
      g_assert_true (fc_chart_write (f->report, path, &error));
      g_assert_no_error (error);
      g_print ("family=%s\n", fc_chart_get_font_family ());
      fc_chart_release_fonts ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("family=*");
}

static void
test_draw_on_any_context (Fixture       *f,
                          gconstpointer  data)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 420);
  cairo_t *cr = cairo_create (surface);

  fc_chart_draw (f->report, cr, 800, 420);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/report/chart/png-has-size-and-content", test_png_has_size_and_content);
  ADD ("/fc/report/chart/svg-is-xml-with-size", test_svg_is_xml_with_size);
  ADD ("/fc/report/chart/bad-names-and-places-fail", test_bad_names_and_places_fail);
  ADD ("/fc/report/chart/japanese-labels-have-glyphs", test_japanese_labels_have_glyphs);
  ADD ("/fc/report/chart/draw-on-any-context", test_draw_on_any_context);
#undef ADD
  g_test_add_func ("/fc/report/chart/empty-report-still-draws", test_empty_report_still_draws);

  result = g_test_run ();
  /* Let leak checkers see only our own memory: cairo and fontconfig keep font caches. */
  fc_chart_release_fonts ();
  return result;
}
