/* incident-test-util.h: helpers shared by the tests that drive FcIncident (tests/incident and
 * tests/privacy): temporary folders, the timing store, and waiting for the async steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-incident.h"
#include "fc-training-kit.h"

G_BEGIN_DECLS

/* A fresh temporary folder "fc-@name-XXXXXX"; remove it with incident_test_remove_tree(). */
char           *incident_test_make_tmpdir   (const char *name);
/* Removes @path and everything below it (links are removed, not followed). */
void            incident_test_remove_tree   (const char *path);

/* Opens @dir/timing.db and a timeline for @unit on it (in training mode). */
void            incident_test_open_timeline (const char  *dir,
                                             const char  *unit,
                                             FcStore    **store,
                                             FcTimeline **timeline);
/* Flushes and closes them; both must be finalized. */
void            incident_test_close_timeline (FcStore    *store,
                                              FcTimeline *timeline);

/* A GAsyncReadyCallback that stores a reference to the result in *@user_data. */
void            incident_test_store_result_cb (GObject      *object,
                                               GAsyncResult *result,
                                               gpointer      user_data);
/* Iterates the default main context until *@slot is set; returns it. */
GAsyncResult   *incident_test_wait_for      (GAsyncResult **slot);

/* fc_incident_read_card_async() and _finish(), waited for. */
FcCardIdentity *incident_test_read_card     (FcIncident       *incident,
                                             FcCardTransport  *transport,
                                             GPtrArray        *anchors,
                                             guint             timeout_ms,
                                             GError          **error);
/* fc_incident_fetch_summary_async() and _finish(), waited for. */
FcSummary      *incident_test_fetch         (FcIncident       *incident,
                                             FcSummarySource  *source,
                                             GError          **error);

/* The rules in the default folder. */
FcRuleSet      *incident_test_default_rules (void);
/* The training kit of data/scenarios/@scenario_id.json; its card is there at once. */
FcTrainingKit  *incident_test_kit_new       (const char *scenario_id);
/* incident_test_read_card() on @kit's card with its trust anchors, 2 s to find the card. */
FcCardIdentity *incident_test_read_kit_card (FcIncident     *incident,
                                             FcTrainingKit  *kit,
                                             GError        **error);
/* incident_test_fetch() from @kit's source. */
FcSummary      *incident_test_fetch_kit     (FcIncident     *incident,
                                             FcTrainingKit  *kit,
                                             GError        **error);

G_END_DECLS
