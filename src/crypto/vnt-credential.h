/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"
/* VntPasswordEncoding lives there, shared with a key on its own. */
#include "vnt-private-key.h"

G_BEGIN_DECLS

#define VNT_TYPE_CREDENTIAL (vnt_credential_get_type ())
G_DECLARE_FINAL_TYPE (VntCredential, vnt_credential, VNT, CREDENTIAL, GObject)

/* Certificate + private key. @key: DER or PEM PKCS#8 (encrypted with any
 * scheme GnuTLS decrypts, or plain), or PEM PKCS#1, or a PKCS#12 (see
 * vnt_private_key_new_from_bytes()). @password is UTF-8 (NULL means ""); it
 * is tried as UTF-8 and then as Windows-1252, and never kept. Checks that the
 * key belongs to the certificate (VNT_CRYPTO_ERROR_KEY_MISMATCH). The
 * certificate is read first, so a wrong .cer costs no key decryption. */
VntCredential      *vnt_credential_new                  (GBytes          *certificate,
                                                         GBytes          *key,
                                                         const char      *password,
                                                         GError         **error);
/* PKCS#12 (.pfx/.p12). "" and NULL both mean "no password" (tried as ""). */
VntCredential      *vnt_credential_new_from_pkcs12      (GBytes          *pkcs12,
                                                         const char      *password,
                                                         GError         **error);
/* Reads the files; @key_path may be NULL when @cer_path is a PKCS#12 or a
 * PEM holding both. */
VntCredential      *vnt_credential_new_from_files       (const char      *cer_path,
                                                         const char      *key_path,
                                                         const char      *password,
                                                         GError         **error);
/* Same, in a worker thread; the password is copied and wiped afterwards.
 * Cancellation gives G_IO_ERROR_CANCELLED. */
void                vnt_credential_new_from_files_async (const char      *cer_path,
                                                         const char      *key_path,
                                                         const char      *password,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
VntCredential      *vnt_credential_new_from_files_finish (GAsyncResult   *result,
                                                          GError        **error);

VntCertificate     *vnt_credential_get_certificate      (VntCredential   *self);
/* FALSE for a key that was stored without encryption, or under the empty
 * password as in a .pfx "without password" (warn the user). */
gboolean            vnt_credential_get_key_was_encrypted (VntCredential  *self);
VntPasswordEncoding vnt_credential_get_password_encoding (VntCredential  *self);

/* PKCS#1 v1.5 with SHA-256, base64 (as SAT's browser tools send it). */
char               *vnt_credential_sign_pkcs1           (VntCredential   *self,
                                                         GBytes          *data,
                                                         GError         **error);
void                vnt_credential_sign_pkcs1_async     (VntCredential   *self,
                                                         GBytes          *data,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
char               *vnt_credential_sign_pkcs1_finish    (VntCredential   *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);
/* CMS SignedData (DER), SHA-256, signer certificate included. */
GBytes             *vnt_credential_sign_cms             (VntCredential   *self,
                                                         GBytes          *data,
                                                         gboolean         detached,
                                                         GError         **error);
void                vnt_credential_sign_cms_async       (VntCredential   *self,
                                                         GBytes          *data,
                                                         gboolean         detached,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
GBytes             *vnt_credential_sign_cms_finish      (VntCredential   *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

/* Pairs a certificate with a key already open; checks that they belong
 * together (VNT_CRYPTO_ERROR_KEY_MISMATCH). */
VntCredential      *vnt_credential_new_from_private_key (VntCertificate  *certificate,
                                                         VntPrivateKey   *key,
                                                         GError         **error);
VntPrivateKey      *vnt_credential_get_private_key      (VntCredential   *self);

G_END_DECLS
