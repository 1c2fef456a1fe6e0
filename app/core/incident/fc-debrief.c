/* fc-debrief.c: the debrief of a training incident, and its PDF / PNG export.
 *
 * Times are monotonic (the timeline's µs), so a wall-clock change during the drill does not
 * move them, and the time the trainer paused the scenario (training-paused → training-resumed)
 * is taken out of every interval. The page is drawn with cairo's toy text API in one CJK font
 * (fc_chart_get_font_family()), so Japanese and English share one family and nothing falls back
 * to boxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "fc-core-enums.h"
#include "fc-chart.h"
#include "fc-scenario-check.h"
#include "fc-scenario-source.h"
#include "fc-timing-io.h"

G_DEFINE_QUARK (fc-debrief-error-quark, fc_debrief_error)

/* FcDebriefTarget */

struct _FcDebriefTarget
{
  GObject               parent_instance;

  char                 *id;      /* (owned) */
  char                 *label;   /* (owned) */
  char                 *detail;  /* (owned) */
  FcScenarioTargetKind  kind;
  guint                 limit_s;
  double                actual_s;
  FcDebriefOutcome      outcome;
  /* For the timeline strip: seconds from the start; negative when absent. */
  double                start_s;
  double                end_s;
};

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

/* FcDebriefWarning */

struct _FcDebriefWarning
{
  GObject     parent_instance;

  char       *rule_id;  /* (owned) */
  FcSeverity  severity;
  gboolean    expected;
  gboolean    shown;
  gboolean    acknowledged;
};

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

/* FcDebrief */

typedef struct
{
  char      *kind;   /* (owned) */
  char      *detail; /* (owned) (nullable) */
  gint64     mono;
  GDateTime *wall;   /* (owned) (nullable) */
  guint      order;
} Event;

typedef struct
{
  gint64 start;
  gint64 end;
} Pause;

struct _FcDebrief
{
  GObject     parent_instance;

  FcScenario *scenario;     /* (owned) */
  FcRuleSet  *rule_set;     /* (owned) (nullable) */
  GPtrArray  *events;       /* (owned) (element-type Event) */
  GStrv       shown_given;  /* (owned) (nullable) */
  gboolean    dirty;

  /* Results */
  GArray     *pauses;       /* (owned) (element-type Pause) */
  GListStore *targets;      /* (owned) of FcDebriefTarget */
  GListStore *warnings;     /* (owned) of FcDebriefWarning */
  GPtrArray  *missed_codes; /* (owned) NULL-terminated */
  GPtrArray  *missed;       /* (owned) NULL-terminated */
  gint64      duration_us;
};

G_DEFINE_FINAL_TYPE (FcDebrief, fc_debrief, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_RULE_SET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
event_free (Event *event)
{
  g_free (event->kind);
  g_free (event->detail);
  g_clear_pointer (&event->wall, g_date_time_unref);
  g_free (event);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = *(const Event * const *) a;
  const Event *y = *(const Event * const *) b;

  if (x->mono != y->mono)
    return x->mono < y->mono ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static const struct {
  const char *kind;
  const char *label;
} kind_labels[] = {
  /* Translators: short names of timeline events on the debrief page. */
  { FC_EVENT_INCIDENT_STARTED, N_("start") },
  { FC_EVENT_CALL_RECEIVED, N_("call") },
  { FC_EVENT_DISPATCHED, N_("dispatched") },
  { FC_EVENT_EN_ROUTE, N_("en route") },
  { FC_EVENT_ARRIVED_SCENE, N_("on scene") },
  { FC_EVENT_PATIENT_CONTACT, N_("contact") },
  { FC_EVENT_CONSENT, N_("consent") },
  { FC_EVENT_CARD_PRESENT, N_("card at hand?") },
  { FC_EVENT_CARD_ASKED, N_("card asked") },
  { FC_EVENT_CARD_DETECTED, N_("card detected") },
  { FC_EVENT_CARD_READ, N_("card read") },
  { FC_EVENT_FETCH_STARTED, N_("fetch") },
  { FC_EVENT_FETCH_DONE, N_("record") },
  { FC_EVENT_SUMMARY_SHOWN, N_("summary") },
  { FC_EVENT_FINDING, N_("finding") },
  { FC_EVENT_WARNING_ACK, N_("warning acknowledged") },
  { FC_EVENT_WRONG_PERSON, N_("wrong person") },
  { FC_EVENT_FAILURE, N_("failure") },
  { FC_EVENT_PATIENT_LOADED, N_("loaded") },
  { FC_EVENT_LEFT_SCENE, N_("left scene") },
  { FC_EVENT_ARRIVED_HOSPITAL, N_("at hospital") },
  { FC_EVENT_TRANSFER_OF_CARE, N_("transfer of care") },
  { FC_EVENT_HOSPITAL_CALL_START, N_("hospital call") },
  { FC_EVENT_HOSPITAL_CALL_END, N_("hospital call ended") },
  { FC_EVENT_HANDOVER, N_("handover") },
  { FC_EVENT_TRAINING_FAULT, N_("fault") },
  { FC_EVENT_TRAINING_PAUSED, N_("paused") },
  { FC_EVENT_TRAINING_RESUMED, N_("resumed") },
  { FC_EVENT_TRAINING_REVEAL, N_("revealed") },
};

/* The short name of an event kind; NULL for kinds not drawn on the strip when @any is FALSE,
 * the kind itself when @any is TRUE. */
static const char *
kind_label (const char *kind,
            gboolean    any)
{
  static const char * const not_drawn[] = {
    FC_EVENT_CARD_DETECTED, FC_EVENT_FETCH_STARTED, FC_EVENT_TRAINING_PAUSED,
    FC_EVENT_TRAINING_RESUMED, FC_EVENT_TRAINING_REVEAL, FC_EVENT_CALL_RECEIVED,
    FC_EVENT_DISPATCHED, FC_EVENT_EN_ROUTE, FC_EVENT_HOSPITAL_CALL_END, NULL
  };

  if (!any && g_strv_contains (not_drawn, kind))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (g_str_equal (kind, kind_labels[i].kind))
      return _(kind_labels[i].label);
  return any ? kind : NULL;
}

/* A reference such as "finding:glucose" in words: "glucose", "card read", "consent (refused)". */
static char *
reference_label (const char *reference)
{
  const char *colon = strchr (reference, ':');
  g_autofree char *kind = colon != NULL ? g_strndup (reference, colon - reference)
                                        : g_strdup (reference);

  if (colon == NULL)
    return g_strdup (kind_label (kind, TRUE));
  if (g_str_equal (kind, FC_EVENT_FINDING))
    return g_strdup (colon + 1);
  if (g_str_equal (kind, FC_EVENT_WARNING_ACK))
    /* Translators: "R05 acknowledged". */
    return g_strdup_printf (_("%s acknowledged"), colon + 1);
  return g_strdup_printf ("%s (%s)", kind_label (kind, TRUE), colon + 1);
}

/* Time between @a and @b without the pauses (µs). */
static gint64
active_us (FcDebrief *self,
           gint64     a,
           gint64     b)
{
  gint64 total = b - a;

  for (guint i = 0; i < self->pauses->len; i++)
    {
      const Pause *pause = &g_array_index (self->pauses, Pause, i);
      gint64 from = MAX (a, pause->start);
      gint64 to = MIN (b, pause->end);

      if (to > from)
        total -= to - from;
    }
  return MAX (total, 0);
}

/* The first event matching @reference at or after @after (µs); NULL when none. */
static const Event *
find_event (FcDebrief  *self,
            const char *reference,
            gint64      after)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      const Event *event = g_ptr_array_index (self->events, i);

      if (event->mono >= after && fc_scenario_event_matches (reference, event->kind, event->detail))
        return event;
    }
  return NULL;
}

