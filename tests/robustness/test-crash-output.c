/* test-crash-output.c: a crash shows no patient data and writes no core file (issue 8 point 3).
 *
 * The child is this program run again with a patient's summary loaded (a scenario bundle read by
 * the FHIR reader, the raw bundle kept in memory too), the redacting log writer and the crash
 * handlers installed as in main(), and G_MESSAGES_DEBUG=all. It then crashes: a real fault, an
 * abort(), a g_error() or a fatal g_critical() carrying patient data, or a signal sent by the
 * parent (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT). The parent checks that the child ended by
 * the crash, printed the fixed crash line, and that neither its stdout, its stderr nor its
 * working folder hold the patient's name, birth date, phone number, medicine names or codes, and
 * that no core file was written. The real fieldcard-cli and fieldcard are killed with SIGSEGV the
 * same way (the app only with a display).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memmem(), posix_openpt() */
#endif
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "fc-crash.h"
#include "fc-fhir-reader.h"
#include "fc-log.h"
#include "fc-summary.h"

#include "robustness-util.h"

#define BUNDLE "beta-blocker-bleeding.json"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static char *
bundle_path (void)
{
  return g_build_filename (g_getenv ("FIELDCARD_DATA_DIR"), "scenarios", "bundles", BUNDLE, NULL);
}

/* Child --------------------------------------------------------------------------------------- */

/* Keeps the summary and the raw bundle alive until the crash. */
static FcSummary *child_summary;
static char *child_bundle;

static void
child_load_patient (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &child_bundle, NULL, &error))
    {
      g_printerr ("child: %s\n", error->message);
      _exit (3);
    }
  child_summary = fc_fhir_read_bundle_file (path, NULL, &error);
  if (child_summary == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      _exit (3);
    }
  g_debug ("loaded a summary with %u items", g_list_model_get_n_items (fc_summary_get_items (child_summary)));
}

/* The first medicine code in the bundle (a YJ code), to put into a log message. */
static const char *
child_first_code (void)
{
  const char *p = strstr (child_bundle, "\"code\": \"2");

  if (p == NULL)
    return "2123016F2024";
  return p + strlen ("\"code\": \"");
}

static int
child_main (const char *mode,
            const char *path)
{
  fc_crash_init_openssl ();
  fc_log_install_redacting_writer ();
  fc_crash_install ("test-crash-output", FC_CRASH_NOT_DUMPABLE);
  child_load_patient (path);

  if (g_str_equal (mode, "fault"))
    {
      /* A write to a page that may not be written: a real SIGSEGV, not undefined behaviour the
       * compiler or UBSan could see. */
      volatile int *page = mmap (NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      g_assert (page != MAP_FAILED);
      page[1] = 42;
    }
  else if (g_str_equal (mode, "abort"))
    abort ();
  else if (g_str_equal (mode, "error"))
    {
      g_autofree char *code = g_strndup (child_first_code (), 12);

      g_error ("could not use medicine %s for certificate "
               "3f9a6c1e2b7d4058a1c3e5f7092b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f2a4c6e, bgl 42",
               code);
    }
  else if (g_str_equal (mode, "critical"))
    {
      g_autofree char *code = g_strndup (child_first_code (), 12);

      /* fatal-criticals (set by the parent) makes this a crash. */
      g_critical ("item %s has no date; glucose 38 mg/dL", code);
    }
  else if (g_str_equal (mode, "wait"))
    {
      robustness_say ("ready\n");
      for (;;)
        pause ();
    }
  return 2;
}

/* Parent -------------------------------------------------------------------------------------- */

static void
add_string (GPtrArray  *markers,
            const char *value)
{
  /* Short codes (E11, 3 digits) could match a process id or an address in a sanitizer's
   * report by chance; every medicine, allergy and condition here also has a longer one. */
  if (value != NULL && g_utf8_strlen (value, -1) >= 4)
    g_ptr_array_add (markers, g_strdup (value));
}

static void
collect_codings (GPtrArray *markers,
                 JsonNode  *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "system") && json_object_has_member (object, "code"))
        {
          add_string (markers, json_object_get_string_member_with_default (object, "code", NULL));
          add_string (markers, json_object_get_string_member_with_default (object, "display", NULL));
        }
      for (GList *l = members; l != NULL; l = l->next)
        collect_codings (markers, json_object_get_member (object, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_codings (markers, json_array_get_element (array, i));
    }
}

/* What must never appear: the patient's name, birth date and phone, the medicines, conditions
 * and allergies (codes and names). */
