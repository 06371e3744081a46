/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `meson test --benchmark`: the cost of a new e.firma requirement per key,
 * key generation + SAT .key + Certifica .req, against a plain GnuTLS
 * program doing the same work (the yardstick the issue names, hence
 * <gnutls/…> outside src/crypto on purpose).
 *
 * RSA key generation dominates and its time varies a lot from key to key,
 * so both sides work on the SAME keys: each round generates one key (timed
 * once, shared), then times our writers and the plain GnuTLS ones on it.
 * The plain side: PBKDF2-HMAC-SHA1 + 3DES-CBC with a hand-written DER
 * header for the .key, gnutls_x509_crq for the .req (SHA-1, challenge).
 *
 * Prints the numbers; asserts nothing about speed (machines differ). */
#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "crypto/vnt-crypto.h"
#include "crypto/vnt-private-key-private.h"
#include "crypto/vnt-request-writer.h"
#include "crypto/vnt-sat-key.h"

#define ROUNDS 12

static void
check (int ret)
{
  if (ret < 0)
    g_error ("%s", gnutls_strerror (ret));
}

/* Appends a DER header for @tag and @len. */
static void
der_header (GByteArray *out,
            guint8      tag,
            gsize       len)
{
  guint8 h[4] = { tag };
  guint n = 1;

  if (len < 0x80)
    h[n++] = len;
  else if (len < 0x100)
    {
      h[n++] = 0x81;
      h[n++] = len;
    }
  else
    {
      h[n++] = 0x82;
      h[n++] = len >> 8;
      h[n++] = len & 0xff;
    }
  g_byte_array_append (out, h, n);
}

/* The same .key as vnt_sat_key_encrypt, the plain way. */
static GBytes *
plain_sat_key (gnutls_x509_privkey_t key,
               const char           *password)
{
  static const guint8 pbes2[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
  static const guint8 pbkdf2[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
  static const guint8 des3[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07 };
  static const guint8 iterations[] = { 0x02, 0x02, 0x08, 0x00 };
  gnutls_datum_t plain, pass = { (unsigned char *) password, strlen (password) };
  gnutls_datum_t salt_d, key_d, iv_d;
  gnutls_cipher_hd_t cipher;
  guint8 salt[8], iv[8], dk[24];
  g_autoptr(GByteArray) kdf = g_byte_array_new ();
  g_autoptr(GByteArray) scheme = g_byte_array_new ();
  g_autoptr(GByteArray) alg = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 *padded;
  gsize pad, len;

  check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN, &plain));
  check (gnutls_rnd (GNUTLS_RND_NONCE, salt, sizeof salt));
  check (gnutls_rnd (GNUTLS_RND_NONCE, iv, sizeof iv));
  salt_d = (gnutls_datum_t) { salt, sizeof salt };
  check (gnutls_pbkdf2 (GNUTLS_MAC_SHA1, &pass, &salt_d, 2048, dk, sizeof dk));

  pad = 8 - plain.size % 8;
  len = plain.size + pad;
  padded = g_malloc (len);
  memcpy (padded, plain.data, plain.size);
  memset (padded + plain.size, pad, pad);
  gnutls_free (plain.data);
  key_d = (gnutls_datum_t) { dk, sizeof dk };
  iv_d = (gnutls_datum_t) { iv, sizeof iv };
  check (gnutls_cipher_init (&cipher, GNUTLS_CIPHER_3DES_CBC, &key_d, &iv_d));
  check (gnutls_cipher_encrypt (cipher, padded, len));
  gnutls_cipher_deinit (cipher);

  /* SEQUENCE { OID pbkdf2, SEQUENCE { OCTET STRING salt, INTEGER 2048 } } */
  der_header (kdf, 0x04, sizeof salt);
  g_byte_array_append (kdf, salt, sizeof salt);
  g_byte_array_append (kdf, iterations, sizeof iterations);
  der_header (scheme, 0x30, sizeof pbkdf2 + 2 + kdf->len);
  g_byte_array_append (scheme, pbkdf2, sizeof pbkdf2);
  der_header (scheme, 0x30, kdf->len);
  g_byte_array_append (scheme, kdf->data, kdf->len);
  /* SEQUENCE { OID des-ede3-cbc, OCTET STRING iv } */
  der_header (scheme, 0x30, sizeof des3 + 2 + sizeof iv);
  g_byte_array_append (scheme, des3, sizeof des3);
  der_header (scheme, 0x04, sizeof iv);
  g_byte_array_append (scheme, iv, sizeof iv);
  der_header (alg, 0x30, sizeof pbes2 + 2 + scheme->len);
  g_byte_array_append (alg, pbes2, sizeof pbes2);
  der_header (alg, 0x30, scheme->len);
  g_byte_array_append (alg, scheme->data, scheme->len);
  g_byte_array_append (body, alg->data, alg->len);
  der_header (body, 0x04, len);
  g_byte_array_append (body, padded, len);
  der_header (out, 0x30, body->len);
  g_byte_array_append (out, body->data, body->len);
  g_free (padded);

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
plain_request (gnutls_x509_privkey_t key)
{
  gnutls_x509_crq_t crq;
  gnutls_privkey_t signer;
  gnutls_datum_t der;
  guint8 random[20];
  g_autofree char *challenge = NULL;
  GBytes *out;

  check (gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random));
  challenge = g_base64_encode (random, sizeof random);
  check (gnutls_x509_crq_init (&crq));
  /* GnuTLS does not know 2.5.4.45: give it the DER values (raw flag). */
  check (gnutls_x509_crq_set_dn_by_oid (crq, "2.5.4.45", 1, "\x13\x0dKAHO641101B39", 15));
  check (gnutls_x509_crq_set_dn_by_oid (crq, "2.5.4.5", 1, "\x13\x12KAHO641101HNTLKS06", 20));
  check (gnutls_x509_crq_set_dn_by_oid (crq, "1.2.840.113549.1.9.1", 1, "\x16\x11oscar@example.com", 19));
  check (gnutls_x509_crq_set_challenge_password (crq, challenge));
  check (gnutls_x509_crq_set_key (crq, key));
  check (gnutls_privkey_init (&signer));
  check (gnutls_privkey_import_x509 (signer, key, 0));
  check (gnutls_x509_crq_privkey_sign (crq, signer, GNUTLS_DIG_SHA1, 0));
  check (gnutls_x509_crq_export2 (crq, GNUTLS_X509_FMT_DER, &der));
  out = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  gnutls_privkey_deinit (signer);
  gnutls_x509_crq_deinit (crq);

  return out;
}

