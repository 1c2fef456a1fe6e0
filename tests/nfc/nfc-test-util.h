/* nfc-test-util.h: the emulated-reader fixture, the fc-pn532-emulator program and fieldcard-cli,
 * shared by the tests of tests/nfc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-nfc-transport.h"
#include "fc-pn532-emu.h"
#include "fc-virtual-card.h"

#include "card-test-util.h"
#include "nfc-test-certs.h"

G_BEGIN_DECLS

/* g_test_init() and make_test_certs(). */
void            nfc_test_init               (int    *argc,
                                             char ***argv);
/* g_test_run(), then frees the test certificates. */
int             nfc_test_run                (void);

/* A virtual card (test_cert, issued by test_ca_der) behind the emulated PN532 on a pty, and the
 * real libnfc transport on it. */
typedef struct
{
  char           *dir;
  char           *link;
  char           *connstring;
  FcVirtualCard  *card;
  FcTestRecorder *blocked;    /* (nullable): between the card and the emulator */
  FcPn532Emu     *emu;
  FcNfcTransport *transport;
  GPtrArray      *anchors;    /* test_ca_der */
} NfcFixture;

/* Nothing is opened yet. With @data GINT_TO_POINTER (TRUE), @blocked answers a counter query
 * on a blocked card with 6984 instead of 63C0 (as some JPKI cards do). */
void            nfc_fixture_setup           (NfcFixture    *f,
                                             gconstpointer  data);
/* The same, then the reader is opened, the card found, and the emulator's log reset. */
void            nfc_fixture_setup_present   (NfcFixture    *f,
                                             gconstpointer  data);
void            nfc_fixture_teardown        (NfcFixture    *f,
                                             gconstpointer  data);

/* fc_jpki_read_identity() through the fixture's transport and anchors. */
FcCardIdentity *nfc_fixture_read            (NfcFixture    *f,
                                             GError       **error);
/* Sends @hex through @transport; NULL with @error set on failure. */
GBytes         *nfc_test_xchg               (FcNfcTransport *transport,
                                             const char     *hex,
                                             GError        **error);
/* @identity is test_cert, byte for byte. */
void            nfc_test_assert_identity_matches (FcCardIdentity *identity);
/* For qsort() of doubles. */
int             nfc_test_compare_double     (gconstpointer a,
                                             gconstpointer b);

/* The fc-pn532-emulator program serving test_cert (and test_ca_der as EF 000B with @with_ca). */
typedef struct
{
  char        *dir;
  char        *cert_path;
  char        *ca_path;       /* test_ca_der, written in any case */
  GSubprocess *emulator;
  char        *connstring;
} NfcEmulatorProgram;

void            nfc_emulator_program_start  (NfcEmulatorProgram *p,
                                             gboolean            with_ca);
/* Writes @line to the emulator's console and gives it time to act. */
void            nfc_emulator_program_say    (NfcEmulatorProgram *p,
                                             const char         *line);
void            nfc_emulator_program_stop   (NfcEmulatorProgram *p);

/* Runs fieldcard-cli with @argv (NULL-terminated) and @input (nullable) on stdin; returns the
 * exit status. */
int             nfc_test_run_cli            (const char * const  *argv,
                                             const char          *input,
                                             char               **out_stdout,
                                             char               **out_stderr);
/* A refused command: exit status 2, nothing on stdout, one "fieldcard-cli: " line with @text. */
void            nfc_test_assert_one_error_line (int         status,
                                                const char *out,
                                                const char *err,
                                                const char *text);

G_END_DECLS
