/* fc-http-source.c: the summary service over HTTPS with mutual TLS.
 *
 * One worker thread owns one libcurl multi handle with one easy handle: the multi handle keeps
 * the connection cache and the easy handle the TLS session cache, so consecutive requests reuse
 * the connection, or at least resume the TLS session. Requests are jobs on a queue, run in order.
 * The multi interface lets a cancelled GCancellable wake the worker at once (curl_multi_wakeup)
 * instead of waiting for the next progress tick.
 *
 * Jobs copy the settings when they are queued and complete on the caller's main context, where
 * the statistics properties are updated. The worker never holds the last reference to a task,
 * so the source is never disposed on its own thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include "fc-http-source.h"

#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-fhir-reader.h"

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
  GThread      *thread;            /* (owned) */
};

static void fc_http_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcHttpSource, fc_http_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      fc_http_source_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_IDENTIFIER_SYSTEM,
  PROP_CA_FILE,
  PROP_CLIENT_CERT_FILE,
  PROP_CLIENT_KEY_FILE,
  PROP_CONNECT_TIMEOUT,
  PROP_TOTAL_TIMEOUT,
  PROP_CACHE,
  PROP_REQUEST_COUNT,
  PROP_LAST_NEW_CONNECTIONS,
  PROP_LAST_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Like g_set_str() of GLib 2.76, which Debian 12 lacks. */
static gboolean
fc_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

/* Jobs */

static void
fc_http_config_clear (FcHttpConfig *config)
{
  g_clear_pointer (&config->base_url, g_free);
  g_clear_pointer (&config->system, g_free);
  g_clear_pointer (&config->ca_file, g_free);
  g_clear_pointer (&config->cert_file, g_free);
  g_clear_pointer (&config->key_file, g_free);
}

static void
fc_http_job_free (FcHttpJob *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->cancellable);
  fc_http_config_clear (&job->config);
  g_clear_pointer (&job->sha256_hex, g_free);
  g_clear_pointer (&job->incident_id, g_free);
  g_clear_object (&job->cache);
  g_clear_object (&job->summary);
  g_clear_error (&job->error);
  g_free (job);
}

static FcHttpJob *
fc_http_job_new (FcHttpSource  *self,
                 FcHttpJobKind  kind,
                 GTask         *task)
{
  FcHttpJob *job = g_new0 (FcHttpJob, 1);

  job->kind = kind;
  job->queued_at = g_get_monotonic_time ();
  if (task != NULL)
    {
      job->task = g_object_ref (task);
      job->cancellable = g_task_get_cancellable (task);
      if (job->cancellable != NULL)
        g_object_ref (job->cancellable);
    }

  if (self != NULL)
    {
      job->config.base_url = g_strdup (self->base_url);
      job->config.system = g_strdup (self->identifier_system);
      job->config.ca_file = g_strdup (self->ca_file);
      job->config.cert_file = g_strdup (self->client_cert_file);
      job->config.key_file = g_strdup (self->client_key_file);
      job->config.connect_timeout = self->connect_timeout;
      job->config.total_timeout = self->total_timeout;
      job->config.fresh_connect = self->fresh_connect;
      self->fresh_connect = FALSE;
      job->cache = self->cache != NULL ? g_object_ref (self->cache) : NULL;
    }

  return job;
}

/* Runs on the caller's main context: statistics, then the result. */
static gboolean
fc_http_job_complete_cb (gpointer user_data)
{
  FcHttpJob *job = user_data;
  FcHttpSource *self = g_task_get_source_object (job->task);

  g_object_freeze_notify (G_OBJECT (self));
  if (job->n_requests > 0)
    {
      self->request_count += job->n_requests;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COUNT]);
    }
  if (job->have_stats)
    {
      self->last_new_connections = job->new_connections;
      self->last_duration = job->duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_NEW_CONNECTIONS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DURATION]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->kind == FC_HTTP_JOB_FETCH)
    g_task_return_pointer (job->task, g_steal_pointer (&job->summary), g_object_unref);
  else
    g_task_return_boolean (job->task, TRUE);

  fc_http_job_free (job);
  return G_SOURCE_REMOVE;
}

/* Worker thread: hands @job back to the thread that queued it. */
static void
fc_http_job_complete (FcHttpJob *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[fc-http] complete");
  g_source_set_callback (source, fc_http_job_complete_cb, job, NULL);
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);
}

