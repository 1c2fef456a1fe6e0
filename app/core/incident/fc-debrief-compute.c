/* fc-debrief-compute.c: the debrief worked out from the incident's events: each target judged
 * (times are monotonic, pauses taken out), the warnings expected, shown and acknowledged, and
 * what was missed beyond the targets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-debrief"

#include "config.h"

#include "fc-debrief-private.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "fc-scenario-check.h"
#include "fc-scenario-source.h"

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const FcDebriefEvent *x = *(const FcDebriefEvent * const *) a;
  const FcDebriefEvent *y = *(const FcDebriefEvent * const *) b;

  if (x->mono != y->mono)
    return x->mono < y->mono ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static const struct {
  const char *kind;
  const char *label;
} kind_labels[] = {
  /* Translators: short names of timeline events on the debrief page. */
  { FC_EVENT_INCIDENT_STARTED, N_("start") },
  { FC_EVENT_CALL_RECEIVED, N_("call") },
  { FC_EVENT_DISPATCHED, N_("dispatched") },
  { FC_EVENT_EN_ROUTE, N_("en route") },
  { FC_EVENT_ARRIVED_SCENE, N_("on scene") },
  { FC_EVENT_PATIENT_CONTACT, N_("contact") },
  { FC_EVENT_CONSENT, N_("consent") },
  { FC_EVENT_CARD_PRESENT, N_("card at hand?") },
  { FC_EVENT_CARD_ASKED, N_("card asked") },
  { FC_EVENT_CARD_DETECTED, N_("card detected") },
  { FC_EVENT_CARD_READ, N_("card read") },
  { FC_EVENT_FETCH_STARTED, N_("fetch") },
  { FC_EVENT_FETCH_DONE, N_("record") },
  { FC_EVENT_SUMMARY_SHOWN, N_("summary") },
  { FC_EVENT_FINDING, N_("finding") },
  { FC_EVENT_WARNING_ACK, N_("warning acknowledged") },
  { FC_EVENT_WRONG_PERSON, N_("wrong person") },
  { FC_EVENT_FAILURE, N_("failure") },
  { FC_EVENT_PATIENT_LOADED, N_("loaded") },
  { FC_EVENT_LEFT_SCENE, N_("left scene") },
  { FC_EVENT_ARRIVED_HOSPITAL, N_("at hospital") },
  { FC_EVENT_TRANSFER_OF_CARE, N_("transfer of care") },
  { FC_EVENT_HOSPITAL_CALL_START, N_("hospital call") },
  { FC_EVENT_HOSPITAL_CALL_END, N_("hospital call ended") },
  { FC_EVENT_HANDOVER, N_("handover") },
  { FC_EVENT_TRAINING_FAULT, N_("fault") },
  { FC_EVENT_TRAINING_PAUSED, N_("paused") },
  { FC_EVENT_TRAINING_RESUMED, N_("resumed") },
  { FC_EVENT_TRAINING_REVEAL, N_("revealed") },
};

/* The short name of an event kind; NULL for kinds not drawn on the strip when @any is FALSE,
 * the kind itself when @any is TRUE. */
const char *
fc_debrief_kind_label (const char *kind,
                       gboolean    any)
{
  static const char * const not_drawn[] = {
    FC_EVENT_CARD_DETECTED, FC_EVENT_FETCH_STARTED, FC_EVENT_TRAINING_PAUSED,
    FC_EVENT_TRAINING_RESUMED, FC_EVENT_TRAINING_REVEAL, FC_EVENT_CALL_RECEIVED,
    FC_EVENT_DISPATCHED, FC_EVENT_EN_ROUTE, FC_EVENT_HOSPITAL_CALL_END, NULL
  };

  if (!any && g_strv_contains (not_drawn, kind))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (g_str_equal (kind, kind_labels[i].kind))
      return _(kind_labels[i].label);
  return any ? kind : NULL;
}

