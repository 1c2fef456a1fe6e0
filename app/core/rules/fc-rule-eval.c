/* fc-rule-eval.c: evaluating rule triggers against a summary and the crew's findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rule-trigger.h"

#include "fc-warning.h"

FcRuleResult *
fc_rule_result_new (void)
{
  FcRuleResult *result = g_new0 (FcRuleResult, 1);

  result->items = g_ptr_array_new_with_free_func (g_object_unref);
  result->findings = g_ptr_array_new_with_free_func (g_free);
  result->matches_ja = g_ptr_array_new_with_free_func (g_free);
  result->matches_en = g_ptr_array_new_with_free_func (g_free);
  return result;
}

void
fc_rule_result_free (FcRuleResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->items);
  g_ptr_array_unref (result->findings);
  g_ptr_array_unref (result->matches_ja);
  g_ptr_array_unref (result->matches_en);
  g_free (result);
}

void
fc_rule_result_add_item (FcRuleResult  *result,
                         FcSummaryItem *item)
{
  if (!g_ptr_array_find (result->items, item, NULL))
    g_ptr_array_add (result->items, g_object_ref (item));
}

void
fc_rule_result_add_finding (FcRuleResult *result,
                            const char   *finding)
{
  for (guint i = 0; i < result->findings->len; i++)
    if (g_str_equal (g_ptr_array_index (result->findings, i), finding))
      return;
  g_ptr_array_add (result->findings, g_strdup (finding));
}

/* Adds what an allergen matched, once, in both languages (for the {matches} placeholder). */
void
fc_rule_result_add_match (FcRuleResult *result,
                          const char   *ja,
                          const char   *en)
{
  for (guint i = 0; i < result->matches_ja->len; i++)
    if (g_str_equal (g_ptr_array_index (result->matches_ja, i), ja))
      return;
  g_ptr_array_add (result->matches_ja, g_strdup (ja));
  g_ptr_array_add (result->matches_en, g_strdup (en));
}

void
fc_rule_result_merge (FcRuleResult *into,
                      FcRuleResult *from)
{
  for (guint i = 0; i < from->items->len; i++)
    fc_rule_result_add_item (into, g_ptr_array_index (from->items, i));
  for (guint i = 0; i < from->findings->len; i++)
    fc_rule_result_add_finding (into, g_ptr_array_index (from->findings, i));
  for (guint i = 0; i < from->matches_ja->len; i++)
    fc_rule_result_add_match (into, g_ptr_array_index (from->matches_ja, i),
                              g_ptr_array_index (from->matches_en, i));
}

/* ---- Evaluation --------------------------------------------------------------------------- */

static gboolean
status_is (FcSummaryItem      *item,
           const char * const *statuses)
{
  const char *status = fc_summary_item_get_status (item);

  return status != NULL && g_strv_contains (statuses, status);
}

/* Medicines that were recorded in error or never taken do not count. */
static gboolean
medication_counts (FcSummaryItem *item)
{
  static const char * const ignored[] = {
    "entered-in-error", "cancelled", "not-taken", NULL
  };

  return !status_is (item, ignored);
}

static void
medicine_free (FcRuleMedicine *medicine)
{
  fc_drug_item_free (medicine->info);
  g_free (medicine->classes);
  g_free (medicine);
}

/* Classifies every counted medicine once, so that each class trigger is a table look-up. */
void
fc_rule_context_prepare (FcRuleContext *ctx)
{
  GListModel *meds = fc_summary_get_section (ctx->summary, FC_ITEM_MEDICATION);
  guint n = g_list_model_get_n_items (meds);

  ctx->medicines = g_ptr_array_new_full (n, (GDestroyNotify) medicine_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (meds, i);
      FcRuleMedicine *medicine;

      if (!medication_counts (item))
        continue;
      medicine = g_new0 (FcRuleMedicine, 1);
      medicine->item = item;
      medicine->info = fc_drug_item_new (item);
      medicine->classes = fc_drug_classes_memberships (ctx->classes, medicine->info);
      g_ptr_array_add (ctx->medicines, medicine);
    }
}

