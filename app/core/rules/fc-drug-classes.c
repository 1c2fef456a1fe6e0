/* fc-drug-classes.c: drug classes loaded from drug-classes.json, and matching medicines to them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-drug-classes.h"

#include <glib/gi18n-lib.h>

#include "fc-rule-set.h"
#include "fc-rules-json.h"

typedef enum {
  ROUTE_ANY,
  ROUTE_ORAL,
} Route;

typedef struct {
  char  *id;           /* (owned) */
  char  *name_ja;      /* (owned) */
  char  *name_en;      /* (owned) */
  GStrv  prefixes;     /* (owned) yj3 + yj4 + yj7 */
  GStrv  exclude;      /* (owned) code prefixes that rule an item out */
  GStrv  atc;          /* (owned) */
  GStrv  names;        /* (owned) normalised ingredient and brand names */
  GStrv  exclude_text; /* (owned) normalised words that rule an item out */
  Route  route;
} DrugClass;

struct _FcDrugClasses
{
  GPtrArray  *classes; /* (owned) (element-type DrugClass) */
  GHashTable *by_id;   /* (owned) id → DrugClass (borrowed) */
};

static void
drug_class_free (DrugClass *klass)
{
  g_free (klass->id);
  g_free (klass->name_ja);
  g_free (klass->name_en);
  g_strfreev (klass->prefixes);
  g_strfreev (klass->exclude);
  g_strfreev (klass->atc);
  g_strfreev (klass->names);
  g_strfreev (klass->exclude_text);
  g_free (klass);
}

char *
fc_drug_normalize_text (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autoptr(GString) stripped = NULL;

  if (text == NULL)
    return g_strdup ("");
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return g_strdup ("");
  stripped = g_string_new (nfkc);
  g_string_replace (stripped, "【般】", "", 0);
  return g_utf8_casefold (stripped->str, -1);
}

/* Upper-case ASCII, without spaces, after NFKC (full-width digits become ASCII). */
static char *
normalize_code (const char *code)
{
  g_autofree char *nfkc = g_utf8_normalize (code, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);

  for (const char *p = nfkc != NULL ? nfkc : ""; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-' && *p != '.')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

char *
fc_drug_class_code (const char *system,
                    const char *code)
{
  g_autofree char *normal = NULL;

  if (system == NULL || code == NULL)
    return NULL;
  normal = normalize_code (code);

  if (g_str_equal (system, "jfagy"))
    {
      /* YCM + YJ12 and GCM + YJ9 + ZZZ carry a drug; other meta codes (food, uncodable) do not. */
      if ((g_str_has_prefix (normal, "YCM") || g_str_has_prefix (normal, "GCM")) &&
          strlen (normal) >= 3 + 7)
        return g_strdup (normal + 3);
      return NULL;
    }
  if (g_str_equal (system, "yj") || g_str_equal (system, "general-order"))
    return strlen (normal) >= 7 ? g_steal_pointer (&normal) : NULL;
  return NULL;
}

/* Position 5 of a YJ-form code: 0–3 oral, 4–6 injection, 7–9 external; letters: unknown. */
static gboolean
code_route_allowed (const DrugClass *klass,
                    const char      *code)
{
  if (klass->route == ROUTE_ANY || strlen (code) < 5 || !g_ascii_isdigit (code[4]))
    return TRUE;
  return code[4] >= '0' && code[4] <= '3';
}

static gboolean
has_any_prefix (const char *text,
                GStrv       prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (text, prefixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
contains_any (const char *haystack,
              GStrv       needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (haystack, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The item's text and the displays of its codings, normalised. */
static char *
item_search_text (FcSummaryItem *item)
{
  g_autoptr(GString) all = g_string_new (fc_summary_item_get_text (item));
  GPtrArray *codings = fc_summary_item_get_codings (item);

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);

      if (coding->display != NULL)
        {
          g_string_append_c (all, '\n');
          g_string_append (all, coding->display);
        }
    }
  return fc_drug_normalize_text (all->str);
}

static gboolean
class_matches (const DrugClass *klass,
               FcSummaryItem   *item)
{
  GPtrArray *codings = fc_summary_item_get_codings (item);
  g_autofree char *text = item_search_text (item);
  gboolean code_match = FALSE;

  if (contains_any (text, klass->exclude_text))
    return FALSE;

  /* 1. Class-bearing codes: an exclusion anywhere wins over a match. */
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *code = fc_drug_class_code (coding->system, coding->code);

      if (code == NULL)
        continue;
      if (has_any_prefix (code, klass->exclude) || !code_route_allowed (klass, code))
        return FALSE;
      if (has_any_prefix (code, klass->prefixes))
        code_match = TRUE;
    }
  if (code_match)
    return TRUE;

  /* 2. ATC. */
  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *code = NULL;

      if (g_strcmp0 (coding->system, "atc") != 0 || coding->code == NULL)
        continue;
      code = normalize_code (coding->code);
      if (has_any_prefix (code, klass->atc))
        return TRUE;
    }

  /* 3. Ingredient and brand names in the text. */
  return contains_any (text, klass->names);
}

char *
fc_drug_item_identity (FcSummaryItem *item)
{
  GPtrArray *codings = fc_summary_item_get_codings (item);

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      FcCoding *coding = g_ptr_array_index (codings, i);
      g_autofree char *code = fc_drug_class_code (coding->system, coding->code);

      if (code != NULL)
        return g_strndup (code, 7);
    }
  return fc_drug_normalize_text (fc_summary_item_get_text (item));
}

/* Checks that each prefix is @length upper-case letters or digits (0 = any length 1–12). */
static gboolean
check_prefixes (GStrv               prefixes,
                guint               length,
                const char         *field,
                const FcJsonWhere  *where,
                GError            **error)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      const char *p = prefixes[i];
      gsize len = strlen (p);

      if (length != 0 && len != length)
        {
          fc_rules_json_error (error, where, field,
                               _("'%s' must be %u characters long"), p, length);
          return FALSE;
        }
      if (len > 12)
        {
          fc_rules_json_error (error, where, field, _("'%s' is too long for a code prefix"), p);
          return FALSE;
        }
      for (; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
          {
            fc_rules_json_error (error, where, field,
                                 _("'%s' may hold only digits and capital letters"),
                                 prefixes[i]);
            return FALSE;
          }
    }
  return TRUE;
}

