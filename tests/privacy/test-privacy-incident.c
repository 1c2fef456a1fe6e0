/* test-privacy-incident.c: consent, audit, crypto-shred and the receipt through FcIncident, over
 * the training kit (virtual card + scenario source).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-incident.h"
#include "fc-scenario-source.h"
#include "fc-virtual-card.h"
#include "privacy-test-util.h"

typedef struct {
  char          *dir;
  FcStore       *store;
  FcTimeline    *timeline;
  FcRuleSet     *rules;
  FcIncident    *incident;
  FcTrainingKit *kit;
  FcAudit       *audit;
  FcCache       *cache;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) key = NULL;
  g_autofree char *cache_db = NULL;

  f->dir = incident_test_make_tmpdir ("privacy-incident");
  incident_test_open_timeline (f->dir, "unit-7", &f->store, &f->timeline);
  f->rules = incident_test_default_rules ();
  f->incident = fc_incident_new (f->timeline, f->rules, TRUE);

  f->audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_no_error (error);
  key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  cache_db = g_build_filename (f->dir, FC_CACHE_DB_NAME, NULL);
  f->cache = fc_cache_open (cache_db, key, &error);
  g_assert_no_error (error);
  fc_incident_set_audit (f->incident, f->audit);
  fc_incident_set_cache (f->incident, f->cache);
  fc_incident_set_crew_id (f->incident, "crew-3");

  f->kit = incident_test_kit_new ("pilot-3-diabetes");
  /* Tests do not wait for the scenario's simulated network either. */
  g_object_set (fc_training_kit_get_source (f->kit), "delay-scale", 0.0, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->incident);
  g_clear_object (&f->kit);
  g_clear_object (&f->rules);
  incident_test_close_timeline (f->store, f->timeline);
  fc_audit_close (f->audit);
  g_assert_finalize_object (f->audit);
  fc_cache_close (f->cache);
  g_assert_finalize_object (f->cache);
  incident_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static GPtrArray *
entries (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = fc_audit_list (f->audit, FALSE, &error);

  g_assert_no_error (error);
  return list;
}

static const FcAuditEntry *
entry_at (GPtrArray *list,
          guint      index)
{
  g_assert_cmpuint (index, <, list->len);
  return g_ptr_array_index (list, index);
}

/* Consent given, card read, record fetched and shown. Returns the card's hash. */
static char *
run_to_summary (Fixture   *f,
                FcConsent  consent,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, consent, reason, &error));
  g_assert_no_error (error);
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  summary = incident_test_fetch_kit (f->incident, f->kit, &error);
  g_assert_no_error (error);
  fc_incident_summary_shown (f->incident);
  return g_strdup (fc_card_identity_get_sha256_hex (identity));
}

static void
test_refused_consent_reaches_nothing (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FcVirtualCard *card = FC_VIRTUAL_CARD (fc_training_kit_get_transport (f->kit));
  FcScenarioSource *source = FC_SCENARIO_SOURCE (fc_training_kit_get_source (f->kit));

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_REFUSED, NULL, &error));
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_null (identity);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);
  g_clear_error (&error);

  /* Even a UI that skipped the card step cannot fetch. */
  summary = incident_test_fetch (f->incident, FC_SUMMARY_SOURCE (source), &error);
  g_assert_null (summary);
  g_assert_error (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_CONSENT);

  g_assert_cmpuint (fc_virtual_card_get_apdu_count (card), ==, 0);
  g_assert_cmpuint (fc_scenario_source_get_request_count (source), ==, 0);

  /* Nothing of the patient was touched, so nothing is logged and there is no receipt. */
  fc_incident_handover (f->incident);
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_null (fc_incident_build_receipt (f->incident));
}

static void
test_access_is_audited (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_GIVEN, NULL);
  g_autofree char *pseudonym = fc_audit_pseudonym (f->audit, sha);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *incident_id = fc_timeline_get_incident_id (f->timeline);
  static const char *const expected[][2] = {
    { FC_AUDIT_ACTION_CARD_READ, NULL },
    { FC_AUDIT_ACTION_FETCH, "result=ok source=scenario" },
    { FC_AUDIT_ACTION_VIEW_SECTION, "section=summary" },
    { FC_AUDIT_ACTION_EXPAND_HISTORY, NULL },
    { FC_AUDIT_ACTION_VIEW_SECTION, "section=encounter" },
    { FC_AUDIT_ACTION_HANDOVER, "history=yes" },
  };
  gint64 n = 0;

  /* Medicines are part of the summary already: no second entry. */
  g_assert_true (fc_incident_view_section (f->incident, FC_ITEM_MEDICATION));
  g_assert_false (fc_incident_get_history_expanded (f->incident));
  g_assert_true (fc_incident_expand_history (f->incident));
  g_assert_true (fc_incident_get_history_expanded (f->incident));
  g_assert_true (fc_incident_view_section (f->incident, FC_ITEM_ENCOUNTER));
  g_assert_true (fc_incident_view_section (f->incident, FC_ITEM_ENCOUNTER));
  fc_incident_summary_shown (f->incident);
  fc_incident_handover (f->incident);
  g_assert_false (fc_incident_get_history_expanded (f->incident));

  list = entries (f);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    {
      const FcAuditEntry *entry = entry_at (list, i);

      g_assert_cmpstr (entry->action, ==, expected[i][0]);
      g_assert_cmpstr (entry->detail, ==, expected[i][1]);
      g_assert_cmpstr (entry->pseudonym, ==, pseudonym);
      g_assert_cmpstr (entry->unit_id, ==, "unit-7");
      g_assert_cmpstr (entry->crew_id, ==, "crew-3");
      g_assert_cmpstr (entry->incident_id, ==, incident_id);
      g_assert_cmpstr (entry->consent, ==, "given");
      g_assert_false (entry->flagged);
    }
  g_assert_true (fc_audit_verify (f->audit, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, G_N_ELEMENTS (expected));
  g_assert_null (fc_incident_get_audit_error (f->incident));
}

