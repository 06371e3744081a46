/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-der.h"
#include "vnt-key-info.h"
#include "vnt-sat-asn1.h"

struct _VntKeyInfo
{
  GObject parent_instance;

  gboolean pem;
  const char *container;
  gboolean encrypted;
  char *scheme;
  char *cipher;
  const char *kdf;
  char *prf;
  guint iterations;
  char *salt_hex;
  char *key_algorithm;
  guint key_bits;
};

G_DEFINE_FINAL_TYPE (VntKeyInfo, vnt_key_info, G_TYPE_OBJECT)

static const struct {
  const char *oid;
  const char *name;
} prfs[] = {
  { "1.2.840.113549.2.7", "HMAC-SHA1" },
  { "1.2.840.113549.2.8", "HMAC-SHA224" },
  { "1.2.840.113549.2.9", "HMAC-SHA256" },
  { "1.2.840.113549.2.10", "HMAC-SHA384" },
  { "1.2.840.113549.2.11", "HMAC-SHA512" },
}, ciphers[] = {
  { "1.2.840.113549.3.7", "3DES-CBC" },
  { "1.3.14.3.2.7", "DES-CBC" },
  { "2.16.840.1.101.3.4.1.2", "AES-128-CBC" },
  { "2.16.840.1.101.3.4.1.22", "AES-192-CBC" },
  { "2.16.840.1.101.3.4.1.42", "AES-256-CBC" },
};

static void
vnt_key_info_finalize (GObject *object)
{
  VntKeyInfo *self = VNT_KEY_INFO (object);

  g_free (self->scheme);
  g_free (self->cipher);
  g_free (self->prf);
  g_free (self->salt_hex);
  g_free (self->key_algorithm);

  G_OBJECT_CLASS (vnt_key_info_parent_class)->finalize (object);
}

static void
vnt_key_info_class_init (VntKeyInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_key_info_finalize;
}

static void
vnt_key_info_init (VntKeyInfo *self)
{
}

static const char *
lookup (const char *oid,
        gboolean    prf)
{
  if (oid == NULL)
    return NULL;

  if (prf)
    {
      for (guint i = 0; i < G_N_ELEMENTS (prfs); i++)
        if (g_str_equal (prfs[i].oid, oid))
          return prfs[i].name;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (ciphers); i++)
        if (g_str_equal (ciphers[i].oid, oid))
          return ciphers[i].name;
    }

  return NULL;
}

static gboolean
damaged (GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
               _("The private key file is damaged. Copy the .key again from where you keep it."));
  return FALSE;
}

/* { salt OCTET STRING, iterationCount INTEGER, … }, shared by PBKDF2 and the
 * PBES1/PKCS#12 schemes: @params decoded as the "VntSat.@type" that says
 * so, its iteration count in the field @iterations_field. */
static gboolean
read_salt_and_iterations (VntKeyInfo   *self,
                          GBytes       *params,
                          const char   *type,
                          const char   *iterations_field,
                          VntAsn1Node **node_out)
{
  g_autoptr(VntAsn1Node) node = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) iterations = NULL;
  VntDer  integer = { VNT_DER_INTEGER };
  guint64 count;

  node = vnt_sat_asn1_decode (type, g_bytes_get_data (params, NULL), g_bytes_get_size (params));
  if (node == NULL ||
      (salt = vnt_sat_asn1_read (node, "salt")) == NULL ||
      (iterations = vnt_sat_asn1_read (node, iterations_field)) == NULL)
    return FALSE;

  integer.value = g_bytes_get_data (iterations, &integer.len);
  if (!vnt_der_get_uint (&integer, &count) || count > G_MAXUINT)
    return FALSE;

  self->salt_hex = vnt_crypto_hex_encode (g_bytes_get_data (salt, NULL), g_bytes_get_size (salt));
  self->iterations = count;
  if (node_out != NULL)
    *node_out = g_steal_pointer (&node);
  return TRUE;
}

