/* fc-pin-dialog.c: the card PIN typed on a large keypad and checked by the card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pin-dialog"

#include "config.h"

#include "fc-pin-dialog-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-ui-enums.h"

G_DEFINE_FINAL_TYPE (FcPinDialog, fc_pin_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_STATE,
  PROP_TRIES_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The template's children: bound by id, and found by name for tests (fc_pin_dialog_get_key(),
 * fc_pin_dialog_get_label()). */
#define CHILD(field, name) { #field, name, G_STRUCT_OFFSET (FcPinDialog, field) }
static const struct {
  const char *id;
  const char *name;  /* (nullable) */
  gsize       offset;
} children[] = {
  CHILD (key_0, "0"), CHILD (key_1, "1"), CHILD (key_2, "2"), CHILD (key_3, "3"),
  CHILD (key_4, "4"), CHILD (key_5, "5"), CHILD (key_6, "6"), CHILD (key_7, "7"),
  CHILD (key_8, "8"), CHILD (key_9, "9"),
  CHILD (key_back, "back"), CHILD (key_clear, "clear"), CHILD (key_ok, "OK"),
  CHILD (confirm_button, "confirm"), CHILD (back_button, "no-send"),
  CHILD (retry_button, "retry"), CHILD (key_cancel, "cancel"),
  CHILD (tries_label, "tries"), CHILD (last_try_label, "last-try"),
  CHILD (display_label, "display"), CHILD (message_label, "message"),
  CHILD (confirm_box, NULL), CHILD (keypad, NULL),
};
#undef CHILD

/* Forgets the typed digits so that no copy stays in memory (the compiler may not drop it). */
void
fc_pin_dialog_wipe_pin (FcPinDialog *self)
{
  explicit_bzero (self->pin, sizeof self->pin);
  self->pin_length = 0;
}

static gboolean
can_type (FcPinDialog *self)
{
  return self->state == FC_PIN_STATE_ENTRY || self->state == FC_PIN_STATE_WRONG;
}

void
fc_pin_dialog_set_message (FcPinDialog *self,
                           const char  *message,
                           const char  *css_class)
{
  static const char * const classes[] = { "inline-error", "success", "warning", NULL };

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
  for (guint i = 0; classes[i] != NULL; i++)
    {
      if (g_strcmp0 (classes[i], css_class) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->message_label), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), classes[i]);
    }
}

/* Shows the state: what the keys may do, the tries left, the dots. Messages are set by whoever
 * changed the state. */
static void
update (FcPinDialog *self)
{
  GString *dots = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  gboolean typing = can_type (self);
  gboolean finished = self->state == FC_PIN_STATE_VERIFIED || self->state == FC_PIN_STATE_BLOCKED;

  for (guint i = 0; i < self->pin_length; i++)
    g_string_append (dots, PIN_DOT);
  gtk_label_set_text (self->display_label, dots->len > 0 ? dots->str : "—");
  g_string_free (dots, TRUE);
  /* Translators: accessible description of the PIN display; it never says the digits. */
  accessible = g_strdup_printf (_("%u of %d digits typed"), self->pin_length, FC_PIN_LENGTH);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible, -1);

  if (self->tries_left > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: PIN tries the card still accepts (残り回数). */
      text = g_strdup_printf (ngettext ("%d try left", "%d tries left", self->tries_left),
                              self->tries_left);
      gtk_label_set_text (self->tries_label, text);
    }
  else if (self->tries_left == 0)
    /* Translators: no PIN tries left: the card is blocked (ロック). */
    gtk_label_set_text (self->tries_label, _("No tries left"));
  else
    gtk_label_set_text (self->tries_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->tries_label), self->tries_left >= 0);
  gtk_widget_set_visible (GTK_WIDGET (self->last_try_label),
                          self->tries_left == 1 && self->state != FC_PIN_STATE_VERIFIED &&
                          self->state != FC_PIN_STATE_CONFIRM_LAST);

  gtk_widget_set_visible (self->confirm_box, self->state == FC_PIN_STATE_CONFIRM_LAST);
  gtk_widget_set_visible (self->keypad, self->state != FC_PIN_STATE_CONFIRM_LAST && !finished);
  gtk_widget_set_visible (self->retry_button, self->state == FC_PIN_STATE_NO_CARD ||
                                              self->state == FC_PIN_STATE_ERROR);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.digit",
                                 typing && self->pin_length < FC_PIN_LENGTH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.backspace",
                                 typing && self->pin_length > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.clear", typing && self->pin_length > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.ok",
                                 typing && self->pin_length == FC_PIN_LENGTH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.confirm",
                                 self->state == FC_PIN_STATE_CONFIRM_LAST);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.back",
                                 self->state == FC_PIN_STATE_CONFIRM_LAST);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.retry",
                                 self->state == FC_PIN_STATE_NO_CARD ||
                                 self->state == FC_PIN_STATE_ERROR);

  gtk_button_set_label (GTK_BUTTON (self->key_cancel),
                        finished || self->state == FC_PIN_STATE_NO_CARD ||
                        self->state == FC_PIN_STATE_ERROR ?
                        /* Translators: leave the PIN dialog after its outcome. */
                        _("Close") : _("Cancel"));
}

