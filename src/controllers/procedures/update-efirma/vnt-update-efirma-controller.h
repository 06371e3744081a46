/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Actualización de la e.firma (cuenta del Escritorio Virtual)":
 *   CURP → RFC, .cer, .key, contraseña → "Validar" (its VntEfirmaStep)
 *   → "Firmar" (vnt_update_efirma_controller_sign_async): the service answers
 *     "Se detectó que el número de serie de su firma digital fue modificado"
 *     with the old and the new number and the holder's data; or that nothing
 *     changed; or that there is no account (offer "Crear cuenta")
 *   → "Guardar Trámite", which loads the carta the FIEL confirmation
 *     accepts, → "Finalizar Trámite" → the FIEL confirmation → "Aceptar"
 *     (its VntTramiteFlow) → "La actualización de la cuenta de
 *     usuario fue correcta" → acuse → "Salir". */

#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

typedef enum {
  VNT_UPDATE_OUTCOME_ERROR,       /* the GError says why */
  VNT_UPDATE_OUTCOME_CHANGED,     /* "Se detectó que el número de serie…": go on */
  VNT_UPDATE_OUTCOME_UNCHANGED,   /* the account already has this e.firma: nothing to do */
  VNT_UPDATE_OUTCOME_NO_ACCOUNT,  /* no account for this CURP: offer "Crear cuenta" */
} VntUpdateOutcome;

#define VNT_TYPE_UPDATE_EFIRMA_CONTROLLER (vnt_update_efirma_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntUpdateEfirmaController, vnt_update_efirma_controller,
                      VNT, UPDATE_EFIRMA_CONTROLLER, VntProcedure)

/* A new trámite, saved in @store as it advances. */
VntUpdateEfirmaController *vnt_update_efirma_controller_new (VntServiceClient *client,
                                                             VntTramiteStore  *store);

/* Implements VntHasEfirma (whose proceed is "Firmar"), VntHasTramite and
 * VntHasReview. Its procedure id is "account.update". */

/* "Firmar" (validated → review on CHANGED). UNCHANGED and NO_ACCOUNT end
 * the trámite (its record is discarded; the step stays validated) and
 * vnt_has_efirma_get_outcome_message() has the service's sentence. */
void             vnt_update_efirma_controller_sign_async   (VntUpdateEfirmaController *self,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
VntUpdateOutcome vnt_update_efirma_controller_sign_finish  (VntUpdateEfirmaController *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/* The numbers and the holder, from the service's review (REVIEW and
 * later); NULL before. */
const char      *vnt_update_efirma_controller_get_previous_number (VntUpdateEfirmaController *self);
const char      *vnt_update_efirma_controller_get_new_number      (VntUpdateEfirmaController *self);
const char      *vnt_update_efirma_controller_get_holder_name     (VntUpdateEfirmaController *self);

G_END_DECLS
