/* fc-crash.h: crash output without patient data, no core dumps, and OpenSSL without its exit-time
 * cleanup (issue 8 points 3 and 7).
 *
 * When FieldCard or fieldcard-cli crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
 * SIGSYS), the only thing it writes is one fixed line on stderr: the program, the signal, the
 * version and the GNU build id of the executable (no address, no memory, no path, nothing of the
 * incident). Then the signal's previous action runs (the default one, or a sanitizer's report in
 * a sanitizer build), with core dumps disabled: RLIMIT_CORE is 0, and with
 * FC_CRASH_NOT_DUMPABLE the process is also not dumpable (PR_SET_DUMPABLE 0), so no core file
 * with the patient's summary can be written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first words of the crash line, "PROGRAM: crashed (signal N, SIGNAME)". */
#define FC_CRASH_MESSAGE_PREFIX "crashed (signal "

/**
 * FcCrashFlags:
 * @FC_CRASH_DEFAULT: RLIMIT_CORE 0 and the crash handlers
 * @FC_CRASH_NOT_DUMPABLE: also prctl (PR_SET_DUMPABLE, 0). Not for the GUI: a non-dumpable process
 *   hides /proc/PID/root from other processes of the same user, and xdg-desktop-portal needs it
 *   to identify the caller (settings, printing and file choosers would fail).
 */
typedef enum {
  FC_CRASH_DEFAULT       = 0,
  FC_CRASH_NOT_DUMPABLE  = 1 << 0,
} FcCrashFlags;

/* Initialises OpenSSL without registering OPENSSL_cleanup() with atexit(). Call it first thing
 * in main(), before anything uses OpenSSL (libcurl included): the first initialisation decides.
 * Without it, OPENSSL_cleanup() frees OpenSSL's global state at exit while a GLib worker thread
 * (a thread-pool thread, a store or reader worker) may still use it or run its thread-exit
 * cleanup, which is a use-after-free or double free. The memory is the kernel's to reclaim. */
void         fc_crash_init_openssl      (void);
/* Disables core dumps and installs the crash handlers (once per process; later calls do
 * nothing). @program names the process in the crash line. Call it early in main(). */
void         fc_crash_install           (const char   *program,
                                         FcCrashFlags  flags);
/* The GNU build id of the executable as lower-case hex, or "" when it has none. */
const char  *fc_crash_get_build_id      (void);

G_END_DECLS