/* Appends the normalised strings of @in to @builder. */
static void
add_normalized (GStrvBuilder *builder,
                GStrv         in)
{
  for (guint i = 0; in[i] != NULL; i++)
    {
      g_autofree char *normal = fc_drug_normalize_text (in[i]);

      if (*normal != '\0')
        g_strv_builder_add (builder, normal);
    }
}

/* Reads {"ja": [...], "en": [...]} name lists into @builder. */
static gboolean
read_name_lists (JsonObject         *object,
                 const char         *member,
                 GStrvBuilder       *builder,
                 const FcJsonWhere  *where,
                 GError            **error)
{
  static const char * const allowed[] = { "ja", "en", NULL };
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *lists;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, where, member, _("must be an object {\"ja\": […], \"en\": […]}"));
      return FALSE;
    }
  lists = json_node_get_object (node);
  if (!fc_rules_json_check_keys (lists, allowed, where, error))
    return FALSE;
  for (guint i = 0; allowed[i] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      g_autofree char *field = g_strdup_printf ("%s.%s", member, allowed[i]);

      if (!fc_rules_json_get_strv (lists, allowed[i], FALSE, &names, where, error))
        {
          g_prefix_error (error, "%s: ", field);
          return FALSE;
        }
      add_normalized (builder, names);
    }
  return TRUE;
}

static DrugClass *
read_class (JsonNode  *node,
            guint      index,
            GError   **error)
{
  static const char * const allowed[] = {
    "id", "name", "yj3", "yj4", "yj7", "exclude", "atc", "route", "ingredients", "brands",
    "exclude_text", "sources", "note", NULL
  };
  g_autofree char *position = g_strdup_printf ("#%u", index + 1);
  FcJsonWhere where = { "drug-classes.json", "class", position };
  g_autoptr(GStrvBuilder) prefixes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) exclude_text = g_strv_builder_new ();
  g_auto(GStrv) exclude_words = NULL;
  g_auto(GStrv) sources = NULL;
  JsonObject *object;
  const char *id = NULL;
  const char *route = NULL;
  DrugClass *klass;
  static const struct { const char *field; guint length; } code_fields[] = {
    { "yj3", 3 }, { "yj4", 4 }, { "yj7", 7 },
  };

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

  klass = g_new0 (DrugClass, 1);
  klass->id = g_strdup (id);

  if (!fc_rules_json_get_text (json_object_get_member (object, "name"), "name",
                               &klass->name_ja, &klass->name_en, &where, error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (code_fields); i++)
    {
      g_auto(GStrv) list = NULL;

      if (!fc_rules_json_get_strv (object, code_fields[i].field, FALSE, &list, &where, error) ||
          !check_prefixes (list, code_fields[i].length, code_fields[i].field, &where, error))
        goto fail;
      g_strv_builder_addv (prefixes, (const char **) list);
    }
  klass->prefixes = g_strv_builder_end (prefixes);

  if (!fc_rules_json_get_strv (object, "exclude", FALSE, &klass->exclude, &where, error) ||
      !check_prefixes (klass->exclude, 0, "exclude", &where, error) ||
      !fc_rules_json_get_strv (object, "atc", FALSE, &klass->atc, &where, error) ||
      !check_prefixes (klass->atc, 0, "atc", &where, error))
    goto fail;

  if (!fc_rules_json_get_string (object, "route", FALSE, &route, &where, error))
    goto fail;
  if (route == NULL || g_str_equal (route, "any"))
    klass->route = ROUTE_ANY;
  else if (g_str_equal (route, "oral"))
    klass->route = ROUTE_ORAL;
  else
    {
      fc_rules_json_error (error, &where, "route", _("unknown value '%s' (use oral or any)"),
                           route);
      goto fail;
    }

  if (!read_name_lists (object, "ingredients", names, &where, error) ||
      !read_name_lists (object, "brands", names, &where, error))
    goto fail;
  klass->names = g_strv_builder_end (names);

  if (klass->prefixes[0] == NULL && klass->atc[0] == NULL && klass->names[0] == NULL)
    {
      fc_rules_json_error (error, &where, "yj4", _("the class matches nothing: give code "
                                                   "prefixes, ATC codes or ingredient names"));
      goto fail;
    }

  if (!fc_rules_json_get_strv (object, "exclude_text", FALSE, &exclude_words, &where, error) ||
      !fc_rules_json_get_strv (object, "sources", FALSE, &sources, &where, error))
    goto fail;
  add_normalized (exclude_text, exclude_words);
  klass->exclude_text = g_strv_builder_end (exclude_text);

  return klass;

fail:
  drug_class_free (klass);
  return NULL;
}

