/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "controllers/steps/vnt-keygen-step.h"
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

  if (g_strcmp0 (password, confirmation) != 0)
    {
      g_set_error_literal (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH,
                           _("The password and its confirmation are different. Type the same password in both."));
      return FALSE;
    }

  return TRUE;
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
