/* fc-event-label.c: readable words for timing events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-event-label"

#include "config.h"

#include "fc-event-label.h"

#include <string.h>

#include <glib/gi18n-lib.h>

static const char * const time_points[] = {
  FC_EVENT_CALL_RECEIVED,
  FC_EVENT_DISPATCHED,
  FC_EVENT_EN_ROUTE,
  FC_EVENT_ARRIVED_SCENE,
  FC_EVENT_PATIENT_CONTACT,
  FC_EVENT_PATIENT_LOADED,
  FC_EVENT_LEFT_SCENE,
  FC_EVENT_ARRIVED_HOSPITAL,
  FC_EVENT_TRANSFER_OF_CARE,
  FC_EVENT_BACK_IN_SERVICE,
  NULL
};

const char * const *
fc_event_get_time_points (void)
{
  return time_points;
}

const char *
fc_event_time_point_label (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  if (g_str_equal (kind, FC_EVENT_CALL_RECEIVED))
    /* Translators: time mark: the emergency call was received (入電/覚知). Keep it short. */
    return _("Call received");
  if (g_str_equal (kind, FC_EVENT_DISPATCHED))
    /* Translators: time mark: the unit was dispatched (出場指令). Keep it short. */
    return _("Dispatched");
  if (g_str_equal (kind, FC_EVENT_EN_ROUTE))
    /* Translators: time mark: the ambulance set off (出場). Keep it short. */
    return _("En route");
  if (g_str_equal (kind, FC_EVENT_ARRIVED_SCENE))
    /* Translators: time mark: the crew arrived on scene (現着). */
    return _("On scene");
  if (g_str_equal (kind, FC_EVENT_PATIENT_CONTACT))
    /* Translators: time mark: first contact with the patient (接触). */
    return _("Contact");
  if (g_str_equal (kind, FC_EVENT_PATIENT_LOADED))
    /* Translators: time mark: patient loaded into the ambulance (車内収容). */
    return _("Loaded");
  if (g_str_equal (kind, FC_EVENT_LEFT_SCENE))
    /* Translators: time mark: the ambulance left the scene (現発). */
    return _("Left scene");
  if (g_str_equal (kind, FC_EVENT_ARRIVED_HOSPITAL))
    /* Translators: time mark: arrived at the hospital (病院着). Keep it short. */
    return _("At hospital");
  if (g_str_equal (kind, FC_EVENT_TRANSFER_OF_CARE))
    /* Translators: time mark: the patient was handed to the hospital staff (医師引継). Keep it short. */
    return _("Handed to doctor");
  if (g_str_equal (kind, FC_EVENT_BACK_IN_SERVICE))
    /* Translators: time mark: the unit is available again (帰署/再出場可能). Keep it short. */
    return _("Back in service");
  return NULL;
}

const char *
fc_event_kind_label (const char *kind)
{
  const char *label;

  g_return_val_if_fail (kind != NULL, NULL);

  label = fc_event_time_point_label (kind);
  if (label != NULL)
    return label;

  if (g_str_equal (kind, FC_EVENT_INCIDENT_STARTED))
    /* Translators: timeline entry: the incident was opened on the tablet. */
    return _("Incident started");
  if (g_str_equal (kind, FC_EVENT_HOSPITAL_CALL_START))
    /* Translators: timeline entry: a call asking a hospital to accept the patient began (病院照会 開始). */
    return _("Hospital call started");
  if (g_str_equal (kind, FC_EVENT_HOSPITAL_CALL_END))
    /* Translators: timeline entry: the hospital call ended (病院照会 終了). */
    return _("Hospital call ended");
  if (g_str_equal (kind, FC_EVENT_CARD_PRESENT))
    /* Translators: timeline entry: whether the patient has the My Number card at hand. */
    return _("Card at hand?");
  if (g_str_equal (kind, FC_EVENT_WRONG_PERSON))
    /* Translators: timeline entry: the crew said the record was someone else's (別人). */
    return _("Wrong person");
  if (g_str_equal (kind, FC_EVENT_CONSENT))
    /* Translators: timeline entry: consent was recorded (同意). */
    return _("Consent");
  if (g_str_equal (kind, FC_EVENT_CARD_ASKED))
    /* Translators: timeline entry: the tablet started waiting for the card. */
    return _("Card requested");
  if (g_str_equal (kind, FC_EVENT_CARD_DETECTED))
    /* Translators: timeline entry: the reader found the card. */
    return _("Card detected");
  if (g_str_equal (kind, FC_EVENT_CARD_READ))
    /* Translators: timeline entry: the certificate was read from the card. */
    return _("Card read");
  if (g_str_equal (kind, FC_EVENT_PIN_VERIFIED))
    /* Translators: timeline entry: the card holder's PIN matched (暗証番号一致). */
    return _("PIN verified");
  if (g_str_equal (kind, FC_EVENT_PIN_FAILED))
    /* Translators: timeline entry: the PIN check did not confirm the holder (暗証番号照合できず). */
    return _("PIN not verified");
  if (g_str_equal (kind, FC_EVENT_FETCH_STARTED))
    /* Translators: timeline entry: asking the summary service for the record began. */
    return _("Record requested");
  if (g_str_equal (kind, FC_EVENT_FETCH_DONE))
    /* Translators: timeline entry: the answer of the summary service arrived. */
    return _("Record answer");
  if (g_str_equal (kind, FC_EVENT_SUMMARY_SHOWN))
    /* Translators: timeline entry: the record was shown on screen. */
    return _("Record shown");
  if (g_str_equal (kind, FC_EVENT_FINDING))
    /* Translators: timeline entry: the crew entered a finding (glucose, consciousness…). */
    return _("Finding entered");
  if (g_str_equal (kind, FC_EVENT_WARNING_ACK))
    /* Translators: timeline entry: the crew confirmed a warning (確認した). */
    return _("Warning confirmed");
  if (g_str_equal (kind, FC_EVENT_FAILURE))
    /* Translators: timeline entry: a step failed. */
    return _("Step failed");
  if (g_str_equal (kind, FC_EVENT_HANDOVER))
    /* Translators: timeline entry: the incident was closed at handover (引継ぎ). */
    return _("Handover");
  if (g_str_equal (kind, FC_EVENT_CORRECTION))
    /* Translators: timeline entry: an earlier time mark was corrected (訂正). */
    return _("Correction");
  return kind;
}

