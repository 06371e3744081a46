/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-id.h"
#include "vnt-company-register-controller.h"

/* The record's fields of this procedure. */
#define FIELD_TIPO_PODER     "tipo_poder"
#define FIELD_COMPANY_SIGNED "company_signed"
/* Per attachment: "<kind>/path", "<kind>/sha256", "<kind>/uploaded". */
#define FIELD_PATH           "path"
#define FIELD_SHA256         "sha256"
#define FIELD_UPLOADED       "uploaded"
/* Idempotency-Key actions. */
#define KEY_COSIGN           "cosign"
#define KEY_ATTACH           "attach"

/* The protocol's kinds (§7.3) and tipos de poder, in the enums' order. */
static const char * const attachment_kinds[VNT_PODER_N_ATTACHMENTS] = {
  "poder-portada", "poder-ultima-hoja",
};
static const char * const tipos_poder[] = {
  "dominio", "especial-imss", "administracion",
};

struct _VntCompanyRegisterController
{
  VntProcedure      parent_instance;

  VntEfirmaStep    *efirma;
  VntEfirmaStep    *company;
  VntTramiteFlow   *flow;
  /* In memory only: the bytes checked, until uploaded. */
  VntPdfAttachment *attachments[VNT_PODER_N_ATTACHMENTS];
  const char       *outcome_message; /* translated, static */
};

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_review_iface_init  (VntHasReviewInterface  *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntCompanyRegisterController, vnt_company_register_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_REVIEW, has_review_iface_init))

static const char * const steps[] = {
  VNT_EFIRMA_STEP_CURP,
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_COMPANY_STEP_EFIRMA,
  VNT_COMPANY_STEP_VALIDATED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_COMPANY_STEP_ATTACHED,
  VNT_TRAMITE_STEP_TERMS,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

static VntTramite *
record (VntCompanyRegisterController *self)
{
  return vnt_procedure_get_record (VNT_PROCEDURE (self));
}

static char *
attachment_field (VntPoderAttachment  which,
                  const char         *field)
{
  return g_strconcat (attachment_kinds[which], "/", field, NULL);
}

static const char *
get_attachment_field (VntCompanyRegisterController *self,
                      VntPoderAttachment            which,
                      const char                   *field)
{
  g_autofree char *name = attachment_field (which, field);

  return vnt_tramite_get_string (record (self), name);
}

static void
set_attachment_field (VntCompanyRegisterController *self,
                      VntPoderAttachment            which,
                      const char                   *field,
                      const char                   *value)
{
  g_autofree char *name = attachment_field (which, field);

  vnt_tramite_set_string (record (self), name, value);
}

static void
vnt_company_register_controller_dispose (GObject *object)
{
  VntCompanyRegisterController *self = VNT_COMPANY_REGISTER_CONTROLLER (object);

  for (guint i = 0; i < VNT_PODER_N_ATTACHMENTS; i++)
    g_clear_object (&self->attachments[i]);

  G_OBJECT_CLASS (vnt_company_register_controller_parent_class)->dispose (object);
}

static void
vnt_company_register_controller_class_init (VntCompanyRegisterControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_company_register_controller_dispose;

  procedure_class->procedure_id = "company.register";
  procedure_class->steps = steps;
}

static void
vnt_company_register_controller_init (VntCompanyRegisterController *self)
{
  self->efirma = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self),
                                                &VNT_EFIRMA_POLICY_PERSONA_FISICA);
  /* No CURP typed for the company: the one to match is the applicant's. */
  self->company = vnt_efirma_step_new (VNT_PROCEDURE (self), VNT_CREDENTIAL_ROLE_COMPANY,
                                       &VNT_EFIRMA_POLICY_PERSONA_MORAL, NULL,
                                       VNT_COMPANY_STEP_EFIRMA, VNT_COMPANY_STEP_VALIDATED);
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->efirma, NULL);
}

