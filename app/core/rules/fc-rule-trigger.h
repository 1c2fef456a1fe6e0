/* fc-rule-trigger.h: private: the trigger language of rules.json and its evaluation.
 *
 * A trigger is a JSON object with one kind:
 *   {"any_class": [class ids]}                  a medicine of any of the classes
 *   {"all_classes": [class ids]}                a medicine of each class
 *   {"icd10_prefixes": [...], "verification": "confirmed"|"any", "include_resolved": bool,
 *    "names": {"ja": [...], "en": [...]}, "exclude_names": {...}}
 *                                               a condition (names: text fallback when the
 *                                               condition carries no ICD-10 code)
 *   {"allergy": {"category": [...], "criticality": [...]}}   ("unknown" = not given)
 *   {"rule": "R01"}                             that rule fired (its evidence is shared)
 *   {"any_of": [trigger | "rule id", ...]}, {"all_of": [...]}, {"not": trigger}
 *   {"finding": "consciousness", "is": "impaired"|"alert"}
 *   {"finding": "glucose", "is": "not_measured"|"measured"|"low"|"high"|"in_range"}
 *   {"finding": "head-injury"|"bleeding"|"anaphylaxis"|"seizure"}
 *   {"medications_incomplete": {"stale_days": 90}}  no medicines, or the newest is older
 *   {"min_distinct_drugs": 2}                   (raise only) the rule's own evidence holds
 *                                               at least this many different medicines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-drug-classes.h"
#include "fc-findings.h"
#include "fc-rules-json.h"
#include "fc-summary.h"

G_BEGIN_DECLS

typedef struct _FcTrigger FcTrigger;

typedef enum {
  FC_TRIGGER_ANY_CLASS,
  FC_TRIGGER_ALL_CLASSES,
  FC_TRIGGER_CONDITION,
  FC_TRIGGER_ALLERGY,
  FC_TRIGGER_RULE,
  FC_TRIGGER_ANY_OF,
  FC_TRIGGER_ALL_OF,
  FC_TRIGGER_NOT,
  FC_TRIGGER_FINDING,
  FC_TRIGGER_MEDICATIONS_INCOMPLETE,
  FC_TRIGGER_MIN_DISTINCT_DRUGS,
} FcTriggerKind;

typedef enum {
  FC_GLUCOSE_TEST_NOT_MEASURED,
  FC_GLUCOSE_TEST_MEASURED,
  FC_GLUCOSE_TEST_LOW,
  FC_GLUCOSE_TEST_HIGH,
  FC_GLUCOSE_TEST_IN_RANGE,
} FcGlucoseTest;

struct _FcTrigger
{
  FcTriggerKind kind;
  GStrv      list;          /* (owned) classes, ICD-10 prefixes or allergy categories */
  GStrv      criticality;   /* (owned) allergy criticality */
  GStrv      names;         /* (owned) normalised condition names (text fallback) */
  GStrv      exclude_names; /* (owned) */
  char      *name;          /* (owned) rule id or finding name */
  GPtrArray *children;      /* (owned) (element-type FcTrigger) */
  gboolean   confirmed_only;
  gboolean   include_resolved;
  int        number;        /* stale days, minimum count, consciousness or glucose test */
};


/* Evidence gathered while a trigger is evaluated. */
typedef struct {
  GPtrArray *items;    /* (owned) (element-type FcSummaryItem) */
  GPtrArray *findings; /* (owned) (element-type utf8) */
} FcRuleResult;

typedef struct {
  FcSummary     *summary;           /* (not owned) */
  FcFindings    *findings;          /* (not owned) */
  GDateTime     *now;               /* (not owned) */
  FcDrugClasses *classes;           /* (not owned) */
  GHashTable    *fired;             /* (not owned) rule id → FcRuleResult */
  FcRuleResult  *current;           /* (not owned) (nullable) the rule being raised */
  int            glucose_low_below; /* mg/dL */
  int            glucose_high_from; /* mg/dL */
} FcRuleContext;

/* What a trigger may contain. */
typedef enum {
  FC_TRIGGER_SCOPE_ANY,      /* rule triggers and raise conditions */
  FC_TRIGGER_SCOPE_FINDINGS, /* requires_finding: findings only */
} FcTriggerScope;

FcRuleResult *fc_rule_result_new          (void);
void          fc_rule_result_free         (FcRuleResult       *result);
void          fc_rule_result_merge        (FcRuleResult       *into,
                                           FcRuleResult       *from);

FcTrigger    *fc_trigger_parse            (JsonNode           *node,
                                           const char         *field,
                                           FcTriggerScope      scope,
                                           const FcJsonWhere  *where,
                                           GError            **error);
void          fc_trigger_free             (FcTrigger          *trigger);
/* Adds the rule ids and class ids the trigger refers to (borrowed strings). */
void          fc_trigger_collect_refs     (FcTrigger          *trigger,
                                           GPtrArray          *rule_ids,
                                           GPtrArray          *class_ids);
/* Whether the trigger holds; on TRUE its evidence is added to @out. */
gboolean      fc_trigger_eval             (FcTrigger          *trigger,
                                           FcRuleContext      *ctx,
                                           FcRuleResult       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRuleResult, fc_rule_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTrigger, fc_trigger_free)

G_END_DECLS
