/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Practice mode: with no service URL set (GSettings key "service-url"
 * empty), the app runs ventanilla-sandbox inside its own process, on
 * 127.0.0.1 with a random port, in a thread of its own, with its database
 * at …/ventanilla/practica.db and its key and certificate beside it (made
 * on first start). The client talks to it over HTTPS pinned to that
 * certificate, which also signs the acuses. */

#include "net/vnt-service-client.h"

G_BEGIN_DECLS

#define VNT_TYPE_PRACTICE (vnt_practice_get_type ())
G_DECLARE_FINAL_TYPE (VntPractice, vnt_practice, VNT, PRACTICE, GObject)

/* @data_dir: the folder for practica.db; NULL: as VntTramiteStore's
 * ($VENTANILLA_DATA_DIR, else g_get_user_data_dir()/ventanilla). */
VntPractice      *vnt_practice_new                   (const char    *data_dir);
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
/* A client for the running sandbox: URL, pin and acuse certificate set. */
VntServiceClient *vnt_practice_create_client         (VntPractice   *self,
                                                      GError       **error);
/* Stops listening and closes the database. Also done on finalize. */
void              vnt_practice_stop                  (VntPractice   *self);

/* TRUE when @service_url (the GSettings value) means practice mode. */
gboolean          vnt_practice_is_practice_url       (const char    *service_url);

/* ---- "Usar una e.firma de prueba del SAT" ---- */

/* One of SAT's public test e.firmas shipped with the app (data/practice/,
 * see its README.md). They are public test data, so the password is too. */
typedef struct {
  char *name;                /* "OSCAR KALA HAAK" */
  char *rfc;
  char *curp;
  char *certificate_number;
  char *cer_path;
  char *key_path;
  char *password;
} VntPracticeEfirma;

void              vnt_practice_efirma_free           (VntPracticeEfirma *efirma);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntPracticeEfirma, vnt_practice_efirma_free)

/* The installed ones (PKGDATADIR/practice, or $VENTANILLA_DATADIR/practice
 * in an uninstalled build), element type VntPracticeEfirma, sorted by
 * name; empty when none is installed. */
GPtrArray        *vnt_practice_list_efirmas          (void);
/* The same in a worker thread: it reads every certificate. */
void              vnt_practice_list_efirmas_async    (GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray        *vnt_practice_list_efirmas_finish   (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
