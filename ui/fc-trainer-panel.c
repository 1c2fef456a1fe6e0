/* fc-trainer-panel.c: the trainer's controls for a training drill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-trainer-panel"

#include "config.h"

#include "fc-trainer-panel.h"
#include "fc-widget-util.h"
#include "fc-trainer-panel-private.h"

#include <glib/gi18n-lib.h>

#include "fc-virtual-card.h"

G_DEFINE_FINAL_TYPE (FcTrainerPanel, fc_trainer_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_SHOW_WINDOW_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
fc_trainer_panel_incident_open (FcTrainerPanel *self)
{
  FcIncident *incident;

  if (self->controller == NULL)
    return FALSE;
  incident = fc_controller_get_incident (self->controller);
  return incident != NULL &&
         fc_incident_get_state (incident) != FC_INCIDENT_STATE_HANDED_OVER;
}

static void
update_scenario (FcTrainerPanel *self,
                 FcScenario     *scenario)
{
  g_autofree char *setup = NULL;

  gtk_widget_set_visible (self->brief_box, scenario != NULL);
  gtk_widget_set_visible (self->choose_box, scenario == NULL);
  gtk_widget_set_visible (self->running_box, scenario != NULL);
  if (scenario == NULL)
    return;

  gtk_label_set_text (self->title_label, fc_scenario_get_title (scenario));
  gtk_label_set_text (self->brief_label, fc_scenario_get_brief (scenario) != NULL ?
                                         fc_scenario_get_brief (scenario) : "");
  gtk_label_set_text (self->presentation_label, fc_scenario_get_presentation (scenario) != NULL ?
                                                fc_scenario_get_presentation (scenario) : "");
  setup = fc_trainer_panel_setup_text (scenario);
  gtk_label_set_text (self->setup_label, setup);
}

static void
update (FcTrainerPanel *self)
{
  FcTrainingKit *kit = NULL;
  FcScenario *scenario = NULL;
  FcIncident *incident = NULL;
  gboolean open, live, paused = FALSE, network_lost = FALSE, pulled = FALSE, absent = FALSE;
  gboolean reader = FALSE;

  if (self->controller != NULL)
    {
      kit = fc_controller_get_training_kit (self->controller);
      scenario = fc_controller_get_scenario (self->controller);
      incident = fc_controller_get_incident (self->controller);
      paused = fc_controller_get_paused (self->controller);
      reader = fc_controller_get_reader_connstring (self->controller) != NULL;
    }
  open = fc_trainer_panel_incident_open (self);
  if (kit != NULL)
    {
      FcCardTransport *card = fc_training_kit_get_transport (kit);

      network_lost = fc_training_kit_get_network_lost (kit);
      pulled = fc_training_kit_get_card_pulled (kit);
      absent = !pulled && FC_IS_VIRTUAL_CARD (card) &&
               fc_virtual_card_get_behaviour (FC_VIRTUAL_CARD (card)) == FC_VIRTUAL_CARD_ABSENT;
    }

  update_scenario (self, scenario);

  if (incident == NULL)
    /* Translators: trainer panel status. */
    gtk_label_set_text (self->status_label, _("No drill is running. Choose a scenario and start it here or on the crew's screen."));
  else if (!open)
    gtk_label_set_text (self->status_label, _("Handed over. The debrief is on the crew's screen (Debrief)."));
  else if (paused)
    gtk_label_set_text (self->status_label, _("Paused: the network and the card wait, and the time does not count in the debrief."));
  else
    gtk_label_set_text (self->status_label, _("Running."));
  if (paused)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "paused");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "paused");

  /* Translators: trainer panel button: pause / resume the scenario. */
  gtk_button_set_label (self->pause_button, paused ? _("Resume") : _("Pause"));
  if (paused)
    gtk_widget_add_css_class (GTK_WIDGET (self->pause_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pause_button), "suggested-action");

  if (kit == NULL)
    gtk_label_set_text (self->network_label, "");
  else if (network_lost)
    /* Translators: trainer panel: the state of the (simulated) network. */
    gtk_label_set_text (self->network_label, _("Network: lost (fetching the record fails)"));
  else
    gtk_label_set_text (self->network_label, _("Network: working"));

  if (kit == NULL)
    gtk_label_set_text (self->card_label, "");
  else if (reader)
    /* Translators: trainer panel, training with a card reader: the card faults are the emulator's. */
    gtk_label_set_text (self->card_label, _("Card: on the card reader. Move it with the emulator's “remove” and “place” commands."));
  else if (pulled)
    /* Translators: trainer panel: the state of the virtual card. */
    gtk_label_set_text (self->card_label, _("Card: away from the reader"));
  else if (absent)
    gtk_label_set_text (self->card_label, _("Card: not there (the patient has no card). Reinsert it when it is found."));
  else
    gtk_label_set_text (self->card_label, _("Card: on the reader"));

  live = open && kit != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.start",
                                 incident == NULL &&
                                 gtk_drop_down_get_selected_item (self->scenario_dropdown) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.pause-resume", paused || live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.restart", scenario != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.lose-network", live && !network_lost);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.restore-network",
                                 live && network_lost);
  /* With a card reader the card is the emulator's: its own commands move it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.pull-card",
                                 live && !reader && !pulled && !absent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.reinsert-card",
                                 live && !reader && (pulled || absent));

  fc_trainer_panel_update_reveal_rows (self, scenario, kit);
  gtk_widget_set_visible (GTK_WIDGET (self->window_button), self->show_window_button);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (widget);
  FcScenario *scenario = gtk_drop_down_get_selected_item (self->scenario_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->controller == NULL || scenario == NULL)
    return;
  if (!fc_controller_start_incident (self->controller, scenario, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static void
pause_resume_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (widget);

  if (self->controller == NULL)
    return;
  if (fc_controller_get_paused (self->controller))
    fc_controller_training_resume (self->controller);
  else
    fc_controller_training_pause (self->controller);
}

static void
inject (FcTrainerPanel *self,
        const char     *fault)
{
  g_autoptr(GError) error = NULL;

  if (self->controller == NULL)
    return;
  if (!fc_controller_training_inject (self->controller, fault, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static void
fault_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  /* "trainer.lose-network" → FC_TRAINING_FAULT_LOSE_NETWORK ("lose-network"), and so on. */
  inject (FC_TRAINER_PANEL (widget), action_name + strlen ("trainer."));
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (widget);

  if (self->controller != NULL)
    fc_controller_training_reveal (self->controller, g_variant_get_string (parameter, NULL));
}

