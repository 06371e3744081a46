/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-der.h"
#include "vnt-x509-name.h"

#define OID_CN "2.5.4.3"
#define OID_SERIAL_NUMBER "2.5.4.5"
#define OID_OU "2.5.4.11"
#define OID_O "2.5.4.10"
#define OID_NAME "2.5.4.41"
#define OID_UNIQUE_IDENTIFIER "2.5.4.45"
#define OID_EMAIL "1.2.840.113549.1.9.1"

/* A .cer is a few KiB; anything this large is not one. */
#define MAX_CERTIFICATE_FILE_SIZE (1024 * 1024)

struct _VntCertificate
{
  GObject parent_instance;

  gnutls_x509_crt_t crt;
  GBytes *der;

  /* Every fact is worked out once, at construction, so the getters are
   * cheap and safe to call from any thread. */
  char *rfc;
  char *curp;
  char *representative_rfc;
  char *representative_curp;
  char *name;
  char *email;
  char *organizational_unit;
  char *number;
  char *serial_hex;
  GDateTime *not_before;
  GDateTime *not_after;
  char *issuer_name;
  char *issuer_dn;
  char *subject_dn;
  VntCertificateKind kind;
  gboolean kind_disagreement;
  VntPersona persona;
  const char *key_algorithm;
  guint key_bits;
  gboolean is_ca;
  gboolean self_issued;
  char *sha256;
};

G_DEFINE_FINAL_TYPE (VntCertificate, vnt_certificate, G_TYPE_OBJECT)

