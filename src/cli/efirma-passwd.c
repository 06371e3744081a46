/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "efirma-new-password.h"

int
efirma_passwd_main (int    argc,
                    char **argv)
{
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  gboolean modern = FALSE;
  EfirmaPasswordSource source = EFIRMA_PASSWORD_SOURCE_INIT;
  EfirmaPasswordSource new_source = EFIRMA_PASSWORD_SOURCE_INIT;
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (source),
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The new .key file"), N_("FILE") },
    { "modern", 0, 0, G_OPTION_ARG_NONE, &modern,
      N_("Protect it with AES-256 and PBKDF2-SHA256 (SAT’s programs may not open it)"), NULL },
    EFIRMA_NEW_PASSWORD_OPTIONS (new_source),
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VntSecret) password = NULL;
  g_autoptr(VntSecret) new_password = NULL;
  g_autoptr(GError) error = NULL;
  VntKeyProtection protection;
  int status = EFIRMA_EXIT_USAGE;

  context = efirma_option_context_new (N_("--key FILE --out FILE"),
                                       N_("Writes a copy of a private key under a new password, in SAT’s "
                                          "format. The original file is left as it is."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    goto out;

  if (key == NULL || out == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --key and --out."));
      goto out;
    }
  if (!efirma_refuse_existing (out))
    goto out;

  protection = modern ? VNT_KEY_PROTECTION_MODERN : VNT_KEY_PROTECTION_SAT;

  if (!efirma_passwords_read (&source, NULL, key, _("Current password of the private key: "),
                              &new_source, protection, &password, &new_password, &error) ||
      !vnt_sat_key_change_password (key, password, out, new_password, protection, NULL, &error))
    {
      status = efirma_report_error (error);
      goto out;
    }

  g_print (_("Saved %s\n"), out);
  status = EFIRMA_EXIT_OK;

out:
  efirma_password_source_clear (&source);
  efirma_password_source_clear (&new_source);
  return status;
}
