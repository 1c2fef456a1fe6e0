/* test-ui-record.c: the record on screen: warning evidence, acknowledgement, "wrong person",
 * what the crew sees while and when fetching fails, and real mode versus training mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-record"

#include "config.h"


#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-scenario-source.h"
#include "fc-paths.h"
#include "fc-timeline.h"
#include "fc-warning-row.h"
#include "fc-window.h"
#include "ui-test-util.h"

/* A summary source that answers with a scenario's record as if it were the encrypted offline
 * copy fetched 20 minutes ago (what FcHttpSource returns when the network fails after a fetch). */
#define TEST_TYPE_OFFLINE_SOURCE (test_offline_source_get_type ())
G_DECLARE_FINAL_TYPE (TestOfflineSource, test_offline_source, TEST, OFFLINE_SOURCE, GObject)

struct _TestOfflineSource
{
  GObject          parent_instance;
  FcSummarySource *inner;   /* (owned) */
};

static void test_offline_source_iface_init (FcSummarySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestOfflineSource, test_offline_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FC_TYPE_SUMMARY_SOURCE,
                                                      test_offline_source_iface_init))

static void
inner_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = fc_summary_source_fetch_finish (FC_SUMMARY_SOURCE (object), result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) fetched = g_date_time_add_minutes (now, -20);

  if (summary == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fc_summary_set_provenance (summary, FC_PROVENANCE_CACHE);
  fc_summary_set_retrieved (summary, fetched);
  g_task_return_pointer (task, g_steal_pointer (&summary), g_object_unref);
}

static void
offline_fetch_async (FcSummarySource     *source,
                     FcCardIdentity      *identity,
                     FcConsent            consent,
                     const char          *incident_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  TestOfflineSource *self = TEST_OFFLINE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  fc_summary_source_fetch_async (self->inner, identity, consent, incident_id, cancellable,
                                 inner_done_cb, task);
}

static FcSummary *
offline_fetch_finish (FcSummarySource  *source,
                      GAsyncResult     *result,
                      GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_offline_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = offline_fetch_async;
  iface->fetch_finish = offline_fetch_finish;
}

static void
test_offline_source_finalize (GObject *object)
{
  g_clear_object (&TEST_OFFLINE_SOURCE (object)->inner);
  G_OBJECT_CLASS (test_offline_source_parent_class)->finalize (object);
}

static void
test_offline_source_class_init (TestOfflineSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_offline_source_finalize;
}

static void
test_offline_source_init (TestOfflineSource *self)
{
}

#define RULE_DIABETES "R04" /* caution: diabetes on record, measure first */
#define RULE_IMPAIRED "R05" /* critical: diabetes + impaired consciousness */

/* Opens the diabetes record and makes R05 (critical) appear. */
static FcSummaryPage *
open_diabetes_record_impaired (FcWindow *window)
{
  FcSummaryPage *summary = fc_window_get_summary_page (window);

  ui_start_scenario (window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (window);
  ui_tap (fc_summary_page_get_consciousness_button (summary, "impaired"));
  g_assert_true (WAIT_FOR (fc_summary_page_get_warning_row (summary, RULE_IMPAIRED) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_warning_row (summary, RULE_IMPAIRED))),
                           WAIT_MS));
  return summary;
}

/* The first warning on screen that is not critical (R04 itself is subsumed by R05). */
static FcWarningRow *
find_non_critical_row (FcSummaryPage *summary)
{
  g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (summary);

  for (guint i = 0; i < rows->len; i++)
    if (fc_warning_get_severity (fc_warning_row_get_warning (g_ptr_array_index (rows, i))) != FC_SEVERITY_CRITICAL)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static gboolean
box_has_label_containing (GtkWidget  *widget,
                          const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return TRUE;
      if (box_has_label_containing (child, needle))
        return TRUE;
    }
  return FALSE;
}

