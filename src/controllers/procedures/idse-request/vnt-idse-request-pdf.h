/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The printable IDSE certificate request to take to the Subdelegación
 * (cairo): its title, the folio and the form as title and value pairs,
 * the deadline sentence, what to bring. */

#include <gio/gio.h>

G_BEGIN_DECLS

/* @rows: title, value, title, value, …, NULL. @deadline: the sentence
 * ("Acude a tu Subdelegación a más tardar el …"), or NULL. */
GBytes  *vnt_idse_request_pdf_render       (const char * const  *rows,
                                            const char          *deadline,
                                            gboolean             practice,
                                            GError             **error);
/* Renders in a worker thread and writes a NEW file at @path (0600, never
 * over an existing one: G_IO_ERROR_EXISTS). @procedure_id is only a
 * title's hint. */
void     vnt_idse_request_pdf_write_async  (const char          *procedure_id,
                                            const char * const  *rows,
                                            const char          *deadline,
                                            gboolean             practice,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean vnt_idse_request_pdf_write_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
