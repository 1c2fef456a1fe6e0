/* fc-drug-classes.h: private: the drug classes of data/rules/drug-classes.json and how a
 * medicine is matched to them.
 *
 * Matching order for one medication item:
 *   1. every class-bearing code (YJ, 一般名処方, JFAGY YCM/GCM after the 3-character meta code):
 *      an "exclude" prefix or a route the class does not allow rules the item out; a yj3/yj4/yj7
 *      prefix rules it in;
 *   2. ATC codes, by prefix;
 *   3. the normalised text (NFKC, 【般】 removed, case-folded) containing an ingredient or brand
 *      name; "exclude_text" words (dosage forms such as 軟膏) rule the item out on every path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-summary-item.h"

G_BEGIN_DECLS

typedef struct _FcDrugClasses FcDrugClasses;

FcDrugClasses *fc_drug_classes_load       (const char    *path,
                                           GError       **error);
void           fc_drug_classes_free       (FcDrugClasses *self);
guint          fc_drug_classes_get_n      (FcDrugClasses *self);
gboolean       fc_drug_classes_has        (FcDrugClasses *self,
                                           const char    *class_id);
/* @language: "ja" or "en". NULL when the class is unknown. */
const char    *fc_drug_classes_get_name   (FcDrugClasses *self,
                                           const char    *class_id,
                                           const char    *language);
/* Whether medication @item belongs to @class_id (see the matching order above). */
gboolean       fc_drug_classes_match      (FcDrugClasses *self,
                                           const char    *class_id,
                                           FcSummaryItem *item);
/* (transfer full) class ids of @item, in file order; empty when none. */
GStrv          fc_drug_classes_classify   (FcDrugClasses *self,
                                           FcSummaryItem *item);
/* Full-width → half-width (NFKC), 【般】 removed, case-folded. */
char          *fc_drug_normalize_text     (const char    *text);
/* The YJ-form code (薬効分類 first) of a coding, or NULL when the system carries no class. */
char          *fc_drug_class_code         (const char    *system,
                                           const char    *code);
/* A key that is equal for two items of the same ingredient and route (first 7 characters of
 * the class-bearing code, else the normalised text). */
char          *fc_drug_item_identity      (FcSummaryItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcDrugClasses, fc_drug_classes_free)

G_END_DECLS
