/* fc-summary-item.h: one medicine, condition, allergy, … of a patient summary, with provenance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fc-types.h"

G_BEGIN_DECLS

/**
 * FcCoding:
 * One code of an item, with its system normalised to a short name: "yj", "hot", "general-order"
 * (一般名処方), "receipt" (レセ電), "atc", "icd10" (code without dot), "medis", "jfagy", "jlac10",
 * or the original system URI when unknown.
 */
typedef struct {
  char *system;
  char *code;
  char *display; /* (nullable) */
} FcCoding;

#define FC_TYPE_CODING (fc_coding_get_type ())
GType     fc_coding_get_type (void) G_GNUC_CONST;
FcCoding *fc_coding_new      (const char     *system,
                              const char     *code,
                              const char     *display);
FcCoding *fc_coding_copy     (const FcCoding *coding);
void      fc_coding_free     (FcCoding       *coding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcCoding, fc_coding_free)

#define FC_TYPE_SUMMARY_ITEM (fc_summary_item_get_type ())

G_DECLARE_FINAL_TYPE (FcSummaryItem, fc_summary_item, FC, SUMMARY_ITEM, GObject)

/* Properties (all read-only after construction except through the setters below):
 *   "kind" FcItemKind, "text" (display text, always set; falls back to a code),
 *   "date" (ISO 8601 date or NULL), "source" (e.g. "claims", "e-prescription", "shared-record"),
 *   "status" (e.g. "active", "unconfirmed", "resolved"; NULL when not given),
 *   "category" (allergy: "medication"/"food"/"environment"), "criticality" ("high"/"low"),
 *   "detail" (dose, facility phone, value + unit …; nullable), "resource-id". */
G_GNUC_WARN_UNUSED_RESULT
FcSummaryItem *fc_summary_item_new             (FcItemKind     kind,
                                                const char    *text);
FcItemKind     fc_summary_item_get_kind        (FcSummaryItem *self);
const char    *fc_summary_item_get_text        (FcSummaryItem *self);
const char    *fc_summary_item_get_date        (FcSummaryItem *self);
void           fc_summary_item_set_date        (FcSummaryItem *self,
                                                const char    *date);
const char    *fc_summary_item_get_source      (FcSummaryItem *self);
void           fc_summary_item_set_source      (FcSummaryItem *self,
                                                const char    *source);
const char    *fc_summary_item_get_status      (FcSummaryItem *self);
void           fc_summary_item_set_status      (FcSummaryItem *self,
                                                const char    *status);
const char    *fc_summary_item_get_category    (FcSummaryItem *self);
void           fc_summary_item_set_category    (FcSummaryItem *self,
                                                const char    *category);
const char    *fc_summary_item_get_criticality (FcSummaryItem *self);
void           fc_summary_item_set_criticality (FcSummaryItem *self,
                                                const char    *criticality);
const char    *fc_summary_item_get_detail      (FcSummaryItem *self);
void           fc_summary_item_set_detail      (FcSummaryItem *self,
                                                const char    *detail);
const char    *fc_summary_item_get_resource_id (FcSummaryItem *self);
void           fc_summary_item_set_resource_id (FcSummaryItem *self,
                                                const char    *resource_id);
/* (element-type FcCoding) (transfer none) */
GPtrArray     *fc_summary_item_get_codings     (FcSummaryItem *self);
void           fc_summary_item_add_coding      (FcSummaryItem *self,
                                                const char    *system,
                                                const char    *code,
                                                const char    *display);
/* First code of @system (a short name as in FcCoding), or NULL. */
const char    *fc_summary_item_find_code       (FcSummaryItem *self,
                                                const char    *system);

G_END_DECLS
