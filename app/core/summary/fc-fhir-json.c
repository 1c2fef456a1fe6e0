/* fc-fhir-json.c: the JSON document the FHIR reader walks.
 *
 * json-glib builds a hash table per object, emits a signal per value and frees node by node:
 * for a summary of 300 items that was three quarters of the reading time (issue 9). Bundles come
 * as plain RFC 8259 JSON, so a strict parser reads them here into one arena: objects keep their
 * members side by side (a FHIR object has a handful, looked up by name), strings are copied once,
 * and freeing the document frees a few blocks.
 *
 * Anything the strict parser does not take — malformed input, or what only json-glib's lenient
 * reading accepts (comments, single quotes, exponents, leading zeros, lone surrogates, a BOM) — is
 * handed to fc_fhir_parse_json(): it reports the error exactly as before, or its tree is turned
 * into the same document, so what is accepted and how it reads has not changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fhir-reader"

#include "config.h"

#include "fc-fhir-private.h"

#include <string.h>

#define FC_FHIR_DOC_BLOCK (64 * 1024)

typedef struct _DocBlock DocBlock;
struct _DocBlock
{
  DocBlock *next;
};

struct _FcFhirDoc
{
  DocBlock   *blocks;   /* (owned) newest first */
  char       *pos;
  gsize       left;
  FcFhirJson  root;
};

static gpointer
doc_alloc (FcFhirDoc *doc,
           gsize      size)
{
  gpointer p;

  /* Nothing to hold (an empty object or array): no pointer arithmetic on an empty arena. */
  if (size == 0)
    return NULL;
  size = (size + 7) & ~(gsize) 7;
  if (size > doc->left)
    {
      gsize block_size = MAX (size, FC_FHIR_DOC_BLOCK);
      DocBlock *block = g_malloc (sizeof (DocBlock) + 8 + block_size);

      block->next = doc->blocks;
      doc->blocks = block;
      doc->pos = (char *) block + ((sizeof (DocBlock) + 7) & ~(gsize) 7);
      doc->left = block_size;
    }
  p = doc->pos;
  doc->pos += size;
  doc->left -= size;
  return p;
}

const char *
fc_fhir_doc_intern (FcFhirDoc  *doc,
                    const char *s,
                    gssize      length)
{
  gsize len = length < 0 ? strlen (s) : (gsize) length;
  char *copy = doc_alloc (doc, len + 1);

  memcpy (copy, s, len);
  copy[len] = '\0';
  return copy;
}

void
fc_fhir_doc_free (FcFhirDoc *doc)
{
  if (doc == NULL)
    return;
  while (doc->blocks != NULL)
    {
      DocBlock *next = doc->blocks->next;

      g_free (doc->blocks);
      doc->blocks = next;
    }
  g_free (doc);
}

const FcFhirJson *
fc_fhir_doc_get_root (FcFhirDoc *doc)
{
  return &doc->root;
}

/* Strict parser */

typedef struct
{
  FcFhirDoc  *doc;
  const char *p;
  const char *end;
  guint       depth;
  GArray     *members;   /* scratch: FcFhirJsonMember of the open objects */
  GArray     *elements;  /* scratch: FcFhirJson of the open arrays */
} Parser;

static gboolean parse_value (Parser     *parser,
                             FcFhirJson *out);

