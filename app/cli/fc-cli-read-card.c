/* fc-cli-read-card.c: "fieldcard-cli read-card": reads a My Number card's user-authentication
 * certificate through a libnfc reader and prints what the app would use, as JSON.
 *
 *   read-card [--reader CONNSTRING] [--timeout SECONDS] [--trust CA.der]… [--ca]
 *             [--pin-tries] [--verify-pin [--pin-stdin]]
 *
 * Prints serial, sha256, issuer, subject, not_before, not_after (ISO 8601), expired, apdus,
 * bytes (READ BINARY data bytes) and read_ms (whole milliseconds, from card detected to
 * certificate parsed). Without
 * --reader the "reader-connstring" setting is used when the schema is installed, else libnfc's
 * first reader. Without --trust the issuer is not checked.
 *
 * --ca also reads the CA certificate from the card (EF 000B) and adds "ca": { subject, serial,
 * sha256, signed_auth_cert } (whether the card's certificate is signed by that CA).
 * --pin-tries adds "pin_tries" (tries left; none is spent).
 * --verify-pin reads the PIN from the terminal with echo off (/dev/tty), or, with --pin-stdin,
 * the first line of standard input (for scripts); when only 1 try is left it asks the person to
 * type "yes" (with --pin-stdin: the next line must be "yes") before the PIN is sent. Adds
 * "pin_verified": true and "pin_tries". Without --verify-pin no PIN is ever sent. The PIN is
 * never printed or logged, and libnfc's byte log is switched off while it is in memory.
 * On failure: one line on stderr (what happened and what to do) and exit status 2.
 *
 * Works against the emulated reader: `fc-pn532-emulator` prints the connstring to use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <openssl/crypto.h>

#include "fc-cli.h"
#include "fc-jpki.h"
#include "fc-nfc-transport.h"

#define SCHEMA_ID "io.github.fieldcard.FieldCard"
#define DEFAULT_TIMEOUT_S 10
#define MAX_TIMEOUT_S 3600
/* Longest line read for the PIN or the confirmation (longer input is refused, not cut). */
#define LINE_MAX_LEN 64

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

  /* The message is a sentence (in Japanese it ends in "。"); only a bare phrase gets a full stop. */
  if (advice != NULL)
    fc_cli_print_error ("%s%s %s", error->message,
                        g_str_has_suffix (error->message, ".") ||
                        g_str_has_suffix (error->message, "。") ? "" : ".", advice);
  else
    fc_cli_print_error ("%s", error->message);
}

/* Reads one line from @fd into @buf (NUL-terminated, newline dropped) without stdio, so that no
 * library buffer keeps a copy of a PIN. FALSE on end of input before any byte, on an error, or
 * when the line does not fit. */
static gboolean
read_line_fd (int    fd,
              char  *buf,
              gsize  size)
{
  gsize len = 0;

  for (;;)
    {
      char c;
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (c == '\n')
        {
          buf[len] = '\0';
          return TRUE;
        }
      if (len + 1 >= size)
        {
          /* Too long to be a PIN: drop the rest of the line. */
          while (read (fd, &c, 1) == 1 && c != '\n')
            ;
          OPENSSL_cleanse (buf, size);
          return FALSE;
        }
      buf[len++] = c;
    }

  buf[len] = '\0';
  return len > 0;
}

static void
tty_say (int         fd,
         const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      len -= (gsize) n;
    }
}

/* Asks on the terminal (not stdout, which carries the JSON). @echo: FALSE for the PIN. */
static gboolean
tty_ask (const char *prompt,
         gboolean    echo,
         char       *buf,
         gsize       size)
{
  struct termios saved;
  struct termios quiet;
  gboolean restore = FALSE;
  gboolean ok;
  int fd;

  fd = g_open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  if (!echo && tcgetattr (fd, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
      quiet.c_lflag |= ICANON;
      restore = tcsetattr (fd, TCSAFLUSH, &quiet) == 0;
    }

  tty_say (fd, prompt);
  ok = read_line_fd (fd, buf, size);

  if (restore)
    {
      tcsetattr (fd, TCSAFLUSH, &saved);
      tty_say (fd, "\n");
    }
  close (fd);

  return ok;
}

/* One line of input: from stdin (@from_stdin) or the terminal. */
static gboolean
ask_line (gboolean    from_stdin,
          const char *prompt,
          gboolean    echo,
          char       *buf,
          gsize       size)
{
  if (from_stdin)
    return read_line_fd (STDIN_FILENO, buf, size);
  return tty_ask (prompt, echo, buf, size);
}

/* Reads the PIN and, when only one try is left, the person's "yes"; then VERIFY. Returns the
 * tries left after a good PIN, or -1 with @error set. The PIN buffer is wiped on every path. */
static int
verify_pin (FcCardTransport  *transport,
            int               tries,
            gboolean          from_stdin,
            GError          **error)
{
  char pin[LINE_MAX_LEN];
  char answer[LINE_MAX_LEN];
  gboolean confirmed = FALSE;
  int tries_left = -1;
  gboolean ok;

  if (tries == 0)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                           _("The card’s PIN is blocked: no PIN was sent. The holder can have "
                             "it reset at their municipal office."));
      return -1;
    }

  /* Translators: the prompt for the card's 4-digit PIN on the terminal (typing is not shown). */
  if (!ask_line (from_stdin, _("PIN (4 digits): "), FALSE, pin, sizeof pin))
    {
      OPENSSL_cleanse (pin, sizeof pin);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           from_stdin ? _("No PIN on standard input. Nothing was sent to the card.")
                                      : _("No PIN was typed (or there is no terminal: use "
                                          "--pin-stdin). Nothing was sent to the card."));
      return -1;
    }

  if (tries == 1 && fc_jpki_pin_is_well_formed (pin))
    {
      /* Translators: asked on the terminal before the last PIN try; the person types "yes"
       * (the English word, as the program checks it). */
      if (ask_line (from_stdin, _("Only 1 try left — a wrong PIN blocks the card. Type yes to "
                                  "use it: "), TRUE, answer, sizeof answer))
        confirmed = g_str_equal (g_strstrip (answer), "yes");
    }

  ok = fc_jpki_verify_pin (transport, pin, confirmed, &tries_left, NULL, error);
  OPENSSL_cleanse (pin, sizeof pin);

  return ok ? tries_left : -1;
}

