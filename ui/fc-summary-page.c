/* fc-summary-page.c: the record, warnings first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-page"

#include "config.h"

#include "fc-summary-page.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "fc-warning-row.h"

typedef struct
{
  FcItemKind            kind;
  AdwPreferencesGroup  *group;   /* (unowned) */
  GPtrArray            *rows;    /* (owned) (element-type GtkWidget) (unowned items) */
  gboolean              show_all; /* the crew tapped "Show all (n)" */
} Section;

/* Rows built per section before "Show all (n)". Every row is a wrapping label whose height is
 * measured for the width, so a record of hundreds of items must not build them all up front
 * (issue 9: the first frame of a 300-item summary). */
#define SECTION_FIRST_ROWS 8

enum {
  SECTION_MEDICATIONS,
  SECTION_CONDITIONS,
  SECTION_ALLERGIES,
  /* The full history: only after the crew taps "Full history" (audited). */
  SECTION_PROCEDURES,
  SECTION_ENCOUNTERS,
  SECTION_OBSERVATIONS,
  N_SECTIONS
};

struct _FcSummaryPage
{
  GtkWidget        parent_instance;

  FcController    *controller;       /* (owned) (nullable) */
  FcIncident      *incident;         /* (owned) (nullable) */
  FcFindings      *findings;         /* (owned) (nullable) */
  GListModel      *warnings;         /* (owned) (nullable) */
  FcGlucoseDialog *dialog;           /* (unowned) (nullable): weak pointer */
  GtkWindow       *confirm_dialog;   /* (unowned) (nullable): weak pointer, "wrong person?" */
  GHashTable      *expanded;         /* (owned) (element-type utf8): rule ids opened by a tap */
  char            *identity_check;   /* (owned): "", "match", "mismatch" */
  Section          sections[N_SECTIONS];

  GtkWidget       *scroller;
  GtkWidget       *content;
  GtkLabel        *provenance_label;
  GtkLabel        *status_label;
  GtkLabel        *warnings_empty_label;
  GtkListBox      *warning_list;
  GtkButton       *glucose_button;
  GtkLabel        *glucose_value_label;
  GtkToggleButton *impaired_button;
  GtkToggleButton *alert_button;
  GtkWidget       *fetch_box;
  GtkSpinner      *fetch_spinner;
  GtkLabel        *fetch_label;
  GtkWidget       *fetch_cancel_button;
  GtkWidget       *fetch_retry_button;
  GtkWidget       *fetch_continue_button;
  GtkLabel        *sex_label;
  GtkLabel        *age_label;
  GtkWidget       *validity_row;
  GtkLabel        *validity_label;
  GtkWidget       *wrong_person_button;
  AdwPreferencesGroup *identity_group;
  GtkWidget       *identity_buttons;
  AdwPreferencesGroup *medications_group;
  AdwPreferencesGroup *conditions_group;
  AdwPreferencesGroup *allergies_group;
  GtkWidget       *history_button;
  AdwPreferencesGroup *procedures_group;
  AdwPreferencesGroup *encounters_group;
  AdwPreferencesGroup *observations_group;
  GtkButton       *handover_button;
};

G_DEFINE_FINAL_TYPE (FcSummaryPage, fc_summary_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONSCIOUSNESS,
  PROP_IDENTITY_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
consciousness_to_string (FcConsciousness consciousness)
{
  switch (consciousness)
    {
    case FC_CONSCIOUSNESS_ALERT:
      return "alert";
    case FC_CONSCIOUSNESS_IMPAIRED:
      return "impaired";
    case FC_CONSCIOUSNESS_UNKNOWN:
    default:
      return "unknown";
    }
}

static const char *
sex_label (const char *sex)
{
  if (g_strcmp0 (sex, "male") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "female") == 0)
    return _("Female");
  if (g_strcmp0 (sex, "other") == 0)
    /* Translators: sex recorded as other. */
    return _("Other");
  return _("Not recorded");
}

/* "60s" → "60–69 years"; anything else as it is. */
static char *
age_band_label (const char *band)
{
  gint64 decade = 0;
  g_autofree char *number = NULL;

  if (band == NULL || g_str_equal (band, "unknown"))
    return g_strdup (_("Not recorded"));
  if (g_str_has_suffix (band, "s"))
    {
      number = g_strndup (band, strlen (band) - 1);
      if (g_ascii_string_to_signed (number, 10, 0, 150, &decade, NULL))
        /* Translators: an age band, e.g. "60–69 years" (60代). */
        return g_strdup_printf (_("%d–%d years"), (int) decade, (int) decade + 9);
    }
  return g_strdup (band);
}

