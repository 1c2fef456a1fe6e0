/* fc-jpki.c: reads the user-authentication certificate from the JPKI application.
 *
 * Only free-to-read data is touched: SELECT the JPKI AP, SELECT EF 000A, READ BINARY in
 * chunks of at most 256 bytes. No PIN is ever sent; the PIN-try counter is read with a VERIFY
 * that carries no data, which does not spend a try.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-card"

#include "config.h"

#include "fc-jpki.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* How often FcJpki asks again for the same offset after a transient error. */
#define MAX_RETRIES 3
/* The JPKI user-authentication PIN allows three tries. */
#define AUTH_PIN_MAX_TRIES 3
/* Larger than any certificate a JPKI card holds; READ BINARY offsets are 15-bit. */
#define MAX_CERT_LEN 0x7fff
/* How often a read survives the card leaving the field and coming back. */
#define MAX_REPRESENTS 3

typedef struct
{
  FcCardTransport *transport;   /* (unowned) */
  GCancellable    *cancellable; /* (unowned) (nullable) */
  guint            apdu_count;
  gsize            bytes_read;  /* READ BINARY data bytes received */
  guint            represent_timeout_ms; /* 0: a removed card ends the read */
  FcJpkiProgressFunc progress;  /* (nullable) */
  gpointer         progress_data;
  gsize            progress_done; /* last reported, so that progress never goes backwards */
} Session;

/* Progress of an async read, shared by the worker and the idle callbacks it queues. */
typedef struct
{
  gatomicrefcount     ref_count;
  GMainContext       *context;   /* (owned): the caller's thread-default context */
  FcJpkiProgressFunc  func;
  gpointer            data;
  GDestroyNotify      destroy;
} Progress;

typedef struct
{
  Progress *progress;
  gsize     done;
  gsize     total;
} ProgressReport;

typedef struct
{
  FcCardTransport *transport;        /* (owned) */
  GPtrArray       *trust_anchors;    /* (owned) (nullable) (element-type GBytes) */
  guint            timeout_ms;
  guint            represent_timeout_ms;
  Progress        *progress;         /* (owned) (nullable) */
} ReadData;

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (!g_atomic_ref_count_dec (&progress->ref_count))
    return;

  if (progress->destroy != NULL)
    progress->destroy (progress->data);
  g_main_context_unref (progress->context);
  g_free (progress);
}

static void
read_data_free (gpointer data)
{
  ReadData *read_data = data;

  g_clear_object (&read_data->transport);
  g_clear_pointer (&read_data->trust_anchors, g_ptr_array_unref);
  g_clear_pointer (&read_data->progress, progress_unref);
  g_free (read_data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

/* Sends one APDU and splits the answer into data (returned) and status word. Fails with the
 * transport's error, or FC_CARD_ERROR_MALFORMED when the answer has no status word. */
static GBytes *
send_apdu (Session       *session,
           const guint8  *apdu,
           gsize          apdu_len,
           guint16       *out_sw,
           GError       **error)
{
  g_autoptr(GBytes) command = g_bytes_new (apdu, apdu_len);
  g_autoptr(GBytes) response = NULL;
  const guint8 *data;
  gsize len;

  session->apdu_count++;
  response = fc_card_transport_transceive (session->transport, command, session->cancellable,
                                           error);
  if (response == NULL)
    return NULL;

  data = g_bytes_get_data (response, &len);
  if (len < 2)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                           _("The card sent an incomplete answer. Hold the card still and "
                             "try again."));
      return NULL;
    }

  *out_sw = (data[len - 2] << 8) | data[len - 1];

  return g_bytes_new_from_bytes (response, 0, len - 2);
}

static gboolean
select_ap (Session  *session,
           GError  **error)
{
  static const guint8 apdu[] = {
    0x00, 0xa4, 0x04, 0x0c, FC_JPKI_AID_LEN,
    0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
  };
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  G_STATIC_ASSERT (sizeof apdu == 5 + FC_JPKI_AID_LEN);

  data = send_apdu (session, apdu, sizeof apdu, &sw, error);
  if (data == NULL)
    return FALSE;

  if (sw == 0x6a82)
    {
      g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_NOT_JPKI,
                           _("This card is not a My Number card. Ask for the My Number card "
                             "and check its photo."));
      return FALSE;
    }

  return fc_jpki_check_status (sw, _("selecting the JPKI application"), error);
}

