/* fc-identity-block.c: the identity check on the summary page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-identity-block"

#include "config.h"

#include "fc-identity-block.h"

#include <glib/gi18n-lib.h>

#include "fc-pin-dialog.h"

struct _FcIdentityBlock
{
  GtkWidget         parent_instance;

  FcController     *controller;     /* (owned) (nullable) */
  FcIncident       *incident;       /* (owned) (nullable) */
  char             *identity_check; /* (owned): "" or "match" */
  GtkWindow        *confirm_dialog; /* (unowned) (nullable): weak pointer, "wrong person?" */

  GtkWidget        *box;
  GtkLabel         *sex_label;
  GtkLabel         *age_label;
  GtkWidget        *validity_row;
  GtkLabel         *validity_label;
  GtkBox           *button_box;
  GtkWidget        *wrong_person_button;
  GtkWidget        *check_pin_button;
};

G_DEFINE_FINAL_TYPE (FcIdentityBlock, fc_identity_block, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IDENTITY_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
sex_label (const char *sex)
{
  if (g_strcmp0 (sex, "male") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "female") == 0)
    return _("Female");
  if (g_strcmp0 (sex, "other") == 0)
    /* Translators: sex recorded as other. */
    return _("Other");
  return _("Not recorded");
}

/* "60s" → "60–69 years"; anything else as it is. */
static char *
age_band_label (const char *band)
{
  gint64 decade = 0;
  g_autofree char *number = NULL;

  if (band == NULL || g_str_equal (band, "unknown"))
    return g_strdup (_("Not recorded"));
  if (g_str_has_suffix (band, "s"))
    {
      number = g_strndup (band, strlen (band) - 1);
      if (g_ascii_string_to_signed (number, 10, 0, 150, &decade, NULL))
        /* Translators: an age band, e.g. "60–69 years" (60代). */
        return g_strdup_printf (_("%d–%d years"), (int) decade, (int) decade + 9);
    }
  return g_strdup (band);
}

static void
update_validity (FcIdentityBlock *self)
{
  FcCardIdentity *identity = self->incident != NULL ? fc_incident_get_identity (self->incident) : NULL;
  GDateTime *not_after = identity != NULL ? fc_card_identity_get_not_after (identity) : NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->validity_row, not_after != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->validity_label), "error");
  if (not_after == NULL)
    {
      gtk_label_set_text (self->validity_label, "");
      return;
    }
  date = g_date_time_format (not_after, "%Y-%m-%d");
  if (fc_card_identity_is_expired (identity, NULL))
    {
      /* Translators: an expired card certificate, stated neutrally: the record is still usable
       * (証明書の有効期限切れ（YYYY-MM-DD）); %s is the date. */
      text = g_strdup_printf (_("Certificate expired (%s)"), date);
      gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "error");
    }
  else
    /* Translators: the card certificate's validity (有効期限 YYYY-MM-DD); %s is the date. */
    text = g_strdup_printf (_("Valid until %s"), date);
  gtk_label_set_text (self->validity_label, text);
}

/* The PIN check needs the card that was read for this patient and a way to reach it. */
static void
update_check_pin (FcIdentityBlock *self)
{
  gtk_widget_set_visible (self->check_pin_button,
                          self->incident != NULL &&
                          fc_incident_get_identity (self->incident) != NULL &&
                          self->controller != NULL &&
                          fc_controller_get_card_transport (self->controller) != NULL);
}

/* The card was read (or forgotten): its validity and the PIN check. */
static void
update_identity (FcIdentityBlock *self)
{
  update_validity (self);
  update_check_pin (self);
}

static void
update_summary (FcIdentityBlock *self)
{
  FcSummary *summary = self->incident != NULL ? fc_incident_get_summary (self->incident) : NULL;
  g_autofree char *age = NULL;

  gtk_widget_set_visible (self->box, summary != NULL);
  if (summary == NULL)
    {
      gtk_label_set_text (self->sex_label, "");
      gtk_label_set_text (self->age_label, "");
      return;
    }
  age = age_band_label (fc_summary_get_age_band (summary));
  gtk_label_set_text (self->sex_label, sex_label (fc_summary_get_sex (summary)));
  gtk_label_set_text (self->age_label, age);
}

static void
set_identity_check (FcIdentityBlock *self,
                    const char      *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (self->identity_check, value) == 0)
    return;
  g_free (self->identity_check);
  self->identity_check = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY_CHECK]);
}

