/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* An e.firma step composed into a procedure: the CURP typed (when the
 * procedure asks for one), then RFC, .cer, .key and password, opened and
 * checked on this computer under a VntEfirmaPolicy ("Validar",
 * "Verificar"). The open e.firma is kept by the procedure (in memory only)
 * under the step's role; its facts (RFC, files, certificate, number and
 * name — never the password or the key) go into the record, so that after
 * a resume only the password is asked again (vnt_efirma_step_unlock_async).
 *
 * The step moves the procedure from @curp_step to @ask_step (set_curp) and
 * from @ask_step to @validated_step (validate); all three are steps the
 * procedure declares. */

#include "controllers/steps/vnt-efirma-policy.h"
#include "controllers/vnt-procedure.h"

G_BEGIN_DECLS

/* The roles of the e.firmas a procedure holds open. The person who starts
 * the trámite and signs its requests: */
#define VNT_CREDENTIAL_ROLE_APPLICANT "applicant"
/* A persona moral's e.firma that co-signs (its representative applies). */
#define VNT_CREDENTIAL_ROLE_COMPANY   "company"

/* The usual step names, for procedures that declare them. */
#define VNT_EFIRMA_STEP_CURP      "curp"
#define VNT_EFIRMA_STEP_ASK       "efirma"
#define VNT_EFIRMA_STEP_VALIDATED "validated"

#define VNT_TYPE_EFIRMA_STEP (vnt_efirma_step_get_type ())
G_DECLARE_FINAL_TYPE (VntEfirmaStep, vnt_efirma_step, VNT, EFIRMA_STEP, GObject)

/* The step is composed into @procedure, which owns it (it is not
 * referenced). @curp_step NULL: no CURP is typed for this e.firma (set it
 * with set_curp when the policy wants one matched, e.g. the applicant's for
 * a company's e.firma). */
VntEfirmaStep     *vnt_efirma_step_new              (VntProcedure          *procedure,
                                                     const char            *role,
                                                     const VntEfirmaPolicy *policy,
                                                     const char            *curp_step,
                                                     const char            *ask_step,
                                                     const char            *validated_step);
/* The applicant's, at the usual steps (VNT_EFIRMA_STEP_CURP only when
 * @procedure declares it). */
VntEfirmaStep         *vnt_efirma_step_new_applicant (VntProcedure          *procedure,
                                                      const VntEfirmaPolicy *policy);
VntProcedure      *vnt_efirma_step_get_procedure    (VntEfirmaStep *self);
const VntEfirmaPolicy *vnt_efirma_step_get_policy   (VntEfirmaStep *self);

/* "Siguiente" after the CURP: normalises and validates (VNT_ID_ERROR);
 * the procedure moves to the ask step and is saved (in the background).
 * Refused once past the validated step; a new CURP forgets the e.firma. */
gboolean           vnt_efirma_step_set_curp         (VntEfirmaStep  *self,
                                                     const char     *curp,
                                                     GError        **error);
const char        *vnt_efirma_step_get_curp         (VntEfirmaStep  *self);

/* "Validar": checks the RFC typed (NULL: none is typed, the certificate's
 * own is taken, as for an IDSE certificate), opens the .cer and .key with @password
 * (copied, used once, wiped; never kept), runs the local checks and the
 * policy's. On success the procedure is at the validated step and the open
 * e.firma stays in memory (never on disk) for the signatures that follow.
 * Warnings (unencrypted key, SAT test certificate, expires soon) are in
 * the report either way. */
void               vnt_efirma_step_validate_async   (VntEfirmaStep       *self,
                                                     const char          *rfc,
                                                     const char          *cer_path,
                                                     const char          *key_path,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           vnt_efirma_step_validate_finish  (VntEfirmaStep       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* After a resume past the validated step: reopens the saved .cer/.key
 * with @password (wiped after use). VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE
 * when the files are no longer the e.firma the trámite began with. The
 * step does not change. */
void               vnt_efirma_step_unlock_async     (VntEfirmaStep       *self,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           vnt_efirma_step_unlock_finish    (VntEfirmaStep       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

const char        *vnt_efirma_step_get_rfc          (VntEfirmaStep *self);
/* The RFC the e.firma must have, known before "Validar" (the patrón's,
 * typed in an earlier form): the page shows it, the practice e.firma of
 * that RFC is offered. Refused once past the validated step. */
gboolean           vnt_efirma_step_set_rfc          (VntEfirmaStep  *self,
                                                     const char     *rfc,
                                                     GError        **error);
const char        *vnt_efirma_step_get_certificate_path (VntEfirmaStep *self);
const char        *vnt_efirma_step_get_key_path     (VntEfirmaStep *self);
const char        *vnt_efirma_step_get_certificate_number (VntEfirmaStep *self);
/* The holder's name in the certificate. */
const char        *vnt_efirma_step_get_name         (VntEfirmaStep *self);
/* The last local check (NULL before "Validar"), with every problem. */
VntCheckReport    *vnt_efirma_step_get_check_report (VntEfirmaStep *self);
/* The certificate once validated (or as saved, when resumed). */
VntCertificate    *vnt_efirma_step_get_certificate  (VntEfirmaStep *self);
/* The open e.firma (in the procedure's credential set), or NULL. */
VntCredential     *vnt_efirma_step_get_credential   (VntEfirmaStep *self);
/* The procedure is past @validated_step, not done, and the e.firma is not
 * open (resumed): unlock it first. */
gboolean           vnt_efirma_step_get_needs_credential (VntEfirmaStep *self);
/* The open e.firma before a step that signs; when it is not open, NULL and
 * @task failed with VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL and @message (how
 * to open it again; NULL: type its password again). */
VntCredential         *vnt_efirma_step_require_credential (VntEfirmaStep *self,
                                                           GTask         *task,
                                                           const char    *message);
/* Whether the procedure reached the validated step (the e.firma passed
 * "Validar" once; it may need unlocking since). */
gboolean           vnt_efirma_step_get_validated    (VntEfirmaStep *self);

/* Takes @other's CURP, RFC, files, certificate and open e.firma (another
 * procedure's, e.g. an actualización that found no account), and moves
 * this procedure to the validated step (or the ask step when @other's
 * e.firma is not open). */
void               vnt_efirma_step_adopt            (VntEfirmaStep *self,
                                                     VntEfirmaStep *other);

G_END_DECLS
