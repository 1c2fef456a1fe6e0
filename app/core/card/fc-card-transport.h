/* fc-card-transport.h: how FieldCard talks to a contactless card (libnfc reader or virtual card).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_CARD_ERROR (fc_card_error_quark ())

/**
 * FcCardError:
 * @FC_CARD_ERROR_NO_READER: no reader could be opened
 * @FC_CARD_ERROR_NO_CARD: no card was presented in time
 * @FC_CARD_ERROR_REMOVED: the card left the field during the exchange
 * @FC_CARD_ERROR_NOT_JPKI: the card has no JPKI application (not a My Number card)
 * @FC_CARD_ERROR_STATUS: the card answered an error status word
 * @FC_CARD_ERROR_MALFORMED: the card's answer was not well-formed (short, garbage, bad DER)
 * @FC_CARD_ERROR_UNTRUSTED: the certificate was not issued by a trusted JPKI authentication CA
 * @FC_CARD_ERROR_PIN_BLOCKED: the PIN is blocked
 * @FC_CARD_ERROR_IO: the reader failed (unplugged, transport error)
 * @FC_CARD_ERROR_LAST_TRY: only one PIN try is left and the person has not confirmed spending
 *   it; nothing was sent to the card
 * @FC_CARD_ERROR_WRONG_PIN: the card did not accept the PIN; tries are left (the message says
 *   how many)
 */
typedef enum {
  FC_CARD_ERROR_NO_READER,
  FC_CARD_ERROR_NO_CARD,
  FC_CARD_ERROR_REMOVED,
  FC_CARD_ERROR_NOT_JPKI,
  FC_CARD_ERROR_STATUS,
  FC_CARD_ERROR_MALFORMED,
  FC_CARD_ERROR_UNTRUSTED,
  FC_CARD_ERROR_PIN_BLOCKED,
  FC_CARD_ERROR_IO,
  FC_CARD_ERROR_LAST_TRY,
  FC_CARD_ERROR_WRONG_PIN,
} FcCardError;

#define FC_TYPE_CARD_TRANSPORT (fc_card_transport_get_type ())

G_DECLARE_INTERFACE (FcCardTransport, fc_card_transport, FC, CARD_TRANSPORT, GObject)

/**
 * FcCardTransportInterface:
 * @wait_for_card: block until a card is in the field (or @timeout_ms passes: %FC_CARD_ERROR_NO_CARD).
 * @card_present: whether a card is in the field right now (cheap, non-blocking).
 * @transceive: send one short APDU, return the full response including SW1 SW2.
 *
 * All three may block and are called from a worker thread, never the main thread.
 */
struct _FcCardTransportInterface
{
  GTypeInterface parent_iface;

  gboolean (*wait_for_card) (FcCardTransport *self,
                             guint            timeout_ms,
                             GCancellable    *cancellable,
                             GError         **error);
  gboolean (*card_present)  (FcCardTransport *self);
  GBytes  *(*transceive)    (FcCardTransport *self,
                             GBytes          *apdu,
                             GCancellable    *cancellable,
                             GError         **error);
};

GQuark   fc_card_error_quark            (void);
gboolean fc_card_transport_wait_for_card (FcCardTransport *self,
                                          guint            timeout_ms,
                                          GCancellable    *cancellable,
                                          GError         **error);
gboolean fc_card_transport_card_present  (FcCardTransport *self);
G_GNUC_WARN_UNUSED_RESULT
GBytes  *fc_card_transport_transceive    (FcCardTransport *self,
                                          GBytes          *apdu,
                                          GCancellable    *cancellable,
                                          GError         **error);

G_END_DECLS
