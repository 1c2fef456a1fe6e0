/* fc-summary-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-source"

#include "config.h"

#include "fc-summary-source.h"

G_DEFINE_QUARK (fc-summary-error-quark, fc_summary_error)

G_DEFINE_INTERFACE (FcSummarySource, fc_summary_source, G_TYPE_OBJECT)

static void
fc_summary_source_default_init (FcSummarySourceInterface *iface)
{
}

/**
 * fc_summary_source_fetch_async:
 * @identity: (nullable): the card identity; sources that do not need it (training scenarios)
 *   accept NULL
 * @incident_id: (nullable): sent to the service for its audit trail
 *
 * Fetches the summary for @identity. Implementations must fail with FC_SUMMARY_ERROR_CONSENT,
 * without contacting anything, when @consent is FC_CONSENT_REFUSED or FC_CONSENT_NONE.
 */
void
fc_summary_source_fetch_async (FcSummarySource     *self,
                               FcCardIdentity      *identity,
                               FcConsent            consent,
                               const char          *incident_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  FcSummarySourceInterface *iface;

  g_return_if_fail (FC_IS_SUMMARY_SOURCE (self));
  g_return_if_fail (identity == NULL || G_IS_OBJECT (identity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = FC_SUMMARY_SOURCE_GET_IFACE (self);
  g_return_if_fail (iface->fetch_async != NULL);

  iface->fetch_async (self, identity, consent, incident_id, cancellable, callback, user_data);
}

FcSummary *
fc_summary_source_fetch_finish (FcSummarySource  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  FcSummarySourceInterface *iface;

  g_return_val_if_fail (FC_IS_SUMMARY_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = FC_SUMMARY_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->fetch_finish != NULL, NULL);

  return iface->fetch_finish (self, result, error);
}
