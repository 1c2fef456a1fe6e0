/* test-ui-timing.c: the time-mark bar (next point first, every point in a popover, hospital
 * calls with their outcome), corrections from the timeline view, and the Analysis page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-timing"

#include "config.h"


#include <glib/gi18n-lib.h>

#include "fc-chart.h"
#include "fc-event-label.h"
#include "fc-paths.h"
#include "fc-timeline.h"
#include "fc-timing-simulate.h"
#include "fc-window.h"
#include "ui-test-util.h"

#define N_SIMULATED 120

static FcMarkBar *
mark_bar (FcWindow *window)
{
  return fc_window_get_mark_bar (window);
}

/* Opens "Other times" and taps the button of @kind. */
static void
mark_from_popover (FcWindow   *window,
                   const char *kind)
{
  GtkWidget *button = fc_mark_bar_get_mark_button (mark_bar (window), kind);
  guint before = ui_count_events (window, kind, NULL);

  gtk_menu_button_popup (GTK_MENU_BUTTON (fc_mark_bar_get_more_button (mark_bar (window))));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (button), WAIT_MS));
  ui_tap (button);
  g_assert_true (WAIT_FOR (ui_count_events (window, kind, NULL) == before + 1, WAIT_MS));
  /* The popover closes after a mark. */
  g_assert_true (WAIT_FOR (!gtk_widget_get_mapped (button), WAIT_MS));
}

/* The sequence number of the last event of @kind in the open incident. */
static guint
last_seq_of (FcWindow   *window,
             const char *kind)
{
  FcTimeline *timeline = fc_controller_get_timeline (fc_window_get_controller (window));
  GListModel *events = fc_timeline_get_events (timeline);
  guint seq = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      if (g_str_equal (fc_timeline_event_get_kind (event), kind))
        seq = fc_timeline_event_get_seq (event);
    }
  g_assert_cmpuint (seq, >, 0);
  return seq;
}

static void
test_next_point_first (Fixture       *fixture,
                       gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  GtkWidget *next = fc_mark_bar_get_next_button (mark_bar (window));
  GtkLabel *next_label = fc_mark_bar_get_next_label (mark_bar (window));
  GtkWidget *on_scene;

  /* No incident: nothing to mark. */
  g_assert_false (gtk_widget_is_sensitive (next));
  ui_start_scenario (window, DIABETES_SCENARIO);

  /* The large button offers the first point, then the one after each mark. */
  g_assert_true (WAIT_FOR (gtk_widget_is_sensitive (next), WAIT_MS));
  g_assert_cmpstr (fc_controller_get_next_mark (controller), ==, FC_EVENT_CALL_RECEIVED);
  g_assert_cmpstr (gtk_label_get_text (next_label), ==, fc_event_time_point_label (FC_EVENT_CALL_RECEIVED));
  ui_tap (next);
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_CALL_RECEIVED, NULL) == 1, WAIT_MS));
  g_assert_cmpstr (fc_controller_get_next_mark (controller), ==, FC_EVENT_DISPATCHED);
  g_assert_true (WAIT_FOR (g_strcmp0 (gtk_label_get_text (next_label),
                                      fc_event_time_point_label (FC_EVENT_DISPATCHED)) == 0, WAIT_MS));
  g_assert_nonnull (strstr (fc_window_get_last_toast (window), fc_event_time_point_label (FC_EVENT_CALL_RECEIVED)));

  /* Any point from the popover; the next one follows the furthest point marked. */
  mark_from_popover (window, FC_EVENT_ARRIVED_SCENE);
  g_assert_cmpstr (fc_controller_get_next_mark (controller), ==, FC_EVENT_PATIENT_CONTACT);
  g_assert_true (WAIT_FOR (g_strcmp0 (gtk_label_get_text (next_label),
                                      fc_event_time_point_label (FC_EVENT_PATIENT_CONTACT)) == 0, WAIT_MS));
  on_scene = fc_mark_bar_get_mark_button (mark_bar (window), FC_EVENT_ARRIVED_SCENE);
  g_assert_true (gtk_widget_has_css_class (on_scene, "marked"));
  {
    g_autofree char *time = fc_controller_dup_mark_time (controller, FC_EVENT_ARRIVED_SCENE);

    g_assert_nonnull (time);
    g_assert_cmpuint (strlen (time), ==, 8); /* HH:MM:SS */
  }
  ui_tap (next);
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_PATIENT_CONTACT, NULL) == 1, WAIT_MS));
  g_assert_cmpstr (fc_controller_get_next_mark (controller), ==, FC_EVENT_PATIENT_LOADED);

  /* On disk. */
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_CALL_RECEIVED, NULL), ==, 1);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_ARRIVED_SCENE, NULL), ==, 1);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_PATIENT_CONTACT, NULL), ==, 1);

  /* The picture of the open popover. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (fc_mark_bar_get_more_button (mark_bar (window))));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (on_scene), WAIT_MS));
  ui_save_png (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (fc_mark_bar_get_more_button (mark_bar (window))))),
               "mark-popover.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (fc_mark_bar_get_more_button (mark_bar (window))));
}

/* Taps the call button while a call is active and answers the outcome dialog. */
static void
end_call (FcWindow   *window,
          const char *response)
{
  FcMarkBar *bar = mark_bar (window);
  AdwMessageDialog *dialog;

  ui_tap (fc_mark_bar_get_call_button (bar));
  g_assert_true (WAIT_FOR (fc_mark_bar_get_outcome_dialog (bar) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_mark_bar_get_outcome_dialog (bar))),
                           WAIT_MS));
  dialog = fc_mark_bar_get_outcome_dialog (bar);
  g_assert_true (adw_message_dialog_has_response (dialog, "accepted"));
  g_assert_true (adw_message_dialog_has_response (dialog, "declined"));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (WAIT_FOR (fc_mark_bar_get_outcome_dialog (bar) == NULL, WAIT_MS));
}

