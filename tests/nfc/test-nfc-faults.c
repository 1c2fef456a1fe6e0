/* test-nfc-faults.c: whole certificate reads through FcNfcTransport and the real libnfc
 * pn532_uart driver against the emulated PN532, and the faults during them: the card taken away,
 * garbage, error and truncated frames, the reader unplugged; the paced read time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nfc-test-util.h"

typedef NfcFixture Fixture;

/* /fc/nfc/read/certificate */
static void
test_read_certificate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autofree char *name = NULL;
  gsize cert_len = g_bytes_get_size (test_cert);

  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));

  name = fc_nfc_transport_dup_device_name (f->transport);
  g_assert_nonnull (name);
  g_assert_nonnull (strstr (name, "pn532_uart"));
  g_test_message ("reader: %s", name);

  identity = nfc_fixture_read (f, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (identity);

  /* Short READ BINARY only: no answer above 256 data bytes + SW. */
  g_assert_cmpuint (fc_pn532_emu_get_max_response_len (f->emu), <=, 258);
  g_assert_cmpuint (fc_pn532_emu_get_max_response_len (f->emu), >, 2);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, fc_card_identity_get_apdu_count (identity));
  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), >=, cert_len);
  /* SELECT AP + SELECT EF + ceil(len / 256) READ BINARY at least. */
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), >=, 2 + (cert_len + 255) / 256);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 1);

  g_test_message ("certificate %" G_GSIZE_FORMAT " bytes: %u APDUs, %" G_GUINT64_FORMAT
                  " APDU bytes exchanged, largest answer %u bytes",
                  cert_len, fc_pn532_emu_get_apdu_count (f->emu),
                  fc_pn532_emu_get_apdu_bytes (f->emu),
                  fc_pn532_emu_get_max_response_len (f->emu));
}

/* /fc/nfc/read/paced-timing: the read time at 106 kbit/s + 115200 baud pacing. */
static void
test_read_paced (Fixture       *f,
                 gconstpointer  data)
{
  enum { RUNS = 5 };
  double times[RUNS];
  guint apdus = 0;
  guint64 bytes = 0;

  fc_pn532_emu_set_pacing (f->emu, TRUE);

  /* Open the reader first: the read time is what the crew waits for once the card is there. */
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, NULL));

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcCardIdentity) identity = NULL;
      gint64 start;

      fc_pn532_emu_reset_log (f->emu);
      start = g_get_monotonic_time ();
      identity = nfc_fixture_read (f, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      nfc_test_assert_identity_matches (identity);
      apdus = fc_pn532_emu_get_apdu_count (f->emu);
      bytes = fc_pn532_emu_get_apdu_bytes (f->emu);
    }

  qsort (times, RUNS, sizeof times[0], nfc_test_compare_double);
  g_test_message ("paced certificate read (%" G_GSIZE_FORMAT " bytes, %u APDUs, %" G_GUINT64_FORMAT
                  " APDU bytes): median %.1f ms, min %.1f ms, max %.1f ms over %d reads",
                  g_bytes_get_size (test_cert), apdus, bytes,
                  times[RUNS / 2], times[0], times[RUNS - 1], RUNS);

  /* Pacing is real: at least the air and UART time of the bytes exchanged. */
  g_assert_cmpfloat (times[0], >=, bytes * (FC_PN532_EMU_AIR_US_PER_BYTE + FC_PN532_EMU_UART_US_PER_BYTE) / 1000.0);
  /* Target 0.5 s; allow headroom for a loaded CI machine. */
  g_assert_cmpfloat (times[RUNS / 2], <, 1500.0);
}

/* /fc/nfc/read/wrong-application */
static void
test_wrong_application (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_virtual_card_set_behaviour (f->card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
  identity = nfc_fixture_read (f, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI);
  g_assert_null (identity);
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
}

/* /fc/nfc/error/removed-mid-read: the card leaves, then is presented again. */
static void
test_removed_mid_read (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) again = NULL;

  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, NULL));
  fc_pn532_emu_set_remove_after_bytes (f->emu, 300);

  identity = nfc_fixture_read (f, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);
  g_assert_false (fc_pn532_emu_get_card_present (f->emu));
  g_assert_false (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));
  g_clear_error (&error);

  /* While it is away, waiting says so. */
  g_assert_false (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 150, NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  /* Presented again: the read completes with the same bytes. */
  fc_pn532_emu_set_card_present (f->emu, TRUE);
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, &error));
  g_assert_no_error (error);
  again = nfc_fixture_read (f, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (again);
  /* The reader was never re-opened: removal is not a reader fault. */
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 1);
}

