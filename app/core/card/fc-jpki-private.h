/* fc-jpki-private.h: what the parts of FcJpki share (fc-jpki.c: APDUs, file reads and the
 * blocking API; fc-jpki-async.c: reads on a worker thread with reports on the caller's context;
 * fc-jpki-pin.c: the PIN-try counter and VERIFY).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-jpki.h"

G_BEGIN_DECLS

/* One conversation with the card, on one thread. */
typedef struct
{
  FcCardTransport    *transport;     /* (unowned) */
  GCancellable       *cancellable;   /* (unowned) (nullable) */
  guint               apdu_count;
  gsize               bytes_read;    /* READ BINARY data bytes received */
  guint               represent_timeout_ms; /* 0: a removed card ends the read */
  FcJpkiProgressFunc  progress;      /* (nullable) */
  FcJpkiCardAwayFunc  card_away;     /* (nullable) */
  gpointer            watch_data;
  gsize               progress_done; /* last reported, so that progress never goes backwards */
} FcJpkiSession;

void            fc_jpki_session_init          (FcJpkiSession    *session,
                                               FcCardTransport  *transport,
                                               GCancellable     *cancellable);
/* Sends @command and splits the answer into data (returned) and status word. Fails with the
 * transport's error, or FC_CARD_ERROR_MALFORMED when the answer has no status word. */
GBytes         *fc_jpki_session_send          (FcJpkiSession    *session,
                                               GBytes           *command,
                                               guint16          *out_sw,
                                               GError          **error);
gboolean        fc_jpki_session_select_ap     (FcJpkiSession    *session,
                                               GError          **error);
gboolean        fc_jpki_session_select_ef     (FcJpkiSession    *session,
                                               guint16           fid,
                                               GError          **error);
/* Reads the whole DER object from EF @fid in ≤ 256-byte chunks (filler after it is dropped),
 * resuming after transient errors and, when the session allows it, after the card was taken
 * away and put back. */
GBytes         *fc_jpki_session_read_der_ef   (FcJpkiSession    *session,
                                               guint16           fid,
                                               GError          **error);
/* Reads EF 000A and parses it (read statistics set on the identity). */
FcCardIdentity *fc_jpki_session_read_identity (FcJpkiSession    *session,
                                               GPtrArray        *trust_anchors_der,
                                               GError          **error);

G_END_DECLS
