/* fc-report-compute.c: fc_report_compute(): each incident once, made a record (see
 * fc-report-incident.c) and pushed into the buckets of its group; the monthly buckets only when
 * asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <string.h>

/* The two points of each interval. */
static const FcPoint interval_points[FC_REPORT_N_INTERVALS][2] = {
  [FC_REPORT_INTERVAL_RESPONSE] = { FC_POINT_CALL, FC_POINT_ARRIVED_SCENE },
  [FC_REPORT_INTERVAL_ACCESS] = { FC_POINT_ARRIVED_SCENE, FC_POINT_PATIENT_CONTACT },
  [FC_REPORT_INTERVAL_CONTACT_TO_LOADED] = { FC_POINT_PATIENT_CONTACT, FC_POINT_PATIENT_LOADED },
  [FC_REPORT_INTERVAL_LOADED_TO_LEFT] = { FC_POINT_PATIENT_LOADED, FC_POINT_LEFT_SCENE },
  [FC_REPORT_INTERVAL_SCENE] = { FC_POINT_ARRIVED_SCENE, FC_POINT_LEFT_SCENE },
  [FC_REPORT_INTERVAL_TRANSPORT] = { FC_POINT_LEFT_SCENE, FC_POINT_ARRIVED_HOSPITAL },
  [FC_REPORT_INTERVAL_OFFLOAD] = { FC_POINT_ARRIVED_HOSPITAL, FC_POINT_TRANSFER_OF_CARE },
  [FC_REPORT_INTERVAL_TOTAL] = { FC_POINT_CALL, FC_POINT_TRANSFER_OF_CARE },
};

/* The two card points of each step (FAILED_ATTEMPT applies to attempted-failed incidents). */
static const FcCardPoint step_points[FC_REPORT_N_STEPS][2] = {
  [FC_REPORT_STEP_CONSENT] = { FC_CARD_ASKED, FC_CARD_CONSENT },
  [FC_REPORT_STEP_READ] = { FC_CARD_CONSENT, FC_CARD_READ },
  [FC_REPORT_STEP_FETCH] = { FC_CARD_READ, FC_CARD_FETCHED },
  [FC_REPORT_STEP_VIEW] = { FC_CARD_FETCHED, FC_CARD_SHOWN },
  [FC_REPORT_STEP_TOTAL] = { FC_CARD_ASKED, FC_CARD_SHOWN },
  [FC_REPORT_STEP_FAILED_ATTEMPT] = { FC_CARD_FIRST, FC_CARD_LAST },
};

static gint64
record_first_time (const FcReportIncident *record)
{
  for (guint p = 0; p < FC_N_POINTS; p++)
    if (record->point_us[p] != FC_NO_TIME)
      return record->point_us[p];
  if (record->card_us[FC_CARD_FIRST] != FC_NO_TIME)
    return record->card_us[FC_CARD_FIRST];
  return G_MAXINT64;
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const FcReportIncident *x = a;
  const FcReportIncident *y = b;
  gint64 tx = x->first_us;
  gint64 ty = y->first_us;

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return strcmp (x->id, y->id);
}

static int
compare_months (gconstpointer a,
                gconstpointer b)
{
  const FcReportMonth *x = *(FcReportMonth * const *) a;
  const FcReportMonth *y = *(FcReportMonth * const *) b;

  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

void
fc_report_reset_results (FcReport *self)
{
  g_array_set_size (self->records, 0);
  memset (self->group_size, 0, sizeof self->group_size);
  fc_report_buckets_reset (self->intervals, self->steps);
  fc_report_bucket_reset (&self->share);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    fc_report_bucket_reset (&self->hospital_calls[g]);
  g_ptr_array_set_size (self->months, 0);
  self->months_done = FALSE;
  for (guint c = FC_REPORT_COUNT_DUPLICATES; c < FC_REPORT_N_COUNTS; c++)
    if (c != FC_REPORT_COUNT_EVENTS && c != FC_REPORT_COUNT_UNREADABLE)
      self->counts[c] = 0;
}

static void
add_record_to_buckets (const FcReportIncident *r,
                       FcReportBucket          intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                       FcReportBucket          steps[FC_REPORT_N_STEPS],
                       guint                   group_size[FC_REPORT_N_GROUPS])
{
  group_size[FC_REPORT_GROUP_ALL]++;
  group_size[r->group]++;

  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    {
      gint64 from = r->point_us[interval_points[i][0]];
      gint64 to = r->point_us[interval_points[i][1]];

      /* The "all" bucket is merged from the groups in fc_report_bucket_finish_groups(). */
      fc_report_bucket_add_interval (&intervals[i][r->group], from, to);
    }

  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      gboolean applies = s == FC_REPORT_STEP_FAILED_ATTEMPT
                         ? r->group == FC_REPORT_GROUP_ATTEMPTED_FAILED
                         : r->group == FC_REPORT_GROUP_CARD_USED;

      if (applies)
        fc_report_bucket_add_interval (&steps[s], r->card_us[step_points[s][0]],
                                       r->card_us[step_points[s][1]]);
    }
}

/**
 * fc_report_compute:
 * @self: a report
 *
 * Computes every statistic from the events read so far. Cheap to call again.
 */
