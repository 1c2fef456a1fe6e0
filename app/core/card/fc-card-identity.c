/* fc-card-identity.c: the user-authentication certificate read from a My Number card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-card-identity.h"

#include <glib/gi18n-lib.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "fc-card-transport.h"

struct _FcCardIdentity
{
  GObject    parent_instance;

  GBytes    *der;         /* (owned): exactly the DER object, filler removed */
  char      *sha256_hex;  /* (owned) */
  char      *serial_hex;  /* (owned) */
  char      *issuer;      /* (owned) */
  char      *subject;     /* (owned) */
  GDateTime *not_before;  /* (owned) */
  GDateTime *not_after;   /* (owned) */
  guint      apdu_count;
  gsize      bytes_read;
};

G_DEFINE_FINAL_TYPE (FcCardIdentity, fc_card_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DER,
  PROP_SHA256_HEX,
  PROP_SERIAL_HEX,
  PROP_ISSUER,
  PROP_SUBJECT,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  PROP_APDU_COUNT,
  PROP_BYTES_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)

/* Largest certificate we accept: real JPKI certificates are 1–2 KB; READ BINARY offsets are
 * 15-bit. */
#define FC_CARD_IDENTITY_MAX_DER 32767

static char *
hex_lower (const guint8 *data,
           gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0x0f];
    }
  out[len * 2] = '\0';

  return out;
}

/* Returns the one-line RFC 2253 form of @name as valid UTF-8 (multi-byte characters are kept,
 * not escaped as \XX). */
static char *
name_to_string (const X509_NAME *name)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL)
    return g_strdup ("");

  if (X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
    return g_strdup ("");

  len = BIO_get_mem_data (bio, &data);
  if (len <= 0 || data == NULL)
    return g_strdup ("");

  return g_utf8_make_valid (data, len);
}

static GDateTime *
asn1_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    return NULL;

  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
serial_to_hex (const X509 *cert)
{
  const ASN1_INTEGER *serial = X509_get0_serialNumber (cert);
  g_autoptr(BIGNUM) bn = NULL;
  char *openssl_hex;
  char *hex;

  if (serial == NULL)
    return NULL;

  bn = ASN1_INTEGER_to_BN (serial, NULL);
  if (bn == NULL)
    return NULL;

  openssl_hex = BN_bn2hex (bn);
  if (openssl_hex == NULL)
    return NULL;

  hex = g_ascii_strup (openssl_hex, -1);
  OPENSSL_free (openssl_hex);

  return hex;
}

static gboolean
add_anchor (X509_STORE *store,
            GBytes     *anchor_der)
{
  g_autoptr(X509) anchor = NULL;
  const guint8 *p;
  gsize len;

  if (anchor_der == NULL)
    return FALSE;

  p = g_bytes_get_data (anchor_der, &len);
  if (len == 0 || len > G_MAXLONG)
    return FALSE;

  anchor = d2i_X509 (NULL, &p, (long) len);

  return anchor != NULL && X509_STORE_add_cert (store, anchor) == 1;
}

/* Checks that @cert chains to one of @anchors_der. Validity periods are not checked: an expired
 * card is shown as expired, not refused. */
static gboolean
verify_chain (X509       *cert,
              GPtrArray  *anchors_der,
              GError    **error)
{
  g_autoptr(X509_STORE) store = X509_STORE_new ();
  g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
  X509_VERIFY_PARAM *param;
  int verify_error;

  if (store == NULL || ctx == NULL)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
                           _("The certificate could not be checked (out of memory)."));
      return FALSE;
    }

  for (guint i = 0; i < anchors_der->len; i++)
    {
      if (!add_anchor (store, g_ptr_array_index (anchors_der, i)))
        {
          ERR_clear_error ();
          g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
                               _("A trusted CA certificate in the settings could not be read. "
                                 "Check the CA certificate file."));
          return FALSE;
        }
    }

  if (X509_STORE_CTX_init (ctx, store, cert, NULL) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
                           _("The certificate could not be checked (out of memory)."));
      return FALSE;
    }

  param = X509_STORE_CTX_get0_param (ctx);
  /* Expiry is shown, not refused; a CA certificate given directly is a trust anchor even when it
   * is an intermediate. */
  X509_VERIFY_PARAM_set_flags (param, X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_PARTIAL_CHAIN);

  if (X509_verify_cert (ctx) == 1)
    return TRUE;

  verify_error = X509_STORE_CTX_get_error (ctx);
  ERR_clear_error ();
  g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
               _("The card’s certificate was not issued by a trusted JPKI authority (%s)."),
               X509_verify_cert_error_string (verify_error));

  return FALSE;
}

