/* test-fhir-reader.c: reading IPS-shaped FHIR Bundles with JP Core codes: code system aliases,
 * the items of each kind, patient, sources, Composition sections and the shipped pilot bundles.
 * What is refused is in test-fhir-errors.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fc-fhir-reader.h"
#include "fhir-test-util.h"

#define BUNDLE_HEAD "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
#define BUNDLE_TAIL "]}"

static FcSummary *
read_fixture (const char *name)
{
  g_autoptr(GDateTime) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (SUMMARY_TEST_DIR, "bundles", name, NULL);
  FcSummary *summary;

  summary = fc_fhir_read_bundle_file (path, today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

/* Item @i of @kind's section (transfer none: the summary keeps it alive). */
static FcSummaryItem *
section_item (FcSummary  *summary,
              FcItemKind  kind,
              guint       i)
{
  g_autoptr(FcSummaryItem) item = g_list_model_get_item (fc_summary_get_section (summary, kind), i);

  g_assert_nonnull (item);
  return item;
}

static FcSummaryItem *
find_item (FcSummary  *summary,
           const char *resource_id)
{
  GListModel *items = fc_summary_get_items (summary);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (fc_summary_item_get_resource_id (item), resource_id) == 0)
        return item;
    }

  g_error ("no item %s", resource_id);
  return NULL;
}

/* Every alias of clinical-rules.md §2.3, plus spelling variants seen in the field. */
static const struct {
  const char *system;
  const char *name;
} aliases[] = {
  { "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "yj" },
  { "urn:oid:1.2.392.100495.20.2.73", "yj" },
  { "urn:oid:1.2.392.100495.20.1.73", "yj" },
  { "https://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "yj" },
  { "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code/", "yj" },
  { " http://capstandard.jp/iyaku.info/CodeSystem/YJ-code ", "yj" },
  { "1.2.392.100495.20.2.73", "yj" },
  { "http://medis.or.jp/CodeSystem/master-HOT9", "hot" },
  { "http://medis.or.jp/CodeSystem/master-HOT7", "hot" },
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

static void
test_normalize_aliases (void)
{
  static const char *unknown = "http://example.jp/CodeSystem/local-drug";

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_test_message ("system %s", aliases[i].system);
      g_assert_cmpstr (fc_fhir_normalize_system (aliases[i].system), ==, aliases[i].name);
    }

  /* Unknown systems come back as they are (the same string). */
  g_assert_true (fc_fhir_normalize_system (unknown) == unknown);
  g_assert_cmpstr (fc_fhir_normalize_system ("urn:oid:1.2.392.100495.20.2.7"), ==,
                   "urn:oid:1.2.392.100495.20.2.7");
  g_assert_cmpstr (fc_fhir_normalize_system ("http://capstandard.jp/iyaku.info/CodeSystem/YJ"),
                   ==, "http://capstandard.jp/iyaku.info/CodeSystem/YJ");
  g_assert_null (fc_fhir_normalize_system (NULL));
}

/* Each alias, read from a bundle: the code is found under the short name. */
static void
test_reader_code_aliases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(FcSummary) summary = NULL;
      g_autofree char *system = g_strescape (aliases[i].system, NULL);
      FcSummaryItem *item;

      json = g_strdup_printf (BUNDLE_HEAD
                              "{\"resource\": {\"resourceType\": \"MedicationStatement\","
                              " \"status\": \"active\", \"medicationCodeableConcept\":"
                              " {\"coding\": [{\"system\": \"%s\", \"code\": \"C0DE%u\"}]}}}"
                              BUNDLE_TAIL, system, i);
      summary = read_json (json);
      g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 1);
      item = section_item (summary, FC_ITEM_MEDICATION, 0);
      {
        g_autofree char *expected = g_strdup_printf ("C0DE%u", i);
        g_test_message ("system %s", aliases[i].system);
        g_assert_cmpstr (fc_summary_item_find_code (item, aliases[i].name), ==, expected);
        /* No other text: the code is shown. */
        g_assert_cmpstr (fc_summary_item_get_text (item), ==, expected);
      }
    }
}

