/* fc-jpki-pin.c: the user-authentication PIN (EF 0018): reading the try counter without
 * spending a try, and VERIFY with a PIN a person typed.
 *
 * The PIN is never logged. The APDU that carries it lives in memory that is wiped with
 * OPENSSL_cleanse when the last reference to it goes (also on every error path).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-jpki.h"
#include "fc-jpki-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

/* VERIFY header for the PIN of the selected EF: CLA INS P1 P2 (card-protocol.md §2.2). */
#define VERIFY_HEADER_LEN 4
/* Header, Lc and the PIN digits. */
#define VERIFY_APDU_LEN (VERIFY_HEADER_LEN + 1 + FC_JPKI_PIN_LENGTH)

typedef struct
{
  guint8 bytes[VERIFY_APDU_LEN];
} SecretApdu;

static void
secret_apdu_free (gpointer data)
{
  SecretApdu *apdu = data;

  OPENSSL_cleanse (apdu, sizeof *apdu);
  g_free (apdu);
}

/* Selects the JPKI AP and EF 0018 and reads the counter: tries left (0 = blocked), or -1 with
 * @error set. */
static int
query_tries (FcJpkiSession  *session,
             GError        **error)
{
  static const guint8 verify_query[] = { 0x00, 0x20, 0x00, 0x80 };
  g_autoptr(GBytes) command = NULL;
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  if (!fc_jpki_session_select_ap (session, error) ||
      !fc_jpki_session_select_ef (session, FC_JPKI_EF_AUTH_PIN, error))
    return -1;

  command = g_bytes_new_static (verify_query, sizeof verify_query);
  data = fc_jpki_session_send (session, command, &sw, error);
  if (data == NULL)
    return -1;

  if ((sw & 0xfff0) == 0x63c0)
    return sw & 0x000f;

  switch (sw)
    {
    case 0x6983:
    case 0x6984:
      return 0;

    case 0x9000:
      /* Already verified in this session: the counter is full. */
      return FC_JPKI_PIN_MAX_TRIES;

    default:
      fc_jpki_check_status (sw, _("reading the PIN counter"), error);
      return -1;
    }
}

/**
 * fc_jpki_read_pin_tries:
 *
 * Selects the JPKI AP and EF 0018, then sends VERIFY with no data (00 20 00 80), which reports
 * the counter without spending a try.
 *
 * Returns: tries left (0 = blocked), or -1 with @error set
 */
int
fc_jpki_read_pin_tries (FcCardTransport  *transport,
                        GCancellable     *cancellable,
                        GError          **error)
{
  FcJpkiSession session;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), -1);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  fc_jpki_session_init (&session, transport, cancellable);

  return query_tries (&session, error);
}

gboolean
fc_jpki_pin_is_well_formed (const char *pin)
{
  gsize len;

  g_return_val_if_fail (pin != NULL, FALSE);

  len = strnlen (pin, FC_JPKI_PIN_LENGTH + 1);

  if (len != FC_JPKI_PIN_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

typedef enum {
  BLOCKED_BEFORE,    /* the counter was at 0: nothing sent */
  BLOCKED_BY_TRY,    /* this wrong PIN used the last try */
  BLOCKED_ON_VERIFY, /* the card answered VERIFY with 6983/6984 */
} BlockedWhen;

static void
set_blocked_error (GError      **error,
                   BlockedWhen   when)
{
  switch (when)
    {
    case BLOCKED_BEFORE:
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                           _("The card’s PIN is blocked: no PIN was sent. The holder can have "
                             "it reset at their municipal office."));
      break;

    case BLOCKED_BY_TRY:
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                           _("Wrong PIN. That was the last try: the card’s PIN is now blocked. "
                             "The holder can have it reset at their municipal office."));
      break;

    case BLOCKED_ON_VERIFY:
    default:
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                           _("The card refused the PIN: its PIN is blocked. The holder can have "
                             "it reset at their municipal office."));
      break;
    }
}

