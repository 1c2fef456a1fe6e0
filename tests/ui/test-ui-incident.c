/* test-ui-incident.c: the touch UI driven as a crew would, under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-incident"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-paths.h"
#include "fc-store.h"
#include "fc-timeline.h"
#include "fc-warning-row.h"
#include "fc-window.h"
#include "ui-test-util.h"

/* Rule ids of the warnings the diabetes path must show (data/rules/rules.json). */
#define RULE_DIABETES        "R04" /* diabetes on record: measure first */
#define RULE_IMPAIRED        "R05" /* + impaired consciousness: measure first, gate glucose */

#define spin ui_spin
#define tap ui_tap
#define save_png ui_save_png
#define start_scenario ui_start_scenario

static FcWarningRow *
find_warning_row (FcSummaryPage *page,
                  const char    *rule_id)
{
  g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      FcWarningRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (fc_warning_get_rule_id (fc_warning_row_get_warning (row)), rule_id) == 0)
        return row;
    }
  return NULL;
}

/* The first warning row on screen with @severity whose rule id is not in @except. */
static FcWarningRow *
find_warning_row_by_severity (FcSummaryPage      *page,
                              FcSeverity          severity,
                              const char * const *except)
{
  g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      FcWarningRow *row = g_ptr_array_index (rows, i);
      FcWarning *warning = fc_warning_row_get_warning (row);

      if (fc_warning_get_severity (warning) == severity &&
          (except == NULL || !g_strv_contains (except, fc_warning_get_rule_id (warning))))
        return row;
    }
  return NULL;
}

/* The row shows the warning's own message (in the UI language), readable on screen. */
static void
assert_row_shows_message (FcWarningRow *row)
{
  GtkLabel *label;
  FcWarning *warning;

  g_assert_nonnull (row);
  warning = fc_warning_row_get_warning (row);
  label = fc_warning_row_get_message_label (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_cmpstr (gtk_label_get_text (label), ==, fc_warning_get_message (warning));
  g_assert_cmpuint (strlen (gtk_label_get_text (label)), >, 0);
}

static gboolean
contains_ignoring_case (const char *haystack,
                        const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return strstr (h, n) != NULL;
}

/* Whether a warning row on screen (of @severity, or any when -1) has @needle in its English
 * message (the rules' wording is checked in English, whatever the UI language). */
static gboolean
any_message_contains (FcSummaryPage *page,
                      int            severity,
                      const char    *needle)
{
  g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      FcWarning *warning = fc_warning_row_get_warning (g_ptr_array_index (rows, i));

      if ((severity < 0 || (int) fc_warning_get_severity (warning) == severity) &&
          contains_ignoring_case (fc_warning_get_message_en (warning), needle))
        return TRUE;
    }
  return FALSE;
}

