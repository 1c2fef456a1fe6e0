/* fc-cache.h: the encrypted per-incident cache (cache.db).
 *
 * Every incident gets its own random AES-256 key, stored only wrapped under the device key. Each
 * entry is sealed with AES-256-GCM under the incident key, bound to its incident and kind. Entry
 * kinds are stored as keyed hashes, never in the clear. Destroying an incident deletes its wrapped
 * key and its rows (crypto-shred; PRAGMA secure_delete is on). Incidents older than the TTL are
 * purged at open, every hour, and never returned.
 *
 * All functions are thread-safe: the database work runs on FcStore's worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-crypto.h"
#include "fc-store.h"

G_BEGIN_DECLS

#define FC_CACHE_DEFAULT_TTL (12 * 60 * 60)
#define FC_CACHE_DB_NAME     "cache.db"
#define FC_CACHE_KEY_NAME    "device.key"

/* Returns the current wall-clock time in seconds since the Unix epoch (tests inject a clock). */
typedef gint64 (*FcCacheClock) (gpointer user_data);

#define FC_TYPE_CACHE (fc_cache_get_type ())

G_DECLARE_FINAL_TYPE (FcCache, fc_cache, FC, CACHE, GObject)

/* Properties: "path" (string, read-only), "ttl" (int64 seconds, default 12 h). */

/* Opens (creating and migrating) the cache at @path with @device_key, and purges expired
 * incidents. */
G_GNUC_WARN_UNUSED_RESULT
FcCache  *fc_cache_open              (const char          *path,
                                      FcSecret            *device_key,
                                      GError             **error);
/* Opens cache.db with device.key (created on first run) in fc_paths_get_user_dir (@training). */
G_GNUC_WARN_UNUSED_RESULT
FcCache  *fc_cache_open_default      (gboolean             training,
                                      GError             **error);
const char *fc_cache_get_path        (FcCache             *self);
gint64    fc_cache_get_ttl           (FcCache             *self);
void      fc_cache_set_ttl           (FcCache             *self,
                                      gint64               ttl_seconds);
/* @clock: (nullable) NULL restores the real clock. */
void      fc_cache_set_clock         (FcCache             *self,
                                      FcCacheClock         clock,
                                      gpointer             user_data);
/* Seals @data under the incident's key (created on first use) and stores it, replacing any
 * previous entry of the same @kind. */
gboolean  fc_cache_put               (FcCache             *self,
                                      const char          *incident_id,
                                      const char          *kind,
                                      GBytes              *data,
                                      GError             **error);
/* Returns the decrypted entry (wiped when freed), or NULL without an error when there is none,
 * the incident expired or was destroyed. Fails when the entry cannot be decrypted (altered, or
 * another device key). @out_created: (out) (optional): when it was stored (Unix seconds). */
G_GNUC_WARN_UNUSED_RESULT
GBytes   *fc_cache_get               (FcCache             *self,
                                      const char          *incident_id,
                                      const char          *kind,
                                      gint64              *out_created,
                                      GError             **error);
/* Crypto-shred: deletes the incident's wrapped key, then its rows, and checkpoints the WAL. */
gboolean  fc_cache_destroy           (FcCache             *self,
                                      const char          *incident_id,
                                      GError             **error);
void      fc_cache_destroy_async     (FcCache             *self,
                                      const char          *incident_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  fc_cache_destroy_finish    (FcCache             *self,
                                      GAsyncResult        *result,
                                      GError             **error);
/* Deletes every incident past its expiry or older than the TTL; returns how many, or -1. */
gint64    fc_cache_purge_expired     (FcCache             *self,
                                      GError             **error);
/* (Re)starts the periodic purge on the caller's thread-default main context: fc_cache_purge_expired()
 * every @interval_s seconds (fc_cache_open() already purged once and started an hourly one on
 * the context it was opened on). 0 stops it. */
void      fc_cache_start_purge_timer (FcCache             *self,
                                      guint                interval_s);
/* Number of incidents (with a key) in the cache; for tests and diagnostics. */
gint64    fc_cache_count_incidents   (FcCache             *self,
                                      GError             **error);
/* Waits for queued work and closes the database; later calls fail. */
void      fc_cache_close             (FcCache             *self);

G_END_DECLS
