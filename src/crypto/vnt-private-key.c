/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-der.h"
#include "vnt-private-key-private.h"

/* A .cer, .key or .pfx is a few KiB: refuse to slurp a film by mistake. */
#define MAX_FILE_SIZE (1024 * 1024)

struct _VntPrivateKey
{
  GObject               parent_instance;

  GMutex                lock;
  gnutls_privkey_t      key;
  gnutls_pk_algorithm_t algorithm;
  guint                 bits;
  char                 *id;
  char                 *encryption;
  guint                 iterations;
  gboolean              was_encrypted;
  VntPasswordEncoding   encoding;
};

G_DEFINE_FINAL_TYPE (VntPrivateKey, vnt_private_key, G_TYPE_OBJECT)

static void
vnt_private_key_finalize (GObject *object)
{
  VntPrivateKey *self = (VntPrivateKey *) object;

  g_clear_pointer (&self->key, gnutls_privkey_deinit);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->encryption, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vnt_private_key_parent_class)->finalize (object);
}

static void
vnt_private_key_class_init (VntPrivateKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_private_key_finalize;
}

static void
vnt_private_key_init (VntPrivateKey *self)
{
  g_mutex_init (&self->lock);
}

void
vnt_crypto_set_wrong_password (GError     **error,
                               const char  *password)
{
  if (password == NULL || *password == '\0')
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                         _("The private key (.key) is protected with a password. Type it and try again."));
  else
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD,
                         _("The password does not open the private key (.key). Check upper and lower case letters and accents, and try again."));
}

void
vnt_crypto_set_sign_error (GError **error,
                           int      gnutls_error)
{
  /* Nettle checks each RSA result against the public key: a key that
   * decrypts but cannot sign was damaged in its private half. */
  if (gnutls_error == GNUTLS_E_PK_SIGN_FAILED)
    g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                         _("The private key is damaged: it opens but cannot sign. Copy the .key again from where you keep it (USB drive, backup) and try again."));
  else
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                 _("Could not sign with the private key (%s). Check that the .key belongs to your e.firma and try again."),
                 gnutls_strerror (gnutls_error));
}

static const char *
algorithm_name (gnutls_pk_algorithm_t algorithm)
{
  switch (algorithm)
    {
    case GNUTLS_PK_RSA:
      return "RSA";
    case GNUTLS_PK_RSA_PSS:
      return "RSA-PSS";
    case GNUTLS_PK_DSA:
      return "DSA";
    case GNUTLS_PK_EC:
      return "EC";
    default:
      return gnutls_pk_get_name (algorithm);
    }
}