/* "3 months" (as the summary says it) → a translated "3 months"; anything else as it is. */
static char *
window_label (const char *window)
{
  g_auto(GStrv) parts = g_strsplit (window, " ", 2);
  guint64 n = 0;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 1000, &n, NULL))
    return g_strdup (window);
  if (g_str_has_prefix (parts[1], "day"))
    /* Translators: the time window of a summary section (e.g. 直近 90 日). */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), (guint) n);
  if (g_str_has_prefix (parts[1], "month"))
    /* Translators: the time window of a summary section (e.g. 直近 3 か月). */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", n), (guint) n);
  if (g_str_has_prefix (parts[1], "year"))
    /* Translators: the time window of a summary section (e.g. 直近 1 年). */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", n), (guint) n);
  return g_strdup (window);
}

static void
clear_section (Section *section)
{
  for (guint i = 0; i < section->rows->len; i++)
    adw_preferences_group_remove (section->group, g_ptr_array_index (section->rows, i));
  g_ptr_array_set_size (section->rows, 0);
}

static void
add_row (Section   *section,
         GtkWidget *row)
{
  adw_preferences_group_add (section->group, row);
  g_ptr_array_add (section->rows, row);
}

static GtkWidget *
badge_new (const char *text,
           const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
item_row_new (FcSummaryItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *date = fc_summary_item_get_date (item);
  const char *detail = fc_summary_item_get_detail (item);
  const char *status = fc_summary_item_get_status (item);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_summary_item_get_text (item));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "summary-item");

  if (detail != NULL && *detail != '\0')
    {
      g_string_append (subtitle, detail);
      g_string_append (subtitle, "\n");
    }
  /* Translators: "date · source" under a summary item; the first %s is a date. */
  g_string_append_printf (subtitle, _("%s · %s"),
                          date != NULL ? date : _("date unknown"),
                          fc_warning_row_source_label (fc_summary_item_get_source (item)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (fc_summary_item_get_kind (item) == FC_ITEM_CONDITION &&
      g_strcmp0 (status, "unconfirmed") == 0)
    /* Translators: badge on a condition that is not confirmed (疑い). */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge_new (_("Suspected"), "suspected-badge"));
  if (g_strcmp0 (status, "resolved") == 0)
    /* Translators: badge on a condition that is over (治癒). */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge_new (_("Resolved"), "resolved-badge"));
  if (fc_summary_item_get_kind (item) == FC_ITEM_ALLERGY &&
      g_strcmp0 (fc_summary_item_get_criticality (item), "high") == 0)
    /* Translators: badge on a high-criticality allergy / contraindication (禁忌). */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge_new (_("High risk"), "critical-badge"));

  return row;
}

static void
fill_section (FcSummaryPage *self,
              Section       *section,
              FcSummary     *summary)
{
  GListModel *items;
  guint n;
  const char *window;

  clear_section (section);

  window = summary != NULL ? fc_summary_get_window (summary, section->kind) : NULL;
  if (window != NULL)
    {
      g_autofree char *span = window_label (window);
      /* Translators: %s is the time window a section covers, e.g. "3 months". */
      g_autofree char *description = g_strdup_printf (_("Covers the last %s"), span);
      adw_preferences_group_set_description (section->group, description);
    }
  else
    adw_preferences_group_set_description (section->group, NULL);

  if (summary == NULL)
    return;

  switch (fc_summary_get_section_state (summary, section->kind))
    {
    case FC_SECTION_NONE_KNOWN:
      {
        GtkWidget *row = adw_action_row_new ();

        /* Translators: the source said explicitly that there is nothing in this section. */
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None known"));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     _("The record says there are none."));
        gtk_widget_add_css_class (row, "none-known");
        add_row (section, row);
        return;
      }
    case FC_SECTION_NO_INFORMATION:
      {
        GtkWidget *row = adw_action_row_new ();

        /* Translators: the source said nothing about this section (not the same as "none"). */
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No information"));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     _("The record says nothing here. That does not mean there are none: ask the patient or family."));
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
        gtk_widget_add_css_class (row, "no-information");
        add_row (section, row);
        return;
      }
    case FC_SECTION_PRESENT:
    default:
      break;
    }

  items = fc_summary_get_section (summary, section->kind);
  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n && (section->show_all || i < SECTION_FIRST_ROWS); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);
      add_row (section, item_row_new (item));
    }
  if (!section->show_all && n > SECTION_FIRST_ROWS)
    {
      GtkWidget *button;
      /* Translators: button under the first items of a long section; %u is how many there are. */
      g_autofree char *label = g_strdup_printf (_("Show all (%u)"), n);

      button = gtk_button_new_with_label (label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "summary.show-all");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", (guint32) (section - self->sections));
      gtk_widget_set_margin_top (button, 6);
      gtk_widget_add_css_class (button, "show-all-button");
      add_row (section, button);
    }
}

