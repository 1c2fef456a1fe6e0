/* report-fixture.h: the five hand-computed incidents (and one training incident) that
 * test-report and test-report-io both read, and the check of one interval's statistics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-report.h"
#include "report-test-util.h"

G_BEGIN_DECLS

/* A wall time on 2025-05-10 in JST. */
#define W(t) "2025-05-10T" t "+09:00"

/* The size is part of the declaration so that G_N_ELEMENTS works on it; the definition in
 * report-fixture.c fails to compile when its rows do not match. */
#define FIXTURE_N_ROWS 56
extern const RtRow fixture_rows[FIXTURE_N_ROWS];

/* A report fed with fixture_rows. */
FcReport *fixture_report (void);
/* Asserts n, missing and excluded, and the median (NAN: no median). */
void      assert_stats   (const FcIntervalStats *s,
                          guint                  n,
                          guint                  missing,
                          guint                  excluded,
                          double                 median);

G_END_DECLS
