/* fc-types.h: forward declarations and enums shared across libfieldcard-core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _FcCardTransport  FcCardTransport;
typedef struct _FcCardIdentity   FcCardIdentity;
typedef struct _FcVirtualCard    FcVirtualCard;
typedef struct _FcTestCa         FcTestCa;
typedef struct _FcSummary        FcSummary;
typedef struct _FcSummaryItem    FcSummaryItem;
typedef struct _FcSummarySource  FcSummarySource;
typedef struct _FcScenario       FcScenario;
typedef struct _FcScenarioSource FcScenarioSource;
typedef struct _FcFindings       FcFindings;
typedef struct _FcWarning        FcWarning;
typedef struct _FcRuleSet        FcRuleSet;
typedef struct _FcStore          FcStore;
typedef struct _FcTimeline       FcTimeline;
typedef struct _FcTimelineEvent  FcTimelineEvent;
typedef struct _FcIncident       FcIncident;

/**
 * FcConsent:
 * @FC_CONSENT_NONE: not yet recorded
 * @FC_CONSENT_GIVEN: the patient agreed
 * @FC_CONSENT_WAIVED_UNABLE: the patient cannot consent (emergency waiver)
 * @FC_CONSENT_REFUSED: the patient refused; nothing is read or fetched
 */
typedef enum {
  FC_CONSENT_NONE,
  FC_CONSENT_GIVEN,
  FC_CONSENT_WAIVED_UNABLE,
  FC_CONSENT_REFUSED,
} FcConsent;

/**
 * FcSeverity:
 * Severity of a decision-support warning; sorted critical first.
 */
typedef enum {
  FC_SEVERITY_INFO,
  FC_SEVERITY_CAUTION,
  FC_SEVERITY_CRITICAL,
} FcSeverity;

/**
 * FcItemKind:
 * The section of the summary an item belongs to.
 */
typedef enum {
  FC_ITEM_MEDICATION,
  FC_ITEM_CONDITION,
  FC_ITEM_ALLERGY,
  FC_ITEM_PROCEDURE,
  FC_ITEM_ENCOUNTER,
  FC_ITEM_OBSERVATION,
  FC_ITEM_OTHER,
} FcItemKind;

#define FC_N_ITEM_KINDS (FC_ITEM_OTHER + 1)

/**
 * FcSectionState:
 * @FC_SECTION_NO_INFORMATION: the source said nothing about this section
 * @FC_SECTION_NONE_KNOWN: the source explicitly said there is nothing
 * @FC_SECTION_PRESENT: the section has items
 */
typedef enum {
  FC_SECTION_NO_INFORMATION,
  FC_SECTION_NONE_KNOWN,
  FC_SECTION_PRESENT,
} FcSectionState;

/**
 * FcConsciousness:
 * Crew finding on the patient's level of consciousness.
 */
typedef enum {
  FC_CONSCIOUSNESS_UNKNOWN,
  FC_CONSCIOUSNESS_ALERT,
  FC_CONSCIOUSNESS_IMPAIRED,
} FcConsciousness;

/**
 * FcGlucoseState:
 * @FC_GLUCOSE_NOT_MEASURED: no measured blood glucose
 * @FC_GLUCOSE_VALUE: a numeric value in mg/dL
 * @FC_GLUCOSE_LO: the meter shows "LO" (below its range)
 * @FC_GLUCOSE_HI: the meter shows "HI" (above its range)
 */
typedef enum {
  FC_GLUCOSE_NOT_MEASURED,
  FC_GLUCOSE_VALUE,
  FC_GLUCOSE_LO,
  FC_GLUCOSE_HI,
} FcGlucoseState;

/**
 * FcProvenance:
 * Where a summary came from.
 */
typedef enum {
  FC_PROVENANCE_NETWORK,
  FC_PROVENANCE_CACHE,
  FC_PROVENANCE_SCENARIO,
  FC_PROVENANCE_FILE,
} FcProvenance;

/**
 * FcIncidentState:
 * The state machine of one call: start → consent → card → summary → handover.
 */
typedef enum {
  FC_INCIDENT_STATE_NEW,
  FC_INCIDENT_STATE_STARTED,
  FC_INCIDENT_STATE_CONSENTED,
  FC_INCIDENT_STATE_READING_CARD,
  FC_INCIDENT_STATE_CARD_READ,
  FC_INCIDENT_STATE_FETCHING,
  FC_INCIDENT_STATE_SUMMARY,
  FC_INCIDENT_STATE_NO_SUMMARY,
  FC_INCIDENT_STATE_HANDED_OVER,
} FcIncidentState;

G_END_DECLS
