/* fc-http-worker.c: the worker thread of FcHttpSource.
 *
 * One worker thread owns one libcurl multi handle with one easy handle: the multi handle keeps
 * the connection cache and the easy handle the TLS session cache, so consecutive requests reuse
 * the connection, or at least resume the TLS session. Requests are jobs on a queue, run in order.
 * The multi interface lets a cancelled GCancellable wake the worker at once (curl_multi_wakeup)
 * instead of waiting for the next progress tick. Jobs complete on the caller's main context
 * (fc_http_source_complete_job()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include "fc-http-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-fhir-reader.h"

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

void
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

static gboolean
complete_job_cb (gpointer user_data)
{
  fc_http_source_complete_job (user_data);
  return G_SOURCE_REMOVE;
}

/* Worker thread: hands @job back to the thread that queued it. */
static void
fc_http_job_complete (FcHttpJob *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[fc-http] complete");
  g_source_set_callback (source, complete_job_cb, job, NULL);
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);
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

/* Transfers */

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

/* Whether @job was cancelled (during @exchange or since); sets job->error when it was. */
static gboolean
job_cancelled (FcHttpJob            *job,
               const FcHttpExchange *exchange)
{
  if (!exchange->cancelled && !g_cancellable_is_cancelled (job->cancellable))
    return FALSE;
  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The fetch was cancelled"));
  return TRUE;
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
      if (fc_http_error_allows_offline (error))
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

  if (job_cancelled (job, &exchange))
    {
      g_byte_array_unref (exchange.body);
      return;
    }

  if (exchange.code != CURLE_OK)
    {
      fc_http_set_transfer_error (&error, &exchange);
    }
  else if (exchange.status != 200)
    {
      fc_http_set_status_error (&error, &exchange);
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

  if (error != NULL && fc_http_error_allows_offline (error))
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

  if (!job_cancelled (job, &exchange))
    {
      if (exchange.code != CURLE_OK)
        fc_http_set_transfer_error (&job->error, &exchange);
      else if (exchange.status == 401 || fc_http_client_cert_refused (&exchange))
        fc_http_set_rejected_error (&job->error);
    }

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


FcHttpWorker *
fc_http_worker_new (void)
{
  FcHttpWorker *worker = g_new0 (FcHttpWorker, 1);

  worker->queue = g_async_queue_new ();
  worker->multi = curl_multi_init ();
  worker->easy = curl_easy_init ();
  if (worker->multi == NULL || worker->easy == NULL)
    g_error ("libcurl could not be initialised");
  /* One connection to one server is all we need. */
  curl_multi_setopt (worker->multi, CURLMOPT_MAXCONNECTS, 1L);
  worker->thread = g_thread_new ("fc-http", fc_http_worker_thread, worker);

  return worker;
}

void
fc_http_worker_push (FcHttpWorker *worker,
                     FcHttpJob    *job)
{
  g_async_queue_push (worker->queue, job);
}

void
fc_http_worker_free (FcHttpWorker *worker)
{
  FcHttpJob *quit = g_new0 (FcHttpJob, 1);

  quit->kind = FC_HTTP_JOB_QUIT;
  g_async_queue_push (worker->queue, quit);
  g_thread_join (g_steal_pointer (&worker->thread));

  curl_multi_cleanup (worker->multi);
  curl_easy_cleanup (worker->easy);
  g_clear_error (&worker->prepare_error);
  g_async_queue_unref (worker->queue);
  g_free (worker);
}
