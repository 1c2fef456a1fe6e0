/* ui-test-util.c: helpers for the UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ui-test-util"

#include "config.h"

#include "ui-test-util.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-paths.h"
#include "fc-store.h"
#include "fc-timeline.h"

static const char * const shipped[] = {
  "pilot-1-anticoagulant", "pilot-2-ckd", DIABETES_SCENARIO, NULL
};

gboolean
ui_test_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
ui_test_init_display (int *exit_code)
{
  if (!gtk_init_check ())
    {
      if (g_getenv ("FC_REQUIRE_DISPLAY") != NULL)
        {
          g_printerr ("No display, but FC_REQUIRE_DISPLAY is set\n");
          *exit_code = 1;
          return FALSE;
        }
      g_print ("1..0 # SKIP no display\n");
      *exit_code = 0;
      return FALSE;
    }
  adw_init ();
  fc_ui_load_style ();
  return TRUE;
}

gboolean
ui_test_init (int    *argc,
              char ***argv,
              int    *exit_code)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  return ui_test_init_display (exit_code);
}

void
ui_test_add (const char *path,
             UiTestFunc  func)
{
  g_test_add (path, Fixture, NULL, ui_fixture_set_up, func, ui_fixture_tear_down);
}

void
ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (10, ui_test_wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

void
ui_tap (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  /* At least the 48 px touch target (style.css), in both directions that matter. */
  if (GTK_IS_BUTTON (widget))
    {
      /* A page that has just appeared may not be allocated yet. */
      g_assert_true (WAIT_FOR (gtk_widget_get_height (widget) > 0, WAIT_MS));
      g_assert_cmpint (gtk_widget_get_height (widget), >=, 48);
      g_signal_emit_by_name (widget, "clicked");
    }
  else
    g_assert_true (gtk_widget_activate (widget));
}

void
ui_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          /* Never follow a symlink (the scenarios link the shipped bundles in). */
          if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) &&
              g_file_test (child, G_FILE_TEST_IS_DIR))
            ui_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

void
ui_write_scenario (const char         *dir,
                   const char         *id,
                   const char         *base,
                   const char * const *edits)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *base_name = g_strconcat (base, ".json", NULL);
  g_autofree char *original = g_build_filename (data_dir, "scenarios", base_name, NULL);
  g_autofree char *bundles = g_build_filename (data_dir, "scenarios", "bundles", NULL);
  g_autofree char *link = g_build_filename (dir, "bundles", NULL);
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (!g_file_test (link, G_FILE_TEST_EXISTS))
    g_assert_cmpint (symlink (bundles, link), ==, 0);
  g_file_get_contents (original, &contents, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; edits != NULL && edits[i] != NULL; i += 2)
    {
      g_autoptr(GRegex) regex = g_regex_new (edits[i], 0, 0, &error);
      g_autofree char *changed = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (edits[i + 1]);
      g_assert_true (g_regex_match (regex, contents, 0, NULL));
      changed = g_regex_replace (regex, contents, -1, 0, edits[i + 1], 0, &error);
      g_assert_no_error (error);
      g_free (contents);
      contents = g_steal_pointer (&changed);
    }
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

void
ui_reload_scenarios (Fixture *fixture)
{
  FcController *controller = fc_window_get_controller (fixture->window);

  fc_controller_load_scenarios (controller, fixture->scenario_dir);
  g_assert_null (fc_controller_get_scenario_errors (controller));
  ui_spin (20);
}