void
fc_rule_context_clear (FcRuleContext *ctx)
{
  g_clear_pointer (&ctx->medicines, g_ptr_array_unref);
}

static gboolean
eval_classes (FcTrigger     *trigger,
              FcRuleContext *ctx,
              FcRuleResult  *out)
{
  guint n_classes = g_strv_length (trigger->list);
  g_autofree int *index = g_new0 (int, MAX (n_classes, 1));
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (n_classes, 1));
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  gboolean all = TRUE;

  for (guint c = 0; c < n_classes; c++)
    {
      index[c] = fc_drug_classes_index_of (ctx->classes, trigger->list[c]);
      g_assert (index[c] >= 0);
    }
  for (guint i = 0; i < ctx->medicines->len; i++)
    {
      FcRuleMedicine *medicine = g_ptr_array_index (ctx->medicines, i);
      gboolean hit = FALSE;

      for (guint c = 0; c < n_classes; c++)
        if (medicine->classes[index[c]])
          {
            seen[c] = TRUE;
            hit = TRUE;
          }
      if (hit)
        g_ptr_array_add (hits, medicine->item);
    }
  for (guint c = 0; c < n_classes; c++)
    all = all && seen[c];
  if (hits->len == 0 || (trigger->kind == FC_TRIGGER_ALL_CLASSES && !all))
    return FALSE;
  for (guint i = 0; i < hits->len; i++)
    fc_rule_result_add_item (out, g_ptr_array_index (hits, i));
  return TRUE;
}

