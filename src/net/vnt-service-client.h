/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The client of docs/protocol.md. So far: the service description, nonces,
 * the accounts lookup (plain, and with a proof of possession), cartas,
 * starting, listing, saving, cancelling and finalizing trámites, PDF
 * attachments and co-signatures (represented companies), the IDSE
 * requests, recovery and certificates, the "Carta de Condiciones de Uso"
 * after a renewal, and acuse verification.
 * Errors are VNT_NET_ERROR (or G_IO_ERROR_CANCELLED). */

#include <json-glib/json-glib.h>

#include "crypto/vnt-credential.h"
#include "net/vnt-net-error.h"

G_BEGIN_DECLS

#define VNT_SERVICE_DEFAULT_TIMEOUT 30
#define VNT_SERVICE_DEFAULT_RETRIES 3

#define VNT_TYPE_SERVICE_CLIENT (vnt_service_client_get_type ())
G_DECLARE_FINAL_TYPE (VntServiceClient, vnt_service_client, VNT, SERVICE_CLIENT, GObject)

/* @base_url is the part before "/v1/" (https://host[:port][/prefix]).
 * Plain http:// only to a loopback address, 127.0.0.0/8 or ::1, never to a
 * name such as "localhost" (VNT_NET_ERROR_INSECURE_URL). */
VntServiceClient *vnt_service_client_new                (const char        *base_url,
                                                         GError           **error);
const char       *vnt_service_client_get_base_url       (VntServiceClient  *self);
/* Trust exactly the server certificate with this SHA-256 (lowercase hex),
 * e.g. the sandbox's self-signed one, checked during the TLS handshake:
 * with another certificate nothing is sent (VNT_NET_ERROR_UNTRUSTED_SERVICE).
 * NULL: ordinary TLS verification. */
void              vnt_service_client_set_pinned_certificate (VntServiceClient *self,
                                                             const char       *sha256);
/* Seconds for each request, from the next one on (call it before any). */
void              vnt_service_client_set_timeout        (VntServiceClient  *self,
                                                         guint              seconds);
/* How many times a request that is safe to repeat is sent again after a
 * connection failure, a timeout or a 503/429 (back-off 1 s, 2 s, 4 s…). */
void              vnt_service_client_set_retries        (VntServiceClient  *self,
                                                         guint              retries);