static void
update_validity (FcSummaryPage *self)
{
  FcCardIdentity *identity = self->incident != NULL ? fc_incident_get_identity (self->incident) : NULL;
  GDateTime *not_after = identity != NULL ? fc_card_identity_get_not_after (identity) : NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->validity_row, not_after != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->validity_label), "error");
  if (not_after == NULL)
    {
      gtk_label_set_text (self->validity_label, "");
      return;
    }
  date = g_date_time_format (not_after, "%Y-%m-%d");
  if (fc_card_identity_is_expired (identity, NULL))
    {
      /* Translators: an expired card certificate, stated neutrally: the record is still usable
       * (証明書の有効期限切れ（YYYY-MM-DD）); %s is the date. */
      text = g_strdup_printf (_("Certificate expired (%s)"), date);
      gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "error");
    }
  else
    /* Translators: the card certificate's validity (有効期限 YYYY-MM-DD); %s is the date. */
    text = g_strdup_printf (_("Valid until %s"), date);
  gtk_label_set_text (self->validity_label, text);
}

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
                          empty && !gtk_widget_get_visible (self->fetch_box));
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

/* The fetch panel: progress with Cancel, or the outcome with Retry and Continue. */
static void
update_fetch (FcSummaryPage *self)
{
  FcFetchState state = self->controller != NULL ?
                       fc_controller_get_fetch_state (self->controller) : FC_FETCH_IDLE;
  gboolean running = state == FC_FETCH_RUNNING;
  gboolean ended = state == FC_FETCH_FAILED || state == FC_FETCH_CANCELLED;
  gboolean can_retry = ended && fc_controller_get_fetch_can_retry (self->controller);

  gtk_widget_set_visible (self->fetch_box, running || ended);
  gtk_spinner_set_spinning (self->fetch_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_spinner), running);
  gtk_widget_set_visible (self->fetch_cancel_button, running);
  gtk_widget_set_visible (self->fetch_retry_button, can_retry);
  gtk_widget_set_visible (self->fetch_continue_button, ended);

  if (running)
    /* Translators: shown while the record is being fetched (記録を取得中). */
    gtk_label_set_text (self->fetch_label, _("Fetching the record…"));
  else if (ended)
    gtk_label_set_text (self->fetch_label, fc_controller_get_fetch_error (self->controller));

  /* A retryable failure is an error; "no record for this card" is a normal outcome. */
  if (ended && can_retry)
    gtk_widget_add_css_class (self->fetch_box, "fetch-failed");
  else
    gtk_widget_remove_css_class (self->fetch_box, "fetch-failed");
}

static void
update_summary (FcSummaryPage *self)
{
  FcSummary *summary = self->incident != NULL ? fc_incident_get_summary (self->incident) : NULL;
  FcFetchState fetch = self->controller != NULL ?
                       fc_controller_get_fetch_state (self->controller) : FC_FETCH_IDLE;
  g_autofree char *age = NULL;

  gboolean history = summary != NULL && fc_incident_get_history_expanded (self->incident);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      gboolean visible = summary != NULL &&
                         (!fc_incident_kind_is_history (self->sections[i].kind) || history);

      fill_section (self, &self->sections[i], visible ? summary : NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->sections[i].group), visible);
    }
  gtk_widget_set_visible (self->history_button, summary != NULL && !history);

  if (summary != NULL)
    {
      age = age_band_label (fc_summary_get_age_band (summary));
      gtk_label_set_text (self->sex_label, sex_label (fc_summary_get_sex (summary)));
      gtk_label_set_text (self->age_label, age);
    }
  else
    {
      gtk_label_set_text (self->sex_label, "");
      gtk_label_set_text (self->age_label, "");
    }
  update_provenance (self, summary);
  update_validity (self);

  gtk_widget_set_visible (GTK_WIDGET (self->identity_group), summary != NULL);
  gtk_widget_set_visible (self->identity_buttons, summary != NULL);

  update_fetch (self);

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

