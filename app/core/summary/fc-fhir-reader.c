/* fc-fhir-reader.c
 *
 * Reads an IPS-shaped FHIR R4 Bundle (type document or collection) into an FcSummary.
 *
 * - Patient: gender → sex, birthDate → age band. Nothing else about the person is kept.
 * - MedicationStatement / Request / Dispense / Administration, Condition, AllergyIntolerance,
 *   Procedure, Encounter, Observation become items of their kind; every coding is kept with its
 *   system normalised (fc_fhir_normalize_system()); ICD-10 codes lose their dot.
 * - Composition sections say "none known" (emptyReason nilknown, IPS "no-known-…" entries) and
 *   may carry a window (extension ".../section-window", valueString). A section without entries
 *   and without emptyReason stays "no information".
 * - Resources marked entered-in-error are dropped (g_debug); any other resource type that is not a
 *   supporting one (Organization, Medication, Practitioner, …) becomes an FC_ITEM_OTHER item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fhir-reader"

#include "config.h"

#include "fc-fhir-reader.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* Largest JSON document read (bytes), and deepest nesting of arrays and objects: beyond them the
 * reader fails with FC_FHIR_ERROR_INVALID before parsing (bounded memory; json-glib 1.6 has no
 * depth limit of its own and recurses). */
#define FC_FHIR_MAX_BYTES (20 * 1024 * 1024)
#define FC_FHIR_MAX_DEPTH 256

G_DEFINE_QUARK (fc-fhir-error-quark, fc_fhir_error)

typedef struct
{
  FcSummary  *summary;    /* (unowned) */
  GHashTable *index;      /* (owned) "Type/id" and fullUrl → JsonObject (unowned) */
  GDateTime  *today;      /* (unowned) (nullable) */
  gboolean    have_patient;
} ReadContext;

