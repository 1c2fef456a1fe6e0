/* fc-pn532-emu.c: a PN532 NFC reader emulated on a pseudo-terminal.
 *
 * Frames (card-protocol.md §5.1): normal `00 00 FF LEN LCS TFI data DCS 00`, extended
 * `00 00 FF FF FF LENm LENl LCS TFI data DCS 00`, ACK `00 00 FF 00 FF 00`. Host frames carry
 * TFI D4, ours D5; every command gets an ACK, then its answer (command code + 1).
 *
 * One thread per plugged-in pty reads the master side and answers. It holds no reference on the
 * emulator: stopping it (unplug, dispose) joins it first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "fc-pn532-emu"

#include "config.h"

#include "fc-pn532-emu.h"

#include "fc-virtual-card.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

/* PN532 commands (host → PN532). */
enum {
  CMD_DIAGNOSE              = 0x00,
  CMD_GET_FIRMWARE_VERSION  = 0x02,
  CMD_READ_REGISTER         = 0x06,
  CMD_WRITE_REGISTER        = 0x08,
  CMD_SET_PARAMETERS        = 0x12,
  CMD_SAM_CONFIGURATION     = 0x14,
  CMD_POWER_DOWN            = 0x16,
  CMD_RF_CONFIGURATION      = 0x32,
  CMD_IN_DATA_EXCHANGE      = 0x40,
  CMD_IN_COMMUNICATE_THRU   = 0x42,
  CMD_IN_DESELECT           = 0x44,
  CMD_IN_LIST_PASSIVE_TARGET = 0x4A,
  CMD_IN_RELEASE            = 0x52,
};

/* PN532 status bytes used here. */
#define STATUS_OK              0x00
#define STATUS_TIMEOUT         0x01   /* the target did not answer */
#define STATUS_BUFFER_TOO_SMALL 0x07
#define STATUS_TARGET_RELEASED 0x29

#define TFI_HOST 0xD4
#define TFI_PN532 0xD5

/* Largest answer data (status + R-APDU) that fits libnfc 1.8.0's 264-byte receive buffer. */
#define MAX_RAPDU 263

static const guint8 ack_frame[] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
static const guint8 error_frame[] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };

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

