/* fc-report-incident.c: one incident's events made a record: sorted by seq (they usually
 * are), rows read twice dropped, corrections applied (the latest correction of an event wins;
 * "void" removes the mark), the first occurrence of every time point found and the card use
 * classified. Clock disorder is detected on the times as recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <string.h>

static int
compare_raw_seq (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = ((const FcRawEvent *) a)->seq;
  guint32 y = ((const FcRawEvent *) b)->seq;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
kind_is_card (const FcRawEvent *event)
{
  switch (event->kind)
    {
    case FC_RAW_CARD_ASKED:
    case FC_RAW_CARD_PRESENT:
    case FC_RAW_CONSENT:
    case FC_RAW_CARD_DETECTED:
    case FC_RAW_CARD_READ:
    case FC_RAW_FETCH_STARTED:
    case FC_RAW_FETCH_DONE:
    case FC_RAW_SUMMARY_SHOWN:
    case FC_RAW_WARNING_ACK:
    case FC_RAW_WRONG_PERSON:
      return TRUE;
    case FC_RAW_FAILURE:
      return (event->flag & FC_RAW_FLAG_CARD) != 0;
    default:
      return FALSE;
    }
}

static int
point_of_kind (guint8 kind)
{
  if (kind >= FC_RAW_CALL && kind <= FC_RAW_BACK)
    return kind - FC_RAW_CALL;
  return -1;
}

static void
set_first (gint64 *slot_us,
           int    *slot_offset,
           gint64  wall_us,
           int     offset_s)
{
  if (*slot_us == FC_NO_TIME)
    {
      *slot_us = wall_us;
      *slot_offset = offset_s;
    }
}

static void
set_min (gint64 *slot_us,
         int    *slot_offset,
         gint64  wall_us,
         int     offset_s)
{
  if (*slot_us == FC_NO_TIME || wall_us < *slot_us)
    {
      *slot_us = wall_us;
      *slot_offset = offset_s;
    }
}

static int
month_key (gint64 utc_us,
           int    offset_s)
{
  int year, month, day;

  fc_timing_local_date (utc_us, offset_s, &year, &month, &day);
  return year * 12 + month - 1;
}

/* The time of one event after corrections. */
typedef struct {
  gint64 wall_us;
  gint16 offset_min;
  guint8 status;     /* 0 as recorded, 1 corrected, 2 voided */
} Effective;

GArray *
fc_report_incident_scratch_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Effective));
}

/* Turns one incident's events into a record (corrections applied, nothing in @acc changed but
 * the order of its events). @scratch is reused memory (Effective). */
