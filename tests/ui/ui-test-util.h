/* ui-test-util.h: driving the touch UI under Xvfb as a crew would: taps, waits, screenshots,
 * a window per test with its own data folder and training scenarios without artificial delays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-glucose-dialog.h"
#include "fc-window.h"

G_BEGIN_DECLS

#define WAIT_MS 5000
#define CARD_WAIT_MS 10000

#define DIABETES_SCENARIO "pilot-3-diabetes"

gboolean ui_test_wake_cb (gpointer data);

/* The start of every UI test program: gettext in the environment's language, g_test, then
 * ui_test_init_display(). FALSE when main() should return *@exit_code at once. */
gboolean ui_test_init             (int           *argc,
                                   char        ***argv,
                                   int           *exit_code);
/* After g_test_init(): GTK on the display, libadwaita and the app's style. FALSE (and
 * *@exit_code) without a display: the program is skipped, or fails under FC_REQUIRE_DISPLAY. */
gboolean ui_test_init_display     (int           *exit_code);

/* Spins the main loop until @cond holds or @ms pass; evaluates to the final value of @cond. */
#define WAIT_FOR(cond, ms) \
  ({ \
    gint64 _end = g_get_monotonic_time () + (gint64) (ms) * 1000; \
    guint _wake = g_timeout_add (10, ui_test_wake_cb, NULL); \
    while (!(cond) && g_get_monotonic_time () < _end) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (_wake); \
    (cond); \
  })

typedef struct
{
  char     *user_dir;       /* (owned): FIELDCARD_USER_DIR for this test */
  char     *scenario_dir;   /* (owned): the shipped scenarios without delays, and variants */
  FcWindow *window;         /* (owned) */
} Fixture;

typedef void (*UiTestFunc) (Fixture *fixture, gconstpointer data);

/* g_test_add() of @func at @path with the usual fixture (a training window). */
void     ui_test_add              (const char    *path,
                                   UiTestFunc     func);

/* A training window at 1280×800 with the fast scenarios loaded. */
void     ui_fixture_set_up        (Fixture       *fixture,
                                   gconstpointer  data);
/* The same data folder, but no window (tests that build their own). */
void     ui_fixture_set_up_no_window (Fixture       *fixture,
                                      gconstpointer  data);
void     ui_fixture_tear_down     (Fixture       *fixture,
                                   gconstpointer  data);
/* Destroys the fixture's window (and checks it is finalized); the data folder stays. */
void     ui_fixture_tear_down_window (Fixture     *fixture);

void     ui_spin                  (guint          ms);
/* Taps @widget as a user would: it must be mapped and sensitive. A button is clicked, anything
 * else (a list row) activated. Callers wait for the effect. */
void     ui_tap                   (GtkWidget     *widget);
/* Saves @widget as rendered (in-app snapshot) to $FC_UI_SCREENSHOT_DIR/@name, if set. */
void     ui_save_png              (GtkWidget     *widget,
                                   const char    *name);
/* Resizes the window to @width × @height (as far as the screen allows) and waits for it. */
void     ui_resize                (FcWindow      *window,
                                   int            width,
                                   int            height);

/* Writes scenario @id into @dir: a copy of the shipped @base scenario with every regex in
 * @edits (pairs pattern, replacement, NULL-terminated) applied. Bundles are linked in. */
void     ui_write_scenario        (const char    *dir,
                                   const char    *id,
                                   const char    *base,
                                   const char * const *edits);
/* Reloads the fixture's scenario folder. */
void     ui_reload_scenarios      (Fixture       *fixture);
/* Chooses @scenario_id on the start page and starts; waits for the consent page. */
void     ui_start_scenario        (FcWindow      *window,
                                   const char    *scenario_id);
/* Waits until the window shows @page ("consent", "summary" …). */
void     ui_wait_page             (FcWindow      *window,
                                   const char    *page);
/* The window's Back action, then waits until it shows @page. */
void     ui_back_to               (FcWindow      *window,
                                   const char    *page);
/* Resizes the window to portrait (800×1280) and saves it as @name. */
void     ui_save_portrait_png     (FcWindow      *window,
                                   const char    *name);
/* Taps "Consent given" on the consent page (the card read starts). */
void     ui_give_consent          (FcWindow      *window);
/* Gives consent and waits until the fetch ends in @state (FC_FETCH_DONE, FC_FETCH_FAILED …). */
void     ui_consent_and_wait_fetch (FcWindow     *window,
                                    FcFetchState  state);
/* Appends a copy of every new "reader-status" of @controller to @seen (strings) until
 * ui_record_reader_status_stop(). */
void     ui_record_reader_status  (FcController  *controller,
                                   GPtrArray     *seen);
void     ui_record_reader_status_stop (FcController *controller,
                                       GPtrArray    *seen);
/* Whether @strings (of char *) holds @text. */
gboolean ui_strings_contain       (GPtrArray     *strings,
                                   const char    *text);
/* Taps @keys ("420", digits only) on the glucose keypad, checking each lands. */
void     ui_type_glucose          (FcGlucoseDialog *dialog,
                                   const char      *keys);
/* Opens the summary page's glucose keypad, types @keys, taps OK and waits for it to close. */
void     ui_enter_glucose         (FcSummaryPage *page,
                                   const char    *keys);
/* Gives consent and waits until the record is on screen (fetch done). */
void     ui_consent_and_wait_summary (FcWindow   *window);
/* Number of events of @kind in the open incident's timeline (optionally with @detail). */
guint    ui_count_events          (FcWindow      *window,
                                   const char    *kind,
                                   const char    *detail);
/* Events of @kind (and @detail, nullable) written to timing.db for the open incident. */
guint    ui_count_db_events       (FcWindow      *window,
                                   const char    *kind,
                                   const char    *detail);
void     ui_remove_tree           (const char    *path);

G_END_DECLS
