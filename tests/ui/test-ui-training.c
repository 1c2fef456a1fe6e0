/* test-ui-training.c: the trainer's panel (pause, faults, reveal, restart, second window), the
 * debrief after a drill with its PDF/PNG export, the patient access receipt, and training with
 * the emulated PN532 (the real libnfc reader path), under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-training"

#include "config.h"

#include "fc-jpki.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-paths.h"
#include "fc-timeline.h"
#include "fc-virtual-card.h"
#include "fc-window.h"
#include "ui-test-util.h"

#define spin ui_spin
#define tap ui_tap
#define save_png ui_save_png
#define start_scenario ui_start_scenario

/* pilot-3 with a card that answers slowly enough to be pulled in the middle of the read. */
#define SLOW_CARD_SCENARIO "slow-card"

static FcTrainerPanel *
open_trainer_panel (FcWindow *window)
{
  GtkToggleButton *toggle = fc_window_get_trainer_button (window);
  FcTrainerPanel *panel = fc_window_get_trainer_panel (window);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  if (!gtk_toggle_button_get_active (toggle))
    tap (GTK_WIDGET (toggle));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (panel)) &&
                           gtk_widget_get_width (GTK_WIDGET (panel)) >= 300, WAIT_MS));
  spin (400); /* the slide */
  return panel;
}

/* Taps a trainer button and waits until it did something (@cond). */
#define TAP_AND_WAIT(widget, cond) \
  G_STMT_START { \
    tap (widget); \
    g_assert_true (WAIT_FOR ((cond), WAIT_MS)); \
  } G_STMT_END

static void
hand_over (FcWindow *window)
{
  FcHandoverPage *handover = fc_window_get_handover_page (window);

  tap (fc_summary_page_get_handover_button (fc_window_get_summary_page (window)));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
  tap (fc_handover_page_get_confirm_button (handover));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_handover_page_get_visible_view (handover), "done") == 0,
                           WAIT_MS));
}

static gboolean
label_visible_with_text (GtkLabel *label)
{
  return gtk_widget_get_mapped (GTK_WIDGET (label)) && *gtk_label_get_text (label) != '\0';
}

/* Scrolls the page (its first child is the scrolled window) to @fraction of its length and saves
 * a screenshot of the window as @name (nullable: just scroll). */
static void
scroll_and_save (GtkWidget  *page,
                 double      fraction,
                 const char *name)
{
  GtkAdjustment *adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (page)));
  double range = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment) + fraction * range);
  if (name != NULL)
    save_png (GTK_WIDGET (gtk_widget_get_root (page)), name);
}

/* /fc/ui/training/pause-shows-banner-and-logs: the trainer pauses from the side panel (the
 * crew's screen stays usable), the banner says so, training-paused/-resumed are written; the
 * second window drives the same drill. */
