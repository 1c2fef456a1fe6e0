/* fc-application.h: the FieldCard application: command line, actions, the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_APPLICATION (fc_application_get_type ())

G_DECLARE_FINAL_TYPE (FcApplication, fc_application, FC, APPLICATION, AdwApplication)

/* Options: --training, --reader=CONNSTRING, --server=URL, --version. Creating the application
 * chooses the renderer (fc_application_choose_renderer()). */
G_GNUC_WARN_UNUSED_RESULT
FcApplication *fc_application_new            (void);
/* FieldCard's renderer: GTK's cairo renderer with GL disabled, unless the user (or a test) set
 * GSK_RENDERER or GDK_DEBUG, or FIELDCARD_KEEP_GL is set (then GTK chooses). Call before GTK
 * opens the display and before other threads run (it sets environment variables);
 * fc_application_new() calls it. Issue 9: the reasons and numbers are in the README. */
void           fc_application_choose_renderer (void);
gboolean       fc_application_get_training   (FcApplication *self);
const char    *fc_application_get_reader     (FcApplication *self);
const char    *fc_application_get_server     (FcApplication *self);

G_END_DECLS
