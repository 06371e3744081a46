/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: shared by the request and renewal writers. */

#include "vnt-certificate.h"
#include "vnt-crypto-private.h"
#include "vnt-request-writer.h"

G_BEGIN_DECLS

/* One attribute of a request's subject: @value is a whole DER TLV. */
typedef struct
{
  const char *oid;
  GBytes     *value;
} VntRequestRdn;

/* A Certifica-shaped PKCS#10 (see vnt_request_writer_build ()) with the
 * subject @rdns, one attribute per RDN, in that order. */
GBytes  *vnt_request_writer_build_subject        (VntPrivateKey        *key,
                                                  const VntRequestRdn  *rdns,
                                                  guint                 n_rdns,
                                                  const char           *challenge,
                                                  GError              **error);
/* @text as Certifica puts it in a PrintableString: its Windows-1252 bytes
 * (a whole TLV). Error when a character has no Windows-1252 form. */
GBytes  *vnt_request_writer_sat_printable_string (const char           *text,
                                                  GError              **error);

/* ASCII, one "@", something on both sides: what IA5String and SAT take. */
gboolean vnt_request_writer_check_email (const char     *email,
                                         GError        **error);
/* Writes @key (SAT format, @password) to @key_path and then @data to
 * @data_path, both new files; when the second fails the key just written
 * is removed again, so a failure leaves neither. */
gboolean vnt_request_writer_save_pair   (VntPrivateKey  *key,
                                         const char     *key_path,
                                         const char     *password,
                                         const char     *data_path,
                                         GBytes         *data,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* The two new files of a request or renewal in @folder, key first:
 * Claveprivada_FIEL_<@rfc>_<time>.key and @prefix_<@rfc>_<time>.@extension. */
char   **vnt_request_writer_pair_paths  (const char     *folder,
                                         const char     *rfc,
                                         GDateTime      *now,
                                         const char     *prefix,
                                         const char     *extension);

/* What an e.firma is opened to sign: the words of the refusals differ. */
typedef enum {
  VNT_SIGNER_FOR_RENEWAL,
  VNT_SIGNER_FOR_CSD,
} VntSignerPurpose;

/* Whether @cert may sign a renewal or a CSD request: an e.firma (not a
 * CSD), current at @now (NULL: now). Errors: VNT_CRYPTO_ERROR_NOT_EFIRMA,
 * _EXPIRED, _NOT_YET_VALID. */
gboolean vnt_renewal_check_signer              (VntCertificate       *cert,
                                                GDateTime            *now,
                                                VntSignerPurpose      purpose,
                                                GError              **error);

/* Opens the e.firma that signs a renewal or a CSD request
 * (@params->cer_path, key_path and password) and checks that it may: an
 * e.firma (not a CSD), current at @now (NULL: now), its key matching.
 * Errors: VNT_CRYPTO_ERROR_NOT_EFIRMA, _EXPIRED, _NOT_YET_VALID,
 * _KEY_MISMATCH, and those of opening the files. */
gboolean vnt_renewal_open_signer (const VntEfirmaParams *params,
                                  GDateTime             *now,
                                  VntSignerPurpose       purpose,
                                  VntCertificate       **cert_out,
                                  VntPrivateKey        **key_out,
                                  GError               **error);

G_END_DECLS
