/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The practice IDSE certificates: so a newcomer can cancel, recover and
 * renew one in practice mode, the practice service's IDSE CA issues, on
 * the first start, certificates to the practice company (one NPIE, one
 * usuario and contraseña) into …/ventanilla/practica-idse/: each as a
 * `.cer`, its `.key` (SAT's format) and a `.pfx`, all under the IDSE
 * contraseña, and records them in the practice database as the service's
 * own. One is to cancel, one to recover (valid) and one to renew (expired
 * 30 days ago). They are practice data: the contraseña is shown. */

#include "crypto/vnt-idse-ca.h"
#include "sandbox/vnt-sandbox-db.h"

G_BEGIN_DECLS

#define VNT_PRACTICE_IDSE_NPIE     "PRACTICA0001"
#define VNT_PRACTICE_IDSE_USUARIO  "practica01"
#define VNT_PRACTICE_IDSE_PASSWORD "Practica2026"

typedef enum {
  VNT_PRACTICE_IDSE_TO_CANCEL,   /* valid */
  VNT_PRACTICE_IDSE_TO_RECOVER,  /* valid */
  VNT_PRACTICE_IDSE_TO_RENEW,    /* expired 30 days ago */
  VNT_PRACTICE_IDSE_N_USES,
} VntPracticeIdseUse;

typedef struct {
  VntPracticeIdseUse  use;
  char               *name;      /* the company's */
  char               *rfc;
  char               *serial;    /* the número de certificado */
  char               *cer_path;
  char               *key_path;
  char               *pfx_path;
  char               *npie;
  char               *usuario;
  char               *password;  /* practice data: shown in the app */
} VntPracticeIdse;

void             vnt_practice_idse_free   (VntPracticeIdse *idse);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntPracticeIdse, vnt_practice_idse_free)

/* Makes the certificates with @ca into @data_dir/practica-idse unless they
 * are there, and records them in @db unless it has them (a new database
 * learns them again; a cancelled one stays cancelled). The holder is
 * @company_name, @company_rfc. Blocking (key generation): call from a
 * worker thread. */
gboolean         vnt_practice_idse_ensure (const char    *data_dir,
                                           VntIdseCa     *ca,
                                           VntSandboxDb  *db,
                                           const char    *company_name,
                                           const char    *company_rfc,
                                           GError       **error);

/* The practice certificate for @use made in @data_dir (see
 * vnt_practice_data_dir()), or NULL before practice mode first started.
 * Reads files: cheap, but not for a draw handler. */
VntPracticeIdse *vnt_practice_idse_get    (const char          *data_dir,
                                           VntPracticeIdseUse   use);
/* The same in a worker thread; G_IO_ERROR_NOT_FOUND (its message says what
 * to do) while there is none. */
void             vnt_practice_idse_get_async (const char         *data_dir,
                                              VntPracticeIdseUse  use,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
VntPracticeIdse *vnt_practice_idse_get_finish (GAsyncResult *result,
                                               GError      **error);

G_END_DECLS
