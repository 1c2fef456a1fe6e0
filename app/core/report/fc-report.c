/* fc-report.c: statistics over timing logs.
 *
 * Rows are kept compactly per incident (32 bytes each, no GObject per event) while files are read;
 * a large timing.db is read by up to four threads, each over a range of row ids with its own
 * connection and prepared statement, and what they gathered is merged in range order.
 * fc_report_compute() then takes each incident once: sorts its events by seq (they usually are),
 * drops rows read twice, applies corrections (the latest correction of an event wins; "void"
 * removes the mark), finds the first occurrence of every time point, classifies the card use,
 * and pushes each interval into the buckets of its group and month. Buckets are sorted once for
 * the percentiles.
 *
 * Clock choice: intervals use the wall clock (UTC instants from the recorded zone), because the
 * monotonic clock restarts with every boot and differs between devices, while corrections,
 * dispatch records and hospitals all speak wall-clock time. Wall-clock trouble is detected and
 * counted instead: an incident has "clock disorder" when, between two consecutive events in seq
 * order, the wall clock went back by more than 1 s or moved more than 60 s differently from the
 * monotonic clock (an NTP step or a hand-set clock). Its intervals still count unless they fall
 * outside the sanity bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report.h"
#include "fc-report-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-core-enums.h"
#include "fc-timeline.h"

/* Event kinds as small numbers. */
typedef enum {
  K_UNKNOWN,
  K_INCIDENT_STARTED,
  K_CALL,
  K_DISPATCHED,
  K_EN_ROUTE,
  K_ARRIVED,
  K_CONTACT,
  K_LOADED,
  K_LEFT,
  K_HOSPITAL,
  K_TRANSFER,
  K_BACK,
  K_HCALL_START,
  K_HCALL_END,
  K_CARD_ASKED,
  K_CARD_PRESENT,
  K_CONSENT,
  K_CARD_DETECTED,
  K_CARD_READ,
  K_FETCH_STARTED,
  K_FETCH_DONE,
  K_SUMMARY_SHOWN,
  K_FINDING,
  K_WARNING_ACK,
  K_FAILURE,
  K_WRONG_PERSON,
  K_HANDOVER,
  K_CORRECTION,
  N_KINDS
} Kind;

static const char * const kind_names[N_KINDS] = {
  [K_UNKNOWN] = "",
  [K_INCIDENT_STARTED] = FC_EVENT_INCIDENT_STARTED,
  [K_CALL] = FC_EVENT_CALL_RECEIVED,
  [K_DISPATCHED] = FC_EVENT_DISPATCHED,
  [K_EN_ROUTE] = FC_EVENT_EN_ROUTE,
  [K_ARRIVED] = FC_EVENT_ARRIVED_SCENE,
  [K_CONTACT] = FC_EVENT_PATIENT_CONTACT,
  [K_LOADED] = FC_EVENT_PATIENT_LOADED,
  [K_LEFT] = FC_EVENT_LEFT_SCENE,
  [K_HOSPITAL] = FC_EVENT_ARRIVED_HOSPITAL,
  [K_TRANSFER] = FC_EVENT_TRANSFER_OF_CARE,
  [K_BACK] = FC_EVENT_BACK_IN_SERVICE,
  [K_HCALL_START] = FC_EVENT_HOSPITAL_CALL_START,
  [K_HCALL_END] = FC_EVENT_HOSPITAL_CALL_END,
  [K_CARD_ASKED] = FC_EVENT_CARD_ASKED,
  [K_CARD_PRESENT] = FC_EVENT_CARD_PRESENT,
  [K_CONSENT] = FC_EVENT_CONSENT,
  [K_CARD_DETECTED] = FC_EVENT_CARD_DETECTED,
  [K_CARD_READ] = FC_EVENT_CARD_READ,
  [K_FETCH_STARTED] = FC_EVENT_FETCH_STARTED,
  [K_FETCH_DONE] = FC_EVENT_FETCH_DONE,
  [K_SUMMARY_SHOWN] = FC_EVENT_SUMMARY_SHOWN,
  [K_FINDING] = FC_EVENT_FINDING,
  [K_WARNING_ACK] = FC_EVENT_WARNING_ACK,
  [K_FAILURE] = FC_EVENT_FAILURE,
  [K_WRONG_PERSON] = FC_EVENT_WRONG_PERSON,
  [K_HANDOVER] = FC_EVENT_HANDOVER,
  [K_CORRECTION] = FC_EVENT_CORRECTION,
};

/* Per-kind flags taken from the detail. */
enum {
  FLAG_SYNTHETIC = 1 << 0, /* incident-started synthetic=1 */
  FLAG_OK        = 1 << 1, /* fetch-done result=ok */
  FLAG_NO        = 1 << 2, /* card-present present=no; consent basis=refused */
  FLAG_ACCEPTED  = 1 << 3, /* hospital-call-end outcome=accepted */
  FLAG_VOID      = 1 << 4, /* correction … void */
  FLAG_BAD       = 1 << 5, /* correction that cannot be read */
  FLAG_CARD      = 1 << 6, /* failure of the card or fetch step */
};

/* One event as kept between reading and computing: 32 bytes. For a correction, wall_us and
 * offset_min hold the corrected time and aux the seq of the corrected event. */
typedef struct {
  gint64  wall_us;
  gint64  mono_us;
  guint32 seq;
  guint32 aux;
  gint16  offset_min;
  guint8  kind;
  guint8  flag;
} RawEvent;

typedef struct {
  char       *id;          /* (owned) */
  const char *unit_id;     /* interned in the report's string chunk */
  GArray     *events;      /* (owned) RawEvent */
  guint       duplicates;  /* rows dropped as read twice */
  gboolean    training;
  gboolean    synthetic;
} Accumulator;

/* What rows are gathered into while reading; one per reading thread. */
typedef struct {
  GHashTable   *incidents;  /* (owned): id → Accumulator (owned) */
  GHashTable   *unit_ids;   /* (owned): interned unit ids (set) */
  GStringChunk *strings;    /* (owned): unit ids */
  Accumulator  *last;       /* (unowned): the incident of the previous row */
  guint64       events;     /* rows seen */
  guint64       unreadable; /* rows skipped */
} Loader;

typedef struct {
  GArray         *values;  /* (owned) (nullable) doubles while collecting */
  FcIntervalStats stats;
} Bucket;

typedef struct {
  int    key;              /* year * 12 + month - 1 */
  char   label[8];         /* "YYYY-MM" */
  guint  group_size[FC_REPORT_N_GROUPS];
  Bucket intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS];
  Bucket steps[FC_REPORT_N_STEPS];
} Month;

typedef struct {
  char          *path;
  FcTimingSource source;
  guint64        events;
} Source;

struct _FcReport
{
  GObject       parent_instance;

  gboolean      include_training;
  Loader        loader;        /* (owned): every row read so far */
  GArray       *sources;       /* (owned) Source */
  guint64       counts[FC_REPORT_N_COUNTS];
  gboolean      dirty;

