/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "controllers/steps/vnt-efirma-step.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"

/* The record's fields of an e.firma step. The applicant's keep the names
 * of the first record format, so older saved trámites resume; any other
 * role's are prefixed with the role ("company/rfc"). */
typedef enum {
  FIELD_CURP,
  FIELD_RFC,
  FIELD_CERTIFICATE_PATH,
  FIELD_KEY_PATH,
  FIELD_CERTIFICATE_NUMBER,
  FIELD_NAME,
  FIELD_CERTIFICATE,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "curp", "rfc", "certificate_path", "key_path", "certificate_number", "name", "certificate",
};

struct _VntEfirmaStep
{
  GObject          parent_instance;

  VntProcedure    *procedure;  /* unowned: it owns us */
  char            *role;
  VntEfirmaPolicy  policy;
  char            *curp_step;
  char            *ask_step;
  char            *validated_step;
  char            *fields[N_FIELDS];

  /* In memory only. */
  VntCheckReport  *report;
};

G_DEFINE_FINAL_TYPE (VntEfirmaStep, vnt_efirma_step, G_TYPE_OBJECT)

static VntTramite *
record (VntEfirmaStep *self)
{
  return vnt_procedure_get_record (self->procedure);
}

static const char *
get_field (VntEfirmaStep *self,
           Field          field)
{
  return vnt_tramite_get_string (record (self), self->fields[field]);
}

static void
set_field (VntEfirmaStep *self,
           Field          field,
           const char    *value)
{
  vnt_tramite_set_string (record (self), self->fields[field], value);
}

static void
vnt_efirma_step_finalize (GObject *object)
{
  VntEfirmaStep *self = VNT_EFIRMA_STEP (object);

  g_free (self->role);
  g_free (self->curp_step);
  g_free (self->ask_step);
  g_free (self->validated_step);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (vnt_efirma_step_parent_class)->finalize (object);
}

static void
vnt_efirma_step_class_init (VntEfirmaStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_efirma_step_finalize;
}

static void
vnt_efirma_step_init (VntEfirmaStep *self)
{
}

VntEfirmaStep *
vnt_efirma_step_new (VntProcedure          *procedure,
                     const char            *role,
                     const VntEfirmaPolicy *policy,
                     const char            *curp_step,
                     const char            *ask_step,
                     const char            *validated_step)
{
  VntEfirmaStep *self;
  gboolean applicant;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (role != NULL && policy != NULL, NULL);
  g_return_val_if_fail (ask_step != NULL && validated_step != NULL, NULL);

  self = g_object_new (VNT_TYPE_EFIRMA_STEP, NULL);
  self->procedure = procedure;
  self->role = g_strdup (role);
  self->policy = *policy;
  self->curp_step = g_strdup (curp_step);
  self->ask_step = g_strdup (ask_step);
  self->validated_step = g_strdup (validated_step);

  applicant = g_str_equal (role, VNT_CREDENTIAL_ROLE_APPLICANT);
  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i] = applicant ? g_strdup (field_names[i]) : g_strconcat (role, "/", field_names[i], NULL);

  vnt_procedure_add_part (procedure, self);

  return self;
}

VntEfirmaStep *
vnt_efirma_step_new_applicant (VntProcedure          *procedure,
                               const VntEfirmaPolicy *policy)
{
  const char *curp_step = NULL;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);

  if (vnt_procedure_declares_step (procedure, VNT_EFIRMA_STEP_CURP))
    curp_step = VNT_EFIRMA_STEP_CURP;
  return vnt_efirma_step_new (procedure, VNT_CREDENTIAL_ROLE_APPLICANT, policy, curp_step,
                              VNT_EFIRMA_STEP_ASK, VNT_EFIRMA_STEP_VALIDATED);
}

VntProcedure *
vnt_efirma_step_get_procedure (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return self->procedure;
}

const VntEfirmaPolicy *
vnt_efirma_step_get_policy (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return &self->policy;
}

const char *
vnt_efirma_step_get_curp (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_CURP);
}

const char *
vnt_efirma_step_get_rfc (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_RFC);
}

static void     forget_efirma  (VntEfirmaStep *self);
static gboolean past_validated (VntEfirmaStep *self);