void
fc_report_accumulator_finish (FcReportAccumulator *acc,
                              FcReportIncident    *record,
                              GArray              *scratch)
{
  FcRawEvent *ev;
  guint n;
  Effective *eff;
  gint64 prev_wall = FC_NO_TIME;
  gint64 prev_mono = 0;
  gboolean sorted = TRUE;
  gboolean wrong_person = FALSE;
  gboolean any_card = FALSE;
  gint64 first_us = FC_NO_TIME;
  int first_offset = 0;

  memset (record, 0, sizeof *record);
  record->id = acc->id;
  record->unit_id = acc->unit_id;
  record->training = acc->training;
  record->synthetic = acc->synthetic;
  record->month = -1;
  for (guint p = 0; p < FC_N_POINTS; p++)
    record->point_us[p] = FC_NO_TIME;
  for (guint p = 0; p < FC_N_CARD_POINTS; p++)
    record->card_us[p] = FC_NO_TIME;

  /* Order by seq; drop rows read twice. */
  ev = (FcRawEvent *) acc->events->data;
  for (guint i = 1; i < acc->events->len; i++)
    if (ev[i].seq <= ev[i - 1].seq)
      {
        sorted = FALSE;
        break;
      }
  if (!sorted)
    {
      guint out = 0;

      g_array_sort (acc->events, compare_raw_seq);
      ev = (FcRawEvent *) acc->events->data;
      for (guint i = 0; i < acc->events->len; i++)
        {
          if (out > 0 && ev[i].seq == ev[out - 1].seq)
            {
              acc->duplicates++;
              continue;
            }
          ev[out++] = ev[i];
        }
      g_array_set_size (acc->events, out);
    }
  n = acc->events->len;
  ev = (FcRawEvent *) acc->events->data;

  /* Effective times: corrections applied in seq order, the latest wins. */
  g_array_set_size (scratch, n);
  eff = (Effective *) scratch->data;
  for (guint i = 0; i < n; i++)
    {
      eff[i].wall_us = ev[i].kind == FC_RAW_CORRECTION ? FC_NO_TIME : ev[i].wall_us;
      eff[i].offset_min = ev[i].offset_min;
      eff[i].status = 0;
    }
  for (guint i = 0; i < n; i++)
    {
      guint lo = 0;
      guint hi = i;
      gboolean found = FALSE;

      if (ev[i].kind != FC_RAW_CORRECTION)
        continue;
      if ((ev[i].flag & FC_RAW_FLAG_BAD) == 0)
        {
          /* Binary search among the events before the correction. */
          while (lo < hi)
            {
              guint mid = (lo + hi) / 2;

              if (ev[mid].seq < ev[i].aux)
                lo = mid + 1;
              else
                hi = mid;
            }
          found = lo < i && ev[lo].seq == ev[i].aux && ev[lo].kind != FC_RAW_CORRECTION;
        }
      if (!found)
        {
          record->bad_corrections++;
          continue;
        }
      record->corrections++;
      if (ev[i].flag & FC_RAW_FLAG_VOID)
        {
          eff[lo].wall_us = FC_NO_TIME;
          eff[lo].status = 2;
        }
      else
        {
          eff[lo].wall_us = ev[i].wall_us;
          eff[lo].offset_min = ev[i].offset_min;
          eff[lo].status = 1;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const FcRawEvent *e = &ev[i];
      int offset_s = eff[i].offset_min * 60;
      gint64 t = eff[i].wall_us;
      int point;

      if (e->kind == FC_RAW_CORRECTION)
        continue;

      /* Clock disorder, on the times as recorded. */
      if (prev_wall != FC_NO_TIME &&
          (e->wall_us < prev_wall - G_USEC_PER_SEC ||
           (e->mono_us > 0 && prev_mono > 0 && e->mono_us >= prev_mono &&
            ABS ((e->wall_us - prev_wall) - (e->mono_us - prev_mono)) > 60 * G_USEC_PER_SEC)))
        record->clock_disorder = TRUE;
      prev_wall = e->wall_us;
      prev_mono = e->mono_us;

      if (eff[i].status == 2)
        {
          record->voided++;
          continue;
        }
      set_min (&first_us, &first_offset, t, offset_s);

      point = point_of_kind (e->kind);
      if (point >= 0)
        set_first (&record->point_us[point], &record->point_offset[point], t, offset_s);

      if (kind_is_card (e))
        {
          any_card = TRUE;
          set_min (&record->card_us[FC_CARD_FIRST], &record->card_offset[FC_CARD_FIRST],
                   t, offset_s);
          if (record->card_us[FC_CARD_LAST] == FC_NO_TIME || t > record->card_us[FC_CARD_LAST])
            {
              record->card_us[FC_CARD_LAST] = t;
              record->card_offset[FC_CARD_LAST] = offset_s;
            }
        }

      switch (e->kind)
        {
        case FC_RAW_CARD_ASKED:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          break;
        case FC_RAW_CARD_PRESENT:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          if (e->flag & FC_RAW_FLAG_NO)
            record->card_present_no = TRUE;
          break;
        case FC_RAW_CONSENT:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          set_first (&record->card_us[FC_CARD_CONSENT], &record->card_offset[FC_CARD_CONSENT],
                     t, offset_s);
          break;
        case FC_RAW_CARD_READ:
          set_first (&record->card_us[FC_CARD_READ], &record->card_offset[FC_CARD_READ],
                     t, offset_s);
          break;
        case FC_RAW_FETCH_DONE:
          if (e->flag & FC_RAW_FLAG_OK)
            set_first (&record->card_us[FC_CARD_FETCHED], &record->card_offset[FC_CARD_FETCHED],
                       t, offset_s);
          break;
        case FC_RAW_SUMMARY_SHOWN:
          set_first (&record->card_us[FC_CARD_SHOWN], &record->card_offset[FC_CARD_SHOWN],
                     t, offset_s);
          break;
        case FC_RAW_WRONG_PERSON:
          wrong_person = TRUE;
          break;
        case FC_RAW_HCALL_START:
          record->hospital_calls++;
          break;
        case FC_RAW_HCALL_END:
          if (e->flag & FC_RAW_FLAG_ACCEPTED)
            record->hospital_accepted++;
          break;
        default:
          break;
        }
    }

  if (record->card_us[FC_CARD_SHOWN] != FC_NO_TIME && !wrong_person)
    record->group = FC_REPORT_GROUP_CARD_USED;
  else if (any_card)
    record->group = FC_REPORT_GROUP_ATTEMPTED_FAILED;
  else
    record->group = FC_REPORT_GROUP_NOT_ATTEMPTED;

  if (record->point_us[FC_POINT_CALL] != FC_NO_TIME)
    record->month = month_key (record->point_us[FC_POINT_CALL],
                               record->point_offset[FC_POINT_CALL]);
  else if (record->point_us[FC_POINT_ARRIVED_SCENE] != FC_NO_TIME)
    record->month = month_key (record->point_us[FC_POINT_ARRIVED_SCENE],
                               record->point_offset[FC_POINT_ARRIVED_SCENE]);
  else if (first_us != FC_NO_TIME)
    record->month = month_key (first_us, first_offset);
}
