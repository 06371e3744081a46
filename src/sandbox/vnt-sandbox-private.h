/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the sandbox's facets share: vnt-sandbox.c routes requests and
 * answers them (responses, JSON, idempotency); vnt-sandbox-proof.c checks
 * the proof of possession; vnt-sandbox-tramites.c holds the trámites' life
 * cycle (start, read, update, cancel, finalize), whatever the procedure;
 * vnt-sandbox-accounts.c, vnt-sandbox-companies.c and vnt-sandbox-idse.c
 * each hold their procedures' table entries (VntSandboxProcedure), cartas,
 * rules and effects.
 *
 * The problem `detail`s are protocol content, Spanish whatever the server's
 * locale (docs/protocol.md §4), so they are written in Spanish here. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/vnt-calendar.h"
#include "core/vnt-json.h"
#include "crypto/vnt-crypto.h"
#include "net/vnt-proof.h"
#include "sandbox/vnt-sandbox.h"

G_BEGIN_DECLS

#define DRAFT_LIFETIME (7 * 24 * 60 * 60)

struct _VntSandbox
{
  GObject             parent_instance;

  VntSandboxDb       *db;
  VntServiceIdentity *identity;
  gboolean            practice;
  gboolean            tls;
  SoupServer         *server;
  VntIdseCa          *idse_ca;
  VntPracticeCa      *practice_ca;
  VntCalendar        *calendar;
  GDate               today;  /* for tests; invalid: the real date */
  GDateTime          *certificate_time;  /* for tests; NULL: now */
  guint               header_timeout;  /* ms */
  guint               body_timeout;    /* ms */
};

/* ---- Responses and JSON (vnt-sandbox.c) ---- */

void        vnt_sandbox_send_json (SoupServerMessage *msg,
                                   guint              status,
                                   JsonBuilder       *builder);
/* A problem+json answer (docs/protocol.md §4). */
void        vnt_sandbox_send_problem   (SoupServerMessage *msg,
                                        guint              status,
                                        const char        *code,
                                        const char        *title,
                                        const char        *detail);
/* 500 `internal`; logs @error (may be NULL). */
void        vnt_sandbox_send_internal  (SoupServerMessage *msg,
                                        GError            *error);
/* 400 `bad-request`: the body is not the object the endpoint expects,
 * whose members @shape shows ("{\"revision\", \"data\"}"). */
void        vnt_sandbox_send_malformed (SoupServerMessage *msg,
                                        const char        *shape);

/* The JSON object in @body, or NULL. */
JsonObject *vnt_sandbox_parse_object   (GBytes            *body);
JsonObject *vnt_sandbox_text_to_object (const char        *text);
/* An empty object when @text is not JSON. */
JsonNode   *vnt_sandbox_text_to_node   (const char        *text);
char       *vnt_sandbox_object_to_text (JsonObject        *object);
char       *vnt_sandbox_format_unix    (gint64             t);
/* Whether a route takes @method on @path; @arg gets what its "*"s stood
 * for (for the fuzzer). */
gboolean    vnt_sandbox_route_exists   (const char        *method,
                                        const char        *path,
                                        char             **arg);

/* ---- Proof of possession (vnt-sandbox-proof.c) ---- */

typedef struct
{
  VntCertificate *certificate;
  char           *curp;
  char           *rfc;
} Applicant;

void vnt_sandbox_applicant_clear (Applicant *applicant);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Applicant, vnt_sandbox_applicant_clear)

/* What may sign: any SAT certificate, an e.firma (rule 6 of §2.4), or an
 * IDSE certificate of this service (valid; for renewal also one that
 * expired less than a year ago). */
typedef enum {
  PROOF_SAT,
  PROOF_EFIRMA,
  PROOF_IDSE,
  PROOF_IDSE_RENEW,
} ProofKind;

gboolean  vnt_sandbox_has_proof          (SoupServerMessage *msg);
/* Whether a proof of @msg held (then its answer is kept for retries). */
gboolean  vnt_sandbox_is_authenticated   (SoupServerMessage *msg);
/* Checks the proof for @procedure over @body. On failure sends the problem
 * and returns FALSE. */
gboolean  vnt_sandbox_check_proof_kind   (VntSandbox        *self,
                                          SoupServerMessage *msg,
                                          const char        *procedure,
                                          GBytes            *body,
                                          ProofKind          kind,
                                          Applicant         *applicant);
