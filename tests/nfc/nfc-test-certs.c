/* nfc-test-certs.c: the RSA-2048, JPKI-shaped certificates the emulated-reader tests read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "nfc-test-certs.h"

/* Shared by all tests: generating keys costs time. */
GBytes *test_ca_der;
GBytes *test_cert;
char *test_cert_sha256;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)

static void
add_ext (X509       *cert,
         X509V3_CTX *ctx,
         int         nid,
         const char *value)
{
  X509_EXTENSION *ext = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  if (ext == NULL)
    g_error ("extension %s = %s: %lx", OBJ_nid2sn (nid), value, ERR_get_error ());
  g_assert_cmpint (X509_add_ext (cert, ext, -1), ==, 1);
  X509_EXTENSION_free (ext);
}

/* An RSA-2048 certificate shaped like a JPKI one: issuer DN with several OUs, policy, CRL
 * distribution points and AIA, so that its size (about 1.5 KB) is that of a real card's (card-protocol.md §2.3). */
static X509 *
make_cert (EVP_PKEY   *key,
           EVP_PKEY   *signer_key,
           X509       *issuer,
           const char *cn,
           long        serial)
{
  X509 *cert = X509_new ();
  X509_NAME *name = X509_get_subject_name (cert);
  X509V3_CTX ctx;

  g_assert_cmpint (X509_set_version (cert, 2), ==, 1);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), serial);
  X509_gmtime_adj (X509_getm_notBefore (cert), -86400);
  X509_gmtime_adj (X509_getm_notAfter (cert), 86400L * 365 * 4);
  X509_NAME_add_entry_by_txt (name, "C", MBSTRING_ASC, (const guchar *) "JP", -1, -1, 0);
  if (issuer == NULL)
    {
      X509_NAME_add_entry_by_txt (name, "O", MBSTRING_ASC, (const guchar *) "JPKI", -1, -1, 0);
      X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC,
                                  (const guchar *) "JPKI for user authentication", -1, -1, 0);
      X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC,
                                  (const guchar *) "FieldCard Test Authority for Emulated Readers", -1, -1, 0);
    }
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const guchar *) cn, -1, -1, 0);
  X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name);
  g_assert_cmpint (X509_set_pubkey (cert, key), ==, 1);

  X509V3_set_ctx (&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
  add_ext (cert, &ctx, NID_subject_key_identifier, "hash");
  if (issuer == NULL)
    {
      add_ext (cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
      add_ext (cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
  else
    {
      add_ext (cert, &ctx, NID_authority_key_identifier, "keyid:always");
      add_ext (cert, &ctx, NID_key_usage, "critical,digitalSignature");
      add_ext (cert, &ctx, NID_ext_key_usage, "clientAuth,emailProtection");
      add_ext (cert, &ctx, NID_crl_distribution_points,
               "URI:ldap://ldap.auth.fieldcard.test/cn%3dCRL1%2cou%3dAuthenticationCRL%2cou%3dJPKI%20for%20user%20authentication%2co%3dJPKI%2cc%3dJP?certificateRevocationList,"
               "URI:http://crl.auth.fieldcard.test/crl/jpki-user-authentication-ca-2025-partition-0001.crl");
      add_ext (cert, &ctx, NID_info_access,
               "OCSP;URI:http://ocsp.auth.fieldcard.test/jpki-user-authentication,"
               "caIssuers;URI:http://ca.auth.fieldcard.test/certs/jpki-user-authentication-ca-2025.cer");
      add_ext (cert, &ctx, NID_subject_alt_name, "URI:urn:fieldcard:test:emulated-card:0001,"
               "URI:http://repository.auth.fieldcard.test/cps/jpki-user-authentication-certification-practice-statement.html");
    }

  g_assert_cmpint (X509_sign (cert, signer_key, EVP_sha256 ()), >, 0);
  return cert;
}

static GBytes *
cert_to_der (X509 *cert)
{
  guchar *der = NULL;
  int len = i2d_X509 (cert, &der);
  GBytes *ret;

  g_assert_cmpint (len, >, 0);
  ret = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  return ret;
}

void
make_test_certs (void)
{
  g_autoptr(EVP_PKEY) ca_key = EVP_RSA_gen (2048);
  g_autoptr(EVP_PKEY) card_key = EVP_RSA_gen (2048);
  g_autoptr(X509) ca = NULL;
  g_autoptr(X509) card = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_nonnull (ca_key);
  g_assert_nonnull (card_key);
  ca = make_cert (ca_key, ca_key, NULL, "FieldCard Test JPKI Authentication CA", 1);
  card = make_cert (card_key, ca_key, ca, "FCNFCTEST0001A", 4242);

  test_ca_der = cert_to_der (ca);
  test_cert = cert_to_der (card);
  g_checksum_update (checksum, g_bytes_get_data (test_cert, NULL), g_bytes_get_size (test_cert));
  test_cert_sha256 = g_strdup (g_checksum_get_string (checksum));
}
