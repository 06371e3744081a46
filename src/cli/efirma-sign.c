/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "efirma-common.h"

/* CMS as PEM, for terminals and e-mail. */
static GBytes *
to_pem (GBytes *der)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (der, &len);
  g_autofree char *base64 = g_base64_encode (p, len);
  GString *pem = g_string_new ("-----BEGIN CMS-----\n");
  gsize n = strlen (base64);

  for (gsize i = 0; i < n; i += 64)
    {
      g_string_append_len (pem, base64 + i, MIN (64, n - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CMS-----\n");

  return g_string_free_to_bytes (pem);
}

int
efirma_sign_main (int    argc,
                  char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *output = NULL;
  gboolean cms = FALSE, detached = FALSE, pem = FALSE;
  EfirmaPasswordSource source = EFIRMA_PASSWORD_SOURCE_INIT;
  GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer,
      N_("The certificate (.cer), or a PKCS#12 (.pfx) holding certificate and key"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The private key (.key)"), N_("FILE") },
    EFIRMA_PASSWORD_OPTIONS (source),
    { "cms", 0, 0, G_OPTION_ARG_NONE, &cms,
      N_("Make a CMS (PKCS#7) signature that carries the certificate, instead of PKCS#1 in base64"), NULL },
    { "detached", 0, 0, G_OPTION_ARG_NONE, &detached,
      N_("With --cms: leave the signed content out of the signature"), NULL },
    { "pem", 0, 0, G_OPTION_ARG_NONE, &pem, N_("With --cms: write PEM text instead of DER"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the signature to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VntSecret) password = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;
  int status = EFIRMA_EXIT_USAGE;

  context = efirma_option_context_new (N_("--cer FILE [--key FILE] [FILE]"),
                                       N_("Signs FILE (or the standard input) with an e.firma. By default the "
                                          "signature is PKCS#1 v1.5 with SHA-256 in base64, as SAT’s web tools "
                                          "send it; --cms makes a CMS SignedData instead."),
                                       entries);
  if (!efirma_option_context_parse (context, &argc, &argv))
    goto out;

  if (cer == NULL || argc > 2 || ((detached || pem) && !cms))
    {
      efirma_usage_error (g_get_prgname (),
                          _("Give --cer (and --key unless it is a .pfx) and at most one file; --detached and --pem go with --cms."));
      goto out;
    }

  if (!efirma_check_input_file (cer, &error) || !efirma_check_input_file (key, &error) ||
      !efirma_password_for_pair (&source, cer, key, &password, &error))
    {
      efirma_usage_error (g_get_prgname (), "%s", error->message);
      goto out;
    }

  credential = vnt_credential_new_from_files (cer, key, password, &error);
  g_clear_pointer (&password, vnt_secret_free);
  if (credential == NULL)
    {
      status = efirma_report_error (error);
      goto out;
    }

  certificate = vnt_credential_get_certificate (credential);
  if (vnt_certificate_get_days_left (certificate, NULL) < 0)
    g_printerr (_("Warning: this certificate has expired; whoever receives the signature will reject it.\n"));

  data = efirma_read_input (argc > 1 ? argv[1] : NULL, &error);
  if (data == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      goto out;
    }

  /* GnuTLS makes no CMS over nothing, and would blame the key. */
  if (cms && g_bytes_get_size (data) == 0)
    {
      if (argc > 1)
        g_printerr (_("%s: “%s” is empty: a CMS signature needs something to sign. Choose the file you mean to sign.\n"),
                    g_get_prgname (), argv[1]);
      else
        g_printerr (_("%s: The standard input is empty: a CMS signature needs something to sign.\n"), g_get_prgname ());
      goto out;
    }

  if (cms)
    {
      signature = vnt_credential_sign_cms (credential, data, detached, &error);
      if (signature != NULL && pem)
        {
          GBytes *der = g_steal_pointer (&signature);

          signature = to_pem (der);
          g_bytes_unref (der);
        }
    }
  else
    {
      g_autofree char *base64 = vnt_credential_sign_pkcs1 (credential, data, &error);

      if (base64 != NULL)
        signature = g_bytes_new_take (g_strconcat (base64, "\n", NULL), strlen (base64) + 1);
    }

  if (signature == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      status = EFIRMA_EXIT_INVALID;
      goto out;
    }

  if (!efirma_write_output (output, signature, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      goto out;
    }

  status = EFIRMA_EXIT_OK;

out:
  efirma_password_source_clear (&source);
  return status;
}
