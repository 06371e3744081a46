/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "vnt-crypto-error.h"
#include "vnt-der.h"
#include "vnt-local-ca-private.h"
#include "vnt-practice-ca.h"
#include "vnt-private-key-private.h"

#define CERT_NAME "practica-ca-certificate.pem"
#define KEY_NAME "practica-ca-key.pem"

#define OID_NAME "2.5.4.41"
#define OID_UNIQUE_IDENTIFIER "2.5.4.45"
#define OID_SERIAL_NUMBER "2.5.4.5"
#define OID_EMAIL "1.2.840.113549.1.9.1"

struct _VntPracticeCa
{
  GObject    parent_instance;

  VntLocalCa ca;
};

G_DEFINE_FINAL_TYPE (VntPracticeCa, vnt_practice_ca, G_TYPE_OBJECT)

static gboolean
fail (int      rc,
      GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The practice certificate authority failed: %s"), gnutls_strerror (rc));
  return FALSE;
}

static void
vnt_practice_ca_finalize (GObject *object)
{
  VntPracticeCa *self = VNT_PRACTICE_CA (object);

  vnt_local_ca_clear (&self->ca);

  G_OBJECT_CLASS (vnt_practice_ca_parent_class)->finalize (object);
}

static void
vnt_practice_ca_class_init (VntPracticeCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_practice_ca_finalize;
}

static int
set_ca_subject (gnutls_x509_crt_t crt,
                gconstpointer     unused)
{
  int rc;

  if ((rc = vnt_local_ca_set_attribute (crt, GNUTLS_OID_X520_COMMON_NAME, VNT_DER_UTF8_STRING,
                                        VNT_PRACTICE_CA_NAME)) < 0 ||
      (rc = vnt_local_ca_set_attribute (crt, GNUTLS_OID_X520_ORGANIZATION_NAME,
                                        VNT_DER_UTF8_STRING, "Ventanilla")) < 0)
    return rc;

  return vnt_local_ca_set_attribute (crt, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME,
                                     VNT_DER_UTF8_STRING, "Solo para practicar: no es del SAT");
}

static const VntLocalCaKind practice_ca = { CERT_NAME, KEY_NAME, set_ca_subject, fail };

static void
vnt_practice_ca_init (VntPracticeCa *self)
{
  vnt_local_ca_init (&self->ca, &practice_ca);
}

VntPracticeCa *
vnt_practice_ca_open (const char  *folder,
                      gboolean    *created,
                      GError     **error)
{
  g_autoptr(VntPracticeCa) self = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (VNT_TYPE_PRACTICE_CA, NULL);
  if (!vnt_local_ca_open (&self->ca, folder, created, error))
    return NULL;

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_practice_ca_get_certificate (VntPracticeCa *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE_CA (self), NULL);
  return self->ca.certificate;
}

static int
set_holder_subject (gnutls_x509_crt_t crt,
                    gconstpointer     data)
{
  const VntPracticeHolder *holder = data;
  /* SAT's order: CN, name, O, C, e-mail, RFC, CURP[, OU]. */
  const struct
  {
    const char *oid;
    guint8      tag;
    const char *value;
  } subject[] = {
    { GNUTLS_OID_X520_COMMON_NAME, VNT_DER_UTF8_STRING, holder->name },
    { OID_NAME, VNT_DER_UTF8_STRING, holder->name },
    { GNUTLS_OID_X520_ORGANIZATION_NAME, VNT_DER_UTF8_STRING, holder->name },
    { GNUTLS_OID_X520_COUNTRY_NAME, VNT_DER_PRINTABLE_STRING, "MX" },
    { OID_EMAIL, VNT_DER_IA5_STRING, holder->email },
    { OID_UNIQUE_IDENTIFIER, VNT_DER_UTF8_STRING, holder->rfc },
    { OID_SERIAL_NUMBER, VNT_DER_PRINTABLE_STRING, holder->curp },
    { GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, VNT_DER_UTF8_STRING, holder->unit },
  };

  for (guint i = 0; i < G_N_ELEMENTS (subject); i++)
    {
      int rc;

      if (subject[i].value == NULL)
        continue;
      rc = vnt_local_ca_set_attribute (crt, subject[i].oid, subject[i].tag, subject[i].value);
      if (rc < 0)
        return rc;
    }

  return 0;
}

/* An e.firma signs, encrypts and agrees keys (e-mail, TLS client); a CSD
 * only signs: the two signals SAT's certificates give of their kind. */
static int
set_holder_usage (gnutls_x509_crt_t crt,
                  gconstpointer     data)
{
  const VntPracticeHolder *holder = data;
  int rc;

  if (holder->kind == VNT_CERTIFICATE_KIND_CSD)
    return gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                               GNUTLS_KEY_NON_REPUDIATION);

  if ((rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                GNUTLS_KEY_NON_REPUDIATION |
                                                GNUTLS_KEY_DATA_ENCIPHERMENT |
                                                GNUTLS_KEY_KEY_AGREEMENT)) < 0 ||
      (rc = gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_EMAIL_PROTECTION, 0)) < 0)
    return rc;

  return gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_CLIENT, 0);
}

GBytes *
vnt_practice_ca_issue (VntPracticeCa            *self,
                       const VntPracticeHolder  *holder,
                       VntPrivateKey            *key,
                       const char               *number,
                       GDateTime                *not_before,
                       GDateTime                *not_after,
                       GError                  **error)
{
  VntLocalCaRequest request = {
    set_holder_subject, set_holder_usage, holder, number, not_before, not_after,
  };
  gnutls_pubkey_t pubkey = NULL;
  gnutls_privkey_t privkey;
  GBytes *der = NULL;
  int rc;

  g_return_val_if_fail (VNT_IS_PRACTICE_CA (self), NULL);
  g_return_val_if_fail (holder != NULL && holder->name != NULL && holder->rfc != NULL &&
                        holder->curp != NULL && holder->email != NULL, NULL);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (number != NULL && strlen (number) == 20, NULL);
  g_return_val_if_fail (not_before != NULL && not_after != NULL, NULL);

  privkey = vnt_private_key_lock (key);
  rc = gnutls_pubkey_init (&pubkey);
  if (rc >= 0)
    rc = gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0);
  vnt_private_key_unlock (key);
  if (rc < 0)
    fail (rc, error);
  else
    der = vnt_local_ca_issue (&self->ca, pubkey, &request, error);

  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);

  return der;
}

gboolean
vnt_practice_ca_verify (VntPracticeCa  *self,
                        VntCertificate *certificate)
{
  g_return_val_if_fail (VNT_IS_PRACTICE_CA (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  /* The CA itself is no holder's certificate. */
  if (vnt_certificate_equal (certificate, self->ca.certificate))
    return FALSE;

  return vnt_local_ca_verify (&self->ca, certificate);
}
