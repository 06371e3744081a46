/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "controllers/vnt-acuse-pdf.h"
#include "controllers/vnt-create-account-controller.h"
#include "controllers/vnt-procedure-private.h"
#include "controllers/vnt-update-efirma-controller.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-rfc.h"

G_DEFINE_QUARK (vnt-procedure-error-quark, vnt_procedure_error)

static const char * const error_codes[] = {
  "failed", "busy", "wrong-step", "rfc-mismatch", "curp-mismatch", "persona-moral",
  "check-failed", "different-certificate", "needs-credential", "invalid-email", "invalid-phone",
};

const char *
vnt_procedure_error_code_to_string (VntProcedureError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_codes))
    return "failed";
  return error_codes[code];
}

static const char * const step_names[] = {
  "curp", "efirma", "validated", "review", "terms", "finalizing", "done",
};

const char *
vnt_procedure_step_to_string (VntProcedureStep step)
{
  if ((guint) step >= G_N_ELEMENTS (step_names))
    return step_names[0];
  return step_names[step];
}

VntProcedureStep
vnt_procedure_step_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
    if (g_strcmp0 (text, step_names[i]) == 0)
      return (VntProcedureStep) i;

  return VNT_PROCEDURE_STEP_CURP;
}

typedef struct
{
  VntServiceClient *client;
  VntTramiteStore  *store;
  VntTramite       *record;
  VntProcedureStep  step;
  gboolean          busy;
  GError           *error;
  gboolean          practice;

  /* In memory only, never saved. */
  VntCredential    *credential;
  VntCertificate   *certificate;
  VntCheckReport   *report;
  VntAcuseInfo     *acuse;
} VntProcedurePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (VntProcedure, vnt_procedure, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_RECORD,
  PROP_STEP,
  PROP_BUSY,
  PROP_ERROR,
  PROP_PRACTICE,
  PROP_NEEDS_CREDENTIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vnt_procedure_dispose (GObject *object)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_clear_object (&priv->credential);

  G_OBJECT_CLASS (vnt_procedure_parent_class)->dispose (object);
}

static void
vnt_procedure_finalize (GObject *object)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_clear_object (&priv->client);
  g_clear_object (&priv->store);
  g_clear_object (&priv->record);
  g_clear_error (&priv->error);
  g_clear_object (&priv->certificate);
  g_clear_object (&priv->report);
  g_clear_object (&priv->acuse);

  G_OBJECT_CLASS (vnt_procedure_parent_class)->finalize (object);
}

static gboolean
step_needs_credential (VntProcedurePrivate *priv)
{
  return priv->step >= VNT_PROCEDURE_STEP_VALIDATED && priv->step < VNT_PROCEDURE_STEP_DONE &&
         priv->credential == NULL;
}

static void
vnt_procedure_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_RECORD:
      g_value_set_object (value, priv->record);
      break;
    case PROP_STEP:
      g_value_set_uint (value, priv->step);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, priv->busy);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, priv->error);
      break;
    case PROP_PRACTICE:
      g_value_set_boolean (value, priv->practice);
      break;
    case PROP_NEEDS_CREDENTIAL:
      g_value_set_boolean (value, step_needs_credential (priv));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_procedure_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    case PROP_RECORD:
      priv->record = g_value_dup_object (value);
      break;
    case PROP_PRACTICE:
      vnt_procedure_set_practice (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_procedure_constructed (GObject *object)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  VntProcedureClass *klass = VNT_PROCEDURE_GET_CLASS (self);

  G_OBJECT_CLASS (vnt_procedure_parent_class)->constructed (object);

  g_assert (priv->client != NULL);
  if (priv->store == NULL)
    priv->store = vnt_tramite_store_new (NULL);

  if (priv->record == NULL)
    {
      priv->record = vnt_tramite_store_create (priv->store, klass->procedure_id);
      priv->step = VNT_PROCEDURE_STEP_CURP;
      vnt_tramite_set_step (priv->record, vnt_procedure_step_to_string (priv->step));
      return;
    }

  /* Resumed: everything but the open e.firma comes back. */
  priv->step = vnt_procedure_step_from_string (vnt_tramite_get_step (priv->record));
  if (vnt_tramite_get_finalized (priv->record))
    priv->step = VNT_PROCEDURE_STEP_DONE;

  {
    g_autoptr(GBytes) der = vnt_tramite_get_bytes (priv->record, "certificate");

    if (der != NULL)
      priv->certificate = vnt_certificate_new_from_bytes (der, NULL);
  }

  /* A concluded trámite's acuse is read from disk by finalize_async, off
   * the main thread. */

  if (klass->review_loaded != NULL && vnt_tramite_get_object (priv->record, "tramite") != NULL)
    klass->review_loaded (self, vnt_tramite_get_object (priv->record, "tramite"));
}