static void
test_diabetes_path (Fixture       *fixture,
                    gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary;
  FcHandoverPage *handover;
  FcIncident *incident;
  FcFindings *findings;
  FcWarningRow *row;
  GtkWidget *mark;
  GtkLabel *problem;
  const char *seen[] = { RULE_DIABETES, RULE_IMPAIRED, NULL, NULL, NULL };
  g_autofree char *high_rule = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *incident_id = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_mono = G_MININT64;
  gboolean saw_handover = FALSE, saw_summary_shown = FALSE, saw_arrived = FALSE;

  g_assert_true (gtk_widget_get_visible (fc_window_get_training_banner (window)));
  save_png (GTK_WIDGET (window), "start-page.png");

  /* Start → consent. */
  start_scenario (window, DIABETES_SCENARIO);
  incident = fc_controller_get_incident (controller);
  incident_id = g_strdup (fc_timeline_get_incident_id (fc_incident_get_timeline (incident)));
  save_png (GTK_WIDGET (window), "consent-page.png");

  /* A time mark is reachable from every incident page, with a toast saying the time. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (fc_mark_bar_get_more_button (fc_window_get_mark_bar (window))));
  mark = fc_window_get_mark_button (window, FC_EVENT_ARRIVED_SCENE);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (mark), WAIT_MS));
  tap (mark);
  g_assert_true (WAIT_FOR (fc_window_get_last_toast (window) != NULL, WAIT_MS));
  g_assert_nonnull (strstr (fc_window_get_last_toast (window),
                            fc_controller_mark_label (FC_EVENT_ARRIVED_SCENE)));

  /* Consent given → card (virtual, after the scenario's delay) → summary. */
  ui_give_consent (window);
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "card") == 0 ||
                           g_strcmp0 (fc_window_get_visible_page (window), "summary") == 0,
                           WAIT_MS));
  if (g_strcmp0 (fc_window_get_visible_page (window), "card") == 0)
    {
      spin (200);
      save_png (GTK_WIDGET (window), "card-page.png");
    }
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "summary") == 0 &&
                           fc_controller_get_fetch_state (controller) == FC_FETCH_DONE,
                           CARD_WAIT_MS));
  g_assert_cmpint (fc_incident_get_state (incident), ==, FC_INCIDENT_STATE_SUMMARY);
  g_assert_cmpint (fc_incident_get_consent (incident), ==, FC_CONSENT_GIVEN);

  summary = fc_window_get_summary_page (window);
  findings = fc_incident_get_findings (incident);
  g_assert_true (WAIT_FOR (find_warning_row (summary, RULE_DIABETES) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (find_warning_row (summary, RULE_DIABETES))),
                           WAIT_MS));

  /* R04's message, and a "measure blood glucose first" warning. */
  assert_row_shows_message (find_warning_row (summary, RULE_DIABETES));
  g_assert_true (any_message_contains (summary, FC_SEVERITY_CAUTION, "measure"));
  g_assert_false (any_message_contains (summary, FC_SEVERITY_CRITICAL, "contraindicated"));
  {
    g_autoptr(GPtrArray) labels = fc_summary_page_get_warning_labels (summary);
    gboolean found = FALSE;

    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)),
                     fc_warning_get_message (fc_warning_row_get_warning (find_warning_row (summary, RULE_DIABETES)))) == 0)
        found = TRUE;
    g_assert_true (found);
  }
  /* No impaired-consciousness escalation before the crew says so. */
  g_assert_null (find_warning_row (summary, RULE_IMPAIRED));

  /* Tapping a warning opens its details; it does not acknowledge anything by itself. */
  row = find_warning_row (summary, RULE_DIABETES);
  tap (GTK_WIDGET (row));
  g_assert_true (WAIT_FOR (fc_warning_row_get_expanded (find_warning_row (summary, RULE_DIABETES)),
                           WAIT_MS));
  g_assert_false (fc_warning_get_acknowledged (fc_warning_row_get_warning (find_warning_row (summary, RULE_DIABETES))));

  /* Impaired consciousness → a critical warning appears (live, from the incident's model). */
  tap (fc_summary_page_get_consciousness_button (summary, "impaired"));
  g_assert_true (WAIT_FOR (fc_findings_get_consciousness (findings) == FC_CONSCIOUSNESS_IMPAIRED,
                           WAIT_MS));
  g_assert_true (WAIT_FOR (find_warning_row_by_severity (summary, FC_SEVERITY_CRITICAL, NULL) != NULL,
                           WAIT_MS));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (fc_summary_page_get_consciousness_button (summary, "impaired"))));
  row = find_warning_row (summary, RULE_IMPAIRED);
  g_assert_nonnull (row);
  g_assert_cmpint (fc_warning_get_severity (fc_warning_row_get_warning (row)), ==, FC_SEVERITY_CRITICAL);
  assert_row_shows_message (row);

  /* Glucose 420 mg/dL → the glucose-contraindicated (high) critical warning. */
  ui_enter_glucose (summary, "420");
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_VALUE);
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 420);
  g_assert_true (WAIT_FOR (find_warning_row_by_severity (summary, FC_SEVERITY_CRITICAL, seen) != NULL,
                           WAIT_MS));
  row = find_warning_row_by_severity (summary, FC_SEVERITY_CRITICAL, seen);
  assert_row_shows_message (row);
  g_assert_true (any_message_contains (summary, FC_SEVERITY_CRITICAL, "contraindicated"));
  high_rule = g_strdup (fc_warning_get_rule_id (fc_warning_row_get_warning (row)));
  seen[2] = high_rule;
  g_test_message ("glucose-high rule: %s", high_rule);

  /* Glucose 38 mg/dL → the protocol-criteria warning; the "high" one goes away. */
  ui_enter_glucose (summary, "38");
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 38);
  g_assert_true (WAIT_FOR (find_warning_row (summary, high_rule) == NULL, WAIT_MS));
  g_assert_false (any_message_contains (summary, FC_SEVERITY_CRITICAL, "contraindicated"));
  g_assert_true (WAIT_FOR (any_message_contains (summary, FC_SEVERITY_CRITICAL, "physician"), WAIT_MS));
  row = find_warning_row_by_severity (summary, FC_SEVERITY_CRITICAL, seen);
  assert_row_shows_message (row);
  g_test_message ("glucose-low rule: %s", fc_warning_get_rule_id (fc_warning_row_get_warning (row)));

  /* The screenshots: landscape, the whole summary, and portrait. */
  spin (300);
  save_png (GTK_WIDGET (window), "summary-page.png");
  save_png (fc_summary_page_get_content (summary), "summary-content.png");
  tap (fc_summary_page_get_glucose_button (summary));
  g_assert_true (WAIT_FOR (fc_summary_page_get_glucose_dialog (summary) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_glucose_dialog (summary))),
                           WAIT_MS));
  spin (200);
  save_png (GTK_WIDGET (fc_summary_page_get_glucose_dialog (summary)), "glucose-dialog.png");
  tap (fc_glucose_dialog_get_key (fc_summary_page_get_glucose_dialog (summary), "cancel"));
  g_assert_true (WAIT_FOR (fc_summary_page_get_glucose_dialog (summary) == NULL, WAIT_MS));
  g_assert_cmpint (fc_findings_get_glucose_mg_dl (findings), ==, 38);

  /* Portrait tablet, 800×1280. GTK keeps a window inside its monitor, so on a smaller (Xvfb)
   * screen the height is the screen's; the allocation also excludes the client-side shadow. */
  {
    GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
    GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, surface);
    GdkRectangle geometry = { 0, 0, 800, 1280 };
    int want_height;

    if (monitor != NULL)
      gdk_monitor_get_geometry (monitor, &geometry);
    want_height = MIN (1280, geometry.height) - 40;
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 1280);
    g_assert_true (WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= 800 &&
                             gtk_widget_get_height (GTK_WIDGET (window)) >= want_height, WAIT_MS));
  }
  spin (300);
  save_png (GTK_WIDGET (window), "summary-portrait.png");

  /* Nothing problematic was reported for a healthy setup. */
  problem = fc_window_get_problem_label (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));

  /* Handover → "data cleared" page; the incident is HANDED_OVER. */
  tap (fc_summary_page_get_handover_button (summary));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
  handover = fc_window_get_handover_page (window);
  g_assert_cmpstr (fc_handover_page_get_visible_view (handover), ==, "confirm");
  tap (fc_handover_page_get_confirm_button (handover));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_handover_page_get_visible_view (handover), "done") == 0,
                           WAIT_MS));
  g_assert_cmpint (fc_incident_get_state (incident), ==, FC_INCIDENT_STATE_HANDED_OVER);
  g_assert_null (fc_incident_get_summary (incident));
  g_assert_null (fc_incident_get_identity (incident));
  spin (200);
  save_png (GTK_WIDGET (window), "handover-page.png");

  /* The events are in timing.db, in order, with strictly increasing monotonic time. */
  user_dir = fc_paths_get_user_dir (TRUE);
  g_assert_true (g_str_has_prefix (user_dir, fixture->user_dir));
  db_path = g_build_filename (user_dir, "timing.db", NULL);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));
  store = fc_store_open (db_path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  rows = fc_store_query_sync (store,
                              "SELECT kind, mono_us FROM events WHERE incident_id = ?1 ORDER BY seq",
                              g_variant_new ("(s)", incident_id), &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, >=, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      GVariant *event = g_ptr_array_index (rows, i);
      const char *kind = NULL;
      gint64 mono = 0;

      g_variant_get (event, "(&sx)", &kind, &mono);
      g_assert_cmpint (mono, >, last_mono);
      last_mono = mono;
      saw_handover |= g_str_equal (kind, FC_EVENT_HANDOVER);
      saw_summary_shown |= g_str_equal (kind, FC_EVENT_SUMMARY_SHOWN);
      saw_arrived |= g_str_equal (kind, FC_EVENT_ARRIVED_SCENE);
    }
  g_assert_true (saw_arrived);
  g_assert_true (saw_summary_shown);
  g_assert_true (saw_handover);
  fc_store_close (store);

  /* New incident → back to the start, marks off. */
  tap (fc_handover_page_get_new_button (handover));
  ui_wait_page (window, "start");
  g_assert_null (fc_controller_get_incident (controller));
  g_assert_false (gtk_widget_is_sensitive (fc_window_get_mark_button (window, FC_EVENT_ARRIVED_SCENE)));
  g_assert_false (gtk_widget_is_sensitive (fc_mark_bar_get_next_button (fc_window_get_mark_bar (window))));
}

