/* test-virtual-card.c: the software JPKI card answers APDUs like a My Number card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-core-enums.h"
#include "fc-jpki.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"

#include "card-test-util.h"

#define SELECT_AP   "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
#define SELECT_CERT "00 A4 02 0C 02 00 0A"
#define SELECT_CA   "00 A4 02 0C 02 00 0B"
#define SELECT_PIN  "00 A4 02 0C 02 00 18"
#define VERIFY_INFO "00 20 00 80"

typedef struct
{
  FcVirtualCard   *card;
  FcCardTransport *transport; /* (unowned): the same object */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->card = fc_virtual_card_new (card_test_cert, fc_test_ca_get_cert_der (card_test_ca));
  fixture->transport = FC_CARD_TRANSPORT (fixture->card);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->card);
}

/* Reads the whole current EF with READ BINARY Le=00 and returns it. */
static GBytes *
read_whole_ef (FcCardTransport *transport)
{
  GByteArray *content = g_byte_array_new ();

  for (;;)
    {
      g_autofree char *apdu = g_strdup_printf ("00 B0 %02X %02X 00",
                                               (content->len >> 8) & 0x7f, content->len & 0xff);
      g_autoptr(GBytes) response = card_test_xchg (transport, apdu);
      gsize len = g_bytes_get_size (response);

      if (card_test_sw (response) == 0x6b00)
        break;
      g_assert_cmphex (card_test_sw (response), ==, 0x9000);
      g_assert_cmpuint (len - 2, <=, 256);
      g_assert_cmpuint (len - 2, >, 0);
      g_byte_array_append (content, g_bytes_get_data (response, NULL), len - 2);
    }

  return g_byte_array_free_to_bytes (content);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_virtual_card_new_and_finalize (void)
{
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) ca = NULL;
  FcVirtualCard *card = fc_virtual_card_new (card_test_cert, NULL);

  g_assert_true (FC_IS_VIRTUAL_CARD (card));
  g_assert_true (FC_IS_CARD_TRANSPORT (card));
  g_assert_cmpint (fc_virtual_card_get_behaviour (card), ==, FC_VIRTUAL_CARD_PRESENT);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, 0);
  g_assert_true (fc_card_transport_card_present (FC_CARD_TRANSPORT (card)));

  g_object_get (card, "auth-cert-der", &cert, "auth-ca-cert-der", &ca, NULL);
  g_assert_true (g_bytes_equal (cert, card_test_cert));
  g_assert_null (ca);

  g_assert_finalize_object (card);
}

static void
test_virtual_card_properties (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char *uint_props[] = {
    "arrival-delay-ms", "remove-after-bytes", "error-status", "pin-tries", "byte-delay-us",
  };
  static const guint values[] = { 250, 777, 0x6a86, 1, 40 };
  guint notified = 0;
  FcVirtualCardBehaviour behaviour;
  guint apdu_count = 99;

  g_signal_connect (fixture->card, "notify", G_CALLBACK (count_notify_cb), &notified);

  for (guint i = 0; i < G_N_ELEMENTS (uint_props); i++)
    {
      guint value = 0;

      g_object_set (fixture->card, uint_props[i], values[i], NULL);
      g_object_get (fixture->card, uint_props[i], &value, NULL);
      g_assert_cmpuint (value, ==, values[i]);
      g_assert_cmpuint (notified, ==, i + 1);

      /* Setting the same value again does not notify. */
      g_object_set (fixture->card, uint_props[i], values[i], NULL);
      g_assert_cmpuint (notified, ==, i + 1);
    }

  g_object_set (fixture->card, "behaviour", FC_VIRTUAL_CARD_ERROR_STATUS, NULL);
  g_object_get (fixture->card, "behaviour", &behaviour, NULL);
  g_assert_cmpint (behaviour, ==, FC_VIRTUAL_CARD_ERROR_STATUS);
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (uint_props) + 1);
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ERROR_STATUS);
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (uint_props) + 1);
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
  g_assert_cmpint (fc_virtual_card_get_behaviour (fixture->card), ==,
                   FC_VIRTUAL_CARD_WRONG_APPLICATION);
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (uint_props) + 2);

  g_assert_true (g_type_is_a (FC_TYPE_VIRTUAL_CARD_BEHAVIOUR, G_TYPE_ENUM));

  /* apdu-count is read-only and counts answered APDUs. */
  g_object_set (fixture->card, "arrival-delay-ms", 0, NULL);
  card_test_expect_sw (fixture->transport, SELECT_AP, 0x6a82);
  card_test_expect_sw (fixture->transport, "00 FF 00 00", 0x6d00);
  g_object_get (fixture->card, "apdu-count", &apdu_count, NULL);
  g_assert_cmpuint (apdu_count, ==, 2);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (fixture->card), ==, 2);
}