/* Error mapping */

static gboolean
errbuf_has (const char *errbuf,
            const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (errbuf, -1);

  return strstr (lower, needle) != NULL;
}

/* An alert from the server during or right after the handshake: it did not accept our
 * certificate (TLS 1.3 sends it after the client already finished). */
static gboolean
errbuf_is_client_cert_rejected (const char *errbuf)
{
  return errbuf_has (errbuf, "alert certificate required") ||
         errbuf_has (errbuf, "alert bad certificate") ||
         errbuf_has (errbuf, "alert unknown ca") ||
         errbuf_has (errbuf, "alert certificate unknown") ||
         errbuf_has (errbuf, "alert certificate revoked") ||
         errbuf_has (errbuf, "alert certificate expired") ||
         errbuf_has (errbuf, "alert access denied") ||
         errbuf_has (errbuf, "alert handshake failure");
}

static void
set_rejected_error (GError **error)
{
  g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                       _("The summary service rejected this unit’s certificate. "
                         "Check the unit certificate settings."));
}

/* Turns a failed transfer (not an HTTP status) into an FcSummaryError. */
static void
set_transfer_error (GError              **error,
                    const FcHttpExchange *exchange,
                    const FcHttpConfig   *config)
{
  const char *detail = exchange->errbuf[0] != '\0' ? exchange->errbuf
                                                   : curl_easy_strerror (exchange->code);

  g_debug ("Transfer failed: %s (%d)", detail, exchange->code);

  switch ((int) exchange->code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT,
                           _("The summary service did not answer in time. Retry, or go on "
                             "without the summary."));
      break;

    case CURLE_PEER_FAILED_VERIFICATION:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("The server is not trusted: its certificate was not issued by the "
                             "configured authority. Nothing was sent."));
      break;

    case CURLE_SSL_CACERT_BADFILE:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("The server authority file could not be read. Check the CA "
                             "certificate setting."));
      break;

    case CURLE_SSL_CERTPROBLEM:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("This unit’s certificate or key could not be loaded. Check the unit "
                             "certificate settings."));
      break;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      if (errbuf_is_client_cert_rejected (detail))
        set_rejected_error (error);
      else if (exchange->code == CURLE_SSL_CONNECT_ERROR)
        g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                             _("A secure connection to the summary service could not be "
                               "established."));
      else
        g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                             _("The connection to the summary service was lost. Retry."));
      break;

    case CURLE_WRITE_ERROR:
      if (exchange->too_large)
        {
          g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED,
                               _("The summary service’s answer is too large to be read."));
          break;
        }
      G_GNUC_FALLTHROUGH;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    default:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("The summary service cannot be reached. Check the network and "
                             "retry."));
      break;
    }
}

/* nginx answers a missing or refused client certificate with 400 (or 495/496 when asked). */
static gboolean
body_says_client_cert_refused (const FcHttpExchange *exchange)
{
  g_autofree char *text = NULL;

  if (exchange->status == 495 || exchange->status == 496)
    return TRUE;
  if (exchange->status != 400 || exchange->body->len == 0)
    return FALSE;

  text = g_strndup ((const char *) exchange->body->data, MIN (exchange->body->len, 4096));
  return errbuf_has (text, "ssl certificate");
}

/* Turns a non-200 HTTP status into an FcSummaryError. */
static void
set_status_error (GError               **error,
                  const FcHttpExchange  *exchange)
{
  long status = exchange->status;

  if (status == 404)
    g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND,
                         _("No record for this card."));
  else if (status == 403)
    g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                         _("The summary service refused: it did not accept the consent "
                           "recorded for this patient."));
  else if (status == 401 || body_says_client_cert_refused (exchange))
    set_rejected_error (error);
  else if (status >= 500 || status == 429)
    g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                 _("The summary service is unavailable (HTTP %ld). Try again later."), status);
  else
    g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                 _("The summary service gave an unexpected answer (HTTP %ld)."), status);
}