static void
test_pause_resume (Fixture       *fixture,
                   gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcTrainerPanel *panel;
  GtkWidget *pause;
  GtkWindow *second;
  FcTrainerPanel *second_panel;
  GtkWidget *content;

  /* The crew's window has no trainer panel in view until the trainer asks for it. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fc_window_get_trainer_panel (window))));
  start_scenario (window, DIABETES_SCENARIO);
  panel = open_trainer_panel (window);

  g_assert_cmpstr (gtk_label_get_text (fc_trainer_panel_get_title_label (panel)), ==,
                   fc_scenario_get_title (fc_controller_get_scenario (controller)));
  g_assert_true (label_visible_with_text (fc_trainer_panel_get_brief_label (panel)));
  /* The crew's screen stays usable beside the panel. */
  g_assert_true (gtk_widget_get_mapped (fc_consent_page_get_button (fc_window_get_consent_page (window), "given")));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fc_window_get_consent_page (window))), >=, 600);

  pause = fc_trainer_panel_get_button (panel, "pause");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fc_window_get_paused_label (window))));
  TAP_AND_WAIT (pause, fc_controller_get_paused (controller));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_window_get_paused_label (window))),
                           WAIT_MS));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pause)), ==, _("Resume"));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_TRAINING_PAUSED, NULL), ==, 1);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_TRAINING_PAUSED, NULL), ==, 1);
  save_png (GTK_WIDGET (window), "trainer-panel.png");

  TAP_AND_WAIT (pause, !fc_controller_get_paused (controller));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fc_window_get_paused_label (window))));
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_TRAINING_RESUMED, NULL), ==, 1);

  /* The trainer's own screen: the same drill from a second window. */
  second = fc_window_open_trainer_window (window);
  g_assert_nonnull (second);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (second)), WAIT_MS));
  g_assert_true (fc_window_get_trainer_window (window) == second);
  content = adw_window_get_content (ADW_WINDOW (second));
  second_panel = FC_TRAINER_PANEL (gtk_widget_get_last_child (content));
  g_assert_false (gtk_widget_get_visible (fc_trainer_panel_get_button (second_panel, "window")));
  g_assert_true (WAIT_FOR (gtk_widget_get_height (fc_trainer_panel_get_button (second_panel, "pause")) > 0,
                           WAIT_MS));
  TAP_AND_WAIT (fc_trainer_panel_get_button (second_panel, "pause"),
                fc_controller_get_paused (controller));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_window_get_paused_label (window))),
                           WAIT_MS));
  /* The side panel follows. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pause)), ==, _("Resume"));
  save_png (GTK_WIDGET (second), "trainer-window.png");
  gtk_window_destroy (second);
  g_assert_true (WAIT_FOR (fc_window_get_trainer_window (window) == NULL, WAIT_MS));

  /* Portrait tablet: the panel beside a narrower crew screen. */
  ui_resize (window, 800, 1280);
  open_trainer_panel (window);
  save_png (GTK_WIDGET (window), "trainer-panel-portrait.png");
  g_assert_true (gtk_widget_get_mapped (fc_consent_page_get_button (fc_window_get_consent_page (window), "given")));
}

/* /fc/ui/training/lose-network-then-restore: the fetch fails with the offline message; after
 * "restore network" Retry brings the record. */
static void
test_lose_network (Fixture       *fixture,
                   gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  FcTrainerPanel *panel;
  const char *offline = _("The summary service cannot be reached (no signal, or the service is down). Retry when you have signal, or continue without the record.");

  start_scenario (window, DIABETES_SCENARIO);
  panel = open_trainer_panel (window);
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_RESTORE_NETWORK)));

  TAP_AND_WAIT (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_LOSE_NETWORK),
                fc_training_kit_get_network_lost (fc_controller_get_training_kit (controller)));
  g_assert_cmpstr (gtk_label_get_text (fc_trainer_panel_get_network_label (panel)), ==,
                   _("Network: lost (fetching the record fails)"));
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_LOSE_NETWORK)));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_TRAINING_FAULT, "fault=lose-network"), ==, 1);

  ui_give_consent (window);
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_FAILED &&
                           g_strcmp0 (fc_window_get_visible_page (window), "summary") == 0,
                           CARD_WAIT_MS));
  g_assert_cmpstr (fc_controller_get_fetch_error (controller), ==, offline);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_fetch_label (summary))),
                           WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (fc_summary_page_get_fetch_label (summary)), ==, offline);

  TAP_AND_WAIT (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_RESTORE_NETWORK),
                !fc_training_kit_get_network_lost (fc_controller_get_training_kit (controller)));
  tap (fc_summary_page_get_fetch_button (summary, "retry"));
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE, CARD_WAIT_MS));
  g_assert_nonnull (fc_incident_get_summary (fc_controller_get_incident (controller)));
}

/* /fc/ui/training/pull-card-mid-read: the card page says the card was moved away; after
 * "reinsert" Retry reads it. */
