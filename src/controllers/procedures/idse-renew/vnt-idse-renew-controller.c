/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-date.h"
#include "core/vnt-json.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "crypto/vnt-signature.h"
#include "vnt-idse-renew-controller.h"

/* The record's fields (never a key or a password). */
#define FIELD_NPIE          "renew/npie"
#define FIELD_EMAIL         "renew/email"
#define FIELD_CERTIFICATE   "renew/certificate"
#define FIELD_SIGNATURE     "renew/carta_signature_path"
#define FIELD_CONDITIONS    "renew/conditions"
#define FIELD_ACCEPTED_AT   "renew/conditions_accepted_at"

#define CONDITIONS_ID "condiciones-uso-idse"

struct _VntIdseRenewController
{
  VntProcedure    parent_instance;

  VntEfirmaStep  *certificate;  /* the one being renewed */
  VntKeygenStep  *keygen;
  VntTramiteFlow *flow;
  VntPfxStep     *pfx;

  VntCarta       *conditions;
};

static void has_efirma_iface_init  (VntHasEfirmaInterface  *iface);
static void has_keygen_iface_init  (VntHasKeygenInterface  *iface);
static void has_pfx_iface_init     (VntHasPfxInterface     *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VntIdseRenewController, vnt_idse_renew_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_EFIRMA, has_efirma_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_KEYGEN, has_keygen_iface_init)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_TRAMITE, NULL)
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_PFX, has_pfx_iface_init))

static const char * const steps[] = {
  VNT_EFIRMA_STEP_ASK,
  VNT_EFIRMA_STEP_VALIDATED,
  VNT_IDSE_RENEW_STEP_KEY,
  VNT_IDSE_RENEW_STEP_KEY_SAVED,
  VNT_TRAMITE_STEP_REVIEW,
  VNT_TRAMITE_STEP_TERMS,
  VNT_TRAMITE_STEP_FINALIZING,
  VNT_TRAMITE_STEP_DONE,
  NULL
};

static void
vnt_idse_renew_controller_dispose (GObject *object)
{
  VntIdseRenewController *self = VNT_IDSE_RENEW_CONTROLLER (object);

  g_clear_object (&self->conditions);

  G_OBJECT_CLASS (vnt_idse_renew_controller_parent_class)->dispose (object);
}

static void
vnt_idse_renew_controller_class_init (VntIdseRenewControllerClass *klass)
{
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vnt_idse_renew_controller_dispose;

  procedure_class->procedure_id = "idse.renew";
  procedure_class->steps = steps;
}

static void
vnt_idse_renew_controller_init (VntIdseRenewController *self)
{
  self->certificate = vnt_efirma_step_new_applicant (VNT_PROCEDURE (self),
                                                     &VNT_EFIRMA_POLICY_IDSE_EXPIRED);
  self->keygen = vnt_keygen_step_new (VNT_PROCEDURE (self), "renew_key", VNT_IDSE_RENEW_STEP_KEY,
                                      VNT_IDSE_RENEW_STEP_KEY_SAVED);
  vnt_procedure_add_part (VNT_PROCEDURE (self), self->keygen);
  self->flow = vnt_tramite_flow_new (VNT_PROCEDURE (self), self->certificate, NULL);
  self->pfx = vnt_pfx_step_new (VNT_PROCEDURE (self), "new_pfx", NULL);
  vnt_procedure_add_part (VNT_PROCEDURE (self), self->pfx);
}

VntIdseRenewController *
vnt_idse_renew_controller_new (VntServiceClient *client,
                               VntTramiteStore  *store)
{
  return (VntIdseRenewController *) vnt_procedure_new (VNT_TYPE_IDSE_RENEW_CONTROLLER,
                                                       client, store);
}

static VntTramite *
record (VntIdseRenewController *self)
{
  return vnt_procedure_get_record (VNT_PROCEDURE (self));
}

const char *
vnt_idse_renew_controller_get_npie (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_NPIE);
}

const char *
vnt_idse_renew_controller_get_email (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_EMAIL);
}

/* ------------------------------------------------------------------ */
/* The certificate: can it still be renewed?                           */

