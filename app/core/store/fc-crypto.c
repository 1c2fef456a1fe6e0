/* fc-crypto.c: AES-256-GCM sealing, key wrapping and the device key file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-crypto"

#include "config.h"

#include "fc-crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

struct _FcSecret
{
  gatomicrefcount ref_count;
  gsize           size;
  guint8          data[];  /* (owned): wiped in fc_secret_unref() */
};

/* Plaintext returned by fc_crypto_open(): wiped when the GBytes goes. */
typedef struct {
  gsize  size;
  guint8 data[];
} FcWipedBuffer;

G_DEFINE_BOXED_TYPE (FcSecret, fc_secret, fc_secret_ref, fc_secret_unref)

G_DEFINE_QUARK (fc-crypto-error-quark, fc_crypto_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)

/* Helpers */

static void
set_openssl_error (GError     **error,
                   const char  *what)
{
  char detail[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();

  g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FAILED,
               _("Encryption failed (%s): %s"), what, code != 0 ? detail : _("unknown error"));
}

static void
fc_wiped_buffer_free (gpointer data)
{
  FcWipedBuffer *buffer = data;

  OPENSSL_cleanse (buffer->data, buffer->size);
  g_free (buffer);
}

static FcWipedBuffer *
fc_wiped_buffer_new (gsize size)
{
  FcWipedBuffer *buffer = g_malloc0 (sizeof (FcWipedBuffer) + MAX (size, 1));

  buffer->size = size;
  return buffer;
}

static gboolean
check_key (FcSecret  *key,
           GError   **error)
{
  if (key->size != FC_CRYPTO_KEY_SIZE)
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FAILED,
                   _("Encryption key has %lu bytes instead of %d"),
                   (unsigned long) key->size, FC_CRYPTO_KEY_SIZE);
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_aad (EVP_CIPHER_CTX *ctx,
         GBytes         *aad)
{
  const guint8 *data;
  gsize size;
  int out_len = 0;

  if (aad == NULL)
    return TRUE;

  data = g_bytes_get_data (aad, &size);
  if (size == 0)
    return TRUE;
  if (size > G_MAXINT)
    return FALSE;

  return EVP_EncryptUpdate (ctx, NULL, &out_len, data, (int) size) == 1;
}

static gboolean
add_aad_decrypt (EVP_CIPHER_CTX *ctx,
                 GBytes         *aad)
{
  const guint8 *data;
  gsize size;
  int out_len = 0;

  if (aad == NULL)
    return TRUE;

  data = g_bytes_get_data (aad, &size);
  if (size == 0)
    return TRUE;
  if (size > G_MAXINT)
    return FALSE;

  return EVP_DecryptUpdate (ctx, NULL, &out_len, data, (int) size) == 1;
}

/* FcSecret */

FcSecret *
fc_secret_new (const guint8 *data,
               gsize         size)
{
  FcSecret *secret;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  secret = g_malloc0 (sizeof (FcSecret) + MAX (size, 1));
  g_atomic_ref_count_init (&secret->ref_count);
  secret->size = size;
  if (size > 0)
    memcpy (secret->data, data, size);

  return secret;
}

