/* fc-training-kit.c: the virtual card, trust anchor and summary source of a training scenario, and
 * the trainer's live controls.
 *
 * The card is an FcVirtualCard: its behaviour is changed under its own lock, so faults can be
 * injected while the reader thread is in the middle of a read. A "removed-after" card leaves the
 * field by itself; the kit notices (the card answered and is no longer present) by looking every
 * 100 ms until then, and puts it back after the scenario's "reinsert_after_ms".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-training-kit"

#include "config.h"

#include "fc-training-kit.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "fc-test-ca.h"
#include "fc-virtual-card.h"
#include "fc-scenario-source.h"

#define REMOVAL_POLL_MS 100
#define MAX_TIME_SCALE  10.0

struct _FcTrainingKit
{
  GObject           parent_instance;

  FcScenario       *scenario;      /* (owned) */
  FcVirtualCard    *card;          /* (owned) */
  FcScenarioSource *source;        /* (owned) */
  GPtrArray        *trust_anchors; /* (owned) (element-type GBytes) */
  FcTimeline       *timeline;      /* (owned) (nullable) */
  GPtrArray        *revealed;      /* (owned) NULL-terminated names */
  double            time_scale;
  guint             removal_poll_id;  /* watching a "removed-after" card */
  guint             reinsert_id;      /* the card comes back */
  gint64            reinsert_due_us;  /* monotonic, while reinsert_id is set */
  gint64            reinsert_left_us; /* while paused: what was left of the wait; -1 = none */
  gboolean          paused;
  gboolean          card_pulled;
};

G_DEFINE_FINAL_TYPE (FcTrainingKit, fc_training_kit, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-training-kit-error-quark, fc_training_kit_error)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_PAUSED,
  PROP_NETWORK_LOST,
  PROP_CARD_PULLED,
  PROP_REVEALED,
  PROP_TIME_SCALE,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const faults[] = {
  FC_TRAINING_FAULT_LOSE_NETWORK,
  FC_TRAINING_FAULT_RESTORE_NETWORK,
  FC_TRAINING_FAULT_PULL_CARD,
  FC_TRAINING_FAULT_REINSERT_CARD,
  NULL
};

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

static guint
scaled (FcTrainingKit *self,
        guint          value)
{
  double result = round (value * self->time_scale);

  return result >= G_MAXUINT ? G_MAXUINT : (guint) result;
}

static void
record (FcTrainingKit *self,
        const char    *kind,
        const char    *detail)
{
  if (self->timeline != NULL)
    fc_timeline_append (self->timeline, kind, detail);
}

static void
set_card_pulled (FcTrainingKit *self,
                 gboolean       pulled)
{
  if (self->card_pulled == pulled)
    return;
  self->card_pulled = pulled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_PULLED]);
}

static void
stop_card_timers (FcTrainingKit *self)
{
  g_clear_handle_id (&self->removal_poll_id, g_source_remove);
  g_clear_handle_id (&self->reinsert_id, g_source_remove);
  self->reinsert_left_us = -1;
}

/* The behaviour the card has when it is (back) on the reader: a card that was absent has been
 * found, and one that was pulled is held still this time. */
static FcVirtualCardBehaviour
settled_behaviour (FcTrainingKit *self)
{
  FcVirtualCardBehaviour behaviour = fc_scenario_get_card_behaviour (self->scenario);

  if (behaviour == FC_VIRTUAL_CARD_ABSENT || behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER)
    return FC_VIRTUAL_CARD_PRESENT;
  return behaviour;
}

static void
put_card_back (FcTrainingKit *self)
{
  g_clear_handle_id (&self->removal_poll_id, g_source_remove);
  g_clear_handle_id (&self->reinsert_id, g_source_remove);
  self->reinsert_left_us = -1;

  /* At once: the crew is holding it to the reader. */
  g_object_set (self->card, "arrival-delay-ms", 0, NULL);
  fc_virtual_card_set_behaviour (self->card, settled_behaviour (self));
  set_card_pulled (self, FALSE);
}

