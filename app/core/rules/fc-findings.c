/* fc-findings.c: what the crew has observed or measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-findings"

#include "config.h"

#include "fc-findings.h"

#include <glib/gi18n-lib.h>

#include "fc-core-enums.h"

struct _FcFindings
{
  GObject         parent_instance;

  FcConsciousness consciousness;
  FcGlucoseState  glucose_state;
  int             glucose_mg_dl; /* 0 unless glucose_state is VALUE */
  gboolean        head_injury;
  gboolean        bleeding;
  gboolean        anaphylaxis;
  gboolean        seizure;
  int             age;           /* years, FC_AGE_NONE when not entered */
};

G_DEFINE_FINAL_TYPE (FcFindings, fc_findings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONSCIOUSNESS,
  PROP_GLUCOSE_STATE,
  PROP_GLUCOSE_MG_DL,
  PROP_HEAD_INJURY,
  PROP_BLEEDING,
  PROP_ANAPHYLAXIS,
  PROP_SEIZURE,
  PROP_AGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The boolean findings, by the name used on the command line and in rules.json. */
static const struct {
  const char *name;
  guint       prop_id;
} flag_names[] = {
  { "head-injury", PROP_HEAD_INJURY },
  { "bleeding", PROP_BLEEDING },
  { "anaphylaxis", PROP_ANAPHYLAXIS },
  { "seizure", PROP_SEIZURE },
};

G_DEFINE_QUARK (fc-findings-error-quark, fc_findings_error)

static gboolean *
flag_field (FcFindings *self,
            guint       prop_id)
{
  switch (prop_id)
    {
    case PROP_HEAD_INJURY:
      return &self->head_injury;
    case PROP_BLEEDING:
      return &self->bleeding;
    case PROP_ANAPHYLAXIS:
      return &self->anaphylaxis;
    case PROP_SEIZURE:
      return &self->seizure;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static int
flag_prop_for_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    if (g_strcmp0 (flag_names[i].name, name) == 0)
      return (int) flag_names[i].prop_id;
  return -1;
}

static void
set_flag (FcFindings *self,
          guint       prop_id,
          gboolean    value)
{
  gboolean *field = flag_field (self, prop_id);

  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void set_glucose (FcFindings     *self,
                         FcGlucoseState  state,
                         int             mg_dl);

static void
fc_findings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcFindings *self = FC_FINDINGS (object);

  switch (prop_id)
    {
    case PROP_CONSCIOUSNESS:
      g_value_set_enum (value, self->consciousness);
      break;
    case PROP_GLUCOSE_STATE:
      g_value_set_enum (value, self->glucose_state);
      break;
    case PROP_GLUCOSE_MG_DL:
      g_value_set_int (value, self->glucose_mg_dl);
      break;
    case PROP_HEAD_INJURY:
    case PROP_BLEEDING:
    case PROP_ANAPHYLAXIS:
    case PROP_SEIZURE:
      g_value_set_boolean (value, *flag_field (self, prop_id));
      break;
    case PROP_AGE:
      g_value_set_int (value, self->age);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_findings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FcFindings *self = FC_FINDINGS (object);

  switch (prop_id)
    {
    case PROP_CONSCIOUSNESS:
      fc_findings_set_consciousness (self, g_value_get_enum (value));
      break;
    case PROP_GLUCOSE_STATE:
      fc_findings_set_glucose_state (self, g_value_get_enum (value));
      break;
    case PROP_GLUCOSE_MG_DL:
      {
        g_autoptr(GError) error = NULL;
        int mg_dl = g_value_get_int (value);

        /* 0 clears a numeric value (nothing measured). */
        if (mg_dl == 0)
          {
            if (self->glucose_state == FC_GLUCOSE_VALUE)
              set_glucose (self, FC_GLUCOSE_NOT_MEASURED, 0);
          }
        else if (!fc_findings_set_glucose_mg_dl (self, mg_dl, &error))
          g_warning ("%s", error->message);
      }
      break;
    case PROP_HEAD_INJURY:
    case PROP_BLEEDING:
    case PROP_ANAPHYLAXIS:
    case PROP_SEIZURE:
      set_flag (self, prop_id, g_value_get_boolean (value));
      break;
    case PROP_AGE:
      /* The range of the pspec is the valid range, so this cannot fail. */
      fc_findings_set_age (self, g_value_get_int (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_findings_class_init (FcFindingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fc_findings_get_property;
  object_class->set_property = fc_findings_set_property;

  properties[PROP_CONSCIOUSNESS] =
    g_param_spec_enum ("consciousness", NULL, NULL,
                       FC_TYPE_CONSCIOUSNESS, FC_CONSCIOUSNESS_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GLUCOSE_STATE] =
    g_param_spec_enum ("glucose-state", NULL, NULL,
                       FC_TYPE_GLUCOSE_STATE, FC_GLUCOSE_NOT_MEASURED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* 0 means "no numeric value"; setting it records a measured value (10–600 mg/dL). */
  properties[PROP_GLUCOSE_MG_DL] =
    g_param_spec_int ("glucose-mg-dl", NULL, NULL,
                      0, FC_GLUCOSE_MAX_MG_DL, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HEAD_INJURY] =
    g_param_spec_boolean ("head-injury", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLEEDING] =
    g_param_spec_boolean ("bleeding", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ANAPHYLAXIS] =
    g_param_spec_boolean ("anaphylaxis", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEIZURE] =
    g_param_spec_boolean ("seizure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Years (exact or estimated by the crew); -1 when not entered. */
  properties[PROP_AGE] =
    g_param_spec_int ("age", NULL, NULL,
                      FC_AGE_NONE, FC_AGE_MAX, FC_AGE_NONE,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcFindings::changed:
   *
   * Emitted once after any finding changed (after the property notifications), so that the
   * warnings can be evaluated again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fc_findings_init (FcFindings *self)
{
  self->consciousness = FC_CONSCIOUSNESS_UNKNOWN;
  self->glucose_state = FC_GLUCOSE_NOT_MEASURED;
  self->age = FC_AGE_NONE;
}

FcFindings *
fc_findings_new (void)
{
  return g_object_new (FC_TYPE_FINDINGS, NULL);
}

FcConsciousness
fc_findings_get_consciousness (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), FC_CONSCIOUSNESS_UNKNOWN);

  return self->consciousness;
}

void
fc_findings_set_consciousness (FcFindings      *self,
                               FcConsciousness  consciousness)
{
  g_return_if_fail (FC_IS_FINDINGS (self));
  g_return_if_fail (consciousness <= FC_CONSCIOUSNESS_IMPAIRED);

  if (self->consciousness == consciousness)
    return;
  self->consciousness = consciousness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSCIOUSNESS]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

FcGlucoseState
fc_findings_get_glucose_state (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), FC_GLUCOSE_NOT_MEASURED);

  return self->glucose_state;
}

int
fc_findings_get_glucose_mg_dl (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), 0);

  return self->glucose_mg_dl;
}

/* Sets both glucose fields, notifying each one that changed and emitting "changed" once. */
static void
set_glucose (FcFindings     *self,
             FcGlucoseState  state,
             int             mg_dl)
{
  gboolean state_changed = self->glucose_state != state;
  gboolean value_changed = self->glucose_mg_dl != mg_dl;

  if (!state_changed && !value_changed)
    return;

  self->glucose_state = state;
  self->glucose_mg_dl = mg_dl;
  g_object_freeze_notify (G_OBJECT (self));
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GLUCOSE_STATE]);
  if (value_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GLUCOSE_MG_DL]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
fc_findings_set_glucose_mg_dl (FcFindings  *self,
                               int          mg_dl,
                               GError     **error)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (mg_dl < FC_GLUCOSE_MIN_MG_DL || mg_dl > FC_GLUCOSE_MAX_MG_DL)
    {
      g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                   _("Blood glucose %d mg/dL is outside %d–%d; enter LO or HI as the meter shows"),
                   mg_dl, FC_GLUCOSE_MIN_MG_DL, FC_GLUCOSE_MAX_MG_DL);
      return FALSE;
    }

  set_glucose (self, FC_GLUCOSE_VALUE, mg_dl);
  return TRUE;
}

/* Setting FC_GLUCOSE_VALUE without a number is refused: use fc_findings_set_glucose_mg_dl (). */
void
fc_findings_set_glucose_state (FcFindings     *self,
                               FcGlucoseState  state)
{
  g_return_if_fail (FC_IS_FINDINGS (self));
  g_return_if_fail (state <= FC_GLUCOSE_HI);
  g_return_if_fail (state != FC_GLUCOSE_VALUE || self->glucose_state == FC_GLUCOSE_VALUE);

  if (state == FC_GLUCOSE_VALUE)
    return;
  set_glucose (self, state, 0);
}

gboolean
fc_findings_get_flag (FcFindings *self,
                      const char *name)
{
  int prop_id;

  g_return_val_if_fail (FC_IS_FINDINGS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  prop_id = flag_prop_for_name (name);
  g_return_val_if_fail (prop_id > 0, FALSE);

  return *flag_field (self, (guint) prop_id);
}

/**
 * fc_findings_set_flag:
 * @name: "head-injury", "bleeding", "anaphylaxis" or "seizure"
 *
 * Sets a boolean finding by name.
 */
void
fc_findings_set_flag (FcFindings *self,
                      const char *name,
                      gboolean    value)
{
  int prop_id;

  g_return_if_fail (FC_IS_FINDINGS (self));
  g_return_if_fail (name != NULL);

  prop_id = flag_prop_for_name (name);
  g_return_if_fail (prop_id > 0);

  set_flag (self, (guint) prop_id, value);
}

/**
 * fc_findings_is_flag_name:
 *
 * Returns: whether @name is one of the boolean findings.
 */
gboolean
fc_findings_is_flag_name (const char *name)
{
  return name != NULL && flag_prop_for_name (name) > 0;
}

static gboolean
parse_yes_no (const char *text,
              gboolean   *out)
{
  static const char *yes[] = { "yes", "true", "1", "y", NULL };
  static const char *no[] = { "no", "false", "0", "n", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *out = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *out = FALSE;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_glucose (FcFindings  *self,
               const char  *value,
               GError     **error)
{
  guint64 number = 0;

  if (g_ascii_strcasecmp (value, "LO") == 0)
    {
      fc_findings_set_glucose_state (self, FC_GLUCOSE_LO);
      return TRUE;
    }
  if (g_ascii_strcasecmp (value, "HI") == 0)
    {
      fc_findings_set_glucose_state (self, FC_GLUCOSE_HI);
      return TRUE;
    }
  if (g_ascii_strcasecmp (value, "none") == 0)
    {
      fc_findings_set_glucose_state (self, FC_GLUCOSE_NOT_MEASURED);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &number, NULL))
    {
      g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                   _("Blood glucose “%s” is not a number; enter mg/dL (e.g. bgl=42), LO or HI"),
                   value);
      return FALSE;
    }
  return fc_findings_set_glucose_mg_dl (self, (int) number, error);
}

static gboolean
parse_age (FcFindings  *self,
           const char  *value,
           GError     **error)
{
  guint64 years = 0;

  if (g_ascii_strcasecmp (value, "none") == 0)
    return fc_findings_set_age (self, FC_AGE_NONE, error);
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &years, NULL))
    {
      g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                   _("Age “%s” is not a number of years; enter e.g. age=12 (an estimate is "
                     "fine) or age=none"),
                   value);
      return FALSE;
    }
  return fc_findings_set_age (self, (int) years, error);
}

