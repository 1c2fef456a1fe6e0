/* fuzz-certificate.c: libFuzzer target for fc_card_identity_new_from_der().
 *
 * Input: the content of EF 000A as read from a card (a DER certificate, maybe followed by filler).
 * Checked once with the fixed test CA as trust anchor (tests/fuzz/data/test-ca.der) and once with
 * no anchors; a success must give every field the identity block shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fc-card-identity.h"
#include "fc-card-transport.h"

#include "fuzz-common.h"

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

static void
check_identity (FcCardIdentity *identity,
                GBytes         *input)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  GBytes *der = fc_card_identity_get_der (identity);
  gsize total = 0;

  /* The kept DER is exactly the object at the start of the input, filler dropped. */
  g_assert_true (fc_card_identity_parse_der_length (g_bytes_get_data (input, NULL),
                                                    g_bytes_get_size (input), &total));
  g_assert_cmpuint (g_bytes_get_size (der), ==, total);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), total, g_bytes_get_data (input, NULL), total);

  g_assert_cmpuint (strlen (fc_card_identity_get_sha256_hex (identity)), ==, 64);
  g_assert_nonnull (fc_card_identity_get_serial_hex (identity));
  g_assert_true (g_utf8_validate (fc_card_identity_get_issuer (identity), -1, NULL));
  g_assert_true (g_utf8_validate (fc_card_identity_get_subject (identity), -1, NULL));
  (void) fc_card_identity_get_not_before (identity);
  (void) fc_card_identity_get_not_after (identity);
  (void) fc_card_identity_is_expired (identity, now);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(FcCardIdentity) trusted = NULL;
  g_autoptr(FcCardIdentity) untrusted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain_error = NULL;
  gsize total = 0;

  (void) fc_card_identity_parse_der_length (data, size, &total);

  trusted = fc_card_identity_new_from_der (input, anchors, &error);
  fc_fuzz_note ("with anchor: %s", trusted != NULL ? "trusted" : error->message);
  if (trusted == NULL)
    g_assert_true (error != NULL && error->domain == FC_CARD_ERROR && error->message[0] != '\0');
  else
    check_identity (trusted, input);

  untrusted = fc_card_identity_new_from_der (input, NULL, &plain_error);
  if (untrusted == NULL)
    g_assert_true (plain_error != NULL && plain_error->domain == FC_CARD_ERROR);
  else
    check_identity (untrusted, input);

  /* Trust can only take away: what is accepted with anchors parses without them. */
  if (trusted != NULL)
    g_assert_nonnull (untrusted);

  return 0;
}
