/* fc-rule-match.c: the triggers that look inside items: positive laboratory results (R27),
 * drug allergens compared with the crew's drugs and the patient's medicines (R25), and the
 * patient's age against the glucose protocol's minimum (G1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rule-trigger.h"

/* ---- Laboratory results ------------------------------------------------------------------- */

static gboolean
contains_any (const char *haystack,
              GStrv       needles)
{
  for (guint i = 0; needles != NULL && needles[i] != NULL; i++)
    if (strstr (haystack, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The laboratory's flag kept by the FHIR reader after the value ("1.2 COI (H)" → "H"), or NULL. */
static char *
interpretation_of (const char *detail)
{
  gsize len = strlen (detail);
  const char *open;

  if (len < 4 || detail[len - 1] != ')')
    return NULL;
  open = g_strrstr (detail, " (");
  if (open == NULL || open + 2 >= detail + len - 1)
    return NULL;
  return g_ascii_strup (open + 2, (gssize) (detail + len - 1 - (open + 2)));
}

/* Positive when the flag is one of the trigger's interpretations; otherwise when the value
 * text holds a positive word and no negative one. No value: not positive. */
static gboolean
lab_is_positive (FcTrigger     *trigger,
                 FcSummaryItem *item)
{
  const char *detail = fc_summary_item_get_detail (item);
  g_autofree char *flag = NULL;
  g_autofree char *value = NULL;

  if (detail == NULL)
    return FALSE;
  flag = interpretation_of (detail);
  if (flag != NULL && g_strv_contains ((const char * const *) trigger->interpretations, flag))
    return TRUE;
  value = fc_drug_normalize_text (detail);
  if (contains_any (value, trigger->negative_values))
    return FALSE;
  return contains_any (value, trigger->positive_values);
}

/* Whether @item is one of the trigger's tests: by JLAC10 analyte prefix, or by name when it
 * carries no JLAC10 code at all. */
static gboolean
lab_is_in_set (FcTrigger     *trigger,
               FcSummaryItem *item)
{
  GPtrArray *codings = fc_summary_item_get_codings (item);
  gboolean has_code = FALSE;
  g_autoptr(FcDrugItem) info = NULL;

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *code = NULL;

      if (g_strcmp0 (coding->system, "jlac10") != 0 || coding->code == NULL)
        continue;
      has_code = TRUE;
      code = g_ascii_strup (coding->code, -1);
      for (guint j = 0; trigger->list[j] != NULL; j++)
        if (g_str_has_prefix (code, trigger->list[j]))
          return TRUE;
    }
  if (has_code || trigger->names[0] == NULL)
    return FALSE;

  /* The normalised text and coding displays (e.g. "HBs抗原" from a local code). */
  info = fc_drug_item_new (item);
  return contains_any (info->text, trigger->names);
}

gboolean
fc_rule_eval_lab_positive (FcTrigger     *trigger,
                           FcRuleContext *ctx,
                           FcRuleResult  *out)
{
  static const char * const ignored[] = { "entered-in-error", "cancelled", NULL };
  GListModel *section = fc_summary_get_section (ctx->summary, FC_ITEM_OBSERVATION);
  gboolean fired = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (section); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (section, i);
      const char *status = fc_summary_item_get_status (item);

      if (status != NULL && g_strv_contains (ignored, status))
        continue;
      if (lab_is_in_set (trigger, item) && lab_is_positive (trigger, item))
        {
          fc_rule_result_add_item (out, item);
          fired = TRUE;
        }
    }
  return fired;
}

/* ---- Drug allergens ----------------------------------------------------------------------- */

/* Terms that name the allergen's ingredient: every known ingredient name in its text, and the
 * parts of the text itself ("ペニシリン系抗菌薬（アモキシシリン）" → both parts), three
 * characters or longer. Borrowed strings from @ctx's classes or owned by @owned. */
static void
allergen_terms (FcRuleContext *ctx,
                FcDrugItem    *allergen,
                GPtrArray     *terms,
                GPtrArray     *owned)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[()（）【】\\[\\]、,・/\\s]+", allergen->label, 0, 0);

  fc_drug_classes_find_ingredients (ctx->classes, allergen->label, terms);
  if (ctx->crew_drugs != NULL)
    fc_drug_classes_find_ingredients (ctx->crew_drugs, allergen->label, terms);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_utf8_strlen (parts[i], -1) >= 3)
      {
        char *part = g_strdup (parts[i]);

        g_ptr_array_add (owned, part);
        g_ptr_array_add (terms, part);
      }
}