static inline void
skip_space (Parser *parser)
{
  while (parser->p < parser->end
         && (*parser->p == ' ' || *parser->p == '\n' || *parser->p == '\r' || *parser->p == '\t'))
    parser->p++;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at @p (which has at least four bytes before the end), or -1. */
static gint32
hex4 (const char *p)
{
  gint32 value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A string starting after its opening quote; the text is valid UTF-8 (checked up front). */
static const char *
parse_string (Parser *parser)
{
  const char *start = parser->p;
  const char *p = start;
  char *out, *o;

  while (p < parser->end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
    p++;
  if (p >= parser->end || (guchar) *p < 0x20)
    return NULL;
  if (*p == '"')
    {
      parser->p = p + 1;
      return fc_fhir_doc_intern (parser->doc, start, p - start);
    }

  /* Escapes: the decoded text is never longer than the escaped one. */
  for (p = start; p < parser->end && *p != '"'; p++)
    if (*p == '\\')
      p++;
  if (p >= parser->end)
    return NULL;
  out = o = doc_alloc (parser->doc, (p - start) + 1);

  for (p = start; *p != '"'; p++)
    {
      gint32 c;

      if ((guchar) *p < 0x20)
        return NULL;
      if (*p != '\\')
        {
          *o++ = *p;
          continue;
        }
      p++;
      switch (*p)
        {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
          if (parser->end - p < 5 || (c = hex4 (p + 1)) <= 0)
            return NULL;  /* \u0000 and bad digits are left to json-glib */
          p += 4;
          if (c >= 0xDC00 && c <= 0xDFFF)
            return NULL;
          if (c >= 0xD800 && c <= 0xDBFF)
            {
              gint32 low;

              if (parser->end - p < 7 || p[1] != '\\' || p[2] != 'u'
                  || (low = hex4 (p + 3)) < 0xDC00 || low > 0xDFFF)
                return NULL;
              c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              p += 6;
            }
          o += g_unichar_to_utf8 ((gunichar) c, o);
          break;
        default:
          return NULL;
        }
    }

  *o = '\0';
  parser->p = p + 1;
  return out;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)? — an exponent, or more digits than an int64 surely holds, is left
 * to json-glib, whose conversions then apply. */
static gboolean
parse_number (Parser     *parser,
              FcFhirJson *out)
{
  const char *start = parser->p;
  const char *p = start;
  guint n_digits = 0;
  gboolean negative = FALSE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= parser->end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && p + 1 < parser->end && g_ascii_isdigit (p[1]))
    return FALSE;
  while (p < parser->end && g_ascii_isdigit (*p))
    {
      p++;
      n_digits++;
    }

  if (p < parser->end && *p == '.')
    {
      char buf[64];

      p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
      if (p >= parser->end || *p == 'e' || *p == 'E' || (gsize) (p - start) >= sizeof buf)
        return FALSE;
      memcpy (buf, start, p - start);
      buf[p - start] = '\0';
      out->type = FC_FHIR_JSON_DOUBLE;
      out->v.number = g_ascii_strtod (buf, NULL);
    }
  else
    {
      gint64 value = 0;

      if (p >= parser->end || *p == 'e' || *p == 'E' || n_digits > 18)
        return FALSE;
      for (const char *d = negative ? start + 1 : start; d < p; d++)
        value = value * 10 + (*d - '0');
      out->type = FC_FHIR_JSON_INT;
      out->v.integer = negative ? -value : value;
    }

  parser->p = p;
  return TRUE;
}

static gboolean
parse_literal (Parser     *parser,
               const char *word,
               gsize       len)
{
  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    return FALSE;
  parser->p += len;
  return TRUE;
}

static gboolean
parse_object (Parser     *parser,
              FcFhirJson *out)
{
  guint base = parser->members->len;

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == '}')
    parser->p++;
  else
    for (;;)
      {
        FcFhirJsonMember member;

        if (parser->p >= parser->end || *parser->p != '"')
          return FALSE;
        parser->p++;
        member.name = parse_string (parser);
        if (member.name == NULL)
          return FALSE;
        skip_space (parser);
        if (parser->p >= parser->end || *parser->p != ':')
          return FALSE;
        parser->p++;
        if (!parse_value (parser, &member.value))
          return FALSE;
        g_array_append_val (parser->members, member);
        skip_space (parser);
        if (parser->p >= parser->end)
          return FALSE;
        if (*parser->p == '}')
          {
            parser->p++;
            break;
          }
        if (*parser->p != ',')
          return FALSE;
        parser->p++;
        skip_space (parser);
      }

  out->type = FC_FHIR_JSON_OBJECT;
  out->n = parser->members->len - base;
  /* An empty object owns no members (and memcpy() must not see the NULL of an empty arena). */
  out->v.members = NULL;
  if (out->n > 0)
    {
      out->v.members = doc_alloc (parser->doc, out->n * sizeof (FcFhirJsonMember));
      memcpy (out->v.members, &g_array_index (parser->members, FcFhirJsonMember, base),
              out->n * sizeof (FcFhirJsonMember));
    }
  g_array_set_size (parser->members, base);
  return TRUE;
}

static gboolean
parse_array (Parser     *parser,
             FcFhirJson *out)
{
  guint base = parser->elements->len;

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == ']')
    parser->p++;
  else
    for (;;)
      {
        FcFhirJson element;

        if (!parse_value (parser, &element))
          return FALSE;
        g_array_append_val (parser->elements, element);
        skip_space (parser);
        if (parser->p >= parser->end)
          return FALSE;
        if (*parser->p == ']')
          {
            parser->p++;
            break;
          }
        if (*parser->p != ',')
          return FALSE;
        parser->p++;
      }

  out->type = FC_FHIR_JSON_ARRAY;
  out->n = parser->elements->len - base;
  out->v.elements = NULL;
  if (out->n > 0)
    {
      out->v.elements = doc_alloc (parser->doc, out->n * sizeof (FcFhirJson));
      memcpy (out->v.elements, &g_array_index (parser->elements, FcFhirJson, base),
              out->n * sizeof (FcFhirJson));
    }
  g_array_set_size (parser->elements, base);
  return TRUE;
}

