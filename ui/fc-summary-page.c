/* fc-summary-page.c: the record, warnings first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-page"

#include "config.h"

#include "fc-summary-page.h"
#include "fc-summary-page-private.h"
#include "fc-widget-util.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "fc-warning-row.h"

/* A closed warning card is at least this tall with its spacing (a 32 px icon line, a line of
 * message, the hint line, 24 px of margins, 10 px between cards; about 120 px at the default
 * font): the first frame builds as many cards as could fill the visible part of the page. */
#define WARNING_MIN_HEIGHT 100

G_DEFINE_FINAL_TYPE (FcSummaryPage, fc_summary_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
incident_has_rules (FcIncident *incident)
{
  g_autoptr(GObject) rule_set = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (incident), "rule-set") == NULL)
    return TRUE;
  g_object_get (incident, "rule-set", &rule_set, NULL);
  return rule_set != NULL;
}

static void
update_warnings_empty (FcSummaryPage *self)
{
  gboolean empty = self->warnings == NULL || g_list_model_get_n_items (self->warnings) == 0;

  if (empty && self->incident != NULL && !incident_has_rules (self->incident))
    gtk_label_set_text (self->warnings_empty_label,
                        _("Warnings are not available: the decision-support rules are missing. Assess the patient as usual."));
  else if (empty && self->incident != NULL && fc_incident_get_summary (self->incident) == NULL)
    gtk_label_set_text (self->warnings_empty_label,
                        _("No record, so no warnings from it. Assess the patient as usual."));
  else
    gtk_label_set_text (self->warnings_empty_label,
                        _("No warnings from the record. Keep assessing the patient as usual."));
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_empty_label),
                          empty && !gtk_widget_get_visible (GTK_WIDGET (self->fetch_panel)));
}

/* "10:42" of when the record was fetched, or NULL. */
static char *
retrieved_time (FcSummary *summary)
{
  GDateTime *retrieved = fc_summary_get_retrieved (summary);
  g_autoptr(GDateTime) local = NULL;

  if (retrieved == NULL)
    return NULL;
  local = g_date_time_to_local (retrieved);
  return g_date_time_format (local, "%H:%M");
}

static void
update_provenance (FcSummaryPage *self,
                   FcSummary     *summary)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->provenance_label), "offline-copy");
  if (summary == NULL)
    {
      gtk_label_set_text (self->provenance_label, "");
      return;
    }

  time = retrieved_time (summary);
  switch (fc_summary_get_provenance (summary))
    {
    case FC_PROVENANCE_NETWORK:
      text = time != NULL ?
             /* Translators: where the record came from; %s is the time it was fetched (HH:MM). */
             g_strdup_printf (_("From the summary service, fetched %s"), time) :
             g_strdup (_("From the summary service"));
      break;
    case FC_PROVENANCE_CACHE:
      /* The network failed after an earlier fetch in this incident: say it is a copy. */
      text = time != NULL ?
             /* Translators: the record is the encrypted copy kept for this incident; %s is when it was fetched (HH:MM). */
             g_strdup_printf (_("Offline copy, fetched %s"), time) :
             g_strdup (_("Offline copy"));
      gtk_widget_add_css_class (GTK_WIDGET (self->provenance_label), "offline-copy");
      break;
    case FC_PROVENANCE_SCENARIO:
      text = g_strdup (_("Training scenario: made-up patient"));
      break;
    case FC_PROVENANCE_FILE:
    default:
      text = g_strdup (_("From a file"));
      break;
    }
  gtk_label_set_text (self->provenance_label, text);
}

/* The first frame of a new record (issue 9): the findings bar, the heading and the warnings
 * that fit on screen are built and painted first; the other warnings, the identity check, the
 * record sections and "Hand over" are built right after that frame is painted. The page
 * measures everything inside its scrolled window, so building it all first would make the crew
 * wait for what is below the fold. */
static void
stop_waiting_for_paint (FcSummaryPage *self)
{
  /* A window that went away has already dropped its frame clock's handlers. */
  if (self->paint_clock != NULL && self->paint_handler != 0 &&
      g_signal_handler_is_connected (self->paint_clock, self->paint_handler))
    g_signal_handler_disconnect (self->paint_clock, self->paint_handler);
  self->paint_handler = 0;
  g_clear_object (&self->paint_clock);
  g_clear_handle_id (&self->complete_idle, g_source_remove);
}

/* Warning rows for the first frame of a record: enough to fill the scrolled window. */
static guint
first_frame_rows (FcSummaryPage *self)
{
  int height = gtk_widget_get_height (self->scroller);

  return MAX (3, (guint) MAX (height, 0) / WARNING_MIN_HEIGHT + 1);
}

