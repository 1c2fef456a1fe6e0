/* nfc-test-util.c: helpers shared by the emulated-reader tests (see nfc-test-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "nfc-test-util.h"
#include "fc-test-cli.h"

void
nfc_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, NULL);
  make_test_certs ();
}

int
nfc_test_run (void)
{
  int ret = g_test_run ();

  g_clear_pointer (&test_ca_der, g_bytes_unref);
  g_clear_pointer (&test_cert, g_bytes_unref);
  g_clear_pointer (&test_cert_sha256, g_free);

  return ret;
}

void
nfc_fixture_setup (NfcFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FcCardTransport *model;

  f->dir = g_dir_make_tmp ("fc-nfc-XXXXXX", &error);
  g_assert_no_error (error);
  f->link = g_build_filename (f->dir, "ttyNFC0", NULL);

  f->card = fc_virtual_card_new (test_cert, test_ca_der);
  model = FC_CARD_TRANSPORT (f->card);
  if (GPOINTER_TO_INT (data))
    {
      f->blocked = fc_test_recorder_new (model);
      f->blocked->blocked_query_sw = 0x6984;
      model = FC_CARD_TRANSPORT (f->blocked);
    }
  f->emu = fc_pn532_emu_new (model, f->link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->emu);

  f->connstring = fc_pn532_emu_dup_connstring (f->emu);
  f->transport = fc_nfc_transport_new (f->connstring);
  f->anchors = card_test_anchors (test_ca_der);
}

void
nfc_fixture_setup_present (NfcFixture    *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  nfc_fixture_setup (f, data);
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL,
                                                  &error));
  g_assert_no_error (error);
  fc_pn532_emu_reset_log (f->emu);
}

void
nfc_fixture_teardown (NfcFixture    *f,
                      gconstpointer  data)
{
  g_assert_finalize_object (f->transport);
  g_assert_finalize_object (f->emu);
  if (f->blocked != NULL)
    g_assert_finalize_object (f->blocked);
  g_assert_finalize_object (f->card);
  g_ptr_array_unref (f->anchors);

  /* The emulator removes its link when it goes. */
  g_assert_false (g_file_test (f->link, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->connstring);
  g_free (f->link);
  g_free (f->dir);
}

FcCardIdentity *
nfc_fixture_read (NfcFixture  *f,
                  GError     **error)
{
  return fc_jpki_read_identity (FC_CARD_TRANSPORT (f->transport), f->anchors, NULL, error);
}

GBytes *
nfc_test_xchg (FcNfcTransport  *transport,
               const char      *hex,
               GError         **error)
{
  g_autoptr(GBytes) apdu = card_test_hex (hex);

  return fc_card_transport_transceive (FC_CARD_TRANSPORT (transport), apdu, NULL, error);
}

void
nfc_test_assert_identity_matches (FcCardIdentity *identity)
{
  g_assert_nonnull (identity);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, test_cert_sha256);
  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), test_cert));
}

int
nfc_test_compare_double (gconstpointer a,
                         gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The emulator program */

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

void
nfc_emulator_program_start (NfcEmulatorProgram *p,
                            gboolean            with_ca)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *pty = NULL;

  p->dir = g_dir_make_tmp ("fc-nfc-cli-XXXXXX", &error);
  g_assert_no_error (error);
  p->cert_path = g_build_filename (p->dir, "card.der", NULL);
  p->ca_path = g_build_filename (p->dir, "ca.der", NULL);
  write_file (p->cert_path, test_cert);
  write_file (p->ca_path, test_ca_der);

  /* The emulator goes with the test, even when an assertion aborts it. */
  /* Without @with_ca, the NULL ends the arguments before the CA's path. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p->emulator = g_subprocess_launcher_spawn (launcher, &error, FC_PN532_EMULATOR, "--cert",
                                             p->cert_path, with_ca ? "--ca" : NULL, p->ca_path,
                                             NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->emulator));
  pty = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pty, "/dev/pts/"));
  p->connstring = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (p->connstring, "pn532_uart:"));
}

void
nfc_emulator_program_say (NfcEmulatorProgram *p,
                          const char         *line)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *in = g_subprocess_get_stdin_pipe (p->emulator);

  g_assert_true (g_output_stream_write_all (in, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (in, "\n", 1, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The emulator reads its console on its own loop. */
  g_usleep (100 * 1000);
}

void
nfc_emulator_program_stop (NfcEmulatorProgram *p)
{
  g_autoptr(GError) error = NULL;

  nfc_emulator_program_say (p, "quit");
  g_assert_true (g_subprocess_wait_check (p->emulator, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&p->emulator);
  g_unlink (p->cert_path);
  g_unlink (p->ca_path);
  g_rmdir (p->dir);
  g_free (p->cert_path);
  g_free (p->ca_path);
  g_free (p->connstring);
  g_free (p->dir);
}

int
nfc_test_run_cli (const char * const  *argv,
                  const char          *input,
                  char               **out_stdout,
                  char               **out_stderr)
{
  return fc_test_run_cli (FC_FIELDCARD_CLI, argv, input, out_stdout, out_stderr);
}

void
nfc_test_assert_one_error_line (int         status,
                                const char *out,
                                const char *err,
                                const char *text)
{
  g_test_message ("→ %s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "fieldcard-cli: "));
  g_assert_nonnull (strstr (err, text));
  /* One line. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
}
