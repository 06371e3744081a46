/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Renovación de e.firma" (what SAT's Certifica does), wholly on this
 * computer: the current e.firma, opened and checked (VntEfirmaStep: a CSD,
 * an untrusted one, a wrong password are refused there), then on going on
 * a company's e.firma and an expired one are refused with what to do
 * (SAT ID within a year of expiry, otherwise an appointment); then the
 * correo (the certificate's, editable), for a company its RFC (signed with
 * the representative's personal e.firma), the new key's password twice
 * and a folder. "Generar renovación" writes, in a worker thread, the new
 * key (SAT format, 0600, never over an existing file) and then the .ren
 * signed with the open e.firma (vnt_renewal_create_efirma_for_signer(): a
 * failure leaves neither). local_only: no service, nothing to resume. */

#include "controllers/steps/vnt-sat-local.h"
#include "controllers/vnt-procedure-facets.h"

G_BEGIN_DECLS

#define VNT_EFIRMA_RENEW_STEP_WRITTEN "written"

#define VNT_TYPE_EFIRMA_RENEW_CONTROLLER (vnt_efirma_renew_controller_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaRenewController, vnt_efirma_renew_controller,
                      VNT, EFIRMA_RENEW_CONTROLLER, VntProcedure)

/* Implements VntHasEfirma: its proceed refuses a company's e.firma and an
 * expired one (VNT_CRYPTO_ERROR_EXPIRED, saying whether SAT ID still
 * serves). Implements VntSatLocal: "Generar renovación" checks the open
 * e.firma again (still current) and the correo, then writes the key and
 * the .ren signed with it. */

VntEfirmaRenewController *vnt_efirma_renew_controller_new (void);

/* A company's e.firma: @company_rfc (12 characters), NULL for the
 * holder's own. Checked (VNT_ID_ERROR, VNT_PROCEDURE_ERROR_PERSONA_FISICA). */
gboolean    vnt_efirma_renew_controller_set_company_rfc (VntEfirmaRenewController  *self,
                                                         const char                *company_rfc,
                                                         GError                   **error);
const char *vnt_efirma_renew_controller_get_company_rfc (VntEfirmaRenewController  *self);
/* The correo for the new certificate; the current one's until set. */
gboolean    vnt_efirma_renew_controller_set_email       (VntEfirmaRenewController  *self,
                                                         const char                *email,
                                                         GError                   **error);
const char *vnt_efirma_renew_controller_get_email       (VntEfirmaRenewController  *self);

const char *vnt_efirma_renew_controller_get_key_path     (VntEfirmaRenewController *self);
const char *vnt_efirma_renew_controller_get_renewal_path (VntEfirmaRenewController *self);
/* The RFC the new certificate will carry (the company's, or the holder's). */
const char *vnt_efirma_renew_controller_get_rfc          (VntEfirmaRenewController *self);

G_END_DECLS
