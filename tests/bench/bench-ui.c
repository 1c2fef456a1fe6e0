/* bench-ui.c: timing the summary page's frames (see bench-ui.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include "bench-ui.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-paths.h"

void
bench_ui_init_gtk (void)
{
  fc_application_choose_renderer ();
  gtk_init ();
  adw_init ();
  fc_ui_load_style ();
}

static FcSummaryPage *
summary_page_on_screen (FcWindow *window)
{
  if (g_strcmp0 (fc_window_get_visible_page (window), "summary") != 0 ||
      !fc_window_page_is_built (window, "summary"))
    return NULL;
  return fc_window_get_summary_page (window);
}

/* The page on screen is the summary, no page transition is running, and (when the record
 * gave warnings) at least one warning row is mapped and laid out. */
static gboolean
warnings_on_screen (BenchFrames *frames)
{
  FcSummaryPage *page = summary_page_on_screen (frames->window);
  FcIncident *incident;
  GtkWidget *stack;

  if (page == NULL || !gtk_widget_get_mapped (GTK_WIDGET (page)))
    return FALSE;
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_STACK);
  if (stack != NULL && gtk_stack_get_transition_running (GTK_STACK (stack)))
    return FALSE;
  incident = fc_controller_get_incident (fc_window_get_controller (frames->window));
  if (incident == NULL || g_list_model_get_n_items (fc_incident_get_warnings (incident)) == 0)
    return TRUE;
  return fc_summary_page_count_warning_rows (page) > 0;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 BenchFrames   *frames)
{
  if (frames->t_model != 0 && frames->t_frame == 0)
    frames->t_frame = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                BenchFrames   *frames)
{
  FcSummaryPage *page;

  if (frames->t_model == 0)
    return;
  if (frames->t_paint == 0 && warnings_on_screen (frames))
    frames->t_paint = g_get_monotonic_time ();
  page = summary_page_on_screen (frames->window);
  if (frames->t_paint != 0 && frames->t_complete == 0 && page != NULL &&
      fc_summary_page_get_complete (page))
    frames->t_complete = g_get_monotonic_time ();
}

void
bench_frames_watch (BenchFrames *frames,
                    FcWindow    *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_assert (clock != NULL);
  frames->window = window;
  frames->clock = g_object_ref (clock);
  frames->before_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb),
                                             frames);
  frames->after_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb),
                                            frames);
}

void
bench_frames_unwatch (BenchFrames *frames)
{
  if (frames->clock == NULL)
    return;
  g_clear_signal_handler (&frames->before_handler, frames->clock);
  g_clear_signal_handler (&frames->after_handler, frames->clock);
  g_clear_object (&frames->clock);
}

void
bench_frames_arm (BenchFrames *frames)
{
  frames->t_frame = frames->t_paint = frames->t_complete = 0;
  frames->t_model = g_get_monotonic_time ();
}

gboolean
bench_frames_painted (BenchFrames *frames)
{
  return frames->t_paint != 0;
}

gboolean
bench_frames_complete (BenchFrames *frames)
{
  return frames->t_complete != 0;
}

/* Spinning the main loop */

gboolean
bench_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
bench_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  BENCH_SPIN_UNTIL (g_get_monotonic_time () >= end);
}

gint64
bench_event_time (FcIncident *incident,
                  const char *kind)
{
  GListModel *events = fc_timeline_get_events (fc_incident_get_timeline (incident));

  for (guint i = g_list_model_get_n_items (events); i > 0; i--)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i - 1);

      if (g_str_equal (fc_timeline_event_get_kind (event), kind))
        return fc_timeline_event_get_monotonic (event);
    }
  return 0;
}

/* The scenario */

char *
bench_write_scenario_dir (const char *user_dir,
                          const char *scenario_id)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *file_name = g_strconcat (scenario_id, ".json", NULL);
  g_autofree char *original = g_build_filename (data_dir, "scenarios", file_name, NULL);
  g_autofree char *bundles = g_build_filename (data_dir, "scenarios", "bundles", NULL);
  g_autofree char *link = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\"delay_ms\": [0-9]+", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  char *dir = g_build_filename (user_dir, "scenarios", NULL);

  g_mkdir_with_parents (dir, 0700);
  link = g_build_filename (dir, "bundles", NULL);
  if (symlink (bundles, link) != 0)
    g_error ("%s: symlink %s", g_get_prgname (), link);
  if (!g_file_get_contents (original, &contents, NULL, &error))
    g_error ("%s: %s", g_get_prgname (), error->message);
  changed = g_regex_replace_literal (regex, contents, -1, 0, "\"delay_ms\": 0", 0, NULL);
  path = g_build_filename (dir, file_name, NULL);
  if (!g_file_set_contents (path, changed, -1, &error))
    g_error ("%s: %s", g_get_prgname (), error->message);
  return dir;
}

FcScenario *
bench_find_scenario (FcController *controller,
                     const char   *scenario_id)
{
  GListModel *scenarios = fc_controller_get_scenarios (controller);

  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (scenarios, i);

      if (g_str_equal (fc_scenario_get_id (scenario), scenario_id))
        return g_steal_pointer (&scenario);
    }
  return NULL;
}
