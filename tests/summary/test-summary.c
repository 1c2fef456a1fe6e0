/* test-summary.c: FcCoding, FcSummaryItem and the FcSummary model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-summary.h"

#include "fc-core-enums.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_coding_boxed (void)
{
  g_autoptr(FcCoding) coding = fc_coding_new ("yj", "3339004F2029", "エリキュース錠5mg");
  FcCoding *copy;

  g_assert_cmpstr (coding->system, ==, "yj");
  g_assert_cmpstr (coding->code, ==, "3339004F2029");
  g_assert_cmpstr (coding->display, ==, "エリキュース錠5mg");

  copy = g_boxed_copy (FC_TYPE_CODING, coding);
  g_assert_true (copy != coding);
  g_assert_true (copy->code != coding->code);
  g_assert_cmpstr (copy->system, ==, "yj");
  g_assert_cmpstr (copy->code, ==, "3339004F2029");
  g_assert_cmpstr (copy->display, ==, "エリキュース錠5mg");
  g_boxed_free (FC_TYPE_CODING, copy);

  /* A coding without system or display. */
  copy = fc_coding_new (NULL, "X1", NULL);
  g_assert_cmpstr (copy->system, ==, "");
  g_assert_null (copy->display);
  fc_coding_free (copy);
}

static void
test_item_new_finalize (void)
{
  FcSummaryItem *item = fc_summary_item_new (FC_ITEM_MEDICATION, "エリキュース錠5mg");

  g_assert_true (FC_IS_SUMMARY_ITEM (item));
  g_assert_cmpint (fc_summary_item_get_kind (item), ==, FC_ITEM_MEDICATION);
  g_assert_cmpstr (fc_summary_item_get_text (item), ==, "エリキュース錠5mg");
  g_assert_null (fc_summary_item_get_date (item));
  g_assert_null (fc_summary_item_get_source (item));
  g_assert_null (fc_summary_item_get_status (item));
  g_assert_null (fc_summary_item_get_category (item));
  g_assert_null (fc_summary_item_get_criticality (item));
  g_assert_null (fc_summary_item_get_detail (item));
  g_assert_null (fc_summary_item_get_resource_id (item));
  g_assert_cmpuint (fc_summary_item_get_codings (item)->len, ==, 0);

  g_assert_finalize_object (item);
}

static void
test_item_properties (void)
{
  static const char * const names[] = {
    "date", "source", "status", "category", "criticality", "detail", "resource-id"
  };
  g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_ALLERGY, "ペニシリン");
  g_autofree char *text = NULL;
  FcItemKind kind;
  guint notifications = 0;

  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), &notifications);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *value = g_strdup_printf ("value-%u", i);
      g_autofree char *read_back = NULL;

      notifications = 0;
      g_object_set (item, names[i], value, NULL);
      g_assert_cmpuint (notifications, ==, 1);
      g_object_get (item, names[i], &read_back, NULL);
      g_assert_cmpstr (read_back, ==, value);

      /* Setting the same value again does not notify. */
      g_object_set (item, names[i], value, NULL);
      g_assert_cmpuint (notifications, ==, 1);

      g_object_set (item, names[i], NULL, NULL);
      g_assert_cmpuint (notifications, ==, 2);
    }

  notifications = 0;
  fc_summary_item_set_date (item, "2026-11-05");
  fc_summary_item_set_source (item, "claims");
  fc_summary_item_set_status (item, "confirmed");
  fc_summary_item_set_category (item, "medication");
  fc_summary_item_set_criticality (item, "high");
  fc_summary_item_set_detail (item, "発疹");
  fc_summary_item_set_resource_id (item, "AllergyIntolerance/1");
  g_assert_cmpuint (notifications, ==, 7);
  g_assert_cmpstr (fc_summary_item_get_date (item), ==, "2026-11-05");
  g_assert_cmpstr (fc_summary_item_get_source (item), ==, "claims");
  g_assert_cmpstr (fc_summary_item_get_status (item), ==, "confirmed");
  g_assert_cmpstr (fc_summary_item_get_category (item), ==, "medication");
  g_assert_cmpstr (fc_summary_item_get_criticality (item), ==, "high");
  g_assert_cmpstr (fc_summary_item_get_detail (item), ==, "発疹");
  g_assert_cmpstr (fc_summary_item_get_resource_id (item), ==, "AllergyIntolerance/1");

  g_object_get (item, "kind", &kind, "text", &text, NULL);
  g_assert_cmpint (kind, ==, FC_ITEM_ALLERGY);
  g_assert_cmpstr (text, ==, "ペニシリン");
}

