/* test-ui-perf.c: the reader status line, the card's validity in the identity check, a long
 * record that stays usable (first rows per section, "Show all (n)"), a new record's first frame
 * (warnings first, the rest right after), record rows laid out without GTK 4.8's costly
 * measuring, and pages built on first use (issues 3 and 9).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-perf"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-nfc-transport.h"
#include "fc-paths.h"
#include "fc-summary-sections.h"
#include "fc-window.h"
#include "ui-test-util.h"

#define BIG_ITEMS 300

static const char * const no_delay[] = { "\"delay_ms\": [0-9]+", "\"delay_ms\": 0", NULL };

static void
status_changed_cb (FcController *controller,
                   GParamSpec   *pspec,
                   GPtrArray    *seen)
{
  g_ptr_array_add (seen, g_strdup (fc_controller_get_reader_status (controller)));
}

static gboolean
seen_contains (GPtrArray  *seen,
               const char *text)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_strcmp0 (g_ptr_array_index (seen, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
test_status_line_through_read (Fixture       *fixture,
                               gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  FcCardPage *card;
  GtkLabel *status;

  /* Training with the virtual card: the reader is ready before anything is read. */
  g_assert_cmpstr (fc_controller_get_reader_status (controller), ==, _("Reader ready"));

  ui_start_scenario (window, DIABETES_SCENARIO);
  card = fc_window_get_card_page (window);
  status = fc_card_page_get_status_label (card);
  g_assert_cmpstr (gtk_label_get_text (status), ==, _("Reader ready"));

  g_signal_connect (controller, "notify::reader-status", G_CALLBACK (status_changed_cb), seen);
  ui_consent_and_wait_summary (window);
  g_signal_handlers_disconnect_by_data (controller, seen);

  /* Waiting for the card while the read runs, then done; never an error. */
  g_assert_true (seen_contains (seen, _("Waiting for the card…")));
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, _("Card read"));
  for (guint i = 0; i < seen->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (seen, i), "Error"));
  g_assert_cmpstr (gtk_label_get_text (status), ==, _("Card read"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
}

static void
test_status_line_error (Fixture       *fixture,
                        gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  g_autoptr(GError) not_jpki = g_error_new_literal (FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI, "x");
  const char *what_to_do = fc_nfc_transport_describe_error (not_jpki);
  static const char * const edits[] = {
    "\"behaviour\": \"present\"", "\"behaviour\": \"wrong-application\"", NULL
  };
  FcCardPage *card;
  GtkLabel *status;
  const char *text;

  ui_write_scenario (fixture->scenario_dir, "wrong-card", DIABETES_SCENARIO, edits);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, "wrong-card");
  card = fc_window_get_card_page (window);
  status = fc_card_page_get_status_label (card);
  ui_tap (fc_consent_page_get_button (fc_window_get_consent_page (window), "given"));

  g_assert_true (WAIT_FOR (!fc_controller_get_card_busy (controller) &&
                           fc_controller_get_card_error (controller) != NULL, CARD_WAIT_MS));
  ui_spin (20);
  text = gtk_label_get_text (status);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_true (g_str_has_prefix (text, "Error: "));
  /* What to do: the transport's advice when it has one, else the controller's message. */
  g_assert_nonnull (strstr (text, what_to_do != NULL ? what_to_do :
                                  fc_controller_get_card_error (controller)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));

  /* Retry clears the error from the status line while the card is read again. */
  ui_tap (fc_card_page_get_retry_button (card));
  g_assert_true (WAIT_FOR (fc_controller_get_card_busy (controller) ||
                           fc_controller_get_card_error (controller) != NULL, WAIT_MS));
}

static void
test_validity_shown (Fixture       *fixture,
                     gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary;
  GtkLabel *validity;
  g_autofree char *expected = NULL;
  g_autofree char *date = NULL;
  FcCardIdentity *identity;

  ui_start_scenario (window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (window);
  summary = fc_window_get_summary_page (window);
  validity = fc_summary_page_get_validity_label (summary);
  identity = fc_incident_get_identity (fc_controller_get_incident (controller));
  g_assert_nonnull (identity);
  date = g_date_time_format (fc_card_identity_get_not_after (identity), "%Y-%m-%d");
  expected = g_strdup_printf (_("Valid until %s"), date);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (validity)), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (validity), ==, expected);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (validity), "error"));
  ui_save_png (GTK_WIDGET (window), "validity.png");
}