static gboolean
has_event (FcDebrief  *self,
           const char *reference)
{
  return find_event (self, reference, G_MININT64) != NULL;
}

static char *
format_duration (double seconds)
{
  guint total = (guint) MAX (round (seconds), 0);

  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static const char *
pick_label (const FcScenarioTarget *target)
{
  const char * const *names = g_get_language_names ();
  gboolean japanese = FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "C") || g_str_has_prefix (names[i], "C.")
          || g_str_equal (names[i], "POSIX"))
        continue;
      japanese = g_str_has_prefix (names[i], "ja");
      break;
    }
  if (japanese && target->label_ja != NULL)
    return target->label_ja;
  if (target->label_en != NULL)
    return target->label_en;
  if (target->label_ja != NULL)
    return target->label_ja;
  return target->id;
}

static double
seconds_from_start (FcDebrief *self,
                    gint64     mono)
{
  const Event *first = g_ptr_array_index (self->events, 0);

  return (mono - first->mono) / (double) G_USEC_PER_SEC;
}

static FcDebriefTarget *
judge_target (FcDebrief              *self,
              const FcScenarioTarget *target)
{
  FcDebriefTarget *row = g_object_new (FC_TYPE_DEBRIEF_TARGET, NULL);
  const Event *start = self->events->len > 0 ? g_ptr_array_index (self->events, 0) : NULL;

  row->id = g_strdup (target->id);
  row->label = g_strdup (pick_label (target));
  row->kind = target->kind;

  switch (target->kind)
    {
    case FC_SCENARIO_TARGET_INTERVAL:
      {
        const Event *from = find_event (self, target->from, G_MININT64);
        const Event *to = from != NULL ? find_event (self, target->to, from->mono) : NULL;
        g_autofree char *limit = format_duration (target->within_s);

        row->limit_s = target->within_s;
        if (from == NULL)
          {
            g_autofree char *from_label = reference_label (target->from);

            row->outcome = FC_DEBRIEF_NOT_REACHED;
            /* Translators: %s is a timeline event such as "contact". */
            row->detail = g_strdup_printf (_("“%s” was never recorded"), from_label);
            break;
          }
        row->start_s = seconds_from_start (self, from->mono);
        if (to == NULL)
          {
            g_autofree char *to_label = reference_label (target->to);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: %s is a timeline event such as "summary". */
            row->detail = g_strdup_printf (_("never reached “%s”"), to_label);
            break;
          }
        row->end_s = seconds_from_start (self, to->mono);
        row->actual_s = active_us (self, from->mono, to->mono) / (double) G_USEC_PER_SEC;
        row->outcome = row->actual_s <= target->within_s ? FC_DEBRIEF_MET : FC_DEBRIEF_MISSED;
        {
          g_autofree char *actual = format_duration (row->actual_s);

          /* Translators: "1:02 (target 1:30)". */
          row->detail = g_strdup_printf (_("%s (target %s)"), actual, limit);
        }
      }
      break;

    case FC_SCENARIO_TARGET_EVENT:
      {
        const Event *event = find_event (self, target->event, G_MININT64);
        const Event *first_before = NULL;
        const char *before_ref = NULL;

        if (event == NULL)
          {
            g_autofree char *what = reference_label (target->event);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: %s is a timeline event such as "glucose". */
            row->detail = g_strdup_printf (_("“%s” never happened"), what);
            break;
          }
        row->actual_s = active_us (self, start->mono, event->mono) / (double) G_USEC_PER_SEC;
        row->start_s = row->end_s = seconds_from_start (self, event->mono);

        for (guint i = 0; target->before != NULL && target->before[i] != NULL; i++)
          {
            const Event *other = find_event (self, target->before[i], G_MININT64);

            if (other != NULL && (first_before == NULL || other->mono < first_before->mono))
              {
                first_before = other;
                before_ref = target->before[i];
              }
          }
        if (first_before != NULL && first_before->mono < event->mono)
          {
            g_autofree char *what = reference_label (target->event);
            g_autofree char *other = reference_label (before_ref);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: "“glucose” came after “left scene”". */
            row->detail = g_strdup_printf (_("“%s” came after “%s”"), what, other);
          }
        else
          {
            g_autofree char *at = format_duration (row->actual_s);

            row->outcome = FC_DEBRIEF_MET;
            /* Translators: %s is a time such as 1:02 from the start of the incident. */
            row->detail = g_strdup_printf (_("at %s"), at);
          }
      }
      break;

    case FC_SCENARIO_TARGET_NEVER:
      {
        const Event *event = find_event (self, target->event, G_MININT64);

        if (event == NULL)
          {
            row->outcome = FC_DEBRIEF_MET;
            row->detail = g_strdup (_("did not happen"));
          }
        else
          {
            g_autofree char *at = NULL;
            g_autofree char *what = reference_label (target->event);

            row->actual_s = active_us (self, start->mono, event->mono) / (double) G_USEC_PER_SEC;
            row->start_s = row->end_s = seconds_from_start (self, event->mono);
            at = format_duration (row->actual_s);
            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: "“card asked” happened at 1:02" (it must never happen). */
            row->detail = g_strdup_printf (_("“%s” happened at %s"), what, at);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return row;
}

static void
add_ids (GHashTable *set,
         GListModel *warnings)
{
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_hash_table_add (set, g_strdup (fc_warning_get_rule_id (warning)));
    }
}

/* The finding names of the scenario for the kinds the incident records. */
static const char *
finding_name_for_kind (const char *kind)
{
  if (g_str_equal (kind, "glucose"))
    return "bgl";
  return kind;
}

/* Works out which warnings were on screen: see fc_debrief_set_shown_warnings(). */
static void
reconstruct_shown (FcDebrief  *self,
                   GHashTable *shown)
{
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GPtrArray) entered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean visible = FALSE;

  if (self->rule_set == NULL)
    return;

  summary = fc_scenario_source_read_record (self->scenario, fc_scenario_get_today (self->scenario),
                                            &error);
  if (summary == NULL)
    {
      g_debug ("Debrief: the scenario's record cannot be read: %s", error->message);
      return;
    }
  g_ptr_array_add (entered, NULL);

  for (guint i = 0; i < self->events->len; i++)
    {
      const Event *event = g_ptr_array_index (self->events, i);
      gboolean changed = FALSE;

      if (g_str_equal (event->kind, FC_EVENT_SUMMARY_SHOWN))
        {
          visible = TRUE;
          changed = TRUE;
        }
      else if (g_str_equal (event->kind, FC_EVENT_WRONG_PERSON)
               || g_str_equal (event->kind, FC_EVENT_HANDOVER))
        {
          visible = FALSE;
        }
      else if (g_str_equal (event->kind, FC_EVENT_FINDING) && event->detail != NULL
               && g_str_has_prefix (event->detail, "kind="))
        {
          const char *name = finding_name_for_kind (event->detail + strlen ("kind="));

          if (!g_strv_contains ((const char * const *) entered->pdata, name))
            {
              g_ptr_array_insert (entered, entered->len - 1, g_strdup (name));
              changed = TRUE;
            }
        }

      if (visible && changed)
        {
          g_autoptr(GListModel) warnings =
            fc_scenario_evaluate (self->scenario, self->rule_set, summary,
                                  (const char * const *) entered->pdata);

          add_ids (shown, warnings);
        }
    }
}

static void
add_missed (FcDebrief  *self,
            const char *code,
            const char *text)
{
  g_ptr_array_insert (self->missed_codes, self->missed_codes->len - 1, g_strdup (code));
  g_ptr_array_insert (self->missed, self->missed->len - 1, g_strdup (text));
}

static int
compare_rule_ids (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  /* R rules first, then the measured-glucose G rules, each in number order. */
  if (x[0] != y[0])
    return x[0] == 'R' ? -1 : y[0] == 'R' ? 1 : x[0] - y[0];
  return strcmp (x, y);
}

static void
compute (FcDebrief *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char * const *expected = fc_scenario_get_expected_warnings (self->scenario);
  gint64 paused_at = -1;
  GHashTableIter iter;
  gpointer key;

  if (!self->dirty)
    return;
  self->dirty = FALSE;

  g_ptr_array_sort (self->events, compare_events);
  g_array_set_size (self->pauses, 0);
  g_list_store_remove_all (self->targets);
  g_list_store_remove_all (self->warnings);
  g_ptr_array_set_size (self->missed_codes, 0);
  g_ptr_array_add (self->missed_codes, NULL);
  g_ptr_array_set_size (self->missed, 0);
  g_ptr_array_add (self->missed, NULL);
  self->duration_us = 0;

  /* Pauses, and acknowledgements. */
  for (guint i = 0; i < self->events->len; i++)
    {
      const Event *event = g_ptr_array_index (self->events, i);

      if (g_str_equal (event->kind, FC_EVENT_TRAINING_PAUSED) && paused_at < 0)
        {
          paused_at = event->mono;
        }
      else if (g_str_equal (event->kind, FC_EVENT_TRAINING_RESUMED) && paused_at >= 0)
        {
          Pause pause = { paused_at, event->mono };

          g_array_append_val (self->pauses, pause);
          paused_at = -1;
        }
      else if (g_str_equal (event->kind, FC_EVENT_WARNING_ACK) && event->detail != NULL
               && g_str_has_prefix (event->detail, "rule="))
        {
          g_hash_table_add (acknowledged, g_strdup (event->detail + strlen ("rule=")));
        }
    }

  if (self->events->len > 0)
    {
      const Event *first = g_ptr_array_index (self->events, 0);
      const Event *last = g_ptr_array_index (self->events, self->events->len - 1);

      if (paused_at >= 0)
        {
          Pause pause = { paused_at, last->mono };

          g_array_append_val (self->pauses, pause);
        }
      self->duration_us = active_us (self, first->mono, last->mono);

      for (guint i = 0; i < fc_scenario_get_n_targets (self->scenario); i++)
        {
          g_autoptr(FcDebriefTarget) row =
            judge_target (self, fc_scenario_get_target (self->scenario, i));

          g_list_store_append (self->targets, row);
        }
    }
  else
    {
      for (guint i = 0; i < fc_scenario_get_n_targets (self->scenario); i++)
        {
          const FcScenarioTarget *target = fc_scenario_get_target (self->scenario, i);
          g_autoptr(FcDebriefTarget) row = g_object_new (FC_TYPE_DEBRIEF_TARGET, NULL);

          row->id = g_strdup (target->id);
          row->label = g_strdup (pick_label (target));
          row->kind = target->kind;
          row->limit_s = target->within_s;
          row->detail = g_strdup (_("the incident has no events"));
          g_list_store_append (self->targets, row);
        }
    }

  /* Warnings. */
  if (self->shown_given != NULL)
    {
      for (guint i = 0; self->shown_given[i] != NULL; i++)
        g_hash_table_add (shown, g_strdup (self->shown_given[i]));
    }
  else
    {
      reconstruct_shown (self, shown);
    }

  for (guint i = 0; expected[i] != NULL; i++)
    g_hash_table_add (all, (gpointer) expected[i]);
  g_hash_table_iter_init (&iter, shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, acknowledged);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_rule_ids);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(FcDebriefWarning) row = g_object_new (FC_TYPE_DEBRIEF_WARNING, NULL);
      FcSeverity severity = FC_SEVERITY_INFO;

      if (self->rule_set != NULL)
        fc_rule_set_get_rule_info (self->rule_set, id, &severity, NULL, NULL);
      row->rule_id = g_strdup (id);
      row->severity = severity;
      row->expected = g_strv_contains (expected, id);
      row->shown = g_hash_table_contains (shown, id);
      row->acknowledged = g_hash_table_contains (acknowledged, id);
      g_list_store_append (self->warnings, row);
    }

  /* What was missed. */
  if (self->events->len == 0)
    return;

  if (fc_scenario_get_consent (self->scenario) == FC_SCENARIO_CONSENT_REFUSES)
    {
      if (has_event (self, FC_EVENT_CARD_ASKED) || has_event (self, FC_EVENT_CARD_READ)
          || has_event (self, FC_EVENT_FETCH_STARTED) || has_event (self, FC_EVENT_FETCH_DONE))
        add_missed (self, "read-after-refusal",
                    _("The card was read or the record fetched after the patient refused. This "
                      "must never happen."));
      if (!has_event (self, "consent:refused"))
        add_missed (self, "refusal-not-recorded",
                    _("The patient’s refusal was not recorded."));
    }
  else if (fc_scenario_record_reachable (self->scenario)
           && !has_event (self, FC_EVENT_SUMMARY_SHOWN))
    {
      add_missed (self, "summary-not-shown",
                  _("The summary was never shown, although the record could be reached."));
    }

  if (fc_scenario_get_measured (self->scenario, "bgl") != NULL
      && !has_event (self, "finding:glucose"))
    add_missed (self, "glucose-not-entered",
                _("Blood glucose was never entered (the scenario reveals it when measured)."));

  if (!fc_scenario_get_record_matches (self->scenario))
    {
      if (has_event (self, FC_EVENT_SUMMARY_SHOWN) && !has_event (self, FC_EVENT_WRONG_PERSON))
        add_missed (self, "wrong-person-not-flagged",
                    _("The record was another person’s (age or sex did not match), but it was "
                      "not flagged as the wrong person."));
    }
  else if (has_event (self, FC_EVENT_WRONG_PERSON))
    {
      add_missed (self, "wrong-person-flagged",
                  _("The record was flagged as another person’s, but it was this patient’s."));
    }

  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_hash_table_contains (shown, expected[i]))
      {
        g_autofree char *code = g_strdup_printf ("expected-warning-not-shown:%s", expected[i]);
        /* Translators: %s is a rule id such as R07. */
        g_autofree char *text = g_strdup_printf (_("The expected warning %s was never shown."),
                                                 expected[i]);

        add_missed (self, code, text);
      }
}