gboolean
vnt_efirma_step_set_rfc (VntEfirmaStep  *self,
                         const char     *rfc,
                         GError        **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), FALSE);
  g_return_val_if_fail (rfc != NULL, FALSE);

  normalized = vnt_id_normalize (rfc);
  if (past_validated (self) && g_strcmp0 (normalized, get_field (self, FIELD_RFC)) != 0)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("The RFC cannot change once the procedure was sent. Start a new procedure to use another RFC."));
      return FALSE;
    }
  if (!vnt_rfc_validate (normalized, error))
    return FALSE;

  if (g_strcmp0 (normalized, get_field (self, FIELD_RFC)) != 0)
    {
      forget_efirma (self);
      set_field (self, FIELD_RFC, normalized);
      /* Validated for another RFC: ask for the e.firma again. */
      if (vnt_procedure_has_reached (self->procedure, self->validated_step))
        vnt_procedure_set_step (self->procedure, self->ask_step);
    }
  return TRUE;
}

const char *
vnt_efirma_step_get_certificate_path (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_CERTIFICATE_PATH);
}

const char *
vnt_efirma_step_get_key_path (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_KEY_PATH);
}

const char *
vnt_efirma_step_get_certificate_number (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_CERTIFICATE_NUMBER);
}

const char *
vnt_efirma_step_get_name (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return get_field (self, FIELD_NAME);
}

VntCheckReport *
vnt_efirma_step_get_check_report (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return self->report;
}

VntCertificate *
vnt_efirma_step_get_certificate (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return vnt_procedure_get_certificate (self->procedure, self->fields[FIELD_CERTIFICATE]);
}

VntCredential *
vnt_efirma_step_get_credential (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), NULL);
  return vnt_procedure_get_credential (self->procedure, self->role);
}

/* What to do when the e.firma is not open. */
static const char type_again[] = N_("To continue, type the password of your e.firma again.");

VntCredential *
vnt_efirma_step_require_credential (VntEfirmaStep *self,
                                    GTask         *task,
                                    const char    *message)
{
  VntCredential *credential = vnt_efirma_step_get_credential (self);

  if (credential == NULL)
    vnt_procedure_task_fail (self->procedure, task,
                             g_error_new_literal (VNT_PROCEDURE_ERROR,
                                                  VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL,
                                                  message != NULL ? message : _(type_again)));
  return credential;
}

gboolean
vnt_efirma_step_get_needs_credential (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), FALSE);

  return vnt_procedure_has_reached (self->procedure, self->validated_step) &&
         !vnt_procedure_get_done (self->procedure) &&
         vnt_efirma_step_get_credential (self) == NULL;
}

gboolean
vnt_efirma_step_get_validated (VntEfirmaStep *self)
{
  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), FALSE);
  return vnt_procedure_has_reached (self->procedure, self->validated_step);
}

static void
put_credential (VntEfirmaStep *self,
                VntCredential *credential)
{
  vnt_procedure_put_credential (self->procedure, self->role, credential);
}

/* ------------------------------------------------------------------ */
/* CURP                                                                */

static void
forget_efirma (VntEfirmaStep *self)
{
  put_credential (self, NULL);
  g_clear_object (&self->report);
  set_field (self, FIELD_CERTIFICATE_NUMBER, NULL);
  set_field (self, FIELD_NAME, NULL);
  vnt_procedure_set_certificate (self->procedure, self->fields[FIELD_CERTIFICATE], NULL);
}

/* Whether the procedure went on past the validated step. */
static gboolean
past_validated (VntEfirmaStep *self)
{
  return vnt_procedure_has_reached (self->procedure, self->validated_step) &&
         !g_str_equal (vnt_procedure_get_step (self->procedure), self->validated_step);
}

