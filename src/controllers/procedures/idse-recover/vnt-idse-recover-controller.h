/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Recuperación de certificado" (IDSE; docs/protocol.md §7.7), read-only
 * at the service:
 *   the NPIE → vnt_idse_recover_controller_lookup_async(): the
 *   certificates on record with their state → one chosen
 *   (choose_async(): fetched, checked to be that number) → the `.key` the
 *   user picks and its password (open_key_async(): opened here, checked to
 *   be the certificate's) → the `.pfx` saved through its VntPfxStep
 *   (VntHasPfx) → done. The record keeps the NPIE, the service's list, the
 *   chosen certificate and where the `.pfx` went; never the key or a
 *   password. Resumed after the key was opened, it asks for the key again
 *   (it is never saved). */

#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

#define VNT_IDSE_RECOVER_STEP_NPIE         "npie"
#define VNT_IDSE_RECOVER_STEP_CERTIFICATES "certificates"
#define VNT_IDSE_RECOVER_STEP_KEY          "key"
#define VNT_IDSE_RECOVER_STEP_PFX          "pfx"
#define VNT_IDSE_RECOVER_STEP_DONE         "done"

/* One certificate of the NPIE as the service lists it. */
typedef struct {
  char      *serial;
  char      *status;      /* "valid", "expired", "cancelled", "renewed" */
  GDateTime *not_before;  /* may be NULL */
  GDateTime *not_after;   /* may be NULL */
} VntIdseCertificateInfo;

void      vnt_idse_certificate_info_free      (VntIdseCertificateInfo *info);
/* Whether a certificate in @status can still be recovered (valid, or
 * expired: an expired one is what a renewal opens). */
gboolean  vnt_idse_certificate_status_recoverable (const char *status);
/* The state, translated ("Vigente", "Vencido", …). */
const char *vnt_idse_certificate_status_to_string (const char *status);

#define VNT_TYPE_IDSE_RECOVER_CONTROLLER (vnt_idse_recover_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntIdseRecoverController, vnt_idse_recover_controller,
                      VNT, IDSE_RECOVER_CONTROLLER, VntProcedure)

/* Implements VntHasPfx. Its procedure id is "idse.recover". */
VntIdseRecoverController *vnt_idse_recover_controller_new (VntServiceClient *client,
                                                           VntTramiteStore  *store);

/* Asks the service for the certificates of @npie (from the NPIE step, or
 * again from the list). VNT_ID_ERROR for a malformed NPIE;
 * VNT_NET_ERROR_NPIE_NOT_FOUND, _INVALID_NPIE, _UNREACHABLE,
 * _UNAVAILABLE … each with a sentence that says what to do. */
void        vnt_idse_recover_controller_lookup_async  (VntIdseRecoverController  *self,
                                                       const char                *npie,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
gboolean    vnt_idse_recover_controller_lookup_finish (VntIdseRecoverController  *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
const char *vnt_idse_recover_controller_get_npie      (VntIdseRecoverController  *self);
/* The RFC the service has for the NPIE, or NULL. */
const char *vnt_idse_recover_controller_get_rfc       (VntIdseRecoverController  *self);
/* Element type VntIdseCertificateInfo, as listed; empty before the lookup. */
GPtrArray  *vnt_idse_recover_controller_list_certificates (VntIdseRecoverController *self);

/* Fetches the certificate @serial (one of the list, recoverable) and goes
 * on to the key. VNT_PROCEDURE_ERROR_NOTHING_SELECTED when @serial cannot
 * be recovered. */
void        vnt_idse_recover_controller_choose_async  (VntIdseRecoverController  *self,
                                                       const char                *serial,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
gboolean    vnt_idse_recover_controller_choose_finish (VntIdseRecoverController  *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);
/* The chosen certificate (borrowed), or NULL. */
VntCertificate *vnt_idse_recover_controller_get_certificate (VntIdseRecoverController *self);

/* Opens @key_path with @password (copied, wiped) in a worker thread and
 * checks it is the chosen certificate's: VNT_CRYPTO_ERROR_WRONG_PASSWORD,
 * VNT_CRYPTO_ERROR_KEY_MISMATCH said plainly. Then the `.pfx` can be
 * saved (vnt_pfx_step_save_async()). */
void        vnt_idse_recover_controller_open_key_async  (VntIdseRecoverController  *self,
                                                         const char                *key_path,
                                                         const char                *password,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
gboolean    vnt_idse_recover_controller_open_key_finish (VntIdseRecoverController  *self,
                                                         GAsyncResult              *result,
                                                         GError                   **error);
/* The .key chosen last, or NULL. */
const char *vnt_idse_recover_controller_get_key_path    (VntIdseRecoverController  *self);

G_END_DECLS
