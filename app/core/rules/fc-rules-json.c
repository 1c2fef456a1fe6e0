/* fc-rules-json.c: reading and validating the rules data files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-rules"

#include "config.h"

#include "fc-rules-json.h"

#include <glib/gi18n-lib.h>

#include "fc-rule-set.h"

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* json-glib reports "<data>:LINE:COLUMN: Parse error: TEXT"; say "FILE: line L, column C: TEXT". */
static char *
describe_syntax_error (const char *file,
                       const char *message)
{
  const char *p = message;
  guint64 line = 0;
  guint64 column = 0;
  char *end = NULL;

  if (g_str_has_prefix (p, "<data>:"))
    p += strlen ("<data>:");
  line = g_ascii_strtoull (p, &end, 10);
  if (end != p && *end == ':')
    {
      p = end + 1;
      column = g_ascii_strtoull (p, &end, 10);
      if (end != p && *end == ':')
        {
          const char *text = end + 1;
          const char *colon;

          while (*text == ' ')
            text++;
          /* Drop the "Parse error: " label. */
          colon = strstr (text, ": ");
          if (colon != NULL)
            text = colon + 2;
          /* json-glib quotes the offending token cut at a byte count, which may split a
           * UTF-8 character: the message must stay valid UTF-8 for the UI. */
          g_autofree char *valid = g_utf8_make_valid (text, -1);

          return g_strdup_printf (_("%s: line %u, column %u: %s"),
                                  file, (guint) line, (guint) column, valid);
        }
    }
  {
    g_autofree char *valid = g_utf8_make_valid (message, -1);

    return g_strdup_printf ("%s: %s", file, valid);
  }
}

/* Line and column (1-based, in characters) of byte @offset of @data. */
static void
position_of (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) data[i] & 0xc0) != 0x80)
        {
          (*column)++;
        }
    }
}

gboolean
fc_rules_json_check_depth (const char *data,
                           gsize       length,
                           guint       max_depth,
                           guint      *out_line,
                           guint      *out_column)
{
  guint depth = 0;
  guint line = 1;
  guint column = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      /* Columns count characters: UTF-8 continuation bytes do not start one. */
      if ((c & 0xc0) != 0x80)
        column++;
      if (c == '\n')
        {
          line++;
          column = 0;
        }

      if (in_string)
        {
          if (c == '\\' && i + 1 < length)
            {
              i++;
              column++;
            }
          else if (c == '"')
            {
              in_string = FALSE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            {
              if (out_line != NULL)
                *out_line = line;
              if (out_column != NULL)
                *out_column = column;
              return FALSE;
            }
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }
  return TRUE;
}

JsonNode *
fc_rules_json_load (const char  *path,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file = g_path_get_basename (path);
  gsize length = 0;
  const char *invalid = NULL;
  guint line = 0;
  guint column = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_MISSING,
                   _("Cannot read the rules file %s: %s"), path, local_error->message);
      return NULL;
    }
  if (!g_utf8_validate_len (contents, length, &invalid))
    {
      position_of (contents, invalid - contents, &line, &column);
      g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_SYNTAX, _("%s: line %u, column %u: %s"),
                   file, line, column, _("the text is not valid UTF-8 (save the file as UTF-8)"));
      return NULL;
    }
  /* json-glib would recurse once per level and could overflow the stack. */
  if (!fc_rules_json_check_depth (contents, length, FC_RULES_JSON_MAX_DEPTH, &line, &column))
    {
      g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_SYNTAX, _("%s: line %u, column %u: %s"),
                   file, line, column, _("the objects and lists are nested too deeply"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      g_autofree char *message = describe_syntax_error (file, local_error->message);

      g_set_error_literal (error, FC_RULES_ERROR, FC_RULES_ERROR_SYNTAX, message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_INVALID,
                   _("%s: the file must hold one JSON object"), file);
      return NULL;
    }
  return json_node_copy (root);
}

void
fc_rules_json_error (GError            **error,
                     const FcJsonWhere  *where,
                     const char         *field,
                     const char         *format,
                     ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *place = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (where->kind != NULL)
    place = g_strdup_printf ("%s: %s %s", where->file, where->kind,
                             where->id != NULL ? where->id : "?");
  else
    place = g_strdup (where->file);

  if (field != NULL)
    g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_INVALID,
                 _("%s: field '%s': %s"), place, field, detail);
  else
    g_set_error (error, FC_RULES_ERROR, FC_RULES_ERROR_INVALID, "%s: %s", place, detail);
}

