/* test-report.c: FcReport against hand-computed fixtures: intervals, percentiles, missing points,
 * card use groups and steps, corrections (re-time, void, naming no event), out-of-order wall
 * clocks, zones, training, sanity bounds, unreadable rows and months. Reading files and the
 * JSON and text output are in test-report-io.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "fc-report.h"
#include "report-fixture.h"

#define MINUTE 60.0

static void
test_new_and_finalize (void)
{
  FcReport *report = fc_report_new ();
  const FcIntervalStats *s;

  g_assert_true (FC_IS_REPORT (report));
  g_assert_false (fc_report_get_include_training (report));
  /* An empty report has no numbers, not zeros. */
  s = fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL);
  assert_stats (s, 0, 0, 0, NAN);
  g_assert_true (isnan (s->p90));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCIDENTS), ==, 0);
  g_assert_cmpuint (fc_report_get_n_months (report), ==, 0);
  g_assert_finalize_object (report);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_include_training_property (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  gboolean value = TRUE;
  guint notified = 0;

  g_signal_connect (report, "notify::include-training", G_CALLBACK (count_notify_cb), &notified);
  g_object_get (report, "include-training", &value, NULL);
  g_assert_false (value);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED), ==, 5);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_TRAINING), ==, 1);

  g_object_set (report, "include-training", TRUE, NULL);
  g_assert_true (fc_report_get_include_training (report));
  g_assert_cmpuint (notified, ==, 1);
  fc_report_set_include_training (report, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCLUDED), ==, 6);
  /* T1's scene (20 min) now counts. */
  g_assert_cmpuint (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE,
                                            FC_REPORT_GROUP_ALL)->n, ==, 5);
}

static void
test_intervals_match_hand_computed (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  const FcIntervalStats *s;

  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_EVENTS), ==,
                    G_N_ELEMENTS (fixture_rows));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_INCIDENTS), ==, 6);

  /* Response: 480 600 600 600 720. */
  s = fc_report_get_interval (report, FC_REPORT_INTERVAL_RESPONSE, FC_REPORT_GROUP_ALL);
  assert_stats (s, 5, 0, 0, 600);
  g_assert_cmpfloat_with_epsilon (s->p90, 672, 1e-9);     /* 600 + 0.6 × 120 */
  g_assert_cmpfloat_with_epsilon (s->mean, 600, 1e-9);

  /* Scene: 1200 1320 1380 1800; A5's −40 min is excluded. */
  s = fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL);
  assert_stats (s, 4, 0, 1, 1350);
  g_assert_cmpfloat_with_epsilon (s->q1, 1290, 1e-9);     /* 1200 + 0.75 × 120 */
  g_assert_cmpfloat_with_epsilon (s->q3, 1485, 1e-9);     /* 1380 + 0.25 × 420 */
  g_assert_cmpfloat_with_epsilon (s->iqr, 195, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->p90, 1674, 1e-9);    /* 1380 + 0.7 × 420 */
  g_assert_cmpfloat (s->min, ==, 1200);
  g_assert_cmpfloat (s->max, ==, 1800);

  /* Loaded → left: 600 900 900 1200 600. */
  s = fc_report_get_interval (report, FC_REPORT_INTERVAL_LOADED_TO_LEFT, FC_REPORT_GROUP_ALL);
  assert_stats (s, 5, 0, 0, 900);

  /* Missing points: only A1 and A2 reached the hospital. */
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_TRANSPORT, FC_REPORT_GROUP_ALL),
                2, 3, 0, 750);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_OFFLOAD, FC_REPORT_GROUP_ALL),
                2, 3, 0, 600);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_TOTAL, FC_REPORT_GROUP_ALL),
                2, 3, 0, 3150);
  /* Access: 60 60 60 240 (corrected arrival) 60; contact → loaded: A5's is negative. */
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_ACCESS, FC_REPORT_GROUP_ALL),
                5, 0, 0, 60);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_CONTACT_TO_LOADED,
                                        FC_REPORT_GROUP_ALL), 4, 0, 1, 6.5 * MINUTE);
}

