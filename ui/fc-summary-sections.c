/* fc-summary-sections.c: the record on the summary page, section by section.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-sections"

#include "config.h"

#include "fc-summary-sections.h"

#include <glib/gi18n-lib.h>

#include "fc-warning-row.h"

typedef struct
{
  FcItemKind            kind;
  AdwPreferencesGroup  *group;    /* (unowned) */
  GPtrArray            *rows;     /* (owned) (element-type GtkWidget) (unowned items) */
  gboolean              show_all; /* the crew tapped "Show all (n)" */
} Section;

/* Rows built per section before "Show all (n)": a record of hundreds of items must not build
 * them all up front (issue 9). */
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

struct _FcSummarySections
{
  GtkWidget            parent_instance;

  FcSummary           *summary;   /* (owned) (nullable): the record shown */
  gboolean             history;   /* the full history is shown */
  gboolean             shown;     /* fc_summary_sections_show() was called */
  Section              sections[N_SECTIONS];

  GtkWidget           *box;
  AdwPreferencesGroup *medications_group;
  AdwPreferencesGroup *conditions_group;
  AdwPreferencesGroup *allergies_group;
  GtkWidget           *history_button;
  AdwPreferencesGroup *procedures_group;
  AdwPreferencesGroup *encounters_group;
  AdwPreferencesGroup *observations_group;
};

G_DEFINE_FINAL_TYPE (FcSummarySections, fc_summary_sections, GTK_TYPE_WIDGET)

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

/* Record rows are plain vertical boxes (title, badges, "date · source") in an
 * AdwPreferencesRow: AdwActionRow puts its wrapping labels in a horizontal box, which GTK 4.8
 * measures by a search over heights with a search over widths inside (issue 9). */
static GtkWidget *
row_label_new (const char *text,
               const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A minimum width in characters: without one GTK measures the label's minimum at width 0,
   * one character per line, the costliest layout of all (issue 9). */
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
text_row_new (const char *title,
              const char *subtitle,
              GtkWidget  *badges,
              const char *css)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, css);
  gtk_widget_add_css_class (box, "text-row");
  gtk_box_append (GTK_BOX (box), row_label_new (title, "title"));
  if (badges != NULL)
    gtk_box_append (GTK_BOX (box), badges);
  if (subtitle != NULL)
    gtk_box_append (GTK_BOX (box), row_label_new (subtitle, "subtitle"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
add_badge (GtkWidget  **badges,
           const char  *text,
           const char  *css)
{
  GtkWidget *label = gtk_label_new (text);

  if (*badges == NULL)
    *badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (label, css);
  gtk_box_append (GTK_BOX (*badges), label);
}

static GtkWidget *
item_row_new (FcSummaryItem *item)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *date = fc_summary_item_get_date (item);
  const char *detail = fc_summary_item_get_detail (item);
  const char *status = fc_summary_item_get_status (item);
  GtkWidget *badges = NULL;

  if (detail != NULL && *detail != '\0')
    {
      g_string_append (subtitle, detail);
      g_string_append (subtitle, "\n");
    }
  /* Translators: "date · source" under a summary item; the first %s is a date. */
  g_string_append_printf (subtitle, _("%s · %s"),
                          date != NULL ? date : _("date unknown"),
                          fc_warning_row_source_label (fc_summary_item_get_source (item)));

  if (fc_summary_item_get_kind (item) == FC_ITEM_CONDITION &&
      g_strcmp0 (status, "unconfirmed") == 0)
    /* Translators: badge on a condition that is not confirmed (疑い). */
    add_badge (&badges, _("Suspected"), "suspected-badge");
  if (g_strcmp0 (status, "resolved") == 0)
    /* Translators: badge on a condition that is over (治癒). */
    add_badge (&badges, _("Resolved"), "resolved-badge");
  if (fc_summary_item_get_kind (item) == FC_ITEM_ALLERGY &&
      g_strcmp0 (fc_summary_item_get_criticality (item), "high") == 0)
    /* Translators: badge on a high-criticality allergy / contraindication (禁忌). */
    add_badge (&badges, _("High risk"), "critical-badge");

  return text_row_new (fc_summary_item_get_text (item), subtitle->str, badges, "summary-item");
}

static void
fill_section (FcSummarySections *self,
              Section           *section,
              FcSummary         *summary)
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
        /* Translators: the source said explicitly that there is nothing in this section. */
        add_row (section, text_row_new (_("None known"), _("The record says there are none."),
                                        NULL, "none-known"));
        return;
      }
    case FC_SECTION_NO_INFORMATION:
      {
        /* Translators: the source said nothing about this section (not the same as "none"). */
        add_row (section, text_row_new (_("No information"),
                                        _("The record says nothing here. That does not mean there are none: ask the patient or family."),
                                        NULL, "no-information"));
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
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sections.show-all");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", (guint32) (section - self->sections));
      gtk_widget_set_margin_top (button, 6);
      gtk_widget_add_css_class (button, "show-all-button");
      add_row (section, button);
    }
}

