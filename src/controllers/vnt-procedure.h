/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The base of every procedure controller, and no more than what all of
 * them share: the trámite record saved after each step (so a procedure
 * resumes after a crash), "busy" and "error", saving before an operation
 * reports success, Idempotency-Keys (in the record), and the steps, which
 * each subclass declares. What procedures share beyond that is composed
 * in (see vnt-procedure-facets.h): an e.firma step under a policy
 * (VntEfirmaStep), the open e.firmas by role (in memory only), the
 * service trámite (VntTramiteFlow); the base holds those steps
 * (vnt_procedure_add_part()). The base knows no subclass; which class runs
 * which procedure id is the registry's business.
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
  VNT_PROCEDURE_ERROR_PERSONA_FISICA,        /* "persona-fisica": a person's e.firma where the company's goes */
  VNT_PROCEDURE_ERROR_REPRESENTATIVE_MISMATCH, /* "representative-mismatch": the company's representative is someone else */
  VNT_PROCEDURE_ERROR_NOTHING_SELECTED,      /* "nothing-selected": a choice is required */
  VNT_PROCEDURE_ERROR_CERTIFICATE_NOT_NEWER, /* "certificate-not-newer": the account's e.firma is newer */
  VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH,     /* "password-mismatch": a new password and its confirmation differ */
  VNT_PROCEDURE_ERROR_WEAK_PASSWORD,         /* "weak-password": a new key's password is easy to guess */
} VntProcedureError;

GQuark      vnt_procedure_error_quark          (void);

#define VNT_TYPE_PROCEDURE (vnt_procedure_get_type ())
G_DECLARE_DERIVABLE_TYPE (VntProcedure, vnt_procedure, VNT, PROCEDURE, GObject)

struct _VntProcedureClass
{
  GObjectClass parent_class;

  /* The protocol's procedure id; set in class_init. */
  const char         *procedure_id;
  /* The steps reached, in order, NULL-terminated; set in class_init. A
   * new trámite is at the first; the last means concluded (its acuse is
   * kept). The names are what the record saves, so keep them stable. */
  const char * const *steps;
  /* Set in class_init for a procedure done wholly on this computer (SAT's
   * Certifica: requests, renewals): it needs no service ("client" may be
   * NULL) and its record is never written to the store. There is nothing
   * to resume: passwords are never kept, and the files it writes are the
   * result. */
  gboolean            local_only;

  gpointer padding[7];
};

/* Properties (read-only unless said, notified on change):
 *   "client"        VntServiceClient (construct-only; NULL only for a
 *                   local_only class)
 *   "store"         VntTramiteStore (construct-only)
 *   "record"        VntTramite (construct-only; NULL: a new one)
 *   "step"          string: the step reached, one of the class's steps
 *   "busy"          gboolean: an operation is running (show the spinner)
 *   "error"         GError (G_TYPE_ERROR): the last operation's, or NULL
 *   "practice"      gboolean, read-write: the service is the practice
 *                   sandbox, so SAT's test e.firmas pass the local checks
 *                   even when expired (as the sandbox accepts them) */

/* A new trámite's controller of @type (@store NULL: a store of its own). */
VntProcedure      *vnt_procedure_new               (GType             type,
                                                    VntServiceClient *client,
                                                    VntTramiteStore  *store);
/* A controller of @type for the saved @record, its state restored.
 * VNT_PROCEDURE_ERROR_FAILED when @record is of another procedure. */
VntProcedure      *vnt_procedure_resume            (GType             type,
                                                    VntServiceClient *client,
                                                    VntTramiteStore  *store,
                                                    VntTramite       *record,
                                                    GError          **error);

const char        *vnt_procedure_get_procedure_id  (VntProcedure     *self);
VntServiceClient  *vnt_procedure_get_client        (VntProcedure     *self);
VntTramiteStore   *vnt_procedure_get_store         (VntProcedure     *self);
VntTramite        *vnt_procedure_get_record        (VntProcedure     *self);
/* The e.firma open for @role (borrowed; in memory only, never saved), or
 * NULL. */
VntCredential     *vnt_procedure_get_credential (VntProcedure *self,
                                                 const char   *role);
/* @credential NULL forgets @role's. */
void               vnt_procedure_put_credential (VntProcedure  *self,
                                                 const char    *role,
                                                 VntCredential *credential);
const char        *vnt_procedure_get_step          (VntProcedure     *self);
/* Whether the step reached is @step or a later one. FALSE (and a critical
 * warning) for a step the class does not declare. */
gboolean           vnt_procedure_has_reached       (VntProcedure     *self,
                                                    const char       *step);
/* Whether @step is one of the class's steps. */
gboolean           vnt_procedure_declares_step     (VntProcedure     *self,
                                                    const char       *step);
/* At the last step: concluded, its acuse kept. */
gboolean           vnt_procedure_get_done          (VntProcedure     *self);
gboolean           vnt_procedure_get_busy          (VntProcedure     *self);
const GError      *vnt_procedure_get_error         (VntProcedure     *self);
gboolean           vnt_procedure_get_practice      (VntProcedure     *self);
void               vnt_procedure_set_practice      (VntProcedure     *self,
                                                    gboolean          practice);
/* The authorities the local checks trust (NULL: the bundled ones); in
 * practice mode also the practice CA (vnt_practice_get_trust_store()). */
void               vnt_procedure_set_trust_store   (VntProcedure     *self,
                                                    VntTrustStore    *trust);
VntTrustStore     *vnt_procedure_get_trust_store   (VntProcedure     *self);

/* Forgets every e.firma held in memory (e.g. when the window closes). */
void               vnt_procedure_forget_credentials (VntProcedure    *self);

/* ---- For subclasses and the pieces composed into them ---- */

/* Marks the start and end of an operation ("busy", "error"). begin fails
 * with VNT_PROCEDURE_ERROR_BUSY when one runs. end takes @error (nullable). */
gboolean           vnt_procedure_begin_operation   (VntProcedure     *self,
                                                    GError          **error);
void               vnt_procedure_end_operation     (VntProcedure     *self,
                                                    const GError     *error);
void               vnt_procedure_set_step          (VntProcedure     *self,
                                                    const char       *step);
/* Sets "error" without an operation (a background save failed). */
void               vnt_procedure_set_error         (VntProcedure     *self,
                                                    const GError     *error);
/* Saves the record in the background (ordered; failures are logged and
 * kept as "error"). Nothing is written for a local_only class. */
void               vnt_procedure_save              (VntProcedure     *self);

/* Composes @part (a step: VntEfirmaStep, VntTramiteFlow, VntKeygenStep,
 * VntPfxStep) into @self, which owns it (taken) until disposed. The
 * facets find a class's steps here (the first of each type: add the
 * applicant's e.firma first). */
void               vnt_procedure_add_part          (VntProcedure     *self,
                                                    gpointer          part);
/* The first part of @type added, or NULL. */
gpointer           vnt_procedure_get_part          (VntProcedure     *self,
                                                    GType             type);

G_END_DECLS
