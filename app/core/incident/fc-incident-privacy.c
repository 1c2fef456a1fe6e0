/* fc-incident-privacy.c: the incident's audit log, cache, section views and access receipt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-incident-private.h"
#include "fc-log.h"
#include "fc-jpki.h"
#include "fc-core-enums.h"

/* The waiver reason as a short code for the audit: free text (which could describe the patient)
 * never goes in. */
const char *
fc_incident_reason_code (const char *reason)
{
  gsize len = strlen (reason);

  if (len > 32)
    return "other-text";
  for (const char *p = reason; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return "other-text";
  return reason;
}

void
fc_incident_set_audit_error (FcIncident *self,
                             const char *message)
{
  if (g_strcmp0 (self->audit_error, message) == 0)
    return;
  g_free (self->audit_error);
  self->audit_error = g_strdup (message);
  fc_incident_notify (self, PROP_AUDIT_ERROR);
}

void
fc_incident_set_history_expanded (FcIncident *self,
                                  gboolean    expanded)
{
  if (self->history_expanded == expanded)
    return;
  self->history_expanded = expanded;
  fc_incident_notify (self, PROP_HISTORY_EXPANDED);
}

const char *
fc_incident_effective_unit_id (FcIncident *self)
{
  if (self->unit_id != NULL)
    return self->unit_id;
  /* The timeline's unit is set at construction and never changes. */
  if (self->timeline_unit_id == NULL && self->timeline != NULL)
    g_object_get (self->timeline, "unit-id", &self->timeline_unit_id, NULL);
  return self->timeline_unit_id;
}

void
fc_incident_touch_access (FcIncident *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->first_access == NULL)
    self->first_access = g_date_time_ref (now);
  g_clear_pointer (&self->last_access, g_date_time_unref);
  self->last_access = g_steal_pointer (&now);
}

/* Appends one audit entry about the patient whose certificate hash is @sha256_hex (nullable).
 * A failed write never blocks care: it is reported through "audit-error". */
void
fc_incident_audit (FcIncident *self,
                   const char *action,
                   const char *sha256_hex,
                   const char *detail)
{
  g_autoptr(GError) error = NULL;
  gint64 seq;

  if (self->audit == NULL)
    return;

  seq = fc_audit_append (self->audit, action, fc_incident_effective_unit_id (self), self->crew_id,
                         fc_timeline_get_incident_id (self->timeline), self->consent,
                         sha256_hex, detail, &error);
  if (seq < 0)
    {
      g_autofree char *message = g_strdup_printf (_("The access log could not be written: %s"),
                                                  error->message);

      fc_incident_set_audit_error (self, message);
      return;
    }

  if (self->first_audit_seq == 0)
    self->first_audit_seq = seq;
  self->last_audit_seq = seq;
  fc_incident_set_audit_error (self, NULL);
}

const char *
fc_incident_identity_sha256 (FcIncident *self)
{
  return self->identity != NULL ? fc_card_identity_get_sha256_hex (self->identity) : NULL;
}

static const char *
item_kind_nick (FcItemKind kind)
{
  GEnumClass *klass = g_type_class_ref (FC_TYPE_ITEM_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);
  const char *nick = value != NULL ? value->value_nick : "other";

  /* Enum classes are never freed once referenced; the nick stays valid. */
  g_type_class_unref (klass);
  return nick;
}

/* Destroys this incident's cached copies (crypto-shred). */
void
fc_incident_shred_cache (FcIncident *self)
{
  g_autoptr(GError) error = NULL;

  if (self->cache == NULL)
    return;
  if (!fc_cache_destroy (self->cache, fc_timeline_get_incident_id (self->timeline), &error))
    g_warning ("Could not destroy the cached copy of incident %s: %s",
               fc_timeline_get_incident_id (self->timeline), error->message);
}

FcAudit *
fc_incident_get_audit (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->audit;
}

void
fc_incident_set_audit (FcIncident *self,
                       FcAudit    *audit_log)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (audit_log == NULL || FC_IS_AUDIT (audit_log));

  if (g_set_object (&self->audit, audit_log))
    fc_incident_notify (self, PROP_AUDIT);
}

FcCache *
fc_incident_get_cache (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->cache;
}

void
fc_incident_set_cache (FcIncident *self,
                       FcCache    *cache)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (cache == NULL || FC_IS_CACHE (cache));

  if (g_set_object (&self->cache, cache))
    fc_incident_notify (self, PROP_CACHE);
}

