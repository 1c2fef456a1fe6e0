/* fc-incident-findings.c: the crew's findings as timing events, and the decision-support
 * warnings they and the record drive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-incident"

#include "config.h"

#include "fc-incident-private.h"

void
fc_incident_reevaluate (FcIncident *self)
{
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (self->rule_set == NULL || self->summary == NULL)
    {
      g_list_store_remove_all (self->warnings);
      return;
    }

  fresh = fc_rule_set_evaluate (self->rule_set, self->summary, self->findings);
  n = g_list_model_get_n_items (fresh);
  items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      FcWarning *warning = g_list_model_get_item (fresh, i);
      guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->warnings));

      /* Keep a warning the crew already acknowledged acknowledged when it is still there. */
      for (guint j = 0; j < old_n; j++)
        {
          g_autoptr(FcWarning) old = g_list_model_get_item (G_LIST_MODEL (self->warnings), j);

          if (g_strcmp0 (fc_warning_get_rule_id (old), fc_warning_get_rule_id (warning)) == 0 &&
              g_strcmp0 (fc_warning_get_message_en (old), fc_warning_get_message_en (warning)) == 0 &&
              fc_warning_get_acknowledged (old))
            fc_warning_set_acknowledged (warning, TRUE);
        }
      g_ptr_array_add (items, warning);
    }

  g_list_store_splice (self->warnings, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->warnings)),
                       items->pdata, items->len);
}

static const char * const finding_flags[] = { "head-injury", "bleeding", "anaphylaxis", "seizure" };

/* Records which findings changed since the last "changed" emission: the kind only; the value is
 * clinical data and stays out of timing logs. */
static void
record_finding_events (FcIncident *self)
{
  FcConsciousness consciousness = fc_findings_get_consciousness (self->findings);
  FcGlucoseState glucose_state = fc_findings_get_glucose_state (self->findings);
  int glucose = fc_findings_get_glucose_mg_dl (self->findings);

  if (consciousness != self->seen_consciousness)
    fc_timeline_append (self->timeline, FC_EVENT_FINDING, "kind=consciousness");
  if (glucose_state != self->seen_glucose_state ||
      (glucose_state == FC_GLUCOSE_VALUE && glucose != self->seen_glucose))
    fc_timeline_append (self->timeline, FC_EVENT_FINDING, "kind=glucose");
  for (guint i = 0; i < G_N_ELEMENTS (finding_flags); i++)
    {
      gboolean flag = fc_findings_get_flag (self->findings, finding_flags[i]);

      if ((guint) flag != ((self->seen_flags >> i) & 1u))
        {
          g_autofree char *detail = g_strdup_printf ("kind=%s", finding_flags[i]);

          fc_timeline_append (self->timeline, FC_EVENT_FINDING, detail);
          self->seen_flags ^= 1u << i;
        }
    }
  self->seen_consciousness = consciousness;
  self->seen_glucose_state = glucose_state;
  self->seen_glucose = glucose;
}

void
fc_incident_findings_changed (FcIncident *self,
                             FcFindings *findings)
{
  record_finding_events (self);
  fc_incident_reevaluate (self);
}

void
fc_incident_acknowledge_warning (FcIncident *self,
                                 FcWarning  *warning)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (FC_IS_INCIDENT (self));
  g_return_if_fail (FC_IS_WARNING (warning));

  if (fc_warning_get_acknowledged (warning))
    return;
  fc_warning_set_acknowledged (warning, TRUE);
  detail = g_strdup_printf ("rule=%s", fc_warning_get_rule_id (warning));
  fc_timeline_append (self->timeline, FC_EVENT_WARNING_ACK, detail);
}
