/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vnt-der.h"
#include "vnt-x509-name.h"

/* Universal tags of the ASN.1 string types that appear in names. */
enum {
  TAG_UTF8_STRING = 12,
  TAG_NUMERIC_STRING = 18,
  TAG_PRINTABLE_STRING = 19,
  TAG_T61_STRING = 20,
  TAG_IA5_STRING = 22,
  TAG_UNIVERSAL_STRING = 28,
  TAG_BMP_STRING = 30,
};

#define REPLACEMENT_CHARACTER 0xFFFD

/* Windows-1252 at 0x80–0x9F; 0 marks the five unassigned bytes. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void
append_char (GString  *out,
             gunichar  c)
{
  /* A name is shown to people and pasted into forms: no control characters. */
  if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
    c = REPLACEMENT_CHARACTER;

  g_string_append_unichar (out, c);
}

static char *
decode_windows_1252 (const guint8 *value,
                     gsize         len)
{
  GString *out = g_string_sized_new (len + len / 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = value[i];
      gunichar c = b;

      if (b >= 0x80 && b <= 0x9F)
        c = cp1252_high[b - 0x80] != 0 ? cp1252_high[b - 0x80] : REPLACEMENT_CHARACTER;

      append_char (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
decode_8bit (const guint8 *value,
             gsize         len)
{
  const char *end = NULL;

  /* SAT writes Latin-1 into T61String, but its OCSP responders and some CAs
   * write UTF-8 there or in PrintableString: valid UTF-8 wins. */
  if (g_utf8_validate_len ((const char *) value, len, &end))
    {
      GString *out = g_string_sized_new (len + 1);

      for (const char *p = (const char *) value; p < end; p = g_utf8_next_char (p))
        append_char (out, g_utf8_get_char (p));

      return g_string_free (out, FALSE);
    }

  return decode_windows_1252 (value, len);
}

static char *
decode_ucs (const guint8 *value,
            gsize         len,
            guint         width)
{
  GString *out = g_string_sized_new (len + 1);
  gsize i = 0;

  while (i + width <= len)
    {
      gunichar c = 0;

      for (guint k = 0; k < width; k++)
        c = (c << 8) | value[i + k];
      i += width;

      /* BMPString is UCS-2, but UTF-16 surrogate pairs do occur. */
      if (width == 2 && c >= 0xD800 && c <= 0xDBFF && i + 2 <= len)
        {
          gunichar low = ((gunichar) value[i] << 8) | value[i + 1];

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              i += 2;
            }
        }

      append_char (out, c);
    }

  if (i < len)
    append_char (out, REPLACEMENT_CHARACTER);

  return g_string_free (out, FALSE);
}

char *
vnt_x509_decode_string (guint8        tag,
                        const guint8 *value,
                        gsize         len)
{
  if (value == NULL || len == 0)
    return g_strdup ("");

  switch (tag)
    {
    case TAG_BMP_STRING:
      return decode_ucs (value, len, 2);

    case TAG_UNIVERSAL_STRING:
      return decode_ucs (value, len, 4);

    case TAG_UTF8_STRING:
    case TAG_NUMERIC_STRING:
    case TAG_PRINTABLE_STRING:
    case TAG_T61_STRING:
    case TAG_IA5_STRING:
    default:
      return decode_8bit (value, len);
    }
}

static char *
decode_ava (const gnutls_x509_ava_st *ava)
{
  return vnt_x509_decode_string ((guint8) ava->value_tag, ava->value.data, ava->value.size);
}

static void
attr_free (VntX509Attr *attr)
{
  g_free (attr->oid);
  g_free (attr->value);
  g_free (attr);
}

static char *
oid_dup (const gnutls_datum_t *oid)
{
  /* GnuTLS may or may not count a terminating NUL in the datum. */
  if (oid->size > 0 && oid->data[oid->size - 1] == '\0')
    return g_strndup ((const char *) oid->data, oid->size - 1);

  return g_strndup ((const char *) oid->data, oid->size);
}

GPtrArray *
vnt_x509_dn_get_attrs (gnutls_x509_dn_t dn)
{
  GPtrArray *attrs;

  g_return_val_if_fail (dn != NULL, NULL);

  attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);

  for (int irdn = 0;; irdn++)
    {
      gnutls_x509_ava_st ava;
      int iava;

      for (iava = 0; gnutls_x509_dn_get_rdn_ava (dn, irdn, iava, &ava) == 0; iava++)
        {
          VntX509Attr *attr = g_new0 (VntX509Attr, 1);

          attr->oid = oid_dup (&ava.oid);
          attr->value = decode_ava (&ava);
          attr->tag = (guint8) ava.value_tag;
          attr->rdn = irdn;
          g_ptr_array_add (attrs, attr);
        }

      if (iava == 0)
        break;
    }

  return attrs;
}

GPtrArray *
vnt_x509_name_der_get_attrs (const guint8 *der,
                             gsize         len)
{
  g_autoptr(GPtrArray) attrs = NULL;
  VntDerCursor cursor, rdns;
  VntDer name, set;
  guint rdn = 0;

  g_return_val_if_fail (der != NULL || len == 0, NULL);

  /* Name ::= SEQUENCE OF SET OF SEQUENCE { OID, ANY } */
  vnt_der_cursor_init (&cursor, der, len);
  if (!vnt_der_expect (&cursor, VNT_DER_SEQUENCE, &name))
    return NULL;

  attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);

  vnt_der_enter (&name, &rdns);
  while (rdns.len > 0)
    {
      VntDerCursor pairs;
      VntDer pair;

      if (!vnt_der_expect (&rdns, VNT_DER_SET, &set))
        return NULL;

      vnt_der_enter (&set, &pairs);
      while (pairs.len > 0)
        {
          VntDerCursor parts;
          VntDer oid, value;
          VntX509Attr *attr;

          if (!vnt_der_expect (&pairs, VNT_DER_SEQUENCE, &pair))
            return NULL;
          vnt_der_enter (&pair, &parts);
          if (!vnt_der_expect (&parts, VNT_DER_OID, &oid) || !vnt_der_next (&parts, &value))
            return NULL;

          attr = g_new0 (VntX509Attr, 1);
          attr->oid = vnt_der_oid_to_string (&oid);
          attr->value = vnt_x509_decode_string (value.tag, value.value, value.len);
          attr->tag = value.tag;
          attr->rdn = rdn;
          if (attr->oid == NULL)
            {
              attr_free (attr);
              return NULL;
            }
          g_ptr_array_add (attrs, attr);
        }

      rdn++;
    }

  return g_steal_pointer (&attrs);
}