  /* Results. */
  GArray       *records;       /* (owned) FcReportIncident of included incidents, in order */
  guint         group_size[FC_REPORT_N_GROUPS];
  Bucket        intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS];
  Bucket        steps[FC_REPORT_N_STEPS];
  Bucket        share;
  Bucket        hospital_calls[FC_REPORT_N_GROUPS];
  GPtrArray    *months;        /* (owned) Month, oldest first; filled on demand */
  gboolean      months_done;
};

G_DEFINE_FINAL_TYPE (FcReport, fc_report, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (FcIntervalStats, fc_interval_stats, fc_interval_stats_copy,
                     fc_interval_stats_free)

enum {
  PROP_0,
  PROP_INCLUDE_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* FcIntervalStats */

FcIntervalStats *
fc_interval_stats_copy (const FcIntervalStats *stats)
{
  g_return_val_if_fail (stats != NULL, NULL);

  return g_memdup2 (stats, sizeof *stats);
}

void
fc_interval_stats_free (FcIntervalStats *stats)
{
  g_free (stats);
}

/* Buckets */

static void
bucket_reset (Bucket *bucket)
{
  g_clear_pointer (&bucket->values, g_array_unref);
  memset (&bucket->stats, 0, sizeof bucket->stats);
}

static void
bucket_add_value (Bucket *bucket,
                  double  value)
{
  if (bucket->values == NULL)
    bucket->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (bucket->values, value);
}

/* Adds the interval between two instants, or counts it as missing or out of bounds. */
static void
bucket_add_interval (Bucket *bucket,
                     gint64  from_us,
                     gint64  to_us)
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
  bucket_add_value (bucket, seconds);
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
bucket_finish_full (Bucket   *bucket,
                    gboolean  sorted,
                    gboolean  keep)
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

static void
bucket_finish (Bucket *bucket)
{
  bucket_finish_full (bucket, FALSE, FALSE);
}

/* Finishes the three card-use groups of one interval and builds the "all" bucket by merging
 * their sorted values (cheaper than sorting everything twice). */
static void
finish_groups (Bucket groups[FC_REPORT_N_GROUPS])
{
  Bucket *all = &groups[FC_REPORT_GROUP_ALL];
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

static void
month_free (Month *month)
{
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
      bucket_reset (&month->intervals[i][g]);
  for (guint i = 0; i < FC_REPORT_N_STEPS; i++)
    bucket_reset (&month->steps[i]);
  g_free (month);
}

static void
accumulator_free (Accumulator *acc)
{
  g_free (acc->id);
  g_array_unref (acc->events);
  g_free (acc);
}

/* Reading */

/* Whether @detail holds the token @token (delimited by spaces or the ends). */
static gboolean
detail_has (const char *detail,
            const char *token)
{
  gsize len = strlen (token);
  const char *p = detail;

  if (detail == NULL)
    return FALSE;
  while ((p = strstr (p, token)) != NULL)
    {
      if ((p == detail || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
        return TRUE;
      p += len;
    }
  return FALSE;
}

/* The value of "key=value" in @detail (up to the next space), or NULL. */
static const char *
detail_value (const char *detail,
              const char *key,
              gsize      *len)
{
  gsize key_len = strlen (key);
  const char *p = detail;

  if (detail == NULL)
    return NULL;
  while ((p = strstr (p, key)) != NULL)
    {
      if ((p == detail || p[-1] == ' ') && p[key_len] == '=')
        {
          const char *value = p + key_len + 1;
          const char *end = strchr (value, ' ');

          *len = end != NULL ? (gsize) (end - value) : strlen (value);
          return value;
        }
      p += key_len;
    }
  return NULL;
}

/* Reads "seq=N … wall=ISO" or "seq=N … void" into @event. */
static void
parse_correction (const char *detail,
                  RawEvent   *event)
{
  const char *value;
  gsize len = 0;
  guint64 seq = 0;
  char buf[64];
  int offset_s = 0;

  value = detail_value (detail, "seq", &len);
  if (value == NULL || len == 0 || len >= sizeof buf)
    goto bad;
  memcpy (buf, value, len);
  buf[len] = '\0';
  if (!g_ascii_string_to_unsigned (buf, 10, 1, G_MAXUINT32, &seq, NULL))
    goto bad;
  event->aux = (guint32) seq;

  if (detail_has (detail, "void"))
    {
      event->flag |= FLAG_VOID;
      event->wall_us = FC_NO_TIME;
      return;
    }
  value = detail_value (detail, "wall", &len);
  if (value == NULL || len == 0 || len >= sizeof buf)
    goto bad;
  memcpy (buf, value, len);
  buf[len] = '\0';
  if (!fc_timing_parse_wall (buf, &event->wall_us, &offset_s))
    goto bad;
  event->offset_min = (gint16) (offset_s / 60);
  return;

bad:
  event->flag |= FLAG_BAD;
}

/* The Kind of @text (K_UNKNOWN for kinds this version does not know): length, first and last
 * character leave one candidate nearly always. */
static guint8
kind_from_string (const char *text)
{
  static gsize lengths[N_KINDS];
  static gsize once;
  gsize len = strlen (text);

  if (g_once_init_enter (&once))
    {
      for (guint k = 0; k < N_KINDS; k++)
        lengths[k] = strlen (kind_names[k]);
      g_once_init_leave (&once, 1);
    }
  if (len == 0)
    return K_UNKNOWN;
  for (guint k = 1; k < N_KINDS; k++)
    if (lengths[k] == len && kind_names[k][0] == text[0] &&
        kind_names[k][len - 1] == text[len - 1] && memcmp (kind_names[k], text, len) == 0)
      return (guint8) k;
  return K_UNKNOWN;
}

static void
loader_init (Loader *loader)
{
  memset (loader, 0, sizeof *loader);
  loader->incidents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) accumulator_free);
  loader->unit_ids = g_hash_table_new (g_str_hash, g_str_equal);
  loader->strings = g_string_chunk_new (4096);
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->incidents, g_hash_table_unref);
  g_clear_pointer (&loader->unit_ids, g_hash_table_unref);
  g_clear_pointer (&loader->strings, g_string_chunk_free);
  loader->last = NULL;
}

static const char *
loader_intern_unit (Loader     *loader,
                    const char *unit_id)
{
  const char *unit = g_hash_table_lookup (loader->unit_ids, unit_id);

  if (unit == NULL)
    {
      unit = g_string_chunk_insert (loader->strings, unit_id);
      g_hash_table_add (loader->unit_ids, (gpointer) unit);
    }
  return unit;
}

/* Keeps one row: 32 bytes in its incident's array, the detail only as flags. */
static void
loader_add_row (Loader            *loader,
                const FcTimingRow *row)
{
  Accumulator *acc = loader->last;
  RawEvent event = { 0, };
  int offset_s = 0;

  loader->events++;
  if (row->seq <= 0 || row->seq > G_MAXUINT32 ||
      !fc_timing_parse_wall (row->wall, &event.wall_us, &offset_s))
    {
      loader->unreadable++;
      return;
    }
  event.seq = (guint32) row->seq;
  event.mono_us = row->mono_us;
  event.offset_min = (gint16) (offset_s / 60);
  event.kind = kind_from_string (row->kind);

  switch (event.kind)
    {
    case K_INCIDENT_STARTED:
      if (detail_has (row->detail, "synthetic=1"))
        event.flag |= FLAG_SYNTHETIC;
      break;
    case K_CONSENT:
      if (detail_has (row->detail, "basis=refused"))
        event.flag |= FLAG_NO;
      break;
    case K_FETCH_DONE:
      if (detail_has (row->detail, "result=ok"))
        event.flag |= FLAG_OK;
      break;
    case K_CARD_PRESENT:
      if (detail_has (row->detail, "present=no"))
        event.flag |= FLAG_NO;
      break;
    case K_HCALL_END:
      if (detail_has (row->detail, "outcome=accepted"))
        event.flag |= FLAG_ACCEPTED;
      break;
    case K_FAILURE:
      if (detail_has (row->detail, "step=card") || detail_has (row->detail, "step=fetch"))
        event.flag |= FLAG_CARD;
      break;
    case K_CORRECTION:
      parse_correction (row->detail, &event);
      break;
    default:
      break;
    }

  if (acc == NULL || strcmp (acc->id, row->incident_id) != 0)
    {
      acc = g_hash_table_lookup (loader->incidents, row->incident_id);
      if (acc == NULL)
        {
          acc = g_new0 (Accumulator, 1);
          acc->id = g_strdup (row->incident_id);
          acc->events = g_array_sized_new (FALSE, FALSE, sizeof (RawEvent), 24);
          g_hash_table_insert (loader->incidents, acc->id, acc);
        }
      loader->last = acc;
    }
  if (acc->unit_id == NULL && row->unit_id != NULL)
    {
      acc->unit_id = loader_intern_unit (loader, row->unit_id);
      if (g_str_has_prefix (acc->unit_id, "SYNTHETIC-"))
        acc->synthetic = TRUE;
    }
  acc->training |= row->training;
  acc->synthetic |= (event.flag & FLAG_SYNTHETIC) != 0;
  g_array_append_val (acc->events, event);
}

/* Moves everything @from gathered into @into (@from is left empty). Rows of an incident found
 * in both come after those already in @into. */
static void
loader_merge (Loader *into,
              Loader *from)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, from->incidents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Accumulator *acc = value;
      Accumulator *existing = g_hash_table_lookup (into->incidents, acc->id);
      const char *unit = acc->unit_id != NULL ? loader_intern_unit (into, acc->unit_id) : NULL;

      g_hash_table_iter_steal (&iter);
      if (existing == NULL)
        {
          acc->unit_id = unit;
          g_hash_table_insert (into->incidents, acc->id, acc);
          continue;
        }
      g_array_append_vals (existing->events, acc->events->data, acc->events->len);
      if (existing->unit_id == NULL)
        existing->unit_id = unit;
      existing->training |= acc->training;
      existing->synthetic |= acc->synthetic;
      existing->duplicates += acc->duplicates;
      accumulator_free (acc);
    }
  into->events += from->events;
  into->unreadable += from->unreadable;
  into->last = NULL;
  from->events = 0;
  from->unreadable = 0;
  from->last = NULL;
}

