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
  EfirmaPasswordSource source = EFIRMA_PASSWORD_SOURCE_INIT;
  EfirmaPasswordSource new_source = EFIRMA_PASSWORD_SOURCE_INIT;
  GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer,
      N_("The current e.firma certificate (.cer); for a company, the legal representative’s"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("Its private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (source),
    { "company-rfc", 0, 0, G_OPTION_ARG_STRING, &company_rfc,
      N_("Persona moral: the company’s RFC (the renewal is signed with its representative’s e.firma)"), N_("RFC") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("E-mail address for the new certificate (default: the current one)"), N_("ADDRESS") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Folder for the new files"), N_("DIR") },
    { "bits", 0, 0, G_OPTION_ARG_INT, &bits, N_("Key size: 2048 (default) or 4096"), N_("BITS") },
    EFIRMA_NEW_PASSWORD_OPTIONS (new_source),
    /* For tests: SAT's public test e.firmas have all expired. */
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &now_text,
      N_("Take this time (ISO 8601) as now"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VntSecret) password = NULL;
  g_autoptr(VntSecret) new_password = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  int status = EFIRMA_EXIT_USAGE;

  context = efirma_option_context_new (N_("--cer FILE --key FILE --out DIR"),
                                       N_("Makes the files of an e.firma renewal, as SAT’s Certifica does: a "
                                          "new private key (Claveprivada_FIEL_….key) and the renewal request "
                                          "(Renovacion_FIEL_….ren) signed with the current e.firma, to send "
                                          "to SAT."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    goto out;

  if (cer == NULL || key == NULL || out == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --cer, --key and --out."));
      goto out;
    }
  if (!efirma_check_bits (&bits))
    goto out;
  if (!efirma_parse_now (now_text, &now, &error))
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      goto out;
    }
  if (!efirma_check_out_folder (out))
    goto out;

  if (!efirma_passwords_read (&source, NULL, key, _("Password of the current e.firma: "),
                              &new_source, VNT_KEY_PROTECTION_SAT, &password, &new_password, &error))
    {
      status = efirma_report_error (error);
      goto out;
    }

  paths = vnt_renewal_create_efirma (&(VntEfirmaParams){
                                         .folder = out,
                                         .cer_path = cer,
                                         .key_path = key,
                                         .password = password,
                                         .rfc = company_rfc,
                                         .email = email,
                                         .new_password = new_password,
                                         .bits = bits,
                                     },
                                     now, NULL, &error);
  if (paths == NULL)
    {
      status = efirma_report_error (error);
      goto out;
    }

  g_print (_("New private key: %s\n"), paths[0]);
  g_print (_("Renewal:         %s\n"), paths[1]);
  g_print (_("Send the .ren to SAT (CertiSAT Web); keep the new key and its password safe.\n"));
  status = EFIRMA_EXIT_OK;

out:
  efirma_password_source_clear (&source);
  efirma_password_source_clear (&new_source);
  return status;
}
