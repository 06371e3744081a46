/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"
#include "core/vnt-safe-file.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-keygen.h"
#include "vnt-private-key-private.h"
#include "vnt-request-writer-private.h"
#include "vnt-sat-asn1.h"
#include "vnt-sat-key.h"

/* Certifica's challenge: 20 random bytes, base64. */
#define CHALLENGE_BYTES 20

char *
vnt_request_writer_file_name (const char *prefix,
                              const char *rfc,
                              GDateTime  *now,
                              const char *extension)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *stamp = NULL;

  local = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");

  return g_strdup_printf ("%s_%s_%s.%s", prefix, rfc, stamp, extension);
}

gboolean
vnt_request_writer_check_email (const char  *email,
                                GError     **error)
{
  const char *at;

  for (const char *p = email; email != NULL && *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      goto bad;

  if (email == NULL || (at = strchr (email, '@')) == NULL || at == email ||
      at[1] == '\0' || strchr (at + 1, '@') != NULL)
    goto bad;

  return TRUE;

bad:
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The e-mail address is not valid. Write it as name@domain, without spaces or accents."));
  return FALSE;
}

/* A PrintableString as Certifica writes it: it does not restrict itself to
 * the PrintableString alphabet but puts the Windows-1252 bytes of the text
 * (Ñ is 0xD1, & stays &) under that tag. SAT reads exactly this. */
GBytes *
vnt_request_writer_sat_printable_string (const char  *text,
                                         GError     **error)
{
  g_autoptr(GBytes) bytes = vnt_sat_asn1_windows_1252 (text);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("“%s” has characters SAT does not accept in a request."), text);
      return NULL;
    }

  return vnt_sat_asn1_tlv (ASN1_ETYPE_PRINTABLE_STRING,
                           g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
add_rdn (VntAsn1Node  *info,
         int           index,
         const char   *oid,
         GBytes       *value,
         GError      **error)
{
  g_autofree char *rdn = g_strdup_printf ("subject.?%d", index);
  g_autofree char *type = g_strdup_printf ("subject.?%d.?1.type", index);
  g_autofree char *val = g_strdup_printf ("subject.?%d.?1.value", index);

  return vnt_sat_asn1_write (info, "subject", "NEW", 1, error) &&
         vnt_sat_asn1_write (info, rdn, "NEW", 1, error) &&
         vnt_sat_asn1_write (info, type, oid, 1, error) &&
         vnt_sat_asn1_write (info, val, g_bytes_get_data (value, NULL), g_bytes_get_size (value), error);
}

static char *
random_challenge (void)
{
  guint8 random[CHALLENGE_BYTES];

  if (gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random) < 0)
    return NULL;

  return g_base64_encode (random, sizeof random);
}

GBytes *
vnt_request_writer_build_subject (VntPrivateKey        *key,
                                  const VntRequestRdn  *rdns,
                                  guint                 n_rdns,
                                  const char           *challenge,
                                  GError              **error)
{
  g_autoptr(VntAsn1Node) info = NULL;
  g_autoptr(VntAsn1Node) request = NULL;
  g_autoptr(GBytes) challenge_der = NULL;
  g_autoptr(GBytes) spki = NULL;
  g_autoptr(GBytes) info_der = NULL;
  g_autofree char *random = NULL;
  gnutls_datum_t tbs, signature = { NULL, 0 };
  GBytes *out;
  int ret;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (rdns != NULL && n_rdns > 0, NULL);

  if (challenge == NULL)
    challenge = random = random_challenge ();
  if (challenge == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("The system’s random source failed. Try again."));
      return NULL;
    }
  challenge_der = vnt_sat_asn1_tlv (ASN1_ETYPE_PRINTABLE_STRING, challenge, strlen (challenge));

  spki = vnt_keygen_get_public_der (key, error);
  if (spki == NULL)
    return NULL;

  /* One attribute per RDN, in the order given (Certifica's). */
  info = vnt_sat_asn1_new ("CertificationRequestInfo", error);
  if (info == NULL || !vnt_sat_asn1_write (info, "version", "0", 0, error))
    return NULL;
  for (guint i = 0; i < n_rdns; i++)
    if (!add_rdn (info, i + 1, rdns[i].oid, rdns[i].value, error))
      return NULL;
  if (!vnt_sat_asn1_write (info, "subjectPKInfo",
                           g_bytes_get_data (spki, NULL), g_bytes_get_size (spki), error) ||
      !vnt_sat_asn1_write (info, "attributes", "NEW", 1, error) ||
      !vnt_sat_asn1_write (info, "attributes.?1.type", VNT_OID_CHALLENGE_PASSWORD, 1, error) ||
      !vnt_sat_asn1_write (info, "attributes.?1.values", "NEW", 1, error) ||
      !vnt_sat_asn1_write (info, "attributes.?1.values.?1",
                           g_bytes_get_data (challenge_der, NULL), g_bytes_get_size (challenge_der), error))
    return NULL;

  info_der = vnt_sat_asn1_encode (info, NULL, error);
  if (info_der == NULL)
    return NULL;

  /* SHA-1, not SHA-256: SAT's intake expects requests shaped exactly as
   * its own Certifica makes them, and Certifica signs with
   * sha1WithRSAEncryption. The signature only proves possession of the key
   * to SAT; the certificate SAT issues is signed with its own algorithm. */
  tbs = (gnutls_datum_t) { (unsigned char *) g_bytes_get_data (info_der, NULL), g_bytes_get_size (info_der) };
  ret = gnutls_privkey_sign_data (vnt_private_key_lock (key), GNUTLS_DIG_SHA1, 0, &tbs, &signature);
  vnt_private_key_unlock (key);
  if (ret < 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("Could not sign the request: %s."), gnutls_strerror (ret));
      return NULL;
    }

  request = vnt_sat_asn1_new ("CertificationRequest", error);
  if (request == NULL ||
      !vnt_sat_asn1_write (request, "certificationRequestInfo",
                           g_bytes_get_data (info_der, NULL), g_bytes_get_size (info_der), error) ||
      !vnt_sat_asn1_write (request, "signatureAlgorithm.algorithm", VNT_OID_SHA1_WITH_RSA, 1, error) ||
      !vnt_sat_asn1_write (request, "signatureAlgorithm.parameters", VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error) ||
      !vnt_sat_asn1_write (request, "signature", signature.data, signature.size * 8, error))
    {
      gnutls_free (signature.data);
      return NULL;
    }
  gnutls_free (signature.data);

  out = vnt_sat_asn1_encode (request, NULL, error);
  return out;
}