static const char *
vnt_procedure_real_get_name (VntProcedure *self)
{
  return VNT_PROCEDURE_GET_CLASS (self)->procedure_id;
}

static void
vnt_procedure_class_init (VntProcedureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vnt_procedure_dispose;
  object_class->finalize = vnt_procedure_finalize;
  object_class->get_property = vnt_procedure_get_property;
  object_class->set_property = vnt_procedure_set_property;
  object_class->constructed = vnt_procedure_constructed;

  klass->get_name = vnt_procedure_real_get_name;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, VNT_TYPE_SERVICE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VNT_TYPE_TRAMITE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, VNT_TYPE_TRAMITE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, VNT_PROCEDURE_STEP_CURP, VNT_PROCEDURE_STEP_DONE,
                       VNT_PROCEDURE_STEP_CURP,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRACTICE] =
    g_param_spec_boolean ("practice", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_CREDENTIAL] =
    g_param_spec_boolean ("needs-credential", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnt_procedure_init (VntProcedure *self)
{
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

VntProcedure *
vnt_procedure_resume (VntServiceClient  *client,
                      VntTramiteStore   *store,
                      VntTramite        *record,
                      GError           **error)
{
  const char *procedure;
  GType type;

  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (store), NULL);
  g_return_val_if_fail (VNT_IS_TRAMITE (record), NULL);

  procedure = vnt_tramite_get_procedure (record);
  if (g_strcmp0 (procedure, "account.update") == 0)
    type = VNT_TYPE_UPDATE_EFIRMA_CONTROLLER;
  else if (g_strcmp0 (procedure, "account.create") == 0)
    type = VNT_TYPE_CREATE_ACCOUNT_CONTROLLER;
  else
    {
      g_set_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED,
                   _("This version of Ventanilla cannot continue the procedure “%s”. Update Ventanilla."),
                   procedure);
      return NULL;
    }

  return g_object_new (type, "client", client, "store", store, "record", record, NULL);
}

const char *
vnt_procedure_get_procedure_id (VntProcedure *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return VNT_PROCEDURE_GET_CLASS (self)->procedure_id;
}

const char *
vnt_procedure_get_name (VntProcedure *self)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return VNT_PROCEDURE_GET_CLASS (self)->get_name (self);
}

VntServiceClient *
vnt_procedure_get_client (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->client;
}

VntTramiteStore *
vnt_procedure_get_store (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->store;
}

VntTramite *
vnt_procedure_get_record (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->record;
}

VntProcedureStep
vnt_procedure_get_step (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), VNT_PROCEDURE_STEP_CURP);
  return priv->step;
}

gboolean
vnt_procedure_get_busy (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  return priv->busy;
}

const GError *
vnt_procedure_get_error (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->error;
}

gboolean
vnt_procedure_get_practice (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  return priv->practice;
}

void
vnt_procedure_set_practice (VntProcedure *self,
                            gboolean      practice)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  practice = !!practice;
  if (priv->practice == practice)
    return;

  priv->practice = practice;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRACTICE]);
}

gboolean
vnt_procedure_get_needs_credential (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  return step_needs_credential (priv);
}

const char *
vnt_procedure_get_curp (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_string (priv->record, "curp");
}

const char *
vnt_procedure_get_rfc (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_string (priv->record, "rfc");
}

const char *
vnt_procedure_get_certificate_path (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_string (priv->record, "certificate_path");
}

const char *
vnt_procedure_get_key_path (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_string (priv->record, "key_path");
}

VntCheckReport *
vnt_procedure_get_check_report (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->report;
}

VntCertificate *
vnt_procedure_get_certificate (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->certificate;
}

VntCredential *
vnt_procedure_get_credential (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->credential;
}

const char *
vnt_procedure_get_folio (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_folio (priv->record);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
vnt_procedure_get_review (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return object_member (vnt_tramite_get_object (priv->record, "tramite"), "review");
}

const char *
vnt_procedure_get_message (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);

  if (vnt_tramite_get_string (priv->record, "message") != NULL)
    return vnt_tramite_get_string (priv->record, "message");
  return string_member (vnt_tramite_get_object (priv->record, "tramite"), "message");
}

JsonObject *
vnt_procedure_get_terms (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return vnt_tramite_get_object (priv->record, "terms");
}

VntAcuseInfo *
vnt_procedure_get_acuse (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->acuse;
}

void
vnt_procedure_forget_credential (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  gboolean before;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  before = step_needs_credential (priv);
  g_clear_object (&priv->credential);
  if (before != step_needs_credential (priv))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_CREDENTIAL]);
}

static void
set_credential (VntProcedure  *self,
                VntCredential *credential)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  gboolean before = step_needs_credential (priv);

  g_set_object (&priv->credential, credential);
  if (before != step_needs_credential (priv))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_CREDENTIAL]);
}

/* ------------------------------------------------------------------ */
/* Operations: busy, error, step, save                                 */

