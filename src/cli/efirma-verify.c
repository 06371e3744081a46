/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "efirma-common.h"

/* DER starts with a SEQUENCE and a long length; PEM with its armour. A
 * base64 PKCS#1 signature is plain text, even when it starts with '0'. */
static gboolean
looks_like_cms (GBytes *signature)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (signature, &len);

  if (len >= 2 && p[0] == 0x30 && p[1] >= 0x80)
    return TRUE;

  return g_strstr_len ((const char *) p, MIN (len, 4096), "-----BEGIN ") != NULL;
}

int
efirma_verify_main (int    argc,
                    char **argv)
{
  g_autofree char *cer = NULL;
  g_autofree char *signature_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *now_text = NULL;
  g_auto(GStrv) ca_files = NULL;
  gboolean cms = FALSE, detached = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "signature", 's', 0, G_OPTION_ARG_FILENAME, &signature_path,
      N_("The signature: PKCS#1 in base64, or CMS in DER or PEM"), N_("FILE") },
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer,
      N_("The signer’s certificate (needed for PKCS#1; with CMS, require this signer)"), N_("FILE") },
    { "cms", 0, 0, G_OPTION_ARG_NONE, &cms, N_("The signature is CMS (found out by itself otherwise)"), NULL },
    { "detached", 0, 0, G_OPTION_ARG_NONE, &detached,
      N_("The CMS signature is detached: read the content from FILE or the standard input"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the content signed inside a CMS signature to FILE"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &ca_files,
      N_("Also trust this CA certificate (repeatable)"), N_("FILE") },
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &now_text,
      N_("Take this time (ISO 8601) as now"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(VntCertificate) expected = NULL;
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(VntTrustStore) trust = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = FALSE;

  context = efirma_option_context_new (N_("--signature FILE [FILE]"),
                                       N_("Verifies a signature over FILE (or the standard input). A PKCS#1 "
                                          "signature needs the signer’s --cer; a CMS signature carries it. An "
                                          "attached CMS signature needs no FILE."),
                                       entries);
  if (!efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (signature_path == NULL || argc > 2)
    {
      efirma_usage_error (g_get_prgname (), _("Give --signature FILE and at most one file with the signed content."));
      return EFIRMA_EXIT_USAGE;
    }

  if (!efirma_parse_now (now_text, &now, &error) ||
      (trust = efirma_trust_store_new (ca_files, &error)) == NULL ||
      (signature = efirma_read_input_max (signature_path, EFIRMA_MAX_CREDENTIAL_FILE, &error)) == NULL ||
      (cer != NULL && !efirma_check_input_file (cer, &error)) ||
      (cer != NULL && (expected = vnt_certificate_new_from_file (cer, &error)) == NULL))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return efirma_error_is_io (error) || error->domain == G_OPTION_ERROR ? EFIRMA_EXIT_USAGE : EFIRMA_EXIT_INVALID;
    }

  if (g_bytes_get_size (signature) == 0)
    {
      g_printerr (_("%s: “%s” is empty. Choose the file that holds the signature.\n"), g_get_prgname (),
                  signature_path);
      return EFIRMA_EXIT_USAGE;
    }

  cms = cms || detached || looks_like_cms (signature);
  if (!cms && expected == NULL)
    {
      efirma_usage_error (g_get_prgname (), _("A PKCS#1 signature does not say who signed: give the signer’s certificate with --cer."));
      return EFIRMA_EXIT_USAGE;
    }

  /* An attached CMS signature holds its content; anything else reads it. */
  if (!cms || detached || argc > 1)
    {
      data = efirma_read_input (argc > 1 ? argv[1] : NULL, &error);
      if (data == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EFIRMA_EXIT_USAGE;
        }
    }

  if (cms)
    {
      signer = vnt_signature_verify_cms (signature, data, &content, &error);
      if (signer != NULL && expected != NULL && !vnt_certificate_equal (signer, expected))
        g_set_error (&error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE,
                     _("The signature is valid, but it was made with another certificate than the one given with --cer."));
      valid = error == NULL && signer != NULL;
    }
  else
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

      g_strstrip (text);
      valid = vnt_signature_verify_pkcs1 (expected, data, text, &error);
      signer = g_object_ref (expected);
    }

  if (valid && output != NULL && content != NULL && !efirma_write_output (output, content, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EFIRMA_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      vnt_json_add_boolean (builder, "valid", valid);
      vnt_json_add_string (builder, "format", cms ? "cms" : "pkcs1");
      vnt_json_add_value (builder, "error", error != NULL ? efirma_error_to_json (error) : NULL);
      vnt_json_add_value (builder, "certificate",
                          valid && signer != NULL ? efirma_certificate_to_json (signer, trust, now)
                                                  : NULL);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      efirma_print_json (root);
    }
  else if (valid)
    {
      g_autoptr(EfirmaTable) table = efirma_table_new ();

      g_print ("%s\n", _("The signature is valid."));
      efirma_table_add_certificate (table, signer, trust, now);
      efirma_table_print (table, "  ");
    }
  else
    g_printerr (_("The signature is NOT valid: %s\n"),
                error != NULL ? error->message : _("it does not verify over this content."));

  if (valid)
    return EFIRMA_EXIT_OK;

  return efirma_error_is_io (error) ? EFIRMA_EXIT_USAGE : EFIRMA_EXIT_INVALID;
}
