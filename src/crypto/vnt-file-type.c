/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnt-der.h"
#include "vnt-file-type.h"

static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  if (n > len)
    return NULL;

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return haystack + i;

  return NULL;
}

static VntFileType
guess_pem (const char *text,
           gsize       len)
{
  static const char begin[] = "-----BEGIN ";
  VntFileType found = VNT_FILE_TYPE_UNKNOWN;
  const char *p = text;
  gsize left = len;

  while ((p = find_bytes (p, left, begin)) != NULL)
    {
      const char *label = p + strlen (begin);
      const char *end;
      g_autofree char *name = NULL;

      left = len - (label - text);
      end = find_bytes (label, MIN (left, 64), "-----");
      if (end == NULL)
        break;
      name = g_strndup (label, end - label);

      /* A certificate wins over a key in the same bundle. */
      if (g_str_equal (name, "CERTIFICATE") || g_str_equal (name, "X509 CERTIFICATE") ||
          g_str_equal (name, "TRUSTED CERTIFICATE"))
        return VNT_FILE_TYPE_CERTIFICATE;
      if (g_str_equal (name, "CERTIFICATE REQUEST") || g_str_equal (name, "NEW CERTIFICATE REQUEST"))
        found = found == VNT_FILE_TYPE_UNKNOWN ? VNT_FILE_TYPE_REQUEST : found;
      else if (g_str_has_suffix (name, "PRIVATE KEY"))
        found = found == VNT_FILE_TYPE_UNKNOWN ? VNT_FILE_TYPE_PRIVATE_KEY : found;
      else if (g_str_equal (name, "PKCS12"))
        found = found == VNT_FILE_TYPE_UNKNOWN ? VNT_FILE_TYPE_PKCS12 : found;

      p = end;
      left = len - (p - text);
    }

  return found;
}

static VntFileType
guess_der (const guint8 *data,
           gsize         len)
{
  VntDerCursor top, outer, inner;
  VntDer seq, first, second, item;
  guint n_items = 0;
  guint64 version;

  vnt_der_cursor_init (&top, data, len);
  if (!vnt_der_expect (&top, VNT_DER_SEQUENCE, &seq))
    return VNT_FILE_TYPE_UNKNOWN;

  vnt_der_enter (&seq, &outer);
  if (!vnt_der_next (&outer, &first))
    return VNT_FILE_TYPE_UNKNOWN;

  if (first.tag == VNT_DER_INTEGER)
    {
      if (!vnt_der_get_uint (&first, &version) || !vnt_der_next (&outer, &second))
        return VNT_FILE_TYPE_UNKNOWN;

      /* PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData } */
      if (version == 3 && second.tag == VNT_DER_SEQUENCE)
        return VNT_FILE_TYPE_PKCS12;
      /* PrivateKeyInfo { 0, AlgorithmIdentifier, OCTET STRING } and
       * RSAPrivateKey { 0, modulus, … } */
      if (version <= 1 && (second.tag == VNT_DER_SEQUENCE || second.tag == VNT_DER_INTEGER))
        return VNT_FILE_TYPE_PRIVATE_KEY;

      return VNT_FILE_TYPE_UNKNOWN;
    }

  if (first.tag != VNT_DER_SEQUENCE)
    return VNT_FILE_TYPE_UNKNOWN;

  vnt_der_enter (&first, &inner);
  if (!vnt_der_next (&inner, &item))
    return VNT_FILE_TYPE_UNKNOWN;

  /* EncryptedPrivateKeyInfo { AlgorithmIdentifier { OID, … }, OCTET STRING } */
  if (item.tag == VNT_DER_OID)
    {
      if (vnt_der_next (&outer, &second) && second.tag == VNT_DER_OCTET_STRING)
        return VNT_FILE_TYPE_PRIVATE_KEY;
      return VNT_FILE_TYPE_UNKNOWN;
    }

  /* A certificate's TBS starts with [0] version (or the serial in v1); a
   * request's info is exactly { version, subject, spki, [0] attributes }. */
  if (item.tag == VNT_DER_CONTEXT_0)
    return VNT_FILE_TYPE_CERTIFICATE;
  if (item.tag != VNT_DER_INTEGER)
    return VNT_FILE_TYPE_UNKNOWN;

  n_items = 1;
  while (vnt_der_next (&inner, &item))
    {
      n_items++;
      if (n_items == 4 && item.tag == VNT_DER_CONTEXT_0)
        return VNT_FILE_TYPE_REQUEST;
    }

  return n_items >= 6 ? VNT_FILE_TYPE_CERTIFICATE : VNT_FILE_TYPE_UNKNOWN;
}

VntFileType
vnt_file_type_guess (GBytes *data)
{
  const guint8 *p;
  gsize len;

  g_return_val_if_fail (data != NULL, VNT_FILE_TYPE_UNKNOWN);

  p = g_bytes_get_data (data, &len);
  if (len == 0)
    return VNT_FILE_TYPE_UNKNOWN;

  if (p[0] == VNT_DER_SEQUENCE)
    {
      VntFileType type = guess_der (p, len);

      if (type != VNT_FILE_TYPE_UNKNOWN)
        return type;
    }

  return guess_pem ((const char *) p, len);
}

const char *
vnt_file_type_to_string (VntFileType type)
{
  switch (type)
    {
    case VNT_FILE_TYPE_CERTIFICATE:
      return "certificate";
    case VNT_FILE_TYPE_PRIVATE_KEY:
      return "private-key";
    case VNT_FILE_TYPE_PKCS12:
      return "pkcs12";
    case VNT_FILE_TYPE_REQUEST:
      return "request";
    case VNT_FILE_TYPE_UNKNOWN:
    default:
      return "unknown";
    }
}
