/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The small ZIP archives of SAT's CSD request: a few .req files, each a few
 * hundred bytes. Not a general ZIP library: no ZIP64, no encryption, no
 * multi-disk archives. */

/* One member of an archive. */
typedef struct
{
  char   *name;   /* UTF-8 */
  GBytes *data;
} VntZipEntry;

VntZipEntry *vnt_zip_entry_new  (const char  *name,
                                 GBytes      *data);
void         vnt_zip_entry_free (VntZipEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntZipEntry, vnt_zip_entry_free)

/* An archive of @entries (VntZipEntry), laid out as Java's ZipOutputStream
 * writes it, which is what SAT's Certifica uses: each member deflated,
 * general-purpose flags 0x0808 (UTF-8 names, sizes and CRC in a data
 * descriptor after the data), version 2.0 "made by MS-DOS", no extra fields
 * and no comments, modification time @mtime (local time; NULL for now). */
GBytes    *vnt_zip_write (GPtrArray  *entries,
                          GDateTime  *mtime);

/* The members of @zip (stored or deflated), in central-directory order;
 * element type VntZipEntry. Refuses (G_IO_ERROR_INVALID_DATA, message
 * naming nothing secret) an archive with more than @max_entries members, a
 * member larger than @max_size once inflated, encryption, a CRC mismatch or
 * any offset outside the archive. Names that are not UTF-8 are made valid. */
GPtrArray *vnt_zip_read  (GBytes     *zip,
                          guint       max_entries,
                          gsize       max_size,
                          GError    **error);

/* TRUE when @data starts like a ZIP archive ("PK\3\4"). */
gboolean   vnt_zip_looks_like (GBytes *data);

G_END_DECLS
