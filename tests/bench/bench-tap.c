/* bench-tap.c: tap → warnings on screen, per stage (benchmark, not gating).
 *
 * The whole real-mode path of the app: the libnfc pn532_uart driver (FcNfcTransport) talks to
 * the emulated PN532 on a pty with 106 kbit/s air-time and 115200-baud UART pacing; the virtual
 * card holds an RSA-2048 JPKI-shaped certificate (about 1.5 KB); FcJpki reads it; FcHttpSource
 * fetches the summary from nginx with mutual TLS on loopback through a proxy that adds 25 ms each
 * way (50 ms round trip, TCP handshake included); the bundle is parsed, the rules run, and the
 * summary page of a real FcWindow (real mode, under Xvfb) paints its first frame.
 *
 * Each run: the card is on the reader when the crew records consent (t0; the controller starts
 * the read at once). Stages, from the incident's timeline (monotonic µs) and the proxy:
 *   card               t0 → card read (identity parsed)
 *   fetch (network)    fetch started → last byte delivered by the proxy
 *   parse + hand-off   last byte → fetch done on the main thread (FHIR parse in the worker)
 *   rules + model      fetch done → summary set (rules evaluated, warning list updated)
 *   render             summary set → the first painted frame with the summary page on screen
 *                      and its warnings laid out (bench-ui.h; the app's style sheet is loaded)
 *   total              t0 → that frame
 * Cases: "fresh" (a new FcHttpSource each run: new TCP + full TLS handshake) and "reused" (one
 * source whose connection stays open). When FcIncident has a "summary-source" property, the
 * source is given to the incident, which warms it up (TLS connection) while the card is read.
 *
 * Usage: bench-tap [--runs N] [--json PATH]   (default 50 runs per case, one warm-up run each)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-tap"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "bench-ui.h"
#include "bench-util.h"
#include "fc-cache.h"
#include "fc-http-source.h"
#include "fc-paths.h"
#include "fc-pn532-emu.h"
#include "fc-test-server.h"
#include "fc-virtual-card.h"
#include "fc-window.h"
#include "nfc-test-certs.h"

#define ONE_WAY_MS 25
#define BUNDLE     "pilot-3-diabetes.json"

typedef struct {
  FcTestServer *server;
  BenchProxy   *proxy;
  FcPn532Emu   *emu;
  FcVirtualCard *card;
  FcWindow     *window;
  FcController *controller;
  FcCache      *cache;
  char         *base_url;
  char         *user_dir;
  char         *emu_dir;

  /* Per run: */
  BenchFrames   frames;
} Bench;

static void
summary_set_cb (FcIncident *incident,
                GParamSpec *pspec,
                Bench      *bench)
{
  if (fc_incident_get_summary (incident) == NULL || bench->frames.t_model != 0)
    return;
  bench_frames_arm (&bench->frames);
}

static FcHttpSource *
new_source (Bench *bench)
{
  FcHttpSource *source = fc_http_source_new (bench->base_url);

  fc_http_source_set_ca_file (source, fc_test_server_get_ca_file (bench->server));
  fc_http_source_set_client_cert_file (source, fc_test_server_get_client_cert (bench->server));
  fc_http_source_set_client_key_file (source, fc_test_server_get_client_key (bench->server));
  fc_http_source_set_cache (source, bench->cache);
  return source;
}

static gboolean
incident_has_source_property (FcIncident *incident)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (incident), "summary-source") != NULL;
}

static gboolean
incident_class_has_source (void)
{
  GObjectClass *klass = g_type_class_ref (FC_TYPE_INCIDENT);
  gboolean has = g_object_class_find_property (klass, "summary-source") != NULL;

  g_type_class_unref (klass);
  return has;
}

