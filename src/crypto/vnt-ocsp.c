/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "vnt-crypto-error.h"
#include "vnt-crypto-private.h"
#include "vnt-ocsp.h"
#include "vnt-trust-store.h"

#define BASIC_RESPONSE_OID "1.3.6.1.5.5.7.48.1.1"
/* Clocks disagree; a minute or two must not turn "good" into "stale". */
#define CLOCK_SKEW_SECONDS (5 * 60)
/* Without nextUpdate and without our nonce echoed, an answer older than this
 * may be a replay. */
#define MAX_AGE_SECONDS (24 * 60 * 60)

/* ------------------------------------------------------------------ */
/* Result                                                              */

struct _VntOcspResult
{
  GObject         parent_instance;

  VntOcspStatus   status;
  VntOcspFailure  failure;
  GDateTime      *revocation_time;
  char           *revocation_reason;
  GDateTime      *produced_at;
  GDateTime      *this_update;
  GDateTime      *next_update;
  char           *serial;
  VntCertificate *responder;
  char           *message;
};

G_DEFINE_FINAL_TYPE (VntOcspResult, vnt_ocsp_result, G_TYPE_OBJECT)

static void
vnt_ocsp_result_finalize (GObject *object)
{
  VntOcspResult *self = VNT_OCSP_RESULT (object);

  g_clear_pointer (&self->revocation_time, g_date_time_unref);
  g_clear_pointer (&self->revocation_reason, g_free);
  g_clear_pointer (&self->produced_at, g_date_time_unref);
  g_clear_pointer (&self->this_update, g_date_time_unref);
  g_clear_pointer (&self->next_update, g_date_time_unref);
  g_clear_pointer (&self->serial, g_free);
  g_clear_object (&self->responder);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (vnt_ocsp_result_parent_class)->finalize (object);
}

static void
vnt_ocsp_result_class_init (VntOcspResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_ocsp_result_finalize;
}

static void
vnt_ocsp_result_init (VntOcspResult *self)
{
  self->status = VNT_OCSP_STATUS_UNAVAILABLE;
  self->failure = VNT_OCSP_FAILURE_MALFORMED;
}

static const char *
failure_message (VntOcspFailure failure)
{
  switch (failure)
    {
    case VNT_OCSP_FAILURE_TRY_LATER:
      return _("The SAT revocation service is busy, so the certificate could not be checked for revocation. Try again in a few minutes.");
    case VNT_OCSP_FAILURE_REFUSED:
      return _("The SAT revocation service refused the query, so the certificate could not be checked for revocation. Try again later.");
    case VNT_OCSP_FAILURE_UNVERIFIABLE:
      return _("The revocation service’s answer is not signed by the SAT, so it was ignored. Check the address of the OCSP service and try again.");
    case VNT_OCSP_FAILURE_MISMATCH:
      return _("The revocation service answered about a different certificate, so the answer was ignored. Try again later.");
    case VNT_OCSP_FAILURE_STALE:
      return _("The revocation service’s answer is out of date, so it was ignored. Check your computer’s date and time and try again.");
    case VNT_OCSP_FAILURE_NO_ISSUER:
      return _("The authority that issued this certificate is not known, so it could not be checked for revocation.");
    case VNT_OCSP_FAILURE_UNREACHABLE:
      return _("Could not reach the SAT revocation service, so the certificate was not checked for revocation. Check your Internet connection and try again.");
    case VNT_OCSP_FAILURE_TIMEOUT:
      return _("The SAT revocation service took too long to answer, so the certificate was not checked for revocation. Try again later.");
    case VNT_OCSP_FAILURE_MALFORMED:
    case VNT_OCSP_FAILURE_NONE:
    default:
      return _("The revocation service sent an answer that cannot be read, so the certificate was not checked for revocation. Try again later.");
    }
}

static void
result_update_message (VntOcspResult *self)
{
  g_clear_pointer (&self->message, g_free);

  switch (self->status)
    {
    case VNT_OCSP_STATUS_GOOD:
      self->message = g_strdup (_("The SAT reports that this certificate has not been revoked."));
      break;

    case VNT_OCSP_STATUS_REVOKED:
      if (self->revocation_time != NULL)
        {
          g_autofree char *date = g_date_time_format (self->revocation_time, "%Y-%m-%d %H:%M:%S UTC");

          /* Translators: %s is a date and time such as 2022-11-01 04:17:03 UTC. */
          self->message = g_strdup_printf (_("The SAT revoked this certificate on %s. It can no longer be used: get a new e.firma from the SAT."), date);
        }
      else
        self->message = g_strdup (_("The SAT revoked this certificate. It can no longer be used: get a new e.firma from the SAT."));
      break;

    case VNT_OCSP_STATUS_UNKNOWN:
      self->message = g_strdup (_("The SAT revocation service does not know this certificate. Make sure it is a certificate issued by the SAT."));
      break;

    case VNT_OCSP_STATUS_UNAVAILABLE:
    default:
      self->message = g_strdup (failure_message (self->failure));
      break;
    }
}

