/* fc-jpki.c: reads the user-authentication certificate (and, on request, its CA certificate)
 * from the JPKI application: the APDUs, the chunked file read and the blocking API.
 *
 * Only free-to-read data is touched here: SELECT the JPKI AP, SELECT EF 000A or 000B, READ BINARY
 * in chunks of at most 256 bytes. The PIN lives in fc-jpki-pin.c; the worker-thread API in
 * fc-jpki-async.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-jpki.h"
#include "fc-jpki-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* How often FcJpki asks again for the same offset after a transient error. */
#define MAX_RETRIES 3
/* Larger than any certificate a JPKI card holds; READ BINARY offsets are 15-bit. */
#define MAX_CERT_LEN 0x7fff
/* How often a read survives the card leaving the field and coming back. */
#define MAX_REPRESENTS 3

void
fc_jpki_session_init (FcJpkiSession   *session,
                      FcCardTransport *transport,
                      GCancellable    *cancellable)
{
  memset (session, 0, sizeof *session);
  session->transport = transport;
  session->cancellable = cancellable;
}

GBytes *
fc_jpki_session_send (FcJpkiSession  *session,
                      GBytes         *command,
                      guint16        *out_sw,
                      GError        **error)
{
  g_autoptr(GBytes) response = NULL;
  const guint8 *data;
  gsize len;

  session->apdu_count++;
  response = fc_card_transport_transceive (session->transport, command, session->cancellable,
                                           error);
  if (response == NULL)
    return NULL;

  data = g_bytes_get_data (response, &len);
  if (len < 2)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card sent an incomplete answer. Hold the card still and "
                             "try again."));
      return NULL;
    }

  *out_sw = (data[len - 2] << 8) | data[len - 1];

  return g_bytes_new_from_bytes (response, 0, len - 2);
}

static GBytes *
send_apdu (FcJpkiSession  *session,
           const guint8   *apdu,
           gsize           apdu_len,
           guint16        *out_sw,
           GError        **error)
{
  g_autoptr(GBytes) command = g_bytes_new (apdu, apdu_len);

  return fc_jpki_session_send (session, command, out_sw, error);
}

gboolean
fc_jpki_session_select_ap (FcJpkiSession  *session,
                           GError        **error)
{
  static const guint8 apdu[] = {
    0x00, 0xa4, 0x04, 0x0c, FC_JPKI_AID_LEN,
    0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
  };
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  G_STATIC_ASSERT (sizeof apdu == 5 + FC_JPKI_AID_LEN);

  data = send_apdu (session, apdu, sizeof apdu, &sw, error);
  if (data == NULL)
    return FALSE;

  if (sw == 0x6a82)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI,
                           _("This card is not a My Number card. Ask for the My Number card "
                             "and check its photo."));
      return FALSE;
    }

  return fc_jpki_check_status (sw, _("selecting the JPKI application"), error);
}

gboolean
fc_jpki_session_select_ef (FcJpkiSession  *session,
                           guint16         fid,
                           GError        **error)
{
  guint8 apdu[] = { 0x00, 0xa4, 0x02, 0x0c, 0x02, fid >> 8, fid & 0xff };
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  data = send_apdu (session, apdu, sizeof apdu, &sw, error);
  if (data == NULL)
    return FALSE;

  return fc_jpki_check_status (sw, _("selecting a file on the card"), error);
}

static gboolean
is_transient_error (const GError *error)
{
  return g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
}

/* 64xx (state unchanged) and 6Fxx (no precise diagnosis) may pass on a second try. */
static gboolean
is_transient_sw (guint16 sw)
{
  return (sw & 0xff00) == 0x6400 || (sw & 0xff00) == 0x6f00;
}

static void
report_progress (FcJpkiSession *session,
                 gsize          done,
                 gsize          total)
{
  if (session->progress == NULL || total == 0)
    return;

  done = MIN (done, total);
  if (done <= session->progress_done)
    return;

  session->progress_done = done;
  session->progress (done, total, session->watch_data);
}

/* The card left the field: wait for it to come back. FALSE (with the removal error kept) when
 * it does not come back in time or waiting is not wanted. */
