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

/* One of these procedures, as its page asks for the password and writes
 * the new files: the procedure's class implements it with its @writer. */
#define VNT_TYPE_SAT_LOCAL (vnt_sat_local_get_type ())
G_DECLARE_INTERFACE (VntSatLocal, vnt_sat_local, VNT, SAT_LOCAL, VntProcedure)

/* How one of these procedures writes its new files (a static table).
 * From @ask_step, @prepare checks what the form holds (in the
 * procedure's thread) and returns what @write needs, or NULL with @task
 * failed. @get_personal_words gives what the new password must not
 * contain. @write makes the files, in a worker thread, from @params (the
 * checked folder, the new key's password and size) completed with that
 * data: FALSE with @error set when nothing was made. @written, back in
 * the procedure's thread, keeps what the data says was written; the
 * procedure then goes to @written_step. @data_free frees the data. */
typedef struct
{
  const char *ask_step;
  const char *written_step;
  GStrv (*get_personal_words) (VntSatLocal *self);
  gpointer (*prepare) (VntSatLocal *self,
                       GTask       *task);
  gboolean (*write) (gpointer         data,
                     VntEfirmaParams *params,
                     GCancellable    *cancellable,
                     GError         **error);
  void (*written) (VntSatLocal *self,
                   gpointer     data);
  GDestroyNotify data_free;
} VntSatLocalWriter;

struct _VntSatLocalInterface
{
  GTypeInterface           g_iface;

  const VntSatLocalWriter *writer;
};

/* How hard @password is to guess, the personal words counting. */
VntPasswordStrength vnt_sat_local_rate_password (VntSatLocal *self,
                                                 const char  *password);

/* "Generar": the form (@prepare), the password and its @confirmation
 * (vnt_sat_local_check_new_password ()) and @folder checked, then the new
 * files written there (vnt_sat_local_check_folder () first, there). The
 * passwords are copied and wiped after use. An operation of the
 * procedure; it is then at @written_step. */
void                vnt_sat_local_write_async (VntSatLocal        *self,
                                               const char         *folder,
                                               const char         *password,
                                               const char         *confirmation,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean            vnt_sat_local_write_finish (VntSatLocal  *self,
                                                GAsyncResult *result,
                                                GError      **error);

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
