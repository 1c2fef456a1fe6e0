/* fc-bench-preload.c: an LD_PRELOAD module for the cold-start benchmark (bench-coldstart).
 *
 * FieldCard has no benchmark hook of its own, so this module measures it from outside: it wraps
 * gtk_window_present(), which the application calls once its main window is built, connects to
 * that window's frame clock, and records the monotonic time of the first "after-paint" (first
 * frame) and of the first moment afterwards when the main loop has nothing else to do (an idle
 * source at G_PRIORITY_LOW: interactive). It writes
 *   "<first-frame µs> <idle µs> <VmHWM kB> <VmRSS kB>\n"
 * to the file named by FC_BENCH_RESULT and ends the process at once (_exit, no teardown).
 * Without FC_BENCH_RESULT it does nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* RTLD_NEXT */
#endif

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

static gint64 first_frame_us;
static gboolean hooked;

/* FC_BENCH_TRACE=1: also print when the module was loaded and when the window was presented
 * (monotonic µs, to stderr), to see where the start-up time goes. */
static void trace (const char *what);

static void
trace (const char *what)
{
  if (g_getenv ("FC_BENCH_TRACE") != NULL)
    fprintf (stderr, "fc-bench-preload: %s at %" G_GINT64_FORMAT " µs\n", what,
             g_get_monotonic_time ());
}

__attribute__((constructor)) static void loaded (void);

__attribute__((constructor)) static void
loaded (void)
{
  trace ("loaded");
}

static guint64
status_kb (const char *status,
           const char *field)
{
  const char *line = strstr (status, field);

  if (line == NULL)
    return 0;
  line += strlen (field);
  while (*line == ' ' || *line == '\t')
    line++;
  return g_ascii_strtoull (line, NULL, 10);
}

static gboolean
idle_cb (gpointer data)
{
  gint64 idle_us = g_get_monotonic_time ();
  const char *path = g_getenv ("FC_BENCH_RESULT");
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GUINT64_FORMAT
                          " %" G_GUINT64_FORMAT "\n", first_frame_us, idle_us,
                          status != NULL ? status_kb (status, "VmHWM:") : 0,
                          status != NULL ? status_kb (status, "VmRSS:") : 0);
  g_file_set_contents (path, line, -1, NULL);
  _exit (0);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (first_frame_us != 0)
    return;
  first_frame_us = g_get_monotonic_time ();
  trace ("first frame");
  g_idle_add_full (G_PRIORITY_LOW, idle_cb, NULL, NULL);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real_present) (GtkWindow *) = NULL;
  GdkFrameClock *clock;

  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");
  trace ("present");
  real_present (window);
  trace ("presented");

  if (hooked || g_getenv ("FC_BENCH_RESULT") == NULL)
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (clock == NULL)
    return;
  hooked = TRUE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}