static void
fc_debrief_dispose (GObject *object)
{
  FcDebrief *self = (FcDebrief *)object;

  g_clear_object (&self->scenario);
  g_clear_object (&self->rule_set);
  g_clear_object (&self->targets);
  g_clear_object (&self->warnings);

  G_OBJECT_CLASS (fc_debrief_parent_class)->dispose (object);
}

static void
fc_debrief_finalize (GObject *object)
{
  FcDebrief *self = (FcDebrief *)object;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->shown_given, g_strfreev);
  g_clear_pointer (&self->pauses, g_array_unref);
  g_clear_pointer (&self->missed_codes, g_ptr_array_unref);
  g_clear_pointer (&self->missed, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_debrief_parent_class)->finalize (object);
}

static void
fc_debrief_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FcDebrief *self = FC_DEBRIEF (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_RULE_SET:
      g_value_set_object (value, self->rule_set);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FcDebrief *self = FC_DEBRIEF (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    case PROP_RULE_SET:
      self->rule_set = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_debrief_class_init (FcDebriefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_debrief_dispose;
  object_class->finalize = fc_debrief_finalize;
  object_class->get_property = fc_debrief_get_property;
  object_class->set_property = fc_debrief_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE_SET] =
    g_param_spec_object ("rule-set", NULL, NULL, FC_TYPE_RULE_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_debrief_init (FcDebrief *self)
{
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  self->pauses = g_array_new (FALSE, FALSE, sizeof (Pause));
  self->targets = g_list_store_new (FC_TYPE_DEBRIEF_TARGET);
  self->warnings = g_list_store_new (FC_TYPE_DEBRIEF_WARNING);
  self->missed_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->missed_codes, NULL);
  self->missed = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->missed, NULL);
  self->dirty = TRUE;
}

FcDebrief *
fc_debrief_new (FcScenario *scenario,
                FcRuleSet  *rule_set)
{
  g_return_val_if_fail (FC_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (rule_set == NULL || FC_IS_RULE_SET (rule_set), NULL);

  return g_object_new (FC_TYPE_DEBRIEF,
                       "scenario", scenario,
                       "rule-set", rule_set,
                       NULL);
}

FcScenario *
fc_debrief_get_scenario (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  return self->scenario;
}

void
fc_debrief_add_event (FcDebrief  *self,
                      const char *kind,
                      const char *detail,
                      gint64      mono_us,
                      GDateTime  *wall)
{
  Event *event;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (kind != NULL);

  event = g_new0 (Event, 1);
  event->kind = g_strdup (kind);
  event->detail = g_strdup (detail);
  event->mono = mono_us;
  event->wall = wall != NULL ? g_date_time_ref (wall) : NULL;
  event->order = self->events->len;
  g_ptr_array_add (self->events, event);
  self->dirty = TRUE;
}

void
fc_debrief_add_timeline (FcDebrief  *self,
                         FcTimeline *timeline)
{
  GListModel *events;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (FC_IS_TIMELINE (timeline));

  events = fc_timeline_get_events (timeline);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      fc_debrief_add_event (self, fc_timeline_event_get_kind (event),
                            fc_timeline_event_get_detail (event),
                            fc_timeline_event_get_monotonic (event),
                            fc_timeline_event_get_wall (event));
    }
}

typedef struct
{
  FcDebrief  *self;
  const char *incident_id;
  guint       rows;
} ReadData;

static void
read_row_cb (const FcTimingRow *row,
             gpointer           user_data)
{
  ReadData *data = user_data;
  g_autoptr(GDateTime) wall = NULL;
  gint64 utc_us;
  int offset_s;

  if (g_strcmp0 (row->incident_id, data->incident_id) != 0)
    return;

  if (row->wall != NULL && fc_timing_parse_wall (row->wall, &utc_us, &offset_s))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
      g_autoptr(GTimeZone) zone = g_time_zone_new_offset (offset_s);

      if (utc != NULL && zone != NULL)
        wall = g_date_time_to_timezone (utc, zone);
    }

  fc_debrief_add_event (data->self, row->kind, row->detail, row->mono_us, wall);
  data->rows++;
}

