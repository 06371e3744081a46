/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/pkcs7.h>
#include <string.h>

#include "core/vnt-core-utils.h"
#include "core/vnt-safe-file.h"
#include "core/vnt-zip.h"
#include "vnt-certificate-private.h"
#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-csd-request.h"
#include "vnt-keygen.h"
#include "vnt-renewal.h"
#include "vnt-request-writer-private.h"
#include "vnt-sat-asn1.h"
#include "vnt-sat-key.h"
#include "vnt-signature.h"
#include "vnt-x509-name.h"

#define OID_COMMON_NAME          "2.5.4.3"
#define OID_ORGANIZATION         "2.5.4.10"
#define OID_ORGANIZATIONAL_UNIT  "2.5.4.11"

#define CSD_KEY_BITS 2048
#define SHA1_LEN     20

/* A .sdg holds a few requests of under 1 KiB each. */
#define MAX_ZIP_MEMBERS  (VNT_CSD_REQUEST_MAX_SUCURSALES * 2)
#define MAX_ZIP_MEMBER   (64 * 1024)

/* ---- Writing ---- */

gboolean
vnt_csd_request_check_sucursal (const char  *sucursal,
                                GError     **error)
{
  gboolean blank = TRUE;

  if (sucursal == NULL || !g_utf8_validate (sucursal, -1, NULL) || *sucursal == '\0')
    goto bad;
  if (g_utf8_strlen (sucursal, -1) > VNT_CSD_REQUEST_MAX_SUCURSAL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("The sucursal name “%s” is longer than %d characters. Use a shorter name."),
                   sucursal, VNT_CSD_REQUEST_MAX_SUCURSAL);
      return FALSE;
    }

  for (const char *p = sucursal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == '/' || c == '\\')
        goto bad;
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }
  if (blank)
    goto bad;

  return TRUE;

bad:
  g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
               _("“%s” cannot be a sucursal name: write its name with letters, digits and spaces, without “/” or “\\”."),
               sucursal != NULL ? sucursal : "");
  return FALSE;
}

/* base64 (SHA-1 (@a ‖ @b)) */
static char *
sha1_base64 (const guint8 *a,
             gsize         a_len,
             const guint8 *b,
             gsize         b_len)
{
  g_autofree guint8 *joined = g_malloc (a_len + b_len + 1);
  guint8 digest[SHA1_LEN];

  memcpy (joined, a, a_len);
  memcpy (joined + a_len, b, b_len);
  if (gnutls_hash_fast (GNUTLS_DIG_SHA1, joined, a_len + b_len, digest) < 0)
    return NULL;

  return g_base64_encode (digest, sizeof digest);
}

/* Certifica does not draw a CSD request's challenge at random: it is
 * base64 (SHA-1 (U ‖ base64 (SHA-1 (U ‖ U)))) of the RFC field's bytes U.
 * Both real Certifica requests we have carry exactly this value. */
static char *
certifica_challenge (GBytes *rfc_bytes)
{
  gsize len = 0;
  const guint8 *u = g_bytes_get_data (rfc_bytes, &len);
  g_autofree char *inner = sha1_base64 (u, len, u, len);

  if (inner == NULL)
    return NULL;

  return sha1_base64 (u, len, (const guint8 *) inner, strlen (inner));
}

GBytes *
vnt_csd_request_build_for_subject (VntPrivateKey  *key,
                                   const char     *rfc_field,
                                   const char     *curp_field,
                                   gboolean        persona_moral,
                                   const char     *name,
                                   const char     *sucursal,
                                   GError        **error)
{
  g_autoptr(GBytes) uid = NULL;
  g_autoptr(GBytes) uid_bytes = NULL;
  g_autoptr(GBytes) serial = NULL;
  g_autoptr(GBytes) name_der = NULL;
  g_autoptr(GBytes) ou_der = NULL;
  g_autofree char *challenge = NULL;

  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (key), NULL);
  g_return_val_if_fail (rfc_field != NULL && curp_field != NULL && name != NULL, NULL);

  if (!vnt_csd_request_check_sucursal (sucursal, error))
    return NULL;

  uid = vnt_request_writer_sat_printable_string (rfc_field, error);
  if (uid == NULL)
    return NULL;
  serial = vnt_request_writer_sat_printable_string (curp_field, error);
  if (serial == NULL)
    return NULL;
  uid_bytes = vnt_sat_asn1_windows_1252 (rfc_field);
  challenge = certifica_challenge (uid_bytes);
  if (challenge == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("Could not sign the request: %s."), "SHA-1");
      return NULL;
    }
  name_der = vnt_sat_asn1_tlv (ASN1_ETYPE_UTF8_STRING, name, strlen (name));
  ou_der = vnt_sat_asn1_tlv (ASN1_ETYPE_UTF8_STRING, sucursal, strlen (sucursal));

  {
    /* Certifica's order: RFC, CURP, the name, the sucursal. */
    const VntRequestRdn rdns[] = {
      { VNT_OID_X500_UNIQUE_ID, uid },
      { VNT_OID_SERIAL_NUMBER, serial },
      { persona_moral ? OID_ORGANIZATION : OID_COMMON_NAME, name_der },
      { OID_ORGANIZATIONAL_UNIT, ou_der },
    };

    return vnt_request_writer_build_subject (key, rdns, G_N_ELEMENTS (rdns), challenge, error);
  }
}