static GPtrArray *
patient_markers (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bundle_path ();
  GPtrArray *markers = g_ptr_array_new_with_free_func (g_free);
  JsonArray *entries;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "entry");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *resource = json_object_get_object_member (
        json_array_get_object_element (entries, i), "resource");
      const char *type = json_object_get_string_member (resource, "resourceType");

      if (g_str_equal (type, "Patient"))
        {
          JsonObject *name = json_array_get_object_element (
            json_object_get_array_member (resource, "name"), 0);

          add_string (markers, json_object_get_string_member_with_default (name, "text", NULL));
          add_string (markers, json_object_get_string_member_with_default (resource, "birthDate",
                                                                           NULL));
        }
      else if (g_str_has_prefix (type, "Medication") || g_str_equal (type, "Condition") ||
               g_str_equal (type, "AllergyIntolerance"))
        {
          collect_codings (markers, json_object_get_member (resource, "medicationCodeableConcept") != NULL
                                    ? json_object_get_member (resource, "medicationCodeableConcept")
                                    : json_object_get_member (resource, "code"));
        }
      else if (g_str_equal (type, "Organization") && json_object_has_member (resource, "telecom"))
        {
          JsonObject *telecom = json_array_get_object_element (
            json_object_get_array_member (resource, "telecom"), 0);

          add_string (markers, json_object_get_string_member_with_default (telecom, "value", NULL));
        }
    }
  /* The test must be able to fail: name, birth date and at least two medicines. */
  g_assert_cmpuint (markers->len, >=, 4);
  return markers;
}

static void
assert_no_patient_data (const char *what,
                        const char *text,
                        GPtrArray  *markers)
{
  for (guint i = 0; i < markers->len; i++)
    if (strstr (text, g_ptr_array_index (markers, i)) != NULL)
      g_error ("%s holds patient data “%s”:\n%s", what, (char *) g_ptr_array_index (markers, i),
               text);
}

/* No core file, nor any file holding patient data, in @dir (the child's working folder). */
static void
assert_folder_clean (const char *dir,
                     GPtrArray  *markers)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_false (g_str_has_prefix (name, "core"));
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_folder_clean (path, markers);
          continue;
        }
      if (g_file_get_contents (path, &contents, &len, NULL))
        for (guint i = 0; i < markers->len; i++)
          g_assert_null (memmem (contents, len, g_ptr_array_index (markers, i),
                                 strlen (g_ptr_array_index (markers, i))));
    }
}

typedef struct {
  char         *dir;
  GSubprocess  *proc;
  GInputStream *out;
} Child;

static void
child_spawn (Child               *child,
             const char * const  *argv,
             const char          *g_debug_flags,
             gboolean             debug_messages)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  child->dir = robustness_make_tmpdir ("crash-output");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, child->dir);
  /* Debug messages too, where they are few: the crash line must not wait behind a full pipe. */
  if (debug_messages)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", g_debug_flags, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", child->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", child->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", child->dir, TRUE);
  /* A core dump would be written here if the child allowed one. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS",
                                "abort_on_error=1:disable_coredump=0:detect_leaks=0", TRUE);
  child->proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  child->out = g_subprocess_get_stdout_pipe (child->proc);
}

/* Reads the child's output up to "ready\n" (or its end). */
static char *
child_wait_ready (Child *child)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char c;

  while (strstr (text->str, "ready\n") == NULL &&
         g_input_stream_read (child->out, &c, 1, NULL, NULL) == 1)
    g_string_append_c (text, c);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Waits for the child, checks how it ended and what it left; frees @child. Returns its
 * output (stdout and stderr). */
