/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VNT_TYPE_KEY_INFO (vnt_key_info_get_type ())
G_DECLARE_FINAL_TYPE (VntKeyInfo, vnt_key_info, VNT, KEY_INFO, GObject)

/* Describes a private key file without its password: encoding, container
 * and, when encrypted, how (scheme, cipher, key derivation, PRF,
 * iterations). An unencrypted key is also opened to tell its algorithm and
 * size. Errors: VNT_CRYPTO_ERROR_NOT_A_KEY, _DAMAGED_FILE (and
 * _UNREADABLE_FILE from a file). */
VntKeyInfo *vnt_key_info_new_from_bytes    (GBytes      *data,
                                            GError     **error);
VntKeyInfo *vnt_key_info_new_from_file     (const char  *path,
                                            GError     **error);

/* "der" or "pem". */
const char *vnt_key_info_get_encoding      (VntKeyInfo  *self);
/* "pkcs8-encrypted", "pkcs8", "pkcs1" (RSA PRIVATE KEY) or "sec1" (EC). */
const char *vnt_key_info_get_container     (VntKeyInfo  *self);
gboolean    vnt_key_info_get_encrypted     (VntKeyInfo  *self);
/* GnuTLS's name of the scheme ("PBES2-3DES-CBC", "PKCS12-3DES-SHA1", …),
 * "openssl-pem" for OpenSSL's legacy PEM encryption, or the OID when GnuTLS
 * does not know it; NULL when not encrypted. */
const char *vnt_key_info_get_scheme        (VntKeyInfo  *self);
/* "3DES-CBC", "AES-256-CBC", …; NULL when unknown or not encrypted. */
const char *vnt_key_info_get_cipher        (VntKeyInfo  *self);
/* "PBKDF2", "PBKDF1", "PKCS12" or "EVP_BytesToKey"; NULL when not encrypted. */
const char *vnt_key_info_get_kdf           (VntKeyInfo  *self);
/* PBKDF2 only: "HMAC-SHA1" (the default when absent), "HMAC-SHA256", … */
const char *vnt_key_info_get_prf           (VntKeyInfo  *self);
/* 0 when unknown or not encrypted. */
guint       vnt_key_info_get_iterations    (VntKeyInfo  *self);
/* Lowercase hex, NULL when not encrypted. */
const char *vnt_key_info_get_salt_hex      (VntKeyInfo  *self);
/* TRUE for the format SAT's tools write: DER PKCS#8, PBES2, PBKDF2 with
 * HMAC-SHA1, DES-EDE3-CBC. */
gboolean    vnt_key_info_is_sat_format     (VntKeyInfo  *self);
/* Only known for an unencrypted key: "RSA", "EC", … (else NULL, 0). */
const char *vnt_key_info_get_key_algorithm (VntKeyInfo  *self);
guint       vnt_key_info_get_key_bits      (VntKeyInfo  *self);

G_END_DECLS
