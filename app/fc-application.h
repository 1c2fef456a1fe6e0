/* fc-application.h: the FieldCard application: command line, actions, the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_APPLICATION (fc_application_get_type ())

G_DECLARE_FINAL_TYPE (FcApplication, fc_application, FC, APPLICATION, AdwApplication)

/* Options: --training, --reader=CONNSTRING, --server=URL, --version. */
G_GNUC_WARN_UNUSED_RESULT
FcApplication *fc_application_new            (void);
gboolean       fc_application_get_training   (FcApplication *self);
const char    *fc_application_get_reader     (FcApplication *self);
const char    *fc_application_get_server     (FcApplication *self);

G_END_DECLS