void
fc_pin_dialog_set_state (FcPinDialog *self,
                         FcPinState   state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  update (self);
}

void
fc_pin_dialog_set_tries_left (FcPinDialog *self,
                              int          tries_left)
{
  if (self->tries_left == tries_left)
    return;
  self->tries_left = tries_left;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIES_LEFT]);
}

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);
  gint32 digit = g_variant_get_int32 (parameter);

  g_return_if_fail (digit >= 0 && digit <= 9);

  if (!can_type (self) || self->pin_length >= FC_PIN_LENGTH)
    return;
  self->pin[self->pin_length++] = (char) ('0' + digit);
  update (self);
}

static void
backspace_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  if (!can_type (self) || self->pin_length == 0)
    return;
  self->pin[--self->pin_length] = '\0';
  update (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  if (!can_type (self))
    return;
  fc_pin_dialog_wipe_pin (self);
  update (self);
}

static void
ok_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  if (!can_type (self) || self->pin_length != FC_PIN_LENGTH)
    return;
  if (self->tries_left == 1)
    {
      /* Nothing is sent until the person confirms. */
      fc_pin_dialog_set_message (self, NULL, NULL);
      fc_pin_dialog_set_state (self, FC_PIN_STATE_CONFIRM_LAST);
      return;
    }
  fc_pin_dialog_send_pin (self, FALSE);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  if (self->state != FC_PIN_STATE_CONFIRM_LAST || self->pin_length != FC_PIN_LENGTH)
    return;
  fc_pin_dialog_send_pin (self, TRUE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  if (self->state != FC_PIN_STATE_CONFIRM_LAST)
    return;
  /* Not sent: the digits are forgotten; the person types again if they want to. */
  fc_pin_dialog_wipe_pin (self);
  /* Translators: the last PIN try was not spent. */
  fc_pin_dialog_set_message (self, _("Not sent. The card still has one try."), NULL);
  fc_pin_dialog_set_state (self, FC_PIN_STATE_ENTRY);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fc_pin_dialog_start_check (FC_PIN_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcPinDialog *self = FC_PIN_DIALOG (widget);

  fc_pin_dialog_wipe_pin (self);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
fc_pin_dialog_close_request (GtkWindow *window)
{
  FcPinDialog *self = FC_PIN_DIALOG (window);

  fc_pin_dialog_wipe_pin (self);
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (fc_pin_dialog_parent_class)->close_request (window);
}

static void
fc_pin_dialog_constructed (GObject *object)
{
  FcPinDialog *self = FC_PIN_DIALOG (object);

  G_OBJECT_CLASS (fc_pin_dialog_parent_class)->constructed (object);
  fc_pin_dialog_start_check (self);
}

static void
fc_pin_dialog_dispose (GObject *object)
{
  FcPinDialog *self = FC_PIN_DIALOG (object);

  fc_pin_dialog_wipe_pin (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_PIN_DIALOG);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (fc_pin_dialog_parent_class)->dispose (object);
}

static void
fc_pin_dialog_finalize (GObject *object)
{
  FcPinDialog *self = FC_PIN_DIALOG (object);

  fc_pin_dialog_wipe_pin (self);

  G_OBJECT_CLASS (fc_pin_dialog_parent_class)->finalize (object);
}

static void
fc_pin_dialog_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcPinDialog *self = FC_PIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TRIES_LEFT:
      g_value_set_int (value, self->tries_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_pin_dialog_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcPinDialog *self = FC_PIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_pin_dialog_class_init (FcPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = fc_pin_dialog_constructed;
  object_class->dispose = fc_pin_dialog_dispose;
  object_class->finalize = fc_pin_dialog_finalize;
  object_class->get_property = fc_pin_dialog_get_property;
  object_class->set_property = fc_pin_dialog_set_property;
  window_class->close_request = fc_pin_dialog_close_request;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, FC_TYPE_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FC_TYPE_PIN_STATE, FC_PIN_STATE_CHECKING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIES_LEFT] =
    g_param_spec_int ("tries-left", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-pin-dialog.ui");
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i].id, FALSE,
                                               (gssize) children[i].offset);

  gtk_widget_class_install_action (widget_class, "pin.digit", "i", digit_action);
  gtk_widget_class_install_action (widget_class, "pin.backspace", NULL, backspace_action);
  gtk_widget_class_install_action (widget_class, "pin.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "pin.ok", NULL, ok_action);
  gtk_widget_class_install_action (widget_class, "pin.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "pin.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "pin.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "pin.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pin.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "pin.backspace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "pin.ok", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "pin.ok", NULL);
  for (int i = 0; i <= 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "pin.digit", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "pin.digit", "i", i);
    }
}

static void
fc_pin_dialog_init (FcPinDialog *self)
{
  self->state = FC_PIN_STATE_CHECKING;
  self->tries_left = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

FcPinDialog *
fc_pin_dialog_new (FcController *controller,
                   GtkWindow    *parent)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (controller), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (FC_TYPE_PIN_DIALOG,
                       "transient-for", parent,
                       "controller", controller,
                       NULL);
}

void
fc_pin_dialog_present (FcController *controller,
                       GtkWindow    *parent)
{
  FcPinDialog *dialog;

  g_return_if_fail (FC_IS_CONTROLLER (controller));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  /* The window list holds the dialog until it is closed (destroyed). */
  dialog = fc_pin_dialog_new (controller, parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

FcController *
fc_pin_dialog_get_controller (FcPinDialog *self)
{
  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), NULL);
  return self->controller;
}

FcPinState
fc_pin_dialog_get_state (FcPinDialog *self)
{
  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), FC_PIN_STATE_ERROR);
  return self->state;
}

