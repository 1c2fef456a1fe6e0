/* fc-scenario.c
 *
 * A training scenario is one JSON file in data/scenarios/ plus the FHIR Bundle it names.
 *
 * Scenario file format 1 (UTF-8 JSON; fields marked * are required):
 *
 *   {
 *     "format": 1,                                   * always 1 for this format
 *     "title": {"ja": "…", "en": "…"},               * shown in the scenario list
 *     "brief": {"ja": "…", "en": "…"},                 for the trainer: what the case teaches
 *     "patient": {                                   * what the crew sees on arrival
 *       "age_band": "70s",                             "0s", "10s", … "100s" or "unknown"
 *       "sex": "male",                                 "male", "female", "other", "unknown"
 *       "presentation": {"ja": "…", "en": "…"}         the complaint / scene, read to the crew
 *     },
 *     "bundle": "bundles/NAME.json",                 * IPS-shaped FHIR Bundle, relative to
 *                                                      this file (or absolute)
 *     "card": {                                        the virtual My Number card
 *       "behaviour": "present",                        "present", "absent", "removed-after",
 *                                                      "wrong-application", "error-status"
 *       "delay_ms": 1500,                              time until the card "arrives"
 *       "remove_after_bytes": 600,                     required for "removed-after"
 *       "error_status": "6982"                         SW1SW2 (hex string or number) for
 *                                                      "error-status"
 *     },
 *     "network": {                                     the summary service
 *       "mode": "online",                              "online", "offline", "503", "not-found"
 *       "delay_ms": 300                                time until the answer
 *     },
 *     "measured": {"bgl": 420, "consciousness": "impaired"},
 *                                                      findings revealed when the crew measures
 *                                                      or observes them; names and values as
 *                                                      for fieldcard-cli findings (bgl=420)
 *     "expected_warnings": ["R04", "R01", "R05"]       rule ids the trainer expects to see once
 *                                                      the measured findings are entered (at
 *                                                      least these; others may also appear)
 *   }
 *
 * Defaults: card present after 0 ms, network online after 0 ms, sex and age band "unknown".
 * Members whose name starts with "_" are comments and ignored; any other unknown member is an
 * error, so that a misspelt field never passes silently. Every error message starts with the
 * file name and names the field ("pilot-1.json: “card.behaviour” must be one of …"); JSON syntax
 * errors give the line and column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-core-enums.h"
#include "fc-fhir-reader.h"

#define MAX_DELAY_MS 600000u

typedef struct
{
  char *ja; /* (owned) (nullable) */
  char *en; /* (owned) (nullable) */
} Localised;

struct _FcScenario
{
  GObject                 parent_instance;

  char                   *id;            /* (owned) */
  char                   *path;          /* (owned) absolute */
  Localised               title;
  Localised               brief;
  Localised               presentation;
  char                   *age_band;      /* (owned) */
  char                   *sex;           /* (owned) */
  char                   *bundle_path;   /* (owned) absolute */
  FcVirtualCardBehaviour  card_behaviour;
  guint                   card_delay_ms;
  guint                   remove_after_bytes;
  guint                   card_error_status;
  char                   *network;       /* (owned) */
  guint                   fetch_delay_ms;
  GPtrArray              *measured_names; /* (owned) NULL-terminated */
  GHashTable             *measured;       /* (owned) name → value */
  GPtrArray              *expected;       /* (owned) NULL-terminated */
};

G_DEFINE_FINAL_TYPE (FcScenario, fc_scenario, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-scenario-error-quark, fc_scenario_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_PATH,
  PROP_TITLE,
  PROP_BRIEF,
  PROP_PRESENTATION,
  PROP_TITLE_JA,
  PROP_TITLE_EN,
  PROP_AGE_BAND,
  PROP_SEX,
  PROP_BUNDLE_PATH,
  PROP_CARD_BEHAVIOUR,
  PROP_CARD_DELAY_MS,
  PROP_REMOVE_AFTER_BYTES,
  PROP_FETCH_DELAY_MS,
  PROP_NETWORK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char             *name;
  FcVirtualCardBehaviour  behaviour;
} card_behaviours[] = {
  { "present", FC_VIRTUAL_CARD_PRESENT },
  { "absent", FC_VIRTUAL_CARD_ABSENT },
  { "removed-after", FC_VIRTUAL_CARD_REMOVED_AFTER },
  { "wrong-application", FC_VIRTUAL_CARD_WRONG_APPLICATION },
  { "error-status", FC_VIRTUAL_CARD_ERROR_STATUS },
};

