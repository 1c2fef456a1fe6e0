/* privacy-test-util.h: helpers shared by the privacy tests (temporary folders and FcIncident
 * helpers: incident-test-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-audit.h"
#include "fc-store.h"
#include "incident-test-util.h"

G_BEGIN_DECLS

/* Runs one statement on @dir/audit.db behind FcAudit's back (the audit must be closed). */
void       privacy_tamper             (const char *dir,
                                       const char *sql);
/* Whether @needle occurs in any file under @dir (binary search of the raw bytes). */
gboolean   privacy_tree_contains      (const char *dir,
                                       const char *needle);
/* Runs the fieldcard-cli built by meson ($FIELDCARD_CLI) with @args; returns the exit status. */
int        privacy_run_cli            (const char * const *args,
                                       char              **out,
                                       char              **err);

G_END_DECLS
