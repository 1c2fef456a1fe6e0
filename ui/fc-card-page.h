/* fc-card-page.h: "hold the card against the reader", a spinner, and plain errors with Retry and
 * Continue without card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

#define FC_TYPE_CARD_PAGE (fc_card_page_get_type ())

G_DECLARE_FINAL_TYPE (FcCardPage, fc_card_page, FC, CARD_PAGE, GtkWidget)

void       fc_card_page_set_controller      (FcCardPage   *self,
                                             FcController *controller);
GtkLabel  *fc_card_page_get_error_label     (FcCardPage   *self);
GtkWidget *fc_card_page_get_retry_button    (FcCardPage   *self);
GtkWidget *fc_card_page_get_skip_button     (FcCardPage   *self);
/* The reader status line (see fc_controller_get_reader_status()). */
GtkLabel  *fc_card_page_get_status_label    (FcCardPage   *self);

G_END_DECLS