static void
test_item_codings (void)
{
  g_autoptr(FcSummaryItem) item = NULL;
  GPtrArray *codings;
  const FcCoding *coding;

  item = fc_summary_item_new (FC_ITEM_MEDICATION, "【般】クエン酸第一鉄Na錠50mg");
  g_assert_null (fc_summary_item_find_code (item, "yj"));

  fc_summary_item_add_coding (item, "general-order", "3222013F1ZZZ",
                              "【般】クエン酸第一鉄Na錠50mg");
  fc_summary_item_add_coding (item, "yj", "3222013F1061", NULL);
  fc_summary_item_add_coding (item, "yj", "3222013F1999", NULL);

  codings = fc_summary_item_get_codings (item);
  g_assert_cmpuint (codings->len, ==, 3);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpstr (coding->system, ==, "general-order");
  g_assert_cmpstr (coding->display, ==, "【般】クエン酸第一鉄Na錠50mg");

  /* The first code of a system wins. */
  g_assert_cmpstr (fc_summary_item_find_code (item, "yj"), ==, "3222013F1061");
  g_assert_cmpstr (fc_summary_item_find_code (item, "general-order"), ==, "3222013F1ZZZ");
  g_assert_null (fc_summary_item_find_code (item, "hot"));
}

static void
test_summary_new_finalize (void)
{
  FcSummary *summary = fc_summary_new ();

  g_assert_true (FC_IS_SUMMARY (summary));
  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "unknown");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "unknown");
  g_assert_cmpint (fc_summary_get_provenance (summary), ==, FC_PROVENANCE_NETWORK);
  g_assert_null (fc_summary_get_retrieved (summary));
  g_assert_null (fc_summary_get_default_window (summary));
  g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_items (summary)), ==, 0);
  g_assert_true (g_list_model_get_item_type (fc_summary_get_items (summary))
                 == FC_TYPE_SUMMARY_ITEM);

  for (FcItemKind kind = FC_ITEM_MEDICATION; kind < FC_N_ITEM_KINDS; kind++)
    {
      g_assert_cmpuint (g_list_model_get_n_items (fc_summary_get_section (summary, kind)), ==, 0);
      g_assert_cmpint (fc_summary_get_section_state (summary, kind), ==,
                       FC_SECTION_NO_INFORMATION);
      g_assert_null (fc_summary_get_window (summary, kind));
    }

  g_assert_finalize_object (summary);
}

static void
test_summary_properties (void)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 30, 1, 2, 3);
  g_autoptr(GDateTime) same = g_date_time_new_utc (2026, 11, 30, 1, 2, 3);
  g_autoptr(GDateTime) read_when = NULL;
  g_autofree char *sex = NULL;
  g_autofree char *band = NULL;
  g_autofree char *window = NULL;
  FcProvenance provenance;
  guint notifications = 0;

  g_signal_connect (summary, "notify", G_CALLBACK (count_notify_cb), &notifications);

  g_object_set (summary,
                "sex", "female",
                "age-band", "80s",
                "provenance", FC_PROVENANCE_CACHE,
                "retrieved", when,
                "window", "3 months",
                NULL);
  g_assert_cmpuint (notifications, ==, 5);

  g_object_get (summary,
                "sex", &sex,
                "age-band", &band,
                "provenance", &provenance,
                "retrieved", &read_when,
                "window", &window,
                NULL);
  g_assert_cmpstr (sex, ==, "female");
  g_assert_cmpstr (band, ==, "80s");
  g_assert_cmpint (provenance, ==, FC_PROVENANCE_CACHE);
  g_assert_true (g_date_time_equal (read_when, when));
  g_assert_cmpstr (window, ==, "3 months");

  /* Same values: no notification. */
  fc_summary_set_sex (summary, "female");
  fc_summary_set_age_band (summary, "80s");
  fc_summary_set_provenance (summary, FC_PROVENANCE_CACHE);
  fc_summary_set_retrieved (summary, same);
  fc_summary_set_default_window (summary, "3 months");
  g_assert_cmpuint (notifications, ==, 5);

  /* NULL means unknown for the demographics. */
  fc_summary_set_sex (summary, NULL);
  fc_summary_set_age_band (summary, NULL);
  g_assert_cmpstr (fc_summary_get_sex (summary), ==, "unknown");
  g_assert_cmpstr (fc_summary_get_age_band (summary), ==, "unknown");
  fc_summary_set_retrieved (summary, NULL);
  g_assert_null (fc_summary_get_retrieved (summary));
  g_assert_cmpuint (notifications, ==, 8);
}

