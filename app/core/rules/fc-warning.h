/* fc-warning.h: one decision-support warning: what to check, and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-types.h"
#include "fc-summary-item.h"

G_BEGIN_DECLS

#define FC_TYPE_WARNING (fc_warning_get_type ())

G_DECLARE_FINAL_TYPE (FcWarning, fc_warning, FC, WARNING, GObject)

/* Properties (read-only): "rule-id" ("R04"), "severity" (FcSeverity), "message-ja", "message-en",
 * "message" (the one for the current UI language), "inferred" (gboolean: a condition inferred
 * from a drug, labelled 推定・要確認 / inferred — verify), "acknowledged" (read-write). */
G_GNUC_WARN_UNUSED_RESULT
FcWarning   *fc_warning_new              (const char    *rule_id,
                                          FcSeverity     severity,
                                          const char    *message_ja,
                                          const char    *message_en,
                                          gboolean       inferred);
const char  *fc_warning_get_rule_id      (FcWarning     *self);
FcSeverity   fc_warning_get_severity     (FcWarning     *self);
const char  *fc_warning_get_message_ja   (FcWarning     *self);
const char  *fc_warning_get_message_en   (FcWarning     *self);
/* Japanese when the current locale's messages are Japanese, else English. */
const char  *fc_warning_get_message      (FcWarning     *self);
gboolean     fc_warning_get_inferred     (FcWarning     *self);
gboolean     fc_warning_get_acknowledged (FcWarning     *self);
void         fc_warning_set_acknowledged (FcWarning     *self,
                                          gboolean       acknowledged);
/* Evidence: the summary items that triggered the rule ((element-type FcSummaryItem)), and a
 * description of crew findings that took part (e.g. "bgl=42 mg/dL"). */
GPtrArray   *fc_warning_get_evidence     (FcWarning     *self);
void         fc_warning_add_evidence     (FcWarning     *self,
                                          FcSummaryItem *item);
GStrv        fc_warning_get_finding_evidence (FcWarning *self);
void         fc_warning_add_finding_evidence (FcWarning  *self,
                                              const char *finding);
/* Source ids (e.g. "S10") of the references behind the rule. */
GStrv        fc_warning_get_sources      (FcWarning     *self);
void         fc_warning_set_sources      (FcWarning     *self,
                                          const char * const *sources);
/* Things to check or measure named by the rule, in both languages; @language "ja", "en" or NULL
 * (current UI language). (transfer none) NULL-terminated. */
void         fc_warning_add_check        (FcWarning     *self,
                                          const char    *check_ja,
                                          const char    *check_en);
GStrv        fc_warning_get_checks       (FcWarning     *self,
                                          const char    *language);
/* Whether evidence @item is an unconfirmed (疑い) condition: verification status unconfirmed,
 * provisional or differential, or 疑い in its name. Such items must be shown labelled. */
gboolean     fc_warning_item_is_unconfirmed (FcSummaryItem *item);
/* The label to show next to evidence @item ("疑い" / "suspected (unconfirmed)"), or NULL;
 * @language "ja" or "en". */
const char  *fc_warning_item_label       (FcSummaryItem *item,
                                          const char    *language);
const char  *fc_severity_to_string       (FcSeverity     severity);
/* Parses "info", "caution" or "critical". */
gboolean     fc_severity_from_string     (const char    *text,
                                          FcSeverity    *out);
/* {"rule": …, "severity": …, "message": {"ja": …, "en": …}, "inferred": …, "acknowledged": …,
 *  "check": [{"ja", "en"}…] (empty when the rule names none),
 *  "evidence": [{"kind", "text", "date", "source", "status", "detail",
 *                "code": "system|code" or null, "codes": ["system|code"…],
 *                "unconfirmed": bool, "label": {"ja", "en"} or null}…],
 *  "findings": […], "sources": […]}
 * The GStrv getters above return (transfer none) arrays owned by the warning. */
JsonNode    *fc_warning_to_json          (FcWarning     *self);

G_END_DECLS
