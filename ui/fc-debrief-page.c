/* fc-debrief-page.c: the debrief of a training incident.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-debrief-page"

#include "config.h"

#include "fc-debrief-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "fc-report.h"
#include "fc-save-file.h"

struct _FcDebriefPage
{
  GtkWidget       parent_instance;

  FcController   *controller;    /* (owned) (nullable) */
  FcDebrief      *debrief;       /* (owned) (nullable) */
  char           *save_folder;   /* (owned) (nullable): tests */
  char           *last_saved;    /* (owned) (nullable) */
  GPtrArray      *target_rows;   /* (owned) (element-type GtkWidget) (unowned items) */
  GPtrArray      *cells;         /* (owned) (element-type GtkWidget) (unowned items) */
  GPtrArray      *missed_labels; /* (owned) (element-type GtkWidget) (unowned items) */
  guint           n_warning_rows;

  GtkLabel       *scenario_label;
  GtkButton      *save_pdf_button;
  GtkButton      *save_png_button;
  GtkLabel       *summary_label;
  GtkListBox     *targets_list;
  GtkLabel       *no_targets_label;
  GtkGrid        *warnings_grid;
  GtkBox         *missed_box;
  GtkDrawingArea *preview;
};

G_DEFINE_FINAL_TYPE (FcDebriefPage, fc_debrief_page, GTK_TYPE_WIDGET)

static const char *
outcome_label (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      /* Translators: debrief: the target time was met. */
      return _("Met");
    case FC_DEBRIEF_MISSED:
      /* Translators: debrief: the target time was missed. */
      return _("Missed");
    case FC_DEBRIEF_NOT_REACHED:
    default:
      /* Translators: debrief: the step the target starts from never happened. */
      return _("Not reached");
    }
}

static const char *
outcome_class (FcDebriefOutcome outcome)
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
outcome_icon (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      return "emblem-ok-symbolic";
    case FC_DEBRIEF_MISSED:
      return "dialog-warning-symbolic";
    case FC_DEBRIEF_NOT_REACHED:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
severity_label (FcSeverity severity)
{
  switch (severity)
    {
    case FC_SEVERITY_CRITICAL:
      /* Translators: severity of a warning, in the debrief table. */
      return _("Critical");
    case FC_SEVERITY_CAUTION:
      return _("Caution");
    case FC_SEVERITY_INFO:
    default:
      return _("Info");
    }
}

static const char *
severity_class (FcSeverity severity)
{
  switch (severity)
    {
    case FC_SEVERITY_CRITICAL:
      return "critical";
    case FC_SEVERITY_CAUTION:
      return "caution";
    case FC_SEVERITY_INFO:
    default:
      return "info";
    }
}

/* "1:05 / 1:30" for an interval; "at 2:10" for an event; "—" when there is none. */
static char *
target_times (FcDebriefTarget *target)
{
  double actual = fc_debrief_target_get_actual_s (target);
  guint limit = fc_debrief_target_get_limit_s (target);
  g_autofree char *actual_text = actual >= 0 ? fc_report_format_duration (actual)
                                             : g_strdup ("—");

  if (limit > 0)
    {
      g_autofree char *limit_text = fc_report_format_duration (limit);

      /* Translators: debrief: actual time / target time, e.g. "1:05 / 1:30". */
      return g_strdup_printf (_("%s / %s"), actual_text, limit_text);
    }
  if (actual >= 0)
    /* Translators: debrief: when an event happened, counted from the start of the incident. */
    return g_strdup_printf (_("at %s"), actual_text);
  return g_steal_pointer (&actual_text);
}

static void
clear (FcDebriefPage *self)
{
  for (guint i = 0; i < self->target_rows->len; i++)
    gtk_list_box_remove (self->targets_list, g_ptr_array_index (self->target_rows, i));
  g_ptr_array_set_size (self->target_rows, 0);
  for (guint i = 0; i < self->cells->len; i++)
    gtk_grid_remove (self->warnings_grid, g_ptr_array_index (self->cells, i));
  g_ptr_array_set_size (self->cells, 0);
  for (guint i = 0; i < self->missed_labels->len; i++)
    gtk_box_remove (self->missed_box, g_ptr_array_index (self->missed_labels, i));
  g_ptr_array_set_size (self->missed_labels, 0);
  self->n_warning_rows = 0;
}

static void
add_target_row (FcDebriefPage   *self,
                FcDebriefTarget *target)
{
  FcDebriefOutcome outcome = fc_debrief_target_get_outcome (target);
  g_autofree char *times = target_times (target);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (outcome_icon (outcome));
  GtkWidget *time_label = gtk_label_new (times);
  GtkWidget *badge = gtk_label_new (outcome_label (outcome));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_debrief_target_get_label (target));
  if (fc_debrief_target_get_detail (target) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fc_debrief_target_get_detail (target));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "debrief-target");
  gtk_widget_add_css_class (row, outcome_class (outcome));
  g_object_set_data_full (G_OBJECT (row), "target-id",
                          g_strdup (fc_debrief_target_get_id (target)), g_free);
  g_object_set_data (G_OBJECT (row), "outcome", (gpointer) outcome_label (outcome));

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 28);
  gtk_widget_add_css_class (icon, "outcome-icon");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_add_css_class (time_label, "debrief-time");
  gtk_widget_set_valign (time_label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  gtk_widget_add_css_class (badge, "outcome-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  gtk_list_box_append (self->targets_list, row);
  g_ptr_array_add (self->target_rows, row);
}

static GtkWidget *
add_cell (FcDebriefPage *self,
          GtkWidget     *cell,
          int            column,
          int            row)
{
  gtk_grid_attach (self->warnings_grid, cell, column, row, 1, 1);
  g_ptr_array_add (self->cells, cell);
  return cell;
}

static void
add_text_cell (FcDebriefPage *self,
               const char    *text,
               int            column,
               int            row,
               const char    *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 0.5);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  add_cell (self, label, column, row);
}