void
fc_drug_classes_free (FcDrugClasses *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_free (self);
}

FcDrugClasses *
fc_drug_classes_load (const char  *path,
                      GError     **error)
{
  static const char * const allowed[] = { "format", "description", "classes", NULL };
  FcJsonWhere where = { "drug-classes.json", NULL, NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FcDrugClasses) self = NULL;
  JsonObject *object;
  JsonNode *format;
  JsonNode *classes;
  JsonArray *array;

  g_return_val_if_fail (path != NULL, NULL);

  root = fc_rules_json_load (path, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);
  if (!fc_rules_json_check_keys (object, allowed, &where, error))
    return NULL;

  format = json_object_get_member (object, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 || json_node_get_int (format) != 1)
    {
      fc_rules_json_error (error, &where, "format", _("must be 1"));
      return NULL;
    }
  classes = json_object_get_member (object, "classes");
  if (classes == NULL || !JSON_NODE_HOLDS_ARRAY (classes))
    {
      fc_rules_json_error (error, &where, "classes", _("must be a list of classes"));
      return NULL;
    }

  self = g_new0 (FcDrugClasses, 1);
  self->classes = g_ptr_array_new_with_free_func ((GDestroyNotify) drug_class_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  array = json_node_get_array (classes);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      DrugClass *klass = read_class (json_array_get_element (array, i), i, error);

      if (klass == NULL)
        return NULL;
      if (g_hash_table_contains (self->by_id, klass->id))
        {
          FcJsonWhere at = { "drug-classes.json", "class", klass->id };

          fc_rules_json_error (error, &at, "id", _("defined twice"));
          drug_class_free (klass);
          return NULL;
        }
      g_ptr_array_add (self->classes, klass);
      g_hash_table_insert (self->by_id, klass->id, klass);
    }
  return g_steal_pointer (&self);
}

guint
fc_drug_classes_get_n (FcDrugClasses *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->classes->len;
}

gboolean
fc_drug_classes_has (FcDrugClasses *self,
                     const char    *class_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return class_id != NULL && g_hash_table_contains (self->by_id, class_id);
}

const char *
fc_drug_classes_get_name (FcDrugClasses *self,
                          const char    *class_id,
                          const char    *language)
{
  DrugClass *klass;

  g_return_val_if_fail (self != NULL, NULL);

  klass = class_id != NULL ? g_hash_table_lookup (self->by_id, class_id) : NULL;
  if (klass == NULL)
    return NULL;
  return g_strcmp0 (language, "ja") == 0 ? klass->name_ja : klass->name_en;
}

gboolean
fc_drug_classes_match (FcDrugClasses *self,
                       const char    *class_id,
                       FcSummaryItem *item)
{
  DrugClass *klass;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), FALSE);

  klass = g_hash_table_lookup (self->by_id, class_id);
  g_return_val_if_fail (klass != NULL, FALSE);

  return class_matches (klass, item);
}

GStrv
fc_drug_classes_classify (FcDrugClasses *self,
                          FcSummaryItem *item)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), NULL);

  for (guint i = 0; i < self->classes->len; i++)
    {
      DrugClass *klass = g_ptr_array_index (self->classes, i);

      if (class_matches (klass, item))
        g_strv_builder_add (builder, klass->id);
    }
  return g_strv_builder_end (builder);
}