gboolean
fc_findings_parse (FcFindings  *self,
                   const char  *assignment,
                   GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  int flag_prop;

  g_return_val_if_fail (FC_IS_FINDINGS (self), FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parts = g_strsplit (assignment, "=", 2);
  if (parts[0] == NULL || parts[1] == NULL)
    {
      g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                   _("Finding “%s” must be written name=value (e.g. bgl=42)"), assignment);
      return FALSE;
    }
  name = g_ascii_strdown (g_strstrip (parts[0]), -1);
  value = g_strdup (g_strstrip (parts[1]));

  if (g_str_equal (name, "consciousness"))
    {
      if (g_ascii_strcasecmp (value, "impaired") == 0)
        fc_findings_set_consciousness (self, FC_CONSCIOUSNESS_IMPAIRED);
      else if (g_ascii_strcasecmp (value, "alert") == 0)
        fc_findings_set_consciousness (self, FC_CONSCIOUSNESS_ALERT);
      else if (g_ascii_strcasecmp (value, "unknown") == 0)
        fc_findings_set_consciousness (self, FC_CONSCIOUSNESS_UNKNOWN);
      else
        {
          g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                       _("Consciousness “%s” is not known; use impaired or alert"), value);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (name, "bgl") || g_str_equal (name, "glucose"))
    return parse_glucose (self, value, error);

  if (g_str_equal (name, "age"))
    return parse_age (self, value, error);

  flag_prop = flag_prop_for_name (name);
  if (flag_prop > 0)
    {
      gboolean flag = FALSE;

      if (!parse_yes_no (value, &flag))
        {
          g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                       _("Finding %s=%s: use yes or no"), name, value);
          return FALSE;
        }
      set_flag (self, (guint) flag_prop, flag);
      return TRUE;
    }

  g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
               _("Unknown finding “%s”; use consciousness, bgl, age, head-injury, bleeding, "
                 "anaphylaxis or seizure"),
               name);
  return FALSE;
}