G_DEFINE_FINAL_TYPE (FcPn532Emu, fc_pn532_emu, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CARD,
  PROP_LINK_PATH,
  PROP_CARD_PRESENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Writes all of @data to the master side. (emulator thread) */
static void
write_all (FcPn532Emu   *self,
           const guint8 *data,
           gsize         len)
{
  guint waits = 0;

  while (len > 0)
    {
      ssize_t n = write (self->master_fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { self->master_fd, POLLOUT, 0 };

          /* Nobody reads the other side: drop the answer after a second, as a real UART would
           * lose it, rather than block the thread (and unplug) forever. */
          if (++waits > 20)
            return;
          poll (&pfd, 1, 50);
          continue;
        }
      if (n <= 0)
        {
          g_debug ("write to pty master: %s", g_strerror (errno));
          return;
        }
      data += n;
      len -= (gsize) n;
    }
}

/* Builds a PN532 → host frame around @data (command code + 1, then parameters). */
static GByteArray *
build_frame (const guint8 *data,
             gsize         len)
{
  GByteArray *frame = g_byte_array_sized_new (len + 11);
  gsize total = len + 1; /* TFI + data */
  guint8 dcs = TFI_PN532;
  guint8 header[8];

  g_assert (total <= 0xFFFF);

  header[0] = 0x00;
  header[1] = 0x00;
  header[2] = 0xFF;
  if (total <= 0xFF)
    {
      header[3] = (guint8) total;
      header[4] = (guint8) (0x100 - total);
      g_byte_array_append (frame, header, 5);
    }
  else
    {
      header[3] = 0xFF;
      header[4] = 0xFF;
      header[5] = (guint8) (total >> 8);
      header[6] = (guint8) (total & 0xFF);
      header[7] = (guint8) (0x100 - ((header[5] + header[6]) & 0xFF));
      g_byte_array_append (frame, header, 8);
    }

  g_byte_array_append (frame, (const guint8 []) { TFI_PN532 }, 1);
  g_byte_array_append (frame, data, (guint) len);
  for (gsize i = 0; i < len; i++)
    dcs += data[i];
  dcs = (guint8) (0x100 - dcs);
  g_byte_array_append (frame, (const guint8 []) { dcs, 0x00 }, 2);

  return frame;
}

static void
pace (gboolean pacing,
      gsize    uart_bytes,
      gsize    air_bytes)
{
  if (!pacing)
    return;

  g_usleep (uart_bytes * FC_PN532_EMU_UART_US_PER_BYTE + air_bytes * FC_PN532_EMU_AIR_US_PER_BYTE);
}

/* Sends an answer frame; spoils it when asked to. (emulator thread) */
static void
send_answer (FcPn532Emu        *self,
             GByteArray        *answer,
             FcPn532EmuGarbage  garbage)
{
  g_autoptr(GByteArray) frame = build_frame (answer->data, answer->len);

  switch (garbage)
    {
    case FC_PN532_EMU_GARBAGE_BAD_CHECKSUM:
      frame->data[frame->len - 2] ^= 0x5A;
      write_all (self, frame->data, frame->len);
      break;

    case FC_PN532_EMU_GARBAGE_TRUNCATED:
      write_all (self, frame->data, frame->len / 2);
      break;

    case FC_PN532_EMU_GARBAGE_ERROR_FRAME:
      write_all (self, error_frame, sizeof error_frame);
      break;

    case FC_PN532_EMU_GARBAGE_NONE:
    default:
      write_all (self, frame->data, frame->len);
      break;
    }
}

/* Takes the garbage mode for one APDU answer. (mutex lock held) */
static FcPn532EmuGarbage
take_garbage_locked (FcPn532Emu *self)
{
  FcPn532EmuGarbage garbage = self->garbage;

  if (garbage != FC_PN532_EMU_GARBAGE_NONE && self->garbage_left > 0)
    {
      self->garbage_left--;
      if (self->garbage_left == 0)
        self->garbage = FC_PN532_EMU_GARBAGE_NONE;
    }

  return garbage;
}

/* The card lost power (left the field, RF reset, new activation): a virtual card forgets its
 * selected application and file, as a real one does. Call without the lock. */
static void
reset_card (FcPn532Emu *self)
{
  if (FC_IS_VIRTUAL_CARD (self->card))
    fc_virtual_card_reinsert (FC_VIRTUAL_CARD (self->card));
}

/* InDataExchange: passes the APDU to the card. Appends status + R-APDU to @answer and returns
 * the number of bytes that travelled over the air. (emulator thread) */
static gsize
data_exchange (FcPn532Emu   *self,
               const guint8 *params,
               gsize         len,
               GByteArray   *answer)
{
  g_autoptr(GBytes) capdu = NULL;
  g_autoptr(GBytes) rapdu = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *r;
  gsize r_len;
  gboolean ready;

  if (len < 1)
    {
      g_byte_array_append (answer, (const guint8 []) { STATUS_TIMEOUT }, 1);
      return 0;
    }

  g_mutex_lock (&self->lock);
  ready = self->card_present && self->target_active;
  if (!ready)
    {
      /* A card that left the field does not answer; one still in it was not activated. */
      guint8 status = self->card_present ? STATUS_TARGET_RELEASED : STATUS_TIMEOUT;

      g_mutex_unlock (&self->lock);
      g_byte_array_append (answer, &status, 1);
      return len - 1;
    }
  self->max_command_len = MAX (self->max_command_len, (guint) (len - 1));
  g_mutex_unlock (&self->lock);

  capdu = g_bytes_new (params + 1, len - 1);
  rapdu = fc_card_transport_transceive (self->card, capdu, NULL, &error);
  if (rapdu == NULL)
    {
      g_debug ("card: %s", error->message);
      g_mutex_lock (&self->lock);
      if (g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED) ||
          g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD))
        {
          self->card_present = FALSE;
          self->target_active = FALSE;
        }
      g_mutex_unlock (&self->lock);
      g_byte_array_append (answer, (const guint8 []) { STATUS_TIMEOUT }, 1);
      return len - 1;
    }

  r = g_bytes_get_data (rapdu, &r_len);

  g_mutex_lock (&self->lock);
  self->apdu_count++;
  self->apdu_bytes += (len - 1);
  if (self->remove_after > 0 && self->remove_budget_used + r_len > self->remove_after)
    {
      /* The card leaves the field in the middle of this answer. */
      self->remove_after = 0;
      self->card_present = FALSE;
      self->target_active = FALSE;
      g_mutex_unlock (&self->lock);
      g_byte_array_append (answer, (const guint8 []) { STATUS_TIMEOUT }, 1);
      return len - 1 + r_len / 2;
    }
  self->remove_budget_used += (guint) r_len;
  self->apdu_bytes += r_len;
  self->max_response_len = MAX (self->max_response_len, (guint) r_len);
  g_mutex_unlock (&self->lock);

  if (r_len > MAX_RAPDU)
    {
      /* A real PN532 would chain it with MI and libnfc would run out of buffer. */
      g_byte_array_append (answer, (const guint8 []) { STATUS_BUFFER_TOO_SMALL }, 1);
      return len - 1 + r_len;
    }

  g_byte_array_append (answer, (const guint8 []) { STATUS_OK }, 1);
  g_byte_array_append (answer, r, (guint) r_len);
  return len - 1 + r_len;
}

