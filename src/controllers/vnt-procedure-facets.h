/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The small interfaces a procedure's pages talk to, so that a page never
 * asks which controller it serves. A controller implements those that
 * fit it (the steps' getters default to the procedure's parts,
 * vnt_procedure_add_part()):
 *   VntHasEfirma   it asks for the applicant's e.firma (VntEfirmaStep),
 *                  and may do something when the person goes on from it
 *                  ("Firmar" in the actualización);
 *   VntHasTramite  it runs a service trámite (VntTramiteFlow): its carta,
 *                  finalize, acuse;
 *   VntHasReview   it shows what the service found, as rows of title and
 *                  value;
 *   VntHasContact  it asks for an e-mail and a phone and sends them;
 *   VntHasKeygen   it generates a new private key (VntKeygenStep);
 *   VntHasPfx      it saves an IDSE certificate and its key as a `.pfx`
 *                  (VntPfxStep). */

#include "controllers/steps/vnt-efirma-step.h"
#include "controllers/steps/vnt-keygen-step.h"
#include "controllers/steps/vnt-pfx-step.h"
#include "controllers/steps/vnt-tramite-flow.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */

typedef enum {
  VNT_EFIRMA_OUTCOME_ERROR,         /* the GError says why */
  VNT_EFIRMA_OUTCOME_GO_ON,         /* to the next page */
  VNT_EFIRMA_OUTCOME_NOTHING_TO_DO, /* the service says there is nothing to do: stay, say why */
  VNT_EFIRMA_OUTCOME_NO_ACCOUNT,    /* no account for this CURP: offer to create it */
  VNT_EFIRMA_OUTCOME_ACCOUNT_EXISTS, /* the CURP has an account already: offer to update it */
} VntEfirmaOutcome;

/* What a procedure needs of the Escritorio Virtual account of the CURP
 * typed, known before any e.firma (the service's plain lookup). */
typedef enum {
  VNT_ACCOUNT_RULE_ANY,      /* either way */
  VNT_ACCOUNT_RULE_REQUIRED, /* it works on the account: there must be one */
  VNT_ACCOUNT_RULE_ABSENT,   /* it creates the account: there must be none */
} VntAccountRule;

#define VNT_TYPE_HAS_EFIRMA (vnt_has_efirma_get_type ())
G_DECLARE_INTERFACE (VntHasEfirma, vnt_has_efirma, VNT, HAS_EFIRMA, VntProcedure)

struct _VntHasEfirmaInterface
{
  GTypeInterface g_iface;

