/* fc-consent-page.c: three big consent choices.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-consent-page"

#include "config.h"

#include "fc-consent-page.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

struct _FcConsentPage
{
  GtkWidget     parent_instance;

  FcController *controller;   /* (owned) (nullable) */

  GtkButton    *given_button;
  GtkButton    *waived_button;
  GtkButton    *refused_button;
  GtkButton    *unconscious_button;
  GtkButton    *confused_button;
  GtkButton    *other_button;
  GtkRevealer  *reason_revealer;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (FcConsentPage, fc_consent_page, GTK_TYPE_WIDGET)

static void
show_error (FcConsentPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
record (FcConsentPage *self,
        FcConsent      consent,
        const char    *reason)
{
  g_autoptr(GError) error = NULL;

  if (self->controller == NULL)
    return;
  if (!fc_controller_record_consent (self->controller, consent, reason, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

static void
given_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  record (FC_CONSENT_PAGE (widget), FC_CONSENT_GIVEN, NULL);
}

static void
ask_reason_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcConsentPage *self = FC_CONSENT_PAGE (widget);

  gtk_revealer_set_reveal_child (self->reason_revealer, TRUE);
}

static void
waive_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  record (FC_CONSENT_PAGE (widget), FC_CONSENT_WAIVED_UNABLE,
          g_variant_get_string (parameter, NULL));
}

static void
refused_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  record (FC_CONSENT_PAGE (widget), FC_CONSENT_REFUSED, NULL);
}

static void
incident_changed_cb (FcConsentPage *self)
{
  /* A new incident starts with the choices closed and no old error. */
  gtk_revealer_set_reveal_child (self->reason_revealer, FALSE);
  show_error (self, NULL);
}

static void
fc_consent_page_dispose (GObject *object)
{
  FcConsentPage *self = FC_CONSENT_PAGE (object);

  fc_widget_clear_controller (&self->controller, self);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_CONSENT_PAGE);

  G_OBJECT_CLASS (fc_consent_page_parent_class)->dispose (object);
}

static void
fc_consent_page_class_init (FcConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_consent_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, given_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, waived_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, refused_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, unconscious_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, confused_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, other_button);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, reason_revealer);
  gtk_widget_class_bind_template_child (widget_class, FcConsentPage, error_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "consent.given", NULL, given_action);
  gtk_widget_class_install_action (widget_class, "consent.ask-reason", NULL, ask_reason_action);
  gtk_widget_class_install_action (widget_class, "consent.waive", "s", waive_action);
  gtk_widget_class_install_action (widget_class, "consent.refused", NULL, refused_action);
}

static void
fc_consent_page_init (FcConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fc_consent_page_set_controller (FcConsentPage *self,
                                FcController  *controller)
{
  g_return_if_fail (FC_IS_CONSENT_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_object (controller, "notify::incident",
                             G_CALLBACK (incident_changed_cb), self, G_CONNECT_SWAPPED);
  incident_changed_cb (self);
}

GtkWidget *
fc_consent_page_get_button (FcConsentPage *self,
                            const char    *choice)
{
  g_return_val_if_fail (FC_IS_CONSENT_PAGE (self), NULL);
  g_return_val_if_fail (choice != NULL, NULL);

  if (g_str_equal (choice, "given"))
    return GTK_WIDGET (self->given_button);
  if (g_str_equal (choice, "waived"))
    return GTK_WIDGET (self->waived_button);
  if (g_str_equal (choice, "refused"))
    return GTK_WIDGET (self->refused_button);
  if (g_str_equal (choice, "unconscious"))
    return GTK_WIDGET (self->unconscious_button);
  if (g_str_equal (choice, "confused"))
    return GTK_WIDGET (self->confused_button);
  if (g_str_equal (choice, "other"))
    return GTK_WIDGET (self->other_button);
  return NULL;
}

GtkLabel *
fc_consent_page_get_error_label (FcConsentPage *self)
{
  g_return_val_if_fail (FC_IS_CONSENT_PAGE (self), NULL);
  return self->error_label;
}
