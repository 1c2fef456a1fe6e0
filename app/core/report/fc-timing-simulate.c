/* fc-timing-simulate.c: synthetic timing logs.
 *
 * Every interval is drawn from a log-normal distribution whose mean is the FDMA pilot figure
 * (FY2024 pilot, domain-anchors §1.4): arrival → contact 1:17 (card used 1:07), contact → loaded
 * 5:54 (5:46), loaded → left scene 11:09 without the card; with the card, its steps (consent,
 * read, fetch, view; about 2.5 min in all) come on top, as in the pilots' 13:37.
 * Findings (kind only) 2 per incident on average. Response times
 * follow the national call → arrival of about 10 min (§1.5). 30 % of incidents try the card;
 * most attempts fail (no card at hand, refusal, read or network errors), as in the Dec 2025
 * survey. Hospital calls (照会): 1 + Poisson(0.8), the last one accepted. A few incidents carry
 * the things real logs have: a mark tapped late and corrected, an accidental mark voided, missing
 * marks, and a wall-clock step of -90 s.
 *
 * The database is created through FcStore (so it has the timeline's schema and version) and then
 * filled with SQLite directly in one transaction with one prepared statement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-report"

#include "config.h"

#include "fc-timing-simulate.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fc-store.h"
#include "fc-timeline.h"
#include "fc-timing-io.h"

#define N_UNITS 20
#define SECOND  ((gint64) G_USEC_PER_SEC)

typedef struct {
  gint64      wall_us;    /* true time */
  const char *kind;
  char        detail[80];
  int         target;     /* correction: index of the corrected event, else -1 */
  gint64      corrected;  /* correction: the corrected time, or FC_SIM_VOID */
} SimEvent;

#define FC_SIM_VOID G_MININT64

typedef struct {
  GRand  *rand;    /* (owned) */
  GArray *events;  /* (owned) SimEvent of the incident being built */
} Sim;