gboolean
vnt_procedure_begin_operation (VntProcedure  *self,
                               GError       **error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);

  if (priv->busy)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_BUSY,
                           _("Ventanilla is still working on the previous step. Wait a moment."));
      return FALSE;
    }

  priv->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (priv->error != NULL)
    {
      g_clear_error (&priv->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  return TRUE;
}

void
vnt_procedure_end_operation (VntProcedure *self,
                             const GError *error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (error != NULL)
    {
      g_clear_error (&priv->error);
      priv->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (priv->busy)
    {
      priv->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
vnt_procedure_set_step (VntProcedure     *self,
                        VntProcedureStep  step)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  gboolean before;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  vnt_tramite_set_step (priv->record, vnt_procedure_step_to_string (step));
  if (priv->step == step)
    return;

  before = step_needs_credential (priv);
  priv->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  if (before != step_needs_credential (priv))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_CREDENTIAL]);
}

static void
background_save_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntProcedure) self = user_data;
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error))
    {
      g_warning ("Could not save the progress of the procedure: %s", error->message);
      g_clear_error (&priv->error);
      priv->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

void
vnt_procedure_save (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  vnt_tramite_store_save_async (priv->store, priv->record, NULL, background_save_cb, g_object_ref (self));
}

/* Completes @task with @result (a GDestroyNotify'd pointer, or a boolean
 * when @destroy is NULL) once the record is on disk: an operation is only
 * done when its result would survive a crash. */
typedef struct {
  GTask          *task;
  gpointer        result;
  GDestroyNotify  destroy;
  gboolean        is_int;
  gssize          value;
} SaveThen;

static void
save_then_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  SaveThen *data = user_data;
  g_autoptr(GTask) task = data->task;
  VntProcedure *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), res, &error))
    {
      if (data->destroy != NULL && data->result != NULL)
        data->destroy (data->result);
      vnt_procedure_end_operation (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      vnt_procedure_end_operation (self, NULL);
      if (data->is_int)
        g_task_return_int (task, data->value);
      else if (data->destroy == NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_pointer (task, data->result, data->destroy);
    }

  g_free (data);
}

void
vnt_procedure_task_return_saved (VntProcedure   *self,
                  GTask          *task,
                  gpointer        result,
                  GDestroyNotify  destroy)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  SaveThen *data = g_new0 (SaveThen, 1);

  data->task = task;
  data->result = result;
  data->destroy = destroy;
  vnt_tramite_store_save_async (priv->store, priv->record, NULL, save_then_cb, data);
}

void
vnt_procedure_task_return_saved_int (VntProcedure *self,
                                     GTask        *task,
                                     gssize        value)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  SaveThen *data = g_new0 (SaveThen, 1);

  data->task = task;
  data->is_int = TRUE;
  data->value = value;
  vnt_tramite_store_save_async (priv->store, priv->record, NULL, save_then_cb, data);
}