/* Everything GnuTLS's gnutls_pkcs8_info() leaves out (the PBKDF2 PRF above
 * all), read from the EncryptedPrivateKeyInfo itself. */
static gboolean
parse_encrypted_pkcs8 (VntKeyInfo   *self,
                       const guint8 *der,
                       gsize         len,
                       GError      **error)
{
  g_autoptr(VntAsn1Node) info = NULL;
  g_autoptr(GBytes) params = NULL;
  g_autofree char *alg_oid = NULL;

  info = vnt_sat_asn1_decode ("EncryptedPrivateKeyInfo", der, len);
  if (info == NULL ||
      (alg_oid = vnt_sat_asn1_read_oid (info, "encryptionAlgorithm.algorithm")) == NULL ||
      (params = vnt_sat_asn1_read (info, "encryptionAlgorithm.parameters")) == NULL)
    return damaged (error);

  if (g_str_equal (alg_oid, VNT_OID_PBES2))
    {
      g_autoptr(VntAsn1Node) pbes2 = NULL;
      g_autofree char *kdf_oid = NULL;
      g_autofree char *enc_oid = NULL;

      pbes2 = vnt_sat_asn1_decode ("PBES2Params", g_bytes_get_data (params, NULL),
                                   g_bytes_get_size (params));
      if (pbes2 == NULL ||
          (kdf_oid = vnt_sat_asn1_read_oid (pbes2, "keyDerivationFunc.algorithm")) == NULL)
        return damaged (error);

      if (g_str_equal (kdf_oid, VNT_OID_PBKDF2))
        {
          g_autoptr(GBytes) kdf_params = NULL;
          g_autoptr(VntAsn1Node) pbkdf2 = NULL;
          g_autofree char *prf_oid = NULL;

          self->kdf = "PBKDF2";
          kdf_params = vnt_sat_asn1_read (pbes2, "keyDerivationFunc.parameters");
          if (kdf_params == NULL ||
              !read_salt_and_iterations (self, kdf_params, "PBKDF2Params", "iterationCount",
                                         &pbkdf2))
            return damaged (error);

          /* prf AlgorithmIdentifier DEFAULT hmacWithSHA1 */
          prf_oid = vnt_sat_asn1_read_oid (pbkdf2, "prf.algorithm");
          if (prf_oid == NULL)
            self->prf = g_strdup ("HMAC-SHA1");
          else
            self->prf = g_strdup (lookup (prf_oid, TRUE) ? lookup (prf_oid, TRUE) : prf_oid);
        }
      else
        self->kdf = NULL;

      enc_oid = vnt_sat_asn1_read_oid (pbes2, "encryptionScheme.algorithm");
      if (enc_oid == NULL)
        return damaged (error);
      if (self->cipher == NULL)
        self->cipher = g_strdup (lookup (enc_oid, FALSE));
      if (self->scheme == NULL)
        self->scheme = g_strdup_printf ("PBES2 %s", enc_oid);
    }
  else
    {
      /* PKCS#12 (1.2.840.113549.1.12.1.x) or PBES1 (1.2.840.113549.1.5.x):
       * params { salt, iterations }. */
      self->kdf = g_str_has_prefix (alg_oid, "1.2.840.113549.1.12.") ? "PKCS12" : "PBKDF1";
      if (!read_salt_and_iterations (self, params, "PKCS12PBEParams", "iterations", NULL))
        return damaged (error);
      if (self->scheme == NULL)
        self->scheme = g_strdup (alg_oid);
    }

  return TRUE;
}

