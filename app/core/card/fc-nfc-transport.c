/* fc-nfc-transport.c: FcCardTransport over a libnfc reader, ISO 14443-B at 106 kbps.
 *
 * Every libnfc call happens on one FcReaderThread owned by the transport; the interface methods
 * (called from worker threads) queue a job there and wait for it (the jobs are in
 * fc-nfc-transport-reader.c). State marked "(reader thread)" is only touched from jobs.
 *
 * Byte-level behaviour of libnfc 1.8.0 with a PN532: docs reference/card-protocol.md §4–§5.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-nfc-transport.h"
#include "fc-nfc-transport-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#define DEFAULT_POLL_INTERVAL_MS    100
#define DEFAULT_EXCHANGE_TIMEOUT_MS 2000

static void fc_nfc_transport_card_transport_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcNfcTransport, fc_nfc_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_nfc_transport_card_transport_init))

enum {
  PROP_0,
  PROP_CONNSTRING,
  PROP_POLL_INTERVAL_MS,
  PROP_EXCHANGE_TIMEOUT_MS,
  PROP_DEVICE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* FcCardTransport */

static gboolean
fc_nfc_transport_wait_for_card (FcCardTransport  *transport,
                                guint             timeout_ms,
                                GCancellable     *cancellable,
                                GError          **error)
{
  WaitJob job = { FC_NFC_TRANSPORT (transport), timeout_ms, cancellable, NULL, FALSE };

  if (!fc_reader_thread_run_sync (job.self->thread, fc_nfc_transport_wait_job, &job))
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER, _("The reader was closed"));
      return FALSE;
    }
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }

  return job.ok;
}

static gboolean
fc_nfc_transport_card_present (FcCardTransport *transport)
{
  PresentJob job = { FC_NFC_TRANSPORT (transport), FALSE };

  fc_reader_thread_run_sync (job.self->thread, fc_nfc_transport_present_job, &job);

  return job.present;
}

static GBytes *
fc_nfc_transport_transceive (FcCardTransport  *transport,
                             GBytes           *apdu,
                             GCancellable     *cancellable,
                             GError          **error)
{
  TransceiveJob job = { FC_NFC_TRANSPORT (transport), apdu, cancellable, NULL, NULL };
  gsize len = g_bytes_get_size (apdu);

  /* libnfc 1.8.0 copies the APDU into a 264-byte buffer without checking its length. */
  if (len > FC_NFC_TRANSPORT_MAX_APDU)
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                   _("The command is too long for the reader (%lu bytes; at most %d)"),
                   (unsigned long) len, FC_NFC_TRANSPORT_MAX_APDU);
      return NULL;
    }
  if (len < 4)
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                   _("The command is too short to be an APDU (%lu bytes)"),
                   (unsigned long) len);
      return NULL;
    }

  if (!fc_reader_thread_run_sync (job.self->thread, fc_nfc_transport_transceive_job, &job))
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER, _("The reader was closed"));
      return NULL;
    }
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }

  return job.response;
}

static void
fc_nfc_transport_card_transport_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_nfc_transport_wait_for_card;
  iface->card_present = fc_nfc_transport_card_present;
  iface->transceive = fc_nfc_transport_transceive;
}

/* GObject */

static void
fc_nfc_transport_dispose (GObject *object)
{
  FcNfcTransport *self = FC_NFC_TRANSPORT (object);

  if (self->thread != NULL)
    {
      fc_reader_thread_run_sync (self->thread, fc_nfc_transport_dispose_job, self);
      fc_reader_thread_shutdown (self->thread);
      g_clear_object (&self->thread);
    }

  G_OBJECT_CLASS (fc_nfc_transport_parent_class)->dispose (object);
}

static void
fc_nfc_transport_finalize (GObject *object)
{
  FcNfcTransport *self = FC_NFC_TRANSPORT (object);

  g_clear_pointer (&self->connstring, g_free);
  g_clear_pointer (&self->device_name, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fc_nfc_transport_parent_class)->finalize (object);
}

