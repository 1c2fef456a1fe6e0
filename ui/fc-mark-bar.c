/* fc-mark-bar.c: the time-mark bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-mark-bar"

#include "config.h"

#include "fc-mark-bar.h"
#include "fc-widget-util.h"

#include <glib/gi18n-lib.h>

#include "fc-event-label.h"

#define N_POINTS 10

typedef struct
{
  const char *kind;     /* (unowned): a static kind string */
  GtkWidget  *button;   /* (unowned) */
  GtkLabel   *time;     /* (unowned) */
} Point;

struct _FcMarkBar
{
  GtkWidget     parent_instance;

  FcController *controller;      /* (owned) (nullable) */
  GtkWindow    *outcome_dialog;  /* (unowned) (nullable): weak pointer */
  Point         points[N_POINTS];

  GtkWidget    *next_button;
  GtkLabel     *next_caption;
  GtkLabel     *next_label;
  GtkLabel     *last_label;
  GtkWidget    *more_button;
  GtkPopover   *more_popover;
  GtkGrid      *more_grid;
  GtkWidget    *call_button;
  GtkLabel     *call_label;
  GtkLabel     *call_count_label;
  GtkWidget    *timeline_button;
};

G_DEFINE_FINAL_TYPE (FcMarkBar, fc_mark_bar, GTK_TYPE_WIDGET)

static gboolean
incident_open (FcMarkBar *self)
{
  FcFlowStep step;

  if (self->controller == NULL || fc_controller_get_incident (self->controller) == NULL)
    return FALSE;
  step = fc_controller_get_step (self->controller);
  return step != FC_FLOW_START && step != FC_FLOW_DONE;
}

static void
update (FcMarkBar *self)
{
  gboolean open = incident_open (self);
  const char *next = open ? fc_controller_get_next_mark (self->controller) : NULL;
  gboolean call_active = open && fc_controller_get_hospital_call_active (self->controller);
  guint calls = self->controller != NULL ? fc_controller_get_hospital_calls (self->controller) : 0;
  g_autofree char *last = NULL;
  g_autofree char *count = NULL;

  if (self->more_grid == NULL)
    return; /* disposing */

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "marks.mark", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "marks.hospital-call", open);
  gtk_widget_set_sensitive (self->more_button, open);

  /* The next point, and the furthest one recorded so far. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->next_button), "s", next != NULL ? next : "");
  gtk_widget_set_sensitive (self->next_button, next != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->next_caption), next != NULL);
  if (next != NULL)
    gtk_label_set_text (self->next_label, fc_event_time_point_label (next));
  else if (open)
    /* Translators: the next-mark button when every time point is recorded. */
    gtk_label_set_text (self->next_label, _("All times recorded"));
  else
    /* Translators: the next-mark button when no incident is open. */
    gtk_label_set_text (self->next_label, _("No open incident"));

  for (guint i = 0; i < N_POINTS; i++)
    {
      g_autofree char *time = open ? fc_controller_dup_mark_time (self->controller,
                                                                  self->points[i].kind) : NULL;

      gtk_label_set_text (self->points[i].time, time != NULL ? time : "—");
      if (time != NULL)
        {
          gtk_widget_add_css_class (self->points[i].button, "marked");
          g_free (last);
          /* Translators: under the next-mark button: the last point recorded and its time. */
          last = g_strdup_printf (_("Last: %s %s"), fc_event_time_point_label (self->points[i].kind),
                                  time);
        }
      else
        gtk_widget_remove_css_class (self->points[i].button, "marked");
    }
  gtk_label_set_text (self->last_label, last != NULL ? last : "");
  gtk_widget_set_visible (GTK_WIDGET (self->last_label), last != NULL);

  /* The hospital call toggles; the running count is always in view. */
  if (call_active)
    {
      /* Translators: the hospital-call button during a call; %u is the call's number. */
      g_autofree char *label = g_strdup_printf (_("End call %u"), calls);

      gtk_label_set_text (self->call_label, label);
      /* Translators: under the hospital-call button during a call. */
      count = g_strdup (_("On the phone…"));
      gtk_widget_add_css_class (self->call_button, "call-active");
    }
  else
    {
      /* Translators: the hospital-call button (病院照会). Keep it short. */
      gtk_label_set_text (self->call_label, _("Hospital call"));
      count = calls == 0 ?
              /* Translators: under the hospital-call button before any call. */
              g_strdup (_("No calls yet")) :
              /* Translators: under the hospital-call button: how many calls so far (照会 N 回). */
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", calls), calls);
      gtk_widget_remove_css_class (self->call_button, "call-active");
    }
  gtk_label_set_text (self->call_count_label, count);
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcMarkBar *self = FC_MARK_BAR (widget);
  /* A copy: marking changes the next button's target, which frees @parameter. */
  g_autofree char *kind = g_variant_dup_string (parameter, NULL);

  if (self->controller == NULL || *kind == '\0')
    return;
  if (fc_event_time_point_label (kind) == NULL)
    {
      g_warning ("Unknown time mark “%s”", kind);
      return;
    }
  /* The controller says "On scene recorded at 10:42:13" in a toast. */
  g_free (fc_controller_mark (self->controller, kind));
  gtk_popover_popdown (self->more_popover);
}

