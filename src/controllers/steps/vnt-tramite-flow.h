/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The service trámite composed into a procedure (docs/protocol.md §6.4):
 * start (POST /v1/tramites, the service's review) → the carta the trámite
 * requires, of any id, or none → finalize, whose acuse is verified and kept
 * as JSON and PDF ("Mis acuses"). Requests are signed with @signer's open
 * e.firma, with its CURP and RFC. Every request that changes something
 * saves its Idempotency-Key before it leaves, so a retry after a crash
 * gets the same trámite or acuse.
 *
 * Steps: start moves the procedure to VNT_TRAMITE_STEP_REVIEW, the carta
 * to VNT_TRAMITE_STEP_TERMS (when the procedure declares it), finalize
 * through VNT_TRAMITE_STEP_FINALIZING to its last step.
 *
 * Signal "started": the service started the trámite (the record is not
 * saved yet); what only the request needed can be forgotten. */

#include "controllers/steps/vnt-efirma-step.h"
#include "controllers/steps/vnt-keygen-step.h"
#include "controllers/vnt-procedure.h"
#include "net/vnt-service-tramite.h"

G_BEGIN_DECLS

#define VNT_TRAMITE_STEP_REVIEW     "review"
#define VNT_TRAMITE_STEP_TERMS      "terms"
#define VNT_TRAMITE_STEP_FINALIZING "finalizing"
#define VNT_TRAMITE_STEP_DONE       "done"

/* The steps of an account's procedure: the applicant's CURP and e.firma,
 * then the trámite with its carta (VntProcedureClass.steps). */
extern const char * const vnt_tramite_flow_account_steps[];

#define VNT_TYPE_TRAMITE_FLOW (vnt_tramite_flow_get_type ())
G_DECLARE_FINAL_TYPE (VntTramiteFlow, vnt_tramite_flow, VNT, TRAMITE_FLOW, GObject)

/* The flow is composed into @procedure, which owns it (not referenced);
 * @signer is its applicant's e.firma step. @legacy_terms_id: the carta of
 * a trámite saved before the service listed its requirements (NULL: none). */
VntTramiteFlow    *vnt_tramite_flow_new            (VntProcedure   *procedure,
                                                    VntEfirmaStep  *signer,
                                                    const char     *legacy_terms_id);

/* POST /v1/tramites for the procedure with @data (curp and rfc are
 * added). Not an operation of its own: call it inside one. On success the
 * step becomes review. VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL when the
 * signer's e.firma is not open. */
void               vnt_tramite_flow_start_async    (VntTramiteFlow      *self,
                                                    JsonObject          *data,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
VntServiceTramite *vnt_tramite_flow_start_finish   (VntTramiteFlow      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* A new certificate's trámite starts with vnt_tramite_flow_send_with_request(). */

/* "Send": an operation of the procedure that starts the trámite, and then
 * what follows it, an operation of its own. */
typedef enum {
  VNT_TRAMITE_SEND_THEN_TERMS,    /* its carta: the result is TRUE (g_task_propagate_boolean()) */
  VNT_TRAMITE_SEND_THEN_FINALIZE, /* no carta: the acuse (g_task_propagate_pointer(), a VntAcuseInfo) */
} VntTramiteSendThen;

/* The task whose result @callback gets (source object the procedure,
 * @source_tag), and the operation to start the trámite in: end it with
 * vnt_tramite_flow_send() or as any other (vnt_procedure_task_fail()).
 * NULL when there is nothing to start (resumed past the start: only what
 * follows runs) or another operation runs (the callback says so). */
GTask             *vnt_tramite_flow_send_task_new  (VntTramiteFlow      *self,
                                                    VntTramiteSendThen   then,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data,
                                                    gpointer             source_tag);
/* Starts the trámite with @data as the whole of @operation (an operation
 * of the procedure; taken), which ends once the record is saved, or with
 * the error. */
void               vnt_tramite_flow_send           (VntTramiteFlow      *self,
                                                    GTask               *operation,
                                                    JsonObject          *data);
/* The same, with a PKCS#10 request for @keygen's open key added to @data
 * ("csr"; vnt_keygen_step_build_request_async() with @unique_identifier,
 * @serial_number and @email): a new certificate's trámite. */
void               vnt_tramite_flow_send_with_request (VntTramiteFlow   *self,
                                                       GTask            *operation,
                                                       VntKeygenStep    *keygen,
                                                       JsonObject       *data,
                                                       const char       *unique_identifier,
                                                       const char       *serial_number,
                                                       const char       *email);
/* The service's trámite once started; NULL before. */
VntServiceTramite *vnt_tramite_flow_get_tramite    (VntTramiteFlow *self);
const char        *vnt_tramite_flow_get_folio      (VntTramiteFlow *self);
/* Started and not yet finalizing: at the review or the carta, where the
 * service's answer stands (e.g. after a resume). */
gboolean           vnt_tramite_flow_get_in_review (VntTramiteFlow *self);
/* Whether finalize needs a carta accepted. */
gboolean           vnt_tramite_flow_get_has_terms  (VntTramiteFlow *self);

/* Loads the carta the finalize accepts (review → terms); kept in the
 * record. An operation. */
void               vnt_tramite_flow_fetch_terms_async  (VntTramiteFlow      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
VntCarta          *vnt_tramite_flow_fetch_terms_finish (VntTramiteFlow      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* NULL before it was loaded. */
VntCarta          *vnt_tramite_flow_get_terms      (VntTramiteFlow *self);

/* Finalizes (→ done): accepts the carta (if any) signing with the e.firma,
 * verifies the service's acuse, keeps it as JSON and PDF and marks the
 * trámite finalized. On a trámite already done it sends nothing and
 * returns the kept acuse (read off the main thread). An operation. */
void               vnt_tramite_flow_finalize_async  (VntTramiteFlow      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
VntAcuseInfo      *vnt_tramite_flow_finalize_finish (VntTramiteFlow      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Done only: the kept acuse (with its JSON and PDF paths). */
VntAcuseInfo      *vnt_tramite_flow_get_acuse      (VntTramiteFlow *self);
/* A string @member of the kept acuse's "data" (what the service issued:
 * "serial", "npie", "deadline"…), or NULL. */
const char        *vnt_tramite_flow_get_acuse_string (VntTramiteFlow *self,
                                                      const char     *member);

G_END_DECLS
