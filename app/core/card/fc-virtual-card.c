/* fc-virtual-card.c: a software JPKI card that answers APDU bytes like a My Number card: the
 * object, its properties and the FcCardTransport side (arrival, removal, link timing). The card's
 * APDU logic is in fc-virtual-card-apdu.c.
 *
 * Used in training mode, tests and demos. The card holds EF 000A (the user-authentication
 * certificate, padded with FF filler to a multiple of 256 bytes like a real card), EF 000B (its
 * CA certificate), EF 0006 (token info), EF 0008 (certificate availability) and the
 * user-authentication PIN (EF 0018, "1234", 3 tries). Every call may come from a worker thread:
 * all state is under one mutex.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-virtual-card.h"
#include "fc-virtual-card-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-core-enums.h"
#include "fc-jpki.h"


static void fc_virtual_card_transport_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcVirtualCard, fc_virtual_card, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_virtual_card_transport_iface_init))

enum {
  PROP_0,
  PROP_AUTH_CERT_DER,
  PROP_AUTH_CA_CERT_DER,
  PROP_BEHAVIOUR,
  PROP_ARRIVAL_DELAY_MS,
  PROP_REMOVE_AFTER_BYTES,
  PROP_ERROR_STATUS,
  PROP_PIN_TRIES,
  PROP_BYTE_DELAY_US,
  PROP_APDU_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
arrived_locked (FcVirtualCard *self,
                gint64         now)
{
  if (self->behaviour == FC_VIRTUAL_CARD_ABSENT || self->removed)
    return FALSE;

  if (self->arrival_delay_ms == 0)
    return TRUE;

  return self->first_wait_us != 0 &&
         now >= self->first_wait_us + (gint64) self->arrival_delay_ms * 1000;
}

/* Sleeps until @deadline (monotonic µs) with self->lock held; FALSE when @cancellable fired. */
static gboolean
sleep_until_locked (FcVirtualCard *self,
                    gint64         deadline,
                    GCancellable  *cancellable)
{
  while (!g_cancellable_is_cancelled (cancellable))
    {
      if (g_get_monotonic_time () >= deadline)
        return TRUE;
      g_cond_wait_until (&self->cond, &self->lock, deadline);
    }

  return FALSE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  FcVirtualCard *self = user_data;

  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
fc_virtual_card_wait_for_card (FcCardTransport *transport,
                               guint            timeout_ms,
                               GCancellable    *cancellable,
                               GError         **error)
{
  FcVirtualCard *self = FC_VIRTUAL_CARD (transport);
  gint64 start = g_get_monotonic_time ();
  gint64 timeout_at = start + (gint64) timeout_ms * 1000;
  gulong handler = 0;
  gboolean ret = FALSE;

  /* Connect before locking: the callback runs at once when already cancelled. */
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  g_mutex_lock (&self->lock);

  if (self->first_wait_us == 0)
    self->first_wait_us = start;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake = timeout_at;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      if (arrived_locked (self, now))
        {
          ret = TRUE;
          break;
        }

      if (now >= timeout_at)
        {
          g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD,
                               _("No card was presented. Hold the My Number card flat on the "
                                 "reader."));
          break;
        }

      if (self->behaviour != FC_VIRTUAL_CARD_ABSENT && !self->removed)
        wake = MIN (wake, self->first_wait_us + (gint64) self->arrival_delay_ms * 1000);

      g_cond_wait_until (&self->cond, &self->lock, wake);
    }

  g_mutex_unlock (&self->lock);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  return ret;
}

static gboolean
fc_virtual_card_card_present (FcCardTransport *transport)
{
  FcVirtualCard *self = FC_VIRTUAL_CARD (transport);
  gboolean ret;

  g_mutex_lock (&self->lock);
  ret = arrived_locked (self, g_get_monotonic_time ());
  g_mutex_unlock (&self->lock);

  return ret;
}

