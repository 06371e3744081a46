/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-json.h"
#include "core/vnt-npie.h"
#include "vnt-idse-recover-controller.h"

/* The record's fields: the NPIE typed, the service's answer, the
 * certificate chosen (its DER) and the .key chosen (a path). */
#define FIELD_NPIE        "idse/npie"
#define FIELD_LOOKUP      "idse/lookup"
#define FIELD_SERIAL      "idse/serial"
#define FIELD_STATUS      "idse/status"
#define FIELD_CERTIFICATE "idse/certificate"
#define FIELD_KEY_PATH    "idse/key_path"

struct _VntIdseRecoverController
{
  VntProcedure    parent_instance;

  VntPfxStep     *pfx;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (VntIdseRecoverController, vnt_idse_recover_controller, VNT_TYPE_PROCEDURE,
                               G_IMPLEMENT_INTERFACE (VNT_TYPE_HAS_PFX, NULL))

static const char * const steps[] = {
  VNT_IDSE_RECOVER_STEP_NPIE,
  VNT_IDSE_RECOVER_STEP_CERTIFICATES,
  VNT_IDSE_RECOVER_STEP_KEY,
  VNT_IDSE_RECOVER_STEP_PFX,
  VNT_IDSE_RECOVER_STEP_DONE,
  NULL
};

void
vnt_idse_certificate_info_free (VntIdseCertificateInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->serial);
  g_free (info->status);
  g_clear_pointer (&info->not_before, g_date_time_unref);
  g_clear_pointer (&info->not_after, g_date_time_unref);
  g_free (info);
}

gboolean
vnt_idse_certificate_status_recoverable (const char *status)
{
  return g_strcmp0 (status, "valid") == 0 || g_strcmp0 (status, "expired") == 0;
}

const char *
vnt_idse_certificate_status_to_string (const char *status)
{
  if (g_strcmp0 (status, "valid") == 0)
    return C_("IDSE certificate", "Valid");
  if (g_strcmp0 (status, "expired") == 0)
    return C_("IDSE certificate", "Expired");
  if (g_strcmp0 (status, "cancelled") == 0)
    return C_("IDSE certificate", "Cancelled");
  if (g_strcmp0 (status, "renewed") == 0)
    return C_("IDSE certificate", "Renewed");
  return C_("IDSE certificate", "Unknown");
}

static VntTramite *
record (VntIdseRecoverController *self)
{
  return vnt_procedure_get_record (VNT_PROCEDURE (self));
}

static void
step_changed_cb (VntIdseRecoverController *self)
{
  /* Saved: nothing is left to resume. */
  if (vnt_procedure_get_done (VNT_PROCEDURE (self)) && !vnt_tramite_get_finalized (record (self)))
    vnt_tramite_mark_finalized (record (self));
}

static void
vnt_idse_recover_controller_constructed (GObject *object)
{
  VntIdseRecoverController *self = VNT_IDSE_RECOVER_CONTROLLER (object);
  VntProcedure *procedure = VNT_PROCEDURE (self);

  G_OBJECT_CLASS (vnt_idse_recover_controller_parent_class)->constructed (object);

  self->pfx = vnt_pfx_step_new (procedure, "pfx", VNT_IDSE_RECOVER_STEP_DONE);
  vnt_procedure_add_part (procedure, self->pfx);
  vnt_pfx_step_set_npie (self->pfx, vnt_tramite_get_string (record (self), FIELD_NPIE));
  /* Resumed past the key: the key is never saved, so it is asked again. */
  if (g_strcmp0 (vnt_procedure_get_step (procedure), VNT_IDSE_RECOVER_STEP_PFX) == 0)
    vnt_procedure_set_step (procedure, VNT_IDSE_RECOVER_STEP_KEY);
  g_signal_connect (self, "notify::step", G_CALLBACK (step_changed_cb), NULL);
}

static void
vnt_idse_recover_controller_class_init (VntIdseRecoverControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VntProcedureClass *procedure_class = VNT_PROCEDURE_CLASS (klass);

  object_class->constructed = vnt_idse_recover_controller_constructed;

  procedure_class->procedure_id = "idse.recover";
  procedure_class->steps = steps;
}

static void
vnt_idse_recover_controller_init (VntIdseRecoverController *self)
{
}

