/* test-report.c: FcReport against hand-computed fixtures: intervals, percentiles, missing points,
 * corrections (re-time, void, naming no event), out-of-order wall clocks, zones, training,
 * sanity bounds, card use, card steps, months, duplicates, the text table in English and
 * Japanese, and the error paths of reading files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fc-report.h"
#include "fc-store.h"
#include "fc-timing-io.h"
#include "report-test-util.h"

#define W(t) "2025-05-10T" t "+09:00"
#define MINUTE 60.0

/* Five incidents, times in JST. Hand-computed values (seconds):
 *            response  scene  loaded→left  transport  offload  total  group
 *   A1          600    1200       600         900       600    3300   not attempted
 *   A2          480    1320       900         600       600    3000   card used
 *   A3          720    1380       900          —         —       —    attempted, failed
 *   A4          600    1800      1200          —         —       —    not attempted (corrected)
 *   A5          600   (−2400)     600          —         —       —    not attempted (clock set back)
 * A2's card steps: consent 30, read 40, fetch 10, view 20, total 100; A3's failed attempt 20. */
static const RtRow fixture_rows[] = {
  { "A1", 1, "incident-started", "training=0", 0, W ("10:00:00"), FALSE },
  { "A1", 2, "call-received", NULL, 0, W ("10:00:00"), FALSE },
  { "A1", 3, "dispatched", NULL, 0, W ("10:01:00"), FALSE },
  { "A1", 4, "en-route", NULL, 0, W ("10:02:00"), FALSE },
  { "A1", 5, "arrived-scene", NULL, 0, W ("10:10:00"), FALSE },
  { "A1", 6, "patient-contact", NULL, 0, W ("10:11:00"), FALSE },
  { "A1", 7, "patient-loaded", NULL, 0, W ("10:20:00"), FALSE },
  { "A1", 8, "hospital-call-start", "n=1", 0, W ("10:21:00"), FALSE },
  { "A1", 9, "hospital-call-end", "n=1 outcome=declined", 0, W ("10:23:00"), FALSE },
  { "A1", 10, "hospital-call-start", "n=2", 0, W ("10:24:00"), FALSE },
  { "A1", 11, "hospital-call-end", "n=2 outcome=accepted", 0, W ("10:26:00"), FALSE },
  { "A1", 12, "left-scene", NULL, 0, W ("10:30:00"), FALSE },
  { "A1", 13, "arrived-hospital", NULL, 0, W ("10:45:00"), FALSE },
  { "A1", 14, "transfer-of-care", NULL, 0, W ("10:55:00"), FALSE },
  { "A1", 15, "back-in-service", NULL, 0, W ("11:20:00"), FALSE },

  { "A2", 1, "call-received", NULL, 0, W ("11:00:00"), FALSE },
  { "A2", 2, "arrived-scene", NULL, 0, W ("11:08:00"), FALSE },
  { "A2", 3, "patient-contact", NULL, 0, W ("11:09:00"), FALSE },
  { "A2", 4, "patient-loaded", NULL, 0, W ("11:15:00"), FALSE },
  { "A2", 5, "card-asked", NULL, 0, W ("11:15:30"), FALSE },
  { "A2", 6, "card-present", "present=yes", 0, W ("11:15:40"), FALSE },
  { "A2", 7, "consent", "basis=given", 0, W ("11:16:00"), FALSE },
  { "A2", 8, "card-detected", NULL, 0, W ("11:16:30"), FALSE },
  { "A2", 9, "card-read", "apdus=12 bytes=1800", 0, W ("11:16:40"), FALSE },
  { "A2", 10, "fetch-started", NULL, 0, W ("11:16:41"), FALSE },
  { "A2", 11, "fetch-done", "result=ok source=network items=9", 0, W ("11:16:50"), FALSE },
  { "A2", 12, "summary-shown", "warnings=2", 0, W ("11:17:10"), FALSE },
  { "A2", 13, "warning-acknowledged", "rule=R04", 0, W ("11:17:20"), FALSE },
  { "A2", 14, "left-scene", NULL, 0, W ("11:30:00"), FALSE },
  { "A2", 15, "arrived-hospital", NULL, 0, W ("11:40:00"), FALSE },
  { "A2", 16, "transfer-of-care", NULL, 0, W ("11:50:00"), FALSE },

  { "A3", 1, "call-received", NULL, 0, W ("12:00:00"), FALSE },
  { "A3", 2, "arrived-scene", NULL, 0, W ("12:12:00"), FALSE },
  { "A3", 3, "patient-contact", NULL, 0, W ("12:13:00"), FALSE },
  { "A3", 4, "patient-loaded", NULL, 0, W ("12:20:00"), FALSE },
  { "A3", 5, "card-asked", NULL, 0, W ("12:20:30"), FALSE },
  { "A3", 6, "card-present", "present=no", 0, W ("12:20:50"), FALSE },
  { "A3", 7, "left-scene", NULL, 0, W ("12:35:00"), FALSE },

  /* A4: arrival tapped 2 min late and corrected; an accidental "left scene" voided; a
   * correction naming no event. */
  { "A4", 1, "call-received", NULL, 0, W ("13:00:00"), FALSE },
  { "A4", 2, "arrived-scene", NULL, 0, W ("13:12:00"), FALSE },
  { "A4", 3, "left-scene", NULL, 0, W ("13:12:30"), FALSE },
  { "A4", 4, "correction", "seq=3 kind=left-scene void", 0, W ("13:12:40"), FALSE },
  { "A4", 5, "correction", "seq=2 kind=arrived-scene wall=2025-05-10T13:10:00+09:00", 0,
    W ("13:13:00"), FALSE },
  { "A4", 6, "patient-contact", NULL, 0, W ("13:14:00"), FALSE },
  { "A4", 7, "patient-loaded", NULL, 0, W ("13:20:00"), FALSE },
  { "A4", 8, "left-scene", NULL, 0, W ("13:40:00"), FALSE },
  { "A4", 9, "correction", "seq=99 kind=arrived-scene void", 0, W ("13:41:00"), FALSE },

  /* A5: the wall clock is set back by one hour after contact (the monotonic clock goes on). */
  { "A5", 1, "call-received", NULL, 1000000000, W ("14:00:00"), FALSE },
  { "A5", 2, "arrived-scene", NULL, 1600000000, W ("14:10:00"), FALSE },
  { "A5", 3, "patient-contact", NULL, 1660000000, W ("14:11:00"), FALSE },
  { "A5", 4, "patient-loaded", NULL, 2200000000, W ("13:20:00"), FALSE },
  { "A5", 5, "left-scene", NULL, 2800000000, W ("13:30:00"), FALSE },

  /* T1: training, excluded unless asked. */
  { "T1", 1, "incident-started", "training=1", 0, W ("09:00:00"), TRUE },
  { "T1", 2, "call-received", NULL, 0, W ("09:00:00"), TRUE },
  { "T1", 3, "arrived-scene", NULL, 0, W ("09:05:00"), TRUE },
  { "T1", 4, "left-scene", NULL, 0, W ("09:25:00"), TRUE },
};

