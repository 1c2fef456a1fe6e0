/* bench-parse.c: the app's own processing of a summary — FHIR parse, rules, render — for bundles
 * of 30, 300 and 3,000 items (benchmark, not gating).
 *
 * The bundles are generated here, IPS-shaped with JP Core codes: half medicines (YJ + ATC, many
 * classes), a quarter conditions (MEDIS + ICD-10), allergies and laboratory results. For each size:
 *   parse (FHIR JSON)         fc_fhir_read_bundle() of the whole bundle, as FcHttpSource does
 *   rules (evaluate)          fc_rule_set_evaluate() with crew findings entered
 *   rules + model + widgets   in a training window: fetch done → summary set (the incident
 *                             evaluates the rules; the warning list and the page update)
 *   render (first frame)      summary set → the first painted frame in which the summary page
 *                             is on screen with its warnings laid out (bench-ui.h); what a
 *                             person waits for, including the wait for the next frame
 *   … waiting for the frame   summary set → that frame starts (display pacing, not processing)
 *   total                     parse + rules + model + widgets + render
 *   rest of the page          summary set → the first painted frame of the complete page (all
 *                             warnings, identity check, sections)
 * Without a display only the first two are measured. The window loads the app's style sheet,
 * as the application does.
 *
 * Usage: bench-parse [--runs N] [--json PATH] [--sizes 30,300,3000]   (default 30 runs; the
 * window stages of bundles of 1,000 items or more run at most 3 times)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-parse"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "bench-ui.h"
#include "bench-util.h"
#include "fc-fhir-reader.h"
#include "fc-rule-set.h"
#include "fc-window.h"

#define SCENARIO "pilot-3-diabetes"

/* Bundle generator */

static const struct {
  const char *yj;
  const char *atc;
  const char *name;
} medicines[] = {
  { "2492415G4020", "A10AE04", "ランタス注ソロスター" },
  { "3962002F1023", "A10BA02", "メトグルコ錠250mg" },
  { "3969019F1027", "A10BK01", "フォシーガ錠5mg" },
  { "3969010F1025", "A10BH01", "ジャヌビア錠50mg" },
  { "3332001F1063", "B01AA03", "ワーファリン錠1mg" },
  { "3339004F1029", "B01AF02", "エリキュース錠2.5mg" },
  { "3399007H1102", "B01AC06", "バイアスピリン錠100mg" },
  { "2123016F1025", "C07AB07", "メインテート錠2.5mg" },
  { "2171022F1020", "C08CA01", "ノルバスク錠5mg" },
  { "2456001F1310", "H02AB06", "プレドニン錠5mg" },
  { "1149019F1020", "M01AE",   "ロキソニン錠60mg" },
  { "2329023F2080", "A02BC03", "ランソプラゾールOD錠15mg" },
  { "1179017F1020", "N05AN01", "リーマス錠200" },
  { "2149039F1020", "C09CA08", "オルメテック錠20mg" },
};

static const struct {
  const char *medis;
  const char *icd10;
  const char *name;
} conditions[] = {
  { "20061002", "E119", "2型糖尿病" },
  { "20064431", "I10", "高血圧症" },
  { "20056630", "I489", "心房細動" },
  { "20085011", "N183", "慢性腎臓病ステージ3" },
  { "20051235", "K219", "逆流性食道炎" },
  { "20075522", "E785", "脂質異常症" },
};

static void
append_tag (GString    *out,
            const char *source)
{
  g_string_append_printf (out,
    "\"meta\": {\"tag\": [{\"system\": \"https://fieldcard.github.io/fhir/CodeSystem/information-source\", "
    "\"code\": \"%s\"}]}, ", source);
}

