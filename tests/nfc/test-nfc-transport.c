/* test-nfc-transport.c: FcNfcTransport through the real libnfc pn532_uart driver, against the
 * emulated PN532 on a pty (tests/emulator) with a FcVirtualCard behind it: the object, opening
 * and closing, no reader, no card, waiting, APDU limits, the reader thread and the emulator.
 * Reads and the faults during them are in test-nfc-faults.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fc-reader-thread.h"
#include "nfc-test-util.h"

typedef NfcFixture Fixture;

/* /fc/nfc/transport/new-finalize */
static void
test_transport_new (void)
{
  FcNfcTransport *transport = fc_nfc_transport_new ("pn532_uart:/dev/null-reader:115200");
  g_autofree char *connstring = NULL;
  g_autofree char *device_name = NULL;
  guint interval = 0;
  guint timeout = 0;

  g_assert_true (FC_IS_CARD_TRANSPORT (transport));
  g_assert_cmpstr (fc_nfc_transport_get_connstring (transport), ==, "pn532_uart:/dev/null-reader:115200");
  g_assert_cmpuint (fc_nfc_transport_get_poll_interval_ms (transport), ==, 100);
  g_assert_cmpuint (fc_nfc_transport_get_exchange_timeout_ms (transport), ==, 2000);
  g_assert_null (fc_nfc_transport_dup_device_name (transport));
  g_assert_cmpuint (fc_nfc_transport_get_open_count (transport), ==, 0);

  /* Nothing was opened: no card, without touching any device. */
  g_assert_false (fc_card_transport_card_present (FC_CARD_TRANSPORT (transport)));

  g_object_set (transport, "poll-interval-ms", 40, "exchange-timeout-ms", 500, NULL);
  g_object_get (transport,
                "connstring", &connstring,
                "poll-interval-ms", &interval,
                "exchange-timeout-ms", &timeout,
                "device-name", &device_name,
                NULL);
  g_assert_cmpstr (connstring, ==, "pn532_uart:/dev/null-reader:115200");
  g_assert_cmpuint (interval, ==, 40);
  g_assert_cmpuint (timeout, ==, 500);
  g_assert_null (device_name);

  g_assert_finalize_object (transport);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* /fc/nfc/transport/notify-only-on-change */
static void
test_transport_notify (void)
{
  FcNfcTransport *transport = fc_nfc_transport_new (NULL);
  guint count = 0;

  g_signal_connect (transport, "notify::poll-interval-ms", G_CALLBACK (notify_count_cb), &count);
  fc_nfc_transport_set_poll_interval_ms (transport, 100);
  g_assert_cmpuint (count, ==, 0);
  fc_nfc_transport_set_poll_interval_ms (transport, 50);
  g_assert_cmpuint (count, ==, 1);
  fc_nfc_transport_set_poll_interval_ms (transport, 50);
  g_assert_cmpuint (count, ==, 1);
  g_assert_null (fc_nfc_transport_get_connstring (transport));

  g_assert_finalize_object (transport);
}

/* /fc/nfc/error/no-reader-path */
static void
test_no_reader_path (void)
{
  FcNfcTransport *transport = fc_nfc_transport_new ("pn532_uart:/nonexistent/ttyNFC9:115200");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (transport), 1000, NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ttyNFC9"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  response = nfc_test_xchg (transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER);
  g_assert_null (response);
  g_clear_error (&error);

  g_assert_false (fc_nfc_transport_open (transport, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (transport), ==, 0);

  g_assert_finalize_object (transport);
}

/* /fc/nfc/error/no-reader-silent: something is on the port but never answers. */
static void
test_no_reader_silent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  fc_pn532_emu_set_mute (f->emu, TRUE);
  start = g_get_monotonic_time ();
  g_assert_false (fc_nfc_transport_open (f->transport, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("silent port refused after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
}

/* /fc/nfc/error/no-card */
static void
test_no_card (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  gint64 start;
  gint64 elapsed;

  fc_pn532_emu_set_card_present (f->emu, FALSE);
  g_assert_true (fc_nfc_transport_open (f->transport, NULL));

  start = g_get_monotonic_time ();
  g_assert_false (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 400, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_cmpint (elapsed, >=, 400 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 1200 * G_TIME_SPAN_MILLISECOND);
  /* It polled repeatedly, about every 100 ms. */
  g_assert_cmpuint (fc_pn532_emu_get_poll_count (f->emu), >=, 3);
  g_assert_cmpuint (fc_pn532_emu_get_poll_count (f->emu), <=, 8);
  g_clear_error (&error);

  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (response);
  g_assert_false (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 0);
}

typedef struct
{
  FcNfcTransport *transport;
  GCancellable   *cancellable;
  GError         *error;
  gboolean        ok;
  gint64          returned_at;
} WaitThread;

static gpointer
wait_thread_cb (gpointer data)
{
  WaitThread *w = data;

  w->ok = fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (w->transport), 10000,
                                           w->cancellable, &w->error);
  w->returned_at = g_get_monotonic_time ();
  return NULL;
}

/* /fc/nfc/wait/cancel-is-prompt */
static void
test_wait_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  WaitThread w = { f->transport, cancellable, NULL, TRUE, 0 };
  GThread *thread;
  gint64 cancelled_at;

  fc_pn532_emu_set_card_present (f->emu, FALSE);
  thread = g_thread_new ("wait", wait_thread_cb, &w);
  g_usleep (400 * 1000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_false (w.ok);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (w.returned_at - cancelled_at, <, 500 * G_TIME_SPAN_MILLISECOND);
  g_test_message ("wait returned %" G_GINT64_FORMAT " ms after cancel",
                  (w.returned_at - cancelled_at) / 1000);
  g_clear_error (&w.error);

  /* The transport still works afterwards. */
  fc_pn532_emu_set_card_present (f->emu, TRUE);
  g_assert_true (fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (f->transport), 1000, NULL, NULL));
}

/* /fc/nfc/wait/card-arrives */
static void
test_wait_card_arrives (Fixture       *f,
                        gconstpointer  data)
{
  WaitThread w = { f->transport, NULL, NULL, FALSE, 0 };
  GThread *thread;

  fc_pn532_emu_set_card_present (f->emu, FALSE);
  thread = g_thread_new ("wait", wait_thread_cb, &w);
  g_usleep (300 * 1000);
  fc_pn532_emu_set_card_present (f->emu, TRUE);
  g_thread_join (thread);

  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_true (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));
}

/* /fc/nfc/transceive/apdu-limits: 262 bytes go through (extended host frame), 263 never reach
 * libnfc. */
static void
test_apdu_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  guint8 apdu[FC_NFC_TRANSPORT_MAX_APDU + 1];
  g_autoptr(GBytes) longest = NULL;
  g_autoptr(GBytes) too_long = NULL;
  g_autoptr(GBytes) too_short = card_test_hex ("00 A4");

  memset (apdu, 0x11, sizeof apdu);
  apdu[0] = 0x00;
  apdu[1] = 0xD6; /* UPDATE BINARY: the virtual card refuses it */
  apdu[2] = 0x00;
  apdu[3] = 0x00;
  apdu[4] = 0xFF;
  longest = g_bytes_new (apdu, FC_NFC_TRANSPORT_MAX_APDU);
  too_long = g_bytes_new (apdu, FC_NFC_TRANSPORT_MAX_APDU + 1);

  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (f->transport), too_long, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_assert_null (response);
  g_clear_error (&error);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 0);

  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (f->transport), too_short, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_clear_error (&error);

  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (f->transport), longest, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (card_test_sw (response) & 0xFF00, !=, 0x9000);
  g_assert_cmpuint (fc_pn532_emu_get_max_command_len (f->emu), ==, FC_NFC_TRANSPORT_MAX_APDU);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 1);
}