static gboolean
wait_for_represent (FcJpkiSession  *session,
                    GError        **removal_error)
{
  g_autoptr(GError) wait_error = NULL;
  gboolean back;

  if (session->represent_timeout_ms == 0)
    return FALSE;

  g_debug ("Card removed mid-read; waiting up to %u ms for it to come back",
           session->represent_timeout_ms);
  /* The crew sees "put the card back" while we wait, and no longer once reading goes on or
   * has failed. */
  if (session->card_away != NULL)
    session->card_away (TRUE, session->watch_data);
  back = fc_card_transport_wait_for_card (session->transport, session->represent_timeout_ms,
                                          session->cancellable, &wait_error);
  if (session->card_away != NULL)
    session->card_away (FALSE, session->watch_data);
  if (back)
    return TRUE;

  /* Cancelling wins over the removal. */
  if (g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (removal_error);
      g_propagate_error (removal_error, g_steal_pointer (&wait_error));
    }

  return FALSE;
}

static void
set_different_card_error (GError **error)
{
  g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                       _("A different card was presented. Put the first card back on the "
                         "reader and read again."));
}

static void
set_incomplete_error (GError **error)
{
  g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                       _("The card’s certificate ended too early. Hold the card still and "
                         "read it again."));
}

static gboolean
is_removed_error (const GError *error)
{
  return g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
}

/* The card is back: read again from offset 0, comparing with what was read before. */
static void
restart_after_represent (GByteArray **buffer,
                         GByteArray **expected,
                         gsize       *total)
{
  /* Still checking from an earlier removal: keep the longer record. */
  if (*expected == NULL || (*buffer)->len > (*expected)->len)
    {
      g_clear_pointer (expected, g_byte_array_unref);
      *expected = g_steal_pointer (buffer);
      *buffer = g_byte_array_sized_new (2048);
    }
  else
    g_byte_array_set_size (*buffer, 0);

  *total = 0;
}

/**
 * fc_jpki_session_read_der_ef:
 * @session: the session
 * @fid: the EF holding a DER certificate (000A or 000B)
 * @error: return location for an error
 *
 * Reads the whole DER object from EF @fid (filler after it is dropped). Resumes at the last good
 * offset after a transient error: up to MAX_RETRIES more tries per offset, re-selecting the
 * application and file after a transport error. With a represent timeout, a card taken away is
 * waited for, and the bytes read before are read again and compared (the same card).
 *
 * Returns: (transfer full): the DER object, or %NULL with @error set
 */
