/* fc-window.h: the one window: training banner, header bar, toasts, the pages of an incident and
 * the time-mark bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fc-controller.h"
#include "fc-start-page.h"
#include "fc-consent-page.h"
#include "fc-card-page.h"
#include "fc-summary-page.h"
#include "fc-handover-page.h"
#include "fc-timeline-page.h"
#include "fc-analysis-page.h"
#include "fc-mark-bar.h"
#include "fc-trainer-panel.h"
#include "fc-debrief-page.h"
#include "fc-receipt-page.h"
#include "fc-real-config.h"

G_BEGIN_DECLS

#define FC_TYPE_WINDOW (fc_window_get_type ())

G_DECLARE_FINAL_TYPE (FcWindow, fc_window, FC, WINDOW, AdwApplicationWindow)

/* @application: (nullable). Creates its FcController and loads the scenarios. Properties:
 * "training", "config" (FcRealConfig, nullable) and "reader" (string, nullable: training with a
 * card reader), all construct-only.
 *
 * Actions: "view.timeline", "view.analysis", "view.debrief", "view.receipt", "view.back",
 * "window.toast" (s: a message), "window.trainer-window" (training: the trainer's panel in its
 * own window), "incident.end", "incident.continue-without-record". */
G_GNUC_WARN_UNUSED_RESULT
FcWindow       *fc_window_new                  (GtkApplication *application,
                                                gboolean        training);
/* Real mode when @config (nullable) is complete; training mode otherwise, with a notice in the
 * training banner that lists what is missing (@config NULL: training without a notice). */
G_GNUC_WARN_UNUSED_RESULT
FcWindow       *fc_window_new_with_config      (GtkApplication     *application,
                                                const FcRealConfig *config);
/* Training mode with a card reader (libnfc @connstring, e.g. the emulated PN532): the scenario
 * serves the record, the reader reads the emulator's card (see fc_controller_new_training_reader()). */
G_GNUC_WARN_UNUSED_RESULT
FcWindow       *fc_window_new_training_reader  (GtkApplication *application,
                                                const char     *connstring);
FcController   *fc_window_get_controller       (FcWindow       *self);
/* Training: opens (or raises) the trainer's panel in a window of its own, for a second screen;
 * NULL in real mode. (transfer none) */
GtkWindow      *fc_window_open_trainer_window  (FcWindow       *self);
/* A lasting note in the training banner (e.g. why real mode is not available); NULL hides it. */
void            fc_window_set_mode_notice      (FcWindow       *self,
                                                const char     *notice);
void            fc_window_add_toast            (FcWindow       *self,
                                                const char     *message);

/* For tests (the page getters build a page that was not built yet). The flow page ("start", "consent", "refused", "card", "summary", "handover"), or
 * "timeline" / "analysis" / "debrief" / "receipt" while one of those views is open. */
const char     *fc_window_get_visible_page     (FcWindow       *self);
FcStartPage    *fc_window_get_start_page       (FcWindow       *self);
FcConsentPage  *fc_window_get_consent_page     (FcWindow       *self);
FcCardPage     *fc_window_get_card_page        (FcWindow       *self);
FcSummaryPage  *fc_window_get_summary_page     (FcWindow       *self);
FcHandoverPage *fc_window_get_handover_page    (FcWindow       *self);
GtkWidget      *fc_window_get_refused_continue_button (FcWindow *self);
/* The time-mark button for a time point (in the mark bar's "Other times" popover). */
GtkWidget      *fc_window_get_mark_button      (FcWindow       *self,
                                                const char     *event_kind);
FcMarkBar      *fc_window_get_mark_bar         (FcWindow       *self);
FcTimelinePage *fc_window_get_timeline_page    (FcWindow       *self);
FcAnalysisPage *fc_window_get_analysis_page    (FcWindow       *self);
GtkLabel       *fc_window_get_mode_notice_label (FcWindow      *self);
GtkLabel       *fc_window_get_problem_label    (FcWindow       *self);
GtkWidget      *fc_window_get_training_banner  (FcWindow       *self);
GtkToggleButton *fc_window_get_trainer_button  (FcWindow       *self);
FcTrainerPanel *fc_window_get_trainer_panel    (FcWindow       *self);
/* (nullable): the trainer's second window while it is open. */
GtkWindow      *fc_window_get_trainer_window   (FcWindow       *self);
FcDebriefPage  *fc_window_get_debrief_page     (FcWindow       *self);
FcReceiptPage  *fc_window_get_receipt_page     (FcWindow       *self);
/* "PAUSED" in the training banner. */
GtkLabel       *fc_window_get_paused_label     (FcWindow       *self);
/* The last toast message shown (or NULL). */
const char     *fc_window_get_last_toast       (FcWindow       *self);
/* Whether a page was built yet: pages are built on first use (the getters above build them).
 * @name: a page name as in fc_window_get_visible_page(), or "trainer-panel". */
gboolean        fc_window_page_is_built        (FcWindow       *self,
                                                const char     *name);

/* Loads style.css for the default display. An AdwApplication does this by itself; tests and
 * other hosts call this once. */
void            fc_ui_load_style               (void);

G_END_DECLS