static void
fc_card_identity_finalize (GObject *object)
{
  FcCardIdentity *self = (FcCardIdentity *) object;

  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->sha256_hex, g_free);
  g_clear_pointer (&self->serial_hex, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (fc_card_identity_parent_class)->finalize (object);
}

static void
fc_card_identity_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcCardIdentity *self = FC_CARD_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_DER:
      g_value_set_boxed (value, self->der);
      break;

    case PROP_SHA256_HEX:
      g_value_set_string (value, self->sha256_hex);
      break;

    case PROP_SERIAL_HEX:
      g_value_set_string (value, self->serial_hex);
      break;

    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_NOT_BEFORE:
      g_value_set_boxed (value, self->not_before);
      break;

    case PROP_NOT_AFTER:
      g_value_set_boxed (value, self->not_after);
      break;

    case PROP_APDU_COUNT:
      g_value_set_uint (value, self->apdu_count);
      break;

    case PROP_BYTES_READ:
      g_value_set_uint64 (value, self->bytes_read);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_card_identity_class_init (FcCardIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_card_identity_finalize;
  object_class->get_property = fc_card_identity_get_property;

  properties[PROP_DER] =
    g_param_spec_boxed ("der", NULL, NULL,
                        G_TYPE_BYTES,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHA256_HEX] =
    g_param_spec_string ("sha256-hex", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERIAL_HEX] =
    g_param_spec_string ("serial-hex", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ISSUER] =
    g_param_spec_string ("issuer", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOT_BEFORE] =
    g_param_spec_boxed ("not-before", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOT_AFTER] =
    g_param_spec_boxed ("not-after", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_APDU_COUNT] =
    g_param_spec_uint ("apdu-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_READ] =
    g_param_spec_uint64 ("bytes-read", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_card_identity_init (FcCardIdentity *self)
{
}

gboolean
fc_card_identity_parse_der_length (const guint8 *data,
                                   gsize         data_len,
                                   gsize        *out_total_len)
{
  gsize n_len_bytes;
  gsize content_len = 0;

  g_return_val_if_fail (data != NULL || data_len == 0, FALSE);
  g_return_val_if_fail (out_total_len != NULL, FALSE);

  if (data_len < 2 || data[0] != 0x30)
    return FALSE;

  if ((data[1] & 0x80) == 0)
    {
      *out_total_len = 2 + (gsize) data[1];
      return TRUE;
    }

  /* 0x80 is the indefinite form, not allowed in DER; more than 3 length bytes would be far
   * larger than any certificate. */
  n_len_bytes = data[1] & 0x7f;
  if (n_len_bytes == 0 || n_len_bytes > 3 || data_len < 2 + n_len_bytes)
    return FALSE;

  for (gsize i = 0; i < n_len_bytes; i++)
    content_len = (content_len << 8) | data[2 + i];

  /* DER uses the shortest form: a long form must be needed. */
  if (content_len < 0x80 || (n_len_bytes > 1 && data[2] == 0))
    return FALSE;

  *out_total_len = 2 + n_len_bytes + content_len;
  return TRUE;
}

/**
 * fc_card_identity_new_from_der:
 * @der: the certificate as read from EF 000A (trailing filler allowed)
 * @trust_anchors_der: (nullable) (element-type GBytes): trusted issuing CA certificates
 * @error: return location for an error (%FC_CARD_ERROR_MALFORMED, %FC_CARD_ERROR_UNTRUSTED)
 *
 * Returns: (transfer full) (nullable): the identity, or %NULL with @error set
 */
FcCardIdentity *
fc_card_identity_new_from_der (GBytes     *der,
                               GPtrArray  *trust_anchors_der,
                               GError    **error)
{
  g_autoptr(FcCardIdentity) self = NULL;
  g_autoptr(X509) cert = NULL;
  const guint8 *data;
  const guint8 *p;
  gsize len;
  gsize der_len;
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (der, &len);

  if (len == 0 || !fc_card_identity_parse_der_length (data, len, &der_len))
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate is not in a known format."));
      return NULL;
    }

  if (der_len > len)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate is incomplete. Hold the card still and "
                             "read it again."));
      return NULL;
    }

  if (der_len > FC_CARD_IDENTITY_MAX_DER)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate is too large to be a My Number card "
                             "certificate."));
      return NULL;
    }

  p = data;
  cert = d2i_X509 (NULL, &p, (long) der_len);
  if (cert == NULL || (gsize) (p - data) != der_len)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate could not be read: it is damaged or not "
                             "a certificate."));
      return NULL;
    }

  self = g_object_new (FC_TYPE_CARD_IDENTITY, NULL);
  self->der = g_bytes_new_from_bytes (der, 0, der_len);

  if (EVP_Digest (data, der_len, digest, &digest_len, EVP_sha256 (), NULL) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate could not be fingerprinted."));
      return NULL;
    }
  self->sha256_hex = hex_lower (digest, digest_len);

  self->serial_hex = serial_to_hex (cert);
  self->issuer = name_to_string (X509_get_issuer_name (cert));
  self->subject = name_to_string (X509_get_subject_name (cert));
  self->not_before = asn1_time_to_date_time (X509_get0_notBefore (cert));
  self->not_after = asn1_time_to_date_time (X509_get0_notAfter (cert));

  if (self->serial_hex == NULL || self->not_before == NULL || self->not_after == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card’s certificate has an unreadable serial number or "
                             "validity period."));
      return NULL;
    }

  if (trust_anchors_der != NULL && !verify_chain (cert, trust_anchors_der, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fc_card_identity_get_der:
 *
 * Returns: (transfer none): exactly the DER certificate (filler removed)
 */
GBytes *
fc_card_identity_get_der (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->der;
}

const char *
fc_card_identity_get_sha256_hex (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->sha256_hex;
}

const char *
fc_card_identity_get_serial_hex (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->serial_hex;
}

const char *
fc_card_identity_get_issuer (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->issuer;
}

const char *
fc_card_identity_get_subject (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->subject;
}

/**
 * fc_card_identity_get_not_before:
 *
 * Returns: (transfer none): start of the validity period (UTC)
 */
GDateTime *
fc_card_identity_get_not_before (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->not_before;
}

/**
 * fc_card_identity_get_not_after:
 *
 * Returns: (transfer none): end of the validity period (UTC)
 */
GDateTime *
fc_card_identity_get_not_after (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), NULL);

  return self->not_after;
}

