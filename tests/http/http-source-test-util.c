/* http-source-test-util.c: the shared nginx, the test cards and the fetch helpers used by
 * test-http-source and test-http-transport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-summary-source.h"
#include "fc-test-ca.h"
#include "http-source-test-util.h"

#define BUNDLE_NAME "pilot-1-anticoagulant.json"

FcTestServer *server;
FcCardIdentity *cards[N_CARDS];
char *bundle;
gsize bundle_len;

static FcCardIdentity *
make_identity (FcTestCa *ca)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = fc_test_ca_issue_auth_cert (ca, "TEST PATIENT", -1, 365, &error);
  FcCardIdentity *identity;

  g_assert_no_error (error);
  identity = fc_card_identity_new_from_der (der, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (fc_card_identity_get_sha256_hex (identity)), ==, 64);
  return identity;
}

const char *
hash_of (Card card)
{
  return fc_card_identity_get_sha256_hex (cards[card]);
}

FcHttpSource *
make_source (FcTestServer *srv)
{
  FcHttpSource *source = fc_http_source_new (fc_test_server_get_base_url (srv));

  g_object_set (source,
                "ca-file", fc_test_server_get_ca_file (srv),
                "client-cert-file", fc_test_server_get_client_cert (srv),
                "client-key-file", fc_test_server_get_client_key (srv),
                "connect-timeout", 2,
                "total-timeout", 4,
                NULL);
  return source;
}

FcSummary *
fetch (FcHttpSource   *source,
       Card            card,
       FcConsent       consent,
       const char     *incident_id,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_summary_source_fetch_async (FC_SUMMARY_SOURCE (source), cards[card], consent, incident_id,
                                 cancellable, fc_test_store_result_cb, &result);

  return fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (source), fc_test_wait_result (&result),
                                         error);
}

GError *
fetch_error (FcHttpSource *source,
             Card          card,
             GQuark        domain,
             gint          code)
{
  GError *error = NULL;
  g_autoptr(FcSummary) summary = fetch (source, card, FC_CONSENT_GIVEN, "incident-1", NULL,
                                        &error);

  g_assert_error (error, domain, code);
  g_assert_null (summary);
  return error;
}

gboolean
prepare (FcHttpSource  *source,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_http_source_prepare_async (source, NULL, fc_test_store_result_cb, &result);

  return fc_http_source_prepare_finish (source, fc_test_wait_result (&result), error);
}

char **
last_log_line (FcTestServer *srv)
{
  g_autoptr(GPtrArray) lines = fc_test_server_read_log (srv);

  g_assert_cmpuint (lines->len, >, 0);
  return g_strdupv (g_ptr_array_index (lines, lines->len - 1));
}

double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

gboolean
http_test_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcTestCa) ca = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *truncated = NULL;

  /* Requests go straight to loopback, whatever the environment says. */
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  data_dir = g_strdup (g_getenv ("FIELDCARD_DATA_DIR"));
  if (data_dir == NULL)
    data_dir = g_strdup (SOURCE_DATADIR);
  bundle_path = g_build_filename (data_dir, "scenarios", "bundles", BUNDLE_NAME, NULL);
  if (!g_file_get_contents (bundle_path, &bundle, &bundle_len, &error))
    g_error ("%s", error->message);

  ca = fc_test_ca_new (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_CARDS; i++)
    cards[i] = make_identity (ca);

  server = fc_test_server_new (&error);
  g_assert_no_error (error);
  fc_test_server_add_bundle (server, hash_of (CARD_OK), bundle, bundle_len);
  fc_test_server_add_bundle (server, hash_of (CARD_503_ONCE), bundle, bundle_len);
  fc_test_server_add_bundle (server, hash_of (CARD_SLOW), bundle, bundle_len);
  truncated = g_strndup (bundle, bundle_len / 2);
  fc_test_server_add_bundle (server, hash_of (CARD_MALFORMED), truncated, -1);
  fc_test_server_add_fault (server, hash_of (CARD_403), FC_TEST_FAULT_403, 0);
  fc_test_server_add_fault (server, hash_of (CARD_500), FC_TEST_FAULT_500, 0);
  fc_test_server_add_fault (server, hash_of (CARD_503), FC_TEST_FAULT_503, 1);
  fc_test_server_add_fault (server, hash_of (CARD_503_LONG), FC_TEST_FAULT_503, 30);
  fc_test_server_add_fault (server, hash_of (CARD_503_ONCE), FC_TEST_FAULT_503_ONCE, 1);
  fc_test_server_add_fault (server, hash_of (CARD_SLOW), FC_TEST_FAULT_SLOW, 0);
  if (!fc_test_server_start (server, &error))
    {
      /* A failure, not a skip: CI installs nginx, so a missing one is a broken setup. */
      g_print ("Bail out! Cannot run the HTTPS tests: %s\n", error->message);
      g_clear_pointer (&server, fc_test_server_free);
      return FALSE;
    }

  return TRUE;
}

void
http_test_teardown (void)
{
  g_clear_pointer (&server, fc_test_server_free);
  for (guint i = 0; i < N_CARDS; i++)
    g_clear_object (&cards[i]);
  g_clear_pointer (&bundle, g_free);
}