static void
loader_add_row_cb (const FcTimingRow *row,
                   gpointer           user_data)
{
  loader_add_row (user_data, row);
}

/* One thread reading one range of a timing.db. */
typedef struct {
  const char *path;
  gint64      first_id;
  gint64      last_id;
  Loader      loader;
  GError     *error;    /* (owned) (nullable) */
  gboolean    ok;
} RangeJob;

static gpointer
read_range_thread (gpointer data)
{
  RangeJob *job = data;

  job->ok = fc_timing_read_database (job->path, FC_TIMING_READ_LEAN, job->first_id, job->last_id,
                                     loader_add_row_cb, &job->loader, &job->loader.unreadable,
                                     &job->error);
  return NULL;
}

/* Reads a large timing.db in parallel ranges of row ids, one thread each (up to 4), and merges
 * what they gathered in range order. Small files are read in one go. */
static gboolean
read_database_parallel (FcReport    *self,
                        const char  *path,
                        GError     **error)
{
  RangeJob jobs[4];
  GThread *threads[4] = { NULL, };
  gint64 first_id = 0;
  gint64 last_id = 0;
  guint n_jobs;
  gboolean ok = TRUE;

  if (!fc_timing_database_get_id_range (path, &first_id, &last_id, error))
    return FALSE;
  n_jobs = CLAMP (g_get_num_processors (), 1, G_N_ELEMENTS (jobs));
  if (last_id - first_id < 200000)
    n_jobs = 1;

  memset (jobs, 0, sizeof jobs);
  for (guint j = 0; j < n_jobs; j++)
    {
      gint64 span = (last_id - first_id) / n_jobs + 1;

      jobs[j].path = path;
      jobs[j].first_id = j == 0 ? G_MININT64 : first_id + span * j;
      jobs[j].last_id = j == n_jobs - 1 ? G_MAXINT64 : first_id + span * (j + 1) - 1;
      loader_init (&jobs[j].loader);
    }
  if (n_jobs == 1)
    {
      read_range_thread (&jobs[0]);
    }
  else
    {
      for (guint j = 0; j < n_jobs; j++)
        threads[j] = g_thread_new ("fc-report-read", read_range_thread, &jobs[j]);
      for (guint j = 0; j < n_jobs; j++)
        g_thread_join (threads[j]);
    }

  for (guint j = 0; j < n_jobs; j++)
    {
      if (ok && !jobs[j].ok)
        {
          g_propagate_error (error, g_steal_pointer (&jobs[j].error));
          ok = FALSE;
        }
      if (ok)
        loader_merge (&self->loader, &jobs[j].loader);
      g_clear_error (&jobs[j].error);
      loader_clear (&jobs[j].loader);
    }
  return ok;
}

/* Computing */

