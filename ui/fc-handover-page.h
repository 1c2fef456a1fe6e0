/* fc-handover-page.h: confirm the handover, then say the data was cleared and offer a new
 * incident, the patient's access receipt and (training) the debrief.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_HANDOVER_PAGE (fc_handover_page_get_type ())

G_DECLARE_FINAL_TYPE (FcHandoverPage, fc_handover_page, FC, HANDOVER_PAGE, GtkWidget)

void        fc_handover_page_set_controller       (FcHandoverPage *self,
                                                   FcController   *controller);
GtkWidget  *fc_handover_page_get_confirm_button   (FcHandoverPage *self);
GtkWidget  *fc_handover_page_get_new_button       (FcHandoverPage *self);
/* After handover: "Access receipt" (when something was read) and "Debrief" (training). */
GtkWidget  *fc_handover_page_get_receipt_button   (FcHandoverPage *self);
GtkWidget  *fc_handover_page_get_debrief_button   (FcHandoverPage *self);
/* "confirm" or "done". */
const char *fc_handover_page_get_visible_view     (FcHandoverPage *self);

G_END_DECLS