/* One tap; adds its stages to @table unless @table is NULL (warm-up). FALSE on failure. */
static gboolean
run_once (Bench        *bench,
          FcHttpSource *source,
          BenchTable   *table,
          const char   *name)
{
  g_autoptr(GError) error = NULL;
  FcIncident *incident;
  GdkFrameClock *clock;
  gint64 t0, t_card, t_fetch, t_net, t_done;
  gulong summary_handler;
  gboolean ok;

  fc_pn532_emu_set_card_present (bench->emu, FALSE);
  fc_controller_new_incident (bench->controller);
  if (!fc_controller_start_incident (bench->controller, NULL, &error))
    {
      g_printerr ("bench-tap: %s\n", error->message);
      return FALSE;
    }
  incident = fc_controller_get_incident (bench->controller);
  fc_controller_set_source_for_testing (bench->controller, FC_SUMMARY_SOURCE (source));
  if (incident_has_source_property (incident))
    g_object_set (incident, "summary-source", source, NULL);
  summary_handler = g_signal_connect (incident, "notify::summary", G_CALLBACK (summary_set_cb),
                                      bench);
  bench_spin (30);
  fc_pn532_emu_set_card_present (bench->emu, TRUE);

  bench->frames.t_model = 0;
  t0 = g_get_monotonic_time ();
  if (!fc_controller_record_consent (bench->controller, FC_CONSENT_GIVEN, NULL, &error))
    {
      g_printerr ("bench-tap: %s\n", error->message);
      return FALSE;
    }
  ok = BENCH_SPIN_UNTIL (fc_controller_get_fetch_state (bench->controller) == FC_FETCH_DONE ||
                         fc_controller_get_fetch_state (bench->controller) == FC_FETCH_FAILED ||
                         fc_controller_get_card_error (bench->controller) != NULL);
  if (!ok || fc_controller_get_fetch_state (bench->controller) != FC_FETCH_DONE)
    {
      g_printerr ("bench-tap: no summary: card: %s; fetch: %s\n",
                  fc_controller_get_card_error (bench->controller),
                  fc_controller_get_fetch_error (bench->controller));
      g_signal_handler_disconnect (incident, summary_handler);
      return FALSE;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  ok = BENCH_SPIN_UNTIL (bench_frames_painted (&bench->frames));
  g_signal_handler_disconnect (incident, summary_handler);
  if (!ok || clock == NULL)
    {
      g_printerr ("bench-tap: no frame was painted\n");
      return FALSE;
    }

  t_card = bench_event_time (incident, FC_EVENT_CARD_READ);
  t_fetch = bench_event_time (incident, FC_EVENT_FETCH_STARTED);
  t_done = bench_event_time (incident, FC_EVENT_FETCH_DONE);
  t_net = bench_proxy_get_last_delivery (bench->proxy);

  if (table != NULL)
    {
      bench_table_add (table, name, "card (PN532 106 kbit/s)", "ms", (t_card - t0) / 1000.);
      bench_table_add (table, name, "fetch (TLS + HTTP, 50 ms RTT)", "ms",
                       (MAX (t_net, t_fetch) - t_fetch) / 1000.);
      bench_table_add (table, name, "parse + hand-off", "ms",
                       (t_done - MAX (t_net, t_fetch)) / 1000.);
      bench_table_add (table, name, "rules + model", "ms", (bench->frames.t_model - t_done) / 1000.);
      bench_table_add (table, name, "render (first frame with warnings)", "ms",
                       (bench->frames.t_paint - bench->frames.t_model) / 1000.);
      bench_table_add (table, name, "total: tap -> warnings", "ms",
                       (bench->frames.t_paint - t0) / 1000.);
      bench_table_add (table, name, "new connections in the fetch", "",
                       fc_http_source_get_last_new_connections (source));
    }

  fc_controller_request_handover (bench->controller);
  fc_controller_handover (bench->controller);
  bench_spin (20);
  return TRUE;
}

static char *
read_bundle (void)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *path = g_build_filename (data_dir, "scenarios", "bundles", BUNDLE, NULL);
  g_autoptr(GError) error = NULL;
  char *json = NULL;

  if (!g_file_get_contents (path, &json, NULL, &error))
    g_error ("bench-tap: %s", error->message);
  return json;
}