static void
test_pull_card (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const slow[] = {
    "\"delay_ms\": [0-9]+", "\"delay_ms\": 0",
    "\"behaviour\": \"present\",", "\"behaviour\": \"present\", \"byte_delay_us\": 800,",
    NULL
  };
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcCardPage *card = fc_window_get_card_page (window);
  FcTrainerPanel *panel;
  FcTrainingKit *kit;

  ui_write_scenario (fixture->scenario_dir, SLOW_CARD_SCENARIO, DIABETES_SCENARIO, slow);
  ui_reload_scenarios (fixture);
  start_scenario (window, SLOW_CARD_SCENARIO);
  panel = open_trainer_panel (window);
  kit = fc_controller_get_training_kit (controller);
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_REINSERT_CARD)));

  ui_give_consent (window);
  g_assert_true (WAIT_FOR (fc_controller_get_card_busy (controller) &&
                           fc_virtual_card_get_apdu_count (FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit))) > 2,
                           WAIT_MS));
  /* The read waits up to FC_JPKI_REPRESENT_TIMEOUT_MS for the card to come back before it
   * reports the removal. */
  tap (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_PULL_CARD));
  g_assert_true (WAIT_FOR (fc_controller_get_card_error (controller) != NULL,
                           FC_JPKI_REPRESENT_TIMEOUT_MS + WAIT_MS));
  g_assert_true (fc_training_kit_get_card_pulled (kit));
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "card");
  g_assert_true (WAIT_FOR (label_visible_with_text (fc_card_page_get_error_label (card)), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (fc_card_page_get_error_label (card)), ==,
                   fc_controller_get_card_error (controller));
  g_assert_cmpstr (gtk_label_get_text (fc_trainer_panel_get_card_label (panel)), ==,
                   _("Card: away from the reader"));
  g_assert_null (fc_incident_get_identity (fc_controller_get_incident (controller)));

  /* The second read need not be slow. */
  fc_training_kit_set_time_scale (kit, 0);
  TAP_AND_WAIT (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_REINSERT_CARD),
                !fc_training_kit_get_card_pulled (kit));
  tap (fc_card_page_get_retry_button (card));
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE, CARD_WAIT_MS));
  g_assert_nonnull (fc_incident_get_identity (fc_controller_get_incident (controller)));
}

/* /fc/ui/training/reveal-shows-value: the measured glucose is shown to the trainer (not the
 * crew), and only its name is logged. */
static void
test_reveal (Fixture       *fixture,
             gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcTrainerPanel *panel;
  GtkLabel *value;
  g_autofree char *expected = NULL;

  start_scenario (window, DIABETES_SCENARIO);
  panel = open_trainer_panel (window);
  value = fc_trainer_panel_get_reveal_label (panel, "bgl");
  g_assert_nonnull (value);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (value)));
  /* Only the scenario's values are offered. */
  g_assert_null (fc_trainer_panel_get_reveal_button (panel, "temp"));

  TAP_AND_WAIT (fc_trainer_panel_get_reveal_button (panel, "bgl"),
                gtk_widget_get_mapped (GTK_WIDGET (value)));
  expected = fc_trainer_panel_format_measured ("bgl", "420");
  g_assert_cmpstr (expected, ==, "420\u00a0mg/dL");
  g_assert_cmpstr (gtk_label_get_text (value), ==, expected);
  g_assert_false (gtk_widget_get_visible (fc_trainer_panel_get_reveal_button (panel, "bgl")));
  g_assert_true (g_strv_contains (fc_training_kit_get_revealed (fc_controller_get_training_kit (controller)), "bgl"));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_TRAINING_REVEAL, "name=bgl"), ==, 1);
  scroll_and_save (GTK_WIDGET (panel), 0.6, "trainer-reveal.png");
  /* The crew still enters it themselves: nothing was entered for them. */
  g_assert_cmpint (fc_findings_get_glucose_state (fc_incident_get_findings (fc_controller_get_incident (controller))),
                   ==, FC_GLUCOSE_NOT_MEASURED);
}

/* /fc/ui/training/restart-same-scenario: "Restart…" asks, then a new incident starts with the
 * same scenario; the panel can also start a drill from the start page. */