static void
test_evidence_expands_on_tap (Fixture       *fixture,
                              gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcSummaryPage *summary = open_diabetes_record_impaired (window);
  FcWarningRow *row = fc_summary_page_get_warning_row (summary, RULE_IMPAIRED);
  FcWarning *warning = fc_warning_row_get_warning (row);
  GPtrArray *evidence = fc_warning_get_evidence (warning);
  GStrv checks = fc_warning_get_checks (warning, NULL);
  GtkWidget *details = fc_warning_row_get_details (row);
  FcWarningRow *caution;
  g_autofree char *caution_id = NULL;

  /* Closed: colour and icon and text say the severity; no evidence on screen yet. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "critical"));
  g_assert_false (gtk_revealer_get_child_revealed (GTK_REVEALER (details)));
  g_assert_false (gtk_widget_get_mapped (fc_warning_row_get_acknowledge_button (row)));
  g_assert_nonnull (evidence);
  g_assert_cmpuint (evidence->len, >, 0);

  /* A tap opens it: the record item behind it (name, date, source) and what to check. */
  ui_tap (GTK_WIDGET (row));
  g_assert_true (WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (details)), WAIT_MS));
  g_assert_true (fc_warning_row_get_expanded (row));
  for (guint i = 0; i < evidence->len; i++)
    {
      FcSummaryItem *item = g_ptr_array_index (evidence, i);

      g_assert_true (box_has_label_containing (fc_warning_row_get_evidence_box (row),
                                               fc_summary_item_get_text (item)));
      if (fc_summary_item_get_date (item) != NULL)
        g_assert_true (box_has_label_containing (fc_warning_row_get_evidence_box (row),
                                                 fc_summary_item_get_date (item)));
    }
  g_assert_nonnull (checks);
  if (checks[0] != NULL)
    g_assert_true (box_has_label_containing (details, checks[0]));
  /* A critical warning offers "Acknowledge". */
  g_assert_true (gtk_widget_get_mapped (fc_warning_row_get_acknowledge_button (row)));

  /* A caution (or info) opens too, without an acknowledge button. */
  caution = find_non_critical_row (summary);
  g_assert_nonnull (caution);
  caution_id = g_strdup (fc_warning_get_rule_id (fc_warning_row_get_warning (caution)));
  ui_tap (GTK_WIDGET (caution));
  g_assert_true (WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (fc_warning_row_get_details (caution))),
                           WAIT_MS));
  g_assert_false (gtk_widget_get_visible (fc_warning_row_get_acknowledge_button (caution)));

  /* Opened warnings stay open when a finding re-evaluates the rules (rows are rebuilt). */
  ui_tap (fc_summary_page_get_consciousness_button (summary, "alert"));
  g_assert_true (WAIT_FOR (fc_summary_page_get_warning_row (summary, RULE_IMPAIRED) == NULL, WAIT_MS));
  if (fc_summary_page_get_warning_row (summary, caution_id) != NULL)
    g_assert_true (fc_warning_row_get_expanded (fc_summary_page_get_warning_row (summary, caution_id)));
  ui_tap (fc_summary_page_get_consciousness_button (summary, "impaired"));
  g_assert_true (WAIT_FOR (fc_summary_page_get_warning_row (summary, RULE_IMPAIRED) != NULL, WAIT_MS));
  row = fc_summary_page_get_warning_row (summary, RULE_IMPAIRED);
  g_assert_true (fc_warning_row_get_expanded (row));
  g_assert_true (WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (fc_warning_row_get_details (row))),
                           WAIT_MS));

  /* Close the caution again, keep R05 open for the picture. */
  caution = fc_summary_page_get_warning_row (summary, caution_id);
  if (caution != NULL)
    {
      g_assert_true (fc_warning_row_get_expanded (caution));
      ui_tap (GTK_WIDGET (caution));
      g_assert_true (WAIT_FOR (!fc_warning_row_get_expanded (fc_summary_page_get_warning_row (summary, caution_id)),
                               WAIT_MS));
    }
  ui_save_png (GTK_WIDGET (window), "summary-expanded.png");

  /* Portrait (800 × 1280) with the warning open. */
  ui_save_portrait_png (window, "summary-expanded-portrait.png");
}

