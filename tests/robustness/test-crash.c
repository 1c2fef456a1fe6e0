/* test-crash.c: kill -9 during timeline and audit writes loses nothing committed and leaves the
 * databases consistent (issue 8 point 6).
 *
 * Each trial runs this program again as a child that writes in a loop — timeline events to
 * timing.db, or audit entries to audit.db — and reports each entry on a pipe once its
 * transaction has committed. The parent kills the child with SIGKILL 1–20 ms after it started
 * writing (a random point: inside SQLite, between statements, while reporting), then reopens the
 * database like a restarted FieldCard and checks that every reported entry is there, that the
 * entries have no gaps, that the audit chain verifies and that PRAGMA integrity_check says "ok".
 * All trials share one database, so each child also starts from the state the previous kill
 * left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "fc-audit.h"
#include "fc-store.h"
#include "fc-timeline.h"

#include "robustness-util.h"

#define N_TRIALS        100
#define KILL_MIN_US     1000
#define KILL_MAX_US     20000
#define CHILD_MAX_WRITES 100000

/* Child: timeline events to @db_path until killed. Lines: "incident ID", "ready", then the seq
 * of each event after its write committed. */
static int
child_timeline (const char *db_path)
{
  static const char * const kinds[] = {
    FC_EVENT_CALL_RECEIVED, FC_EVENT_ARRIVED_SCENE, FC_EVENT_PATIENT_CONTACT,
    FC_EVENT_CARD_ASKED, FC_EVENT_CONSENT, FC_EVENT_CARD_READ, FC_EVENT_FETCH_DONE,
    FC_EVENT_SUMMARY_SHOWN, FC_EVENT_LEFT_SCENE,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcTimeline) timeline = NULL;

  store = fc_store_open (db_path, fc_timeline_get_migrations (), &error);
  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 2;
    }
  timeline = fc_timeline_new (store, "ROBUST-UNIT", FALSE);
  fc_timeline_flush (timeline);
  robustness_say ("incident %s\n", fc_timeline_get_incident_id (timeline));
  robustness_say ("ready\n");

  for (guint i = 0; i < CHILD_MAX_WRITES; i++)
    {
      FcTimelineEvent *event;

      event = fc_timeline_append (timeline, kinds[i % G_N_ELEMENTS (kinds)], "n=1");
      fc_timeline_flush (timeline);
      if (fc_timeline_get_write_error (timeline) != NULL)
        {
          g_printerr ("child: %s\n", fc_timeline_get_write_error (timeline));
          return 3;
        }
      robustness_say ("%u\n", fc_timeline_event_get_seq (event));
    }
  return 0;
}

/* Child: audit entries in @dir until killed. Lines: "ready", then each entry's seq as returned. */
static int
child_audit (const char *dir)
{
  static const char * const actions[] = {
    FC_AUDIT_ACTION_CARD_READ, FC_AUDIT_ACTION_FETCH, FC_AUDIT_ACTION_VIEW_SECTION,
    FC_AUDIT_ACTION_EXPAND_HISTORY, FC_AUDIT_ACTION_CONSENT_WAIVED, FC_AUDIT_ACTION_HANDOVER,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAudit) audit = NULL;

  audit = fc_audit_open (dir, FALSE, &error);
  if (audit == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 2;
    }
  robustness_say ("ready\n");

  for (guint i = 0; i < CHILD_MAX_WRITES; i++)
    {
      const char *action = actions[i % G_N_ELEMENTS (actions)];
      gint64 seq;

      seq = fc_audit_append (audit, action, "ROBUST-UNIT", "crew-7", "incident-robust",
                             g_str_equal (action, FC_AUDIT_ACTION_CONSENT_WAIVED)
                               ? FC_CONSENT_WAIVED_UNABLE : FC_CONSENT_GIVEN,
                             "3f1c9a0b7d2e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718",
                             "section=medications", &error);
      if (seq < 0)
        {
          g_printerr ("child: %s\n", error->message);
          return 3;
        }
      robustness_say ("%" G_GINT64_FORMAT "\n", seq);
    }
  return 0;
}

typedef struct {
  char    *incident_id; /* (owned) (nullable) */
  GArray  *committed;   /* (owned) (element-type gint64): seqs the child reported */
} TrialOutput;