static gboolean
condition_matches (FcTrigger     *trigger,
                   FcSummaryItem *item)
{
  static const char * const never[] = { "entered-in-error", "refuted", NULL };
  static const char * const resolved[] = { "resolved", NULL };
  GPtrArray *codings = fc_summary_item_get_codings (item);
  gboolean has_icd = FALSE;
  g_autofree char *text = NULL;

  if (status_is (item, never) ||
      (!trigger->include_resolved && status_is (item, resolved)) ||
      (trigger->confirmed_only && fc_warning_item_is_unconfirmed (item)))
    return FALSE;

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      GString *code;
      gboolean hit = FALSE;

      if (g_strcmp0 (coding->system, "icd10") != 0 || coding->code == NULL)
        continue;
      has_icd = TRUE;
      code = g_string_new (NULL);
      for (const char *p = coding->code; *p != '\0'; p++)
        if (*p != '.' && !g_ascii_isspace (*p))
          g_string_append_c (code, g_ascii_toupper (*p));
      for (guint j = 0; trigger->list[j] != NULL && !hit; j++)
        hit = g_str_has_prefix (code->str, trigger->list[j]);
      g_string_free (code, TRUE);
      if (hit)
        return TRUE;
    }
  if (has_icd || trigger->names[0] == NULL)
    return FALSE;

  /* No ICD-10 code (e.g. MEDIS only): fall back to the condition's name. */
  text = fc_drug_normalize_text (fc_summary_item_get_text (item));
  for (guint j = 0; trigger->exclude_names[j] != NULL; j++)
    if (strstr (text, trigger->exclude_names[j]) != NULL)
      return FALSE;
  for (guint j = 0; trigger->names[j] != NULL; j++)
    if (strstr (text, trigger->names[j]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
eval_section (FcTrigger     *trigger,
              FcRuleContext *ctx,
              FcItemKind     kind,
              FcRuleResult  *out)
{
  static const char * const never[] = { "entered-in-error", "refuted", NULL };
  GListModel *section = fc_summary_get_section (ctx->summary, kind);
  gboolean fired = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (section); i++)
    {
      g_autoptr(FcSummaryItem) item = g_list_model_get_item (section, i);
      gboolean hit;

      if (kind == FC_ITEM_CONDITION)
        hit = condition_matches (trigger, item);
      else
        {
          const char *category = fc_summary_item_get_category (item);
          const char *criticality = fc_summary_item_get_criticality (item);

          hit = !status_is (item, never) &&
                (trigger->list[0] == NULL ||
                 g_strv_contains ((const char * const *) trigger->list,
                                  category != NULL ? category : "unknown")) &&
                (trigger->criticality[0] == NULL ||
                 g_strv_contains ((const char * const *) trigger->criticality,
                                  criticality != NULL ? criticality : "unknown"));
        }
      if (hit)
        {
          fc_rule_result_add_item (out, item);
          fired = TRUE;
        }
    }
  return fired;
}

static gboolean
eval_finding (FcTrigger     *trigger,
              FcRuleContext *ctx,
              FcRuleResult  *out)
{
  FcFindings *f = ctx->findings;
  g_autofree char *evidence = NULL;
  gboolean hit = FALSE;

  if (g_str_equal (trigger->name, "consciousness"))
    {
      hit = (int) fc_findings_get_consciousness (f) == trigger->number;
      evidence = g_strdup_printf ("consciousness=%s",
                                  trigger->number == FC_CONSCIOUSNESS_IMPAIRED ? "impaired"
                                                                               : "alert");
    }
  else if (g_str_equal (trigger->name, "glucose"))
    {
      FcGlucoseState state = fc_findings_get_glucose_state (f);
      int mg_dl = fc_findings_get_glucose_mg_dl (f);
      gboolean value = state == FC_GLUCOSE_VALUE;

      switch ((FcGlucoseTest) trigger->number)
        {
        case FC_GLUCOSE_TEST_NOT_MEASURED:
          hit = state == FC_GLUCOSE_NOT_MEASURED;
          break;
        case FC_GLUCOSE_TEST_MEASURED:
          hit = state != FC_GLUCOSE_NOT_MEASURED;
          break;
        case FC_GLUCOSE_TEST_LOW:
          hit = state == FC_GLUCOSE_LO || (value && mg_dl < ctx->glucose_low_below);
          break;
        case FC_GLUCOSE_TEST_HIGH:
          hit = state == FC_GLUCOSE_HI || (value && mg_dl >= ctx->glucose_high_from);
          break;
        case FC_GLUCOSE_TEST_IN_RANGE:
          hit = value && mg_dl >= ctx->glucose_low_below && mg_dl < ctx->glucose_high_from;
          break;
        default:
          g_assert_not_reached ();
        }
      evidence = fc_findings_describe_glucose (f);
      if (evidence == NULL)
        evidence = g_strdup ("bgl=not measured");
    }
  else if (g_str_equal (trigger->name, "age"))
    {
      hit = (int) fc_rule_age_status (ctx, &evidence) == trigger->number;
    }
  else
    {
      hit = fc_findings_get_flag (f, trigger->name);
      evidence = g_strdup_printf ("%s=yes", trigger->name);
    }

  if (hit)
    fc_rule_result_add_finding (out, evidence);
  return hit;
}

/* Days from @date (YYYY, YYYY-MM or YYYY-MM-DD, optionally with a time) to @now;
 * -1 if unreadable. */
static int
days_since (const char *date,
            GDateTime  *now)
{
  guint64 year = 0;
  guint64 month = 1;
  guint64 day = 1;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *head = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;

  if (date == NULL)
    return -1;
  head = g_strndup (date, 10);
  parts = g_strsplit (head, "-", 3);
  n = g_strv_length (parts);
  if (n < 1 || !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &year, NULL) ||
      (n >= 2 && !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)) ||
      (n >= 3 && !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL)))
    return -1;
  then = g_date_time_new (g_date_time_get_timezone (now), (int) year, (int) month, (int) day,
                          0, 0, 0);
  if (then == NULL)
    return -1;
  return (int) (g_date_time_difference (now, then) / G_TIME_SPAN_DAY);
}

/* Fires when there are no medicines, or when the newest dated one is older than the limit.
 * Undated medicines cannot be called stale, so they do not fire it. */