/* A reference such as "finding:glucose" in words: "glucose", "card read", "consent (refused)". */
static char *
reference_label (const char *reference)
{
  const char *colon = strchr (reference, ':');
  g_autofree char *kind = colon != NULL ? g_strndup (reference, colon - reference)
                                        : g_strdup (reference);

  if (colon == NULL)
    return g_strdup (fc_debrief_kind_label (kind, TRUE));
  if (g_str_equal (kind, FC_EVENT_FINDING))
    return g_strdup (colon + 1);
  if (g_str_equal (kind, FC_EVENT_WARNING_ACK))
    /* Translators: "R05 acknowledged". */
    return g_strdup_printf (_("%s acknowledged"), colon + 1);
  return g_strdup_printf ("%s (%s)", fc_debrief_kind_label (kind, TRUE), colon + 1);
}

/* Time between @a and @b without the pauses (µs). */
static gint64
active_us (FcDebrief *self,
           gint64     a,
           gint64     b)
{
  gint64 total = b - a;

  for (guint i = 0; i < self->pauses->len; i++)
    {
      const FcDebriefPause *pause = &g_array_index (self->pauses, FcDebriefPause, i);
      gint64 from = MAX (a, pause->start);
      gint64 to = MIN (b, pause->end);

      if (to > from)
        total -= to - from;
    }
  return MAX (total, 0);
}

/* The first event matching @reference at or after @after (µs); NULL when none. */
static const FcDebriefEvent *
find_event (FcDebrief  *self,
            const char *reference,
            gint64      after)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      const FcDebriefEvent *event = g_ptr_array_index (self->events, i);

      if (event->mono >= after && fc_scenario_event_matches (reference, event->kind, event->detail))
        return event;
    }
  return NULL;
}

static gboolean
has_event (FcDebrief  *self,
           const char *reference)
{
  return find_event (self, reference, G_MININT64) != NULL;
}

