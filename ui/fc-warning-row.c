/* fc-warning-row.c: one decision-support warning as a tappable card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-warning-row"

#include "config.h"

#include "fc-warning-row.h"

#include <glib/gi18n-lib.h>

struct _FcWarningRow
{
  GtkListBoxRow  parent_instance;

  FcWarning     *warning;   /* (owned) */

  GtkImage      *severity_icon;
  GtkLabel      *severity_label;
  GtkLabel      *inferred_badge;
  GtkLabel      *rule_label;
  GtkLabel      *message_label;
  GtkLabel      *ack_label;
  GtkImage      *expander_icon;
  GtkRevealer   *revealer;
  GtkWidget     *details;
  GtkBox        *evidence_box;
  GtkWidget     *checks_heading;
  GtkBox        *checks_box;
  GtkLabel      *sources_label;
  GtkButton     *ack_button;

  gboolean       expanded;
  gboolean       details_filled; /* the details are built on first expand (issue 9) */
};

G_DEFINE_FINAL_TYPE (FcWarningRow, fc_warning_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_WARNING,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
needs_acknowledgement (FcWarningRow *self)
{
  return fc_warning_get_severity (self->warning) == FC_SEVERITY_CRITICAL;
}

static void
update_acknowledged (FcWarningRow *self)
{
  gboolean ack = fc_warning_get_acknowledged (self->warning);

  if (ack)
    {
      /* Translators: shown on a warning after the crew confirmed it (確認済み). */
      gtk_label_set_text (self->ack_label, _("✓ Confirmed"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "acknowledged");
    }
  else
    {
      if (self->expanded)
        gtk_label_set_text (self->ack_label, needs_acknowledgement (self) ?
                            /* Translators: hint on an open critical warning. */
                            _("Check, then tap Acknowledge. Tap the warning to close.") :
                            /* Translators: hint on an open warning. */
                            _("Tap the warning to close."));
      else
        gtk_label_set_text (self->ack_label, needs_acknowledgement (self) ?
                            /* Translators: hint on a closed critical warning; no hover, so say it. */
                            _("Tap for the reason and what to check, then acknowledge") :
                            /* Translators: hint on a closed warning; no hover, so say it. */
                            _("Tap for the reason and what to check"));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "acknowledged");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ack_button), needs_acknowledgement (self) && !ack);
}

static GtkWidget *
detail_label_new (const char *text,
                  const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

/* One evidence item: "• Glimepiride tablet 1 mg", then "2025-01-10 · claims", and the 疑い
 * label for an unconfirmed condition. */
static GtkWidget *
evidence_item_new (FcSummaryItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *title = g_strdup_printf ("• %s", fc_summary_item_get_text (item));
  g_autofree char *meta = NULL;
  const char *date = fc_summary_item_get_date (item);
  const char *label = fc_warning_item_label (item, fc_warning_row_language ());
  GtkWidget *title_label = detail_label_new (title, "evidence-text");

  gtk_widget_set_hexpand (title_label, TRUE);
  gtk_box_append (GTK_BOX (title_box), title_label);
  if (label != NULL)
    {
      GtkWidget *badge = gtk_label_new (label);

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "suspected-badge");
      gtk_box_append (GTK_BOX (title_box), badge);
    }
  gtk_box_append (GTK_BOX (box), title_box);

  /* Translators: "date · source" under an evidence item; the first %s is a date. */
  meta = g_strdup_printf (_("%s · %s"), date != NULL ? date : _("date unknown"),
                          fc_warning_row_source_label (fc_summary_item_get_source (item)));
  gtk_box_append (GTK_BOX (box), detail_label_new (meta, "evidence-meta"));
  gtk_widget_add_css_class (box, "evidence-item");
  return box;
}

