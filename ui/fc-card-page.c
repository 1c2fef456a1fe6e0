/* fc-card-page.c: waiting for the card, and what went wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card-page"

#include "config.h"

#include "fc-card-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _FcCardPage
{
  GtkWidget     parent_instance;

  FcController *controller;   /* (owned) (nullable) */

  GtkLabel     *prompt_label;
  GtkLabel     *hint_label;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;
  GtkWidget    *error_box;
  GtkLabel     *error_label;
  GtkButton    *retry_button;
  GtkButton    *skip_button;
};

G_DEFINE_FINAL_TYPE (FcCardPage, fc_card_page, GTK_TYPE_WIDGET)

static void
update (FcCardPage *self)
{
  gboolean busy = FALSE;
  gboolean away = FALSE;
  const char *error = NULL;
  const char *notice = NULL;
  const char *message;

  if (self->controller != NULL)
    {
      busy = fc_controller_get_card_busy (self->controller);
      error = fc_controller_get_card_error (self->controller);
      notice = fc_controller_get_card_notice (self->controller);
      /* The card left the reader mid-read; the read waits a few seconds for it. */
      away = busy && fc_controller_get_incident (self->controller) != NULL &&
             fc_incident_get_card_away (fc_controller_get_incident (self->controller));
    }
  /* An error (the read failed) wins over a notice (why the page is shown again). */
  message = error != NULL ? error : (!busy ? notice : NULL);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (self->error_box, message != NULL);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "inline-error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "card-notice");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "inline-error");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "card-notice");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), message == NULL);
  gtk_label_set_text (self->status_label,
                      self->controller != NULL && fc_controller_get_reader_status (self->controller) != NULL ?
                      fc_controller_get_reader_status (self->controller) : "");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (away)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.retry", !busy);

  if (error != NULL)
    {
      /* Translators: heading when reading the card failed. */
      gtk_label_set_text (self->prompt_label, _("The card could not be read"));
      gtk_button_set_label (self->retry_button, _("Retry"));
    }
  else if (message != NULL)
    {
      /* Translators: heading after the crew removed a record that was not the patient's. */
      gtk_label_set_text (self->prompt_label, _("Record removed"));
      /* Translators: start reading a card again (the patient's own). */
      gtk_button_set_label (self->retry_button, _("Read the card"));
    }
  else if (away)
    /* Translators: heading while the read waits for the card that slipped off the reader. */
    gtk_label_set_text (self->prompt_label, _("Put the card back on the reader"));
  else
    gtk_label_set_text (self->prompt_label, _("Hold the card against the reader"));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcCardPage *self = FC_CARD_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_read_card (self->controller);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcCardPage *self = FC_CARD_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_continue_without_card (self->controller);
}

static void
fc_card_page_dispose (GObject *object)
{
  FcCardPage *self = FC_CARD_PAGE (object);

  fc_widget_clear_controller (&self->controller, self);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_CARD_PAGE);

  G_OBJECT_CLASS (fc_card_page_parent_class)->dispose (object);
}

static void
fc_card_page_class_init (FcCardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_card_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-card-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FcCardPage, skip_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "card.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "card.skip", NULL, skip_action);
}

static void
fc_card_page_init (FcCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

void
fc_card_page_set_controller (FcCardPage   *self,
                             FcController *controller)
{
  g_return_if_fail (FC_IS_CARD_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::card-busy",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::card-error",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::card-notice",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::reader-status",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

GtkLabel *
fc_card_page_get_error_label (FcCardPage *self)
{
  g_return_val_if_fail (FC_IS_CARD_PAGE (self), NULL);
  return self->error_label;
}

GtkWidget *
fc_card_page_get_retry_button (FcCardPage *self)
{
  g_return_val_if_fail (FC_IS_CARD_PAGE (self), NULL);
  return GTK_WIDGET (self->retry_button);
}

GtkWidget *
fc_card_page_get_skip_button (FcCardPage *self)
{
  g_return_val_if_fail (FC_IS_CARD_PAGE (self), NULL);
  return GTK_WIDGET (self->skip_button);
}

GtkLabel *
fc_card_page_get_status_label (FcCardPage *self)
{
  g_return_val_if_fail (FC_IS_CARD_PAGE (self), NULL);
  return self->status_label;
}
