/* fc-nfc-transport.h: FcCardTransport over a libnfc reader (PN532 and friends), ISO 14443-B.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"

G_BEGIN_DECLS

/* Longest command APDU handed to libnfc: the PN532 frame holds 264 bytes including the
 * InDataExchange command code and target number (card-protocol.md §4.3). */
#define FC_NFC_TRANSPORT_MAX_APDU 262
/* Longest response APDU (SW included) a PN532 can deliver through libnfc 1.8.0. */
#define FC_NFC_TRANSPORT_MAX_RESPONSE 263

#define FC_TYPE_NFC_TRANSPORT (fc_nfc_transport_get_type ())

G_DECLARE_FINAL_TYPE (FcNfcTransport, fc_nfc_transport, FC, NFC_TRANSPORT, GObject)

/* Properties: "connstring" (string, construct-only: e.g. "pn532_uart:/dev/ttyUSB0:115200"),
 * "poll-interval-ms" (guint, default 100: pause between two polls for a card),
 * "exchange-timeout-ms" (guint, default 2000: libnfc timeout of one APDU exchange),
 * "device-name" (string, read-only, nullable: libnfc's name of the open reader).
 *
 * The reader is opened lazily on first use, on a dedicated reader thread that runs every libnfc
 * call for this object. After an I/O error the device is closed and re-opened on the next call,
 * so a reader that was unplugged and plugged back in works again. */
G_GNUC_WARN_UNUSED_RESULT
FcNfcTransport *fc_nfc_transport_new                     (const char     *connstring);
const char     *fc_nfc_transport_get_connstring          (FcNfcTransport *self);
guint           fc_nfc_transport_get_poll_interval_ms    (FcNfcTransport *self);
void            fc_nfc_transport_set_poll_interval_ms    (FcNfcTransport *self,
                                                          guint           poll_interval_ms);
guint           fc_nfc_transport_get_exchange_timeout_ms (FcNfcTransport *self);
void            fc_nfc_transport_set_exchange_timeout_ms (FcNfcTransport *self,
                                                          guint           exchange_timeout_ms);
/* Returns: (transfer full) (nullable): the open reader's name, e.g. "pn532_uart:/dev/pts/3 - PN532 v1.6". */
G_GNUC_WARN_UNUSED_RESULT
char           *fc_nfc_transport_dup_device_name         (FcNfcTransport *self);
/* How many times the device was opened successfully (re-opens after I/O errors included). */
guint           fc_nfc_transport_get_open_count          (FcNfcTransport *self);
/* Opens the reader now (instead of lazily); FC_CARD_ERROR_NO_READER when it cannot. Blocking. */
gboolean        fc_nfc_transport_open                    (FcNfcTransport *self,
                                                          GError        **error);
/* Closes the reader now (idle + close); the next call re-opens it. Blocking. */
void            fc_nfc_transport_close                   (FcNfcTransport *self);

/* A short, translated "what to do" for an error from any card transport or FcJpki (for the UI's
 * reader status line and `fieldcard-cli read-card`). Returns NULL for errors it does not know. */
const char     *fc_nfc_transport_describe_error          (const GError   *error);

G_END_DECLS
