/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IMSS's IDSE certificates (docs/protocol.md §7.5–§7.9): a request
 * after its acuse, recovery by NPIE, the issued certificates, the
 * "Carta de Condiciones de Uso" after a renewal, and the rules for a new
 * IDSE user and password. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-npie.h"
#include "net/vnt-service-client-private.h"

void
vnt_service_client_get_idse_request_async (VntServiceClient    *self,
                                           VntCredential       *credential,
                                           const char          *curp,
                                           const char          *rfc,
                                           const char          *folio,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/idse/requests/", folio, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .proof = { "tramite.read", credential, curp, rfc },
                                  },
                                  vnt_service_client_get_idse_request_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (get_idse_request)

void
vnt_service_client_recover_npie_async (VntServiceClient    *self,
                                       const char          *npie,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/idse/npie/", npie, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) { .method = SOUP_METHOD_GET, .path = path },
                                  vnt_service_client_recover_npie_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (recover_npie)

static void
idse_certificate_answer (GTask      *task,
                         JsonObject *answer,
                         gpointer    answer_data)
{
  const char *serial = answer_data;
  const char *der_b64 = vnt_json_get_string (answer, "der");
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GBytes) der = NULL;

  if (der_b64 != NULL)
    {
      der = vnt_base64_decode_bytes (der_b64);
      if (g_bytes_get_size (der) > 0)
        certificate = vnt_certificate_new_from_bytes (der, NULL);
    }

  /* The certificate asked for, not another one. */
  if (certificate == NULL || g_strcmp0 (vnt_certificate_get_number (certificate), serial) != 0)
    {
      g_task_return_error (task, vnt_net_error_new_invalid_response ());
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "vnt-certificate", g_steal_pointer (&certificate), g_object_unref);
  g_task_return_pointer (task, json_object_ref (answer), (GDestroyNotify) json_object_unref);
}

void
vnt_service_client_get_idse_certificate_async (VntServiceClient    *self,
                                               const char          *serial,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/idse/certificates/", serial, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .answer_func = idse_certificate_answer,
                                    .answer_data = g_strdup (serial),
                                    .answer_data_free = g_free,
                                  },
                                  vnt_service_client_get_idse_certificate_async, cancellable, callback, user_data);
}

VntCertificate *
vnt_service_client_get_idse_certificate_finish (VntServiceClient  *self,
                                                GAsyncResult      *result,
                                                JsonObject       **info,
                                                GError           **error)
{
  g_autoptr(JsonObject) answer = _vnt_service_client_send_finish (self, result, error);

  if (answer == NULL)
    return NULL;

  if (info != NULL)
    *info = g_steal_pointer (&answer);
  return g_object_ref (g_object_get_data (G_OBJECT (result), "vnt-certificate"));
}

void
vnt_service_client_practice_conclude_idse_async (VntServiceClient    *self,
                                                 const char          *folio,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/sandbox/idse/requests/", folio, "/conclude");

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_POST,
                                    .path = path,
                                    .idempotency_key = idempotency_key,
                                  },
                                  vnt_service_client_practice_conclude_idse_async, cancellable, callback,
                                  user_data);
}

VNT_SERVICE_DEFINE_FINISH (practice_conclude_idse)

void
vnt_service_client_accept_idse_conditions_async (VntServiceClient    *self,
                                                 VntCredential       *credential,
                                                 const char          *curp,
                                                 const char          *rfc,
                                                 const char          *serial,
                                                 JsonObject          *terms,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = _vnt_service_path ("/v1/idse/certificates/", serial, "/conditions");

  g_return_if_fail (terms != NULL);

  json_object_set_object_member (request, "accept_terms", _vnt_service_accept_terms (terms));
  body = _vnt_service_json_body (request);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_POST,
                                    .path = path,
                                    .body = body,
                                    .idempotency_key = idempotency_key,
                                    .proof = { "idse.conditions", credential, curp, rfc },
                                  },
                                  vnt_service_client_accept_idse_conditions_async, cancellable, callback,
                                  user_data);
}

VNT_SERVICE_DEFINE_FINISH (accept_idse_conditions)

gboolean
vnt_service_client_check_idse_credentials (const char  *usuario,
                                           const char  *password,
                                           GError     **error)
{
  if (!vnt_idse_credential_is_valid (usuario))
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_USER_INVALID,
                           _("The IDSE user must have 8 to 20 letters and/or digits, without spaces, accents or symbols."));
      return FALSE;
    }
  if (!vnt_idse_credential_is_valid (password))
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_INVALID,
                           _("The IDSE password must have 8 to 20 letters and/or digits, without spaces, accents or symbols."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (usuario, password) == 0)
    {
      g_set_error_literal (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER,
                           _("The IDSE password cannot be the same as the user. Choose another password."));
      return FALSE;
    }

  return TRUE;
}