static gboolean
select_ef (Session  *session,
           guint16   fid,
           GError  **error)
{
  guint8 apdu[] = { 0x00, 0xa4, 0x02, 0x0c, 0x02, fid >> 8, fid & 0xff };
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  data = send_apdu (session, apdu, sizeof apdu, &sw, error);
  if (data == NULL)
    return FALSE;

  return fc_jpki_check_status (sw, _("selecting a file on the card"), error);
}

static gboolean
is_transient_error (const GError *error)
{
  return g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_IO);
}

/* 64xx (state unchanged) and 6Fxx (no precise diagnosis) may pass on a second try. */
static gboolean
is_transient_sw (guint16 sw)
{
  return (sw & 0xff00) == 0x6400 || (sw & 0xff00) == 0x6f00;
}

static void
report_progress (Session *session,
                 gsize    done,
                 gsize    total)
{
  if (session->progress == NULL || total == 0)
    return;

  done = MIN (done, total);
  if (done <= session->progress_done)
    return;

  session->progress_done = done;
  session->progress (done, total, session->progress_data);
}

/* The card left the field: wait for it to come back. FALSE (with the removal error kept) when
 * it does not come back in time or waiting is not wanted. */
static gboolean
wait_for_represent (Session  *session,
                    GError  **removal_error)
{
  g_autoptr(GError) wait_error = NULL;

  if (session->represent_timeout_ms == 0)
    return FALSE;

  g_debug ("Card removed mid-read; waiting up to %u ms for it to come back",
           session->represent_timeout_ms);
  if (fc_card_transport_wait_for_card (session->transport, session->represent_timeout_ms,
                                       session->cancellable, &wait_error))
    return TRUE;

  /* Cancelling wins over the removal. */
  if (g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (removal_error);
      g_propagate_error (removal_error, g_steal_pointer (&wait_error));
    }

  return FALSE;
}

static void
set_different_card_error (GError **error)
{
  g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED,
                       _("A different card was presented. Put the first card back on the "
                         "reader and read again."));
}

static void
set_incomplete_error (GError **error)
{
  g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                       _("The card’s certificate ended too early. Hold the card still and "
                         "read it again."));
}

