/* fc-paths.h: where FieldCard reads its data and keeps its databases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Read-only data (rules, scenarios): $FIELDCARD_DATA_DIR, else the installed pkgdatadir when it
 * exists, else the source tree's data/ (running from the build folder). */
char *fc_paths_get_data_dir (void);
/* Where databases live: $FIELDCARD_USER_DIR, else $XDG_DATA_HOME/fieldcard; training mode uses
 * the "training" subfolder so that its writes never reach the real databases. */
char *fc_paths_get_user_dir (gboolean training);

/* Where the message catalogues are: the build tree's po/ folder when the running executable was
 * built there (./dev run, tests), else the installed LOCALEDIR. */
const char *fc_paths_get_locale_dir (void);

G_END_DECLS