VntPrivateKey *
vnt_private_key_new_take_gnutls (gnutls_x509_privkey_t   key,
                                 const char             *encryption,
                                 VntPasswordEncoding     encoding,
                                 GError                **error)
{
  g_autoptr(VntPrivateKey) self = NULL;
  guint8 id[64];
  size_t id_size = sizeof id;
  unsigned int bits = 0;
  int algorithm;

  g_return_val_if_fail (key != NULL, NULL);

  algorithm = gnutls_x509_privkey_get_pk_algorithm2 (key, &bits);
  if (algorithm < 0
      || gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA256, id, &id_size) < 0)
    {
      gnutls_x509_privkey_deinit (key);
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                           _("This kind of private key is not supported. SAT e.firma keys are RSA; choose the .key that came with your certificate."));
      return NULL;
    }

  self = g_object_new (VNT_TYPE_PRIVATE_KEY, NULL);
  self->algorithm = algorithm;
  self->bits = bits;
  self->id = vnt_crypto_hex_encode (id, id_size);
  self->encryption = g_strdup (encryption);
  /* Under the empty password a key is as open as in the clear. */
  self->was_encrypted = encryption != NULL && encoding != VNT_PASSWORD_ENCODING_NONE;
  self->encoding = encoding;

  if (gnutls_privkey_init (&self->key) < 0
      || gnutls_privkey_import_x509 (self->key, key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
    {
      gnutls_x509_privkey_deinit (key);
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                           _("This kind of private key is not supported. SAT e.firma keys are RSA; choose the .key that came with your certificate."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

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

static gboolean
is_wrong_password_code (int ret)
{
  switch (ret)
    {
    /* A wrong password decrypts to noise: either the padding is wrong or
     * the "plaintext" is not a key. */
    case GNUTLS_E_DECRYPTION_FAILED:
    case GNUTLS_E_MAC_VERIFY_FAILED:
    case GNUTLS_E_ASN1_ELEMENT_NOT_FOUND:
    case GNUTLS_E_ASN1_IDENTIFIER_NOT_FOUND:
    case GNUTLS_E_ASN1_DER_ERROR:
    case GNUTLS_E_ASN1_VALUE_NOT_FOUND:
    case GNUTLS_E_ASN1_GENERIC_ERROR:
    case GNUTLS_E_ASN1_VALUE_NOT_VALID:
    case GNUTLS_E_ASN1_TAG_ERROR:
    case GNUTLS_E_ASN1_TAG_IMPLICIT:
    case GNUTLS_E_ASN1_TYPE_ANY_ERROR:
    case GNUTLS_E_ASN1_SYNTAX_ERROR:
    case GNUTLS_E_ASN1_DER_OVERFLOW:
    case GNUTLS_E_PARSING_ERROR:
    case GNUTLS_E_MPI_SCAN_FAILED:
    case GNUTLS_E_PK_INVALID_PRIVKEY:
    case GNUTLS_E_INVALID_PASSWORD:
    case GNUTLS_E_INVALID_UTF8_STRING:
    case GNUTLS_E_BASE64_DECODING_ERROR:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_unsupported_encryption (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNSUPPORTED_KEY,
                       _("The private key is protected with an encryption method that cannot be opened here. Export it again as PKCS#8 with AES or 3DES from the program that created it."));
}

static void
set_damaged_key (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                       _("The private key file is damaged or incomplete. Copy the .key again from where you keep it (USB drive, backup) and try again."));
}

/* Password byte strings in the order SAT users need them: the UTF-8 text
 * as typed, its composed (NFC) form when typed decomposed, then its
 * Windows-1252 bytes (SAT's Java tools) when they differ. */
typedef struct
{
  char                *secret[3];
  VntPasswordEncoding  encoding[3];
  guint                n;
} Candidates;

static void
candidates_clear (Candidates *candidates)
{
  for (guint i = 0; i < candidates->n; i++)
    g_clear_pointer (&candidates->secret[i], vnt_secret_free);
  candidates->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Candidates, candidates_clear)

static void
candidates_add (Candidates          *candidates,
                char                *secret,
                VntPasswordEncoding  encoding)
{
  g_assert (candidates->n < G_N_ELEMENTS (candidates->secret));

  candidates->secret[candidates->n] = secret;
  candidates->encoding[candidates->n] = encoding;
  candidates->n++;
}

static void
candidates_init (Candidates *candidates,
                 const char *password)
{
  g_autoptr(VntSecret) nfc = NULL;
  gboolean ascii = TRUE;

  memset (candidates, 0, sizeof *candidates);

  if (password == NULL)
    password = "";

  candidates_add (candidates, g_strdup (password),
                  *password != '\0' ? VNT_PASSWORD_ENCODING_UTF8 : VNT_PASSWORD_ENCODING_NONE);

  for (const char *p = password; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;
  if (ascii || !g_utf8_validate (password, -1, NULL))
    return;

  nfc = g_utf8_normalize (password, -1, G_NORMALIZE_NFC);
  if (nfc != NULL && !g_str_equal (nfc, password))
    candidates_add (candidates, g_strdup (nfc), VNT_PASSWORD_ENCODING_UTF8);

  /* Characters outside Windows-1252 make no such variant. */
  if (nfc != NULL)
    {
      gsize written = 0;
      char *cp1252 = g_convert (nfc, -1, "WINDOWS-1252", "UTF-8", NULL, &written, NULL);

      if (cp1252 != NULL)
        candidates_add (candidates, cp1252, VNT_PASSWORD_ENCODING_WINDOWS_1252);
    }
}

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
  g_auto(Candidates) candidates = { 0 };
  gnutls_datum_t datum;
  gsize len;
  int ret, first_ret = GNUTLS_E_DECRYPTION_FAILED;

  g_return_val_if_fail (data != NULL, NULL);

  datum.data = (guint8 *) g_bytes_get_data (data, &len);
  datum.size = len;

  candidates_init (&candidates, password);
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
      if (!is_wrong_password_code (first_ret))
        break;
    }

  if (is_wrong_password_code (first_ret))
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
              set_unsupported_encryption (error);
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
  set_damaged_key (error);
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
      set_unsupported_encryption (error);
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
      set_damaged_key (error);
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
  g_auto(Candidates) candidates = { 0 };
  gnutls_x509_privkey_t key = NULL;
  int ret, first_ret = GNUTLS_E_DECRYPTION_FAILED;

  candidates_init (&candidates, password);
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
            self->iterations = iterations;
          return self;
        }
      g_clear_pointer (&key, gnutls_x509_privkey_deinit);

      /* Only the text as typed tells damage from a wrong password. */
      if (i == 0)
        first_ret = ret;
      if (!is_wrong_password_code (first_ret))
        break;
    }
  ret = first_ret;

  if (ret == GNUTLS_E_UNKNOWN_CIPHER_TYPE || ret == GNUTLS_E_UNKNOWN_HASH_ALGORITHM
      || ret == GNUTLS_E_UNIMPLEMENTED_FEATURE || ret == GNUTLS_E_INSUFFICIENT_SECURITY)
    set_unsupported_encryption (error);
  else if (!is_wrong_password_code (ret))
    set_damaged_key (error);
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
          set_damaged_key (error);
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
          set_damaged_key (error);
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
          set_damaged_key (error);
          return NULL;
        }
      return classify_failure (buf, len, ret, error);
    }

  if (!pkcs8_encryption (&datum, format, &encryption, &iterations, &whole))
    {
      /* The shape of an EncryptedPrivateKeyInfo, with a scheme GnuTLS
       * does not know (RC2, Camellia, scrypt…). */
      if (der_is_truncated (buf, len) && format == GNUTLS_X509_FMT_DER)
        set_damaged_key (error);
      else
        set_unsupported_encryption (error);
      return NULL;
    }
  if (!whole)
    {
      set_damaged_key (error);
      return NULL;
    }

  return open_encrypted (KEY_SHAPE_UNKNOWN, &datum, format, password, encryption, iterations, error);
}

