/* test-jpki.c: reading the user-authentication certificate through FcJpki.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-jpki.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"

#include "card-test-util.h"

static FcTestCa *test_ca;   /* (owned) */
static GBytes   *cert_der;  /* (owned) */

/* FcTestRecorder: wraps a transport, records every exchange and injects faults. */

#define FC_TYPE_TEST_RECORDER (fc_test_recorder_get_type ())
G_DECLARE_FINAL_TYPE (FcTestRecorder, fc_test_recorder, FC, TEST_RECORDER, GObject)

struct _FcTestRecorder
{
  GObject          parent_instance;

  FcCardTransport *inner;                 /* (owned) */

  guint            apdus;
  guint            selects;
  guint            read_binaries;         /* READ BINARY commands sent to the card */
  guint            verifies;
  guint            verifies_with_data;    /* must stay 0: FcJpki never sends a PIN */
  gsize            max_response;
  gsize            read_bytes_delivered;  /* READ BINARY data bytes handed to FcJpki */
  gsize            read_bytes_lost;       /* READ BINARY data bytes the card sent but we dropped */
  GArray          *read_offsets;          /* (element-type gsize): offsets delivered */
  guint            errors_after_removal;  /* APDUs sent after the inner transport said REMOVED */
  gboolean         removed;

  guint            io_error_on_read;      /* nth READ BINARY (1-based): answer lost, IO error */
  gboolean         io_error_on_every_read;
  guint            sw_on_read;            /* nth READ BINARY answered with @replacement_sw */
  guint16          replacement_sw;
  guint            short_answer_on_read;  /* nth READ BINARY answered with one byte */
};

static void fc_test_recorder_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcTestRecorder, fc_test_recorder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_test_recorder_iface_init))

static gboolean
fc_test_recorder_wait_for_card (FcCardTransport *transport,
                                guint            timeout_ms,
                                GCancellable    *cancellable,
                                GError         **error)
{
  FcTestRecorder *self = FC_TEST_RECORDER (transport);

  return fc_card_transport_wait_for_card (self->inner, timeout_ms, cancellable, error);
}

static gboolean
fc_test_recorder_card_present (FcCardTransport *transport)
{
  FcTestRecorder *self = FC_TEST_RECORDER (transport);

  return fc_card_transport_card_present (self->inner);
}

static GBytes *
fc_test_recorder_transceive (FcCardTransport *transport,
                             GBytes          *apdu,
                             GCancellable    *cancellable,
                             GError         **error)
{
  FcTestRecorder *self = FC_TEST_RECORDER (transport);
  g_autoptr(GBytes) response = NULL;
  const guint8 *command;
  gsize command_len;
  gboolean is_read;
  gsize offset = 0;
  gsize data_len;

  command = g_bytes_get_data (apdu, &command_len);
  g_assert_cmpuint (command_len, >=, 4);
  self->apdus++;
  if (self->removed)
    self->errors_after_removal++;

  is_read = command[1] == 0xb0;
  if (command[1] == 0xa4)
    self->selects++;
  if (command[1] == 0x20)
    {
      self->verifies++;
      if (command_len > 4)
        self->verifies_with_data++;
    }
  if (is_read)
    {
      self->read_binaries++;
      offset = (command[2] << 8) | command[3];
    }

  response = fc_card_transport_transceive (self->inner, apdu, cancellable, error);
  if (response == NULL)
    {
      if (error != NULL && g_error_matches (*error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED))
        self->removed = TRUE;
      return NULL;
    }

  self->max_response = MAX (self->max_response, g_bytes_get_size (response));
  data_len = g_bytes_get_size (response) - 2;

  if (is_read &&
      (self->io_error_on_every_read || self->read_binaries == self->io_error_on_read))
    {
      /* The card answered, but the answer got lost on the way. */
      self->read_bytes_lost += data_len;
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_IO, "Injected transport error");
      return NULL;
    }

  if (is_read && self->read_binaries == self->sw_on_read)
    {
      guint8 sw[2] = { self->replacement_sw >> 8, self->replacement_sw & 0xff };

      self->read_bytes_lost += data_len;
      return g_bytes_new (sw, 2);
    }

  if (is_read && self->read_binaries == self->short_answer_on_read)
    {
      self->read_bytes_lost += data_len;
      return g_bytes_new ("\x90", 1);
    }

  if (is_read && card_test_sw (response) == 0x9000)
    {
      self->read_bytes_delivered += data_len;
      g_array_append_val (self->read_offsets, offset);
    }

  return g_steal_pointer (&response);
}