/* /fc/nfc/transceive/cancelled */
static void
test_transceive_cancelled (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) apdu = card_test_hex (CARD_TEST_SELECT_JPKI);
  g_autoptr(GBytes) response = NULL;

  g_cancellable_cancel (cancellable);
  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (f->transport), apdu, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (response);
  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (f->emu), ==, 0);
}

/* /fc/nfc/transport/open-close */
static void
test_open_close (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) response = NULL;

  g_assert_true (fc_nfc_transport_open (f->transport, &error));
  g_assert_no_error (error);
  g_assert_true (fc_nfc_transport_open (f->transport, &error));
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 1);
  g_object_get (f->transport, "device-name", &name, NULL);
  g_assert_nonnull (name);
  /* No card selected yet: nothing is present until a poll finds it. */
  g_assert_false (fc_card_transport_card_present (FC_CARD_TRANSPORT (f->transport)));

  fc_nfc_transport_close (f->transport);
  g_assert_null (fc_nfc_transport_dup_device_name (f->transport));

  /* Opens again on demand and selects the card implicitly. */
  response = nfc_test_xchg (f->transport, CARD_TEST_SELECT_JPKI, &error);
  g_assert_no_error (error);
  g_assert_cmphex (card_test_sw (response), ==, 0x9000);
  g_assert_cmpuint (fc_nfc_transport_get_open_count (f->transport), ==, 2);
}

