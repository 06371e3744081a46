/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-csr.h"
#include "vnt-der.h"
#include "vnt-x509-name.h"

#define OID_X500_UNIQUE_IDENTIFIER "2.5.4.45"
#define OID_SERIAL_NUMBER          "2.5.4.5"
#define OID_COMMON_NAME            "2.5.4.3"
#define OID_ORGANIZATION           "2.5.4.10"
#define OID_ORGANIZATIONAL_UNIT    "2.5.4.11"
#define OID_EMAIL_ADDRESS          "1.2.840.113549.1.9.1"

struct _VntCsr
{
  GObject parent_instance;

  GBytes *der;
  char *rfc;
  char *curp;
  char *representative_rfc;
  char *representative_curp;
  char *name;
  char *organization;
  char *organizational_unit;
  char *email;
  char *subject_dn;
  VntPersona persona;
  char *key_algorithm;
  guint key_bits;
  char *signature_algorithm;
  gboolean signature_valid;
  gboolean challenge_password;
  char *key_id;
};

G_DEFINE_FINAL_TYPE (VntCsr, vnt_csr, G_TYPE_OBJECT)

static void
vnt_csr_finalize (GObject *object)
{
  VntCsr *self = VNT_CSR (object);

  g_clear_pointer (&self->der, g_bytes_unref);
  g_free (self->rfc);
  g_free (self->curp);
  g_free (self->representative_rfc);
  g_free (self->representative_curp);
  g_free (self->name);
  g_free (self->organization);
  g_free (self->organizational_unit);
  g_free (self->email);
  g_free (self->subject_dn);
  g_free (self->key_algorithm);
  g_free (self->signature_algorithm);
  g_free (self->key_id);

  G_OBJECT_CLASS (vnt_csr_parent_class)->finalize (object);
}

static void
vnt_csr_class_init (VntCsrClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_csr_finalize;
}

static void
vnt_csr_init (VntCsr *self)
{
}

static gboolean
damaged (GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
               _("This file is not a readable certificate request (.req). Generate the request again."));
  return FALSE;
}

/* GnuTLS hands out no raw subject of a request: take it from the DER,
 * CertificationRequest { info { version, subject, … }, … }. */
static gboolean
read_subject (VntCsr  *self,
              GError **error)
{
  gnutls_x509_dn_t dn = NULL;
  gnutls_datum_t datum;
  VntDerCursor top, request, info;
  VntDer seq, info_seq, version, subject;
  g_autofree char *rfc_field = NULL;
  g_autofree char *curp_field = NULL;
  gsize len;
  const guint8 *der = g_bytes_get_data (self->der, &len);

  vnt_der_cursor_init (&top, der, len);
  if (!vnt_der_expect (&top, VNT_DER_SEQUENCE, &seq))
    return damaged (error);
  vnt_der_enter (&seq, &request);
  if (!vnt_der_expect (&request, VNT_DER_SEQUENCE, &info_seq))
    return damaged (error);
  vnt_der_enter (&info_seq, &info);
  if (!vnt_der_expect (&info, VNT_DER_INTEGER, &version) ||
      !vnt_der_expect (&info, VNT_DER_SEQUENCE, &subject))
    return damaged (error);

  if (gnutls_x509_dn_init (&dn) < 0)
    return damaged (error);
  datum.data = (unsigned char *) subject.raw;
  datum.size = subject.raw_len;
  if (gnutls_x509_dn_import (dn, &datum) < 0)
    {
      gnutls_x509_dn_deinit (dn);
      return damaged (error);
    }

  rfc_field = vnt_x509_dn_get_attr (dn, OID_X500_UNIQUE_IDENTIFIER);
  curp_field = vnt_x509_dn_get_attr (dn, OID_SERIAL_NUMBER);
  self->name = vnt_x509_dn_get_attr (dn, OID_COMMON_NAME);
  self->organization = vnt_x509_dn_get_attr (dn, OID_ORGANIZATION);
  self->organizational_unit = vnt_x509_dn_get_attr (dn, OID_ORGANIZATIONAL_UNIT);
  self->email = vnt_x509_dn_get_attr (dn, OID_EMAIL_ADDRESS);
  self->subject_dn = vnt_x509_dn_to_display (dn);
  gnutls_x509_dn_deinit (dn);

  vnt_x509_split_moral_field (rfc_field, &self->rfc, &self->representative_rfc);
  vnt_x509_split_moral_field (curp_field, &self->curp, &self->representative_curp);

  /* A company's RFC has 12 positions, a person's 13. */
  if (self->representative_rfc != NULL || self->representative_curp != NULL ||
      (self->rfc != NULL && g_utf8_strlen (self->rfc, -1) == 12))
    self->persona = VNT_PERSONA_MORAL;
  else if (self->rfc != NULL && g_utf8_strlen (self->rfc, -1) == 13)
    self->persona = VNT_PERSONA_FISICA;

  return TRUE;
}