/* "Show all (n)": the rest of one section. A history section is already expanded (and
 * audited through fc_incident_expand_history()) when its button is on screen. */
static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcSummarySections *self = FC_SUMMARY_SECTIONS (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index >= N_SECTIONS || self->summary == NULL)
    return;
  self->sections[index].show_all = TRUE;
  fill_section (self, &self->sections[index], self->summary);
}

static void
fc_summary_sections_dispose (GObject *object)
{
  FcSummarySections *self = FC_SUMMARY_SECTIONS (object);

  g_clear_object (&self->summary);
  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_pointer (&self->sections[i].rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_SUMMARY_SECTIONS);

  G_OBJECT_CLASS (fc_summary_sections_parent_class)->dispose (object);
}

static void
fc_summary_sections_class_init (FcSummarySectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_summary_sections_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-summary-sections.ui");
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, box);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, medications_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, conditions_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, allergies_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, history_button);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, procedures_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, encounters_group);
  gtk_widget_class_bind_template_child (widget_class, FcSummarySections, observations_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "sections.show-all", "u", show_all_action);
}

static void
fc_summary_sections_init (FcSummarySections *self)
{
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
  fc_summary_sections_show (self, NULL, FALSE);
}

FcSummarySections *
fc_summary_sections_new (void)
{
  return g_object_new (FC_TYPE_SUMMARY_SECTIONS, NULL);
}

void
fc_summary_sections_show (FcSummarySections *self,
                          FcSummary         *summary,
                          gboolean           history)
{
  g_return_if_fail (FC_IS_SUMMARY_SECTIONS (self));
  g_return_if_fail (summary == NULL || FC_IS_SUMMARY (summary));

  history = summary != NULL && history;
  /* The incident notifies often (state, errors): rebuild only when something shown changed. */
  if (self->shown && self->summary == summary && self->history == history)
    return;
  if (self->summary != summary)
    for (guint i = 0; i < N_SECTIONS; i++)
      self->sections[i].show_all = FALSE;
  g_set_object (&self->summary, summary);
  self->history = history;
  self->shown = TRUE;

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      gboolean visible = summary != NULL &&
                         (!fc_incident_kind_is_history (self->sections[i].kind) || history);

      fill_section (self, &self->sections[i], visible ? summary : NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->sections[i].group), visible);
    }
  gtk_widget_set_visible (self->history_button, summary != NULL && !history);
}

guint
fc_summary_sections_get_row_count (FcSummarySections *self,
                                   FcItemKind         kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_SECTIONS (self), 0);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].kind == kind)
      return self->sections[i].rows->len;
  return 0;
}

GtkWidget *
fc_summary_sections_get_show_all_button (FcSummarySections *self,
                                         FcItemKind         kind)
{
  g_return_val_if_fail (FC_IS_SUMMARY_SECTIONS (self), NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].kind == kind && self->sections[i].rows->len > 0)
      {
        GtkWidget *last = g_ptr_array_index (self->sections[i].rows, self->sections[i].rows->len - 1);

        return GTK_IS_BUTTON (last) ? last : NULL;
      }
  return NULL;
}

GtkWidget *
fc_summary_sections_get_history_button (FcSummarySections *self)
{
  g_return_val_if_fail (FC_IS_SUMMARY_SECTIONS (self), NULL);
  return self->history_button;
}