static void
update_findings (FcSummaryPage *self)
{
  g_autofree char *text = NULL;

  if (self->findings == NULL)
    {
      gtk_label_set_text (self->glucose_value_label, "");
      return;
    }

  switch (fc_findings_get_glucose_state (self->findings))
    {
    case FC_GLUCOSE_VALUE:
      /* Translators: measured blood glucose on the findings button. */
      text = g_strdup_printf (_("%d mg/dL"), fc_findings_get_glucose_mg_dl (self->findings));
      break;
    case FC_GLUCOSE_LO:
      text = g_strdup (_("LO (below the meter's range)"));
      break;
    case FC_GLUCOSE_HI:
      text = g_strdup (_("HI (above the meter's range)"));
      break;
    case FC_GLUCOSE_NOT_MEASURED:
    default:
      /* Translators: blood glucose not measured yet (未測定). */
      text = g_strdup (_("Not measured"));
      break;
    }
  gtk_label_set_text (self->glucose_value_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSCIOUSNESS]);
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
set_identity_check (FcSummaryPage *self,
                    const char    *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (self->identity_check, value) == 0)
    return;
  g_free (self->identity_check);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  self->identity_check = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY_CHECK]);
}

static void
set_consciousness (FcSummaryPage *self,
                   const char    *value)
{
  FcConsciousness consciousness = FC_CONSCIOUSNESS_UNKNOWN;

  if (self->findings == NULL || value == NULL)
    return;
  if (g_str_equal (value, "impaired"))
    consciousness = FC_CONSCIOUSNESS_IMPAIRED;
  else if (g_str_equal (value, "alert"))
    consciousness = FC_CONSCIOUSNESS_ALERT;
  if (fc_findings_get_consciousness (self->findings) == consciousness)
    return;
  /* The incident re-evaluates the rules; the warnings list follows its model. */
  fc_findings_set_consciousness (self->findings, consciousness);
}

static void
set_incident (FcSummaryPage *self,
              FcIncident    *incident)
{
  if (self->incident == incident)
    return;

  if (self->incident != NULL)
    g_signal_handlers_disconnect_by_data (self->incident, self);
  if (self->findings != NULL)
    g_signal_handlers_disconnect_by_data (self->findings, self);
  if (self->warnings != NULL)
    g_signal_handlers_disconnect_by_data (self->warnings, self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  g_set_object (&self->incident, incident);
  g_hash_table_remove_all (self->expanded);
  for (guint i = 0; i < N_SECTIONS; i++)
    self->sections[i].show_all = FALSE;
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (self->confirm_dialog);
  g_clear_object (&self->findings);
  g_clear_object (&self->warnings);
  if (incident != NULL)
    {
      self->findings = g_object_ref (fc_incident_get_findings (incident));
      self->warnings = g_object_ref (fc_incident_get_warnings (incident));
    }

  gtk_list_box_bind_model (self->warning_list, self->warnings, create_warning_row, self, NULL);

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
      g_signal_connect_object (self->incident, "notify::identity",
                               G_CALLBACK (update_validity), self, G_CONNECT_SWAPPED);
    }
  if (self->findings != NULL)
    g_signal_connect_object (self->findings, "changed",
                             G_CALLBACK (update_findings), self, G_CONNECT_SWAPPED);
  if (self->warnings != NULL)
    g_signal_connect_object (self->warnings, "items-changed",
                             G_CALLBACK (warnings_changed_cb), self, G_CONNECT_SWAPPED);

  set_identity_check (self, "");
  update_summary (self);
  update_findings (self);
}

static void
incident_changed_cb (FcSummaryPage *self)
{
  set_incident (self, self->controller != NULL ?
                      fc_controller_get_incident (self->controller) : NULL);
}

static FcWarningRow *
find_row (FcSummaryPage *self,
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
  FcWarningRow *row = find_row (self, rule_id);
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

/* "Show all (n)": the rest of one section. A history section is already expanded (and
 * audited through fc_incident_expand_history()) when its button is on screen. */
static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  FcSummary *summary;

  if (index >= N_SECTIONS || self->incident == NULL ||
      (summary = fc_incident_get_summary (self->incident)) == NULL)
    return;
  self->sections[index].show_all = TRUE;
  fill_section (self, &self->sections[index], summary);
}

static void
cancel_fetch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_cancel_fetch (self->controller);
}