  VntEfirmaStep   *(*get_efirma_step) (VntHasEfirma        *self);
  /* Optional: the e.firma page's forward button after "Validar". Without
   * it the page is done at once. proceed_finish may be left NULL when
   * proceed_async's GTask returns the outcome with g_task_return_int(). */
  void             (*proceed_async)   (VntHasEfirma        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  VntEfirmaOutcome (*proceed_finish)  (VntHasEfirma        *self,
                                       GAsyncResult        *result,
                                       GError             **error);
  /* Optional: the service's sentence for NOTHING_TO_DO / NO_ACCOUNT. */
  const char      *(*get_outcome_message) (VntHasEfirma    *self);
  /* What it needs of the CURP's account (VNT_ACCOUNT_RULE_ANY unless set). */
  VntAccountRule account_rule;
};

VntEfirmaStep    *vnt_has_efirma_get_efirma_step (VntHasEfirma        *self);
void              vnt_has_efirma_proceed_async   (VntHasEfirma        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
VntEfirmaOutcome  vnt_has_efirma_proceed_finish  (VntHasEfirma        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
const char       *vnt_has_efirma_get_outcome_message (VntHasEfirma    *self);
VntAccountRule    vnt_has_efirma_get_account_rule    (VntHasEfirma    *self);
/* Right after the CURP, before any e.firma: asks the service whether
 * @curp (valid, normalised) has an account, under the procedure's rule:
 * GO_ON, NO_ACCOUNT or ACCOUNT_EXISTS. A service that cannot be asked now
 * gives GO_ON (the steps after say what is wrong); cancelling gives
 * G_IO_ERROR_CANCELLED. */
void              vnt_has_efirma_check_account_async  (VntHasEfirma        *self,
                                                       const char          *curp,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
VntEfirmaOutcome  vnt_has_efirma_check_account_finish (VntHasEfirma        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* ------------------------------------------------------------------ */

#define VNT_TYPE_HAS_TRAMITE (vnt_has_tramite_get_type ())
G_DECLARE_INTERFACE (VntHasTramite, vnt_has_tramite, VNT, HAS_TRAMITE, VntProcedure)

struct _VntHasTramiteInterface
{
  GTypeInterface g_iface;

  VntTramiteFlow *(*get_tramite_flow) (VntHasTramite *self);
};

VntTramiteFlow *vnt_has_tramite_get_tramite_flow (VntHasTramite *self);

/* ------------------------------------------------------------------ */

/* One row of a review: @name identifies it ("previous_certificate_number"),
 * @title is translated ("Número de certificado anterior"). */
typedef struct {
  char *name;
  char *title;
  char *value;
} VntReviewRow;

VntReviewRow *vnt_review_row_new  (const char   *name,
                                   const char   *title,
                                   const char   *value);
void          vnt_review_row_free (VntReviewRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntReviewRow, vnt_review_row_free)

#define VNT_TYPE_HAS_REVIEW (vnt_has_review_get_type ())
G_DECLARE_INTERFACE (VntHasReview, vnt_has_review, VNT, HAS_REVIEW, VntProcedure)

struct _VntHasReviewInterface
{
  GTypeInterface g_iface;

  /* Element type VntReviewRow, in order; empty before the service answered. */
  GPtrArray  *(*get_review_rows)    (VntHasReview *self);
  /* The service's sentence over the rows, or NULL. Optional: without it,
   * a VntHasTramite's trámite gives its message. */
  const char *(*get_review_message) (VntHasReview *self);
};

GPtrArray  *vnt_has_review_get_review_rows    (VntHasReview *self);
const char *vnt_has_review_get_review_message (VntHasReview *self);
/* For implementations: appends a row unless @value is NULL or empty. */
void        vnt_review_rows_add               (GPtrArray    *rows,
                                               const char   *name,
                                               const char   *title,
                                               const char   *value);

/* ------------------------------------------------------------------ */

#define VNT_TYPE_HAS_CONTACT (vnt_has_contact_get_type ())
G_DECLARE_INTERFACE (VntHasContact, vnt_has_contact, VNT, HAS_CONTACT, VntProcedure)

struct _VntHasContactInterface
{
  GTypeInterface g_iface;

  const char *(*get_email)     (VntHasContact        *self);
  gboolean    (*set_email)     (VntHasContact        *self,
                                const char           *email,
                                GError              **error);
  const char *(*get_phone)     (VntHasContact        *self);
  gboolean    (*set_phone)     (VntHasContact        *self,
                                const char           *phone,
                                GError              **error);
  /* Sends them (with the e.firma): the contact page's forward button. */
  void        (*submit_async)  (VntHasContact        *self,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  gboolean    (*submit_finish) (VntHasContact        *self,
                                GAsyncResult         *result,
                                GError              **error);
};

const char *vnt_has_contact_get_email     (VntHasContact        *self);
gboolean    vnt_has_contact_set_email     (VntHasContact        *self,
                                           const char           *email,
                                           GError              **error);
const char *vnt_has_contact_get_phone     (VntHasContact        *self);
gboolean    vnt_has_contact_set_phone     (VntHasContact        *self,
                                           const char           *phone,
                                           GError              **error);
void        vnt_has_contact_submit_async  (VntHasContact        *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    vnt_has_contact_submit_finish (VntHasContact        *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Deliberately loose: one @, something on both sides, a dot in the
 * domain, no spaces, at most 254 bytes, valid UTF-8 (or, with
 * @ascii_only, ASCII). The service has the last word. */
gboolean    vnt_email_is_plausible (const char *email,
                                    gboolean    ascii_only);

/* ------------------------------------------------------------------ */

#define VNT_TYPE_HAS_KEYGEN (vnt_has_keygen_get_type ())
G_DECLARE_INTERFACE (VntHasKeygen, vnt_has_keygen, VNT, HAS_KEYGEN, VntProcedure)

struct _VntHasKeygenInterface
{
  GTypeInterface g_iface;

  VntKeygenStep *(*get_keygen_step)   (VntHasKeygen *self);
  /* Optional: the file name to suggest for the new key (SAT's style,
   * vnt_keygen_step_suggest_file_name()); "llave.key" without it. */
  char          *(*suggest_file_name) (VntHasKeygen *self);
};

VntKeygenStep *vnt_has_keygen_get_keygen_step   (VntHasKeygen *self);
char          *vnt_has_keygen_suggest_file_name (VntHasKeygen *self);

/* ------------------------------------------------------------------ */

#define VNT_TYPE_HAS_PFX (vnt_has_pfx_get_type ())
G_DECLARE_INTERFACE (VntHasPfx, vnt_has_pfx, VNT, HAS_PFX, VntProcedure)

struct _VntHasPfxInterface
{
  GTypeInterface g_iface;

  VntPfxStep *(*get_pfx_step)   (VntHasPfx           *self);
  /* Optional: what fills the step when the `.pfx` page shows and the
   * step is empty (the renewal fetches its new certificate and checks it
   * against the new key). Without it the step was filled before. */
  void        (*prepare_async)  (VntHasPfx           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
  gboolean    (*prepare_finish) (VntHasPfx           *self,
                                 GAsyncResult        *result,
                                 GError             **error);
};

VntPfxStep *vnt_has_pfx_get_pfx_step   (VntHasPfx           *self);
gboolean    vnt_has_pfx_can_prepare    (VntHasPfx           *self);
void        vnt_has_pfx_prepare_async  (VntHasPfx           *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    vnt_has_pfx_prepare_finish (VntHasPfx           *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