GBytes *
vnt_csd_request_build (VntPrivateKey   *key,
                       VntCertificate  *efirma,
                       const char      *sucursal,
                       GError         **error)
{
  g_autoptr(GPtrArray) attrs = NULL;
  gnutls_datum_t dn = { NULL, 0 };
  const char *rfc_field, *curp_field, *name;
  gboolean moral;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (efirma), NULL);

  if (gnutls_x509_crt_get_raw_dn (vnt_certificate_get_gnutls (efirma), &dn) == 0)
    attrs = vnt_x509_name_der_get_attrs (dn.data, dn.size);
  gnutls_free (dn.data);

  /* The fields as the e.firma has them, not rebuilt from their parts. */
  rfc_field = attrs != NULL ? vnt_x509_attrs_lookup (attrs, VNT_OID_X500_UNIQUE_ID) : NULL;
  curp_field = attrs != NULL ? vnt_x509_attrs_lookup (attrs, VNT_OID_SERIAL_NUMBER) : NULL;
  moral = vnt_certificate_get_persona (efirma) == VNT_PERSONA_MORAL;
  name = attrs != NULL ? vnt_x509_attrs_lookup (attrs, moral ? OID_ORGANIZATION : OID_COMMON_NAME) : NULL;
  if (name == NULL)
    name = vnt_certificate_get_name (efirma);

  if (rfc_field == NULL || curp_field == NULL || name == NULL)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA,
                   _("This certificate lacks the RFC, the CURP or the name of a SAT e.firma. Choose the e.firma .cer that SAT issued."));
      return NULL;
    }

  return vnt_csd_request_build_for_subject (key, rfc_field, curp_field, moral, name, sucursal, error);
}

/* "CSD_<Sucursal>_<RFC>_<stamp>" with the sucursal's spaces as "_". */
static char *
file_stem (const char *sucursal,
           const char *rfc,
           const char *stamp)
{
  g_autofree char *underscored = g_strdup (sucursal);

  g_strdelimit (underscored, " ", '_');
  return g_strdup_printf ("CSD_%s_%s_%s", underscored, rfc, stamp);
}

static gboolean
check_sucursales (const char * const  *sucursales,
                  guint               *n_out,
                  guint               *bad_index,
                  GError             **error)
{
  guint n = sucursales != NULL ? g_strv_length ((char **) sucursales) : 0;

  if (bad_index != NULL)
    *bad_index = G_MAXUINT;

  if (n == 0)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("Name at least one sucursal."));
      return FALSE;
    }
  if (n > VNT_CSD_REQUEST_MAX_SUCURSALES)
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                   _("At most %d sucursales fit in one request. Make several requests."),
                   VNT_CSD_REQUEST_MAX_SUCURSALES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = file_stem (sucursales[i], "", "");

      if (!vnt_csd_request_check_sucursal (sucursales[i], error))
        {
          if (bad_index != NULL)
            *bad_index = i;
          return FALSE;
        }
      /* "Matriz 1" and "Matriz_1" would get the same files. */
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *b = file_stem (sucursales[j], "", "");

          if (g_str_equal (a, b))
            {
              g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                           _("The sucursales “%s” and “%s” would get the same file names. Give each sucursal its own name."),
                           sucursales[j], sucursales[i]);
              if (bad_index != NULL)
                *bad_index = i;
              return FALSE;
            }
        }
    }

  *n_out = n;
  return TRUE;
}

/* Makes everything in memory, then writes the set. @cert is checked here
 * too: whoever opened it, only a current e.firma signs a .sdg. */
