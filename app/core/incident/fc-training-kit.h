/* fc-training-kit.h: everything a training incident needs for one scenario: a virtual card with a
 * certificate from a throwaway CA, the trust anchor, and the scenario's summary source; plus the
 * trainer's live controls (faults, revealed values, pause, reset).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-card-transport.h"
#include "fc-summary-source.h"
#include "fc-scenario.h"
#include "fc-timeline.h"

G_BEGIN_DECLS

#define FC_TRAINING_KIT_ERROR (fc_training_kit_error_quark ())

typedef enum {
  FC_TRAINING_KIT_ERROR_UNKNOWN_FAULT, /* not one of the FC_TRAINING_FAULT_* names */
} FcTrainingKitError;

/* Faults a trainer can inject while the crew works (fc_training_kit_inject()). */
#define FC_TRAINING_FAULT_LOSE_NETWORK    "lose-network"    /* every fetch fails from now on */
#define FC_TRAINING_FAULT_RESTORE_NETWORK "restore-network" /* the service answers normally */
#define FC_TRAINING_FAULT_PULL_CARD       "pull-card"       /* the card leaves the reader now */
#define FC_TRAINING_FAULT_REINSERT_CARD   "reinsert-card"   /* the card is back (found) */

#define FC_TYPE_TRAINING_KIT (fc_training_kit_get_type ())

G_DECLARE_FINAL_TYPE (FcTrainingKit, fc_training_kit, FC, TRAINING_KIT, GObject)

/* Properties (read-only unless said, notified on change): "scenario", "paused", "network-lost"
 * (the crew has no working service: lost, or an offline/503 scenario), "card-pulled" (the card
 * left the reader: pulled by the trainer or by a "removed-after" scenario, until it is back),
 * "revealed" (GStrv: names revealed so far), "time-scale" (read-write double, 0–10, default 1:
 * multiplies every delay of the scenario: card arrival, link time per byte, network latency,
 * card reinsertion; tests and headless runs use a small value), "timeline" (read-write,
 * nullable: where the trainer's actions are recorded as training events). */
GQuark           fc_training_kit_error_quark       (void);
/* Issues a fresh user-authentication certificate (an expired one for an "expired" card) and
 * configures the card and the source as the scenario says. */
G_GNUC_WARN_UNUSED_RESULT
FcTrainingKit   *fc_training_kit_new               (FcScenario    *scenario,
                                                    GError       **error);
FcScenario      *fc_training_kit_get_scenario      (FcTrainingKit *self);
/* The virtual card (an FcVirtualCard), configured from the scenario (behaviour, arrival
 * delay, …). */
FcCardTransport *fc_training_kit_get_transport     (FcTrainingKit *self);
/* The scenario's source (an FcScenarioSource). */
FcSummarySource *fc_training_kit_get_source        (FcTrainingKit *self);
/* (element-type GBytes): the throwaway CA's certificate. */
GPtrArray       *fc_training_kit_get_trust_anchors (FcTrainingKit *self);

/* NULL-terminated list of the FC_TRAINING_FAULT_* names, for the trainer panel. */
const char * const *fc_training_kit_list_faults    (void);
/* Applies a fault at once (see FC_TRAINING_FAULT_*); FC_TRAINING_KIT_ERROR_UNKNOWN_FAULT for any
 * other name. A card read in progress fails with FC_CARD_ERROR_REMOVED after "pull-card"; a
 * fetch waiting for its answer fails after "lose-network". Recorded in the timeline (if set). */
gboolean         fc_training_kit_inject            (FcTrainingKit *self,
                                                    const char    *fault,
                                                    GError       **error);
/* The value the crew gets when they measure or observe @name ("bgl" → "32", "bp" →
 * "92/60", "breathing" → localised text), for the UI to pre-fill or show; NULL when the
 * scenario does not reveal it. Recorded (name only) in the timeline. */
const char      *fc_training_kit_reveal            (FcTrainingKit *self,
                                                    const char    *name);
/* (transfer none) NULL-terminated: the names revealed so far. */
const char * const *fc_training_kit_get_revealed   (FcTrainingKit *self);
/* Freezes the scenario: network answers and a pending card reinsertion wait, and the time until
 * fc_training_kit_resume() does not count in the debrief (training-paused/-resumed events). */
void             fc_training_kit_pause             (FcTrainingKit *self);
void             fc_training_kit_resume            (FcTrainingKit *self);
gboolean         fc_training_kit_get_paused        (FcTrainingKit *self);
/* Back to the scenario's start: card on the reader as configured, network as configured, not
 * paused, nothing revealed. Keeps the certificate, the CA and the timeline. */
void             fc_training_kit_reset             (FcTrainingKit *self);
gboolean         fc_training_kit_get_network_lost  (FcTrainingKit *self);
gboolean         fc_training_kit_get_card_pulled   (FcTrainingKit *self);
double           fc_training_kit_get_time_scale    (FcTrainingKit *self);
void             fc_training_kit_set_time_scale    (FcTrainingKit *self,
                                                    double         scale);
FcTimeline      *fc_training_kit_get_timeline      (FcTrainingKit *self);
void             fc_training_kit_set_timeline      (FcTrainingKit *self,
                                                    FcTimeline    *timeline);

G_END_DECLS
