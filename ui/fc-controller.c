/* fc-controller.c: the composition root of the touch UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-controller"

#include "config.h"

#include "fc-controller.h"

#include <glib/gi18n-lib.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-card-transport.h"
#include "fc-event-label.h"
#include "fc-http-source.h"
#include "fc-nfc-transport.h"
#include "fc-paths.h"
#include "fc-rule-set.h"
#include "fc-store.h"
#include "fc-summary-source.h"
#include "fc-timeline.h"
#include "fc-training-kit.h"
#include "fc-ui-enums.h"

#define CARD_TIMEOUT_MS 30000
#define TRAINING_UNIT_ID "training-unit"

struct _FcController
{
  GObject          parent_instance;

  gboolean         training;
  FcRealConfig    *config;           /* (owned) (nullable): real mode */
  char            *reader_connstring; /* (owned) (nullable): training with a card reader */
  FcFlowStep       step;
  GListStore      *scenarios;        /* (owned) of FcScenario */
  char            *scenario_errors;  /* (owned) (nullable) */

  /* Real mode, kept across incidents (the reader thread, the TLS connection, cache.db): */
  FcCardTransport *reader;           /* (owned) (nullable) */
  FcSummarySource *server;           /* (owned) (nullable) */
  FcCache         *cache;            /* (owned) (nullable): NULL = no offline copy */
  FcSummarySource *test_source;      /* (owned) (nullable): replaces the others (tests) */
  GPtrArray       *reader_anchors;   /* (owned) (nullable) (element-type GBytes): training
                                      * reader's CA, read again for every card read */
  /* Both modes (each in its own folder), opened with the first incident: */
  FcAudit         *audit;            /* (owned) (nullable): NULL = access log unavailable */

  /* One incident: */
  FcScenario      *scenario;         /* (owned) (nullable) */
  FcTrainingKit   *kit;              /* (owned) (nullable) */
  FcStore         *store;            /* (owned) (nullable): NULL = memory-only timeline */
  FcTimeline      *timeline;         /* (owned) (nullable) */
  FcRuleSet       *rule_set;         /* (owned) (nullable): NULL = no warnings, said in "problem" */
  FcIncident      *incident;         /* (owned) (nullable) */
  GCancellable    *cancellable;      /* (owned) (nullable): the running card read / fetch */
  gboolean         summary_shown;
  GHashTable      *shown_warnings;   /* (owned): rule id → message of each warning on screen */
  gboolean         paused;           /* the kit's "paused" */

  gboolean         card_busy;
  char            *card_error;       /* (owned) (nullable) */
  char            *card_notice;      /* (owned) (nullable) */
  char            *card_hint;        /* (owned) (nullable): what to do about the last card error */
  char            *reader_status;    /* (owned): the Tap-card page's status line */
  guint            card_detected_at; /* timeline events before this read started (reader status) */
  FcFetchState     fetch_state;
  char            *fetch_error;      /* (owned) (nullable) */
  gboolean         fetch_can_retry;
  const char      *next_mark;        /* (unowned) (nullable): a static kind string */
  char            *mode_problem;     /* (owned) (nullable): a problem of real mode itself */
  GPtrArray       *problems;         /* (owned) (element-type utf8) */
  char            *problem;          /* (owned) (nullable): problems joined */
};

G_DEFINE_FINAL_TYPE (FcController, fc_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRAINING,
  PROP_CONFIG,
  PROP_STEP,
  PROP_SCENARIOS,
  PROP_SCENARIO_ERRORS,
  PROP_INCIDENT,
  PROP_SCENARIO,
  PROP_CARD_BUSY,
  PROP_CARD_ERROR,
  PROP_CARD_NOTICE,
  PROP_FETCH_STATE,
  PROP_FETCH_ERROR,
  PROP_FETCH_CAN_RETRY,
  PROP_NEXT_MARK,
  PROP_HOSPITAL_CALL_ACTIVE,
  PROP_HOSPITAL_CALLS,
  PROP_PROBLEM,
  PROP_READER_CONNSTRING,
  PROP_PAUSED,
  PROP_READER_STATUS,
  N_PROPS
};

enum {
  SIGNAL_NOTICE,
  SIGNAL_MARKS_CHANGED,
  SIGNAL_TRAINING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* g_set_str() is GLib 2.76; this is the same for 2.74. */
static gboolean
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void collect_shown_warnings (FcController *self);
static void update_reader_status (FcController *self);

static void
set_step (FcController *self,
          FcFlowStep    step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  if (step == FC_FLOW_SUMMARY)
    collect_shown_warnings (self);
}

static void
set_card_busy (FcController *self,
               gboolean      busy)
{
  busy = !!busy;
  if (self->card_busy == busy)
    return;
  self->card_busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_BUSY]);
  update_reader_status (self);
}

static void
set_card_error (FcController *self,
                const char   *message)
{
  if (message == NULL)
    g_clear_pointer (&self->card_hint, g_free);
  if (replace_str (&self->card_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_ERROR]);
  update_reader_status (self);
}

static void
set_card_notice (FcController *self,
                 const char   *message)
{
  if (replace_str (&self->card_notice, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_NOTICE]);
}

/* Sets the fetch state and its message together (one notify each, state last so that a view
 * reading the state sees the matching message). */
static void
set_fetch_state (FcController *self,
                 FcFetchState  state,
                 const char   *error,
                 gboolean      can_retry)
{
  can_retry = !!can_retry;
  if (replace_str (&self->fetch_error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_ERROR]);
  if (self->fetch_can_retry != can_retry)
    {
      self->fetch_can_retry = can_retry;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_CAN_RETRY]);
    }
  if (self->fetch_state != state)
    {
      self->fetch_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_STATE]);
    }
}

static void
notice (FcController *self,
        const char   *message)
{
  g_assert (message != NULL);
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, message);
}

static void
update_problem (FcController *self)
{
  g_autofree char *joined = NULL;

  if (self->problems->len > 0)
    {
      g_ptr_array_add (self->problems, NULL);
      joined = g_strjoinv ("\n", (char **) self->problems->pdata);
      g_ptr_array_remove_index (self->problems, self->problems->len - 1);
    }
  if (replace_str (&self->problem, joined))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
add_problem (FcController *self,
             const char   *message)
{
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (g_ptr_array_index (self->problems, i), message))
      return;
  g_ptr_array_add (self->problems, g_strdup (message));
  update_problem (self);
}