static void
set_up_common (Fixture *fixture)
{
  static const char * const no_delay[] = { "\"delay_ms\": [0-9]+", "\"delay_ms\": 0", NULL };
  g_autoptr(GError) error = NULL;

  fixture->user_dir = g_dir_make_tmp ("fieldcard-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("FIELDCARD_USER_DIR", fixture->user_dir, TRUE);

  /* The shipped scenarios wait 1–2 s for the "card" and the "network": not in tests. */
  fixture->scenario_dir = g_build_filename (fixture->user_dir, "scenarios", NULL);
  for (guint i = 0; shipped[i] != NULL; i++)
    ui_write_scenario (fixture->scenario_dir, shipped[i], shipped[i], no_delay);
}

void
ui_fixture_set_up_no_window (Fixture       *fixture,
                             gconstpointer  data)
{
  set_up_common (fixture);
}

void
ui_fixture_set_up (Fixture       *fixture,
                   gconstpointer  data)
{
  set_up_common (fixture);

  /* FC_UI_DARK=1: the same screenshots in dark mode. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_getenv ("FC_UI_DARK") != NULL ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                      : ADW_COLOR_SCHEME_DEFAULT);
  fixture->window = g_object_ref_sink (fc_window_new (NULL, TRUE));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)) &&
                           gtk_widget_get_width (GTK_WIDGET (fixture->window)) > 0, WAIT_MS));
  ui_reload_scenarios (fixture);
  ui_spin (50);
}

void
ui_fixture_tear_down_window (Fixture *fixture)
{
  FcWindow *window = g_steal_pointer (&fixture->window);

  if (window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      ui_spin (50);
      g_assert_finalize_object (window);
    }
}

void
ui_fixture_tear_down (Fixture       *fixture,
                      gconstpointer  data)
{
  ui_fixture_tear_down_window (fixture);

  ui_remove_tree (fixture->user_dir);
  g_clear_pointer (&fixture->user_dir, g_free);
  g_clear_pointer (&fixture->scenario_dir, g_free);
  g_unsetenv ("FIELDCARD_USER_DIR");
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits until the toplevel of @widget has painted a frame with what is on screen now. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (gtk_widget_get_native (widget)));
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_native (widget)));
  g_assert_true (WAIT_FOR (painted, WAIT_MS));
  g_signal_handler_disconnect (clock, handler);
}

void
ui_save_png (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("FC_UI_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *prefixed = NULL;
  const char *prefix = g_getenv ("FC_UI_SCREENSHOT_PREFIX");
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  g_assert_true (WAIT_FOR (gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0,
                           WAIT_MS));

  ui_spin (160); /* let page transitions (150 ms) finish */
  wait_for_paint (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* FC_UI_SCREENSHOT_PREFIX (e.g. "ja-") keeps the shots of another language apart. */
  prefixed = g_strconcat (prefix != NULL ? prefix : "", name, NULL);
  path = g_build_filename (dir, prefixed, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);
}

void
ui_resize (FcWindow *window,
           int       width,
           int       height)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, surface);
  GdkRectangle geometry = { 0, 0, width, height };
  int want_height;

  /* GTK keeps a window inside its monitor: on a smaller (Xvfb) screen the height is the
   * screen's; the allocation also excludes the client-side shadow. */
  if (monitor != NULL)
    gdk_monitor_get_geometry (monitor, &geometry);
  want_height = MIN (height, geometry.height) - 40;
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= width &&
                           gtk_widget_get_width (GTK_WIDGET (window)) >= width - 40 &&
                           gtk_widget_get_height (GTK_WIDGET (window)) >= want_height, WAIT_MS));
  ui_spin (100);
}

static gboolean start_page_saved;

void
ui_start_scenario (FcWindow   *window,
                   const char *scenario_id)
{
  FcStartPage *start = fc_window_get_start_page (window);

  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "start");
  g_assert_true (fc_start_page_select_scenario (start, scenario_id));
  /* The start page with its scenario list and the chosen one marked, once per test program. */
  if (!start_page_saved)
    {
      ui_save_png (GTK_WIDGET (window), "start-page.png");
      start_page_saved = TRUE;
    }
  ui_tap (fc_start_page_get_start_button (start));
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), "consent") == 0,
                           WAIT_MS));
  g_assert_nonnull (fc_controller_get_incident (fc_window_get_controller (window)));
}

void
ui_wait_page (FcWindow   *window,
              const char *page)
{
  g_assert_true (WAIT_FOR (g_strcmp0 (fc_window_get_visible_page (window), page) == 0, WAIT_MS));
}

void
ui_back_to (FcWindow   *window,
            const char *page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "view.back", NULL);
  ui_wait_page (window, page);
}

void
ui_save_portrait_png (FcWindow   *window,
                      const char *name)
{
  ui_resize (window, 800, 1280);
  ui_save_png (GTK_WIDGET (window), name);
}

void
ui_give_consent (FcWindow *window)
{
  ui_tap (fc_consent_page_get_button (fc_window_get_consent_page (window), "given"));
}

