/* fc-virtual-card-private.h: what the parts of FcVirtualCard share (fc-virtual-card.c: the object
 * and the transport; fc-virtual-card-apdu.c: the card's answers to APDUs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-virtual-card.h"

G_BEGIN_DECLS

#define VIRTUAL_PIN       "1234"
#define VIRTUAL_PIN_TRIES 3
#define EF_TOKEN_INFO     0x0006
#define EF_CERT_AVAIL     0x0008
#define TOKEN_INFO_LEN    160
#define MAX_BYTE_DELAY_US 100000

struct _FcVirtualCard
{
  GObject                 parent_instance;

  GMutex                  lock;
  GCond                   cond;               /* signalled on any change and on cancellation */

  GBytes                 *auth_cert_der;      /* (owned) (nullable) (construct-only) */
  GBytes                 *auth_ca_cert_der;   /* (owned) (nullable) (construct-only) */
  GBytes                 *ef_auth_cert;       /* (owned) (nullable): DER + FF filler */
  GBytes                 *ef_auth_ca_cert;    /* (owned) (nullable): DER + FF filler */
  GBytes                 *ef_token_info;      /* (owned) */
  GBytes                 *ef_cert_avail;      /* (owned) */

  FcVirtualCardBehaviour  behaviour;          /* (mutex lock) */
  guint                   arrival_delay_ms;   /* (mutex lock) */
  guint                   remove_after_bytes; /* (mutex lock) */
  guint                   error_status;       /* (mutex lock) */
  guint                   pin_tries;          /* (mutex lock) */
  guint                   byte_delay_us;      /* (mutex lock) */
  guint                   apdu_count;         /* (mutex lock) */
  guint64                 bytes_sent;         /* (mutex lock): response bytes since insertion */
  gint64                  first_wait_us;      /* (mutex lock): monotonic; 0 = not waited yet */
  gboolean                removed;            /* (mutex lock) */
  gboolean                ap_selected;        /* (mutex lock) */
  guint16                 current_ef;         /* (mutex lock): 0 = none */
};

/* @der followed by FF filler up to a multiple of 256 bytes, as on a real card. */
GBytes     *fc_virtual_card_pad_ef               (GBytes        *der);
/* EF 0006: a 160-byte CK_TOKEN_INFO with the label of a physical My Number card. */
GBytes     *fc_virtual_card_make_token_info      (void);
/* Answers one command APDU like a JPKI card (data + SW, never more than 256 data bytes).
 * Called with self->lock held. */
GByteArray *fc_virtual_card_process_apdu_locked  (FcVirtualCard *self,
                                                  const guint8  *apdu,
                                                  gsize          len);

G_END_DECLS
