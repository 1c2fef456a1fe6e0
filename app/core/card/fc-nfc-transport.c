/* fc-nfc-transport.c: FcCardTransport over a libnfc reader, ISO 14443-B at 106 kbps.
 *
 * Every libnfc call happens on one FcReaderThread owned by the transport; the interface methods
 * (called from worker threads) queue a job there and wait for it. State marked "(reader thread)"
 * below is only touched from jobs.
 *
 * Byte-level behaviour of libnfc 1.8.0 with a PN532: docs reference/card-protocol.md §4–§5.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-nfc-transport.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <nfc/nfc.h>

#include "fc-reader-thread.h"

#define DEFAULT_POLL_INTERVAL_MS    100
#define DEFAULT_EXCHANGE_TIMEOUT_MS 2000

struct _FcNfcTransport
{
  GObject         parent_instance;

  char           *connstring;           /* (owned) (nullable): NULL = libnfc's default device */
  FcReaderThread *thread;               /* (owned) */

  GMutex          lock;
  char           *device_name;          /* (owned) (nullable) (mutex lock) */
  guint           open_count;           /* (mutex lock) */
  guint           poll_interval_ms;     /* (atomic) */
  guint           exchange_timeout_ms;  /* (atomic) */

  nfc_context    *context;              /* (owned) (nullable) (reader thread) */
  nfc_device     *device;               /* (owned) (nullable) (reader thread) */
  nfc_target      target;               /* (reader thread): valid while has_target */
  gboolean        has_target;           /* (reader thread) */
};

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

/* What the user sees as the reader's address. */
static const char *
connstring_display (FcNfcTransport *self)
{
  return self->connstring != NULL ? self->connstring : _("the default reader");
}

static void
set_device_name (FcNfcTransport *self,
                 const char     *name)
{
  g_mutex_lock (&self->lock);
  g_free (self->device_name);
  self->device_name = g_strdup (name);
  g_mutex_unlock (&self->lock);
}

/* Closes the device (libnfc puts the chip to sleep first). (reader thread) */
static void
close_device (FcNfcTransport *self)
{
  self->has_target = FALSE;

  if (self->device == NULL)
    return;

  g_debug ("Closing NFC reader %s", connstring_display (self));
  nfc_close (self->device);
  self->device = NULL;
  set_device_name (self, NULL);
}

/* Opens and initialises the reader unless it is open already. (reader thread) */
static gboolean
ensure_open (FcNfcTransport  *self,
             GError         **error)
{
  nfc_device *device;
  int res;

  if (self->device != NULL)
    return TRUE;

  if (self->connstring != NULL && strlen (self->connstring) >= NFC_BUFSIZE_CONNSTRING)
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                   _("The reader setting is too long"));
      return FALSE;
    }

  if (self->context == NULL)
    {
      nfc_init (&self->context);
      if (self->context == NULL)
        {
          g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                       _("The NFC library could not start"));
          return FALSE;
        }
    }

  device = nfc_open (self->context, self->connstring);
  if (device == NULL)
    {
      if (self->connstring != NULL)
        g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                     _("No NFC reader at %s"), self->connstring);
      else
        g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                     _("No NFC reader found"));
      return FALSE;
    }

  res = nfc_initiator_init (device);
  if (res >= 0)
    /* Poll in our own loop (cancellable) rather than letting the chip retry forever. */
    res = nfc_device_set_property_bool (device, NP_INFINITE_SELECT, false);
  if (res < 0)
    {
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_NO_READER,
                   _("The NFC reader at %s did not start (%s)"),
                   connstring_display (self), nfc_strerror (device));
      nfc_close (device);
      return FALSE;
    }

  self->device = device;
  self->has_target = FALSE;

  g_mutex_lock (&self->lock);
  g_free (self->device_name);
  self->device_name = g_strdup (nfc_device_get_name (device));
  self->open_count++;
  g_mutex_unlock (&self->lock);

  g_debug ("Opened NFC reader %s", nfc_device_get_name (device));
  return TRUE;
}

