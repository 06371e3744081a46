/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "crypto/vnt-renewal.h"
#include "efirma-new-password.h"

int
efirma_renew_main (int    argc,
                   char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *company_rfc = NULL;
  g_autofree char *email = NULL;
  g_autofree char *out = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr(GDateTime) now = NULL;
  int bits = 0;
  g_auto(EfirmaPasswords) passwords = EFIRMA_PASSWORDS_INIT;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer,
      N_("The current e.firma certificate (.cer); for a company, the legal representative’s"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("Its private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (passwords.source),
    { "company-rfc", 0, 0, G_OPTION_ARG_STRING, &company_rfc,
      N_("Persona moral: the company’s RFC (the renewal is signed with its representative’s e.firma)"), N_("RFC") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("E-mail address for the new certificate (default: the current one)"), N_("ADDRESS") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Folder for the new files"), N_("DIR") },
    { "bits", 0, 0, G_OPTION_ARG_INT, &bits, N_("Key size: 2048 (default) or 4096"), N_("BITS") },
    EFIRMA_NEW_PASSWORD_OPTIONS (passwords.new_source),
    /* For tests: SAT's public test e.firmas have all expired. */
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &now_text,
      N_("Take this time (ISO 8601) as now"), N_("TIME") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  context = efirma_option_context_new (N_("--cer FILE --key FILE --out DIR"),
                                       N_("Makes the files of an e.firma renewal, as SAT’s Certifica does: a "
                                          "new private key (Claveprivada_FIEL_….key) and the renewal request "
                                          "(Renovacion_FIEL_….ren) signed with the current e.firma, to send "
                                          "to SAT."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (cer == NULL || key == NULL || out == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --cer, --key and --out."));
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_check_bits (&bits))
    return EFIRMA_EXIT_USAGE;
  if (!efirma_parse_now (now_text, &now, &error))
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_check_out_folder (out))
    return EFIRMA_EXIT_USAGE;

  if (!efirma_passwords_read (&passwords, NULL, key, VNT_KEY_PROTECTION_SAT,
                              _("Password of the current e.firma: "), &error))
    return efirma_report_error (error);

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = out,
                                         .cer_path = cer,
                                         .key_path = key,
                                         .password = passwords.password,
                                         .rfc = company_rfc,
                                         .email = email,
                                         .new_password = passwords.new_password,
                                         .bits = bits,
                                     },
                                     now, NULL, &error);
  if (paths == NULL)
    return efirma_report_error (error);

  g_print (_("New private key: %s\n"), paths[0]);
  g_print (_("Renewal:         %s\n"), paths[1]);
  g_print (_("Send the .ren to SAT (CertiSAT Web); keep the new key and its password safe.\n"));
  return EFIRMA_EXIT_OK;
}
