/* fc-receipt-page.h: the patient access receipt after the handover: who read the record, when,
 * under which consent and which sections, as text and as a QR code the patient can scan, and a
 * one-page PDF for the unit's printer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_RECEIPT_PAGE (fc_receipt_page_get_type ())

G_DECLARE_FINAL_TYPE (FcReceiptPage, fc_receipt_page, FC, RECEIPT_PAGE, GtkWidget)

void        fc_receipt_page_set_controller  (FcReceiptPage *self,
                                             FcController  *controller);
/* Builds the receipt of the controller's incident again and shows it. */
void        fc_receipt_page_refresh         (FcReceiptPage *self);
/* (nullable): the receipt text on screen. */
const char *fc_receipt_page_get_text        (FcReceiptPage *self);
/* (nullable): the receipt picture (QR code above the text). */
GdkTexture *fc_receipt_page_get_texture     (FcReceiptPage *self);
/* "access-receipt-<YYYY-MM-DD-HHMM>.pdf". (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_receipt_page_dup_default_name (FcReceiptPage *self);
/* Writes the receipt on screen as a PDF to @path. */
gboolean    fc_receipt_page_save_pdf        (FcReceiptPage *self,
                                             const char    *path,
                                             GError       **error);

/* For tests: "Print / Save PDF" writes into @dir (nullable: the file chooser again). */
void        fc_receipt_page_set_save_folder_for_testing (FcReceiptPage *self,
                                                         const char    *dir);
const char *fc_receipt_page_get_last_saved  (FcReceiptPage *self);
GtkWidget  *fc_receipt_page_get_save_button (FcReceiptPage *self);
GtkWidget  *fc_receipt_page_get_picture     (FcReceiptPage *self);
GtkLabel   *fc_receipt_page_get_text_label  (FcReceiptPage *self);

G_END_DECLS
