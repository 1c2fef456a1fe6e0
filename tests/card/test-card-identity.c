/* test-card-identity.c: parsing the user-authentication certificate; the training CA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "fc-card-identity.h"
#include "fc-card-transport.h"
#include "fc-test-ca.h"

#include "card-test-util.h"

#define CA_SUBJECT "OU=FieldCard Training CA,OU=JPKI for user authentication,O=JPKI,C=JP"

static GBytes *
with_filler (GBytes *der,
             gsize   filler_len,
             guint8  filler)
{
  GByteArray *array = g_byte_array_new ();

  g_byte_array_append (array, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  for (gsize i = 0; i < filler_len; i++)
    g_byte_array_append (array, &filler, 1);

  return g_byte_array_free_to_bytes (array);
}

static void
assert_malformed (GBytes *der)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;

  identity = fc_card_identity_new_from_der (der, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
  g_assert_null (identity);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_identity_parses_good_der (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = card_test_anchors (fc_test_ca_get_cert_der (card_test_ca));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  FcCardIdentity *identity;
  const char *serial;

  identity = fc_card_identity_new_from_der (card_test_cert, anchors, &error);
  g_assert_no_error (error);
  g_assert_true (FC_IS_CARD_IDENTITY (identity));

  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), card_test_cert));
  g_assert_cmpuint (strlen (fc_card_identity_get_sha256_hex (identity)), ==, 64);
  g_assert_cmpstr (fc_card_identity_get_issuer (identity), ==, CA_SUBJECT);
  g_assert_cmpstr (fc_card_identity_get_subject (identity), ==, "CN=997794E9AGCIEG13221003A,C=JP");

  /* 16 random bytes, positive: 32 upper-case hex digits. */
  serial = fc_card_identity_get_serial_hex (identity);
  g_assert_cmpuint (strlen (serial), ==, 32);
  for (const char *p = serial; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'F'));

  g_assert_cmpint (g_date_time_compare (fc_card_identity_get_not_before (identity), now), <, 0);
  g_assert_cmpint (g_date_time_compare (fc_card_identity_get_not_after (identity), now), >, 0);
  g_assert_false (fc_card_identity_is_expired (identity, NULL));
  g_assert_false (fc_card_identity_is_expired (identity, now));
  g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), ==, 0);
  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), ==, 0);

  g_assert_finalize_object (identity);
}

static void
test_identity_properties (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *subject = NULL;
  guint apdu_count = 99;
  guint64 bytes_read = 99;
  FcCardIdentity *identity;

  identity = fc_card_identity_new_from_der (card_test_cert, NULL, &error);
  g_assert_no_error (error);

  g_object_get (identity,
                "der", &der,
                "sha256-hex", &sha256,
                "serial-hex", &serial,
                "issuer", &issuer,
                "subject", &subject,
                "not-before", &not_before,
                "not-after", &not_after,
                "apdu-count", &apdu_count,
                "bytes-read", &bytes_read,
                NULL);
  g_assert_true (g_bytes_equal (der, card_test_cert));
  g_assert_cmpstr (sha256, ==, fc_card_identity_get_sha256_hex (identity));
  g_assert_cmpstr (serial, ==, fc_card_identity_get_serial_hex (identity));
  g_assert_cmpstr (issuer, ==, fc_card_identity_get_issuer (identity));
  g_assert_cmpstr (subject, ==, fc_card_identity_get_subject (identity));
  g_assert_true (g_date_time_equal (not_before, fc_card_identity_get_not_before (identity)));
  g_assert_true (g_date_time_equal (not_after, fc_card_identity_get_not_after (identity)));
  g_assert_cmpuint (apdu_count, ==, 0);
  g_assert_cmpuint (bytes_read, ==, 0);

  g_assert_finalize_object (identity);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_identity_read_stats_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  FcCardIdentity *identity;
  guint notified = 0;

  identity = fc_card_identity_new_from_der (card_test_cert, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (identity, "notify", G_CALLBACK (count_notify_cb), &notified);

  fc_card_identity_set_read_stats (identity, 7, 1234);
  g_assert_cmpuint (fc_card_identity_get_apdu_count (identity), ==, 7);
  g_assert_cmpuint (fc_card_identity_get_bytes_read (identity), ==, 1234);
  g_assert_cmpuint (notified, ==, 2);

  /* The same values again: no notification. */
  fc_card_identity_set_read_stats (identity, 7, 1234);
  g_assert_cmpuint (notified, ==, 2);

  fc_card_identity_set_read_stats (identity, 8, 1234);
  g_assert_cmpuint (notified, ==, 3);

  g_assert_finalize_object (identity);
}

static void
test_identity_ignores_trailing_filler (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) padded = with_filler (card_test_cert, 300, 0xff);
  g_autoptr(GBytes) zero_padded = with_filler (card_test_cert, 17, 0x00);
  g_autoptr(FcCardIdentity) plain = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) identity_zero = NULL;

  plain = fc_card_identity_new_from_der (card_test_cert, NULL, &error);
  g_assert_no_error (error);
  identity = fc_card_identity_new_from_der (padded, NULL, &error);
  g_assert_no_error (error);
  identity_zero = fc_card_identity_new_from_der (zero_padded, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), card_test_cert));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==,
                   fc_card_identity_get_sha256_hex (plain));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity_zero), ==,
                   fc_card_identity_get_sha256_hex (plain));
}

