/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: small helpers its objects share. */

#include <gio/gio.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "core/vnt-task.h"

G_BEGIN_DECLS

/* g_auto () for GnuTLS's certificate and key handles. */
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)

/* Reads a small file whole (a regular file of up to 1 MB);
 * VNT_CRYPTO_ERROR_UNREADABLE_FILE names it. */
GBytes   *vnt_crypto_read_file      (const char           *path,
                                     GError              **error);

/* The name shown for a public-key algorithm ("RSA", "EC", …), the same
 * whether the key came in a certificate, a .key or a request; "unknown"
 * for one GnuTLS does not name. */
const char *vnt_crypto_pk_algorithm_name (int algorithm);

/* Lower-case hex of @data: key identifiers, serial numbers. */
char     *vnt_crypto_hex_encode     (const guint8         *data,
                                     gsize                 len);

/* What GnuTLS allocated in @datum, copied into GLib memory so that callers
 * free it the usual way; GnuTLS's copy is freed (wiped first when
 * @secret) and @datum emptied. */
GBytes     *vnt_crypto_take_datum (gnutls_datum_t *datum,
                                   gboolean        secret);

/* Whether @a and @b hold the same bytes. */
gboolean    vnt_crypto_datum_equal (const gnutls_datum_t *a,
                                    const gnutls_datum_t *b);

/* Signs @data with @key, which the caller holds locked, by @algorithm:
 * the signature in base64, or NULL with GnuTLS's error in @gnutls_error. */
char       *vnt_crypto_sign_base64 (gnutls_privkey_t        key,
                                    gnutls_sign_algorithm_t algorithm,
                                    GBytes                 *data,
                                    int                    *gnutls_error);

/* Makes an object out of a whole file's bytes: a *_new_from_bytes (). */
typedef gpointer (*VntCryptoParseFunc) (GBytes  *data,
                                        GError **error);

/* @parse_func on the bytes of @path, read as vnt_crypto_read_file () does
 * (capped, and no devices or pipes: a wrong path must not read /dev/zero
 * to the end): what a *_new_from_file () runs. */
gpointer vnt_crypto_parse_file (const char        *path,
                                VntCryptoParseFunc parse_func,
                                GError           **error);

/* Makes an object out of one or two files and a password; what a
 * *_new_from_file*_async () runs. @second_path and @password may be NULL. */
typedef gpointer (*VntCryptoOpenFunc) (const char  *path,
                                       const char  *second_path,
                                       const char  *password,
                                       GError     **error);

/* The worker thread behind every *_new_from_file*_async (): runs
 * @open_func on copies of the strings (the password is wiped after) unless
 * @cancellable fired first, and gives the new object to
 * g_task_propagate_pointer (). */
void      vnt_crypto_open_in_thread (const char           *path,
                                     const char           *second_path,
                                     const char           *password,
                                     VntCryptoOpenFunc     open_func,
                                     gpointer              source_tag,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);

G_END_DECLS
