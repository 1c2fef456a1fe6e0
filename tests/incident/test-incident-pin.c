/* test-incident-pin.c: the PIN check and the "card-away" property through FcIncident, over the
 * virtual card: consent and card first, timeline events and audit entries without digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-audit.h"

#include "card-test-util.h"
#include "incident-test-util.h"

#define RIGHT_PIN CARD_TEST_RIGHT_PIN
#define WRONG_PIN CARD_TEST_WRONG_PIN

typedef struct {
  char          *dir;
  FcStore       *store;
  FcTimeline    *timeline;
  FcAudit       *audit;
  FcIncident    *incident;
  FcVirtualCard *card;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = incident_test_make_tmpdir ("incident-pin");
  incident_test_open_timeline (f->dir, "unit-test", &f->store, &f->timeline);
  f->audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_no_error (error);
  f->incident = fc_incident_new (f->timeline, NULL, TRUE);
  fc_incident_set_audit (f->incident, f->audit);
  f->card = fc_virtual_card_new (card_test_cert, fc_test_ca_get_cert_der (card_test_ca));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->incident);
  g_assert_finalize_object (f->card);
  fc_audit_close (f->audit);
  g_assert_finalize_object (f->audit);
  incident_test_close_timeline (f->store, f->timeline);
  incident_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
consent_and_read (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  g_assert_no_error (error);
  identity = incident_test_read_card (f->incident, FC_CARD_TRANSPORT (f->card), NULL, 1000,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
}

/* The PIN check through FcIncident on @card (which may not be the card that was read). */
static gboolean
verify_on (Fixture       *f,
           FcVirtualCard *card,
           const char    *pin,
           gboolean       confirmed,
           int           *tries_left,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_incident_verify_pin_async (f->incident, FC_CARD_TRANSPORT (card), pin, confirmed, NULL,
                                incident_test_store_result_cb, &result);
  return fc_incident_verify_pin_finish (f->incident, incident_test_wait_for (&result), tries_left,
                                        error);
}

static gboolean
verify (Fixture     *f,
        const char  *pin,
        gboolean     confirmed,
        int         *tries_left,
        GError     **error)
{
  return verify_on (f, f->card, pin, confirmed, tries_left, error);
}

static int
read_tries (Fixture  *f,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_incident_read_pin_tries_async (f->incident, FC_CARD_TRANSPORT (f->card), NULL,
                                    incident_test_store_result_cb, &result);
  return fc_incident_read_pin_tries_finish (f->incident, incident_test_wait_for (&result), error);
}

