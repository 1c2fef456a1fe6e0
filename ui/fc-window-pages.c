/* fc-window-pages.c: FcWindow's pages, built on first use (issue 9: start-up builds only the
 * start page and the frame around it), the trainer's panel and window, and the getters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-window"

#include "config.h"

#include "fc-window-private.h"

#include <glib/gi18n-lib.h>

/* After the patient refused: nothing is read; care goes on. */
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

/* Each page is added to its stack and given the controller here. */
void
fc_window_ensure_page (FcWindow   *self,
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
void
fc_window_ensure_trainer_panel (FcWindow *self)
{
  if (self->trainer_panel != NULL)
    return;
  self->trainer_panel = g_object_new (FC_TYPE_TRAINER_PANEL, "width-request", 360, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->trainer_panel), "trainer-side");
  if (self->training)
    fc_trainer_panel_set_controller (self->trainer_panel, self->controller);
  adw_flap_set_flap (self->trainer_flap, GTK_WIDGET (self->trainer_panel));
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
  fc_window_ensure_page (self, "consent");
  return self->consent_page;
}

FcCardPage *
fc_window_get_card_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "card");
  return self->card_page;
}

FcSummaryPage *
fc_window_get_summary_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "summary");
  return self->summary_page;
}

FcHandoverPage *
fc_window_get_handover_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "handover");
  return self->handover_page;
}

GtkWidget *
fc_window_get_refused_continue_button (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "refused");
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
  fc_window_ensure_page (self, "timeline");
  return self->timeline_page;
}

FcAnalysisPage *
fc_window_get_analysis_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "analysis");
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
  fc_window_ensure_trainer_panel (self);
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
  fc_window_ensure_page (self, "debrief");
  return self->debrief_page;
}

FcReceiptPage *
fc_window_get_receipt_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  fc_window_ensure_page (self, "receipt");
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