/* Turns a negative libnfc result into a FC_CARD_ERROR and updates the state: the target is gone
 * after any failure, and the device is closed after an I/O failure so that the next call
 * re-opens it. (reader thread) */
static void
set_libnfc_error (FcNfcTransport  *self,
                  int              res,
                  GError         **error)
{
  g_autofree char *detail = g_strdup (self->device != NULL ? nfc_strerror (self->device) : "");

  g_assert (res < 0);

  self->has_target = FALSE;

  switch (res)
    {
    case NFC_ETGRELEASED:
    case NFC_ERFTRANS:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                   _("The card was removed during reading"));
      break;

    case NFC_EOVFLOW:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                   _("The card's answer is longer than the reader can pass on"));
      break;

    case NFC_EDEVNOTSUPP:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO,
                   _("This NFC reader cannot read My Number cards (no ISO 14443-B support)"));
      break;

    case NFC_EOPABORTED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Reading the card was cancelled"));
      break;

    case NFC_ECHIP:
      /* The chip refused the exchange (e.g. a response too large for its buffer); the link to
       * the reader itself is fine. */
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO,
                   _("The NFC reader reported an error (%s)"), detail);
      break;

    case NFC_EIO:
    case NFC_ENOTSUCHDEV:
    case NFC_ETIMEOUT:
    default:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_IO,
                   _("Lost contact with the NFC reader (%s)"), detail);
      close_device (self);
      break;
    }
}

/* One InListPassiveTarget for an ISO 14443-B card at 106 kbps. Returns 1 when a card was
 * selected, 0 when none answered, -1 with @error set on failure. (reader thread) */
static int
poll_once (FcNfcTransport  *self,
           GError         **error)
{
  const nfc_modulation nm = { .nmt = NMT_ISO14443B, .nbr = NBR_106 };
  nfc_target target;
  int res;

  g_assert (self->device != NULL);

  memset (&target, 0, sizeof target);
  res = nfc_initiator_select_passive_target (self->device, nm, NULL, 0, &target);
  if (res < 0)
    {
      set_libnfc_error (self, res, error);
      return -1;
    }
  if (res == 0)
    return 0;

  self->target = target;
  self->has_target = TRUE;
  return 1;
}

