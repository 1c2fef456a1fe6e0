/* fc-debrief-page.h: the debrief of a training incident, after the handover: the target times
 * (met / missed / not reached), the warnings expected, shown and acknowledged, what was missed,
 * the page for the training record (drawn by the core) and its export to PDF or PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_DEBRIEF_PAGE (fc_debrief_page_get_type ())

G_DECLARE_FINAL_TYPE (FcDebriefPage, fc_debrief_page, FC, DEBRIEF_PAGE, GtkWidget)

void        fc_debrief_page_set_controller  (FcDebriefPage *self,
                                             FcController  *controller);
/* Builds the debrief of the controller's incident again and shows it. */
void        fc_debrief_page_refresh         (FcDebriefPage *self);
/* (nullable): the debrief on screen. */
FcDebrief  *fc_debrief_page_get_debrief     (FcDebriefPage *self);
/* "debrief-<scenario>-<YYYY-MM-DD>.<format>"; @format: "pdf" or "png". (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_debrief_page_dup_default_name (FcDebriefPage *self,
                                              const char    *format);
/* Writes the debrief on screen as @format ("pdf" or "png") to @path. */
gboolean    fc_debrief_page_save            (FcDebriefPage *self,
                                             const char    *format,
                                             const char    *path,
                                             GError       **error);

/* For tests: Save PDF / Save PNG write into @dir (nullable: ask with the file chooser again)
 * under the default name. */
void        fc_debrief_page_set_save_folder_for_testing (FcDebriefPage *self,
                                                         const char    *dir);
/* The file written last by a Save button, or NULL. */
const char *fc_debrief_page_get_last_saved  (FcDebriefPage *self);
/* @format: "pdf" or "png". */
GtkWidget  *fc_debrief_page_get_save_button (FcDebriefPage *self,
                                             const char    *format);
guint       fc_debrief_page_get_n_target_rows (FcDebriefPage *self);
/* The outcome shown for target @id ("Met", "Missed", "Not reached", translated), or NULL. */
const char *fc_debrief_page_get_target_outcome (FcDebriefPage *self,
                                                const char    *id);
/* What was missed, as shown (one sentence per line; "" when nothing). (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_debrief_page_dup_missed_text (FcDebriefPage *self);
guint       fc_debrief_page_get_n_warning_rows (FcDebriefPage *self);
GtkWidget  *fc_debrief_page_get_preview     (FcDebriefPage *self);

G_END_DECLS