/* "bgl=not measured" → "Blood glucose: not measured"; unknown codes are shown as they are. */
static char *
finding_text (const char *finding)
{
  g_auto(GStrv) parts = g_strsplit (finding, "=", 2);
  const char *key;
  const char *value;
  const char *name = NULL;

  if (g_strv_length (parts) != 2)
    return g_strdup (finding);
  key = parts[0];
  value = parts[1];

  if (g_str_equal (key, "consciousness"))
    {
      /* Translators: a crew finding named in a warning's evidence. */
      name = _("Consciousness");
      if (g_str_equal (value, "impaired"))
        /* Translators: value of the consciousness finding (意識障害あり). */
        value = _("impaired");
      else if (g_str_equal (value, "alert"))
        /* Translators: value of the consciousness finding (意識清明). */
        value = _("alert");
    }
  else if (g_str_equal (key, "bgl"))
    {
      /* Translators: a crew finding named in a warning's evidence (血糖値). */
      name = _("Blood glucose");
      if (g_str_equal (value, "not measured"))
        /* Translators: blood glucose not measured yet (未測定). */
        value = _("not measured");
    }
  else if (g_str_equal (key, "age"))
    /* Translators: a crew finding: the age the crew entered. */
    name = _("Age (entered)");
  else if (g_str_equal (key, "head-injury"))
    /* Translators: a crew finding (頭部外傷). */
    name = _("Head injury");
  else if (g_str_equal (key, "bleeding"))
    /* Translators: a crew finding (出血). */
    name = _("Bleeding");
  else if (g_str_equal (key, "anaphylaxis"))
    /* Translators: a crew finding (アナフィラキシー). */
    name = _("Anaphylaxis");
  else if (g_str_equal (key, "seizure"))
    /* Translators: a crew finding (けいれん). */
    name = _("Seizure");
  if (g_str_equal (value, "yes"))
    /* Translators: a crew finding is present. */
    value = _("yes");

  /* Translators: a crew finding in a warning's evidence: "Blood glucose: 42 mg/dL". */
  return g_strdup_printf (_("%s: %s"), name != NULL ? name : key, value);
}

static void
fill_details (FcWarningRow *self)
{
  if (self->details_filled || self->warning == NULL)
    return;
  self->details_filled = TRUE;
  gtk_widget_set_visible (self->details, TRUE);

  GPtrArray *evidence = fc_warning_get_evidence (self->warning);
  GStrv findings = fc_warning_get_finding_evidence (self->warning);
  GStrv checks = fc_warning_get_checks (self->warning, NULL);
  GStrv sources = fc_warning_get_sources (self->warning);
  guint shown = 0;

  for (guint i = 0; evidence != NULL && i < evidence->len; i++, shown++)
    gtk_box_append (self->evidence_box, evidence_item_new (g_ptr_array_index (evidence, i)));
  for (guint i = 0; findings != NULL && findings[i] != NULL; i++, shown++)
    {
      g_autofree char *finding = finding_text (findings[i]);
      /* Translators: evidence from what the crew entered, e.g. "Crew finding: Blood glucose: 42 mg/dL". */
      g_autofree char *text = g_strdup_printf (_("• Crew finding: %s"), finding);
      gtk_box_append (self->evidence_box, detail_label_new (text, "evidence-text"));
    }
  if (shown == 0)
    gtk_box_append (self->evidence_box,
                    /* Translators: a warning without record items behind it. */
                    detail_label_new (_("No record item is named for this warning."), "evidence-meta"));

  for (guint i = 0; checks != NULL && checks[i] != NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("☐ %s", checks[i]);
      gtk_box_append (self->checks_box, detail_label_new (text, "check-item"));
    }
  gtk_widget_set_visible (self->checks_heading, checks != NULL && checks[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->checks_box), checks != NULL && checks[0] != NULL);

  if (sources != NULL && sources[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", sources);
      /* Translators: the references a rule is based on, e.g. "Sources: S10, S12". */
      g_autofree char *text = g_strdup_printf (_("Sources: %s"), joined);
      gtk_label_set_text (self->sources_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sources_label), sources != NULL && sources[0] != NULL);
}

static void
fc_warning_row_constructed (GObject *object)
{
  FcWarningRow *self = FC_WARNING_ROW (object);
  const char *icon = "dialog-information-symbolic";
  const char *css = "info";
  const char *label = NULL;

  G_OBJECT_CLASS (fc_warning_row_parent_class)->constructed (object);

  g_assert (FC_IS_WARNING (self->warning));

  switch (fc_warning_get_severity (self->warning))
    {
    case FC_SEVERITY_CRITICAL:
      icon = "dialog-error-symbolic";
      css = "critical";
      /* Translators: severity of a warning (重要). */
      label = _("Critical");
      break;
    case FC_SEVERITY_CAUTION:
      icon = "dialog-warning-symbolic";
      css = "caution";
      /* Translators: severity of a warning (注意). */
      label = _("Caution");
      break;
    case FC_SEVERITY_INFO:
    default:
      /* Translators: severity of a warning (情報). */
      label = _("Info");
      break;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self), css);
  gtk_image_set_from_icon_name (self->severity_icon, icon);
  gtk_label_set_text (self->severity_label, label);
  gtk_label_set_text (self->rule_label, fc_warning_get_rule_id (self->warning));
  gtk_label_set_text (self->message_label, fc_warning_get_message (self->warning));
  gtk_widget_set_visible (GTK_WIDGET (self->inferred_badge),
                          fc_warning_get_inferred (self->warning));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s",
                                    fc_warning_get_rule_id (self->warning));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->ack_button), "s",
                                    fc_warning_get_rule_id (self->warning));
  /* The details (evidence, checks, sources) are built when the row is first opened: a warning
   * over a long record can name dozens of items, and hidden rows would slow the first frame. */
  self->details_filled = FALSE;

  g_signal_connect_object (self->warning, "notify::acknowledged",
                           G_CALLBACK (update_acknowledged), self, G_CONNECT_SWAPPED);
  update_acknowledged (self);
}

