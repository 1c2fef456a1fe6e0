/* fuzz-scenario.c: libFuzzer target for training scenarios (fc_scenario_new_from_file()).
 *
 * Input: a scenario file. It is written to a private folder that also holds
 * bundles/b.json (a copy of data/scenarios/bundles/pilot-1-anticoagulant.json), so seeds that
 * name "bundles/b.json" load completely. Every accessor of a loaded scenario is then read, and a
 * failure must name the file and say where (the FC_SCENARIO_ERROR message and problem).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fc-scenario.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GBytes) bundle = NULL;
  g_autofree char *bundles_dir = NULL;
  g_autofree char *bundle_path = NULL;

  fc_fuzz_init ();
  bundles_dir = g_build_filename (fc_fuzz_dir, "bundles", NULL);
  if (g_mkdir (bundles_dir, 0700) != 0)
    g_error ("fuzz-scenario: cannot create %s", bundles_dir);
  bundle = fc_fuzz_read_source_file ("data/scenarios/bundles/pilot-1-anticoagulant.json");
  bundle_path = fc_fuzz_write_file ("bundles/b.json", g_bytes_get_data (bundle, NULL),
                                    g_bytes_get_size (bundle));
  return 0;
}

static void
read_everything (FcScenario *scenario)
{
  const char * const *names;
  guint line = 0, column = 0;

  g_assert_nonnull (fc_scenario_get_id (scenario));
  (void) fc_scenario_get_title (scenario);
  (void) fc_scenario_get_brief (scenario);
  (void) fc_scenario_get_presentation (scenario);
  (void) fc_scenario_get_age_band (scenario);
  (void) fc_scenario_get_sex (scenario);
  g_assert_nonnull (fc_scenario_get_bundle_path (scenario));
  (void) fc_scenario_get_network (scenario);
  (void) fc_scenario_get_card_behaviour (scenario);
  (void) fc_scenario_get_card_delay_ms (scenario);
  (void) fc_scenario_get_remove_after_bytes (scenario);
  (void) fc_scenario_get_fetch_delay_ms (scenario);
  (void) fc_scenario_get_title_ja (scenario);
  (void) fc_scenario_get_title_en (scenario);
  (void) fc_scenario_get_card_error_status (scenario);
  (void) fc_scenario_get_format (scenario);
  (void) fc_scenario_get_brief_ja (scenario);
  (void) fc_scenario_get_brief_en (scenario);
  (void) fc_scenario_get_presentation_ja (scenario);
  (void) fc_scenario_get_presentation_en (scenario);
  (void) fc_scenario_get_today (scenario);
  (void) fc_scenario_get_card_behaviour_name (scenario);
  (void) fc_scenario_get_card_byte_delay_us (scenario);
  (void) fc_scenario_get_card_expired (scenario);
  (void) fc_scenario_get_card_reinsert_after_ms (scenario);
  (void) fc_scenario_get_consent (scenario);
  (void) fc_scenario_get_record_matches (scenario);

  names = fc_scenario_get_measured_names (scenario);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_assert_nonnull (fc_scenario_get_measured (scenario, names[i]));
  names = fc_scenario_get_revealed_names (scenario);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_assert_nonnull (fc_scenario_get_revealed (scenario, names[i]));
      (void) fc_scenario_is_finding_name (names[i]);
    }
  names = fc_scenario_get_expected_warnings (scenario);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_assert_nonnull (names[i]);

  for (guint i = 0; i < fc_scenario_get_n_targets (scenario); i++)
    {
      const FcScenarioTarget *target = fc_scenario_get_target (scenario, i);

      g_assert_nonnull (target);
      g_assert_nonnull (target->id);
      if (target->from != NULL)
        (void) fc_scenario_event_matches (target->from, "arrived-scene", NULL);
      if (target->event != NULL)
        (void) fc_scenario_event_reference_is_valid (target->event);
    }

  (void) fc_scenario_lookup_position (scenario, "card.behaviour", FALSE, &line, &column);
  (void) fc_scenario_lookup_position (scenario, "targets", TRUE, &line, &column);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = fc_fuzz_write_file ("scenario.json", data, size);
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcScenarioProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  scenario = fc_scenario_new_from_file_full (path, &problem, &error);
  fc_fuzz_note ("%s", scenario != NULL ? "loaded" : error->message);
  if (scenario == NULL)
    {
      g_autofree char *text = NULL;

      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (problem != NULL)
        {
          text = fc_scenario_problem_to_string (problem);
          g_assert_true (g_utf8_validate (text, -1, NULL));
        }
      return 0;
    }

  read_everything (scenario);
  return 0;
}