gboolean
fc_card_identity_is_expired (FcCardIdentity *self,
                             GDateTime      *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), FALSE);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  return g_date_time_compare (now, self->not_before) < 0 ||
         g_date_time_compare (now, self->not_after) > 0;
}

guint
fc_card_identity_get_apdu_count (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), 0);

  return self->apdu_count;
}

gsize
fc_card_identity_get_bytes_read (FcCardIdentity *self)
{
  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), 0);

  return self->bytes_read;
}

void
fc_card_identity_set_read_stats (FcCardIdentity *self,
                                 guint           apdu_count,
                                 gsize           bytes_read)
{
  g_return_if_fail (FC_IS_CARD_IDENTITY (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->apdu_count != apdu_count)
    {
      self->apdu_count = apdu_count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APDU_COUNT]);
    }

  if (self->bytes_read != bytes_read)
    {
      self->bytes_read = bytes_read;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_READ]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static X509 *
parse_der (GBytes *der)
{
  const guint8 *data;
  const guint8 *p;
  gsize len;
  X509 *cert;

  data = g_bytes_get_data (der, &len);
  if (len == 0 || len > FC_CARD_IDENTITY_MAX_DER)
    return NULL;

  p = data;
  cert = d2i_X509 (NULL, &p, (long) len);
  if (cert != NULL && (gsize) (p - data) != len)
    g_clear_pointer (&cert, X509_free);

  return cert;
}

/**
 * fc_card_identity_verify_issued_by:
 * @self: an identity
 * @ca_der: a CA certificate (DER, exactly one certificate)
 * @error: return location for an error
 *
 * Checks that @self was issued by @ca_der: names match and the signature verifies with the CA's
 * public key. Validity periods are not checked (an expired card is shown, not refused).
 *
 * Returns: %TRUE when @ca_der issued the certificate
 */
gboolean
fc_card_identity_verify_issued_by (FcCardIdentity  *self,
                                   GBytes          *ca_der,
                                   GError         **error)
{
  g_autoptr(X509) cert = NULL;
  g_autoptr(X509) ca = NULL;
  g_autoptr(EVP_PKEY) ca_key = NULL;
  int check;

  g_return_val_if_fail (FC_IS_CARD_IDENTITY (self), FALSE);
  g_return_val_if_fail (ca_der != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cert = parse_der (self->der);
  ca = parse_der (ca_der);
  if (ca == NULL || cert == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The CA certificate could not be read: it is damaged or not a "
                             "certificate."));
      return FALSE;
    }

  check = X509_check_issued (ca, cert);
  if (check != X509_V_OK)
    {
      ERR_clear_error ();
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
                   _("The card’s certificate was not issued by this CA (%s)."),
                   X509_verify_cert_error_string (check));
      return FALSE;
    }

  ca_key = X509_get_pubkey (ca);
  if (ca_key == NULL || X509_verify (cert, ca_key) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED,
                           _("The card’s certificate is not signed by this CA’s key."));
      return FALSE;
    }

  return TRUE;
}