static gboolean
is_removed_error (const GError *error)
{
  return g_error_matches (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
}

/* The card is back: read again from offset 0, comparing with what was read before. */
static void
restart_after_represent (GByteArray **buffer,
                         GByteArray **expected,
                         gsize       *total)
{
  /* Still checking from an earlier removal: keep the longer record. */
  if (*expected == NULL || (*buffer)->len > (*expected)->len)
    {
      g_clear_pointer (expected, g_byte_array_unref);
      *expected = g_steal_pointer (buffer);
      *buffer = g_byte_array_sized_new (2048);
    }
  else
    g_byte_array_set_size (*buffer, 0);

  *total = 0;
}

/* Reads the whole DER object from EF 000A (filler after it is dropped). Resumes at the last good
 * offset after a transient error: up to MAX_RETRIES more tries per offset, re-selecting the
 * application and file after a transport error. */
static GBytes *
read_auth_cert (Session  *session,
                GError  **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (2048);
  /* After the card was presented again: what the first card gave, to compare with. */
  g_autoptr(GByteArray) expected = NULL;
  gsize total = 0;
  guint retries = 0;
  guint represents = 0;
  gboolean need_select = TRUE;

  while (total == 0 || buffer->len < total)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) chunk = NULL;
      guint8 apdu[5];
      gsize offset = buffer->len;
      gsize le;
      gsize chunk_len;
      guint16 sw = 0;

      if (g_cancellable_set_error_if_cancelled (session->cancellable, error))
        return NULL;

      if (need_select)
        {
          if (!select_ap (session, &local_error) ||
              !select_ef (session, FC_JPKI_EF_AUTH_CERT, &local_error))
            {
              if (is_transient_error (local_error) && retries < MAX_RETRIES)
                {
                  g_debug ("Retrying selection after: %s", local_error->message);
                  retries++;
                  continue;
                }
              if (is_removed_error (local_error) && represents < MAX_REPRESENTS &&
                  wait_for_represent (session, &local_error))
                {
                  represents++;
                  restart_after_represent (&buffer, &expected, &total);
                  continue;
                }
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          need_select = FALSE;
        }

      le = total == 0 ? FC_JPKI_MAX_CHUNK : MIN (FC_JPKI_MAX_CHUNK, total - offset);
      apdu[0] = 0x00;
      apdu[1] = 0xb0;
      apdu[2] = (offset >> 8) & 0x7f;
      apdu[3] = offset & 0xff;
      apdu[4] = le == 256 ? 0x00 : (guint8) le;

      chunk = send_apdu (session, apdu, sizeof apdu, &sw, &local_error);
      if (chunk == NULL)
        {
          if (is_transient_error (local_error) && retries < MAX_RETRIES)
            {
              g_debug ("Resuming at offset %" G_GSIZE_FORMAT " after: %s",
                       offset, local_error->message);
              retries++;
              need_select = TRUE;
              continue;
            }
          if (is_removed_error (local_error) && represents < MAX_REPRESENTS &&
              wait_for_represent (session, &local_error))
            {
              represents++;
              need_select = TRUE;
              restart_after_represent (&buffer, &expected, &total);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (is_transient_sw (sw) && retries < MAX_RETRIES)
        {
          g_debug ("Resuming at offset %" G_GSIZE_FORMAT " after SW %04X", offset, sw);
          retries++;
          continue;
        }

      if (sw == 0x6b00)
        {
          set_incomplete_error (error);
          return NULL;
        }

      if (!fc_jpki_check_status (sw, _("reading the certificate"), error))
        return NULL;

      chunk_len = g_bytes_get_size (chunk);
      if (chunk_len == 0)
        {
          set_incomplete_error (error);
          return NULL;
        }

      if (chunk_len > le)
        {
          g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                               _("The card sent more data than asked for. Try again, or use "
                                 "another reader."));
          return NULL;
        }

      /* A card presented again must give the same bytes as the first one did. */
      if (expected != NULL && offset < expected->len)
        {
          gsize overlap = MIN (chunk_len, expected->len - offset);

          if (memcmp (g_bytes_get_data (chunk, NULL), expected->data + offset, overlap) != 0)
            {
              set_different_card_error (error);
              return NULL;
            }
        }

      g_byte_array_append (buffer, g_bytes_get_data (chunk, NULL), chunk_len);
      session->bytes_read += chunk_len;
      retries = 0;
      if (expected != NULL && buffer->len >= expected->len)
        g_clear_pointer (&expected, g_byte_array_unref);

      if (total == 0)
        {
          if (!fc_card_identity_parse_der_length (buffer->data, buffer->len, &total))
            {
              g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                                   _("The card’s certificate file does not hold a certificate."));
              return NULL;
            }
          if (total > MAX_CERT_LEN)
            {
              g_set_error_literal (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED,
                                   _("The card’s certificate is too large to be a My Number "
                                     "card certificate."));
              return NULL;
            }
        }

      report_progress (session, buffer->len, total);
    }

  /* Drop the filler read with the first chunk of a short certificate. */
  g_byte_array_set_size (buffer, total);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * fc_jpki_check_status:
 * @sw: the status word SW1SW2
 * @step: (nullable): what was being done, e.g. "reading the certificate" (translated)
 * @error: return location for an error
 *
 * Returns: %TRUE for 9000; otherwise %FALSE with a clear, translated @error:
 *   %FC_CARD_ERROR_PIN_BLOCKED for 63C0, 6983 and 6984, %FC_CARD_ERROR_STATUS for the rest
 */
gboolean
fc_jpki_check_status (guint16      sw,
                      const char  *step,
                      GError     **error)
{
  if (sw == 0x9000)
    return TRUE;

  if (step == NULL)
    step = _("talking to the card");

  if ((sw & 0xfff0) == 0x63c0 && (sw & 0x000f) > 0)
    {
      guint tries = sw & 0x000f;

      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The card did not accept the PIN (SW %04X) while %s: "
                                "%u try left.",
                                "The card did not accept the PIN (SW %04X) while %s: "
                                "%u tries left.",
                                tries),
                   sw, step, tries);
      return FALSE;
    }

  switch (sw)
    {
    case 0x63c0:
    case 0x6983:
    case 0x6984:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED,
                   _("The card’s PIN is blocked (SW %04X) while %s. The holder can have it "
                     "reset at their municipal office."),
                   sw, step);
      break;

    case 0x6982:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card refused access: security status not satisfied (SW %04X) "
                     "while %s."),
                   sw, step);
      break;

    case 0x6a82:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not have the requested file (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6b00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card’s file ended early (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6700:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card rejected the command length (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6a86:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card rejected the command parameters (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6d00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not support this command (SW %04X) while %s."),
                   sw, step);
      break;

    case 0x6e00:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card does not support this command class (SW %04X) while %s."),
                   sw, step);
      break;

    default:
      g_set_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS,
                   _("The card answered an error (SW %04X) while %s."),
                   sw, step);
      break;
    }

  return FALSE;
}

