/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <string.h>

#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-signature.h"

/* Only the signature arithmetic is checked here: whether the certificate is
 * current and trusted is the trust store's business, and SAT test
 * certificates are all expired. SHA-1 stays readable because SAT's own
 * .ren files are signed with it. */
#define CMS_VERIFY_FLAGS (GNUTLS_VERIFY_DISABLE_TIME_CHECKS | \
                          GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS | \
                          GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1)

static void
set_not_base64 (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE,
                       _("The signature is not valid base64 text. Copy it again whole, without adding or removing characters."));
}

/* g_base64_decode() skips what it does not know; a signature pasted with a
 * stray character must be refused instead of verified as something else. */
static guint8 *
decode_base64_strict (const char *text,
                      gsize      *len_out)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guint padding = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (*p == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        return NULL;
      g_string_append_c (clean, *p);
    }

  if (clean->len == 0 || clean->len % 4 != 0 || padding > 2)
    return NULL;

  return g_base64_decode (clean->str, len_out);
}

gboolean
vnt_signature_verify_pkcs1 (VntCertificate  *certificate,
                            GBytes          *data,
                            const char      *signature_base64,
                            GError         **error)
{
  g_autofree guint8 *signature = NULL;
  gnutls_datum_t message, sig;
  gnutls_pubkey_t pubkey = NULL;
  unsigned int bits = 0;
  gsize sig_len = 0, len;
  int pk, ret;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (signature_base64 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  signature = decode_base64_strict (signature_base64, &sig_len);
  if (signature == NULL || sig_len == 0)
    {
      set_not_base64 (error);
      return FALSE;
    }

  ret = gnutls_pubkey_init (&pubkey);
  if (ret == 0)
    ret = gnutls_pubkey_import_x509 (pubkey, vnt_certificate_get_gnutls (certificate), 0);
  if (ret < 0)
    {
      g_clear_pointer (&pubkey, gnutls_pubkey_deinit);
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                   _("The certificate’s public key cannot be used here (%s). Check that it is an e.firma certificate."),
                   gnutls_strerror (ret));
      return FALSE;
    }

  pk = gnutls_pubkey_get_pk_algorithm (pubkey, &bits);
  if ((pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) && sig_len != (bits + 7) / 8)
    {
      gnutls_pubkey_deinit (pubkey);
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE,
                           _("The signature has the wrong size for this certificate. Copy it again whole, or check that it was made with this e.firma."));
      return FALSE;
    }

  message.data = (guint8 *) g_bytes_get_data (data, &len);
  message.size = len;
  if (message.data == NULL)
    message.data = (guint8 *) "";
  sig.data = signature;
  sig.size = sig_len;

  ret = gnutls_pubkey_verify_data2 (pubkey, gnutls_pk_to_sign (pk, GNUTLS_DIG_SHA256), 0,
                                    &message, &sig);
  gnutls_pubkey_deinit (pubkey);

  if (ret == GNUTLS_E_PK_SIG_VERIFY_FAILED)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE,
                           _("The signature does not match the data or the certificate. The data may have been changed after signing."));
      return FALSE;
    }
  if (ret < 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE,
                   _("The signature cannot be checked (%s). Check that it was made with this e.firma."),
                   gnutls_strerror (ret));
      return FALSE;
    }

  return TRUE;
}

static void
set_not_cms (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE,
                       _("The file is not a CMS/PKCS#7 signature. Choose the signed file (.p7s, .p7m, .ren…)."));
}

static void
set_cms_bad_signature (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_BAD_SIGNATURE,
                       _("The signature does not match the signed data. The data may have been changed after signing."));
}

/* PEM of any label ("PKCS7", "CMS", "PKCS #7 SIGNED DATA") to DER. */
static GBytes *
pem_to_der (const char *text,
            gsize       len)
{
  const char *begin = g_strstr_len (text, len, "-----BEGIN ");
  const char *body, *end;
  g_autofree char *base64 = NULL;
  guint8 *der;
  gsize der_len = 0;

  if (begin == NULL)
    return NULL;
  body = memchr (begin, '\n', text + len - begin);
  if (body == NULL)
    return NULL;
  end = g_strstr_len (body, text + len - body, "-----END ");
  if (end == NULL)
    return NULL;

  base64 = g_strndup (body, end - body);
  der = decode_base64_strict (base64, &der_len);
  if (der == NULL)
    return NULL;

  return g_bytes_new_take (der, der_len);
}