/* Waits up to @ms for @cancellable. Returns FALSE when cancelled. */
static gboolean
sleep_cancellable (guint         ms,
                   GCancellable *cancellable)
{
  GPollFD pfd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pfd))
    {
      g_poll (&pfd, 1, (int) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    {
      g_usleep ((gulong) ms * 1000);
    }

  return !g_cancellable_is_cancelled (cancellable);
}

/* Whether the selected card still answers (libnfc presence check). (reader thread) */
static gboolean
check_present (FcNfcTransport *self)
{
  int res;

  if (self->device == NULL || !self->has_target)
    return FALSE;

  res = nfc_initiator_target_is_present (self->device, &self->target);
  if (res == NFC_SUCCESS)
    return TRUE;

  g_debug ("Presence check: %s", nfc_strerror (self->device));
  set_libnfc_error (self, res, NULL);
  return FALSE;
}

/* Jobs: each runs on the reader thread with its own data. */

typedef struct
{
  FcNfcTransport *self;
  GError         *error;
  gboolean        ok;
} OpenJob;

static void
open_job (gpointer data)
{
  OpenJob *job = data;

  job->ok = ensure_open (job->self, &job->error);
}

static void
close_job (gpointer data)
{
  close_device (data);
}

static void
dispose_job (gpointer data)
{
  FcNfcTransport *self = data;

  close_device (self);
  g_clear_pointer (&self->context, nfc_exit);
}

typedef struct
{
  FcNfcTransport *self;
  guint           timeout_ms;
  GCancellable   *cancellable;
  GError         *error;
  gboolean        ok;
} WaitJob;

static void
wait_job (gpointer data)
{
  WaitJob *job = data;
  FcNfcTransport *self = job->self;
  gint64 deadline = g_get_monotonic_time () + (gint64) job->timeout_ms * G_TIME_SPAN_MILLISECOND;

  if (!ensure_open (self, &job->error))
    return;

  /* A card that is already selected and still answers must not be re-activated: that would
   * reset the application it has selected. */
  if (self->has_target && check_present (self))
    {
      job->ok = TRUE;
      return;
    }
  if (self->device == NULL && !ensure_open (self, &job->error))
    return;

  for (;;)
    {
      gint64 now;
      int found;

      if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
        return;

      found = poll_once (self, &job->error);
      if (found != 0)
        {
          job->ok = found > 0;
          return;
        }

      now = g_get_monotonic_time ();
      if (now >= deadline)
        {
          g_set_error (&job->error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD,
                       _("No card on the reader"));
          return;
        }

      if (!sleep_cancellable (MIN ((guint) g_atomic_int_get (&self->poll_interval_ms),
                                   (guint) ((deadline - now) / G_TIME_SPAN_MILLISECOND) + 1),
                              job->cancellable))
        {
          g_cancellable_set_error_if_cancelled (job->cancellable, &job->error);
          return;
        }
    }
}

typedef struct
{
  FcNfcTransport *self;
  gboolean        present;
} PresentJob;

static void
present_job (gpointer data)
{
  PresentJob *job = data;

  job->present = check_present (job->self);
}

typedef struct
{
  FcNfcTransport *self;
  GBytes         *apdu;        /* (unowned) */
  GCancellable   *cancellable;
  GBytes         *response;    /* (owned) (nullable) */
  GError         *error;
} TransceiveJob;

static void
transceive_job (gpointer data)
{
  TransceiveJob *job = data;
  FcNfcTransport *self = job->self;
  guint8 rx[FC_NFC_TRANSPORT_MAX_RESPONSE + 1];
  const guint8 *tx;
  gsize tx_len;
  int res;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    return;
  if (!ensure_open (self, &job->error))
    return;

  if (!self->has_target)
    {
      int found = poll_once (self, &job->error);

      if (found < 0)
        return;
      if (found == 0)
        {
          g_set_error (&job->error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD,
                       _("No card on the reader"));
          return;
        }
    }

  tx = g_bytes_get_data (job->apdu, &tx_len);
  res = nfc_initiator_transceive_bytes (self->device, tx, tx_len, rx, sizeof rx,
                                        (int) g_atomic_int_get (&self->exchange_timeout_ms));
  if (res < 0)
    {
      set_libnfc_error (self, res, &job->error);
      return;
    }
  if (res < 2)
    {
      g_set_error (&job->error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                   _("The card's answer was too short"));
      return;
    }

  job->response = g_bytes_new (rx, (gsize) res);
}

/* FcCardTransport */

static gboolean
fc_nfc_transport_wait_for_card (FcCardTransport  *transport,
                                guint             timeout_ms,
                                GCancellable     *cancellable,
                                GError          **error)
{
  WaitJob job = { FC_NFC_TRANSPORT (transport), timeout_ms, cancellable, NULL, FALSE };

  if (!fc_reader_thread_run_sync (job.self->thread, wait_job, &job))
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

  fc_reader_thread_run_sync (job.self->thread, present_job, &job);

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

  if (!fc_reader_thread_run_sync (job.self->thread, transceive_job, &job))
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
      fc_reader_thread_run_sync (self->thread, dispose_job, self);
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
FcNfcTransport *
fc_nfc_transport_new (const char *connstring)
{
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

  if (!fc_reader_thread_run_sync (self->thread, open_job, &job))
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

  fc_reader_thread_run_sync (self->thread, close_job, self);
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
    default:
      return NULL;
    }
}
