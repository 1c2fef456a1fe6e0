/* fc-pn532-emu.h: a PN532 NFC reader emulated on a pseudo-terminal, for the real libnfc
 * pn532_uart path in tests, demos and training (card-protocol.md §5 and §9).
 *
 * The emulator answers what libnfc 1.8.0 sends: wake-up, SAMConfiguration, Diagnose, firmware
 * version, parameters, registers, RF configuration, InListPassiveTarget (ISO 14443-B), and
 * InDataExchange, whose APDUs go to a card model (any FcCardTransport, normally FcVirtualCard).
 * All control functions are thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-card-transport.h"

G_BEGIN_DECLS

/**
 * FcPn532EmuGarbage:
 * @FC_PN532_EMU_GARBAGE_NONE: answer correctly
 * @FC_PN532_EMU_GARBAGE_BAD_CHECKSUM: the answer's data checksum is wrong
 * @FC_PN532_EMU_GARBAGE_TRUNCATED: the answer stops half-way through the frame
 * @FC_PN532_EMU_GARBAGE_ERROR_FRAME: the PN532 application-level error frame instead of an answer
 *
 * How APDU answers (InDataExchange) are spoiled, for robustness tests.
 */
typedef enum {
  FC_PN532_EMU_GARBAGE_NONE,
  FC_PN532_EMU_GARBAGE_BAD_CHECKSUM,
  FC_PN532_EMU_GARBAGE_TRUNCATED,
  FC_PN532_EMU_GARBAGE_ERROR_FRAME,
} FcPn532EmuGarbage;

/* UART time per byte at 115200 baud (10 bits), and ISO 14443 106 kbit/s air time per byte, in µs. */
#define FC_PN532_EMU_UART_US_PER_BYTE 87
#define FC_PN532_EMU_AIR_US_PER_BYTE  75

#define FC_TYPE_PN532_EMU (fc_pn532_emu_get_type ())

G_DECLARE_FINAL_TYPE (FcPn532Emu, fc_pn532_emu, FC, PN532_EMU, GObject)

/* Opens a pty and starts answering on it. @card: the card in the field (APDUs go to its
 * transceive). @link_path: (nullable): a symlink kept pointing at the current pty, so that the
 * same connstring works after fc_pn532_emu_set_unplugged (FALSE) opened a new pty. */
G_GNUC_WARN_UNUSED_RESULT
FcPn532Emu *fc_pn532_emu_new                  (FcCardTransport    *card,
                                               const char         *link_path,
                                               GError            **error);
FcCardTransport *fc_pn532_emu_get_card        (FcPn532Emu         *self);
/* The slave side, e.g. "/dev/pts/4" (changes when re-plugged); NULL while unplugged. */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_pn532_emu_dup_pty_path         (FcPn532Emu         *self);
/* "pn532_uart:<link or pty>:115200". */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_pn532_emu_dup_connstring       (FcPn532Emu         *self);

/* The card enters (TRUE) or leaves (FALSE) the field. Presenting it cancels a pending
 * remove-after. Default: present. */
void        fc_pn532_emu_set_card_present     (FcPn532Emu         *self,
                                               gboolean            present);
gboolean    fc_pn532_emu_get_card_present     (FcPn532Emu         *self);
/* The card leaves the field once @n_bytes more response bytes would have been delivered: the
 * APDU that crosses the limit gets a PN532 timeout (status 01). 0 = never. */
void        fc_pn532_emu_set_remove_after_bytes (FcPn532Emu       *self,
                                                 guint             n_bytes);
/* TRUE: the reader is unplugged (the pty master is closed: libnfc gets I/O errors). FALSE: it is
 * plugged back in (a new pty; the link, if any, is updated). */
gboolean    fc_pn532_emu_set_unplugged        (FcPn532Emu         *self,
                                               gboolean            unplugged,
                                               GError            **error);
/* A reader that stops answering anything (no ACK) but stays on the bus. */
void        fc_pn532_emu_set_mute             (FcPn532Emu         *self,
                                               gboolean            mute);
/* Realistic timing: UART time for every frame, air time for every APDU byte. Default: off. */
void        fc_pn532_emu_set_pacing           (FcPn532Emu         *self,
                                               gboolean            pacing);
/* Spoils the next @count APDU answers (0 = all of them until set back to NONE). */
void        fc_pn532_emu_set_garbage          (FcPn532Emu         *self,
                                               FcPn532EmuGarbage   garbage,
                                               guint               count);

/* The APDU log. */
guint       fc_pn532_emu_get_apdu_count       (FcPn532Emu         *self);
/* Largest response APDU delivered, SW included (the PN532 status byte is not counted). */
guint       fc_pn532_emu_get_max_response_len (FcPn532Emu         *self);
/* Largest command APDU received. */
guint       fc_pn532_emu_get_max_command_len  (FcPn532Emu         *self);
/* Command and response APDU bytes exchanged. */
guint64     fc_pn532_emu_get_apdu_bytes       (FcPn532Emu         *self);
/* InListPassiveTarget commands seen (polls). */
guint       fc_pn532_emu_get_poll_count       (FcPn532Emu         *self);
void        fc_pn532_emu_reset_log            (FcPn532Emu         *self);

G_END_DECLS
