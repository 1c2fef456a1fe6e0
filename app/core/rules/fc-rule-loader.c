/* fc-rule-loader.c: reading and validating rules.json (the format is in the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rule-loader.h"

#include <glib/gi18n-lib.h>

#include "fc-rule-set.h"
#include "fc-rules-json.h"

static void
raise_free (FcRuleRaise *raise)
{
  fc_trigger_free (raise->when);
  g_free (raise);
}

static void
addendum_free (FcRuleAddendum *addendum)
{
  fc_trigger_free (addendum->when);
  g_free (addendum->message_ja);
  g_free (addendum->message_en);
  g_free (addendum);
}

static void
rule_free (FcRule *rule)
{
  g_free (rule->id);
  g_free (rule->group);
  fc_trigger_free (rule->trigger);
  fc_trigger_free (rule->requires);
  g_clear_pointer (&rule->raises, g_ptr_array_unref);
  g_clear_pointer (&rule->addenda, g_ptr_array_unref);
  g_free (rule->message_ja);
  g_free (rule->message_en);
  g_clear_pointer (&rule->checks, g_ptr_array_unref);
  g_strfreev (rule->sources);
  g_strfreev (rule->subsumes);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRule, rule_free)

/* ---- Loading ------------------------------------------------------------------------------ */

