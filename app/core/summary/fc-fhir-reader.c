/* fc-fhir-reader.c
 *
 * Reads an IPS-shaped FHIR R4 Bundle (type document or collection) into an FcSummary.
 *
 * - Patient: gender → sex, birthDate → age band. Nothing else about the person is kept.
 * - MedicationStatement / Request / Dispense / Administration, Condition, AllergyIntolerance,
 *   Procedure, Encounter, Observation become items of their kind (fc-fhir-resources.c); every
 *   coding is kept with its system normalised (fc_fhir_normalize_system()); ICD-10 codes lose
 *   their dot.
 * - Composition sections say "none known" (emptyReason nilknown, IPS "no-known-…" entries) and
 *   may carry a window (extension ".../section-window", valueString). A section without entries
 *   and without emptyReason stays "no information".
 * - Resources marked entered-in-error are dropped (g_debug); any other resource type that is not a
 *   supporting one (Organization, Medication, Practitioner, …) becomes an FC_ITEM_OTHER item.
 *
 * The document is read with the strict parser of fc-fhir-json.c, or through json-glib
 * (fc_fhir_parse_json()) when that one declines: errors are always json-glib's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-fhir-reader"

#include "config.h"

#include "fc-fhir-reader.h"
#include "fc-fhir-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (fc-fhir-error-quark, fc_fhir_error)

/* Composition and Patient */

static void
read_patient (FcFhirContext    *ctx,
              const FcFhirJson *patient)
{
  g_autofree char *band = NULL;
  const char *gender = fc_fhir_json_text (patient, "gender");

  if (ctx->have_patient)
    {
      g_debug ("Ignoring a second Patient resource");
      return;
    }
  ctx->have_patient = TRUE;

  if (gender != NULL
      && (g_str_equal (gender, "male") || g_str_equal (gender, "female")
          || g_str_equal (gender, "other")))
    fc_summary_set_sex (ctx->summary, gender);
  else
    fc_summary_set_sex (ctx->summary, "unknown");

  band = fc_summary_age_band_for_birth_date (fc_fhir_json_text (patient, "birthDate"), ctx->today);
  fc_summary_set_age_band (ctx->summary, band);
}

/* Whether an extension of @object has a url ending in one of @suffixes; @window_out is the
 * string of the last such extension (which may be NULL). */
static gboolean
find_window (const FcFhirJson   *object,
             const char * const *suffixes,
             const char        **window_out)
{
  const FcFhirJson *extensions = fc_fhir_json_array (object, "extension");
  gboolean found = FALSE;

  for (guint i = 0; i < fc_fhir_json_length (extensions); i++)
    {
      const FcFhirJson *extension = fc_fhir_json_element_object (extensions, i);
      const char *url = fc_fhir_json_text (extension, "url");

      for (guint j = 0; url != NULL && suffixes[j] != NULL; j++)
        if (g_str_has_suffix (url, suffixes[j]))
          {
            *window_out = fc_fhir_extension_string (extension);
            found = TRUE;
            break;
          }
    }

  return found;
}

static void
read_section (FcFhirContext    *ctx,
              const FcFhirJson *section,
              guint             depth)
{
  static const char * const window_suffixes[] = { "section-window", NULL };
  const FcFhirJson *entries = fc_fhir_json_array (section, "entry");
  const FcFhirJson *subsections = fc_fhir_json_array (section, "section");
  FcItemKind kind;

  if (depth > 8)
    return;

  if (fc_fhir_section_kind (section, &kind))
    {
      const char *empty_reason =
        fc_fhir_codeable_code (fc_fhir_json_object (section, "emptyReason"));
      const char *window = NULL;

      if (find_window (section, window_suffixes, &window))
        fc_summary_set_window (ctx->summary, kind, window);

      if (g_strcmp0 (empty_reason, "nilknown") == 0)
        {
          fc_summary_set_none_known (ctx->summary, kind);
        }
      else if (empty_reason == NULL)
        {
          gboolean resolvable = FALSE;
          gboolean none_known_text = FALSE;

          /* An entry that only says "none known" (no resource behind it). */
          for (guint i = 0; i < fc_fhir_json_length (entries); i++)
            {
              const FcFhirJson *entry = fc_fhir_json_element_object (entries, i);

              if (g_hash_table_contains (ctx->index,
                                         fc_fhir_json_text (entry, "reference") ?: ""))
                resolvable = TRUE;
              else if (fc_fhir_says_none_known (fc_fhir_json_text (entry, "display")))
                none_known_text = TRUE;
            }
          if (!resolvable && fc_fhir_json_length (entries) == 0)
            {
              const FcFhirJson *narrative = fc_fhir_json_object (section, "text");

              none_known_text = fc_fhir_says_none_known (fc_fhir_json_text (narrative, "div"));
            }

          if (!resolvable && none_known_text)
            fc_summary_set_none_known (ctx->summary, kind);
        }
    }

  for (guint i = 0; i < fc_fhir_json_length (subsections); i++)
    {
      const FcFhirJson *subsection = fc_fhir_json_element_object (subsections, i);

      if (subsection != NULL)
        read_section (ctx, subsection, depth + 1);
    }
}