static void
fc_test_recorder_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_test_recorder_wait_for_card;
  iface->card_present = fc_test_recorder_card_present;
  iface->transceive = fc_test_recorder_transceive;
}

static void
fc_test_recorder_finalize (GObject *object)
{
  FcTestRecorder *self = FC_TEST_RECORDER (object);

  g_clear_object (&self->inner);
  g_clear_pointer (&self->read_offsets, g_array_unref);

  G_OBJECT_CLASS (fc_test_recorder_parent_class)->finalize (object);
}

static void
fc_test_recorder_class_init (FcTestRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_test_recorder_finalize;
}

static void
fc_test_recorder_init (FcTestRecorder *self)
{
  self->read_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
}

static FcTestRecorder *
fc_test_recorder_new (FcCardTransport *inner)
{
  FcTestRecorder *self = g_object_new (FC_TYPE_TEST_RECORDER, NULL);

  self->inner = g_object_ref (inner);

  return self;
}

/* Fixture: a virtual card with a test-CA certificate, behind a recorder. */

typedef struct
{
  FcVirtualCard  *card;
  FcTestRecorder *recorder;
  GPtrArray      *anchors;
  GMainLoop      *loop;
  FcCardIdentity *identity;   /* async result */
  GError         *error;      /* async result */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->card = fc_virtual_card_new (cert_der, fc_test_ca_get_cert_der (test_ca));
  fixture->recorder = fc_test_recorder_new (FC_CARD_TRANSPORT (fixture->card));
  fixture->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (fixture->anchors, g_bytes_ref (fc_test_ca_get_cert_der (test_ca)));
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_error (&fixture->error);
  if (fixture->identity != NULL)
    g_assert_finalize_object (fixture->identity);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_clear_pointer (&fixture->anchors, g_ptr_array_unref);
  g_assert_finalize_object (fixture->recorder);
  g_assert_finalize_object (fixture->card);
}

static FcCardIdentity *
read_identity (Fixture  *fixture,
               GError  **error)
{
  return fc_jpki_read_identity (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors, NULL,
                                error);
}

static guint
n_chunks (gsize len)
{
  return (len + FC_JPKI_MAX_CHUNK - 1) / FC_JPKI_MAX_CHUNK;
}

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
  g_autofree char *expected_sha256 = card_test_sha256_hex (cert_der);
  gsize der_len = g_bytes_get_size (cert_der);
  FcCardIdentity *identity;

  identity = read_identity (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);

  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), cert_der));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);
  g_assert_cmpstr (fc_card_identity_get_subject (identity), ==, "CN=997794E9AGCIEG13221003A,C=JP");

  /* SELECT AP, SELECT EF, then ceil(len / 256) READ BINARY; every answer fits a PN532 frame. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 2);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, n_chunks (der_len));
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

  g_assert_cmpuint (recorder->read_binaries, ==, n_chunks (total));
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
  identity = read_identity (fixture, &error);
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

  identity = read_identity (fixture, &error);
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

  identity = read_identity (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "6982"));
  g_assert_null (identity);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, 1);
  g_clear_error (&error);

  /* An unknown status word is named too. */
  g_object_set (fixture->card, "error-status", 0x6581, NULL);
  identity = read_identity (fixture, &error);
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

  identity = read_identity (fixture, &error);
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
  g_autoptr(GBytes) apdu = card_test_hex ("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
  FcCardIdentity *identity;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);

  /* Without waiting: the first APDU fails. */
  identity = read_identity (fixture, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (identity);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (source);
  fixture->identity = fc_jpki_read_identity_finish (result, &fixture->error);
  g_main_loop_quit (fixture->loop);
}

static void
run_async (Fixture      *fixture,
           guint         timeout_ms,
           GCancellable *cancellable)
{
  fc_jpki_read_identity_async (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors,
                               timeout_ms, cancellable, read_done_cb, fixture);
  g_main_loop_run (fixture->loop);
}

static void
test_jpki_async_reads_identity (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *expected_sha256 = card_test_sha256_hex (cert_der);
  gint64 start;
  gint64 elapsed;

  /* The card arrives 100 ms after the read starts waiting for it. */
  g_object_set (fixture->card, "arrival-delay-ms", 100, NULL);

  start = g_get_monotonic_time ();
  run_async (fixture, 2000, NULL);
  elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->identity);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (fixture->identity), ==, expected_sha256);
  g_assert_cmpuint (fc_card_identity_get_apdu_count (fixture->identity), ==,
                    2 + n_chunks (g_bytes_get_size (cert_der)));
  g_assert_cmpint (elapsed, >=, 100 * 1000);
  g_assert_cmpint (elapsed, <, 2000 * 1000);
}

