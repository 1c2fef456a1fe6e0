/* http-source-test-util.h: the shared nginx, the test cards and the fetch helpers used by
 * test-http-source and test-http-transport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-card-identity.h"
#include "fc-http-source.h"
#include "fc-summary.h"
#include "fc-test-server.h"

G_BEGIN_DECLS

/* One certificate per server behaviour (each card's hash is set up in nginx). */
typedef enum {
  CARD_OK,
  CARD_UNKNOWN,
  CARD_403,
  CARD_500,
  CARD_503,
  CARD_503_LONG,
  CARD_503_ONCE,
  CARD_SLOW,
  CARD_MALFORMED,
  N_CARDS
} Card;

extern FcTestServer *server;              /* (owned) */
extern FcCardIdentity *cards[N_CARDS];    /* (owned) */
extern char *bundle;                      /* (owned) */
extern gsize bundle_len;

/* Call after g_test_init(): loads the bundle, issues the cards and starts the shared nginx with
 * every fault. Returns FALSE (after printing a TAP bail-out) when nginx cannot start. */
gboolean       http_test_setup    (void);
void           http_test_teardown (void);

const char    *hash_of            (Card            card);
FcHttpSource  *make_source        (FcTestServer   *srv);
FcSummary     *fetch              (FcHttpSource   *source,
                                   Card            card,
                                   FcConsent       consent,
                                   const char     *incident_id,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* Fetches @card for "incident-1" with consent given, checks that it fails with @domain and
 * @code, and returns the error. */
GError        *fetch_error        (FcHttpSource   *source,
                                   Card            card,
                                   GQuark          domain,
                                   gint            code);
gboolean       prepare            (FcHttpSource   *source,
                                   GError        **error);
/* The access log line of the last request. */
char         **last_log_line      (FcTestServer   *srv);
double         seconds_since      (gint64          start);

G_END_DECLS
