/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Certificado Digital adicional" (IDSE), docs/protocol.md §7.6: an
 * employer who has an NPIE asks for one more certificate, for a new
 * usuario and contraseña and a new key. The same trámite as the
 * solicitud (VntIdseRequestController): the e.firma of the patrón or of
 * the company of that NPIE, the key generated and saved, the carta, the
 * acuse with its deadline of 10 días hábiles, the visit to the
 * Subdelegación. Its form: NPIE, usuario, contraseña, correo. */

#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"

G_BEGIN_DECLS

#define VNT_TYPE_IDSE_ADDITIONAL_CONTROLLER (vnt_idse_additional_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseAdditionalController, vnt_idse_additional_controller,
                      VNT, IDSE_ADDITIONAL_CONTROLLER, VntIdseRequestController)

VntIdseAdditionalController *vnt_idse_additional_controller_new (VntServiceClient *client,
                                                                 VntTramiteStore  *store);

G_END_DECLS