static void
test_jpki_async_no_card_within_timeout (Fixture       *fixture,
                                        gconstpointer  data)
{
  gint64 start;
  gint64 elapsed;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);

  start = g_get_monotonic_time ();
  run_async (fixture, 200, NULL);
  elapsed = g_get_monotonic_time () - start;

  g_assert_error (fixture->error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (fixture->identity);
  g_assert_cmpint (elapsed, >=, 200 * 1000);
  g_assert_cmpint (elapsed, <, 1500 * 1000);
  g_assert_cmpuint (fixture->recorder->apdus, ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_jpki_async_cancel_while_waiting (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);
  g_timeout_add (50, cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  run_async (fixture, 5000, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fixture->identity);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

static void
test_jpki_async_cancel_while_reading (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  /* A slow link: a whole read would take well over 2 s. */
  g_object_set (fixture->card, "byte-delay-us", 5000, NULL);
  g_timeout_add (100, cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  run_async (fixture, 1000, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fixture->identity);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  g_assert_cmpuint (fixture->recorder->read_binaries, <, n_chunks (g_bytes_get_size (cert_der)));
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
  g_autofree char *expected_sha256 = card_test_sha256_hex (cert_der);
  gsize der_len = g_bytes_get_size (cert_der);
  FcCardIdentity *identity;

  g_assert_cmpuint (n_chunks (der_len), >=, 2);

  /* The answer to the second READ BINARY (offset 256) is lost. */
  fixture->recorder->io_error_on_read = 2;

  identity = read_identity (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);

  /* Resumed at offset 256 after re-selecting: one chunk was read twice, nothing else. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 4);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, n_chunks (der_len) + 1);
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
  gsize der_len = g_bytes_get_size (cert_der);
  FcCardIdentity *identity;

  fixture->recorder->sw_on_read = 2;
  fixture->recorder->replacement_sw = 0x6400;

  identity = read_identity (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), cert_der));

  /* No re-selection for a status word; the same offset is asked again. */
  g_assert_cmpuint (fixture->recorder->selects, ==, 2);
  g_assert_cmpuint (fixture->recorder->read_binaries, ==, n_chunks (der_len) + 1);
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

  identity = read_identity (fixture, &error);
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

  identity = read_identity (fixture, &error);
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

  identity = read_identity (fixture, &error);
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

/* FcTestSwapper: a card that leaves the field, and then either comes back (the same card) or a
 * different card is presented in its place. */

#define FC_TYPE_TEST_SWAPPER (fc_test_swapper_get_type ())
G_DECLARE_FINAL_TYPE (FcTestSwapper, fc_test_swapper, FC, TEST_SWAPPER, GObject)

struct _FcTestSwapper
{
  GObject        parent_instance;

  FcVirtualCard *first;    /* (owned) */
  FcVirtualCard *other;    /* (owned) (nullable): presented instead of @first after a removal */
  FcVirtualCard *current;  /* (unowned) */
  gboolean       removed;
  guint          represents;
  guint          wait_delay_ms; /* how long the crew takes to put a card back */
};

static void fc_test_swapper_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcTestSwapper, fc_test_swapper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_test_swapper_iface_init))

static gboolean
fc_test_swapper_wait_for_card (FcCardTransport *transport,
                               guint            timeout_ms,
                               GCancellable    *cancellable,
                               GError         **error)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);

  if (self->removed)
    {
      self->removed = FALSE;
      self->represents++;
      if (self->wait_delay_ms > 0)
        g_usleep (self->wait_delay_ms * 1000);
      if (self->other != NULL)
        self->current = self->other;
      else
        {
          fc_virtual_card_reinsert (self->current);
          fc_virtual_card_set_behaviour (self->current, FC_VIRTUAL_CARD_PRESENT);
        }
    }

  return fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (self->current), timeout_ms,
                                          cancellable, error);
}

static gboolean
fc_test_swapper_card_present (FcCardTransport *transport)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);

  return !self->removed && fc_card_transport_card_present (FC_CARD_TRANSPORT (self->current));
}

static GBytes *
fc_test_swapper_transceive (FcCardTransport *transport,
                            GBytes          *apdu,
                            GCancellable    *cancellable,
                            GError         **error)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);
  GError *local_error = NULL;
  GBytes *response;

  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (self->current), apdu, cancellable,
                                           &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED))
        self->removed = TRUE;
      g_propagate_error (error, local_error);
    }

  return response;
}

static void
fc_test_swapper_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_test_swapper_wait_for_card;
  iface->card_present = fc_test_swapper_card_present;
  iface->transceive = fc_test_swapper_transceive;
}