static void
test_validity_expired (Fixture       *fixture,
                       gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary;
  GtkLabel *validity;
  g_autofree char *date = NULL;
  g_autofree char *expected = NULL;
  FcCardIdentity *identity;

  ui_write_scenario (fixture->scenario_dir, "expired-certificate", "expired-certificate", no_delay);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, "expired-certificate");
  ui_consent_and_wait_summary (window);

  identity = fc_incident_get_identity (fc_controller_get_incident (controller));
  g_assert_nonnull (identity);
  g_assert_true (fc_card_identity_is_expired (identity, NULL));
  date = g_date_time_format (fc_card_identity_get_not_after (identity), "%Y-%m-%d");
  expected = g_strdup_printf (_("Certificate expired (%s)"), date);
  summary = fc_window_get_summary_page (window);
  validity = fc_summary_page_get_validity_label (summary);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (validity)), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (validity), ==, expected);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (validity), "error"));
  ui_save_png (GTK_WIDGET (window), "validity-expired.png");
}

/* The diabetes bundle with BIG_ITEMS medication statements (copies of its own one). */
static void
write_big_bundle (const char *path)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *original = g_build_filename (data_dir, "scenarios", "bundles",
                                                "pilot-3-diabetes.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *entries;
  JsonNode *template = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_parser_load_from_file (parser, original, &error);
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "entry");
  for (guint i = 0; i < json_array_get_length (entries) && template == NULL; i++)
    {
      JsonObject *resource = json_object_get_object_member (json_array_get_object_element (entries, i),
                                                            "resource");

      if (g_strcmp0 (json_object_get_string_member (resource, "resourceType"), "MedicationStatement") == 0)
        template = json_array_get_element (entries, i);
    }
  g_assert_nonnull (template);
  for (guint i = 0; i < BIG_ITEMS; i++)
    {
      JsonNode *copy = json_node_copy (template);
      JsonObject *entry = json_node_get_object (copy);
      JsonObject *resource = json_object_get_object_member (entry, "resource");
      g_autofree char *id = g_strdup_printf ("big-%u", i);
      g_autofree char *url = g_strdup_printf ("urn:uuid:big-%u", i);

      json_object_set_string_member (resource, "id", id);
      if (json_object_has_member (entry, "fullUrl"))
        json_object_set_string_member (entry, "fullUrl", url);
      json_array_add_element (entries, copy);
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_long_record_usable (Fixture       *fixture,
                         gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  g_autofree char *bundle_dir = g_build_filename (fixture->scenario_dir, "big", NULL);
  g_autofree char *bundle = g_build_filename (bundle_dir, "bundle.json", NULL);
  static const char * const edits[] = {
    "\"delay_ms\": [0-9]+", "\"delay_ms\": 0",
    "\"bundles/pilot-3-diabetes.json\"", "\"big/bundle.json\"", NULL
  };
  FcSummaryPage *summary;
  GListModel *medications;
  GtkWidget *show_all;
  g_autofree char *count = NULL;
  guint n;

  /* In a folder of its own: every .json beside the scenarios is read as a scenario. */
  g_assert_cmpint (g_mkdir_with_parents (bundle_dir, 0700), ==, 0);
  write_big_bundle (bundle);
  ui_write_scenario (fixture->scenario_dir, "big-record", DIABETES_SCENARIO, edits);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, "big-record");
  ui_consent_and_wait_summary (window);

  medications = fc_summary_get_section (fc_incident_get_summary (fc_controller_get_incident (controller)),
                                        FC_ITEM_MEDICATION);
  n = g_list_model_get_n_items (medications);
  g_assert_cmpuint (n, >=, BIG_ITEMS);

  /* A few rows and "Show all (n)" — not hundreds of rows built before the first frame. */
  summary = fc_window_get_summary_page (window);
  g_assert_cmpuint (fc_summary_page_get_section_row_count (summary, FC_ITEM_MEDICATION), <, 20);
  show_all = fc_summary_page_get_show_all_button (summary, FC_ITEM_MEDICATION);
  g_assert_nonnull (show_all);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (show_all), WAIT_MS));
  count = g_strdup_printf ("(%u)", n);
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (show_all)), count));

  /* The page is usable: the warnings are there and the handover button works. */
  {
    g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (summary);

    g_assert_cmpuint (rows->len, >, 0);
  }

  /* "Show all" builds every row of that section. */
  ui_tap (show_all);
  g_assert_true (WAIT_FOR (fc_summary_page_get_section_row_count (summary, FC_ITEM_MEDICATION) == n,
                           WAIT_MS));
  g_assert_null (fc_summary_page_get_show_all_button (summary, FC_ITEM_MEDICATION));
  ui_spin (50);

  ui_tap (fc_summary_page_get_handover_button (summary));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "handover") == 0,
                           WAIT_MS));
}

