/* fc-fhir-resources.c: one reader per clinical resource type of the FHIR reader.
 *
 * MedicationStatement / Request / Dispense / Administration, Condition, AllergyIntolerance,
 * Procedure, Encounter and Observation become items of their kind; any other type an
 * FC_ITEM_OTHER item named after the type. Every item gets its codings, resource id, source,
 * status and date in new_item(); the readers add what is particular to their type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fhir-reader"

#include "config.h"

#include "fc-fhir-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

typedef FcSummaryItem *(*ReadFunc) (FcFhirContext    *ctx,
                                    const FcFhirJson *resource,
                                    const char       *type);

/* A copy of the date part of a FHIR date or dateTime
 * ("2026-10-01T09:00:00+09:00" → "2026-10-01"). */
static char *
date_only (const char *date_time)
{
  const char *t;

  if (date_time == NULL || *date_time == '\0')
    return NULL;
  t = strchr (date_time, 'T');
  if (t != NULL)
    return g_strndup (date_time, t - date_time);
  return g_strdup (date_time);
}

/* The first of @members (dateTime or Period, whose start is used) present in @resource. */
static char *
first_date (const FcFhirJson   *resource,
            const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *value = fc_fhir_json_text (resource, members[i]);
      const FcFhirJson *period;

      if (value != NULL)
        return date_only (value);

      period = fc_fhir_json_object (resource, members[i]);
      if (period != NULL)
        {
          value = fc_fhir_json_text (period, "start");
          if (value == NULL)
            value = fc_fhir_json_text (period, "end");
          if (value != NULL)
            return date_only (value);
        }
    }

  return NULL;
}

/* Creates the item with the text of @concept (falling back to @fallback_text, then to a generic
 * label), its codings, id, source, status and the first of @date_members. */
static FcSummaryItem *
new_item (FcItemKind          kind,
          const FcFhirJson   *resource,
          const char         *type,
          const FcFhirJson   *concept,
          const char         *fallback_text,
          const char * const *date_members)
{
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = first_date (resource, date_members);
  const char *text = fc_fhir_codeable_text (concept);
  const char *id = fc_fhir_json_text (resource, "id");

  if (text == NULL)
    text = fallback_text;
  if (text == NULL)
    text = _("(no name given)");

  item = fc_summary_item_new (kind, text);
  fc_fhir_add_codings (item, concept);

  if (id != NULL)
    {
      g_autofree char *resource_id = g_strconcat (type, "/", id, NULL);
      fc_summary_item_set_resource_id (item, resource_id);
    }

  fc_summary_item_set_source (item, fc_fhir_resource_source (resource));
  fc_summary_item_set_status (item, fc_fhir_json_text (resource, "status"));
  fc_summary_item_set_date (item, date);

  return g_steal_pointer (&item);
}

/* Conditions and allergies: a clinical status in @past (resolved, inactive, …) says more than
 * "confirmed"; otherwise the verification status, else the clinical one. */
static void
set_clinical_status (FcSummaryItem      *item,
                     const FcFhirJson   *resource,
                     const char * const *past)
{
  const char *clinical = fc_fhir_codeable_code (fc_fhir_json_object (resource, "clinicalStatus"));
  const char *verification =
    fc_fhir_codeable_code (fc_fhir_json_object (resource, "verificationStatus"));

  if (clinical != NULL && g_strv_contains (past, clinical))
    fc_summary_item_set_status (item, clinical);
  else if (verification != NULL)
    fc_summary_item_set_status (item, verification);
  else
    fc_summary_item_set_status (item, clinical);
}

static const FcFhirJson *
resolve_reference (FcFhirContext    *ctx,
                   const FcFhirJson *resource,
                   const char       *reference)
{
  const FcFhirJson *found;
  const char *slash;

  if (reference == NULL)
    return NULL;

  if (reference[0] == '#')
    {
      const FcFhirJson *contained = fc_fhir_json_array (resource, "contained");

      for (guint i = 0; i < fc_fhir_json_length (contained); i++)
        {
          const FcFhirJson *candidate = fc_fhir_json_element_object (contained, i);

          if (g_strcmp0 (fc_fhir_json_string (candidate, "id"), reference + 1) == 0)
            return candidate;
        }
      return NULL;
    }

  found = g_hash_table_lookup (ctx->index, reference);
  if (found != NULL)
    return found;

  /* An absolute URL ending in Type/id. */
  slash = strrchr (reference, '/');
  if (slash != NULL && slash > reference)
    {
      const char *start = slash - 1;

      while (start > reference && start[-1] != '/')
        start--;
      return g_hash_table_lookup (ctx->index, start);
    }

  return NULL;
}

