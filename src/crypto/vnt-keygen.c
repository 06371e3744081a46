/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-keygen.h"
#include "vnt-private-key-private.h"

static void
set_keygen_error (GError **error,
                  int      ret)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("Could not generate a new key: %s. Try again."), gnutls_strerror (ret));
}

VntPrivateKey *
vnt_keygen_generate (guint          bits,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gnutls_x509_privkey_t key = NULL;
  int ret;

  g_return_val_if_fail (bits == VNT_KEYGEN_DEFAULT_BITS || bits == VNT_KEYGEN_LARGE_BITS, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  ret = gnutls_x509_privkey_init (&key);
  if (ret == 0)
    ret = gnutls_x509_privkey_generate2 (key, GNUTLS_PK_RSA, bits, 0, NULL, 0);
  if (ret < 0)
    {
      g_clear_pointer (&key, gnutls_x509_privkey_deinit);
      set_keygen_error (error, ret);
      return NULL;
    }

  /* GnuTLS cannot be interrupted mid-way; honour a late cancel by
   * dropping the key (deinit wipes it) rather than handing it on. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      gnutls_x509_privkey_deinit (key);
      return NULL;
    }

  return vnt_private_key_new_take_gnutls (key, NULL, VNT_PASSWORD_ENCODING_NONE, error);
}

GBytes *
vnt_keygen_get_public_der (VntPrivateKey  *key,
                           GError        **error)
{
  gnutls_pubkey_t pub = NULL;
  gnutls_datum_t der = { NULL, 0 };
  gnutls_privkey_t signer;
  int ret;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);

  signer = vnt_private_key_lock (key);
  ret = gnutls_pubkey_init (&pub);
  if (ret == 0)
    ret = gnutls_pubkey_import_privkey (pub, signer, 0, 0);
  vnt_private_key_unlock (key);
  if (ret == 0)
    ret = gnutls_pubkey_export2 (pub, GNUTLS_X509_FMT_DER, &der);
  g_clear_pointer (&pub, gnutls_pubkey_deinit);

  if (ret < 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                   _("Could not read the public half of the key: %s."), gnutls_strerror (ret));
      return NULL;
    }

  return vnt_crypto_take_datum (&der, FALSE);
}
