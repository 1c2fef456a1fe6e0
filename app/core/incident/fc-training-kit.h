/* fc-training-kit.h: everything a training incident needs for one scenario: a virtual card with a
 * certificate from a throwaway CA, the trust anchor, and the scenario's summary source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"
#include "fc-summary-source.h"
#include "fc-scenario.h"

G_BEGIN_DECLS

#define FC_TYPE_TRAINING_KIT (fc_training_kit_get_type ())

G_DECLARE_FINAL_TYPE (FcTrainingKit, fc_training_kit, FC, TRAINING_KIT, GObject)

G_GNUC_WARN_UNUSED_RESULT
FcTrainingKit   *fc_training_kit_new               (FcScenario    *scenario,
                                                    GError       **error);
FcScenario      *fc_training_kit_get_scenario      (FcTrainingKit *self);
/* The virtual card, configured from the scenario (behaviour, arrival delay, …). */
FcCardTransport *fc_training_kit_get_transport     (FcTrainingKit *self);
FcSummarySource *fc_training_kit_get_source        (FcTrainingKit *self);
/* (element-type GBytes): the throwaway CA's certificate. */
GPtrArray       *fc_training_kit_get_trust_anchors (FcTrainingKit *self);

G_END_DECLS