/* A plain sentence for the crew for a failed card read. */
static char *
card_error_message (const GError *error)
{
  if (error->domain == FC_CARD_ERROR)
    {
      switch ((FcCardError) error->code)
        {
        case FC_CARD_ERROR_NO_READER:
          return g_strdup (_("No card reader was found. Check that the reader is connected."));
        case FC_CARD_ERROR_NO_CARD:
          return g_strdup (_("No card was detected. Hold the card flat on the reader and try again."));
        case FC_CARD_ERROR_REMOVED:
          return g_strdup (_("The card was moved away while it was being read. Hold it still on the reader and try again."));
        case FC_CARD_ERROR_NOT_JPKI:
          return g_strdup (_("This is not a My Number card. Check the card and try again."));
        case FC_CARD_ERROR_STATUS:
          return g_strdup (_("The card reported an error. Try again, or continue without the card."));
        case FC_CARD_ERROR_MALFORMED:
          return g_strdup (_("The card's answer could not be understood. Try again, or continue without the card."));
        case FC_CARD_ERROR_UNTRUSTED:
          return g_strdup (_("The card's certificate is not from a trusted issuer. Continue without the card."));
        case FC_CARD_ERROR_PIN_BLOCKED:
          return g_strdup (_("The card is blocked. Continue without the card."));
        case FC_CARD_ERROR_IO:
          return g_strdup (_("The card reader failed. Check the reader and try again."));
        default:
          break;
        }
    }
  return g_strdup (error->message);
}

/* A plain sentence for the crew for a fetch that brought no record; *@can_retry says whether
 * asking again may help. 404 is a normal outcome and is said as one. */
static char *
fetch_error_message (const GError *error,
                     gboolean     *can_retry)
{
  *can_retry = TRUE;
  if (error->domain == FC_SUMMARY_ERROR)
    {
      switch ((FcSummaryError) error->code)
        {
        case FC_SUMMARY_ERROR_NOT_FOUND:
          *can_retry = FALSE;
          /* Translators: the service has no record for this card (HTTP 404): a normal outcome. */
          return g_strdup (_("No record for this card. This is normal for many patients: the service has no summary for them. Assess the patient as usual."));
        case FC_SUMMARY_ERROR_CONSENT:
          *can_retry = FALSE;
          /* Translators: the service refused to share the record (HTTP 403). */
          return g_strdup (_("The summary service refused to share this record (no consent on file). Assess the patient as usual."));
        case FC_SUMMARY_ERROR_UNAVAILABLE:
          /* Translators: no connection, or the service is down (5xx). */
          return g_strdup (_("The summary service cannot be reached (no signal, or the service is down). Retry when you have signal, or continue without the record."));
        case FC_SUMMARY_ERROR_TIMEOUT:
          return g_strdup (_("The summary service did not answer in time. Retry, or continue without the record."));
        case FC_SUMMARY_ERROR_TLS:
          /* Translators: a TLS (certificate) failure with the summary service. */
          return g_strdup (_("A secure connection to the summary service could not be made (certificate problem). Continue without the record and tell your administrator."));
        case FC_SUMMARY_ERROR_MALFORMED:
          return g_strdup (_("The record that arrived could not be read. Retry, or continue without the record."));
        default:
          break;
        }
    }
  /* Translators: %s is the reason the record could not be fetched. */
  return g_strdup_printf (_("The record could not be fetched: %s"), error->message);
}

/* The time points in order, and where @kind sits among them (-1 when it is none). */
static int
time_point_index (const char *kind)
{
  const char * const *points = fc_event_get_time_points ();

  for (int i = 0; points[i] != NULL; i++)
    if (g_str_equal (points[i], kind))
      return i;
  return -1;
}

static void
update_next_mark (FcController *self)
{
  const char * const *points = fc_event_get_time_points ();
  const char *next = NULL;
  int furthest = -1;

  if (self->timeline != NULL && self->incident != NULL &&
      fc_incident_get_state (self->incident) != FC_INCIDENT_STATE_HANDED_OVER)
    {
      GListModel *events = fc_timeline_get_events (self->timeline);
      guint n = g_list_model_get_n_items (events);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
          int index = time_point_index (fc_timeline_event_get_kind (event));
          gboolean voided = FALSE;

          if (index <= furthest)
            continue;
          fc_timeline_get_effective_wall (self->timeline, fc_timeline_event_get_seq (event), &voided);
          if (!voided)
            furthest = index;
        }
      next = points[furthest + 1];
    }

  if (self->next_mark != next)
    {
      self->next_mark = next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_MARK]);
    }
}

static void
marks_changed (FcController *self)
{
  update_next_mark (self);
  g_signal_emit (self, signals[SIGNAL_MARKS_CHANGED], 0);
}

static void
timeline_events_changed_cb (FcController *self)
{
  marks_changed (self);
  if (self->card_busy)
    update_reader_status (self);
}

static void
timeline_hospital_call_cb (FcController *self,
                           GParamSpec   *pspec)
{
  if (g_str_equal (pspec->name, "hospital-calls"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALLS]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALL_ACTIVE]);
}

static void
incident_last_error_cb (FcController *self,
                        GParamSpec   *pspec,
                        FcIncident   *incident)
{
  const char *message;

  if (incident != self->incident)
    return;
  /* While the card is read or the record fetched, the page shows the failure inline: no second
   * message on top of it. */
  if (self->step == FC_FLOW_CARD || self->step == FC_FLOW_SUMMARY)
    return;
  message = fc_incident_get_last_error (incident);
  if (message != NULL && *message != '\0')
    notice (self, message);
}

static void
timeline_write_error_cb (FcController *self,
                         GParamSpec   *pspec,
                         FcTimeline   *timeline)
{
  const char *message;
  g_autofree char *text = NULL;

  if (timeline != self->timeline)
    return;
  message = fc_timeline_get_write_error (timeline);
  if (message == NULL || *message == '\0')
    return;
  /* Translators: %s is the reason the timing log could not be written. */
  text = g_strdup_printf (_("The timing log could not be saved (%s). Events stay on screen and in memory; nothing already recorded is lost."),
                          message);
  add_problem (self, text);
  notice (self, text);
}

static void
incident_audit_error_cb (FcController *self,
                         GParamSpec   *pspec,
                         FcIncident   *incident)
{
  const char *message = fc_incident_get_audit_error (incident);
  g_autofree char *text = NULL;

  if (incident != self->incident || message == NULL)
    return;
  /* Translators: %s is why the access log could not be written. */
  text = g_strdup_printf (_("The access log could not be written (%s). Tell your administrator."),
                          message);
  add_problem (self, text);
}

