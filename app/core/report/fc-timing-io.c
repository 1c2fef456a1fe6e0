/* fc-timing-io.c: reading timing events from timing.db files and their exports.
 *
 * (Time stamps — parsing and formatting the wall clock — are in fc-timing-wall.c.)
 *
 * A timing.db is opened read-only with SQLite directly (not through FcStore, which would migrate
 * and switch the journal mode of an analyst's copy) and read with one prepared statement in one
 * pass. CSV and JSON Lines exports are read line by line. Nothing is kept: every row goes to the
 * caller's function at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-rules-json.h"
#include "fc-timing-io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_DEFINE_QUARK (fc-report-error-quark, fc_report_error)

/* SQLite */

#define EVENTS_SELECT_SQL \
  "SELECT incident_id, seq, kind, detail, mono_us, wall, unit_id, training, app_version " \
  "FROM events WHERE id BETWEEN ?1 AND ?2 ORDER BY id"

/* Opens @path read-only and prepares @sql; FALSE with @error when it is no timing database. */
static gboolean
open_database (const char    *path,
               const char    *sql,
               sqlite3      **db,
               sqlite3_stmt **stmt,
               GError       **error)
{
  int rc;

  /* One thread uses each connection: no mutexes. (No mmap: mapped pages count as memory.) */
  rc = sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN,
                   /* Translators: %s is SQLite's reason. */
                   _("Cannot open the timing database: %s"),
                   *db != NULL ? sqlite3_errmsg (*db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_busy_timeout (*db, 5000);
  rc = sqlite3_prepare_v2 (*db, sql, -1, stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT,
                   /* Translators: %s is SQLite's reason, e.g. "no such table: events". */
                   _("Not a FieldCard timing database (%s)."), sqlite3_errmsg (*db));
      return FALSE;
    }
  return TRUE;
}

gboolean
fc_timing_database_get_id_range (const char  *path,
                                 gint64      *first_id,
                                 gint64      *last_id,
                                 GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (first_id != NULL && last_id != NULL, FALSE);

  if (open_database (path, "SELECT min(id), max(id) FROM events", &db, &stmt, error))
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *first_id = sqlite3_column_int64 (stmt, 0);
          *last_id = sqlite3_column_int64 (stmt, 1);
          ok = TRUE;
        }
      else
        {
          g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN,
                       _("Cannot read the timing database: %s"), sqlite3_errmsg (db));
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/**
 * fc_timing_read_database:
 * @path: a timing.db
 * @flags: what the caller needs
 * @first_id: the first row id to read
 * @last_id: the last row id to read (G_MAXINT64 for all)
 * @func: called for every readable row, in row-id order
 * @user_data: for @func
 * @unreadable: (inout): incremented for each row skipped
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Several threads may read ranges of one file at once, each with its own connection.
 *
 * Returns: FALSE when the database cannot be read
 */