char *
fc_event_detail_value (const char *detail,
                       const char *key)
{
  g_auto(GStrv) parts = NULL;
  gsize key_len;

  g_return_val_if_fail (key != NULL, NULL);

  if (detail == NULL)
    return NULL;
  key_len = strlen (key);
  parts = g_strsplit (detail, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], key))
        return g_strdup ("");
      if (strncmp (parts[i], key, key_len) == 0 && parts[i][key_len] == '=')
        return g_strdup (parts[i] + key_len + 1);
    }
  return NULL;
}

static char *
describe_consent (const char *detail)
{
  g_autofree char *basis = fc_event_detail_value (detail, "basis");

  if (basis == NULL)
    return NULL;
  if (g_str_equal (basis, "given"))
    /* Translators: timeline detail of a consent entry. */
    return g_strdup (_("Given"));
  if (g_str_equal (basis, "waived_unable"))
    /* Translators: timeline detail: consent waived because the patient cannot answer. */
    return g_strdup (_("Waived: patient cannot answer"));
  if (g_str_equal (basis, "refused"))
    /* Translators: timeline detail of a consent entry. */
    return g_strdup (_("Refused"));
  return NULL;
}

static char *
describe_fetch_done (const char *detail)
{
  g_autofree char *result = fc_event_detail_value (detail, "result");
  g_autofree char *source = fc_event_detail_value (detail, "source");

  if (g_strcmp0 (result, "error") == 0)
    /* Translators: timeline detail: no record arrived. */
    return g_strdup (_("No record"));
  if (g_strcmp0 (source, "network") == 0)
    /* Translators: timeline detail: the record came from the summary service. */
    return g_strdup (_("From the summary service"));
  if (g_strcmp0 (source, "cache") == 0)
    /* Translators: timeline detail: the record came from the encrypted offline copy. */
    return g_strdup (_("Offline copy"));
  if (g_strcmp0 (source, "scenario") == 0)
    /* Translators: timeline detail: the record is a made-up training patient. */
    return g_strdup (_("Training scenario"));
  return NULL;
}

static char *
describe_correction (const char *detail)
{
  g_autofree char *kind = fc_event_detail_value (detail, "kind");
  g_autofree char *wall = fc_event_detail_value (detail, "wall");
  g_autofree char *voided = fc_event_detail_value (detail, "void");
  const char *label;

  if (kind == NULL)
    return NULL;
  label = fc_event_kind_label (kind);
  if (voided != NULL)
    /* Translators: timeline detail of a correction; %s is the mark ("On scene"). */
    return g_strdup_printf (_("%s: mark removed (it was a mistake)"), label);
  if (wall != NULL)
    {
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (wall, NULL);
      g_autoptr(GDateTime) local = parsed != NULL ? g_date_time_to_local (parsed) : NULL;
      g_autofree char *time = local != NULL ? g_date_time_format (local, "%H:%M:%S") : NULL;

      if (time != NULL)
        /* Translators: timeline detail of a correction; %s: the mark, %s: the new time. */
        return g_strdup_printf (_("%s: time set to %s"), label, time);
    }
  return NULL;
}

