/* fc-real-config.c: real-mode settings and their check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-real-config"

#include "config.h"

#include "fc-real-config.h"

#include <glib/gi18n-lib.h>

#include "fc-http-source.h"

#define DEFAULT_IDENTIFIER_SYSTEM "urn:fieldcard:jpki-auth-cert-sha256"
#define DEFAULT_CACHE_TTL_HOURS   12

G_DEFINE_BOXED_TYPE (FcRealConfig, fc_real_config, fc_real_config_copy, fc_real_config_free)

/* NULL for NULL or "". */
static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

FcRealConfig *
fc_real_config_new (void)
{
  FcRealConfig *config = g_new0 (FcRealConfig, 1);

  config->identifier_system = g_strdup (DEFAULT_IDENTIFIER_SYSTEM);
  config->connect_timeout = FC_HTTP_SOURCE_DEFAULT_CONNECT_TIMEOUT;
  config->total_timeout = FC_HTTP_SOURCE_DEFAULT_TOTAL_TIMEOUT;
  config->cache_ttl_hours = DEFAULT_CACHE_TTL_HOURS;
  return config;
}

/**
 * fc_real_config_new_from_settings:
 * @settings: a #GSettings of io.github.fieldcard.FieldCard
 * @reader: (nullable): --reader, wins over the setting
 * @server: (nullable): --server, wins over the setting
 *
 * Returns: (transfer full): the configuration (complete or not: see fc_real_config_check())
 */
FcRealConfig *
fc_real_config_new_from_settings (GSettings  *settings,
                                  const char *reader,
                                  const char *server)
{
  FcRealConfig *config;
  g_autofree char *server_url = NULL;
  g_autofree char *system = NULL;
  g_autofree char *connstring = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  config = fc_real_config_new ();
  server_url = g_settings_get_string (settings, "server-url");
  system = g_settings_get_string (settings, "identifier-system");
  connstring = g_settings_get_string (settings, "reader-connstring");

  config->server_url = dup_nonempty (server != NULL && *server != '\0' ? server : server_url);
  if (system != NULL && *system != '\0')
    {
      g_free (config->identifier_system);
      config->identifier_system = g_steal_pointer (&system);
    }
  config->reader_connstring = dup_nonempty (reader != NULL && *reader != '\0' ? reader : connstring);
  config->ca_file = g_settings_get_string (settings, "ca-file");
  config->client_cert_file = g_settings_get_string (settings, "client-cert-file");
  config->client_key_file = g_settings_get_string (settings, "client-key-file");
  config->unit_id = g_settings_get_string (settings, "unit-id");
  config->connect_timeout = g_settings_get_uint (settings, "connect-timeout-seconds");
  config->total_timeout = g_settings_get_uint (settings, "total-timeout-seconds");
  config->cache_ttl_hours = g_settings_get_uint (settings, "cache-ttl-hours");
  return config;
}

FcRealConfig *
fc_real_config_copy (const FcRealConfig *config)
{
  FcRealConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (FcRealConfig, 1);
  copy->server_url = g_strdup (config->server_url);
  copy->identifier_system = g_strdup (config->identifier_system);
  copy->ca_file = g_strdup (config->ca_file);
  copy->client_cert_file = g_strdup (config->client_cert_file);
  copy->client_key_file = g_strdup (config->client_key_file);
  copy->reader_connstring = g_strdup (config->reader_connstring);
  copy->unit_id = g_strdup (config->unit_id);
  copy->connect_timeout = config->connect_timeout;
  copy->total_timeout = config->total_timeout;
  copy->cache_ttl_hours = config->cache_ttl_hours;
  return copy;
}

void
fc_real_config_free (FcRealConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->server_url);
  g_free (config->identifier_system);
  g_free (config->ca_file);
  g_free (config->client_cert_file);
  g_free (config->client_key_file);
  g_free (config->reader_connstring);
  g_free (config->unit_id);
  g_free (config);
}

/* Adds a line to @missing when @path is unset, relative or unreadable. @what names the file. */
static void
check_file (GPtrArray  *missing,
            const char *path,
            const char *what,
            const char *key)
{
  if (path == NULL || *path == '\0')
    /* Translators: first %s names a file ("Unit certificate"), second the setting key. */
    g_ptr_array_add (missing, g_strdup_printf (_("%s is not set (%s)"), what, key));
  else if (!g_path_is_absolute (path))
    /* Translators: first %s names a file, second is the path as configured. */
    g_ptr_array_add (missing, g_strdup_printf (_("%s must be an absolute path: %s"), what, path));
  else if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    /* Translators: first %s names a file, second is its path. */
    g_ptr_array_add (missing, g_strdup_printf (_("%s not found: %s"), what, path));
}

/**
 * fc_real_config_check:
 * @config: a configuration
 *
 * Returns: (transfer full): what prevents real mode, one line per problem; empty when none
 */
GStrv
fc_real_config_check (const FcRealConfig *config)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (config != NULL, NULL);

  if (config->server_url == NULL || *config->server_url == '\0')
    /* Translators: a real-mode setting is missing; the key name is in parentheses. */
    g_ptr_array_add (missing, g_strdup (_("Summary server address is not set (server-url)")));
  else if (!g_str_has_prefix (config->server_url, "https://"))
    /* Translators: %s is the configured server address. */
    g_ptr_array_add (missing, g_strdup_printf (_("Summary server address must start with https://: %s"),
                                               config->server_url));
  /* Translators: names of files in the real-mode settings. */
  check_file (missing, config->ca_file, _("Server CA certificate"), "ca-file");
  check_file (missing, config->client_cert_file, _("Unit certificate"), "client-cert-file");
  check_file (missing, config->client_key_file, _("Unit private key"), "client-key-file");
  if (config->unit_id == NULL || *config->unit_id == '\0')
    g_ptr_array_add (missing, g_strdup (_("Ambulance unit name is not set (unit-id)")));
  if (config->identifier_system == NULL || *config->identifier_system == '\0')
    g_ptr_array_add (missing, g_strdup (_("Patient identifier system is not set (identifier-system)")));

  g_ptr_array_add (missing, NULL);
  return (GStrv) g_ptr_array_steal (missing, NULL);
}

gboolean
fc_real_config_is_complete (const FcRealConfig *config)
{
  g_auto(GStrv) missing = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  missing = fc_real_config_check (config);
  return missing[0] == NULL;
}
