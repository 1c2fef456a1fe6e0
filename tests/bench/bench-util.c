/* bench-util.c: shared pieces of the benchmark programs.
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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* Table */

typedef struct {
  char   *benchmark;
  char   *stage;
  char   *unit;
  GArray *samples; /* double */
} BenchRow;

struct _BenchTable {
  GPtrArray *rows; /* BenchRow */
};

static void
bench_row_free (gpointer data)
{
  BenchRow *row = data;

  g_free (row->benchmark);
  g_free (row->stage);
  g_free (row->unit);
  g_array_unref (row->samples);
  g_free (row);
}

BenchTable *
bench_table_new (void)
{
  BenchTable *table = g_new0 (BenchTable, 1);

  table->rows = g_ptr_array_new_with_free_func (bench_row_free);
  return table;
}

void
bench_table_free (BenchTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static BenchRow *
find_row (BenchTable *table,
          const char *benchmark,
          const char *stage)
{
  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);

      if (g_str_equal (row->benchmark, benchmark) && g_str_equal (row->stage, stage))
        return row;
    }
  return NULL;
}

void
bench_table_add (BenchTable *table,
                 const char *benchmark,
                 const char *stage,
                 const char *unit,
                 double      value)
{
  const char *variant = g_getenv ("FC_BENCH_VARIANT");
  g_autofree char *name = NULL;
  BenchRow *row;

  /* FC_BENCH_VARIANT (e.g. "no GL") marks every row of a second run under other conditions. */
  if (variant != NULL && *variant != '\0')
    benchmark = name = g_strdup_printf ("%s (%s)", benchmark, variant);
  row = find_row (table, benchmark, stage);
  if (row == NULL)
    {
      row = g_new0 (BenchRow, 1);
      row->benchmark = g_strdup (benchmark);
      row->stage = g_strdup (stage);
      row->unit = g_strdup (unit);
      row->samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (table->rows, row);
    }
  g_array_append_val (row->samples, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorted copy of the row's samples. */
static GArray *
sorted_samples (BenchRow *row)
{
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), row->samples->len);

  g_array_append_vals (sorted, row->samples->data, row->samples->len);
  g_array_sort (sorted, compare_doubles);
  return sorted;
}

static void
row_stats (BenchRow *row,
           double   *median,
           double   *p95,
           double   *min,
           double   *max)
{
  g_autoptr(GArray) sorted = sorted_samples (row);
  guint n = sorted->len;
  guint rank;

  g_assert (n > 0);
  if (n % 2 == 1)
    *median = g_array_index (sorted, double, n / 2);
  else
    *median = (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
  /* Nearest rank: the smallest value with at least 95 % of the samples at or below it. */
  rank = (guint) ceil (0.95 * n);
  *p95 = g_array_index (sorted, double, MAX (rank, 1) - 1);
  *min = g_array_index (sorted, double, 0);
  *max = g_array_index (sorted, double, n - 1);
}

gboolean
bench_table_get (BenchTable *table,
                 const char *benchmark,
                 const char *stage,
                 double     *median,
                 double     *p95,
                 guint      *n)
{
  BenchRow *row = find_row (table, benchmark, stage);
  double min, max;

  if (row == NULL || row->samples->len == 0)
    return FALSE;
  row_stats (row, median, p95, &min, &max);
  *n = row->samples->len;
  return TRUE;
}

static int
decimals_for (const char *unit)
{
  return g_str_equal (unit, "MB") ? 1 : 2;
}

void
bench_table_print (BenchTable *table)
{
  printf ("%-24s %-34s %12s %12s %5s\n", "benchmark", "stage", "median", "p95", "n");
  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);
      double median, p95, min, max;
      char m[32], p[32];
      int d = decimals_for (row->unit);

      if (row->samples->len == 0)
        continue;
      row_stats (row, &median, &p95, &min, &max);
      g_snprintf (m, sizeof m, "%.*f %s", d, median, row->unit);
      g_snprintf (p, sizeof p, "%.*f %s", d, p95, row->unit);
      printf ("%-24s %-34s %12s %12s %5u\n", row->benchmark, row->stage, m, p, row->samples->len);
    }
  fflush (stdout);
}

gboolean
bench_table_append_json (BenchTable  *table,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      double median, p95, min, max;

      if (row->samples->len == 0)
        continue;
      row_stats (row, &median, &p95, &min, &max);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "benchmark");
      json_builder_add_string_value (builder, row->benchmark);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_string_value (builder, row->stage);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, row->unit);
      json_builder_set_member_name (builder, "median");
      json_builder_add_double_value (builder, median);
      json_builder_set_member_name (builder, "p95");
      json_builder_add_double_value (builder, p95);
      json_builder_set_member_name (builder, "min");
      json_builder_add_double_value (builder, min);
      json_builder_set_member_name (builder, "max");
      json_builder_add_double_value (builder, max);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, row->samples->len);
      json_builder_set_member_name (builder, "samples");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->samples->len; j++)
        json_builder_add_double_value (builder, g_array_index (row->samples, double, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }

  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  return g_output_stream_write_all (G_OUTPUT_STREAM (stream), out->str, out->len, NULL, NULL,
                                    error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

/* Options */

void
bench_options_parse (BenchOptions   *options,
                     int            *argc,
                     char         ***argv,
                     guint           default_runs,
                     const char     *summary)
{
  int runs = (int) default_runs;
  char *json_path = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Measured runs per case", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Append results as JSON lines", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error) || runs < 1 || runs > 100000)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  error != NULL ? error->message : "--runs must be a whole number from 1");
      exit (2);
    }
  options->runs = (guint) runs;
  options->json_path = json_path;
}

