/* fc-http-source.c: the summary service over HTTPS with mutual TLS.
 *
 * The requests run on a worker thread (fc-http-worker.c); TLS options and the mapping of outcomes
 * to errors are in fc-http-errors.c. Jobs copy the settings when they are queued and complete on
 * the caller's main context, where the statistics properties are updated. The worker never holds
 * the last reference to a task, so the source is never disposed on its own thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include "fc-http-source.h"
#include "fc-http-private.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (FcHttpSource, fc_http_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      fc_http_source_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_IDENTIFIER_SYSTEM,
  PROP_CA_FILE,
  PROP_CLIENT_CERT_FILE,
  PROP_CLIENT_KEY_FILE,
  PROP_CONNECT_TIMEOUT,
  PROP_TOTAL_TIMEOUT,
  PROP_CACHE,
  PROP_REQUEST_COUNT,
  PROP_LAST_NEW_CONNECTIONS,
  PROP_LAST_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Setters: compare, then notify. */
static void
set_string_prop (FcHttpSource  *self,
                 char         **field,
                 const char    *value,
                 guint          prop_id)
{
  char *copy;

  if (g_strcmp0 (*field, value) == 0)
    return;

  copy = g_strdup (value);
  g_free (*field);
  *field = copy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_uint_prop (FcHttpSource *self,
               guint        *field,
               guint         value,
               guint         prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
fc_http_source_add_stats (FcHttpSource    *self,
                          const FcHttpJob *job)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (job->n_requests > 0)
    {
      self->request_count += job->n_requests;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COUNT]);
    }
  if (job->have_stats)
    {
      self->last_new_connections = job->new_connections;
      self->last_duration = job->duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_NEW_CONNECTIONS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DURATION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* GObject */

static void
fc_http_source_dispose (GObject *object)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  /* Every queued job holds a reference to us through its task, so the queue is empty here. */
  g_clear_pointer (&self->worker, fc_http_worker_free);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (fc_http_source_parent_class)->dispose (object);
}

static void
fc_http_source_finalize (GObject *object)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->identifier_system, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->client_cert_file, g_free);
  g_clear_pointer (&self->client_key_file, g_free);

  G_OBJECT_CLASS (fc_http_source_parent_class)->finalize (object);
}

