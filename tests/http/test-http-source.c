/* test-http-source.c: FcHttpSource against a real nginx with mutual TLS (tests/server): its
 * properties, what a fetch sends, and how server answers (not found, 403, 5xx, Retry-After,
 * malformed bodies, bad settings) become errors. Timeouts, TLS failures, cancelling,
 * connection reuse and the offline fallback: test-http-transport.c.
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
test_properties (void)
{
  g_autoptr(FcHttpSource) source = fc_http_source_new ("https://summary.example.jp/fhir");
  g_autofree char *base_url = NULL, *system = NULL, *ca = NULL, *cert = NULL, *key = NULL;
  g_autoptr(FcCache) cache_out = NULL;
  guint connect_timeout = 0, total_timeout = 0, count = 99, connections = 99;
  double duration = -1;

  g_assert_true (FC_IS_SUMMARY_SOURCE (source));
  g_assert_cmpstr (fc_http_source_get_base_url (source), ==, "https://summary.example.jp/fhir");
  g_assert_cmpstr (fc_http_source_get_identifier_system (source), ==,
                   "urn:fieldcard:jpki-auth-cert-sha256");
  g_assert_cmpuint (fc_http_source_get_connect_timeout (source), ==,
                    FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT);
  g_assert_cmpuint (fc_http_source_get_total_timeout (source), ==,
                    FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT);
  g_assert_null (fc_http_source_get_ca_file (source));
  g_assert_null (fc_http_source_get_cache (source));

  g_object_set (source,
                "base-url", "https://other.example.jp/fhir/",
                "identifier-system", "urn:test",
                "ca-file", "/ca.pem",
                "client-cert-file", "/unit.pem",
                "client-key-file", "/unit.key",
                "connect-timeout", 3,
                "total-timeout", 9,
                NULL);
  g_object_get (source,
                "base-url", &base_url,
                "identifier-system", &system,
                "ca-file", &ca,
                "client-cert-file", &cert,
                "client-key-file", &key,
                "connect-timeout", &connect_timeout,
                "total-timeout", &total_timeout,
                "cache", &cache_out,
                "request-count", &count,
                "last-new-connections", &connections,
                "last-duration", &duration,
                NULL);
  g_assert_cmpstr (base_url, ==, "https://other.example.jp/fhir/");
  g_assert_cmpstr (system, ==, "urn:test");
  g_assert_cmpstr (ca, ==, "/ca.pem");
  g_assert_cmpstr (cert, ==, "/unit.pem");
  g_assert_cmpstr (key, ==, "/unit.key");
  g_assert_cmpuint (connect_timeout, ==, 3);
  g_assert_cmpuint (total_timeout, ==, 9);
  g_assert_null (cache_out);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (connections, ==, 0);
  g_assert_cmpfloat (duration, ==, 0.);

  g_assert_finalize_object (g_steal_pointer (&source));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_setters_notify_on_change_only (void)
{
  g_autoptr(FcHttpSource) source = fc_http_source_new (NULL);
  guint notified = 0;

  g_signal_connect (source, "notify", G_CALLBACK (notify_count_cb), &notified);
  fc_http_source_set_base_url (source, "https://a.example/fhir");
  fc_http_source_set_base_url (source, "https://a.example/fhir");
  fc_http_source_set_total_timeout (source, 7);
  fc_http_source_set_total_timeout (source, 7);
  fc_http_source_set_ca_file (source, NULL);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_fetch_summary (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_auto(GStrv) line = NULL;
  g_autofree char *expected_identifier = NULL;
  g_autoptr(GDateTime) retrieved = NULL;
  guint before = fc_test_server_count_requests (server);

  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-42", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (fc_summary_get_provenance (summary), ==, FC_PROVENANCE_NETWORK);
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), >, 0);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 1);
  g_assert_cmpuint (fc_http_source_get_last_new_connections (source), ==, 1);
  g_assert_cmpfloat (fc_http_source_get_last_duration (source), >, 0.);
  g_object_get (summary, "retrieved", &retrieved, NULL);
  g_assert_nonnull (retrieved);

  /* What reached the server: one request, with every header, over TLS 1.3, our certificate
   * verified. */
  g_assert_cmpuint (fc_test_server_count_requests (server), ==, before + 1);
  line = last_log_line (server);
  expected_identifier = g_strconcat ("urn%3Afieldcard%3Ajpki-auth-cert-sha256%7C",
                                     hash_of (CARD_OK), NULL);
  g_assert_cmpstr (line[FC_TEST_LOG_STATUS], ==, "200");
  g_assert_cmpstr (line[FC_TEST_LOG_METHOD], ==, "GET");
  g_assert_true (g_str_has_prefix (line[FC_TEST_LOG_URI], "/fhir/Patient/$summary?identifier="));
  g_assert_cmpstr (line[FC_TEST_LOG_IDENTIFIER], ==, expected_identifier);
  /* Nothing but the hash identifies the patient: no other parameter, no certificate bytes. */
  {
    g_autofree char *expected_uri = g_strconcat ("/fhir/Patient/$summary?identifier=",
                                                 expected_identifier, NULL);

    g_assert_cmpstr (line[FC_TEST_LOG_URI], ==, expected_uri);
  }
  g_assert_cmpstr (line[FC_TEST_LOG_CONSENT], ==, "given");
  g_assert_cmpstr (line[FC_TEST_LOG_INCIDENT], ==, "incident-42");
  g_assert_cmpstr (line[FC_TEST_LOG_PURPOSE], ==, "emergency");
  g_assert_cmpstr (line[FC_TEST_LOG_ACCEPT], ==, "application/fhir+json");
  g_assert_cmpstr (line[FC_TEST_LOG_PROTOCOL], ==, "TLSv1.3");
  g_assert_cmpstr (line[FC_TEST_LOG_CLIENT_VERIFY], ==, "SUCCESS");

  g_assert_finalize_object (g_steal_pointer (&summary));
  g_assert_finalize_object (g_steal_pointer (&source));
}