static void
test_summary_sections (void)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();
  static const struct {
    FcItemKind kind;
    const char *text;
  } items[] = {
    { FC_ITEM_MEDICATION, "エリキュース錠5mg" },
    { FC_ITEM_CONDITION, "心房細動" },
    { FC_ITEM_MEDICATION, "アムロジピン錠5mg" },
    { FC_ITEM_ENCOUNTER, "外来受診" },
    { FC_ITEM_OTHER, "Immunization" },
  };
  GListModel *all;
  GListModel *medications;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(FcSummaryItem) item = fc_summary_item_new (items[i].kind, items[i].text);
      fc_summary_add_item (summary, item);
    }

  /* Every item, in the order added. */
  all = fc_summary_get_items (summary);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (all, i);
      g_assert_cmpstr (fc_summary_item_get_text (item), ==, items[i].text);
    }

  medications = fc_summary_get_section (summary, FC_ITEM_MEDICATION);
  g_assert_cmpuint (g_list_model_get_n_items (medications), ==, 2);
  {
    g_autoptr(FcSummaryItem) first = g_list_model_get_item (medications, 0);
    g_autoptr(FcSummaryItem) second = g_list_model_get_item (medications, 1);
    g_autoptr(FcSummaryItem) same = g_list_model_get_item (all, 0);

    g_assert_cmpstr (fc_summary_item_get_text (first), ==, "エリキュース錠5mg");
    g_assert_cmpstr (fc_summary_item_get_text (second), ==, "アムロジピン錠5mg");
    /* The section holds the same objects as the full list. */
    g_assert_true (first == same);
  }

  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_MEDICATION), ==, 2);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_CONDITION), ==, 1);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ALLERGY), ==, 0);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_ENCOUNTER), ==, 1);
  g_assert_cmpuint (fc_summary_count (summary, FC_ITEM_OTHER), ==, 1);

  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_MEDICATION), ==,
                   FC_SECTION_PRESENT);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NO_INFORMATION);
}

static void
test_summary_none_known (void)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();
  g_autoptr(FcSummaryItem) item = fc_summary_item_new (FC_ITEM_ALLERGY, "ペニシリン");

  /* Nothing said: no information. */
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NO_INFORMATION);
  g_assert_false (fc_summary_get_none_known (summary, FC_ITEM_ALLERGY));

  /* Explicitly none known: only that section changes. */
  fc_summary_set_none_known (summary, FC_ITEM_ALLERGY);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_NONE_KNOWN);
  g_assert_true (fc_summary_get_none_known (summary, FC_ITEM_ALLERGY));
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_CONDITION), ==,
                   FC_SECTION_NO_INFORMATION);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_MEDICATION), ==,
                   FC_SECTION_NO_INFORMATION);

  /* Items win over "none known". */
  fc_summary_add_item (summary, item);
  g_assert_cmpint (fc_summary_get_section_state (summary, FC_ITEM_ALLERGY), ==,
                   FC_SECTION_PRESENT);
}