static void
set_paused (FcController *self,
            gboolean      paused)
{
  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* The kit's live state changed (paused, network, card, revealed values). */
static void
kit_changed_cb (FcTrainingKit *kit,
                GParamSpec    *pspec,
                FcController  *self)
{
  if (kit != self->kit)
    return;
  set_paused (self, fc_training_kit_get_paused (kit));
  g_signal_emit (self, signals[SIGNAL_TRAINING_CHANGED], 0);
}

/* Remembers every warning the crew had on screen (with its message as shown), for the
 * debrief: the incident drops its warnings at handover. */
static void
collect_shown_warnings (FcController *self)
{
  GListModel *warnings;
  guint n;

  if (self->incident == NULL || self->step != FC_FLOW_SUMMARY ||
      fc_incident_get_summary (self->incident) == NULL)
    return;
  warnings = fc_incident_get_warnings (self->incident);
  n = g_list_model_get_n_items (warnings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcWarning) warning = g_list_model_get_item (warnings, i);
      const char *rule_id = fc_warning_get_rule_id (warning);

      if (rule_id != NULL && !g_hash_table_contains (self->shown_warnings, rule_id))
        g_hash_table_insert (self->shown_warnings, g_strdup (rule_id),
                             g_strdup (fc_warning_get_message (warning)));
    }
}

static void
warnings_changed_cb (FcController *self)
{
  collect_shown_warnings (self);
}

/* Gives the new incident the access log (audit.db), the encrypted cache (real mode) and the
 * unit: the incident logs every access to patient data and destroys its cached copy at
 * handover and on "wrong person" itself. */
static void
attach_incident_services (FcController *self)
{
  g_autoptr(GError) error = NULL;

  if (self->audit == NULL)
    {
      self->audit = fc_audit_open_default (self->training, &error);
      if (self->audit == NULL)
        {
          /* Translators: %s is why the access log cannot be opened. */
          g_autofree char *text = g_strdup_printf (_("The access log cannot be opened (%s). Patient data can still be shown; tell your administrator."),
                                                   error->message);
          add_problem (self, text);
        }
    }
  fc_incident_set_audit (self->incident, self->audit);
  fc_incident_set_cache (self->incident, self->cache);
  if (self->config != NULL && self->config->unit_id != NULL && *self->config->unit_id != '\0')
    fc_incident_set_unit_id (self->incident, self->config->unit_id);
  g_signal_connect_object (self->incident, "notify::audit-error",
                           G_CALLBACK (incident_audit_error_cb), self, G_CONNECT_SWAPPED);
}

/* Lets go of the incident's training kit: a paused kit holds answers back, so it is reset
 * (without recording anything: the incident is over) before it goes. */
static void
release_kit (FcController *self)
{
  g_autoptr(FcTrainingKit) kit = g_steal_pointer (&self->kit);

  if (kit == NULL)
    return;
  g_signal_handlers_disconnect_by_data (kit, self);
  fc_training_kit_set_timeline (kit, NULL);
  if (fc_training_kit_get_paused (kit))
    fc_training_kit_reset (kit);
}

static void
drop_incident (FcController *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->incident != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->incident, self);
      g_signal_handlers_disconnect_by_data (fc_incident_get_warnings (self->incident), self);
    }
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_signal_handlers_disconnect_by_data (fc_timeline_get_events (self->timeline), self);
      fc_timeline_flush (self->timeline);
    }
  release_kit (self);
  g_clear_object (&self->incident);
  g_clear_object (&self->timeline);
  /* The rule set stays: it is loaded once per process (fc_controller_start_incident()). */
  if (self->store != NULL)
    fc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->scenario);
  self->summary_shown = FALSE;
  g_hash_table_remove_all (self->shown_warnings);
  set_paused (self, FALSE);

  set_card_busy (self, FALSE);
  set_card_error (self, NULL);
  set_card_notice (self, NULL);
  set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  g_ptr_array_set_size (self->problems, 0);
  if (self->mode_problem != NULL)
    g_ptr_array_add (self->problems, g_strdup (self->mode_problem));
  update_problem (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALLS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSPITAL_CALL_ACTIVE]);
  marks_changed (self);
  g_signal_emit (self, signals[SIGNAL_TRAINING_CHANGED], 0);
}

/* Whether the card was detected since the current read started (the incident appends
 * "card-detected" to the timeline when the reader thread found the card). */
static gboolean
card_detected_in_this_read (FcController *self)
{
  GListModel *events;
  guint n;

  if (self->timeline == NULL)
    return FALSE;
  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  for (guint i = self->card_detected_at; i < n; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      if (g_str_equal (fc_timeline_event_get_kind (event), FC_EVENT_CARD_DETECTED))
        return TRUE;
    }
  return FALSE;
}

/* The reader status line: reader ready / no reader / waiting for the card / reading n% / done /
 * error with what to do. */
static void
update_reader_status (FcController *self)
{
  g_autofree char *text = NULL;
  /* Training without a reader uses the virtual card. */
  gboolean has_reader = self->reader != NULL || (self->training && self->reader_connstring == NULL);

  if (self->card_error != NULL)
    /* Translators: reader status line after a failed read; %s says what to do. */
    text = g_strdup_printf (_("Error: %s"), self->card_hint != NULL ? self->card_hint : self->card_error);
  else if (self->card_busy && self->incident != NULL &&
           fc_incident_get_read_progress (self->incident) >= 0)
    /* Translators: reader status line while the certificate is read (読み取り中); %d is the
     * percentage read, followed by a percent sign. */
    text = g_strdup_printf (_("Reading the card… %d%%"),
                            fc_incident_get_read_progress (self->incident));
  else if (self->card_busy && card_detected_in_this_read (self))
    /* Translators: reader status line while the certificate is read (読み取り中). */
    text = g_strdup (_("Reading the card…"));
  else if (self->card_busy)
    /* Translators: reader status line while polling for a card (カード待ち). */
    text = g_strdup (_("Waiting for the card…"));
  else if (self->incident != NULL && fc_incident_get_identity (self->incident) != NULL)
    /* Translators: reader status line after a successful read (読み取り完了). */
    text = g_strdup (_("Card read"));
  else if (!has_reader)
    /* Translators: reader status line: no card reader is configured. */
    text = g_strdup (_("No card reader"));
  else
    /* Translators: reader status line: the reader is ready for a card. */
    text = g_strdup (_("Reader ready"));

  if (replace_str (&self->reader_status, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READER_STATUS]);
}

static FcSummarySource *
current_source (FcController *self)
{
  if (self->test_source != NULL)
    return self->test_source;
  if (self->kit != NULL)
    return fc_training_kit_get_source (self->kit);
  return self->server;
}

static void
fetch_summary_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSummary) summary = NULL;

  summary = fc_incident_fetch_summary_finish (incident, result, &error);
  /* Another incident, or this fetch was abandoned (wrong person, a new card read). */
  if (incident != self->incident || self->fetch_state != FC_FETCH_RUNNING)
    return;

  g_clear_object (&self->cancellable);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: the crew stopped fetching the record. */
      set_fetch_state (self, FC_FETCH_CANCELLED,
                       _("Fetching the record was stopped. Retry, or continue without the record."),
                       TRUE);
      return;
    }
  if (summary == NULL)
    {
      gboolean can_retry = TRUE;
      g_autofree char *message = fetch_error_message (error, &can_retry);

      set_fetch_state (self, FC_FETCH_FAILED, message, can_retry);
      return;
    }
  set_fetch_state (self, FC_FETCH_DONE, NULL, FALSE);
  if (self->step == FC_FLOW_SUMMARY)
    fc_controller_summary_shown (self);
}

