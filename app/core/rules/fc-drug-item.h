/* fc-drug-item.h: private: what the drug matcher needs to know about one medicine or drug
 * allergen, computed once: its normalised text, its class-bearing codes and its ATC codes.
 *
 * Class-bearing codes are YJ, 薬価基準 and 一般名処方 codes and the YJ part of JFAGY YCM/GCM
 * allergen codes; their first 4 characters are the 薬効分類 and the first 7 name ingredient and
 * route (clinical-rules.md §2.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-summary-item.h"

G_BEGIN_DECLS

typedef struct {
  FcSummaryItem *item;  /* (not owned) */
  char          *text;  /* (owned) normalised text and coding displays, one per line */
  char          *label; /* (owned) normalised text of the item alone */
  GPtrArray     *codes; /* (owned) (element-type utf8) class-bearing codes, upper case */
  GPtrArray     *atc;   /* (owned) (element-type utf8) ATC codes, upper case */
} FcDrugItem;

FcDrugItem *fc_drug_item_new          (FcSummaryItem *item);
void        fc_drug_item_free         (FcDrugItem    *info);
/* A key that is equal for two items of the same ingredient and route: the first 7 characters
 * of the first class-bearing code, else the normalised text. */
char       *fc_drug_item_identity_key (FcDrugItem    *info);
/* Whether both items carry a class-bearing code with the same first 7 characters. */
gboolean    fc_drug_item_same_yj7     (FcDrugItem    *a,
                                       FcDrugItem    *b);

/* Full-width → half-width (NFKC), 【般】 removed, case-folded. */
char       *fc_drug_normalize_text    (const char    *text);
/* The YJ-form code (薬効分類 first) of a coding, or NULL when the system carries no class. */
char       *fc_drug_class_code        (const char    *system,
                                       const char    *code);
/* Same as fc_drug_item_identity_key () for a bare item. */
char       *fc_drug_item_identity     (FcSummaryItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcDrugItem, fc_drug_item_free)

G_END_DECLS