GBytes *
vnt_request_writer_build (VntPrivateKey  *key,
                          const char     *unique_identifier,
                          const char     *serial_number,
                          const char     *email,
                          const char     *challenge,
                          GError        **error)
{
  g_autoptr(GBytes) uid = NULL;
  g_autoptr(GBytes) serial = NULL;
  g_autoptr(GBytes) mail = NULL;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (unique_identifier != NULL && serial_number != NULL, NULL);

  if (!vnt_request_writer_check_email (email, error))
    return NULL;

  uid = vnt_request_writer_sat_printable_string (unique_identifier, error);
  if (uid == NULL)
    return NULL;
  serial = vnt_request_writer_sat_printable_string (serial_number, error);
  if (serial == NULL)
    return NULL;
  mail = vnt_sat_asn1_tlv (ASN1_ETYPE_IA5_STRING, email, strlen (email));

  {
    /* Certifica's order: RFC, CURP, e-mail. */
    const VntRequestRdn rdns[] = {
      { VNT_OID_X500_UNIQUE_ID, uid },
      { VNT_OID_SERIAL_NUMBER, serial },
      { VNT_OID_EMAIL_ADDRESS, mail },
    };

    return vnt_request_writer_build_subject (key, rdns, G_N_ELEMENTS (rdns), challenge, error);
  }
}

gboolean
vnt_request_writer_save_pair (VntPrivateKey  *key,
                              const char     *key_path,
                              const char     *password,
                              const char     *data_path,
                              GBytes         *data,
                              GCancellable   *cancellable,
                              GError        **error)
{
  /* Both names must be free before anything is written. */
  if (!vnt_safe_file_check_free (data_path, error))
    return FALSE;

  /* The key first: a request without its key would be worthless. */
  if (!vnt_sat_key_save (key, key_path, password, VNT_KEY_PROTECTION_SAT, cancellable, error))
    return FALSE;

  if (!vnt_safe_file_write_bytes (data_path, data, cancellable, error))
    {
      /* Ours, written a moment ago, and useless without its request. */
      g_unlink (key_path);
      return FALSE;
    }

  return TRUE;
}

char **
vnt_request_writer_pair_paths (const char *folder,
                               const char *rfc,
                               GDateTime  *now,
                               const char *prefix,
                               const char *extension)
{
  g_autofree char *key_name = NULL;
  g_autofree char *data_name = NULL;
  char **paths;

  key_name = vnt_request_writer_file_name ("Claveprivada_FIEL", rfc, now, "key");
  data_name = vnt_request_writer_file_name (prefix, rfc, now, extension);
  paths = g_new0 (char *, 3);
  paths[0] = g_build_filename (folder, key_name, NULL);
  paths[1] = g_build_filename (folder, data_name, NULL);

  return paths;
}

