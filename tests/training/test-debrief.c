/* test-debrief.c: FcDebrief on scripted training incidents (a fixed clock): targets met and
 * missed, pauses not counted, warnings expected / shown / acknowledged, what was missed, and the
 * PDF / PNG export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "fc-debrief.h"
#include "fc-paths.h"
#include "fc-store.h"
#include "training-test-util.h"

static gint64 fake_now_us;

static gint64
fake_clock (void)
{
  return fake_now_us;
}

typedef struct
{
  FcTimeline *timeline;
  FcRuleSet  *rules;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fake_now_us = 1000 * G_USEC_PER_SEC;
  f->timeline = fc_timeline_new (NULL, "TRAINING", TRUE);
  fc_timeline_set_clock_for_testing (f->timeline, fake_clock);
  f->rules = tt_rules ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->timeline);
  g_clear_object (&f->rules);
}

/* Appends @kind at @t seconds after the start (1000 s on the fake clock). */
static void
at (Fixture    *f,
    double      t,
    const char *kind,
    const char *detail)
{
  fake_now_us = (gint64) ((1000 + t) * G_USEC_PER_SEC);
  fc_timeline_append (f->timeline, kind, detail);
}

/* The hypoglycaemia drill; @with_glucose: the crew measured glucose (after the pause). */
static void
script_hypoglycaemia (Fixture  *f,
                      gboolean  with_glucose)
{
  at (f, 0, FC_EVENT_INCIDENT_STARTED, "training=1");
  at (f, 5, FC_EVENT_ARRIVED_SCENE, NULL);
  at (f, 30, FC_EVENT_PATIENT_CONTACT, NULL);
  at (f, 40, FC_EVENT_CONSENT, "basis=waived_unable reason=unconscious");
  at (f, 45, FC_EVENT_CARD_ASKED, NULL);
  at (f, 70, FC_EVENT_CARD_READ, "apdus=5 bytes=560");           /* 25 s: over 20 */
  at (f, 72, FC_EVENT_FETCH_STARTED, NULL);
  at (f, 74, FC_EVENT_FETCH_DONE, "result=ok source=scenario items=7");
  at (f, 80, FC_EVENT_SUMMARY_SHOWN, "warnings=2");                /* 50 s after contact */
  at (f, 100, FC_EVENT_TRAINING_PAUSED, NULL);
  at (f, 400, FC_EVENT_TRAINING_RESUMED, NULL);                    /* 300 s not counted */
  at (f, 405, FC_EVENT_FINDING, "kind=consciousness");
  at (f, 406, FC_EVENT_WARNING_ACK, "rule=R05");
  if (with_glucose)
    {
      at (f, 410, FC_EVENT_FINDING, "kind=glucose");               /* 80 s of drill time */
      at (f, 415, FC_EVENT_WARNING_ACK, "rule=G1");
    }
  at (f, 480, FC_EVENT_PATIENT_LOADED, NULL);
  at (f, 500, FC_EVENT_LEFT_SCENE, NULL);
  at (f, 900, FC_EVENT_HANDOVER, NULL);
}

static FcDebriefTarget *
target (FcDebrief  *debrief,
        const char *id)
{
  GListModel *targets = fc_debrief_get_targets (debrief);

  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);

      if (g_str_equal (fc_debrief_target_get_id (row), id))
        return row;
    }
  g_assert_not_reached ();
}

static FcDebriefWarning *
warning_row (FcDebrief  *debrief,
             const char *rule_id)
{
  GListModel *warnings = fc_debrief_get_warnings (debrief);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (warnings, i);

      if (g_str_equal (fc_debrief_warning_get_rule_id (row), rule_id))
        return row;
    }
  return NULL;
}