gboolean
fc_debrief_add_timing_file (FcDebrief   *self,
                            const char  *path,
                            const char  *incident_id,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ReadData data = { self, incident_id, 0 };
  guint64 unreadable = 0;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (incident_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_timing_read_file (path, FC_TIMING_READ_ALL, read_row_cb, &data, NULL, &unreadable,
                            &local_error))
    {
      g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_READ, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  if (data.rows == 0)
    {
      /* Translators: %s is the timing file, the second %s an incident id. */
      g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_READ,
                   _("%s has no events of incident %s"), path, incident_id);
      return FALSE;
    }
  return TRUE;
}

void
fc_debrief_set_shown_warnings (FcDebrief          *self,
                               const char * const *rule_ids)
{
  g_return_if_fail (FC_IS_DEBRIEF (self));

  g_clear_pointer (&self->shown_given, g_strfreev);
  self->shown_given = g_strdupv ((char **) rule_ids);
  self->dirty = TRUE;
}

GListModel *
fc_debrief_get_targets (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  compute (self);
  return G_LIST_MODEL (self->targets);
}

GListModel *
fc_debrief_get_warnings (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  compute (self);
  return G_LIST_MODEL (self->warnings);
}

const char * const *
fc_debrief_get_missed_codes (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  compute (self);
  return (const char * const *) self->missed_codes->pdata;
}

