/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>

#include "core/vnt-core-utils.h"
#include "vnt-certificate-private.h"
#include "vnt-credential.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-private-key-private.h"

struct _VntCredential
{
  GObject         parent_instance;

  VntCertificate *certificate;
  VntPrivateKey  *key;
};

G_DEFINE_FINAL_TYPE (VntCredential, vnt_credential, G_TYPE_OBJECT)

static void
vnt_credential_finalize (GObject *object)
{
  VntCredential *self = (VntCredential *) object;

  g_clear_object (&self->certificate);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (vnt_credential_parent_class)->finalize (object);
}

static void
vnt_credential_class_init (VntCredentialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vnt_credential_finalize;
}

static void
vnt_credential_init (VntCredential *self)
{
}

VntCredential *
vnt_credential_new_from_private_key (VntCertificate  *certificate,
                                     VntPrivateKey   *key,
                                     GError         **error)
{
  VntCredential *self;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vnt_private_key_matches (key, certificate))
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                           _("The private key does not belong to this certificate. Choose the .key you downloaded together with this .cer."));
      return NULL;
    }

  self = g_object_new (VNT_TYPE_CREDENTIAL, NULL);
  self->certificate = g_object_ref (certificate);
  self->key = g_object_ref (key);

  return self;
}

VntCredential *
vnt_credential_new (GBytes      *certificate,
                    GBytes      *key,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) private_key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (certificate != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The cheap parse first: no key decryption for a wrong .cer. */
  cert = vnt_certificate_new_from_bytes (certificate, &local_error);
  if (cert == NULL)
    {
      g_autoptr(VntCertificate) in_key_slot = NULL;

      /* The commonest slip: .cer and .key each chosen in the other's field. */
      if (g_error_matches (local_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE)
          && (in_key_slot = vnt_certificate_new_from_bytes (key, NULL)) != NULL)
        {
          g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_CERTIFICATE,
                               _("The certificate and the private key are swapped. Choose the .cer file as the certificate and the .key file as the private key."));
          return NULL;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  private_key = vnt_private_key_new_from_bytes (key, password, error);
  if (private_key == NULL)
    return NULL;

  return vnt_credential_new_from_private_key (cert, private_key, error);
}

VntCredential *
vnt_credential_new_from_pkcs12 (GBytes      *pkcs12,
                                const char  *password,
                                GError     **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  gnutls_x509_crt_t crt = NULL;

  g_return_val_if_fail (pkcs12 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vnt_crypto_is_pkcs12 (pkcs12))
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                           _("The .pfx file is damaged or incomplete. Export it again and try again."));
      return NULL;
    }

  /* A .pfx "without password" is encrypted under the empty string. */
  key = vnt_private_key_new_from_pkcs12 (pkcs12, password != NULL ? password : "", &crt, error);
  if (key == NULL)
    return NULL;

  cert = vnt_certificate_new_take_gnutls (crt, error);
  if (cert == NULL)
    return NULL;

  return vnt_credential_new_from_private_key (cert, key, error);
}

VntCredential *
vnt_credential_new_from_files (const char  *cer_path,
                               const char  *key_path,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(GBytes) cer_data = NULL;
  g_autoptr(GBytes) key_data = NULL;

  g_return_val_if_fail (cer_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cer_data = vnt_crypto_read_file (cer_path, error);
  if (cer_data == NULL)
    return NULL;

  if (key_path == NULL)
    {
      if (vnt_crypto_is_pkcs12 (cer_data))
        return vnt_credential_new_from_pkcs12 (cer_data, password, error);
      if (vnt_private_key_pem_has_key (cer_data))
        return vnt_credential_new (cer_data, cer_data, password, error);

      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_KEY,
                           _("Choose the private key (.key) too: the certificate alone cannot sign."));
      return NULL;
    }

  key_data = vnt_crypto_read_file (key_path, error);
  if (key_data == NULL)
    return NULL;

  return vnt_credential_new (cer_data, key_data, password, error);
}

void
vnt_credential_new_from_files_async (const char          *cer_path,
                                     const char          *key_path,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (cer_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  vnt_crypto_open_in_thread (cer_path, key_path, password != NULL ? password : "",
                             (VntCryptoOpenFunc) vnt_credential_new_from_files,
                             vnt_credential_new_from_files_async, cancellable, callback, user_data);
}

VntCredential *
vnt_credential_new_from_files_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return vnt_task_run_finish (result, NULL, vnt_credential_new_from_files_async, error);
}

VntCertificate *
vnt_credential_get_certificate (VntCredential *self)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), NULL);

  return self->certificate;
}

VntPrivateKey *
vnt_credential_get_private_key (VntCredential *self)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), NULL);

  return self->key;
}