/**
 * fc_findings_describe_glucose:
 *
 * Returns: (transfer full) (nullable): "bgl=42 mg/dL", "bgl=LO", "bgl=HI", or %NULL when no
 *   glucose was measured. Used as finding evidence in warnings.
 */
char *
fc_findings_describe_glucose (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), NULL);

  switch (self->glucose_state)
    {
    case FC_GLUCOSE_VALUE:
      return g_strdup_printf ("bgl=%d mg/dL", self->glucose_mg_dl);
    case FC_GLUCOSE_LO:
      return g_strdup ("bgl=LO");
    case FC_GLUCOSE_HI:
      return g_strdup ("bgl=HI");
    case FC_GLUCOSE_NOT_MEASURED:
    default:
      return NULL;
    }
}

int
fc_findings_get_age (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), FC_AGE_NONE);

  return self->age;
}

/**
 * fc_findings_set_age:
 * @years: age in years (exact or the crew's estimate), or %FC_AGE_NONE to clear it
 *
 * Returns: %FALSE (with %FC_FINDINGS_ERROR_INVALID) when @years is outside 0–130.
 */
gboolean
fc_findings_set_age (FcFindings  *self,
                     int          years,
                     GError     **error)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (years != FC_AGE_NONE && (years < 0 || years > FC_AGE_MAX))
    {
      g_set_error (error, FC_FINDINGS_ERROR, FC_FINDINGS_ERROR_INVALID,
                   _("Age %d is outside 0–%d years"), years, FC_AGE_MAX);
      return FALSE;
    }
  if (self->age == years)
    return TRUE;
  self->age = years;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/**
 * fc_findings_describe_age:
 *
 * Returns: (transfer full) (nullable): "age=12", or %NULL when no age was entered. Used as
 *   finding evidence in warnings.
 */
char *
fc_findings_describe_age (FcFindings *self)
{
  g_return_val_if_fail (FC_IS_FINDINGS (self), NULL);

  if (self->age == FC_AGE_NONE)
    return NULL;
  return g_strdup_printf ("age=%d", self->age);
}
