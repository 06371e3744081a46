/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a .key: PEM or DER, PKCS#8, PKCS#1 or OpenSSL legacy PEM, in the
 * clear or encrypted; and saying what a file that is not a key is. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "vnt-crypto-error.h"
#include "vnt-der.h"
#include "vnt-private-key-private.h"

/* A .cer, .key or .pfx is a few KiB: refuse to slurp a film by mistake. */
#define MAX_FILE_SIZE (1024 * 1024)

static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle)
{
  return g_strstr_len (haystack, len, needle);
}

static gboolean
is_pem (const guint8 *buf,
        gsize         len)
{
  return find_bytes ((const char *) buf, MIN (len, 64 * 1024), "-----BEGIN ") != NULL;
}

/* The first private key block of a PEM text: its start and length through
 * the END line. *complete is FALSE when the END line is missing. */
static const char *
find_pem_key_block (const char *text,
                    gsize       len,
                    gsize      *block_len,
                    gboolean   *complete)
{
  const char *p = text;
  const char *end = text + len;

  *complete = FALSE;
  *block_len = 0;

  while ((p = find_bytes (p, end - p, "-----BEGIN ")) != NULL)
    {
      const char *label = p + strlen ("-----BEGIN ");
      const char *label_end = find_bytes (label, end - label, "-----");
      g_autofree char *end_line = NULL;
      const char *stop;

      if (label_end == NULL)
        return NULL;

      /* "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", … */
      if (label_end - label >= 11 && memcmp (label_end - 11, "PRIVATE KEY", 11) == 0)
        {
          end_line = g_strdup_printf ("-----END %.*s-----", (int) (label_end - label), label);
          stop = find_bytes (label_end, end - label_end, end_line);
          if (stop == NULL)
            {
              *block_len = end - p;
              return p;
            }
          *complete = TRUE;
          *block_len = (stop + strlen (end_line)) - p;
          return p;
        }

      p = label_end;
    }

  return NULL;
}

gboolean
vnt_private_key_pem_has_key (GBytes *data)
{
  const guint8 *buf;
  gsize len, block_len;
  gboolean complete;

  g_return_val_if_fail (data != NULL, FALSE);

  buf = g_bytes_get_data (data, &len);
  if (buf == NULL || !is_pem (buf, len))
    return FALSE;

  return find_pem_key_block ((const char *) buf, len, &block_len, &complete) != NULL;
}

/* Some tools store the DER as bare base64 text, without PEM lines. */
static GBytes *
decode_bare_base64 (const guint8 *buf,
                    gsize         len)
{
  g_autoptr(GString) clean = g_string_sized_new (len);
  guint8 *der;
  gsize der_len = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isspace (buf[i]))
        continue;
      if (!(g_ascii_isalnum (buf[i]) || buf[i] == '+' || buf[i] == '/' || buf[i] == '='))
        return NULL;
      g_string_append_c (clean, buf[i]);
    }
  if (clean->len < 16 || clean->len % 4 != 0)
    return NULL;

  der = g_base64_decode (clean->str, &der_len);
  if (der_len < 2 || der[0] != 0x30)
    {
      g_free (der);
      return NULL;
    }

  return g_bytes_new_take (der, der_len);
}

/* Header plus content length of the DER SEQUENCE at @buf, or 0. */
static gsize
der_declared_length (const guint8 *buf,
                     gsize         len)
{
  gsize header, content;
  guint8 tag;

  if (!vnt_der_read_header (buf, len, 0, &tag, &header, &content) || tag != 0x30)
    return 0;

  return header + content;
}
/* A SEQUENCE that says it is longer than the file: cut short, not foreign. */
static gboolean
der_is_truncated (const guint8 *buf,
                  gsize         len)
{
  return der_declared_length (buf, len) > len;
}

/* What the bytes hold, read from the PEM label or the first DER fields, so
 * that each key goes to the one GnuTLS reader that fits it. */
