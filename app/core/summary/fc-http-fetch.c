/* fc-http-fetch.c: FcHttpSource's requests — the FcSummarySource interface (fetch) and the
 * warm-up (prepare): the checks made before anything is queued, the jobs handed to the worker
 * thread and their completion on the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include "fc-http-private.h"

#include <glib/gi18n-lib.h>

/* Jobs */

/* A job of @kind for @task with a copy of the settings. */
static FcHttpJob *
fc_http_job_new (FcHttpSource  *self,
                 FcHttpJobKind  kind,
                 GTask         *task)
{
  FcHttpJob *job = g_new0 (FcHttpJob, 1);

  job->kind = kind;
  job->queued_at = g_get_monotonic_time ();
  job->task = g_object_ref (task);
  job->cancellable = g_task_get_cancellable (task);
  if (job->cancellable != NULL)
    g_object_ref (job->cancellable);

  job->config.base_url = g_strdup (self->base_url);
  job->config.system = g_strdup (self->identifier_system);
  job->config.ca_file = g_strdup (self->ca_file);
  job->config.cert_file = g_strdup (self->client_cert_file);
  job->config.key_file = g_strdup (self->client_key_file);
  job->config.connect_timeout = self->connect_timeout;
  job->config.total_timeout = self->total_timeout;
  job->config.fresh_connect = self->fresh_connect;
  self->fresh_connect = FALSE;
  job->cache = self->cache != NULL ? g_object_ref (self->cache) : NULL;

  return job;
}

void
fc_http_source_complete_job (FcHttpJob *job)
{
  FcHttpSource *self = g_task_get_source_object (job->task);

  fc_http_source_add_stats (self, job);

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->kind == FC_HTTP_JOB_FETCH)
    g_task_return_pointer (job->task, g_steal_pointer (&job->summary), g_object_unref);
  else
    g_task_return_boolean (job->task, TRUE);

  fc_http_job_free (job);
}

/* FcSummarySource */

/* Settings every request needs; FALSE with @error set when one is missing. */
static gboolean
fc_http_source_check_config (FcHttpSource  *self,
                             GError       **error)
{
  if (self->base_url == NULL || *self->base_url == '\0')
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("No summary service is configured."));
      return FALSE;
    }
  if (g_ascii_strncasecmp (self->base_url, "https://", 8) != 0)
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("The summary service address must start with https://. Check the "
                             "server setting."));
      return FALSE;
    }
  if (self->ca_file == NULL || *self->ca_file == '\0')
    {
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("No authority is configured for the summary server, so it cannot "
                             "be trusted. Set the CA certificate file."));
      return FALSE;
    }
  if (!fc_http_check_key_mode (self->client_key_file, error))
    return FALSE;

  return TRUE;
}

static void
fc_http_source_fetch_async (FcSummarySource     *source,
                            FcCardIdentity      *identity,
                            FcConsent            consent,
                            const char          *incident_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FcHttpSource *self = FC_HTTP_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FcHttpJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_http_source_fetch_async);

  if (consent == FC_CONSENT_REFUSED)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                               _("The patient refused: nothing was fetched."));
      return;
    }
  if (consent != FC_CONSENT_GIVEN && consent != FC_CONSENT_WAIVED_UNABLE)
    {
      g_task_return_new_error (task, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                               _("Consent has not been recorded: nothing was fetched."));
      return;
    }
  if (identity == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No card has been read: there is nothing to look up."));
      return;
    }
  if (!fc_http_source_check_config (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (incident_id != NULL && !fc_http_header_value_is_safe (incident_id))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The incident id contains characters that cannot be sent."));
      return;
    }

  job = fc_http_job_new (self, FC_HTTP_JOB_FETCH, task);
  job->sha256_hex = g_strdup (fc_card_identity_get_sha256_hex (identity));
  job->consent_basis = consent == FC_CONSENT_GIVEN ? "given" : "waived_unable";
  job->incident_id = g_strdup (incident_id);
  fc_http_worker_push (self->worker, job);
}

static FcSummary *
fc_http_source_fetch_finish (FcSummarySource  *source,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fc_http_source_iface_prepare_async (FcSummarySource     *source,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  fc_http_source_prepare_async (FC_HTTP_SOURCE (source), cancellable, callback, user_data);
}

static gboolean
fc_http_source_iface_prepare_finish (FcSummarySource  *source,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return fc_http_source_prepare_finish (FC_HTTP_SOURCE (source), result, error);
}

void
fc_http_source_iface_init (FcSummarySourceInterface *iface)
{
  iface->fetch_async = fc_http_source_fetch_async;
  iface->fetch_finish = fc_http_source_fetch_finish;
  iface->prepare_async = fc_http_source_iface_prepare_async;
  iface->prepare_finish = fc_http_source_iface_prepare_finish;
}


/* Warm-up */

void
fc_http_source_prepare_async (FcHttpSource        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FC_IS_HTTP_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_http_source_prepare_async);

  if (!fc_http_source_check_config (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fc_http_worker_push (self->worker, fc_http_job_new (self, FC_HTTP_JOB_PREPARE, task));
}

gboolean
fc_http_source_prepare_finish (FcHttpSource  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FC_IS_HTTP_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_http_source_prepare_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
