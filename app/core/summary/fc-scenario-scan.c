/* fc-scenario-scan.c: the position scanner of scenario files (see the top of fc-scenario.c).
 *
 * json-glib 1.6 does not say where a node is, so before it builds the tree this strict JSON
 * checker walks the text once and records, for every member and element, the line and column
 * of its value and of its name, keyed by the path used in messages ("card.behaviour",
 * "expected_warnings[2]"). Syntax errors get their own translated messages at the exact place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario-private.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_DEPTH 64

typedef struct
{
  const char    *p;
  const char    *end;
  guint          line;
  guint          column;
  guint          depth;
  GHashTable    *values;     /* (unowned) path → FcScenarioPos */
  GHashTable    *keys;       /* (unowned) path → FcScenarioPos */
  char          *message;    /* (owned) (nullable): the first syntax error */
  FcScenarioPos  error_pos;
  char          *duplicate;  /* (owned) (nullable): path of the first member given twice */
} Scanner;

static inline char
scan_peek (Scanner *s)
{
  return s->p < s->end ? *s->p : '\0';
}

/* Consumes one byte. Columns count characters: continuation bytes of UTF-8 do not count. */
static void
scan_advance (Scanner *s)
{
  guchar byte;

  if (s->p >= s->end)
    return;
  byte = (guchar) *s->p++;
  if (byte == '\n')
    {
      s->line++;
      s->column = 1;
    }
  else if ((byte & 0xc0) != 0x80)
    {
      s->column++;
    }
}

static FcScenarioPos
scan_pos (Scanner *s)
{
  FcScenarioPos pos = { s->line, s->column };

  return pos;
}

G_GNUC_PRINTF (3, 4)
static gboolean
scan_fail (Scanner       *s,
           FcScenarioPos  pos,
           const char    *format,
           ...)
{
  va_list args;

  if (s->message != NULL)
    return FALSE;
  va_start (args, format);
  s->message = g_strdup_vprintf (format, args);
  va_end (args);
  s->error_pos = pos;
  return FALSE;
}

static void
scan_record (GHashTable    *table,
             const char    *path,
             FcScenarioPos  pos)
{
  FcScenarioPos *stored = g_new (FcScenarioPos, 1);

  *stored = pos;
  g_hash_table_replace (table, g_strdup (path), stored);
}

static void
scan_whitespace (Scanner *s)
{
  for (;;)
    {
      char c = scan_peek (s);

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return;
      scan_advance (s);
    }
}

static int
scan_hex4 (Scanner *s)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      char c = scan_peek (s);

      if (!g_ascii_isxdigit (c))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (c);
      scan_advance (s);
    }
  return value;
}

/* A string; its text goes to @out (nullable). */
static gboolean
scan_string (Scanner *s,
             GString *out)
{
  FcScenarioPos start = scan_pos (s);

  scan_advance (s); /* the opening quote */
  for (;;)
    {
      guchar c;

      if (s->p >= s->end)
        return scan_fail (s, start, _("this string is not closed (a double quote is missing)"));
      c = (guchar) *s->p;
      if (c == '"')
        {
          scan_advance (s);
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, scan_pos (s),
                          _("a line break or control character inside a string (close the "
                            "string, or write \\n)"));
      if (c == '\\')
        {
          FcScenarioPos escape = scan_pos (s);
          char e;

          scan_advance (s);
          e = scan_peek (s);
          switch (e)
            {
            case '"': case '\\': case '/':
              if (out != NULL)
                g_string_append_c (out, e);
              scan_advance (s);
              break;
            case 'b': case 'f': case 'n': case 'r': case 't':
              if (out != NULL)
                g_string_append_c (out, e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n'
                                        : e == 'r' ? '\r' : '\t');
              scan_advance (s);
              break;
            case 'u':
              {
                int unit;
                gunichar ch;

                scan_advance (s);
                unit = scan_hex4 (s);
                if (unit < 0)
                  return scan_fail (s, escape, _("“\\u” must be followed by four hex digits"));
                ch = (gunichar) unit;
                if (unit >= 0xd800 && unit <= 0xdbff && s->end - s->p >= 6
                    && s->p[0] == '\\' && s->p[1] == 'u')
                  {
                    int low;

                    scan_advance (s);
                    scan_advance (s);
                    low = scan_hex4 (s);
                    if (low < 0xdc00 || low > 0xdfff)
                      return scan_fail (s, escape, _("a broken surrogate pair in “\\u” escapes"));
                    ch = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                  }
                if (out != NULL)
                  g_string_append_unichar (out, g_unichar_validate (ch) ? ch : 0xfffd);
              }
              break;
            default:
              return scan_fail (s, escape, _("unknown escape “\\%c” in a string"),
                                g_ascii_isprint (e) ? e : '?');
            }
          continue;
        }
      if (out != NULL)
        g_string_append_c (out, (char) c);
      scan_advance (s);
    }
}