static FcCardIdentity *
read_identity (FcCardTransport     *transport,
               GPtrArray           *trust_anchors_der,
               guint                represent_timeout_ms,
               FcJpkiProgressFunc   progress,
               gpointer             progress_data,
               GCancellable        *cancellable,
               GError             **error)
{
  Session session = { 0, };
  g_autoptr(GBytes) der = NULL;
  FcCardIdentity *identity;

  session.transport = transport;
  session.cancellable = cancellable;
  session.represent_timeout_ms = represent_timeout_ms;
  session.progress = progress;
  session.progress_data = progress_data;

  der = read_auth_cert (&session, error);
  if (der == NULL)
    return NULL;

  identity = fc_card_identity_new_from_der (der, trust_anchors_der, error);
  if (identity == NULL)
    return NULL;

  fc_card_identity_set_read_stats (identity, session.apdu_count, session.bytes_read);

  return identity;
}

FcCardIdentity *
fc_jpki_read_identity (FcCardTransport  *transport,
                       GPtrArray        *trust_anchors_der,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_identity (transport, trust_anchors_der, 0, NULL, NULL, cancellable, error);
}

/**
 * fc_jpki_read_identity_full:
 * @transport: the card transport
 * @trust_anchors_der: (nullable) (element-type GBytes): JPKI CA certificates
 * @progress: (nullable) (scope call): called after each chunk, on this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the certificate like fc_jpki_read_identity(), reporting progress, and survives the card
 * leaving the field and coming back (the same card: checked byte for byte).
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
FcCardIdentity *
fc_jpki_read_identity_full (FcCardTransport     *transport,
                            GPtrArray           *trust_anchors_der,
                            FcJpkiProgressFunc   progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_identity (transport, trust_anchors_der, FC_JPKI_REPRESENT_TIMEOUT_MS,
                        progress, progress_data, cancellable, error);
}

static gboolean
progress_report_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->progress->func (report->done, report->total, report->progress->data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  progress_unref (report->progress);
  g_free (report);
}

/* Worker thread: hands the report to the caller's main context. */
static void
progress_to_context (gsize    done,
                     gsize    total,
                     gpointer user_data)
{
  Progress *progress = user_data;
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->progress = progress_ref (progress);
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, progress_report_cb,
                              report, progress_report_free);
}

static gboolean
release_progress_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

/* Looks for the card, then reads it. */
static FcCardIdentity *
wait_and_read (ReadData      *data,
               GCancellable  *cancellable,
               GError       **error)
{
  if (!fc_card_transport_wait_for_card (data->transport, data->timeout_ms, cancellable, error))
    return NULL;

  return read_identity (data->transport, data->trust_anchors, data->represent_timeout_ms,
                        data->progress != NULL ? progress_to_context : NULL, data->progress,
                        cancellable, error);
}

static void
read_identity_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ReadData *data = task_data;
  FcCardIdentity *identity;
  GError *error = NULL;

  identity = wait_and_read (data, cancellable, &error);

  /* Drop the transport before returning: the caller may finalize it in the callback, while
   * this thread still holds the task for a moment. */
  g_clear_object (&data->transport);
  g_clear_pointer (&data->trust_anchors, g_ptr_array_unref);
  /* The progress data is released on the caller's context, after the reports queued so far. */
  if (data->progress != NULL)
    {
      Progress *progress = g_steal_pointer (&data->progress);

      g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, release_progress_cb,
                                  progress, (GDestroyNotify) progress_unref);
    }

  if (identity == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, identity, g_object_unref);
}

