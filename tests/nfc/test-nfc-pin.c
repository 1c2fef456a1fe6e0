/* test-nfc-pin.c: the PIN check and the CA certificate through the real libnfc pn532_uart driver
 * against the emulated PN532, and `fieldcard-cli read-card --ca --pin-tries --verify-pin`
 * against the emulator program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fc-jpki.h"
#include "fc-nfc-transport.h"
#include "fc-pn532-emu.h"
#include "fc-virtual-card.h"
#include "nfc-test-certs.h"

#define RIGHT_PIN "1234"  /* FcVirtualCard's PIN */
#define WRONG_PIN "9731"

typedef struct
{
  char           *dir;
  FcVirtualCard  *card;
  FcPn532Emu     *emu;
  FcNfcTransport *transport;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *connstring = NULL;

  f->dir = g_dir_make_tmp ("fc-nfc-pin-XXXXXX", &error);
  g_assert_no_error (error);
  link = g_build_filename (f->dir, "ttyNFC0", NULL);
  f->card = fc_virtual_card_new (test_cert, test_ca_der);
  f->emu = fc_pn532_emu_new (FC_CARD_TRANSPORT (f->card), link, &error);
  g_assert_no_error (error);
  connstring = fc_pn532_emu_dup_connstring (f->emu);
  f->transport = fc_nfc_transport_new (connstring);
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL,
                                                  &error));
  g_assert_no_error (error);
  fc_pn532_emu_reset_log (f->emu);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->transport);
  g_assert_finalize_object (f->emu);
  g_assert_finalize_object (f->card);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
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
  return fc_jpki_verify_pin (FC_CARD_TRANSPORT (f->transport), pin, confirmed, tries_left, NULL,
                             error);
}

/* /fc/nfc/pin/right-pin-resets-wrong-pin-decrements */
static void
test_right_and_wrong (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_assert_false (verify (f, WRONG_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "2 tries left"));
  g_assert_nonnull (fc_nfc_transport_describe_error (error));
  g_assert_cmpint (tries_left, ==, 2);
  g_assert_cmpuint (card_tries (f), ==, 2);
  g_clear_error (&error);

  g_assert_true (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, 3);
  g_assert_cmpuint (card_tries (f), ==, 3);
  /* Two checks of 4 APDUs each: SELECT AP, SELECT EF 0018, counter, VERIFY. */
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 8);
}

/* /fc/nfc/pin/last-try-refused-sends-no-verify */
static void
test_last_try (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY);
  g_assert_cmpint (tries_left, ==, 1);
  /* SELECT AP, SELECT EF 0018, the counter: no VERIFY with the PIN went over the air. */
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 3);
  g_assert_cmpuint (card_tries (f), ==, 1);
  g_clear_error (&error);

  /* Confirmed, it goes through. */
  g_assert_true (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, 3);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 3 + 4);
}

/* /fc/nfc/pin/blocked-card-gets-no-pin */
static void
test_blocked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  /* The last try spent with a wrong PIN blocks the card (63C0)… */
  g_object_set (f->card, "pin-tries", 1, NULL);
  g_assert_false (verify (f, WRONG_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_cmpint (tries_left, ==, 0);
  g_clear_error (&error);

  /* …and a blocked card gets no PIN at all. */
  fc_pn532_emu_reset_log (f->emu);
  g_assert_false (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_cmpint (tries_left, ==, 0);
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

/* The emulator program with the test certificates, for the CLI. */

typedef struct
{
  char        *dir;
  char        *cert_path;
  char        *ca_path;
  GSubprocess *emulator;
  char        *connstring;
} EmulatorProgram;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
}

static void
emulator_program_start (EmulatorProgram *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *pty = NULL;

  p->dir = g_dir_make_tmp ("fc-nfc-pin-cli-XXXXXX", &error);
  g_assert_no_error (error);
  p->cert_path = g_build_filename (p->dir, "card.der", NULL);
  p->ca_path = g_build_filename (p->dir, "ca.der", NULL);
  write_file (p->cert_path, test_cert);
  write_file (p->ca_path, test_ca_der);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p->emulator = g_subprocess_launcher_spawn (launcher, &error, FC_PN532_EMULATOR, "--cert",
                                             p->cert_path, "--ca", p->ca_path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->emulator));
  pty = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  p->connstring = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (p->connstring, "pn532_uart:"));
}

