/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Crear cuenta (persona física)":
 *   CURP → e.firma files and contraseña → "Verificar" (its VntEfirmaStep)
 *   → correo electrónico (and optional teléfono) → "Autenticar"
 *     (vnt_create_account_controller_authenticate_async): the service
 *     checks the e.firma and shows the data it will register
 *   → "Carta de términos y condiciones" (its VntTramiteFlow),
 *     accepted by signing it with the e.firma
 *   → the account is created → acuse. */

#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

#define VNT_TYPE_CREATE_ACCOUNT_CONTROLLER (vnt_create_account_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntCreateAccountController, vnt_create_account_controller,
                      VNT, CREATE_ACCOUNT_CONTROLLER, VntProcedure)

/* Implements VntHasEfirma, VntHasContact, VntHasReview and VntHasTramite.
 * Its procedure id is "account.create". */
VntCreateAccountController *vnt_create_account_controller_new (VntServiceClient *client,
                                                               VntTramiteStore  *store);
/* From another procedure that found no account (an actualización): takes
 * its CURP, RFC, files and the e.firma already open (no second password),
 * and starts at the validated step. */
VntCreateAccountController *vnt_create_account_controller_new_from (VntHasEfirma *other);

/* The contact (also VntHasContact's): the e-mail is required before
 * "Autenticar"; the phone is optional (10 digits). */
const char *vnt_create_account_controller_get_email (VntCreateAccountController *self);
/* VNT_PROCEDURE_ERROR_INVALID_EMAIL when it cannot be an address. */
gboolean    vnt_create_account_controller_set_email (VntCreateAccountController *self,
                                                     const char                 *email,
                                                     GError                    **error);
const char *vnt_create_account_controller_get_phone (VntCreateAccountController *self);
/* VNT_PROCEDURE_ERROR_INVALID_PHONE unless 10 digits (spaces and hyphens
 * are dropped). NULL or "": none. */
gboolean    vnt_create_account_controller_set_phone (VntCreateAccountController *self,
                                                     const char                 *phone,
                                                     GError                    **error);

/* "Autenticar" (validated → review). VNT_NET_ERROR_ACCOUNT_EXISTS when the
 * CURP already has an account (offer the actualización instead). */
void        vnt_create_account_controller_authenticate_async  (VntCreateAccountController *self,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
gboolean    vnt_create_account_controller_authenticate_finish (VntCreateAccountController *self,
                                                               GAsyncResult               *result,
                                                               GError                    **error);

G_END_DECLS
