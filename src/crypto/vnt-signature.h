/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"

G_BEGIN_DECLS

/* PKCS#1 v1.5 SHA-256 signature, base64. Error VNT_CRYPTO_ERROR_BAD_SIGNATURE
 * when it does not verify, _NOT_A_SIGNATURE when it is not base64 or not the
 * size of the certificate's key. Whitespace in the base64 is ignored. */
gboolean  vnt_signature_verify_pkcs1 (VntCertificate  *certificate,
                                      GBytes          *data,
                                      const char      *signature_base64,
                                      GError         **error);

/* CMS/PKCS#7 SignedData, DER, PEM or bare base64. @detached_data is the
 * content for a detached signature, NULL for an attached one. On success
 * returns the signer's certificate and, in @content_out, the signed content.
 * Only the signatures are checked (every signer's), not the certificate's
 * validity or chain: that is vnt_check_certificate()'s job. Errors:
 * _BAD_SIGNATURE (also when @detached_data differs from attached content),
 * _NOT_A_SIGNATURE, _NO_CERTIFICATE (signer certificate not included),
 * _FAILED (detached signature and no @detached_data). */
VntCertificate *vnt_signature_verify_cms (GBytes          *cms,
                                          GBytes          *detached_data,
                                          GBytes         **content_out,
                                          GError         **error);

G_END_DECLS
