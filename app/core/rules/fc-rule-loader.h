/* fc-rule-loader.h: private: reading rules.json into rules ready for evaluation.
 *
 * rules.json holds {"format": 1, "description",
 * "glucose": {"low_below", "high_from", "min_age"}, "groups": {id: {"description"}},
 * "sources": {id: text}, "crew_drugs": [class…], "rules": [rule…]}, where a rule is
 * {"id", "severity", "group", "trigger", "requires_finding", "raise": [{"when", "to"}],
 *  "addenda": [{"when", "message": {"ja", "en"}}], "inferred", "message": {"ja", "en"},
 *  "check": [{"ja", "en"}], "sources", "subsumes", "note"}.
 * "crew_drugs" lists the drugs the crew itself may use, in the format of drug-classes.json.
 * An addendum is a sentence added to the message when its condition holds; its condition may
 * look at the history only, never at findings (findings raise severity, they do not change
 * what the history says). Messages may hold placeholders: {evidence} (the texts of the items
 * that fired the trigger, verbatim), {results} (the same with each item's value and date) and,
 * in addenda, {matches} (what an allergen matched).
 * The trigger language is described in fc-rule-trigger.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-drug-classes.h"
#include "fc-rule-trigger.h"
#include "fc-types.h"

G_BEGIN_DECLS

typedef struct {
  FcTrigger  *when; /* (owned) */
  FcSeverity  to;
} FcRuleRaise;

typedef struct {
  FcTrigger *when;       /* (owned) */
  char      *message_ja; /* (owned) */
  char      *message_en; /* (owned) */
} FcRuleAddendum;

typedef struct {
  char       *id;         /* (owned) */
  char       *group;      /* (owned) (nullable) */
  FcSeverity  severity;
  gboolean    inferred;
  FcTrigger  *trigger;    /* (owned) */
  FcTrigger  *requires;   /* (owned) (nullable) */
  GPtrArray  *raises;     /* (owned) (element-type FcRuleRaise) */
  GPtrArray  *addenda;    /* (owned) (element-type FcRuleAddendum) */
  char       *message_ja; /* (owned) */
  char       *message_en; /* (owned) */
  GPtrArray  *checks;     /* (owned) ja, en, ja, en … */
  GStrv       sources;    /* (owned) */
  GStrv       subsumes;   /* (owned) */
} FcRule;


/* The loaded rules: every reference checked, stored in evaluation order (a rule after the rules
 * it refers to). */
typedef struct {
  FcDrugClasses *classes;           /* (not owned) */
  FcDrugClasses *crew_drugs;        /* (owned) (nullable) rules.json "crew_drugs" */
  GPtrArray     *rules;             /* (owned) (element-type FcRule) evaluation order */
  GPtrArray     *file_order;        /* (owned) (element-type FcRule) borrowed, file order */
  GHashTable    *by_id;             /* (owned) id → FcRule (borrowed) */
  GHashTable    *used_classes;      /* (owned) class ids named by any rule (borrowed) */
  int            glucose_low_below; /* mg/dL */
  int            glucose_high_from; /* mg/dL */
  int            glucose_min_age;   /* years */
  guint          n_groups;
  guint          n_sources;
} FcRuleBook;

void     fc_rule_book_init  (FcRuleBook     *self,
                             FcDrugClasses  *classes);
void     fc_rule_book_clear (FcRuleBook     *self);
gboolean fc_rule_book_load  (FcRuleBook     *self,
                             const char     *path,
                             GError        **error);

G_END_DECLS