static gboolean
describe_encrypted_pkcs8 (VntKeyInfo   *self,
                          const guint8 *der,
                          gsize         len,
                          GError      **error)
{
  gnutls_datum_t datum = { (unsigned char *) der, len };
  unsigned int schema = 0, cipher = 0, iterations = 0;
  guint8 salt[128];
  unsigned int salt_size = sizeof salt;
  char *oid = NULL;

  self->container = "pkcs8-encrypted";
  self->encrypted = TRUE;

  if (gnutls_pkcs8_info (&datum, GNUTLS_X509_FMT_DER, &schema, &cipher,
                         salt, &salt_size, &iterations, &oid) >= 0)
    {
      const char *name = gnutls_pkcs_schema_get_name (schema);
      const char *cipher_name = gnutls_cipher_get_name (cipher);

      if (name != NULL)
        self->scheme = g_strdup (name);
      if (cipher_name != NULL)
        self->cipher = g_strdup (cipher_name);
    }
  gnutls_free (oid);

  return parse_encrypted_pkcs8 (self, der, len, error);
}

/* Opens an unencrypted key just to tell its algorithm and size. */
static gboolean
describe_plain (VntKeyInfo   *self,
                const guint8 *der,
                gsize         len,
                GError      **error)
{
  gnutls_datum_t datum = { (unsigned char *) der, len };
  gnutls_x509_privkey_t key = NULL;
  unsigned int bits = 0;
  int algorithm;

  if (gnutls_x509_privkey_init (&key) < 0)
    return damaged (error);

  if (gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN) < 0)
    {
      gnutls_x509_privkey_deinit (key);
      return damaged (error);
    }

  algorithm = gnutls_x509_privkey_get_pk_algorithm2 (key, &bits);
  if (algorithm > 0)
    {
      self->key_algorithm = g_strdup (vnt_crypto_pk_algorithm_name (algorithm));
      self->key_bits = bits;
    }
  gnutls_x509_privkey_deinit (key);

  return TRUE;
}

static gboolean
describe_der (VntKeyInfo   *self,
              const guint8 *der,
              gsize         len,
              GError      **error)
{
  VntDerCursor top, info;
  VntDer seq, first, second;
  guint64 version;

  vnt_der_cursor_init (&top, der, len);
  if (!vnt_der_expect (&top, VNT_DER_SEQUENCE, &seq))
    goto not_a_key;
  vnt_der_enter (&seq, &info);
  if (!vnt_der_next (&info, &first) || !vnt_der_next (&info, &second))
    goto not_a_key;

  if (first.tag == VNT_DER_SEQUENCE && second.tag == VNT_DER_OCTET_STRING)
    return describe_encrypted_pkcs8 (self, der, len, error);

  if (first.tag == VNT_DER_INTEGER && vnt_der_get_uint (&first, &version) && version <= 1)
    {
      if (second.tag == VNT_DER_SEQUENCE)
        self->container = "pkcs8";
      else if (second.tag == VNT_DER_INTEGER)
        self->container = "pkcs1";
      else if (second.tag == VNT_DER_OCTET_STRING)
        self->container = "sec1";
      else
        goto not_a_key;

      return describe_plain (self, der, len, error);
    }

not_a_key:
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
               _("This file is not a private key. Choose the .key file that came with your certificate."));
  return FALSE;
}

/* The first "-----BEGIN …PRIVATE KEY-----" block: its label, its headers
 * and its base64 body. */
static gboolean
find_pem_key (const char  *text,
              gsize        len,
              char       **label_out,
              char       **block_out)
{
  g_autofree char *copy = g_strndup (text, len);
  const char *p = copy;

  while ((p = strstr (p, "-----BEGIN ")) != NULL)
    {
      const char *label = p + strlen ("-----BEGIN ");
      const char *dashes = strstr (label, "-----");
      g_autofree char *name = NULL;
      g_autofree char *end_line = NULL;
      const char *end;

      if (dashes == NULL)
        return FALSE;
      name = g_strndup (label, dashes - label);
      end_line = g_strdup_printf ("-----END %s-----", name);
      end = strstr (dashes, end_line);
      if (end == NULL)
        return FALSE;

      if (g_str_has_suffix (name, "PRIVATE KEY"))
        {
          *label_out = g_steal_pointer (&name);
          *block_out = g_strndup (p, end + strlen (end_line) - p);
          return TRUE;
        }
      p = end;
    }

  return FALSE;
}

