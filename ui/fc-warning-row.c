/* fc-warning-row.c: one decision-support warning as a tappable card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-warning-row"

#include "config.h"

#include "fc-warning-row.h"

#include <glib/gi18n-lib.h>

struct _FcWarningRow
{
  GtkListBoxRow  parent_instance;

  FcWarning     *warning;   /* (owned) */

  GtkWidget     *stripe;
  GtkImage      *severity_icon;
  GtkLabel      *severity_label;
  GtkLabel      *inferred_badge;
  GtkLabel      *rule_label;
  GtkLabel      *message_label;
  GtkLabel      *ack_label;
};

G_DEFINE_FINAL_TYPE (FcWarningRow, fc_warning_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_acknowledged (FcWarningRow *self)
{
  gboolean ack = fc_warning_get_acknowledged (self->warning);

  if (ack)
    {
      /* Translators: shown on a warning after the crew tapped it. */
      gtk_label_set_text (self->ack_label, _("✓ Checked"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "acknowledged");
    }
  else
    {
      /* Translators: hint on a warning card; no hover, so say it. */
      gtk_label_set_text (self->ack_label, _("Tap when checked"));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "acknowledged");
    }
}

static void
fc_warning_row_constructed (GObject *object)
{
  FcWarningRow *self = FC_WARNING_ROW (object);
  const char *icon = "dialog-information-symbolic";
  const char *css = "info";
  const char *label = NULL;

  G_OBJECT_CLASS (fc_warning_row_parent_class)->constructed (object);

  g_assert (FC_IS_WARNING (self->warning));

  switch (fc_warning_get_severity (self->warning))
    {
    case FC_SEVERITY_CRITICAL:
      icon = "dialog-error-symbolic";
      css = "critical";
      /* Translators: severity of a warning (重要). */
      label = _("Critical");
      break;
    case FC_SEVERITY_CAUTION:
      icon = "dialog-warning-symbolic";
      css = "caution";
      /* Translators: severity of a warning (注意). */
      label = _("Caution");
      break;
    case FC_SEVERITY_INFO:
    default:
      /* Translators: severity of a warning (情報). */
      label = _("Info");
      break;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self), css);
  gtk_image_set_from_icon_name (self->severity_icon, icon);
  gtk_label_set_text (self->severity_label, label);
  gtk_label_set_text (self->rule_label, fc_warning_get_rule_id (self->warning));
  gtk_label_set_text (self->message_label, fc_warning_get_message (self->warning));
  gtk_widget_set_visible (GTK_WIDGET (self->inferred_badge),
                          fc_warning_get_inferred (self->warning));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s",
                                    fc_warning_get_rule_id (self->warning));

  g_signal_connect_object (self->warning, "notify::acknowledged",
                           G_CALLBACK (update_acknowledged), self, G_CONNECT_SWAPPED);
  update_acknowledged (self);
}

static void
fc_warning_row_dispose (GObject *object)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WARNING_ROW);
  g_clear_object (&self->warning);

  G_OBJECT_CLASS (fc_warning_row_parent_class)->dispose (object);
}

static void
fc_warning_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  switch (prop_id)
    {
    case PROP_WARNING:
      g_value_set_object (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  switch (prop_id)
    {
    case PROP_WARNING:
      self->warning = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_row_class_init (FcWarningRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_warning_row_constructed;
  object_class->dispose = fc_warning_row_dispose;
  object_class->get_property = fc_warning_row_get_property;
  object_class->set_property = fc_warning_row_set_property;

  properties[PROP_WARNING] =
    g_param_spec_object ("warning", NULL, NULL, FC_TYPE_WARNING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-warning-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, stripe);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, severity_icon);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, inferred_badge);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, rule_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, ack_label);
}

static void
fc_warning_row_init (FcWarningRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fc_warning_row_new (FcWarning  *warning,
                    const char *action_name)
{
  g_return_val_if_fail (FC_IS_WARNING (warning), NULL);

  return g_object_new (FC_TYPE_WARNING_ROW,
                       "warning", warning,
                       "action-name", action_name,
                       NULL);
}

FcWarning *
fc_warning_row_get_warning (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return self->warning;
}

GtkLabel *
fc_warning_row_get_message_label (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return self->message_label;
}

GtkWidget *
fc_warning_row_get_inferred_badge (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return GTK_WIDGET (self->inferred_badge);
}
