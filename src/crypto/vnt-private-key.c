/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-private-key-private.h"

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
  return vnt_task_run_finish (result, NULL, vnt_private_key_new_from_file_async, error);
}

void
vnt_private_key_set_iterations (VntPrivateKey *self,
                                guint          iterations)
{
  g_return_if_fail (VNT_IS_PRIVATE_KEY (self));

  self->iterations = iterations;
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

  return vnt_crypto_pk_algorithm_name (self->algorithm);
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
  char *base64;
  int ret;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* RSA gives PKCS#1 v1.5 (what SAT's tools send); an EC key, ECDSA. */
  base64 = vnt_crypto_sign_base64 (vnt_private_key_lock (self),
                                   gnutls_pk_to_sign (self->algorithm, GNUTLS_DIG_SHA256), data,
                                   &ret);
  vnt_private_key_unlock (self);

  if (base64 == NULL)
    vnt_crypto_set_sign_error (error, ret);
  return base64;
}
