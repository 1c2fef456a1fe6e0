/* fc-scenario-load.c: reads a scenario file (format 1 or 2, see the top of fc-scenario.c) into
 * an FcScenario, and a folder of them; the problems found on the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_DELAY_MS      600000u
#define MAX_BYTE_DELAY_US 100000u
#define SLOW_BYTE_DELAY_US 2000u

G_DEFINE_BOXED_TYPE (FcScenarioProblem, fc_scenario_problem,
                     fc_scenario_problem_copy, fc_scenario_problem_free)

static const struct {
  const char             *name;
  FcVirtualCardBehaviour  behaviour;
  int                     since_format;
} card_behaviours[] = {
  { "present", FC_VIRTUAL_CARD_PRESENT, 1 },
  { "absent", FC_VIRTUAL_CARD_ABSENT, 1 },
  { "removed-after", FC_VIRTUAL_CARD_REMOVED_AFTER, 1 },
  { "slow", FC_VIRTUAL_CARD_PRESENT, 2 },
  { "expired", FC_VIRTUAL_CARD_PRESENT, 2 },
  { "wrong-application", FC_VIRTUAL_CARD_WRONG_APPLICATION, 1 },
  { "error-status", FC_VIRTUAL_CARD_ERROR_STATUS, 1 },
};

static const char * const network_modes_v1[] = { "online", "offline", "503", "not-found", NULL };
static const char * const network_modes_v2[] = {
  "online", "offline", "503", "not-found", "drops-after-fetch", NULL
};
static const char * const sexes[] = { "male", "female", "other", "unknown", NULL };

static const struct {
  const char        *name;
  FcScenarioConsent  consent;
} consents[] = {
  { "gives", FC_SCENARIO_CONSENT_GIVES },
  { "refuses", FC_SCENARIO_CONSENT_REFUSES },
  { "unable", FC_SCENARIO_CONSENT_UNABLE },
};

/* Problems */

FcScenarioProblem *
fc_scenario_problem_new (const char *file,
                         guint       line,
                         guint       column,
                         const char *message)
{
  FcScenarioProblem *problem;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (FcScenarioProblem, 1);
  problem->file = g_strdup (file);
  problem->line = line;
  problem->column = column;
  problem->message = g_strdup (message);
  return problem;
}

FcScenarioProblem *
fc_scenario_problem_copy (const FcScenarioProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return fc_scenario_problem_new (problem->file, problem->line, problem->column,
                                  problem->message);
}

void
fc_scenario_problem_free (FcScenarioProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

char *
fc_scenario_problem_to_string (const FcScenarioProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->line == 0)
    return g_strdup_printf ("%s: %s", problem->file, problem->message);
  return g_strdup_printf ("%s:%u:%u: %s", problem->file, problem->line, problem->column,
                          problem->message);
}

/* Sections */

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

