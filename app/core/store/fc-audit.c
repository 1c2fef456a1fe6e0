/* fc-audit.c: the tamper-evident access log.
 *
 * Layout of audit.db (schema 1):
 *   entries (seq PK, time, unit_id, crew_id, incident_id, action, consent, pseudonym, detail,
 *            flagged, prev_hash, hash, head_mac): one row per entry. head_mac is only a carrier:
 *            the trigger moves it into "head" and clears it in the same transaction.
 *   head    (id = 1, seq, mac): the last entry written, keyed (HMAC of seq and hash), so that
 *            entries cut off at the end are noticed.
 *
 * Keys: the audit key file (32 random bytes) is never used directly. Two subkeys are derived
 * with HMAC-SHA-256: one for the chain (entry hashes, head) and one for patient pseudonyms.
 *
 * Canonical serialisation of an entry (what its hash covers), one field per line, in this order:
 *   "fieldcard-audit-v1\n" then NAME=LEN:VALUE\n (LEN in bytes) or NAME=-\n for NULL, for
 *   seq, time, unit, crew, incident, action, consent, pseudonym, detail, flagged, prev.
 *
 * Modules: fc-audit.c opens the log, appends and lists entries; fc-audit-chain.c
 * computes the hashes and verifies the chain; fc-audit-export.c writes the CSV export and the
 * patient access receipt; fc-audit-private.h holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-audit"

#include "config.h"

#include "fc-audit.h"
#include "fc-audit-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>

#include "fc-paths.h"

#define FC_AUDIT_CHAIN_LABEL     "fieldcard-audit-chain-v1"
#define FC_AUDIT_PSEUDONYM_LABEL "fieldcard-audit-pseudonym-v1"
/* Appends that lost the race to another process are retried this often. */
#define FC_AUDIT_APPEND_ATTEMPTS 20

G_DEFINE_FINAL_TYPE (FcAudit, fc_audit, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-audit-error-quark, fc_audit_error)

G_DEFINE_BOXED_TYPE (FcAuditEntry, fc_audit_entry, fc_audit_entry_copy, fc_audit_entry_free)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const audit_migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE entries ("
  "  seq         INTEGER PRIMARY KEY NOT NULL,"
  "  time        TEXT NOT NULL,"
  "  unit_id     TEXT,"
  "  crew_id     TEXT,"
  "  incident_id TEXT,"
  "  action      TEXT NOT NULL,"
  "  consent     TEXT NOT NULL,"
  "  pseudonym   TEXT,"
  "  detail      TEXT,"
  "  flagged     INTEGER NOT NULL,"
  "  prev_hash   TEXT NOT NULL,"
  "  hash        TEXT NOT NULL,"
  "  head_mac    TEXT);"
  "CREATE INDEX entries_flagged ON entries (flagged, seq);"
  "CREATE TABLE head ("
  "  id  INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq INTEGER NOT NULL,"
  "  mac TEXT NOT NULL);"
  "CREATE TRIGGER entries_move_head AFTER INSERT ON entries BEGIN"
  "  INSERT OR REPLACE INTO head (id, seq, mac) VALUES (1, NEW.seq, NEW.head_mac);"
  "  UPDATE entries SET head_mac = NULL WHERE seq = NEW.seq;"
  "END;",
  NULL
};

static const char *const known_actions[] = {
  FC_AUDIT_ACTION_CARD_READ,
  FC_AUDIT_ACTION_FETCH,
  FC_AUDIT_ACTION_VIEW_SECTION,
  FC_AUDIT_ACTION_EXPAND_HISTORY,
  FC_AUDIT_ACTION_WRONG_PERSON,
  FC_AUDIT_ACTION_PURGE,
  FC_AUDIT_ACTION_EXPORT,
  FC_AUDIT_ACTION_CONSENT_WAIVED,
  FC_AUDIT_ACTION_HANDOVER,
  FC_AUDIT_ACTION_PIN_VERIFY,
};

#define ENTRY_COLUMNS \
  "seq, time, unit_id, crew_id, incident_id, action, consent, pseudonym, detail, flagged, " \
  "prev_hash, hash"

/* FcAuditEntry */