int
main (int    argc,
      char **argv)
{
  gint64 keygen = 0, ours = 0, plain = 0;

  vnt_crypto_init ();

  for (guint round = 0; round < ROUNDS; round++)
    {
      gnutls_x509_privkey_t key, copy;
      g_autoptr(VntPrivateKey) vnt_key = NULL;
      g_autoptr(GBytes) key_file = NULL;
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0, t1, t2, t3;

      t0 = g_get_monotonic_time ();
      check (gnutls_x509_privkey_init (&key));
      check (gnutls_x509_privkey_generate2 (key, GNUTLS_PK_RSA, 2048, 0, NULL, 0));
      t1 = g_get_monotonic_time ();

      check (gnutls_x509_privkey_init (&copy));
      check (gnutls_x509_privkey_cpy (copy, key));

      /* Ours: wrap the key as vnt_keygen_generate does, then .key and .req. */
      t2 = g_get_monotonic_time ();
      vnt_key = vnt_private_key_new_take_gnutls (copy, NULL, VNT_PASSWORD_ENCODING_NONE, &error);
      g_assert_no_error (error);
      key_file = vnt_sat_key_encrypt (vnt_key, "Clave2026", VNT_KEY_PROTECTION_SAT, &error);
      g_assert_no_error (error);
      request = vnt_request_writer_build (vnt_key, "KAHO641101B39", "KAHO641101HNTLKS06",
                                          "oscar@example.com", NULL, &error);
      g_assert_no_error (error);
      t3 = g_get_monotonic_time ();
      ours += t3 - t2;
      g_clear_pointer (&key_file, g_bytes_unref);
      g_clear_pointer (&request, g_bytes_unref);

      t2 = g_get_monotonic_time ();
      key_file = plain_sat_key (key, "Clave2026");
      request = plain_request (key);
      t3 = g_get_monotonic_time ();
      plain += t3 - t2;

      keygen += t1 - t0;
      gnutls_x509_privkey_deinit (key);
    }

  g_print ("# RSA-2048 key + SAT .key + .req, mean of %d keys\n", ROUNDS);
  g_print ("key generation (shared)   %8.2f ms\n", keygen / 1000.0 / ROUNDS);
  g_print (".key + .req, Ventanilla   %8.2f ms\n", ours / 1000.0 / ROUNDS);
  g_print (".key + .req, plain GnuTLS %8.2f ms\n", plain / 1000.0 / ROUNDS);
  g_print ("per key, Ventanilla / plain GnuTLS: %.3f\n",
           (double) (keygen + ours) / (double) (keygen + plain));

  return 0;
}
