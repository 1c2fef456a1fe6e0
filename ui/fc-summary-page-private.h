/* fc-summary-page-private.h: FcSummaryPage's parts shared by fc-summary-page.c (the page, its
 * first frame, its actions) and fc-summary-page-access.c (the getters for tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-fetch-panel.h"
#include "fc-findings-bar.h"
#include "fc-identity-block.h"
#include "fc-summary-page.h"
#include "fc-summary-sections.h"

G_BEGIN_DECLS

struct _FcSummaryPage
{
  GtkWidget          parent_instance;

  FcController      *controller;      /* (owned) (nullable) */
  FcIncident        *incident;        /* (owned) (nullable) */
  GListModel        *warnings;        /* (owned) (nullable) */
  GtkSliceListModel *shown_warnings;  /* (owned): the warnings with a row */
  GHashTable        *expanded;        /* (owned) (element-type utf8): rule ids opened by a tap */
  FcSummary         *summary;         /* (owned) (nullable): the record on the page */
  gboolean           complete;        /* every warning and section of the record is built */
  gulong             paint_handler;   /* on the frame clock, until the first frame is painted */
  GdkFrameClock     *paint_clock;     /* (owned) (nullable): where paint_handler is */
  guint              complete_idle;   /* builds the rest after the first frame */

  GtkWidget         *scroller;
  GtkWidget         *content;
  FcFindingsBar     *findings_bar;
  GtkLabel          *provenance_label;
  GtkLabel          *status_label;
  GtkLabel          *warnings_empty_label;
  GtkListBox        *warning_list;
  FcFetchPanel      *fetch_panel;
  GtkWidget         *rest;
  FcIdentityBlock   *identity_block;
  FcSummarySections *sections;
  GtkButton         *handover_button;
};

/* Builds whatever the first frame of the record left out (FcSummaryPage:complete). */
void          fc_summary_page_complete_now (FcSummaryPage *self);
/* The row of the warning with @rule_id, or NULL. */
FcWarningRow *fc_summary_page_find_row     (FcSummaryPage *self,
                                            const char    *rule_id);

G_END_DECLS