static void
test_hospital_calls (Fixture       *fixture,
                     gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcMarkBar *bar = mark_bar (window);
  GtkWidget *call = fc_mark_bar_get_call_button (bar);

  ui_start_scenario (window, DIABETES_SCENARIO);
  g_assert_cmpuint (fc_controller_get_hospital_calls (controller), ==, 0);

  /* First call: start, then declined. */
  ui_tap (call);
  g_assert_true (WAIT_FOR (fc_controller_get_hospital_call_active (controller), WAIT_MS));
  g_assert_true (gtk_widget_has_css_class (call, "call-active"));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_HOSPITAL_CALL_START, "n=1"), ==, 1);
  ui_save_png (GTK_WIDGET (window), "hospital-call-active.png");
  end_call (window, "declined");
  g_assert_false (fc_controller_get_hospital_call_active (controller));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_HOSPITAL_CALL_END, "n=1 outcome=declined"), ==, 1);

  /* Second call: "Cancel" keeps it going; then accepted. */
  ui_tap (call);
  g_assert_true (WAIT_FOR (fc_controller_get_hospital_call_active (controller), WAIT_MS));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_HOSPITAL_CALL_START, "n=2"), ==, 1);
  end_call (window, "cancel");
  g_assert_true (fc_controller_get_hospital_call_active (controller));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_HOSPITAL_CALL_END, NULL), ==, 1);
  end_call (window, "accepted");
  g_assert_false (fc_controller_get_hospital_call_active (controller));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_HOSPITAL_CALL_END, "n=2 outcome=accepted"), ==, 1);

  /* The running count is on the button, and everything is on disk. */
  g_assert_cmpuint (fc_controller_get_hospital_calls (controller), ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_text (fc_mark_bar_get_call_count_label (bar)), "2"));
  g_assert_false (gtk_widget_has_css_class (call, "call-active"));
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_HOSPITAL_CALL_START, NULL), ==, 2);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_HOSPITAL_CALL_END, "n=2 outcome=accepted"), ==, 1);
}

