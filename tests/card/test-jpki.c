/* test-jpki.c: reading the user-authentication certificate through FcJpki: the chunking, the
 * error and status words, resuming after a lost answer, the PIN counter query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "card-test-util.h"

typedef CardTestFixture Fixture;

static void
assert_offsets_contiguous (FcTestRecorder *recorder)
{
  for (guint i = 0; i < recorder->read_offsets->len; i++)
    g_assert_cmpuint (g_array_index (recorder->read_offsets, gsize, i), ==, i * 256);
}

static void
test_jpki_reads_identity (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_sha256 = card_test_sha256_hex (card_test_cert);
  gsize der_len = g_bytes_get_size (card_test_cert);
  FcCardIdentity *identity;

  identity = card_test_fixture_read (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);

  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), card_test_cert));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);
  g_assert_cmpstr (fc_card_identity_get_subject (identity), ==, "CN=997794E9AGCIEG13221003A,C=JP");

  /* SELECT AP, SELECT EF, then ceil(len / 256) READ BINARY; every answer fits a PN532 frame. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 2);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, card_test_n_chunks (der_len));
  g_assert_cmpuint (fixture->recorder->max_response, <=, FC_JPKI_MAX_CHUNK + 2);
  g_assert_cmpuint (fixture->recorder->verifies, ==, 0);
  assert_offsets_contiguous (fixture->recorder);

  g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), ==, fixture->recorder->apdus);
  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), ==, der_len);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (fixture->card), ==, fixture->recorder->apdus);

  g_assert_finalize_object (identity);
}

/* EF 000A holding a DER SEQUENCE of @total bytes (not a certificate): checks the chunking and the
 * header parsing, then parsing fails with MALFORMED. */
static void
check_sequence_chunks (const guint8 *header,
                       gsize         header_len,
                       gsize         total)
{
  g_autoptr(GByteArray) content = g_byte_array_new ();
  g_autoptr(GBytes) content_bytes = NULL;
  g_autoptr(FcVirtualCard) card = NULL;
  g_autoptr(FcTestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  g_byte_array_append (content, header, header_len);
  while (content->len < total)
    {
      guint8 byte = 0x5a;
      g_byte_array_append (content, &byte, 1);
    }
  content_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&content));

  card = fc_virtual_card_new (content_bytes, NULL);
  recorder = fc_test_recorder_new (FC_CARD_TRANSPORT (card));
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (recorder), NULL, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_assert_null (identity);

  g_assert_cmpuint (recorder->read_binaries, ==, card_test_n_chunks (total));
  g_assert_cmpuint (recorder->read_bytes_delivered, ==, MAX (total, 256));
  g_assert_cmpuint (recorder->max_response, <=, 258);
}

static void
test_jpki_chunks_follow_der_length (void)
{
  static const guint8 short_form[] = { 0x30, 0x05 };
  static const guint8 one_byte[] = { 0x30, 0x81, 0x90 };
  static const guint8 exactly_512[] = { 0x30, 0x82, 0x01, 0xfc };
  static const guint8 just_over[] = { 0x30, 0x82, 0x02, 0x00 };
  static const guint8 larger[] = { 0x30, 0x82, 0x06, 0x3c };

  check_sequence_chunks (short_form, sizeof short_form, 7);
  check_sequence_chunks (one_byte, sizeof one_byte, 147);
  check_sequence_chunks (exactly_512, sizeof exactly_512, 512);
  check_sequence_chunks (just_over, sizeof just_over, 516);
  check_sequence_chunks (larger, sizeof larger, 1600);
}

static void
test_jpki_garbage_file_is_malformed (void)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x04\x03 not a certificate", 20);
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (garbage, NULL);
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (card), NULL, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_assert_null (identity);
}

static void
test_jpki_wrong_application (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI);
  g_assert_nonnull (strstr (error->message, "not a My Number card"));
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 0);
}