static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcTrainerPanel *panel;
  g_autofree char *first = NULL;
  AdwMessageDialog *dialog;

  panel = open_trainer_panel (window);
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, "pause")));
  g_assert_true (fc_trainer_panel_select_scenario (panel, DIABETES_SCENARIO));
  TAP_AND_WAIT (fc_trainer_panel_get_button (panel, "start"),
                g_strcmp0 (fc_window_get_visible_page (window), "consent") == 0);
  g_assert_nonnull (fc_controller_get_incident (controller));
  first = g_strdup (fc_timeline_get_incident_id (fc_controller_get_timeline (controller)));

  tap (fc_trainer_panel_get_button (panel, "restart"));
  g_assert_true (WAIT_FOR ((dialog = fc_trainer_panel_get_restart_dialog (panel)) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (dialog)), WAIT_MS));
  adw_message_dialog_response (dialog, "restart");
  g_assert_true (WAIT_FOR (fc_controller_get_timeline (controller) != NULL &&
                           g_strcmp0 (fc_timeline_get_incident_id (fc_controller_get_timeline (controller)),
                                      first) != 0, WAIT_MS));
  g_assert_cmpstr (fc_scenario_get_id (fc_controller_get_scenario (controller)), ==, DIABETES_SCENARIO);
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "consent");
  g_assert_null (fc_trainer_panel_get_restart_dialog (panel));
}

static void
assert_file_starts_with (const char *path,
                         const char *magic,
                         gsize       magic_len)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, magic_len);
  g_assert_cmpmem (contents, magic_len, magic, magic_len);
}

static void
assert_toast_names (FcWindow   *window,
                    const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  g_assert_nonnull (fc_window_get_last_toast (window));
  g_assert_nonnull (strstr (fc_window_get_last_toast (window), name));
}

/* /fc/ui/training/debrief-missed-glucose: after a pilot-3 run without a glucose entry the
 * debrief says so; PDF and PNG are written; the access receipt shows a QR code. */
static void
test_debrief_missed (Fixture       *fixture,
                     gconstpointer  data)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  FcWindow *window = fixture->window;
  FcHandoverPage *handover = fc_window_get_handover_page (window);
  FcDebriefPage *page = fc_window_get_debrief_page (window);
  FcReceiptPage *receipt = fc_window_get_receipt_page (window);
  FcDebrief *debrief;
  const char * const *codes;
  const char * const *missed;
  g_autofree char *missed_text = NULL;
  g_autofree char *pdf_name = NULL;
  GdkTexture *texture;
  int index = -1;

  start_scenario (window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (window);
  hand_over (window);

  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_handover_page_get_debrief_button (handover)),
                           WAIT_MS));
  g_assert_true (gtk_widget_get_mapped (fc_handover_page_get_receipt_button (handover)));
  spin (300); /* the page's crossfade */
  save_png (GTK_WIDGET (window), "handover-done-training.png");
  tap (fc_handover_page_get_debrief_button (handover));
  ui_wait_page (window, "debrief");

  debrief = fc_debrief_page_get_debrief (page);
  g_assert_nonnull (debrief);
  codes = fc_debrief_get_missed_codes (debrief);
  missed = fc_debrief_get_missed (debrief);
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_equal (codes[i], "glucose-not-entered"))
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  missed_text = fc_debrief_page_dup_missed_text (page);
  g_assert_nonnull (strstr (missed_text, missed[index]));
  g_assert_cmpuint (fc_debrief_page_get_n_target_rows (page), ==, 4);
  g_assert_cmpstr (fc_debrief_page_get_target_outcome (page, "glucose-before-decision"), ==,
                   _("Missed"));
  g_assert_cmpstr (fc_debrief_page_get_target_outcome (page, "contact-to-summary"), !=, NULL);
  /* Every expected warning that was shown is a row (G2 only comes with a measured value). */
  g_assert_cmpuint (fc_debrief_page_get_n_warning_rows (page), >=, 4);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_debrief_page_get_preview (page)), WAIT_MS));
  spin (300); /* the view's crossfade */
  save_png (GTK_WIDGET (window), "debrief-page.png");
  scroll_and_save (GTK_WIDGET (page), 0.45, "debrief-page-2.png");
  scroll_and_save (GTK_WIDGET (page), 1.0, "debrief-page-3.png");
  scroll_and_save (GTK_WIDGET (page), 0.0, NULL);

  /* Export through the Save buttons (the chooser is bypassed in tests). */
  fc_debrief_page_set_save_folder_for_testing (page, fixture->user_dir);
  tap (fc_debrief_page_get_save_button (page, "pdf"));
  g_assert_true (WAIT_FOR (fc_debrief_page_get_last_saved (page) != NULL, WAIT_MS));
  pdf_name = fc_debrief_page_dup_default_name (page, "pdf");
  g_assert_true (g_str_has_prefix (pdf_name, "debrief-" DIABETES_SCENARIO "-"));
  g_assert_true (g_str_has_suffix (fc_debrief_page_get_last_saved (page), pdf_name));
  assert_file_starts_with (fc_debrief_page_get_last_saved (page), "%PDF", 4);
  assert_toast_names (window, fc_debrief_page_get_last_saved (page));

  tap (fc_debrief_page_get_save_button (page, "png"));
  g_assert_true (WAIT_FOR (g_str_has_suffix (fc_debrief_page_get_last_saved (page), ".png"), WAIT_MS));
  assert_file_starts_with (fc_debrief_page_get_last_saved (page), (const char *) png_magic,
                           sizeof png_magic);
  assert_toast_names (window, fc_debrief_page_get_last_saved (page));

  /* Back to the handover page, then the patient's access receipt. */
  ui_back_to (window, "handover");
  tap (fc_handover_page_get_receipt_button (handover));
  ui_wait_page (window, "receipt");
  texture = fc_receipt_page_get_texture (receipt);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 0);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_receipt_page_get_picture (receipt)), WAIT_MS));
  /* Large enough to scan from a phone. */
  g_assert_true (WAIT_FOR (gtk_widget_get_width (fc_receipt_page_get_picture (receipt)) >= 400, WAIT_MS));
  g_assert_true (label_visible_with_text (fc_receipt_page_get_text_label (receipt)));
  g_assert_cmpstr (gtk_label_get_text (fc_receipt_page_get_text_label (receipt)), ==,
                   fc_receipt_page_get_text (receipt));
  spin (300); /* the view's crossfade */
  save_png (GTK_WIDGET (window), "receipt-page.png");

  ui_resize (window, 800, 1280);
  save_png (GTK_WIDGET (window), "receipt-portrait.png");

  fc_receipt_page_set_save_folder_for_testing (receipt, fixture->user_dir);
  tap (fc_receipt_page_get_save_button (receipt));
  g_assert_true (WAIT_FOR (fc_receipt_page_get_last_saved (receipt) != NULL, WAIT_MS));
  assert_file_starts_with (fc_receipt_page_get_last_saved (receipt), "%PDF", 4);
  assert_toast_names (window, fc_receipt_page_get_last_saved (receipt));

  /* A new incident leaves the receipt behind. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.back", NULL);
  tap (fc_handover_page_get_new_button (handover));
  ui_wait_page (window, "start");
}

/* /fc/ui/training/debrief-glucose-entered: with the glucose measured and entered before the
 * handover, the target is met and nothing about glucose is missed. */
