/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crypto/vnt-ocsp.h"

G_BEGIN_DECLS

/* SAT's responder for e.firma status; end-entity certificates carry no AIA. */
#define VNT_OCSP_DEFAULT_URL "https://cfdi.sat.gob.mx/edofiel"
#define VNT_OCSP_DEFAULT_TIMEOUT 20

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

/* POSTs an application/ocsp-request for @certificate (issuer NULL: looked
 * up among the bundled SAT CAs). The only error is G_IO_ERROR_CANCELLED;
 * a network failure, a timeout or a doubtful answer is a result with status
 * VNT_OCSP_STATUS_UNAVAILABLE, never "good". */
void           vnt_ocsp_client_check_async   (VntOcspClient       *self,
                                              VntCertificate      *certificate,
                                              VntCertificate      *issuer,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
VntOcspResult *vnt_ocsp_client_check_finish  (VntOcspClient       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Blocking form, for command-line tools and worker threads. */
VntOcspResult *vnt_ocsp_client_check         (VntOcspClient       *self,
                                              VntCertificate      *certificate,
                                              VntCertificate      *issuer,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_END_DECLS