static void
test_inferred_label_shown (Fixture       *fixture,
                           gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  g_autoptr(GPtrArray) rows = NULL;
  guint inferred = 0;

  /* Pilot case 2 has a condition inferred from a medicine (R21). */
  ui_start_scenario (window, "pilot-2-ckd");
  ui_consent_and_wait_summary (window);
  g_assert_true (WAIT_FOR (fc_summary_page_get_warning_row (summary, "R21") != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_warning_row (summary, "R21"))),
                           WAIT_MS));

  /* The 推定・要確認 badge is on exactly the inferred warnings. */
  rows = fc_summary_page_get_warning_rows (summary);
  for (guint i = 0; i < rows->len; i++)
    {
      FcWarningRow *row = g_ptr_array_index (rows, i);
      GtkWidget *badge = fc_warning_row_get_inferred_badge (row);
      gboolean is_inferred = fc_warning_get_inferred (fc_warning_row_get_warning (row));

      g_assert_cmpint (gtk_widget_get_visible (badge), ==, is_inferred);
      if (is_inferred)
        {
          g_assert_true (gtk_widget_get_mapped (badge));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, _("Inferred — verify"));
          inferred++;
        }
    }
  g_assert_cmpuint (inferred, >=, 1);
}

static void
test_acknowledge_logs_event (Fixture       *fixture,
                             gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcSummaryPage *summary = open_diabetes_record_impaired (window);
  FcWarningRow *row = fc_summary_page_get_warning_row (summary, RULE_IMPAIRED);
  GtkWidget *ack;

  g_assert_cmpuint (ui_count_events (window, FC_EVENT_WARNING_ACK, NULL), ==, 0);
  ui_tap (GTK_WIDGET (row));
  ack = fc_warning_row_get_acknowledge_button (row);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (ack), WAIT_MS));
  ui_tap (ack);

  /* The warning is acknowledged, the button goes, and the timeline has the event (rule id
   * only), on disk too. */
  g_assert_true (WAIT_FOR (fc_warning_get_acknowledged (fc_warning_row_get_warning (fc_summary_page_get_warning_row (summary, RULE_IMPAIRED))),
                           WAIT_MS));
  row = fc_summary_page_get_warning_row (summary, RULE_IMPAIRED);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "acknowledged"));
  g_assert_false (gtk_widget_get_visible (fc_warning_row_get_acknowledge_button (row)));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_WARNING_ACK, "rule=" RULE_IMPAIRED), ==, 1);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_WARNING_ACK, "rule=" RULE_IMPAIRED), ==, 1);

  /* Once only: the acknowledgement is not logged again. */
  fc_controller_acknowledge_warning (fc_window_get_controller (window), fc_warning_row_get_warning (row));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_WARNING_ACK, NULL), ==, 1);
}

