/* fc-test-init.c: compiled into every test program (tests/meson.build adds it to core_dep).
 *
 * Before main() runs, OpenSSL is initialised without its atexit() cleanup, as fieldcard and
 * fieldcard-cli do first thing in main() (fc_crash_init_openssl(), fc-crash.h): otherwise
 * OPENSSL_cleanup() frees OpenSSL's global state at exit while a GLib worker thread (a store
 * worker, a reader thread, a thread-pool thread ending) still uses it — a double free that the
 * sanitizer pass reports at random.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fc-crash.h"

__attribute__((constructor)) static void fc_test_init_openssl (void);

__attribute__((constructor)) static void
fc_test_init_openssl (void)
{
  fc_crash_init_openssl ();
}
