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
 * Modules: fc-report.c is the object and its getters, fc-report-read.c reads rows,
 * fc-report-incident.c turns one incident's events into a record, fc-report-compute.c gathers
 * the records into buckets, fc-report-bucket.c computes a bucket's statistics, fc-report-json.c
 * and fc-report-text.c write the report out; fc-report-state-private.h holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-report.h"
#include "fc-report-state-private.h"

#include <math.h>

#include <glib/gi18n-lib.h>

G_DEFINE_FINAL_TYPE (FcReport, fc_report, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (FcIntervalStats, fc_interval_stats, fc_interval_stats_copy,
                     fc_interval_stats_free)

enum {
  PROP_0,
  PROP_INCLUDE_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* GObject */

static void
fc_report_finalize (GObject *object)
{
  FcReport *self = FC_REPORT (object);

  fc_report_reset_results (self);
  fc_report_loader_clear (&self->loader);
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
  FcReportSource *source = data;

  g_free (source->path);
}

static void
fc_report_init (FcReport *self)
{
  fc_report_loader_init (&self->loader);
  self->sources = g_array_new (FALSE, TRUE, sizeof (FcReportSource));
  g_array_set_clear_func (self->sources, source_clear);
  self->records = g_array_new (FALSE, FALSE, sizeof (FcReportIncident));
  self->months = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_report_month_free);
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
  fc_report_loader_add_row (&self->loader, row);
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
  FcReportSource source = { NULL, };
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

      if (!fc_report_loader_read_database (&self->loader, path, &local_error))
        {
          if (!g_str_has_prefix (local_error->message, path))
            g_prefix_error (&local_error, "%s: ", path);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else if (!fc_timing_read_file (path, FC_TIMING_READ_LEAN, fc_report_loader_add_row_cb,
                                 &self->loader, NULL, &self->loader.unreadable, error))
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

  fc_report_ensure_computed (self);
  return self->counts[count];
}

guint
fc_report_get_group_size (FcReport      *self,
                          FcReportGroup  group)
{
  g_return_val_if_fail (FC_IS_REPORT (self), 0);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, 0);

  fc_report_ensure_computed (self);
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

  fc_report_ensure_computed (self);
  return &self->intervals[interval][group].stats;
}

const FcIntervalStats *
fc_report_get_step (FcReport     *self,
                    FcReportStep  step)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (step < FC_REPORT_N_STEPS, NULL);

  fc_report_ensure_computed (self);
  return &self->steps[step].stats;
}

const FcIntervalStats *
fc_report_get_card_share (FcReport *self)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);

  fc_report_ensure_computed (self);
  return &self->share.stats;
}

const FcIntervalStats *
fc_report_get_hospital_calls (FcReport      *self,
                              FcReportGroup  group)
{
  g_return_val_if_fail (FC_IS_REPORT (self), NULL);
  g_return_val_if_fail (group < FC_REPORT_N_GROUPS, NULL);

  fc_report_ensure_computed (self);
  return &self->hospital_calls[group].stats;
}

guint
fc_report_get_n_months (FcReport *self)
{
  g_return_val_if_fail (FC_IS_REPORT (self), 0);

  fc_report_ensure_computed (self);
  fc_report_compute_months (self);
  return self->months->len;
}

static FcReportMonth *
get_month (FcReport *self,
           guint     index)
{
  fc_report_ensure_computed (self);
  fc_report_compute_months (self);
  if (index >= self->months->len)
    return NULL;
  return g_ptr_array_index (self->months, index);
}

const char *
fc_report_get_month (FcReport *self,
                     guint     index)
{
  FcReportMonth *month;

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
  FcReportMonth *month;

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
  FcReportMonth *month;

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
  FcReportMonth *month;

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

  fc_report_ensure_computed (self);
  for (guint k = 0; k < self->records->len; k++)
    func (&g_array_index (self->records, FcReportIncident, k), user_data);
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