/* Handles one host command (@cmd, @params). (emulator thread) */
static void
handle_command (FcPn532Emu   *self,
                guint8        cmd,
                const guint8 *params,
                gsize         len,
                gsize         in_frame_len)
{
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  FcPn532EmuGarbage garbage = FC_PN532_EMU_GARBAGE_NONE;
  gsize air_bytes = 0;
  gboolean pacing;
  gboolean known = TRUE;

  g_mutex_lock (&self->lock);
  pacing = self->pacing;
  g_mutex_unlock (&self->lock);

  /* The host's frame takes UART time to arrive; the ACK follows at once. */
  pace (pacing, in_frame_len, 0);
  write_all (self, ack_frame, sizeof ack_frame);

  g_byte_array_append (answer, (const guint8 []) { cmd + 1 }, 1);

  switch (cmd)
    {
    case CMD_DIAGNOSE:
      if (len >= 1 && params[0] == 0x06)
        {
          /* Card presence detection. */
          gboolean present;

          g_mutex_lock (&self->lock);
          present = self->card_present && self->target_active;
          g_mutex_unlock (&self->lock);
          g_byte_array_append (answer, (const guint8 []) { present ? STATUS_OK : STATUS_TIMEOUT }, 1);
          air_bytes = 4;
        }
      else
        {
          /* Communication test and others: echo the parameters. */
          g_byte_array_append (answer, params, (guint) len);
        }
      break;

    case CMD_GET_FIRMWARE_VERSION:
      /* PN532 (IC 32), firmware 1.6, supports ISO 14443-A (01), 14443-B (02), ISO 18092 (04). */
      g_byte_array_append (answer, (const guint8 []) { 0x32, 0x01, 0x06, 0x07 }, 4);
      break;

    case CMD_READ_REGISTER:
      g_mutex_lock (&self->lock);
      for (gsize i = 0; i + 1 < len; i += 2)
        g_byte_array_append (answer, &self->registers[(params[i] << 8) | params[i + 1]], 1);
      g_mutex_unlock (&self->lock);
      break;

    case CMD_WRITE_REGISTER:
      g_mutex_lock (&self->lock);
      for (gsize i = 0; i + 2 < len; i += 3)
        self->registers[(params[i] << 8) | params[i + 1]] = params[i + 2];
      g_mutex_unlock (&self->lock);
      break;

    case CMD_SET_PARAMETERS:
    case CMD_SAM_CONFIGURATION:
      break;

    case CMD_RF_CONFIGURATION:
      /* Item 01 = RF field; switching it off resets the card. */
      if (len >= 2 && params[0] == 0x01 && (params[1] & 0x01) == 0)
        {
          g_mutex_lock (&self->lock);
          self->target_active = FALSE;
          g_mutex_unlock (&self->lock);
          reset_card (self);
        }
      break;

    case CMD_POWER_DOWN:
      g_mutex_lock (&self->lock);
      self->target_active = FALSE;
      g_mutex_unlock (&self->lock);
      g_byte_array_append (answer, (const guint8 []) { STATUS_OK }, 1);
      break;

    case CMD_IN_LIST_PASSIVE_TARGET:
      {
        gboolean found;
        gboolean fresh;

        g_mutex_lock (&self->lock);
        self->poll_count++;
        found = len >= 2 && params[1] == 0x03 && self->card_present;
        fresh = found && !self->target_active;
        self->target_active = found;
        g_mutex_unlock (&self->lock);

        if (!found)
          {
            g_byte_array_append (answer, (const guint8 []) { 0x00 }, 1);
            air_bytes = 5;
            break;
          }

        /* A fresh activation starts the card from reset. */
        if (fresh)
          reset_card (self);

        /* Tg 1, ATQB: 50 PUPI(4) AppData(4) ProtocolInfo(3) = 106 kbps only, frames up to
         * 256 bytes, ISO 14443-4, FWI 7; then ATTRIB_RES (1 byte: MBLI 0, CID 0). */
        g_mutex_lock (&self->lock);
        if (fresh)
          {
            guint32 pupi = g_random_int ();

            memcpy (self->pupi, &pupi, 4);
          }
        g_byte_array_append (answer, (const guint8 []) { 0x01, 0x01, 0x50 }, 3);
        g_byte_array_append (answer, self->pupi, 4);
        g_mutex_unlock (&self->lock);
        g_byte_array_append (answer, (const guint8 []) { 0x00, 0x00, 0x00, 0x00 }, 4);
        g_byte_array_append (answer, (const guint8 []) { 0x00, 0x81, 0x71 }, 3);
        g_byte_array_append (answer, (const guint8 []) { 0x01, 0x00 }, 2);
        air_bytes = 2 * 14;
      }
      break;

    case CMD_IN_DATA_EXCHANGE:
      g_mutex_lock (&self->lock);
      garbage = take_garbage_locked (self);
      g_mutex_unlock (&self->lock);
      air_bytes = data_exchange (self, params, len, answer);
      break;

    case CMD_IN_COMMUNICATE_THRU:
      /* Only the ISO-DEP R(NAK) presence ping (BA 01) is answered; other raw frames time out,
       * so that probes for other card types find nothing. */
      g_mutex_lock (&self->lock);
      if (len == 2 && params[0] == 0xBA && self->card_present && self->target_active)
        g_byte_array_append (answer, (const guint8 []) { STATUS_OK, 0xA2, 0x01 }, 3);
      else
        g_byte_array_append (answer, (const guint8 []) { STATUS_TIMEOUT }, 1);
      g_mutex_unlock (&self->lock);
      air_bytes = len + 2;
      break;

    case CMD_IN_DESELECT:
    case CMD_IN_RELEASE:
      g_mutex_lock (&self->lock);
      self->target_active = FALSE;
      g_mutex_unlock (&self->lock);
      g_byte_array_append (answer, (const guint8 []) { STATUS_OK }, 1);
      break;

    default:
      known = FALSE;
      break;
    }

  if (!known)
    {
      g_debug ("unsupported command %02X", cmd);
      write_all (self, error_frame, sizeof error_frame);
      return;
    }

  /* Air time, then the answer's own UART time. */
  pace (pacing, answer->len + 8, air_bytes);
  send_answer (self, answer, garbage);
}

