/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "controllers/steps/vnt-keygen-step.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-task.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-request-writer.h"
#include "crypto/vnt-sat-key.h"

/* The record's fields of a key step, prefixed with the step's name. */
typedef enum {
  FIELD_PATH,
  FIELD_ID,
  FIELD_BITS,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = { "path", "id", "bits" };

struct _VntKeygenStep
{
  GObject         parent_instance;

  VntProcedure   *procedure;  /* unowned: it owns us */
  char           *ask_step;
  char           *saved_step;
  char           *fields[N_FIELDS];

  double          progress;
  VntKeygenPhase  phase;
  gboolean        needs_key;

  /* In memory only. */
  VntPrivateKey  *key;
};

G_DEFINE_FINAL_TYPE (VntKeygenStep, vnt_keygen_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_PHASE,
  PROP_NEEDS_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_field (VntKeygenStep *self,
           Field          field)
{
  return vnt_tramite_get_string (vnt_procedure_get_record (self->procedure), self->fields[field]);
}

static void
set_field (VntKeygenStep *self,
           Field          field,
           const char    *value)
{
  vnt_tramite_set_string (vnt_procedure_get_record (self->procedure), self->fields[field], value);
}

static void
update_needs_key (VntKeygenStep *self)
{
  gboolean needs;

  needs = vnt_procedure_has_reached (self->procedure, self->saved_step) &&
          !vnt_procedure_get_done (self->procedure) && self->key == NULL;
  if (needs == self->needs_key)
    return;

  self->needs_key = needs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_KEY]);
}

