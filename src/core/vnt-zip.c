/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "vnt-zip.h"

#define LOCAL_HEADER_SIG    0x04034b50
#define DATA_DESCRIPTOR_SIG 0x08074b50
#define CENTRAL_HEADER_SIG  0x02014b50
#define END_SIG             0x06054b50

#define LOCAL_HEADER_LEN    30
#define CENTRAL_HEADER_LEN  46
#define END_LEN             22

/* 2.0: the version that brought deflate; the high byte 0 is MS-DOS. */
#define ZIP_VERSION         20
/* Bit 3: CRC and sizes follow the data; bit 11: names are UTF-8. */
#define ZIP_FLAGS           0x0808
#define FLAG_ENCRYPTED      0x0001
#define METHOD_STORED       0
#define METHOD_DEFLATED     8

VntZipEntry *
vnt_zip_entry_new (const char *name,
                   GBytes     *data)
{
  VntZipEntry *entry = g_new0 (VntZipEntry, 1);

  entry->name = g_strdup (name);
  entry->data = g_bytes_ref (data);

  return entry;
}

void
vnt_zip_entry_free (VntZipEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->name);
  g_bytes_unref (entry->data);
  g_free (entry);
}

gboolean
vnt_zip_looks_like (GBytes *data)
{
  gsize len = 0;
  const guint8 *p = data != NULL ? g_bytes_get_data (data, &len) : NULL;

  return len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

/* ---- Writing ---- */

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, sizeof b);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >> 24) & 0xff };

  g_byte_array_append (out, b, sizeof b);
}

/* MS-DOS date and time, two-second resolution, from 1980 on. */
static void
dos_time (GDateTime *mtime,
          guint     *time_out,
          guint     *date_out)
{
  g_autoptr(GDateTime) local = mtime != NULL ? g_date_time_to_local (mtime) : g_date_time_new_now_local ();
  int year = CLAMP (g_date_time_get_year (local), 1980, 2107);

  *time_out = (g_date_time_get_hour (local) << 11) | (g_date_time_get_minute (local) << 5) |
              (g_date_time_get_second (local) / 2);
  *date_out = ((year - 1980) << 9) | (g_date_time_get_month (local) << 5) |
              g_date_time_get_day_of_month (local);
}

/* Raw deflate (no zlib header), zlib's default level, as java.util.zip. */
static GBytes *
deflate_raw (GBytes *data)
{
  z_stream stream = { 0 };
  gsize len = 0;
  const guint8 *in = g_bytes_get_data (data, &len);
  guint8 *out;
  uLong bound;
  int ret;

  /* Nothing in the archives made here comes near 4 GiB. */
  g_return_val_if_fail (len < G_MAXUINT32 / 2, NULL);

  ret = deflateInit2 (&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  g_return_val_if_fail (ret == Z_OK, NULL);

  bound = deflateBound (&stream, len);
  out = g_malloc (bound);
  stream.next_in = (Bytef *) (in != NULL ? in : (const guint8 *) "");
  stream.avail_in = len;
  stream.next_out = out;
  stream.avail_out = bound;
  ret = deflate (&stream, Z_FINISH);
  deflateEnd (&stream);
  /* deflateBound () guarantees room for a single Z_FINISH. */
  g_return_val_if_fail (ret == Z_STREAM_END, (g_free (out), NULL));

  return g_bytes_new_take (out, stream.total_out);
}

GBytes *
vnt_zip_write (GPtrArray *entries,
               GDateTime *mtime)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) central = g_byte_array_new ();
  guint time, date;

  g_return_val_if_fail (entries != NULL && entries->len < G_MAXUINT16, NULL);

  dos_time (mtime, &time, &date);

  for (guint i = 0; i < entries->len; i++)
    {
      VntZipEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GBytes) compressed = deflate_raw (entry->data);
      gsize name_len = strlen (entry->name);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (entry->data, &len);
      guint32 crc = crc32 (0L, data != NULL ? data : (const guint8 *) "", len);
      guint32 offset = out->len;

      g_return_val_if_fail (compressed != NULL && name_len < G_MAXUINT16, NULL);

      /* The local header leaves CRC and sizes to the data descriptor. */
      put32 (out, LOCAL_HEADER_SIG);
      put16 (out, ZIP_VERSION);
      put16 (out, ZIP_FLAGS);
      put16 (out, METHOD_DEFLATED);
      put16 (out, time);
      put16 (out, date);
      put32 (out, 0);
      put32 (out, 0);
      put32 (out, 0);
      put16 (out, name_len);
      put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) entry->name, name_len);
      g_byte_array_append (out, g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
      put32 (out, DATA_DESCRIPTOR_SIG);
      put32 (out, crc);
      put32 (out, g_bytes_get_size (compressed));
      put32 (out, len);

      put32 (central, CENTRAL_HEADER_SIG);
      put16 (central, ZIP_VERSION);
      put16 (central, ZIP_VERSION);
      put16 (central, ZIP_FLAGS);
      put16 (central, METHOD_DEFLATED);
      put16 (central, time);
      put16 (central, date);
      put32 (central, crc);
      put32 (central, g_bytes_get_size (compressed));
      put32 (central, len);
      put16 (central, name_len);
      put16 (central, 0);  /* extra field */
      put16 (central, 0);  /* comment */
      put16 (central, 0);  /* disk */
      put16 (central, 0);  /* internal attributes */
      put32 (central, 0);  /* external attributes */
      put32 (central, offset);
      g_byte_array_append (central, (const guint8 *) entry->name, name_len);
    }

  {
    guint32 central_offset = out->len;

    g_byte_array_append (out, central->data, central->len);
    put32 (out, END_SIG);
    put16 (out, 0);
    put16 (out, 0);
    put16 (out, entries->len);
    put16 (out, entries->len);
    put32 (out, central->len);
    put32 (out, central_offset);
    put16 (out, 0);
  }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- Reading ---- */

