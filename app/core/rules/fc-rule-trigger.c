/* fc-rule-trigger.c: parsing rule triggers (the grammar is in the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rule-trigger.h"

#include <glib/gi18n-lib.h>

void
fc_trigger_free (FcTrigger *trigger)
{
  if (trigger == NULL)
    return;
  g_strfreev (trigger->list);
  g_strfreev (trigger->criticality);
  g_strfreev (trigger->names);
  g_strfreev (trigger->exclude_names);
  g_strfreev (trigger->interpretations);
  g_strfreev (trigger->positive_values);
  g_strfreev (trigger->negative_values);
  g_free (trigger->name);
  g_clear_pointer (&trigger->children, g_ptr_array_unref);
  g_free (trigger);
}

/* ---- Parsing ------------------------------------------------------------------------------ */

static const char * const glucose_tests[] = {
  "not_measured", "measured", "low", "high", "in_range", NULL
};

static const char * const age_tests[] = {
  "min_age_met", "below_min_age", "unconfirmed", NULL
};

static const char * const allergen_matches[] = {
  "crew_drugs", "medications", NULL
};

static int
strv_index (const char * const *strv,
            const char         *value)
{
  for (int i = 0; strv[i] != NULL; i++)
    if (g_strcmp0 (strv[i], value) == 0)
      return i;
  return -1;
}

/* Reads {"ja": [...], "en": [...]} into one normalised vector. */
static gboolean
parse_names (JsonObject         *object,
             const char         *member,
             GStrv              *out,
             const FcJsonWhere  *where,
             GError            **error)
{
  static const char * const langs[] = { "ja", "en", NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL)
    {
      JsonObject *lists;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fc_rules_json_error (error, where, member,
                               _("must be an object {\"ja\": […], \"en\": […]}"));
          return FALSE;
        }
      lists = json_node_get_object (node);
      if (!fc_rules_json_check_keys (lists, langs, where, error))
        return FALSE;
      for (guint i = 0; langs[i] != NULL; i++)
        {
          g_auto(GStrv) names = NULL;

          if (!fc_rules_json_get_strv (lists, langs[i], FALSE, &names, where, error))
            return FALSE;
          for (guint j = 0; names[j] != NULL; j++)
            {
              g_autofree char *normal = fc_drug_normalize_text (names[j]);

              g_strv_builder_add (builder, normal);
            }
        }
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static FcTrigger *parse_node (JsonNode           *node,
                              const char         *field,
                              FcTriggerScope      scope,
                              const FcJsonWhere  *where,
                              GError            **error);

static gboolean
parse_children (FcTrigger          *trigger,
                JsonNode           *node,
                const char         *field,
                FcTriggerScope      scope,
                const FcJsonWhere  *where,
                GError            **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      fc_rules_json_error (error, where, field, _("must be a non-empty list of triggers"));
      return FALSE;
    }
  array = json_node_get_array (node);
  trigger->children = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_trigger_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FcTrigger *child = parse_node (json_array_get_element (array, i), field, scope, where, error);

      if (child == NULL)
        return FALSE;
      g_ptr_array_add (trigger->children, child);
    }
  return TRUE;
}

