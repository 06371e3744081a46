/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-procedure-private.h"

G_DEFINE_QUARK (vnt-procedure-error-quark, vnt_procedure_error)

typedef struct
{
  VntServiceClient *client;
  VntTramiteStore  *store;
  VntTramite       *record;
  guint             step;
  guint             n_steps;
  gboolean          busy;
  GError           *error;
  gboolean          practice;
  VntTrustStore    *trust;  /* NULL: the bundled one */

  /* In memory only, never saved. */
  GHashTable       *credentials;  /* role → VntCredential */
  GHashTable       *certificates; /* record field → VntCertificate */
  GPtrArray        *parts;  /* the steps composed in, in order */
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
step_name (VntProcedure *self,
           guint         index)
{
  return VNT_PROCEDURE_GET_CLASS (self)->steps[index];
}

/* G_MAXUINT for a step the class does not declare. */
static guint
step_index (VntProcedure *self,
            const char   *step)
{
  const char * const *steps = VNT_PROCEDURE_GET_CLASS (self)->steps;

  for (guint i = 0; step != NULL && steps[i] != NULL; i++)
    if (g_str_equal (steps[i], step))
      return i;

  return G_MAXUINT;
}

static void
vnt_procedure_dispose (GObject *object)
{
  VntProcedure *self = VNT_PROCEDURE (object);
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_clear_pointer (&priv->parts, g_ptr_array_unref);
  if (priv->credentials != NULL)
    g_hash_table_remove_all (priv->credentials);

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
  g_clear_pointer (&priv->credentials, g_hash_table_unref);
  g_clear_pointer (&priv->certificates, g_hash_table_unref);
  g_clear_error (&priv->error);
  g_clear_object (&priv->trust);

  G_OBJECT_CLASS (vnt_procedure_parent_class)->finalize (object);
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
      g_value_set_string (value, vnt_procedure_get_step (self));
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
  guint index;

  G_OBJECT_CLASS (vnt_procedure_parent_class)->constructed (object);

  g_assert (klass->procedure_id != NULL);
  g_assert (klass->steps != NULL && klass->steps[0] != NULL);
  priv->n_steps = g_strv_length ((char **) klass->steps);

  g_assert (priv->client != NULL || klass->local_only);
  if (priv->store == NULL)
    priv->store = vnt_tramite_store_new (NULL);

  if (priv->record == NULL)
    {
      priv->record = vnt_tramite_store_create (priv->store, klass->procedure_id);
      priv->step = 0;
      vnt_tramite_set_step (priv->record, step_name (self, 0));
      return;
    }

  /* Resumed: everything but the open e.firmas comes back. */
  index = step_index (self, vnt_tramite_get_step (priv->record));
  priv->step = index != G_MAXUINT ? index : 0;
  if (vnt_tramite_get_finalized (priv->record))
    priv->step = priv->n_steps - 1;
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
    g_param_spec_string ("step", NULL, NULL, NULL,
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnt_procedure_init (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  priv->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->certificates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->parts = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

VntProcedure *
vnt_procedure_new (GType             type,
                   VntServiceClient *client,
                   VntTramiteStore  *store)
{
  g_return_val_if_fail (g_type_is_a (type, VNT_TYPE_PROCEDURE), NULL);
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (store == NULL || VNT_IS_TRAMITE_STORE (store), NULL);

  return g_object_new (type, "client", client, "store", store, NULL);
}

VntProcedure *
vnt_procedure_resume (GType              type,
                      VntServiceClient  *client,
                      VntTramiteStore   *store,
                      VntTramite        *record,
                      GError           **error)
{
  g_autoptr(GTypeClass) klass = NULL;
  const char *procedure;

  g_return_val_if_fail (g_type_is_a (type, VNT_TYPE_PROCEDURE), NULL);
  g_return_val_if_fail (VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (store), NULL);
  g_return_val_if_fail (VNT_IS_TRAMITE (record), NULL);

  klass = g_type_class_ref (type);
  procedure = vnt_tramite_get_procedure (record);
  if (g_strcmp0 (procedure, VNT_PROCEDURE_CLASS (klass)->procedure_id) != 0)
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

VntCertificate *
vnt_procedure_get_certificate (VntProcedure *self,
                               const char   *field)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  VntCertificate      *certificate;
  g_autoptr(GBytes) der = NULL;

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  certificate = g_hash_table_lookup (priv->certificates, field);
  if (certificate != NULL)
    return certificate;

  /* Resumed: the certificate saved with the trámite. */
  der = vnt_tramite_get_bytes (priv->record, field);
  certificate = der != NULL ? vnt_certificate_new_from_bytes (der, NULL) : NULL;
  if (certificate != NULL)
    g_hash_table_insert (priv->certificates, g_strdup (field), certificate);
  return certificate;
}

void
vnt_procedure_set_certificate (VntProcedure   *self,
                               const char     *field,
                               VntCertificate *certificate)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (certificate == NULL || VNT_IS_CERTIFICATE (certificate));

  if (certificate == NULL)
    {
      vnt_tramite_set_bytes (priv->record, field, NULL);
      g_hash_table_remove (priv->certificates, field);
      return;
    }

  vnt_tramite_set_bytes (priv->record, field, vnt_certificate_get_der (certificate));
  g_hash_table_insert (priv->certificates, g_strdup (field), g_object_ref (certificate));
}

VntCredential *
vnt_procedure_get_credential (VntProcedure *self,
                              const char   *role)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);
  return g_hash_table_lookup (priv->credentials, role);
}

void
vnt_procedure_put_credential (VntProcedure  *self,
                              const char    *role,
                              VntCredential *credential)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (role != NULL);
  g_return_if_fail (credential == NULL || VNT_IS_CREDENTIAL (credential));

  if (credential != NULL)
    g_hash_table_replace (priv->credentials, g_strdup (role), g_object_ref (credential));
  else
    g_hash_table_remove (priv->credentials, role);
}