static gboolean
allergen_matches_crew (FcRuleContext *ctx,
                       FcDrugItem    *allergen,
                       FcRuleResult  *out)
{
  g_autofree guint8 *matches = NULL;
  gboolean hit = FALSE;

  if (ctx->crew_drugs == NULL)
    return FALSE;
  matches = fc_drug_classes_memberships (ctx->crew_drugs, allergen);
  for (guint c = 0; c < fc_drug_classes_get_n (ctx->crew_drugs); c++)
    if (matches[c])
      {
        const char *id = fc_drug_classes_get_id (ctx->crew_drugs, c);

        fc_rule_result_add_match (out, fc_drug_classes_get_name (ctx->crew_drugs, id, "ja"),
                                  fc_drug_classes_get_name (ctx->crew_drugs, id, "en"));
        hit = TRUE;
      }
  return hit;
}

static gboolean
allergen_matches_medicines (FcRuleContext *ctx,
                            FcDrugItem    *allergen,
                            FcRuleResult  *out)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  gboolean hit = FALSE;

  allergen_terms (ctx, allergen, terms, owned);
  for (guint m = 0; m < ctx->medicines->len; m++)
    {
      FcRuleMedicine *medicine = g_ptr_array_index (ctx->medicines, m);
      gboolean same = fc_drug_item_same_yj7 (allergen, medicine->info);

      for (guint t = 0; t < terms->len && !same; t++)
        same = strstr (medicine->info->text, g_ptr_array_index (terms, t)) != NULL;
      if (same)
        {
          const char *text = fc_summary_item_get_text (medicine->item);

          fc_rule_result_add_item (out, medicine->item);
          fc_rule_result_add_match (out, text, text);
          hit = TRUE;
        }
    }
  return hit;
}

/* Looks at the drug allergens in the evidence of the rule being raised (ctx->current). */
gboolean
fc_rule_eval_allergen_matches (FcTrigger     *trigger,
                               FcRuleContext *ctx,
                               FcRuleResult  *out)
{
  gboolean hit = FALSE;

  if (ctx->current == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->current->items->len; i++)
    {
      FcSummaryItem *item = g_ptr_array_index (ctx->current->items, i);
      g_autoptr(FcDrugItem) allergen = NULL;

      if (fc_summary_item_get_kind (item) != FC_ITEM_ALLERGY)
        continue;
      allergen = fc_drug_item_new (item);
      if (trigger->number == FC_ALLERGEN_MATCHES_CREW_DRUGS)
        hit = allergen_matches_crew (ctx, allergen, out) || hit;
      else
        hit = allergen_matches_medicines (ctx, allergen, out) || hit;
    }
  return hit;
}

/* ---- Age ---------------------------------------------------------------------------------- */

/* Lower bound of an age band such as "60s" (the FcSummary form), or -1. */
static int
age_band_lower (const char *band)
{
  guint64 lower = 0;
  g_autofree char *digits = NULL;
  gsize len;

  if (band == NULL)
    return -1;
  len = strlen (band);
  if (len < 2 || band[len - 1] != 's')
    return -1;
  digits = g_strndup (band, len - 1);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, 130, &lower, NULL))
    return -1;
  return (int) lower;
}

FcAgeTest
fc_rule_age_status (FcRuleContext  *ctx,
                    char          **evidence)
{
  int age = fc_findings_get_age (ctx->findings);
  const char *band = fc_summary_get_age_band (ctx->summary);
  int lower;

  /* The crew's entry (exact or estimated) wins over the record. */
  if (age != FC_AGE_NONE)
    {
      *evidence = fc_findings_describe_age (ctx->findings);
      return age >= ctx->min_age ? FC_AGE_TEST_MIN_AGE_MET : FC_AGE_TEST_BELOW_MIN_AGE;
    }

  lower = age_band_lower (band);
  if (lower < 0)
    {
      *evidence = g_strdup ("age=unknown");
      return FC_AGE_TEST_UNCONFIRMED;
    }
  *evidence = g_strdup_printf ("age-band=%s", band);
  if (lower >= ctx->min_age)
    return FC_AGE_TEST_MIN_AGE_MET;
  if (lower + 9 < ctx->min_age)
    return FC_AGE_TEST_BELOW_MIN_AGE;
  return FC_AGE_TEST_UNCONFIRMED;
}
