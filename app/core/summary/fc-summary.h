/* fc-summary.h: a patient's emergency summary (what FieldCard shows after the card is read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-summary-item.h"

G_BEGIN_DECLS

#define FC_TYPE_SUMMARY (fc_summary_get_type ())

G_DECLARE_FINAL_TYPE (FcSummary, fc_summary, FC, SUMMARY, GObject)

/* Properties: "sex" ("male", "female", "other", "unknown"), "age-band" (e.g. "60s", "unknown"),
 * "provenance" (FcProvenance), "retrieved" (GDateTime, nullable), "window" (e.g. "3 months", NULL).
 * Demographics are minimal on purpose: only what the crew needs for the identity check. */
G_GNUC_WARN_UNUSED_RESULT
FcSummary     *fc_summary_new               (void);
const char    *fc_summary_get_sex           (FcSummary     *self);
void           fc_summary_set_sex           (FcSummary     *self,
                                             const char    *sex);
const char    *fc_summary_get_age_band      (FcSummary     *self);
void           fc_summary_set_age_band      (FcSummary     *self,
                                             const char    *age_band);
/* Age band ("0-9"→"0s", 70→"70s", "unknown" for NULL) of @birth_date (YYYY, YYYY-MM or
 * YYYY-MM-DD) on @today (nullable: now). */
char          *fc_summary_age_band_for_birth_date (const char *birth_date,
                                                   GDateTime  *today);
FcProvenance   fc_summary_get_provenance    (FcSummary     *self);
void           fc_summary_set_provenance    (FcSummary     *self,
                                             FcProvenance   provenance);
/* Every item in document order, and one list per kind: (transfer none) GListModel of
 * FcSummaryItem. */
GListModel    *fc_summary_get_items         (FcSummary     *self);
GListModel    *fc_summary_get_section       (FcSummary     *self,
                                             FcItemKind     kind);
void           fc_summary_add_item          (FcSummary     *self,
                                             FcSummaryItem *item);
/* A section without items is NO_INFORMATION unless the source said "none known". */
FcSectionState fc_summary_get_section_state (FcSummary     *self,
                                             FcItemKind     kind);
void           fc_summary_set_none_known    (FcSummary     *self,
                                             FcItemKind     kind);
/* Time window the source covers for a section (e.g. "3 months"): the section's own window, else
 * the summary-wide "window" property, else NULL. */
const char    *fc_summary_get_window        (FcSummary     *self,
                                             FcItemKind     kind);
void           fc_summary_set_window        (FcSummary     *self,
                                             FcItemKind     kind,
                                             const char    *window);
/* Whether the source explicitly said "none known" for @kind (even if items were added later). */
gboolean       fc_summary_get_none_known    (FcSummary     *self,
                                             FcItemKind     kind);
/* The summary-wide window ("window" property), used for sections without their own. */
const char    *fc_summary_get_default_window (FcSummary    *self);
void           fc_summary_set_default_window (FcSummary    *self,
                                              const char   *window);
/* When the summary was retrieved ("retrieved" property; (transfer none) (nullable)). */
GDateTime     *fc_summary_get_retrieved     (FcSummary     *self);
void           fc_summary_set_retrieved     (FcSummary     *self,
                                             GDateTime     *retrieved);
/* Number of items in @kind's section. */
guint          fc_summary_count             (FcSummary     *self,
                                             FcItemKind     kind);

G_END_DECLS
