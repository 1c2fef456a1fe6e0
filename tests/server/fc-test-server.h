/* fc-test-server.h: a real nginx on loopback with TLS 1.3 and mutual TLS, for FcHttpSource tests.
 *
 * fc_test_server_new() makes a temporary folder with a throwaway PKI generated with OpenSSL
 * (server CA + server certificate for 127.0.0.1/localhost, unit CA + unit client certificate, and
 * a "wrong" CA with its own client certificate). fc_test_server_start() writes nginx.conf and
 * starts /usr/sbin/nginx in the foreground (no daemon, no master process) with its pid file,
 * logs and temp folders in that folder, then waits until the port accepts.
 *
 * nginx serves GET /fhir/Patient/$summary?identifier=<system>|<sha256 hex>:
 *   - 403 when X-Consent-Basis is missing or not given/waived_unable;
 *   - the bundle added for that hash (fc_test_server_add_bundle), else 404;
 *   - a fault added for that hash (fc_test_server_add_fault).
 * A missing or untrusted client certificate gets nginx's own 400 answer. The access log records
 * one tab-separated line per request (see FcTestLogField).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The nginx binary; the environment variable FC_TEST_NGINX overrides it. */
#define FC_TEST_NGINX "/usr/sbin/nginx"

typedef enum {
  FC_TEST_FAULT_403,        /* the service refuses (consent) */
  FC_TEST_FAULT_500,        /* internal error */
  FC_TEST_FAULT_503,        /* unavailable, with Retry-After: @retry_after when > 0 */
  FC_TEST_FAULT_503_ONCE,   /* 503 + Retry-After: @retry_after the first time, then the bundle
                             * (served by a small backend behind proxy_pass) */
  FC_TEST_FAULT_SLOW,       /* the bundle, sent at 64 bytes/s (limit_rate) */
} FcTestFault;

/* Fields of one access log line. */
typedef enum {
  FC_TEST_LOG_CONNECTION,       /* nginx connection serial number */
  FC_TEST_LOG_CONNECTION_REQUESTS,
  FC_TEST_LOG_SESSION_REUSED,   /* "r" when the TLS session was resumed, else "." */
  FC_TEST_LOG_PROTOCOL,         /* "TLSv1.3" */
  FC_TEST_LOG_STATUS,
  FC_TEST_LOG_METHOD,
  FC_TEST_LOG_URI,              /* as sent, query included */
  FC_TEST_LOG_IDENTIFIER,       /* $arg_identifier, still URL-encoded */
  FC_TEST_LOG_CONSENT,          /* X-Consent-Basis, "-" when absent */
  FC_TEST_LOG_INCIDENT,         /* X-Incident-Id */
  FC_TEST_LOG_PURPOSE,          /* X-Purpose */
  FC_TEST_LOG_ACCEPT,           /* Accept */
  FC_TEST_LOG_CLIENT_VERIFY,    /* SUCCESS, NONE or FAILED:… */
  FC_TEST_LOG_N_FIELDS
} FcTestLogField;

typedef struct _FcTestServer FcTestServer;

/* Makes the folder and the PKI. */
FcTestServer *fc_test_server_new               (GError       **error);
void          fc_test_server_free              (FcTestServer  *self);
/* @json: the body served for @sha256_hex (need not be valid JSON). */
void          fc_test_server_add_bundle        (FcTestServer  *self,
                                                const char    *sha256_hex,
                                                const char    *json,
                                                gssize         length);
void          fc_test_server_add_fault         (FcTestServer  *self,
                                                const char    *sha256_hex,
                                                FcTestFault    fault,
                                                guint          retry_after);
/* Starts nginx (again, after a stop, on the same port). Fails with a clear message when
 * /usr/sbin/nginx is missing. */
gboolean      fc_test_server_start             (FcTestServer  *self,
                                                GError       **error);
/* Stops nginx and waits for it to exit. */
void          fc_test_server_stop              (FcTestServer  *self);
gboolean      fc_test_server_is_running        (FcTestServer  *self);
guint16       fc_test_server_get_port          (FcTestServer  *self);
/* "https://127.0.0.1:<port>/fhir" */
const char   *fc_test_server_get_base_url      (FcTestServer  *self);
const char   *fc_test_server_get_dir           (FcTestServer  *self);
/* PEM files: the server's CA, the unit's certificate and key (issued by the CA that nginx
 * trusts), a CA that did not issue the server certificate, and a client certificate and key
 * that nginx does not trust. */
const char   *fc_test_server_get_ca_file       (FcTestServer  *self);
const char   *fc_test_server_get_client_cert   (FcTestServer  *self);
const char   *fc_test_server_get_client_key    (FcTestServer  *self);
const char   *fc_test_server_get_wrong_ca_file (FcTestServer  *self);
const char   *fc_test_server_get_rogue_cert    (FcTestServer  *self);
const char   *fc_test_server_get_rogue_key     (FcTestServer  *self);
/* Access log lines so far (after waiting until nginx has written them), each split into FC_TEST_LOG_N_FIELDS fields (element-type GStrv). */
GPtrArray    *fc_test_server_read_log          (FcTestServer  *self);
guint         fc_test_server_count_requests    (FcTestServer  *self);

/* A loopback port where nothing listens (connection refused). */
guint16       fc_test_free_port                (void);
/* A loopback listener that never accepts or answers: connects succeed, TLS never starts. */
GSocket      *fc_test_silent_listener_new      (guint16       *port,
                                                GError       **error);

/* A loopback listener that accepts every connection (on its own thread) and then never sends a
 * byte: the client's TLS handshake waits forever. Stop it with fc_test_mute_listener_free(). */
typedef struct _FcTestMuteListener FcTestMuteListener;
FcTestMuteListener *fc_test_mute_listener_new   (guint16            *port,
                                                 GError            **error);
/* Connections accepted so far. */
guint               fc_test_mute_listener_get_accepted (FcTestMuteListener *self);
void                fc_test_mute_listener_free  (FcTestMuteListener *self);

/* Test utilities shared by the http, server and store tests. */

/* Removes @path and everything below it, read-only folders included. */
void                fc_test_remove_tree         (const char         *path);
/* A GAsyncReadyCallback that keeps a reference to the result in *(GAsyncResult **) @user_data. */
void                fc_test_store_result_cb     (GObject            *object,
                                                 GAsyncResult       *result,
                                                 gpointer            user_data);
/* Iterates the default main context until *@result is set (by fc_test_store_result_cb()) and
 * returns it. */
GAsyncResult       *fc_test_wait_result         (GAsyncResult      **result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTestMuteListener, fc_test_mute_listener_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTestServer, fc_test_server_free)

G_END_DECLS