typedef enum
{
  KEY_SHAPE_UNKNOWN,
  KEY_SHAPE_PKCS8,            /* PrivateKeyInfo, in the clear */
  KEY_SHAPE_ENCRYPTED_PKCS8,  /* EncryptedPrivateKeyInfo (SAT's .key) */
  KEY_SHAPE_BARE,             /* PKCS#1 RSA, SEC1 EC or DSA, in the clear */
  KEY_SHAPE_LEGACY_ENCRYPTED, /* OpenSSL PEM with Proc-Type/DEK-Info */
  KEY_SHAPE_PKCS12,
} KeyShape;

static KeyShape
der_key_shape (const guint8 *buf,
               gsize         len)
{
  gsize header, content, first_header, first_len, second_header, second_len, off;
  guint8 tag, first_tag, second_tag, version;

  if (!vnt_der_read_header (buf, len, 0, &tag, &header, &content) || tag != 0x30)
    return KEY_SHAPE_UNKNOWN;
  if (!vnt_der_read_header (buf, len, header, &first_tag, &first_header, &first_len))
    return KEY_SHAPE_UNKNOWN;

  /* EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING } */
  if (first_tag == 0x30)
    return KEY_SHAPE_ENCRYPTED_PKCS8;
  if (first_tag != 0x02 || first_len != 1)
    return KEY_SHAPE_UNKNOWN;

  off = header + first_header;
  /* A file cut inside the version number. */
  if (off + 1 > len)
    return KEY_SHAPE_UNKNOWN;
  version = buf[off];
  if (!vnt_der_read_header (buf, len, off + 1, &second_tag, &second_header, &second_len))
    return KEY_SHAPE_UNKNOWN;

  /* version, then AlgorithmIdentifier (PKCS#8) or ContentInfo (PFX v3). */
  if (second_tag == 0x30)
    return version == 3 ? KEY_SHAPE_PKCS12 : KEY_SHAPE_PKCS8;
  /* version, then the modulus (RSA, DSA) or the private value (EC). */
  if (second_tag == 0x02 || second_tag == 0x04)
    return KEY_SHAPE_BARE;

  return KEY_SHAPE_UNKNOWN;
}

static KeyShape
pem_key_shape (const char *block,
               gsize       len)
{
  const char *label = block + strlen ("-----BEGIN ");
  const char *label_end = find_bytes (label, len - strlen ("-----BEGIN "), "-----");
  gsize label_len;

  if (find_bytes (block, len, "Proc-Type:") != NULL || find_bytes (block, len, "DEK-Info:") != NULL)
    return KEY_SHAPE_LEGACY_ENCRYPTED;
  if (label_end == NULL)
    return KEY_SHAPE_UNKNOWN;

  label_len = label_end - label;
  if (label_len == strlen ("ENCRYPTED PRIVATE KEY") && memcmp (label, "ENCRYPTED PRIVATE KEY", label_len) == 0)
    return KEY_SHAPE_ENCRYPTED_PKCS8;
  if (label_len == strlen ("PRIVATE KEY") && memcmp (label, "PRIVATE KEY", label_len) == 0)
    return KEY_SHAPE_PKCS8;
  if ((label_len == strlen ("RSA PRIVATE KEY") && memcmp (label, "RSA PRIVATE KEY", label_len) == 0)
      || (label_len == strlen ("EC PRIVATE KEY") && memcmp (label, "EC PRIVATE KEY", label_len) == 0)
      || (label_len == strlen ("DSA PRIVATE KEY") && memcmp (label, "DSA PRIVATE KEY", label_len) == 0))
    return KEY_SHAPE_BARE;

  return KEY_SHAPE_UNKNOWN;
}

/* The PEM ciphers GnuTLS reads, with their block size (= IV size). */
static const struct
{
  const char *name;
  guint       block;
} legacy_pem_ciphers[] = {
  { "DES-CBC", 8 },
  { "DES-EDE3-CBC", 8 },
  { "AES-128-CBC", 16 },
  { "AES-192-CBC", 16 },
  { "AES-256-CBC", 16 },
  { "CAMELLIA-128-CBC", 16 },
  { "CAMELLIA-192-CBC", 16 },
  { "CAMELLIA-256-CBC", 16 },
};

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* An OpenSSL "Proc-Type: 4,ENCRYPTED" block must be whole before GnuTLS
 * decrypts it: its CBC decryption aborts the process on ciphertext that is
 * not a whole number of blocks. @block is BEGIN line through END line. */
