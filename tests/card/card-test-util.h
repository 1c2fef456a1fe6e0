/* card-test-util.h: small helpers shared by the card tests (static inline, header only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

#include "fc-card-transport.h"

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