/* The first frame of a record: the summary page on screen, its warning rows laid out. */
typedef struct {
  FcWindow      *window;
  FcSummaryPage *page;
  gboolean       armed;           /* the record is in the model */
  gboolean       painted;         /* the first frame with warnings was painted */
  gboolean       complete_at_paint;
  guint          rows_at_paint;
} FirstFrame;

static void
record_set_cb (FcIncident *incident,
               GParamSpec *pspec,
               FirstFrame *ff)
{
  if (fc_incident_get_summary (incident) != NULL)
    ff->armed = TRUE;
}

static void
first_paint_cb (GdkFrameClock *clock,
                FirstFrame    *ff)
{
  guint rows;

  if (!ff->armed || ff->painted ||
      g_strcmp0 (fc_window_get_visible_page (ff->window), "summary") != 0)
    return;
  rows = fc_summary_page_count_warning_rows (ff->page);
  if (rows == 0)
    return;
  ff->painted = TRUE;
  ff->rows_at_paint = rows;
  ff->complete_at_paint = fc_summary_page_get_complete (ff->page);
}

/* The first frame of a record shows the warnings that fit on screen, without the identity check
 * and the sections; the frame after it completes the page. */
static void
test_first_frame_warnings_first (Fixture       *fixture,
                                 gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  GdkFrameClock *clock;
  FirstFrame ff = { window, NULL, FALSE, FALSE, FALSE, 0 };
  FcIncident *incident;
  GListModel *warnings;
  gulong paint_handler;
  guint n;

  ui_write_scenario (fixture->scenario_dir, "quick", DIABETES_SCENARIO, no_delay);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, "quick");
  /* Findings that add warnings (glucose 38 mg/dL, impaired consciousness) before the record. */
  incident = fc_controller_get_incident (controller);
  fc_findings_set_consciousness (fc_incident_get_findings (incident), FC_CONSCIOUSNESS_IMPAIRED);
  ff.page = fc_window_get_summary_page (window);
  g_signal_connect (incident, "notify::summary", G_CALLBACK (record_set_cb), &ff);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), &ff);

  ui_consent_and_wait_summary (window);
  g_assert_true (WAIT_FOR (ff.painted, WAIT_MS));
  warnings = fc_incident_get_warnings (incident);
  n = g_list_model_get_n_items (warnings);
  g_test_message ("%u warnings; %u rows in the first frame", n, ff.rows_at_paint);
  g_assert_cmpuint (n, >, 0);
  /* The first frame: warnings, and not yet the rest of the page. */
  g_assert_false (ff.complete_at_paint);
  g_assert_cmpuint (ff.rows_at_paint, >=, 1);
  g_assert_cmpuint (ff.rows_at_paint, <=, n);

  /* Then, without anyone asking, the whole page. */
  g_assert_true (WAIT_FOR (fc_summary_page_get_complete (ff.page), WAIT_MS));
  g_assert_true (WAIT_FOR (fc_summary_page_count_warning_rows (ff.page) == n, WAIT_MS));
  g_assert_cmpuint (fc_summary_page_get_section_row_count (ff.page, FC_ITEM_MEDICATION), >, 0);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_summary_page_get_wrong_person_button (ff.page)),
                           WAIT_MS));
  ui_save_png (GTK_WIDGET (window), "summary-first-frame-then-complete.png");

  g_signal_handler_disconnect (clock, paint_handler);
  g_signal_handlers_disconnect_by_data (incident, &ff);
}

