/* fc-debrief-warning.c: FcDebriefWarning, one row of the debrief's warnings table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"
#include "fc-debrief-private.h"

#include "fc-core-enums.h"

G_DEFINE_FINAL_TYPE (FcDebriefWarning, fc_debrief_warning, G_TYPE_OBJECT)

enum {
  WARNING_PROP_0,
  WARNING_PROP_RULE_ID,
  WARNING_PROP_SEVERITY,
  WARNING_PROP_EXPECTED,
  WARNING_PROP_SHOWN,
  WARNING_PROP_ACKNOWLEDGED,
  WARNING_N_PROPS
};

static GParamSpec *warning_properties[WARNING_N_PROPS];

static void
fc_debrief_warning_finalize (GObject *object)
{
  FcDebriefWarning *self = FC_DEBRIEF_WARNING (object);

  g_clear_pointer (&self->rule_id, g_free);

  G_OBJECT_CLASS (fc_debrief_warning_parent_class)->finalize (object);
}

static void
fc_debrief_warning_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FcDebriefWarning *self = FC_DEBRIEF_WARNING (object);

  switch (prop_id)
    {
    case WARNING_PROP_RULE_ID:
      g_value_set_string (value, self->rule_id);
      break;
    case WARNING_PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case WARNING_PROP_EXPECTED:
      g_value_set_boolean (value, self->expected);
      break;
    case WARNING_PROP_SHOWN:
      g_value_set_boolean (value, self->shown);
      break;
    case WARNING_PROP_ACKNOWLEDGED:
      g_value_set_boolean (value, self->acknowledged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_warning_class_init (FcDebriefWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_debrief_warning_finalize;
  object_class->get_property = fc_debrief_warning_get_property;

  warning_properties[WARNING_PROP_RULE_ID] =
    g_param_spec_string ("rule-id", NULL, NULL, NULL, flags);
  warning_properties[WARNING_PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, FC_TYPE_SEVERITY, FC_SEVERITY_INFO, flags);
  warning_properties[WARNING_PROP_EXPECTED] =
    g_param_spec_boolean ("expected", NULL, NULL, FALSE, flags);
  warning_properties[WARNING_PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE, flags);
  warning_properties[WARNING_PROP_ACKNOWLEDGED] =
    g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, WARNING_N_PROPS, warning_properties);
}

static void
fc_debrief_warning_init (FcDebriefWarning *self)
{
}

FcDebriefWarning *
fc_debrief_warning_new (const char *rule_id,
                        FcSeverity  severity,
                        gboolean    expected,
                        gboolean    shown,
                        gboolean    acknowledged)
{
  FcDebriefWarning *self = g_object_new (FC_TYPE_DEBRIEF_WARNING, NULL);

  self->rule_id = g_strdup (rule_id);
  self->severity = severity;
  self->expected = expected;
  self->shown = shown;
  self->acknowledged = acknowledged;
  return self;
}

const char *
fc_debrief_warning_get_rule_id (FcDebriefWarning *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_WARNING (self), NULL);
  return self->rule_id;
}

FcSeverity
fc_debrief_warning_get_severity (FcDebriefWarning *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_WARNING (self), FC_SEVERITY_INFO);
  return self->severity;
}

gboolean
fc_debrief_warning_get_expected (FcDebriefWarning *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_WARNING (self), FALSE);
  return self->expected;
}

gboolean
fc_debrief_warning_get_shown (FcDebriefWarning *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_WARNING (self), FALSE);
  return self->shown;
}

gboolean
fc_debrief_warning_get_acknowledged (FcDebriefWarning *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF_WARNING (self), FALSE);
  return self->acknowledged;
}