/* ICD-10 is compared without its dot, whichever way the sender wrote it. */
static void
test_reader_icd10_dot (void)
{
  static const struct {
    const char *system;
    const char *code;
    const char *expected;
  } cases[] = {
    { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full", "E11.9", "E119" },
    { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full", "E119", "E119" },
    { "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-3digits", "I48", "I48" },
    { "http://hl7.org/fhir/sid/icd-10", "N18.5", "N185" },
    { "urn:oid:2.16.840.1.113883.6.3", "Z99.2", "Z992" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(FcSummary) summary = NULL;
      FcSummaryItem *item;
      const FcCoding *coding;

      json = g_strdup_printf (BUNDLE_HEAD
                              "{\"resource\": {\"resourceType\": \"Condition\", \"code\":"
                              " {\"coding\": [{\"system\": \"%s\", \"code\": \"%s\","
                              " \"display\": \"病名\"}]}}}"
                              BUNDLE_TAIL, cases[i].system, cases[i].code);
      summary = read_json (json);
      item = section_item (summary, FC_ITEM_CONDITION, 0);
      g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, cases[i].expected);
      coding = g_ptr_array_index (fc_summary_item_get_codings (item), 0);
      g_assert_cmpstr (coding->display, ==, "病名");
      g_assert_cmpstr (fc_summary_item_get_text (item), ==, "病名");
    }

  /* A dot in a code of another system is kept. */
  {
    g_autoptr(FcSummary) summary = read_json (
      BUNDLE_HEAD "{\"resource\": {\"resourceType\": \"Condition\", \"code\": {\"coding\":"
      " [{\"system\": \"http://example.jp/local\", \"code\": \"A.1\"}]}}}" BUNDLE_TAIL);
    FcSummaryItem *item = section_item (summary, FC_ITEM_CONDITION, 0);

    g_assert_cmpstr (fc_summary_item_find_code (item, "http://example.jp/local"), ==, "A.1");
  }
}

static void
test_reader_medications (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  FcSummaryItem *item;

  /* entered-in-error is dropped; the three others stay, in document order. */
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 3);

  /* A contained Medication (medicationReference "#insulin") with HOT9 and an OID-form YJ. */
  item = section_item (summary, FC_ITEM_MEDICATION, 0);
  g_assert_cmpstr (fc_summary_item_get_resource_id (item), ==, "MedicationRequest/inj1");
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "ヒューマログ注ミリオペン");
  g_assert_cmpstr (fc_summary_item_find_code (item, "hot"), ==, "119883801");
  g_assert_cmpstr (fc_summary_item_find_code (item, "yj"), ==, "2492413G4022");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-10-01");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==,
                   "1日3回 毎食直前 各4単位; 低血糖時は中止");
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "active");
  /* meta.source that says "claims". */
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "claims");

  /* A Medication elsewhere in the bundle ("Medication/warfarin"); text from the display. */
  item = section_item (summary, FC_ITEM_MEDICATION, 1);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "ワーファリン錠1mg");
  g_assert_cmpstr (fc_summary_item_find_code (item, "yj"), ==, "3332001F1063");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-09-20");
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "e-prescription");

  /* Neither text nor display: the code is the text; no source: "unknown". */
  item = section_item (summary, FC_ITEM_MEDICATION, 2);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "1149019F1ZZZ");
  g_assert_cmpstr (fc_summary_item_find_code (item, "general-order"), ==, "1149019F1ZZZ");
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "unknown");
  g_assert_null (fc_summary_item_get_date (item));
}

