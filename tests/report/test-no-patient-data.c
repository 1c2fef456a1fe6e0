/* test-no-patient-data.c: a whole training incident on the pilot-3 kit (card read, record
 * fetched, warnings acknowledged, glucose 420 mg/dL entered, hospital calls, a correction,
 * handover) leaves nothing about the patient in timing.db or in its exports: every column of every
 * row is searched for the certificate's hash and serial, the codes and names of the bundle and
 * the measured glucose value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "fc-incident.h"
#include "fc-paths.h"
#include "fc-scenario.h"
#include "fc-timing-export.h"
#include "fc-training-kit.h"
#include "fc-virtual-card.h"
#include "report-test-util.h"

typedef struct {
  GPtrArray *strings;  /* (element-type utf8): must appear nowhere (case-insensitive) */
  GPtrArray *tokens;   /* (element-type utf8): must not appear as a word (numbers) */
} Forbidden;

static void
forbid (Forbidden  *forbidden,
        const char *text)
{
  if (text != NULL && strlen (text) >= 3)
    g_ptr_array_add (forbidden->strings, g_strdup (text));
}

/* Every code of a medication, condition or allergy coding and every name and date of the
 * patient, walking the whole bundle. */
static void
collect_from_json (Forbidden *forbidden,
                   JsonNode  *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_from_json (forbidden, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      const char *system = json_object_has_member (object, "system")
                           ? json_object_get_string_member (object, "system") : NULL;

      if (system != NULL && json_object_has_member (object, "code") &&
          (strstr (system, "YJ") != NULL || strstr (system, "ICD10") != NULL ||
           strstr (system, "medis") != NULL || strstr (system, "Jfagy") != NULL ||
           strstr (system, "atc") != NULL || strstr (system, "loinc") != NULL))
        forbid (forbidden, json_object_get_string_member (object, "code"));
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (object, l->data);

          if ((g_str_equal (l->data, "family") || g_str_equal (l->data, "birthDate") ||
               g_str_equal (l->data, "text") || g_str_equal (l->data, "name")) &&
              JSON_NODE_HOLDS_VALUE (child) && json_node_get_value_type (child) == G_TYPE_STRING)
            forbid (forbidden, json_node_get_string (child));
          if (g_str_equal (l->data, "given") && JSON_NODE_HOLDS_ARRAY (child))
            for (guint i = 0; i < json_array_get_length (json_node_get_array (child)); i++)
              forbid (forbidden, json_array_get_string_element (json_node_get_array (child), i));
          collect_from_json (forbidden, child);
        }
    }
}

/* Reports (and returns) what of @forbidden @text contains. */
static char *
find_forbidden (Forbidden  *forbidden,
                const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_auto(GStrv) words = NULL;

  for (guint i = 0; i < forbidden->strings->len; i++)
    {
      g_autofree char *needle = g_utf8_strdown (g_ptr_array_index (forbidden->strings, i), -1);

      if (strstr (lower, needle) != NULL)
        return g_strdup (g_ptr_array_index (forbidden->strings, i));
    }
  words = g_regex_split_simple ("[^0-9A-Za-z]+", text, 0, 0);
  for (guint w = 0; words[w] != NULL; w++)
    for (guint i = 0; i < forbidden->tokens->len; i++)
      if (g_str_equal (words[w], g_ptr_array_index (forbidden->tokens, i)))
        return g_strdup (words[w]);
  return NULL;
}