static void
test_debrief_met (Fixture       *fixture,
                  gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcDebriefPage *page = fc_window_get_debrief_page (window);
  FcDebrief *debrief;
  const char * const *codes;

  start_scenario (window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (window);
  ui_enter_glucose (fc_window_get_summary_page (window), "420");
  hand_over (window);

  tap (fc_handover_page_get_debrief_button (fc_window_get_handover_page (window)));
  ui_wait_page (window, "debrief");
  debrief = fc_debrief_page_get_debrief (page);
  g_assert_nonnull (debrief);
  codes = fc_debrief_get_missed_codes (debrief);
  g_assert_false (g_strv_contains (codes, "glucose-not-entered"));
  g_assert_cmpstr (fc_debrief_page_get_target_outcome (page, "glucose-before-decision"), ==, _("Met"));
  g_assert_cmpstr (fc_debrief_page_get_target_outcome (page, "contact-to-glucose"), !=, _("Missed"));
  /* G2 (high glucose) came on screen once the value was entered. */
  g_assert_nonnull (fc_controller_get_shown_warning_message (fc_window_get_controller (window), "G2"));

  ui_resize (window, 800, 1280);
  save_png (GTK_WIDGET (window), "debrief-portrait.png");
}

/* /fc/ui/receipt/none-after-refusal: nothing was read, so no receipt is offered. */
static void
test_no_receipt_after_refusal (Fixture       *fixture,
                               gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcHandoverPage *handover = fc_window_get_handover_page (window);

  start_scenario (window, DIABETES_SCENARIO);
  tap (fc_consent_page_get_button (fc_window_get_consent_page (window), "refused"));
  ui_wait_page (window, "refused");
  tap (fc_window_get_refused_continue_button (window));
  ui_wait_page (window, "handover");
  tap (fc_handover_page_get_confirm_button (handover));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_handover_page_get_visible_view (handover), "done") == 0,
                           WAIT_MS));
  g_assert_false (gtk_widget_get_visible (fc_handover_page_get_receipt_button (handover)));
  g_assert_true (gtk_widget_get_visible (fc_handover_page_get_debrief_button (handover)));
  g_assert_null (fc_controller_build_receipt (fc_window_get_controller (window)));
}

