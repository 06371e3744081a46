/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "crypto/vnt-csd-request.h"
#include "crypto/vnt-csr.h"
#include "crypto/vnt-file-type.h"
#include "crypto/vnt-key-info.h"
#include "crypto/vnt-signature.h"
#include "efirma-common.h"

typedef struct {
  gboolean json;
  char **ca_files;
  char *now_text;
  EfirmaPasswordSource password_source;

  VntTrustStore *trust;
  GDateTime *now;
  /* Read once, on the first protected PKCS#12. */
  VntSecret *password;
  gboolean password_read;
} Inspect;

typedef struct {
  char *file;
  char *display_name;
  GError *error;
  VntFileType type;
  VntCertificate *certificate;
  VntKeyInfo *key_info;
  VntCsr *csr;
  gboolean pkcs12_protected;
  /* A .ren: @certificate signed @csr. */
  gboolean renewal;
  /* A .sdg: @certificate signed the requests in it. */
  VntCsdRequest *sdg;
} Inspection;

static void
inspection_free (Inspection *inspection)
{
  g_free (inspection->file);
  g_free (inspection->display_name);
  g_clear_error (&inspection->error);
  g_clear_object (&inspection->certificate);
  g_clear_object (&inspection->key_info);
  g_clear_object (&inspection->csr);
  g_clear_object (&inspection->sdg);
  g_free (inspection);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Inspection, inspection_free)

static gboolean
read_password (Inspect  *self,
               GError  **error)
{
  if (self->password_read)
    return self->password != NULL;

  self->password_read = TRUE;
  self->password = efirma_password_read (&self->password_source, _("Password of the PKCS#12 file: "), error);
  return self->password != NULL;
}

static void
open_pkcs12 (Inspect    *self,
             Inspection *inspection,
             GBytes     *data)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  /* Many .pfx files are "without password", which means the empty one. */
  credential = vnt_credential_new_from_pkcs12 (data, "", &error);
  if (credential == NULL && g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD))
    {
      inspection->pkcs12_protected = TRUE;
      g_clear_error (&error);

      if (!efirma_password_source_is_set (&self->password_source))
        {
          g_set_error (&inspection->error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                       _("This PKCS#12 file is protected by a password. Give it with --password-file FILE or --password-fd FD."));
          return;
        }
      if (!read_password (self, &inspection->error))
        return;
      credential = vnt_credential_new_from_pkcs12 (data, self->password, &error);
    }

  if (credential == NULL)
    {
      inspection->error = g_steal_pointer (&error);
      return;
    }

  inspection->certificate = g_object_ref (vnt_credential_get_certificate (credential));
}

/* A .ren of `efirma renew` or SAT's Certifica: CMS SignedData by the
 * current e.firma over the new request (.req). FALSE when @data is not one. */
static gboolean
open_renewal (Inspection *inspection,
              GBytes     *data)
{
  g_autoptr(VntCertificate) signer = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;
  VntCsr *csr;

  signer = vnt_signature_verify_cms (data, NULL, &content, &error);
  if (signer == NULL || content == NULL)
    return FALSE;

  csr = vnt_csr_new_from_bytes (content, NULL);
  if (csr == NULL)
    return FALSE;

  inspection->renewal = TRUE;
  inspection->certificate = g_steal_pointer (&signer);
  inspection->csr = csr;
  return TRUE;
}

/* A .sdg of `efirma sdg` or SAT's Certifica: CMS SignedData by the e.firma
 * over a ZIP of CSD requests. FALSE when @data is not one. A signature that
 * does not verify, or a request whose own signature does not, is the
 * inspection's error, the contents still shown. */
static gboolean
open_sdg (Inspection *inspection,
          GBytes     *data)
{
  g_autoptr(GError) error = NULL;
  VntCsdRequest *sdg;
  VntCertificate *signer;

  sdg = vnt_csd_request_new_from_bytes (data, &error);
  if (sdg == NULL)
    {
      if (g_error_matches (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE))
        return FALSE;
      inspection->error = g_steal_pointer (&error);
      return TRUE;
    }

  inspection->sdg = sdg;
  signer = vnt_csd_request_get_signer (sdg);
  if (signer != NULL)
    inspection->certificate = g_object_ref (signer);

  if (vnt_csd_request_get_signature_error (sdg) != NULL)
    inspection->error = g_error_copy (vnt_csd_request_get_signature_error (sdg));
  for (guint i = 0; inspection->error == NULL && i < vnt_csd_request_get_n_requests (sdg); i++)
    if (!vnt_csr_get_signature_valid (vnt_csd_request_get_request (sdg, i)))
      g_set_error (&inspection->error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE,
                   _("The request %s in this .sdg does not verify: it was altered or damaged. Make the request again."),
                   vnt_csd_request_get_request_name (sdg, i));

  return TRUE;
}

