/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: libtasn1 helpers for the files we write (and
 * the parts of others GnuTLS does not expose). */

#include <glib.h>
#include <libtasn1.h>

G_BEGIN_DECLS

/* OIDs we write. */
#define VNT_OID_PBES2                 "1.2.840.113549.1.5.13"
#define VNT_OID_PBKDF2                "1.2.840.113549.1.5.12"
#define VNT_OID_HMAC_SHA256           "1.2.840.113549.2.9"
#define VNT_OID_DES_EDE3_CBC          "1.2.840.113549.3.7"
#define VNT_OID_AES256_CBC            "2.16.840.1.101.3.4.1.42"
#define VNT_OID_RSA_ENCRYPTION        "1.2.840.113549.1.1.1"
#define VNT_OID_SHA1_WITH_RSA         "1.2.840.113549.1.1.5"
#define VNT_OID_SHA1                  "1.3.14.3.2.26"
#define VNT_OID_X500_UNIQUE_ID        "2.5.4.45"
#define VNT_OID_SERIAL_NUMBER         "2.5.4.5"
#define VNT_OID_EMAIL_ADDRESS         "1.2.840.113549.1.9.1"
#define VNT_OID_CHALLENGE_PASSWORD    "1.2.840.113549.1.9.7"
#define VNT_OID_CONTENT_TYPE          "1.2.840.113549.1.9.3"
#define VNT_OID_MESSAGE_DIGEST        "1.2.840.113549.1.9.4"
#define VNT_OID_SIGNING_TIME          "1.2.840.113549.1.9.5"
#define VNT_OID_PKCS7_DATA            "1.2.840.113549.1.7.1"
#define VNT_OID_PKCS7_SIGNED_DATA     "1.2.840.113549.1.7.2"

/* DER of ASN.1 NULL, for AlgorithmIdentifier parameters. */
#define VNT_ASN1_NULL      "\x05\x00"
#define VNT_ASN1_NULL_LEN  2

typedef asn1_node_st VntAsn1Node;
void vnt_asn1_node_free (VntAsn1Node *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntAsn1Node, vnt_asn1_node_free)

/* A new empty "VntSat.@type". */
VntAsn1Node *vnt_sat_asn1_new    (const char     *type,
                                  GError        **error);
/* asn1_write_value with a GError (VNT_CRYPTO_ERROR_FAILED). @len as there:
 * 0 for a NUL-terminated value. */
gboolean     vnt_sat_asn1_write  (VntAsn1Node    *node,
                                  const char     *field,
                                  const void     *value,
                                  int             len,
                                  GError        **error);
/* The DER of @node (or of its @field, NULL for the whole). */
GBytes      *vnt_sat_asn1_encode (VntAsn1Node    *node,
                                  const char     *field,
                                  GError        **error);
/* @der decoded as a "VntSat.@type" (bytes after it are ignored); NULL
 * when it is not one: the caller words the error. */
VntAsn1Node *vnt_sat_asn1_decode (const char *type,
                                  const void *der,
                                  gsize       len);
/* The value of @field as asn1_read_value gives it (the contents of an
 * OCTET STRING, the whole TLV of an ANY, an INTEGER's octets); NULL when
 * it is absent. */
GBytes      *vnt_sat_asn1_read (VntAsn1Node *node,
                                const char  *field);
/* An OBJECT IDENTIFIER field in dotted form; NULL when absent. */
char        *vnt_sat_asn1_read_oid (VntAsn1Node *node,
                                    const char  *field);
/* A complete TLV of a primitive type (ASN1_ETYPE_*) holding @data as is. */
GBytes      *vnt_sat_asn1_tlv    (unsigned int    etype,
                                  const void     *data,
                                  gsize           len);

G_END_DECLS

G_BEGIN_DECLS

/* @utf8 as Windows-1252 bytes, the charset SAT's Java tools use for
 * passwords and for the subject of requests; NULL when a character has no
 * Windows-1252 form. Not NUL-terminated in the GBytes' size. */
GBytes      *vnt_sat_asn1_windows_1252 (const char *utf8);

G_END_DECLS