static void
retry_fetch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_retry_fetch (self->controller);
}

static void
continue_without_record_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);

  if (self->controller != NULL)
    fc_controller_continue_without_card (self->controller);
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
wrong_person_response_cb (FcSummaryPage *self,
                          const char    *response)
{
  if (g_strcmp0 (response, "wrong-person") == 0 && self->controller != NULL)
    fc_controller_wrong_person (self->controller);
}

/* "Wrong person" removes the record: ask once, plainly, with the safe answer as default. */
static void
wrong_person_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (self->controller == NULL || self->incident == NULL ||
      fc_incident_get_summary (self->incident) == NULL)
    return;
  if (self->confirm_dialog != NULL)
    {
      gtk_window_present (self->confirm_dialog);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       /* Translators: heading of the "wrong person" confirmation (別人ですか). */
                                                       _("Not this patient's record?"),
                                                       _("The record and its warnings leave the screen and this tablet at once. Then read the patient's own card, or go on without a record.")));
  adw_message_dialog_add_responses (dialog,
                                    /* Translators: keep the record on screen. */
                                    "cancel", _("Keep the record"),
                                    /* Translators: confirm that the record is someone else's (別人). */
                                    "wrong-person", _("Wrong person: remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "wrong-person", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (wrong_person_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->confirm_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->confirm_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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
glucose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (widget);
  GtkRoot *root;

  if (self->findings == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  root = gtk_widget_get_root (widget);
  self->dialog = fc_glucose_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->findings);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (self->dialog));
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
  GtkWidget *child;

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  if (self->confirm_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->confirm_dialog), (gpointer *) &self->confirm_dialog);
      gtk_window_destroy (self->confirm_dialog);
      self->confirm_dialog = NULL;
    }
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  set_incident (self, NULL);
  g_clear_object (&self->controller);
  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_pointer (&self->sections[i].rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_SUMMARY_PAGE);
  /* The template's top child is not bound: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fc_summary_page_parent_class)->dispose (object);
}

static void
fc_summary_page_finalize (GObject *object)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (object);

  g_free (self->identity_check);
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
    case PROP_CONSCIOUSNESS:
      g_value_set_string (value, self->findings != NULL ?
                          consciousness_to_string (fc_findings_get_consciousness (self->findings)) :
                          "unknown");
      break;
    case PROP_IDENTITY_CHECK:
      g_value_set_string (value, self->identity_check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_summary_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcSummaryPage *self = FC_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONSCIOUSNESS:
      set_consciousness (self, g_value_get_string (value));
      break;
    case PROP_IDENTITY_CHECK:
      set_identity_check (self, g_value_get_string (value));
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
  object_class->set_property = fc_summary_page_set_property;

  properties[PROP_CONSCIOUSNESS] =
    g_param_spec_string ("consciousness", NULL, NULL, "unknown",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY_CHECK] =
    g_param_spec_string ("identity-check", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, content);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, provenance_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, warnings_empty_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, warning_list);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, glucose_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, glucose_value_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, impaired_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, alert_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_box);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_spinner);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_retry_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, fetch_continue_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, sex_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, age_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, validity_row);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, validity_label);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, wrong_person_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, identity_buttons);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, medications_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, conditions_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, allergies_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, history_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, procedures_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, encounters_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, observations_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummaryPage, handover_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "summary.acknowledge", "s", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "summary.expand", "s", expand_action);
  gtk_widget_class_install_action (widget_class, "summary.show-all", "u", show_all_action);
  gtk_widget_class_install_action (widget_class, "summary.cancel-fetch", NULL, cancel_fetch_action);
  gtk_widget_class_install_action (widget_class, "summary.retry-fetch", NULL, retry_fetch_action);
  gtk_widget_class_install_action (widget_class, "summary.continue-without-record", NULL,
                                   continue_without_record_action);
  gtk_widget_class_install_action (widget_class, "summary.wrong-person", NULL, wrong_person_action);
  gtk_widget_class_install_action (widget_class, "summary.expand-history", NULL, expand_history_action);
  gtk_widget_class_install_action (widget_class, "summary.glucose", NULL, glucose_action);
  gtk_widget_class_install_action (widget_class, "summary.handover", NULL, handover_action);
  gtk_widget_class_install_property_action (widget_class, "summary.consciousness", "consciousness");
  gtk_widget_class_install_property_action (widget_class, "summary.identity-check", "identity-check");
}

static void
fc_summary_page_init (FcSummaryPage *self)
{
  self->identity_check = g_strdup ("");
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sections[SECTION_MEDICATIONS] = (Section) { FC_ITEM_MEDICATION, self->medications_group,
                                                    g_ptr_array_new () };
  self->sections[SECTION_CONDITIONS] = (Section) { FC_ITEM_CONDITION, self->conditions_group,
                                                   g_ptr_array_new () };
  self->sections[SECTION_ALLERGIES] = (Section) { FC_ITEM_ALLERGY, self->allergies_group,
                                                  g_ptr_array_new () };
  self->sections[SECTION_PROCEDURES] = (Section) { FC_ITEM_PROCEDURE, self->procedures_group,
                                                   g_ptr_array_new () };
  self->sections[SECTION_ENCOUNTERS] = (Section) { FC_ITEM_ENCOUNTER, self->encounters_group,
                                                   g_ptr_array_new () };
  self->sections[SECTION_OBSERVATIONS] = (Section) { FC_ITEM_OBSERVATION, self->observations_group,
                                                     g_ptr_array_new () };
  update_summary (self);
  update_findings (self);
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
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::incident",
                               G_CALLBACK (incident_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::fetch-state",
                               G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
    }
  incident_changed_cb (self);
}

GPtrArray *
fc_summary_page_get_warning_rows (FcSummaryPage *self)
{
  GPtrArray *rows;
  GtkListBoxRow *row;

  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);

  rows = g_ptr_array_new ();
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->warning_list, i)) != NULL; i++)
    if (FC_IS_WARNING_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

GPtrArray *
fc_summary_page_get_warning_labels (FcSummaryPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *labels;

  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);

  rows = fc_summary_page_get_warning_rows (self);
  labels = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (labels, fc_warning_row_get_message_label (g_ptr_array_index (rows, i)));
  return labels;
}

GtkWidget *
fc_summary_page_get_glucose_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return GTK_WIDGET (self->glucose_button);
}

GtkWidget *
fc_summary_page_get_consciousness_button (FcSummaryPage *self,
                                          const char    *value)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (g_str_equal (value, "impaired"))
    return GTK_WIDGET (self->impaired_button);
  if (g_str_equal (value, "alert"))
    return GTK_WIDGET (self->alert_button);
  return NULL;
}

GtkWidget *
fc_summary_page_get_handover_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return GTK_WIDGET (self->handover_button);
}

FcGlucoseDialog *
fc_summary_page_get_glucose_dialog (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->dialog;
}

GtkLabel *
fc_summary_page_get_status_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->status_label;
}

GtkWidget *
fc_summary_page_get_content (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->content;
}

FcWarningRow *
fc_summary_page_get_warning_row (FcSummaryPage *self,
                                 const char    *rule_id)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);
  return find_row (self, rule_id);
}

GtkWidget *
fc_summary_page_get_wrong_person_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->wrong_person_button;
}

AdwMessageDialog *
fc_summary_page_get_wrong_person_dialog (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->confirm_dialog != NULL ? ADW_MESSAGE_DIALOG (self->confirm_dialog) : NULL;
}

GtkWidget *
fc_summary_page_get_fetch_button (FcSummaryPage *self,
                                  const char    *which)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  if (g_str_equal (which, "cancel"))
    return self->fetch_cancel_button;
  if (g_str_equal (which, "retry"))
    return self->fetch_retry_button;
  if (g_str_equal (which, "continue"))
    return self->fetch_continue_button;
  return NULL;
}

GtkLabel *
fc_summary_page_get_fetch_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->fetch_label;
}

GtkLabel *
fc_summary_page_get_provenance_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->provenance_label;
}

GtkWidget *
fc_summary_page_get_history_button (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->history_button;
}

guint
fc_summary_page_get_section_row_count (FcSummaryPage *self,
                                       FcItemKind     kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), 0);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].kind == kind)
      return self->sections[i].rows->len;
  return 0;
}

GtkWidget *
fc_summary_page_get_show_all_button (FcSummaryPage *self,
                                     FcItemKind     kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].kind == kind && self->sections[i].rows->len > 0)
      {
        GtkWidget *last = g_ptr_array_index (self->sections[i].rows, self->sections[i].rows->len - 1);

        return GTK_IS_BUTTON (last) ? last : NULL;
      }
  return NULL;
}

GtkLabel *
fc_summary_page_get_validity_label (FcSummaryPage *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_PAGE (self), NULL);
  return self->validity_label;
}
