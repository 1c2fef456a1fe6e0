/* fc-cache-private.h: what fc-cache.c and fc-cache-keys.c share (not public API).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-cache.h"
#include "fc-crypto.h"
#include "fc-store.h"

G_BEGIN_DECLS

#define FC_CACHE_PURGE_INTERVAL_S 3600
#define FC_CACHE_KEY_AAD          "fieldcard-cache-key-v1"
#define FC_CACHE_ENTRY_AAD        "fieldcard-cache-entry-v1"
#define FC_CACHE_KIND_LABEL       "fieldcard-cache-kind-v1"

struct _FcCache
{
  GObject       parent_instance;

  FcStore      *store;        /* (owned) (nullable): NULL once closed */
  FcSecret     *device_key;   /* (owned) */
  char         *path;         /* (owned) */
  GSource      *purge_source; /* (owned) (nullable): hourly purge */

  GMutex        mutex;        /* guards ttl, clock, clock_data */
  gint64        ttl;          /* (mutex mutex) seconds */
  FcCacheClock  clock;        /* (mutex mutex) (nullable) */
  gpointer      clock_data;   /* (mutex mutex) */
};

/* Now (the test clock when one is set), and the TTL when @ttl is not NULL. */
gint64    fc_cache_now               (FcCache     *self,
                                      gint64      *ttl);
/* Looks the incident's key up and unwraps it. Returns NULL without an error when there is no
 * live incident (none, or expired). With @create, a missing or expired incident gets a new key. */
FcSecret *fc_cache_get_incident_key  (FcCache     *self,
                                      const char  *incident_id,
                                      gboolean     create,
                                      GError     **error);
/* The associated data of the entry @kind of @incident_id, and the keyed hash stored for @kind. */
GBytes   *fc_cache_entry_aad         (FcSecret    *incident_key,
                                      const char  *incident_id,
                                      const char  *kind,
                                      char       **kind_hash_out);
GVariant *fc_cache_bytes_variant     (GBytes      *bytes);
/* Reads column @index of @row as bytes / int64; NULL / FALSE when it has another type (NULL …). */
GBytes   *fc_cache_row_get_bytes     (GVariant    *row,
                                      gsize        index);
gboolean  fc_cache_row_get_int64     (GVariant    *row,
                                      gsize        index,
                                      gint64      *value);
void      fc_cache_set_corrupt_error (GError     **error,
                                      const char  *incident_id);

G_END_DECLS
