/* fc-timing-simulate.h: synthetic timing logs for demos and benchmarks, clearly flagged as such
 * (unit ids "SYNTHETIC-UNIT-NN", detail "synthetic=1" on every incident start).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"

G_BEGIN_DECLS

/* Writes @n_incidents synthetic incidents into a new timing.db at @path (which must not exist),
 * reproducibly for a given @seed. Incidents start between @start (NULL: 2025-04-01 00:00 JST)
 * and @months later (0: 12), in zone +09:00. Intervals follow the FDMA pilots' table
 * (docs/timing-export.md, "Synthetic data"). @events (optional) receives the rows written. */
gboolean fc_timing_simulate (const char  *path,
                             guint        n_incidents,
                             guint32      seed,
                             GDateTime   *start,
                             guint        months,
                             guint64     *events,
                             GError     **error);

G_END_DECLS
