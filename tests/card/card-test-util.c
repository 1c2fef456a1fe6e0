/* card-test-util.c: helpers shared by the card tests (see card-test-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "card-test-util.h"

FcTestCa *card_test_ca;
GBytes   *card_test_cert;

void
card_test_init (int    *argc,
                char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);

  card_test_ca = fc_test_ca_new (&error);
  g_assert_no_error (error);
  card_test_cert = fc_test_ca_issue_auth_cert (card_test_ca, "997794E9AGCIEG13221003A", -1, 365,
                                               &error);
  g_assert_no_error (error);
}

int
card_test_run (void)
{
  int ret = g_test_run ();

  g_clear_pointer (&card_test_cert, g_bytes_unref);
  g_assert_finalize_object (card_test_ca);
  card_test_ca = NULL;

  return ret;
}

GPtrArray *
card_test_anchors (GBytes *ca_der)
{
  GPtrArray *anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (anchors, g_bytes_ref (ca_der));

  return anchors;
}

guint
card_test_pin_tries (FcVirtualCard *card)
{
  guint tries = 0;

  g_object_get (card, "pin-tries", &tries, NULL);
  return tries;
}

void
card_test_assert_verify_ok (FcCardTransport *transport,
                            const char      *pin,
                            gboolean         confirmed,
                            int              expected_tries)
{
  g_autoptr(GError) error = NULL;
  int tries_left = -7;

  g_assert_true (fc_jpki_verify_pin (transport, pin, confirmed, &tries_left, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, expected_tries);
}

void
card_test_assert_verify_fails (FcCardTransport *transport,
                               const char      *pin,
                               gboolean         confirmed,
                               GQuark           domain,
                               int              code,
                               int              expected_tries,
                               GError         **error)
{
  int tries_left = -7;

  g_assert_nonnull (error);
  g_assert_false (fc_jpki_verify_pin (transport, pin, confirmed, &tries_left, NULL, error));
  g_assert_error (*error, domain, code);
  g_assert_cmpint (tries_left, ==, expected_tries);
}

/* FcTestRecorder */

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
sw_bytes (guint16 sw)
{
  guint8 bytes[2] = { sw >> 8, sw & 0xff };

  return g_bytes_new (bytes, 2);
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
  gboolean is_verify;
  gsize offset = 0;
  gsize data_len;

  command = g_bytes_get_data (apdu, &command_len);
  g_assert_cmpuint (command_len, >=, 4);
  self->apdus++;
  if (self->removed)
    self->errors_after_removal++;

  is_read = command[1] == 0xb0;
  is_verify = command[1] == 0x20;
  if (command[1] == 0xa4)
    self->selects++;
  if (is_verify)
    {
      self->verifies++;
      if (command_len > 4)
        self->verifies_with_data++;
      else
        self->verify_queries++;
      if (command_len > 4 && self->replace_verify_sw != 0)
        return sw_bytes (self->replace_verify_sw);
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

  if (is_verify && command_len == 4 && self->blocked_query_sw != 0 &&
      card_test_sw (response) == 0x63c0)
    return sw_bytes (self->blocked_query_sw);

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
      self->read_bytes_lost += data_len;
      return sw_bytes (self->replacement_sw);
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

FcTestRecorder *
fc_test_recorder_new (FcCardTransport *inner)
{
  FcTestRecorder *self = g_object_new (FC_TYPE_TEST_RECORDER, NULL);

  self->inner = g_object_ref (inner);

  return self;
}

/* The JPKI fixture */

void
card_test_fixture_setup (CardTestFixture *fixture,
                         gconstpointer    data)
{
  GBytes *ca_der = fc_test_ca_get_cert_der (card_test_ca);

  fixture->card = fc_virtual_card_new (card_test_cert, ca_der);
  fixture->recorder = fc_test_recorder_new (FC_CARD_TRANSPORT (fixture->card));
  fixture->anchors = card_test_anchors (ca_der);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

void
card_test_fixture_teardown (CardTestFixture *fixture,
                            gconstpointer    data)
{
  g_clear_error (&fixture->error);
  if (fixture->identity != NULL)
    g_assert_finalize_object (fixture->identity);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_clear_pointer (&fixture->anchors, g_ptr_array_unref);
  g_assert_finalize_object (fixture->recorder);
  g_assert_finalize_object (fixture->card);
}

FcCardIdentity *
card_test_fixture_read (CardTestFixture *fixture,
                        GError         **error)
{
  return fc_jpki_read_identity (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors, NULL,
                                error);
}

guint
card_test_n_chunks (gsize len)
{
  return (len + FC_JPKI_MAX_CHUNK - 1) / FC_JPKI_MAX_CHUNK;
}
