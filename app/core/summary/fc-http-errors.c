/* fc-http-errors.c: the TLS side of FcHttpSource — libcurl's TLS options, the checks made before
 * anything is sent — and the mapping of libcurl and HTTP outcomes to FcSummaryError.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fc-http"

#include "config.h"

#include "fc-http-private.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* TLS */

void
fc_http_setup_tls (CURL               *easy,
                   const FcHttpConfig *config)
{
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  /* Pinned: only the configured authority, never the system store. */
  curl_easy_setopt (easy, CURLOPT_CAINFO, config->ca_file);
  curl_easy_setopt (easy, CURLOPT_CAPATH, NULL);
  curl_easy_setopt (easy, CURLOPT_SSLCERT, config->cert_file);
  curl_easy_setopt (easy, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt (easy, CURLOPT_SSLKEY, config->key_file);
  curl_easy_setopt (easy, CURLOPT_SSLKEYTYPE, "PEM");
  curl_easy_setopt (easy, CURLOPT_SSL_SESSIONID_CACHE, 1L);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT, (long) config->total_timeout);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "FieldCard/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (easy, CURLOPT_FRESH_CONNECT, config->fresh_connect ? 1L : 0L);
}

gboolean
fc_http_header_value_is_safe (const char *value)
{
  if (strlen (value) > 200)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* The unit's private key must be readable by this user only (issue 8). A file that cannot be
 * found is left to libcurl, which says that the key could not be loaded. */
gboolean
fc_http_check_key_mode (const char  *path,
                        GError     **error)
{
  GStatBuf st;

  if (path == NULL || *path == '\0' || g_stat (path, &st) != 0)
    return TRUE;

  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                   _("This unit’s private key “%s” can be read by other users (mode %04o), so "
                     "nothing was sent. Run “chmod 600 %s”, or ask for a new key."),
                   path, (unsigned int) (st.st_mode & 07777), path);
      return FALSE;
    }

  return TRUE;
}

/* Outcomes */

static gboolean
errbuf_has (const char *errbuf,
            const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (errbuf, -1);

  return strstr (lower, needle) != NULL;
}

/* An alert from the server during or right after the handshake: it did not accept our
 * certificate (TLS 1.3 sends it after the client already finished). */
static gboolean
errbuf_is_client_cert_rejected (const char *errbuf)
{
  return errbuf_has (errbuf, "alert certificate required") ||
         errbuf_has (errbuf, "alert bad certificate") ||
         errbuf_has (errbuf, "alert unknown ca") ||
         errbuf_has (errbuf, "alert certificate unknown") ||
         errbuf_has (errbuf, "alert certificate revoked") ||
         errbuf_has (errbuf, "alert certificate expired") ||
         errbuf_has (errbuf, "alert access denied") ||
         errbuf_has (errbuf, "alert handshake failure");
}

void
fc_http_set_rejected_error (GError **error)
{
  g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                       _("The summary service rejected this unit’s certificate. "
                         "Check the unit certificate settings."));
}

void
fc_http_set_transfer_error (GError              **error,
                            const FcHttpExchange *exchange)
{
  const char *detail = exchange->errbuf[0] != '\0' ? exchange->errbuf
                                                   : curl_easy_strerror (exchange->code);

  g_debug ("Transfer failed: %s (%d)", detail, exchange->code);

  switch ((int) exchange->code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT,
                           _("The summary service did not answer in time. Retry, or go on "
                             "without the summary."));
      break;

    case CURLE_PEER_FAILED_VERIFICATION:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("The server is not trusted: its certificate was not issued by the "
                             "configured authority. Nothing was sent."));
      break;

    case CURLE_SSL_CACERT_BADFILE:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("The server authority file could not be read. Check the CA "
                             "certificate setting."));
      break;

    case CURLE_SSL_CERTPROBLEM:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                           _("This unit’s certificate or key could not be loaded. Check the unit "
                             "certificate settings."));
      break;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      if (errbuf_is_client_cert_rejected (detail))
        fc_http_set_rejected_error (error);
      else if (exchange->code == CURLE_SSL_CONNECT_ERROR)
        g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TLS,
                             _("A secure connection to the summary service could not be "
                               "established."));
      else
        g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                             _("The connection to the summary service was lost. Retry."));
      break;

    case CURLE_WRITE_ERROR:
      if (exchange->too_large)
        {
          g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_MALFORMED,
                               _("The summary service’s answer is too large to be read."));
          break;
        }
      G_GNUC_FALLTHROUGH;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    default:
      g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                           _("The summary service cannot be reached. Check the network and "
                             "retry."));
      break;
    }
}

gboolean
fc_http_client_cert_refused (const FcHttpExchange *exchange)
{
  g_autofree char *text = NULL;

  if (exchange->status == 495 || exchange->status == 496)
    return TRUE;
  if (exchange->status != 400 || exchange->body->len == 0)
    return FALSE;

  text = g_strndup ((const char *) exchange->body->data, MIN (exchange->body->len, 4096));
  return errbuf_has (text, "ssl certificate");
}

void
fc_http_set_status_error (GError               **error,
                          const FcHttpExchange  *exchange)
{
  long status = exchange->status;

  if (status == 404)
    g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_NOT_FOUND,
                         _("No record for this card."));
  else if (status == 403)
    g_set_error_literal (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_CONSENT,
                         _("The summary service refused: it did not accept the consent "
                           "recorded for this patient."));
  else if (status == 401 || fc_http_client_cert_refused (exchange))
    fc_http_set_rejected_error (error);
  else if (status >= 500 || status == 429)
    g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                 _("The summary service is unavailable (HTTP %ld). Try again later."), status);
  else
    g_set_error (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE,
                 _("The summary service gave an unexpected answer (HTTP %ld)."), status);
}

gboolean
fc_http_error_allows_offline (const GError *error)
{
  return g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_UNAVAILABLE) ||
         g_error_matches (error, FC_SUMMARY_ERROR, FC_SUMMARY_ERROR_TIMEOUT);
}
