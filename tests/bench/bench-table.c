/* bench-table.c: the benchmarks' sample tables (median, p95), their printed table and JSON
 * lines, and the options every benchmark takes (see bench-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-bench"

#include "config.h"

#include "bench-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

/* Table */

typedef struct {
  char   *benchmark;
  char   *stage;
  char   *unit;
  GArray *samples; /* double */
} BenchRow;

struct _BenchTable {
  GPtrArray *rows; /* BenchRow */
};

static void
bench_row_free (gpointer data)
{
  BenchRow *row = data;

  g_free (row->benchmark);
  g_free (row->stage);
  g_free (row->unit);
  g_array_unref (row->samples);
  g_free (row);
}

BenchTable *
bench_table_new (void)
{
  BenchTable *table = g_new0 (BenchTable, 1);

  table->rows = g_ptr_array_new_with_free_func (bench_row_free);
  return table;
}

void
bench_table_free (BenchTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static BenchRow *
find_row (BenchTable *table,
          const char *benchmark,
          const char *stage)
{
  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);

      if (g_str_equal (row->benchmark, benchmark) && g_str_equal (row->stage, stage))
        return row;
    }
  return NULL;
}

void
bench_table_add (BenchTable *table,
                 const char *benchmark,
                 const char *stage,
                 const char *unit,
                 double      value)
{
  const char *variant = g_getenv ("FC_BENCH_VARIANT");
  g_autofree char *name = NULL;
  BenchRow *row;

  /* FC_BENCH_VARIANT (e.g. "no GL") marks every row of a second run under other conditions. */
  if (variant != NULL && *variant != '\0')
    benchmark = name = g_strdup_printf ("%s (%s)", benchmark, variant);
  row = find_row (table, benchmark, stage);
  if (row == NULL)
    {
      row = g_new0 (BenchRow, 1);
      row->benchmark = g_strdup (benchmark);
      row->stage = g_strdup (stage);
      row->unit = g_strdup (unit);
      row->samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (table->rows, row);
    }
  g_array_append_val (row->samples, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorted copy of the row's samples. */
static GArray *
sorted_samples (BenchRow *row)
{
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), row->samples->len);

  g_array_append_vals (sorted, row->samples->data, row->samples->len);
  g_array_sort (sorted, compare_doubles);
  return sorted;
}

static void
row_stats (BenchRow *row,
           double   *median,
           double   *p95,
           double   *min,
           double   *max)
{
  g_autoptr(GArray) sorted = sorted_samples (row);
  guint n = sorted->len;
  guint rank;

  g_assert (n > 0);
  if (n % 2 == 1)
    *median = g_array_index (sorted, double, n / 2);
  else
    *median = (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
  /* Nearest rank: the smallest value with at least 95 % of the samples at or below it. */
  rank = (guint) ceil (0.95 * n);
  *p95 = g_array_index (sorted, double, MAX (rank, 1) - 1);
  *min = g_array_index (sorted, double, 0);
  *max = g_array_index (sorted, double, n - 1);
}

gboolean
bench_table_get (BenchTable *table,
                 const char *benchmark,
                 const char *stage,
                 double     *median,
                 double     *p95,
                 guint      *n)
{
  BenchRow *row = find_row (table, benchmark, stage);
  double min, max;

  if (row == NULL || row->samples->len == 0)
    return FALSE;
  row_stats (row, median, p95, &min, &max);
  *n = row->samples->len;
  return TRUE;
}

static int
decimals_for (const char *unit)
{
  return g_str_equal (unit, "MB") ? 1 : 2;
}

void
bench_table_print (BenchTable *table)
{
  printf ("%-24s %-34s %12s %12s %5s\n", "benchmark", "stage", "median", "p95", "n");
  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);
      double median, p95, min, max;
      char m[32], p[32];
      int d = decimals_for (row->unit);

      if (row->samples->len == 0)
        continue;
      row_stats (row, &median, &p95, &min, &max);
      g_snprintf (m, sizeof m, "%.*f %s", d, median, row->unit);
      g_snprintf (p, sizeof p, "%.*f %s", d, p95, row->unit);
      printf ("%-24s %-34s %12s %12s %5u\n", row->benchmark, row->stage, m, p, row->samples->len);
    }
  fflush (stdout);
}

gboolean
bench_table_append_json (BenchTable  *table,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  for (guint i = 0; i < table->rows->len; i++)
    {
      BenchRow *row = g_ptr_array_index (table->rows, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      double median, p95, min, max;

      if (row->samples->len == 0)
        continue;
      row_stats (row, &median, &p95, &min, &max);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "benchmark");
      json_builder_add_string_value (builder, row->benchmark);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_string_value (builder, row->stage);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, row->unit);
      json_builder_set_member_name (builder, "median");
      json_builder_add_double_value (builder, median);
      json_builder_set_member_name (builder, "p95");
      json_builder_add_double_value (builder, p95);
      json_builder_set_member_name (builder, "min");
      json_builder_add_double_value (builder, min);
      json_builder_set_member_name (builder, "max");
      json_builder_add_double_value (builder, max);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, row->samples->len);
      json_builder_set_member_name (builder, "samples");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->samples->len; j++)
        json_builder_add_double_value (builder, g_array_index (row->samples, double, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }

  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  return g_output_stream_write_all (G_OUTPUT_STREAM (stream), out->str, out->len, NULL, NULL,
                                    error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

/* Options */

void
bench_options_parse (BenchOptions   *options,
                     int            *argc,
                     char         ***argv,
                     guint           default_runs,
                     const char     *summary)
{
  int runs = (int) default_runs;
  char *json_path = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Measured runs per case", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Append results as JSON lines", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error) || runs < 1 || runs > 100000)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  error != NULL ? error->message : "--runs must be a whole number from 1");
      exit (2);
    }
  options->runs = (guint) runs;
  options->json_path = json_path;
}

int
bench_finish (BenchTable   *table,
              BenchOptions *options)
{
  g_autoptr(GError) error = NULL;

  bench_table_print (table);
  if (options->json_path != NULL &&
      !bench_table_append_json (table, options->json_path, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }
  g_clear_pointer (&options->json_path, g_free);
  return 0;
}