/* Validated and normalised identifiers of a request. */
static gboolean
normalise_ids (const VntEfirmaParams *params,
               char                 **uid_out,
               char                 **serial_out,
               char                 **file_rfc_out,
               GError               **error)
{
  g_autoptr(VntRfc) main_rfc = NULL;

  main_rfc = vnt_rfc_parse (params->rfc != NULL ? params->rfc : "", error);
  if (main_rfc == NULL)
    return FALSE;

  if (main_rfc->type == VNT_RFC_TYPE_PERSONA_MORAL)
    {
      g_autoptr(VntRfc) rep_rfc = NULL;
      g_autoptr(VntCurp) rep_curp = NULL;

      if (params->representative_rfc == NULL || params->representative_curp == NULL)
        {
          g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                       _("%s is the RFC of a persona moral: also give the legal representative’s RFC and CURP."),
                       main_rfc->normalized);
          return FALSE;
        }
      rep_rfc = vnt_rfc_parse (params->representative_rfc, error);
      if (rep_rfc == NULL)
        return FALSE;
      if (rep_rfc->type != VNT_RFC_TYPE_PERSONA_FISICA)
        {
          g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                       _("The legal representative’s RFC must be that of a person (13 characters)."));
          return FALSE;
        }
      rep_curp = vnt_curp_parse (params->representative_curp, error);
      if (rep_curp == NULL ||
          !vnt_id_check_curp_rfc (rep_curp->normalized, rep_rfc->normalized, error))
        return FALSE;

      /* SAT's form for a company and its representative. */
      *uid_out = g_strdup_printf ("%s / %s", main_rfc->normalized, rep_rfc->normalized);
      *serial_out = g_strdup_printf (" / %s", rep_curp->normalized);
    }
  else if (main_rfc->type == VNT_RFC_TYPE_PERSONA_FISICA)
    {
      const char *curp = params->curp != NULL ? params->curp : "";
      g_autoptr(VntCurp) main_curp = vnt_curp_parse (curp, error);

      /* SAT turns away a request whose CURP and RFC are not one person's. */
      if (main_curp == NULL ||
          !vnt_id_check_curp_rfc (main_curp->normalized, main_rfc->normalized, error))
        return FALSE;
      *uid_out = g_strdup (main_rfc->normalized);
      *serial_out = g_strdup (main_curp->normalized);
    }
  else
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("%s is a generic RFC; an e.firma needs the taxpayer’s own RFC."),
                   main_rfc->normalized);
      return FALSE;
    }

  *file_rfc_out = g_strdup (main_rfc->normalized);
  return TRUE;
}

char **
vnt_request_writer_create_efirma (const VntEfirmaParams *params,
                                  GDateTime             *now,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autofree char *uid = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *file_rfc = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) request = NULL;
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (params->folder != NULL && params->new_password != NULL, NULL);

  if (!normalise_ids (params, &uid, &serial, &file_rfc, error) ||
      !vnt_request_writer_check_email (params->email, error) ||
      !vnt_sat_key_check_new_password (params->new_password, VNT_KEY_PROTECTION_SAT, error))
    return NULL;

  paths = vnt_request_writer_pair_paths (params->folder, file_rfc, now, "Requerimiento_FIEL",
                                         "req");

  key = vnt_keygen_generate (params->bits, cancellable, error);
  if (key == NULL)
    return NULL;

  request = vnt_request_writer_build (key, uid, serial, params->email, NULL, error);
  if (request == NULL)
    return NULL;

  if (!vnt_request_writer_save_pair (key, paths[0], params->new_password, paths[1], request,
                                     cancellable, error))
    return NULL;

  return g_steal_pointer (&paths);
}

/* "yyyyMMdd_HHmmss" from Certifica's key name, or NULL. */
static char *
stamp_of_key_name (const char *key_path)
{
  g_autofree char *name = g_path_get_basename (key_path);
  gsize len = strlen (name);
  const char *stamp;

  if (!g_str_has_prefix (name, "Claveprivada_FIEL_") || !g_str_has_suffix (name, ".key") ||
      len < strlen ("Claveprivada_FIEL_") + 16 + 4)
    return NULL;

  stamp = name + len - 4 - 15;
  if (stamp[-1] != '_' || stamp[8] != '_')
    return NULL;
  for (int i = 0; i < 15; i++)
    if (i != 8 && !g_ascii_isdigit (stamp[i]))
      return NULL;

  return g_strndup (stamp, 15);
}

char *
vnt_request_writer_create_for_key (const VntEfirmaParams *params,
                                   GDateTime             *now,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_autofree char *uid = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *file_rfc = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) request = NULL;

  g_return_val_if_fail (params->folder != NULL && params->key_path != NULL, NULL);

  if (!normalise_ids (params, &uid, &serial, &file_rfc, error) ||
      !vnt_request_writer_check_email (params->email, error))
    return NULL;

  key = vnt_private_key_new_from_file (params->key_path, params->password, error);
  if (key == NULL)
    return NULL;
  /* SAT's requests are signed sha1WithRSAEncryption. */
  if (g_strcmp0 (vnt_private_key_get_algorithm (key), "RSA") != 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                   _("This is not an RSA key, and SAT only takes requests made with RSA keys. Choose the .key of the requirement."));
      return NULL;
    }

  request = vnt_request_writer_build (key, uid, serial, params->email, NULL, error);
  if (request == NULL)
    return NULL;

  stamp = stamp_of_key_name (params->key_path);
  if (stamp != NULL)
    name = g_strdup_printf ("Requerimiento_FIEL_%s_%s.req", file_rfc, stamp);
  else
    name = vnt_request_writer_file_name ("Requerimiento_FIEL", file_rfc, now, "req");
  path = g_build_filename (params->folder, name, NULL);

  if (!vnt_safe_file_write_bytes (path, request, cancellable, error))
    return NULL;

  return g_steal_pointer (&path);
}
