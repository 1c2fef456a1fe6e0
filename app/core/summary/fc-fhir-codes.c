/* fc-fhir-codes.c: code systems and codes of the FHIR reader — JP Core system aliases, IPS section
 * codes and absent/unknown statements, CodeableConcepts and where a resource's information comes
 * from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fhir-reader"

#include "config.h"

#include "fc-fhir-private.h"

#include <string.h>

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

/* Source descriptions, recognised by a word they contain (after g_utf8_strdown()). */
static const struct {
  const char *word;
  const char *source;
} source_words[] = {
  { "e-prescription", "e-prescription" },
  { "eprescription", "e-prescription" },
  { "electronic-prescription", "e-prescription" },
  { "電子処方", "e-prescription" },
  { "claim", "claims" },
  { "receipt", "claims" },
  { "レセプト", "claims" },
  { "診療報酬", "claims" },
  { "shared-record", "shared-record" },
  { "shared record", "shared-record" },
  { "ehrshrs", "shared-record" },
  { "clins", "shared-record" },
  { "電子カルテ", "shared-record" },
};

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

/* The aliases as written in the table → short name: most bundles spell them so, and one hash
 * lookup then replaces a comparison with each alias. Built once, read-only after. */
static GHashTable *
exact_aliases (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (system_aliases); i++)
        g_hash_table_insert (t, (gpointer) system_aliases[i].uri,
                             (gpointer) system_aliases[i].name);
      g_once_init_leave (&table, t);
    }
  return table;
}

const char *
fc_fhir_normalize_system (const char *system)
{
  g_autofree char *trimmed = NULL;
  const char *name;

  if (system == NULL)
    return NULL;

  name = g_hash_table_lookup (exact_aliases (), system);
  if (name != NULL)
    return name;

  /* Ignore surrounding white space, which hand-written bundles sometimes carry. */
  trimmed = g_strstrip (g_strdup (system));

  for (guint i = 0; i < G_N_ELEMENTS (system_aliases); i++)
    if (system_matches (trimmed, system_aliases[i].uri))
      return system_aliases[i].name;

  return system;
}

gboolean
fc_fhir_is_supporting_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (supporting_types); i++)
    if (g_str_equal (type, supporting_types[i]))
      return TRUE;
  return FALSE;
}

/* The first non-blank @member ("display", "code") of the codings of @concept. */
static const char *
first_coding_text (const FcFhirJson *concept,
                   const char       *member)
{
  const FcFhirJson *codings = fc_fhir_json_array (concept, "coding");

  for (guint i = 0; i < fc_fhir_json_length (codings); i++)
    {
      const char *text = fc_fhir_json_text (fc_fhir_json_element_object (codings, i), member);

      if (text != NULL)
        return text;
    }
  return NULL;
}

const char *
fc_fhir_codeable_text (const FcFhirJson *concept)
{
  const char *text;

  if (concept == NULL)
    return NULL;

  text = fc_fhir_json_text (concept, "text");
  if (text == NULL)
    text = first_coding_text (concept, "display");
  if (text == NULL)
    text = first_coding_text (concept, "code");
  return text;
}

const char *
fc_fhir_codeable_code (const FcFhirJson *concept)
{
  return first_coding_text (concept, "code");
}

void
fc_fhir_add_codings (FcSummaryItem    *item,
                     const FcFhirJson *concept)
{
  const FcFhirJson *codings = fc_fhir_json_array (concept, "coding");

  for (guint i = 0; i < fc_fhir_json_length (codings); i++)
    {
      const FcFhirJson *coding = fc_fhir_json_element_object (codings, i);
      const char *code = fc_fhir_json_text (coding, "code");
      const char *system = fc_fhir_json_text (coding, "system");
      const char *display = fc_fhir_json_text (coding, "display");
      const char *short_name;

      if (code == NULL)
        continue;

      short_name = system != NULL ? fc_fhir_normalize_system (system) : "";
      if (g_str_equal (short_name, "icd10") && strchr (code, '.') != NULL)
        {
          g_autoptr(GString) plain = g_string_new (NULL);

          for (const char *p = code; *p != '\0'; p++)
            if (*p != '.')
              g_string_append_c (plain, *p);
          fc_summary_item_add_coding (item, short_name, plain->str, display);
        }
      else
        {
          fc_summary_item_add_coding (item, short_name, code, display);
        }
    }
}