const char *
vnt_procedure_get_step (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return step_name (self, priv->step);
}

gboolean
vnt_procedure_declares_step (VntProcedure *self,
                             const char   *step)
{
  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  return step_index (self, step) != G_MAXUINT;
}

gboolean
vnt_procedure_has_reached (VntProcedure *self,
                           const char   *step)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  guint index;

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);

  index = step_index (self, step);
  g_return_val_if_fail (index != G_MAXUINT, FALSE);
  return priv->step >= index;
}

gboolean
vnt_procedure_get_done (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  return priv->step == priv->n_steps - 1;
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

void
vnt_procedure_set_trust_store (VntProcedure  *self,
                               VntTrustStore *trust)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust));

  g_set_object (&priv->trust, trust);
}

VntTrustStore *
vnt_procedure_get_trust_store (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);
  return priv->trust;
}

void
vnt_procedure_forget_credentials (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_hash_table_remove_all (priv->credentials);
}

/* ------------------------------------------------------------------ */
/* The steps composed in                                               */

void
vnt_procedure_add_part (VntProcedure *self,
                        gpointer      part)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (G_IS_OBJECT (part));

  g_ptr_array_add (priv->parts, part);
}

gpointer
vnt_procedure_get_part (VntProcedure *self,
                        GType         type)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), NULL);

  for (guint i = 0; priv->parts != NULL && i < priv->parts->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (priv->parts, i), type))
      return g_ptr_array_index (priv->parts, i);

  return NULL;
}

/* ------------------------------------------------------------------ */
/* Operations: busy, error, step, save                                 */

gboolean
vnt_procedure_check_idle (VntProcedure *self,
                          GError      **error)
{
  if (!vnt_procedure_get_busy (self))
    return TRUE;

  g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_BUSY,
                       _("Ventanilla is still working on the previous step. Wait a moment."));
  return FALSE;
}

gboolean
vnt_procedure_begin_operation (VntProcedure  *self,
                               GError       **error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);

  if (!vnt_procedure_check_idle (self, error))
    return FALSE;

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
    vnt_procedure_set_error (self, error);
  if (priv->busy)
    {
      priv->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
vnt_procedure_set_error (VntProcedure *self,
                         const GError *error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&priv->error);
  priv->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

void
vnt_procedure_set_step (VntProcedure *self,
                        const char   *step)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  guint index;

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  index = step_index (self, step);
  g_return_if_fail (index != G_MAXUINT);

  vnt_tramite_set_step (priv->record, step);
  if (priv->step == index)
    return;

  priv->step = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
background_save_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VntProcedure) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), result, &error))
    {
      g_warning ("Could not save the progress of the procedure: %s", error->message);
      vnt_procedure_set_error (self, error);
    }
}

void
vnt_procedure_save (VntProcedure *self)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_if_fail (VNT_IS_PROCEDURE (self));

  if (VNT_PROCEDURE_GET_CLASS (self)->local_only)
    return;
  vnt_tramite_store_save_async (priv->store, priv->record, NULL, background_save_cb, g_object_ref (self));
}

