/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-pkcs12-writer.h"
#include "vnt-private-key-private.h"
#include "vnt-sat-asn1.h"
#include "vnt-sat-key-private.h"

/* Assembled with libtasn1 rather than gnutls_pkcs12_*, whose iteration
 * count is fixed at 600,000 for every profile.
 *
 * Iterations. Every part of the file (the certificate bag, the key bag and
 * the MAC) is derived from the same password, so an attacker goes for the
 * cheapest one: all three use the same count.
 *  - Modern: 600,000, OWASP's 2023 figure for PBKDF2-HMAC-SHA256. A .pfx is
 *    opened a handful of times and about 0.2 s per part goes unnoticed.
 *  - Compatibility: 2048, what Windows, Java 8 and OpenSSL 1.x themselves
 *    write and so what every old reader copes with (some cap the count or
 *    take seconds per thousand). It is the same work factor as the SAT
 *    .key the key usually comes from (PBKDF2-SHA1, 2048), so the .pfx is no
 *    easier to attack than the file the user already carries. */
#define MODERN_ITERATIONS VNT_MODERN_KEY_ITERATIONS
#define COMPAT_ITERATIONS 2048

#define OID_PKCS7_ENCRYPTED_DATA "1.2.840.113549.1.7.6"
#define OID_PBE_SHA1_3DES        "1.2.840.113549.1.12.1.3"
#define OID_SHROUDED_KEY_BAG     "1.2.840.113549.1.12.10.1.2"
#define OID_CERT_BAG             "1.2.840.113549.1.12.10.1.3"
#define OID_X509_CERTIFICATE     "1.2.840.113549.1.9.22.1"
#define OID_FRIENDLY_NAME        "1.2.840.113549.1.9.20"
#define OID_LOCAL_KEY_ID         "1.2.840.113549.1.9.21"
#define OID_SHA256               "2.16.840.1.101.3.4.2.1"

/* PKCS#12 KDF block size for SHA-1 and SHA-256. */
#define KDF_V 64

static void
set_pkcs12_error (GError     **error,
                  const char  *why)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("Could not make the .pfx file: %s."), why);
}

/* The password as PKCS#12's own schemes take it: a BMPString (UTF-16BE)
 * with a final 0x0000. */
static gboolean
password_to_bmp (const char       *password,
                 VntSecretBuffer  *out,
                 GError          **error)
{
  gsize written = 0;
  char *utf16 = g_convert (password, -1, "UTF-16BE", "UTF-8", NULL, &written, NULL);

  if (utf16 == NULL)
    {
      set_pkcs12_error (error, "password is not UTF-8");
      return FALSE;
    }

  out->len = written + 2;
  out->data = g_malloc0 (out->len);
  memcpy (out->data, utf16, written);
  vnt_memzero (utf16, written);
  g_free (utf16);
  return TRUE;
}

/* RFC 7292, appendix B.2: @n bytes of key material for purpose @id (1 key,
 * 2 IV, 3 MAC key). */
static void
pkcs12_kdf (gnutls_digest_algorithm_t  hash,
            guint8                     id,
            const VntSecretBuffer     *password,
            const guint8              *salt,
            gsize                      salt_len,
            guint                      iterations,
            guint8                    *out,
            gsize                      n)
{
  gsize u = gnutls_hash_get_len (hash);
  gsize s_len = KDF_V * ((salt_len + KDF_V - 1) / KDF_V);
  gsize p_len = KDF_V * ((password->len + KDF_V - 1) / KDF_V);
  g_auto(VntSecretBuffer) block = { NULL, 0 };
  guint8 d[KDF_V], a[64], b[KDF_V];
  gsize done = 0;

  memset (d, id, sizeof d);
  block.len = s_len + p_len;
  block.data = g_malloc (block.len);
  for (gsize i = 0; i < s_len; i++)
    block.data[i] = salt[i % salt_len];
  for (gsize i = 0; i < p_len; i++)
    block.data[s_len + i] = password->data[i % password->len];

  while (done < n)
    {
      gnutls_hash_hd_t h;
      gsize take;

      gnutls_hash_init (&h, hash);
      gnutls_hash (h, d, sizeof d);
      gnutls_hash (h, block.data, block.len);
      gnutls_hash_deinit (h, a);
      for (guint r = 1; r < iterations; r++)
        gnutls_hash_fast (hash, a, u, a);

      take = MIN (u, n - done);
      memcpy (out + done, a, take);
      done += take;
      if (done >= n)
        break;

      /* Every v-byte block of I becomes (I_j + B + 1) mod 2^(8v). */
      for (gsize j = 0; j < KDF_V; j++)
        b[j] = a[j % u];
      for (gsize k = 0; k < block.len; k += KDF_V)
        {
          guint carry = 1;

          for (gsize j = KDF_V; j-- > 0;)
            {
              carry += block.data[k + j] + b[j];
              block.data[k + j] = carry & 0xff;
              carry >>= 8;
            }
        }
    }

  vnt_memzero (a, sizeof a);
  vnt_memzero (b, sizeof b);
}

/* pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292, appendix C). */
static gboolean
pbe_3des_encrypt (const guint8           *data,
                  gsize                   len,
                  const VntSecretBuffer  *bmp,
                  GBytes                **parameters,
                  GBytes                **ciphertext,
                  GError                **error)
{
  g_autoptr(VntAsn1Node) params = NULL;
  g_autofree char *iterations = g_strdup_printf ("%u", COMPAT_ITERATIONS);
  g_autofree guint8 *padded = NULL;
  guint8 salt[8], key[24], iv[8];
  gnutls_datum_t key_datum = { key, sizeof key }, iv_datum = { iv, sizeof iv };
  gnutls_cipher_hd_t cipher = NULL;
  gsize pad = 8 - len % 8;
  int ret;

  if (gnutls_rnd (GNUTLS_RND_NONCE, salt, sizeof salt) < 0)
    {
      set_pkcs12_error (error, "no random salt");
      return FALSE;
    }

  pkcs12_kdf (GNUTLS_DIG_SHA1, 1, bmp, salt, sizeof salt, COMPAT_ITERATIONS, key, sizeof key);
  pkcs12_kdf (GNUTLS_DIG_SHA1, 2, bmp, salt, sizeof salt, COMPAT_ITERATIONS, iv, sizeof iv);

  padded = g_malloc (len + pad);
  memcpy (padded, data, len);
  memset (padded + len, (int) pad, pad);
  ret = gnutls_cipher_init (&cipher, GNUTLS_CIPHER_3DES_CBC, &key_datum, &iv_datum);
  if (ret == 0)
    ret = gnutls_cipher_encrypt (cipher, padded, len + pad);
  g_clear_pointer (&cipher, gnutls_cipher_deinit);
  vnt_memzero (key, sizeof key);
  if (ret < 0)
    {
      vnt_memzero (padded, len + pad);
      set_pkcs12_error (error, gnutls_strerror (ret));
      return FALSE;
    }

  params = vnt_sat_asn1_new ("PKCS12PBEParams", error);
  if (params == NULL ||
      !vnt_sat_asn1_write (params, "salt", salt, sizeof salt, error) ||
      !vnt_sat_asn1_write (params, "iterations", iterations, 0, error) ||
      (*parameters = vnt_sat_asn1_encode (params, NULL, error)) == NULL)
    return FALSE;

  *ciphertext = g_bytes_new_take (g_steal_pointer (&padded), len + pad);
  return TRUE;
}

/* What the two bags of a PFX share. */
typedef struct
{
  VntPkcs12Profile       profile;
  const char            *password;
  const VntSecretBuffer *bmp;       /* the password as PKCS#12's KDF takes it */
  const char            *name;      /* friendlyName; nullable */
  GBytes                *key_id;    /* localKeyId */
} Bag;

/* Encrypts a bag's contents as its profile says; gives the algorithm OID. */
static gboolean
encrypt_bag (const Bag     *bag,
             const guint8  *data,
             gsize          len,
             const char   **oid,
             GBytes       **parameters,
             GBytes       **ciphertext,
             GError       **error)
{
  if (bag->profile == VNT_PKCS12_PROFILE_COMPAT)
    {
      *oid = OID_PBE_SHA1_3DES;
      return pbe_3des_encrypt (data, len, bag->bmp, parameters, ciphertext, error);
    }

  /* PBES2 takes the password as UTF-8, as OpenSSL 3 and GnuTLS do. */
  *oid = VNT_OID_PBES2;
  return vnt_sat_key_pbes2_encrypt (data, len, bag->password, VNT_KEY_PROTECTION_MODERN,
                                    parameters, ciphertext, error);
}