static void
fc_http_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_IDENTIFIER_SYSTEM:
      g_value_set_string (value, self->identifier_system);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_CLIENT_CERT_FILE:
      g_value_set_string (value, self->client_cert_file);
      break;

    case PROP_CLIENT_KEY_FILE:
      g_value_set_string (value, self->client_key_file);
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;

    case PROP_TOTAL_TIMEOUT:
      g_value_set_uint (value, self->total_timeout);
      break;

    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;

    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, self->request_count);
      break;

    case PROP_LAST_NEW_CONNECTIONS:
      g_value_set_uint (value, self->last_new_connections);
      break;

    case PROP_LAST_DURATION:
      g_value_set_double (value, self->last_duration);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_http_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcHttpSource *self = FC_HTTP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      fc_http_source_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_IDENTIFIER_SYSTEM:
      fc_http_source_set_identifier_system (self, g_value_get_string (value));
      break;

    case PROP_CA_FILE:
      fc_http_source_set_ca_file (self, g_value_get_string (value));
      break;

    case PROP_CLIENT_CERT_FILE:
      fc_http_source_set_client_cert_file (self, g_value_get_string (value));
      break;

    case PROP_CLIENT_KEY_FILE:
      fc_http_source_set_client_key_file (self, g_value_get_string (value));
      break;

    case PROP_CONNECT_TIMEOUT:
      fc_http_source_set_connect_timeout (self, g_value_get_uint (value));
      break;

    case PROP_TOTAL_TIMEOUT:
      fc_http_source_set_total_timeout (self, g_value_get_uint (value));
      break;

    case PROP_CACHE:
      fc_http_source_set_cache (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_http_source_class_init (FcHttpSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  /* Once per process, before any thread uses libcurl. */
  curl_global_init (CURL_GLOBAL_DEFAULT);

  object_class->dispose = fc_http_source_dispose;
  object_class->finalize = fc_http_source_finalize;
  object_class->get_property = fc_http_source_get_property;
  object_class->set_property = fc_http_source_set_property;

  /**
   * FcHttpSource:base-url:
   *
   * The FHIR base of the summary service, e.g. "https://summary.example.jp/fhir".
   */
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:identifier-system:
   *
   * The identifier system sent with the certificate hash.
   */
  properties[PROP_IDENTIFIER_SYSTEM] =
    g_param_spec_string ("identifier-system", NULL, NULL,
                         "urn:fieldcard:jpki-auth-cert-sha256", rw);

  /**
   * FcHttpSource:ca-file:
   *
   * PEM file of the only authority trusted to certify the server.
   */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:client-cert-file:
   *
   * PEM file of this unit's client certificate (mutual TLS).
   */
  properties[PROP_CLIENT_CERT_FILE] =
    g_param_spec_string ("client-cert-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:client-key-file:
   *
   * PEM file of this unit's private key.
   */
  properties[PROP_CLIENT_KEY_FILE] =
    g_param_spec_string ("client-key-file", NULL, NULL, NULL, rw);

  /**
   * FcHttpSource:connect-timeout:
   *
   * Seconds allowed for name resolution, TCP and TLS handshakes.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 300,
                       FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT, rw);

  /**
   * FcHttpSource:total-timeout:
   *
   * Seconds allowed for one whole request, download included.
   */
  properties[PROP_TOTAL_TIMEOUT] =
    g_param_spec_uint ("total-timeout", NULL, NULL, 1, 600,
                       FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT, rw);

  /**
   * FcHttpSource:cache:
   *
   * Where fetched bundles are kept encrypted for the incident (offline fallback), or %NULL.
   */
  properties[PROP_CACHE] = g_param_spec_object ("cache", NULL, NULL, FC_TYPE_CACHE, rw);

  /**
   * FcHttpSource:request-count:
   *
   * HTTP requests sent so far (retries and warm-ups included).
   */
  properties[PROP_REQUEST_COUNT] =
    g_param_spec_uint ("request-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * FcHttpSource:last-new-connections:
   *
   * Connections the last request had to open (0 when it reused the open one).
   */
  properties[PROP_LAST_NEW_CONNECTIONS] =
    g_param_spec_uint ("last-new-connections", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * FcHttpSource:last-duration:
   *
   * Seconds the last request took, from start to the last byte.
   */
  properties[PROP_LAST_DURATION] =
    g_param_spec_double ("last-duration", NULL, NULL, 0., G_MAXDOUBLE, 0., ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_http_source_init (FcHttpSource *self)
{
  self->identifier_system = g_strdup ("urn:fieldcard:jpki-auth-cert-sha256");
  self->connect_timeout = FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT;
  self->total_timeout = FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT;

  self->worker = fc_http_worker_new ();
}

/* Public API */

FcHttpSource *
fc_http_source_new (const char *base_url)
{
  return g_object_new (FC_TYPE_HTTP_SOURCE, "base-url", base_url, NULL);
}

const char *
fc_http_source_get_base_url (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->base_url;
}

void
fc_http_source_set_base_url (FcHttpSource *self,
                             const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  set_string_prop (self, &self->base_url, value, PROP_BASE_URL);
}

const char *
fc_http_source_get_identifier_system (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->identifier_system;
}

void
fc_http_source_set_identifier_system (FcHttpSource *self,
                                      const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  set_string_prop (self, &self->identifier_system, value, PROP_IDENTIFIER_SYSTEM);
}

const char *
fc_http_source_get_ca_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->ca_file;
}

void
fc_http_source_set_ca_file (FcHttpSource *self,
                            const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  set_string_prop (self, &self->ca_file, value, PROP_CA_FILE);
}

const char *
fc_http_source_get_client_cert_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->client_cert_file;
}

void
fc_http_source_set_client_cert_file (FcHttpSource *self,
                                     const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  set_string_prop (self, &self->client_cert_file, value, PROP_CLIENT_CERT_FILE);
}

const char *
fc_http_source_get_client_key_file (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->client_key_file;
}

void
fc_http_source_set_client_key_file (FcHttpSource *self,
                                    const char   *value)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  set_string_prop (self, &self->client_key_file, value, PROP_CLIENT_KEY_FILE);
}

guint
fc_http_source_get_connect_timeout (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->connect_timeout;
}

void
fc_http_source_set_connect_timeout (FcHttpSource *self,
                                    guint         seconds)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (seconds > 0);

  set_uint_prop (self, &self->connect_timeout, seconds, PROP_CONNECT_TIMEOUT);
}

guint
fc_http_source_get_total_timeout (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->total_timeout;
}

void
fc_http_source_set_total_timeout (FcHttpSource *self,
                                  guint         seconds)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (seconds > 0);

  set_uint_prop (self, &self->total_timeout, seconds, PROP_TOTAL_TIMEOUT);
}

FcCache *
fc_http_source_get_cache (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), NULL);

  return self->cache;
}

void
fc_http_source_set_cache (FcHttpSource *self,
                          FcCache      *cache)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (cache == NULL || FC_IS_CACHE (cache));

  if (g_set_object (&self->cache, cache))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

guint
fc_http_source_get_request_count (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->request_count;
}

guint
fc_http_source_get_last_new_connections (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0);

  return self->last_new_connections;
}

double
fc_http_source_get_last_duration (FcHttpSource *self)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), 0.);

  return self->last_duration;
}

/**
 * fc_http_source_drop_connection:
 * @self: a #FcHttpSource
 *
 * The next request opens a new connection instead of reusing the open one (e.g. after the
 * network changed and the old one may be dead). The TLS session is still resumed when the
 * server allows it.
 */
void
fc_http_source_drop_connection (FcHttpSource *self)
{
  g_return_if_fail (FC_IS_HTTP_SOURCE (self));

  self->fresh_connect = TRUE;
}
