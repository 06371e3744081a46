/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "vnt-crypto-error.h"
#include "vnt-practice-ca.h"
#include "vnt-private-key-private.h"

#define CA_VALIDITY_SECONDS ((time_t) 20 * 365 * 24 * 60 * 60)
#define CERT_NAME "practica-ca-certificate.pem"
#define KEY_NAME "practica-ca-key.pem"

#define OID_NAME "2.5.4.41"
#define OID_UNIQUE_IDENTIFIER "2.5.4.45"
#define OID_SERIAL_NUMBER "2.5.4.5"
#define OID_EMAIL "1.2.840.113549.1.9.1"

#define TAG_UTF8_STRING 0x0c
#define TAG_PRINTABLE_STRING 0x13
#define TAG_IA5_STRING 0x16

struct _VntPracticeCa
{
  GObject               parent_instance;

  GMutex                lock;  /* GnuTLS key objects are not thread-safe */
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t     crt;
  VntCertificate       *certificate;
};

G_DEFINE_FINAL_TYPE (VntPracticeCa, vnt_practice_ca, G_TYPE_OBJECT)

static void
vnt_practice_ca_finalize (GObject *object)
{
  VntPracticeCa *self = VNT_PRACTICE_CA (object);

  g_clear_pointer (&self->key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vnt_practice_ca_parent_class)->finalize (object);
}

static void
vnt_practice_ca_class_init (VntPracticeCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_practice_ca_finalize;
}

