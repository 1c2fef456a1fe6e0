/* incident-test-util.c: helpers shared by the FcIncident tests (see incident-test-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fc-paths.h"
#include "fc-scenario.h"

#include "incident-test-util.h"

char *
incident_test_make_tmpdir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("fc-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
incident_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        incident_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
incident_test_open_timeline (const char  *dir,
                             const char  *unit,
                             FcStore    **store,
                             FcTimeline **timeline)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "timing.db", NULL);

  *store = fc_store_open (db, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  *timeline = fc_timeline_new (*store, unit, TRUE);
}

void
incident_test_close_timeline (FcStore    *store,
                              FcTimeline *timeline)
{
  fc_timeline_flush (timeline);
  g_assert_finalize_object (timeline);
  fc_store_close (store);
  g_assert_finalize_object (store);
}

void
incident_test_store_result_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
incident_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

FcCardIdentity *
incident_test_read_card (FcIncident       *incident,
                         FcCardTransport  *transport,
                         GPtrArray        *anchors,
                         guint             timeout_ms,
                         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_incident_read_card_async (incident, transport, anchors, timeout_ms, NULL,
                               incident_test_store_result_cb, &result);
  return fc_incident_read_card_finish (incident, incident_test_wait_for (&result), error);
}

FcSummary *
incident_test_fetch (FcIncident       *incident,
                     FcSummarySource  *source,
                     GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fc_incident_fetch_summary_async (incident, source, NULL, incident_test_store_result_cb,
                                   &result);
  return fc_incident_fetch_summary_finish (incident, incident_test_wait_for (&result), error);
}

FcRuleSet *
incident_test_default_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rules_dir = fc_rule_set_default_dir ();
  FcRuleSet *rules = fc_rule_set_new_from_dir (rules_dir, &error);

  g_assert_no_error (error);
  return rules;
}

FcTrainingKit *
incident_test_kit_new (const char *scenario_id)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *file = g_strconcat (scenario_id, ".json", NULL);
  g_autofree char *path = g_build_filename (data_dir, "scenarios", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcScenario) scenario = fc_scenario_new_from_file (path, &error);
  FcTrainingKit *kit;

  g_assert_no_error (error);
  kit = fc_training_kit_new (scenario, &error);
  g_assert_no_error (error);
  /* Tests do not wait for the drill's visible card delay. */
  g_object_set (fc_training_kit_get_transport (kit), "arrival-delay-ms", 0, NULL);
  return kit;
}

FcCardIdentity *
incident_test_read_kit_card (FcIncident     *incident,
                             FcTrainingKit  *kit,
                             GError        **error)
{
  return incident_test_read_card (incident, fc_training_kit_get_transport (kit),
                                  fc_training_kit_get_trust_anchors (kit), 2000, error);
}

FcSummary *
incident_test_fetch_kit (FcIncident     *incident,
                         FcTrainingKit  *kit,
                         GError        **error)
{
  return incident_test_fetch (incident, fc_training_kit_get_source (kit), error);
}
