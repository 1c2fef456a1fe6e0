/* test-http-transport.c: FcHttpSource against a real nginx with mutual TLS (tests/server):
 * timeouts, refused connections, TLS failures, cancelling, connection reuse and TLS session
 * resumption, latency, and the offline fallback to the encrypted cache.
 *
 * One nginx serves most tests; the offline test starts and stops its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-cache.h"
#include "fc-summary-source.h"
#include "http-source-test-util.h"

/* Tests */

static void
test_fetch_timeout_slow_body (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  gint64 start;
  double elapsed;

  fc_http_source_set_total_timeout (source, 1);
  start = g_get_monotonic_time ();
  summary = fetch (source, CARD_SLOW, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  elapsed = seconds_since (start);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_assert_null (summary);
  g_assert_cmpfloat (elapsed, >=, 0.9);
  g_assert_cmpfloat (elapsed, <, 3.);
}

/* /fc/http/fetch/timeout-accepting-mute-server: the server accepts the connection and never
 * answers: TIMEOUT within the configured total timeout (not the longer connect timeout). */
static void
test_fetch_timeout_mute_server (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(FcTestMuteListener) mute = NULL;
  g_autofree char *url = NULL;
  guint16 port = 0;
  gint64 start;
  double elapsed;

  mute = fc_test_mute_listener_new (&port, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("https://127.0.0.1:%u/fhir", port);
  g_object_set (source, "base-url", url, "connect-timeout", 10, "total-timeout", 1, NULL);

  start = g_get_monotonic_time ();
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  elapsed = seconds_since (start);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_assert_null (summary);
  g_assert_cmpuint (fc_test_mute_listener_get_accepted (mute), >=, 1);
  g_test_message ("mute server: TIMEOUT after %.2f s (total timeout 1 s)", elapsed);
  g_assert_cmpfloat (elapsed, >=, 0.9);
  g_assert_cmpfloat (elapsed, <, 2.5);
}

static void
test_fetch_timeout_silent_server (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GSocket) silent = NULL;
  g_autofree char *url = NULL;
  guint16 port = 0;
  gint64 start;
  double elapsed;

  silent = fc_test_silent_listener_new (&port, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("https://127.0.0.1:%u/fhir", port);
  g_object_set (source, "base-url", url, "connect-timeout", 1, NULL);

  start = g_get_monotonic_time ();
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  elapsed = seconds_since (start);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_assert_null (summary);
  g_assert_cmpfloat (elapsed, >=, 0.9);
  g_assert_cmpfloat (elapsed, <, 3.);
}

static void
test_fetch_connection_refused (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/fhir", fc_test_free_port ());

  fc_http_source_set_base_url (source, url);
  error = fetch_error (source, CARD_OK, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* A name that does not resolve. */
  fc_http_source_set_base_url (source, "https://summary.invalid/fhir");
  error = fetch_error (source, CARD_OK, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
}

static void
test_tls_missing_client_cert (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_auto(GStrv) line = NULL;

  g_object_set (source, "client-cert-file", NULL, "client-key-file", NULL, NULL);
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "rejected this unit’s certificate"));
  g_assert_null (summary);

  line = last_log_line (server);
  g_assert_cmpstr (line[FC_TEST_LOG_CLIENT_VERIFY], ==, "NONE");
  g_assert_cmpstr (line[FC_TEST_LOG_STATUS], ==, "400");
}

static void
test_tls_untrusted_client_cert (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_auto(GStrv) line = NULL;

  g_object_set (source,
                "client-cert-file", fc_test_server_get_rogue_cert (server),
                "client-key-file", fc_test_server_get_rogue_key (server),
                NULL);
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "rejected this unit’s certificate"));
  g_assert_null (summary);

  line = last_log_line (server);
  g_assert_true (g_str_has_prefix (line[FC_TEST_LOG_CLIENT_VERIFY], "FAILED"));
}

static void
test_tls_unreadable_client_key (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autofree char *missing = g_build_filename (fc_test_server_get_dir (server), "nope.key", NULL);

  fc_http_source_set_client_key_file (source, missing);
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "could not be loaded"));
  g_assert_null (summary);
}