static void
test_virtual_card_select_ap (Fixture       *fixture,
                             gconstpointer  data)
{
  g_assert_cmpuint (card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000), ==, 0);
  /* P2=00 (FCI requested) is accepted too. */
  card_test_expect_sw (fixture->transport, "00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01", 0x9000);
  /* The 券面事項入力補助AP is not emulated. */
  card_test_expect_sw (fixture->transport, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08", 0x6a82);
  card_test_expect_sw (fixture->transport, "00 A4 04 0C 03 D3 92 F0", 0x6a82);
  card_test_expect_sw (fixture->transport, "00 A4 05 0C 0A D3 92 F0 00 26 01 00 00 00 01", 0x6a86);
  card_test_expect_sw (fixture->transport, "00 A4 04 0D 0A D3 92 F0 00 26 01 00 00 00 01", 0x6a86);
  card_test_expect_sw (fixture->transport, "00 A4 04 0C", 0x6700);
  card_test_expect_sw (fixture->transport, "00 A4 04 0C 0A D3 92", 0x6700);
}

static void
test_virtual_card_select_ef (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char *known[] = {
    "00 0A", "00 0B", "00 18", "00 06", "00 08",
  };

  /* No EF can be selected before the application. */
  card_test_expect_sw (fixture->transport, SELECT_CERT, 0x6a82);

  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *apdu = g_strdup_printf ("00 A4 02 0C 02 %s", known[i]);
      card_test_expect_sw (fixture->transport, apdu, 0x9000);
    }

  /* The signature certificate and unknown files are not there. */
  card_test_expect_sw (fixture->transport, "00 A4 02 0C 02 00 01", 0x6a82);
  card_test_expect_sw (fixture->transport, "00 A4 02 0C 02 12 34", 0x6a82);
  card_test_expect_sw (fixture->transport, "00 A4 02 0C 03 00 0A 00", 0x6700);
  card_test_expect_sw (fixture->transport, "00 A4 02 0C 01 0A", 0x6700);
}

static void
test_virtual_card_select_ef_without_ca (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  FcCardTransport *transport = FC_CARD_TRANSPORT (card);

  card_test_expect_sw (transport, SELECT_AP, 0x9000);
  card_test_expect_sw (transport, SELECT_CA, 0x6a82);
  card_test_expect_sw (transport, SELECT_CERT, 0x9000);
}

