/* fc-audit-private.h: the FcAudit instance and what its modules share (see the top of
 * fc-audit.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-audit.h"

G_BEGIN_DECLS

struct _FcAudit
{
  GObject   parent_instance;

  FcStore  *store;          /* (owned) (nullable): NULL once closed */
  FcSecret *chain_key;      /* (owned) */
  FcSecret *pseudonym_key;  /* (owned) */
  char     *path;           /* (owned) */
  GMutex    mutex;          /* serialises appends */
};

/* fc-audit.c: column @index of a row from fc_store_query_sync(), as text (a number is
 * formatted) or NULL, and as an integer or @fallback. */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_audit_row_dup_string (GVariant           *row,
                                     gsize               index);
gint64      fc_audit_row_get_int64  (GVariant           *row,
                                     gsize               index,
                                     gint64              fallback);

/* fc-audit-chain.c: the hash of @entry as if it were entry number @seq, and the MAC of the head
 * record naming entry @seq with hash @hash (64 hex each). */
G_GNUC_WARN_UNUSED_RESULT
char       *fc_audit_entry_hash     (FcAudit            *self,
                                     const FcAuditEntry *entry,
                                     gint64              seq);
G_GNUC_WARN_UNUSED_RESULT
char       *fc_audit_head_mac       (FcAudit            *self,
                                     gint64              seq,
                                     const char         *hash);

G_END_DECLS