/* libcurl callbacks (worker thread) */

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  FcHttpExchange *exchange = user_data;
  size_t n = size * nmemb;

  if (exchange->body->len + n > FC_HTTP_SOURCE_MAX_BODY)
    {
      exchange->too_large = TRUE;
      return 0;
    }

  g_byte_array_append (exchange->body, (const guint8 *) data, (guint) n);
  return n;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  FcHttpExchange *exchange = user_data;
  size_t n = size * nmemb;
  static const char name[] = "retry-after:";
  g_autofree char *value = NULL;
  guint64 seconds = 0;

  /* A new status line starts a new response (after a 100 Continue, for instance). */
  if (n >= 5 && g_ascii_strncasecmp (data, "HTTP/", 5) == 0)
    exchange->retry_after = -1;

  if (n <= sizeof name - 1 || g_ascii_strncasecmp (data, name, sizeof name - 1) != 0)
    return n;

  value = g_strstrip (g_strndup (data + sizeof name - 1, n - (sizeof name - 1)));
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    {
      exchange->retry_after = (gint64) seconds;
    }
  else
    {
      /* An HTTP date. */
      time_t when = curl_getdate (value, NULL);

      if (when != -1)
        exchange->retry_after = MAX ((gint64) when - g_get_real_time () / G_USEC_PER_SEC, 0);
    }

  return n;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  curl_multi_wakeup (user_data);
}

/* Worker */

static void
fc_http_setup_tls (CURL               *easy,
                   const FcHttpConfig *config)
{
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  /* Pinned: only the configured authority, never the system store. */
  curl_easy_setopt (easy, CURLOPT_CAINFO, config->ca_file);
  curl_easy_setopt (easy, CURLOPT_CAPATH, NULL);
  curl_easy_setopt (easy, CURLOPT_SSLCERT, config->cert_file);
  curl_easy_setopt (easy, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt (easy, CURLOPT_SSLKEY, config->key_file);
  curl_easy_setopt (easy, CURLOPT_SSLKEYTYPE, "PEM");
  curl_easy_setopt (easy, CURLOPT_SSL_SESSIONID_CACHE, 1L);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT, (long) config->total_timeout);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "FieldCard/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (easy, CURLOPT_FRESH_CONNECT, config->fresh_connect ? 1L : 0L);
}

/* Runs one request on the worker's handle and waits for it; wakes up when @cancellable fires. */
static void
fc_http_perform (FcHttpWorker       *worker,
                 FcHttpJob          *job,
                 const char         *url,
                 struct curl_slist  *headers,
                 gboolean            head,
                 FcHttpExchange     *exchange)
{
  CURL *easy = worker->easy;
  CURLMsg *msg;
  int running = 1;
  int queued = 0;
  long connects = 0;
  curl_off_t total_us = 0;

  g_byte_array_set_size (exchange->body, 0);
  exchange->too_large = FALSE;
  exchange->retry_after = -1;
  exchange->status = 0;
  exchange->code = CURLE_OK;
  exchange->errbuf[0] = '\0';

  fc_http_setup_tls (easy, &job->config);
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt (easy, CURLOPT_NOBODY, head ? 1L : 0L);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, exchange);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, exchange);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, exchange->errbuf);

  job->n_requests++;
  curl_multi_add_handle (worker->multi, easy);

  while (running > 0)
    {
      if (curl_multi_perform (worker->multi, &running) != CURLM_OK)
        break;
      if (running == 0)
        break;
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          exchange->cancelled = TRUE;
          break;
        }
      curl_multi_poll (worker->multi, NULL, 0, FC_HTTP_POLL_MAX_MS, NULL);
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          exchange->cancelled = TRUE;
          break;
        }
    }

  exchange->code = CURLE_ABORTED_BY_CALLBACK;
  while ((msg = curl_multi_info_read (worker->multi, &queued)) != NULL)
    {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy)
        exchange->code = msg->data.result;
    }

  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &exchange->status);
  curl_easy_getinfo (easy, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo (easy, CURLINFO_TOTAL_TIME_T, &total_us);
  curl_multi_remove_handle (worker->multi, easy);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, NULL);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, NULL);

  job->have_stats = TRUE;
  job->new_connections = (guint) MAX (connects, 0);
  job->duration = (double) total_us / 1e6;

  g_debug ("%s %s → %d/%ld in %.1f ms (%ld new connection(s))",
           head ? "HEAD" : "GET", url, exchange->code, exchange->status,
           job->duration * 1000., connects);
}

