/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crypto/vnt-ocsp.h"
#include "crypto/vnt-trust-store.h"

G_BEGIN_DECLS

/* SAT's responder for e.firma status; end-entity certificates carry no AIA. */
#define VNT_OCSP_DEFAULT_URL "https://cfdi.sat.gob.mx/edofiel"
#define VNT_OCSP_DEFAULT_TIMEOUT 20
/* Requests one vnt_ocsp_client_check_all() keeps in flight at once. */
#define VNT_OCSP_MAX_IN_FLIGHT 8

#define VNT_TYPE_OCSP_CLIENT (vnt_ocsp_client_get_type ())
G_DECLARE_FINAL_TYPE (VntOcspClient, vnt_ocsp_client, VNT, OCSP_CLIENT, GObject)

/* @url NULL or "" means VNT_OCSP_DEFAULT_URL. */
VntOcspClient *vnt_ocsp_client_new           (const char     *url);
const char    *vnt_ocsp_client_get_url       (VntOcspClient  *self);
void           vnt_ocsp_client_set_url       (VntOcspClient  *self,
                                              const char     *url);
/* Seconds for the whole exchange; 0 means no limit. */
guint          vnt_ocsp_client_get_timeout   (VntOcspClient  *self);
void           vnt_ocsp_client_set_timeout   (VntOcspClient  *self,
                                              guint           timeout);
/* Certificates allowed to sign answers besides the issuer and its
 * delegates (element type VntCertificate); NULL: the bundled SAT ones. */
void           vnt_ocsp_client_set_responders (VntOcspClient *self,
                                               GPtrArray     *responders);

/* Asks about each of @certificates (element type VntCertificate) at once,
 * POSTing an application/ocsp-request for each: up to
 * VNT_OCSP_MAX_IN_FLIGHT requests in flight over one session, whose
 * connections are kept and reused for the next requests. @issuers is NULL
 * or as long as @certificates; a NULL issuer is looked up among the bundled
 * SAT CAs. The result is a GPtrArray of VntOcspResult, one per certificate
 * in the same order: a network failure, a timeout or a doubtful answer is
 * "unavailable", never "good". The only error is G_IO_ERROR_CANCELLED. */
void           vnt_ocsp_client_check_all_async  (VntOcspClient       *self,
                                                 GPtrArray           *certificates,
                                                 GPtrArray           *issuers,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray     *vnt_ocsp_client_check_all_finish (VntOcspClient       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Blocking form: runs the requests in a main context of its own, so it may
 * be called from any thread. */
GPtrArray     *vnt_ocsp_client_check_all        (VntOcspClient       *self,
                                                 GPtrArray           *certificates,
                                                 GPtrArray           *issuers,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* The same, each certificate with the issuer @trust knows for it (one it
 * does not know ends as "unavailable", no-issuer). */
GPtrArray     *vnt_ocsp_client_check_all_with_trust (VntOcspClient *self,
                                                     GPtrArray     *certificates,
                                                     VntTrustStore *trust,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

G_END_DECLS
