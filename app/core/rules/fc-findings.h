/* fc-findings.h: what the crew has observed or measured (consciousness, blood glucose, …).
 * Findings only raise severity or unlock measured-value messages; they never change what the
 * history alone says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_FINDINGS_ERROR (fc_findings_error_quark ())

typedef enum {
  FC_FINDINGS_ERROR_INVALID, /* unknown finding name or out-of-range value */
} FcFindingsError;

/* Plausible range of a numeric blood glucose entry (mg/dL); meters show LO/HI outside it. */
#define FC_GLUCOSE_MIN_MG_DL 10
#define FC_GLUCOSE_MAX_MG_DL 600

/* Range of an age entry in years; FC_AGE_NONE means "not entered". */
#define FC_AGE_NONE (-1)
#define FC_AGE_MAX  130

#define FC_TYPE_FINDINGS (fc_findings_get_type ())

G_DECLARE_FINAL_TYPE (FcFindings, fc_findings, FC, FINDINGS, GObject)

/* Properties: "consciousness" (FcConsciousness), "glucose-state" (FcGlucoseState),
 * "glucose-mg-dl" (int, meaningful when glucose-state is VALUE), "head-injury", "bleeding",
 * "anaphylaxis", "seizure" (gboolean), "age" (int years, FC_AGE_NONE when not entered: the
 * crew's estimate, for when the card's record has no age or the crew judges it; an estimate is
 * enough for the glucose protocol's age limit). Signal "changed" after any property change. */
GQuark           fc_findings_error_quark      (void);
G_GNUC_WARN_UNUSED_RESULT
FcFindings      *fc_findings_new              (void);
FcConsciousness  fc_findings_get_consciousness (FcFindings     *self);
void             fc_findings_set_consciousness (FcFindings     *self,
                                                FcConsciousness consciousness);
FcGlucoseState   fc_findings_get_glucose_state (FcFindings     *self);
int              fc_findings_get_glucose_mg_dl (FcFindings     *self);
/* Records a numeric measured value; fails (FC_FINDINGS_ERROR_INVALID) outside 10–600 mg/dL. */
gboolean         fc_findings_set_glucose_mg_dl (FcFindings     *self,
                                                int             mg_dl,
                                                GError        **error);
void             fc_findings_set_glucose_state (FcFindings     *self,
                                                FcGlucoseState  state);
gboolean         fc_findings_get_flag          (FcFindings     *self,
                                                const char     *name);
/* Sets "head-injury", "bleeding", "anaphylaxis" or "seizure". */
void             fc_findings_set_flag          (FcFindings     *self,
                                                const char     *name,
                                                gboolean        value);
/* Whether @name is one of the boolean findings above. */
gboolean         fc_findings_is_flag_name      (const char     *name);
/* Age in years as entered by the crew (exact or estimated), or FC_AGE_NONE. */
int              fc_findings_get_age           (FcFindings     *self);
/* Records an age (0–130 years; fails with FC_FINDINGS_ERROR_INVALID outside); FC_AGE_NONE
 * clears it. */
gboolean         fc_findings_set_age           (FcFindings     *self,
                                                int             years,
                                                GError        **error);
/* "age=12", or NULL when no age was entered. */
G_GNUC_WARN_UNUSED_RESULT
char            *fc_findings_describe_age      (FcFindings     *self);
/* "bgl=42 mg/dL", "bgl=LO", "bgl=HI", or NULL when nothing was measured. */
G_GNUC_WARN_UNUSED_RESULT
char            *fc_findings_describe_glucose  (FcFindings     *self);
/* Parses one "name=value" as used on the command line: consciousness=impaired|alert|unknown,
 * bgl=42|LO|HI|none (also glucose=…), age=12|none, head-injury=yes|no, bleeding=…,
 * anaphylaxis=…, seizure=….
 * Names and LO/HI are case-insensitive; on error nothing changes. */
gboolean         fc_findings_parse             (FcFindings     *self,
                                                const char     *assignment,
                                                GError        **error);

G_END_DECLS