static void
test_waived_consent_is_flagged_with_reason (Fixture       *f,
                                            gconstpointer  data)
{
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_WAIVED_UNABLE, "unconscious");
  g_autoptr(GPtrArray) list = entries (f);
  g_autoptr(GPtrArray) flagged = NULL;
  g_autoptr(GError) error = NULL;
  const FcAuditEntry *first = entry_at (list, 0);

  g_assert_cmpstr (first->action, ==, FC_AUDIT_ACTION_CONSENT_WAIVED);
  g_assert_cmpstr (first->detail, ==, "reason=unconscious");
  g_assert_cmpstr (first->consent, ==, "waived_unable");
  g_assert_true (first->flagged);
  /* No card was read yet: no pseudonym. */
  g_assert_null (first->pseudonym);

  /* Everything read under the waiver goes to the privacy officer. */
  flagged = fc_audit_list (f->audit, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flagged->len, ==, list->len);
  g_assert_cmpstr (entry_at (list, 1)->action, ==, FC_AUDIT_ACTION_CARD_READ);
  g_assert_true (entry_at (list, 1)->flagged);
}

static void
test_waiver_free_text_never_logged (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_WAIVED_UNABLE,
                                             "Tanaka Taro, drunk", &error));
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (entry_at (list, 0)->detail, ==, "reason=other-text");
  g_assert_false (privacy_tree_contains (f->dir, "Tanaka"));
}

static void
test_handover_destroys_cache (Fixture       *f,
                              gconstpointer  data)
{
  const char *incident_id = fc_timeline_get_incident_id (f->timeline);
  g_autoptr(GBytes) bundle = g_bytes_new_static ("{\"resourceType\":\"Bundle\"}", 26);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_GIVEN, NULL);
  g_autofree char *kind = g_strconcat ("fhir-bundle/", sha, NULL);

  /* What FcHttpSource keeps for the offline fallback. */
  g_assert_true (fc_cache_put (f->cache, incident_id, kind, bundle, &error));
  g_assert_no_error (error);
  before = fc_cache_get (f->cache, incident_id, kind, NULL, &error);
  g_assert_nonnull (before);

  fc_incident_handover (f->incident);
  after = fc_cache_get (f->cache, incident_id, kind, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after);
  g_assert_cmpint (fc_cache_count_incidents (f->cache, &error), ==, 0);
}

static void
test_wrong_person_destroys_cache_and_is_flagged (Fixture       *f,
                                                 gconstpointer  data)
{
  const char *incident_id = fc_timeline_get_incident_id (f->timeline);
  g_autoptr(GBytes) bundle = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_GIVEN, NULL);
  g_autofree char *pseudonym = fc_audit_pseudonym (f->audit, sha);
  const FcAuditEntry *last;

  g_assert_true (fc_cache_put (f->cache, incident_id, "fhir-bundle/x", bundle, &error));
  fc_incident_wrong_person (f->incident);

  after = fc_cache_get (f->cache, incident_id, "fhir-bundle/x", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after);

  list = entries (f);
  last = entry_at (list, list->len - 1);
  g_assert_cmpstr (last->action, ==, FC_AUDIT_ACTION_WRONG_PERSON);
  g_assert_cmpstr (last->pseudonym, ==, pseudonym);
  g_assert_true (last->flagged);

  /* The receipt is not for the other card's owner. */
  g_assert_null (fc_incident_build_receipt (f->incident));
}

static void
test_sections_need_a_summary (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;

  g_assert_false (fc_incident_view_section (f->incident, FC_ITEM_ALLERGY));
  g_assert_false (fc_incident_expand_history (f->incident));
  g_assert_false (fc_incident_get_history_expanded (f->incident));
  list = entries (f);
  g_assert_cmpuint (list->len, ==, 0);

  g_assert_true (fc_incident_kind_is_history (FC_ITEM_OBSERVATION));
  g_assert_true (fc_incident_kind_is_history (FC_ITEM_PROCEDURE));
  g_assert_false (fc_incident_kind_is_history (FC_ITEM_ALLERGY));
}