static void
vnt_certificate_finalize (GObject *object)
{
  VntCertificate *self = (VntCertificate *) object;

  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->rfc, g_free);
  g_clear_pointer (&self->curp, g_free);
  g_clear_pointer (&self->representative_rfc, g_free);
  g_clear_pointer (&self->representative_curp, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->organizational_unit, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->serial_hex, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_clear_pointer (&self->issuer_name, g_free);
  g_clear_pointer (&self->issuer_dn, g_free);
  g_clear_pointer (&self->subject_dn, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (vnt_certificate_parent_class)->finalize (object);
}

static void
vnt_certificate_class_init (VntCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_certificate_finalize;
}

static void
vnt_certificate_init (VntCertificate *self)
{
}

static void
read_serial (VntCertificate *self)
{
  guint8 serial[64];
  size_t size = sizeof serial;
  gboolean all_digits;

  if (gnutls_x509_crt_get_serial (self->crt, serial, &size) < 0 || size == 0)
    return;

  self->serial_hex = vnt_crypto_hex_encode (serial, size);

  /* SAT's "número de certificado" is the serial's bytes read as ASCII. */
  all_digits = TRUE;
  for (gsize i = 0; i < size && all_digits; i++)
    all_digits = g_ascii_isdigit (serial[i]);

  self->number = all_digits ? g_strndup ((const char *) serial, size) : g_strdup (self->serial_hex);
}

static GDateTime *
date_from_time (time_t t)
{
  if (t == (time_t) -1)
    return NULL;

  return g_date_time_new_from_unix_utc (t);
}

static VntPersona
guess_persona (const char *rfc,
               const char *curp,
               gboolean    moral_form)
{
  glong len;

  if (moral_form)
    return VNT_PERSONA_MORAL;

  if (rfc == NULL)
    return VNT_PERSONA_UNKNOWN;

  /* Characters, not bytes: an RFC may hold Ñ. */
  len = g_utf8_strlen (rfc, -1);
  if (len == 13)
    return VNT_PERSONA_FISICA;
  if (len == 12)
    return VNT_PERSONA_MORAL;
  if (curp != NULL)
    return VNT_PERSONA_FISICA;

  return VNT_PERSONA_UNKNOWN;
}

static char *
lookup (GPtrArray  *attrs,
        const char *oid)
{
  return vnt_x509_value_trim (vnt_x509_attrs_lookup (attrs, oid), -1);
}

/* The decoded attributes of the subject or issuer name. Walking the raw
 * DER is many times cheaper than asking GnuTLS attribute by attribute. */
static GPtrArray *
read_name (VntCertificate *self,
           gboolean        issuer)
{
  gnutls_datum_t raw = { NULL, 0 };
  gnutls_x509_dn_t dn = NULL;
  GPtrArray *attrs = NULL;
  int ret;

  ret = issuer ? gnutls_x509_crt_get_raw_issuer_dn (self->crt, &raw)
               : gnutls_x509_crt_get_raw_dn (self->crt, &raw);
  if (ret >= 0)
    attrs = vnt_x509_name_der_get_attrs (raw.data, raw.size);
  gnutls_free (raw.data);

  if (attrs == NULL)
    {
      ret = issuer ? gnutls_x509_crt_get_issuer (self->crt, &dn)
                   : gnutls_x509_crt_get_subject (self->crt, &dn);
      if (ret >= 0)
        attrs = vnt_x509_dn_get_attrs (dn);
    }

  return attrs;
}

static void
read_subject (VntCertificate *self)
{
  g_autoptr(GPtrArray) attrs = NULL;
  const char *unique_id;
  const char *serial_number;
  gboolean moral_form;

  attrs = read_name (self, FALSE);
  if (attrs == NULL)
    return;

  self->subject_dn = vnt_x509_attrs_to_display (attrs);

  self->name = lookup (attrs, OID_CN);
  if (self->name == NULL)
    self->name = lookup (attrs, OID_NAME);
  if (self->name == NULL)
    self->name = lookup (attrs, OID_O);

  self->email = lookup (attrs, OID_EMAIL);
  self->organizational_unit = lookup (attrs, OID_OU);

  /* RFC in x500UniqueIdentifier and CURP in serialNumber; a persona moral
   * writes "RFC_MORAL / RFC_REPRESENTANTE" and " / CURP_REPRESENTANTE". */
  unique_id = vnt_x509_attrs_lookup (attrs, OID_UNIQUE_IDENTIFIER);
  serial_number = vnt_x509_attrs_lookup (attrs, OID_SERIAL_NUMBER);

  moral_form = vnt_x509_split_moral_field (unique_id, &self->rfc, &self->representative_rfc);
  if (moral_form)
    {
      g_autofree char *company_curp = NULL;

      vnt_x509_split_moral_field (serial_number, &company_curp, &self->representative_curp);
    }
  else
    {
      self->curp = vnt_x509_value_trim (serial_number, -1);
    }

  self->persona = guess_persona (self->rfc, self->curp, moral_form);
}

static void
read_issuer (VntCertificate *self)
{
  g_autoptr(GPtrArray) attrs = NULL;

  attrs = read_name (self, TRUE);
  if (attrs == NULL)
    return;

  self->issuer_dn = vnt_x509_attrs_to_display (attrs);
  self->issuer_name = lookup (attrs, OID_CN);
  if (self->issuer_name == NULL)
    self->issuer_name = lookup (attrs, OID_O);
}

static gboolean
has_key_purpose (gnutls_x509_crt_t  crt,
                 const char        *purpose)
{
  for (unsigned int i = 0;; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int ret = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (ret == GNUTLS_E_SHORT_MEMORY_BUFFER)
        continue;
      if (ret < 0)
        return FALSE;
      if (strcmp (oid, purpose) == 0)
        return TRUE;
    }
}

/* There is no official rule: an e.firma can also encipher and agree keys
 * (and is meant for e-mail and client authentication); a CSD only signs and
 * carries the branch (sucursal) in its OU. Both signals are read. */
static void
classify (VntCertificate *self)
{
  unsigned int usage = 0;
  VntCertificateKind usage_kind = VNT_CERTIFICATE_KIND_OTHER;
  VntCertificateKind ou_kind;
  const unsigned int sign_only = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION;

  self->kind = VNT_CERTIFICATE_KIND_OTHER;
  self->kind_disagreement = FALSE;

  if (self->is_ca || self->rfc == NULL)
    return;

  if (gnutls_x509_crt_get_key_usage (self->crt, &usage, NULL) >= 0)
    {
      if ((usage & GNUTLS_KEY_DIGITAL_SIGNATURE) != 0 &&
          (usage & (GNUTLS_KEY_DATA_ENCIPHERMENT | GNUTLS_KEY_KEY_AGREEMENT)) != 0)
        usage_kind = VNT_CERTIFICATE_KIND_EFIRMA;
      else if (usage == sign_only)
        usage_kind = VNT_CERTIFICATE_KIND_CSD;
    }
  else if (has_key_purpose (self->crt, GNUTLS_KP_EMAIL_PROTECTION) ||
           has_key_purpose (self->crt, GNUTLS_KP_TLS_WWW_CLIENT))
    {
      /* Without a key usage, the e.firma's extended key usage still speaks. */
      usage_kind = VNT_CERTIFICATE_KIND_EFIRMA;
    }

  if (usage_kind == VNT_CERTIFICATE_KIND_OTHER)
    return;

  ou_kind = self->organizational_unit != NULL ? VNT_CERTIFICATE_KIND_CSD : VNT_CERTIFICATE_KIND_EFIRMA;

  /* The key usage says what the key may do, so it decides; the OU only
   * raises the flag. */
  self->kind = usage_kind;
  self->kind_disagreement = ou_kind != usage_kind;
}

static gboolean
read_facts (VntCertificate  *self,
            GError         **error)
{
  gnutls_datum_t der = { NULL, 0 };
  unsigned int bits = 0;
  unsigned int ca = 0;
  int algorithm;
  int ret;

  ret = gnutls_x509_crt_export2 (self->crt, GNUTLS_X509_FMT_DER, &der);
  if (ret < 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                   _("The certificate is damaged and cannot be read. Download it again from SAT."));
      return FALSE;
    }
  self->der = vnt_crypto_take_datum (&der, FALSE);

  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->der);

  read_serial (self);
  self->not_before = date_from_time (gnutls_x509_crt_get_activation_time (self->crt));
  self->not_after = date_from_time (gnutls_x509_crt_get_expiration_time (self->crt));
  if (self->not_before == NULL || self->not_after == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                   _("The certificate has no readable validity dates. Download it again from SAT."));
      return FALSE;
    }

  read_subject (self);
  read_issuer (self);

  algorithm = gnutls_x509_crt_get_pk_algorithm (self->crt, &bits);
  self->key_algorithm = vnt_crypto_pk_algorithm_name (algorithm);
  self->key_bits = bits;

  /* Compared as decoded text: gnutls_x509_crt_check_issuer () is slow. */
  self->self_issued = self->subject_dn != NULL && self->issuer_dn != NULL &&
                      g_ascii_strcasecmp (self->subject_dn, self->issuer_dn) == 0;
  ret = gnutls_x509_crt_get_basic_constraints (self->crt, NULL, &ca, NULL);
  if (ret >= 0)
    self->is_ca = ca != 0;
  else
    /* Old roots (Banco de México's ARC0) carry no extensions at all. */
    self->is_ca = self->self_issued;

  classify (self);

  return TRUE;
}

