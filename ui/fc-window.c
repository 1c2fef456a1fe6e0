/* fc-window.c: the one window of FieldCard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-window"

#include "config.h"

#include "fc-window.h"
#include "fc-window-private.h"

#include <glib/gi18n-lib.h>

#include "fc-timeline.h"

G_DEFINE_FINAL_TYPE (FcWindow, fc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_TRAINING,
  PROP_CONFIG,
  PROP_READER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
step_page_name (FcFlowStep step)
{
  switch (step)
    {
    case FC_FLOW_CONSENT:
      return "consent";
    case FC_FLOW_REFUSED:
      return "refused";
    case FC_FLOW_CARD:
      return "card";
    case FC_FLOW_SUMMARY:
      return "summary";
    case FC_FLOW_HANDOVER:
    case FC_FLOW_DONE:
      return "handover";
    case FC_FLOW_START:
    default:
      return "start";
    }
}

static void
trainer_button_active_cb (FcWindow *self)
{
  if (gtk_toggle_button_get_active (self->trainer_button))
    fc_window_ensure_trainer_panel (self);
}

static void
update_actions (FcWindow *self)
{
  FcFlowStep step = fc_controller_get_step (self->controller);
  gboolean open = fc_controller_get_incident (self->controller) != NULL &&
                  step != FC_FLOW_START && step != FC_FLOW_DONE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.end",
                                 open && step != FC_FLOW_HANDOVER);
  gtk_widget_set_visible (GTK_WIDGET (self->end_button), open && step != FC_FLOW_HANDOVER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.continue-without-record", open);
}

static void
step_changed_cb (FcWindow *self)
{
  FcFlowStep step = fc_controller_get_step (self->controller);

  fc_window_ensure_page (self, step_page_name (step));
  /* No crossfade on the way to the summary: its warnings are painted in the first frame at
   * full strength, not faded in over 150 ms (issue 9). */
  gtk_stack_set_visible_child_full (self->stack, step_page_name (step),
                                    step == FC_FLOW_SUMMARY ? GTK_STACK_TRANSITION_TYPE_NONE :
                                    gtk_stack_get_transition_type (self->stack));
  update_actions (self);

  if (step == FC_FLOW_SUMMARY)
    fc_controller_summary_shown (self->controller);
}

static void show_view (FcWindow   *self,
                       const char *name);