/* GTK 4.8 measures a wrapping label that shares a horizontal box with other widgets by a search
 * over heights with a search over widths inside, and a wrapping label without a minimum width
 * at width 0 (a line per character): most of a 300-item summary's first frame before issue 9.
 * Every visible wrapping label in the rows of the warning cards and the record sections has a
 * minimum width in characters and no horizontal box with other visible children above it. */
static void
check_wrapping_labels (GtkWidget  *widget,
                       GtkWidget  *top,
                       guint      *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_wrapping_labels (child, top, n_checked);

  /* The rows (libadwaita's group headings are its own). */
  if (!GTK_IS_LABEL (widget) || !gtk_label_get_wrap (GTK_LABEL (widget)) ||
      !gtk_widget_is_drawable (widget) || gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW) == NULL)
    return;
  (*n_checked)++;
  if (gtk_label_get_width_chars (GTK_LABEL (widget)) <= 0)
    g_error ("wrapping label without a minimum width: \"%s\"", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL && ancestor != top;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      guint visible = 0;

      if (!GTK_IS_BOX (ancestor) ||
          gtk_orientable_get_orientation (GTK_ORIENTABLE (ancestor)) != GTK_ORIENTATION_HORIZONTAL)
        continue;
      for (GtkWidget *c = gtk_widget_get_first_child (ancestor); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (gtk_widget_get_visible (c))
          visible++;
      if (visible > 1)
        g_error ("wrapping label \"%s\" beside other widgets in a horizontal box",
                 gtk_label_get_text (GTK_LABEL (widget)));
    }
}

static void
test_record_rows_cheap_to_measure (Fixture       *fixture,
                                   gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcSummaryPage *page;
  GtkWidget *content;
  GtkWidget *sections;
  guint n_checked = 0;

  ui_write_scenario (fixture->scenario_dir, "quick", DIABETES_SCENARIO, no_delay);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, "quick");
  ui_consent_and_wait_summary (window);
  page = fc_window_get_summary_page (window);
  content = fc_summary_page_get_content (page);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_summary_page_get_handover_button (page)),
                           WAIT_MS));

  /* The warning cards and the record sections (the identity check's three AdwActionRows are
   * libadwaita's own). */
  for (GtkWidget *child = gtk_widget_get_first_child (content); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX (child))
      check_wrapping_labels (child, child, &n_checked);
  sections = gtk_widget_get_ancestor (fc_summary_page_get_history_button (page),
                                      FC_TYPE_SUMMARY_SECTIONS);
  g_assert_nonnull (sections);
  check_wrapping_labels (sections, sections, &n_checked);
  g_test_message ("%u wrapping labels checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 6);
}

/* The start page's scenario rows (issue 9, cold start): the same rule as the record rows. */
static void
test_scenario_rows_cheap_to_measure (Fixture       *fixture,
                                     gconstpointer  data)
{
  FcStartPage *start = fc_window_get_start_page (fixture->window);
  guint n_checked = 0;

  g_assert_cmpuint (fc_start_page_get_n_rows (start), >=, 2);
  check_wrapping_labels (GTK_WIDGET (start), GTK_WIDGET (start), &n_checked);
  g_test_message ("%u wrapping labels checked", n_checked);
  /* A title and a presentation per scenario. */
  g_assert_cmpuint (n_checked, >=, 2 * fc_start_page_get_n_rows (start));
}

