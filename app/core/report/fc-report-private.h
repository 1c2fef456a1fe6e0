/* fc-report-private.h: one incident as the report sees it after corrections (for the exports).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-report.h"

G_BEGIN_DECLS

/* Time points, in the order of an incident. */
typedef enum {
  FC_POINT_CALL,            /* call-received */
  FC_POINT_DISPATCHED,
  FC_POINT_EN_ROUTE,
  FC_POINT_ARRIVED_SCENE,
  FC_POINT_PATIENT_CONTACT,
  FC_POINT_PATIENT_LOADED,
  FC_POINT_LEFT_SCENE,
  FC_POINT_ARRIVED_HOSPITAL,
  FC_POINT_TRANSFER_OF_CARE,
  FC_POINT_BACK_IN_SERVICE,
  FC_N_POINTS
} FcPoint;

/* Card steps, as points. */
typedef enum {
  FC_CARD_FIRST,   /* earliest of card asked, card present, consent */
  FC_CARD_ASKED,
  FC_CARD_CONSENT,
  FC_CARD_READ,
  FC_CARD_FETCHED, /* first fetch-done with result=ok */
  FC_CARD_SHOWN,
  FC_CARD_LAST,    /* latest card step of any kind */
  FC_N_CARD_POINTS
} FcCardPoint;

#define FC_NO_TIME G_MININT64

typedef struct {
  const char *id;                           /* incident id */
  const char *unit_id;                      /* nullable */
  gint64      point_us[FC_N_POINTS];        /* UTC µs, FC_NO_TIME when missing or voided */
  int         point_offset[FC_N_POINTS];    /* the zone of each point, seconds east of UTC */
  gint64      card_us[FC_N_CARD_POINTS];
  int         card_offset[FC_N_CARD_POINTS];
  guint       hospital_calls;
  guint       hospital_accepted;
  guint       corrections;                  /* corrections applied */
  guint       voided;                       /* marks voided */
  guint       bad_corrections;              /* corrections naming no event */
  FcReportGroup group;
  gboolean    training;
  gboolean    synthetic;
  gboolean    clock_disorder;
  gboolean    card_present_no;             /* "card-present present=no" was logged */
  int         month;                        /* year * 12 + month - 1, local time */
  gint64      first_us;                     /* the first point (for ordering) */
} FcReportIncident;

typedef void (*FcReportIncidentFunc) (const FcReportIncident *incident,
                                      gpointer                user_data);

/* Calls @func for every included incident, ordered by the time of its first point, then id. */
void        fc_report_foreach_incident (FcReport             *self,
                                        FcReportIncidentFunc  func,
                                        gpointer              user_data);
/* The event kind (FC_EVENT_*) of a time point. */
const char *fc_report_point_get_kind   (FcPoint               point);

G_END_DECLS
