/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/vnt-safe-file.h"
#include "crypto/vnt-keygen.h"
#include "efirma-new-password.h"

gboolean
efirma_refuse_new_password_in_argv (int    argc,
                                    char **argv)
{
  return efirma_refuse_secret_in_argv (argc, argv, "new-password", NULL,
                                       _("Passwords are never accepted on the command line, "
                                         "where other users of this computer can see them. "
                                         "Type it when asked, or use --new-password-file FILE "
                                         "or --new-password-fd FD."));
}

VntSecret *
efirma_new_password_read (const EfirmaPasswordSource  *source,
                          VntKeyProtection             protection,
                          GError                     **error)
{
  g_autoptr(VntSecret) first = NULL;
  g_autoptr(VntSecret) second = NULL;

  if (efirma_password_source_is_set (source))
    {
      first = efirma_password_read (source, NULL, error);
      if (first == NULL)
        return NULL;
    }
  else
    {
      /* Typed blind: ask twice so that a typo does not lock the key. */
      first = efirma_password_read (source, _("Password for the new file: "), error);
      if (first == NULL)
        return NULL;
      if (!vnt_sat_key_check_new_password (first, protection, error))
        return NULL;
      second = efirma_password_read (source, _("Type it again: "), error);
      if (second == NULL)
        return NULL;
      if (!g_str_equal (first, second))
        {
          g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                       _("The two passwords differ. Run the command again and type the same password twice."));
          return NULL;
        }
    }

  if (!vnt_sat_key_check_new_password (first, protection, error))
    return NULL;

  return g_steal_pointer (&first);
}

void
efirma_passwords_clear (EfirmaPasswords *passwords)
{
  efirma_password_source_clear (&passwords->source);
  efirma_password_source_clear (&passwords->new_source);
  g_clear_pointer (&passwords->password, vnt_secret_free);
  g_clear_pointer (&passwords->new_password, vnt_secret_free);
}

gboolean
efirma_passwords_read (EfirmaPasswords *passwords,
                       const char      *cer,
                       const char      *key,
                       VntKeyProtection protection,
                       const char      *prompt,
                       GError         **error)
{
  g_autoptr(VntSecret) current = NULL;

  if (efirma_needs_password (cer, key))
    {
      current = efirma_password_read (&passwords->source, prompt, error);
      if (current == NULL)
        return FALSE;
    }

  passwords->new_password = efirma_new_password_read (&passwords->new_source, protection, error);
  if (passwords->new_password == NULL)
    return FALSE;

  passwords->password = g_steal_pointer (&current);
  return TRUE;
}

gboolean
efirma_refuse_existing (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (vnt_safe_file_check_free (path, &error))
    return TRUE;

  efirma_usage_error (g_get_prgname (), "%s", error->message);
  return FALSE;
}

gboolean
efirma_check_out_folder (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;

  efirma_usage_error (g_get_prgname (), _("“%s” is not a folder."), path);
  return FALSE;
}

gboolean
efirma_check_bits (int *bits)
{
  if (*bits == 0)
    *bits = VNT_KEYGEN_DEFAULT_BITS;

  if (*bits != VNT_KEYGEN_DEFAULT_BITS && *bits != VNT_KEYGEN_LARGE_BITS)
    {
      efirma_usage_error (g_get_prgname (), _("--bits must be 2048 (what SAT expects) or 4096."));
      return FALSE;
    }

  return TRUE;
}