static void
test_virtual_card_read_binary (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) sixteen = NULL;
  g_autoptr(GBytes) ca_content = NULL;
  gsize der_len = g_bytes_get_size (card_test_cert);
  gsize padded_len = (der_len + 255) / 256 * 256;
  const guint8 *bytes;
  g_autofree char *tail_apdu = NULL;
  g_autofree char *past_apdu = NULL;

  /* Nothing selected: no current EF. */
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6986);
  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6986);

  card_test_expect_sw (fixture->transport, SELECT_CERT, 0x9000);

  /* Le 00 means 256 bytes, and never more. */
  first = card_test_xchg (fixture->transport, "00 B0 00 00 00");
  g_assert_cmphex (card_test_sw (first), ==, 0x9000);
  g_assert_cmpuint (g_bytes_get_size (first), ==, 258);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 256, g_bytes_get_data (card_test_cert, NULL), 256);

  sixteen = card_test_xchg (fixture->transport, "00 B0 00 10 10");
  g_assert_cmpuint (g_bytes_get_size (sixteen), ==, 18);
  g_assert_cmpmem (g_bytes_get_data (sixteen, NULL), 16,
                   (const guint8 *) g_bytes_get_data (card_test_cert, NULL) + 16, 16);

  /* The file is the DER followed by FF filler up to a multiple of 256. */
  content = read_whole_ef (fixture->transport);
  g_assert_cmpuint (g_bytes_get_size (content), ==, padded_len);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), der_len,
                   g_bytes_get_data (card_test_cert, NULL), der_len);
  bytes = g_bytes_get_data (content, NULL);
  for (gsize i = der_len; i < padded_len; i++)
    g_assert_cmphex (bytes[i], ==, 0xff);

  /* At the end of the file the card answers fewer bytes; past the end, 6B00. */
  tail_apdu = g_strdup_printf ("00 B0 %02X %02X 00", (guint) ((padded_len - 10) >> 8),
                               (guint) ((padded_len - 10) & 0xff));
  g_assert_cmpuint (card_test_expect_sw (fixture->transport, tail_apdu, 0x9000), ==, 10);
  past_apdu = g_strdup_printf ("00 B0 %02X %02X 01", (guint) (padded_len >> 8),
                               (guint) (padded_len & 0xff));
  card_test_expect_sw (fixture->transport, past_apdu, 0x6b00);
  card_test_expect_sw (fixture->transport, "00 B0 7F 00 00", 0x6b00);

  /* Short EF identifiers are not emulated; READ BINARY carries no data. */
  card_test_expect_sw (fixture->transport, "00 B0 8A 00 00", 0x6a86);
  card_test_expect_sw (fixture->transport, "00 B0 00 00", 0x6700);
  card_test_expect_sw (fixture->transport, "00 B0 00 00 01 00 00", 0x6700);

  /* EF 000B holds the CA certificate. */
  card_test_expect_sw (fixture->transport, SELECT_CA, 0x9000);
  ca_content = read_whole_ef (fixture->transport);
  g_assert_cmpmem (g_bytes_get_data (ca_content, NULL),
                   g_bytes_get_size (fc_test_ca_get_cert_der (card_test_ca)),
                   g_bytes_get_data (fc_test_ca_get_cert_der (card_test_ca), NULL),
                   g_bytes_get_size (fc_test_ca_get_cert_der (card_test_ca)));

  /* The PIN cannot be read. */
  card_test_expect_sw (fixture->transport, SELECT_PIN, 0x9000);
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6986);
}

static void
test_virtual_card_token_info (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GBytes) label = NULL;
  g_autoptr(GBytes) avail = NULL;
  g_autoptr(GBytes) whole = NULL;
  static const guint8 expected_avail[] = { 0x8f, 0x8f, 0x00, 0x90, 0x00 };

  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  card_test_expect_sw (fixture->transport, "00 A4 02 0C 02 00 06", 0x9000);
  label = card_test_xchg (fixture->transport, "00 B0 00 00 20");
  g_assert_cmpuint (g_bytes_get_size (label), ==, 34);
  g_assert_cmpmem (g_bytes_get_data (label, NULL), 32, "JPKIAPICCTOKEN2                 ", 32);
  whole = card_test_xchg (fixture->transport, "00 B0 00 00 00");
  g_assert_cmpuint (g_bytes_get_size (whole), ==, 160 + 2);

  card_test_expect_sw (fixture->transport, "00 A4 02 0C 02 00 08", 0x9000);
  avail = card_test_xchg (fixture->transport, "00 B0 00 00 00");
  g_assert_cmpmem (g_bytes_get_data (avail, NULL), g_bytes_get_size (avail),
                   expected_avail, sizeof expected_avail);
}

static void
test_virtual_card_verify (Fixture       *fixture,
                          gconstpointer  data)
{
  guint tries = 99;

  /* VERIFY needs the PIN file selected. */
  card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x6986);
  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  card_test_expect_sw (fixture->transport, SELECT_PIN, 0x9000);

  /* Asking for the counter spends no try. */
  for (guint i = 0; i < 3; i++)
    card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x63c3);

  card_test_expect_sw (fixture->transport, "00 20 00 80 04 39 39 39 39", 0x63c2);
  card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x63c2);
  card_test_expect_sw (fixture->transport, "00 20 00 80 03 31 32 33", 0x63c1);

  /* The right PIN resets the counter. */
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 31 32 33 34", 0x9000);
  card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x63c3);

  /* Three wrong PINs: the last answers 63C0, then the PIN is blocked (6984), even for the
   * right PIN; the counter query keeps answering 63C0. */
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 30 30 30 30", 0x63c2);
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 30 30 30 30", 0x63c1);
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 30 30 30 30", 0x63c0);
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 30 30 30 30", 0x6984);
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 31 32 33 34", 0x6984);
  card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x63c0);
  g_object_get (fixture->card, "pin-tries", &tries, NULL);
  g_assert_cmpuint (tries, ==, 0);

  /* Wrong parameters and lengths. */
  card_test_expect_sw (fixture->transport, "00 20 00 81", 0x6a86);
  card_test_expect_sw (fixture->transport, "00 20 01 80", 0x6a86);
  card_test_expect_sw (fixture->transport, "00 20 00 80 00", 0x6700);
  card_test_expect_sw (fixture->transport, "00 20 00 80 04 31 32", 0x6700);

  /* The property restores tries (for trainers). */
  g_object_set (fixture->card, "pin-tries", 2, NULL);
  card_test_expect_sw (fixture->transport, VERIFY_INFO, 0x63c2);
}

