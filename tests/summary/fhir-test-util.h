/* fhir-test-util.h: reading a Bundle with a fixed "today", shared by test-fhir-reader and
 * test-fhir-errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-fhir-reader.h"

G_BEGIN_DECLS

/* 2026-11-30 09:00 local time, the "today" every test reads with (for age bands). */
GDateTime *fixed_today (void);
/* Reads @json (asserting success) with "today" = 2026-11-30. */
FcSummary *read_json   (const char *json);

G_END_DECLS