static gboolean
check_legacy_pem (const char  *block,
                  gsize        len,
                  GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = g_strndup (block, len);
  gboolean proc_type = FALSE, ended = FALSE;
  guint cipher_block = 0, n_lines, i;
  gsize body_chars = 0, padding = 0, decoded;

  /* A NUL inside would hide the rest of the text from the checks below. */
  if (memchr (block, '\0', len) != NULL)
    goto damaged;

  /* CRLF line ends (a key mailed from Windows) are fine. */
  lines = g_strsplit_set (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);
  n_lines = g_strv_length (lines);

  /* BEGIN line, then headers up to the first empty line. */
  for (i = 1; i < n_lines && lines[i][0] != '\0'; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "Proc-Type: "))
        {
          if (!g_str_equal (line, "Proc-Type: 4,ENCRYPTED") || proc_type)
            goto damaged;
          proc_type = TRUE;
        }
      else if (g_str_has_prefix (line, "DEK-Info: "))
        {
          const char *value = line + strlen ("DEK-Info: ");
          const char *comma = strchr (value, ',');
          gsize iv_len;

          if (comma == NULL || cipher_block != 0)
            goto damaged;
          for (guint c = 0; c < G_N_ELEMENTS (legacy_pem_ciphers); c++)
            if (strlen (legacy_pem_ciphers[c].name) == (gsize) (comma - value)
                && memcmp (value, legacy_pem_ciphers[c].name, comma - value) == 0)
              cipher_block = legacy_pem_ciphers[c].block;
          if (cipher_block == 0)
            {
              vnt_private_key_set_unsupported_encryption (error);
              return FALSE;
            }

          iv_len = strlen (comma + 1);
          if (iv_len != 2 * cipher_block)
            goto damaged;
          for (const char *h = comma + 1; *h != '\0'; h++)
            if (!g_ascii_isxdigit (*h))
              goto damaged;
        }
      else if (strchr (line, ':') == NULL)
        goto damaged;
    }
  if (!proc_type || cipher_block == 0)
    goto damaged;

  /* Blank lines, then base64 up to the END line. */
  for (; i < n_lines && lines[i][0] == '\0'; i++)
    ;
  for (; i < n_lines; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "-----END "))
        {
          ended = TRUE;
          break;
        }
      for (const char *c = line; *c != '\0'; c++)
        {
          if (*c == '=' && body_chars > 0)
            padding++;
          else if (is_base64_char (*c) && padding == 0)
            ;
          else
            goto damaged;
          body_chars++;
        }
    }

  if (!ended || body_chars == 0 || body_chars % 4 != 0 || padding > 2)
    goto damaged;
  decoded = body_chars / 4 * 3 - padding;
  if (decoded % cipher_block != 0)
    goto damaged;

  return TRUE;

damaged:
  vnt_private_key_set_damaged (error);
  return FALSE;
}