VntIdseRecoverController *
vnt_idse_recover_controller_new (VntServiceClient *client,
                                 VntTramiteStore  *store)
{
  return (VntIdseRecoverController *) vnt_procedure_new (VNT_TYPE_IDSE_RECOVER_CONTROLLER,
                                                         client, store);
}

/* ------------------------------------------------------------------ */
/* The NPIE                                                            */

/* The service's words for an unknown NPIE are replaced by ours, which say
 * what to do; the code stays. */
static GError *
lookup_error (GError     *error,
              const char *npie)
{
  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND))
    {
      g_error_free (error);
      return g_error_new (VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND,
                          _("IMSS has no digital certificate for the NPIE %s. Check the NPIE (it is on the receipt of your request and in IDSE) and type it again."),
                          npie);
    }
  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_NPIE))
    {
      g_error_free (error);
      return g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_NPIE,
                                  _("The NPIE is 1 to 20 letters and digits. Check it and type it again."));
    }
  return error;
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRecoverController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  const char *npie = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = vnt_service_client_recover_npie_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      vnt_procedure_task_fail (procedure, task, lookup_error (error, npie));
      return;
    }
  if (vnt_json_get_array (answer, "certificates") == NULL)
    {
      vnt_procedure_task_fail (procedure, task, vnt_net_error_new_invalid_response ());
      return;
    }

  vnt_tramite_set_string (record (self), FIELD_NPIE, npie);
  vnt_tramite_set_object (record (self), FIELD_LOOKUP, answer);
  /* A new list: any earlier choice is gone. */
  vnt_tramite_set_string (record (self), FIELD_SERIAL, NULL);
  vnt_tramite_set_string (record (self), FIELD_STATUS, NULL);
  vnt_procedure_set_certificate (procedure, FIELD_CERTIFICATE, NULL);
  vnt_pfx_step_set_npie (self->pfx, npie);
  vnt_procedure_set_step (procedure, VNT_IDSE_RECOVER_STEP_CERTIFICATES);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_idse_recover_controller_lookup_async (VntIdseRecoverController *self,
                                          const char               *npie,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autofree char *clean = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_recover_controller_lookup_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_IDSE_RECOVER_STEP_NPIE, VNT_IDSE_RECOVER_STEP_KEY))
    return;

  clean = g_ascii_strup (g_strstrip (g_strdup (npie != NULL ? npie : "")), -1);
  if (!vnt_npie_validate (clean, &error))
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  g_task_set_task_data (task, g_strdup (clean), g_free);
  vnt_service_client_recover_npie_async (vnt_procedure_get_client (procedure), clean, cancellable,
                                         looked_up_cb, task);
}

gboolean
vnt_idse_recover_controller_lookup_finish (VntIdseRecoverController  *self,
                                           GAsyncResult              *result,
                                           GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_recover_controller_get_npie (VntIdseRecoverController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_NPIE);
}

const char *
vnt_idse_recover_controller_get_rfc (VntIdseRecoverController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self), NULL);
  return vnt_json_get_string (vnt_tramite_get_object (record (self), FIELD_LOOKUP), "rfc");
}

GPtrArray *
vnt_idse_recover_controller_list_certificates (VntIdseRecoverController *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_idse_certificate_info_free);
  JsonArray *array;

  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self), list);

  array = vnt_json_get_array (vnt_tramite_get_object (record (self), FIELD_LOOKUP), "certificates");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      VntIdseCertificateInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      if (vnt_json_get_string (object, "serial") == NULL)
        continue;

      info = g_new0 (VntIdseCertificateInfo, 1);
      info->serial = g_strdup (vnt_json_get_string (object, "serial"));
      info->status = g_strdup (vnt_json_get_string (object, "status"));
      info->not_before = vnt_json_get_date (object, "not_before");
      info->not_after = vnt_json_get_date (object, "not_after");
      g_ptr_array_add (list, info);
    }
  return list;
}