static FcReport *
fixture_report (void)
{
  FcReport *report = fc_report_new ();

  rt_add_rows (report, fixture_rows, G_N_ELEMENTS (fixture_rows));
  return report;
}

static void
assert_stats (const FcIntervalStats *s,
              guint                  n,
              guint                  missing,
              guint                  excluded,
              double                 median)
{
  g_assert_cmpuint (s->n, ==, n);
  g_assert_cmpuint (s->missing, ==, missing);
  g_assert_cmpuint (s->excluded, ==, excluded);
  if (isnan (median))
    g_assert_true (isnan (s->median));
  else
    g_assert_cmpfloat_with_epsilon (s->median, median, 1e-9);
}

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
test_database_equals_rows_and_duplicates_count_once (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "timing.db", NULL);
  g_autoptr(FcReport) from_rows = fixture_report ();
  g_autoptr(FcReport) from_db = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rows_json = NULL;
  g_autofree char *db_json = NULL;
  g_autofree char *twice_json = NULL;

  rt_write_db (path, fixture_rows, G_N_ELEMENTS (fixture_rows));
  g_assert_true (fc_report_add_file (from_db, path, &error));
  g_assert_no_error (error);
  rows_json = rt_report_json (from_rows, TRUE);
  db_json = rt_report_json (from_db, TRUE);
  g_assert_cmpstr (rows_json, ==, db_json);

  /* The same file twice: every row is a duplicate, the numbers stay. */
  g_assert_true (fc_report_add_file (from_db, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fc_report_get_count (from_db, FC_REPORT_COUNT_FILES), ==, 2);
  g_assert_cmpuint (fc_report_get_count (from_db, FC_REPORT_COUNT_DUPLICATES), ==,
                    G_N_ELEMENTS (fixture_rows) - 4 /* T1, excluded */);
  assert_stats (fc_report_get_interval (from_db, FC_REPORT_INTERVAL_SCENE, FC_REPORT_GROUP_ALL),
                4, 0, 1, 1350);

  g_assert_finalize_object (g_steal_pointer (&from_db));
  rt_remove_tree (dir);
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

static void
test_json_has_schema_and_groups (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  g_autoptr(JsonNode) root = fc_report_to_json (report, TRUE);
  JsonObject *object = json_node_get_object (root);
  JsonObject *scene;

  g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, "fieldcard-report/1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"),
                                               "training-excluded"), ==, 1);
  scene = json_object_get_object_member (json_object_get_object_member (object, "intervals"),
                                         "scene");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (scene, "all"),
                                                    "median"), ==, 1350);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (scene, "card-used"),
                                               "n"), ==, 1);
  /* No transport for the failed attempt: null, not 0. */
  g_assert_true (json_object_get_null_member (json_object_get_object_member (
                   json_object_get_object_member (json_object_get_object_member (object,
                                                                                 "intervals"),
                                                  "transport"),
                   "attempted-failed"), "median"));
  g_assert_true (json_object_has_member (object, "months"));
  g_assert_true (json_object_has_member (object, "card-steps"));
}

