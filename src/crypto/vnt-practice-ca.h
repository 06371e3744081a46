/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Ventanilla — práctica": the certificate authority of practice mode. It
 * issues e.firmas and CSDs shaped as SAT's (subject, key usage, 20-digit
 * number) for fictitious holders, so that a newcomer can walk every
 * procedure without an e.firma of their own. The practice service trusts
 * what it signed, verified by its key; nothing else does. */

#include <gio/gio.h>

#include "vnt-certificate.h"
#include "vnt-private-key.h"

G_BEGIN_DECLS

#define VNT_PRACTICE_CA_NAME "Ventanilla — práctica"

#define VNT_TYPE_PRACTICE_CA (vnt_practice_ca_get_type ())
G_DECLARE_FINAL_TYPE (VntPracticeCa, vnt_practice_ca, VNT, PRACTICE_CA, GObject)

/* Who a practice certificate is for, in SAT's terms: a persona moral has
 * @rfc "RFC_MORAL / RFC_REPRESENTANTE" and @curp " / CURP_REPRESENTANTE";
 * a CSD has the @unit (OU, the sucursal) and SAT's CSD key usage. */
typedef struct {
  VntCertificateKind  kind;   /* VNT_CERTIFICATE_KIND_EFIRMA or _CSD */
  const char         *name;
  const char         *rfc;
  const char         *curp;
  const char         *email;
  const char         *unit;   /* nullable; a CSD's sucursal */
} VntPracticeHolder;

/* The CA kept in @folder (practica-ca-certificate.pem and
 * practica-ca-key.pem, the key 0600, written atomically), made there with
 * a new RSA-2048 key on first use; @created (nullable) says so. Blocking:
 * call from a worker thread. Errors in G_IO_ERROR or VNT_CRYPTO_ERROR. */
VntPracticeCa  *vnt_practice_ca_open            (const char              *folder,
                                                 gboolean                *created,
                                                 GError                 **error);
VntCertificate *vnt_practice_ca_get_certificate (VntPracticeCa           *self);

/* A certificate (DER) for the public half of @key, for @holder, serial =
 * the 20 ASCII digits of @number (as SAT numbers its certificates), valid
 * from @not_before to @not_after. Thread-safe. */
GBytes         *vnt_practice_ca_issue           (VntPracticeCa           *self,
                                                 const VntPracticeHolder *holder,
                                                 VntPrivateKey           *key,
                                                 const char              *number,
                                                 GDateTime               *not_before,
                                                 GDateTime               *not_after,
                                                 GError                 **error);
/* Whether this CA's key signed @certificate (its issuer name and key
 * identifier alone prove nothing). Dates are the caller's rule. */
gboolean        vnt_practice_ca_verify          (VntPracticeCa           *self,
                                                 VntCertificate          *certificate);

G_END_DECLS
