/* test-disk.c: a full disk and a read-only data folder give clear errors and never corrupt what
 * was already saved (issue 8 point 6).
 *
 * Run as root where mount namespaces are allowed, each case re-runs this program through
 * `unshare -m --propagation private` and the child mounts its own small tmpfs (256 KiB; read-only
 * for the read-only case), which nobody else sees and which disappears with the child. Without
 * that (not root, or unshare refused) the full disk is simulated with SQLite's max_page_count on
 * timing.db, and the read-only folder is a folder with mode 0500 (skipped as root, who can still
 * write there); the test output says which was used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/mount.h>

#include "fc-audit.h"
#include "fc-store.h"
#include "fc-timeline.h"

#include "robustness-util.h"

#define TMPFS_SIZE       "256k"
#define BALLAST_SIZE     (48 * 1024)
#define MAX_EVENTS       100000
#define CARD_SHA         "3f1c9a0b7d2e4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"

static gboolean in_child = FALSE;

/* A line for the test log: TAP comments in the test itself, plain lines in a child (the parent
 * turns them into comments). */
static void G_GNUC_PRINTF (1, 2)
note (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (in_child)
    g_print ("%s\n", text);
  else
    g_test_message ("%s", text);
}

/* Rows of incident @incident_id in @store; asserts they are 1..n without gaps. */
static guint
count_events (FcStore    *store,
              const char *incident_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rows = fc_store_query_sync (store,
                              "SELECT seq FROM events WHERE incident_id = ?1 ORDER BY seq",
                              g_variant_new ("(s)", incident_id), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (robustness_row_int (g_ptr_array_index (rows, i), 0), ==, (gint64) i + 1);
  return rows->len;
}

static void
assert_intact (FcStore *store)
{
  g_autofree char *integrity = robustness_integrity_check (store);

  g_assert_cmpstr (integrity, ==, "ok");
}

/* Fills the disk under @dir with timing events and checks every promise of issue 8 point 6.
 * @simulate: no real small disk; limit timing.db with max_page_count instead (the audit log is
 * then not filled). */
static void
fill_disk_and_check (const char *dir,
                     gboolean    simulate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_dir = g_build_filename (dir, "fieldcard", NULL);
  g_autofree char *db_path = g_build_filename (user_dir, "timing.db", NULL);
  g_autofree char *ballast = g_build_filename (dir, "ballast", NULL);
  g_autofree char *incident = NULL;
  g_autofree char *zeros = g_malloc0 (BALLAST_SIZE);
  g_autoptr(FcAudit) audit = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcTimeline) timeline = NULL;
  guint appended = 0;
  guint saved;
  gint64 n_entries = 0;
  gint64 bad_seq = 0;

  audit = fc_audit_open (user_dir, TRUE, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      fc_audit_append (audit, FC_AUDIT_ACTION_CARD_READ, "UNIT", NULL, "incident-1",
                       FC_CONSENT_GIVEN, CARD_SHA, NULL, &error);
      g_assert_no_error (error);
    }

  store = fc_store_open (db_path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  if (simulate)
    {
      g_autoptr(GPtrArray) rows = NULL;

      rows = fc_store_query_sync (store, "PRAGMA max_page_count = 12", NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      /* Space to give back later, to check that FieldCard recovers when space is freed. */
      g_assert_true (g_file_set_contents (ballast, zeros, BALLAST_SIZE, &error));
      g_assert_no_error (error);
    }

  timeline = fc_timeline_new (store, "ROBUST-UNIT", FALSE);
  incident = g_strdup (fc_timeline_get_incident_id (timeline));
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));

  /* Fill the disk: one committed event at a time, until the first write fails. */
  while (fc_timeline_get_write_error (timeline) == NULL && appended < MAX_EVENTS)
    {
      fc_timeline_append (timeline, FC_EVENT_FINDING, "kind=glucose");
      fc_timeline_flush (timeline);
      appended++;
    }
  note ("the disk was full after %u events", appended);
  note ("timeline says: %s", fc_timeline_get_write_error (timeline));
  g_assert_nonnull (fc_timeline_get_write_error (timeline));
  g_assert_nonnull (strstr (fc_timeline_get_write_error (timeline), "The disk is full"));

  /* The store's own error: FC_STORE_ERROR_FULL with a message that says what to do. */
  fc_store_execute_sync (store,
                         "INSERT INTO events (incident_id, seq, kind, detail, mono_us, wall, "
                         "training) VALUES ('filler', 1, 'finding', ?1, 0, "
                         "'2025-01-01T00:00:00Z', 0)",
                         g_variant_new ("(s)", zeros + 1 /* an empty string */), &error);
  if (error == NULL)
    {
      /* The empty row fitted in a page: a larger one cannot. */
      g_autofree char *large = g_strnfill (16 * 1024, 'x');

      fc_store_execute_sync (store,
                             "INSERT INTO events (incident_id, seq, kind, detail, mono_us, "
                             "wall, training) VALUES ('filler', 2, 'finding', ?1, 0, "
                             "'2025-01-01T00:00:00Z', 0)",
                             g_variant_new ("(s)", large), &error);
    }
  g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FULL);
  note ("store says: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Free some space"));
  g_clear_error (&error);

  /* Earlier events are still there and the database is sound. */
  saved = count_events (store, incident);
  g_assert_cmpuint (saved, >=, appended - 1);
  assert_intact (store);

  if (!simulate)
    {
      /* The audit log on the same full disk: a clear error, and the chain stays valid. */
      gint64 seq = fc_audit_append (audit, FC_AUDIT_ACTION_VIEW_SECTION, "UNIT", NULL,
                                    "incident-1", FC_CONSENT_GIVEN, CARD_SHA,
                                    "section=medications", &error);

      g_assert_cmpint (seq, ==, -1);
      g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_FULL);
      note ("audit says: %s", error->message);
      g_clear_error (&error);
    }
  g_assert_true (fc_audit_verify (audit, &n_entries, &bad_seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_entries, ==, 3);

  /* Space comes back: the events kept in memory are written with the next flush. */
  if (!simulate)
    {
      g_assert_cmpint (g_unlink (ballast), ==, 0);
      fc_timeline_flush (timeline);
      g_assert_null (fc_timeline_get_write_error (timeline));
      g_assert_cmpuint (count_events (store, incident), ==, appended);
    }

  /* Restart on the (still nearly full) disk: everything saved is readable, nothing corrupt. */
  g_clear_object (&timeline);
  fc_store_close (store);
  g_clear_object (&store);
  fc_audit_close (audit);
  g_clear_object (&audit);

  store = fc_store_open (db_path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (store, incident), >=, saved);
  assert_intact (store);
  fc_store_close (store);

  audit = fc_audit_open (user_dir, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (fc_audit_verify (audit, &n_entries, &bad_seq, &error));
  g_assert_cmpint (n_entries, ==, 3);
  fc_audit_close (audit);
}

/* Every way of opening FieldCard's databases in @dir (made read-only by the caller after
 * @existing_dir got a database) fails with an error that names the path. */
static void
check_read_only (const char *dir)
{
  g_autofree char *existing_dir = g_build_filename (dir, "existing", NULL);
  g_autofree char *existing_db = g_build_filename (existing_dir, "timing.db", NULL);
  g_autofree char *new_dir = g_build_filename (dir, "new", NULL);
  g_autofree char *new_db = g_build_filename (dir, "timing.db", NULL);
  g_autofree char *nested_db = g_build_filename (new_dir, "timing.db", NULL);
  const char *paths[] = { existing_db, new_db, nested_db };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcStore) store = NULL;

      store = fc_store_open (paths[i], fc_timeline_get_migrations (), &error);
      g_assert_null (store);
      g_assert_error (error, FC_STORE_ERROR, FC_STORE_ERROR_OPEN);
      note ("store (%s): %s", paths[i] == existing_db ? "existing database"
                                   : "new database", error->message);
      if (strstr (error->message, paths[i]) == NULL &&
          !(paths[i] == nested_db && strstr (error->message, new_dir) != NULL))
        g_error ("the error does not name the path %s: %s", paths[i], error->message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FcAudit) audit = fc_audit_open (existing_dir, FALSE, &error);

    g_assert_null (audit);
    g_assert_nonnull (error);
    note ("audit (existing): %s", error->message);
    g_assert_nonnull (strstr (error->message, existing_dir));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FcAudit) audit = fc_audit_open (new_dir, TRUE, &error);

    g_assert_null (audit);
    g_assert_nonnull (error);
    note ("audit (new): %s", error->message);
    g_assert_nonnull (strstr (error->message, new_dir));
  }
}

