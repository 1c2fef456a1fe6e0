/* test-nfc-read.c: whole reads through the real libnfc pn532_uart driver against the emulated
 * PN532: a card removed and presented again, PIN counter queries, truncated answers, the read
 * time at 106 kbit/s pacing (median of 20), and `fieldcard-cli read-card` against the emulator
 * program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "nfc-test-util.h"

typedef NfcFixture Fixture;

typedef struct
{
  FcPn532Emu *emu;
  guint       delay_ms;
} Represent;

/* The crew puts the card back after @delay_ms, once it has left the field. */
static gpointer
represent_thread (gpointer user_data)
{
  Represent *represent = user_data;

  while (fc_pn532_emu_get_card_present (represent->emu))
    g_usleep (5 * 1000);
  g_usleep (represent->delay_ms * 1000);
  fc_pn532_emu_set_card_present (represent->emu, TRUE);
  return NULL;
}

static void
count_progress_cb (gsize    done,
                   gsize    total,
                   gpointer user_data)
{
  gsize *last = user_data;

  g_assert_cmpuint (done, >, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

/* /fc/nfc/read/removed-then-presented-again: the read waits, checks it is the same card and
 * completes with no missing or duplicated byte. */
static void
test_removed_then_represented (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  Represent represent = { f->emu, 200 };
  GThread *thread;
  gsize last = 0;
  gint64 start;
  gint64 elapsed;

  fc_pn532_emu_reset_log (f->emu);
  fc_pn532_emu_set_remove_after_bytes (f->emu, 600);
  thread = g_thread_new ("represent", represent_thread, &represent);

  start = g_get_monotonic_time ();
  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (f->transport), f->anchors,
                                         count_progress_cb, &last, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);

  g_assert_no_error (error);
  nfc_test_assert_identity_matches (identity);
  g_assert_cmpuint (last, ==, g_bytes_get_size (test_cert));
  g_assert_cmpint (elapsed, >=, 200 * 1000);
  /* The bytes already read were read again to compare: more than one certificate's worth. */
  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), >, g_bytes_get_size (test_cert));
  /* Removal is not a reader fault: the reader stayed open. */
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 1);
  g_test_message ("removed after 600 bytes, back after 200 ms: read in %.0f ms, %u APDUs",
                  elapsed / 1000.0, fc_card_identity_get_apdu_count (identity));
}

/* /fc/nfc/read/removed-not-back-in-time: the plain read gives up at once with REMOVED. */
static void
test_removed_plain (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_pn532_emu_set_remove_after_bytes (f->emu, 600);
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (f->transport), f->anchors, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
}

/* /fc/nfc/pin/query-does-not-decrement */
static void
test_pin_query_keeps_counter (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (fc_jpki_read_pin_tries (FC_CARD_TRANSPORT (f->transport), NULL, &error),
                       ==, 3);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 3);

  /* One try left: still reported, still not spent. */
  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_cmpint (fc_jpki_read_pin_tries (FC_CARD_TRANSPORT (f->transport), NULL, &error), ==, 1);
  g_assert_cmpint (fc_jpki_read_pin_tries (FC_CARD_TRANSPORT (f->transport), NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 1);
}

/* /fc/nfc/pin/blocked-63c0 and /fc/nfc/pin/blocked-6984: VERIFY without data on a blocked card
 * reports 0 tries; the status word maps to PIN_BLOCKED; the certificate still reads. */