/* The key could not be read and is not an encrypted key: say what it is. */
static VntPrivateKey *
classify_failure (const guint8  *buf,
                  gsize          len,
                  int            ret,
                  GError       **error)
{
  gnutls_datum_t datum = { (guint8 *) buf, len };
  gboolean pem = is_pem (buf, len);
  gnutls_x509_crt_fmt_t format = pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_crq_t crq = NULL;
  int is_crt, is_crq;

  if (ret == GNUTLS_E_UNKNOWN_PK_ALGORITHM || ret == GNUTLS_E_UNIMPLEMENTED_FEATURE
      || ret == GNUTLS_E_ECC_UNSUPPORTED_CURVE)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                           _("This kind of private key is not supported. SAT e.firma keys are RSA; choose the .key that came with your certificate."));
      return NULL;
    }
  if (ret == GNUTLS_E_UNKNOWN_CIPHER_TYPE || ret == GNUTLS_E_UNKNOWN_HASH_ALGORITHM)
    {
      vnt_private_key_set_unsupported_encryption (error);
      return NULL;
    }

  gnutls_x509_crt_init (&crt);
  is_crt = gnutls_x509_crt_import (crt, &datum, format);
  gnutls_x509_crt_deinit (crt);
  if (is_crt == 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("This file is a certificate (.cer), not a private key. Choose the .key file as the private key."));
      return NULL;
    }

  gnutls_x509_crq_init (&crq);
  is_crq = gnutls_x509_crq_import (crq, &datum, format);
  gnutls_x509_crq_deinit (crq);
  if (is_crq == 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("This file is a certificate request (.req), not a private key. Choose the .key file saved together with it."));
      return NULL;
    }

  if (pem && find_bytes ((const char *) buf, len, "PUBLIC KEY-----") != NULL)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("This file holds only a public key. Choose the private key (.key) file."));
      return NULL;
    }

  if (der_is_truncated (buf, len))
    {
      vnt_private_key_set_damaged (error);
      return NULL;
    }

  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                       _("The file is not a private key (.key). Choose the .key file that came with your certificate."));
  return NULL;
}

static char *
legacy_pem_encryption (const char *block,
                       gsize       len)
{
  const char *dek = find_bytes (block, len, "DEK-Info:");
  const char *stop;

  if (dek == NULL)
    return g_strdup ("OpenSSL PEM");

  dek += strlen ("DEK-Info:");
  while (*dek == ' ')
    dek++;
  for (stop = dek; stop < block + len && *stop != ',' && *stop != '\r' && *stop != '\n'; stop++)
    ;

  return g_strdup_printf ("OpenSSL PEM %.*s", (int) (stop - dek), dek);
}

/* Tries the password as typed and its variants with the one reader that
 * fits @shape: one decryption per attempt. */
static VntPrivateKey *
open_encrypted (KeyShape                shape,
                const gnutls_datum_t   *datum,
                gnutls_x509_crt_fmt_t   format,
                const char             *password,
                const char             *encryption,
                guint                   iterations,
                GError                **error)
{
  g_auto(VntPasswordCandidates) candidates = { 0 };
  gnutls_x509_privkey_t key = NULL;
  int ret, first_ret = GNUTLS_E_DECRYPTION_FAILED;

  vnt_password_candidates_init (&candidates, password);
  for (guint i = 0; i < candidates.n; i++)
    {
      const char *candidate = candidates.secret[i];

      gnutls_x509_privkey_init (&key);
      if (shape == KEY_SHAPE_ENCRYPTED_PKCS8)
        ret = gnutls_x509_privkey_import_pkcs8 (key, datum, format, candidate, 0);
      else if (shape == KEY_SHAPE_LEGACY_ENCRYPTED)
        ret = gnutls_x509_privkey_import_openssl (key, datum, candidate);
      else
        ret = gnutls_x509_privkey_import2 (key, datum, format, candidate, 0);
      if (ret == 0)
        {
          VntPrivateKey *self;

          self = vnt_private_key_new_take_gnutls (key, encryption, candidates.encoding[i], error);
          if (self != NULL)
            vnt_private_key_set_iterations (self, iterations);
          return self;
        }
      g_clear_pointer (&key, gnutls_x509_privkey_deinit);

      /* Only the text as typed tells damage from a wrong password. */
      if (i == 0)
        first_ret = ret;
      if (!vnt_crypto_is_wrong_password_code (first_ret))
        break;
    }
  ret = first_ret;

  if (ret == GNUTLS_E_UNKNOWN_CIPHER_TYPE || ret == GNUTLS_E_UNKNOWN_HASH_ALGORITHM
      || ret == GNUTLS_E_UNIMPLEMENTED_FEATURE || ret == GNUTLS_E_INSUFFICIENT_SECURITY)
    vnt_private_key_set_unsupported_encryption (error);
  else if (!vnt_crypto_is_wrong_password_code (ret))
    vnt_private_key_set_damaged (error);
  else
    vnt_crypto_set_wrong_password (error, password);

  return NULL;
}