static const char * const network_modes[] = { "online", "offline", "503", "not-found", NULL };
static const char * const sexes[] = { "male", "female", "other", "unknown", NULL };

static void
localised_clear (Localised *l)
{
  g_clear_pointer (&l->ja, g_free);
  g_clear_pointer (&l->en, g_free);
}

/* Whether the UI language is Japanese: the first entry of g_get_language_names() that is not the
 * C locale starts with "ja". */
static gboolean
ui_is_japanese (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "C") || g_str_has_prefix (name, "C.") || g_str_equal (name, "POSIX"))
        continue;
      return g_str_has_prefix (name, "ja");
    }

  return FALSE;
}

static const char *
localised_pick (const Localised *l)
{
  if (ui_is_japanese ())
    return l->ja != NULL ? l->ja : l->en;
  return l->en != NULL ? l->en : l->ja;
}

/* Sets an FC_SCENARIO_ERROR whose message is "FILE: MESSAGE". */
G_GNUC_PRINTF (4, 5)
static gboolean
fail (GError     **error,
      FcScenarioError code,
      const char  *file,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FC_SCENARIO_ERROR, code, "%s: %s", file, message);
  return FALSE;
}

/* Fails when @object has a member that is not in @allowed (NULL-terminated) and does not start
 * with "_". @prefix is the field path of @object ("" at the top). */
static gboolean
check_members (JsonObject         *object,
               const char         *prefix,
               const char * const *allowed,
               const char         *file,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (name[0] == '_' || g_strv_contains (allowed, name))
        continue;
      return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("unknown field “%s%s”"),
                   prefix, name);
    }

  return TRUE;
}

/* Reads an optional string member into @out (unchanged when absent). */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *field,
            gboolean     required,
            const char  *file,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” is missing"), field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” must be a non-empty string"),
                 field);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Reads an optional object member; *out is NULL when absent. */
static gboolean
get_object (JsonObject  *object,
            const char  *member,
            const char  *field,
            gboolean     required,
            const char  *file,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” is missing"), field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” must be an object"), field);

  *out = json_node_get_object (node);
  return TRUE;
}

/* Reads an optional whole number in 0…@max into @out (unchanged when absent). */
static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          const char  *field,
          guint        max,
          const char  *file,
          guint       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“%s” must be a whole number between 0 and %u"), field, max);

  value = json_node_get_int (node);
  if (value < 0 || value > (gint64) max)
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“%s” must be a whole number between 0 and %u"), field, max);

  *out = (guint) value;
  return TRUE;
}

/* Reads {"ja": …, "en": …}; at least one language when @required. */
static gboolean
get_localised (JsonObject  *object,
               const char  *member,
               const char  *field,
               gboolean     required,
               const char  *file,
               Localised   *out,
               GError     **error)
{
  static const char * const languages[] = { "ja", "en", NULL };
  g_autofree char *prefix = g_strdup_printf ("%s.", field);
  g_autofree char *ja_field = g_strdup_printf ("%s.ja", field);
  g_autofree char *en_field = g_strdup_printf ("%s.en", field);
  JsonObject *localised = NULL;
  const char *ja = NULL;
  const char *en = NULL;

  if (!get_object (object, member, field, required, file, &localised, error))
    return FALSE;
  if (localised == NULL)
    return TRUE;

  if (!check_members (localised, prefix, languages, file, error)
      || !get_string (localised, "ja", ja_field, FALSE, file, &ja, error)
      || !get_string (localised, "en", en_field, FALSE, file, &en, error))
    return FALSE;

  if (ja == NULL && en == NULL)
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“%s” needs Japanese (“ja”) or English (“en”) text"), field);

  out->ja = g_strdup (ja);
  out->en = g_strdup (en);
  return TRUE;
}

