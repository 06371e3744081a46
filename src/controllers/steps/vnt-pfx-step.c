/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/steps/vnt-pfx-step.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-idse-ledger.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"

struct _VntPfxStep
{
  GObject         parent_instance;

  VntProcedure   *procedure;  /* owns the step */
  char           *path_field;
  char           *saved_step;

  VntCertificate *certificate;
  VntPrivateKey  *key;
  char           *npie;
};

G_DEFINE_FINAL_TYPE (VntPfxStep, vnt_pfx_step, G_TYPE_OBJECT)

static void
vnt_pfx_step_finalize (GObject *object)
{
  VntPfxStep *self = VNT_PFX_STEP (object);

  g_clear_object (&self->certificate);
  g_clear_object (&self->key);
  g_free (self->path_field);
  g_free (self->saved_step);
  g_free (self->npie);

  G_OBJECT_CLASS (vnt_pfx_step_parent_class)->finalize (object);
}

static void
vnt_pfx_step_class_init (VntPfxStepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_pfx_step_finalize;
}

static void
vnt_pfx_step_init (VntPfxStep *self)
{
}

VntPfxStep *
vnt_pfx_step_new (VntProcedure *procedure,
                  const char   *name,
                  const char   *saved_step)
{
  VntPfxStep *self;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (saved_step == NULL || vnt_procedure_declares_step (procedure, saved_step), NULL);

  self = g_object_new (VNT_TYPE_PFX_STEP, NULL);
  self->procedure = procedure;
  self->path_field = g_strconcat (name, ".path", NULL);
  self->saved_step = g_strdup (saved_step);
  return self;
}

static GError *
key_mismatch_error (void)
{
  return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                              _("This private key is not this certificate’s. Choose the .key file that was made when this certificate was requested."));
}

gboolean
vnt_pfx_step_set_contents (VntPfxStep      *self,
                           VntCertificate  *certificate,
                           VntPrivateKey   *key,
                           GError         **error)
{
  g_return_val_if_fail (VNT_IS_PFX_STEP (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), FALSE);

  if (!vnt_private_key_matches (key, certificate))
    {
      g_clear_object (&self->certificate);
      g_clear_object (&self->key);
      g_propagate_error (error, key_mismatch_error ());
      return FALSE;
    }

  g_set_object (&self->certificate, certificate);
  g_set_object (&self->key, key);
  return TRUE;
}

VntCertificate *
vnt_pfx_step_get_certificate (VntPfxStep *self)
{
  g_return_val_if_fail (VNT_IS_PFX_STEP (self), NULL);
  return self->certificate;
}

VntPrivateKey *
vnt_pfx_step_get_key (VntPfxStep *self)
{
  g_return_val_if_fail (VNT_IS_PFX_STEP (self), NULL);
  return self->key;
}

char *
vnt_pfx_step_get_default_name (VntPfxStep *self)
{
  const char *rfc;
  const char *number;

  g_return_val_if_fail (VNT_IS_PFX_STEP (self), NULL);

  if (self->certificate == NULL)
    return g_strdup ("certificado-idse.pfx");

  rfc = vnt_certificate_get_rfc (self->certificate);
  number = vnt_certificate_get_number (self->certificate);
  return g_strdup_printf ("%s_%s.pfx", rfc != NULL ? rfc : "IDSE", number != NULL ? number : "certificado");
}

void
vnt_pfx_step_set_npie (VntPfxStep *self,
                       const char *npie)
{
  g_return_if_fail (VNT_IS_PFX_STEP (self));

  g_free (self->npie);
  self->npie = g_strdup (npie);
}

const char *
vnt_pfx_step_get_path (VntPfxStep *self)
{
  g_return_val_if_fail (VNT_IS_PFX_STEP (self), NULL);
  return vnt_tramite_get_string (vnt_procedure_get_record (self->procedure), self->path_field);
}

/* ------------------------------------------------------------------ */
/* Save                                                                */

typedef struct {
  VntCertificate   *certificate;
  VntPrivateKey    *key;
  char             *path;
  char             *password;
  VntPkcs12Profile  profile;
  char             *data_dir;  /* for "Mis certificados IDSE"; NULL: none */
  VntIdseLedgerEntry *entry;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->certificate);
  g_clear_object (&data->key);
  g_free (data->path);
  vnt_secret_free (data->password);
  g_free (data->data_dir);
  vnt_idse_ledger_entry_free (data->entry);
  g_free (data);
}

/* Worker thread: the PBKDF2 rounds take a while. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GBytes) pfx = NULL;
  GError *error = NULL;

  pfx = vnt_pkcs12_writer_build (data->certificate, data->key, data->password, data->profile, &error);
  g_clear_pointer (&data->password, vnt_secret_free);
  if (pfx == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (!vnt_safe_file_write_bytes (data->path, pfx, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The .pfx is saved whatever happens to its note in "Mis certificados
   * IDSE"; a note that cannot be written is only logged. */
  if (data->data_dir != NULL && !vnt_idse_ledger_add (data->data_dir, data->entry, &error))
    {
      g_warning ("Could not note the saved certificate: %s", error->message);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VntPfxStep *self = VNT_PFX_STEP (source);
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (self->procedure, task, error);
      return;
    }

  vnt_tramite_set_string (vnt_procedure_get_record (self->procedure), self->path_field, data->path);
  if (self->saved_step != NULL)
    vnt_procedure_set_step (self->procedure, self->saved_step);
  vnt_procedure_task_return_saved (self->procedure, task, NULL, NULL);
}

