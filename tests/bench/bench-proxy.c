/* bench-proxy.c: a TCP proxy on loopback that delays every byte, so that the benchmarks see a
 * mobile network's round trip (see bench-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-bench"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* accept4 */
#endif
#include "config.h"

#include "bench-util.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>

/* Delaying proxy */

struct _BenchProxy {
  int       listen_fd;
  guint16   port;
  guint16   upstream_port;
  gint64    delay_us;
  GThread  *accept_thread;
  gint64    last_delivery; /* written by the writer threads (one aligned store) */
  guint     accepted;      /* (atomic) */
  gboolean  stopping;      /* (atomic) */
};

typedef struct {
  gint64 due;
  gsize  len;   /* 0 = end of stream */
  guint8 data[];
} Chunk;

typedef struct _Conn Conn;

typedef struct {
  Conn        *conn;
  int          src;
  int          dst;
  gint64       start_after;  /* nothing is forwarded before this (TCP handshake round trip) */
  gboolean     to_client;
  GAsyncQueue *queue;        /* (owned) Chunk */
} Pipe;

struct _Conn {
  BenchProxy *proxy;
  int         client_fd;
  int         server_fd;
  Pipe        up;
  Pipe        down;
  gint        refs;          /* (atomic): four threads */
};

static void
conn_unref (Conn *conn)
{
  if (!g_atomic_int_dec_and_test (&conn->refs))
    return;
  close (conn->client_fd);
  close (conn->server_fd);
  g_async_queue_unref (conn->up.queue);
  g_async_queue_unref (conn->down.queue);
  g_free (conn);
}

static void
sleep_until (gint64 when)
{
  gint64 now = g_get_monotonic_time ();

  if (when > now)
    g_usleep ((gulong) (when - now));
}

static gpointer
pipe_reader_thread (gpointer data)
{
  Pipe *pipe = data;
  guint8 buffer[16384];

  for (;;)
    {
      ssize_t n = recv (pipe->src, buffer, sizeof buffer, 0);
      Chunk *chunk;
      gint64 now = g_get_monotonic_time ();

      if (n < 0 && errno == EINTR)
        continue;
      chunk = g_malloc (sizeof (Chunk) + (n > 0 ? (gsize) n : 0));
      chunk->due = MAX (now, pipe->start_after) + pipe->conn->proxy->delay_us;
      chunk->len = n > 0 ? (gsize) n : 0;
      if (n > 0)
        memcpy (chunk->data, buffer, (gsize) n);
      g_async_queue_push (pipe->queue, chunk);
      if (n <= 0)
        break;
    }

  conn_unref (pipe->conn);
  return NULL;
}

static gpointer
pipe_writer_thread (gpointer data)
{
  Pipe *pipe = data;
  gboolean failed = FALSE;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (pipe->queue);
      gsize done = 0;

      if (chunk->len == 0)
        {
          g_free (chunk);
          shutdown (pipe->dst, SHUT_WR);
          break;
        }
      sleep_until (chunk->due);
      while (!failed && done < chunk->len)
        {
          ssize_t n = send (pipe->dst, chunk->data + done, chunk->len - done, MSG_NOSIGNAL);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            failed = TRUE;
          else
            done += (gsize) n;
        }
      if (pipe->to_client && !failed)
        pipe->conn->proxy->last_delivery = g_get_monotonic_time (); /* one aligned store */
      g_free (chunk);
      if (failed)
        {
          /* Unblock the reader of this direction; it then pushes its end marker. */
          shutdown (pipe->src, SHUT_RD);
          /* Drain until that marker. */
          for (;;)
            {
              Chunk *rest = g_async_queue_pop (pipe->queue);
              gboolean end = rest->len == 0;

              g_free (rest);
              if (end)
                break;
            }
          shutdown (pipe->dst, SHUT_WR);
          break;
        }
    }

  conn_unref (pipe->conn);
  return NULL;
}

static void
set_nodelay (int fd)
{
  int one = 1;

  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int
connect_upstream (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  set_nodelay (fd);
  return fd;
}

static gpointer
accept_thread (gpointer data)
{
  BenchProxy *proxy = data;

  for (;;)
    {
      int client = accept4 (proxy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      int server;
      Conn *conn;
      gint64 now;

      if (client < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (g_atomic_int_get (&proxy->stopping))
        {
          close (client);
          break;
        }
      now = g_get_monotonic_time ();
      server = connect_upstream (proxy->upstream_port);
      if (server < 0)
        {
          close (client);
          continue;
        }
      set_nodelay (client);
      g_atomic_int_inc (&proxy->accepted);

      conn = g_new0 (Conn, 1);
      conn->proxy = proxy;
      conn->client_fd = client;
      conn->server_fd = server;
      conn->refs = 4;
      /* The client's SYN/ACK exchange would have cost one round trip: its first bytes reach the
       * server no earlier than one round trip plus one way after accept. */
      conn->up = (Pipe) { conn, client, server, now + 2 * proxy->delay_us, FALSE,
                          g_async_queue_new () };
      conn->down = (Pipe) { conn, server, client, 0, TRUE, g_async_queue_new () };
      g_thread_unref (g_thread_new ("bench-proxy-up-r", pipe_reader_thread, &conn->up));
      g_thread_unref (g_thread_new ("bench-proxy-up-w", pipe_writer_thread, &conn->up));
      g_thread_unref (g_thread_new ("bench-proxy-down-r", pipe_reader_thread, &conn->down));
      g_thread_unref (g_thread_new ("bench-proxy-down-w", pipe_writer_thread, &conn->down));
    }

  return NULL;
}

BenchProxy *
bench_proxy_new (guint16   upstream_port,
                 guint     one_way_ms,
                 GError  **error)
{
  BenchProxy *proxy = g_new0 (BenchProxy, 1);
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int one = 1;

  proxy->upstream_port = upstream_port;
  proxy->delay_us = (gint64) one_way_ms * 1000;
  proxy->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  setsockopt (proxy->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (proxy->listen_fd < 0 ||
      bind (proxy->listen_fd, (struct sockaddr *) &addr, sizeof addr) != 0 ||
      listen (proxy->listen_fd, 16) != 0 ||
      getsockname (proxy->listen_fd, (struct sockaddr *) &addr, &len) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "delay proxy: %s", g_strerror (saved));
      if (proxy->listen_fd >= 0)
        close (proxy->listen_fd);
      g_free (proxy);
      return NULL;
    }
  proxy->port = ntohs (addr.sin_port);
  proxy->accept_thread = g_thread_new ("bench-proxy-accept", accept_thread, proxy);
  return proxy;
}

guint16
bench_proxy_get_port (BenchProxy *proxy)
{
  return proxy->port;
}

gint64
bench_proxy_get_last_delivery (BenchProxy *proxy)
{
  return proxy->last_delivery;
}

guint
bench_proxy_get_accepted (BenchProxy *proxy)
{
  return (guint) g_atomic_int_get (&proxy->accepted);
}

/* Stops accepting. Connections still open end when their peers close them; their threads hold
 * no reference to @proxy's memory after that, so call this only once clients are gone. */
void
bench_proxy_free (BenchProxy *proxy)
{
  g_atomic_int_set (&proxy->stopping, TRUE);
  shutdown (proxy->listen_fd, SHUT_RDWR);
  /* A connect wakes accept() on systems where shutdown does not. */
  close (connect_upstream (proxy->port));
  g_thread_join (proxy->accept_thread);
  close (proxy->listen_fd);
  g_free (proxy);
}
