/* test-log-redaction.c: no patient data in debug logs.
 *
 * The full-run test runs this program again as a child with G_MESSAGES_DEBUG=all: the child goes
 * through a whole training incident (consent, card, fetch, findings, history, handover, receipt)
 * with an audit log and a cache, writes the patient's identifiers and record contents to a
 * "secrets" file, and also logs some of them on purpose, the way a careless debug line would.
 * The parent then searches everything the child printed for every secret. A control child
 * without the redacting writer proves that the search would find them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-incident.h"
#include "fc-log.h"
#include "fc-paths.h"
#include "fc-scenario.h"
#include "fc-summary-item.h"
#include "fc-training-kit.h"
#include "privacy-test-util.h"

#define CHILD_ARG "--privacy-child"

/* Redaction of single messages. */

typedef struct {
  const char *in;
  const char *out;
} Case;

static void
test_redact_patterns (void)
{
  static const Case cases[] = {
    { "GET https://x/fhir/Patient/$summary?identifier=urn%3Aoid%3A1.2%7C"
      "3f1c9a0b7d2e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718 → 0/200",
      "GET https://x/fhir/Patient/$summary?identifier=urn%3Aoid%3A1.2%[hex] → 0/200" },
    { "serial 4A3F00C2DE9910AB issued", "serial [hex] issued" },
    { "fingerprint 4A:3F:00:C2:DE:99:10:AB:CD", "fingerprint [hex]" },
    { "drug 3969004F1020 and 2171022F1031", "drug [code] and [code]" },
    { "HOT 1234567890123 / 123456789", "HOT [code] / [code]" },
    { "allergy YCM6131001M2037, test 3D046000001920402", "allergy [code], test [hex]" },
    { "conditions E11.9, I10 and N184", "conditions [icd], [icd] and [icd]" },
    { "bgl=420 then BGL 38, glucose: 55.5", "bgl=[value] then BGL [value], glucose: [value]" },
    { "measured 420 mg/dL", "measured [value] mg/dL" },
    { "血糖 38", "血糖 [value]" },
    { "cert MIIBszCCAVmgAwIBAgIUWv0c3qmeTjN8hM4wCgYIKoZIzj0EAwIwRTELMAkGA1UE end",
      "cert [b64] end" },
    /* What must survive: timing, counts, ids of incidents, HTTP status, paths. */
    { "fetch-done result=ok items=12 in 1203.5 ms (HTTP 200)",
      "fetch-done result=ok items=12 in 1203.5 ms (HTTP 200)" },
    { "incident 6f1c2a9e-77b4-4c1e-9d0a-3b5e8f0a1c2d started",
      "incident 6f1c2a9e-77b4-4c1e-9d0a-3b5e8f0a1c2d started" },
    { "opened /var/lib/fieldcard/timing.db", "opened /var/lib/fieldcard/timing.db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = fc_log_redact (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_redact_invalid_utf8 (void)
{
  g_autofree char *out = fc_log_redact ("bad \xff byte bgl=42");

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_nonnull (strstr (out, "bgl=[value]"));
}

/* The child: one whole training incident with debug logging on. */

static void
add_secret (GString    *secrets,
            const char *value)
{
  gboolean digits_only = TRUE;

  /* Short values (a "1" in a dose, a 4-digit number) would match timings by chance; they are
   * not identifying alone. */
  if (value == NULL || strlen (value) < 4)
    return;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      digits_only = FALSE;
  if (digits_only && strlen (value) < 9)
    return;
  g_string_append_printf (secrets, "%s\n", value);
}

static int
run_child (gboolean redact)
{
  const char *dir = g_getenv ("FC_PRIVACY_DIR");
  const char *secrets_path = g_getenv ("FC_PRIVACY_SECRETS");
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *scenario_path = g_build_filename (data_dir, "scenarios",
                                                     "pilot-3-diabetes.json", NULL);
  g_autofree char *timing_path = g_build_filename (dir, "timing.db", NULL);
  g_autofree char *cache_path = g_build_filename (dir, FC_CACHE_DB_NAME, NULL);
  g_autofree char *rules_dir = fc_rule_set_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcTimeline) timeline = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(FcIncident) incident = NULL;
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(FcCache) cache = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GString) secrets = g_string_new (NULL);
  g_autofree char *upper = NULL;
  g_autofree char *pseudonym = NULL;
  g_autofree char *receipt = NULL;
  GListModel *items;

  /* As the app does (main.c): with the C locale GLib would escape every non-ASCII character and
   * a Japanese medicine name could not be found in the log, leaked or not. */
  setlocale (LC_ALL, "C.UTF-8");
  if (redact)
    fc_log_install_redacting_writer ();
  /* Everything on stderr, which the parent reads. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_debug ("privacy child started (redacting: %s)", redact ? "yes" : "no");

  scenario = fc_scenario_new_from_file (scenario_path, &error);
  g_assert_no_error (error);
  kit = fc_training_kit_new (scenario, &error);
  g_assert_no_error (error);
  g_object_set (fc_training_kit_get_transport (kit), "arrival-delay-ms", 0, NULL);
  g_object_set (fc_training_kit_get_source (kit), "delay-scale", 0.0, NULL);
  store = fc_store_open (timing_path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  timeline = fc_timeline_new (store, "unit-7", TRUE);
  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  g_assert_no_error (error);
  incident = fc_incident_new (timeline, rules, TRUE);
  audit = fc_audit_open (dir, TRUE, &error);
  g_assert_no_error (error);
  key = fc_secret_new_random (FC_CRYPTO_KEY_SIZE, &error);
  cache = fc_cache_open (cache_path, key, &error);
  g_assert_no_error (error);
  fc_incident_set_audit (incident, audit);
  fc_incident_set_cache (incident, cache);
  fc_incident_set_crew_id (incident, "crew-3");

  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_GIVEN, NULL, &error));
  identity = incident_test_read_kit_card (incident, kit, &error);
  g_assert_no_error (error);
  summary = incident_test_fetch_kit (incident, kit, &error);
  g_assert_no_error (error);
  fc_incident_summary_shown (incident);
  fc_incident_expand_history (incident);
  for (guint kind = 0; kind < FC_N_ITEM_KINDS; kind++)
    fc_incident_view_section (incident, kind);
  fc_findings_set_consciousness (fc_incident_get_findings (incident), FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_true (fc_findings_set_glucose_mg_dl (fc_incident_get_findings (incident), 420, &error));

  /* The secrets: the card and everything in the record. */
  upper = g_ascii_strup (fc_card_identity_get_sha256_hex (identity), -1);
  pseudonym = fc_audit_pseudonym (audit, fc_card_identity_get_sha256_hex (identity));
  add_secret (secrets, fc_card_identity_get_sha256_hex (identity));
  add_secret (secrets, upper);
  add_secret (secrets, fc_card_identity_get_serial_hex (identity));
  add_secret (secrets, pseudonym);
  add_secret (secrets, "bgl=420");
  add_secret (secrets, "420 mg/dL");
  items = fc_summary_get_items (summary);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);
      GPtrArray *codings = fc_summary_item_get_codings (item);

      add_secret (secrets, fc_summary_item_get_text (item));
      add_secret (secrets, fc_summary_item_get_detail (item));
      for (guint j = 0; codings != NULL && j < codings->len; j++)
        {
          FcCoding *coding = g_ptr_array_index (codings, j);

          add_secret (secrets, coding->code);
          add_secret (secrets, coding->display);
        }

      /* What a careless developer might write. */
      if (codings != NULL && codings->len > 0)
        g_debug ("item code %s (%s)", ((FcCoding *) g_ptr_array_index (codings, 0))->code,
                 ((FcCoding *) g_ptr_array_index (codings, 0))->display);
      g_debug ("item \"%s\": %s", fc_summary_item_get_text (item),
               fc_summary_item_get_detail (item) != NULL ? fc_summary_item_get_detail (item) : "-");
    }
  g_debug ("card %s (serial %s), pseudonym %s, bgl=420, measured 420 mg/dL",
           fc_card_identity_get_sha256_hex (identity), fc_card_identity_get_serial_hex (identity),
           pseudonym);
  g_assert_true (g_file_set_contents (secrets_path, secrets->str, -1, &error));

  fc_incident_handover (incident);
  receipt = fc_incident_build_receipt (incident);
  g_assert_nonnull (receipt);
  g_debug ("receipt of %" G_GSIZE_FORMAT " bytes ready", strlen (receipt));

  fc_timeline_flush (timeline);
  fc_audit_close (audit);
  fc_cache_close (cache);
  fc_store_close (store);
  return 0;
}

