/* card-test-util.h: helpers shared by the card tests and the card-level tests of tests/nfc and
 * tests/incident: the test certificates, the recording transport, the JPKI fixture, and small
 * APDU helpers (static inline).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

#include "fc-card-transport.h"
#include "fc-jpki.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"

G_BEGIN_DECLS

#define CARD_TEST_RIGHT_PIN "1234"  /* FcVirtualCard's PIN */
#define CARD_TEST_WRONG_PIN "9731"
#define CARD_TEST_SELECT_JPKI "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"

/* Set by card_test_init(): a test CA and a JPKI-shaped user-authentication certificate it
 * issued (DER). */
extern FcTestCa *card_test_ca;
extern GBytes   *card_test_cert;

/* g_test_init() and the test certificates. */
void            card_test_init              (int    *argc,
                                             char ***argv);
/* g_test_run(), then frees the certificates (the CA must be finalized). */
int             card_test_run               (void);
/* A new array (of GBytes) holding @ca_der as the one trust anchor. */
GPtrArray      *card_test_anchors           (GBytes *ca_der);
/* The card's PIN counter, read from FcVirtualCard's "pin-tries" property. */
guint           card_test_pin_tries         (FcVirtualCard *card);
/* fc_jpki_verify_pin() on @transport must pass and report @expected_tries. */
void            card_test_assert_verify_ok  (FcCardTransport *transport,
                                             const char      *pin,
                                             gboolean         confirmed,
                                             int              expected_tries);
/* fc_jpki_verify_pin() on @transport must fail with @domain/@code and report @expected_tries;
 * the error is left in @error for further checks. */
void            card_test_assert_verify_fails (FcCardTransport *transport,
                                               const char      *pin,
                                               gboolean         confirmed,
                                               GQuark           domain,
                                               int              code,
                                               int              expected_tries,
                                               GError         **error);

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
  guint            verify_queries;        /* VERIFY without data: the counter query */
  guint            verifies_with_data;    /* VERIFY carrying a PIN */
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
  guint16          replace_verify_sw;     /* non-zero: VERIFY with data gets this, card none */
  guint16          blocked_query_sw;      /* non-zero: a 63C0 counter answer becomes this */
};

FcTestRecorder *fc_test_recorder_new        (FcCardTransport *inner);

/* The JPKI fixture: a virtual card with card_test_cert, behind a recorder. */

typedef struct
{
  FcVirtualCard  *card;
  FcTestRecorder *recorder;
  GPtrArray      *anchors;    /* card_test_ca */
  GMainLoop      *loop;
  FcCardIdentity *identity;   /* async result */
  GError         *error;      /* async result */
} CardTestFixture;

void            card_test_fixture_setup     (CardTestFixture *fixture,
                                             gconstpointer    data);
void            card_test_fixture_teardown  (CardTestFixture *fixture,
                                             gconstpointer    data);
/* fc_jpki_read_identity() through the fixture's recorder and anchors. */
FcCardIdentity *card_test_fixture_read      (CardTestFixture *fixture,
                                             GError         **error);
/* How many READ BINARY chunks a file of @len bytes takes. */
guint           card_test_n_chunks          (gsize len);

G_END_DECLS

/* "00 A4 04 0C" → bytes. Spaces are ignored; the string must be valid hex. */
static inline GBytes *
card_test_hex (const char *hex)
{
  GByteArray *array = g_byte_array_new ();

  for (const char *p = hex; *p != '\0'; )
    {
      guint8 byte;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (array, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (array);
}

/* Sends @hex and returns the full response; asserts the transport did not fail. */
static inline GBytes *
card_test_xchg (FcCardTransport *transport,
                const char      *hex)
{
  g_autoptr(GBytes) apdu = card_test_hex (hex);
  g_autoptr(GError) error = NULL;
  GBytes *response;

  response = fc_card_transport_transceive (transport, apdu, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (g_bytes_get_size (response), >=, 2);
  g_assert_cmpuint (g_bytes_get_size (response), <=, 258);

  return response;
}

static inline guint16
card_test_sw (GBytes *response)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (response, &len);

  g_assert_cmpuint (len, >=, 2);

  return (data[len - 2] << 8) | data[len - 1];
}

/* Sends @hex, checks the status word and returns the number of data bytes. */
static inline gsize
card_test_expect_sw (FcCardTransport *transport,
                     const char      *hex,
                     guint16          expected_sw)
{
  g_autoptr(GBytes) response = card_test_xchg (transport, hex);

  g_assert_cmphex (card_test_sw (response), ==, expected_sw);

  return g_bytes_get_size (response) - 2;
}

static inline char *
card_test_sha256_hex (GBytes *der)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}
