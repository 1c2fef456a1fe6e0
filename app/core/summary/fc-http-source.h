/* fc-http-source.h: the summary service over HTTPS with mutual TLS (libcurl + OpenSSL).
 *
 * GET {base-url}/Patient/$summary?identifier={identifier-system}|{sha256 of the card's
 * authentication certificate}, with Accept: application/fhir+json, X-Consent-Basis,
 * X-Incident-Id and X-Purpose: emergency. One libcurl handle on one worker thread keeps the
 * connection (and the TLS session) open between requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-summary-source.h"
#include "fc-cache.h"

G_BEGIN_DECLS

#define FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT 5
#define FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT   15
/* A Retry-After longer than this is not waited for: the crew gets "unavailable" at once. */
#define FC_HTTP_SOURCE_MAX_RETRY_AFTER         5
/* Larger answers are refused as malformed. */
#define FC_HTTP_SOURCE_MAX_BODY                (16 * 1024 * 1024)
/* The cache entry kind of a card's bundle is this prefix + the certificate's SHA-256 hex. */
#define FC_HTTP_SOURCE_CACHE_KIND_PREFIX       "fhir-bundle/"

#define FC_TYPE_HTTP_SOURCE (fc_http_source_get_type ())

G_DECLARE_FINAL_TYPE (FcHttpSource, fc_http_source, FC, HTTP_SOURCE, GObject)

/* Properties: "base-url" (e.g. "https://summary.example.jp/fhir"), "identifier-system",
 * "ca-file" (PEM; the only CA trusted for the server), "client-cert-file", "client-key-file"
 * (PEM), "connect-timeout" and "total-timeout" (seconds), "cache" (FcCache, nullable),
 * read-only "request-count" (HTTP requests sent, warm-ups included), "last-new-connections"
 * (connections the last request had to open: 0 when it reused one) and "last-duration"
 * (seconds the last request took).
 *
 * Outcomes (FC_SUMMARY_ERROR): 200 → the summary (provenance NETWORK); 404 → NOT_FOUND; 403 →
 * CONSENT; consent refused or not recorded → CONSENT without any request; no base URL, or one
 * that is not https:// → UNAVAILABLE and no CA file → TLS, both without any request; 5xx/429 →
 * UNAVAILABLE (a Retry-After of at most FC_HTTP_SOURCE_MAX_RETRY_AFTER s is waited for once); no
 * connection → UNAVAILABLE; too slow → TIMEOUT; server certificate not from the pinned CA or our certificate
 * refused → TLS; unreadable answer → MALFORMED; cancelled → G_IO_ERROR_CANCELLED; no identity or
 * an incident id that cannot go in a header → G_IO_ERROR_INVALID_ARGUMENT.
 *
 * With a cache and an incident id, each fetched bundle is stored encrypted for that incident;
 * when a later fetch in the same incident fails with UNAVAILABLE or TIMEOUT, the cached copy is
 * returned instead (provenance CACHE, "retrieved" = when it was fetched). */
G_GNUC_WARN_UNUSED_RESULT
FcHttpSource *fc_http_source_new                  (const char          *base_url);
const char   *fc_http_source_get_base_url         (FcHttpSource        *self);
void          fc_http_source_set_base_url         (FcHttpSource        *self,
                                                   const char          *base_url);
const char   *fc_http_source_get_identifier_system (FcHttpSource       *self);
void          fc_http_source_set_identifier_system (FcHttpSource       *self,
                                                    const char         *system);
const char   *fc_http_source_get_ca_file          (FcHttpSource        *self);
void          fc_http_source_set_ca_file          (FcHttpSource        *self,
                                                   const char          *path);
const char   *fc_http_source_get_client_cert_file (FcHttpSource        *self);
void          fc_http_source_set_client_cert_file (FcHttpSource        *self,
                                                   const char          *path);
const char   *fc_http_source_get_client_key_file  (FcHttpSource        *self);
void          fc_http_source_set_client_key_file  (FcHttpSource        *self,
                                                   const char          *path);
guint         fc_http_source_get_connect_timeout  (FcHttpSource        *self);
void          fc_http_source_set_connect_timeout  (FcHttpSource        *self,
                                                   guint                seconds);
guint         fc_http_source_get_total_timeout    (FcHttpSource        *self);
void          fc_http_source_set_total_timeout    (FcHttpSource        *self,
                                                   guint                seconds);
FcCache      *fc_http_source_get_cache            (FcHttpSource        *self);
void          fc_http_source_set_cache            (FcHttpSource        *self,
                                                   FcCache             *cache);
guint         fc_http_source_get_request_count    (FcHttpSource        *self);
guint         fc_http_source_get_last_new_connections (FcHttpSource    *self);
double        fc_http_source_get_last_duration    (FcHttpSource        *self);
/* The next request opens a new connection (the TLS session is still resumed). */
void          fc_http_source_drop_connection      (FcHttpSource        *self);

/* Warm-up: resolves the name and opens the TLS connection ahead (a HEAD of {base-url}/metadata,
 * no patient data), so that the fetch after the card read reuses it. Fails like a fetch would
 * (UNAVAILABLE, TIMEOUT, TLS); any HTTP answer counts as success. */
void          fc_http_source_prepare_async        (FcHttpSource        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      fc_http_source_prepare_finish       (FcHttpSource        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
