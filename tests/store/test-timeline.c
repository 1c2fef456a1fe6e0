/* test-timeline.c: FcTimeline — events in memory and in timing.db, write failures, ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "fc-timeline.h"

typedef struct {
  char    *dir;    /* (owned) */
  char    *path;   /* (owned): dir/timing.db */
  FcStore *store;  /* (owned) */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fc-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "timing.db", NULL);
  fixture->store = fc_store_open (fixture->path, fc_timeline_get_migrations (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Rows of one incident: (seq, kind, detail, mono_us, wall, unit_id, training, app_version). */
static GPtrArray *
query_events (FcStore    *store,
              const char *incident_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  rows = fc_store_query_sync (store,
                              "SELECT seq, kind, detail, mono_us, wall, unit_id, training, "
                              "app_version FROM events WHERE incident_id = ?1 ORDER BY seq",
                              g_variant_new ("(s)", incident_id), &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static void
run_sql_on_second_connection (const char *path,
                              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_new_memory_only (void)
{
  FcTimeline *timeline = fc_timeline_new (NULL, "unit-7", TRUE);
  g_autofree char *incident_id = NULL;
  g_autofree char *unit_id = NULL;
  g_autofree char *write_error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GListModel) events = NULL;
  gboolean training = FALSE;
  guint pending = 99;
  FcTimelineEvent *event;

  g_assert_true (FC_IS_TIMELINE (timeline));
  g_object_get (timeline,
                "incident-id", &incident_id,
                "unit-id", &unit_id,
                "training", &training,
                "store", &store,
                "write-error", &write_error,
                "pending", &pending,
                "events", &events,
                NULL);

  g_assert_true (g_uuid_string_is_valid (incident_id));
  g_assert_cmpstr (incident_id, ==, fc_timeline_get_incident_id (timeline));
  g_assert_cmpstr (unit_id, ==, "unit-7");
  g_assert_true (training);
  g_assert_null (store);
  g_assert_cmpuint (pending, ==, 0);
  g_assert_true (events == fc_timeline_get_events (timeline));

  /* Memory only says so at once, so the UI can warn before anything is lost. */
  g_assert_nonnull (write_error);
  g_assert_cmpstr (write_error, ==, fc_timeline_get_write_error (timeline));
  g_assert_nonnull (strstr (write_error, "memory"));

  event = fc_timeline_append (timeline, FC_EVENT_INCIDENT_STARTED, NULL);
  g_assert_true (FC_IS_TIMELINE_EVENT (event));
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  g_assert_nonnull (fc_timeline_get_write_error (timeline));
  fc_timeline_flush (timeline);

  g_clear_object (&events);
  g_assert_finalize_object (timeline);
}

static void
test_event_properties (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  FcTimelineEvent *event;
  g_autofree char *kind = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GDateTime) wall = NULL;
  gint64 monotonic = 0;
  guint seq = 0;

  event = fc_timeline_append (timeline, FC_EVENT_FETCH_DONE, "source=network");
  g_object_get (event,
                "kind", &kind,
                "detail", &detail,
                "monotonic", &monotonic,
                "wall", &wall,
                "seq", &seq,
                NULL);

  g_assert_cmpstr (kind, ==, FC_EVENT_FETCH_DONE);
  g_assert_cmpstr (fc_timeline_event_get_kind (event), ==, FC_EVENT_FETCH_DONE);
  g_assert_cmpstr (detail, ==, "source=network");
  g_assert_cmpstr (fc_timeline_event_get_detail (event), ==, "source=network");
  g_assert_cmpint (monotonic, ==, fc_timeline_event_get_monotonic (event));
  g_assert_cmpint (monotonic, >, 0);
  g_assert_true (g_date_time_equal (wall, fc_timeline_event_get_wall (event)));
  g_assert_cmpuint (seq, ==, 1);
  g_assert_cmpuint (fc_timeline_event_get_seq (event), ==, 1);

  /* The list keeps the event alive; it finalizes with the list. */
  g_object_add_weak_pointer (G_OBJECT (event), (gpointer *) &event);
  g_clear_object (&timeline);
  g_assert_null (event);
}

/* A clock that stands still for three readings, then jumps back. */
static gint64
stuck_clock (void)
{
  static const gint64 readings[] = { 1000, 1000, 1000, 900, 5000, 5000 };
  static guint next = 0;

  return readings[next++ % G_N_ELEMENTS (readings)];
}

static void
test_stuck_clock_still_increases (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  static const gint64 expected[] = { 1000, 1001, 1002, 1003, 5000, 5001 };

  fc_timeline_set_clock_for_testing (timeline, stuck_clock);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      FcTimelineEvent *event = fc_timeline_append (timeline, FC_EVENT_FINDING, NULL);

      g_assert_cmpint (fc_timeline_event_get_monotonic (event), ==, expected[i]);
    }

  /* Back to the real clock: later than anything recorded so far. */
  fc_timeline_set_clock_for_testing (timeline, NULL);
  g_assert_cmpint (fc_timeline_event_get_monotonic (fc_timeline_append (timeline,
                                                                        FC_EVENT_FINDING, NULL)),
                   >, 5001);
}

static void
test_times_strictly_increase (void)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
  GListModel *events = fc_timeline_get_events (timeline);
  const guint n = 500;
  gint64 last = 0;

  /* Appending in a tight loop gives equal g_get_monotonic_time() values more often than not. */
  for (guint i = 0; i < n; i++)
    fc_timeline_append (timeline, FC_EVENT_FINDING, "kind=bgl");

  g_assert_cmpuint (g_list_model_get_n_items (events), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpuint (fc_timeline_event_get_seq (event), ==, i + 1);
      g_assert_cmpint (fc_timeline_event_get_monotonic (event), >, last);
      last = fc_timeline_event_get_monotonic (event);
    }
}

static void
test_events_written_and_read_back (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  static const struct { const char *kind; const char *detail; } marks[] = {
    { FC_EVENT_INCIDENT_STARTED, NULL },
    { FC_EVENT_ARRIVED_SCENE, NULL },
    { FC_EVENT_CONSENT, "given" },
    { FC_EVENT_CARD_READ, "apdus=12 bytes=2048" },
    { FC_EVENT_FETCH_DONE, "source=cache" },
    { FC_EVENT_WARNING_ACK, "R07" },
    { FC_EVENT_HANDOVER, NULL },
  };
  FcTimeline *timeline = fc_timeline_new (fixture->store, "unit-7", TRUE);
  GListModel *events = fc_timeline_get_events (timeline);
  g_autoptr(GPtrArray) rows = NULL;
  guint pending_notifies = 0;
  gint64 last_mono = 0;

  g_assert_null (fc_timeline_get_write_error (timeline));
  g_signal_connect (timeline, "notify::pending", G_CALLBACK (count_notify_cb), &pending_notifies);

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    fc_timeline_append (timeline, marks[i].kind, marks[i].detail);

  /* In the list at once, on disk later. */
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, G_N_ELEMENTS (marks));
  g_assert_cmpuint (pending_notifies, >, 0);

  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));
  {
    guint pending = 99;

    g_object_get (timeline, "pending", &pending, NULL);
    g_assert_cmpuint (pending, ==, 0);
  }

  rows = query_events (fixture->store, fc_timeline_get_incident_id (timeline));
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (marks));

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
      g_autoptr(GVariant) detail = g_variant_get_child_value (rows->pdata[i], 2);
      g_autoptr(GVariant) wall_value = g_variant_get_child_value (rows->pdata[i], 4);
      g_autoptr(GVariant) unit_value = g_variant_get_child_value (rows->pdata[i], 5);
      g_autoptr(GVariant) version_value = g_variant_get_child_value (rows->pdata[i], 7);
      g_autoptr(GVariant) kind_value = g_variant_get_child_value (rows->pdata[i], 1);
      g_autoptr(GDateTime) wall = NULL;
      gint64 seq, mono, training;

      g_variant_get_child (rows->pdata[i], 0, "x", &seq);
      g_variant_get_child (rows->pdata[i], 3, "x", &mono);
      g_variant_get_child (rows->pdata[i], 6, "x", &training);

      g_assert_cmpint (seq, ==, i + 1);
      g_assert_cmpint (mono, >, last_mono);
      g_assert_cmpint (mono, ==, fc_timeline_event_get_monotonic (event));
      last_mono = mono;

      g_assert_cmpstr (g_variant_get_string (kind_value, NULL), ==, marks[i].kind);
      if (marks[i].detail == NULL)
        {
          g_assert_true (g_variant_is_of_type (detail, G_VARIANT_TYPE ("mv")));
          g_assert_cmpuint (g_variant_n_children (detail), ==, 0);
        }
      else
        {
          g_assert_cmpstr (g_variant_get_string (detail, NULL), ==, marks[i].detail);
        }

      wall = g_date_time_new_from_iso8601 (g_variant_get_string (wall_value, NULL), NULL);
      g_assert_nonnull (wall);
      g_assert_true (g_date_time_equal (wall, fc_timeline_event_get_wall (event)));

      g_assert_cmpstr (g_variant_get_string (unit_value, NULL), ==, "unit-7");
      g_assert_cmpint (training, ==, 1);
      g_assert_cmpstr (g_variant_get_string (version_value, NULL), ==, PACKAGE_VERSION);
    }

  g_assert_finalize_object (timeline);
}

