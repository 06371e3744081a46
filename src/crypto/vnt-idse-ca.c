/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "vnt-crypto-error.h"
#include "vnt-idse-ca.h"

#define CA_VALIDITY_SECONDS ((time_t) 20 * 365 * 24 * 60 * 60)
#define CA_NAME "AC IDSE de práctica (ventanilla-sandbox)"
#define OID_UNIQUE_IDENTIFIER "2.5.4.45"
#define PBKDF2_ITERATIONS 100000
#define PBKDF2_SALT_SIZE 16
#define PBKDF2_HASH_SIZE 32

struct _VntIdseCa
{
  GObject               parent_instance;

  GMutex                lock;  /* GnuTLS key objects are not thread-safe */
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t     crt;
  VntCertificate       *certificate;
  GBytes               *certificate_pem;
};

G_DEFINE_FINAL_TYPE (VntIdseCa, vnt_idse_ca, G_TYPE_OBJECT)

static void
vnt_idse_ca_finalize (GObject *object)
{
  VntIdseCa *self = VNT_IDSE_CA (object);

  g_clear_pointer (&self->key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->certificate_pem, g_bytes_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vnt_idse_ca_parent_class)->finalize (object);
}

static void
vnt_idse_ca_class_init (VntIdseCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_idse_ca_finalize;
}

static void
vnt_idse_ca_init (VntIdseCa *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
fail (int      rc,
      GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The IDSE certificate authority failed: %s"), gnutls_strerror (rc));
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

static gboolean
set_serial_number (gnutls_x509_crt_t  crt,
                   const char        *number)
{
  /* Positive: ASCII digits are below 0x80. */
  return gnutls_x509_crt_set_serial (crt, number, strlen (number)) >= 0;
}

static gboolean
finish_setup (VntIdseCa  *self,
              GError    **error)
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
  datum.data = NULL;

  self->certificate = vnt_certificate_new_from_bytes (der, error);
  if (self->certificate == NULL)
    return FALSE;

  if ((rc = gnutls_x509_crt_export2 (self->crt, GNUTLS_X509_FMT_PEM, &datum)) < 0)
    return fail (rc, error);
  self->certificate_pem = take_datum (&datum, FALSE);

  return TRUE;
}

static gboolean
generate (VntIdseCa   *self,
          const char  *cert_path,
          const char  *key_path,
          GError     **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  g_autoptr(GBytes) key_pem = NULL;
  g_autofree char *number = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);
  int rc;

  number = g_strdup_printf ("9%019" G_GUINT64_FORMAT, (guint64) g_random_int () * 1000 + g_random_int_range (0, 1000));

  if ((rc = gnutls_x509_privkey_init (&self->key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (self->key, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&self->crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (self->crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (self->crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           CA_NAME, strlen (CA_NAME))) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (self->crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                           "ventanilla-sandbox", strlen ("ventanilla-sandbox"))) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (self->crt, now - 60 * 60)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (self->crt, now + CA_VALIDITY_SECONDS)) < 0 ||
      (rc = gnutls_x509_crt_set_key (self->crt, self->key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (self->crt, 1, 0)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (self->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)) < 0 ||
      (rc = gnutls_x509_privkey_get_key_id (self->key, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (self->crt, key_id, key_id_size)) < 0)
    return fail (rc, error);
  if (!set_serial_number (self->crt, number))
    return fail (GNUTLS_E_INVALID_REQUEST, error);
  if ((rc = gnutls_x509_crt_sign2 (self->crt, self->crt, self->key, GNUTLS_DIG_SHA256, 0)) < 0)
    return fail (rc, error);

  if (!finish_setup (self, error))
    return FALSE;

  if ((rc = gnutls_x509_privkey_export2_pkcs8 (self->key, GNUTLS_X509_FMT_PEM, NULL,
                                               GNUTLS_PKCS_PLAIN, &datum)) < 0)
    return fail (rc, error);
  key_pem = take_datum (&datum, TRUE);

  /* The key first: a certificate without its key would be useless. Both
   * are new files, 0600, never over existing ones. */
  return vnt_safe_file_write_bytes (key_path, key_pem, NULL, error) &&
         vnt_safe_file_write_bytes (cert_path, self->certificate_pem, NULL, error);
}

static gboolean
load (VntIdseCa   *self,
      const char  *cert_path,
      const char  *key_path,
      GError     **error)
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

VntIdseCa *
vnt_idse_ca_open (const char  *folder,
                  GError     **error)
{
  g_autoptr(VntIdseCa) self = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  gboolean ok;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (VNT_TYPE_IDSE_CA, NULL);
  cert_path = g_build_filename (folder, "idse-ca-certificate.pem", NULL);
  key_path = g_build_filename (folder, "idse-ca-key.pem", NULL);

  if (g_file_test (cert_path, G_FILE_TEST_EXISTS) || g_file_test (key_path, G_FILE_TEST_EXISTS))
    ok = load (self, cert_path, key_path, error);
  else
    ok = g_mkdir_with_parents (folder, 0700) == 0 && generate (self, cert_path, key_path, error);

  if (!ok)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create the folder “%s”."), folder);
      return NULL;
    }

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_idse_ca_get_certificate (VntIdseCa *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CA (self), NULL);
  return self->certificate;
}

GBytes *
vnt_idse_ca_get_certificate_pem (VntIdseCa *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CA (self), NULL);
  return self->certificate_pem;
}

/* GnuTLS does not know x500UniqueIdentifier: the value goes in DER, a
 * UTF8String as SAT's certificates carry the RFC there. */
static int
set_unique_identifier (gnutls_x509_crt_t  crt,
                       const char        *rfc)
{
  gsize len = strlen (rfc);
  guint8 der[2 + 64];

  if (len > 64)
    return GNUTLS_E_INVALID_REQUEST;
  der[0] = 0x0c;
  der[1] = (guint8) len;
  memcpy (der + 2, rfc, len);

  return gnutls_x509_crt_set_dn_by_oid (crt, OID_UNIQUE_IDENTIFIER, 1, der, len + 2);
}

static GBytes *
invalid_csr (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE, message);
  return NULL;
}

