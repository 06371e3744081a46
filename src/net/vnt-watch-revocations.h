/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Asking OCSP about watched certificates, several requests in flight. */

#include "crypto/vnt-watch.h"

G_BEGIN_DECLS

/* Asks the responder at @url (NULL: SAT's) about every entry
 * vnt_watch_scan_to_ask () names, and records each answer with
 * vnt_watch_entry_set_revocation (). Blocking: run it in a worker thread.
 * FALSE only when @cancellable was cancelled; an unreachable responder is
 * "unavailable" on each entry, never "good". */
gboolean vnt_watch_scan_check_revocations (VntWatchScan   *scan,
                                           VntTrustStore  *trust,
                                           const char     *url,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_END_DECLS
