/* fc-summary-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-summary-source"

#include "config.h"

#include "fc-summary-source.h"

G_DEFINE_QUARK (fc-summary-error-quark, fc_summary_error)

G_DEFINE_INTERFACE (FcSummarySource, fc_summary_source, G_TYPE_OBJECT)

/* The default warm-up: nothing to do. */
static void
fc_summary_source_real_prepare_async (FcSummarySource     *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, fc_summary_source_real_prepare_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
fc_summary_source_real_prepare_finish (FcSummarySource  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fc_summary_source_default_init (FcSummarySourceInterface *iface)
{
  iface->prepare_async = fc_summary_source_real_prepare_async;
  iface->prepare_finish = fc_summary_source_real_prepare_finish;
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

/**
 * fc_summary_source_prepare_async:
 *
 * Gets ready for a fetch that will follow soon (resolves the server's name and opens the
 * connection), without sending anything about a patient. Sources that need no network succeed at
 * once. A failure is not fatal: the fetch tries again.
 */
void
fc_summary_source_prepare_async (FcSummarySource     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FcSummarySourceInterface *iface;

  g_return_if_fail (FC_IS_SUMMARY_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = FC_SUMMARY_SOURCE_GET_IFACE (self);
  if (iface->prepare_async == NULL || iface->prepare_finish == NULL)
    {
      fc_summary_source_real_prepare_async (self, cancellable, callback, user_data);
      return;
    }
  iface->prepare_async (self, cancellable, callback, user_data);
}

gboolean
fc_summary_source_prepare_finish (FcSummarySource  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  FcSummarySourceInterface *iface;

  g_return_val_if_fail (FC_IS_SUMMARY_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_async_result_is_tagged (result, fc_summary_source_real_prepare_async))
    return fc_summary_source_real_prepare_finish (self, result, error);

  iface = FC_SUMMARY_SOURCE_GET_IFACE (self);
  return iface->prepare_finish (self, result, error);
}