static void
test_card_use_groups_and_steps (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  const FcIntervalStats *share;

  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_ALL), ==, 5);
  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_CARD_USED), ==, 1);
  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_ATTEMPTED_FAILED), ==, 1);
  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_NOT_ATTEMPTED), ==, 3);

  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE,
                                        FC_REPORT_GROUP_CARD_USED), 1, 0, 0, 1320);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE,
                                        FC_REPORT_GROUP_ATTEMPTED_FAILED), 1, 0, 0, 1380);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE,
                                        FC_REPORT_GROUP_NOT_ATTEMPTED), 2, 0, 1, 1500);

  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_CONSENT), 1, 0, 0, 30);
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_READ), 1, 0, 0, 40);
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_FETCH), 1, 0, 0, 10);
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_VIEW), 1, 0, 0, 20);
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_TOTAL), 1, 0, 0, 100);
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_FAILED_ATTEMPT), 1, 0, 0, 20);

  share = fc_report_get_card_share (report);
  g_assert_cmpuint (share->n, ==, 1);
  g_assert_cmpfloat_with_epsilon (share->median, 100.0 / 1320.0, 1e-12);

  /* Hospital calls: A1 had 2, the others none. */
  g_assert_cmpfloat (fc_report_get_hospital_calls (report, FC_REPORT_GROUP_ALL)->max, ==, 2);
  g_assert_cmpfloat (fc_report_get_hospital_calls (report, FC_REPORT_GROUP_ALL)->median, ==, 0);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_HARD_TO_PLACE), ==, 0);
}

static void
test_wrong_person_is_not_card_used (void)
{
  static const RtRow rows[] = {
    { "W1", 1, "arrived-scene", NULL, 0, W ("10:00:00"), FALSE },
    { "W1", 2, "consent", "basis=given", 0, W ("10:01:00"), FALSE },
    { "W1", 3, "card-read", NULL, 0, W ("10:02:00"), FALSE },
    { "W1", 4, "fetch-done", "result=ok source=cache items=3", 0, W ("10:02:10"), FALSE },
    { "W1", 5, "summary-shown", NULL, 0, W ("10:02:20"), FALSE },
    { "W1", 6, "wrong-person", NULL, 0, W ("10:03:00"), FALSE },
    { "W1", 7, "left-scene", NULL, 0, W ("10:20:00"), FALSE },
    /* A fetch that failed does not count as the record received. */
    { "W2", 1, "arrived-scene", NULL, 0, W ("11:00:00"), FALSE },
    { "W2", 2, "consent", "basis=given", 0, W ("11:01:00"), FALSE },
    { "W2", 3, "card-read", NULL, 0, W ("11:02:00"), FALSE },
    { "W2", 4, "fetch-done", "result=error code=3", 0, W ("11:02:30"), FALSE },
    { "W2", 5, "failure", "step=fetch domain=fc-http-error-quark code=3", 0, W ("11:02:31"), FALSE },
    { "W2", 6, "left-scene", NULL, 0, W ("11:20:00"), FALSE },
  };
  g_autoptr(FcReport) report = fc_report_new ();

  rt_add_rows (report, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_CARD_USED), ==, 0);
  g_assert_cmpuint (fc_report_get_group_size (report, FC_REPORT_GROUP_ATTEMPTED_FAILED), ==, 2);
  /* W1: consent → wrong person = 2 min; W2: consent → failure = 91 s. */
  assert_stats (fc_report_get_step (report, FC_REPORT_STEP_FAILED_ATTEMPT), 2, 0, 0, 105.5);
}

static void
test_corrections_applied_and_counted (void)
{
  g_autoptr(FcReport) report = fixture_report ();

  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_CORRECTIONS), ==, 2);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_VOIDED), ==, 1);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_BAD_CORRECTIONS), ==, 1);
}

/* Without its corrections A4 would have an arrival at 13:12 and leave at 13:12:30. */
static void
test_corrections_change_the_numbers (void)
{
  g_autoptr(FcReport) report = fc_report_new ();
  GPtrArray *a4 = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixture_rows); i++)
    if (g_str_equal (fixture_rows[i].incident_id, "A4") &&
        !g_str_equal (fixture_rows[i].kind, "correction"))
      g_ptr_array_add (a4, (gpointer) &fixture_rows[i]);
  for (guint i = 0; i < a4->len; i++)
    rt_add_rows (report, g_ptr_array_index (a4, i), 1);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                1, 0, 0, 30);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_RESPONSE, FC_REPORT_GROUP_ALL),
                1, 0, 0, 720);
  g_ptr_array_unref (a4);
}

static void
test_clock_disorder_detected (void)
{
  g_autoptr(FcReport) report = fixture_report ();

  /* A5's clock went back an hour; A1–A4 carry no monotonic times and run forward. */
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_CLOCK_DISORDER), ==, 1);
}

