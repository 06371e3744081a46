/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: a bounds-checked walker over DER, for the few places
 * where GnuTLS does not expose a field (raw request subject) and
 * for telling file types apart without parsing them twice. */

#include <glib.h>

G_BEGIN_DECLS

#define VNT_DER_INTEGER      0x02
#define VNT_DER_BIT_STRING   0x03
#define VNT_DER_OCTET_STRING 0x04
#define VNT_DER_NULL         0x05
#define VNT_DER_OID          0x06
#define VNT_DER_UTF8_STRING  0x0c
#define VNT_DER_PRINTABLE_STRING 0x13
#define VNT_DER_IA5_STRING   0x16
#define VNT_DER_SEQUENCE     0x30
#define VNT_DER_SET          0x31
#define VNT_DER_CONTEXT_0    0xa0

typedef struct {
  guint8        tag;      /* the identifier octet; high tag numbers are rejected */
  const guint8 *value;
  gsize         len;
  const guint8 *raw;      /* the whole TLV, header included */
  gsize         raw_len;
} VntDer;

/* A cursor over the contents of a constructed value. */
typedef struct {
  const guint8 *data;
  gsize         len;
} VntDerCursor;

/* The tag and lengths of the header at @offset of @data (short or long
 * form, up to four length octets), without checking that the content fits;
 * FALSE when the header itself does not. For a quick look at a file's
 * shape, where a cursor would refuse what is cut short. */
gboolean vnt_der_read_header  (const guint8 *data,
                               gsize         len,
                               gsize         offset,
                               guint8       *tag,
                               gsize        *header_len,
                               gsize        *content_len);

void     vnt_der_cursor_init  (VntDerCursor *cursor,
                               const guint8 *data,
                               gsize         len);
/* Reads the next TLV; FALSE at the end or on malformed input. */
gboolean vnt_der_next         (VntDerCursor *cursor,
                               VntDer       *out);
/* Reads the next TLV and requires its tag. */
gboolean vnt_der_expect       (VntDerCursor *cursor,
                               guint8        tag,
                               VntDer       *out);
/* A cursor over the contents of @der. */
void     vnt_der_enter        (const VntDer *der,
                               VntDerCursor *cursor);
/* A non-negative INTEGER that fits in 64 bits. */
gboolean vnt_der_get_uint     (const VntDer *der,
                               guint64      *out);
/* Dotted form of an OBJECT IDENTIFIER ("1.2.840.113549.1.5.13"), or NULL. */
char    *vnt_der_oid_to_string (const VntDer *der);
gboolean vnt_der_oid_equal    (const VntDer *der,
                               const char   *dotted);

G_END_DECLS
