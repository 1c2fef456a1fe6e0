/* audit-test-util.c: the fixture shared by test-audit-chain and test-audit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "audit-test-util.h"
#include "privacy-test-util.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = incident_test_make_tmpdir ("audit");
  f->audit = fc_audit_open (f->dir, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->audit);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->audit != NULL)
    {
      fc_audit_close (f->audit);
      g_assert_finalize_object (f->audit);
    }
  incident_test_remove_tree (f->dir);
  g_free (f->dir);
}

void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->audit != NULL)
    {
      fc_audit_close (f->audit);
      g_assert_finalize_object (f->audit);
    }
  f->audit = fc_audit_open (f->dir, FALSE, &error);
  g_assert_no_error (error);
}

void
close_audit (Fixture *f)
{
  fc_audit_close (f->audit);
  g_assert_finalize_object (f->audit);
  f->audit = NULL;
}

void
append_six (Fixture *f)
{
  static const struct {
    const char *action;
    const char *detail;
  } steps[] = {
    { FC_AUDIT_ACTION_CONSENT_WAIVED, "reason=unconscious" },
    { FC_AUDIT_ACTION_CARD_READ, NULL },
    { FC_AUDIT_ACTION_FETCH, "result=ok source=network" },
    { FC_AUDIT_ACTION_VIEW_SECTION, "section=summary" },
    { FC_AUDIT_ACTION_WRONG_PERSON, NULL },
    { FC_AUDIT_ACTION_HANDOVER, "history=no" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seq = fc_audit_append (f->audit, steps[i].action, "unit-7", "crew-3", "incident-1",
                                    i == 0 ? FC_CONSENT_WAIVED_UNABLE : FC_CONSENT_GIVEN,
                                    i == 0 ? NULL : CARD_SHA, steps[i].detail, &error);

      g_assert_no_error (error);
      g_assert_cmpint (seq, ==, i + 1);
    }
}