static void
test_fetch_waived_consent (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_auto(GStrv) line = NULL;

  summary = fetch (source, CARD_OK, FC_CONSENT_WAIVED_UNABLE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);

  line = last_log_line (server);
  g_assert_cmpstr (line[FC_TEST_LOG_CONSENT], ==, "waived_unable");
  g_assert_cmpstr (line[FC_TEST_LOG_INCIDENT], ==, "-");
}

static void
test_consent_refused_sends_nothing (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  guint before = fc_test_server_count_requests (server);

  summary = fetch (source, CARD_OK, FC_CONSENT_REFUSED, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT);
  g_assert_null (summary);
  g_clear_error (&error);

  summary = fetch (source, CARD_OK, FC_CONSENT_NONE, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT);
  g_assert_null (summary);

  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 0);
  g_assert_cmpuint (fc_test_server_count_requests (server), ==, before);
}

static void
test_fetch_not_found (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  summary = fetch (source, CARD_UNKNOWN, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No record for this card.");
  g_assert_null (summary);
}

static void
test_fetch_forbidden (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  error = fetch_error (source, CARD_403, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT);
}

static void
test_fetch_server_error (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  summary = fetch (source, CARD_500, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_null (summary);
  /* No Retry-After: no retry. */
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 1);
}

static void
test_fetch_retry_after_then_unavailable (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  summary = fetch (source, CARD_503, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  elapsed = seconds_since (start);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "503"));
  g_assert_null (summary);
  /* Retry-After: 1 was honoured once. */
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 2);
  g_assert_cmpfloat (elapsed, >=, 0.95);
  g_assert_cmpfloat (elapsed, <, 3.);
}

