/* fc-debrief-export.c: the debrief as JSON, and its page as a PDF (A4 portrait) or a PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"
#include "fc-debrief-private.h"

#include <math.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

static const char *
outcome_to_string (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      return "met";
    case FC_DEBRIEF_MISSED:
      return "missed";
    case FC_DEBRIEF_NOT_REACHED:
    default:
      return "not-reached";
    }
}

static const char *
kind_to_string (FcScenarioTargetKind kind)
{
  switch (kind)
    {
    case FC_SCENARIO_TARGET_INTERVAL:
      return "interval";
    case FC_SCENARIO_TARGET_EVENT:
      return "event";
    case FC_SCENARIO_TARGET_NEVER:
    default:
      return "never";
    }
}

JsonNode *
fc_debrief_to_json (FcDebrief *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  fc_debrief_compute (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, fc_scenario_get_id (self->scenario));
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, self->duration_us / (double) G_USEC_PER_SEC);

  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, row->id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, row->label);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind_to_string (row->kind));
      json_builder_set_member_name (builder, "limit_s");
      if (row->kind == FC_SCENARIO_TARGET_INTERVAL)
        json_builder_add_int_value (builder, row->limit_s);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "actual_s");
      if (row->actual_s >= 0)
        json_builder_add_double_value (builder, round (row->actual_s * 10) / 10);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, outcome_to_string (row->outcome));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, row->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->warnings)); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (G_LIST_MODEL (self->warnings), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, row->rule_id);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, fc_severity_to_string (row->severity));
      json_builder_set_member_name (builder, "expected");
      json_builder_add_boolean_value (builder, row->expected);
      json_builder_set_member_name (builder, "shown");
      json_builder_add_boolean_value (builder, row->shown);
      json_builder_set_member_name (builder, "acknowledged");
      json_builder_add_boolean_value (builder, row->acknowledged);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missed");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->missed->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, g_ptr_array_index (self->missed_codes, i));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, g_ptr_array_index (self->missed, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  /* Translators: the first %s is a file, the second cairo's reason. */
  g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE, _("%s cannot be written: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
fc_debrief_write_pdf (FcDebrief   *self,
                      const char  *path,
                      GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autofree char *title = NULL;
  gboolean ok;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, FC_DEBRIEF_PAGE_WIDTH, FC_DEBRIEF_PAGE_HEIGHT);
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  title = g_strdup_printf ("%s — %s", _("Training debrief"),
                           fc_scenario_get_title (self->scenario));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "FieldCard");

  cr = cairo_create (surface);
  fc_debrief_draw (self, cr, FC_DEBRIEF_PAGE_WIDTH, FC_DEBRIEF_PAGE_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
fc_debrief_write_png (FcDebrief   *self,
                      const char  *path,
                      GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, FC_DEBRIEF_PNG_WIDTH,
                                        FC_DEBRIEF_PNG_HEIGHT);
  cr = cairo_create (surface);
  fc_debrief_draw (self, cr, FC_DEBRIEF_PNG_WIDTH, FC_DEBRIEF_PNG_HEIGHT);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png (surface, path);
  ok = status == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE, _("%s cannot be written: %s"),
                 path, cairo_status_to_string (status));
  cairo_surface_destroy (surface);
  return ok;
}
