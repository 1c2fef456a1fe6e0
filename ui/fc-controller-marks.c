/* fc-controller-marks.c: time marks: the next expected mark, marking, hospital calls and
 * corrections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>

#include "fc-event-label.h"
#include "fc-paths.h"

/* The time points in order, and where @kind sits among them (-1 when it is none). */
static int
time_point_index (const char *kind)
{
  const char * const *points = fc_event_get_time_points ();

  for (int i = 0; points[i] != NULL; i++)
    if (g_str_equal (points[i], kind))
      return i;
  return -1;
}

void
fc_controller_update_next_mark (FcController *self)
{
  const char * const *points = fc_event_get_time_points ();
  const char *next = NULL;
  int furthest = -1;

  if (self->timeline != NULL && self->incident != NULL &&
      fc_incident_get_state (self->incident) != FC_INCIDENT_STATE_HANDED_OVER)
    {
      GListModel *events = fc_timeline_get_events (self->timeline);
      guint n = g_list_model_get_n_items (events);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
          int index = time_point_index (fc_timeline_event_get_kind (event));
          gboolean voided = FALSE;

          if (index <= furthest)
            continue;
          fc_timeline_get_effective_wall (self->timeline, fc_timeline_event_get_seq (event), &voided);
          if (!voided)
            furthest = index;
        }
      next = points[furthest + 1];
    }

  if (self->next_mark != next)
    {
      self->next_mark = next;
      fc_controller_notify (self, PROP_NEXT_MARK);
    }
}

void
fc_controller_marks_changed (FcController *self)
{
  fc_controller_update_next_mark (self);
  fc_controller_emit (self, SIGNAL_MARKS_CHANGED);
}

const char *
fc_controller_mark_label (const char *event_kind)
{
  g_return_val_if_fail (event_kind != NULL, NULL);

  return fc_event_time_point_label (event_kind);
}

char *
fc_controller_mark (FcController *self,
                    const char   *event_kind)
{
  GListModel *events;
  guint n;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *message = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (self->incident == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_HANDED_OVER)
    return NULL;

  /* @event_kind may live in an action target that views replace when the timeline changes. */
  kind = g_strdup (event_kind);
  event_kind = kind;
  fc_incident_mark (self->incident, event_kind);

  /* Show the time that was recorded, not a second reading of the clock. */
  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  if (n > 0)
    {
      g_autoptr(FcTimelineEvent) last = g_list_model_get_item (events, n - 1);

      if (g_strcmp0 (fc_timeline_event_get_kind (last), event_kind) == 0)
        when = fc_timeline_event_get_wall (last);
    }
  if (when == NULL)
    when = now = g_date_time_new_now_local ();

  time = g_date_time_format (when, "%H:%M:%S");
  /* Translators: toast after a time mark; first %s is the mark ("On scene"), second the time. */
  message = g_strdup_printf (_("%s recorded at %s"), fc_event_kind_label (event_kind), time);
  fc_controller_notice (self, message);
  return g_steal_pointer (&time);
}

const char *
fc_controller_get_next_mark (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->next_mark;
}

char *
fc_controller_dup_mark_time (FcController *self,
                             const char   *event_kind)
{
  GListModel *events;
  guint n;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (self->incident == NULL || self->timeline == NULL)
    return NULL;

  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i - 1);
      GDateTime *wall;
      g_autoptr(GDateTime) local = NULL;

      if (g_strcmp0 (fc_timeline_event_get_kind (event), event_kind) != 0)
        continue;
      wall = fc_timeline_get_effective_wall (self->timeline, fc_timeline_event_get_seq (event), NULL);
      if (wall == NULL)
        continue; /* voided: an earlier mark of the same kind may stand */
      local = g_date_time_to_local (wall);
      return g_date_time_format (local, "%H:%M:%S");
    }
  return NULL;
}

gboolean
fc_controller_incident_open (FcController *self)
{
  return self->incident != NULL && self->timeline != NULL &&
         fc_incident_get_state (self->incident) != FC_INCIDENT_STATE_HANDED_OVER;
}