static gboolean
describe_pem (VntKeyInfo *self,
              const char *text,
              gsize       len,
              GError    **error)
{
  g_autofree char *label = NULL;
  g_autofree char *block = NULL;
  gnutls_datum_t in, out = { NULL, 0 };
  gboolean ok;

  if (!find_pem_key (text, len, &label, &block))
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                   _("This file is not a private key. Choose the .key file that came with your certificate."));
      return FALSE;
    }

  /* OpenSSL's legacy encryption lives in PEM headers around a PKCS#1 body. */
  if (strstr (block, "Proc-Type: 4,ENCRYPTED") != NULL)
    {
      const char *dek = strstr (block, "DEK-Info: ");

      self->container = g_str_equal (label, "EC PRIVATE KEY") ? "sec1" : "pkcs1";
      self->encrypted = TRUE;
      self->scheme = g_strdup ("openssl-pem");
      self->kdf = "EVP_BytesToKey";
      self->iterations = 1;
      if (dek != NULL)
        {
          const char *start = dek + strlen ("DEK-Info: ");
          gsize n = strcspn (start, ",\r\n");
          const char *iv = start + n;

          self->cipher = g_strndup (start, n);
          if (*iv == ',')
            {
              /* The IV doubles as the salt of the key derivation. */
              g_autofree char *salt = g_strndup (iv + 1, MIN (16, strcspn (iv + 1, "\r\n")));
              self->salt_hex = g_ascii_strdown (salt, -1);
            }
        }
      return TRUE;
    }

  in.data = (unsigned char *) block;
  in.size = strlen (block);
  if (gnutls_pem_base64_decode2 (label, &in, &out) < 0)
    return damaged (error);

  ok = describe_der (self, out.data, out.size, error);
  gnutls_memset (out.data, 0, out.size);
  gnutls_free (out.data);

  return ok;
}

VntKeyInfo *
vnt_key_info_new_from_bytes (GBytes  *data,
                             GError **error)
{
  g_autoptr(VntKeyInfo) self = NULL;
  const guint8 *p;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VNT_TYPE_KEY_INFO, NULL);
  p = g_bytes_get_data (data, &len);

  if (len > 0 && p[0] == VNT_DER_SEQUENCE)
    {
      if (!describe_der (self, p, len, error))
        return NULL;
    }
  else
    {
      self->pem = TRUE;
      if (!describe_pem (self, (const char *) p, len, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

VntKeyInfo *
vnt_key_info_new_from_file (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return vnt_crypto_parse_file (path, (VntCryptoParseFunc) vnt_key_info_new_from_bytes, error);
}

const char *
vnt_key_info_get_encoding (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->pem ? "pem" : "der";
}

const char *
vnt_key_info_get_container (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->container;
}

gboolean
vnt_key_info_get_encrypted (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), FALSE);
  return self->encrypted;
}

const char *
vnt_key_info_get_scheme (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->scheme;
}

const char *
vnt_key_info_get_cipher (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->cipher;
}

const char *
vnt_key_info_get_kdf (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->kdf;
}

const char *
vnt_key_info_get_prf (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->prf;
}

guint
vnt_key_info_get_iterations (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), 0);
  return self->iterations;
}

const char *
vnt_key_info_get_salt_hex (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->salt_hex;
}

gboolean
vnt_key_info_is_sat_format (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), FALSE);

  return !self->pem && self->encrypted &&
         g_strcmp0 (self->container, "pkcs8-encrypted") == 0 &&
         g_strcmp0 (self->kdf, "PBKDF2") == 0 &&
         g_strcmp0 (self->prf, "HMAC-SHA1") == 0 &&
         g_strcmp0 (self->cipher, "3DES-CBC") == 0;
}

const char *
vnt_key_info_get_key_algorithm (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), NULL);
  return self->key_algorithm;
}

guint
vnt_key_info_get_key_bits (VntKeyInfo *self)
{
  g_return_val_if_fail (VNT_IS_KEY_INFO (self), 0);
  return self->key_bits;
}
