/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-json.h"
#include "vnt-remove-company-controller.h"

/* The record's fields of this procedure: the service's last list and the
 * RFCs chosen, as the protocol's "data" names them. */
#define FIELD_COMPANIES "companies"
#define FIELD_SELECTION "selection"
#define MEMBER_RFCS     "company_rfcs"

struct _VntRemoveCompanyController
{
  VntProcedure    parent_instance;

  VntEfirmaStep  *efirma;
  VntTramiteFlow *flow;
  GPtrArray      *companies;
  GStrv           selection;
};


G_DEFINE_FINAL_TYPE_WITH_CODE (VntRemoveCompanyController, vnt_remove_company_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL))

/* No carta: the trámite is finalized from its review. */
static const char * const steps[] = {
  VNT_EFIRMA_STEP_CURP,
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

static void
vnt_remove_company_controller_dispose (GObject *object)
{
  VntRemoveCompanyController *self = VNT_REMOVE_COMPANY_CONTROLLER (object);

  g_clear_pointer (&self->companies, g_ptr_array_unref);
  g_clear_pointer (&self->selection, g_strfreev);

  G_OBJECT_CLASS (vnt_remove_company_controller_parent_class)->dispose (object);
}

static void
vnt_remove_company_controller_class_init (VntRemoveCompanyControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_remove_company_controller_dispose;

  procedure_class->procedure_id = "representative.remove";
  procedure_class->steps = steps;
}

static void
vnt_remove_company_controller_init (VntRemoveCompanyController *self)
{
  self->efirma = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self),
                                                &VNT_EFIRMA_POLICY_PERSONA_FISICA);
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->efirma, NULL);
}

VntRemoveCompanyController *
vnt_remove_company_controller_new (VntServiceClient *client,
                                   VntTramiteStore  *store)
{
  return (VntRemoveCompanyController *) vnt_procedure_new (VNT_TYPE_REMOVE_COMPANY_CONTROLLER,
                                                           client, store);
}

static VntTramite *
record (VntRemoveCompanyController *self)
{
  return vnt_procedure_get_record (VNT_PROCEDURE (self));
}

GPtrArray *
vnt_remove_company_controller_get_companies (VntRemoveCompanyController *self)
{
  JsonObject *json;

  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (self), NULL);

  /* Resumed: the list as it was shown. */
  if (self->companies == NULL && (json = vnt_tramite_get_object (record (self), FIELD_COMPANIES)) != NULL)
    self->companies = vnt_represented_companies_from_json (json, NULL);

  return self->companies;
}

GStrv
vnt_remove_company_controller_get_selection (VntRemoveCompanyController *self)
{
  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (self), NULL);

  if (self->selection == NULL)
    {
      JsonObject *json = vnt_tramite_get_object (record (self), FIELD_SELECTION);
      JsonArray  *array = vnt_json_get_array (json, MEMBER_RFCS);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *rfc = json_array_get_string_element (array, i);

          if (rfc != NULL)
            g_strv_builder_add (builder, rfc);
        }
      self->selection = g_strv_builder_end (builder);
    }

  return self->selection;
}

static gboolean
is_listed (VntRemoveCompanyController *self,
           const char                 *rfc)
{
  GPtrArray *companies = vnt_remove_company_controller_get_companies (self);

  for (guint i = 0; companies != NULL && i < companies->len; i++)
    if (g_strcmp0 (vnt_represented_company_get_rfc (g_ptr_array_index (companies, i)), rfc) == 0)
      return TRUE;

  return FALSE;
}

gboolean
vnt_remove_company_controller_set_selection (VntRemoveCompanyController  *self,
                                             const char * const          *rfcs,
                                             GError                     **error)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) json = NULL;
  JsonArray *array;

  g_return_val_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (self), FALSE);

  if (vnt_procedure_has_reached (procedure, VNT_TRAMITE_STEP_REVIEW) ||
      !vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_VALIDATED))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("This step is not available now. Go back to the previous step."));
      return FALSE;
    }
  if (rfcs == NULL || rfcs[0] == NULL)
    {
      /* IMSS's own words. */
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                           _("Select at least one represented company to remove"));
      return FALSE;
    }

  json = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; rfcs[i] != NULL; i++)
    {
      if (!is_listed (self, rfcs[i]))
        {
          g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                       _("You do not represent the company %s. Choose among the companies listed."), rfcs[i]);
          json_array_unref (array);
          return FALSE;
        }
      json_array_add_string_element (array, rfcs[i]);
    }
  json_object_set_array_member (json, MEMBER_RFCS, array);

  g_clear_pointer (&self->selection, g_strfreev);
  vnt_tramite_set_object (record (self), FIELD_SELECTION, json);
  vnt_procedure_save (procedure);
  return TRUE;
}

/* ---- the list ---- */

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  VntRemoveCompanyController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(JsonObject) json = NULL;

  answer = vnt_service_client_list_companies_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer != NULL)
    companies = vnt_represented_companies_from_json (answer, &error);
  if (companies == NULL)
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, g_steal_pointer (&error));
      return;
    }

  json = vnt_represented_companies_to_json (companies);
  vnt_tramite_set_object (record (self), FIELD_COMPANIES, json);
  g_clear_pointer (&self->companies, g_ptr_array_unref);
  self->companies = g_ptr_array_ref (companies);

  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, g_ptr_array_ref (companies),
                                   (GDestroyNotify) g_ptr_array_unref);
}

void
vnt_remove_company_controller_list_async (VntRemoveCompanyController *self,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntCredential *credential;
  GTask *task;

  g_return_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_remove_company_controller_list_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;

  credential = vnt_efirma_step_require_credential (self->efirma, task, NULL);
  if (credential == NULL)
    return;

  vnt_service_client_list_companies_async (vnt_procedure_get_client (procedure), credential,
                                           vnt_efirma_step_get_curp (self->efirma),
                                           vnt_efirma_step_get_rfc (self->efirma),
                                           cancellable, listed_cb, task);
}

GPtrArray *
vnt_remove_company_controller_list_finish (VntRemoveCompanyController  *self,
                                           GAsyncResult                *result,
                                           GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Finalizar Trámite ---- */

void
vnt_remove_company_controller_remove_async (VntRemoveCompanyController *self,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = NULL;
  JsonObject *selection;
  GTask *task;

  g_return_if_fail (VNT_IS_REMOVE_COMPANY_CONTROLLER (self));

  /* Sent already (resumed, or done): finalize repeats nothing. */
  task = vnt_tramite_flow_send_task_new (self->flow, VNT_TRAMITE_SEND_THEN_FINALIZE, cancellable, callback,
                                         user_data, vnt_remove_company_controller_remove_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;

  selection = vnt_tramite_get_object (record (self), FIELD_SELECTION);
  if (selection == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                                    _("Select at least one represented company to remove")));
      return;
    }

  data = json_object_new ();
  json_object_set_member (data, MEMBER_RFCS, json_node_copy (json_object_get_member (selection, MEMBER_RFCS)));
  vnt_tramite_flow_send (self->flow, task, data);
}

VntAcuseInfo *
vnt_remove_company_controller_remove_finish (VntRemoveCompanyController  *self,
                                             GAsyncResult                *result,
                                             GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Facets ---- */

