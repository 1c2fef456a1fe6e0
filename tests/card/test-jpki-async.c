/* test-jpki-async.c: the worker-thread read's reports (order, thread, lifetime, 200 reads in a
 * row), the "card away" report, and the CA certificate (EF 000B).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-jpki.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"

#include "card-test-util.h"

#define N_READS 200

typedef struct
{
  GThread        *caller;
  guint           reports;
  guint           reports_after_callback;
  guint           reports_on_other_thread;
  gsize           last_done;
  guint           destroyed;
  guint           destroyed_on_other_thread;
  guint           destroyed_before_last_report;
  gboolean        callback_ran;
  GArray         *away;           /* (element-type gboolean): card-away reports in order */
  FcCardIdentity *identity;
  GError         *error;
} Watch;

static void
watch_progress_cb (gsize    done,
                   gsize    total,
                   gpointer user_data)
{
  Watch *watch = user_data;

  watch->reports++;
  if (watch->callback_ran)
    watch->reports_after_callback++;
  if (g_thread_self () != watch->caller)
    watch->reports_on_other_thread++;
  if (watch->destroyed > 0)
    watch->destroyed_before_last_report++;
  g_assert_cmpuint (done, >, watch->last_done);
  watch->last_done = done;
}

static void
watch_away_cb (gboolean away,
               gpointer user_data)
{
  Watch *watch = user_data;

  g_assert_true (g_thread_self () == watch->caller);
  g_assert_false (watch->callback_ran);
  g_array_append_val (watch->away, away);
}

static void
watch_destroy (gpointer user_data)
{
  Watch *watch = user_data;

  watch->destroyed++;
  if (g_thread_self () != watch->caller)
    watch->destroyed_on_other_thread++;
}

static void
watch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watch *watch = user_data;

  watch->identity = fc_jpki_read_identity_finish (result, &watch->error);
  watch->callback_ran = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the read to finish and let go of its data");
  return G_SOURCE_REMOVE;
}

/* Runs the loop of @context until the callback ran and the data was let go. */
static void
wait_until_done (GMainContext *context,
                 Watch        *watch)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (5);

  g_source_set_callback (timeout, timeout_cb, NULL, NULL);
  g_source_attach (timeout, context);
  while (!watch->callback_ran || watch->destroyed == 0)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
}

/* /fc/card/jpki-async/200-reads-reports-stay-on-caller: every report on the caller's thread,
 * none after the callback, the destroy notify exactly once on the caller's thread after the last
 * report; half of the reads on a pushed context, half on the global default one (where
 * g_main_context_invoke() would have run the report on the worker thread). */
static void
test_many_reads (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  g_autofree char *expected = card_test_sha256_hex (card_test_cert);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_READS; i++)
    {
      g_autoptr(GMainContext) pushed = (i % 2 == 0) ? g_main_context_new () : NULL;
      GMainContext *context = pushed != NULL ? pushed : g_main_context_default ();
      Watch watch = { g_thread_self (), };

      if (pushed != NULL)
        g_main_context_push_thread_default (pushed);
      fc_jpki_read_identity_full_async (FC_CARD_TRANSPORT (card), NULL, 1000, watch_progress_cb,
                                        &watch, watch_destroy, NULL, watch_done_cb, &watch);
      /* Every other read, let the worker run ahead while nobody iterates the context. */
      if (i % 4 < 2)
        g_usleep (2000);
      wait_until_done (context, &watch);
      if (pushed != NULL)
        g_main_context_pop_thread_default (pushed);

      g_assert_no_error (watch.error);
      g_assert_cmpstr (fc_card_identity_get_sha256_hex (watch.identity), ==, expected);
      g_assert_cmpuint (watch.reports, >=, 1);
      g_assert_cmpuint (watch.last_done, ==, g_bytes_get_size (card_test_cert));
      g_assert_cmpuint (watch.reports_after_callback, ==, 0);
      g_assert_cmpuint (watch.reports_on_other_thread, ==, 0);
      g_assert_cmpuint (watch.destroyed, ==, 1);
      g_assert_cmpuint (watch.destroyed_on_other_thread, ==, 0);
      g_assert_cmpuint (watch.destroyed_before_last_report, ==, 0);
      g_assert_finalize_object (watch.identity);
    }
  g_test_message ("%u async reads in %.0f ms", N_READS,
                  (g_get_monotonic_time () - start) / 1000.0);
}

/* /fc/card/jpki-async/card-away-reported-while-waiting */

typedef struct
{
  FcVirtualCard *card;
  guint          delay_ms;
} PutBack;

static gpointer
put_back_thread (gpointer user_data)
{
  PutBack *put_back = user_data;

  /* Wait until the card left the field, then put it back after a while. */
  while (fc_card_transport_card_present (FC_CARD_TRANSPORT (put_back->card)))
    g_usleep (2000);
  g_usleep (put_back->delay_ms * 1000);
  fc_virtual_card_set_behaviour (put_back->card, FC_VIRTUAL_CARD_PRESENT);
  return NULL;
}

