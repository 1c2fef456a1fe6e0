/* fc-pn532-emu-commands.c: the PN532 commands the emulator answers, as libnfc 1.8.0 sends them
 * (card-protocol.md §5): wake-up, SAMConfiguration, Diagnose, firmware version, parameters,
 * registers, RF configuration, InListPassiveTarget (ISO 14443-B), InDataExchange,
 * InCommunicateThru, InDeselect/InRelease.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pn532-emu"

#include "config.h"

#include "fc-pn532-emu-private.h"

#include <string.h>

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

/* The target is no longer activated (released, powered down, RF off). */
static void
deactivate_target (FcPn532Emu *self)
{
  g_mutex_lock (&self->lock);
  self->target_active = FALSE;
  g_mutex_unlock (&self->lock);
}

/* InListPassiveTarget: finds the card (ISO 14443-B, 106 kbps) if it is in the field. Returns
 * the air bytes. */
static gsize
list_passive_target (FcPn532Emu   *self,
                     const guint8 *params,
                     gsize         len,
                     GByteArray   *answer)
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
      return 5;
    }

  /* A fresh activation starts the card from reset. */
  if (fresh)
    fc_pn532_emu_reset_card (self);

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
  return 2 * 14;
}

GByteArray *
fc_pn532_emu_handle_command (FcPn532Emu         *self,
                             guint8              cmd,
                             const guint8       *params,
                             gsize               len,
                             FcPn532EmuGarbage  *garbage,
                             gsize              *air_bytes)
{
  g_autoptr(GByteArray) answer = g_byte_array_new ();

  *garbage = FC_PN532_EMU_GARBAGE_NONE;
  *air_bytes = 0;

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
          fc_pn532_emu_append_status (answer, present ? STATUS_OK : STATUS_TIMEOUT);
          *air_bytes = 4;
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
          deactivate_target (self);
          fc_pn532_emu_reset_card (self);
        }
      break;

    case CMD_POWER_DOWN:
      deactivate_target (self);
      fc_pn532_emu_append_status (answer, STATUS_OK);
      break;

    case CMD_IN_LIST_PASSIVE_TARGET:
      *air_bytes = list_passive_target (self, params, len, answer);
      break;

    case CMD_IN_DATA_EXCHANGE:
      g_mutex_lock (&self->lock);
      *garbage = fc_pn532_emu_take_garbage_locked (self);
      g_mutex_unlock (&self->lock);
      *air_bytes = fc_pn532_emu_data_exchange (self, params, len, answer);
      break;

    case CMD_IN_COMMUNICATE_THRU:
      /* Only the ISO-DEP R(NAK) presence ping (BA 01) is answered; other raw frames time out,
       * so that probes for other card types find nothing. */
      g_mutex_lock (&self->lock);
      if (len == 2 && params[0] == 0xBA && self->card_present && self->target_active)
        g_byte_array_append (answer, (const guint8 []) { STATUS_OK, 0xA2, 0x01 }, 3);
      else
        fc_pn532_emu_append_status (answer, STATUS_TIMEOUT);
      g_mutex_unlock (&self->lock);
      *air_bytes = len + 2;
      break;

    case CMD_IN_DESELECT:
    case CMD_IN_RELEASE:
      deactivate_target (self);
      fc_pn532_emu_append_status (answer, STATUS_OK);
      break;

    default:
      g_debug ("unsupported command %02X", cmd);
      return NULL;
    }

  return g_steal_pointer (&answer);
}
