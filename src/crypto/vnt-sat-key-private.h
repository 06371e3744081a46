/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: the PBES2 encryption behind .key files, reused for
 * the bags of a PKCS#12. */

#include <gnutls/gnutls.h>

#include "vnt-sat-key.h"

G_BEGIN_DECLS

/* Secret bytes (a converted password, a derived key), wiped when cleared:
 * g_auto(VntSecretBuffer) buf = { NULL, 0 }. */
typedef struct
{
  guint8 *data;
  gsize   len;
} VntSecretBuffer;

void     vnt_secret_buffer_clear   (VntSecretBuffer   *s);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VntSecretBuffer, vnt_secret_buffer_clear)

/* The unencrypted PKCS#8 DER of @key into @out, or a GnuTLS error code;
 * the caller wipes and gnutls_free ()s it. */
int      vnt_sat_key_export_plain  (VntPrivateKey     *key,
                                    gnutls_datum_t    *out);

/* Encrypts @data (PKCS#5 padding added) with @protection's PBES2 scheme
 * and a fresh random salt and IV. Gives the DER of the PBES2-params (the
 * AlgorithmIdentifier parameters for OID PBES2) and the ciphertext. */
gboolean vnt_sat_key_pbes2_encrypt (const guint8      *data,
                                    gsize              len,
                                    const char        *password,
                                    VntKeyProtection   protection,
                                    GBytes           **parameters,
                                    GBytes           **ciphertext,
                                    GError           **error);

/* The DER EncryptedPrivateKeyInfo of a key so encrypted: @oid and
 * @parameters its encryptionAlgorithm, @ciphertext its encryptedData. */
GBytes  *vnt_sat_key_encrypted_info (const char *oid,
                                     GBytes     *parameters,
                                     GBytes     *ciphertext,
                                     GError    **error);

G_END_DECLS