static gboolean
reinsert_cb (gpointer user_data)
{
  FcTrainingKit *self = user_data;

  self->reinsert_id = 0;
  g_debug ("The scenario puts the card back on the reader");
  put_card_back (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reinsert (FcTrainingKit *self,
                   gint64         wait_us)
{
  g_clear_handle_id (&self->reinsert_id, g_source_remove);
  self->reinsert_due_us = g_get_monotonic_time () + wait_us;
  self->reinsert_id = g_timeout_add ((guint) MAX (wait_us / 1000, 0), reinsert_cb, self);
  g_source_set_name_by_id (self->reinsert_id, "[fc] training card reinsert");
}

/* Whether a "removed-after" card left the field: it answered, and is no longer present. */
static gboolean
removal_poll_cb (gpointer user_data)
{
  FcTrainingKit *self = user_data;
  FcCardTransport *transport = FC_CARD_TRANSPORT (self->card);
  guint reinsert_ms;

  if (fc_virtual_card_get_behaviour (self->card) != FC_VIRTUAL_CARD_REMOVED_AFTER
      || fc_virtual_card_get_apdu_count (self->card) == 0
      || fc_card_transport_card_present (transport))
    return G_SOURCE_CONTINUE;

  self->removal_poll_id = 0;
  g_debug ("The scenario's card left the reader");
  set_card_pulled (self, TRUE);

  reinsert_ms = fc_scenario_get_card_reinsert_after_ms (self->scenario);
  if (reinsert_ms > 0)
    {
      gint64 wait_us = (gint64) scaled (self, reinsert_ms) * 1000;

      if (self->paused)
        self->reinsert_left_us = wait_us;
      else
        schedule_reinsert (self, wait_us);
    }
  return G_SOURCE_REMOVE;
}

/* Configures the card as the scenario says at its start. */
static void
setup_card (FcTrainingKit *self)
{
  stop_card_timers (self);

  g_object_set (self->card,
                "arrival-delay-ms", scaled (self, fc_scenario_get_card_delay_ms (self->scenario)),
                "remove-after-bytes", fc_scenario_get_remove_after_bytes (self->scenario),
                "byte-delay-us", scaled (self, fc_scenario_get_card_byte_delay_us (self->scenario)),
                NULL);
  if (fc_scenario_get_card_error_status (self->scenario) != 0)
    g_object_set (self->card, "error-status", fc_scenario_get_card_error_status (self->scenario),
                  NULL);
  /* Also puts the card (back) on the reader. */
  fc_virtual_card_set_behaviour (self->card, fc_scenario_get_card_behaviour (self->scenario));
  set_card_pulled (self, FALSE);

  if (fc_scenario_get_card_behaviour (self->scenario) == FC_VIRTUAL_CARD_REMOVED_AFTER)
    {
      self->removal_poll_id = g_timeout_add (REMOVAL_POLL_MS, removal_poll_cb, self);
      g_source_set_name_by_id (self->removal_poll_id, "[fc] training card removal");
    }
}

static void
pull_card (FcTrainingKit *self)
{
  g_autoptr(GBytes) probe = NULL;
  g_autoptr(GBytes) answer = NULL;
  static const guint8 read_one[] = { 0x00, 0xb0, 0x00, 0x00, 0x01 };

  g_clear_handle_id (&self->removal_poll_id, g_source_remove);
  g_clear_handle_id (&self->reinsert_id, g_source_remove);
  self->reinsert_left_us = -1;

  /* A card that leaves after 0 more bytes, taken off the field by one exchange now: the
   * reader thread's next command (if a read is in progress) fails with "removed", and a new
   * read waits for the card to come back. */
  g_object_set (self->card, "arrival-delay-ms", 0, "remove-after-bytes", 0, NULL);
  fc_virtual_card_set_behaviour (self->card, FC_VIRTUAL_CARD_REMOVED_AFTER);
  probe = g_bytes_new_static (read_one, sizeof read_one);
  answer = fc_card_transport_transceive (FC_CARD_TRANSPORT (self->card), probe, NULL, NULL);
  g_warn_if_fail (answer == NULL);

  set_card_pulled (self, TRUE);
}

static void
source_network_cb (FcTrainingKit *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_LOST]);
}

static void
fc_training_kit_dispose (GObject *object)
{
  FcTrainingKit *self = (FcTrainingKit *)object;

  stop_card_timers (self);
  /* Answers held by a pause go out now (they hold the source). */
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      fc_scenario_source_set_paused (self->source, FALSE);
    }

  g_clear_object (&self->scenario);
  g_clear_object (&self->card);
  g_clear_object (&self->source);
  g_clear_object (&self->timeline);
  g_clear_pointer (&self->trust_anchors, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_training_kit_parent_class)->dispose (object);
}

