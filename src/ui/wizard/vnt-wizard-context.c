/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/vnt-practice.h"
#include "controllers/vnt-service-settings.h"
#include "ui/procedures/vnt-procedure-registry.h"
#include "vnt-wizard-context.h"

struct _VntWizardContext
{
  GObject           parent_instance;

  VntTramiteStore  *store;
  VntServiceClient *client;
  VntPractice      *practice_service;
  VntTrustStore    *trust;  /* of the local checks; NULL: the bundled one */
  gboolean          practice;
  /* Why a configured service cannot be used (prepare reports it). */
  GError           *setup_error;
  /* Tasks waiting for the practice sandbox to start. */
  GPtrArray        *waiting;
};

G_DEFINE_FINAL_TYPE (VntWizardContext, vnt_wizard_context, G_TYPE_OBJECT)

static VntWizardContext *default_context;

static void
vnt_wizard_context_dispose (GObject *object)
{
  VntWizardContext *self = VNT_WIZARD_CONTEXT (object);

  g_clear_object (&self->client);
  if (self->practice_service != NULL)
    vnt_practice_stop (self->practice_service);
  g_clear_object (&self->practice_service);
  g_clear_object (&self->trust);
  g_clear_object (&self->store);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_error (&self->setup_error);

  G_OBJECT_CLASS (vnt_wizard_context_parent_class)->dispose (object);
}

static void
vnt_wizard_context_class_init (VntWizardContextClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vnt_wizard_context_dispose;
}

static void
vnt_wizard_context_init (VntWizardContext *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

VntWizardContext *
vnt_wizard_context_new (VntTramiteStore  *store,
                        VntServiceClient *client,
                        gboolean          practice)
{
  VntWizardContext *self;

  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || VNT_IS_SERVICE_CLIENT (client), NULL);
  g_return_val_if_fail (client != NULL || practice, NULL);

  self = g_object_new (VNT_TYPE_WIZARD_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->client = client != NULL ? g_object_ref (client) : NULL;
  self->practice = practice;

  return self;
}

VntWizardContext *
vnt_wizard_context_new_from_settings (GSettings       *settings,
                                      VntTramiteStore *store)
{
  g_autofree char *url = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(GError) error = NULL;
  VntWizardContext *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (VNT_IS_TRAMITE_STORE (store), NULL);

  if (settings != NULL)
    {
      url = g_settings_get_string (settings, "service-url");
      fingerprint = g_settings_get_string (settings, "service-certificate-sha256");
    }

  if (vnt_practice_is_practice_url (url))
    return vnt_wizard_context_new (store, NULL, TRUE);

  client = vnt_service_client_new (url, &error);
  /* A bad setting must not leave the user stuck: practise instead. */
  if (client == NULL)
    {
      g_warning ("Ignoring the service URL “%s”: %s", url, error->message);
      return vnt_wizard_context_new (store, NULL, TRUE);
    }

  pin = vnt_service_settings_normalize_fingerprint (fingerprint);
  if (pin != NULL)
    {
      vnt_service_client_set_acuse_certificate (client, pin);
      return vnt_wizard_context_new (store, client, FALSE);
    }

  /* Without the fingerprint every acuse would be refused at the very end:
   * say so before the user starts. */
  self = g_object_new (VNT_TYPE_WIZARD_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->setup_error =
    g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                 fingerprint == NULL || *fingerprint == '\0'
                   ? _("The service %s is configured without the fingerprint of its acuse certificate, so its acuses cannot be verified. Ask the service operator for the SHA-256 fingerprint and set it in the “service-certificate-sha256” setting, or clear “service-url” to practise.")
                   : _("The fingerprint of the acuse certificate of the service %s is not a SHA-256 fingerprint (64 hexadecimal digits). Copy it again from the service operator into the “service-certificate-sha256” setting."),
                 url);
  return self;
}

VntWizardContext *
vnt_wizard_context_get_default (void)
{
  if (default_context == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (NULL);

      /* Without the schema (run from the build tree) there is no setting:
       * practice mode, as with an empty one. */
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new (APP_ID);

      default_context = vnt_wizard_context_new_from_settings (settings, store);
    }

  return default_context;
}

void
vnt_wizard_context_set_default (VntWizardContext *context)
{
  g_return_if_fail (context == NULL || VNT_IS_WIZARD_CONTEXT (context));

  if (context != NULL)
    g_object_ref (context);
  g_clear_object (&default_context);
  default_context = context;
}

VntTramiteStore *
vnt_wizard_context_get_store (VntWizardContext *self)
{
  g_return_val_if_fail (VNT_IS_WIZARD_CONTEXT (self), NULL);

  return self->store;
}

VntServiceClient *
vnt_wizard_context_get_client (VntWizardContext *self)
{
  g_return_val_if_fail (VNT_IS_WIZARD_CONTEXT (self), NULL);

  return self->client;
}

gboolean
vnt_wizard_context_get_practice (VntWizardContext *self)
{
  g_return_val_if_fail (VNT_IS_WIZARD_CONTEXT (self), FALSE);

  return self->practice;
}

static void
practice_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VntWizardContext) self = user_data;
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  g_autoptr(GError) error = NULL;

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  if (vnt_practice_start_finish (VNT_PRACTICE (object), result, &error))
    {
      self->client = vnt_practice_create_client (self->practice_service, &error);
      /* The practice e.firmas pass the local checks too. */
      vnt_wizard_context_set_trust_store (self, vnt_practice_get_trust_store (self->practice_service));
    }

  if (self->client == NULL)
    g_clear_object (&self->practice_service);

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

