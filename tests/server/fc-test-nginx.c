/* fc-test-nginx.c: nginx.conf for the fixture (faults included), and starting and
 * stopping /usr/sbin/nginx.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server-private.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#define FC_TEST_SLOW_RATE       64
#define FC_TEST_START_TIMEOUT_S 5

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
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
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

  if (!fc_test_server_backend_start (self, error))
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