static int
compare_raw_seq (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = ((const RawEvent *) a)->seq;
  guint32 y = ((const RawEvent *) b)->seq;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
kind_is_card (const RawEvent *event)
{
  switch (event->kind)
    {
    case K_CARD_ASKED:
    case K_CARD_PRESENT:
    case K_CONSENT:
    case K_CARD_DETECTED:
    case K_CARD_READ:
    case K_FETCH_STARTED:
    case K_FETCH_DONE:
    case K_SUMMARY_SHOWN:
    case K_WARNING_ACK:
    case K_WRONG_PERSON:
      return TRUE;
    case K_FAILURE:
      return (event->flag & FLAG_CARD) != 0;
    default:
      return FALSE;
    }
}

static int
point_of_kind (guint8 kind)
{
  if (kind >= K_CALL && kind <= K_BACK)
    return kind - K_CALL;
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

/* Turns one incident's events into a record (corrections applied, nothing in @acc changed but
 * the order of its events). @scratch is reused memory (Effective). */
static void
finish_incident (Accumulator      *acc,
                 FcReportIncident *record,
                 GArray           *scratch)
{
  RawEvent *ev;
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
  ev = (RawEvent *) acc->events->data;
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
      ev = (RawEvent *) acc->events->data;
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
  ev = (RawEvent *) acc->events->data;

  /* Effective times: corrections applied in seq order, the latest wins. */
  g_array_set_size (scratch, n);
  eff = (Effective *) scratch->data;
  for (guint i = 0; i < n; i++)
    {
      eff[i].wall_us = ev[i].kind == K_CORRECTION ? FC_NO_TIME : ev[i].wall_us;
      eff[i].offset_min = ev[i].offset_min;
      eff[i].status = 0;
    }
  for (guint i = 0; i < n; i++)
    {
      guint lo = 0;
      guint hi = i;
      gboolean found = FALSE;

      if (ev[i].kind != K_CORRECTION)
        continue;
      if ((ev[i].flag & FLAG_BAD) == 0)
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
          found = lo < i && ev[lo].seq == ev[i].aux && ev[lo].kind != K_CORRECTION;
        }
      if (!found)
        {
          record->bad_corrections++;
          continue;
        }
      record->corrections++;
      if (ev[i].flag & FLAG_VOID)
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
      const RawEvent *e = &ev[i];
      int offset_s = eff[i].offset_min * 60;
      gint64 t = eff[i].wall_us;
      int point;

      if (e->kind == K_CORRECTION)
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
        case K_CARD_ASKED:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          break;
        case K_CARD_PRESENT:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          if (e->flag & FLAG_NO)
            record->card_present_no = TRUE;
          break;
        case K_CONSENT:
          set_min (&record->card_us[FC_CARD_ASKED], &record->card_offset[FC_CARD_ASKED],
                   t, offset_s);
          set_first (&record->card_us[FC_CARD_CONSENT], &record->card_offset[FC_CARD_CONSENT],
                     t, offset_s);
          break;
        case K_CARD_READ:
          set_first (&record->card_us[FC_CARD_READ], &record->card_offset[FC_CARD_READ],
                     t, offset_s);
          break;
        case K_FETCH_DONE:
          if (e->flag & FLAG_OK)
            set_first (&record->card_us[FC_CARD_FETCHED], &record->card_offset[FC_CARD_FETCHED],
                       t, offset_s);
          break;
        case K_SUMMARY_SHOWN:
          set_first (&record->card_us[FC_CARD_SHOWN], &record->card_offset[FC_CARD_SHOWN],
                     t, offset_s);
          break;
        case K_WRONG_PERSON:
          wrong_person = TRUE;
          break;
        case K_HCALL_START:
          record->hospital_calls++;
          break;
        case K_HCALL_END:
          if (e->flag & FLAG_ACCEPTED)
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
  const Month *x = *(Month * const *) a;
  const Month *y = *(Month * const *) b;

  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

static void
fc_report_reset_results (FcReport *self)
{
  g_array_set_size (self->records, 0);
  memset (self->group_size, 0, sizeof self->group_size);
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
      bucket_reset (&self->intervals[i][g]);
  for (guint i = 0; i < FC_REPORT_N_STEPS; i++)
    bucket_reset (&self->steps[i]);
  bucket_reset (&self->share);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    bucket_reset (&self->hospital_calls[g]);
  g_ptr_array_set_size (self->months, 0);
  self->months_done = FALSE;
  for (guint c = FC_REPORT_COUNT_DUPLICATES; c < FC_REPORT_N_COUNTS; c++)
    if (c != FC_REPORT_COUNT_EVENTS && c != FC_REPORT_COUNT_UNREADABLE)
      self->counts[c] = 0;
}

static void
add_record_to_buckets (const FcReportIncident *r,
                       Bucket                  intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS],
                       Bucket                  steps[FC_REPORT_N_STEPS],
                       guint                   group_size[FC_REPORT_N_GROUPS])
{
  group_size[FC_REPORT_GROUP_ALL]++;
  group_size[r->group]++;

  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    {
      gint64 from = r->point_us[interval_points[i][0]];
      gint64 to = r->point_us[interval_points[i][1]];

      /* The "all" bucket is merged from the groups in finish_groups(). */
      bucket_add_interval (&intervals[i][r->group], from, to);
    }

  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      gboolean applies = s == FC_REPORT_STEP_FAILED_ATTEMPT
                         ? r->group == FC_REPORT_GROUP_ATTEMPTED_FAILED
                         : r->group == FC_REPORT_GROUP_CARD_USED;

      if (applies)
        bucket_add_interval (&steps[s], r->card_us[step_points[s][0]],
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
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (Effective));
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
      Accumulator *acc = value;
      FcReportIncident record;

      if (acc->training)
        self->counts[FC_REPORT_COUNT_TRAINING]++;
      if (acc->training && !self->include_training)
        continue;
      finish_incident (acc, &record, scratch);
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

      bucket_add_value (&self->hospital_calls[r->group], r->hospital_calls);

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
            bucket_add_value (&self->share,
                              (double) (total_to - total_from) / (double) (scene_to - scene_from));
        }

    }
  self->counts[FC_REPORT_COUNT_UNITS] = g_hash_table_size (units);

  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    finish_groups (self->intervals[i]);
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    bucket_finish (&self->steps[s]);
  bucket_finish (&self->share);
  finish_groups (self->hospital_calls);

  self->dirty = FALSE;
}

/* The monthly buckets, only when someone asks for them. */
static void
compute_months (FcReport *self)
{
  g_autoptr(GHashTable) month_index = g_hash_table_new (NULL, NULL);

  if (self->months_done)
    return;

  for (guint k = 0; k < self->records->len; k++)
    {
      const FcReportIncident *r = &g_array_index (self->records, FcReportIncident, k);
      Month *month;
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
          month = g_new0 (Month, 1);
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
      Month *month = g_ptr_array_index (self->months, m);

      for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
        finish_groups (month->intervals[i]);
      for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
        bucket_finish (&month->steps[s]);
    }
  self->months_done = TRUE;
}

static void
ensure_computed (FcReport *self)
{
  if (self->dirty)
    fc_report_compute (self);
}

/* GObject */

static void
fc_report_finalize (GObject *object)
{
  FcReport *self = FC_REPORT (object);

  fc_report_reset_results (self);
  loader_clear (&self->loader);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->months, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_report_parent_class)->finalize (object);
}

