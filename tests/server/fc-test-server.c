/* fc-test-server.c: a real nginx on loopback with mutual TLS, for FcHttpSource tests:
 * the fixture's folder, bundles, file paths and access log. The PKI is in fc-test-pki.c, nginx in
 * fc-test-nginx.c, the 503-once backend in fc-test-backend.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-test-server"

#include "config.h"

#include "fc-test-server-private.h"

#include <string.h>

#include <glib/gstdio.h>

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

  if (!fc_test_server_make_pki (self, error))
    return NULL;

  self->port = fc_test_free_port ();
  return g_steal_pointer (&self);
}

void
fc_test_server_free (FcTestServer *self)
{
  if (self == NULL)
    return;

  fc_test_server_stop (self);
  fc_test_server_backend_stop (self);
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