VntCompanyRegisterController *
vnt_company_register_controller_new (VntServiceClient *client,
                                     VntTramiteStore  *store)
{
  return (VntCompanyRegisterController *) vnt_procedure_new (VNT_TYPE_COMPANY_REGISTER_CONTROLLER,
                                                             client, store);
}

/* ------------------------------------------------------------------ */
/* The company                                                         */

const char *
vnt_company_tipo_sociedad_from_name (const char *razon_social)
{
  /* Longest first, so "S DE RL DE CV" is not taken for "DE CV". */
  static const char * const kinds[] = {
    "SAPI DE CV", "SAB DE CV", "S DE RL DE CV", "SC DE RL DE CV", "SPR DE RL DE CV",
    "SPR DE RL", "SC DE RL", "S DE RL", "SA DE CV", "S DE CV", "SAS DE CV", "SAS",
    "SA", "SC", "AC", "IAP", "ABP", "SCL",
  };
  g_autoptr(GString) name = NULL;
  gsize longest = 0;
  const char *found = NULL;

  if (razon_social == NULL)
    return NULL;

  /* "S.A. de C.V." and "SA DE CV" alike. */
  name = g_string_new (NULL);
  for (const char *p = razon_social; *p != '\0'; p++)
    if (*p != '.' && *p != ',')
      g_string_append_c (name, g_ascii_toupper (*p));
  while (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gsize len = strlen (kinds[i]);

      if (name->len > len && g_str_has_suffix (name->str, kinds[i]) &&
          name->str[name->len - len - 1] == ' ' && len > longest)
        {
          found = kinds[i];
          longest = len;
        }
    }

  return found;
}

VntEfirmaStep *
vnt_company_register_controller_get_company_step (VntCompanyRegisterController *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);
  return self->company;
}

const char *
vnt_company_register_controller_get_company_rfc (VntCompanyRegisterController *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);

  if (!vnt_procedure_has_reached (VNT_PROCEDURE (self), VNT_COMPANY_STEP_VALIDATED))
    return NULL;
  return vnt_efirma_step_get_rfc (self->company);
}

const char *
vnt_company_register_controller_get_razon_social (VntCompanyRegisterController *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);

  if (!vnt_procedure_has_reached (VNT_PROCEDURE (self), VNT_COMPANY_STEP_VALIDATED))
    return NULL;
  return vnt_efirma_step_get_name (self->company);
}

const char *
vnt_company_register_controller_get_tipo_sociedad (VntCompanyRegisterController *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);
  return vnt_company_tipo_sociedad_from_name (vnt_company_register_controller_get_razon_social (self));
}

VntTipoPoder
vnt_company_register_controller_get_tipo_poder (VntCompanyRegisterController *self)
{
  const char *saved;

  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), VNT_TIPO_PODER_DOMINIO);

  saved = vnt_tramite_get_string (record (self), FIELD_TIPO_PODER);
  for (guint i = 0; i < G_N_ELEMENTS (tipos_poder); i++)
    if (g_strcmp0 (saved, tipos_poder[i]) == 0)
      return (VntTipoPoder) i;

  return VNT_TIPO_PODER_DOMINIO;
}

void
vnt_company_register_controller_set_tipo_poder (VntCompanyRegisterController *self,
                                                VntTipoPoder                  tipo_poder)
{
  g_return_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self));
  g_return_if_fail ((guint) tipo_poder < G_N_ELEMENTS (tipos_poder));

  if (vnt_procedure_has_reached (VNT_PROCEDURE (self), VNT_TRAMITE_STEP_REVIEW) ||
      vnt_company_register_controller_get_tipo_poder (self) == tipo_poder)
    return;

  vnt_tramite_set_string (record (self), FIELD_TIPO_PODER, tipos_poder[tipo_poder]);
  vnt_procedure_save (VNT_PROCEDURE (self));
}

/* ---- The representative goes on from his e.firma ---- */

/* He must have an account (the service says so too, later, with
 * representative-required): looked up now, so that he is told before he
 * reaches for the company's e.firma. */