static void
test_wrong_person (Fixture       *fixture,
                   gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary;
  FcIncident *incident;
  AdwMessageDialog *dialog;
  FcCardPage *card;

  ui_start_scenario (window, DIABETES_SCENARIO);
  incident = fc_controller_get_incident (controller);
  ui_consent_and_wait_summary (window);
  summary = fc_window_get_summary_page (window);
  g_assert_true (WAIT_FOR (fc_summary_page_get_warning_row (summary, RULE_DIABETES) != NULL, WAIT_MS));

  /* The identity block shows the record's sex and age band with the question. */
  g_assert_true (gtk_widget_get_mapped (fc_summary_page_get_wrong_person_button (summary)));

  /* "Wrong person…" asks first; "Keep the record" changes nothing. */
  ui_tap (fc_summary_page_get_wrong_person_button (summary));
  g_assert_true (WAIT_FOR (fc_summary_page_get_wrong_person_dialog (summary) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (fc_summary_page_get_wrong_person_dialog (summary))),
                           WAIT_MS));
  dialog = fc_summary_page_get_wrong_person_dialog (summary);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  ui_save_png (GTK_WIDGET (dialog), "wrong-person-dialog.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (WAIT_FOR (fc_summary_page_get_wrong_person_dialog (summary) == NULL, WAIT_MS));
  g_assert_nonnull (fc_incident_get_summary (incident));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_WRONG_PERSON, NULL), ==, 0);

  /* Confirmed: the record and its warnings leave the screen, the card page says why. */
  ui_tap (fc_summary_page_get_wrong_person_button (summary));
  g_assert_true (WAIT_FOR (fc_summary_page_get_wrong_person_dialog (summary) != NULL, WAIT_MS));
  dialog = fc_summary_page_get_wrong_person_dialog (summary);
  adw_message_dialog_response (dialog, "wrong-person");
  gtk_window_destroy (GTK_WINDOW (dialog));

  ui_wait_page (window, "card");
  g_assert_null (fc_incident_get_summary (incident));
  g_assert_null (fc_incident_get_identity (incident));
  g_assert_cmpuint (g_list_model_get_n_items (fc_incident_get_warnings (incident)), ==, 0);
  g_autoptr(GPtrArray) rows = fc_summary_page_get_warning_rows (summary);
  g_assert_cmpuint (rows->len, ==, 0);
  card = fc_window_get_card_page (window);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_card_page_get_error_label (card))), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (fc_card_page_get_error_label (card)), ==,
                   fc_controller_get_card_notice (controller));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fc_card_page_get_error_label (card)), "inline-error"));
  g_assert_nonnull (fc_window_get_last_toast (window));
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_WRONG_PERSON, NULL), ==, 1);
  g_assert_cmpuint (ui_count_db_events (window, FC_EVENT_WRONG_PERSON, NULL), ==, 1);
  /* …and in the access log, flagged for the privacy officer. */
  {
    g_autofree char *dir = fc_paths_get_user_dir (TRUE);
    g_autoptr(FcAudit) audit = fc_audit_open (dir, FALSE, NULL);
    g_autoptr(GPtrArray) flagged = NULL;
    gboolean found = FALSE;

    g_assert_nonnull (audit);
    flagged = fc_audit_list (audit, TRUE, NULL);
    g_assert_nonnull (flagged);
    for (guint i = 0; i < flagged->len; i++)
      {
        FcAuditEntry *entry = g_ptr_array_index (flagged, i);

        found |= g_str_equal (entry->action, FC_AUDIT_ACTION_WRONG_PERSON) &&
                 g_strcmp0 (entry->incident_id, fc_timeline_get_incident_id (fc_incident_get_timeline (incident))) == 0;
      }
    g_assert_true (found);
    fc_audit_close (audit);
  }
  ui_save_png (GTK_WIDGET (window), "wrong-person-card-page.png");

  /* The right card can be read now; its record is shown afresh. */
  ui_tap (fc_card_page_get_retry_button (card));
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_DONE &&
                           fc_incident_get_summary (incident) != NULL, CARD_WAIT_MS));
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "summary");
  g_assert_null (fc_controller_get_card_notice (controller));
}

/* Starts scenario @id: pilot 3 with a "network" that answers @mode after @delay_ms. */
static void
start_network_scenario (Fixture    *fixture,
                        const char *id,
                        const char *mode,
                        guint       delay_ms)
{
  g_autofree char *delay_json = g_strdup_printf ("\"mode\": \"%s\",\n    \"delay_ms\": %u", mode,
                                                 delay_ms);
  const char *edits[] = {
    "\"delay_ms\": [0-9]+", "\"delay_ms\": 0",
    "\"mode\": \"online\",\\s*\"delay_ms\": 0", delay_json,
    NULL
  };

  ui_write_scenario (fixture->scenario_dir, id, DIABETES_SCENARIO, edits);
  ui_reload_scenarios (fixture);
  ui_start_scenario (fixture->window, id);
}

static void
test_no_record_is_normal (Fixture       *fixture,
                          gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  GtkLabel *label;

  start_network_scenario (fixture, "no-record", "not-found", 0);
  ui_consent_and_wait_fetch (window, FC_FETCH_FAILED);
  g_assert_cmpstr (fc_window_get_visible_page (window), ==, "summary");

  /* Said plainly, as a normal outcome: no Retry, but "Continue without record". */
  label = fc_summary_page_get_fetch_label (summary);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (label)), WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (label), ==, fc_controller_get_fetch_error (controller));
  g_assert_false (fc_controller_get_fetch_can_retry (controller));
  g_assert_false (gtk_widget_get_visible (fc_summary_page_get_fetch_button (summary, "retry")));
  g_assert_false (gtk_widget_get_visible (fc_summary_page_get_fetch_button (summary, "cancel")));
  ui_save_png (GTK_WIDGET (window), "summary-no-record.png");

  ui_tap (fc_summary_page_get_fetch_button (summary, "continue"));
  ui_wait_page (window, "handover");
}