/* Waits @seconds unless cancelled; returns FALSE when cancelled. */
static gboolean
fc_http_wait (FcHttpWorker *worker,
              FcHttpJob    *job,
              gint64        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  for (;;)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

      if (g_cancellable_is_cancelled (job->cancellable))
        return FALSE;
      if (left_ms <= 0)
        return TRUE;
      curl_multi_poll (worker->multi, NULL, 0, (int) MIN (left_ms, FC_HTTP_POLL_MAX_MS), NULL);
    }
}

static char *
fc_http_build_url (CURL               *easy,
                   const FcHttpConfig *config,
                   const char         *path,
                   const char         *sha256_hex)
{
  g_autofree char *base = g_strdup (config->base_url);
  g_autofree char *identifier = NULL;
  char *escaped;
  char *url;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  if (sha256_hex == NULL)
    return g_strconcat (base, path, NULL);

  if (config->system != NULL && *config->system != '\0')
    identifier = g_strconcat (config->system, "|", sha256_hex, NULL);
  else
    identifier = g_strdup (sha256_hex);

  escaped = curl_easy_escape (easy, identifier, 0);
  url = g_strconcat (base, path, "?identifier=", escaped, NULL);
  curl_free (escaped);

  return url;
}

static void
fc_http_set_retrieved (FcSummary *summary,
                       gint64     unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  fc_summary_set_retrieved (summary, when);
}

static char *
fc_http_cache_kind (const char *sha256_hex)
{
  return g_strconcat (FC_HTTP_SOURCE_CACHE_KIND_PREFIX, sha256_hex, NULL);
}

/* When the network failed: this incident's cached copy of this card's bundle, or NULL. */
static FcSummary *
fc_http_read_cached (FcHttpJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *kind = NULL;
  FcSummary *summary;
  gint64 created = 0;
  gconstpointer data;
  gsize size;

  if (job->cache == NULL || job->incident_id == NULL)
    return NULL;

  kind = fc_http_cache_kind (job->sha256_hex);
  bytes = fc_cache_get (job->cache, job->incident_id, kind, &created, &error);
  if (bytes == NULL)
    {
      if (error != NULL)
        g_warning ("Offline copy unavailable: %s", error->message);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  summary = fc_fhir_read_bundle (data, (gssize) size, NULL, &error);
  if (summary == NULL)
    {
      g_warning ("Offline copy unreadable: %s", error->message);
      return NULL;
    }

  fc_summary_set_provenance (summary, FC_PROVENANCE_CACHE);
  fc_http_set_retrieved (summary, created);
  return summary;
}

static void
fc_http_store_cached (FcHttpJob  *job,
                      GByteArray *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *kind = NULL;

  if (job->cache == NULL || job->incident_id == NULL)
    return;

  kind = fc_http_cache_kind (job->sha256_hex);
  bytes = g_bytes_new_static (body->data, body->len);
  if (!fc_cache_put (job->cache, job->incident_id, kind, bytes, &error))
    g_warning ("Could not keep an offline copy: %s", error->message);
}

static void
fc_http_run_fetch (FcHttpWorker *worker,
                   FcHttpJob    *job)
{
  g_autofree char *url = NULL;
  g_autofree char *incident_header = NULL;
  g_autofree char *consent_header = NULL;
  g_autoptr(GError) error = NULL;
  struct curl_slist *headers = NULL;
  FcHttpExchange exchange = { 0 };
  gboolean retried = FALSE;

  /* Queued while a warm-up to the server was failing: that attempt was this fetch's attempt. */
  if (worker->prepare_error != NULL && job->queued_at <= worker->prepare_ended_at)
    {
      g_debug ("The warm-up just failed (%s); not trying again", worker->prepare_error->message);
      error = g_error_copy (worker->prepare_error);
      if (g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE) ||
          g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT))
        job->summary = fc_http_read_cached (job);
      if (job->summary == NULL)
        job->error = g_steal_pointer (&error);
      return;
    }

  exchange.body = g_byte_array_new ();
  url = fc_http_build_url (worker->easy, &job->config, "/Patient/$summary", job->sha256_hex);

  consent_header = g_strconcat ("X-Consent-Basis: ", job->consent_basis, NULL);
  headers = curl_slist_append (headers, "Accept: application/fhir+json");
  headers = curl_slist_append (headers, consent_header);
  if (job->incident_id != NULL)
    {
      incident_header = g_strconcat ("X-Incident-Id: ", job->incident_id, NULL);
      headers = curl_slist_append (headers, incident_header);
    }
  headers = curl_slist_append (headers, "X-Purpose: emergency");

  for (;;)
    {
      fc_http_perform (worker, job, url, headers, FALSE, &exchange);

      if (exchange.cancelled || exchange.code == CURLE_ABORTED_BY_CALLBACK)
        break;
      if (exchange.code != CURLE_OK)
        break;
      if ((exchange.status >= 500 || exchange.status == 429) && !retried &&
          exchange.retry_after >= 0 && exchange.retry_after <= FC_HTTP_SOURCE_MAX_RETRY_AFTER)
        {
          g_debug ("HTTP %ld, retrying once after %" G_GINT64_FORMAT " s",
                   exchange.status, exchange.retry_after);
          retried = TRUE;
          if (!fc_http_wait (worker, job, exchange.retry_after))
            {
              exchange.cancelled = TRUE;
              break;
            }
          continue;
        }
      break;
    }

  curl_slist_free_all (headers);

  if (exchange.cancelled || g_cancellable_is_cancelled (job->cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
        g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The fetch was cancelled"));
    }
  else if (exchange.code != CURLE_OK)
    {
      set_transfer_error (&error, &exchange, &job->config);
    }
  else if (exchange.status != 200)
    {
      set_status_error (&error, &exchange);
    }
  else
    {
      g_autoptr(GError) parse_error = NULL;

      job->summary = fc_fhir_read_bundle ((const char *) exchange.body->data,
                                          (gssize) exchange.body->len, NULL, &parse_error);
      if (job->summary == NULL)
        {
          g_set_error (&error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED,
                       _("The summary service’s answer could not be read: %s"),
                       parse_error->message);
        }
      else
        {
          fc_summary_set_provenance (job->summary, FC_PROVENANCE_NETWORK);
          fc_http_set_retrieved (job->summary, g_get_real_time () / G_USEC_PER_SEC);
          fc_http_store_cached (job, exchange.body);
        }
    }

  if (error != NULL &&
      (g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE) ||
       g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT)))
    {
      job->summary = fc_http_read_cached (job);
      if (job->summary != NULL)
        g_debug ("Network failed (%s); serving the offline copy", error->message);
    }

  if (job->summary == NULL && error != NULL)
    job->error = g_steal_pointer (&error);

  g_byte_array_unref (exchange.body);
}