static void
result_set_unavailable (VntOcspResult  *self,
                        VntOcspFailure  failure)
{
  self->status = VNT_OCSP_STATUS_UNAVAILABLE;
  self->failure = failure;
  g_clear_pointer (&self->revocation_time, g_date_time_unref);
  g_clear_pointer (&self->revocation_reason, g_free);
  g_clear_object (&self->responder);
  result_update_message (self);
}

VntOcspResult *
vnt_ocsp_result_new_unavailable (VntOcspFailure failure)
{
  VntOcspResult *self = g_object_new (VNT_TYPE_OCSP_RESULT, NULL);

  if (failure == VNT_OCSP_FAILURE_NONE)
    failure = VNT_OCSP_FAILURE_MALFORMED;
  result_set_unavailable (self, failure);

  return self;
}

VntOcspStatus
vnt_ocsp_result_get_status (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), VNT_OCSP_STATUS_UNAVAILABLE);
  return self->status;
}

VntOcspFailure
vnt_ocsp_result_get_failure (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), VNT_OCSP_FAILURE_MALFORMED);
  return self->failure;
}

GDateTime *
vnt_ocsp_result_get_revocation_time (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->revocation_time;
}

const char *
vnt_ocsp_result_get_revocation_reason (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->revocation_reason;
}

GDateTime *
vnt_ocsp_result_get_produced_at (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->produced_at;
}

GDateTime *
vnt_ocsp_result_get_this_update (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->this_update;
}

GDateTime *
vnt_ocsp_result_get_next_update (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->next_update;
}

const char *
vnt_ocsp_result_get_serial (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->serial;
}

VntCertificate *
vnt_ocsp_result_get_responder (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->responder;
}

const char *
vnt_ocsp_result_get_message (VntOcspResult *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_RESULT (self), NULL);
  return self->message;
}

const char *
vnt_ocsp_status_to_string (VntOcspStatus status)
{
  switch (status)
    {
    case VNT_OCSP_STATUS_GOOD:
      return "good";
    case VNT_OCSP_STATUS_REVOKED:
      return "revoked";
    case VNT_OCSP_STATUS_UNKNOWN:
      return "unknown";
    case VNT_OCSP_STATUS_UNAVAILABLE:
    default:
      return "unavailable";
    }
}

const char *
vnt_ocsp_failure_to_string (VntOcspFailure failure)
{
  static const char * const names[] = {
    [VNT_OCSP_FAILURE_NONE] = "none",
    [VNT_OCSP_FAILURE_TRY_LATER] = "try-later",
    [VNT_OCSP_FAILURE_REFUSED] = "refused",
    [VNT_OCSP_FAILURE_MALFORMED] = "malformed",
    [VNT_OCSP_FAILURE_UNVERIFIABLE] = "unverifiable",
    [VNT_OCSP_FAILURE_MISMATCH] = "mismatch",
    [VNT_OCSP_FAILURE_STALE] = "stale",
    [VNT_OCSP_FAILURE_NO_ISSUER] = "no-issuer",
    [VNT_OCSP_FAILURE_UNREACHABLE] = "unreachable",
    [VNT_OCSP_FAILURE_TIMEOUT] = "timeout",
  };

  if ((guint) failure >= G_N_ELEMENTS (names))
    return "malformed";

  return names[failure];
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
crt_free (gpointer crt)
{
  gnutls_x509_crt_deinit (crt);
}

/* A GnuTLS copy of @certificate, from its DER. */
static gnutls_x509_crt_t
crt_from_certificate (VntCertificate *certificate)
{
  GBytes *der;  /* borrowed */
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;

  der = vnt_certificate_get_der (certificate);
  if (der == NULL)
    return NULL;

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;

  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }

  return crt;
}

static VntCertificate *
certificate_from_crt (gnutls_x509_crt_t crt)
{
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;

  bytes = vnt_crypto_take_datum (&der, FALSE);

  return vnt_certificate_new_from_bytes (bytes, NULL);
}

