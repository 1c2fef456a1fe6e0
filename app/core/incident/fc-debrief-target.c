/* fc-debrief-target.c: FcDebriefTarget, one row of the debrief's targets table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"
#include "fc-debrief-private.h"

#include "fc-core-enums.h"
#include "fc-scenario-private.h"

G_DEFINE_FINAL_TYPE (FcDebriefTarget, fc_debrief_target, G_TYPE_OBJECT)

enum {
  TARGET_PROP_0,
  TARGET_PROP_ID,
  TARGET_PROP_LABEL,
  TARGET_PROP_KIND,
  TARGET_PROP_LIMIT_S,
  TARGET_PROP_ACTUAL_S,
  TARGET_PROP_OUTCOME,
  TARGET_PROP_DETAIL,
  TARGET_N_PROPS
};

static GParamSpec *target_properties[TARGET_N_PROPS];

static void
fc_debrief_target_finalize (GObject *object)
{
  FcDebriefTarget *self = FC_DEBRIEF_TARGET (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (fc_debrief_target_parent_class)->finalize (object);
}

static void
fc_debrief_target_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FcDebriefTarget *self = FC_DEBRIEF_TARGET (object);

  switch (prop_id)
    {
    case TARGET_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case TARGET_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case TARGET_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case TARGET_PROP_LIMIT_S:
      g_value_set_uint (value, self->limit_s);
      break;
    case TARGET_PROP_ACTUAL_S:
      g_value_set_double (value, self->actual_s);
      break;
    case TARGET_PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case TARGET_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_target_class_init (FcDebriefTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_debrief_target_finalize;
  object_class->get_property = fc_debrief_target_get_property;

  target_properties[TARGET_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  target_properties[TARGET_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  target_properties[TARGET_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, FC_TYPE_SCENARIO_TARGET_KIND,
                       FC_SCENARIO_TARGET_INTERVAL, flags);
  target_properties[TARGET_PROP_LIMIT_S] =
    g_param_spec_uint ("limit-s", NULL, NULL, 0, G_MAXUINT, 0, flags);
  target_properties[TARGET_PROP_ACTUAL_S] =
    g_param_spec_double ("actual-s", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, flags);
  target_properties[TARGET_PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, FC_TYPE_DEBRIEF_OUTCOME, FC_DEBRIEF_NOT_REACHED,
                       flags);
  target_properties[TARGET_PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, TARGET_N_PROPS, target_properties);
}

static void
fc_debrief_target_init (FcDebriefTarget *self)
{
  self->actual_s = -1.0;
  self->start_s = -1.0;
  self->end_s = -1.0;
  self->outcome = FC_DEBRIEF_NOT_REACHED;
}

FcDebriefTarget *
fc_debrief_target_new (const FcScenarioTarget *target)
{
  FcDebriefTarget *self = g_object_new (FC_TYPE_DEBRIEF_TARGET, NULL);
  const char *label = fc_scenario_pick_language (target->label_ja, target->label_en);

  self->id = g_strdup (target->id);
  self->label = g_strdup (label != NULL ? label : target->id);
  self->kind = target->kind;
  return self;
}

const char *
fc_debrief_target_get_id (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), NULL);
  return self->id;
}

const char *
fc_debrief_target_get_label (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), NULL);
  return self->label;
}

FcScenarioTargetKind
fc_debrief_target_get_kind (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), FC_SCENARIO_TARGET_INTERVAL);
  return self->kind;
}

guint
fc_debrief_target_get_limit_s (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), 0);
  return self->limit_s;
}

double
fc_debrief_target_get_actual_s (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), -1.0);
  return self->actual_s;
}

FcDebriefOutcome
fc_debrief_target_get_outcome (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), FC_DEBRIEF_NOT_REACHED);
  return self->outcome;
}

const char *
fc_debrief_target_get_detail (FcDebriefTarget *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_TARGET (self), NULL);
  return self->detail;
}