/* Code-system aliases (clinical-rules.md §2.3; JP Core aliases-jpcore.fsh and NamingSystems). */
static const struct {
  const char *uri;
  const char *name;
} system_aliases[] = {
  { "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "yj" },
  { "urn:oid:1.2.392.100495.20.2.73", "yj" },
  { "urn:oid:1.2.392.100495.20.1.73", "yj" },
  { "http://medis.or.jp/CodeSystem/master-HOT7", "hot" },
  { "http://medis.or.jp/CodeSystem/master-HOT9", "hot" },
  { "http://medis.or.jp/CodeSystem/master-HOT13", "hot" },
  { "urn:oid:1.2.392.200119.4.403.1", "hot" },
  { "urn:oid:1.2.392.100495.20.2.74", "hot" },
  { "urn:oid:1.2.392.200119.4.403.2", "hot" },
  { "urn:oid:1.2.392.200119.4.402.1", "hot" },
  { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode", "general-order" },
  { "urn:oid:1.2.392.100495.20.2.81", "general-order" },
  { "urn:oid:1.2.392.100495.20.1.81", "general-order" },
  { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/masterB-disease", "receipt" },
  { "http://www.whocc.no/atc", "atc" },
  { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full", "icd10" },
  { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-3digits", "icd10" },
  { "http://hl7.org/fhir/sid/icd-10", "icd10" },
  { "urn:oid:2.16.840.1.113883.6.3", "icd10" },
  { "http://medis.or.jp/CodeSystem/master-disease-keyNumber", "medis" },
  { "urn:oid:1.2.392.200119.4.101.2", "medis" },
  { "http://medis.or.jp/CodeSystem/master-disease-exCode", "medis" },
  { "urn:oid:1.2.392.200119.4.101.6", "medis" },
  { "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyMedicationAllergen_CS", "jfagy" },
  { "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS", "jfagy" },
  { "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyNonFoodNonMedicationAllergen_CS", "jfagy" },
  { "http://medis.or.jp/CodeSystem/master-JLAC10-17digits", "jlac10" },
  { "urn:oid:1.2.392.200119.4.504", "jlac10" },
};

/* Composition section codes (LOINC, as in the IPS). */
static const struct {
  const char *loinc;
  FcItemKind  kind;
} section_codes[] = {
  { "10160-0", FC_ITEM_MEDICATION },
  { "11450-4", FC_ITEM_CONDITION },
  { "11348-0", FC_ITEM_CONDITION },
  { "48765-2", FC_ITEM_ALLERGY },
  { "47519-4", FC_ITEM_PROCEDURE },
  { "30954-2", FC_ITEM_OBSERVATION },
  { "46240-8", FC_ITEM_ENCOUNTER },
};

/* Section titles, when a section carries no code. Checked in order; lower-case ASCII or UTF-8. */
static const struct {
  const char *word;
  FcItemKind  kind;
} section_titles[] = {
  { "allerg", FC_ITEM_ALLERGY },
  { "アレルギー", FC_ITEM_ALLERGY },
  { "禁忌", FC_ITEM_ALLERGY },
  { "medication", FC_ITEM_MEDICATION },
  { "medicine", FC_ITEM_MEDICATION },
  { "薬", FC_ITEM_MEDICATION },
  { "処方", FC_ITEM_MEDICATION },
  { "problem", FC_ITEM_CONDITION },
  { "condition", FC_ITEM_CONDITION },
  { "病名", FC_ITEM_CONDITION },
  { "傷病", FC_ITEM_CONDITION },
  { "procedure", FC_ITEM_PROCEDURE },
  { "手術", FC_ITEM_PROCEDURE },
  { "result", FC_ITEM_OBSERVATION },
  { "検査", FC_ITEM_OBSERVATION },
  { "encounter", FC_ITEM_ENCOUNTER },
  { "visit", FC_ITEM_ENCOUNTER },
  { "受診", FC_ITEM_ENCOUNTER },
};

/* IPS "absent and unknown" codes (and their SNOMED CT equivalents). none_known = FALSE means the
 * entry only says there is no information. */
static const struct {
  const char *code;
  FcItemKind  kind;
  gboolean    none_known;
} absent_codes[] = {
  { "no-known-allergies", FC_ITEM_ALLERGY, TRUE },
  { "716186003", FC_ITEM_ALLERGY, TRUE },
  { "no-allergy-info", FC_ITEM_ALLERGY, FALSE },
  { "no-known-medications", FC_ITEM_MEDICATION, TRUE },
  { "787481004", FC_ITEM_MEDICATION, TRUE },
  { "no-medication-info", FC_ITEM_MEDICATION, FALSE },
  { "no-known-problems", FC_ITEM_CONDITION, TRUE },
  { "160245001", FC_ITEM_CONDITION, TRUE },
  { "no-problem-info", FC_ITEM_CONDITION, FALSE },
  { "no-known-procedures", FC_ITEM_PROCEDURE, TRUE },
  { "no-procedure-info", FC_ITEM_PROCEDURE, FALSE },
};

/* Resources that only support others (looked up by reference) and never become items. */
static const char * const supporting_types[] = {
  "Composition", "Patient", "Organization", "Medication", "Practitioner", "PractitionerRole",
  "Location",
};

/* JSON accessors: NULL when the member is missing or of another type. */

static const char *
obj_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Like obj_string(), but an empty or blank string counts as missing. */
static const char *
obj_text (JsonObject *object,
          const char *member)
{
  const char *s = obj_string (object, member);

  if (s == NULL)
    return NULL;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return s;
  return NULL;
}

static JsonObject *
obj_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
obj_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* First object of an array member (e.g. category[0]), or the member itself when it is an
 * object. */
static JsonObject *
obj_first_object (JsonObject *object,
                  const char *member)
{
  JsonObject *o = obj_object (object, member);

  if (o != NULL)
    return o;
  return array_object (obj_array (object, member), 0);
}

/* Compares two code-system URIs: ASCII case, http/https and one trailing slash do not matter. A
 * bare OID matches its urn:oid: form. */
static gboolean
system_matches (const char *system,
                const char *alias)
{
  gsize len_s, len_a;

  if (g_ascii_strncasecmp (system, "https://", 8) == 0)
    system += 8;
  else if (g_ascii_strncasecmp (system, "http://", 7) == 0)
    system += 7;
  else if (g_ascii_isdigit (system[0]) && g_str_has_prefix (alias, "urn:oid:"))
    alias += 8;

  if (g_str_has_prefix (alias, "http://"))
    alias += 7;

  len_s = strlen (system);
  len_a = strlen (alias);
  if (len_s == len_a + 1 && system[len_a] == '/')
    len_s--;
  if (len_s != len_a)
    return FALSE;

  return g_ascii_strncasecmp (system, alias, len_a) == 0;
}

const char *
fc_fhir_normalize_system (const char *system)
{
  g_autofree char *trimmed = NULL;

  if (system == NULL)
    return NULL;

  /* Ignore surrounding white space, which hand-written bundles sometimes carry. */
  trimmed = g_strstrip (g_strdup (system));

  for (guint i = 0; i < G_N_ELEMENTS (system_aliases); i++)
    if (system_matches (trimmed, system_aliases[i].uri))
      return system_aliases[i].name;

  return system;
}

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
first_date (JsonObject         *resource,
            const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *value = obj_text (resource, members[i]);
      JsonObject *period;

      if (value != NULL)
        return date_only (value);

      period = obj_object (resource, members[i]);
      if (period != NULL)
        {
          value = obj_text (period, "start");
          if (value == NULL)
            value = obj_text (period, "end");
          if (value != NULL)
            return date_only (value);
        }
    }

  return NULL;
}

/* Display text of a CodeableConcept: text, else the first display, else the first code. */
static const char *
codeable_text (JsonObject *concept)
{
  JsonArray *codings;
  const char *text;

  if (concept == NULL)
    return NULL;

  text = obj_text (concept, "text");
  if (text != NULL)
    return text;

  codings = obj_array (concept, "coding");
  for (guint i = 0; i < array_length (codings); i++)
    {
      text = obj_text (array_object (codings, i), "display");
      if (text != NULL)
        return text;
    }
  for (guint i = 0; i < array_length (codings); i++)
    {
      text = obj_text (array_object (codings, i), "code");
      if (text != NULL)
        return text;
    }

  return NULL;
}

/* The code of the first coding of @concept (e.g. a status CodeableConcept). */
static const char *
codeable_code (JsonObject *concept)
{
  JsonArray *codings = obj_array (concept, "coding");

  for (guint i = 0; i < array_length (codings); i++)
    {
      const char *code = obj_text (array_object (codings, i), "code");

      if (code != NULL)
        return code;
    }

  return NULL;
}

/* Adds every coding of @concept to @item, with normalised systems (ICD-10 without dots). */
static void
add_codings (FcSummaryItem *item,
             JsonObject    *concept)
{
  JsonArray *codings = obj_array (concept, "coding");

  for (guint i = 0; i < array_length (codings); i++)
    {
      JsonObject *coding = array_object (codings, i);
      const char *code = obj_text (coding, "code");
      const char *system = obj_text (coding, "system");
      const char *short_name;

      if (code == NULL)
        continue;

      short_name = system != NULL ? fc_fhir_normalize_system (system) : "";
      if (g_strcmp0 (short_name, "icd10") == 0 && strchr (code, '.') != NULL)
        {
          g_autoptr(GString) plain = g_string_new (NULL);

          for (const char *p = code; *p != '\0'; p++)
            if (*p != '.')
              g_string_append_c (plain, *p);
          fc_summary_item_add_coding (item, short_name, plain->str,
                                      obj_text (coding, "display"));
        }
      else
        {
          fc_summary_item_add_coding (item, short_name, code, obj_text (coding, "display"));
        }
    }
}

/* Whether @concept is an IPS absent/unknown statement; sets @kind_out and @none_known_out. */
static gboolean
is_absent_statement (JsonObject *concept,
                     FcItemKind *kind_out,
                     gboolean   *none_known_out)
{
  JsonArray *codings = obj_array (concept, "coding");

  for (guint i = 0; i < array_length (codings); i++)
    {
      JsonObject *coding = array_object (codings, i);
      const char *code = obj_text (coding, "code");
      const char *system = obj_text (coding, "system");

      if (code == NULL || system == NULL)
        continue;
      if (strstr (system, "absent-unknown") == NULL && strstr (system, "snomed") == NULL)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (absent_codes); j++)
        {
          if (g_strcmp0 (code, absent_codes[j].code) == 0)
            {
              *kind_out = absent_codes[j].kind;
              *none_known_out = absent_codes[j].none_known;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static JsonObject *
resolve_reference (ReadContext *ctx,
                   JsonObject  *resource,
                   const char  *reference)
{
  JsonObject *found;
  const char *slash;

  if (reference == NULL)
    return NULL;

  if (reference[0] == '#')
    {
      JsonArray *contained = obj_array (resource, "contained");

      for (guint i = 0; i < array_length (contained); i++)
        {
          JsonObject *candidate = array_object (contained, i);

          if (g_strcmp0 (obj_string (candidate, "id"), reference + 1) == 0)
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

/* Maps a source description to "claims", "e-prescription" or "shared-record"; NULL when it is
 * not recognisable. */
static const char *
recognise_source (const char *value)
{
  g_autofree char *lower = NULL;

  if (value == NULL)
    return NULL;

  lower = g_utf8_strdown (value, -1);
  if (strstr (lower, "e-prescription") != NULL || strstr (lower, "eprescription") != NULL
      || strstr (lower, "electronic-prescription") != NULL
      || strstr (lower, "電子処方") != NULL)
    return "e-prescription";
  if (strstr (lower, "claim") != NULL || strstr (lower, "receipt") != NULL
      || strstr (lower, "レセプト") != NULL || strstr (lower, "診療報酬") != NULL)
    return "claims";
  if (strstr (lower, "shared-record") != NULL || strstr (lower, "shared record") != NULL
      || strstr (lower, "ehrshrs") != NULL || strstr (lower, "clins") != NULL
      || strstr (lower, "電子カルテ") != NULL)
    return "shared-record";

  return NULL;
}

/* The string value of an extension (valueString, valueCode, valueUri or valueCoding.code). */
static const char *
extension_string (JsonObject *extension)
{
  const char *value;

  value = obj_text (extension, "valueString");
  if (value == NULL)
    value = obj_text (extension, "valueCode");
  if (value == NULL)
    value = obj_text (extension, "valueUri");
  if (value == NULL)
    value = obj_text (obj_object (extension, "valueCoding"), "code");
  if (value == NULL)
    value = codeable_code (obj_object (extension, "valueCodeableConcept"));
  return value;
}

/* Where the resource's information comes from: an extension whose url ends in "source", a
 * meta.tag, or meta.source; "unknown" when none says. */
static char *
resource_source (JsonObject *resource)
{
  JsonArray *extensions = obj_array (resource, "extension");
  JsonObject *meta = obj_object (resource, "meta");
  JsonArray *tags = obj_array (meta, "tag");
  const char *value;

  for (guint i = 0; i < array_length (extensions); i++)
    {
      JsonObject *extension = array_object (extensions, i);
      const char *url = obj_text (extension, "url");

      if (url == NULL || !(g_str_has_suffix (url, "source") || g_str_has_suffix (url, "Source")))
        continue;
      value = extension_string (extension);
      if (value != NULL)
        return g_strdup (recognise_source (value) ? recognise_source (value) : value);
    }

  for (guint i = 0; i < array_length (tags); i++)
    {
      JsonObject *tag = array_object (tags, i);
      const char *recognised = recognise_source (obj_text (tag, "code"));

      if (recognised == NULL)
        recognised = recognise_source (obj_text (tag, "system"));
      if (recognised == NULL)
        recognised = recognise_source (obj_text (tag, "display"));
      if (recognised != NULL)
        return g_strdup (recognised);
    }
  for (guint i = 0; i < array_length (tags); i++)
    {
      JsonObject *tag = array_object (tags, i);
      const char *system = obj_text (tag, "system");

      value = obj_text (tag, "code");
      if (system != NULL && value != NULL && strstr (system, "source") != NULL)
        return g_strdup (value);
    }

  value = obj_text (meta, "source");
  if (value != NULL)
    return g_strdup (recognise_source (value) ? recognise_source (value) : value);

  return g_strdup ("unknown");
}

/* Joins the "text" of each object in @member (e.g. dosage) with "; ", or NULL. */
static char *
join_texts (JsonObject *resource,
            const char *member)
{
  JsonArray *array = obj_array (resource, member);
  g_autoptr(GString) joined = NULL;

  for (guint i = 0; i < array_length (array); i++)
    {
      const char *text = obj_text (array_object (array, i), "text");

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
format_number (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));

    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));

    default:
      return NULL;
    }
}

/* The value of an Observation (or one of its components) as display text, or NULL. */
static char *
observation_value (JsonObject *observation)
{
  JsonObject *quantity = obj_object (observation, "valueQuantity");
  JsonObject *concept = obj_object (observation, "valueCodeableConcept");
  JsonNode *node;
  const char *text;

  if (quantity != NULL)
    {
      g_autofree char *number = format_number (json_object_get_member (quantity, "value"));
      const char *comparator = obj_text (quantity, "comparator");
      const char *unit = obj_text (quantity, "unit");

      if (unit == NULL)
        unit = obj_text (quantity, "code");
      if (number != NULL)
        return g_strdup_printf ("%s%s%s%s", comparator ? comparator : "", number,
                                unit ? " " : "", unit ? unit : "");
    }

  text = obj_text (observation, "valueString");
  if (text != NULL)
    return g_strdup (text);

  text = codeable_text (concept);
  if (text != NULL)
    return g_strdup (text);

  node = json_object_get_member (observation, "valueInteger");
  if (node != NULL)
    return format_number (node);

  node = json_object_get_member (observation, "valueBoolean");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));

  return NULL;
}

static gboolean
is_entered_in_error (JsonObject *resource)
{
  if (g_strcmp0 (obj_text (resource, "status"), "entered-in-error") == 0)
    return TRUE;
  if (g_strcmp0 (codeable_code (obj_object (resource, "verificationStatus")),
                 "entered-in-error") == 0)
    return TRUE;
  return FALSE;
}

/* Creates the item with @text (falling back to a code, then to a generic label), its codings,
 * id and source. */
static FcSummaryItem *
new_item (FcItemKind  kind,
          JsonObject *resource,
          const char *type,
          JsonObject *concept,
          const char *fallback_text)
{
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *source = NULL;
  const char *text = codeable_text (concept);
  const char *id = obj_text (resource, "id");

  if (text == NULL)
    text = fallback_text;
  if (text == NULL)
    text = _("(no name given)");

  item = fc_summary_item_new (kind, text);
  add_codings (item, concept);

  if (id != NULL)
    {
      g_autofree char *resource_id = g_strdup_printf ("%s/%s", type, id);
      fc_summary_item_set_resource_id (item, resource_id);
    }

  source = resource_source (resource);
  fc_summary_item_set_source (item, source);

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_medication (ReadContext *ctx,
                 JsonObject  *resource,
                 const char  *type)
{
  static const char * const date_members[] = {
    "effectivePeriod", "effectiveDateTime", "authoredOn", "whenHandedOver", "whenPrepared",
    "dateAsserted", NULL
  };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  g_autofree char *detail = NULL;
  JsonObject *concept = obj_object (resource, "medicationCodeableConcept");
  const char *fallback_text = NULL;

  if (concept == NULL)
    {
      JsonObject *reference = obj_object (resource, "medicationReference");
      JsonObject *medication = resolve_reference (ctx, resource, obj_text (reference, "reference"));

      concept = obj_object (medication, "code");
      fallback_text = obj_text (reference, "display");
    }

  item = new_item (FC_ITEM_MEDICATION, resource, type, concept, fallback_text);
  fc_summary_item_set_status (item, obj_text (resource, "status"));

  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

  detail = join_texts (resource, "dosage");
  if (detail == NULL)
    detail = join_texts (resource, "dosageInstruction");
  if (detail == NULL)
    detail = g_strdup (obj_text (obj_object (resource, "dosage"), "text"));
  fc_summary_item_set_detail (item, detail);

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_condition (ReadContext *ctx,
                JsonObject  *resource,
                const char  *type)
{
  static const char * const date_members[] = {
    "onsetDateTime", "onsetPeriod", "recordedDate", NULL
  };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  const char *clinical = codeable_code (obj_object (resource, "clinicalStatus"));
  const char *verification = codeable_code (obj_object (resource, "verificationStatus"));
  const char *severity = codeable_text (obj_object (resource, "severity"));

  item = new_item (FC_ITEM_CONDITION, resource, type, obj_object (resource, "code"), NULL);

  /* Resolved / inactive / remission say more than "confirmed" about a past condition. */
  if (clinical != NULL
      && (g_str_equal (clinical, "resolved") || g_str_equal (clinical, "inactive")
          || g_str_equal (clinical, "remission")))
    fc_summary_item_set_status (item, clinical);
  else if (verification != NULL)
    fc_summary_item_set_status (item, verification);
  else
    fc_summary_item_set_status (item, clinical);

  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);
  fc_summary_item_set_detail (item, severity);

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_allergy (ReadContext *ctx,
              JsonObject  *resource,
              const char  *type)
{
  static const char * const date_members[] = {
    "recordedDate", "onsetDateTime", "onsetPeriod", "lastOccurrence", NULL
  };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  JsonArray *categories = obj_array (resource, "category");
  JsonArray *reactions = obj_array (resource, "reaction");
  const char *clinical = codeable_code (obj_object (resource, "clinicalStatus"));
  const char *verification = codeable_code (obj_object (resource, "verificationStatus"));
  g_autoptr(GString) detail = NULL;

  item = new_item (FC_ITEM_ALLERGY, resource, type, obj_object (resource, "code"), NULL);

  if (array_length (categories) > 0)
    {
      JsonNode *node = json_array_get_element (categories, 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        fc_summary_item_set_category (item, json_node_get_string (node));
    }
  fc_summary_item_set_criticality (item, obj_text (resource, "criticality"));

  if (clinical != NULL
      && (g_str_equal (clinical, "inactive") || g_str_equal (clinical, "resolved")))
    fc_summary_item_set_status (item, clinical);
  else if (verification != NULL)
    fc_summary_item_set_status (item, verification);
  else
    fc_summary_item_set_status (item, clinical);

  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

  /* Reactions (manifestations), for the handover. */
  for (guint i = 0; i < array_length (reactions); i++)
    {
      JsonArray *manifestations = obj_array (array_object (reactions, i), "manifestation");

      for (guint j = 0; j < array_length (manifestations); j++)
        {
          const char *text = codeable_text (array_object (manifestations, j));

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

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_procedure (ReadContext *ctx,
                JsonObject  *resource,
                const char  *type)
{
  static const char * const date_members[] = { "performedDateTime", "performedPeriod", NULL };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;

  item = new_item (FC_ITEM_PROCEDURE, resource, type, obj_object (resource, "code"), NULL);
  fc_summary_item_set_status (item, obj_text (resource, "status"));
  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_encounter (ReadContext *ctx,
                JsonObject  *resource,
                const char  *type)
{
  static const char * const date_members[] = { "period", NULL };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  JsonObject *provider_ref = obj_object (resource, "serviceProvider");
  JsonObject *provider = resolve_reference (ctx, resource, obj_text (provider_ref, "reference"));
  JsonObject *concept = obj_first_object (resource, "type");
  JsonObject *klass = obj_object (resource, "class");
  const char *name = obj_text (provider, "name");
  const char *phone = NULL;
  const char *fallback = NULL;
  JsonArray *telecom = obj_array (provider, "telecom");

  if (name == NULL)
    name = obj_text (provider_ref, "display");

  for (guint i = 0; i < array_length (telecom) && phone == NULL; i++)
    {
      JsonObject *contact = array_object (telecom, i);

      if (g_strcmp0 (obj_text (contact, "system"), "phone") == 0)
        phone = obj_text (contact, "value");
    }

  if (codeable_text (concept) == NULL)
    {
      concept = obj_object (resource, "serviceType");
      if (codeable_text (concept) == NULL)
        concept = NULL;
    }
  if (concept == NULL)
    {
      fallback = obj_text (klass, "display");
      if (fallback == NULL)
        fallback = name;
      if (fallback == NULL)
        fallback = _("Visit");
    }

  item = new_item (FC_ITEM_ENCOUNTER, resource, type, concept, fallback);
  fc_summary_item_set_status (item, obj_text (resource, "status"));
  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

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

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_observation (ReadContext *ctx,
                  JsonObject  *resource,
                  const char  *type)
{
  static const char * const date_members[] = {
    "effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued", NULL
  };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  g_autofree char *value = NULL;

  item = new_item (FC_ITEM_OBSERVATION, resource, type, obj_object (resource, "code"), NULL);
  fc_summary_item_set_status (item, obj_text (resource, "status"));
  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

  value = observation_value (resource);
  if (value != NULL)
    {
      const char *interpretation = codeable_code (obj_first_object (resource, "interpretation"));

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

  return g_steal_pointer (&item);
}

static FcSummaryItem *
read_other (ReadContext *ctx,
            JsonObject  *resource,
            const char  *type)
{
  static const char * const date_members[] = {
    "occurrenceDateTime", "effectiveDateTime", "recordedDate", "date", "authoredOn", "period",
    NULL
  };
  g_autoptr(FcSummaryItem) item = NULL;
  g_autofree char *date = NULL;
  JsonObject *concept = obj_object (resource, "code");

  if (concept == NULL)
    concept = obj_object (resource, "vaccineCode");

  /* The type is the text, so that an unexpected resource is at least visible as what it is. */
  item = new_item (FC_ITEM_OTHER, resource, type, NULL, type);
  add_codings (item, concept);
  fc_summary_item_set_detail (item, codeable_text (concept));
  fc_summary_item_set_status (item, obj_text (resource, "status"));
  date = first_date (resource, date_members);
  fc_summary_item_set_date (item, date);

  return g_steal_pointer (&item);
}

static void
read_patient (ReadContext *ctx,
              JsonObject  *patient)
{
  g_autofree char *band = NULL;
  const char *gender = obj_text (patient, "gender");

  if (ctx->have_patient)
    {
      g_debug ("Ignoring a second Patient resource");
      return;
    }
  ctx->have_patient = TRUE;

  if (gender != NULL
      && (g_str_equal (gender, "male") || g_str_equal (gender, "female")
          || g_str_equal (gender, "other")))
    fc_summary_set_sex (ctx->summary, gender);
  else
    fc_summary_set_sex (ctx->summary, "unknown");

  band = fc_summary_age_band_for_birth_date (obj_text (patient, "birthDate"), ctx->today);
  fc_summary_set_age_band (ctx->summary, band);
}

/* Kind of a Composition section from its LOINC code, else its title; FALSE when unknown. */
static gboolean
section_kind (JsonObject *section,
              FcItemKind *kind_out)
{
  JsonArray *codings = obj_array (obj_object (section, "code"), "coding");
  const char *title = obj_text (section, "title");

  for (guint i = 0; i < array_length (codings); i++)
    {
      const char *code = obj_text (array_object (codings, i), "code");

      for (guint j = 0; code != NULL && j < G_N_ELEMENTS (section_codes); j++)
        {
          if (g_str_equal (code, section_codes[j].loinc))
            {
              *kind_out = section_codes[j].kind;
              return TRUE;
            }
        }
    }

  if (title != NULL)
    {
      g_autofree char *lower = g_utf8_strdown (title, -1);

      for (guint j = 0; j < G_N_ELEMENTS (section_titles); j++)
        {
          if (strstr (lower, section_titles[j].word) != NULL)
            {
              *kind_out = section_titles[j].kind;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
says_none_known (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_utf8_strdown (text, -1);
  return strstr (lower, "none known") != NULL || strstr (lower, "no known") != NULL;
}

static void
read_section (ReadContext *ctx,
              JsonObject  *section,
              guint        depth)
{
  JsonArray *extensions = obj_array (section, "extension");
  JsonArray *entries = obj_array (section, "entry");
  JsonArray *subsections = obj_array (section, "section");
  FcItemKind kind;

  if (depth > 8)
    return;

  if (section_kind (section, &kind))
    {
      const char *empty_reason = codeable_code (obj_object (section, "emptyReason"));

      for (guint i = 0; i < array_length (extensions); i++)
        {
          JsonObject *extension = array_object (extensions, i);
          const char *url = obj_text (extension, "url");

          if (url != NULL && g_str_has_suffix (url, "section-window"))
            fc_summary_set_window (ctx->summary, kind, extension_string (extension));
        }

      if (g_strcmp0 (empty_reason, "nilknown") == 0)
        {
          fc_summary_set_none_known (ctx->summary, kind);
        }
      else if (empty_reason == NULL)
        {
          gboolean resolvable = FALSE;
          gboolean none_known_text = FALSE;

          /* An entry that only says "none known" (no resource behind it). */
          for (guint i = 0; i < array_length (entries); i++)
            {
              JsonObject *entry = array_object (entries, i);

              if (g_hash_table_contains (ctx->index, obj_text (entry, "reference") ?: ""))
                resolvable = TRUE;
              else if (says_none_known (obj_text (entry, "display")))
                none_known_text = TRUE;
            }
          if (!resolvable && array_length (entries) == 0)
            none_known_text = says_none_known (obj_text (obj_object (section, "text"), "div"));

          if (!resolvable && none_known_text)
            fc_summary_set_none_known (ctx->summary, kind);
        }
    }

  for (guint i = 0; i < array_length (subsections); i++)
    {
      JsonObject *subsection = array_object (subsections, i);

      if (subsection != NULL)
        read_section (ctx, subsection, depth + 1);
    }
}

static void
read_composition (ReadContext *ctx,
                  JsonObject  *composition)
{
  JsonArray *extensions = obj_array (composition, "extension");
  JsonArray *sections = obj_array (composition, "section");

  for (guint i = 0; i < array_length (extensions); i++)
    {
      JsonObject *extension = array_object (extensions, i);
      const char *url = obj_text (extension, "url");

      if (url != NULL && (g_str_has_suffix (url, "section-window")
                          || g_str_has_suffix (url, "summary-window")))
        fc_summary_set_default_window (ctx->summary, extension_string (extension));
    }

  for (guint i = 0; i < array_length (sections); i++)
    {
      JsonObject *section = array_object (sections, i);

      if (section != NULL)
        read_section (ctx, section, 0);
    }
}

/* Reads one resource of the bundle into the summary. */
static void
read_resource (ReadContext *ctx,
               JsonObject  *resource,
               const char  *type)
{
  g_autoptr(FcSummaryItem) item = NULL;
  FcItemKind absent_kind;
  gboolean none_known;

  if (g_str_equal (type, "Patient"))
    {
      read_patient (ctx, resource);
      return;
    }
  if (g_str_equal (type, "Composition"))
    {
      read_composition (ctx, resource);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (supporting_types); i++)
    if (g_str_equal (type, supporting_types[i]))
      return;

  if (is_entered_in_error (resource))
    {
      g_debug ("Dropping %s/%s: entered in error", type, obj_string (resource, "id") ?: "?");
      return;
    }

  /* "No known allergies" and friends are statements about a section, not items. */
  if (is_absent_statement (obj_object (resource, "code"), &absent_kind, &none_known)
      || is_absent_statement (obj_object (resource, "medicationCodeableConcept"),
                              &absent_kind, &none_known))
    {
      if (none_known)
        fc_summary_set_none_known (ctx->summary, absent_kind);
      return;
    }

  if (g_str_equal (type, "MedicationStatement") || g_str_equal (type, "MedicationRequest")
      || g_str_equal (type, "MedicationDispense") || g_str_equal (type, "MedicationAdministration"))
    item = read_medication (ctx, resource, type);
  else if (g_str_equal (type, "Condition"))
    item = read_condition (ctx, resource, type);
  else if (g_str_equal (type, "AllergyIntolerance"))
    item = read_allergy (ctx, resource, type);
  else if (g_str_equal (type, "Procedure"))
    item = read_procedure (ctx, resource, type);
  else if (g_str_equal (type, "Encounter"))
    item = read_encounter (ctx, resource, type);
  else if (g_str_equal (type, "Observation"))
    item = read_observation (ctx, resource, type);
  else
    item = read_other (ctx, resource, type);

  fc_summary_add_item (ctx->summary, item);
}

/* Line and column (1-based) of byte @offset in @data. */
static void
position_of (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) data[i] & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

/* The deepest nesting of arrays and objects in @data, scanning no further than @limit + 1
 * (brackets inside strings do not count). */
static guint
nesting_depth (const char *data,
               gsize       len,
               guint       limit)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          if (depth > deepest)
            {
              deepest = depth;
              if (deepest > limit)
                return deepest;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return deepest;
}

JsonNode *
fc_fhir_parse_json (const char  *data,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *invalid = NULL;
  gsize len;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > FC_FHIR_MAX_BYTES)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The summary is too large to read (%lu MB, at most %d MB)."),
                   (unsigned long) (len / (1024 * 1024)), FC_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (nesting_depth (data, len, FC_FHIR_MAX_DEPTH) > FC_FHIR_MAX_DEPTH)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The summary is nested too deeply to read (more than %d levels)."),
                   FC_FHIR_MAX_DEPTH);
      return NULL;
    }

  if (!g_utf8_validate_len (data, len, &invalid))
    {
      guint line, column;

      position_of (data, invalid - data, &line, &column);
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                   _("line %u, column %u: the text is not valid UTF-8"), line, column);
      return NULL;
    }

  /* A mutable parser: sealing every node (hashing each object) costs about a tenth of the parse
   * and nothing here relies on it (issue 9). */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      const char *message = local_error->message;
      guint line = 0, column = 0;
      const char *rest = NULL;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: MESSAGE". */
      if (g_str_has_prefix (message, "<data>:"))
        {
          char *end = NULL;
          guint64 value = g_ascii_strtoull (message + 7, &end, 10);

          if (end != NULL && *end == ':' && value <= G_MAXUINT)
            {
              line = (guint) value;
              value = g_ascii_strtoull (end + 1, &end, 10);
              if (end != NULL && *end == ':' && value <= G_MAXUINT)
                {
                  column = (guint) value;
                  rest = end + 1;
                  while (*rest == ' ')
                    rest++;
                  if (g_str_has_prefix (rest, "Parse error: "))
                    rest += strlen ("Parse error: ");
                }
            }
        }

      {
        /* json-glib quotes the offending token cut at a byte count, which may split a UTF-8
         * character: the message must stay valid UTF-8 for the UI. */
        g_autofree char *valid = g_utf8_make_valid (rest != NULL ? rest : message, -1);

        if (rest != NULL)
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                       _("line %u, column %u: %s"), line, column, valid);
        else
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                       _("Not valid JSON: %s"), valid);
      }
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      guint line, column;

      position_of (data, len, &line, &column);
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                   _("line %u, column %u: the document is empty"), line, column);
      return NULL;
    }

  return json_node_copy (root);
}

FcSummary *
fc_fhir_read_bundle (const char  *json,
                     gssize       length,
                     GDateTime   *today,
                     GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GHashTable) index = NULL;
  ReadContext ctx = { 0 };
  JsonObject *bundle;
  JsonArray *entries;
  const char *resource_type;
  const char *bundle_type;
  guint n_entries;

  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = fc_fhir_parse_json (json != NULL ? json : "", length, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: the document is not a JSON object"));
      return NULL;
    }

  bundle = json_node_get_object (root);
  resource_type = obj_string (bundle, "resourceType");
  if (resource_type == NULL)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: “resourceType” is missing"));
      return NULL;
    }
  if (!g_str_equal (resource_type, "Bundle"))
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: the resource is a “%s”"), resource_type);
      return NULL;
    }

  bundle_type = obj_string (bundle, "type");
  if (bundle_type != NULL && !g_str_equal (bundle_type, "document")
      && !g_str_equal (bundle_type, "collection") && !g_str_equal (bundle_type, "searchset"))
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The Bundle is of type “%s”, not a document or collection"), bundle_type);
      return NULL;
    }

  entries = obj_array (bundle, "entry");
  if (entries == NULL)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The Bundle has no “entry” list"));
      return NULL;
    }

  /* First pass: check every entry and index resources for references. */
  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n_entries = json_array_get_length (entries);
  for (guint i = 0; i < n_entries; i++)
    {
      JsonObject *entry = array_object (entries, i);
      JsonObject *resource;
      const char *type;
      const char *id;
      const char *full_url;

      if (entry == NULL)
        {
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                       _("Bundle entry %u is not an object"), i);
          return NULL;
        }
      resource = obj_object (entry, "resource");
      if (resource == NULL)
        {
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                       _("Bundle entry %u has no resource"), i);
          return NULL;
        }
      type = obj_text (resource, "resourceType");
      if (type == NULL)
        {
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                       _("Bundle entry %u: the resource has no “resourceType”"), i);
          return NULL;
        }

      id = obj_text (resource, "id");
      full_url = obj_text (entry, "fullUrl");
      if (id != NULL)
        g_hash_table_insert (index, g_strdup_printf ("%s/%s", type, id), resource);
      if (full_url != NULL)
        g_hash_table_insert (index, g_strdup (full_url), resource);
    }

  summary = fc_summary_new ();
  ctx.summary = summary;
  ctx.index = index;
  ctx.today = today;

  /* Second pass: read the resources in document order. */
  for (guint i = 0; i < n_entries; i++)
    {
      JsonObject *resource = obj_object (array_object (entries, i), "resource");

      read_resource (&ctx, resource, obj_text (resource, "resourceType"));
    }

  return g_steal_pointer (&summary);
}

FcSummary *
fc_fhir_read_bundle_file (const char  *path,
                          GDateTime   *today,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;
  FcSummary *summary;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Refuse an oversized file before reading it into memory. */
  if (g_stat (path, &st) == 0 && st.st_size > FC_FHIR_MAX_BYTES)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("%s: the summary is too large to read (at most %d MB)."),
                   path, FC_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  summary = fc_fhir_read_bundle (contents, length, today, error);
  if (summary != NULL)
    fc_summary_set_provenance (summary, FC_PROVENANCE_FILE);

  return summary;
}
