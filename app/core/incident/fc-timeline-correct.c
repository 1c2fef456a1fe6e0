/* fc-timeline-correct.c: corrections of the time marks the crew taps. A correction is a new
 * event ("seq=N kind=KIND wall=…" or "seq=N kind=KIND void"); nothing is overwritten, and
 * readers apply the latest correction of an event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-timeline"

#include "config.h"

#include "fc-timeline.h"
#include "fc-timeline-private.h"

#include <glib/gi18n-lib.h>

/* Kinds the crew taps (and so may get wrong); the steps the app logs itself are not corrected. */
static const char * const correctable_kinds[] = {
  FC_EVENT_CALL_RECEIVED,
  FC_EVENT_DISPATCHED,
  FC_EVENT_EN_ROUTE,
  FC_EVENT_ARRIVED_SCENE,
  FC_EVENT_PATIENT_CONTACT,
  FC_EVENT_PATIENT_LOADED,
  FC_EVENT_LEFT_SCENE,
  FC_EVENT_ARRIVED_HOSPITAL,
  FC_EVENT_TRANSFER_OF_CARE,
  FC_EVENT_BACK_IN_SERVICE,
  FC_EVENT_HOSPITAL_CALL_START,
  FC_EVENT_HOSPITAL_CALL_END,
  FC_EVENT_CARD_ASKED,
  FC_EVENT_CARD_PRESENT,
  FC_EVENT_WRONG_PERSON,
};

/**
 * fc_timeline_kind_is_correctable:
 * @kind: an event kind
 *
 * Returns: whether the crew may correct (re-time or void) events of @kind
 */
gboolean
fc_timeline_kind_is_correctable (const char *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (correctable_kinds); i++)
    if (g_str_equal (kind, correctable_kinds[i]))
      return TRUE;
  return FALSE;
}

/**
 * fc_timeline_correct:
 * @self: a timeline
 * @seq: the sequence number of the mark to correct
 * @wall: (nullable): the corrected time (any zone), or NULL to void the mark
 * @error: return location for a #FC_TIMELINE_ERROR
 *
 * Records a correction as a new event ("seq=N kind=KIND wall=…" or "seq=N kind=KIND void").
 * The corrected event stays as it was; readers apply the latest correction.
 *
 * Returns: (transfer none) (nullable): the correction event, or NULL with @error set
 */
FcTimelineEvent *
fc_timeline_correct (FcTimeline  *self,
                     guint        seq,
                     GDateTime   *wall,
                     GError     **error)
{
  g_autoptr(FcTimelineEvent) target = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (seq == 0 || seq > g_list_model_get_n_items (G_LIST_MODEL (self->events)))
    {
      g_set_error (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NO_SUCH_EVENT,
                   /* Translators: %u is the number of a time mark in this incident. */
                   _("There is no time mark number %u in this incident."), seq);
      return NULL;
    }
  target = g_list_model_get_item (G_LIST_MODEL (self->events), seq - 1);
  g_assert (target->seq == seq);
  if (!fc_timeline_kind_is_correctable (target->kind))
    {
      g_set_error_literal (error, FC_TIMELINE_ERROR, FC_TIMELINE_ERROR_NOT_CORRECTABLE,
                           _("Only the time marks the crew taps can be corrected; this step "
                             "was recorded by FieldCard itself."));
      return NULL;
    }

  if (wall != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (wall);

      detail = g_strdup_printf ("seq=%u kind=%s wall=%s", seq, target->kind, iso);
      g_hash_table_replace (self->corrections, GUINT_TO_POINTER (seq), g_date_time_ref (wall));
    }
  else
    {
      detail = g_strdup_printf ("seq=%u kind=%s void", seq, target->kind);
      g_hash_table_replace (self->corrections, GUINT_TO_POINTER (seq), NULL);
    }

  return fc_timeline_append (self, FC_EVENT_CORRECTION, detail);
}

/**
 * fc_timeline_get_effective_wall:
 * @self: a timeline
 * @seq: an event's sequence number
 * @voided: (out) (optional): set to whether a correction voided the event
 *
 * Returns: (transfer none) (nullable): the event's time after the latest correction, or NULL
 *   when there is no such event or it was voided
 */
GDateTime *
fc_timeline_get_effective_wall (FcTimeline *self,
                                guint       seq,
                                gboolean   *voided)
{
  gpointer corrected = NULL;
  g_autoptr(FcTimelineEvent) event = NULL;

  if (voided != NULL)
    *voided = FALSE;
  g_return_val_if_fail (FC_IS_TIMELINE (self), NULL);

  if (seq == 0 || seq > g_list_model_get_n_items (G_LIST_MODEL (self->events)))
    return NULL;
  if (g_hash_table_lookup_extended (self->corrections, GUINT_TO_POINTER (seq), NULL, &corrected))
    {
      if (corrected == NULL && voided != NULL)
        *voided = TRUE;
      return corrected;
    }
  event = g_list_model_get_item (G_LIST_MODEL (self->events), seq - 1);
  return event->wall;
}
