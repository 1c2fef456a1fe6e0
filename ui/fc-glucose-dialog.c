/* fc-glucose-dialog.c: a large numeric keypad for a measured blood glucose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-glucose-dialog"

#include "config.h"

#include "fc-glucose-dialog.h"

#include <glib/gi18n-lib.h>

#define MAX_DIGITS 3

struct _FcGlucoseDialog
{
  AdwWindow       parent_instance;

  FcFindings     *findings;   /* (owned) */
  GString        *digits;     /* (owned) */
  FcGlucoseState  mode;       /* VALUE while typing digits, or LO / HI */
  char           *text;       /* (owned): what the display shows */

  GtkLabel       *display_label;
  GtkLabel       *message_label;
  GtkWidget      *key_0, *key_1, *key_2, *key_3, *key_4, *key_5, *key_6, *key_7, *key_8, *key_9;
  GtkWidget      *key_lo;
  GtkWidget      *key_hi;
  GtkWidget      *key_back;
  GtkWidget      *key_ok;
  GtkWidget      *key_cancel;
};

G_DEFINE_FINAL_TYPE (FcGlucoseDialog, fc_glucose_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FINDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The typed number, or -1 when nothing was typed. */
static int
typed_value (FcGlucoseDialog *self)
{
  gint64 value = -1;

  if (self->digits->len == 0)
    return -1;
  if (!g_ascii_string_to_signed (self->digits->str, 10, 0, 999, &value, NULL))
    return -1;
  return (int) value;
}

static void
update (FcGlucoseDialog *self)
{
  int value = typed_value (self);
  gboolean valid = FALSE;
  gboolean out_of_range = FALSE;

  switch (self->mode)
    {
    case FC_GLUCOSE_LO:
      g_free (self->text);
      self->text = g_strdup (_("LO"));
      valid = TRUE;
      break;
    case FC_GLUCOSE_HI:
      g_free (self->text);
      self->text = g_strdup (_("HI"));
      valid = TRUE;
      break;
    case FC_GLUCOSE_VALUE:
    case FC_GLUCOSE_NOT_MEASURED:
    default:
      g_free (self->text);
      self->text = g_strdup (self->digits->str);
      valid = value >= FC_GLUCOSE_MIN_MG_DL && value <= FC_GLUCOSE_MAX_MG_DL;
      /* Below 10 the crew may still be typing; above 600 more digits cannot help. */
      out_of_range = value > FC_GLUCOSE_MAX_MG_DL;
      break;
    }

  gtk_label_set_text (self->display_label, self->text[0] != '\0' ? self->text : "—");

  if (out_of_range)
    {
      g_autofree char *message = NULL;

      /* Translators: %d is the typed value; the range is 10–600 mg/dL. */
      message = g_strdup_printf (_("%d mg/dL is outside the range 10–600. Check the value; if the meter shows HI, press HI."),
                                 value);
      gtk_label_set_text (self->message_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "inline-error");
    }
  else
    {
      gtk_label_set_text (self->message_label,
                          _("Valid range 10–600 mg/dL. If the meter shows LO or HI, press that key."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "inline-error");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keypad.ok", valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keypad.backspace",
                                 self->digits->len > 0 || self->mode != FC_GLUCOSE_VALUE);
}

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (widget);
  gint32 digit = g_variant_get_int32 (parameter);

  g_return_if_fail (digit >= 0 && digit <= 9);

  if (self->mode != FC_GLUCOSE_VALUE)
    {
      self->mode = FC_GLUCOSE_VALUE;
      g_string_truncate (self->digits, 0);
    }
  if (self->digits->len >= MAX_DIGITS)
    return;
  if (self->digits->len == 0 && digit == 0)
    return; /* no leading zeros */
  g_string_append_c (self->digits, (char) ('0' + digit));
  update (self);
}

static void
backspace_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (widget);

  if (self->mode != FC_GLUCOSE_VALUE)
    self->mode = FC_GLUCOSE_VALUE;
  else if (self->digits->len > 0)
    g_string_truncate (self->digits, self->digits->len - 1);
  update (self);
}

static void
lo_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (widget);

  self->mode = FC_GLUCOSE_LO;
  g_string_truncate (self->digits, 0);
  update (self);
}

static void
hi_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (widget);

  self->mode = FC_GLUCOSE_HI;
  g_string_truncate (self->digits, 0);
  update (self);
}

