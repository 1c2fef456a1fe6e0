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
  GStrv  ingredients;  /* (owned) normalised ingredient names only */
  GStrv  exclude_text; /* (owned) normalised words that rule an item out */
  Route  route;
  guint  index;        /* position in file order */
} DrugClass;

/* One name or exclusion word of a class, indexed by its first character. */
typedef struct {
  const char *word;    /* (not owned) normalised, from the class */
  gsize       length;
  guint       index;   /* the class */
  gboolean    exclude; /* an exclude_text word, not a name */
} NameEntry;

struct _FcDrugClasses
{
  GPtrArray  *classes;    /* (owned) (element-type DrugClass) */
  GHashTable *by_id;      /* (owned) id → DrugClass (borrowed) */
  GHashTable *name_index; /* (owned) first character → GPtrArray of NameEntry (owned) */
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
  g_strfreev (klass->ingredients);
  g_strfreev (klass->exclude_text);
  g_free (klass);
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

/* Decides one class from the item's codes and from which of the class's names and exclusion
 * words its text holds (computed once for all classes by scan_text ()). */
static gboolean
class_decides (const DrugClass *klass,
               FcDrugItem      *info,
               gboolean         name_hit,
               gboolean         exclude_hit)
{
  gboolean code_match = FALSE;

  if (exclude_hit)
    return FALSE;

  /* 1. Class-bearing codes: an exclusion anywhere wins over a match. */
  for (guint i = 0; i < info->codes->len; i++)
    {
      const char *code = g_ptr_array_index (info->codes, i);

      if (has_any_prefix (code, klass->exclude) || !code_route_allowed (klass, code))
        return FALSE;
      if (has_any_prefix (code, klass->prefixes))
        code_match = TRUE;
    }
  if (code_match)
    return TRUE;

  /* 2. ATC. */
  for (guint i = 0; i < info->atc->len; i++)
    if (has_any_prefix (g_ptr_array_index (info->atc, i), klass->atc))
      return TRUE;

  /* 3. Ingredient and brand names in the text. */
  return name_hit;
}

/* Marks, for every class, whether @text holds one of its names (@names) or exclusion words
 * (@excludes): one pass over the text instead of one search per word. */
static void
scan_text (FcDrugClasses *self,
           const char    *text,
           guint8        *names,
           guint8        *excludes)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      GPtrArray *entries = g_hash_table_lookup (self->name_index,
                                                GUINT_TO_POINTER (g_utf8_get_char (p)));

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          NameEntry *entry = g_ptr_array_index (entries, i);

          if (strncmp (p, entry->word, entry->length) == 0)
            {
              if (entry->exclude)
                excludes[entry->index] = 1;
              else
                names[entry->index] = 1;
            }
        }
    }
}

static void
index_words (FcDrugClasses *self,
             DrugClass     *klass,
             GStrv          words,
             gboolean       exclude)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      gpointer key = GUINT_TO_POINTER (g_utf8_get_char (words[i]));
      GPtrArray *entries = g_hash_table_lookup (self->name_index, key);
      NameEntry *entry = g_new0 (NameEntry, 1);

      if (entries == NULL)
        {
          entries = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->name_index, key, entries);
        }
      entry->word = words[i];
      entry->length = strlen (words[i]);
      entry->index = klass->index;
      entry->exclude = exclude;
      g_ptr_array_add (entries, entry);
    }
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
read_class (JsonNode    *node,
            guint        index,
            const char  *file,
            const char  *kind,
            GError     **error)
{
  static const char * const allowed[] = {
    "id", "name", "yj3", "yj4", "yj7", "exclude", "atc", "route", "ingredients", "brands",
    "exclude_text", "sources", "note", NULL
  };
  g_autofree char *position = g_strdup_printf ("#%u", index + 1);
  FcJsonWhere where = { file, kind, position };
  g_autoptr(GStrvBuilder) prefixes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) ingredients = g_strv_builder_new ();
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

  if (!read_name_lists (object, "ingredients", ingredients, &where, error))
    goto fail;
  klass->ingredients = g_strv_builder_end (ingredients);
  g_strv_builder_addv (names, (const char **) klass->ingredients);
  if (!read_name_lists (object, "brands", names, &where, error))
    goto fail;
  klass->names = g_strv_builder_end (names);

  if (klass->prefixes[0] == NULL && klass->atc[0] == NULL && klass->names[0] == NULL)
    {
      fc_rules_json_error (error, &where, "yj4", _("the class matches nothing: give code "
                                                   "prefixes, ATC codes or ingredient names"));
      goto fail;
    }

  if (!fc_rules_json_get_strv (object, "exclude_text", FALSE, &exclude_words, &where, error) ||
      !fc_rules_json_get_strv (object, "sources", TRUE, &sources, &where, error))
    goto fail;
  /* Every class says where its codes and names come from. */
  if (sources[0] == NULL)
    {
      fc_rules_json_error (error, &where, "sources", _("must name at least one source"));
      goto fail;
    }
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
  g_clear_pointer (&self->name_index, g_hash_table_unref);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_free (self);
}