static void
test_jpki_removed_is_final (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  g_object_set (fixture->card, "remove-after-bytes", 400, NULL);
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_REMOVED_AFTER);

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);

  /* No retry after the card left: the second READ BINARY was the last APDU. */
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 2);
  g_assert_cmpuint (fixture->recorder->errors_after_removal, ==, 0);
}

static void
test_jpki_error_status (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ERROR_STATUS);

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "6982"));
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 1);
  g_clear_error (&error);

  /* An unknown status word is named too. */
  g_object_set (fixture->card, "error-status", 0x6581, NULL);
  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "6581"));
  g_assert_null (identity);
}

static void
test_jpki_transient_status_gives_up (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  /* 6F00 may pass on a second try: the same offset is asked 1 + 3 times, then it fails. */
  g_object_set (fixture->card, "error-status", 0x6f00, NULL);
  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ERROR_STATUS);

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "6F00"));
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 4);
}

static void
test_jpki_absent_card (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) apdu = card_test_hex (CARD_TEST_SELECT_JPKI);
  FcCardIdentity *identity;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);

  /* Without waiting: the first APDU fails. */
  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (identity);
}

static void
test_jpki_pin_tries_cost_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardTransport *transport = FC_CARD_TRANSPORT (fixture->recorder);
  guint card_tries = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, 3);
      g_assert_no_error (error);
    }
  g_object_get (fixture->card, "pin-tries", &card_tries, NULL);
  g_assert_cmpuint (card_tries, ==, 3);
  g_assert_cmpuint (fixture->recorder->verifies, ==, 3);
  g_assert_cmpuint (fixture->recorder->verifies_with_data, ==, 0);

  g_object_set (fixture->card, "pin-tries", 1, NULL);
  g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, 1);
  g_assert_no_error (error);

  /* Blocked (63C0) reads as 0, not as an error. */
  g_object_set (fixture->card, "pin-tries", 0, NULL);
  g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->recorder->verifies_with_data, ==, 0);
}

static void
test_jpki_pin_tries_errors (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardTransport *transport = FC_CARD_TRANSPORT (fixture->recorder);

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_WRONG_APPLICATION);
  g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, -1);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI);
  g_clear_error (&error);

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);
  g_assert_cmpint (fc_jpki_read_pin_tries (transport, NULL, &error), ==, -1);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
}

