/* fc-rule-set.h: decision-support rules loaded from data/rules/ (rules.json, drug-classes.json), and their evaluation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-summary.h"
#include "fc-findings.h"
#include "fc-warning.h"

G_BEGIN_DECLS

#define FC_RULES_ERROR (fc_rules_error_quark ())

typedef enum {
  FC_RULES_ERROR_MISSING, /* the rules file does not exist or cannot be read */
  FC_RULES_ERROR_SYNTAX,  /* not JSON (line:column in the message) */
  FC_RULES_ERROR_INVALID, /* a rule is malformed (the message names the rule and the field) */
} FcRulesError;

/* Counts over the loaded rule files, for "fieldcard-cli rules check". */
typedef struct {
  guint n_rules;
  guint n_by_severity[FC_SEVERITY_CRITICAL + 1]; /* indexed by FcSeverity */
  guint n_inferred;        /* rules that label a condition inferred from a drug */
  guint n_with_raise;      /* rules whose severity findings or other rules can raise */
  guint n_with_addenda;    /* rules with sentences added on a condition */
  guint n_groups;
  guint n_classes;         /* drug classes (drug-classes.json) */
  guint n_classes_unused;  /* classes no rule names (information only, e.g. tagging) */
  guint n_crew_drugs;      /* rules.json "crew_drugs" */
  guint n_sources;         /* sources defined in rules.json */
  guint n_unsourced;       /* rules that name no source */
  int   glucose_low_below; /* mg/dL */
  int   glucose_high_from; /* mg/dL */
  int   glucose_min_age;   /* years */
} FcRuleSetStats;

#define FC_TYPE_RULE_SET (fc_rule_set_get_type ())

G_DECLARE_FINAL_TYPE (FcRuleSet, fc_rule_set, FC, RULE_SET, GObject)

GQuark      fc_rules_error_quark        (void);
/* Loads rules.json and drug-classes.json from @dir. */
G_GNUC_WARN_UNUSED_RESULT
FcRuleSet  *fc_rule_set_new_from_dir    (const char  *dir,
                                         GError     **error);
guint       fc_rule_set_get_n_rules     (FcRuleSet   *self);
/* Evaluates every rule; returns a new GListStore of FcWarning ordered critical → caution → info,
 * then by rule id, with subsumed rules folded into the rule that covers them (e.g. R05 over
 * R04). @findings may be NULL (nothing observed yet); the patient's age for the glucose
 * protocol comes from the findings' "age", else the summary's age band. Never fails: a summary
 * with no data gives the data-incomplete warning. */
G_GNUC_WARN_UNUSED_RESULT
GListModel *fc_rule_set_evaluate        (FcRuleSet   *self,
                                         FcSummary   *summary,
                                         FcFindings  *findings);
/* Like fc_rule_set_evaluate () at @now (nullable: the current time); the age of the medicine
 * data (stale after 90 days) is judged against @now. Training scenarios and tests pass a date. */
G_GNUC_WARN_UNUSED_RESULT
GListModel *fc_rule_set_evaluate_at     (FcRuleSet   *self,
                                         FcSummary   *summary,
                                         FcFindings  *findings,
                                         GDateTime   *now);
gboolean    fc_rule_set_has_rule        (FcRuleSet   *self,
                                         const char  *rule_id);
/* Drug classes (data/rules/drug-classes.json) of a medicine, e.g. {"warfarin"}, for tagging
 * medicines in the summary; (transfer full), empty for other items. */
G_GNUC_WARN_UNUSED_RESULT
GStrv       fc_rule_set_classify_item   (FcRuleSet     *self,
                                         FcSummaryItem *item);
/* @language: "ja" or "en"; NULL for an unknown class. */
const char *fc_rule_set_get_class_name  (FcRuleSet   *self,
                                         const char  *class_id,
                                         const char  *language);
/* Fills @stats with counts over the loaded rules and drug classes. */
void        fc_rule_set_get_stats       (FcRuleSet      *self,
                                         FcRuleSetStats *stats);
/* (transfer full) rule ids in file order. */
G_GNUC_WARN_UNUSED_RESULT
GStrv       fc_rule_set_list_rules      (FcRuleSet   *self);
/* What a rule is: its severity before raising, whether it is inferred, and its sources
 * ((out) (transfer none) (optional)). FALSE for an unknown rule. */
gboolean    fc_rule_set_get_rule_info   (FcRuleSet           *self,
                                         const char          *rule_id,
                                         FcSeverity          *severity,
                                         gboolean            *inferred,
                                         const char * const **sources);
/* Default rules directory: $FIELDCARD_DATA_DIR/rules, else the installed pkgdatadir, else the
 * source tree's data/rules (development). */
char       *fc_rule_set_default_dir     (void);

G_END_DECLS