static char *
warning_ids (FcDebrief *debrief)
{
  GListModel *warnings = fc_debrief_get_warnings (debrief);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (warnings, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", fc_debrief_warning_get_rule_id (row));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_new_and_finalize (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("pilot-1-anticoagulant");
  FcDebrief *debrief = fc_debrief_new (scenario, f->rules);
  g_autoptr(FcScenario) scenario_back = NULL;
  g_autoptr(FcRuleSet) rules_back = NULL;

  g_object_get (debrief, "scenario", &scenario_back, "rule-set", &rules_back, NULL);
  g_assert_true (scenario_back == scenario);
  g_assert_true (rules_back == f->rules);
  g_assert_true (fc_debrief_get_scenario (debrief) == scenario);

  /* Without events: every target "not reached", nothing missed, no duration. */
  g_assert_cmpuint (fc_debrief_count_targets (debrief, FC_DEBRIEF_NOT_REACHED), ==,
                    fc_scenario_get_n_targets (scenario));
  g_assert_null (fc_debrief_get_missed (debrief)[0]);
  g_assert_cmpint (fc_debrief_get_duration_us (debrief), ==, 0);

  g_assert_finalize_object (debrief);
}

/* The expected met / missed rows of a scripted drill; the pause is not counted. */
static void
test_scripted_met_and_missed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  FcDebriefTarget *row;
  g_autofree char *label = NULL;
  g_autofree char *ids = NULL;
  FcDebriefOutcome outcome;
  double actual;
  guint limit;

  script_hypoglycaemia (f, TRUE);
  fc_debrief_add_timeline (debrief, f->timeline);

  row = target (debrief, "contact-to-summary");
  g_assert_cmpint (fc_debrief_target_get_outcome (row), ==, FC_DEBRIEF_MET);
  g_assert_cmpfloat_with_epsilon (fc_debrief_target_get_actual_s (row), 50.0, 0.01);
  g_assert_cmpuint (fc_debrief_target_get_limit_s (row), ==, 90);
  g_assert_cmpstr (fc_debrief_target_get_detail (row), ==, "0:50 (target 1:30)");

  row = target (debrief, "card-asked-to-read");
  g_assert_cmpint (fc_debrief_target_get_outcome (row), ==, FC_DEBRIEF_MISSED);
  g_assert_cmpfloat_with_epsilon (fc_debrief_target_get_actual_s (row), 25.0, 0.01);

  /* 380 s on the clock, of which 300 s paused. */
  row = target (debrief, "contact-to-glucose");
  g_assert_cmpint (fc_debrief_target_get_outcome (row), ==, FC_DEBRIEF_MET);
  g_assert_cmpfloat_with_epsilon (fc_debrief_target_get_actual_s (row), 80.0, 0.01);

  row = target (debrief, "glucose-before-decision");
  g_object_get (row, "outcome", &outcome, "actual-s", &actual, "limit-s", &limit,
                "label", &label, NULL);
  g_assert_cmpint (outcome, ==, FC_DEBRIEF_MET);
  g_assert_cmpint (fc_debrief_target_get_kind (row), ==, FC_SCENARIO_TARGET_EVENT);
  g_assert_cmpfloat_with_epsilon (actual, 110.0, 0.01); /* 410 − 300 paused */
  g_assert_cmpuint (limit, ==, 0);
  g_assert_true (g_str_has_prefix (label, "Glucose measured before"));

  g_assert_cmpuint (fc_debrief_count_targets (debrief, FC_DEBRIEF_MET), ==, 3);
  g_assert_cmpuint (fc_debrief_count_targets (debrief, FC_DEBRIEF_MISSED), ==, 1);
  g_assert_cmpint (fc_debrief_get_duration_us (debrief), ==, 600 * G_USEC_PER_SEC);

  /* Shown while the summary was on screen, as the findings came in; acknowledged as logged. */
  ids = warning_ids (debrief);
  g_assert_cmpstr (ids, ==, "R02 R04 R05 G1");
  g_assert_true (fc_debrief_warning_get_shown (warning_row (debrief, "G1")));
  g_assert_true (fc_debrief_warning_get_expected (warning_row (debrief, "G1")));
  g_assert_true (fc_debrief_warning_get_acknowledged (warning_row (debrief, "G1")));
  g_assert_cmpint (fc_debrief_warning_get_severity (warning_row (debrief, "G1")), ==,
                   FC_SEVERITY_CRITICAL);
  g_assert_false (fc_debrief_warning_get_acknowledged (warning_row (debrief, "R02")));

  g_assert_null (fc_debrief_get_missed_codes (debrief)[0]);
}