static gboolean
parse_finding (FcTrigger          *trigger,
               JsonObject         *object,
               const char         *field,
               const FcJsonWhere  *where,
               GError            **error)
{
  static const char * const allowed[] = { "finding", "is", NULL };
  const char *name = NULL;
  const char *is = NULL;

  if (!fc_rules_json_check_keys (object, allowed, where, error) ||
      !fc_rules_json_get_string (object, "finding", TRUE, &name, where, error) ||
      !fc_rules_json_get_string (object, "is", FALSE, &is, where, error))
    return FALSE;
  trigger->name = g_strdup (name);

  if (g_str_equal (name, "consciousness"))
    {
      if (g_strcmp0 (is, "impaired") == 0)
        trigger->number = FC_CONSCIOUSNESS_IMPAIRED;
      else if (g_strcmp0 (is, "alert") == 0)
        trigger->number = FC_CONSCIOUSNESS_ALERT;
      else
        {
          fc_rules_json_error (error, where, field, _("unknown value '%s' for consciousness "
                                                      "(use impaired or alert)"),
                               is != NULL ? is : "");
          return FALSE;
        }
    }
  else if (g_str_equal (name, "glucose"))
    {
      trigger->number = strv_index (glucose_tests, is);
      if (trigger->number < 0)
        {
          fc_rules_json_error (error, where, field,
                               _("unknown value '%s' for glucose (use not_measured, measured, "
                                 "low, high or in_range)"),
                               is != NULL ? is : "");
          return FALSE;
        }
    }
  else if (g_str_equal (name, "age"))
    {
      trigger->number = strv_index (age_tests, is);
      if (trigger->number < 0)
        {
          fc_rules_json_error (error, where, field,
                               _("unknown value '%s' for age (use min_age_met, below_min_age "
                                 "or unconfirmed)"),
                               is != NULL ? is : "");
          return FALSE;
        }
    }
  else if (fc_findings_is_flag_name (name))
    {
      if (is != NULL && !g_str_equal (is, "yes"))
        {
          fc_rules_json_error (error, where, field, _("unknown value '%s' for %s (use yes)"),
                               is, name);
          return FALSE;
        }
    }
  else
    {
      fc_rules_json_error (error, where, field, _("unknown finding '%s'"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_condition (FcTrigger          *trigger,
                 JsonObject         *object,
                 const FcJsonWhere  *where,
                 GError            **error)
{
  static const char * const allowed[] = {
    "icd10_prefixes", "verification", "include_resolved", "names", "exclude_names", NULL
  };
  const char *verification = NULL;

  if (!fc_rules_json_check_keys (object, allowed, where, error) ||
      !fc_rules_json_get_strv (object, "icd10_prefixes", TRUE, &trigger->list, where, error) ||
      !fc_rules_json_get_string (object, "verification", FALSE, &verification, where, error) ||
      !fc_rules_json_get_boolean (object, "include_resolved", &trigger->include_resolved,
                                  where, error) ||
      !parse_names (object, "names", &trigger->names, where, error) ||
      !parse_names (object, "exclude_names", &trigger->exclude_names, where, error))
    return FALSE;
  if (trigger->list[0] == NULL && trigger->names[0] == NULL)
    {
      fc_rules_json_error (error, where, "icd10_prefixes", _("must name at least one code"));
      return FALSE;
    }

  if (verification == NULL || g_str_equal (verification, "confirmed"))
    trigger->confirmed_only = TRUE;
  else if (!g_str_equal (verification, "any"))
    {
      fc_rules_json_error (error, where, "verification",
                           _("unknown value '%s' (use confirmed or any)"), verification);
      return FALSE;
    }

  /* ICD-10 prefixes are compared without dots, in capitals. */
  for (guint i = 0; trigger->list[i] != NULL; i++)
    {
      GString *clean = g_string_new (NULL);

      for (const char *p = trigger->list[i]; *p != '\0'; p++)
        if (*p != '.')
          g_string_append_c (clean, g_ascii_toupper (*p));
      g_free (trigger->list[i]);
      trigger->list[i] = g_string_free (clean, FALSE);
    }
  return TRUE;
}

static gboolean
parse_allergy (FcTrigger          *trigger,
               JsonNode           *node,
               const FcJsonWhere  *where,
               GError            **error)
{
  static const char * const allowed[] = { "category", "criticality", NULL };
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, where, "allergy", _("must be an object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  return fc_rules_json_check_keys (object, allowed, where, error) &&
         fc_rules_json_get_strv (object, "category", FALSE, &trigger->list, where, error) &&
         fc_rules_json_get_strv (object, "criticality", FALSE, &trigger->criticality, where,
                                 error);
}

static gboolean
parse_lab_positive (FcTrigger          *trigger,
                    JsonNode           *node,
                    const FcJsonWhere  *where,
                    GError            **error)
{
  static const char * const allowed[] = {
    "jlac10_prefixes", "names", "interpretations", "positive_values", "negative_values", NULL
  };
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, where, "lab_positive", _("must be an object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!fc_rules_json_check_keys (object, allowed, where, error) ||
      !fc_rules_json_get_strv (object, "jlac10_prefixes", FALSE, &trigger->list, where, error) ||
      !parse_names (object, "names", &trigger->names, where, error) ||
      !fc_rules_json_get_strv (object, "interpretations", FALSE, &trigger->interpretations,
                               where, error) ||
      !parse_names (object, "positive_values", &trigger->positive_values, where, error) ||
      !parse_names (object, "negative_values", &trigger->negative_values, where, error))
    return FALSE;
  if (trigger->list[0] == NULL && trigger->names[0] == NULL)
    {
      fc_rules_json_error (error, where, "jlac10_prefixes",
                           _("must name at least one code prefix (or give names)"));
      return FALSE;
    }
  if (trigger->interpretations[0] == NULL && trigger->positive_values[0] == NULL)
    {
      fc_rules_json_error (error, where, "interpretations",
                           _("say what a positive result looks like (interpretations or "
                             "positive_values)"));
      return FALSE;
    }
  for (guint i = 0; trigger->list[i] != NULL; i++)
    {
      char *upper = g_ascii_strup (trigger->list[i], -1);

      g_free (trigger->list[i]);
      trigger->list[i] = upper;
    }
  for (guint i = 0; trigger->interpretations[i] != NULL; i++)
    {
      char *upper = g_ascii_strup (trigger->interpretations[i], -1);

      g_free (trigger->interpretations[i]);
      trigger->interpretations[i] = upper;
    }
  return TRUE;
}

static gboolean
parse_positive_int (JsonNode           *node,
                    const char         *field,
                    int                *out,
                    const FcJsonWhere  *where,
                    GError            **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > 100000)
    {
      fc_rules_json_error (error, where, field, _("must be a whole number from 1"));
      return FALSE;
    }
  *out = (int) json_node_get_int (node);
  return TRUE;
}

static FcTrigger *
parse_node (JsonNode           *node,
            const char         *field,
            FcTriggerScope      scope,
            const FcJsonWhere  *where,
            GError            **error)
{
  static const char * const kinds[] = {
    "any_class", "all_classes", "icd10_prefixes", "allergy", "rule", "any_of", "all_of", "not",
    "finding", "medications_incomplete", "min_distinct_drugs", "lab_positive",
    "allergen_matches", NULL
  };
  g_autoptr(FcTrigger) trigger = g_new0 (FcTrigger, 1);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  const char *kind_name = NULL;
  gboolean ok = FALSE;
  int kind = -1;

  /* A bare string in a list is a rule reference. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (scope == FC_TRIGGER_SCOPE_FINDINGS)
        {
          fc_rules_json_error (error, where, field, _("may only test findings"));
          return NULL;
        }
      trigger->kind = FC_TRIGGER_RULE;
      trigger->name = g_strdup (json_node_get_string (node));
      return g_steal_pointer (&trigger);
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, where, field, _("must be a trigger object"));
      return NULL;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && kind < 0; l = l->next)
    if ((kind = strv_index (kinds, l->data)) >= 0)
      kind_name = l->data;
  if (kind < 0)
    {
      fc_rules_json_error (error, where, field, _("names no trigger kind (e.g. any_class, "
                                                  "icd10_prefixes, rule, any_of, finding)"));
      return NULL;
    }
  trigger->kind = (FcTriggerKind) kind;
  if (scope == FC_TRIGGER_SCOPE_HISTORY && trigger->kind == FC_TRIGGER_FINDING)
    {
      fc_rules_json_error (error, where, field, _("may not test findings: findings raise "
                                                  "severity, they do not change the message"));
      return NULL;
    }
  if (scope == FC_TRIGGER_SCOPE_FINDINGS &&
      trigger->kind != FC_TRIGGER_FINDING && trigger->kind != FC_TRIGGER_ANY_OF &&
      trigger->kind != FC_TRIGGER_ALL_OF && trigger->kind != FC_TRIGGER_NOT)
    {
      fc_rules_json_error (error, where, field, _("may only test findings, not '%s'"), kind_name);
      return NULL;
    }

  /* Apart from conditions and findings, a trigger object holds its kind alone. */
  if (trigger->kind != FC_TRIGGER_CONDITION && trigger->kind != FC_TRIGGER_FINDING)
    {
      const char *allowed[] = { kind_name, NULL };

      if (!fc_rules_json_check_keys (object, allowed, where, error))
        return NULL;
    }

  switch (trigger->kind)
    {
    case FC_TRIGGER_ANY_CLASS:
    case FC_TRIGGER_ALL_CLASSES:
      ok = fc_rules_json_get_strv (object, kind_name, TRUE, &trigger->list, where, error);
      if (ok && trigger->list[0] == NULL)
        {
          fc_rules_json_error (error, where, kind_name, _("must name at least one class"));
          ok = FALSE;
        }
      break;
    case FC_TRIGGER_CONDITION:
      ok = parse_condition (trigger, object, where, error);
      break;
    case FC_TRIGGER_ALLERGY:
      ok = parse_allergy (trigger, json_object_get_member (object, "allergy"), where, error);
      break;
    case FC_TRIGGER_RULE:
      {
        const char *rule = NULL;

        ok = fc_rules_json_get_string (object, "rule", TRUE, &rule, where, error);
        trigger->name = g_strdup (rule);
      }
      break;
    case FC_TRIGGER_ANY_OF:
    case FC_TRIGGER_ALL_OF:
      ok = parse_children (trigger, json_object_get_member (object, kind_name), field, scope,
                           where, error);
      break;
    case FC_TRIGGER_NOT:
      {
        FcTrigger *child = parse_node (json_object_get_member (object, "not"), field, scope,
                                       where, error);

        if (child != NULL)
          {
            trigger->children = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_trigger_free);
            g_ptr_array_add (trigger->children, child);
            ok = TRUE;
          }
      }
      break;
    case FC_TRIGGER_FINDING:
      ok = parse_finding (trigger, object, field, where, error);
      break;
    case FC_TRIGGER_MEDICATIONS_INCOMPLETE:
      {
        JsonNode *options = json_object_get_member (object, "medications_incomplete");

        ok = JSON_NODE_HOLDS_OBJECT (options) &&
             parse_positive_int (json_object_get_member (json_node_get_object (options),
                                                         "stale_days"),
                                 "stale_days", &trigger->number, where, error);
        if (!JSON_NODE_HOLDS_OBJECT (options))
          fc_rules_json_error (error, where, field, _("medications_incomplete must be an object "
                                                      "{\"stale_days\": N}"));
      }
      break;
    case FC_TRIGGER_MIN_DISTINCT_DRUGS:
      ok = parse_positive_int (json_object_get_member (object, "min_distinct_drugs"),
                               "min_distinct_drugs", &trigger->number, where, error);
      break;
    case FC_TRIGGER_LAB_POSITIVE:
      ok = parse_lab_positive (trigger, json_object_get_member (object, "lab_positive"), where,
                               error);
      break;
    case FC_TRIGGER_ALLERGEN_MATCHES:
      {
        const char *what = NULL;

        ok = fc_rules_json_get_string (object, "allergen_matches", TRUE, &what, where, error);
        if (ok)
          {
            trigger->number = strv_index (allergen_matches, what);
            if (trigger->number < 0)
              {
                fc_rules_json_error (error, where, "allergen_matches",
                                     _("unknown value '%s' (use crew_drugs or medications)"),
                                     what);
                ok = FALSE;
              }
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return ok ? g_steal_pointer (&trigger) : NULL;
}

FcTrigger *
fc_trigger_parse (JsonNode           *node,
                  const char         *field,
                  FcTriggerScope      scope,
                  const FcJsonWhere  *where,
                  GError            **error)
{
  g_return_val_if_fail (field != NULL && where != NULL, NULL);

  if (node == NULL)
    {
      fc_rules_json_error (error, where, field, _("missing"));
      return NULL;
    }
  return parse_node (node, field, scope, where, error);
}

void
fc_trigger_collect_refs (FcTrigger *trigger,
                         GPtrArray *rule_ids,
                         GPtrArray *class_ids)
{
  if (trigger->kind == FC_TRIGGER_RULE && rule_ids != NULL)
    g_ptr_array_add (rule_ids, trigger->name);
  if ((trigger->kind == FC_TRIGGER_ANY_CLASS || trigger->kind == FC_TRIGGER_ALL_CLASSES) &&
      class_ids != NULL)
    for (guint i = 0; trigger->list[i] != NULL; i++)
      g_ptr_array_add (class_ids, trigger->list[i]);
  for (guint i = 0; trigger->children != NULL && i < trigger->children->len; i++)
    fc_trigger_collect_refs (g_ptr_array_index (trigger->children, i), rule_ids, class_ids);
}