static void
start_read (FcCardTransport     *transport,
            GPtrArray           *trust_anchors_der,
            guint                timeout_ms,
            guint                represent_timeout_ms,
            Progress            *progress,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ReadData) data = NULL;

  data = g_new0 (ReadData, 1);
  data->transport = g_object_ref (transport);
  data->timeout_ms = timeout_ms;
  data->represent_timeout_ms = represent_timeout_ms;
  data->progress = progress;

  /* The worker gets its own copy of the list. */
  if (trust_anchors_der != NULL)
    {
      data->trust_anchors = g_ptr_array_new_full (trust_anchors_der->len,
                                                  (GDestroyNotify) g_bytes_unref);
      for (guint i = 0; i < trust_anchors_der->len; i++)
        g_ptr_array_add (data->trust_anchors,
                         g_bytes_ref (g_ptr_array_index (trust_anchors_der, i)));
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_jpki_read_identity_async);
  g_task_set_name (task, "[fc] read card identity");
  g_task_set_task_data (task, g_steal_pointer (&data), read_data_free);
  g_task_run_in_thread (task, read_identity_thread);
}

void
fc_jpki_read_identity_async (FcCardTransport     *transport,
                             GPtrArray           *trust_anchors_der,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_read (transport, trust_anchors_der, timeout_ms, 0, NULL, cancellable, callback,
              user_data);
}

/**
 * fc_jpki_read_identity_full_async:
 * @progress: (nullable): called on the caller's thread-default main context
 * @progress_destroy: (nullable): frees @progress_data once no report is pending
 *
 * fc_jpki_read_identity_full() on a worker thread, after waiting up to @timeout_ms for a card.
 * Reports queued before the result arrive before @callback.
 */
void
fc_jpki_read_identity_full_async (FcCardTransport     *transport,
                                  GPtrArray           *trust_anchors_der,
                                  guint                timeout_ms,
                                  FcJpkiProgressFunc   progress,
                                  gpointer             progress_data,
                                  GDestroyNotify       progress_destroy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Progress *shared = NULL;

  g_return_if_fail (FC_IS_CARD_TRANSPORT (transport));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (progress != NULL)
    {
      shared = g_new0 (Progress, 1);
      g_atomic_ref_count_init (&shared->ref_count);
      shared->context = g_main_context_ref_thread_default ();
      shared->func = progress;
      shared->data = progress_data;
      shared->destroy = progress_destroy;
    }
  else if (progress_destroy != NULL)
    progress_destroy (progress_data);

  /* A card taken away mid-read is waited for as long as the caller waits for a card at all. */
  start_read (transport, trust_anchors_der, timeout_ms,
              MIN (timeout_ms, FC_JPKI_REPRESENT_TIMEOUT_MS), shared,
              cancellable, callback, user_data);
}

FcCardIdentity *
fc_jpki_read_identity_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_jpki_read_identity_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fc_jpki_read_pin_tries:
 *
 * Selects the JPKI AP and EF 0018, then sends VERIFY with no data (00 20 00 80), which reports
 * the counter without spending a try.
 *
 * Returns: tries left (0 = blocked), or -1 with @error set
 */
int
fc_jpki_read_pin_tries (FcCardTransport  *transport,
                        GCancellable     *cancellable,
                        GError          **error)
{
  static const guint8 verify_query[] = { 0x00, 0x20, 0x00, 0x80 };
  Session session = { 0, };
  g_autoptr(GBytes) data = NULL;
  guint16 sw = 0;

  session.transport = transport;
  session.cancellable = cancellable;

  g_return_val_if_fail (FC_IS_CARD_TRANSPORT (transport), -1);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!select_ap (&session, error) || !select_ef (&session, FC_JPKI_EF_AUTH_PIN, error))
    return -1;

  data = send_apdu (&session, verify_query, sizeof verify_query, &sw, error);
  if (data == NULL)
    return -1;

  if ((sw & 0xfff0) == 0x63c0)
    return sw & 0x000f;

  switch (sw)
    {
    case 0x6983:
    case 0x6984:
      return 0;

    case 0x9000:
      /* Already verified in this session: the counter is full. */
      return AUTH_PIN_MAX_TRIES;

    default:
      fc_jpki_check_status (sw, _("reading the PIN counter"), error);
      return -1;
    }
}
