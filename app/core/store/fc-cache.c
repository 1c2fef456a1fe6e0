/* fc-cache.c: the encrypted per-incident cache.
 *
 * Layout of cache.db (schema 1):
 *   incidents (incident_id PK, wrapped_key, created, expires): the incident key sealed under the
 *             device key, with the incident id as associated data;
 *   entries   (incident_id → incidents ON DELETE CASCADE, kind, blob, created): each blob sealed
 *             under the incident key, with incident id and kind as associated data. "kind" holds
 *             HMAC-SHA-256 of the caller's kind under a key derived from the incident key, so
 *             that nothing identifying (such as a card hash) is stored in the clear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-cache"

#include "config.h"

#include "fc-cache.h"
#include "fc-cache-private.h"


#include <glib/gi18n-lib.h>

#include "fc-paths.h"
#include "fc-store.h"

G_DEFINE_FINAL_TYPE (FcCache, fc_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TTL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const cache_migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE incidents ("
  "  incident_id TEXT PRIMARY KEY NOT NULL,"
  "  wrapped_key BLOB NOT NULL,"
  "  created     INTEGER NOT NULL,"
  "  expires     INTEGER NOT NULL);"
  "CREATE INDEX incidents_by_expiry ON incidents (expires);"
  "CREATE TABLE entries ("
  "  incident_id TEXT NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,"
  "  kind        TEXT NOT NULL,"
  "  blob        BLOB NOT NULL,"
  "  created     INTEGER NOT NULL,"
  "  PRIMARY KEY (incident_id, kind));",
  NULL
};

/* Helpers */

