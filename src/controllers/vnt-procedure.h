/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The base of every procedure controller: the steps of the wizard as a
 * state machine, the service client, and the trámite record that is saved
 * after each step so the procedure resumes after a crash (no password and
 * no key is ever saved: resuming past the e.firma step asks for the
 * password again, see vnt_procedure_unlock_async()).
 *
 * Every operation is _async/_finish with a GCancellable and never blocks;
 * while one runs, "busy" is TRUE and a second one is refused
 * (VNT_PROCEDURE_ERROR_BUSY). Cancelling leaves the step where it was.
 * Errors keep their domain so the UI can branch:
 *   VNT_ID_ERROR      the CURP or RFC typed is malformed;
 *   VNT_CRYPTO_ERROR  the files (wrong password, key mismatch, not-efirma,
 *                     expired, untrusted-chain, …);
 *   VNT_PROCEDURE_ERROR  below (RFC or CURP not the certificate's, …);
 *   VNT_NET_ERROR     the service (unreachable, timeout, account-not-found,
 *                     rfc-mismatch, not-efirma, acuse-invalid, …);
 *   G_IO_ERROR        G_IO_ERROR_CANCELLED, or saving failed. */

#include "core/vnt-tramite-store.h"
#include "crypto/vnt-crypto.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

#define VNT_PROCEDURE_ERROR (vnt_procedure_error_quark ())

typedef enum {
  VNT_PROCEDURE_ERROR_FAILED,                /* "failed" */
  VNT_PROCEDURE_ERROR_BUSY,                  /* "busy": another operation runs */
  VNT_PROCEDURE_ERROR_WRONG_STEP,            /* "wrong-step": not possible at this step */
  VNT_PROCEDURE_ERROR_RFC_MISMATCH,          /* "rfc-mismatch": typed RFC is not the certificate's */
  VNT_PROCEDURE_ERROR_CURP_MISMATCH,         /* "curp-mismatch": typed CURP is not the certificate's */
  VNT_PROCEDURE_ERROR_PERSONA_MORAL,         /* "persona-moral": a company's e.firma where a person signs */
  VNT_PROCEDURE_ERROR_CHECK_FAILED,          /* "check-failed": another local check failed (see the report) */
  VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE, /* "different-certificate": not the e.firma the trámite began with */
  VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,      /* "needs-credential": resumed; unlock the e.firma first */
  VNT_PROCEDURE_ERROR_INVALID_EMAIL,         /* "invalid-email" */
  VNT_PROCEDURE_ERROR_INVALID_PHONE,         /* "invalid-phone": not 10 digits */
} VntProcedureError;

GQuark      vnt_procedure_error_quark          (void);
const char *vnt_procedure_error_code_to_string (VntProcedureError code);

/* The steps reached, in order. Actualización de la e.firma:
 *   CURP →(Siguiente) EFIRMA →(Validar) VALIDATED →(Firmar) REVIEW
 *   →(Guardar Trámite) TERMS →(Finalizar Trámite, Aceptar) FINALIZING → DONE
 * Crear cuenta:
 *   CURP →(Siguiente) EFIRMA →(Verificar) VALIDATED →(Autenticar) REVIEW
 *   →(carta loaded) TERMS →(carta accepted, signed) FINALIZING → DONE
 * FINALIZING is only seen after a crash in the middle of a finalize:
 * finalizing again repeats the same request and gets the same acuse. */
typedef enum {
  VNT_PROCEDURE_STEP_CURP,        /* "curp" */
  VNT_PROCEDURE_STEP_EFIRMA,      /* "efirma" */
  VNT_PROCEDURE_STEP_VALIDATED,   /* "validated" */
  VNT_PROCEDURE_STEP_REVIEW,      /* "review" */
  VNT_PROCEDURE_STEP_TERMS,       /* "terms" */
  VNT_PROCEDURE_STEP_FINALIZING,  /* "finalizing" */
  VNT_PROCEDURE_STEP_DONE,        /* "done" */
} VntProcedureStep;

const char       *vnt_procedure_step_to_string   (VntProcedureStep  step);
/* VNT_PROCEDURE_STEP_CURP for anything unknown. */
VntProcedureStep  vnt_procedure_step_from_string (const char       *text);

#define VNT_TYPE_PROCEDURE (vnt_procedure_get_type ())
G_DECLARE_DERIVABLE_TYPE (VntProcedure, vnt_procedure, VNT, PROCEDURE, GObject)

struct _VntProcedureClass
{
  GObjectClass parent_class;

  /* The protocol's procedure id ("account.update"); set in class_init. */
  const char *procedure_id;

  /* Translated name ("Actualización de la e.firma"). */
  const char *(*get_name)      (VntProcedure *self);
  /* The step after the service answered @tramite (start_tramite): store
   * what the subclass needs from it. Optional. */
  void        (*review_loaded) (VntProcedure *self,
                                JsonObject   *tramite);

  gpointer padding[8];
};

/* Properties (read-only unless said, notified on change):
 *   "client"        VntServiceClient (construct-only)
 *   "store"         VntTramiteStore (construct-only)
 *   "record"        VntTramite (construct-only; NULL: a new one)
 *   "step"          VntProcedureStep as guint
 *   "busy"          gboolean: an operation is running (show the spinner)
 *   "error"         GError (G_TYPE_ERROR): the last operation's, or NULL
 *   "practice"      gboolean, read-write: the service is the practice
 *                   sandbox, so SAT's test e.firmas pass the local checks
 *                   even when expired (as the sandbox accepts them)
 *   "needs-credential" gboolean: the step is past the e.firma but the
 *                   e.firma is not open (resumed): unlock it first */

/* Picks the controller for @record's procedure and restores its state.
 * VNT_PROCEDURE_ERROR_FAILED for an unknown procedure. */
VntProcedure      *vnt_procedure_resume            (VntServiceClient *client,
                                                    VntTramiteStore  *store,
                                                    VntTramite       *record,
                                                    GError          **error);

const char        *vnt_procedure_get_procedure_id  (VntProcedure     *self);
const char        *vnt_procedure_get_name          (VntProcedure     *self);
VntServiceClient  *vnt_procedure_get_client        (VntProcedure     *self);
VntTramiteStore   *vnt_procedure_get_store         (VntProcedure     *self);
VntTramite        *vnt_procedure_get_record        (VntProcedure     *self);
VntProcedureStep   vnt_procedure_get_step          (VntProcedure     *self);
gboolean           vnt_procedure_get_busy          (VntProcedure     *self);
const GError      *vnt_procedure_get_error         (VntProcedure     *self);
gboolean           vnt_procedure_get_practice      (VntProcedure     *self);
void               vnt_procedure_set_practice      (VntProcedure     *self,
                                                    gboolean          practice);
gboolean           vnt_procedure_get_needs_credential (VntProcedure  *self);

/* Step CURP ("Siguiente"): normalises and validates (VNT_ID_ERROR), then
 * the step becomes EFIRMA and the record is saved (in the background).
 * Allowed at CURP and EFIRMA (going back); a new CURP forgets the e.firma. */
gboolean           vnt_procedure_set_curp          (VntProcedure     *self,
                                                    const char       *curp,
                                                    GError          **error);
const char        *vnt_procedure_get_curp          (VntProcedure     *self);

/* Step EFIRMA ("Validar" / "Verificar"): checks the RFC typed, opens the
 * .cer and .key with @password (copied, used once, wiped; never kept),
 * runs the local checks (dates, e.firma not CSD, chain, key proof) and
 * compares the RFC and CURP typed with the certificate's. On success the
 * step becomes VALIDATED; the open e.firma stays in memory (never on disk)
 * for the signatures that follow. Warnings (unencrypted key, SAT test
 * certificate, expires soon) are in the report either way. */
void               vnt_procedure_validate_async    (VntProcedure     *self,
                                                    const char       *rfc,
                                                    const char       *cer_path,
                                                    const char       *key_path,
                                                    const char       *password,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean           vnt_procedure_validate_finish   (VntProcedure     *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
const char        *vnt_procedure_get_rfc           (VntProcedure     *self);
const char        *vnt_procedure_get_certificate_path (VntProcedure  *self);
const char        *vnt_procedure_get_key_path      (VntProcedure     *self);
/* The last local check (NULL before "Validar"), with every problem. */
VntCheckReport    *vnt_procedure_get_check_report  (VntProcedure     *self);
/* The e.firma's certificate once validated (or as saved, when resumed). */
VntCertificate    *vnt_procedure_get_certificate   (VntProcedure     *self);

/* After a resume past the e.firma step: reopens the saved .cer/.key with
 * @password (wiped after use). VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE
 * when the files are no longer the e.firma the trámite began with. The
 * step does not change. */
void               vnt_procedure_unlock_async      (VntProcedure     *self,
                                                    const char       *password,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean           vnt_procedure_unlock_finish     (VntProcedure     *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* The service's trámite once started (REVIEW and later). */
const char        *vnt_procedure_get_folio         (VntProcedure     *self);
/* The service's "review": name, curp, rfc, certificate_number, and for an
 * actualización previous_certificate_number. Borrowed; NULL before. */
JsonObject        *vnt_procedure_get_review        (VntProcedure     *self);
/* The service's sentence for the step ("Se detectó que el número de serie
 * de su firma digital fue modificado."), or NULL. */
const char        *vnt_procedure_get_message       (VntProcedure     *self);

/* Loads the carta de términos y condiciones the finalize accepts
 * (REVIEW → TERMS). Returns it ({"id", "version", "title", "text",
 * "sha256"}, also kept in the record). */
void               vnt_procedure_fetch_terms_async  (VntProcedure    *self,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
JsonObject        *vnt_procedure_fetch_terms_finish (VntProcedure    *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);
/* Borrowed; NULL before TERMS. */
JsonObject        *vnt_procedure_get_terms         (VntProcedure     *self);

/* Finalizes (TERMS or FINALIZING → DONE): accepts the carta signing with
 * the e.firma, verifies the service's acuse, keeps it as JSON and PDF and
 * marks the trámite finalized. The Idempotency-Key is saved before the
 * request, so a retry after a crash gets the same acuse. On a trámite
 * already DONE it sends nothing and returns the kept acuse. */
void               vnt_procedure_finalize_async    (VntProcedure     *self,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VntAcuseInfo      *vnt_procedure_finalize_finish   (VntProcedure     *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
/* DONE only: the kept acuse (with its JSON and PDF paths). */
VntAcuseInfo      *vnt_procedure_get_acuse         (VntProcedure     *self);

/* Forgets the e.firma held in memory (e.g. when the window closes). */
void               vnt_procedure_forget_credential (VntProcedure     *self);

/* ---- For subclasses ---- */

/* The open e.firma, or NULL. */
VntCredential     *vnt_procedure_get_credential    (VntProcedure     *self);
/* POST /v1/tramites for the class's procedure with @data (curp and rfc
 * are added), saving the Idempotency-Key first; on success the step
 * becomes REVIEW. Returns the service's trámite. */
void               vnt_procedure_start_tramite_async  (VntProcedure  *self,
                                                       JsonObject    *data,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
JsonObject        *vnt_procedure_start_tramite_finish (VntProcedure  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* Marks the start and end of an operation ("busy", "error"). begin fails
 * with VNT_PROCEDURE_ERROR_BUSY when one runs. end takes @error (nullable). */
gboolean           vnt_procedure_begin_operation   (VntProcedure     *self,
                                                    GError          **error);
void               vnt_procedure_end_operation     (VntProcedure     *self,
                                                    const GError     *error);
void               vnt_procedure_set_step          (VntProcedure     *self,
                                                    VntProcedureStep  step);
/* Saves the record in the background (ordered; failures are logged and
 * kept as "error"). */
void               vnt_procedure_save              (VntProcedure     *self);

G_END_DECLS