GBytes *
fc_jpki_session_read_der_ef (FcJpkiSession  *session,
                             guint16         fid,
                             GError        **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (2048);
  /* After the card was presented again: what the first card gave, to compare with. */
  g_autoptr(GByteArray) expected = NULL;
  gsize total = 0;
  guint retries = 0;
  guint represents = 0;
  gboolean need_select = TRUE;

  while (total == 0 || buffer->len < total)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) chunk = NULL;
      guint8 apdu[5];
      gsize offset = buffer->len;
      gsize le;
      gsize chunk_len;
      guint16 sw = 0;

      if (g_cancellable_set_error_if_cancelled (session->cancellable, error))
        return NULL;

      if (need_select)
        {
          if (!fc_jpki_session_select_ap (session, &local_error) ||
              !fc_jpki_session_select_ef (session, fid, &local_error))
            {
              if (is_transient_error (local_error) && retries < MAX_RETRIES)
                {
                  g_debug ("Retrying selection after: %s", local_error->message);
                  retries++;
                  continue;
                }
              if (is_removed_error (local_error) && represents < MAX_REPRESENTS &&
                  wait_for_represent (session, &local_error))
                {
                  represents++;
                  restart_after_represent (&buffer, &expected, &total);
                  continue;
                }
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          need_select = FALSE;
        }

      le = total == 0 ? FC_JPKI_MAX_CHUNK : MIN (FC_JPKI_MAX_CHUNK, total - offset);
      apdu[0] = 0x00;
      apdu[1] = 0xb0;
      apdu[2] = (offset >> 8) & 0x7f;
      apdu[3] = offset & 0xff;
      apdu[4] = le == 256 ? 0x00 : (guint8) le;

      chunk = send_apdu (session, apdu, sizeof apdu, &sw, &local_error);
      if (chunk == NULL)
        {
          if (is_transient_error (local_error) && retries < MAX_RETRIES)
            {
              g_debug ("Resuming at offset %" G_GSIZE_FORMAT " after: %s",
                       offset, local_error->message);
              retries++;
              need_select = TRUE;
              continue;
            }
          if (is_removed_error (local_error) && represents < MAX_REPRESENTS &&
              wait_for_represent (session, &local_error))
            {
              represents++;
              need_select = TRUE;
              restart_after_represent (&buffer, &expected, &total);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (is_transient_sw (sw) && retries < MAX_RETRIES)
        {
          g_debug ("Resuming at offset %" G_GSIZE_FORMAT " after SW %04X", offset, sw);
          retries++;
          continue;
        }

      if (sw == 0x6b00)
        {
          set_incomplete_error (error);
          return NULL;
        }

      if (!fc_jpki_check_status (sw, _("reading the certificate"), error))
        return NULL;

      chunk_len = g_bytes_get_size (chunk);
      if (chunk_len == 0)
        {
          set_incomplete_error (error);
          return NULL;
        }

      if (chunk_len > le)
        {
          g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                               _("The card sent more data than asked for. Try again, or use "
                                 "another reader."));
          return NULL;
        }

      /* A card presented again must give the same bytes as the first one did. */
      if (expected != NULL && offset < expected->len)
        {
          gsize overlap = MIN (chunk_len, expected->len - offset);

          if (memcmp (g_bytes_get_data (chunk, NULL), expected->data + offset, overlap) != 0)
            {
              set_different_card_error (error);
              return NULL;
            }
        }

      g_byte_array_append (buffer, g_bytes_get_data (chunk, NULL), chunk_len);
      session->bytes_read += chunk_len;
      retries = 0;
      if (expected != NULL && buffer->len >= expected->len)
        g_clear_pointer (&expected, g_byte_array_unref);

      if (total == 0)
        {
          if (!fc_card_identity_parse_der_length (buffer->data, buffer->len, &total))
            {
              g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                                   _("The card’s certificate file does not hold a certificate."));
              return NULL;
            }
          if (total > MAX_CERT_LEN)
            {
              g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                                   _("The card’s certificate is too large to be a My Number "
                                     "card certificate."));
              return NULL;
            }
        }

      report_progress (session, buffer->len, total);
    }

  /* Drop the filler read with the first chunk of a short certificate. */
  g_byte_array_set_size (buffer, total);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * fc_jpki_check_status:
 * @sw: the status word SW1SW2
 * @step: (nullable): what was being done, e.g. "reading the certificate" (translated)
 * @error: return location for an error
 *
 * Returns: %TRUE for 9000; otherwise %FALSE with a clear, translated @error:
 *   %FC_CARD_ERROR_WRONG_PIN for 63C1–63CF, %FC_CARD_ERROR_PIN_BLOCKED for 63C0, 6983 and 6984,
 *   %FC_CARD_ERROR_STATUS for the rest
 */
