/* fc-start-page.c: training scenarios and the big "Start incident" button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-start-page"

#include "config.h"

#include "fc-start-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _FcStartPage
{
  GtkWidget     parent_instance;

  FcController *controller;    /* (owned) (nullable) */

  GtkLabel     *heading_label;
  GtkLabel     *intro_label;
  GtkLabel     *error_label;
  GtkListBox   *scenario_list;
  GtkButton    *start_button;
  GtkButton    *analysis_button;

  GtkListBoxRow *chosen;       /* (unowned) (nullable): the tapped scenario row */
  char         *start_error;   /* (owned) (nullable): why the last start failed */
};

G_DEFINE_FINAL_TYPE (FcStartPage, fc_start_page, GTK_TYPE_WIDGET)

static void
update_error (FcStartPage *self)
{
  const char *load_errors = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->controller != NULL)
    load_errors = fc_controller_get_scenario_errors (self->controller);
  if (self->start_error != NULL)
    g_string_append (text, self->start_error);
  if (load_errors != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, load_errors);
    }

  gtk_label_set_text (self->error_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text->len > 0);
}

static void
update_action (FcStartPage *self)
{
  gboolean real = self->controller != NULL && !fc_controller_get_training (self->controller);

  if (self->scenario_list == NULL)
    return; /* disposing */
  /* Real mode has no scenario to choose: Start is always there. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "start.start", real || self->chosen != NULL);
}

static GtkWidget *
scenario_label_new (const char *text,
                    const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A minimum width: without one GTK 4.8 measures a wrapping label at width 0 (issue 9). */
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_widget_add_css_class (label, css);
  return label;
}

/* A scenario: title and presentation in a vertical box, the "chosen" check laid over its start.
 * Not an AdwActionRow: its wrapping labels sit in a horizontal box beside the prefix, which
 * GTK 4.8 measures by nested searches; with 17 scenarios that was most of the start page's
 * text layout at start-up (issue 9, cold start). */
static GtkWidget *
create_scenario_row (gpointer item,
                     gpointer user_data)
{
  FcScenario *scenario = FC_SCENARIO (item);
  const char *presentation = fc_scenario_get_presentation (scenario);
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (check), 24);
  gtk_widget_add_css_class (check, "scenario-check");
  gtk_widget_set_halign (check, GTK_ALIGN_START);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (check, 16);
  gtk_widget_add_css_class (box, "scenario-text");
  gtk_box_append (GTK_BOX (box), scenario_label_new (fc_scenario_get_title (scenario), "title"));
  if (presentation != NULL && *presentation != '\0')
    gtk_box_append (GTK_BOX (box), scenario_label_new (presentation, "subtitle"));
  gtk_overlay_set_child (GTK_OVERLAY (overlay), box);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), check);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_scenario_get_title (scenario));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), overlay);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "scenario-row");
  g_object_set_data_full (G_OBJECT (row), "fc-scenario", g_object_ref (scenario), g_object_unref);

  return row;
}

static void
update_list_visible (FcStartPage *self)
{
  gboolean real = self->controller != NULL && !fc_controller_get_training (self->controller);

  gtk_widget_set_visible (GTK_WIDGET (self->scenario_list),
                          !real && gtk_list_box_get_row_at_index (self->scenario_list, 0) != NULL);
  if (real)
    {
      /* Translators: heading of the start page in real mode. */
      gtk_label_set_text (self->heading_label, _("New incident"));
      gtk_label_set_text (self->intro_label,
                          _("Start the incident when the call comes in. Times are logged from then on; the card is read only with consent."));
    }
  else
    {
      gtk_label_set_text (self->heading_label, _("Training scenarios"));
      gtk_label_set_text (self->intro_label,
                          _("Choose a scenario, then start the incident. The card is virtual and the patient record is made up."));
    }
}

