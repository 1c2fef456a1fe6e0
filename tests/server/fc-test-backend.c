/* fc-test-backend.c: the plain-HTTP backend behind nginx's proxy_pass for
 * FC_TEST_FAULT_503_ONCE, answering on its own thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server-private.h"

#include <string.h>

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

gboolean
fc_test_server_backend_start (FcTestServer  *self,
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

void
fc_test_server_backend_stop (FcTestServer *self)
{
  if (self->backend == NULL)
    return;

  g_cancellable_cancel (self->backend_cancel);
  g_thread_join (g_steal_pointer (&self->backend_thread));
  g_socket_close (self->backend, NULL);
  g_clear_object (&self->backend);
  g_clear_object (&self->backend_cancel);
}
