/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Cancelación del Certificado Digital" (IDSE; docs/protocol.md §7.8):
 *   the IDSE certificate to cancel (.pfx, or .cer + .key) and its
 *   contraseña, opened and checked here (its VntEfirmaStep, IDSE policy)
 *   → usuario, contraseña and motivo → a confirmation that it cannot be
 *   undone → vnt_idse_cancel_controller_cancel_async(): the trámite
 *   signed with the certificate itself (the service checks usuario and
 *   contraseña when it starts) and finalized at once (no carta) → acuse
 *   "Tu certificado digital fue cancelado." in "Mis acuses".
 * The contraseña is held in memory only, until sent. */

#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

/* The motivos the service takes. */
#define VNT_IDSE_MOTIVO_PERDIDA    "perdida"
#define VNT_IDSE_MOTIVO_COMPROMISO "compromiso"
#define VNT_IDSE_MOTIVO_CAMBIO     "cambio"
#define VNT_IDSE_MOTIVO_OTRO       "otro"

#define VNT_TYPE_IDSE_CANCEL_CONTROLLER (vnt_idse_cancel_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseCancelController, vnt_idse_cancel_controller,
                      VNT, IDSE_CANCEL_CONTROLLER, VntProcedure)

/* Implements VntHasEfirma (the IDSE certificate) and VntHasTramite. Its
 * procedure id is "idse.cancel". */
VntIdseCancelController *vnt_idse_cancel_controller_new (VntServiceClient *client,
                                                         VntTramiteStore  *store);

/* Usuario (8–20 letters or digits), contraseña and motivo (one of the
 * VNT_IDSE_MOTIVO_*): FALSE with a VNT_PROCEDURE_ERROR that says what to
 * fix. The contraseña is copied and wiped once sent. */
gboolean     vnt_idse_cancel_controller_set_credentials (VntIdseCancelController  *self,
                                                         const char               *usuario,
                                                         const char               *password,
                                                         const char               *motivo,
                                                         GError                  **error);
const char  *vnt_idse_cancel_controller_get_usuario     (VntIdseCancelController  *self);
const char  *vnt_idse_cancel_controller_get_motivo      (VntIdseCancelController  *self);

/* Starts the trámite and finalizes it: the certificate is cancelled and
 * the acuse kept. From the validated step (or a resumed review). Errors:
 * VNT_NET_ERROR_IDSE_CREDENTIALS_WRONG, _CERTIFICATE_REVOKED (cancelled or
 * renewed already), _CERTIFICATE_EXPIRED, _UNAVAILABLE … */
void          vnt_idse_cancel_controller_cancel_async   (VntIdseCancelController  *self,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
VntAcuseInfo *vnt_idse_cancel_controller_cancel_finish  (VntIdseCancelController  *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

G_END_DECLS
