/* fc-trainer-panel-text.c: the trainer panel's words — measured values with their units, and the
 * scenario's set-up (consent, card, network) as the trainer reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-trainer-panel"

#include "config.h"

#include "fc-trainer-panel.h"
#include "fc-trainer-panel-private.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  const char *name;
  const char *label;  /* N_() */
  const char *unit;   /* (nullable): not translated */
} MeasuredSpec;

static const MeasuredSpec measured_specs[] = {
  /* Translators: trainer panel, measured values. */
  { "bgl", N_("Blood glucose"), "mg/dL" },
  { "consciousness", N_("Consciousness"), NULL },
  { "jcs", N_("JCS"), NULL },
  { "gcs", N_("GCS"), NULL },
  { "spo2", N_("SpO₂"), "%" },
  { "hr", N_("Heart rate"), "/min" },
  { "rr", N_("Breathing rate"), "/min" },
  { "bp", N_("Blood pressure"), "mmHg" },
  { "temp", N_("Temperature"), "°C" },
  /* Translators: trainer panel: the patient's age as the crew estimates it. */
  { "age", N_("Age (estimate)"), NULL },
  { "head-injury", N_("Head injury"), NULL },
  { "bleeding", N_("Bleeding"), NULL },
  { "anaphylaxis", N_("Anaphylaxis"), NULL },
  { "seizure", N_("Seizure"), NULL },
  { "breathing", N_("Breathing"), NULL },
  { "skin", N_("Skin"), NULL },
  { "ecg", N_("ECG"), NULL },
  { "pupils", N_("Pupils"), NULL },
};

static const MeasuredSpec *
find_spec (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (measured_specs); i++)
    if (g_str_equal (measured_specs[i].name, name))
      return &measured_specs[i];
  return NULL;
}

const char *
fc_trainer_panel_measured_label (const char *name)
{
  const MeasuredSpec *spec;

  g_return_val_if_fail (name != NULL, NULL);

  spec = find_spec (name);
  return spec != NULL ? _(spec->label) : name;
}

char *
fc_trainer_panel_format_measured (const char *name,
                                  const char *value)
{
  const MeasuredSpec *spec;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (g_str_equal (value, "true"))
    /* Translators: a yes/no finding revealed to the trainer (head injury: yes). */
    return g_strdup (_("yes"));
  if (g_str_equal (value, "false"))
    return g_strdup (_("no"));
  if (g_str_equal (value, "impaired"))
    /* Translators: consciousness as revealed to the trainer. */
    return g_strdup (_("impaired"));
  if (g_str_equal (value, "alert"))
    return g_strdup (_("alert"));

  spec = find_spec (name);
  /* "LO" / "HI": what the meter shows outside its range, without a unit. */
  if (spec != NULL && spec->unit != NULL && g_ascii_isdigit (value[0]))
    return g_strdup_printf ("%s\u00a0%s", value, spec->unit); /* never broken between the two */
  return g_strdup (value);
}

static const char *
consent_text (FcScenario *scenario)
{
  switch (fc_scenario_get_consent (scenario))
    {
    case FC_SCENARIO_CONSENT_REFUSES:
      /* Translators: trainer panel: what the patient answers when asked for consent. */
      return _("The patient refuses consent.");
    case FC_SCENARIO_CONSENT_UNABLE:
      return _("The patient cannot answer (emergency waiver).");
    case FC_SCENARIO_CONSENT_GIVES:
    default:
      return _("The patient gives consent.");
    }
}

/* The scenario's card behaviour and network mode in words, for the trainer. */
static const char *
card_text (FcScenario *scenario)
{
  const char *name = fc_scenario_get_card_behaviour_name (scenario);

  /* Translators: trainer panel, the card of the scenario ("Card: %s"). */
  if (g_strcmp0 (name, "present") == 0)
    return _("a My Number card");
  if (g_strcmp0 (name, "absent") == 0)
    return _("none (the patient has no card)");
  if (g_strcmp0 (name, "removed-after") == 0)
    return _("slips off the reader during the read");
  if (g_strcmp0 (name, "slow") == 0)
    return _("slow to read");
  if (g_strcmp0 (name, "expired") == 0)
    return _("expired certificate");
  if (g_strcmp0 (name, "wrong-application") == 0)
    return _("not a My Number card");
  if (g_strcmp0 (name, "error-status") == 0)
    return _("answers with an error");
  return name;
}

static const char *
network_text (FcScenario *scenario)
{
  const char *mode = fc_scenario_get_network (scenario);

  /* Translators: trainer panel, the network of the scenario ("Network: %s"). */
  if (g_strcmp0 (mode, "online") == 0)
    return _("working");
  if (g_strcmp0 (mode, "offline") == 0)
    return _("no signal from the start");
  if (g_strcmp0 (mode, "drops-after-fetch") == 0)
    return _("lost after the first fetch");
  if (g_strcmp0 (mode, "503") == 0)
    return _("service down (503)");
  if (g_strcmp0 (mode, "not-found") == 0)
    return _("no record for this card (404)");
  return mode;
}

char *
fc_trainer_panel_setup_text (FcScenario *scenario)
{
  /* Translators: trainer panel; first %s: what the patient answers about consent, second: the
   * card ("a My Number card"), third: the network ("working"). */
  return g_strdup_printf (_("%s Card: %s. Network: %s."), consent_text (scenario),
                          card_text (scenario), network_text (scenario));
}