FcSecret *
fc_secret_new_random (gsize    size,
                      GError **error)
{
  FcSecret *secret;

  g_return_val_if_fail (size > 0 && size <= G_MAXINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  secret = g_malloc0 (sizeof (FcSecret) + size);
  g_atomic_ref_count_init (&secret->ref_count);
  secret->size = size;

  if (RAND_bytes (secret->data, (int) size) != 1)
    {
      set_openssl_error (error, "RAND_bytes");
      fc_secret_unref (secret);
      return NULL;
    }

  return secret;
}

FcSecret *
fc_secret_ref (FcSecret *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  g_atomic_ref_count_inc (&secret->ref_count);
  return secret;
}

void
fc_secret_unref (FcSecret *secret)
{
  g_return_if_fail (secret != NULL);

  if (g_atomic_ref_count_dec (&secret->ref_count))
    {
      OPENSSL_cleanse (secret->data, MAX (secret->size, 1));
      g_free (secret);
    }
}

const guint8 *
fc_secret_get_data (FcSecret *secret,
                    gsize    *size)
{
  g_return_val_if_fail (secret != NULL, NULL);

  if (size != NULL)
    *size = secret->size;
  return secret->data;
}

gsize
fc_secret_get_size (FcSecret *secret)
{
  g_return_val_if_fail (secret != NULL, 0);

  return secret->size;
}

/* Sealing */

GBytes *
fc_crypto_seal (FcSecret  *key,
                GBytes    *aad,
                GBytes    *plaintext,
                GError   **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = NULL;
  const guint8 *in;
  gsize in_len;
  guint8 *out;
  gsize out_len;
  int len = 0;
  int final_len = 0;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (plaintext != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;

  in = g_bytes_get_data (plaintext, &in_len);
  if (in_len > G_MAXINT - FC_CRYPTO_OVERHEAD)
    {
      g_set_error_literal (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FAILED,
                           _("The data is too large to encrypt"));
      return NULL;
    }

  out_len = in_len + FC_CRYPTO_OVERHEAD;
  out = g_malloc (out_len);
  out[0] = FC_CRYPTO_FORMAT_V1;

  ctx = EVP_CIPHER_CTX_new ();
  if (ctx == NULL ||
      RAND_bytes (out + 1, FC_CRYPTO_IV_SIZE) != 1 ||
      EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, FC_CRYPTO_IV_SIZE, NULL) != 1 ||
      EVP_EncryptInit_ex (ctx, NULL, NULL, key->data, out + 1) != 1 ||
      !add_aad (ctx, aad) ||
      (in_len > 0 &&
       EVP_EncryptUpdate (ctx, out + 1 + FC_CRYPTO_IV_SIZE, &len, in, (int) in_len) != 1) ||
      EVP_EncryptFinal_ex (ctx, out + 1 + FC_CRYPTO_IV_SIZE + len, &final_len) != 1 ||
      (gsize) (len + final_len) != in_len ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, FC_CRYPTO_TAG_SIZE,
                           out + 1 + FC_CRYPTO_IV_SIZE + in_len) != 1)
    {
      set_openssl_error (error, "AES-256-GCM");
      g_free (out);
      return NULL;
    }

  return g_bytes_new_take (out, out_len);
}

GBytes *
fc_crypto_open (FcSecret  *key,
                GBytes    *aad,
                GBytes    *sealed,
                GError   **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = NULL;
  FcWipedBuffer *buffer;
  const guint8 *in;
  const guint8 *iv;
  const guint8 *ciphertext;
  const guint8 *tag;
  gsize in_len;
  gsize ct_len;
  int len = 0;
  int final_len = 0;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (sealed != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;

  in = g_bytes_get_data (sealed, &in_len);
  if (in_len < FC_CRYPTO_OVERHEAD)
    {
      g_set_error_literal (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT,
                           _("The encrypted data is truncated"));
      return NULL;
    }
  if (in[0] != FC_CRYPTO_FORMAT_V1)
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT,
                   _("The encrypted data has an unknown format (version %u)"), in[0]);
      return NULL;
    }
  if (in_len > G_MAXINT)
    {
      g_set_error_literal (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT,
                           _("The encrypted data is too large"));
      return NULL;
    }

  iv = in + 1;
  ciphertext = iv + FC_CRYPTO_IV_SIZE;
  ct_len = in_len - FC_CRYPTO_OVERHEAD;
  tag = ciphertext + ct_len;

  buffer = fc_wiped_buffer_new (ct_len);

  ctx = EVP_CIPHER_CTX_new ();
  if (ctx == NULL ||
      EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1 ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, FC_CRYPTO_IV_SIZE, NULL) != 1 ||
      EVP_DecryptInit_ex (ctx, NULL, NULL, key->data, iv) != 1 ||
      !add_aad_decrypt (ctx, aad) ||
      (ct_len > 0 &&
       EVP_DecryptUpdate (ctx, buffer->data, &len, ciphertext, (int) ct_len) != 1) ||
      EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, FC_CRYPTO_TAG_SIZE, (void *) tag) != 1)
    {
      fc_wiped_buffer_free (buffer);
      set_openssl_error (error, "AES-256-GCM");
      return NULL;
    }

  if (EVP_DecryptFinal_ex (ctx, buffer->data + len, &final_len) != 1)
    {
      fc_wiped_buffer_free (buffer);
      ERR_clear_error ();
      g_set_error_literal (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION,
                           _("The encrypted data was altered or belongs to another key"));
      return NULL;
    }

  g_assert ((gsize) (len + final_len) == ct_len);

  return g_bytes_new_with_free_func (buffer->data, ct_len, fc_wiped_buffer_free, buffer);
}