static void
emulator_program_say (EmulatorProgram *p,
                      const char      *line)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *in = g_subprocess_get_stdin_pipe (p->emulator);

  g_assert_true (g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (in, "\n", 1, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The emulator reads its console on its own loop. */
  g_usleep (100 * 1000);
}

static void
emulator_program_stop (EmulatorProgram *p)
{
  g_autoptr(GError) error = NULL;

  emulator_program_say (p, "quit");
  g_assert_true (g_subprocess_wait_check (p->emulator, NULL, &error));
  g_clear_object (&p->emulator);
  g_unlink (p->cert_path);
  g_unlink (p->ca_path);
  g_rmdir (p->dir);
  g_free (p->cert_path);
  g_free (p->ca_path);
  g_free (p->connstring);
  g_free (p->dir);
}

/* Runs fieldcard-cli with @argv and @input on stdin; returns the exit status. */
static int
run_cli (const char * const  *argv,
         const char          *input,
         char               **out_stdout,
         char               **out_stderr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_ptr_array_add (args, (gpointer) FC_FIELDCARD_CLI);
  g_ptr_array_add (args, (gpointer) "read-card");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, out_stdout, out_stderr,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  return g_subprocess_get_exit_status (proc);
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

static void
assert_one_error_line (int         status,
                       const char *out,
                       const char *err,
                       const char *text)
{
  g_test_message ("→ %s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "fieldcard-cli: "));
  g_assert_nonnull (strstr (err, text));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_null (strstr (err, RIGHT_PIN));
  g_assert_null (strstr (err, WRONG_PIN));
}

/* /fc/nfc/cli/read-card-ca-and-pin-tries */
static void
test_cli_ca_and_tries (void)
{
  EmulatorProgram p = { NULL, };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ca_sha256 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *ca;
  int status;

  emulator_program_start (&p);
  status = run_cli ((const char *[]) { "--reader", p.connstring, "--timeout", "3", "--ca",
                                       "--pin-tries", NULL }, NULL, &out, &err);
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
  emulator_program_stop (&p);
}

/* /fc/nfc/cli/read-card-verify-pin: a wrong PIN says how many tries are left, the right one
 * passes; with one try left only "yes" lets the PIN go; a blocked card gets no PIN. */
static void
test_cli_verify_pin (void)
{
  EmulatorProgram p = { NULL, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { "--reader", NULL, "--timeout", "3", "--verify-pin", "--pin-stdin", NULL };

  emulator_program_start (&p);
  args[1] = p.connstring;

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli (args, WRONG_PIN "\n", &out, &err);

    assert_one_error_line (status, out, err, "2 tries left");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli (args, RIGHT_PIN "\n", &out, &err);
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
    int status = run_cli (args, "12a4\n", &out, &err);

    assert_one_error_line (status, out, err, "4 digits");
  }

  /* One try left: without "yes" nothing is sent. */
  emulator_program_say (&p, "pin-tries 1");
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli (args, RIGHT_PIN "\nno\n", &out, &err);

    assert_one_error_line (status, out, err, "1 PIN try");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli (args, WRONG_PIN "\nyes\n", &out, &err);

    assert_one_error_line (status, out, err, "blocked");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli (args, RIGHT_PIN "\nyes\n", &out, &err);

    assert_one_error_line (status, out, err, "no PIN was sent");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = run_cli ((const char *[]) { "--pin-stdin", NULL }, NULL, &out, &err);

    assert_one_error_line (status, out, err, "--verify-pin");
  }
  emulator_program_stop (&p);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  make_test_certs ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/fc/nfc/pin/right-pin-resets-wrong-pin-decrements", test_right_and_wrong);
  ADD ("/fc/nfc/pin/last-try-refused-sends-no-verify", test_last_try);
  ADD ("/fc/nfc/pin/blocked-card-gets-no-pin", test_blocked);
  ADD ("/fc/nfc/ca/reads-ca-and-checks-signature", test_reads_ca);
  g_test_add_func ("/fc/nfc/cli/read-card-ca-and-pin-tries", test_cli_ca_and_tries);
  g_test_add_func ("/fc/nfc/cli/read-card-verify-pin", test_cli_verify_pin);

#undef ADD

  ret = g_test_run ();

  g_clear_pointer (&test_ca_der, g_bytes_unref);
  g_clear_pointer (&test_cert, g_bytes_unref);
  g_clear_pointer (&test_cert_sha256, g_free);

  return ret;
}
