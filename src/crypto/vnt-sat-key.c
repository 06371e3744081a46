/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-private-key-private.h"
#include "vnt-sat-asn1.h"
#include "vnt-sat-key-private.h"

void
vnt_secret_buffer_clear (VntSecretBuffer *s)
{
  if (s->data != NULL)
    {
      vnt_memzero (s->data, s->len);
      g_free (s->data);
    }
  s->data = NULL;
  s->len = 0;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* SAT's Java tools turn the typed password into bytes with the platform
 * charset of Mexican Windows, Windows-1252 ("ñ" is the single byte 0xF1),
 * not UTF-8. To open and make keys they accept, non-ASCII passwords must go
 * through the same conversion. */
static gboolean
password_to_windows_1252 (const char       *password,
                          VntSecretBuffer  *out,
                          GError          **error)
{
  gsize written = 0;
  char *converted;

  converted = g_convert (password, -1, "WINDOWS-1252", "UTF-8", NULL, &written, NULL);
  if (converted == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("The password has characters SAT’s programs cannot type. Use letters (ñ and accents are fine), digits and common symbols."));
      return FALSE;
    }

  out->data = (guint8 *) converted;
  out->len = written;
  return TRUE;
}

gboolean
vnt_sat_key_check_new_password (const char        *password,
                                VntKeyProtection   protection,
                                GError           **error)
{
  g_auto(VntSecretBuffer) bytes = { NULL, 0 };

  g_return_val_if_fail (password != NULL, FALSE);

  if (!g_utf8_validate (password, -1, NULL) ||
      g_utf8_strlen (password, -1) < VNT_SAT_KEY_MIN_PASSWORD)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("The password must have at least %d characters. Choose a longer one."),
                   VNT_SAT_KEY_MIN_PASSWORD);
      return FALSE;
    }

  if (protection == VNT_KEY_PROTECTION_SAT && !is_ascii (password))
    return password_to_windows_1252 (password, &bytes, error);

  return TRUE;
}

typedef struct
{
  const char          *kdf_prf_oid;   /* NULL: HMAC-SHA1, written as no field */
  gnutls_mac_algorithm_t mac;
  guint                iterations;
  gsize                salt_len;
  const char          *cipher_oid;
  gnutls_cipher_algorithm_t cipher;
  gsize                key_len;
  gsize                block_len;
  gboolean             windows_1252;
} Scheme;

static const Scheme schemes[] = {
  [VNT_KEY_PROTECTION_SAT] = {
    NULL, GNUTLS_MAC_SHA1, VNT_SAT_KEY_ITERATIONS, 8,
    VNT_OID_DES_EDE3_CBC, GNUTLS_CIPHER_3DES_CBC, 24, 8, TRUE,
  },
  [VNT_KEY_PROTECTION_MODERN] = {
    VNT_OID_HMAC_SHA256, GNUTLS_MAC_SHA256, VNT_MODERN_KEY_ITERATIONS, 16,
    VNT_OID_AES256_CBC, GNUTLS_CIPHER_AES_256_CBC, 32, 16, FALSE,
  },
};