static gboolean
load (VntCsr  *self,
      GBytes  *data,
      GError **error)
{
  gnutls_x509_crq_t crq = NULL;
  gnutls_datum_t in, out = { NULL, 0 };
  const guint8 *p;
  gsize len;
  unsigned int bits = 0;
  int algorithm;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  char challenge[256];
  size_t challenge_size = sizeof challenge;
  gboolean ok = FALSE;

  p = g_bytes_get_data (data, &len);
  if (len == 0 || len > G_MAXUINT)
    return damaged (error);

  if (gnutls_x509_crq_init (&crq) < 0)
    return damaged (error);

  in.data = (unsigned char *) p;
  in.size = len;
  if (gnutls_x509_crq_import (crq, &in, p[0] == VNT_DER_SEQUENCE ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM) < 0 ||
      gnutls_x509_crq_export2 (crq, GNUTLS_X509_FMT_DER, &out) < 0)
    {
      damaged (error);
      goto out;
    }
  self->der = g_bytes_new (out.data, out.size);

  if (!read_subject (self, error))
    goto out;

  algorithm = gnutls_x509_crq_get_pk_algorithm (crq, &bits);
  if (algorithm > 0)
    {
      self->key_algorithm = g_strdup (vnt_crypto_pk_algorithm_name (algorithm));
      self->key_bits = bits;
    }

  algorithm = gnutls_x509_crq_get_signature_algorithm (crq);
  if (algorithm > 0 && gnutls_sign_get_name (algorithm) != NULL)
    self->signature_algorithm = g_strdup (gnutls_sign_get_name (algorithm));

  /* SAT's Certifica signs with SHA-1: allow it for this self-check only. */
  self->signature_valid = gnutls_x509_crq_verify (crq, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1) >= 0;

  self->challenge_password = gnutls_x509_crq_get_challenge_password (crq, challenge, &challenge_size) >= 0;
  gnutls_memset (challenge, 0, sizeof challenge);

  if (gnutls_x509_crq_get_key_id (crq, GNUTLS_KEYID_USE_SHA256, key_id, &key_id_size) >= 0)
    self->key_id = vnt_crypto_hex_encode (key_id, key_id_size);

  ok = TRUE;

out:
  gnutls_free (out.data);
  gnutls_x509_crq_deinit (crq);
  return ok;
}

VntCsr *
vnt_csr_new_from_bytes (GBytes  *data,
                        GError **error)
{
  g_autoptr(VntCsr) self = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VNT_TYPE_CSR, NULL);
  if (!load (self, data, error))
    return NULL;

  return g_steal_pointer (&self);
}

VntCsr *
vnt_csr_new_from_file (const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return vnt_crypto_parse_file (path, (VntCryptoParseFunc) vnt_csr_new_from_bytes, error);
}

GBytes *
vnt_csr_get_der (VntCsr *self)
{
  g_return_val_if_fail (VNT_IS_CSR (self), NULL);
  return self->der;
}

#define GETTER(field) \
const char * \
vnt_csr_get_##field (VntCsr *self) \
{ \
  g_return_val_if_fail (VNT_IS_CSR (self), NULL); \
  return self->field; \
}

GETTER (rfc)
GETTER (curp)
GETTER (representative_rfc)
GETTER (representative_curp)
GETTER (name)
GETTER (organization)
GETTER (organizational_unit)
GETTER (email)
GETTER (subject_dn)
GETTER (key_algorithm)
GETTER (signature_algorithm)
GETTER (key_id)

#undef GETTER

VntPersona
vnt_csr_get_persona (VntCsr *self)
{
  g_return_val_if_fail (VNT_IS_CSR (self), VNT_PERSONA_UNKNOWN);
  return self->persona;
}

guint
vnt_csr_get_key_bits (VntCsr *self)
{
  g_return_val_if_fail (VNT_IS_CSR (self), 0);
  return self->key_bits;
}

gboolean
vnt_csr_get_signature_valid (VntCsr *self)
{
  g_return_val_if_fail (VNT_IS_CSR (self), FALSE);
  return self->signature_valid;
}

gboolean
vnt_csr_has_challenge_password (VntCsr *self)
{
  g_return_val_if_fail (VNT_IS_CSR (self), FALSE);
  return self->challenge_password;
}