static void
fc_report_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FcReport *self = FC_REPORT (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_TRAINING:
      g_value_set_boolean (value, self->include_training);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_report_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FcReport *self = FC_REPORT (object);

  switch (prop_id)
    {
    case PROP_INCLUDE_TRAINING:
      fc_report_set_include_training (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_report_class_init (FcReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_report_finalize;
  object_class->get_property = fc_report_get_property;
  object_class->set_property = fc_report_set_property;

  /**
   * FcReport:include-training:
   *
   * Whether training incidents count in the statistics (they never do by default).
   */
  properties[PROP_INCLUDE_TRAINING] =
    g_param_spec_boolean ("include-training", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
source_clear (gpointer data)
{
  Source *source = data;

  g_free (source->path);
}

static void
fc_report_init (FcReport *self)
{
  loader_init (&self->loader);
  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, source_clear);
  self->records = g_array_new (FALSE, FALSE, sizeof (FcReportIncident));
  self->months = g_ptr_array_new_with_free_func ((GDestroyNotify) month_free);
  self->dirty = TRUE;
}

/* Public API */

FcReport *
fc_report_new (void)
{
  return g_object_new (FC_TYPE_REPORT, NULL);
}

gboolean
fc_report_get_include_training (FcReport *self)
{
  g_return_val_if_fail (FC_IS_REPORT (self), FALSE);

  return self->include_training;
}

void
fc_report_set_include_training (FcReport *self,
                                gboolean  include_training)
{
  g_return_if_fail (FC_IS_REPORT (self));

  include_training = !!include_training;
  if (self->include_training == include_training)
    return;
  self->include_training = include_training;
  self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE_TRAINING]);
}

/**
 * fc_report_add_row:
 * @self: a report
 * @row: one event
 *
 * Adds one event. A row whose time stamp cannot be read counts as unreadable.
 */
void
fc_report_add_row (FcReport          *self,
                   const FcTimingRow *row)
{
  g_return_if_fail (FC_IS_REPORT (self));
  g_return_if_fail (row != NULL && row->incident_id != NULL && row->kind != NULL);

  self->dirty = TRUE;
  loader_add_row (&self->loader, row);
}

/**
 * fc_report_add_file:
 * @self: a report
 * @path: a timing.db, or a CSV / JSON Lines export
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Returns: whether the file could be read (rows that could not be read are only counted)
 */
gboolean
fc_report_add_file (FcReport    *self,
                    const char  *path,
                    GError     **error)
{
  Source source = { NULL, };
  guint64 before;

  g_return_val_if_fail (FC_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  before = self->loader.events;
  self->loader.last = NULL;
  if (!fc_timing_probe_file (path, &source.source, error))
    return FALSE;
  self->dirty = TRUE;
  if (source.source == FC_TIMING_SOURCE_DATABASE)
    {
      g_autoptr(GError) local_error = NULL;

      if (!read_database_parallel (self, path, &local_error))
        {
          if (!g_str_has_prefix (local_error->message, path))
            g_prefix_error (&local_error, "%s: ", path);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else if (!fc_timing_read_file (path, FC_TIMING_READ_LEAN, loader_add_row_cb, &self->loader, NULL,
                                 &self->loader.unreadable, error))
    {
      return FALSE;
    }
  self->loader.last = NULL;
  source.path = g_strdup (path);
  source.events = self->loader.events - before;
  g_array_append_val (self->sources, source);
  self->counts[FC_REPORT_COUNT_FILES]++;
  self->dirty = TRUE;
  return TRUE;
}

guint64
fc_report_get_count (FcReport      *self,
                     FcReportCount  count)
{
  g_return_val_if_fail (FC_IS_REPORT (self), 0);
  g_return_val_if_fail (count < FC_REPORT_N_COUNTS, 0);

  ensure_computed (self);
  return self->counts[count];
}

guint
fc_report_get_group_size (FcReport      *self,
                          FcReportGroup  group)
{
  g_return_val_if_fail (FC_IS_REPORT (self), 0);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, 0);

  ensure_computed (self);
  return self->group_size[group];
}

const FcIntervalStats *
fc_report_get_interval (FcReport         *self,
                        FcReportInterval  interval,
                        FcReportGroup     group)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (interval < FC_REPORT_N_INTERVALS, NULL);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, NULL);

  ensure_computed (self);
  return &self->intervals[interval][group].stats;
}

const FcIntervalStats *
fc_report_get_step (FcReport     *self,
                    FcReportStep  step)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (step < FC_REPORT_N_STEPS, NULL);

  ensure_computed (self);
  return &self->steps[step].stats;
}

const FcIntervalStats *
fc_report_get_card_share (FcReport *self)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  ensure_computed (self);
  return &self->share.stats;
}

const FcIntervalStats *
fc_report_get_hospital_calls (FcReport      *self,
                              FcReportGroup  group)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, NULL);

  ensure_computed (self);
  return &self->hospital_calls[group].stats;
}

guint
fc_report_get_n_months (FcReport *self)
{
  g_return_val_if_fail (FC_IS_REPORT (self), 0);

  ensure_computed (self);
  compute_months (self);
  return self->months->len;
}

static Month *
get_month (FcReport *self,
           guint     index)
{
  ensure_computed (self);
  compute_months (self);
  if (index >= self->months->len)
    return NULL;
  return g_ptr_array_index (self->months, index);
}

const char *
fc_report_get_month (FcReport *self,
                     guint     index)
{
  Month *month;

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  month = get_month (self, index);
  g_return_val_if_fail (month != NULL, NULL);

  return month->label;
}

guint
fc_report_get_month_group_size (FcReport      *self,
                                guint          index,
                                FcReportGroup  group)
{
  Month *month;

  g_return_val_if_fail (FC_IS_REPORT (self), 0);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, 0);
  month = get_month (self, index);
  g_return_val_if_fail (month != NULL, 0);

  return month->group_size[group];
}

const FcIntervalStats *
fc_report_get_month_interval (FcReport         *self,
                              guint             index,
                              FcReportInterval  interval,
                              FcReportGroup     group)
{
  Month *month;

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (interval < FC_REPORT_N_INTERVALS, NULL);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, NULL);
  month = get_month (self, index);
  g_return_val_if_fail (month != NULL, NULL);

  return &month->intervals[interval][group].stats;
}

const FcIntervalStats *
fc_report_get_month_step (FcReport     *self,
                          guint         index,
                          FcReportStep  step)
{
  Month *month;

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (step < FC_REPORT_N_STEPS, NULL);
  month = get_month (self, index);
  g_return_val_if_fail (month != NULL, NULL);

  return &month->steps[step].stats;
}

/**
 * fc_report_foreach_incident:
 * @self: a report
 * @func: called for each included incident
 * @user_data: for @func
 *
 * Incidents come ordered by the time of their first point, then by id.
 */
void
fc_report_foreach_incident (FcReport             *self,
                            FcReportIncidentFunc  func,
                            gpointer              user_data)
{
  g_return_if_fail (FC_IS_REPORT (self));
  g_return_if_fail (func != NULL);

  ensure_computed (self);
  for (guint k = 0; k < self->records->len; k++)
    func (&g_array_index (self->records, FcReportIncident, k), user_data);
}

