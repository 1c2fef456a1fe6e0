/* rules-test-util.h: helpers shared by the rule tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-core-enums.h"
#include "fc-rule-set.h"

G_BEGIN_DECLS

/* Every evaluation happens on this day; medicines are dispensed two weeks before. */
#define EVAL_YEAR  2026
#define EVAL_MONTH 11
#define EVAL_DAY   1
#define RECENT     "2026-10-15"

/* Item descriptions for rt_add_item (). */
#define INSULIN      "med|yj|2492413G4022|ヒューマログ注ミリオペン"
#define METFORMIN    "med|yj|3962002F1023|メトグルコ錠250mg"
#define WARFARIN     "med|yj|3332001F1063|ワーファリン錠1mg"
#define APIXABAN     "med|yj|3339004F1029|エリキュース錠2.5mg"
#define ASPIRIN_LOW  "med|yj|3399007H1102|バイアスピリン錠100mg"
#define CLOPIDOGREL  "med|yj|3399008F1029|プラビックス錠75mg"
#define BISOPROLOL   "med|yj|2123016F1025|メインテート錠2.5mg"
#define VERAPAMIL    "med|yj|2171008F1118|ワソラン錠40mg"
#define AMLODIPINE   "med|yj|2171022F1020|ノルバスク錠5mg"
#define LANTHANUM    "med|yj|2190029F1022|ホスレノールOD錠250mg"
#define TADALAFIL    "med|atc|G04BE08|シアリス錠10mg"
#define NITRO        "med|||ニトロペン舌下錠0.3mg"
#define DIABETES     "cond|E11.9|confirmed|2型糖尿病"

typedef struct {
  FcRuleSet *rules;
} RtFixture;

/* Loads the shipped rules (fc_rule_set_default_dir ()). */
void           rt_fixture_set_up    (RtFixture          *fixture,
                                     gconstpointer       data);
void           rt_fixture_tear_down (RtFixture          *fixture,
                                     gconstpointer       data);
/* Adds one item described as "med|SYSTEM|CODE|TEXT", "cond|ICD10|STATUS|TEXT",
 * "allergy|CATEGORY|CRITICALITY|TEXT" (optionally "|SYSTEM:CODE") or
 * "obs|JLAC10|DETAIL|TEXT" (a laboratory result; DETAIL as the FHIR reader writes it, e.g.
 * "陽性 (POS)"); empty fields are left out; (transfer none). */
FcSummaryItem *rt_add_item          (FcSummary          *summary,
                                     const char         *spec);
FcSummary     *rt_summary_with      (const char * const *specs);
/* Like rt_summary_with (), with the record's age band (e.g. "60s"; NULL: unknown). */
FcSummary     *rt_summary_aged      (const char * const *specs,
                                     const char         *age_band);
FcFindings    *rt_findings_with     (const char * const *assignments);
/* Evaluates at EVAL_YEAR-EVAL_MONTH-EVAL_DAY. */
GListModel    *rt_evaluate          (FcRuleSet          *rules,
                                     FcSummary          *summary,
                                     FcFindings         *findings);
/* (transfer none) (nullable) */
FcWarning     *rt_find_warning      (GListModel         *warnings,
                                     const char         *rule_id);
/* "R07(caution) R09(info)" */
char          *rt_describe          (GListModel         *warnings);
/* Whether rule @rule_id is among @warnings. */
gboolean       rt_has               (GListModel         *warnings,
                                     const char         *rule_id);

G_END_DECLS
