/* test-jpki-full.c: FcJpki's asynchronous reads (waiting, cancelling) and the full read (progress
 * reports, a card taken away and put back, a different card presented instead).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "card-test-util.h"

typedef CardTestFixture Fixture;

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (source);
  fixture->identity = fc_jpki_read_identity_finish (result, &fixture->error);
  g_main_loop_quit (fixture->loop);
}

static void
run_async (Fixture      *fixture,
           guint         timeout_ms,
           GCancellable *cancellable)
{
  fc_jpki_read_identity_async (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors,
                               timeout_ms, cancellable, read_done_cb, fixture);
  g_main_loop_run (fixture->loop);
}

static void
test_jpki_async_reads_identity (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *expected_sha256 = card_test_sha256_hex (card_test_cert);
  gint64 start;
  gint64 elapsed;

  /* The card arrives 100 ms after the read starts waiting for it. */
  g_object_set (fixture->card, "arrival-delay-ms", 100, NULL);

  start = g_get_monotonic_time ();
  run_async (fixture, 2000, NULL);
  elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->identity);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (fixture->identity), ==, expected_sha256);
  g_assert_cmpuint (fc_card_identity_get_apdu_count (fixture->identity), ==,
                    2 + card_test_n_chunks (g_bytes_get_size (card_test_cert)));
  g_assert_cmpint (elapsed, >=, 100 * 1000);
  g_assert_cmpint (elapsed, <, 2000 * 1000);
}

static void
test_jpki_async_no_card_within_timeout (Fixture       *fixture,
                                        gconstpointer  data)
{
  gint64 start;
  gint64 elapsed;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);

  start = g_get_monotonic_time ();
  run_async (fixture, 200, NULL);
  elapsed = g_get_monotonic_time () - start;

  g_assert_error (fixture->error, FC_CARD_ERROR, FC_CARD_ERROR_NO_CARD);
  g_assert_null (fixture->identity);
  g_assert_cmpint (elapsed, >=, 200 * 1000);
  g_assert_cmpint (elapsed, <, 1500 * 1000);
  g_assert_cmpuint (fixture->recorder->apdus, ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_jpki_async_cancel_while_waiting (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  fc_virtual_card_set_behaviour (fixture->card, FC_VIRTUAL_CARD_ABSENT);
  g_timeout_add (50, cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  run_async (fixture, 5000, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fixture->identity);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

static void
test_jpki_async_cancel_while_reading (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  /* A slow link: a whole read would take well over 2 s. */
  g_object_set (fixture->card, "byte-delay-us", 5000, NULL);
  g_timeout_add (100, cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  run_async (fixture, 1000, cancellable);

  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fixture->identity);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  g_assert_cmpuint (fixture->recorder->read_binaries, <, card_test_n_chunks (g_bytes_get_size (card_test_cert)));
}

/* FcTestSwapper: a card that leaves the field, and then either comes back (the same card) or a
 * different card is presented in its place. */

#define FC_TYPE_TEST_SWAPPER (fc_test_swapper_get_type ())
G_DECLARE_FINAL_TYPE (FcTestSwapper, fc_test_swapper, FC, TEST_SWAPPER, GObject)

struct _FcTestSwapper
{
  GObject        parent_instance;

  FcVirtualCard *first;    /* (owned) */
  FcVirtualCard *other;    /* (owned) (nullable): presented instead of @first after a removal */
  FcVirtualCard *current;  /* (unowned) */
  gboolean       removed;
  guint          represents;
  guint          wait_delay_ms; /* how long the crew takes to put a card back */
};

static void fc_test_swapper_iface_init (FcCardTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FcTestSwapper, fc_test_swapper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_CARD_TRANSPORT,
                                                      fc_test_swapper_iface_init))

static gboolean
fc_test_swapper_wait_for_card (FcCardTransport *transport,
                               guint            timeout_ms,
                               GCancellable    *cancellable,
                               GError         **error)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);

  if (self->removed)
    {
      self->removed = FALSE;
      self->represents++;
      if (self->wait_delay_ms > 0)
        g_usleep (self->wait_delay_ms * 1000);
      if (self->other != NULL)
        self->current = self->other;
      else
        {
          fc_virtual_card_reinsert (self->current);
          fc_virtual_card_set_behaviour (self->current, FC_VIRTUAL_CARD_PRESENT);
        }
    }

  return fc_card_transport_wait_for_card (FC_CARD_TRANSPORT (self->current), timeout_ms,
                                          cancellable, error);
}

