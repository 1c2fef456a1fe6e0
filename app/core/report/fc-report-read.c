/* fc-report-read.c: reading rows. They are kept compactly per incident (32 bytes each, the
 * detail only as flags) while files are read; a large timing.db is read by up to four
 * threads, each over a range of row ids with its own connection and prepared statement, and
 * what they gathered is merged in range order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report-state-private.h"

#include <string.h>

#include "fc-timeline.h"

static const char * const kind_names[FC_N_RAW_KINDS] = {
  [FC_RAW_UNKNOWN] = "",
  [FC_RAW_INCIDENT_STARTED] = FC_EVENT_INCIDENT_STARTED,
  [FC_RAW_CALL] = FC_EVENT_CALL_RECEIVED,
  [FC_RAW_DISPATCHED] = FC_EVENT_DISPATCHED,
  [FC_RAW_EN_ROUTE] = FC_EVENT_EN_ROUTE,
  [FC_RAW_ARRIVED] = FC_EVENT_ARRIVED_SCENE,
  [FC_RAW_CONTACT] = FC_EVENT_PATIENT_CONTACT,
  [FC_RAW_LOADED] = FC_EVENT_PATIENT_LOADED,
  [FC_RAW_LEFT] = FC_EVENT_LEFT_SCENE,
  [FC_RAW_HOSPITAL] = FC_EVENT_ARRIVED_HOSPITAL,
  [FC_RAW_TRANSFER] = FC_EVENT_TRANSFER_OF_CARE,
  [FC_RAW_BACK] = FC_EVENT_BACK_IN_SERVICE,
  [FC_RAW_HCALL_START] = FC_EVENT_HOSPITAL_CALL_START,
  [FC_RAW_HCALL_END] = FC_EVENT_HOSPITAL_CALL_END,
  [FC_RAW_CARD_ASKED] = FC_EVENT_CARD_ASKED,
  [FC_RAW_CARD_PRESENT] = FC_EVENT_CARD_PRESENT,
  [FC_RAW_CONSENT] = FC_EVENT_CONSENT,
  [FC_RAW_CARD_DETECTED] = FC_EVENT_CARD_DETECTED,
  [FC_RAW_CARD_READ] = FC_EVENT_CARD_READ,
  [FC_RAW_FETCH_STARTED] = FC_EVENT_FETCH_STARTED,
  [FC_RAW_FETCH_DONE] = FC_EVENT_FETCH_DONE,
  [FC_RAW_SUMMARY_SHOWN] = FC_EVENT_SUMMARY_SHOWN,
  [FC_RAW_FINDING] = FC_EVENT_FINDING,
  [FC_RAW_WARNING_ACK] = FC_EVENT_WARNING_ACK,
  [FC_RAW_FAILURE] = FC_EVENT_FAILURE,
  [FC_RAW_WRONG_PERSON] = FC_EVENT_WRONG_PERSON,
  [FC_RAW_HANDOVER] = FC_EVENT_HANDOVER,
  [FC_RAW_CORRECTION] = FC_EVENT_CORRECTION,
};

static void
accumulator_free (FcReportAccumulator *acc)
{
  g_free (acc->id);
  g_array_unref (acc->events);
  g_free (acc);
}

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
                  FcRawEvent *event)
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
      event->flag |= FC_RAW_FLAG_VOID;
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
  event->flag |= FC_RAW_FLAG_BAD;
}

/* The FcRawKind of @text (FC_RAW_UNKNOWN for kinds this version does not know): length, first
 * and last character leave one candidate nearly always. */
static guint8
kind_from_string (const char *text)
{
  static gsize lengths[FC_N_RAW_KINDS];
  static gsize once;
  gsize len = strlen (text);

  if (g_once_init_enter (&once))
    {
      for (guint k = 0; k < FC_N_RAW_KINDS; k++)
        lengths[k] = strlen (kind_names[k]);
      g_once_init_leave (&once, 1);
    }
  if (len == 0)
    return FC_RAW_UNKNOWN;
  for (guint k = 1; k < FC_N_RAW_KINDS; k++)
    if (lengths[k] == len && kind_names[k][0] == text[0] &&
        kind_names[k][len - 1] == text[len - 1] && memcmp (kind_names[k], text, len) == 0)
      return (guint8) k;
  return FC_RAW_UNKNOWN;
}