static void
test_virtual_card_bad_commands (Fixture       *fixture,
                                gconstpointer  data)
{
  card_test_expect_sw (fixture->transport, "00", 0x6700);
  card_test_expect_sw (fixture->transport, "00 A4 04", 0x6700);
  card_test_expect_sw (fixture->transport, "80 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", 0x6e00);
  card_test_expect_sw (fixture->transport, "80 2A 00 80", 0x6e00);
  card_test_expect_sw (fixture->transport, "00 CA 00 00 00", 0x6d00);
  card_test_expect_sw (fixture->transport, "00 24 01 80 04 31 32 33 34", 0x6d00);
  /* Extended length (Lc = 00 followed by data) is not supported. */
  card_test_expect_sw (fixture->transport, "00 A4 04 0C 00 00 0A D3", 0x6700);
}

static void
test_virtual_card_wrong_application (Fixture       *fixture,
                                     gconstpointer  data)
{
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
  g_assert_true (fc_card_transport_card_present (fixture->transport));
  card_test_expect_sw (fixture->transport, SELECT_AP, 0x6a82);
  card_test_expect_sw (fixture->transport, SELECT_CERT, 0x6a82);
}

static void
test_virtual_card_error_status (Fixture       *fixture,
                                gconstpointer  data)
{
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ERROR_STATUS);
  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  card_test_expect_sw (fixture->transport, SELECT_CERT, 0x9000);
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6982);

  g_object_set (fixture->card, "error-status", 0x6f00, NULL);
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6f00);
}