static void
fc_test_swapper_finalize (GObject *object)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (object);

  g_clear_object (&self->first);
  g_clear_object (&self->other);

  G_OBJECT_CLASS (fc_test_swapper_parent_class)->finalize (object);
}

static void
fc_test_swapper_class_init (FcTestSwapperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_test_swapper_finalize;
}

static void
fc_test_swapper_init (FcTestSwapper *self)
{
}

/* @first leaves the field after @remove_after response bytes. */
static FcTestSwapper *
fc_test_swapper_new (FcVirtualCard *first,
                     FcVirtualCard *other,
                     guint          remove_after)
{
  FcTestSwapper *self = g_object_new (FC_TYPE_TEST_SWAPPER, NULL);

  self->first = g_object_ref (first);
  self->other = other != NULL ? g_object_ref (other) : NULL;
  self->current = self->first;
  fc_virtual_card_set_behaviour (first, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (first, "remove-after-bytes", remove_after, NULL);

  return self;
}

typedef struct
{
  GArray  *done;     /* (element-type gsize) */
  gsize    total;
  GThread *thread;   /* where the reports ran */
  guint    destroyed;
  gboolean after_callback;
  gboolean callback_ran;
} ProgressLog;

static void
progress_log_cb (gsize    done,
                 gsize    total,
                 gpointer user_data)
{
  ProgressLog *log = user_data;

  if (log->callback_ran)
    log->after_callback = TRUE;
  log->thread = g_thread_self ();
  log->total = total;
  g_array_append_val (log->done, done);
}

static void
progress_log_destroy (gpointer user_data)
{
  ProgressLog *log = user_data;

  log->destroyed++;
}

static void
assert_progress_complete (ProgressLog *log,
                          gsize        der_len)
{
  g_assert_cmpuint (log->done->len, >=, n_chunks (der_len));
  g_assert_cmpuint (log->total, ==, der_len);
  for (guint i = 1; i < log->done->len; i++)
    g_assert_cmpuint (g_array_index (log->done, gsize, i), >,
                      g_array_index (log->done, gsize, i - 1));
  g_assert_cmpuint (g_array_index (log->done, gsize, log->done->len - 1), ==, der_len);
}

/* /fc/card/jpki/full-reports-progress */
static void
test_jpki_full_reports_progress (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors,
                                         progress_log_cb, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_cmpuint (log.done->len, ==, n_chunks (g_bytes_get_size (cert_der)));
  assert_progress_complete (&log, g_bytes_get_size (cert_der));
  g_array_unref (log.done);
}

static void
full_async_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fixture *fixture = user_data;
  ProgressLog *log = g_object_get_data (G_OBJECT (result), "progress-log");

  fixture->identity = fc_jpki_read_identity_finish (result, &fixture->error);
  if (log != NULL)
    log->callback_ran = TRUE;
  g_main_loop_quit (fixture->loop);
}

/* /fc/card/jpki/full-async-progress-on-caller-context: reports run on the caller's thread,
 * before the callback; the destroy notify runs exactly once. */
static void
test_jpki_full_async_progress (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  GMainLoop *saved_loop = fixture->loop;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  /* A thread-default context other than the global one: the reports must go there. */
  g_main_context_push_thread_default (context);
  fixture->loop = loop;
  fc_jpki_read_identity_full_async (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors, 1000,
                                    progress_log_cb, &log, progress_log_destroy, NULL,
                                    full_async_done_cb, fixture);
  g_main_loop_run (loop);
  /* Let the last references go. */
  while (log.destroyed == 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  fixture->loop = saved_loop;

  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->identity);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_false (log.after_callback);
  g_assert_cmpuint (log.destroyed, ==, 1);
  assert_progress_complete (&log, g_bytes_get_size (cert_der));
  g_array_unref (log.done);
}

/* /fc/card/jpki/full-resumes-same-card: removed mid-read and put back, the read completes with
 * no missing or duplicated byte. */
static void
test_jpki_full_resumes_same_card (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (cert_der, NULL);
  g_autoptr(FcTestSwapper) swapper = fc_test_swapper_new (card, NULL, 300);
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autofree char *expected_sha256 = card_test_sha256_hex (cert_der);
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  g_assert_cmpuint (g_bytes_get_size (cert_der), >, 300);
  g_ptr_array_add (anchors, g_bytes_ref (fc_test_ca_get_cert_der (test_ca)));
  swapper->wait_delay_ms = 50;

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (swapper), anchors, progress_log_cb,
                                         &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (swapper->represents, ==, 1);
  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), cert_der));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);
  /* Progress never went backwards while the first bytes were checked again. */
  assert_progress_complete (&log, g_bytes_get_size (cert_der));
  g_array_unref (log.done);

  /* The plain API still gives up at once. */
  g_clear_object (&identity);
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  fc_virtual_card_reinsert (card);
  swapper->removed = FALSE;
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (swapper), anchors, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);
}

