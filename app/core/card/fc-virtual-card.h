/* fc-virtual-card.h: a software JPKI card (training mode, tests, demos).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"

G_BEGIN_DECLS

/**
 * FcVirtualCardBehaviour:
 * @FC_VIRTUAL_CARD_PRESENT: a normal My Number card
 * @FC_VIRTUAL_CARD_ABSENT: no card ever arrives (wait_for_card fails with NO_CARD)
 * @FC_VIRTUAL_CARD_REMOVED_AFTER: the card leaves after "remove-after-bytes" response bytes
 * @FC_VIRTUAL_CARD_WRONG_APPLICATION: a card without the JPKI AP (SELECT answers 6A82)
 * @FC_VIRTUAL_CARD_ERROR_STATUS: READ BINARY answers "error-status" (e.g. 0x6982)
 */
typedef enum {
  FC_VIRTUAL_CARD_PRESENT,
  FC_VIRTUAL_CARD_ABSENT,
  FC_VIRTUAL_CARD_REMOVED_AFTER,
  FC_VIRTUAL_CARD_WRONG_APPLICATION,
  FC_VIRTUAL_CARD_ERROR_STATUS,
} FcVirtualCardBehaviour;

#define FC_TYPE_VIRTUAL_CARD (fc_virtual_card_get_type ())

G_DECLARE_FINAL_TYPE (FcVirtualCard, fc_virtual_card, FC, VIRTUAL_CARD, GObject)

/* Properties: "behaviour" (FcVirtualCardBehaviour), "arrival-delay-ms" (guint: how long after
 * wait_for_card starts the card "arrives"), "remove-after-bytes" (guint), "error-status" (guint,
 * SW1SW2), "pin-tries" (guint, 0–3), "byte-delay-us" (guint: simulated link time per byte),
 * "apdu-count" (guint, read-only: APDUs answered so far). */
G_GNUC_WARN_UNUSED_RESULT
FcVirtualCard *fc_virtual_card_new          (GBytes        *auth_cert_der,
                                             GBytes        *auth_ca_cert_der);
void           fc_virtual_card_set_behaviour (FcVirtualCard          *self,
                                              FcVirtualCardBehaviour  behaviour);
FcVirtualCardBehaviour
               fc_virtual_card_get_behaviour (FcVirtualCard          *self);
guint          fc_virtual_card_get_apdu_count (FcVirtualCard *self);
/* Takes the card away and puts it back: clears the removed state and the byte count for
 * "remove-after-bytes", deselects, and restarts the arrival delay. Keeps the PIN counter. */
void           fc_virtual_card_reinsert       (FcVirtualCard *self);

G_END_DECLS
