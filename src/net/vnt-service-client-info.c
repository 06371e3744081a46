/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service itself (docs/protocol.md §2.1, §6.1, §6.2): its
 * description, nonces and the cartas de términos. */
#include "config.h"

#include "net/vnt-proof.h"
#include "net/vnt-service-client-private.h"

void
vnt_service_client_get_info_async (VntServiceClient    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  _vnt_service_client_send_async (self, &(VntServiceRequest) { .method = SOUP_METHOD_GET, .path = "/v1/" },
                                  vnt_service_client_get_info_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (get_info)

static void
nonce_answer (GTask      *task,
              JsonObject *answer,
              gpointer    answer_data)
{
  const char *nonce = vnt_json_get_string (answer, "nonce");

  if (!vnt_proof_nonce_is_valid (nonce))
    g_task_return_error (task, vnt_net_error_new_invalid_response ());
  else
    g_task_return_pointer (task, g_strdup (nonce), g_free);
}

void
vnt_service_client_new_nonce_async (VntServiceClient    *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_POST,
                                    .path = VNT_SERVICE_NONCES_PATH,
                                    .answer_func = nonce_answer,
                                  },
                                  vnt_service_client_new_nonce_async, cancellable, callback, user_data);
}

char *
vnt_service_client_new_nonce_finish (VntServiceClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return _vnt_service_client_send_finish (self, result, error);
}

void
vnt_service_client_get_terms_async (VntServiceClient    *self,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/terms/", id, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) { .method = SOUP_METHOD_GET, .path = path },
                                  vnt_service_client_get_terms_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (get_terms)
