/* fc-summary-source.h: where summaries come from (HTTPS service, training scenario, …).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fc-types.h"
#include "fc-summary.h"
#include "fc-card-identity.h"

G_BEGIN_DECLS

#define FC_SUMMARY_ERROR (fc_summary_error_quark ())

/**
 * FcSummaryError:
 * @FC_SUMMARY_ERROR_NOT_FOUND: no record for this card (a normal outcome)
 * @FC_SUMMARY_ERROR_CONSENT: the service refused for lack of consent (403) or consent was refused
 * @FC_SUMMARY_ERROR_UNAVAILABLE: service unavailable (5xx), or offline
 * @FC_SUMMARY_ERROR_TIMEOUT: no answer in time
 * @FC_SUMMARY_ERROR_TLS: TLS failure (server not trusted, our certificate rejected)
 * @FC_SUMMARY_ERROR_MALFORMED: the answer could not be read
 */
typedef enum {
  FC_SUMMARY_ERROR_NOT_FOUND,
  FC_SUMMARY_ERROR_CONSENT,
  FC_SUMMARY_ERROR_UNAVAILABLE,
  FC_SUMMARY_ERROR_TIMEOUT,
  FC_SUMMARY_ERROR_TLS,
  FC_SUMMARY_ERROR_MALFORMED,
} FcSummaryError;

#define FC_TYPE_SUMMARY_SOURCE (fc_summary_source_get_type ())

G_DECLARE_INTERFACE (FcSummarySource, fc_summary_source, FC, SUMMARY_SOURCE, GObject)

struct _FcSummarySourceInterface
{
  GTypeInterface parent_iface;

  void       (*fetch_async)  (FcSummarySource     *self,
                              FcCardIdentity      *identity,
                              FcConsent            consent,
                              const char          *incident_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  FcSummary *(*fetch_finish) (FcSummarySource     *self,
                              GAsyncResult        *result,
                              GError             **error);

  /* Optional (issue 9): get ready for a fetch that will follow soon — resolve the name and open
   * the connection — without sending anything about a patient. The default does nothing and
   * succeeds at once. */
  void       (*prepare_async)  (FcSummarySource     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  gboolean   (*prepare_finish) (FcSummarySource     *self,
                                GAsyncResult        *result,
                                GError             **error);
};

GQuark     fc_summary_error_quark          (void);
/* @identity: (nullable) for sources that do not need it (training scenarios); @incident_id:
 * (nullable). Every source fails with FC_SUMMARY_ERROR_CONSENT, without reading or contacting
 * anything, when @consent is FC_CONSENT_REFUSED or FC_CONSENT_NONE. */
void       fc_summary_source_fetch_async   (FcSummarySource     *self,
                                            FcCardIdentity      *identity,
                                            FcConsent            consent,
                                            const char          *incident_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
FcSummary *fc_summary_source_fetch_finish  (FcSummarySource     *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Warm-up before a fetch (e.g. while the card is being read): opens the connection so that the
 * fetch does not wait for it. Sends no patient data. Sources without a network succeed at once.
 * A failure only means that the fetch will try again. */
void       fc_summary_source_prepare_async (FcSummarySource     *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   fc_summary_source_prepare_finish (FcSummarySource    *self,
                                             GAsyncResult       *result,
                                             GError            **error);

G_END_DECLS
