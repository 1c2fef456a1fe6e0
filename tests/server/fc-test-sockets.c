/* fc-test-sockets.c: loopback sockets for the HTTP tests: a free port, a silent
 * listener, and a mute listener that accepts and never answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server.h"

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
