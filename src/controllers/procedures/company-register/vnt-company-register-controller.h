/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Registrar empresa representada" (docs/protocol.md §7.3), persona moral:
 *   CURP → the representative's own e.firma ("Validar"; going on looks up
 *     his Escritorio Virtual account, which he must have)
 *   → the company's e.firma (a persona moral whose representative in the
 *     certificate is this person; its RFC is the company's)
 *   → "Registrar representante legal": RFC, Razón social and Tipo sociedad
 *     read from the company's certificate, and the tipo de poder;
 *     "Continuar" (vnt_company_register_controller_register_async) starts
 *     the trámite at the service, signed by the representative
 *   → the cover and the last page of the poder notarial, checked on this
 *     computer and uploaded (vnt_company_register_controller_upload_async)
 *   → the carta accepted; the company signs first
 *     (vnt_company_register_controller_company_sign_async), then the
 *     representative, with his e.firma (the trámite's finalize) → acuse.
 *
 * Resumable: the attachments are kept by path and SHA-256 only; the
 * e.firmas by their files (both passwords are asked again). */

#include "controllers/steps/vnt-pdf-attachment.h"
#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

/* Steps of the company's e.firma, after the representative's. */
#define VNT_COMPANY_STEP_EFIRMA    "company"
#define VNT_COMPANY_STEP_VALIDATED "company-validated"
/* Both PDFs are at the service. */
#define VNT_COMPANY_STEP_ATTACHED  "attached"

typedef enum {
  VNT_TIPO_PODER_DOMINIO,        /* "Dominio" */
  VNT_TIPO_PODER_ESPECIAL_IMSS,  /* "Especial, para trámites ante el IMSS" */
  VNT_TIPO_PODER_ADMINISTRACION, /* "Administración" */
} VntTipoPoder;

typedef enum {
  VNT_PODER_PORTADA,      /* the cover of the poder notarial */
  VNT_PODER_ULTIMA_HOJA,  /* its last page */
  VNT_PODER_N_ATTACHMENTS,
} VntPoderAttachment;

#define VNT_TYPE_COMPANY_REGISTER_CONTROLLER (vnt_company_register_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntCompanyRegisterController, vnt_company_register_controller,
                      VNT, COMPANY_REGISTER_CONTROLLER, VntProcedure)

VntCompanyRegisterController *vnt_company_register_controller_new (VntServiceClient *client,
                                                                   VntTramiteStore  *store);

/* "SA DE CV", "S DE RL DE CV", "SC"… from the end of a razón social as SAT
 * writes it in the certificate; NULL when it names no known kind. */
const char    *vnt_company_tipo_sociedad_from_name (const char *razon_social);

/* The company's e.firma step (role "company", policy persona moral). Its
 * CURP to match is the representative's. */
VntEfirmaStep *vnt_company_register_controller_get_company_step (VntCompanyRegisterController *self);
/* From the company's certificate once validated (or as saved); NULL before. */
const char    *vnt_company_register_controller_get_company_rfc  (VntCompanyRegisterController *self);
const char    *vnt_company_register_controller_get_razon_social (VntCompanyRegisterController *self);
const char    *vnt_company_register_controller_get_tipo_sociedad (VntCompanyRegisterController *self);

/* The tipo de poder: "Dominio" until chosen. Fixed once the trámite
 * started. */
VntTipoPoder   vnt_company_register_controller_get_tipo_poder   (VntCompanyRegisterController *self);
void           vnt_company_register_controller_set_tipo_poder   (VntCompanyRegisterController *self,
                                                                 VntTipoPoder                  tipo_poder);

/* "Continuar" on "Registrar representante legal" (company-validated →
 * review): starts the trámite with the company's data, signed by the
 * representative. VNT_NET_ERROR_ALREADY_REGISTERED when he already
 * represents the company; VNT_NET_ERROR_REPRESENTATIVE_REQUIRED without an
 * account. Done already (resumed): returns at once. */
void           vnt_company_register_controller_register_async   (VntCompanyRegisterController *self,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean       vnt_company_register_controller_register_finish  (VntCompanyRegisterController *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);

/* A checked PDF for @which (NULL forgets it): kept in the record by path
 * and SHA-256, its bytes in memory until uploaded. */
void              vnt_company_register_controller_set_attachment (VntCompanyRegisterController *self,
                                                                  VntPoderAttachment            which,
                                                                  VntPdfAttachment             *attachment);
/* As saved: the path and SHA-256 chosen last (NULL: none), for checking
 * the file again on resume. */
const char       *vnt_company_register_controller_get_attachment_path   (VntCompanyRegisterController *self,
                                                                         VntPoderAttachment            which);
const char       *vnt_company_register_controller_get_attachment_sha256 (VntCompanyRegisterController *self,
                                                                         VntPoderAttachment            which);
/* Whether the service has that file (the same SHA-256). */
gboolean          vnt_company_register_controller_get_attachment_uploaded (VntCompanyRegisterController *self,
                                                                           VntPoderAttachment            which);

/* "Adjuntar" (review → attached): uploads each PDF the service does not
 * have yet, signed by the representative. The service's refusal of a file
 * comes back with @failed (nullable) set to which one. */
void           vnt_company_register_controller_upload_async     (VntCompanyRegisterController *self,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean       vnt_company_register_controller_upload_finish    (VntCompanyRegisterController *self,
                                                                 GAsyncResult                 *result,
                                                                 VntPoderAttachment           *failed,
                                                                 GError                      **error);

/* "Firmar como empresa": the company's e.firma co-signs the trámite as
 * the service has it (its digest), after the carta was loaded (terms).
 * Signed already: returns at once. */
void           vnt_company_register_controller_company_sign_async  (VntCompanyRegisterController *self,
                                                                    GCancellable                 *cancellable,
                                                                    GAsyncReadyCallback           callback,
                                                                    gpointer                      user_data);
gboolean       vnt_company_register_controller_company_sign_finish (VntCompanyRegisterController *self,
                                                                    GAsyncResult                 *result,
                                                                    GError                      **error);
/* Whether the company signed this trámite (its folio). */
gboolean       vnt_company_register_controller_get_company_signed  (VntCompanyRegisterController *self);

G_END_DECLS