/* Parses as many complete frames as @buf holds, answering each; removes what it consumed. */
static void
process_input (FcPn532Emu *self,
               GByteArray *buf)
{
  for (;;)
    {
      gsize start = G_MAXSIZE;
      gsize header_len;
      gsize len;
      const guint8 *d;
      guint8 sum;

      /* Skip the wake-up preamble (55 55 00 …) and anything else up to the start code 00 FF. */
      for (gsize i = 0; i + 1 < buf->len; i++)
        if (buf->data[i] == 0x00 && buf->data[i + 1] == 0xFF)
          {
            start = i + 2;
            break;
          }
      if (start == G_MAXSIZE)
        {
          /* Keep a trailing 00: it may be the first half of a start code. */
          if (buf->len > 0)
            g_byte_array_remove_range (buf, 0, buf->len - (buf->data[buf->len - 1] == 0x00 ? 1 : 0));
          return;
        }
      if (start > 2)
        {
          g_byte_array_remove_range (buf, 0, (guint) (start - 2));
          start = 2;
        }

      d = buf->data + start;
      if (buf->len < start + 2)
        return;

      if (d[0] == 0x00 && d[1] == 0xFF)
        {
          /* ACK from the host: abort the running command (we have none). */
          g_byte_array_remove_range (buf, 0, (guint) (start + 2));
          continue;
        }
      if (d[0] == 0xFF && d[1] == 0x00)
        {
          /* NACK: the host asks for the last answer again; libnfc never sends it. */
          g_byte_array_remove_range (buf, 0, (guint) (start + 2));
          continue;
        }
      if (d[0] == 0xFF && d[1] == 0xFF)
        {
          if (buf->len < start + 5)
            return;
          len = ((gsize) d[2] << 8) | d[3];
          if (((d[2] + d[3] + d[4]) & 0xFF) != 0)
            {
              g_debug ("extended frame: bad length checksum");
              g_byte_array_remove_range (buf, 0, (guint) start);
              continue;
            }
          header_len = 5;
        }
      else
        {
          len = d[0];
          if (((d[0] + d[1]) & 0xFF) != 0)
            {
              g_debug ("frame: bad length checksum");
              g_byte_array_remove_range (buf, 0, (guint) start);
              continue;
            }
          header_len = 2;
        }

      if (len < 2)
        {
          g_byte_array_remove_range (buf, 0, (guint) (start + header_len));
          continue;
        }
      /* TFI + data, then DCS and postamble. */
      if (buf->len < start + header_len + len + 2)
        return;

      d = buf->data + start + header_len;
      sum = 0;
      for (gsize i = 0; i <= len; i++)
        sum += d[i];
      if (d[0] != TFI_HOST || sum != 0)
        {
          g_debug ("frame: bad TFI or data checksum");
          g_byte_array_remove_range (buf, 0, (guint) (start + header_len + len + 2));
          continue;
        }

      {
        g_autofree guint8 *frame = g_memdup2 (d + 1, len - 1);
        gsize frame_len = start + header_len + len + 2;

        g_byte_array_remove_range (buf, 0, (guint) frame_len);
        handle_command (self, frame[0], frame + 1, len - 2, frame_len);
      }
    }
}