/* Ends the operation with @error (taken). */
void
vnt_procedure_task_fail (VntProcedure *self,
           GTask        *task,
           GError       *error)
{
  vnt_procedure_end_operation (self, error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

GTask *
vnt_procedure_task_new (VntProcedure        *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  if (!vnt_procedure_begin_operation (self, &error))
    {
      /* Not our operation: leave "busy" and "error" to the running one. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return NULL;
    }

  return task;
}

gboolean
vnt_procedure_task_require_step (VntProcedure     *self,
              GTask            *task,
              VntProcedureStep  first,
              VntProcedureStep  last)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  if (priv->step >= first && priv->step <= last)
    return TRUE;

  vnt_procedure_task_fail (self, task, g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                              _("This step is not available now. Go back to the previous step.")));
  return FALSE;
}

static gboolean
require_credential (VntProcedure *self,
                    GTask        *task)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  if (priv->credential != NULL)
    return TRUE;

  vnt_procedure_task_fail (self, task, g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                              _("To continue, type the password of your e.firma again.")));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Step CURP                                                           */

static void
forget_efirma (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  vnt_procedure_forget_credential (self);
  g_clear_object (&priv->certificate);
  g_clear_object (&priv->report);
  vnt_tramite_set_string (priv->record, "certificate_number", NULL);
  vnt_tramite_set_string (priv->record, "name", NULL);
  vnt_tramite_set_bytes (priv->record, "certificate", NULL);
}

gboolean
vnt_procedure_set_curp (VntProcedure  *self,
                        const char    *curp,
                        GError       **error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  g_return_val_if_fail (curp != NULL, FALSE);

  if (priv->busy)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_BUSY,
                           _("Ventanilla is still working on the previous step. Wait a moment."));
      return FALSE;
    }
  if (priv->step > VNT_PROCEDURE_STEP_VALIDATED)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("The CURP cannot change once the procedure was sent. Start a new procedure to use another CURP."));
      return FALSE;
    }

  normalized = vnt_id_normalize (curp);
  if (!vnt_curp_validate (normalized, error))
    return FALSE;

  if (g_strcmp0 (normalized, vnt_tramite_get_string (priv->record, "curp")) != 0)
    {
      forget_efirma (self);
      vnt_tramite_set_string (priv->record, "curp", normalized);
      vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_EFIRMA);
    }
  else if (priv->step == VNT_PROCEDURE_STEP_CURP)
    vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_EFIRMA);

  vnt_procedure_save (self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Step EFIRMA: open and check                                         */

typedef struct {
  char           *cer_path;
  char           *key_path;
  char           *password;
  VntCredential  *credential;
  VntCheckReport *report;
  GError         *open_error;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->cer_path);
  g_free (data->key_path);
  vnt_secret_free (data->password);
  g_clear_object (&data->credential);
  g_clear_object (&data->report);
  g_clear_error (&data->open_error);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  gboolean check = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "vnt-check"));

  data->credential = vnt_credential_new_from_files (data->cer_path, data->key_path, data->password,
                                                    &data->open_error);
  /* Used once: gone before anything else happens. */
  g_clear_pointer (&data->password, vnt_secret_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (check)
    {
      if (data->credential != NULL)
        data->report = vnt_check_credential (data->credential, NULL, NULL, TRUE);
      else
        {
          g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_file (data->cer_path, NULL);

          if (certificate != NULL)
            data->report = vnt_check_certificate (certificate, NULL, NULL, TRUE);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
open_async (VntProcedure        *self,
            const char          *cer_path,
            const char          *key_path,
            const char          *password,
            gboolean             check,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->cer_path = g_strdup (cer_path);
  data->key_path = g_strdup (key_path);
  data->password = g_strdup (password != NULL ? password : "");
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_object_set_data (G_OBJECT (task), "vnt-check", GINT_TO_POINTER (check));
  g_task_run_in_thread (task, open_thread);
}

static int
crypto_code_from_string (const char *code)
{
  for (int i = VNT_CRYPTO_ERROR_FAILED; i <= VNT_CRYPTO_ERROR_CANCELLED; i++)
    if (g_strcmp0 (vnt_crypto_error_code_to_string (i), code) == 0)
      return i;

  return -1;
}

static GError *
problem_to_error (const VntProblem *problem)
{
  int code = crypto_code_from_string (problem->code);

  if (code >= 0)
    return g_error_new_literal (VNT_CRYPTO_ERROR, code, problem->message);

  return g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED, problem->message);
}

/* The first problem that stops the procedure, or NULL. In practice mode the
 * service accepts SAT's public test e.firmas although they expired long
 * ago, so their date is no reason to stop here either. */
static const VntProblem *
blocking_problem (VntProcedure   *self,
                  VntCheckReport *report,
                  const char     *only_code)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  GPtrArray *problems = vnt_check_report_get_problems (report);
  gboolean test_certificate = vnt_check_report_get_chain_status (report) == VNT_CHAIN_STATUS_SAT_TEST;

  for (guint i = 0; i < problems->len; i++)
    {
      const VntProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity != VNT_PROBLEM_SEVERITY_ERROR)
        continue;
      if (only_code != NULL && g_strcmp0 (problem->code, only_code) != 0)
        continue;
      if (priv->practice && test_certificate && g_str_equal (problem->code, "expired"))
        continue;

      return problem;
    }

  return NULL;
}

typedef struct {
  char *rfc;
  char *cer_path;
  char *key_path;
} ValidateData;

static void
validate_data_free (ValidateData *data)
{
  g_free (data->rfc);
  g_free (data->cer_path);
  g_free (data->key_path);
  g_free (data);
}