static GBytes *
fc_virtual_card_transceive (FcCardTransport *transport,
                            GBytes          *apdu,
                            GCancellable    *cancellable,
                            GError         **error)
{
  FcVirtualCard *self = FC_VIRTUAL_CARD (transport);
  g_autoptr(GByteArray) response = NULL;
  const guint8 *data;
  gsize len;
  gulong handler = 0;
  gboolean ok = FALSE;

  data = g_bytes_get_data (apdu, &len);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  g_mutex_lock (&self->lock);

  if (self->removed)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                           _("The card was removed before the read finished. Hold the card "
                             "still on the reader and try again."));
    }
  else if (!arrived_locked (self, g_get_monotonic_time ()))
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD,
                           _("No card is on the reader."));
    }
  else
    {
      response = fc_virtual_card_process_apdu_locked (self, data, len);

      if (self->behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER &&
          self->bytes_sent + response->len > self->remove_after_bytes)
        {
          /* The card leaves the field in the middle of this answer. */
          self->removed = TRUE;
          self->ap_selected = FALSE;
          self->current_ef = 0;
          g_cond_broadcast (&self->cond);
          g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                               _("The card was removed before the read finished. Hold the card "
                                 "still on the reader and try again."));
        }
      else
        {
          self->bytes_sent += response->len;
          self->apdu_count++;
          ok = TRUE;

          if (self->byte_delay_us > 0)
            {
              gint64 link_us = (gint64) (len + response->len) * self->byte_delay_us;

              if (!sleep_until_locked (self, g_get_monotonic_time () + link_us, cancellable))
                {
                  g_cancellable_set_error_if_cancelled (cancellable, error);
                  ok = FALSE;
                }
            }
        }
    }

  g_mutex_unlock (&self->lock);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (!ok)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&response));
}

static void
fc_virtual_card_transport_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_virtual_card_wait_for_card;
  iface->card_present = fc_virtual_card_card_present;
  iface->transceive = fc_virtual_card_transceive;
}

/* Sets a guint field under the lock; returns whether it changed (the caller notifies). */
static gboolean
set_uint_field (FcVirtualCard *self,
                guint         *field,
                guint          value)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = *field != value;
  *field = value;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return changed;
}

static guint
get_uint_field (FcVirtualCard *self,
                guint         *field)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = *field;
  g_mutex_unlock (&self->lock);

  return value;
}

static void
fc_virtual_card_constructed (GObject *object)
{
  FcVirtualCard *self = (FcVirtualCard *) object;
  static const guint8 cert_avail[] = { 0x8f, 0x8f, 0x00 };

  G_OBJECT_CLASS (fc_virtual_card_parent_class)->constructed (object);

  if (self->auth_cert_der != NULL)
    self->ef_auth_cert = fc_virtual_card_pad_ef (self->auth_cert_der);
  if (self->auth_ca_cert_der != NULL)
    self->ef_auth_ca_cert = fc_virtual_card_pad_ef (self->auth_ca_cert_der);
  self->ef_token_info = fc_virtual_card_make_token_info ();
  self->ef_cert_avail = g_bytes_new_static (cert_avail, sizeof cert_avail);
}