static GError *
not_idse_error (void)
{
  return g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED,
                              _("This is not an IDSE certificate: it may be an e.firma or a CSD from the SAT. Choose the digital certificate the IMSS gave you for IDSE (its .pfx, or its .cer and .key)."));
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRenewController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntCertificate) on_record = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  VntCertificate *mine = vnt_efirma_step_get_certificate (self->certificate);
  const char *status = NULL;
  GError *error = NULL;

  on_record = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, &info, &error);
  if (on_record == NULL)
    {
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_NOT_FOUND))
        {
          g_clear_error (&error);
          error = not_idse_error ();
        }
      vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  /* Another certificate with the same number is not this one. */
  if (!g_bytes_equal (vnt_certificate_get_der (on_record), vnt_certificate_get_der (mine)))
    {
      vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
      vnt_procedure_task_fail (procedure, task, not_idse_error ());
      return;
    }

  status = vnt_json_get_string (info, "status");
  if (g_strcmp0 (status, "renewed") == 0 || g_strcmp0 (status, "cancelled") == 0)
    {
      vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_REVOKED,
                                                    g_str_equal (status, "renewed")
                                                    ? _("This certificate was renewed already. Use the new one; if you lost it, get its .pfx again with “Recuperación de certificado”.")
                                                    : _("This certificate was cancelled, so it cannot be renewed. Request a new one with “Solicitud del Certificado Digital”.")));
      return;
    }

  /* Said here, before the service would refuse the renewal. */
  if (g_date_time_difference (now, vnt_certificate_get_not_after (mine)) >
      (GTimeSpan) VNT_IDSE_RENEW_MAX_EXPIRED_DAYS * G_TIME_SPAN_DAY)
    {
      g_autofree char *date = vnt_date_format_date (vnt_certificate_get_not_after (mine));

      vnt_procedure_set_step (procedure, VNT_EFIRMA_STEP_ASK);
      vnt_procedure_task_fail (procedure, task,
                               g_error_new (VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_EXPIRED,
                                            _("This certificate expired on %s, more than a year ago, and can no longer be renewed. Request a new one with “Solicitud del Certificado Digital”."),
                                            date));
      return;
    }

  if (vnt_json_get_string (info, "npie") != NULL)
    vnt_tramite_set_string (record (self), FIELD_NPIE, vnt_json_get_string (info, "npie"));
  vnt_procedure_task_return_saved_int (procedure, task, VNT_EFIRMA_OUTCOME_GO_ON);
}

static void
proceed_async (VntHasEfirma        *has,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  VntIdseRenewController *self = VNT_IDSE_RENEW_CONTROLLER (has);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntCertificate *certificate;
  GTask *task;

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data, proceed_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_EFIRMA_STEP_VALIDATED, VNT_EFIRMA_STEP_VALIDATED))
    return;

  certificate = vnt_efirma_step_get_certificate (self->certificate);
  vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure),
                                                 vnt_certificate_get_number (certificate),
                                                 cancellable, looked_up_cb, task);
}

/* ------------------------------------------------------------------ */
/* The company's data                                                  */

static gboolean
email_is_plausible (const char *email)
{
  const char *at = email != NULL ? strchr (email, '@') : NULL;

  return at != NULL && at != email && strchr (at, '.') != NULL && at[1] != '.' &&
         strpbrk (email, " \t\r\n|") == NULL && strlen (email) <= 254 && g_str_is_ascii (email);
}

gboolean
vnt_idse_renew_controller_confirm_data (VntIdseRenewController  *self,
                                        const char              *email,
                                        GError                 **error)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), FALSE);

  if (vnt_procedure_has_reached (procedure, VNT_TRAMITE_STEP_REVIEW))
    return TRUE;
  if (!vnt_procedure_has_reached (procedure, VNT_EFIRMA_STEP_VALIDATED))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("Open the certificate to renew first."));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (email != NULL ? email : ""));
  if (!email_is_plausible (trimmed))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                           _("Type an e-mail address such as nominas@empresa.mx: the IMSS writes to it about your certificate."));
      return FALSE;
    }

  vnt_tramite_set_string (record (self), FIELD_EMAIL, trimmed);
  if (!vnt_procedure_has_reached (procedure, VNT_IDSE_RENEW_STEP_KEY))
    vnt_procedure_set_step (procedure, VNT_IDSE_RENEW_STEP_KEY);
  vnt_procedure_save (procedure);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Enviar                                                              */

