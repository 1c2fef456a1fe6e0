/* test-crypto.c: AES-256-GCM sealing, key wrapping, secrets and the device key file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cache-test-util.h"
#include "fc-crypto.h"

/* Crypto */

static void
test_crypto_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(GBytes) aad = bytes_from_string ("incident-1");
  const char *texts[] = { "", "x", MARKER, "日本語の薬剤名 ワーファリン錠1mg" };

  g_assert_no_error (error);
  g_assert_cmpuint (fc_secret_get_size (key), ==, FC_CRYPTO_KEY_SIZE);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) plain = bytes_from_string (texts[i]);
      g_autoptr(GBytes) sealed = fc_crypto_seal (key, aad, plain, &error);
      g_autoptr(GBytes) sealed2 = NULL;
      g_autoptr(GBytes) opened = NULL;
      const guint8 *data;
      gsize size;

      g_assert_no_error (error);
      data = g_bytes_get_data (sealed, &size);
      g_assert_cmpuint (size, ==, strlen (texts[i]) + FC_CRYPTO_OVERHEAD);
      g_assert_cmpuint (data[0], ==, FC_CRYPTO_FORMAT_V1);
      /* (Short texts may occur in random bytes by chance.) */
      if (strlen (texts[i]) >= 8)
        g_assert_false (contains (data, size, (const guint8 *) texts[i], strlen (texts[i])));

      /* A fresh IV every time. */
      sealed2 = fc_crypto_seal (key, aad, plain, &error);
      g_assert_no_error (error);
      g_assert_false (g_bytes_equal (sealed, sealed2));

      opened = fc_crypto_open (key, aad, sealed, &error);
      g_assert_no_error (error);
      assert_bytes_equal_string (opened, texts[i]);
    }
}

static void
test_crypto_tamper_detected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcSecret) other_key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(GBytes) aad = bytes_from_string ("incident-1");
  g_autoptr(GBytes) other_aad = bytes_from_string ("incident-2");
  g_autoptr(GBytes) plain = bytes_from_string (MARKER);
  g_autoptr(GBytes) sealed = fc_crypto_seal (key, aad, plain, &error);
  g_autoptr(GBytes) opened = NULL;
  gsize size = g_bytes_get_size (sealed);

  g_assert_no_error (error);

  /* Flip one bit in the IV, the ciphertext and the tag in turn. */
  for (gsize offset = 1; offset < size; offset++)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), size);
      g_autoptr(GBytes) altered = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) result = NULL;

      copy[offset] ^= 0x01;
      altered = g_bytes_new (copy, size);
      result = fc_crypto_open (key, aad, altered, &local_error);
      g_assert_error (local_error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
      g_assert_null (result);
    }

  /* Unknown version. */
  {
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), size);
    g_autoptr(GBytes) altered = NULL;

    copy[0] = 0x02;
    altered = g_bytes_new (copy, size);
    opened = fc_crypto_open (key, aad, altered, &error);
    g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT);
    g_assert_null (opened);
    g_clear_error (&error);
  }

  /* Truncated. */
  {
    g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (sealed, 0, FC_CRYPTO_OVERHEAD - 1);

    opened = fc_crypto_open (key, aad, truncated, &error);
    g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT);
    g_clear_error (&error);
  }

  /* Other associated data, other key, no associated data. */
  opened = fc_crypto_open (key, other_aad, sealed, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_clear_error (&error);
  opened = fc_crypto_open (other_key, aad, sealed, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_clear_error (&error);
  opened = fc_crypto_open (key, NULL, sealed, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_clear_error (&error);

  /* Untouched, it still opens. */
  opened = fc_crypto_open (key, aad, sealed, &error);
  g_assert_no_error (error);
  assert_bytes_equal_string (opened, MARKER);
}

static void
test_crypto_wrap_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) device = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcSecret) other_device = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcSecret) key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(GBytes) aad = bytes_from_string ("incident-1");
  g_autoptr(GBytes) wrapped = fc_crypto_wrap_key (device, aad, key, &error);
  g_autoptr(FcSecret) unwrapped = NULL;
  g_autoptr(FcSecret) refused = NULL;
  const guint8 *a, *b;
  gsize a_len, b_len;

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (wrapped), ==, FC_CRYPTO_KEY_SIZE + FC_CRYPTO_OVERHEAD);

  unwrapped = fc_crypto_unwrap_key (device, aad, wrapped, &error);
  g_assert_no_error (error);
  a = fc_secret_get_data (key, &a_len);
  b = fc_secret_get_data (unwrapped, &b_len);
  g_assert_cmpmem (a, a_len, b, b_len);

  refused = fc_crypto_unwrap_key (other_device, aad, wrapped, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_AUTHENTICATION);
  g_assert_null (refused);
}