/* ✓ or — in a column of the warnings table (the header says which); a "—" that matters (an
 * expected warning never shown) in red. */
static void
add_mark_cell (FcDebriefPage *self,
               gboolean       yes,
               gboolean       bad_when_no,
               int            column,
               int            row)
{
  add_text_cell (self, yes ? "✓" : "—", column, row,
                 yes ? "mark-yes" : (bad_when_no ? "mark-missing" : "mark-no"));
}

static void
fill_warnings (FcDebriefPage *self)
{
  GListModel *warnings = fc_debrief_get_warnings (self->debrief);
  guint n = g_list_model_get_n_items (warnings);

  /* Translators: debrief table column headers. */
  add_text_cell (self, _("Warning"), 0, 0, "table-header");
  add_text_cell (self, _("Expected"), 1, 0, "table-header");
  add_text_cell (self, _("Shown"), 2, 0, "table-header");
  add_text_cell (self, _("Acknowledged"), 3, 0, "table-header");

  if (n == 0)
    {
      GtkWidget *none = gtk_label_new (_("No warning was expected or shown in this scenario."));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_grid_attach (self->warnings_grid, none, 0, 1, 4, 1);
      g_ptr_array_add (self->cells, none);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcDebriefWarning) warning = g_list_model_get_item (warnings, i);
      const char *rule_id = fc_debrief_warning_get_rule_id (warning);
      FcSeverity severity = fc_debrief_warning_get_severity (warning);
      const char *message = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *id_label = gtk_label_new (rule_id);
      GtkWidget *badge = gtk_label_new (severity_label (severity));
      int row = (int) i + 1;

      if (self->controller != NULL)
        message = fc_controller_get_shown_warning_message (self->controller, rule_id);

      gtk_widget_add_css_class (id_label, "rule-id");
      gtk_widget_add_css_class (badge, "severity-badge");
      gtk_widget_add_css_class (badge, severity_class (severity));
      gtk_box_append (GTK_BOX (head), id_label);
      gtk_box_append (GTK_BOX (head), badge);
      gtk_box_append (GTK_BOX (box), head);
      if (message != NULL)
        {
          GtkWidget *text = gtk_label_new (message);

          gtk_label_set_xalign (GTK_LABEL (text), 0);
          gtk_label_set_wrap (GTK_LABEL (text), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_lines (GTK_LABEL (text), 2);
          gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (text, "warning-text");
          gtk_box_append (GTK_BOX (box), text);
        }
      gtk_widget_set_hexpand (box, TRUE);
      add_cell (self, box, 0, row);

      add_mark_cell (self, fc_debrief_warning_get_expected (warning), FALSE, 1, row);
      add_mark_cell (self, fc_debrief_warning_get_shown (warning),
                     fc_debrief_warning_get_expected (warning), 2, row);
      add_mark_cell (self, fc_debrief_warning_get_acknowledged (warning), FALSE, 3, row);
      self->n_warning_rows++;
    }
}