static Inspection *
inspect_file (Inspect    *self,
              const char *file)
{
  g_autoptr(Inspection) inspection = g_new0 (Inspection, 1);
  g_autoptr(GBytes) data = NULL;

  inspection->file = g_strdup (file);
  inspection->display_name = g_filename_display_name (file);

  data = efirma_read_input_max (file, EFIRMA_MAX_CREDENTIAL_FILE, &inspection->error);
  if (data == NULL)
    return g_steal_pointer (&inspection);

  inspection->type = vnt_file_type_guess (data);
  switch (inspection->type)
    {
    case VNT_FILE_TYPE_CERTIFICATE:
      inspection->certificate = vnt_certificate_new_from_bytes (data, &inspection->error);
      /* A PEM bundle may carry the key too. */
      if (inspection->certificate != NULL)
        inspection->key_info = vnt_key_info_new_from_bytes (data, NULL);
      break;

    case VNT_FILE_TYPE_PRIVATE_KEY:
      inspection->key_info = vnt_key_info_new_from_bytes (data, &inspection->error);
      break;

    case VNT_FILE_TYPE_PKCS12:
      open_pkcs12 (self, inspection, data);
      break;

    case VNT_FILE_TYPE_REQUEST:
      inspection->csr = vnt_csr_new_from_bytes (data, &inspection->error);
      break;

    case VNT_FILE_TYPE_UNKNOWN:
    default:
      if (open_sdg (inspection, data) || open_renewal (inspection, data))
        break;
      /* The certificate reader's error tells the user what to do. */
      inspection->certificate = vnt_certificate_new_from_bytes (data, &inspection->error);
      if (inspection->certificate != NULL)
        inspection->type = VNT_FILE_TYPE_CERTIFICATE;
      else if (inspection->error == NULL)
        g_set_error (&inspection->error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                     _("This file is not a certificate, key, PKCS#12 or request."));
      break;
    }

  return g_steal_pointer (&inspection);
}

/* ---- JSON ---- */

static JsonNode *
key_info_to_json (VntKeyInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *key = efirma_describe_key (vnt_key_info_get_key_algorithm (info),
                                              vnt_key_info_get_key_bits (info));

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "encoding", vnt_key_info_get_encoding (info));
  vnt_json_add_string (builder, "container", vnt_key_info_get_container (info));
  vnt_json_add_boolean (builder, "encrypted", vnt_key_info_get_encrypted (info));
  vnt_json_add_string (builder, "scheme", vnt_key_info_get_scheme (info));
  vnt_json_add_string (builder, "cipher", vnt_key_info_get_cipher (info));
  vnt_json_add_string (builder, "kdf", vnt_key_info_get_kdf (info));
  vnt_json_add_string (builder, "prf", vnt_key_info_get_prf (info));
  json_builder_set_member_name (builder, "iterations");
  if (vnt_key_info_get_iterations (info) > 0)
    json_builder_add_int_value (builder, vnt_key_info_get_iterations (info));
  else
    json_builder_add_null_value (builder);
  vnt_json_add_boolean (builder, "sat_format", vnt_key_info_is_sat_format (info));
  vnt_json_add_string (builder, "key", key);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
csr_to_json (VntCsr *csr)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *key = efirma_describe_key (vnt_csr_get_key_algorithm (csr),
                                              vnt_csr_get_key_bits (csr));

  json_builder_begin_object (builder);
  vnt_json_add_string (builder, "rfc", vnt_csr_get_rfc (csr));
  vnt_json_add_string (builder, "curp", vnt_csr_get_curp (csr));
  vnt_json_add_string (builder, "representative_rfc", vnt_csr_get_representative_rfc (csr));
  vnt_json_add_string (builder, "representative_curp", vnt_csr_get_representative_curp (csr));
  vnt_json_add_string (builder, "name", vnt_csr_get_name (csr));
  vnt_json_add_string (builder, "organization", vnt_csr_get_organization (csr));
  vnt_json_add_string (builder, "organizational_unit", vnt_csr_get_organizational_unit (csr));
  vnt_json_add_string (builder, "email", vnt_csr_get_email (csr));
  vnt_json_add_string (builder, "persona", efirma_persona_to_json (vnt_csr_get_persona (csr)));
  vnt_json_add_string (builder, "key", key);
  vnt_json_add_string (builder, "key_id", vnt_csr_get_key_id (csr));
  vnt_json_add_string (builder, "signature_algorithm", vnt_csr_get_signature_algorithm (csr));
  vnt_json_add_boolean (builder, "signature_valid", vnt_csr_get_signature_valid (csr));
  vnt_json_add_boolean (builder, "challenge_password", vnt_csr_has_challenge_password (csr));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