const char * const *
fc_debrief_get_missed (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  compute (self);
  return (const char * const *) self->missed->pdata;
}

guint
fc_debrief_count_targets (FcDebrief        *self,
                          FcDebriefOutcome  outcome)
{
  guint count = 0;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), 0);

  compute (self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      if (row->outcome == outcome)
        count++;
    }
  return count;
}

gint64
fc_debrief_get_duration_us (FcDebrief *self)
{
  g_return_val_if_fail (FC_IS_DEBRIEF (self), 0);

  compute (self);
  return self->duration_us;
}

static const char *
outcome_to_string (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      return "met";
    case FC_DEBRIEF_MISSED:
      return "missed";
    case FC_DEBRIEF_NOT_REACHED:
    default:
      return "not-reached";
    }
}

static const char *
kind_to_string (FcScenarioTargetKind kind)
{
  switch (kind)
    {
    case FC_SCENARIO_TARGET_INTERVAL:
      return "interval";
    case FC_SCENARIO_TARGET_EVENT:
      return "event";
    case FC_SCENARIO_TARGET_NEVER:
    default:
      return "never";
    }
}

JsonNode *
fc_debrief_to_json (FcDebrief *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (FC_IS_DEBRIEF (self), NULL);

  compute (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, fc_scenario_get_id (self->scenario));
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, self->duration_us / (double) G_USEC_PER_SEC);

  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (G_LIST_MODEL (self->targets), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, row->id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, row->label);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind_to_string (row->kind));
      json_builder_set_member_name (builder, "limit_s");
      if (row->kind == FC_SCENARIO_TARGET_INTERVAL)
        json_builder_add_int_value (builder, row->limit_s);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "actual_s");
      if (row->actual_s >= 0)
        json_builder_add_double_value (builder, round (row->actual_s * 10) / 10);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, outcome_to_string (row->outcome));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, row->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->warnings)); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (G_LIST_MODEL (self->warnings), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, row->rule_id);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, fc_severity_to_string (row->severity));
      json_builder_set_member_name (builder, "expected");
      json_builder_add_boolean_value (builder, row->expected);
      json_builder_set_member_name (builder, "shown");
      json_builder_add_boolean_value (builder, row->shown);
      json_builder_set_member_name (builder, "acknowledged");
      json_builder_add_boolean_value (builder, row->acknowledged);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missed");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->missed->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, g_ptr_array_index (self->missed_codes, i));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, g_ptr_array_index (self->missed, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Drawing (in points of an A4 portrait page) */

#define MARGIN      40.0
#define CONTENT_W   (FC_DEBRIEF_PAGE_WIDTH - 2 * MARGIN)

typedef struct
{
  double r, g, b;
} Rgb;

static const Rgb ink = { 0.12, 0.12, 0.14 };
static const Rgb grey = { 0.45, 0.45, 0.48 };
static const Rgb rule_colour = { 0.78, 0.78, 0.80 };
static const Rgb met_colour = { 0.13, 0.50, 0.24 };
static const Rgb missed_colour = { 0.75, 0.13, 0.13 };
static const Rgb not_reached_colour = { 0.50, 0.50, 0.52 };
static const Rgb pause_colour = { 0.90, 0.90, 0.92 };

static void
set_colour (cairo_t   *cr,
            const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

static const Rgb *
outcome_colour (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      return &met_colour;
    case FC_DEBRIEF_MISSED:
      return &missed_colour;
    case FC_DEBRIEF_NOT_REACHED:
    default:
      return &not_reached_colour;
    }
}

static const char *
outcome_label (FcDebriefOutcome outcome)
{
  switch (outcome)
    {
    case FC_DEBRIEF_MET:
      /* Translators: a debrief target was met. */
      return _("Met");
    case FC_DEBRIEF_MISSED:
      /* Translators: a debrief target was missed. */
      return _("Missed");
    case FC_DEBRIEF_NOT_REACHED:
    default:
      /* Translators: a debrief target could not be judged (its first step never happened). */
      return _("Not reached");
    }
}