FcAuditEntry *
fc_audit_entry_copy (const FcAuditEntry *entry)
{
  FcAuditEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (FcAuditEntry, 1);
  copy->seq = entry->seq;
  copy->time = g_strdup (entry->time);
  copy->unit_id = g_strdup (entry->unit_id);
  copy->crew_id = g_strdup (entry->crew_id);
  copy->incident_id = g_strdup (entry->incident_id);
  copy->action = g_strdup (entry->action);
  copy->consent = g_strdup (entry->consent);
  copy->pseudonym = g_strdup (entry->pseudonym);
  copy->detail = g_strdup (entry->detail);
  copy->flagged = entry->flagged;
  copy->prev_hash = g_strdup (entry->prev_hash);
  copy->hash = g_strdup (entry->hash);
  return copy;
}

void
fc_audit_entry_free (FcAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->time);
  g_free (entry->unit_id);
  g_free (entry->crew_id);
  g_free (entry->incident_id);
  g_free (entry->action);
  g_free (entry->consent);
  g_free (entry->pseudonym);
  g_free (entry->detail);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

/* Helpers */

static gboolean
fc_audit_check_open (FcAudit  *self,
                     GError  **error)
{
  if (self->store == NULL)
    {
      g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_CLOSED,
                           _("The audit log is closed"));
      return FALSE;
    }

  return TRUE;
}

/* A subkey: HMAC-SHA-256 (@key, @label) as a new secret. */
static FcSecret *
derive_key (FcSecret   *key,
            const char *label)
{
  char *hex = fc_crypto_hmac_hex (key, label, strlen (label));
  FcSecret *secret = fc_secret_new ((const guint8 *) hex, strlen (hex));

  OPENSSL_cleanse (hex, strlen (hex));
  g_free (hex);
  return secret;
}

