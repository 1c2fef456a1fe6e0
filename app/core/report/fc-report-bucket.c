/* fc-report-bucket.c: the values of one interval (or step, or share) and their statistics:
 * percentiles by linear interpolation between order statistics (R type 7) and Tukey's
 * whiskers. Values are sorted once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <math.h>
#include <string.h>

void
fc_report_bucket_reset (FcReportBucket *bucket)
{
  g_clear_pointer (&bucket->values, g_array_unref);
  memset (&bucket->stats, 0, sizeof bucket->stats);
}

void
fc_report_bucket_add_value (FcReportBucket *bucket,
                            double          value)
{
  if (bucket->values == NULL)
    bucket->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (bucket->values, value);
}

/* Adds the interval between two instants, or counts it as missing or out of bounds. */
void
fc_report_bucket_add_interval (FcReportBucket *bucket,
                               gint64          from_us,
                               gint64          to_us)
{
  double seconds;

  if (from_us == FC_NO_TIME || to_us == FC_NO_TIME)
    {
      bucket->stats.missing++;
      return;
    }
  seconds = (double) (to_us - from_us) / G_USEC_PER_SEC;
  if (seconds < 0 || seconds > FC_REPORT_MAX_INTERVAL_S)
    {
      bucket->stats.excluded++;
      return;
    }
  fc_report_bucket_add_value (bucket, seconds);
}

/* Sorts doubles in place: quicksort (median of three, Hoare partition, the smaller side first)
 * with insertion sort for short runs. Several times faster than qsort with a callback here. */
static void
sort_doubles (double *v,
              gsize   n)
{
  while (n > 16)
    {
      double a = v[0];
      double b = v[n / 2];
      double c = v[n - 1];
      double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
      gssize i = -1;
      gssize j = (gssize) n;

      for (;;)
        {
          double t;

          do
            i++;
          while (v[i] < pivot);
          do
            j--;
          while (v[j] > pivot);
          if (i >= j)
            break;
          t = v[i];
          v[i] = v[j];
          v[j] = t;
        }
      /* [0, j] and [j + 1, n): recurse into the smaller part, loop on the larger. */
      if ((gsize) (j + 1) < n - (gsize) (j + 1))
        {
          sort_doubles (v, (gsize) j + 1);
          v += j + 1;
          n -= (gsize) j + 1;
        }
      else
        {
          sort_doubles (v + j + 1, n - (gsize) (j + 1));
          n = (gsize) j + 1;
        }
    }
  for (gsize k = 1; k < n; k++)
    {
      double x = v[k];
      gsize m = k;

      while (m > 0 && v[m - 1] > x)
        {
          v[m] = v[m - 1];
          m--;
        }
      v[m] = x;
    }
}

/* Linear interpolation between order statistics (R type 7). */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  double h = (n - 1) * p;
  guint lo = (guint) floor (h);

  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/* Sorts the values (unless @sorted), fills in the statistics and frees the values (unless
 * @keep). */
static void
bucket_finish_full (FcReportBucket *bucket,
                    gboolean        sorted,
                    gboolean        keep)
{
  FcIntervalStats *s = &bucket->stats;
  const double *v;
  double sum = 0;
  guint n;

  n = bucket->values != NULL ? bucket->values->len : 0;
  s->n = n;
  if (n == 0)
    {
      s->median = s->p10 = s->q1 = s->q3 = s->p90 = s->iqr = s->mean = NAN;
      s->min = s->max = s->whisker_low = s->whisker_high = NAN;
      g_clear_pointer (&bucket->values, g_array_unref);
      return;
    }

  if (!sorted)
    sort_doubles ((double *) bucket->values->data, n);
  v = (const double *) bucket->values->data;
  for (guint i = 0; i < n; i++)
    sum += v[i];
  s->mean = sum / n;
  s->min = v[0];
  s->max = v[n - 1];
  s->median = percentile (v, n, 0.5);
  s->p10 = percentile (v, n, 0.1);
  s->q1 = percentile (v, n, 0.25);
  s->q3 = percentile (v, n, 0.75);
  s->p90 = percentile (v, n, 0.9);
  s->iqr = s->q3 - s->q1;
  s->whisker_low = s->min;
  for (guint i = 0; i < n; i++)
    if (v[i] >= s->q1 - 1.5 * s->iqr)
      {
        s->whisker_low = v[i];
        break;
      }
  s->whisker_high = s->max;
  for (guint i = n; i > 0; i--)
    if (v[i - 1] <= s->q3 + 1.5 * s->iqr)
      {
        s->whisker_high = v[i - 1];
        break;
      }

  if (!keep)
    g_clear_pointer (&bucket->values, g_array_unref);
}

void
fc_report_bucket_finish (FcReportBucket *bucket)
{
  bucket_finish_full (bucket, FALSE, FALSE);
}

/* Finishes the three card-use groups of one interval and builds the "all" bucket by merging
 * their sorted values (cheaper than sorting everything twice). */
void
fc_report_bucket_finish_groups (FcReportBucket groups[FC_REPORT_N_GROUPS])
{
  FcReportBucket *all = &groups[FC_REPORT_GROUP_ALL];
  guint total = 0;
  guint pos[FC_REPORT_N_GROUPS] = { 0, };
  double *out;

  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    {
      bucket_finish_full (&groups[g], FALSE, TRUE);
      all->stats.missing += groups[g].stats.missing;
      all->stats.excluded += groups[g].stats.excluded;
      total += groups[g].stats.n;
    }

  g_clear_pointer (&all->values, g_array_unref);
  all->values = g_array_sized_new (FALSE, FALSE, sizeof (double), total);
  g_array_set_size (all->values, total);
  out = (double *) all->values->data;
  for (guint k = 0; k < total; k++)
    {
      guint best = 0;
      double best_value = 0;

      for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
        if (pos[g] < groups[g].stats.n)
          {
            double value = g_array_index (groups[g].values, double, pos[g]);

            if (best == 0 || value < best_value)
              {
                best = g;
                best_value = value;
              }
          }
      out[k] = best_value;
      pos[best]++;
    }
  bucket_finish_full (all, TRUE, FALSE);
  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    g_clear_pointer (&groups[g].values, g_array_unref);
}

/* Resets the interval buckets (every group) and the step buckets of the report or of a month. */
void
fc_report_buckets_reset (FcReportBucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                         FcReportBucket steps[FC_REPORT_N_STEPS])
{
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
      fc_report_bucket_reset (&intervals[i][g]);
  for (guint i = 0; i < FC_REPORT_N_STEPS; i++)
    fc_report_bucket_reset (&steps[i]);
}

/* Finishes them: the groups of each interval (fc_report_bucket_finish_groups()), then each step. */
void
fc_report_buckets_finish (FcReportBucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                          FcReportBucket steps[FC_REPORT_N_STEPS])
{
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    fc_report_bucket_finish_groups (intervals[i]);
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    fc_report_bucket_finish (&steps[s]);
}

void
fc_report_month_free (FcReportMonth *month)
{
  fc_report_buckets_reset (month->intervals, month->steps);
  g_free (month);
}
