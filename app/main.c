/* main.c: FieldCard entry point: log redaction, locale, translations, application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "fc-application.h"
#include "fc-log.h"
#include "fc-paths.h"

/* Whether the machine has a GPU render node (a hardware GL driver). */
static gboolean
have_gpu_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/* The renderer, decided before GTK starts (g_application_run() calls gtk_init() in startup;
 * GTK 4.8 reads GDK_DEBUG when it initialises and GSK_RENDERER when a window is realised, so
 * setting them here takes effect).
 *
 * On a tablet without a GPU driver, GL means Mesa's software rasteriser (llvmpipe): GTK probes
 * GL when the display opens, even with the cairo renderer, and Mesa/LLVM alone are about 45 MB
 * resident and slow the first frame (issue 9: an incident peaked at 134 MB with GL, 74 MB
 * without). There, the cairo renderer with GL disabled is faster and smaller. With a real GPU
 * the GL renderer stays the default. Whatever the user (or a test, or a benchmark) set in
 * GSK_RENDERER or GDK_DEBUG is never overridden (overwrite = FALSE; GDK_DEBUG is only set when
 * it is unset, so its other flags are kept). FIELDCARD_KEEP_GL=1 keeps GTK's own choice. */
static void
choose_renderer (void)
{
  if (g_getenv ("FIELDCARD_KEEP_GL") != NULL || have_gpu_render_node ())
    return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (g_getenv ("GSK_RENDERER") != NULL && g_str_equal (g_getenv ("GSK_RENDERER"), "cairo"))
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FcApplication) app = NULL;

  /* Before anything can log: patient data never reaches a log in the clear. */
  fc_log_install_redacting_writer ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, fc_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  choose_renderer ();

  app = fc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