static void
set_font (cairo_t  *cr,
          double    size,
          gboolean  bold)
{
  cairo_select_font_face (cr, fc_chart_get_font_family (), CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  return extents.x_advance;
}

static void
show_text (cairo_t    *cr,
           double      x,
           double      y,
           const char *text)
{
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* @text cut to @max_width with "…". */
static char *
ellipsize (cairo_t    *cr,
           const char *text,
           double      max_width)
{
  g_autoptr(GString) out = NULL;

  if (text_width (cr, text) <= max_width)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *candidate = NULL;

      candidate = g_strdup_printf ("%.*s…", (int) (g_utf8_next_char (p) - text), text);
      if (text_width (cr, candidate) > max_width)
        break;
      g_string_assign (out, candidate);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Draws @text wrapped to @max_width from (@x, @y: the first baseline); returns the baseline
 * after the last line. Breaks at spaces when it can, anywhere otherwise (Japanese). */
static double
show_wrapped (cairo_t    *cr,
              double      x,
              double      y,
              double      max_width,
              double      line_height,
              const char *text)
{
  const char *line_start = text;

  while (*line_start != '\0')
    {
      const char *p = line_start;
      const char *last_space = NULL;
      const char *end = NULL;

      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *candidate = g_strndup (line_start, next - line_start);

          if (text_width (cr, candidate) > max_width && p != line_start)
            {
              end = last_space != NULL ? last_space : p;
              break;
            }
          if (*p == ' ')
            last_space = p;
          p = next;
        }
      if (end == NULL)
        end = p;

      {
        g_autofree char *line = g_strndup (line_start, end - line_start);

        show_text (cr, x, y, line);
      }
      y += line_height;
      line_start = end;
      while (*line_start == ' ')
        line_start++;
    }
  return y;
}

/* Splits @text into at most @max_lines lines of @max_width (the last one ellipsized when text
 * is left over); breaks at spaces when it can. */
static GPtrArray *
wrap_lines (cairo_t    *cr,
            const char *text,
            double      max_width,
            guint       max_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *line_start = text;

  while (*line_start != '\0')
    {
      const char *p = line_start;
      const char *last_space = NULL;
      const char *end = NULL;

      if (lines->len + 1 == max_lines)
        {
          g_ptr_array_add (lines, ellipsize (cr, line_start, max_width));
          break;
        }
      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *candidate = g_strndup (line_start, next - line_start);

          if (text_width (cr, candidate) > max_width && p != line_start)
            {
              end = last_space != NULL ? last_space : p;
              break;
            }
          if (*p == ' ')
            last_space = p;
          p = next;
        }
      if (end == NULL)
        end = p;
      g_ptr_array_add (lines, g_strndup (line_start, end - line_start));
      line_start = end;
      while (*line_start == ' ')
        line_start++;
    }
  return lines;
}

static void
hline (cairo_t *cr,
       double   y)
{
  set_colour (cr, &rule_colour);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, MARGIN + CONTENT_W, y);
  cairo_stroke (cr);
}

/* A short label for an event on the strip. */
static char *
event_label (const Event *event)
{
  if (g_str_equal (event->kind, FC_EVENT_FINDING) && event->detail != NULL
      && g_str_has_prefix (event->detail, "kind="))
    return g_strdup (event->detail + strlen ("kind="));
  if (g_str_equal (event->kind, FC_EVENT_WARNING_ACK) && event->detail != NULL
      && g_str_has_prefix (event->detail, "rule="))
    /* Translators: on the timeline strip, a warning acknowledged: "ack R05". */
    return g_strdup_printf (_("ack %s"), event->detail + strlen ("rule="));

  return g_strdup (kind_label (event->kind, FALSE));
}

/* The timeline strip: events above the axis, pauses shaded, targets below. Returns the y after
 * it. */
static double
draw_strip (FcDebrief *self,
            cairo_t   *cr,
            double     y)
{
  GListModel *targets = G_LIST_MODEL (self->targets);
  const Event *first;
  const Event *last;
  double total_s;
  double axis_y;
  double step;
  double label_right[4] = { -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint n_rows = 0;
  static const double steps[] = { 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600 };

  set_colour (cr, &ink);
  set_font (cr, 11, TRUE);
  /* Translators: heading of the debrief's timeline strip. */
  show_text (cr, MARGIN, y, _("Timeline"));
  y += 8;

  if (self->events->len == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y + 12, _("the incident has no events"));
      return y + 24;
    }

  first = g_ptr_array_index (self->events, 0);
  last = g_ptr_array_index (self->events, self->events->len - 1);
  total_s = MAX ((last->mono - first->mono) / (double) G_USEC_PER_SEC, 30.0);
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);

      if (row->kind == FC_SCENARIO_TARGET_INTERVAL && row->start_s >= 0)
        total_s = MAX (total_s, row->start_s + row->limit_s);
    }
  total_s *= 1.04;
  step = steps[G_N_ELEMENTS (steps) - 1];
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (total_s / steps[i] <= 10)
      {
        step = steps[i];
        break;
      }

#define X_OF(s) (MARGIN + (s) / total_s * CONTENT_W)

  axis_y = y + 50;

  /* Pauses. */
  for (guint i = 0; i < self->pauses->len; i++)
    {
      const Pause *pause = &g_array_index (self->pauses, Pause, i);
      double a = X_OF ((pause->start - first->mono) / (double) G_USEC_PER_SEC);
      double b = X_OF ((pause->end - first->mono) / (double) G_USEC_PER_SEC);

      set_colour (cr, &pause_colour);
      cairo_rectangle (cr, a, y + 4, MAX (b - a, 1.0), axis_y - y + 6);
      cairo_fill (cr);
    }

  /* Axis and ticks. */
  set_colour (cr, &grey);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, MARGIN, axis_y);
  cairo_line_to (cr, MARGIN + CONTENT_W, axis_y);
  cairo_stroke (cr);
  set_font (cr, 6.5, FALSE);
  for (double t = 0; t <= total_s; t += step)
    {
      g_autofree char *label = format_duration (t);
      double x = X_OF (t);

      cairo_move_to (cr, x, axis_y);
      cairo_line_to (cr, x, axis_y + 3);
      cairo_stroke (cr);
      show_text (cr, x - text_width (cr, label) / 2, axis_y + 10, label);
    }

  /* Events: a tick each, labels staggered on four rows where they fit. */
  for (guint i = 0; i < self->events->len; i++)
    {
      const Event *event = g_ptr_array_index (self->events, i);
      g_autofree char *label = event_label (event);
      double x = X_OF ((event->mono - first->mono) / (double) G_USEC_PER_SEC);
      guint row = 0;
      double width;

      if (label == NULL)
        continue;
      width = text_width (cr, label);
      while (row < G_N_ELEMENTS (label_right) && label_right[row] > x - 1)
        row++;

      set_colour (cr, &ink);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, x, axis_y);
      if (row == G_N_ELEMENTS (label_right))
        {
          /* No room for the label: the tick alone. */
          cairo_line_to (cr, x, axis_y - 5);
          cairo_stroke (cr);
          continue;
        }
      label_right[row] = x + width + 3;
      cairo_line_to (cr, x, axis_y - 8 - row * 9);
      cairo_stroke (cr);
      show_text (cr, x + 1.5, axis_y - 9 - row * 9, label);
    }

  /* Targets below the axis: the label, then the bar (an interval, its limit as a tick) or a
   * diamond (an event). */
  y = axis_y + 22;
  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);
      const Rgb *colour = outcome_colour (row->outcome);
      g_autofree char *label = NULL;
      double label_x;

      if (row->start_s < 0)
        continue;

      label_x = X_OF (row->start_s);
      set_font (cr, 6.5, FALSE);
      label = ellipsize (cr, row->label, CONTENT_W);
      label_x = MIN (label_x, MARGIN + CONTENT_W - text_width (cr, label));
      set_colour (cr, colour);
      show_text (cr, label_x, y, label);

      if (row->kind == FC_SCENARIO_TARGET_INTERVAL)
        {
          double a = X_OF (row->start_s);
          double b = X_OF (row->end_s >= 0 ? row->end_s : total_s);
          double limit = X_OF (row->start_s + row->limit_s);

          if (row->end_s < 0)
            cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, 0.35);
          cairo_rectangle (cr, a, y + 3, MAX (b - a, 1.5), 5);
          cairo_fill (cr);
          set_colour (cr, &ink);
          cairo_set_line_width (cr, 1.0);
          cairo_move_to (cr, limit, y + 1);
          cairo_line_to (cr, limit, y + 10);
          cairo_stroke (cr);
        }
      else
        {
          double x = X_OF (row->start_s);

          cairo_move_to (cr, x, y + 2);
          cairo_line_to (cr, x + 3.5, y + 5.5);
          cairo_line_to (cr, x, y + 9);
          cairo_line_to (cr, x - 3.5, y + 5.5);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      y += 19;
      n_rows++;
    }