static void
test_tls_wrong_ca_pinned (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  guint before = fc_test_server_count_requests (server);

  fc_http_source_set_ca_file (source, fc_test_server_get_wrong_ca_file (server));
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_null (summary);
  /* Nothing was sent: no request line in the log. */
  g_assert_cmpuint (fc_test_server_count_requests (server), ==, before);
  g_clear_error (&error);

  /* Prepare fails the same way. */
  g_assert_false (prepare (source, &error));
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_returns_promptly (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  gint64 start, cancelled_at;

  g_object_set (source, "total-timeout", 30, NULL);
  start = g_get_monotonic_time ();
  g_timeout_add (300, cancel_cb, cancellable);
  summary = fetch (source, CARD_SLOW, FC_CONSENT_GIVEN, "incident-1", cancellable, &error);
  cancelled_at = start + 300 * 1000;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (summary);
  /* Returned well before curl's one-second progress tick: the poll is woken at once. */
  g_assert_cmpfloat (seconds_since (cancelled_at), <, 0.5);
  g_clear_error (&error);

  /* Already cancelled: nothing is sent. */
  {
    guint count = fc_http_source_get_request_count (source);

    summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", cancellable, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (fc_http_source_get_request_count (source), ==, count);
    g_clear_error (&error);
  }

  /* Cancelled during a Retry-After wait. */
  g_cancellable_reset (cancellable);
  start = g_get_monotonic_time ();
  g_timeout_add (200, cancel_cb, cancellable);
  summary = fetch (source, CARD_503, FC_CONSENT_GIVEN, "incident-1", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds_since (start), <, 0.9);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 2);

  /* The source still works afterwards. */
  g_clear_error (&error);
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static void
test_connection_reused (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) first = NULL;
  g_autoptr(FcSummary) second = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  char **a, **b;

  first = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);
  second = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 0);

  /* nginx saw both requests on one connection. */
  lines = fc_test_server_read_log (server);
  g_assert_cmpuint (lines->len, >=, 2);
  a = g_ptr_array_index (lines, lines->len - 2);
  b = g_ptr_array_index (lines, lines->len - 1);
  g_assert_cmpstr (a[FC_TEST_LOG_CONNECTION], ==, b[FC_TEST_LOG_CONNECTION]);
  g_assert_cmpstr (b[FC_TEST_LOG_CONNECTION_REQUESTS], ==, "2");
}

/* /fc/http/connection/tls-session-resumed-on-new-connection: a new connection (after
 * fc_http_source_drop_connection()) resumes the TLS session: nginx logs $ssl_session_reused = r. */
static void
test_session_resumed_new_connection (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) first = NULL;
  g_autoptr(FcSummary) second = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  char **a, **b;

  first = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);

  fc_http_source_drop_connection (source);
  second = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);

  lines = fc_test_server_read_log (server);
  g_assert_cmpuint (lines->len, >=, 2);
  a = g_ptr_array_index (lines, lines->len - 2);
  b = g_ptr_array_index (lines, lines->len - 1);
  g_test_message ("first: connection %s reused %s; second: connection %s reused %s",
                  a[FC_TEST_LOG_CONNECTION], a[FC_TEST_LOG_SESSION_REUSED],
                  b[FC_TEST_LOG_CONNECTION], b[FC_TEST_LOG_SESSION_REUSED]);
  g_assert_cmpstr (a[FC_TEST_LOG_CONNECTION], !=, b[FC_TEST_LOG_CONNECTION]);
  g_assert_cmpstr (a[FC_TEST_LOG_SESSION_REUSED], ==, ".");
  g_assert_cmpstr (b[FC_TEST_LOG_SESSION_REUSED], ==, "r");
  g_assert_cmpstr (b[FC_TEST_LOG_PROTOCOL], ==, "TLSv1.3");
  g_assert_cmpstr (b[FC_TEST_LOG_CLIENT_VERIFY], ==, "SUCCESS");

  /* Dropping applies to one request only. */
  g_clear_object (&second);
  second = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 0);
}

static void
test_prepare_warms_connection (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_auto(GStrv) line = NULL;

  g_assert_true (prepare (source, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);
  line = last_log_line (server);
  g_assert_cmpstr (line[FC_TEST_LOG_METHOD], ==, "HEAD");
  g_assert_cmpstr (line[FC_TEST_LOG_URI], ==, "/fhir/metadata");
  g_assert_cmpstr (line[FC_TEST_LOG_IDENTIFIER], ==, "-");

  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 0);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 2);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Not a gate: the median fetch time (50 each) with a fresh and with a reused connection. */
static void
test_latency (void)
{
  g_autoptr(FcHttpSource) reused = make_source (server);
  double fresh_ms[50], reused_ms[50], fresh_wall_ms[50], reused_wall_ms[50];

  for (guint i = 0; i < G_N_ELEMENTS (fresh_ms); i++)
    {
      g_autoptr(FcHttpSource) source = make_source (server);
      g_autoptr(GError) error = NULL;
      g_autoptr(FcSummary) summary = NULL;
      gint64 start = g_get_monotonic_time ();

      summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "bench", NULL, &error);
      fresh_wall_ms[i] = seconds_since (start) * 1000.;
      g_assert_no_error (error);
      g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);
      fresh_ms[i] = fc_http_source_get_last_duration (source) * 1000.;
    }

  for (guint i = 0; i < G_N_ELEMENTS (reused_ms) + 1; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcSummary) summary = NULL;
      gint64 start = g_get_monotonic_time ();

      summary = fetch (reused, CARD_OK, FC_CONSENT_GIVEN, "bench", NULL, &error);
      g_assert_no_error (error);
      if (i == 0)
        continue;
      reused_wall_ms[i - 1] = seconds_since (start) * 1000.;
      g_assert_cmpuint (fc_http_source_get_last_new_connections (reused), ==, 0);
      reused_ms[i - 1] = fc_http_source_get_last_duration (reused) * 1000.;
    }

  qsort (fresh_ms, G_N_ELEMENTS (fresh_ms), sizeof (double), compare_doubles);
  qsort (reused_ms, G_N_ELEMENTS (reused_ms), sizeof (double), compare_doubles);
  qsort (fresh_wall_ms, G_N_ELEMENTS (fresh_wall_ms), sizeof (double), compare_doubles);
  qsort (reused_wall_ms, G_N_ELEMENTS (reused_wall_ms), sizeof (double), compare_doubles);
  g_test_message ("loopback fetch of a %" G_GSIZE_FORMAT "-byte bundle, median of 50: "
                  "fresh TLS 1.3 connection %.2f ms in curl (%.2f ms fetch_async to result, "
                  "parse included), reused connection %.2f ms in curl (%.2f ms)",
                  bundle_len, fresh_ms[25], fresh_wall_ms[25], reused_ms[25],
                  reused_wall_ms[25]);
}

