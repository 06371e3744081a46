/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "crypto/vnt-csd-request.h"
#include "efirma-new-password.h"

int
efirma_sdg_main (int    argc,
                 char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) sucursales = NULL;
  g_autofree char *out = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(EfirmaPasswords) passwords = EFIRMA_PASSWORDS_INIT;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer,
      N_("The e.firma certificate (.cer); for a company, the company’s"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("Its private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (passwords.source),
    { "sucursal", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sucursales,
      N_("A sucursal (branch) that needs a CSD; repeat for each"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Folder for the new files"), N_("DIR") },
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
  guint n;

  context = efirma_option_context_new (N_("--cer FILE --key FILE --out DIR --sucursal NAME…"),
                                       N_("Makes a request for CSDs (certificados de sello digital, for invoices), "
                                          "as SAT’s Certifica does: for each sucursal a new private key "
                                          "(CSD_<Sucursal>_<RFC>_….key, under a password you choose) and its "
                                          "request, all the requests in one file CSD_<RFC>_….sdg signed with the "
                                          "e.firma, to upload in SAT’s CertiSAT Web."),
                                       entries);
  if (!efirma_refuse_new_password_in_argv (argc, argv) ||
      !efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (cer == NULL || key == NULL || out == NULL || sucursales == NULL || argc > 1)
    {
      efirma_usage_error (g_get_prgname (), _("Give --cer, --key, --out and at least one --sucursal."));
      return EFIRMA_EXIT_USAGE;
    }
  for (n = 0; sucursales[n] != NULL; n++)
    if (!vnt_csd_request_check_sucursal (sucursales[n], &error))
      {
        efirma_usage_error (g_get_prgname (), "%s", error->message);
        return EFIRMA_EXIT_USAGE;
      }
  if (!efirma_parse_now (now_text, &now, &error))
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      return EFIRMA_EXIT_USAGE;
    }
  if (!efirma_check_out_folder (out))
    return EFIRMA_EXIT_USAGE;
  if (!efirma_check_input_file (cer, &error) || !efirma_check_input_file (key, &error) ||
      !efirma_passwords_read (&passwords, NULL, key, VNT_KEY_PROTECTION_SAT,
                              _("Password of the e.firma: "), &error))
    return efirma_report_error (error);

  paths = vnt_csd_request_create (&(VntEfirmaParams){
                                      .folder = out,
                                      .cer_path = cer,
                                      .key_path = key,
                                      .password = passwords.password,
                                      .sucursales = (const char * const *) sucursales,
                                      .new_password = passwords.new_password,
                                  },
                                  now, NULL, &error);
  if (paths == NULL)
    return efirma_report_error (error);

  for (guint i = 0; i < n; i++)
    g_print (_("Private key (%s): %s\n"), sucursales[i], paths[i]);
  g_print (_("CSD request: %s\n"), paths[n]);
  g_print (_("Upload the .sdg in SAT’s CertiSAT Web; later download there the CSD (.cer) of each sucursal "
             "and keep it with its .key. Keep the keys and their password safe: SAT never asks for them.\n"));
  return EFIRMA_EXIT_OK;
}