static void
read_composition (FcFhirContext    *ctx,
                  const FcFhirJson *composition)
{
  static const char * const window_suffixes[] = { "section-window", "summary-window", NULL };
  const FcFhirJson *sections = fc_fhir_json_array (composition, "section");
  const char *window = NULL;

  if (find_window (composition, window_suffixes, &window))
    fc_summary_set_default_window (ctx->summary, window);

  for (guint i = 0; i < fc_fhir_json_length (sections); i++)
    {
      const FcFhirJson *section = fc_fhir_json_element_object (sections, i);

      if (section != NULL)
        read_section (ctx, section, 0);
    }
}

/* Reads one resource of the bundle into the summary. */
static void
read_resource (FcFhirContext    *ctx,
               const FcFhirJson *resource,
               const char       *type)
{
  g_autoptr(FcSummaryItem) item = NULL;

  if (g_str_equal (type, "Patient"))
    read_patient (ctx, resource);
  else if (g_str_equal (type, "Composition"))
    read_composition (ctx, resource);
  else if (!fc_fhir_is_supporting_type (type))
    item = fc_fhir_read_item (ctx, resource, type);

  if (item != NULL)
    fc_summary_add_item (ctx->summary, item);
}

/* Parsing */

/* Line and column (1-based) of byte @offset in @data. */
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
      else if (((guchar) data[i] & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

/* The deepest nesting of arrays and objects in @data, scanning no further than @limit + 1
 * (brackets inside strings do not count). */
static guint
nesting_depth (const char *data,
               gsize       len,
               guint       limit)
{
  guint depth = 0;
  guint deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          if (depth > deepest)
            {
              deepest = depth;
              if (deepest > limit)
                return deepest;
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

  return deepest;
}

JsonNode *
fc_fhir_parse_json (const char  *data,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *invalid = NULL;
  gsize len;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > FC_FHIR_MAX_BYTES)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The summary is too large to read (%lu MB, at most %d MB)."),
                   (unsigned long) (len / (1024 * 1024)), FC_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (nesting_depth (data, len, FC_FHIR_MAX_DEPTH) > FC_FHIR_MAX_DEPTH)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The summary is nested too deeply to read (more than %d levels)."),
                   FC_FHIR_MAX_DEPTH);
      return NULL;
    }

  if (!g_utf8_validate_len (data, len, &invalid))
    {
      guint line, column;

      position_of (data, invalid - data, &line, &column);
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                   _("line %u, column %u: the text is not valid UTF-8"), line, column);
      return NULL;
    }

  /* A mutable parser: sealing every node (hashing each object) costs about a tenth of the parse
   * and nothing here relies on it (issue 9). */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      const char *message = local_error->message;
      guint line = 0, column = 0;
      const char *rest = NULL;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: MESSAGE". */
      if (g_str_has_prefix (message, "<data>:"))
        {
          char *end = NULL;
          guint64 value = g_ascii_strtoull (message + 7, &end, 10);

          if (end != NULL && *end == ':' && value <= G_MAXUINT)
            {
              line = (guint) value;
              value = g_ascii_strtoull (end + 1, &end, 10);
              if (end != NULL && *end == ':' && value <= G_MAXUINT)
                {
                  column = (guint) value;
                  rest = end + 1;
                  while (*rest == ' ')
                    rest++;
                  if (g_str_has_prefix (rest, "Parse error: "))
                    rest += strlen ("Parse error: ");
                }
            }
        }

      {
        /* json-glib quotes the offending token cut at a byte count, which may split a UTF-8
         * character: the message must stay valid UTF-8 for the UI. */
        g_autofree char *valid = g_utf8_make_valid (rest != NULL ? rest : message, -1);

        if (rest != NULL)
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                       _("line %u, column %u: %s"), line, column, valid);
        else
          g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                       _("Not valid JSON: %s"), valid);
      }
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      guint line, column;

      position_of (data, len, &line, &column);
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_SYNTAX,
                   _("line %u, column %u: the document is empty"), line, column);
      return NULL;
    }

  return json_node_copy (root);
}