char *
fc_audit_row_dup_string (GVariant *row,
                         gsize     index)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (row, index);

  if (g_variant_is_of_type (child, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (child, NULL);
  if (g_variant_is_of_type (child, G_VARIANT_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (child));
  return NULL;
}

gint64
fc_audit_row_get_int64 (GVariant *row,
                        gsize     index,
                        gint64    fallback)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (row, index);

  if (g_variant_is_of_type (child, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (child);
  return fallback;
}

static FcAuditEntry *
entry_from_row (GVariant *row)
{
  FcAuditEntry *entry = g_new0 (FcAuditEntry, 1);

  entry->seq = fc_audit_row_get_int64 (row, 0, 0);
  entry->time = fc_audit_row_dup_string (row, 1);
  entry->unit_id = fc_audit_row_dup_string (row, 2);
  entry->crew_id = fc_audit_row_dup_string (row, 3);
  entry->incident_id = fc_audit_row_dup_string (row, 4);
  entry->action = fc_audit_row_dup_string (row, 5);
  entry->consent = fc_audit_row_dup_string (row, 6);
  entry->pseudonym = fc_audit_row_dup_string (row, 7);
  entry->detail = fc_audit_row_dup_string (row, 8);
  /* Kept as read (not folded to TRUE/FALSE), so that an edited value fails the hash. */
  entry->flagged = (gboolean) CLAMP (fc_audit_row_get_int64 (row, 9, -1), -1, 1000);
  entry->prev_hash = fc_audit_row_dup_string (row, 10);
  entry->hash = fc_audit_row_dup_string (row, 11);
  return entry;
}

static gboolean
action_is_known (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_actions); i++)
    if (g_strcmp0 (action, known_actions[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* Microseconds and the zone offset: 2026-05-01T10:32:07.123456+09:00. */
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f%:z");
}

/* Creates @path empty with mode 0600 (and its folder 0700) unless it exists. */
static gboolean
precreate_private (const char  *path,
                   GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s” for the audit log: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0)
    return g_close (fd, error);
  if (errno == EEXIST)
    return TRUE;

  {
    int saved_errno = errno;

    g_set_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN,
                 _("Could not create the audit log “%s”: %s"), path, g_strerror (saved_errno));
  }
  return FALSE;
}

/* GObject */

static void
fc_audit_dispose (GObject *object)
{
  FcAudit *self = FC_AUDIT (object);

  fc_audit_close (self);

  G_OBJECT_CLASS (fc_audit_parent_class)->dispose (object);
}

static void
fc_audit_finalize (GObject *object)
{
  FcAudit *self = FC_AUDIT (object);

  g_clear_pointer (&self->chain_key, fc_secret_unref);
  g_clear_pointer (&self->pseudonym_key, fc_secret_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fc_audit_parent_class)->finalize (object);
}

static void
fc_audit_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FcAudit *self = FC_AUDIT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_audit_class_init (FcAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_audit_dispose;
  object_class->finalize = fc_audit_finalize;
  object_class->get_property = fc_audit_get_property;

  /**
   * FcAudit:path:
   *
   * The audit.db file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fc_audit_init (FcAudit *self)
{
  g_mutex_init (&self->mutex);
}

/* Public API */

const char * const *
fc_audit_get_migrations (void)
{
  return (const char * const *) audit_migrations;
}

const char *
fc_audit_consent_to_string (FcConsent consent)
{
  switch (consent)
    {
    case FC_CONSENT_GIVEN:
      return "given";
    case FC_CONSENT_WAIVED_UNABLE:
      return "waived_unable";
    case FC_CONSENT_REFUSED:
      return "refused";
    case FC_CONSENT_NONE:
    default:
      return "none";
    }
}

gboolean
fc_audit_is_flagged (const char *action,
                     FcConsent   consent)
{
  g_return_val_if_fail (action != NULL, FALSE);

  return g_str_equal (action, FC_AUDIT_ACTION_CONSENT_WAIVED) ||
         g_str_equal (action, FC_AUDIT_ACTION_WRONG_PERSON) ||
         g_str_equal (action, FC_AUDIT_ACTION_PURGE) ||
         g_str_equal (action, FC_AUDIT_ACTION_EXPORT) ||
         consent == FC_CONSENT_WAIVED_UNABLE;
}

/**
 * fc_audit_open:
 * @dir: the folder of audit.db and audit.key
 * @create: whether to create them when missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the audit log, or %NULL with @error set
 */
FcAudit *
fc_audit_open (const char  *dir,
               gboolean     create,
               GError     **error)
{
  g_autoptr(FcAudit) self = NULL;
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *key_path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FC_TYPE_AUDIT, NULL);
  self->path = g_build_filename (dir, FC_AUDIT_DB_NAME, NULL);
  key_path = g_build_filename (dir, FC_AUDIT_KEY_NAME, NULL);

  if (!create && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_MISSING,
                   _("There is no audit log in “%s”."), dir);
      return NULL;
    }

  /* The key first: a database without its key could never be verified. */
  key = fc_crypto_load_device_key (key_path, create, error);
  if (key == NULL)
    return NULL;
  self->chain_key = derive_key (key, FC_AUDIT_CHAIN_LABEL);
  self->pseudonym_key = derive_key (key, FC_AUDIT_PSEUDONYM_LABEL);

  /* Created readable by this user only; SQLite gives the -wal and -shm files the same mode. */
  if (create && !precreate_private (self->path, error))
    return NULL;

  self->store = fc_store_open (self->path, audit_migrations, error);
  if (self->store == NULL)
    return NULL;

  /* Freed pages (the cleared head carrier, …) are overwritten. */
  rows = fc_store_query_sync (self->store, "PRAGMA secure_delete = ON", NULL, error);
  if (rows == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

FcAudit *
fc_audit_open_default (gboolean   training,
                       GError   **error)
{
  g_autofree char *dir = fc_paths_get_user_dir (training);

  return fc_audit_open (dir, TRUE, error);
}

const char *
fc_audit_get_path (FcAudit *self)
{
  g_return_val_if_fail (FC_IS_AUDIT (self), NULL);

  return self->path;
}

char *
fc_audit_pseudonym (FcAudit    *self,
                    const char *cert_sha256_hex)
{
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (FC_IS_AUDIT (self), NULL);
  g_return_val_if_fail (cert_sha256_hex != NULL, NULL);

  normalised = g_ascii_strdown (cert_sha256_hex, -1);
  return fc_crypto_hmac_hex (self->pseudonym_key, normalised, strlen (normalised));
}

/* Reads the last entry and the head record. */
static gboolean
read_tail (FcAudit  *self,
           gint64   *tail_seq,
           char    **tail_hash,
           gint64   *head_seq,
           GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = fc_store_query_sync (self->store,
                              "SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1",
                              NULL, error);
  if (rows == NULL)
    return FALSE;
  *tail_seq = 0;
  *tail_hash = NULL;
  if (rows->len > 0)
    {
      *tail_seq = fc_audit_row_get_int64 (g_ptr_array_index (rows, 0), 0, 0);
      *tail_hash = fc_audit_row_dup_string (g_ptr_array_index (rows, 0), 1);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = fc_store_query_sync (self->store, "SELECT seq FROM head WHERE id = 1", NULL, error);
  if (rows == NULL)
    {
      g_clear_pointer (tail_hash, g_free);
      return FALSE;
    }
  *head_seq = rows->len > 0 ? fc_audit_row_get_int64 (g_ptr_array_index (rows, 0), 0, 0) : 0;
  return TRUE;
}

gint64
fc_audit_append (FcAudit     *self,
                 const char  *action,
                 const char  *unit_id,
                 const char  *crew_id,
                 const char  *incident_id,
                 FcConsent    consent,
                 const char  *cert_sha256_hex,
                 const char  *detail,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *pseudonym = NULL;

  g_return_val_if_fail (FC_IS_AUDIT (self), -1);
  g_return_val_if_fail (action_is_known (action), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!fc_audit_check_open (self, error))
    return -1;

  if (cert_sha256_hex != NULL)
    pseudonym = fc_audit_pseudonym (self, cert_sha256_hex);

  locker = g_mutex_locker_new (&self->mutex);

  for (int attempt = 0; attempt < FC_AUDIT_APPEND_ATTEMPTS; attempt++)
    {
      g_autofree char *tail_hash = NULL;
      g_autofree char *time = NULL;
      g_autofree char *hash = NULL;
      g_autofree char *mac = NULL;
      FcAuditEntry entry = { 0 };
      gint64 tail_seq = 0;
      gint64 head_seq = 0;
      gint64 rowid;

      if (!read_tail (self, &tail_seq, &tail_hash, &head_seq, error))
        return -1;

      /* When the head is ahead of the last entry, entries were cut off: the new entry keeps the
       * gap visible instead of closing it. */
      time = now_iso8601 ();
      entry.seq = MAX (tail_seq, head_seq) + 1;
      entry.time = time;
      entry.unit_id = (char *) unit_id;
      entry.crew_id = (char *) crew_id;
      entry.incident_id = (char *) incident_id;
      entry.action = (char *) action;
      entry.consent = (char *) fc_audit_consent_to_string (consent);
      entry.pseudonym = pseudonym;
      entry.detail = (char *) detail;
      entry.flagged = fc_audit_is_flagged (action, consent);
      entry.prev_hash = tail_hash != NULL ? tail_hash : (char *) FC_AUDIT_GENESIS_HASH;

      hash = fc_audit_entry_hash (self, &entry, entry.seq);
      mac = fc_audit_head_mac (self, entry.seq, hash);

      /* Inserted only if nobody appended since the tail was read (another process). */
      rowid = fc_store_execute_sync (self->store,
                                     "INSERT INTO entries (" ENTRY_COLUMNS ", head_mac) "
                                     "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13 "
                                     "WHERE coalesce ((SELECT max (seq) FROM entries), 0) = ?14",
                                     g_variant_new ("(xsmsmsmsssmsmsxsssx)",
                                                    entry.seq, entry.time, entry.unit_id,
                                                    entry.crew_id, entry.incident_id,
                                                    entry.action, entry.consent,
                                                    entry.pseudonym, entry.detail,
                                                    (gint64) (entry.flagged ? 1 : 0),
                                                    entry.prev_hash, hash, mac, tail_seq),
                                     error);
      if (rowid < 0)
        return -1;
      if (rowid == entry.seq)
        {
          g_debug ("Audit entry %" G_GINT64_FORMAT ": %s", entry.seq, action);
          return entry.seq;
        }
      /* Another connection appended first. Writers that retry in lock step can keep losing to
       * each other (seen with two threads under AddressSanitizer): wait a random, growing
       * moment (≤ ~40 ms a try, < 1 s in all) before reading the tail again. */
      g_usleep (g_random_int_range (100, 2000 * MIN (attempt + 1, 20)));
    }

  g_set_error_literal (error, FC_STORE_ERROR, FC_STORE_ERROR_SQL,
                       _("The audit log is busy: another program keeps writing to it."));
  return -1;
}

GPtrArray *
fc_audit_list (FcAudit   *self,
               gboolean   flagged_only,
               GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (FC_IS_AUDIT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fc_audit_check_open (self, error))
    return NULL;

  if (flagged_only)
    rows = fc_store_query_sync (self->store,
                                "SELECT " ENTRY_COLUMNS " FROM entries WHERE flagged = 1 "
                                "ORDER BY seq", NULL, error);
  else
    rows = fc_store_query_sync (self->store,
                                "SELECT " ENTRY_COLUMNS " FROM entries ORDER BY seq",
                                NULL, error);
  if (rows == NULL)
    return NULL;

  entries = g_ptr_array_new_full (rows->len, (GDestroyNotify) fc_audit_entry_free);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (entries, entry_from_row (g_ptr_array_index (rows, i)));

  return entries;
}

void
fc_audit_close (FcAudit *self)
{
  g_return_if_fail (FC_IS_AUDIT (self));

  if (self->store != NULL)
    {
      fc_store_close (self->store);
      g_clear_object (&self->store);
    }
}