void
vnt_idse_renew_controller_send_async (VntIdseRenewController *self,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(JsonObject) body = NULL;
  GTask *operation;

  g_return_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self));

  operation = vnt_tramite_flow_send_task_new (self->flow, VNT_TRAMITE_SEND_THEN_TERMS, cancellable, callback,
                                              user_data, vnt_idse_renew_controller_send_async);
  if (operation == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, operation, VNT_IDSE_RENEW_STEP_KEY_SAVED,
                                        VNT_IDSE_RENEW_STEP_KEY_SAVED))
    return;
  if (vnt_efirma_step_require_credential (self->certificate, operation,
                                          _("Open the certificate you are renewing again (its "
                                            "password is never saved), then send the "
                                            "renewal.")) == NULL)
    return;
  if (vnt_keygen_step_get_key (self->keygen) == NULL)
    {
      vnt_procedure_task_fail (procedure, operation,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("Open the new private key you saved (type its password), then send the renewal.")));
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "serial", vnt_efirma_step_get_certificate_number (self->certificate));
  json_object_set_string_member (body, "email", vnt_idse_renew_controller_get_email (self));
  vnt_tramite_flow_send_with_request (self->flow, operation, self->keygen, body,
                                      vnt_efirma_step_get_rfc (self->certificate),
                                      vnt_efirma_step_get_rfc (self->certificate),
                                      vnt_idse_renew_controller_get_email (self));
}

gboolean
vnt_idse_renew_controller_send_finish (VntIdseRenewController  *self,
                                       GAsyncResult            *result,
                                       GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The new certificate                                                 */

VntCertificate *
vnt_idse_renew_controller_get_new_certificate (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_procedure_get_certificate (VNT_PROCEDURE (self), FIELD_CERTIFICATE);
}

static GError *
key_mismatch_error (void)
{
  return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                              _("The certificate the IMSS issued is not for the key you saved. Do not use it: ask at your IMSS office."));
}

/* The `.pfx` step gets the new certificate and the new key, once they
 * match; "Mis certificados IDSE" lists the saved .pfx under its NPIE. */
static gboolean
fill_pfx (VntIdseRenewController *self,
          VntCertificate         *certificate,
          VntPrivateKey          *key)
{
  vnt_pfx_step_set_npie (self->pfx, vnt_idse_renew_controller_get_npie (self));
  if (vnt_pfx_step_get_certificate (self->pfx) != NULL)
    return TRUE;
  return key != NULL && vnt_pfx_step_set_contents (self->pfx, certificate, key, NULL);
}

static void
new_certificate_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRenewController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntCertificate) certificate = NULL;
  VntPrivateKey *key = vnt_keygen_step_get_key (self->keygen);
  GError *error = NULL;

  certificate = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, NULL, &error);
  if (certificate == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  /* Issued for the key saved before the renewal was sent, or useless. */
  if (!fill_pfx (self, certificate, key))
    {
      vnt_procedure_task_fail (procedure, task, key_mismatch_error ());
      return;
    }

  vnt_procedure_set_certificate (procedure, FIELD_CERTIFICATE, certificate);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_idse_renew_controller_fetch_certificate_async (VntIdseRenewController *self,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntCertificate *certificate;
  VntPrivateKey *key;
  const char *serial;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_renew_controller_fetch_certificate_async);
  if (task == NULL)
    return;
  serial = vnt_tramite_flow_get_acuse_string (self->flow, "serial");
  if (!vnt_procedure_get_done (procedure) || serial == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("The renewal has no receipt yet: sign the letter first.")));
      return;
    }

  key = vnt_keygen_step_get_key (self->keygen);
  if (key == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                    _("The new private key is not open any more. Use “Recuperación de certificado” with the key you saved to make the .pfx.")));
      return;
    }

  /* Fetched before: checked again against the key in memory. */
  certificate = vnt_idse_renew_controller_get_new_certificate (self);
  if (certificate != NULL)
    {
      if (!fill_pfx (self, certificate, key))
        vnt_procedure_task_fail (procedure, task, key_mismatch_error ());
      else
        vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }

  vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial, cancellable,
                                                 new_certificate_cb, task);
}

