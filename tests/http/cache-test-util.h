/* cache-test-util.h: the fixture and raw-file helpers shared by test-crypto and test-cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-cache.h"
#include "fc-crypto.h"

G_BEGIN_DECLS

#define MARKER "PATIENT-WARFARIN-MARKER"

/* A temporary folder with an open cache (cache.db) under a random device key, on an injected
 * clock that starts at @now. */
typedef struct {
  char     *dir;
  char     *db_path;
  FcSecret *device_key;
  FcCache  *cache;
  gint64    now;
} Fixture;

/* The injected clock (an FcCacheClock): returns the fixture's @now. */
gint64     fixture_clock             (gpointer       user_data);
void       fixture_set_up            (Fixture       *fixture,
                                      gconstpointer  data);
void       fixture_tear_down         (Fixture       *fixture,
                                      gconstpointer  data);

GBytes    *bytes_from_string         (const char    *text);
void       assert_bytes_equal_string (GBytes        *bytes,
                                      const char    *text);
gboolean   contains                  (const guint8  *haystack,
                                      gsize          haystack_len,
                                      const guint8  *needle,
                                      gsize          needle_len);
/* Whether @needle occurs anywhere in the database files (main file and write-ahead log). */
gboolean   files_contain             (const char    *db_path,
                                      const guint8  *needle,
                                      gsize          needle_len);

/* Direct access to the file on a second connection (simulates someone with the file). */
void       raw_exec                  (const char    *db_path,
                                      const char    *sql);
gint64     raw_count                 (const char    *db_path,
                                      const char    *sql);
GBytes    *raw_blob                  (const char    *db_path,
                                      const char    *incident_id);
/* Flips one bit at @offset of the incident's blob in the file. */
void       raw_flip_bit              (const char    *db_path,
                                      const char    *incident_id,
                                      gsize          offset);

G_END_DECLS