char *
fc_event_describe (FcTimelineEvent *event)
{
  const char *kind;
  const char *detail;

  g_return_val_if_fail (FC_IS_TIMELINE_EVENT (event), NULL);

  kind = fc_timeline_event_get_kind (event);
  detail = fc_timeline_event_get_detail (event);

  if (g_str_equal (kind, FC_EVENT_CONSENT))
    return describe_consent (detail);
  if (g_str_equal (kind, FC_EVENT_FETCH_DONE))
    return describe_fetch_done (detail);
  if (g_str_equal (kind, FC_EVENT_CORRECTION))
    return describe_correction (detail);
  if (g_str_equal (kind, FC_EVENT_CARD_PRESENT))
    {
      g_autofree char *present = fc_event_detail_value (detail, "present");

      if (present == NULL)
        return NULL;
      /* Translators: timeline detail: the patient has / does not have the card at hand. */
      return g_strdup (g_str_equal (present, "yes") ? _("Yes") : _("No"));
    }
  if (g_str_equal (kind, FC_EVENT_HOSPITAL_CALL_START) ||
      g_str_equal (kind, FC_EVENT_HOSPITAL_CALL_END))
    {
      g_autofree char *n = fc_event_detail_value (detail, "n");
      g_autofree char *outcome = fc_event_detail_value (detail, "outcome");
      guint64 number = 0;

      if (n == NULL || !g_ascii_string_to_unsigned (n, 10, 1, G_MAXUINT, &number, NULL))
        return NULL;
      if (g_strcmp0 (outcome, "accepted") == 0)
        /* Translators: timeline detail: hospital call number %u, the hospital accepted (受入可). */
        return g_strdup_printf (_("Call %u: accepted"), (guint) number);
      if (g_strcmp0 (outcome, "declined") == 0)
        /* Translators: timeline detail: hospital call number %u, the hospital declined (受入不可). */
        return g_strdup_printf (_("Call %u: declined"), (guint) number);
      /* Translators: timeline detail: hospital call number %u. */
      return g_strdup_printf (_("Call %u"), (guint) number);
    }
  if (g_str_equal (kind, FC_EVENT_WARNING_ACK))
    {
      g_autofree char *rule = fc_event_detail_value (detail, "rule");

      /* Translators: timeline detail: the rule id of the confirmed warning (e.g. R05). */
      return rule != NULL ? g_strdup_printf (_("Warning %s"), rule) : NULL;
    }
  if (g_str_equal (kind, FC_EVENT_SUMMARY_SHOWN))
    {
      g_autofree char *warnings = fc_event_detail_value (detail, "warnings");
      guint64 n = 0;

      if (warnings == NULL || !g_ascii_string_to_unsigned (warnings, 10, 0, G_MAXUINT, &n, NULL))
        return NULL;
      /* Translators: timeline detail: how many warnings the record produced. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n), (guint) n);
    }
  if (g_str_equal (kind, FC_EVENT_CARD_READ))
    {
      g_autofree char *bytes = fc_event_detail_value (detail, "bytes");

      /* Translators: timeline detail: %s is a number of bytes read from the card. */
      return bytes != NULL ? g_strdup_printf (_("%s bytes"), bytes) : NULL;
    }
  if (g_str_equal (kind, FC_EVENT_PIN_VERIFIED) || g_str_equal (kind, FC_EVENT_PIN_FAILED))
    {
      g_autofree char *tries = fc_event_detail_value (detail, "tries");
      guint64 n = 0;

      if (tries == NULL || !g_ascii_string_to_unsigned (tries, 10, 0, 9, &n, NULL))
        return NULL;
      /* Translators: timeline detail: PIN tries left on the card after the check. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u try left", "%u tries left", n),
                              (guint) n);
    }
  if (g_str_equal (kind, FC_EVENT_FAILURE))
    {
      g_autofree char *step = fc_event_detail_value (detail, "step");

      if (g_strcmp0 (step, "card") == 0)
        /* Translators: timeline detail: which step failed. */
        return g_strdup (_("Reading the card"));
      if (g_strcmp0 (step, "fetch") == 0)
        /* Translators: timeline detail: which step failed. */
        return g_strdup (_("Fetching the record"));
      return NULL;
    }
  if (g_str_equal (kind, FC_EVENT_FINDING))
    {
      g_autofree char *what = fc_event_detail_value (detail, "kind");

      if (g_strcmp0 (what, "glucose") == 0)
        /* Translators: timeline detail: which finding was entered (the value is never logged). */
        return g_strdup (_("Blood glucose"));
      if (g_strcmp0 (what, "consciousness") == 0)
        /* Translators: timeline detail: which finding was entered. */
        return g_strdup (_("Consciousness"));
      return NULL;
    }
  if (g_str_equal (kind, FC_EVENT_INCIDENT_STARTED))
    {
      g_autofree char *training = fc_event_detail_value (detail, "training");

      /* Translators: timeline detail: the incident is a training run. */
      return g_strcmp0 (training, "1") == 0 ? g_strdup (_("Training")) : NULL;
    }
  return NULL;
}
