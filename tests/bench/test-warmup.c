/* test-warmup.c: the speed levers of issue 9 that change behaviour — the summary source's
 * warm-up (fc_summary_source_prepare_async), FcIncident warming its "summary-source" up when the
 * card read starts (never without consent), and FcHttpSource letting a fetch queued behind a
 * failing warm-up share that failure instead of waiting for a second time-out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "fc-http-source.h"
#include "fc-incident.h"
#include "fc-virtual-card.h"
#include "nfc-test-certs.h"

/* A source that counts warm-ups and fetches; its fetch returns an empty summary. */

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource {
  GObject  parent_instance;
  guint    prepares;
  gboolean plain;   /* TRUE: no prepare vfunc of its own (the default is used) */
};

static void test_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSource, test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE, test_source_iface_init))

static void
test_source_fetch_async (FcSummarySource     *source,
                         FcCardIdentity      *identity,
                         FcConsent            consent,
                         const char          *incident_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_return_pointer (task, fc_summary_new (), g_object_unref);
}

static FcSummary *
test_source_fetch_finish (FcSummarySource  *source,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_source_prepare_async (FcSummarySource     *source,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  TEST_SOURCE (source)->prepares++;
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_source_prepare_finish (FcSummarySource  *source,
                            GAsyncResult     *result,
                            GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = test_source_fetch_async;
  iface->fetch_finish = test_source_fetch_finish;
  iface->prepare_async = test_source_prepare_async;
  iface->prepare_finish = test_source_prepare_finish;
}

static void
test_source_class_init (TestSourceClass *klass)
{
}

static void
test_source_init (TestSource *self)
{
}

/* A source with only the required vfuncs: the interface's default warm-up applies. */

#define TEST_TYPE_PLAIN_SOURCE (test_plain_source_get_type ())
G_DECLARE_FINAL_TYPE (TestPlainSource, test_plain_source, TEST, PLAIN_SOURCE, GObject)

struct _TestPlainSource {
  GObject parent_instance;
};

static void test_plain_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPlainSource, test_plain_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      test_plain_source_iface_init))

static void
test_plain_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = test_source_fetch_async;
  iface->fetch_finish = test_source_fetch_finish;
}

static void
test_plain_source_class_init (TestPlainSourceClass *klass)
{
}

static void
test_plain_source_init (TestPlainSource *self)
{
}

/* Helpers */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static FcIncident *
new_incident (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, "TEST-1", FALSE);
  FcIncident *incident = fc_incident_new (timeline, NULL, FALSE);

  fc_incident_start (incident);
  return incident;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* /fc/bench/warmup/default-prepare-succeeds */
static void
test_default_prepare (void)
{
  FcSummarySource *source = g_object_new (TEST_TYPE_PLAIN_SOURCE, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fc_summary_source_prepare_async (source, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_true (fc_summary_source_prepare_finish (source, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_finalize_object (source);
}

/* /fc/bench/warmup/incident-source-property */
static void
test_source_property (void)
{
  FcIncident *incident = new_incident ();
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, NULL);
  FcSummarySource *got = NULL;
  guint notified = 0;

  g_assert_null (fc_incident_get_summary_source (incident));
  g_signal_connect (incident, "notify::summary-source", G_CALLBACK (count_notify_cb), &notified);

  fc_incident_set_summary_source (incident, FC_SUMMARY_SOURCE (source));
  g_assert_true (fc_incident_get_summary_source (incident) == FC_SUMMARY_SOURCE (source));
  g_assert_cmpuint (notified, ==, 1);
  fc_incident_set_summary_source (incident, FC_SUMMARY_SOURCE (source));
  g_assert_cmpuint (notified, ==, 1);

  g_object_get (incident, "summary-source", &got, NULL);
  g_assert_true (got == FC_SUMMARY_SOURCE (source));
  g_clear_object (&got);

  g_object_set (incident, "summary-source", NULL, NULL);
  g_assert_null (fc_incident_get_summary_source (incident));
  g_assert_cmpuint (notified, ==, 2);
  /* Never warmed up without a card read. */
  g_assert_cmpuint (source->prepares, ==, 0);

  g_assert_finalize_object (incident);
  g_assert_finalize_object (source);
}

/* /fc/bench/warmup/read-card-warms-source */
static void
test_read_warms_source (void)
{
  FcIncident *incident = new_incident ();
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, NULL);
  FcVirtualCard *card = fc_virtual_card_new (test_cert, test_ca_der);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_incident_set_summary_source (incident, FC_SUMMARY_SOURCE (source));
  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_GIVEN, NULL, &error));
  g_assert_no_error (error);

  fc_incident_read_card_async (incident, FC_CARD_TRANSPORT (card), NULL, 2000, NULL,
                               store_result_cb, &result);
  /* The warm-up starts together with the read, not after it. */
  g_assert_cmpuint (source->prepares, ==, 1);
  identity = fc_incident_read_card_finish (incident, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (source->prepares, ==, 1);

  fc_incident_handover (incident);
  g_clear_object (&identity);
  g_clear_object (&result);
  g_assert_finalize_object (incident);
  g_assert_finalize_object (source);
  g_assert_finalize_object (card);
}

/* /fc/bench/warmup/no-warmup-without-consent */
static void
test_no_warmup_without_consent (void)
{
  FcIncident *incident = new_incident ();
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, NULL);
  FcVirtualCard *card = fc_virtual_card_new (test_cert, test_ca_der);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  fc_incident_set_summary_source (incident, FC_SUMMARY_SOURCE (source));

  /* Not recorded yet. */
  fc_incident_read_card_async (incident, FC_CARD_TRANSPORT (card), NULL, 2000, NULL,
                               store_result_cb, &result);
  identity = fc_incident_read_card_finish (incident, wait_result (&result), &error);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_assert_null (identity);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Refused. */
  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_REFUSED, NULL, &error));
  fc_incident_read_card_async (incident, FC_CARD_TRANSPORT (card), NULL, 2000, NULL,
                               store_result_cb, &result);
  identity = fc_incident_read_card_finish (incident, wait_result (&result), &error);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_assert_null (identity);

  g_assert_cmpuint (source->prepares, ==, 0);
  g_clear_object (&result);
  g_assert_finalize_object (incident);
  g_assert_finalize_object (source);
  g_assert_finalize_object (card);
}

