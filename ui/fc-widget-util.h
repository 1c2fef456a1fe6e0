/* fc-widget-util.h: what every page and panel does the same way when it is disposed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fc-controller.h"

G_BEGIN_DECLS

/* Drops the handlers @instance connected on *@controller, then the reference (NULL-safe). */
void fc_widget_clear_controller          (FcController **controller,
                                          gpointer       instance);
/* gtk_widget_dispose_template() for @type, then unparents what it left: the top child of our
 * templates is not bound, and only bound children are dropped by GTK. */
void fc_widget_dispose_template_children (GtkWidget     *widget,
                                          GType          type);

G_END_DECLS