static void
record_state_cb (FcIncident *incident,
                 GParamSpec *pspec,
                 GArray     *states)
{
  FcIncidentState state = fc_incident_get_state (incident);

  g_array_append_val (states, state);
}

static void
test_consent_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcIncident *incident;
  FcHandoverPage *handover;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (FcIncidentState));

  start_scenario (window, DIABETES_SCENARIO);
  incident = g_object_ref (fc_controller_get_incident (controller));
  g_signal_connect (incident, "notify::state", G_CALLBACK (record_state_cb), states);

  tap (fc_consent_page_get_button (fc_window_get_consent_page (window), "refused"));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "refused") == 0,
                           WAIT_MS));
  save_png (GTK_WIDGET (window), "refused-page.png");

  /* Give a (wrong) card read every chance to start. */
  spin (500);
  g_assert_cmpint (fc_incident_get_consent (incident), ==, FC_CONSENT_REFUSED);
  g_assert_false (fc_controller_get_card_busy (controller));

  /* Continue without record → end the incident. */
  tap (fc_window_get_refused_continue_button (window));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
  handover = fc_window_get_handover_page (window);
  tap (fc_handover_page_get_confirm_button (handover));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_handover_page_get_visible_view (handover), "done") == 0,
                           WAIT_MS));

  for (guint i = 0; i < states->len; i++)
    {
      FcIncidentState state = g_array_index (states, FcIncidentState, i);

      g_assert_cmpint (state, !=, FC_INCIDENT_STATE_READING_CARD);
      g_assert_cmpint (state, !=, FC_INCIDENT_STATE_CARD_READ);
      g_assert_cmpint (state, !=, FC_INCIDENT_STATE_FETCHING);
    }
  g_assert_null (fc_incident_get_identity (incident));
  g_assert_null (fc_incident_get_summary (incident));
  g_assert_cmpint (fc_incident_get_state (incident), ==, FC_INCIDENT_STATE_HANDED_OVER);

  g_signal_handlers_disconnect_by_func (incident, record_state_cb, states);
  g_object_unref (incident);
}

