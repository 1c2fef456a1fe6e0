/* fc-analysis-page.c: the timing report of this tablet, with charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-analysis-page"

#include "config.h"

#include "fc-analysis-page.h"
#include "fc-widget-util.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "fc-chart.h"
#include "fc-report.h"

struct _FcAnalysisPage
{
  GtkWidget     parent_instance;

  FcController *controller;   /* (owned) (nullable) */
  GCancellable *cancellable;  /* (owned) (nullable): the running report */
  GdkTexture   *texture;      /* (owned) (nullable) */
  char         *error;        /* (owned) (nullable) */
  GPtrArray    *cells;        /* (owned) (element-type GtkWidget) (unowned items): table cells */
  guint         n_interval_rows;
  gboolean      busy;

  GtkLabel     *scope_label;
  GtkSpinner   *spinner;
  GtkLabel     *counts_label;
  GtkLabel     *error_label;
  GtkPicture   *chart;
  GtkGrid      *interval_grid;
  GtkGrid      *step_grid;
};

G_DEFINE_FINAL_TYPE (FcAnalysisPage, fc_analysis_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the worker thread gets and gives back. */
typedef struct
{
  char     *path;
  gboolean  include_training;
} ReportJob;

typedef struct
{
  FcReport *report;  /* (owned) */
  GBytes   *pixels;  /* (owned) (nullable): ARGB32 chart, no data → NULL */
  int       width;
  int       height;
  int       stride;
} ReportResult;

static void
report_job_free (ReportJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
report_result_free (ReportResult *result)
{
  g_clear_object (&result->report);
  g_clear_pointer (&result->pixels, g_bytes_unref);
  g_free (result);
}

/* Worker thread: reads the database, computes, draws the chart with the core's cairo code. */
static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  ReportResult *result = g_new0 (ReportResult, 1);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  result->report = fc_report_new ();
  fc_report_set_include_training (result->report, job->include_training);
  if (g_file_test (job->path, G_FILE_TEST_EXISTS) &&
      !fc_report_add_file (result->report, job->path, &error))
    {
      report_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fc_report_compute (result->report);

  if (fc_report_get_count (result->report, FC_REPORT_COUNT_INCLUDED) > 0)
    {
      result->width = FC_CHART_WIDTH;
      result->height = FC_CHART_HEIGHT;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, result->width, result->height);
      cr = cairo_create (surface);
      fc_chart_draw (result->report, cr, result->width, result->height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          result->stride = cairo_image_surface_get_stride (surface);
          result->pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                                        (gsize) result->stride * result->height);
        }
      cairo_surface_destroy (surface);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) report_result_free);
}

static void
set_busy (FcAnalysisPage *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.refresh", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_tables (FcAnalysisPage *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->cells, i));
  g_ptr_array_set_size (self->cells, 0);
  self->n_interval_rows = 0;
}

static void
add_cell (FcAnalysisPage *self,
          GtkGrid        *grid,
          const char     *text,
          int             column,
          int             row,
          gboolean        header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (column == 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
    }
  gtk_widget_add_css_class (label, header ? "table-header" : "table-cell");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  g_ptr_array_add (self->cells, label);
}

/* One table row: label, n, median, p90 (and IQR when @iqr). */
static void
add_stats_row (FcAnalysisPage        *self,
               GtkGrid               *grid,
               int                    row,
               const char            *label,
               const FcIntervalStats *stats,
               gboolean               iqr)
{
  g_autofree char *n = g_strdup_printf ("%u", stats->n);
  g_autofree char *median = fc_report_format_duration (stats->median);
  g_autofree char *p90 = fc_report_format_duration (stats->p90);
  g_autofree char *spread = fc_report_format_duration (stats->n > 0 ? stats->iqr : NAN);

  add_cell (self, grid, label, 0, row, FALSE);
  add_cell (self, grid, n, 1, row, FALSE);
  add_cell (self, grid, median, 2, row, FALSE);
  add_cell (self, grid, p90, 3, row, FALSE);
  if (iqr)
    add_cell (self, grid, spread, 4, row, FALSE);
}