static void
test_crypto_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) a = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcSecret) b = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  g_autoptr(FcSecret) c = fc_secret_new ((const guint8 *) "0123456789", 10);
  g_autoptr(FcSecret) ref = fc_secret_ref (c);
  g_autofree char *mac1 = NULL;
  g_autofree char *mac2 = NULL;
  g_autofree char *mac3 = NULL;

  g_assert_no_error (error);
  g_assert_cmpmem (fc_secret_get_data (c, NULL), 10, "0123456789", 10);
  g_assert_true (ref == c);
  g_assert_true (memcmp (fc_secret_get_data (a, NULL), fc_secret_get_data (b, NULL),
                         FC_CRYPTO_KEY_SIZE) != 0);
  g_assert_true (g_type_is_a (FC_TYPE_SECRET, G_TYPE_BOXED));

  /* RFC 4231 test case 2. */
  {
    g_autoptr(FcSecret) jefe = fc_secret_new ((const guint8 *) "Jefe", 4);
    const char *text = "what do ya want for nothing?";

    mac1 = fc_crypto_hmac_hex (jefe, text, strlen (text));
    g_assert_cmpstr (mac1, ==,
                     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
  mac2 = fc_crypto_hmac_hex (a, "kind", 4);
  mac3 = fc_crypto_hmac_hex (b, "kind", 4);
  g_assert_cmpstr (mac2, !=, mac3);
}

/* Device key file */

static void
test_device_key_created_private (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sub", "device.key", NULL);
  g_autoptr(FcSecret) first = NULL;
  g_autoptr(FcSecret) second = NULL;
  g_autoptr(FcSecret) missing = NULL;
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf st;

  missing = fc_crypto_load_device_key (path, FALSE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_null (missing);
  g_clear_error (&error);

  first = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, FC_CRYPTO_KEY_SIZE);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  second = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (fc_secret_get_data (first, NULL), FC_CRYPTO_KEY_SIZE,
                   fc_secret_get_data (second, NULL), FC_CRYPTO_KEY_SIZE);
}

static void
test_device_key_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "device.key", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "link.key", NULL);
  g_autoptr(FcSecret) key = NULL;
  guint8 raw[FC_CRYPTO_KEY_SIZE] = { 1, 2, 3 };

  key = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&key, fc_secret_unref);

  /* Readable by others: refused with the mode and the fix in the message. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  key = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_null (key);
  g_assert_nonnull (strstr (error->message, "0644"));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  key = fc_crypto_load_device_key (path, FALSE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_clear_error (&error);

  /* Wrong size. */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) raw, sizeof raw - 1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  key = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  /* A symbolic link. */
  g_assert_true (g_file_set_contents (path, (const char *) raw, sizeof raw, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (symlink (path, link), ==, 0);
  key = fc_crypto_load_device_key (link, TRUE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);

  /* A folder. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  key = fc_crypto_load_device_key (path, TRUE, &error);
  g_assert_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE);
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/fc/crypto/seal-open-round-trip", test_crypto_round_trip);
  g_test_add_func ("/fc/crypto/tamper-detected", test_crypto_tamper_detected);
  g_test_add_func ("/fc/crypto/wrap-unwrap-key", test_crypto_wrap_key);
  g_test_add_func ("/fc/crypto/secret-and-hmac", test_crypto_secret);
  ADD ("/fc/crypto/device-key-created-private", test_device_key_created_private);
  ADD ("/fc/crypto/device-key-unsafe-refused", test_device_key_refused);

#undef ADD

  return g_test_run ();
}