static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;

  if (!vnt_service_client_lookup_account_finish (VNT_SERVICE_CLIENT (source), result, &exists, &error))
    {
      vnt_procedure_end_operation (VNT_PROCEDURE (self), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!exists)
    {
      self->outcome_message = _("The legal representative needs an account in the Escritorio "
                                "Virtual before registering a company. Create it first with this "
                                "same e.firma, then come back.");
      vnt_procedure_end_operation (VNT_PROCEDURE (self), NULL);
      g_task_return_int (task, VNT_EFIRMA_OUTCOME_NO_ACCOUNT);
      return;
    }

  /* On to the company's e.firma, whose representative must be him. The
   * step takes a CURP only between operations. */
  vnt_procedure_end_operation (VNT_PROCEDURE (self), NULL);
  if (!vnt_efirma_step_set_curp (self->company, vnt_efirma_step_get_curp (self->efirma), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  vnt_procedure_set_step (VNT_PROCEDURE (self), VNT_COMPANY_STEP_EFIRMA);
  vnt_procedure_task_return_saved_int (VNT_PROCEDURE (self), g_steal_pointer (&task), VNT_EFIRMA_OUTCOME_GO_ON);
}

static void
proceed_async (VntHasEfirma        *has,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  VntCompanyRegisterController *self = VNT_COMPANY_REGISTER_CONTROLLER (has);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GTask *task;

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data, proceed_async);
  if (task == NULL)
    return;

  /* Resumed past it (the e.firma only had to be opened again). */
  if (vnt_procedure_has_reached (procedure, VNT_COMPANY_STEP_EFIRMA))
    {
      vnt_procedure_end_operation (procedure, NULL);
      g_task_return_int (task, VNT_EFIRMA_OUTCOME_GO_ON);
      g_object_unref (task);
      return;
    }
  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;

  vnt_service_client_lookup_account_async (vnt_procedure_get_client (procedure),
                                           vnt_efirma_step_get_curp (self->efirma),
                                           cancellable, lookup_cb, task);
}

static const char *
get_outcome_message (VntHasEfirma *has)
{
  return VNT_COMPANY_REGISTER_CONTROLLER (has)->outcome_message;
}

/* ---- "Continuar": the trámite starts ---- */

void
vnt_company_register_controller_register_async (VntCompanyRegisterController *self,
                                                GCancellable                 *cancellable,
                                                GAsyncReadyCallback           callback,
                                                gpointer                      user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) data = json_object_new ();
  const char *tipo_sociedad;
  GTask *task;

  g_return_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_company_register_controller_register_async);
  if (task == NULL)
    return;

  /* Started already (resumed): the service's answer is kept. */
  if (vnt_tramite_flow_get_in_review (self->flow))
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }
  if (!vnt_procedure_task_require_step (procedure, task, VNT_COMPANY_STEP_VALIDATED, VNT_COMPANY_STEP_VALIDATED))
    return;

  json_object_set_string_member (data, "company_rfc", vnt_company_register_controller_get_company_rfc (self));
  json_object_set_string_member (data, "razon_social", vnt_company_register_controller_get_razon_social (self));
  tipo_sociedad = vnt_company_register_controller_get_tipo_sociedad (self);
  if (tipo_sociedad != NULL)
    json_object_set_string_member (data, "tipo_sociedad", tipo_sociedad);
  json_object_set_string_member (data, "tipo_poder", tipos_poder[vnt_company_register_controller_get_tipo_poder (self)]);

  vnt_tramite_flow_send (self->flow, task, data);
}

gboolean
vnt_company_register_controller_register_finish (VntCompanyRegisterController  *self,
                                                 GAsyncResult                  *result,
                                                 GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The poder notarial                                                  */

void
vnt_company_register_controller_set_attachment (VntCompanyRegisterController *self,
                                                VntPoderAttachment            which,
                                                VntPdfAttachment             *attachment)
{
  g_return_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self));
  g_return_if_fail ((guint) which < VNT_PODER_N_ATTACHMENTS);
  g_return_if_fail (attachment == NULL || VNT_IS_PDF_ATTACHMENT (attachment));

  g_set_object (&self->attachments[which], attachment);
  set_attachment_field (self, which, FIELD_PATH, attachment != NULL ? vnt_pdf_attachment_get_path (attachment) : NULL);
  set_attachment_field (self, which, FIELD_SHA256,
                        attachment != NULL ? vnt_pdf_attachment_get_sha256 (attachment) : NULL);
  vnt_procedure_save (VNT_PROCEDURE (self));
}