/* Completes @task with @result (a GDestroyNotify'd pointer, or a boolean
 * when @destroy is NULL) once the record is on disk: an operation is only
 * done when its result would survive a crash. Or goes on with @then. */
typedef struct {
  VntProcedure        *procedure;
  GTask               *task;
  gpointer             result;
  GDestroyNotify       destroy;
  gboolean             is_int;
  gssize               value;
  VntProcedureTaskFunc then;
} SaveThen;

/* Goes on once saved (@error NULL: or with nothing to save), or fails
 * with @error (taken); frees @data. */
static void
save_then_done (SaveThen *data,
                GError   *error)
{
  g_autoptr(GTask) task = data->task;
  g_autoptr(VntProcedure) self = data->procedure;

  if (error != NULL)
    {
      if (data->destroy != NULL && data->result != NULL)
        data->destroy (data->result);
      vnt_procedure_end_operation (self, error);
      g_task_return_error (task, error);
    }
  else if (data->then != NULL)
    {
      data->then (g_steal_pointer (&task));
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

static void
save_then_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GError *error = NULL;

  vnt_tramite_store_save_finish (VNT_TRAMITE_STORE (source), res, &error);
  save_then_done (user_data, error);
}

/* Saves the record, then goes on as @then says (its task is @task's
 * reference). Nothing is written for a local_only class. */
static void
save_then (VntProcedure *self,
           GTask        *task,
           SaveThen      then)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  SaveThen            *data = g_memdup2 (&then, sizeof then);

  data->procedure = g_object_ref (self);
  data->task = task;
  if (VNT_PROCEDURE_GET_CLASS (self)->local_only)
    save_then_done (data, NULL);
  else
    vnt_tramite_store_save_async (priv->store, priv->record, NULL, save_then_cb, data);
}

void
vnt_procedure_task_return_saved (VntProcedure   *self,
                                 GTask          *task,
                                 gpointer        result,
                                 GDestroyNotify  destroy)
{
  save_then (self, task, (SaveThen){ .result = result, .destroy = destroy });
}

void
vnt_procedure_task_return_saved_int (VntProcedure *self,
                                     GTask        *task,
                                     gssize        value)
{
  save_then (self, task, (SaveThen){ .is_int = TRUE, .value = value });
}

void
vnt_procedure_task_save_key (VntProcedure        *self,
                             GTask               *task,
                             const char          *action,
                             VntProcedureTaskFunc then)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  vnt_tramite_ensure_idempotency_key (priv->record, action);
  save_then (self, task, (SaveThen){ .then = then });
}

void
vnt_procedure_task_return (VntProcedure   *self,
                           GTask          *task,
                           gpointer        result,
                           GDestroyNotify  destroy)
{
  vnt_procedure_end_operation (self, NULL);
  if (destroy == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, result, destroy);
  g_object_unref (task);
}

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
vnt_procedure_task_new_for (VntProcedure        *self,
                            gpointer             source_object,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data,
                            gpointer             source_tag)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
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

GTask *
vnt_procedure_task_new (VntProcedure        *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data,
                        gpointer             source_tag)
{
  return vnt_procedure_task_new_for (self, self, cancellable, callback, user_data, source_tag);
}

void
vnt_procedure_task_fail_wrong_step (VntProcedure *self,
                                    GTask        *task)
{
  vnt_procedure_task_fail (self, task,
                           g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                _("This step is not available now. Go back to the "
                                                  "previous step.")));
}

gboolean
vnt_procedure_task_require_step (VntProcedure *self,
                                 GTask        *task,
                                 const char   *first,
                                 const char   *last)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);
  guint first_index = step_index (self, first);
  guint last_index = last != NULL ? step_index (self, last) : priv->n_steps - 2;

  g_warn_if_fail (first_index != G_MAXUINT && last_index != G_MAXUINT);

  if (priv->step >= first_index && priv->step <= last_index)
    return TRUE;

  vnt_procedure_task_fail_wrong_step (self, task);
  return FALSE;
}

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

gboolean
vnt_procedure_spend_idempotency_key (VntProcedure *self,
                                     const char   *action,
                                     const GError *error)
{
  VntProcedurePrivate *priv = vnt_procedure_get_instance_private (self);

  g_return_val_if_fail (VNT_IS_PROCEDURE (self), FALSE);
  g_return_val_if_fail (action != NULL && error != NULL, FALSE);

  if (!is_final_answer (error))
    return FALSE;
  vnt_tramite_clear_idempotency_key (priv->record, action);
  return TRUE;
}
