/* fc-timeline-page.c: the timeline of the open incident, with corrections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-timeline-page"

#include "config.h"

#include "fc-timeline-page.h"
#include "fc-widget-util.h"

#include <glib/gi18n-lib.h>

#include "fc-event-label.h"
#include "fc-timeline.h"

struct _FcTimelinePage
{
  GtkWidget      parent_instance;

  FcController  *controller;      /* (owned) (nullable) */
  GPtrArray     *rows;            /* (owned) (element-type GtkWidget) (unowned items): index seq-1 */
  GtkWindow     *dialog;          /* (unowned) (nullable): weak pointer, the correction dialog */
  guint          dialog_seq;      /* the event the dialog corrects */
  GDateTime     *dialog_original; /* (owned) (nullable): its recorded time */
  GtkSpinButton *spins[3];        /* (unowned) (nullable): hour, minute, second in the dialog */

  GtkWidget     *scroller;
  GtkLabel      *summary_label;
  GtkLabel      *error_label;
  GtkListBox    *event_list;
};

G_DEFINE_FINAL_TYPE (FcTimelinePage, fc_timeline_page, GTK_TYPE_WIDGET)

static void open_correction (FcTimelinePage *self,
                             guint           seq);

static char *
format_time (GDateTime *wall)
{
  g_autoptr(GDateTime) local = NULL;

  if (wall == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (wall);
  return g_date_time_format (local, "%H:%M:%S");
}

static void
set_error (FcTimelinePage *self,
           const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               FcTimelinePage      *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  open_correction (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "fc-seq")));
}

static GtkWidget *
label_new (const char *text,
           const char *css,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

/* One event: its time (after corrections), what it was, and a way to correct it. */
static GtkWidget *
event_row_new (FcTimelinePage  *self,
               FcTimeline      *timeline,
               FcTimelineEvent *event)
{
  guint seq = fc_timeline_event_get_seq (event);
  const char *kind = fc_timeline_event_get_kind (event);
  gboolean voided = FALSE;
  GDateTime *effective = fc_timeline_get_effective_wall (timeline, seq, &voided);
  GDateTime *recorded = fc_timeline_event_get_wall (event);
  gboolean correction = g_str_equal (kind, FC_EVENT_CORRECTION);
  gboolean correctable = fc_timeline_kind_is_correctable (kind) && !voided;
  gboolean moved = effective != NULL && !g_date_time_equal (effective, recorded);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *time = format_time (voided ? recorded : effective);
  g_autofree char *detail = fc_event_describe (event);
  g_autoptr(GString) note = g_string_new (detail);
  GtkWidget *time_label = label_new (time, "timeline-time", FALSE);

  gtk_widget_set_valign (time_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), time_label);

  if (voided)
    {
      if (note->len > 0)
        g_string_append (note, " · ");
      /* Translators: timeline: a later correction removed this mark. */
      g_string_append (note, _("Removed by a correction"));
      gtk_widget_add_css_class (row, "voided");
    }
  else if (moved)
    {
      g_autofree char *was = format_time (recorded);

      if (note->len > 0)
        g_string_append (note, " · ");
      /* Translators: timeline: the mark's time was corrected; %s is the time first recorded. */
      g_string_append_printf (note, _("Corrected (first recorded %s)"), was);
      gtk_widget_add_css_class (row, "corrected");
    }

  gtk_box_append (GTK_BOX (text_box), label_new (fc_event_kind_label (kind), "timeline-title", TRUE));
  if (note->len > 0)
    gtk_box_append (GTK_BOX (text_box), label_new (note->str, "timeline-detail", TRUE));
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text_box);

  if (correction)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (icon, "correction-icon");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_widget_add_css_class (row, "correction");
    }
  if (correctable)
    {
      /* Translators: the button on a time mark that opens the correction dialog (訂正). */
      GtkWidget *button = gtk_button_new_with_label (_("Correct…"));
      GtkGesture *press = gtk_gesture_long_press_new ();

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "timeline.correct");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", seq);
      gtk_widget_add_css_class (button, "correct-button");
      gtk_box_append (GTK_BOX (box), button);
      g_object_set_data (G_OBJECT (row), "fc-correct-button", button);

      g_signal_connect_object (press, "pressed", G_CALLBACK (long_press_cb), self, 0);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (press));
    }

  gtk_widget_add_css_class (row, "timeline-row");
  if (fc_event_time_point_label (kind) != NULL)
    gtk_widget_add_css_class (row, "time-point");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "fc-seq", GUINT_TO_POINTER (seq));
  g_object_set_data_full (G_OBJECT (row), "fc-text",
                          g_strdup_printf ("%s · %s · %s", time, fc_event_kind_label (kind), note->str),
                          g_free);
  return row;
}

