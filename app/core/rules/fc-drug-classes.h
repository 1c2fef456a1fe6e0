/* fc-drug-classes.h: private: the drug classes of data/rules/drug-classes.json (and the crew's
 * drugs of rules.json, which use the same format) and how a medicine is matched to them.
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

#include <json-glib/json-glib.h>

#include "fc-drug-item.h"
#include "fc-summary-item.h"

G_BEGIN_DECLS

typedef struct _FcDrugClasses FcDrugClasses;

/* Reads drug-classes.json ({"format": 1, "description", "classes": [class…]}). */
FcDrugClasses *fc_drug_classes_load       (const char    *path,
                                           GError       **error);
/* Reads a list of classes (e.g. rules.json "crew_drugs"); errors name @file and @kind
 * ("rules.json: crew drug adrenaline: field 'yj4': …"). */
FcDrugClasses *fc_drug_classes_new_from_json (JsonNode   *array,
                                              const char *file,
                                              const char *kind,
                                              GError    **error);
void           fc_drug_classes_free       (FcDrugClasses *self);
guint          fc_drug_classes_get_n      (FcDrugClasses *self);
gboolean       fc_drug_classes_has        (FcDrugClasses *self,
                                           const char    *class_id);
/* Position of @class_id in file order, or -1. */
int            fc_drug_classes_index_of   (FcDrugClasses *self,
                                           const char    *class_id);
const char    *fc_drug_classes_get_id     (FcDrugClasses *self,
                                           guint          index);
/* @language: "ja" or "en". NULL when the class is unknown. */
const char    *fc_drug_classes_get_name   (FcDrugClasses *self,
                                           const char    *class_id,
                                           const char    *language);
/* Whether medication @item belongs to @class_id (see the matching order above). */
gboolean       fc_drug_classes_match      (FcDrugClasses *self,
                                           const char    *class_id,
                                           FcSummaryItem *item);
/* Whether @info belongs to the class at @index. */
gboolean       fc_drug_classes_match_info (FcDrugClasses *self,
                                           guint          index,
                                           FcDrugItem    *info);
/* (transfer full) one byte per class in file order: 1 when @info belongs to it. */
guint8        *fc_drug_classes_memberships (FcDrugClasses *self,
                                            FcDrugItem    *info);
/* (transfer full) class ids of @item, in file order; empty when none. */
GStrv          fc_drug_classes_classify   (FcDrugClasses *self,
                                           FcSummaryItem *item);
/* Adds to @out (borrowed strings, no duplicates) every ingredient name of any class that
 * @normalized_text contains; brand names are not ingredients. */
void           fc_drug_classes_find_ingredients (FcDrugClasses *self,
                                                 const char    *normalized_text,
                                                 GPtrArray     *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcDrugClasses, fc_drug_classes_free)

G_END_DECLS