/* GET /v1/ */
void              vnt_service_client_get_info_async     (VntServiceClient    *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
JsonObject       *vnt_service_client_get_info_finish    (VntServiceClient    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* POST /v1/nonces: a fresh single-use nonce. */
void              vnt_service_client_new_nonce_async    (VntServiceClient    *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char             *vnt_service_client_new_nonce_finish   (VntServiceClient    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* GET /v1/accounts/{curp}: whether an account exists. */
void              vnt_service_client_lookup_account_async  (VntServiceClient    *self,
                                                            const char          *curp,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean          vnt_service_client_lookup_account_finish (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            gboolean            *exists,
                                                            GError             **error);

/* The same with a proof of possession signed with @credential (procedure
 * "account.read"): the holder's account details ("name", "rfc",
 * "certificate_number", "email", "updated_at"). @curp and @rfc are what the
 * user typed. */
void              vnt_service_client_read_account_async    (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_read_account_finish   (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* GET /v1/terms/{id}: {"id", "version", "title", "text", "sha256"}. */
void              vnt_service_client_get_terms_async       (VntServiceClient    *self,
                                                            const char          *id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_get_terms_finish      (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* POST /v1/tramites, signed with @credential for @procedure
 * ("account.update", "account.create"). @idempotency_key NULL: a new one;
 * pass the same one to retry. Returns the trámite ("folio", "revision",
 * "review", …). */
void              vnt_service_client_start_tramite_async   (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *procedure,
                                                            JsonObject          *data,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_start_tramite_finish  (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* The SHA-256 (lowercase hex) of the certificate that signs this service's
 * acuses. Without it no acuse is taken as valid. */
void              vnt_service_client_set_acuse_certificate (VntServiceClient    *self,
                                                            const char          *sha256);

/* POST /v1/tramites/{folio}/finalize accepting @terms (as returned by
 * get_terms; NULL for the procedures that take no carta,
 * "representative.remove" and "idse.cancel"). Returns the acuse's
 * verified content; @acuse (nullable) gets
 * the acuse as received, to keep. VNT_NET_ERROR_ACUSE_INVALID when the
 * acuse does not verify or does not match the request. */
void              vnt_service_client_finalize_async        (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *folio,
                                                            const char          *procedure,
                                                            gint64               revision,
                                                            JsonObject          *terms,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_finalize_finish       (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            JsonObject         **acuse,
                                                            GError             **error);

/* What an acuse must be for, each when not NULL: the folio, the procedure,
 * the signer's certificate number and the SHA-256 of the request body.
 * Borrowed. */
typedef struct
{
  const char *folio;
  const char *procedure;
  const char *certificate_number;
  const char *request_sha256;
} VntAcuseCheck;

/* Checks an acuse ({"payload", "signature"}) as docs/protocol.md §5.2 says:
 * signed by the configured acuse certificate, and for what @check (nullable:
 * nothing) names. Returns its decoded content. */
JsonObject       *vnt_service_client_verify_acuse (VntServiceClient    *self,
                                                   JsonObject          *acuse,
                                                   const VntAcuseCheck *check,
                                                   GError             **error);

/* GET /v1/acuses/{folio} with a proof (procedure "acuse.read"): the acuse
 * of a concluded trámite again, verified as finalize does (except the
 * request digest, which only the finalize knows). Same results as
 * vnt_service_client_finalize_finish(). */
void              vnt_service_client_read_acuse_async      (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *folio,
                                                            const char          *procedure,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_read_acuse_finish     (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            JsonObject         **acuse,
                                                            GError             **error);

/* PUT /v1/tramites/{folio}/attachments/{kind}: one PDF (e.g. kind
 * "poder-portada", "poder-ultima-hoja"), signed by the applicant (procedure
 * "tramite.attach"). Returns {"kind", "size", "sha256"}. The service
 * refuses an empty file (VNT_NET_ERROR_ATTACHMENT_EMPTY), one over 1024 KB
 * (VNT_NET_ERROR_ATTACHMENT_TOO_LARGE) and anything that is not a PDF
 * (VNT_NET_ERROR_NOT_A_PDF). */
void              vnt_service_client_upload_attachment_async  (VntServiceClient    *self,
                                                               VntCredential       *credential,
                                                               const char          *curp,
                                                               const char          *rfc,
                                                               const char          *folio,
                                                               const char          *kind,
                                                               GBytes              *pdf,
                                                               const char          *idempotency_key,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
JsonObject       *vnt_service_client_upload_attachment_finish (VntServiceClient    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* POST /v1/tramites/{folio}/signatures: a co-signer (for "company.register",
 * role "company": the company's e.firma, with @curp its representative's
 * CURP and @rfc the company's RFC) signs the draft whose digest
 * (review.tramite_sha256) it saw. Returns the trámite. */
void              vnt_service_client_cosign_async          (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *folio,
                                                            const char          *role,
                                                            const char          *tramite_sha256,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_cosign_finish         (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* GET /v1/accounts/{curp}/companies with a proof ("company.list") by the
 * representative: {"curp", "companies": [{"company_rfc", "razon_social",
 * "tipo_persona", "tipo_poder", "folio", "since"}]}, the companies that
 * "Eliminar Empresa Representada" can remove. */
void              vnt_service_client_list_companies_async  (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_list_companies_finish (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* GET /v1/idse/requests/{folio} with a proof ("tramite.read"): an IDSE
 * request after its acuse, {"folio", "status" ("pending", "issued",
 * "expired"), "deadline", "npie", "certificate"} (the last two null until
 * issued; "certificate" has "serial", "not_before", "not_after", "status",
 * "der"). */
void              vnt_service_client_get_idse_request_async   (VntServiceClient    *self,
                                                               VntCredential       *credential,
                                                               const char          *curp,
                                                               const char          *rfc,
                                                               const char          *folio,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
JsonObject       *vnt_service_client_get_idse_request_finish  (VntServiceClient    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* GET /v1/idse/npie/{npie} ("Recuperación de certificado"): {"npie", "rfc",
 * "registro_patronal", "certificates": [{"serial", "not_before",
 * "not_after", "status" ("valid", "expired", "cancelled", "renewed")}]}. */
void              vnt_service_client_recover_npie_async       (VntServiceClient    *self,
                                                               const char          *npie,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
JsonObject       *vnt_service_client_recover_npie_finish      (VntServiceClient    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* GET /v1/idse/certificates/{serial}: the issued certificate, checked to
 * be the one with that number; @info (nullable) gets the answer
 * ("status", "npie", "not_after", …). */
void              vnt_service_client_get_idse_certificate_async  (VntServiceClient    *self,
                                                                  const char          *serial,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
VntCertificate   *vnt_service_client_get_idse_certificate_finish (VntServiceClient    *self,
                                                                  GAsyncResult        *result,
                                                                  JsonObject         **info,
                                                                  GError             **error);

/* SANDBOX ONLY (practice mode): POST /v1/sandbox/idse/requests/{folio}/conclude
 * stands in for the visit to the Subdelegación: within the deadline the
 * request is concluded, the NPIE assigned and the certificate issued.
 * Returns the same as vnt_service_client_get_idse_request_finish(). A real
 * service answers `not-found`. */
void              vnt_service_client_practice_conclude_idse_async  (VntServiceClient    *self,
                                                                    const char          *folio,
                                                                    const char          *idempotency_key,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
JsonObject       *vnt_service_client_practice_conclude_idse_finish (VntServiceClient    *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

/* The IDSE rules for a new user and password, before anything is sent:
 * 8–20 letters and/or digits each, and different. */
gboolean          vnt_service_client_check_idse_credentials  (const char          *usuario,
                                                              const char          *password,
                                                              GError             **error);

/* GET /v1/tramites with a proof ("tramite.list") by the applicant: their
 * own trámites, newest first, {"tramites": [{"folio", "procedure",
 * "procedure_name", "status", "revision", "created_at", "expires_at"}]};
 * @status (nullable: all) keeps only "draft", "concluded", "pending",
 * "cancelled" or "expired" ones. */
void              vnt_service_client_list_tramites_async   (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *status,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_list_tramites_finish  (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* PUT /v1/tramites/{folio} ("Guardar Trámite"), signed for the trámite's
 * @procedure: replaces a draft's @data if it is still at @revision
 * (VNT_NET_ERROR_REVISION_CONFLICT otherwise; VNT_NET_ERROR_TRAMITE_NOT_DRAFT
 * once concluded, cancelled or expired). Returns the trámite, revision + 1. */
void              vnt_service_client_update_tramite_async  (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *folio,
                                                            const char          *procedure,
                                                            gint64               revision,
                                                            JsonObject          *data,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_update_tramite_finish (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* DELETE /v1/tramites/{folio} ("Cancelar Trámite", procedure
 * "tramite.cancel"): discards a draft; VNT_NET_ERROR_TRAMITE_NOT_DRAFT for
 * any other. Returns the trámite, "status": "cancelled". */
void              vnt_service_client_cancel_tramite_async  (VntServiceClient    *self,
                                                            VntCredential       *credential,
                                                            const char          *curp,
                                                            const char          *rfc,
                                                            const char          *folio,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonObject       *vnt_service_client_cancel_tramite_finish (VntServiceClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* POST /v1/idse/certificates/{serial}/conditions: after a renewal, the
 * new IDSE certificate itself (@credential; @curp "" and @rfc the
 * employer's, as for idse.cancel) signs the "Carta de Condiciones de Uso"
 * @terms (from get_terms "condiciones-uso-idse"), procedure
 * "idse.conditions". Returns {"serial", "terms": {"id", "version",
 * "sha256"}, "accepted_at"}; accepting again returns the first acceptance. */
void              vnt_service_client_accept_idse_conditions_async  (VntServiceClient    *self,
                                                                    VntCredential       *credential,
                                                                    const char          *curp,
                                                                    const char          *rfc,
                                                                    const char          *serial,
                                                                    JsonObject          *terms,
                                                                    const char          *idempotency_key,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
JsonObject       *vnt_service_client_accept_idse_conditions_finish (VntServiceClient    *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

G_END_DECLS