static void
test_waiver_asks_reason (Fixture       *fixture,
                         gconstpointer  data)
{
  /* A card that never arrives: the read is still waiting when the crew skips it. */
  static const char * const no_card[] = {
    "\"delay_ms\": [0-9]+", "\"delay_ms\": 0",
    "\"behaviour\": \"present\",", "\"behaviour\": \"absent\",",
    NULL
  };
  FcWindow *window = fixture->window;
  FcConsentPage *consent;
  FcIncident *incident;

  ui_write_scenario (fixture->scenario_dir, "no-card", DIABETES_SCENARIO, no_card);
  ui_reload_scenarios (fixture);
  start_scenario (window, "no-card");
  incident = fc_controller_get_incident (fc_window_get_controller (window));
  consent = fc_window_get_consent_page (window);

  /* The waiver first asks why; nothing is recorded until a reason is chosen. */
  tap (fc_consent_page_get_button (consent, "waived"));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_consent_page_get_button (consent, "unconscious")),
                           WAIT_MS));
  g_assert_cmpint (fc_incident_get_consent (incident), ==, FC_CONSENT_NONE);

  tap (fc_consent_page_get_button (consent, "unconscious"));
  g_assert_true (WAIT_FOR (fc_incident_get_consent (incident) == FC_CONSENT_WAIVED_UNABLE, WAIT_MS));

  /* The waiver allows the read: the card page is waiting for the card. */
  ui_wait_page (window, "card");
  g_assert_true (fc_controller_get_card_busy (fc_window_get_controller (window)));

  /* The crew may stop waiting at any time. */
  tap (fc_card_page_get_skip_button (fc_window_get_card_page (window)));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
  g_assert_false (fc_controller_get_card_busy (fc_window_get_controller (window)));
}