static gboolean
eval_medications_incomplete (FcTrigger     *trigger,
                             FcRuleContext *ctx,
                             FcRuleResult  *out)
{
  FcSummaryItem *newest = NULL;
  int newest_days = G_MAXINT;

  if (ctx->medicines->len == 0)
    return TRUE;
  for (guint i = 0; i < ctx->medicines->len; i++)
    {
      FcRuleMedicine *medicine = g_ptr_array_index (ctx->medicines, i);
      int days = days_since (fc_summary_item_get_date (medicine->item), ctx->now);

      if (days >= 0 && days < newest_days)
        {
          newest_days = days;
          newest = medicine->item;
        }
    }
  if (newest == NULL || newest_days <= trigger->number)
    return FALSE;
  fc_rule_result_add_item (out, newest);
  return TRUE;
}

static gboolean
eval_min_distinct_drugs (FcTrigger     *trigger,
                         FcRuleContext *ctx)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (ctx->current == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->current->items->len; i++)
    {
      FcSummaryItem *item = g_ptr_array_index (ctx->current->items, i);

      if (fc_summary_item_get_kind (item) == FC_ITEM_MEDICATION)
        g_hash_table_add (keys, fc_drug_item_identity (item));
    }
  return g_hash_table_size (keys) >= (guint) trigger->number;
}

gboolean
fc_trigger_eval (FcTrigger     *trigger,
                 FcRuleContext *ctx,
                 FcRuleResult  *out)
{
  g_return_val_if_fail (trigger != NULL && ctx != NULL && out != NULL, FALSE);

  switch (trigger->kind)
    {
    case FC_TRIGGER_ANY_CLASS:
    case FC_TRIGGER_ALL_CLASSES:
      return eval_classes (trigger, ctx, out);
    case FC_TRIGGER_CONDITION:
      return eval_section (trigger, ctx, FC_ITEM_CONDITION, out);
    case FC_TRIGGER_ALLERGY:
      return eval_section (trigger, ctx, FC_ITEM_ALLERGY, out);
    case FC_TRIGGER_RULE:
      {
        FcRuleResult *fired = g_hash_table_lookup (ctx->fired, trigger->name);

        if (fired == NULL)
          return FALSE;
        fc_rule_result_merge (out, fired);
        return TRUE;
      }
    case FC_TRIGGER_ANY_OF:
    case FC_TRIGGER_ALL_OF:
      {
        g_autoptr(FcRuleResult) gathered = fc_rule_result_new ();
        gboolean any = FALSE;

        /* Every child is evaluated so that all the evidence is shown. */
        for (guint i = 0; i < trigger->children->len; i++)
          {
            g_autoptr(FcRuleResult) child = fc_rule_result_new ();

            if (fc_trigger_eval (g_ptr_array_index (trigger->children, i), ctx, child))
              {
                any = TRUE;
                fc_rule_result_merge (gathered, child);
              }
            else if (trigger->kind == FC_TRIGGER_ALL_OF)
              return FALSE;
          }
        if (any)
          fc_rule_result_merge (out, gathered);
        return any;
      }
    case FC_TRIGGER_NOT:
      {
        g_autoptr(FcRuleResult) ignored = fc_rule_result_new ();

        return !fc_trigger_eval (g_ptr_array_index (trigger->children, 0), ctx, ignored);
      }
    case FC_TRIGGER_FINDING:
      return eval_finding (trigger, ctx, out);
    case FC_TRIGGER_MEDICATIONS_INCOMPLETE:
      return eval_medications_incomplete (trigger, ctx, out);
    case FC_TRIGGER_MIN_DISTINCT_DRUGS:
      return eval_min_distinct_drugs (trigger, ctx);
    case FC_TRIGGER_LAB_POSITIVE:
      return fc_rule_eval_lab_positive (trigger, ctx, out);
    case FC_TRIGGER_ALLERGEN_MATCHES:
      return fc_rule_eval_allergen_matches (trigger, ctx, out);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

