/* main.c: FieldCard entry point: OpenSSL, log redaction, crash handlers, locale, translations,
 * application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "fc-application.h"
#include "fc-crash.h"
#include "fc-log.h"
#include "fc-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FcApplication) app = NULL;

  /* Before anything uses OpenSSL: no OPENSSL_cleanup() at exit under a running worker. */
  fc_crash_init_openssl ();
  /* Before anything can log: patient data never reaches a log in the clear. */
  fc_log_install_redacting_writer ();
  /* A crash prints one fixed line and writes no core dump. The GUI stays dumpable: portals
   * identify it through /proc/PID/root (fc-crash.h). */
  fc_crash_install ("fieldcard", FC_CRASH_DEFAULT);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, fc_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