#undef X_OF

  if (self->pauses->len > 0)
    {
      set_colour (cr, &grey);
      set_font (cr, 6.5, FALSE);
      /* Translators: legend of the shaded parts of the timeline strip. */
      show_text (cr, MARGIN, y + 2, _("Shaded: the trainer paused the scenario (not counted)."));
      y += 10;
    }

  return y + (n_rows > 0 ? 6 : 0);
}

static double
draw_targets_table (FcDebrief *self,
                    cairo_t   *cr,
                    double     y)
{
  GListModel *targets = G_LIST_MODEL (self->targets);
  const double col_limit = MARGIN + 215;
  const double col_actual = MARGIN + 258;
  const double col_result = MARGIN + 301;
  const double col_detail = MARGIN + 352;

  set_colour (cr, &ink);
  set_font (cr, 11, TRUE);
  /* Translators: heading of the debrief's targets table. */
  show_text (cr, MARGIN, y, _("Target times"));
  y += 14;

  if (g_list_model_get_n_items (targets) == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y, _("This scenario sets no targets."));
      return y + 16;
    }

  set_font (cr, 8, TRUE);
  set_colour (cr, &grey);
  /* Translators: column headings of the debrief's targets table. */
  show_text (cr, MARGIN, y, _("Target"));
  show_text (cr, col_limit, y, _("Limit"));
  show_text (cr, col_actual, y, _("Actual"));
  show_text (cr, col_result, y, _("Result"));
  y += 4;
  hline (cr, y);
  y += 11;

  for (guint i = 0; i < g_list_model_get_n_items (targets); i++)
    {
      g_autoptr(FcDebriefTarget) row = g_list_model_get_item (targets, i);
      g_autofree char *limit = NULL;
      g_autofree char *actual = NULL;

      g_autoptr(GPtrArray) label_lines = NULL;
      g_autoptr(GPtrArray) detail_lines = NULL;
      guint n_lines;

      set_font (cr, 8.5, FALSE);
      set_colour (cr, &ink);
      label_lines = wrap_lines (cr, row->label, col_limit - MARGIN - 8, 2);
      for (guint j = 0; j < label_lines->len; j++)
        show_text (cr, MARGIN, y + j * 11, g_ptr_array_index (label_lines, j));
      limit = row->kind == FC_SCENARIO_TARGET_INTERVAL ? format_duration (row->limit_s)
                                                       : g_strdup ("—");
      show_text (cr, col_limit, y, limit);
      actual = row->actual_s >= 0 ? format_duration (row->actual_s) : g_strdup ("—");
      show_text (cr, col_actual, y, actual);

      set_colour (cr, outcome_colour (row->outcome));
      set_font (cr, 8.5, TRUE);
      show_text (cr, col_result, y, outcome_label (row->outcome));
      set_font (cr, 7.5, FALSE);
      detail_lines = wrap_lines (cr, row->detail, MARGIN + CONTENT_W - col_detail, 2);
      for (guint j = 0; j < detail_lines->len; j++)
        show_text (cr, col_detail, y + j * 10, g_ptr_array_index (detail_lines, j));
      n_lines = MAX (label_lines->len, detail_lines->len);
      y += 13 + (MAX (n_lines, 1) - 1) * 11;
    }
  return y + 4;
}

static double
draw_warnings_table (FcDebrief *self,
                     cairo_t   *cr,
                     double     y)
{
  GListModel *warnings = G_LIST_MODEL (self->warnings);
  const double columns[] = { MARGIN, MARGIN + 70, MARGIN + 160, MARGIN + 250, MARGIN + 340 };

  set_colour (cr, &ink);
  set_font (cr, 11, TRUE);
  /* Translators: heading of the debrief's warnings table. */
  show_text (cr, MARGIN, y, _("Warnings"));
  y += 14;

  if (g_list_model_get_n_items (warnings) == 0)
    {
      set_font (cr, 9, FALSE);
      show_text (cr, MARGIN, y, _("No warning was expected or shown."));
      return y + 16;
    }

  set_font (cr, 8, TRUE);
  set_colour (cr, &grey);
  /* Translators: column headings of the debrief's warnings table. */
  show_text (cr, columns[0], y, _("Rule"));
  show_text (cr, columns[1], y, _("Severity"));
  show_text (cr, columns[2], y, _("Expected"));
  show_text (cr, columns[3], y, _("Shown"));
  show_text (cr, columns[4], y, _("Acknowledged"));
  y += 4;
  hline (cr, y);
  y += 11;

  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcDebriefWarning) row = g_list_model_get_item (warnings, i);
      gboolean problem = (row->expected && !row->shown) || (row->shown && !row->expected);

      set_font (cr, 8.5, row->severity == FC_SEVERITY_CRITICAL);
      set_colour (cr, &ink);
      show_text (cr, columns[0], y, row->rule_id);
      set_font (cr, 8.5, FALSE);
      show_text (cr, columns[1], y, fc_severity_to_string (row->severity));
      set_colour (cr, problem ? &missed_colour : &ink);
      show_text (cr, columns[2], y, row->expected ? _("yes") : _("no"));
      show_text (cr, columns[3], y, row->shown ? _("yes") : _("no"));
      set_colour (cr, &ink);
      show_text (cr, columns[4], y, row->acknowledged ? _("yes") : _("no"));
      y += 13;
    }
  return y + 4;
}

