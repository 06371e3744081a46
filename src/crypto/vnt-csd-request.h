/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vnt-certificate.h"
#include "vnt-csr.h"
#include "vnt-private-key.h"
#include "vnt-request-writer.h"

G_BEGIN_DECLS

/* SAT's "Solicitud de Certificados de Sello Digital" as its Certifica makes
 * it: per sucursal a new key CSD_<Sucursal>_<RFC>_<yyyyMMdd_HHmmss>.key and a
 * PKCS#10 CSD_<Sucursal>_<RFC>_<yyyyMMdd_HHmmss>s.req; the requests in one
 * ZIP; CSD_<RFC>_<yyyyMMdd_HHmmss>.sdg, the ZIP signed (CMS) with the
 * taxpayer's e.firma. See docs/keys.md. */

/* More sucursales than this in one run is a mistake. */
#define VNT_CSD_REQUEST_MAX_SUCURSALES 100
/* X.520's upper bound for an organizationalUnitName. */
#define VNT_CSD_REQUEST_MAX_SUCURSAL   64

/* A sucursal name SAT's Certifica could have written: 1 to 64 characters,
 * not only spaces, no control characters, no "/" or "\" (it becomes part of
 * a file name). */
gboolean        vnt_csd_request_check_sucursal (const char      *sucursal,
                                                GError         **error);

/* The sucursales of one request: 1 to VNT_CSD_REQUEST_MAX_SUCURSALES, each
 * a name vnt_csd_request_check_sucursal () takes, no two with the same file
 * names. @bad_index (nullable): the first sucursal at fault, or G_MAXUINT
 * when the list as a whole is. */
gboolean        vnt_csd_request_check_sucursales (const char * const *sucursales,
                                                  guint              *bad_index,
                                                  GError            **error);

/* The PKCS#10 of one sucursal for @key, as Certifica writes it: subject
 * x500UniqueIdentifier and serialNumber copied from @efirma's subject as they
 * are (PrintableString, Windows-1252 bytes), then commonName (persona
 * física) or organizationName (persona moral) with @efirma's name, and OU =
 * @sucursal (both UTF8String); attribute challengePassword derived from the
 * RFC field as Certifica derives it; sha1WithRSAEncryption. */
GBytes         *vnt_csd_request_build          (VntPrivateKey   *key,
                                                VntCertificate  *efirma,
                                                const char      *sucursal,
                                                GError         **error);
/* The same from the e.firma's subject fields: @rfc_field and @curp_field
 * as the certificate has them ("RFC / RFC_REPRESENTANTE" and " / CURP" for a
 * company), its @name, and whether it is a company's (organizationName) or
 * a person's (commonName). */
GBytes         *vnt_csd_request_build_for_subject (VntPrivateKey *key,
                                                   const char    *rfc_field,
                                                   const char    *curp_field,
                                                   gboolean       persona_moral,
                                                   const char    *name,
                                                   const char    *sucursal,
                                                   GError       **error);

/* The whole request in @params->folder, signed with the e.firma
 * @params->cer_path, key_path and password (for a company, the company's
 * e.firma), which must be an e.firma (not a CSD) current at @now (NULL: now).
 * One RSA-2048 key per entry of @params->sucursales, each under
 * @params->new_password in SAT's format. Nothing is written until everything
 * is made; then the keys and last the .sdg are written as one set of new
 * files (vnt_safe_file_write_set ()): 0600, never over an existing file, none
 * of them left when any fails. Returns the paths: the keys in sucursales
 * order, then the .sdg. */
char          **vnt_csd_request_create (const VntEfirmaParams *params,
                                        GDateTime             *now,
                                        GCancellable          *cancellable,
                                        GError               **error);

/* How far vnt_csd_request_create_with () is: @done of @total parts (one
 * per sucursal's key, then signing and writing). */
typedef void  (*VntCsdRequestProgress)       (guint                 done,
                                              guint                 total,
                                              gpointer              user_data);

/* The same with an e.firma already opened (and checked) by the caller
 * (not @params' files); it is checked again here (an e.firma, current, its
 * key matching). @progress (nullable) is called in the thread that runs
 * this. */
char **vnt_csd_request_create_with (const VntEfirmaParams *params,
                                    VntCertificate        *efirma,
                                    VntPrivateKey         *efirma_key,
                                    GDateTime             *now,
                                    VntCsdRequestProgress  progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable,
                                    GError               **error);

#define VNT_TYPE_CSD_REQUEST (vnt_csd_request_get_type ())
G_DECLARE_FINAL_TYPE (VntCsdRequest, vnt_csd_request, VNT, CSD_REQUEST, GObject)

/* Reads a .sdg: CMS SignedData whose content is a ZIP of requests. A file
 * that is not one fails with VNT_CRYPTO_ERROR_NOT_A_SIGNATURE; a .sdg whose
 * ZIP or requests are damaged with _DAMAGED_FILE. A signature that does not
 * verify is no error here: see vnt_csd_request_get_signature_error (). */
VntCsdRequest  *vnt_csd_request_new_from_bytes      (GBytes         *data,
                                                     GError        **error);
/* The certificate that signed, or NULL when the .sdg carries none. */
VntCertificate *vnt_csd_request_get_signer          (VntCsdRequest  *self);
/* NULL when the CMS signature verifies (SHA-1 allowed, as SAT signs). */
const GError   *vnt_csd_request_get_signature_error (VntCsdRequest  *self);
guint           vnt_csd_request_get_n_requests      (VntCsdRequest  *self);
/* The member's name in the ZIP, "CSD_<Sucursal>_<RFC>_<time>s.req". */
const char     *vnt_csd_request_get_request_name    (VntCsdRequest  *self,
                                                     guint           index);
VntCsr         *vnt_csd_request_get_request         (VntCsdRequest  *self,
                                                     guint           index);

G_END_DECLS