static void
restart_response_cb (FcTrainerPanel   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  self->restart_dialog = NULL;
  if (g_strcmp0 (response, "restart") != 0 || self->controller == NULL)
    return;
  if (!fc_controller_training_restart (self->controller, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->restart_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->restart_dialog));
      return;
    }

  /* Translators: question before the trainer restarts the scenario. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Start the scenario again?"),
                                   _("The crew's current incident ends without a handover and a new one starts with the same scenario. Its times stay in the training log."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: response of the restart question. */
                                    "cancel", _("Cancel"),
                                    "restart", _("Restart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restart",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (restart_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->restart_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_window_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "window.trainer-window", NULL);
}

/* @wrap: TRUE in the popup list (whole titles), FALSE on the button (ellipsized). */
static void
title_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (wrap))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_label_set_width_chars (GTK_LABEL (label), 24);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
title_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  FcScenario *scenario = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      scenario != NULL ? fc_scenario_get_title (scenario) : "");
}

static void
selected_cb (FcTrainerPanel *self)
{
  update (self);
}

static void
fc_trainer_panel_dispose (GObject *object)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (object);

  if (self->restart_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->restart_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->restart_dialog));
      self->restart_dialog = NULL;
    }
  fc_widget_clear_controller (&self->controller, self);
  g_clear_object (&self->rows_scenario);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_TRAINER_PANEL);

  G_OBJECT_CLASS (fc_trainer_panel_parent_class)->dispose (object);
}

static void
fc_trainer_panel_finalize (GObject *object)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (object);

  g_clear_pointer (&self->reveal_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_trainer_panel_parent_class)->finalize (object);
}

