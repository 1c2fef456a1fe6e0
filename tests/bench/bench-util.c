/* bench-util.c: the small shared pieces of the benchmark programs: memory figures, whether a
 * display is there, removing a temporary tree (see bench-util.h; the tables are in
 * bench-table.c, the delaying proxy in bench-proxy.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-bench"

#include "config.h"

#include "bench-util.h"

#include <string.h>

#include <glib/gstdio.h>

/* Memory */

static double
status_field_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kb = 0;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  line += strlen (field);
  while (*line == ' ' || *line == '\t')
    line++;
  kb = g_ascii_strtoull (line, NULL, 10);
  return kb / 1024.0;
}

double
bench_peak_rss_mb (void)
{
  return status_field_mb ("VmHWM:");
}

double
bench_rss_mb (void)
{
  return status_field_mb ("VmRSS:");
}

gboolean
bench_have_display (void)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (display != NULL && *display != '\0') || (wayland != NULL && *wayland != '\0');
}

void
bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && g_file_test (child, G_FILE_TEST_IS_DIR))
        bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
