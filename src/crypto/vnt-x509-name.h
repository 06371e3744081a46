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

G_END_DECLS