/* Joins the "text" of each object in @member (e.g. dosage) with "; ", or NULL. */
static char *
join_texts (const FcFhirJson *resource,
            const char       *member)
{
  const FcFhirJson *array = fc_fhir_json_array (resource, member);
  g_autoptr(GString) joined = NULL;

  for (guint i = 0; i < fc_fhir_json_length (array); i++)
    {
      const char *text = fc_fhir_json_text (fc_fhir_json_element_object (array, i), "text");

      if (text == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (text);
      else
        g_string_append_printf (joined, "; %s", text);
    }

  return joined != NULL ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}

static char *
format_number (const FcFhirJson *value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == NULL)
    return NULL;

  switch (value->type)
    {
    case FC_FHIR_JSON_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->v.integer);

    case FC_FHIR_JSON_DOUBLE:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value->v.number));

    case FC_FHIR_JSON_STRING:
      return g_strdup (value->v.string);

    default:
      return NULL;
    }
}

/* The value of an Observation (or one of its components) as display text, or NULL. */
static char *
observation_value (const FcFhirJson *observation)
{
  const FcFhirJson *quantity = fc_fhir_json_object (observation, "valueQuantity");
  const FcFhirJson *value;
  const char *text;

  if (quantity != NULL)
    {
      g_autofree char *number = format_number (fc_fhir_json_member (quantity, "value"));
      const char *comparator = fc_fhir_json_text (quantity, "comparator");
      const char *unit = fc_fhir_json_text (quantity, "unit");

      if (unit == NULL)
        unit = fc_fhir_json_text (quantity, "code");
      if (number != NULL)
        return g_strdup_printf ("%s%s%s%s", comparator ? comparator : "", number,
                                unit ? " " : "", unit ? unit : "");
    }

  text = fc_fhir_json_text (observation, "valueString");
  if (text == NULL)
    text = fc_fhir_codeable_text (fc_fhir_json_object (observation, "valueCodeableConcept"));
  if (text != NULL)
    return g_strdup (text);

  value = fc_fhir_json_member (observation, "valueInteger");
  if (value != NULL)
    return format_number (value);

  value = fc_fhir_json_member (observation, "valueBoolean");
  if (value != NULL && value->type == FC_FHIR_JSON_BOOLEAN)
    return g_strdup (value->v.boolean ? _("yes") : _("no"));

  return NULL;
}

static gboolean
is_entered_in_error (const FcFhirJson *resource)
{
  return g_strcmp0 (fc_fhir_json_text (resource, "status"), "entered-in-error") == 0
         || g_strcmp0 (fc_fhir_codeable_code (fc_fhir_json_object (resource, "verificationStatus")),
                       "entered-in-error") == 0;
}

static FcSummaryItem *
read_medication (FcFhirContext    *ctx,
                 const FcFhirJson *resource,
                 const char       *type)
{
  static const char * const date_members[] = {
    "effectivePeriod", "effectiveDateTime", "authoredOn", "whenHandedOver", "whenPrepared",
    "dateAsserted", NULL
  };
  FcSummaryItem *item;
  g_autofree char *detail = NULL;
  const FcFhirJson *concept = fc_fhir_json_object (resource, "medicationCodeableConcept");
  const char *fallback_text = NULL;

  if (concept == NULL)
    {
      const FcFhirJson *reference = fc_fhir_json_object (resource, "medicationReference");
      const FcFhirJson *medication =
        resolve_reference (ctx, resource, fc_fhir_json_text (reference, "reference"));

      concept = fc_fhir_json_object (medication, "code");
      fallback_text = fc_fhir_json_text (reference, "display");
    }

  item = new_item (FC_ITEM_MEDICATION, resource, type, concept, fallback_text, date_members);

  detail = join_texts (resource, "dosage");
  if (detail == NULL)
    detail = join_texts (resource, "dosageInstruction");
  if (detail == NULL)
    detail = g_strdup (fc_fhir_json_text (fc_fhir_json_object (resource, "dosage"), "text"));
  fc_summary_item_set_detail (item, detail);

  return item;
}

