/* fc-cache-keys.c: the keys of the encrypted cache — each incident's key, wrapped by the device
 * key and created on first use; the associated data that binds every sealed blob to its incident
 * and kind; the keyed hash that stands in for the kind; and reading rows of cache.db.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-cache"

#include "config.h"

#include "fc-cache.h"
#include "fc-cache-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

gint64
fc_cache_now (FcCache *self,
              gint64  *ttl)
{
  FcCacheClock clock;
  gpointer clock_data;

  g_mutex_lock (&self->mutex);
  clock = self->clock;
  clock_data = self->clock_data;
  if (ttl != NULL)
    *ttl = self->ttl;
  g_mutex_unlock (&self->mutex);

  if (clock != NULL)
    return clock (clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* "label\0part1\0part2…" as associated data. */
static GBytes *
fc_cache_aad (const char *label,
              const char *first,
              const char *second)
{
  GByteArray *aad = g_byte_array_new ();

  g_byte_array_append (aad, (const guint8 *) label, strlen (label) + 1);
  g_byte_array_append (aad, (const guint8 *) first, strlen (first) + 1);
  if (second != NULL)
    g_byte_array_append (aad, (const guint8 *) second, strlen (second) + 1);

  return g_byte_array_free_to_bytes (aad);
}

static char *
fc_cache_kind_hash (FcSecret   *incident_key,
                    const char *kind)
{
  g_autofree char *subkey_hex = NULL;
  g_autoptr(FcSecret) subkey = NULL;

  subkey_hex = fc_crypto_hmac_hex (incident_key, FC_CACHE_KIND_LABEL,
                                   strlen (FC_CACHE_KIND_LABEL));
  subkey = fc_secret_new ((const guint8 *) subkey_hex, strlen (subkey_hex));
  OPENSSL_cleanse (subkey_hex, strlen (subkey_hex));

  return fc_crypto_hmac_hex (subkey, kind, strlen (kind));
}

GVariant *
fc_cache_bytes_variant (GBytes *bytes)
{
  return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
}

GBytes *
fc_cache_row_get_bytes (GVariant *row,
               gsize     index)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (row, index);

  if (!g_variant_is_of_type (child, G_VARIANT_TYPE_BYTESTRING))
    return NULL;
  return g_variant_get_data_as_bytes (child);
}

gboolean
fc_cache_row_get_int64 (GVariant *row,
               gsize     index,
               gint64   *value)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (row, index);

  if (!g_variant_is_of_type (child, G_VARIANT_TYPE_INT64))
    return FALSE;
  *value = g_variant_get_int64 (child);
  return TRUE;
}

void
fc_cache_set_corrupt_error (GError     **error,
                   const char  *incident_id)
{
  g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_FORMAT,
               _("The cached data for incident %s is damaged"), incident_id);
}

FcSecret *
fc_cache_get_incident_key (FcCache     *self,
                           const char  *incident_id,
                           gboolean     create,
                           GError     **error)
{
  g_autoptr(GBytes) aad = fc_cache_aad (FC_CACHE_KEY_AAD, incident_id, NULL);
  gint64 ttl = 0;
  gint64 now = fc_cache_now (self, &ttl);

  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GBytes) wrapped = NULL;
      g_autoptr(FcSecret) key = NULL;
      gint64 created = 0;
      gint64 expires = 0;
      GVariant *row;

      rows = fc_store_query_sync (self->store,
                                  "SELECT wrapped_key, created, expires FROM incidents "
                                  "WHERE incident_id = ?1",
                                  g_variant_new ("(s)", incident_id), error);
      if (rows == NULL)
        return NULL;

      if (rows->len > 0)
        {
          row = g_ptr_array_index (rows, 0);
          wrapped = fc_cache_row_get_bytes (row, 0);
          if (wrapped == NULL || !fc_cache_row_get_int64 (row, 1, &created) ||
              !fc_cache_row_get_int64 (row, 2, &expires))
            {
              fc_cache_set_corrupt_error (error, incident_id);
              return NULL;
            }

          if (expires > now && created > now - ttl)
            return fc_crypto_unwrap_key (self->device_key, aad, wrapped, error);

          /* Expired: never returned; a new put starts afresh. */
          if (!create)
            return NULL;
          if (fc_store_execute_sync (self->store,
                                     "DELETE FROM incidents WHERE incident_id = ?1",
                                     g_variant_new ("(s)", incident_id), error) < 0)
            return NULL;
        }
      else if (!create)
        {
          return NULL;
        }

      key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, error);
      if (key == NULL)
        return NULL;
      wrapped = fc_crypto_wrap_key (self->device_key, aad, key, error);
      if (wrapped == NULL)
        return NULL;

      /* OR IGNORE: when another thread created the incident first, its key wins and is read
       * back on the next round. */
      if (fc_store_execute_sync (self->store,
                                 "INSERT OR IGNORE INTO incidents "
                                 "(incident_id, wrapped_key, created, expires) "
                                 "VALUES (?1, ?2, ?3, ?4)",
                                 g_variant_new ("(s@ayxx)", incident_id,
                                                fc_cache_bytes_variant (wrapped), now, now + ttl),
                                 error) < 0)
        return NULL;
    }

  g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
               _("Could not create a key for incident %s"), incident_id);
  return NULL;
}

GBytes *
fc_cache_entry_aad (FcSecret    *incident_key,
                    const char  *incident_id,
                    const char  *kind,
                    char       **kind_hash_out)
{
  g_autofree char *kind_hash = fc_cache_kind_hash (incident_key, kind);
  GBytes *aad = fc_cache_aad (FC_CACHE_ENTRY_AAD, incident_id, kind_hash);

  *kind_hash_out = g_steal_pointer (&kind_hash);
  return aad;
}