static double
draw_missed (FcDebrief *self,
             cairo_t   *cr,
             double     y)
{
  set_colour (cr, &ink);
  set_font (cr, 11, TRUE);
  /* Translators: heading of the debrief's list of what the crew missed. */
  show_text (cr, MARGIN, y, _("What was missed"));
  y += 14;

  set_font (cr, 9, FALSE);
  if (self->missed->len <= 1)
    {
      set_colour (cr, &met_colour);
      show_text (cr, MARGIN, y, _("Nothing was missed."));
      return y + 14;
    }

  for (guint i = 0; i + 1 < self->missed->len; i++)
    {
      set_colour (cr, &missed_colour);
      show_text (cr, MARGIN, y, "•");
      set_colour (cr, &ink);
      y = show_wrapped (cr, MARGIN + 10, y, CONTENT_W - 10, 12,
                        g_ptr_array_index (self->missed, i));
      y += 2;
    }
  return y;
}

void
fc_debrief_draw (FcDebrief *self,
                 cairo_t   *cr,
                 double     width,
                 double     height)
{
  g_autofree char *meta = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *started = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *footer = NULL;
  guint n_expected = 0;
  guint n_expected_shown = 0;
  guint n_acknowledged = 0;
  double y;

  g_return_if_fail (FC_IS_DEBRIEF (self));
  g_return_if_fail (cr != NULL);

  compute (self);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_scale (cr, width / FC_DEBRIEF_PAGE_WIDTH, width / FC_DEBRIEF_PAGE_WIDTH);

  /* Title and scenario. */
  y = MARGIN + 8;
  set_colour (cr, &ink);
  set_font (cr, 18, TRUE);
  /* Translators: title of the debrief page and its PDF/PNG export. */
  show_text (cr, MARGIN, y, _("Training debrief"));
  y += 22;
  set_font (cr, 13, TRUE);
  y = show_wrapped (cr, MARGIN, y, CONTENT_W, 16,
                    fc_scenario_get_title_ja (self->scenario) != NULL
                    ? fc_scenario_get_title_ja (self->scenario)
                    : fc_scenario_get_title (self->scenario));
  if (fc_scenario_get_title_en (self->scenario) != NULL
      && fc_scenario_get_title_ja (self->scenario) != NULL)
    {
      set_colour (cr, &grey);
      set_font (cr, 10, FALSE);
      y = show_wrapped (cr, MARGIN, y - 2, CONTENT_W, 13, fc_scenario_get_title_en (self->scenario));
    }

  duration = format_duration (self->duration_us / (double) G_USEC_PER_SEC);
  if (self->events->len > 0 && ((Event *) g_ptr_array_index (self->events, 0))->wall != NULL)
    started = g_date_time_format (((Event *) g_ptr_array_index (self->events, 0))->wall,
                                  "%Y-%m-%d %H:%M");
  /* Translators: "Scenario: pilot-1 · started 2026-11-20 10:00 · duration 4:12 (pauses not
   * counted)". */
  meta = g_strdup_printf (_("Scenario: %s · started %s · duration %s (pauses not counted)"),
                          fc_scenario_get_id (self->scenario), started != NULL ? started : "—",
                          duration);
  set_colour (cr, &grey);
  set_font (cr, 8.5, FALSE);
  y = show_wrapped (cr, MARGIN, y + 2, CONTENT_W, 11, meta);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->warnings)); i++)
    {
      g_autoptr(FcDebriefWarning) row =
        g_list_model_get_item (G_LIST_MODEL (self->warnings), i);

      n_expected += row->expected;
      n_expected_shown += row->expected && row->shown;
      n_acknowledged += row->acknowledged;
    }
  /* Translators: the debrief's summary line. */
  counts = g_strdup_printf (_("Targets: %u met, %u missed, %u not reached · expected warnings "
                              "shown: %u of %u · acknowledged: %u"),
                            fc_debrief_count_targets (self, FC_DEBRIEF_MET),
                            fc_debrief_count_targets (self, FC_DEBRIEF_MISSED),
                            fc_debrief_count_targets (self, FC_DEBRIEF_NOT_REACHED),
                            n_expected_shown, n_expected, n_acknowledged);
  set_colour (cr, &ink);
  set_font (cr, 9.5, TRUE);
  y = show_wrapped (cr, MARGIN, y + 2, CONTENT_W, 12, counts);
  hline (cr, y - 4);

  y = draw_strip (self, cr, y + 14);
  hline (cr, y);
  y = draw_targets_table (self, cr, y + 16);
  y = draw_warnings_table (self, cr, y + 10);
  draw_missed (self, cr, y + 10);

  /* Footer. */
  footer = g_strdup (_("FieldCard training record. The patient is made up; this is not a "
                       "clinical record."));
  set_colour (cr, &grey);
  set_font (cr, 7, FALSE);
  show_text (cr, MARGIN, FC_DEBRIEF_PAGE_HEIGHT - 24, footer);

  cairo_restore (cr);
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  /* Translators: the first %s is a file, the second cairo's reason. */
  g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE, _("%s cannot be written: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
fc_debrief_write_pdf (FcDebrief   *self,
                      const char  *path,
                      GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autofree char *title = NULL;
  gboolean ok;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, FC_DEBRIEF_PAGE_WIDTH, FC_DEBRIEF_PAGE_HEIGHT);
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  title = g_strdup_printf ("%s — %s", _("Training debrief"),
                           fc_scenario_get_title (self->scenario));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "FieldCard");

  cr = cairo_create (surface);
  fc_debrief_draw (self, cr, FC_DEBRIEF_PAGE_WIDTH, FC_DEBRIEF_PAGE_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
fc_debrief_write_png (FcDebrief   *self,
                      const char  *path,
                      GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (FC_IS_DEBRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, FC_DEBRIEF_PNG_WIDTH,
                                        FC_DEBRIEF_PNG_HEIGHT);
  cr = cairo_create (surface);
  fc_debrief_draw (self, cr, FC_DEBRIEF_PNG_WIDTH, FC_DEBRIEF_PNG_HEIGHT);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png (surface, path);
  ok = status == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error (error, FC_DEBRIEF_ERROR, FC_DEBRIEF_ERROR_WRITE, _("%s cannot be written: %s"),
                 path, cairo_status_to_string (status));
  cairo_surface_destroy (surface);
  return ok;
}