static void
test_correction_in_timeline (Fixture       *fixture,
                             gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcTimelinePage *page = fc_window_get_timeline_page (window);
  FcTimeline *timeline;
  AdwMessageDialog *dialog;
  GDateTime *recorded;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) wanted = NULL;
  g_autofree char *row_text = NULL;
  g_autofree char *wanted_text = NULL;
  guint on_scene, contact, n_events;

  ui_start_scenario (window, DIABETES_SCENARIO);
  timeline = fc_controller_get_timeline (controller);
  mark_from_popover (window, FC_EVENT_ARRIVED_SCENE);
  ui_tap (fc_mark_bar_get_next_button (mark_bar (window)));
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_PATIENT_CONTACT, NULL) == 1, WAIT_MS));
  on_scene = last_seq_of (window, FC_EVENT_ARRIVED_SCENE);
  contact = last_seq_of (window, FC_EVENT_PATIENT_CONTACT);

  /* The timeline view: one row per event, a readable label, HH:MM:SS. */
  ui_tap (fc_mark_bar_get_timeline_button (mark_bar (window)));
  ui_wait_page (window, "timeline");
  n_events = g_list_model_get_n_items (fc_timeline_get_events (timeline));
  g_assert_cmpuint (fc_timeline_page_get_n_rows (page), ==, n_events);
  row_text = fc_timeline_page_dup_row_text (page, on_scene);
  g_assert_nonnull (strstr (row_text, fc_event_kind_label (FC_EVENT_ARRIVED_SCENE)));
  g_clear_pointer (&row_text, g_free);
  /* Steps the app logs itself cannot be corrected; crew marks can. */
  g_assert_null (fc_timeline_page_get_correct_button (page, 1));
  g_assert_nonnull (fc_timeline_page_get_correct_button (page, on_scene));

  /* Correct "On scene" to two minutes earlier with the time picker. */
  ui_tap (fc_timeline_page_get_correct_button (page, on_scene));
  g_assert_true (WAIT_FOR (fc_timeline_page_get_correction_dialog (page) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_timeline_page_get_correction_dialog (page))),
                           WAIT_MS));
  dialog = fc_timeline_page_get_correction_dialog (page);
  recorded = fc_timeline_get_effective_wall (timeline, on_scene, NULL);
  local = g_date_time_to_local (recorded);
  wanted = g_date_time_add_minutes (local, -2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (fc_timeline_page_get_time_spin (page, "hour")), ==,
                   g_date_time_get_hour (local));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (fc_timeline_page_get_time_spin (page, "minute")), ==,
                   g_date_time_get_minute (local));
  gtk_spin_button_set_value (fc_timeline_page_get_time_spin (page, "hour"), g_date_time_get_hour (wanted));
  gtk_spin_button_set_value (fc_timeline_page_get_time_spin (page, "minute"), g_date_time_get_minute (wanted));
  gtk_spin_button_set_value (fc_timeline_page_get_time_spin (page, "second"), g_date_time_get_second (wanted));
  ui_save_png (GTK_WIDGET (dialog), "correction-dialog.png");
  adw_message_dialog_response (dialog, "set");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The correction is an event of its own; the original stays as it was. */
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_CORRECTION, NULL) == 1, WAIT_MS));
  {
    g_autofree char *prefix = g_strdup_printf ("seq=%u kind=%s wall=", on_scene, FC_EVENT_ARRIVED_SCENE);
    g_autoptr(FcTimelineEvent) correction =
      g_list_model_get_item (fc_timeline_get_events (timeline), last_seq_of (window, FC_EVENT_CORRECTION) - 1);
    g_autoptr(FcTimelineEvent) original =
      g_list_model_get_item (fc_timeline_get_events (timeline), on_scene - 1);

    g_assert_true (g_str_has_prefix (fc_timeline_event_get_detail (correction), prefix));
    g_assert_true (g_date_time_equal (fc_timeline_event_get_wall (original), recorded));
  }
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_CORRECTION, NULL), ==, 1);

  /* The view shows the new time on the mark, and the correction as such. */
  wanted_text = g_date_time_format (wanted, "%H:%M:%S");
  g_assert_true (WAIT_FOR (fc_timeline_page_get_n_rows (page) == n_events + 1, WAIT_MS));
  row_text = fc_timeline_page_dup_row_text (page, on_scene);
  g_assert_true (g_str_has_prefix (row_text, wanted_text));
  g_assert_true (gtk_widget_has_css_class (fc_timeline_page_get_row (page, on_scene), "corrected"));
  g_clear_pointer (&row_text, g_free);
  row_text = fc_timeline_page_dup_row_text (page, n_events + 1);
  g_assert_nonnull (strstr (row_text, fc_event_kind_label (FC_EVENT_CORRECTION)));
  g_assert_nonnull (strstr (row_text, wanted_text));
  g_assert_true (gtk_widget_has_css_class (fc_timeline_page_get_row (page, n_events + 1), "correction"));
  g_clear_pointer (&row_text, g_free);
  /* The mark bar shows the corrected time too. */
  {
    g_autofree char *time = fc_controller_dup_mark_time (controller, FC_EVENT_ARRIVED_SCENE);
    g_assert_cmpstr (time, ==, wanted_text);
  }

  /* "Contact" was a mistake: remove it. The next point is Contact again. */
  ui_tap (fc_timeline_page_get_correct_button (page, contact));
  g_assert_true (WAIT_FOR (fc_timeline_page_get_correction_dialog (page) != NULL, WAIT_MS));
  dialog = fc_timeline_page_get_correction_dialog (page);
  adw_message_dialog_response (dialog, "void");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_CORRECTION, NULL) == 2, WAIT_MS));
  g_assert_true (WAIT_FOR (gtk_widget_has_css_class (fc_timeline_page_get_row (page, contact), "voided"), WAIT_MS));
  g_assert_null (fc_timeline_page_get_correct_button (page, contact));
  g_assert_cmpstr (fc_controller_get_next_mark (controller), ==, FC_EVENT_PATIENT_CONTACT);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_CORRECTION, NULL), ==, 2);

  ui_save_png (GTK_WIDGET (window), "timeline-view.png");
  ui_save_portrait_png (window, "timeline-view-portrait.png");

  /* Back to the incident. */
  ui_back_to (window, "consent");
}

