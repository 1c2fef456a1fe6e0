/* fc-rules-json.h: private helpers that read and validate the rules data files. Every error
 * names the file, the rule or class, and the field, e.g.
 * "rules.json: rule R07: field 'severity': unknown value 'severe'".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where in a data file a value sits; @kind ("rule", "class") and @id may be NULL (top level). */
typedef struct {
  const char *file;
  const char *kind;
  const char *id;
} FcJsonWhere;

/* Reads @path and parses it; FC_RULES_ERROR_MISSING when it cannot be read, _SYNTAX with
 * "file: line L, column C: …" when it is not JSON, _INVALID when the root is not an object. */
JsonNode *fc_rules_json_load        (const char         *path,
                                     GError            **error);
void      fc_rules_json_error       (GError            **error,
                                     const FcJsonWhere  *where,
                                     const char         *field,
                                     const char         *format,
                                     ...) G_GNUC_PRINTF (4, 5);
/* Fails on a member not listed in @allowed (NULL-terminated): catches misspelt field names. */
gboolean  fc_rules_json_check_keys  (JsonObject         *object,
                                     const char * const *allowed,
                                     const FcJsonWhere  *where,
                                     GError            **error);
/* A non-empty string member; @out is (transfer none). Missing and !@required → NULL, TRUE. */
gboolean  fc_rules_json_get_string  (JsonObject         *object,
                                     const char         *member,
                                     gboolean            required,
                                     const char        **out,
                                     const FcJsonWhere  *where,
                                     GError            **error);
/* An array of non-empty strings; missing and !@required → an empty vector. */
gboolean  fc_rules_json_get_strv    (JsonObject         *object,
                                     const char         *member,
                                     gboolean            required,
                                     GStrv              *out,
                                     const FcJsonWhere  *where,
                                     GError            **error);
gboolean  fc_rules_json_get_boolean (JsonObject         *object,
                                     const char         *member,
                                     gboolean           *out,
                                     const FcJsonWhere  *where,
                                     GError            **error);
/* An object {"ja": "…", "en": "…"} with both strings non-empty; (transfer full) outputs. */
gboolean  fc_rules_json_get_text    (JsonNode           *node,
                                     const char         *field,
                                     char              **out_ja,
                                     char              **out_en,
                                     const FcJsonWhere  *where,
                                     GError            **error);

/* Fails on a {placeholder} in @text that is not in @allowed (NULL-terminated). */
gboolean  fc_rules_json_check_placeholders (const char         *text,
                                            const char         *field,
                                            const char * const *allowed,
                                            const FcJsonWhere  *where,
                                            GError            **error);

/* Deepest nesting of arrays and objects the rules files may use. json-glib 1.6 parses
 * recursively without a limit: about 70 000 nested brackets overflow an 8 MB stack. */
#define FC_RULES_JSON_MAX_DEPTH 64

/* Scans JSON text (strings and escapes skipped) and returns FALSE when arrays and objects nest
 * deeper than @max_depth, with the 1-based line and column (in characters) of the bracket that
 * went too deep. Cheap (one pass, no allocation); call it before json_parser_load_from_data()
 * on untrusted input. */
gboolean  fc_rules_json_check_depth (const char         *data,
                                     gsize               length,
                                     guint               max_depth,
                                     guint              *out_line,
                                     guint              *out_column);

G_END_DECLS