static void
test_pages_built_lazily (Fixture       *fixture,
                         gconstpointer  data)
{
  FcWindow *window = fixture->window;
  static const char * const later[] = {
    "consent", "refused", "card", "summary", "handover",
    "timeline", "analysis", "debrief", "receipt", "trainer-panel", NULL
  };

  /* Right after the window is shown: the start page only. */
  g_assert_true (fc_window_page_is_built (window, "start"));
  for (guint i = 0; later[i] != NULL; i++)
    if (fc_window_page_is_built (window, later[i]))
      g_error ("page %s was built at start-up", later[i]);

  /* Each on first use. */
  ui_start_scenario (window, DIABETES_SCENARIO);
  g_assert_true (fc_window_page_is_built (window, "consent"));
  g_assert_false (fc_window_page_is_built (window, "summary"));
  ui_consent_and_wait_summary (window);
  g_assert_true (fc_window_page_is_built (window, "card"));
  g_assert_true (fc_window_page_is_built (window, "summary"));
  g_assert_false (fc_window_page_is_built (window, "timeline"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.timeline", NULL));
  g_assert_true (fc_window_page_is_built (window, "timeline"));
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "timeline");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.back", NULL));

  gtk_toggle_button_set_active (fc_window_get_trainer_button (window), TRUE);
  g_assert_true (fc_window_page_is_built (window, "trainer-panel"));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_window_get_trainer_panel (window))),
                           WAIT_MS));
}

/* The controller loads the rule set once per process, not per incident. */
static void
test_rules_loaded_once (Fixture       *fixture,
                        gconstpointer  data)
{
  FcController *controller = fc_window_get_controller (fixture->window);
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;

  ui_start_scenario (fixture->window, DIABETES_SCENARIO);
  g_object_get (fc_controller_get_incident (controller), "rule-set", &first, NULL);
  g_assert_nonnull (first);
  g_assert_nonnull (fc_incident_get_summary_source (fc_controller_get_incident (controller)));
  fc_controller_request_handover (controller);
  fc_controller_handover (controller);
  ui_spin (20);
  fc_controller_new_incident (controller);
  ui_spin (20);
  ui_start_scenario (fixture->window, DIABETES_SCENARIO);
  g_object_get (fc_controller_get_incident (controller), "rule-set", &second, NULL);
  g_assert_true (first == second);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, fc_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      if (g_getenv ("FC_REQUIRE_DISPLAY") != NULL)
        {
          g_printerr ("No display, but FC_REQUIRE_DISPLAY is set\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  fc_ui_load_style ();

  g_test_add ("/fc/ui/card/status-line-through-read", Fixture, NULL,
              ui_fixture_set_up, test_status_line_through_read, ui_fixture_tear_down);
  g_test_add ("/fc/ui/card/status-line-error-says-what-to-do", Fixture, NULL,
              ui_fixture_set_up, test_status_line_error, ui_fixture_tear_down);
  g_test_add ("/fc/ui/summary/validity-shown", Fixture, NULL,
              ui_fixture_set_up, test_validity_shown, ui_fixture_tear_down);
  g_test_add ("/fc/ui/summary/expired-certificate-shown", Fixture, NULL,
              ui_fixture_set_up, test_validity_expired, ui_fixture_tear_down);
  g_test_add ("/fc/ui/summary/long-record-shows-first-rows-and-show-all", Fixture, NULL,
              ui_fixture_set_up, test_long_record_usable, ui_fixture_tear_down);
  g_test_add ("/fc/ui/summary/first-frame-shows-warnings-then-the-rest", Fixture, NULL,
              ui_fixture_set_up, test_first_frame_warnings_first, ui_fixture_tear_down);
  g_test_add ("/fc/ui/summary/record-rows-cheap-to-measure", Fixture, NULL,
              ui_fixture_set_up, test_record_rows_cheap_to_measure, ui_fixture_tear_down);
  g_test_add ("/fc/ui/start/scenario-rows-cheap-to-measure", Fixture, NULL,
              ui_fixture_set_up, test_scenario_rows_cheap_to_measure, ui_fixture_tear_down);
  g_test_add ("/fc/ui/window/pages-built-on-first-use", Fixture, NULL,
              ui_fixture_set_up, test_pages_built_lazily, ui_fixture_tear_down);
  g_test_add ("/fc/ui/controller/rules-loaded-once", Fixture, NULL,
              ui_fixture_set_up, test_rules_loaded_once, ui_fixture_tear_down);

  return g_test_run ();
}