const char *
fc_incident_get_unit_id (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return fc_incident_effective_unit_id (self);
}

void
fc_incident_set_unit_id (FcIncident *self,
                         const char *unit_id)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (g_strcmp0 (self->unit_id, unit_id) == 0)
    return;
  g_free (self->unit_id);
  self->unit_id = g_strdup (unit_id);
  fc_incident_notify (self, PROP_UNIT_ID);
}

const char *
fc_incident_get_crew_id (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->crew_id;
}

void
fc_incident_set_crew_id (FcIncident *self,
                         const char *crew_id)
{
  g_return_if_fail (FC_IS_INCIDENT (self));

  if (g_strcmp0 (self->crew_id, crew_id) == 0)
    return;
  g_free (self->crew_id);
  self->crew_id = g_strdup (crew_id);
  fc_incident_notify (self, PROP_CREW_ID);
}

const char *
fc_incident_get_audit_error (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);
  return self->audit_error;
}

gboolean
fc_incident_get_history_expanded (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  return self->history_expanded;
}

gboolean
fc_incident_kind_is_history (FcItemKind kind)
{
  return kind == FC_ITEM_PROCEDURE || kind == FC_ITEM_ENCOUNTER || kind == FC_ITEM_OBSERVATION;
}

gboolean
fc_incident_expand_history (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);

  if (self->summary == NULL)
    return FALSE;
  if (self->history_expanded)
    return TRUE;

  fc_incident_set_history_expanded (self, TRUE);
  self->receipt_history = TRUE;
  fc_incident_touch_access (self);
  fc_incident_audit (self, FC_AUDIT_ACTION_EXPAND_HISTORY, fc_incident_identity_sha256 (self), NULL);
  return TRUE;
}

gboolean
fc_incident_view_section (FcIncident *self,
                          FcItemKind  kind)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (FC_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (kind <= FC_ITEM_OTHER, FALSE);

  if (self->summary == NULL)
    return FALSE;
  if (fc_incident_kind_is_history (kind) && !fc_incident_expand_history (self))
    return FALSE;
  if ((self->viewed_kinds & (1u << kind)) != 0)
    return TRUE;

  self->viewed_kinds |= 1u << kind;
  self->receipt_kinds |= 1u << kind;
  fc_incident_touch_access (self);
  detail = g_strdup_printf ("section=%s", item_kind_nick (kind));
  fc_incident_audit (self, FC_AUDIT_ACTION_VIEW_SECTION, fc_incident_identity_sha256 (self), detail);
  return TRUE;
}

static const char *
section_label (FcItemKind kind)
{
  switch (kind)
    {
    case FC_ITEM_MEDICATION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("medicines");
    case FC_ITEM_CONDITION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("conditions");
    case FC_ITEM_ALLERGY:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("allergies");
    case FC_ITEM_PROCEDURE:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("procedures");
    case FC_ITEM_ENCOUNTER:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("hospital visits");
    case FC_ITEM_OBSERVATION:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("test results");
    case FC_ITEM_OTHER:
    default:
      /* Translators: a section of the record, listed on the patient's access receipt. */
      return _("other entries");
    }
}