/* Asks the source for the record; the summary page shows progress with Cancel. */
static void
start_fetch (FcController *self)
{
  FcSummarySource *source = current_source (self);

  if (source == NULL)
    {
      set_fetch_state (self, FC_FETCH_FAILED,
                       _("No record source is configured; continue without the record."), FALSE);
      set_step (self, FC_FLOW_SUMMARY);
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_fetch_state (self, FC_FETCH_RUNNING, NULL, FALSE);
  set_step (self, FC_FLOW_SUMMARY);
  fc_incident_fetch_summary_async (self->incident, source, self->cancellable,
                                   fetch_summary_cb, g_object_ref (self));
}

static void
read_card_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FcController) self = user_data;
  FcIncident *incident = FC_INCIDENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCardIdentity) identity = NULL;

  identity = fc_incident_read_card_finish (incident, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || incident != self->incident)
    return;

  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);
  if (identity == NULL)
    {
      const char *last_error = fc_incident_get_last_error (incident);
      g_autofree char *message = NULL;

      /* The incident's own message is already translated and specific; ours is the fallback. */
      if (error->domain == FC_CARD_ERROR && last_error != NULL && *last_error != '\0')
        message = g_strdup (last_error);
      else
        message = card_error_message (error);

      replace_str (&self->card_hint, fc_nfc_transport_describe_error (error));
      set_card_error (self, message);
      return;
    }

  start_fetch (self);
}

static void
fc_controller_constructed (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);
  g_autoptr(GError) error = NULL;
  FcHttpSource *http;

  G_OBJECT_CLASS (fc_controller_parent_class)->constructed (object);

  if (self->config == NULL)
    {
      /* Training with a card reader: one reader thread for all incidents, as in real mode. */
      if (self->training && self->reader_connstring != NULL)
        self->reader = FC_CARD_TRANSPORT (fc_nfc_transport_new (self->reader_connstring));
      update_reader_status (self);
      return;
    }

  /* Real mode: one reader, one summary service connection and one cache for all incidents. */
  self->training = FALSE;
  self->reader = FC_CARD_TRANSPORT (fc_nfc_transport_new (self->config->reader_connstring));

  http = fc_http_source_new (self->config->server_url);
  fc_http_source_set_identifier_system (http, self->config->identifier_system);
  fc_http_source_set_ca_file (http, self->config->ca_file);
  fc_http_source_set_client_cert_file (http, self->config->client_cert_file);
  fc_http_source_set_client_key_file (http, self->config->client_key_file);
  if (self->config->connect_timeout > 0)
    fc_http_source_set_connect_timeout (http, self->config->connect_timeout);
  if (self->config->total_timeout > 0)
    fc_http_source_set_total_timeout (http, self->config->total_timeout);
  self->server = FC_SUMMARY_SOURCE (http);

  self->cache = fc_cache_open_default (FALSE, &error);
  if (self->cache == NULL)
    {
      /* Translators: %s is why the encrypted offline copy cannot be used. */
      self->mode_problem = g_strdup_printf (_("No offline copy can be kept (%s). The record is shown only while the server answers."),
                                            error->message);
      add_problem (self, self->mode_problem);
    }
  else
    {
      fc_cache_set_ttl (self->cache, (gint64) MAX (self->config->cache_ttl_hours, 1) * 3600);
      fc_http_source_set_cache (http, self->cache);
    }

  update_reader_status (self);
}

static void
fc_controller_dispose (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->incident != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->incident, self);
      g_signal_handlers_disconnect_by_data (fc_incident_get_warnings (self->incident), self);
    }
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_signal_handlers_disconnect_by_data (fc_timeline_get_events (self->timeline), self);
      fc_timeline_flush (self->timeline);
    }
  release_kit (self);
  g_clear_object (&self->incident);
  g_clear_object (&self->timeline);
  g_clear_object (&self->rule_set);
  if (self->store != NULL)
    fc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->scenario);
  g_clear_object (&self->scenarios);
  g_clear_object (&self->reader);
  g_clear_object (&self->server);
  g_clear_object (&self->test_source);
  g_clear_pointer (&self->reader_anchors, g_ptr_array_unref);
  if (self->cache != NULL)
    fc_cache_close (self->cache);
  g_clear_object (&self->cache);
  if (self->audit != NULL)
    fc_audit_close (self->audit);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (fc_controller_parent_class)->dispose (object);
}

