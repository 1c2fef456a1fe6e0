/* bench-util.h: shared pieces of the benchmark programs (not gating): sample tables with median
 * and p95, JSON output and the common options (bench-table.c), a delaying TCP proxy on loopback
 * (bench-proxy.c), the process's memory figures and small helpers (bench-util.c). The
 * JPKI-shaped test certificates come from tests/nfc/nfc-test-certs.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Rows of samples: (benchmark, stage) → values in one unit ("ms" or "MB"). Rows keep the order
 * in which they were first added. With FC_BENCH_VARIANT set (e.g. "no GL"), every benchmark name
 * gets " (VARIANT)" appended. */
typedef struct _BenchTable BenchTable;

BenchTable *bench_table_new        (void);
void        bench_table_free       (BenchTable  *table);
void        bench_table_add        (BenchTable  *table,
                                    const char  *benchmark,
                                    const char  *stage,
                                    const char  *unit,
                                    double       value);
/* Median and p95 (nearest rank) of a row; FALSE when the row has no samples. */
gboolean    bench_table_get        (BenchTable  *table,
                                    const char  *benchmark,
                                    const char  *stage,
                                    double      *median,
                                    double      *p95,
                                    guint       *n);
/* The table: "benchmark  stage  median  p95  n" and one line per row. */
void        bench_table_print      (BenchTable  *table);
/* Appends one JSON object per row (JSON Lines) to @path: benchmark, stage, unit, median, p95,
 * n, min, max and the raw samples. */
gboolean    bench_table_append_json (BenchTable *table,
                                     const char *path,
                                     GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchTable, bench_table_free)

/* Common options: --runs N (default @default_runs), --json PATH. Exits with status 2 on bad
 * arguments. */
typedef struct {
  guint  runs;
  char  *json_path;  /* (owned) (nullable) */
} BenchOptions;

void        bench_options_parse    (BenchOptions *options,
                                    int          *argc,
                                    char       ***argv,
                                    guint         default_runs,
                                    const char   *summary);
/* Prints the table and writes the JSON lines when asked. Returns the exit status. */
int         bench_finish           (BenchTable   *table,
                                    BenchOptions *options);

/* A TCP proxy on 127.0.0.1 that forwards to 127.0.0.1:@upstream_port and delays every byte by
 * @one_way_ms in each direction (round trip 2 × @one_way_ms). The TCP handshake's round trip is
 * emulated too: nothing from the client is forwarded until one round trip after accept. */
typedef struct _BenchProxy BenchProxy;

BenchProxy *bench_proxy_new        (guint16       upstream_port,
                                    guint         one_way_ms,
                                    GError      **error);
guint16     bench_proxy_get_port   (BenchProxy   *proxy);
/* Monotonic time (µs) at which the proxy last delivered bytes to a client; 0 before any. */
gint64      bench_proxy_get_last_delivery (BenchProxy *proxy);
guint       bench_proxy_get_accepted (BenchProxy *proxy);
void        bench_proxy_free       (BenchProxy   *proxy);

/* Peak resident set (VmHWM) and current resident set (VmRSS) of this process, in MB. */
double      bench_peak_rss_mb      (void);
double      bench_rss_mb           (void);

/* Whether a display can be opened (GTK stages are skipped without one). */
gboolean    bench_have_display     (void);

/* Removes @path and everything below it (links are removed, never followed). */
void        bench_remove_tree      (const char   *path);

G_END_DECLS