static void
fill_missed (FcDebriefPage *self)
{
  const char * const *missed = fc_debrief_get_missed (self->debrief);

  if (missed == NULL || missed[0] == NULL)
    {
      /* Translators: debrief, when nothing was missed. */
      GtkWidget *label = gtk_label_new (_("Nothing was missed."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "missed-none");
      gtk_box_append (self->missed_box, label);
      g_ptr_array_add (self->missed_labels, label);
      return;
    }

  for (guint i = 0; missed[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (missed[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "missed-item");
      gtk_box_append (self->missed_box, label);
      g_ptr_array_add (self->missed_labels, label);
    }
}

static void
update_summary (FcDebriefPage *self)
{
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  guint met, total;

  duration = fc_report_format_duration (fc_debrief_get_duration_us (self->debrief) / 1e6);
  met = fc_debrief_count_targets (self->debrief, FC_DEBRIEF_MET);
  total = g_list_model_get_n_items (fc_debrief_get_targets (self->debrief));
  /* Translators: debrief summary; %s: duration ("4:12"), then targets met out of all. */
  text = g_strdup_printf (_("Duration %s (paused time not counted). Targets met: %u of %u."),
                          duration, met, total);
  gtk_label_set_text (self->summary_label, text);
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  FcDebriefPage *self = FC_DEBRIEF_PAGE (user_data);

  if (self->debrief == NULL)
    return;
  fc_debrief_draw (self->debrief, cr, width, height);
}

static gboolean
write_cb (GtkWidget   *page,
          const char  *format,
          const char  *path,
          GError     **error)
{
  return fc_debrief_page_save (FC_DEBRIEF_PAGE (page), format, path, error);
}

static void
saved_cb (GtkWidget  *page,
          const char *path)
{
  FcDebriefPage *self = FC_DEBRIEF_PAGE (page);

  if (path != NULL)
    {
      g_free (self->last_saved);
      self->last_saved = g_strdup (path);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcDebriefPage *self = FC_DEBRIEF_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;

  if (self->debrief == NULL)
    return;
  name = fc_debrief_page_dup_default_name (self, format);
  fc_save_file (widget,
                g_str_equal (format, "pdf") ?
                /* Translators: file chooser title. */
                _("Save the debrief as PDF") : _("Save the debrief as PNG"),
                name, format, self->save_folder, write_cb, saved_cb);
}

static void
fc_debrief_page_dispose (GObject *object)
{
  FcDebriefPage *self = FC_DEBRIEF_PAGE (object);

  g_clear_object (&self->controller);
  g_clear_object (&self->debrief);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_DEBRIEF_PAGE);

  G_OBJECT_CLASS (fc_debrief_page_parent_class)->dispose (object);
}

static void
fc_debrief_page_finalize (GObject *object)
{
  FcDebriefPage *self = FC_DEBRIEF_PAGE (object);

  g_free (self->save_folder);
  g_free (self->last_saved);
  g_clear_pointer (&self->target_rows, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->missed_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_debrief_page_parent_class)->finalize (object);
}

static void
fc_debrief_page_class_init (FcDebriefPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_debrief_page_dispose;
  object_class->finalize = fc_debrief_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-debrief-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, scenario_label);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, save_pdf_button);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, save_png_button);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, targets_list);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, no_targets_label);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, warnings_grid);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, missed_box);
  gtk_widget_class_bind_template_child (widget_class, FcDebriefPage, preview);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "debrief.save", "s", save_action);
}