const char *
vnt_company_register_controller_get_attachment_path (VntCompanyRegisterController *self,
                                                     VntPoderAttachment            which)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);
  g_return_val_if_fail ((guint) which < VNT_PODER_N_ATTACHMENTS, NULL);

  return get_attachment_field (self, which, FIELD_PATH);
}

const char *
vnt_company_register_controller_get_attachment_sha256 (VntCompanyRegisterController *self,
                                                       VntPoderAttachment            which)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), NULL);
  g_return_val_if_fail ((guint) which < VNT_PODER_N_ATTACHMENTS, NULL);

  return get_attachment_field (self, which, FIELD_SHA256);
}

gboolean
vnt_company_register_controller_get_attachment_uploaded (VntCompanyRegisterController *self,
                                                         VntPoderAttachment            which)
{
  const char *sha256;

  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), FALSE);
  g_return_val_if_fail ((guint) which < VNT_PODER_N_ATTACHMENTS, FALSE);

  sha256 = get_attachment_field (self, which, FIELD_SHA256);
  return sha256 != NULL && g_strcmp0 (sha256, get_attachment_field (self, which, FIELD_UPLOADED)) == 0;
}

static char *
attach_key_action (VntPoderAttachment which)
{
  return g_strconcat (KEY_ATTACH, ":", attachment_kinds[which], NULL);
}

static void upload_next (GTask *task);

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  VntPoderAttachment which = GPOINTER_TO_INT (g_task_get_task_data (task));
  VntPdfAttachment *attachment = self->attachments[which];
  g_autofree char *action = attach_key_action (which);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *sha256;

  answer = vnt_service_client_upload_attachment_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      vnt_procedure_spend_idempotency_key (VNT_PROCEDURE (self), action, error);
      g_object_set_data (G_OBJECT (task), "vnt-failed", GINT_TO_POINTER (which + 1));
      vnt_procedure_save (VNT_PROCEDURE (self));
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, g_steal_pointer (&error));
      return;
    }

  /* The service keeps what it received: the digest says it is this file. */
  sha256 = json_object_get_member (answer, "sha256");
  vnt_tramite_clear_idempotency_key (record (self), action);
  if (sha256 == NULL || !JSON_NODE_HOLDS_VALUE (sha256) || json_node_get_value_type (sha256) != G_TYPE_STRING ||
      g_ascii_strcasecmp (json_node_get_string (sha256), vnt_pdf_attachment_get_sha256 (attachment)) != 0)
    {
      g_object_set_data (G_OBJECT (task), "vnt-failed", GINT_TO_POINTER (which + 1));
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task,
                               g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                                                    _("The service did not receive the file as it is on this computer. Try again.")));
      return;
    }

  set_attachment_field (self, which, FIELD_UPLOADED, vnt_pdf_attachment_get_sha256 (attachment));
  upload_next (task);
}

static void
upload_send (GTask *task)
{
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  VntPoderAttachment which = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autofree char *action = attach_key_action (which);

  vnt_service_client_upload_attachment_async (vnt_procedure_get_client (VNT_PROCEDURE (self)),
                                              vnt_efirma_step_get_credential (self->efirma),
                                              vnt_efirma_step_get_curp (self->efirma),
                                              vnt_efirma_step_get_rfc (self->efirma),
                                              vnt_tramite_flow_get_folio (self->flow),
                                              attachment_kinds[which],
                                              vnt_pdf_attachment_get_contents (self->attachments[which]),
                                              vnt_tramite_get_idempotency_key (record (self), action),
                                              g_task_get_cancellable (task), uploaded_cb, task);
}

