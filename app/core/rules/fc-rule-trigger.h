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
 *   {"finding": "age", "is": "min_age_met"|"below_min_age"|"unconfirmed"}
 *                                               the patient's age against the glucose
 *                                               protocol's minimum ("glucose.min_age"): the
 *                                               crew's age finding if entered, else the
 *                                               record's age band (its lower bound must reach
 *                                               the minimum; a band that straddles it, e.g.
 *                                               "10s" for 15, is unconfirmed)
 *   {"medications_incomplete": {"stale_days": 90}}  no medicines, or the newest is older
 *   {"lab_positive": {"jlac10_prefixes": [...], "names": {"ja", "en"},
 *                     "interpretations": ["POS", …], "positive_values": {"ja", "en"},
 *                     "negative_values": {"ja", "en"}}}
 *                                               a positive laboratory result: an Observation
 *                                               whose JLAC10 code starts with a prefix (first 5
 *                                               characters = analyte), or without a JLAC10 code
 *                                               whose name matches; positive when its flag is
 *                                               one of the interpretations, else when its value
 *                                               text holds a positive word and no negative one
 *   {"min_distinct_drugs": 2}                   (raise only) the rule's own evidence holds
 *                                               at least this many different medicines
 *   {"allergen_matches": "crew_drugs"|"medications"}
 *                                               (raise and addenda only) a drug allergen in
 *                                               the rule's own evidence matches one of the
 *                                               crew's drugs (rules.json "crew_drugs") or one
 *                                               of the patient's recorded medicines (same YJ7
 *                                               or a shared ingredient name)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-drug-classes.h"
#include "fc-drug-item.h"
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
  FC_TRIGGER_LAB_POSITIVE,
  FC_TRIGGER_ALLERGEN_MATCHES,
} FcTriggerKind;

typedef enum {
  FC_AGE_TEST_MIN_AGE_MET,
  FC_AGE_TEST_BELOW_MIN_AGE,
  FC_AGE_TEST_UNCONFIRMED,
} FcAgeTest;

typedef enum {
  FC_ALLERGEN_MATCHES_CREW_DRUGS,
  FC_ALLERGEN_MATCHES_MEDICATIONS,
} FcAllergenMatches;

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
  GStrv      interpretations; /* (owned) lab flags that mean positive (upper case) */
  GStrv      positive_values; /* (owned) normalised words of a positive lab value */
  GStrv      negative_values; /* (owned) normalised words of a negative lab value */
  char      *name;          /* (owned) rule id or finding name */
  GPtrArray *children;      /* (owned) (element-type FcTrigger) */
  gboolean   confirmed_only;
  gboolean   include_resolved;
  int        number;        /* stale days, minimum count, consciousness, glucose or age test,
                             * allergen match kind */
};


/* Evidence gathered while a trigger is evaluated. */
typedef struct {
  GPtrArray *items;      /* (owned) (element-type FcSummaryItem) */
  GPtrArray *findings;   /* (owned) (element-type utf8) */
  GPtrArray *matches_ja; /* (owned) (element-type utf8) what an allergen matched, for {matches} */
  GPtrArray *matches_en; /* (owned) (element-type utf8) */
} FcRuleResult;

/* A counted medicine of the summary with its drug classes, computed once per evaluation. */
typedef struct {
  FcSummaryItem *item;    /* (not owned) */
  FcDrugItem    *info;    /* (owned) */
  guint8        *classes; /* (owned) one byte per drug class (fc_drug_classes_memberships ()) */
} FcRuleMedicine;

typedef struct {
  FcSummary     *summary;           /* (not owned) */
  FcFindings    *findings;          /* (not owned) */
  GDateTime     *now;               /* (not owned) */
  FcDrugClasses *classes;           /* (not owned) */
  FcDrugClasses *crew_drugs;        /* (not owned) */
  GPtrArray     *medicines;         /* (owned) (element-type FcRuleMedicine) counted medicines */
  GHashTable    *fired;             /* (not owned) rule id → FcRuleResult */
  FcRuleResult  *current;           /* (not owned) (nullable) the rule being raised */
  int            glucose_low_below; /* mg/dL */
  int            glucose_high_from; /* mg/dL */
  int            min_age;           /* years: the glucose protocol's minimum age */
} FcRuleContext;

/* What a trigger may contain. */
typedef enum {
  FC_TRIGGER_SCOPE_ANY,      /* rule triggers and raise conditions */
  FC_TRIGGER_SCOPE_FINDINGS, /* requires_finding: findings only */
  FC_TRIGGER_SCOPE_HISTORY,  /* addenda: anything but findings */
} FcTriggerScope;

FcRuleResult *fc_rule_result_new          (void);
void          fc_rule_result_free         (FcRuleResult       *result);
void          fc_rule_result_merge        (FcRuleResult       *into,
                                           FcRuleResult       *from);
void          fc_rule_result_add_item     (FcRuleResult       *result,
                                           FcSummaryItem      *item);
void          fc_rule_result_add_finding  (FcRuleResult       *result,
                                           const char         *finding);
void          fc_rule_result_add_match    (FcRuleResult       *result,
                                           const char         *ja,
                                           const char         *en);

/* Fills ctx->medicines from ctx->summary (medicines recorded in error or not taken do not
 * count); fc_rule_context_clear () frees it. */
void          fc_rule_context_prepare     (FcRuleContext      *ctx);
void          fc_rule_context_clear       (FcRuleContext      *ctx);

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
/* Evaluation helpers of fc-rule-match.c: a positive laboratory result, a drug allergen that
 * matches the crew's drugs or the patient's medicines, the patient's age against the glucose
 * protocol's minimum (@evidence: (out) (transfer full) e.g. "age=12" or "age-band=60s"). */
gboolean      fc_rule_eval_lab_positive   (FcTrigger          *trigger,
                                           FcRuleContext      *ctx,
                                           FcRuleResult       *out);
gboolean      fc_rule_eval_allergen_matches (FcTrigger        *trigger,
                                             FcRuleContext    *ctx,
                                             FcRuleResult     *out);
FcAgeTest     fc_rule_age_status          (FcRuleContext      *ctx,
                                           char              **evidence);

/* Whether the trigger holds; on TRUE its evidence is added to @out. */
gboolean      fc_trigger_eval             (FcTrigger          *trigger,
                                           FcRuleContext      *ctx,
                                           FcRuleResult       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRuleResult, fc_rule_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTrigger, fc_trigger_free)

G_END_DECLS
