/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Which practice persona física a procedure can still be done with, as the
 * practice service knows the accounts now, not as it knew them when the
 * practice e.firmas were made: after "Crear cuenta" their holder has an
 * account, after an "Actualización de la e.firma" the account has that
 * e.firma. */

#include "controllers/vnt-practice-efirmas.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

/* Asks @client, the practice service, about each persona física of the
 * practice e.firmas in @data_dir (her newest e.firma), in order, and gives
 * the first whose account is as @wanted says: none (the plain lookup), one
 * registered with another e.firma, or one with this one (both read with a
 * proof signed by her practice e.firma, as its holder may); a company's
 * legal representative first for the last. When nobody is left the
 * practice CA makes one, as SAT would: a new persona for NONE, a new
 * e.firma of a persona whose account has her current one for EARLIER.
 * G_IO_ERROR_NOT_FOUND when even that cannot be (CURRENT). */
void               vnt_practice_choose_async  (VntServiceClient    *client,
                                               const char          *data_dir,
                                               VntPracticeAccount   wanted,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The chosen e.firma (free with vnt_practice_efirma_free()), or NULL. */
VntPracticeEfirma *vnt_practice_choose_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
