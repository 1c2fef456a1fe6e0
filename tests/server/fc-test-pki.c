/* fc-test-pki.c: the throwaway PKI of the nginx fixture, generated with OpenSSL:
 * server CA + server certificate, unit CA + unit client certificate, wrong CA + rogue client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server-private.h"

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)

static gboolean
openssl_failed (GError     **error,
                const char  *what)
{
  char detail[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "test PKI: %s failed: %s", what, detail);
  return FALSE;
}

static gboolean
add_ext (X509       *cert,
         X509       *issuer,
         int         nid,
         const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  gboolean ok;

  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1) == 1;
  X509_EXTENSION_free (ext);
  return ok;
}

/* A certificate for @key named CN=@cn, signed by @issuer_key (self-signed when @issuer is NULL).
 * @kind: "ca", "server" or "client". */
static X509 *
make_cert (const char  *cn,
           EVP_PKEY    *key,
           X509        *issuer,
           EVP_PKEY    *issuer_key,
           const char  *kind,
           GError     **error)
{
  g_autoptr(X509) cert = X509_new ();
  X509_NAME *name;
  guint8 serial[12];
  BIGNUM *bn;
  gboolean ok;

  if (cert == NULL || X509_set_version (cert, 2) != 1 || RAND_bytes (serial, sizeof serial) != 1)
    {
      openssl_failed (error, "X509_new");
      return NULL;
    }
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  bn = BN_bin2bn (serial, sizeof serial, NULL);
  ok = bn != NULL && BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert)) != NULL;
  BN_free (bn);

  name = X509_get_subject_name (cert);
  ok = ok &&
       X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                   (const guint8 *) "FieldCard Test", -1, -1, 0) == 1 &&
       X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const guint8 *) cn,
                                   -1, -1, 0) == 1 &&
       X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name) == 1 &&
       X509_time_adj_ex (X509_getm_notBefore (cert), -1, 0, NULL) != NULL &&
       X509_time_adj_ex (X509_getm_notAfter (cert), 2, 0, NULL) != NULL &&
       X509_set_pubkey (cert, key) == 1;

  if (ok && g_str_equal (kind, "ca"))
    ok = add_ext (cert, cert, NID_basic_constraints, "critical,CA:TRUE") &&
         add_ext (cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
         add_ext (cert, cert, NID_subject_key_identifier, "hash");
  else if (ok)
    ok = add_ext (cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
         add_ext (cert, issuer, NID_key_usage, "critical,digitalSignature") &&
         add_ext (cert, issuer, NID_authority_key_identifier, "keyid") &&
         add_ext (cert, issuer, NID_ext_key_usage,
                  g_str_equal (kind, "server") ? "serverAuth" : "clientAuth") &&
         (!g_str_equal (kind, "server") ||
          add_ext (cert, issuer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"));

  if (!ok || X509_sign (cert, issuer_key, EVP_sha256 ()) <= 0)
    {
      openssl_failed (error, "making a certificate");
      return NULL;
    }

  return g_steal_pointer (&cert);
}

static gboolean
write_pem (const char  *path,
           X509        *cert,
           EVP_PKEY    *key,
           GError     **error)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "w");
  gboolean ok;

  if (bio == NULL)
    return openssl_failed (error, path);

  if (cert != NULL)
    ok = PEM_write_bio_X509 (bio, cert) == 1;
  else
    ok = PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL) == 1;
  if (!ok || BIO_flush (bio) != 1)
    return openssl_failed (error, path);

  g_chmod (path, 0600);
  return TRUE;
}

typedef struct {
  EVP_PKEY *key;
  X509     *cert;
} Pair;

static void
pair_clear (Pair *pair)
{
  g_clear_pointer (&pair->key, EVP_PKEY_free);
  g_clear_pointer (&pair->cert, X509_free);
}

/* A key pair and its certificate, issued by @issuer (self-signed CA when NULL); written to
 * @cert_path and (when not NULL) @key_path. */
static gboolean
make_pair (Pair        *out,
           const char  *cn,
           Pair        *issuer,
           const char  *kind,
           const char  *cert_path,
           const char  *key_path,
           GError     **error)
{
  out->key = EVP_EC_gen ("P-256");
  if (out->key == NULL)
    return openssl_failed (error, "EVP_EC_gen");

  out->cert = make_cert (cn, out->key, issuer != NULL ? issuer->cert : NULL,
                         issuer != NULL ? issuer->key : out->key, kind, error);
  if (out->cert == NULL)
    return FALSE;

  return write_pem (cert_path, out->cert, NULL, error) &&
         (key_path == NULL || write_pem (key_path, NULL, out->key, error));
}

gboolean
fc_test_server_make_pki (FcTestServer  *self,
                         GError       **error)
{
  Pair server_ca = { 0 }, server = { 0 }, unit_ca = { 0 }, client = { 0 };
  Pair wrong_ca = { 0 }, rogue = { 0 };
  gboolean ok;

  ok = make_pair (&server_ca, "Summary Service Test CA", NULL, "ca", self->ca_file, NULL, error) &&
       make_pair (&server, "localhost", &server_ca, "server", self->server_cert,
                  self->server_key, error) &&
       make_pair (&unit_ca, "Ambulance Unit Test CA", NULL, "ca", self->unit_ca_file, NULL,
                  error) &&
       make_pair (&client, "Unit 1", &unit_ca, "client", self->client_cert, self->client_key,
                  error) &&
       make_pair (&wrong_ca, "Wrong Test CA", NULL, "ca", self->wrong_ca_file, NULL, error) &&
       make_pair (&rogue, "Rogue Unit", &wrong_ca, "client", self->rogue_cert, self->rogue_key,
                  error);

  pair_clear (&server_ca);
  pair_clear (&server);
  pair_clear (&unit_ca);
  pair_clear (&client);
  pair_clear (&wrong_ca);
  pair_clear (&rogue);
  return ok;
}
