/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  VNT_CERTIFICATE_KIND_OTHER,
  VNT_CERTIFICATE_KIND_EFIRMA,
  VNT_CERTIFICATE_KIND_CSD,
} VntCertificateKind;

typedef enum {
  VNT_PERSONA_UNKNOWN,
  VNT_PERSONA_FISICA,
  VNT_PERSONA_MORAL,
} VntPersona;

#define VNT_TYPE_CERTIFICATE (vnt_certificate_get_type ())
G_DECLARE_FINAL_TYPE (VntCertificate, vnt_certificate, VNT, CERTIFICATE, GObject)

/* DER or PEM. Errors: VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE, _DAMAGED_FILE. */
VntCertificate     *vnt_certificate_new_from_bytes          (GBytes          *data,
                                                             GError         **error);
VntCertificate     *vnt_certificate_new_from_file           (const char      *path,
                                                             GError         **error);

/* The certificate's DER bytes, owned by @self (transfer none): g_bytes_ref()
 * them to keep them past @self. */
GBytes             *vnt_certificate_get_der                 (VntCertificate  *self);
/* RFC of the holder; for persona moral, the company's. */
const char         *vnt_certificate_get_rfc                 (VntCertificate  *self);
/* CURP of a persona física; NULL for persona moral. */
const char         *vnt_certificate_get_curp                (VntCertificate  *self);
/* Persona moral only: the legal representative's RFC and CURP. */
const char         *vnt_certificate_get_representative_rfc  (VntCertificate  *self);
const char         *vnt_certificate_get_representative_curp (VntCertificate  *self);
const char         *vnt_certificate_get_name                (VntCertificate  *self);
const char         *vnt_certificate_get_email               (VntCertificate  *self);
/* The OU (sucursal of a CSD), or NULL. */
const char         *vnt_certificate_get_organizational_unit (VntCertificate  *self);
/* "Número de certificado": 20 digits, or the hex serial when not ASCII digits. */
const char         *vnt_certificate_get_number              (VntCertificate  *self);
const char         *vnt_certificate_get_serial_hex          (VntCertificate  *self);
GDateTime          *vnt_certificate_get_not_before          (VntCertificate  *self);
GDateTime          *vnt_certificate_get_not_after           (VntCertificate  *self);
/* Whole days from @now (NULL: now) to not-after; negative when expired. */
int                 vnt_certificate_get_days_left           (VntCertificate  *self,
                                                             GDateTime       *now);
/* Issuer common name, decoded. */
const char         *vnt_certificate_get_issuer_name         (VntCertificate  *self);
/* Full issuer and subject DN, decoded for display ("CN=…, O=…"). */
const char         *vnt_certificate_get_issuer_dn           (VntCertificate  *self);
const char         *vnt_certificate_get_subject_dn          (VntCertificate  *self);
VntCertificateKind  vnt_certificate_get_kind                (VntCertificate  *self);
/* TRUE when the OU signal and the key-usage signal point to different kinds. */
gboolean            vnt_certificate_get_kind_disagreement   (VntCertificate  *self);
VntPersona          vnt_certificate_get_persona             (VntCertificate  *self);
/* "RSA", "EC", … and the size in bits. */
const char         *vnt_certificate_get_key_algorithm       (VntCertificate  *self);
guint               vnt_certificate_get_key_bits            (VntCertificate  *self);
gboolean            vnt_certificate_is_ca                   (VntCertificate  *self);
gboolean            vnt_certificate_is_self_issued          (VntCertificate  *self);
/* SHA-256 of the DER, lowercase hex. */
const char         *vnt_certificate_get_sha256              (VntCertificate  *self);
gboolean            vnt_certificate_equal                   (VntCertificate  *a,
                                                             VntCertificate  *b);

const char         *vnt_certificate_kind_to_string          (VntCertificateKind kind);
const char         *vnt_persona_to_string                   (VntPersona       persona);

G_END_DECLS
