/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: small helpers its objects share. */

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a small file whole (a regular file of up to 1 MB);
 * VNT_CRYPTO_ERROR_UNREADABLE_FILE names it. */
GBytes   *vnt_crypto_read_file      (const char           *path,
                                     GError              **error);

/* Lower-case hex of @data: key identifiers, serial numbers. */
char     *vnt_crypto_hex_encode     (const guint8         *data,
                                     gsize                 len);

/* Makes an object out of one or two files and a password; what a
 * *_new_from_file*_async () runs. @second_path and @password may be NULL. */
typedef gpointer (*VntCryptoOpenFunc) (const char  *path,
                                       const char  *second_path,
                                       const char  *password,
                                       GError     **error);

/* The worker thread behind every *_new_from_file*_async (): runs
 * @open_func on copies of the strings (the password is wiped after) unless
 * @cancellable fired first, and gives the new object to
 * g_task_propagate_pointer (). */
void      vnt_crypto_open_in_thread (const char           *path,
                                     const char           *second_path,
                                     const char           *password,
                                     VntCryptoOpenFunc     open_func,
                                     gpointer              source_tag,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);

G_END_DECLS