static void
trial_output_clear (TrialOutput *out)
{
  g_clear_pointer (&out->incident_id, g_free);
  g_clear_pointer (&out->committed, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrialOutput, trial_output_clear)

/* Runs one child (@mode, @arg), kills it with SIGKILL a random 1–20 ms after "ready" and parses
 * the complete lines it wrote. */
static void
run_killed_child (const char  *mode,
                  const char  *arg,
                  TrialOutput *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *self = robustness_self_path ();
  g_auto(GStrv) lines = NULL;
  GInputStream *stream;
  char buf[4096];
  gssize n;
  guint n_lines;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, mode, arg, NULL);
  g_assert_no_error (error);
  stream = g_subprocess_get_stdout_pipe (child);

  while (strstr (text->str, "ready\n") == NULL)
    {
      n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        {
          g_subprocess_wait (child, NULL, NULL);
          g_error ("the child (%s) ended before it was ready (status %d): %s", mode,
                   g_subprocess_get_status (child), text->str);
        }
      g_string_append_len (text, buf, n);
    }

  g_usleep (g_test_rand_int_range (KILL_MIN_US, KILL_MAX_US + 1));
  g_subprocess_send_signal (child, SIGKILL);

  while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
    g_string_append_len (text, buf, n);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_signaled (child))
    g_error ("the child (%s) was not killed but ended with status %d", mode,
             g_subprocess_get_exit_status (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  out->committed = g_array_new (FALSE, FALSE, sizeof (gint64));
  lines = g_strsplit (text->str, "\n", -1);
  /* The last piece has no newline: an empty string, or (never, with write(2)) a torn line. */
  n_lines = g_strv_length (lines);
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      gint64 seq;

      if (g_str_has_prefix (lines[i], "incident "))
        out->incident_id = g_strdup (lines[i] + strlen ("incident "));
      else if (g_str_equal (lines[i], "ready"))
        continue;
      else
        {
          g_assert_true (g_ascii_string_to_signed (lines[i], 10, 1, G_MAXINT64, &seq, NULL));
          g_array_append_val (out->committed, seq);
        }
    }
}

static gboolean
seq_in (GHashTable *set,
        gint64      seq)
{
  return g_hash_table_contains (set, &seq);
}

static void
test_kill_during_timeline_writes (void)
{
  g_autofree char *dir = robustness_make_tmpdir ("kill-timeline");
  g_autofree char *db_path = g_build_filename (dir, "timing.db", NULL);
  guint reported = 0, lost = 0, before_first = 0, unreported = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint trial = 0; trial < N_TRIALS; trial++)
    {
      g_auto(TrialOutput) out = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(FcStore) store = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GHashTable) stored = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            g_free, NULL);
      g_autofree char *integrity = NULL;

      run_killed_child ("--child-timeline", db_path, &out);
      g_assert_nonnull (out.incident_id);

      /* Restart: open as FieldCard does (WAL recovery), then read this incident back. */
      store = fc_store_open (db_path, fc_timeline_get_migrations (), &error);
      g_assert_no_error (error);
      rows = fc_store_query_sync (store,
                                  "SELECT seq FROM events WHERE incident_id = ?1 ORDER BY seq",
                                  g_variant_new ("(s)", out.incident_id), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          gint64 seq = robustness_row_int (g_ptr_array_index (rows, i), 0);

          /* No gaps: a write is never half-applied or reordered. */
          g_assert_cmpint (seq, ==, (gint64) i + 1);
          g_hash_table_add (stored, g_memdup2 (&seq, sizeof seq));
        }
      for (guint i = 0; i < out.committed->len; i++)
        {
          if (!seq_in (stored, g_array_index (out.committed, gint64, i)))
            lost++;
        }
      reported += out.committed->len;
      if (out.committed->len == 0)
        before_first++;
      /* Rows after the last reported one committed but were not reported before the kill. */
      if (rows->len > 0)
        unreported += rows->len - (out.committed->len > 0
                                   ? (guint) g_array_index (out.committed, gint64,
                                                            out.committed->len - 1)
                                   : 0);

      integrity = robustness_integrity_check (store);
      g_assert_cmpstr (integrity, ==, "ok");
      fc_store_close (store);
    }

  g_test_message ("timeline: %u kill -9 trials in %.1f s: %u events reported committed, %u "
                  "lost; %u kills before the first commit; %u rows committed but not yet "
                  "reported (allowed)",
                  N_TRIALS, (g_get_monotonic_time () - start) / 1e6, reported, lost,
                  before_first, unreported);
  g_assert_cmpuint (lost, ==, 0);
  /* The kills must land while writing, not only before it. */
  g_assert_cmpuint (reported, >, 0);
  robustness_remove_tree (dir);
}

