/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "vnt-create-account-controller.h"

/* The record's fields of this procedure. */
#define FIELD_EMAIL "email"
#define FIELD_PHONE "phone"

struct _VntCreateAccountController
{
  VntProcedure    parent_instance;

  VntEfirmaStep  *efirma;
  VntTramiteFlow *flow;
};

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_review_iface_init  (VntHasReviewInterface  *iface);
static void has_contact_iface_init (VntHasContactInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntCreateAccountController, vnt_create_account_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_REVIEW, has_review_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_CONTACT, has_contact_iface_init))

static void
vnt_create_account_controller_class_init (VntCreateAccountControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  procedure_class->procedure_id = "account.create";
  procedure_class->steps = vnt_tramite_flow_account_steps;
}

static void
vnt_create_account_controller_init (VntCreateAccountController *self)
{
  self->efirma = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self),
                                                &VNT_EFIRMA_POLICY_PERSONA_FISICA);
  /* Trámites saved before the service listed its requirements took the
   * Escritorio Virtual's carta. */
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->efirma, "ctc-ev");
}

VntCreateAccountController *
vnt_create_account_controller_new (VntServiceClient *client,
                                   VntTramiteStore  *store)
{
  return (VntCreateAccountController *) vnt_procedure_new (VNT_TYPE_CREATE_ACCOUNT_CONTROLLER,
                                                           client, store);
}

VntCreateAccountController *
vnt_create_account_controller_new_from (VntHasEfirma *other)
{
  VntProcedure *from = VNT_PROCEDURE (other);
  VntCreateAccountController *self;

  g_return_val_if_fail (VNT_IS_HAS_EFIRMA (other), NULL);

  self = vnt_create_account_controller_new (vnt_procedure_get_client (from), vnt_procedure_get_store (from));
  vnt_efirma_step_adopt (self->efirma, vnt_has_efirma_get_efirma_step (other));

  return self;
}

const char *
vnt_create_account_controller_get_email (VntCreateAccountController *self)
{
  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_EMAIL);
}

gboolean
vnt_create_account_controller_set_email (VntCreateAccountController  *self,
                                         const char                  *email,
                                         GError                     **error)
{
  VntTramite *record;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), FALSE);

  trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));
  if (!vnt_email_is_plausible (trimmed, FALSE))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                           _("That is not an e-mail address. Type it as name@example.com."));
      return FALSE;
    }

  record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  if (g_strcmp0 (trimmed, vnt_tramite_get_string (record, FIELD_EMAIL)) != 0)
    {
      vnt_tramite_set_string (record, FIELD_EMAIL, trimmed);
      vnt_procedure_save (VNT_PROCEDURE (self));
    }

  return TRUE;
}

const char *
vnt_create_account_controller_get_phone (VntCreateAccountController *self)
{
  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_PHONE);
}

gboolean
vnt_create_account_controller_set_phone (VntCreateAccountController  *self,
                                         const char                  *phone,
                                         GError                     **error)
{
  VntTramite *record;
  g_autoptr(GString) digits = g_string_new (NULL);

  g_return_val_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self), FALSE);

  for (const char *p = phone != NULL ? phone : ""; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_truncate (digits, 0);
          g_string_append (digits, "x");
          break;
        }
    }

  if (digits->len != 0 && digits->len != 10)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_PHONE,
                           _("The phone number must have 10 digits, including the area code."));
      return FALSE;
    }

  record = vnt_procedure_get_record (VNT_PROCEDURE (self));
  if (g_strcmp0 (digits->len > 0 ? digits->str : NULL, vnt_tramite_get_string (record, FIELD_PHONE)) != 0)
    {
      vnt_tramite_set_string (record, FIELD_PHONE, digits->len > 0 ? digits->str : NULL);
      vnt_procedure_save (VNT_PROCEDURE (self));
    }

  return TRUE;
}

/* ---- Autenticar ---- */

