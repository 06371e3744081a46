/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The IDSE certificate's `.pfx`, composed into a procedure: an IDSE
 * certificate and the private key it was issued for, packed into a
 * PKCS#12 protected with the IDSE contraseña (the modern profile unless the
 * user asks for the compatibility one), written where the user chose: a
 * NEW file, 0600, all or nothing. The packing runs in a worker thread (it
 * derives keys over 600,000 iterations). The certificate is checked against
 * the key before anything is packed.
 *
 * The other way round, vnt_pfx_step_open_credential_async() opens an IDSE
 * certificate from a `.pfx`, or a `.cer` and its `.key`, with its
 * contraseña; vnt_pfx_step_open_key_async() opens a `.key` alone (a
 * recovery, whose certificate comes from the service).
 *
 * The record keeps where the `.pfx` went (field "<name>.path"), never the
 * key or the password. Saving moves the procedure to @saved_step (when not
 * NULL), and notes the saved file, with the certificate's public facts
 * and the NPIE, in "Mis certificados IDSE" (vnt-idse-ledger.h) under the
 * procedure store's data folder. */

#include "controllers/vnt-procedure.h"
#include "crypto/vnt-pkcs12-writer.h"

G_BEGIN_DECLS

#define VNT_TYPE_PFX_STEP (vnt_pfx_step_get_type ())
G_DECLARE_FINAL_TYPE (VntPfxStep, vnt_pfx_step, VNT, PFX_STEP, GObject)

/* @procedure owns the step (not referenced); @name prefixes its record
 * fields ("pfx", "new_pfx"). */
VntPfxStep     *vnt_pfx_step_new              (VntProcedure        *procedure,
                                               const char          *name,
                                               const char          *saved_step);

/* What to pack: @certificate and its @key (in memory only). FALSE and
 * VNT_CRYPTO_ERROR_KEY_MISMATCH, said plainly, when the key is not the
 * certificate's; nothing is kept then. */
gboolean        vnt_pfx_step_set_contents     (VntPfxStep          *self,
                                               VntCertificate      *certificate,
                                               VntPrivateKey       *key,
                                               GError             **error);
/* Borrowed; NULL before set_contents. */
VntCertificate *vnt_pfx_step_get_certificate  (VntPfxStep          *self);
VntPrivateKey  *vnt_pfx_step_get_key          (VntPfxStep          *self);
/* The NPIE the certificate belongs to, for "Mis certificados IDSE"
 * (nullable). */
void            vnt_pfx_step_set_npie         (VntPfxStep          *self,
                                               const char          *npie);
/* The file name the save dialog suggests: "<RFC>_<número de certificado>.pfx". */
char           *vnt_pfx_step_get_default_name (VntPfxStep          *self);

/* Packs and writes the NEW file @path protected with @password (8–20
 * characters; copied, wiped after use). An operation of the procedure
 * ("busy"). G_IO_ERROR_EXISTS when @path exists (never replaced). */
void            vnt_pfx_step_save_async       (VntPfxStep          *self,
                                               const char          *path,
                                               const char          *password,
                                               VntPkcs12Profile     profile,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        vnt_pfx_step_save_finish      (VntPfxStep          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Where the `.pfx` was saved, or NULL. */
const char     *vnt_pfx_step_get_path         (VntPfxStep          *self);

/* An IDSE credential from @path (a `.pfx`, or a `.cer` when @key_path is
 * given) with @password (copied, wiped after use), in a worker thread. A
 * wrong password and a key of another certificate are said plainly
 * (VNT_CRYPTO_ERROR_WRONG_PASSWORD, _KEY_MISMATCH). */
void            vnt_pfx_step_open_credential_async  (const char          *path,
                                                     const char          *key_path,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
VntCredential  *vnt_pfx_step_open_credential_finish (GAsyncResult        *result,
                                                     GError             **error);
/* A private key alone (`.key`), with @password, in a worker thread. */
void            vnt_pfx_step_open_key_async         (const char          *key_path,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
VntPrivateKey  *vnt_pfx_step_open_key_finish        (GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
