/* fc-timing-wall.c: the wall-clock time stamps of timing events — RFC 3339 with a zone, as
 * timing.db and its exports write them — parsed and formatted without GDateTime (a report reads
 * millions of them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-timing-io.h"

#include <string.h>

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
