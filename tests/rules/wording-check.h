/* wording-check.h: the safety check on message wording shared by the rule tests.
 *
 * A sentence that names a treatment (a treatment word: ブドウ糖, 投与, 注射, 輸液, アドレナリン…,
 * give, administer, inject, dextrose, glucose…) is allowed in exactly three contexts:
 *   1. WC_ALLOW_MEASURED_GATE: the rule is gated on a measured finding (a measured blood
 *      glucose value: rules G1, G1A, G1C, G2, G3);
 *   2. negation: the sentence forbids or rules out the treatment (投与しない, 禁忌, 適応なし,
 *      対象外, do not, never, contraindicated, not indicated, does not apply);
 *   3. WC_ALLOW_CREW_DRUGS: R25's comparison of a 薬剤禁忌 with the crew's own drugs (the
 *      sentence says 救急隊が使う薬剤 / "a drug the crew uses").
 * "glucose" in a measurement ("blood glucose", "measured glucose", "low glucose", …) names a
 * measurement, not a treatment, and does not count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WC_ALLOW_NONE          = 0,
  WC_ALLOW_MEASURED_GATE = 1 << 0,
  WC_ALLOW_CREW_DRUGS    = 1 << 1,
} WcAllow;

/* Whether @sentence names a treatment (after measurement phrases are taken out). */
gboolean wc_names_treatment       (const char *sentence,
                                   gboolean    japanese);
/* Whether @sentence forbids or rules out what it names. */
gboolean wc_is_negation           (const char *sentence,
                                   gboolean    japanese);
/* Whether @sentence compares with the crew's own drugs (R25). */
gboolean wc_is_crew_drug_framing  (const char *sentence,
                                   gboolean    japanese);
/* (transfer full) The first sentence of @text that names a treatment outside the contexts
 * @allow permits (negation is always permitted), or NULL when the text is safe. */
char    *wc_find_unsafe_sentence  (const char *text,
                                   gboolean    japanese,
                                   WcAllow     allow);

G_END_DECLS
