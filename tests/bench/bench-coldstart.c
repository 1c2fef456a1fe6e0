/* bench-coldstart.c: FieldCard's cold start (benchmark, not gating).
 *
 * Starts `fieldcard --training` again and again (after one unmeasured run that fills the page
 * cache and creates the data folder) with fc-bench-preload.so preloaded, which records the first
 * painted frame of the main window and the first idle moment of the main loop after it, then
 * ends the process (see fc-bench-preload.c). Stages, from just before the process is spawned:
 *   process start -> first frame
 *   process start -> interactive (idle)
 *   peak RSS at interactive (VmHWM, MB)
 * Needs a display (Xvfb) and, for GApplication, a session bus (dbus-run-session).
 *
 * Usage: bench-coldstart [--runs N] [--json PATH] [--app PATH] [--preload PATH]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-coldstart"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-util.h"

#define TIMEOUT_US (30 * G_USEC_PER_SEC)

static char *app_path;
static char *preload_path;

static GOptionEntry entries[] = {
  { "app", 0, 0, G_OPTION_ARG_FILENAME, &app_path, "The fieldcard executable", "PATH" },
  { "preload", 0, 0, G_OPTION_ARG_FILENAME, &preload_path, "fc-bench-preload.so", "PATH" },
  { NULL }
};

/* One start. FALSE on failure. */
static gboolean
run_once (const char *user_dir,
          const char *result_path,
          gint64     *first_frame,
          gint64     *idle,
          double     *hwm_mb)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  char *argv[] = { app_path, (char *) "--training", NULL };
  GPid pid;
  gint64 t0, deadline;
  int status = 0;
  pid_t done = 0;

  g_unlink (result_path);
  env = g_environ_setenv (env, "LD_PRELOAD", preload_path, TRUE);
  env = g_environ_setenv (env, "FC_BENCH_RESULT", result_path, TRUE);
  env = g_environ_setenv (env, "FIELDCARD_USER_DIR", user_dir, TRUE);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("bench-coldstart: %s\n", error->message);
      return FALSE;
    }
  deadline = t0 + TIMEOUT_US;
  while ((done = waitpid (pid, &status, WNOHANG)) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  if (done == 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_printerr ("bench-coldstart: no frame within %d s\n", (int) (TIMEOUT_US / G_USEC_PER_SEC));
      return FALSE;
    }
  g_spawn_close_pid (pid);
  if (!g_file_get_contents (result_path, &contents, NULL, NULL))
    {
      g_printerr ("bench-coldstart: the app exited (status %d) without painting a frame\n", status);
      return FALSE;
    }
  fields = g_strsplit (g_strstrip (contents), " ", -1);
  if (g_strv_length (fields) != 4)
    return FALSE;
  *first_frame = g_ascii_strtoll (fields[0], NULL, 10) - t0;
  *idle = g_ascii_strtoll (fields[1], NULL, 10) - t0;
  *hwm_mb = g_ascii_strtoull (fields[2], NULL, 10) / 1024.0;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  BenchOptions options = { 0 };
  g_autoptr(BenchTable) table = bench_table_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *result_path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-coldstart: %s\n", error->message);
      return 2;
    }
  bench_options_parse (&options, &argc, &argv, 20,
                       "Cold start of fieldcard --training: first frame and first idle moment.");
  if (app_path == NULL)
    app_path = g_strdup (FC_BENCH_APP);
  if (preload_path == NULL)
    preload_path = g_strdup (FC_BENCH_PRELOAD);
  if (!bench_have_display ())
    {
      g_printerr ("bench-coldstart: no display (run under xvfb-run)\n");
      return 77;
    }

  user_dir = g_dir_make_tmp ("fc-bench-cold-XXXXXX", &error);
  g_assert_no_error (error);
  result_path = g_build_filename (user_dir, "result", NULL);

  for (guint i = 0; i <= options.runs; i++)
    {
      gint64 first_frame = 0, idle = 0;
      double hwm = 0;

      if (!run_once (user_dir, result_path, &first_frame, &idle, &hwm))
        {
          status = 1;
          break;
        }
      if (i == 0)
        continue; /* warm-up: page cache, data folder */
      bench_table_add (table, "cold start", "process start -> first frame", "ms", first_frame / 1000.);
      bench_table_add (table, "cold start", "process start -> interactive (idle)", "ms", idle / 1000.);
      bench_table_add (table, "cold start", "peak RSS at interactive", "MB", hwm);
    }

  g_unlink (result_path);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", user_dir);
    /* The app's data folder (timing.db, audit.db …) is nested; remove it whole. */
    if (system (cmd) != 0)
      g_printerr ("bench-coldstart: could not remove %s\n", user_dir);
  }
  g_free (app_path);
  g_free (preload_path);
  if (status != 0)
    return status;
  return bench_finish (table, &options);
}
