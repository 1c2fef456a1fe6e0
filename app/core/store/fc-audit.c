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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-audit"

#include "config.h"

#include "fc-audit.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>

#ifdef HAVE_QRENCODE
#include <qrencode.h>
#endif

#include "fc-paths.h"

#define FC_AUDIT_CHAIN_LABEL     "fieldcard-audit-chain-v1"
#define FC_AUDIT_PSEUDONYM_LABEL "fieldcard-audit-pseudonym-v1"
#define FC_AUDIT_CANON_HEADER    "fieldcard-audit-v1\n"
#define FC_AUDIT_HEAD_HEADER     "fieldcard-audit-head-v1\n"
/* Appends that lost the race to another process are retried this often. */
#define FC_AUDIT_APPEND_ATTEMPTS 20

struct _FcAudit
{
  GObject   parent_instance;

  FcStore  *store;          /* (owned) (nullable): NULL once closed */
  FcSecret *chain_key;      /* (owned) */
  FcSecret *pseudonym_key;  /* (owned) */
  char     *path;           /* (owned) */
  GMutex    mutex;          /* serialises appends */
};

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

static void
canon_field (GString    *out,
             const char *name,
             const char *value)
{
  g_string_append (out, name);
  if (value == NULL)
    g_string_append (out, "=-\n");
  else
    g_string_append_printf (out, "=%" G_GSIZE_FORMAT ":%s\n", strlen (value), value);
}

/* The canonical serialisation of @entry as if it were entry number @seq. */
static char *
canonical (const FcAuditEntry *entry,
           gint64              seq)
{
  GString *out = g_string_new (FC_AUDIT_CANON_HEADER);
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, seq);
  canon_field (out, "seq", number);
  canon_field (out, "time", entry->time);
  canon_field (out, "unit", entry->unit_id);
  canon_field (out, "crew", entry->crew_id);
  canon_field (out, "incident", entry->incident_id);
  canon_field (out, "action", entry->action);
  canon_field (out, "consent", entry->consent);
  canon_field (out, "pseudonym", entry->pseudonym);
  canon_field (out, "detail", entry->detail);
  g_snprintf (number, sizeof number, "%d", (int) entry->flagged);
  canon_field (out, "flagged", number);
  canon_field (out, "prev", entry->prev_hash);

  return g_string_free (out, FALSE);
}

static char *
entry_hash_as (FcAudit            *self,
               const FcAuditEntry *entry,
               gint64              seq)
{
  g_autofree char *text = canonical (entry, seq);

  return fc_crypto_hmac_hex (self->chain_key, text, strlen (text));
}

/* Whether @entry's stored hash is right for it at position @seq. */
static gboolean
entry_is_authentic_as (FcAudit            *self,
                       const FcAuditEntry *entry,
                       gint64              seq)
{
  g_autofree char *expected = NULL;

  if (entry->hash == NULL)
    return FALSE;
  expected = entry_hash_as (self, entry, seq);
  return g_str_equal (expected, entry->hash);
}

static char *
head_mac (FcAudit    *self,
          gint64      seq,
          const char *hash)
{
  g_autofree char *text = g_strdup_printf (FC_AUDIT_HEAD_HEADER "%" G_GINT64_FORMAT "\n%s",
                                           seq, hash != NULL ? hash : "");

  return fc_crypto_hmac_hex (self->chain_key, text, strlen (text));
}