/* ------------------------------------------------------------------ */
/* The certificate chosen                                              */

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRecoverController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(JsonObject) info = NULL;
  GError *error = NULL;
  const char *status;

  certificate = vnt_service_client_get_idse_certificate_finish (VNT_SERVICE_CLIENT (source), result, &info, &error);
  if (certificate == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  /* The state may have changed since the list was read. */
  status = vnt_json_get_string (info, "status");
  if (status != NULL && !vnt_idse_certificate_status_recoverable (status))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                            _("This certificate is %s now and cannot be used in IDSE. Choose another one, or request a new certificate."),
                                            vnt_idse_certificate_status_to_string (status)));
      return;
    }

  vnt_procedure_set_certificate (procedure, FIELD_CERTIFICATE, certificate);
  vnt_tramite_set_string (record (self), FIELD_SERIAL, vnt_certificate_get_number (certificate));
  vnt_tramite_set_string (record (self), FIELD_STATUS, status);
  vnt_procedure_set_step (procedure, VNT_IDSE_RECOVER_STEP_KEY);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_idse_recover_controller_choose_async (VntIdseRecoverController *self,
                                          const char               *serial,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(GPtrArray) list = NULL;
  const char *status = NULL;
  gboolean listed = FALSE;
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_recover_controller_choose_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_IDSE_RECOVER_STEP_CERTIFICATES,
                                        VNT_IDSE_RECOVER_STEP_KEY))
    return;

  list = vnt_idse_recover_controller_list_certificates (self);
  for (guint i = 0; serial != NULL && i < list->len; i++)
    {
      VntIdseCertificateInfo *info = g_ptr_array_index (list, i);

      if (g_str_equal (info->serial, serial))
        {
          listed = TRUE;
          status = info->status;
        }
    }
  if (!listed)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                                    _("Choose the certificate you want to recover.")));
      return;
    }
  if (!vnt_idse_certificate_status_recoverable (status))
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                            _("This certificate is %s and cannot be used in IDSE. Choose another one, or request a new certificate."),
                                            vnt_idse_certificate_status_to_string (status)));
      return;
    }

  vnt_service_client_get_idse_certificate_async (vnt_procedure_get_client (procedure), serial, cancellable,
                                                 fetched_cb, task);
}

gboolean
vnt_idse_recover_controller_choose_finish (VntIdseRecoverController  *self,
                                           GAsyncResult              *result,
                                           GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VntCertificate *
vnt_idse_recover_controller_get_certificate (VntIdseRecoverController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self), NULL);
  return vnt_procedure_get_certificate (VNT_PROCEDURE (self), FIELD_CERTIFICATE);
}

/* ------------------------------------------------------------------ */
/* The key                                                             */

static void
key_opened_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntIdseRecoverController *self = g_task_get_source_object (task);
  VntProcedure *procedure = VNT_PROCEDURE (self);
  g_autoptr(VntPrivateKey) key = NULL;
  VntCertificate *certificate;
  GError *error = NULL;

  key = vnt_pfx_step_open_key_finish (result, &error);
  if (key == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }
  /* A key of another certificate is said plainly. */
  certificate = vnt_idse_recover_controller_get_certificate (self);
  if (!vnt_pfx_step_set_contents (self->pfx, certificate, key, &error))
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  vnt_tramite_set_string (record (self), FIELD_KEY_PATH, g_task_get_task_data (task));
  vnt_procedure_set_step (procedure, VNT_IDSE_RECOVER_STEP_PFX);
  vnt_procedure_task_return_saved (procedure, task, NULL, NULL);
}

void
vnt_idse_recover_controller_open_key_async (VntIdseRecoverController *self,
                                            const char               *key_path,
                                            const char               *password,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GTask *task;

  g_return_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_idse_recover_controller_open_key_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (procedure, task, VNT_IDSE_RECOVER_STEP_KEY, VNT_IDSE_RECOVER_STEP_PFX))
    return;
  if (vnt_idse_recover_controller_get_certificate (self) == NULL)
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("Choose the certificate you want to recover first.")));
      return;
    }
  if (key_path == NULL || *key_path == '\0')
    {
      vnt_procedure_task_fail (procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED,
                                                    _("Choose the private key (.key) of this certificate.")));
      return;
    }

  g_task_set_task_data (task, g_strdup (key_path), g_free);
  vnt_pfx_step_open_key_async (key_path, password, cancellable, key_opened_cb, task);
}

gboolean
vnt_idse_recover_controller_open_key_finish (VntIdseRecoverController  *self,
                                             GAsyncResult              *result,
                                             GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
vnt_idse_recover_controller_get_key_path (VntIdseRecoverController *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_RECOVER_CONTROLLER (self), NULL);
  return vnt_tramite_get_string (record (self), FIELD_KEY_PATH);
}