static void
fc_controller_finalize (GObject *object)
{
  FcController *self = FC_CONTROLLER (object);

  g_clear_pointer (&self->config, fc_real_config_free);
  g_clear_pointer (&self->reader_connstring, g_free);
  g_clear_pointer (&self->shown_warnings, g_hash_table_unref);
  g_clear_pointer (&self->scenario_errors, g_free);
  g_clear_pointer (&self->card_error, g_free);
  g_clear_pointer (&self->card_hint, g_free);
  g_clear_pointer (&self->reader_status, g_free);
  g_clear_pointer (&self->card_notice, g_free);
  g_clear_pointer (&self->fetch_error, g_free);
  g_clear_pointer (&self->mode_problem, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (fc_controller_parent_class)->finalize (object);
}

static void
fc_controller_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FcController *self = FC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_SCENARIOS:
      g_value_set_object (value, self->scenarios);
      break;
    case PROP_SCENARIO_ERRORS:
      g_value_set_string (value, self->scenario_errors);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_CARD_BUSY:
      g_value_set_boolean (value, self->card_busy);
      break;
    case PROP_CARD_ERROR:
      g_value_set_string (value, self->card_error);
      break;
    case PROP_CARD_NOTICE:
      g_value_set_string (value, self->card_notice);
      break;
    case PROP_READER_STATUS:
      g_value_set_string (value, self->reader_status);
      break;
    case PROP_FETCH_STATE:
      g_value_set_enum (value, self->fetch_state);
      break;
    case PROP_FETCH_ERROR:
      g_value_set_string (value, self->fetch_error);
      break;
    case PROP_FETCH_CAN_RETRY:
      g_value_set_boolean (value, self->fetch_can_retry);
      break;
    case PROP_NEXT_MARK:
      g_value_set_string (value, self->next_mark);
      break;
    case PROP_HOSPITAL_CALL_ACTIVE:
      g_value_set_boolean (value, fc_controller_get_hospital_call_active (self));
      break;
    case PROP_HOSPITAL_CALLS:
      g_value_set_uint (value, fc_controller_get_hospital_calls (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_READER_CONNSTRING:
      g_value_set_string (value, self->reader_connstring);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_controller_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FcController *self = FC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_READER_CONNSTRING:
      g_free (self->reader_connstring);
      self->reader_connstring = g_value_dup_string (value);
      if (self->reader_connstring != NULL && *self->reader_connstring == '\0')
        g_clear_pointer (&self->reader_connstring, g_free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_controller_class_init (FcControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fc_controller_constructed;
  object_class->dispose = fc_controller_dispose;
  object_class->finalize = fc_controller_finalize;
  object_class->get_property = fc_controller_get_property;
  object_class->set_property = fc_controller_set_property;

  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, FC_TYPE_REAL_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, FC_TYPE_FLOW_STEP, FC_FLOW_START, ro);
  properties[PROP_SCENARIOS] =
    g_param_spec_object ("scenarios", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO_ERRORS] =
    g_param_spec_string ("scenario-errors", NULL, NULL, NULL, ro);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, FC_TYPE_INCIDENT, ro);
  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, FC_TYPE_SCENARIO, ro);
  properties[PROP_CARD_BUSY] =
    g_param_spec_boolean ("card-busy", NULL, NULL, FALSE, ro);
  properties[PROP_CARD_ERROR] =
    g_param_spec_string ("card-error", NULL, NULL, NULL, ro);
  properties[PROP_CARD_NOTICE] =
    g_param_spec_string ("card-notice", NULL, NULL, NULL, ro);
  properties[PROP_READER_STATUS] =
    g_param_spec_string ("reader-status", NULL, NULL, NULL, ro);
  properties[PROP_FETCH_STATE] =
    g_param_spec_enum ("fetch-state", NULL, NULL, FC_TYPE_FETCH_STATE, FC_FETCH_IDLE, ro);
  properties[PROP_FETCH_ERROR] =
    g_param_spec_string ("fetch-error", NULL, NULL, NULL, ro);
  properties[PROP_FETCH_CAN_RETRY] =
    g_param_spec_boolean ("fetch-can-retry", NULL, NULL, FALSE, ro);
  properties[PROP_NEXT_MARK] =
    g_param_spec_string ("next-mark", NULL, NULL, NULL, ro);
  properties[PROP_HOSPITAL_CALL_ACTIVE] =
    g_param_spec_boolean ("hospital-call-active", NULL, NULL, FALSE, ro);
  properties[PROP_HOSPITAL_CALLS] =
    g_param_spec_uint ("hospital-calls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, ro);
  properties[PROP_READER_CONNSTRING] =
    g_param_spec_string ("reader-connstring", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FcController::notice:
   * @message: a short, translated message
   *
   * Something the crew should see briefly (a toast): a time mark, a failed step.
   */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FcController::marks-changed:
   *
   * The open incident's timeline got an event (a mark, a correction, a step) or the incident
   * changed: views of marks and of the timeline refresh.
   */
  signals[SIGNAL_MARKS_CHANGED] =
    g_signal_new ("marks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * FcController::training-changed:
   *
   * The training kit was replaced (another incident) or its live state changed: paused,
   * network lost or restored, card pulled or back, a value revealed. Trainer views refresh.
   */
  signals[SIGNAL_TRAINING_CHANGED] =
    g_signal_new ("training-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
fc_controller_init (FcController *self)
{
  self->training = TRUE;
  self->scenarios = g_list_store_new (FC_TYPE_SCENARIO);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->shown_warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FcController *
fc_controller_new (gboolean training)
{
  return g_object_new (FC_TYPE_CONTROLLER, "training", training, NULL);
}

FcController *
fc_controller_new_real (const FcRealConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_object_new (FC_TYPE_CONTROLLER, "training", FALSE, "config", config, NULL);
}

FcController *
fc_controller_new_training_reader (const char *connstring)
{
  g_return_val_if_fail (connstring != NULL && *connstring != '\0', NULL);

  return g_object_new (FC_TYPE_CONTROLLER,
                       "training", TRUE,
                       "reader-connstring", connstring,
                       NULL);
}

const char *
fc_controller_get_reader_connstring (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->config == NULL ? self->reader_connstring : NULL;
}

char *
fc_controller_dup_training_ca_path (void)
{
  g_autofree char *dir = fc_paths_get_user_dir (TRUE);

  return g_build_filename (dir, FC_TRAINING_CA_FILE, NULL);
}

gboolean
fc_controller_get_training (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), TRUE);
  return self->training;
}

const FcRealConfig *
fc_controller_get_config (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->config;
}

FcFlowStep
fc_controller_get_step (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FC_FLOW_START);
  return self->step;
}

GListModel *
fc_controller_get_scenarios (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return G_LIST_MODEL (self->scenarios);
}

const char *
fc_controller_get_scenario_errors (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->scenario_errors;
}

FcIncident *
fc_controller_get_incident (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->incident;
}

FcTimeline *
fc_controller_get_timeline (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->incident != NULL ? self->timeline : NULL;
}

FcScenario *
fc_controller_get_scenario (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->scenario;
}

gboolean
fc_controller_get_card_busy (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->card_busy;
}

const char *
fc_controller_get_card_error (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->card_error;
}

const char *
fc_controller_get_card_notice (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->card_notice;
}

const char *
fc_controller_get_reader_status (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->reader_status;
}

FcFetchState
fc_controller_get_fetch_state (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FC_FETCH_IDLE);
  return self->fetch_state;
}

const char *
fc_controller_get_fetch_error (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->fetch_error;
}

gboolean
fc_controller_get_fetch_can_retry (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->fetch_can_retry;
}

const char *
fc_controller_get_problem (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->problem;
}

void
fc_controller_load_scenarios (FcController *self,
                              const char   *dir)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *joined = NULL;
  guint n;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (dir == NULL)
    {
      data_dir = fc_paths_get_data_dir ();
      default_dir = g_build_filename (data_dir, "scenarios", NULL);
      dir = default_dir;
    }

  loaded = fc_scenario_load_directory (dir, &errors);
  g_list_store_remove_all (self->scenarios);
  n = loaded != NULL ? g_list_model_get_n_items (loaded) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcScenario) scenario = g_list_model_get_item (loaded, i);
      g_list_store_append (self->scenarios, scenario);
    }

  if (errors != NULL && errors->len > 0)
    {
      g_autofree char *lines = NULL;

      g_ptr_array_add (errors, NULL);
      lines = g_strjoinv ("\n", (char **) errors->pdata);
      /* Translators: followed by one "file: problem" line per scenario that failed to load. */
      joined = g_strdup_printf ("%s\n%s", _("Some training scenarios could not be loaded and are not listed:"),
                                lines);
    }
  else if (n == 0)
    {
      /* Translators: %s is a folder. */
      joined = g_strdup_printf (_("No training scenarios were found in %s."), dir);
    }

  if (replace_str (&self->scenario_errors, joined))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO_ERRORS]);
}