void
fc_report_compute (FcReport *self)
{
  g_autoptr(GArray) scratch = fc_report_incident_scratch_new ();
  g_autoptr(GHashTable) units = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (FC_IS_REPORT (self));

  fc_report_reset_results (self);
  self->counts[FC_REPORT_COUNT_EVENTS] = self->loader.events;
  self->counts[FC_REPORT_COUNT_UNREADABLE] = self->loader.unreadable;
  self->counts[FC_REPORT_COUNT_INCIDENTS] = g_hash_table_size (self->loader.incidents);

  g_hash_table_iter_init (&iter, self->loader.incidents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FcReportAccumulator *acc = value;
      FcReportIncident record;

      if (acc->training)
        self->counts[FC_REPORT_COUNT_TRAINING]++;
      if (acc->training && !self->include_training)
        continue;
      fc_report_accumulator_finish (acc, &record, scratch);
      record.first_us = record_first_time (&record);
      self->counts[FC_REPORT_COUNT_DUPLICATES] += acc->duplicates;
      g_array_append_val (self->records, record);
    }
  g_array_sort (self->records, compare_records);

  for (guint k = 0; k < self->records->len; k++)
    {
      const FcReportIncident *r = &g_array_index (self->records, FcReportIncident, k);
      gint64 total_from = r->card_us[FC_CARD_ASKED];
      gint64 total_to = r->card_us[FC_CARD_SHOWN];
      gint64 scene_from = r->point_us[FC_POINT_ARRIVED_SCENE];
      gint64 scene_to = r->point_us[FC_POINT_LEFT_SCENE];

      self->counts[FC_REPORT_COUNT_INCLUDED]++;
      self->counts[FC_REPORT_COUNT_SYNTHETIC] += r->synthetic;
      self->counts[FC_REPORT_COUNT_CORRECTIONS] += r->corrections;
      self->counts[FC_REPORT_COUNT_VOIDED] += r->voided;
      self->counts[FC_REPORT_COUNT_BAD_CORRECTIONS] += r->bad_corrections;
      self->counts[FC_REPORT_COUNT_CLOCK_DISORDER] += r->clock_disorder;
      self->counts[FC_REPORT_COUNT_HARD_TO_PLACE] += r->hospital_calls >= 4;
      if (r->unit_id != NULL)
        g_hash_table_add (units, (gpointer) r->unit_id);

      add_record_to_buckets (r, self->intervals, self->steps, self->group_size);

      fc_report_bucket_add_value (&self->hospital_calls[r->group], r->hospital_calls);

      if (r->group == FC_REPORT_GROUP_CARD_USED)
        {
          if (total_from == FC_NO_TIME || total_to == FC_NO_TIME || scene_from == FC_NO_TIME ||
              scene_to == FC_NO_TIME)
            self->share.stats.missing++;
          else if (total_to - total_from < 0 || scene_to - scene_from <= 0 ||
                   total_to - total_from > (gint64) FC_REPORT_MAX_INTERVAL_S * G_USEC_PER_SEC ||
                   scene_to - scene_from > (gint64) FC_REPORT_MAX_INTERVAL_S * G_USEC_PER_SEC)
            self->share.stats.excluded++;
          else
            fc_report_bucket_add_value (&self->share, (double) (total_to - total_from)
                                                      / (double) (scene_to - scene_from));
        }

    }
  self->counts[FC_REPORT_COUNT_UNITS] = g_hash_table_size (units);

  fc_report_buckets_finish (self->intervals, self->steps);
  fc_report_bucket_finish (&self->share);
  fc_report_bucket_finish_groups (self->hospital_calls);

  self->dirty = FALSE;
}

/* The monthly buckets, only when someone asks for them. */
void
fc_report_compute_months (FcReport *self)
{
  g_autoptr(GHashTable) month_index = g_hash_table_new (NULL, NULL);

  if (self->months_done)
    return;

  for (guint k = 0; k < self->records->len; k++)
    {
      const FcReportIncident *r = &g_array_index (self->records, FcReportIncident, k);
      FcReportMonth *month;
      gpointer index;

      if (r->month < 0)
        continue;
      if (g_hash_table_lookup_extended (month_index, GINT_TO_POINTER (r->month + 1), NULL,
                                        &index))
        {
          month = g_ptr_array_index (self->months, GPOINTER_TO_UINT (index));
        }
      else
        {
          month = g_new0 (FcReportMonth, 1);
          month->key = r->month;
          g_snprintf (month->label, sizeof month->label, "%04d-%02d", r->month / 12,
                      r->month % 12 + 1);
          g_hash_table_insert (month_index, GINT_TO_POINTER (r->month + 1),
                               GUINT_TO_POINTER (self->months->len));
          g_ptr_array_add (self->months, month);
        }
      add_record_to_buckets (r, month->intervals, month->steps, month->group_size);
    }

  g_ptr_array_sort (self->months, compare_months);
  for (guint m = 0; m < self->months->len; m++)
    {
      FcReportMonth *month = g_ptr_array_index (self->months, m);

      fc_report_buckets_finish (month->intervals, month->steps);
    }
  self->months_done = TRUE;
}

void
fc_report_ensure_computed (FcReport *self)
{
  if (self->dirty)
    fc_report_compute (self);
}