static void
test_corrupt_scenario (Fixture       *fixture,
                       gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcStartPage *start = fc_window_get_start_page (window);
  g_autofree char *dir = g_build_filename (fixture->user_dir, "broken-scenarios", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(GError) error = NULL;
  GtkLabel *label;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "{ \"title\": \"half a scenario\", ", -1, &error);
  g_assert_no_error (error);

  fc_controller_load_scenarios (controller, dir);
  spin (50);

  /* The list is empty, the error is on screen, naming the file, and Start cannot be pressed. */
  label = fc_start_page_get_error_label (start);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "broken.json"));
  g_assert_cmpuint (fc_start_page_get_n_rows (start), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (fc_start_page_get_start_button (start)));
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "start");
  save_png (GTK_WIDGET (window), "corrupt-scenario.png");

  /* Loading the shipped scenarios again brings the list back; the error goes away. */
  fc_controller_load_scenarios (controller, NULL);
  spin (50);
  g_assert_cmpuint (fc_start_page_get_n_rows (start), >, 0);
  g_assert_true (fc_start_page_select_scenario (start, DIABETES_SCENARIO));
}

static void
test_card_error_offers_retry (Fixture       *fixture,
                              gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcCardPage *card = fc_window_get_card_page (window);
  FcIncident *incident;
  GtkLabel *label;
  static const char * const edits[] = {
    "\"behaviour\": \"present\"", "\"behaviour\": \"wrong-application\"", NULL
  };

  ui_write_scenario (fixture->scenario_dir, "wrong-card", DIABETES_SCENARIO, edits);
  ui_reload_scenarios (fixture);

  start_scenario (window, "wrong-card");
  incident = fc_controller_get_incident (controller);
  ui_give_consent (window);

  /* Not a My Number card: said plainly, with Retry and Continue without card. */
  label = fc_card_page_get_error_label (card);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (label)), CARD_WAIT_MS));
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "card");
  g_assert_cmpuint (strlen (gtk_label_get_text (label)), >, 0);
  g_assert_cmpstr (gtk_label_get_text (label), ==, fc_controller_get_card_error (controller));
  g_assert_true (gtk_widget_get_mapped (fc_card_page_get_retry_button (card)));
  g_assert_null (fc_incident_get_identity (incident));
  save_png (GTK_WIDGET (window), "card-error.png");

  /* Retry reads again (and fails the same way, without a crash). */
  tap (fc_card_page_get_retry_button (card));
  g_assert_true (WAIT_FOR (fc_controller_get_card_busy (controller), WAIT_MS));
  g_assert_true (WAIT_FOR (!fc_controller_get_card_busy (controller) &&
                           fc_controller_get_card_error (controller) != NULL, CARD_WAIT_MS));

  /* Continue without card → the end of the incident; nothing was read. */
  tap (fc_card_page_get_skip_button (card));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
  g_assert_null (fc_incident_get_summary (incident));
}

