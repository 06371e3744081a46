/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "controllers/vnt-update-efirma-controller.h"

struct _VntUpdateEfirmaController
{
  VntProcedure parent_instance;
};

G_DEFINE_FINAL_TYPE (VntUpdateEfirmaController, vnt_update_efirma_controller, VNT_TYPE_PROCEDURE)

static const char *
vnt_update_efirma_controller_get_name (VntProcedure *procedure)
{
  return _("e.firma update");
}

static void
vnt_update_efirma_controller_class_init (VntUpdateEfirmaControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  procedure_class->procedure_id = "account.update";
  procedure_class->get_name = vnt_update_efirma_controller_get_name;
}

static void
vnt_update_efirma_controller_init (VntUpdateEfirmaController *self)
{
}

VntUpdateEfirmaController *
vnt_update_efirma_controller_new (VntServiceClient *client,
                                  VntTramiteStore  *store)
{
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (store == NULL || VNT_IS_TRAMITE_STORE (store), NULL);

  return g_object_new (VNT_TYPE_UPDATE_EFIRMA_CONTROLLER, "client", client, "store", store, NULL);
}

static const char *
review_string (VntUpdateEfirmaController *self,
               const char                *name)
{
  JsonObject *review = vnt_procedure_get_review (VNT_PROCEDURE (self));
  JsonNode *node;

  if (review == NULL)
    return NULL;
  node = json_object_get_member (review, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

const char *
vnt_update_efirma_controller_get_previous_number (VntUpdateEfirmaController *self)
{
  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);
  return review_string (self, "previous_certificate_number");
}

const char *
vnt_update_efirma_controller_get_new_number (VntUpdateEfirmaController *self)
{
  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);
  return review_string (self, "certificate_number");
}

const char *
vnt_update_efirma_controller_get_holder_name (VntUpdateEfirmaController *self)
{
  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);
  return review_string (self, "name");
}

/* ---- Firmar ---- */

static void
sign_discarded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *procedure = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* A record left behind is only offered to resume; the outcome stands. */
  if (!vnt_tramite_store_discard_finish (VNT_TRAMITE_STORE (source), result, &error))
    g_debug ("Could not discard the trámite: %s", error->message);

  vnt_procedure_end_operation (procedure, NULL);
  g_task_return_int (task, GPOINTER_TO_INT (g_task_get_task_data (task)));
  g_object_unref (task);
}

static void
sign_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *procedure = VNT_PROCEDURE (source);
  VntTramite *record = vnt_procedure_get_record (procedure);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tramite = NULL;
  VntUpdateOutcome outcome;

  tramite = vnt_procedure_start_tramite_finish (procedure, result, &error);
  if (tramite != NULL)
    {
      vnt_procedure_task_return_saved_int (procedure, task, VNT_UPDATE_OUTCOME_CHANGED);
      return;
    }

  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_UNCHANGED))
    outcome = VNT_UPDATE_OUTCOME_UNCHANGED;
  else if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_NOT_FOUND))
    outcome = VNT_UPDATE_OUTCOME_NO_ACCOUNT;
  else
    {
      vnt_procedure_task_fail (procedure, task, g_steal_pointer (&error));
      return;
    }

  /* Nothing to update, or nothing to update yet: this trámite is over and
   * is not offered to resume. The service's sentence is what to show. */
  vnt_tramite_set_string (record, "message", error->message);
  g_task_set_task_data (task, GINT_TO_POINTER (outcome), NULL);
  /* Off the main thread: the UI never waits on the disk. */
  vnt_tramite_store_discard_async (vnt_procedure_get_store (procedure), vnt_tramite_get_id (record),
                                   NULL, sign_discarded_cb, task);
}

void
vnt_update_efirma_controller_sign_async (VntUpdateEfirmaController *self,
                                         GCancellable              *cancellable,
                                         GAsyncReadyCallback        callback,
                                         gpointer                   user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = json_object_new ();
  GTask *task;

  g_return_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_update_efirma_controller_sign_async);
  if (task == NULL)
    return;

  /* Signed already (resumed): the service's answer is kept. */
  if (vnt_procedure_get_step (procedure) >= VNT_PROCEDURE_STEP_REVIEW &&
      vnt_procedure_get_step (procedure) <= VNT_PROCEDURE_STEP_TERMS)
    {
      vnt_procedure_end_operation (procedure, NULL);
      g_task_return_int (task, VNT_UPDATE_OUTCOME_CHANGED);
      g_object_unref (task);
      return;
    }

  if (!vnt_procedure_task_require_step (procedure, task, VNT_PROCEDURE_STEP_VALIDATED,
                                        VNT_PROCEDURE_STEP_VALIDATED))
    return;

  vnt_tramite_set_string (vnt_procedure_get_record (procedure), "message", NULL);
  vnt_procedure_start_tramite_async (procedure, data, cancellable, sign_started_cb, task);
}

VntUpdateOutcome
vnt_update_efirma_controller_sign_finish (VntUpdateEfirmaController  *self,
                                          GAsyncResult               *result,
                                          GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), VNT_UPDATE_OUTCOME_ERROR);

  outcome = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VNT_UPDATE_OUTCOME_ERROR;
    }

  return (VntUpdateOutcome) outcome;
}

/* ---- Guardar Trámite ---- */

static void
save_tramite_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) terms = NULL;

  terms = vnt_procedure_fetch_terms_finish (VNT_PROCEDURE (source), result, &error);
  if (terms == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vnt_update_efirma_controller_save_tramite_async (VntUpdateEfirmaController *self,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_update_efirma_controller_save_tramite_async);
  vnt_procedure_fetch_terms_async (VNT_PROCEDURE (self), cancellable, save_tramite_cb, task);
}

gboolean
vnt_update_efirma_controller_save_tramite_finish (VntUpdateEfirmaController  *self,
                                                  GAsyncResult               *result,
                                                  GError                    **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