static void
test_pin_blocked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GBytes) apdu = NULL;
  g_autoptr(GBytes) response = NULL;
  FcCardTransport *transport = FC_CARD_TRANSPORT (f->transport);
  guint16 expected_sw = GPOINTER_TO_INT (data) ? 0x6984 : 0x63c0;
  const guint8 *bytes;
  gsize len;
  guint16 sw;

  g_object_set (f->card, "pin-tries", 0, NULL);
  g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* The status word on the wire, and what it means. */
  apdu = g_bytes_new ("\x00\x20\x00\x80", 4);
  response = fc_card_transport_transceive (transport, apdu, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (response, &len);
  g_assert_cmpuint (len, ==, 2);
  sw = (guint16) ((bytes[0] << 8) | bytes[1]);
  g_assert_cmphex (sw, ==, expected_sw);
  g_assert_false (fc_jpki_check_status (sw, "testing", &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
  g_clear_error (&error);

  /* No PIN is needed to read the certificate. */
  identity = fc_jpki_read_identity (transport, f->anchors, NULL, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (identity);
}

/* /fc/nfc/read/truncated-answer-resumes: a frame cut half-way through a certificate read is a
 * transient I/O error: the read resumes and the bytes are exact. */
static void
test_truncated_resumes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_nfc_transport_set_exchange_timeout_ms (f->transport, 300);
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_TRUNCATED, 1);

  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (f->transport), f->anchors, NULL, &error);
  g_assert_no_error (error);
  nfc_test_assert_identity_matches (identity);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), >=, 2);
}

/* /fc/nfc/read/truncated-answers-fail-clearly: every answer cut: a clear I/O error, in bounded
 * time. */
static void
test_truncated_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  gint64 start;

  fc_nfc_transport_set_exchange_timeout_ms (f->transport, 200);
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_TRUNCATED, 0);

  start = g_get_monotonic_time ();
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (f->transport), f->anchors, NULL, &error);
  g_assert_null (identity);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FC_CARD_ERROR);
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  fc_pn532_emu_set_garbage (f->emu, FC_PN532_EMU_GARBAGE_NONE, 0);
}

/* /fc/nfc/read/paced-median-of-20: the read time at 106 kbit/s air + 115200 baud UART pacing. */
static void
test_paced_median (Fixture       *f,
                   gconstpointer  data)
{
  enum { RUNS = 20 };
  double times[RUNS];
  guint apdus = 0;
  guint64 bytes = 0;
  gsize data_bytes = 0;

  fc_pn532_emu_set_pacing (f->emu, TRUE);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcCardIdentity) identity = NULL;
      gint64 start;

      fc_pn532_emu_reset_log (f->emu);
      start = g_get_monotonic_time ();
      identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (f->transport), f->anchors,
                                             NULL, NULL, NULL, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      nfc_test_assert_identity_matches (identity);
      apdus = fc_pn532_emu_get_apdu_count (f->emu);
      bytes = fc_pn532_emu_get_apdu_bytes (f->emu);
      data_bytes = fc_card_identity_get_bytes_read (identity);
    }

  qsort (times, RUNS, sizeof times[0], nfc_test_compare_double);
  g_test_message ("paced certificate read, %" G_GSIZE_FORMAT "-byte certificate: %u APDUs, %"
                  G_GUINT64_FORMAT " APDU bytes (%" G_GSIZE_FORMAT " READ BINARY data bytes); "
                  "median %.1f ms, min %.1f ms, max %.1f ms over %d reads",
                  g_bytes_get_size (test_cert), apdus, bytes, data_bytes,
                  (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2, times[0], times[RUNS - 1], RUNS);

  g_assert_cmpuint (apdus, ==, 2 + (g_bytes_get_size (test_cert) + 255) / 256);
  g_assert_cmpfloat (times[0], >=,
                     bytes * (FC_PN532_EMU_AIR_US_PER_BYTE + FC_PN532_EMU_UART_US_PER_BYTE) / 1000.0);
  /* Target 0.5 s. */
  g_assert_cmpfloat ((times[RUNS / 2 - 1] + times[RUNS / 2]) / 2, <, 500.0);
}

