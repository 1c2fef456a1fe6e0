/* fc-test-server-private.h: the nginx test fixture's state, shared by its source files
 * (fc-test-server.c, fc-test-pki.c, fc-test-backend.c, fc-test-nginx.c). Not for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fc-test-server.h"

G_BEGIN_DECLS

struct _FcTestServer
{
  char        *dir;           /* (owned): the temporary folder, removed by free */
  char        *base_url;      /* (owned) (nullable) */
  guint16      port;
  GSubprocess *nginx;         /* (owned) (nullable) */

  char        *ca_file;       /* (owned) */
  char        *server_cert;   /* (owned) */
  char        *server_key;    /* (owned) */
  char        *unit_ca_file;  /* (owned) */
  char        *client_cert;   /* (owned) */
  char        *client_key;    /* (owned) */
  char        *wrong_ca_file; /* (owned) */
  char        *rogue_cert;    /* (owned) */
  char        *rogue_key;     /* (owned) */

  GHashTable  *faults;        /* (owned): hash → "fault" */
  GHashTable  *retry_after;   /* (owned): hash → "seconds" */

  /* The backend behind proxy_pass for FC_TEST_FAULT_503_ONCE: */
  GSocket     *backend;       /* (owned) (nullable) */
  guint16      backend_port;
  GThread     *backend_thread;/* (owned) (nullable) */
  GCancellable *backend_cancel; /* (owned) (nullable) */
  GMutex       mutex;
  GHashTable  *backend_hits;  /* (owned) (mutex mutex): hash → GUINT count */
};

/* fc-test-pki.c: writes the throwaway PKI to the paths named in @self. */
gboolean fc_test_server_make_pki      (FcTestServer  *self,
                                       GError       **error);

/* fc-test-backend.c: the backend behind proxy_pass for FC_TEST_FAULT_503_ONCE. */
gboolean fc_test_server_backend_start (FcTestServer  *self,
                                       GError       **error);
void     fc_test_server_backend_stop  (FcTestServer  *self);

G_END_DECLS
