/* test-renderer.c: FieldCard's renderer choice (issue 9): cairo with GL disabled by default,
 * whatever the user set kept, FIELDCARD_KEEP_GL leaving the choice to GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-renderer"

#include "config.h"

#include "fc-application.h"

/* Each case runs in a subprocess: the choice sets environment variables. */
static void
clean_environment (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("FIELDCARD_KEEP_GL");
}

static void
test_cairo_without_gl_by_default (void)
{
  if (g_test_subprocess ())
    {
      clean_environment ();
      fc_application_choose_renderer ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_user_choice_kept (void)
{
  if (g_test_subprocess ())
    {
      clean_environment ();
      g_setenv ("GSK_RENDERER", "ngl", TRUE);
      fc_application_choose_renderer ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
      /* GL stays available for the renderer the user asked for. */
      g_assert_null (g_getenv ("GDK_DEBUG"));

      clean_environment ();
      g_setenv ("GDK_DEBUG", "interactive", TRUE);
      fc_application_choose_renderer ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_keep_gl_leaves_gtk_to_choose (void)
{
  if (g_test_subprocess ())
    {
      clean_environment ();
      g_setenv ("FIELDCARD_KEEP_GL", "1", TRUE);
      fc_application_choose_renderer ();
      g_assert_null (g_getenv ("GSK_RENDERER"));
      g_assert_null (g_getenv ("GDK_DEBUG"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/app/renderer/cairo-without-gl-by-default", test_cairo_without_gl_by_default);
  g_test_add_func ("/fc/app/renderer/user-choice-kept", test_user_choice_kept);
  g_test_add_func ("/fc/app/renderer/keep-gl-leaves-gtk-to-choose", test_keep_gl_leaves_gtk_to_choose);

  return g_test_run ();
}
