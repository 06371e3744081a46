/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-date.h"
#include "core/vnt-json.h"
#include "vnt-update-efirma-controller.h"

/* The record's field of this procedure: the service's sentence when the
 * trámite ended at "Firmar" (nothing to update, no account). */
#define FIELD_MESSAGE "message"

struct _VntUpdateEfirmaController
{
  VntProcedure    parent_instance;

  VntEfirmaStep  *efirma;
  VntTramiteFlow *flow;
};

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_review_iface_init  (VntHasReviewInterface  *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntUpdateEfirmaController, vnt_update_efirma_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_REVIEW, has_review_iface_init))

static void
vnt_update_efirma_controller_class_init (VntUpdateEfirmaControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  procedure_class->procedure_id = "account.update";
  procedure_class->steps = vnt_tramite_flow_account_steps;
}

static void
vnt_update_efirma_controller_init (VntUpdateEfirmaController *self)
{
  self->efirma = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self),
                                                &VNT_EFIRMA_POLICY_PERSONA_FISICA);
  /* Trámites saved before the service listed its requirements took the
   * Escritorio Virtual's carta. */
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->efirma, "ctc-ev");
}

VntUpdateEfirmaController *
vnt_update_efirma_controller_new (VntServiceClient *client,
                                  VntTramiteStore  *store)
{
  return (VntUpdateEfirmaController *) vnt_procedure_new (VNT_TYPE_UPDATE_EFIRMA_CONTROLLER,
                                                          client, store);
}

const char *
vnt_update_efirma_controller_get_previous_number (VntUpdateEfirmaController *self)
{
  VntServiceTramite *tramite;

  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);

  tramite = vnt_tramite_flow_get_tramite (self->flow);
  return tramite != NULL ? vnt_service_tramite_get_previous_certificate_number (tramite) : NULL;
}

const char *
vnt_update_efirma_controller_get_new_number (VntUpdateEfirmaController *self)
{
  VntServiceTramite *tramite;

  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);

  tramite = vnt_tramite_flow_get_tramite (self->flow);
  return tramite != NULL ? vnt_service_tramite_get_certificate_number (tramite) : NULL;
}

const char *
vnt_update_efirma_controller_get_holder_name (VntUpdateEfirmaController *self)
{
  VntServiceTramite *tramite;

  g_return_val_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self), NULL);

  tramite = vnt_tramite_flow_get_tramite (self->flow);
  return tramite != NULL ? vnt_service_tramite_get_holder_name (tramite) : NULL;
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
  VntProcedure *procedure = g_task_get_source_object (task);
  VntTramite *record = vnt_procedure_get_record (procedure);
  g_autoptr(GError) error = NULL;
  g_autoptr(VntServiceTramite) tramite = NULL;
  VntUpdateOutcome outcome;

  tramite = vnt_tramite_flow_start_finish (VNT_TRAMITE_FLOW (source), result, &error);
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
  vnt_tramite_set_string (record, FIELD_MESSAGE, error->message);
  g_task_set_task_data (task, GINT_TO_POINTER (outcome), NULL);
  /* Off the main thread: the UI never waits on the disk. */
  vnt_tramite_store_discard_async (vnt_procedure_get_store (procedure), vnt_tramite_get_id (record),
                                   NULL, sign_discarded_cb, task);
}

/* The account's e.firma, as the service has it, is newer than (or as old
 * as) @certificate, yet not the same: an actualización would go back. */
static GError *
registered_is_newer (JsonObject     *account,
                     VntCertificate *certificate)
{
  const char *number = vnt_json_get_string (account, "certificate_number");
  g_autoptr(GDateTime) from = vnt_json_get_date (account, "certificate_not_before");
  g_autofree char *registered_date = NULL;
  g_autofree char *chosen_date = NULL;

  if (number == NULL || from == NULL ||
      g_strcmp0 (number, vnt_certificate_get_number (certificate)) == 0)
    return NULL;
  if (g_date_time_compare (vnt_certificate_get_not_before (certificate), from) > 0)
    return NULL;

  registered_date = vnt_date_format_date (from);
  chosen_date = vnt_date_format_date (vnt_certificate_get_not_before (certificate));
  return g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CERTIFICATE_NOT_NEWER,
                      _("The e.firma registered in your account (number %s, valid from %s) is newer than the one you chose (number %s, valid from %s). Use your newest e.firma."),
                      number, registered_date, vnt_certificate_get_number (certificate), chosen_date);
}