static void
test_identity_rejects_garbage (void)
{
  static const guint8 text[] = "hello, this is not a certificate";
  static const guint8 indefinite[] = { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00 };
  static const guint8 small_seq[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
  static const guint8 filler_only[] = { 0xff, 0xff, 0xff, 0xff };
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text_bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GBytes) indefinite_bytes = g_bytes_new_static (indefinite, sizeof indefinite);
  g_autoptr(GBytes) small_seq_bytes = g_bytes_new_static (small_seq, sizeof small_seq);
  g_autoptr(GBytes) filler_bytes = g_bytes_new_static (filler_only, sizeof filler_only);
  g_autoptr(GByteArray) random = g_byte_array_new ();
  g_autoptr(GBytes) random_bytes = NULL;
  g_autoptr(GByteArray) corrupted = g_byte_array_new ();
  g_autoptr(GBytes) corrupted_bytes = NULL;

  for (guint i = 0; i < 600; i++)
    {
      guint8 byte = g_test_rand_int_range (0, 256);
      g_byte_array_append (random, &byte, 1);
    }
  random->data[0] = 0x30;
  random->data[1] = 0x82;
  random->data[2] = 0x02;
  random->data[3] = 0x00;
  random_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&random));

  /* A valid outer header around a damaged body: the inner TBSCertificate tag is wrong. */
  g_byte_array_append (corrupted, g_bytes_get_data (card_test_cert, NULL), g_bytes_get_size (card_test_cert));
  corrupted->data[4] = 0x31;
  corrupted_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&corrupted));

  assert_malformed (empty);
  assert_malformed (text_bytes);
  assert_malformed (indefinite_bytes);
  assert_malformed (small_seq_bytes);
  assert_malformed (filler_bytes);
  assert_malformed (random_bytes);
  assert_malformed (corrupted_bytes);
}

static void
test_identity_rejects_truncated (void)
{
  gsize len = g_bytes_get_size (card_test_cert);
  g_autoptr(GBytes) minus_one = g_bytes_new_from_bytes (card_test_cert, 0, len - 1);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (card_test_cert, 0, len / 2);
  g_autoptr(GBytes) header = g_bytes_new_from_bytes (card_test_cert, 0, 4);
  g_autoptr(GBytes) two = g_bytes_new_from_bytes (card_test_cert, 0, 2);

  assert_malformed (minus_one);
  assert_malformed (half);
  assert_malformed (header);
  assert_malformed (two);
}