/* The parent. */

typedef struct {
  char  *log;
  GStrv  secrets;
} ChildRun;

static void
child_run_clear (ChildRun *run)
{
  g_clear_pointer (&run->log, g_free);
  g_clear_pointer (&run->secrets, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChildRun, child_run_clear)

static void
spawn_child (ChildRun *run,
             gboolean  redact)
{
  g_autofree char *dir = incident_test_make_tmpdir ("log-child");
  g_autofree char *secrets_path = g_build_filename (dir, "secrets.txt", NULL);
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-log-redaction", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { self, CHILD_ARG, redact ? "redact" : "plain", NULL };
  int status = 0;

  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "all", TRUE);
  env = g_environ_setenv (env, "FC_PRIVACY_DIR", dir, TRUE);
  env = g_environ_setenv (env, "FC_PRIVACY_SECRETS", secrets_path, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("child (%s) exit status %d, %" G_GSIZE_FORMAT " bytes of log",
                  redact ? "redacting" : "plain", status, strlen (err));
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, &error));

  g_assert_true (g_file_get_contents (secrets_path, &secrets, NULL, &error));
  run->secrets = g_strsplit (g_strstrip (secrets), "\n", -1);
  run->log = g_strconcat (out, err, NULL);
  incident_test_remove_tree (dir);
}