/* Whether the encrypted key of an EncryptedPrivateKeyInfo is a whole number
 * of @block bytes long: cut short, it is damaged, not under another password. */
static gboolean
pkcs8_ciphertext_is_whole (const gnutls_datum_t  *datum,
                           gnutls_x509_crt_fmt_t  format,
                           guint                  block)
{
  gnutls_datum_t der = { NULL, 0 };
  gsize header, content, alg_header, alg_len, data_header, data_len;
  guint8 tag, alg_tag, data_tag;
  gboolean whole = FALSE;

  if (block <= 1)
    return TRUE;

  if (format == GNUTLS_X509_FMT_PEM)
    {
      if (gnutls_pem_base64_decode2 ("ENCRYPTED PRIVATE KEY", datum, &der) < 0)
        return TRUE;  /* GnuTLS will say what is wrong. */
    }
  else
    {
      der.data = datum->data;
      der.size = datum->size;
    }

  /* SEQUENCE { AlgorithmIdentifier, OCTET STRING encryptedData } */
  if (vnt_der_read_header (der.data, der.size, 0, &tag, &header, &content)
      && vnt_der_read_header (der.data, der.size, header, &alg_tag, &alg_header, &alg_len)
      && vnt_der_read_header (der.data, der.size, header + alg_header + alg_len, &data_tag, &data_header, &data_len)
      && data_tag == 0x04)
    whole = data_len > 0 && data_len % block == 0;
  else
    whole = TRUE;

  if (format == GNUTLS_X509_FMT_PEM)
    gnutls_free (der.data);

  return whole;
}

/* Scheme and iterations of an EncryptedPrivateKeyInfo; FALSE when @datum is
 * not one GnuTLS can read. *whole is FALSE when its ciphertext is cut. */
static gboolean
pkcs8_encryption (const gnutls_datum_t   *datum,
                  gnutls_x509_crt_fmt_t   format,
                  char                  **encryption,
                  guint                  *iterations,
                  gboolean               *whole)
{
  unsigned int schema = 0, cipher = 0, iter = 0;
  char *oid = NULL;
  int ret;

  ret = gnutls_pkcs8_info (datum, format, &schema, &cipher, NULL, NULL, &iter, &oid);
  gnutls_free (oid);
  if (ret < 0)
    return FALSE;

  *encryption = g_strdup (gnutls_pkcs_schema_get_name (schema));
  if (*encryption == NULL)
    *encryption = g_strdup ("PKCS#8");
  *iterations = iter;
  *whole = pkcs8_ciphertext_is_whole (datum, format, gnutls_cipher_get_block_size (cipher));
  return TRUE;
}

