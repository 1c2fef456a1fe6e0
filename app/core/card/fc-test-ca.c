/* fc-test-ca.c: a throwaway JPKI-shaped certificate authority for training and tests.
 *
 * Keys live only in memory: nothing is written to disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-test-ca.h"

#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

struct _FcTestCa
{
  GObject   parent_instance;

  EVP_PKEY *key;      /* (owned) (nullable): the CA's private key, memory only */
  X509     *cert;     /* (owned) (nullable) */
  GBytes   *cert_der; /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (FcTestCa, fc_test_ca, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CERT_DER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

/* The leaf (card) key. A real My Number card holds RSA-2048, but generating an RSA-2048 key
 * took 270–320 ms on average and up to 900 ms here (OpenSSL 3.0, 30 runs), over the 300 ms
 * budget for tests and training starts; EC P-256 takes well under 1 ms. FcJpki and
 * FcCardIdentity do not depend on the key type. */
#define FC_TEST_CA_LEAF_CURVE "P-256"

static gboolean
set_openssl_error (GError     **error,
                   const char  *what)
{
  char detail[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not create the training certificate (%s): %s"),
               what, code != 0 ? detail : _("unknown error"));

  return FALSE;
}

static gboolean
add_name_entry (X509_NAME  *name,
                const char *field,
                const char *value)
{
  return X509_NAME_add_entry_by_txt (name, field, MBSTRING_UTF8,
                                     (const unsigned char *) value, -1, -1, 0) == 1;
}

static gboolean
add_extension (X509       *cert,
               X509       *issuer,
               int         nid,
               const char *value)
{
  g_autoptr(X509_EXTENSION) ext = NULL;
  X509V3_CTX ctx;

  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);

  return ext != NULL && X509_add_ext (cert, ext, -1) == 1;
}

/* A random, positive, non-zero 16-byte serial number. */
static gboolean
set_random_serial (X509 *cert)
{
  guint8 raw[16];
  g_autoptr(BIGNUM) bn = NULL;

  if (RAND_bytes (raw, sizeof raw) != 1)
    return FALSE;
  raw[0] = (raw[0] & 0x7f) | 0x40;

  bn = BN_bin2bn (raw, sizeof raw, NULL);

  return bn != NULL && BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert)) != NULL;
}

static gboolean
set_validity (X509 *cert,
              int   from_days,
              int   to_days)
{
  return X509_time_adj_ex (X509_getm_notBefore (cert), from_days, 0, NULL) != NULL &&
         X509_time_adj_ex (X509_getm_notAfter (cert), to_days, 0, NULL) != NULL;
}

static GBytes *
cert_to_der (X509 *cert)
{
  unsigned char *der = NULL;
  int len = i2d_X509 (cert, &der);
  GBytes *bytes;

  if (len <= 0)
    return NULL;

  bytes = g_bytes_new (der, len);
  OPENSSL_free (der);

  return bytes;
}