static void
set_incident (FcIdentityBlock *self,
              FcIncident      *incident)
{
  if (self->incident == incident)
    return;

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (self->confirm_dialog);
  g_set_object (&self->incident, incident);
  if (incident != NULL)
    {
      g_signal_connect_object (incident, "notify::summary",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (incident, "notify::identity",
                               G_CALLBACK (update_identity), self, G_CONNECT_SWAPPED);
    }
  set_identity_check (self, "");
  update_summary (self);
  update_identity (self);
}

static void
incident_changed_cb (FcIdentityBlock *self)
{
  set_incident (self, self->controller != NULL ?
                      fc_controller_get_incident (self->controller) : NULL);
}

static void
wrong_person_response_cb (FcIdentityBlock *self,
                          const char      *response)
{
  if (g_strcmp0 (response, "wrong-person") == 0 && self->controller != NULL)
    fc_controller_wrong_person (self->controller);
}

/* "Wrong person" removes the record: ask once, plainly, with the safe answer as default. */
static void
wrong_person_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (self->controller == NULL || self->incident == NULL ||
      fc_incident_get_summary (self->incident) == NULL)
    return;
  if (self->confirm_dialog != NULL)
    {
      gtk_window_present (self->confirm_dialog);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       /* Translators: heading of the "wrong person" confirmation (別人ですか). */
                                                       _("Not this patient's record?"),
                                                       _("The record and its warnings leave the screen and this tablet at once. Then read the patient's own card, or go on without a record.")));
  adw_message_dialog_add_responses (dialog,
                                    /* Translators: keep the record on screen. */
                                    "cancel", _("Keep the record"),
                                    /* Translators: confirm that the record is someone else's (別人). */
                                    "wrong-person", _("Wrong person: remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "wrong-person", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (wrong_person_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->confirm_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->confirm_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The optional PIN check: the card holder types the PIN on the tablet (FcPinDialog asks the
 * card for the tries left first, and asks again before the last try). */
static void
check_pin_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->controller == NULL || self->incident == NULL ||
      fc_incident_get_identity (self->incident) == NULL)
    return;
  fc_pin_dialog_present (self->controller, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
fc_identity_block_dispose (GObject *object)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (object);

  if (self->confirm_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->confirm_dialog), (gpointer *) &self->confirm_dialog);
      gtk_window_destroy (self->confirm_dialog);
      self->confirm_dialog = NULL;
    }
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  g_clear_object (&self->incident);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_IDENTITY_BLOCK);

  G_OBJECT_CLASS (fc_identity_block_parent_class)->dispose (object);
}

static void
fc_identity_block_finalize (GObject *object)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (object);

  g_free (self->identity_check);

  G_OBJECT_CLASS (fc_identity_block_parent_class)->finalize (object);
}

static void
fc_identity_block_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (object);

  switch (prop_id)
    {
    case PROP_IDENTITY_CHECK:
      g_value_set_string (value, self->identity_check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_identity_block_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcIdentityBlock *self = FC_IDENTITY_BLOCK (object);

  switch (prop_id)
    {
    case PROP_IDENTITY_CHECK:
      set_identity_check (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_identity_block_class_init (FcIdentityBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_identity_block_dispose;
  object_class->finalize = fc_identity_block_finalize;
  object_class->get_property = fc_identity_block_get_property;
  object_class->set_property = fc_identity_block_set_property;

  properties[PROP_IDENTITY_CHECK] =
    g_param_spec_string ("identity-check", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-identity-block.ui");
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, box);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, sex_label);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, age_label);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, validity_row);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, validity_label);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, button_box);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, wrong_person_button);
  gtk_widget_class_bind_template_child (widget_class, FcIdentityBlock, check_pin_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_property_action (widget_class, "identity.check", "identity-check");
  gtk_widget_class_install_action (widget_class, "identity.wrong-person", NULL, wrong_person_action);
  gtk_widget_class_install_action (widget_class, "identity.check-pin", NULL, check_pin_action);
}

static void
fc_identity_block_init (FcIdentityBlock *self)
{
  self->identity_check = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
  update_summary (self);
}

FcIdentityBlock *
fc_identity_block_new (void)
{
  return g_object_new (FC_TYPE_IDENTITY_BLOCK, NULL);
}

void
fc_identity_block_set_controller (FcIdentityBlock *self,
                                  FcController    *controller)
{
  g_return_if_fail (FC_IS_IDENTITY_BLOCK (self));
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

const char *
fc_identity_block_get_identity_check (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->identity_check;
}

GtkBox *
fc_identity_block_get_button_box (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->button_box;
}

GtkLabel *
fc_identity_block_get_validity_label (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->validity_label;
}

GtkWidget *
fc_identity_block_get_check_pin_button (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->check_pin_button;
}

GtkWidget *
fc_identity_block_get_wrong_person_button (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->wrong_person_button;
}

AdwMessageDialog *
fc_identity_block_get_wrong_person_dialog (FcIdentityBlock *self)
{
  g_return_val_if_fail (FC_IS_IDENTITY_BLOCK (self), NULL);
  return self->confirm_dialog != NULL ? ADW_MESSAGE_DIALOG (self->confirm_dialog) : NULL;
}