static void
test_summary_window (void)
{
  g_autoptr(FcSummary) summary = fc_summary_new ();

  fc_summary_set_window (summary, FC_ITEM_MEDICATION, "3 months");
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_MEDICATION), ==, "3 months");
  g_assert_null (fc_summary_get_window (summary, FC_ITEM_PROCEDURE));

  /* The summary-wide window fills the sections without their own. */
  fc_summary_set_default_window (summary, "5 years");
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_PROCEDURE), ==, "5 years");
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_MEDICATION), ==, "3 months");

  fc_summary_set_window (summary, FC_ITEM_MEDICATION, NULL);
  g_assert_cmpstr (fc_summary_get_window (summary, FC_ITEM_MEDICATION), ==, "5 years");
}

static void
test_age_band (void)
{
  static const struct {
    const char *birth;
    int y, m, d;
    const char *band;
  } cases[] = {
    { NULL, 2026, 6, 1, "unknown" },
    { "", 2026, 6, 1, "unknown" },
    { "1956-03-01", 2026, 2, 28, "60s" },   /* the day before the 70th birthday */
    { "1956-03-01", 2026, 3, 1, "70s" },    /* the 70th birthday */
    { "2026-01-01", 2026, 6, 1, "0s" },     /* a baby */
    { "2026-06-01", 2026, 6, 1, "0s" },     /* born today */
    { "2016-06-02", 2026, 6, 1, "0s" },     /* 9 */
    { "2016-06-01", 2026, 6, 1, "10s" },    /* 10 today */
    { "2000-02-29", 2010, 2, 28, "0s" },    /* leap-day birthday not yet reached */
    { "2000-02-29", 2010, 3, 1, "10s" },
    { "1956", 2026, 6, 1, "60s" },          /* year only: youngest possible age */
    { "1956", 2026, 12, 31, "70s" },
    { "1956-05", 2026, 5, 31, "60s" },      /* year and month */
    { "1956-05", 2026, 6, 1, "70s" },
    { "1926-01-01", 2026, 6, 1, "100s" },
    { "1954-08-17", 2026, 11, 30, "70s" },
    { "2030-01-01", 2026, 6, 1, "unknown" }, /* in the future */
    { "1850-01-01", 2026, 6, 1, "unknown" }, /* implausible */
    { "19xx", 2026, 6, 1, "unknown" },
    { "1956-13-01", 2026, 6, 1, "unknown" },
    { "1956-02-30", 2026, 6, 1, "unknown" },
    { "1956-1-1", 2026, 6, 1, "unknown" },
    { "1956-01-01T00:00", 2026, 6, 1, "unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) today = g_date_time_new_local (cases[i].y, cases[i].m, cases[i].d,
                                                          12, 0, 0);
      g_autofree char *band = fc_summary_age_band_for_birth_date (cases[i].birth, today);

      g_test_message ("birth date %s", cases[i].birth);
      g_assert_cmpstr (band, ==, cases[i].band);
    }

  /* Without a reference date, today is used. */
  {
    g_autofree char *band = fc_summary_age_band_for_birth_date ("1990-01-01", NULL);
    g_assert_cmpstr (band, !=, "unknown");
    g_assert_true (g_str_has_suffix (band, "0s"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/summary/coding/boxed", test_coding_boxed);
  g_test_add_func ("/fc/summary/item/new-finalize", test_item_new_finalize);
  g_test_add_func ("/fc/summary/item/properties", test_item_properties);
  g_test_add_func ("/fc/summary/item/codings", test_item_codings);
  g_test_add_func ("/fc/summary/model/new-finalize", test_summary_new_finalize);
  g_test_add_func ("/fc/summary/model/properties", test_summary_properties);
  g_test_add_func ("/fc/summary/model/sections", test_summary_sections);
  g_test_add_func ("/fc/summary/model/none-known-vs-no-information", test_summary_none_known);
  g_test_add_func ("/fc/summary/model/window", test_summary_window);
  g_test_add_func ("/fc/summary/age-band", test_age_band);

  return g_test_run ();
}