static void
test_reader_text_rules (void)
{
  g_autoptr(FcSummary) summary = read_json (
    BUNDLE_HEAD
    "{\"resource\": {\"resourceType\": \"MedicationDispense\", \"status\": \"completed\","
    " \"whenHandedOver\": \"2026-11-01T10:00:00+09:00\","
    " \"medicationCodeableConcept\": {\"text\": \"【般】ロキソプロフェンNa錠60mg\", \"coding\":"
    " [{\"system\": \"http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode\","
    " \"code\": \"1149019F1ZZZ\", \"display\": \"ロキソプロフェン\"}]}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"dateAsserted\": \"2026-10-02\","
    " \"medicationCodeableConcept\": {\"text\": \"  \", \"coding\": [{\"code\": \"X\"},"
    " {\"code\": \"Y\", \"display\": \"表示名\"}]}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\"}}"
    BUNDLE_TAIL);
  FcSummaryItem *item;

  /* 【般】 is kept in the text. */
  item = section_item (summary, FC_ITEM_MEDICATION, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "【般】ロキソプロフェンNa錠60mg");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-11-01");

  /* Blank text: the first display, even when it is not on the first coding. */
  item = section_item (summary, FC_ITEM_MEDICATION, 1);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "表示名");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-10-02");
  g_assert_cmpstr (fc_summary_item_find_code (item, ""), ==, "X");

  /* Nothing at all: still a non-empty text. */
  item = section_item (summary, FC_ITEM_MEDICATION, 2);
  g_assert_cmpstr (fc_summary_item_get_text (item), !=, "");
}

static void
test_reader_conditions (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  FcSummaryItem *item;

  /* The entered-in-error Condition is gone; resolved is kept. */
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_CONDITION), ==, 2);

  item = find_item (summary, "Condition/suspected");
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "unconfirmed");
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "心房細動の疑い");
  g_assert_cmpstr (fc_summary_item_find_code (item, "medis"), ==, "20054961");
  g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, "I48");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-08-01");
  /* The 電子カルテ情報共有サービス tag marks a shared record. */
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "shared-record");

  item = find_item (summary, "Condition/old");
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "resolved");
  g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, "J189");
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "肺炎");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2019-01-05");
}

static void
test_reader_allergy (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  FcSummaryItem *item = section_item (summary, FC_ITEM_ALLERGY, 0);

  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ALLERGY), ==, 1);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "ロキソプロフェン");
  g_assert_cmpstr (fc_summary_item_get_category (item), ==, "medication");
  g_assert_cmpstr (fc_summary_item_get_criticality (item), ==, "high");
  g_assert_cmpstr (fc_summary_item_find_code (item, "jfagy"), ==, "YCM1149019F1ZZZ");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2020-04-01");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "呼吸困難, じんましん");
}

static void
test_reader_other_kinds (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  FcSummaryItem *item;

  item = section_item (summary, FC_ITEM_PROCEDURE, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "経皮的冠動脈形成術");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2024-03-10");

  /* Encounter: the class as text, the provider's name and phone (not fax) as detail. */
  item = section_item (summary, FC_ITEM_ENCOUNTER, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "入院");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-07-01");
  g_assert_nonnull (strstr (fc_summary_item_get_detail (item), "みなと総合病院"));
  g_assert_nonnull (strstr (fc_summary_item_get_detail (item), "03-0000-0000"));
  g_assert_null (strstr (fc_summary_item_get_detail (item), "03-0000-0001"));

  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_OBSERVATION), ==, 2);
  item = section_item (summary, FC_ITEM_OBSERVATION, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "eGFR");
  g_assert_cmpstr (fc_summary_item_find_code (item, "jlac10"), ==, "3C335000002327201");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "28.5 mL/min/1.73m2 (L)");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-10-15");
  item = section_item (summary, FC_ITEM_OBSERVATION, 1);
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "陰性");
}