static void
upload_next (GTask *task)
{
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);

  if (g_task_return_error_if_cancelled (task))
    {
      vnt_procedure_end_operation (procedure, NULL);
      g_object_unref (task);
      return;
    }

  for (guint which = 0; which < VNT_PODER_N_ATTACHMENTS; which++)
    {
      g_autofree char *action = NULL;

      if (vnt_company_register_controller_get_attachment_uploaded (self, which))
        continue;

      if (self->attachments[which] == NULL)
        {
          g_object_set_data (G_OBJECT (task), "vnt-failed", GINT_TO_POINTER (which + 1));
          vnt_procedure_task_fail (procedure, task,
                                   g_error_new_literal (VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_MISSING,
                                                        which == VNT_PODER_PORTADA
                                                        ? _("Choose the PDF of the cover of the poder notarial.")
                                                        : _("Choose the PDF of the last page of the poder notarial.")));
          return;
        }

      /* The key goes to disk before the file leaves. */
      g_task_set_task_data (task, GINT_TO_POINTER (which), NULL);
      action = attach_key_action (which);
      vnt_procedure_task_save_key (procedure, task, action, upload_send);
      return;
    }

  /* Both there: the bytes are no longer needed in memory. */
  for (guint which = 0; which < VNT_PODER_N_ATTACHMENTS; which++)
    g_clear_object (&self->attachments[which]);
  if (!vnt_procedure_has_reached (procedure, VNT_COMPANY_STEP_ATTACHED))
    vnt_procedure_set_step (procedure, VNT_COMPANY_STEP_ATTACHED);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_company_register_controller_upload_async (VntCompanyRegisterController *self,
                                              GCancellable                 *cancellable,
                                              GAsyncReadyCallback           callback,
                                              gpointer                      user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GTask *task;

  g_return_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_company_register_controller_upload_async);
  if (task == NULL)
    return;
  /* A new file may replace one uploaded before, until the company signs. */
  if (!vnt_procedure_task_require_step (procedure, task, VNT_TRAMITE_STEP_REVIEW, VNT_TRAMITE_STEP_TERMS))
    return;
  if (vnt_company_register_controller_get_company_signed (self))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("The company already signed the procedure with these files. Start a new procedure to send others.")));
      return;
    }
  if (vnt_efirma_step_require_credential (self->efirma, task, NULL) == NULL)
    return;

  upload_next (task);
}

gboolean
vnt_company_register_controller_upload_finish (VntCompanyRegisterController  *self,
                                               GAsyncResult                  *result,
                                               VntPoderAttachment            *failed,
                                               GError                       **error)
{
  int which;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  which = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "vnt-failed"));
  if (failed != NULL && which > 0)
    *failed = which - 1;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The company signs first                                             */

gboolean
vnt_company_register_controller_get_company_signed (VntCompanyRegisterController *self)
{
  g_return_val_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self), FALSE);

  return vnt_tramite_flow_get_folio (self->flow) != NULL &&
         g_strcmp0 (vnt_tramite_get_string (record (self), FIELD_COMPANY_SIGNED),
                    vnt_tramite_flow_get_folio (self->flow)) == 0;
}

static void
cosigned_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = vnt_service_client_cosign_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      if (vnt_procedure_spend_idempotency_key (VNT_PROCEDURE (self), KEY_COSIGN, error))
        vnt_procedure_save (VNT_PROCEDURE (self));
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, g_steal_pointer (&error));
      return;
    }

  vnt_tramite_clear_idempotency_key (record (self), KEY_COSIGN);
  vnt_tramite_set_string (record (self), FIELD_COMPANY_SIGNED, vnt_tramite_flow_get_folio (self->flow));
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, NULL, NULL);
}