static gboolean
age_band_is_valid (const char *band)
{
  gsize len = strlen (band);
  guint64 value;
  char *end = NULL;

  if (g_str_equal (band, "unknown"))
    return TRUE;
  if (len < 2 || len > 4 || band[len - 1] != 's' || !g_ascii_isdigit (band[0]))
    return FALSE;

  value = g_ascii_strtoull (band, &end, 10);
  return end == band + len - 1 && value % 10 == 0 && value <= 130
         && (band[0] != '0' || len == 2);
}

/* A measured value as text: numbers as written, strings as they are, booleans as yes/no. */
static char *
measured_value (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));

    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");

    default:
      return NULL;
    }
}

static gboolean
rule_id_is_valid (const char *id)
{
  return strlen (id) == 3 && id[0] == 'R' && g_ascii_isdigit (id[1]) && g_ascii_isdigit (id[2]);
}

static gboolean
read_card (FcScenario  *self,
           JsonObject  *card,
           const char  *file,
           GError     **error)
{
  static const char * const members[] = {
    "behaviour", "delay_ms", "remove_after_bytes", "error_status", NULL
  };
  const char *behaviour = NULL;
  gboolean found = FALSE;
  JsonNode *status;

  if (card == NULL)
    return TRUE;

  if (!check_members (card, "card.", members, file, error)
      || !get_string (card, "behaviour", "card.behaviour", FALSE, file, &behaviour, error)
      || !get_uint (card, "delay_ms", "card.delay_ms", MAX_DELAY_MS, file, &self->card_delay_ms,
                    error)
      || !get_uint (card, "remove_after_bytes", "card.remove_after_bytes", 65535, file,
                    &self->remove_after_bytes, error))
    return FALSE;

  if (behaviour != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (card_behaviours); i++)
        {
          if (g_str_equal (behaviour, card_behaviours[i].name))
            {
              self->card_behaviour = card_behaviours[i].behaviour;
              found = TRUE;
            }
        }
      if (!found)
        return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” must be one of: %s"),
                     "card.behaviour",
                     "present, absent, removed-after, wrong-application, error-status");
    }

  if (self->card_behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER
      && !json_object_has_member (card, "remove_after_bytes"))
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“%s” is needed when the card behaviour is “removed-after”"),
                 "card.remove_after_bytes");

  status = json_object_get_member (card, "error_status");
  if (status != NULL && !JSON_NODE_HOLDS_NULL (status))
    {
      guint64 value = G_MAXUINT64;

      if (JSON_NODE_HOLDS_VALUE (status) && json_node_get_value_type (status) == G_TYPE_INT64
          && json_node_get_int (status) >= 0)
        {
          value = (guint64) json_node_get_int (status);
        }
      else if (JSON_NODE_HOLDS_VALUE (status)
               && json_node_get_value_type (status) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (status);
          char *end = NULL;

          if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
            text += 2;
          if (strlen (text) == 4)
            {
              value = g_ascii_strtoull (text, &end, 16);
              if (end == NULL || *end != '\0')
                value = G_MAXUINT64;
            }
        }

      if (value > 0xFFFF)
        return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                     _("“%s” must be a status word such as “6982”"), "card.error_status");
      self->card_error_status = (guint) value;
    }

  return TRUE;
}

static gboolean
read_network (FcScenario  *self,
              JsonObject  *network,
              const char  *file,
              GError     **error)
{
  static const char * const members[] = { "mode", "delay_ms", NULL };
  const char *mode = NULL;

  if (network == NULL)
    return TRUE;

  if (!check_members (network, "network.", members, file, error)
      || !get_string (network, "mode", "network.mode", FALSE, file, &mode, error)
      || !get_uint (network, "delay_ms", "network.delay_ms", MAX_DELAY_MS, file,
                    &self->fetch_delay_ms, error))
    return FALSE;

  if (mode != NULL)
    {
      if (!g_strv_contains (network_modes, mode))
        return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” must be one of: %s"),
                     "network.mode", "online, offline, 503, not-found");
      g_free (self->network);
      self->network = g_strdup (mode);
    }

  return TRUE;
}

