/* fc-cli-read-card.c: "fieldcard-cli read-card": reads a My Number card's user-authentication
 * certificate through a libnfc reader and prints what the app would use, as JSON.
 *
 *   read-card [--reader CONNSTRING] [--timeout SECONDS] [--trust CA.der]…
 *
 * Prints serial, sha256, issuer, subject, not_before, not_after (ISO 8601), expired, apdus,
 * bytes (READ BINARY data bytes) and read_ms (whole milliseconds, from card detected to
 * certificate parsed). Without
 * --reader the "reader-connstring" setting is used when the schema is installed, else libnfc's
 * first reader. Without --trust the issuer is not checked. No PIN is ever sent.
 * On failure: one line on stderr (what happened and what to do) and exit status 2.
 *
 * Works against the emulated reader: `fc-pn532-emulator` prints the connstring to use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "fc-cli.h"
#include "fc-jpki.h"
#include "fc-nfc-transport.h"

#define SCHEMA_ID "io.github.fieldcard.FieldCard"
#define DEFAULT_TIMEOUT_S 10
#define MAX_TIMEOUT_S 3600

static char *
default_connstring (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *connstring = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "reader-connstring"))
    return NULL;

  settings = g_settings_new (SCHEMA_ID);
  connstring = g_settings_get_string (settings, "reader-connstring");
  if (connstring == NULL || *connstring == '\0')
    return NULL;

  return g_steal_pointer (&connstring);
}

static void
print_card_error (const GError *error)
{
  const char *advice = fc_nfc_transport_describe_error (error);

  if (advice != NULL)
    fc_cli_print_error ("%s%s %s", error->message,
                        g_str_has_suffix (error->message, ".") ? "" : ".", advice);
  else
    fc_cli_print_error ("%s", error->message);
}

static JsonNode *
identity_to_json (FcCardIdentity *identity,
                  double          read_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;

  not_before = g_date_time_format_iso8601 (fc_card_identity_get_not_before (identity));
  not_after = g_date_time_format_iso8601 (fc_card_identity_get_not_after (identity));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, fc_card_identity_get_serial_hex (identity));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, fc_card_identity_get_sha256_hex (identity));
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, fc_card_identity_get_issuer (identity));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, fc_card_identity_get_subject (identity));
  json_builder_set_member_name (builder, "not_before");
  json_builder_add_string_value (builder, not_before);
  json_builder_set_member_name (builder, "not_after");
  json_builder_add_string_value (builder, not_after);
  json_builder_set_member_name (builder, "expired");
  json_builder_add_boolean_value (builder, fc_card_identity_is_expired (identity, NULL));
  json_builder_set_member_name (builder, "apdus");
  json_builder_add_int_value (builder, fc_card_identity_get_apdu_count (identity));
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) fc_card_identity_get_bytes_read (identity));
  json_builder_set_member_name (builder, "read_ms");
  json_builder_add_int_value (builder, (gint64) (read_ms + 0.5));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
fc_cli_read_card (int    argc,
                  char **argv)
{
  g_autofree char *reader = NULL;
  g_auto(GStrv) trust = NULL;
  gint timeout_s = DEFAULT_TIMEOUT_S;
  GOptionEntry entries[] = {
    { "reader", 'r', 0, G_OPTION_ARG_STRING, &reader,
      /* Translators: --reader in "fieldcard-cli read-card --help". */
      N_("libnfc connection string, e.g. pn532_uart:/dev/ttyUSB0:115200 (default: the "
         "reader setting, else the first reader found)"), N_("CONNSTRING") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s,
      N_("How long to wait for a card, in seconds (default 10)"), N_("SECONDS") },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust,
      N_("A JPKI user-authentication CA certificate (DER) the card must be issued by; may be "
         "repeated (default: the issuer is not checked)"), N_("CA.der") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(FcNfcTransport) transport = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 start;
  double read_ms;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Reads the My Number card’s authentication certificate through "
                                  "an NFC reader and prints it as JSON. No PIN is sent."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fc_cli_print_error ("%s", error->message);
      return FC_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fc_cli_print_error (_("Unexpected argument “%s”."), argv[1]);
      return FC_CLI_EXIT_USAGE;
    }
  if (timeout_s <= 0 || timeout_s > MAX_TIMEOUT_S)
    {
      fc_cli_print_error (_("--timeout must be between 1 and %d seconds."), MAX_TIMEOUT_S);
      return FC_CLI_EXIT_USAGE;
    }

  if (trust != NULL)
    {
      anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint i = 0; trust[i] != NULL; i++)
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (trust[i], &contents, &len, &error))
            {
              fc_cli_print_file_error (trust[i], error);
              return FC_CLI_EXIT_INPUT;
            }
          g_ptr_array_add (anchors, g_bytes_new_take (g_steal_pointer (&contents), len));
        }
    }

  if (reader == NULL)
    reader = default_connstring ();

  /* One line on failure: keep libnfc's own log quiet unless asked for. */
  g_setenv ("LIBNFC_LOG_LEVEL", "0", FALSE);

  transport = fc_nfc_transport_new (reader);
  if (!fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (transport), (guint) timeout_s * 1000,
                                        NULL, &error))
    {
      print_card_error (error);
      return FC_CLI_EXIT_INPUT;
    }

  start = g_get_monotonic_time ();
  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (transport), anchors, NULL, NULL,
                                         NULL, &error);
  read_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (identity == NULL)
    {
      print_card_error (error);
      return FC_CLI_EXIT_INPUT;
    }

  root = identity_to_json (identity, read_ms);
  fc_cli_print_json (root);

  return 0;
}