static gboolean
parse_value (Parser     *parser,
             FcFhirJson *out)
{
  gboolean ok;

  memset (out, 0, sizeof *out);
  skip_space (parser);
  if (parser->p >= parser->end)
    return FALSE;

  switch (*parser->p)
    {
    case '{':
    case '[':
      if (++parser->depth > FC_FHIR_MAX_DEPTH)
        return FALSE;
      parser->p++;
      ok = parser->p[-1] == '{' ? parse_object (parser, out) : parse_array (parser, out);
      parser->depth--;
      return ok;

    case '"':
      parser->p++;
      out->type = FC_FHIR_JSON_STRING;
      out->v.string = parse_string (parser);
      return out->v.string != NULL;

    case 't':
      out->type = FC_FHIR_JSON_BOOLEAN;
      out->v.boolean = TRUE;
      return parse_literal (parser, "true", 4);

    case 'f':
      out->type = FC_FHIR_JSON_BOOLEAN;
      return parse_literal (parser, "false", 5);

    case 'n':
      out->type = FC_FHIR_JSON_NULL;
      return parse_literal (parser, "null", 4);

    default:
      return parse_number (parser, out);
    }
}

FcFhirDoc *
fc_fhir_doc_parse (const char *data,
                   gsize       length)
{
  g_autoptr(FcFhirDoc) doc = NULL;
  Parser parser = { 0 };
  gboolean ok;

  if (length > FC_FHIR_MAX_BYTES || !g_utf8_validate_len (data, length, NULL))
    return NULL;

  doc = g_new0 (FcFhirDoc, 1);
  parser.doc = doc;
  parser.p = data;
  parser.end = data + length;
  parser.members = g_array_sized_new (FALSE, FALSE, sizeof (FcFhirJsonMember), 64);
  parser.elements = g_array_sized_new (FALSE, FALSE, sizeof (FcFhirJson), 64);

  skip_space (&parser);
  ok = parser.p < parser.end && (*parser.p == '{' || *parser.p == '[')
       && parse_value (&parser, &doc->root);
  skip_space (&parser);
  ok = ok && parser.p == parser.end;

  g_array_unref (parser.members);
  g_array_unref (parser.elements);
  return ok ? g_steal_pointer (&doc) : NULL;
}

/* From json-glib */

static void
convert_node (FcFhirDoc  *doc,
              JsonNode   *node,
              FcFhirJson *out)
{
  memset (out, 0, sizeof *out);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        guint i = 0;

        out->type = FC_FHIR_JSON_OBJECT;
        out->n = json_object_get_size (object);
        out->v.members = doc_alloc (doc, out->n * sizeof (FcFhirJsonMember));
        json_object_iter_init (&iter, object);
        while (i < out->n && json_object_iter_next (&iter, &name, &member))
          {
            out->v.members[i].name = fc_fhir_doc_intern (doc, name, -1);
            convert_node (doc, member, &out->v.members[i].value);
            i++;
          }
        out->n = i;
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        out->type = FC_FHIR_JSON_ARRAY;
        out->n = json_array_get_length (array);
        out->v.elements = doc_alloc (doc, out->n * sizeof (FcFhirJson));
        for (guint i = 0; i < out->n; i++)
          convert_node (doc, json_array_get_element (array, i), &out->v.elements[i]);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          out->type = FC_FHIR_JSON_INT;
          out->v.integer = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          out->type = FC_FHIR_JSON_DOUBLE;
          out->v.number = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          out->type = FC_FHIR_JSON_BOOLEAN;
          out->v.boolean = json_node_get_boolean (node);
          break;
        case G_TYPE_STRING:
          out->type = FC_FHIR_JSON_STRING;
          out->v.string = fc_fhir_doc_intern (doc, json_node_get_string (node), -1);
          break;
        default:
          out->type = FC_FHIR_JSON_NULL;
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      out->type = FC_FHIR_JSON_NULL;
      break;
    }
}