VntPrivateKey *
vnt_private_key_new_from_file (const char  *path,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  data = vnt_crypto_read_file (path, error);
  if (data == NULL)
    return NULL;

  return vnt_private_key_new_from_bytes (data, password, error);
}

static gpointer
open_private_key (const char  *path,
                  const char  *second_path,
                  const char  *password,
                  GError     **error)
{
  return vnt_private_key_new_from_file (path, password, error);
}

void
vnt_private_key_new_from_file_async (const char          *path,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  vnt_crypto_open_in_thread (path, NULL, password != NULL ? password : "", open_private_key,
                             vnt_private_key_new_from_file_async, cancellable, callback, user_data);
}

VntPrivateKey *
vnt_private_key_new_from_file_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vnt_private_key_new_from_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vnt_private_key_get_was_encrypted (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), FALSE);

  return self->was_encrypted;
}

VntPasswordEncoding
vnt_private_key_get_password_encoding (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), VNT_PASSWORD_ENCODING_NONE);

  return self->encoding;
}

const char *
vnt_private_key_get_encryption (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);

  return self->encryption;
}

guint
vnt_private_key_get_iterations (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), 0);

  return self->iterations;
}

const char *
vnt_private_key_get_algorithm (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);

  return algorithm_name (self->algorithm);
}

guint
vnt_private_key_get_bits (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), 0);

  return self->bits;
}

const char *
vnt_private_key_get_id (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);

  return self->id;
}

gboolean
vnt_private_key_matches (VntPrivateKey  *self,
                         VntCertificate *certificate)
{
  g_autofree char *crt_id = NULL;
  guint8 id[64];
  size_t id_size = sizeof id;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  if (gnutls_x509_crt_get_key_id (vnt_certificate_get_gnutls (certificate),
                                  GNUTLS_KEYID_USE_SHA256, id, &id_size) < 0)
    return FALSE;

  crt_id = vnt_crypto_hex_encode (id, id_size);

  return g_str_equal (crt_id, self->id);
}

gnutls_privkey_t
vnt_private_key_lock (VntPrivateKey *self)
{
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);

  g_mutex_lock (&self->lock);

  return self->key;
}

void
vnt_private_key_unlock (VntPrivateKey *self)
{
  g_return_if_fail (VNT_IS_PRIVATE_KEY (self));

  g_mutex_unlock (&self->lock);
}

char *
vnt_private_key_sign_pkcs1 (VntPrivateKey  *self,
                            GBytes         *data,
                            GError        **error)
{
  gnutls_datum_t input, signature = { NULL, 0 };
  gnutls_privkey_t key;
  char *base64;
  gsize len;
  int ret;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input.data = (guint8 *) g_bytes_get_data (data, &len);
  input.size = len;
  if (input.data == NULL)
    input.data = (guint8 *) "";

  key = vnt_private_key_lock (self);
  /* RSA gives PKCS#1 v1.5 (what SAT's tools send); an EC key, ECDSA. */
  ret = gnutls_privkey_sign_data2 (key, gnutls_pk_to_sign (self->algorithm, GNUTLS_DIG_SHA256),
                                   0, &input, &signature);
  vnt_private_key_unlock (self);

  if (ret < 0)
    {
      vnt_crypto_set_sign_error (error, ret);
      return NULL;
    }

  base64 = g_base64_encode (signature.data, signature.size);
  gnutls_free (signature.data);

  return base64;
}