/* Searches every column of every row of every table; returns the first hit. */
static char *
scan_database (Forbidden  *forbidden,
               const char *path,
               guint      *cells)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  char *hit = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (hit == NULL && sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"",
                                              sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (hit == NULL && sqlite3_step (rows) == SQLITE_ROW)
        for (int c = 0; hit == NULL && c < sqlite3_column_count (rows); c++)
          {
            const char *text = (const char *) sqlite3_column_text (rows, c);

            (*cells)++;
            if (text != NULL)
              hit = find_forbidden (forbidden, text);
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return hit;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_timing_db_holds_no_patient_data (void)
{
  g_autofree char *dir = rt_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "timing.db", NULL);
  g_autofree char *copy = g_build_filename (dir, "planted.db", NULL);
  g_autofree char *data_dir = fc_paths_get_data_dir ();
  g_autofree char *scenario_path = g_build_filename (data_dir, "scenarios", "pilot-3-diabetes.json",
                                                     NULL);
  g_autofree char *bundle_path = g_build_filename (data_dir, "scenarios", "bundles",
                                                   "pilot-3-diabetes.json", NULL);
  g_autofree char *rules_dir = fc_rule_set_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcTimeline) timeline = NULL;
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(FcIncident) incident = NULL;
  g_autoptr(FcScenario) scenario = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autoptr(GAsyncResult) read_result = NULL;
  g_autoptr(GAsyncResult) fetch_result = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GListModel *warnings;
  Forbidden forbidden = { g_ptr_array_new_with_free_func (g_free),
                          g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *hit = NULL;
  guint cells = 0;

  /* The incident, as a crew would run it. */
  store = fc_store_open (db, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  timeline = fc_timeline_new (store, "unit-test", TRUE);
  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  g_assert_no_error (error);
  incident = fc_incident_new (timeline, rules, TRUE);
  scenario = fc_scenario_new_from_file (scenario_path, &error);
  g_assert_no_error (error);
  kit = fc_training_kit_new (scenario, &error);
  g_assert_no_error (error);
  g_object_set (fc_training_kit_get_transport (kit), "arrival-delay-ms", 0, NULL);

  fc_incident_start (incident);
  fc_incident_mark (incident, FC_EVENT_CALL_RECEIVED);
  fc_incident_mark (incident, FC_EVENT_ARRIVED_SCENE);
  fc_incident_mark (incident, FC_EVENT_PATIENT_CONTACT);
  fc_timeline_mark_card_present (timeline, TRUE);
  g_assert_true (fc_incident_record_consent (incident, FC_CONSENT_WAIVED_UNABLE, "unconscious",
                                             &error));
  g_assert_no_error (error);
  fc_incident_read_card_async (incident, fc_training_kit_get_transport (kit),
                               fc_training_kit_get_trust_anchors (kit), 2000, NULL,
                               store_result_cb, &read_result);
  identity = fc_incident_read_card_finish (incident, wait_for (&read_result), &error);
  g_assert_no_error (error);
  fc_incident_fetch_summary_async (incident, fc_training_kit_get_source (kit), NULL,
                                   store_result_cb, &fetch_result);
  summary = fc_incident_fetch_summary_finish (incident, wait_for (&fetch_result), &error);
  g_assert_no_error (error);
  fc_incident_summary_shown (incident);
  fc_findings_set_consciousness (fc_incident_get_findings (incident), FC_CONSCIOUSNESS_IMPAIRED);
  g_assert_true (fc_findings_set_glucose_mg_dl (fc_incident_get_findings (incident), 420, &error));
  g_assert_no_error (error);
  warnings = fc_incident_get_warnings (incident);
  g_assert_cmpuint (g_list_model_get_n_items (warnings), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      fc_incident_acknowledge_warning (incident, warning);
    }
  fc_incident_mark (incident, FC_EVENT_PATIENT_LOADED);
  fc_timeline_hospital_call_start (timeline);
  fc_timeline_hospital_call_end (timeline, TRUE);
  g_assert_nonnull (fc_timeline_correct (timeline, 3, NULL, &error));
  g_assert_no_error (error);
  fc_incident_mark (incident, FC_EVENT_ARRIVED_SCENE);
  fc_incident_mark (incident, FC_EVENT_LEFT_SCENE);

  /* What must never be logged. */
  forbid (&forbidden, fc_card_identity_get_sha256_hex (identity));
  forbid (&forbidden, fc_card_identity_get_serial_hex (identity));
  forbid (&forbidden, fc_card_identity_get_subject (identity));
  g_assert_true (json_parser_load_from_file (parser, bundle_path, &error));
  g_assert_no_error (error);
  collect_from_json (&forbidden, json_parser_get_root (parser));
  g_ptr_array_add (forbidden.tokens, g_strdup ("420"));
  g_assert_cmpuint (forbidden.strings->len, >=, 10);
  for (guint i = 0; i < forbidden.strings->len; i++)
    g_test_message ("forbidden: %s", (char *) g_ptr_array_index (forbidden.strings, i));
  g_assert_true (g_ptr_array_find_with_equal_func (forbidden.strings, "E119", g_str_equal, NULL));

  fc_incident_handover (incident);
  /* The finished tasks hold the incident. */
  g_clear_object (&read_result);
  g_clear_object (&fetch_result);
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));
  g_assert_finalize_object (g_steal_pointer (&incident));
  g_assert_finalize_object (g_steal_pointer (&timeline));
  fc_store_close (store);

  /* The scan. */
  hit = scan_database (&forbidden, db, &cells);
  g_assert_cmpstr (hit, ==, NULL);
  g_assert_cmpuint (cells, >, 20 * 10);

  /* The exports of it are clean too. */
  {
    const char *paths[] = { db, NULL };
    const FcExportFormat formats[] = {
      FC_EXPORT_FORMAT_CSV, FC_EXPORT_FORMAT_JSONL, FC_EXPORT_FORMAT_NEMSIS,
    };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *out_path = g_build_filename (dir, "export.out", NULL);
        g_autofree char *contents = NULL;
        g_autofree char *export_hit = NULL;
        FILE *out = fopen (out_path, "w");

        g_assert_true (fc_timing_export (paths, formats[i], TRUE, out, NULL, NULL, &error));
        g_assert_no_error (error);
        fclose (out);
        contents = rt_read_file (out_path, NULL);
        if (formats[i] != FC_EXPORT_FORMAT_NEMSIS)
          g_assert_nonnull (strstr (contents, "summary-shown"));
        else
          g_assert_nonnull (strstr (contents, "FC.SummaryShown"));
        export_hit = find_forbidden (&forbidden, contents);
        g_assert_cmpstr (export_hit, ==, NULL);
      }
  }

  /* The scan can fail: a planted hash is found. */
  {
    g_autofree char *contents = NULL;
    gsize length = 0;
    g_autofree char *planted_hit = NULL;
    sqlite3 *planted = NULL;
    g_autofree char *sql = NULL;

    contents = rt_read_file (db, &length);
    g_assert_true (g_file_set_contents (copy, contents, length, NULL));
    g_assert_cmpint (sqlite3_open (copy, &planted), ==, SQLITE_OK);
    sql = g_strdup_printf ("UPDATE events SET detail = 'x=%s' WHERE seq = 2",
                           fc_card_identity_get_sha256_hex (identity));
    g_assert_cmpint (sqlite3_exec (planted, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (planted);
    cells = 0;
    planted_hit = scan_database (&forbidden, copy, &cells);
    g_assert_cmpstr (planted_hit, ==, fc_card_identity_get_sha256_hex (identity));
  }

  g_ptr_array_unref (forbidden.strings);
  g_ptr_array_unref (forbidden.tokens);
  g_assert_finalize_object (g_steal_pointer (&store));
  rt_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/report/timing-db-holds-no-patient-data",
                   test_timing_db_holds_no_patient_data);

  return g_test_run ();
}
