/* report-fixture.c: the hand-computed timing fixture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "report-fixture.h"

#include <math.h>

/* Five incidents, times in JST. Hand-computed values (seconds):
 *            response  scene  loaded→left  transport  offload  total  group
 *   A1          600    1200       600         900       600    3300   not attempted
 *   A2          480    1320       900         600       600    3000   card used
 *   A3          720    1380       900          —         —       —    attempted, failed
 *   A4          600    1800      1200          —         —       —    not attempted (corrected)
 *   A5          600   (−2400)     600          —         —       —    not attempted (clock set back)
 * A2's card steps: consent 30, read 40, fetch 10, view 20, total 100; A3's failed attempt 20. */
const RtRow fixture_rows[] = {
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

FcReport *
fixture_report (void)
{
  FcReport *report = fc_report_new ();

  rt_add_rows (report, fixture_rows, G_N_ELEMENTS (fixture_rows));
  return report;
}

void
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