static void
test_unavailable_offers_retry (Fixture       *fixture,
                               gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  GtkWidget *retry;

  start_network_scenario (fixture, "service-down", "503", 0);
  ui_consent_and_wait_fetch (window, FC_FETCH_FAILED);
  retry = fc_summary_page_get_fetch_button (summary, "retry");
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (retry), WAIT_MS));
  g_assert_true (gtk_widget_get_mapped (fc_summary_page_get_fetch_button (summary, "continue")));
  g_assert_cmpstr (gtk_label_get_text (fc_summary_page_get_fetch_label (summary)), ==,
                   fc_controller_get_fetch_error (controller));
  g_assert_true (fc_controller_get_fetch_can_retry (controller));

  /* Retry asks again (and fails the same way). */
  g_assert_cmpuint (ui_count_events (window, FC_EVENT_FETCH_STARTED, NULL), ==, 1);
  ui_tap (retry);
  g_assert_true (WAIT_FOR (ui_count_events (window, FC_EVENT_FETCH_STARTED, NULL) == 2 &&
                           fc_controller_get_fetch_state (controller) == FC_FETCH_FAILED, CARD_WAIT_MS));
  g_assert_null (fc_incident_get_summary (fc_controller_get_incident (controller)));
}

static void
test_fetch_can_be_cancelled (Fixture       *fixture,
                             gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  GtkWidget *cancel;

  start_network_scenario (fixture, "slow-network", "online", 30000);
  ui_give_consent (window);

  /* While fetching: the summary page says so, with Cancel. */
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_RUNNING &&
                           g_strcmp0 (fc_window_get_visible_page (window), "summary") == 0, CARD_WAIT_MS));
  cancel = fc_summary_page_get_fetch_button (summary, "cancel");
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (cancel), WAIT_MS));
  g_assert_false (gtk_widget_get_visible (fc_summary_page_get_fetch_button (summary, "retry")));
  ui_save_png (GTK_WIDGET (window), "summary-fetching.png");

  ui_tap (cancel);
  g_assert_true (WAIT_FOR (fc_controller_get_fetch_state (controller) == FC_FETCH_CANCELLED, WAIT_MS));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (fc_summary_page_get_fetch_button (summary, "retry")), WAIT_MS));
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_null (fc_incident_get_summary (fc_controller_get_incident (controller)));
}

static void
test_offline_copy_is_labelled (Fixture       *fixture,
                               gconstpointer  data)
{
  FcWindow *window = fixture->window;
  FcController *controller = fc_window_get_controller (window);
  GListModel *scenarios = fc_controller_get_scenarios (controller);
  g_autoptr(TestOfflineSource) source = g_object_new (TEST_TYPE_OFFLINE_SOURCE, NULL);
  FcSummaryPage *summary = fc_window_get_summary_page (window);
  GtkLabel *provenance;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) fetched = g_date_time_add_minutes (now, -20);
  g_autofree char *hhmm = g_date_time_format (fetched, "%H:%M");

  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (scenarios, i);

      if (g_str_equal (fc_scenario_get_id (scenario), DIABETES_SCENARIO))
        source->inner = FC_SUMMARY_SOURCE (fc_scenario_source_new (scenario));
    }
  g_assert_nonnull (source->inner);
  fc_controller_set_source_for_testing (controller, FC_SUMMARY_SOURCE (source));

  ui_start_scenario (window, DIABETES_SCENARIO);
  ui_consent_and_wait_summary (window);

  /* "Offline copy, fetched HH:MM", in its own colour. */
  provenance = fc_summary_page_get_provenance_label (summary);
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (provenance)), WAIT_MS));
  g_assert_nonnull (strstr (gtk_label_get_text (provenance), hhmm));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (provenance), "offline-copy"));
  g_assert_cmpint (fc_summary_get_provenance (fc_incident_get_summary (fc_controller_get_incident (controller))),
                   ==, FC_PROVENANCE_CACHE);
  ui_save_png (GTK_WIDGET (window), "summary-offline-copy.png");
  fc_controller_set_source_for_testing (controller, NULL);
}

