/* fc-cli-purge.c: "fieldcard-cli purge --all|--expired": retention and decommissioning.
 *
 *   purge --expired [--dir DIR] [--training] [--ttl SECONDS]
 *       runs the cache's TTL purge now (the app also does it at start and every hour).
 *   purge --all [--dir DIR] [--yes]
 *       decommissions a tablet: the cache's device key is overwritten and deleted (crypto-shred:
 *       every wrapped incident key becomes useless), then cache.db and its -wal/-shm files are
 *       overwritten and deleted, in DIR and in its training folder. The audit log is KEPT
 *       (it holds no raw identifiers and must stay verifiable) and gets a flagged "purge" entry;
 *       timing.db is kept (no patient data). Asks for confirmation unless --yes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fieldcard-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>

#include "fc-audit.h"
#include "fc-cache.h"
#include "fc-cli.h"
#include "fc-paths.h"

/* Overwrites @path in place (random bytes for keys, zeros otherwise), syncs and deletes it.
 * On flash storage the overwrite is best effort; the key's destruction is what makes the data
 * unreadable. A missing file is fine. */
static gboolean
shred_file (const char  *path,
            gboolean     random_fill,
            GError     **error)
{
  struct stat st;
  guint8 buffer[4096];
  off_t done = 0;
  int fd;

  fd = open (path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      if (saved_errno != ELOOP)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot overwrite “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      /* A symbolic link: remove the link, never write through it. */
      if (g_unlink (path) != 0)
        {
          saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot delete “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      memset (buffer, 0, sizeof buffer);
      while (done < st.st_size)
        {
          size_t chunk = (size_t) MIN ((off_t) sizeof buffer, st.st_size - done);
          ssize_t n;

          if (random_fill && RAND_bytes (buffer, (int) chunk) != 1)
            memset (buffer, 0xff, chunk);
          n = write (fd, buffer, chunk);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          done += n;
        }
      fsync (fd);
    }
  close (fd);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot delete “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* How many incidents the cache in @dir holds, or -1 when it cannot be opened (no key, damaged
 * key …: a decommissioning purge goes on regardless). */
static gint64
count_cached (const char *dir)
{
  g_autofree char *key_path = g_build_filename (dir, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db_path = g_build_filename (dir, FC_CACHE_DB_NAME, NULL);
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(FcCache) cache = NULL;
  gint64 count;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return 0;
  key = fc_crypto_load_device_key (key_path, FALSE, NULL);
  if (key == NULL)
    return -1;
  cache = fc_cache_open (db_path, key, NULL);
  if (cache == NULL)
    return -1;
  count = fc_cache_count_incidents (cache, NULL);
  fc_cache_close (cache);
  return count;
}

static gboolean
purge_all_in (const char  *dir,
              GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *key_path = g_build_filename (dir, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db_path = g_build_filename (dir, FC_CACHE_DB_NAME, NULL);
  g_autoptr(FcAudit) audit = NULL;
  g_autofree char *detail = NULL;
  gint64 cached;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  cached = count_cached (dir);

  /* The key first: once it is gone, nothing left behind can be decrypted. */
  if (!shred_file (key_path, TRUE, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      if (!shred_file (path, FALSE, error))
        return FALSE;
    }

  audit = fc_audit_open (dir, TRUE, error);
  if (audit == NULL)
    return FALSE;
  if (cached >= 0)
    detail = g_strdup_printf ("scope=all incidents=%" G_GINT64_FORMAT, cached);
  else
    detail = g_strdup ("scope=all incidents=unknown");
  if (fc_audit_append (audit, FC_AUDIT_ACTION_PURGE, NULL, g_get_user_name (), NULL,
                       FC_CONSENT_NONE, NULL, detail, error) < 0)
    return FALSE;

  /* Translators: after "fieldcard-cli purge --all"; %s is a folder. */
  printf (_("Purged %s: cache key destroyed and cache.db deleted; audit.db and timing.db kept.\n"),
          dir);
  return TRUE;
}

static gboolean
confirm (const char *dir)
{
  char answer[16] = "";

  if (!isatty (STDIN_FILENO))
    return FALSE;
  /* Translators: the confirmation of "fieldcard-cli purge --all"; %s is a folder. */
  printf (_("Delete every cached patient summary in %s (and its training folder) for good? "
            "Type “yes” to go on: "), dir);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  /* The literal word the prompt asks for, in every language: a translated "yes" may also be a
   * table value elsewhere, and this answer destroys data. */
  return g_ascii_strcasecmp (answer, "yes") == 0;
}

static int
purge_expired (const char *dir,
               gint64      ttl)
{
  g_autofree char *key_path = g_build_filename (dir, FC_CACHE_KEY_NAME, NULL);
  g_autofree char *db_path = g_build_filename (dir, FC_CACHE_DB_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSecret) key = NULL;
  g_autoptr(FcCache) cache = NULL;
  g_autoptr(FcAudit) audit = NULL;
  g_autofree char *detail = NULL;
  gint64 purged;
  gint64 left;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      /* Translators: "fieldcard-cli purge --expired" on a folder without a cache. */
      printf (_("Nothing to purge: there is no cache in %s.\n"), dir);
      return EXIT_SUCCESS;
    }

  key = fc_crypto_load_device_key (key_path, FALSE, &error);
  if (key != NULL)
    cache = fc_cache_open (db_path, key, &error);
  if (cache == NULL)
    {
      fc_cli_print_error ("purge: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }
  /* Opening already purged with the default TTL; a shorter one purges more now. */
  if (ttl > 0)
    fc_cache_set_ttl (cache, ttl);
  purged = fc_cache_purge_expired (cache, &error);
  left = purged >= 0 ? fc_cache_count_incidents (cache, &error) : -1;
  fc_cache_close (cache);
  if (left < 0)
    {
      fc_cli_print_error ("purge: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  audit = fc_audit_open (dir, TRUE, &error);
  detail = g_strdup_printf ("scope=expired remaining=%" G_GINT64_FORMAT, left);
  if (audit == NULL ||
      fc_audit_append (audit, FC_AUDIT_ACTION_PURGE, NULL, g_get_user_name (), NULL,
                       FC_CONSENT_NONE, NULL, detail, &error) < 0)
    {
      fc_cli_print_error ("purge: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  /* Translators: after "fieldcard-cli purge --expired". */
  printf (ngettext ("Expired incidents purged; %lld incident is still within its time limit.\n",
                    "Expired incidents purged; %lld incidents are still within their time limit.\n",
                    (unsigned long) MIN (left, (gint64) G_MAXLONG)),
          (long long) left);
  return EXIT_SUCCESS;
}

int
fc_cli_purge (int    argc,
              char **argv)
{
  g_autofree char *dir = NULL;
  gboolean all = FALSE;
  gboolean expired = FALSE;
  gboolean yes = FALSE;
  gboolean training = FALSE;
  gint64 ttl = -1; /* -1: not given */
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      /* Translators: --all in "fieldcard-cli purge --help". */
      N_("Decommission: destroy the cache key and delete every cached summary (also in the "
         "training folder); the audit log and timing log are kept"), NULL },
    { "expired", 0, 0, G_OPTION_ARG_NONE, &expired,
      N_("Delete the cached summaries past their time limit"), NULL },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      N_("FieldCard’s data folder (default: the user data folder)"), N_("DIR") },
    { "training", 't', 0, G_OPTION_ARG_NONE, &training,
      N_("With --expired: the training data folder"), NULL },
    { "ttl", 0, 0, G_OPTION_ARG_INT64, &ttl,
      N_("With --expired: the time limit in seconds (default 12 hours)"), N_("SECONDS") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Do not ask for confirmation"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *training_dir = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Deletes cached patient summaries: the expired ones, "
                                           "or all of them when a tablet is taken out of "
                                           "service."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      fc_cli_print_error ("purge: %s", error != NULL ? error->message : _("unexpected argument"));
      g_printerr ("%s\n", _("Try “fieldcard-cli purge --help”."));
      return FC_CLI_EXIT_USAGE;
    }
  if (all == expired)
    {
      fc_cli_print_error ("purge: %s", _("give either --all or --expired"));
      return FC_CLI_EXIT_USAGE;
    }
  if (ttl == 0 || ttl < -1 || ttl > G_MAXINT32)
    {
      fc_cli_print_error ("purge: %s", _("--ttl must be a number of seconds above 0"));
      return FC_CLI_EXIT_USAGE;
    }

  if (dir == NULL)
    dir = fc_paths_get_user_dir (expired && training);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      /* Translators: "fieldcard-cli purge" on a folder that does not exist. */
      printf (_("Nothing to purge: %s does not exist.\n"), dir);
      return EXIT_SUCCESS;
    }

  if (expired)
    return purge_expired (dir, ttl);

  if (!yes && !confirm (dir))
    {
      fc_cli_print_error ("purge: %s", _("not confirmed; nothing was deleted (add --yes to "
                                         "purge without asking)"));
      return FC_CLI_EXIT_USAGE;
    }

  training_dir = g_build_filename (dir, "training", NULL);
  if (!purge_all_in (dir, &error) || !purge_all_in (training_dir, &error))
    {
      fc_cli_print_error ("purge: %s", error->message);
      return FC_CLI_EXIT_INPUT;
    }

  return EXIT_SUCCESS;
}