gboolean
fc_controller_start_incident (FcController  *self,
                              FcScenario    *scenario,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FcTrainingKit) kit = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *rules_dir = NULL;
  const char *unit_id = TRAINING_UNIT_ID;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (scenario == NULL || FC_IS_SCENARIO (scenario), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->training)
    {
      if (scenario == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a training scenario first."));
          return FALSE;
        }
      kit = fc_training_kit_new (scenario, &local_error);
      if (kit == NULL)
        {
          /* Translators: %s says what is wrong with the scenario. */
          g_set_error (error, local_error->domain, local_error->code,
                       _("This scenario cannot be used: %s"), local_error->message);
          return FALSE;
        }
    }
  else if (self->config != NULL && self->config->unit_id != NULL && *self->config->unit_id != '\0')
    unit_id = self->config->unit_id;

  drop_incident (self);
  self->kit = g_steal_pointer (&kit);
  self->scenario = self->training ? g_object_ref (scenario) : NULL;

  user_dir = fc_paths_get_user_dir (self->training);
  db_path = g_build_filename (user_dir, "timing.db", NULL);
  self->store = fc_store_open (db_path, fc_timeline_get_migrations (), &local_error);
  if (self->store == NULL)
    {
      /* Translators: %s is the reason the timing database could not be opened. */
      g_autofree char *text = g_strdup_printf (_("The timing log cannot be saved (%s). Times are kept in memory only for this incident."),
                                               local_error->message);
      add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->timeline = fc_timeline_new (self->store, unit_id, self->training);
  g_signal_connect_object (self->timeline, "notify::write-error",
                           G_CALLBACK (timeline_write_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::hospital-calls",
                           G_CALLBACK (timeline_hospital_call_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::hospital-call-active",
                           G_CALLBACK (timeline_hospital_call_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fc_timeline_get_events (self->timeline), "items-changed",
                           G_CALLBACK (timeline_events_changed_cb), self, G_CONNECT_SWAPPED);

  /* Once per process: the rules do not change while FieldCard runs. */
  if (self->rule_set == NULL)
    {
      rules_dir = fc_rule_set_default_dir ();
      self->rule_set = fc_rule_set_new_from_dir (rules_dir, &local_error);
    }
  if (self->rule_set == NULL)
    {
      /* Translators: %s is the reason the rules could not be loaded. */
      g_autofree char *text = g_strdup_printf (_("Decision-support rules are missing (%s). No warnings will be shown: check the patient as usual."),
                                               local_error->message);
      add_problem (self, text);
      g_clear_error (&local_error);
    }

  self->incident = fc_incident_new (self->timeline, self->rule_set, self->training);
  attach_incident_services (self);
  g_signal_connect_object (self->incident, "notify::last-error",
                           G_CALLBACK (incident_last_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->incident, "notify::read-progress",
                           G_CALLBACK (update_reader_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fc_incident_get_warnings (self->incident), "items-changed",
                           G_CALLBACK (warnings_changed_cb), self, G_CONNECT_SWAPPED);
  fc_incident_start (self->incident);

  if (self->kit != NULL)
    {
      /* The trainer's actions (pause, faults, reveals) go into this incident's timeline as
       * training events, after the incident's own start. */
      fc_training_kit_set_timeline (self->kit, self->timeline);
      g_signal_connect_object (self->kit, "notify::paused",
                               G_CALLBACK (kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::network-lost",
                               G_CALLBACK (kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::card-pulled",
                               G_CALLBACK (kit_changed_cb), self, 0);
      g_signal_connect_object (self->kit, "notify::revealed",
                               G_CALLBACK (kit_changed_cb), self, 0);
      g_signal_emit (self, signals[SIGNAL_TRAINING_CHANGED], 0);
    }

  /* The source is known now: the incident opens its connection (TLS) while the card is read. */
  if (current_source (self) != NULL)
    fc_incident_set_summary_source (self->incident, current_source (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENT]);
  marks_changed (self);
  update_reader_status (self);
  set_step (self, FC_FLOW_CONSENT);

  return TRUE;
}

gboolean
fc_controller_record_consent (FcController  *self,
                              FcConsent      consent,
                              const char    *reason,
                              GError       **error)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->incident == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start an incident first."));
      return FALSE;
    }

  if (!fc_incident_record_consent (self->incident, consent, reason, error))
    return FALSE;

  if (consent == FC_CONSENT_REFUSED)
    set_step (self, FC_FLOW_REFUSED);
  else
    {
      set_step (self, FC_FLOW_CARD);
      fc_controller_read_card (self);
    }

  return TRUE;
}

/* The CA certificate (DER) the card emulator wrote with --write-ca, as trust anchors. */
static GPtrArray *
load_training_ca (GError **error)
{
  g_autofree char *path = fc_controller_dup_training_ca_path ();
  g_autofree char *contents = NULL;
  gsize length = 0;
  GPtrArray *anchors;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (anchors, g_bytes_new_take (g_steal_pointer (&contents), length));
  return anchors;
}

void
fc_controller_read_card (FcController *self)
{
  FcCardTransport *transport;
  GPtrArray *anchors;

  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->card_busy)
    return;

  /* Consent refused (or not recorded): never touch the card. */
  if (fc_incident_get_consent (self->incident) != FC_CONSENT_GIVEN &&
      fc_incident_get_consent (self->incident) != FC_CONSENT_WAIVED_UNABLE)
    {
      set_card_error (self, _("Consent was not given: the card will not be read."));
      return;
    }

  if (self->kit != NULL && self->reader != NULL)
    {
      /* Training with a card reader: the emulator's card, from the CA it wrote out. */
      g_autoptr(GError) ca_error = NULL;

      transport = self->reader;
      g_clear_pointer (&self->reader_anchors, g_ptr_array_unref);
      self->reader_anchors = load_training_ca (&ca_error);
      if (self->reader_anchors == NULL)
        {
          g_autofree char *path = fc_controller_dup_training_ca_path ();
          /* Translators: training with a card reader; %s is a file path (twice). */
          g_autofree char *message = g_strdup_printf (_("The training card's certificate authority is missing (%s). Start the card emulator with --write-ca %s and try again."),
                                                      ca_error->message, path);

          set_step (self, FC_FLOW_CARD);
          set_card_error (self, message);
          return;
        }
      anchors = self->reader_anchors;
    }
  else if (self->kit != NULL)
    {
      transport = fc_training_kit_get_transport (self->kit);
      anchors = fc_training_kit_get_trust_anchors (self->kit);
    }
  else
    {
      /* Real mode: no JPKI CA is configured yet, so any well-formed certificate is accepted;
       * the summary service matches it by its hash. */
      transport = self->reader;
      anchors = NULL;
    }
  if (transport == NULL)
    {
      set_card_error (self, _("No card reader is configured."));
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_card_error (self, NULL);
  set_card_notice (self, NULL);
  set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  self->card_detected_at = self->timeline != NULL ?
                          g_list_model_get_n_items (fc_timeline_get_events (self->timeline)) : 0;
  set_card_busy (self, TRUE);
  set_step (self, FC_FLOW_CARD);

  fc_incident_read_card_async (self->incident, transport, anchors, CARD_TIMEOUT_MS,
                               self->cancellable, read_card_cb, g_object_ref (self));
}

void
fc_controller_continue_without_card (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);
  if (self->incident != NULL)
    set_step (self, FC_FLOW_HANDOVER);
}

void
fc_controller_cancel_fetch (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->fetch_state != FC_FETCH_RUNNING)
    return;
  /* fetch_summary_cb() sets CANCELLED when the source has stopped. */
  g_cancellable_cancel (self->cancellable);
}

void
fc_controller_retry_fetch (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->fetch_state == FC_FETCH_RUNNING ||
      fc_incident_get_identity (self->incident) == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_FETCHING)
    return;
  start_fetch (self);
}

void
fc_controller_summary_shown (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL || self->summary_shown)
    return;
  if (fc_incident_get_summary (self->incident) == NULL)
    return;
  self->summary_shown = TRUE;
  fc_incident_summary_shown (self->incident);
  /* The page shows these sections together with the warnings: each view is audited once. */
  fc_incident_view_section (self->incident, FC_ITEM_MEDICATION);
  fc_incident_view_section (self->incident, FC_ITEM_CONDITION);
  fc_incident_view_section (self->incident, FC_ITEM_ALLERGY);
}

gboolean
fc_controller_expand_history (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (self->incident == NULL || !fc_incident_expand_history (self->incident))
    return FALSE;
  /* The page shows the history sections at once. */
  fc_incident_view_section (self->incident, FC_ITEM_PROCEDURE);
  fc_incident_view_section (self->incident, FC_ITEM_ENCOUNTER);
  fc_incident_view_section (self->incident, FC_ITEM_OBSERVATION);
  return TRUE;
}

void
fc_controller_wrong_person (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_HANDED_OVER)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);

  /* The incident destroys its cached copy and writes the (flagged) audit entry. */
  fc_incident_wrong_person (self->incident);
  /* A later read (the right card) gets its own "summary shown" event. */
  self->summary_shown = FALSE;

  set_fetch_state (self, FC_FETCH_IDLE, NULL, FALSE);
  set_card_error (self, NULL);
  /* Translators: shown on the card page after the crew said the record was someone else's. */
  set_card_notice (self, _("The record was removed from the screen: it was not this patient's. Read the patient's own card, or continue without the record."));
  set_step (self, FC_FLOW_CARD);
  notice (self, _("Wrong person: the record was removed."));
}

