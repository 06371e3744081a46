/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: what the sandbox's IDSE authority and the practice
 * authority share. Each keeps its key and self-signed certificate in two
 * PEM files of a folder and signs holders' certificates with them. */

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "vnt-certificate.h"

G_BEGIN_DECLS

/* Sets @error from a GnuTLS code in the authority's own words; FALSE. */
typedef gboolean (*VntLocalCaFailFunc) (int      rc,
                                        GError **error);

/* Writes part of a certificate for @holder (NULL for the authority's own):
 * its subject, its key usage. A GnuTLS code. */
typedef int      (*VntLocalCaSetFunc)  (gnutls_x509_crt_t  crt,
                                        gconstpointer      holder);

/* What tells one authority from the other. */
typedef struct
{
  const char         *cert_name;  /* the files in its folder */
  const char         *key_name;
  VntLocalCaSetFunc   set_subject;
  VntLocalCaFailFunc  fail;
} VntLocalCaKind;

typedef struct
{
  const VntLocalCaKind *kind;
  GMutex                lock;  /* GnuTLS key objects are not thread-safe */
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t     crt;
  VntCertificate       *certificate;
  GBytes               *certificate_pem;
} VntLocalCa;

/* A holder's certificate: serial @number (ASCII digits), valid from
 * @not_before to @not_after, its subject and usage written for @holder. */
typedef struct
{
  VntLocalCaSetFunc  set_subject;
  VntLocalCaSetFunc  set_usage;
  gconstpointer      holder;
  const char        *number;
  GDateTime         *not_before;
  GDateTime         *not_after;
} VntLocalCaRequest;

void      vnt_local_ca_init          (VntLocalCa              *ca,
                                      const VntLocalCaKind    *kind);
void      vnt_local_ca_clear         (VntLocalCa              *ca);

/* Reads the authority from @folder, or makes a new one there when neither
 * file is there yet (@created then TRUE). */
gboolean  vnt_local_ca_open          (VntLocalCa              *ca,
                                      const char              *folder,
                                      gboolean                *created,
                                      GError                 **error);

/* The DER of the certificate @request asks for @pubkey, signed by the
 * authority. */
GBytes   *vnt_local_ca_issue         (VntLocalCa              *ca,
                                      gnutls_pubkey_t          pubkey,
                                      const VntLocalCaRequest *request,
                                      GError                 **error);

/* Whether the authority signed @certificate (dates aside). */
gboolean  vnt_local_ca_verify        (VntLocalCa              *ca,
                                      VntCertificate          *certificate);

/* An attribute value as DER (@tag, short length, bytes): GnuTLS does not
 * know x500UniqueIdentifier and would pick its own string types. */
int       vnt_local_ca_set_attribute (gnutls_x509_crt_t        crt,
                                      const char              *oid,
                                      guint8                   tag,
                                      const char              *value);

G_END_DECLS