static gboolean
read_measured (FcScenario  *self,
               JsonObject  *root,
               const char  *file,
               GError     **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *measured = NULL;

  if (!get_object (root, "measured", "measured", FALSE, file, &measured, error))
    return FALSE;
  if (measured == NULL)
    return TRUE;

  members = json_object_get_members (measured);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      char *value;

      if (name[0] == '_')
        continue;

      value = measured_value (json_object_get_member (measured, name));
      if (value == NULL)
        return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                     _("“measured.%s” must be a number or a non-empty string"), name);

      if (!g_hash_table_contains (self->measured, name))
        g_ptr_array_insert (self->measured_names, self->measured_names->len - 1,
                            g_strdup (name));
      g_hash_table_replace (self->measured, g_strdup (name), value);
    }

  return TRUE;
}

static gboolean
read_expected (FcScenario  *self,
               JsonObject  *root,
               const char  *file,
               GError     **error)
{
  JsonNode *node = json_object_get_member (root, "expected_warnings");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“%s” must be a list of rule ids such as “R04”"), "expected_warnings");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !rule_id_is_valid (json_node_get_string (element)))
        return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                     _("“%s” must be a list of rule ids such as “R04”"), "expected_warnings");

      g_ptr_array_insert (self->expected, self->expected->len - 1,
                          g_strdup (json_node_get_string (element)));
    }

  return TRUE;
}

/* Fills @self from the parsed scenario @root; @file is the base name for messages and @dir the
 * folder the bundle path is relative to. */
static gboolean
read_scenario (FcScenario  *self,
               JsonNode    *root_node,
               const char  *file,
               const char  *dir,
               GError     **error)
{
  static const char * const members[] = {
    "format", "title", "brief", "patient", "bundle", "card", "network", "measured",
    "expected_warnings", NULL
  };
  static const char * const patient_members[] = { "age_band", "sex", "presentation", NULL };
  JsonObject *root;
  JsonObject *patient = NULL;
  JsonObject *card = NULL;
  JsonObject *network = NULL;
  JsonNode *format;
  const char *age_band = NULL;
  const char *sex = NULL;
  const char *bundle = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("a scenario must be a JSON object"));
  root = json_node_get_object (root_node);

  if (!check_members (root, "", members, file, error))
    return FALSE;

  format = json_object_get_member (root, "format");
  if (format == NULL)
    return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” is missing"), "format");
  if (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64
      || json_node_get_int (format) != 1)
    return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                 _("“format” must be 1 (the only scenario format this version reads)"));

  if (!get_localised (root, "title", "title", TRUE, file, &self->title, error)
      || !get_localised (root, "brief", "brief", FALSE, file, &self->brief, error)
      || !get_object (root, "patient", "patient", TRUE, file, &patient, error)
      || !check_members (patient, "patient.", patient_members, file, error)
      || !get_string (patient, "age_band", "patient.age_band", FALSE, file, &age_band, error)
      || !get_string (patient, "sex", "patient.sex", FALSE, file, &sex, error)
      || !get_localised (patient, "presentation", "patient.presentation", FALSE, file,
                         &self->presentation, error)
      || !get_string (root, "bundle", "bundle", TRUE, file, &bundle, error)
      || !get_object (root, "card", "card", FALSE, file, &card, error)
      || !get_object (root, "network", "network", FALSE, file, &network, error)
      || !read_card (self, card, file, error)
      || !read_network (self, network, file, error)
      || !read_measured (self, root, file, error)
      || !read_expected (self, root, file, error))
    return FALSE;

  if (age_band != NULL)
    {
      if (!age_band_is_valid (age_band))
        return fail (error, FC_SCENARIO_ERROR_INVALID, file,
                     _("“%s” must be a decade such as “70s”, or “unknown”"),
                     "patient.age_band");
      g_free (self->age_band);
      self->age_band = g_strdup (age_band);
    }

  if (sex != NULL)
    {
      if (!g_strv_contains (sexes, sex))
        return fail (error, FC_SCENARIO_ERROR_INVALID, file, _("“%s” must be one of: %s"),
                     "patient.sex", "male, female, other, unknown");
      g_free (self->sex);
      self->sex = g_strdup (sex);
    }

  if (g_path_is_absolute (bundle))
    self->bundle_path = g_strdup (bundle);
  else
    self->bundle_path = g_build_filename (dir, bundle, NULL);

  if (!g_file_test (self->bundle_path, G_FILE_TEST_IS_REGULAR))
    return fail (error, FC_SCENARIO_ERROR_BUNDLE, file, _("the bundle “%s” does not exist"),
                 bundle);

  return TRUE;
}