static void
fc_http_run_prepare (FcHttpWorker *worker,
                     FcHttpJob    *job)
{
  g_autofree char *url = NULL;
  struct curl_slist *headers = NULL;
  FcHttpExchange exchange = { 0 };

  exchange.body = g_byte_array_new ();
  url = fc_http_build_url (worker->easy, &job->config, "/metadata", NULL);
  headers = curl_slist_append (headers, "Accept: application/fhir+json");

  fc_http_perform (worker, job, url, headers, TRUE, &exchange);
  curl_slist_free_all (headers);

  if (exchange.cancelled || g_cancellable_is_cancelled (job->cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
        g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The fetch was cancelled"));
    }
  else if (exchange.code != CURLE_OK)
    set_transfer_error (&job->error, &exchange, &job->config);
  else if (exchange.status == 401 || body_says_client_cert_refused (&exchange))
    set_rejected_error (&job->error);

  /* Remembered for fetches queued meanwhile (cancellation is not a failure of the server). */
  g_clear_error (&worker->prepare_error);
  if (job->error != NULL && job->error->domain == FC_SUMMARY_ERROR)
    worker->prepare_error = g_error_copy (job->error);
  worker->prepare_ended_at = g_get_monotonic_time ();

  g_byte_array_unref (exchange.body);
}

static gpointer
fc_http_worker_thread (gpointer data)
{
  FcHttpWorker *worker = data;

  for (;;)
    {
      FcHttpJob *job = g_async_queue_pop (worker->queue);
      gulong handler = 0;

      if (job->kind == FC_HTTP_JOB_QUIT)
        {
          fc_http_job_free (job);
          break;
        }

      if (job->cancellable != NULL)
        handler = g_cancellable_connect (job->cancellable, G_CALLBACK (cancelled_cb),
                                         worker->multi, NULL);

      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
        {
          if (job->kind == FC_HTTP_JOB_FETCH)
            fc_http_run_fetch (worker, job);
          else
            fc_http_run_prepare (worker, job);
        }

      if (handler != 0)
        g_cancellable_disconnect (job->cancellable, handler);

      fc_http_job_complete (job);
    }

  return NULL;
}

/* FcSummarySource */

static gboolean
header_value_is_safe (const char *value)
{
  if (strlen (value) > 200)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* The unit's private key must be readable by this user only (issue 8). A file that cannot be
 * found is left to libcurl, which says that the key could not be loaded. */
static gboolean
fc_http_source_check_key_mode (const char  *path,
                               GError     **error)
{
  GStatBuf st;

  if (path == NULL || *path == '\0' || g_stat (path, &st) != 0)
    return TRUE;

  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                   _("This unit’s private key “%s” can be read by other users (mode %04o), so "
                     "nothing was sent. Run “chmod 600 %s”, or ask for a new key."),
                   path, (unsigned int) (st.st_mode & 07777), path);
      return FALSE;
    }

  return TRUE;
}