const char *
fc_controller_mark_label (const char *event_kind)
{
  g_return_val_if_fail (event_kind != NULL, NULL);

  return fc_event_time_point_label (event_kind);
}

char *
fc_controller_mark (FcController *self,
                    const char   *event_kind)
{
  GListModel *events;
  guint n;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *message = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (self->incident == NULL ||
      fc_incident_get_state (self->incident) == FC_INCIDENT_STATE_HANDED_OVER)
    return NULL;

  /* @event_kind may live in an action target that views replace when the timeline changes. */
  kind = g_strdup (event_kind);
  event_kind = kind;
  fc_incident_mark (self->incident, event_kind);

  /* Show the time that was recorded, not a second reading of the clock. */
  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  if (n > 0)
    {
      g_autoptr(FcTimelineEvent) last = g_list_model_get_item (events, n - 1);

      if (g_strcmp0 (fc_timeline_event_get_kind (last), event_kind) == 0)
        when = fc_timeline_event_get_wall (last);
    }
  if (when == NULL)
    when = now = g_date_time_new_now_local ();

  time = g_date_time_format (when, "%H:%M:%S");
  /* Translators: toast after a time mark; first %s is the mark ("On scene"), second the time. */
  message = g_strdup_printf (_("%s recorded at %s"), fc_event_kind_label (event_kind), time);
  notice (self, message);
  return g_steal_pointer (&time);
}

const char *
fc_controller_get_next_mark (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->next_mark;
}

char *
fc_controller_dup_mark_time (FcController *self,
                             const char   *event_kind)
{
  GListModel *events;
  guint n;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (event_kind != NULL, NULL);

  if (self->incident == NULL || self->timeline == NULL)
    return NULL;

  events = fc_timeline_get_events (self->timeline);
  n = g_list_model_get_n_items (events);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i - 1);
      GDateTime *wall;
      g_autoptr(GDateTime) local = NULL;

      if (g_strcmp0 (fc_timeline_event_get_kind (event), event_kind) != 0)
        continue;
      wall = fc_timeline_get_effective_wall (self->timeline, fc_timeline_event_get_seq (event), NULL);
      if (wall == NULL)
        continue; /* voided: an earlier mark of the same kind may stand */
      local = g_date_time_to_local (wall);
      return g_date_time_format (local, "%H:%M:%S");
    }
  return NULL;
}

static gboolean
incident_open (FcController *self)
{
  return self->incident != NULL && self->timeline != NULL &&
         fc_incident_get_state (self->incident) != FC_INCIDENT_STATE_HANDED_OVER;
}

gboolean
fc_controller_hospital_call_start (FcController *self)
{
  FcTimelineEvent *event;
  g_autofree char *time = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (!incident_open (self) || fc_timeline_get_hospital_call_active (self->timeline))
    return FALSE;
  event = fc_timeline_hospital_call_start (self->timeline);
  time = g_date_time_format (fc_timeline_event_get_wall (event), "%H:%M:%S");
  /* Translators: toast; %u is the number of the call in this incident, %s the time. */
  message = g_strdup_printf (_("Hospital call %u started at %s"),
                             fc_timeline_get_hospital_calls (self->timeline), time);
  notice (self, message);
  return TRUE;
}

gboolean
fc_controller_hospital_call_end (FcController *self,
                                 gboolean      accepted)
{
  g_autofree char *message = NULL;
  guint n;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);

  if (!incident_open (self) || !fc_timeline_get_hospital_call_active (self->timeline))
    return FALSE;
  fc_timeline_hospital_call_end (self->timeline, accepted);
  n = fc_timeline_get_hospital_calls (self->timeline);
  message = accepted ?
            /* Translators: toast; %u is the number of the call (受入可). */
            g_strdup_printf (_("Hospital call %u: accepted"), n) :
            /* Translators: toast; %u is the number of the call (受入不可). */
            g_strdup_printf (_("Hospital call %u: declined"), n);
  notice (self, message);
  return TRUE;
}

gboolean
fc_controller_get_hospital_call_active (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->incident != NULL && self->timeline != NULL &&
         fc_timeline_get_hospital_call_active (self->timeline);
}