/* friendlyName (the holder, so that Windows lists it by name) and
 * localKeyId (ties the key to its certificate). */
static gboolean
write_bag_attributes (VntAsn1Node   *contents,
                      const char    *name,
                      GBytes        *key_id,
                      GError       **error)
{
  g_autoptr(GBytes) id_der = vnt_sat_asn1_tlv (ASN1_ETYPE_OCTET_STRING,
                                               g_bytes_get_data (key_id, NULL),
                                               g_bytes_get_size (key_id));
  guint next = 1;

  if (name != NULL)
    {
      gsize len = 0;
      g_autofree char *utf16 = g_convert (name, -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);

      if (utf16 != NULL)
        {
          g_autoptr(GBytes) name_der = vnt_sat_asn1_tlv (ASN1_ETYPE_BMP_STRING, utf16, len);

          if (!vnt_sat_asn1_write (contents, "?1.bagAttributes", "NEW", 1, error) ||
              !vnt_sat_asn1_write (contents, "?1.bagAttributes.?1.type", OID_FRIENDLY_NAME, 1, error) ||
              !vnt_sat_asn1_write (contents, "?1.bagAttributes.?1.values", "NEW", 1, error) ||
              !vnt_sat_asn1_write (contents, "?1.bagAttributes.?1.values.?1",
                                   g_bytes_get_data (name_der, NULL), g_bytes_get_size (name_der), error))
            return FALSE;
          next = 2;
        }
    }

  {
    g_autofree char *type = g_strdup_printf ("?1.bagAttributes.?%u.type", next);
    g_autofree char *values = g_strdup_printf ("?1.bagAttributes.?%u.values", next);
    g_autofree char *value = g_strdup_printf ("?1.bagAttributes.?%u.values.?1", next);

    return vnt_sat_asn1_write (contents, "?1.bagAttributes", "NEW", 1, error) &&
           vnt_sat_asn1_write (contents, type, OID_LOCAL_KEY_ID, 1, error) &&
           vnt_sat_asn1_write (contents, values, "NEW", 1, error) &&
           vnt_sat_asn1_write (contents, value, g_bytes_get_data (id_der, NULL),
                               g_bytes_get_size (id_der), error);
  }
}

/* SafeContents holding one bag. */
static GBytes *
safe_contents (const char  *bag_id,
               GBytes      *bag_value,
               const Bag   *bag,
               GError     **error)
{
  g_autoptr(VntAsn1Node) contents = vnt_sat_asn1_new ("SafeContents", error);

  if (contents == NULL ||
      !vnt_sat_asn1_write (contents, "", "NEW", 1, error) ||
      !vnt_sat_asn1_write (contents, "?1.bagId", bag_id, 1, error) ||
      !vnt_sat_asn1_write (contents, "?1.bagValue", g_bytes_get_data (bag_value, NULL),
                           g_bytes_get_size (bag_value), error) ||
      !write_bag_attributes (contents, bag->name, bag->key_id, error))
    return NULL;

  return vnt_sat_asn1_encode (contents, NULL, error);
}

static GBytes *
certificate_safe (VntCertificate  *certificate,
                  const Bag       *safe_bag,
                  GError         **error)
{
  g_autoptr(VntAsn1Node) bag = NULL;
  g_autoptr(VntAsn1Node) encrypted = NULL;
  g_autoptr(GBytes) bag_der = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) parameters = NULL;
  g_autoptr(GBytes) ciphertext = NULL;
  GBytes *cert_der = vnt_certificate_get_der (certificate);
  const char *oid;

  bag = vnt_sat_asn1_new ("CertBag", error);
  if (bag == NULL ||
      !vnt_sat_asn1_write (bag, "certId", OID_X509_CERTIFICATE, 1, error) ||
      !vnt_sat_asn1_write (bag, "certValue", g_bytes_get_data (cert_der, NULL),
                           g_bytes_get_size (cert_der), error) ||
      (bag_der = vnt_sat_asn1_encode (bag, NULL, error)) == NULL)
    return NULL;

  contents = safe_contents (OID_CERT_BAG, bag_der, safe_bag, error);
  if (contents == NULL)
    return NULL;

  /* The certificate is public, but it names the holder (RFC, CURP): it is
   * encrypted too, as Windows and OpenSSL do. */
  if (!encrypt_bag (safe_bag, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                    &oid, &parameters, &ciphertext, error))
    return NULL;

  encrypted = vnt_sat_asn1_new ("EncryptedData", error);
  if (encrypted == NULL ||
      !vnt_sat_asn1_write (encrypted, "version", "0", 0, error) ||
      !vnt_sat_asn1_write (encrypted, "encryptedContentInfo.contentType", VNT_OID_PKCS7_DATA, 1, error) ||
      !vnt_sat_asn1_write (encrypted, "encryptedContentInfo.contentEncryptionAlgorithm.algorithm", oid, 1, error) ||
      !vnt_sat_asn1_write (encrypted, "encryptedContentInfo.contentEncryptionAlgorithm.parameters",
                           g_bytes_get_data (parameters, NULL), g_bytes_get_size (parameters), error) ||
      !vnt_sat_asn1_write (encrypted, "encryptedContentInfo.encryptedContent",
                           g_bytes_get_data (ciphertext, NULL), g_bytes_get_size (ciphertext), error))
    return NULL;

  return vnt_sat_asn1_encode (encrypted, NULL, error);
}

