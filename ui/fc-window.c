/* fc-window.c: the one window of FieldCard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-window"

#include "config.h"

#include "fc-window.h"

#include <glib/gi18n-lib.h>

#include "fc-timeline.h"

struct _FcWindow
{
  AdwApplicationWindow  parent_instance;

  gboolean              training;
  FcRealConfig         *config;       /* (owned) (nullable): real mode */
  char                 *reader;       /* (owned) (nullable): training with a card reader */
  GtkWindow            *trainer_window; /* (unowned) (nullable): the trainer's second window */
  FcController         *controller;   /* (owned) */
  char                 *last_toast;   /* (owned) (nullable) */

  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *menu_button;
  GtkToggleButton      *trainer_button;
  AdwFlap              *trainer_flap;
  FcTrainerPanel       *trainer_panel;
  FcDebriefPage        *debrief_page;
  FcReceiptPage        *receipt_page;
  GtkLabel             *paused_label;
  GtkStack             *views;
  FcTimelinePage       *timeline_page;
  FcAnalysisPage       *analysis_page;
  GtkWidget            *training_banner;
  GtkLabel             *mode_notice_label;
  GtkLabel             *problem_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  FcStartPage          *start_page;
  FcConsentPage        *consent_page;
  FcCardPage           *card_page;
  FcSummaryPage        *summary_page;
  FcHandoverPage       *handover_page;
  GtkButton            *refused_continue_button;
  FcMarkBar            *mark_bar;
  GtkButton            *end_button;
};

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

/* Pages are built on first use (issue 9: start-up builds only the start page and the frame
 * around it). Each is added to its stack and given the controller here. */
static GtkWidget *
build_refused_page (FcWindow *self)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button;

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "action-unavailable-symbolic");
  /* Translators: shown after the patient refused consent. */
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("The card will not be read"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("The patient refused. Nothing is read from the card and no record is fetched. Continue care as usual; time marks still work."));
  button = gtk_button_new_with_label (_("Continue without record"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "incident.continue-without-record");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "primary-button");
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  self->refused_continue_button = GTK_BUTTON (button);
  return page;
}

static gboolean
page_is_built (FcWindow   *self,
               const char *name)
{
  GtkStack *stack = self->stack;

  if (g_str_equal (name, "timeline") || g_str_equal (name, "analysis") ||
      g_str_equal (name, "debrief") || g_str_equal (name, "receipt") || g_str_equal (name, "flow"))
    stack = self->views;
  return gtk_stack_get_child_by_name (stack, name) != NULL;
}

static void
ensure_page (FcWindow   *self,
             const char *name)
{
  GtkStack *stack = self->stack;
  GtkWidget *page = NULL;

  if (page_is_built (self, name))
    return;

  if (g_str_equal (name, "consent"))
    {
      self->consent_page = g_object_new (FC_TYPE_CONSENT_PAGE, NULL);
      fc_consent_page_set_controller (self->consent_page, self->controller);
      page = GTK_WIDGET (self->consent_page);
    }
  else if (g_str_equal (name, "refused"))
    page = build_refused_page (self);
  else if (g_str_equal (name, "card"))
    {
      self->card_page = g_object_new (FC_TYPE_CARD_PAGE, NULL);
      fc_card_page_set_controller (self->card_page, self->controller);
      page = GTK_WIDGET (self->card_page);
    }
  else if (g_str_equal (name, "summary"))
    {
      self->summary_page = g_object_new (FC_TYPE_SUMMARY_PAGE, NULL);
      fc_summary_page_set_controller (self->summary_page, self->controller);
      page = GTK_WIDGET (self->summary_page);
    }
  else if (g_str_equal (name, "handover"))
    {
      self->handover_page = g_object_new (FC_TYPE_HANDOVER_PAGE, NULL);
      fc_handover_page_set_controller (self->handover_page, self->controller);
      page = GTK_WIDGET (self->handover_page);
    }
  else if (g_str_equal (name, "timeline"))
    {
      stack = self->views;
      self->timeline_page = g_object_new (FC_TYPE_TIMELINE_PAGE, NULL);
      fc_timeline_page_set_controller (self->timeline_page, self->controller);
      page = GTK_WIDGET (self->timeline_page);
    }
  else if (g_str_equal (name, "analysis"))
    {
      stack = self->views;
      self->analysis_page = g_object_new (FC_TYPE_ANALYSIS_PAGE, NULL);
      fc_analysis_page_set_controller (self->analysis_page, self->controller);
      page = GTK_WIDGET (self->analysis_page);
    }
  else if (g_str_equal (name, "debrief"))
    {
      stack = self->views;
      self->debrief_page = g_object_new (FC_TYPE_DEBRIEF_PAGE, NULL);
      fc_debrief_page_set_controller (self->debrief_page, self->controller);
      page = GTK_WIDGET (self->debrief_page);
    }
  else if (g_str_equal (name, "receipt"))
    {
      stack = self->views;
      self->receipt_page = g_object_new (FC_TYPE_RECEIPT_PAGE, NULL);
      fc_receipt_page_set_controller (self->receipt_page, self->controller);
      page = GTK_WIDGET (self->receipt_page);
    }

  if (page != NULL)
    gtk_stack_add_named (stack, page, name);
}