static void
set_complete (FcSummaryPage *self,
              gboolean       complete)
{
  if (self->complete == complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Builds whatever the first frame left out. */
void
fc_summary_page_complete_now (FcSummaryPage *self)
{
  stop_waiting_for_paint (self);
  /* Without a record there are no warnings: the incident adds them together with the next
   * record, and then only the rows of the first frame are built. */
  gtk_slice_list_model_set_size (self->shown_warnings,
                                 self->summary != NULL ? G_MAXUINT : first_frame_rows (self));
  fc_summary_sections_show (self->sections, self->summary,
                            self->incident != NULL &&
                            fc_incident_get_history_expanded (self->incident));
  gtk_widget_set_visible (self->rest, TRUE);
  set_complete (self, TRUE);
}

static gboolean
complete_idle_cb (gpointer user_data)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (user_data);

  self->complete_idle = 0;
  fc_summary_page_complete_now (self);
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FcSummaryPage *self)
{
  g_clear_signal_handler (&self->paint_handler, clock);
  g_clear_object (&self->paint_clock);
  /* After this frame is on screen: the next frame carries the rest. */
  if (self->complete_idle == 0)
    self->complete_idle = g_idle_add (complete_idle_cb, self);
}

/* A new record: its first frame, then the rest. Without a frame clock (not on screen) all of
 * it at once. */
static void
show_first_frame (FcSummaryPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_mapped (GTK_WIDGET (self)) ?
                         gtk_widget_get_frame_clock (GTK_WIDGET (self)) : NULL;

  stop_waiting_for_paint (self);
  if (clock == NULL || self->summary == NULL)
    {
      fc_summary_page_complete_now (self);
      return;
    }
  set_complete (self, FALSE);
  gtk_widget_set_visible (self->rest, FALSE);
  fc_summary_sections_show (self->sections, NULL, FALSE);
  gtk_slice_list_model_set_size (self->shown_warnings, first_frame_rows (self));
  self->paint_clock = g_object_ref (clock);
  self->paint_handler = g_signal_connect (clock, "after-paint",
                                          G_CALLBACK (first_frame_painted_cb), self);
}

static void
update_summary (FcSummaryPage *self)
{
  FcSummary *summary = self->incident != NULL ? fc_incident_get_summary (self->incident) : NULL;
  FcFetchState fetch = self->controller != NULL ?
                       fc_controller_get_fetch_state (self->controller) : FC_FETCH_IDLE;

  update_provenance (self, summary);

  if (summary != self->summary)
    {
      g_set_object (&self->summary, summary);
      show_first_frame (self);
    }
  else if (self->complete)
    fc_summary_sections_show (self->sections, summary,
                              summary != NULL && fc_incident_get_history_expanded (self->incident));

  /* No record and no fetch to explain it (e.g. no source configured). */
  if (summary == NULL && self->incident != NULL &&
      fetch != FC_FETCH_RUNNING && fetch != FC_FETCH_FAILED && fetch != FC_FETCH_CANCELLED)
    {
      const char *reason = self->controller != NULL ?
                           fc_controller_get_fetch_error (self->controller) : NULL;
      g_autofree char *text = NULL;

      if (reason != NULL)
        /* Translators: %s says why there is no record. */
        text = g_strdup_printf (_("No record is available: %s Assess the patient as usual."), reason);
      else
        text = g_strdup (_("No record is available. Assess the patient as usual."));
      gtk_label_set_text (self->status_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);

  update_warnings_empty (self);
}

static GtkWidget *
create_warning_row (gpointer item,
                    gpointer user_data)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (user_data);
  FcWarning *warning = FC_WARNING (item);
  GtkWidget *row = fc_warning_row_new (warning, "summary.expand");

  /* Re-evaluation rebuilds the rows: a warning the crew opened stays open. */
  if (g_hash_table_contains (self->expanded, fc_warning_get_rule_id (warning)))
    fc_warning_row_set_expanded (FC_WARNING_ROW (row), TRUE);
  return row;
}

static void
warnings_changed_cb (FcSummaryPage *self)
{
  update_warnings_empty (self);
}

static void
set_incident (FcSummaryPage *self,
              FcIncident    *incident)
{
  if (self->incident == incident)
    return;

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  if (self->warnings != NULL)
    g_signal_handlers_disconnect_by_data (self->warnings, self);

  g_set_object (&self->incident, incident);
  g_hash_table_remove_all (self->expanded);
  g_clear_object (&self->warnings);
  if (incident != NULL)
    self->warnings = g_object_ref (fc_incident_get_warnings (incident));
  gtk_slice_list_model_set_model (self->shown_warnings, self->warnings);
  fc_findings_bar_set_findings (self->findings_bar,
                                incident != NULL ? fc_incident_get_findings (incident) : NULL);

  if (self->incident != NULL)
    {
      g_signal_connect_object (self->incident, "notify::summary",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->incident, "notify::state",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->incident, "notify::last-error",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->incident, "notify::history-expanded",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
    }
  if (self->warnings != NULL)
    g_signal_connect_object (self->warnings, "items-changed",
                             G_CALLBACK (warnings_changed_cb), self, G_CONNECT_SWAPPED);

  update_summary (self);
}

static void
incident_changed_cb (FcSummaryPage *self)
{
  set_incident (self, self->controller != NULL ?
                      fc_controller_get_incident (self->controller) : NULL);
}

FcWarningRow *
fc_summary_page_find_row (FcSummaryPage *self,
                          const char    *rule_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->warning_list, i)) != NULL; i++)
    if (FC_IS_WARNING_ROW (row) &&
        g_strcmp0 (fc_warning_get_rule_id (fc_warning_row_get_warning (FC_WARNING_ROW (row))),
                   rule_id) == 0)
      return FC_WARNING_ROW (row);
  return NULL;
}

