/* fc-audit-chain.c: the hash chain of the audit log: the canonical serialisation of an entry
 * (see the top of fc-audit.c), its keyed hash, the keyed head record, and fc_audit_verify(),
 * which says how a broken chain was tampered with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-audit"

#include "config.h"

#include "fc-audit.h"
#include "fc-audit-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#define FC_AUDIT_CANON_HEADER    "fieldcard-audit-v1\n"
#define FC_AUDIT_HEAD_HEADER     "fieldcard-audit-head-v1\n"

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

char *
fc_audit_entry_hash (FcAudit            *self,
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
  expected = fc_audit_entry_hash (self, entry, seq);
  return g_str_equal (expected, entry->hash);
}

char *
fc_audit_head_mac (FcAudit    *self,
                   gint64      seq,
                   const char *hash)
{
  g_autofree char *text = g_strdup_printf (FC_AUDIT_HEAD_HEADER "%" G_GINT64_FORMAT "\n%s",
                                           seq, hash != NULL ? hash : "");

  return fc_crypto_hmac_hex (self->chain_key, text, strlen (text));
}

/* The head record as read. */
typedef struct {
  gboolean  present;
  gint64    seq;
  char     *mac; /* (owned) (nullable) */
} FcAuditHead;

/* Whether @head vouches for entry @seq with hash @hash. */
static gboolean
head_is_authentic (FcAudit           *self,
                   gint64             seq,
                   const char        *hash,
                   const FcAuditHead *head)
{
  g_autofree char *expected = NULL;

  if (!head->present || head->seq != seq)
    return FALSE;
  expected = fc_audit_head_mac (self, seq, hash);
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

/* Says that entries @first to @last are missing. */
static void
set_missing_error (GError **error,
                   gint64   first,
                   gint64   last)
{
  if (first == last)
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                 _("Entry %lld is missing (deleted)."), (long long) first);
  else
    g_set_error (error, FC_AUDIT_ERROR, FC_AUDIT_ERROR_DELETED,
                 _("Entries %lld to %lld are missing (deleted)."), (long long) first,
                 (long long) last);
}

/* Explains why @entries[@index] fails its own hash. Every entry before it is sound;
 * @expected_prev is the hash of the one just before. */
static void
explain_bad_entry (FcAudit            *self,
                   GPtrArray          *entries,
                   guint               index,
                   const char         *expected_prev,
                   const FcAuditHead  *head,
                   gint64              max_seq,
                   GError            **error)
{
  const FcAuditEntry *entry = g_ptr_array_index (entries, index);
  const FcAuditEntry *next = index + 1 < entries->len ? g_ptr_array_index (entries, index + 1)
                                                      : NULL;
  gint64 original = find_authentic_seq (self, entry, max_seq + entries->len + 1);
  gboolean inserted;

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

  /* Not an authentic entry at any position: changed in place, or made up. The entry after it
   * still linking to it means changed; linking past it, made up. */
  if (next != NULL)
    inserted = g_strcmp0 (next->prev_hash, entry->hash) != 0
               && g_strcmp0 (next->prev_hash, expected_prev) == 0;
  else
    /* The last entry, and the head does not vouch for it: the head still names the entry
     * before, or was rewritten by the insert. */
    inserted = !head_is_authentic (self, entry->seq, entry->hash, head);

  if (inserted)
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
  FcAuditHead head = { FALSE, 0, NULL };
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
      head.seq = fc_audit_row_get_int64 (g_ptr_array_index (head_rows, 0), 0, 0);
      head.mac = fc_audit_row_dup_string (g_ptr_array_index (head_rows, 0), 1);
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
          set_missing_error (error, expected_seq, entry->seq - 1);
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
      set_missing_error (error, expected_seq, head.seq);
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
