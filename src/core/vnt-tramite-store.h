/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The on-disk memory of the procedures, under the user's data folder
 * (g_get_user_data_dir()/ventanilla, or $VENTANILLA_DATA_DIR):
 *
 *   tramites/<id>.json   one trámite's progress: the step reached and each
 *                        step's result (CURP, RFC, certificate, the service's
 *                        answers, Idempotency-Keys…). Never a password or a
 *                        private key.
 *   acuses/<folio>.json  every verified acuse, as the service sent it
 *   acuses/<folio>.pdf   and printable (written by the controllers)
 *
 * Every write is atomic (temporary file in the same folder, fsync, rename,
 * folder fsync), mode 0600. */

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* One trámite                                                         */

#define VNT_TYPE_TRAMITE (vnt_tramite_get_type ())
G_DECLARE_FINAL_TYPE (VntTramite, vnt_tramite, VNT, TRAMITE, GObject)

/* Properties (read-only, notified on change): "id", "procedure", "step",
 * "folio", "finalized", "updated-at" (GDateTime). */

/* A random local id (also the file name); not the service's folio. */
const char *vnt_tramite_get_id                 (VntTramite  *self);
/* The protocol's procedure id: "account.update", "account.create", … */
const char *vnt_tramite_get_procedure          (VntTramite  *self);
/* The step reached, as its controller names it ("curp", "review", …). */
const char *vnt_tramite_get_step               (VntTramite  *self);
void        vnt_tramite_set_step               (VntTramite  *self,
                                                const char  *step);
GDateTime  *vnt_tramite_get_created_at         (VntTramite  *self);
GDateTime  *vnt_tramite_get_updated_at         (VntTramite  *self);
/* The service's folio once it gave one, or NULL. */
const char *vnt_tramite_get_folio              (VntTramite  *self);
void        vnt_tramite_set_folio              (VntTramite  *self,
                                                const char  *folio);
/* TRUE once the service concluded it and its acuse is kept: a finalized
 * trámite is never sent again and is not offered to resume. */
gboolean    vnt_tramite_get_finalized          (VntTramite  *self);
void        vnt_tramite_mark_finalized         (VntTramite  *self);

/* Step results by name ("curp", "rfc", "name", "certificate_number",
 * "certificate_path", "key_path", "email", …); NULL removes. A name that
 * could hold a secret ("password", "passphrase", "secret", "pin",
 * "private_key", …) is refused with a critical warning: the store never
 * keeps one. */
const char *vnt_tramite_get_string             (VntTramite  *self,
                                                const char  *name);
void        vnt_tramite_set_string             (VntTramite  *self,
                                                const char  *name,
                                                const char  *value);
/* Binary results (e.g. "certificate": the .cer DER), base64 on disk. */
GBytes     *vnt_tramite_get_bytes              (VntTramite  *self,
                                                const char  *name);
void        vnt_tramite_set_bytes              (VntTramite  *self,
                                                const char  *name,
                                                GBytes      *value);
/* The service's answers ("tramite", "terms", "acuse"), kept as received
 * (they carry no nonce). Borrowed; NULL when absent. */
JsonObject *vnt_tramite_get_object             (VntTramite  *self,
                                                const char  *name);
void        vnt_tramite_set_object             (VntTramite  *self,
                                                const char  *name,
                                                JsonObject  *value);

/* The Idempotency-Key for @action ("start", "finalize"), made the first
 * time it is asked for. Save the trámite BEFORE sending the request: a
 * retry after a crash then repeats the same key. */
const char *vnt_tramite_ensure_idempotency_key (VntTramite  *self,
                                                const char  *action);
/* NULL when none was made for @action. */
const char *vnt_tramite_get_idempotency_key    (VntTramite  *self,
                                                const char  *action);
/* Forgets it, once the service gave a final answer to that request. */
void        vnt_tramite_clear_idempotency_key  (VntTramite  *self,
                                                const char  *action);

/* ------------------------------------------------------------------ */
/* One kept acuse ("Mis acuses")                                       */

#define VNT_TYPE_ACUSE_INFO (vnt_acuse_info_get_type ())
G_DECLARE_FINAL_TYPE (VntAcuseInfo, vnt_acuse_info, VNT, ACUSE_INFO, GObject)

/* Reads an acuse as the service sends it ({"payload", "signature"}):
 * decodes its payload. It does NOT verify the signature (the service client
 * does, before anything is kept). Error G_IO_ERROR_INVALID_DATA. */
VntAcuseInfo *vnt_acuse_info_new_from_acuse    (JsonObject   *acuse,
                                                GError      **error);

