/* fc-scenario-fields.c: typed readers of scenario fields. Each checks one member and, when it
 * is wrong, fails at the node at fault: "FILE:LINE:COLUMN: message" (see
 * fc_scenario_loader_fail()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario-private.h"

#include <stdarg.h>
#include <glib/gi18n-lib.h>

/* Fails with FC_SCENARIO_ERROR @code at the node @path (its name when @at_key): the GError says
 * "FILE:LINE:COLUMN: MESSAGE" and the loader keeps the parts. Returns FALSE. */
gboolean
fc_scenario_loader_fail_code (FcScenarioLoader  *ld,
                              GError           **error,
                              FcScenarioError    code,
                              const char        *path,
                              gboolean           at_key,
                              const char        *format,
                              ...)
{
  g_autofree char *message = NULL;
  FcScenarioPos pos;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fc_scenario_scan_lookup (ld->self->value_pos, ld->self->key_pos, path, at_key, &pos);
  ld->line = pos.line;
  ld->column = pos.column;
  g_free (ld->message);
  ld->message = g_strdup (message);

  if (pos.line > 0)
    g_set_error (error, FC_SCENARIO_ERROR, code, "%s:%u:%u: %s", ld->file, pos.line,
                 pos.column, message);
  else
    g_set_error (error, FC_SCENARIO_ERROR, code, "%s: %s", ld->file, message);
  return FALSE;
}

/* Fails when @object (at @path) has a member that is not in @allowed (NULL-terminated) and does
 * not start with "_". */
gboolean
fc_scenario_loader_check_members (FcScenarioLoader    *ld,
                                  JsonObject          *object,
                                  const char          *path,
                                  const char * const  *allowed,
                                  GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = NULL;

      if (name[0] == '_' || g_strv_contains (allowed, name))
        continue;
      field = fc_scenario_join_path (path, name);
      return fc_scenario_loader_fail (ld, error, field, TRUE, _("unknown field “%s”"), field);
    }

  return TRUE;
}

/* Whether @node stands for an absent member (missing or null). Then *@ok tells whether that is
 * allowed: FALSE, failing at @path, when the member @field is @required. */
static gboolean
member_is_absent (FcScenarioLoader  *ld,
                  JsonNode          *node,
                  const char        *path,
                  const char        *field,
                  gboolean           required,
                  gboolean          *ok,
                  GError           **error)
{
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  *ok = !required || fc_scenario_loader_fail (ld, error, path, FALSE, _("“%s” is missing"), field);
  return TRUE;
}

/* Reads an optional string member into @out (unchanged when absent). */
gboolean
fc_scenario_loader_get_string (FcScenarioLoader  *ld,
                               JsonObject        *object,
                               const char        *path,
                               const char        *member,
                               gboolean           required,
                               const char       **out,
                               GError           **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = fc_scenario_join_path (path, member);
  gboolean ok;

  if (member_is_absent (ld, node, path, field, required, &ok, error))
    return ok;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” must be a non-empty string"), field);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Reads an optional object member; *out is NULL when absent. */
gboolean
fc_scenario_loader_get_object (FcScenarioLoader  *ld,
                               JsonObject        *object,
                               const char        *path,
                               const char        *member,
                               gboolean           required,
                               JsonObject       **out,
                               GError           **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = fc_scenario_join_path (path, member);
  gboolean ok;

  *out = NULL;
  if (member_is_absent (ld, node, path, field, required, &ok, error))
    return ok;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fc_scenario_loader_fail (ld, error, field, FALSE, _("“%s” must be an object"), field);

  *out = json_node_get_object (node);
  return TRUE;
}

/* Reads an optional whole number in 0…@max into @out (unchanged when absent). */
gboolean
fc_scenario_loader_get_uint (FcScenarioLoader  *ld,
                             JsonObject        *object,
                             const char        *path,
                             const char        *member,
                             guint              max,
                             guint             *out,
                             GError           **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = fc_scenario_join_path (path, member);
  gint64 value;
  gboolean ok;

  if (member_is_absent (ld, node, path, field, FALSE, &ok, error))
    return ok;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” must be a whole number between 0 and %u"), field, max);

  value = json_node_get_int (node);
  if (value < 0 || value > (gint64) max)
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” must be a whole number between 0 and %u"), field, max);

  *out = (guint) value;
  return TRUE;
}

/* Reads an optional boolean member into @out (unchanged when absent). */
gboolean
fc_scenario_loader_get_boolean (FcScenarioLoader  *ld,
                                JsonObject        *object,
                                const char        *path,
                                const char        *member,
                                gboolean          *out,
                                GError           **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = fc_scenario_join_path (path, member);
  gboolean ok;

  if (member_is_absent (ld, node, path, field, FALSE, &ok, error))
    return ok;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” must be true or false"), field);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads a {"ja": …, "en": …} node at @field; at least one language. */
gboolean
fc_scenario_loader_read_localised (FcScenarioLoader     *ld,
                                   JsonNode             *node,
                                   const char           *field,
                                   FcScenarioLocalised  *out,
                                   GError              **error)
{
  static const char * const languages[] = { "ja", "en", NULL };
  JsonObject *localised;
  const char *ja = NULL;
  const char *en = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” must be an object with “ja” and “en” text"), field);
  localised = json_node_get_object (node);

  if (!fc_scenario_loader_check_members (ld, localised, field, languages, error)
      || !fc_scenario_loader_get_string (ld, localised, field, "ja", FALSE, &ja, error)
      || !fc_scenario_loader_get_string (ld, localised, field, "en", FALSE, &en, error))
    return FALSE;

  if (ja == NULL && en == NULL)
    return fc_scenario_loader_fail (ld, error, field, FALSE,
                                    _("“%s” needs Japanese (“ja”) or English (“en”) text"), field);

  out->ja = g_strdup (ja);
  out->en = g_strdup (en);
  return TRUE;
}

/* Reads an optional localised member. */
gboolean
fc_scenario_loader_get_localised (FcScenarioLoader     *ld,
                                  JsonObject           *object,
                                  const char           *path,
                                  const char           *member,
                                  gboolean              required,
                                  FcScenarioLocalised  *out,
                                  GError              **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = fc_scenario_join_path (path, member);
  gboolean ok;

  if (member_is_absent (ld, node, path, field, required, &ok, error))
    return ok;
  return fc_scenario_loader_read_localised (ld, node, field, out, error);
}

gboolean
fc_scenario_node_is_type (JsonNode *node,
                          GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}