/* Starts a new audit log in @base every TRIALS_PER_CHAIN trials: verifying a chain costs time in
 * proportion to its length, and 100 kills on one chain would make the test quadratic. */
#define TRIALS_PER_CHAIN 10

static void
test_kill_during_audit_writes (void)
{
  g_autofree char *base = robustness_make_tmpdir ("kill-audit");
  guint reported = 0, lost = 0, before_first = 0;
  gint64 total_entries = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint trial = 0; trial < N_TRIALS; trial++)
    {
      g_auto(TrialOutput) out = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(FcAudit) audit = NULL;
      g_autoptr(FcStore) store = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GHashTable) stored = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            g_free, NULL);
      g_autofree char *dir = NULL;
      g_autofree char *db_path = NULL;
      g_autofree char *integrity = NULL;
      g_autofree char *chain = g_strdup_printf ("chain-%u", trial / TRIALS_PER_CHAIN);
      gint64 n_entries = 0;
      gint64 bad_seq = 0;

      dir = g_build_filename (base, chain, NULL);
      db_path = g_build_filename (dir, FC_AUDIT_DB_NAME, NULL);
      if (trial % TRIALS_PER_CHAIN == 0)
        {
          /* The key and the database exist before the first kill, as after a first run. */
          audit = fc_audit_open (dir, TRUE, &error);
          g_assert_no_error (error);
          fc_audit_close (audit);
          g_clear_object (&audit);
        }

      run_killed_child ("--child-audit", dir, &out);

      audit = fc_audit_open (dir, FALSE, &error);
      g_assert_no_error (error);
      if (!fc_audit_verify (audit, &n_entries, &bad_seq, &error))
        g_error ("trial %u: the audit chain does not verify (entry %" G_GINT64_FORMAT "): %s",
                 trial, bad_seq, error != NULL ? error->message : "?");
      g_assert_no_error (error);

      entries = fc_audit_list (audit, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (entries->len, ==, n_entries);
      for (guint i = 0; i < entries->len; i++)
        {
          const FcAuditEntry *entry = g_ptr_array_index (entries, i);

          g_assert_cmpint (entry->seq, ==, (gint64) i + 1);
          g_hash_table_add (stored, g_memdup2 (&entry->seq, sizeof entry->seq));
        }
      for (guint i = 0; i < out.committed->len; i++)
        {
          if (!seq_in (stored, g_array_index (out.committed, gint64, i)))
            lost++;
        }
      reported += out.committed->len;
      if (out.committed->len == 0)
        before_first++;
      if (trial % TRIALS_PER_CHAIN == TRIALS_PER_CHAIN - 1)
        total_entries += n_entries;
      fc_audit_close (audit);

      store = fc_store_open (db_path, fc_audit_get_migrations (), &error);
      g_assert_no_error (error);
      integrity = robustness_integrity_check (store);
      g_assert_cmpstr (integrity, ==, "ok");
      fc_store_close (store);
    }

  g_test_message ("audit: %u kill -9 trials in %.1f s: %u entries reported committed, %u lost; "
                  "%u kills before the first commit; %" G_GINT64_FORMAT " entries in %u chains, "
                  "each verified after every kill",
                  N_TRIALS, (g_get_monotonic_time () - start) / 1e6, reported, lost,
                  before_first, total_entries, N_TRIALS / TRIALS_PER_CHAIN);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (reported, >, 0);
  robustness_remove_tree (base);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child-timeline"))
    return child_timeline (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--child-audit"))
    return child_audit (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/robustness/kill-during-timeline-writes-loses-nothing-committed",
                   test_kill_during_timeline_writes);
  g_test_add_func ("/fc/robustness/kill-during-audit-writes-keeps-the-chain-valid",
                   test_kill_during_audit_writes);

  return g_test_run ();
}