gboolean
fc_fhir_is_absent_statement (const FcFhirJson *concept,
                             FcItemKind       *kind_out,
                             gboolean         *none_known_out)
{
  const FcFhirJson *codings = fc_fhir_json_array (concept, "coding");

  for (guint i = 0; i < fc_fhir_json_length (codings); i++)
    {
      const FcFhirJson *coding = fc_fhir_json_element_object (codings, i);
      const char *code = fc_fhir_json_text (coding, "code");
      const char *system = fc_fhir_json_text (coding, "system");

      if (code == NULL || system == NULL)
        continue;
      if (strstr (system, "absent-unknown") == NULL && strstr (system, "snomed") == NULL)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (absent_codes); j++)
        {
          if (g_str_equal (code, absent_codes[j].code))
            {
              *kind_out = absent_codes[j].kind;
              *none_known_out = absent_codes[j].none_known;
              return TRUE;
            }
        }
    }

  return FALSE;
}

/* Maps a source description to "claims", "e-prescription" or "shared-record"; NULL when it is
 * not recognisable. */
static const char *
recognise_source (const char *value)
{
  g_autofree char *lower = NULL;

  if (value == NULL)
    return NULL;

  /* The three names themselves, as bundles usually give them, need no case folding. */
  if (g_str_equal (value, "claims") || g_str_equal (value, "e-prescription")
      || g_str_equal (value, "shared-record"))
    return value[0] == 'c' ? "claims" : value[0] == 'e' ? "e-prescription" : "shared-record";

  lower = g_utf8_strdown (value, -1);
  for (guint i = 0; i < G_N_ELEMENTS (source_words); i++)
    if (strstr (lower, source_words[i].word) != NULL)
      return source_words[i].source;

  return NULL;
}

/* @value as a recognised source name, else @value itself. */
static const char *
source_or_self (const char *value)
{
  const char *recognised = recognise_source (value);

  return recognised != NULL ? recognised : value;
}

const char *
fc_fhir_extension_string (const FcFhirJson *extension)
{
  const char *value;

  value = fc_fhir_json_text (extension, "valueString");
  if (value == NULL)
    value = fc_fhir_json_text (extension, "valueCode");
  if (value == NULL)
    value = fc_fhir_json_text (extension, "valueUri");
  if (value == NULL)
    value = fc_fhir_json_text (fc_fhir_json_object (extension, "valueCoding"), "code");
  if (value == NULL)
    value = fc_fhir_codeable_code (fc_fhir_json_object (extension, "valueCodeableConcept"));
  return value;
}

/* An extension whose url ends in "source", a meta.tag, or meta.source; "unknown" when none
 * says. */
const char *
fc_fhir_resource_source (const FcFhirJson *resource)
{
  const FcFhirJson *extensions = fc_fhir_json_array (resource, "extension");
  const FcFhirJson *meta = fc_fhir_json_object (resource, "meta");
  const FcFhirJson *tags = fc_fhir_json_array (meta, "tag");
  const char *value;

  for (guint i = 0; i < fc_fhir_json_length (extensions); i++)
    {
      const FcFhirJson *extension = fc_fhir_json_element_object (extensions, i);
      const char *url = fc_fhir_json_text (extension, "url");

      if (url == NULL || !(g_str_has_suffix (url, "source") || g_str_has_suffix (url, "Source")))
        continue;
      value = fc_fhir_extension_string (extension);
      if (value != NULL)
        return source_or_self (value);
    }

  for (guint i = 0; i < fc_fhir_json_length (tags); i++)
    {
      const FcFhirJson *tag = fc_fhir_json_element_object (tags, i);
      const char *recognised = recognise_source (fc_fhir_json_text (tag, "code"));

      if (recognised == NULL)
        recognised = recognise_source (fc_fhir_json_text (tag, "system"));
      if (recognised == NULL)
        recognised = recognise_source (fc_fhir_json_text (tag, "display"));
      if (recognised != NULL)
        return recognised;
    }
  for (guint i = 0; i < fc_fhir_json_length (tags); i++)
    {
      const FcFhirJson *tag = fc_fhir_json_element_object (tags, i);
      const char *system = fc_fhir_json_text (tag, "system");

      value = fc_fhir_json_text (tag, "code");
      if (system != NULL && value != NULL && strstr (system, "source") != NULL)
        return value;
    }

  value = fc_fhir_json_text (meta, "source");
  if (value != NULL)
    return source_or_self (value);

  return "unknown";
}

gboolean
fc_fhir_section_kind (const FcFhirJson *section,
                      FcItemKind       *kind_out)
{
  const FcFhirJson *codings = fc_fhir_json_array (fc_fhir_json_object (section, "code"),
                                                  "coding");
  const char *title = fc_fhir_json_text (section, "title");

  for (guint i = 0; i < fc_fhir_json_length (codings); i++)
    {
      const char *code = fc_fhir_json_text (fc_fhir_json_element_object (codings, i), "code");

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

gboolean
fc_fhir_says_none_known (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_utf8_strdown (text, -1);
  return strstr (lower, "none known") != NULL || strstr (lower, "no known") != NULL;
}