void
vnt_wizard_context_prepare_async (VntWizardContext    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VNT_IS_WIZARD_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_wizard_context_prepare_async);

  if (self->client != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->setup_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->setup_error));
      return;
    }

  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->practice_service == NULL)
    {
      self->practice_service = vnt_practice_new (vnt_tramite_store_get_data_dir (self->store));
      vnt_practice_start_async (self->practice_service, NULL, practice_started_cb,
                                g_object_ref (self));
    }
}

gboolean
vnt_wizard_context_prepare_finish (VntWizardContext  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vnt_wizard_context_set_trust_store (VntWizardContext *self,
                                    VntTrustStore    *trust)
{
  g_return_if_fail (VNT_IS_WIZARD_CONTEXT (self));
  g_return_if_fail (trust == NULL || VNT_IS_TRUST_STORE (trust));

  g_set_object (&self->trust, trust);
}

VntProcedure *
vnt_wizard_context_new_procedure (VntWizardContext *self,
                                  const char       *procedure_id)
{
  const VntProcedureDescriptor *descriptor;
  VntProcedure *procedure;

  g_return_val_if_fail (VNT_IS_WIZARD_CONTEXT (self), NULL);

  descriptor = vnt_procedure_registry_lookup (procedure_id);
  if (descriptor == NULL)
    return NULL;
  g_return_val_if_fail (self->client != NULL || vnt_procedure_descriptor_get_local_only (descriptor), NULL);

  procedure = vnt_procedure_descriptor_create (descriptor, self->client, self->store, self->practice);
  if (procedure != NULL)
    vnt_procedure_set_trust_store (procedure, self->trust);
  return procedure;
}

static void
resume_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VntWizardContext *self = g_task_get_source_object (task);
  g_autoptr(VntTramite) record = NULL;
  VntProcedure *procedure;
  GError *error = NULL;

  record = vnt_tramite_store_load_finish (VNT_TRAMITE_STORE (object), result, &error);
  procedure = record != NULL
              ? vnt_procedure_registry_resume (self->client, self->store, record, self->practice, &error)
              : NULL;
  if (procedure == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_procedure_set_trust_store (procedure, self->trust);
  g_task_return_pointer (task, procedure, g_object_unref);
}

void
vnt_wizard_context_resume_async (VntWizardContext    *self,
                                 const char          *tramite_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VNT_IS_WIZARD_CONTEXT (self));
  g_return_if_fail (self->client != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vnt_wizard_context_resume_async);
  vnt_tramite_store_load_async (self->store, tramite_id, cancellable, resume_loaded_cb,
                                g_steal_pointer (&task));
}

VntProcedure *
vnt_wizard_context_resume_finish (VntWizardContext  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