static VntCertificate *
certificate_new (gnutls_x509_crt_t   crt,
                 GError            **error)
{
  g_autoptr(VntCertificate) self = g_object_new (VNT_TYPE_CERTIFICATE, NULL);

  self->crt = crt;
  if (!read_facts (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_certificate_new_take_gnutls (gnutls_x509_crt_t   crt,
                                 GError            **error)
{
  gnutls_x509_crt_t imported = NULL;
  gnutls_datum_t der = { NULL, 0 };
  int ret;

  g_return_val_if_fail (crt != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A certificate built in memory lacks the raw names GnuTLS uses to find
   * issuers; a round trip through DER gives it the parsed form. */
  ret = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der);
  gnutls_x509_crt_deinit (crt);
  if (ret >= 0 && gnutls_x509_crt_init (&imported) >= 0)
    {
      ret = gnutls_x509_crt_import (imported, &der, GNUTLS_X509_FMT_DER);
      if (ret < 0)
        g_clear_pointer (&imported, gnutls_x509_crt_deinit);
    }
  gnutls_free (der.data);

  if (imported == NULL)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                           _("The certificate is damaged and cannot be read. Download it again from SAT."));
      return NULL;
    }

  return certificate_new (imported, error);
}

gnutls_x509_crt_t
vnt_certificate_get_gnutls (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->crt;
}

typedef enum {
  DER_SHAPE_OTHER,
  DER_SHAPE_CERTIFICATE,
  DER_SHAPE_KEY,
} DerShape;

/* Tells a certificate from a private key or another DER structure by its
 * first few bytes, even when the file is cut short. @total_len gets the
 * declared length of the outer value. */
static DerShape
der_shape (const guint8 *data,
           gsize         len,
           gsize        *total_len)
{
  guint8 tag;
  gsize header, content;
  guint8 inner_tag;
  gsize inner_header, inner_content;
  guint8 first_tag;
  gsize first_header, first_content;

  *total_len = 0;

  if (!vnt_der_read_header (data, len, 0, &tag, &header, &content) || tag != 0x30)
    return DER_SHAPE_OTHER;
  *total_len = header + content;

  data += header;
  len -= header;

  if (!vnt_der_read_header (data, len, 0, &inner_tag, &inner_header, &inner_content))
    return DER_SHAPE_OTHER;

  /* PrivateKeyInfo and RSAPrivateKey start with a version INTEGER (0 or 1);
   * a PKCS#12 file too, but with version 3. */
  if (inner_tag == 0x02)
    {
      if (inner_content == 1 && len > inner_header && data[inner_header] == 3)
        return DER_SHAPE_OTHER;
      return DER_SHAPE_KEY;
    }
  if (inner_tag != 0x30)
    return DER_SHAPE_OTHER;

  if (!vnt_der_read_header (data, len, inner_header, &first_tag, &first_header, &first_content))
    return DER_SHAPE_OTHER;

  /* TBSCertificate opens with [0] version; EncryptedPrivateKeyInfo with an
   * AlgorithmIdentifier (OID). */
  if (first_tag == 0xa0)
    return DER_SHAPE_CERTIFICATE;
  if (first_tag == 0x06)
    return DER_SHAPE_KEY;

  return DER_SHAPE_OTHER;
}

static gboolean
looks_like_base64 (const guint8 *data,
                   gsize         len)
{
  gsize significant = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalnum (data[i]) || data[i] == '+' || data[i] == '/' || data[i] == '=')
        significant++;
      else if (!g_ascii_isspace (data[i]))
        return FALSE;
    }

  return significant >= 64;
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  return g_strstr_len ((const char *) data, len, needle) != NULL;
}