int
fc_pin_dialog_get_tries_left (FcPinDialog *self)
{
  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), -1);
  return self->tries_left;
}

guint
fc_pin_dialog_get_length (FcPinDialog *self)
{
  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), 0);
  return self->pin_length;
}

/* The template child called @name in the table, or NULL. */
static GtkWidget *
find_child (FcPinDialog *self,
            const char  *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (g_strcmp0 (children[i].name, name) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, children[i].offset);
  return NULL;
}

GtkWidget *
fc_pin_dialog_get_key (FcPinDialog *self,
                       const char  *key)
{
  GtkWidget *child;

  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  child = find_child (self, key);
  return GTK_IS_BUTTON (child) ? child : NULL;
}

GtkLabel *
fc_pin_dialog_get_label (FcPinDialog *self,
                         const char  *name)
{
  GtkWidget *child;

  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = find_child (self, name);
  return GTK_IS_LABEL (child) ? GTK_LABEL (child) : NULL;
}

gboolean
fc_pin_dialog_is_wiped_for_testing (FcPinDialog *self)
{
  g_return_val_if_fail (FC_IS_PIN_DIALOG (self), FALSE);

  for (gsize i = 0; i < sizeof self->pin; i++)
    if (self->pin[i] != '\0')
      return FALSE;
  return self->pin_length == 0;
}
