/* fc-scenario-measured.c: the values a scenario reveals when the crew measures or observes
 * them ("measured"): findings, passed to FcFindings, and vital signs. Format 1 takes any name
 * with a number, string or boolean; format 2 checks each known name by its kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario-private.h"

#include <glib/gi18n-lib.h>

typedef enum {
  MEASURED_GLUCOSE,
  MEASURED_CONSCIOUSNESS,
  MEASURED_AGE,
  MEASURED_FLAG,
  MEASURED_INT,
  MEASURED_NUMBER,
  MEASURED_BP,
  MEASURED_JCS,
  MEASURED_TEXT,
} MeasuredType;

static const struct {
  const char   *name;
  MeasuredType  type;
  int           min;
  int           max;
  gboolean      finding;
} measured_specs[] = {
  { "bgl", MEASURED_GLUCOSE, 10, 600, TRUE },
  { "consciousness", MEASURED_CONSCIOUSNESS, 0, 0, TRUE },
  { "age", MEASURED_AGE, 0, 130, TRUE },
  { "head-injury", MEASURED_FLAG, 0, 0, TRUE },
  { "bleeding", MEASURED_FLAG, 0, 0, TRUE },
  { "anaphylaxis", MEASURED_FLAG, 0, 0, TRUE },
  { "seizure", MEASURED_FLAG, 0, 0, TRUE },
  { "spo2", MEASURED_INT, 50, 100, FALSE },
  { "hr", MEASURED_INT, 20, 250, FALSE },
  { "rr", MEASURED_INT, 0, 80, FALSE },
  { "bp", MEASURED_BP, 40, 300, FALSE },
  { "temp", MEASURED_NUMBER, 30, 43, FALSE },
  { "jcs", MEASURED_JCS, 0, 300, FALSE },
  { "gcs", MEASURED_INT, 3, 15, FALSE },
  { "breathing", MEASURED_TEXT, 0, 0, FALSE },
  { "skin", MEASURED_TEXT, 0, 0, FALSE },
  { "ecg", MEASURED_TEXT, 0, 0, FALSE },
  { "pupils", MEASURED_TEXT, 0, 0, FALSE },
};

static const char * const jcs_values[] = {
  "0", "1", "2", "3", "10", "20", "30", "100", "200", "300", NULL
};

/* A format 1 measured value as text: numbers as written, strings as they are, booleans as
 * yes/no. */
static char *
measured_value_v1 (JsonNode *node)
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

static void
add_revealed (FcScenario *self,
              const char *name,
              const char *ja,
              const char *en,
              gboolean    finding)
{
  FcScenarioLocalised *value = g_new0 (FcScenarioLocalised, 1);

  value->ja = g_strdup (ja);
  value->en = g_strdup (en != NULL ? en : ja);
  if (value->ja == NULL)
    value->ja = g_strdup (en);

  if (!g_hash_table_contains (self->revealed, name))
    g_ptr_array_insert (self->revealed_names, self->revealed_names->len - 1, g_strdup (name));
  g_hash_table_replace (self->revealed, g_strdup (name), value);

  if (finding)
    {
      if (!g_hash_table_contains (self->measured, name))
        g_ptr_array_insert (self->measured_names, self->measured_names->len - 1, g_strdup (name));
      g_hash_table_replace (self->measured, g_strdup (name), g_strdup (value->en));
    }
}

static int
measured_spec (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (measured_specs); i++)
    if (g_str_equal (measured_specs[i].name, name))
      return (int) i;
  return -1;
}

gboolean
fc_scenario_is_finding_name (const char *name)
{
  int spec;

  g_return_val_if_fail (name != NULL, FALSE);

  spec = measured_spec (name);
  return spec >= 0 && measured_specs[spec].finding;
}

