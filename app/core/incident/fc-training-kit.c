/* fc-training-kit.c: the virtual card, trust anchor and summary source of a training scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-training-kit"

#include "config.h"

#include "fc-training-kit.h"
#include "fc-test-ca.h"
#include "fc-virtual-card.h"
#include "fc-scenario-source.h"

struct _FcTrainingKit
{
  GObject           parent_instance;

  FcScenario       *scenario;      /* (owned) */
  FcVirtualCard    *card;          /* (owned) */
  FcScenarioSource *source;        /* (owned) */
  GPtrArray        *trust_anchors; /* (owned) (element-type GBytes) */
};

G_DEFINE_FINAL_TYPE (FcTrainingKit, fc_training_kit, G_TYPE_OBJECT)

/* One throwaway CA per process: generating keys costs time, and nothing about it is secret. */
static FcTestCa *
shared_test_ca (GError **error)
{
  static GMutex lock;
  static FcTestCa *ca;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (ca == NULL)
    ca = fc_test_ca_new (error);
  return ca != NULL ? g_object_ref (ca) : NULL;
}

static void
fc_training_kit_dispose (GObject *object)
{
  FcTrainingKit *self = (FcTrainingKit *)object;

  g_clear_object (&self->scenario);
  g_clear_object (&self->card);
  g_clear_object (&self->source);
  g_clear_pointer (&self->trust_anchors, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_training_kit_parent_class)->dispose (object);
}

static void
fc_training_kit_class_init (FcTrainingKitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_training_kit_dispose;
}

static void
fc_training_kit_init (FcTrainingKit *self)
{
  self->trust_anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/**
 * fc_training_kit_new:
 * @scenario: the scenario to play
 *
 * Issues a fresh user-authentication certificate for the scenario's virtual card (so no two
 * drills share a patient key) and configures the card as the scenario says.
 */
FcTrainingKit *
fc_training_kit_new (FcScenario  *scenario,
                     GError     **error)
{
  g_autoptr(FcTrainingKit) self = NULL;
  g_autoptr(FcTestCa) ca = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autofree char *cn = NULL;

  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ca = shared_test_ca (error);
  if (ca == NULL)
    return NULL;

  cn = g_strdup_printf ("TRAINING-%s", fc_scenario_get_id (scenario));
  cert = fc_test_ca_issue_auth_cert (ca, cn, -30, 4 * 365, error);
  if (cert == NULL)
    return NULL;

  self = g_object_new (FC_TYPE_TRAINING_KIT, NULL);
  self->scenario = g_object_ref (scenario);
  self->card = fc_virtual_card_new (cert, fc_test_ca_get_cert_der (ca));
  g_object_set (self->card,
                "behaviour", fc_scenario_get_card_behaviour (scenario),
                "arrival-delay-ms", fc_scenario_get_card_delay_ms (scenario),
                "remove-after-bytes", fc_scenario_get_remove_after_bytes (scenario),
                NULL);
  self->source = fc_scenario_source_new (scenario);
  g_ptr_array_add (self->trust_anchors, g_bytes_ref (fc_test_ca_get_cert_der (ca)));

  return g_steal_pointer (&self);
}

FcScenario *
fc_training_kit_get_scenario (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);
  return self->scenario;
}

FcCardTransport *
fc_training_kit_get_transport (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);
  return FC_CARD_TRANSPORT (self->card);
}

FcSummarySource *
fc_training_kit_get_source (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);
  return FC_SUMMARY_SOURCE (self->source);
}

GPtrArray *
fc_training_kit_get_trust_anchors (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);
  return self->trust_anchors;
}
