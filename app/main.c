/* main.c: FieldCard entry point: locale, translations, application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "fc-application.h"

/* The build tree's translations when this binary runs from the build tree (so that a developer
 * sees the current ja.po), else the installed ones. */
static const char *
choose_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (BUILD_LOCALEDIR);
  g_autofree char *prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);

  if (exe != NULL && g_str_has_prefix (exe, prefix) &&
      g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FcApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, choose_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
