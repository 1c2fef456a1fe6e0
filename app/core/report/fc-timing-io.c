/* fc-timing-io.c: reading timing events from timing.db files and their exports.
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

/* Time stamps */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  gint64 yoe;
  gint64 doy;
  gint64 doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 era;
  gint64 doe;
  gint64 yoe;
  gint64 doy;
  gint64 mp;
  gint64 y;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (y + (*month <= 2));
}

/* Reads exactly @n digits at *@p. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      char c = (*p)[i];

      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (c - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

gboolean
fc_timing_parse_wall (const char *text,
                      gint64     *utc_us,
                      int        *offset_s)
{
  const char *p = text;
  int year, month, day, hour, minute, second;
  gint64 usec = 0;
  gint64 days;
  int offset = 0;

  g_return_val_if_fail (utc_us != NULL && offset_s != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Fast path for the usual "YYYY-MM-DDThh:mm:ss": fixed positions. */
#define D(i) ((unsigned) (text[i] - '0'))
  if (D (0) < 10 && D (1) < 10 && D (2) < 10 && D (3) < 10 && text[4] == '-' && D (5) < 10 &&
      D (6) < 10 && text[7] == '-' && D (8) < 10 && D (9) < 10 && text[10] == 'T' &&
      D (11) < 10 && D (12) < 10 && text[13] == ':' && D (14) < 10 && D (15) < 10 &&
      text[16] == ':' && D (17) < 10 && D (18) < 10)
    {
      year = (int) (D (0) * 1000 + D (1) * 100 + D (2) * 10 + D (3));
      month = (int) (D (5) * 10 + D (6));
      day = (int) (D (8) * 10 + D (9));
      hour = (int) (D (11) * 10 + D (12));
      minute = (int) (D (14) * 10 + D (15));
      second = (int) (D (17) * 10 + D (18));
      p = text + 19;
    }
#undef D
  else
    {
      if (!read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) ||
          *p++ != '-' || !read_digits (&p, 2, &day) || (*p != 'T' && *p != 't' && *p != ' '))
        return FALSE;
      p++;
      if (!read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute) ||
          *p++ != ':' || !read_digits (&p, 2, &second))
        return FALSE;
    }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60)
    return FALSE;
  if ((*p == '.' || *p == ',') && (unsigned) (p[1] - '0') < 10 && (unsigned) (p[2] - '0') < 10 &&
      (unsigned) (p[3] - '0') < 10 && (unsigned) (p[4] - '0') < 10 &&
      (unsigned) (p[5] - '0') < 10 && (unsigned) (p[6] - '0') < 10 &&
      (unsigned) (p[7] - '0') >= 10)
    {
      /* Microseconds, as FieldCard writes them. */
      usec = (p[1] - '0') * 100000 + (p[2] - '0') * 10000 + (p[3] - '0') * 1000 +
             (p[4] - '0') * 100 + (p[5] - '0') * 10 + (p[6] - '0');
      p += 7;
    }
  else if (*p == '.' || *p == ',')
    {
      gint64 scale = 100000;

      p++;
      if (*p < '0' || *p > '9')
        return FALSE;
      while (*p >= '0' && *p <= '9')
        {
          usec += (*p - '0') * scale;
          scale /= 10;
          p++;
        }
    }
  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int oh = 0;
      int om = 0;

      p++;
      if (!read_digits (&p, 2, &oh))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &om))
            return FALSE;
        }
      else if (*p >= '0' && *p <= '9' && !read_digits (&p, 2, &om))
        {
          return FALSE;
        }
      if (oh > 18 || om > 59)
        return FALSE;
      offset = sign * (oh * 3600 + om * 60);
    }
  else
    {
      return FALSE; /* no zone: the instant is unknown */
    }
  if (*p != '\0')
    return FALSE;

  /* Consecutive rows mostly fall on the same day: remember the last one. */
  {
    static __thread int last_ymd = -1;
    static __thread gint64 last_days;
    int ymd = (year * 16 + month) * 32 + day;

    if (ymd != last_ymd)
      {
        last_days = days_from_civil (year, month, day);
        last_ymd = ymd;
      }
    days = last_days;
  }
  *utc_us = ((days * 86400 + hour * 3600 + minute * 60 + second -
              offset) * G_USEC_PER_SEC) + usec;
  *offset_s = offset;
  return TRUE;
}

char *
fc_timing_format_wall (gint64  utc_us,
                       int     offset_s,
                       char   *buf)
{
  gint64 local_us = utc_us + (gint64) offset_s * G_USEC_PER_SEC;
  gint64 days = local_us >= 0 ? local_us / ((gint64) G_USEC_PER_SEC * 86400)
                              : -((-local_us - 1) / ((gint64) G_USEC_PER_SEC * 86400)) - 1;
  gint64 rest = local_us - days * (gint64) G_USEC_PER_SEC * 86400;
  int secs = (int) (rest / G_USEC_PER_SEC);
  int usec = (int) (rest % G_USEC_PER_SEC);
  int year, month, day;
  int off = ABS (offset_s) / 60;
  char zone[8];

  civil_from_days (days, &year, &month, &day);
  g_snprintf (zone, sizeof zone, "%c%02d:%02d", offset_s < 0 ? '-' : '+', off / 60, off % 60);
  if (usec != 0)
    g_snprintf (buf, 40, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%s", year, month, day,
                secs / 3600, secs / 60 % 60, secs % 60, usec, zone);
  else
    g_snprintf (buf, 40, "%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day,
                secs / 3600, secs / 60 % 60, secs % 60, zone);
  return buf;
}

void
fc_timing_local_date (gint64  utc_us,
                      int     offset_s,
                      int    *year,
                      int    *month,
                      int    *day)
{
  gint64 local_s = utc_us / G_USEC_PER_SEC + offset_s;
  gint64 days = local_s >= 0 ? local_s / 86400 : -((-local_s - 1) / 86400) - 1;

  civil_from_days (days, year, month, day);
}

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
  if (ferror (file))
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN, "%s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
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
  if (ferror (file))
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_OPEN, "%s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
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