gboolean
fc_controller_hospital_call_start (FcController *self)
{
  FcTimelineEvent *event;
  g_autofree char *time = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (!fc_controller_incident_open (self) || fc_timeline_get_hospital_call_active (self->timeline))
    return FALSE;
  event = fc_timeline_hospital_call_start (self->timeline);
  time = g_date_time_format (fc_timeline_event_get_wall (event), "%H:%M:%S");
  /* Translators: toast; %u is the number of the call in this incident, %s the time. */
  message = g_strdup_printf (_("Hospital call %u started at %s"),
                             fc_timeline_get_hospital_calls (self->timeline), time);
  fc_controller_notice (self, message);
  return TRUE;
}

gboolean
fc_controller_hospital_call_end (FcController *self,
                                 gboolean      accepted)
{
  g_autofree char *message = NULL;
  guint n;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (!fc_controller_incident_open (self) || !fc_timeline_get_hospital_call_active (self->timeline))
    return FALSE;
  fc_timeline_hospital_call_end (self->timeline, accepted);
  n = fc_timeline_get_hospital_calls (self->timeline);
  message = accepted ?
            /* Translators: toast; %u is the number of the call (受入可). */
            g_strdup_printf (_("Hospital call %u: accepted"), n) :
            /* Translators: toast; %u is the number of the call (受入不可). */
            g_strdup_printf (_("Hospital call %u: declined"), n);
  fc_controller_notice (self, message);
  return TRUE;
}

gboolean
fc_controller_get_hospital_call_active (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->incident != NULL && self->timeline != NULL &&
         fc_timeline_get_hospital_call_active (self->timeline);
}

guint
fc_controller_get_hospital_calls (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), 0);
  return self->incident != NULL && self->timeline != NULL ?
         fc_timeline_get_hospital_calls (self->timeline) : 0;
}

gboolean
fc_controller_correct_mark (FcController  *self,
                            guint          seq,
                            GDateTime     *wall,
                            GError       **error)
{
  FcTimelineEvent *event;
  g_autofree char *kind = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->timeline == NULL || self->incident == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start an incident first."));
      return FALSE;
    }
  if (seq > 0 && seq <= g_list_model_get_n_items (fc_timeline_get_events (self->timeline)))
    {
      g_autoptr(FcTimelineEvent) target =
        g_list_model_get_item (fc_timeline_get_events (self->timeline), seq - 1);
      kind = g_strdup (fc_timeline_event_get_kind (target));
    }
  event = fc_timeline_correct (self->timeline, seq, wall, error);
  if (event == NULL)
    return FALSE;
  if (wall != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (wall);
      g_autofree char *time = g_date_time_format (local, "%H:%M:%S");

      /* Translators: toast after a correction; %s: the mark ("On scene"), %s: the new time. */
      message = g_strdup_printf (_("Corrected: %s at %s"), fc_event_kind_label (kind), time);
    }
  else
    /* Translators: toast after a mark was removed as a mistake; %s is the mark. */
    message = g_strdup_printf (_("Removed: %s"), fc_event_kind_label (kind));
  fc_controller_notice (self, message);
  return TRUE;
}

GDateTime *
fc_controller_correction_time (GDateTime *original,
                               int        hour,
                               int        minute,
                               int        second)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) same_day = NULL;
  GDateTime *best = NULL;
  GTimeSpan best_distance = G_MAXINT64;

  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (hour >= 0 && hour < 24, NULL);
  g_return_val_if_fail (minute >= 0 && minute < 60, NULL);
  g_return_val_if_fail (second >= 0 && second < 60, NULL);

  local = g_date_time_to_local (original);
  same_day = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), hour, minute, second);
  if (same_day == NULL)
    return NULL;

  /* 00:02 corrected to 23:58 means the evening before, not the next night. */
  for (int days = -1; days <= 1; days++)
    {
      GDateTime *candidate = g_date_time_add_days (same_day, days);
      GTimeSpan distance = g_date_time_difference (candidate, local);

      if (distance < 0)
        distance = -distance;
      if (distance < best_distance)
        {
          g_clear_pointer (&best, g_date_time_unref);
          best = candidate;
          best_distance = distance;
        }
      else
        g_date_time_unref (candidate);
    }
  return best;
}

char *
fc_controller_dup_timing_db_path (FcController *self)
{
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (self->timeline != NULL)
    fc_timeline_flush (self->timeline);
  user_dir = fc_paths_get_user_dir (self->training);
  return g_build_filename (user_dir, "timing.db", NULL);
}