FcFhirDoc *
fc_fhir_doc_new_from_node (JsonNode *node)
{
  FcFhirDoc *doc = g_new0 (FcFhirDoc, 1);

  convert_node (doc, node, &doc->root);
  return doc;
}

/* Accessors */

const FcFhirJson *
fc_fhir_json_member (const FcFhirJson *object,
                     const char       *name)
{
  if (object == NULL || object->type != FC_FHIR_JSON_OBJECT)
    return NULL;
  for (guint i = object->n; i > 0; i--)
    if (strcmp (object->v.members[i - 1].name, name) == 0)
      return &object->v.members[i - 1].value;
  return NULL;
}

const char *
fc_fhir_json_string (const FcFhirJson *object,
                     const char       *member)
{
  const FcFhirJson *value = fc_fhir_json_member (object, member);

  return value != NULL && value->type == FC_FHIR_JSON_STRING ? value->v.string : NULL;
}

const char *
fc_fhir_json_text (const FcFhirJson *object,
                   const char       *member)
{
  const char *s = fc_fhir_json_string (object, member);

  if (s == NULL)
    return NULL;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return s;
  return NULL;
}

const FcFhirJson *
fc_fhir_json_object (const FcFhirJson *object,
                     const char       *member)
{
  const FcFhirJson *value = fc_fhir_json_member (object, member);

  return value != NULL && value->type == FC_FHIR_JSON_OBJECT ? value : NULL;
}

const FcFhirJson *
fc_fhir_json_array (const FcFhirJson *object,
                    const char       *member)
{
  const FcFhirJson *value = fc_fhir_json_member (object, member);

  return value != NULL && value->type == FC_FHIR_JSON_ARRAY ? value : NULL;
}

guint
fc_fhir_json_length (const FcFhirJson *array)
{
  return array != NULL && array->type == FC_FHIR_JSON_ARRAY ? array->n : 0;
}

const FcFhirJson *
fc_fhir_json_element_object (const FcFhirJson *array,
                             guint             index)
{
  if (index >= fc_fhir_json_length (array)
      || array->v.elements[index].type != FC_FHIR_JSON_OBJECT)
    return NULL;
  return &array->v.elements[index];
}

const FcFhirJson *
fc_fhir_json_first_object (const FcFhirJson *object,
                           const char       *member)
{
  const FcFhirJson *o = fc_fhir_json_object (object, member);

  if (o != NULL)
    return o;
  return fc_fhir_json_element_object (fc_fhir_json_array (object, member), 0);
}

gboolean
fc_fhir_json_equal (const FcFhirJson *a,
                    const FcFhirJson *b)
{
  if (a->type != b->type)
    return FALSE;

  switch (a->type)
    {
    case FC_FHIR_JSON_NULL:
      return TRUE;
    case FC_FHIR_JSON_BOOLEAN:
      return !a->v.boolean == !b->v.boolean;
    case FC_FHIR_JSON_INT:
      return a->v.integer == b->v.integer;
    case FC_FHIR_JSON_DOUBLE:
      return memcmp (&a->v.number, &b->v.number, sizeof (double)) == 0;
    case FC_FHIR_JSON_STRING:
      return g_str_equal (a->v.string, b->v.string);
    case FC_FHIR_JSON_ARRAY:
      if (a->n != b->n)
        return FALSE;
      for (guint i = 0; i < a->n; i++)
        if (!fc_fhir_json_equal (&a->v.elements[i], &b->v.elements[i]))
          return FALSE;
      return TRUE;
    case FC_FHIR_JSON_OBJECT:
      for (guint pass = 0; pass < 2; pass++)
        {
          const FcFhirJson *x = pass == 0 ? a : b;
          const FcFhirJson *y = pass == 0 ? b : a;

          for (guint i = 0; i < x->n; i++)
            {
              const char *name = x->v.members[i].name;
              const FcFhirJson *other = fc_fhir_json_member (y, name);

              if (other == NULL || !fc_fhir_json_equal (fc_fhir_json_member (x, name), other))
                return FALSE;
            }
        }
      return TRUE;
    default:
      return FALSE;
    }
}
