/* test-ui-card.c: the Tap-card page while the card slips off the reader in the middle of the
 * read and is put back (issue 3): the reader status line says so, then the read goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-card"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-window.h"
#include "ui-test-util.h"

#define AWAY_SCENARIO "card-away-and-back"

/* Whether @text is the status line "Reading the card… n%" for some n. */
static gboolean
is_reading_percent (const char *text)
{
  for (int percent = 0; percent <= 100; percent++)
    {
      g_autofree char *expected = g_strdup_printf (_("Reading the card… %d%%"), percent);

      if (g_strcmp0 (text, expected) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
index_of (GPtrArray  *strings,
          const char *text,
          guint       from)
{
  for (guint i = from; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), text) == 0)
      return (int) i;
  return -1;
}

/* /fc/ui/card/status-card-away-then-resumes: the virtual card leaves after part of the
 * certificate and comes back; the status line goes reading n% → card moved away → reading n%
 * → card read, never an error, and the record comes. */
static void
test_card_away_then_resumes (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const edits[] = {
    "\"delay_ms\": [0-9]+", "\"delay_ms\": 0",
    "\"behaviour\": \"present\",",
    "\"behaviour\": \"removed-after\", \"remove_after_bytes\": 400, \"reinsert_after_ms\": 1200, "
    "\"byte_delay_us\": 150,",
    NULL
  };
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  const char *away_text = _("Card moved away — put it back on the reader");
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  FcCardPage *card;
  GtkLabel *status;
  FcIncident *incident;
  int away;
  int before = -1;
  int after = -1;

  ui_write_scenario (fixture->scenario_dir, AWAY_SCENARIO, DIABETES_SCENARIO, edits);
  ui_reload_scenarios (fixture);
  ui_start_scenario (window, AWAY_SCENARIO);
  incident = fc_controller_get_incident (controller);
  card = fc_window_get_card_page (window);
  status = fc_card_page_get_status_label (card);

  ui_record_reader_status (controller, seen);
  ui_give_consent (window);

  /* While the card is away the page says what to do, not "Reading…". */
  g_assert_true (WAIT_FOR (fc_incident_get_card_away (incident), CARD_WAIT_MS));
  g_assert_true (fc_controller_get_card_busy (controller));
  g_assert_cmpstr (fc_controller_get_reader_status (controller), ==, away_text);
  g_assert_cmpstr (gtk_label_get_text (status), ==, away_text);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "warning"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  ui_save_png (GTK_WIDGET (window), "card-away.png");

  /* Put back (the training kit, after 1.2 s): the read goes on and the record comes. */
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE, CARD_WAIT_MS));
  ui_record_reader_status_stop (controller, seen);
  g_assert_nonnull (fc_incident_get_identity (incident));
  g_assert_false (fc_incident_get_card_away (incident));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "warning"));

  for (guint i = 0; i < seen->len; i++)
    g_test_message ("status %u: %s", i, (const char *) g_ptr_array_index (seen, i));

  /* The sequence: reading n% … card moved away … reading n% … card read. */
  away = index_of (seen, away_text, 0);
  g_assert_cmpint (away, >, 0);
  g_assert_cmpint (index_of (seen, away_text, away + 1), ==, -1);
  for (int i = 0; i < away; i++)
    if (is_reading_percent (g_ptr_array_index (seen, i)))
      before = i;
  for (guint i = away + 1; i < seen->len && after < 0; i++)
    if (is_reading_percent (g_ptr_array_index (seen, i)))
      after = (int) i;
  g_assert_cmpint (before, >=, 0);
  g_assert_cmpint (after, >, away);
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, _("Card read"));
  for (guint i = 0; i < seen->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (seen, i), "Error"));
  g_assert_null (fc_controller_get_card_error (controller));
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  ui_test_add ("/fc/ui/card/status-card-away-then-resumes", test_card_away_then_resumes);

  return g_test_run ();
}
