/* fc-window-private.h: FcWindow's parts shared by fc-window.c (the frame, the flow, actions)
 * and fc-window-pages.c (pages built on first use, the trainer's panel and window, getters).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-window.h"

G_BEGIN_DECLS

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

/* Builds the page @name ("consent", "refused", "card", "summary", "handover" in the flow stack;
 * "timeline", "analysis", "debrief", "receipt" in the views stack) unless it exists. */
void fc_window_ensure_page           (FcWindow   *self,
                                      const char *name);
/* The trainer's side panel, built when first opened. */
void fc_window_ensure_trainer_panel  (FcWindow   *self);

G_END_DECLS