/* /fc/nfc/describe-error */
static void
test_describe_error (void)
{
  for (int code = FC_CARD_ERROR_NO_READER; code <= FC_CARD_ERROR_IO; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (FC_CARD_ERROR, code, "x");
      const char *hint = fc_nfc_transport_describe_error (error);

      g_assert_nonnull (hint);
      g_assert_cmpuint (strlen (hint), >, 10);
    }

  {
    g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_nonnull (fc_nfc_transport_describe_error (cancelled));
    g_assert_null (fc_nfc_transport_describe_error (other));
  }
}

/* FcReaderThread */

typedef struct
{
  FcReaderThread *thread;
  GPtrArray      *order;
  gboolean        on_thread;
} ThreadJob;

static void
record_job (gpointer data)
{
  ThreadJob *job = data;

  job->on_thread = fc_reader_thread_is_current (job->thread);
  g_ptr_array_add (job->order, GUINT_TO_POINTER (job->order->len + 1));
}

static void
nested_job (gpointer data)
{
  ThreadJob *job = data;

  /* A job that runs another job must not deadlock. */
  g_assert_true (fc_reader_thread_run_sync (job->thread, record_job, job));
}

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_reader_thread_shutdown_finish (FC_READER_THREAD (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* /fc/nfc/reader-thread/runs-jobs-in-order */
static void
test_reader_thread (void)
{
  FcReaderThread *thread = fc_reader_thread_new ("test-reader");
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  ThreadJob job = { thread, order, FALSE };
  g_autofree char *name = NULL;
  gboolean done = FALSE;

  g_object_get (thread, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "test-reader");
  g_assert_cmpstr (fc_reader_thread_get_name (thread), ==, "test-reader");
  g_assert_false (fc_reader_thread_is_current (thread));

  g_assert_true (fc_reader_thread_run_sync (thread, record_job, &job));
  g_assert_true (job.on_thread);
  g_assert_true (fc_reader_thread_run_sync (thread, nested_job, &job));
  g_assert_cmpuint (order->len, ==, 2);

  fc_reader_thread_shutdown_async (thread, NULL, shutdown_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Refused after shutdown. */
  g_assert_false (fc_reader_thread_run_sync (thread, record_job, &job));
  g_assert_cmpuint (order->len, ==, 2);
  fc_reader_thread_shutdown (thread);

  /* The GTask's worker may still hold its reference for a moment after the callback. */
  {
    gpointer weak = thread;
    gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (thread), &weak);
    g_object_unref (thread);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }
}

/* /fc/nfc/emulator/new-finalize */
static void
test_emulator_new (void)
{
  g_autoptr(GError) error = NULL;
  FcVirtualCard *card = fc_virtual_card_new (test_cert, test_ca_der);
  FcPn532Emu *emu = fc_pn532_emu_new (FC_CARD_TRANSPORT (card), NULL, &error);
  g_autofree char *pty = NULL;
  g_autofree char *connstring = NULL;
  gboolean present = FALSE;

  g_assert_no_error (error);
  pty = fc_pn532_emu_dup_pty_path (emu);
  g_assert_true (g_str_has_prefix (pty, "/dev/pts/"));
  g_assert_true (g_file_test (pty, G_FILE_TEST_EXISTS));
  connstring = fc_pn532_emu_dup_connstring (emu);
  g_assert_true (g_str_has_prefix (connstring, "pn532_uart:/dev/pts/"));
  g_assert_true (g_str_has_suffix (connstring, ":115200"));
  g_assert_true (fc_pn532_emu_get_card (emu) == FC_CARD_TRANSPORT (card));

  g_object_get (emu, "card-present", &present, NULL);
  g_assert_true (present);
  g_object_set (emu, "card-present", FALSE, NULL);
  g_assert_false (fc_pn532_emu_get_card_present (emu));

  g_assert_cmpuint (fc_pn532_emu_get_apdu_count (emu), ==, 0);
  g_assert_finalize_object (emu);
  g_assert_finalize_object (card);
}

/* /fc/nfc/emulator/program: the standalone fc-pn532-emulator serves a read. */
static void
test_emulator_program (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-nfc-XXXXXX", NULL);
  g_autofree char *ca_path = g_build_filename (dir, "ca.der", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *pty = NULL;
  g_autofree char *connstring = NULL;
  g_autofree char *ca_contents = NULL;
  gsize ca_len = 0;
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  FcNfcTransport *transport;
  g_autoptr(FcCardIdentity) identity = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           FC_PN532_EMULATOR, "--write-ca", ca_path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  pty = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  connstring = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pty, "/dev/pts/"));
  g_assert_cmpstr (connstring + strlen ("pn532_uart:"), ==, strstr (connstring, pty));

  g_assert_true (g_file_get_contents (ca_path, &ca_contents, &ca_len, &error));
  g_ptr_array_add (anchors, g_bytes_new_take (g_steal_pointer (&ca_contents), ca_len));

  transport = fc_nfc_transport_new (connstring);
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (transport), anchors, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_finalize_object (transport);

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), "quit\n", 5,
                                            NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);

  g_unlink (ca_path);
  g_rmdir (dir);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, nfc_fixture_setup, func, nfc_fixture_teardown)