static char *
make_bundle (guint n_items)
{
  GString *out = g_string_sized_new (n_items * 900 + 4096);
  const char *patient = "urn:uuid:b0000000-0000-4000-8000-000000000001";

  g_string_append_printf (out,
    "{\"resourceType\": \"Bundle\", \"type\": \"document\", \"timestamp\": \"2026-11-20T19:45:00+09:00\", "
    "\"entry\": [{\"fullUrl\": \"urn:uuid:b0000000-0000-4000-8000-000000000000\", \"resource\": "
    "{\"resourceType\": \"Composition\", \"status\": \"final\", \"type\": {\"coding\": [{\"system\": "
    "\"http://loinc.org\", \"code\": \"60591-5\"}]}, \"subject\": {\"reference\": \"%s\"}, "
    "\"date\": \"2026-11-20T19:45:00+09:00\", \"title\": \"救急用サマリー\"}}, "
    "{\"fullUrl\": \"%s\", \"resource\": {\"resourceType\": \"Patient\", \"gender\": \"male\", "
    "\"birthDate\": \"1951-03-02\"}}", patient, patient);

  for (guint i = 0; i < n_items; i++)
    {
      guint kind = i % 20;
      guint day = 1 + i % 28;
      guint month = 1 + i % 10;

      g_string_append_printf (out, ", {\"fullUrl\": \"urn:uuid:b%07u-0000-4000-8000-000000000000\", "
                              "\"resource\": {", i + 1);
      if (kind < 10)
        {
          guint k = i % G_N_ELEMENTS (medicines);

          g_string_append (out, "\"resourceType\": \"MedicationStatement\", ");
          append_tag (out, i % 3 == 0 ? "e-prescription" : "claims");
          g_string_append_printf (out,
            "\"status\": \"active\", \"medicationCodeableConcept\": {\"coding\": ["
            "{\"system\": \"http://capstandard.jp/iyaku.info/CodeSystem/YJ-code\", \"code\": \"%s\", \"display\": \"%s\"}, "
            "{\"system\": \"http://www.whocc.no/atc\", \"code\": \"%s\"}], \"text\": \"%s\"}, "
            "\"subject\": {\"reference\": \"%s\"}, \"effectivePeriod\": {\"start\": \"2026-%02u-%02u\"}, "
            "\"dateAsserted\": \"2026-%02u-%02u\", \"dosage\": [{\"text\": \"1日1回 朝食後 1錠 28日分\"}]",
            medicines[k].yj, medicines[k].name, medicines[k].atc, medicines[k].name, patient,
            month, day, month, day);
        }
      else if (kind < 15)
        {
          guint k = i % G_N_ELEMENTS (conditions);

          g_string_append (out, "\"resourceType\": \"Condition\", ");
          append_tag (out, "claims");
          g_string_append_printf (out,
            "\"clinicalStatus\": {\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/condition-clinical\", \"code\": \"active\"}]}, "
            "\"verificationStatus\": {\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/condition-ver-status\", \"code\": \"%s\"}]}, "
            "\"code\": {\"coding\": [{\"system\": \"http://medis.or.jp/CodeSystem/master-disease-keyNumber\", \"code\": \"%s\", \"display\": \"%s\"}, "
            "{\"system\": \"http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full\", \"code\": \"%s\"}], \"text\": \"%s\"}, "
            "\"subject\": {\"reference\": \"%s\"}, \"recordedDate\": \"2025-%02u-%02u\"",
            i % 7 == 0 ? "unconfirmed" : "confirmed", conditions[k].medis, conditions[k].name,
            conditions[k].icd10, conditions[k].name, patient, month, day);
        }
      else if (kind < 16)
        {
          g_string_append (out, "\"resourceType\": \"AllergyIntolerance\", ");
          append_tag (out, "shared-record");
          g_string_append_printf (out,
            "\"clinicalStatus\": {\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical\", \"code\": \"active\"}]}, "
            "\"type\": \"allergy\", \"category\": [\"%s\"], \"criticality\": \"%s\", "
            "\"code\": {\"coding\": [{\"system\": \"http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyMedicationAllergen_CS\", \"code\": \"YCM6131001M2037\"}], "
            "\"text\": \"%s\"}, \"patient\": {\"reference\": \"%s\"}, \"recordedDate\": \"2018-07-12\", "
            "\"reaction\": [{\"manifestation\": [{\"text\": \"発疹\"}]}]",
            i % 2 == 0 ? "medication" : "food", i % 4 == 0 ? "high" : "low",
            i % 2 == 0 ? "アモキシシリン" : "卵", patient);
        }
      else
        {
          g_string_append (out, "\"resourceType\": \"Observation\", ");
          append_tag (out, "shared-record");
          g_string_append_printf (out,
            "\"status\": \"final\", \"category\": [{\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/observation-category\", \"code\": \"laboratory\"}]}], "
            "\"code\": {\"coding\": [{\"system\": \"http://medis.or.jp/CodeSystem/master-JLAC10-17digits\", \"code\": \"3D046000001920402\", \"display\": \"HbA1c（NGSP）\"}], \"text\": \"HbA1c（NGSP）\"}, "
            "\"subject\": {\"reference\": \"%s\"}, \"effectiveDateTime\": \"2026-%02u-%02uT09:10:00+09:00\", "
            "\"valueQuantity\": {\"value\": %u.%u, \"unit\": \"%%\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"%%\"}",
            patient, month, day, 6 + i % 4, i % 10);
        }
      g_string_append (out, "}}");
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* A summary source that parses a bundle given to it, on the spot (the parse is timed). */

#define BENCH_TYPE_SOURCE (bench_source_get_type ())
G_DECLARE_FINAL_TYPE (BenchSource, bench_source, BENCH, SOURCE, GObject)

struct _BenchSource {
  GObject  parent_instance;
  char    *json;      /* (owned) */
  gint64   parse_us;  /* of the last fetch */
};

static void bench_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchSource, bench_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE, bench_source_iface_init))