gboolean
vnt_credential_get_key_was_encrypted (VntCredential *self)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), FALSE);

  return vnt_private_key_get_was_encrypted (self->key);
}

VntPasswordEncoding
vnt_credential_get_password_encoding (VntCredential *self)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), VNT_PASSWORD_ENCODING_NONE);

  return vnt_private_key_get_password_encoding (self->key);
}

char *
vnt_credential_sign_pkcs1 (VntCredential  *self,
                           GBytes         *data,
                           GError        **error)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  return vnt_private_key_sign_pkcs1 (self->key, data, error);
}

GBytes *
vnt_credential_sign_cms (VntCredential  *self,
                         GBytes         *data,
                         gboolean        detached,
                         GError        **error)
{
  gnutls_datum_t input, output = { NULL, 0 };
  gnutls_pkcs7_t pkcs7 = NULL;
  gnutls_privkey_t key;
  unsigned int flags;
  gsize len;
  int ret;

  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input.data = (guint8 *) g_bytes_get_data (data, &len);
  input.size = len;
  if (input.data == NULL)
    input.data = (guint8 *) "";

  /* Signed attributes contentType and messageDigest always come with
   * signed attributes; signingTime on request. */
  flags = GNUTLS_PKCS7_INCLUDE_TIME | GNUTLS_PKCS7_INCLUDE_CERT;
  if (!detached)
    flags |= GNUTLS_PKCS7_EMBED_DATA;

  ret = gnutls_pkcs7_init (&pkcs7);
  if (ret == 0)
    {
      key = vnt_private_key_lock (self->key);
      ret = gnutls_pkcs7_sign (pkcs7, vnt_certificate_get_gnutls (self->certificate), key,
                               &input, NULL, NULL, GNUTLS_DIG_SHA256, flags);
      vnt_private_key_unlock (self->key);
    }
  if (ret == 0)
    ret = gnutls_pkcs7_export2 (pkcs7, GNUTLS_X509_FMT_DER, &output);
  g_clear_pointer (&pkcs7, gnutls_pkcs7_deinit);

  if (ret < 0)
    {
      vnt_crypto_set_sign_error (error, ret);
      return NULL;
    }

  return vnt_crypto_take_datum (&output, FALSE);
}

typedef struct
{
  VntCredential *self;
  GBytes        *data;
  gboolean       detached;
} SignData;

static void
sign_data_free (SignData *data)
{
  g_object_unref (data->self);
  g_bytes_unref (data->data);
  g_free (data);
}

static gpointer
sign_pkcs1_job (gpointer      user_data,
                GCancellable *cancellable,
                GError      **error)
{
  SignData *data = user_data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return vnt_credential_sign_pkcs1 (data->self, data->data, error);
}

static gpointer
sign_cms_job (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
  SignData *data = user_data;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return vnt_credential_sign_cms (data->self, data->data, data->detached, error);
}

/* What both *_async () check and start: a task whose source object is
 * @self, as sign_finish () checks. */
static void
sign_async (VntCredential      *self,
            GBytes             *bytes,
            gboolean            detached,
            gpointer            source_tag,
            VntTaskJobFunc      job_func,
            GDestroyNotify      result_free,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  SignData *data;

  g_return_if_fail (VNT_IS_CREDENTIAL (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (SignData, 1);
  data->self = g_object_ref (self);
  data->data = g_bytes_ref (bytes);
  data->detached = detached;

  vnt_task_run_in_thread (self, data, (GDestroyNotify) sign_data_free, job_func, result_free,
                          source_tag, cancellable, callback, user_data);
}

/* What both *_finish () check and return. */
static gpointer
sign_finish (VntCredential *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (VNT_IS_CREDENTIAL (self), NULL);

  return vnt_task_run_finish (result, self, source_tag, error);
}

void
vnt_credential_sign_pkcs1_async (VntCredential       *self,
                                 GBytes              *data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  sign_async (self, data, FALSE, vnt_credential_sign_pkcs1_async, sign_pkcs1_job, g_free,
              cancellable, callback, user_data);
}

char *
vnt_credential_sign_pkcs1_finish (VntCredential  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return sign_finish (self, result, vnt_credential_sign_pkcs1_async, error);
}

void
vnt_credential_sign_cms_async (VntCredential       *self,
                               GBytes              *data,
                               gboolean             detached,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  sign_async (self, data, detached, vnt_credential_sign_cms_async, sign_cms_job,
              (GDestroyNotify) g_bytes_unref, cancellable, callback, user_data);
}

GBytes *
vnt_credential_sign_cms_finish (VntCredential  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  return sign_finish (self, result, vnt_credential_sign_cms_async, error);
}
