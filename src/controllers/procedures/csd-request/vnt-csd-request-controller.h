/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Solicitud de Certificados de Sello Digital (CSD)", SAT's Certifica on
 * this computer, with no service behind it:
 *   the sucursales (one CSD each) → the e.firma that signs (a current SAT
 *   e.firma of a persona física or moral: its VntEfirmaStep, patrón
 *   policy) → where to save and the new keys' password →
 *   vnt_sat_local_write_async(): one key per sucursal and the
 *   .sdg, written as one set of new files (vnt_csd_request_create_with ()),
 *   in a worker thread with "progress" → what to do next, and optionally
 *   vnt_csd_request_controller_check_csd_async() on a CSD downloaded
 *   later.
 * It is local_only (vnt-procedure.h): nothing is saved to resume, and no
 * password is kept. */

#include "controllers/steps/vnt-sat-local.h"
#include "controllers/vnt-procedure-facets.h"
#include "core/vnt-password-strength.h"

G_BEGIN_DECLS

#define VNT_CSD_STEP_SUCURSALES "sucursales"
#define VNT_CSD_STEP_WRITTEN    "written"

#define VNT_TYPE_CSD_REQUEST_CONTROLLER (vnt_csd_request_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntCsdRequestController, vnt_csd_request_controller,
                      VNT, CSD_REQUEST_CONTROLLER, VntProcedure)

/* Implements VntHasEfirma, and VntSatLocal: the e.firma's RFC and CURP
 * count as personal words of the keys' password; writing (the e.firma
 * open, else VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL) makes the keys and the
 * .sdg with it, G_IO_ERROR_EXISTS when a file of the set is there already
 * (nothing is written). Property "progress" (double 0–1, read-only,
 * notified): how far the writing is. */
VntCsdRequestController *vnt_csd_request_controller_new (VntServiceClient *client,
                                                         VntTramiteStore  *store);

/* The sucursales typed, in order: checked (vnt_csd_request_check_sucursales ();
 * @bad_index, nullable, says which row is at fault, G_MAXUINT for the list)
 * and kept; the procedure goes on to the e.firma. Refused once the files are
 * written. */
gboolean            vnt_csd_request_controller_set_sucursales (VntCsdRequestController  *self,
                                                               const char * const       *sucursales,
                                                               guint                    *bad_index,
                                                               GError                  **error);
/* NULL-terminated; empty before set_sucursales. */
const char * const *vnt_csd_request_controller_get_sucursales (VntCsdRequestController  *self);

double              vnt_csd_request_controller_get_progress   (VntCsdRequestController  *self);
/* What was written (NULL / empty before): the folder, the .sdg, the keys
 * in the sucursales' order. */
const char         *vnt_csd_request_controller_get_folder     (VntCsdRequestController  *self);
const char         *vnt_csd_request_controller_get_sdg_path   (VntCsdRequestController  *self);
const char * const *vnt_csd_request_controller_get_key_paths  (VntCsdRequestController  *self);
/* The RFC the CSDs are for (the e.firma's; a company's own). */
const char         *vnt_csd_request_controller_get_rfc        (VntCsdRequestController  *self);

/* A CSD downloaded from CertiSAT Web and its .key (@password, wiped after
 * use), checked in a worker thread: a CSD (VNT_PROCEDURE_ERROR_CHECK_FAILED
 * for an e.firma or anything else), of this request's RFC (VNT_PROCEDURE_ERROR_RFC_MISMATCH), the key
 * opens (VNT_CRYPTO_ERROR_WRONG_PASSWORD) and belongs to it
 * (VNT_CRYPTO_ERROR_KEY_MISMATCH). Not an operation: it changes nothing
 * and may run while the page is idle. Returns the certificate. */
void                vnt_csd_request_controller_check_csd_async  (VntCsdRequestController  *self,
                                                                 const char               *cer_path,
                                                                 const char               *key_path,
                                                                 const char               *password,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
VntCertificate     *vnt_csd_request_controller_check_csd_finish (VntCsdRequestController  *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);

G_END_DECLS