static gboolean
fc_test_swapper_card_present (FcCardTransport *transport)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);

  return !self->removed && fc_card_transport_card_present (FC_CARD_TRANSPORT (self->current));
}

static GBytes *
fc_test_swapper_transceive (FcCardTransport *transport,
                            GBytes          *apdu,
                            GCancellable    *cancellable,
                            GError         **error)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (transport);
  GError *local_error = NULL;
  GBytes *response;

  response = fc_card_transport_transceive (FC_CARD_TRANSPORT (self->current), apdu, cancellable,
                                           &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED))
        self->removed = TRUE;
      g_propagate_error (error, local_error);
    }

  return response;
}

static void
fc_test_swapper_iface_init (FcCardTransportInterface *iface)
{
  iface->wait_for_card = fc_test_swapper_wait_for_card;
  iface->card_present = fc_test_swapper_card_present;
  iface->transceive = fc_test_swapper_transceive;
}

static void
fc_test_swapper_finalize (GObject *object)
{
  FcTestSwapper *self = FC_TEST_SWAPPER (object);

  g_clear_object (&self->first);
  g_clear_object (&self->other);

  G_OBJECT_CLASS (fc_test_swapper_parent_class)->finalize (object);
}

static void
fc_test_swapper_class_init (FcTestSwapperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_test_swapper_finalize;
}

static void
fc_test_swapper_init (FcTestSwapper *self)
{
}

/* @first leaves the field after @remove_after response bytes. */
static FcTestSwapper *
fc_test_swapper_new (FcVirtualCard *first,
                     FcVirtualCard *other,
                     guint          remove_after)
{
  FcTestSwapper *self = g_object_new (FC_TYPE_TEST_SWAPPER, NULL);

  self->first = g_object_ref (first);
  self->other = other != NULL ? g_object_ref (other) : NULL;
  self->current = self->first;
  fc_virtual_card_set_behaviour (first, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (first, "remove-after-bytes", remove_after, NULL);

  return self;
}

typedef struct
{
  GArray  *done;     /* (element-type gsize) */
  gsize    total;
  GThread *thread;   /* where the reports ran */
  guint    destroyed;
  gboolean after_callback;
  gboolean callback_ran;
} ProgressLog;

static void
progress_log_cb (gsize    done,
                 gsize    total,
                 gpointer user_data)
{
  ProgressLog *log = user_data;

  if (log->callback_ran)
    log->after_callback = TRUE;
  log->thread = g_thread_self ();
  log->total = total;
  g_array_append_val (log->done, done);
}

static void
progress_log_destroy (gpointer user_data)
{
  ProgressLog *log = user_data;

  log->destroyed++;
}

static void
assert_progress_complete (ProgressLog *log,
                          gsize        der_len)
{
  g_assert_cmpuint (log->done->len, >=, card_test_n_chunks (der_len));
  g_assert_cmpuint (log->total, ==, der_len);
  for (guint i = 1; i < log->done->len; i++)
    g_assert_cmpuint (g_array_index (log->done, gsize, i), >,
                      g_array_index (log->done, gsize, i - 1));
  g_assert_cmpuint (g_array_index (log->done, gsize, log->done->len - 1), ==, der_len);
}

/* /fc/card/jpki/full-reports-progress */
static void
test_jpki_full_reports_progress (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors,
                                         progress_log_cb, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_cmpuint (log.done->len, ==, card_test_n_chunks (g_bytes_get_size (card_test_cert)));
  assert_progress_complete (&log, g_bytes_get_size (card_test_cert));
  g_array_unref (log.done);
}

static void
full_async_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fixture *fixture = user_data;
  ProgressLog *log = g_object_get_data (G_OBJECT (result), "progress-log");

  fixture->identity = fc_jpki_read_identity_finish (result, &fixture->error);
  if (log != NULL)
    log->callback_ran = TRUE;
  g_main_loop_quit (fixture->loop);
}

/* /fc/card/jpki/full-async-progress-on-caller-context: reports run on the caller's thread,
 * before the callback; the destroy notify runs exactly once. */
static void
test_jpki_full_async_progress (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  GMainLoop *saved_loop = fixture->loop;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  /* A thread-default context other than the global one: the reports must go there. */
  g_main_context_push_thread_default (context);
  fixture->loop = loop;
  fc_jpki_read_identity_full_async (FC_CARD_TRANSPORT (fixture->recorder), fixture->anchors, 1000,
                                    progress_log_cb, &log, progress_log_destroy, NULL,
                                    full_async_done_cb, fixture);
  g_main_loop_run (loop);
  /* Let the last references go. */
  while (log.destroyed == 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  fixture->loop = saved_loop;

  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->identity);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_false (log.after_callback);
  g_assert_cmpuint (log.destroyed, ==, 1);
  assert_progress_complete (&log, g_bytes_get_size (card_test_cert));
  g_array_unref (log.done);
}

