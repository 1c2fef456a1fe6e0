/* fhir-test-util.c: reading a Bundle with a fixed "today".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fhir-test-util.h"

GDateTime *
fixed_today (void)
{
  return g_date_time_new_local (2026, 11, 30, 9, 0, 0);
}

FcSummary *
read_json (const char *json)
{
  g_autoptr(GDateTime) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  FcSummary *summary;

  summary = fc_fhir_read_bundle (json, -1, today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}