/* /fc/nfc/cli/read-card-prints-json */
static void
test_cli_read_card (void)
{
  NfcEmulatorProgram p = { NULL, };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  int status;

  nfc_emulator_program_start (&p, FALSE);
  status = nfc_test_run_cli ((const char *[]) { "read-card", "--reader", p.connstring,
                                                "--timeout", "3", "--trust", p.ca_path, NULL },
                             NULL, &out, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, test_cert_sha256);
  g_assert_cmpstr (json_object_get_string_member (object, "serial"), ==, "1092");  /* 4242 */
  g_assert_nonnull (strstr (json_object_get_string_member (object, "issuer"),
                            "JPKI for user authentication"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "subject"), "FCNFCTEST0001A"));
  g_assert_true (json_object_has_member (object, "not_before"));
  g_assert_true (json_object_has_member (object, "not_after"));
  g_assert_false (json_object_get_boolean_member (object, "expired"));
  g_assert_cmpint (json_object_get_int_member (object, "apdus"), ==,
                   2 + (g_bytes_get_size (test_cert) + 255) / 256);
  g_assert_cmpint (json_object_get_int_member (object, "bytes"), ==, g_bytes_get_size (test_cert));
  g_assert_cmpint (json_object_get_int_member (object, "read_ms"), >=, 0);
  nfc_emulator_program_stop (&p);
}

/* /fc/nfc/cli/read-card-errors: no card, wrong trust anchor, no reader, bad timeout: one line
 * on stderr, exit status 2. */
static void
test_cli_read_card_errors (void)
{
  NfcEmulatorProgram p = { NULL, };
  struct {
    const char *args[8];
    const char *text;
  } cases[] = {
    { { "read-card", "--reader", "pn532_uart:/nonexistent/ttyNFC9:115200", NULL }, "reader" },
    { { "read-card", "--timeout", "0", NULL }, "--timeout" },
    { { "read-card", "--trust", "/nonexistent/ca.der", NULL }, "/nonexistent/ca.der" },
    { { "read-card", "--reader", NULL, "--trust", NULL, NULL }, "not issued" },
    { { "read-card", "--reader", NULL, "--timeout", "1", NULL }, "card" },
  };

  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) wrong_ca = fc_test_ca_new (&error);
  g_autofree char *wrong_ca_path = NULL;

  g_assert_no_error (error);
  nfc_emulator_program_start (&p, FALSE);
  /* A CA that did not issue the emulated card. */
  wrong_ca_path = g_build_filename (p.dir, "wrong-ca.der", NULL);
  g_assert_true (g_file_set_contents (wrong_ca_path,
                                      g_bytes_get_data (fc_test_ca_get_cert_der (wrong_ca), NULL),
                                      g_bytes_get_size (fc_test_ca_get_cert_der (wrong_ca)),
                                      &error));
  cases[3].args[2] = p.connstring;
  cases[3].args[4] = wrong_ca_path;
  cases[4].args[2] = p.connstring;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      /* Take the card away. */
      if (i == 4)
        nfc_emulator_program_say (&p, "remove");
      status = nfc_test_run_cli (cases[i].args, NULL, &out, &err);
      g_test_message ("%s:", cases[i].args[1]);
      nfc_test_assert_one_error_line (status, out, err, cases[i].text);
    }

  g_unlink (wrong_ca_path);
  nfc_emulator_program_stop (&p);
}

int
main (int   argc,
      char *argv[])
{
  nfc_test_init (&argc, &argv);

#define ADD(path, func, blocked) \
  g_test_add (path, Fixture, GINT_TO_POINTER (blocked), nfc_fixture_setup_present, func, \
              nfc_fixture_teardown)

  ADD ("/fc/nfc/read/removed-then-presented-again", test_removed_then_represented, FALSE);
  ADD ("/fc/nfc/read/removed-plain-read-gives-up", test_removed_plain, FALSE);
  ADD ("/fc/nfc/read/truncated-answer-resumes", test_truncated_resumes, FALSE);
  ADD ("/fc/nfc/read/truncated-answers-fail-clearly", test_truncated_fails, FALSE);
  ADD ("/fc/nfc/read/paced-median-of-20", test_paced_median, FALSE);
  ADD ("/fc/nfc/pin/query-does-not-decrement", test_pin_query_keeps_counter, FALSE);
  ADD ("/fc/nfc/pin/blocked-63c0", test_pin_blocked, FALSE);
  ADD ("/fc/nfc/pin/blocked-6984", test_pin_blocked, TRUE);
  g_test_add_func ("/fc/nfc/cli/read-card-prints-json", test_cli_read_card);
  g_test_add_func ("/fc/nfc/cli/read-card-errors", test_cli_read_card_errors);

#undef ADD

  return nfc_test_run ();
}