static char *
row_dup_string (GVariant *row,
                gsize     index)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (row, index);

  if (g_variant_is_of_type (child, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (child, NULL);
  if (g_variant_is_of_type (child, G_VARIANT_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (child));
  return NULL;
}

static gint64
row_get_int64 (GVariant *row,
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

  entry->seq = row_get_int64 (row, 0, 0);
  entry->time = row_dup_string (row, 1);
  entry->unit_id = row_dup_string (row, 2);
  entry->crew_id = row_dup_string (row, 3);
  entry->incident_id = row_dup_string (row, 4);
  entry->action = row_dup_string (row, 5);
  entry->consent = row_dup_string (row, 6);
  entry->pseudonym = row_dup_string (row, 7);
  entry->detail = row_dup_string (row, 8);
  /* Kept as read (not folded to TRUE/FALSE), so that an edited value fails the hash. */
  entry->flagged = (gboolean) CLAMP (row_get_int64 (row, 9, -1), -1, 1000);
  entry->prev_hash = row_dup_string (row, 10);
  entry->hash = row_dup_string (row, 11);
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
      *tail_seq = row_get_int64 (g_ptr_array_index (rows, 0), 0, 0);
      *tail_hash = row_dup_string (g_ptr_array_index (rows, 0), 1);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = fc_store_query_sync (self->store, "SELECT seq FROM head WHERE id = 1", NULL, error);
  if (rows == NULL)
    {
      g_clear_pointer (tail_hash, g_free);
      return FALSE;
    }
  *head_seq = rows->len > 0 ? row_get_int64 (g_ptr_array_index (rows, 0), 0, 0) : 0;
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

      hash = entry_hash_as (self, &entry, entry.seq);
      mac = head_mac (self, entry.seq, hash);

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

/* The head record as read. */
typedef struct {
  gboolean  present;
  gint64    seq;
  char     *mac; /* (owned) (nullable) */
} Head;

/* Whether @head vouches for entry @seq with hash @hash. */
static gboolean
head_is_authentic (FcAudit    *self,
                   gint64      seq,
                   const char *hash,
                   const Head *head)
{
  g_autofree char *expected = NULL;

  if (!head->present || head->seq != seq)
    return FALSE;
  expected = head_mac (self, seq, hash);
  return g_strcmp0 (expected, head->mac) == 0;
}

/* The sequence number under which @entry is authentic, searching 1 … @max_seq; 0 if none. */
static gint64
find_authentic_seq (FcAudit            *self,
                    const FcAuditEntry *entry,
                    gint64              max_seq)
{
  for (gint64 seq = 1; seq <= max_seq; seq++)
    if (entry_is_authentic_as (self, entry, seq))
      return seq;
  return 0;
}

/* Explains why @entries[@index] fails its own hash. Every entry before it is sound;
 * @expected_prev is the hash of the one just before. */
static void
explain_bad_entry (FcAudit    *self,
                   GPtrArray  *entries,
                   guint       index,
                   const char *expected_prev,
                   const Head *head,
                   gint64      max_seq,
                   GError    **error)
{
  const FcAuditEntry *entry = g_ptr_array_index (entries, index);
  const FcAuditEntry *next = index + 1 < entries->len ? g_ptr_array_index (entries, index + 1)
                                                      : NULL;
  gint64 original = find_authentic_seq (self, entry, max_seq + entries->len + 1);

  if (original != 0 && original < entry->seq)
    {
      g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_INSERTED,
                   _("Entry %lld is a copy of entry %lld: it was inserted."),
                   (long long) entry->seq, (long long) original);
      return;
    }

  if (original != 0)
    {
      /* An authentic entry moved forward: swapped with another one, or the entries after a
       * deleted one were renumbered to close the gap. */
      for (guint j = index + 1; j < entries->len; j++)
        if (entry_is_authentic_as (self, g_ptr_array_index (entries, j), entry->seq))
          {
            g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_REORDERED,
                         _("Entry %lld is out of order: it holds the entry written as number "
                           "%lld."), (long long) entry->seq, (long long) original);
            return;
          }
      g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                   _("Entry %lld is missing (deleted), and the entries after it were renumbered "
                     "to hide the gap."), (long long) entry->seq);
      return;
    }

  /* Not an authentic entry at any position: changed in place, or made up. */
  if (next != NULL && g_strcmp0 (next->prev_hash, entry->hash) == 0)
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_EDITED,
                 _("Entry %lld was changed after it was written."), (long long) entry->seq);
  else if (next != NULL && g_strcmp0 (next->prev_hash, expected_prev) == 0)
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_INSERTED,
                 _("Entry %lld was not written by this device: it was inserted."),
                 (long long) entry->seq);
  else if (next == NULL && !head_is_authentic (self, entry->seq, entry->hash, head))
    /* The last entry, and the head does not vouch for it: the head still names the entry
     * before, or was rewritten by the insert. */
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_INSERTED,
                 _("Entry %lld was not written by this device: it was inserted."),
                 (long long) entry->seq);
  else
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_EDITED,
                 _("Entry %lld was changed after it was written."), (long long) entry->seq);
}