static GBytes *
key_safe (VntPrivateKey  *key,
          const Bag      *bag,
          GError        **error)
{
  gnutls_datum_t plain = { NULL, 0 };
  g_autoptr(GBytes) parameters = NULL;
  g_autoptr(GBytes) ciphertext = NULL;
  g_autoptr(GBytes) info_der = NULL;
  const char *oid;
  gboolean ok;
  int ret;

  ret = vnt_sat_key_export_plain (key, &plain);
  if (ret < 0)
    {
      set_pkcs12_error (error, gnutls_strerror (ret));
      return NULL;
    }

  ok = encrypt_bag (bag, plain.data, plain.size, &oid, &parameters, &ciphertext, error);
  vnt_memzero (plain.data, plain.size);
  gnutls_free (plain.data);
  if (!ok)
    return NULL;

  info_der = vnt_sat_key_encrypted_info (oid, parameters, ciphertext, error);
  if (info_der == NULL)
    return NULL;

  return safe_contents (OID_SHROUDED_KEY_BAG, info_der, bag, error);
}

GBytes *
vnt_pkcs12_writer_build (VntCertificate    *certificate,
                         VntPrivateKey     *key,
                         const char        *password,
                         VntPkcs12Profile   profile,
                         GError           **error)
{
  gboolean compat = profile == VNT_PKCS12_PROFILE_COMPAT;
  gnutls_digest_algorithm_t mac_hash = compat ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256;
  guint iterations = compat ? COMPAT_ITERATIONS : MODERN_ITERATIONS;
  g_auto(VntSecretBuffer) bmp = { NULL, 0 };
  g_autoptr(GBytes) key_id = NULL;
  g_autoptr(GBytes) cert_safe = NULL;
  g_autoptr(GBytes) key_contents = NULL;
  g_autoptr(GBytes) key_content = NULL;
  g_autoptr(GBytes) auth_der = NULL;
  g_autoptr(GBytes) auth_content = NULL;
  g_autoptr(VntAsn1Node) auth = NULL;
  g_autoptr(VntAsn1Node) pfx = NULL;
  g_autofree char *iterations_text = g_strdup_printf ("%u", iterations);
  guint8 id[20], salt[8], mac_key[32], mac[32];
  size_t id_len = sizeof id;
  gsize mac_len;
  Bag bag;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (profile <= VNT_PKCS12_PROFILE_COMPAT, NULL);

  if (!vnt_sat_key_check_new_password (password, VNT_KEY_PROTECTION_MODERN, error))
    return NULL;

  if (!vnt_private_key_matches (key, certificate))
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                   _("The private key does not belong to this certificate. Choose the .key that came with this .cer."));
      return NULL;
    }

  if (!password_to_bmp (password, &bmp, error))
    return NULL;

  if (gnutls_x509_crt_get_key_id (vnt_certificate_get_gnutls (certificate), 0, id, &id_len) < 0 ||
      gnutls_rnd (GNUTLS_RND_NONCE, salt, sizeof salt) < 0)
    {
      set_pkcs12_error (error, "no key identifier");
      return NULL;
    }
  key_id = g_bytes_new (id, id_len);
  bag = (Bag) { profile, password, &bmp, vnt_certificate_get_name (certificate), key_id };

  cert_safe = certificate_safe (certificate, &bag, error);
  if (cert_safe == NULL)
    return NULL;
  key_contents = key_safe (key, &bag, error);
  if (key_contents == NULL)
    return NULL;
  key_content = vnt_sat_asn1_tlv (ASN1_ETYPE_OCTET_STRING, g_bytes_get_data (key_contents, NULL),
                                  g_bytes_get_size (key_contents));

  auth = vnt_sat_asn1_new ("AuthenticatedSafe", error);
  if (auth == NULL ||
      !vnt_sat_asn1_write (auth, "", "NEW", 1, error) ||
      !vnt_sat_asn1_write (auth, "?1.contentType", OID_PKCS7_ENCRYPTED_DATA, 1, error) ||
      !vnt_sat_asn1_write (auth, "?1.content", g_bytes_get_data (cert_safe, NULL),
                           g_bytes_get_size (cert_safe), error) ||
      !vnt_sat_asn1_write (auth, "", "NEW", 1, error) ||
      !vnt_sat_asn1_write (auth, "?2.contentType", VNT_OID_PKCS7_DATA, 1, error) ||
      !vnt_sat_asn1_write (auth, "?2.content", g_bytes_get_data (key_content, NULL),
                           g_bytes_get_size (key_content), error) ||
      (auth_der = vnt_sat_asn1_encode (auth, NULL, error)) == NULL)
    return NULL;

  /* The MAC covers the AuthenticatedSafe's DER, keyed by the PKCS#12 KDF
   * with the MAC's own hash (as OpenSSL and GnuTLS read it). */
  mac_len = gnutls_hash_get_len (mac_hash);
  pkcs12_kdf (mac_hash, 3, &bmp, salt, sizeof salt, iterations, mac_key, mac_len);
  gnutls_hmac_fast (compat ? GNUTLS_MAC_SHA1 : GNUTLS_MAC_SHA256, mac_key, mac_len,
                    g_bytes_get_data (auth_der, NULL), g_bytes_get_size (auth_der), mac);
  vnt_memzero (mac_key, sizeof mac_key);

  auth_content = vnt_sat_asn1_tlv (ASN1_ETYPE_OCTET_STRING, g_bytes_get_data (auth_der, NULL),
                                   g_bytes_get_size (auth_der));

  pfx = vnt_sat_asn1_new ("PFX", error);
  if (pfx == NULL ||
      !vnt_sat_asn1_write (pfx, "version", "3", 0, error) ||
      !vnt_sat_asn1_write (pfx, "authSafe.contentType", VNT_OID_PKCS7_DATA, 1, error) ||
      !vnt_sat_asn1_write (pfx, "authSafe.content", g_bytes_get_data (auth_content, NULL),
                           g_bytes_get_size (auth_content), error) ||
      !vnt_sat_asn1_write (pfx, "macData.mac.digestAlgorithm.algorithm",
                           compat ? VNT_OID_SHA1 : OID_SHA256, 1, error) ||
      !vnt_sat_asn1_write (pfx, "macData.mac.digestAlgorithm.parameters",
                           VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error) ||
      !vnt_sat_asn1_write (pfx, "macData.mac.digest", mac, mac_len, error) ||
      !vnt_sat_asn1_write (pfx, "macData.macSalt", salt, sizeof salt, error) ||
      !vnt_sat_asn1_write (pfx, "macData.iterations", iterations_text, 0, error))
    return NULL;

  return vnt_sat_asn1_encode (pfx, NULL, error);
}

gboolean
vnt_pkcs12_writer_save (const VntKeyFiles *files,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) pfx = NULL;

  g_return_val_if_fail (files->cer_path != NULL && files->key_path != NULL, FALSE);
  g_return_val_if_fail (files->out_path != NULL, FALSE);

  if (!vnt_safe_file_check_free (files->out_path, error))
    return FALSE;

  cert = vnt_certificate_new_from_file (files->cer_path, error);
  if (cert == NULL)
    return FALSE;

  key = vnt_private_key_new_from_file (files->key_path, files->password, error);
  if (key == NULL)
    return FALSE;

  pfx = vnt_pkcs12_writer_build (cert, key, files->new_password, files->protection, error);
  if (pfx == NULL)
    return FALSE;

  return vnt_safe_file_write_bytes (files->out_path, pfx, cancellable, error);
}
