/* fc-controller-private.h: the state of FcController shared by its source files (one per
 * responsibility: fc-controller.c the object, -card.c the reader, -fetch.c the record,
 * -incident.c one incident's lifetime, -marks.c time marks, -training.c the trainer's kit).
 * Not for widgets: they use fc-controller.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-controller.h"

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-card-transport.h"
#include "fc-rule-set.h"
#include "fc-store.h"
#include "fc-summary-source.h"
#include "fc-timeline.h"
#include "fc-training-kit.h"

G_BEGIN_DECLS

#define CARD_TIMEOUT_MS 30000
#define TRAINING_UNIT_ID "training-unit"

struct _FcController
{
  GObject          parent_instance;

  gboolean         training;
  FcRealConfig    *config;           /* (owned) (nullable): real mode */
  char            *reader_connstring; /* (owned) (nullable): training with a card reader */
  FcFlowStep       step;
  GListStore      *scenarios;        /* (owned) of FcScenario */
  char            *scenario_errors;  /* (owned) (nullable) */

  /* Real mode, kept across incidents (the reader thread, the TLS connection, cache.db): */
  FcCardTransport *reader;           /* (owned) (nullable) */
  FcSummarySource *server;           /* (owned) (nullable) */
  FcCache         *cache;            /* (owned) (nullable): NULL = no offline copy */
  FcSummarySource *test_source;      /* (owned) (nullable): replaces the others (tests) */
  GPtrArray       *reader_anchors;   /* (owned) (nullable) (element-type GBytes): training
                                      * reader's CA, read again for every card read */
  /* Both modes (each in its own folder), opened with the first incident: */
  FcAudit         *audit;            /* (owned) (nullable): NULL = access log unavailable */

  /* One incident: */
  FcScenario      *scenario;         /* (owned) (nullable) */
  FcTrainingKit   *kit;              /* (owned) (nullable) */
  FcStore         *store;            /* (owned) (nullable): NULL = memory-only timeline */
  FcTimeline      *timeline;         /* (owned) (nullable) */
  FcRuleSet       *rule_set;         /* (owned) (nullable): NULL = no warnings, said in "problem" */
  FcIncident      *incident;         /* (owned) (nullable) */
  GCancellable    *cancellable;      /* (owned) (nullable): the running card read / fetch */
  gboolean         summary_shown;
  GHashTable      *shown_warnings;   /* (owned): rule id → message of each warning on screen */
  gboolean         paused;           /* the kit's "paused" */

  gboolean         card_busy;
  char            *card_error;       /* (owned) (nullable) */
  char            *card_notice;      /* (owned) (nullable) */
  char            *card_hint;        /* (owned) (nullable): what to do about the last card error */
  char            *reader_status;    /* (owned): the Tap-card page's status line */
  guint            card_detected_at; /* timeline events before this read started (reader status) */
  gboolean         card_was_away;    /* the card left the reader during this read (and came back) */
  FcFetchState     fetch_state;
  char            *fetch_error;      /* (owned) (nullable) */
  gboolean         fetch_can_retry;
  const char      *next_mark;        /* (unowned) (nullable): a static kind string */
  char            *mode_problem;     /* (owned) (nullable): a problem of real mode itself */
  GPtrArray       *problems;         /* (owned) (element-type utf8) */
  char            *problem;          /* (owned) (nullable): problems joined */
};

typedef enum {
  PROP_0,
  PROP_TRAINING,
  PROP_CONFIG,
  PROP_STEP,
  PROP_SCENARIOS,
  PROP_SCENARIO_ERRORS,
  PROP_INCIDENT,
  PROP_SCENARIO,
  PROP_CARD_BUSY,
  PROP_CARD_ERROR,
  PROP_CARD_NOTICE,
  PROP_FETCH_STATE,
  PROP_FETCH_ERROR,
  PROP_FETCH_CAN_RETRY,
  PROP_NEXT_MARK,
  PROP_HOSPITAL_CALL_ACTIVE,
  PROP_HOSPITAL_CALLS,
  PROP_PROBLEM,
  PROP_READER_CONNSTRING,
  PROP_PAUSED,
  PROP_READER_STATUS,
  N_PROPS
} FcControllerProp;

typedef enum {
  SIGNAL_NOTICE,
  SIGNAL_MARKS_CHANGED,
  SIGNAL_TRAINING_CHANGED,
  N_SIGNALS
} FcControllerSignal;

/* fc-controller.c: notifications and the state every part sets. */
void     fc_controller_notify            (FcController  *self,
                                          FcControllerProp prop);
/* Emits a signal without arguments (not SIGNAL_NOTICE: fc_controller_notice()). */
void     fc_controller_emit              (FcController  *self,
                                          FcControllerSignal signal_id);
/* g_set_str() is GLib 2.76; this is the same for 2.74. TRUE when *@field changed. */
gboolean fc_controller_replace_str       (char         **field,
                                          const char    *value);
void     fc_controller_notice            (FcController  *self,
                                          const char    *message);
void     fc_controller_set_step          (FcController  *self,
                                          FcFlowStep     step);
void     fc_controller_set_card_busy     (FcController  *self,
                                          gboolean       busy);
void     fc_controller_set_card_error    (FcController  *self,
                                          const char    *message);
void     fc_controller_set_card_notice   (FcController  *self,
                                          const char    *message);
void     fc_controller_set_fetch_state   (FcController  *self,
                                          FcFetchState   state,
                                          const char    *error,
                                          gboolean       can_retry);
void     fc_controller_update_problem    (FcController  *self);
void     fc_controller_add_problem       (FcController  *self,
                                          const char    *message);

/* fc-controller-card.c */
void     fc_controller_update_reader_status (FcController *self);
/* The incident's "card-away" changed. */
void     fc_controller_card_away_cb      (FcController  *self);

/* fc-controller-fetch.c */
FcSummarySource *fc_controller_current_source (FcController *self);
void     fc_controller_start_fetch       (FcController  *self);
void     fc_controller_collect_shown_warnings (FcController *self);

/* fc-controller-marks.c */
void     fc_controller_update_next_mark  (FcController  *self);
void     fc_controller_marks_changed     (FcController  *self);
/* An incident is open (not handed over) and has a timeline. */
gboolean fc_controller_incident_open     (FcController  *self);

/* fc-controller-training.c */
void     fc_controller_set_paused        (FcController  *self,
                                          gboolean       paused);
void     fc_controller_kit_changed_cb    (FcTrainingKit *kit,
                                          GParamSpec    *pspec,
                                          FcController  *self);
void     fc_controller_release_kit       (FcController  *self);
void     fc_controller_release_incident  (FcController  *self);

G_END_DECLS