static void
outcome_response_cb (FcMarkBar  *self,
                     const char *response)
{
  if (self->controller == NULL)
    return;
  if (g_strcmp0 (response, "accepted") == 0)
    fc_controller_hospital_call_end (self->controller, TRUE);
  else if (g_strcmp0 (response, "declined") == 0)
    fc_controller_hospital_call_end (self->controller, FALSE);
}

static void
hospital_call_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcMarkBar *self = FC_MARK_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  guint n;

  if (self->controller == NULL)
    return;
  if (!fc_controller_get_hospital_call_active (self->controller))
    {
      fc_controller_hospital_call_start (self->controller);
      return;
    }
  if (self->outcome_dialog != NULL)
    {
      gtk_window_present (self->outcome_dialog);
      return;
    }

  n = fc_controller_get_hospital_calls (self->controller);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       NULL, NULL));
  /* Translators: heading when a hospital call ends; %u is the call's number (照会 N 回目). */
  adw_message_dialog_format_heading (dialog, _("Call %u: did the hospital accept?"), n);
  adw_message_dialog_set_body (dialog, _("The answer is logged with the time. Tap Cancel if the call is still going on."));
  adw_message_dialog_add_responses (dialog,
                                    /* Translators: the hospital call is not over yet. */
                                    "cancel", _("Cancel"),
                                    /* Translators: the hospital declined the patient (受入不可). */
                                    "declined", _("Declined"),
                                    /* Translators: the hospital accepted the patient (受入可). */
                                    "accepted", _("Accepted"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "accepted", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (outcome_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->outcome_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->outcome_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fc_mark_bar_dispose (GObject *object)
{
  FcMarkBar *self = FC_MARK_BAR (object);

  if (self->outcome_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->outcome_dialog), (gpointer *) &self->outcome_dialog);
      gtk_window_destroy (self->outcome_dialog);
      self->outcome_dialog = NULL;
    }
  fc_widget_clear_controller (&self->controller, self);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_MARK_BAR);

  G_OBJECT_CLASS (fc_mark_bar_parent_class)->dispose (object);
}

static void
fc_mark_bar_class_init (FcMarkBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_mark_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-mark-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, next_caption);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, next_label);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, last_label);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, more_button);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, more_popover);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, more_grid);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, call_button);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, call_label);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, call_count_label);
  gtk_widget_class_bind_template_child (widget_class, FcMarkBar, timeline_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "marks.mark", "s", mark_action);
  gtk_widget_class_install_action (widget_class, "marks.hospital-call", NULL, hospital_call_action);
}

static void
fc_mark_bar_init (FcMarkBar *self)
{
  const char * const *kinds = fc_event_get_time_points ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_POINTS; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title = gtk_label_new (fc_event_time_point_label (kinds[i]));
      GtkWidget *time = gtk_label_new ("—");

      g_assert (kinds[i] != NULL);
      gtk_widget_add_css_class (title, "mark-title");
      gtk_widget_add_css_class (time, "mark-time");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), time);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "mark-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "marks.mark");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", kinds[i]);
      gtk_grid_attach (self->more_grid, button, i % 2, i / 2, 1, 1);

      self->points[i] = (Point) { kinds[i], button, GTK_LABEL (time) };
    }
  g_assert (kinds[N_POINTS] == NULL);

  update (self);
}

void
fc_mark_bar_set_controller (FcMarkBar    *self,
                            FcController *controller)
{
  static const char * const signals[] = {
    "marks-changed", "notify::step", "notify::incident", "notify::next-mark",
    "notify::hospital-calls", "notify::hospital-call-active",
  };

  g_return_if_fail (FC_IS_MARK_BAR (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
      g_signal_connect_object (controller, signals[i], G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
fc_mark_bar_get_next_button (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->next_button;
}

GtkLabel *
fc_mark_bar_get_next_label (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->next_label;
}

GtkWidget *
fc_mark_bar_get_more_button (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->more_button;
}

GtkWidget *
fc_mark_bar_get_mark_button (FcMarkBar  *self,
                             const char *event_kind)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  for (guint i = 0; i < N_POINTS; i++)
    if (g_str_equal (self->points[i].kind, event_kind))
      return self->points[i].button;
  return NULL;
}

GtkWidget *
fc_mark_bar_get_call_button (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->call_button;
}

GtkLabel *
fc_mark_bar_get_call_count_label (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->call_count_label;
}

AdwMessageDialog *
fc_mark_bar_get_outcome_dialog (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->outcome_dialog != NULL ? ADW_MESSAGE_DIALOG (self->outcome_dialog) : NULL;
}

GtkWidget *
fc_mark_bar_get_timeline_button (FcMarkBar *self)
{
  g_return_val_if_fail (FC_IS_MARK_BAR (self), NULL);
  return self->timeline_button;
}
