/* test-timeline-marks.c: the crew's time marks on FcTimeline: corrections (re-time, void) that
 * never overwrite, hospital acceptance calls with a running count, card present yes/no.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-timeline.h"
#include "fc-report.h"
#include "report-test-util.h"

static GDateTime *
jst (int hour,
     int minute,
     int second)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (9 * 3600);

  return g_date_time_new (zone, 2025, 5, 10, hour, minute, second);
}

static void
test_correct_retimes_without_overwriting (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, "unit-test", FALSE);
  g_autoptr(GDateTime) corrected = jst (10, 0, 0);
  g_autoptr(GError) error = NULL;
  FcTimelineEvent *arrived;
  FcTimelineEvent *correction;
  GDateTime *original;
  gboolean voided = TRUE;

  arrived = fc_timeline_append (timeline, FC_EVENT_ARRIVED_SCENE, NULL);
  original = g_date_time_ref (fc_timeline_event_get_wall (arrived));

  correction = fc_timeline_correct (timeline, 1, corrected, &error);
  g_assert_no_error (error);
  g_assert_nonnull (correction);
  g_assert_cmpstr (fc_timeline_event_get_kind (correction), ==, FC_EVENT_CORRECTION);
  g_assert_cmpuint (fc_timeline_event_get_seq (correction), ==, 2);
  g_assert_true (g_str_has_prefix (fc_timeline_event_get_detail (correction),
                                   "seq=1 kind=arrived-scene wall=2025-05-10T10:00:00+09"));
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 2);

  /* The mark itself is untouched; readers see the corrected time. */
  g_assert_true (g_date_time_equal (fc_timeline_event_get_wall (arrived), original));
  g_assert_true (g_date_time_equal (fc_timeline_get_effective_wall (timeline, 1, &voided),
                                    corrected));
  g_assert_false (voided);
  g_date_time_unref (original);
}

static void
test_correct_void_then_retime (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  g_autoptr(GDateTime) later = jst (10, 5, 0);
  g_autoptr(GError) error = NULL;
  FcTimelineEvent *correction;
  gboolean voided = FALSE;

  fc_timeline_append (timeline, FC_EVENT_LEFT_SCENE, NULL);
  correction = fc_timeline_correct (timeline, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fc_timeline_event_get_detail (correction), ==, "seq=1 kind=left-scene void");
  g_assert_null (fc_timeline_get_effective_wall (timeline, 1, &voided));
  g_assert_true (voided);

  /* The latest correction wins. */
  g_assert_nonnull (fc_timeline_correct (timeline, 1, later, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (fc_timeline_get_effective_wall (timeline, 1, &voided), later));
  g_assert_false (voided);

  /* Without a correction an event's own time is its effective time. */
  g_assert_null (fc_timeline_get_effective_wall (timeline, 99, &voided));
  g_assert_false (voided);
}

static void
test_correct_unknown_seq_fails (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  g_autoptr(GError) error = NULL;

  fc_timeline_append (timeline, FC_EVENT_ARRIVED_SCENE, NULL);
  g_assert_null (fc_timeline_correct (timeline, 0, NULL, &error));
  g_assert_error (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NO_SUCH_EVENT);
  g_clear_error (&error);
  g_assert_null (fc_timeline_correct (timeline, 2, NULL, &error));
  g_assert_error (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NO_SUCH_EVENT);
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 1);
}

static void
test_correct_logged_step_refused (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  g_autoptr(GError) error = NULL;

  fc_timeline_append (timeline, FC_EVENT_CARD_READ, "apdus=12 bytes=1800");
  g_assert_null (fc_timeline_correct (timeline, 1, NULL, &error));
  g_assert_error (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NOT_CORRECTABLE);
  g_clear_error (&error);

  fc_timeline_append (timeline, FC_EVENT_PATIENT_LOADED, NULL);
  g_assert_nonnull (fc_timeline_correct (timeline, 2, NULL, &error));
  g_assert_no_error (error);
  /* A correction is not corrected; correct the mark again instead. */
  g_assert_null (fc_timeline_correct (timeline, 3, NULL, &error));
  g_assert_error (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NOT_CORRECTABLE);
}