static void
test_clock_jump_against_monotonic (void)
{
  /* The wall clock jumps 5 min ahead while only 1 min passed on the monotonic clock. */
  static const RtRow rows[] = {
    { "J1", 1, "arrived-scene", NULL, 100000000, W ("10:00:00"), FALSE },
    { "J1", 2, "patient-contact", NULL, 160000000, W ("10:05:00"), FALSE },
    { "J1", 3, "left-scene", NULL, 1060000000, W ("10:20:00"), FALSE },
    /* Out of order only by rounding (< 1 s back): no disorder. */
    { "J2", 1, "arrived-scene", NULL, 0, "2025-05-10T10:00:00.900+09:00", FALSE },
    { "J2", 2, "patient-contact", NULL, 0, "2025-05-10T10:00:00.200+09:00", FALSE },
    { "J2", 3, "left-scene", NULL, 0, W ("10:20:00"), FALSE },
  };
  g_autoptr(FcReport) report = fc_report_new ();

  rt_add_rows (report, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_CLOCK_DISORDER), ==, 1);
  /* Intervals still use the wall clock. */
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                2, 0, 0, (1200 + 1199.1) / 2);
}

/* The same incident recorded by a device in JST and by one in +01:00 (and in UTC with "Z" and
 * the short forms FieldCard writes) gives the same intervals. */
static void
test_zones_give_same_intervals (void)
{
  static const RtRow jst_rows[] = {
    { "Z", 1, "call-received", NULL, 0, "2025-03-30T23:50:00+09:00", FALSE },
    { "Z", 2, "arrived-scene", NULL, 0, "2025-03-31T00:02:00+09:00", FALSE },
    { "Z", 3, "patient-loaded", NULL, 0, "2025-03-31T00:10:00+09", FALSE },
    { "Z", 4, "left-scene", NULL, 0, "2025-03-31T00:21:30.250000+0900", FALSE },
    { "Z", 5, "arrived-hospital", NULL, 0, "2025-03-31T00:40:00+09:00", FALSE },
    { "Z", 6, "transfer-of-care", NULL, 0, "2025-03-31T00:55:00+09:00", FALSE },
  };
  static const RtRow cet_rows[] = {
    { "Z", 1, "call-received", NULL, 0, "2025-03-30T15:50:00+01:00", FALSE },
    { "Z", 2, "arrived-scene", NULL, 0, "2025-03-30T16:02:00+01:00", FALSE },
    { "Z", 3, "patient-loaded", NULL, 0, "2025-03-30T15:10:00Z", FALSE },
    { "Z", 4, "left-scene", NULL, 0, "2025-03-30T16:21:30.25+01", FALSE },
    { "Z", 5, "arrived-hospital", NULL, 0, "2025-03-30T16:40:00+01:00", FALSE },
    { "Z", 6, "transfer-of-care", NULL, 0, "2025-03-30T16:55:00+01:00", FALSE },
  };
  g_autoptr(FcReport) jst = fc_report_new ();
  g_autoptr(FcReport) cet = fc_report_new ();
  g_autofree char *jst_json = NULL;
  g_autofree char *cet_json = NULL;

  rt_add_rows (jst, jst_rows, G_N_ELEMENTS (jst_rows));
  rt_add_rows (cet, cet_rows, G_N_ELEMENTS (cet_rows));
  assert_stats (fc_report_get_interval (jst, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                1, 0, 0, 19 * MINUTE + 30.25);
  assert_stats (fc_report_get_interval (jst, FC_REPORT_INTERVAL_RESPONSE, FC_REPORT_GROUP_ALL),
                1, 0, 0, 12 * MINUTE);
  jst_json = rt_report_json (jst, FALSE);
  cet_json = rt_report_json (cet, FALSE);
  g_assert_cmpstr (jst_json, ==, cet_json);

  /* The month is the one of the call in its own zone: March 30 in JST is still March. */
  g_assert_cmpuint (fc_report_get_n_months (jst), ==, 1);
  g_assert_cmpstr (fc_report_get_month (jst, 0), ==, "2025-03");
}

static void
test_sanity_bounds_exclude_long_intervals (void)
{
  static const RtRow rows[] = {
    { "L1", 1, "arrived-scene", NULL, 0, W ("01:00:00"), FALSE },
    { "L1", 2, "left-scene", NULL, 0, W ("07:00:01"), FALSE },      /* 6 h + 1 s */
    { "L2", 1, "arrived-scene", NULL, 0, W ("01:00:00"), FALSE },
    { "L2", 2, "left-scene", NULL, 0, W ("07:00:00"), FALSE },      /* exactly 6 h: kept */
  };
  g_autoptr(FcReport) report = fc_report_new ();

  rt_add_rows (report, rows, G_N_ELEMENTS (rows));
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                1, 0, 1, 6 * 3600);
}