static char **
create_signed (const VntEfirmaParams *params,
               VntCertificate        *cert,
               VntPrivateKey         *signer_key,
               GDateTime             *now,
               VntCsdRequestProgress  progress,
               gpointer               progress_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_zip_entry_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) sdg = NULL;
  g_autofree char *stamp = NULL;
  const char *rfc;
  char **paths;
  guint n = 0;

  if (!check_sucursales (params->sucursales, &n, NULL, error) ||
      !vnt_sat_key_check_new_password (params->new_password, VNT_KEY_PROTECTION_SAT, error))
    return NULL;

  when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  if (!vnt_renewal_check_signer (cert, when, VNT_SIGNER_FOR_CSD, error))
    return NULL;
  if (!vnt_private_key_matches (signer_key, cert))
    {
      g_set_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_KEY_MISMATCH,
                   _("The private key does not belong to this certificate. Choose the .key that came with this .cer."));
      return NULL;
    }

  /* Certifica's names: local time, the company's RFC for a persona moral. */
  local = g_date_time_to_local (when);
  stamp = g_date_time_format (local, "%Y%m%d_%H%M%S");
  rfc = vnt_certificate_get_rfc (cert);

  /* Everything is made in memory first: an interrupted run, or one that
   * fails half-way, has written nothing. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VntPrivateKey) key = NULL;
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GBytes) key_der = NULL;
      g_autofree char *stem = file_stem (params->sucursales[i], rfc, stamp);
      g_autofree char *request_name = g_strconcat (stem, "s.req", NULL);

      if (progress != NULL)
        progress (i, n + 1, progress_data);
      key = vnt_keygen_generate (CSD_KEY_BITS, cancellable, error);
      if (key == NULL)
        return NULL;
      request = vnt_csd_request_build (key, cert, params->sucursales[i], error);
      if (request == NULL)
        return NULL;
      key_der = vnt_sat_key_encrypt (key, params->new_password, VNT_KEY_PROTECTION_SAT, error);
      if (key_der == NULL)
        return NULL;

      g_ptr_array_add (entries, vnt_zip_entry_new (request_name, request));
      g_ptr_array_add (names, g_strconcat (stem, ".key", NULL));
      g_ptr_array_add (contents, g_steal_pointer (&key_der));
    }

  if (progress != NULL)
    progress (n, n + 1, progress_data);
  zip = vnt_zip_write (entries, when);
  sdg = vnt_renewal_sign (zip, cert, signer_key, when, error);
  if (sdg == NULL)
    return NULL;
  g_ptr_array_add (names, g_strdup_printf ("CSD_%s_%s.sdg", rfc, stamp));
  g_ptr_array_add (contents, g_steal_pointer (&sdg));

  /* The keys first, the .sdg last; all of them or none. */
  if (!vnt_safe_file_write_set (params->folder, (const char * const *) names->pdata,
                                (GBytes * const *) contents->pdata, names->len,
                                cancellable, error))
    return NULL;

  if (progress != NULL)
    progress (n + 1, n + 1, progress_data);
  paths = g_new0 (char *, names->len + 1);
  for (guint i = 0; i < names->len; i++)
    paths[i] = g_build_filename (params->folder, g_ptr_array_index (names, i), NULL);

  return paths;
}

gboolean
vnt_csd_request_check_sucursales (const char * const  *sucursales,
                                  guint               *bad_index,
                                  GError             **error)
{
  guint n = 0;

  return check_sucursales (sucursales, &n, bad_index, error);
}

char **
vnt_csd_request_create (const VntEfirmaParams *params,
                        GDateTime             *now,
                        GCancellable          *cancellable,
                        GError               **error)
{
  g_autoptr(VntCertificate) cert = NULL;
  g_autoptr(VntPrivateKey) signer_key = NULL;
  guint n = 0;

  g_return_val_if_fail (params->folder != NULL && params->new_password != NULL, NULL);
  g_return_val_if_fail (params->cer_path != NULL && params->key_path != NULL, NULL);

  /* The cheap checks before the e.firma's key is decrypted. */
  if (!check_sucursales (params->sucursales, &n, NULL, error) ||
      !vnt_sat_key_check_new_password (params->new_password, VNT_KEY_PROTECTION_SAT, error))
    return NULL;

  if (!vnt_renewal_open_signer (params, now, VNT_SIGNER_FOR_CSD, &cert, &signer_key, error))
    return NULL;

  return create_signed (params, cert, signer_key, now, NULL, NULL, cancellable, error);
}

char **
vnt_csd_request_create_with (const VntEfirmaParams *params,
                             VntCertificate        *efirma,
                             VntPrivateKey         *efirma_key,
                             GDateTime             *now,
                             VntCsdRequestProgress  progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_return_val_if_fail (params->folder != NULL && params->new_password != NULL, NULL);
  g_return_val_if_fail (VNT_IS_CERTIFICATE (efirma), NULL);
  g_return_val_if_fail (VNT_IS_PRIVATE_KEY (efirma_key), NULL);

  return create_signed (params, efirma, efirma_key, now, progress, progress_data, cancellable,
                        error);
}

/* ---- Reading ---- */