static void
fc_nfc_transport_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcNfcTransport *self = FC_NFC_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_CONNSTRING:
      g_value_set_string (value, self->connstring);
      break;

    case PROP_POLL_INTERVAL_MS:
      g_value_set_uint (value, fc_nfc_transport_get_poll_interval_ms (self));
      break;

    case PROP_EXCHANGE_TIMEOUT_MS:
      g_value_set_uint (value, fc_nfc_transport_get_exchange_timeout_ms (self));
      break;

    case PROP_DEVICE_NAME:
      g_value_take_string (value, fc_nfc_transport_dup_device_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_nfc_transport_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FcNfcTransport *self = FC_NFC_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_CONNSTRING:
      g_free (self->connstring);
      self->connstring = g_value_dup_string (value);
      break;

    case PROP_POLL_INTERVAL_MS:
      fc_nfc_transport_set_poll_interval_ms (self, g_value_get_uint (value));
      break;

    case PROP_EXCHANGE_TIMEOUT_MS:
      fc_nfc_transport_set_exchange_timeout_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_nfc_transport_class_init (FcNfcTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_nfc_transport_dispose;
  object_class->finalize = fc_nfc_transport_finalize;
  object_class->get_property = fc_nfc_transport_get_property;
  object_class->set_property = fc_nfc_transport_set_property;

  /**
   * FcNfcTransport:connstring:
   *
   * The libnfc connection string, e.g. "pn532_uart:/dev/ttyUSB0:115200"; %NULL lets libnfc pick
   * its configured default device.
   */
  properties[PROP_CONNSTRING] =
    g_param_spec_string ("connstring", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * FcNfcTransport:poll-interval-ms:
   *
   * The pause between two polls for a card while waiting for one.
   */
  properties[PROP_POLL_INTERVAL_MS] =
    g_param_spec_uint ("poll-interval-ms", NULL, NULL,
                       1, 10000, DEFAULT_POLL_INTERVAL_MS,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * FcNfcTransport:exchange-timeout-ms:
   *
   * How long libnfc waits for the answer to one APDU.
   */
  properties[PROP_EXCHANGE_TIMEOUT_MS] =
    g_param_spec_uint ("exchange-timeout-ms", NULL, NULL,
                       1, 60000, DEFAULT_EXCHANGE_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * FcNfcTransport:device-name:
   *
   * libnfc's name for the open reader, or %NULL while it is closed. It changes on the reader
   * thread and is not notified: read it after fc_nfc_transport_open() or a card operation.
   */
  properties[PROP_DEVICE_NAME] =
    g_param_spec_string ("device-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_nfc_transport_init (FcNfcTransport *self)
{
  g_mutex_init (&self->lock);
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->exchange_timeout_ms = DEFAULT_EXCHANGE_TIMEOUT_MS;
  self->thread = fc_reader_thread_new ("fc-nfc-reader");
}

/* Public API */

/**
 * fc_nfc_transport_new:
 * @connstring: (nullable): a libnfc connection string such as "pn532_uart:/dev/ttyUSB0:115200",
 *   or %NULL for libnfc's default device
 *
 * Creates the transport. Nothing is opened until the first call that needs the reader.
 *
 * Returns: (transfer full): a new transport
 */
/* libnfc's debug log (LIBNFC_LOG_LEVEL=3, or log_level=3 in libnfc.conf) prints every frame:
 * the certificate, which identifies the patient, and a typed PIN. FieldCard never lets it: the
 * level is capped at 2 (info), and when it is unset it is set to libnfc's own default, 1, which
 * also overrides a libnfc.conf that asks for more. Done here, on the caller's thread before the
 * reader thread calls nfc_init(), because setenv() is not safe once other threads run. */
static void
cap_libnfc_log_level (void)
{
  const char *level = g_getenv ("LIBNFC_LOG_LEVEL");
  guint64 value = 0;

  if (level == NULL)
    g_setenv ("LIBNFC_LOG_LEVEL", "1", TRUE);
  else if (!g_ascii_string_to_unsigned (level, 10, 0, 2, &value, NULL))
    {
      g_message ("LIBNFC_LOG_LEVEL=%s lowered to 2: libnfc's frame log would show card data", level);
      g_setenv ("LIBNFC_LOG_LEVEL", "2", TRUE);
    }
}

FcNfcTransport *
fc_nfc_transport_new (const char *connstring)
{
  cap_libnfc_log_level ();
  return g_object_new (FC_TYPE_NFC_TRANSPORT, "connstring", connstring, NULL);
}

const char *
fc_nfc_transport_get_connstring (FcNfcTransport *self)
{
  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), NULL);

  return self->connstring;
}

guint
fc_nfc_transport_get_poll_interval_ms (FcNfcTransport *self)
{
  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), 0);

  return (guint) g_atomic_int_get (&self->poll_interval_ms);
}

void
fc_nfc_transport_set_poll_interval_ms (FcNfcTransport *self,
                                       guint           poll_interval_ms)
{
  g_return_if_fail (FC_IS_NFC_TRANSPORT (self));
  g_return_if_fail (poll_interval_ms > 0);

  if ((guint) g_atomic_int_get (&self->poll_interval_ms) == poll_interval_ms)
    return;

  g_atomic_int_set (&self->poll_interval_ms, poll_interval_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL_MS]);
}

guint
fc_nfc_transport_get_exchange_timeout_ms (FcNfcTransport *self)
{
  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), 0);

  return (guint) g_atomic_int_get (&self->exchange_timeout_ms);
}

