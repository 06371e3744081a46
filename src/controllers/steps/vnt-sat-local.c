/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "controllers/steps/vnt-keygen-step.h"
#include "controllers/vnt-procedure-private.h"
#include "core/vnt-core-utils.h"
#include "core/vnt-task.h"
#include "crypto/vnt-sat-key.h"
#include "vnt-sat-local.h"

gboolean
vnt_sat_local_check_new_password (const char         *password,
                                  const char         *confirmation,
                                  const char * const *personal,
                                  GError            **error)
{
  if (!vnt_sat_key_check_new_password (password != NULL ? password : "", VNT_KEY_PROTECTION_SAT, error))
    return FALSE;

  if (vnt_password_strength (password, personal) < VNT_PASSWORD_STRENGTH_FAIR)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WEAK_PASSWORD,
                           _("This password is easy to guess. Choose a longer one that mixes upper and lower case letters, digits and signs, without your RFC or CURP."));
      return FALSE;
    }

  return vnt_keygen_step_check_password (password, confirmation, error);
}

gboolean
vnt_sat_local_check_folder_chosen (const char *folder,
                                   GError    **error)
{
  if (folder != NULL)
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Choose where to save the files: a USB drive is best."));
  return FALSE;
}

/* ASCII, one "@" with something on both sides and a dot after it: what a
 * request's emailAddress (IA5String) can carry and SAT writes to. */
static gboolean
email_is_plausible (const char *email)
{
  const char *at;

  if (email == NULL || *email == '\0' || strlen (email) > 254)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
      return FALSE;

  at = strchr (email, '@');
  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.';
}

gboolean
vnt_sat_local_check_email (const char *email,
                           GError    **error)
{
  if (email_is_plausible (email))
    return TRUE;

  g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL,
                       _("This is not an e-mail address SAT can use. Type one like "
                         "nombre@correo.mx, without spaces or accents."));
  return FALSE;
}

gboolean
vnt_sat_local_check_folder (const char  *folder,
                            GError     **error)
{
  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The folder to save in is not there any more (a drive taken out?). Choose the folder again."));
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                           _("Choose a folder to save in, not a file."));
      return FALSE;
    }
  if (g_access (folder, W_OK) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("You cannot write in this folder (a read-only drive?). Choose another folder."));
      return FALSE;
    }

  return TRUE;
}

G_DEFINE_INTERFACE (VntSatLocal, vnt_sat_local, VNT_TYPE_PROCEDURE)

static void
vnt_sat_local_default_init (VntSatLocalInterface *iface)
{
}

VntPasswordStrength
vnt_sat_local_rate_password (VntSatLocal *self,
                             const char  *password)
{
  g_auto(GStrv) personal = NULL;

  g_return_val_if_fail (VNT_IS_SAT_LOCAL (self), VNT_PASSWORD_STRENGTH_TOO_SHORT);

  personal = VNT_SAT_LOCAL_GET_IFACE (self)->writer->get_personal_words (self);
  return vnt_password_strength (password, (const char * const *) personal);
}

typedef struct
{
  const VntSatLocalWriter *writer;
  char                    *folder;
  char                    *password;
  gpointer                 data;
} Write;

static void
write_free (Write *write)
{
  g_free (write->folder);
  vnt_secret_free (write->password);
  if (write->data != NULL)
    write->writer->data_free (write->data);
  g_free (write);
}

static gpointer
write_job (gpointer      user_data,
           GCancellable *cancellable,
           GError      **error)
{
  Write          *write = user_data;
  VntEfirmaParams params = {
    .folder = write->folder,
    .new_password = write->password,
    .bits = 2048,
  };
  gboolean written;

  if (!vnt_sat_local_check_folder (write->folder, error))
    return NULL;
  written = write->writer->write (write->data, &params, cancellable, error);
  explicit_bzero (write->password, strlen (write->password));
  return written ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask        *task = user_data;
  VntProcedure *procedure = g_task_get_source_object (task);
  Write        *write = g_task_get_task_data (task);
  GError       *error = NULL;

  if (vnt_task_run_finish (result, procedure, vnt_sat_local_write_async, &error) == NULL)
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  write->writer->written (VNT_SAT_LOCAL (procedure), write->data);
  vnt_procedure_set_step (procedure, write->writer->written_step);
  vnt_procedure_task_return (procedure, task, NULL, NULL);
}

void
vnt_sat_local_write_async (VntSatLocal        *self,
                           const char         *folder,
                           const char         *password,
                           const char         *confirmation,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  VntProcedure *procedure = VNT_PROCEDURE (self);
  GError       *error = NULL;
  Write        *write;
  GTask        *task;
  g_auto(GStrv) personal = NULL;

  g_return_if_fail (VNT_IS_SAT_LOCAL (self));

  task = vnt_procedure_task_new (procedure, cancellable, callback, user_data,
                                 vnt_sat_local_write_async);
  if (task == NULL)
    return;
  write = g_new0 (Write, 1);
  write->writer = VNT_SAT_LOCAL_GET_IFACE (self)->writer;
  /* The operation's task owns it: the worker and then write_done_cb
   * use it before the operation ends. */
  g_task_set_task_data (task, write, (GDestroyNotify) write_free);
  if (!vnt_procedure_task_require_step (procedure, task, write->writer->ask_step,
                                        write->writer->ask_step))
    return;
  write->data = write->writer->prepare (self, task);
  if (write->data == NULL)
    return;

  personal = write->writer->get_personal_words (self);
  if (!vnt_sat_local_check_new_password (password, confirmation, (const char * const *) personal,
                                         &error) ||
      !vnt_sat_local_check_folder_chosen (folder, &error))
    {
      vnt_procedure_task_fail (procedure, task, error);
      return;
    }

  write->folder = g_strdup (folder);
  write->password = g_strdup (password);
  vnt_task_run_in_thread (procedure, write, NULL, write_job, NULL, vnt_sat_local_write_async,
                          g_task_get_cancellable (task), write_done_cb, task);
}

gboolean
vnt_sat_local_write_finish (VntSatLocal  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
suggest_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, vnt_keygen_step_suggest_folder (), g_free);
}

void
vnt_sat_local_suggest_folder_async (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vnt_sat_local_suggest_folder_async);
  g_task_run_in_thread (task, suggest_thread);
}

char *
vnt_sat_local_suggest_folder_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
vnt_sat_local_format_digest (GBytes *data)
{
  g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, hex[i]);
    }

  return g_string_free (out, FALSE);
}
