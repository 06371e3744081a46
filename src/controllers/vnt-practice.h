/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Practice mode: with no service URL set (GSettings key "service-url"
 * empty), the app runs ventanilla-sandbox inside its own process, on
 * 127.0.0.1 with a random port, in a thread of its own, with its database
 * at …/ventanilla/practica.db and its key and certificate beside it (made
 * on first start). The client talks to it over HTTPS pinned to that
 * certificate, which also signs the acuses. Also on first start the
 * practice CA and its e.firmas are made there (vnt-practice-efirmas.h). */

#include "controllers/vnt-practice-efirmas.h"
#include "crypto/vnt-trust-store.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

#define VNT_TYPE_PRACTICE (vnt_practice_get_type ())
G_DECLARE_FINAL_TYPE (VntPractice, vnt_practice, VNT, PRACTICE, GObject)

/* @data_dir: the folder for practica.db; NULL: as VntTramiteStore's
 * ($VENTANILLA_DATA_DIR, else g_get_user_data_dir()/ventanilla). */
VntPractice      *vnt_practice_new                   (const char    *data_dir);
/* Test hook, before starting: how long a client may take to send a
 * request's headers, its TLS handshake included (default: the sandbox's). */
void              vnt_practice_set_header_timeout_for_testing (VntPractice *self,
                                                               guint        ms);
/* Opens the database (creating it), makes the key on first start and
 * starts listening; all off the calling thread. */
void              vnt_practice_start_async           (VntPractice   *self,
                                                      GCancellable  *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer       user_data);
gboolean          vnt_practice_start_finish          (VntPractice   *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);
gboolean          vnt_practice_get_running           (VntPractice   *self);
/* "https://127.0.0.1:PORT" while running, else NULL. */
const char       *vnt_practice_get_url               (VntPractice   *self);
/* SHA-256 of the sandbox's certificate (TLS pin and acuse signer). */
const char       *vnt_practice_get_certificate_sha256 (VntPractice  *self);
/* While running: the bundled CAs plus the practice CA, for the local
 * checks of the practice e.firmas (owned by @self). */
VntTrustStore    *vnt_practice_get_trust_store       (VntPractice   *self);
/* A client for the running sandbox: URL, pin and acuse certificate set. */
VntServiceClient *vnt_practice_create_client         (VntPractice   *self,
                                                      GError       **error);
/* Stops listening and closes the database. Also done on finalize. */
void              vnt_practice_stop                  (VntPractice   *self);

/* TRUE when @service_url (the GSettings value) means practice mode. */
gboolean          vnt_practice_is_practice_url       (const char    *service_url);

G_END_DECLS