/* Corrections change earlier rows too: the list is rebuilt whenever the timeline grows (an
 * incident has tens of events, not thousands). */
static void
rebuild (FcTimelinePage *self)
{
  FcTimeline *timeline = self->controller != NULL ? fc_controller_get_timeline (self->controller) : NULL;
  FcIncident *incident = self->controller != NULL ? fc_controller_get_incident (self->controller) : NULL;
  GListModel *events;
  guint n;

  if (self->event_list == NULL)
    return; /* disposing */

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->event_list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (timeline == NULL || incident == NULL)
    {
      gtk_label_set_text (self->summary_label,
                          /* Translators: the timeline view without an open incident. */
                          _("No incident is open. Start one, and its times appear here."));
      gtk_widget_set_visible (GTK_WIDGET (self->event_list), FALSE);
      return;
    }

  events = fc_timeline_get_events (timeline);
  n = g_list_model_get_n_items (events);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
      GtkWidget *row = event_row_new (self, timeline, event);

      gtk_list_box_append (self->event_list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->event_list), n > 0);

  if (n > 0)
    {
      g_autoptr(FcTimelineEvent) first = g_list_model_get_item (events, 0);
      g_autofree char *start = format_time (fc_timeline_event_get_wall (first));
      g_autofree char *text = NULL;

      text = fc_incident_get_training (incident) ?
             /* Translators: %s is the start time, %u the number of entries. */
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Training incident, started %s · %u entry",
                                           "Training incident, started %s · %u entries", n), start, n) :
             /* Translators: %s is the start time, %u the number of entries. */
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Started %s · %u entry",
                                           "Started %s · %u entries", n), start, n);
      gtk_label_set_text (self->summary_label, text);
    }
}

static void
dialog_response_cb (FcTimelinePage *self,
                    const char     *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) wall = NULL;
  gboolean ok = TRUE;

  if (self->controller == NULL || self->dialog_original == NULL)
    return;

  if (g_strcmp0 (response, "set") == 0)
    {
      wall = fc_controller_correction_time (self->dialog_original,
                                            gtk_spin_button_get_value_as_int (self->spins[0]),
                                            gtk_spin_button_get_value_as_int (self->spins[1]),
                                            gtk_spin_button_get_value_as_int (self->spins[2]));
      ok = wall != NULL &&
           fc_controller_correct_mark (self->controller, self->dialog_seq, wall, &error);
    }
  else if (g_strcmp0 (response, "void") == 0)
    ok = fc_controller_correct_mark (self->controller, self->dialog_seq, NULL, &error);

  set_error (self, ok ? NULL : (error != NULL ? error->message : _("That time does not exist here.")));
}

static void
dialog_destroyed_cb (FcTimelinePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->spins); i++)
    self->spins[i] = NULL;
  g_clear_pointer (&self->dialog_original, g_date_time_unref);
}

static GtkSpinButton *
time_spin_new (int max,
               int value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 2);
  gtk_widget_add_css_class (spin, "time-spin");
  return GTK_SPIN_BUTTON (spin);
}