inspection_to_json (Inspect    *self,
                    Inspection *inspection)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok = inspection->error == NULL;
  JsonNode *certificate = NULL;

  json_builder_begin_object (builder);
  /* JSON is UTF-8: the name as GLib shows it (invalid bytes as U+FFFD). */
  vnt_json_add_string (builder, "file", inspection->display_name);
  vnt_json_add_boolean (builder, "ok", ok);
  vnt_json_add_value (builder, "error", ok ? NULL : efirma_error_to_json (inspection->error));
  if (inspection->renewal)
    vnt_json_add_string (builder, "type", "renewal");
  else if (inspection->sdg != NULL)
    vnt_json_add_string (builder, "type", "csd-request");
  else
    vnt_json_add_string (builder, "type",
                         inspection->type != VNT_FILE_TYPE_UNKNOWN
                         ? vnt_file_type_to_string (inspection->type) : NULL);

  if (inspection->certificate != NULL)
    certificate = efirma_certificate_to_json (inspection->certificate, self->trust, self->now);
  vnt_json_add_value (builder, "certificate", certificate);

  if (inspection->key_info != NULL)
    {
      json_builder_set_member_name (builder, "private_key");
      json_builder_add_value (builder, key_info_to_json (inspection->key_info));
    }
  if (inspection->csr != NULL)
    {
      json_builder_set_member_name (builder, "request");
      json_builder_add_value (builder, csr_to_json (inspection->csr));
    }
  if (inspection->sdg != NULL)
    {
      VntCsdRequest *sdg = inspection->sdg;

      vnt_json_add_boolean (builder, "signature_valid",
                            vnt_csd_request_get_signature_error (sdg) == NULL);
      json_builder_set_member_name (builder, "requests");
      json_builder_begin_array (builder);
      for (guint i = 0; i < vnt_csd_request_get_n_requests (sdg); i++)
        {
          VntCsr *csr = vnt_csd_request_get_request (sdg, i);

          json_builder_begin_object (builder);
          vnt_json_add_string (builder, "file", vnt_csd_request_get_request_name (sdg, i));
          vnt_json_add_string (builder, "sucursal", vnt_csr_get_organizational_unit (csr));
          json_builder_set_member_name (builder, "request");
          json_builder_add_value (builder, csr_to_json (csr));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (inspection->type == VNT_FILE_TYPE_PKCS12)
    {
      json_builder_set_member_name (builder, "pkcs12");
      json_builder_begin_object (builder);
      vnt_json_add_boolean (builder, "password_protected", inspection->pkcs12_protected);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- Readable output ---- */

static const char *
type_label (VntFileType type)
{
  switch (type)
    {
    case VNT_FILE_TYPE_CERTIFICATE:
      return _("certificate");
    case VNT_FILE_TYPE_PRIVATE_KEY:
      return _("private key");
    case VNT_FILE_TYPE_PKCS12:
      return _("PKCS#12 (certificate and key)");
    case VNT_FILE_TYPE_REQUEST:
      return _("certificate request");
    case VNT_FILE_TYPE_UNKNOWN:
    default:
      return _("unknown");
    }
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static void
add_key_info_rows (EfirmaTable *table,
                   VntKeyInfo  *info)
{
  const char *container = vnt_key_info_get_container (info);
  g_autofree char *encoding = g_ascii_strup (vnt_key_info_get_encoding (info), -1);
  g_autofree char *format = NULL;
  g_autofree char *key = efirma_describe_key (vnt_key_info_get_key_algorithm (info),
                                              vnt_key_info_get_key_bits (info));

  if (g_strcmp0 (container, "pkcs1") == 0)
    format = g_strdup_printf ("%s PKCS#1", encoding);
  else if (g_strcmp0 (container, "sec1") == 0)
    format = g_strdup_printf ("%s SEC 1 (EC)", encoding);
  else
    format = g_strdup_printf ("%s PKCS#8", encoding);

  efirma_table_add (table, _("Key format"), format);
  efirma_table_add (table, _("Encrypted"), yes_no (vnt_key_info_get_encrypted (info)));
  if (vnt_key_info_get_encrypted (info))
    {
      g_autofree char *kdf = NULL;

      if (vnt_key_info_get_prf (info) != NULL)
        kdf = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s with %s, %u iteration", "%s with %s, %u iterations",
                                            vnt_key_info_get_iterations (info)),
                               vnt_key_info_get_kdf (info), vnt_key_info_get_prf (info),
                               vnt_key_info_get_iterations (info));
      else if (vnt_key_info_get_kdf (info) != NULL)
        kdf = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u iteration", "%s, %u iterations",
                                            vnt_key_info_get_iterations (info)),
                               vnt_key_info_get_kdf (info), vnt_key_info_get_iterations (info));

      efirma_table_add (table, _("Scheme"), vnt_key_info_get_scheme (info));
      efirma_table_add (table, _("Cipher"), vnt_key_info_get_cipher (info));
      efirma_table_add (table, _("Key derivation"), kdf);
      efirma_table_add (table, _("As SAT writes it"), yes_no (vnt_key_info_is_sat_format (info)));
    }
  else
    {
      efirma_table_add (table, _("Private key"), key);
      efirma_table_add (table, _("Warning"),
                        _("this key is stored without a password: anyone who copies the file can sign as you. "
                          "Keep the encrypted .key that SAT gave you instead."));
    }
}

