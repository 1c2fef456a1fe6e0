/* fc-handover-page.c: confirm the handover, then "data cleared" and "New incident".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-handover-page"

#include "config.h"

#include "fc-handover-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _FcHandoverPage
{
  GtkWidget     parent_instance;

  FcController *controller;   /* (owned) (nullable) */

  GtkStack     *views;
  GtkLabel     *title_label;
  GtkButton    *confirm_button;
  GtkButton    *back_button;
  GtkButton    *new_button;
  GtkButton    *receipt_button;
  GtkButton    *debrief_button;
};

G_DEFINE_FINAL_TYPE (FcHandoverPage, fc_handover_page, GTK_TYPE_WIDGET)

static void
update (FcHandoverPage *self)
{
  FcFlowStep step = FC_FLOW_START;
  FcIncident *incident = NULL;
  gboolean has_summary = FALSE;
  gboolean can_go_back = FALSE;

  if (self->controller != NULL)
    {
      step = fc_controller_get_step (self->controller);
      incident = fc_controller_get_incident (self->controller);
    }
  if (incident != NULL)
    has_summary = fc_incident_get_summary (incident) != NULL;

  gtk_stack_set_visible_child_name (self->views, step == FC_FLOW_DONE ? "done" : "confirm");
  if (step == FC_FLOW_DONE)
    {
      g_autofree char *receipt = fc_controller_build_receipt (self->controller);

      /* The receipt only when something of the patient was read; the debrief in training. */
      gtk_widget_set_visible (GTK_WIDGET (self->receipt_button), receipt != NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->debrief_button),
                              fc_controller_get_training (self->controller) &&
                              fc_controller_get_scenario (self->controller) != NULL);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->receipt_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->debrief_button), FALSE);
    }
  /* Back to the record, or to the fetch that failed (Retry is there). */
  if (self->controller != NULL &&
      (fc_controller_get_fetch_state (self->controller) == FC_FETCH_FAILED ||
       fc_controller_get_fetch_state (self->controller) == FC_FETCH_CANCELLED))
    can_go_back = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), has_summary || can_go_back);
  if (has_summary)
    gtk_label_set_text (self->title_label, _("Hand over to the hospital"));
  else
    /* Translators: heading of the handover page when no record was read. */
    gtk_label_set_text (self->title_label, _("End the incident"));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcHandoverPage *self = FC_HANDOVER_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_handover (self->controller);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcHandoverPage *self = FC_HANDOVER_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_back_to_summary (self->controller);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FcHandoverPage *self = FC_HANDOVER_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_new_incident (self->controller);
}

static void
fc_handover_page_dispose (GObject *object)
{
  FcHandoverPage *self = FC_HANDOVER_PAGE (object);

  fc_widget_clear_controller (&self->controller, self);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_HANDOVER_PAGE);

  G_OBJECT_CLASS (fc_handover_page_parent_class)->dispose (object);
}

static void
fc_handover_page_class_init (FcHandoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_handover_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-handover-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, views);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, receipt_button);
  gtk_widget_class_bind_template_child (widget_class, FcHandoverPage, debrief_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "handover.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "handover.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "handover.new", NULL, new_action);
}

static void
fc_handover_page_init (FcHandoverPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fc_handover_page_set_controller (FcHandoverPage *self,
                                 FcController   *controller)
{
  g_return_if_fail (FC_IS_HANDOVER_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::step",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::incident",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

GtkWidget *
fc_handover_page_get_confirm_button (FcHandoverPage *self)
{
  g_return_val_if_fail (FC_IS_HANDOVER_PAGE (self), NULL);
  return GTK_WIDGET (self->confirm_button);
}

GtkWidget *
fc_handover_page_get_new_button (FcHandoverPage *self)
{
  g_return_val_if_fail (FC_IS_HANDOVER_PAGE (self), NULL);
  return GTK_WIDGET (self->new_button);
}

GtkWidget *
fc_handover_page_get_receipt_button (FcHandoverPage *self)
{
  g_return_val_if_fail (FC_IS_HANDOVER_PAGE (self), NULL);
  return GTK_WIDGET (self->receipt_button);
}

GtkWidget *
fc_handover_page_get_debrief_button (FcHandoverPage *self)
{
  g_return_val_if_fail (FC_IS_HANDOVER_PAGE (self), NULL);
  return GTK_WIDGET (self->debrief_button);
}

const char *
fc_handover_page_get_visible_view (FcHandoverPage *self)
{
  g_return_val_if_fail (FC_IS_HANDOVER_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->views);
}