gboolean
fc_audit_verify (FcAudit  *self,
                 gint64   *out_n_entries,
                 gint64   *out_bad_seq,
                 GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) head_rows = NULL;
  const char *expected_prev = FC_AUDIT_GENESIS_HASH;
  gint64 expected_seq = 1;
  gint64 max_seq = 0;
  Head head = { FALSE, 0, NULL };
  gint64 bad_seq = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (FC_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_n_entries != NULL)
    *out_n_entries = 0;
  if (out_bad_seq != NULL)
    *out_bad_seq = 0;

  entries = fc_audit_list (self, FALSE, error);
  if (entries == NULL)
    return FALSE;
  head_rows = fc_store_query_sync (self->store, "SELECT seq, mac FROM head WHERE id = 1",
                                   NULL, error);
  if (head_rows == NULL)
    return FALSE;
  if (head_rows->len > 0)
    {
      head.present = TRUE;
      head.seq = row_get_int64 (g_ptr_array_index (head_rows, 0), 0, 0);
      head.mac = row_dup_string (g_ptr_array_index (head_rows, 0), 1);
    }
  if (entries->len > 0)
    max_seq = ((FcAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->seq;
  max_seq = MAX (max_seq, head.seq);

  if (out_n_entries != NULL)
    *out_n_entries = entries->len;

  for (guint i = 0; i < entries->len; i++)
    {
      const FcAuditEntry *entry = g_ptr_array_index (entries, i);

      if (entry->seq != expected_seq)
        {
          bad_seq = expected_seq;
          if (entry->seq - 1 == expected_seq)
            g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                         _("Entry %lld is missing (deleted)."), (long long) expected_seq);
          else
            g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                         _("Entries %lld to %lld are missing (deleted)."),
                         (long long) expected_seq, (long long) (entry->seq - 1));
          goto failed;
        }

      if (!entry_is_authentic_as (self, entry, entry->seq))
        {
          bad_seq = entry->seq;
          explain_bad_entry (self, entries, i, expected_prev, &head, max_seq, error);
          goto failed;
        }

      if (g_strcmp0 (entry->prev_hash, expected_prev) != 0)
        {
          bad_seq = entry->seq;
          g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_EDITED,
                       _("Entry %lld does not follow entry %lld: one of them was replaced."),
                       (long long) entry->seq, (long long) (entry->seq - 1));
          goto failed;
        }

      expected_prev = entry->hash;
      expected_seq = entry->seq + 1;
    }

  /* The head: the last entry this device wrote. */
  if (entries->len == 0 && !head.present)
    {
      ok = TRUE;
      goto out;
    }

  if (!head.present)
    {
      bad_seq = expected_seq;
      g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_EDITED,
                   _("The record of the last entry was removed: entries after %lld may have "
                     "been deleted."), (long long) (expected_seq - 1));
      goto failed;
    }

  if (head.seq > expected_seq - 1)
    {
      bad_seq = expected_seq;
      if (head.seq == expected_seq)
        g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                     _("Entry %lld is missing (deleted)."), (long long) expected_seq);
      else
        g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                     _("Entries %lld to %lld are missing (deleted)."),
                     (long long) expected_seq, (long long) head.seq);
      goto failed;
    }

  if (!head_is_authentic (self, expected_seq - 1, expected_prev, &head))
    {
      bad_seq = MIN (head.seq, expected_seq - 1) + 1;
      g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_EDITED,
                   _("The record of the last entry was altered: entries after %lld may have "
                     "been deleted."), (long long) MIN (head.seq, expected_seq - 1));
      goto failed;
    }

  ok = TRUE;
  goto out;

failed:
  if (out_bad_seq != NULL)
    *out_bad_seq = bad_seq;
out:
  g_free (head.mac);
  return ok;
}

/* One CSV field (RFC 4180). A value that a spreadsheet would run as a formula gets a leading
 * apostrophe. */