static GDateTime *
date_time_from_time_t (time_t t)
{
  if (t == (time_t) -1)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64) t);
}

/* SAT's "número de certificado" is the serial's bytes read as ASCII digits. */
static char *
serial_to_string (const gnutls_datum_t *serial)
{
  gboolean digits = serial->size > 0;

  for (guint i = 0; i < serial->size && digits; i++)
    digits = g_ascii_isdigit (serial->data[i]);

  if (digits)
    return g_strndup ((const char *) serial->data, serial->size);

  return vnt_crypto_hex_encode (serial->data, serial->size);
}

static const char *
crl_reason_to_string (unsigned int reason)
{
  switch (reason)
    {
    case GNUTLS_X509_CRLREASON_UNSPECIFIED:
      return "unspecified";
    case GNUTLS_X509_CRLREASON_KEYCOMPROMISE:
      return "keyCompromise";
    case GNUTLS_X509_CRLREASON_CACOMPROMISE:
      return "cACompromise";
    case GNUTLS_X509_CRLREASON_AFFILIATIONCHANGED:
      return "affiliationChanged";
    case GNUTLS_X509_CRLREASON_SUPERSEDED:
      return "superseded";
    case GNUTLS_X509_CRLREASON_CESSATIONOFOPERATION:
      return "cessationOfOperation";
    case GNUTLS_X509_CRLREASON_CERTIFICATEHOLD:
      return "certificateHold";
    case GNUTLS_X509_CRLREASON_REMOVEFROMCRL:
      return "removeFromCRL";
    case GNUTLS_X509_CRLREASON_PRIVILEGEWITHDRAWN:
      return "privilegeWithdrawn";
    case GNUTLS_X509_CRLREASON_AACOMPROMISE:
      return "aACompromise";
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Bundled responders                                                  */

static const char * const default_responder_files[] = {
  "ocsp.ac4_sat.cer",
  "ocsp.ac5_sat.cer",
};

GPtrArray *
vnt_ocsp_get_default_responders (void)
{
  static GPtrArray *responders = NULL;

  if (g_once_init_enter (&responders))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < G_N_ELEMENTS (default_responder_files); i++)
        {
          g_autofree char *path = g_strconcat (RESOURCE_PREFIX "/ca/", default_responder_files[i], NULL);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          VntCertificate *certificate;

          bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
          if (bytes == NULL)
            {
              g_warning ("Bundled OCSP responder %s is missing: %s", path, error->message);
              continue;
            }

          certificate = vnt_certificate_new_from_bytes (bytes, &error);
          if (certificate == NULL)
            {
              g_warning ("Bundled OCSP responder %s does not load: %s", path, error->message);
              continue;
            }

          g_ptr_array_add (list, certificate);
        }

      g_once_init_leave (&responders, list);
    }

  return g_ptr_array_ref (responders);
}

/* ------------------------------------------------------------------ */
/* Signature                                                           */

/* Whether @candidate (trusted) vouches for @resp: it signed it, or the
 * embedded signer is issued by it, valid now and has id-kp-OCSPSigning
 * (GnuTLS checks both). The signer itself must have been valid when the
 * answer was produced. */
static gboolean
verified_by (gnutls_ocsp_resp_t   resp,
             gnutls_x509_crt_t    candidate,
             gnutls_x509_crt_t   *embedded,
             size_t               n_embedded,
             time_t               produced,
             gnutls_x509_crt_t   *signer_out)
{
  /* SAT still signs its answers with SHA-1. */
  const unsigned int flags = GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;
  gnutls_x509_crt_t signer = candidate;
  unsigned int verify = 0;

  if (gnutls_ocsp_resp_verify_direct (resp, candidate, &verify, flags) < 0 || verify != 0)
    return FALSE;

  /* Which certificate holds the key that signed it: an embedded one when
   * it verifies on its own, else the candidate. */
  for (size_t i = 0; i < n_embedded; i++)
    {
      if (gnutls_ocsp_resp_verify_direct (resp, embedded[i], &verify, flags) == 0 && verify == 0)
        {
          signer = embedded[i];
          break;
        }
    }

  if (produced != (time_t) -1 &&
      (produced < gnutls_x509_crt_get_activation_time (signer) ||
       produced > gnutls_x509_crt_get_expiration_time (signer)))
    return FALSE;

  *signer_out = signer;
  return TRUE;
}

