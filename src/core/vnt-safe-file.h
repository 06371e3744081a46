/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @data as a NEW file at @path, mode 0600, all or nothing:
 *  - the bytes go to an unnamed (O_TMPFILE) or hidden temporary file in the
 *    same folder, are fsync'd, and only then get their name with link(), which
 *    fails when @path exists: an existing file is never replaced
 *    (G_IO_ERROR_EXISTS);
 *  - a cancelled @cancellable, a failed write or a crash leaves no @path and
 *    no temporary file behind (an unnamed one simply vanishes);
 *  - the folder is fsync'd so the new name survives a power cut.
 * Errors are in G_IO_ERROR with a translated message naming the file. */
gboolean vnt_safe_file_write        (const char    *path,
                                     const void    *data,
                                     gsize          len,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean vnt_safe_file_write_bytes  (const char    *path,
                                     GBytes        *bytes,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* FALSE, with the G_IO_ERROR_EXISTS that vnt_safe_file_write () would
 * give, when @path exists: for writers that refuse before slow work. The
 * write itself still refuses, since the file may appear meanwhile. */
gboolean vnt_safe_file_check_free (const char *path,
                                   GError    **error);

/* Makes the folder @path and any missing parents, each new one for its
 * owner only (0700): they hold personal data. Errors in G_IO_ERROR, with a
 * translated message naming the folder. */
gboolean vnt_safe_file_make_folder (const char *path,
                                    GError    **error);

/* Writes a set of NEW files in @folder, all or none: @names[i] (plain
 * names, no folder part) gets @contents[i], 0600. Every file is written and
 * fsync'd unnamed (or hidden, where the file system cannot) before any gets
 * its name; then all are named in @names order within moments, and if one
 * name turns out to be taken meanwhile, the ones named before it are removed
 * again. A cancel, a failed write or a crash during the writing leaves none
 * of them; only a crash in the instant of naming can leave the first few.
 * Errors as vnt_safe_file_write (). */
gboolean vnt_safe_file_write_set    (const char    *folder,
                                     const char * const *names,
                                     GBytes * const *contents,
                                     guint          n,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Test hook: after @skip_files files written normally, the next write
 * fails with G_IO_ERROR_FAILED once @bytes are written (@bytes < 0: never),
 * to prove that an interrupted write leaves nothing behind. */
void     vnt_safe_file_fail_for_testing (guint   skip_files,
                                         gssize  bytes);

/* Test hook: skip O_TMPFILE and take the named-temporary path that file
 * systems without it (FAT, many network mounts) use. */
void     vnt_safe_file_use_named_temporary_for_testing (gboolean named);

G_END_DECLS
