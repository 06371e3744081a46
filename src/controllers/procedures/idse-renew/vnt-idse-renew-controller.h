/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Renovación del Certificado Digital" (IDSE; docs/protocol.md §7.9):
 *   the expired IDSE certificate (.pfx, or .cer + .key) and its
 *   contraseña, opened here and looked up at the service (its NPIE, and
 *   whether it can still be renewed: expired less than a year ago, neither
 *   renewed nor cancelled) → the company's data confirmed, the e-mail
 *   editable → a new private key, generated and saved (its VntKeygenStep)
 *   before anything is sent → the renewal sent with the key's PKCS#10,
 *   signed with the EXPIRED certificate → the "Carta de Términos y
 *   Condiciones para la Obtención y Uso del NPIE y Certificado Digital"
 *   signed with it (finalize: the service issues the new certificate at
 *   once, "Se ha generado exitosamente su Certificado Digital.", acuse) →
 *   the new certificate fetched and checked against the new key → saved
 *   as a `.pfx` (its VntPfxStep) → the carta signed again with the NEW
 *   certificate (a detached CMS signature kept beside the `.pfx`) → the
 *   "Carta de Condiciones de Uso" signed with the new certificate. */

#include "controllers/steps/vnt-pfx-step.h"
#include "controllers/vnt-procedure-facets.h"
#include "net/vnt-service-tramite.h"

G_BEGIN_DECLS

#define VNT_IDSE_RENEW_STEP_KEY       "key"
#define VNT_IDSE_RENEW_STEP_KEY_SAVED "key-saved"

/* How long after it expired the IMSS still renews a certificate. */
#define VNT_IDSE_RENEW_MAX_EXPIRED_DAYS 365

#define VNT_TYPE_IDSE_RENEW_CONTROLLER (vnt_idse_renew_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRenewController, vnt_idse_renew_controller,
                      VNT, IDSE_RENEW_CONTROLLER, VntProcedure)

/* Implements VntHasEfirma (the certificate being renewed; its proceed
 * looks it up at the service), VntHasKeygen, VntHasTramite and VntHasPfx
 * (the new certificate's `.pfx`). Its procedure id is "idse.renew". */
VntIdseRenewController *vnt_idse_renew_controller_new (VntServiceClient *client,
                                                       VntTramiteStore  *store);

/* From the service's record of the certificate (after the certificate
 * page), or NULL. */
const char  *vnt_idse_renew_controller_get_npie  (VntIdseRenewController  *self);
/* The e-mail the renewal is sent with (NULL before the data page). */
const char  *vnt_idse_renew_controller_get_email (VntIdseRenewController  *self);

/* The data page's "Siguiente": the e-mail checked and kept (→ key).
 * VNT_PROCEDURE_ERROR_INVALID_EMAIL when it cannot be one. */
gboolean     vnt_idse_renew_controller_confirm_data (VntIdseRenewController  *self,
                                                     const char              *email,
                                                     GError                 **error);

/* "Enviar": the renewal with the saved key's PKCS#10, signed with the
 * expired certificate, then the carta loaded (→ terms). On a trámite sent
 * already (resumed) only the carta. Needs the certificate and the key
 * open. An operation. */
void         vnt_idse_renew_controller_send_async  (VntIdseRenewController  *self,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
gboolean     vnt_idse_renew_controller_send_finish (VntIdseRenewController  *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error);

/* Done only: fetches the new certificate the acuse names and checks it is
 * the saved key's (VNT_CRYPTO_ERROR_KEY_MISMATCH); kept in the record,
 * and the `.pfx` step filled. Needs the key open. An operation; also
 * VntHasPfx's prepare, so the `.pfx` page does it when it shows. */
void            vnt_idse_renew_controller_fetch_certificate_async  (VntIdseRenewController  *self,
                                                                    GCancellable            *cancellable,
                                                                    GAsyncReadyCallback      callback,
                                                                    gpointer                 user_data);
gboolean        vnt_idse_renew_controller_fetch_certificate_finish (VntIdseRenewController  *self,
                                                                    GAsyncResult            *result,
                                                                    GError                 **error);
/* The new certificate once fetched, or NULL. */
VntCertificate *vnt_idse_renew_controller_get_new_certificate (VntIdseRenewController *self);
/* Its `.pfx` (where it goes, vnt_pfx_step_save_async()). */
VntPfxStep     *vnt_idse_renew_controller_get_pfx_step        (VntIdseRenewController *self);

/* The carta signed again, with the NEW certificate: a detached CMS
 * signature of its text, checked, written as a NEW file beside the `.pfx`
 * ("<RFC>_<número>_carta.p7s"). After the `.pfx` was saved. An
 * operation. */
void         vnt_idse_renew_controller_sign_again_async  (VntIdseRenewController  *self,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean     vnt_idse_renew_controller_sign_again_finish (VntIdseRenewController  *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
/* Where that signature was written, or NULL. */
const char  *vnt_idse_renew_controller_get_signature_path (VntIdseRenewController *self);
/* The carta of the renewal (the one signed twice), or NULL. */
VntCarta    *vnt_idse_renew_controller_get_carta          (VntIdseRenewController *self);

/* The "Carta de Condiciones de Uso": loads it (an operation), then signs
 * it with the new certificate (an operation; accepting again returns the
 * first acceptance). */
void         vnt_idse_renew_controller_fetch_conditions_async   (VntIdseRenewController  *self,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
gboolean     vnt_idse_renew_controller_fetch_conditions_finish  (VntIdseRenewController  *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);
VntCarta    *vnt_idse_renew_controller_get_conditions           (VntIdseRenewController  *self);
void         vnt_idse_renew_controller_accept_conditions_async  (VntIdseRenewController  *self,
                                                                 GCancellable            *cancellable,
                                                                 GAsyncReadyCallback      callback,
                                                                 gpointer                 user_data);
gboolean     vnt_idse_renew_controller_accept_conditions_finish (VntIdseRenewController  *self,
                                                                 GAsyncResult            *result,
                                                                 GError                 **error);
/* When the service recorded the acceptance ("2026-12-07T03:10:00Z"), or NULL. */
const char  *vnt_idse_renew_controller_get_conditions_accepted_at (VntIdseRenewController *self);

G_END_DECLS