/* The emulated PN532 program serving a scenario's card on a pty. */
typedef struct
{
  GPid  pid;
  int   in_fd;
  char *connstring;
} Emulator;

static void
emulator_start (Emulator   *emu,
                const char *scenario,
                const char *ca_path)
{
  const char *argv[] = { FC_PN532_EMULATOR, "--scenario", scenario, "--write-ca", ca_path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  g_autofree char *pty = NULL;
  int out_fd = -1;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &emu->pid, &emu->in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  g_io_channel_read_line (out, &pty, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_channel_read_line (out, &emu->connstring, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emu->connstring);
  g_strstrip (emu->connstring);
  g_assert_true (g_str_has_prefix (emu->connstring, "pn532_uart:"));
  g_assert_true (g_file_test (ca_path, G_FILE_TEST_EXISTS));
}

static void
emulator_stop (Emulator *emu)
{
  int status = 0;

  kill (emu->pid, SIGTERM);
  g_assert_cmpint (waitpid (emu->pid, &status, 0), ==, emu->pid);
  g_spawn_close_pid (emu->pid);
  close (emu->in_fd);
  g_free (emu->connstring);
}

static FcWindow *
present_reader_window (Fixture    *fixture,
                       const char *connstring)
{
  FcWindow *window = g_object_ref_sink (fc_window_new_training_reader (NULL, connstring));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), WAIT_MS));
  fixture->window = window;
  ui_reload_scenarios (fixture);
  return window;
}

/* /fc/ui/training/emulator-reader-path: fieldcard --training --reader=… reads the emulator's
 * card through libnfc (pn532_uart on a pty), trusting the CA it wrote, and the scenario serves
 * the record. Without that CA the crew is told how to start the emulator. */
static void
test_emulator_reader (Fixture       *fixture,
                      gconstpointer  data)
{
  FcWindow *window;
  FcController *controller;
  FcTrainerPanel *panel;
  g_autofree char *training_dir = fc_paths_get_user_dir (TRUE);
  g_autofree char *ca_path = NULL;
  g_autofree char *scenario = g_build_filename (fixture->scenario_dir, DIABETES_SCENARIO ".json", NULL);
  Emulator emu = { 0, -1, NULL };
  FcTrainingKit *kit;

  g_assert_cmpint (g_mkdir_with_parents (training_dir, 0700), ==, 0);

  /* No CA yet: said plainly, with what to do, without touching the reader. */
  window = present_reader_window (fixture, "pn532_uart:/nonexistent:115200");
  controller = fc_window_get_controller (window);
  ca_path = fc_controller_dup_training_ca_path ();
  g_assert_true (g_str_has_prefix (ca_path, training_dir));
  g_assert_true (label_visible_with_text (fc_window_get_mode_notice_label (window)));
  start_scenario (window, DIABETES_SCENARIO);
  ui_give_consent (window);
  g_assert_true (WAIT_FOR (fc_controller_get_card_error (controller) != NULL, WAIT_MS));
  g_assert_nonnull (strstr (fc_controller_get_card_error (controller), "--write-ca"));
  ui_fixture_tear_down_window (fixture);

  /* The emulator serves the scenario's card and writes its CA where the app looks. */
  emulator_start (&emu, scenario, ca_path);
  window = present_reader_window (fixture, emu.connstring);
  controller = fc_window_get_controller (window);
  g_assert_cmpstr (fc_controller_get_reader_connstring (controller), ==, emu.connstring);
  start_scenario (window, DIABETES_SCENARIO);
  kit = fc_controller_get_training_kit (controller);

  /* The card faults belong to the emulator now. */
  panel = open_trainer_panel (window);
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_PULL_CARD)));
  g_assert_true (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_LOSE_NETWORK)));

  ui_consent_and_wait_summary (window);
  g_assert_nonnull (fc_incident_get_identity (fc_controller_get_incident (controller)));
  /* Read through the reader, not the kit's virtual card. */
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (FC_VIRTUAL_CARD (fc_training_kit_get_transport (kit))), ==, 0);
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_CARD_READ, NULL), ==, 1);

  ui_fixture_tear_down_window (fixture);
  emulator_stop (&emu);
}