static void
test_reader_unknown_kept (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  FcSummaryItem *item;

  /* Immunization and Flag are not dropped: they are OTHER items named by their type. */
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_OTHER), ==, 2);
  item = section_item (summary, FC_ITEM_OTHER, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "Immunization");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "インフルエンザHAワクチン");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2025-11-01");
  item = section_item (summary, FC_ITEM_OTHER, 1);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "Flag");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "易感染性");

  /* Organization and Medication only support other resources; Patient is demographics. */
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==,
                    3 + 2 + 1 + 1 + 1 + 2 + 2);
}

static void
test_reader_patient (void)
{
  g_autoptr(FcSummary) summary = read_fixture ("mixed.json");
  g_autoptr(FcSummary) without = read_json (BUNDLE_HEAD BUNDLE_TAIL);
  g_autoptr(FcSummary) odd = read_json (
    BUNDLE_HEAD "{\"resource\": {\"resourceType\": \"Patient\", \"gender\": \"unknown\","
    " \"birthDate\": \"2019-12\"}}" BUNDLE_TAIL);

  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "female");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "80s");
  g_assert_cmpint (fc_summary_get_provenance (summary), ==, FC_PROVENANCE_FILE);

  g_assert_cmpstr (fc_summary_get_sex (without), ==, "unknown");
  g_assert_cmpstr (fc_summary_get_age_band (without), ==, "unknown");
  g_assert_cmpint (fc_summary_get_provenance (without), ==, FC_PROVENANCE_NETWORK);

  g_assert_cmpstr (fc_summary_get_sex (odd), ==, "unknown");
  g_assert_cmpstr (fc_summary_get_age_band (odd), ==, "0s");
}

static void
test_reader_sources (void)
{
  g_autoptr(FcSummary) summary = read_json (
    BUNDLE_HEAD
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"1\","
    " \"meta\": {\"tag\": [{\"system\": \"http://example.jp/other\", \"code\": \"x\"},"
    " {\"system\": \"https://fieldcard.github.io/fhir/CodeSystem/information-source\","
    " \"code\": \"claims\"}]}, \"medicationCodeableConcept\": {\"text\": \"a\"}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"2\","
    " \"meta\": {\"tag\": [{\"display\": \"電子処方箋管理サービス\"}]},"
    " \"medicationCodeableConcept\": {\"text\": \"b\"}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"3\","
    " \"meta\": {\"source\": \"https://hospital.example.jp/ehr\"},"
    " \"medicationCodeableConcept\": {\"text\": \"c\"}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"4\","
    " \"meta\": {\"tag\": [{\"system\": \"http://example.jp/data-source\","
    " \"code\": \"pharmacy\"}]},"
    " \"medicationCodeableConcept\": {\"text\": \"d\"}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"5\","
    " \"medicationCodeableConcept\": {\"text\": \"e\"}}}"
    BUNDLE_TAIL);

  g_assert_cmpstr (fc_summary_item_get_source (find_item (summary, "MedicationStatement/1")), ==,
                   "claims");
  g_assert_cmpstr (fc_summary_item_get_source (find_item (summary, "MedicationStatement/2")), ==,
                   "e-prescription");
  /* Not recognisable: kept as given. */
  g_assert_cmpstr (fc_summary_item_get_source (find_item (summary, "MedicationStatement/3")), ==,
                   "https://hospital.example.jp/ehr");
  g_assert_cmpstr (fc_summary_item_get_source (find_item (summary, "MedicationStatement/4")), ==,
                   "pharmacy");
  g_assert_cmpstr (fc_summary_item_get_source (find_item (summary, "MedicationStatement/5")), ==,
                   "unknown");
}

