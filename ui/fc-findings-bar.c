/* fc-findings-bar.c: the crew's findings above the record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-findings-bar"

#include "config.h"

#include "fc-findings-bar.h"

#include <glib/gi18n-lib.h>

struct _FcFindingsBar
{
  GtkWidget        parent_instance;

  FcFindings      *findings;   /* (owned) (nullable) */
  FcGlucoseDialog *dialog;     /* (unowned) (nullable): weak pointer */

  GtkWidget       *box;
  GtkButton       *glucose_button;
  GtkLabel        *glucose_value_label;
  GtkToggleButton *impaired_button;
  GtkToggleButton *alert_button;
};

G_DEFINE_FINAL_TYPE (FcFindingsBar, fc_findings_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONSCIOUSNESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
consciousness_to_string (FcConsciousness consciousness)
{
  switch (consciousness)
    {
    case FC_CONSCIOUSNESS_ALERT:
      return "alert";
    case FC_CONSCIOUSNESS_IMPAIRED:
      return "impaired";
    case FC_CONSCIOUSNESS_UNKNOWN:
    default:
      return "unknown";
    }
}

static void
update_findings (FcFindingsBar *self)
{
  g_autofree char *text = NULL;

  if (self->findings == NULL)
    {
      gtk_label_set_text (self->glucose_value_label, "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSCIOUSNESS]);
      return;
    }

  switch (fc_findings_get_glucose_state (self->findings))
    {
    case FC_GLUCOSE_VALUE:
      /* Translators: measured blood glucose on the findings button. */
      text = g_strdup_printf (_("%d mg/dL"), fc_findings_get_glucose_mg_dl (self->findings));
      break;
    case FC_GLUCOSE_LO:
      text = g_strdup (_("LO (below the meter's range)"));
      break;
    case FC_GLUCOSE_HI:
      text = g_strdup (_("HI (above the meter's range)"));
      break;
    case FC_GLUCOSE_NOT_MEASURED:
    default:
      /* Translators: blood glucose not measured yet (未測定). */
      text = g_strdup (_("Not measured"));
      break;
    }
  gtk_label_set_text (self->glucose_value_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSCIOUSNESS]);
}

static void
set_consciousness (FcFindingsBar *self,
                   const char    *value)
{
  FcConsciousness consciousness = FC_CONSCIOUSNESS_UNKNOWN;

  if (self->findings == NULL || value == NULL)
    return;
  if (g_str_equal (value, "impaired"))
    consciousness = FC_CONSCIOUSNESS_IMPAIRED;
  else if (g_str_equal (value, "alert"))
    consciousness = FC_CONSCIOUSNESS_ALERT;
  if (fc_findings_get_consciousness (self->findings) == consciousness)
    return;
  /* The incident re-evaluates the rules; the findings' "changed" notifies the property. */
  fc_findings_set_consciousness (self->findings, consciousness);
}

static void
glucose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcFindingsBar *self = FC_FINDINGS_BAR (widget);
  GtkRoot *root;

  if (self->findings == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  root = gtk_widget_get_root (widget);
  self->dialog = fc_glucose_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->findings);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
fc_findings_bar_dispose (GObject *object)
{
  FcFindingsBar *self = FC_FINDINGS_BAR (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  if (self->findings != NULL)
    g_signal_handlers_disconnect_by_data (self->findings, self);
  g_clear_object (&self->findings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FINDINGS_BAR);

  G_OBJECT_CLASS (fc_findings_bar_parent_class)->dispose (object);
}

static void
fc_findings_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcFindingsBar *self = FC_FINDINGS_BAR (object);

  switch (prop_id)
    {
    case PROP_CONSCIOUSNESS:
      g_value_set_string (value, self->findings != NULL ?
                          consciousness_to_string (fc_findings_get_consciousness (self->findings)) :
                          "unknown");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_findings_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcFindingsBar *self = FC_FINDINGS_BAR (object);

  switch (prop_id)
    {
    case PROP_CONSCIOUSNESS:
      set_consciousness (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_findings_bar_class_init (FcFindingsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_findings_bar_dispose;
  object_class->get_property = fc_findings_bar_get_property;
  object_class->set_property = fc_findings_bar_set_property;

  properties[PROP_CONSCIOUSNESS] =
    g_param_spec_string ("consciousness", NULL, NULL, "unknown",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-findings-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FcFindingsBar, box);
  gtk_widget_class_bind_template_child (widget_class, FcFindingsBar, glucose_button);
  gtk_widget_class_bind_template_child (widget_class, FcFindingsBar, glucose_value_label);
  gtk_widget_class_bind_template_child (widget_class, FcFindingsBar, impaired_button);
  gtk_widget_class_bind_template_child (widget_class, FcFindingsBar, alert_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "findings.glucose", NULL, glucose_action);
  gtk_widget_class_install_property_action (widget_class, "findings.consciousness", "consciousness");
}

static void
fc_findings_bar_init (FcFindingsBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_findings (self);
}

FcFindingsBar *
fc_findings_bar_new (void)
{
  return g_object_new (FC_TYPE_FINDINGS_BAR, NULL);
}

void
fc_findings_bar_set_findings (FcFindingsBar *self,
                              FcFindings    *findings)
{
  g_return_if_fail (FC_IS_FINDINGS_BAR (self));
  g_return_if_fail (findings == NULL || FC_IS_FINDINGS (findings));

  if (self->findings == findings)
    return;
  if (self->findings != NULL)
    g_signal_handlers_disconnect_by_data (self->findings, self);
  /* The keypad belongs to the findings it writes to. */
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_set_object (&self->findings, findings);
  if (findings != NULL)
    g_signal_connect_object (findings, "changed",
                             G_CALLBACK (update_findings), self, G_CONNECT_SWAPPED);
  update_findings (self);
}

GtkWidget *
fc_findings_bar_get_glucose_button (FcFindingsBar *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS_BAR (self), NULL);
  return GTK_WIDGET (self->glucose_button);
}

GtkWidget *
fc_findings_bar_get_consciousness_button (FcFindingsBar *self,
                                          const char    *value)
{
  g_return_val_if_fail (FC_IS_FINDINGS_BAR (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (g_str_equal (value, "impaired"))
    return GTK_WIDGET (self->impaired_button);
  if (g_str_equal (value, "alert"))
    return GTK_WIDGET (self->alert_button);
  return NULL;
}

FcGlucoseDialog *
fc_findings_bar_get_glucose_dialog (FcFindingsBar *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS_BAR (self), NULL);
  return self->dialog;
}
