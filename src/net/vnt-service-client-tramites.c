/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trámites (docs/protocol.md §6.4, /v1/tramites): starting one, listing
 * the applicant's, saving ("Guardar Trámite") and cancelling ("Cancelar
 * Trámite") a draft, its PDF attachments and co-signatures (§7.3).
 * Finalizing, which answers with an acuse, is with the acuses. */
#include "config.h"

#include "net/vnt-service-client-private.h"

void
vnt_service_client_start_tramite_async (VntServiceClient    *self,
                                        VntCredential       *credential,
                                        const char          *curp,
                                        const char          *rfc,
                                        const char          *procedure,
                                        JsonObject          *data,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (procedure != NULL && data != NULL);

  json_object_set_string_member (request, "procedure", procedure);
  json_object_set_object_member (request, "data", json_object_ref (data));
  body = _vnt_service_json_body (request);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_POST,
                                    .path = "/v1/tramites",
                                    .body = body,
                                    .idempotency_key = idempotency_key,
                                    .proof = { procedure, credential, curp, rfc },
                                  },
                                  vnt_service_client_start_tramite_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (start_tramite)

void
vnt_service_client_list_tramites_async (VntServiceClient    *self,
                                        VntCredential       *credential,
                                        const char          *curp,
                                        const char          *rfc,
                                        const char          *status,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  /* All of them, or only those with @status. */
  path = status != NULL ? _vnt_service_path ("/v1/tramites?status=", status, NULL) : g_strdup ("/v1/tramites");
  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .proof = { "tramite.list", credential, curp, rfc },
                                  },
                                  vnt_service_client_list_tramites_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (list_tramites)

void
vnt_service_client_update_tramite_async (VntServiceClient    *self,
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
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = _vnt_service_path ("/v1/tramites/", folio, NULL);

  g_return_if_fail (procedure != NULL && data != NULL);

  /* Only over the revision the user saw. */
  json_object_set_int_member (request, "revision", revision);
  json_object_set_object_member (request, "data", json_object_ref (data));
  body = _vnt_service_json_body (request);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_PUT,
                                    .path = path,
                                    .body = body,
                                    .idempotency_key = idempotency_key,
                                    .proof = { procedure, credential, curp, rfc },
                                  },
                                  vnt_service_client_update_tramite_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (update_tramite)

void
vnt_service_client_upload_attachment_async (VntServiceClient    *self,
                                            VntCredential       *credential,
                                            const char          *curp,
                                            const char          *rfc,
                                            const char          *folio,
                                            const char          *kind,
                                            GBytes              *pdf,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *attachments = _vnt_service_path ("/v1/tramites/", folio, "/attachments/");
  g_autofree char *path = _vnt_service_path (attachments, kind, NULL);

  g_return_if_fail (pdf != NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_PUT,
                                    .path = path,
                                    .body = pdf,
                                    .content_type = "application/pdf",
                                    .idempotency_key = idempotency_key,
                                    .proof = { "tramite.attach", credential, curp, rfc },
                                  },
                                  vnt_service_client_upload_attachment_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (upload_attachment)

void
vnt_service_client_cosign_async (VntServiceClient    *self,
                                 VntCredential       *credential,
                                 const char          *curp,
                                 const char          *rfc,
                                 const char          *folio,
                                 const char          *role,
                                 const char          *tramite_sha256,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = _vnt_service_path ("/v1/tramites/", folio, "/signatures");

  g_return_if_fail (role != NULL && tramite_sha256 != NULL);

  /* The co-signer signs the draft whose digest it saw. */
  json_object_set_string_member (request, "role", role);
  json_object_set_string_member (request, "tramite_sha256", tramite_sha256);
  body = _vnt_service_json_body (request);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_POST,
                                    .path = path,
                                    .body = body,
                                    .idempotency_key = idempotency_key,
                                    .proof = { "tramite.cosign", credential, curp, rfc },
                                  },
                                  vnt_service_client_cosign_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (cosign)

void
vnt_service_client_cancel_tramite_async (VntServiceClient    *self,
                                         VntCredential       *credential,
                                         const char          *curp,
                                         const char          *rfc,
                                         const char          *folio,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/tramites/", folio, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_DELETE,
                                    .path = path,
                                    .idempotency_key = idempotency_key,
                                    .proof = { "tramite.cancel", credential, curp, rfc },
                                  },
                                  vnt_service_client_cancel_tramite_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (cancel_tramite)
