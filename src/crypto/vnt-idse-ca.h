/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The certificate authority of a practice IDSE service (ventanilla-sandbox):
 * it issues IDSE certificates from the employer's PKCS#10, whose key never
 * leaves the employer's machine. Also the salted slow hash that such a
 * service keeps instead of an IDSE password. */

#include <gio/gio.h>

#include "vnt-certificate.h"

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_CA (vnt_idse_ca_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCa, vnt_idse_ca, VNT, IDSE_CA, GObject)

/* The CA kept in @folder (idse-ca-certificate.pem and idse-ca-key.pem, the
 * key 0600, written atomically), made there with a new RSA-2048 key on
 * first use. Errors in G_IO_ERROR or VNT_CRYPTO_ERROR. */
VntIdseCa      *vnt_idse_ca_open            (const char    *folder,
                                             GError       **error);
VntCertificate *vnt_idse_ca_get_certificate (VntIdseCa     *self);
GBytes         *vnt_idse_ca_get_certificate_pem (VntIdseCa *self);

/* A certificate (DER) for the public key of @csr (a DER PKCS#10 whose
 * self-signature verifies and whose key is RSA of at least 2048 bits, else
 * VNT_CRYPTO_ERROR_INVALID_DATA), subject CN = @common_name and
 * x500UniqueIdentifier = @rfc, serial = the 20 ASCII digits of @number (as
 * SAT numbers its certificates), valid from @not_before to @not_after.
 * Thread-safe. */
GBytes         *vnt_idse_ca_issue           (VntIdseCa     *self,
                                             GBytes        *csr,
                                             const char    *common_name,
                                             const char    *rfc,
                                             const char    *number,
                                             GDateTime     *not_before,
                                             GDateTime     *not_after,
                                             GError       **error);
/* Whether this CA signed @certificate. */
gboolean        vnt_idse_ca_verify          (VntIdseCa     *self,
                                             VntCertificate *certificate);

/* "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64): PBKDF2-HMAC-SHA256 of
 * @password with 16 random bytes of salt. */
char           *vnt_idse_password_hash      (const char    *password,
                                             GError       **error);
/* Constant-time check of @password against a vnt_idse_password_hash(). */
gboolean        vnt_idse_password_verify    (const char    *password,
                                             const char    *verifier);

G_END_DECLS