gboolean
vnt_idse_renew_controller_fetch_certificate_finish (VntIdseRenewController  *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VntPfxStep *
vnt_idse_renew_controller_get_pfx_step (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return self->pfx;
}

static char *
base_name (VntIdseRenewController *self)
{
  VntCertificate *certificate = vnt_idse_renew_controller_get_new_certificate (self);

  if (certificate == NULL)
    return g_strdup ("IDSE");
  return g_strdup_printf ("%s_%s", vnt_efirma_step_get_rfc (self->certificate),
                          vnt_certificate_get_number (certificate));
}

/* ------------------------------------------------------------------ */
/* The carta, signed again with the new certificate                    */

typedef struct {
  VntCredential *credential;
  GBytes        *text;
  char          *path;
} SignData;

static void
sign_data_free (SignData *data)
{
  g_clear_object (&data->credential);
  g_clear_pointer (&data->text, g_bytes_unref);
  g_free (data->path);
  g_free (data);
}

/* Signs the carta with the new pair, checks the signature and writes it:
 * the path written, or NULL with @error set. */
static gpointer
sign_job (gpointer      job_data,
          GCancellable *cancellable,
          GError      **error)
{
  SignData *data = job_data;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(VntCertificate) signer = NULL;

  cms = vnt_credential_sign_cms (data->credential, data->text, TRUE, error);
  if (cms == NULL)
    return NULL;
  /* Checked before it is kept: the new pair signs. */
  signer = vnt_signature_verify_cms (cms, data->text, NULL, error);
  if (signer == NULL)
    return NULL;
  if (!g_bytes_equal (vnt_certificate_get_der (signer),
                      vnt_certificate_get_der (vnt_credential_get_certificate (data->credential))))
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE,
                           _("The signature is not of the new certificate. Try again."));
      return NULL;
    }
  if (!vnt_safe_file_write_bytes (data->path, cms, cancellable, error))
    return NULL;

  return g_strdup (data->path);
}

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRenewController *self = VNT_IDSE_RENEW_CONTROLLER (source);
  g_autofree char        *path = NULL;
  GError *error = NULL;

  path = vnt_task_run_finish (result, self, sign_job, &error);
  if (path == NULL)
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return;
    }
  vnt_tramite_set_string (record (self), FIELD_SIGNATURE, path);
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, NULL, NULL);
}

VntCarta *
vnt_idse_renew_controller_get_carta (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_tramite_flow_get_terms (self->flow);
}

void
vnt_idse_renew_controller_sign_again_async (VntIdseRenewController *self,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  VntCarta *carta;
  const char *pfx_path;
  SignData *data;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_renew_controller_sign_again_async);
  if (task == NULL)
    return;
  if (vnt_idse_renew_controller_get_signature_path (self) != NULL)
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }

  pfx_path = vnt_pfx_step_get_path (self->pfx);
  carta = vnt_tramite_flow_get_terms (self->flow);
  if (pfx_path == NULL || vnt_pfx_step_get_key (self->pfx) == NULL || carta == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("Save the new certificate (.pfx) first: the letter is signed with it.")));
      return;
    }

  data = g_new0 (SignData, 1);
  data->credential = vnt_credential_new_from_private_key (vnt_pfx_step_get_certificate (self->pfx),
                                                          vnt_pfx_step_get_key (self->pfx), &error);
  if (data->credential == NULL)
    {
      sign_data_free (data);
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }
  data->text = g_bytes_new (vnt_carta_get_text (carta), strlen (vnt_carta_get_text (carta)));
  folder = g_path_get_dirname (pfx_path);
  base = base_name (self);
  name = g_strconcat (base, "_carta.p7s", NULL);
  data->path = g_build_filename (folder, name, NULL);

  vnt_task_run_in_thread (self, data, (GDestroyNotify) sign_data_free, sign_job, g_free, sign_job,
                          cancellable, signed_cb, task);
}

gboolean
vnt_idse_renew_controller_sign_again_finish (VntIdseRenewController  *self,
                                             GAsyncResult            *result,
                                             GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_renew_controller_get_signature_path (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_SIGNATURE);
}

/* ------------------------------------------------------------------ */
/* Carta de Condiciones de Uso                                         */

static void
conditions_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRenewController *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(VntCarta) carta = NULL;
  GError *error = NULL;

  json = vnt_service_client_get_terms_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (json != NULL)
    carta = vnt_carta_new_from_json (json, &error);
  if (carta == NULL)
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return;
    }
  g_set_object (&self->conditions, carta);
  vnt_tramite_set_object (record (self), FIELD_CONDITIONS, json);
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, NULL, NULL);
}

VntCarta *
vnt_idse_renew_controller_get_conditions (VntIdseRenewController *self)
{
  JsonObject *json;

  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);

  if (self->conditions == NULL && (json = vnt_tramite_get_object (record (self), FIELD_CONDITIONS)) != NULL)
    self->conditions = vnt_carta_new_from_json (json, NULL);
  return self->conditions;
}

void
vnt_idse_renew_controller_fetch_conditions_async (VntIdseRenewController *self,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_renew_controller_fetch_conditions_async);
  if (task == NULL)
    return;
  if (vnt_idse_renew_controller_get_conditions (self) != NULL)
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }
  vnt_service_client_get_terms_async (vnt_procedure_get_client (procedure), CONDITIONS_ID, cancellable,
                                      conditions_cb, task);
}