GBytes *
vnt_idse_ca_issue (VntIdseCa   *self,
                   GBytes      *csr,
                   const char  *common_name,
                   const char  *rfc,
                   const char  *number,
                   GDateTime   *not_before,
                   GDateTime   *not_after,
                   GError     **error)
{
  gnutls_x509_crq_t crq = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  GBytes *der = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  unsigned int bits = 0;
  int rc;

  g_return_val_if_fail (VNT_IS_IDSE_CA (self), NULL);
  g_return_val_if_fail (csr != NULL && common_name != NULL && rfc != NULL && number != NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (csr, NULL);
  datum.size = g_bytes_get_size (csr);
  if (gnutls_x509_crq_init (&crq) < 0 || gnutls_x509_crq_import (crq, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      invalid_csr (error, _("The certificate request (PKCS#10) cannot be read."));
      goto out;
    }
  /* SAT's own tools still sign requests with SHA-1; the signature only
   * proves possession of the key here. */
  if (gnutls_x509_crq_verify (crq, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1) < 0)
    {
      invalid_csr (error, _("The certificate request (PKCS#10) is not signed by its own key."));
      goto out;
    }
  if (gnutls_x509_crq_get_pk_algorithm (crq, &bits) != GNUTLS_PK_RSA || bits < 2048)
    {
      invalid_csr (error, _("The certificate request (PKCS#10) must hold an RSA key of at least 2048 bits."));
      goto out;
    }

  g_mutex_lock (&self->lock);
  if ((rc = gnutls_pubkey_init (&pubkey)) < 0 ||
      (rc = gnutls_pubkey_import_x509_crq (pubkey, crq, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_pubkey (crt, pubkey)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           common_name, strlen (common_name))) < 0 ||
      (rc = set_unique_identifier (crt, rfc)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, g_date_time_to_unix (not_before))) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, g_date_time_to_unix (not_after))) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION |
                                                GNUTLS_KEY_KEY_ENCIPHERMENT)) < 0 ||
      (rc = gnutls_pubkey_get_key_id (pubkey, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size)) < 0 ||
      (key_id_size = sizeof key_id,
       rc = gnutls_x509_crt_get_subject_key_id (self->crt, key_id, &key_id_size, NULL)) < 0 ||
      (rc = gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size)) < 0 ||
      (rc = set_serial_number (crt, number) ? 0 : GNUTLS_E_INVALID_REQUEST) < 0 ||
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
  if (crq != NULL)
    gnutls_x509_crq_deinit (crq);

  return der;
}