static void
set_not_a_certificate (GError   **error,
                       DerShape   shape)
{
  if (shape == DER_SHAPE_KEY)
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                 _("This file is a private key (.key), not a certificate. Choose the certificate file (.cer) of your e.firma."));
  else
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                 _("This file is not a certificate. Choose the certificate file (.cer) of your e.firma."));
}

static void
set_damaged (GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
               _("The certificate file is damaged or incomplete. Download your certificate again from SAT’s website and try again."));
}

/* @data in @format. What GnuTLS refuses is damaged when its @shape is a
 * certificate's, and not a certificate otherwise. */
static VntCertificate *
import_crt (const guint8         *data,
            gsize                 len,
            gnutls_x509_crt_fmt_t format,
            DerShape              shape,
            GError              **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t    datum = { (unsigned char *) data, len };

  if (gnutls_x509_crt_init (&crt) < 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                           _("Out of memory while reading the certificate."));
      return NULL;
    }

  if (gnutls_x509_crt_import (crt, &datum, format) < 0)
    {
      gnutls_x509_crt_deinit (crt);

      if (shape == DER_SHAPE_CERTIFICATE)
        set_damaged (error);
      else
        set_not_a_certificate (error, shape);
      return NULL;
    }

  return certificate_new (crt, error);
}

static VntCertificate *
import_der (const guint8 *data,
            gsize         len,
            GError      **error)
{
  gsize    total_len = 0;
  DerShape shape;

  shape = der_shape (data, len, &total_len);
  if (shape == DER_SHAPE_KEY)
    {
      set_not_a_certificate (error, shape);
      return NULL;
    }

  /* Tolerate junk after the certificate (a stray newline, say). */
  if (total_len > 0 && total_len < len)
    len = total_len;

  return import_crt (data, len, GNUTLS_X509_FMT_DER, shape, error);
}

static VntCertificate *
import_pem (const guint8 *data,
            gsize         len,
            GError      **error)
{
  if (!contains (data, len, "-----BEGIN CERTIFICATE-----") &&
      !contains (data, len, "-----BEGIN X509 CERTIFICATE-----"))
    {
      DerShape shape = contains (data, len, "PRIVATE KEY-----") ? DER_SHAPE_KEY : DER_SHAPE_OTHER;

      set_not_a_certificate (error, shape);
      return NULL;
    }

  /* Its armour says it is one. */
  return import_crt (data, len, GNUTLS_X509_FMT_PEM, DER_SHAPE_CERTIFICATE, error);
}

VntCertificate *
vnt_certificate_new_from_bytes (GBytes  *data,
                                GError **error)
{
  const guint8 *bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &len);
  if (bytes == NULL || len == 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                           _("The file is empty. Choose the certificate file (.cer) of your e.firma."));
      return NULL;
    }

  if (bytes[0] == 0x30)
    return import_der (bytes, len, error);

  if (contains (bytes, len, "-----BEGIN "))
    return import_pem (bytes, len, error);

  /* A bare base64 certificate, as copied out of a CFDI or a web page. */
  if (looks_like_base64 (bytes, len))
    {
      g_autofree char *text = g_strndup ((const char *) bytes, len);
      g_autofree guint8 *decoded = NULL;
      gsize decoded_len = 0;

      decoded = g_base64_decode (text, &decoded_len);
      if (decoded != NULL && decoded_len > 0 && decoded[0] == 0x30)
        return import_der (decoded, decoded_len, error);
    }

  set_not_a_certificate (error, DER_SHAPE_OTHER);
  return NULL;
}