/* The trainer's side panel: built when the trainer first opens it (or a test asks for it). */
static void
ensure_trainer_panel (FcWindow *self)
{
  if (self->trainer_panel != NULL)
    return;
  self->trainer_panel = g_object_new (FC_TYPE_TRAINER_PANEL, "width-request", 360, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->trainer_panel), "trainer-side");
  if (self->training)
    fc_trainer_panel_set_controller (self->trainer_panel, self->controller);
  adw_flap_set_flap (self->trainer_flap, GTK_WIDGET (self->trainer_panel));
}

static void
trainer_button_active_cb (FcWindow *self)
{
  if (gtk_toggle_button_get_active (self->trainer_button))
    ensure_trainer_panel (self);
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

  ensure_page (self, step_page_name (step));
  gtk_stack_set_visible_child_name (self->stack, step_page_name (step));
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

  ensure_page (self, name);
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

  ensure_page (self, "debrief");
  fc_debrief_page_refresh (self->debrief_page);
  show_view (self, "debrief");
}

static void
view_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  ensure_page (self, "receipt");
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

GtkWindow *
fc_window_open_trainer_window (FcWindow *self)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *panel;

  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);

  if (!self->training)
    return NULL;
  if (self->trainer_window != NULL)
    {
      gtk_window_present (self->trainer_window);
      return self->trainer_window;
    }

  window = adw_window_new ();
  /* Translators: title of the trainer's own window (訓練担当). */
  gtk_window_set_title (GTK_WINDOW (window), _("FieldCard — Trainer"));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 800);
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  panel = fc_trainer_panel_new (self->controller);
  fc_trainer_panel_set_show_window_button (FC_TRAINER_PANEL (panel), FALSE);
  gtk_widget_set_vexpand (panel, TRUE);
  gtk_box_append (GTK_BOX (box), panel);
  adw_window_set_content (ADW_WINDOW (window), box);

  self->trainer_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->trainer_window);
  /* On the trainer's screen now: the side panel would only repeat it. */
  gtk_toggle_button_set_active (self->trainer_button, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
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

FcStartPage *
fc_window_get_start_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->start_page;
}

FcConsentPage *
fc_window_get_consent_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "consent");
  return self->consent_page;
}

FcCardPage *
fc_window_get_card_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "card");
  return self->card_page;
}

FcSummaryPage *
fc_window_get_summary_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "summary");
  return self->summary_page;
}

FcHandoverPage *
fc_window_get_handover_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "handover");
  return self->handover_page;
}

GtkWidget *
fc_window_get_refused_continue_button (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "refused");
  return GTK_WIDGET (self->refused_continue_button);
}

GtkWidget *
fc_window_get_mark_button (FcWindow   *self,
                           const char *event_kind)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  return fc_mark_bar_get_mark_button (self->mark_bar, event_kind);
}

FcMarkBar *
fc_window_get_mark_bar (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->mark_bar;
}

FcTimelinePage *
fc_window_get_timeline_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "timeline");
  return self->timeline_page;
}

FcAnalysisPage *
fc_window_get_analysis_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "analysis");
  return self->analysis_page;
}

GtkLabel *
fc_window_get_mode_notice_label (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->mode_notice_label;
}

GtkLabel *
fc_window_get_problem_label (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->problem_label;
}

GtkWidget *
fc_window_get_training_banner (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->training_banner;
}

GtkToggleButton *
fc_window_get_trainer_button (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->trainer_button;
}

FcTrainerPanel *
fc_window_get_trainer_panel (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_trainer_panel (self);
  return self->trainer_panel;
}

GtkWindow *
fc_window_get_trainer_window (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->trainer_window;
}

FcDebriefPage *
fc_window_get_debrief_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "debrief");
  return self->debrief_page;
}

FcReceiptPage *
fc_window_get_receipt_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  ensure_page (self, "receipt");
  return self->receipt_page;
}

GtkLabel *
fc_window_get_paused_label (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->paused_label;
}

const char *
fc_window_get_last_toast (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->last_toast;
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

gboolean
fc_window_page_is_built (FcWindow   *self,
                         const char *name)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_str_equal (name, "trainer-panel"))
    return self->trainer_panel != NULL;
  return page_is_built (self, name);
}