static void
fc_warning_row_dispose (GObject *object)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WARNING_ROW);
  g_clear_object (&self->warning);

  G_OBJECT_CLASS (fc_warning_row_parent_class)->dispose (object);
}

static void
fc_warning_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  switch (prop_id)
    {
    case PROP_WARNING:
      g_value_set_object (value, self->warning);
      break;
    case PROP_EXPANDED:
      g_value_set_boolean (value, self->expanded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FcWarningRow *self = FC_WARNING_ROW (object);

  switch (prop_id)
    {
    case PROP_WARNING:
      self->warning = g_value_dup_object (value);
      break;
    case PROP_EXPANDED:
      fc_warning_row_set_expanded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_warning_row_class_init (FcWarningRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fc_warning_row_constructed;
  object_class->dispose = fc_warning_row_dispose;
  object_class->get_property = fc_warning_row_get_property;
  object_class->set_property = fc_warning_row_set_property;

  properties[PROP_WARNING] =
    g_param_spec_object ("warning", NULL, NULL, FC_TYPE_WARNING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/fc-warning-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, severity_icon);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, inferred_badge);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, rule_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, ack_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, expander_icon);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, revealer);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, details);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, checks_heading);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, checks_box);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, sources_label);
  gtk_widget_class_bind_template_child (widget_class, FcWarningRow, ack_button);
}

static void
fc_warning_row_init (FcWarningRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fc_warning_row_new (FcWarning  *warning,
                    const char *action_name)
{
  g_return_val_if_fail (FC_IS_WARNING (warning), NULL);

  return g_object_new (FC_TYPE_WARNING_ROW,
                       "warning", warning,
                       "action-name", action_name,
                       NULL);
}

FcWarning *
fc_warning_row_get_warning (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return self->warning;
}

GtkLabel *
fc_warning_row_get_message_label (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return self->message_label;
}

GtkWidget *
fc_warning_row_get_inferred_badge (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return GTK_WIDGET (self->inferred_badge);
}

gboolean
fc_warning_row_get_expanded (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), FALSE);
  return self->expanded;
}

void
fc_warning_row_set_expanded (FcWarningRow *self,
                             gboolean      expanded)
{
  g_return_if_fail (FC_IS_WARNING_ROW (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;
  self->expanded = expanded;
  if (expanded)
    fill_details (self);
  gtk_revealer_set_reveal_child (self->revealer, expanded);
  gtk_image_set_from_icon_name (self->expander_icon,
                                expanded ? "pan-up-symbolic" : "pan-down-symbolic");
  if (self->warning != NULL)
    update_acknowledged (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

GtkWidget *
fc_warning_row_get_details (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  fill_details (self);
  return GTK_WIDGET (self->revealer);
}

GtkWidget *
fc_warning_row_get_evidence_box (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  fill_details (self);
  return GTK_WIDGET (self->evidence_box);
}

GtkWidget *
fc_warning_row_get_acknowledge_button (FcWarningRow *self)
{
  g_return_val_if_fail (FC_IS_WARNING_ROW (self), NULL);
  return GTK_WIDGET (self->ack_button);
}

const char *
fc_warning_row_language (void)
{
  /* The same choice as fc_warning_get_message(): Japanese when the first UI language is. */
  const char * const *languages = g_get_language_names ();

  return languages != NULL && languages[0] != NULL && g_str_has_prefix (languages[0], "ja") ?
         "ja" : "en";
}

const char *
fc_warning_row_source_label (const char *source)
{
  if (source == NULL)
    /* Translators: the source of a summary item is not known. */
    return _("source unknown");
  if (g_str_equal (source, "claims"))
    /* Translators: item source: health-insurance claims (レセプト). */
    return _("claims");
  if (g_str_equal (source, "e-prescription"))
    /* Translators: item source: electronic prescription (電子処方箋). */
    return _("e-prescription");
  if (g_str_equal (source, "shared-record"))
    /* Translators: item source: shared clinical record (電子カルテ情報共有). */
    return _("shared record");
  return source;
}
