/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vnt-certificate.h"

G_BEGIN_DECLS

typedef enum {
  VNT_CHAIN_STATUS_VALID,          /* "valid" */
  VNT_CHAIN_STATUS_EXPIRED,        /* "expired": chains, but it or a CA is out of date */
  VNT_CHAIN_STATUS_SAT_TEST,       /* "sat-test": issued by a SAT test CA */
  VNT_CHAIN_STATUS_UNTRUSTED,      /* "untrusted" */
  VNT_CHAIN_STATUS_BAD_SIGNATURE,  /* "bad-signature" */
} VntChainStatus;

#define VNT_TYPE_TRUST_STORE (vnt_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (VntTrustStore, vnt_trust_store, VNT, TRUST_STORE, GObject)

/* An empty store. */
VntTrustStore  *vnt_trust_store_new               (void);
/* The bundled SAT production CAs and Banco de México roots. */
VntTrustStore  *vnt_trust_store_new_default       (void);
/* One shared, read-only bundled store (do not add to it, do not unref);
 * safe to use from many threads at once. */
VntTrustStore  *vnt_trust_store_get_default       (void);
/* Adds roots or intermediates (DER or PEM, one or many certificates). */
gboolean        vnt_trust_store_add_file          (VntTrustStore   *self,
                                                   const char      *path,
                                                   GError         **error);
void            vnt_trust_store_add_certificate   (VntTrustStore   *self,
                                                   VntCertificate  *certificate);
guint           vnt_trust_store_get_n_certificates (VntTrustStore  *self);
/* @now NULL means now. @issuer_out (nullable) gets the issuing CA when found
 * (a new reference). Verifying is thread-safe; adding is not. */
VntChainStatus  vnt_trust_store_verify            (VntTrustStore   *self,
                                                   VntCertificate  *certificate,
                                                   GDateTime       *now,
                                                   VntCertificate **issuer_out);
/* The issuing CA of @certificate among the store's (a new reference), or
 * NULL (for OCSP). */
VntCertificate *vnt_trust_store_find_issuer       (VntTrustStore   *self,
                                                   VntCertificate  *certificate);

/* TRUE when @certificate chains up through the store's CAs to one of the
 * bundled Banco de México roots, so a valid chain means "issued by SAT".
 * @now NULL means now. */
gboolean        vnt_trust_store_chains_to_banxico (VntTrustStore   *self,
                                                   VntCertificate  *certificate,
                                                   GDateTime       *now);

const char     *vnt_chain_status_to_string        (VntChainStatus   status);
/* A translated sentence for the user; it speaks of SAT and Banco de México,
 * see vnt_chain_status_to_message_for_anchor() for other anchors. */
const char     *vnt_chain_status_to_message       (VntChainStatus   status);
/* The same, true also for a chain that ends at an authority other than
 * Banco de México's roots (@banxico FALSE), one added as trusted. */
const char     *vnt_chain_status_to_message_for_anchor (VntChainStatus status,
                                                        gboolean       banxico);

G_END_DECLS
