/* fc-audit-export.c: what leaves the device: the entries as CSV for the privacy officer, and
 * the patient access receipt: a QR code of the text (when FieldCard was built with
 * libqrencode) above the text itself, on white, as PNG data or a one-page A6 PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-audit"

#include "config.h"

#include "fc-audit.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#ifdef HAVE_QRENCODE
#include <qrencode.h>
#endif

/* One CSV field (RFC 4180). A value that a spreadsheet would run as a formula gets a leading
 * apostrophe. */
static void
csv_field (GString    *line,
           const char *value,
           gboolean    last)
{
  gboolean quote;

  if (value == NULL)
    value = "";

  quote = strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (line, '"');
  if (strchr ("=+-@\t", value[0]) != NULL && value[0] != '\0')
    g_string_append_c (line, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  if (quote)
    g_string_append_c (line, '"');
  g_string_append (line, last ? "\r\n" : ",");
}

gint64
fc_audit_export_csv (FcAudit        *self,
                     GOutputStream  *stream,
                     gboolean        flagged_only,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (FC_IS_AUDIT (self), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  entries = fc_audit_list (self, flagged_only, error);
  if (entries == NULL)
    return -1;

  out = g_string_new ("seq,time,unit_id,crew_id,incident_id,action,consent,pseudonym,detail,"
                      "flagged,hash\r\n");
  for (guint i = 0; i < entries->len; i++)
    {
      const FcAuditEntry *entry = g_ptr_array_index (entries, i);
      char seq[32];

      g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, entry->seq);
      csv_field (out, seq, FALSE);
      csv_field (out, entry->time, FALSE);
      csv_field (out, entry->unit_id, FALSE);
      csv_field (out, entry->crew_id, FALSE);
      csv_field (out, entry->incident_id, FALSE);
      csv_field (out, entry->action, FALSE);
      csv_field (out, entry->consent, FALSE);
      csv_field (out, entry->pseudonym, FALSE);
      csv_field (out, entry->detail, FALSE);
      csv_field (out, entry->flagged == 1 ? "1" : "0", FALSE);
      csv_field (out, entry->hash, TRUE);
    }

  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return -1;

  return entries->len;
}

gint64
fc_audit_export_flagged_csv (FcAudit        *self,
                             GOutputStream  *stream,
                             GError        **error)
{
  return fc_audit_export_csv (self, stream, TRUE, NULL, error);
}

/* Receipts */

#define RECEIPT_WIDTH_PT   298.0 /* A6: 105 × 148 mm */
#define RECEIPT_HEIGHT_PT  420.0
#define RECEIPT_MARGIN     16.0
#define RECEIPT_FONT_SIZE  9.0
#define RECEIPT_LINE       12.0
#define RECEIPT_FONT       "IPAGothic"

gboolean
fc_audit_receipt_has_qr (void)
{
#ifdef HAVE_QRENCODE
  return TRUE;
#else
  return FALSE;
#endif
}

/* Splits @text into lines that fit @width at the current font: after the last space when there
 * is one, else by character (Japanese has no spaces). */
static GPtrArray *
wrap_lines (cairo_t    *cr,
            const char *text,
            double      width)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      const char *start = paragraphs[i];
      const char *p = start;

      if (*p == '\0')
        {
          g_ptr_array_add (lines, g_strdup (""));
          continue;
        }

      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *candidate = g_strndup (start, next - start);
          cairo_text_extents_t extents;

          cairo_text_extents (cr, candidate, &extents);
          if (extents.x_advance > width && p != start)
            {
              /* Latin text breaks after the last space; Japanese anywhere. */
              const char *space = g_strrstr_len (start, p - start, " ");
              const char *end = space != NULL && space > start ? space + 1 : p;

              g_ptr_array_add (lines, g_strndup (start, end - start));
              start = end;
            }
          p = next;
        }
      g_ptr_array_add (lines, g_strdup (start));
    }

  return g_steal_pointer (&lines);
}

/* Draws the receipt on @cr (@width × @height in user units). */
static gboolean
draw_receipt (cairo_t     *cr,
              const char  *text,
              double       width,
              double       height,
              GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  double y = RECEIPT_MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

#ifdef HAVE_QRENCODE
  {
    QRcode *code = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0,
                                      QR_ECLEVEL_M);
    double side;
    double module;
    double x0;

    if (code == NULL)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The receipt is too long for a QR code."));
        return FALSE;
      }

    /* Four modules of quiet zone on each side. */
    side = MIN (width - 2 * RECEIPT_MARGIN, height * 0.45);
    module = side / (code->width + 8);
    x0 = (width - module * code->width) / 2;
    y += module * 4;
    for (int row = 0; row < code->width; row++)
      for (int col = 0; col < code->width; col++)
        if (code->data[row * code->width + col] & 1)
          cairo_rectangle (cr, x0 + col * module, y + row * module, module, module);
    cairo_fill (cr);
    y += module * (code->width + 4);
    QRcode_free (code);
  }
#endif

  cairo_select_font_face (cr, RECEIPT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, RECEIPT_FONT_SIZE);
  lines = wrap_lines (cr, text, width - 2 * RECEIPT_MARGIN);
  for (guint i = 0; i < lines->len && y + RECEIPT_LINE <= height; i++)
    {
      y += RECEIPT_LINE;
      cairo_move_to (cr, RECEIPT_MARGIN, y);
      cairo_show_text (cr, g_ptr_array_index (lines, i));
    }

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The receipt could not be drawn: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }

  return TRUE;
}

static cairo_status_t
png_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
fc_audit_render_receipt_png (const char  *text,
                             GError     **error)
{
  /* 2 px per point: sharp enough to scan from a tablet screen. */
  const double scale = 2.0;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (RECEIPT_WIDTH_PT * scale),
                                        (int) (RECEIPT_HEIGHT_PT * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  ok = draw_receipt (cr, text, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT, error);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  if (ok && cairo_surface_write_to_png_stream (surface, png_write_cb, png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The receipt picture could not be made."));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);

  if (!ok)
    {
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

gboolean
fc_audit_render_receipt_pdf (const char  *text,
                             const char  *path,
                             GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT);
  cr = cairo_create (surface);
  ok = draw_receipt (cr, text, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT, error);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the receipt “%s”: %s"),
                   path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (path);
  return ok;
}
