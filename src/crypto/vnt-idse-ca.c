/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "vnt-crypto-error.h"
#include "vnt-der.h"
#include "vnt-idse-ca.h"
#include "vnt-local-ca-private.h"

#define CA_NAME "AC IDSE de práctica (ventanilla-sandbox)"
#define OID_UNIQUE_IDENTIFIER "2.5.4.45"
#define PBKDF2_ITERATIONS 100000
#define PBKDF2_SALT_SIZE 16
#define PBKDF2_HASH_SIZE 32

struct _VntIdseCa
{
  GObject    parent_instance;

  VntLocalCa ca;
};

G_DEFINE_FINAL_TYPE (VntIdseCa, vnt_idse_ca, G_TYPE_OBJECT)

static gboolean
fail (int      rc,
      GError **error)
{
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("The IDSE certificate authority failed: %s"), gnutls_strerror (rc));
  return FALSE;
}

static void
vnt_idse_ca_finalize (GObject *object)
{
  VntIdseCa *self = VNT_IDSE_CA (object);

  vnt_local_ca_clear (&self->ca);

  G_OBJECT_CLASS (vnt_idse_ca_parent_class)->finalize (object);
}

static void
vnt_idse_ca_class_init (VntIdseCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_idse_ca_finalize;
}

static int
set_ca_subject (gnutls_x509_crt_t crt,
                gconstpointer     unused)
{
  int rc;

  if ((rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           CA_NAME, strlen (CA_NAME))) < 0)
    return rc;

  return gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                        "ventanilla-sandbox", strlen ("ventanilla-sandbox"));
}

static const VntLocalCaKind idse_ca = {
  "idse-ca-certificate.pem", "idse-ca-key.pem", set_ca_subject, fail,
};

static void
vnt_idse_ca_init (VntIdseCa *self)
{
  vnt_local_ca_init (&self->ca, &idse_ca);
}

VntIdseCa *
vnt_idse_ca_open (const char  *folder,
                  GError     **error)
{
  g_autoptr(VntIdseCa) self = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (VNT_TYPE_IDSE_CA, NULL);
  if (!vnt_local_ca_open (&self->ca, folder, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_idse_ca_get_certificate (VntIdseCa *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CA (self), NULL);
  return self->ca.certificate;
}

GBytes *
vnt_idse_ca_get_certificate_pem (VntIdseCa *self)
{
  g_return_val_if_fail (VNT_IS_IDSE_CA (self), NULL);
  return self->ca.certificate_pem;
}

typedef struct
{
  const char *common_name;
  const char *rfc;
} Holder;

/* A UTF8String x500UniqueIdentifier, as SAT's certificates carry the RFC. */
static int
set_holder_subject (gnutls_x509_crt_t crt,
                    gconstpointer     data)
{
  const Holder *holder = data;
  int rc;

  if ((rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           holder->common_name,
                                           strlen (holder->common_name))) < 0)
    return rc;

  return vnt_local_ca_set_attribute (crt, OID_UNIQUE_IDENTIFIER, VNT_DER_UTF8_STRING, holder->rfc);
}

static int
set_holder_usage (gnutls_x509_crt_t crt,
                  gconstpointer     holder)
{
  return gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                             GNUTLS_KEY_NON_REPUDIATION |
                                             GNUTLS_KEY_KEY_ENCIPHERMENT);
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
  Holder holder = { common_name, rfc };
  VntLocalCaRequest request = {
    set_holder_subject, set_holder_usage, &holder, number, not_before, not_after,
  };
  gnutls_x509_crq_t crq = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  GBytes *der = NULL;
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

  if ((rc = gnutls_pubkey_init (&pubkey)) < 0 ||
      (rc = gnutls_pubkey_import_x509_crq (pubkey, crq, 0)) < 0)
    fail (rc, error);
  else
    der = vnt_local_ca_issue (&self->ca, pubkey, &request, error);

out:
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (crq != NULL)
    gnutls_x509_crq_deinit (crq);

  return der;
}

gboolean
vnt_idse_ca_verify (VntIdseCa      *self,
                    VntCertificate *certificate)
{
  g_return_val_if_fail (VNT_IS_IDSE_CA (self), FALSE);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), FALSE);

  return vnt_local_ca_verify (&self->ca, certificate);
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
  gnutls_memset (hash, 0, sizeof hash);

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
  gnutls_memset (hash, 0, sizeof hash);

  return diff == 0;
}