static GBytes *
encode_algorithm (const Scheme  *scheme,
                  const guint8  *salt,
                  const guint8  *iv,
                  GError       **error)
{
  g_autoptr(VntAsn1Node) kdf = NULL;
  g_autoptr(VntAsn1Node) pbes2 = NULL;
  g_autoptr(GBytes) kdf_der = NULL;
  g_autoptr(GBytes) iv_der = NULL;
  g_autofree char *iterations = g_strdup_printf ("%u", scheme->iterations);

  kdf = vnt_sat_asn1_new ("PBKDF2Params", error);
  if (kdf == NULL ||
      !vnt_sat_asn1_write (kdf, "salt", salt, scheme->salt_len, error) ||
      !vnt_sat_asn1_write (kdf, "iterationCount", iterations, 0, error) ||
      !vnt_sat_asn1_write (kdf, "keyLength", NULL, 0, error))
    return NULL;

  /* RFC 8018 gives prf DEFAULT hmacWithSHA1, so DER leaves it out; SAT's
   * keys have no prf field and some readers of theirs expect none. */
  if (scheme->kdf_prf_oid == NULL)
    {
      if (!vnt_sat_asn1_write (kdf, "prf", NULL, 0, error))
        return NULL;
    }
  else if (!vnt_sat_asn1_write (kdf, "prf.algorithm", scheme->kdf_prf_oid, 1, error) ||
           !vnt_sat_asn1_write (kdf, "prf.parameters", VNT_ASN1_NULL, VNT_ASN1_NULL_LEN, error))
    return NULL;

  kdf_der = vnt_sat_asn1_encode (kdf, NULL, error);
  if (kdf_der == NULL)
    return NULL;

  iv_der = vnt_sat_asn1_tlv (ASN1_ETYPE_OCTET_STRING, iv, scheme->block_len);

  pbes2 = vnt_sat_asn1_new ("PBES2Params", error);
  if (pbes2 == NULL ||
      !vnt_sat_asn1_write (pbes2, "keyDerivationFunc.algorithm", VNT_OID_PBKDF2, 1, error) ||
      !vnt_sat_asn1_write (pbes2, "keyDerivationFunc.parameters",
                           g_bytes_get_data (kdf_der, NULL), g_bytes_get_size (kdf_der), error) ||
      !vnt_sat_asn1_write (pbes2, "encryptionScheme.algorithm", scheme->cipher_oid, 1, error) ||
      !vnt_sat_asn1_write (pbes2, "encryptionScheme.parameters",
                           g_bytes_get_data (iv_der, NULL), g_bytes_get_size (iv_der), error))
    return NULL;

  return vnt_sat_asn1_encode (pbes2, NULL, error);
}

static void
set_gnutls_error (GError     **error,
                  int          ret)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("Could not protect the private key: %s."), gnutls_strerror (ret));
}

int
vnt_sat_key_export_plain (VntPrivateKey  *key,
                          gnutls_datum_t *out)
{
  gnutls_x509_privkey_t x509 = NULL;
  int ret;

  ret = gnutls_privkey_export_x509 (vnt_private_key_lock (key), &x509);
  vnt_private_key_unlock (key);
  if (ret == 0)
    ret = gnutls_x509_privkey_export2_pkcs8 (x509, GNUTLS_X509_FMT_DER, NULL,
                                             GNUTLS_PKCS_PLAIN, out);
  /* deinit wipes the copy. */
  g_clear_pointer (&x509, gnutls_x509_privkey_deinit);

  return ret;
}

gboolean
vnt_sat_key_pbes2_encrypt (const guint8      *data,
                           gsize              len,
                           const char        *password,
                           VntKeyProtection   protection,
                           GBytes           **parameters,
                           GBytes           **ciphertext,
                           GError           **error)
{
  const Scheme *scheme;
  g_auto(VntSecretBuffer) pass = { NULL, 0 };
  g_auto(VntSecretBuffer) derived = { NULL, 0 };
  g_auto(VntSecretBuffer) plain = { NULL, 0 };
  guint8 salt[16], iv[16];
  gnutls_datum_t pass_datum, salt_datum, key_datum, iv_datum;
  gnutls_cipher_hd_t cipher = NULL;
  g_autofree guint8 *encrypted = NULL;
  g_autoptr(GBytes) algorithm = NULL;
  gsize pad;
  int ret;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (protection <= VNT_KEY_PROTECTION_MODERN, FALSE);

  scheme = &schemes[protection];

  if (scheme->windows_1252 && !is_ascii (password))
    {
      if (!password_to_windows_1252 (password, &pass, error))
        return FALSE;
    }
  else
    {
      pass.data = (guint8 *) g_strdup (password);
      pass.len = strlen (password);
    }

  /* Room for PKCS#5 padding: always 1..block_len bytes. */
  pad = scheme->block_len - len % scheme->block_len;
  plain.len = len + pad;
  plain.data = g_malloc (plain.len);
  memcpy (plain.data, data, len);
  memset (plain.data + len, (int) pad, pad);

  if ((ret = gnutls_rnd (GNUTLS_RND_NONCE, salt, scheme->salt_len)) < 0 ||
      (ret = gnutls_rnd (GNUTLS_RND_NONCE, iv, scheme->block_len)) < 0)
    {
      set_gnutls_error (error, ret);
      return FALSE;
    }

  derived.len = scheme->key_len;
  derived.data = g_malloc (derived.len);
  pass_datum = (gnutls_datum_t) { pass.data, pass.len };
  salt_datum = (gnutls_datum_t) { salt, scheme->salt_len };
  ret = gnutls_pbkdf2 (scheme->mac, &pass_datum, &salt_datum, scheme->iterations,
                       derived.data, derived.len);
  if (ret < 0)
    {
      set_gnutls_error (error, ret);
      return FALSE;
    }

  key_datum = (gnutls_datum_t) { derived.data, derived.len };
  iv_datum = (gnutls_datum_t) { iv, scheme->block_len };
  encrypted = g_malloc (plain.len);
  ret = gnutls_cipher_init (&cipher, scheme->cipher, &key_datum, &iv_datum);
  if (ret == 0)
    ret = gnutls_cipher_encrypt2 (cipher, plain.data, plain.len, encrypted, plain.len);
  g_clear_pointer (&cipher, gnutls_cipher_deinit);
  if (ret < 0)
    {
      set_gnutls_error (error, ret);
      return FALSE;
    }

  algorithm = encode_algorithm (scheme, salt, iv, error);
  if (algorithm == NULL)
    return FALSE;

  *parameters = g_steal_pointer (&algorithm);
  *ciphertext = g_bytes_new_take (g_steal_pointer (&encrypted), plain.len);
  return TRUE;
}

