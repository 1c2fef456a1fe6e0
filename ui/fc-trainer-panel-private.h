/* fc-trainer-panel-private.h: what the parts of FcTrainerPanel share (not public API).
 *
 *   fc-trainer-panel.c         the widget, its actions and the state it shows
 *   fc-trainer-panel-text.c    measured values and the scenario's set-up in words
 *   fc-trainer-panel-reveal.c  the rows of measured values the trainer reveals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-trainer-panel.h"

G_BEGIN_DECLS

/* One measured value the trainer can reveal. */
typedef struct
{
  char      *name;    /* (owned) */
  GtkWidget *row;     /* (unowned): in measured_list */
  GtkWidget *button;  /* (unowned) */
  GtkLabel  *value;   /* (unowned) */
} RevealRow;

struct _FcTrainerPanel
{
  GtkWidget         parent_instance;

  FcController     *controller;      /* (owned) (nullable) */
  FcScenario       *rows_scenario;   /* (owned) (nullable): the scenario the reveal rows are for */
  GPtrArray        *reveal_rows;     /* (owned) (element-type RevealRow) */
  AdwMessageDialog *restart_dialog;  /* (unowned) (nullable): while open */
  gboolean          show_window_button;

  GtkWidget        *choose_box;
  GtkWidget        *running_box;
  GtkDropDown      *scenario_dropdown;
  GtkButton        *start_button;
  GtkLabel         *title_label;
  GtkLabel         *brief_label;
  GtkLabel         *presentation_label;
  GtkLabel         *setup_label;
  GtkWidget        *brief_box;
  GtkLabel         *status_label;
  GtkButton        *pause_button;
  GtkButton        *restart_button;
  GtkLabel         *network_label;
  GtkButton        *lose_network_button;
  GtkButton        *restore_network_button;
  GtkLabel         *card_label;
  GtkButton        *pull_card_button;
  GtkButton        *reinsert_card_button;
  GtkWidget        *measured_box;
  GtkListBox       *measured_list;
  GtkButton        *window_button;
};

/* fc-trainer-panel.c: whether an incident is open (not handed over). */
gboolean  fc_trainer_panel_incident_open       (FcTrainerPanel *self);

/* fc-trainer-panel-text.c: "<consent> Card: <card>. Network: <network>." for @scenario. */
G_GNUC_WARN_UNUSED_RESULT
char     *fc_trainer_panel_setup_text          (FcScenario     *scenario);

/* fc-trainer-panel-reveal.c */
void      fc_trainer_panel_reveal_row_free     (RevealRow      *row);
/* Rebuilds the rows when @scenario changed, then shows what @kit has revealed. */
void      fc_trainer_panel_update_reveal_rows  (FcTrainerPanel *self,
                                                FcScenario     *scenario,
                                                FcTrainingKit  *kit);

G_END_DECLS
