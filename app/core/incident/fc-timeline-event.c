/* fc-timeline-event.c: FcTimelineEvent, one timing event of an incident: a kind, a short
 * detail (never patient data), monotonic and wall-clock time, and its number in the timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-timeline"

#include "config.h"

#include "fc-timeline.h"
#include "fc-timeline-private.h"

G_DEFINE_FINAL_TYPE (FcTimelineEvent, fc_timeline_event, G_TYPE_OBJECT)

enum {
  EVENT_PROP_0,
  EVENT_PROP_KIND,
  EVENT_PROP_DETAIL,
  EVENT_PROP_MONOTONIC,
  EVENT_PROP_WALL,
  EVENT_PROP_SEQ,
  EVENT_N_PROPS
};

static GParamSpec *event_properties[EVENT_N_PROPS];

static void
fc_timeline_event_finalize (GObject *object)
{
  FcTimelineEvent *self = FC_TIMELINE_EVENT (object);

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->wall, g_date_time_unref);

  G_OBJECT_CLASS (fc_timeline_event_parent_class)->finalize (object);
}

static void
fc_timeline_event_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcTimelineEvent *self = FC_TIMELINE_EVENT (object);

  switch (prop_id)
    {
    case EVENT_PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case EVENT_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case EVENT_PROP_MONOTONIC:
      g_value_set_int64 (value, self->monotonic);
      break;

    case EVENT_PROP_WALL:
      g_value_set_boxed (value, self->wall);
      break;

    case EVENT_PROP_SEQ:
      g_value_set_uint (value, self->seq);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_timeline_event_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FcTimelineEvent *self = FC_TIMELINE_EVENT (object);

  switch (prop_id)
    {
    case EVENT_PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    case EVENT_PROP_DETAIL:
      self->detail = g_value_dup_string (value);
      break;

    case EVENT_PROP_MONOTONIC:
      self->monotonic = g_value_get_int64 (value);
      break;

    case EVENT_PROP_WALL:
      self->wall = g_value_dup_boxed (value);
      break;

    case EVENT_PROP_SEQ:
      self->seq = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_timeline_event_class_init (FcTimelineEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_timeline_event_finalize;
  object_class->get_property = fc_timeline_event_get_property;
  object_class->set_property = fc_timeline_event_set_property;

  /**
   * FcTimelineEvent:kind:
   *
   * One of the FC_EVENT_* strings.
   */
  event_properties[EVENT_PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimelineEvent:detail:
   *
   * A short detail without patient data, or NULL.
   */
  event_properties[EVENT_PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimelineEvent:monotonic:
   *
   * Monotonic time in µs, strictly increasing within the timeline.
   */
  event_properties[EVENT_PROP_MONOTONIC] =
    g_param_spec_int64 ("monotonic", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimelineEvent:wall:
   *
   * Wall-clock time with the local zone.
   */
  event_properties[EVENT_PROP_WALL] =
    g_param_spec_boxed ("wall", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FcTimelineEvent:seq:
   *
   * Position in the timeline, from 1.
   */
  event_properties[EVENT_PROP_SEQ] =
    g_param_spec_uint ("seq", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, EVENT_N_PROPS, event_properties);
}

static void
fc_timeline_event_init (FcTimelineEvent *self)
{
}

const char *
fc_timeline_event_get_kind (FcTimelineEvent *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (self), NULL);

  return self->kind;
}

const char *
fc_timeline_event_get_detail (FcTimelineEvent *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (self), NULL);

  return self->detail;
}

gint64
fc_timeline_event_get_monotonic (FcTimelineEvent *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (self), 0);

  return self->monotonic;
}

GDateTime *
fc_timeline_event_get_wall (FcTimelineEvent *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (self), NULL);

  return self->wall;
}

guint
fc_timeline_event_get_seq (FcTimelineEvent *self)
{
  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (self), 0);

  return self->seq;
}