static void
incident_changed_cb (FcWindow *self)
{
  FcScenario *scenario = fc_controller_get_scenario (self->controller);

  const FcRealConfig *config = fc_controller_get_config (self->controller);
  g_autofree char *unit = NULL;

  if (scenario != NULL)
    adw_window_title_set_subtitle (self->window_title, fc_scenario_get_title (scenario));
  else if (config != NULL && config->unit_id != NULL)
    {
      /* Translators: window subtitle in real mode; %s is the ambulance unit. */
      unit = g_strdup_printf (_("Unit %s"), config->unit_id);
      adw_window_title_set_subtitle (self->window_title, unit);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
  update_actions (self);

  /* The debrief and the receipt belong to the incident that just ended. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "debrief") == 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "receipt") == 0)
    show_view (self, "flow");
}

static void
paused_changed_cb (FcWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->paused_label),
                          fc_controller_get_paused (self->controller));
}

static void
problem_changed_cb (FcWindow *self)
{
  const char *problem = fc_controller_get_problem (self->controller);

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
notice_cb (FcWindow   *self,
           const char *message)
{
  fc_window_add_toast (self, message);
}

static void
show_view (FcWindow   *self,
           const char *name)
{
  gboolean flow = g_str_equal (name, "flow");

  fc_window_ensure_page (self, name);
  gtk_stack_set_visible_child_name (self->views, name);
  gtk_widget_set_visible (self->back_button, !flow);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.back", !flow);
}

static void
view_timeline_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_view (FC_WINDOW (widget), "timeline");
}

static void
view_analysis_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  show_view (self, "analysis");
  fc_analysis_page_refresh (self->analysis_page);
}

static void
view_debrief_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_window_ensure_page (self, "debrief");
  fc_debrief_page_refresh (self->debrief_page);
  show_view (self, "debrief");
}

static void
view_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_window_ensure_page (self, "receipt");
  fc_receipt_page_refresh (self->receipt_page);
  show_view (self, "receipt");
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fc_window_add_toast (FC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
trainer_window_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  fc_window_open_trainer_window (FC_WINDOW (widget));
}

static void
view_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_view (FC_WINDOW (widget), "flow");
}

static void
continue_without_record_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_controller_continue_without_card (self->controller);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_controller_request_handover (self->controller);
}

static void
fc_window_constructed (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  G_OBJECT_CLASS (fc_window_parent_class)->constructed (object);

  if (self->config != NULL)
    {
      self->training = FALSE;
      self->controller = fc_controller_new_real (self->config);
    }
  else if (self->training && self->reader != NULL)
    self->controller = fc_controller_new_training_reader (self->reader);
  else
    self->controller = fc_controller_new (self->training);
  g_signal_connect_object (self->controller, "notify::step",
                           G_CALLBACK (step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::incident",
                           G_CALLBACK (incident_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::problem",
                           G_CALLBACK (problem_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notice",
                           G_CALLBACK (notice_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::paused",
                           G_CALLBACK (paused_changed_cb), self, G_CONNECT_SWAPPED);

  fc_start_page_set_controller (self->start_page, self->controller);
  fc_mark_bar_set_controller (self->mark_bar, self->controller);

  gtk_widget_set_visible (self->training_banner, self->training);
  /* The trainer's panel: training only, and never in the crew's way (a toggle). */
  gtk_widget_set_visible (GTK_WIDGET (self->trainer_button), self->training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.trainer-window", self->training);
  if (self->training)
    {
      /* Before the binding: the panel exists by the time the flap reveals it. */
      g_signal_connect_object (self->trainer_button, "notify::active",
                               G_CALLBACK (trainer_button_active_cb), self, G_CONNECT_SWAPPED);
      g_object_bind_property (self->trainer_button, "active",
                              self->trainer_flap, "reveal-flap",
                              G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
    }
  if (self->training && fc_controller_get_reader_connstring (self->controller) != NULL)
    {
      g_autofree char *ca = fc_controller_dup_training_ca_path ();
      /* Translators: training banner with a card reader; %s: the reader, %s: a file path. */
      g_autofree char *text = g_strdup_printf (_("Card reader %s. The training card is trusted through %s (the emulator's --write-ca)."),
                                               fc_controller_get_reader_connstring (self->controller), ca);

      fc_window_set_mode_notice (self, text);
    }

  if (self->training)
    fc_controller_load_scenarios (self->controller, NULL);
  show_view (self, "flow");
  step_changed_cb (self);
  incident_changed_cb (self);
  problem_changed_cb (self);
  paused_changed_cb (self);
}

static void
fc_window_dispose (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  if (self->trainer_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->trainer_window),
                                    (gpointer *) &self->trainer_window);
      gtk_window_destroy (self->trainer_window);
      self->trainer_window = NULL;
    }
  /* Pages first: they hold references to the controller. */
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WINDOW);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (fc_window_parent_class)->dispose (object);
}

static void
fc_window_finalize (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  g_free (self->last_toast);
  g_free (self->reader);
  g_clear_pointer (&self->config, fc_real_config_free);

  G_OBJECT_CLASS (fc_window_parent_class)->finalize (object);
}