/* Puts a timing.db and an audit log in @dir/existing. */
static void
make_existing (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *existing_dir = g_build_filename (dir, "existing", NULL);
  g_autofree char *existing_db = g_build_filename (existing_dir, "timing.db", NULL);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcAudit) audit = NULL;

  store = fc_store_open (existing_db, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  fc_store_close (store);
  audit = fc_audit_open (existing_dir, TRUE, &error);
  g_assert_no_error (error);
  fc_audit_close (audit);
}

/* Children, inside a private mount namespace. */

static void
child_mount_tmpfs (const char    *dir,
                   unsigned long  flags)
{
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | flags,
             "size=" TMPFS_SIZE ",mode=0700") != 0)
    {
      note ("cannot mount a tmpfs on %s: %s", dir, g_strerror (errno));
      exit (77);
    }
}

static int
child_full_disk (const char *dir)
{
  in_child = TRUE;
  child_mount_tmpfs (dir, 0);
  note ("mounted a %s tmpfs", TMPFS_SIZE);
  fill_disk_and_check (dir, FALSE);
  return 0;
}

static int
child_read_only (const char *dir)
{
  in_child = TRUE;
  child_mount_tmpfs (dir, 0);
  make_existing (dir);
  if (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
    {
      note ("cannot remount %s read-only: %s", dir, g_strerror (errno));
      return 77;
    }
  note ("mounted a read-only tmpfs");
  check_read_only (dir);
  return 0;
}

/* Runs this program as `unshare -m --propagation private SELF MODE DIR`. Returns FALSE when no
 * private mount namespace could be made (the caller falls back); fails the test when the child
 * failed. */
static gboolean
run_in_namespace (const char *mode,
                  const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *self = robustness_self_path ();
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *unshare = g_find_program_in_path ("unshare");

  /* FC_TEST_NO_NAMESPACE=1 forces the fallbacks (to test them as root). */
  if (getuid () != 0 || unshare == NULL || g_getenv ("FC_TEST_NO_NAMESPACE") != NULL)
    return FALSE;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                            &error, unshare, "-m", "--propagation", "private", self, mode, dir,
                            NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (output != NULL ? output : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        g_test_message ("%s", lines[i]);
    }

  if (strstr (output, "mounted a") == NULL)
    {
      g_test_message ("no private mount namespace here (unshare or mount refused)");
      return FALSE;
    }
  if (!g_subprocess_get_successful (child))
    g_error ("the child in the mount namespace failed (see the lines above)");
  return TRUE;
}

static void
test_full_disk (void)
{
  g_autofree char *dir = robustness_make_tmpdir ("full-disk");

  if (!run_in_namespace ("--child-full-disk", dir))
    {
      g_test_message ("SIMULATED full disk: SQLite's max_page_count on timing.db (run as root "
                      "with mount namespaces for a real %s tmpfs)", TMPFS_SIZE);
      fill_disk_and_check (dir, TRUE);
    }
  robustness_remove_tree (dir);
}

static void
test_read_only_folder (void)
{
  g_autofree char *dir = robustness_make_tmpdir ("read-only");

  if (!run_in_namespace ("--child-read-only", dir))
    {
      if (getuid () == 0)
        {
          g_test_skip ("running as root without a private mount namespace: root can still "
                       "write to a folder without write permission");
          robustness_remove_tree (dir);
          return;
        }
      g_test_message ("read-only folder: mode 0500 (no read-only mount as a normal user)");
      make_existing (dir);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      {
        g_autofree char *existing_dir = g_build_filename (dir, "existing", NULL);

        g_assert_cmpint (g_chmod (existing_dir, 0500), ==, 0);
      }
      check_read_only (dir);
    }
  robustness_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child-full-disk"))
    return child_full_disk (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--child-read-only"))
    return child_read_only (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/robustness/full-disk-is-a-clear-error-without-corruption",
                   test_full_disk);
  g_test_add_func ("/fc/robustness/read-only-data-folder-is-a-clear-error",
                   test_read_only_folder);

  return g_test_run ();
}