/* The emulator thread: reads the master side until woken through the pipe. */
static gpointer
emu_thread_main (gpointer data)
{
  FcPn532Emu *self = data;
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  guint8 chunk[512];

  for (;;)
    {
      struct pollfd pfds[2] = {
        { self->master_fd, POLLIN, 0 },
        { self->wake_fds[0], POLLIN, 0 },
      };
      ssize_t n;
      gboolean mute;

      if (poll (pfds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (pfds[1].revents != 0)
        break;
      if ((pfds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        continue;

      n = read (self->master_fd, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          /* Cannot happen while we hold a slave fd; avoid a busy loop if it does. */
          g_usleep (10 * 1000);
          continue;
        }

      g_mutex_lock (&self->lock);
      mute = self->mute;
      g_mutex_unlock (&self->lock);
      if (mute)
        {
          g_byte_array_set_size (buf, 0);
          continue;
        }

      g_byte_array_append (buf, chunk, (guint) n);
      process_input (self, buf);
    }

  return NULL;
}

/* Points the link at the current pty (atomically). */
static gboolean
update_link (FcPn532Emu  *self,
             GError     **error)
{
  g_autofree char *tmp = NULL;

  if (self->link_path == NULL)
    return TRUE;

  tmp = g_strdup_printf ("%s.tmp%d", self->link_path, (int) getpid ());
  g_unlink (tmp);
  if (symlink (self->pty_path, tmp) != 0 || rename (tmp, self->link_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot link %s to %s: %s", self->link_path, self->pty_path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Opens a new pty, puts its slave side in raw mode and starts the thread. (mutex lock held) */
static gboolean
plug_in_locked (FcPn532Emu  *self,
                GError     **error)
{
  char name[128];
  struct termios tio;
  int master;
  int slave;
  int saved_errno;

  g_assert (self->master_fd < 0);

  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    goto fail;
  if (grantpt (master) != 0 || unlockpt (master) != 0 || ptsname_r (master, name, sizeof name) != 0)
    goto fail_master;

  if (fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK) != 0)
    goto fail_master;

  slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    goto fail_master;
  if (tcgetattr (slave, &tio) == 0)
    {
      cfmakeraw (&tio);
      cfsetispeed (&tio, B115200);
      cfsetospeed (&tio, B115200);
      tcsetattr (slave, TCSANOW, &tio);
    }

  if (!g_unix_open_pipe (self->wake_fds, FD_CLOEXEC, error))
    {
      close (slave);
      close (master);
      return FALSE;
    }

  self->master_fd = master;
  self->slave_fd = slave;
  g_free (self->pty_path);
  self->pty_path = g_strdup (name);
  self->target_active = FALSE;

  if (!update_link (self, error))
    {
      close (self->wake_fds[0]);
      close (self->wake_fds[1]);
      close (slave);
      close (master);
      self->master_fd = self->slave_fd = -1;
      g_clear_pointer (&self->pty_path, g_free);
      return FALSE;
    }

  self->thread = g_thread_new ("fc-pn532-emu", emu_thread_main, self);
  return TRUE;

fail_master:
  saved_errno = errno;
  close (master);
  errno = saved_errno;
fail:
  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Cannot open a pseudo-terminal: %s", g_strerror (saved_errno));
  return FALSE;
}

/* Stops the thread and closes the pty: libnfc sees EIO on its side. */
static void
unplug (FcPn532Emu *self)
{
  GThread *thread;

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);

  if (thread == NULL)
    return;

  /* The thread takes the lock itself; wake and join it without holding it. */
  if (write (self->wake_fds[1], "x", 1) < 0)
    g_debug ("wake pipe: %s", g_strerror (errno));
  g_thread_join (thread);

  g_mutex_lock (&self->lock);
  close (self->wake_fds[0]);
  close (self->wake_fds[1]);
  close (self->master_fd);
  close (self->slave_fd);
  self->master_fd = self->slave_fd = -1;
  self->target_active = FALSE;
  g_clear_pointer (&self->pty_path, g_free);
  g_mutex_unlock (&self->lock);
}

static void
fc_pn532_emu_dispose (GObject *object)
{
  FcPn532Emu *self = FC_PN532_EMU (object);

  unplug (self);
  if (self->link_path != NULL)
    g_unlink (self->link_path);
  g_clear_object (&self->card);

  G_OBJECT_CLASS (fc_pn532_emu_parent_class)->dispose (object);
}

static void
fc_pn532_emu_finalize (GObject *object)
{
  FcPn532Emu *self = FC_PN532_EMU (object);

  g_clear_pointer (&self->link_path, g_free);
  g_clear_pointer (&self->pty_path, g_free);
  g_clear_pointer (&self->registers, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fc_pn532_emu_parent_class)->finalize (object);
}

static void
fc_pn532_emu_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FcPn532Emu *self = FC_PN532_EMU (object);

  switch (prop_id)
    {
    case PROP_CARD:
      g_value_set_object (value, self->card);
      break;

    case PROP_LINK_PATH:
      g_value_set_string (value, self->link_path);
      break;

    case PROP_CARD_PRESENT:
      g_value_set_boolean (value, fc_pn532_emu_get_card_present (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_pn532_emu_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FcPn532Emu *self = FC_PN532_EMU (object);

  switch (prop_id)
    {
    case PROP_CARD:
      g_set_object (&self->card, g_value_get_object (value));
      break;

    case PROP_LINK_PATH:
      g_free (self->link_path);
      self->link_path = g_value_dup_string (value);
      break;

    case PROP_CARD_PRESENT:
      fc_pn532_emu_set_card_present (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_pn532_emu_class_init (FcPn532EmuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_pn532_emu_dispose;
  object_class->finalize = fc_pn532_emu_finalize;
  object_class->get_property = fc_pn532_emu_get_property;
  object_class->set_property = fc_pn532_emu_set_property;

  /**
   * FcPn532Emu:card:
   *
   * The card model that answers APDUs.
   */
  properties[PROP_CARD] =
    g_param_spec_object ("card", NULL, NULL,
                         FC_TYPE_CARD_TRANSPORT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * FcPn532Emu:link-path:
   *
   * A symlink kept pointing at the current pty, or %NULL.
   */
  properties[PROP_LINK_PATH] =
    g_param_spec_string ("link-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * FcPn532Emu:card-present:
   *
   * Whether the card is in the reader's field.
   */
  properties[PROP_CARD_PRESENT] =
    g_param_spec_boolean ("card-present", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_pn532_emu_init (FcPn532Emu *self)
{
  g_mutex_init (&self->lock);
  self->master_fd = -1;
  self->slave_fd = -1;
  self->wake_fds[0] = self->wake_fds[1] = -1;
  self->card_present = TRUE;
  self->registers = g_malloc0 (0x10000);
}

/**
 * fc_pn532_emu_new:
 * @card: the card model
 * @link_path: (nullable): a symlink to keep pointing at the current pty
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a running emulator, or %NULL if no pty could be opened
 */
FcPn532Emu *
fc_pn532_emu_new (FcCardTransport  *card,
                  const char       *link_path,
                  GError          **error)
{
  g_autoptr(FcPn532Emu) self = NULL;
  gboolean ok;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (card), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FC_TYPE_PN532_EMU, "card", card, "link-path", link_path, NULL);

  g_mutex_lock (&self->lock);
  ok = plug_in_locked (self, error);
  g_mutex_unlock (&self->lock);

  return ok ? g_steal_pointer (&self) : NULL;
}

FcCardTransport *
fc_pn532_emu_get_card (FcPn532Emu *self)
{
  g_return_val_if_fail (FC_IS_PN532_EMU (self), NULL);

  return self->card;
}

char *
fc_pn532_emu_dup_pty_path (FcPn532Emu *self)
{
  char *ret;

  g_return_val_if_fail (FC_IS_PN532_EMU (self), NULL);

  g_mutex_lock (&self->lock);
  ret = g_strdup (self->pty_path);
  g_mutex_unlock (&self->lock);

  return ret;
}

char *
fc_pn532_emu_dup_connstring (FcPn532Emu *self)
{
  g_autofree char *pty = NULL;

  g_return_val_if_fail (FC_IS_PN532_EMU (self), NULL);

  if (self->link_path != NULL)
    return g_strdup_printf ("pn532_uart:%s:115200", self->link_path);

  pty = fc_pn532_emu_dup_pty_path (self);
  return g_strdup_printf ("pn532_uart:%s:115200", pty != NULL ? pty : "/nonexistent");
}

void
fc_pn532_emu_set_card_present (FcPn532Emu *self,
                               gboolean    present)
{
  gboolean changed;

  g_return_if_fail (FC_IS_PN532_EMU (self));

  present = !!present;
  g_mutex_lock (&self->lock);
  changed = self->card_present != present;
  self->card_present = present;
  if (!present)
    self->target_active = FALSE;
  else
    self->remove_after = 0;
  g_mutex_unlock (&self->lock);

  if (changed && present)
    reset_card (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_PRESENT]);
}

gboolean
fc_pn532_emu_get_card_present (FcPn532Emu *self)
{
  gboolean ret;

  g_return_val_if_fail (FC_IS_PN532_EMU (self), FALSE);

  g_mutex_lock (&self->lock);
  ret = self->card_present;
  g_mutex_unlock (&self->lock);

  return ret;
}

void
fc_pn532_emu_set_remove_after_bytes (FcPn532Emu *self,
                                     guint       n_bytes)
{
  g_return_if_fail (FC_IS_PN532_EMU (self));

  g_mutex_lock (&self->lock);
  self->remove_after = n_bytes;
  self->remove_budget_used = 0;
  g_mutex_unlock (&self->lock);
}

gboolean
fc_pn532_emu_set_unplugged (FcPn532Emu  *self,
                            gboolean     unplugged,
                            GError     **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (FC_IS_PN532_EMU (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (unplugged)
    {
      unplug (self);
      return TRUE;
    }

  g_mutex_lock (&self->lock);
  if (self->master_fd < 0)
    ok = plug_in_locked (self, error);
  g_mutex_unlock (&self->lock);

  return ok;
}

void
fc_pn532_emu_set_mute (FcPn532Emu *self,
                       gboolean    mute)
{
  g_return_if_fail (FC_IS_PN532_EMU (self));

  g_mutex_lock (&self->lock);
  self->mute = !!mute;
  g_mutex_unlock (&self->lock);
}

void
fc_pn532_emu_set_pacing (FcPn532Emu *self,
                         gboolean    pacing)
{
  g_return_if_fail (FC_IS_PN532_EMU (self));

  g_mutex_lock (&self->lock);
  self->pacing = !!pacing;
  g_mutex_unlock (&self->lock);
}

void
fc_pn532_emu_set_garbage (FcPn532Emu        *self,
                          FcPn532EmuGarbage  garbage,
                          guint              count)
{
  g_return_if_fail (FC_IS_PN532_EMU (self));

  g_mutex_lock (&self->lock);
  self->garbage = garbage;
  self->garbage_left = garbage == FC_PN532_EMU_GARBAGE_NONE ? 0 : count;
  g_mutex_unlock (&self->lock);
}

#define LOCKED_GETTER(type, name, field)           \
  type                                             \
  fc_pn532_emu_get_##name (FcPn532Emu *self)       \
  {                                                \
    type ret;                                      \
                                                   \
    g_return_val_if_fail (FC_IS_PN532_EMU (self), 0); \
                                                   \
    g_mutex_lock (&self->lock);                    \
    ret = self->field;                             \
    g_mutex_unlock (&self->lock);                  \
    return ret;                                    \
  }

LOCKED_GETTER (guint, apdu_count, apdu_count)
LOCKED_GETTER (guint, max_response_len, max_response_len)
LOCKED_GETTER (guint, max_command_len, max_command_len)
LOCKED_GETTER (guint64, apdu_bytes, apdu_bytes)
LOCKED_GETTER (guint, poll_count, poll_count)

void
fc_pn532_emu_reset_log (FcPn532Emu *self)
{
  g_return_if_fail (FC_IS_PN532_EMU (self));

  g_mutex_lock (&self->lock);
  self->apdu_count = 0;
  self->max_response_len = 0;
  self->max_command_len = 0;
  self->apdu_bytes = 0;
  self->poll_count = 0;
  g_mutex_unlock (&self->lock);
}