static void
fc_scenario_finalize (GObject *object)
{
  FcScenario *self = (FcScenario *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->path, g_free);
  localised_clear (&self->title);
  localised_clear (&self->brief);
  localised_clear (&self->presentation);
  g_clear_pointer (&self->age_band, g_free);
  g_clear_pointer (&self->sex, g_free);
  g_clear_pointer (&self->bundle_path, g_free);
  g_clear_pointer (&self->network, g_free);
  g_clear_pointer (&self->measured_names, g_ptr_array_unref);
  g_clear_pointer (&self->measured, g_hash_table_unref);
  g_clear_pointer (&self->expected, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_scenario_parent_class)->finalize (object);
}

static void
fc_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FcScenario *self = FC_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, fc_scenario_get_title (self));
      break;

    case PROP_BRIEF:
      g_value_set_string (value, fc_scenario_get_brief (self));
      break;

    case PROP_PRESENTATION:
      g_value_set_string (value, fc_scenario_get_presentation (self));
      break;

    case PROP_TITLE_JA:
      g_value_set_string (value, self->title.ja);
      break;

    case PROP_TITLE_EN:
      g_value_set_string (value, self->title.en);
      break;

    case PROP_AGE_BAND:
      g_value_set_string (value, self->age_band);
      break;

    case PROP_SEX:
      g_value_set_string (value, self->sex);
      break;

    case PROP_BUNDLE_PATH:
      g_value_set_string (value, self->bundle_path);
      break;

    case PROP_CARD_BEHAVIOUR:
      g_value_set_enum (value, self->card_behaviour);
      break;

    case PROP_CARD_DELAY_MS:
      g_value_set_uint (value, self->card_delay_ms);
      break;

    case PROP_REMOVE_AFTER_BYTES:
      g_value_set_uint (value, self->remove_after_bytes);
      break;

    case PROP_FETCH_DELAY_MS:
      g_value_set_uint (value, self->fetch_delay_ms);
      break;

    case PROP_NETWORK:
      g_value_set_string (value, self->network);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_scenario_class_init (FcScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fc_scenario_finalize;
  object_class->get_property = fc_scenario_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BRIEF] = g_param_spec_string ("brief", NULL, NULL, NULL, flags);
  properties[PROP_PRESENTATION] = g_param_spec_string ("presentation", NULL, NULL, NULL, flags);
  properties[PROP_TITLE_JA] = g_param_spec_string ("title-ja", NULL, NULL, NULL, flags);
  properties[PROP_TITLE_EN] = g_param_spec_string ("title-en", NULL, NULL, NULL, flags);
  properties[PROP_AGE_BAND] = g_param_spec_string ("age-band", NULL, NULL, "unknown", flags);
  properties[PROP_SEX] = g_param_spec_string ("sex", NULL, NULL, "unknown", flags);
  properties[PROP_BUNDLE_PATH] = g_param_spec_string ("bundle-path", NULL, NULL, NULL, flags);
  properties[PROP_CARD_BEHAVIOUR] =
    g_param_spec_enum ("card-behaviour", NULL, NULL,
                       FC_TYPE_VIRTUAL_CARD_BEHAVIOUR, FC_VIRTUAL_CARD_PRESENT, flags);
  properties[PROP_CARD_DELAY_MS] =
    g_param_spec_uint ("card-delay-ms", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REMOVE_AFTER_BYTES] =
    g_param_spec_uint ("remove-after-bytes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FETCH_DELAY_MS] =
    g_param_spec_uint ("fetch-delay-ms", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NETWORK] = g_param_spec_string ("network", NULL, NULL, "online", flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_scenario_init (FcScenario *self)
{
  self->age_band = g_strdup ("unknown");
  self->sex = g_strdup ("unknown");
  self->network = g_strdup ("online");
  self->card_behaviour = FC_VIRTUAL_CARD_PRESENT;
  self->measured_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->measured_names, NULL);
  self->measured = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->expected = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->expected, NULL);
}