/* A CA file libcurl can load (nothing is ever verified with it: the server never answers). */
static char *
der_to_pem (GBytes *der)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  GString *pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  gsize len = strlen (b64);

  for (gsize i = 0; i < len; i += 64)
    {
      g_string_append_len (pem, b64 + i, MIN (64, len - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
  return g_string_free (pem, FALSE);
}

/* /fc/bench/warmup/http-fetch-shares-failed-warmup */
static void
test_http_shares_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-warmup-XXXXXX", &error);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *url = NULL;
  g_autofree char *pem = der_to_pem (test_ca_der);
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) fetched_later = NULL;
  g_autoptr(FcSummary) summary = NULL;
  FcHttpSource *source;
  GSocket *socket;
  guint16 port = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (ca, pem, -1, &error));
  identity = fc_card_identity_new_from_der (test_cert, NULL, &error);
  g_assert_no_error (error);

  /* A listener that never answers: connections open, TLS never starts (the warm-up times out;
   * meanwhile the fetch is queued). */
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
    g_assert_no_error (error);
    g_assert_true (g_socket_bind (socket, any, TRUE, &error));
    g_socket_set_listen_backlog (socket, 8);
    g_assert_true (g_socket_listen (socket, &error));
    bound = g_socket_get_local_address (socket, &error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  url = g_strdup_printf ("https://127.0.0.1:%u/fhir", port);
  source = fc_http_source_new (url);
  fc_http_source_set_ca_file (source, ca);
  fc_http_source_set_connect_timeout (source, 1);

  /* The fetch is queued while the warm-up is still waiting for its connection. */
  fc_summary_source_prepare_async (FC_SUMMARY_SOURCE (source), NULL, store_result_cb, &prepared);
  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), identity, FC_CONSENT_GIVEN, NULL,
                                 NULL, store_result_cb, &fetched);
  wait_result (&prepared);
  wait_result (&fetched);
  g_assert_false (fc_summary_source_prepare_finish (FC_SUMMARY_SOURCE (source), prepared, &error));
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_clear_error (&error);
  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source), fetched, &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_assert_null (summary);
  g_clear_error (&error);
  /* Only the warm-up went out. */
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 1);

  /* A fetch queued after the failed warm-up tries for itself. */
  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), identity, FC_CONSENT_GIVEN, NULL,
                                 NULL, store_result_cb, &fetched_later);
  summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source),
                                            wait_result (&fetched_later), &error);
  g_assert_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
  g_assert_null (summary);
  g_assert_cmpuint (fc_http_source_get_request_count (source), ==, 2);

  g_clear_object (&prepared);
  g_clear_object (&fetched);
  g_clear_object (&fetched_later);
  g_assert_finalize_object (source);
  g_object_unref (socket);
  g_unlink (ca);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  make_test_certs ();

  g_test_add_func ("/fc/bench/warmup/default-prepare-succeeds", test_default_prepare);
  g_test_add_func ("/fc/bench/warmup/incident-source-property", test_source_property);
  g_test_add_func ("/fc/bench/warmup/read-card-warms-source", test_read_warms_source);
  g_test_add_func ("/fc/bench/warmup/no-warmup-without-consent", test_no_warmup_without_consent);
  g_test_add_func ("/fc/bench/warmup/http-fetch-shares-failed-warmup", test_http_shares_failure);

  return g_test_run ();
}