/* Settings every request needs; FALSE with @error set when one is missing. */
static gboolean
fc_http_source_check_config (FcHttpSource  *self,
                             GError       **error)
{
  if (self->base_url == NULL || *self->base_url == '\0')
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("No summary service is configured."));
      return FALSE;
    }
  if (g_ascii_strncasecmp (self->base_url, "https://", 8) != 0)
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("The summary service address must start with https://. Check the "
                             "server setting."));
      return FALSE;
    }
  if (self->ca_file == NULL || *self->ca_file == '\0')
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("No authority is configured for the summary server, so it cannot "
                             "be trusted. Set the CA certificate file."));
      return FALSE;
    }
  if (!fc_http_source_check_key_mode (self->client_key_file, error))
    return FALSE;

  return TRUE;
}

static void
fc_http_source_fetch_async (FcSummarySource     *source,
                            FcCardIdentity      *identity,
                            FcConsent            consent,
                            const char          *incident_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FcHttpSource *self = FC_HTTP_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FcHttpJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_http_source_fetch_async);

  if (consent == FC_CONSENT_REFUSED)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                               _("The patient refused: nothing was fetched."));
      return;
    }
  if (consent != FC_CONSENT_GIVEN && consent != FC_CONSENT_WAIVED_UNABLE)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                               _("Consent has not been recorded: nothing was fetched."));
      return;
    }
  if (identity == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No card has been read: there is nothing to look up."));
      return;
    }
  if (!fc_http_source_check_config (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (incident_id != NULL && !header_value_is_safe (incident_id))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The incident id contains characters that cannot be sent."));
      return;
    }

  job = fc_http_job_new (self, FC_HTTP_JOB_FETCH, task);
  job->sha256_hex = g_strdup (fc_card_identity_get_sha256_hex (identity));
  job->consent_basis = consent == FC_CONSENT_GIVEN ? "given" : "waived_unable";
  job->incident_id = g_strdup (incident_id);
  g_async_queue_push (self->worker->queue, job);
}

static FcSummary *
fc_http_source_fetch_finish (FcSummarySource  *source,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fc_http_source_iface_prepare_async (FcSummarySource     *source,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  fc_http_source_prepare_async (FC_HTTP_SOURCE (source), cancellable, callback, user_data);
}

static gboolean
fc_http_source_iface_prepare_finish (FcSummarySource  *source,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return fc_http_source_prepare_finish (FC_HTTP_SOURCE (source), result, error);
}

static void
fc_http_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = fc_http_source_fetch_async;
  iface->fetch_finish = fc_http_source_fetch_finish;
  iface->prepare_async = fc_http_source_iface_prepare_async;
  iface->prepare_finish = fc_http_source_iface_prepare_finish;
}

/* GObject */

static void
fc_http_source_dispose (GObject *object)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  /* Every queued job holds a reference to us through its task, so the queue is empty here. */
  if (self->thread != NULL)
    {
      g_async_queue_push (self->worker->queue, fc_http_job_new (NULL, FC_HTTP_JOB_QUIT, NULL));
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->worker != NULL)
    {
      curl_multi_cleanup (self->worker->multi);
      curl_easy_cleanup (self->worker->easy);
      g_clear_error (&self->worker->prepare_error);
      g_async_queue_unref (self->worker->queue);
      g_clear_pointer (&self->worker, g_free);
    }
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (fc_http_source_parent_class)->dispose (object);
}

