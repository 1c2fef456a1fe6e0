/* fc-nfc-transport-reader.c: the reader-thread side of FcNfcTransport: opening and closing the
 * libnfc device, polling for an ISO 14443-B card, presence checks, APDU exchange, and mapping
 * libnfc errors to FC_CARD_ERROR. Everything here runs on the transport's FcReaderThread.
 *
 * Byte-level behaviour of libnfc 1.8.0 with a PN532: docs reference/card-protocol.md §4–§5.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-nfc-transport-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

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

void
fc_nfc_transport_open_job (gpointer data)
{
  OpenJob *job = data;

  job->ok = ensure_open (job->self, &job->error);
}

void
fc_nfc_transport_close_job (gpointer data)
{
  close_device (data);
}

void
fc_nfc_transport_dispose_job (gpointer data)
{
  FcNfcTransport *self = data;

  close_device (self);
  g_clear_pointer (&self->context, nfc_exit);
}

void
fc_nfc_transport_wait_job (gpointer data)
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

void
fc_nfc_transport_present_job (gpointer data)
{
  PresentJob *job = data;

  job->present = check_present (job->self);
}

void
fc_nfc_transport_transceive_job (gpointer data)
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