static void
fc_trainer_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_SHOW_WINDOW_BUTTON:
      g_value_set_boolean (value, self->show_window_button);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_trainer_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcTrainerPanel *self = FC_TRAINER_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      fc_trainer_panel_set_controller (self, g_value_get_object (value));
      break;
    case PROP_SHOW_WINDOW_BUTTON:
      fc_trainer_panel_set_show_window_button (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_trainer_panel_class_init (FcTrainerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_trainer_panel_dispose;
  object_class->finalize = fc_trainer_panel_finalize;
  object_class->get_property = fc_trainer_panel_get_property;
  object_class->set_property = fc_trainer_panel_set_property;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, FC_TYPE_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_WINDOW_BUTTON] =
    g_param_spec_boolean ("show-window-button", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-trainer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, choose_box);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, running_box);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, start_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, brief_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, presentation_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, setup_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, brief_box);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, pause_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, restart_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, network_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, lose_network_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, restore_network_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, card_label);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, pull_card_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, reinsert_card_button);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, measured_box);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, measured_list);
  gtk_widget_class_bind_template_child (widget_class, FcTrainerPanel, window_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainerpanel");

  gtk_widget_class_install_action (widget_class, "trainer.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "trainer.pause-resume", NULL, pause_resume_action);
  gtk_widget_class_install_action (widget_class, "trainer.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "trainer." FC_TRAINING_FAULT_LOSE_NETWORK, NULL,
                                   fault_action);
  gtk_widget_class_install_action (widget_class, "trainer." FC_TRAINING_FAULT_RESTORE_NETWORK,
                                   NULL, fault_action);
  gtk_widget_class_install_action (widget_class, "trainer." FC_TRAINING_FAULT_PULL_CARD, NULL,
                                   fault_action);
  gtk_widget_class_install_action (widget_class, "trainer." FC_TRAINING_FAULT_REINSERT_CARD, NULL,
                                   fault_action);
  gtk_widget_class_install_action (widget_class, "trainer.reveal", "s", reveal_action);
  gtk_widget_class_install_action (widget_class, "trainer.open-window", NULL, open_window_action);
}

static void
fc_trainer_panel_init (FcTrainerPanel *self)
{
  g_autoptr(GtkExpression) title = NULL;
  g_autoptr(GtkListItemFactory) button_factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;

  self->show_window_button = TRUE;
  self->reveal_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_trainer_panel_reveal_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The titles are long (Japanese has few break points): ellipsized on the button, wrapped in
   * the list, so that the panel keeps its width. */
  title = gtk_property_expression_new (FC_TYPE_SCENARIO, NULL, "title");
  gtk_drop_down_set_expression (self->scenario_dropdown, title);
  button_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (button_factory, "setup", G_CALLBACK (title_setup_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (button_factory, "bind", G_CALLBACK (title_bind_cb), NULL);
  gtk_drop_down_set_factory (self->scenario_dropdown, button_factory);
  list_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (list_factory, "setup", G_CALLBACK (title_setup_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (list_factory, "bind", G_CALLBACK (title_bind_cb), NULL);
  gtk_drop_down_set_list_factory (self->scenario_dropdown, list_factory);
  g_signal_connect_object (self->scenario_dropdown, "notify::selected-item",
                           G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
fc_trainer_panel_new (FcController *controller)
{
  g_return_val_if_fail (controller == NULL || FC_IS_CONTROLLER (controller), NULL);

  return g_object_new (FC_TYPE_TRAINER_PANEL, "controller", controller, NULL);
}

void
fc_trainer_panel_set_controller (FcTrainerPanel *self,
                                 FcController   *controller)
{
  g_return_if_fail (FC_IS_TRAINER_PANEL (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  gtk_drop_down_set_model (self->scenario_dropdown,
                           controller != NULL ? fc_controller_get_scenarios (controller) : NULL);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "training-changed",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::step",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::incident",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::paused",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

FcController *
fc_trainer_panel_get_controller (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->controller;
}

void
fc_trainer_panel_set_show_window_button (FcTrainerPanel *self,
                                         gboolean        show)
{
  g_return_if_fail (FC_IS_TRAINER_PANEL (self));

  show = !!show;
  if (self->show_window_button == show)
    return;
  self->show_window_button = show;
  gtk_widget_set_visible (GTK_WIDGET (self->window_button), show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_WINDOW_BUTTON]);
}

gboolean
fc_trainer_panel_get_show_window_button (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), FALSE);
  return self->show_window_button;
}

GtkWidget *
fc_trainer_panel_get_button (FcTrainerPanel *self,
                             const char     *which)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  if (g_str_equal (which, "start"))
    return GTK_WIDGET (self->start_button);
  if (g_str_equal (which, "pause"))
    return GTK_WIDGET (self->pause_button);
  if (g_str_equal (which, "restart"))
    return GTK_WIDGET (self->restart_button);
  if (g_str_equal (which, FC_TRAINING_FAULT_LOSE_NETWORK))
    return GTK_WIDGET (self->lose_network_button);
  if (g_str_equal (which, FC_TRAINING_FAULT_RESTORE_NETWORK))
    return GTK_WIDGET (self->restore_network_button);
  if (g_str_equal (which, FC_TRAINING_FAULT_PULL_CARD))
    return GTK_WIDGET (self->pull_card_button);
  if (g_str_equal (which, FC_TRAINING_FAULT_REINSERT_CARD))
    return GTK_WIDGET (self->reinsert_card_button);
  if (g_str_equal (which, "window"))
    return GTK_WIDGET (self->window_button);
  return NULL;
}

gboolean
fc_trainer_panel_select_scenario (FcTrainerPanel *self,
                                  const char     *id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  model = gtk_drop_down_get_model (self->scenario_dropdown);
  n = model != NULL ? g_list_model_get_n_items (model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (model, i);

      if (g_strcmp0 (fc_scenario_get_id (scenario), id) == 0)
        {
          gtk_drop_down_set_selected (self->scenario_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

GtkLabel *
fc_trainer_panel_get_status_label (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->status_label;
}

GtkLabel *
fc_trainer_panel_get_network_label (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->network_label;
}

GtkLabel *
fc_trainer_panel_get_card_label (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->card_label;
}

GtkLabel *
fc_trainer_panel_get_title_label (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->title_label;
}

GtkLabel *
fc_trainer_panel_get_brief_label (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->brief_label;
}

AdwMessageDialog *
fc_trainer_panel_get_restart_dialog (FcTrainerPanel *self)
{
  g_return_val_if_fail (FC_IS_TRAINER_PANEL (self), NULL);
  return self->restart_dialog;
}