static void
add_csr_rows (EfirmaTable *table,
              VntCsr      *csr)
{
  g_autofree char *key = efirma_describe_key (vnt_csr_get_key_algorithm (csr),
                                              vnt_csr_get_key_bits (csr));

  efirma_table_add (table, _("RFC"), vnt_csr_get_rfc (csr));
  efirma_table_add (table, _("CURP"), vnt_csr_get_curp (csr));
  if (vnt_csr_get_persona (csr) == VNT_PERSONA_MORAL)
    {
      efirma_table_add (table, _("Representative’s RFC"), vnt_csr_get_representative_rfc (csr));
      efirma_table_add (table, _("Representative’s CURP"), vnt_csr_get_representative_curp (csr));
    }
  efirma_table_add (table, _("Name"), vnt_csr_get_name (csr));
  if (vnt_csr_get_organization (csr) != NULL)
    efirma_table_add (table, _("Organization"), vnt_csr_get_organization (csr));
  if (vnt_csr_get_organizational_unit (csr) != NULL)
    efirma_table_add (table, _("Branch (OU)"), vnt_csr_get_organizational_unit (csr));
  efirma_table_add (table, _("E-mail"), vnt_csr_get_email (csr));
  efirma_table_add (table, _("Key"), key);
  efirma_table_add (table, _("Signature algorithm"), vnt_csr_get_signature_algorithm (csr));
  efirma_table_add (table, _("Request signature"),
                    vnt_csr_get_signature_valid (csr) ? _("valid") : _("INVALID: the request was altered or damaged"));
  efirma_table_add (table, _("Challenge password"), yes_no (vnt_csr_has_challenge_password (csr)));
}

/* A section under a file's line: @heading, then the request's rows. */
static void
print_request (const char *heading,
               VntCsr     *csr)
{
  g_autoptr(EfirmaTable) table = efirma_table_new ();

  g_print ("  %s\n", heading);
  add_csr_rows (table, csr);
  efirma_table_print (table, "    ");
}

/* The same for the certificate that signed the file. */
static void
print_signer (Inspect        *self,
              const char     *heading,
              VntCertificate *certificate)
{
  g_autoptr(EfirmaTable) table = efirma_table_new ();

  g_print ("  %s\n", heading);
  efirma_table_add_certificate (table, certificate, self->trust, self->now);
  efirma_table_print (table, "    ");
}

static void
print_sdg (Inspect    *self,
           Inspection *inspection)
{
  VntCsdRequest *sdg = inspection->sdg;
  guint n = vnt_csd_request_get_n_requests (sdg);
  g_autoptr(EfirmaTable) summary = efirma_table_new ();
  g_autofree char *count = g_strdup_printf ("%u", n);
  const GError *signature_error = vnt_csd_request_get_signature_error (sdg);

  g_print ("%s — %s\n", inspection->file, _("CSD request (.sdg)"));
  efirma_table_add (summary, _("Signature"),
                    signature_error == NULL ? _("valid") : signature_error->message);
  efirma_table_add (summary, _("Requests"), count);
  efirma_table_print (summary, "  ");
  if (inspection->error != NULL && signature_error == NULL)
    g_print ("  %s\n", inspection->error->message);

  for (guint i = 0; i < n; i++)
    print_request (vnt_csd_request_get_request_name (sdg, i), vnt_csd_request_get_request (sdg, i));

  if (inspection->certificate != NULL)
    print_signer (self, _("Signed with the e.firma:"), inspection->certificate);
}