static void
fc_debrief_page_init (FcDebriefPage *self)
{
  self->target_rows = g_ptr_array_new ();
  self->cells = g_ptr_array_new ();
  self->missed_labels = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "debrief.save", FALSE);
}

void
fc_debrief_page_set_controller (FcDebriefPage *self,
                                FcController  *controller)
{
  g_return_if_fail (FC_IS_DEBRIEF_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  g_set_object (&self->controller, controller);
}

void
fc_debrief_page_refresh (FcDebriefPage *self)
{
  GListModel *targets;
  guint n;

  g_return_if_fail (FC_IS_DEBRIEF_PAGE (self));

  clear (self);
  g_clear_object (&self->debrief);
  if (self->controller != NULL)
    self->debrief = fc_controller_build_debrief (self->controller);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "debrief.save", self->debrief != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));

  if (self->debrief == NULL)
    {
      gtk_label_set_text (self->scenario_label, "");
      /* Translators: the debrief page without a training incident. */
      gtk_label_set_text (self->summary_label, _("There is no training incident to debrief."));
      return;
    }

  gtk_label_set_text (self->scenario_label,
                      fc_scenario_get_title (fc_debrief_get_scenario (self->debrief)));
  update_summary (self);

  targets = fc_debrief_get_targets (self->debrief);
  n = g_list_model_get_n_items (targets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcDebriefTarget) target = g_list_model_get_item (targets, i);

      add_target_row (self, target);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->targets_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_targets_label), n == 0);

  fill_warnings (self);
  fill_missed (self);
}

FcDebrief *
fc_debrief_page_get_debrief (FcDebriefPage *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  return self->debrief;
}

char *
fc_debrief_page_dup_default_name (FcDebriefPage *self,
                                  const char    *format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  const char *id = "training";

  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (self->debrief != NULL)
    id = fc_scenario_get_id (fc_debrief_get_scenario (self->debrief));
  return g_strdup_printf ("debrief-%s-%s.%s", id, date, format);
}

gboolean
fc_debrief_page_save (FcDebriefPage *self,
                      const char    *format,
                      const char    *path,
                      GError       **error)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->debrief == NULL)
    {
      g_set_error_literal (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE,
                           _("There is no training incident to debrief."));
      return FALSE;
    }
  if (g_str_equal (format, "png"))
    return fc_debrief_write_png (self->debrief, path, error);
  return fc_debrief_write_pdf (self->debrief, path, error);
}

void
fc_debrief_page_set_save_folder_for_testing (FcDebriefPage *self,
                                             const char    *dir)
{
  g_return_if_fail (FC_IS_DEBRIEF_PAGE (self));

  g_free (self->save_folder);
  self->save_folder = g_strdup (dir);
}

const char *
fc_debrief_page_get_last_saved (FcDebriefPage *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  return self->last_saved;
}

GtkWidget *
fc_debrief_page_get_save_button (FcDebriefPage *self,
                                 const char    *format)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  return GTK_WIDGET (g_str_equal (format, "png") ? self->save_png_button : self->save_pdf_button);
}

guint
fc_debrief_page_get_n_target_rows (FcDebriefPage *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), 0);
  return self->target_rows->len;
}

const char *
fc_debrief_page_get_target_outcome (FcDebriefPage *self,
                                    const char    *id)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->target_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->target_rows, i);

      if (g_strcmp0 (g_object_get_data (row, "target-id"), id) == 0)
        return g_object_get_data (row, "outcome");
    }
  return NULL;
}

char *
fc_debrief_page_dup_missed_text (FcDebriefPage *self)
{
  GString *text;
  const char * const *missed;

  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);

  text = g_string_new (NULL);
  missed = self->debrief != NULL ? fc_debrief_get_missed (self->debrief) : NULL;
  for (guint i = 0; i < self->missed_labels->len && missed != NULL && missed[0] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_text (g_ptr_array_index (self->missed_labels, i)));
    }
  return g_string_free (text, FALSE);
}

guint
fc_debrief_page_get_n_warning_rows (FcDebriefPage *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), 0);
  return self->n_warning_rows;
}

GtkWidget *
fc_debrief_page_get_preview (FcDebriefPage *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_PAGE (self), NULL);
  return GTK_WIDGET (self->preview);
}