static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The correction dialog: a large H:M:S picker, "Set time", and "Remove mark". */
static void
open_correction (FcTimelinePage *self,
                 guint           seq)
{
  FcTimeline *timeline = self->controller != NULL ? fc_controller_get_timeline (self->controller) : NULL;
  g_autoptr(FcTimelineEvent) event = NULL;
  GDateTime *effective;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *recorded = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *picker;
  const char *label;

  if (timeline == NULL || seq == 0 || seq > g_list_model_get_n_items (fc_timeline_get_events (timeline)))
    return;
  event = g_list_model_get_item (fc_timeline_get_events (timeline), seq - 1);
  if (!fc_timeline_kind_is_correctable (fc_timeline_event_get_kind (event)))
    return;
  effective = fc_timeline_get_effective_wall (timeline, seq, NULL);
  if (effective == NULL)
    return; /* voided: nothing left to correct */
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);

  set_error (self, NULL);
  self->dialog_seq = seq;
  g_clear_pointer (&self->dialog_original, g_date_time_unref);
  self->dialog_original = g_date_time_ref (fc_timeline_event_get_wall (event));
  local = g_date_time_to_local (effective);
  recorded = format_time (effective);
  label = fc_event_kind_label (fc_timeline_event_get_kind (event));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       NULL, NULL));
  /* Translators: heading of the correction dialog; %s is the mark ("On scene"). */
  adw_message_dialog_format_heading (dialog, _("Correct “%s”"), label);
  /* Translators: %s is the time now shown for the mark. */
  adw_message_dialog_format_body (dialog, _("Now %s. Pick the right time, or remove the mark if it was tapped by mistake. The correction is logged; the original stays."),
                                  recorded);

  picker = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (picker, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picker, "time-picker");
  self->spins[0] = time_spin_new (23, g_date_time_get_hour (local));
  self->spins[1] = time_spin_new (59, g_date_time_get_minute (local));
  self->spins[2] = time_spin_new (59, g_date_time_get_second (local));
  for (guint i = 0; i < G_N_ELEMENTS (self->spins); i++)
    {
      if (i > 0)
        {
          GtkWidget *colon = gtk_label_new (":");

          gtk_widget_add_css_class (colon, "time-colon");
          gtk_box_append (GTK_BOX (picker), colon);
        }
      g_signal_connect (self->spins[i], "output", G_CALLBACK (spin_output_cb), NULL);
      spin_output_cb (self->spins[i]);
      gtk_box_append (GTK_BOX (picker), GTK_WIDGET (self->spins[i]));
    }
  adw_message_dialog_set_extra_child (dialog, picker);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("Cancel"),
                                    /* Translators: the mark was a mistake: remove it (the log keeps the original). */
                                    "void", _("Remove mark"),
                                    /* Translators: save the picked time as the mark's time. */
                                    "set", _("Set time"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "set");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_correction (FC_TIMELINE_PAGE (widget), g_variant_get_uint32 (parameter));
}

static void
fc_timeline_page_dispose (GObject *object)
{
  FcTimelinePage *self = FC_TIMELINE_PAGE (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (self->dialog);
      self->dialog = NULL;
    }
  fc_widget_clear_controller (&self->controller, self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->dialog_original, g_date_time_unref);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_TIMELINE_PAGE);

  G_OBJECT_CLASS (fc_timeline_page_parent_class)->dispose (object);
}

static void
fc_timeline_page_class_init (FcTimelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_timeline_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-timeline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcTimelinePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcTimelinePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcTimelinePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcTimelinePage, event_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "timeline.correct", "u", correct_action);
}

static void
fc_timeline_page_init (FcTimelinePage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}

void
fc_timeline_page_set_controller (FcTimelinePage *self,
                                 FcController   *controller)
{
  g_return_if_fail (FC_IS_TIMELINE_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "marks-changed", G_CALLBACK (rebuild), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::incident", G_CALLBACK (rebuild), self,
                               G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

guint
fc_timeline_page_get_n_rows (FcTimelinePage *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_PAGE (self), 0);
  return self->rows->len;
}

GtkWidget *
fc_timeline_page_get_row (FcTimelinePage *self,
                          guint           seq)
{
  g_return_val_if_fail (FC_IS_TIMELINE_PAGE (self), NULL);

  if (seq == 0 || seq > self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, seq - 1);
}

GtkWidget *
fc_timeline_page_get_correct_button (FcTimelinePage *self,
                                     guint           seq)
{
  GtkWidget *row = fc_timeline_page_get_row (self, seq);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "fc-correct-button") : NULL;
}

char *
fc_timeline_page_dup_row_text (FcTimelinePage *self,
                               guint           seq)
{
  GtkWidget *row = fc_timeline_page_get_row (self, seq);

  return row != NULL ? g_strdup (g_object_get_data (G_OBJECT (row), "fc-text")) : NULL;
}

AdwMessageDialog *
fc_timeline_page_get_correction_dialog (FcTimelinePage *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_PAGE (self), NULL);
  return self->dialog != NULL ? ADW_MESSAGE_DIALOG (self->dialog) : NULL;
}

GtkSpinButton *
fc_timeline_page_get_time_spin (FcTimelinePage *self,
                                const char     *part)
{
  g_return_val_if_fail (FC_IS_TIMELINE_PAGE (self), NULL);
  g_return_val_if_fail (part != NULL, NULL);

  if (g_str_equal (part, "hour"))
    return self->spins[0];
  if (g_str_equal (part, "minute"))
    return self->spins[1];
  if (g_str_equal (part, "second"))
    return self->spins[2];
  return NULL;
}
