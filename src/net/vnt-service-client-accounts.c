/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts (docs/protocol.md §6.3, /v1/accounts): whether one exists,
 * its details for its holder, and the companies the holder represents
 * (§7.4). */
#include "config.h"

#include "net/vnt-service-client-private.h"

static void
lookup_answer (GTask      *task,
               JsonObject *answer,
               gpointer    answer_data)
{
  JsonNode *exists = vnt_json_get_value (answer, "exists", G_TYPE_BOOLEAN);

  if (exists == NULL)
    g_task_return_error (task, vnt_net_error_new_invalid_response ());
  else
    g_task_return_int (task, json_node_get_boolean (exists));
}

void
vnt_service_client_lookup_account_async (VntServiceClient    *self,
                                         const char          *curp,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/accounts/", curp, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .answer_func = lookup_answer,
                                  },
                                  vnt_service_client_lookup_account_async, cancellable, callback, user_data);
}

gboolean
vnt_service_client_lookup_account_finish (VntServiceClient  *self,
                                          GAsyncResult      *result,
                                          gboolean          *exists,
                                          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (exists != NULL)
    *exists = value != 0;
  return TRUE;
}

void
vnt_service_client_read_account_async (VntServiceClient    *self,
                                       VntCredential       *credential,
                                       const char          *curp,
                                       const char          *rfc,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/accounts/", curp, NULL);

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .proof = { "account.read", credential, curp, rfc },
                                  },
                                  vnt_service_client_read_account_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (read_account)

void
vnt_service_client_list_companies_async (VntServiceClient    *self,
                                         VntCredential       *credential,
                                         const char          *curp,
                                         const char          *rfc,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = _vnt_service_path ("/v1/accounts/", curp, "/companies");

  _vnt_service_client_send_async (self, &(VntServiceRequest) {
                                    .method = SOUP_METHOD_GET,
                                    .path = path,
                                    .proof = { "company.list", credential, curp, rfc },
                                  },
                                  vnt_service_client_list_companies_async, cancellable, callback, user_data);
}

VNT_SERVICE_DEFINE_FINISH (list_companies)
