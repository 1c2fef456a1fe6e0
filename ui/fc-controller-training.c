/* fc-controller-training.c: the trainer's controls: the training kit, pause, faults,
 * reveals, restart and the debrief.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller-private.h"

#include <glib/gi18n-lib.h>


void
fc_controller_set_paused (FcController *self,
                          gboolean      paused)
{
  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  fc_controller_notify (self, PROP_PAUSED);
}

/* The kit's live state changed (paused, network, card, revealed values). */
void
fc_controller_kit_changed_cb (FcTrainingKit *kit,
                              GParamSpec    *pspec,
                              FcController  *self)
{
  if (kit != self->kit)
    return;
  fc_controller_set_paused (self, fc_training_kit_get_paused (kit));
  fc_controller_emit (self, SIGNAL_TRAINING_CHANGED);
}

/* Lets go of the incident's training kit: a paused kit holds answers back, so it is reset
 * (without recording anything: the incident is over) before it goes. */
void
fc_controller_release_kit (FcController *self)
{
  g_autoptr(FcTrainingKit) kit = g_steal_pointer (&self->kit);

  if (kit == NULL)
    return;
  g_signal_handlers_disconnect_by_data (kit, self);
  fc_training_kit_set_timeline (kit, NULL);
  if (fc_training_kit_get_paused (kit))
    fc_training_kit_reset (kit);
}

FcTrainingKit *
fc_controller_get_training_kit (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->kit;
}

gboolean
fc_controller_get_paused (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->paused;
}

void
fc_controller_training_pause (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->kit != NULL && fc_controller_incident_open (self))
    fc_training_kit_pause (self->kit);
}

void
fc_controller_training_resume (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->kit != NULL)
    fc_training_kit_resume (self->kit);
}

gboolean
fc_controller_training_inject (FcController  *self,
                               const char    *fault,
                               GError       **error)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->kit == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start a training scenario first."));
      return FALSE;
    }
  return fc_training_kit_inject (self->kit, fault, error);
}

const char *
fc_controller_training_reveal (FcController *self,
                               const char   *name)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->kit == NULL)
    return NULL;
  return fc_training_kit_reveal (self->kit, name);
}

gboolean
fc_controller_training_restart (FcController  *self,
                                GError       **error)
{
  g_autoptr(FcScenario) scenario = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->training || self->scenario == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start a training scenario first."));
      return FALSE;
    }
  /* start_incident() drops the incident, and the scenario with it. */
  scenario = g_object_ref (self->scenario);
  return fc_controller_start_incident (self, scenario, error);
}

FcDebrief *
fc_controller_build_debrief (FcController *self)
{
  g_autoptr(FcDebrief) debrief = NULL;
  g_auto(GStrv) shown = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (!self->training || self->scenario == NULL || self->timeline == NULL ||
      self->incident == NULL)
    return NULL;

  debrief = fc_debrief_new (self->scenario, self->rule_set);
  fc_debrief_add_timeline (debrief, self->timeline);
  /* The UI knows what was on screen; the debrief need not work it out. */
  shown = fc_controller_dup_shown_warnings (self);
  fc_debrief_set_shown_warnings (debrief, (const char * const *) shown);
  return g_steal_pointer (&debrief);
}