const char *
fc_report_point_get_kind (FcPoint point)
{
  g_return_val_if_fail (point < FC_N_POINTS, NULL);

  return kind_names[K_CALL + point];
}

/* Labels */

static const char * const interval_labels[FC_REPORT_N_INTERVALS] = {
  /* Translators: report row: time from the emergency call to arrival on scene. */
  [FC_REPORT_INTERVAL_RESPONSE] = N_("Response (call → arrival)"),
  /* Translators: report row: arrival on scene to reaching the patient. */
  [FC_REPORT_INTERVAL_ACCESS] = N_("Arrival → patient contact"),
  /* Translators: report row: patient contact to patient loaded into the ambulance (車内収容). */
  [FC_REPORT_INTERVAL_CONTACT_TO_LOADED] = N_("Contact → patient loaded"),
  /* Translators: report row: patient loaded (車内収容) to departure from scene. */
  [FC_REPORT_INTERVAL_LOADED_TO_LEFT] = N_("Patient loaded → left scene"),
  /* Translators: report row: scene time, arrival on scene to departure (現場滞在時間). */
  [FC_REPORT_INTERVAL_SCENE] = N_("Scene (arrival → left scene)"),
  /* Translators: report row: departure from scene to hospital arrival. */
  [FC_REPORT_INTERVAL_TRANSPORT] = N_("Transport (left scene → hospital)"),
  /* Translators: report row: hospital arrival to handover to hospital staff. */
  [FC_REPORT_INTERVAL_OFFLOAD] = N_("Offload (hospital → transfer of care)"),
  /* Translators: report row: emergency call to handover at hospital (病院収容所要時間). */
  [FC_REPORT_INTERVAL_TOTAL] = N_("Total (call → transfer of care)"),
};

static const char * const group_labels[FC_REPORT_N_GROUPS] = {
  /* Translators: report group: every incident. */
  [FC_REPORT_GROUP_ALL] = N_("All incidents"),
  /* Translators: report group: the card was read and the summary shown. */
  [FC_REPORT_GROUP_CARD_USED] = N_("Card used"),
  /* Translators: report group: the crew tried the card but no summary was shown. */
  [FC_REPORT_GROUP_ATTEMPTED_FAILED] = N_("Tried, failed"),
  /* Translators: report group: the card was not tried. */
  [FC_REPORT_GROUP_NOT_ATTEMPTED] = N_("Not tried"),
};

static const char * const step_labels[FC_REPORT_N_STEPS] = {
  /* Translators: card step: from asking for the card to consent recorded. */
  [FC_REPORT_STEP_CONSENT] = N_("Consent"),
  /* Translators: card step: from consent to the card certificate read. */
  [FC_REPORT_STEP_READ] = N_("Card read"),
  /* Translators: card step: from card read to the record received. */
  [FC_REPORT_STEP_FETCH] = N_("Record fetch"),
  /* Translators: card step: from record received to the summary on screen. */
  [FC_REPORT_STEP_VIEW] = N_("Summary shown"),
  /* Translators: card steps in total: asking for the card to the summary on screen. */
  [FC_REPORT_STEP_TOTAL] = N_("Total (asked → summary shown)"),
  /* Translators: time spent on card attempts that failed (first to last card step). */
  [FC_REPORT_STEP_FAILED_ATTEMPT] = N_("Failed attempts (first → last step)"),
};

const char *
fc_report_interval_get_label (FcReportInterval interval)
{
  g_return_val_if_fail (interval < FC_REPORT_N_INTERVALS, NULL);
  return _(interval_labels[interval]);
}

const char *
fc_report_group_get_label (FcReportGroup group)
{
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, NULL);
  return _(group_labels[group]);
}

const char *
fc_report_step_get_label (FcReportStep step)
{
  g_return_val_if_fail (step < FC_REPORT_N_STEPS, NULL);
  return _(step_labels[step]);
}

char *
fc_report_format_duration (double seconds)
{
  gint64 s;

  if (isnan (seconds))
    return g_strdup ("—");
  s = (gint64) llround (seconds);
  if (s < 0)
    {
      g_autofree char *positive = fc_report_format_duration (-seconds);

      return g_strdup_printf ("-%s", positive);
    }
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60),
                            (int) (s % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

/* JSON */

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * 1000) / 1000);
}

static void
add_stats (JsonBuilder           *builder,
           const FcIntervalStats *s)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, s->n);
  json_builder_set_member_name (builder, "missing");
  json_builder_add_int_value (builder, s->missing);
  json_builder_set_member_name (builder, "excluded");
  json_builder_add_int_value (builder, s->excluded);
  add_number_or_null (builder, "median", s->median);
  add_number_or_null (builder, "p10", s->p10);
  add_number_or_null (builder, "q1", s->q1);
  add_number_or_null (builder, "q3", s->q3);
  add_number_or_null (builder, "p90", s->p90);
  add_number_or_null (builder, "iqr", s->iqr);
  add_number_or_null (builder, "mean", s->mean);
  add_number_or_null (builder, "min", s->min);
  add_number_or_null (builder, "max", s->max);
  json_builder_end_object (builder);
}

static const char *
nick (GType type,
      int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);
  const char *result = enum_value != NULL ? enum_value->value_nick : "?";

  g_type_class_unref (klass); /* Enum classes stay alive once created. */
  return result;
}

static void
add_interval_groups (JsonBuilder *builder,
                     Bucket       intervals[FC_REPORT_N_INTERVALS][FC_REPORT_N_GROUPS])
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_INTERVAL, i));
      json_builder_begin_object (builder);
      for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
        {
          json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_GROUP, g));
          add_stats (builder, &intervals[i][g].stats);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
add_groups (JsonBuilder *builder,
            const guint  group_size[FC_REPORT_N_GROUPS])
{
  json_builder_begin_object (builder);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_GROUP, g));
      json_builder_add_int_value (builder, group_size[g]);
    }
  json_builder_end_object (builder);
}

static void
add_steps (JsonBuilder *builder,
           Bucket       steps[FC_REPORT_N_STEPS])
{
  json_builder_begin_object (builder);
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_STEP, s));
      add_stats (builder, &steps[s].stats);
    }
  json_builder_end_object (builder);
}

/**
 * fc_report_to_json:
 * @self: a report
 * @months: whether to add the monthly trend
 *
 * Returns: (transfer full): the report (schema "fieldcard-report/1"; times in seconds)
 */
