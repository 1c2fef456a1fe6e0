/* fc-test-ca.h: a throwaway certificate authority, generated at run time with OpenSSL, that
 * issues JPKI-shaped user-authentication certificates for the virtual card. No key ever touches
 * the disk or the repository.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_TYPE_TEST_CA (fc_test_ca_get_type ())

G_DECLARE_FINAL_TYPE (FcTestCa, fc_test_ca, FC, TEST_CA, GObject)

/* Generates an EC P-256 CA key and a self-signed CA certificate with the JPKI authentication CA's
 * DN shape: C=JP, O=JPKI, OU=JPKI for user authentication, OU=FieldCard Training CA. */
G_GNUC_WARN_UNUSED_RESULT
FcTestCa *fc_test_ca_new              (GError   **error);
/* DER of the CA certificate (a trust anchor for fc_card_identity_new_from_der()). */
GBytes   *fc_test_ca_get_cert_der     (FcTestCa  *self);
/* Issues a user-authentication certificate (subject C=JP, CN=@subject_cn, EC P-256 key, random
 * 16-byte serial) valid from now + @valid_from_days to now + @valid_to_days (negative = in the
 * past, for expired cards). @subject_cn: 1–64 characters, else G_IO_ERROR_INVALID_ARGUMENT. */
G_GNUC_WARN_UNUSED_RESULT
GBytes   *fc_test_ca_issue_auth_cert  (FcTestCa   *self,
                                       const char *subject_cn,
                                       int         valid_from_days,
                                       int         valid_to_days,
                                       GError    **error);

G_END_DECLS