gboolean
fc_jpki_check_status (guint16      sw,
                      const char  *step,
                      GError     **error)
{
  if (sw == 0x9000)
    return TRUE;

  if (step == NULL)
    step = _("talking to the card");

  if ((sw & 0xfff0) == 0x63c0 && (sw & 0x000f) > 0)
    {
      guint tries = sw & 0x000f;

      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The card did not accept the PIN (SW %04X) while %s: "
                                "%u try left.",
                                "The card did not accept the PIN (SW %04X) while %s: "
                                "%u tries left.",
                                tries),
                   sw, step, tries);
      return FALSE;
    }

  switch (sw)
    {
    case 0x63c0:
    case 0x6983:
    case 0x6984:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                   _("The card’s PIN is blocked (SW %04X) while %s. The holder can have it "
                     "reset at their municipal office."),
                   sw, step);
      break;

    case 0x6982:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card refused access: security status not satisfied (SW %04X) "
                     "while %s."),
                   sw, step);
      break;

    case 0x6a82:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not have the requested file (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6b00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card’s file ended early (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6700:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card rejected the command length (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6a86:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card rejected the command parameters (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6d00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not support this command (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6e00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not support this command class (SW %04X) while %s."),
                   sw, step);
      break;

    default:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card answered an error (SW %04X) while %s."),
                   sw, step);
      break;
    }

  return FALSE;
}


/**
 * fc_jpki_session_read_identity:
 * @session: the session
 * @trust_anchors_der: (nullable) (element-type GBytes): JPKI CA certificates
 * @error: return location for an error
 *
 * Returns: (transfer full): the identity with its read statistics, or %NULL with @error set
 */
FcCardIdentity *
fc_jpki_session_read_identity (FcJpkiSession  *session,
                               GPtrArray      *trust_anchors_der,
                               GError        **error)
{
  g_autoptr(GBytes) der = NULL;
  FcCardIdentity *identity;

  der = fc_jpki_session_read_der_ef (session, FC_JPKI_EF_AUTH_CERT, error);
  if (der == NULL)
    return NULL;

  identity = fc_card_identity_new_from_der (der, trust_anchors_der, error);
  if (identity == NULL)
    return NULL;

  fc_card_identity_set_read_stats (identity, session->apdu_count, session->bytes_read);

  return identity;
}

FcCardIdentity *
fc_jpki_read_identity (FcCardTransport  *transport,
                       GPtrArray        *trust_anchors_der,
                       GCancellable     *cancellable,
                       GError          **error)
{
  FcJpkiSession session;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fc_jpki_session_init (&session, transport, cancellable);

  return fc_jpki_session_read_identity (&session, trust_anchors_der, error);
}

/**
 * fc_jpki_read_identity_full:
 * @transport: the card transport
 * @trust_anchors_der: (nullable) (element-type GBytes): JPKI CA certificates
 * @progress: (nullable) (scope call): called after each chunk, on this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the certificate like fc_jpki_read_identity(), reporting progress, and survives the card
 * leaving the field and coming back (the same card: checked byte for byte).
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
FcCardIdentity *
fc_jpki_read_identity_full (FcCardTransport     *transport,
                            GPtrArray           *trust_anchors_der,
                            FcJpkiProgressFunc   progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return fc_jpki_read_identity_watch (transport, trust_anchors_der, progress, NULL,
                                      progress_data, cancellable, error);
}

/**
 * fc_jpki_read_identity_watch:
 * @transport: the card transport
 * @trust_anchors_der: (nullable) (element-type GBytes): JPKI CA certificates
 * @progress: (nullable) (scope call): called after each chunk, on this thread
 * @card_away: (nullable) (scope call): called with %TRUE when the card left the field and the
 *   read waits for it, with %FALSE when reading resumes or fails; on this thread
 * @watch_data: data for @progress and @card_away
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * fc_jpki_read_identity_full() that also says when it waits for the card to be put back.
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
FcCardIdentity *
fc_jpki_read_identity_watch (FcCardTransport     *transport,
                             GPtrArray           *trust_anchors_der,
                             FcJpkiProgressFunc   progress,
                             FcJpkiCardAwayFunc   card_away,
                             gpointer             watch_data,
                             GCancellable        *cancellable,
                             GError             **error)
{
  FcJpkiSession session;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fc_jpki_session_init (&session, transport, cancellable);
  session.represent_timeout_ms = FC_JPKI_REPRESENT_TIMEOUT_MS;
  session.progress = progress;
  session.card_away = card_away;
  session.watch_data = watch_data;

  return fc_jpki_session_read_identity (&session, trust_anchors_der, error);
}

/**
 * fc_jpki_read_ca_certificate:
 * @transport: the card transport
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the CA certificate of the user-authentication certificate (EF 000B) the same way as the
 * user-authentication certificate: ≤ 256-byte chunks, resuming after transient errors. Free to
 * read; no PIN. Parse it with fc_card_identity_new_from_der() and check the card's certificate
 * against it with fc_card_identity_verify_issued_by(). Blocking.
 *
 * Returns: (transfer full): exactly the DER certificate (filler removed), or %NULL with @error
 */
GBytes *
fc_jpki_read_ca_certificate (FcCardTransport  *transport,
                             GCancellable     *cancellable,
                             GError          **error)
{
  FcJpkiSession session;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fc_jpki_session_init (&session, transport, cancellable);

  return fc_jpki_session_read_der_ef (&session, FC_JPKI_EF_AUTH_CA_CERT, error);
}