static char *
write_file (const char *dir,
            const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "-----BEGIN CERTIFICATE-----\n", -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_incomplete_config_runs_training (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(FcRealConfig) config = fc_real_config_new ();
  g_auto(GStrv) missing = NULL;
  FcWindow *window;
  GtkLabel *notice;

  /* The check names each missing setting by its key, and a non-https server. */
  config->server_url = g_strdup ("http://summary.example.jp/fhir");
  config->ca_file = g_strdup ("relative/ca.pem");
  missing = fc_real_config_check (config);
  g_assert_false (fc_real_config_is_complete (config));
  {
    g_autofree char *joined = g_strjoinv ("\n", missing);

    g_assert_nonnull (strstr (joined, "https://"));
    g_assert_nonnull (strstr (joined, "relative/ca.pem"));
    g_assert_nonnull (strstr (joined, "client-cert-file"));
    g_assert_nonnull (strstr (joined, "client-key-file"));
    g_assert_nonnull (strstr (joined, "unit-id"));
  }

  window = g_object_ref_sink (fc_window_new_with_config (NULL, config));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), WAIT_MS));

  /* Training mode, honestly: the banner says why, and what to fix. */
  g_assert_true (fc_controller_get_training (fc_window_get_controller (window)));
  g_assert_true (gtk_widget_get_mapped (fc_window_get_training_banner (window)));
  notice = fc_window_get_mode_notice_label (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (notice)));
  g_assert_nonnull (strstr (gtk_label_get_text (notice), "unit-id"));
  g_assert_nonnull (strstr (gtk_label_get_text (notice), "client-cert-file"));
  g_assert_nonnull (fc_window_get_last_toast (window));
  ui_save_png (GTK_WIDGET (window), "real-mode-not-set-up.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);
  g_assert_finalize_object (window);
}

/* The settings (and --reader / --server) become the real-mode configuration. */
static void
test_config_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FcRealConfig) config = NULL;
  g_autoptr(FcRealConfig) copy = NULL;

  g_settings_set_string (settings, "server-url", "https://settings.example.jp/fhir");
  g_settings_set_string (settings, "reader-connstring", "pn532_uart:/dev/ttyUSB0:115200");
  g_settings_set_string (settings, "unit-id", "Chiyoda 1");
  g_settings_set_uint (settings, "cache-ttl-hours", 6);
  g_settings_set_uint (settings, "connect-timeout-seconds", 3);

  config = fc_real_config_new_from_settings (settings, NULL, NULL);
  g_assert_cmpstr (config->server_url, ==, "https://settings.example.jp/fhir");
  g_assert_cmpstr (config->reader_connstring, ==, "pn532_uart:/dev/ttyUSB0:115200");
  g_assert_cmpstr (config->unit_id, ==, "Chiyoda 1");
  g_assert_cmpuint (config->cache_ttl_hours, ==, 6);
  g_assert_cmpuint (config->connect_timeout, ==, 3);
  g_assert_cmpuint (config->total_timeout, ==, 15);
  g_assert_cmpstr (config->identifier_system, ==, "urn:fieldcard:jpki-auth-cert-sha256");
  /* No CA or unit certificate: not complete. */
  g_assert_false (fc_real_config_is_complete (config));
  g_clear_pointer (&config, fc_real_config_free);

  /* The command line wins over the settings. */
  config = fc_real_config_new_from_settings (settings, "pn532_uart:/dev/pts/9", "https://cli.example.jp");
  g_assert_cmpstr (config->reader_connstring, ==, "pn532_uart:/dev/pts/9");
  g_assert_cmpstr (config->server_url, ==, "https://cli.example.jp");
  copy = fc_real_config_copy (config);
  g_assert_cmpstr (copy->server_url, ==, config->server_url);
  g_assert_true (copy->server_url != config->server_url);

  /* An empty reader setting means "the first reader found". */
  g_settings_set_string (settings, "reader-connstring", "");
  g_clear_pointer (&config, fc_real_config_free);
  config = fc_real_config_new_from_settings (settings, NULL, NULL);
  g_assert_null (config->reader_connstring);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "unit-id");
  g_settings_reset (settings, "cache-ttl-hours");
  g_settings_reset (settings, "connect-timeout-seconds");
}

