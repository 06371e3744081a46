/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* ventanilla-sandbox: the reference implementation of docs/protocol.md.
 * Implemented so far: GET /v1/, POST /v1/nonces and GET /v1/accounts/{curp}
 * (with a proof of possession, also the account's details). */

#include <gio/gio.h>

#include "crypto/vnt-service-identity.h"
#include "sandbox/vnt-sandbox-db.h"

G_BEGIN_DECLS

#define VNT_TYPE_SANDBOX (vnt_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (VntSandbox, vnt_sandbox, VNT, SANDBOX, GObject)

/* Takes @db. @identity signs acuses and, with TLS, is the server's
 * certificate. @practice: trust SAT's test certificates, even expired. */
VntSandbox *vnt_sandbox_new          (VntSandboxDb        *db,
                                      VntServiceIdentity  *identity,
                                      gboolean             practice);
/* Listens on @address (port 0: any free one) with HTTPS, or plain HTTP
 * when @tls is FALSE, which only a loopback address allows. Call from the
 * thread whose main context will run the server. */
gboolean    vnt_sandbox_listen       (VntSandbox          *self,
                                      GInetSocketAddress  *address,
                                      gboolean             tls,
                                      GError             **error);
/* "https://127.0.0.1:PORT" once listening. */
char       *vnt_sandbox_get_url      (VntSandbox          *self);
VntSandboxDb *vnt_sandbox_get_db     (VntSandbox          *self);
/* Stops listening and closes every connection. */
void        vnt_sandbox_disconnect   (VntSandbox          *self);

G_END_DECLS