char *
fc_incident_build_receipt (FcIncident *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *viewed = NULL;
  const char *unit;

  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);

  if (!self->accessed || self->first_access == NULL)
    return NULL;

  text = g_string_new (NULL);
  /* Translators: title of the receipt given to the patient after handover. */
  g_string_append_printf (text, "%s\n", _("FieldCard — record access receipt"));
  g_string_append_printf (text, "%s\n\n",
                          _("Your medical record summary was read for your emergency care."));

  unit = fc_incident_effective_unit_id (self);
  /* Translators: %s is the ambulance unit's id. */
  g_string_append_printf (text, _("Unit: %s"), unit != NULL ? unit : _("not set"));
  g_string_append_c (text, '\n');
  if (self->crew_id != NULL)
    {
      /* Translators: %s is the crew's id. */
      g_string_append_printf (text, _("Crew: %s"), self->crew_id);
      g_string_append_c (text, '\n');
    }

  from = g_date_time_format (self->first_access, "%Y-%m-%d %H:%M");
  to = g_date_time_format (self->last_access != NULL ? self->last_access : self->first_access,
                           "%H:%M (UTC%:z)");
  /* Translators: when the record was read: "2026-05-01 10:32 – 10:58 (UTC+09:00)". */
  g_string_append_printf (text, _("When: %s – %s"), from, to);
  g_string_append_c (text, '\n');

  if (self->consent == FC_CONSENT_WAIVED_UNABLE)
    g_string_append_printf (text, "%s\n",
                            _("Consent: you could not decide at the time; the record was read "
                              "under the emergency waiver, which the privacy officer reviews."));
  else
    g_string_append_printf (text, "%s\n", _("Consent: given by you."));

  sections = g_ptr_array_new ();
  for (guint kind = 0; kind < FC_N_ITEM_KINDS; kind++)
    if ((self->receipt_kinds & (1u << kind)) != 0)
      g_ptr_array_add (sections, (gpointer) section_label (kind));
  if (self->receipt_history)
    for (guint kind = 0; kind < FC_N_ITEM_KINDS; kind++)
      if (fc_incident_kind_is_history (kind) && (self->receipt_kinds & (1u << kind)) == 0)
        g_ptr_array_add (sections, (gpointer) section_label (kind));
  g_ptr_array_add (sections, NULL);
  if (sections->len > 1)
    /* Translators: the separator between section names on the receipt. */
    viewed = g_strjoinv (_(", "), (char **) sections->pdata);
  else
    /* Translators: on the receipt, when the card was read but no section was shown. */
    viewed = g_strdup (_("none (the card was read, the record was not shown)"));
  /* Translators: %s lists the sections viewed, e.g. "medicines, conditions, allergies". */
  g_string_append_printf (text, _("Viewed: %s"), viewed);
  g_string_append_c (text, '\n');
  if (!self->receipt_history)
    g_string_append_printf (text, "%s\n", _("Your full history of visits and tests was not opened."));

  g_string_append_c (text, '\n');
  if (self->first_audit_seq > 0)
    {
      g_autofree char *range = g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                                                self->first_audit_seq, self->last_audit_seq);

      /* Translators: the first %s is the incident id, the second the access log entries. */
      g_string_append_printf (text, _("Reference: %s (access log %s)"),
                              fc_timeline_get_incident_id (self->timeline), range);
    }
  else
    {
      /* Translators: %s is the incident id. */
      g_string_append_printf (text, _("Reference: %s"),
                              fc_timeline_get_incident_id (self->timeline));
    }
  g_string_append_c (text, '\n');
  g_string_append (text, _("To learn who saw your record, ask the fire department’s privacy "
                           "officer and quote this reference."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

FcSummarySource *
fc_incident_get_summary_source (FcIncident *self)
{
  g_return_val_if_fail (FC_IS_INCIDENT (self), NULL);

  return self->summary_source;
}

void
fc_incident_set_summary_source (FcIncident      *self,
                                FcSummarySource *source)
{
  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (source == NULL || FC_IS_SUMMARY_SOURCE (source));

  if (g_set_object (&self->summary_source, source))
    fc_incident_notify (self, PROP_SUMMARY_SOURCE);
}

/* Every text of the record a developer might write into a g_debug(): the items as written, their
 * details (doses, results) and the display names of their codes. The codes themselves are caught
 * by fc-log.c's patterns. */
void
fc_incident_mask_record_in_logs (FcIncident *self)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GListModel *items = self->summary != NULL ? fc_summary_get_items (self->summary) : NULL;

  fc_incident_unmask_record_in_logs (self);
  if (items == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);
      GPtrArray *codings = fc_summary_item_get_codings (item);

      const char *text[] = { fc_summary_item_get_text (item), fc_summary_item_get_detail (item) };

      for (guint k = 0; k < G_N_ELEMENTS (text); k++)
        if (text[k] != NULL)
          g_ptr_array_add (texts, (gpointer) text[k]);
      for (guint j = 0; codings != NULL && j < codings->len; j++)
        if (((FcCoding *) g_ptr_array_index (codings, j))->display != NULL)
          g_ptr_array_add (texts, ((FcCoding *) g_ptr_array_index (codings, j))->display);
    }
  g_ptr_array_add (texts, NULL);
  self->log_mask_token = fc_log_set_record_texts ((const char * const *) texts->pdata);
}

void
fc_incident_unmask_record_in_logs (FcIncident *self)
{
  if (self->log_mask_token != 0)
    fc_log_clear_record_texts (self->log_mask_token);
  self->log_mask_token = 0;
}