static void
cosign_send (GTask *task)
{
  VntCompanyRegisterController *self = g_task_get_source_object (task);
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (self->flow);
  VntCertificate *certificate = vnt_efirma_step_get_certificate (self->company);

  /* The company's proof names its representative's CURP and its own RFC. */
  vnt_service_client_cosign_async (vnt_procedure_get_client (VNT_PROCEDURE (self)),
                                   vnt_efirma_step_get_credential (self->company),
                                   vnt_certificate_get_representative_curp (certificate),
                                   vnt_efirma_step_get_rfc (self->company),
                                   vnt_tramite_flow_get_folio (self->flow), VNT_CREDENTIAL_ROLE_COMPANY,
                                   vnt_service_tramite_get_tramite_sha256 (tramite),
                                   vnt_tramite_get_idempotency_key (record (self), KEY_COSIGN),
                                   g_task_get_cancellable (task), cosigned_cb, task);
}

void
vnt_company_register_controller_company_sign_async (VntCompanyRegisterController *self,
                                                    GCancellable                 *cancellable,
                                                    GAsyncReadyCallback           callback,
                                                    gpointer                      user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntServiceTramite *tramite;
  GTask *task;

  g_return_if_fail (VNT_IS_COMPANY_REGISTER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_company_register_controller_company_sign_async);
  if (task == NULL)
    return;
  if (vnt_company_register_controller_get_company_signed (self))
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }
  if (!vnt_procedure_task_require_step (procedure, task, VNT_TRAMITE_STEP_TERMS, VNT_TRAMITE_STEP_TERMS))
    return;

  tramite = vnt_tramite_flow_get_tramite (self->flow);
  if (vnt_efirma_step_get_credential (self->company) == NULL || vnt_efirma_step_get_certificate (self->company) == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("To continue, type the password of the company’s e.firma again.")));
      return;
    }
  if (tramite == NULL || vnt_service_tramite_get_tramite_sha256 (tramite) == NULL)
    {
      vnt_procedure_task_fail (procedure, task, vnt_net_error_new_invalid_response ());
      return;
    }

  vnt_procedure_task_save_key (procedure, task, KEY_COSIGN, cosign_send);
}

gboolean
vnt_company_register_controller_company_sign_finish (VntCompanyRegisterController  *self,
                                                     GAsyncResult                  *result,
                                                     GError                       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Facets                                                              */

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->proceed_async = proceed_async;
  iface->get_outcome_message = get_outcome_message;
  iface->account_rule = VNT_ACCOUNT_RULE_REQUIRED;
}

static const char *
tipo_poder_title (VntTipoPoder tipo_poder)
{
  switch (tipo_poder)
    {
    case VNT_TIPO_PODER_ESPECIAL_IMSS:
      return _("Especial, para trámites ante el IMSS");
    case VNT_TIPO_PODER_ADMINISTRACION:
      return _("Administración");
    case VNT_TIPO_PODER_DOMINIO:
    default:
      return _("Dominio");
    }
}

static GPtrArray *
get_review_rows (VntHasReview *has)
{
  VntCompanyRegisterController *self = VNT_COMPANY_REGISTER_CONTROLLER (has);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_review_row_free);
  VntServiceTramite *tramite = vnt_tramite_flow_get_tramite (self->flow);

  vnt_review_rows_add (rows, "company_rfc", _("RFC"), vnt_company_register_controller_get_company_rfc (self));
  vnt_review_rows_add (rows, "razon_social", _("Razón social"), vnt_company_register_controller_get_razon_social (self));
  vnt_review_rows_add (rows, "tipo_sociedad", _("Tipo sociedad"), vnt_company_register_controller_get_tipo_sociedad (self));
  vnt_review_rows_add (rows, "tipo_poder", _("Tipo de poder"),
                       tipo_poder_title (vnt_company_register_controller_get_tipo_poder (self)));
  vnt_review_rows_add (rows, "representative", _("Legal representative"), vnt_efirma_step_get_name (self->efirma));
  if (tramite != NULL)
    vnt_review_rows_add (rows, "folio", _("Folio"), vnt_service_tramite_get_folio (tramite));
  return rows;
}

static void
has_review_iface_init (VntHasReviewInterface *iface)
{
  iface->get_review_rows = get_review_rows;
}