static void
test_complete_config_runs_real (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(FcRealConfig) config = fc_real_config_new ();
  g_autofree char *real_dir = fc_paths_get_user_dir (FALSE);
  g_autofree char *cache_path = g_build_filename (real_dir, FC_CACHE_DB_NAME, NULL);
  FcController *controller;
  FcStartPage *start;
  FcCardPage *card;
  FcWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (real_dir, 0700), ==, 0);
  config->server_url = g_strdup ("https://127.0.0.1:9/fhir");
  config->ca_file = write_file (fixture->user_dir, "ca.pem");
  config->client_cert_file = write_file (fixture->user_dir, "unit.pem");
  config->client_key_file = write_file (fixture->user_dir, "unit.key");
  config->unit_id = g_strdup ("Test 1");
  /* A reader that is not there: real mode must say so plainly. */
  config->reader_connstring = g_strdup ("pn532_uart:/nonexistent/ttyFC0:115200");
  g_assert_true (fc_real_config_is_complete (config));

  window = g_object_ref_sink (fc_window_new_with_config (NULL, config));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)), WAIT_MS));
  controller = fc_window_get_controller (window);

  /* Real mode: no training banner, no scenarios, Start ready; the encrypted cache exists in
   * the real data folder. */
  g_assert_false (fc_controller_get_training (controller));
  g_assert_false (gtk_widget_get_visible (fc_window_get_training_banner (window)));
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  start = fc_window_get_start_page (window);
  g_assert_cmpuint (fc_start_page_get_n_rows (start), ==, 0);
  ui_save_png (GTK_WIDGET (window), "real-mode-start.png");
  ui_tap (fc_start_page_get_start_button (start));
  ui_wait_page (window, "consent");
  g_assert_false (fc_incident_get_training (fc_controller_get_incident (controller)));

  ui_give_consent (window);
  card = fc_window_get_card_page (window);
  g_assert_true (WAIT_FOR (fc_controller_get_card_error (controller) != NULL, CARD_WAIT_MS));
  g_assert_true (WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fc_card_page_get_error_label (card))), WAIT_MS));
  g_test_message ("no reader: %s", fc_controller_get_card_error (controller));
  g_assert_true (gtk_widget_get_mapped (fc_card_page_get_retry_button (card)));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_spin (50);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  int exit_code = 0;

  if (!ui_test_init (&argc, &argv, &exit_code))
    return exit_code;

  ui_test_add ("/fc/ui/record/evidence-expands-on-tap", test_evidence_expands_on_tap);
  ui_test_add ("/fc/ui/record/inferred-label-shown", test_inferred_label_shown);
  ui_test_add ("/fc/ui/record/acknowledge-logs-event", test_acknowledge_logs_event);
  ui_test_add ("/fc/ui/record/wrong-person-clears-and-logs", test_wrong_person);
  ui_test_add ("/fc/ui/record/no-record-is-a-normal-outcome", test_no_record_is_normal);
  ui_test_add ("/fc/ui/record/unavailable-offers-retry", test_unavailable_offers_retry);
  ui_test_add ("/fc/ui/record/fetch-can-be-cancelled", test_fetch_can_be_cancelled);
  ui_test_add ("/fc/ui/record/offline-copy-is-labelled", test_offline_copy_is_labelled);
  g_test_add ("/fc/ui/mode/incomplete-config-runs-training", Fixture, NULL,
              ui_fixture_set_up_no_window, test_incomplete_config_runs_training, ui_fixture_tear_down);
  g_test_add_func ("/fc/ui/mode/config-from-settings", test_config_from_settings);
  g_test_add ("/fc/ui/mode/complete-config-runs-real", Fixture, NULL,
              ui_fixture_set_up_no_window, test_complete_config_runs_real, ui_fixture_tear_down);

  return g_test_run ();
}