/* libnfc's frame log would show the certificate and a typed PIN: whatever LIBNFC_LOG_LEVEL says,
 * a transport leaves it at 2 (info) or below; unset, it becomes libnfc's default, 1. Run in a
 * subprocess: setenv() must not race the reader threads of other tests. */
static void
test_libnfc_log_level_capped (void)
{
  if (g_test_subprocess ())
    {
      static const char * const cases[][2] = {
        { "3", "2" }, { "99", "2" }, { "debug", "2" }, { "2", "2" }, { "0", "0" }, { NULL, "1" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr(FcNfcTransport) transport = NULL;

          if (cases[i][0] != NULL)
            g_setenv ("LIBNFC_LOG_LEVEL", cases[i][0], TRUE);
          else
            g_unsetenv ("LIBNFC_LOG_LEVEL");
          transport = fc_nfc_transport_new ("pn532_uart:/nonexistent:115200");
          g_assert_cmpstr (g_getenv ("LIBNFC_LOG_LEVEL"), ==, cases[i][1]);
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  nfc_test_init (&argc, &argv);

  g_test_add_func ("/fc/nfc/transport/new-finalize", test_transport_new);
  g_test_add_func ("/fc/nfc/transport/notify-only-on-change", test_transport_notify);
  g_test_add_func ("/fc/nfc/describe-error", test_describe_error);
  g_test_add_func ("/fc/nfc/transport/libnfc-log-level-capped", test_libnfc_log_level_capped);
  g_test_add_func ("/fc/nfc/reader-thread/runs-jobs-in-order", test_reader_thread);
  g_test_add_func ("/fc/nfc/emulator/new-finalize", test_emulator_new);
  g_test_add_func ("/fc/nfc/emulator/program", test_emulator_program);
  g_test_add_func ("/fc/nfc/error/no-reader-path", test_no_reader_path);
  ADD ("/fc/nfc/transport/open-close", test_open_close);
  ADD ("/fc/nfc/error/no-reader-silent", test_no_reader_silent);
  ADD ("/fc/nfc/error/no-card", test_no_card);
  ADD ("/fc/nfc/wait/cancel-is-prompt", test_wait_cancel);
  ADD ("/fc/nfc/wait/card-arrives", test_wait_card_arrives);
  ADD ("/fc/nfc/transceive/apdu-limits", test_apdu_limits);
  ADD ("/fc/nfc/transceive/cancelled", test_transceive_cancelled);

  return nfc_test_run ();
}