static void
test_identity_untrusted_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) other_ca = fc_test_ca_new (&error);
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) both = NULL;
  FcCardIdentity *identity;

  g_assert_no_error (error);
  other = card_test_anchors (fc_test_ca_get_cert_der (other_ca));

  identity = fc_card_identity_new_from_der (card_test_cert, other, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_assert_null (identity);
  g_clear_error (&error);

  identity = fc_card_identity_new_from_der (card_test_cert, empty, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_assert_null (identity);
  g_clear_error (&error);

  g_ptr_array_add (broken, g_bytes_new_static ("nope", 4));
  identity = fc_card_identity_new_from_der (card_test_cert, broken, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_assert_null (identity);
  g_clear_error (&error);

  /* One of several anchors is enough. */
  both = card_test_anchors (fc_test_ca_get_cert_der (other_ca));
  g_ptr_array_add (both, g_bytes_ref (fc_test_ca_get_cert_der (card_test_ca)));
  identity = fc_card_identity_new_from_der (card_test_cert, both, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (identity);
}

static void
test_identity_expired_still_parses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expired_der = NULL;
  g_autoptr(GBytes) future_der = NULL;
  g_autoptr(GPtrArray) anchors = card_test_anchors (fc_test_ca_get_cert_der (card_test_ca));
  g_autoptr(FcCardIdentity) expired = NULL;
  g_autoptr(FcCardIdentity) future = NULL;
  g_autoptr(GDateTime) inside = NULL;

  expired_der = fc_test_ca_issue_auth_cert (card_test_ca, "EXPIRED0001", -400, -10, &error);
  g_assert_no_error (error);

  /* Expiry is shown, not refused: the chain still verifies. */
  expired = fc_card_identity_new_from_der (expired_der, anchors, &error);
  g_assert_no_error (error);
  g_assert_true (fc_card_identity_is_expired (expired, NULL));

  inside = g_date_time_add_days (fc_card_identity_get_not_before (expired), 1);
  g_assert_false (fc_card_identity_is_expired (expired, inside));

  /* A certificate that is not valid yet is outside its validity too. */
  future_der = fc_test_ca_issue_auth_cert (card_test_ca, "FUTURE0001", 10, 20, &error);
  g_assert_no_error (error);
  future = fc_card_identity_new_from_der (future_der, anchors, &error);
  g_assert_no_error (error);
  g_assert_true (fc_card_identity_is_expired (future, NULL));
}

static void
test_identity_sha256_matches_gchecksum (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) padded = with_filler (card_test_cert, 100, 0xff);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autofree char *expected = card_test_sha256_hex (card_test_cert);

  identity = fc_card_identity_new_from_der (padded, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected);
}

static void
test_identity_der_length (void)
{
  static const struct {
    const char *hex;
    gboolean    ok;
    gsize       total;
  } cases[] = {
    { "30 05", TRUE, 7 },
    { "30 7F", TRUE, 129 },
    { "30 81 80", TRUE, 131 },
    { "30 81 FF", TRUE, 258 },
    { "30 82 01 00", TRUE, 260 },
    { "30 82 05 A0", TRUE, 1444 },
    { "30 83 01 00 00", TRUE, 65541 },
    { "30 81 05", FALSE, 0 },         /* long form where the short one fits: not DER */
    { "30 82 00 FF", FALSE, 0 },      /* leading zero length byte: not DER */
    { "30 80", FALSE, 0 },            /* indefinite */
    { "30 84 00 00 01 00", FALSE, 0 },
    { "31 05", FALSE, 0 },
    { "FF FF", FALSE, 0 },
    { "30", FALSE, 0 },
    { "30 82 01", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = card_test_hex (cases[i].hex);
      gsize total = 0;
      gboolean ok;

      ok = fc_card_identity_parse_der_length (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes), &total);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpuint (total, ==, cases[i].total);
    }
}

static void
test_ca_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = card_test_anchors (fc_test_ca_get_cert_der (card_test_ca));
  g_autoptr(FcCardIdentity) ca_identity = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(FcCardIdentity) first_id = NULL;
  g_autoptr(FcCardIdentity) second_id = NULL;
  g_autoptr(GBytes) cert_der = NULL;
  const guint8 *p;
  X509 *x509;

  g_object_get (card_test_ca, "cert-der", &cert_der, NULL);
  g_assert_true (cert_der == fc_test_ca_get_cert_der (card_test_ca));

  /* Self-signed with the JPKI authentication CA's DN shape. */
  ca_identity = fc_card_identity_new_from_der (cert_der, anchors, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_card_identity_get_subject (ca_identity), ==, CA_SUBJECT);
  g_assert_cmpstr (fc_card_identity_get_issuer (ca_identity), ==, CA_SUBJECT);

  p = g_bytes_get_data (cert_der, NULL);
  x509 = d2i_X509 (NULL, &p, g_bytes_get_size (cert_der));
  g_assert_nonnull (x509);
  g_assert_cmpint (X509_check_ca (x509), ==, 1);
  g_assert_true (X509_get_key_usage (x509) & KU_KEY_CERT_SIGN);
  X509_free (x509);

  p = g_bytes_get_data (card_test_cert, NULL);
  x509 = d2i_X509 (NULL, &p, g_bytes_get_size (card_test_cert));
  g_assert_nonnull (x509);
  g_assert_cmpint (X509_check_ca (x509), ==, 0);
  g_assert_true (X509_get_key_usage (x509) & KU_DIGITAL_SIGNATURE);
  g_assert_false (X509_get_key_usage (x509) & KU_KEY_CERT_SIGN);
  g_assert_cmpint (EVP_PKEY_get_base_id (X509_get0_pubkey (x509)), ==, EVP_PKEY_EC);
  g_assert_cmpint (EVP_PKEY_get_bits (X509_get0_pubkey (x509)), ==, 256);
  X509_free (x509);

  /* Every issued certificate gets its own serial number. */
  second = fc_test_ca_issue_auth_cert (card_test_ca, "997794E9AGCIEG13221003A", -1, 365, &error);
  g_assert_no_error (error);
  first_id = fc_card_identity_new_from_der (card_test_cert, anchors, &error);
  g_assert_no_error (error);
  second_id = fc_card_identity_new_from_der (second, anchors, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_card_identity_get_serial_hex (first_id), !=,
                   fc_card_identity_get_serial_hex (second_id));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (first_id), !=,
                   fc_card_identity_get_sha256_hex (second_id));
}