static void
test_jpki_resumes_after_io_error (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_sha256 = card_test_sha256_hex (card_test_cert);
  gsize der_len = g_bytes_get_size (card_test_cert);
  FcCardIdentity *identity;

  g_assert_cmpuint (card_test_n_chunks (der_len), >=, 2);

  /* The answer to the second READ BINARY (offset 256) is lost. */
  fixture->recorder->io_error_on_read = 2;

  identity = card_test_fixture_read (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);

  /* Resumed at offset 256 after re-selecting: one chunk was read twice, nothing else. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 4);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, card_test_n_chunks (der_len) + 1);
  g_assert_cmpuint (fixture->recorder->read_bytes_delivered, ==, der_len);
  g_assert_cmpuint (fixture->recorder->read_bytes_lost, ==, MIN (256, der_len - 256));
  assert_offsets_contiguous (fixture->recorder);
  g_test_message ("re-read %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                  fixture->recorder->read_bytes_lost, der_len);

  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), ==, der_len);
  g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), ==, fixture->recorder->apdus);

  g_assert_finalize_object (identity);
}

static void
test_jpki_resumes_after_transient_status (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize der_len = g_bytes_get_size (card_test_cert);
  FcCardIdentity *identity;

  fixture->recorder->sw_on_read = 2;
  fixture->recorder->replacement_sw = 0x6400;

  identity = card_test_fixture_read (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), card_test_cert));

  /* No re-selection for a status word; the same offset is asked again. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 2);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, card_test_n_chunks (der_len) + 1);
  assert_offsets_contiguous (fixture->recorder);

  g_assert_finalize_object (identity);
}

static void
test_jpki_persistent_io_error (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  fixture->recorder->io_error_on_every_read = TRUE;

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 4);
}

static void
test_jpki_short_answer_is_malformed (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  fixture->recorder->short_answer_on_read = 1;

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 1);
}

static void
test_jpki_untrusted_issuer (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) other_ca = fc_test_ca_new (&error);
  FcCardIdentity *identity;

  g_assert_no_error (error);
  g_ptr_array_set_size (fixture->anchors, 0);
  g_ptr_array_add (fixture->anchors, g_bytes_ref (fc_test_ca_get_cert_der (other_ca)));

  identity = card_test_fixture_read (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_assert_null (identity);
}

static void
test_jpki_check_status (void)
{
  static const struct {
    guint16     sw;
    FcCardError code;
    const char *text;
  } cases[] = {
    { 0x6982, FC_CARD_ERROR_STATUS, "6982" },
    { 0x63c2, FC_CARD_ERROR_WRONG_PIN, "2 tries left" },
    { 0x63c1, FC_CARD_ERROR_WRONG_PIN, "1 try left" },
    { 0x63c0, FC_CARD_ERROR_PIN_BLOCKED, "63C0" },
    { 0x6983, FC_CARD_ERROR_PIN_BLOCKED, "6983" },
    { 0x6984, FC_CARD_ERROR_PIN_BLOCKED, "blocked" },
    { 0x6700, FC_CARD_ERROR_STATUS, "6700" },
    { 0x6a86, FC_CARD_ERROR_STATUS, "6A86" },
    { 0x6a82, FC_CARD_ERROR_STATUS, "6A82" },
    { 0x6b00, FC_CARD_ERROR_STATUS, "6B00" },
    { 0x6d00, FC_CARD_ERROR_STATUS, "6D00" },
    { 0x6e00, FC_CARD_ERROR_STATUS, "6E00" },
    { 0x6f00, FC_CARD_ERROR_STATUS, "The card answered an error (SW 6F00) while testing" },
    { 0x1234, FC_CARD_ERROR_STATUS, "SW 1234" },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_jpki_check_status (0x9000, "testing", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (fc_jpki_check_status (cases[i].sw, "testing", &error));
      g_assert_error (error, FC_CARD_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].text));
      g_assert_nonnull (strstr (error->message, "testing"));
      g_clear_error (&error);
    }

  /* Without a step, a generic one is named. */
  g_assert_false (fc_jpki_check_status (0x6a86, NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/fc/card/jpki/" path, Fixture, NULL, card_test_fixture_setup, func, \
              card_test_fixture_teardown)

  ADD ("reads-identity", test_jpki_reads_identity);
  g_test_add_func ("/fc/card/jpki/chunks-follow-der-length", test_jpki_chunks_follow_der_length);
  g_test_add_func ("/fc/card/jpki/garbage-file-is-malformed", test_jpki_garbage_file_is_malformed);
  ADD ("wrong-application-is-not-jpki", test_jpki_wrong_application);
  ADD ("removed-is-final", test_jpki_removed_is_final);
  ADD ("error-status-names-sw", test_jpki_error_status);
  ADD ("transient-status-gives-up", test_jpki_transient_status_gives_up);
  ADD ("absent-card", test_jpki_absent_card);
  ADD ("pin-tries-cost-nothing", test_jpki_pin_tries_cost_nothing);
  ADD ("pin-tries-errors", test_jpki_pin_tries_errors);
  ADD ("resumes-after-io-error", test_jpki_resumes_after_io_error);
  ADD ("resumes-after-transient-status", test_jpki_resumes_after_transient_status);
  ADD ("persistent-io-error-fails", test_jpki_persistent_io_error);
  ADD ("short-answer-is-malformed", test_jpki_short_answer_is_malformed);
  ADD ("untrusted-issuer", test_jpki_untrusted_issuer);
  g_test_add_func ("/fc/card/jpki/check-status", test_jpki_check_status);

#undef ADD

  return card_test_run ();
}