/* The certificate named by the signer identifier (issuer + serial, or
 * subject key identifier), among those carried in the CMS. */
static gnutls_x509_crt_t
find_signer (gnutls_pkcs7_t                        pkcs7,
             const gnutls_pkcs7_signature_info_st *info)
{
  int count = gnutls_pkcs7_get_crt_count (pkcs7);

  for (int i = 0; i < count; i++)
    {
      gnutls_datum_t raw = { NULL, 0 };
      gnutls_x509_crt_t crt = NULL;
      gboolean match = FALSE;

      if (gnutls_pkcs7_get_crt_raw2 (pkcs7, i, &raw) < 0)
        continue;
      if (gnutls_x509_crt_init (&crt) == 0
          && gnutls_x509_crt_import (crt, &raw, GNUTLS_X509_FMT_DER) == 0)
        {
          if (info->issuer_keyid.size > 0)
            {
              guint8 id[64];
              size_t id_size = sizeof id;
              unsigned int critical;

              if (gnutls_x509_crt_get_subject_key_id (crt, id, &id_size, &critical) == 0)
                {
                  gnutls_datum_t crt_id = { id, id_size };

                  match = vnt_crypto_datum_equal (&crt_id, &info->issuer_keyid);
                }
            }
          else
            {
              gnutls_datum_t issuer = { NULL, 0 };
              guint8 serial[128];
              size_t serial_size = sizeof serial;

              if (gnutls_x509_crt_get_raw_issuer_dn (crt, &issuer) == 0
                  && gnutls_x509_crt_get_serial (crt, serial, &serial_size) == 0)
                {
                  gnutls_datum_t crt_serial = { serial, serial_size };

                  match = vnt_crypto_datum_equal (&issuer, &info->issuer_dn) &&
                          vnt_crypto_datum_equal (&crt_serial, &info->signer_serial);
                }
              gnutls_free (issuer.data);
            }
        }
      gnutls_free (raw.data);

      if (match)
        return crt;
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
    }

  return NULL;
}

/* 0 when GnuTLS can read the public key of @crt, else its error. */
static int
signer_key_readable (gnutls_x509_crt_t crt)
{
  gnutls_pubkey_t pubkey = NULL;
  int ret;

  ret = gnutls_pubkey_init (&pubkey);
  if (ret < 0)
    return ret;
  ret = gnutls_pubkey_import_x509 (pubkey, crt, 0);
  gnutls_pubkey_deinit (pubkey);

  return ret < 0 ? ret : 0;
}

