/* fc-nfc-transport-private.h: what the parts of FcNfcTransport share (fc-nfc-transport.c: the
 * object, its properties and the FcCardTransport methods; fc-nfc-transport-reader.c: everything
 * that runs on the reader thread and calls libnfc).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <nfc/nfc.h>

#include "fc-nfc-transport.h"
#include "fc-reader-thread.h"

G_BEGIN_DECLS

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

/* Jobs for fc_reader_thread_run_sync(): each runs on the reader thread with its own data. */

typedef struct
{
  FcNfcTransport *self;
  GError         *error;
  gboolean        ok;
} OpenJob;

typedef struct
{
  FcNfcTransport *self;
  guint           timeout_ms;
  GCancellable   *cancellable;
  GError         *error;
  gboolean        ok;
} WaitJob;

typedef struct
{
  FcNfcTransport *self;
  gboolean        present;
} PresentJob;

typedef struct
{
  FcNfcTransport *self;
  GBytes         *apdu;        /* (unowned) */
  GCancellable   *cancellable;
  GBytes         *response;    /* (owned) (nullable) */
  GError         *error;
} TransceiveJob;

void fc_nfc_transport_open_job       (gpointer data);
/* @data: the FcNfcTransport. */
void fc_nfc_transport_close_job      (gpointer data);
/* @data: the FcNfcTransport; closes the device and the libnfc context. */
void fc_nfc_transport_dispose_job    (gpointer data);
void fc_nfc_transport_wait_job       (gpointer data);
void fc_nfc_transport_present_job    (gpointer data);
void fc_nfc_transport_transceive_job (gpointer data);

G_END_DECLS
