/* training-test-util.h: small helpers shared by the training tests (static inline, header only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-rule-set.h"
#include "fc-scenario.h"

/* data/scenarios/ID.json of the source tree. */
static inline char *
tt_shipped_path (const char *id)
{
  const char *data_dir = g_getenv ("FIELDCARD_DATA_DIR");
  g_autofree char *file = g_strdup_printf ("%s.json", id);

  g_assert_nonnull (data_dir);
  return g_build_filename (data_dir, "scenarios", file, NULL);
}

static inline FcScenario *
tt_load (const char *path)
{
  g_autoptr(GError) error = NULL;
  FcScenario *scenario = fc_scenario_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

static inline FcScenario *
tt_load_shipped (const char *id)
{
  g_autofree char *path = tt_shipped_path (id);

  return tt_load (path);
}

static inline FcRuleSet *
tt_rules (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "rules", NULL);
  g_autoptr(GError) error = NULL;
  FcRuleSet *rules = fc_rule_set_new_from_dir (dir, &error);

  g_assert_no_error (error);
  return rules;
}

/* Every shipped scenario id, sorted (caller frees). */
static inline GPtrArray *
tt_shipped_ids (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "scenarios", NULL);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GListModel) model = fc_scenario_load_directory (dir, &errors);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (errors->len, ==, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (fc_scenario_get_id (scenario)));
    }
  return ids;
}

/* Waits for an async result on the thread-default main context. */
static inline void
tt_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static inline GAsyncResult *
tt_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static inline gboolean
tt_quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms milliseconds. */
static inline void
tt_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, tt_quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