static gboolean
scan_digits (Scanner *s)
{
  if (!g_ascii_isdigit (scan_peek (s)))
    return FALSE;
  while (g_ascii_isdigit (scan_peek (s)))
    scan_advance (s);
  return TRUE;
}

static gboolean
scan_number (Scanner *s)
{
  FcScenarioPos start = scan_pos (s);

  if (scan_peek (s) == '-')
    scan_advance (s);
  if (scan_peek (s) == '0')
    {
      scan_advance (s);
      if (g_ascii_isdigit (scan_peek (s)))
        return scan_fail (s, start, _("a number must not start with 0 (write 7, not 07)"));
    }
  else if (!scan_digits (s))
    {
      return scan_fail (s, start, _("this is not a number"));
    }
  if (scan_peek (s) == '.')
    {
      scan_advance (s);
      if (!scan_digits (s))
        return scan_fail (s, start, _("a decimal point must be followed by digits"));
    }
  if (scan_peek (s) == 'e' || scan_peek (s) == 'E')
    {
      scan_advance (s);
      if (scan_peek (s) == '+' || scan_peek (s) == '-')
        scan_advance (s);
      if (!scan_digits (s))
        return scan_fail (s, start, _("an exponent must have digits"));
    }
  return TRUE;
}

static gboolean
scan_literal (Scanner *s)
{
  static const char * const literals[] = { "true", "false", "null" };
  FcScenarioPos start = scan_pos (s);

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i]);

      if ((gsize) (s->end - s->p) >= len && memcmp (s->p, literals[i], len) == 0
          && !g_ascii_isalnum (s->p + len < s->end ? s->p[len] : ' '))
        {
          for (gsize j = 0; j < len; j++)
            scan_advance (s);
          return TRUE;
        }
    }
  return scan_fail (s, start,
                    _("expected a value: an object, a list, a string in double quotes, a "
                      "number, true, false or null"));
}

char *
fc_scenario_join_path (const char *parent,
                       const char *member)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", parent, member);
}

static gboolean scan_value (Scanner    *s,
                            const char *path);

static gboolean
scan_object (Scanner    *s,
             const char *path)
{
  scan_advance (s); /* { */
  scan_whitespace (s);
  if (scan_peek (s) == '}')
    {
      scan_advance (s);
      return TRUE;
    }

  for (;;)
    {
      g_autoptr(GString) key = g_string_new (NULL);
      g_autofree char *child = NULL;
      FcScenarioPos key_pos;

      scan_whitespace (s);
      key_pos = scan_pos (s);
      if (scan_peek (s) == '}')
        return scan_fail (s, key_pos, _("a comma before “}”: remove the comma after the last "
                                        "member"));
      if (scan_peek (s) != '"')
        return scan_fail (s, key_pos, s->p >= s->end
                          ? _("the file ends inside an object (a “}” is missing)")
                          : _("expected a member name in double quotes"));
      if (!scan_string (s, key))
        return FALSE;

      child = fc_scenario_join_path (path, key->str);
      if (g_hash_table_contains (s->keys, child) && s->duplicate == NULL && key->str[0] != '_')
        s->duplicate = g_strdup (child);
      scan_record (s->keys, child, key_pos);

      scan_whitespace (s);
      if (scan_peek (s) != ':')
        return scan_fail (s, scan_pos (s), _("expected “:” after the member name “%s”"),
                          key->str);
      scan_advance (s);
      if (!scan_value (s, child))
        return FALSE;

      scan_whitespace (s);
      if (scan_peek (s) == ',')
        {
          scan_advance (s);
          continue;
        }
      if (scan_peek (s) == '}')
        {
          scan_advance (s);
          return TRUE;
        }
      return scan_fail (s, scan_pos (s), s->p >= s->end
                        ? _("the file ends inside an object (a “}” is missing)")
                        : _("expected “,” or “}” after the value of “%s” (is a comma missing?)"),
                        key->str);
    }
}

