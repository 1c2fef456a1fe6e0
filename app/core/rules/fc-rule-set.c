/* fc-rule-set.c: decision-support rules loaded from data/rules (rules.json, drug-classes.json)
 * and their evaluation.
 * The file formats are described in fc-rule-loader.h and fc-rule-trigger.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rule-set.h"

#include "fc-drug-classes.h"
#include "fc-paths.h"
#include "fc-rule-loader.h"

struct _FcRuleSet
{
  GObject        parent_instance;

  char          *directory;         /* (owned) */
  FcDrugClasses *classes;           /* (owned) */
  FcRuleBook     book;
};

G_DEFINE_FINAL_TYPE (FcRuleSet, fc_rule_set, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_N_RULES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (fc-rules-error-quark, fc_rules_error)

static void
fc_rule_set_finalize (GObject *object)
{
  FcRuleSet *self = FC_RULE_SET (object);

  g_clear_pointer (&self->directory, g_free);
  fc_rule_book_clear (&self->book);
  g_clear_pointer (&self->classes, fc_drug_classes_free);

  G_OBJECT_CLASS (fc_rule_set_parent_class)->finalize (object);
}

static void
fc_rule_set_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcRuleSet *self = FC_RULE_SET (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_N_RULES:
      g_value_set_uint (value, self->book.rules->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_rule_set_class_init (FcRuleSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_rule_set_finalize;
  object_class->get_property = fc_rule_set_get_property;

  /* The folder the rules were read from. */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RULES] =
    g_param_spec_uint ("n-rules", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_rule_set_init (FcRuleSet *self)
{
  fc_rule_book_init (&self->book, NULL);
}

/* ---- Public API --------------------------------------------------------------------------- */

FcRuleSet *
fc_rule_set_new_from_dir (const char  *dir,
                          GError     **error)
{
  g_autoptr(FcRuleSet) self = NULL;
  g_autofree char *classes_path = NULL;
  g_autofree char *rules_path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FC_TYPE_RULE_SET, NULL);
  self->directory = g_strdup (dir);

  classes_path = g_build_filename (dir, "drug-classes.json", NULL);
  self->classes = fc_drug_classes_load (classes_path, error);
  if (self->classes == NULL)
    return NULL;

  rules_path = g_build_filename (dir, "rules.json", NULL);
  self->book.classes = self->classes;
  if (!fc_rule_book_load (&self->book, rules_path, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
fc_rule_set_get_n_rules (FcRuleSet *self)
{
  g_return_val_if_fail (FC_IS_RULE_SET (self), 0);

  return self->book.rules->len;
}

/**
 * fc_rule_set_has_rule:
 *
 * Returns: whether a rule with @rule_id was loaded.
 */
gboolean
fc_rule_set_has_rule (FcRuleSet  *self,
                      const char *rule_id)
{
  g_return_val_if_fail (FC_IS_RULE_SET (self), FALSE);

  return rule_id != NULL && g_hash_table_contains (self->book.by_id, rule_id);
}

/**
 * fc_rule_set_classify_item:
 *
 * Returns: (transfer full): the ids of the drug classes medicine @item belongs to (for tagging
 *   medicines in the summary); empty for other items.
 */
GStrv
fc_rule_set_classify_item (FcRuleSet     *self,
                           FcSummaryItem *item)
{
  g_return_val_if_fail (FC_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), NULL);

  if (fc_summary_item_get_kind (item) != FC_ITEM_MEDICATION)
    return g_new0 (char *, 1);
  return fc_drug_classes_classify (self->classes, item);
}

/**
 * fc_rule_set_get_class_name:
 * @language: "ja" or "en"
 *
 * Returns: (nullable): the display name of a drug class.
 */
const char *
fc_rule_set_get_class_name (FcRuleSet  *self,
                            const char *class_id,
                            const char *language)
{
  g_return_val_if_fail (FC_IS_RULE_SET (self), NULL);

  return fc_drug_classes_get_name (self->classes, class_id, language);
}

/* The texts of the first @n items of @result, joined with @separator; with @with_results,
 * each followed by its value and date ("HBs抗原 陽性 (POS) (2025-04-01)"). */
static char *
join_items (FcRuleResult *result,
            guint         n,
            gboolean      with_results,
            const char   *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (n, result->items->len); i++)
    {
      FcSummaryItem *item = g_ptr_array_index (result->items, i);
      const char *detail = fc_summary_item_get_detail (item);
      const char *date = fc_summary_item_get_date (item);

      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, fc_summary_item_get_text (item));
      if (with_results && detail != NULL)
        g_string_append_printf (text, " %s", detail);
      if (with_results && date != NULL)
        g_string_append_printf (text, " (%.10s)", date);
    }
  if (text->len == 0)
    g_string_append (text, "—");
  return g_string_free (text, FALSE);
}

/* Replaces {evidence} (texts of the items that fired the trigger, shown verbatim, e.g. the
 * text of a 薬剤禁忌 entry), {results} (the same with values and dates) and {matches} (what an
 * allergen matched) in @message. */
static char *
expand_message (const char   *message,
                FcRuleResult *result,
                guint         n_own,
                GPtrArray    *matches,
                const char   *separator)
{
  g_autoptr(GString) out = NULL;

  if (strchr (message, '{') == NULL)
    return g_strdup (message);

  out = g_string_new (message);
  if (strstr (message, "{evidence}") != NULL)
    {
      g_autofree char *text = join_items (result, n_own, FALSE, separator);

      g_string_replace (out, "{evidence}", text, 0);
    }
  if (strstr (message, "{results}") != NULL)
    {
      g_autofree char *text = join_items (result, n_own, TRUE, separator);

      g_string_replace (out, "{results}", text, 0);
    }
  if (strstr (message, "{matches}") != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; matches != NULL && i < matches->len; i++)
        {
          if (i > 0)
            g_string_append (text, separator);
          g_string_append (text, g_ptr_array_index (matches, i));
        }
      g_string_replace (out, "{matches}", text->len > 0 ? text->str : "—", 0);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct {
  FcRuleResult *result;     /* (owned) */
  FcSeverity    severity;
  gboolean      dropped;
  guint         n_own;      /* the first n_own evidence items fired the trigger itself */
  GPtrArray    *addenda_ja; /* (owned) expanded addenda that hold */
  GPtrArray    *addenda_en; /* (owned) */
} Fired;

static void
fired_free (Fired *fired)
{
  fc_rule_result_free (fired->result);
  g_ptr_array_unref (fired->addenda_ja);
  g_ptr_array_unref (fired->addenda_en);
  g_free (fired);
}

/* Drops every fired rule @rule subsumes and moves their evidence into @into. */
static void
apply_subsumes (FcRuleSet  *self,
                FcRule     *rule,
                Fired      *into,
                GHashTable *fired)
{
  for (guint i = 0; rule->subsumes[i] != NULL; i++)
    {
      Fired *other = g_hash_table_lookup (fired, rule->subsumes[i]);

      if (other == NULL || other->dropped)
        continue;
      other->dropped = TRUE;
      fc_rule_result_merge (into->result, other->result);
      apply_subsumes (self, g_hash_table_lookup (self->book.by_id, rule->subsumes[i]), into, fired);
    }
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  FcWarning *wa = *(FcWarning **) a;
  FcWarning *wb = *(FcWarning **) b;
  FcSeverity sa = fc_warning_get_severity (wa);
  FcSeverity sb = fc_warning_get_severity (wb);

  if (sa != sb)
    return sa > sb ? -1 : 1;
  return g_strcmp0 (fc_warning_get_rule_id (wa), fc_warning_get_rule_id (wb));
}

static FcWarning *
make_warning (FcRule *rule,
              Fired  *fired)
{
  g_autofree char *base_ja = expand_message (rule->message_ja, fired->result, fired->n_own,
                                             NULL, "、");
  g_autofree char *base_en = expand_message (rule->message_en, fired->result, fired->n_own,
                                             NULL, "; ");
  g_autoptr(GString) ja = g_string_new (base_ja);
  g_autoptr(GString) en = g_string_new (base_en);
  FcWarning *warning;

  /* Japanese sentences end in 。 and need no space; English ones do. */
  for (guint i = 0; i < fired->addenda_ja->len; i++)
    {
      g_string_append (ja, g_ptr_array_index (fired->addenda_ja, i));
      g_string_append_printf (en, " %s", (const char *) g_ptr_array_index (fired->addenda_en, i));
    }
  warning = fc_warning_new (rule->id, fired->severity, ja->str, en->str, rule->inferred);

  for (guint i = 0; i < fired->result->items->len; i++)
    fc_warning_add_evidence (warning, g_ptr_array_index (fired->result->items, i));
  for (guint i = 0; i < fired->result->findings->len; i++)
    fc_warning_add_finding_evidence (warning, g_ptr_array_index (fired->result->findings, i));
  for (guint i = 0; i + 1 < rule->checks->len; i += 2)
    fc_warning_add_check (warning, g_ptr_array_index (rule->checks, i),
                          g_ptr_array_index (rule->checks, i + 1));
  fc_warning_set_sources (warning, (const char * const *) rule->sources);
  return warning;
}

/* Evaluates @rule's trigger, requirement, raises and addenda; NULL when it does not fire. */
static Fired *
fire_rule (FcRule        *rule,
           FcRuleContext *ctx)
{
  g_autoptr(FcRuleResult) result = fc_rule_result_new ();
  FcSeverity severity = rule->severity;
  Fired *fired;

  if (!fc_trigger_eval (rule->trigger, ctx, result))
    return NULL;
  fired = g_new0 (Fired, 1);
  fired->n_own = result->items->len;
  fired->addenda_ja = g_ptr_array_new_with_free_func (g_free);
  fired->addenda_en = g_ptr_array_new_with_free_func (g_free);
  if (rule->requires != NULL && !fc_trigger_eval (rule->requires, ctx, result))
    {
      fired->result = g_steal_pointer (&result);
      fired_free (fired);
      return NULL;
    }

  /* Findings only raise the severity; they never change the message. */
  ctx->current = result;
  for (guint r = 0; r < rule->raises->len; r++)
    {
      FcRuleRaise *raise = g_ptr_array_index (rule->raises, r);
      g_autoptr(FcRuleResult) why = fc_rule_result_new ();

      /* What raised it (a finding, another rule's items) is evidence too. */
      if (fc_trigger_eval (raise->when, ctx, why))
        {
          severity = MAX (severity, raise->to);
          fc_rule_result_merge (result, why);
        }
    }

  /* Addenda look at the history only (the loader refuses findings in them). */
  for (guint a = 0; a < rule->addenda->len; a++)
    {
      FcRuleAddendum *addendum = g_ptr_array_index (rule->addenda, a);
      g_autoptr(FcRuleResult) why = fc_rule_result_new ();

      if (fc_trigger_eval (addendum->when, ctx, why))
        {
          g_ptr_array_add (fired->addenda_ja,
                           expand_message (addendum->message_ja, result, fired->n_own,
                                           why->matches_ja, "、"));
          g_ptr_array_add (fired->addenda_en,
                           expand_message (addendum->message_en, result, fired->n_own,
                                           why->matches_en, "; "));
          fc_rule_result_merge (result, why);
        }
    }
  ctx->current = NULL;

  fired->result = g_steal_pointer (&result);
  fired->severity = severity;
  return fired;
}

/**
 * fc_rule_set_evaluate_at:
 * @findings: (nullable): crew findings
 * @now: (nullable): the time of evaluation (staleness of the data); %NULL for now
 *
 * Like fc_rule_set_evaluate(), at a given time (tests, training scenarios).
 */
GListModel *
fc_rule_set_evaluate_at (FcRuleSet  *self,
                         FcSummary  *summary,
                         FcFindings *findings,
                         GDateTime  *now)
{
  g_autoptr(FcFindings) no_findings = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GHashTable) fired = NULL;
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  GListStore *store;
  FcRuleContext ctx = { 0 };

  g_return_val_if_fail (FC_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (FC_IS_SUMMARY (summary), NULL);
  g_return_val_if_fail (findings == NULL || FC_IS_FINDINGS (findings), NULL);

  if (findings == NULL)
    findings = no_findings = fc_findings_new ();
  now_local = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();

  fired = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fired_free);
  results = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.summary = summary;
  ctx.findings = findings;
  ctx.now = now_local;
  ctx.classes = self->classes;
  ctx.crew_drugs = self->book.crew_drugs;
  ctx.fired = results;
  ctx.glucose_low_below = self->book.glucose_low_below;
  ctx.glucose_high_from = self->book.glucose_high_from;
  ctx.min_age = self->book.glucose_min_age;

  /* Rules are stored in dependency order, so a referenced rule has already been decided. */
  fc_rule_context_prepare (&ctx);
  for (guint i = 0; i < self->book.rules->len; i++)
    {
      FcRule *rule = g_ptr_array_index (self->book.rules, i);
      Fired *entry = fire_rule (rule, &ctx);

      if (entry == NULL)
        continue;
      g_hash_table_insert (fired, rule->id, entry);
      g_hash_table_insert (results, rule->id, entry->result);
    }
  fc_rule_context_clear (&ctx);

  for (guint i = 0; i < self->book.rules->len; i++)
    {
      FcRule *rule = g_ptr_array_index (self->book.rules, i);
      Fired *entry = g_hash_table_lookup (fired, rule->id);

      if (entry != NULL && !entry->dropped)
        apply_subsumes (self, rule, entry, fired);
    }

  warnings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->book.rules->len; i++)
    {
      FcRule *rule = g_ptr_array_index (self->book.rules, i);
      Fired *entry = g_hash_table_lookup (fired, rule->id);

      if (entry != NULL && !entry->dropped)
        g_ptr_array_add (warnings, make_warning (rule, entry));
    }
  g_ptr_array_sort_with_data (warnings, compare_warnings, NULL);

  store = g_list_store_new (FC_TYPE_WARNING);
  g_list_store_splice (store, 0, 0, warnings->pdata, warnings->len);
  return G_LIST_MODEL (store);
}

GListModel *
fc_rule_set_evaluate (FcRuleSet  *self,
                      FcSummary  *summary,
                      FcFindings *findings)
{
  return fc_rule_set_evaluate_at (self, summary, findings, NULL);
}

/**
 * fc_rule_set_get_stats:
 *
 * Fills @stats with counts over the loaded rule files (rules per severity, inferred rules,
 * drug classes, crew drugs, sources).
 */
void
fc_rule_set_get_stats (FcRuleSet      *self,
                       FcRuleSetStats *stats)
{
  g_return_if_fail (FC_IS_RULE_SET (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->n_rules = self->book.rules->len;
  for (guint i = 0; i < self->book.rules->len; i++)
    {
      FcRule *rule = g_ptr_array_index (self->book.rules, i);

      stats->n_by_severity[rule->severity]++;
      stats->n_inferred += rule->inferred ? 1 : 0;
      stats->n_with_raise += rule->raises->len > 0 ? 1 : 0;
      stats->n_with_addenda += rule->addenda->len > 0 ? 1 : 0;
      stats->n_unsourced += rule->sources[0] == NULL ? 1 : 0;
    }
  stats->n_groups = self->book.n_groups;
  stats->n_classes = fc_drug_classes_get_n (self->classes);
  stats->n_classes_unused = stats->n_classes - g_hash_table_size (self->book.used_classes);
  stats->n_crew_drugs = self->book.crew_drugs != NULL
                          ? fc_drug_classes_get_n (self->book.crew_drugs) : 0;
  stats->n_sources = self->book.n_sources;
  stats->glucose_low_below = self->book.glucose_low_below;
  stats->glucose_high_from = self->book.glucose_high_from;
  stats->glucose_min_age = self->book.glucose_min_age;
}

/**
 * fc_rule_set_list_rules:
 *
 * Returns: (transfer full): the rule ids in file order.
 */
GStrv
fc_rule_set_list_rules (FcRuleSet *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FC_IS_RULE_SET (self), NULL);

  for (guint i = 0; i < self->book.file_order->len; i++)
    g_strv_builder_add (builder, ((FcRule *) g_ptr_array_index (self->book.file_order, i))->id);
  return g_strv_builder_end (builder);
}

gboolean
fc_rule_set_get_rule_info (FcRuleSet           *self,
                           const char          *rule_id,
                           FcSeverity          *severity,
                           gboolean            *inferred,
                           const char * const **sources)
{
  FcRule *rule;

  g_return_val_if_fail (FC_IS_RULE_SET (self), FALSE);

  rule = rule_id != NULL ? g_hash_table_lookup (self->book.by_id, rule_id) : NULL;
  if (rule == NULL)
    return FALSE;
  if (severity != NULL)
    *severity = rule->severity;
  if (inferred != NULL)
    *inferred = rule->inferred;
  if (sources != NULL)
    *sources = (const char * const *) rule->sources;
  return TRUE;
}

char *
fc_rule_set_default_dir (void)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();

  return g_build_filename (data_dir, "rules", NULL);
}