gboolean
fc_timing_read_database (const char       *path,
                         FcTimingReadFlags flags,
                         gint64            first_id,
                         gint64            last_id,
                         FcTimingRowFunc   func,
                         gpointer          user_data,
                         guint64          *unreadable,
                         GError          **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean lean = (flags & FC_TIMING_READ_LEAN) != 0;
  char last_incident[64] = "";
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (unreadable != NULL, FALSE);

  if (!open_database (path, EVENTS_SELECT_SQL, &db, &stmt, error))
    goto out;
  sqlite3_bind_int64 (stmt, 1, first_id);
  sqlite3_bind_int64 (stmt, 2, last_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcTimingRow row = { NULL, };

      row.incident_id = (const char *) sqlite3_column_text (stmt, 0);
      row.seq = sqlite3_column_int64 (stmt, 1);
      row.kind = (const char *) sqlite3_column_text (stmt, 2);
      row.detail = (const char *) sqlite3_column_text (stmt, 3);
      row.mono_us = sqlite3_column_int64 (stmt, 4);
      row.wall = (const char *) sqlite3_column_text (stmt, 5);
      row.training = sqlite3_column_int (stmt, 7) != 0;
      if (row.incident_id == NULL || row.kind == NULL || row.wall == NULL)
        {
          (*unreadable)++;
          continue;
        }
      if (!lean)
        {
          row.unit_id = (const char *) sqlite3_column_text (stmt, 6);
          row.app_version = (const char *) sqlite3_column_text (stmt, 8);
        }
      else if (strcmp (last_incident, row.incident_id) != 0)
        {
          /* Columns are decoded only when asked for: skip what statistics do not need. */
          row.unit_id = (const char *) sqlite3_column_text (stmt, 6);
          row.app_version = NULL;
          g_strlcpy (last_incident, row.incident_id, sizeof last_incident);
        }
      else
        {
          row.unit_id = NULL;
          row.app_version = NULL;
        }
      func (&row, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN,
                   _("Cannot read the timing database: %s"), sqlite3_errmsg (db));
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Text exports */

enum {
  COL_INCIDENT_ID,
  COL_SEQ,
  COL_KIND,
  COL_DETAIL,
  COL_MONO_US,
  COL_WALL,
  COL_UNIT_ID,
  COL_TRAINING,
  COL_APP_VERSION,
  N_COLS
};

static const char * const column_names[N_COLS] = {
  "incident_id", "seq", "kind", "detail", "mono_us", "wall", "unit_id", "training", "app_version",
};

static gboolean
parse_int64 (const char *text,
             gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, NULL);
}

static gboolean
parse_bool (const char *text,
            gboolean   *value)
{
  if (text == NULL || *text == '\0' || g_str_equal (text, "0") || g_str_equal (text, "false"))
    *value = FALSE;
  else if (g_str_equal (text, "1") || g_str_equal (text, "true"))
    *value = TRUE;
  else
    return FALSE;
  return TRUE;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* After the last line: FALSE with @error when reading failed rather than reached the end. */
static gboolean
read_ended_well (FILE    *file,
                 GError **error)
{
  if (ferror (file))
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN, "%s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Reads one CSV record (RFC 4180: quoted fields may hold commas, quotes and line breaks) into
 * @fields (char *, owned by @fields). Returns FALSE at the end of the file; *@broken is set when
 * the file ends inside quotes. */
static gboolean
read_csv_record (FILE      *file,
                 char     **line,
                 size_t    *cap,
                 GPtrArray *fields,
                 GString   *field,
                 gboolean  *broken)
{
  gboolean quoted = FALSE;
  gboolean any = FALSE;
  ssize_t len;

  g_ptr_array_set_size (fields, 0);
  g_string_truncate (field, 0);
  *broken = FALSE;

  while ((len = getline (line, cap, file)) >= 0)
    {
      const char *p = *line;
      const char *end = *line + len;

      any = TRUE;
      while (p < end)
        {
          char c = *p++;

          if (quoted)
            {
              if (c == '"' && p < end && *p == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (c == '"')
                {
                  quoted = FALSE;
                }
              else
                {
                  g_string_append_c (field, c);
                }
            }
          else if (c == '"')
            {
              quoted = TRUE;
            }
          else if (c == ',')
            {
              g_ptr_array_add (fields, g_strndup (field->str, field->len));
              g_string_truncate (field, 0);
            }
          else if (c == '\n' || c == '\r')
            {
              /* End of record (outside quotes). */
            }
          else
            {
              g_string_append_c (field, c);
            }
        }
      if (!quoted)
        {
          g_ptr_array_add (fields, g_strndup (field->str, field->len));
          return TRUE;
        }
    }
  if (any && quoted)
    {
      *broken = TRUE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
read_csv (FILE             *file,
          FcTimingRowFunc   func,
          gpointer          user_data,
          guint64          *unreadable,
          GError          **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *line = NULL;
  size_t cap = 0;
  int index[N_COLS];
  gboolean broken = FALSE;

  for (guint c = 0; c < N_COLS; c++)
    index[c] = -1;

  if (!read_csv_record (file, &line, &cap, fields, field, &broken) || broken)
    {
      g_set_error_literal (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT,
                           _("The CSV file has no header line."));
      return FALSE;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);

      if (i == 0 && g_str_has_prefix (name, "\xEF\xBB\xBF"))
        name += 3;
      for (guint c = 0; c < N_COLS; c++)
        if (g_str_equal (name, column_names[c]))
          index[c] = (int) i;
    }
  if (index[COL_INCIDENT_ID] < 0 || index[COL_SEQ] < 0 || index[COL_KIND] < 0 ||
      index[COL_WALL] < 0)
    {
      g_set_error_literal (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT,
                           _("The CSV header lacks one of the columns incident_id, seq, kind "
                             "and wall; see “Timing export schema”."));
      return FALSE;
    }

  while (read_csv_record (file, &line, &cap, fields, field, &broken))
    {
      const char *values[N_COLS] = { NULL, };
      FcTimingRow row = { NULL, };

      if (broken)
        {
          (*unreadable)++;
          break;
        }
      if (fields->len == 1 && *(const char *) g_ptr_array_index (fields, 0) == '\0')
        continue; /* empty line */
      for (guint c = 0; c < N_COLS; c++)
        if (index[c] >= 0 && (guint) index[c] < fields->len)
          values[c] = g_ptr_array_index (fields, index[c]);

      row.incident_id = nonempty (values[COL_INCIDENT_ID]);
      row.kind = nonempty (values[COL_KIND]);
      row.wall = nonempty (values[COL_WALL]);
      row.detail = nonempty (values[COL_DETAIL]);
      row.unit_id = nonempty (values[COL_UNIT_ID]);
      row.app_version = nonempty (values[COL_APP_VERSION]);
      if (row.incident_id == NULL || row.kind == NULL || row.wall == NULL ||
          !parse_int64 (values[COL_SEQ], &row.seq) ||
          (nonempty (values[COL_MONO_US]) != NULL &&
           !parse_int64 (values[COL_MONO_US], &row.mono_us)) ||
          !parse_bool (values[COL_TRAINING], &row.training))
        {
          (*unreadable)++;
          continue;
        }
      func (&row, user_data);
    }
  return read_ended_well (file, error);
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_int_member (JsonObject *object,
                 const char *name,
                 gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_jsonl (FILE             *file,
            FcTimingRowFunc   func,
            gpointer          user_data,
            guint64          *unreadable,
            GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  while ((len = getline (&line, &cap, file)) >= 0)
    {
      FcTimingRow row = { NULL, };
      JsonObject *object;
      JsonNode *root;
      JsonNode *training;

      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
        line[--len] = '\0';
      if (len == 0)
        continue;
      /* An export row is one flat object: anything nested deeply is not one, and json-glib would
       * recurse until the stack runs out. */
      if (!fc_rules_json_check_depth (line, len, 8, NULL, NULL) ||
          !json_parser_load_from_data (parser, line, len, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          (*unreadable)++;
          continue;
        }
      object = json_node_get_object (root);
      row.incident_id = nonempty (json_string_member (object, "incident_id"));
      row.kind = nonempty (json_string_member (object, "kind"));
      row.wall = nonempty (json_string_member (object, "wall"));
      row.detail = nonempty (json_string_member (object, "detail"));
      row.unit_id = nonempty (json_string_member (object, "unit_id"));
      row.app_version = nonempty (json_string_member (object, "app_version"));
      training = json_object_get_member (object, "training");
      if (training != NULL && JSON_NODE_HOLDS_VALUE (training))
        row.training = json_node_get_value_type (training) == G_TYPE_BOOLEAN
                       ? json_node_get_boolean (training)
                       : json_node_get_int (training) != 0;
      if (!json_int_member (object, "mono_us", &row.mono_us))
        row.mono_us = 0;
      if (row.incident_id == NULL || row.kind == NULL || row.wall == NULL ||
          !json_int_member (object, "seq", &row.seq))
        {
          (*unreadable)++;
          continue;
        }
      func (&row, user_data);
    }
  return read_ended_well (file, error);
}

/**
 * fc_timing_probe_file:
 * @path: a file
 * @source: (out): what it holds
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Returns: whether @path is a timing.db, a CSV or a JSON Lines export (from its content)
 */
gboolean
fc_timing_probe_file (const char      *path,
                      FcTimingSource  *source,
                      GError         **error)
{
  static const char sqlite_magic[16] = "SQLite format 3";
  g_autofree char *first = NULL;
  char head[16] = { 0, };
  size_t cap = 0;
  FILE *file;
  gboolean ok = TRUE;
  int c;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  file = fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN, "%s: %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (fread (head, 1, sizeof head, file) == sizeof head &&
      memcmp (head, sqlite_magic, sizeof head) == 0)
    {
      *source = FC_TIMING_SOURCE_DATABASE;
      fclose (file);
      return TRUE;
    }

  /* A text export: the first character that is not white space (or a UTF-8 BOM) tells JSON
   * Lines; a CSV export starts with its header line. */
  rewind (file);
  do
    c = fgetc (file);
  while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
  rewind (file);
  if (c == '{')
    *source = FC_TIMING_SOURCE_JSONL;
  else if (getline (&first, &cap, file) >= 0 && strstr (first, "incident_id") != NULL &&
           strstr (first, "kind") != NULL)
    *source = FC_TIMING_SOURCE_CSV;
  else
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_FORMAT,
                   /* Translators: %s is a file name. */
                   _("%s: not a timing database or a CSV / JSON Lines timing export."), path);
      ok = FALSE;
    }
  fclose (file);
  return ok;
}

/**
 * fc_timing_read_file:
 * @path: a timing.db, or a CSV or JSON Lines export of one
 * @flags: what the caller needs
 * @func: called for every readable row, in file order
 * @user_data: for @func
 * @source: (out) (optional): the kind of file found
 * @unreadable: (inout): incremented for each row skipped because it could not be read
 * @error: return location for a #FC_REPORT_ERROR
 *
 * Returns: FALSE when the file cannot be used at all
 */
gboolean
fc_timing_read_file (const char       *path,
                     FcTimingReadFlags flags,
                     FcTimingRowFunc   func,
                     gpointer          user_data,
                     FcTimingSource   *source,
                     guint64          *unreadable,
                     GError          **error)
{
  FcTimingSource kind;
  FILE *file;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (unreadable != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_timing_probe_file (path, &kind, error))
    return FALSE;
  if (source != NULL)
    *source = kind;

  if (kind == FC_TIMING_SOURCE_DATABASE)
    {
      ok = fc_timing_read_database (path, flags, G_MININT64, G_MAXINT64, func, user_data,
                                    unreadable, error);
    }
  else
    {
      file = fopen (path, "rb");
      if (file == NULL)
        {
          int saved_errno = errno;

          g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN, "%s: %s", path,
                       g_strerror (saved_errno));
          return FALSE;
        }
      if (kind == FC_TIMING_SOURCE_JSONL)
        ok = read_jsonl (file, func, user_data, unreadable, error);
      else
        ok = read_csv (file, func, user_data, unreadable, error);
      fclose (file);
    }
  if (!ok && error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, path))
    g_prefix_error (error, "%s: ", path);
  return ok;
}