/* Sends VERIFY with @pin (checked: 4 digits). Returns the status word, or 0 with @error set. */
static guint16
send_verify (FcJpkiSession  *session,
             const char     *pin,
             GError        **error)
{
  SecretApdu *apdu = g_new0 (SecretApdu, 1);
  g_autoptr(GBytes) command = NULL;
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  apdu->bytes[0] = 0x00;
  apdu->bytes[1] = 0x20;
  apdu->bytes[2] = 0x00;
  apdu->bytes[3] = 0x80;
  apdu->bytes[4] = FC_JPKI_PIN_LENGTH;
  memcpy (apdu->bytes + 5, pin, FC_JPKI_PIN_LENGTH);

  /* The transport may keep the command a little; the wipe happens when the last reference
   * goes, whoever drops it. */
  command = g_bytes_new_with_free_func (apdu->bytes, sizeof apdu->bytes, secret_apdu_free, apdu);
  data = fc_jpki_session_send (session, command, &sw, error);
  if (data == NULL)
    return 0;

  return sw;
}

/**
 * fc_jpki_verify_pin:
 * @transport: the card transport
 * @pin: the 4 digits the person typed (not kept; the caller wipes its own buffer)
 * @confirmed_last_try: the person confirmed spending the last try
 * @tries_left: (out) (optional): tries left afterwards, -1 when unknown
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the try counter (no try spent), then, unless the PIN is blocked or only one try is left
 * without confirmation, sends VERIFY with the PIN.
 *
 * Returns: %TRUE when the card accepted the PIN
 */
gboolean
fc_jpki_verify_pin (FcCardTransport  *transport,
                    const char       *pin,
                    gboolean          confirmed_last_try,
                    int              *tries_left,
                    GCancellable     *cancellable,
                    GError          **error)
{
  FcJpkiSession session;
  int tries;
  guint16 sw;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tries_left != NULL)
    *tries_left = -1;

  if (!fc_jpki_pin_is_well_formed (pin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The PIN must be 4 digits. Nothing was sent to the card."));
      return FALSE;
    }

  fc_jpki_session_init (&session, transport, cancellable);

  tries = query_tries (&session, error);
  if (tries < 0)
    return FALSE;
  if (tries_left != NULL)
    *tries_left = tries;

  if (tries == 0)
    {
      set_blocked_error (error, BLOCKED_BEFORE);
      return FALSE;
    }
  if (tries == 1 && !confirmed_last_try)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY,
                           _("Only 1 PIN try is left, so no PIN was sent."));
      return FALSE;
    }

  sw = send_verify (&session, pin, error);
  if (sw == 0)
    {
      /* The card may or may not have counted the try: read the counter again to know. */
      if (tries_left != NULL)
        *tries_left = -1;
      return FALSE;
    }

  g_debug ("VERIFY answered SW %04X", sw);

  if (sw == 0x9000)
    {
      if (tries_left != NULL)
        *tries_left = FC_JPKI_PIN_MAX_TRIES;
      return TRUE;
    }

  if ((sw & 0xfff0) == 0x63c0)
    {
      guint left = sw & 0x000f;

      if (tries_left != NULL)
        *tries_left = (int) left;
      if (left == 0)
        {
          set_blocked_error (error, BLOCKED_BY_TRY);
          return FALSE;
        }
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Wrong PIN: %u try left. A wrong PIN then blocks the card.",
                                "Wrong PIN: %u tries left.",
                                left),
                   left);
      return FALSE;
    }

  if (sw == 0x6983 || sw == 0x6984)
    {
      if (tries_left != NULL)
        *tries_left = 0;
      set_blocked_error (error, BLOCKED_ON_VERIFY);
      return FALSE;
    }

  /* Something else: the counter is unknown now. */
  if (tries_left != NULL)
    *tries_left = -1;
  fc_jpki_check_status (sw, _("checking the PIN"), error);
  return FALSE;
}