static void
test_unreadable_rows_counted (void)
{
  static const RtRow rows[] = {
    { "U1", 1, "arrived-scene", NULL, 0, "2025-05-10T10:00:00", FALSE }, /* no zone */
    { "U1", 2, "arrived-scene", NULL, 0, "yesterday", FALSE },
    { "U1", 0, "left-scene", NULL, 0, W ("10:10:00"), FALSE },            /* seq 0 */
    { "U1", 3, "left-scene", NULL, 0, W ("10:20:00"), FALSE },
    { "U1", 4, "some-future-kind", "x=1", 0, W ("10:21:00"), FALSE },    /* kept, ignored */
  };
  g_autoptr(FcReport) report = fc_report_new ();

  rt_add_rows (report, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_EVENTS), ==, 5);
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_UNREADABLE), ==, 3);
  assert_stats (fc_report_get_interval (report, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                0, 1, 0, NAN);
}

static void
test_months_split (void)
{
  static const RtRow rows[] = {
    { "M1", 1, "call-received", NULL, 0, "2025-01-31T23:59:00+09:00", FALSE },
    { "M1", 2, "arrived-scene", NULL, 0, "2025-02-01T00:09:00+09:00", FALSE },
    { "M1", 3, "left-scene", NULL, 0, "2025-02-01T00:29:00+09:00", FALSE },
    { "M2", 1, "call-received", NULL, 0, "2025-02-10T10:00:00+09:00", FALSE },
    { "M2", 2, "arrived-scene", NULL, 0, "2025-02-10T10:10:00+09:00", FALSE },
    { "M2", 3, "left-scene", NULL, 0, "2025-02-10T10:40:00+09:00", FALSE },
    { "M3", 1, "arrived-scene", NULL, 0, "2025-02-11T10:10:00+09:00", FALSE },
    { "M3", 2, "left-scene", NULL, 0, "2025-02-11T10:20:00+09:00", FALSE },
  };
  g_autoptr(FcReport) report = fc_report_new ();

  rt_add_rows (report, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (fc_report_get_n_months (report), ==, 2);
  g_assert_cmpstr (fc_report_get_month (report, 0), ==, "2025-01");
  g_assert_cmpstr (fc_report_get_month (report, 1), ==, "2025-02");
  g_assert_cmpuint (fc_report_get_month_group_size (report, 0, FC_REPORT_GROUP_ALL), ==, 1);
  g_assert_cmpuint (fc_report_get_month_group_size (report, 1, FC_REPORT_GROUP_ALL), ==, 2);
  assert_stats (fc_report_get_month_interval (report, 1, FC_REPORT_INTERVAL_SCENE,
                                              FC_REPORT_GROUP_ALL), 2, 0, 0, 20 * MINUTE);
  g_assert_cmpuint (fc_report_get_month_step (report, 1, FC_REPORT_STEP_TOTAL)->n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/report/new-and-finalize", test_new_and_finalize);
  g_test_add_func ("/fc/report/include-training-property", test_include_training_property);
  g_test_add_func ("/fc/report/intervals-match-hand-computed", test_intervals_match_hand_computed);
  g_test_add_func ("/fc/report/card-use-groups-and-steps", test_card_use_groups_and_steps);
  g_test_add_func ("/fc/report/wrong-person-is-not-card-used", test_wrong_person_is_not_card_used);
  g_test_add_func ("/fc/report/corrections-applied-and-counted",
                   test_corrections_applied_and_counted);
  g_test_add_func ("/fc/report/corrections-change-the-numbers",
                   test_corrections_change_the_numbers);
  g_test_add_func ("/fc/report/clock-disorder-detected", test_clock_disorder_detected);
  g_test_add_func ("/fc/report/clock-jump-against-monotonic", test_clock_jump_against_monotonic);
  g_test_add_func ("/fc/report/zones-give-same-intervals", test_zones_give_same_intervals);
  g_test_add_func ("/fc/report/sanity-bounds-exclude-long-intervals",
                   test_sanity_bounds_exclude_long_intervals);
  g_test_add_func ("/fc/report/unreadable-rows-counted", test_unreadable_rows_counted);
  g_test_add_func ("/fc/report/months-split", test_months_split);

  return g_test_run ();
}