void
vnt_create_account_controller_authenticate_async (VntCreateAccountController *self,
                                                  GCancellable               *cancellable,
                                                  GAsyncReadyCallback         callback,
                                                  gpointer                    user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = json_object_new ();
  const char *email, *phone;
  GTask *task;

  g_return_if_fail (VNT_IS_CREATE_ACCOUNT_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_create_account_controller_authenticate_async);
  if (task == NULL)
    return;

  /* Authenticated already (resumed): the service's answer is kept. */
  if (vnt_tramite_flow_get_in_review (self->flow))
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }

  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED,
                                        VNT_EFIRMA_STEP_VALIDATED))
    return;

  email = vnt_create_account_controller_get_email (self);
  if (email == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                                                    _("Type your e-mail address: IMSS writes to it about your account.")));
      return;
    }

  json_object_set_string_member (data, "email", email);
  phone = vnt_create_account_controller_get_phone (self);
  if (phone != NULL)
    json_object_set_string_member (data, "phone", phone);

  vnt_tramite_flow_send (self->flow, task, data);
}

gboolean
vnt_create_account_controller_authenticate_finish (VntCreateAccountController  *self,
                                                   GAsyncResult                *result,
                                                   GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Facets ---- */

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  /* The account is what it creates: one already there is found right
   * after the CURP, not at "Autenticar". */
  iface->account_rule = VNT_ACCOUNT_RULE_ABSENT;
}

static GPtrArray *
get_review_rows (VntHasReview *has)
{
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (VNT_CREATE_ACCOUNT_CONTROLLER (has)->flow);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_review_row_free);

  if (tramite == NULL)
    return rows;

  vnt_review_rows_add (rows, "name", _("Name"), vnt_service_tramite_get_holder_name (tramite));
  vnt_review_rows_add (rows, "curp", _("CURP"), vnt_service_tramite_get_curp (tramite));
  vnt_review_rows_add (rows, "rfc", _("RFC"), vnt_service_tramite_get_rfc (tramite));
  vnt_review_rows_add (rows, "certificate_number", _("Certificate number"),
                       vnt_service_tramite_get_certificate_number (tramite));
  vnt_review_rows_add (rows, "folio", _("Folio"), vnt_service_tramite_get_folio (tramite));
  return rows;
}

static void
has_review_iface_init (VntHasReviewInterface *iface)
{
  iface->get_review_rows = get_review_rows;
}

static const char *
contact_get_email (VntHasContact *has)
{
  return vnt_create_account_controller_get_email (VNT_CREATE_ACCOUNT_CONTROLLER (has));
}

static gboolean
contact_set_email (VntHasContact  *has,
                   const char     *email,
                   GError        **error)
{
  return vnt_create_account_controller_set_email (VNT_CREATE_ACCOUNT_CONTROLLER (has), email, error);
}

static const char *
contact_get_phone (VntHasContact *has)
{
  return vnt_create_account_controller_get_phone (VNT_CREATE_ACCOUNT_CONTROLLER (has));
}

static gboolean
contact_set_phone (VntHasContact  *has,
                   const char     *phone,
                   GError        **error)
{
  return vnt_create_account_controller_set_phone (VNT_CREATE_ACCOUNT_CONTROLLER (has), phone, error);
}

static void
contact_submit_async (VntHasContact       *has,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  vnt_create_account_controller_authenticate_async (VNT_CREATE_ACCOUNT_CONTROLLER (has), cancellable,
                                                    callback, user_data);
}

static gboolean
contact_submit_finish (VntHasContact  *has,
                       GAsyncResult   *result,
                       GError        **error)
{
  return vnt_create_account_controller_authenticate_finish (VNT_CREATE_ACCOUNT_CONTROLLER (has), result, error);
}

static void
has_contact_iface_init (VntHasContactInterface *iface)
{
  iface->get_email = contact_get_email;
  iface->set_email = contact_set_email;
  iface->get_phone = contact_get_phone;
  iface->set_phone = contact_set_phone;
  iface->submit_async = contact_submit_async;
  iface->submit_finish = contact_submit_finish;
}