static void
test_fetch_retry_after_too_long (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  gint64 start = g_get_monotonic_time ();

  error = fetch_error (source, CARD_503_LONG, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 1);
  g_assert_cmpfloat (seconds_since (start), <, 1.);
}

static void
test_fetch_retry_after_then_success (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  guint before = fc_test_server_count_requests (server);

  summary = fetch (source, CARD_503_ONCE, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpint (fc_summary_get_provenance (summary), ==, FC_PROVENANCE_NETWORK);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 2);

  lines = fc_test_server_read_log (server);
  g_assert_cmpuint (lines->len, ==, before + 2);
  g_assert_cmpstr (((char **) g_ptr_array_index (lines, before))[FC_TEST_LOG_STATUS], ==, "503");
  g_assert_cmpstr (((char **) g_ptr_array_index (lines, before + 1))[FC_TEST_LOG_STATUS], ==,
                   "200");
}

static void
test_fetch_bad_settings (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/fhir",
                                          fc_test_server_get_port (server));
  guint before = fc_test_server_count_requests (server);

  /* Plain http is refused before anything is sent. */
  fc_http_source_set_base_url (source, url);
  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1", NULL, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_assert_null (summary);
  g_clear_error (&error);

  /* No server configured. */
  fc_http_source_set_base_url (source, NULL);
  error = fetch_error (source, CARD_OK, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (prepare (source, &error));
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* No pinned authority: never fall back to the system store. */
  fc_http_source_set_base_url (source, fc_test_server_get_base_url (server));
  fc_http_source_set_ca_file (source, NULL);
  error = fetch_error (source, CARD_OK, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS);
  g_clear_error (&error);

  /* No card, or an incident id that would break the header. */
  fc_http_source_set_ca_file (source, fc_test_server_get_ca_file (server));
  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), NULL, FC_CONSENT_GIVEN, "incident-1",
                                 NULL, fc_test_store_result_cb, &result);
  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source),
                                            fc_test_wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (summary);
  g_clear_error (&error);

  summary = fetch (source, CARD_OK, FC_CONSENT_GIVEN, "incident-1\r\nX-Evil: 1", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (summary);

  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 0);
  g_assert_cmpuint (fc_test_server_count_requests (server), ==, before);
}

static void
test_fetch_malformed (void)
{
  g_autoptr(FcHttpSource) source = make_source (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  error = fetch_error (source, CARD_MALFORMED, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!http_test_setup ())
    return 1;

  g_test_add_func ("/fc/http/source/properties", test_properties);
  g_test_add_func ("/fc/http/source/setters-notify-on-change-only",
                   test_setters_notify_on_change_only);
  g_test_add_func ("/fc/http/fetch/summary-over-mutual-tls", test_fetch_summary);
  g_test_add_func ("/fc/http/fetch/waived-consent-header", test_fetch_waived_consent);
  g_test_add_func ("/fc/http/fetch/refused-consent-sends-nothing",
                   test_consent_refused_sends_nothing);
  g_test_add_func ("/fc/http/fetch/not-found", test_fetch_not_found);
  g_test_add_func ("/fc/http/fetch/forbidden-is-consent", test_fetch_forbidden);
  g_test_add_func ("/fc/http/fetch/server-error-unavailable", test_fetch_server_error);
  g_test_add_func ("/fc/http/fetch/retry-after-once-then-unavailable",
                   test_fetch_retry_after_then_unavailable);
  g_test_add_func ("/fc/http/fetch/retry-after-too-long-not-waited",
                   test_fetch_retry_after_too_long);
  g_test_add_func ("/fc/http/fetch/retry-after-once-then-success",
                   test_fetch_retry_after_then_success);
  g_test_add_func ("/fc/http/fetch/bad-settings-send-nothing", test_fetch_bad_settings);
  g_test_add_func ("/fc/http/fetch/malformed-body", test_fetch_malformed);

  status = g_test_run ();
  http_test_teardown ();

  return status;
}