gboolean
fc_rules_json_check_keys (JsonObject          *object,
                          const char * const  *allowed,
                          const FcJsonWhere   *where,
                          GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (allowed, name))
        {
          fc_rules_json_error (error, where, name, _("unknown field"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
fc_rules_json_get_string (JsonObject         *object,
                          const char         *member,
                          gboolean            required,
                          const char        **out,
                          const FcJsonWhere  *where,
                          GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL)
    {
      if (!required)
        return TRUE;
      fc_rules_json_error (error, where, member, _("missing"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fc_rules_json_error (error, where, member, _("must be a string"));
      return FALSE;
    }
  value = json_node_get_string (node);
  if (value == NULL || *value == '\0')
    {
      fc_rules_json_error (error, where, member, _("must not be empty"));
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
fc_rules_json_get_strv (JsonObject         *object,
                        const char         *member,
                        gboolean            required,
                        GStrv              *out,
                        const FcJsonWhere  *where,
                        GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        {
          fc_rules_json_error (error, where, member, _("missing"));
          return FALSE;
        }
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fc_rules_json_error (error, where, member, _("must be a list of strings"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          fc_rules_json_error (error, where, member, _("element %u is not a string"), i + 1);
          return FALSE;
        }
      value = json_node_get_string (element);
      if (value == NULL || *value == '\0')
        {
          fc_rules_json_error (error, where, member, _("element %u is empty"), i + 1);
          return FALSE;
        }
      g_strv_builder_add (builder, value);
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
fc_rules_json_get_boolean (JsonObject         *object,
                           const char         *member,
                           gboolean           *out,
                           const FcJsonWhere  *where,
                           GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      fc_rules_json_error (error, where, member, _("must be true or false"));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
fc_rules_json_get_text (JsonNode           *node,
                        const char         *field,
                        char              **out_ja,
                        char              **out_en,
                        const FcJsonWhere  *where,
                        GError            **error)
{
  static const char * const allowed[] = { "ja", "en", NULL };
  JsonObject *object;
  const char *ja = NULL;
  const char *en = NULL;
  g_autofree char *field_ja = g_strdup_printf ("%s.ja", field);
  g_autofree char *field_en = g_strdup_printf ("%s.en", field);

  *out_ja = NULL;
  *out_en = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fc_rules_json_error (error, where, field, _("must be an object {\"ja\": …, \"en\": …}"));
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!fc_rules_json_check_keys (object, allowed, where, error))
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "ja" : "en";
      const char *name = i == 0 ? field_ja : field_en;
      JsonNode *value = json_object_get_member (object, member);
      const char *text;

      if (value == NULL)
        {
          fc_rules_json_error (error, where, name, _("missing"));
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          fc_rules_json_error (error, where, name, _("must be a string"));
          return FALSE;
        }
      text = json_node_get_string (value);
      if (text == NULL || is_blank (text))
        {
          fc_rules_json_error (error, where, name, _("must not be empty"));
          return FALSE;
        }
      if (i == 0)
        ja = text;
      else
        en = text;
    }

  *out_ja = g_strdup (ja);
  *out_en = g_strdup (en);
  return TRUE;
}

/* Fails on a {placeholder} not in @allowed (NULL-terminated). */
gboolean
fc_rules_json_check_placeholders (const char         *text,
                                  const char         *field,
                                  const char * const *allowed,
                                  const FcJsonWhere  *where,
                                  GError            **error)
{
  for (const char *open = strchr (text, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      const char *close = strchr (open, '}');
      g_autofree char *name = NULL;

      if (close == NULL)
        {
          fc_rules_json_error (error, where, field, _("'{' without '}'"));
          return FALSE;
        }
      name = g_strndup (open + 1, close - open - 1);
      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *list = g_strjoinv ("}, {", (char **) allowed);

          fc_rules_json_error (error, where, field, _("unknown placeholder {%s} (use {%s})"),
                               name, list);
          return FALSE;
        }
    }
  return TRUE;
}