static void
validate_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = VNT_PROCEDURE (source);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  ValidateData *vdata = g_task_get_task_data (task);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const VntProblem *problem;
  VntCertificate *certificate;
  const char *certificate_curp;
  g_autofree char *certificate_rfc = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&priv->report, data->report);

  /* A CSD where the e.firma goes says more than its date or a password. */
  if (data->report != NULL && (problem = blocking_problem (self, data->report, "not-efirma")) != NULL)
    {
      vnt_procedure_task_fail (self, task, problem_to_error (problem));
      return;
    }

  if (data->credential == NULL)
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&data->open_error));
      return;
    }

  certificate = vnt_credential_get_certificate (data->credential);
  if (vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL)
    {
      vnt_procedure_task_fail (self, task,
                 g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL,
                                      _("This e.firma belongs to a company (persona moral). Use the e.firma of the person who holds the account.")));
      return;
    }

  certificate_rfc = vnt_id_normalize (vnt_certificate_get_rfc (certificate) != NULL
                                      ? vnt_certificate_get_rfc (certificate) : "");
  if (!g_str_equal (certificate_rfc, vdata->rfc))
    {
      vnt_procedure_task_fail (self, task,
                 g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH,
                              _("The RFC you typed (%s) is not the one of this e.firma (%s). Check the RFC or choose the right e.firma."),
                              vdata->rfc, certificate_rfc));
      return;
    }

  certificate_curp = vnt_certificate_get_curp (certificate);
  if (g_strcmp0 (certificate_curp, vnt_tramite_get_string (priv->record, "curp")) != 0)
    {
      vnt_procedure_task_fail (self, task,
                 g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CURP_MISMATCH,
                              _("The CURP you typed (%s) is not the one of this e.firma (%s). Go back and check the CURP, or choose the right e.firma."),
                              vnt_tramite_get_string (priv->record, "curp"),
                              certificate_curp != NULL ? certificate_curp : ""));
      return;
    }

  if (data->report != NULL && (problem = blocking_problem (self, data->report, NULL)) != NULL)
    {
      vnt_procedure_task_fail (self, task, problem_to_error (problem));
      return;
    }

  /* Passed: keep the facts (never the password, never the key). */
  g_set_object (&priv->certificate, certificate);
  vnt_tramite_set_string (priv->record, "rfc", vdata->rfc);
  vnt_tramite_set_string (priv->record, "certificate_path", vdata->cer_path);
  vnt_tramite_set_string (priv->record, "key_path", vdata->key_path);
  vnt_tramite_set_string (priv->record, "certificate_number", vnt_certificate_get_number (certificate));
  vnt_tramite_set_string (priv->record, "name", vnt_certificate_get_name (certificate));
  vnt_tramite_set_bytes (priv->record, "certificate", vnt_certificate_get_der (certificate));
  vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_VALIDATED);
  set_credential (self, data->credential);

  vnt_procedure_task_return_saved (self, task, NULL, NULL);
}

void
vnt_procedure_validate_async (VntProcedure        *self,
                              const char          *rfc,
                              const char          *cer_path,
                              const char          *key_path,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  GTask *task;
  ValidateData *data;
  GError *error = NULL;
  g_autofree char *normalized = NULL;

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (rfc != NULL && cer_path != NULL);

  task = vnt_procedure_task_new (self, cancellable, callback, user_data, vnt_procedure_validate_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self, task, VNT_PROCEDURE_STEP_EFIRMA, VNT_PROCEDURE_STEP_VALIDATED))
    return;

  normalized = vnt_id_normalize (rfc);
  if (!vnt_rfc_validate (normalized, &error))
    {
      vnt_procedure_task_fail (self, task, error);
      return;
    }

  /* A new attempt: the e.firma validated before no longer counts. */
  vnt_procedure_forget_credential (self);
  if (priv->step == VNT_PROCEDURE_STEP_VALIDATED)
    vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_EFIRMA);

  data = g_new0 (ValidateData, 1);
  data->rfc = g_steal_pointer (&normalized);
  data->cer_path = g_strdup (cer_path);
  data->key_path = g_strdup (key_path);
  g_task_set_task_data (task, data, (GDestroyNotify) validate_data_free);

  open_async (self, cer_path, key_path, password, TRUE, cancellable, validate_opened_cb, task);
}

gboolean
vnt_procedure_validate_finish (VntProcedure  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- unlock ---- */

static void
unlock_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = VNT_PROCEDURE (source);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }
  if (data->credential == NULL)
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&data->open_error));
      return;
    }

  certificate = vnt_credential_get_certificate (data->credential);
  if (g_strcmp0 (vnt_certificate_get_number (certificate),
                 vnt_tramite_get_string (priv->record, "certificate_number")) != 0)
    {
      vnt_procedure_task_fail (self, task,
                 g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE,
                              _("These files are not the e.firma this procedure began with (certificate %s). Choose that e.firma, or start the procedure again."),
                              vnt_tramite_get_string (priv->record, "certificate_number")));
      return;
    }

  g_set_object (&priv->certificate, certificate);
  set_credential (self, data->credential);
  vnt_procedure_end_operation (self, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
vnt_procedure_unlock_async (VntProcedure        *self,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  GTask *task;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  task = vnt_procedure_task_new (self, cancellable, callback, user_data, vnt_procedure_unlock_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self, task, VNT_PROCEDURE_STEP_VALIDATED, VNT_PROCEDURE_STEP_FINALIZING))
    return;

  if (vnt_tramite_get_string (priv->record, "certificate_path") == NULL)
    {
      vnt_procedure_task_fail (self, task, g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                  _("This step is not available now. Go back to the previous step.")));
      return;
    }

  open_async (self, vnt_tramite_get_string (priv->record, "certificate_path"),
              vnt_tramite_get_string (priv->record, "key_path"), password, FALSE,
              cancellable, unlock_opened_cb, task);
}