int
bench_finish (BenchTable   *table,
              BenchOptions *options)
{
  g_autoptr(GError) error = NULL;

  bench_table_print (table);
  if (options->json_path != NULL &&
      !bench_table_append_json (table, options->json_path, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }
  g_clear_pointer (&options->json_path, g_free);
  return 0;
}

/* Certificates (as tests/nfc/test-nfc-transport.c) */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)

static void
add_ext (X509       *cert,
         X509V3_CTX *ctx,
         int         nid,
         const char *value)
{
  X509_EXTENSION *ext = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  if (ext == NULL)
    g_error ("extension %s = %s: %lx", OBJ_nid2sn (nid), value, ERR_get_error ());
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
}

static X509 *
make_cert (EVP_PKEY   *key,
           EVP_PKEY   *signer_key,
           X509       *issuer,
           const char *cn,
           long        serial)
{
  X509 *cert = X509_new ();
  X509_NAME *name = X509_get_subject_name (cert);
  X509V3_CTX ctx;

  X509_set_version (cert, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), serial);
  X509_gmtime_adj (X509_getm_notBefore (cert), -86400);
  X509_gmtime_adj (X509_getm_notAfter (cert), 86400L * 365 * 4);
  X509_NAME_add_entry_by_txt (name, "C", MBSTRING_ASC, (const guchar *) "JP", -1, -1, 0);
  if (issuer == NULL)
    {
      X509_NAME_add_entry_by_txt (name, "O", MBSTRING_ASC, (const guchar *) "JPKI", -1, -1, 0);
      X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC,
                                  (const guchar *) "JPKI for user authentication", -1, -1, 0);
      X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC,
                                  (const guchar *) "FieldCard Bench Authority", -1, -1, 0);
    }
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const guchar *) cn, -1, -1, 0);
  X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name);
  X509_set_pubkey (cert, key);

  X509V3_set_ctx (&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
  add_ext (cert, &ctx, NID_subject_key_identifier, "hash");
  if (issuer == NULL)
    {
      add_ext (cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
      add_ext (cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
  else
    {
      add_ext (cert, &ctx, NID_authority_key_identifier, "keyid:always");
      add_ext (cert, &ctx, NID_key_usage, "critical,digitalSignature");
      add_ext (cert, &ctx, NID_ext_key_usage, "clientAuth,emailProtection");
      add_ext (cert, &ctx, NID_crl_distribution_points,
               "URI:ldap://ldap.auth.fieldcard.test/cn%3dCRL1%2cou%3dAuthenticationCRL%2cou%3dJPKI%20for%20user%20authentication%2co%3dJPKI%2cc%3dJP?certificateRevocationList,"
               "URI:http://crl.auth.fieldcard.test/crl/jpki-user-authentication-ca-2025-partition-0001.crl");
      add_ext (cert, &ctx, NID_info_access,
               "OCSP;URI:http://ocsp.auth.fieldcard.test/jpki-user-authentication,"
               "caIssuers;URI:http://ca.auth.fieldcard.test/certs/jpki-user-authentication-ca-2025.cer");
      add_ext (cert, &ctx, NID_subject_alt_name, "URI:urn:fieldcard:test:bench-card:0001,"
               "URI:http://repository.auth.fieldcard.test/cps/jpki-user-authentication-certification-practice-statement.html");
    }

  if (X509_sign (cert, signer_key, EVP_sha256 ()) <= 0)
    g_error ("X509_sign failed");
  return cert;
}

static GBytes *
cert_to_der (X509 *cert)
{
  guchar *der = NULL;
  int len = i2d_X509 (cert, &der);
  GBytes *ret;

  g_assert (len > 0);
  ret = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  return ret;
}

void
bench_make_card_cert (GBytes **cert_der,
                      GBytes **ca_der)
{
  g_autoptr(EVP_PKEY) ca_key = EVP_RSA_gen (2048);
  g_autoptr(EVP_PKEY) card_key = EVP_RSA_gen (2048);
  g_autoptr(X509) ca = NULL;
  g_autoptr(X509) card = NULL;

  g_assert (ca_key != NULL && card_key != NULL);
  ca = make_cert (ca_key, ca_key, NULL, "FieldCard Bench JPKI Authentication CA", 1);
  card = make_cert (card_key, ca_key, ca, "FCBENCH0001A", 4242);
  *ca_der = cert_to_der (ca);
  *cert_der = cert_to_der (card);
}

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

/* Memory */

static double
status_field_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kb = 0;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  line += strlen (field);
  while (*line == ' ' || *line == '\t')
    line++;
  kb = g_ascii_strtoull (line, NULL, 10);
  return kb / 1024.0;
}

double
bench_peak_rss_mb (void)
{
  return status_field_mb ("VmHWM:");
}

double
bench_rss_mb (void)
{
  return status_field_mb ("VmRSS:");
}

gboolean
bench_have_display (void)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (display != NULL && *display != '\0') || (wayland != NULL && *wayland != '\0');
}