static gboolean
scan_array (Scanner    *s,
            const char *path)
{
  guint index = 0;

  scan_advance (s); /* [ */
  scan_whitespace (s);
  if (scan_peek (s) == ']')
    {
      scan_advance (s);
      return TRUE;
    }

  for (;;)
    {
      g_autofree char *child = g_strdup_printf ("%s[%u]", path, index++);

      scan_whitespace (s);
      if (scan_peek (s) == ']')
        return scan_fail (s, scan_pos (s), _("a comma before “]”: remove the comma after the "
                                             "last element"));
      if (!scan_value (s, child))
        return FALSE;

      scan_whitespace (s);
      if (scan_peek (s) == ',')
        {
          scan_advance (s);
          continue;
        }
      if (scan_peek (s) == ']')
        {
          scan_advance (s);
          return TRUE;
        }
      return scan_fail (s, scan_pos (s), s->p >= s->end
                        ? _("the file ends inside a list (a “]” is missing)")
                        : _("expected “,” or “]” after a list element (is a comma missing?)"));
    }
}

static gboolean
scan_value (Scanner    *s,
            const char *path)
{
  gboolean ok;
  char c;

  scan_whitespace (s);
  scan_record (s->values, path, scan_pos (s));

  c = scan_peek (s);
  if (s->p >= s->end)
    return scan_fail (s, scan_pos (s), _("the file ends where a value is expected"));

  if (c == '{' || c == '[')
    {
      if (++s->depth > MAX_DEPTH)
        return scan_fail (s, scan_pos (s), _("the objects and lists are nested too deeply"));
      ok = c == '{' ? scan_object (s, path) : scan_array (s, path);
      s->depth--;
      return ok;
    }
  if (c == '"')
    return scan_string (s, NULL);
  if (c == '-' || g_ascii_isdigit (c))
    return scan_number (s);
  return scan_literal (s);
}

/* Scans the whole document; on a syntax error *message (owned) and *pos say what and where. */
gboolean
fc_scenario_scan_document (const char     *text,
                           gsize           length,
                           GHashTable     *values,
                           GHashTable     *keys,
                           char          **duplicate,
                           char          **message,
                           FcScenarioPos  *pos)
{
  Scanner s = { 0 };
  const char *invalid = NULL;

  s.p = text;
  s.end = text + length;
  s.line = 1;
  s.column = 1;
  s.values = values;
  s.keys = keys;

  if (!g_utf8_validate_len (text, length, &invalid))
    {
      s.end = invalid;
      while (s.p < s.end)
        scan_advance (&s);
      scan_fail (&s, scan_pos (&s), _("the text is not valid UTF-8 (save the file as UTF-8)"));
    }
  else
    {
      scan_whitespace (&s);
      if (s.p >= s.end)
        scan_fail (&s, scan_pos (&s), _("the file is empty"));
      else if (scan_value (&s, ""))
        {
          scan_whitespace (&s);
          if (s.p < s.end)
            scan_fail (&s, scan_pos (&s),
                       _("more text after the end of the document (one object per file)"));
        }
    }

  *duplicate = g_steal_pointer (&s.duplicate);
  *pos = s.error_pos;
  *message = g_steal_pointer (&s.message);
  return *message == NULL;
}

gboolean
fc_scenario_scan_lookup (GHashTable    *values,
                         GHashTable    *keys,
                         const char    *path,
                         gboolean       at_key,
                         FcScenarioPos *out)
{
  g_autofree char *current = g_strdup (path != NULL ? path : "");
  FcScenarioPos *found;

  if (at_key && keys != NULL && (found = g_hash_table_lookup (keys, current)) != NULL)
    {
      *out = *found;
      return TRUE;
    }

  for (;;)
    {
      char *cut;

      if (values != NULL && (found = g_hash_table_lookup (values, current)) != NULL)
        {
          *out = *found;
          return TRUE;
        }
      if (*current == '\0')
        break;

      /* Up one level: "a.b[2]" → "a.b" → "a" → "". */
      cut = strrchr (current, '[');
      if (cut == NULL || strchr (cut, '.') != NULL)
        cut = strrchr (current, '.');
      if (cut == NULL)
        cut = current;
      *cut = '\0';
    }

  out->line = 0;
  out->column = 0;
  return FALSE;
}