static gboolean
fc_test_ca_generate (FcTestCa  *self,
                     GError   **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  X509_NAME *name;

  key = EVP_EC_gen ("P-256");
  if (key == NULL)
    return set_openssl_error (error, "CA key");

  cert = X509_new ();
  if (cert == NULL || X509_set_version (cert, X509_VERSION_3) != 1 ||
      !set_random_serial (cert) || !set_validity (cert, -1, 3650))
    return set_openssl_error (error, "CA certificate");

  name = X509_get_subject_name (cert);
  if (!add_name_entry (name, "C", "JP") ||
      !add_name_entry (name, "O", "JPKI") ||
      !add_name_entry (name, "OU", "JPKI for user authentication") ||
      !add_name_entry (name, "OU", "FieldCard Training CA") ||
      X509_set_issuer_name (cert, name) != 1 ||
      X509_set_pubkey (cert, key) != 1)
    return set_openssl_error (error, "CA name");

  if (!add_extension (cert, cert, NID_basic_constraints, "critical,CA:TRUE") ||
      !add_extension (cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") ||
      !add_extension (cert, cert, NID_subject_key_identifier, "hash"))
    return set_openssl_error (error, "CA extensions");

  if (X509_sign (cert, key, EVP_sha256 ()) <= 0)
    return set_openssl_error (error, "CA signature");

  self->cert_der = cert_to_der (cert);
  if (self->cert_der == NULL)
    return set_openssl_error (error, "CA encoding");

  self->key = g_steal_pointer (&key);
  self->cert = g_steal_pointer (&cert);

  return TRUE;
}

static void
fc_test_ca_finalize (GObject *object)
{
  FcTestCa *self = (FcTestCa *) object;

  g_clear_pointer (&self->key, EVP_PKEY_free);
  g_clear_pointer (&self->cert, X509_free);
  g_clear_pointer (&self->cert_der, g_bytes_unref);

  G_OBJECT_CLASS (fc_test_ca_parent_class)->finalize (object);
}

static void
fc_test_ca_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcTestCa *self = FC_TEST_CA (object);

  switch (prop_id)
    {
    case PROP_CERT_DER:
      g_value_set_boxed (value, self->cert_der);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_test_ca_class_init (FcTestCaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_test_ca_finalize;
  object_class->get_property = fc_test_ca_get_property;

  /**
   * FcTestCa:cert-der:
   *
   * DER of the self-signed CA certificate.
   */
  properties[PROP_CERT_DER] =
    g_param_spec_boxed ("cert-der", NULL, NULL,
                        G_TYPE_BYTES,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_test_ca_init (FcTestCa *self)
{
}

/**
 * fc_test_ca_new:
 * @error: return location for an error
 *
 * Generates an EC P-256 CA key and a self-signed CA certificate (subject C=JP, O=JPKI,
 * OU=JPKI for user authentication, OU=FieldCard Training CA), valid from yesterday for ten years.
 *
 * Returns: (transfer full) (nullable): the CA, or %NULL with @error set
 */
FcTestCa *
fc_test_ca_new (GError **error)
{
  g_autoptr(FcTestCa) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FC_TYPE_TEST_CA, NULL);
  if (!fc_test_ca_generate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fc_test_ca_get_cert_der:
 *
 * Returns: (transfer none): the CA certificate
 */
GBytes *
fc_test_ca_get_cert_der (FcTestCa *self)
{
  g_return_val_if_fail (FC_IS_TEST_CA (self), NULL);

  return self->cert_der;
}

/**
 * fc_test_ca_issue_auth_cert:
 * @self: a CA
 * @subject_cn: the opaque CN (JPKI uses an alphanumeric string, never a name)
 * @valid_from_days: start of validity, in days from now (negative = in the past)
 * @valid_to_days: end of validity, in days from now
 * @error: return location for an error
 *
 * Issues a user-authentication certificate with a fresh EC P-256 key (discarded at once) and
 * a random 16-byte serial number.
 *
 * Returns: (transfer full) (nullable): the certificate DER
 */
GBytes *
fc_test_ca_issue_auth_cert (FcTestCa   *self,
                            const char *subject_cn,
                            int         valid_from_days,
                            int         valid_to_days,
                            GError    **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  GBytes *der;
  X509_NAME *name;

  g_return_val_if_fail (FC_IS_TEST_CA (self), NULL);
  g_return_val_if_fail (subject_cn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*subject_cn == '\0' || !g_utf8_validate (subject_cn, -1, NULL) ||
      g_utf8_strlen (subject_cn, -1) > 64)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The certificate name must be 1 to 64 characters of text."));
      return NULL;
    }

  if (valid_to_days < valid_from_days)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The certificate must end after it starts."));
      return NULL;
    }

  key = EVP_EC_gen (FC_TEST_CA_LEAF_CURVE);
  if (key == NULL)
    {
      set_openssl_error (error, "card key");
      return NULL;
    }

  cert = X509_new ();
  if (cert == NULL || X509_set_version (cert, X509_VERSION_3) != 1 ||
      !set_random_serial (cert) || !set_validity (cert, valid_from_days, valid_to_days))
    {
      set_openssl_error (error, "card certificate");
      return NULL;
    }

  name = X509_get_subject_name (cert);
  if (!add_name_entry (name, "C", "JP") ||
      !add_name_entry (name, "CN", subject_cn) ||
      X509_set_issuer_name (cert, X509_get_subject_name (self->cert)) != 1 ||
      X509_set_pubkey (cert, key) != 1)
    {
      set_openssl_error (error, "card name");
      return NULL;
    }

  if (!add_extension (cert, self->cert, NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension (cert, self->cert, NID_key_usage, "critical,digitalSignature") ||
      !add_extension (cert, self->cert, NID_authority_key_identifier, "keyid:always"))
    {
      set_openssl_error (error, "card extensions");
      return NULL;
    }

  if (X509_sign (cert, self->key, EVP_sha256 ()) <= 0)
    {
      set_openssl_error (error, "card signature");
      return NULL;
    }

  der = cert_to_der (cert);
  if (der == NULL)
    {
      set_openssl_error (error, "card encoding");
      return NULL;
    }

  return der;
}