void
vnt_pfx_step_save_async (VntPfxStep          *self,
                         const char          *path,
                         const char          *password,
                         VntPkcs12Profile     profile,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  GTask           *task;
  SaveData        *data;
  VntTramiteStore *store;
  GError          *error = NULL;
  glong            length;

  g_return_if_fail (VNT_IS_PFX_STEP (self));
  g_return_if_fail (path != NULL);

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_pfx_step_save_async);
  if (task == NULL)
    return;

  if (self->certificate == NULL || self->key == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("There is no certificate and key to save yet.")));
      return;
    }

  length = password != NULL ? g_utf8_strlen (password, -1) : 0;
  if (length < 8 || length > 20)
    {
      vnt_procedure_task_fail (self->procedure, task,
                               g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                                                    _("The .pfx password must have 8 to 20 characters: use your IDSE password.")));
      return;
    }

  /* Said at once, before minutes of key derivation. */
  if (!vnt_safe_file_check_free (path, &error))
    {
      vnt_procedure_task_fail (self->procedure, task, error);
      return;
    }

  data = g_new0 (SaveData, 1);
  data->certificate = g_object_ref (self->certificate);
  data->key = g_object_ref (self->key);
  data->path = g_strdup (path);
  data->password = g_strdup (password);
  data->profile = profile;
  store = vnt_procedure_get_store (self->procedure);
  data->data_dir = store != NULL ? g_strdup (vnt_tramite_store_get_data_dir (store)) : NULL;
  data->entry = vnt_idse_ledger_entry_new ();
  data->entry->path = g_strdup (path);
  data->entry->procedure = g_strdup (vnt_procedure_get_procedure_id (self->procedure));
  data->entry->npie = g_strdup (self->npie);
  data->entry->serial = g_strdup (vnt_certificate_get_number (self->certificate));
  data->entry->rfc = g_strdup (vnt_certificate_get_rfc (self->certificate));
  data->entry->name = g_strdup (vnt_certificate_get_name (self->certificate));
  data->entry->not_before = g_date_time_ref (vnt_certificate_get_not_before (self->certificate));
  data->entry->not_after = g_date_time_ref (vnt_certificate_get_not_after (self->certificate));
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  worker = g_task_new (self, cancellable, save_done_cb, task);
  g_task_set_task_data (worker, data, NULL);
  g_task_run_in_thread (worker, save_thread);
}

gboolean
vnt_pfx_step_save_finish (VntPfxStep    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Open                                                                */

/* The crypto layer speaks of an e.firma's .cer; here it is the IDSE
 * certificate, so its mismatch is said in these words. */
static GError *
plain_error (GError *error)
{
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH))
    {
      g_error_free (error);
      return key_mismatch_error ();
    }
  if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    {
      g_error_free (error);
      return g_error_new_literal (VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                                  _("The password is wrong. Type the password of this certificate’s private key (your IDSE password) and try again."));
    }
  return error;
}

typedef gpointer (*OpenFinishFunc) (GAsyncResult *result,
                                    GError      **error);

/* The crypto layer's open ends: finished by the function the task keeps,
 * its errors said as plain_error () says them. */
static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenFinishFunc finish = (OpenFinishFunc) g_task_get_task_data (task);
  GError        *error = NULL;
  gpointer       opened = finish (result, &error);

  if (opened == NULL)
    g_task_return_error (task, plain_error (error));
  else
    g_task_return_pointer (task, opened, g_object_unref);
}

static GTask *
open_task_new (OpenFinishFunc      finish,
               gpointer            source_tag,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) finish, NULL);
  return task;
}

void
vnt_pfx_step_open_credential_async (const char          *path,
                                    const char          *key_path,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (path != NULL);

  task = open_task_new ((OpenFinishFunc) vnt_credential_new_from_files_finish,
                        vnt_pfx_step_open_credential_async, cancellable, callback, user_data);
  vnt_credential_new_from_files_async (path, key_path, password, cancellable, opened_cb, task);
}

VntCredential *
vnt_pfx_step_open_credential_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return vnt_task_run_finish (result, NULL, vnt_pfx_step_open_credential_async, error);
}

void
vnt_pfx_step_open_key_async (const char          *key_path,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (key_path != NULL);

  task = open_task_new ((OpenFinishFunc) vnt_private_key_new_from_file_finish,
                        vnt_pfx_step_open_key_async, cancellable, callback, user_data);
  vnt_private_key_new_from_file_async (key_path, password, cancellable, opened_cb, task);
}

VntPrivateKey *
vnt_pfx_step_open_key_finish (GAsyncResult  *result,
                              GError       **error)
{
  return vnt_task_run_finish (result, NULL, vnt_pfx_step_open_key_async, error);
}