void
fc_nfc_transport_set_exchange_timeout_ms (FcNfcTransport *self,
                                          guint           exchange_timeout_ms)
{
  g_return_if_fail (FC_IS_NFC_TRANSPORT (self));
  g_return_if_fail (exchange_timeout_ms > 0);

  if ((guint) g_atomic_int_get (&self->exchange_timeout_ms) == exchange_timeout_ms)
    return;

  g_atomic_int_set (&self->exchange_timeout_ms, exchange_timeout_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXCHANGE_TIMEOUT_MS]);
}

char *
fc_nfc_transport_dup_device_name (FcNfcTransport *self)
{
  char *ret;

  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), NULL);

  g_mutex_lock (&self->lock);
  ret = g_strdup (self->device_name);
  g_mutex_unlock (&self->lock);

  return ret;
}

guint
fc_nfc_transport_get_open_count (FcNfcTransport *self)
{
  guint ret;

  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), 0);

  g_mutex_lock (&self->lock);
  ret = self->open_count;
  g_mutex_unlock (&self->lock);

  return ret;
}

/**
 * fc_nfc_transport_open:
 * @self: a transport
 * @error: %FC_CARD_ERROR_NO_READER when the reader cannot be opened
 *
 * Opens the reader now rather than on first use. Blocking; call from a worker thread.
 *
 * Returns: %TRUE when the reader is open
 */
gboolean
fc_nfc_transport_open (FcNfcTransport  *self,
                       GError         **error)
{
  OpenJob job = { self, NULL, FALSE };

  g_return_val_if_fail (FC_IS_NFC_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_reader_thread_run_sync (self->thread, fc_nfc_transport_open_job, &job))
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER, _("The reader was closed"));
      return FALSE;
    }
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }

  return job.ok;
}

/**
 * fc_nfc_transport_close:
 * @self: a transport
 *
 * Puts the reader to sleep and closes it; the next call that needs it opens it again.
 */
void
fc_nfc_transport_close (FcNfcTransport *self)
{
  g_return_if_fail (FC_IS_NFC_TRANSPORT (self));

  fc_reader_thread_run_sync (self->thread, fc_nfc_transport_close_job, self);
}

/**
 * fc_nfc_transport_describe_error:
 * @error: an error from a card transport or FcJpki
 *
 * Returns: (nullable): a short, translated sentence saying what to do next, or %NULL
 */
const char *
fc_nfc_transport_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return _("Reading was cancelled. Start again when ready.");

  if (error->domain != FC_CARD_ERROR)
    return NULL;

  switch ((FcCardError) error->code)
    {
    case FC_CARD_ERROR_NO_READER:
      return _("Check that the NFC reader is plugged in and that the reader setting is right.");
    case FC_CARD_ERROR_NO_CARD:
      return _("Place the My Number card flat on the reader and hold it still.");
    case FC_CARD_ERROR_REMOVED:
      return _("Hold the card on the reader until reading is done, then try again.");
    case FC_CARD_ERROR_NOT_JPKI:
      return _("This is not a My Number card. Ask for the My Number card.");
    case FC_CARD_ERROR_STATUS:
      return _("The card refused the request. Try again; if it repeats, continue without the card.");
    case FC_CARD_ERROR_MALFORMED:
      return _("The card's data could not be read. Try again; if it repeats, continue without the card.");
    case FC_CARD_ERROR_UNTRUSTED:
      return _("The certificate was not issued for My Number cards. Check the card by eye.");
    case FC_CARD_ERROR_PIN_BLOCKED:
      return _("The card's PIN is blocked. Do not enter a PIN; continue without it.");
    case FC_CARD_ERROR_IO:
      return _("Unplug the NFC reader, plug it back in and try again.");
    case FC_CARD_ERROR_LAST_TRY:
      return _("Only enter the PIN if the holder confirms it: one more wrong PIN blocks the card.");
    case FC_CARD_ERROR_WRONG_PIN:
      return _("Ask the holder for the PIN again. The check is optional: you can continue without it.");
    default:
      return NULL;
    }
}