VntCertificate *
vnt_certificate_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  display = g_filename_display_basename (path);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNREADABLE_FILE,
                   _("“%s” is a folder. Choose the certificate file (.cer) inside it."), display);
      return NULL;
    }
  if (info != NULL && g_file_info_get_size (info) > MAX_CERTIFICATE_FILE_SIZE)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                   _("“%s” is too large to be a certificate. Choose the certificate file (.cer) of your e.firma."),
                   display);
      return NULL;
    }

  /* Capped, and no devices or pipes: /dev/zero would never end. */
  bytes = vnt_crypto_read_file (path, error);
  if (bytes == NULL)
    return NULL;

  return vnt_certificate_new_from_bytes (bytes, error);
}

GBytes *
vnt_certificate_get_der (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->der;
}

const char *
vnt_certificate_get_rfc (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->rfc;
}

const char *
vnt_certificate_get_curp (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->curp;
}

const char *
vnt_certificate_get_representative_rfc (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->representative_rfc;
}

const char *
vnt_certificate_get_representative_curp (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->representative_curp;
}

const char *
vnt_certificate_get_name (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->name;
}

const char *
vnt_certificate_get_email (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->email;
}

const char *
vnt_certificate_get_organizational_unit (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->organizational_unit;
}

const char *
vnt_certificate_get_number (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->number;
}

const char *
vnt_certificate_get_serial_hex (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->serial_hex;
}

GDateTime *
vnt_certificate_get_not_before (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->not_before;
}

GDateTime *
vnt_certificate_get_not_after (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->not_after;
}

int
vnt_certificate_get_days_left (VntCertificate *self,
                               GDateTime      *now)
{
  g_autoptr(GDateTime) current = NULL;
  GTimeSpan span;
  GTimeSpan days;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), 0);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  span = g_date_time_difference (self->not_after, current);

  /* Floor, so that any time past not-after counts as a negative day. */
  days = span / G_TIME_SPAN_DAY;
  if (span < 0 && span % G_TIME_SPAN_DAY != 0)
    days--;

  return (int) CLAMP (days, G_MININT, G_MAXINT);
}

const char *
vnt_certificate_get_issuer_name (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->issuer_name;
}

const char *
vnt_certificate_get_issuer_dn (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->issuer_dn;
}

const char *
vnt_certificate_get_subject_dn (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->subject_dn;
}

VntCertificateKind
vnt_certificate_get_kind (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), VNT_CERTIFICATE_KIND_OTHER);

  return self->kind;
}

gboolean
vnt_certificate_get_kind_disagreement (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), FALSE);

  return self->kind_disagreement;
}

VntPersona
vnt_certificate_get_persona (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), VNT_PERSONA_UNKNOWN);

  return self->persona;
}

const char *
vnt_certificate_get_key_algorithm (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->key_algorithm;
}

guint
vnt_certificate_get_key_bits (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), 0);

  return self->key_bits;
}

gboolean
vnt_certificate_is_ca (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), FALSE);

  return self->is_ca;
}

gboolean
vnt_certificate_is_self_issued (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), FALSE);

  return self->self_issued;
}

const char *
vnt_certificate_get_sha256 (VntCertificate *self)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (self), NULL);

  return self->sha256;
}

gboolean
vnt_certificate_equal (VntCertificate *a,
                       VntCertificate *b)
{
  g_return_val_if_fail (VNT_IS_CERTIFICATE (a), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (b), FALSE);

  return a == b || g_bytes_equal (a->der, b->der);
}

const char *
vnt_certificate_kind_to_string (VntCertificateKind kind)
{
  switch (kind)
    {
    case VNT_CERTIFICATE_KIND_EFIRMA:
      return "efirma";
    case VNT_CERTIFICATE_KIND_CSD:
      return "csd";
    case VNT_CERTIFICATE_KIND_OTHER:
    default:
      return "other";
    }
}

const char *
vnt_persona_to_string (VntPersona persona)
{
  switch (persona)
    {
    case VNT_PERSONA_FISICA:
      return "fisica";
    case VNT_PERSONA_MORAL:
      return "moral";
    case VNT_PERSONA_UNKNOWN:
    default:
      return "unknown";
    }
}