gboolean  vnt_sandbox_check_proof        (VntSandbox        *self,
                                          SoupServerMessage *msg,
                                          const char        *procedure,
                                          GBytes            *body,
                                          gboolean           require_efirma,
                                          Applicant         *applicant);
/* The proof an existing trámite's requests carry. */
ProofKind vnt_sandbox_tramite_proof_kind (VntSandboxTramite *tramite);

/* ---- Procedures and cartas ---- */

#define CONDICIONES_ID "condiciones-uso-idse"

typedef struct
{
  const char *id;
  const char *version;
  const char *title;
  const char *text;
} Carta;

/* Starts a draft of @procedure once the request's shape is checked. */
typedef void     (*VntSandboxStartFunc)  (VntSandbox        *self,
                                          SoupServerMessage *msg,
                                          GBytes            *body,
                                          const char        *procedure,
                                          JsonObject        *data);
/* "Guardar Trámite": checks the new @data of a draft signed by @applicant
 * and updates @review; FALSE, having sent the problem. */
typedef gboolean (*VntSandboxUpdateFunc) (SoupServerMessage *msg,
                                          VntSandboxTramite *tramite,
                                          JsonObject        *data,
                                          Applicant         *applicant,
                                          JsonObject        *review);
/* What a finalize's effect reads (the draft's review, the time) and fills:
 * the acuse's `data` members, its message and, when it is not "concluded",
 * the trámite's new status. */
typedef struct
{
  JsonObject  *review;
  gint64       now;
  JsonBuilder *out;
  const char  *message;
  const char  *status;
} VntSandboxAcuse;

/* Adds the review's @member, as it was reviewed, to the acuse's data. */
void vnt_sandbox_acuse_add_reviewed (VntSandboxAcuse *acuse,
                                     const char      *member);

/* A procedure's effect, in the caller's transaction. Every rule is checked
 * before anything changes: a refusal (4xx) is stored and committed like
 * any answer, so it must not leave half an effect behind. FALSE: a problem
 * was sent. */
typedef gboolean (*VntSandboxEffectFunc) (VntSandbox        *self,
                                          SoupServerMessage *msg,
                                          VntSandboxTramite *tramite,
                                          VntSandboxAcuse   *acuse);

/* Everything the service knows of one procedure; each family's file holds
 * its own (a table ended by an empty entry). */
typedef struct
{
  const char           *id;
  const char           *name;           /* as acuses and lists name it */
  const char           *folio_prefix;   /* its folios' first part: "EV-2026-000001" */
  const char           *carta;          /* what its finalize accepts; NULL: none */
  const char * const   *attachments;    /* the PDFs its finalize needs; NULL: none */
  const char           *cosigner;       /* the co-signature it needs; NULL: none */
  ProofKind             proof;          /* what signs its requests */
  const char           *draft_message;  /* NULL: the usual one */
  VntSandboxStartFunc   start;
  VntSandboxUpdateFunc  update;         /* NULL: cancel and start again */
  VntSandboxEffectFunc  effect;
} VntSandboxProcedure;

extern const VntSandboxProcedure vnt_sandbox_account_procedures[];
extern const VntSandboxProcedure vnt_sandbox_company_procedures[];
extern const VntSandboxProcedure vnt_sandbox_idse_procedures[];
extern const Carta               vnt_sandbox_account_cartas[];
extern const Carta               vnt_sandbox_idse_cartas[];

/* NULL when the service does not know @id. */
const VntSandboxProcedure *vnt_sandbox_find_procedure (const char *id);
/* Calls @func on every procedure, in the order GET /v1/ lists them. */
void                       vnt_sandbox_foreach_procedure (GFunc    func,
                                                          gpointer user_data);

/* ---- Trámites (vnt-sandbox-tramites.c) ---- */

const Carta        *vnt_sandbox_find_carta            (const char        *id);
char               *vnt_sandbox_terms_sha256          (const Carta       *carta);
/* Whether @terms (an "accept_terms" member) accept the current @carta. */
gboolean            vnt_sandbox_terms_accept_carta    (JsonObject        *terms,
                                                       const Carta       *carta);
/* What a procedure's finalize needs besides the carta (never NULL). */
const char * const *vnt_sandbox_procedure_attachments (const char        *procedure);
const char         *vnt_sandbox_procedure_cosigner    (const char        *procedure);

void                vnt_sandbox_add_tramite           (VntSandbox        *self,
                                                       JsonBuilder       *builder,
                                                       VntSandboxTramite *tramite);