static gboolean
fc_cache_check_open (FcCache  *self,
                     GError  **error)
{
  if (self->store == NULL)
    {
      g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED,
                           _("The cache is closed"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
fc_cache_purge_cb (gpointer user_data)
{
  FcCache *self = user_data;
  g_autoptr(GError) error = NULL;

  if (fc_cache_purge_expired (self, &error) < 0)
    g_warning ("Could not purge expired cache entries: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
fc_cache_destroy_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GError *error = NULL;

  if (fc_cache_destroy (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GObject */

static void
fc_cache_dispose (GObject *object)
{
  FcCache *self = FC_CACHE (object);

  fc_cache_close (self);

  G_OBJECT_CLASS (fc_cache_parent_class)->dispose (object);
}

static void
fc_cache_finalize (GObject *object)
{
  FcCache *self = FC_CACHE (object);

  g_clear_pointer (&self->device_key, fc_secret_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fc_cache_parent_class)->finalize (object);
}

static void
fc_cache_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FcCache *self = FC_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TTL:
      g_value_set_int64 (value, fc_cache_get_ttl (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_cache_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FcCache *self = FC_CACHE (object);

  switch (prop_id)
    {
    case PROP_TTL:
      fc_cache_set_ttl (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_cache_class_init (FcCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_cache_dispose;
  object_class->finalize = fc_cache_finalize;
  object_class->get_property = fc_cache_get_property;
  object_class->set_property = fc_cache_set_property;

  /**
   * FcCache:path:
   *
   * The cache.db file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * FcCache:ttl:
   *
   * How long an incident's data is kept, in seconds (default 12 h).
   */
  properties[PROP_TTL] =
    g_param_spec_int64 ("ttl", NULL, NULL, 1, G_MAXINT32, FC_CACHE_DEFAULT_TTL,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_cache_init (FcCache *self)
{
  g_mutex_init (&self->mutex);
  self->ttl = FC_CACHE_DEFAULT_TTL;
}

/* Public API */

/**
 * fc_cache_open:
 * @path: the cache.db file
 * @device_key: the key that wraps every incident key
 * @error: return location for a #GError
 *
 * Opens the cache, turns secure_delete on, purges expired incidents and schedules an hourly purge
 * on the thread-default main context.
 *
 * Returns: (transfer full): the cache, or %NULL with @error set
 */
FcCache *
fc_cache_open (const char  *path,
               FcSecret    *device_key,
               GError     **error)
{
  g_autoptr(FcCache) self = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (device_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fc_secret_get_size (device_key) != FC_CRYPTO_KEY_SIZE)
    {
      g_set_error (error, FC_CRYPTO_ERROR, FC_CRYPTO_ERROR_KEY_FILE,
                   _("The device key has the wrong size"));
      return NULL;
    }

  self = g_object_new (FC_TYPE_CACHE, NULL);
  self->path = g_strdup (path);
  self->device_key = fc_secret_ref (device_key);
  self->store = fc_store_open (path, cache_migrations, error);
  if (self->store == NULL)
    return NULL;

  /* A connection setting, so it is set on every open: freed pages are overwritten with zeros. */
  rows = fc_store_query_sync (self->store, "PRAGMA secure_delete = ON", NULL, error);
  if (rows == NULL)
    return NULL;

  if (fc_cache_purge_expired (self, error) < 0)
    return NULL;

  fc_cache_start_purge_timer (self, FC_CACHE_PURGE_INTERVAL_S);

  return g_steal_pointer (&self);
}

/**
 * fc_cache_start_purge_timer:
 * @self: a #FcCache
 * @interval_s: seconds between two purges; 0 stops the timer
 *
 * Replaces the periodic purge with one every @interval_s seconds, dispatched on the caller's
 * thread-default main context. The source goes when the cache is disposed.
 */
void
fc_cache_start_purge_timer (FcCache *self,
                            guint    interval_s)
{
  g_autoptr(GMainContext) context = NULL;

  g_return_if_fail (FC_IS_CACHE (self));

  if (self->purge_source != NULL)
    {
      g_source_destroy (self->purge_source);
      g_clear_pointer (&self->purge_source, g_source_unref);
    }

  if (interval_s == 0)
    return;

  context = g_main_context_ref_thread_default ();
  self->purge_source = g_timeout_source_new_seconds (interval_s);
  g_source_set_static_name (self->purge_source, "[fc-cache] purge");
  g_source_set_callback (self->purge_source, fc_cache_purge_cb, self, NULL);
  g_source_attach (self->purge_source, context);
}

FcCache *
fc_cache_open_default (gboolean   training,
                       GError   **error)
{
  g_autofree char *folder = fc_paths_get_user_dir (training);
  g_autofree char *key_path = g_build_filename (folder, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db_path = g_build_filename (folder, FC_CACHE_DB_NAME, NULL);
  g_autoptr(FcSecret) key = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = fc_crypto_load_device_key (key_path, TRUE, error);
  if (key == NULL)
    return NULL;

  return fc_cache_open (db_path, key, error);
}

const char *
fc_cache_get_path (FcCache *self)
{
  g_return_val_if_fail (FC_IS_CACHE (self), NULL);

  return self->path;
}

gint64
fc_cache_get_ttl (FcCache *self)
{
  gint64 ttl;

  g_return_val_if_fail (FC_IS_CACHE (self), 0);

  g_mutex_lock (&self->mutex);
  ttl = self->ttl;
  g_mutex_unlock (&self->mutex);

  return ttl;
}

void
fc_cache_set_ttl (FcCache *self,
                  gint64   ttl_seconds)
{
  gboolean changed;

  g_return_if_fail (FC_IS_CACHE (self));
  g_return_if_fail (ttl_seconds > 0);

  g_mutex_lock (&self->mutex);
  changed = self->ttl != ttl_seconds;
  self->ttl = ttl_seconds;
  g_mutex_unlock (&self->mutex);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TTL]);
}

void
fc_cache_set_clock (FcCache      *self,
                    FcCacheClock  clock,
                    gpointer      user_data)
{
  g_return_if_fail (FC_IS_CACHE (self));

  g_mutex_lock (&self->mutex);
  self->clock = clock;
  self->clock_data = user_data;
  g_mutex_unlock (&self->mutex);
}

gboolean
fc_cache_put (FcCache     *self,
              const char  *incident_id,
              const char  *kind,
              GBytes      *data,
              GError     **error)
{
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(GBytes) aad = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *kind_hash = NULL;

  g_return_val_if_fail (FC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (incident_id != NULL && *incident_id != '\0', FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_cache_check_open (self, error))
    return FALSE;

  key = fc_cache_get_incident_key (self, incident_id, TRUE, error);
  if (key == NULL)
    return FALSE;

  aad = fc_cache_entry_aad (key, incident_id, kind, &kind_hash);
  sealed = fc_crypto_seal (key, aad, data, error);
  if (sealed == NULL)
    return FALSE;

  return fc_store_execute_sync (self->store,
                                "INSERT OR REPLACE INTO entries (incident_id, kind, blob, created) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                g_variant_new ("(ss@ayx)", incident_id, kind_hash,
                                               fc_cache_bytes_variant (sealed),
                                               fc_cache_now (self, NULL)),
                                error) >= 0;
}

GBytes *
fc_cache_get (FcCache     *self,
              const char  *incident_id,
              const char  *kind,
              gint64      *out_created,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GBytes) aad = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *kind_hash = NULL;
  GVariant *row;
  gint64 created = 0;
  GBytes *plain;

  g_return_val_if_fail (FC_IS_CACHE (self), NULL);
  g_return_val_if_fail (incident_id != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fc_cache_check_open (self, error))
    return NULL;

  key = fc_cache_get_incident_key (self, incident_id, FALSE, &local_error);
  if (key == NULL)
    {
      if (local_error != NULL)
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("Cannot read the cached copy: "));
      return NULL;
    }

  aad = fc_cache_entry_aad (key, incident_id, kind, &kind_hash);
  rows = fc_store_query_sync (self->store,
                              "SELECT blob, created FROM entries "
                              "WHERE incident_id = ?1 AND kind = ?2",
                              g_variant_new ("(ss)", incident_id, kind_hash), error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    return NULL;

  row = g_ptr_array_index (rows, 0);
  sealed = fc_cache_row_get_bytes (row, 0);
  if (sealed == NULL || !fc_cache_row_get_int64 (row, 1, &created))
    {
      fc_cache_set_corrupt_error (error, incident_id);
      return NULL;
    }

  plain = fc_crypto_open (key, aad, sealed, &local_error);
  if (plain == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Cannot read the cached copy: "));
      return NULL;
    }

  if (out_created != NULL)
    *out_created = created;
  return plain;
}

gboolean
fc_cache_destroy (FcCache     *self,
                  const char  *incident_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (FC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (incident_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_cache_check_open (self, error))
    return FALSE;

  /* The key first: once it is gone, nothing left behind can be decrypted. */
  if (fc_store_execute_sync (self->store, "DELETE FROM incidents WHERE incident_id = ?1",
                             g_variant_new ("(s)", incident_id), error) < 0 ||
      fc_store_execute_sync (self->store, "DELETE FROM entries WHERE incident_id = ?1",
                             g_variant_new ("(s)", incident_id), error) < 0)
    return FALSE;

  /* Move the (zeroed) pages out of the write-ahead log and truncate it. */
  rows = fc_store_query_sync (self->store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL);

  return TRUE;
}

void
fc_cache_destroy_async (FcCache             *self,
                        const char          *incident_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FC_IS_CACHE (self));
  g_return_if_fail (incident_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_cache_destroy_async);
  g_task_set_task_data (task, g_strdup (incident_id), g_free);
  g_task_run_in_thread (task, fc_cache_destroy_thread);
}

gboolean
fc_cache_destroy_finish (FcCache       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_cache_destroy_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
fc_cache_purge_expired (FcCache  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) checkpoint = NULL;
  gint64 ttl = 0;
  gint64 now;
  gint64 count = 0;

  g_return_val_if_fail (FC_IS_CACHE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!fc_cache_check_open (self, error))
    return -1;

  now = fc_cache_now (self, &ttl);
  rows = fc_store_query_sync (self->store,
                              "SELECT count(*) FROM incidents WHERE expires <= ?1 OR created <= ?2",
                              g_variant_new ("(xx)", now, now - ttl), error);
  if (rows == NULL)
    return -1;
  if (rows->len > 0)
    fc_cache_row_get_int64 (g_ptr_array_index (rows, 0), 0, &count);

  if (fc_store_execute_sync (self->store,
                             "DELETE FROM incidents WHERE expires <= ?1 OR created <= ?2",
                             g_variant_new ("(xx)", now, now - ttl), error) < 0 ||
      fc_store_execute_sync (self->store,
                             "DELETE FROM entries WHERE incident_id NOT IN "
                             "(SELECT incident_id FROM incidents)",
                             NULL, error) < 0)
    return -1;

  if (count > 0)
    {
      g_debug ("Purged %" G_GINT64_FORMAT " expired incident(s)", count);
      checkpoint = fc_store_query_sync (self->store, "PRAGMA wal_checkpoint(TRUNCATE)",
                                        NULL, NULL);
    }

  return count;
}

gint64
fc_cache_count_incidents (FcCache  *self,
                          GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gint64 count = 0;

  g_return_val_if_fail (FC_IS_CACHE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!fc_cache_check_open (self, error))
    return -1;

  rows = fc_store_query_sync (self->store, "SELECT count(*) FROM incidents", NULL, error);
  if (rows == NULL)
    return -1;
  if (rows->len > 0)
    fc_cache_row_get_int64 (g_ptr_array_index (rows, 0), 0, &count);

  return count;
}

void
fc_cache_close (FcCache *self)
{
  g_return_if_fail (FC_IS_CACHE (self));

  if (self->purge_source != NULL)
    {
      g_source_destroy (self->purge_source);
      g_clear_pointer (&self->purge_source, g_source_unref);
    }

  if (self->store != NULL)
    {
      fc_store_close (self->store);
      g_clear_object (&self->store);
    }
}
