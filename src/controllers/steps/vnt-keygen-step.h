/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A new private key composed into a procedure (an IDSE certificate's
 * solicitud, certificado adicional or renovación): an RSA key generated in
 * a worker thread from the system's random source, encrypted in SAT's
 * format (vnt-sat-key.h) under the password the person chooses, and
 * written where they choose, 0600, as a new file that never replaces one.
 * It is written before anything is sent, so nothing the service knows
 * about is ever without its key.
 *
 * The record keeps the file's path and the key's public identifier (never
 * the password, never the key): a resumed trámite finds the same file
 * again and opens it with vnt_keygen_step_unlock_async().
 *
 * The step moves the procedure from @ask_step to @saved_step. Properties
 * (read-only, notified on change):
 *   "progress"    double 0–1 while a key is made (0 otherwise)
 *   "phase"       VntKeygenPhase: what is being done now
 *   "needs-key"   past @saved_step, not done, and the key not open
 *                 (resumed): unlock it first. */

#include "controllers/vnt-procedure.h"

G_BEGIN_DECLS

typedef enum {
  VNT_KEYGEN_PHASE_IDLE,
  VNT_KEYGEN_PHASE_GENERATING,  /* the RSA key, from the system's random source */
  VNT_KEYGEN_PHASE_ENCRYPTING,  /* encrypting it in SAT's format */
  VNT_KEYGEN_PHASE_WRITING,     /* writing the new file */
  VNT_KEYGEN_PHASE_DONE,
} VntKeygenPhase;

#define VNT_TYPE_KEYGEN_STEP (vnt_keygen_step_get_type ())
G_DECLARE_FINAL_TYPE (VntKeygenStep, vnt_keygen_step, VNT, KEYGEN_STEP, GObject)

/* @procedure owns the step (it is not referenced). @name tells this key's
 * record fields from another's ("idse_key" keeps "idse_key/path"). */
VntKeygenStep  *vnt_keygen_step_new              (VntProcedure        *procedure,
                                                  const char          *name,
                                                  const char          *ask_step,
                                                  const char          *saved_step);

/* The file name to suggest: "@prefix_@rfc_yyyyMMdd_HHmmss.key" (local
 * time; @now NULL: now), as SAT's programs name theirs. */
char           *vnt_keygen_step_suggest_file_name (const char         *prefix,
                                                   const char         *rfc,
                                                   GDateTime          *now);
/* A folder on a removable drive (a mounted USB stick) to suggest, or NULL
 * when none is plugged in. Reads the mount table: call it off the main
 * thread or accept a short read. */
char           *vnt_keygen_step_suggest_folder    (void);

/* Checks @password and @confirmation for a new SAT key, before anything
 * is made: 8 or more characters Windows-1252 has (VNT_CRYPTO_ERROR), then
 * both equal (VNT_PROCEDURE_ERROR_PASSWORD_MISMATCH). */
gboolean        vnt_keygen_step_check_password   (const char          *password,
                                                  const char          *confirmation,
                                                  GError             **error);

/* Generates the key (@bits: 2048 or 4096), encrypts it under @password
 * (copied, wiped after use) and writes @path as a new file; then the
 * procedure is at the saved step, its record saved, and the key stays open
 * in memory. G_IO_ERROR_EXISTS when @path exists (nothing is generated),
 * VNT_CRYPTO_ERROR for a password SAT's format cannot hold. Cancelling
 * leaves no file. An operation of the procedure. */
void            vnt_keygen_step_generate_async   (VntKeygenStep       *self,
                                                  const char          *path,
                                                  const char          *password,
                                                  guint                bits,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        vnt_keygen_step_generate_finish  (VntKeygenStep       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* After a resume: opens the saved file with @password (wiped after use).
 * VNT_PROCEDURE_ERROR_DIFFERENT_CERTIFICATE when the file there is not the
 * key this trámite generated; VNT_CRYPTO_ERROR_WRONG_PASSWORD. The step
 * does not change. An operation of the procedure. */
void            vnt_keygen_step_unlock_async     (VntKeygenStep       *self,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        vnt_keygen_step_unlock_finish    (VntKeygenStep       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* The open key's PKCS#10 request (vnt_request_writer_build() with
 * @unique_identifier, @serial_number and @email), built in a worker
 * thread: what a request for this key's certificate carries.
 * VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL when the key is not open. */
void            vnt_keygen_step_build_request_async  (VntKeygenStep       *self,
                                                      const char          *unique_identifier,
                                                      const char          *serial_number,
                                                      const char          *email,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes         *vnt_keygen_step_build_request_finish (VntKeygenStep       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The saved file (from the record), or NULL before it was written. */
const char     *vnt_keygen_step_get_path         (VntKeygenStep *self);
/* The key's SHA-256 public-key identifier (vnt_private_key_get_id()). */
const char     *vnt_keygen_step_get_key_id       (VntKeygenStep *self);
/* The open key (in memory only), or NULL. */
VntPrivateKey  *vnt_keygen_step_get_key          (VntKeygenStep *self);
gboolean        vnt_keygen_step_get_saved        (VntKeygenStep *self);
gboolean        vnt_keygen_step_get_needs_key    (VntKeygenStep *self);
double          vnt_keygen_step_get_progress     (VntKeygenStep *self);
VntKeygenPhase  vnt_keygen_step_get_phase        (VntKeygenStep *self);
/* Drops the open key (the window closes, the trámite is left). */
void            vnt_keygen_step_forget_key       (VntKeygenStep *self);

G_END_DECLS