static char *
child_finish (Child      *child,
              const char *before,
              int         expected_signal)
{
  g_autoptr(GPtrArray) markers = patient_markers ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (before);
  char buffer[4096];
  gssize n;
  int status;

  while ((n = g_input_stream_read (child->out, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (output, buffer, n);
  g_assert_no_error (error);
  g_subprocess_wait (child->proc, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_status (child->proc);
  g_test_message ("child output:\n%s", output->str);

  /* It crashed, and said so in the fixed line. */
  g_assert_nonnull (strstr (output->str, FC_CRASH_MESSAGE_PREFIX));
  g_assert_nonnull (strstr (output->str, "FieldCard " PACKAGE_VERSION));
  if (SANITIZED)
    {
      /* The sanitizer's report follows the line and ends the process its own way. */
      g_assert_false (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  else
    {
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, expected_signal);
      g_assert_false (WCOREDUMP (status));
    }

  assert_no_patient_data ("crash output", output->str, markers);
  assert_folder_clean (child->dir, markers);

  robustness_remove_tree (child->dir);
  g_free (child->dir);
  g_object_unref (child->proc);
  return g_string_free (g_steal_pointer (&output), FALSE);
}

static char *
run_crashing_child (const char *mode,
                    const char *g_debug_flags,
                    int         expected_signal)
{
  g_autofree char *self = robustness_self_path ();
  g_autofree char *path = bundle_path ();
  const char *argv[] = { self, "--child", mode, path, NULL };
  Child child = { NULL, };

  child_spawn (&child, argv, g_debug_flags, TRUE);
  return child_finish (&child, "", expected_signal);
}

/* /fc/robustness/crash-output/fault */
static void
test_fault (void)
{
  g_free (run_crashing_child ("fault", "", SIGSEGV));
}

/* /fc/robustness/crash-output/abort */
static void
test_abort (void)
{
  g_free (run_crashing_child ("abort", "", SIGABRT));
}

/* /fc/robustness/crash-output/g-error-redacted: g_error() with a medicine code, a certificate
 * hash and a glucose value: the message is logged redacted, then the crash line. */
static void
test_g_error (void)
{
  g_autofree char *output = run_crashing_child ("error", "", SIGTRAP);

  g_assert_nonnull (strstr (output, "could not use medicine " FC_LOG_REDACTED_CODE));
  g_assert_nonnull (strstr (output, "certificate " FC_LOG_REDACTED_HEX));
  g_assert_nonnull (strstr (output, "bgl " FC_LOG_REDACTED_VALUE));
  g_assert_null (strstr (output, "3f9a6c1e2b7d4058"));
}

/* /fc/robustness/crash-output/critical-redacted */
static void
test_critical (void)
{
  g_autofree char *output = run_crashing_child ("critical", "fatal-criticals", SIGTRAP);

  g_assert_nonnull (strstr (output, "item " FC_LOG_REDACTED_CODE " has no date"));
  g_assert_nonnull (strstr (output, "glucose " FC_LOG_REDACTED_VALUE));
}

/* /fc/robustness/crash-output/signal/NAME: the parent sends the signal to a waiting child. */
static void
test_signal (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autofree char *self = robustness_self_path ();
  g_autofree char *path = bundle_path ();
  g_autofree char *before = NULL;
  const char *argv[] = { self, "--child", "wait", path, NULL };
  Child child = { NULL, };

  g_autofree char *output = NULL;

  child_spawn (&child, argv, "", TRUE);
  before = child_wait_ready (&child);
  g_assert_nonnull (strstr (before, "ready\n"));
  g_subprocess_send_signal (child.proc, signum);
  output = child_finish (&child, before, signum);
}

/* /fc/robustness/crash-output/cli: fieldcard-cli read-card is waiting for a reader on a
 * pseudo-terminal that never answers; SIGSEGV gives the crash line, no core file. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("FIELDCARD_CLI");
  g_autofree char *connstring = NULL;
  struct pollfd pfd;
  Child child = { NULL, };
  int master;
  char c;

  if (cli == NULL)
    {
      g_test_skip ("FIELDCARD_CLI is not set");
      return;
    }
  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  connstring = g_strdup_printf ("pn532_uart:%s:115200", ptsname (master));

  child_spawn (&child, (const char * const []) { cli, "read-card", "--reader", connstring,
                                                 "--timeout", "30", NULL }, "", TRUE);
  /* The first bytes libnfc sends: the CLI is in its main() and its handlers are installed. */
  pfd.fd = master;
  pfd.events = POLLIN;
  g_assert_cmpint (poll (&pfd, 1, 20000), ==, 1);
  g_assert_cmpint (read (master, &c, 1), ==, 1);
  g_subprocess_send_signal (child.proc, SIGSEGV);
  g_free (child_finish (&child, "", SIGSEGV));
  close (master);
}

/* /fc/robustness/crash-output/app: FieldCard in training mode, killed with SIGSEGV once it runs. */
static void
test_app (void)
{
  const char *app = g_getenv ("FIELDCARD_APP");
  Child child = { NULL, };

  if (app == NULL || g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("needs FIELDCARD_APP and a display");
      return;
    }
  child_spawn (&child, (const char * const []) { app, "--training", NULL }, "", FALSE);
  /* main() installs the handlers before anything else; by now the window is up. */
  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);
  g_subprocess_send_signal (child.proc, SIGSEGV);
  g_free (child_finish (&child, "", SIGSEGV));
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    int         signum;
    const char *name;
  } signals[] = {
    { SIGSEGV, "segv" }, { SIGBUS, "bus" }, { SIGFPE, "fpe" }, { SIGILL, "ill" },
    { SIGABRT, "abrt" },
  };

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fc/robustness/crash-output/fault", test_fault);
  g_test_add_func ("/fc/robustness/crash-output/abort", test_abort);
  g_test_add_func ("/fc/robustness/crash-output/g-error-redacted", test_g_error);
  g_test_add_func ("/fc/robustness/crash-output/critical-redacted", test_critical);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/fc/robustness/crash-output/signal/%s",
                                                    signals[i].name);

      g_test_add_data_func (test_path, GINT_TO_POINTER (signals[i].signum), test_signal);
    }
  g_test_add_func ("/fc/robustness/crash-output/cli", test_cli);
  g_test_add_func ("/fc/robustness/crash-output/app", test_app);
  return g_test_run ();
}
