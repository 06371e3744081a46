/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "crypto/vnt-credential.h"
#include "crypto/vnt-private-key.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

/* What the sandbox integration tests share: a server that runs in a thread
 * of its own (with its own main context), waiting for async results, the
 * ventanilla-sandbox program, and the SAT test e.firmas, CSRs and requests
 * they all use. */

typedef struct _VntTestServer VntTestServer;

typedef void (*VntTestServerFunc) (gpointer user_data);

VntTestServer *vnt_test_server_start         (VntTestServerFunc   setup,
                                              VntTestServerFunc   teardown,
                                              gpointer            user_data);
void           vnt_test_server_stop          (VntTestServer      *server);

GAsyncResult  *vnt_test_wait_for             (GAsyncResult      **slot);
void           vnt_test_store_result_cb      (GObject            *source,
                                              GAsyncResult       *result,
                                              gpointer            user_data);

char          *vnt_test_sandbox_program      (void);
char          *vnt_test_read_line_containing (GDataInputStream   *stream,
                                              const char         *needle);

VntCredential *vnt_test_load_sat_credential  (const char         *cer,
                                              const char         *key);
GBytes        *vnt_test_make_csr             (const char         *rfc,
                                              const char         *curp,
                                              VntPrivateKey     **key_out);
JsonObject    *vnt_test_account_data         (const char         *curp,
                                              const char         *rfc,
                                              const char         *email);
JsonObject    *vnt_test_finalize             (VntServiceClient   *client,
                                              VntCredential      *credential,
                                              const char         *curp,
                                              const char         *rfc,
                                              JsonObject         *tramite,
                                              JsonObject         *terms,
                                              const char         *idempotency_key,
                                              JsonObject        **acuse,
                                              GError            **error);

G_END_DECLS
