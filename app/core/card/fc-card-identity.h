/* fc-card-identity.h: what FieldCard learns from the card: the user-authentication certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_TYPE_CARD_IDENTITY (fc_card_identity_get_type ())

G_DECLARE_FINAL_TYPE (FcCardIdentity, fc_card_identity, FC, CARD_IDENTITY, GObject)

/* Parses @der with OpenSSL. Fails with FC_CARD_ERROR_MALFORMED on anything that is not one
 * well-formed X.509 certificate (trailing filler after the DER object is ignored).
 * @trust_anchors_der: (nullable) (element-type GBytes): CA certificates that may issue the
 * user-authentication certificate; when given, a certificate not signed by one of them fails with
 * FC_CARD_ERROR_UNTRUSTED. Expiry never fails: see fc_card_identity_is_expired(). */
G_GNUC_WARN_UNUSED_RESULT
FcCardIdentity *fc_card_identity_new_from_der   (GBytes         *der,
                                                 GPtrArray      *trust_anchors_der,
                                                 GError        **error);
GBytes         *fc_card_identity_get_der        (FcCardIdentity *self);
/* Lower-case hex of the SHA-256 of the DER certificate: the patient's lookup key. */
const char     *fc_card_identity_get_sha256_hex (FcCardIdentity *self);
/* Upper-case hex of the X.509 serial number. */
const char     *fc_card_identity_get_serial_hex (FcCardIdentity *self);
/* One-line RFC 2253 issuer, e.g. "OU=JPKI for user authentication,O=JPKI,C=JP". */
const char     *fc_card_identity_get_issuer     (FcCardIdentity *self);
const char     *fc_card_identity_get_subject    (FcCardIdentity *self);
GDateTime      *fc_card_identity_get_not_before (FcCardIdentity *self);
GDateTime      *fc_card_identity_get_not_after  (FcCardIdentity *self);
/* Whether @now (nullable: the current time) lies outside the validity period. */
gboolean        fc_card_identity_is_expired     (FcCardIdentity *self,
                                                 GDateTime      *now);
/* Whether the certificate was issued by the CA certificate @ca_der (e.g. read from the card's
 * EF 000B): the issuer name matches the CA's subject and the signature verifies with the CA's
 * key. FALSE with FC_CARD_ERROR_UNTRUSTED when it was not, FC_CARD_ERROR_MALFORMED when @ca_der
 * is not a certificate. Validity periods are not checked. */
gboolean        fc_card_identity_verify_issued_by (FcCardIdentity *self,
                                                   GBytes         *ca_der,
                                                   GError        **error);
/* How many APDUs and bytes the read took (set by FcJpki; 0 when built from a file). */
guint           fc_card_identity_get_apdu_count (FcCardIdentity *self);
gsize           fc_card_identity_get_bytes_read (FcCardIdentity *self);
void            fc_card_identity_set_read_stats (FcCardIdentity *self,
                                                 guint           apdu_count,
                                                 gsize           bytes_read);
/* Reads the header of the DER SEQUENCE at the start of @data (30 LL, 30 81 LL, 30 82 LL LL or
 * 30 83 LL LL LL) and stores header + content length in @out_total_len. Returns FALSE when @data
 * does not start with a complete, definite-length SEQUENCE header. Bytes after the header need
 * not be present. */
gboolean        fc_card_identity_parse_der_length (const guint8 *data,
                                                   gsize         data_len,
                                                   gsize        *out_total_len);

G_END_DECLS