static void
expand_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);
  g_autofree char *rule_id = g_variant_dup_string (parameter, NULL);
  FcWarningRow *row = fc_summary_page_find_row (self, rule_id);
  gboolean expanded;

  if (row == NULL)
    return;
  expanded = !fc_warning_row_get_expanded (row);
  if (expanded)
    g_hash_table_add (self->expanded, g_strdup (rule_id));
  else
    g_hash_table_remove (self->expanded, rule_id);
  fc_warning_row_set_expanded (row, expanded);
}

static void
expand_history_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_expand_history (self->controller);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);
  g_autofree char *rule_id = g_variant_dup_string (parameter, NULL);
  guint n;

  if (self->warnings == NULL || self->controller == NULL)
    return;
  n = g_list_model_get_n_items (self->warnings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (self->warnings, i);

      if (g_strcmp0 (fc_warning_get_rule_id (warning), rule_id) == 0)
        {
          fc_controller_acknowledge_warning (self->controller, warning);
          return;
        }
    }
}

static void
handover_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_request_handover (self->controller);
}

static void
fc_summary_page_dispose (GObject *object)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (object);

  stop_waiting_for_paint (self);
  set_incident (self, NULL);
  fc_widget_clear_controller (&self->controller, self);
  g_clear_object (&self->summary);
  fc_widget_dispose_template_children (GTK_WIDGET (self), FC_TYPE_SUMMARY_PAGE);
  g_clear_object (&self->shown_warnings);

  G_OBJECT_CLASS (fc_summary_page_parent_class)->dispose (object);
}

static void
fc_summary_page_finalize (GObject *object)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (object);

  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (fc_summary_page_parent_class)->finalize (object);
}

static void
fc_summary_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_page_class_init (FcSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_summary_page_dispose;
  object_class->finalize = fc_summary_page_finalize;
  object_class->get_property = fc_summary_page_get_property;

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FC_TYPE_FETCH_PANEL);
  g_type_ensure (FC_TYPE_FINDINGS_BAR);
  g_type_ensure (FC_TYPE_IDENTITY_BLOCK);
  g_type_ensure (FC_TYPE_SUMMARY_SECTIONS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, content);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, findings_bar);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, provenance_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, warnings_empty_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, warning_list);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_panel);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, rest);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, identity_block);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, sections);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, handover_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "summary.acknowledge", "s", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "summary.expand", "s", expand_action);
  gtk_widget_class_install_action (widget_class, "summary.expand-history", NULL, expand_history_action);
  gtk_widget_class_install_action (widget_class, "summary.handover", NULL, handover_action);
}

static void
fc_summary_page_init (FcSummaryPage *self)
{
  self->complete = TRUE;
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown_warnings = gtk_slice_list_model_new (NULL, 0, G_MAXUINT);
  gtk_list_box_bind_model (self->warning_list, G_LIST_MODEL (self->shown_warnings),
                           create_warning_row, self, NULL);
  update_summary (self);
}

void
fc_summary_page_set_controller (FcSummaryPage *self,
                                FcController  *controller)
{
  g_return_if_fail (FC_IS_SUMMARY_PAGE (self));
  g_return_if_fail (controller == NULL || FC_IS_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  /* Before the page's own handlers: the page reads the panel's visibility. */
  fc_fetch_panel_set_controller (self->fetch_panel, controller);
  fc_identity_block_set_controller (self->identity_block, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::incident",
                               G_CALLBACK (incident_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::fetch-state",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
    }
  incident_changed_cb (self);
}

gboolean
fc_summary_page_get_complete (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), FALSE);
  return self->complete;
}

guint
fc_summary_page_count_warning_rows (FcSummaryPage *self)
{
  GtkListBoxRow *row;
  guint n = 0;

  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), 0);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->warning_list, i)) != NULL; i++)
    if (gtk_widget_get_mapped (GTK_WIDGET (row)) && gtk_widget_get_height (GTK_WIDGET (row)) > 0)
      n++;
  return n;
}