/* Reads one format 2 measured value: checked by its kind, stored as text. */
static gboolean
read_measured_v2 (FcScenarioLoader  *ld,
                  const char        *name,
                  JsonNode          *node,
                  GError           **error)
{
  FcScenario *self = ld->self;
  g_autofree char *field = g_strdup_printf ("measured.%s", name);
  g_autofree char *text = NULL;
  int index = measured_spec (name);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (index < 0)
    return fc_scenario_loader_fail (ld, error, field, TRUE,
                                    _("unknown measured value “%s” (findings: bgl, consciousness, "
                                      "age, head-injury, bleeding, anaphylaxis, seizure; vital "
                                      "signs: spo2, hr, rr, bp, temp, jcs, gcs, breathing, skin, "
                                      "ecg, pupils)"), name);

  switch (measured_specs[index].type)
    {
    case MEASURED_GLUCOSE:
      if (fc_scenario_node_is_type (node, G_TYPE_INT64))
        {
          gint64 value = json_node_get_int (node);

          if (value < measured_specs[index].min || value > measured_specs[index].max)
            return fc_scenario_loader_fail (ld, error, field, FALSE,
                                            _("“%s” must be %d–%d mg/dL; a meter shows “LO” or "
                                              "“HI” outside"), field, measured_specs[index].min,
                                            measured_specs[index].max);
          text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
        }
      else if (fc_scenario_node_is_type (node, G_TYPE_STRING)
               && (g_ascii_strcasecmp (json_node_get_string (node), "LO") == 0
                   || g_ascii_strcasecmp (json_node_get_string (node), "HI") == 0))
        {
          text = g_ascii_strup (json_node_get_string (node), -1);
        }
      else
        {
          return fc_scenario_loader_fail (ld, error, field, FALSE,
                                          _("“%s” must be a number of mg/dL, “LO” or “HI”"), field);
        }
      break;

    case MEASURED_CONSCIOUSNESS:
      if (!fc_scenario_node_is_type (node, G_TYPE_STRING)
          || (!g_str_equal (json_node_get_string (node), "alert")
              && !g_str_equal (json_node_get_string (node), "impaired")))
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” must be one of: %s"), field, "alert, impaired");
      text = g_strdup (json_node_get_string (node));
      break;

    case MEASURED_FLAG:
      if (fc_scenario_node_is_type (node, G_TYPE_BOOLEAN))
        text = g_strdup (json_node_get_boolean (node) ? "yes" : "no");
      else if (fc_scenario_node_is_type (node, G_TYPE_STRING)
               && (g_str_equal (json_node_get_string (node), "yes")
                   || g_str_equal (json_node_get_string (node), "no")))
        text = g_strdup (json_node_get_string (node));
      else
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” must be true or false"), field);
      break;

    case MEASURED_AGE:
    case MEASURED_INT:
      if (!fc_scenario_node_is_type (node, G_TYPE_INT64)
          || json_node_get_int (node) < measured_specs[index].min
          || json_node_get_int (node) > measured_specs[index].max)
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” must be a whole number between %d and %d"), field,
                                        measured_specs[index].min, measured_specs[index].max);
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case MEASURED_NUMBER:
      {
        double value;

        if (fc_scenario_node_is_type (node, G_TYPE_INT64))
          value = (double) json_node_get_int (node);
        else if (fc_scenario_node_is_type (node, G_TYPE_DOUBLE))
          value = json_node_get_double (node);
        else
          value = -1;
        if (value < measured_specs[index].min || value > measured_specs[index].max)
          return fc_scenario_loader_fail (ld, error, field, FALSE,
                                          _("“%s” must be a number between %d and %d"), field,
                                          measured_specs[index].min, measured_specs[index].max);
        text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", value));
      }
      break;

    case MEASURED_BP:
      {
        g_auto(GStrv) parts = NULL;
        guint64 systolic = 0;
        guint64 diastolic = 0;

        if (fc_scenario_node_is_type (node, G_TYPE_STRING))
          parts = g_strsplit (json_node_get_string (node), "/", -1);
        if (parts == NULL || g_strv_length (parts) != 2
            || !g_ascii_string_to_unsigned (parts[0], 10, 40, 300, &systolic, NULL)
            || !g_ascii_string_to_unsigned (parts[1], 10, 10, 200, &diastolic, NULL)
            || diastolic >= systolic)
          return fc_scenario_loader_fail (ld, error, field, FALSE,
                                          _("“%s” must be systolic/diastolic in mmHg, such as "
                                            "“92/60”"), field);
        text = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, systolic, diastolic);
      }
      break;

    case MEASURED_JCS:
      if (fc_scenario_node_is_type (node, G_TYPE_INT64))
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (fc_scenario_node_is_type (node, G_TYPE_STRING))
        text = g_strdup (json_node_get_string (node));
      if (text == NULL || !g_strv_contains (jcs_values, text))
        return fc_scenario_loader_fail (ld, error, field, FALSE,
                                        _("“%s” must be a JCS level: 0, 1, 2, 3, 10, 20, 30, 100, "
                                          "200 or 300"), field);
      break;

    case MEASURED_TEXT:
      if (fc_scenario_node_is_type (node, G_TYPE_STRING) && *json_node_get_string (node) != '\0')
        {
          add_revealed (self, name, json_node_get_string (node), NULL, FALSE);
          return TRUE;
        }
      else
        {
          FcScenarioLocalised value = { NULL, NULL };
          gboolean ok = fc_scenario_loader_read_localised (ld, node, field, &value, error);

          if (ok)
            add_revealed (self, name, value.ja, value.en, FALSE);
          fc_scenario_localised_clear (&value);
          return ok;
        }

    default:
      g_assert_not_reached ();
    }

  add_revealed (self, name, text, NULL, measured_specs[index].finding);
  return TRUE;
}

gboolean
fc_scenario_loader_read_measured (FcScenarioLoader  *ld,
                                  JsonObject        *root,
                                  GError           **error)
{
  FcScenario *self = ld->self;
  g_autoptr(GList) members = NULL;
  JsonObject *measured = NULL;

  if (!fc_scenario_loader_get_object (ld, root, "", "measured", FALSE, &measured, error))
    return FALSE;
  if (measured == NULL)
    return TRUE;

  members = json_object_get_members (measured);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (measured, name);

      if (name[0] == '_')
        continue;

      if (ld->format >= 2)
        {
          if (!read_measured_v2 (ld, name, node, error))
            return FALSE;
        }
      else
        {
          g_autofree char *value = measured_value_v1 (node);
          g_autofree char *field = NULL;

          if (value == NULL)
            {
              field = g_strdup_printf ("measured.%s", name);
              return fc_scenario_loader_fail (ld, error, field, FALSE,
                                              _("“%s” must be a number or a non-empty string"),
                                              field);
            }
          add_revealed (self, name, value, NULL, TRUE);
        }
    }

  return TRUE;
}
