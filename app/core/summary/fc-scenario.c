/* fc-scenario.c
 *
 * A training scenario is one JSON file in data/scenarios/ plus the FHIR Bundle it names.
 * docs/scenarios.md is the trainer's guide to the format; this comment is the reference.
 *
 * Scenario file format 2 (UTF-8 JSON; fields marked * are required):
 *
 *   {
 *     "format": 2,                                   * 1 or 2 (format 1 is below)
 *     "title": {"ja": "…", "en": "…"},               * shown in the scenario list
 *     "brief": {"ja": "…", "en": "…"},                 for the trainer: what the case teaches
 *     "today": "2026-11-20",                           the day the case is set: the record's
 *                                                      dates and the patient's age are read as
 *                                                      of this day, and shifted to the real
 *                                                      date when the record is served
 *     "patient": {                                   * what the crew sees on arrival
 *       "age_band": "70s",                             "0s", "10s", … "130s" or "unknown"
 *       "sex": "male",                                 "male", "female", "other", "unknown"
 *       "presentation": {"ja": "…", "en": "…"},        the complaint / scene, read to the crew
 *       "consent": "gives",                            "gives", "refuses" (conscious, says no:
 *                                                      nothing may be read), "unable"
 *       "record_matches": true                         false: the record served is another
 *                                                      person's (wrong-person drill)
 *     },
 *     "bundle": "bundles/NAME.json",                 * IPS-shaped FHIR Bundle, relative to
 *                                                      this file (or absolute)
 *     "card": {                                        the virtual My Number card
 *       "behaviour": "present",                        "present", "absent", "removed-after",
 *                                                      "slow", "expired", "wrong-application"
 *                                                      (not a My Number card), "error-status"
 *       "delay_ms": 1500,                              time until the card "arrives"
 *       "remove_after_bytes": 600,                     required for "removed-after"
 *       "reinsert_after_ms": 3000,                     "removed-after": the card is back on the
 *                                                      reader this long after it left (0 or
 *                                                      absent: when the trainer puts it back)
 *       "byte_delay_us": 2000,                         link time per byte (any behaviour;
 *                                                      "slow" defaults to 2000)
 *       "error_status": "6982"                         SW1SW2 for "error-status"
 *     },
 *     "network": {                                     the summary service
 *       "mode": "online",                              "online", "offline", "503", "not-found",
 *                                                      "drops-after-fetch" (the first fetch
 *                                                      works, then the network is lost)
 *       "delay_ms": 300                                latency until the answer
 *     },
 *     "measured": {                                    values revealed when the crew measures or
 *       "bgl": 32,                                     observes them. Findings: bgl (10–600 or
 *       "consciousness": "impaired",                   "LO"/"HI"), consciousness (alert,
 *       "spo2": 95, "bp": "92/60", "hr": 64,           impaired), age (0–130), head-injury,
 *       "breathing": {"ja": "…", "en": "…"}            bleeding, anaphylaxis, seizure (true,
 *     },                                               false). Vital signs: spo2 (50–100), hr
 *                                                      (20–250), rr (0–80), bp ("S/D"), temp
 *                                                      (30–43), jcs (0…300), gcs (3–15); text
 *                                                      (string or ja/en): breathing, skin, ecg,
 *                                                      pupils
 *     "expected_warnings": ["R04", "R05", "G1"],       exactly the rules the crew sees while the
 *                                                      case is played (docs/scenarios.md)
 *     "targets": [                                     what the debrief measures
 *       {"id": "contact-to-summary", "label": {"ja": "…", "en": "…"},
 *        "from": "patient-contact", "to": "summary-shown", "within_s": 90},
 *       {"id": "glucose-first", "event": "finding:glucose",
 *        "before": ["warning-acknowledged:G1", "left-scene", "handover"]},
 *       {"id": "nothing-read", "never": "card-asked"}
 *     ]
 *   }
 *
 * Format 1 is the same without "today", "patient.consent", "patient.record_matches",
 * "card.reinsert_after_ms", "card.byte_delay_us", the behaviours "slow" and "expired", the
 * network mode "drops-after-fetch" and "targets"; its "measured" takes any name with a number,
 * string or boolean, and its "expected_warnings" are "at least these".
 *
 * Defaults: card present after 0 ms, network online after 0 ms, sex and age band "unknown", the
 * patient consents and the record is theirs. Members whose name starts with "_" are comments
 * and ignored; any other unknown member is an error, so that a misspelt field never passes
 * silently; so is a member given twice.
 *
 * Positions. json-glib 1.6 does not say where a node is, so before json-glib builds the tree a
 * small scanner walks the text once and records, for every member and element, the line and
 * column of its value and of its name, keyed by the path used in messages ("card.behaviour",
 * "expected_warnings[2]"). Every error, syntax or not, is then reported at the node at fault
 * ("pilot-1.json:12:18: …"). The scanner is a strict JSON checker too, so syntax errors get our
 * own clear, translated messages and the exact place (json-glib's own position points after the
 * token that confused it). Columns count characters from 1; a tab counts one.
 *
 * Modules: fc-scenario-load.c reads a file (and a folder of them), fc-scenario-scan.c is the
 * position scanner, fc-scenario-fields.c the typed field readers that report at a node,
 * fc-scenario-measured.c the measured values and fc-scenario-targets.c the targets, the
 * expected warnings and event references; fc-scenario-private.h holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-scenario"

#include "config.h"

#include "fc-scenario.h"
#include "fc-scenario-private.h"

#include "fc-core-enums.h"

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
  PROP_FORMAT,
  PROP_CONSENT,
  PROP_RECORD_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
fc_scenario_localised_clear (FcScenarioLocalised *l)
{
  g_clear_pointer (&l->ja, g_free);
  g_clear_pointer (&l->en, g_free);
}

void
fc_scenario_localised_free (FcScenarioLocalised *l)
{
  fc_scenario_localised_clear (l);
  g_free (l);
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

const char *
fc_scenario_pick_language (const char *ja,
                           const char *en)
{
  if (ui_is_japanese ())
    return ja != NULL ? ja : en;
  return en != NULL ? en : ja;
}

static const char *
localised_pick (const FcScenarioLocalised *l)
{
  return fc_scenario_pick_language (l->ja, l->en);
}

static void
target_free (FcScenarioTarget *target)
{
  g_free (target->id);
  g_free (target->label_ja);
  g_free (target->label_en);
  g_free (target->from);
  g_free (target->to);
  g_free (target->event);
  g_strfreev (target->before);
  g_free (target);
}

static void
fc_scenario_finalize (GObject *object)
{
  FcScenario *self = (FcScenario *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->path, g_free);
  fc_scenario_localised_clear (&self->title);
  fc_scenario_localised_clear (&self->brief);
  fc_scenario_localised_clear (&self->presentation);
  g_clear_pointer (&self->today, g_date_time_unref);
  g_clear_pointer (&self->age_band, g_free);
  g_clear_pointer (&self->sex, g_free);
  g_clear_pointer (&self->bundle_path, g_free);
  g_clear_pointer (&self->card_behaviour_name, g_free);
  g_clear_pointer (&self->network, g_free);
  g_clear_pointer (&self->measured_names, g_ptr_array_unref);
  g_clear_pointer (&self->measured, g_hash_table_unref);
  g_clear_pointer (&self->revealed_names, g_ptr_array_unref);
  g_clear_pointer (&self->revealed, g_hash_table_unref);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->value_pos, g_hash_table_unref);
  g_clear_pointer (&self->key_pos, g_hash_table_unref);

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

    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;

    case PROP_CONSENT:
      g_value_set_enum (value, self->consent);
      break;

    case PROP_RECORD_MATCHES:
      g_value_set_boolean (value, self->record_matches);
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
  properties[PROP_FORMAT] = g_param_spec_int ("format", NULL, NULL, 1, 2, 1, flags);
  properties[PROP_CONSENT] =
    g_param_spec_enum ("consent", NULL, NULL,
                       FC_TYPE_SCENARIO_CONSENT, FC_SCENARIO_CONSENT_GIVES, flags);
  properties[PROP_RECORD_MATCHES] =
    g_param_spec_boolean ("record-matches", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_scenario_init (FcScenario *self)
{
  self->format = 1;
  self->age_band = g_strdup ("unknown");
  self->sex = g_strdup ("unknown");
  self->consent = FC_SCENARIO_CONSENT_GIVES;
  self->record_matches = TRUE;
  self->network = g_strdup ("online");
  self->card_behaviour = FC_VIRTUAL_CARD_PRESENT;
  self->card_behaviour_name = g_strdup ("present");
  self->measured_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->measured_names, NULL);
  self->measured = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->revealed_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->revealed_names, NULL);
  self->revealed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) fc_scenario_localised_free);
  self->expected = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->expected, NULL);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->value_pos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_pos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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

int
fc_scenario_get_format (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->format;
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
fc_scenario_get_brief_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->brief.ja;
}

const char *
fc_scenario_get_brief_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->brief.en;
}

const char *
fc_scenario_get_presentation (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return localised_pick (&self->presentation);
}

const char *
fc_scenario_get_presentation_ja (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->presentation.ja;
}

const char *
fc_scenario_get_presentation_en (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->presentation.en;
}

GDateTime *
fc_scenario_get_today (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->today;
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

FcScenarioConsent
fc_scenario_get_consent (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FC_SCENARIO_CONSENT_GIVES);

  return self->consent;
}

gboolean
fc_scenario_get_record_matches (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), TRUE);

  return self->record_matches;
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

const char *
fc_scenario_get_card_behaviour_name (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return self->card_behaviour_name;
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
fc_scenario_get_card_reinsert_after_ms (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->reinsert_after_ms;
}

guint
fc_scenario_get_card_byte_delay_us (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->byte_delay_us;
}

gboolean
fc_scenario_get_card_expired (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), FALSE);

  return self->card_expired;
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
fc_scenario_get_revealed_names (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->revealed_names->pdata;
}

const char *
fc_scenario_get_revealed (FcScenario *self,
                          const char *name)
{
  FcScenarioLocalised *value;

  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = g_hash_table_lookup (self->revealed, name);
  return value != NULL ? localised_pick (value) : NULL;
}

const char * const *
fc_scenario_get_expected_warnings (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);

  return (const char * const *) self->expected->pdata;
}

guint
fc_scenario_get_n_targets (FcScenario *self)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), 0);

  return self->targets->len;
}

const FcScenarioTarget *
fc_scenario_get_target (FcScenario *self,
                        guint       index)
{
  g_return_val_if_fail (FC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->targets->len, NULL);

  return g_ptr_array_index (self->targets, index);
}

gboolean
fc_scenario_lookup_position (FcScenario *self,
                             const char *path,
                             gboolean    at_key,
                             guint      *line,
                             guint      *column)
{
  FcScenarioPos pos;
  gboolean found;

  g_return_val_if_fail (FC_IS_SCENARIO (self), FALSE);

  found = fc_scenario_scan_lookup (self->value_pos, self->key_pos, path, at_key, &pos);
  if (line != NULL)
    *line = pos.line;
  if (column != NULL)
    *column = pos.column;
  return found;
}