static void
test_virtual_card_removed_after_bytes (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) apdu = card_test_hex ("00 B0 00 00 00");
  g_autoptr(GBytes) response = NULL;
  gsize delivered = 0;

  g_object_set (fixture->card, "remove-after-bytes", 300, NULL);
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_REMOVED_AFTER);

  delivered += card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000) + 2;
  delivered += card_test_expect_sw (fixture->transport, SELECT_CERT, 0x9000) + 2;
  delivered += card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x9000) + 2;
  g_assert_cmpuint (delivered, ==, 262);
  g_assert_true (fc_card_transport_card_present (fixture->transport));

  /* The next 258-byte answer would pass 300 bytes: the card leaves the field. */
  response = fc_card_transport_transceive (fixture->transport, apdu, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (response);
  g_clear_error (&error);
  g_assert_false (fc_card_transport_card_present (fixture->transport));

  /* It stays gone. */
  response = fc_card_transport_transceive (fixture->transport, apdu, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_clear_error (&error);
  g_assert_false (fc_card_transport_wait_for_card (fixture->transport, 10, NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  /* Put back on the reader, it answers again (from scratch: nothing selected). */
  fc_virtual_card_reinsert (fixture->card);
  g_assert_true (fc_card_transport_card_present (fixture->transport));
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x6986);
}

static void
test_virtual_card_absent_times_out (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) apdu = card_test_hex (SELECT_AP);
  g_autoptr(GBytes) response = NULL;
  gint64 start;
  gint64 elapsed;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);
  g_assert_false (fc_card_transport_card_present (fixture->transport));

  start = g_get_monotonic_time ();
  g_assert_false (fc_card_transport_wait_for_card (fixture->transport, 100, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_cmpint (elapsed, >=, 100 * 1000);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
  g_clear_error (&error);

  response = fc_card_transport_transceive (fixture->transport, apdu, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (response);
}

static gpointer
cancel_later_thread (gpointer data)
{
  GCancellable *cancellable = data;

  g_usleep (50 * 1000);
  g_cancellable_cancel (cancellable);

  return NULL;
}

static void
test_virtual_card_wait_is_cancellable (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GThread *thread;
  gint64 start;
  gint64 elapsed;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  g_assert_false (fc_card_transport_wait_for_card (fixture->transport, 5000, cancellable, &error));
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, >=, 40 * 1000);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
  g_clear_error (&error);

  /* Already cancelled: fails at once. */
  g_assert_false (fc_card_transport_wait_for_card (fixture->transport, 5000, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_virtual_card_arrival_delay (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed;

  g_object_set (fixture->card, "arrival-delay-ms", 150, NULL);

  /* Nobody waited yet: no card. */
  g_assert_false (fc_card_transport_card_present (fixture->transport));

  /* A wait shorter than the delay times out... */
  start = g_get_monotonic_time ();
  g_assert_false (fc_card_transport_wait_for_card (fixture->transport, 50, NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);
  g_assert_false (fc_card_transport_card_present (fixture->transport));

  /* ...and the card arrives 150 ms after the first wait started. */
  g_assert_true (fc_card_transport_wait_for_card (fixture->transport, 2000, NULL, &error));
  g_assert_no_error (error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 150 * 1000);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
  g_assert_true (fc_card_transport_card_present (fixture->transport));

  /* Once there, waiting returns at once. */
  start = g_get_monotonic_time ();
  g_assert_true (fc_card_transport_wait_for_card (fixture->transport, 2000, NULL, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 50 * 1000);
}

static void
test_virtual_card_byte_delay (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 start;
  gint64 elapsed;

  card_test_expect_sw (fixture->transport, SELECT_AP, 0x9000);
  card_test_expect_sw (fixture->transport, SELECT_CERT, 0x9000);

  g_object_set (fixture->card, "byte-delay-us", 200, NULL);
  start = g_get_monotonic_time ();
  /* 5 command bytes + 258 response bytes at 200 µs each: at least 52.6 ms. */
  card_test_expect_sw (fixture->transport, "00 B0 00 00 00", 0x9000);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 263 * 200);
  g_assert_cmpint (elapsed, <, 1000 * 1000);
}

typedef struct
{
  FcCardTransport *transport;
  guint            n_apdus;
} ThreadData;

static gpointer
hammer_thread (gpointer data)
{
  ThreadData *thread_data = data;

  for (guint i = 0; i < thread_data->n_apdus; i++)
    {
      g_autoptr(GBytes) response = card_test_xchg (thread_data->transport, VERIFY_INFO);
      g_assert_cmpuint (g_bytes_get_size (response), ==, 2);
    }

  return NULL;
}

static void
test_virtual_card_thread_safe (Fixture       *fixture,
                               gconstpointer  data)
{
  ThreadData thread_data = { fixture->transport, 200 };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("apdu", hammer_thread, &thread_data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (fc_virtual_card_get_apdu_count (fixture->card), ==, 4 * 200);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/fc/card/virtual/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/fc/card/virtual/new-and-finalize", test_virtual_card_new_and_finalize);
  ADD ("properties-round-trip", test_virtual_card_properties);
  ADD ("select-application", test_virtual_card_select_ap);
  ADD ("select-file", test_virtual_card_select_ef);
  g_test_add_func ("/fc/card/virtual/select-file-without-ca",
                   test_virtual_card_select_ef_without_ca);
  ADD ("read-binary", test_virtual_card_read_binary);
  ADD ("token-info", test_virtual_card_token_info);
  ADD ("verify-pin-counter", test_virtual_card_verify);
  ADD ("bad-commands", test_virtual_card_bad_commands);
  ADD ("wrong-application", test_virtual_card_wrong_application);
  ADD ("error-status", test_virtual_card_error_status);
  ADD ("removed-after-bytes", test_virtual_card_removed_after_bytes);
  ADD ("absent-times-out", test_virtual_card_absent_times_out);
  ADD ("wait-is-cancellable", test_virtual_card_wait_is_cancellable);
  ADD ("arrival-delay", test_virtual_card_arrival_delay);
  ADD ("byte-delay", test_virtual_card_byte_delay);
  ADD ("thread-safe", test_virtual_card_thread_safe);

#undef ADD

  return card_test_run ();
}
