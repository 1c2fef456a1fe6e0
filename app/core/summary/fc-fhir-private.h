/* fc-fhir-private.h: what the parts of the FHIR reader share (not installed, not public API).
 *
 *   fc-fhir-json.c       the JSON document the reader walks (FcFhirJson), its strict parser and
 *                        fc_fhir_parse_json() (json-glib, for errors and lenient input)
 *   fc-fhir-codes.c      code systems, section codes, absent statements, sources, codings
 *   fc-fhir-resources.c  one reader per resource type
 *   fc-fhir-reader.c     the bundle walk and the public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-fhir-reader.h"
#include "fc-summary-item.h"

G_BEGIN_DECLS

/* Largest JSON document read (bytes), and deepest nesting of arrays and objects: beyond them the
 * reader fails with FC_FHIR_ERROR_INVALID before parsing (bounded memory; json-glib 1.6 has no
 * depth limit of its own and recurses). */
#define FC_FHIR_MAX_BYTES (20 * 1024 * 1024)
#define FC_FHIR_MAX_DEPTH 256

/* The JSON document */

typedef enum {
  FC_FHIR_JSON_NULL,
  FC_FHIR_JSON_BOOLEAN,
  FC_FHIR_JSON_INT,
  FC_FHIR_JSON_DOUBLE,
  FC_FHIR_JSON_STRING,
  FC_FHIR_JSON_ARRAY,
  FC_FHIR_JSON_OBJECT,
} FcFhirJsonType;

typedef struct _FcFhirJson       FcFhirJson;
typedef struct _FcFhirJsonMember FcFhirJsonMember;
typedef struct _FcFhirDoc        FcFhirDoc;

/* One value. Arrays and objects hold their children side by side; all memory belongs to the
 * FcFhirDoc. */
struct _FcFhirJson
{
  FcFhirJsonType type;
  guint          n;          /* elements or members */
  union {
    gboolean          boolean;
    gint64            integer;
    double            number;
    const char       *string;
    FcFhirJson       *elements;
    FcFhirJsonMember *members;
  } v;
};

struct _FcFhirJsonMember
{
  const char *name;
  FcFhirJson  value;
};

/* Parses strict RFC 8259 JSON whose root is an object or array, quickly (no hashing, one arena).
 * Returns NULL for anything else — invalid, or valid only to json-glib's lenient reading
 * (comments, single quotes, exponents, lone surrogates, …): the caller then goes through
 * fc_fhir_parse_json(), which says what is wrong or reads it as before. */
FcFhirDoc        *fc_fhir_doc_parse          (const char  *data,
                                              gsize        length);
/* The same document from a json-glib tree. */
FcFhirDoc        *fc_fhir_doc_new_from_node  (JsonNode    *node);
void              fc_fhir_doc_free           (FcFhirDoc   *doc);
const FcFhirJson *fc_fhir_doc_get_root       (FcFhirDoc   *doc);
/* A copy of @s kept as long as @doc. */
const char       *fc_fhir_doc_intern         (FcFhirDoc   *doc,
                                              const char  *s,
                                              gssize       length);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcFhirDoc, fc_fhir_doc_free)
/* Two values are equal; object members are compared by name (the last of a repeated name).
 * For the tests and the fuzz target that hold the strict parser to json-glib's reading. */
gboolean          fc_fhir_json_equal         (const FcFhirJson *a,
                                              const FcFhirJson *b);

/* Accessors: NULL (or 0) when @object is NULL, not of the kind, or the member is missing or of
 * another type. A repeated member name counts as its last occurrence (as in json-glib). */
const FcFhirJson *fc_fhir_json_member        (const FcFhirJson *object,
                                              const char       *name);
const char       *fc_fhir_json_string        (const FcFhirJson *object,
                                              const char       *member);
/* Like fc_fhir_json_string(), but an empty or blank string counts as missing. */
const char       *fc_fhir_json_text          (const FcFhirJson *object,
                                              const char       *member);
const FcFhirJson *fc_fhir_json_object        (const FcFhirJson *object,
                                              const char       *member);
const FcFhirJson *fc_fhir_json_array         (const FcFhirJson *object,
                                              const char       *member);
guint             fc_fhir_json_length        (const FcFhirJson *array);
/* Element @index of @array when it is an object. */
const FcFhirJson *fc_fhir_json_element_object (const FcFhirJson *array,
                                               guint             index);
/* First object of an array member (e.g. category[0]), or the member itself when it is an
 * object. */
const FcFhirJson *fc_fhir_json_first_object  (const FcFhirJson *object,
                                              const char       *member);

/* Reads @doc (the root must be a Bundle object) into a summary; the errors of
 * fc_fhir_read_bundle() but FC_FHIR_ERROR_SYNTAX. */
G_GNUC_WARN_UNUSED_RESULT
FcSummary        *fc_fhir_read_document      (FcFhirDoc   *doc,
                                              GDateTime   *today,
                                              GError     **error);

/* Codes (fc-fhir-codes.c) */

/* Display text of a CodeableConcept: text, else the first display, else the first code. */
const char *fc_fhir_codeable_text      (const FcFhirJson *concept);
/* The code of the first coding of @concept (e.g. a status CodeableConcept). */
const char *fc_fhir_codeable_code      (const FcFhirJson *concept);
/* Adds every coding of @concept to @item, with normalised systems (ICD-10 without dots). */
void        fc_fhir_add_codings        (FcSummaryItem    *item,
                                        const FcFhirJson *concept);
/* Whether @concept is an IPS absent/unknown statement; sets @kind_out and @none_known_out. */
gboolean    fc_fhir_is_absent_statement (const FcFhirJson *concept,
                                         FcItemKind       *kind_out,
                                         gboolean         *none_known_out);
/* The string value of an extension (valueString, valueCode, valueUri, valueCoding.code or
 * valueCodeableConcept). */
const char *fc_fhir_extension_string   (const FcFhirJson *extension);
/* Where the resource's information comes from ("claims", "e-prescription", "shared-record", a
 * source's own code, or "unknown"). */
const char *fc_fhir_resource_source    (const FcFhirJson *resource);
/* Kind of a Composition section from its LOINC code, else its title; FALSE when unknown. */
gboolean    fc_fhir_section_kind       (const FcFhirJson *section,
                                        FcItemKind       *kind_out);
/* Whether @text says "none known" / "no known". */
gboolean    fc_fhir_says_none_known    (const char       *text);
/* Whether @type is a supporting resource (Organization, Medication, …) that never becomes an
 * item. */
gboolean    fc_fhir_is_supporting_type (const char       *type);

/* Resources (fc-fhir-resources.c) */

typedef struct
{
  FcSummary  *summary;    /* (unowned) */
  GHashTable *index;      /* (owned) "Type/id" and fullUrl → const FcFhirJson * (unowned) */
  FcFhirDoc  *doc;        /* (unowned) */
  GDateTime  *today;      /* (unowned) (nullable) */
  gboolean    have_patient;
} FcFhirContext;

/* The item for a clinical resource of @type (any type but Patient, Composition and supporting
 * ones), or NULL when it is not one (entered in error, or an absent/unknown statement, which
 * may mark its section "none known"). */
FcSummaryItem *fc_fhir_read_item       (FcFhirContext    *ctx,
                                        const FcFhirJson *resource,
                                        const char       *type);

G_END_DECLS