static void
fc_http_source_finalize (GObject *object)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->identifier_system, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->client_cert_file, g_free);
  g_clear_pointer (&self->client_key_file, g_free);

  G_OBJECT_CLASS (fc_http_source_parent_class)->finalize (object);
}

static void
fc_http_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_IDENTIFIER_SYSTEM:
      g_value_set_string (value, self->identifier_system);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_CLIENT_CERT_FILE:
      g_value_set_string (value, self->client_cert_file);
      break;

    case PROP_CLIENT_KEY_FILE:
      g_value_set_string (value, self->client_key_file);
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;

    case PROP_TOTAL_TIMEOUT:
      g_value_set_uint (value, self->total_timeout);
      break;

    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;

    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, self->request_count);
      break;

    case PROP_LAST_NEW_CONNECTIONS:
      g_value_set_uint (value, self->last_new_connections);
      break;

    case PROP_LAST_DURATION:
      g_value_set_double (value, self->last_duration);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_http_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      fc_http_source_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_IDENTIFIER_SYSTEM:
      fc_http_source_set_identifier_system (self, g_value_get_string (value));
      break;

    case PROP_CA_FILE:
      fc_http_source_set_ca_file (self, g_value_get_string (value));
      break;

    case PROP_CLIENT_CERT_FILE:
      fc_http_source_set_client_cert_file (self, g_value_get_string (value));
      break;

    case PROP_CLIENT_KEY_FILE:
      fc_http_source_set_client_key_file (self, g_value_get_string (value));
      break;

    case PROP_CONNECT_TIMEOUT:
      fc_http_source_set_connect_timeout (self, g_value_get_uint (value));
      break;

    case PROP_TOTAL_TIMEOUT:
      fc_http_source_set_total_timeout (self, g_value_get_uint (value));
      break;

    case PROP_CACHE:
      fc_http_source_set_cache (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_http_source_class_init (FcHttpSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  /* Once per process, before any thread uses libcurl. */
  curl_global_init (CURL_GLOBAL_DEFAULT);

  object_class->dispose = fc_http_source_dispose;
  object_class->finalize = fc_http_source_finalize;
  object_class->get_property = fc_http_source_get_property;
  object_class->set_property = fc_http_source_set_property;

  /**
   * FcHttpSource:base-url:
   *
   * The FHIR base of the summary service, e.g. "https://summary.example.jp/fhir".
   */
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:identifier-system:
   *
   * The identifier system sent with the certificate hash.
   */
  properties[PROP_IDENTIFIER_SYSTEM] =
    g_param_spec_string ("identifier-system", NULL, NULL,
                         "urn:fieldcard:jpki-auth-cert-sha256", rw);

  /**
   * FcHttpSource:ca-file:
   *
   * PEM file of the only authority trusted to certify the server.
   */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:client-cert-file:
   *
   * PEM file of this unit's client certificate (mutual TLS).
   */
  properties[PROP_CLIENT_CERT_FILE] =
    g_param_spec_string ("client-cert-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:client-key-file:
   *
   * PEM file of this unit's private key.
   */
  properties[PROP_CLIENT_KEY_FILE] =
    g_param_spec_string ("client-key-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:connect-timeout:
   *
   * Seconds allowed for name resolution, TCP and TLS handshakes.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 300,
                       FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT, rw);

  /**
   * FcHttpSource:total-timeout:
   *
   * Seconds allowed for one whole request, download included.
   */
  properties[PROP_TOTAL_TIMEOUT] =
    g_param_spec_uint ("total-timeout", NULL, NULL, 1, 600,
                       FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT, rw);

  /**
   * FcHttpSource:cache:
   *
   * Where fetched bundles are kept encrypted for the incident (offline fallback), or %NULL.
   */
  properties[PROP_CACHE] = g_param_spec_object ("cache", NULL, NULL, FC_TYPE_CACHE, rw);

  /**
   * FcHttpSource:request-count:
   *
   * HTTP requests sent so far (retries and warm-ups included).
   */
  properties[PROP_REQUEST_COUNT] =
    g_param_spec_uint ("request-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * FcHttpSource:last-new-connections:
   *
   * Connections the last request had to open (0 when it reused the open one).
   */
  properties[PROP_LAST_NEW_CONNECTIONS] =
    g_param_spec_uint ("last-new-connections", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * FcHttpSource:last-duration:
   *
   * Seconds the last request took, from start to the last byte.
   */
  properties[PROP_LAST_DURATION] =
    g_param_spec_double ("last-duration", NULL, NULL, 0., G_MAXDOUBLE, 0., ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_http_source_init (FcHttpSource *self)
{
  self->identifier_system = g_strdup ("urn:fieldcard:jpki-auth-cert-sha256");
  self->connect_timeout = FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT;
  self->total_timeout = FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT;

  self->worker = g_new0 (FcHttpWorker, 1);
  self->worker->queue = g_async_queue_new ();
  self->worker->multi = curl_multi_init ();
  self->worker->easy = curl_easy_init ();
  if (self->worker->multi == NULL || self->worker->easy == NULL)
    g_error ("libcurl could not be initialised");
  /* One connection to one server is all we need. */
  curl_multi_setopt (self->worker->multi, CURLMOPT_MAXCONNECTS, 1L);
  self->thread = g_thread_new ("fc-http", fc_http_worker_thread, self->worker);
}

/* Public API */

FcHttpSource *
fc_http_source_new (const char *base_url)
{
  return g_object_new (FC_TYPE_HTTP_SOURCE, "base-url", base_url, NULL);
}

const char *
fc_http_source_get_base_url (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->base_url;
}

void
fc_http_source_set_base_url (FcHttpSource *self,
                             const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  if (fc_set_str (&self->base_url, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
fc_http_source_get_identifier_system (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->identifier_system;
}

void
fc_http_source_set_identifier_system (FcHttpSource *self,
                                      const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  if (fc_set_str (&self->identifier_system, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTIFIER_SYSTEM]);
}

const char *
fc_http_source_get_ca_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->ca_file;
}

void
fc_http_source_set_ca_file (FcHttpSource *self,
                            const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  if (fc_set_str (&self->ca_file, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

const char *
fc_http_source_get_client_cert_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->client_cert_file;
}

void
fc_http_source_set_client_cert_file (FcHttpSource *self,
                                     const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  if (fc_set_str (&self->client_cert_file, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_CERT_FILE]);
}

const char *
fc_http_source_get_client_key_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->client_key_file;
}

void
fc_http_source_set_client_key_file (FcHttpSource *self,
                                    const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  if (fc_set_str (&self->client_key_file, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_KEY_FILE]);
}

guint
fc_http_source_get_connect_timeout (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->connect_timeout;
}

void
fc_http_source_set_connect_timeout (FcHttpSource *self,
                                    guint         seconds)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (seconds > 0);

  if (self->connect_timeout == seconds)
    return;
  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
fc_http_source_get_total_timeout (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->total_timeout;
}

void
fc_http_source_set_total_timeout (FcHttpSource *self,
                                  guint         seconds)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (seconds > 0);

  if (self->total_timeout == seconds)
    return;
  self->total_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_TIMEOUT]);
}

FcCache *
fc_http_source_get_cache (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->cache;
}

void
fc_http_source_set_cache (FcHttpSource *self,
                          FcCache      *cache)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (cache == NULL || FC_IS_CACHE (cache));

  if (g_set_object (&self->cache, cache))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

guint
fc_http_source_get_request_count (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->request_count;
}

guint
fc_http_source_get_last_new_connections (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->last_new_connections;
}

double
fc_http_source_get_last_duration (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0.);

  return self->last_duration;
}

void
fc_http_source_prepare_async (FcHttpSource        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_http_source_prepare_async);

  if (!fc_http_source_check_config (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_async_queue_push (self->worker->queue, fc_http_job_new (self, FC_HTTP_JOB_PREPARE, task));
}

gboolean
fc_http_source_prepare_finish (FcHttpSource  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_http_source_prepare_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fc_http_source_drop_connection:
 * @self: a #FcHttpSource
 *
 * The next request opens a new connection instead of reusing the open one (e.g. after the
 * network changed and the old one may be dead). The TLS session is still resumed when the
 * server allows it.
 */
void
fc_http_source_drop_connection (FcHttpSource *self)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  self->fresh_connect = TRUE;
}
