/* bench-memory.c: memory footprint (benchmark, not gating).
 *
 *   app: training incident    peak RSS (VmHWM) of this process — GTK, libadwaita and a real
 *                             FcWindow in training mode — after each full incident driven through
 *                             the controller's public API: start, time marks, consent, card,
 *                             summary, glucose and consciousness findings, a warning
 *                             acknowledged, full history opened, handover, back to start.
 *                             The program itself adds well under 1 MB.
 *   fieldcard-cli report      wall time and peak RSS (wait4 ru_maxrss) of `fieldcard-cli report`
 *                             over a timing.db made by `fieldcard-cli simulate-log` (52,600
 *                             incidents ≈ 1 M events by default).
 *
 * Usage: bench-memory [--runs N] [--json PATH] [--incidents N] [--cli PATH] [--skip-cli]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-memory"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <gtk/gtk.h>

#include "bench-ui.h"
#include "bench-util.h"
#include "fc-window.h"

#define SCENARIO "pilot-3-diabetes"

/* One full training incident. FALSE on failure. */
static gboolean
run_incident (FcController *controller,
              FcScenario   *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  FcIncident *incident;
  GListModel *warnings;

  fc_controller_new_incident (controller);
  if (!fc_controller_start_incident (controller, scenario, &error))
    goto failed;
  incident = fc_controller_get_incident (controller);
  t1 = fc_controller_mark (controller, FC_EVENT_ARRIVED_SCENE);
  bench_spin (20);
  t2 = fc_controller_mark (controller, FC_EVENT_PATIENT_CONTACT);
  if (!fc_controller_record_consent (controller, FC_CONSENT_GIVEN, NULL, &error))
    goto failed;
  if (!BENCH_SPIN_UNTIL (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE ||
                         fc_controller_get_fetch_state (controller) == FC_FETCH_FAILED ||
                         fc_controller_get_card_error (controller) != NULL) ||
      fc_controller_get_fetch_state (controller) != FC_FETCH_DONE)
    {
      g_printerr ("bench-memory: no summary (%s)\n", fc_controller_get_fetch_error (controller));
      return FALSE;
    }
  bench_spin (200);
  if (!fc_findings_parse (fc_incident_get_findings (incident), "bgl=38", &error) ||
      !fc_findings_parse (fc_incident_get_findings (incident), "consciousness=impaired", &error))
    goto failed;
  bench_spin (100);
  warnings = fc_incident_get_warnings (incident);
  if (g_list_model_get_n_items (warnings) > 0)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, 0);

      fc_controller_acknowledge_warning (controller, warning);
    }
  fc_controller_expand_history (controller);
  bench_spin (200);
  fc_controller_request_handover (controller);
  bench_spin (100);
  fc_controller_handover (controller);
  bench_spin (100);
  return TRUE;

failed:
  g_printerr ("bench-memory: %s\n", error->message);
  return FALSE;
}

/* Runs @argv; its wall time (ms) and peak RSS (MB). FALSE when it failed. */
static gboolean
run_child (char  **argv,
           double *wall_ms,
           double *peak_mb)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage = { 0 };
  GPid pid;
  gint64 t0 = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("bench-memory: %s\n", error->message);
      return FALSE;
    }
  if (wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  *wall_ms = (g_get_monotonic_time () - t0) / 1000.;
  *peak_mb = usage.ru_maxrss / 1024.0;
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("bench-memory: %s failed (status %d)\n", argv[1], status);
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  static int incidents = 52600;
  static char *cli_path = NULL;
  static gboolean skip_cli = FALSE;
  static GOptionEntry entries[] = {
    { "skip-cli", 0, 0, G_OPTION_ARG_NONE, &skip_cli, "Only the app rows", NULL },
    { "incidents", 0, 0, G_OPTION_ARG_INT, &incidents,
      "Synthetic incidents for the report (52,600 ≈ 1 M events)", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli_path, "The fieldcard-cli executable", "PATH" },
    { NULL }
  };
  BenchOptions options = { 0 };
  g_autoptr(BenchTable) table = bench_table_new ();
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *report_name = NULL;
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || incidents < 1)
    {
      g_printerr ("bench-memory: %s\n", error != NULL ? error->message : "bad --incidents");
      return 2;
    }
  bench_options_parse (&options, &argc, &argv, 3,
                       "Peak RSS through a training incident, and of fieldcard-cli report.");
  if (cli_path == NULL)
    cli_path = g_strdup (FC_BENCH_CLI);

  user_dir = g_dir_make_tmp ("fc-bench-memory-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("FIELDCARD_USER_DIR", user_dir, TRUE);

  /* The app first, so that nothing else has grown this process yet. */
  if (bench_have_display ())
    {
      g_autofree char *scenario_dir = bench_write_scenario_dir (user_dir, SCENARIO);
      g_autoptr(FcScenario) scenario = NULL;
      FcWindow *window;
      FcController *controller;

      bench_ui_init_gtk ();
      window = g_object_ref_sink (fc_window_new (NULL, TRUE));
      controller = fc_window_get_controller (window);
      fc_controller_load_scenarios (controller, scenario_dir);
      scenario = bench_find_scenario (controller, SCENARIO);
      if (scenario == NULL)
        g_error ("bench-memory: scenario %s not found", SCENARIO);
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      gtk_window_present (GTK_WINDOW (window));
      BENCH_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
      bench_spin (200);
      bench_table_add (table, "memory", "app: window shown, peak RSS", "MB", bench_peak_rss_mb ());
      for (guint i = 0; i < options.runs && status == 0; i++)
        {
          if (!run_incident (controller, scenario))
            status = 1;
          bench_table_add (table, "memory", "app: after incident, peak RSS", "MB",
                           bench_peak_rss_mb ());
          bench_table_add (table, "memory", "app: after incident, RSS", "MB", bench_rss_mb ());
        }
      g_clear_object (&scenario);
      gtk_window_destroy (GTK_WINDOW (window));
      bench_spin (50);
      g_object_unref (window);
    }
  else
    printf ("# no display: the app rows are skipped\n");

  /* fieldcard-cli report over about 1 M events. */
  db = g_build_filename (user_dir, "timing.db", NULL);
  n_text = g_strdup_printf ("%d", incidents);
  report_name = g_strdup_printf ("report %d incidents", incidents);
  if (status == 0 && !skip_cli)
    {
      char *simulate[] = { cli_path, (char *) "simulate-log", (char *) "--incidents", n_text,
                           (char *) "--seed", (char *) "42", (char *) "-o", db, NULL };
      char *report[] = { cli_path, (char *) "report", db, NULL };
      double wall = 0, peak = 0;

      if (!run_child (simulate, &wall, &peak))
        status = 1;
      else
        printf ("# simulate-log: %d incidents in %.0f ms\n", incidents, wall);
      /* One run to warm the page cache (an analyst's file is read from disk once). */
      if (status == 0 && !run_child (report, &wall, &peak))
        status = 1;
      for (guint i = 0; i < options.runs && status == 0; i++)
        {
          if (!run_child (report, &wall, &peak))
            status = 1;
          bench_table_add (table, "fieldcard-cli", report_name, "ms", wall);
          bench_table_add (table, "fieldcard-cli", "report: peak RSS", "MB", peak);
        }
    }

  bench_remove_tree (user_dir);
  g_free (cli_path);
  if (status != 0)
    return status;
  return bench_finish (table, &options);
}
