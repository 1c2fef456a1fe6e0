/* fc-card-transport.c: the FcCardTransport interface and the FC_CARD_ERROR domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-card-transport.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (fc-card-error-quark, fc_card_error)

G_DEFINE_INTERFACE (FcCardTransport, fc_card_transport, G_TYPE_OBJECT)

static void
fc_card_transport_default_init (FcCardTransportInterface *iface)
{
}

/**
 * fc_card_transport_wait_for_card:
 * @self: a transport
 * @timeout_ms: how long to wait for a card
 * @cancellable: (nullable): cancels the wait
 * @error: set to %FC_CARD_ERROR_NO_CARD when no card arrived in time
 *
 * Blocks until a card is in the field. Call from a worker thread.
 *
 * Returns: %TRUE when a card is present
 */
gboolean
fc_card_transport_wait_for_card (FcCardTransport *self,
                                 guint            timeout_ms,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  FcCardTransportInterface *iface;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  iface = FC_CARD_TRANSPORT_GET_IFACE (self);
  if (iface->wait_for_card == NULL)
    return fc_card_transport_card_present (self);

  return iface->wait_for_card (self, timeout_ms, cancellable, error);
}

/**
 * fc_card_transport_card_present:
 * @self: a transport
 *
 * Returns: whether a card is in the field right now (does not block)
 */
gboolean
fc_card_transport_card_present (FcCardTransport *self)
{
  FcCardTransportInterface *iface;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (self), FALSE);

  iface = FC_CARD_TRANSPORT_GET_IFACE (self);
  if (iface->card_present == NULL)
    return FALSE;

  return iface->card_present (self);
}

/**
 * fc_card_transport_transceive:
 * @self: a transport
 * @apdu: one short command APDU
 * @cancellable: (nullable): cancels the exchange
 * @error: return location for an error
 *
 * Sends @apdu and returns the card's full response, status word included. Call from a worker
 * thread.
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with @error set
 */
GBytes *
fc_card_transport_transceive (FcCardTransport *self,
                              GBytes          *apdu,
                              GCancellable    *cancellable,
                              GError         **error)
{
  FcCardTransportInterface *iface;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (self), NULL);
  g_return_val_if_fail (apdu != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  iface = FC_CARD_TRANSPORT_GET_IFACE (self);
  if (iface->transceive == NULL)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_IO,
                           _("This reader cannot exchange data with a card."));
      return NULL;
    }

  return iface->transceive (self, apdu, cancellable, error);
}
