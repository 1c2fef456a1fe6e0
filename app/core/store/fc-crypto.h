/* fc-crypto.h: AES-256-GCM sealing, key wrapping and the device key file (OpenSSL EVP).
 *
 * Sealed format: version (1 byte, 0x01) | IV (12 random bytes) | ciphertext | tag (16 bytes).
 * Keys are held in FcSecret, whose memory is wiped with OPENSSL_cleanse when the last reference
 * goes. Every function here is thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FC_CRYPTO_ERROR (fc_crypto_error_quark ())

/**
 * FcCryptoError:
 * @FC_CRYPTO_ERROR_FAILED: OpenSSL failed (no randomness, out of memory, …)
 * @FC_CRYPTO_ERROR_FORMAT: the sealed data is too short or has an unknown version
 * @FC_CRYPTO_ERROR_AUTHENTICATION: the data was altered, or sealed under another key
 * @FC_CRYPTO_ERROR_KEY_FILE: the device key file is missing, unsafe or damaged
 */
typedef enum {
  FC_CRYPTO_ERROR_FAILED,
  FC_CRYPTO_ERROR_FORMAT,
  FC_CRYPTO_ERROR_AUTHENTICATION,
  FC_CRYPTO_ERROR_KEY_FILE,
} FcCryptoError;

#define FC_CRYPTO_KEY_SIZE      32
#define FC_CRYPTO_IV_SIZE       12
#define FC_CRYPTO_TAG_SIZE      16
#define FC_CRYPTO_FORMAT_V1     0x01
/* Bytes that sealing adds to the plaintext. */
#define FC_CRYPTO_OVERHEAD      (1 + FC_CRYPTO_IV_SIZE + FC_CRYPTO_TAG_SIZE)

/* A reference-counted buffer for key material; wiped when freed. */
typedef struct _FcSecret FcSecret;

#define FC_TYPE_SECRET (fc_secret_get_type ())

GType         fc_secret_get_type         (void) G_GNUC_CONST;
GQuark        fc_crypto_error_quark      (void);

/* Copies @size bytes of @data into a new secret; the caller should wipe its own copy. */
G_GNUC_WARN_UNUSED_RESULT
FcSecret     *fc_secret_new              (const guint8 *data,
                                          gsize         size);
/* @size random bytes from RAND_bytes. */
G_GNUC_WARN_UNUSED_RESULT
FcSecret     *fc_secret_new_random       (gsize         size,
                                          GError      **error);
FcSecret     *fc_secret_ref              (FcSecret     *secret);
void          fc_secret_unref            (FcSecret     *secret);
const guint8 *fc_secret_get_data         (FcSecret     *secret,
                                          gsize        *size);
gsize         fc_secret_get_size         (FcSecret     *secret);

/* Seals @plaintext under @key (FC_CRYPTO_KEY_SIZE bytes) with a fresh random IV. @aad (nullable)
 * is authenticated but not stored: the same bytes must be given to open it again. */
G_GNUC_WARN_UNUSED_RESULT
GBytes       *fc_crypto_seal             (FcSecret     *key,
                                          GBytes       *aad,
                                          GBytes       *plaintext,
                                          GError      **error);
/* Opens what fc_crypto_seal() made. The returned bytes are wiped when freed. Fails with
 * FC_CRYPTO_ERROR_AUTHENTICATION when a single bit of @sealed or @aad differs. */
G_GNUC_WARN_UNUSED_RESULT
GBytes       *fc_crypto_open             (FcSecret     *key,
                                          GBytes       *aad,
                                          GBytes       *sealed,
                                          GError      **error);
/* Key wrapping: fc_crypto_seal() of the key bytes under @wrapping_key. */
G_GNUC_WARN_UNUSED_RESULT
GBytes       *fc_crypto_wrap_key         (FcSecret     *wrapping_key,
                                          GBytes       *aad,
                                          FcSecret     *key,
                                          GError      **error);
G_GNUC_WARN_UNUSED_RESULT
FcSecret     *fc_crypto_unwrap_key       (FcSecret     *wrapping_key,
                                          GBytes       *aad,
                                          GBytes       *wrapped,
                                          GError      **error);
/* HMAC-SHA-256 of @data under @key, as lower-case hex. */
G_GNUC_WARN_UNUSED_RESULT
char         *fc_crypto_hmac_hex         (FcSecret     *key,
                                          const void   *data,
                                          gsize         size);

/* Loads the device key (FC_CRYPTO_KEY_SIZE raw bytes) from @path. When the file does not exist
 * and @create is TRUE, creates it (folders 0700, file 0600, O_EXCL). Refuses a file that is not
 * a regular file owned by this user with mode 0600 (no group or other bits), or that has the
 * wrong size, with FC_CRYPTO_ERROR_KEY_FILE and a message that says what to do. */
G_GNUC_WARN_UNUSED_RESULT
FcSecret     *fc_crypto_load_device_key  (const char   *path,
                                          gboolean      create,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSecret, fc_secret_unref)

G_END_DECLS