static void
test_wall_clock_has_zone_offset (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  /* main() sets TZ to Japan's offset without daylight saving. */
  g_autoptr(FcTimeline) timeline = fc_timeline_new (fixture->store, NULL, FALSE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GRegex) regex = NULL;
  FcTimelineEvent *event;
  const char *wall;

  event = fc_timeline_append (timeline, FC_EVENT_PATIENT_CONTACT, NULL);
  g_assert_cmpint (g_date_time_get_utc_offset (fc_timeline_event_get_wall (event)),
                   ==, 9 * G_TIME_SPAN_HOUR);
  fc_timeline_flush (timeline);

  rows = query_events (fixture->store, fc_timeline_get_incident_id (timeline));
  g_assert_cmpuint (rows->len, ==, 1);
  g_variant_get_child (rows->pdata[0], 4, "&s", &wall);

  regex = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+09(:?00)?$",
                       0, 0, NULL);
  g_assert_true (g_regex_match (regex, wall, 0, NULL));

  parsed = g_date_time_new_from_iso8601 (wall, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 9 * G_TIME_SPAN_HOUR);
}

static void
test_write_failure_keeps_and_retries (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  FcTimeline *timeline = fc_timeline_new (fixture->store, NULL, FALSE);
  GListModel *events = fc_timeline_get_events (timeline);
  const char *incident_id = fc_timeline_get_incident_id (timeline);
  g_autoptr(GPtrArray) rows = NULL;
  guint error_notifies = 0;
  const char *write_error;

  g_signal_connect (timeline, "notify::write-error", G_CALLBACK (count_notify_cb),
                    &error_notifies);

  fc_timeline_append (timeline, FC_EVENT_INCIDENT_STARTED, NULL);
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));

  /* Another connection makes every INSERT fail, as a broken disk would. */
  run_sql_on_second_connection (fixture->path,
                                "CREATE TRIGGER block_inserts BEFORE INSERT ON events "
                                "BEGIN SELECT RAISE (ABORT, 'blocked by the test'); END;");

  fc_timeline_append (timeline, FC_EVENT_ARRIVED_SCENE, NULL);
  fc_timeline_append (timeline, FC_EVENT_PATIENT_CONTACT, NULL);
  fc_timeline_flush (timeline);

  write_error = fc_timeline_get_write_error (timeline);
  g_assert_nonnull (write_error);
  g_assert_nonnull (strstr (write_error, "could not be saved"));
  g_assert_nonnull (strstr (write_error, "blocked by the test"));
  g_assert_cmpuint (error_notifies, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  rows = query_events (fixture->store, incident_id);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Still broken: a further append fails too and nothing is dropped. */
  fc_timeline_append (timeline, FC_EVENT_CARD_ASKED, NULL);
  fc_timeline_flush (timeline);
  g_assert_nonnull (fc_timeline_get_write_error (timeline));
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 4);

  /* The fault goes away: the next append writes the earlier events as well (seen on disk
   * before fc_timeline_flush(), which would retry them by itself). */
  run_sql_on_second_connection (fixture->path, "DROP TRIGGER block_inserts;");
  fc_timeline_append (timeline, FC_EVENT_CARD_DETECTED, NULL);
  fc_store_flush (fixture->store);
  rows = query_events (fixture->store, incident_id);
  g_assert_cmpuint (rows->len, ==, 5);
  g_clear_pointer (&rows, g_ptr_array_unref);
  fc_timeline_flush (timeline);

  g_assert_null (fc_timeline_get_write_error (timeline));
  rows = query_events (fixture->store, incident_id);
  g_assert_cmpuint (rows->len, ==, 5);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(FcTimelineEvent) event = g_list_model_get_item (events, i);
      const char *kind;
      gint64 seq;

      g_variant_get_child (rows->pdata[i], 0, "x", &seq);
      g_variant_get_child (rows->pdata[i], 1, "&s", &kind);
      g_assert_cmpint (seq, ==, i + 1);
      g_assert_cmpstr (kind, ==, fc_timeline_event_get_kind (event));
    }

  g_assert_finalize_object (timeline);
}