static void
fc_virtual_card_finalize (GObject *object)
{
  FcVirtualCard *self = (FcVirtualCard *) object;

  g_clear_pointer (&self->auth_cert_der, g_bytes_unref);
  g_clear_pointer (&self->auth_ca_cert_der, g_bytes_unref);
  g_clear_pointer (&self->ef_auth_cert, g_bytes_unref);
  g_clear_pointer (&self->ef_auth_ca_cert, g_bytes_unref);
  g_clear_pointer (&self->ef_token_info, g_bytes_unref);
  g_clear_pointer (&self->ef_cert_avail, g_bytes_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (fc_virtual_card_parent_class)->finalize (object);
}

static void
fc_virtual_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcVirtualCard *self = FC_VIRTUAL_CARD (object);

  switch (prop_id)
    {
    case PROP_AUTH_CERT_DER:
      g_value_set_boxed (value, self->auth_cert_der);
      break;

    case PROP_AUTH_CA_CERT_DER:
      g_value_set_boxed (value, self->auth_ca_cert_der);
      break;

    case PROP_BEHAVIOUR:
      g_value_set_enum (value, fc_virtual_card_get_behaviour (self));
      break;

    case PROP_ARRIVAL_DELAY_MS:
      g_value_set_uint (value, get_uint_field (self, &self->arrival_delay_ms));
      break;

    case PROP_REMOVE_AFTER_BYTES:
      g_value_set_uint (value, get_uint_field (self, &self->remove_after_bytes));
      break;

    case PROP_ERROR_STATUS:
      g_value_set_uint (value, get_uint_field (self, &self->error_status));
      break;

    case PROP_PIN_TRIES:
      g_value_set_uint (value, get_uint_field (self, &self->pin_tries));
      break;

    case PROP_BYTE_DELAY_US:
      g_value_set_uint (value, get_uint_field (self, &self->byte_delay_us));
      break;

    case PROP_APDU_COUNT:
      g_value_set_uint (value, fc_virtual_card_get_apdu_count (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_virtual_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcVirtualCard *self = FC_VIRTUAL_CARD (object);
  guint *field = NULL;

  switch (prop_id)
    {
    case PROP_AUTH_CERT_DER:
      self->auth_cert_der = g_value_dup_boxed (value);
      return;

    case PROP_AUTH_CA_CERT_DER:
      self->auth_ca_cert_der = g_value_dup_boxed (value);
      return;

    case PROP_BEHAVIOUR:
      fc_virtual_card_set_behaviour (self, g_value_get_enum (value));
      return;

    case PROP_ARRIVAL_DELAY_MS:
      field = &self->arrival_delay_ms;
      break;

    case PROP_REMOVE_AFTER_BYTES:
      field = &self->remove_after_bytes;
      break;

    case PROP_ERROR_STATUS:
      field = &self->error_status;
      break;

    case PROP_PIN_TRIES:
      field = &self->pin_tries;
      break;

    case PROP_BYTE_DELAY_US:
      field = &self->byte_delay_us;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (set_uint_field (self, field, g_value_get_uint (value)))
    g_object_notify_by_pspec (object, pspec);
}

static void
fc_virtual_card_class_init (FcVirtualCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fc_virtual_card_constructed;
  object_class->finalize = fc_virtual_card_finalize;
  object_class->get_property = fc_virtual_card_get_property;
  object_class->set_property = fc_virtual_card_set_property;

  /**
   * FcVirtualCard:auth-cert-der:
   *
   * The user-authentication certificate served from EF 000A.
   */
  properties[PROP_AUTH_CERT_DER] =
    g_param_spec_boxed ("auth-cert-der", NULL, NULL,
                        G_TYPE_BYTES,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:auth-ca-cert-der:
   *
   * The CA certificate served from EF 000B (EF 000B is missing when %NULL).
   */
  properties[PROP_AUTH_CA_CERT_DER] =
    g_param_spec_boxed ("auth-ca-cert-der", NULL, NULL,
                        G_TYPE_BYTES,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:behaviour:
   *
   * How the card behaves. Setting it puts the card back on the reader (see
   * fc_virtual_card_reinsert()).
   */
  properties[PROP_BEHAVIOUR] =
    g_param_spec_enum ("behaviour", NULL, NULL,
                       FC_TYPE_VIRTUAL_CARD_BEHAVIOUR, FC_VIRTUAL_CARD_PRESENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:arrival-delay-ms:
   *
   * How long after the first wait_for_card() the card arrives.
   */
  properties[PROP_ARRIVAL_DELAY_MS] =
    g_param_spec_uint ("arrival-delay-ms", NULL, NULL,
                       0, 10 * 60 * 1000, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:remove-after-bytes:
   *
   * With %FC_VIRTUAL_CARD_REMOVED_AFTER: how many response bytes the card sends before it
   * leaves the field.
   */
  properties[PROP_REMOVE_AFTER_BYTES] =
    g_param_spec_uint ("remove-after-bytes", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:error-status:
   *
   * With %FC_VIRTUAL_CARD_ERROR_STATUS: the SW1SW2 that READ BINARY answers.
   */
  properties[PROP_ERROR_STATUS] =
    g_param_spec_uint ("error-status", NULL, NULL,
                       0, 0xffff, 0x6982,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:pin-tries:
   *
   * PIN tries left (0 = blocked). VERIFY changes it on the worker thread without notification.
   */
  properties[PROP_PIN_TRIES] =
    g_param_spec_uint ("pin-tries", NULL, NULL,
                       0, VIRTUAL_PIN_TRIES, VIRTUAL_PIN_TRIES,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:byte-delay-us:
   *
   * Simulated link time per byte sent or received.
   */
  properties[PROP_BYTE_DELAY_US] =
    g_param_spec_uint ("byte-delay-us", NULL, NULL,
                       0, MAX_BYTE_DELAY_US, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FcVirtualCard:apdu-count:
   *
   * APDUs answered so far. Changes on the worker thread, so it is not notified.
   */
  properties[PROP_APDU_COUNT] =
    g_param_spec_uint ("apdu-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_virtual_card_init (FcVirtualCard *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->behaviour = FC_VIRTUAL_CARD_PRESENT;
  self->error_status = 0x6982;
  self->pin_tries = VIRTUAL_PIN_TRIES;
}

/**
 * fc_virtual_card_new:
 * @auth_cert_der: the user-authentication certificate (EF 000A)
 * @auth_ca_cert_der: (nullable): its CA certificate (EF 000B)
 *
 * Returns: (transfer full): a present, normal virtual My Number card
 */
FcVirtualCard *
fc_virtual_card_new (GBytes *auth_cert_der,
                     GBytes *auth_ca_cert_der)
{
  g_return_val_if_fail (auth_cert_der != NULL, NULL);

  return g_object_new (FC_TYPE_VIRTUAL_CARD,
                       "auth-cert-der", auth_cert_der,
                       "auth-ca-cert-der", auth_ca_cert_der,
                       NULL);
}

/**
 * fc_virtual_card_set_behaviour:
 * @self: a virtual card
 * @behaviour: the new behaviour
 *
 * Changes how the card behaves and puts it back on the reader (see
 * fc_virtual_card_reinsert()).
 */
void
fc_virtual_card_set_behaviour (FcVirtualCard          *self,
                               FcVirtualCardBehaviour  behaviour)
{
  gboolean changed;

  g_return_if_fail (FC_IS_VIRTUAL_CARD (self));
  g_return_if_fail (behaviour <= FC_VIRTUAL_CARD_ERROR_STATUS);

  g_mutex_lock (&self->lock);
  changed = self->behaviour != behaviour;
  self->behaviour = behaviour;
  g_mutex_unlock (&self->lock);

  fc_virtual_card_reinsert (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEHAVIOUR]);
}

FcVirtualCardBehaviour
fc_virtual_card_get_behaviour (FcVirtualCard *self)
{
  FcVirtualCardBehaviour behaviour;

  g_return_val_if_fail (FC_IS_VIRTUAL_CARD (self), FC_VIRTUAL_CARD_PRESENT);

  g_mutex_lock (&self->lock);
  behaviour = self->behaviour;
  g_mutex_unlock (&self->lock);

  return behaviour;
}

guint
fc_virtual_card_get_apdu_count (FcVirtualCard *self)
{
  g_return_val_if_fail (FC_IS_VIRTUAL_CARD (self), 0);

  return get_uint_field (self, &self->apdu_count);
}

/**
 * fc_virtual_card_reinsert:
 * @self: a virtual card
 *
 * Takes the card away and puts it back: clears the "removed" state, the response-byte count
 * for #FcVirtualCard:remove-after-bytes, the selected application and file, and restarts the
 * arrival delay. The PIN counter and the APDU count are kept.
 */
void
fc_virtual_card_reinsert (FcVirtualCard *self)
{
  g_return_if_fail (FC_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->lock);
  self->removed = FALSE;
  self->bytes_sent = 0;
  self->first_wait_us = 0;
  self->ap_selected = FALSE;
  self->current_ef = 0;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}