VntPrivateKey *
vnt_private_key_new_from_bytes (GBytes      *data,
                                const char  *password,
                                GError     **error)
{
  g_autofree char *encryption = NULL;
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_fmt_t format;
  gnutls_datum_t datum;
  const guint8 *buf;
  KeyShape shape;
  guint iterations = 0;
  gboolean whole = TRUE;
  gsize len;
  int ret;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buf = g_bytes_get_data (data, &len);
  if (buf == NULL || len == 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("The private key file is empty. Choose the .key file again; if it came on a USB drive, copy it again."));
      return NULL;
    }
  if (len > MAX_FILE_SIZE || len > G_MAXUINT)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("The file is not a private key (.key). Choose the .key file that came with your certificate."));
      return NULL;
    }

  if (is_pem (buf, len))
    {
      gboolean complete;
      gsize block_len;
      const char *block = find_pem_key_block ((const char *) buf, len, &block_len, &complete);

      if (block == NULL)
        return classify_failure (buf, len, GNUTLS_E_BASE64_DECODING_ERROR, error);
      if (!complete)
        {
          vnt_private_key_set_damaged (error);
          return NULL;
        }

      format = GNUTLS_X509_FMT_PEM;
      datum.data = (guint8 *) block;
      datum.size = block_len;
      shape = pem_key_shape (block, block_len);
      if (shape == KEY_SHAPE_LEGACY_ENCRYPTED)
        {
          if (!check_legacy_pem (block, block_len, error))
            return NULL;
          encryption = legacy_pem_encryption (block, block_len);
          return open_encrypted (shape, &datum, format, password, encryption, 0, error);
        }
    }
  else
    {
      gsize declared = der_declared_length (buf, len);
      g_autoptr(GBytes) decoded = NULL;

      if (declared == 0 && (decoded = decode_bare_base64 (buf, len)) != NULL)
        return vnt_private_key_new_from_bytes (decoded, password, error);

      /* Bytes after the key (a newline added in transit) do not matter. */
      if (declared > 0 && declared < len)
        {
          g_autoptr(GBytes) trimmed = g_bytes_new_from_bytes (data, 0, declared);

          return vnt_private_key_new_from_bytes (trimmed, password, error);
        }

      /* A .pfx where the key goes: its key is the key. */
      shape = der_key_shape (buf, len);
      if ((shape == KEY_SHAPE_PKCS12 || shape == KEY_SHAPE_UNKNOWN) && vnt_crypto_is_pkcs12 (data))
        return vnt_private_key_new_from_pkcs12 (data, password, NULL, error);

      format = GNUTLS_X509_FMT_DER;
      datum.data = (guint8 *) buf;
      datum.size = len;
    }

  /* The usual shapes go straight to their reader; whatever does not open
   * there takes the general path below, which tells what is wrong. */
  if (shape == KEY_SHAPE_ENCRYPTED_PKCS8
      && pkcs8_encryption (&datum, format, &encryption, &iterations, &whole))
    {
      if (!whole)
        {
          vnt_private_key_set_damaged (error);
          return NULL;
        }
      return open_encrypted (shape, &datum, format, password, encryption, iterations, error);
    }

  if (shape == KEY_SHAPE_PKCS8 || shape == KEY_SHAPE_BARE)
    {
      gnutls_x509_privkey_init (&key);
      if (shape == KEY_SHAPE_PKCS8)
        ret = gnutls_x509_privkey_import_pkcs8 (key, &datum, format, NULL, GNUTLS_PKCS_PLAIN);
      else
        ret = gnutls_x509_privkey_import (key, &datum, format);
      if (ret == 0)
        return vnt_private_key_new_take_gnutls (key, NULL, VNT_PASSWORD_ENCODING_NONE, error);
      g_clear_pointer (&key, gnutls_x509_privkey_deinit);
    }

  /* Unencrypted keys open without a password; GnuTLS answers
   * DECRYPTION_FAILED for any encrypted one without touching the KDF. */
  gnutls_x509_privkey_init (&key);
  ret = gnutls_x509_privkey_import2 (key, &datum, format, NULL, GNUTLS_PKCS_PLAIN);
  if (ret == 0)
    return vnt_private_key_new_take_gnutls (key, NULL, VNT_PASSWORD_ENCODING_NONE, error);
  g_clear_pointer (&key, gnutls_x509_privkey_deinit);

  if (ret != GNUTLS_E_DECRYPTION_FAILED)
    {
      /* A PEM key block that does not decode is a damaged key. */
      if (format == GNUTLS_X509_FMT_PEM && ret != GNUTLS_E_UNKNOWN_PK_ALGORITHM
          && ret != GNUTLS_E_UNKNOWN_CIPHER_TYPE)
        {
          vnt_private_key_set_damaged (error);
          return NULL;
        }
      return classify_failure (buf, len, ret, error);
    }

  if (!pkcs8_encryption (&datum, format, &encryption, &iterations, &whole))
    {
      /* The shape of an EncryptedPrivateKeyInfo, with a scheme GnuTLS
       * does not know (RC2, Camellia, scrypt…). */
      if (der_is_truncated (buf, len) && format == GNUTLS_X509_FMT_DER)
        vnt_private_key_set_damaged (error);
      else
        vnt_private_key_set_unsupported_encryption (error);
      return NULL;
    }
  if (!whole)
    {
      vnt_private_key_set_damaged (error);
      return NULL;
    }

  return open_encrypted (KEY_SHAPE_UNKNOWN, &datum, format, password, encryption, iterations, error);
}
