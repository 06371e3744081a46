/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What a procedure asks of an e.firma, checked on this computer before
 * anything is signed: whose it must be (a person, or a company whose
 * representative is the applicant), which CA issues it, and whether an
 * expired one still serves (an IDSE renewal signs with the old one). */

#include "crypto/vnt-crypto.h"

G_BEGIN_DECLS

typedef enum {
  VNT_EFIRMA_HOLDER_PERSONA_FISICA,
  VNT_EFIRMA_HOLDER_PERSONA_MORAL,
  /* Whoever the certificate names: an IDSE certificate is the employer's,
   * a person or a company; for a solicitud, the patrón's own (persona
   * física) or the company's. */
  VNT_EFIRMA_HOLDER_ANY,
} VntEfirmaHolder;

typedef enum {
  VNT_EFIRMA_ISSUER_SAT,    /* an e.firma from SAT (never a CSD) */
  VNT_EFIRMA_ISSUER_IDSE,   /* the IMSS IDSE certificate */
} VntEfirmaIssuer;

typedef struct {
  VntEfirmaHolder holder;
  /* The CURP given must be the certificate's (persona física) or its
   * representative's (persona moral). */
  gboolean        curp_must_match;
  VntEfirmaIssuer issuer;
  gboolean        accept_expired;
} VntEfirmaPolicy;

/* A person signs with their own current SAT e.firma, whose CURP is the one
 * typed: every Escritorio Virtual procedure's applicant. */
#define VNT_EFIRMA_POLICY_PERSONA_FISICA \
  ((VntEfirmaPolicy) { VNT_EFIRMA_HOLDER_PERSONA_FISICA, TRUE, VNT_EFIRMA_ISSUER_SAT, FALSE })
/* A company's current SAT e.firma whose representative is the applicant. */
#define VNT_EFIRMA_POLICY_PERSONA_MORAL \
  ((VntEfirmaPolicy) { VNT_EFIRMA_HOLDER_PERSONA_MORAL, TRUE, VNT_EFIRMA_ISSUER_SAT, FALSE })

/* The employer's current IDSE certificate (cancelación). */
#define VNT_EFIRMA_POLICY_IDSE \
  ((VntEfirmaPolicy) { VNT_EFIRMA_HOLDER_ANY, FALSE, VNT_EFIRMA_ISSUER_IDSE, FALSE })
/* The IDSE certificate being renewed, usually expired (the service takes
 * it up to a year after). */
#define VNT_EFIRMA_POLICY_IDSE_EXPIRED \
  ((VntEfirmaPolicy) { VNT_EFIRMA_HOLDER_ANY, FALSE, VNT_EFIRMA_ISSUER_IDSE, TRUE })
/* The e.firma of the patrón or of the company whose RFC the request
 * names (an IDSE certificate's solicitud): no CURP to match. */
#define VNT_EFIRMA_POLICY_PATRON \
  ((VntEfirmaPolicy) { VNT_EFIRMA_HOLDER_ANY, FALSE, VNT_EFIRMA_ISSUER_SAT, FALSE })

/* Checks an opened (or failed to open) e.firma against @policy, in the
 * order a person can fix things: a CSD first, then the files or password
 * (@open_error, when @credential is NULL), whose e.firma it is, the RFC
 * typed (@rfc, normalised), the CURP (@curp), then any other blocking
 * problem of @report — an expired e.firma too, in practice mode as well,
 * unless the policy accepts expired ones. FALSE with the error the person
 * sees (VNT_PROCEDURE_ERROR, VNT_CRYPTO_ERROR or @open_error's). */
gboolean vnt_efirma_policy_check (const VntEfirmaPolicy *policy,
                                  VntCheckReport        *report,
                                  VntCredential         *credential,
                                  const GError          *open_error,
                                  const char            *rfc,
                                  const char            *curp,
                                  GError               **error);

G_END_DECLS