static void
test_flush_retries_failed_writes (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (fixture->store, NULL, FALSE);
  g_autoptr(GPtrArray) rows = NULL;

  run_sql_on_second_connection (fixture->path,
                                "CREATE TRIGGER block_inserts BEFORE INSERT ON events "
                                "BEGIN SELECT RAISE (ABORT, 'blocked by the test'); END;");
  fc_timeline_append (timeline, FC_EVENT_LEFT_SCENE, NULL);
  fc_timeline_flush (timeline);
  g_assert_nonnull (fc_timeline_get_write_error (timeline));

  /* At handover flush is the last chance: it tries the unsaved events again. */
  run_sql_on_second_connection (fixture->path, "DROP TRIGGER block_inserts;");
  fc_timeline_flush (timeline);
  g_assert_null (fc_timeline_get_write_error (timeline));

  rows = query_events (fixture->store, fc_timeline_get_incident_id (timeline));
  g_assert_cmpuint (rows->len, ==, 1);
}

static void
test_closed_store_keeps_events (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(FcTimeline) timeline = fc_timeline_new (fixture->store, NULL, FALSE);

  fc_store_close (fixture->store);
  fc_timeline_append (timeline, FC_EVENT_HANDOVER, NULL);
  fc_timeline_flush (timeline);

  g_assert_nonnull (fc_timeline_get_write_error (timeline));
  g_assert_nonnull (strstr (fc_timeline_get_write_error (timeline), "closed"));
  g_assert_cmpuint (g_list_model_get_n_items (fc_timeline_get_events (timeline)), ==, 1);

  g_clear_object (&timeline);
}