static void
add_header (FcAnalysisPage *self,
            GtkGrid        *grid,
            const char     *first,
            gboolean        iqr)
{
  add_cell (self, grid, first, 0, 0, TRUE);
  /* Translators: table column: number of incidents with this interval. */
  add_cell (self, grid, _("n"), 1, 0, TRUE);
  /* Translators: table column (中央値). */
  add_cell (self, grid, _("Median"), 2, 0, TRUE);
  /* Translators: table column: 90th percentile (90パーセンタイル). */
  add_cell (self, grid, _("90th pct."), 3, 0, TRUE);
  if (iqr)
    /* Translators: table column: interquartile range (四分位範囲). */
    add_cell (self, grid, _("IQR"), 4, 0, TRUE);
}

static void
show_report (FcAnalysisPage *self,
             FcReport       *report)
{
  static const FcReportGroup card_groups[] = {
    FC_REPORT_GROUP_CARD_USED, FC_REPORT_GROUP_ATTEMPTED_FAILED, FC_REPORT_GROUP_NOT_ATTEMPTED,
  };
  guint64 included = fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED);
  g_autofree char *counts = NULL;
  int row = 1;

  clear_tables (self);

  if (included == 0)
    /* Translators: the Analysis page before any incident was recorded. */
    counts = g_strdup (_("No incidents recorded on this tablet yet. Times appear here after the first incident."));
  else
    /* Translators: counts on the Analysis page; the numbers are incidents. */
    counts = g_strdup_printf (_("%u incidents: card used %u · card tried, no record %u · card not tried %u"),
                              (guint) included,
                              fc_report_get_group_size (report, FC_REPORT_GROUP_CARD_USED),
                              fc_report_get_group_size (report, FC_REPORT_GROUP_ATTEMPTED_FAILED),
                              fc_report_get_group_size (report, FC_REPORT_GROUP_NOT_ATTEMPTED));
  gtk_label_set_text (self->counts_label, counts);

  /* Translators: table column: the interval (区間). */
  add_header (self, self->interval_grid, _("Interval"), TRUE);
  for (int i = 0; i < FC_REPORT_N_INTERVALS; i++, row++)
    add_stats_row (self, self->interval_grid, row, fc_report_interval_get_label (i),
                   fc_report_get_interval (report, i, FC_REPORT_GROUP_ALL), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (card_groups); i++, row++)
    {
      /* Translators: table row: scene time of one group ("Scene time: card used"). */
      g_autofree char *label = g_strdup_printf (_("%s: %s"),
                                                fc_report_interval_get_label (FC_REPORT_INTERVAL_SCENE),
                                                fc_report_group_get_label (card_groups[i]));
      add_stats_row (self, self->interval_grid, row, label,
                     fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, card_groups[i]), TRUE);
    }
  self->n_interval_rows = row - 1;

  /* Translators: table column: a card step (手順). */
  add_header (self, self->step_grid, _("Step"), FALSE);
  for (int i = 0; i < FC_REPORT_N_STEPS; i++)
    add_stats_row (self, self->step_grid, i + 1, fc_report_step_get_label (i),
                   fc_report_get_step (report, i), FALSE);
}

static void
report_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FcAnalysisPage *self = FC_ANALYSIS_PAGE (object);
  g_autoptr(GError) error = NULL;
  ReportResult *report;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  g_clear_pointer (&self->error, g_free);
  if (report == NULL)
    {
      /* Translators: %s says why the timing log could not be read. */
      self->error = g_strdup_printf (_("The timing log could not be read: %s"), error->message);
      gtk_label_set_text (self->error_label, self->error);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  show_report (self, report->report);
  g_clear_object (&self->texture);
  if (report->pixels != NULL)
    self->texture = gdk_memory_texture_new (report->width, report->height, GDK_MEMORY_DEFAULT,
                                            report->pixels, report->stride);
  gtk_picture_set_paintable (self->chart, GDK_PAINTABLE (self->texture));
  gtk_widget_set_visible (GTK_WIDGET (self->chart), self->texture != NULL);
  report_result_free (report);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  fc_analysis_page_refresh (FC_ANALYSIS_PAGE (widget));
}

