/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key (and certificate) of a PKCS#12 (.pfx). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>

#include "vnt-crypto-error.h"
#include "vnt-private-key-private.h"

/* A key bag outside any encrypted bag is stored in the clear. */
static gboolean
pkcs12_key_in_clear (gnutls_pkcs12_t p12)
{
  for (int i = 0; ; i++)
    {
      gnutls_pkcs12_bag_t bag = NULL;
      gboolean clear = FALSE;
      int count;

      if (gnutls_pkcs12_bag_init (&bag) < 0)
        return FALSE;
      if (gnutls_pkcs12_get_bag (p12, i, bag) < 0)
        {
          gnutls_pkcs12_bag_deinit (bag);
          return FALSE;
        }

      count = gnutls_pkcs12_bag_get_count (bag);
      for (int j = 0; j < count; j++)
        if (gnutls_pkcs12_bag_get_type (bag, j) == GNUTLS_BAG_PKCS8_KEY)
          clear = TRUE;
      gnutls_pkcs12_bag_deinit (bag);

      if (clear)
        return TRUE;
    }
}

VntPrivateKey *
vnt_private_key_new_from_pkcs12 (GBytes             *data,
                                 const char         *password,
                                 gnutls_x509_crt_t  *certificate_out,
                                 GError            **error)
{
  g_auto(VntPasswordCandidates) candidates = { 0 };
  gnutls_datum_t datum;
  gsize len;
  int ret, first_ret = GNUTLS_E_DECRYPTION_FAILED;

  g_return_val_if_fail (data != NULL, NULL);

  datum.data = (guint8 *) g_bytes_get_data (data, &len);
  datum.size = len;

  vnt_password_candidates_init (&candidates, password);
  for (guint i = 0; i < candidates.n; i++)
    {
      const char *candidate = candidates.secret[i];
      gnutls_x509_privkey_t key = NULL;
      gnutls_x509_crt_t *chain = NULL;
      unsigned int chain_len = 0;
      gnutls_pkcs12_t p12 = NULL;
      VntPrivateKey *self = NULL;
      gboolean in_clear = FALSE;

      gnutls_pkcs12_init (&p12);
      ret = gnutls_pkcs12_import (p12, &datum, GNUTLS_X509_FMT_DER, 0);
      if (ret == 0)
        {
          ret = gnutls_pkcs12_verify_mac (p12, candidate);
          /* Old exporters may leave the MAC out; the decryption still
           * tells a wrong password. */
          if (ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
            ret = 0;
        }
      if (ret == 0)
        ret = gnutls_pkcs12_simple_parse (p12, candidate, &key, &chain, &chain_len,
                                          NULL, NULL, NULL, 0);
      if (ret == 0)
        in_clear = pkcs12_key_in_clear (p12);
      gnutls_pkcs12_deinit (p12);

      if (ret == 0 && key == NULL)
        g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                             _("The .pfx file has no private key inside. Open the .cer and .key files instead."));
      else if (ret == 0 && certificate_out != NULL && chain_len == 0)
        g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NO_CERTIFICATE,
                             _("The .pfx file has no certificate inside. Open the .cer and .key files instead."));
      else if (ret == 0)
        {
          self = vnt_private_key_new_take_gnutls (g_steal_pointer (&key),
                                                  in_clear ? NULL : "PKCS#12",
                                                  in_clear ? VNT_PASSWORD_ENCODING_NONE
                                                           : candidates.encoding[i],
                                                  error);
          /* GnuTLS puts the certificate of the key first. */
          if (self != NULL && certificate_out != NULL)
            *certificate_out = g_steal_pointer (&chain[0]);
        }

      for (guint j = 0; j < chain_len; j++)
        if (chain[j] != NULL)
          gnutls_x509_crt_deinit (chain[j]);
      gnutls_free (chain);
      if (key != NULL)
        gnutls_x509_privkey_deinit (key);

      if (ret == 0)
        return self;
      /* The text as typed tells damage from a wrong password; GnuTLS
       * refuses the Windows-1252 bytes in a .pfx outright. */
      if (i == 0)
        first_ret = ret;
      if (!vnt_crypto_is_wrong_password_code (first_ret))
        break;
    }

  if (vnt_crypto_is_wrong_password_code (first_ret))
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                         _("The password does not open the .pfx file. Check upper and lower case letters and accents, and try again."));
  else
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                         _("The .pfx file is damaged or incomplete. Export it again and try again."));
  return NULL;
}

gboolean
vnt_crypto_is_pkcs12 (GBytes *data)
{
  gnutls_pkcs12_t p12 = NULL;
  gnutls_datum_t datum;
  gsize len;
  int ret;

  g_return_val_if_fail (data != NULL, FALSE);

  datum.data = (guint8 *) g_bytes_get_data (data, &len);
  datum.size = len;
  if (datum.data == NULL || len < 4 || datum.data[0] != 0x30)
    return FALSE;

  gnutls_pkcs12_init (&p12);
  ret = gnutls_pkcs12_import (p12, &datum, GNUTLS_X509_FMT_DER, 0);
  gnutls_pkcs12_deinit (p12);

  return ret == 0;
}