static void
csv_field (GString    *line,
           const char *value,
           gboolean    last)
{
  gboolean quote;

  if (value == NULL)
    value = "";

  quote = strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (line, '"');
  if (strchr ("=+-@\t", value[0]) != NULL && value[0] != '\0')
    g_string_append_c (line, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  if (quote)
    g_string_append_c (line, '"');
  g_string_append (line, last ? "\r\n" : ",");
}

gint64
fc_audit_export_csv (FcAudit        *self,
                     GOutputStream  *stream,
                     gboolean        flagged_only,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (FC_IS_AUDIT (self), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  entries = fc_audit_list (self, flagged_only, error);
  if (entries == NULL)
    return -1;

  out = g_string_new ("seq,time,unit_id,crew_id,incident_id,action,consent,pseudonym,detail,"
                      "flagged,hash\r\n");
  for (guint i = 0; i < entries->len; i++)
    {
      const FcAuditEntry *entry = g_ptr_array_index (entries, i);
      char seq[32];

      g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, entry->seq);
      csv_field (out, seq, FALSE);
      csv_field (out, entry->time, FALSE);
      csv_field (out, entry->unit_id, FALSE);
      csv_field (out, entry->crew_id, FALSE);
      csv_field (out, entry->incident_id, FALSE);
      csv_field (out, entry->action, FALSE);
      csv_field (out, entry->consent, FALSE);
      csv_field (out, entry->pseudonym, FALSE);
      csv_field (out, entry->detail, FALSE);
      csv_field (out, entry->flagged == 1 ? "1" : "0", FALSE);
      csv_field (out, entry->hash, TRUE);
    }

  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return -1;

  return entries->len;
}

gint64
fc_audit_export_flagged_csv (FcAudit        *self,
                             GOutputStream  *stream,
                             GError        **error)
{
  return fc_audit_export_csv (self, stream, TRUE, NULL, error);
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

/* Receipts */

#define RECEIPT_WIDTH_PT   298.0 /* A6: 105 × 148 mm */
#define RECEIPT_HEIGHT_PT  420.0
#define RECEIPT_MARGIN     16.0
#define RECEIPT_FONT_SIZE  9.0
#define RECEIPT_LINE       12.0
#define RECEIPT_FONT       "IPAGothic"

gboolean
fc_audit_receipt_has_qr (void)
{
#ifdef HAVE_QRENCODE
  return TRUE;
#else
  return FALSE;
#endif
}

/* Splits @text into lines that fit @width at the current font: after the last space when there
 * is one, else by character (Japanese has no spaces). */
static GPtrArray *
wrap_lines (cairo_t    *cr,
            const char *text,
            double      width)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      const char *start = paragraphs[i];
      const char *p = start;

      if (*p == '\0')
        {
          g_ptr_array_add (lines, g_strdup (""));
          continue;
        }

      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          g_autofree char *candidate = g_strndup (start, next - start);
          cairo_text_extents_t extents;

          cairo_text_extents (cr, candidate, &extents);
          if (extents.x_advance > width && p != start)
            {
              /* Latin text breaks after the last space; Japanese anywhere. */
              const char *space = g_strrstr_len (start, p - start, " ");
              const char *end = space != NULL && space > start ? space + 1 : p;

              g_ptr_array_add (lines, g_strndup (start, end - start));
              start = end;
            }
          p = next;
        }
      g_ptr_array_add (lines, g_strdup (start));
    }

  return g_steal_pointer (&lines);
}

/* Draws the receipt on @cr (@width × @height in user units). */
static gboolean
draw_receipt (cairo_t     *cr,
              const char  *text,
              double       width,
              double       height,
              GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  double y = RECEIPT_MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

#ifdef HAVE_QRENCODE
  {
    QRcode *code = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0,
                                      QR_ECLEVEL_M);
    double side;
    double module;
    double x0;

    if (code == NULL)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The receipt is too long for a QR code."));
        return FALSE;
      }

    /* Four modules of quiet zone on each side. */
    side = MIN (width - 2 * RECEIPT_MARGIN, height * 0.45);
    module = side / (code->width + 8);
    x0 = (width - module * code->width) / 2;
    y += module * 4;
    for (int row = 0; row < code->width; row++)
      for (int col = 0; col < code->width; col++)
        if (code->data[row * code->width + col] & 1)
          cairo_rectangle (cr, x0 + col * module, y + row * module, module, module);
    cairo_fill (cr);
    y += module * (code->width + 4);
    QRcode_free (code);
  }
#endif

  cairo_select_font_face (cr, RECEIPT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, RECEIPT_FONT_SIZE);
  lines = wrap_lines (cr, text, width - 2 * RECEIPT_MARGIN);
  for (guint i = 0; i < lines->len && y + RECEIPT_LINE <= height; i++)
    {
      y += RECEIPT_LINE;
      cairo_move_to (cr, RECEIPT_MARGIN, y);
      cairo_show_text (cr, g_ptr_array_index (lines, i));
    }

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The receipt could not be drawn: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }

  return TRUE;
}

static cairo_status_t
png_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
fc_audit_render_receipt_png (const char  *text,
                             GError     **error)
{
  /* 2 px per point: sharp enough to scan from a tablet screen. */
  const double scale = 2.0;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (RECEIPT_WIDTH_PT * scale),
                                        (int) (RECEIPT_HEIGHT_PT * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  ok = draw_receipt (cr, text, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT, error);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  if (ok && cairo_surface_write_to_png_stream (surface, png_write_cb, png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The receipt picture could not be made."));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);

  if (!ok)
    {
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

gboolean
fc_audit_render_receipt_pdf (const char  *text,
                             const char  *path,
                             GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT);
  cr = cairo_create (surface);
  ok = draw_receipt (cr, text, RECEIPT_WIDTH_PT, RECEIPT_HEIGHT_PT, error);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the receipt “%s”: %s"),
                   path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (path);
  return ok;
}
