/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-rfc.h"
#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-keygen.h"
#include "vnt-private-key-private.h"
#include "vnt-renewal.h"
#include "vnt-request-writer-private.h"
#include "vnt-sat-asn1.h"
#include "vnt-sat-key.h"

#define SHA1_LEN 20

/* The three signed attributes, in the order DER sorts them (which is also
 * Certifica's): contentType, signingTime, messageDigest. */
static gboolean
write_signed_attributes (VntAsn1Node  *node,
                         const char   *field,
                         GBytes       *digest,
                         GBytes       *utc_time,
                         GError      **error)
{
  g_autoptr(GBytes) content_type = NULL;
  g_autoptr(GBytes) digest_der = NULL;
  struct {
    const char *oid;
    GBytes     *value;
  } attributes[3];
  /* contentType's value: the OID id-data (1.2.840.113549.1.7.1), as a TLV. */
  static const guint8 id_data_der[] = {
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01
  };

  content_type = g_bytes_new_static (id_data_der, sizeof id_data_der);
  digest_der = vnt_sat_asn1_tlv (ASN1_ETYPE_OCTET_STRING,
                                 g_bytes_get_data (digest, NULL), g_bytes_get_size (digest));

  attributes[0].oid = VNT_OID_CONTENT_TYPE;
  attributes[0].value = content_type;
  attributes[1].oid = VNT_OID_SIGNING_TIME;
  attributes[1].value = utc_time;
  attributes[2].oid = VNT_OID_MESSAGE_DIGEST;
  attributes[2].value = digest_der;

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    {
      g_autofree char *type = NULL;
      g_autofree char *values = NULL;
      g_autofree char *value = NULL;

      type = g_strdup_printf ("%s%s?%u.type", field, *field ? "." : "", i + 1);
      values = g_strdup_printf ("%s%s?%u.values", field, *field ? "." : "", i + 1);
      value = g_strdup_printf ("%s.?1", values);

      if (!vnt_sat_asn1_write (node, *field ? field : "", "NEW", 1, error) ||
          !vnt_sat_asn1_write (node, type, attributes[i].oid, 1, error) ||
          !vnt_sat_asn1_write (node, values, "NEW", 1, error) ||
          !vnt_sat_asn1_write (node, value, g_bytes_get_data (attributes[i].value, NULL),
                               g_bytes_get_size (attributes[i].value), error))
        return FALSE;
    }

  return TRUE;
}

static GBytes *
utc_time_der (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  utc = when != NULL ? g_date_time_to_utc (when) : g_date_time_new_now_utc ();
  text = g_date_time_format (utc, "%y%m%d%H%M%SZ");

  return vnt_sat_asn1_tlv (ASN1_ETYPE_UTC_TIME, text, strlen (text));
}