FcScenario *
fc_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(FcScenario) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  file = g_path_get_basename (absolute);
  dir = g_path_get_dirname (absolute);

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  root = fc_fhir_parse_json (contents, length, &local_error);
  if (root == NULL)
    {
      fail (error, FC_SCENARIO_ERROR_SYNTAX, file, "%s", local_error->message);
      return NULL;
    }

  self = g_object_new (FC_TYPE_SCENARIO, NULL);
  self->path = g_strdup (absolute);
  if (g_str_has_suffix (file, ".json"))
    self->id = g_strndup (file, strlen (file) - strlen (".json"));
  else
    self->id = g_strdup (file);

  if (!read_scenario (self, root, file, dir, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
fc_scenario_get_id (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->id;
}

const char *
fc_scenario_get_path (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->path;
}

const char *
fc_scenario_get_title (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->title);
}

const char *
fc_scenario_get_title_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->title.ja;
}

const char *
fc_scenario_get_title_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->title.en;
}

const char *
fc_scenario_get_brief (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->brief);
}

const char *
fc_scenario_get_presentation (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->presentation);
}

const char *
fc_scenario_get_age_band (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->age_band;
}

const char *
fc_scenario_get_sex (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->sex;
}

const char *
fc_scenario_get_bundle_path (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->bundle_path;
}

const char *
fc_scenario_get_network (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->network;
}

FcVirtualCardBehaviour
fc_scenario_get_card_behaviour (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FC_VIRTUAL_CARD_PRESENT);

  return self->card_behaviour;
}

guint
fc_scenario_get_card_delay_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->card_delay_ms;
}

guint
fc_scenario_get_remove_after_bytes (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->remove_after_bytes;
}

guint
fc_scenario_get_card_error_status (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->card_error_status;
}

guint
fc_scenario_get_fetch_delay_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->fetch_delay_ms;
}

const char * const *
fc_scenario_get_measured_names (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->measured_names->pdata;
}

const char *
fc_scenario_get_measured (FcScenario *self,
                          const char *name)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->measured, name);
}

const char * const *
fc_scenario_get_expected_warnings (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->expected->pdata;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GListModel *
fc_scenario_load_directory (const char  *dir,
                            GPtrArray  **errors_out)
{
  g_autoptr(GListStore) store = g_list_store_new (FC_TYPE_SCENARIO);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  gdir = g_dir_open (dir, 0, &error);
  if (gdir == NULL)
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s: %s", dir, error->message));
    }
  else
    {
      while ((name = g_dir_read_name (gdir)) != NULL)
        {
          g_autofree char *path = NULL;

          if (!g_str_has_suffix (name, ".json") || name[0] == '.')
            continue;
          path = g_build_filename (dir, name, NULL);
          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          g_ptr_array_add (names, g_strdup (name));
        }
    }

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(FcScenario) scenario = NULL;

      g_clear_error (&error);
      scenario = fc_scenario_new_from_file (path, &error);
      if (scenario == NULL)
        {
          /* The message already starts with the file name. */
          g_debug ("Skipping scenario: %s", error->message);
          g_ptr_array_add (errors, g_strdup (error->message));
          continue;
        }
      g_list_store_append (store, scenario);
    }

  if (errors_out != NULL)
    *errors_out = g_steal_pointer (&errors);

  return G_LIST_MODEL (g_steal_pointer (&store));
}