static void
add_ca_json (JsonBuilder    *builder,
             FcCardIdentity *ca,
             gboolean        signed_auth_cert)
{
  json_builder_set_member_name (builder, "ca");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, fc_card_identity_get_subject (ca));
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, fc_card_identity_get_serial_hex (ca));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, fc_card_identity_get_sha256_hex (ca));
  json_builder_set_member_name (builder, "signed_auth_cert");
  json_builder_add_boolean_value (builder, signed_auth_cert);
  json_builder_end_object (builder);
}

typedef struct
{
  FcCardIdentity *ca;               /* (nullable) (unowned) */
  gboolean        signed_auth_cert;
  int             pin_tries;        /* -1: not asked */
  gboolean        pin_verified;
} Extras;

static JsonNode *
identity_to_json (FcCardIdentity *identity,
                  double          read_ms,
                  const Extras   *extras)
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
  if (extras->ca != NULL)
    add_ca_json (builder, extras->ca, extras->signed_auth_cert);
  if (extras->pin_verified)
    {
      json_builder_set_member_name (builder, "pin_verified");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (extras->pin_tries >= 0)
    {
      json_builder_set_member_name (builder, "pin_tries");
      json_builder_add_int_value (builder, extras->pin_tries);
    }
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
  gboolean read_ca = FALSE;
  gboolean pin_tries = FALSE;
  gboolean want_verify = FALSE;
  gboolean pin_stdin = FALSE;
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
    { "ca", 0, 0, G_OPTION_ARG_NONE, &read_ca,
      N_("Also read the CA certificate on the card and check that it signed the card’s "
         "certificate"), NULL },
    { "pin-tries", 0, 0, G_OPTION_ARG_NONE, &pin_tries,
      N_("Print how many PIN tries are left (none is spent)"), NULL },
    { "verify-pin", 0, 0, G_OPTION_ARG_NONE, &want_verify,
      N_("Ask for the card’s PIN on the terminal and check it (asks again before the last "
         "try)"), NULL },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &pin_stdin,
      N_("With --verify-pin: read the PIN (and “yes” before the last try) from standard "
         "input, for scripts"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(FcNfcTransport) transport = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) ca = NULL;
  g_autoptr(JsonNode) root = NULL;
  Extras extras = { NULL, FALSE, -1, FALSE };
  gint64 start;
  double read_ms;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Reads the My Number card’s authentication certificate through "
                                  "an NFC reader and prints it as JSON. No PIN is sent unless "
                                  "--verify-pin is given."));
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
  if (pin_stdin && !want_verify)
    {
      fc_cli_print_error (_("--pin-stdin only goes with --verify-pin."));
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

  /* One line on failure: keep libnfc's own log quiet unless asked for (FcNfcTransport never lets
   * it log frames, PIN or not). */
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

  if (read_ca)
    {
      g_autoptr(GBytes) ca_der = NULL;
      g_autoptr(GError) issued_error = NULL;

      ca_der = fc_jpki_read_ca_certificate (FC_CARD_TRANSPORT (transport), NULL, &error);
      if (ca_der != NULL)
        ca = fc_card_identity_new_from_der (ca_der, NULL, &error);
      if (ca == NULL)
        {
          print_card_error (error);
          return FC_CLI_EXIT_INPUT;
        }
      extras.ca = ca;
      extras.signed_auth_cert = fc_card_identity_verify_issued_by (identity, ca_der,
                                                                   &issued_error);
    }

  if (pin_tries || want_verify)
    {
      extras.pin_tries = fc_jpki_read_pin_tries (FC_CARD_TRANSPORT (transport), NULL, &error);
      if (extras.pin_tries < 0)
        {
          print_card_error (error);
          return FC_CLI_EXIT_INPUT;
        }
    }

  if (want_verify)
    {
      extras.pin_tries = verify_pin (FC_CARD_TRANSPORT (transport), extras.pin_tries, pin_stdin,
                                     &error);
      if (extras.pin_tries < 0)
        {
          print_card_error (error);
          return FC_CLI_EXIT_INPUT;
        }
      extras.pin_verified = TRUE;
    }

  root = identity_to_json (identity, read_ms, &extras);
  fc_cli_print_json (root);

  return 0;
}
