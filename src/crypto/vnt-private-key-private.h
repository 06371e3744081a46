/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto. */

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

G_END_DECLS