static void
ok_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->mode == FC_GLUCOSE_LO || self->mode == FC_GLUCOSE_HI)
    fc_findings_set_glucose_state (self->findings, self->mode);
  else if (!fc_findings_set_glucose_mg_dl (self->findings, typed_value (self), &error))
    {
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "inline-error");
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
fc_glucose_dialog_dispose (GObject *object)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_GLUCOSE_DIALOG);
  g_clear_object (&self->findings);

  G_OBJECT_CLASS (fc_glucose_dialog_parent_class)->dispose (object);
}

static void
fc_glucose_dialog_finalize (GObject *object)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (object);

  g_string_free (self->digits, TRUE);
  g_free (self->text);

  G_OBJECT_CLASS (fc_glucose_dialog_parent_class)->finalize (object);
}

static void
fc_glucose_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FINDINGS:
      g_value_set_object (value, self->findings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_glucose_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcGlucoseDialog *self = FC_GLUCOSE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FINDINGS:
      self->findings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_glucose_dialog_class_init (FcGlucoseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_glucose_dialog_dispose;
  object_class->finalize = fc_glucose_dialog_finalize;
  object_class->get_property = fc_glucose_dialog_get_property;
  object_class->set_property = fc_glucose_dialog_set_property;

  properties[PROP_FINDINGS] =
    g_param_spec_object ("findings", NULL, NULL, FC_TYPE_FINDINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-glucose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, display_label);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_0);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_1);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_2);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_3);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_4);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_5);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_6);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_7);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_8);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_9);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_lo);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_hi);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_back);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_ok);
  gtk_widget_class_bind_template_child (widget_class, FcGlucoseDialog, key_cancel);

  gtk_widget_class_install_action (widget_class, "keypad.digit", "i", digit_action);
  gtk_widget_class_install_action (widget_class, "keypad.backspace", NULL, backspace_action);
  gtk_widget_class_install_action (widget_class, "keypad.lo", NULL, lo_action);
  gtk_widget_class_install_action (widget_class, "keypad.hi", NULL, hi_action);
  gtk_widget_class_install_action (widget_class, "keypad.ok", NULL, ok_action);
  gtk_widget_class_install_action (widget_class, "keypad.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "keypad.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "keypad.backspace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "keypad.ok", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "keypad.ok", NULL);
  for (int i = 0; i <= 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "keypad.digit", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "keypad.digit", "i", i);
    }
}

static void
fc_glucose_dialog_init (FcGlucoseDialog *self)
{
  self->digits = g_string_new (NULL);
  self->text = g_strdup ("");
  self->mode = FC_GLUCOSE_VALUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

FcGlucoseDialog *
fc_glucose_dialog_new (GtkWindow  *parent,
                       FcFindings *findings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FC_IS_FINDINGS (findings), NULL);

  return g_object_new (FC_TYPE_GLUCOSE_DIALOG,
                       "transient-for", parent,
                       "findings", findings,
                       NULL);
}

FcFindings *
fc_glucose_dialog_get_findings (FcGlucoseDialog *self)
{
  g_return_val_if_fail (FC_IS_GLUCOSE_DIALOG (self), NULL);
  return self->findings;
}

GtkWidget *
fc_glucose_dialog_get_key (FcGlucoseDialog *self,
                           const char      *key)
{
  GtkWidget *digits[10];

  g_return_val_if_fail (FC_IS_GLUCOSE_DIALOG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  digits[0] = self->key_0; digits[1] = self->key_1; digits[2] = self->key_2;
  digits[3] = self->key_3; digits[4] = self->key_4; digits[5] = self->key_5;
  digits[6] = self->key_6; digits[7] = self->key_7; digits[8] = self->key_8;
  digits[9] = self->key_9;

  if (key[0] >= '0' && key[0] <= '9' && key[1] == '\0')
    return digits[key[0] - '0'];
  if (g_str_equal (key, "back"))
    return self->key_back;
  if (g_str_equal (key, "LO"))
    return self->key_lo;
  if (g_str_equal (key, "HI"))
    return self->key_hi;
  if (g_str_equal (key, "OK"))
    return self->key_ok;
  if (g_str_equal (key, "cancel"))
    return self->key_cancel;
  return NULL;
}

const char *
fc_glucose_dialog_get_text (FcGlucoseDialog *self)
{
  g_return_val_if_fail (FC_IS_GLUCOSE_DIALOG (self), NULL);
  return self->text;
}

GtkLabel *
fc_glucose_dialog_get_message_label (FcGlucoseDialog *self)
{
  g_return_val_if_fail (FC_IS_GLUCOSE_DIALOG (self), NULL);
  return self->message_label;
}