gboolean
vnt_procedure_unlock_finish (VntProcedure  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Starting the trámite at the service                                 */

/* Whether the service gave a final answer (so the request's key is spent)
 * rather than the request getting lost on the way. */
static gboolean
is_final_answer (const GError *error)
{
  if (error->domain != VNT_NET_ERROR)
    return FALSE;

  switch (error->code)
    {
    case VNT_NET_ERROR_UNREACHABLE:
    case VNT_NET_ERROR_TIMEOUT:
    case VNT_NET_ERROR_UNAVAILABLE:
    case VNT_NET_ERROR_UNTRUSTED_SERVICE:
    case VNT_NET_ERROR_INVALID_RESPONSE:
    case VNT_NET_ERROR_INSECURE_URL:
      return FALSE;
    default:
      return TRUE;
    }
}

static void start_send (GTask *task);

static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  VntProcedureClass *klass = VNT_PROCEDURE_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tramite = NULL;

  tramite = vnt_service_client_start_tramite_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (tramite == NULL)
    {
      /* Reused key: the first attempt reached the service but its answer
       * was lost, and a new signature cannot replay it. A draft costs
       * nothing (it expires), so start afresh, once. */
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDEMPOTENCY_KEY_REUSED) &&
          g_object_get_data (G_OBJECT (task), "vnt-retried") == NULL)
        {
          vnt_tramite_clear_idempotency_key (priv->record, "start");
          g_object_set_data (G_OBJECT (task), "vnt-retried", GINT_TO_POINTER (TRUE));
          start_send (g_steal_pointer (&task));
          return;
        }
      if (is_final_answer (error))
        {
          vnt_tramite_clear_idempotency_key (priv->record, "start");
          vnt_procedure_save (self);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (string_member (tramite, "folio") == NULL)
    {
      g_task_return_new_error (task, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE, "%s",
                               _("The service sent an answer that cannot be read. Try again later."));
      return;
    }

  vnt_tramite_clear_idempotency_key (priv->record, "start");
  vnt_tramite_set_object (priv->record, "tramite", tramite);
  vnt_tramite_set_folio (priv->record, string_member (tramite, "folio"));
  if (klass->review_loaded != NULL)
    klass->review_loaded (self, tramite);
  vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_REVIEW);

  g_task_return_pointer (task, json_object_ref (tramite), (GDestroyNotify) json_object_unref);
}

static void
start_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  JsonObject *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  vnt_service_client_start_tramite_async (priv->client, priv->credential,
                                          vnt_tramite_get_string (priv->record, "curp"),
                                          vnt_tramite_get_string (priv->record, "rfc"),
                                          VNT_PROCEDURE_GET_CLASS (self)->procedure_id, data,
                                          vnt_tramite_get_idempotency_key (priv->record, "start"),
                                          g_task_get_cancellable (task),
                                          start_done_cb, g_object_ref (task));
}

static void
start_send (GTask *task)
{
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  /* The key goes to disk before the request leaves. */
  vnt_tramite_ensure_idempotency_key (priv->record, "start");
  vnt_tramite_store_save_async (priv->store, priv->record, NULL, start_saved_cb, task);
}

void
vnt_procedure_start_tramite_async (VntProcedure        *self,
                                   JsonObject          *data,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  JsonObject *body;
  GTask *task;

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (data != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_procedure_start_tramite_async);

  if (priv->credential == NULL)
    {
      g_task_return_new_error (task, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL, "%s",
                               _("To continue, type the password of your e.firma again."));
      g_object_unref (task);
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "curp", vnt_tramite_get_string (priv->record, "curp"));
  json_object_set_string_member (body, "rfc", vnt_tramite_get_string (priv->record, "rfc"));
  json_object_iter_init (&iter, data);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (body, name, json_node_copy (node));
  g_task_set_task_data (task, body, (GDestroyNotify) json_object_unref);

  start_send (task);
}

JsonObject *
vnt_procedure_start_tramite_finish (VntProcedure  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The carta                                                           */

static void
terms_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) terms = NULL;
  const char *text, *sha256;
  g_autofree char *digest = NULL;

  terms = vnt_service_client_get_terms_finish (VNT_SERVICE_CLIENT (source), result, &error);
  if (terms == NULL)
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  /* The digest the finalize will accept must be of the text shown. */
  text = string_member (terms, "text");
  sha256 = string_member (terms, "sha256");
  if (text != NULL)
    digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  if (text == NULL || sha256 == NULL || string_member (terms, "id") == NULL ||
      string_member (terms, "version") == NULL || g_ascii_strcasecmp (digest, sha256) != 0)
    {
      vnt_procedure_task_fail (self, task, g_error_new_literal (VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE,
                                                  _("The service sent a carta de términos that cannot be read. Try again later.")));
      return;
    }

  vnt_tramite_set_object (priv->record, "terms", terms);
  vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_TERMS);
  vnt_procedure_task_return_saved (self, task, json_object_ref (terms), (GDestroyNotify) json_object_unref);
}