static double
normal (GRand *rand)
{
  double u1 = g_rand_double (rand);
  double u2 = g_rand_double (rand);

  if (u1 < 1e-12)
    u1 = 1e-12;
  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

/* A log-normal duration in µs with the given mean (seconds) and shape. */
static gint64
lognormal (GRand  *rand,
           double  mean_s,
           double  sigma)
{
  double median = mean_s / exp (sigma * sigma / 2);

  return (gint64) (median * exp (sigma * normal (rand)) * G_USEC_PER_SEC);
}

static gboolean
chance (GRand  *rand,
        double  p)
{
  return g_rand_double (rand) < p;
}

static int
poisson (GRand  *rand,
         double  lambda)
{
  double l = exp (-lambda);
  double p = 1.0;
  int k = 0;

  do
    {
      k++;
      p *= g_rand_double (rand);
    }
  while (p > l);
  return k - 1;
}

static int
add (Sim        *sim,
     gint64      wall_us,
     const char *kind,
     const char *detail)
{
  SimEvent event = { 0, };

  event.wall_us = wall_us;
  event.kind = kind;
  event.target = -1;
  if (detail != NULL)
    g_strlcpy (event.detail, detail, sizeof event.detail);
  g_array_append_val (sim->events, event);
  return (int) sim->events->len - 1;
}

static void
add_correction (Sim    *sim,
                gint64  wall_us,
                int     target,
                gint64  corrected)
{
  int index = add (sim, wall_us, FC_EVENT_CORRECTION, NULL);
  SimEvent *event = &g_array_index (sim->events, SimEvent, index);

  event->target = target;
  event->corrected = corrected;
}

/* The card attempt: returns the time the crew is done with the card. */
static gint64
simulate_card (Sim    *sim,
               gint64  t)
{
  GRand *rand = sim->rand;
  char detail[80];

  t += lognormal (rand, 40, 0.6);
  add (sim, t, FC_EVENT_CARD_ASKED, NULL);
  t += lognormal (rand, 12, 0.5);
  if (chance (rand, 0.55))
    {
      add (sim, t, FC_EVENT_CARD_PRESENT, "present=no");
      return t;
    }
  add (sim, t, FC_EVENT_CARD_PRESENT, "present=yes");

  t += lognormal (rand, 45, 0.5);
  if (chance (rand, 0.03))
    {
      add (sim, t, FC_EVENT_CONSENT, "basis=refused");
      return t;
    }
  add (sim, t, FC_EVENT_CONSENT, chance (rand, 0.12) ? "basis=waived_unable reason=unconscious"
                                                      : "basis=given");

  t += lognormal (rand, 30, 0.6);
  add (sim, t, FC_EVENT_CARD_DETECTED, NULL);
  t += lognormal (rand, 9, 0.4);
  if (chance (rand, 0.10))
    {
      add (sim, t, FC_EVENT_FAILURE, "step=card domain=fc-jpki-error-quark code=2");
      return t;
    }
  g_snprintf (detail, sizeof detail, "apdus=%d bytes=%d", 10 + g_rand_int_range (rand, 0, 4),
              1700 + g_rand_int_range (rand, 0, 300));
  add (sim, t, FC_EVENT_CARD_READ, detail);

  t += SECOND / 2;
  add (sim, t, FC_EVENT_FETCH_STARTED, NULL);
  t += lognormal (rand, 11, 0.6);
  if (chance (rand, 0.15))
    {
      add (sim, t, FC_EVENT_FETCH_DONE, "result=error code=3");
      add (sim, t + SECOND / 10, FC_EVENT_FAILURE, "step=fetch domain=fc-http-error-quark code=3");
      return t;
    }
  g_snprintf (detail, sizeof detail, "result=ok source=%s items=%d",
              chance (rand, 0.05) ? "cache" : "network", 3 + g_rand_int_range (rand, 0, 20));
  add (sim, t, FC_EVENT_FETCH_DONE, detail);

  t += lognormal (rand, 40, 0.5);
  g_snprintf (detail, sizeof detail, "warnings=%d", g_rand_int_range (rand, 0, 4));
  add (sim, t, FC_EVENT_SUMMARY_SHOWN, detail);
  for (int w = g_rand_int_range (rand, 0, 3); w > 0; w--)
    {
      static const char * const rules[] = { "rule=R01", "rule=R04", "rule=R05", "rule=R12" };

      t += lognormal (rand, 8, 0.5);
      add (sim, t, FC_EVENT_WARNING_ACK, rules[g_rand_int_range (rand, 0, G_N_ELEMENTS (rules))]);
    }
  if (chance (rand, 0.01))
    {
      t += lognormal (rand, 20, 0.5);
      add (sim, t, FC_EVENT_WRONG_PERSON, NULL);
    }
  return t;
}

/* Builds one incident starting with the call at @t_call. */
static void
simulate_incident (Sim    *sim,
                   gint64  t_call)
{
  GRand *rand = sim->rand;
  gboolean attempt = chance (rand, 0.30);
  gboolean card_used_speed = attempt; /* card incidents were slightly quicker to reach */
  gint64 t = t_call;
  gint64 t_loaded;
  gint64 t_left;
  gint64 t_busy;
  int arrived;
  int calls;
  char detail[80];

  g_array_set_size (sim->events, 0);
  add (sim, t_call - SECOND, FC_EVENT_INCIDENT_STARTED, "training=0 synthetic=1");
  if (!chance (rand, 0.015))
    add (sim, t_call, FC_EVENT_CALL_RECEIVED, NULL);
  t += lognormal (rand, 70, 0.5);
  add (sim, t, FC_EVENT_DISPATCHED, NULL);
  t += lognormal (rand, 65, 0.4);
  add (sim, t, FC_EVENT_EN_ROUTE, NULL);
  t += lognormal (rand, 460, 0.45);

  /* 3 %: arrival tapped late and corrected afterwards. */
  if (chance (rand, 0.03))
    {
      gint64 late = lognormal (rand, 60, 0.5);

      arrived = add (sim, t + late, FC_EVENT_ARRIVED_SCENE, NULL);
      add_correction (sim, t + late + lognormal (rand, 120, 0.5), arrived, t);
    }
  else
    {
      arrived = add (sim, t, FC_EVENT_ARRIVED_SCENE, NULL);
    }

  t += lognormal (rand, card_used_speed ? 67 : 77, 0.5);
  if (!chance (rand, 0.01))
    add (sim, t, FC_EVENT_PATIENT_CONTACT, NULL);
  if (chance (rand, 0.005))
    {
      /* An accidental "left scene" tap, voided. */
      int wrong = add (sim, t + 5 * SECOND, FC_EVENT_LEFT_SCENE, NULL);

      add_correction (sim, t + 15 * SECOND, wrong, FC_SIM_VOID);
    }
  for (int f = poisson (rand, 2.0); f > 0; f--)
    {
      static const char * const findings[] = {
        "kind=consciousness", "kind=glucose", "kind=head-injury", "kind=bleeding", "kind=seizure",
      };

      add (sim, t + lognormal (rand, 120, 0.6), FC_EVENT_FINDING,
           findings[g_rand_int_range (rand, 0, G_N_ELEMENTS (findings))]);
    }

  t += lognormal (rand, card_used_speed ? 346 : 354, 0.45);
  t_loaded = t;
  if (!chance (rand, 0.005))
    add (sim, t, FC_EVENT_PATIENT_LOADED, NULL);

  /* Loaded → left scene: the usual work, the card on top of it when tried, while another crew
   * member calls hospitals. */
  t_busy = attempt ? simulate_card (sim, t_loaded) : t_loaded;
  t_left = t_loaded + lognormal (rand, 640, 0.5) + (t_busy - t_loaded);
  calls = 1 + poisson (rand, 0.8);
  t = t_loaded + lognormal (rand, 60, 0.6);
  for (int k = 1; k <= calls; k++)
    {
      g_snprintf (detail, sizeof detail, "n=%d", k);
      add (sim, t, FC_EVENT_HOSPITAL_CALL_START, detail);
      t += lognormal (rand, 130, 0.4);
      g_snprintf (detail, sizeof detail, "n=%d outcome=%s", k,
                  k == calls ? "accepted" : "declined");
      add (sim, t, FC_EVENT_HOSPITAL_CALL_END, detail);
      t += lognormal (rand, 25, 0.5);
    }
  if (t_left < t + 20 * SECOND)
    t_left = t + 20 * SECOND;
  add (sim, t_left, FC_EVENT_LEFT_SCENE, NULL);

  t = t_left + lognormal (rand, 720, 0.5);
  add (sim, t, FC_EVENT_ARRIVED_HOSPITAL, NULL);
  t += lognormal (rand, 540, 0.6);
  add (sim, t, FC_EVENT_TRANSFER_OF_CARE, NULL);
  add (sim, t + 5 * SECOND, FC_EVENT_HANDOVER, NULL);
  t += lognormal (rand, 1200, 0.5);
  if (!chance (rand, 0.02))
    add (sim, t, FC_EVENT_BACK_IN_SERVICE, NULL);
  (void) arrived;
}

static int
compare_by_time (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const SimEvent *events = user_data;
  const SimEvent *x = &events[*(const int *) a];
  const SimEvent *y = &events[*(const int *) b];

  if (x->wall_us != y->wall_us)
    return x->wall_us < y->wall_us ? -1 : 1;
  return *(const int *) a - *(const int *) b;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  const char *what)
{
  g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_WRITE,
               /* Translators: %s: the step; %s: SQLite's reason. */
               _("Cannot write the synthetic log (%s): %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

gboolean
fc_timing_simulate (const char  *path,
                    guint        n_incidents,
                    guint32      seed,
                    GDateTime   *start,
                    guint        months,
                    guint64     *events,
                    GError     **error)
{
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) order = NULL;
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GDateTime) default_start = NULL;
  g_autoptr(GDateTime) end = NULL;
  Sim sim = { NULL, };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start_us;
  gint64 span_us;
  gint64 boot_us[N_UNITS];
  guint64 written = 0;
  gboolean ok = FALSE;
  const int offset_s = 9 * 3600;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_incidents == 0 || n_incidents > 10000000)
    {
      g_set_error_literal (error, FC_REPORT_ERROR, FC_REPORT_ERROR_INVALID,
                           _("Give between 1 and 10,000,000 incidents."));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FC_REPORT_ERROR, FC_REPORT_ERROR_INVALID,
                   /* Translators: %s is a file name. */
                   _("%s already exists; synthetic data goes into a new file only."), path);
      return FALSE;
    }

  /* Create the schema through the store, as the app does. */
  store = fc_store_open (path, fc_timeline_get_migrations (), error);
  if (store == NULL)
    return FALSE;
  fc_store_close (store);

  if (start == NULL)
    {
      g_autoptr(GTimeZone) jst = g_time_zone_new_offset (offset_s);

      default_start = g_date_time_new (jst, 2025, 4, 1, 0, 0, 0);
      start = default_start;
    }
  end = g_date_time_add_months (start, months > 0 ? (int) months : 12);
  start_us = g_date_time_to_unix (start) * SECOND;
  span_us = g_date_time_to_unix (end) * SECOND - start_us;

  sim.rand = g_rand_new_with_seed (seed);
  sim.events = g_array_new (FALSE, FALSE, sizeof (SimEvent));
  order = g_array_new (FALSE, FALSE, sizeof (int));
  seqs = g_array_new (FALSE, FALSE, sizeof (int));

  /* Call times, in order. */
  starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_incidents);
  for (guint i = 0; i < n_incidents; i++)
    {
      gint64 t = start_us + (gint64) (g_rand_double (sim.rand) * (double) span_us);

      g_array_append_val (starts, t);
    }
  g_array_sort (starts, compare_gint64);
  for (guint u = 0; u < N_UNITS; u++)
    boot_us[u] = start_us - g_rand_int_range (sim.rand, 3600, 86400) * SECOND;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "open");
      goto out;
    }
  if (sqlite3_exec (db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "begin");
      goto out;
    }
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO events (incident_id, seq, kind, detail, mono_us, wall, "
                          "unit_id, training, app_version) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "prepare");
      goto out;
    }

  for (guint i = 0; i < n_incidents; i++)
    {
      guint unit = (guint) g_rand_int_range (sim.rand, 0, N_UNITS);
      char unit_id[32];
      char incident_id[40];
      gint64 clock_step = 0;
      int step_from;
      SimEvent *ev;
      guint n;

      g_snprintf (unit_id, sizeof unit_id, "SYNTHETIC-UNIT-%02u", unit + 1);
      g_snprintf (incident_id, sizeof incident_id, "%08x-%04x-4%03x-%04x-%08x%04x",
                  g_rand_int (sim.rand), g_rand_int (sim.rand) & 0xffff,
                  g_rand_int (sim.rand) & 0xfff, (g_rand_int (sim.rand) & 0x3fff) | 0x8000,
                  g_rand_int (sim.rand), g_rand_int (sim.rand) & 0xffff);

      simulate_incident (&sim, g_array_index (starts, gint64, i));
      ev = (SimEvent *) sim.events->data;
      n = sim.events->len;

      /* Tap order = time order; seq follows it. */
      g_array_set_size (order, n);
      g_array_set_size (seqs, n);
      for (guint k = 0; k < n; k++)
        g_array_index (order, int, k) = (int) k;
      g_array_sort_with_data (order, compare_by_time, ev);
      for (guint k = 0; k < n; k++)
        g_array_index (seqs, int, g_array_index (order, int, k)) = (int) k + 1;

      /* 0.1 %: the wall clock is set back by 90 s halfway (NTP); the monotonic clock is not. */
      step_from = chance (sim.rand, 0.001) ? (int) n / 2 : (int) n + 1;

      for (guint k = 0; k < n; k++)
        {
          const SimEvent *e = &ev[g_array_index (order, int, k)];
          char wall[40];
          char detail[128];
          const char *detail_text = e->detail[0] != '\0' ? e->detail : NULL;

          if ((int) k == step_from)
            clock_step = -90 * SECOND;
          if (e->target >= 0)
            {
              const SimEvent *target = &ev[e->target];
              int target_seq = g_array_index (seqs, int, e->target);

              if (e->corrected == FC_SIM_VOID)
                g_snprintf (detail, sizeof detail, "seq=%d kind=%s void", target_seq, target->kind);
              else
                g_snprintf (detail, sizeof detail, "seq=%d kind=%s wall=%s", target_seq,
                            target->kind, fc_timing_format_wall (e->corrected, offset_s, wall));
              detail_text = detail;
            }
          fc_timing_format_wall (e->wall_us + clock_step, offset_s, wall);

          sqlite3_bind_text (stmt, 1, incident_id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, k + 1);
          sqlite3_bind_text (stmt, 3, e->kind, -1, SQLITE_STATIC);
          if (detail_text != NULL)
            sqlite3_bind_text (stmt, 4, detail_text, -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_null (stmt, 4);
          sqlite3_bind_int64 (stmt, 5, e->wall_us - boot_us[unit]);
          sqlite3_bind_text (stmt, 6, wall, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 7, unit_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, PACKAGE_VERSION, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              set_sqlite_error (error, db, "insert");
              goto out;
            }
          sqlite3_reset (stmt);
          written++;
        }
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "commit");
      goto out;
    }
  ok = TRUE;
  if (events != NULL)
    *events = written;

out:
  sqlite3_finalize (stmt);
  if (db != NULL && !ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  g_clear_pointer (&sim.rand, g_rand_free);
  g_clear_pointer (&sim.events, g_array_unref);
  return ok;
}