/* Composition sections: "none known" is not "no information", and windows are kept. */
static void
test_reader_composition (void)
{
  g_autoptr(FcSummary) summary = read_json (
    "{\"resourceType\": \"Bundle\", \"type\": \"document\", \"entry\": ["
    "{\"fullUrl\": \"urn:uuid:c\", \"resource\": {\"resourceType\": \"Composition\","
    " \"extension\": [{\"url\": \"https://x/summary-window\", \"valueString\": \"5 years\"}],"
    " \"section\": ["
    "  {\"title\": \"Allergies\", \"code\": {\"coding\": [{\"system\": \"http://loinc.org\","
    "   \"code\": \"48765-2\"}]}, \"emptyReason\": {\"coding\": [{\"code\": \"nilknown\"}]}},"
    "  {\"title\": \"Problems\", \"code\": {\"coding\": [{\"code\": \"11450-4\"}]}},"
    "  {\"title\": \"Medications\", \"code\": {\"coding\": [{\"code\": \"10160-0\"}]},"
    "   \"extension\": [{\"url\":"
    "   \"https://fieldcard.github.io/fhir/StructureDefinition/section-window\","
    "   \"valueString\": \"3 months\"}], \"entry\": [{\"reference\": \"urn:uuid:m\"}]},"
    "  {\"title\": \"Procedures\", \"code\": {\"coding\": [{\"code\": \"47519-4\"}]},"
    "   \"emptyReason\": {\"coding\": [{\"code\": \"unavailable\"}]}},"
    "  {\"title\": \"受診歴\", \"text\": {\"div\": \"<div>None known</div>\"}}"
    " ]}},"
    "{\"fullUrl\": \"urn:uuid:m\", \"resource\": {\"resourceType\": \"MedicationStatement\","
    " \"medicationCodeableConcept\": {\"text\": \"アムロジピン\"}}}"
    "]}");

  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NONE_KNOWN);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_CONDITION), ==,
                   FC_SECTION_NO_INFORMATION);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_MEDICATION), ==,
                   FC_SECTION_PRESENT);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_PROCEDURE), ==,
                   FC_SECTION_NO_INFORMATION);
  /* Matched by its (Japanese) title; its narrative says "none known". */
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ENCOUNTER), ==,
                   FC_SECTION_NONE_KNOWN);

  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_MEDICATION), ==, "3 months");
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_CONDITION), ==, "5 years");
  g_assert_cmpstr (fc_summary_get_default_window (summary), ==, "5 years");
}

/* IPS "no known allergies" entries set the section state instead of becoming items. */
static void
test_reader_absent_statements (void)
{
  g_autoptr(FcSummary) summary = read_json (
    BUNDLE_HEAD
    "{\"resource\": {\"resourceType\": \"AllergyIntolerance\", \"code\": {\"coding\": [{\"system\":"
    " \"http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips\","
    " \"code\": \"no-known-allergies\"}]}}},"
    "{\"resource\": {\"resourceType\": \"MedicationStatement\", \"medicationCodeableConcept\":"
    " {\"coding\": [{\"system\": \"http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips\","
    " \"code\": \"no-medication-info\"}]}}},"
    "{\"resource\": {\"resourceType\": \"Condition\", \"code\": {\"coding\": [{\"system\":"
    " \"http://snomed.info/sct\", \"code\": \"160245001\"}]}}}"
    BUNDLE_TAIL);

  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 0);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NONE_KNOWN);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_MEDICATION), ==,
                   FC_SECTION_NO_INFORMATION);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_CONDITION), ==,
                   FC_SECTION_NONE_KNOWN);
}

/* /fc/fhir/reader/missing-fields-tolerated: resources with no code, no date, no status, no
 * subject are kept (as text where there is any), never a failure. */