/* Parses "YYYY-MM-DD" as local noon; NULL when malformed. */
static GDateTime *
parse_day (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", -1);
  guint64 year = 0;
  guint64 month = 0;
  guint64 day = 0;

  if (g_strv_length (parts) != 3 || strlen (parts[0]) != 4 || strlen (parts[1]) != 2
      || strlen (parts[2]) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &year, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    return NULL;
  return g_date_time_new_local ((int) year, (int) month, (int) day, 12, 0, 0);
}

static gboolean
read_card (FcScenarioLoader  *ld,
           JsonObject        *card,
           GError           **error)
{
  static const char * const members_v1[] = {
    "behaviour", "delay_ms", "remove_after_bytes", "error_status", NULL
  };
  static const char * const members_v2[] = {
    "behaviour", "delay_ms", "remove_after_bytes", "reinsert_after_ms", "byte_delay_us",
    "error_status", NULL
  };
  FcScenario *self = ld->self;
  const char *behaviour = NULL;
  gboolean found = FALSE;
  JsonNode *status;

  if (card == NULL)
    return TRUE;

  if (!fc_scenario_loader_check_members (ld, card, "card",
                                         ld->format >= 2 ? members_v2 : members_v1, error)
      || !fc_scenario_loader_get_string (ld, card, "card", "behaviour", FALSE, &behaviour, error)
      || !fc_scenario_loader_get_uint (ld, card, "card", "delay_ms", MAX_DELAY_MS,
                                       &self->card_delay_ms, error)
      || !fc_scenario_loader_get_uint (ld, card, "card", "remove_after_bytes", 65535,
                                       &self->remove_after_bytes, error)
      || !fc_scenario_loader_get_uint (ld, card, "card", "reinsert_after_ms", MAX_DELAY_MS,
                                       &self->reinsert_after_ms, error)
      || !fc_scenario_loader_get_uint (ld, card, "card", "byte_delay_us", MAX_BYTE_DELAY_US,
                                       &self->byte_delay_us, error))
    return FALSE;

  if (behaviour != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (card_behaviours); i++)
        {
          if (card_behaviours[i].since_format <= ld->format
              && g_str_equal (behaviour, card_behaviours[i].name))
            {
              self->card_behaviour = card_behaviours[i].behaviour;
              g_free (self->card_behaviour_name);
              self->card_behaviour_name = g_strdup (behaviour);
              found = TRUE;
            }
        }
      if (!found)
        return fc_scenario_loader_fail (ld, error, "card.behaviour", FALSE,
                                        _("“%s” must be one of: %s"), "card.behaviour",
                                        ld->format >= 2
                                        ? "present, absent, removed-after, slow, expired, "
                                          "wrong-application, error-status"
                                        : "present, absent, removed-after, wrong-application, "
                                          "error-status");
    }

  if (self->card_behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER
      && !json_object_has_member (card, "remove_after_bytes"))
    return fc_scenario_loader_fail (ld, error, "card", FALSE,
                                    _("“%s” is needed when the card behaviour is “removed-after”"),
                                    "card.remove_after_bytes");
  /* The card answers both SELECTs (2 bytes each) before it can be seen to leave. */
  if (ld->format >= 2 && self->card_behaviour == FC_VIRTUAL_CARD_REMOVED_AFTER
      && self->remove_after_bytes < 4)
    return fc_scenario_loader_fail (ld, error, "card.remove_after_bytes", FALSE,
                                    _("“%s” must be at least 4 (the card answers the selection "
                                      "first)"), "card.remove_after_bytes");

  if (g_str_equal (self->card_behaviour_name, "slow") && self->byte_delay_us == 0)
    {
      if (json_object_has_member (card, "byte_delay_us"))
        return fc_scenario_loader_fail (ld, error, "card.byte_delay_us", FALSE,
                                        _("a “slow” card needs “%s” above 0"),
                                        "card.byte_delay_us");
      self->byte_delay_us = SLOW_BYTE_DELAY_US;
    }
  self->card_expired = g_str_equal (self->card_behaviour_name, "expired");

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
        return fc_scenario_loader_fail (ld, error, "card.error_status", FALSE,
                                        _("“%s” must be a status word such as “6982”"),
                                        "card.error_status");
      self->card_error_status = (guint) value;
    }

  return TRUE;
}

static gboolean
read_network (FcScenarioLoader  *ld,
              JsonObject        *network,
              GError           **error)
{
  static const char * const members[] = { "mode", "delay_ms", NULL };
  FcScenario *self = ld->self;
  const char * const *modes = ld->format >= 2 ? network_modes_v2 : network_modes_v1;
  const char *mode = NULL;

  if (network == NULL)
    return TRUE;

  if (!fc_scenario_loader_check_members (ld, network, "network", members, error)
      || !fc_scenario_loader_get_string (ld, network, "network", "mode", FALSE, &mode, error)
      || !fc_scenario_loader_get_uint (ld, network, "network", "delay_ms", MAX_DELAY_MS,
                                       &self->fetch_delay_ms, error))
    return FALSE;

  if (mode != NULL)
    {
      if (!g_strv_contains (modes, mode))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) modes);

          return fc_scenario_loader_fail (ld, error, "network.mode", FALSE,
                                          _("“%s” must be one of: %s"), "network.mode", list);
        }
      g_free (self->network);
      self->network = g_strdup (mode);
    }

  return TRUE;
}