static void
fc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FcWindow *self = FC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_READER:
      g_value_set_string (value, self->reader);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FcWindow *self = FC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_READER:
      g_free (self->reader);
      self->reader = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_window_class_init (FcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_window_constructed;
  object_class->dispose = fc_window_dispose;
  object_class->finalize = fc_window_finalize;
  object_class->get_property = fc_window_get_property;
  object_class->set_property = fc_window_set_property;

  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, FC_TYPE_REAL_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READER] =
    g_param_spec_string ("reader", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FC_TYPE_START_PAGE);
  g_type_ensure (FC_TYPE_TIMELINE_PAGE);
  g_type_ensure (FC_TYPE_ANALYSIS_PAGE);
  g_type_ensure (FC_TYPE_MARK_BAR);
  g_type_ensure (FC_TYPE_CONSENT_PAGE);
  g_type_ensure (FC_TYPE_CARD_PAGE);
  g_type_ensure (FC_TYPE_SUMMARY_PAGE);
  g_type_ensure (FC_TYPE_HANDOVER_PAGE);
  g_type_ensure (FC_TYPE_TRAINER_PANEL);
  g_type_ensure (FC_TYPE_DEBRIEF_PAGE);
  g_type_ensure (FC_TYPE_RECEIPT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, trainer_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, trainer_flap);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, paused_label);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, views);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, training_banner);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, mode_notice_label);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, mark_bar);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, end_button);

  gtk_widget_class_install_action (widget_class, "view.timeline", NULL, view_timeline_action);
  gtk_widget_class_install_action (widget_class, "view.analysis", NULL, view_analysis_action);
  gtk_widget_class_install_action (widget_class, "view.back", NULL, view_back_action);
  gtk_widget_class_install_action (widget_class, "view.debrief", NULL, view_debrief_action);
  gtk_widget_class_install_action (widget_class, "view.receipt", NULL, view_receipt_action);
  gtk_widget_class_install_action (widget_class, "window.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "window.trainer-window", NULL,
                                   trainer_window_action);
  gtk_widget_class_install_action (widget_class, "incident.continue-without-record", NULL,
                                   continue_without_record_action);
  gtk_widget_class_install_action (widget_class, "incident.end", NULL, end_action);
}

static void
fc_window_init (FcWindow *self)
{
  self->training = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

FcWindow *
fc_window_new (GtkApplication *application,
               gboolean        training)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (FC_TYPE_WINDOW,
                       "application", application,
                       "training", training,
                       NULL);
}

FcWindow *
fc_window_new_with_config (GtkApplication     *application,
                           const FcRealConfig *config)
{
  g_auto(GStrv) missing = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *notice = NULL;
  FcWindow *window;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  if (config == NULL)
    return fc_window_new (application, TRUE);

  missing = fc_real_config_check (config);
  if (missing[0] == NULL)
    return g_object_new (FC_TYPE_WINDOW,
                         "application", application,
                         "training", FALSE,
                         "config", config,
                         NULL);

  /* Say exactly what is missing instead of pretending to be ready. */
  window = fc_window_new (application, TRUE);
  lines = g_strjoinv ("\n", missing);
  /* Translators: the training banner when real mode is not set up; %s lists what is missing, one per line. */
  notice = g_strdup_printf (_("Real mode is not set up, so FieldCard runs in training mode. Ask your administrator to fix:\n%s"),
                            lines);
  fc_window_set_mode_notice (window, notice);
  /* Translators: toast when real mode is not set up. */
  fc_window_add_toast (window, _("Real mode is not set up: running in training mode."));
  return window;
}

FcWindow *
fc_window_new_training_reader (GtkApplication *application,
                               const char     *connstring)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (connstring != NULL, NULL);

  return g_object_new (FC_TYPE_WINDOW,
                       "application", application,
                       "training", TRUE,
                       "reader", connstring,
                       NULL);
}

FcController *
fc_window_get_controller (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->controller;
}

void
fc_window_set_mode_notice (FcWindow   *self,
                           const char *notice)
{
  g_return_if_fail (FC_IS_WINDOW (self));

  gtk_label_set_text (self->mode_notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->mode_notice_label), notice != NULL);
}

void
fc_window_add_toast (FcWindow   *self,
                     const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (FC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* The toast title is markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
fc_window_get_visible_page (FcWindow *self)
{
  const char *view;

  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);

  view = gtk_stack_get_visible_child_name (self->views);
  if (view != NULL && !g_str_equal (view, "flow"))
    return view;
  return gtk_stack_get_visible_child_name (self->stack);
}

void
fc_ui_load_style (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
      GdkDisplay *display = gdk_display_get_default ();

      gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
      if (display != NULL)
        gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}