static void
test_text_table_english (void)
{
  g_autoptr(FcReport) report = fixture_report ();
  g_autofree char *text = fc_report_to_text (report, TRUE);

  g_assert_nonnull (strstr (text, "FieldCard timing report"));
  g_assert_nonnull (strstr (text, "Scene (arrival → left scene)"));
  g_assert_nonnull (strstr (text, "22:30"));       /* the scene median, 1350 s */
  g_assert_nonnull (strstr (text, "Training incidents excluded: 1"));
  g_assert_nonnull (strstr (text, "2025-05"));
  g_assert_null (strstr (text, "SYNTHETIC"));
}

static void
test_text_table_japanese (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FcReport) report = NULL;
      g_autofree char *text = NULL;

      rt_use_japanese ();
      report = fixture_report ();
      text = fc_report_to_text (report, TRUE);
      /* Raw UTF-8, whatever charset GLib guessed for the console. */
      fputs (text, stdout);
      fflush (stdout);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* Whatever the translators chose, the table shows their words, not the English ones. */
  rt_use_japanese ();
  {
    g_autofree char *title = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "FieldCard timing report"));
    g_autofree char *scene = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "Scene (arrival → left scene)"));
    g_autofree char *used = g_strdup_printf ("*%s*22:30*", dgettext (GETTEXT_PACKAGE, "Card used"));
    g_autofree char *loaded = g_strdup_printf ("*%s*", dgettext (GETTEXT_PACKAGE, "Patient loaded → left scene"));

    g_assert_cmpstr (dgettext (GETTEXT_PACKAGE, "Card used"), !=, "Card used");
    g_test_trap_assert_stdout (title);
    g_test_trap_assert_stdout (scene);
    g_test_trap_assert_stdout (used);
    g_test_trap_assert_stdout (loaded);
  }
}