/* Before anything is started: an older e.firma never replaces a newer one. */
static void
sign_account_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VntUpdateEfirmaController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(GError) error = NULL;
  GError *older = NULL;

  account = vnt_service_client_read_account_finish (VNT_SERVICE_CLIENT (source), result, &error);
  /* No account: starting says so, in the service's own words. */
  if (account == NULL && !g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_NOT_FOUND))
    {
      vnt_procedure_task_fail (procedure, task, g_steal_pointer (&error));
      return;
    }
  if (account != NULL &&
      (older = registered_is_newer (account, vnt_efirma_step_get_certificate (self->efirma))) != NULL)
    {
      vnt_procedure_task_fail (procedure, task, older);
      return;
    }

  vnt_tramite_flow_start_async (self->flow, data, g_task_get_cancellable (task), sign_started_cb, task);
}

void
vnt_update_efirma_controller_sign_async (VntUpdateEfirmaController *self,
                                         GCancellable              *cancellable,
                                         GAsyncReadyCallback        callback,
                                         gpointer                   user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GTask *task;

  g_return_if_fail (VNT_IS_UPDATE_EFIRMA_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_update_efirma_controller_sign_async);
  if (task == NULL)
    return;

  /* Signed already (resumed): the service's answer is kept. */
  if (vnt_tramite_flow_get_in_review (self->flow))
    {
      vnt_procedure_task_return_saved_int (procedure, task, VNT_UPDATE_OUTCOME_CHANGED);
      return;
    }

  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;

  vnt_tramite_set_string (vnt_procedure_get_record (procedure), FIELD_MESSAGE, NULL);
  vnt_service_client_read_account_async (vnt_procedure_get_client (procedure),
                                         vnt_efirma_step_get_credential (self->efirma),
                                         vnt_efirma_step_get_curp (self->efirma),
                                         vnt_efirma_step_get_rfc (self->efirma),
                                         cancellable, sign_account_read_cb, task);
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

/* ---- Facets ---- */

static void
proceed_async (VntHasEfirma       *has,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  VntUpdateEfirmaController *self = VNT_UPDATE_EFIRMA_CONTROLLER (has);

  /* Resumed past "Firmar" (the e.firma only had to be opened again). */
  if (vnt_procedure_has_reached (VNT_PROCEDURE (self), VNT_TRAMITE_STEP_REVIEW))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, proceed_async);
      g_task_return_int (task, VNT_UPDATE_OUTCOME_CHANGED);
      return;
    }

  vnt_update_efirma_controller_sign_async (self, cancellable, callback, user_data);
}

static VntEfirmaOutcome
proceed_finish (VntHasEfirma *has,
                GAsyncResult *result,
                GError      **error)
{
  VntUpdateEfirmaController *self = VNT_UPDATE_EFIRMA_CONTROLLER (has);

  switch (vnt_update_efirma_controller_sign_finish (self, result, error))
    {
    case VNT_UPDATE_OUTCOME_CHANGED:
      return VNT_EFIRMA_OUTCOME_GO_ON;
    case VNT_UPDATE_OUTCOME_UNCHANGED:
      return VNT_EFIRMA_OUTCOME_NOTHING_TO_DO;
    case VNT_UPDATE_OUTCOME_NO_ACCOUNT:
      return VNT_EFIRMA_OUTCOME_NO_ACCOUNT;
    case VNT_UPDATE_OUTCOME_ERROR:
    default:
      return VNT_EFIRMA_OUTCOME_ERROR;
    }
}

static const char *
get_outcome_message (VntHasEfirma *has)
{
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (has)), FIELD_MESSAGE);
}

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->proceed_async = proceed_async;
  iface->proceed_finish = proceed_finish;
  iface->get_outcome_message = get_outcome_message;
  iface->account_rule = VNT_ACCOUNT_RULE_REQUIRED;
}

static GPtrArray *
get_review_rows (VntHasReview *has)
{
  VntUpdateEfirmaController *self = VNT_UPDATE_EFIRMA_CONTROLLER (has);
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (self->flow);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_review_row_free);

  if (tramite == NULL)
    return rows;

  vnt_review_rows_add (rows, "name", _("Name"), vnt_service_tramite_get_holder_name (tramite));
  vnt_review_rows_add (rows, "curp", _("CURP"), vnt_service_tramite_get_curp (tramite));
  vnt_review_rows_add (rows, "rfc", _("RFC"), vnt_service_tramite_get_rfc (tramite));
  vnt_review_rows_add (rows, "previous_certificate_number", _("Previous certificate number"),
                       vnt_service_tramite_get_previous_certificate_number (tramite));
  vnt_review_rows_add (rows, "certificate_number", _("New certificate number"),
                       vnt_service_tramite_get_certificate_number (tramite));
  vnt_review_rows_add (rows, "folio", _("Folio"), vnt_service_tramite_get_folio (tramite));
  return rows;
}

static void
has_review_iface_init (VntHasReviewInterface *iface)
{
  iface->get_review_rows = get_review_rows;
}