static gboolean
read_patient (FcScenarioLoader  *ld,
              JsonObject        *patient,
              GError           **error)
{
  static const char * const members_v1[] = { "age_band", "sex", "presentation", NULL };
  static const char * const members_v2[] = {
    "age_band", "sex", "presentation", "consent", "record_matches", NULL
  };
  FcScenario *self = ld->self;
  const char *age_band = NULL;
  const char *sex = NULL;
  const char *consent = NULL;

  if (!fc_scenario_loader_check_members (ld, patient, "patient",
                                         ld->format >= 2 ? members_v2 : members_v1, error)
      || !fc_scenario_loader_get_string (ld, patient, "patient", "age_band", FALSE,
                                         &age_band, error)
      || !fc_scenario_loader_get_string (ld, patient, "patient", "sex", FALSE, &sex, error)
      || !fc_scenario_loader_get_localised (ld, patient, "patient", "presentation", FALSE,
                                            &self->presentation, error)
      || !fc_scenario_loader_get_string (ld, patient, "patient", "consent", FALSE, &consent, error)
      || !fc_scenario_loader_get_boolean (ld, patient, "patient", "record_matches",
                                          &self->record_matches, error))
    return FALSE;

  if (age_band != NULL)
    {
      if (!age_band_is_valid (age_band))
        return fc_scenario_loader_fail (ld, error, "patient.age_band", FALSE,
                                        _("“%s” must be a decade such as “70s”, or “unknown”"),
                                        "patient.age_band");
      g_free (self->age_band);
      self->age_band = g_strdup (age_band);
    }

  if (sex != NULL)
    {
      if (!g_strv_contains (sexes, sex))
        return fc_scenario_loader_fail (ld, error, "patient.sex", FALSE,
                                        _("“%s” must be one of: %s"), "patient.sex",
                                        "male, female, other, unknown");
      g_free (self->sex);
      self->sex = g_strdup (sex);
    }

  if (consent != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (consents); i++)
        if (g_str_equal (consent, consents[i].name))
          {
            self->consent = consents[i].consent;
            found = TRUE;
          }
      if (!found)
        return fc_scenario_loader_fail (ld, error, "patient.consent", FALSE,
                                        _("“%s” must be one of: %s"), "patient.consent",
                                        "gives, refuses, unable");
    }

  return TRUE;
}

/* Fills @self from the parsed scenario @root_node; @dir is the folder the bundle path is
 * relative to. */
