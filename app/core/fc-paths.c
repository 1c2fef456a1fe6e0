/* fc-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-paths"

#include "config.h"

#include "fc-paths.h"

char *
fc_paths_get_data_dir (void)
{
  const char *env = g_getenv ("FIELDCARD_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (PKGDATADIR "/rules/rules.json", G_FILE_TEST_EXISTS))
    return g_strdup (PKGDATADIR);
  return g_strdup (SOURCE_DATADIR);
}

char *
fc_paths_get_user_dir (gboolean training)
{
  const char *env = g_getenv ("FIELDCARD_USER_DIR");
  g_autofree char *base = NULL;

  if (env != NULL && *env != '\0')
    base = g_strdup (env);
  else
    base = g_build_filename (g_get_user_data_dir (), "fieldcard", NULL);

  if (training)
    return g_build_filename (base, "training", NULL);
  return g_steal_pointer (&base);
}

const char *
fc_paths_get_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (BUILD_LOCALEDIR);
  g_autofree char *prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);

  if (exe != NULL && g_str_has_prefix (exe, prefix) &&
      g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}
