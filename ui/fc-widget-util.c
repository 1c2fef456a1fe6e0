/* fc-widget-util.c: what every page and panel does the same way when it is disposed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-widget-util"

#include "config.h"

#include "fc-widget-util.h"

void
fc_widget_clear_controller (FcController **controller,
                            gpointer       instance)
{
  g_return_if_fail (controller != NULL);

  if (*controller != NULL)
    g_signal_handlers_disconnect_by_data (*controller, instance);
  g_clear_object (controller);
}

void
fc_widget_dispose_template_children (GtkWidget *widget,
                                     GType      type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