/* Fails with FC_FHIR_ERROR_INVALID. */
static gboolean invalid_error (GError     **error,
                               const char  *format,
                               ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_error (GError     **error,
               const char  *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error,
                     g_error_new_valist (FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/* First pass: checks every entry and indexes resources for references. */
static gboolean
index_entries (FcFhirContext     *ctx,
               const FcFhirJson  *entries,
               GError           **error)
{
  for (guint i = 0; i < entries->n; i++)
    {
      const FcFhirJson *entry = fc_fhir_json_element_object (entries, i);
      const FcFhirJson *resource = fc_fhir_json_object (entry, "resource");
      const char *type = fc_fhir_json_text (resource, "resourceType");
      const char *id;
      const char *full_url;

      if (entry == NULL)
        return invalid_error (error, _("Bundle entry %u is not an object"), i);
      if (resource == NULL)
        return invalid_error (error, _("Bundle entry %u has no resource"), i);
      if (type == NULL)
        return invalid_error (error, _("Bundle entry %u: the resource has no “resourceType”"),
                              i);

      id = fc_fhir_json_text (resource, "id");
      full_url = fc_fhir_json_text (entry, "fullUrl");
      if (id != NULL)
        {
          g_autofree char *key = g_strconcat (type, "/", id, NULL);
          g_hash_table_insert (ctx->index, (gpointer) fc_fhir_doc_intern (ctx->doc, key, -1),
                               (gpointer) resource);
        }
      if (full_url != NULL)
        g_hash_table_insert (ctx->index, (gpointer) full_url, (gpointer) resource);
    }

  return TRUE;
}

FcSummary *
fc_fhir_read_document (FcFhirDoc  *doc,
                       GDateTime  *today,
                       GError    **error)
{
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GHashTable) index = NULL;
  const FcFhirJson *bundle = fc_fhir_doc_get_root (doc);
  const FcFhirJson *entries;
  FcFhirContext ctx = { 0 };
  const char *resource_type;
  const char *bundle_type;

  if (bundle->type != FC_FHIR_JSON_OBJECT)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: the document is not a JSON object"));
      return NULL;
    }

  resource_type = fc_fhir_json_string (bundle, "resourceType");
  if (resource_type == NULL)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: “resourceType” is missing"));
      return NULL;
    }
  if (!g_str_equal (resource_type, "Bundle"))
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_NOT_BUNDLE,
                   _("Not a FHIR Bundle: the resource is a “%s”"), resource_type);
      return NULL;
    }

  bundle_type = fc_fhir_json_string (bundle, "type");
  if (bundle_type != NULL && !g_str_equal (bundle_type, "document")
      && !g_str_equal (bundle_type, "collection") && !g_str_equal (bundle_type, "searchset"))
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The Bundle is of type “%s”, not a document or collection"), bundle_type);
      return NULL;
    }

  entries = fc_fhir_json_array (bundle, "entry");
  if (entries == NULL)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("The Bundle has no “entry” list"));
      return NULL;
    }

  index = g_hash_table_new (g_str_hash, g_str_equal);
  summary = fc_summary_new ();
  ctx.summary = summary;
  ctx.index = index;
  ctx.doc = doc;
  ctx.today = today;

  if (!index_entries (&ctx, entries, error))
    return NULL;

  /* Second pass: read the resources in document order. */
  for (guint i = 0; i < entries->n; i++)
    {
      const FcFhirJson *resource =
        fc_fhir_json_object (fc_fhir_json_element_object (entries, i), "resource");

      read_resource (&ctx, resource, fc_fhir_json_text (resource, "resourceType"));
    }

  return g_steal_pointer (&summary);
}

FcSummary *
fc_fhir_read_bundle (const char  *json,
                     gssize       length,
                     GDateTime   *today,
                     GError     **error)
{
  g_autoptr(FcFhirDoc) doc = NULL;
  gsize len;

  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (json == NULL)
    json = "";
  len = length < 0 ? strlen (json) : (gsize) length;

  doc = fc_fhir_doc_parse (json, len);
  if (doc == NULL)
    {
      g_autoptr(JsonNode) root = fc_fhir_parse_json (json, (gssize) len, error);

      if (root == NULL)
        return NULL;
      doc = fc_fhir_doc_new_from_node (root);
    }

  return fc_fhir_read_document (doc, today, error);
}

FcSummary *
fc_fhir_read_bundle_file (const char  *path,
                          GDateTime   *today,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;
  FcSummary *summary;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Refuse an oversized file before reading it into memory. */
  if (g_stat (path, &st) == 0 && st.st_size > FC_FHIR_MAX_BYTES)
    {
      g_set_error (error, FC_FHIR_ERROR, FC_FHIR_ERROR_INVALID,
                   _("%s: the summary is too large to read (at most %d MB)."),
                   path, FC_FHIR_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  summary = fc_fhir_read_bundle (contents, length, today, error);
  if (summary != NULL)
    fc_summary_set_provenance (summary, FC_PROVENANCE_FILE);

  return summary;
}
