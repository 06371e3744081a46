/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"
#include "vnt-private-key.h"
#include "vnt-request-writer.h"

G_BEGIN_DECLS

/* CMS SignedData (DER) carrying @content, as SAT's Certifica makes a .ren:
 * SHA-1 digest, signed attributes contentType, signingTime (@signing_time,
 * NULL for now) and messageDigest, signature rsaEncryption (PKCS#1 v1.5),
 * the signer's certificate included. */
GBytes  *vnt_renewal_sign                 (GBytes          *content,
                                           VntCertificate  *signer,
                                           VntPrivateKey   *signer_key,
                                           GDateTime       *signing_time,
                                           GError         **error);

/* The whole "renovación de e.firma" in @params->folder, signed with the
 * e.firma @params->cer_path, key_path and password, which must be current at
 * @now (NULL: now) and match its key. Writes Claveprivada_FIEL_<RFC>_<time>.key
 * (SAT format, under @params->new_password) and then
 * Renovacion_FIEL_<RFC>_<time>.ren, both new files; on any failure or cancel
 * no file is left. Returns the two paths, key first. */
char   **vnt_renewal_create_efirma (const VntEfirmaParams *params,
                                    GDateTime             *now,
                                    GCancellable          *cancellable,
                                    GError               **error);
/* The same with an e.firma already opened (and checked) by the caller:
 * @cert and @signer_key sign (not @params' files); nothing here checks its
 * dates. Blocking. */
char   **vnt_renewal_create_efirma_for_signer (const VntEfirmaParams *params,
                                               VntCertificate        *cert,
                                               VntPrivateKey         *signer_key,
                                               GDateTime             *now,
                                               GCancellable          *cancellable,
                                               GError               **error);

G_END_DECLS
