/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"

G_BEGIN_DECLS

typedef enum {
  VNT_PASSWORD_ENCODING_NONE,          /* the key was not encrypted */
  VNT_PASSWORD_ENCODING_UTF8,
  VNT_PASSWORD_ENCODING_WINDOWS_1252,  /* as SAT's Java tools encode it */
} VntPasswordEncoding;

#define VNT_TYPE_PRIVATE_KEY (vnt_private_key_get_type ())
G_DECLARE_FINAL_TYPE (VntPrivateKey, vnt_private_key, VNT, PRIVATE_KEY, GObject)

/* A private key on its own (a Certifica .key has no certificate yet).
 * @data: DER or PEM PKCS#8 (encrypted with any scheme GnuTLS decrypts, or
 * plain), or PEM PKCS#1 (plain or OpenSSL "Proc-Type: 4,ENCRYPTED"); in a PEM
 * bundle the first key block is used. DER may come as bare base64 text or
 * with bytes after it; a PKCS#12 gives its key. @password is UTF-8, NULL means "";
 * it is tried as UTF-8 and then as Windows-1252, and never kept.
 * Errors: VNT_CRYPTO_ERROR_WRONG_PASSWORD, _NOT_A_KEY, _DAMAGED_FILE,
 * _UNSUPPORTED_KEY. */
VntPrivateKey      *vnt_private_key_new_from_bytes       (GBytes          *data,
                                                          const char      *password,
                                                          GError         **error);
/* Also _UNREADABLE_FILE. */
VntPrivateKey      *vnt_private_key_new_from_file        (const char      *path,
                                                          const char      *password,
                                                          GError         **error);
/* Same, in a worker thread; the password is copied and wiped afterwards. */
void                vnt_private_key_new_from_file_async  (const char      *path,
                                                          const char      *password,
                                                          GCancellable    *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer         user_data);
VntPrivateKey      *vnt_private_key_new_from_file_finish (GAsyncResult    *result,
                                                          GError         **error);

/* FALSE for a key stored without encryption or under the empty password
 * (warn the user). */
gboolean            vnt_private_key_get_was_encrypted    (VntPrivateKey   *self);
VntPasswordEncoding vnt_private_key_get_password_encoding (VntPrivateKey  *self);
/* How it was protected: "PBES2-3DES-CBC", "PBES2-AES256-CBC", "PKCS#12",
 * "OpenSSL PEM DES-EDE3-CBC", …; NULL when it was not encrypted. */
const char         *vnt_private_key_get_encryption       (VntPrivateKey   *self);
/* PBKDF iterations, 0 when unknown or not encrypted. */
guint               vnt_private_key_get_iterations       (VntPrivateKey   *self);
/* "RSA", "EC", … and the size in bits. */
const char         *vnt_private_key_get_algorithm        (VntPrivateKey   *self);
guint               vnt_private_key_get_bits             (VntPrivateKey   *self);
/* SHA-256 public-key identifier (GnuTLS key ID), lowercase hex: equal to the
 * certificate's when the key belongs to it. */
const char         *vnt_private_key_get_id               (VntPrivateKey   *self);
gboolean            vnt_private_key_matches              (VntPrivateKey   *self,
                                                          VntCertificate  *certificate);

/* PKCS#1 v1.5 with SHA-256 (ECDSA for an EC key), base64. */
char               *vnt_private_key_sign_pkcs1           (VntPrivateKey   *self,
                                                          GBytes          *data,
                                                          GError         **error);

G_END_DECLS
