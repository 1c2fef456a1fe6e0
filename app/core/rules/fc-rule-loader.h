/* fc-rule-loader.h: private: reading rules.json into rules ready for evaluation.
 *
 * rules.json holds {"format": 1, "description", "glucose": {"low_below", "high_from"},
 * "groups": {id: {"description"}}, "sources": {id: text}, "rules": [rule…]}, where a rule is
 * {"id", "severity", "group", "trigger", "requires_finding", "raise": [{"when", "to"}],
 *  "inferred", "message": {"ja", "en"}, "check": [{"ja", "en"}], "sources", "subsumes", "note"}.
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
  char       *id;         /* (owned) */
  char       *group;      /* (owned) (nullable) */
  FcSeverity  severity;
  gboolean    inferred;
  FcTrigger  *trigger;    /* (owned) */
  FcTrigger  *requires;   /* (owned) (nullable) */
  GPtrArray  *raises;     /* (owned) (element-type FcRuleRaise) */
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
  GPtrArray     *rules;             /* (owned) (element-type FcRule) */
  GHashTable    *by_id;             /* (owned) id → FcRule (borrowed) */
  int            glucose_low_below; /* mg/dL */
  int            glucose_high_from; /* mg/dL */
} FcRuleBook;

void     fc_rule_book_init  (FcRuleBook     *self,
                             FcDrugClasses  *classes);
void     fc_rule_book_clear (FcRuleBook     *self);
gboolean fc_rule_book_load  (FcRuleBook     *self,
                             const char     *path,
                             GError        **error);

G_END_DECLS