static void
test_history_section_expands_history (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_GIVEN, NULL);
  g_autoptr(GPtrArray) list = NULL;
  guint notified = 0;

  g_signal_connect_swapped (f->incident, "notify::history-expanded",
                            G_CALLBACK (count_cb), &notified);
  g_assert_true (fc_incident_view_section (f->incident, FC_ITEM_OBSERVATION));
  g_assert_true (fc_incident_get_history_expanded (f->incident));
  g_assert_cmpuint (notified, ==, 1);

  list = entries (f);
  g_assert_cmpstr (entry_at (list, list->len - 2)->action, ==, FC_AUDIT_ACTION_EXPAND_HISTORY);
  g_assert_cmpstr (entry_at (list, list->len - 1)->detail, ==, "section=observation");
}

static void
test_properties_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(FcCache) cache = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *crew = NULL;
  g_autofree char *audit_error = NULL;
  gboolean expanded = TRUE;
  guint notified = 0;

  g_object_get (f->incident, "audit", &audit, "cache", &cache, "unit-id", &unit,
                "crew-id", &crew, "audit-error", &audit_error, "history-expanded", &expanded,
                NULL);
  g_assert_true (audit == f->audit);
  g_assert_true (cache == f->cache);
  /* Without its own, the incident uses the timeline's unit. */
  g_assert_cmpstr (unit, ==, "unit-7");
  g_assert_cmpstr (crew, ==, "crew-3");
  g_assert_null (audit_error);
  g_assert_false (expanded);

  g_signal_connect_swapped (f->incident, "notify",
                            G_CALLBACK (count_cb), &notified);
  g_object_set (f->incident, "unit-id", "unit-9", "crew-id", "crew-1", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_object_set (f->incident, "unit-id", "unit-9", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (fc_incident_get_unit_id (f->incident), ==, "unit-9");
  g_assert_cmpstr (fc_incident_get_crew_id (f->incident), ==, "crew-1");

  g_object_set (f->incident, "audit", NULL, "cache", NULL, NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_null (fc_incident_get_audit (f->incident));
  g_assert_null (fc_incident_get_cache (f->incident));
  fc_incident_set_audit (f->incident, NULL);
  g_assert_cmpuint (notified, ==, 4);
}

static void
test_audit_failure_does_not_block_care (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  g_assert_true (fc_incident_record_consent (f->incident, FC_CONSENT_GIVEN, NULL, &error));
  fc_audit_close (f->audit);
  identity = incident_test_read_kit_card (f->incident, f->kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_nonnull (fc_incident_get_audit_error (f->incident));
  g_test_message ("audit-error: %s", fc_incident_get_audit_error (f->incident));
}

static void
test_receipt_says_who_when_what (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *sha = run_to_summary (f, FC_CONSENT_WAIVED_UNABLE, "unconscious");
  g_autofree char *pseudonym = fc_audit_pseudonym (f->audit, sha);
  g_autofree char *receipt = NULL;
  g_autofree char *upper = g_ascii_strup (sha, -1);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  fc_incident_handover (f->incident);
  receipt = fc_incident_build_receipt (f->incident);
  g_assert_nonnull (receipt);
  g_test_message ("%s", receipt);

  g_assert_nonnull (strstr (receipt, "unit-7"));
  g_assert_nonnull (strstr (receipt, "crew-3"));
  g_assert_nonnull (strstr (receipt, "medicines"));
  g_assert_nonnull (strstr (receipt, "allergies"));
  g_assert_nonnull (strstr (receipt, "emergency waiver"));
  g_assert_nonnull (strstr (receipt, "was not opened"));
  g_assert_nonnull (strstr (receipt, fc_timeline_get_incident_id (f->timeline)));
  /* No identifier of the patient, not even the pseudonym. */
  g_assert_null (strstr (receipt, sha));
  g_assert_null (strstr (receipt, upper));
  g_assert_null (strstr (receipt, pseudonym));

  png = fc_audit_render_receipt_png (receipt, &error);
  g_assert_no_error (error);
  g_assert_nonnull (png);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fc/privacy/incident/refused-consent-reaches-nothing", test_refused_consent_reaches_nothing);
  ADD ("/fc/privacy/incident/access-is-audited", test_access_is_audited);
  ADD ("/fc/privacy/incident/waived-consent-is-flagged-with-reason",
       test_waived_consent_is_flagged_with_reason);
  ADD ("/fc/privacy/incident/waiver-free-text-never-logged", test_waiver_free_text_never_logged);
  ADD ("/fc/privacy/incident/handover-destroys-cache", test_handover_destroys_cache);
  ADD ("/fc/privacy/incident/wrong-person-destroys-cache-and-is-flagged",
       test_wrong_person_destroys_cache_and_is_flagged);
  ADD ("/fc/privacy/incident/sections-need-a-summary", test_sections_need_a_summary);
  ADD ("/fc/privacy/incident/history-section-expands-history",
       test_history_section_expands_history);
  ADD ("/fc/privacy/incident/properties-round-trip", test_properties_round_trip);
  ADD ("/fc/privacy/incident/audit-failure-does-not-block-care",
       test_audit_failure_does_not_block_care);
  ADD ("/fc/privacy/incident/receipt-says-who-when-what", test_receipt_says_who_when_what);
#undef ADD

  return g_test_run ();
}