const char   *vnt_acuse_info_get_folio         (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_procedure     (VntAcuseInfo *self);
/* "Actualización de la e.firma", as the service named it. */
const char   *vnt_acuse_info_get_procedure_name (VntAcuseInfo *self);
GDateTime    *vnt_acuse_info_get_received_at   (VntAcuseInfo *self);
GDateTime    *vnt_acuse_info_get_concluded_at  (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_name          (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_curp          (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_rfc           (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_certificate_number (VntAcuseInfo *self);
/* The sentence the service wrote for the user. */
const char   *vnt_acuse_info_get_message       (VntAcuseInfo *self);
/* TRUE when a practice service issued it: no legal value. */
gboolean      vnt_acuse_info_get_practice      (VntAcuseInfo *self);
/* The decoded payload (its "data" member has the procedure's details). */
JsonObject   *vnt_acuse_info_get_payload       (VntAcuseInfo *self);
/* The service's signature (base64) and its certificate's SHA-256. */
const char   *vnt_acuse_info_get_signature     (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_signer_sha256 (VntAcuseInfo *self);
/* Where it is kept; NULL until listed from the store, or when the PDF is
 * missing. */
const char   *vnt_acuse_info_get_json_path     (VntAcuseInfo *self);
const char   *vnt_acuse_info_get_pdf_path      (VntAcuseInfo *self);

/* ------------------------------------------------------------------ */
/* The store                                                           */

#define VNT_TYPE_TRAMITE_STORE (vnt_tramite_store_get_type ())
G_DECLARE_FINAL_TYPE (VntTramiteStore, vnt_tramite_store, VNT, TRAMITE_STORE, GObject)

/* @data_dir holds tramites/ and acuses/; NULL: $VENTANILLA_DATA_DIR when
 * set, else g_get_user_data_dir()/ventanilla. Folders are made on the
 * first write. */
VntTramiteStore *vnt_tramite_store_new           (const char       *data_dir);
const char      *vnt_tramite_store_get_data_dir  (VntTramiteStore  *self);

/* A new trámite of @procedure, in memory until saved. */
VntTramite      *vnt_tramite_store_create        (VntTramiteStore  *self,
                                                  const char       *procedure);

/* Writes @tramite atomically, replacing its previous state. The async form
 * takes a snapshot at the call and writes it in a worker thread; a later
 * snapshot is never overwritten by an earlier one. */
gboolean         vnt_tramite_store_save          (VntTramiteStore  *self,
                                                  VntTramite       *tramite,
                                                  GError          **error);
void             vnt_tramite_store_save_async    (VntTramiteStore  *self,
                                                  VntTramite       *tramite,
                                                  GCancellable     *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer          user_data);
gboolean         vnt_tramite_store_save_finish   (VntTramiteStore  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

/* G_IO_ERROR_NOT_FOUND, or G_IO_ERROR_INVALID_DATA for a damaged file. */
VntTramite      *vnt_tramite_store_load          (VntTramiteStore  *self,
                                                  const char       *id,
                                                  GError          **error);
void             vnt_tramite_store_load_async    (VntTramiteStore  *self,
                                                  const char       *id,
                                                  GCancellable     *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer          user_data);
VntTramite      *vnt_tramite_store_load_finish   (VntTramiteStore  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

/* Trámites not finalized, most recently updated first (element type
 * VntTramite). Damaged files are skipped, never deleted. */
GPtrArray       *vnt_tramite_store_list_unfinished        (VntTramiteStore *self);
void             vnt_tramite_store_list_unfinished_async  (VntTramiteStore *self,
                                                           GCancellable    *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer         user_data);
GPtrArray       *vnt_tramite_store_list_unfinished_finish (VntTramiteStore *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);

/* Forgets an unfinished trámite ("Descartar"): the state saved or queued
 * up to the call. A snapshot taken after the call (the person went on
 * with it) is written again, and a restored one (vnt_tramite_store_save
 * of the trámite loaded before) comes back. A finalized one is kept:
 * G_IO_ERROR_PERMISSION_DENIED. */
gboolean         vnt_tramite_store_discard       (VntTramiteStore  *self,
                                                  const char       *id,
                                                  GError          **error);
void             vnt_tramite_store_discard_async  (VntTramiteStore  *self,
                                                   const char       *id,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
gboolean         vnt_tramite_store_discard_finish (VntTramiteStore  *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

/* acuses/<folio>.<extension> ("json", "pdf"); NULL when @folio is not a
 * protocol folio ([A-Z0-9-], at most 32). */
char            *vnt_tramite_store_get_acuse_path (VntTramiteStore *self,
                                                   const char      *folio,
                                                   const char      *extension);
/* Keeps a verified acuse (as received) as acuses/<folio>.json, never over
 * a different one (G_IO_ERROR_EXISTS); keeping the same one again is fine. */
gboolean         vnt_tramite_store_save_acuse    (VntTramiteStore  *self,
                                                  const char       *folio,
                                                  JsonObject       *acuse,
                                                  GError          **error);
/* NULL with G_IO_ERROR_NOT_FOUND when not kept. */
VntAcuseInfo    *vnt_tramite_store_load_acuse    (VntTramiteStore  *self,
                                                  const char       *folio,
                                                  GError          **error);
void             vnt_tramite_store_load_acuse_async  (VntTramiteStore  *self,
                                                      const char       *folio,
                                                      GCancellable     *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer          user_data);
VntAcuseInfo    *vnt_tramite_store_load_acuse_finish (VntTramiteStore  *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
/* "Mis acuses": every kept acuse, most recently concluded first (element
 * type VntAcuseInfo, with its paths). */
GPtrArray       *vnt_tramite_store_list_acuses        (VntTramiteStore *self);
void             vnt_tramite_store_list_acuses_async  (VntTramiteStore *self,
                                                       GCancellable    *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer         user_data);
GPtrArray       *vnt_tramite_store_list_acuses_finish (VntTramiteStore *self,
                                                       GAsyncResult    *result,
                                                       GError         **error);

G_END_DECLS
