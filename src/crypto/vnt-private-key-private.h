/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto. VntPrivateKey is split by facet: the object,
 * its accessors and signing (vnt-private-key.c); reading a .key
 * (vnt-private-key-read.c); reading a .pfx (vnt-private-key-pkcs12.c); the
 * password variants tried and what a failed try means
 * (vnt-private-key-password.c). */

#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "vnt-private-key.h"

G_BEGIN_DECLS

/* Takes ownership of @key (e.g. out of a PKCS#12). */
VntPrivateKey    *vnt_private_key_new_take_gnutls (gnutls_x509_privkey_t  key,
                                                   const char            *encryption,
                                                   VntPasswordEncoding    encoding,
                                                   GError               **error);
/* The key of a PKCS#12 and, when @certificate_out is not NULL, its
 * certificate (VNT_CRYPTO_ERROR_NO_CERTIFICATE without one). */
VntPrivateKey    *vnt_private_key_new_from_pkcs12 (GBytes                *data,
                                                   const char            *password,
                                                   gnutls_x509_crt_t     *certificate_out,
                                                   GError               **error);
gboolean          vnt_crypto_is_pkcs12            (GBytes                *data);
/* TRUE when @data is PEM text holding a private key block (a bundle). */
gboolean          vnt_private_key_pem_has_key     (GBytes                *data);

/* GnuTLS objects are not safe for concurrent use on one handle: every user
 * of the handle holds the lock. */
gnutls_privkey_t  vnt_private_key_lock            (VntPrivateKey         *self);
void              vnt_private_key_unlock          (VntPrivateKey         *self);

/* Turns a wrong-password-like GnuTLS failure and the password tried into the
 * translated error. */
void              vnt_crypto_set_wrong_password   (GError               **error,
                                                   const char            *password);
/* A failed gnutls_privkey_sign_*() or gnutls_pkcs7_sign(), translated. */
void              vnt_crypto_set_sign_error       (GError               **error,
                                                   int                    gnutls_error);

/* PBKDF2 iterations of the key as read (0 when not known). */
void              vnt_private_key_set_iterations  (VntPrivateKey         *self,
                                                   guint                  iterations);

/* Password byte strings in the order SAT users need them: the UTF-8 text
 * as typed, its composed (NFC) form when typed decomposed, then its
 * Windows-1252 bytes (SAT's Java tools) when they differ. */
typedef struct
{
  char                *secret[3];
  VntPasswordEncoding  encoding[3];
  guint                n;
} VntPasswordCandidates;

void              vnt_password_candidates_init    (VntPasswordCandidates *candidates,
                                                   const char            *password);
void              vnt_password_candidates_clear   (VntPasswordCandidates *candidates);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VntPasswordCandidates, vnt_password_candidates_clear)

/* Whether a GnuTLS failure to decrypt is what a wrong password gives. */
gboolean          vnt_crypto_is_wrong_password_code (int                  gnutls_error);
/* The key file is cut short or corrupt. */
void              vnt_private_key_set_damaged     (GError               **error);
/* The key is encrypted with a scheme GnuTLS cannot open. */
void              vnt_private_key_set_unsupported_encryption (GError    **error);

G_END_DECLS
