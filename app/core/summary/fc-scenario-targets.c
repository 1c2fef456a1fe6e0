/* fc-scenario-targets.c: what a scenario expects of the crew: the warnings they must see
 * ("expected_warnings") and the targets the debrief measures ("targets"), with the timeline
 * event references both use ("KIND" or "KIND:VALUE").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-timeline.h"

#define MAX_WITHIN_S (6u * 3600u)

/* Event kinds a target may refer to. */
static const char * const event_kinds[] = {
  FC_EVENT_INCIDENT_STARTED, FC_EVENT_CALL_RECEIVED, FC_EVENT_DISPATCHED, FC_EVENT_EN_ROUTE,
  FC_EVENT_ARRIVED_SCENE, FC_EVENT_PATIENT_CONTACT, FC_EVENT_PATIENT_LOADED,
  FC_EVENT_LEFT_SCENE, FC_EVENT_ARRIVED_HOSPITAL, FC_EVENT_TRANSFER_OF_CARE,
  FC_EVENT_BACK_IN_SERVICE, FC_EVENT_HOSPITAL_CALL_START, FC_EVENT_HOSPITAL_CALL_END,
  FC_EVENT_CARD_PRESENT, FC_EVENT_WRONG_PERSON, FC_EVENT_CONSENT, FC_EVENT_CARD_ASKED,
  FC_EVENT_CARD_DETECTED, FC_EVENT_CARD_READ, FC_EVENT_FETCH_STARTED, FC_EVENT_FETCH_DONE,
  FC_EVENT_SUMMARY_SHOWN, FC_EVENT_FINDING, FC_EVENT_WARNING_ACK, FC_EVENT_FAILURE,
  FC_EVENT_HANDOVER, FC_EVENT_TRAINING_PAUSED, FC_EVENT_TRAINING_RESUMED,
  FC_EVENT_TRAINING_FAULT, FC_EVENT_TRAINING_REVEAL, NULL
};

static gboolean
rule_id_is_valid (const char *id)
{
  gsize len = strlen (id);

  /* "R04" and the measured-glucose rules "G0", "G1A". */
  if (len == 3 && id[0] == 'R' && g_ascii_isdigit (id[1]) && g_ascii_isdigit (id[2]))
    return TRUE;
  return len >= 2 && len <= 4 && id[0] == 'G' && g_ascii_isdigit (id[1])
         && (len < 3 || g_ascii_isalpha (id[2])) && (len < 4 || g_ascii_isalpha (id[3]));
}

gboolean
fc_scenario_loader_read_expected (FcScenarioLoader  *ld,
                                  JsonObject        *root,
                                  GError           **error)
{
  FcScenario *self = ld->self;
  JsonNode *node = json_object_get_member (root, "expected_warnings");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fc_scenario_loader_fail (ld, error, "expected_warnings", FALSE,
                                    _("“%s” must be a list of rule ids such as “R04”"),
                                    "expected_warnings");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("expected_warnings[%u]", i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !rule_id_is_valid (json_node_get_string (element)))
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” must be a list of rule ids such as “R04”"),
                                        "expected_warnings");

      id = json_node_get_string (element);
      if (g_strv_contains ((const char * const *) self->expected->pdata, id))
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” is listed twice in “%s”"), id, "expected_warnings");
      g_ptr_array_insert (self->expected, self->expected->len - 1, g_strdup (id));
    }

  return TRUE;
}

/* Fails at @field: @what is not a timeline event reference. */
static gboolean
fail_not_event (FcScenarioLoader  *ld,
                const char        *field,
                const char        *what,
                GError           **error)
{
  return fc_scenario_loader_fail (ld, error, field, FALSE,
                                  _("“%s” is not a timeline event: use an event kind such as "
                                    "“patient-contact”, “card-read” or “summary-shown”, "
                                    "optionally with “:VALUE” (“finding:glucose”)"), what);
}

/* Reads an event reference at @field into @out. */
static gboolean
get_reference (FcScenarioLoader  *ld,
               JsonObject        *object,
               const char        *path,
               const char        *member,
               char             **out,
               GError           **error)
{
  g_autofree char *field = fc_scenario_join_path (path, member);
  const char *reference = NULL;

  if (!fc_scenario_loader_get_string (ld, object, path, member, TRUE, &reference, error))
    return FALSE;
  if (!fc_scenario_event_reference_is_valid (reference))
    return fail_not_event (ld, field, reference, error);
  *out = g_strdup (reference);
  return TRUE;
}