GBytes *
vnt_renewal_sign (GBytes          *content,
                  VntCertificate  *signer,
                  VntPrivateKey   *signer_key,
                  GDateTime       *signing_time,
                  GError         **error)
{
  gnutls_x509_crt_t crt;
  gnutls_datum_t issuer = { NULL, 0 };
  guint8 serial[64];
  size_t serial_len = sizeof serial;
  guint8 digest[SHA1_LEN];
  g_autoptr(GBytes) digest_bytes = NULL;
  g_autoptr(GBytes) when = NULL;
  g_autoptr(GBytes) cert_der = NULL;
  g_autoptr(GBytes) attrs_der = NULL;
  g_autoptr(GBytes) signed_data_der = NULL;
  g_autoptr(VntAsn1Node) attrs = NULL;
  g_autoptr(VntAsn1Node) signed_data = NULL;
  g_autoptr(VntAsn1Node) content_info = NULL;
  gnutls_datum_t tbs, signature = { NULL, 0 };
  gboolean ok;
  int ret;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (signer), NULL);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (signer_key), NULL);

  crt = vnt_certificate_get_gnutls (signer);
  ret = gnutls_x509_crt_get_raw_issuer_dn (crt, &issuer);
  if (ret == 0)
    ret = gnutls_x509_crt_get_serial (crt, serial, &serial_len);
  if (ret == 0)
    ret = gnutls_hash_fast (GNUTLS_DIG_SHA1, g_bytes_get_data (content, NULL),
                            g_bytes_get_size (content), digest);
  if (ret < 0)
    {
      gnutls_free (issuer.data);
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("Could not sign the request with the e.firma: %s."), gnutls_strerror (ret));
      return NULL;
    }

  digest_bytes = g_bytes_new (digest, sizeof digest);
  when = utc_time_der (signing_time);
  cert_der = g_bytes_ref (vnt_certificate_get_der (signer));

  /* What is signed is the attributes' DER under the universal SET tag. */
  attrs = vnt_sat_asn1_new ("SignedAttributes", error);
  if (attrs == NULL ||
      !write_signed_attributes (attrs, "", digest_bytes, when, error) ||
      (attrs_der = vnt_sat_asn1_encode (attrs, NULL, error)) == NULL)
    {
      gnutls_free (issuer.data);
      return NULL;
    }

  tbs = (gnutls_datum_t) { (unsigned char *) g_bytes_get_data (attrs_der, NULL), g_bytes_get_size (attrs_der) };
  ret = gnutls_privkey_sign_data (vnt_private_key_lock (signer_key), GNUTLS_DIG_SHA1, 0, &tbs, &signature);
  vnt_private_key_unlock (signer_key);
  if (ret < 0)
    {
      gnutls_free (issuer.data);
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("Could not sign the request with the e.firma: %s."), gnutls_strerror (ret));
      return NULL;
    }

  signed_data = vnt_sat_asn1_new ("SignedData", error);
  ok = signed_data != NULL &&
    vnt_sat_asn1_write (signed_data, "version", "1", 0, error) &&
    vnt_sat_asn1_write (signed_data, "digestAlgorithms", "NEW", 1, error) &&
    vnt_sat_asn1_write (signed_data, "digestAlgorithms.?1.algorithm", VNT_OID_SHA1, 1, error) &&
    vnt_sat_asn1_write (signed_data, "digestAlgorithms.?1.parameters", VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error) &&
    vnt_sat_asn1_write (signed_data, "encapContentInfo.eContentType", VNT_OID_PKCS7_DATA, 1, error) &&
    vnt_sat_asn1_write (signed_data, "encapContentInfo.eContent",
                        g_bytes_get_data (content, NULL), g_bytes_get_size (content), error) &&
    vnt_sat_asn1_write (signed_data, "certificates", "NEW", 1, error) &&
    vnt_sat_asn1_write (signed_data, "certificates.?1",
                        g_bytes_get_data (cert_der, NULL), g_bytes_get_size (cert_der), error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos", "NEW", 1, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.version", "1", 0, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.sid.issuer", issuer.data, issuer.size, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.sid.serialNumber", serial, serial_len, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.digestAlgorithm.algorithm", VNT_OID_SHA1, 1, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.digestAlgorithm.parameters",
                        VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error) &&
    write_signed_attributes (signed_data, "signerInfos.?1.signedAttrs", digest_bytes, when, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.signatureAlgorithm.algorithm",
                        VNT_OID_RSA_ENCRYPTION, 1, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.signatureAlgorithm.parameters",
                        VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error) &&
    vnt_sat_asn1_write (signed_data, "signerInfos.?1.signature", signature.data, signature.size, error);

  gnutls_free (issuer.data);
  gnutls_free (signature.data);
  if (!ok)
    return NULL;

  signed_data_der = vnt_sat_asn1_encode (signed_data, NULL, error);
  if (signed_data_der == NULL)
    return NULL;

  content_info = vnt_sat_asn1_new ("ContentInfo", error);
  if (content_info == NULL ||
      !vnt_sat_asn1_write (content_info, "contentType", VNT_OID_PKCS7_SIGNED_DATA, 1, error) ||
      !vnt_sat_asn1_write (content_info, "content", g_bytes_get_data (signed_data_der, NULL),
                           g_bytes_get_size (signed_data_der), error))
    return NULL;

  return vnt_sat_asn1_encode (content_info, NULL, error);
}

/* The words for an e.firma that cannot sign, by what it was to sign. */
static void
set_not_efirma_error (VntCertificate    *cert,
                      VntSignerPurpose   purpose,
                      GError           **error)
{
  if (purpose == VNT_SIGNER_FOR_RENEWAL)
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA,
                 _("This certificate is not an e.firma (it looks like a CSD, a seal for invoices). Choose your e.firma .cer."));
  else if (vnt_certificate_get_kind (cert) == VNT_CERTIFICATE_KIND_CSD)
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA,
                 _("This certificate is a CSD (a seal for invoices), not an e.firma. SAT only accepts a CSD request signed with the taxpayer’s e.firma: choose the e.firma .cer and .key (for a company, the company’s)."));
  else
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA,
                 _("This certificate is not an e.firma. SAT only accepts a CSD request signed with the taxpayer’s e.firma: choose the e.firma .cer and .key (for a company, the company’s)."));
}

gboolean
vnt_renewal_check_signer (VntCertificate    *cert,
                          GDateTime         *now,
                          VntSignerPurpose   purpose,
                          GError           **error)
{
  g_autoptr(GDateTime) current = NULL;

  if (vnt_certificate_get_kind (cert) != VNT_CERTIFICATE_KIND_EFIRMA)
    {
      set_not_efirma_error (cert, purpose, error);
      return FALSE;
    }

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  if (g_date_time_compare (current, vnt_certificate_get_not_after (cert)) > 0)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (vnt_certificate_get_not_after (cert));
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

      if (purpose == VNT_SIGNER_FOR_RENEWAL)
        g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED,
                     _("This e.firma has expired and cannot sign its renewal. SAT renews an expired e.firma at its offices or with SAT ID."));
      else
        g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED,
                     _("This e.firma expired on %s, and SAT only accepts a CSD request signed with a current e.firma. Renew it first: with SAT ID if it expired less than a year ago, otherwise at a SAT office with an appointment. Then make the request with the new e.firma."),
                     date);
      return FALSE;
    }
  if (g_date_time_compare (current, vnt_certificate_get_not_before (cert)) < 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_YET_VALID,
                   _("This e.firma is not valid yet. Check the computer’s date and time."));
      return FALSE;
    }

  return TRUE;
}