const char *
vnt_x509_attrs_lookup (GPtrArray  *attrs,
                       const char *oid)
{
  g_return_val_if_fail (attrs != NULL, NULL);
  g_return_val_if_fail (oid != NULL, NULL);

  for (guint i = 0; i < attrs->len; i++)
    {
      const VntX509Attr *attr = g_ptr_array_index (attrs, i);

      if (g_str_equal (attr->oid, oid))
        return attr->value;
    }

  return NULL;
}

char *
vnt_x509_dn_get_attr (gnutls_x509_dn_t  dn,
                      const char       *oid)
{
  g_autoptr(GPtrArray) attrs = NULL;

  g_return_val_if_fail (dn != NULL, NULL);
  g_return_val_if_fail (oid != NULL, NULL);

  attrs = vnt_x509_dn_get_attrs (dn);
  return g_strdup (vnt_x509_attrs_lookup (attrs, oid));
}

static const struct {
  const char *oid;
  const char *label;
} oid_labels[] = {
  { "2.5.4.3", "CN" },
  { "2.5.4.4", "SN" },
  { "2.5.4.5", "serialNumber" },
  { "2.5.4.6", "C" },
  { "2.5.4.7", "L" },
  { "2.5.4.8", "ST" },
  { "2.5.4.9", "street" },
  { "2.5.4.10", "O" },
  { "2.5.4.11", "OU" },
  { "2.5.4.12", "title" },
  { "2.5.4.17", "postalCode" },
  { "2.5.4.41", "name" },
  { "2.5.4.42", "GN" },
  { "2.5.4.45", "x500UniqueIdentifier" },
  { "1.2.840.113549.1.9.1", "E" },
  { "1.2.840.113549.1.9.2", "unstructuredName" },
  { "0.9.2342.19200300.100.1.25", "DC" },
  { "0.9.2342.19200300.100.1.1", "UID" },
};

static const char *
oid_label (const char *oid)
{
  for (guint i = 0; i < G_N_ELEMENTS (oid_labels); i++)
    {
      if (g_str_equal (oid, oid_labels[i].oid))
        return oid_labels[i].label;
    }

  return oid;
}

char *
vnt_x509_attrs_to_display (GPtrArray *attrs)
{
  GString *out;

  g_return_val_if_fail (attrs != NULL, NULL);

  out = g_string_new (NULL);

  /* In DER order, which for SAT certificates starts with the CN; the
   * attributes of one multi-valued RDN are joined with " + ". */
  for (guint i = 0; i < attrs->len; i++)
    {
      const VntX509Attr *attr = g_ptr_array_index (attrs, i);

      if (i > 0)
        {
          const VntX509Attr *previous = g_ptr_array_index (attrs, i - 1);

          g_string_append (out, previous->rdn == attr->rdn ? " + " : ", ");
        }

      g_string_append (out, oid_label (attr->oid));
      g_string_append_c (out, '=');
      g_string_append (out, attr->value);
    }

  return g_string_free (out, FALSE);
}

char *
vnt_x509_dn_to_display (gnutls_x509_dn_t dn)
{
  g_autoptr(GPtrArray) attrs = NULL;

  g_return_val_if_fail (dn != NULL, NULL);

  attrs = vnt_x509_dn_get_attrs (dn);
  return vnt_x509_attrs_to_display (attrs);
}

char *
vnt_x509_value_trim (const char *text,
                     gssize      len)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;

  copy = len < 0 ? g_strdup (text) : g_strndup (text, len);
  g_strstrip (copy);
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

gboolean
vnt_x509_split_moral_field (const char *field,
                            char      **first,
                            char      **second)
{
  const char *slash = field != NULL ? strchr (field, '/') : NULL;

  if (slash == NULL)
    {
      *first = vnt_x509_value_trim (field, -1);
      *second = NULL;
      return FALSE;
    }

  *first = vnt_x509_value_trim (field, slash - field);
  *second = vnt_x509_value_trim (slash + 1, -1);
  return TRUE;
}
