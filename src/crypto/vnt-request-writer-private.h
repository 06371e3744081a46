/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/crypto: shared by the request and renewal writers. */

#include "vnt-request-writer.h"

G_BEGIN_DECLS

/* ASCII, one "@", something on both sides: what IA5String and SAT take. */
gboolean vnt_request_writer_check_email (const char     *email,
                                         GError        **error);
/* Writes @key (SAT format, @password) to @key_path and then @data to
 * @data_path, both new files; when the second fails the key just written
 * is removed again, so a failure leaves neither. */
gboolean vnt_request_writer_save_pair   (VntPrivateKey  *key,
                                         const char     *key_path,
                                         const char     *password,
                                         const char     *data_path,
                                         GBytes         *data,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* The two new files of a request or renewal in @folder, key first:
 * Claveprivada_FIEL_<@rfc>_<time>.key and @prefix_<@rfc>_<time>.@extension. */
char   **vnt_request_writer_pair_paths  (const char     *folder,
                                         const char     *rfc,
                                         GDateTime      *now,
                                         const char     *prefix,
                                         const char     *extension);

G_END_DECLS