void
ui_consent_and_wait_fetch (FcWindow     *window,
                           FcFetchState  state)
{
  FcController *controller = fc_window_get_controller (window);

  ui_give_consent (window);
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == state, CARD_WAIT_MS));
}

static void
reader_status_cb (FcController *controller,
                  GParamSpec   *pspec,
                  GPtrArray    *seen)
{
  g_ptr_array_add (seen, g_strdup (fc_controller_get_reader_status (controller)));
}

void
ui_record_reader_status (FcController *controller,
                         GPtrArray    *seen)
{
  g_signal_connect (controller, "notify::reader-status", G_CALLBACK (reader_status_cb), seen);
}

void
ui_record_reader_status_stop (FcController *controller,
                              GPtrArray    *seen)
{
  g_signal_handlers_disconnect_by_data (controller, seen);
}

gboolean
ui_strings_contain (GPtrArray  *strings,
                    const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), text) == 0)
      return TRUE;
  return FALSE;
}

void
ui_type_glucose (FcGlucoseDialog *dialog,
                 const char      *keys)
{
  for (const char *k = keys; *k != '\0'; k++)
    {
      char key[2] = { *k, '\0' };
      gsize before = strlen (fc_glucose_dialog_get_text (dialog));

      ui_tap (fc_glucose_dialog_get_key (dialog, key));
      g_assert_true (WAIT_FOR (strlen (fc_glucose_dialog_get_text (dialog)) == before + 1, WAIT_MS));
    }
}

void
ui_enter_glucose (FcSummaryPage *page,
                  const char    *keys)
{
  FcGlucoseDialog *dialog;

  ui_tap (fc_summary_page_get_glucose_button (page));
  g_assert_true (WAIT_FOR (fc_summary_page_get_glucose_dialog (page) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_glucose_dialog (page))),
                           WAIT_MS));
  dialog = fc_summary_page_get_glucose_dialog (page);
  ui_type_glucose (dialog, keys);
  g_assert_cmpstr (fc_glucose_dialog_get_text (dialog), ==, keys);

  ui_tap (fc_glucose_dialog_get_key (dialog, "OK"));
  g_assert_true (WAIT_FOR (fc_summary_page_get_glucose_dialog (page) == NULL, WAIT_MS));
}

void
ui_consent_and_wait_summary (FcWindow *window)
{
  FcController *controller = fc_window_get_controller (window);

  ui_give_consent (window);
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE &&
                           g_strcmp0 (fc_window_get_visible_page (window), "summary") == 0,
                           CARD_WAIT_MS));
  g_assert_nonnull (fc_incident_get_summary (fc_controller_get_incident (controller)));
}

guint
ui_count_events (FcWindow   *window,
                 const char *kind,
                 const char *detail)
{
  FcTimeline *timeline = fc_controller_get_timeline (fc_window_get_controller (window));
  GListModel *events;
  guint count = 0;

  g_assert_nonnull (timeline);
  events = fc_timeline_get_events (timeline);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      if (g_strcmp0 (fc_timeline_event_get_kind (event), kind) == 0 &&
          (detail == NULL || g_strcmp0 (fc_timeline_event_get_detail (event), detail) == 0))
        count++;
    }
  return count;
}

guint
ui_count_db_events (FcWindow   *window,
                    const char *kind,
                    const char *detail)
{
  FcController *controller = fc_window_get_controller (window);
  FcTimeline *timeline = fc_controller_get_timeline (controller);
  g_autofree char *path = fc_controller_dup_timing_db_path (controller);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_nonnull (timeline);
  store = fc_store_open (path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  rows = fc_store_query_sync (store,
                              "SELECT kind, coalesce(detail, '') FROM events WHERE incident_id = ?1 ORDER BY seq",
                              g_variant_new ("(s)", fc_timeline_get_incident_id (timeline)), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *row_kind = NULL;
      const char *row_detail = NULL;

      g_variant_get (g_ptr_array_index (rows, i), "(&s&s)", &row_kind, &row_detail);
      if (g_str_equal (row_kind, kind) &&
          (detail == NULL || g_str_equal (row_detail, detail)))
        count++;
    }
  fc_store_close (store);
  return count;
}