/* Glucose never entered: the glucose targets are missed, and so is the expected G1. */
static void
test_glucose_never_entered (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  const char * const *codes;
  const char * const *texts;
  FcDebriefWarning *g1;

  script_hypoglycaemia (f, FALSE);
  fc_debrief_add_timeline (debrief, f->timeline);

  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "contact-to-glucose")), ==,
                   FC_DEBRIEF_MISSED);
  g_assert_cmpstr (fc_debrief_target_get_detail (target (debrief, "contact-to-glucose")), ==,
                   "never reached “glucose”");
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "glucose-before-decision")),
                   ==, FC_DEBRIEF_MISSED);

  codes = fc_debrief_get_missed_codes (debrief);
  texts = fc_debrief_get_missed (debrief);
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 2);
  g_assert_cmpstr (codes[0], ==, "glucose-not-entered");
  g_assert_cmpstr (codes[1], ==, "expected-warning-not-shown:G1");
  g_assert_true (g_str_has_prefix (texts[0], "Blood glucose was never entered"));

  g1 = warning_row (debrief, "G1");
  g_assert_true (fc_debrief_warning_get_expected (g1));
  g_assert_false (fc_debrief_warning_get_shown (g1));
}

/* Glucose measured only after leaving the scene: the order target is missed. */
static void
test_glucose_too_late (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);

  at (f, 0, FC_EVENT_PATIENT_CONTACT, NULL);
  at (f, 60, FC_EVENT_LEFT_SCENE, NULL);
  at (f, 100, FC_EVENT_FINDING, "kind=glucose");
  fc_debrief_add_timeline (debrief, f->timeline);

  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "glucose-before-decision")),
                   ==, FC_DEBRIEF_MISSED);
  g_assert_cmpstr (fc_debrief_target_get_detail (target (debrief, "glucose-before-decision")),
                   ==, "“glucose” came after “left scene”");
  /* Never carded: the card target cannot be judged. */
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "card-asked-to-read")), ==,
                   FC_DEBRIEF_NOT_REACHED);
  g_assert_cmpint (fc_debrief_target_get_actual_s (target (debrief, "card-asked-to-read")), <, 0);
  g_assert_true (g_strv_contains (fc_debrief_get_missed_codes (debrief), "summary-not-shown"));
}

/* The wrong-person drill, not flagged. */
static void
test_wrong_person_not_flagged (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("wrong-person");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  g_autoptr(FcDebrief) flagged = fc_debrief_new (scenario, f->rules);

  at (f, 0, FC_EVENT_PATIENT_CONTACT, NULL);
  at (f, 20, FC_EVENT_CARD_ASKED, NULL);
  at (f, 30, FC_EVENT_CARD_READ, NULL);
  at (f, 35, FC_EVENT_SUMMARY_SHOWN, NULL);
  at (f, 200, FC_EVENT_HANDOVER, NULL);
  fc_debrief_add_timeline (debrief, f->timeline);

  g_assert_true (g_strv_contains (fc_debrief_get_missed_codes (debrief),
                                  "wrong-person-not-flagged"));
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "wrong-person-flagged")), ==,
                   FC_DEBRIEF_MISSED);

  /* Flagged 40 s after the summary: met, and the warnings leave the screen. */
  fc_debrief_add_timeline (flagged, f->timeline);
  fc_debrief_add_event (flagged, FC_EVENT_WRONG_PERSON, NULL, (gint64) 1075 * G_USEC_PER_SEC,
                        NULL);
  g_assert_false (g_strv_contains (fc_debrief_get_missed_codes (flagged),
                                   "wrong-person-not-flagged"));
  g_assert_cmpint (fc_debrief_target_get_outcome (target (flagged, "wrong-person-flagged")), ==,
                   FC_DEBRIEF_MET);
  g_assert_cmpfloat_with_epsilon (fc_debrief_target_get_actual_s (target (flagged,
                                                                          "wrong-person-flagged")),
                                  40.0, 0.01);
}