gboolean
vnt_efirma_step_set_curp (VntEfirmaStep  *self,
                          const char     *curp,
                          GError        **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VNT_IS_EFIRMA_STEP (self), FALSE);
  g_return_val_if_fail (curp != NULL, FALSE);

  if (!vnt_procedure_check_idle (self->procedure, error))
    return FALSE;
  if (past_validated (self))
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                           _("The CURP cannot change once the procedure was sent. Start a new procedure to use another CURP."));
      return FALSE;
    }

  normalized = vnt_id_normalize (curp);
  if (!vnt_curp_validate (normalized, error))
    return FALSE;

  if (g_strcmp0 (normalized, get_field (self, FIELD_CURP)) != 0)
    {
      forget_efirma (self);
      set_field (self, FIELD_CURP, normalized);
      if (self->curp_step != NULL)
        vnt_procedure_set_step (self->procedure, self->ask_step);
    }
  else if (self->curp_step != NULL && !vnt_procedure_has_reached (self->procedure, self->ask_step))
    vnt_procedure_set_step (self->procedure, self->ask_step);

  vnt_procedure_save (self->procedure);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Open and check                                                      */

typedef struct {
  char           *rfc;
  char           *cer_path;
  char           *key_path;
  char           *password;
  gboolean        check;
  VntTrustStore  *trust;  /* of the checks; NULL: the bundled one */
  VntCredential  *credential;
  VntCheckReport *report;
  GError         *open_error;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->rfc);
  g_free (data->cer_path);
  g_free (data->key_path);
  vnt_secret_free (data->password);
  g_clear_object (&data->trust);
  g_clear_object (&data->credential);
  g_clear_object (&data->report);
  g_clear_error (&data->open_error);
  g_free (data);
}

/* Worker thread: GnuTLS decrypts the key and walks the chain. */
static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;

  data->credential = vnt_credential_new_from_files (data->cer_path, data->key_path, data->password,
                                                    &data->open_error);
  /* Used once: gone before anything else happens. */
  g_clear_pointer (&data->password, vnt_secret_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->check)
    {
      if (data->credential != NULL)
        data->report = vnt_check_credential (data->credential, data->trust, NULL, TRUE);
      else
        {
          g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_file (data->cer_path, NULL);

          if (certificate != NULL)
            data->report = vnt_check_certificate (certificate, data->trust, NULL, TRUE);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
validate_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  VntEfirmaStep *self = VNT_EFIRMA_STEP (source);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->report, data->report);

  if (!vnt_efirma_policy_check (&self->policy, data->report, data->credential, data->open_error,
                                data->rfc, get_field (self, FIELD_CURP), &error))
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  /* Passed: keep the facts (never the password, never the key). */
  certificate = vnt_credential_get_certificate (data->credential);
  /* No CURP typed (a patrón's e.firma): requests carry the certificate's,
   * its representative's for a company. */
  if (!self->policy.curp_must_match && self->curp_step == NULL)
    set_field (self, FIELD_CURP, vnt_certificate_get_persona (certificate) == VNT_PERSONA_MORAL
                                 ? vnt_certificate_get_representative_curp (certificate)
                                 : vnt_certificate_get_curp (certificate));
  set_field (self, FIELD_RFC, data->rfc != NULL ? data->rfc : vnt_certificate_get_rfc (certificate));
  set_field (self, FIELD_CERTIFICATE_PATH, data->cer_path);
  set_field (self, FIELD_KEY_PATH, data->key_path);
  set_field (self, FIELD_CERTIFICATE_NUMBER, vnt_certificate_get_number (certificate));
  set_field (self, FIELD_NAME, vnt_certificate_get_name (certificate));
  vnt_procedure_set_certificate (self->procedure, self->fields[FIELD_CERTIFICATE], certificate);
  vnt_procedure_set_step (self->procedure, self->validated_step);
  put_credential (self, data->credential);

  vnt_procedure_task_return_saved (self->procedure, task, NULL, NULL);
}

static void
open_async (VntEfirmaStep       *self,
            GTask               *task,
            OpenData            *data,
            GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) open = g_task_new (self, g_task_get_cancellable (task), callback, task);

  /* The outer task keeps the data; the worker reads it. */
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_set_task_data (open, data, NULL);
  g_task_run_in_thread (open, open_thread);
}