static gboolean
read_scenario (FcScenarioLoader  *ld,
               JsonNode          *root_node,
               const char        *dir,
               GError           **error)
{
  static const char * const members_v1[] = {
    "format", "title", "brief", "patient", "bundle", "card", "network", "measured",
    "expected_warnings", NULL
  };
  static const char * const members_v2[] = {
    "format", "title", "brief", "today", "patient", "bundle", "card", "network", "measured",
    "expected_warnings", "targets", NULL
  };
  FcScenario *self = ld->self;
  JsonObject *root;
  JsonObject *patient = NULL;
  JsonObject *card = NULL;
  JsonObject *network = NULL;
  JsonNode *format;
  const char *bundle = NULL;
  const char *today = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fc_scenario_loader_fail (ld, error, "", FALSE, _("a scenario must be a JSON object"));
  root = json_node_get_object (root_node);

  format = json_object_get_member (root, "format");
  if (format == NULL)
    return fc_scenario_loader_fail (ld, error, "", FALSE, _("“%s” is missing"), "format");
  if (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64
      || json_node_get_int (format) < 1 || json_node_get_int (format) > 2)
    return fc_scenario_loader_fail (ld, error, "format", FALSE,
                                    _("“format” must be 1 or 2 (the scenario formats this version "
                                      "reads)"));
  ld->format = self->format = (int) json_node_get_int (format);

  if (!fc_scenario_loader_check_members (ld, root, "",
                                         ld->format >= 2 ? members_v2 : members_v1, error))
    return FALSE;

  if (!fc_scenario_loader_get_localised (ld, root, "", "title", TRUE, &self->title, error)
      || !fc_scenario_loader_get_localised (ld, root, "", "brief", FALSE, &self->brief, error)
      || !fc_scenario_loader_get_string (ld, root, "", "today", FALSE, &today, error)
      || !fc_scenario_loader_get_object (ld, root, "", "patient", TRUE, &patient, error)
      || !read_patient (ld, patient, error)
      || !fc_scenario_loader_get_string (ld, root, "", "bundle", TRUE, &bundle, error)
      || !fc_scenario_loader_get_object (ld, root, "", "card", FALSE, &card, error)
      || !fc_scenario_loader_get_object (ld, root, "", "network", FALSE, &network, error)
      || !read_card (ld, card, error)
      || !read_network (ld, network, error)
      || !fc_scenario_loader_read_measured (ld, root, error)
      || !fc_scenario_loader_read_expected (ld, root, error)
      || !fc_scenario_loader_read_targets (ld, root, error))
    return FALSE;

  if (today != NULL)
    {
      self->today = parse_day (today);
      if (self->today == NULL)
        return fc_scenario_loader_fail (ld, error, "today", FALSE,
                                        _("“%s” must be a date such as “2026-11-20”"), "today");
    }

  if (g_path_is_absolute (bundle))
    self->bundle_path = g_strdup (bundle);
  else
    self->bundle_path = g_build_filename (dir, bundle, NULL);

  if (!g_file_test (self->bundle_path, G_FILE_TEST_IS_REGULAR))
    return fc_scenario_loader_fail_code (ld, error, FC_SCENARIO_ERROR_BUNDLE, "bundle", FALSE,
                                         _("the bundle “%s” does not exist"), bundle);

  return TRUE;
}

/* Files */

FcScenario *
fc_scenario_new_from_file_full (const char         *path,
                                FcScenarioProblem **problem,
                                GError            **error)
{
  g_autoptr(FcScenario) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *syntax = NULL;
  FcScenarioLoader ld = { 0 };
  gsize length = 0;
  FcScenarioPos pos = { 0, 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problem == NULL || *problem == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  file = g_path_get_basename (absolute);
  dir = g_path_get_dirname (absolute);

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, 0, 0, local_error->message);
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  self = g_object_new (FC_TYPE_SCENARIO, NULL);
  self->path = g_strdup (absolute);
  if (g_str_has_suffix (file, ".json"))
    self->id = g_strndup (file, strlen (file) - strlen (".json"));
  else
    self->id = g_strdup (file);

  ld.self = self;
  ld.file = file;
  ld.format = 1;

  if (!fc_scenario_scan_document (contents, length, self->value_pos, self->key_pos, &duplicate,
                                  &syntax, &pos))
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, pos.line, pos.column, syntax);
      g_set_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX, "%s:%u:%u: %s", file,
                   pos.line, pos.column, syntax);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      /* The scanner accepted it, so this is rare (json-glib's own limits); no position. */
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, 0, 0, local_error->message);
      g_set_error (error, FC_SCENARIO_ERROR, FC_SCENARIO_ERROR_SYNTAX, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  if (duplicate != NULL)
    fc_scenario_loader_fail (&ld, error, duplicate, TRUE, _("“%s” is given twice"), duplicate);
  else
    read_scenario (&ld, json_parser_get_root (parser), dir, error);

  if (ld.message != NULL)
    {
      if (problem != NULL)
        *problem = fc_scenario_problem_new (path, ld.line, ld.column, ld.message);
      g_free (ld.message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

FcScenario *
fc_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  return fc_scenario_new_from_file_full (path, NULL, error);
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