static void
test_format_duration (void)
{
  struct { double s; const char *text; } cases[] = {
    { 0, "0:00" }, { 59.4, "0:59" }, { 59.6, "1:00" }, { 1350, "22:30" }, { 3600, "1:00:00" },
    { 3725, "1:02:05" }, { -90, "-1:30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fc_report_format_duration (cases[i].s);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *text = fc_report_format_duration (NAN);

    g_assert_cmpstr (text, ==, "—");
  }
}

static void
test_parse_and_format_wall (void)
{
  struct { const char *text; gint64 utc_s; int usec; int offset_s; } good[] = {
    { "2025-01-02T03:04:05+09:00", 1735754645, 0, 32400 },
    { "2025-01-02T03:04:05+09", 1735754645, 0, 32400 },
    { "2025-01-02T03:04:05+0900", 1735754645, 0, 32400 },
    { "2025-01-01T18:04:05Z", 1735754645, 0, 0 },
    { "2025-01-01T19:04:05.5+01:00", 1735754645, 500000, 3600 },
    { "2025-01-01T12:34:05.123456789-05:30", 1735754645, 123456, -19800 },
    { "2025-01-01 18:04:05.000001+00:00", 1735754645, 1, 0 },
  };
  const char *bad[] = {
    "2025-01-02T03:04:05", "2025-13-02T03:04:05Z", "2025-01-02", "", "2025-01-02T03:04:05+9",
    "2025-01-02T03:04:05+09:00 trailing", "2025-01-02T03:04:05.+09:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 utc_us = 0;
      int offset_s = 1;
      char buf[40];
      gint64 again_us = 0;
      int again_offset = 0;

      g_test_message ("%s", good[i].text);
      g_assert_true (fc_timing_parse_wall (good[i].text, &utc_us, &offset_s));
      g_assert_cmpint (utc_us, ==, good[i].utc_s * G_USEC_PER_SEC + good[i].usec);
      g_assert_cmpint (offset_s, ==, good[i].offset_s);
      /* Formatting gives "±hh:mm" and reads back to the same instant and zone. */
      fc_timing_format_wall (utc_us, offset_s, buf);
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"
                                           "(\\.\\d{6})?[+-]\\d{2}:\\d{2}$", buf, 0, 0));
      g_assert_true (fc_timing_parse_wall (buf, &again_us, &again_offset));
      g_assert_cmpint (again_us, ==, utc_us);
      g_assert_cmpint (again_offset, ==, offset_s);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 utc_us = 0;
      int offset_s = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (fc_timing_parse_wall (bad[i], &utc_us, &offset_s));
    }
  {
    char buf[40];

    g_assert_cmpstr (fc_timing_format_wall (G_GINT64_CONSTANT (1735754645) * G_USEC_PER_SEC, 32400, buf), ==,
                     "2025-01-02T03:04:05+09:00");
    g_assert_cmpstr (fc_timing_format_wall (0, -3600, buf), ==, "1969-12-31T23:00:00-01:00");
  }
}

static void
test_missing_file_fails (void)
{
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (fc_report_add_file (report, "/nonexistent/timing.db", &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "/nonexistent/timing.db"));
  g_assert_cmpuint (fc_report_get_count (report, FC_REPORT_COUNT_FILES), ==, 0);
}

static void
test_foreign_files_fail (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *csv = g_build_filename (dir, "other.csv", NULL);
  g_autofree char *db = g_build_filename (dir, "other.db", NULL);
  g_autoptr(FcReport) report = fc_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  g_assert_false (fc_report_add_file (report, text, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (csv, "incident_id,kind,when\nA,x,y\n", -1, NULL));
  g_assert_false (fc_report_add_file (report, csv, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Timing export schema"));
  g_clear_error (&error);

  /* An SQLite file without an events table (e.g. audit.db). */
  {
    static const char * const migrations[] = { "CREATE TABLE other (x INTEGER);", NULL };

    store = fc_store_open (db, migrations, &error);
    g_assert_no_error (error);
    fc_store_close (store);
  }
  g_assert_false (fc_report_add_file (report, db, &error));
  g_assert_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, db));

  rt_remove_tree (dir);
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
  g_test_add_func ("/fc/report/database-equals-rows-and-duplicates-count-once",
                   test_database_equals_rows_and_duplicates_count_once);
  g_test_add_func ("/fc/report/months-split", test_months_split);
  g_test_add_func ("/fc/report/json-has-schema-and-groups", test_json_has_schema_and_groups);
  g_test_add_func ("/fc/report/text-table-english", test_text_table_english);
  g_test_add_func ("/fc/report/text-table-japanese", test_text_table_japanese);
  g_test_add_func ("/fc/report/format-duration", test_format_duration);
  g_test_add_func ("/fc/report/parse-and-format-wall", test_parse_and_format_wall);
  g_test_add_func ("/fc/report/missing-file-fails", test_missing_file_fails);
  g_test_add_func ("/fc/report/foreign-files-fail", test_foreign_files_fail);

  return g_test_run ();
}
