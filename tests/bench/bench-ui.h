/* bench-ui.h: what the crew waits for on screen, for the benchmarks that drive a real FcWindow
 * (not gating): from the moment the record is in the model to the first painted frame in which
 * the summary page is the page on screen and its warnings are laid out and mapped, at full
 * strength (no page transition running), and then to the first painted frame of the complete
 * page (every warning and section built). Also the pieces the GTK benchmarks share: spinning the
 * main loop until a condition holds, timeline times, and the shipped scenario without delays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-window.h"

G_BEGIN_DECLS

typedef struct {
  FcWindow      *window;      /* (unowned) */
  GdkFrameClock *clock;       /* (owned) */
  gulong         before_handler;
  gulong         after_handler;
  gint64         t_model;     /* the record is in the model (armed) */
  gint64         t_frame;     /* the first frame after that starts (before-paint) */
  gint64         t_paint;     /* the first frame with the warnings is painted (after-paint) */
  gint64         t_complete;  /* the first frame of the complete page is painted */
} BenchFrames;

/* Starts GTK as the application does: FieldCard's renderer choice (FcApplication), then
 * gtk_init() and adw_init(), then the app's style sheet (FcApplication loads it through its
 * resource base path; a window without an application does not). */
void     bench_ui_init_gtk      (void);
/* Watches @window's frame clock; the window must be realized. */
void     bench_frames_watch     (BenchFrames *frames,
                                 FcWindow    *window);
void     bench_frames_unwatch   (BenchFrames *frames);
/* The record is in the model now: start timing. */
void     bench_frames_arm       (BenchFrames *frames);
gboolean bench_frames_painted   (BenchFrames *frames);
gboolean bench_frames_complete  (BenchFrames *frames);

/* How long BENCH_SPIN_UNTIL() waits at the most. */
#define BENCH_WAIT_US (20 * G_USEC_PER_SEC)

/* Wakes the main loop every 5 ms while BENCH_SPIN_UNTIL() spins. */
gboolean bench_wake_cb          (gpointer     data);

/* Spins the main loop until @cond holds or BENCH_WAIT_US pass; evaluates to @cond. */
#define BENCH_SPIN_UNTIL(cond) \
  ({ \
    gint64 _end = g_get_monotonic_time () + BENCH_WAIT_US; \
    guint _wake = g_timeout_add (5, bench_wake_cb, NULL); \
    while (!(cond) && g_get_monotonic_time () < _end) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (_wake); \
    (cond); \
  })

/* Spins the main loop for @ms milliseconds. */
void     bench_spin             (guint        ms);

/* Monotonic time of the last timeline event of @kind in @incident; 0 when there is none. */
gint64   bench_event_time       (FcIncident  *incident,
                                 const char  *kind);

/* Writes a copy of the shipped scenario @scenario_id without its artificial card and network
 * delays to USER_DIR/scenarios (its bundles linked, not copied) and returns that folder. */
char    *bench_write_scenario_dir (const char *user_dir,
                                   const char *scenario_id);
/* The scenario @scenario_id among @controller's scenarios (full reference), or NULL. */
FcScenario *bench_find_scenario (FcController *controller,
                                 const char   *scenario_id);

G_END_DECLS