static guint
get16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
invalid (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The ZIP archive inside is damaged or not one SAT’s tools write. Make the request again."));
  return FALSE;
}

static GBytes *
inflate_raw (const guint8  *data,
             gsize          len,
             gsize          expected,
             GError       **error)
{
  z_stream stream = { 0 };
  g_autofree guint8 *out = NULL;
  int ret;

  if (inflateInit2 (&stream, -MAX_WBITS) != Z_OK)
    {
      invalid (error);
      return NULL;
    }

  /* One byte more than announced: a longer stream is a lie, not a file. */
  out = g_malloc (expected + 1);
  stream.next_in = (Bytef *) data;
  stream.avail_in = len;
  stream.next_out = out;
  stream.avail_out = expected + 1;
  ret = inflate (&stream, Z_FINISH);
  inflateEnd (&stream);
  if (ret != Z_STREAM_END || stream.total_out != expected)
    {
      invalid (error);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&out), expected);
}

GPtrArray *
vnt_zip_read (GBytes  *zip,
              guint    max_entries,
              gsize    max_size,
              GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vnt_zip_entry_free);
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (zip, &len);
  const guint8 *end = NULL;
  guint count;
  guint32 cd_size, cd_offset, pos;

  g_return_val_if_fail (zip != NULL, NULL);

  /* The end record is at most a 64 KiB comment away from the end. */
  for (gsize i = len >= END_LEN ? len - END_LEN + 1 : 0; i-- > 0 && len - i <= END_LEN + G_MAXUINT16;)
    if (get32 (p + i) == END_SIG && i + END_LEN + get16 (p + i + 20) == len)
      {
        end = p + i;
        break;
      }
  if (end == NULL)
    return invalid (error), NULL;

  count = get16 (end + 10);
  cd_size = get32 (end + 12);
  cd_offset = get32 (end + 16);
  if (get16 (end + 4) != 0 || get16 (end + 6) != 0 || get16 (end + 8) != count ||
      (gsize) cd_offset + cd_size > (gsize) (end - p))
    return invalid (error), NULL;
  if (count > max_entries)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The ZIP archive inside holds more than %u files; SAT’s tools never write so many."),
                   max_entries);
      return NULL;
    }

  pos = cd_offset;
  for (guint i = 0; i < count; i++)
    {
      const guint8 *c = p + pos;
      guint flags, method, name_len, extra_len, comment_len, local_name_len, local_extra_len;
      guint32 crc, csize, usize, offset;
      g_autoptr(GBytes) data = NULL;
      g_autofree char *name = NULL;
      const guint8 *l;
      gsize data_start;

      if ((gsize) pos + CENTRAL_HEADER_LEN > (gsize) cd_offset + cd_size || get32 (c) != CENTRAL_HEADER_SIG)
        return invalid (error), NULL;
      flags = get16 (c + 8);
      method = get16 (c + 10);
      crc = get32 (c + 16);
      csize = get32 (c + 20);
      usize = get32 (c + 24);
      name_len = get16 (c + 28);
      extra_len = get16 (c + 30);
      comment_len = get16 (c + 32);
      offset = get32 (c + 42);
      if ((gsize) pos + CENTRAL_HEADER_LEN + name_len + extra_len + comment_len > (gsize) cd_offset + cd_size)
        return invalid (error), NULL;
      if ((flags & FLAG_ENCRYPTED) != 0 || (method != METHOD_STORED && method != METHOD_DEFLATED))
        return invalid (error), NULL;
      if (usize > max_size)
        {
          g_autofree char *size = g_format_size (max_size);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A file inside the ZIP archive is larger than %s; SAT’s requests are much smaller."),
                       size);
          return NULL;
        }

      name = g_utf8_make_valid ((const char *) c + CENTRAL_HEADER_LEN, name_len);
      pos += CENTRAL_HEADER_LEN + name_len + extra_len + comment_len;

      /* The local header may differ in its extra field, not in its place. */
      if ((gsize) offset + LOCAL_HEADER_LEN > cd_offset)
        return invalid (error), NULL;
      l = p + offset;
      if (get32 (l) != LOCAL_HEADER_SIG)
        return invalid (error), NULL;
      local_name_len = get16 (l + 26);
      local_extra_len = get16 (l + 28);
      data_start = (gsize) offset + LOCAL_HEADER_LEN + local_name_len + local_extra_len;
      if (data_start + csize > cd_offset)
        return invalid (error), NULL;

      if (method == METHOD_STORED)
        {
          if (csize != usize)
            return invalid (error), NULL;
          data = g_bytes_new (p + data_start, usize);
        }
      else
        {
          data = inflate_raw (p + data_start, csize, usize, error);
          if (data == NULL)
            return NULL;
        }

      if (crc32 (0L, usize > 0 ? g_bytes_get_data (data, NULL) : (const guint8 *) "", usize) != crc)
        return invalid (error), NULL;

      g_ptr_array_add (entries, vnt_zip_entry_new (name, data));
    }

  return g_steal_pointer (&entries);
}