static void
test_reader_missing_fields (void)
{
  g_autoptr(FcSummary) summary = read_json (
    "{\"resourceType\": \"Bundle\", \"type\": \"document\", \"entry\": ["
    "  {\"resource\": {\"resourceType\": \"MedicationStatement\", \"id\": \"m1\"}},"
    "  {\"resource\": {\"resourceType\": \"MedicationRequest\", \"id\": \"m2\","
    "     \"medicationCodeableConcept\": {\"text\": \"ワルファリン錠1mg\"}}},"
    "  {\"resource\": {\"resourceType\": \"Condition\", \"id\": \"c1\"}},"
    "  {\"resource\": {\"resourceType\": \"AllergyIntolerance\", \"id\": \"a1\","
    "     \"code\": {\"coding\": [{\"code\": \"X\"}]}}},"
    "  {\"resource\": {\"resourceType\": \"Patient\", \"id\": \"p\"}},"
    "  {\"resource\": {\"resourceType\": \"Observation\", \"id\": \"o1\"}},"
    "  {\"resource\": {\"resourceType\": \"Encounter\", \"id\": \"e1\"}}"
    "]}");
  FcSummaryItem *item;

  item = find_item (summary, "MedicationRequest/m2");
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "ワルファリン錠1mg");
  g_assert_null (fc_summary_item_get_date (item));
  /* The others are kept too, whatever text they get. */
  find_item (summary, "MedicationStatement/m1");
  find_item (summary, "Condition/c1");
  find_item (summary, "AllergyIntolerance/a1");
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), >=, 4);
}

static FcSummary *
read_shipped (const char *name)
{
  g_autoptr(GDateTime) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  const char *data_dir = g_getenv ("FIELDCARD_DATA_DIR");
  g_autofree char *path = NULL;
  FcSummary *summary;

  g_assert_nonnull (data_dir);
  path = g_build_filename (data_dir, "scenarios", "bundles", name, NULL);
  summary = fc_fhir_read_bundle_file (path, today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static void
test_shipped_anticoagulant (void)
{
  g_autoptr(FcSummary) summary = read_shipped ("pilot-1-anticoagulant.json");
  FcSummaryItem *item;

  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "male");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "70s");
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 7);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 4);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_CONDITION), ==, 2);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ENCOUNTER), ==, 1);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_OTHER), ==, 0);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NONE_KNOWN);
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_MEDICATION), ==, "3 months");

  item = section_item (summary, FC_ITEM_MEDICATION, 0);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "エリキュース錠5mg");
  g_assert_true (g_str_has_prefix (fc_summary_item_find_code (item, "yj"), "3339004"));
  g_assert_cmpstr (fc_summary_item_find_code (item, "atc"), ==, "B01AF02");
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "claims");
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-11-05");
  g_assert_nonnull (fc_summary_item_get_detail (item));

  /* Iron, dispensed on an e-prescription, as a contained Medication with 一般名処方 code. */
  item = section_item (summary, FC_ITEM_MEDICATION, 1);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "【般】クエン酸第一鉄Na錠50mg");
  g_assert_cmpstr (fc_summary_item_find_code (item, "general-order"), ==, "3222013F1ZZZ");
  g_assert_true (g_str_has_prefix (fc_summary_item_find_code (item, "yj"), "3222"));
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "e-prescription");

  item = section_item (summary, FC_ITEM_MEDICATION, 2);
  g_assert_true (g_str_has_prefix (fc_summary_item_find_code (item, "yj"), "2171022"));

  item = section_item (summary, FC_ITEM_CONDITION, 0);
  g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, "I48");
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "confirmed");
  item = section_item (summary, FC_ITEM_CONDITION, 1);
  g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, "D509");

  item = section_item (summary, FC_ITEM_ENCOUNTER, 0);
  g_assert_nonnull (strstr (fc_summary_item_get_detail (item), "03-1234-5678"));
}

