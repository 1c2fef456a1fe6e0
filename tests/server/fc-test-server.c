/* fc-test-server.c: a real nginx on loopback with mutual TLS, for FcHttpSource tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define FC_TEST_SLOW_RATE       64
#define FC_TEST_START_TIMEOUT_S 5

struct _FcTestServer
{
  char        *dir;           /* (owned): the temporary folder, removed by free */
  char        *base_url;      /* (owned) (nullable) */
  guint16      port;
  GSubprocess *nginx;         /* (owned) (nullable) */

  char        *ca_file;       /* (owned) */
  char        *server_cert;   /* (owned) */
  char        *server_key;    /* (owned) */
  char        *unit_ca_file;  /* (owned) */
  char        *client_cert;   /* (owned) */
  char        *client_key;    /* (owned) */
  char        *wrong_ca_file; /* (owned) */
  char        *rogue_cert;    /* (owned) */
  char        *rogue_key;     /* (owned) */

  GHashTable  *faults;        /* (owned): hash → "fault" */
  GHashTable  *retry_after;   /* (owned): hash → "seconds" */

  /* The backend behind proxy_pass for FC_TEST_FAULT_503_ONCE: */
  GSocket     *backend;       /* (owned) (nullable) */
  guint16      backend_port;
  GThread     *backend_thread;/* (owned) (nullable) */
  GCancellable *backend_cancel; /* (owned) (nullable) */
  GMutex       mutex;
  GHashTable  *backend_hits;  /* (owned) (mutex mutex): hash → GUINT count */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)

/* PKI */

static gboolean
openssl_failed (GError     **error,
                const char  *what)
{
  char detail[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, detail, sizeof detail);
  ERR_clear_error ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "test PKI: %s failed: %s", what, detail);
  return FALSE;
}

static gboolean
add_ext (X509       *cert,
         X509       *issuer,
         int         nid,
         const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  gboolean ok;

  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1) == 1;
  X509_EXTENSION_free (ext);
  return ok;
}

/* A certificate for @key named CN=@cn, signed by @issuer_key (self-signed when @issuer is NULL).
 * @kind: "ca", "server" or "client". */
static X509 *
make_cert (const char  *cn,
           EVP_PKEY    *key,
           X509        *issuer,
           EVP_PKEY    *issuer_key,
           const char  *kind,
           GError     **error)
{
  g_autoptr(X509) cert = X509_new ();
  X509_NAME *name;
  guint8 serial[12];
  BIGNUM *bn;
  gboolean ok;

  if (cert == NULL || X509_set_version (cert, 2) != 1 || RAND_bytes (serial, sizeof serial) != 1)
    {
      openssl_failed (error, "X509_new");
      return NULL;
    }
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  bn = BN_bin2bn (serial, sizeof serial, NULL);
  ok = bn != NULL && BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert)) != NULL;
  BN_free (bn);

  name = X509_get_subject_name (cert);
  ok = ok &&
       X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                   (const guint8 *) "FieldCard Test", -1, -1, 0) == 1 &&
       X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const guint8 *) cn,
                                   -1, -1, 0) == 1 &&
       X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name) == 1 &&
       X509_time_adj_ex (X509_getm_notBefore (cert), -1, 0, NULL) != NULL &&
       X509_time_adj_ex (X509_getm_notAfter (cert), 2, 0, NULL) != NULL &&
       X509_set_pubkey (cert, key) == 1;

  if (ok && g_str_equal (kind, "ca"))
    ok = add_ext (cert, cert, NID_basic_constraints, "critical,CA:TRUE") &&
         add_ext (cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
         add_ext (cert, cert, NID_subject_key_identifier, "hash");
  else if (ok)
    ok = add_ext (cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
         add_ext (cert, issuer, NID_key_usage, "critical,digitalSignature") &&
         add_ext (cert, issuer, NID_authority_key_identifier, "keyid") &&
         add_ext (cert, issuer, NID_ext_key_usage,
                  g_str_equal (kind, "server") ? "serverAuth" : "clientAuth") &&
         (!g_str_equal (kind, "server") ||
          add_ext (cert, issuer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"));

  if (!ok || X509_sign (cert, issuer_key, EVP_sha256 ()) <= 0)
    {
      openssl_failed (error, "making a certificate");
      return NULL;
    }

  return g_steal_pointer (&cert);
}

static gboolean
write_pem (const char  *path,
           X509        *cert,
           EVP_PKEY    *key,
           GError     **error)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "w");
  gboolean ok;

  if (bio == NULL)
    return openssl_failed (error, path);

  if (cert != NULL)
    ok = PEM_write_bio_X509 (bio, cert) == 1;
  else
    ok = PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL) == 1;
  if (!ok || BIO_flush (bio) != 1)
    return openssl_failed (error, path);

  g_chmod (path, 0600);
  return TRUE;
}

