/* test-emulator-scenario.c: "fc-pn532-emulator --scenario FILE --write-ca CA.der" serves the
 * scenario's card on a pty, and the real libnfc reader path (FcNfcTransport + FcJpki) reads it,
 * trusting the CA the emulator wrote: what a trainer with the emulator gets from
 * `fieldcard --training --reader=pn532_uart:/dev/pts/N:115200`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fc-card-identity.h"
#include "fc-jpki.h"
#include "fc-nfc-transport.h"
#include "training-test-util.h"

typedef struct
{
  char           *dir;
  char           *ca_path;
  GSubprocess    *emulator;
  GOutputStream  *control;    /* the emulator's stdin */
  FcNfcTransport *transport;
  GPtrArray      *anchors;    /* (element-type GBytes) */
} Emulator;

static void
emulator_start (Emulator   *e,
                const char *scenario_id)
{
  g_autofree char *scenario = tt_shipped_path (scenario_id);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *pty = NULL;
  g_autofree char *connstring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = NULL;
  gsize ca_len = 0;

  e->dir = g_dir_make_tmp ("fc-emu-scenario-XXXXXX", &error);
  g_assert_no_error (error);
  e->ca_path = g_build_filename (e->dir, "training-ca.der", NULL);

  e->emulator = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                  &error, FC_PN532_EMULATOR, "--scenario", scenario,
                                  "--write-ca", e->ca_path, NULL);
  g_assert_no_error (error);
  e->control = g_object_ref (g_subprocess_get_stdin_pipe (e->emulator));

  /* First line: the pty; second: the libnfc connstring. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (e->emulator));
  pty = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  connstring = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("emulator: %s, %s", pty, connstring);
  g_assert_true (g_str_has_prefix (pty, "/dev/pts/"));
  g_assert_true (g_str_has_prefix (connstring, "pn532_uart:"));

  /* The CA the app must trust, written before the pty was announced. */
  g_assert_true (g_file_get_contents (e->ca_path, &ca, &ca_len, &error));
  g_assert_no_error (error);
  e->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (e->anchors, g_bytes_new_take (g_steal_pointer (&ca), ca_len));

  e->transport = fc_nfc_transport_new (connstring);
}

static void
emulator_say (Emulator   *e,
              const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("%s\n", command);

  g_assert_true (g_output_stream_write_all (e->control, line, strlen (line), NULL, NULL, &error));
  g_assert_true (g_output_stream_flush (e->control, NULL, &error));
  g_assert_no_error (error);
}

static void
emulator_stop (Emulator *e)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (e->transport);
  emulator_say (e, "quit");
  g_assert_true (g_subprocess_wait (e->emulator, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (e->emulator));
  g_clear_object (&e->control);
  g_clear_object (&e->emulator);
  g_ptr_array_unref (e->anchors);
  g_unlink (e->ca_path);
  g_rmdir (e->dir);
  g_free (e->ca_path);
  g_free (e->dir);
}

static FcCardIdentity *
read_identity (Emulator  *e,
               guint      timeout_ms,
               GError   **error)
{
  GAsyncResult *result = NULL;
  FcCardIdentity *identity;

  fc_jpki_read_identity_async (FC_CARD_TRANSPORT (e->transport), e->anchors, timeout_ms, NULL,
                               tt_result_cb, &result);
  identity = fc_jpki_read_identity_finish (tt_wait (&result), error);
  g_object_unref (result);
  return identity;
}

/* The expired-certificate scenario through the real reader path: read, trusted, expired. */
static void
test_serves_scenario_card (void)
{
  Emulator e = { 0 };
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&e, "expired-certificate");
  identity = read_identity (&e, 3000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  /* Trusted: it was issued by the CA the emulator wrote out. */
  g_assert_nonnull (strstr (fc_card_identity_get_subject (identity),
                           "TRAINING-expired-certificate"));
  g_assert_true (fc_card_identity_is_expired (identity, NULL));
  emulator_stop (&e);
}

/* "absent": no card on the reader until the trainer places it. */
static void
test_absent_until_placed (void)
{
  Emulator e = { 0 };
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&e, "no-card");
  identity = read_identity (&e, 400, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  emulator_say (&e, "place");
  identity = read_identity (&e, 3000, &error);
  g_assert_no_error (error);
  g_assert_false (fc_card_identity_is_expired (identity, NULL));
  emulator_stop (&e);
}

/* "removed-after": the card leaves the field in the middle of the read. */
static void
test_removed_mid_read (void)
{
  Emulator e = { 0 };
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  emulator_start (&e, "card-pulled-mid-read");
  identity = read_identity (&e, 2000, &error);
  g_assert_null (identity);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == FC_CARD_ERROR);
  g_assert_true (error->code == FC_CARD_ERROR_REMOVED || error->code == FC_CARD_ERROR_NO_CARD);
  emulator_stop (&e);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/training/emulator/serves-scenario-card", test_serves_scenario_card);
  g_test_add_func ("/fc/training/emulator/absent-until-placed", test_absent_until_placed);
  g_test_add_func ("/fc/training/emulator/removed-mid-read", test_removed_mid_read);

  return g_test_run ();
}