static void
test_shipped_ckd (void)
{
  g_autoptr(FcSummary) summary = read_shipped ("pilot-2-ckd.json");
  GListModel *medications;
  gboolean lanthanum = FALSE, potassium_binder = FALSE;

  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "male");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "60s");
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 5);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 4);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ENCOUNTER), ==, 1);
  /* No conditions recorded: no information, not none known. */
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_CONDITION), ==,
                   FC_SECTION_NO_INFORMATION);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NO_INFORMATION);

  medications = fc_summary_get_section (summary, FC_ITEM_MEDICATION);
  for (guint i = 0; i < g_list_model_get_n_items (medications); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (medications, i);
      const char *yj = fc_summary_item_find_code (item, "yj");

      if (yj != NULL && g_str_has_prefix (yj, "2190029"))
        lanthanum = TRUE;
      if (yj != NULL && g_str_has_prefix (yj, "2190016"))
        potassium_binder = TRUE;
    }
  g_assert_true (lanthanum);
  g_assert_true (potassium_binder);

  /* A MedicationRequest with only a 一般名処方 code. */
  {
    FcSummaryItem *item = section_item (summary, FC_ITEM_MEDICATION, 3);
    g_assert_cmpstr (fc_summary_item_find_code (item, "general-order"), ==, "3949004F2ZZZ");
    g_assert_null (fc_summary_item_find_code (item, "yj"));
  }
}

static void
test_shipped_diabetes (void)
{
  g_autoptr(FcSummary) summary = read_shipped ("pilot-3-diabetes.json");
  FcSummaryItem *item;

  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "male");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "60s");
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 7);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 2);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_CONDITION), ==, 2);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ALLERGY), ==, 1);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_OBSERVATION), ==, 1);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ENCOUNTER), ==, 1);

  item = section_item (summary, FC_ITEM_MEDICATION, 0);
  g_assert_true (g_str_has_prefix (fc_summary_item_find_code (item, "yj"), "2492"));
  item = section_item (summary, FC_ITEM_MEDICATION, 1);
  g_assert_true (g_str_has_prefix (fc_summary_item_find_code (item, "yj"), "3962002"));

  item = section_item (summary, FC_ITEM_CONDITION, 0);
  g_assert_cmpstr (fc_summary_item_find_code (item, "icd10"), ==, "E119");
  g_assert_nonnull (fc_summary_item_find_code (item, "medis"));
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "confirmed");

  item = section_item (summary, FC_ITEM_ALLERGY, 0);
  g_assert_cmpstr (fc_summary_item_get_category (item), ==, "medication");
  g_assert_cmpstr (fc_summary_item_get_criticality (item), ==, "low");
  g_assert_nonnull (strstr (fc_summary_item_get_text (item), "ペニシリン"));
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "shared-record");

  item = section_item (summary, FC_ITEM_OBSERVATION, 0);
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "8.4 % (H)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/fhir/normalize/aliases", test_normalize_aliases);
  g_test_add_func ("/fc/fhir/reader/code-aliases", test_reader_code_aliases);
  g_test_add_func ("/fc/fhir/reader/icd10-dot", test_reader_icd10_dot);
  g_test_add_func ("/fc/fhir/reader/medications", test_reader_medications);
  g_test_add_func ("/fc/fhir/reader/text-rules", test_reader_text_rules);
  g_test_add_func ("/fc/fhir/reader/conditions", test_reader_conditions);
  g_test_add_func ("/fc/fhir/reader/allergy", test_reader_allergy);
  g_test_add_func ("/fc/fhir/reader/other-kinds", test_reader_other_kinds);
  g_test_add_func ("/fc/fhir/reader/unknown-resource-kept", test_reader_unknown_kept);
  g_test_add_func ("/fc/fhir/reader/patient", test_reader_patient);
  g_test_add_func ("/fc/fhir/reader/sources", test_reader_sources);
  g_test_add_func ("/fc/fhir/reader/composition-sections", test_reader_composition);
  g_test_add_func ("/fc/fhir/reader/absent-statements", test_reader_absent_statements);
  g_test_add_func ("/fc/fhir/reader/missing-fields-tolerated", test_reader_missing_fields);
  g_test_add_func ("/fc/fhir/shipped/pilot-1-anticoagulant", test_shipped_anticoagulant);
  g_test_add_func ("/fc/fhir/shipped/pilot-2-ckd", test_shipped_ckd);
  g_test_add_func ("/fc/fhir/shipped/pilot-3-diabetes", test_shipped_diabetes);

  return g_test_run ();
}
