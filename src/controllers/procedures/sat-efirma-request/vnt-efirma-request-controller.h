/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Requerimiento de e.firma" (what SAT's Certifica does), wholly on this
 * computer: the holder's RFC, CURP and correo (for a persona moral the
 * company's RFC and its legal representative's RFC and CURP), each
 * checked as typed with src/core's identifiers; the new private key's
 * password twice, rated as typed; a folder. "Generar requerimiento"
 * writes, in a worker thread, the key (SAT format, 0600, never over an
 * existing file) and then its .req (vnt_request_writer_create_efirma(): a
 * failure leaves neither), and beside them the printable "Solicitud de
 * Certificado de Firma Electrónica Avanzada" (PDF) with the data and the
 * request's SHA-256, to take to the SAT office. The controller is
 * local_only: no service, nothing saved to resume. */

#include "controllers/steps/vnt-sat-local.h"
#include "controllers/vnt-procedure.h"

G_BEGIN_DECLS

#define VNT_EFIRMA_REQUEST_STEP_FORM    "form"
#define VNT_EFIRMA_REQUEST_STEP_WRITTEN "written"

/* The fields, by name (the page's and the PDF's). */
#define VNT_EFIRMA_REQUEST_RFC                 "rfc"
#define VNT_EFIRMA_REQUEST_CURP                "curp"
#define VNT_EFIRMA_REQUEST_EMAIL               "email"
#define VNT_EFIRMA_REQUEST_REPRESENTATIVE_RFC  "representative_rfc"
#define VNT_EFIRMA_REQUEST_REPRESENTATIVE_CURP "representative_curp"

#define VNT_TYPE_EFIRMA_REQUEST_CONTROLLER (vnt_efirma_request_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaRequestController, vnt_efirma_request_controller,
                      VNT, EFIRMA_REQUEST_CONTROLLER, VntProcedure)

/* Implements VntSatLocal: the typed RFC and CURPs count as personal words
 * of the password; "Generar requerimiento" checks the form again, then
 * writes the key, the .req and the PDF (G_IO_ERROR_EXISTS when a file of
 * those names exists: nothing is written), and the procedure is at
 * "written". */
VntEfirmaRequestController *vnt_efirma_request_controller_new (void);

/* Persona moral: the RFC is the company's (12), and the representative's
 * RFC and CURP are asked instead of the CURP. Forgets nothing typed. */
void        vnt_efirma_request_controller_set_persona_moral (VntEfirmaRequestController *self,
                                                             gboolean                    moral);
gboolean    vnt_efirma_request_controller_get_persona_moral (VntEfirmaRequestController *self);
/* Whether @name is asked of this persona. */
gboolean    vnt_efirma_request_controller_asks_field        (VntEfirmaRequestController *self,
                                                             const char                 *name);

/* Keeps @value as typed and checks it: VNT_ID_ERROR for a malformed RFC or
 * CURP, VNT_PROCEDURE_ERROR_PERSONA_MORAL/_FISICA for an RFC of the other
 * persona, _INVALID_EMAIL. Refused (WRONG_STEP) once written. */
gboolean    vnt_efirma_request_controller_set_field   (VntEfirmaRequestController  *self,
                                                       const char                  *name,
                                                       const char                  *value,
                                                       GError                     **error);
const char *vnt_efirma_request_controller_get_field   (VntEfirmaRequestController  *self,
                                                       const char                  *name);
gboolean    vnt_efirma_request_controller_check_field (VntEfirmaRequestController  *self,
                                                       const char                  *name,
                                                       GError                     **error);
/* Checks every field asked; @bad_field gets the first failing one. */
gboolean    vnt_efirma_request_controller_check_form  (VntEfirmaRequestController  *self,
                                                       const char                 **bad_field,
                                                       GError                     **error);

/* Once written: the files, and the SHA-256 of the .req as printed. */
const char *vnt_efirma_request_controller_get_key_path     (VntEfirmaRequestController *self);
const char *vnt_efirma_request_controller_get_request_path (VntEfirmaRequestController *self);
const char *vnt_efirma_request_controller_get_pdf_path     (VntEfirmaRequestController *self);
const char *vnt_efirma_request_controller_get_digest       (VntEfirmaRequestController *self);

/* What to bring to the SAT office, translated, NULL-terminated. */
const char * const *vnt_efirma_request_what_to_bring (void);

G_END_DECLS
