/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "vnt-certificate-private.h"
#include "vnt-crypto.h"
#include "vnt-der.h"
#include "vnt-sat-test-keys-private.h"

#define SAT_TEST_KEYS_PATH RESOURCE_PREFIX "/sat-test/"

/* The bundled keys, read once; they live as long as the process. */
static GPtrArray *
get_keys (void)
{
  static GPtrArray *keys = NULL;

  if (g_once_init_enter (&keys))
    {
      GPtrArray *loaded = g_ptr_array_new ();
      g_auto(GStrv) names = NULL;

      vnt_crypto_init ();
      names = g_resources_enumerate_children (SAT_TEST_KEYS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          g_autofree char *path = g_strconcat (SAT_TEST_KEYS_PATH, names[i], NULL);
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
          gnutls_pubkey_t key = NULL;
          gnutls_datum_t datum;
          gsize len;

          if (bytes == NULL || gnutls_pubkey_init (&key) < 0)
            continue;
          datum.data = (unsigned char *) g_bytes_get_data (bytes, &len);
          datum.size = len;
          if (gnutls_pubkey_import (key, &datum, GNUTLS_X509_FMT_PEM) < 0)
            {
              g_critical ("Bundled SAT test key %s is unreadable", names[i]);
              gnutls_pubkey_deinit (key);
              continue;
            }
          g_ptr_array_add (loaded, key);
        }
      if (loaded->len == 0)
        g_critical ("The bundled SAT test keys are missing from the resources");

      g_once_init_leave (&keys, loaded);
    }

  return keys;
}

guint
vnt_sat_test_keys_get_n_keys (void)
{
  return get_keys ()->len;
}

/* The signed part of a certificate and its signature, as they are in the
 * DER: GnuTLS has no call that returns the TBS bytes. */
static gboolean
split_certificate (GBytes         *der,
                   gnutls_datum_t *tbs,
                   gnutls_datum_t *signature)
{
  VntDerCursor cursor;
  VntDerCursor inner;
  VntDer certificate;
  VntDer part;
  VntDer algorithm;
  VntDer bits;
  gsize len;
  const guint8 *data = g_bytes_get_data (der, &len);

  vnt_der_cursor_init (&cursor, data, len);
  if (!vnt_der_expect (&cursor, VNT_DER_SEQUENCE, &certificate))
    return FALSE;

  vnt_der_enter (&certificate, &inner);
  if (!vnt_der_expect (&inner, VNT_DER_SEQUENCE, &part) ||
      !vnt_der_expect (&inner, VNT_DER_SEQUENCE, &algorithm) ||
      !vnt_der_expect (&inner, VNT_DER_BIT_STRING, &bits) ||
      bits.len < 2 || bits.value[0] != 0)
    return FALSE;

  tbs->data = (unsigned char *) part.raw;
  tbs->size = part.raw_len;
  signature->data = (unsigned char *) bits.value + 1;
  signature->size = bits.len - 1;
  return TRUE;
}

gboolean
vnt_sat_test_keys_verify (VntCertificate *certificate)
{
  GPtrArray *keys = get_keys ();
  gnutls_x509_crt_t crt;
  gnutls_datum_t tbs;
  gnutls_datum_t signature;
  int algorithm;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  crt = vnt_certificate_get_gnutls (certificate);
  algorithm = gnutls_x509_crt_get_signature_algorithm (crt);
  if (algorithm <= 0 || gnutls_sign_get_pk_algorithm (algorithm) != GNUTLS_PK_RSA)
    return FALSE;
  if (!split_certificate (vnt_certificate_get_der (certificate), &tbs, &signature))
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      gnutls_pubkey_t key = g_ptr_array_index (keys, i);
      unsigned int bits = 0;

      /* An RSA signature is as long as its key's modulus: skip the rest. */
      if (gnutls_pubkey_get_pk_algorithm (key, &bits) != GNUTLS_PK_RSA ||
          (bits + 7) / 8 != signature.size)
        continue;
      if (gnutls_pubkey_verify_data2 (key, algorithm, 0, &tbs, &signature) >= 0)
        return TRUE;
    }

  return FALSE;
}
