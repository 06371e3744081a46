/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "vnt-idse-cancel-controller.h"

/* The record keeps the usuario and the motivo (never the contraseña). */
#define FIELD_USUARIO "usuario"
#define FIELD_MOTIVO  "motivo"

struct _VntIdseCancelController
{
  VntProcedure    parent_instance;

  VntEfirmaStep  *certificate;
  VntTramiteFlow *flow;
  char           *password;  /* until sent */
};


G_DEFINE_FINAL_TYPE_WITH_CODE (VntIdseCancelController, vnt_idse_cancel_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL))

static const char * const steps[] = {
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

static void
vnt_idse_cancel_controller_dispose (GObject *object)
{
  VntIdseCancelController *self = VNT_IDSE_CANCEL_CONTROLLER (object);

  g_clear_pointer (&self->password, vnt_secret_free);

  G_OBJECT_CLASS (vnt_idse_cancel_controller_parent_class)->dispose (object);
}

static void
vnt_idse_cancel_controller_class_init (VntIdseCancelControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_cancel_controller_dispose;

  procedure_class->procedure_id = "idse.cancel";
  procedure_class->steps = steps;
}

static void
vnt_idse_cancel_controller_init (VntIdseCancelController *self)
{
  self->certificate = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self), &VNT_EFIRMA_POLICY_IDSE);
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->certificate, NULL);
}

VntIdseCancelController *
vnt_idse_cancel_controller_new (VntServiceClient *client,
                                VntTramiteStore  *store)
{
  return (VntIdseCancelController *) vnt_procedure_new (VNT_TYPE_IDSE_CANCEL_CONTROLLER,
                                                        client, store);
}

static gboolean
motivo_is_known (const char *motivo)
{
  static const char * const known[] = {
    VNT_IDSE_MOTIVO_PERDIDA, VNT_IDSE_MOTIVO_COMPROMISO, VNT_IDSE_MOTIVO_CAMBIO, VNT_IDSE_MOTIVO_OTRO, NULL
  };

  return motivo != NULL && g_strv_contains (known, motivo);
}

gboolean
vnt_idse_cancel_controller_set_credentials (VntIdseCancelController  *self,
                                            const char               *usuario,
                                            const char               *password,
                                            const char               *motivo,
                                            GError                  **error)
{
  VntTramite *record;

  g_return_val_if_fail (VNT_IS_IDSE_CANCEL_CONTROLLER (self), FALSE);

  /* The service's own rules, said before anything is sent; the usuario
   * of a real account is never the same as its contraseña. */
  if (!vnt_service_client_check_idse_credentials (usuario != NULL ? usuario : "",
                                                  password != NULL ? password : "", error))
    return FALSE;
  if (!motivo_is_known (motivo))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                           _("Choose why the certificate is cancelled."));
      return FALSE;
    }

  record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  vnt_tramite_set_string (record, FIELD_USUARIO, usuario);
  vnt_tramite_set_string (record, FIELD_MOTIVO, motivo);
  g_clear_pointer (&self->password, vnt_secret_free);
  self->password = g_strdup (password);
  return TRUE;
}

const char *
vnt_idse_cancel_controller_get_usuario (VntIdseCancelController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CANCEL_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_USUARIO);
}

const char *
vnt_idse_cancel_controller_get_motivo (VntIdseCancelController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CANCEL_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_MOTIVO);
}

/* ---- Cancelar ---- */

void
vnt_idse_cancel_controller_cancel_async (VntIdseCancelController *self,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = NULL;
  GTask *start;

  g_return_if_fail (VNT_IS_IDSE_CANCEL_CONTROLLER (self));

  /* Started already (resumed): the service checked the contraseña then. */
  start = vnt_tramite_flow_send_task_new (self->flow, VNT_TRAMITE_SEND_THEN_FINALIZE, cancellable, callback,
                                          user_data, vnt_idse_cancel_controller_cancel_async);
  if (start == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, start, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;
  if (self->password == NULL)
    {
      vnt_procedure_task_fail (procedure, start,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                                    _("Type your IDSE user name and password, and choose why the certificate is cancelled.")));
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "serial", vnt_efirma_step_get_certificate_number (self->certificate));
  json_object_set_string_member (data, "usuario", vnt_idse_cancel_controller_get_usuario (self));
  json_object_set_string_member (data, "password", self->password);
  json_object_set_string_member (data, "motivo", vnt_idse_cancel_controller_get_motivo (self));
  /* Sent (or refused): a new attempt types it again. */
  g_clear_pointer (&self->password, vnt_secret_free);

  vnt_tramite_flow_send (self->flow, start, data);
}

VntAcuseInfo *
vnt_idse_cancel_controller_cancel_finish (VntIdseCancelController  *self,
                                          GAsyncResult             *result,
                                          GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Facets ---- */