static void
fc_analysis_page_dispose (GObject *object)
{
  FcAnalysisPage *self = FC_ANALYSIS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->controller);
  g_clear_object (&self->texture);
  if (self->cells != NULL)
    clear_tables (self);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_ANALYSIS_PAGE);

  G_OBJECT_CLASS (fc_analysis_page_parent_class)->dispose (object);
}

static void
fc_analysis_page_finalize (GObject *object)
{
  FcAnalysisPage *self = FC_ANALYSIS_PAGE (object);

  g_free (self->error);

  G_OBJECT_CLASS (fc_analysis_page_parent_class)->finalize (object);
}

static void
fc_analysis_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcAnalysisPage *self = FC_ANALYSIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_analysis_page_class_init (FcAnalysisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_analysis_page_dispose;
  object_class->finalize = fc_analysis_page_finalize;
  object_class->get_property = fc_analysis_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, chart);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, interval_grid);
  gtk_widget_class_bind_template_child (widget_class, FcAnalysisPage, step_grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "analysis.refresh", NULL, refresh_action);
}

static void
fc_analysis_page_init (FcAnalysisPage *self)
{
  self->cells = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_picture_set_content_fit (self->chart, GTK_CONTENT_FIT_CONTAIN);
}

void
fc_analysis_page_set_controller (FcAnalysisPage *self,
                                 FcController   *controller)
{
  g_return_if_fail (FC_IS_ANALYSIS_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  g_set_object (&self->controller, controller);
  if (controller == NULL)
    gtk_label_set_text (self->scope_label, "");
  else if (fc_controller_get_training (controller))
    gtk_label_set_text (self->scope_label,
                        /* Translators: scope of the Analysis page in training mode. */
                        _("Training incidents on this tablet (kept apart from real ones). Times are after corrections."));
  else
    gtk_label_set_text (self->scope_label,
                        /* Translators: scope of the Analysis page in real mode. */
                        _("Incidents recorded on this tablet. Times are after corrections; no patient data is used."));
}

void
fc_analysis_page_refresh (FcAnalysisPage *self)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;

  g_return_if_fail (FC_IS_ANALYSIS_PAGE (self));

  if (self->controller == NULL || self->busy)
    return;

  job = g_new0 (ReportJob, 1);
  job->path = fc_controller_dup_timing_db_path (self->controller);
  /* The training folder holds only training incidents: count them there. */
  job->include_training = fc_controller_get_training (self->controller);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, report_done_cb, NULL);
  g_task_set_source_tag (task, fc_analysis_page_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

gboolean
fc_analysis_page_get_busy (FcAnalysisPage *self)
{
  g_return_val_if_fail (FC_IS_ANALYSIS_PAGE (self), FALSE);
  return self->busy;
}

GdkTexture *
fc_analysis_page_get_chart_texture (FcAnalysisPage *self)
{
  g_return_val_if_fail (FC_IS_ANALYSIS_PAGE (self), NULL);
  return self->texture;
}

GtkLabel *
fc_analysis_page_get_counts_label (FcAnalysisPage *self)
{
  g_return_val_if_fail (FC_IS_ANALYSIS_PAGE (self), NULL);
  return self->counts_label;
}

guint
fc_analysis_page_get_n_interval_rows (FcAnalysisPage *self)
{
  g_return_val_if_fail (FC_IS_ANALYSIS_PAGE (self), 0);
  return self->n_interval_rows;
}

const char *
fc_analysis_page_get_error (FcAnalysisPage *self)
{
  g_return_val_if_fail (FC_IS_ANALYSIS_PAGE (self), NULL);
  return self->error;
}
