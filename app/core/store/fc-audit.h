/* fc-audit.h: the tamper-evident access log (audit.db).
 *
 * Every access to patient data (card read, fetch, section view, full history, wrong person,
 * handover) and every administrative act on it (consent waived, export, purge) is one entry:
 * sequence number, time (ISO 8601 with zone), unit and crew, incident, action, consent basis,
 * the patient as a keyed pseudonym (HMAC-SHA-256 of the certificate's SHA-256 under this
 * device's audit key: never a raw identifier), a short detail code and a "flagged" mark for the
 * privacy officer. Entries are hash-chained: each stores the previous entry's hash, and its own
 * hash is HMAC-SHA-256 over a canonical serialisation of all its fields including that link.
 * Without the audit key nobody can edit, delete, reorder or insert an entry unnoticed, and a
 * keyed "head" record, written in the same transaction as each entry, reveals entries cut off at
 * the end.
 *
 * The audit key is its own file (audit.key, 0600) beside audit.db, separate from the cache's
 * device key, so that a decommissioning purge can shred the cache and keep the audit verifiable.
 *
 * Thread-safe: appends are serialised, and two processes appending at once (the app and
 * fieldcard-cli) never fork the chain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-crypto.h"
#include "fc-store.h"

G_BEGIN_DECLS

#define FC_AUDIT_DB_NAME  "audit.db"
#define FC_AUDIT_KEY_NAME "audit.key"

/* Actions (stable strings, in the CSV export). */
#define FC_AUDIT_ACTION_CARD_READ      "card-read"
#define FC_AUDIT_ACTION_FETCH          "fetch"          /* detail: result=ok source=… | result=… */
#define FC_AUDIT_ACTION_VIEW_SECTION   "view-section"   /* detail: section=… */
#define FC_AUDIT_ACTION_EXPAND_HISTORY "expand-history"
#define FC_AUDIT_ACTION_WRONG_PERSON   "wrong-person"   /* flagged */
#define FC_AUDIT_ACTION_PURGE          "purge"          /* flagged; detail: scope=all|expired … */
#define FC_AUDIT_ACTION_EXPORT         "export"         /* flagged; detail: scope=flagged|all */
#define FC_AUDIT_ACTION_CONSENT_WAIVED "consent-waived" /* flagged; detail: reason=CODE */
#define FC_AUDIT_ACTION_HANDOVER       "handover"
#define FC_AUDIT_ACTION_PIN_VERIFY     "pin-verify"     /* detail: result=ok|wrong|blocked tries=N */

/* The prev_hash of the first entry. */
#define FC_AUDIT_GENESIS_HASH \
  "0000000000000000000000000000000000000000000000000000000000000000"

#define FC_AUDIT_ERROR (fc_audit_error_quark ())

/**
 * FcAuditError:
 * @FC_AUDIT_ERROR_EDITED: an entry (or the head record) was changed after it was written
 * @FC_AUDIT_ERROR_DELETED: one or more entries are missing
 * @FC_AUDIT_ERROR_REORDERED: an authentic entry sits at another position than its own
 * @FC_AUDIT_ERROR_INSERTED: an entry that this device never wrote was added
 * @FC_AUDIT_ERROR_MISSING: there is no audit log in that folder
 */
typedef enum {
  FC_AUDIT_ERROR_EDITED,
  FC_AUDIT_ERROR_DELETED,
  FC_AUDIT_ERROR_REORDERED,
  FC_AUDIT_ERROR_INSERTED,
  FC_AUDIT_ERROR_MISSING,
} FcAuditError;

/* One entry as stored. */
typedef struct {
  gint64    seq;
  char     *time;        /* ISO 8601 with zone */
  char     *unit_id;     /* (nullable) */
  char     *crew_id;     /* (nullable) */
  char     *incident_id; /* (nullable) */
  char     *action;
  char     *consent;     /* none | given | waived_unable | refused */
  char     *pseudonym;   /* (nullable): 64 hex */
  char     *detail;      /* (nullable) */
  gboolean  flagged;     /* 1 or 0 as stored (another value means the row was edited) */
  char     *prev_hash;
  char     *hash;
} FcAuditEntry;

#define FC_TYPE_AUDIT_ENTRY (fc_audit_entry_get_type ())

GType         fc_audit_entry_get_type  (void) G_GNUC_CONST;
FcAuditEntry *fc_audit_entry_copy      (const FcAuditEntry *entry);
void          fc_audit_entry_free      (FcAuditEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcAuditEntry, fc_audit_entry_free)

#define FC_TYPE_AUDIT (fc_audit_get_type ())

