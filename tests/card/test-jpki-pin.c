/* test-jpki-pin.c: VERIFY with a typed PIN through FcJpki and FcVirtualCard: the counter, the
 * last-try refusal, blocked cards, PIN format, and that the PIN never reaches a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-jpki.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"

#include "card-test-util.h"

#define RIGHT_PIN "1234"  /* FcVirtualCard's PIN */
#define WRONG_PIN "9731"

static FcTestCa *test_ca;   /* (owned) */
static GBytes   *cert_der;  /* (owned) */

/* FcTestCounter: counts the APDUs going to the card, by kind. */

#define FC_TYPE_TEST_COUNTER (fc_test_counter_get_type ())
G_DECLARE_FINAL_TYPE (FcTestCounter, fc_test_counter, FC, TEST_COUNTER, GObject)

struct _FcTestCounter
{
  GObject          parent_instance;
  FcCardTransport *inner;               /* (owned) */
  guint            apdus;
  guint            verify_queries;      /* VERIFY without data */
  guint            verifies_with_data;  /* VERIFY carrying a PIN */
  guint16          replace_verify_sw;   /* non-zero: VERIFY with data answers this instead */
};

static void fc_test_counter_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcTestCounter, fc_test_counter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_test_counter_iface_init))

static gboolean
fc_test_counter_wait_for_card (FcCardTransport *transport,
                               guint            timeout_ms,
                               GCancellable    *cancellable,
                               GError         **error)
{
  return fc_card_transport_wait_for_card (FC_TEST_COUNTER (transport)->inner, timeout_ms,
                                          cancellable, error);
}

static gboolean
fc_test_counter_card_present (FcCardTransport *transport)
{
  return fc_card_transport_card_present (FC_TEST_COUNTER (transport)->inner);
}

static GBytes *
fc_test_counter_transceive (FcCardTransport *transport,
                            GBytes          *apdu,
                            GCancellable    *cancellable,
                            GError         **error)
{
  FcTestCounter *self = FC_TEST_COUNTER (transport);
  gsize len;
  const guint8 *command = g_bytes_get_data (apdu, &len);

  self->apdus++;
  if (command[1] == 0x20 && len == 4)
    self->verify_queries++;
  if (command[1] == 0x20 && len > 4)
    {
      self->verifies_with_data++;
      if (self->replace_verify_sw != 0)
        {
          guint8 sw[2] = { self->replace_verify_sw >> 8, self->replace_verify_sw & 0xff };

          return g_bytes_new (sw, 2);
        }
    }

  return fc_card_transport_transceive (self->inner, apdu, cancellable, error);
}

static void
fc_test_counter_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_test_counter_wait_for_card;
  iface->card_present = fc_test_counter_card_present;
  iface->transceive = fc_test_counter_transceive;
}

static void
fc_test_counter_finalize (GObject *object)
{
  g_clear_object (&FC_TEST_COUNTER (object)->inner);

  G_OBJECT_CLASS (fc_test_counter_parent_class)->finalize (object);
}

static void
fc_test_counter_class_init (FcTestCounterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_test_counter_finalize;
}

static void
fc_test_counter_init (FcTestCounter *self)
{
}

typedef struct
{
  FcVirtualCard *card;
  FcTestCounter *counter;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->card = fc_virtual_card_new (cert_der, fc_test_ca_get_cert_der (test_ca));
  f->counter = g_object_new (FC_TYPE_TEST_COUNTER, NULL);
  f->counter->inner = g_object_ref (FC_CARD_TRANSPORT (f->card));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->counter);
  g_assert_finalize_object (f->card);
}

static guint
card_tries (Fixture *f)
{
  guint tries = 0;

  g_object_get (f->card, "pin-tries", &tries, NULL);
  return tries;
}

static gboolean
verify (Fixture     *f,
        const char  *pin,
        gboolean     confirmed,
        int         *tries_left,
        GError     **error)
{
  return fc_jpki_verify_pin (FC_CARD_TRANSPORT (f->counter), pin, confirmed, tries_left, NULL,
                             error);
}