static void
test_offline_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestServer) own = fc_test_server_new (&error);
  g_autoptr(FcHttpSource) source = NULL;
  g_autoptr(FcSecret) device_key = NULL;
  g_autoptr(FcCache) cache = NULL;
  g_autoptr(FcSummary) online = NULL;
  g_autoptr(FcSummary) offline = NULL;
  g_autoptr(FcSummary) other = NULL;
  g_autoptr(GDateTime) retrieved = NULL;
  g_autofree char *db_path = NULL;

  g_assert_no_error (error);
  fc_test_server_add_bundle (own, hash_of (CARD_OK), bundle, bundle_len);
  fc_test_server_start (own, &error);
  g_assert_no_error (error);

  device_key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  db_path = g_build_filename (fc_test_server_get_dir (own), "cache.db", NULL);
  cache = fc_cache_open (db_path, device_key, &error);
  g_assert_no_error (error);

  source = make_source (own);
  fc_http_source_set_cache (source, cache);
  g_assert_true (fc_http_source_get_cache (source) == cache);

  online = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-7", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_summary_get_provenance (online), ==, FC_PROVENANCE_NETWORK);

  /* The network goes: the same incident gets its offline copy, labelled as such. */
  fc_test_server_stop (own);
  offline = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-7", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (offline);
  g_assert_cmpint (fc_summary_get_provenance (offline), ==, FC_PROVENANCE_CACHE);
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (offline)), ==,
                    g_list_model_get_n_items (fc_summary_get_items (online)));
  g_object_get (offline, "retrieved", &retrieved, NULL);
  g_assert_nonnull (retrieved);

  /* Another incident, or another card, never sees it. */
  other = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-8", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_null (other);
  g_clear_error (&error);
  other = fetch (source, CARD_UNKNOWN, FC_CONSENT_GIVEN, "incident-7", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_null (other);
  g_clear_error (&error);

  /* Refused consent is still refused, offline copy or not. */
  other = fetch (source, CARD_OK, FC_CONSENT_REFUSED, "incident-7", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT);
  g_clear_error (&error);

  /* After handover the copy is gone. */
  g_assert_true (fc_cache_destroy (cache, "incident-7", &error));
  other = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-7", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_null (other);
  g_clear_error (&error);

  /* The server comes back: fetching works again. */
  fc_test_server_start (own, &error);
  g_assert_no_error (error);
  other = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-7", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fc_summary_get_provenance (other), ==, FC_PROVENANCE_NETWORK);

  g_clear_object (&source);
  fc_cache_close (cache);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!http_test_setup ())
    return 1;

  g_test_add_func ("/fc/http/fetch/timeout-slow-body", test_fetch_timeout_slow_body);
  g_test_add_func ("/fc/http/fetch/timeout-silent-server", test_fetch_timeout_silent_server);
  g_test_add_func ("/fc/http/fetch/timeout-accepting-mute-server", test_fetch_timeout_mute_server);
  g_test_add_func ("/fc/http/fetch/connection-refused-unavailable",
                   test_fetch_connection_refused);
  g_test_add_func ("/fc/http/tls/missing-client-cert-rejected", test_tls_missing_client_cert);
  g_test_add_func ("/fc/http/tls/untrusted-client-cert-rejected",
                   test_tls_untrusted_client_cert);
  g_test_add_func ("/fc/http/tls/unreadable-client-key", test_tls_unreadable_client_key);
  g_test_add_func ("/fc/http/tls/wrong-ca-pinned-not-trusted", test_tls_wrong_ca_pinned);
  g_test_add_func ("/fc/http/fetch/cancel-returns-promptly", test_cancel_returns_promptly);
  g_test_add_func ("/fc/http/connection/reused-for-second-fetch", test_connection_reused);
  g_test_add_func ("/fc/http/connection/tls-session-resumed-on-new-connection",
                   test_session_resumed_new_connection);
  g_test_add_func ("/fc/http/connection/prepare-warms-connection", test_prepare_warms_connection);
  g_test_add_func ("/fc/http/connection/latency", test_latency);
  g_test_add_func ("/fc/http/cache/offline-fallback", test_offline_fallback);

  status = g_test_run ();
  http_test_teardown ();

  return status;
}