struct _VntCsdRequest
{
  GObject parent_instance;

  VntCertificate *signer;
  GError *signature_error;
  GPtrArray *names;     /* char * */
  GPtrArray *requests;  /* VntCsr */
};

G_DEFINE_FINAL_TYPE (VntCsdRequest, vnt_csd_request, G_TYPE_OBJECT)

static void
vnt_csd_request_finalize (GObject *object)
{
  VntCsdRequest *self = VNT_CSD_REQUEST (object);

  g_clear_object (&self->signer);
  g_clear_error (&self->signature_error);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->requests);

  G_OBJECT_CLASS (vnt_csd_request_parent_class)->finalize (object);
}

static void
vnt_csd_request_class_init (VntCsdRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_csd_request_finalize;
}

static void
vnt_csd_request_init (VntCsdRequest *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->requests = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The content and the first certificate of a CMS whose signature did not
 * verify, to show what it claims. */
static void
read_unverified (GBytes          *data,
                 GBytes         **content,
                 VntCertificate **signer)
{
  gnutls_pkcs7_t pkcs7 = NULL;
  gnutls_datum_t datum, embedded = { NULL, 0 }, raw = { NULL, 0 };
  gsize len = 0;

  datum.data = (guint8 *) g_bytes_get_data (data, &len);
  datum.size = len;
  if (datum.data == NULL || gnutls_pkcs7_init (&pkcs7) < 0)
    return;

  if (gnutls_pkcs7_import (pkcs7, &datum, GNUTLS_X509_FMT_DER) == 0)
    {
      if (gnutls_pkcs7_get_embedded_data (pkcs7, 0, &embedded) == 0)
        *content = g_bytes_new (embedded.data, embedded.size);
      if (gnutls_pkcs7_get_crt_raw2 (pkcs7, 0, &raw) == 0)
        {
          g_autoptr(GBytes) der = g_bytes_new (raw.data, raw.size);

          *signer = vnt_certificate_new_from_bytes (der, NULL);
        }
    }
  gnutls_free (embedded.data);
  gnutls_free (raw.data);
  gnutls_pkcs7_deinit (pkcs7);
}

static void
set_not_sdg (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE,
                       _("This file is not a CSD request (.sdg): a signed ZIP archive of certificate requests."));
}

static void
set_damaged_sdg (GError **error)
{
  g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                       _("This CSD request (.sdg) is damaged: its requests cannot be read. Make the request again."));
}

VntCsdRequest *
vnt_csd_request_new_from_bytes (GBytes  *data,
                                GError **error)
{
  g_autoptr(VntCsdRequest) self = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VNT_TYPE_CSD_REQUEST, NULL);
  self->signer = vnt_signature_verify_cms (data, NULL, &content, &local_error);
  if (self->signer == NULL)
    {
      if (g_error_matches (local_error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_A_SIGNATURE))
        {
          set_not_sdg (error);
          return NULL;
        }
      g_clear_pointer (&content, g_bytes_unref);
      read_unverified (data, &content, &self->signer);
      self->signature_error = g_steal_pointer (&local_error);
    }

  if (content == NULL || !vnt_zip_looks_like (content))
    {
      set_not_sdg (error);
      return NULL;
    }

  members = vnt_zip_read (content, MAX_ZIP_MEMBERS, MAX_ZIP_MEMBER, NULL);
  if (members == NULL || members->len == 0)
    {
      set_damaged_sdg (error);
      return NULL;
    }

  for (guint i = 0; i < members->len; i++)
    {
      VntZipEntry *member = g_ptr_array_index (members, i);
      VntCsr *csr = vnt_csr_new_from_bytes (member->data, NULL);

      if (csr == NULL)
        {
          set_damaged_sdg (error);
          return NULL;
        }
      g_ptr_array_add (self->names, g_strdup (member->name));
      g_ptr_array_add (self->requests, csr);
    }

  return g_steal_pointer (&self);
}

VntCertificate *
vnt_csd_request_get_signer (VntCsdRequest *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST (self), NULL);
  return self->signer;
}

const GError *
vnt_csd_request_get_signature_error (VntCsdRequest *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST (self), NULL);
  return self->signature_error;
}

guint
vnt_csd_request_get_n_requests (VntCsdRequest *self)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST (self), 0);
  return self->requests->len;
}

const char *
vnt_csd_request_get_request_name (VntCsdRequest *self,
                                  guint          index)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->names->len, NULL);
  return g_ptr_array_index (self->names, index);
}

VntCsr *
vnt_csd_request_get_request (VntCsdRequest *self,
                             guint          index)
{
  g_return_val_if_fail (VNT_IS_CSD_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->requests->len, NULL);
  return g_ptr_array_index (self->requests, index);
}