static FcSummaryItem *
read_condition (FcFhirContext    *ctx,
                const FcFhirJson *resource,
                const char       *type)
{
  static const char * const date_members[] = {
    "onsetDateTime", "onsetPeriod", "recordedDate", NULL
  };
  static const char * const past[] = { "resolved", "inactive", "remission", NULL };
  FcSummaryItem *item;

  item = new_item (FC_ITEM_CONDITION, resource, type, fc_fhir_json_object (resource, "code"),
                   NULL, date_members);
  set_clinical_status (item, resource, past);
  fc_summary_item_set_detail (item,
                              fc_fhir_codeable_text (fc_fhir_json_object (resource, "severity")));

  return item;
}

static FcSummaryItem *
read_allergy (FcFhirContext    *ctx,
              const FcFhirJson *resource,
              const char       *type)
{
  static const char * const date_members[] = {
    "recordedDate", "onsetDateTime", "onsetPeriod", "lastOccurrence", NULL
  };
  static const char * const past[] = { "inactive", "resolved", NULL };
  FcSummaryItem *item;
  const FcFhirJson *categories = fc_fhir_json_array (resource, "category");
  const FcFhirJson *reactions = fc_fhir_json_array (resource, "reaction");
  g_autoptr(GString) detail = NULL;

  item = new_item (FC_ITEM_ALLERGY, resource, type, fc_fhir_json_object (resource, "code"),
                   NULL, date_members);
  set_clinical_status (item, resource, past);

  if (fc_fhir_json_length (categories) > 0
      && categories->v.elements[0].type == FC_FHIR_JSON_STRING)
    fc_summary_item_set_category (item, categories->v.elements[0].v.string);
  fc_summary_item_set_criticality (item, fc_fhir_json_text (resource, "criticality"));

  /* Reactions (manifestations), for the handover. */
  for (guint i = 0; i < fc_fhir_json_length (reactions); i++)
    {
      const FcFhirJson *manifestations =
        fc_fhir_json_array (fc_fhir_json_element_object (reactions, i), "manifestation");

      for (guint j = 0; j < fc_fhir_json_length (manifestations); j++)
        {
          const char *text =
            fc_fhir_codeable_text (fc_fhir_json_element_object (manifestations, j));

          if (text == NULL)
            continue;
          if (detail == NULL)
            detail = g_string_new (text);
          else
            g_string_append_printf (detail, ", %s", text);
        }
    }
  if (detail != NULL)
    fc_summary_item_set_detail (item, detail->str);

  return item;
}

static FcSummaryItem *
read_procedure (FcFhirContext    *ctx,
                const FcFhirJson *resource,
                const char       *type)
{
  static const char * const date_members[] = { "performedDateTime", "performedPeriod", NULL };

  return new_item (FC_ITEM_PROCEDURE, resource, type, fc_fhir_json_object (resource, "code"),
                   NULL, date_members);
}

static FcSummaryItem *
read_encounter (FcFhirContext    *ctx,
                const FcFhirJson *resource,
                const char       *type)
{
  static const char * const date_members[] = { "period", NULL };
  FcSummaryItem *item;
  const FcFhirJson *provider_ref = fc_fhir_json_object (resource, "serviceProvider");
  const FcFhirJson *provider =
    resolve_reference (ctx, resource, fc_fhir_json_text (provider_ref, "reference"));
  const FcFhirJson *concept = fc_fhir_json_first_object (resource, "type");
  const FcFhirJson *telecom = fc_fhir_json_array (provider, "telecom");
  const char *name = fc_fhir_json_text (provider, "name");
  const char *phone = NULL;
  const char *fallback = NULL;

  if (name == NULL)
    name = fc_fhir_json_text (provider_ref, "display");

  for (guint i = 0; i < fc_fhir_json_length (telecom) && phone == NULL; i++)
    {
      const FcFhirJson *contact = fc_fhir_json_element_object (telecom, i);

      if (g_strcmp0 (fc_fhir_json_text (contact, "system"), "phone") == 0)
        phone = fc_fhir_json_text (contact, "value");
    }

  if (fc_fhir_codeable_text (concept) == NULL)
    {
      concept = fc_fhir_json_object (resource, "serviceType");
      if (fc_fhir_codeable_text (concept) == NULL)
        concept = NULL;
    }
  if (concept == NULL)
    {
      fallback = fc_fhir_json_text (fc_fhir_json_object (resource, "class"), "display");
      if (fallback == NULL)
        fallback = name;
      if (fallback == NULL)
        fallback = _("Visit");
    }

  item = new_item (FC_ITEM_ENCOUNTER, resource, type, concept, fallback, date_members);

  if (name != NULL && phone != NULL)
    {
      /* Translators: a facility and its telephone number, e.g. "さくら病院 (tel. 03-1234-5678)". */
      g_autofree char *detail = g_strdup_printf (_("%s (tel. %s)"), name, phone);
      fc_summary_item_set_detail (item, detail);
    }
  else if (name != NULL)
    {
      fc_summary_item_set_detail (item, name);
    }
  else if (phone != NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("tel. %s"), phone);
      fc_summary_item_set_detail (item, detail);
    }

  return item;
}

