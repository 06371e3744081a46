/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Eliminar empresa representada" (docs/protocol.md §7.4): the legal
 * representative identifies with his own e.firma (persona física):
 *   CURP → RFC, .cer, .key, contraseña → "Validar" (its VntEfirmaStep)
 *   → the companies he represents, "Datos de las empresas representadas"
 *     (vnt_remove_company_controller_list_async): he selects those to
 *     remove
 *   → "Finalizar Trámite" (vnt_remove_company_controller_remove_async):
 *     the trámite starts with the selection and is finalized, both signed
 *     with the e.firma; no carta → "Su solicitud ha finalizado
 *     correctamente" → acuse.
 * Implements VntHasEfirma and VntHasTramite. Its procedure id is
 * "representative.remove". */

#include "controllers/vnt-procedure-facets.h"
#include "net/vnt-represented-company.h"

G_BEGIN_DECLS

#define VNT_TYPE_REMOVE_COMPANY_CONTROLLER (vnt_remove_company_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntRemoveCompanyController, vnt_remove_company_controller,
                      VNT, REMOVE_COMPANY_CONTROLLER, VntProcedure)

VntRemoveCompanyController *vnt_remove_company_controller_new (VntServiceClient *client,
                                                               VntTramiteStore  *store);

/* Asks the service which companies the e.firma's holder represents now
 * (validated step, before the trámite was sent). Element type
 * VntRepresentedCompany; empty: none to remove. The list is kept in the
 * record. */
void        vnt_remove_company_controller_list_async   (VntRemoveCompanyController *self,
                                                        GCancellable               *cancellable,
                                                        GAsyncReadyCallback         callback,
                                                        gpointer                    user_data);
GPtrArray  *vnt_remove_company_controller_list_finish  (VntRemoveCompanyController *self,
                                                        GAsyncResult               *result,
                                                        GError                    **error);
/* The last list (borrowed), or NULL before one was read. */
GPtrArray  *vnt_remove_company_controller_get_companies (VntRemoveCompanyController *self);

/* The RFCs of the companies to remove (each one of the list), saved.
 * VNT_PROCEDURE_ERROR_NOTHING_SELECTED when @rfcs is empty;
 * VNT_PROCEDURE_ERROR_WRONG_STEP once the trámite was sent. */
gboolean    vnt_remove_company_controller_set_selection (VntRemoveCompanyController *self,
                                                         const char * const         *rfcs,
                                                         GError                    **error);
/* NULL-terminated (owned by the controller); empty before any selection. */
GStrv       vnt_remove_company_controller_get_selection (VntRemoveCompanyController *self);

/* "Finalizar Trámite": starts the trámite with the selection (unless a
 * resumed one started already) and finalizes it. Returns the kept acuse.
 * Refusals of the service (a company no longer represented: not-registered)
 * leave the step at validated with nothing sent twice. */
void          vnt_remove_company_controller_remove_async  (VntRemoveCompanyController *self,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
VntAcuseInfo *vnt_remove_company_controller_remove_finish (VntRemoveCompanyController *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

G_END_DECLS
