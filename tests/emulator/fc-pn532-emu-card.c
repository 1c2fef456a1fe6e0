/* fc-pn532-emu-card.c: the card hosted by the PN532 emulator: APDUs (InDataExchange) go to its
 * FcCardTransport; the card leaves the field when told to (remove-after) or when its transport
 * says it is gone; answers are spoiled on demand (garbage counts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pn532-emu"

#include "config.h"

#include "fc-pn532-emu-private.h"

#include "fc-virtual-card.h"

/* Largest answer data (status + R-APDU) that fits libnfc 1.8.0's 264-byte receive buffer. */
#define MAX_RAPDU 263

FcPn532EmuGarbage
fc_pn532_emu_take_garbage_locked (FcPn532Emu *self)
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

void
fc_pn532_emu_reset_card (FcPn532Emu *self)
{
  if (FC_IS_VIRTUAL_CARD (self->card))
    fc_virtual_card_reinsert (FC_VIRTUAL_CARD (self->card));
}

/* The card is out of the field. (mutex lock held) */
static void
card_left_locked (FcPn532Emu *self)
{
  self->card_present = FALSE;
  self->target_active = FALSE;
}

gsize
fc_pn532_emu_data_exchange (FcPn532Emu   *self,
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
      fc_pn532_emu_append_status (answer, STATUS_TIMEOUT);
      return 0;
    }

  g_mutex_lock (&self->lock);
  ready = self->card_present && self->target_active;
  if (!ready)
    {
      /* A card that left the field does not answer; one still in it was not activated. */
      guint8 status = self->card_present ? STATUS_TARGET_RELEASED : STATUS_TIMEOUT;

      g_mutex_unlock (&self->lock);
      fc_pn532_emu_append_status (answer, status);
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
        card_left_locked (self);
      g_mutex_unlock (&self->lock);
      fc_pn532_emu_append_status (answer, STATUS_TIMEOUT);
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
      card_left_locked (self);
      g_mutex_unlock (&self->lock);
      fc_pn532_emu_append_status (answer, STATUS_TIMEOUT);
      return len - 1 + r_len / 2;
    }
  self->remove_budget_used += (guint) r_len;
  self->apdu_bytes += r_len;
  self->max_response_len = MAX (self->max_response_len, (guint) r_len);
  g_mutex_unlock (&self->lock);

  if (r_len > MAX_RAPDU)
    {
      /* A real PN532 would chain it with MI and libnfc would run out of buffer. */
      fc_pn532_emu_append_status (answer, STATUS_BUFFER_TOO_SMALL);
      return len - 1 + r_len;
    }

  fc_pn532_emu_append_status (answer, STATUS_OK);
  g_byte_array_append (answer, r, (guint) r_len);
  return len - 1 + r_len;
}