/* The details of all events of @kind, joined with "|". */
static char *
details_of (Fixture    *f,
            const char *kind)
{
  GListModel *events = fc_timeline_get_events (f->timeline);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      if (g_strcmp0 (fc_timeline_event_get_kind (event), kind) != 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, fc_timeline_event_get_detail (event) != NULL ?
                            fc_timeline_event_get_detail (event) : "");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* /fc/incident/pin/needs-consent-and-card */
static void
test_needs_consent_and_card (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int tries_left = 7;

  g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_assert_cmpint (tries_left, ==, -1);
  g_clear_error (&error);
  g_assert_cmpint (read_tries (f, &error), ==, -1);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_clear_error (&error);

  /* Consent, but no card read yet: the counter may be read, the PIN not checked. */
  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  g_assert_cmpint (read_tries (f, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE);
  g_assert_cmpuint (fc_virtual_card_get_apdu_count (f->card), ==, 3);
}

/* /fc/incident/pin/outcomes-in-timeline-and-audit-without-digits */
static void
test_outcomes_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *verified = NULL;
  guint pin_entries = 0;
  int tries_left = 7;

  consent_and_read (f);

  g_assert_false (verify (f, WRONG_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_WRONG_PIN);
  g_assert_cmpint (tries_left, ==, 2);
  g_clear_error (&error);
  g_assert_false (verify (f, WRONG_PIN, FALSE, &tries_left, &error));
  g_assert_cmpint (tries_left, ==, 1);
  g_clear_error (&error);

  /* One try left: refused until confirmed, nothing sent. */
  g_assert_cmpint (read_tries (f, &error), ==, 1);
  g_assert_false (verify (f, RIGHT_PIN, FALSE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_LAST_TRY);
  g_assert_cmpint (tries_left, ==, 1);
  g_clear_error (&error);

  g_assert_true (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tries_left, ==, 3);

  /* A malformed PIN is refused before anything happens. */
  g_assert_false (verify (f, "12", TRUE, &tries_left, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  failed = details_of (f, "pin-failed");
  verified = details_of (f, "pin-verified");
  g_assert_cmpstr (failed, ==,
                   "result=wrong tries=2|result=wrong tries=1|"
                   "result=last-try-unconfirmed tries=1");
  g_assert_cmpstr (verified, ==, "tries=3");

  list = fc_audit_list (f->audit, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      const FcAuditEntry *entry = g_ptr_array_index (list, i);

      g_assert_null (strstr (entry->detail != NULL ? entry->detail : "", RIGHT_PIN));
      g_assert_null (strstr (entry->detail != NULL ? entry->detail : "", WRONG_PIN));
      if (g_strcmp0 (entry->action, FC_AUDIT_ACTION_PIN_VERIFY) == 0)
        {
          pin_entries++;
          g_assert_nonnull (entry->pseudonym);
        }
    }
  /* Two wrong PINs and the right one; the refused last try sent nothing. */
  g_assert_cmpuint (pin_entries, ==, 3);
}

/* /fc/incident/pin/blocked-card */
static void
test_blocked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *failed = NULL;
  int tries_left = 7;

  consent_and_read (f);
  g_object_set (f->card, "pin-tries", 0, NULL);
  g_assert_cmpint (read_tries (f, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (verify (f, RIGHT_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_PIN_BLOCKED);
  g_assert_cmpint (tries_left, ==, 0);
  failed = details_of (f, "pin-failed");
  g_assert_cmpstr (failed, ==, "result=blocked tries=0");
}

/* /fc/incident/pin/different-card-gets-no-pin */
static void
test_different_card (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other_der = NULL;
  g_autoptr(FcVirtualCard) other = NULL;
  int tries_left = 7;

  consent_and_read (f);
  other_der = fc_test_ca_issue_auth_cert (card_test_ca, "OTHERCARD0002B", -1, 365, &error);
  g_assert_no_error (error);
  other = fc_virtual_card_new (other_der, NULL);

  g_assert_false (verify_on (f, other, WRONG_PIN, TRUE, &tries_left, &error));
  g_assert_error (error, FC_CARD_ERROR, FC_CARD_ERROR_REMOVED);
  g_assert_nonnull (strstr (error->message, "different card"));
  g_assert_cmpuint (card_test_pin_tries (other), ==, 3);
}

/* /fc/incident/card-away/true-while-waiting-then-false */

typedef struct
{
  Fixture *f;
  GArray  *seen;   /* (element-type gboolean) */
} AwayLog;

static gboolean
put_back_cb (gpointer user_data)
{
  FcVirtualCard *card = user_data;

  fc_virtual_card_set_behaviour (card, FC_VIRTUAL_CARD_PRESENT);
  return G_SOURCE_REMOVE;
}

static void
card_away_notify_cb (FcIncident *incident,
                     GParamSpec *pspec,
                     AwayLog    *log)
{
  gboolean away = fc_incident_get_card_away (incident);

  g_array_append_val (log->seen, away);
  /* The crew puts the card back a little after the app asked for it. */
  if (away)
    g_timeout_add (50, put_back_cb, log->f->card);
}

static void
test_card_away (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, card_test_cert);
  AwayLog log = { f, g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  gboolean away = TRUE;

  g_assert_false (fc_incident_get_card_away (f->incident));
  g_object_get (f->incident, "card-away", &away, NULL);
  g_assert_false (away);

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  fc_virtual_card_set_behaviour (f->card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  g_object_set (f->card, "remove-after-bytes", 300, NULL);
  g_signal_connect (f->incident, "notify::card-away", G_CALLBACK (card_away_notify_cb), &log);

  identity = incident_test_read_card (f->incident, FC_CARD_TRANSPORT (f->card), NULL, 3000,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpstr (fc_card_identity_get_sha256_hex (identity), ==, expected);

  g_assert_cmpuint (log.seen->len, ==, 2);
  g_assert_true (g_array_index (log.seen, gboolean, 0));
  g_assert_false (g_array_index (log.seen, gboolean, 1));
  g_assert_false (fc_incident_get_card_away (f->incident));
  g_signal_handlers_disconnect_by_data (f->incident, &log);
  g_array_unref (log.seen);
}

int
main (int   argc,
      char *argv[])
{
  card_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/incident/pin/needs-consent-and-card", test_needs_consent_and_card);
  ADD ("/fc/incident/pin/outcomes-in-timeline-and-audit-without-digits", test_outcomes_recorded);
  ADD ("/fc/incident/pin/blocked-card", test_blocked);
  ADD ("/fc/incident/pin/different-card-gets-no-pin", test_different_card);
  ADD ("/fc/incident/card-away/true-while-waiting-then-false", test_card_away);

#undef ADD

  return card_test_run ();
}
