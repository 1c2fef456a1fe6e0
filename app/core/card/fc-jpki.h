/* fc-jpki.h: the JPKI application on a My Number card, over any FcCardTransport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"
#include "fc-card-identity.h"

G_BEGIN_DECLS

/* AID of the JPKI application (公的個人認証AP). */
#define FC_JPKI_AID "\xD3\x92\xF0\x00\x26\x01\x00\x00\x00\x01"
#define FC_JPKI_AID_LEN 10
#define FC_JPKI_EF_AUTH_CERT    0x000A
#define FC_JPKI_EF_AUTH_CA_CERT 0x000B
#define FC_JPKI_EF_AUTH_PIN     0x0018
/* Largest Le FcJpki asks for in one READ BINARY (00 = 256 on the wire). */
#define FC_JPKI_MAX_CHUNK 256
/* The user-authentication PIN: 4 digits, 3 tries. */
#define FC_JPKI_PIN_LENGTH    4
#define FC_JPKI_PIN_MAX_TRIES 3

/* Blocking: SELECT JPKI AP, SELECT EF 000A, READ BINARY in ≤ 256-byte chunks (length from the DER
 * header), resuming from the last good offset after a transient error; then parse with OpenSSL.
 * Never sends a PIN. Call from a worker thread.
 * @trust_anchors_der: (nullable) (element-type GBytes): see fc_card_identity_new_from_der(). */
G_GNUC_WARN_UNUSED_RESULT
FcCardIdentity *fc_jpki_read_identity        (FcCardTransport     *transport,
                                              GPtrArray           *trust_anchors_der,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* How long fc_jpki_read_identity_full() waits for a card that left the field mid-read to be
 * presented again before it fails with FC_CARD_ERROR_REMOVED. */
#define FC_JPKI_REPRESENT_TIMEOUT_MS 5000

/**
 * FcJpkiProgressFunc:
 * @done: certificate bytes read so far (never goes backwards, never above @total)
 * @total: the certificate's length from its DER header; 0 until the first chunk is in
 * @user_data: the data passed with the function
 *
 * Reading progress of the certificate, called after every READ BINARY chunk.
 */
typedef void (*FcJpkiProgressFunc) (gsize    done,
                                    gsize    total,
                                    gpointer user_data);

/**
 * FcJpkiCardAwayFunc:
 * @away: %TRUE when the card left the field mid-read and the read waits (up to
 *   FC_JPKI_REPRESENT_TIMEOUT_MS) for it to be put back; %FALSE when reading resumes or fails
 * @user_data: the data passed with the function
 */
typedef void (*FcJpkiCardAwayFunc) (gboolean away,
                                    gpointer user_data);

/* Like fc_jpki_read_identity(), plus: reports progress (@progress called on the calling thread),
 * and when the card leaves the field mid-read, waits up to FC_JPKI_REPRESENT_TIMEOUT_MS for it to
 * come back, checks that it is the same card (the bytes already read are read again and compared:
 * FC_CARD_ERROR_REMOVED "a different card was presented" otherwise) and resumes. */
G_GNUC_WARN_UNUSED_RESULT
FcCardIdentity *fc_jpki_read_identity_full   (FcCardTransport     *transport,
                                              GPtrArray           *trust_anchors_der,
                                              FcJpkiProgressFunc   progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* fc_jpki_read_identity_full() plus @card_away (both nullable, called on this thread). */
G_GNUC_WARN_UNUSED_RESULT
FcCardIdentity *fc_jpki_read_identity_watch  (FcCardTransport     *transport,
                                              GPtrArray           *trust_anchors_der,
                                              FcJpkiProgressFunc   progress,
                                              FcJpkiCardAwayFunc   card_away,
                                              gpointer             watch_data,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* fc_jpki_read_identity_full() on a worker thread (wait_for_card first, up to @timeout_ms).
 * @progress is called on the thread-default main context of the caller (the one the callback
 * runs on), in order, all of them before the callback; @progress_destroy frees @progress_data on
 * that context after the last report. Finish with fc_jpki_read_identity_finish(). */
void            fc_jpki_read_identity_full_async (FcCardTransport     *transport,
                                                  GPtrArray           *trust_anchors_der,
                                                  guint                timeout_ms,
                                                  FcJpkiProgressFunc   progress,
                                                  gpointer             progress_data,
                                                  GDestroyNotify       progress_destroy,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* fc_jpki_read_identity_full_async() that also reports @card_away (nullable) on the caller's
 * context, in order with the progress reports; @watch_destroy frees @watch_data there after
 * the last report. */
void            fc_jpki_read_identity_watch_async (FcCardTransport     *transport,
                                                   GPtrArray           *trust_anchors_der,
                                                   guint                timeout_ms,
                                                   FcJpkiProgressFunc   progress,
                                                   FcJpkiCardAwayFunc   card_away,
                                                   gpointer             watch_data,
                                                   GDestroyNotify       watch_destroy,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Runs fc_jpki_read_identity() on a worker thread (wait_for_card first, up to @timeout_ms). */
void            fc_jpki_read_identity_async  (FcCardTransport     *transport,
                                              GPtrArray           *trust_anchors_der,
                                              guint                timeout_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
FcCardIdentity *fc_jpki_read_identity_finish (GAsyncResult        *result,
                                              GError             **error);
/* Blocking: SELECT JPKI AP, SELECT EF 000B, READ BINARY in ≤ 256-byte chunks: the DER of the
 * CA certificate that issued the user-authentication certificate (filler removed). */
G_GNUC_WARN_UNUSED_RESULT
GBytes         *fc_jpki_read_ca_certificate  (FcCardTransport     *transport,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* VERIFY with no data on EF 0018: the number of PIN tries left, without spending one.
 * Returns -1 with @error set on failure; 0 means blocked. */
int             fc_jpki_read_pin_tries       (FcCardTransport     *transport,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Whether @pin is exactly FC_JPKI_PIN_LENGTH ASCII digits. */
gboolean        fc_jpki_pin_is_well_formed   (const char          *pin);
/* VERIFY with the PIN a person typed (4 digits; anything else fails with
 * G_IO_ERROR_INVALID_ARGUMENT and nothing is sent). The counter is read first: blocked →
 * FC_CARD_ERROR_PIN_BLOCKED; exactly one try left and !@confirmed_last_try →
 * FC_CARD_ERROR_LAST_TRY (no VERIFY sent). A wrong PIN → FC_CARD_ERROR_WRONG_PIN (the message
 * says how many tries are left). @tries_left: (out) (optional): tries left afterwards (3 after
 * success, 0 when blocked), -1 when unknown. Every copy of the PIN made here is wiped. Never
 * logs the PIN. Blocking. */
gboolean        fc_jpki_verify_pin           (FcCardTransport     *transport,
                                              const char          *pin,
                                              gboolean             confirmed_last_try,
                                              int                 *tries_left,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Maps a status word to a clear, translated error (FC_CARD_ERROR_*). Returns TRUE for 9000. */
gboolean        fc_jpki_check_status         (guint16              sw,
                                              const char          *step,
                                              GError             **error);

G_END_DECLS