typedef struct {
  EVP_PKEY *key;
  X509     *cert;
} Pair;

static void
pair_clear (Pair *pair)
{
  g_clear_pointer (&pair->key, EVP_PKEY_free);
  g_clear_pointer (&pair->cert, X509_free);
}

/* A key pair and its certificate, issued by @issuer (self-signed CA when NULL); written to
 * @cert_path and (when not NULL) @key_path. */
static gboolean
make_pair (Pair        *out,
           const char  *cn,
           Pair        *issuer,
           const char  *kind,
           const char  *cert_path,
           const char  *key_path,
           GError     **error)
{
  out->key = EVP_EC_gen ("P-256");
  if (out->key == NULL)
    return openssl_failed (error, "EVP_EC_gen");

  out->cert = make_cert (cn, out->key, issuer != NULL ? issuer->cert : NULL,
                         issuer != NULL ? issuer->key : out->key, kind, error);
  if (out->cert == NULL)
    return FALSE;

  return write_pem (cert_path, out->cert, NULL, error) &&
         (key_path == NULL || write_pem (key_path, NULL, out->key, error));
}

static gboolean
make_pki (FcTestServer  *self,
          GError       **error)
{
  Pair server_ca = { 0 }, server = { 0 }, unit_ca = { 0 }, client = { 0 };
  Pair wrong_ca = { 0 }, rogue = { 0 };
  gboolean ok;

  ok = make_pair (&server_ca, "Summary Service Test CA", NULL, "ca", self->ca_file, NULL, error) &&
       make_pair (&server, "localhost", &server_ca, "server", self->server_cert,
                  self->server_key, error) &&
       make_pair (&unit_ca, "Ambulance Unit Test CA", NULL, "ca", self->unit_ca_file, NULL,
                  error) &&
       make_pair (&client, "Unit 1", &unit_ca, "client", self->client_cert, self->client_key,
                  error) &&
       make_pair (&wrong_ca, "Wrong Test CA", NULL, "ca", self->wrong_ca_file, NULL, error) &&
       make_pair (&rogue, "Rogue Unit", &wrong_ca, "client", self->rogue_cert, self->rogue_key,
                  error);

  pair_clear (&server_ca);
  pair_clear (&server);
  pair_clear (&unit_ca);
  pair_clear (&client);
  pair_clear (&wrong_ca);
  pair_clear (&rogue);
  return ok;
}

/* Sockets */

guint16
fc_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

GSocket *
fc_test_silent_listener_new (guint16  *port,
                             GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return NULL;
  g_socket_set_listen_backlog (socket, 16);
  if (!g_socket_listen (socket, error))
    return NULL;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return NULL;

  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

struct _FcTestMuteListener
{
  GSocket      *socket;      /* (owned) */
  GCancellable *cancellable; /* (owned) */
  GThread      *thread;      /* (owned) */
  GPtrArray    *accepted;    /* (owned) (element-type GSocket): kept open, never answered */
  GMutex        mutex;
};

static gpointer
mute_listener_thread (gpointer user_data)
{
  FcTestMuteListener *self = user_data;

  for (;;)
    {
      GSocket *client = g_socket_accept (self->socket, self->cancellable, NULL);

      if (client == NULL)
        break;
      g_mutex_lock (&self->mutex);
      g_ptr_array_add (self->accepted, client);
      g_mutex_unlock (&self->mutex);
    }

  return NULL;
}

FcTestMuteListener *
fc_test_mute_listener_new (guint16  *port,
                           GError  **error)
{
  FcTestMuteListener *self;
  GSocket *socket = fc_test_silent_listener_new (port, error);

  if (socket == NULL)
    return NULL;

  self = g_new0 (FcTestMuteListener, 1);
  self->socket = socket;
  self->cancellable = g_cancellable_new ();
  self->accepted = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->mutex);
  self->thread = g_thread_new ("mute-listener", mute_listener_thread, self);

  return self;
}

