/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnt-der.h"

/* The length octets after the tag at @p (@left bytes): how long the
 * header and the content are. */
static gboolean
read_length (const guint8 *p,
             gsize         left,
             gsize        *header_len,
             gsize        *content_len)
{
  gsize content = 0;
  guint n;

  if (left < 2)
    return FALSE;

  if (p[1] < 0x80)
    {
      *header_len = 2;
      *content_len = p[1];
      return TRUE;
    }

  /* Indefinite lengths are BER, and more than 4 octets is absurd here. */
  n = p[1] & 0x7f;
  if (n == 0 || n > 4 || left - 2 < n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    content = (content << 8) | p[2 + i];

  *header_len = 2 + n;
  *content_len = content;
  return TRUE;
}

gboolean
vnt_der_read_header (const guint8 *data,
                     gsize         len,
                     gsize         offset,
                     guint8       *tag,
                     gsize        *header_len,
                     gsize        *content_len)
{
  if (offset > len || !read_length (data + offset, len - offset, header_len, content_len))
    return FALSE;

  *tag = data[offset];
  return TRUE;
}

void
vnt_der_cursor_init (VntDerCursor *cursor,
                     const guint8 *data,
                     gsize         len)
{
  cursor->data = data;
  cursor->len = data != NULL ? len : 0;
}

gboolean
vnt_der_next (VntDerCursor *cursor,
              VntDer       *out)
{
  const guint8 *p = cursor->data;
  gsize         left = cursor->len;
  gsize         header;
  gsize         len;

  if (!read_length (p, left, &header, &len) || len > left - header)
    return FALSE;

  /* Multi-octet tags never occur in the structures we read. */
  if ((p[0] & 0x1f) == 0x1f)
    return FALSE;

  out->tag = p[0];
  out->value = p + header;
  out->len = len;
  out->raw = p;
  out->raw_len = header + len;

  cursor->data = p + header + len;
  cursor->len = left - header - len;

  return TRUE;
}

gboolean
vnt_der_expect (VntDerCursor *cursor,
                guint8        tag,
                VntDer       *out)
{
  VntDerCursor copy = *cursor;

  if (!vnt_der_next (&copy, out) || out->tag != tag)
    return FALSE;

  *cursor = copy;
  return TRUE;
}

void
vnt_der_enter (const VntDer *der,
               VntDerCursor *cursor)
{
  vnt_der_cursor_init (cursor, der->value, der->len);
}

gboolean
vnt_der_get_uint (const VntDer *der,
                  guint64      *out)
{
  guint64 value = 0;
  gsize i = 0;

  if (der->tag != VNT_DER_INTEGER || der->len == 0 || (der->value[0] & 0x80))
    return FALSE;

  /* One leading zero octet keeps a high bit from meaning "negative". */
  if (der->value[0] == 0 && der->len > 1)
    i = 1;
  if (der->len - i > 8)
    return FALSE;

  for (; i < der->len; i++)
    value = (value << 8) | der->value[i];

  *out = value;
  return TRUE;
}

char *
vnt_der_oid_to_string (const VntDer *der)
{
  g_autoptr(GString) oid = NULL;
  guint64 arc = 0;
  gboolean first = TRUE;

  if (der->tag != VNT_DER_OID || der->len == 0 || der->len > 64)
    return NULL;

  oid = g_string_new (NULL);
  for (gsize i = 0; i < der->len; i++)
    {
      guint8 b = der->value[i];

      if (arc > (G_MAXUINT64 >> 7))
        return NULL;
      arc = (arc << 7) | (b & 0x7f);
      if (b & 0x80)
        continue;

      if (first)
        {
          guint64 top = arc < 40 ? 0 : arc < 80 ? 1 : 2;

          g_string_append_printf (oid, "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT,
                                  top, arc - top * 40);
          first = FALSE;
        }
      else
        g_string_append_printf (oid, ".%" G_GUINT64_FORMAT, arc);
      arc = 0;
    }

  /* A last octet with the continuation bit set is malformed. */
  if (der->value[der->len - 1] & 0x80)
    return NULL;

  return g_string_free (g_steal_pointer (&oid), FALSE);
}

gboolean
vnt_der_oid_equal (const VntDer *der,
                   const char   *dotted)
{
  g_autofree char *oid = vnt_der_oid_to_string (der);

  return oid != NULL && strcmp (oid, dotted) == 0;
}