/* The number of pixels of @texture that are not (nearly) white. */
static guint
count_ink (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  guint ink = 0;

  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)
      ink++;
  return ink;
}

static void
test_analysis_page (Fixture       *fixture,
                    gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcAnalysisPage *page = fc_window_get_analysis_page (window);
  g_autofree char *training_dir = fc_paths_get_user_dir (TRUE);
  g_autofree char *db = g_build_filename (training_dir, "timing.db", NULL);
  g_autofree char *expected = g_strdup_printf ("%u", N_SIMULATED);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;
  guint ink;

  /* This tablet's (training) timing log, with synthetic incidents in it. */
  g_assert_cmpint (g_mkdir_with_parents (training_dir, 0700), ==, 0);
  g_assert_true (fc_timing_simulate (db, N_SIMULATED, 42, NULL, 3, NULL, &error));
  g_assert_no_error (error);

  /* Reachable from the start page. */
  ui_tap (fc_start_page_get_analysis_button (fc_window_get_start_page (window)));
  ui_wait_page (window, "analysis");
  g_assert_true (WAIT_FOR (!fc_analysis_page_get_busy (page) &&
                           fc_analysis_page_get_chart_texture (page) != NULL, WAIT_MS));
  g_assert_null (fc_analysis_page_get_error (page));

  /* The chart is drawn by the core at its file size, and there is something on it. */
  texture = fc_analysis_page_get_chart_texture (page);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, FC_CHART_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, FC_CHART_HEIGHT);
  ink = count_ink (texture);
  g_test_message ("chart: %u non-white pixels", ink);
  g_assert_cmpuint (ink, >, FC_CHART_WIDTH * FC_CHART_HEIGHT / 100);

  /* The table and the counts. */
  g_assert_cmpuint (fc_analysis_page_get_n_interval_rows (page), >=, 8);
  g_assert_nonnull (strstr (gtk_label_get_text (fc_analysis_page_get_counts_label (page)), expected));
  ui_save_png (GTK_WIDGET (window), "analysis-page.png");
  ui_save_portrait_png (window, "analysis-portrait.png");

  /* Back to the start. */
  ui_back_to (window, "start");
}

static void
test_analysis_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcAnalysisPage *page = fc_window_get_analysis_page (window);

  /* No timing.db yet: said plainly, no chart, no error. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.analysis", NULL);
  ui_wait_page (window, "analysis");
  g_assert_true (WAIT_FOR (!fc_analysis_page_get_busy (page) &&
                           strlen (gtk_label_get_text (fc_analysis_page_get_counts_label (page))) > 0,
                           WAIT_MS));
  g_assert_null (fc_analysis_page_get_chart_texture (page));
  g_assert_null (fc_analysis_page_get_error (page));
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  ui_test_add ("/fc/ui/marks/next-point-first", test_next_point_first);
  ui_test_add ("/fc/ui/marks/hospital-call-start-end-outcome", test_hospital_calls);
  ui_test_add ("/fc/ui/timeline/correction-is-an-event", test_correction_in_timeline);
  ui_test_add ("/fc/ui/analysis/renders-report-and-chart", test_analysis_page);
  ui_test_add ("/fc/ui/analysis/empty-log-said-plainly", test_analysis_empty);

  return g_test_run ();
}
