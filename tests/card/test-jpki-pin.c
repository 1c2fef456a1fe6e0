/* test-jpki-pin.c: VERIFY with a typed PIN through FcJpki and FcVirtualCard: the counter, the
 * last-try refusal, blocked cards, PIN format, and that the PIN never reaches a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "card-test-util.h"

#define RIGHT_PIN CARD_TEST_RIGHT_PIN
#define WRONG_PIN CARD_TEST_WRONG_PIN

typedef CardTestFixture Fixture;

#define TRANSPORT(f) FC_CARD_TRANSPORT ((f)->recorder)

/* /fc/card/jpki-pin/right-pin-resets-tries */
static void
test_right_pin_resets_tries (Fixture       *f,
                             gconstpointer  data)
{
  g_object_set (f->card, "pin-tries", 2, NULL);
  card_test_assert_verify_ok (TRANSPORT (f), RIGHT_PIN, FALSE, FC_JPKI_PIN_MAX_TRIES);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, FC_JPKI_PIN_MAX_TRIES);
  /* The counter is read first (no try spent), then one VERIFY with the PIN. */
  g_assert_cmpuint (f->recorder->verify_queries, ==, 1);
  g_assert_cmpuint (f->recorder->verifies_with_data, ==, 1);
}

/* /fc/card/jpki-pin/wrong-pin-decrements */
static void
test_wrong_pin_decrements (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  card_test_assert_verify_fails (TRANSPORT (f), WRONG_PIN, FALSE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_WRONG_PIN, 2, &error);
  g_assert_nonnull (strstr (error->message, "2 tries left"));
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 2);
  g_clear_error (&error);

  card_test_assert_verify_fails (TRANSPORT (f), WRONG_PIN, FALSE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_WRONG_PIN, 1, &error);
  g_assert_nonnull (strstr (error->message, "1 try left"));
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 1);
}

/* /fc/card/jpki-pin/last-try-refused-sends-no-verify */
static void
test_last_try_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->card, "pin-tries", 1, NULL);
  card_test_assert_verify_fails (TRANSPORT (f), RIGHT_PIN, FALSE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_LAST_TRY, 1, &error);
  /* SELECT AP, SELECT EF 0018, the counter query; no VERIFY with data. */
  g_assert_cmpuint (f->recorder->apdus, ==, 3);
  g_assert_cmpuint (f->recorder->verifies_with_data, ==, 0);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 1);
}

/* /fc/card/jpki-pin/confirmed-last-try-goes-through */
static void
test_confirmed_last_try (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->card, "pin-tries", 1, NULL);
  card_test_assert_verify_ok (TRANSPORT (f), RIGHT_PIN, TRUE, 3);
  g_assert_cmpuint (f->recorder->verifies_with_data, ==, 1);

  /* A wrong PIN on the confirmed last try blocks the card (63C0), and says so. */
  g_object_set (f->card, "pin-tries", 1, NULL);
  card_test_assert_verify_fails (TRANSPORT (f), WRONG_PIN, TRUE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_PIN_BLOCKED, 0, &error);
  g_assert_nonnull (strstr (error->message, "last try"));
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 0);
  g_assert_cmpuint (f->recorder->verifies_with_data, ==, 2);
}

/* /fc/card/jpki-pin/blocked-card-gets-no-pin */
static void
test_blocked_card (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->card, "pin-tries", 0, NULL);
  card_test_assert_verify_fails (TRANSPORT (f), RIGHT_PIN, TRUE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_PIN_BLOCKED, 0, &error);
  g_assert_cmpuint (f->recorder->verifies_with_data, ==, 0);
  g_clear_error (&error);

  /* A card that answers VERIFY with 6983 / 6984 is blocked too. */
  g_object_set (f->card, "pin-tries", 3, NULL);
  for (guint16 sw = 0x6983; sw <= 0x6984; sw++)
    {
      f->recorder->replace_verify_sw = sw;
      card_test_assert_verify_fails (TRANSPORT (f), RIGHT_PIN, FALSE, FC_CARD_ERROR,
                                     FC_CARD_ERROR_PIN_BLOCKED, 0, &error);
      g_clear_error (&error);
    }
}

/* /fc/card/jpki-pin/malformed-pin-sends-nothing */
static void
test_malformed_pin (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const bad[] = { "", "123", "12345", "12a4", " 123", "１２３４" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fc_jpki_pin_is_well_formed (bad[i]));
      card_test_assert_verify_fails (TRANSPORT (f), bad[i], TRUE, G_IO_ERROR,
                                     G_IO_ERROR_INVALID_ARGUMENT, -1, &error);
    }
  g_assert_true (fc_jpki_pin_is_well_formed (RIGHT_PIN));
  g_assert_cmpuint (f->recorder->apdus, ==, 0);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 3);
}

/* /fc/card/jpki-pin/not-in-debug-log */

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  GString *log = user_data;

  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append_printf (log, "%s=", fields[i].key);
      if (fields[i].length < 0)
        g_string_append (log, fields[i].value);
      else
        g_string_append_len (log, fields[i].value, fields[i].length);
      g_string_append_c (log, '\n');
    }
  return G_LOG_WRITER_HANDLED;
}

static void
test_pin_not_logged (void)
{
  static const char * const pins[] = { WRONG_PIN, RIGHT_PIN };
  static const char * const forbidden[] = {
    WRONG_PIN, RIGHT_PIN, "39373331", "39 37 33 31", "31323334", "31 32 33 34",
  };

  if (g_test_subprocess ())
    {
      g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
      g_autoptr(GString) log = g_string_new (NULL);

      g_log_set_debug_enabled (TRUE);
      g_log_set_writer_func (capture_writer, log, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (pins); i++)
        {
          g_autoptr(GError) error = NULL;
          int tries_left;

          fc_jpki_verify_pin (FC_CARD_TRANSPORT (card), pins[i], FALSE, &tries_left, NULL,
                              &error);
          if (error != NULL)
            g_debug ("error: %s", error->message);
        }
      /* The capture must have seen the VERIFY outcome, or it proves nothing. */
      g_assert_nonnull (strstr (log->str, "VERIFY answered"));
      for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
        if (strstr (log->str, forbidden[i]) != NULL)
          {
            g_printerr ("PIN in the log: %s\n", forbidden[i]);
            return;
          }
      g_print ("clean log of %" G_GSIZE_FORMAT " bytes\n", log->len);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*clean log*");
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/fc/card/jpki-pin/" path, Fixture, NULL, card_test_fixture_setup, func, \
              card_test_fixture_teardown)

  ADD ("right-pin-resets-tries", test_right_pin_resets_tries);
  ADD ("wrong-pin-decrements", test_wrong_pin_decrements);
  ADD ("last-try-refused-sends-no-verify", test_last_try_refused);
  ADD ("confirmed-last-try-goes-through", test_confirmed_last_try);
  ADD ("blocked-card-gets-no-pin", test_blocked_card);
  ADD ("malformed-pin-sends-nothing", test_malformed_pin);
  g_test_add_func ("/fc/card/jpki-pin/not-in-debug-log", test_pin_not_logged);

#undef ADD

  return card_test_run ();
}