JsonNode *
fc_report_to_json (FcReport *self,
                   gboolean  months)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const source_names[] = { "database", "csv", "jsonl" };

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  ensure_computed (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "fieldcard-report/1");
  json_builder_set_member_name (builder, "app_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "include_training");
  json_builder_add_boolean_value (builder, self->include_training);
  json_builder_set_member_name (builder, "bounds_s");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, FC_REPORT_MAX_INTERVAL_S);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const Source *source = &g_array_index (self->sources, Source, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, source->path);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, source_names[source->source]);
      json_builder_set_member_name (builder, "events");
      json_builder_add_int_value (builder, (gint64) source->events);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint c = 0; c < FC_REPORT_N_COUNTS; c++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_COUNT, c));
      json_builder_add_int_value (builder, (gint64) self->counts[c]);
    }
  json_builder_set_member_name (builder, "training-excluded");
  json_builder_add_int_value (builder, self->include_training
                                       ? 0 : (gint64) self->counts[FC_REPORT_COUNT_TRAINING]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "groups");
  add_groups (builder, self->group_size);
  json_builder_set_member_name (builder, "intervals");
  add_interval_groups (builder, self->intervals);
  json_builder_set_member_name (builder, "card-steps");
  add_steps (builder, self->steps);
  json_builder_set_member_name (builder, "card-share-of-scene");
  add_stats (builder, &self->share.stats);
  json_builder_set_member_name (builder, "hospital-calls");
  json_builder_begin_object (builder);
  for (guint g = 0; g < FC_REPORT_N_GROUPS; g++)
    {
      json_builder_set_member_name (builder, nick (FC_TYPE_REPORT_GROUP, g));
      add_stats (builder, &self->hospital_calls[g].stats);
    }
  json_builder_end_object (builder);

  if (months)
    {
      compute_months (self);
      json_builder_set_member_name (builder, "months");
      json_builder_begin_array (builder);
      for (guint m = 0; m < self->months->len; m++)
        {
          Month *month = g_ptr_array_index (self->months, m);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "month");
          json_builder_add_string_value (builder, month->label);
          json_builder_set_member_name (builder, "groups");
          add_groups (builder, month->group_size);
          json_builder_set_member_name (builder, "intervals");
          add_interval_groups (builder, month->intervals);
          json_builder_set_member_name (builder, "card-steps");
          add_steps (builder, month->steps);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Text */

/* Display width of @text in a terminal (CJK characters take two cells). */
static int
text_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_cell (GString    *out,
             const char *text,
             int         width,
             gboolean    right)
{
  int pad = MAX (right ? 1 : 0, width - text_width (text));

  if (right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (int i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

#define NUM_WIDTH   9

static void
append_header (GString    *out,
               int         label_width,
               const char *title)
{
  append_cell (out, title, label_width, FALSE);
  /* Translators: column heads of the report table; keep them short. */
  append_cell (out, C_("report column", "n"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "median"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "p90"), NUM_WIDTH, TRUE);
  append_cell (out, C_("report column", "Q1–Q3"), 2 * NUM_WIDTH + 2, TRUE);
  append_cell (out, C_("report column", "excluded"), NUM_WIDTH + 1, TRUE);
  append_cell (out, C_("report column", "missing"), NUM_WIDTH, TRUE);
  g_string_append_c (out, '\n');
}

static void
append_stats_row (GString               *out,
                  int                    label_width,
                  const char            *label,
                  const FcIntervalStats *s)
{
  g_autofree char *n = g_strdup_printf ("%u", s->n);
  g_autofree char *median = fc_report_format_duration (s->median);
  g_autofree char *p90 = fc_report_format_duration (s->p90);
  g_autofree char *q1 = fc_report_format_duration (s->q1);
  g_autofree char *q3 = fc_report_format_duration (s->q3);
  g_autofree char *range = s->n > 0 ? g_strdup_printf ("%s–%s", q1, q3) : g_strdup ("—");
  g_autofree char *excluded = g_strdup_printf ("%u", s->excluded);
  g_autofree char *missing = g_strdup_printf ("%u", s->missing);

  append_cell (out, label, label_width, FALSE);
  append_cell (out, n, NUM_WIDTH, TRUE);
  append_cell (out, median, NUM_WIDTH, TRUE);
  append_cell (out, p90, NUM_WIDTH, TRUE);
  append_cell (out, range, 2 * NUM_WIDTH + 2, TRUE);
  append_cell (out, excluded, NUM_WIDTH + 1, TRUE);
  append_cell (out, missing, NUM_WIDTH, TRUE);
  g_string_append_c (out, '\n');
}

static void
append_by_group (GString          *out,
                 int               label_width,
                 FcReport         *self,
                 FcReportInterval  interval)
{
  g_autofree char *title = NULL;

  /* Translators: heading of a table section; %s is an interval such as "Scene (…)". */
  title = g_strdup_printf (_("%s, by card use"), fc_report_interval_get_label (interval));
  append_header (out, label_width, title);
  for (guint g = FC_REPORT_GROUP_CARD_USED; g < FC_REPORT_N_GROUPS; g++)
    {
      g_autofree char *label = g_strdup_printf ("  %s", fc_report_group_get_label (g));

      append_stats_row (out, label_width, label, &self->intervals[interval][g].stats);
    }
  g_string_append_c (out, '\n');
}

static char *
number (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static void append_line (GString    *out,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Appends one formatted line and a line break. */
static void
append_line (GString    *out,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

static char *
format_percent (double fraction)
{
  if (isnan (fraction))
    return g_strdup ("—");
  return g_strdup_printf ("%.0f %%", fraction * 100);
}

static char *
format_count (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", value);
}

/**
 * fc_report_to_text:
 * @self: a report
 * @months: whether to add the monthly trend
 *
 * Returns: (transfer full): the report as a table for a terminal, in the current language
 */
char *
fc_report_to_text (FcReport *self,
                   gboolean  months)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 *c;
  const FcIntervalStats *share;
  const FcIntervalStats *calls;
  int label_width = 36;

  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  ensure_computed (self);
  c = self->counts;

  /* The label column fits the longest label in the current language. */
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    label_width = MAX (label_width, text_width (fc_report_interval_get_label (i)) + 2);
  for (guint st = 0; st < FC_REPORT_N_STEPS; st++)
    label_width = MAX (label_width, text_width (fc_report_step_get_label (st)) + 4);
  for (guint i = FC_REPORT_INTERVAL_LOADED_TO_LEFT; i <= FC_REPORT_INTERVAL_SCENE; i++)
    {
      g_autofree char *title = g_strdup_printf (_("%s, by card use"),
                                                fc_report_interval_get_label (i));

      label_width = MAX (label_width, text_width (title) + 2);
    }

  g_string_append_printf (out, "%s\n", _("FieldCard timing report"));
  {
    g_autofree char *events = number (c[FC_REPORT_COUNT_EVENTS]);
    g_autofree char *files = number (c[FC_REPORT_COUNT_FILES]);
    g_autofree char *incidents = number (c[FC_REPORT_COUNT_INCIDENTS]);
    g_autofree char *included = number (c[FC_REPORT_COUNT_INCLUDED]);
    g_autofree char *training = number (c[FC_REPORT_COUNT_TRAINING]);
    g_autofree char *unreadable = number (c[FC_REPORT_COUNT_UNREADABLE]);
    g_autofree char *duplicates = number (c[FC_REPORT_COUNT_DUPLICATES]);
    g_autofree char *corrections = number (c[FC_REPORT_COUNT_CORRECTIONS]);
    g_autofree char *voided = number (c[FC_REPORT_COUNT_VOIDED]);
    g_autofree char *bad = number (c[FC_REPORT_COUNT_BAD_CORRECTIONS]);
    g_autofree char *disorder = number (c[FC_REPORT_COUNT_CLOCK_DISORDER]);
    g_autofree char *synthetic = number (c[FC_REPORT_COUNT_SYNTHETIC]);

    /* Translators: the %s are numbers of events, files, incidents and included incidents. */
    append_line (out, _("Read %s events from %s file(s): %s incidents, %s included."),
                 events, files, incidents, included);
    if (self->include_training)
      append_line (out, _("Training incidents included: %s."), training);
    else
      append_line (out, _("Training incidents excluded: %s (add --include-training to count "
                          "them)."), training);
    append_line (out, _("Rows skipped: %s unreadable, %s read twice."), unreadable, duplicates);
    append_line (out, _("Corrections: %s applied (%s marks voided), %s naming no event."),
                 corrections, voided, bad);
    append_line (out, _("Clock trouble (wall clock went back or jumped): %s incidents; "
                        "intervals use the wall clock."), disorder);
    append_line (out, _("Intervals below 0 or above %d h are excluded and counted."),
                 FC_REPORT_MAX_INTERVAL_S / 3600);
    if (c[FC_REPORT_COUNT_SYNTHETIC] > 0)
      append_line (out, _("SYNTHETIC DATA: %s incidents come from “fieldcard-cli "
                          "simulate-log”, not from crews."), synthetic);
  }
  g_string_append_c (out, '\n');

  g_string_append_printf (out, "%s: %s %u · %s %u · %s %u\n\n", _("Card use"),
                          fc_report_group_get_label (FC_REPORT_GROUP_CARD_USED),
                          self->group_size[FC_REPORT_GROUP_CARD_USED],
                          fc_report_group_get_label (FC_REPORT_GROUP_ATTEMPTED_FAILED),
                          self->group_size[FC_REPORT_GROUP_ATTEMPTED_FAILED],
                          fc_report_group_get_label (FC_REPORT_GROUP_NOT_ATTEMPTED),
                          self->group_size[FC_REPORT_GROUP_NOT_ATTEMPTED]);

  /* Translators: heading of the interval table; times are minutes:seconds. */
  append_header (out, label_width, _("Intervals, all incidents (m:ss)"));
  for (guint i = 0; i < FC_REPORT_N_INTERVALS; i++)
    append_stats_row (out, label_width, fc_report_interval_get_label (i),
                      &self->intervals[i][FC_REPORT_GROUP_ALL].stats);
  g_string_append_c (out, '\n');

  append_by_group (out, label_width, self, FC_REPORT_INTERVAL_SCENE);
  append_by_group (out, label_width, self, FC_REPORT_INTERVAL_LOADED_TO_LEFT);

  /* Translators: heading of the card-step table. */
  append_header (out, label_width, _("Card steps, card-used incidents"));
  for (guint s = 0; s < FC_REPORT_N_STEPS; s++)
    {
      g_autofree char *label = g_strdup_printf ("  %s", fc_report_step_get_label (s));

      append_stats_row (out, label_width, label, &self->steps[s].stats);
    }
  share = &self->share.stats;
  {
    g_autofree char *median = format_percent (share->median);
    g_autofree char *p90 = format_percent (share->p90);

    g_string_append_printf (out,
                            /* Translators: the share of scene time taken by the card steps. */
                            _("Card steps as a share of scene time: median %s, p90 %s (n = %u)."),
                            median, p90, share->n);
    g_string_append_c (out, '\n');
  }
  calls = &self->hospital_calls[FC_REPORT_GROUP_ALL].stats;
  {
    g_autofree char *median = format_count (calls->median);
    g_autofree char *p90 = format_count (calls->p90);

    g_autofree char *hard = number (c[FC_REPORT_COUNT_HARD_TO_PLACE]);

    g_string_append_printf (out,
                            /* Translators: hospital acceptance calls (照会) per incident. */
                            _("Hospital calls per incident: median %s, p90 %s; 4 or more calls: "
                              "%s incidents."),
                            median, p90, hard);
    g_string_append_c (out, '\n');
  }

  if (months)
    {
      compute_months (self);
      g_string_append_c (out, '\n');
      /* Translators: heading of the monthly table; medians in minutes:seconds. */
      g_string_append_printf (out, "%s\n", _("Per month (medians, m:ss)"));
      append_cell (out, C_("report column", "month"), 9, FALSE);
      append_cell (out, C_("report column", "incidents"), 10, TRUE);
      append_cell (out, C_("report column", "card used"), 11, TRUE);
      append_cell (out, C_("report column", "scene: used/failed/not"), 26, TRUE);
      append_cell (out, C_("report column", "loaded→left: used/not"), 24, TRUE);
      append_cell (out, C_("report column", "card steps"), 12, TRUE);
      g_string_append_c (out, '\n');
      for (guint m = 0; m < self->months->len; m++)
        {
          Month *month = g_ptr_array_index (self->months, m);
          Bucket *scene_b = month->intervals[FC_REPORT_INTERVAL_SCENE];
          Bucket *loaded_b = month->intervals[FC_REPORT_INTERVAL_LOADED_TO_LEFT];
          g_autofree char *all = g_strdup_printf ("%u", month->group_size[FC_REPORT_GROUP_ALL]);
          g_autofree char *used = g_strdup_printf ("%u",
                                                   month->group_size[FC_REPORT_GROUP_CARD_USED]);
          g_autofree char *s1 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_CARD_USED].stats.median);
          g_autofree char *s2 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_ATTEMPTED_FAILED].stats.median);
          g_autofree char *s3 = fc_report_format_duration (
            scene_b[FC_REPORT_GROUP_NOT_ATTEMPTED].stats.median);
          g_autofree char *l1 = fc_report_format_duration (
            loaded_b[FC_REPORT_GROUP_CARD_USED].stats.median);
          g_autofree char *l3 = fc_report_format_duration (
            loaded_b[FC_REPORT_GROUP_NOT_ATTEMPTED].stats.median);
          g_autofree char *card = fc_report_format_duration (
            month->steps[FC_REPORT_STEP_TOTAL].stats.median);
          g_autofree char *scene = g_strdup_printf ("%s / %s / %s", s1, s2, s3);
          g_autofree char *loaded = g_strdup_printf ("%s / %s", l1, l3);

          append_cell (out, month->label, 9, FALSE);
          append_cell (out, all, 10, TRUE);
          append_cell (out, used, 11, TRUE);
          append_cell (out, scene, 26, TRUE);
          append_cell (out, loaded, 24, TRUE);
          append_cell (out, card, 12, TRUE);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