static void
test_store_failure_keeps_going (Fixture       *fixture,
                                gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  g_autofree char *user_dir = fc_paths_get_user_dir (TRUE);
  g_autoptr(GError) error = NULL;
  GtkLabel *problem;
  FcIncident *incident;

  /* A file where the training folder should be: timing.db cannot be created. */
  g_file_set_contents (user_dir, "not a folder", -1, &error);
  g_assert_no_error (error);

  start_scenario (window, DIABETES_SCENARIO);
  incident = fc_controller_get_incident (controller);

  /* The crew is told, and the incident goes on with times in memory. */
  problem = fc_window_get_problem_label (window);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (problem)), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (problem), ==, fc_controller_get_problem (controller));
  save_png (GTK_WIDGET (window), "store-failure.png");

  tap (fc_mark_bar_get_next_button (fc_window_get_mark_bar (window)));
  g_assert_true (WAIT_FOR (g_list_model_get_n_items (fc_timeline_get_events (fc_incident_get_timeline (incident))) >= 2,
                           WAIT_MS));
  ui_consent_and_wait_summary (window);
  g_assert_nonnull (find_warning_row (fc_window_get_summary_page (window), RULE_DIABETES));
}

static void
test_glucose_out_of_range (void)
{
  g_autoptr(FcFindings) findings = fc_findings_new ();
  FcGlucoseDialog *dialog = fc_glucose_dialog_new (NULL, findings);
  GtkWidget *ok;

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)), WAIT_MS));

  ok = fc_glucose_dialog_get_key (dialog, "OK");
  g_assert_false (gtk_widget_is_sensitive (ok));

  ui_type_glucose (dialog, "700");

  /* 700 is out of range: said inline, OK stays off, nothing is recorded. */
  g_assert_false (gtk_widget_is_sensitive (ok));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fc_glucose_dialog_get_message_label (dialog)),
                                           "inline-error"));
  g_assert_cmpint (fc_findings_get_glucose_state (findings), ==, FC_GLUCOSE_NOT_MEASURED);

  /* HI is what the meter shows above its range. */
  tap (fc_glucose_dialog_get_key (dialog, "HI"));
  g_assert_true (WAIT_FOR (gtk_widget_is_sensitive (ok), WAIT_MS));
  tap (ok);
  g_assert_true (WAIT_FOR (fc_findings_get_glucose_state (findings) == FC_GLUCOSE_HI, WAIT_MS));

  spin (50);
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  ui_test_add ("/fc/ui/incident/diabetes-path-to-handover", test_diabetes_path);
  ui_test_add ("/fc/ui/incident/consent-refused-never-reads-card", test_consent_refused);
  ui_test_add ("/fc/ui/incident/waiver-asks-reason-then-reads", test_waiver_asks_reason);
  ui_test_add ("/fc/ui/card/not-my-number-card-offers-retry", test_card_error_offers_retry);
  ui_test_add ("/fc/ui/incident/store-failure-keeps-going", test_store_failure_keeps_going);
  ui_test_add ("/fc/ui/start/corrupt-scenario-shows-error", test_corrupt_scenario);
  g_test_add_func ("/fc/ui/glucose/out-of-range-is-refused", test_glucose_out_of_range);

  return g_test_run ();
}
