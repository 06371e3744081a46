/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The key and self-signed certificate a service (ventanilla-sandbox) uses
 * for HTTPS and to sign acuses. The key is kept unencrypted in memory and in
 * PEM (the service must start unattended): write it with mode 0600. */

#include "vnt-certificate.h"

G_BEGIN_DECLS

#define VNT_TYPE_SERVICE_IDENTITY (vnt_service_identity_get_type ())
G_DECLARE_FINAL_TYPE (VntServiceIdentity, vnt_service_identity, VNT, SERVICE_IDENTITY, GObject)

/* A new RSA-2048 key and a self-signed certificate for @common_name, valid
 * ten years, for TLS server use on localhost/127.0.0.1/::1 and for signing. */
VntServiceIdentity *vnt_service_identity_generate        (const char          *common_name,
                                                          GError             **error);
/* From PEM files' contents (certificate; unencrypted PKCS#8 or PKCS#1 key).
 * Error VNT_CRYPTO_ERROR_KEY_MISMATCH when they are not a pair. */
VntServiceIdentity *vnt_service_identity_new_from_pem    (GBytes              *certificate_pem,
                                                          GBytes              *key_pem,
                                                          GError             **error);
/* The identity kept in @cert_path and @key_path (PEM). When neither file
 * is there yet and @common_name is not NULL, a new one for @common_name,
 * written there (the key first; both new 0600 files); @generated
 * (nullable) then gets TRUE. */
VntServiceIdentity *vnt_service_identity_open            (const char          *cert_path,
                                                          const char          *key_path,
                                                          const char          *common_name,
                                                          gboolean            *generated,
                                                          GError             **error);

VntCertificate     *vnt_service_identity_get_certificate (VntServiceIdentity  *self);
GBytes             *vnt_service_identity_get_certificate_pem (VntServiceIdentity *self);
GBytes             *vnt_service_identity_get_key_pem     (VntServiceIdentity  *self);
/* SHA-256 of the certificate's DER, lowercase hex: the pin clients keep. */
const char         *vnt_service_identity_get_fingerprint (VntServiceIdentity  *self);

/* PKCS#1 v1.5 SHA-256 signature of @data, base64. Thread-safe. */
char               *vnt_service_identity_sign            (VntServiceIdentity  *self,
                                                          GBytes              *data,
                                                          GError             **error);

G_END_DECLS