/* /fc/card/jpki/full-resumes-same-card: removed mid-read and put back, the read completes with
 * no missing or duplicated byte. */
static void
test_jpki_full_resumes_same_card (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  g_autoptr(FcTestSwapper) swapper = fc_test_swapper_new (card, NULL, 300);
  g_autoptr(GPtrArray) anchors = card_test_anchors (fc_test_ca_get_cert_der (card_test_ca));
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autofree char *expected_sha256 = card_test_sha256_hex (card_test_cert);
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (gsize)), };

  g_assert_cmpuint (g_bytes_get_size (card_test_cert), >, 300);
  swapper->wait_delay_ms = 50;

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (swapper), anchors, progress_log_cb,
                                         &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (swapper->represents, ==, 1);
  g_assert_true (g_bytes_equal (fc_card_identity_get_der (identity), card_test_cert));
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected_sha256);
  /* Progress never went backwards while the first bytes were checked again. */
  assert_progress_complete (&log, g_bytes_get_size (card_test_cert));
  g_array_unref (log.done);

  /* The plain API still gives up at once. */
  g_clear_object (&identity);
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  fc_virtual_card_reinsert (card);
  swapper->removed = FALSE;
  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (swapper), anchors, NULL, &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (identity);
}

/* /fc/card/jpki/full-different-card-is-refused */
static void
test_jpki_full_different_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other_der = fc_test_ca_issue_auth_cert (card_test_ca, "OTHERCARD0002B", -1, 365,
                                                            &error);
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  g_autoptr(FcVirtualCard) other = fc_virtual_card_new (other_der, NULL);
  g_autoptr(FcTestSwapper) swapper = fc_test_swapper_new (card, other, 300);
  g_autoptr(FcCardIdentity) identity = NULL;

  g_assert_no_error (error);
  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (swapper), NULL, NULL, NULL, NULL,
                                         &error);
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_nonnull (strstr (error->message, "different card"));
  g_assert_null (identity);
  g_assert_cmpuint (swapper->represents, ==, 1);
}

/* /fc/card/jpki/full-cancel-while-card-away */
static gpointer
read_full_thread (gpointer user_data)
{
  GCancellable *cancellable = g_object_get_data (user_data, "cancellable");
  GError *error = NULL;
  FcCardIdentity *identity;

  identity = fc_jpki_read_identity_full (FC_CARD_TRANSPORT (user_data), NULL, NULL, NULL,
                                         cancellable, &error);
  g_assert_null (identity);
  return error;
}

static void
test_jpki_full_cancel_while_away (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  FcTestRecorder *recorder = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  /* Removed and never put back: only cancelling ends the wait before the time limit. */
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (card, "remove-after-bytes", 300, NULL);
  recorder = fc_test_recorder_new (FC_CARD_TRANSPORT (card));
  g_object_set_data (G_OBJECT (recorder), "cancellable", cancellable);

  g_timeout_add (200, cancel_cb, cancellable);
  thread = g_thread_new ("read", read_full_thread, recorder);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  error = g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, FC_JPKI_REPRESENT_TIMEOUT_MS * 1000);
  g_assert_finalize_object (recorder);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/fc/card/jpki/" path, Fixture, NULL, card_test_fixture_setup, func, \
              card_test_fixture_teardown)

  ADD ("async-reads-identity", test_jpki_async_reads_identity);
  ADD ("async-no-card-within-timeout", test_jpki_async_no_card_within_timeout);
  ADD ("async-cancel-while-waiting", test_jpki_async_cancel_while_waiting);
  ADD ("async-cancel-while-reading", test_jpki_async_cancel_while_reading);
  ADD ("full-reports-progress", test_jpki_full_reports_progress);
  ADD ("full-async-progress-on-caller-context", test_jpki_full_async_progress);
  g_test_add_func ("/fc/card/jpki/full-resumes-same-card", test_jpki_full_resumes_same_card);
  g_test_add_func ("/fc/card/jpki/full-different-card-is-refused", test_jpki_full_different_card);
  g_test_add_func ("/fc/card/jpki/full-cancel-while-card-away", test_jpki_full_cancel_while_away);

#undef ADD

  return card_test_run ();
}