void
vnt_procedure_fetch_terms_async (VntProcedure        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  GTask *task;
  const char *id;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  task = vnt_procedure_task_new (self, cancellable, callback, user_data, vnt_procedure_fetch_terms_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self, task, VNT_PROCEDURE_STEP_REVIEW, VNT_PROCEDURE_STEP_TERMS))
    return;

  id = string_member (object_member (vnt_tramite_get_object (priv->record, "tramite"), "requirements"), "terms");
  vnt_service_client_get_terms_async (priv->client, id != NULL ? id : "ctc-ev", cancellable,
                                      terms_done_cb, task);
}

JsonObject *
vnt_procedure_fetch_terms_finish (VntProcedure  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Finalize                                                            */

typedef struct {
  VntTramiteStore *store;
  JsonObject      *acuse;
  char            *folio;
  VntAcuseInfo    *info;
} KeepData;

static void
keep_data_free (KeepData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->acuse, json_object_unref);
  g_free (data->folio);
  g_clear_object (&data->info);
  g_free (data);
}

/* Worker thread: the JSON first (the proof), then the PDF. A PDF that
 * already exists is the same acuse printed before a crash. */
static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KeepData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntAcuseInfo) info = NULL;
  g_autofree char *pdf_path = NULL;

  if (!vnt_tramite_store_save_acuse (data->store, data->folio, data->acuse, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pdf_path = vnt_tramite_store_get_acuse_path (data->store, data->folio, "pdf");
  info = vnt_acuse_info_new_from_acuse (data->acuse, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!vnt_acuse_pdf_write (info, VNT_ACUSE_PAPER_LETTER, pdf_path, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* The signed JSON is the acuse; the PDF can be made again later. */
      g_warning ("Could not write the PDF of acuse %s: %s", data->folio, error->message);
    }

  g_clear_object (&info);
  info = vnt_tramite_store_load_acuse (data->store, data->folio, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&info), g_object_unref);
}

static void
kept_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = VNT_PROCEDURE (source);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  VntAcuseInfo *info;

  info = g_task_propagate_pointer (G_TASK (result), &error);
  if (info == NULL)
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&priv->acuse, info);
  vnt_tramite_clear_idempotency_key (priv->record, "finalize");
  vnt_tramite_mark_finalized (priv->record);
  vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_DONE);
  /* Done: the e.firma is no longer needed in memory. */
  vnt_procedure_forget_credential (self);

  vnt_procedure_task_return_saved (self, task, info, g_object_unref);
}

static void
keep_acuse (VntProcedure *self,
            GTask        *task,
            JsonObject   *acuse)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GTask) keep = g_task_new (self, NULL, kept_cb, task);
  KeepData *data = g_new0 (KeepData, 1);

  data->store = g_object_ref (priv->store);
  data->acuse = json_object_ref (acuse);
  data->folio = g_strdup (vnt_tramite_get_folio (priv->record));
  g_task_set_task_data (keep, data, (GDestroyNotify) keep_data_free);
  g_task_run_in_thread (keep, keep_thread);
}

static void
read_acuse_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  GError *first = g_object_get_data (G_OBJECT (task), "vnt-first-error");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) acuse = NULL;

  content = vnt_service_client_read_acuse_finish (VNT_SERVICE_CLIENT (source), result, &acuse, &error);
  if (content == NULL)
    {
      /* No acuse to recover: the first answer says what happened. */
      if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_PROBLEM) ||
          g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_FOUND))
        vnt_procedure_task_fail (self, task, g_error_copy (first));
      else
        vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  keep_acuse (self, task, acuse);
}

static void
finalize_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) acuse = NULL;

  content = vnt_service_client_finalize_finish (VNT_SERVICE_CLIENT (source), result, &acuse, &error);
  if (content != NULL)
    {
      keep_acuse (self, task, acuse);
      return;
    }

  /* Concluded already (a retry after a crash, whose first answer was lost):
   * the service keeps its acuse; fetch it instead of concluding twice. */
  if (g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_IDEMPOTENCY_KEY_REUSED) ||
      g_error_matches (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT))
    {
      g_object_set_data_full (G_OBJECT (task), "vnt-first-error", g_steal_pointer (&error),
                              (GDestroyNotify) g_error_free);
      vnt_service_client_read_acuse_async (priv->client, priv->credential,
                                           vnt_tramite_get_string (priv->record, "curp"),
                                           vnt_tramite_get_string (priv->record, "rfc"),
                                           vnt_tramite_get_folio (priv->record),
                                           VNT_PROCEDURE_GET_CLASS (self)->procedure_id,
                                           g_task_get_cancellable (task), read_acuse_cb, task);
      return;
    }

  /* Refused for good (carta, revision…): back to the carta, with a new
   * key next time. Lost on the way: stay, and retry with the same key. */
  if (is_final_answer (error))
    {
      vnt_tramite_clear_idempotency_key (priv->record, "finalize");
      vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_TERMS);
      vnt_procedure_save (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Perhaps it arrived: the kept key makes the next attempt get the
       * same acuse instead of concluding twice. */
      vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_TERMS);
      vnt_procedure_save (self);
    }
  vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
}

