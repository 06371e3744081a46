/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "vnt-crypto-private.h"
#include "vnt-local-ca-private.h"

#define CA_VALIDITY_SECONDS ((time_t) 20 * 365 * 24 * 60 * 60)

void
vnt_local_ca_init (VntLocalCa           *ca,
                   const VntLocalCaKind *kind)
{
  memset (ca, 0, sizeof *ca);
  g_mutex_init (&ca->lock);
  ca->kind = kind;
}

void
vnt_local_ca_clear (VntLocalCa *ca)
{
  g_clear_pointer (&ca->key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&ca->crt, gnutls_x509_crt_deinit);
  g_clear_object (&ca->certificate);
  g_clear_pointer (&ca->certificate_pem, g_bytes_unref);
  g_mutex_clear (&ca->lock);
}

int
vnt_local_ca_set_attribute (gnutls_x509_crt_t  crt,
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
finish_setup (VntLocalCa  *ca,
              GError     **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  g_autoptr(GBytes) der = NULL;
  int rc;

  if ((rc = gnutls_x509_crt_export2 (ca->crt, GNUTLS_X509_FMT_DER, &datum)) < 0)
    return ca->kind->fail (rc, error);
  der = vnt_crypto_take_datum (&datum, FALSE);

  /* Work from the certificate as others see it: a freshly generated one
   * does not verify its subordinates until it is read back. */
  g_clear_pointer (&ca->crt, gnutls_x509_crt_deinit);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if ((rc = gnutls_x509_crt_init (&ca->crt)) < 0 ||
      (rc = gnutls_x509_crt_import (ca->crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    return ca->kind->fail (rc, error);
  datum.data = NULL;

  ca->certificate = vnt_certificate_new_from_bytes (der, error);
  if (ca->certificate == NULL)
    return FALSE;

  if ((rc = gnutls_x509_crt_export2 (ca->crt, GNUTLS_X509_FMT_PEM, &datum)) < 0)
    return ca->kind->fail (rc, error);
  ca->certificate_pem = vnt_crypto_take_datum (&datum, FALSE);

  return TRUE;
}

static gboolean
generate (VntLocalCa  *ca,
          const char  *cert_path,
          const char  *key_path,
          GError     **error)
{
  gnutls_datum_t datum = { NULL, 0 };
  g_autoptr(GBytes) key_pem = NULL;
  g_autofree char *number = random_number ();
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);
  int rc;

  if ((rc = gnutls_x509_privkey_init (&ca->key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (ca->key, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&ca->crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (ca->crt, 3)) < 0 ||
      (rc = ca->kind->set_subject (ca->crt, NULL)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (ca->crt, now - 60 * 60)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (ca->crt, now + CA_VALIDITY_SECONDS)) < 0 ||
      (rc = gnutls_x509_crt_set_key (ca->crt, ca->key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (ca->crt, 1, 0)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (ca->crt,
                                           GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)) < 0 ||
      (rc = gnutls_x509_privkey_get_key_id (ca->key, GNUTLS_KEYID_USE_SHA1,
                                            key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (ca->crt, key_id, key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (ca->crt, number, strlen (number))) < 0 ||
      (rc = gnutls_x509_crt_sign2 (ca->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0)) < 0)
    return ca->kind->fail (rc, error);

  if (!finish_setup (ca, error))
    return FALSE;

  if ((rc = gnutls_x509_privkey_export2_pkcs8 (ca->key, GNUTLS_X509_FMT_PEM, NULL,
                                               GNUTLS_PKCS_PLAIN, &datum)) < 0)
    return ca->kind->fail (rc, error);
  key_pem = vnt_crypto_take_datum (&datum, TRUE);

  /* The key first: a certificate without its key would be useless. Both
   * are new files, 0600, never over existing ones. */
  return vnt_safe_file_write_bytes (key_path, key_pem, NULL, error) &&
         vnt_safe_file_write_bytes (cert_path, ca->certificate_pem, NULL, error);
}

static gboolean
load (VntLocalCa  *ca,
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
  if ((rc = gnutls_x509_crt_init (&ca->crt)) < 0 ||
      (rc = gnutls_x509_crt_import (ca->crt, &datum, GNUTLS_X509_FMT_PEM)) < 0)
    return ca->kind->fail (rc, error);

  datum.data = (unsigned char *) key_pem;
  datum.size = key_len;
  rc = gnutls_x509_privkey_init (&ca->key);
  if (rc >= 0)
    rc = gnutls_x509_privkey_import2 (ca->key, &datum, GNUTLS_X509_FMT_PEM, NULL,
                                      GNUTLS_PKCS_PLAIN);
  gnutls_memset (key_pem, 0, key_len);
  if (rc < 0)
    return ca->kind->fail (rc, error);

  return finish_setup (ca, error);
}

gboolean
vnt_local_ca_open (VntLocalCa  *ca,
                   const char  *folder,
                   gboolean    *created,
                   GError     **error)
{
  g_autofree char *cert_path = g_build_filename (folder, ca->kind->cert_name, NULL);
  g_autofree char *key_path = g_build_filename (folder, ca->kind->key_name, NULL);
  gboolean fresh;
  gboolean ok;

  fresh = !g_file_test (cert_path, G_FILE_TEST_EXISTS) &&
          !g_file_test (key_path, G_FILE_TEST_EXISTS);
  if (fresh)
    ok = g_mkdir_with_parents (folder, 0700) == 0 &&
         generate (ca, cert_path, key_path, error);
  else
    ok = load (ca, cert_path, key_path, error);

  if (!ok)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not create the folder “%s”."), folder);
      return FALSE;
    }

  if (created != NULL)
    *created = fresh;

  return TRUE;
}

GBytes *
vnt_local_ca_issue (VntLocalCa               *ca,
                    gnutls_pubkey_t           pubkey,
                    const VntLocalCaRequest  *request,
                    GError                  **error)
{
  const char *number = request->number;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  GBytes *der = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  int rc;

  g_mutex_lock (&ca->lock);
  if ((rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_pubkey (crt, pubkey)) < 0 ||
      (rc = request->set_subject (crt, request->holder)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt,
                                                 g_date_time_to_unix (request->not_before))) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt,
                                                 g_date_time_to_unix (request->not_after))) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = request->set_usage (crt, request->holder)) < 0 ||
      (rc = gnutls_pubkey_get_key_id (pubkey, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size)) < 0 ||
      (key_id_size = sizeof key_id,
       rc = gnutls_x509_crt_get_subject_key_id (ca->crt, key_id, &key_id_size, NULL)) < 0 ||
      (rc = gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, number, strlen (number))) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &datum)) < 0)
    ca->kind->fail (rc, error);
  else
    der = vnt_crypto_take_datum (&datum, FALSE);
  g_mutex_unlock (&ca->lock);

  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);

  return der;
}

gboolean
vnt_local_ca_verify (VntLocalCa     *ca,
                     VntCertificate *certificate)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  GBytes *der;
  unsigned int status = 0;
  gboolean ok;

  der = vnt_certificate_get_der (certificate);
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);

  /* The signature only, with the authority's public key: validity dates
   * are the caller's rule (renewal takes an expired certificate). */
  ok = gnutls_x509_crt_init (&crt) >= 0 &&
       gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) >= 0 &&
       gnutls_x509_crt_verify (crt, &ca->crt, 1,
                               GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                               GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                               &status) >= 0 &&
       status == 0;
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);

  return ok;
}
