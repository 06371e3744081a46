/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* OCSP (RFC 6960) messages: the request for one certificate and the reading
 * of the responder's answer. The transport lives in src/net. Every doubt
 * about an answer ends as "unavailable", never as "good". */

#include "vnt-certificate.h"

G_BEGIN_DECLS

typedef enum {
  VNT_OCSP_STATUS_GOOD,         /* "good" */
  VNT_OCSP_STATUS_REVOKED,      /* "revoked" */
  VNT_OCSP_STATUS_UNKNOWN,      /* "unknown": the responder does not know it */
  VNT_OCSP_STATUS_UNAVAILABLE,  /* "unavailable": no trustworthy answer */
} VntOcspStatus;

/* Why the status is unavailable. */
typedef enum {
  VNT_OCSP_FAILURE_NONE,          /* "none" */
  VNT_OCSP_FAILURE_TRY_LATER,     /* "try-later": the responder is busy */
  VNT_OCSP_FAILURE_REFUSED,       /* "refused": malformedRequest, internalError, sigRequired, unauthorized */
  VNT_OCSP_FAILURE_MALFORMED,     /* "malformed": not an OCSP response */
  VNT_OCSP_FAILURE_UNVERIFIABLE,  /* "unverifiable": signature or signer not trusted */
  VNT_OCSP_FAILURE_MISMATCH,      /* "mismatch": about another certificate, or wrong nonce */
  VNT_OCSP_FAILURE_STALE,         /* "stale": too old, or from the future */
  VNT_OCSP_FAILURE_NO_ISSUER,     /* "no-issuer": the issuing CA is not known */
  VNT_OCSP_FAILURE_UNREACHABLE,   /* "unreachable": no connection or HTTP error */
  VNT_OCSP_FAILURE_TIMEOUT,       /* "timeout" */
} VntOcspFailure;

#define VNT_TYPE_OCSP_RESULT (vnt_ocsp_result_get_type ())
G_DECLARE_FINAL_TYPE (VntOcspResult, vnt_ocsp_result, VNT, OCSP_RESULT, GObject)

/* An "unavailable" result, for the transport's failures. */
VntOcspResult  *vnt_ocsp_result_new_unavailable     (VntOcspFailure  failure);

VntOcspStatus   vnt_ocsp_result_get_status          (VntOcspResult  *self);
VntOcspFailure  vnt_ocsp_result_get_failure         (VntOcspResult  *self);
/* Revoked only; NULL otherwise. */
GDateTime      *vnt_ocsp_result_get_revocation_time (VntOcspResult  *self);
/* CRLReason (RFC 5280) as a string ("unspecified", "keyCompromise", …), or NULL. */
const char     *vnt_ocsp_result_get_revocation_reason (VntOcspResult *self);
/* The times the responder gave, or NULL. */
GDateTime      *vnt_ocsp_result_get_produced_at     (VntOcspResult  *self);
GDateTime      *vnt_ocsp_result_get_this_update     (VntOcspResult  *self);
GDateTime      *vnt_ocsp_result_get_next_update     (VntOcspResult  *self);
/* The serial the answer is about, as a "número de certificado" (20 digits)
 * when its bytes are ASCII digits, else lowercase hex; NULL when unknown. */
const char     *vnt_ocsp_result_get_serial          (VntOcspResult  *self);
/* The certificate that signed the answer, when it was verified. */
VntCertificate *vnt_ocsp_result_get_responder       (VntOcspResult  *self);
/* A translated sentence for the user that says what to do next. */
const char     *vnt_ocsp_result_get_message         (VntOcspResult  *self);

#define VNT_TYPE_OCSP_REQUEST (vnt_ocsp_request_get_type ())
G_DECLARE_FINAL_TYPE (VntOcspRequest, vnt_ocsp_request, VNT, OCSP_REQUEST, GObject)

/* A request (SHA-1 CertID, random nonce) for @certificate. @issuer NULL
 * means: look it up among the bundled SAT CAs. Error
 * VNT_CRYPTO_ERROR_UNTRUSTED_CHAIN when the issuer is not known. */
VntOcspRequest *vnt_ocsp_request_new            (VntCertificate  *certificate,
                                                 VntCertificate  *issuer,
                                                 GError         **error);
/* DER, to POST as application/ocsp-request. */
GBytes         *vnt_ocsp_request_get_der        (VntOcspRequest  *self);
VntCertificate *vnt_ocsp_request_get_certificate (VntOcspRequest *self);
VntCertificate *vnt_ocsp_request_get_issuer     (VntOcspRequest  *self);

/* Reads @response as the answer to @self: checks the signature (signer: the
 * issuer, a responder it delegated to with id-kp-OCSPSigning, or one of
 * @responders — NULL means the bundled SAT responders), that it is about
 * this certificate, the nonce when echoed, and freshness at @now (NULL: now).
 * Never fails: any problem gives an "unavailable" result. */
VntOcspResult  *vnt_ocsp_request_read_response  (VntOcspRequest  *self,
                                                 GBytes          *response,
                                                 GPtrArray       *responders,
                                                 GDateTime       *now);

/* Reads a stored response on its own (no request at hand): the first
 * certificate status in it, with the same signature checks; @issuer may be
 * NULL. Freshness is not checked. */
VntOcspResult  *vnt_ocsp_response_read          (GBytes          *response,
                                                 VntCertificate  *issuer,
                                                 GPtrArray       *responders);

/* The bundled SAT OCSP responder certificates (element type VntCertificate). */
GPtrArray      *vnt_ocsp_get_default_responders (void);

const char     *vnt_ocsp_status_to_string       (VntOcspStatus   status);
const char     *vnt_ocsp_failure_to_string      (VntOcspFailure  failure);

G_END_DECLS