static void
vnt_practice_ca_init (VntPracticeCa *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
fail (int      rc,
      GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The practice certificate authority failed: %s"), gnutls_strerror (rc));
  return FALSE;
}

static GBytes *
take_datum (gnutls_datum_t *datum,
            gboolean        secret)
{
  GBytes *bytes = g_bytes_new (datum->data, datum->size);

  if (secret)
    gnutls_memset (datum->data, 0, datum->size);
  gnutls_free (datum->data);
  datum->data = NULL;

  return bytes;
}

/* An attribute value as DER (tag, short length, bytes): GnuTLS does not
 * know x500UniqueIdentifier and would pick its own string types. */
static int
set_attribute (gnutls_x509_crt_t  crt,
               const char        *oid,
               guint8             tag,
               const char        *value)
{
  gsize len = strlen (value);
  guint8 der[2 + 127];

  if (len > 127)
    return GNUTLS_E_INVALID_REQUEST;
  der[0] = tag;
  der[1] = (guint8) len;
  memcpy (der + 2, value, len);

  return gnutls_x509_crt_set_dn_by_oid (crt, oid, 1, der, len + 2);
}

/* Serial numbers are ASCII digits, as SAT's: positive, since below 0x80. */
static char *
random_number (void)
{
  GString *number = g_string_new ("9");

  while (number->len < 20)
    g_string_append_c (number, '0' + g_random_int_range (0, 10));

  return g_string_free (number, FALSE);
}

static gboolean
finish_setup (VntPracticeCa  *self,
              GError        **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  g_autoptr(GBytes) der = NULL;
  int rc;

  if ((rc = gnutls_x509_crt_export2 (self->crt, GNUTLS_X509_FMT_DER, &datum)) < 0)
    return fail (rc, error);
  der = take_datum (&datum, FALSE);

  /* Work from the certificate as others see it: a freshly generated one
   * does not verify its subordinates until it is read back. */
  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if ((rc = gnutls_x509_crt_init (&self->crt)) < 0 ||
      (rc = gnutls_x509_crt_import (self->crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    return fail (rc, error);

  self->certificate = vnt_certificate_new_from_bytes (der, error);
  return self->certificate != NULL;
}

static gboolean
generate (VntPracticeCa  *self,
          const char     *cert_path,
          const char     *key_path,
          GError        **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  g_autoptr(GBytes) key_pem = NULL;
  g_autoptr(GBytes) cert_pem = NULL;
  g_autofree char *number = random_number ();
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);
  int rc;

  if ((rc = gnutls_x509_privkey_init (&self->key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (self->key, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&self->crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (self->crt, 3)) < 0 ||
      (rc = set_attribute (self->crt, GNUTLS_OID_X520_COMMON_NAME, TAG_UTF8_STRING, VNT_PRACTICE_CA_NAME)) < 0 ||
      (rc = set_attribute (self->crt, GNUTLS_OID_X520_ORGANIZATION_NAME, TAG_UTF8_STRING, "Ventanilla")) < 0 ||
      (rc = set_attribute (self->crt, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, TAG_UTF8_STRING,
                           "Solo para practicar: no es del SAT")) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (self->crt, now - 60 * 60)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (self->crt, now + CA_VALIDITY_SECONDS)) < 0 ||
      (rc = gnutls_x509_crt_set_key (self->crt, self->key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (self->crt, 1, 0)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (self->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)) < 0 ||
      (rc = gnutls_x509_privkey_get_key_id (self->key, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (self->crt, key_id, key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (self->crt, number, strlen (number))) < 0 ||
      (rc = gnutls_x509_crt_sign2 (self->crt, self->crt, self->key, GNUTLS_DIG_SHA256, 0)) < 0)
    return fail (rc, error);

  if (!finish_setup (self, error))
    return FALSE;

  if ((rc = gnutls_x509_crt_export2 (self->crt, GNUTLS_X509_FMT_PEM, &datum)) < 0)
    return fail (rc, error);
  cert_pem = take_datum (&datum, FALSE);
  if ((rc = gnutls_x509_privkey_export2_pkcs8 (self->key, GNUTLS_X509_FMT_PEM, NULL,
                                               GNUTLS_PKCS_PLAIN, &datum)) < 0)
    return fail (rc, error);
  key_pem = take_datum (&datum, TRUE);

  /* The key first: a certificate without its key would be useless. Both
   * are new files, 0600, never over existing ones. */
  return vnt_safe_file_write_bytes (key_path, key_pem, NULL, error) &&
         vnt_safe_file_write_bytes (cert_path, cert_pem, NULL, error);
}

static gboolean
load (VntPracticeCa  *self,
      const char     *cert_path,
      const char     *key_path,
      GError        **error)
{
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  gsize cert_len = 0, key_len = 0;
  gnutls_datum_t datum;
  int rc;

  if (!g_file_get_contents (cert_path, &cert_pem, &cert_len, error) ||
      !g_file_get_contents (key_path, &key_pem, &key_len, error))
    return FALSE;

  datum.data = (unsigned char *) cert_pem;
  datum.size = cert_len;
  if ((rc = gnutls_x509_crt_init (&self->crt)) < 0 ||
      (rc = gnutls_x509_crt_import (self->crt, &datum, GNUTLS_X509_FMT_PEM)) < 0)
    return fail (rc, error);

  datum.data = (unsigned char *) key_pem;
  datum.size = key_len;
  rc = gnutls_x509_privkey_init (&self->key);
  if (rc >= 0)
    rc = gnutls_x509_privkey_import2 (self->key, &datum, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN);
  vnt_memzero (key_pem, key_len);
  if (rc < 0)
    return fail (rc, error);

  return finish_setup (self, error);
}

VntPracticeCa *
vnt_practice_ca_open (const char  *folder,
                      gboolean    *created,
                      GError     **error)
{
  g_autoptr(VntPracticeCa) self = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  gboolean fresh;
  gboolean ok;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (VNT_TYPE_PRACTICE_CA, NULL);
  cert_path = g_build_filename (folder, CERT_NAME, NULL);
  key_path = g_build_filename (folder, KEY_NAME, NULL);

  fresh = !g_file_test (cert_path, G_FILE_TEST_EXISTS) && !g_file_test (key_path, G_FILE_TEST_EXISTS);
  if (fresh)
    ok = g_mkdir_with_parents (folder, 0700) == 0 && generate (self, cert_path, key_path, error);
  else
    ok = load (self, cert_path, key_path, error);

  if (!ok)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create the folder “%s”."), folder);
      return NULL;
    }

  if (created != NULL)
    *created = fresh;

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_practice_ca_get_certificate (VntPracticeCa *self)
{
  g_return_val_if_fail (VNT_IS_PRACTICE_CA (self), NULL);
  return self->certificate;
}

/* SAT's order: CN, name, O, C, e-mail, RFC, CURP[, OU]. */
static int
set_subject (gnutls_x509_crt_t        crt,
             const VntPracticeHolder *holder)
{
  int rc;

  if ((rc = set_attribute (crt, GNUTLS_OID_X520_COMMON_NAME, TAG_UTF8_STRING, holder->name)) < 0 ||
      (rc = set_attribute (crt, OID_NAME, TAG_UTF8_STRING, holder->name)) < 0 ||
      (rc = set_attribute (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, TAG_UTF8_STRING, holder->name)) < 0 ||
      (rc = set_attribute (crt, GNUTLS_OID_X520_COUNTRY_NAME, TAG_PRINTABLE_STRING, "MX")) < 0 ||
      (rc = set_attribute (crt, OID_EMAIL, TAG_IA5_STRING, holder->email)) < 0 ||
      (rc = set_attribute (crt, OID_UNIQUE_IDENTIFIER, TAG_UTF8_STRING, holder->rfc)) < 0 ||
      (rc = set_attribute (crt, OID_SERIAL_NUMBER, TAG_PRINTABLE_STRING, holder->curp)) < 0)
    return rc;

  if (holder->unit != NULL)
    return set_attribute (crt, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, TAG_UTF8_STRING, holder->unit);

  return 0;
}

/* An e.firma signs, encrypts and agrees keys (e-mail, TLS client); a CSD
 * only signs: the two signals SAT's certificates give of their kind. */
static int
set_usage (gnutls_x509_crt_t  crt,
           VntCertificateKind kind)
{
  int rc;

  if (kind == VNT_CERTIFICATE_KIND_CSD)
    return gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION);

  if ((rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION |
                                                GNUTLS_KEY_DATA_ENCIPHERMENT | GNUTLS_KEY_KEY_AGREEMENT)) < 0 ||
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
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_privkey_t privkey;
  gnutls_datum_t datum;
  GBytes *der = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
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
    {
      fail (rc, error);
      goto out;
    }

  g_mutex_lock (&self->lock);
  if ((rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_pubkey (crt, pubkey)) < 0 ||
      (rc = set_subject (crt, holder)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, g_date_time_to_unix (not_before))) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, g_date_time_to_unix (not_after))) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = set_usage (crt, holder->kind)) < 0 ||
      (rc = gnutls_pubkey_get_key_id (pubkey, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size)) < 0 ||
      (key_id_size = sizeof key_id,
       rc = gnutls_x509_crt_get_subject_key_id (self->crt, key_id, &key_id_size, NULL)) < 0 ||
      (rc = gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, number, strlen (number))) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, self->crt, self->key, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &datum)) < 0)
    fail (rc, error);
  else
    der = take_datum (&datum, FALSE);
  g_mutex_unlock (&self->lock);

out:
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);

  return der;
}

gboolean
vnt_practice_ca_verify (VntPracticeCa  *self,
                        VntCertificate *certificate)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  GBytes *der;
  unsigned int status = 0;
  gboolean ok;

  g_return_val_if_fail (VNT_IS_PRACTICE_CA (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  /* The CA itself is no holder's certificate. */
  if (vnt_certificate_equal (certificate, self->certificate))
    return FALSE;

  der = vnt_certificate_get_der (certificate);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);

  /* GnuTLS checks the signature with the CA's public key. */
  ok = gnutls_x509_crt_init (&crt) >= 0 &&
       gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) >= 0 &&
       gnutls_x509_crt_verify (crt, &self->crt, 1,
                               GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                               &status) >= 0 &&
       status == 0;
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);

  return ok;
}
