/* fc-pn532-emu-private.h: what the parts of the PN532 emulator share (not installed, not for
 * tests). The emulator is split by responsibility:
 *
 *  - fc-pn532-emu.c: the GObject and the public control API;
 *  - fc-pn532-emu-pty.c: the pty (plug in, unplug, symlink), the emulator thread, PN532 frame
 *    reading and writing, UART/air pacing, spoiled answers;
 *  - fc-pn532-emu-commands.c: the PN532 command handlers;
 *  - fc-pn532-emu-card.c: the hosted card (InDataExchange), card removal and garbage counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-pn532-emu.h"

G_BEGIN_DECLS

/* PN532 status bytes used here. */
#define STATUS_OK              0x00
#define STATUS_TIMEOUT         0x01   /* the target did not answer */
#define STATUS_BUFFER_TOO_SMALL 0x07
#define STATUS_TARGET_RELEASED 0x29

struct _FcPn532Emu
{
  GObject          parent_instance;

  FcCardTransport *card;            /* (owned) */
  char            *link_path;       /* (owned) (nullable) */

  GMutex           lock;
  /* The plugged-in pty; all (mutex lock) for writers, read freely by the emulator thread. */
  int              master_fd;       /* -1 while unplugged */
  int              slave_fd;        /* our own slave fd, so reads on the master never see EIO */
  int              wake_fds[2];     /* pipe to stop the thread */
  char            *pty_path;        /* (owned) (nullable) (mutex lock) */
  GThread         *thread;          /* (owned) (nullable) */

  /* Controls, (mutex lock). */
  gboolean         card_present;
  guint            remove_after;    /* 0 = never */
  guint            remove_budget_used;
  gboolean         mute;
  gboolean         pacing;
  FcPn532EmuGarbage garbage;
  guint            garbage_left;    /* 0 with garbage != NONE = forever */

  /* Chip state, (mutex lock). */
  gboolean         target_active;
  guint8           pupi[4];
  guint8          *registers;       /* (owned): 64 KiB register file */

  /* Log, (mutex lock). */
  guint            apdu_count;
  guint            max_response_len;
  guint            max_command_len;
  guint64          apdu_bytes;
  guint            poll_count;
};

/* Appends one PN532 status byte to an answer. */
static inline void
fc_pn532_emu_append_status (GByteArray *answer,
                            guint8      status)
{
  g_byte_array_append (answer, &status, 1);
}

/* fc-pn532-emu-pty.c */

/* Opens a new pty, puts its slave side in raw mode and starts the thread. (mutex lock held) */
gboolean          fc_pn532_emu_plug_in_locked     (FcPn532Emu         *self,
                                                   GError            **error);
/* Stops the thread and closes the pty: libnfc sees EIO on its side. Call without the lock. */
void              fc_pn532_emu_unplug             (FcPn532Emu         *self);

/* fc-pn532-emu-commands.c */

/* Handles one host command (@cmd, @params) after its ACK went out. Returns the answer data
 * (command code + 1, then parameters), or NULL for an unsupported command; sets @garbage (how
 * to spoil the answer) and @air_bytes (bytes that travelled over the air). (emulator thread) */
GByteArray       *fc_pn532_emu_handle_command     (FcPn532Emu         *self,
                                                   guint8              cmd,
                                                   const guint8       *params,
                                                   gsize               len,
                                                   FcPn532EmuGarbage  *garbage,
                                                   gsize              *air_bytes);

/* fc-pn532-emu-card.c */

/* The card lost power (left the field, RF reset, new activation): a virtual card forgets its
 * selected application and file, as a real one does. Call without the lock. */
void              fc_pn532_emu_reset_card         (FcPn532Emu         *self);
/* Takes the garbage mode for one APDU answer. (mutex lock held) */
FcPn532EmuGarbage fc_pn532_emu_take_garbage_locked (FcPn532Emu        *self);
/* InDataExchange: passes the APDU to the card. Appends status + R-APDU to @answer and returns
 * the number of bytes that travelled over the air. (emulator thread) */
gsize             fc_pn532_emu_data_exchange      (FcPn532Emu         *self,
                                                   const guint8       *params,
                                                   gsize               len,
                                                   GByteArray         *answer);

G_END_DECLS