void
fc_report_loader_init (FcReportLoader *loader)
{
  memset (loader, 0, sizeof *loader);
  loader->incidents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) accumulator_free);
  loader->unit_ids = g_hash_table_new (g_str_hash, g_str_equal);
  loader->strings = g_string_chunk_new (4096);
}

void
fc_report_loader_clear (FcReportLoader *loader)
{
  g_clear_pointer (&loader->incidents, g_hash_table_unref);
  g_clear_pointer (&loader->unit_ids, g_hash_table_unref);
  g_clear_pointer (&loader->strings, g_string_chunk_free);
  loader->last = NULL;
}

static const char *
loader_intern_unit (FcReportLoader *loader,
                    const char     *unit_id)
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
void
fc_report_loader_add_row (FcReportLoader    *loader,
                          const FcTimingRow *row)
{
  FcReportAccumulator *acc = loader->last;
  FcRawEvent event = { 0, };
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
    case FC_RAW_INCIDENT_STARTED:
      if (detail_has (row->detail, "synthetic=1"))
        event.flag |= FC_RAW_FLAG_SYNTHETIC;
      break;
    case FC_RAW_CONSENT:
      if (detail_has (row->detail, "basis=refused"))
        event.flag |= FC_RAW_FLAG_NO;
      break;
    case FC_RAW_FETCH_DONE:
      if (detail_has (row->detail, "result=ok"))
        event.flag |= FC_RAW_FLAG_OK;
      break;
    case FC_RAW_CARD_PRESENT:
      if (detail_has (row->detail, "present=no"))
        event.flag |= FC_RAW_FLAG_NO;
      break;
    case FC_RAW_HCALL_END:
      if (detail_has (row->detail, "outcome=accepted"))
        event.flag |= FC_RAW_FLAG_ACCEPTED;
      break;
    case FC_RAW_FAILURE:
      if (detail_has (row->detail, "step=card") || detail_has (row->detail, "step=fetch"))
        event.flag |= FC_RAW_FLAG_CARD;
      break;
    case FC_RAW_CORRECTION:
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
          acc = g_new0 (FcReportAccumulator, 1);
          acc->id = g_strdup (row->incident_id);
          acc->events = g_array_sized_new (FALSE, FALSE, sizeof (FcRawEvent), 24);
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
  acc->synthetic |= (event.flag & FC_RAW_FLAG_SYNTHETIC) != 0;
  g_array_append_val (acc->events, event);
}

/* Moves everything @from gathered into @into (@from is left empty). Rows of an incident found
 * in both come after those already in @into. */
static void
loader_merge (FcReportLoader *into,
              FcReportLoader *from)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, from->incidents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FcReportAccumulator *acc = value;
      FcReportAccumulator *existing = g_hash_table_lookup (into->incidents, acc->id);
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

void
fc_report_loader_add_row_cb (const FcTimingRow *row,
                             gpointer           user_data)
{
  fc_report_loader_add_row (user_data, row);
}

/* One thread reading one range of a timing.db. */
typedef struct {
  const char     *path;
  gint64          first_id;
  gint64          last_id;
  FcReportLoader  loader;
  GError         *error;    /* (owned) (nullable) */
  gboolean        ok;
} RangeJob;

static gpointer
read_range_thread (gpointer data)
{
  RangeJob *job = data;

  job->ok = fc_timing_read_database (job->path, FC_TIMING_READ_LEAN, job->first_id, job->last_id,
                                     fc_report_loader_add_row_cb, &job->loader,
                                     &job->loader.unreadable, &job->error);
  return NULL;
}

/* Reads a large timing.db in parallel ranges of row ids, one thread each (up to 4), and merges
 * what they gathered into @into in range order. Small files are read in one go. */
gboolean
fc_report_loader_read_database (FcReportLoader  *into,
                                const char      *path,
                                GError         **error)
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
      fc_report_loader_init (&jobs[j].loader);
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
        loader_merge (into, &jobs[j].loader);
      g_clear_error (&jobs[j].error);
      fc_report_loader_clear (&jobs[j].loader);
    }
  return ok;
}

const char *
fc_report_point_get_kind (FcPoint point)
{
  g_return_val_if_fail (point < FC_N_POINTS, NULL);

  return kind_names[FC_RAW_CALL + point];
}
