/* nfc-test-certs.h: certificates shared by the emulated-reader tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* Set by make_test_certs(): a test CA (DER), a card certificate of a real card's size issued by
 * it (DER, about 1.5 KB), and the card certificate's SHA-256 in lower-case hex. */
extern GBytes *test_ca_der;
extern GBytes *test_cert;
extern char   *test_cert_sha256;

/* Generates the CA and card keys and certificates (RSA-2048: slow, call once per process). */
void make_test_certs (void);