/* /fc/ui/training/panel-new-and-properties: the panel alone, without a controller; its property
 * round-trips, and measured values as said to the crew. */
static void
test_panel_properties (void)
{
  FcTrainerPanel *panel = FC_TRAINER_PANEL (g_object_ref_sink (fc_trainer_panel_new (NULL)));
  g_autoptr(FcController) controller = fc_controller_new (TRUE);
  g_autofree char *yes = fc_trainer_panel_format_measured ("head-injury", "true");
  g_autofree char *lo = fc_trainer_panel_format_measured ("bgl", "LO");
  g_autofree char *bp = fc_trainer_panel_format_measured ("bp", "92/60");
  g_autofree char *breathing = fc_trainer_panel_format_measured ("breathing", "shallow");
  gboolean show = TRUE;
  FcController *got = NULL;

  g_assert_null (fc_trainer_panel_get_controller (panel));
  g_assert_true (fc_trainer_panel_get_show_window_button (panel));
  g_object_set (panel, "show-window-button", FALSE, "controller", controller, NULL);
  g_object_get (panel, "show-window-button", &show, "controller", &got, NULL);
  g_assert_false (show);
  g_assert_true (got == controller);
  g_object_unref (got);
  /* Without an incident nothing can be paused, faulted or restarted. */
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, "pause")));
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, FC_TRAINING_FAULT_PULL_CARD)));
  g_assert_false (gtk_widget_is_sensitive (fc_trainer_panel_get_button (panel, "restart")));
  g_assert_null (fc_trainer_panel_get_button (panel, "no-such-button"));
  g_assert_false (fc_trainer_panel_select_scenario (panel, "no-such-scenario"));
  g_assert_false (fc_controller_training_inject (controller, FC_TRAINING_FAULT_PULL_CARD, NULL));

  g_assert_cmpstr (yes, ==, _("yes"));
  g_assert_cmpstr (lo, ==, "LO");
  g_assert_cmpstr (bp, ==, "92/60\u00a0mmHg");
  g_assert_cmpstr (breathing, ==, "shallow");
  g_assert_cmpstr (fc_trainer_panel_measured_label ("unknown-name"), ==, "unknown-name");

  fc_trainer_panel_set_controller (panel, NULL);
  g_assert_finalize_object (panel);
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  g_test_add_func ("/fc/ui/training/panel-new-and-properties", test_panel_properties);
  ui_test_add ("/fc/ui/training/pause-shows-banner-and-logs", test_pause_resume);
  ui_test_add ("/fc/ui/training/lose-network-then-restore", test_lose_network);
  ui_test_add ("/fc/ui/training/pull-card-mid-read", test_pull_card);
  ui_test_add ("/fc/ui/training/reveal-shows-value", test_reveal);
  ui_test_add ("/fc/ui/training/restart-same-scenario", test_restart);
  ui_test_add ("/fc/ui/training/debrief-missed-glucose-export-and-receipt", test_debrief_missed);
  ui_test_add ("/fc/ui/training/debrief-glucose-entered", test_debrief_met);
  ui_test_add ("/fc/ui/receipt/none-after-refusal", test_no_receipt_after_refusal);
  g_test_add ("/fc/ui/training/emulator-reader-path", Fixture, NULL,
              ui_fixture_set_up_no_window, test_emulator_reader, ui_fixture_tear_down);

  return g_test_run ();
}
