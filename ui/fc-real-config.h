/* fc-real-config.h: what real mode (a physical reader and the summary service) needs, read from
 * GSettings and the command line, and whether it is complete. Not a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FcRealConfig:
 * @server_url: summary service base URL (https://…); --server overrides the setting
 * @identifier_system: identifier system sent with the certificate hash
 * @ca_file: PEM of the CA that signed the server's certificate
 * @client_cert_file: PEM of this unit's client certificate
 * @client_key_file: PEM of this unit's private key
 * @reader_connstring: (nullable): libnfc connection string; NULL = the first reader found.
 *   --reader overrides the setting
 * @unit_id: this ambulance unit, written with every timing event
 * @connect_timeout: seconds
 * @total_timeout: seconds
 * @cache_ttl_hours: how long an encrypted summary may stay on the device
 */
typedef struct {
  char  *server_url;
  char  *identifier_system;
  char  *ca_file;
  char  *client_cert_file;
  char  *client_key_file;
  char  *reader_connstring;
  char  *unit_id;
  guint  connect_timeout;
  guint  total_timeout;
  guint  cache_ttl_hours;
} FcRealConfig;

#define FC_TYPE_REAL_CONFIG (fc_real_config_get_type ())

GType         fc_real_config_get_type          (void) G_GNUC_CONST;
/* Empty strings and the defaults of the GSettings schema. */
G_GNUC_WARN_UNUSED_RESULT
FcRealConfig *fc_real_config_new               (void);
/* From @settings (io.github.fieldcard.FieldCard); @reader and @server (nullable) are the
 * command-line overrides. */
G_GNUC_WARN_UNUSED_RESULT
FcRealConfig *fc_real_config_new_from_settings (GSettings          *settings,
                                                const char         *reader,
                                                const char         *server);
G_GNUC_WARN_UNUSED_RESULT
FcRealConfig *fc_real_config_copy              (const FcRealConfig *config);
void          fc_real_config_free              (FcRealConfig       *config);
/* What is missing or unusable, one translated short line each ("Server address (server-url)
 * is not set"); an empty vector when real mode can run. (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
GStrv         fc_real_config_check             (const FcRealConfig *config);
gboolean      fc_real_config_is_complete       (const FcRealConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRealConfig, fc_real_config_free)

G_END_DECLS