static void
print_inspection (Inspect    *self,
                  Inspection *inspection)
{
  g_autoptr(EfirmaTable) table = efirma_table_new ();

  if (inspection->sdg != NULL)
    {
      print_sdg (self, inspection);
      return;
    }

  if (inspection->error != NULL)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), inspection->display_name, inspection->error->message);
      return;
    }

  if (inspection->renewal)
    {
      g_print ("%s — %s\n", inspection->file, _("renewal request (.ren)"));
      print_request (_("New certificate request:"), inspection->csr);
      print_signer (self, _("Signed with the current e.firma:"), inspection->certificate);
      return;
    }

  g_print ("%s — %s\n", inspection->file, type_label (inspection->type));
  if (inspection->certificate != NULL)
    efirma_table_add_certificate (table, inspection->certificate, self->trust, self->now);
  if (inspection->key_info != NULL)
    add_key_info_rows (table, inspection->key_info);
  if (inspection->csr != NULL)
    add_csr_rows (table, inspection->csr);
  if (inspection->type == VNT_FILE_TYPE_PKCS12)
    efirma_table_add (table, _("Protected by a password"), yes_no (inspection->pkcs12_protected));

  efirma_table_print (table, "  ");
}

int
efirma_inspect_main (int    argc,
                     char **argv)
{
  Inspect self = { .password_source = EFIRMA_PASSWORD_SOURCE_INIT };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &self.json, N_("Print one JSON array, one object per file"), NULL },
    EFIRMA_PASSWORD_OPTIONS (self.password_source),
    { "ca", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self.ca_files,
      N_("Also trust this CA certificate (repeatable)"), N_("FILE") },
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &self.now_text,
      N_("Take this time (ISO 8601) as now"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = EFIRMA_EXIT_OK;
  gboolean printed_any = FALSE;

  context = efirma_option_context_new (N_("FILE…"),
                                       N_("Shows what a certificate (.cer), private key (.key), PKCS#12 (.pfx), "
                                          "certificate request (.req), renewal (.ren) or CSD request (.sdg) holds. A key is described without its "
                                          "password; a protected .pfx needs --password-file or --password-fd."),
                                       entries);
  if (!efirma_option_context_parse (context, &argc, &argv))
    return EFIRMA_EXIT_USAGE;

  if (argc < 2)
    {
      efirma_usage_error (g_get_prgname (), _("Name at least one file to inspect."));
      status = EFIRMA_EXIT_USAGE;
      goto out;
    }

  if (!efirma_parse_now_and_trust (self.now_text, self.ca_files, &self.now, &self.trust))
    {
      status = EFIRMA_EXIT_USAGE;
      goto out;
    }

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(Inspection) inspection = inspect_file (&self, argv[i]);

      if (efirma_error_is_io (inspection->error))
        status = EFIRMA_EXIT_USAGE;
      else if (inspection->error != NULL && status == EFIRMA_EXIT_OK)
        status = EFIRMA_EXIT_INVALID;

      if (self.json)
        {
          json_builder_add_value (builder, inspection_to_json (&self, inspection));
          /* Also where errors go, for people and logs; the JSON keeps it
           * for scripts. */
          if (efirma_error_is_io (inspection->error))
            g_printerr ("%s: %s: %s\n", g_get_prgname (), inspection->display_name, inspection->error->message);
        }
      else
        {
          gboolean to_stdout = inspection->sdg != NULL || inspection->error == NULL;

          /* A blank line between the files on the standard output only. */
          if (to_stdout && printed_any)
            g_print ("\n");
          printed_any |= to_stdout;
          print_inspection (&self, inspection);
        }
    }
  json_builder_end_array (builder);

  if (self.json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      efirma_print_json (root);
    }

out:
  g_clear_pointer (&self.password, vnt_secret_free);
  efirma_password_source_clear (&self.password_source);
  g_clear_pointer (&self.ca_files, g_strfreev);
  g_clear_pointer (&self.now_text, g_free);
  g_clear_pointer (&self.now, g_date_time_unref);
  g_clear_object (&self.trust);

  return status;
}