/* /fc/nfc/error/removed-by-card: the virtual card itself reports removal. */
static void
test_removed_by_card (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_virtual_card_set_behaviour (f->card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (f->card, "remove-after-bytes", 100, NULL);

  identity = nfc_fixture_read (f, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);
}

/* /fc/nfc/error/garbage-frame: a bad checksum is an I/O error; the next call re-opens. */
static void
test_garbage_checksum (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GBytes) good = NULL;

  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, NULL));
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_BAD_CHECKSUM, 0);

  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
  g_assert_null (response);
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
  g_clear_error (&error);

  /* Still garbage: still a clear error, never a crash. */
  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
  g_clear_error (&error);

  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_NONE, 0);
  good = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_no_error (error);
  g_assert_cmphex (card_test_sw (good), ==, 0x9000);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), >=, 2);
}

/* /fc/nfc/error/error-frame: the PN532 application-level error frame. */
static void
test_garbage_error_frame (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_ERROR_FRAME, 1);
  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
  g_assert_null (response);
  g_clear_error (&error);

  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_no_error (error);
  g_assert_cmphex (card_test_sw (response), ==, 0x9000);
}

/* /fc/nfc/error/truncated-frame: an answer that stops half-way times out as an I/O error. */
static void
test_garbage_truncated (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  gint64 start;

  fc_nfc_transport_set_exchange_timeout_ms (f->transport, 300);
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_TRUNCATED, 1);

  start = g_get_monotonic_time ();
  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
  g_assert_null (response);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_no_error (error);
  g_assert_cmphex (card_test_sw (response), ==, 0x9000);
}

/* /fc/nfc/read/resumes-after-garbage: FcJpki resumes after a transient I/O error and the
 * certificate has no missing or duplicated bytes. */
static void
test_read_resumes_after_garbage (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GBytes) response = NULL;

  /* Select the application and file, then spoil the answer to the next READ BINARY. */
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, NULL));
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_BAD_CHECKSUM, 3);

  identity = nfc_fixture_read (f, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (identity);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), >=, 2);
}

/* /fc/nfc/reader/unplug-replug */
static void
test_unplug_replug (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) first = NULL;
  g_autoptr(FcCardIdentity) during = NULL;
  g_autoptr(FcCardIdentity) after = NULL;
  g_autofree char *pty_before = fc_pn532_emu_dup_pty_path (f->emu);
  g_autofree char *pty_after = NULL;

  first = nfc_fixture_read (f, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (first);

  g_assert_true (fc_pn532_emu_set_unplugged (f->emu, TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (fc_pn532_emu_dup_pty_path (f->emu));

  during = nfc_fixture_read (f, &error);
  g_assert_null (during);
  g_assert_true (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_IO) ||
                 g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER));
  g_test_message ("while unplugged: %s", error->message);
  g_clear_error (&error);
  g_assert_false (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));

  g_assert_true (fc_pn532_emu_set_unplugged (f->emu, FALSE, &error));
  g_assert_no_error (error);
  pty_after = fc_pn532_emu_dup_pty_path (f->emu);
  g_assert_nonnull (pty_after);
  g_test_message ("re-plugged: %s -> %s", pty_before, pty_after);

  after = nfc_fixture_read (f, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (after);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  nfc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, nfc_fixture_setup, func, nfc_fixture_teardown)

  ADD ("/fc/nfc/read/certificate", test_read_certificate);
  ADD ("/fc/nfc/read/paced-timing", test_read_paced);
  ADD ("/fc/nfc/read/wrong-application", test_wrong_application);
  ADD ("/fc/nfc/read/resumes-after-garbage", test_read_resumes_after_garbage);
  ADD ("/fc/nfc/error/removed-mid-read", test_removed_mid_read);
  ADD ("/fc/nfc/error/removed-by-card", test_removed_by_card);
  ADD ("/fc/nfc/error/garbage-frame", test_garbage_checksum);
  ADD ("/fc/nfc/error/error-frame", test_garbage_error_frame);
  ADD ("/fc/nfc/error/truncated-frame", test_garbage_truncated);
  ADD ("/fc/nfc/reader/unplug-replug", test_unplug_replug);

#undef ADD

  return nfc_test_run ();
}