/* A card read after the patient refused must never happen: the debrief says so. */
static void
test_read_after_refusal (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("consent-refused");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  g_autoptr(FcDebrief) unrecorded = fc_debrief_new (scenario, f->rules);
  const char * const *codes;

  at (f, 0, FC_EVENT_PATIENT_CONTACT, NULL);
  at (f, 30, FC_EVENT_CONSENT, "basis=refused");
  at (f, 40, FC_EVENT_CARD_ASKED, NULL);
  fc_debrief_add_timeline (debrief, f->timeline);

  codes = fc_debrief_get_missed_codes (debrief);
  g_assert_cmpstr (codes[0], ==, "read-after-refusal");
  g_assert_null (codes[1]);
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "refusal-recorded")), ==,
                   FC_DEBRIEF_MET);
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "nothing-read")), ==,
                   FC_DEBRIEF_MISSED);
  g_assert_cmpstr (fc_debrief_target_get_detail (target (debrief, "nothing-read")), ==,
                   "“card asked” happened at 0:40");
  g_assert_cmpint (fc_debrief_target_get_outcome (target (debrief, "nothing-fetched")), ==,
                   FC_DEBRIEF_MET);

  /* The refusal itself not recorded. */
  fc_debrief_add_event (unrecorded, FC_EVENT_PATIENT_CONTACT, NULL, 0, NULL);
  g_assert_true (g_strv_contains (fc_debrief_get_missed_codes (unrecorded),
                                  "refusal-not-recorded"));
}

/* The caller's list of shown warnings replaces the reconstruction. */
static void
test_shown_given (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("pilot-1-anticoagulant");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, NULL);
  const char * const shown[] = { "R08", "R29", NULL };
  g_autofree char *ids = NULL;

  at (f, 0, FC_EVENT_PATIENT_CONTACT, NULL);
  at (f, 10, FC_EVENT_SUMMARY_SHOWN, NULL);
  fc_debrief_add_timeline (debrief, f->timeline);
  fc_debrief_set_shown_warnings (debrief, shown);

  ids = warning_ids (debrief);
  g_assert_cmpstr (ids, ==, "R08 R28 R29 G0 G3");
  g_assert_false (fc_debrief_warning_get_expected (warning_row (debrief, "R29")));
  g_assert_true (fc_debrief_warning_get_shown (warning_row (debrief, "R29")));
  g_assert_false (fc_debrief_warning_get_shown (warning_row (debrief, "R28")));
  g_assert_true (g_strv_contains (fc_debrief_get_missed_codes (debrief),
                                  "expected-warning-not-shown:R28"));
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *first;

  script_hypoglycaemia (f, FALSE);
  fc_debrief_add_timeline (debrief, f->timeline);
  root = fc_debrief_to_json (debrief);
  object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "scenario"), ==,
                   "hypoglycaemia-sulfonylurea");
  g_assert_cmpfloat (json_object_get_double_member (object, "duration_s"), ==, 600.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "targets")),
                    ==, 4);
  first = json_array_get_object_element (json_object_get_array_member (object, "targets"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "outcome"), ==, "met");
  g_assert_cmpint (json_object_get_int_member (first, "limit_s"), ==, 90);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "missed")), ==,
                    2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")),
                    ==, 4);
}

/* Whether @needle is in the first @length bytes of @data (which may hold NUL bytes). */
static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static guint
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return (guint) buf.st_size;
}