static guint
count_leaks (ChildRun *run)
{
  guint leaks = 0;

  for (guint i = 0; run->secrets[i] != NULL; i++)
    if (strstr (run->log, run->secrets[i]) != NULL)
      {
        g_test_message ("in the log: %s", run->secrets[i]);
        leaks++;
      }
  return leaks;
}

static void
test_full_run_leaks_nothing (void)
{
  g_auto(ChildRun) plain = { NULL, NULL };
  g_auto(ChildRun) redacted = { NULL, NULL };

  /* The control: without the writer, the careless lines leak (so the search works). */
  spawn_child (&plain, FALSE);
  g_assert_cmpuint (g_strv_length (plain.secrets), >, 10);
  g_assert_cmpuint (count_leaks (&plain), >, 3);

  spawn_child (&redacted, TRUE);
  g_assert_nonnull (strstr (redacted.log, "privacy child started"));
  g_assert_nonnull (strstr (redacted.log, FC_LOG_REDACTED_HEX));
  g_assert_cmpuint (count_leaks (&redacted), ==, 0);
}

/* Texts of the record in memory are masked, longest first, until their incident clears them;
 * an older token does not clear a newer list. */
static void
test_redact_record_texts (void)
{
  static const char * const first[] = { "ワルファリン", "ワルファリンカリウム錠1mg", "x", NULL };
  static const char * const second[] = { "Insulin glargine", NULL };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  guint token1;
  guint token2;

  token1 = fc_log_set_record_texts (first);
  a = fc_log_redact ("fetched ワルファリンカリウム錠1mg and ワルファリン; x stays");
  g_assert_cmpstr (a, ==, "fetched " FC_LOG_REDACTED_TEXT " and " FC_LOG_REDACTED_TEXT "; x stays");

  token2 = fc_log_set_record_texts (second);
  g_assert_cmpuint (token1, !=, token2);
  fc_log_clear_record_texts (token1);
  b = fc_log_redact ("on Insulin glargine; ワルファリン no longer listed");
  g_assert_cmpstr (b, ==, "on " FC_LOG_REDACTED_TEXT "; ワルファリン no longer listed");

  fc_log_clear_record_texts (token2);
  c = fc_log_redact ("on Insulin glargine");
  g_assert_cmpstr (c, ==, "on Insulin glargine");

  /* An empty list masks nothing. */
  fc_log_clear_record_texts (fc_log_set_record_texts (NULL));
  d = fc_log_redact ("nothing to mask");
  g_assert_cmpstr (d, ==, "nothing to mask");
}

static void
test_writer_installs_once (void)
{
  if (g_test_subprocess ())
    {
      fc_log_install_redacting_writer ();
      fc_log_install_redacting_writer ();
      g_assert_true (fc_log_redacting_writer_installed ());
      g_message ("bgl=99 sha 0123456789abcdef0123456789abcdef");
      return;
    }

  g_assert_false (fc_log_redacting_writer_installed ());
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*bgl=[value] sha [hex]*");
  g_test_trap_assert_stderr_unmatched ("*0123456789abcdef*");
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], CHILD_ARG))
    return run_child (g_str_equal (argv[2], "redact"));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/privacy/log/redact-patterns", test_redact_patterns);
  g_test_add_func ("/fc/privacy/log/redact-invalid-utf8", test_redact_invalid_utf8);
  g_test_add_func ("/fc/privacy/log/redact-record-texts", test_redact_record_texts);
  g_test_add_func ("/fc/privacy/log/writer-installs-once", test_writer_installs_once);
  g_test_add_func ("/fc/privacy/log/full-training-run-leaks-nothing", test_full_run_leaks_nothing);

  return g_test_run ();
}
