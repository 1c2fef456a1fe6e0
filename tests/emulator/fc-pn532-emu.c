/* fc-pn532-emu.c: a PN532 NFC reader emulated on a pseudo-terminal: the object and its controls.
 * The pty, frames and thread are in fc-pn532-emu-pty.c, the commands in fc-pn532-emu-commands.c,
 * the hosted card in fc-pn532-emu-card.c (see fc-pn532-emu-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-pn532-emu"

#include "config.h"

#include "fc-pn532-emu.h"
#include "fc-pn532-emu-private.h"

#include <glib/gstdio.h>

G_DEFINE_FINAL_TYPE (FcPn532Emu, fc_pn532_emu, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CARD,
  PROP_LINK_PATH,
  PROP_CARD_PRESENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fc_pn532_emu_dispose (GObject *object)
{
  FcPn532Emu *self = FC_PN532_EMU (object);

  fc_pn532_emu_unplug (self);
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
  ok = fc_pn532_emu_plug_in_locked (self, error);
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
    fc_pn532_emu_reset_card (self);
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
      fc_pn532_emu_unplug (self);
      return TRUE;
    }

  g_mutex_lock (&self->lock);
  if (self->master_fd < 0)
    ok = fc_pn532_emu_plug_in_locked (self, error);
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