GBytes *
vnt_sat_key_encrypt (VntPrivateKey     *key,
                     const char        *password,
                     VntKeyProtection   protection,
                     GError           **error)
{
  gnutls_datum_t plain = { NULL, 0 };
  g_autoptr(GBytes) parameters = NULL;
  g_autoptr(GBytes) ciphertext = NULL;
  gboolean ok;
  int ret;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (password != NULL, NULL);

  ret = vnt_sat_key_export_plain (key, &plain);
  if (ret < 0)
    {
      set_gnutls_error (error, ret);
      return NULL;
    }

  ok = vnt_sat_key_pbes2_encrypt (plain.data, plain.size, password, protection,
                                  &parameters, &ciphertext, error);
  vnt_memzero (plain.data, plain.size);
  gnutls_free (plain.data);
  if (!ok)
    return NULL;

  return vnt_sat_key_encrypted_info (VNT_OID_PBES2, parameters, ciphertext, error);
}

GBytes *
vnt_sat_key_encrypted_info (const char *oid,
                            GBytes     *parameters,
                            GBytes     *ciphertext,
                            GError    **error)
{
  g_autoptr(VntAsn1Node) info = vnt_sat_asn1_new ("EncryptedPrivateKeyInfo", error);

  if (info == NULL ||
      !vnt_sat_asn1_write (info, "encryptionAlgorithm.algorithm", oid, 1, error) ||
      !vnt_sat_asn1_write (info, "encryptionAlgorithm.parameters",
                           g_bytes_get_data (parameters, NULL), g_bytes_get_size (parameters), error) ||
      !vnt_sat_asn1_write (info, "encryptedData",
                           g_bytes_get_data (ciphertext, NULL), g_bytes_get_size (ciphertext), error))
    return NULL;

  return vnt_sat_asn1_encode (info, NULL, error);
}

gboolean
vnt_sat_key_save (VntPrivateKey     *key,
                  const char        *path,
                  const char        *password,
                  VntKeyProtection   protection,
                  GCancellable      *cancellable,
                  GError           **error)
{
  g_autoptr(GBytes) der = NULL;

  der = vnt_sat_key_encrypt (key, password, protection, error);
  if (der == NULL)
    return FALSE;

  return vnt_safe_file_write_bytes (path, der, cancellable, error);
}

gboolean
vnt_sat_key_change_password (const VntKeyFiles *files,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(VntPrivateKey) key = NULL;

  g_return_val_if_fail (files->key_path != NULL && files->out_path != NULL, FALSE);
  g_return_val_if_fail (files->new_password != NULL, FALSE);

  if (!vnt_sat_key_check_new_password (files->new_password, files->protection, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  key = vnt_private_key_new_from_file (files->key_path, files->password, error);
  if (key == NULL)
    return FALSE;

  return vnt_sat_key_save (key, files->out_path, files->new_password, files->protection,
                           cancellable, error);
}