static void
finalize_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  JsonObject *tramite = vnt_tramite_get_object (priv->record, "tramite");
  g_autoptr(GError) error = NULL;
  JsonNode *revision;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error))
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      /* Not sent: back at the carta. The key stays, harmlessly. */
      vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_TERMS);
      vnt_procedure_save (self);
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  revision = tramite != NULL ? json_object_get_member (tramite, "revision") : NULL;
  vnt_service_client_finalize_async (priv->client, priv->credential,
                                     vnt_tramite_get_string (priv->record, "curp"),
                                     vnt_tramite_get_string (priv->record, "rfc"),
                                     vnt_tramite_get_folio (priv->record),
                                     VNT_PROCEDURE_GET_CLASS (self)->procedure_id,
                                     revision != NULL && JSON_NODE_HOLDS_VALUE (revision)
                                       ? json_node_get_int (revision) : 1,
                                     vnt_tramite_get_object (priv->record, "terms"),
                                     vnt_tramite_get_idempotency_key (priv->record, "finalize"),
                                     g_task_get_cancellable (task), finalize_done_cb, task);
}

static void
done_acuse_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VntProcedure *self = g_task_get_source_object (task);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  VntAcuseInfo *info;

  info = vnt_tramite_store_load_acuse_finish (VNT_TRAMITE_STORE (source), result, &error);
  if (info == NULL)
    {
      vnt_procedure_task_fail (self, task, g_steal_pointer (&error));
      return;
    }

  if (priv->acuse == NULL)
    priv->acuse = info;
  else
    g_object_unref (info);
  vnt_procedure_end_operation (self, NULL);
  g_task_return_pointer (task, g_object_ref (priv->acuse), g_object_unref);
  g_object_unref (task);
}

void
vnt_procedure_finalize_async (VntProcedure        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  GTask *task;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  task = vnt_procedure_task_new (self, cancellable, callback, user_data, vnt_procedure_finalize_async);
  if (task == NULL)
    return;

  /* Never twice: a concluded trámite answers with the acuse it has. */
  if (priv->step == VNT_PROCEDURE_STEP_DONE || vnt_tramite_get_finalized (priv->record))
    {
      if (priv->acuse == NULL)
        {
          vnt_tramite_store_load_acuse_async (priv->store, vnt_tramite_get_folio (priv->record),
                                              cancellable, done_acuse_loaded_cb, task);
          return;
        }
      vnt_procedure_end_operation (self, NULL);
      g_task_return_pointer (task, g_object_ref (priv->acuse), g_object_unref);
      g_object_unref (task);
      return;
    }

  if (!vnt_procedure_task_require_step (self, task, VNT_PROCEDURE_STEP_TERMS, VNT_PROCEDURE_STEP_FINALIZING))
    return;
  if (!require_credential (self, task))
    return;
  if (vnt_tramite_get_object (priv->record, "terms") == NULL)
    {
      vnt_procedure_task_fail (self, task, g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                  _("This step is not available now. Go back to the previous step.")));
      return;
    }

  /* The key and the step reach the disk before the request leaves. */
  vnt_tramite_ensure_idempotency_key (priv->record, "finalize");
  vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_FINALIZING);
  vnt_tramite_store_save_async (priv->store, priv->record, NULL, finalize_saved_cb, task);
}

VntAcuseInfo *
vnt_procedure_finalize_finish (VntProcedure  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vnt_procedure_adopt_efirma (VntProcedure *self,
                            VntProcedure *other)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  VntProcedurePrivate *other_priv = vnt_procedure_get_instance_private (other);
  static const char * const names[] = {
    "curp", "rfc", "certificate_path", "key_path", "certificate_number", "name",
  };
  g_autoptr(GBytes) der = NULL;

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (VNT_IS_PROCEDURE (other));

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    vnt_tramite_set_string (priv->record, names[i], vnt_tramite_get_string (other_priv->record, names[i]));
  der = vnt_tramite_get_bytes (other_priv->record, "certificate");
  vnt_tramite_set_bytes (priv->record, "certificate", der);

  g_set_object (&priv->certificate, other_priv->certificate);
  g_set_object (&priv->report, other_priv->report);
  priv->practice = other_priv->practice;

  if (other_priv->credential != NULL && priv->certificate != NULL)
    {
      vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_VALIDATED);
      set_credential (self, other_priv->credential);
    }
  else if (vnt_tramite_get_string (priv->record, "curp") != NULL)
    vnt_procedure_set_step (self, VNT_PROCEDURE_STEP_EFIRMA);

  vnt_procedure_save (self);
}
