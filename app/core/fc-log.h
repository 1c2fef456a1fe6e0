/* fc-log.h: a GLog writer that masks patient data before anything reaches a log.
 *
 * Debug logs are switched on in the field to diagnose a reader or a network, and end up in bug
 * reports. Whatever a developer wrote into a g_debug(), these patterns never leave the process
 * in the clear:
 *   - hex runs of 16 characters or more (certificate hashes, serials, pseudonyms, keys) → [hex]
 *   - base64 runs of 40 characters or more (certificates) → [b64]
 *   - drug, allergy and test codes: 9+ upper-case letters/digits with at least 4 digits (YJ,
 *     HOT, JFAGY, JLAC10, 一般名処方) → [code]
 *   - ICD-10 codes (E11, E11.9, E119; rule ids such as "rule=R04" are kept) → [icd]
 *   - numbers after "bgl", "glucose" or before "mg/dL" → [value]
 *   - the texts of the record in memory (medicines, conditions, allergies as written, their
 *     codes' display names), which no pattern can recognise → [record]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FC_LOG_REDACTED_HEX   "[hex]"
#define FC_LOG_REDACTED_B64   "[b64]"
#define FC_LOG_REDACTED_CODE  "[code]"
#define FC_LOG_REDACTED_ICD   "[icd]"
#define FC_LOG_REDACTED_VALUE "[value]"
#define FC_LOG_REDACTED_TEXT  "[record]"

/* Returns @message with every pattern above replaced by its marker. */
G_GNUC_WARN_UNUSED_RESULT
char     *fc_log_redact                    (const char *message);
/* Replaces the list of record texts masked in every message (@texts: NULL-terminated; texts of
 * fewer than 2 characters are left out). Returns a token for fc_log_clear_record_texts(). The
 * incident sets the list when a record arrives and clears it when the record leaves memory.
 * Thread-safe. */
guint     fc_log_set_record_texts          (const char * const *texts);
/* Clears the list, if it is still the one @token set (a later record's list stays). */
void      fc_log_clear_record_texts        (guint               token);
/* Installs (once per process; later calls do nothing) a writer that redacts the MESSAGE field
 * and hands the entry to g_log_writer_default(), so G_MESSAGES_DEBUG and journald work as
 * usual. Call it first thing in main(), before anything logs. */
void      fc_log_install_redacting_writer  (void);
/* Whether the redacting writer is installed in this process. */
gboolean  fc_log_redacting_writer_installed (void);

G_END_DECLS
