/* fc-debrief.c: the debrief of a training incident, and its PDF / PNG export.
 *
 * Times are monotonic (the timeline's µs), so a wall-clock change during the drill does not
 * move them, and the time the trainer paused the scenario (training-paused → training-resumed)
 * is taken out of every interval. The page is drawn with cairo's toy text API in one CJK font
 * (fc_chart_get_font_family()), so Japanese and English share one family and nothing falls back
 * to boxes.
 *
 * Modules: fc-debrief.c is the object, its input and getters; fc-debrief-compute.c judges the
 * targets and works out the warnings and what was missed; fc-debrief-draw.c draws the page and
 * fc-debrief-export.c writes JSON, PDF and PNG. The rows are FcDebriefTarget
 * (fc-debrief-target.c) and FcDebriefWarning (fc-debrief-warning.c); fc-debrief-private.h holds
 * what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"
#include "fc-debrief-private.h"

#include <glib/gi18n-lib.h>

#include "fc-timing-io.h"

G_DEFINE_QUARK (fc-debrief-error-quark, fc_debrief_error)

G_DEFINE_FINAL_TYPE (FcDebrief, fc_debrief, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_RULE_SET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
event_free (FcDebriefEvent *event)
{
  g_free (event->kind);
  g_free (event->detail);
  g_clear_pointer (&event->wall, g_date_time_unref);
  g_free (event);
}

static void
fc_debrief_dispose (GObject *object)
{
  FcDebrief *self = (FcDebrief *)object;

  g_clear_object (&self->scenario);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->targets);
  g_clear_object (&self->warnings);

  G_OBJECT_CLASS (fc_debrief_parent_class)->dispose (object);
}

static void
fc_debrief_finalize (GObject *object)
{
  FcDebrief *self = (FcDebrief *)object;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->shown_given, g_strfreev);
  g_clear_pointer (&self->pauses, g_array_unref);
  g_clear_pointer (&self->missed_codes, g_ptr_array_unref);
  g_clear_pointer (&self->missed, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_debrief_parent_class)->finalize (object);
}

static void
fc_debrief_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcDebrief *self = FC_DEBRIEF (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_RULE_SET:
      g_value_set_object (value, self->rule_set);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcDebrief *self = FC_DEBRIEF (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    case PROP_RULE_SET:
      self->rule_set = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_class_init (FcDebriefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_debrief_dispose;
  object_class->finalize = fc_debrief_finalize;
  object_class->get_property = fc_debrief_get_property;
  object_class->set_property = fc_debrief_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE_SET] =
    g_param_spec_object ("rule-set", NULL, NULL, FC_TYPE_RULE_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_debrief_init (FcDebrief *self)
{
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  self->pauses = g_array_new (FALSE, FALSE, sizeof (FcDebriefPause));
  self->targets = g_list_store_new (FC_TYPE_DEBRIEF_TARGET);
  self->warnings = g_list_store_new (FC_TYPE_DEBRIEF_WARNING);
  self->missed_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->missed_codes, NULL);
  self->missed = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->missed, NULL);
  self->dirty = TRUE;
}

FcDebrief *
fc_debrief_new (FcScenario *scenario,
                FcRuleSet  *rule_set)
{
  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (rule_set == NULL || FC_IS_RULE_SET (rule_set), NULL);

  return g_object_new (FC_TYPE_DEBRIEF,
                       "scenario", scenario,
                       "rule-set", rule_set,
                       NULL);
}

FcScenario *
fc_debrief_get_scenario (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  return self->scenario;
}

void
fc_debrief_add_event (FcDebrief  *self,
                      const char *kind,
                      const char *detail,
                      gint64      mono_us,
                      GDateTime  *wall)
{
  FcDebriefEvent *event;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (kind != NULL);

  event = g_new0 (FcDebriefEvent, 1);
  event->kind = g_strdup (kind);
  event->detail = g_strdup (detail);
  event->mono = mono_us;
  event->wall = wall != NULL ? g_date_time_ref (wall) : NULL;
  event->order = self->events->len;
  g_ptr_array_add (self->events, event);
  self->dirty = TRUE;
}

void
fc_debrief_add_timeline (FcDebrief  *self,
                         FcTimeline *timeline)
{
  GListModel *events;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (FC_IS_TIMELINE (timeline));

  events = fc_timeline_get_events (timeline);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      fc_debrief_add_event (self, fc_timeline_event_get_kind (event),
                            fc_timeline_event_get_detail (event),
                            fc_timeline_event_get_monotonic (event),
                            fc_timeline_event_get_wall (event));
    }
}

typedef struct
{
  FcDebrief  *self;
  const char *incident_id;
  guint       rows;
} ReadData;

static void
read_row_cb (const FcTimingRow *row,
             gpointer           user_data)
{
  ReadData *data = user_data;
  g_autoptr(GDateTime) wall = NULL;
  gint64 utc_us;
  int offset_s;

  if (g_strcmp0 (row->incident_id, data->incident_id) != 0)
    return;

  if (row->wall != NULL && fc_timing_parse_wall (row->wall, &utc_us, &offset_s))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
      g_autoptr(GTimeZone) zone = g_time_zone_new_offset (offset_s);

      if (utc != NULL && zone != NULL)
        wall = g_date_time_to_timezone (utc, zone);
    }

  fc_debrief_add_event (data->self, row->kind, row->detail, row->mono_us, wall);
  data->rows++;
}

gboolean
fc_debrief_add_timing_file (FcDebrief   *self,
                            const char  *path,
                            const char  *incident_id,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ReadData data = { self, incident_id, 0 };
  guint64 unreadable = 0;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (incident_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_timing_read_file (path, FC_TIMING_READ_ALL, read_row_cb, &data, NULL, &unreadable,
                            &local_error))
    {
      g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_READ, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  if (data.rows == 0)
    {
      /* Translators: %s is the timing file, the second %s an incident id. */
      g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_READ,
                   _("%s has no events of incident %s"), path, incident_id);
      return FALSE;
    }
  return TRUE;
}

void
fc_debrief_set_shown_warnings (FcDebrief          *self,
                               const char * const *rule_ids)
{
  g_return_if_fail (FC_IS_DEBRIEF (self));

  g_clear_pointer (&self->shown_given, g_strfreev);
  self->shown_given = g_strdupv ((char **) rule_ids);
  self->dirty = TRUE;
}

GListModel *
fc_debrief_get_targets (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  fc_debrief_compute (self);
  return G_LIST_MODEL (self->targets);
}

GListModel *
fc_debrief_get_warnings (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  fc_debrief_compute (self);
  return G_LIST_MODEL (self->warnings);
}

const char * const *
fc_debrief_get_missed_codes (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  fc_debrief_compute (self);
  return (const char * const *) self->missed_codes->pdata;
}

const char * const *
fc_debrief_get_missed (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  fc_debrief_compute (self);
  return (const char * const *) self->missed->pdata;
}

guint
fc_debrief_count_targets (FcDebrief        *self,
                          FcDebriefOutcome  outcome)
{
  guint count = 0;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), 0);

  fc_debrief_compute (self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      if (row->outcome == outcome)
        count++;
    }
  return count;
}

gint64
fc_debrief_get_duration_us (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), 0);

  fc_debrief_compute (self);
  return self->duration_us;
}