guint
fc_controller_get_hospital_calls (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), 0);
  return self->incident != NULL && self->timeline != NULL ?
         fc_timeline_get_hospital_calls (self->timeline) : 0;
}

gboolean
fc_controller_correct_mark (FcController  *self,
                            guint          seq,
                            GDateTime     *wall,
                            GError       **error)
{
  FcTimelineEvent *event;
  g_autofree char *kind = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->timeline == NULL || self->incident == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start an incident first."));
      return FALSE;
    }
  if (seq > 0 && seq <= g_list_model_get_n_items (fc_timeline_get_events (self->timeline)))
    {
      g_autoptr(FcTimelineEvent) target =
        g_list_model_get_item (fc_timeline_get_events (self->timeline), seq - 1);
      kind = g_strdup (fc_timeline_event_get_kind (target));
    }
  event = fc_timeline_correct (self->timeline, seq, wall, error);
  if (event == NULL)
    return FALSE;
  if (wall != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (wall);
      g_autofree char *time = g_date_time_format (local, "%H:%M:%S");

      /* Translators: toast after a correction; %s: the mark ("On scene"), %s: the new time. */
      message = g_strdup_printf (_("Corrected: %s at %s"), fc_event_kind_label (kind), time);
    }
  else
    /* Translators: toast after a mark was removed as a mistake; %s is the mark. */
    message = g_strdup_printf (_("Removed: %s"), fc_event_kind_label (kind));
  notice (self, message);
  return TRUE;
}

GDateTime *
fc_controller_correction_time (GDateTime *original,
                               int        hour,
                               int        minute,
                               int        second)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) same_day = NULL;
  GDateTime *best = NULL;
  GTimeSpan best_distance = G_MAXINT64;

  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (hour >= 0 && hour < 24, NULL);
  g_return_val_if_fail (minute >= 0 && minute < 60, NULL);
  g_return_val_if_fail (second >= 0 && second < 60, NULL);

  local = g_date_time_to_local (original);
  same_day = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), hour, minute, second);
  if (same_day == NULL)
    return NULL;

  /* 00:02 corrected to 23:58 means the evening before, not the next night. */
  for (int days = -1; days <= 1; days++)
    {
      GDateTime *candidate = g_date_time_add_days (same_day, days);
      GTimeSpan distance = g_date_time_difference (candidate, local);

      if (distance < 0)
        distance = -distance;
      if (distance < best_distance)
        {
          g_clear_pointer (&best, g_date_time_unref);
          best = candidate;
          best_distance = distance;
        }
      else
        g_date_time_unref (candidate);
    }
  return best;
}

void
fc_controller_acknowledge_warning (FcController *self,
                                   FcWarning    *warning)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));
  g_return_if_fail (FC_IS_WARNING (warning));

  if (self->incident == NULL || fc_warning_get_acknowledged (warning))
    return;
  fc_incident_acknowledge_warning (self->incident, warning);
}

void
fc_controller_request_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL)
    set_step (self, FC_FLOW_HANDOVER);
}

void
fc_controller_back_to_summary (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident != NULL &&
      (fc_incident_get_summary (self->incident) != NULL || self->fetch_state != FC_FETCH_IDLE))
    set_step (self, FC_FLOW_SUMMARY);
}

void
fc_controller_handover (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->incident == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_card_busy (self, FALSE);

  fc_incident_handover (self->incident);
  /* Make sure every time mark is on disk before the crew is told the incident is closed. */
  fc_timeline_flush (self->timeline);
  update_next_mark (self);
  set_step (self, FC_FLOW_DONE);
}

void
fc_controller_new_incident (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  drop_incident (self);
  set_step (self, FC_FLOW_START);
}

char *
fc_controller_dup_timing_db_path (FcController *self)
{
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (self->timeline != NULL)
    fc_timeline_flush (self->timeline);
  user_dir = fc_paths_get_user_dir (self->training);
  return g_build_filename (user_dir, "timing.db", NULL);
}

FcTrainingKit *
fc_controller_get_training_kit (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  return self->kit;
}

gboolean
fc_controller_get_paused (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  return self->paused;
}

void
fc_controller_training_pause (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->kit != NULL && incident_open (self))
    fc_training_kit_pause (self->kit);
}

void
fc_controller_training_resume (FcController *self)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));

  if (self->kit != NULL)
    fc_training_kit_resume (self->kit);
}

gboolean
fc_controller_training_inject (FcController  *self,
                               const char    *fault,
                               GError       **error)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->kit == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start a training scenario first."));
      return FALSE;
    }
  return fc_training_kit_inject (self->kit, fault, error);
}

const char *
fc_controller_training_reveal (FcController *self,
                               const char   *name)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->kit == NULL)
    return NULL;
  return fc_training_kit_reveal (self->kit, name);
}

gboolean
fc_controller_training_restart (FcController  *self,
                                GError       **error)
{
  g_autoptr(FcScenario) scenario = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->training || self->scenario == NULL)
    {
      g_set_error_literal (error, FC_INCIDENT_ERROR, FC_INCIDENT_ERROR_STATE,
                           _("Start a training scenario first."));
      return FALSE;
    }
  /* start_incident() drops the incident, and the scenario with it. */
  scenario = g_object_ref (self->scenario);
  return fc_controller_start_incident (self, scenario, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
fc_controller_dup_shown_warnings (FcController *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->shown_warnings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

const char *
fc_controller_get_shown_warning_message (FcController *self,
                                         const char   *rule_id)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  return g_hash_table_lookup (self->shown_warnings, rule_id);
}

FcDebrief *
fc_controller_build_debrief (FcController *self)
{
  g_autoptr(FcDebrief) debrief = NULL;
  g_auto(GStrv) shown = NULL;

  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (!self->training || self->scenario == NULL || self->timeline == NULL ||
      self->incident == NULL)
    return NULL;

  debrief = fc_debrief_new (self->scenario, self->rule_set);
  fc_debrief_add_timeline (debrief, self->timeline);
  /* The UI knows what was on screen; the debrief need not work it out. */
  shown = fc_controller_dup_shown_warnings (self);
  fc_debrief_set_shown_warnings (debrief, (const char * const *) shown);
  return g_steal_pointer (&debrief);
}

char *
fc_controller_build_receipt (FcController *self)
{
  g_return_val_if_fail (FC_IS_CONTROLLER (self), NULL);

  if (self->incident == NULL)
    return NULL;
  return fc_incident_build_receipt (self->incident);
}

void
fc_controller_set_source_for_testing (FcController    *self,
                                      FcSummarySource *source)
{
  g_return_if_fail (FC_IS_CONTROLLER (self));
  g_return_if_fail (source == NULL || FC_IS_SUMMARY_SOURCE (source));

  g_set_object (&self->test_source, source);
  if (self->incident != NULL && source != NULL)
    fc_incident_set_summary_source (self->incident, source);
}
