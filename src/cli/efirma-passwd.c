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
  g_auto(EfirmaPasswords) passwords = EFIRMA_PASSWORDS_INIT;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (passwords.source),
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The new .key file"), N_("FILE") },
    { "modern", 0, 0, G_OPTION_ARG_NONE, &modern,
      N_("Protect it with AES-256 and PBKDF2-SHA256 (SAT’s programs may not open it)"), NULL },
    EFIRMA_NEW_PASSWORD_OPTIONS (passwords.new_source),
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VntKeyProtection protection;

  context = efirma_option_context_new (N_("--key FILE --out FILE"),
                                       N_("Writes a copy of a private key under a new password, in SAT’s "
                                          "format. The original file is left as it is."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (key == NULL || out == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --key and --out."));
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_refuse_existing (out))
    return EFIRMA_EXIT_USAGE;

  protection = modern ? VNT_KEY_PROTECTION_MODERN : VNT_KEY_PROTECTION_SAT;

  if (!efirma_passwords_read (&passwords, NULL, key, protection,
                              _("Current password of the private key: "), &error))
    return efirma_report_error (error);
  if (!vnt_sat_key_change_password (&(VntKeyFiles){
                                        .key_path = key,
                                        .password = passwords.password,
                                        .out_path = out,
                                        .new_password = passwords.new_password,
                                        .protection = protection,
                                    },
                                    NULL, &error))
    return efirma_report_error (error);

  g_print (_("Saved %s\n"), out);
  return EFIRMA_EXIT_OK;
}