GBytes *
fc_crypto_wrap_key (FcSecret  *wrapping_key,
                    GBytes    *aad,
                    FcSecret  *key,
                    GError   **error)
{
  g_autoptr(GBytes) plain = NULL;

  g_return_val_if_fail (wrapping_key != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* A static view: the key bytes are not copied out of the secret. */
  plain = g_bytes_new_static (key->data, key->size);
  return fc_crypto_seal (wrapping_key, aad, plain, error);
}

FcSecret *
fc_crypto_unwrap_key (FcSecret  *wrapping_key,
                      GBytes    *aad,
                      GBytes    *wrapped,
                      GError   **error)
{
  g_autoptr(GBytes) plain = NULL;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (wrapping_key != NULL, NULL);
  g_return_val_if_fail (wrapped != NULL, NULL);

  plain = fc_crypto_open (wrapping_key, aad, wrapped, error);
  if (plain == NULL)
    return NULL;

  data = g_bytes_get_data (plain, &size);
  if (size != FC_CRYPTO_KEY_SIZE)
    {
      g_set_error_literal (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT,
                           _("The wrapped key has the wrong size"));
      return NULL;
    }

  return fc_secret_new (data, size);
}

char *
fc_crypto_hmac_hex (FcSecret   *key,
                    const void *data,
                    gsize       size)
{
  guint8 mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  GString *hex;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (key->size <= G_MAXINT, NULL);

  if (HMAC (EVP_sha256 (), key->data, (int) key->size, data, size, mac, &mac_len) == NULL)
    g_error ("HMAC-SHA-256 failed");

  hex = g_string_sized_new (mac_len * 2);
  for (unsigned int i = 0; i < mac_len; i++)
    g_string_append_printf (hex, "%02x", mac[i]);
  OPENSSL_cleanse (mac, sizeof mac);

  return g_string_free (hex, FALSE);
}

/* Device key file */

static FcSecret *
read_key_fd (int          fd,
             const char  *path,
             GError     **error)
{
  guint8 raw[FC_CRYPTO_KEY_SIZE];
  gsize done = 0;
  struct stat st;
  FcSecret *secret;

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("Cannot read the device key file “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("The device key “%s” is not a regular file. Remove it and restart "
                     "FieldCard (cached summaries will be lost)."), path);
      return NULL;
    }

  if (st.st_uid != getuid ())
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("The device key file “%s” belongs to another user. It must belong to the "
                     "user running FieldCard."), path);
      return NULL;
    }

  if ((st.st_mode & 0077) != 0)
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("The device key file “%s” has mode %04o and may have been read by others. "
                     "It must be 0600: run “chmod 600 %s”, or remove it to start afresh."),
                   path, (unsigned int) (st.st_mode & 07777), path);
      return NULL;
    }

  if (st.st_size != FC_CRYPTO_KEY_SIZE)
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("The device key file “%s” is damaged (%lld bytes instead "
                     "of %d). Remove it and restart FieldCard (cached summaries will be lost)."),
                   path, (long long) st.st_size, FC_CRYPTO_KEY_SIZE);
      return NULL;
    }

  while (done < sizeof raw)
    {
      ssize_t n = read (fd, raw + done, sizeof raw - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          OPENSSL_cleanse (raw, sizeof raw);
          g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                       _("Cannot read the device key file “%s”: %s"), path,
                       n < 0 ? g_strerror (saved_errno) : _("file ended early"));
          return NULL;
        }
      done += (gsize) n;
    }

  secret = fc_secret_new (raw, sizeof raw);
  OPENSSL_cleanse (raw, sizeof raw);
  return secret;
}

/* Creates @path with O_EXCL. Returns NULL with *@exists set when another process won the race. */
static FcSecret *
create_key_file (const char  *path,
                 gboolean    *exists,
                 GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(FcSecret) secret = NULL;
  gsize done = 0;
  int fd;

  *exists = FALSE;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("Cannot create the folder “%s” for the device key: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        {
          *exists = TRUE;
          return NULL;
        }
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("Cannot create the device key file “%s”: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }

  secret = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, error);
  if (secret == NULL)
    {
      close (fd);
      g_unlink (path);
      return NULL;
    }

  while (done < secret->size)
    {
      ssize_t n = write (fd, secret->data + done, secret->size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (path);
          g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                       _("Cannot write the device key file “%s”: %s"), path,
                       g_strerror (saved_errno));
          return NULL;
        }
      done += (gsize) n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (path);
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("Cannot write the device key file “%s”: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }

  g_debug ("Created the device key file %s", path);
  return g_steal_pointer (&secret);
}

FcSecret *
fc_crypto_load_device_key (const char  *path,
                           gboolean     create,
                           GError     **error)
{
  FcSecret *secret;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create)
    {
      gboolean exists = FALSE;

      secret = create_key_file (path, &exists, error);
      if (secret != NULL || !exists)
        return secret;
      fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    }

  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                     _("The device key “%s” is a symbolic link, which is not allowed. Replace "
                       "it with the key file itself."), path);
      else
        g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                     _("Cannot open the device key file “%s”: %s"), path,
                     g_strerror (saved_errno));
      return NULL;
    }

  secret = read_key_fd (fd, path, error);
  close (fd);
  return secret;
}