/* The trámite at @folio; else sends the problem. */
VntSandboxTramite  *vnt_sandbox_find_tramite          (VntSandbox        *self,
                                                       SoupServerMessage *msg,
                                                       const char        *folio);
/* The trámite at @folio, if @applicant owns it and, with @draft_detail,
 * it is an open draft (see vnt_sandbox_check_open_draft ()); else sends
 * the problem. */
VntSandboxTramite               *vnt_sandbox_owned_tramite (VntSandbox        *self,
                                                            SoupServerMessage *msg,
                                                            const char        *folio,
                                                            const char        *procedure,
                                                            GBytes            *body,
                                                            Applicant         *applicant,
                                                            const char        *draft_detail);

/* A draft that can still change (not past its expiry): sends
 * `tramite-not-draft` with @detail otherwise. */
gboolean                         vnt_sandbox_check_open_draft (SoupServerMessage *msg,
                                                               VntSandboxTramite *tramite,
                                                               const char        *detail);

/* Adds "tramite_sha256" to @review: the digest of @data as a draft keeps
 * it (what a co-signer signs). */
void                             vnt_sandbox_add_tramite_sha256 (JsonBuilder *review,
                                                                 JsonObject  *data);
/* Inserts the draft, @review (an object still open) closed, and answers
 * 201 with it. */
gboolean                         vnt_sandbox_insert_draft (VntSandbox        *self,
                                                           SoupServerMessage *msg,
                                                           Applicant         *applicant,
                                                           const char        *procedure,
                                                           JsonObject        *data,
                                                           JsonBuilder       *review,
                                                           char             **folio);

void vnt_sandbox_handle_terms          (VntSandbox *self, SoupServerMessage *msg, const char *id);
void vnt_sandbox_handle_start_tramite  (VntSandbox *self, SoupServerMessage *msg, GBytes *body);
void vnt_sandbox_handle_read_tramite   (VntSandbox *self, SoupServerMessage *msg, const char *folio);
void vnt_sandbox_handle_read_acuse     (VntSandbox *self, SoupServerMessage *msg, const char *folio);
void vnt_sandbox_handle_list_tramites  (VntSandbox *self, SoupServerMessage *msg, GHashTable *query);
void vnt_sandbox_handle_update_tramite (VntSandbox *self, SoupServerMessage *msg, const char *folio,
                                        GBytes *body);
void vnt_sandbox_handle_cancel_tramite (VntSandbox *self, SoupServerMessage *msg, const char *folio,
                                        GBytes *body);
void vnt_sandbox_handle_finalize       (VntSandbox *self, SoupServerMessage *msg, const char *folio,
                                        GBytes *body);

/* ---- Accounts (vnt-sandbox-accounts.c) ---- */

void        vnt_sandbox_handle_account             (VntSandbox        *self,
                                                    SoupServerMessage *msg,
                                                    const char        *curp);

/* ---- Companies (vnt-sandbox-companies.c) ---- */

/* Non-empty UTF-8 of at most @max bytes, without '|' or line breaks. */
gboolean vnt_sandbox_text_is_sane      (const char        *text,
                                        gsize              max);
void     vnt_sandbox_handle_companies  (VntSandbox        *self,
                                        SoupServerMessage *msg,
                                        const char        *curp);
void     vnt_sandbox_handle_attachment (VntSandbox        *self,
                                        SoupServerMessage *msg,
                                        const char        *folio_and_kind,
                                        GBytes            *body);
void     vnt_sandbox_handle_cosign     (VntSandbox        *self,
                                        SoupServerMessage *msg,
                                        const char        *folio,
                                        GBytes            *body);

/* ---- IDSE (vnt-sandbox-idse.c) ---- */

/* Whether @certificate, an IDSE certificate of this service, may sign now
 * (for a @renewal also within a year after it expired); else sends the
 * problem. */
gboolean vnt_sandbox_check_idse_signer        (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               VntCertificate    *certificate,
                                               GDateTime         *now,
                                               gboolean           renewal);
void     vnt_sandbox_handle_idse_npie         (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               const char        *npie);
void     vnt_sandbox_handle_idse_certificate  (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               const char        *serial);
void     vnt_sandbox_handle_idse_conditions   (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               const char        *serial,
                                               GBytes            *body);
void     vnt_sandbox_handle_idse_request      (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               const char        *folio);
void     vnt_sandbox_handle_sandbox_conclude  (VntSandbox        *self,
                                               SoupServerMessage *msg,
                                               const char        *folio,
                                               GBytes            *body);

G_END_DECLS
