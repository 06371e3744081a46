/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: decoding of X.501 names as SAT writes them. */

#include <glib.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

/* Decodes a DER string value by its tag: strict UTF-8 first, then
 * Latin-1/Windows-1252 (SAT puts Latin-1 in T61String). BMPString as UCS-2. */
char *vnt_x509_decode_string (guint8 tag, const guint8 *value, gsize len);

/* The first value of attribute @oid in @dn, decoded, or NULL. */
char *vnt_x509_dn_get_attr   (gnutls_x509_dn_t dn, const char *oid);

/* The DN as "CN=…, O=…" with decoded values, for display. */
char *vnt_x509_dn_to_display (gnutls_x509_dn_t dn);

/* One attribute of a DN, decoded. */
typedef struct {
  char  *oid;
  char  *value;
  guint8 tag;
  guint  rdn;   /* index of its RDN, in DER order */
} VntX509Attr;

/* Every attribute in DER order, in one pass over the DN (reading attributes
 * one by one through GnuTLS costs a walk per call). Element type VntX509Attr. */
GPtrArray  *vnt_x509_dn_get_attrs       (gnutls_x509_dn_t  dn);
/* The same from the DER of a Name (as gnutls_x509_crt_get_raw_dn gives it),
 * walked directly; NULL when it is not a well-formed Name. */
GPtrArray  *vnt_x509_name_der_get_attrs (const guint8     *der,
                                         gsize             len);
/* The first value of @oid in @attrs, or NULL; borrowed. */
const char *vnt_x509_attrs_lookup       (GPtrArray        *attrs,
                                         const char       *oid);
char       *vnt_x509_attrs_to_display   (GPtrArray        *attrs);

/* @len bytes of @text (-1: up to its end) without white space around;
 * NULL when @text is NULL or blank: absent and blank mean the same to the
 * user. */
char       *vnt_x509_value_trim (const char *text,
                                 gssize      len);
/* Splits SAT's "COMPANY / REPRESENTATIVE" form of x500UniqueIdentifier and
 * serialNumber into its halves, each trimmed as vnt_x509_value_trim ()
 * does; without the slash, @first gets all of @field (nullable) and
 * @second NULL. TRUE when it had the slash. */
gboolean    vnt_x509_split_moral_field (const char *field,
                                        char      **first,
                                        char      **second);

G_END_DECLS