/* The export: an A4 PDF page and a PNG (Japanese text in a CJK font). */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) debrief = fc_debrief_new (scenario, f->rules);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-debrief-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "debrief.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "debrief.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such", "folder.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  cairo_surface_t *image;
  const char *keep = g_getenv ("FC_TEST_KEEP_DEBRIEF");

  g_assert_no_error (error);
  script_hypoglycaemia (f, FALSE);
  fc_debrief_add_timeline (debrief, f->timeline);

  g_assert_true (fc_debrief_write_pdf (debrief, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (file_size (pdf), >, 5000);
  /* One A4 portrait page. */
  g_assert_true (bytes_contain (contents, length, "/MediaBox [ 0 0 595.28 841.89 ]"));

  g_assert_true (fc_debrief_write_png (debrief, png, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, FC_DEBRIEF_PNG_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, FC_DEBRIEF_PNG_HEIGHT);
  cairo_surface_destroy (image);
  g_assert_cmpuint (file_size (png), >, 20000);

  /* A folder that does not exist: a clear error, no crash. */
  g_assert_false (fc_debrief_write_pdf (debrief, bad, &error));
  g_assert_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (fc_debrief_write_png (debrief, bad, &error));
  g_assert_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE);
  g_clear_error (&error);

  if (keep != NULL)
    {
      g_autofree char *keep_png = g_build_filename (keep, "debrief.png", NULL);
      g_autofree char *keep_pdf = g_build_filename (keep, "debrief.pdf", NULL);

      g_assert_true (fc_debrief_write_png (debrief, keep_png, NULL));
      g_assert_true (fc_debrief_write_pdf (debrief, keep_pdf, NULL));
    }

  g_unlink (pdf);
  g_unlink (png);
  g_rmdir (dir);
}

/* The same debrief from the rows of a timing.db. */
static void
test_from_timing_db (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("hypoglycaemia-sulfonylurea");
  g_autoptr(FcDebrief) from_db = fc_debrief_new (scenario, f->rules);
  g_autoptr(FcDebrief) unknown = fc_debrief_new (scenario, f->rules);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-debrief-db-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "timing.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  store = fc_store_open (path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  timeline = fc_timeline_new (store, "TRAINING", TRUE);
  fc_timeline_set_clock_for_testing (timeline, fake_clock);
  g_set_object (&f->timeline, timeline);
  script_hypoglycaemia (f, TRUE);
  fc_timeline_flush (timeline);
  fc_store_close (store);

  g_assert_true (fc_debrief_add_timing_file (from_db, path, fc_timeline_get_incident_id (timeline),
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_debrief_count_targets (from_db, FC_DEBRIEF_MET), ==, 3);
  g_assert_cmpuint (fc_debrief_count_targets (from_db, FC_DEBRIEF_MISSED), ==, 1);
  g_assert_cmpfloat_with_epsilon (fc_debrief_target_get_actual_s (target (from_db,
                                                                          "contact-to-glucose")),
                                  80.0, 0.01);
  g_assert_cmpint (fc_debrief_get_duration_us (from_db), ==, 600 * G_USEC_PER_SEC);

  g_assert_false (fc_debrief_add_timing_file (unknown, path, "no-such-incident", &error));
  g_assert_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_READ);
  g_clear_error (&error);

  /* The same from the command line, with a PDF for the training record. */
  {
    g_autofree char *pdf = g_build_filename (dir, "debrief.pdf", NULL);
    const char *argv[] = { FIELDCARD_CLI, "scenario", "debrief", "--timing", path,
                           "--incident", fc_timeline_get_incident_id (timeline), "--pdf", pdf,
                           fc_scenario_get_path (scenario), NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *out = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (json_parser_get_root (parser)), "targets")), ==, 4);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_unlink (pdf);
  }

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fc/training/debrief/new-and-finalize", test_new_and_finalize);
  ADD ("/fc/training/debrief/scripted-met-and-missed", test_scripted_met_and_missed);
  ADD ("/fc/training/debrief/glucose-never-entered", test_glucose_never_entered);
  ADD ("/fc/training/debrief/glucose-after-leaving-scene", test_glucose_too_late);
  ADD ("/fc/training/debrief/wrong-person-not-flagged", test_wrong_person_not_flagged);
  ADD ("/fc/training/debrief/read-after-refusal", test_read_after_refusal);
  ADD ("/fc/training/debrief/shown-warnings-given", test_shown_given);
  ADD ("/fc/training/debrief/json", test_json);
  ADD ("/fc/training/debrief/export-pdf-and-png", test_export);
  ADD ("/fc/training/debrief/from-timing-db", test_from_timing_db);

#undef ADD

  return g_test_run ();
}