/* A tap chooses the scenario (no selection on focus: nothing is chosen until tapped). */
static void
row_activated_cb (FcStartPage   *self,
                  GtkListBoxRow *row)
{
  GtkListBoxRow *other;

  for (int i = 0; (other = gtk_list_box_get_row_at_index (self->scenario_list, i)) != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (other), "chosen");
  self->chosen = row;
  gtk_widget_add_css_class (GTK_WIDGET (row), "chosen");
  update_action (self);
}

static void
scenarios_changed_cb (FcStartPage *self)
{
  self->chosen = NULL;
  update_list_visible (self);
  update_action (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcStartPage *self = FC_START_PAGE (widget);
  GtkListBoxRow *row = self->chosen;
  FcScenario *scenario = NULL;
  g_autoptr(GError) error = NULL;

  if (self->controller == NULL)
    return;
  if (fc_controller_get_training (self->controller))
    {
      if (row == NULL)
        return;
      scenario = g_object_get_data (G_OBJECT (row), "fc-scenario");
    }
  g_clear_pointer (&self->start_error, g_free);
  if (!fc_controller_start_incident (self->controller, scenario, &error))
    self->start_error = g_strdup (error->message);
  update_error (self);
}

static void
fc_start_page_dispose (GObject *object)
{
  FcStartPage *self = FC_START_PAGE (object);

  fc_widget_clear_controller (&self->controller, self);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_START_PAGE);

  G_OBJECT_CLASS (fc_start_page_parent_class)->dispose (object);
}

static void
fc_start_page_finalize (GObject *object)
{
  FcStartPage *self = FC_START_PAGE (object);

  g_clear_pointer (&self->start_error, g_free);

  G_OBJECT_CLASS (fc_start_page_parent_class)->finalize (object);
}

static void
fc_start_page_class_init (FcStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_start_page_dispose;
  object_class->finalize = fc_start_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, analysis_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "start.start", NULL, start_action);
}

static void
fc_start_page_init (FcStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->scenario_list, "row-activated",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  update_action (self);
}

void
fc_start_page_set_controller (FcStartPage  *self,
                              FcController *controller)
{
  GListModel *scenarios;

  g_return_if_fail (FC_IS_START_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);

  scenarios = controller != NULL ? fc_controller_get_scenarios (controller) : NULL;
  self->chosen = NULL;
  gtk_list_box_bind_model (self->scenario_list, scenarios, create_scenario_row, self, NULL);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::scenario-errors",
                               G_CALLBACK (update_error), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scenarios, "items-changed",
                               G_CALLBACK (scenarios_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_list_visible (self);
  update_error (self);
  update_action (self);
}

gboolean
fc_start_page_select_scenario (FcStartPage *self,
                               const char  *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (FC_IS_START_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->scenario_list, i)) != NULL; i++)
    {
      FcScenario *scenario = g_object_get_data (G_OBJECT (row), "fc-scenario");

      if (scenario != NULL && g_strcmp0 (fc_scenario_get_id (scenario), id) == 0)
        {
          /* As a tap: the row's activation. */
          gtk_widget_activate (GTK_WIDGET (row));
          return self->chosen == row;
        }
    }
  return FALSE;
}

GtkWidget *
fc_start_page_get_start_button (FcStartPage *self)
{
  g_return_val_if_fail (FC_IS_START_PAGE (self), NULL);
  return GTK_WIDGET (self->start_button);
}

GtkLabel *
fc_start_page_get_error_label (FcStartPage *self)
{
  g_return_val_if_fail (FC_IS_START_PAGE (self), NULL);
  return self->error_label;
}

guint
fc_start_page_get_n_rows (FcStartPage *self)
{
  guint n = 0;

  g_return_val_if_fail (FC_IS_START_PAGE (self), 0);
  while (gtk_list_box_get_row_at_index (self->scenario_list, n) != NULL)
    n++;
  return n;
}

GtkWidget *
fc_start_page_get_analysis_button (FcStartPage *self)
{
  g_return_val_if_fail (FC_IS_START_PAGE (self), NULL);
  return GTK_WIDGET (self->analysis_button);
}
