/* test-isolation.c: a whole training incident (FcTrainingKit + FcIncident, timing written to
 * timing.db in the training folder) leaves the real databases alone, flags every event as
 * training, and analyst reports leave it out unless asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fc-incident.h"
#include "fc-paths.h"
#include "fc-report.h"
#include "fc-store.h"
#include "fc-training-kit.h"
#include "training-test-util.h"

typedef struct
{
  guint rows;
  guint training_rows;
  char *incident_id;
} Rows;

static void
row_cb (const FcTimingRow *row,
        gpointer           user_data)
{
  Rows *rows = user_data;

  rows->rows++;
  if (row->training)
    rows->training_rows++;
  if (rows->incident_id == NULL)
    rows->incident_id = g_strdup (row->incident_id);
  g_assert_cmpstr (rows->incident_id, ==, row->incident_id);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Plays the diabetes case to handover, with the trainer's controls used on the way. */
static guint
run_training_incident (FcStore *store)
{
  g_autoptr(FcScenario) scenario = tt_load_shipped ("pilot-3-diabetes");
  g_autoptr(FcRuleSet) rules = tt_rules ();
  g_autoptr(FcTimeline) timeline = fc_timeline_new (store, "TRAINING", TRUE);
  g_autoptr(FcIncident) incident = fc_incident_new (timeline, rules, TRUE);
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *warnings;
  g_autofree char *assignment = NULL;

  kit = fc_training_kit_new (scenario, &error);
  g_assert_no_error (error);
  fc_training_kit_set_time_scale (kit, 0.01);
  fc_training_kit_set_timeline (kit, timeline);

  fc_incident_start (incident);
  fc_incident_mark (incident, FC_EVENT_PATIENT_CONTACT);
  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_WAIVED_UNABLE, "unconscious",
                                             &error));
  fc_incident_read_card_async (incident, fc_training_kit_get_transport (kit),
                               fc_training_kit_get_trust_anchors (kit), 1000, NULL, tt_result_cb,
                               &result);
  identity = fc_incident_read_card_finish (incident, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  fc_training_kit_pause (kit);
  fc_training_kit_resume (kit);
  fc_incident_fetch_summary_async (incident, fc_training_kit_get_source (kit), NULL,
                                   tt_result_cb, &result);
  summary = fc_incident_fetch_summary_finish (incident, tt_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  fc_incident_summary_shown (incident);

  assignment = g_strdup_printf ("bgl=%s", fc_training_kit_reveal (kit, "bgl"));
  g_assert_true (fc_findings_parse (fc_incident_get_findings (incident), assignment, &error));
  warnings = fc_incident_get_warnings (incident);
  g_assert_cmpuint (g_list_model_get_n_items (warnings), >, 0);
  {
    g_autoptr(FcWarning) first = g_list_model_get_item (warnings, 0);

    fc_incident_acknowledge_warning (incident, first);
  }
  g_assert_true (fc_training_kit_inject (kit, FC_TRAINING_FAULT_LOSE_NETWORK, NULL));
  fc_incident_mark (incident, FC_EVENT_LEFT_SCENE);
  fc_incident_handover (incident);
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));

  return g_list_model_get_n_items (fc_timeline_get_events (timeline));
}

static void
test_training_writes_only_training_folder (void)
{
  static const char * const real_databases[] = {
    "timing.db", "cache.db", "audit.db", "timing.db-wal", "cache.db-wal", "audit.db-wal",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("fc-isolation-XXXXXX", &error);
  g_autofree char *saved = g_strdup (g_getenv ("FIELDCARD_USER_DIR"));
  g_autofree char *real_dir = NULL;
  g_autofree char *training_dir = NULL;
  g_autofree char *timing_path = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcReport) report = NULL;
  g_autoptr(GDir) dir = NULL;
  Rows rows = { 0 };
  guint64 unreadable = 0;
  guint n_events;
  const char *name;

  g_assert_no_error (error);
  g_setenv ("FIELDCARD_USER_DIR", base, TRUE);
  real_dir = fc_paths_get_user_dir (FALSE);
  training_dir = fc_paths_get_user_dir (TRUE);
  g_assert_cmpstr (real_dir, ==, base);
  g_assert_cmpstr (training_dir, !=, real_dir);

  /* As the app does in training mode: timing.db in the training folder. */
  timing_path = g_build_filename (training_dir, "timing.db", NULL);
  store = fc_store_open (timing_path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  n_events = run_training_incident (store);
  fc_store_close (store);
  g_assert_cmpuint (n_events, >=, 12);

  /* Nothing reached the real databases. */
  for (guint i = 0; i < G_N_ELEMENTS (real_databases); i++)
    {
      g_autofree char *path = g_build_filename (real_dir, real_databases[i], NULL);

      g_test_message ("absent: %s", path);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  /* The real folder holds the training folder and nothing else. */
  dir = g_dir_open (real_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "training");

  /* Every event row is flagged as training (the kit's pause, reveal and fault included). */
  g_assert_true (fc_timing_read_file (timing_path, FC_TIMING_READ_ALL, row_cb, &rows, NULL,
                                      &unreadable, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unreadable, ==, 0);
  g_assert_cmpuint (rows.rows, ==, n_events);
  g_assert_cmpuint (rows.training_rows, ==, rows.rows);

  /* Analyst reports leave training incidents out by default. */
  report = fc_report_new ();
  g_assert_false (fc_report_get_include_training (report));
  g_assert_true (fc_report_add_file (report, timing_path, &error));
  g_assert_no_error (error);
  fc_report_compute (report);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCIDENTS), ==, 1);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_TRAINING), ==, 1);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED), ==, 0);
  /* … and include it only when asked. */
  fc_report_set_include_training (report, TRUE);
  fc_report_compute (report);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED), ==, 1);

  g_free (rows.incident_id);
  if (saved != NULL)
    g_setenv ("FIELDCARD_USER_DIR", saved, TRUE);
  else
    g_unsetenv ("FIELDCARD_USER_DIR");
  remove_tree (base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/training/isolation/no-write-reaches-real-databases",
                   test_training_writes_only_training_folder);

  return g_test_run ();
}
