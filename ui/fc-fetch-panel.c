/* fc-fetch-panel.c: fetching the record on the summary page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fetch-panel"

#include "config.h"

#include "fc-fetch-panel.h"
#include "fc-widget-util.h"

#include <glib/gi18n-lib.h>

struct _FcFetchPanel
{
  GtkWidget     parent_instance;

  FcController *controller;    /* (owned) (nullable) */

  GtkWidget    *box;
  GtkSpinner   *fetch_spinner;
  GtkLabel     *fetch_label;
  GtkWidget    *fetch_cancel_button;
  GtkWidget    *fetch_retry_button;
  GtkWidget    *fetch_continue_button;
};

G_DEFINE_FINAL_TYPE (FcFetchPanel, fc_fetch_panel, GTK_TYPE_WIDGET)

static void
update_fetch (FcFetchPanel *self)
{
  FcFetchState state = self->controller != NULL ?
                       fc_controller_get_fetch_state (self->controller) : FC_FETCH_IDLE;
  gboolean running = state == FC_FETCH_RUNNING;
  gboolean ended = state == FC_FETCH_FAILED || state == FC_FETCH_CANCELLED;
  gboolean can_retry = ended && fc_controller_get_fetch_can_retry (self->controller);

  gtk_widget_set_visible (GTK_WIDGET (self), running || ended);
  gtk_spinner_set_spinning (self->fetch_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_spinner), running);
  gtk_widget_set_visible (self->fetch_cancel_button, running);
  gtk_widget_set_visible (self->fetch_retry_button, can_retry);
  gtk_widget_set_visible (self->fetch_continue_button, ended);

  if (running)
    /* Translators: shown while the record is being fetched (記録を取得中). */
    gtk_label_set_text (self->fetch_label, _("Fetching the record…"));
  else if (ended)
    gtk_label_set_text (self->fetch_label, fc_controller_get_fetch_error (self->controller));

  /* A retryable failure is an error; "no record for this card" is a normal outcome. */
  if (ended && can_retry)
    gtk_widget_add_css_class (self->box, "fetch-failed");
  else
    gtk_widget_remove_css_class (self->box, "fetch-failed");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcFetchPanel *self = FC_FETCH_PANEL (widget);

  if (self->controller != NULL)
    fc_controller_cancel_fetch (self->controller);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcFetchPanel *self = FC_FETCH_PANEL (widget);

  if (self->controller != NULL)
    fc_controller_retry_fetch (self->controller);
}

static void
continue_without_record_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FcFetchPanel *self = FC_FETCH_PANEL (widget);

  if (self->controller != NULL)
    fc_controller_continue_without_card (self->controller);
}

static void
fc_fetch_panel_dispose (GObject *object)
{
  FcFetchPanel *self = FC_FETCH_PANEL (object);

  fc_widget_clear_controller (&self->controller, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FETCH_PANEL);

  G_OBJECT_CLASS (fc_fetch_panel_parent_class)->dispose (object);
}

static void
fc_fetch_panel_class_init (FcFetchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_fetch_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-fetch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, box);
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, fetch_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, fetch_label);
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, fetch_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, fetch_retry_button);
  gtk_widget_class_bind_template_child (widget_class, FcFetchPanel, fetch_continue_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "fetch.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "fetch.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "fetch.continue-without-record", NULL,
                                   continue_without_record_action);
}

static void
fc_fetch_panel_init (FcFetchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_fetch (self);
}

FcFetchPanel *
fc_fetch_panel_new (void)
{
  return g_object_new (FC_TYPE_FETCH_PANEL, NULL);
}

void
fc_fetch_panel_set_controller (FcFetchPanel *self,
                               FcController *controller)
{
  g_return_if_fail (FC_IS_FETCH_PANEL (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_object (controller, "notify::fetch-state",
                             G_CALLBACK (update_fetch), self, G_CONNECT_SWAPPED);
  update_fetch (self);
}

GtkWidget *
fc_fetch_panel_get_button (FcFetchPanel *self,
                           const char   *which)
{
  g_return_val_if_fail (FC_IS_FETCH_PANEL (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  if (g_str_equal (which, "cancel"))
    return self->fetch_cancel_button;
  if (g_str_equal (which, "retry"))
    return self->fetch_retry_button;
  if (g_str_equal (which, "continue"))
    return self->fetch_continue_button;
  return NULL;
}

GtkLabel *
fc_fetch_panel_get_label (FcFetchPanel *self)
{
  g_return_val_if_fail (FC_IS_FETCH_PANEL (self), NULL);
  return self->fetch_label;
}
