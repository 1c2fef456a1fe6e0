/* fc-pn532-emu-pty.c: the PN532 emulator's side of the pseudo-terminal.
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

#include "fc-pn532-emu-private.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#define TFI_HOST 0xD4
#define TFI_PN532 0xD5

static const guint8 ack_frame[] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
static const guint8 error_frame[] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };

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

/* Answers one host command (@cmd, @params) that came in a frame of @in_frame_len bytes: ACK,
 * then the answer, paced when asked to. (emulator thread) */
static void
answer_command (FcPn532Emu   *self,
                guint8        cmd,
                const guint8 *params,
                gsize         len,
                gsize         in_frame_len)
{
  g_autoptr(GByteArray) answer = NULL;
  FcPn532EmuGarbage garbage;
  gsize air_bytes;
  gboolean pacing;

  g_mutex_lock (&self->lock);
  pacing = self->pacing;
  g_mutex_unlock (&self->lock);

  /* The host's frame takes UART time to arrive; the ACK follows at once. */
  pace (pacing, in_frame_len, 0);
  write_all (self, ack_frame, sizeof ack_frame);

  answer = fc_pn532_emu_handle_command (self, cmd, params, len, &garbage, &air_bytes);
  if (answer == NULL)
    {
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
        answer_command (self, frame[0], frame + 1, len - 2, frame_len);
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

gboolean
fc_pn532_emu_plug_in_locked (FcPn532Emu  *self,
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

void
fc_pn532_emu_unplug (FcPn532Emu *self)
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
