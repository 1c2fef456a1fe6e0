/* fc-http-private.h: what the parts of FcHttpSource share (not public API).
 *
 *   fc-http-source.c  the GObject, its settings and the FcSummarySource interface
 *   fc-http-worker.c  the worker thread: jobs, libcurl transfers, the offline copy
 *   fc-http-errors.c  TLS options and checks, and libcurl/HTTP outcomes → FcSummaryError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <curl/curl.h>

#include "fc-http-source.h"

G_BEGIN_DECLS

#define FC_HTTP_POLL_MAX_MS 1000

typedef enum {
  FC_HTTP_JOB_FETCH,
  FC_HTTP_JOB_PREPARE,
  FC_HTTP_JOB_QUIT,
} FcHttpJobKind;

typedef struct {
  char  *base_url;         /* (owned) (nullable) */
  char  *system;           /* (owned) (nullable) */
  char  *ca_file;          /* (owned) (nullable) */
  char  *cert_file;        /* (owned) (nullable) */
  char  *key_file;         /* (owned) (nullable) */
  guint  connect_timeout;
  guint  total_timeout;
  gboolean fresh_connect;  /* open a new connection (the TLS session is still resumed) */
} FcHttpConfig;

typedef struct {
  FcHttpJobKind  kind;
  GTask         *task;          /* (owned) (nullable): NULL for QUIT */
  GCancellable  *cancellable;   /* (owned) (nullable) */
  FcHttpConfig   config;
  char          *sha256_hex;    /* (owned) (nullable) */
  const char    *consent_basis; /* (unowned) static string */
  char          *incident_id;   /* (owned) (nullable) */
  FcCache       *cache;         /* (owned) (nullable) */
  gint64         queued_at;     /* monotonic µs */

  /* Results, written by the worker: */
  guint          n_requests;
  gboolean       have_stats;
  guint          new_connections;
  double         duration;
  FcSummary     *summary;       /* (owned) (nullable) */
  GError        *error;         /* (owned) (nullable) */
} FcHttpJob;

/* Owned by the worker thread once started; only the queue is touched by others. */
typedef struct {
  GAsyncQueue *queue;  /* (owned): FcHttpJob */
  GThread     *thread; /* (owned) */
  CURLM       *multi;  /* (owned) (worker thread only) */
  CURL        *easy;   /* (owned) (worker thread only) */
  /* The last warm-up's failure and when it ended (worker thread only): a fetch queued while that
   * warm-up was running shares its outcome instead of waiting for a second time-out. */
  GError      *prepare_error;    /* (owned) (nullable) */
  gint64       prepare_ended_at; /* monotonic µs */
} FcHttpWorker;

/* One HTTP exchange. */
typedef struct {
  GByteArray *body;         /* (owned) */
  gboolean    too_large;
  gint64      retry_after;  /* seconds, or -1 when absent */
  long        status;
  CURLcode    code;
  gboolean    cancelled;
  char        errbuf[CURL_ERROR_SIZE];
} FcHttpExchange;

struct _FcHttpSource
{
  GObject       parent_instance;

  char         *base_url;          /* (owned) (nullable) */
  char         *identifier_system; /* (owned) (nullable) */
  char         *ca_file;           /* (owned) (nullable) */
  char         *client_cert_file;  /* (owned) (nullable) */
  char         *client_key_file;   /* (owned) (nullable) */
  guint         connect_timeout;
  guint         total_timeout;
  FcCache      *cache;             /* (owned) (nullable) */

  guint         request_count;
  guint         last_new_connections;
  double        last_duration;
  gboolean      fresh_connect;     /* the next request opens a new connection */

  FcHttpWorker *worker;            /* (owned) */
};

/* fc-http-source.c: adds the statistics of a finished @job (notifying). */
void          fc_http_source_add_stats     (FcHttpSource         *self,
                                            const FcHttpJob      *job);

/* fc-http-fetch.c */
void          fc_http_source_iface_init    (FcSummarySourceInterface *iface);
/* Completes @job on the caller's main context (statistics, then the task's result) and frees
 * it. */
void          fc_http_source_complete_job  (FcHttpJob            *job);

/* fc-http-worker.c */
FcHttpWorker *fc_http_worker_new           (void);
/* Stops the thread (after the jobs queued before) and frees @worker. */
void          fc_http_worker_free          (FcHttpWorker         *worker);
void          fc_http_worker_push          (FcHttpWorker         *worker,
                                            FcHttpJob            *job);
void          fc_http_job_free             (FcHttpJob            *job);

/* fc-http-errors.c */
void          fc_http_setup_tls            (CURL                 *easy,
                                            const FcHttpConfig   *config);
/* FALSE with @error set when the unit's private key at @path can be read by others. */
gboolean      fc_http_check_key_mode       (const char           *path,
                                            GError              **error);
gboolean      fc_http_header_value_is_safe (const char           *value);
void          fc_http_set_rejected_error   (GError              **error);
/* A failed transfer (not an HTTP status) as an FcSummaryError. */
void          fc_http_set_transfer_error   (GError              **error,
                                            const FcHttpExchange *exchange);
/* A non-200 HTTP status as an FcSummaryError. */
void          fc_http_set_status_error     (GError              **error,
                                            const FcHttpExchange *exchange);
/* nginx answers a missing or refused client certificate with 400 (or 495/496 when asked). */
gboolean      fc_http_client_cert_refused  (const FcHttpExchange *exchange);
/* Whether @error is one after which the incident's offline copy is served. */
gboolean      fc_http_error_allows_offline (const GError         *error);

G_END_DECLS
