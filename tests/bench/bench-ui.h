/* bench-ui.h: what the crew waits for on screen, for the benchmarks that drive a real FcWindow
 * (not gating): from the moment the record is in the model to the first painted frame in which
 * the summary page is the page on screen and its warnings are laid out and mapped, at full
 * strength (no page transition running), and then to the first painted frame of the complete
 * page (every warning and section built).
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

G_END_DECLS