static void
test_ca_rejects_bad_arguments (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_cn = g_strnfill (65, 'A');
  GBytes *der;

  der = fc_test_ca_issue_auth_cert (card_test_ca, "", -1, 10, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (der);
  g_clear_error (&error);

  der = fc_test_ca_issue_auth_cert (card_test_ca, long_cn, -1, 10, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (der);
  g_clear_error (&error);

  der = fc_test_ca_issue_auth_cert (card_test_ca, "BACKWARDS", 10, -1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (der);
}

static void
test_ca_new_and_finalize (void)
{
  g_autoptr(GError) error = NULL;
  FcTestCa *ca;
  GBytes *der;
  gint64 start;

  ca = fc_test_ca_new (&error);
  g_assert_no_error (error);
  g_assert_true (FC_IS_TEST_CA (ca));

  start = g_get_monotonic_time ();
  der = fc_test_ca_issue_auth_cert (ca, "TIMING0001", -1, 10, &error);
  g_assert_no_error (error);
  g_test_message ("EC P-256 leaf certificate issued in %" G_GINT64_FORMAT " ms, %" G_GSIZE_FORMAT
                  " bytes", (g_get_monotonic_time () - start) / 1000, g_bytes_get_size (der));
  g_bytes_unref (der);

  g_assert_finalize_object (ca);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

  g_test_add_func ("/fc/card/identity/parses-good-der", test_identity_parses_good_der);
  g_test_add_func ("/fc/card/identity/properties", test_identity_properties);
  g_test_add_func ("/fc/card/identity/read-stats-round-trip", test_identity_read_stats_round_trip);
  g_test_add_func ("/fc/card/identity/ignores-trailing-filler",
                   test_identity_ignores_trailing_filler);
  g_test_add_func ("/fc/card/identity/garbage-is-malformed", test_identity_rejects_garbage);
  g_test_add_func ("/fc/card/identity/truncated-is-malformed", test_identity_rejects_truncated);
  g_test_add_func ("/fc/card/identity/untrusted-ca", test_identity_untrusted_ca);
  g_test_add_func ("/fc/card/identity/expired-still-parses", test_identity_expired_still_parses);
  g_test_add_func ("/fc/card/identity/sha256-matches-gchecksum",
                   test_identity_sha256_matches_gchecksum);
  g_test_add_func ("/fc/card/identity/der-length", test_identity_der_length);
  g_test_add_func ("/fc/card/test-ca/new-and-finalize", test_ca_new_and_finalize);
  g_test_add_func ("/fc/card/test-ca/jpki-shape", test_ca_shape);
  g_test_add_func ("/fc/card/test-ca/rejects-bad-arguments", test_ca_rejects_bad_arguments);

  return card_test_run ();
}