/* Reads the list of classes in @node. */
static FcDrugClasses *
read_classes (JsonNode    *node,
              const char  *file,
              const char  *kind,
              GError     **error)
{
  g_autoptr(FcDrugClasses) self = g_new0 (FcDrugClasses, 1);
  JsonArray *array = json_node_get_array (node);

  self->classes = g_ptr_array_new_with_free_func ((GDestroyNotify) drug_class_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->name_index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      DrugClass *klass = read_class (json_array_get_element (array, i), i, file, kind, error);

      if (klass == NULL)
        return NULL;
      if (g_hash_table_contains (self->by_id, klass->id))
        {
          FcJsonWhere at = { file, kind, klass->id };

          fc_rules_json_error (error, &at, "id", _("defined twice"));
          drug_class_free (klass);
          return NULL;
        }
      klass->index = self->classes->len;
      g_ptr_array_add (self->classes, klass);
      g_hash_table_insert (self->by_id, klass->id, klass);
      index_words (self, klass, klass->names, FALSE);
      index_words (self, klass, klass->exclude_text, TRUE);
    }
  return g_steal_pointer (&self);
}

FcDrugClasses *
fc_drug_classes_load (const char  *path,
                      GError     **error)
{
  static const char * const allowed[] = { "format", "description", "classes", NULL };
  FcJsonWhere where = { "drug-classes.json", NULL, NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *format;
  JsonNode *classes;

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
  return read_classes (classes, "drug-classes.json", "class", error);
}

FcDrugClasses *
fc_drug_classes_new_from_json (JsonNode    *array,
                               const char  *file,
                               const char  *kind,
                               GError     **error)
{
  g_return_val_if_fail (array != NULL && file != NULL && kind != NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (array))
    {
      FcJsonWhere where = { file, NULL, NULL };

      fc_rules_json_error (error, &where, kind, _("must be a list"));
      return NULL;
    }
  return read_classes (array, file, kind, error);
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

int
fc_drug_classes_index_of (FcDrugClasses *self,
                          const char    *class_id)
{
  DrugClass *klass;

  g_return_val_if_fail (self != NULL, -1);

  klass = class_id != NULL ? g_hash_table_lookup (self->by_id, class_id) : NULL;
  return klass != NULL ? (int) klass->index : -1;
}

const char *
fc_drug_classes_get_id (FcDrugClasses *self,
                        guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->classes->len, NULL);

  return ((DrugClass *) g_ptr_array_index (self->classes, index))->id;
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
  g_autoptr(FcDrugItem) info = NULL;
  DrugClass *klass;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), FALSE);

  klass = g_hash_table_lookup (self->by_id, class_id);
  g_return_val_if_fail (klass != NULL, FALSE);

  info = fc_drug_item_new (item);
  return fc_drug_classes_match_info (self, klass->index, info);
}

gboolean
fc_drug_classes_match_info (FcDrugClasses *self,
                            guint          index,
                            FcDrugItem    *info)
{
  g_autofree guint8 *all = NULL;

  g_return_val_if_fail (self != NULL && info != NULL, FALSE);
  g_return_val_if_fail (index < self->classes->len, FALSE);

  all = fc_drug_classes_memberships (self, info);

  return all[index] != 0;
}

guint8 *
fc_drug_classes_memberships (FcDrugClasses *self,
                             FcDrugItem    *info)
{
  guint n;
  guint8 *out;
  g_autofree guint8 *names = NULL;
  g_autofree guint8 *excludes = NULL;

  g_return_val_if_fail (self != NULL && info != NULL, NULL);

  n = MAX (self->classes->len, 1);
  out = g_new0 (guint8, n);
  names = g_new0 (guint8, n);
  excludes = g_new0 (guint8, n);
  scan_text (self, info->text, names, excludes);
  for (guint i = 0; i < self->classes->len; i++)
    out[i] = class_decides (g_ptr_array_index (self->classes, i), info, names[i], excludes[i]);
  return out;
}

GStrv
fc_drug_classes_classify (FcDrugClasses *self,
                          FcSummaryItem *item)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(FcDrugItem) info = NULL;
  g_autofree guint8 *all = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (FC_IS_SUMMARY_ITEM (item), NULL);

  info = fc_drug_item_new (item);
  all = fc_drug_classes_memberships (self, info);
  for (guint i = 0; i < self->classes->len; i++)
    if (all[i])
      g_strv_builder_add (builder, ((DrugClass *) g_ptr_array_index (self->classes, i))->id);
  return g_strv_builder_end (builder);
}

void
fc_drug_classes_find_ingredients (FcDrugClasses *self,
                                  const char    *normalized_text,
                                  GPtrArray     *out)
{
  g_return_if_fail (self != NULL && normalized_text != NULL && out != NULL);

  for (guint i = 0; i < self->classes->len; i++)
    {
      DrugClass *klass = g_ptr_array_index (self->classes, i);

      for (guint j = 0; klass->ingredients[j] != NULL; j++)
        if (strstr (normalized_text, klass->ingredients[j]) != NULL &&
            !g_ptr_array_find_with_equal_func (out, klass->ingredients[j], g_str_equal, NULL))
          g_ptr_array_add (out, klass->ingredients[j]);
    }
}
