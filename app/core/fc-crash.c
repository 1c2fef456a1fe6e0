/* fc-crash.c: the crash handlers, core dump settings and OpenSSL's exit-time cleanup.
 *
 * Everything the handler writes is prepared in fc_crash_install(): one line per signal, in
 * static memory. The handler itself only calls write(2), sigaction(2) and raise(3), which are
 * async-signal-safe, and never reads anything the crashed program was working on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* dl_iterate_phdr() */
#endif
#define G_LOG_DOMAIN "fc-crash"

#include "config.h"

#include "fc-crash.h"

#include <errno.h>
#include <link.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define CRASH_LINE_MAX 320
#define ALT_STACK_SIZE (64 * 1024)

static const struct {
  int         signum;
  const char *name;
} crash_signals[] = {
  { SIGSEGV, "SIGSEGV" },
  { SIGBUS, "SIGBUS" },
  { SIGFPE, "SIGFPE" },
  { SIGILL, "SIGILL" },
  { SIGABRT, "SIGABRT" },
  /* g_error() and fatal criticals end in G_BREAKPOINT() on Linux. */
  { SIGTRAP, "SIGTRAP" },
  { SIGSYS, "SIGSYS" },
};

static struct sigaction previous_actions[G_N_ELEMENTS (crash_signals)];
static char crash_lines[G_N_ELEMENTS (crash_signals)][CRASH_LINE_MAX];
static gsize crash_line_lengths[G_N_ELEMENTS (crash_signals)];
static volatile sig_atomic_t crashing = 0;
/* A stack for the handler, so that a stack overflow in the main thread still gets its line. */
static char alt_stack[ALT_STACK_SIZE];
static char build_id[2 * 64 + 1];
static gsize build_id_once = 0;
static gsize install_once = 0;

#define NOTE_ALIGN(n) (((n) + 3u) & ~(gsize) 3u)

/* dl_iterate_phdr() callback: the first object is the executable; its NT_GNU_BUILD_ID note goes
 * to build_id as hex. Always stops after the first object. */
static int
find_build_id_cb (struct dl_phdr_info *info,
                  size_t               size,
                  void                *data)
{
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      const guint8 *p;
      const guint8 *end;

      if (phdr->p_type != PT_NOTE)
        continue;
      p = (const guint8 *) (info->dlpi_addr + phdr->p_vaddr);
      end = p + phdr->p_memsz;
      while ((gsize) (end - p) >= sizeof (ElfW(Nhdr)))
        {
          ElfW(Nhdr) note;
          const guint8 *name;
          const guint8 *desc;

          memcpy (&note, p, sizeof note);
          name = p + sizeof note;
          if ((gsize) (end - name) < NOTE_ALIGN (note.n_namesz))
            break;
          desc = name + NOTE_ALIGN (note.n_namesz);
          if ((gsize) (end - desc) < note.n_descsz)
            break;
          if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
              memcmp (name, "GNU", 4) == 0)
            {
              gsize n = MIN ((gsize) note.n_descsz, (sizeof build_id - 1) / 2);

              for (gsize j = 0; j < n; j++)
                g_snprintf (build_id + 2 * j, 3, "%02x", desc[j]);
              return 1;
            }
          if ((gsize) (end - desc) < NOTE_ALIGN (note.n_descsz))
            break;
          p = desc + NOTE_ALIGN (note.n_descsz);
        }
    }
  return 1;
}

const char *
fc_crash_get_build_id (void)
{
  if (g_once_init_enter (&build_id_once))
    {
      dl_iterate_phdr (find_build_id_cb, NULL);
      g_once_init_leave (&build_id_once, 1);
    }
  return build_id;
}

void
fc_crash_init_openssl (void)
{
  if (OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL) != 1)
    g_warning ("OpenSSL could not be initialised");
}

static void
write_all (const char *text,
           gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = write (STDERR_FILENO, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      done += (gsize) n;
    }
}

/* Async-signal-safe: write(2), sigaction(2), raise(3) and the previous handler only. */
static void
crash_handler (int        signum,
               siginfo_t *info,
               void      *context)
{
  struct sigaction fallback;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    if (crash_signals[i].signum == signum)
      break;
  if (i == G_N_ELEMENTS (crash_signals))
    return;

  /* One line per process, however many threads crash or signals follow. */
  if (!crashing)
    {
      crashing = 1;
      write_all (crash_lines[i], crash_line_lengths[i]);
    }

  /* A handler that was there before (a sanitizer's report) runs as it expects. */
  if (previous_actions[i].sa_handler != SIG_DFL && previous_actions[i].sa_handler != SIG_IGN)
    {
      sigaction (signum, &previous_actions[i], NULL);
      if ((previous_actions[i].sa_flags & SA_SIGINFO) != 0)
        previous_actions[i].sa_sigaction (signum, info, context);
      else
        previous_actions[i].sa_handler (signum);
    }

  /* The default action: the signal stays blocked until this handler returns, then ends the
   * process (a fault at the same instruction would too). Core dumps are off. */
  memset (&fallback, 0, sizeof fallback);
  fallback.sa_handler = SIG_DFL;
  sigemptyset (&fallback.sa_mask);
  sigaction (signum, &fallback, NULL);
  raise (signum);
}

static void
disable_core_dumps (FcCrashFlags flags)
{
  struct rlimit none = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_warning ("Could not disable core dumps: %s", g_strerror (errno));
  if ((flags & FC_CRASH_NOT_DUMPABLE) != 0 && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not make the process non-dumpable: %s", g_strerror (errno));
}

static void
install_alt_stack (void)
{
  stack_t current;
  stack_t ours;

  /* A sanitizer may already have given this thread one. */
  if (sigaltstack (NULL, &current) == 0 && (current.ss_flags & SS_DISABLE) == 0)
    return;
  ours.ss_sp = alt_stack;
  ours.ss_size = sizeof alt_stack;
  ours.ss_flags = 0;
  sigaltstack (&ours, NULL);
}

void
fc_crash_install (const char   *program,
                  FcCrashFlags  flags)
{
  const char *id;

  g_return_if_fail (program != NULL);

  if (!g_once_init_enter (&install_once))
    return;

  disable_core_dumps (flags);
  id = fc_crash_get_build_id ();
  install_alt_stack ();

  for (gsize i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    {
      struct sigaction action;
      int len;

      len = g_snprintf (crash_lines[i], sizeof crash_lines[i],
                        "%s: " FC_CRASH_MESSAGE_PREFIX "%d, %s). FieldCard %s, build id %s. "
                        "This report holds no patient data and no core dump is written.\n",
                        program, crash_signals[i].signum, crash_signals[i].name,
                        PACKAGE_VERSION, *id != '\0' ? id : "unknown");
      crash_line_lengths[i] = MIN ((gsize) MAX (len, 0), sizeof crash_lines[i] - 1);

      memset (&action, 0, sizeof action);
      action.sa_sigaction = crash_handler;
      action.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset (&action.sa_mask);
      sigaction (crash_signals[i].signum, &action, &previous_actions[i]);
    }

  g_once_init_leave (&install_once, 1);
}