static void
test_card_away (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  g_autofree char *expected = card_test_sha256_hex (card_test_cert);
  Watch watch = { g_thread_self (), };
  PutBack put_back = { card, 100 };
  GThread *thread;

  g_assert_cmpuint (g_bytes_get_size (card_test_cert), >, 300);
  watch.away = g_array_new (FALSE, FALSE, sizeof (gboolean));
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (card, "remove-after-bytes", 300, NULL);

  thread = g_thread_new ("put-back", put_back_thread, &put_back);
  fc_jpki_read_identity_watch_async (FC_CARD_TRANSPORT (card), NULL, 3000, watch_progress_cb,
                                     watch_away_cb, &watch, watch_destroy, NULL, watch_done_cb,
                                     &watch);
  wait_until_done (g_main_context_default (), &watch);
  g_thread_join (thread);

  g_assert_no_error (watch.error);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (watch.identity), ==, expected);
  /* Away once, back once, in that order. */
  g_assert_cmpuint (watch.away->len, ==, 2);
  g_assert_true (g_array_index (watch.away, gboolean, 0));
  g_assert_false (g_array_index (watch.away, gboolean, 1));
  g_assert_cmpuint (watch.destroyed, ==, 1);
  g_assert_finalize_object (watch.identity);
  g_array_unref (watch.away);
}

/* /fc/card/jpki-async/card-away-ends-when-not-back: the card never comes back: TRUE, then FALSE
 * when the wait gives up, then the error. */
static void
test_card_away_not_back (void)
{
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, NULL);
  Watch watch = { g_thread_self (), };

  watch.away = g_array_new (FALSE, FALSE, sizeof (gboolean));
  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (card, "remove-after-bytes", 300, NULL);

  /* A short overall timeout keeps the wait for the card short. */
  fc_jpki_read_identity_watch_async (FC_CARD_TRANSPORT (card), NULL, 200, NULL, watch_away_cb,
                                     &watch, watch_destroy, NULL, watch_done_cb, &watch);
  wait_until_done (g_main_context_default (), &watch);

  g_assert_error (watch.error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_null (watch.identity);
  g_assert_cmpuint (watch.away->len, ==, 2);
  g_assert_true (g_array_index (watch.away, gboolean, 0));
  g_assert_false (g_array_index (watch.away, gboolean, 1));
  g_clear_error (&watch.error);
  g_array_unref (watch.away);
}

/* /fc/card/jpki-async/reads-ca-certificate: EF 000B in ≤ 256-byte chunks, exactly the DER, and
 * the card's certificate checks against it; another CA does not. */
static void
test_reads_ca_certificate (void)
{
  GBytes *ca_der = fc_test_ca_get_cert_der (card_test_ca);
  g_autoptr(FcVirtualCard) card = fc_virtual_card_new (card_test_cert, ca_der);
  g_autoptr(FcVirtualCard) no_ca = fc_virtual_card_new (card_test_cert, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcCardIdentity) ca = NULL;
  g_autoptr(FcTestCa) other = NULL;

  read = fc_jpki_read_ca_certificate (FC_CARD_TRANSPORT (card), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, ca_der));
  /* SELECT AP, SELECT EF, then one READ BINARY per 256 bytes. */
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==,
                    2 + (g_bytes_get_size (ca_der) + 255) / 256);

  ca = fc_card_identity_new_from_der (read, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fc_card_identity_get_subject (ca), "JPKI for user authentication"));

  identity = fc_jpki_read_identity (FC_CARD_TRANSPORT (card), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fc_card_identity_verify_issued_by (identity, read, &error));
  g_assert_no_error (error);

  /* Not issued by another CA with the same name shape. */
  other = fc_test_ca_new (&error);
  g_assert_no_error (error);
  g_assert_false (fc_card_identity_verify_issued_by (identity, fc_test_ca_get_cert_der (other),
                                                     &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_clear_error (&error);

  /* The card's own certificate did not issue itself; garbage is no CA. */
  g_assert_false (fc_card_identity_verify_issued_by (identity, card_test_cert, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_UNTRUSTED);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x03\x01\x01\xff", 5);

    g_assert_false (fc_card_identity_verify_issued_by (identity, garbage, &error));
    g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_MALFORMED);
    g_clear_error (&error);
  }

  /* A card without EF 000B says so. */
  g_assert_null (fc_jpki_read_ca_certificate (FC_CARD_TRANSPORT (no_ca), NULL, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_STATUS);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

  g_test_add_func ("/fc/card/jpki-async/200-reads-reports-stay-on-caller", test_many_reads);
  g_test_add_func ("/fc/card/jpki-async/card-away-reported-while-waiting", test_card_away);
  g_test_add_func ("/fc/card/jpki-async/card-away-ends-when-not-back", test_card_away_not_back);
  g_test_add_func ("/fc/card/jpki-async/reads-ca-certificate", test_reads_ca_certificate);

  return card_test_run ();
}