static gboolean
verify_signature (gnutls_ocsp_resp_t   resp,
                  gnutls_x509_crt_t    issuer,
                  GPtrArray           *responders,
                  VntCertificate     **signer_out)
{
  g_autoptr(GPtrArray) trusted = g_ptr_array_new_with_free_func (crt_free);
  gnutls_x509_crt_t *embedded = NULL;
  size_t n_embedded = 0;
  gboolean ok = FALSE;
  time_t produced;

  produced = gnutls_ocsp_resp_get_produced (resp);

  for (guint i = 0; i < responders->len; i++)
    {
      gnutls_x509_crt_t crt = crt_from_certificate (g_ptr_array_index (responders, i));

      if (crt != NULL)
        g_ptr_array_add (trusted, crt);
    }

  if (gnutls_ocsp_resp_get_certs (resp, &embedded, &n_embedded) < 0)
    {
      embedded = NULL;
      n_embedded = 0;
    }

  /* The issuer first: the usual case is the CA or its delegate. */
  if (issuer != NULL)
    {
      gnutls_x509_crt_t signer = NULL;

      if (verified_by (resp, issuer, embedded, n_embedded, produced, &signer))
        {
          *signer_out = certificate_from_crt (signer);
          ok = TRUE;
        }
    }

  for (guint i = 0; !ok && i < trusted->len; i++)
    {
      gnutls_x509_crt_t signer = NULL;

      if (verified_by (resp, g_ptr_array_index (trusted, i), embedded, n_embedded, produced, &signer))
        {
          *signer_out = certificate_from_crt (signer);
          ok = TRUE;
        }
    }

  for (size_t i = 0; i < n_embedded; i++)
    gnutls_x509_crt_deinit (embedded[i]);
  gnutls_free (embedded);

  return ok;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

typedef struct
{
  const gnutls_datum_t *serial;
  const gnutls_datum_t *issuer_key_hash;
  const gnutls_datum_t *nonce;
} Expected;

static VntOcspResult *
read_response (GBytes            *response,
               const Expected    *expected,
               VntCertificate    *issuer,
               GPtrArray         *responders,
               GDateTime         *now)
{
  g_autoptr(VntOcspResult) result = g_object_new (VNT_TYPE_OCSP_RESULT, NULL);
  g_autoptr(GPtrArray) default_responders = NULL;
  gnutls_ocsp_resp_t resp = NULL;
  gnutls_x509_crt_t issuer_crt = NULL;
  gnutls_datum_t datum, type = { NULL, 0 };
  gboolean found = FALSE;
  unsigned int cert_status = 0, reason = 0;
  time_t this_update = -1, next_update = -1, revoked_at = -1;
  gsize size;
  int rc;

  result_set_unavailable (result, VNT_OCSP_FAILURE_MALFORMED);

  if (response == NULL || g_bytes_get_size (response) == 0)
    return g_steal_pointer (&result);

  if (responders == NULL)
    responders = default_responders = vnt_ocsp_get_default_responders ();

  datum.data = (unsigned char *) g_bytes_get_data (response, &size);
  datum.size = size;

  if (gnutls_ocsp_resp_init (&resp) < 0)
    return g_steal_pointer (&result);

  if (gnutls_ocsp_resp_import (resp, &datum) < 0)
    goto out;

  rc = gnutls_ocsp_resp_get_status (resp);
  if (rc < 0)
    goto out;
  if (rc == GNUTLS_OCSP_RESP_TRYLATER)
    {
      result_set_unavailable (result, VNT_OCSP_FAILURE_TRY_LATER);
      goto out;
    }
  if (rc != GNUTLS_OCSP_RESP_SUCCESSFUL)
    {
      result_set_unavailable (result, VNT_OCSP_FAILURE_REFUSED);
      goto out;
    }

  if (gnutls_ocsp_resp_get_response (resp, &type, NULL) < 0)
    goto out;
  if (type.data == NULL || strlen (BASIC_RESPONSE_OID) != type.size ||
      memcmp (type.data, BASIC_RESPONSE_OID, type.size) != 0)
    {
      gnutls_free (type.data);
      goto out;
    }
  gnutls_free (type.data);

  /* Find the status we asked about (or the first, reading on its own). */
  for (unsigned int i = 0; !found; i++)
    {
      gnutls_datum_t key_hash = { NULL, 0 }, serial = { NULL, 0 };
      gnutls_digest_algorithm_t digest;

      rc = gnutls_ocsp_resp_get_single (resp, i, &digest, NULL, &key_hash, &serial,
                                        &cert_status, &this_update, &next_update,
                                        &revoked_at, &reason);
      if (rc < 0)
        break;

      /* Matched on serial and issuer key hash, not on the issuer name hash:
       * SAT's responder has been seen sending a name hash of 21 bytes. */
      if (expected == NULL ||
          (vnt_crypto_datum_equal (&serial, expected->serial) &&
           vnt_crypto_datum_equal (&key_hash, expected->issuer_key_hash)))
        {
          found = TRUE;
          g_free (result->serial);
          result->serial = serial_to_string (&serial);
        }

      gnutls_free (key_hash.data);
      gnutls_free (serial.data);
    }

  if (!found)
    {
      result_set_unavailable (result, expected != NULL ? VNT_OCSP_FAILURE_MISMATCH
                                                       : VNT_OCSP_FAILURE_MALFORMED);
      goto out;
    }

  result->produced_at = date_time_from_time_t (gnutls_ocsp_resp_get_produced (resp));
  result->this_update = date_time_from_time_t (this_update);
  result->next_update = date_time_from_time_t (next_update);

  if (issuer != NULL)
    issuer_crt = crt_from_certificate (issuer);

  {
    g_autoptr(VntCertificate) signer = NULL;

    if (!verify_signature (resp, issuer_crt, responders, &signer))
      {
        result_set_unavailable (result, VNT_OCSP_FAILURE_UNVERIFIABLE);
        goto out;
      }

    g_set_object (&result->responder, signer);
  }

  /* A nonce echoed back must be ours; a responder may leave it out. */
  if (expected != NULL && expected->nonce != NULL)
    {
      gnutls_datum_t nonce = { NULL, 0 };

      if (gnutls_ocsp_resp_get_nonce (resp, NULL, &nonce) == 0)
        {
          gboolean same = vnt_crypto_datum_equal (&nonce, expected->nonce);

          gnutls_free (nonce.data);
          if (!same)
            {
              result_set_unavailable (result, VNT_OCSP_FAILURE_MISMATCH);
              goto out;
            }
          expected = NULL; /* fresh by construction */
        }
    }

  /* Revocation is final, so only a "good" or "unknown" needs to be fresh. */
  if (now != NULL && cert_status != GNUTLS_OCSP_CERT_REVOKED)
    {
      gint64 t = g_date_time_to_unix (now);
      gboolean stale;

      stale = this_update == (time_t) -1 ||
              (gint64) this_update > t + CLOCK_SKEW_SECONDS;
      if (next_update != (time_t) -1)
        stale = stale || (gint64) next_update + CLOCK_SKEW_SECONDS < t;
      else if (expected != NULL)
        stale = stale || (gint64) this_update + MAX_AGE_SECONDS < t;

      if (stale)
        {
          result_set_unavailable (result, VNT_OCSP_FAILURE_STALE);
          goto out;
        }
    }

  switch (cert_status)
    {
    case GNUTLS_OCSP_CERT_GOOD:
      result->status = VNT_OCSP_STATUS_GOOD;
      break;
    case GNUTLS_OCSP_CERT_REVOKED:
      result->status = VNT_OCSP_STATUS_REVOKED;
      result->revocation_time = date_time_from_time_t (revoked_at);
      result->revocation_reason = g_strdup (crl_reason_to_string (reason));
      break;
    case GNUTLS_OCSP_CERT_UNKNOWN:
      result->status = VNT_OCSP_STATUS_UNKNOWN;
      break;
    default:
      result_set_unavailable (result, VNT_OCSP_FAILURE_MALFORMED);
      goto out;
    }

  result->failure = VNT_OCSP_FAILURE_NONE;
  result_update_message (result);

out:
  if (issuer_crt != NULL)
    gnutls_x509_crt_deinit (issuer_crt);
  gnutls_ocsp_resp_deinit (resp);

  return g_steal_pointer (&result);
}

VntOcspResult *
vnt_ocsp_response_read (GBytes         *response,
                        VntCertificate *issuer,
                        GPtrArray      *responders)
{
  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (issuer == NULL || VNT_IS_CERTIFICATE (issuer), NULL);

  return read_response (response, NULL, issuer, responders, NULL);
}

/* ------------------------------------------------------------------ */
/* Request                                                             */

struct _VntOcspRequest
{
  GObject          parent_instance;

  VntCertificate  *certificate;
  VntCertificate  *issuer;
  GBytes          *der;
  gnutls_datum_t   serial;
  gnutls_datum_t   issuer_key_hash;
  gnutls_datum_t   nonce;
};

G_DEFINE_FINAL_TYPE (VntOcspRequest, vnt_ocsp_request, G_TYPE_OBJECT)

static void
vnt_ocsp_request_finalize (GObject *object)
{
  VntOcspRequest *self = VNT_OCSP_REQUEST (object);

  g_clear_object (&self->certificate);
  g_clear_object (&self->issuer);
  g_clear_pointer (&self->der, g_bytes_unref);
  gnutls_free (self->serial.data);
  gnutls_free (self->issuer_key_hash.data);
  gnutls_free (self->nonce.data);

  G_OBJECT_CLASS (vnt_ocsp_request_parent_class)->finalize (object);
}

static void
vnt_ocsp_request_class_init (VntOcspRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vnt_ocsp_request_finalize;
}

static void
vnt_ocsp_request_init (VntOcspRequest *self)
{
}

static VntCertificate *
find_default_issuer (VntCertificate *certificate)
{
  return vnt_trust_store_find_issuer (vnt_trust_store_get_default (), certificate);
}

VntOcspRequest *
vnt_ocsp_request_new (VntCertificate  *certificate,
                      VntCertificate  *issuer,
                      GError         **error)
{
  g_autoptr(VntOcspRequest) self = NULL;
  g_autoptr(VntCertificate) found_issuer = NULL;
  gnutls_x509_crt_t crt = NULL, issuer_crt = NULL;
  gnutls_ocsp_req_t req = NULL;
  gnutls_datum_t der = { NULL, 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (VNT_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (issuer == NULL || VNT_IS_CERTIFICATE (issuer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (issuer == NULL)
    issuer = found_issuer = find_default_issuer (certificate);
  if (issuer == NULL)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_UNTRUSTED_CHAIN,
                           failure_message (VNT_OCSP_FAILURE_NO_ISSUER));
      return NULL;
    }

  self = g_object_new (VNT_TYPE_OCSP_REQUEST, NULL);
  self->certificate = g_object_ref (certificate);
  self->issuer = g_object_ref (issuer);

  crt = crt_from_certificate (certificate);
  issuer_crt = crt_from_certificate (issuer);
  if (crt == NULL || issuer_crt == NULL)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_DAMAGED_FILE,
                           _("The certificate could not be read to ask for its revocation status."));
      goto out;
    }

  if (gnutls_ocsp_req_init (&req) < 0 ||
      gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, issuer_crt, crt) < 0 ||
      gnutls_ocsp_req_randomize_nonce (req) < 0 ||
      gnutls_ocsp_req_get_cert_id (req, 0, NULL, NULL, &self->issuer_key_hash, &self->serial) < 0 ||
      gnutls_ocsp_req_get_nonce (req, NULL, &self->nonce) < 0 ||
      gnutls_ocsp_req_export (req, &der) < 0)
    {
      g_set_error_literal (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_FAILED,
                           _("The revocation status request could not be prepared."));
      goto out;
    }

  self->der = vnt_crypto_take_datum (&der, FALSE);
  ok = TRUE;

out:
  if (req != NULL)
    gnutls_ocsp_req_deinit (req);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (issuer_crt != NULL)
    gnutls_x509_crt_deinit (issuer_crt);

  return ok ? g_steal_pointer (&self) : NULL;
}

GBytes *
vnt_ocsp_request_get_der (VntOcspRequest *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_REQUEST (self), NULL);
  return g_bytes_ref (self->der);
}

VntCertificate *
vnt_ocsp_request_get_certificate (VntOcspRequest *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_REQUEST (self), NULL);
  return self->certificate;
}

VntCertificate *
vnt_ocsp_request_get_issuer (VntOcspRequest *self)
{
  g_return_val_if_fail (VNT_IS_OCSP_REQUEST (self), NULL);
  return self->issuer;
}

VntOcspResult *
vnt_ocsp_request_read_response (VntOcspRequest *self,
                                GBytes         *response,
                                GPtrArray      *responders,
                                GDateTime      *now)
{
  g_autoptr(GDateTime) owned_now = NULL;
  Expected expected;

  g_return_val_if_fail (VNT_IS_OCSP_REQUEST (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);

  if (now == NULL)
    now = owned_now = g_date_time_new_now_utc ();

  expected.serial = &self->serial;
  expected.issuer_key_hash = &self->issuer_key_hash;
  expected.nonce = &self->nonce;

  return read_response (response, &expected, self->issuer, responders, now);
}
