/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The practice e.firmas: on the first start of practice mode the practice
 * CA ("Ventanilla — práctica", crypto/vnt-practice-ca.h) issues a set of
 * e.firmas for fictitious holders into …/ventanilla/practica-efirmas/,
 * beside the practice database: personas físicas whose CURP and RFC pass
 * their check digits, a persona moral represented by one of them, and a
 * CSD of that company for the refusals. Each is valid four years from the
 * day it is made; its .key is in SAT's format under a password the app
 * shows. Only the practice service trusts them. */

#include <gio/gio.h>

#include "crypto/vnt-practice-ca.h"

G_BEGIN_DECLS

typedef enum {
  VNT_PRACTICE_KIND_FISICA,  /* "fisica": e.firma of a persona física */
  VNT_PRACTICE_KIND_MORAL,   /* "moral": e.firma of a company */
  VNT_PRACTICE_KIND_CSD,     /* "csd": the company's CSD, never an e.firma */
} VntPracticeKind;

/* What a new practice database knows of the holder (vnt-practice.c). */
typedef enum {
  VNT_PRACTICE_ACCOUNT_NONE,     /* no account: for "Crear cuenta" */
  VNT_PRACTICE_ACCOUNT_EARLIER,  /* an account with an earlier e.firma: for
                                  * "Actualización de la e.firma" */
  VNT_PRACTICE_ACCOUNT_CURRENT,  /* an account with this e.firma: a
                                  * company's legal representative */
} VntPracticeAccount;

typedef struct {
  VntPracticeKind     kind;
  VntPracticeAccount  account;
  char               *name;                /* "ANA LAURA PRUEBA SOLIS" */
  char               *rfc;                 /* the holder's; a company's own */
  char               *curp;                /* NULL for a company */
  char               *representative_rfc;  /* MORAL and CSD: the persona física */
  char               *representative_curp; /* who represents the company */
  char               *certificate_number;
  GDateTime          *not_before;
  GDateTime          *not_after;
  char               *cer_path;
  char               *key_path;
  char               *password;            /* practice data: shown in the app */
  /* ACCOUNT_EARLIER: the e.firma the seeded account was registered with. */
  char               *earlier_certificate_number;
  GDateTime          *earlier_not_before;
} VntPracticeEfirma;

void               vnt_practice_efirma_free        (VntPracticeEfirma *efirma);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntPracticeEfirma, vnt_practice_efirma_free)

/* "fisica", "moral", "csd". */
const char        *vnt_practice_kind_to_string     (VntPracticeKind    kind);

/* The practice data folder: @data_dir, else $VENTANILLA_DATA_DIR, else
 * g_get_user_data_dir()/ventanilla (as VntTramiteStore's). */
char              *vnt_practice_data_dir           (const char        *data_dir);

/* Makes the set with @ca into @data_dir/practica-efirmas unless it is
 * there already. Blocking (key generation): call from a worker thread. */
gboolean           vnt_practice_efirmas_ensure     (const char        *data_dir,
                                                    VntPracticeCa     *ca,
                                                    GError           **error);

/* Adds to the set in @data_dir a practice e.firma of a persona física
 * made with @ca now, valid four years: a new one of @holder's (as SAT
 * issues a new e.firma, for an "Actualización de la e.firma"), or, with
 * @holder NULL, of a new persona nobody has seen (for "Crear cuenta").
 * Blocking (key generation): call from a worker thread. */
gboolean           vnt_practice_efirmas_add        (const char               *data_dir,
                                                    VntPracticeCa            *ca,
                                                    const VntPracticeEfirma  *holder,
                                                    GError                  **error);

/* The practice e.firmas made in @data_dir (see vnt_practice_data_dir()),
 * element type VntPracticeEfirma, in the order they were made: físicas
 * first, then the company and its CSD. Empty before practice mode first
 * started. The facts come from the certificates themselves. */
GPtrArray         *vnt_practice_list_efirmas       (const char        *data_dir);
/* The same in a worker thread: it reads every certificate. */
void               vnt_practice_list_efirmas_async (const char          *data_dir,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray         *vnt_practice_list_efirmas_finish (GAsyncResult       *result,
                                                     GError            **error);

/* The first e.firma of @kind in @efirmas whose holder's seeded account is
 * @account, or NULL; borrowed from @efirmas. */
VntPracticeEfirma *vnt_practice_efirmas_find       (GPtrArray          *efirmas,
                                                    VntPracticeKind     kind,
                                                    VntPracticeAccount  account);
/* The persona física (in @efirmas) who represents the company of @efirma
 * (MORAL or CSD), or NULL. */
VntPracticeEfirma *vnt_practice_efirmas_get_representative (GPtrArray               *efirmas,
                                                            const VntPracticeEfirma *efirma);

G_END_DECLS