/* /fc/card/jpki-pin/right-pin-resets-tries */
static void
test_right_pin_resets_tries (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_object_set (f->card, "pin-tries", 2, NULL);
  g_assert_true (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, FC_JPKI_PIN_MAX_TRIES);
  g_assert_cmpuint (card_tries (f), ==, FC_JPKI_PIN_MAX_TRIES);
  /* The counter is read first (no try spent), then one VERIFY with the PIN. */
  g_assert_cmpuint (f->counter->verify_queries, ==, 1);
  g_assert_cmpuint (f->counter->verifies_with_data, ==, 1);
}

/* /fc/card/jpki-pin/wrong-pin-decrements */
static void
test_wrong_pin_decrements (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_assert_false (verify (f, WRONG_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "2 tries left"));
  g_assert_cmpint (tries_left, ==, 2);
  g_assert_cmpuint (card_tries (f), ==, 2);
  g_clear_error (&error);

  g_assert_false (verify (f, WRONG_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "1 try left"));
  g_assert_cmpint (tries_left, ==, 1);
  g_assert_cmpuint (card_tries (f), ==, 1);
}

/* /fc/card/jpki-pin/last-try-refused-sends-no-verify */
static void
test_last_try_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY);
  g_assert_cmpint (tries_left, ==, 1);
  /* SELECT AP, SELECT EF 0018, the counter query; no VERIFY with data. */
  g_assert_cmpuint (f->counter->apdus, ==, 3);
  g_assert_cmpuint (f->counter->verifies_with_data, ==, 0);
  g_assert_cmpuint (card_tries (f), ==, 1);
}

/* /fc/card/jpki-pin/confirmed-last-try-goes-through */
static void
test_confirmed_last_try (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_true (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, 3);
  g_assert_cmpuint (f->counter->verifies_with_data, ==, 1);

  /* A wrong PIN on the confirmed last try blocks the card (63C0), and says so. */
  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_false (verify (f, WRONG_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_nonnull (strstr (error->message, "last try"));
  g_assert_cmpint (tries_left, ==, 0);
  g_assert_cmpuint (card_tries (f), ==, 0);
  g_assert_cmpuint (f->counter->verifies_with_data, ==, 2);
}

/* /fc/card/jpki-pin/blocked-card-gets-no-pin */
static void
test_blocked_card (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_object_set (f->card, "pin-tries", 0, NULL);
  g_assert_false (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_cmpint (tries_left, ==, 0);
  g_assert_cmpuint (f->counter->verifies_with_data, ==, 0);
  g_clear_error (&error);

  /* A card that answers VERIFY with 6983 / 6984 is blocked too. */
  g_object_set (f->card, "pin-tries", 3, NULL);
  for (guint16 sw = 0x6983; sw <= 0x6984; sw++)
    {
      f->counter->replace_verify_sw = sw;
      g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
      g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
      g_assert_cmpint (tries_left, ==, 0);
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
      int tries_left = -7;

      g_assert_false (fc_jpki_pin_is_well_formed (bad[i]));
      g_assert_false (verify (f, bad[i], TRUE, &tries_left, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (tries_left, ==, -1);
    }
  g_assert_true (fc_jpki_pin_is_well_formed (RIGHT_PIN));
  g_assert_cmpuint (f->counter->apdus, ==, 0);
  g_assert_cmpuint (card_tries (f), ==, 3);
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
      g_autoptr(FcVirtualCard) card = fc_virtual_card_new (cert_der, NULL);
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
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  test_ca = fc_test_ca_new (&error);
  g_assert_no_error (error);
  cert_der = fc_test_ca_issue_auth_cert (test_ca, "997794E9AGCIEG13221003A", -1, 365, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/fc/card/jpki-pin/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("right-pin-resets-tries", test_right_pin_resets_tries);
  ADD ("wrong-pin-decrements", test_wrong_pin_decrements);
  ADD ("last-try-refused-sends-no-verify", test_last_try_refused);
  ADD ("confirmed-last-try-goes-through", test_confirmed_last_try);
  ADD ("blocked-card-gets-no-pin", test_blocked_card);
  ADD ("malformed-pin-sends-nothing", test_malformed_pin);
  g_test_add_func ("/fc/card/jpki-pin/not-in-debug-log", test_pin_not_logged);

#undef ADD

  ret = g_test_run ();

  g_clear_pointer (&cert_der, g_bytes_unref);
  g_assert_finalize_object (test_ca);

  return ret;
}
