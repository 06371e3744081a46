/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VNT_NET_ERROR (vnt_net_error_quark ())

/* Stable codes: the UI branches on them. A problem from the service keeps
 * its Spanish `detail` as the message; see docs/protocol.md §10. */
typedef enum {
  VNT_NET_ERROR_FAILED,                 /* "failed" */
  VNT_NET_ERROR_UNREACHABLE,            /* "unreachable": no connection */
  VNT_NET_ERROR_TIMEOUT,                /* "timeout" */
  VNT_NET_ERROR_INSECURE_URL,           /* "insecure-url": http:// to a non-loopback host */
  VNT_NET_ERROR_UNTRUSTED_SERVICE,      /* "untrusted-service": TLS or pinned certificate */
  VNT_NET_ERROR_INVALID_RESPONSE,       /* "invalid-response": not the JSON expected */
  VNT_NET_ERROR_PROBLEM,                /* "problem": any other problem code */
  VNT_NET_ERROR_PROOF_REQUIRED,         /* "proof-required" */
  VNT_NET_ERROR_INVALID_CERTIFICATE,    /* "invalid-certificate" */
  VNT_NET_ERROR_CLOCK_SKEW,             /* "clock-skew" */
  VNT_NET_ERROR_NONCE_UNKNOWN,          /* "nonce-unknown" */
  VNT_NET_ERROR_NONCE_USED,             /* "nonce-used" */
  VNT_NET_ERROR_BAD_SIGNATURE,          /* "bad-signature" */
  VNT_NET_ERROR_CERTIFICATE_EXPIRED,    /* "certificate-expired" */
  VNT_NET_ERROR_UNTRUSTED_CERTIFICATE,  /* "untrusted-certificate" */
  VNT_NET_ERROR_SAT_TEST_CERTIFICATE,   /* "sat-test-certificate" */
  VNT_NET_ERROR_NOT_EFIRMA,             /* "not-efirma" */
  VNT_NET_ERROR_RFC_MISMATCH,           /* "rfc-mismatch" */
  VNT_NET_ERROR_CURP_MISMATCH,          /* "curp-mismatch" */
  VNT_NET_ERROR_INVALID_CURP,           /* "invalid-curp" */
  VNT_NET_ERROR_ACCOUNT_NOT_FOUND,      /* "account-not-found" */
  VNT_NET_ERROR_NOT_OWNER,              /* "not-owner" */
  VNT_NET_ERROR_UNAVAILABLE,            /* "unavailable": 503, 429 */
  VNT_NET_ERROR_ACUSE_INVALID,          /* "acuse-invalid": its signature or content does not check */
  VNT_NET_ERROR_ACCOUNT_EXISTS,         /* "account-exists" */
  VNT_NET_ERROR_CERTIFICATE_UNCHANGED,  /* "certificate-unchanged" */
  VNT_NET_ERROR_PERSONA_FISICA_REQUIRED, /* "persona-fisica-required" */
  VNT_NET_ERROR_TRAMITE_NOT_FOUND,      /* "tramite-not-found" */
  VNT_NET_ERROR_TRAMITE_NOT_DRAFT,      /* "tramite-not-draft" */
  VNT_NET_ERROR_REVISION_CONFLICT,      /* "revision-conflict" */
  VNT_NET_ERROR_TERMS_NOT_ACCEPTED,     /* "terms-not-accepted" */
  VNT_NET_ERROR_IDEMPOTENCY_KEY_REUSED, /* "idempotency-key-reused" */
  VNT_NET_ERROR_INVALID_FIELD,          /* "invalid-field" */
  VNT_NET_ERROR_ATTACHMENT_TOO_LARGE,      /* "attachment-too-large" */
  VNT_NET_ERROR_NOT_A_PDF,                 /* "not-a-pdf" */
  VNT_NET_ERROR_ATTACHMENT_EMPTY,          /* "attachment-empty" */
  VNT_NET_ERROR_ATTACHMENT_MISSING,        /* "attachment-missing" */
  VNT_NET_ERROR_SIGNATURE_MISSING,         /* "signature-missing" */
  VNT_NET_ERROR_REPRESENTATIVE_REQUIRED,   /* "representative-required" */
  VNT_NET_ERROR_ALREADY_REGISTERED,        /* "already-registered" */
  VNT_NET_ERROR_NOT_REGISTERED,            /* "not-registered" */
  VNT_NET_ERROR_PERSONA_MORAL_REQUIRED,    /* "persona-moral-required" */
  VNT_NET_ERROR_INVALID_RFC,               /* "invalid-rfc" */
  VNT_NET_ERROR_UNSUPPORTED_MEDIA_TYPE,    /* "unsupported-media-type" */
  VNT_NET_ERROR_INVALID_REGISTRO_PATRONAL, /* "invalid-registro-patronal" */
  VNT_NET_ERROR_INVALID_NPIE,              /* "invalid-npie" */
  VNT_NET_ERROR_INVALID_CSR,               /* "invalid-csr" */
  VNT_NET_ERROR_IDSE_USER_INVALID,         /* "idse-user-invalid" */
  VNT_NET_ERROR_IDSE_PASSWORD_INVALID,     /* "idse-password-invalid" */
  VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER, /* "idse-password-equals-user" */
  VNT_NET_ERROR_IDSE_CREDENTIALS_WRONG,    /* "idse-credentials-wrong" */
  VNT_NET_ERROR_NPIE_NOT_FOUND,            /* "npie-not-found" */
  VNT_NET_ERROR_CERTIFICATE_NOT_FOUND,     /* "certificate-not-found" */
  VNT_NET_ERROR_IDSE_REQUEST_EXPIRED,      /* "idse-request-expired" */
  VNT_NET_ERROR_CERTIFICATE_REVOKED,       /* "certificate-revoked" */
  VNT_NET_ERROR_CERTIFICATE_NOT_NEWER,     /* "certificate-not-newer" */
} VntNetError;

GQuark       vnt_net_error_quark           (void);
const char  *vnt_net_error_code_to_string  (VntNetError  code);
/* The code for a problem's `code` member; VNT_NET_ERROR_PROBLEM when it is
 * not one of the above. */
VntNetError  vnt_net_error_from_problem    (const char  *problem_code);
/* VNT_NET_ERROR_INVALID_RESPONSE: an answer that is not what the protocol
 * says. */
GError      *vnt_net_error_new_invalid_response (void);

G_END_DECLS
