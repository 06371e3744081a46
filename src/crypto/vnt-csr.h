/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnt-certificate.h"

G_BEGIN_DECLS

#define VNT_TYPE_CSR (vnt_csr_get_type ())
G_DECLARE_FINAL_TYPE (VntCsr, vnt_csr, VNT, CSR, GObject)

/* A PKCS#10 certificate request (SAT's .req), DER or PEM, read only: the
 * subject decoded as certificates are (RFC in x500UniqueIdentifier, CURP in
 * serialNumber, persona moral "RFC / RFC_REPRESENTANTE"), the public key and
 * whether the request's own signature verifies. Errors:
 * VNT_CRYPTO_ERROR_DAMAGED_FILE (and _UNREADABLE_FILE from a file). */
VntCsr     *vnt_csr_new_from_bytes              (GBytes      *data,
                                                 GError     **error);
VntCsr     *vnt_csr_new_from_file               (const char  *path,
                                                 GError     **error);

GBytes     *vnt_csr_get_der                     (VntCsr      *self);
/* RFC of the holder; for persona moral, the company's. */
const char *vnt_csr_get_rfc                     (VntCsr      *self);
/* CURP of a persona física; NULL for persona moral. */
const char *vnt_csr_get_curp                    (VntCsr      *self);
const char *vnt_csr_get_representative_rfc      (VntCsr      *self);
const char *vnt_csr_get_representative_curp     (VntCsr      *self);
/* CN, O and OU (NULL when absent; SAT's e.firma requests carry none). */
const char *vnt_csr_get_name                    (VntCsr      *self);
const char *vnt_csr_get_organization            (VntCsr      *self);
const char *vnt_csr_get_organizational_unit     (VntCsr      *self);
const char *vnt_csr_get_email                   (VntCsr      *self);
/* "CN=…, O=…" with decoded values. */
const char *vnt_csr_get_subject_dn              (VntCsr      *self);
VntPersona  vnt_csr_get_persona                 (VntCsr      *self);
/* "RSA", "EC", … and the size in bits. */
const char *vnt_csr_get_key_algorithm           (VntCsr      *self);
guint       vnt_csr_get_key_bits                (VntCsr      *self);
/* GnuTLS's name of the signature algorithm: "RSA-SHA1", "RSA-SHA256", … */
const char *vnt_csr_get_signature_algorithm     (VntCsr      *self);
/* TRUE when the self-signature verifies (SHA-1, which SAT uses, allowed). */
gboolean    vnt_csr_get_signature_valid         (VntCsr      *self);
gboolean    vnt_csr_has_challenge_password      (VntCsr      *self);
/* SHA-256 public-key identifier, lowercase hex; equal to
 * vnt_private_key_get_id() of the key that made the request. */
const char *vnt_csr_get_key_id                  (VntCsr      *self);

G_END_DECLS