static void
test_incidents_share_one_database (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(FcTimeline) first = fc_timeline_new (fixture->store, NULL, FALSE);
  g_autoptr(FcTimeline) second = fc_timeline_new (fixture->store, NULL, TRUE);
  g_autoptr(GPtrArray) rows_first = NULL;
  g_autoptr(GPtrArray) rows_second = NULL;

  for (guint i = 0; i < 3; i++)
    {
      fc_timeline_append (first, FC_EVENT_FINDING, NULL);
      fc_timeline_append (second, FC_EVENT_FINDING, NULL);
    }
  fc_timeline_flush (first);
  fc_timeline_flush (second);

  g_assert_null (fc_timeline_get_write_error (first));
  g_assert_null (fc_timeline_get_write_error (second));
  rows_first = query_events (fixture->store, fc_timeline_get_incident_id (first));
  rows_second = query_events (fixture->store, fc_timeline_get_incident_id (second));
  g_assert_cmpuint (rows_first->len, ==, 3);
  g_assert_cmpuint (rows_second->len, ==, 3);
}

static void
test_incident_ids_unique_and_random (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(FcTimeline) timeline = fc_timeline_new (NULL, NULL, FALSE);
      const char *id = fc_timeline_get_incident_id (timeline);

      g_assert_true (g_uuid_string_is_valid (id));
      /* Version 4 (random). */
      g_assert_cmpint (id[14], ==, '4');
      g_assert_true (g_hash_table_add (seen, g_strdup (id)));
    }
}

static void
test_migrations_create_schema (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const char * const *migrations = fc_timeline_get_migrations ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) indexes = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_nonnull (migrations);
  g_assert_cmpuint (g_strv_length ((char **) migrations), ==, 1);
  g_assert_cmpint (fc_store_get_schema_version (fixture->store), ==, 1);

  columns = fc_store_query_sync (fixture->store, "SELECT name FROM pragma_table_info ('events')",
                                 NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *name;

      g_variant_get_child (columns->pdata[i], 0, "&s", &name);
      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", name);
    }
  g_assert_cmpstr (names->str, ==,
                   "id,incident_id,seq,kind,detail,mono_us,wall,unit_id,training,app_version");

  indexes = fc_store_query_sync (fixture->store,
                                 "SELECT name FROM sqlite_schema WHERE type = 'index' "
                                 "AND tbl_name = 'events' AND name = 'events_incident_id'",
                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (indexes->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* A fixed zone with a non-zero offset, so the offset shows in the stored wall clock. */
  g_setenv ("TZ", "JST-9", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/timeline/new-memory-only", test_new_memory_only);
  g_test_add_func ("/fc/timeline/event-properties", test_event_properties);
  g_test_add_func ("/fc/timeline/times-strictly-increase", test_times_strictly_increase);
  g_test_add_func ("/fc/timeline/stuck-clock-still-increases", test_stuck_clock_still_increases);
  g_test_add_func ("/fc/timeline/incident-ids-unique-and-random",
                   test_incident_ids_unique_and_random);
#define ADD(name, func) \
  g_test_add ("/fc/timeline/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("migrations-create-schema", test_migrations_create_schema);
  ADD ("events-written-and-read-back", test_events_written_and_read_back);
  ADD ("wall-clock-has-zone-offset", test_wall_clock_has_zone_offset);
  ADD ("write-failure-keeps-and-retries", test_write_failure_keeps_and_retries);
  ADD ("flush-retries-failed-writes", test_flush_retries_failed_writes);
  ADD ("closed-store-keeps-events", test_closed_store_keeps_events);
  ADD ("incidents-share-one-database", test_incidents_share_one_database);
#undef ADD

  return g_test_run ();
}
