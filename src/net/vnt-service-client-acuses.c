/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Acuses (docs/protocol.md §5): finalizing a trámite, reading its acuse
 * again, and checking that an acuse is the service's and for what was
 * asked. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "crypto/vnt-signature.h"
#include "net/vnt-proof.h"
#include "net/vnt-service-client-private.h"

void
vnt_service_client_set_acuse_certificate (VntServiceClient *self,
                                          const char       *sha256)
{
  g_return_if_fail (VNT_IS_SERVICE_CLIENT (self));

  g_free (self->acuse_pin);
  self->acuse_pin = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;
}

static JsonObject *
acuse_invalid (GError **error)
{
  g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID,
                       _("The service’s receipt is not valid, so the procedure cannot be shown as done. Fetch the receipt again; if this keeps happening, contact the service."));
  return NULL;
}

/* @object's string @member is @expected, or nothing is expected. */
static gboolean
matches (JsonObject *object,
         const char *member,
         const char *expected)
{
  return expected == NULL || g_strcmp0 (vnt_json_get_string (object, member), expected) == 0;
}

JsonObject *
vnt_service_client_verify_acuse (VntServiceClient    *self,
                                 JsonObject          *acuse,
                                 const VntAcuseCheck *check,
                                 GError             **error)
{
  static const VntAcuseCheck nothing = { NULL };
  JsonObject                *signature = vnt_json_get_object (acuse, "signature");
  const char                *payload_b64 = vnt_json_get_string (acuse, "payload");
  const char                *certificate_b64 = vnt_json_get_string (signature, "certificate");
  const char                *value = vnt_json_get_string (signature, "value");
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(JsonObject) content = NULL;
  JsonObject *applicant;
  JsonNode   *version;

  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (self), NULL);

  if (check == NULL)
    check = &nothing;

  if (payload_b64 == NULL || certificate_b64 == NULL || value == NULL ||
      g_strcmp0 (vnt_json_get_string (signature, "algorithm"), "rsa-pkcs1-sha256") != 0)
    return acuse_invalid (error);

  payload = vnt_base64_decode_bytes (payload_b64);
  der = vnt_base64_decode_bytes (certificate_b64);

  /* Only the service's own acuse certificate counts, not whichever one
   * came along with the acuse. */
  fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
  if (self->acuse_pin == NULL || g_strcmp0 (fingerprint, self->acuse_pin) != 0)
    return acuse_invalid (error);

  certificate = vnt_certificate_new_from_bytes (der, NULL);
  if (certificate == NULL || !vnt_signature_verify_pkcs1 (certificate, payload, value, NULL))
    return acuse_invalid (error);

  content = vnt_json_parse_object (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  if (content == NULL)
    return acuse_invalid (error);

  applicant = vnt_json_get_object (content, "applicant");
  version = vnt_json_get_value (content, "version", G_TYPE_INT64);
  if (version == NULL || json_node_get_int (version) != 1 ||
      !matches (content, "folio", check->folio) ||
      !matches (content, "procedure", check->procedure) ||
      !matches (applicant, "certificate_number", check->certificate_number) ||
      !matches (content, "request_sha256", check->request_sha256))
    return acuse_invalid (error);

  return g_steal_pointer (&content);
}

/* What an answer's acuse must say (finalize, read acuse): a copy. */
static void
acuse_check_free (VntAcuseCheck *check)
{
  g_free ((char *) check->folio);
  g_free ((char *) check->procedure);
  g_free ((char *) check->certificate_number);
  g_free ((char *) check->request_sha256);
  g_free (check);
}

/* Its folio, procedure, @credential's certificate and, when known, the
 * request body's @request_sha256 (nullable, taken). */
static VntAcuseCheck *
acuse_check_new (VntCredential *credential,
                 const char    *folio,
                 const char    *procedure,
                 char          *request_sha256)
{
  VntAcuseCheck *check = g_new0 (VntAcuseCheck, 1);

  check->folio = g_strdup (folio);
  check->procedure = g_strdup (procedure);
  check->certificate_number = g_strdup (vnt_certificate_get_number (vnt_credential_get_certificate (credential)));
  check->request_sha256 = request_sha256;

  return check;
}

static void
acuse_answer (GTask      *task,
              JsonObject *answer,
              gpointer    answer_data)
{
  VntServiceClient *self = g_task_get_source_object (task);
  JsonObject       *acuse = vnt_json_get_object (answer, "acuse");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) content = NULL;

  content = vnt_service_client_verify_acuse (self, acuse, answer_data, &error);
  if (content == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Hand back the acuse as received (to keep) beside its verified content. */
  json_object_set_object_member (content, "_acuse", json_object_ref (acuse));
  g_task_return_pointer (task, g_steal_pointer (&content), (GDestroyNotify) json_object_unref);
}

void
vnt_service_client_finalize_async (VntServiceClient    *self,
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
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = _vnt_service_path ("/v1/tramites/", folio, "/finalize");
  VntServiceRequest send;

  /* What the acuse is checked against. */
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (folio != NULL && procedure != NULL);

  json_object_set_int_member (request, "revision", revision);
  if (terms != NULL)
    json_object_set_object_member (request, "accept_terms", _vnt_service_accept_terms (terms));
  body = _vnt_service_json_body (request);

  send = (VntServiceRequest){
    .method = SOUP_METHOD_POST,
    .path = path,
    .body = body,
    .idempotency_key = idempotency_key,
    .proof = { "tramite.finalize", credential, curp, rfc },
    .answer_func = acuse_answer,
    .answer_data = acuse_check_new (credential, folio, procedure, vnt_proof_body_sha256 (body)),
    .answer_data_free = (GDestroyNotify) acuse_check_free,
  };
  _vnt_service_client_send_async (self, &send, vnt_service_client_finalize_async, cancellable,
                                  callback, user_data);
}

JsonObject *
vnt_service_client_finalize_finish (VntServiceClient  *self,
                                    GAsyncResult      *result,
                                    JsonObject       **acuse,
                                    GError           **error)
{
  g_autoptr(JsonObject) content = _vnt_service_client_send_finish (self, result, error);

  if (content == NULL)
    return NULL;

  if (acuse != NULL)
    *acuse = json_object_ref (json_object_get_object_member (content, "_acuse"));
  json_object_remove_member (content, "_acuse");

  return g_steal_pointer (&content);
}

void
vnt_service_client_read_acuse_async (VntServiceClient    *self,
                                     VntCredential       *credential,
                                     const char          *curp,
                                     const char          *rfc,
                                     const char          *folio,
                                     const char          *procedure,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/acuses/", folio, NULL);

  /* What the acuse is checked against. */
  g_return_if_fail (VNT_IS_CREDENTIAL (credential));
  g_return_if_fail (folio != NULL && procedure != NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .proof = { "acuse.read", credential, curp, rfc },
                                    .answer_func = acuse_answer,
                                    /* The finalize body is not known here:
                                     * everything else is checked. */
                                    .answer_data = acuse_check_new (credential, folio, procedure, NULL),
                                    .answer_data_free = (GDestroyNotify) acuse_check_free,
                                  },
                                  vnt_service_client_read_acuse_async, cancellable, callback, user_data);
}

JsonObject *
vnt_service_client_read_acuse_finish (VntServiceClient  *self,
                                      GAsyncResult      *result,
                                      JsonObject       **acuse,
                                      GError           **error)
{
  return vnt_service_client_finalize_finish (self, result, acuse, error);
}