static void
test_correctable_kinds (void)
{
  const char * const yes[] = {
    FC_EVENT_CALL_RECEIVED, FC_EVENT_DISPATCHED, FC_EVENT_EN_ROUTE, FC_EVENT_ARRIVED_SCENE,
    FC_EVENT_PATIENT_CONTACT, FC_EVENT_PATIENT_LOADED, FC_EVENT_LEFT_SCENE,
    FC_EVENT_ARRIVED_HOSPITAL, FC_EVENT_TRANSFER_OF_CARE, FC_EVENT_BACK_IN_SERVICE,
    FC_EVENT_HOSPITAL_CALL_START, FC_EVENT_HOSPITAL_CALL_END, FC_EVENT_CARD_ASKED,
    FC_EVENT_CARD_PRESENT, FC_EVENT_WRONG_PERSON,
  };
  const char * const no[] = {
    FC_EVENT_INCIDENT_STARTED, FC_EVENT_CONSENT, FC_EVENT_CARD_DETECTED, FC_EVENT_CARD_READ,
    FC_EVENT_FETCH_STARTED, FC_EVENT_FETCH_DONE, FC_EVENT_SUMMARY_SHOWN, FC_EVENT_FINDING,
    FC_EVENT_WARNING_ACK, FC_EVENT_FAILURE, FC_EVENT_HANDOVER, FC_EVENT_CORRECTION, "other",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (fc_timeline_kind_is_correctable (yes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (fc_timeline_kind_is_correctable (no[i]));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_hospital_calls_count_and_outcome (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  FcTimelineEvent *event;
  guint active_notifies = 0;
  guint count_notifies = 0;
  guint calls = 0;
  gboolean active = TRUE;

  g_signal_connect (timeline, "notify::hospital-call-active", G_CALLBACK (count_notify_cb),
                    &active_notifies);
  g_signal_connect (timeline, "notify::hospital-calls", G_CALLBACK (count_notify_cb),
                    &count_notifies);
  g_assert_false (fc_timeline_get_hospital_call_active (timeline));

  event = fc_timeline_hospital_call_start (timeline);
  g_assert_cmpstr (fc_timeline_event_get_kind (event), ==, FC_EVENT_HOSPITAL_CALL_START);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "n=1");
  g_assert_true (fc_timeline_get_hospital_call_active (timeline));
  event = fc_timeline_hospital_call_end (timeline, FALSE);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "n=1 outcome=declined");
  event = fc_timeline_hospital_call_start (timeline);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "n=2");
  event = fc_timeline_hospital_call_end (timeline, TRUE);
  g_assert_cmpstr (fc_timeline_event_get_kind (event), ==, FC_EVENT_HOSPITAL_CALL_END);
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "n=2 outcome=accepted");

  g_object_get (timeline, "hospital-calls", &calls, "hospital-call-active", &active, NULL);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_false (active);
  g_assert_cmpuint (fc_timeline_get_hospital_calls (timeline), ==, 2);
  g_assert_cmpuint (count_notifies, ==, 2);
  g_assert_cmpuint (active_notifies, ==, 4);
}

static void
test_hospital_call_end_without_start_is_refused (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);

      fc_timeline_hospital_call_end (timeline, TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*hospital_call_active*");
}

static void
test_card_present_detail (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);

  g_assert_cmpstr (fc_timeline_event_get_detail (fc_timeline_mark_card_present (timeline, FALSE)),
                   ==, "present=no");
  g_assert_cmpstr (fc_timeline_event_get_detail (fc_timeline_mark_card_present (timeline, TRUE)),
                   ==, "present=yes");
  g_assert_cmpstr (fc_timeline_event_get_kind (fc_timeline_mark_card_present (timeline, TRUE)),
                   ==, FC_EVENT_CARD_PRESENT);
}

/* The marks, written by a real timeline to timing.db, are read back by the report with the
 * correction applied. */
static void
test_marks_reach_the_report (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "timing.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (path, fc_timeline_get_migrations (), &error);
  g_autoptr(FcTimeline) timeline = NULL;
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GDateTime) arrived = NULL;
  const FcIntervalStats *scene;
  FcTimelineEvent *left;

  g_assert_no_error (error);
  timeline = fc_timeline_new (store, "unit-test", FALSE);
  fc_timeline_append (timeline, FC_EVENT_ARRIVED_SCENE, NULL);
  fc_timeline_hospital_call_start (timeline);
  fc_timeline_hospital_call_end (timeline, TRUE);
  left = fc_timeline_append (timeline, FC_EVENT_LEFT_SCENE, NULL);
  /* Arrival really was 20 minutes before leaving. */
  arrived = g_date_time_add_minutes (fc_timeline_event_get_wall (left), -20);
  g_assert_nonnull (fc_timeline_correct (timeline, 1, arrived, &error));
  g_assert_no_error (error);
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));
  g_assert_finalize_object (g_steal_pointer (&timeline));
  fc_store_close (store);

  g_assert_true (fc_report_add_file (report, path, &error));
  g_assert_no_error (error);
  scene = fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL);
  g_assert_cmpuint (scene->n, ==, 1);
  /* The wall clock has µs; the corrected arrival is exactly 20 min before leaving. */
  g_assert_cmpfloat_with_epsilon (scene->median, 1200.0, 1e-6);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_CORRECTIONS), ==, 1);
  g_assert_cmpfloat (fc_report_get_hospital_calls (report, FC_REPORT_GROUP_ALL)->median, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&report));
  g_assert_finalize_object (g_steal_pointer (&store));
  rt_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/report/timeline/correct-retimes-without-overwriting",
                   test_correct_retimes_without_overwriting);
  g_test_add_func ("/fc/report/timeline/correct-void-then-retime", test_correct_void_then_retime);
  g_test_add_func ("/fc/report/timeline/correct-unknown-seq-fails", test_correct_unknown_seq_fails);
  g_test_add_func ("/fc/report/timeline/correct-logged-step-refused",
                   test_correct_logged_step_refused);
  g_test_add_func ("/fc/report/timeline/correctable-kinds", test_correctable_kinds);
  g_test_add_func ("/fc/report/timeline/hospital-calls-count-and-outcome",
                   test_hospital_calls_count_and_outcome);
  g_test_add_func ("/fc/report/timeline/hospital-call-end-without-start-is-refused",
                   test_hospital_call_end_without_start_is_refused);
  g_test_add_func ("/fc/report/timeline/card-present-detail", test_card_present_detail);
  g_test_add_func ("/fc/report/timeline/marks-reach-the-report", test_marks_reach_the_report);

  return g_test_run ();
}