static void
fc_training_kit_finalize (GObject *object)
{
  FcTrainingKit *self = (FcTrainingKit *)object;

  g_clear_pointer (&self->revealed, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_training_kit_parent_class)->finalize (object);
}

static void
fc_training_kit_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcTrainingKit *self = FC_TRAINING_KIT (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_NETWORK_LOST:
      g_value_set_boolean (value, fc_training_kit_get_network_lost (self));
      break;

    case PROP_CARD_PULLED:
      g_value_set_boolean (value, self->card_pulled);
      break;

    case PROP_REVEALED:
      g_value_set_boxed (value, self->revealed->pdata);
      break;

    case PROP_TIME_SCALE:
      g_value_set_double (value, self->time_scale);
      break;

    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_training_kit_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcTrainingKit *self = FC_TRAINING_KIT (object);

  switch (prop_id)
    {
    case PROP_TIME_SCALE:
      fc_training_kit_set_time_scale (self, g_value_get_double (value));
      break;

    case PROP_TIMELINE:
      fc_training_kit_set_timeline (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_training_kit_class_init (FcTrainingKitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_training_kit_dispose;
  object_class->finalize = fc_training_kit_finalize;
  object_class->get_property = fc_training_kit_get_property;
  object_class->set_property = fc_training_kit_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_LOST] =
    g_param_spec_boolean ("network-lost", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_PULLED] =
    g_param_spec_boolean ("card-pulled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boxed ("revealed", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_SCALE] =
    g_param_spec_double ("time-scale", NULL, NULL, 0.0, MAX_TIME_SCALE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, FC_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_training_kit_init (FcTrainingKit *self)
{
  self->trust_anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->revealed = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->revealed, NULL);
  self->time_scale = 1.0;
  self->reinsert_left_us = -1;
}

/**
 * fc_training_kit_new:
 * @scenario: the scenario to play
 *
 * Issues a fresh user-authentication certificate for the scenario's virtual card (so no two
 * drills share a patient key; an "expired" card gets one that ended 30 days ago) and configures
 * the card and the source as the scenario says.
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
  if (fc_scenario_get_card_expired (scenario))
    cert = fc_test_ca_issue_auth_cert (ca, cn, -5 * 365 - 30, -30, error);
  else
    cert = fc_test_ca_issue_auth_cert (ca, cn, -30, 4 * 365, error);
  if (cert == NULL)
    return NULL;

  self = g_object_new (FC_TYPE_TRAINING_KIT, NULL);
  self->scenario = g_object_ref (scenario);
  self->card = fc_virtual_card_new (cert, fc_test_ca_get_cert_der (ca));
  self->source = fc_scenario_source_new (scenario);
  g_signal_connect_object (self->source, "notify::network-lost",
                           G_CALLBACK (source_network_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "notify::network",
                           G_CALLBACK (source_network_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->trust_anchors, g_bytes_ref (fc_test_ca_get_cert_der (ca)));
  setup_card (self);

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

const char * const *
fc_training_kit_list_faults (void)
{
  return faults;
}

gboolean
fc_training_kit_inject (FcTrainingKit  *self,
                        const char     *fault,
                        GError        **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (fault, FC_TRAINING_FAULT_LOSE_NETWORK))
    {
      fc_scenario_source_set_network_lost (self->source, TRUE);
    }
  else if (g_str_equal (fault, FC_TRAINING_FAULT_RESTORE_NETWORK))
    {
      fc_scenario_source_set_network (self->source, "online");
      fc_scenario_source_set_network_lost (self->source, FALSE);
    }
  else if (g_str_equal (fault, FC_TRAINING_FAULT_PULL_CARD))
    {
      pull_card (self);
    }
  else if (g_str_equal (fault, FC_TRAINING_FAULT_REINSERT_CARD))
    {
      put_card_back (self);
    }
  else
    {
      g_autofree char *known = g_strjoinv (", ", (char **) faults);

      g_set_error (error, FC_TRAINING_KIT_ERROR, FC_TRAINING_KIT_ERROR_UNKNOWN_FAULT,
                   _("Unknown fault “%s” (known: %s)"), fault, known);
      return FALSE;
    }

  detail = g_strdup_printf ("fault=%s", fault);
  record (self, FC_EVENT_TRAINING_FAULT, detail);
  return TRUE;
}

const char *
fc_training_kit_reveal (FcTrainingKit *self,
                        const char    *name)
{
  g_autofree char *detail = NULL;
  const char *value;

  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = fc_scenario_get_revealed (self->scenario, name);
  if (value == NULL)
    return NULL;

  if (!g_strv_contains ((const char * const *) self->revealed->pdata, name))
    {
      g_ptr_array_insert (self->revealed, self->revealed->len - 1, g_strdup (name));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
    }

  /* The name only: the value is (made-up) clinical data and stays out of timing logs. */
  detail = g_strdup_printf ("name=%s", name);
  record (self, FC_EVENT_TRAINING_REVEAL, detail);
  return value;
}

const char * const *
fc_training_kit_get_revealed (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);

  return (const char * const *) self->revealed->pdata;
}

void
fc_training_kit_pause (FcTrainingKit *self)
{
  g_return_if_fail (FC_IS_TRAINING_KIT (self));

  if (self->paused)
    return;

  self->paused = TRUE;
  fc_scenario_source_set_paused (self->source, TRUE);
  if (self->reinsert_id != 0)
    {
      self->reinsert_left_us = MAX (self->reinsert_due_us - g_get_monotonic_time (), 0);
      g_clear_handle_id (&self->reinsert_id, g_source_remove);
    }
  record (self, FC_EVENT_TRAINING_PAUSED, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
fc_training_kit_resume (FcTrainingKit *self)
{
  g_return_if_fail (FC_IS_TRAINING_KIT (self));

  if (!self->paused)
    return;

  self->paused = FALSE;
  record (self, FC_EVENT_TRAINING_RESUMED, NULL);
  if (self->reinsert_left_us >= 0)
    {
      schedule_reinsert (self, self->reinsert_left_us);
      self->reinsert_left_us = -1;
    }
  fc_scenario_source_set_paused (self->source, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
fc_training_kit_get_paused (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), FALSE);

  return self->paused;
}

void
fc_training_kit_reset (FcTrainingKit *self)
{
  g_return_if_fail (FC_IS_TRAINING_KIT (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->paused)
    {
      self->paused = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
  fc_scenario_source_reset (self->source);
  setup_card (self);
  if (self->revealed->len > 1)
    {
      g_ptr_array_set_size (self->revealed, 0);
      g_ptr_array_add (self->revealed, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
    }
  record (self, FC_EVENT_TRAINING_FAULT, "fault=reset");

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
fc_training_kit_get_network_lost (FcTrainingKit *self)
{
  const char *mode;

  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), FALSE);

  mode = fc_scenario_source_get_network (self->source);
  return fc_scenario_source_get_network_lost (self->source)
         || g_str_equal (mode, "offline") || g_str_equal (mode, "503");
}

gboolean
fc_training_kit_get_card_pulled (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), FALSE);

  return self->card_pulled;
}

double
fc_training_kit_get_time_scale (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), 1.0);

  return self->time_scale;
}

/**
 * fc_training_kit_set_time_scale:
 * @scale: 0–10; 1 plays the scenario in real time
 *
 * Multiplies every delay of the scenario. The card's arrival delay and link time change at
 * once; so does the network latency of the next fetch.
 */
void
fc_training_kit_set_time_scale (FcTrainingKit *self,
                                double         scale)
{
  g_return_if_fail (FC_IS_TRAINING_KIT (self));
  g_return_if_fail (scale >= 0.0 && scale <= MAX_TIME_SCALE);

  if (self->time_scale == scale)
    return;
  self->time_scale = scale;

  if (!self->card_pulled)
    g_object_set (self->card,
                  "arrival-delay-ms", scaled (self, fc_scenario_get_card_delay_ms (self->scenario)),
                  NULL);
  g_object_set (self->card,
                "byte-delay-us", scaled (self, fc_scenario_get_card_byte_delay_us (self->scenario)),
                NULL);
  fc_scenario_source_set_delay_scale (self->source, scale);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SCALE]);
}

FcTimeline *
fc_training_kit_get_timeline (FcTrainingKit *self)
{
  g_return_val_if_fail (FC_IS_TRAINING_KIT (self), NULL);

  return self->timeline;
}

void
fc_training_kit_set_timeline (FcTrainingKit *self,
                              FcTimeline    *timeline)
{
  g_return_if_fail (FC_IS_TRAINING_KIT (self));
  g_return_if_fail (timeline == NULL || FC_IS_TIMELINE (timeline));

  if (g_set_object (&self->timeline, timeline))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}