char *
fc_debrief_format_duration (double seconds)
{
  guint total = (guint) MAX (round (seconds), 0);

  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static double
seconds_from_start (FcDebrief *self,
                    gint64     mono)
{
  const FcDebriefEvent *first = g_ptr_array_index (self->events, 0);

  return (mono - first->mono) / (double) G_USEC_PER_SEC;
}

/* Puts @row at @event: its time from @start (pauses not counted) and its place on the strip. */
static void
place_at_event (FcDebrief            *self,
                FcDebriefTarget      *row,
                const FcDebriefEvent *start,
                const FcDebriefEvent *event)
{
  row->actual_s = active_us (self, start->mono, event->mono) / (double) G_USEC_PER_SEC;
  row->start_s = row->end_s = seconds_from_start (self, event->mono);
}

static FcDebriefTarget *
judge_target (FcDebrief              *self,
              const FcScenarioTarget *target)
{
  FcDebriefTarget *row = fc_debrief_target_new (target);
  const FcDebriefEvent *start = self->events->len > 0 ? g_ptr_array_index (self->events, 0) : NULL;

  switch (target->kind)
    {
    case FC_SCENARIO_TARGET_INTERVAL:
      {
        const FcDebriefEvent *from = find_event (self, target->from, G_MININT64);
        const FcDebriefEvent *to = from != NULL ? find_event (self, target->to, from->mono) : NULL;
        g_autofree char *limit = fc_debrief_format_duration (target->within_s);

        row->limit_s = target->within_s;
        if (from == NULL)
          {
            g_autofree char *from_label = reference_label (target->from);

            row->outcome = FC_DEBRIEF_NOT_REACHED;
            /* Translators: %s is a timeline event such as "contact". */
            row->detail = g_strdup_printf (_("“%s” was never recorded"), from_label);
            break;
          }
        row->start_s = seconds_from_start (self, from->mono);
        if (to == NULL)
          {
            g_autofree char *to_label = reference_label (target->to);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: %s is a timeline event such as "summary". */
            row->detail = g_strdup_printf (_("never reached “%s”"), to_label);
            break;
          }
        row->end_s = seconds_from_start (self, to->mono);
        row->actual_s = active_us (self, from->mono, to->mono) / (double) G_USEC_PER_SEC;
        row->outcome = row->actual_s <= target->within_s ? FC_DEBRIEF_MET : FC_DEBRIEF_MISSED;
        {
          g_autofree char *actual = fc_debrief_format_duration (row->actual_s);

          /* Translators: "1:02 (target 1:30)". */
          row->detail = g_strdup_printf (_("%s (target %s)"), actual, limit);
        }
      }
      break;

    case FC_SCENARIO_TARGET_EVENT:
      {
        const FcDebriefEvent *event = find_event (self, target->event, G_MININT64);
        const FcDebriefEvent *first_before = NULL;
        const char *before_ref = NULL;

        if (event == NULL)
          {
            g_autofree char *what = reference_label (target->event);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: %s is a timeline event such as "glucose". */
            row->detail = g_strdup_printf (_("“%s” never happened"), what);
            break;
          }
        place_at_event (self, row, start, event);

        for (guint i = 0; target->before != NULL && target->before[i] != NULL; i++)
          {
            const FcDebriefEvent *other = find_event (self, target->before[i], G_MININT64);

            if (other != NULL && (first_before == NULL || other->mono < first_before->mono))
              {
                first_before = other;
                before_ref = target->before[i];
              }
          }
        if (first_before != NULL && first_before->mono < event->mono)
          {
            g_autofree char *what = reference_label (target->event);
            g_autofree char *other = reference_label (before_ref);

            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: "“glucose” came after “left scene”". */
            row->detail = g_strdup_printf (_("“%s” came after “%s”"), what, other);
          }
        else
          {
            g_autofree char *at = fc_debrief_format_duration (row->actual_s);

            row->outcome = FC_DEBRIEF_MET;
            /* Translators: %s is a time such as 1:02 from the start of the incident. */
            row->detail = g_strdup_printf (_("at %s"), at);
          }
      }
      break;

    case FC_SCENARIO_TARGET_NEVER:
      {
        const FcDebriefEvent *event = find_event (self, target->event, G_MININT64);

        if (event == NULL)
          {
            row->outcome = FC_DEBRIEF_MET;
            row->detail = g_strdup (_("did not happen"));
          }
        else
          {
            g_autofree char *at = NULL;
            g_autofree char *what = reference_label (target->event);

            place_at_event (self, row, start, event);
            at = fc_debrief_format_duration (row->actual_s);
            row->outcome = FC_DEBRIEF_MISSED;
            /* Translators: "“card asked” happened at 1:02" (it must never happen). */
            row->detail = g_strdup_printf (_("“%s” happened at %s"), what, at);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return row;
}

static void
add_ids (GHashTable *set,
         GListModel *warnings)
{
  for (guint i = 0; i < g_list_model_get_n_items (warnings); i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);

      g_hash_table_add (set, g_strdup (fc_warning_get_rule_id (warning)));
    }
}

/* The finding names of the scenario for the kinds the incident records. */
static const char *
finding_name_for_kind (const char *kind)
{
  if (g_str_equal (kind, "glucose"))
    return "bgl";
  return kind;
}

/* Works out which warnings were on screen: see fc_debrief_set_shown_warnings(). */
static void
reconstruct_shown (FcDebrief  *self,
                   GHashTable *shown)
{
  g_autoptr(FcSummary) summary = NULL;
  g_autoptr(GPtrArray) entered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean visible = FALSE;

  if (self->rule_set == NULL)
    return;

  summary = fc_scenario_source_read_record (self->scenario, fc_scenario_get_today (self->scenario),
                                            &error);
  if (summary == NULL)
    {
      g_debug ("Debrief: the scenario's record cannot be read: %s", error->message);
      return;
    }
  g_ptr_array_add (entered, NULL);

  for (guint i = 0; i < self->events->len; i++)
    {
      const FcDebriefEvent *event = g_ptr_array_index (self->events, i);
      gboolean changed = FALSE;

      if (g_str_equal (event->kind, FC_EVENT_SUMMARY_SHOWN))
        {
          visible = TRUE;
          changed = TRUE;
        }
      else if (g_str_equal (event->kind, FC_EVENT_WRONG_PERSON)
               || g_str_equal (event->kind, FC_EVENT_HANDOVER))
        {
          visible = FALSE;
        }
      else if (g_str_equal (event->kind, FC_EVENT_FINDING) && event->detail != NULL
               && g_str_has_prefix (event->detail, "kind="))
        {
          const char *name = finding_name_for_kind (event->detail + strlen ("kind="));

          if (!g_strv_contains ((const char * const *) entered->pdata, name))
            {
              g_ptr_array_insert (entered, entered->len - 1, g_strdup (name));
              changed = TRUE;
            }
        }

      if (visible && changed)
        {
          g_autoptr(GListModel) warnings =
            fc_scenario_evaluate (self->scenario, self->rule_set, summary,
                                  (const char * const *) entered->pdata);

          add_ids (shown, warnings);
        }
    }
}

static void
add_missed (FcDebrief  *self,
            const char *code,
            const char *text)
{
  g_ptr_array_insert (self->missed_codes, self->missed_codes->len - 1, g_strdup (code));
  g_ptr_array_insert (self->missed, self->missed->len - 1, g_strdup (text));
}

static int
compare_rule_ids (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  /* R rules first, then the measured-glucose G rules, each in number order. */
  if (x[0] != y[0])
    return x[0] == 'R' ? -1 : y[0] == 'R' ? 1 : x[0] - y[0];
  return strcmp (x, y);
}

void
fc_debrief_compute (FcDebrief *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char * const *expected = fc_scenario_get_expected_warnings (self->scenario);
  gint64 paused_at = -1;
  GHashTableIter iter;
  gpointer key;

  if (!self->dirty)
    return;
  self->dirty = FALSE;

  g_ptr_array_sort (self->events, compare_events);
  g_array_set_size (self->pauses, 0);
  g_list_store_remove_all (self->targets);
  g_list_store_remove_all (self->warnings);
  g_ptr_array_set_size (self->missed_codes, 0);
  g_ptr_array_add (self->missed_codes, NULL);
  g_ptr_array_set_size (self->missed, 0);
  g_ptr_array_add (self->missed, NULL);
  self->duration_us = 0;

  /* Pauses, and acknowledgements. */
  for (guint i = 0; i < self->events->len; i++)
    {
      const FcDebriefEvent *event = g_ptr_array_index (self->events, i);

      if (g_str_equal (event->kind, FC_EVENT_TRAINING_PAUSED) && paused_at < 0)
        {
          paused_at = event->mono;
        }
      else if (g_str_equal (event->kind, FC_EVENT_TRAINING_RESUMED) && paused_at >= 0)
        {
          FcDebriefPause pause = { paused_at, event->mono };

          g_array_append_val (self->pauses, pause);
          paused_at = -1;
        }
      else if (g_str_equal (event->kind, FC_EVENT_WARNING_ACK) && event->detail != NULL
               && g_str_has_prefix (event->detail, "rule="))
        {
          g_hash_table_add (acknowledged, g_strdup (event->detail + strlen ("rule=")));
        }
    }

  if (self->events->len > 0)
    {
      const FcDebriefEvent *first = g_ptr_array_index (self->events, 0);
      const FcDebriefEvent *last = g_ptr_array_index (self->events, self->events->len - 1);

      if (paused_at >= 0)
        {
          FcDebriefPause pause = { paused_at, last->mono };

          g_array_append_val (self->pauses, pause);
        }
      self->duration_us = active_us (self, first->mono, last->mono);

      for (guint i = 0; i < fc_scenario_get_n_targets (self->scenario); i++)
        {
          g_autoptr(FcDebriefTarget) row =
            judge_target (self, fc_scenario_get_target (self->scenario, i));

          g_list_store_append (self->targets, row);
        }
    }
  else
    {
      for (guint i = 0; i < fc_scenario_get_n_targets (self->scenario); i++)
        {
          const FcScenarioTarget *target = fc_scenario_get_target (self->scenario, i);
          g_autoptr(FcDebriefTarget) row = fc_debrief_target_new (target);

          row->limit_s = target->within_s;
          row->detail = g_strdup (_("the incident has no events"));
          g_list_store_append (self->targets, row);
        }
    }

  /* Warnings. */
  if (self->shown_given != NULL)
    {
      for (guint i = 0; self->shown_given[i] != NULL; i++)
        g_hash_table_add (shown, g_strdup (self->shown_given[i]));
    }
  else
    {
      reconstruct_shown (self, shown);
    }

  for (guint i = 0; expected[i] != NULL; i++)
    g_hash_table_add (all, (gpointer) expected[i]);
  g_hash_table_iter_init (&iter, shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, acknowledged);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_rule_ids);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(FcDebriefWarning) row = NULL;
      FcSeverity severity = FC_SEVERITY_INFO;

      if (self->rule_set != NULL)
        fc_rule_set_get_rule_info (self->rule_set, id, &severity, NULL, NULL);
      row = fc_debrief_warning_new (id, severity, g_strv_contains (expected, id),
                                    g_hash_table_contains (shown, id),
                                    g_hash_table_contains (acknowledged, id));
      g_list_store_append (self->warnings, row);
    }

  /* What was missed. */
  if (self->events->len == 0)
    return;

  if (fc_scenario_get_consent (self->scenario) == FC_SCENARIO_CONSENT_REFUSES)
    {
      if (has_event (self, FC_EVENT_CARD_ASKED) || has_event (self, FC_EVENT_CARD_READ)
          || has_event (self, FC_EVENT_FETCH_STARTED) || has_event (self, FC_EVENT_FETCH_DONE))
        add_missed (self, "read-after-refusal",
                    _("The card was read or the record fetched after the patient refused. This "
                      "must never happen."));
      if (!has_event (self, "consent:refused"))
        add_missed (self, "refusal-not-recorded",
                    _("The patient’s refusal was not recorded."));
    }
  else if (fc_scenario_record_reachable (self->scenario)
           && !has_event (self, FC_EVENT_SUMMARY_SHOWN))
    {
      add_missed (self, "summary-not-shown",
                  _("The summary was never shown, although the record could be reached."));
    }

  if (fc_scenario_get_measured (self->scenario, "bgl") != NULL
      && !has_event (self, "finding:glucose"))
    add_missed (self, "glucose-not-entered",
                _("Blood glucose was never entered (the scenario reveals it when measured)."));

  if (!fc_scenario_get_record_matches (self->scenario))
    {
      if (has_event (self, FC_EVENT_SUMMARY_SHOWN) && !has_event (self, FC_EVENT_WRONG_PERSON))
        add_missed (self, "wrong-person-not-flagged",
                    _("The record was another person’s (age or sex did not match), but it was "
                      "not flagged as the wrong person."));
    }
  else if (has_event (self, FC_EVENT_WRONG_PERSON))
    {
      add_missed (self, "wrong-person-flagged",
                  _("The record was flagged as another person’s, but it was this patient’s."));
    }

  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_hash_table_contains (shown, expected[i]))
      {
        g_autofree char *code = g_strdup_printf ("expected-warning-not-shown:%s", expected[i]);
        /* Translators: %s is a rule id such as R07. */
        g_autofree char *text = g_strdup_printf (_("The expected warning %s was never shown."),
                                                 expected[i]);

        add_missed (self, code, text);
      }
}