gboolean
vnt_renewal_open_signer (const VntEfirmaParams *params,
                         GDateTime             *now,
                         VntSignerPurpose       purpose,
                         VntCertificate       **cert_out,
                         VntPrivateKey        **key_out,
                         GError               **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;

  cert = vnt_certificate_new_from_file (params->cer_path, error);
  if (cert == NULL || !vnt_renewal_check_signer (cert, now, purpose, error))
    return FALSE;

  key = vnt_private_key_new_from_file (params->key_path, params->password, error);
  if (key == NULL)
    return FALSE;

  if (!vnt_private_key_matches (key, cert))
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                   _("The private key does not belong to this certificate. Choose the .key that came with this .cer."));
      return FALSE;
    }

  *cert_out = g_steal_pointer (&cert);
  *key_out = g_steal_pointer (&key);
  return TRUE;
}

/* What can be said before the e.firma is opened: @params->rfc (nullable)
 * names a persona moral, @params->new_password is one SAT takes.
 * @company gets the parsed RFC. */
static gboolean
check_request (const VntEfirmaParams *params,
               VntRfc               **company,
               GError               **error)
{
  if (params->rfc != NULL)
    {
      *company = vnt_rfc_parse (params->rfc, error);
      if (*company == NULL)
        return FALSE;
      if ((*company)->type != VNT_RFC_TYPE_PERSONA_MORAL)
        {
          g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                       _("%s is not the RFC of a persona moral (12 characters)."),
                       (*company)->normalized);
          return FALSE;
        }
    }

  return vnt_sat_key_check_new_password (params->new_password, VNT_KEY_PROTECTION_SAT, error);
}

char **
vnt_renewal_create_efirma_for_signer (const VntEfirmaParams *params,
                                      VntCertificate        *cert,
                                      VntPrivateKey         *signer_key,
                                      GDateTime             *now,
                                      GCancellable          *cancellable,
                                      GError               **error)
{
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntRfc) company = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) renewal = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *serial = NULL;
  g_auto(GStrv) paths = NULL;
  const char *email = params->email;
  const char *file_rfc;

  g_return_val_if_fail (params->folder != NULL && params->new_password != NULL, NULL);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (cert) && VNT_IS_PRIVATE_KEY (signer_key), NULL);

  if (!check_request (params, &company, error))
    return NULL;

  /* SAT signs a company's renewal with its legal representative's own
   * e.firma, never with the company's. */
  if (vnt_certificate_get_persona (cert) != VNT_PERSONA_FISICA ||
      vnt_certificate_get_curp (cert) == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("A company’s e.firma is renewed with its legal representative’s personal e.firma. Choose the representative’s .cer and .key and give the company’s RFC."));
      return NULL;
    }

  if (email == NULL)
    email = vnt_certificate_get_email (cert);
  if (!vnt_request_writer_check_email (email, error))
    return NULL;

  if (company != NULL)
    {
      uid = g_strdup_printf ("%s / %s", company->normalized, vnt_certificate_get_rfc (cert));
      serial = g_strdup_printf (" / %s", vnt_certificate_get_curp (cert));
      file_rfc = company->normalized;
    }
  else
    {
      uid = g_strdup (vnt_certificate_get_rfc (cert));
      serial = g_strdup (vnt_certificate_get_curp (cert));
      file_rfc = vnt_certificate_get_rfc (cert);
    }

  paths = vnt_request_writer_pair_paths (params->folder, file_rfc, now, "Renovacion_FIEL", "ren");

  key = vnt_keygen_generate (params->bits, cancellable, error);
  if (key == NULL)
    return NULL;

  request = vnt_request_writer_build (key, uid, serial, email, NULL, error);
  if (request == NULL)
    return NULL;

  renewal = vnt_renewal_sign (request, cert, signer_key, now, error);
  if (renewal == NULL)
    return NULL;

  if (!vnt_request_writer_save_pair (key, paths[0], params->new_password, paths[1], renewal,
                                     cancellable, error))
    return NULL;

  return g_steal_pointer (&paths);
}

char **
vnt_renewal_create_efirma (const VntEfirmaParams *params,
                           GDateTime             *now,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) signer_key = NULL;
  g_autoptr(VntRfc) company = NULL;

  g_return_val_if_fail (params->folder != NULL && params->new_password != NULL, NULL);
  g_return_val_if_fail (params->cer_path != NULL && params->key_path != NULL, NULL);

  if (!check_request (params, &company, error))
    return NULL;

  if (!vnt_renewal_open_signer (params, now, VNT_SIGNER_FOR_RENEWAL, &cert, &signer_key, error))
    return NULL;

  return vnt_renewal_create_efirma_for_signer (params, cert, signer_key, now, cancellable, error);
}
