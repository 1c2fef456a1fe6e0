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

/* Replaces "{evidence}" with the texts of the evidence items (shown verbatim, e.g. the text of
 * a 薬剤禁忌 entry). */
static char *
expand_message (const char   *message,
                FcRuleResult *result,
                const char   *separator)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) out = NULL;

  if (strstr (message, "{evidence}") == NULL)
    return g_strdup (message);

  text = g_string_new (NULL);
  for (guint i = 0; i < result->items->len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, fc_summary_item_get_text (g_ptr_array_index (result->items, i)));
    }
  if (text->len == 0)
    g_string_append (text, "—");
  out = g_string_new (message);
  g_string_replace (out, "{evidence}", text->str, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct {
  FcRuleResult *result; /* (owned) */
  FcSeverity    severity;
  gboolean      dropped;
} Fired;

static void
fired_free (Fired *fired)
{
  fc_rule_result_free (fired->result);
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
  g_autofree char *ja = expand_message (rule->message_ja, fired->result, "、");
  g_autofree char *en = expand_message (rule->message_en, fired->result, "; ");
  FcWarning *warning = fc_warning_new (rule->id, fired->severity, ja, en, rule->inferred);

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
  ctx.fired = results;
  ctx.glucose_low_below = self->book.glucose_low_below;
  ctx.glucose_high_from = self->book.glucose_high_from;

  /* Rules are stored in dependency order, so a referenced rule has already been decided. */
  for (guint i = 0; i < self->book.rules->len; i++)
    {
      FcRule *rule = g_ptr_array_index (self->book.rules, i);
      g_autoptr(FcRuleResult) result = fc_rule_result_new ();
      FcSeverity severity = rule->severity;
      Fired *entry;

      if (!fc_trigger_eval (rule->trigger, &ctx, result))
        continue;
      if (rule->requires != NULL && !fc_trigger_eval (rule->requires, &ctx, result))
        continue;

      /* Findings only raise the severity; they never change the message. */
      ctx.current = result;
      for (guint r = 0; r < rule->raises->len; r++)
        {
          FcRuleRaise *raise = g_ptr_array_index (rule->raises, r);
          g_autoptr(FcRuleResult) why = fc_rule_result_new ();

          /* What raised it (a finding, another rule's items) is evidence too. */
          if (fc_trigger_eval (raise->when, &ctx, why))
            {
              severity = MAX (severity, raise->to);
              fc_rule_result_merge (result, why);
            }
        }
      ctx.current = NULL;

      entry = g_new0 (Fired, 1);
      entry->result = g_steal_pointer (&result);
      entry->severity = severity;
      g_hash_table_insert (fired, rule->id, entry);
      g_hash_table_insert (results, rule->id, entry->result);
    }

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

char *
fc_rule_set_default_dir (void)
{
  g_autofree char *data_dir = fc_paths_get_data_dir ();

  return g_build_filename (data_dir, "rules", NULL);
}

