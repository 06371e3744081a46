/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"
#include "vnt-private-key.h"

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

/* The whole "renovación de e.firma" in @folder. @cer_path/@key_path/@password
 * are the CURRENT e.firma of a persona física; for a persona moral they are
 * the legal representative's personal e.firma and @company_rfc is the
 * company's RFC (NULL for persona física). @email: NULL to keep the one in
 * the certificate. The e.firma must be current at @now (NULL: now) and match
 * its key. Writes Claveprivada_FIEL_<RFC>_<time>.key (SAT format, under
 * @new_password) and then Renovacion_FIEL_<RFC>_<time>.ren, both new files;
 * on any failure or cancel no file is left. Returns the two paths, key first. */
char   **vnt_renewal_create_efirma        (const char           *folder,
                                           const char           *cer_path,
                                           const char           *key_path,
                                           const char           *password,
                                           const char           *company_rfc,
                                           const char           *email,
                                           const char           *new_password,
                                           guint                 bits,
                                           GDateTime            *now,
                                           GCancellable         *cancellable,
                                           GError              **error);
/* The same with an e.firma already opened (and checked) by the caller:
 * @cert and @signer_key sign; nothing here checks its dates. Blocking. */
char   **vnt_renewal_create_efirma_for_signer (const char      *folder,
                                               VntCertificate  *cert,
                                               VntPrivateKey   *signer_key,
                                               const char      *company_rfc,
                                               const char      *email,
                                               const char      *new_password,
                                               guint            bits,
                                               GDateTime       *now,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* Same in a worker thread; the passwords are copied and wiped after. */
void     vnt_renewal_create_efirma_async  (const char           *folder,
                                           const char           *cer_path,
                                           const char           *key_path,
                                           const char           *password,
                                           const char           *company_rfc,
                                           const char           *email,
                                           const char           *new_password,
                                           guint                 bits,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char   **vnt_renewal_create_efirma_finish (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
