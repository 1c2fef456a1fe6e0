/* test-nfc-pin.c: the PIN check and the CA certificate through the real libnfc pn532_uart driver
 * against the emulated PN532, and `fieldcard-cli read-card --ca --pin-tries --verify-pin`
 * against the emulator program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "nfc-test-util.h"

#define RIGHT_PIN CARD_TEST_RIGHT_PIN
#define WRONG_PIN CARD_TEST_WRONG_PIN

typedef NfcFixture Fixture;

#define TRANSPORT(f) FC_CARD_TRANSPORT ((f)->transport)

/* /fc/nfc/pin/right-pin-resets-wrong-pin-decrements */
static void
test_right_and_wrong (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  card_test_assert_verify_fails (TRANSPORT (f), WRONG_PIN, FALSE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_WRONG_PIN, 2, &error);
  g_assert_nonnull (strstr (error->message, "2 tries left"));
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 2);

  card_test_assert_verify_ok (TRANSPORT (f), RIGHT_PIN, FALSE, 3);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 3);
  /* Two checks of 4 APDUs each: SELECT AP, SELECT EF 0018, counter, VERIFY. */
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 8);
}

/* /fc/nfc/pin/last-try-refused-sends-no-verify */
static void
test_last_try (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->card, "pin-tries", 1, NULL);
  card_test_assert_verify_fails (TRANSPORT (f), RIGHT_PIN, FALSE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_LAST_TRY, 1, &error);
  /* SELECT AP, SELECT EF 0018, the counter: no VERIFY with the PIN went over the air. */
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 3);
  g_assert_cmpuint (card_test_pin_tries (f->card), ==, 1);

  /* Confirmed, it goes through. */
  card_test_assert_verify_ok (TRANSPORT (f), RIGHT_PIN, TRUE, 3);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 3 + 4);
}

/* /fc/nfc/pin/blocked-card-gets-no-pin */
static void
test_blocked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The last try spent with a wrong PIN blocks the card (63C0)… */
  g_object_set (f->card, "pin-tries", 1, NULL);
  card_test_assert_verify_fails (TRANSPORT (f), WRONG_PIN, TRUE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_PIN_BLOCKED, 0, &error);
  g_clear_error (&error);

  /* …and a blocked card gets no PIN at all. */
  fc_pn532_emu_reset_log (f->emu);
  card_test_assert_verify_fails (TRANSPORT (f), RIGHT_PIN, TRUE, FC_CARD_ERROR,
                                 FC_CARD_ERROR_PIN_BLOCKED, 0, &error);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 3);
}

/* /fc/nfc/ca/reads-ca-and-checks-signature */
static void
test_reads_ca (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_der = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  ca_der = fc_jpki_read_ca_certificate (FC_CARD_TRANSPORT (f->transport), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ca_der, test_ca_der));
  g_assert_cmpuint (fc_pn532_emu_get_max_response_len (f->emu), <=, 258);

  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (f->transport), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fc_card_identity_verify_issued_by (identity, ca_der, &error));
  g_assert_no_error (error);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* A refused read-card: one error line, and no PIN digits in it. */
static void
assert_one_error_line (int         status,
                       const char *out,
                       const char *err,
                       const char *text)
{
  nfc_test_assert_one_error_line (status, out, err, text);
  g_assert_null (strstr (err, RIGHT_PIN));
  g_assert_null (strstr (err, WRONG_PIN));
}

/* /fc/nfc/cli/read-card-ca-and-pin-tries */
static void
test_cli_ca_and_tries (void)
{
  NfcEmulatorProgram p = { NULL, };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ca_sha256 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *ca;
  int status;

  nfc_emulator_program_start (&p, TRUE);
  status = nfc_test_run_cli ((const char *[]) { "read-card", "--reader", p.connstring,
                                                "--timeout", "3", "--ca", "--pin-tries", NULL },
                             NULL, &out, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);

  object = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, test_cert_sha256);
  g_assert_cmpint (json_object_get_int_member (object, "pin_tries"), ==, 3);
  g_assert_false (json_object_has_member (object, "pin_verified"));
  ca = json_object_get_object_member (object, "ca");
  g_assert_nonnull (ca);
  ca_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, test_ca_der);
  g_assert_cmpstr (json_object_get_string_member (ca, "sha256"), ==, ca_sha256);
  g_assert_nonnull (strstr (json_object_get_string_member (ca, "subject"),
                            "JPKI for user authentication"));
  g_assert_true (json_object_has_member (ca, "serial"));
  g_assert_true (json_object_get_boolean_member (ca, "signed_auth_cert"));
  nfc_emulator_program_stop (&p);
}

/* /fc/nfc/cli/read-card-verify-pin: a wrong PIN says how many tries are left, the right one
 * passes; with one try left only "yes" lets the PIN go; a blocked card gets no PIN. */
static void
test_cli_verify_pin (void)
{
  NfcEmulatorProgram p = { NULL, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { "read-card", "--reader", NULL, "--timeout", "3", "--verify-pin",
                         "--pin-stdin", NULL };

  nfc_emulator_program_start (&p, TRUE);
  args[2] = p.connstring;

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, WRONG_PIN "\n", &out, &err);

    assert_one_error_line (status, out, err, "2 tries left");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, RIGHT_PIN "\n", &out, &err);
    JsonObject *object;

    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
    object = parse_object (parser, out);
    g_assert_true (json_object_get_boolean_member (object, "pin_verified"));
    g_assert_cmpint (json_object_get_int_member (object, "pin_tries"), ==, 3);
    g_assert_null (strstr (out, RIGHT_PIN));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, "12a4\n", &out, &err);

    assert_one_error_line (status, out, err, "4 digits");
  }

  /* One try left: without "yes" nothing is sent. */
  nfc_emulator_program_say (&p, "pin-tries 1");
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, RIGHT_PIN "\nno\n", &out, &err);

    assert_one_error_line (status, out, err, "1 PIN try");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, WRONG_PIN "\nyes\n", &out, &err);

    assert_one_error_line (status, out, err, "blocked");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli (args, RIGHT_PIN "\nyes\n", &out, &err);

    assert_one_error_line (status, out, err, "no PIN was sent");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = nfc_test_run_cli ((const char *[]) { "read-card", "--pin-stdin", NULL }, NULL,
                                   &out, &err);

    assert_one_error_line (status, out, err, "--verify-pin");
  }
  nfc_emulator_program_stop (&p);
}

int
main (int   argc,
      char *argv[])
{
  nfc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, nfc_fixture_setup_present, func, nfc_fixture_teardown)

  ADD ("/fc/nfc/pin/right-pin-resets-wrong-pin-decrements", test_right_and_wrong);
  ADD ("/fc/nfc/pin/last-try-refused-sends-no-verify", test_last_try);
  ADD ("/fc/nfc/pin/blocked-card-gets-no-pin", test_blocked);
  ADD ("/fc/nfc/ca/reads-ca-and-checks-signature", test_reads_ca);
  g_test_add_func ("/fc/nfc/cli/read-card-ca-and-pin-tries", test_cli_ca_and_tries);
  g_test_add_func ("/fc/nfc/cli/read-card-verify-pin", test_cli_verify_pin);

#undef ADD

  return nfc_test_run ();
}