static void
bench_source_fetch_async (FcSummarySource     *source,
                          FcCardIdentity      *identity,
                          FcConsent            consent,
                          const char          *incident_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  BenchSource *self = BENCH_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  FcSummary *summary;
  gint64 start = g_get_monotonic_time ();

  summary = fc_fhir_read_bundle (self->json, -1, NULL, &error);
  self->parse_us = g_get_monotonic_time () - start;
  if (summary == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fc_summary_set_provenance (summary, FC_PROVENANCE_NETWORK);
  g_task_return_pointer (task, summary, g_object_unref);
}

static FcSummary *
bench_source_fetch_finish (FcSummarySource  *source,
                           GAsyncResult     *result,
                           GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bench_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = bench_source_fetch_async;
  iface->fetch_finish = bench_source_fetch_finish;
}

static void
bench_source_finalize (GObject *object)
{
  g_free (BENCH_SOURCE (object)->json);
  G_OBJECT_CLASS (bench_source_parent_class)->finalize (object);
}

static void
bench_source_class_init (BenchSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_source_finalize;
}

static void
bench_source_init (BenchSource *self)
{
}

/* Window driving */

typedef struct {
  FcWindow     *window;
  FcController *controller;
  FcScenario   *scenario;
  BenchFrames   frames;
} Ui;

static void
summary_set_cb (FcIncident *incident,
                GParamSpec *pspec,
                Ui         *ui)
{
  if (fc_incident_get_summary (incident) == NULL || ui->frames.t_model != 0)
    return;
  bench_frames_arm (&ui->frames);
}

static gboolean
run_ui_once (Ui          *ui,
             BenchSource *source,
             BenchTable  *table,
             const char  *name)
{
  g_autoptr(GError) error = NULL;
  FcIncident *incident;
  gulong handler;
  gint64 t_done;
  gboolean ok;

  fc_controller_new_incident (ui->controller);
  if (!fc_controller_start_incident (ui->controller, ui->scenario, &error))
    {
      g_printerr ("bench-parse: %s\n", error->message);
      return FALSE;
    }
  incident = fc_controller_get_incident (ui->controller);
  fc_controller_set_source_for_testing (ui->controller, FC_SUMMARY_SOURCE (source));
  handler = g_signal_connect (incident, "notify::summary", G_CALLBACK (summary_set_cb), ui);
  bench_spin (20);
  ui->frames.t_model = 0;
  if (!fc_controller_record_consent (ui->controller, FC_CONSENT_GIVEN, NULL, &error))
    {
      g_printerr ("bench-parse: %s\n", error->message);
      return FALSE;
    }
  ok = BENCH_SPIN_UNTIL (fc_controller_get_fetch_state (ui->controller) == FC_FETCH_DONE ||
                         fc_controller_get_fetch_state (ui->controller) == FC_FETCH_FAILED ||
                         fc_controller_get_card_error (ui->controller) != NULL) &&
       fc_controller_get_fetch_state (ui->controller) == FC_FETCH_DONE &&
       BENCH_SPIN_UNTIL (bench_frames_complete (&ui->frames));
  g_signal_handler_disconnect (incident, handler);
  if (!ok)
    {
      g_printerr ("bench-parse: the summary did not come on screen (%s)\n",
                  fc_controller_get_fetch_error (ui->controller));
      return FALSE;
    }

  t_done = bench_event_time (incident, FC_EVENT_FETCH_DONE);
  if (table != NULL)
    {
      BenchFrames *frames = &ui->frames;
      double parse = source->parse_us / 1000.;
      double model = (frames->t_model - t_done) / 1000.;
      double render = (frames->t_paint - frames->t_model) / 1000.;

      bench_table_add (table, name, "rules + model + widgets", "ms", model);
      bench_table_add (table, name, "render (first frame with warnings)", "ms", render);
      bench_table_add (table, name, "  of which: waiting for the frame", "ms",
                       (frames->t_frame - frames->t_model) / 1000.);
      bench_table_add (table, name, "total: parse + rules + render", "ms", parse + model + render);
      bench_table_add (table, name, "rest of the page (complete frame)", "ms",
                       (frames->t_complete - frames->t_model) / 1000.);
    }
  fc_controller_request_handover (ui->controller);
  fc_controller_handover (ui->controller);
  bench_spin (10);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  static char *sizes_arg = NULL;
  static GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Bundle sizes (items)", "30,300,3000" },
    { NULL }
  };
  BenchOptions options = { 0 };
  g_autoptr(BenchTable) table = bench_table_new ();
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *rules_dir = fc_rule_set_default_dir ();
  g_autoptr(FcRuleSet) rules = NULL;
  g_autoptr(FcFindings) findings = fc_findings_new ();
  g_autofree char *user_dir = NULL;
  g_autofree char *scenario_dir = NULL;
  g_auto(GStrv) sizes = NULL;
  gboolean ui_ok;
  Ui ui = { 0 };
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-parse: %s\n", error->message);
      return 2;
    }
  bench_options_parse (&options, &argc, &argv, 30,
                       "Parse + rules + render of generated bundles of 30, 300 and 3,000 items.");
  sizes = g_strsplit (sizes_arg != NULL ? sizes_arg : "30,300,3000", ",", -1);
  g_free (sizes_arg);

  rules = fc_rule_set_new_from_dir (rules_dir, &error);
  if (rules == NULL)
    {
      g_printerr ("bench-parse: %s\n", error->message);
      return 2;
    }
  if (!fc_findings_parse (findings, "consciousness=impaired", &error) ||
      !fc_findings_parse (findings, "bgl=38", &error))
    {
      g_printerr ("bench-parse: %s\n", error->message);
      return 2;
    }

  user_dir = g_dir_make_tmp ("fc-bench-parse-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("FIELDCARD_USER_DIR", user_dir, TRUE);

  ui_ok = bench_have_display ();
  if (ui_ok)
    {
      bench_ui_init_gtk ();
      scenario_dir = bench_write_scenario_dir (user_dir, SCENARIO);
      ui.window = g_object_ref_sink (fc_window_new (NULL, TRUE));
      ui.controller = fc_window_get_controller (ui.window);
      fc_controller_load_scenarios (ui.controller, scenario_dir);
      ui.scenario = bench_find_scenario (ui.controller, SCENARIO);
      if (ui.scenario == NULL)
        g_error ("bench-parse: scenario %s not found", SCENARIO);
      gtk_window_set_default_size (GTK_WINDOW (ui.window), 1280, 800);
      gtk_window_present (GTK_WINDOW (ui.window));
      BENCH_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (ui.window)));
      bench_spin (100);
      bench_frames_watch (&ui.frames, ui.window);
    }
  else
    printf ("# no display: render stages skipped\n");

  for (guint s = 0; sizes[s] != NULL && status == 0; s++)
    {
      guint64 n_items = 0;
      g_autofree char *json = NULL;
      g_autofree char *name = NULL;
      g_autoptr(BenchSource) source = NULL;

      if (!g_ascii_string_to_unsigned (sizes[s], 10, 1, 100000, &n_items, NULL))
        {
          g_printerr ("bench-parse: bad size %s\n", sizes[s]);
          return 2;
        }
      json = make_bundle ((guint) n_items);
      name = g_strdup_printf ("processing %u items", (guint) n_items);

      for (guint i = 0; i <= options.runs; i++)
        {
          g_autoptr(FcSummary) summary = NULL;
          g_autoptr(GListModel) warnings = NULL;
          gint64 t0 = g_get_monotonic_time ();
          gint64 t1, t2;

          summary = fc_fhir_read_bundle (json, -1, NULL, &error);
          t1 = g_get_monotonic_time ();
          if (summary == NULL)
            {
              g_printerr ("bench-parse: %s\n", error->message);
              return 1;
            }
          warnings = fc_rule_set_evaluate (rules, summary, findings);
          t2 = g_get_monotonic_time ();
          if (i == 0)
            {
              printf ("# %u items: %u items read, %u warnings, bundle %zu KB\n", (guint) n_items,
                      g_list_model_get_n_items (fc_summary_get_items (summary)),
                      g_list_model_get_n_items (warnings), strlen (json) / 1024);
              continue;
            }
          bench_table_add (table, name, "parse (FHIR JSON)", "ms", (t1 - t0) / 1000.);
          bench_table_add (table, name, "rules (evaluate)", "ms", (t2 - t1) / 1000.);
        }

      if (!ui_ok)
        continue;
      source = g_object_new (BENCH_TYPE_SOURCE, NULL);
      source->json = g_strdup (json);
      /* Thousands of rows take seconds per frame today: a few runs say enough. */
      for (guint i = 0; i <= (n_items >= 1000 ? MIN (options.runs, 3) : options.runs) && status == 0; i++)
        if (!run_ui_once (&ui, source, i == 0 ? NULL : table, name))
          status = 1;
      fc_controller_set_source_for_testing (ui.controller, NULL);
    }

  if (ui_ok)
    {
      bench_frames_unwatch (&ui.frames);
      g_clear_object (&ui.scenario);
      gtk_window_destroy (GTK_WINDOW (ui.window));
      bench_spin (50);
      g_clear_object (&ui.window);
    }
  bench_remove_tree (user_dir);

  if (status != 0)
    return status;
  return bench_finish (table, &options);
}