/* /fc/card/jpki/full-different-card-is-refused */
static void
test_jpki_full_different_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other_der = fc_test_ca_issue_auth_cert (test_ca, "OTHERCARD0002B", -1, 365,
                                                            &error);
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (cert_der, NULL);
  g_autoptr(FcVirtualCard) other = fc_virtual_card_new (other_der, NULL);
  g_autoptr(FcTestSwapper) swapper = fc_test_swapper_new (card, other, 300);
  g_autoptr(FcCardIdentity) identity = NULL;

  g_assert_no_error (error);
  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (swapper), NULL, NULL, NULL, NULL,
                                         &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_nonnull (strstr (error->message, "different card"));
  g_assert_null (identity);
  g_assert_cmpuint (swapper->represents, ==, 1);
}

/* /fc/card/jpki/full-cancel-while-card-away */
static gpointer
read_full_thread (gpointer user_data)
{
  GCancellable *cancellable = g_object_get_data (user_data, "cancellable");
  GError *error = NULL;
  FcCardIdentity *identity;

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (user_data), NULL, NULL, NULL,
                                         cancellable, &error);
  g_assert_null (identity);
  return error;
}

static void
test_jpki_full_cancel_while_away (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (cert_der, NULL);
  FcTestRecorder *recorder = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  /* Removed and never put back: only cancelling ends the wait before the time limit. */
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (card, "remove-after-bytes", 300, NULL);
  recorder = fc_test_recorder_new (FC_CARD_TRANSPORT (card));
  g_object_set_data (G_OBJECT (recorder), "cancellable", cancellable);

  g_timeout_add (200, cancel_cb, cancellable);
  thread = g_thread_new ("read", read_full_thread, recorder);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  error = g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, FC_JPKI_REPRESENT_TIMEOUT_MS * 1000);
  g_assert_finalize_object (recorder);
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
  g_test_add ("/fc/card/jpki/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("reads-identity", test_jpki_reads_identity);
  g_test_add_func ("/fc/card/jpki/chunks-follow-der-length", test_jpki_chunks_follow_der_length);
  g_test_add_func ("/fc/card/jpki/garbage-file-is-malformed", test_jpki_garbage_file_is_malformed);
  ADD ("wrong-application-is-not-jpki", test_jpki_wrong_application);
  ADD ("removed-is-final", test_jpki_removed_is_final);
  ADD ("error-status-names-sw", test_jpki_error_status);
  ADD ("transient-status-gives-up", test_jpki_transient_status_gives_up);
  ADD ("absent-card", test_jpki_absent_card);
  ADD ("async-reads-identity", test_jpki_async_reads_identity);
  ADD ("async-no-card-within-timeout", test_jpki_async_no_card_within_timeout);
  ADD ("async-cancel-while-waiting", test_jpki_async_cancel_while_waiting);
  ADD ("async-cancel-while-reading", test_jpki_async_cancel_while_reading);
  ADD ("pin-tries-cost-nothing", test_jpki_pin_tries_cost_nothing);
  ADD ("pin-tries-errors", test_jpki_pin_tries_errors);
  ADD ("resumes-after-io-error", test_jpki_resumes_after_io_error);
  ADD ("resumes-after-transient-status", test_jpki_resumes_after_transient_status);
  ADD ("persistent-io-error-fails", test_jpki_persistent_io_error);
  ADD ("short-answer-is-malformed", test_jpki_short_answer_is_malformed);
  ADD ("untrusted-issuer", test_jpki_untrusted_issuer);
  g_test_add_func ("/fc/card/jpki/check-status", test_jpki_check_status);
  ADD ("full-reports-progress", test_jpki_full_reports_progress);
  ADD ("full-async-progress-on-caller-context", test_jpki_full_async_progress);
  g_test_add_func ("/fc/card/jpki/full-resumes-same-card", test_jpki_full_resumes_same_card);
  g_test_add_func ("/fc/card/jpki/full-different-card-is-refused", test_jpki_full_different_card);
  g_test_add_func ("/fc/card/jpki/full-cancel-while-card-away", test_jpki_full_cancel_while_away);

#undef ADD

  ret = g_test_run ();

  g_clear_pointer (&cert_der, g_bytes_unref);
  g_assert_finalize_object (test_ca);

  return ret;
}
