/* audit-test-util.h: the fixture shared by test-audit-chain and test-audit (a temporary folder
 * with an open FcAudit) and the helpers that close, reopen and fill it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fc-audit.h"

G_BEGIN_DECLS

#define CARD_SHA "3f1c9a0b7d2e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"

typedef struct {
  char    *dir;
  FcAudit *audit;
} Fixture;

void   fixture_set_up    (Fixture       *f,
                          gconstpointer  data);
void   fixture_tear_down (Fixture       *f,
                          gconstpointer  data);
/* Closes the audit (if open) and opens it again without creating. */
void   reopen            (Fixture       *f);
void   close_audit       (Fixture       *f);
/* Six entries as one incident makes them: 1 consent-waived, 2 card-read, 3 fetch,
 * 4 view-section, 5 wrong-person, 6 handover. */
void   append_six        (Fixture       *f);

G_END_DECLS