G_DECLARE_FINAL_TYPE (FcAudit, fc_audit, FC, AUDIT, GObject)

/* Properties: "path" (string, read-only): the audit.db file. */

GQuark      fc_audit_error_quark       (void);
/* Migrations of audit.db (for tests that open it with fc_store_open()). */
const char * const *fc_audit_get_migrations (void);
/* Stable name of @consent as stored ("given", "waived_unable", …). */
const char *fc_audit_consent_to_string (FcConsent   consent);
/* Whether an entry of @action under @consent is flagged for the privacy officer: waived
 * consent, wrong person, purge and export, and every access made under a waiver. */
gboolean    fc_audit_is_flagged        (const char *action,
                                        FcConsent   consent);

/* Opens @dir/audit.db with the audit key @dir/audit.key. With @create, both are created on
 * first use (folder 0700, key 0600); without, a folder with no audit.db fails with
 * FC_AUDIT_ERROR_MISSING. A key file with the wrong mode, owner or size fails with
 * FC_CRYPTO_ERROR_KEY_FILE and says what to do. */
G_GNUC_WARN_UNUSED_RESULT
FcAudit    *fc_audit_open              (const char   *dir,
                                        gboolean      create,
                                        GError      **error);
/* fc_audit_open() on fc_paths_get_user_dir (@training), creating. */
G_GNUC_WARN_UNUSED_RESULT
FcAudit    *fc_audit_open_default      (gboolean      training,
                                        GError      **error);
const char *fc_audit_get_path          (FcAudit      *self);
/* The patient pseudonym for a certificate: HMAC-SHA-256 (derived audit key, @cert_sha256_hex)
 * as 64 lower-case hex. Stable on one device, unrelated across devices. */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_audit_pseudonym         (FcAudit      *self,
                                        const char   *cert_sha256_hex);
/* Appends one entry and returns its sequence number (from 1), or -1 with @error set.
 * @action: one of FC_AUDIT_ACTION_*; @unit_id, @crew_id, @incident_id, @cert_sha256_hex (which
 * is stored only as its pseudonym), @detail: (nullable). @detail is a short code such as
 * "section=medication" or "reason=unconscious": NEVER patient data. */
gint64      fc_audit_append            (FcAudit      *self,
                                        const char   *action,
                                        const char   *unit_id,
                                        const char   *crew_id,
                                        const char   *incident_id,
                                        FcConsent     consent,
                                        const char   *cert_sha256_hex,
                                        const char   *detail,
                                        GError      **error);
/* Every entry in sequence order (element-type FcAuditEntry), or only the flagged ones. */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *fc_audit_list              (FcAudit      *self,
                                        gboolean      flagged_only,
                                        GError      **error);
/* Checks the whole chain. TRUE when it is intact (@out_n_entries: (optional) how many
 * entries). Otherwise FALSE with an FC_AUDIT_ERROR saying how the log was tampered with and
 * @out_bad_seq: (optional) the first bad entry's sequence number; or a store error. */
gboolean    fc_audit_verify            (FcAudit      *self,
                                        gint64       *out_n_entries,
                                        gint64       *out_bad_seq,
                                        GError      **error);
/* Writes the entries (all, or only the flagged ones) as CSV (RFC 4180, UTF-8, header line)
 * to @stream. Returns the number of rows, or -1. Does not append the "export" entry: the
 * caller does, before exporting, so that the export records itself. */
gint64      fc_audit_export_csv        (FcAudit       *self,
                                        GOutputStream *stream,
                                        gboolean       flagged_only,
                                        GCancellable  *cancellable,
                                        GError       **error);
/* fc_audit_export_csv() of the flagged entries: what the privacy officer reviews. */
gint64      fc_audit_export_flagged_csv (FcAudit      *self,
                                         GOutputStream *stream,
                                         GError      **error);
/* Waits for queued work and closes the database; later calls fail. */
void        fc_audit_close             (FcAudit      *self);

/* The patient access receipt as a picture: a QR code of @text (when FieldCard was built with
 * libqrencode) above the text itself, on white, ready to show or print. Returns PNG data. */
G_GNUC_WARN_UNUSED_RESULT
GBytes     *fc_audit_render_receipt_png (const char  *text,
                                         GError     **error);
/* The same receipt as a one-page PDF (A6) at @path, for the unit's printer. */
gboolean    fc_audit_render_receipt_pdf (const char  *text,
                                         const char  *path,
                                         GError     **error);
/* Whether receipts carry a QR code (libqrencode was found at build time). */
gboolean    fc_audit_receipt_has_qr     (void);

G_END_DECLS
