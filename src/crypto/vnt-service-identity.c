/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "core/vnt-safe-file.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-service-identity.h"

#define VALIDITY_SECONDS ((time_t) 10 * 365 * 24 * 60 * 60)

struct _VntServiceIdentity
{
  GObject          parent_instance;

  GMutex           lock;      /* GnuTLS key objects are not thread-safe */
  gnutls_privkey_t key;
  VntCertificate  *certificate;
  GBytes          *certificate_pem;
  GBytes          *key_pem;
  char            *fingerprint;
};

G_DEFINE_FINAL_TYPE (VntServiceIdentity, vnt_service_identity, G_TYPE_OBJECT)

static void
vnt_service_identity_finalize (GObject *object)
{
  VntServiceIdentity *self = VNT_SERVICE_IDENTITY (object);

  g_clear_pointer (&self->key, gnutls_privkey_deinit);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->certificate_pem, g_bytes_unref);
  g_clear_pointer (&self->key_pem, g_bytes_unref);
  g_clear_pointer (&self->fingerprint, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vnt_service_identity_parent_class)->finalize (object);
}

static void
vnt_service_identity_class_init (VntServiceIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_service_identity_finalize;
}

static void
vnt_service_identity_init (VntServiceIdentity *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
fail (int      rc,
      GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The service certificate could not be made: %s"), gnutls_strerror (rc));
  return FALSE;
}

/* Fills everything but the PEMs from a matching certificate and key. */
static gboolean
identity_setup (VntServiceIdentity *self,
                gnutls_x509_crt_t   crt,
                gnutls_x509_privkey_t x509_key,
                GError            **error)
{
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) der_bytes = NULL;
  int rc;

  if ((rc = gnutls_privkey_init (&self->key)) < 0 ||
      (rc = gnutls_privkey_import_x509 (self->key, x509_key, GNUTLS_PRIVKEY_IMPORT_COPY)) < 0)
    return fail (rc, error);

  if ((rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der)) < 0)
    return fail (rc, error);
  der_bytes = vnt_crypto_take_datum (&der, FALSE);

  self->certificate = vnt_certificate_new_from_bytes (der_bytes, error);
  if (self->certificate == NULL)
    return FALSE;

  self->fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der_bytes);
  return TRUE;
}

VntServiceIdentity *
vnt_service_identity_generate (const char  *common_name,
                               GError     **error)
{
  g_autoptr(VntServiceIdentity) self = NULL;
  g_auto(gnutls_x509_privkey_t) x509_key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  static const guint8 ipv4_loopback[4] = { 127, 0, 0, 1 };
  static const guint8 ipv6_loopback[16] = { [15] = 1 };
  guint8 serial[16];
  time_t now = time (NULL);
  int rc;

  g_return_val_if_fail (common_name != NULL, NULL);

  self = g_object_new (VNT_TYPE_SERVICE_IDENTITY, NULL);

  if ((rc = gnutls_x509_privkey_init (&x509_key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (x509_key, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
    {
      fail (rc, error);
      return NULL;
    }

  serial[0] &= 0x7f;  /* a positive INTEGER */
  serial[0] |= 0x01;  /* of full length */

  if ((rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           common_name, strlen (common_name))) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, now - 60 * 60)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, now + VALIDITY_SECONDS)) < 0 ||
      (rc = gnutls_x509_crt_set_key (crt, x509_key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                GNUTLS_KEY_KEY_ENCIPHERMENT)) < 0 ||
      (rc = gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost",
                                                  strlen ("localhost"), GNUTLS_FSAN_APPEND)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, ipv4_loopback,
                                                  sizeof ipv4_loopback, GNUTLS_FSAN_APPEND)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, ipv6_loopback,
                                                  sizeof ipv6_loopback, GNUTLS_FSAN_APPEND)) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, crt, x509_key, GNUTLS_DIG_SHA256, 0)) < 0)
    {
      fail (rc, error);
      return NULL;
    }

  if (!identity_setup (self, crt, x509_key, error))
    return NULL;

  if ((rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem)) < 0)
    {
      fail (rc, error);
      return NULL;
    }
  self->certificate_pem = vnt_crypto_take_datum (&pem, FALSE);

  if ((rc = gnutls_x509_privkey_export2_pkcs8 (x509_key, GNUTLS_X509_FMT_PEM, NULL,
                                               GNUTLS_PKCS_PLAIN, &pem)) < 0)
    {
      fail (rc, error);
      return NULL;
    }
  self->key_pem = vnt_crypto_take_datum (&pem, TRUE);

  return g_steal_pointer (&self);
}

