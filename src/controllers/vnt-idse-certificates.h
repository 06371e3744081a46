/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Mis certificados IDSE": the certificates this computer saved as `.pfx`
 * (vnt-idse-ledger.h), each with the state the service reports now. The
 * notes are read in a worker thread and the states asked of the service
 * asynchronously, so the main loop never waits. When the service cannot
 * be asked, the list still comes back, with no states and the reason. */

#include "core/vnt-idse-ledger.h"
#include "net/vnt-service-client.h"

G_BEGIN_DECLS

typedef struct {
  VntIdseLedgerEntry *entry;
  /* "valid", "expired", "cancelled", "renewed" as the service said, or
   * NULL when it could not be asked. */
  char               *status;
} VntIdseCertificateState;

void       vnt_idse_certificate_state_free  (VntIdseCertificateState *state);

/* Element type VntIdseCertificateState, most recently saved first.
 * @client may be NULL (no service): then no state is asked. */
void       vnt_idse_certificates_list_async  (const char           *data_dir,
                                              VntServiceClient     *client,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* @service_error (nullable) gets why the states are missing, if they are;
 * @error only when the notes cannot be read at all (or cancelled). */
GPtrArray *vnt_idse_certificates_list_finish (GAsyncResult         *result,
                                              GError              **service_error,
                                              GError              **error);

/* Whole days from @now until @not_after (negative once expired). */
int        vnt_idse_certificate_days_left    (GDateTime            *not_after,
                                              GDateTime            *now);

G_END_DECLS