static gboolean
parse_severity (JsonObject         *object,
                const char         *member,
                FcSeverity         *out,
                const FcJsonWhere  *where,
                GError            **error)
{
  const char *text = NULL;

  if (!fc_rules_json_get_string (object, member, TRUE, &text, where, error))
    return FALSE;
  if (!fc_severity_from_string (text, out))
    {
      fc_rules_json_error (error, where, member, _("unknown value '%s'"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_raises (FcRule             *rule,
              JsonObject         *object,
              const FcJsonWhere  *where,
              GError            **error)
{
  static const char * const allowed[] = { "when", "to", NULL };
  JsonNode *node = json_object_get_member (object, "raise");
  JsonArray *array;

  rule->raises = g_ptr_array_new_with_free_func ((GDestroyNotify) raise_free);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fc_rules_json_error (error, where, "raise", _("must be a list of {\"when\", \"to\"}"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;
      FcRuleRaise *raise;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          fc_rules_json_error (error, where, "raise", _("must be a list of {\"when\", \"to\"}"));
          return FALSE;
        }
      entry = json_node_get_object (element);
      if (!fc_rules_json_check_keys (entry, allowed, where, error))
        return FALSE;
      raise = g_new0 (FcRuleRaise, 1);
      g_ptr_array_add (rule->raises, raise);
      if (!parse_severity (entry, "to", &raise->to, where, error))
        return FALSE;
      if (raise->to <= rule->severity)
        {
          fc_rules_json_error (error, where, "raise",
                               _("'%s' is not above the rule's severity"),
                               fc_severity_to_string (raise->to));
          return FALSE;
        }
      raise->when = fc_trigger_parse (json_object_get_member (entry, "when"), "raise.when",
                                      FC_TRIGGER_SCOPE_ANY, where, error);
      if (raise->when == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_addenda (FcRule             *rule,
               JsonObject         *object,
               const FcJsonWhere  *where,
               GError            **error)
{
  static const char * const allowed[] = { "when", "message", NULL };
  static const char * const placeholders[] = { "evidence", "results", "matches", NULL };
  JsonNode *node = json_object_get_member (object, "addenda");
  JsonArray *array;

  rule->addenda = g_ptr_array_new_with_free_func ((GDestroyNotify) addendum_free);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fc_rules_json_error (error, where, "addenda", _("must be a list of {\"when\", \"message\"}"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      FcRuleAddendum *addendum;
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          fc_rules_json_error (error, where, "addenda",
                               _("must be a list of {\"when\", \"message\"}"));
          return FALSE;
        }
      entry = json_node_get_object (element);
      if (!fc_rules_json_check_keys (entry, allowed, where, error))
        return FALSE;
      addendum = g_new0 (FcRuleAddendum, 1);
      g_ptr_array_add (rule->addenda, addendum);
      if (!fc_rules_json_get_text (json_object_get_member (entry, "message"), "addenda.message",
                                   &addendum->message_ja, &addendum->message_en, where, error) ||
          !fc_rules_json_check_placeholders (addendum->message_ja, "addenda.message.ja", placeholders, where,
                               error) ||
          !fc_rules_json_check_placeholders (addendum->message_en, "addenda.message.en", placeholders, where,
                               error))
        return FALSE;
      addendum->when = fc_trigger_parse (json_object_get_member (entry, "when"), "addenda.when",
                                         FC_TRIGGER_SCOPE_HISTORY, where, error);
      if (addendum->when == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_checks (FcRule             *rule,
              JsonObject         *object,
              const FcJsonWhere  *where,
              GError            **error)
{
  JsonNode *node = json_object_get_member (object, "check");
  JsonArray *array;

  rule->checks = g_ptr_array_new_with_free_func (g_free);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fc_rules_json_error (error, where, "check", _("must be a list of {\"ja\", \"en\"}"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char *ja = NULL;
      char *en = NULL;

      if (!fc_rules_json_get_text (json_array_get_element (array, i), "check", &ja, &en,
                                   where, error))
        return FALSE;
      g_ptr_array_add (rule->checks, ja);
      g_ptr_array_add (rule->checks, en);
    }
  return TRUE;
}

static FcRule *
parse_rule (JsonNode    *node,
            guint        index,
            GHashTable  *groups,
            GHashTable  *sources,
            GError     **error)
{
  static const char * const allowed[] = {
    "id", "severity", "group", "trigger", "requires_finding", "raise", "addenda", "inferred",
    "message", "check", "sources", "subsumes", "note", NULL
  };
  static const char * const placeholders[] = { "evidence", "results", NULL };
  g_autofree char *position = g_strdup_printf ("#%u", index + 1);
  FcJsonWhere where = { "rules.json", "rule", position };
  g_autoptr(FcRule) rule = NULL;
  JsonObject *object;
  const char *id = NULL;
  const char *group = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, &where, NULL, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!fc_rules_json_get_string (object, "id", TRUE, &id, &where, error))
    return NULL;
  where.id = id;
  if (!fc_rules_json_check_keys (object, allowed, &where, error))
    return NULL;

  rule = g_new0 (FcRule, 1);
  rule->id = g_strdup (id);
  if (!parse_severity (object, "severity", &rule->severity, &where, error) ||
      !fc_rules_json_get_string (object, "group", FALSE, &group, &where, error) ||
      !fc_rules_json_get_boolean (object, "inferred", &rule->inferred, &where, error) ||
      !fc_rules_json_get_text (json_object_get_member (object, "message"), "message",
                               &rule->message_ja, &rule->message_en, &where, error) ||
      !fc_rules_json_check_placeholders (rule->message_ja, "message.ja", placeholders, &where, error) ||
      !fc_rules_json_check_placeholders (rule->message_en, "message.en", placeholders, &where, error) ||
      !parse_checks (rule, object, &where, error) ||
      !fc_rules_json_get_strv (object, "sources", FALSE, &rule->sources, &where, error) ||
      !fc_rules_json_get_strv (object, "subsumes", FALSE, &rule->subsumes, &where, error))
    return NULL;

  if (group != NULL && !g_hash_table_contains (groups, group))
    {
      fc_rules_json_error (error, &where, "group", _("unknown group '%s'"), group);
      return NULL;
    }
  rule->group = g_strdup (group);
  for (guint i = 0; sources != NULL && rule->sources[i] != NULL; i++)
    if (!g_hash_table_contains (sources, rule->sources[i]))
      {
        fc_rules_json_error (error, &where, "sources", _("unknown source '%s'"), rule->sources[i]);
        return NULL;
      }

  rule->trigger = fc_trigger_parse (json_object_get_member (object, "trigger"), "trigger",
                                    FC_TRIGGER_SCOPE_ANY, &where, error);
  if (rule->trigger == NULL)
    return NULL;
  if (json_object_has_member (object, "requires_finding"))
    {
      rule->requires = fc_trigger_parse (json_object_get_member (object, "requires_finding"),
                                         "requires_finding", FC_TRIGGER_SCOPE_FINDINGS,
                                         &where, error);
      if (rule->requires == NULL)
        return NULL;
    }
  if (!parse_raises (rule, object, &where, error) ||
      !parse_addenda (rule, object, &where, error))
    return NULL;

  return g_steal_pointer (&rule);
}

/* Whether @trigger or one of its children is of @kind with @number. */
static gboolean
trigger_uses (FcTrigger     *trigger,
              FcTriggerKind  kind,
              int            number)
{
  if (trigger->kind == kind && trigger->number == number)
    return TRUE;
  for (guint i = 0; trigger->children != NULL && i < trigger->children->len; i++)
    if (trigger_uses (g_ptr_array_index (trigger->children, i), kind, number))
      return TRUE;
  return FALSE;
}

/* Checks that every rule and class a rule names exists. */
static gboolean
check_refs (FcRuleBook  *self,
            FcRule      *rule,
            GError     **error)
{
  FcJsonWhere where = { "rules.json", "rule", rule->id };
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  g_ptr_array_add (parts, rule->trigger);
  g_ptr_array_add (fields, (gpointer) "trigger");
  if (rule->requires != NULL)
    {
      g_ptr_array_add (parts, rule->requires);
      g_ptr_array_add (fields, (gpointer) "requires_finding");
    }
  for (guint i = 0; i < rule->raises->len; i++)
    {
      g_ptr_array_add (parts, ((FcRuleRaise *) g_ptr_array_index (rule->raises, i))->when);
      g_ptr_array_add (fields, (gpointer) "raise.when");
    }
  for (guint i = 0; i < rule->addenda->len; i++)
    {
      g_ptr_array_add (parts, ((FcRuleAddendum *) g_ptr_array_index (rule->addenda, i))->when);
      g_ptr_array_add (fields, (gpointer) "addenda.when");
    }

  for (guint p = 0; p < parts->len; p++)
    {
      const char *field = g_ptr_array_index (fields, p);
      g_autoptr(GPtrArray) rule_ids = g_ptr_array_new ();
      g_autoptr(GPtrArray) class_ids = g_ptr_array_new ();

      fc_trigger_collect_refs (g_ptr_array_index (parts, p), rule_ids, class_ids);
      for (guint i = 0; i < rule_ids->len; i++)
        if (!g_hash_table_contains (self->by_id, g_ptr_array_index (rule_ids, i)))
          {
            fc_rules_json_error (error, &where, field, _("unknown rule '%s'"),
                                 (const char *) g_ptr_array_index (rule_ids, i));
            return FALSE;
          }
      for (guint i = 0; i < class_ids->len; i++)
        {
          if (!fc_drug_classes_has (self->classes, g_ptr_array_index (class_ids, i)))
            {
              fc_rules_json_error (error, &where, field, _("unknown class '%s'"),
                                   (const char *) g_ptr_array_index (class_ids, i));
              return FALSE;
            }
          g_hash_table_add (self->used_classes, g_ptr_array_index (class_ids, i));
        }
      if (self->crew_drugs == NULL &&
          trigger_uses (g_ptr_array_index (parts, p), FC_TRIGGER_ALLERGEN_MATCHES,
                        FC_ALLERGEN_MATCHES_CREW_DRUGS))
        {
          fc_rules_json_error (error, &where, field,
                               _("compares with the crew's drugs, but rules.json has no "
                                 "\"crew_drugs\""));
          return FALSE;
        }
    }
  for (guint i = 0; rule->subsumes[i] != NULL; i++)
    if (!g_hash_table_contains (self->by_id, rule->subsumes[i]) ||
        g_str_equal (rule->subsumes[i], rule->id))
      {
        fc_rules_json_error (error, &where, "subsumes", _("unknown rule '%s'"), rule->subsumes[i]);
        return FALSE;
      }
  return TRUE;
}

/* Rules a rule's trigger, requirement and raises depend on (borrowed ids). */
static GPtrArray *
rule_dependencies (FcRule *rule)
{
  GPtrArray *deps = g_ptr_array_new ();

  fc_trigger_collect_refs (rule->trigger, deps, NULL);
  for (guint i = 0; i < rule->raises->len; i++)
    {
      FcRuleRaise *raise = g_ptr_array_index (rule->raises, i);

      fc_trigger_collect_refs (raise->when, deps, NULL);
    }
  for (guint i = 0; i < rule->addenda->len; i++)
    {
      FcRuleAddendum *addendum = g_ptr_array_index (rule->addenda, i);

      fc_trigger_collect_refs (addendum->when, deps, NULL);
    }
  return deps;
}

/* Depth-first ordering so that a rule is evaluated after the rules it refers to; a cycle is
 * an error naming a rule on it. @state: id → 1 visiting, 2 done. */
static gboolean
visit (FcRuleBook  *self,
       FcRule      *rule,
       GHashTable  *state,
       GPtrArray   *order,
       GError     **error)
{
  int mark = GPOINTER_TO_INT (g_hash_table_lookup (state, rule->id));
  g_autoptr(GPtrArray) deps = NULL;

  if (mark == 2)
    return TRUE;
  if (mark == 1)
    {
      FcJsonWhere where = { "rules.json", "rule", rule->id };

      fc_rules_json_error (error, &where, "trigger", _("rule references form a cycle"));
      return FALSE;
    }
  g_hash_table_insert (state, rule->id, GINT_TO_POINTER (1));
  deps = rule_dependencies (rule);
  for (guint i = 0; i < deps->len; i++)
    if (!visit (self, g_hash_table_lookup (self->by_id, g_ptr_array_index (deps, i)), state,
                order, error))
      return FALSE;
  g_hash_table_insert (state, rule->id, GINT_TO_POINTER (2));
  g_ptr_array_add (order, rule);
  return TRUE;
}

/* A rule may not subsume itself through others. */
static gboolean
subsumes_reaches (FcRuleBook *self,
                  FcRule     *from,
                  const char *target,
                  guint       depth)
{
  if (depth > g_hash_table_size (self->by_id))
    return TRUE;
  for (guint i = 0; from->subsumes[i] != NULL; i++)
    if (g_str_equal (from->subsumes[i], target) ||
        subsumes_reaches (self, g_hash_table_lookup (self->by_id, from->subsumes[i]), target,
                          depth + 1))
      return TRUE;
  return FALSE;
}

/* Reads a whole number member of "glucose" into @out (unchanged when absent). */
static gboolean
glucose_member (JsonObject *glucose,
                const char *member,
                int        *out)
{
  JsonNode *node = json_object_get_member (glucose, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = (int) CLAMP (json_node_get_int (node), -1, G_MAXINT);
  return TRUE;
}

/* "glucose": {"low_below": 50, "high_from": 250, "min_age": 15}; defaults when absent. */
static gboolean
parse_glucose (FcRuleBook         *self,
               JsonNode           *node,
               const FcJsonWhere  *where,
               GError            **error)
{
  static const char * const allowed[] = { "low_below", "high_from", "min_age", NULL };
  JsonObject *glucose;

  self->glucose_low_below = 50;
  self->glucose_high_from = 250;
  self->glucose_min_age = 15;
  if (node == NULL)
    return TRUE;
  glucose = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (glucose != NULL && !fc_rules_json_check_keys (glucose, allowed, where, error))
    return FALSE;
  if (glucose == NULL ||
      !json_object_has_member (glucose, "low_below") ||
      !json_object_has_member (glucose, "high_from") ||
      !glucose_member (glucose, "low_below", &self->glucose_low_below) ||
      !glucose_member (glucose, "high_from", &self->glucose_high_from) ||
      self->glucose_low_below < FC_GLUCOSE_MIN_MG_DL ||
      self->glucose_high_from > FC_GLUCOSE_MAX_MG_DL ||
      self->glucose_low_below >= self->glucose_high_from)
    {
      fc_rules_json_error (error, where, "glucose",
                           _("needs low_below and high_from in mg/dL, %d ≤ low_below < "
                             "high_from ≤ %d"),
                           FC_GLUCOSE_MIN_MG_DL, FC_GLUCOSE_MAX_MG_DL);
      return FALSE;
    }
  if (!glucose_member (glucose, "min_age", &self->glucose_min_age) ||
      self->glucose_min_age < 0 || self->glucose_min_age > FC_AGE_MAX)
    {
      fc_rules_json_error (error, where, "glucose.min_age",
                           _("must be a whole number of years from 0 to %d"), FC_AGE_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_top_level (FcRuleBook  *self,
                 JsonObject  *object,
                 GHashTable  *groups,
                 GHashTable **sources,
                 GError     **error)
{
  static const char * const allowed[] = {
    "format", "description", "glucose", "groups", "sources", "crew_drugs", "rules", NULL
  };
  FcJsonWhere where = { "rules.json", NULL, NULL };
  JsonNode *format = json_object_get_member (object, "format");
  JsonNode *node;

  if (!fc_rules_json_check_keys (object, allowed, &where, error))
    return FALSE;
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 || json_node_get_int (format) != 1)
    {
      fc_rules_json_error (error, &where, "format", _("must be 1"));
      return FALSE;
    }

  if (!parse_glucose (self, json_object_get_member (object, "glucose"), &where, error))
    return FALSE;

  node = json_object_get_member (object, "crew_drugs");
  if (node != NULL)
    {
      self->crew_drugs = fc_drug_classes_new_from_json (node, "rules.json", "crew drug", error);
      if (self->crew_drugs == NULL)
        return FALSE;
    }

  node = json_object_get_member (object, "groups");
  if (node != NULL)
    {
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fc_rules_json_error (error, &where, "groups", _("must be an object"));
          return FALSE;
        }
      names = json_object_get_members (json_node_get_object (node));
      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_add (groups, g_strdup (l->data));
      self->n_groups = g_hash_table_size (groups);
    }

  node = json_object_get_member (object, "sources");
  if (node != NULL)
    {
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fc_rules_json_error (error, &where, "sources", _("must be an object"));
          return FALSE;
        }
      *sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      names = json_object_get_members (json_node_get_object (node));
      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_add (*sources, g_strdup (l->data));
      self->n_sources = g_hash_table_size (*sources);
    }
  return TRUE;
}

gboolean
fc_rule_book_load (FcRuleBook  *self,
                   const char  *path,
                   GError     **error)
{
  FcJsonWhere where = { "rules.json", NULL, NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sources = NULL;
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  JsonObject *object;
  JsonNode *rules;
  JsonArray *array;

  root = fc_rules_json_load (path, error);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);
  if (!parse_top_level (self, object, groups, &sources, error))
    return FALSE;

  rules = json_object_get_member (object, "rules");
  if (rules == NULL || !JSON_NODE_HOLDS_ARRAY (rules) ||
      json_array_get_length (json_node_get_array (rules)) == 0)
    {
      fc_rules_json_error (error, &where, "rules", _("must be a non-empty list of rules"));
      return FALSE;
    }
  array = json_node_get_array (rules);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FcRule *rule = parse_rule (json_array_get_element (array, i), i, groups, sources, error);

      if (rule == NULL)
        return FALSE;
      if (g_hash_table_contains (self->by_id, rule->id))
        {
          FcJsonWhere at = { "rules.json", "rule", rule->id };

          fc_rules_json_error (error, &at, "id", _("defined twice"));
          rule_free (rule);
          return FALSE;
        }
      g_ptr_array_add (loaded, rule);
      g_ptr_array_add (self->file_order, rule);
      g_hash_table_insert (self->by_id, rule->id, rule);
    }

  for (guint i = 0; i < loaded->len; i++)
    if (!check_refs (self, g_ptr_array_index (loaded, i), error))
      return FALSE;
  for (guint i = 0; i < loaded->len; i++)
    {
      FcRule *rule = g_ptr_array_index (loaded, i);

      if (subsumes_reaches (self, rule, rule->id, 0))
        {
          FcJsonWhere at = { "rules.json", "rule", rule->id };

          fc_rules_json_error (error, &at, "subsumes", _("rules subsume each other in a cycle"));
          return FALSE;
        }
      if (!visit (self, rule, state, order, error))
        return FALSE;
    }

  /* Hand the rules over in evaluation order. */
  g_ptr_array_set_free_func (loaded, NULL);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (self->rules, g_ptr_array_index (order, i));
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------------ */


void
fc_rule_book_init (FcRuleBook    *self,
                   FcDrugClasses *classes)
{
  self->classes = classes;
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->file_order = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->used_classes = g_hash_table_new (g_str_hash, g_str_equal);
  self->glucose_low_below = 50;
  self->glucose_high_from = 250;
  self->glucose_min_age = 15;
}

void
fc_rule_book_clear (FcRuleBook *self)
{
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->used_classes, g_hash_table_unref);
  g_clear_pointer (&self->file_order, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->crew_drugs, fc_drug_classes_free);
  self->classes = NULL;
}
