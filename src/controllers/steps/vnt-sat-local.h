/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What SAT's procedures done on this computer share (a requerimiento or a
 * renovación de e.firma, a solicitud de CSD, as SAT's Certifica makes
 * them): their controllers are local_only (vnt-procedure.h), they ask for
 * a new key's password and a folder, and write new files there. */

#include "controllers/vnt-procedure.h"
#include "core/vnt-password-strength.h"
#include "crypto/vnt-request-writer.h"

G_BEGIN_DECLS

/* Checks a new SAT key's @password and its @confirmation, in the order a
 * person fixes them: at least 8 characters Windows-1252 has
 * (VNT_CRYPTO_ERROR), easy to guess (VNT_PROCEDURE_ERROR_WEAK_PASSWORD;
 * @personal as for vnt_password_strength()), then the confirmation
 * (VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH). */
gboolean  vnt_sat_local_check_new_password (const char         *password,
                                            const char         *confirmation,
                                            const char * const *personal,
                                            GError            **error);

/* Checks that a @folder to write the new files in was chosen
 * (G_IO_ERROR_NOT_FOUND). */
gboolean  vnt_sat_local_check_folder_chosen (const char *folder,
                                             GError    **error);

/* Checks @email is an address a request can carry and SAT writes to
 * (VNT_PROCEDURE_ERROR_INVALID_EMAIL): ASCII without spaces, one "@" with
 * something on both sides and a dot after it. */
gboolean  vnt_sat_local_check_email (const char *email,
                                     GError    **error);

/* Checks @folder is an existing folder this user can write in
 * (G_IO_ERROR_NOT_FOUND, G_IO_ERROR_NOT_DIRECTORY,
 * G_IO_ERROR_PERMISSION_DENIED, each saying what to do). Blocking (a
 * stat): from a worker thread. */
gboolean  vnt_sat_local_check_folder       (const char         *folder,
                                            GError            **error);

/* How one of these procedures writes its new files (a static table).
 * @write makes them, in a worker thread, from @params (the checked
 * folder, the new key's password and size) completed with what @data
 * holds: FALSE with @error set when nothing was made. @written, back in
 * the procedure's thread, keeps what @data says was written; the
 * procedure then goes to @written_step. */
typedef struct
{
  const char *written_step;
  gboolean (*write) (gpointer         data,
                     VntEfirmaParams *params,
                     GCancellable    *cancellable,
                     GError         **error);
  void (*written) (VntProcedure *procedure,
                   gpointer      data);
  GDestroyNotify data_free;
} VntSatLocalWriter;

/* Ends @task, an operation of @procedure (vnt_procedure_task_new ()), by
 * writing the new files in @folder (vnt_sat_local_check_folder () first,
 * there) with @writer and @data (taken): TRUE, or the error. @password
 * is copied and wiped after use. */
void      vnt_sat_local_write (VntProcedure            *procedure,
                               GTask                   *task,
                               const VntSatLocalWriter *writer,
                               const char              *folder,
                               const char              *password,
                               gpointer                 data);

/* A folder on a removable drive to suggest (vnt_keygen_step_suggest_folder()),
 * read in a worker thread; NULL (no error) when none is plugged in. */
void      vnt_sat_local_suggest_folder_async  (GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char     *vnt_sat_local_suggest_folder_finish (GAsyncResult        *result,
                                               GError             **error);

/* The lowercase hex SHA-256 of @data in groups of four ("3f2a 9c01 …"),
 * easy to read aloud and compare on paper. */
char     *vnt_sat_local_format_digest      (GBytes             *data);

G_END_DECLS