int
main (int    argc,
      char **argv)
{
  BenchOptions options = { 0 };
  g_autoptr(BenchTable) table = bench_table_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcRealConfig) config = fc_real_config_new ();
  g_autoptr(FcHttpSource) reused = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *link = NULL;
  g_autofree char *connstring = NULL;
  Bench bench = { 0 };
  int status = 0;

  bench_options_parse (&options, &argc, &argv, 50,
                       "Tap → warnings: emulated PN532 → certificate → mTLS fetch (50 ms RTT) → "
                       "parse → rules → first frame.");
  if (!bench_have_display ())
    {
      g_printerr ("bench-tap: no display (run under xvfb-run)\n");
      return 77;
    }
  bench_ui_init_gtk ();

  bench.user_dir = g_dir_make_tmp ("fc-bench-tap-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("FIELDCARD_USER_DIR", bench.user_dir, TRUE);

  /* The card and the reader. */
  make_test_certs ();
  bench.card = fc_virtual_card_new (test_cert, test_ca_der);
  bench.emu_dir = g_build_filename (bench.user_dir, "dev", NULL);
  g_mkdir_with_parents (bench.emu_dir, 0700);
  link = g_build_filename (bench.emu_dir, "ttyNFC0", NULL);
  bench.emu = fc_pn532_emu_new (FC_CARD_TRANSPORT (bench.card), link, &error);
  if (bench.emu == NULL)
    g_error ("bench-tap: emulator: %s", error->message);
  fc_pn532_emu_set_pacing (bench.emu, TRUE);
  connstring = fc_pn532_emu_dup_connstring (bench.emu);

  /* The summary service, 25 ms away each way. */
  bench.server = fc_test_server_new (&error);
  if (bench.server == NULL)
    g_error ("bench-tap: server: %s", error->message);
  bundle = read_bundle ();
  fc_test_server_add_bundle (bench.server, test_cert_sha256, bundle, -1);
  if (!fc_test_server_start (bench.server, &error))
    {
      g_printerr ("bench-tap: %s\n", error->message);
      return 77;
    }
  bench.proxy = bench_proxy_new (fc_test_server_get_port (bench.server), ONE_WAY_MS, &error);
  g_assert_no_error (error);
  bench.base_url = g_strdup_printf ("https://127.0.0.1:%u/fhir", bench_proxy_get_port (bench.proxy));
  bench.cache = fc_cache_open_default (FALSE, &error);
  if (bench.cache == NULL)
    g_error ("bench-tap: cache: %s", error->message);

  /* The window, in real mode with this reader and server. */
  g_free (config->server_url);
  config->server_url = g_strdup (bench.base_url);
  g_free (config->ca_file);
  config->ca_file = g_strdup (fc_test_server_get_ca_file (bench.server));
  g_free (config->client_cert_file);
  config->client_cert_file = g_strdup (fc_test_server_get_client_cert (bench.server));
  g_free (config->client_key_file);
  config->client_key_file = g_strdup (fc_test_server_get_client_key (bench.server));
  g_free (config->reader_connstring);
  config->reader_connstring = g_strdup (connstring);
  g_free (config->unit_id);
  config->unit_id = g_strdup ("BENCH-1");
  if (config->identifier_system == NULL || *config->identifier_system == '\0')
    {
      g_free (config->identifier_system);
      config->identifier_system = g_strdup ("urn:fieldcard:jpki-auth-cert-sha256");
    }
  if (!fc_real_config_is_complete (config))
    g_error ("bench-tap: real-mode configuration incomplete");

  bench.window = g_object_ref_sink (fc_window_new_with_config (NULL, config));
  bench.controller = fc_window_get_controller (bench.window);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (bench.window));
  BENCH_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (bench.window)));
  bench_spin (100);
  bench_frames_watch (&bench.frames, bench.window);

  printf ("# bench-tap: %u runs per case; RTT %u ms; PN532 pacing on; certificate %zu bytes; "
          "the incident warms the source up during the card read: %s\n",
          options.runs, 2 * ONE_WAY_MS, g_bytes_get_size (test_cert),
          incident_class_has_source () ? "yes" : "no");

  /* Fresh: a new source (no connection, no TLS session) for every tap. */
  for (guint i = 0; i <= options.runs && status == 0; i++)
    {
      g_autoptr(FcHttpSource) source = new_source (&bench);

      if (!run_once (&bench, source, i == 0 ? NULL : table, "tap-to-warnings fresh"))
        status = 1;
      fc_controller_set_source_for_testing (bench.controller, NULL);
    }

  /* Reused: one source; its connection stays open between taps. */
  reused = new_source (&bench);
  for (guint i = 0; i <= options.runs && status == 0; i++)
    if (!run_once (&bench, reused, i == 0 ? NULL : table, "tap-to-warnings reused"))
      status = 1;
  fc_controller_set_source_for_testing (bench.controller, NULL);
  g_clear_object (&reused);

  bench_frames_unwatch (&bench.frames);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  bench_spin (50);
  g_clear_object (&bench.window);
  fc_cache_close (bench.cache);
  g_clear_object (&bench.cache);
  fc_test_server_stop (bench.server);
  bench_spin (50);
  bench_proxy_free (bench.proxy);
  fc_test_server_free (bench.server);
  g_clear_object (&bench.emu);
  g_clear_object (&bench.card);
  bench_remove_tree (bench.user_dir);
  g_free (bench.user_dir);
  g_free (bench.emu_dir);
  g_free (bench.base_url);

  if (status != 0)
    return status;
  return bench_finish (table, &options);
}