static gboolean
read_target (FcScenarioLoader  *ld,
             JsonNode          *node,
             const char        *path,
             GError           **error)
{
  static const char * const members[] = {
    "id", "label", "from", "to", "within_s", "event", "before", "never", NULL
  };
  FcScenario *self = ld->self;
  g_autoptr(GPtrArray) before = NULL;
  FcScenarioTarget *target;
  FcScenarioLocalised label = { NULL, NULL };
  JsonObject *object;
  const char *id = NULL;
  gboolean interval;
  gboolean event;
  gboolean never;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fc_scenario_loader_fail (ld, error, path, FALSE,
                                    _("a target must be an object with “id” and either “from”, "
                                      "“to” and “within_s”, or “event”, or “never”"));
  object = json_node_get_object (node);

  if (!fc_scenario_loader_check_members (ld, object, path, members, error)
      || !fc_scenario_loader_get_string (ld, object, path, "id", TRUE, &id, error))
    return FALSE;

  for (guint i = 0; i < self->targets->len; i++)
    {
      FcScenarioTarget *other = g_ptr_array_index (self->targets, i);

      if (g_str_equal (other->id, id))
        {
          g_autofree char *field = fc_scenario_join_path (path, "id");

          return fc_scenario_loader_fail (ld, error, field, FALSE,
                                          _("two targets have the id “%s”"), id);
        }
    }

  interval = json_object_has_member (object, "from") || json_object_has_member (object, "to")
             || json_object_has_member (object, "within_s");
  event = json_object_has_member (object, "event") || json_object_has_member (object, "before");
  never = json_object_has_member (object, "never");
  if ((interval ? 1 : 0) + (event ? 1 : 0) + (never ? 1 : 0) != 1)
    return fc_scenario_loader_fail (ld, error, path, FALSE,
                                    _("target “%s” needs exactly one of: “from”, “to” and "
                                      "“within_s”; “event”; “never”"), id);

  target = g_new0 (FcScenarioTarget, 1);
  target->id = g_strdup (id);
  g_ptr_array_add (self->targets, target);

  if (!fc_scenario_loader_get_localised (ld, object, path, "label", FALSE, &label, error))
    return FALSE;
  target->label_ja = g_steal_pointer (&label.ja);
  target->label_en = g_steal_pointer (&label.en);

  if (interval)
    {
      g_autofree char *within_field = fc_scenario_join_path (path, "within_s");

      target->kind = FC_SCENARIO_TARGET_INTERVAL;
      if (!get_reference (ld, object, path, "from", &target->from, error)
          || !get_reference (ld, object, path, "to", &target->to, error))
        return FALSE;
      if (!json_object_has_member (object, "within_s"))
        return fc_scenario_loader_fail (ld, error, path, FALSE, _("“%s” is missing"), within_field);
      if (!fc_scenario_loader_get_uint (ld, object, path, "within_s", MAX_WITHIN_S,
                                        &target->within_s, error))
        return FALSE;
      if (target->within_s == 0)
        return fc_scenario_loader_fail (ld, error, within_field, FALSE,
                                        _("“%s” must be at least 1 second"), within_field);
      return TRUE;
    }

  if (never)
    {
      target->kind = FC_SCENARIO_TARGET_NEVER;
      return get_reference (ld, object, path, "never", &target->event, error);
    }

  target->kind = FC_SCENARIO_TARGET_EVENT;
  if (!get_reference (ld, object, path, "event", &target->event, error))
    return FALSE;

  if (json_object_has_member (object, "before"))
    {
      JsonNode *list = json_object_get_member (object, "before");
      g_autofree char *before_field = fc_scenario_join_path (path, "before");

      if (!JSON_NODE_HOLDS_ARRAY (list) || json_array_get_length (json_node_get_array (list)) == 0)
        return fc_scenario_loader_fail (ld, error, before_field, FALSE,
                                        _("“%s” must be a list of timeline events"), before_field);

      before = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (list), i);
          g_autofree char *element_field = g_strdup_printf ("%s[%u]", before_field, i);

          if (!fc_scenario_node_is_type (element, G_TYPE_STRING)
              || !fc_scenario_event_reference_is_valid (json_node_get_string (element)))
            return fail_not_event (ld, element_field,
                                   fc_scenario_node_is_type (element, G_TYPE_STRING)
                                   ? json_node_get_string (element) : element_field,
                                   error);
          g_ptr_array_add (before, g_strdup (json_node_get_string (element)));
        }
      g_ptr_array_add (before, NULL);
      target->before = (char **) g_ptr_array_free (g_steal_pointer (&before), FALSE);
    }

  return TRUE;
}

gboolean
fc_scenario_loader_read_targets (FcScenarioLoader  *ld,
                                 JsonObject        *root,
                                 GError           **error)
{
  JsonNode *node = json_object_get_member (root, "targets");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fc_scenario_loader_fail (ld, error, "targets", FALSE,
                                    _("“%s” must be a list of targets"), "targets");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("targets[%u]", i);

      if (!read_target (ld, json_array_get_element (array, i), path, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fc_scenario_event_reference_is_valid (const char *reference)
{
  g_autofree char *kind = NULL;
  const char *colon;

  g_return_val_if_fail (reference != NULL, FALSE);

  colon = strchr (reference, ':');
  if (colon != NULL)
    {
      if (colon[1] == '\0' || strchr (colon + 1, ' ') != NULL)
        return FALSE;
      kind = g_strndup (reference, colon - reference);
    }
  else
    {
      kind = g_strdup (reference);
    }
  return g_strv_contains (event_kinds, kind);
}

gboolean
fc_scenario_event_matches (const char *reference,
                           const char *kind,
                           const char *detail)
{
  g_auto(GStrv) words = NULL;
  const char *colon;
  const char *value;
  gsize kind_len;

  g_return_val_if_fail (reference != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  colon = strchr (reference, ':');
  kind_len = colon != NULL ? (gsize) (colon - reference) : strlen (reference);
  if (strlen (kind) != kind_len || strncmp (reference, kind, kind_len) != 0)
    return FALSE;
  if (colon == NULL)
    return TRUE;
  if (detail == NULL)
    return FALSE;

  value = colon + 1;
  words = g_strsplit (detail, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *equals = strchr (words[i], '=');

      if (g_str_equal (words[i], value) || (equals != NULL && g_str_equal (equals + 1, value)))
        return TRUE;
    }
  return FALSE;
}