void
vnt_efirma_step_validate_async (VntEfirmaStep       *self,
                                const char          *rfc,
                                const char          *cer_path,
                                const char          *key_path,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  OpenData *data;
  GError *error = NULL;
  g_autofree char *normalized = NULL;

  g_return_if_fail (VNT_IS_EFIRMA_STEP (self));
  g_return_if_fail (cer_path != NULL);

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_efirma_step_validate_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self->procedure, task, self->ask_step, self->validated_step))
    return;

  normalized = rfc != NULL ? vnt_id_normalize (rfc) : NULL;
  if (normalized != NULL && !vnt_rfc_validate (normalized, &error))
    {
      vnt_procedure_task_fail (self->procedure, task, error);
      return;
    }

  /* A new attempt: the e.firma validated before no longer counts. */
  put_credential (self, NULL);
  if (g_str_equal (vnt_procedure_get_step (self->procedure), self->validated_step))
    vnt_procedure_set_step (self->procedure, self->ask_step);

  data = g_new0 (OpenData, 1);
  data->rfc = g_steal_pointer (&normalized);
  data->cer_path = g_strdup (cer_path);
  data->key_path = g_strdup (key_path);
  data->password = g_strdup (password != NULL ? password : "");
  data->check = TRUE;
  if (vnt_procedure_get_trust_store (self->procedure) != NULL)
    data->trust = g_object_ref (vnt_procedure_get_trust_store (self->procedure));
  open_async (self, task, data, validate_opened_cb);
}

gboolean
vnt_efirma_step_validate_finish (VntEfirmaStep  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
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
  VntEfirmaStep *self = VNT_EFIRMA_STEP (source);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }
  if (data->credential == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&data->open_error));
      return;
    }

  certificate = vnt_credential_get_certificate (data->credential);
  if (g_strcmp0 (vnt_certificate_get_number (certificate), get_field (self, FIELD_CERTIFICATE_NUMBER)) != 0)
    {
      vnt_procedure_task_fail (self->procedure, task,
                               g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE,
                                            _("These files are not the e.firma this procedure began with (certificate %s). Choose that e.firma, or start the procedure again."),
                                            get_field (self, FIELD_CERTIFICATE_NUMBER)));
      return;
    }

  vnt_procedure_set_certificate (self->procedure, self->fields[FIELD_CERTIFICATE], certificate);
  put_credential (self, data->credential);
  vnt_procedure_task_return (self->procedure, task, NULL, NULL);
}

void
vnt_efirma_step_unlock_async (VntEfirmaStep       *self,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  OpenData *data;

  g_return_if_fail (VNT_IS_EFIRMA_STEP (self));

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_efirma_step_unlock_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self->procedure, task, self->validated_step, NULL))
    return;

  if (get_field (self, FIELD_CERTIFICATE_PATH) == NULL)
    {
      vnt_procedure_task_fail_wrong_step (self->procedure, task);
      return;
    }

  data = g_new0 (OpenData, 1);
  data->cer_path = g_strdup (get_field (self, FIELD_CERTIFICATE_PATH));
  data->key_path = g_strdup (get_field (self, FIELD_KEY_PATH));
  data->password = g_strdup (password != NULL ? password : "");
  open_async (self, task, data, unlock_opened_cb);
}

gboolean
vnt_efirma_step_unlock_finish (VntEfirmaStep  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vnt_efirma_step_adopt (VntEfirmaStep *self,
                       VntEfirmaStep *other)
{
  VntCredential *credential;

  g_return_if_fail (VNT_IS_EFIRMA_STEP (self));
  g_return_if_fail (VNT_IS_EFIRMA_STEP (other));

  for (guint i = 0; i < N_FIELDS; i++)
    if (i != FIELD_CERTIFICATE)
      set_field (self, i, get_field (other, i));
  vnt_procedure_set_certificate (self->procedure, self->fields[FIELD_CERTIFICATE],
                                 vnt_efirma_step_get_certificate (other));
  g_set_object (&self->report, other->report);
  vnt_procedure_set_practice (self->procedure, vnt_procedure_get_practice (other->procedure));
  vnt_procedure_set_trust_store (self->procedure, vnt_procedure_get_trust_store (other->procedure));

  credential = vnt_efirma_step_get_credential (other);
  if (credential != NULL && vnt_efirma_step_get_certificate (self) != NULL)
    {
      vnt_procedure_set_step (self->procedure, self->validated_step);
      put_credential (self, credential);
    }
  else if (get_field (self, FIELD_CURP) != NULL)
    vnt_procedure_set_step (self->procedure, self->ask_step);

  vnt_procedure_save (self->procedure);
}