VntServiceIdentity *
vnt_service_identity_new_from_pem (GBytes  *certificate_pem,
                                   GBytes  *key_pem,
                                   GError **error)
{
  g_autoptr(VntServiceIdentity) self = NULL;
  g_auto(gnutls_x509_privkey_t) x509_key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t datum;
  guint8 crt_id[64], key_id[64];
  size_t crt_id_size = sizeof crt_id, key_id_size = sizeof key_id;
  gsize size;

  g_return_val_if_fail (certificate_pem != NULL, NULL);
  g_return_val_if_fail (key_pem != NULL, NULL);

  self = g_object_new (VNT_TYPE_SERVICE_IDENTITY, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (certificate_pem, &size);
  datum.size = size;
  if (gnutls_x509_crt_init (&crt) < 0 ||
      gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) < 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                           _("The service certificate file does not hold a PEM certificate."));
      return NULL;
    }

  datum.data = (unsigned char *) g_bytes_get_data (key_pem, &size);
  datum.size = size;
  if (gnutls_x509_privkey_init (&x509_key) < 0 ||
      gnutls_x509_privkey_import2 (x509_key, &datum, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN) < 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("The service key file does not hold an unencrypted PEM private key."));
      return NULL;
    }

  if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, crt_id, &crt_id_size) < 0 ||
      gnutls_x509_privkey_get_key_id (x509_key, GNUTLS_KEYID_USE_SHA256, key_id, &key_id_size) < 0 ||
      crt_id_size != key_id_size || memcmp (crt_id, key_id, crt_id_size) != 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                           _("The service key does not belong to the service certificate."));
      return NULL;
    }

  if (!identity_setup (self, crt, x509_key, error))
    return NULL;

  self->certificate_pem = g_bytes_ref (certificate_pem);
  self->key_pem = g_bytes_ref (key_pem);

  return g_steal_pointer (&self);
}

static GBytes *
read_bytes (const char  *path,
            GError     **error)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return g_bytes_new_take (contents, length);
}

VntServiceIdentity *
vnt_service_identity_open (const char  *cert_path,
                           const char  *key_path,
                           const char  *common_name,
                           gboolean    *generated,
                           GError     **error)
{
  g_autoptr(VntServiceIdentity) identity = NULL;
  g_autoptr(GBytes) cert_pem = NULL;
  g_autoptr(GBytes) key_pem = NULL;

  g_return_val_if_fail (cert_path != NULL && key_path != NULL, NULL);

  if (generated != NULL)
    *generated = FALSE;

  if (common_name != NULL &&
      !g_file_test (cert_path, G_FILE_TEST_EXISTS) && !g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      identity = vnt_service_identity_generate (common_name, error);
      if (identity == NULL)
        return NULL;

      /* The key first: a certificate without its key would be useless. */
      if (!vnt_safe_file_write_bytes (key_path, identity->key_pem, NULL, error) ||
          !vnt_safe_file_write_bytes (cert_path, identity->certificate_pem, NULL, error))
        return NULL;

      if (generated != NULL)
        *generated = TRUE;
      return g_steal_pointer (&identity);
    }

  cert_pem = read_bytes (cert_path, error);
  if (cert_pem == NULL)
    return NULL;
  key_pem = read_bytes (key_path, error);
  if (key_pem == NULL)
    return NULL;

  return vnt_service_identity_new_from_pem (cert_pem, key_pem, error);
}

VntCertificate *
vnt_service_identity_get_certificate (VntServiceIdentity *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (self), NULL);
  return self->certificate;
}

GBytes *
vnt_service_identity_get_certificate_pem (VntServiceIdentity *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (self), NULL);
  return self->certificate_pem;
}

GBytes *
vnt_service_identity_get_key_pem (VntServiceIdentity *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (self), NULL);
  return self->key_pem;
}

const char *
vnt_service_identity_get_fingerprint (VntServiceIdentity *self)
{
  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (self), NULL);
  return self->fingerprint;
}

char *
vnt_service_identity_sign (VntServiceIdentity  *self,
                           GBytes              *data,
                           GError             **error)
{
  gnutls_sign_algorithm_t algorithm;
  char *base64;
  int rc;

  g_return_val_if_fail (VNT_IS_SERVICE_IDENTITY (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  g_mutex_lock (&self->lock);
  algorithm = gnutls_pk_to_sign (gnutls_privkey_get_pk_algorithm (self->key, NULL),
                                 GNUTLS_DIG_SHA256);
  base64 = vnt_crypto_sign_base64 (self->key, algorithm, data, &rc);
  g_mutex_unlock (&self->lock);

  if (base64 == NULL)
    g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                 _("The service could not sign: %s"), gnutls_strerror (rc));
  return base64;
}