gboolean
vnt_idse_renew_controller_fetch_conditions_finish (VntIdseRenewController  *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRenewController *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = vnt_service_client_accept_idse_conditions_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      /* Refused for good: the next attempt is a new request, with a new key. */
      if (vnt_procedure_spend_idempotency_key (VNT_PROCEDURE (self), "conditions", error))
        vnt_procedure_save (VNT_PROCEDURE (self));
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return;
    }
  vnt_tramite_clear_idempotency_key (record (self), "conditions");
  vnt_tramite_set_string (record (self), FIELD_ACCEPTED_AT,
                          json_object_has_member (answer, "accepted_at")
                          ? json_object_get_string_member (answer, "accepted_at") : "");
  vnt_procedure_task_return_saved (VNT_PROCEDURE (self), task, NULL, NULL);
}

/* Signed with the new certificate's own key; the terms are the task's data. */
static void
accept_send (GTask *task)
{
  VntIdseRenewController *self = g_task_get_source_object (task);
  VntCertificate         *certificate = vnt_pfx_step_get_certificate (self->pfx);
  const char             *key = vnt_tramite_get_idempotency_key (record (self), "conditions");
  g_autoptr(VntCredential) credential = NULL;
  GError *error = NULL;

  credential = vnt_credential_new_from_private_key (certificate, vnt_pfx_step_get_key (self->pfx),
                                                    &error);
  if (credential == NULL)
    {
      vnt_procedure_task_fail (VNT_PROCEDURE (self), task, error);
      return;
    }

  /* As for idse.cancel: no CURP, the employer's RFC. */
  vnt_service_client_accept_idse_conditions_async (vnt_procedure_get_client (VNT_PROCEDURE (self)),
                                                   credential, "",
                                                   vnt_efirma_step_get_rfc (self->certificate),
                                                   vnt_certificate_get_number (certificate),
                                                   g_task_get_task_data (task), key,
                                                   g_task_get_cancellable (task), accepted_cb,
                                                   task);
}

void
vnt_idse_renew_controller_accept_conditions_async (VntIdseRenewController *self,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  JsonObject   *terms;
  VntCarta     *carta;
  GTask        *task;

  g_return_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_renew_controller_accept_conditions_async);
  if (task == NULL)
    return;
  if (vnt_idse_renew_controller_get_conditions_accepted_at (self) != NULL)
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }

  carta = vnt_idse_renew_controller_get_conditions (self);
  if (carta == NULL || vnt_pfx_step_get_key (self->pfx) == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("Save the new certificate (.pfx) first: the Carta de Condiciones de Uso is signed with it.")));
      return;
    }

  terms = json_object_new ();
  json_object_set_string_member (terms, "id", vnt_carta_get_id (carta));
  json_object_set_string_member (terms, "version", vnt_carta_get_version (carta));
  json_object_set_string_member (terms, "sha256", vnt_carta_get_sha256 (carta));
  g_task_set_task_data (task, terms, (GDestroyNotify) json_object_unref);
  vnt_procedure_task_save_key (procedure, task, "conditions", accept_send);
}

gboolean
vnt_idse_renew_controller_accept_conditions_finish (VntIdseRenewController  *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_renew_controller_get_conditions_accepted_at (VntIdseRenewController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RENEW_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_ACCEPTED_AT);
}

/* ------------------------------------------------------------------ */
/* Facets                                                              */

static void
has_efirma_iface_init (VntHasEfirmaInterface *iface)
{
  iface->proceed_async = proceed_async;
}

static char *
suggest_file_name (VntHasKeygen *has)
{
  VntIdseRenewController *self = VNT_IDSE_RENEW_CONTROLLER (has);

  return vnt_keygen_step_suggest_file_name ("IDSE", vnt_efirma_step_get_rfc (self->certificate), NULL);
}

static void
has_keygen_iface_init (VntHasKeygenInterface *iface)
{
  iface->suggest_file_name = suggest_file_name;
}

static void
prepare_pfx_async (VntHasPfx           *has,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  vnt_idse_renew_controller_fetch_certificate_async (VNT_IDSE_RENEW_CONTROLLER (has), cancellable,
                                                     callback, user_data);
}

static gboolean
prepare_pfx_finish (VntHasPfx     *has,
                    GAsyncResult  *result,
                    GError       **error)
{
  return vnt_idse_renew_controller_fetch_certificate_finish (VNT_IDSE_RENEW_CONTROLLER (has), result, error);
}

static void
has_pfx_iface_init (VntHasPfxInterface *iface)
{
  iface->prepare_async = prepare_pfx_async;
  iface->prepare_finish = prepare_pfx_finish;
}
