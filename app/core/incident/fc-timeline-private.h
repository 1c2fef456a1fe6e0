/* fc-timeline-private.h: the instances of FcTimelineEvent and FcTimeline, shared by the modules
 * of the timeline (see the top of fc-timeline.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-timeline.h"

G_BEGIN_DECLS

struct _FcTimelineEvent
{
  GObject    parent_instance;

  char      *kind;       /* (owned) */
  char      *detail;     /* (owned) (nullable) */
  gint64     monotonic;  /* µs, g_get_monotonic_time() */
  GDateTime *wall;       /* (owned): local time with zone */
  guint      seq;        /* 1, 2, … within the timeline */
};

struct _FcTimeline
{
  GObject       parent_instance;

  FcStore      *store;          /* (owned) (nullable): NULL keeps events in memory only */
  char         *incident_id;    /* (owned): random UUID */
  char         *unit_id;        /* (owned) (nullable) */
  gboolean      training;
  GListStore   *events;         /* (owned): FcTimelineEvent in order */
  GQueue        unsaved;        /* (owned) FcTimelineEvent refs whose write failed, by seq */
  char         *write_error;    /* (owned) (nullable) */
  guint         pending;        /* writes queued and not yet answered */
  guint         last_seq;
  gint64        last_monotonic;
  FcTimelineClock monotonic_now; /* g_get_monotonic_time() except in tests */
  GMainContext *context;        /* (owned): where the store's answers arrive */
  GHashTable   *corrections;    /* (owned): seq → GDateTime (owned), or NULL when voided */
  guint         hospital_calls; /* hospital acceptance calls started */
  gboolean      hospital_call_active;
};

G_END_DECLS
