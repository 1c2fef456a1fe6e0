/* fuzz-apdu.c: libFuzzer target for FcJpki over a card that answers with the fuzz input.
 *
 * Input: one flag byte (bit 0: also read the PIN-try counter afterwards), then the card's answers
 * in order, each as a 2-byte big-endian header and data: header FFFF = a transient transport
 * error (FC_CARD_ERROR_IO), FFFE = card removed, otherwise (header % 300) bytes of answer
 * (status word included; fewer when the input ends). When the input runs out the card is gone.
 * The certificate at the end of a good read goes through fc_card_identity_new_from_der() with a
 * fixed test CA as trust anchor (tests/fuzz/data/test-ca.der).
 *
 * Checked on every command FcJpki sends: at most 5 + 255 + 1 bytes (the PN532 limit is larger),
 * READ BINARY offsets below 0x8000 and Le ≤ 256, and no VERIFY carrying data (no PIN is ever
 * sent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fc-card-identity.h"
#include "fc-card-transport.h"
#include "fc-jpki.h"

#include "fuzz-common.h"

#define MAX_ANSWER 300

#define FC_TYPE_FUZZ_CARD (fc_fuzz_card_get_type ())
G_DECLARE_FINAL_TYPE (FcFuzzCard, fc_fuzz_card, FC, FUZZ_CARD, GObject)

struct _FcFuzzCard
{
  GObject        parent_instance;

  const guint8  *data; /* (unowned): the fuzz input, valid during one run */
  gsize          len;
  gsize          pos;
  guint          apdus;
};

static void fc_fuzz_card_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcFuzzCard, fc_fuzz_card, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_fuzz_card_iface_init))

static gboolean
fc_fuzz_card_wait_for_card (FcCardTransport *transport,
                            guint            timeout_ms,
                            GCancellable    *cancellable,
                            GError         **error)
{
  return TRUE;
}

static gboolean
fc_fuzz_card_card_present (FcCardTransport *transport)
{
  FcFuzzCard *self = FC_FUZZ_CARD (transport);

  return self->pos < self->len;
}

/* The invariants FcJpki must keep whatever the card answered before. */
static void
check_command (GBytes *apdu)
{
  gsize len;
  const guint8 *cmd = g_bytes_get_data (apdu, &len);

  if (len < 4 || len > 5 + 255 + 1)
    {
      g_printerr ("fuzz-apdu: command of %" G_GSIZE_FORMAT " bytes\n", len);
      abort ();
    }
  if (cmd[1] == 0xb0)
    {
      if ((cmd[2] & 0x80) != 0 || len != 5)
        {
          g_printerr ("fuzz-apdu: bad READ BINARY (P1 %02X, %" G_GSIZE_FORMAT " bytes)\n",
                      cmd[2], len);
          abort ();
        }
    }
  if (cmd[1] == 0x20 && len > 5)
    {
      g_printerr ("fuzz-apdu: VERIFY sent with data: a PIN nobody typed\n");
      abort ();
    }
}

static GBytes *
fc_fuzz_card_transceive (FcCardTransport *transport,
                         GBytes          *apdu,
                         GCancellable    *cancellable,
                         GError         **error)
{
  FcFuzzCard *self = FC_FUZZ_CARD (transport);
  guint header;
  gsize n;

  check_command (apdu);
  self->apdus++;
  if (self->apdus > 10000)
    {
      g_printerr ("fuzz-apdu: more than 10000 commands for one read (a loop?)\n");
      abort ();
    }

  if (self->len - self->pos < 2)
    {
      self->pos = self->len;
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED, "card removed");
      return NULL;
    }
  header = (self->data[self->pos] << 8) | self->data[self->pos + 1];
  self->pos += 2;

  if (header == 0xffff)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_IO, "transient error");
      return NULL;
    }
  if (header == 0xfffe)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED, "card removed");
      return NULL;
    }

  n = MIN ((gsize) (header % MAX_ANSWER), self->len - self->pos);
  self->pos += n;
  return g_bytes_new (self->data + self->pos - n, n);
}

static void
fc_fuzz_card_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_fuzz_card_wait_for_card;
  iface->card_present = fc_fuzz_card_card_present;
  iface->transceive = fc_fuzz_card_transceive;
}

static void
fc_fuzz_card_class_init (FcFuzzCardClass *klass)
{
}

static void
fc_fuzz_card_init (FcFuzzCard *self)
{
}

static GPtrArray *anchors; /* (owned) (element-type GBytes) */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fc_fuzz_init ();
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (anchors, fc_fuzz_read_source_file ("tests/fuzz/data/test-ca.der"));
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FcFuzzCard) card = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  guint8 flags;

  if (size < 1)
    return 0;

  flags = data[0];
  card = g_object_new (FC_TYPE_FUZZ_CARD, NULL);
  card->data = data + 1;
  card->len = size - 1;

  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (card), anchors, NULL, &error);
  if (identity == NULL)
    {
      /* Every failure must say what happened, in the card domain or as a cancellation. */
      fc_fuzz_note ("read failed: %s", error != NULL ? error->message : "(no error)");
      if (error == NULL || error->message == NULL || error->message[0] == '\0' ||
          error->domain != FC_CARD_ERROR)
        {
          g_printerr ("fuzz-apdu: read failed without a card error\n");
          abort ();
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);

      fc_fuzz_note ("read %s in %u APDUs", fc_card_identity_get_subject (identity),
                    fc_card_identity_get_apdu_count (identity));

      g_assert_nonnull (fc_card_identity_get_sha256_hex (identity));
      g_assert_cmpuint (strlen (fc_card_identity_get_sha256_hex (identity)), ==, 64);
      g_assert_nonnull (fc_card_identity_get_issuer (identity));
      (void) fc_card_identity_is_expired (identity, now);
      g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), >=, 3);
    }

  if (flags & 1)
    {
      g_autoptr(GError) pin_error = NULL;
      int tries;

      tries = fc_jpki_read_pin_tries (FC_CARD_TRANSPORT (card), NULL, &pin_error);
      fc_fuzz_note ("PIN tries: %d%s%s", tries, pin_error != NULL ? ": " : "",
                    pin_error != NULL ? pin_error->message : "");
      if (tries < 0)
        g_assert_nonnull (pin_error);
      else
        g_assert_cmpint (tries, <=, 15);
    }

  return 0;
}