gboolean
vnt_idse_ca_verify (VntIdseCa      *self,
                    VntCertificate *certificate)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  GBytes *der;
  unsigned int status = 0;
  gboolean ok;

  g_return_val_if_fail (VNT_IS_IDSE_CA (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  der = vnt_certificate_get_der (certificate);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);

  /* The signature only: validity dates are the caller's rule (renewal
   * takes an expired certificate). */
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

/* ------------------------------------------------------------------ */
/* The IDSE password verifier                                          */

static gboolean
pbkdf2 (const char   *password,
        const guint8 *salt,
        gsize         salt_len,
        guint         iterations,
        guint8       *out)
{
  gnutls_datum_t key = { (unsigned char *) password, strlen (password) };
  gnutls_datum_t salt_datum = { (unsigned char *) salt, salt_len };

  return gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &key, &salt_datum, iterations, out, PBKDF2_HASH_SIZE) >= 0;
}

char *
vnt_idse_password_hash (const char  *password,
                        GError     **error)
{
  guint8 salt[PBKDF2_SALT_SIZE];
  guint8 hash[PBKDF2_HASH_SIZE];
  g_autofree char *salt_b64 = NULL;
  g_autofree char *hash_b64 = NULL;
  int rc;

  g_return_val_if_fail (password != NULL, NULL);

  if ((rc = gnutls_rnd (GNUTLS_RND_RANDOM, salt, sizeof salt)) < 0)
    {
      fail (rc, error);
      return NULL;
    }
  if (!pbkdf2 (password, salt, sizeof salt, PBKDF2_ITERATIONS, hash))
    {
      fail (GNUTLS_E_INTERNAL_ERROR, error);
      return NULL;
    }

  salt_b64 = g_base64_encode (salt, sizeof salt);
  hash_b64 = g_base64_encode (hash, sizeof hash);
  vnt_memzero (hash, sizeof hash);

  return g_strdup_printf ("pbkdf2-sha256$%u$%s$%s", PBKDF2_ITERATIONS, salt_b64, hash_b64);
}

gboolean
vnt_idse_password_verify (const char *password,
                          const char *verifier)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 hash[PBKDF2_HASH_SIZE];
  gsize salt_len = 0, expected_len = 0;
  guint64 iterations;
  guint8 diff = 0;

  if (password == NULL || verifier == NULL)
    return FALSE;

  parts = g_strsplit (verifier, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], "pbkdf2-sha256"))
    return FALSE;
  iterations = g_ascii_strtoull (parts[1], NULL, 10);
  if (iterations == 0 || iterations > 10000000)
    return FALSE;
  salt = g_base64_decode (parts[2], &salt_len);
  expected = g_base64_decode (parts[3], &expected_len);
  if (expected_len != PBKDF2_HASH_SIZE || salt_len == 0 ||
      !pbkdf2 (password, salt, salt_len, iterations, hash))
    return FALSE;

  for (gsize i = 0; i < PBKDF2_HASH_SIZE; i++)
    diff |= hash[i] ^ expected[i];
  vnt_memzero (hash, sizeof hash);

  return diff == 0;
}