guint
fc_test_mute_listener_get_accepted (FcTestMuteListener *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->accepted->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

void
fc_test_mute_listener_free (FcTestMuteListener *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->accepted);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* Backend for FC_TEST_FAULT_503_ONCE (HTTP/1.0 from nginx's proxy_pass, one request per
 * connection). The first request for a hash gets 503 + Retry-After, later ones the bundle. */

static char *
extract_hash (const char *request)
{
  const char *end = strstr (request, " HTTP/");
  const char *p;

  if (end == NULL || end - request < 64)
    return NULL;
  p = end - 64;
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (p[i]))
      return NULL;
  return g_strndup (p, 64);
}

static void
backend_answer (FcTestServer *self,
                GSocket      *client)
{
  GString *request = g_string_new (NULL);
  g_autofree char *hash = NULL;
  g_autofree char *response = NULL;
  g_autofree char *body = NULL;
  gsize body_len = 0;
  guint hits;
  char buffer[4096];
  const char *retry;

  g_socket_set_timeout (client, 5);
  while (strstr (request->str, "\r\n\r\n") == NULL && request->len < 65536)
    {
      gssize n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (request, buffer, n);
    }

  hash = extract_hash (request->str);
  g_mutex_lock (&self->mutex);
  hits = GPOINTER_TO_UINT (g_hash_table_lookup (self->backend_hits, hash != NULL ? hash : ""));
  g_hash_table_insert (self->backend_hits, g_strdup (hash != NULL ? hash : ""),
                       GUINT_TO_POINTER (hits + 1));
  retry = hash != NULL ? g_hash_table_lookup (self->retry_after, hash) : NULL;
  g_mutex_unlock (&self->mutex);

  if (hits == 0)
    {
      response = g_strdup_printf ("HTTP/1.0 503 Service Unavailable\r\n"
                                  "Content-Type: application/fhir+json\r\n"
                                  "Retry-After: %s\r\n"
                                  "Content-Length: 2\r\n\r\n{}", retry != NULL ? retry : "1");
      g_socket_send (client, response, strlen (response), NULL, NULL);
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("%s/bundles/%s.json", self->dir,
                                               hash != NULL ? hash : "none");

      if (g_file_get_contents (path, &body, &body_len, NULL))
        response = g_strdup_printf ("HTTP/1.0 200 OK\r\n"
                                    "Content-Type: application/fhir+json\r\n"
                                    "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body_len);
      else
        response = g_strdup ("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      g_socket_send (client, response, strlen (response), NULL, NULL);
      if (body != NULL)
        g_socket_send (client, body, body_len, NULL, NULL);
    }

  g_socket_shutdown (client, FALSE, TRUE, NULL);
  g_string_free (request, TRUE);
}

static gpointer
backend_thread (gpointer data)
{
  FcTestServer *self = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (self->backend, self->backend_cancel, NULL);

      if (client == NULL)
        break;
      backend_answer (self, client);
      g_socket_close (client, NULL);
    }

  return NULL;
}

static gboolean
backend_start (FcTestServer  *self,
               GError       **error)
{
  if (self->backend != NULL)
    return TRUE;

  self->backend = fc_test_silent_listener_new (&self->backend_port, error);
  if (self->backend == NULL)
    return FALSE;
  g_socket_set_blocking (self->backend, TRUE);
  self->backend_cancel = g_cancellable_new ();
  self->backend_thread = g_thread_new ("fc-test-backend", backend_thread, self);
  return TRUE;
}

static void
backend_stop (FcTestServer *self)
{
  if (self->backend == NULL)
    return;

  g_cancellable_cancel (self->backend_cancel);
  g_thread_join (g_steal_pointer (&self->backend_thread));
  g_socket_close (self->backend, NULL);
  g_clear_object (&self->backend);
  g_clear_object (&self->backend_cancel);
}

/* nginx */

static const char *
fault_name (FcTestFault fault)
{
  switch (fault)
    {
    case FC_TEST_FAULT_403: return "403";
    case FC_TEST_FAULT_500: return "500";
    case FC_TEST_FAULT_503: return "503";
    case FC_TEST_FAULT_503_ONCE: return "503once";
    case FC_TEST_FAULT_SLOW: return "slow";
    default: g_assert_not_reached ();
    }
}

static char *
make_config (FcTestServer *self)
{
  GString *conf = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  const char *d = self->dir;
  static const char outcome[] =
    "'{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
    "\"code\":\"%s\"}]}'";

  g_string_append_printf (conf,
    "error_log %s/error.log info;\n"
    "pid %s/nginx.pid;\n"
    "worker_processes 1;\n"
    "events { worker_connections 64; }\n"
    "http {\n"
    "  client_body_temp_path %s/tmp/body;\n"
    "  proxy_temp_path %s/tmp/proxy;\n"
    "  fastcgi_temp_path %s/tmp/fastcgi;\n"
    "  uwsgi_temp_path %s/tmp/uwsgi;\n"
    "  scgi_temp_path %s/tmp/scgi;\n"
    "  map_hash_bucket_size 128;\n"
    "  keepalive_timeout 60s;\n"
    "  server_tokens off;\n"
    "  log_format fc '$connection\t$connection_requests\t$ssl_session_reused\t"
    "$ssl_protocol\t$status\t$request_method\t$request_uri\t$arg_identifier\t"
    "$http_x_consent_basis\t$http_x_incident_id\t$http_x_purpose\t$http_accept\t"
    "$ssl_client_verify';\n"
    "  access_log %s/access.log fc;\n",
    d, d, d, d, d, d, d, d);

  g_string_append (conf,
    "  map $arg_identifier $fc_hash {\n"
    "    \"~(?<h>[0-9a-f]{64})$\" $h;\n"
    "    default \"\";\n"
    "  }\n"
    "  map $fc_hash $fc_fault {\n"
    "    default \"\";\n");
  g_hash_table_iter_init (&iter, self->faults);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (conf, "    %s \"%s\";\n", (char *) key, (char *) value);
  g_string_append (conf,
    "  }\n"
    "  map $fc_hash $fc_retry_after {\n"
    "    default \"\";\n");
  g_hash_table_iter_init (&iter, self->retry_after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (conf, "    %s \"%s\";\n", (char *) key, (char *) value);
  g_string_append_printf (conf,
    "  }\n"
    "  map $fc_fault $fc_rate {\n"
    "    default 0;\n"
    "    slow %d;\n"
    "  }\n", FC_TEST_SLOW_RATE);

  g_string_append_printf (conf,
    "  server {\n"
    "    listen 127.0.0.1:%u ssl;\n"
    "    ssl_protocols TLSv1.3;\n"
    "    ssl_certificate %s;\n"
    "    ssl_certificate_key %s;\n"
    "    ssl_client_certificate %s;\n"
    "    ssl_verify_client on;\n"
    "    ssl_verify_depth 2;\n"
    "    ssl_session_cache shared:fc:1m;\n"
    "    root %s;\n"
    "    default_type application/fhir+json;\n"
    "    location = /fhir/metadata {\n"
    "      return 200 '{\"resourceType\":\"CapabilityStatement\"}';\n"
    "    }\n"
    "    location = /fhir/Patient/$summary {\n"
    "      limit_rate $fc_rate;\n"
    "      add_header Retry-After $fc_retry_after always;\n",
    self->port, self->server_cert, self->server_key, self->unit_ca_file, d);
  g_string_append (conf, "      if ($http_x_consent_basis !~ \"^(given|waived_unable)$\") {\n"
                         "        return 403 ");
  g_string_append_printf (conf, outcome, "forbidden");
  g_string_append (conf, ";\n      }\n"
                         "      if ($fc_fault = 403) {\n        return 403 ");
  g_string_append_printf (conf, outcome, "forbidden");
  g_string_append (conf, ";\n      }\n"
                         "      if ($fc_fault = 500) {\n        return 500 ");
  g_string_append_printf (conf, outcome, "exception");
  g_string_append (conf, ";\n      }\n"
                         "      if ($fc_fault = 503) {\n        return 503 ");
  g_string_append_printf (conf, outcome, "transient");
  g_string_append_printf (conf, ";\n      }\n"
    "      if ($fc_fault = 503once) {\n"
    "        proxy_pass http://127.0.0.1:%u;\n"
    "      }\n"
    "      try_files /bundles/$fc_hash.json =404;\n"
    "    }\n"
    "    location / {\n"
    "      return 404;\n"
    "    }\n"
    "  }\n"
    "}\n", self->backend_port);

  return g_string_free (conf, FALSE);
}

static char *
read_error_log (FcTestServer *self)
{
  g_autofree char *path = g_build_filename (self->dir, "error.log", NULL);
  g_autofree char *startup = g_build_filename (self->dir, "startup.log", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_file_get_contents (startup, &a, NULL, NULL);
  g_file_get_contents (path, &b, NULL, NULL);
  return g_strconcat (a != NULL ? a : "", b != NULL ? b : "", NULL);
}

static const char *
nginx_path (void)
{
  const char *path = g_getenv ("FC_TEST_NGINX");

  return path != NULL && *path != '\0' ? path : FC_TEST_NGINX;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
nginx_try_start (FcTestServer  *self,
                 GError       **error)
{
  g_autofree char *conf_path = g_build_filename (self->dir, "nginx.conf", NULL);
  g_autofree char *startup_log = g_build_filename (self->dir, "startup.log", NULL);
  g_autofree char *conf = make_config (self);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  gint64 deadline;

  if (!g_file_set_contents (conf_path, conf, -1, error))
    return FALSE;

  /* Quiet (its logs are files), and killed with the test even when the test crashes. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->nginx = g_subprocess_launcher_spawn (launcher, error,
                                             nginx_path (), "-p", self->dir, "-c", conf_path,
                                             "-e", startup_log,
                                             "-g", "daemon off; master_process off;", NULL);
  if (self->nginx == NULL)
    return FALSE;

  deadline = g_get_monotonic_time () + FC_TEST_START_TIMEOUT_S * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (self->nginx) == NULL)
        break;
      if (port_accepts (self->port))
        return TRUE;
      g_usleep (10 * 1000);
    }

  {
    g_autofree char *log = read_error_log (self);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "nginx did not start on 127.0.0.1:%u:\n%s", self->port, log);
  }
  fc_test_server_stop (self);
  return FALSE;
}

/* Public API */

FcTestServer *
fc_test_server_new (GError **error)
{
  g_autoptr(FcTestServer) self = g_new0 (FcTestServer, 1);
  g_autofree char *tmp = NULL;

  g_mutex_init (&self->mutex);
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->retry_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->backend_hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->dir = g_dir_make_tmp ("fc-nginx-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;

#define IN_DIR(name) g_build_filename (self->dir, name, NULL)
  self->ca_file = IN_DIR ("server-ca.pem");
  self->server_cert = IN_DIR ("server.pem");
  self->server_key = IN_DIR ("server.key");
  self->unit_ca_file = IN_DIR ("unit-ca.pem");
  self->client_cert = IN_DIR ("unit.pem");
  self->client_key = IN_DIR ("unit.key");
  self->wrong_ca_file = IN_DIR ("wrong-ca.pem");
  self->rogue_cert = IN_DIR ("rogue.pem");
  self->rogue_key = IN_DIR ("rogue.key");
#undef IN_DIR

  tmp = g_build_filename (self->dir, "tmp", NULL);
  if (g_mkdir (tmp, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "mkdir %s failed", tmp);
      return NULL;
    }
  g_free (g_steal_pointer (&tmp));
  tmp = g_build_filename (self->dir, "bundles", NULL);
  if (g_mkdir (tmp, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "mkdir %s failed", tmp);
      return NULL;
    }

  if (!make_pki (self, error))
    return NULL;

  self->port = fc_test_free_port ();
  return g_steal_pointer (&self);
}

/* Test utilities */

void
fc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A test may have made the folder read-only (full-disk and permission cases). */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fc_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fc_test_store_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GAsyncResult *
fc_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

void
fc_test_server_free (FcTestServer *self)
{
  if (self == NULL)
    return;

  fc_test_server_stop (self);
  backend_stop (self);
  if (self->dir != NULL && g_getenv ("FC_TEST_KEEP_SERVER_DIR") == NULL)
    fc_test_remove_tree (self->dir);

  g_free (self->dir);
  g_free (self->base_url);
  g_free (self->ca_file);
  g_free (self->server_cert);
  g_free (self->server_key);
  g_free (self->unit_ca_file);
  g_free (self->client_cert);
  g_free (self->client_key);
  g_free (self->wrong_ca_file);
  g_free (self->rogue_cert);
  g_free (self->rogue_key);
  g_hash_table_unref (self->faults);
  g_hash_table_unref (self->retry_after);
  g_hash_table_unref (self->backend_hits);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
fc_test_server_add_bundle (FcTestServer *self,
                           const char   *sha256_hex,
                           const char   *json,
                           gssize        length)
{
  g_autofree char *name = g_strconcat (sha256_hex, ".json", NULL);
  g_autofree char *path = g_build_filename (self->dir, "bundles", name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (sha256_hex), ==, 64);
  g_file_set_contents (path, json, length, &error);
  g_assert_no_error (error);
}

void
fc_test_server_add_fault (FcTestServer *self,
                          const char   *sha256_hex,
                          FcTestFault   fault,
                          guint         retry_after)
{
  g_assert_cmpuint (strlen (sha256_hex), ==, 64);
  g_assert_null (self->nginx);  /* faults are part of nginx.conf: add them before starting */

  g_hash_table_insert (self->faults, g_strdup (sha256_hex), g_strdup (fault_name (fault)));
  g_mutex_lock (&self->mutex);
  if (retry_after > 0)
    g_hash_table_insert (self->retry_after, g_strdup (sha256_hex),
                         g_strdup_printf ("%u", retry_after));
  g_mutex_unlock (&self->mutex);
}

gboolean
fc_test_server_start (FcTestServer  *self,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->nginx != NULL)
    return TRUE;

  if (!g_file_test (nginx_path (), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is missing: the HTTPS tests need a real nginx. Install the Debian "
                   "package “nginx” (./dev test does this), then run the tests again.",
                   nginx_path ());
      return FALSE;
    }

  if (!backend_start (self, error))
    return FALSE;

  /* The port was free a moment ago; if someone took it meanwhile, pick another. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_clear_error (&local_error);
      if (nginx_try_start (self, &local_error))
        {
          g_free (self->base_url);
          self->base_url = g_strdup_printf ("https://127.0.0.1:%u/fhir", self->port);
          return TRUE;
        }
      if (strstr (local_error->message, "Address already in use") == NULL)
        break;
      self->port = fc_test_free_port ();
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

void
fc_test_server_stop (FcTestServer *self)
{
  if (self->nginx == NULL)
    return;

  g_subprocess_send_signal (self->nginx, SIGTERM);
  g_subprocess_wait (self->nginx, NULL, NULL);
  g_clear_object (&self->nginx);
}

gboolean
fc_test_server_is_running (FcTestServer *self)
{
  return self->nginx != NULL && g_subprocess_get_identifier (self->nginx) != NULL;
}

guint16
fc_test_server_get_port (FcTestServer *self)
{
  return self->port;
}

const char *
fc_test_server_get_base_url (FcTestServer *self)
{
  if (self->base_url == NULL)
    self->base_url = g_strdup_printf ("https://127.0.0.1:%u/fhir", self->port);
  return self->base_url;
}

const char *
fc_test_server_get_dir (FcTestServer *self)
{
  return self->dir;
}

const char *
fc_test_server_get_ca_file (FcTestServer *self)
{
  return self->ca_file;
}

const char *
fc_test_server_get_client_cert (FcTestServer *self)
{
  return self->client_cert;
}

const char *
fc_test_server_get_client_key (FcTestServer *self)
{
  return self->client_key;
}

const char *
fc_test_server_get_wrong_ca_file (FcTestServer *self)
{
  return self->wrong_ca_file;
}

const char *
fc_test_server_get_rogue_cert (FcTestServer *self)
{
  return self->rogue_cert;
}

const char *
fc_test_server_get_rogue_key (FcTestServer *self)
{
  return self->rogue_key;
}

static gsize
log_size (FcTestServer *self)
{
  g_autofree char *path = g_build_filename (self->dir, "access.log", NULL);
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

/* nginx writes the log line just after the response has gone out, so the client can be faster
 * than the log: wait until the file has not grown for 30 ms. */
static void
settle_log (FcTestServer *self)
{
  gsize last = log_size (self);
  guint stable = 0;

  for (guint i = 0; i < 200 && stable < 3; i++)
    {
      gsize now;

      g_usleep (10 * 1000);
      now = log_size (self);
      stable = now == last ? stable + 1 : 0;
      last = now;
    }
}

GPtrArray *
fc_test_server_read_log (FcTestServer *self)
{
  g_autofree char *path = g_build_filename (self->dir, "access.log", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  settle_log (self);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return result;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, FC_TEST_LOG_N_FIELDS);
      g_ptr_array_add (result, fields);
    }

  return result;
}

guint
fc_test_server_count_requests (FcTestServer *self)
{
  g_autoptr(GPtrArray) lines = fc_test_server_read_log (self);

  return lines->len;
}