static void
set_progress (VntKeygenStep  *self,
              VntKeygenPhase  phase,
              double          progress)
{
  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

/* The generating thread's progress, back in the step's thread
 * (vnt_task_post_progress ()): after the operation ended it says nothing. */
static void
progress_posted (gpointer object,
                 int      phase,
                 double   progress)
{
  VntKeygenStep *self = object;

  if (vnt_procedure_get_busy (self->procedure))
    set_progress (self, phase, progress);
}

static void
vnt_keygen_step_finalize (GObject *object)
{
  VntKeygenStep *self = VNT_KEYGEN_STEP (object);

  g_free (self->ask_step);
  g_free (self->saved_step);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (vnt_keygen_step_parent_class)->finalize (object);
}

static void
vnt_keygen_step_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VntKeygenStep *self = VNT_KEYGEN_STEP (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_NEEDS_KEY:
      g_value_set_boolean (value, self->needs_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vnt_keygen_step_class_init (VntKeygenStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_keygen_step_finalize;
  object_class->get_property = vnt_keygen_step_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL, VNT_KEYGEN_PHASE_IDLE, VNT_KEYGEN_PHASE_DONE,
                      VNT_KEYGEN_PHASE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_KEY] =
    g_param_spec_boolean ("needs-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vnt_keygen_step_init (VntKeygenStep *self)
{
}

VntKeygenStep *
vnt_keygen_step_new (VntProcedure *procedure,
                     const char   *name,
                     const char   *ask_step,
                     const char   *saved_step)
{
  VntKeygenStep *self;

  g_return_val_if_fail (VNT_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (name != NULL && ask_step != NULL && saved_step != NULL, NULL);

  self = g_object_new (VNT_TYPE_KEYGEN_STEP, NULL);
  self->procedure = procedure;
  self->ask_step = g_strdup (ask_step);
  self->saved_step = g_strdup (saved_step);
  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i] = g_strconcat (name, "/", field_names[i], NULL);

  g_signal_connect_object (procedure, "notify::step", G_CALLBACK (update_needs_key), self,
                           G_CONNECT_SWAPPED);

  return self;
}

char *
vnt_keygen_step_suggest_file_name (const char *prefix,
                                   const char *rfc,
                                   GDateTime  *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (prefix != NULL, NULL);

  local = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");
  if (rfc == NULL || *rfc == '\0')
    return g_strdup_printf ("%s_%s.key", prefix, stamp);
  return g_strdup_printf ("%s_%s_%s.key", prefix, rfc, stamp);
}

char *
vnt_keygen_step_suggest_folder (void)
{
  /* Where desktops mount removable drives: udisks under /run/media/$USER
   * (or /media/$USER on Debian and Ubuntu). */
  g_autofree char *run_media = g_build_filename ("/run/media", g_get_user_name (), NULL);
  g_autofree char *media = g_build_filename ("/media", g_get_user_name (), NULL);
  const char *roots[] = { run_media, media };

  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autoptr(GDir) dir = g_dir_open (roots[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (roots[i], name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_DIR) && g_access (path, W_OK) == 0)
            return g_steal_pointer (&path);
        }
    }

  return NULL;
}

gboolean
vnt_keygen_step_check_password (const char  *password,
                                const char  *confirmation,
                                GError     **error)
{
  if (!vnt_sat_key_check_new_password (password != NULL ? password : "", VNT_KEY_PROTECTION_SAT, error))
    return FALSE;

  if (g_strcmp0 (password, confirmation) != 0)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH,
                           _("The password and its confirmation are different. Type the same password in both."));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Generate                                                            */

typedef struct {
  VntKeygenStep  *self;
  char           *path;
  char           *password;
  guint           bits;
  VntPrivateKey  *key;
} GenerateData;

static void
generate_data_free (GenerateData *data)
{
  g_clear_object (&data->self);
  g_free (data->path);
  vnt_secret_free (data->password);
  g_clear_object (&data->key);
  g_free (data);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  g_autoptr(VntPrivateKey) key = NULL;
  GError *error = NULL;

  /* Checked again where it is written; this only spares the wait. */
  if (!vnt_safe_file_check_free (data->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_task_post_progress (g_task_get_context (task), data->self, progress_posted,
                          VNT_KEYGEN_PHASE_GENERATING, 0.05);
  key = vnt_keygen_generate (data->bits, cancellable, &error);
  if (key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  vnt_task_post_progress (g_task_get_context (task), data->self, progress_posted,
                          VNT_KEYGEN_PHASE_ENCRYPTING, 0.7);
  /* vnt_sat_key_save encrypts, then writes as a new file, 0600. */
  if (!vnt_sat_key_save (key, data->path, data->password, VNT_KEY_PROTECTION_SAT, cancellable, &error))
    {
      g_clear_pointer (&data->password, vnt_secret_free);
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&data->password, vnt_secret_free);
  vnt_task_post_progress (g_task_get_context (task), data->self, progress_posted,
                          VNT_KEYGEN_PHASE_WRITING, 0.95);

  data->key = g_steal_pointer (&key);
  g_task_return_boolean (task, TRUE);
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  VntKeygenStep *self = VNT_KEYGEN_STEP (source);
  GenerateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *bits = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_progress (self, VNT_KEYGEN_PHASE_IDLE, 0.0);
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->key, data->key);
  bits = g_strdup_printf ("%u", vnt_private_key_get_bits (data->key));
  set_field (self, FIELD_PATH, data->path);
  set_field (self, FIELD_ID, vnt_private_key_get_id (data->key));
  set_field (self, FIELD_BITS, bits);
  set_progress (self, VNT_KEYGEN_PHASE_DONE, 1.0);
  vnt_procedure_set_step (self->procedure, self->saved_step);
  update_needs_key (self);

  vnt_procedure_task_return_saved (self->procedure, task, NULL, NULL);
}

void
vnt_keygen_step_generate_async (VntKeygenStep       *self,
                                const char          *path,
                                const char          *password,
                                guint                bits,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  GenerateData *data;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (VNT_IS_KEYGEN_STEP (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (bits == VNT_KEYGEN_DEFAULT_BITS || bits == VNT_KEYGEN_LARGE_BITS);

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_keygen_step_generate_async);
  if (task == NULL)
    return;
  if (!vnt_procedure_task_require_step (self->procedure, task, self->ask_step, self->ask_step))
    return;
  if (!vnt_sat_key_check_new_password (password != NULL ? password : "", VNT_KEY_PROTECTION_SAT, &error))
    {
      vnt_procedure_task_fail (self->procedure, task, error);
      return;
    }

  data = g_new0 (GenerateData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  data->password = g_strdup (password);
  data->bits = bits;
  g_task_set_task_data (task, data, (GDestroyNotify) generate_data_free);

  set_progress (self, VNT_KEYGEN_PHASE_GENERATING, 0.0);
  worker = g_task_new (self, cancellable, generate_done_cb, task);
  g_task_set_source_tag (worker, generate_thread);
  g_task_set_task_data (worker, data, NULL);
  g_task_run_in_thread (worker, generate_thread);
}

gboolean
vnt_keygen_step_generate_finish (VntKeygenStep  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Unlock (resumed)                                                    */

static void
unlock_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  VntKeygenStep *self = g_task_get_source_object (task);
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = vnt_private_key_new_from_file_finish (result, &error);
  if (key == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task, g_steal_pointer (&error));
      return;
    }

  if (g_strcmp0 (vnt_private_key_get_id (key), get_field (self, FIELD_ID)) != 0)
    {
      g_autofree char *display = g_filename_display_name (get_field (self, FIELD_PATH));

      vnt_procedure_task_fail (self->procedure, task,
                               g_error_new (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE,
                                            _("The key in “%s” is not the one this procedure generated. Put back the key file you saved, or start a new request."),
                                            display));
      return;
    }

  g_set_object (&self->key, key);
  update_needs_key (self);
  vnt_procedure_task_return (self->procedure, task, NULL, NULL);
}

void
vnt_keygen_step_unlock_async (VntKeygenStep       *self,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VNT_IS_KEYGEN_STEP (self));

  task = vnt_procedure_task_new_for (self->procedure, self, cancellable, callback, user_data,
                                     vnt_keygen_step_unlock_async);
  if (task == NULL)
    return;
  if (get_field (self, FIELD_PATH) == NULL)
    {
      vnt_procedure_task_fail (self->procedure, task,
                               g_error_new_literal (VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP,
                                                    _("No key was generated yet.")));
      return;
    }

  vnt_private_key_new_from_file_async (get_field (self, FIELD_PATH), password, cancellable,
                                       unlock_opened_cb, task);
}

gboolean
vnt_keygen_step_unlock_finish (VntKeygenStep  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The key's request                                                   */

typedef struct {
  VntPrivateKey *key;
  char          *unique_identifier;
  char          *serial_number;
  char          *email;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->key);
  g_free (data->unique_identifier);
  g_free (data->serial_number);
  g_free (data->email);
  g_free (data);
}

static gpointer
request_job (gpointer      user_data,
             GCancellable *cancellable,
             GError      **error)
{
  RequestData *data = user_data;

  return vnt_request_writer_build (data->key, data->unique_identifier, data->serial_number,
                                   data->email, NULL, error);
}

void
vnt_keygen_step_build_request_async (VntKeygenStep       *self,
                                     const char          *unique_identifier,
                                     const char          *serial_number,
                                     const char          *email,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RequestData *data;

  g_return_if_fail (VNT_IS_KEYGEN_STEP (self));

  if (self->key == NULL)
    {
      g_task_report_new_error (self, callback, user_data, vnt_keygen_step_build_request_async,
                               VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL, "%s",
                               _("Open the new private key you saved (type its password) first."));
      return;
    }

  data = g_new0 (RequestData, 1);
  data->key = g_object_ref (self->key);
  data->unique_identifier = g_strdup (unique_identifier);
  data->serial_number = g_strdup (serial_number);
  data->email = g_strdup (email);
  vnt_task_run_in_thread (self, data, (GDestroyNotify) request_data_free, request_job,
                          (GDestroyNotify) g_bytes_unref, vnt_keygen_step_build_request_async,
                          cancellable, callback, user_data);
}

GBytes *
vnt_keygen_step_build_request_finish (VntKeygenStep  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return vnt_task_run_finish (result, self, vnt_keygen_step_build_request_async, error);
}

/* ------------------------------------------------------------------ */

const char *
vnt_keygen_step_get_path (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), NULL);
  return get_field (self, FIELD_PATH);
}

const char *
vnt_keygen_step_get_key_id (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), NULL);
  return get_field (self, FIELD_ID);
}

VntPrivateKey *
vnt_keygen_step_get_key (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), NULL);
  return self->key;
}

gboolean
vnt_keygen_step_get_saved (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), FALSE);
  return vnt_procedure_has_reached (self->procedure, self->saved_step) && get_field (self, FIELD_PATH) != NULL;
}

gboolean
vnt_keygen_step_get_needs_key (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), FALSE);
  update_needs_key (self);
  return self->needs_key;
}

double
vnt_keygen_step_get_progress (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), 0.0);
  return self->progress;
}

VntKeygenPhase
vnt_keygen_step_get_phase (VntKeygenStep *self)
{
  g_return_val_if_fail (VNT_IS_KEYGEN_STEP (self), VNT_KEYGEN_PHASE_IDLE);
  return self->phase;
}

void
vnt_keygen_step_forget_key (VntKeygenStep *self)
{
  g_return_if_fail (VNT_IS_KEYGEN_STEP (self));
  g_clear_object (&self->key);
  update_needs_key (self);
}