static FcSummaryItem *
read_observation (FcFhirContext    *ctx,
                  const FcFhirJson *resource,
                  const char       *type)
{
  static const char * const date_members[] = {
    "effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued", NULL
  };
  FcSummaryItem *item;
  g_autofree char *value = observation_value (resource);

  item = new_item (FC_ITEM_OBSERVATION, resource, type, fc_fhir_json_object (resource, "code"),
                   NULL, date_members);

  if (value != NULL)
    {
      const char *interpretation =
        fc_fhir_codeable_code (fc_fhir_json_first_object (resource, "interpretation"));

      /* Keep the laboratory's flag (H, L, POS, …) next to the value. */
      if (interpretation != NULL && !g_str_equal (interpretation, "N"))
        {
          g_autofree char *flagged = g_strdup_printf ("%s (%s)", value, interpretation);
          fc_summary_item_set_detail (item, flagged);
        }
      else
        {
          fc_summary_item_set_detail (item, value);
        }
    }

  return item;
}

static FcSummaryItem *
read_other (FcFhirContext    *ctx,
            const FcFhirJson *resource,
            const char       *type)
{
  static const char * const date_members[] = {
    "occurrenceDateTime", "effectiveDateTime", "recordedDate", "date", "authoredOn", "period",
    NULL
  };
  FcSummaryItem *item;
  const FcFhirJson *concept = fc_fhir_json_object (resource, "code");

  if (concept == NULL)
    concept = fc_fhir_json_object (resource, "vaccineCode");

  /* The type is the text, so that an unexpected resource is at least visible as what it is. */
  item = new_item (FC_ITEM_OTHER, resource, type, NULL, type, date_members);
  fc_fhir_add_codings (item, concept);
  fc_summary_item_set_detail (item, fc_fhir_codeable_text (concept));

  return item;
}

static const struct {
  const char *type;
  ReadFunc    read;
} readers[] = {
  { "MedicationStatement", read_medication },
  { "MedicationRequest", read_medication },
  { "MedicationDispense", read_medication },
  { "MedicationAdministration", read_medication },
  { "Condition", read_condition },
  { "AllergyIntolerance", read_allergy },
  { "Procedure", read_procedure },
  { "Encounter", read_encounter },
  { "Observation", read_observation },
};

FcSummaryItem *
fc_fhir_read_item (FcFhirContext    *ctx,
                   const FcFhirJson *resource,
                   const char       *type)
{
  FcItemKind absent_kind;
  gboolean none_known;

  if (is_entered_in_error (resource))
    {
      g_debug ("Dropping %s/%s: entered in error", type,
               fc_fhir_json_string (resource, "id") ?: "?");
      return NULL;
    }

  /* "No known allergies" and friends are statements about a section, not items. */
  if (fc_fhir_is_absent_statement (fc_fhir_json_object (resource, "code"),
                                   &absent_kind, &none_known)
      || fc_fhir_is_absent_statement (fc_fhir_json_object (resource, "medicationCodeableConcept"),
                                      &absent_kind, &none_known))
    {
      if (none_known)
        fc_summary_set_none_known (ctx->summary, absent_kind);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (g_str_equal (type, readers[i].type))
      return readers[i].read (ctx, resource, type);

  return read_other (ctx, resource, type);
}
