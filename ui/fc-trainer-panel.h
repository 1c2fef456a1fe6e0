/* fc-trainer-panel.h: the trainer's controls for a training drill: the scenario and its brief,
 * start / pause / resume / restart, live faults (network, card) and the values the crew gets
 * when they measure. Shown beside the crew's screen (the "Trainer" toggle) or in a second window
 * on the trainer's own screen; both bind to the same FcController.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_TRAINER_PANEL (fc_trainer_panel_get_type ())

G_DECLARE_FINAL_TYPE (FcTrainerPanel, fc_trainer_panel, FC, TRAINER_PANEL, GtkWidget)

/* Property "show-window-button" (gboolean, default TRUE): offer "Open in a separate window"
 * (activates the "window.trainer-window" action of an ancestor). */
G_GNUC_WARN_UNUSED_RESULT
GtkWidget  *fc_trainer_panel_new                 (FcController   *controller);
void        fc_trainer_panel_set_controller      (FcTrainerPanel *self,
                                                  FcController   *controller);
FcController *fc_trainer_panel_get_controller    (FcTrainerPanel *self);
void        fc_trainer_panel_set_show_window_button (FcTrainerPanel *self,
                                                     gboolean        show);
gboolean    fc_trainer_panel_get_show_window_button (FcTrainerPanel *self);

/* Short name of a measured value for the trainer ("Blood glucose" for "bgl"), and the value as
 * said to the crew ("420 mg/dL", with a no-break space). (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_trainer_panel_format_measured     (const char     *name,
                                                  const char     *value);
const char *fc_trainer_panel_measured_label      (const char     *name);

/* For tests. @which: "start", "pause" (pause / resume), "restart", "lose-network",
 * "restore-network", "pull-card", "reinsert-card", "window". */
GtkWidget  *fc_trainer_panel_get_button          (FcTrainerPanel *self,
                                                  const char     *which);
gboolean    fc_trainer_panel_select_scenario     (FcTrainerPanel *self,
                                                  const char     *id);
GtkLabel   *fc_trainer_panel_get_status_label    (FcTrainerPanel *self);
GtkLabel   *fc_trainer_panel_get_network_label   (FcTrainerPanel *self);
GtkLabel   *fc_trainer_panel_get_card_label      (FcTrainerPanel *self);
GtkLabel   *fc_trainer_panel_get_title_label     (FcTrainerPanel *self);
GtkLabel   *fc_trainer_panel_get_brief_label     (FcTrainerPanel *self);
/* The "Reveal" button of measured value @name, and the label that shows its value. */
GtkWidget  *fc_trainer_panel_get_reveal_button   (FcTrainerPanel *self,
                                                  const char     *name);
GtkLabel   *fc_trainer_panel_get_reveal_label    (FcTrainerPanel *self,
                                                  const char     *name);
/* The "start again?" question while it is open, else NULL. */
AdwMessageDialog *fc_trainer_panel_get_restart_dialog (FcTrainerPanel *self);

G_END_DECLS
