/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "crypto/vnt-pkcs12-writer.h"
#include "efirma-new-password.h"

int
efirma_pfx_main (int    argc,
                 char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  gboolean compat = FALSE;
  g_auto(EfirmaPasswords) passwords = EFIRMA_PASSWORDS_INIT;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer, N_("The certificate (.cer)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("Its private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (passwords.source),
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The new .pfx file"), N_("FILE") },
    { "compat", 0, 0, G_OPTION_ARG_NONE, &compat,
      N_("Use 3DES and a SHA-1 MAC, for Windows before 10 and Java 8"), NULL },
    EFIRMA_NEW_PASSWORD_OPTIONS (passwords.new_source),
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = efirma_option_context_new (N_("--cer FILE --key FILE --out FILE"),
                                       N_("Packs a certificate and its private key into a new PKCS#12 file "
                                          "(.pfx), the form IMSS’s IDSE and Windows use, under a password you "
                                          "choose. By default AES-256 and PBKDF2-SHA256."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (cer == NULL || key == NULL || out == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --cer, --key and --out."));
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_refuse_existing (out))
    return EFIRMA_EXIT_USAGE;

  if (!efirma_passwords_read (&passwords, cer, key, VNT_KEY_PROTECTION_MODERN,
                              _("Password of the private key: "), &error))
    return efirma_report_error (error);
  if (!vnt_pkcs12_writer_save (&(VntKeyFiles){
                                   .cer_path = cer,
                                   .key_path = key,
                                   .password = passwords.password,
                                   .out_path = out,
                                   .new_password = passwords.new_password,
                                   .protection = compat ? VNT_PKCS12_PROFILE_COMPAT
                                                        : VNT_PKCS12_PROFILE_MODERN,
                               },
                               NULL, &error))
    return efirma_report_error (error);

  g_print (_("Saved %s\n"), out);
  return EFIRMA_EXIT_OK;
}
