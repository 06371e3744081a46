/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-json.h"
#include "core/vnt-npie.h"
#include "vnt-idse-request-controller-private.h"

/* ------------------------------------------------------------------ */
/* Practice: the visit to the Subdelegación, the certificate           */

static VntCertificate *
issued_certificate (VntIdseRequestController *self)
{
  return vnt_procedure_get_certificate (VNT_PROCEDURE (self), FIELD_CERTIFICATE);
}

/* The certificate is packed with the key made for its request: once that
 * key is closed, only a recovery with the saved key makes the .pfx. */
static GError *
key_closed_error (void)
{
  return g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                              _("The private key is not open any more. Use “Recuperación de "
                                "certificado” with the key you saved to make the .pfx."));
}

static void
certificate_fetched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRequestController *self = g_task_get_source_object (task);
  VntIdseRequestControllerPrivate *priv = PRIV (self);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntCertificate) certificate = NULL;
  VntPrivateKey *key = vnt_keygen_step_get_key (priv->keygen);
  GError *error = NULL;

  certificate = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, NULL, &error);
  if (certificate == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  /* Issued for the key saved at the start, or useless. */
  if (key == NULL || !vnt_private_key_matches (key, certificate))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                                                    _("The certificate the IMSS issued is not for the key you saved. Do not use it: ask at your IMSS office.")));
      return;
    }

  vnt_procedure_set_certificate (procedure, FIELD_CERTIFICATE, certificate);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

static void
concluded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRequestController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntTramite *record = vnt_procedure_get_record (procedure);
  g_autoptr(JsonObject) answer = NULL;
  const char *serial;
  GError *error = NULL;

  answer = vnt_service_client_practice_conclude_idse_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      /* Refused for good: the next attempt is a new request, with a new key. */
      if (vnt_procedure_spend_idempotency_key (procedure, "conclude", error))
        vnt_procedure_save (procedure);
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  vnt_tramite_clear_idempotency_key (record, "conclude");
  serial = vnt_json_get_string (vnt_json_get_object (answer, "certificate"), "serial");
  if (vnt_json_get_string (answer, "npie") != NULL)
    vnt_tramite_set_string (record, FIELD_NPIE, vnt_json_get_string (answer, "npie"));
  if (serial == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                                                    _("The service did not issue the certificate. Try again later.")));
      return;
    }
  vnt_tramite_set_string (record, FIELD_SERIAL, serial);

  vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial,
                                                 g_task_get_cancellable (task), certificate_fetched_cb, task);
}

static void
conclude_send (GTask *task)
{
  VntIdseRequestController *self = g_task_get_source_object (task);
  VntProcedure             *procedure = VNT_PROCEDURE (self);
  VntTramite               *record = vnt_procedure_get_record (procedure);
  const char               *key = vnt_tramite_get_idempotency_key (record, "conclude");

  vnt_service_client_practice_conclude_idse_async (vnt_procedure_get_client (procedure),
                                                   vnt_tramite_flow_get_folio (PRIV (self)->flow),
                                                   key, g_task_get_cancellable (task), concluded_cb,
                                                   task);
}

void
vnt_idse_request_controller_conclude_async (VntIdseRequestController *self,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  VntTramite *record;
  const char *serial;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_request_controller_conclude_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_get_done (procedure))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("The request has no folio yet: sign the letter first.")));
      return;
    }

  record = vnt_procedure_get_record (procedure);
  serial = vnt_tramite_get_string (record, FIELD_SERIAL);
  if (issued_certificate (self) == NULL && vnt_keygen_step_get_key (PRIV (self)->keygen) == NULL)
    {
      vnt_procedure_task_fail (procedure, task, key_closed_error ());
      return;
    }
  if (issued_certificate (self) != NULL)
    {
      vnt_procedure_task_return (procedure, task, NULL, NULL);
      return;
    }
  /* Concluded before, the certificate not fetched yet. */
  if (serial != NULL)
    {
      vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial, cancellable,
                                                     certificate_fetched_cb, task);
      return;
    }

  vnt_procedure_task_save_key (procedure, task, "conclude", conclude_send);
}

gboolean
vnt_idse_request_controller_conclude_finish (VntIdseRequestController  *self,
                                             GAsyncResult              *result,
                                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_request_controller_get_npie (VntIdseRequestController *self)
{
  const char *npie;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  npie = vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_NPIE);
  return npie != NULL ? npie : vnt_tramite_flow_get_acuse_string (PRIV (self)->flow, "npie");
}

VntCertificate *
vnt_idse_request_controller_get_certificate (VntIdseRequestController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);
  return issued_certificate (self);
}

char *
vnt_idse_request_controller_suggest_pfx_name (VntIdseRequestController *self)
{
  VntCertificate *certificate;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  certificate = issued_certificate (self);
  if (certificate == NULL)
    return g_strdup ("IDSE.pfx");
  return g_strdup_printf ("%s_%s.pfx", vnt_efirma_step_get_rfc (PRIV (self)->efirma),
                          vnt_certificate_get_number (certificate));
}

/* ------------------------------------------------------------------ */
/* The .pfx                                                            */

static void
pfx_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!vnt_pfx_step_save_finish (VNT_PFX_STEP (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Packed and written by the procedure's VntPfxStep, which also notes the
 * file in "Mis certificados IDSE". */
void
vnt_idse_request_controller_save_pfx_async (VntIdseRequestController *self,
                                            const char               *path,
                                            const char               *password,
                                            VntPkcs12Profile          profile,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  VntIdseRequestControllerPrivate *priv;
  g_autoptr(GTask) task = NULL;
  VntCertificate *certificate;
  VntPrivateKey *key;
  GError *error = NULL;

  g_return_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self));
  g_return_if_fail (path != NULL);

  priv = PRIV (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_idse_request_controller_save_pfx_async);

  certificate = issued_certificate (self);
  key = vnt_keygen_step_get_key (priv->keygen);
  if (certificate == NULL)
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP, "%s",
                               _("The certificate was not issued yet: it is handed over at the IMSS office."));
      return;
    }
  if (key == NULL)
    {
      g_task_return_error (task, key_closed_error ());
      return;
    }
  if (!vnt_idse_credential_is_valid (password))
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED, "%s",
                               _("Protect the .pfx with your IDSE password: 8 to 20 letters or digits."));
      return;
    }
  if (!vnt_pfx_step_set_contents (priv->pfx, certificate, key, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_pfx_step_set_npie (priv->pfx, vnt_idse_request_controller_get_npie (self));
  vnt_pfx_step_save_async (priv->pfx, path, password, profile, cancellable, pfx_saved_cb, g_steal_pointer (&task));
}

gboolean
vnt_idse_request_controller_save_pfx_finish (VntIdseRequestController  *self,
                                             GAsyncResult              *result,
                                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_request_controller_get_pfx_path (VntIdseRequestController *self)
{
  const char *path;

  g_return_val_if_fail (VNT_IS_IDSE_REQUEST_CONTROLLER (self), NULL);

  path = vnt_pfx_step_get_path (PRIV (self)->pfx);
  /* Saved by an earlier version. */
  return path != NULL ? path : vnt_tramite_get_string (vnt_procedure_get_record (VNT_PROCEDURE (self)), FIELD_PFX_PATH);
}