VntCertificate *
vnt_signature_verify_cms (GBytes   *cms,
                          GBytes   *detached_data,
                          GBytes  **content_out,
                          GError  **error)
{
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) content = NULL;
  gnutls_pkcs7_signature_info_st info;
  gnutls_x509_crt_t signer = NULL;
  gnutls_datum_t datum, detached, embedded = { NULL, 0 };
  gnutls_pkcs7_t pkcs7 = NULL;
  VntCertificate *certificate;
  const char *text;
  gsize len;
  int count, ret;

  g_return_val_if_fail (cms != NULL, NULL);
  g_return_val_if_fail (content_out == NULL || *content_out == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_bytes_get_data (cms, &len);
  if (text != NULL && g_strstr_len (text, MIN (len, 4096), "-----BEGIN ") != NULL)
    der = pem_to_der (text, len);
  else if (text != NULL && len > 0 && (guchar) text[0] == 0x30)
    der = g_bytes_ref (cms);
  else if (text != NULL && len > 0 && memchr (text, '\0', len) == NULL)
    {
      /* Bare base64, as a .p7s is sometimes kept. */
      g_autofree char *copy = g_strndup (text, len);
      gsize der_len = 0;
      guint8 *decoded = decode_base64_strict (copy, &der_len);

      if (decoded != NULL)
        der = g_bytes_new_take (decoded, der_len);
    }
  if (der == NULL)
    {
      set_not_cms (error);
      return NULL;
    }

  datum.data = (guint8 *) g_bytes_get_data (der, &len);
  datum.size = len;
  gnutls_pkcs7_init (&pkcs7);
  ret = gnutls_pkcs7_import (pkcs7, &datum, GNUTLS_X509_FMT_DER);
  count = ret == 0 ? gnutls_pkcs7_get_signature_count (pkcs7) : 0;
  if (count <= 0)
    {
      gnutls_pkcs7_deinit (pkcs7);
      set_not_cms (error);
      return NULL;
    }

  if (gnutls_pkcs7_get_embedded_data (pkcs7, 0, &embedded) == 0)
    content = g_bytes_new (embedded.data, embedded.size);
  gnutls_free (embedded.data);

  if (detached_data != NULL)
    {
      detached.data = (guint8 *) g_bytes_get_data (detached_data, &len);
      detached.size = len;
      if (detached.data == NULL)
        detached.data = (guint8 *) "";
      /* Attached content and the data given must be the same bytes. */
      if (content != NULL && !g_bytes_equal (content, detached_data))
        {
          gnutls_pkcs7_deinit (pkcs7);
          set_cms_bad_signature (error);
          return NULL;
        }
    }
  else if (content == NULL)
    {
      gnutls_pkcs7_deinit (pkcs7);
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                           _("This signature does not contain the signed data. Choose the original file that was signed as well."));
      return NULL;
    }

  /* Every signer must verify; the first one is the one reported. */
  for (int i = 0; i < count; i++)
    {
      gnutls_x509_crt_t crt;

      memset (&info, 0, sizeof info);
      ret = gnutls_pkcs7_get_signature_info (pkcs7, i, &info);
      if (ret < 0)
        {
          g_clear_pointer (&signer, gnutls_x509_crt_deinit);
          gnutls_pkcs7_deinit (pkcs7);
          set_not_cms (error);
          return NULL;
        }
      crt = find_signer (pkcs7, &info);
      gnutls_pkcs7_signature_info_deinit (&info);

      if (crt == NULL)
        {
          g_clear_pointer (&signer, gnutls_x509_crt_deinit);
          gnutls_pkcs7_deinit (pkcs7);
          g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NO_CERTIFICATE,
                               _("The signature does not include the signer’s certificate, so it cannot be checked. Ask for a signature that includes it."));
          return NULL;
        }

      /* GnuTLS 3.7 leaks a key object when it verifies with a certificate
       * whose public key it cannot read: such a signer is refused first. */
      ret = signer_key_readable (crt);
      if (ret >= 0)
        ret = gnutls_pkcs7_verify_direct (pkcs7, crt, i, detached_data != NULL ? &detached : NULL,
                                          CMS_VERIFY_FLAGS);
      if (ret < 0)
        {
          gnutls_x509_crt_deinit (crt);
          g_clear_pointer (&signer, gnutls_x509_crt_deinit);
          gnutls_pkcs7_deinit (pkcs7);
          if (ret == GNUTLS_E_PK_SIG_VERIFY_FAILED || ret == GNUTLS_E_HASH_FAILED)
            set_cms_bad_signature (error);
          else
            g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                         _("The signature cannot be checked (%s). Check that it was made with this e.firma."),
                         gnutls_strerror (ret));
          return NULL;
        }

      if (signer == NULL)
        signer = crt;
      else
        gnutls_x509_crt_deinit (crt);
    }
  gnutls_pkcs7_deinit (pkcs7);

  certificate = vnt_certificate_new_take_gnutls (signer, error);
  if (certificate == NULL)
    return NULL;

  if (content_out != NULL)
    *content_out = content != NULL ? g_steal_pointer (&content) : g_bytes_ref (detached_data);

  return certificate;
}
