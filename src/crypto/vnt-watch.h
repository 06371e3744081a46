/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Watching many certificates: what `efirma watch` and "Mis e.firmas" share.
 * vnt-watch-scan.c finds and reads the certificates under files and
 * folders (never a key, never a password kept); vnt-watch.c judges each at
 * a time and says what to do next. Asking OCSP about them is
 * net/vnt-watch-revocations.h. Everything here blocks: callers run it in a
 * worker thread. */

#include <gio/gio.h>

#include "core/vnt-core-utils.h"
#include "crypto/vnt-certificate.h"
#include "crypto/vnt-ocsp.h"
#include "crypto/vnt-trust-store.h"

G_BEGIN_DECLS

/* How far a scan goes below each path, and how many entries it looks at in
 * all, so that a path such as / or $HOME ends soon and says where it
 * stopped. */
#define VNT_WATCH_MAX_DEPTH 16
#define VNT_WATCH_MAX_ENTRIES 100000
/* No certificate file is larger. */
#define VNT_WATCH_MAX_FILE (10 * 1024 * 1024)
/* What "expiring" means unless told otherwise. */
#define VNT_WATCH_DEFAULT_WITHIN_DAYS 30

/* What a watched certificate needs, worst first when several apply. */
typedef enum {
  VNT_WATCH_STATUS_REVOKED,
  VNT_WATCH_STATUS_UNTRUSTED,
  VNT_WATCH_STATUS_EXPIRED,
  VNT_WATCH_STATUS_NOT_YET_VALID,
  VNT_WATCH_STATUS_EXPIRING,
  VNT_WATCH_STATUS_VALID,
  VNT_WATCH_N_STATUSES,
} VntWatchStatus;

/* SAT's two kinds, and IMSS's IDSE certificates. */
typedef enum {
  VNT_WATCH_KIND_EFIRMA,
  VNT_WATCH_KIND_CSD,
  VNT_WATCH_KIND_IDSE,
  VNT_WATCH_KIND_OTHER,
} VntWatchKind;

/* One certificate, found in one or more files. */
typedef struct {
  VntCertificate *certificate;
  GPtrArray      *files;       /* paths, in the order found */
  /* Filled by vnt_watch_scan_judge (). */
  VntChainStatus  chain;
  VntOcspResult  *revocation;  /* NULL: not asked */
  VntWatchStatus  status;
} VntWatchEntry;

typedef struct {
  char *file;
  char *reason;
} VntWatchSkip;

/* Gives the password for the .pfx files of a scan, asked at most once and
 * only when one is met; NULL with @error when it cannot be had. */
typedef VntSecret *(*VntWatchPasswordFunc) (gpointer   user_data,
                                            GError   **error);

typedef struct {
  /* In */
  guint                 max_depth;
  guint                 max_entries;
  /* For .pfx files only; NULL: they are skipped with
   * @no_password_reason (or a reason of our own). */
  VntWatchPasswordFunc  password_func;
  gpointer              password_data;
  const char           *no_password_reason;
  GCancellable         *cancellable;

  /* Out */
  GPtrArray            *entries;   /* VntWatchEntry, one per SHA-256 */
  GPtrArray            *skipped;   /* VntWatchSkip */
  gboolean              io_error;  /* a path itself could not be read */

  /* Private to the scan */
  GHashTable           *by_sha256;
  GHashTable           *seen;      /* "dev:inode" of files and folders */
  guint                 n_entries;
  gboolean              stopped;
  VntSecret            *password;
  gboolean              password_read;
} VntWatchScan;

void            vnt_watch_scan_init      (VntWatchScan   *scan);
void            vnt_watch_scan_clear     (VntWatchScan   *scan);
/* Adds what @path holds: a certificate file (DER, PEM, one or many), a
 * .pfx when a password function is set, or a folder, scanned recursively
 * without following links. Whatever cannot be read is added to
 * scan->skipped with the reason. Stops early when scan->cancellable is
 * cancelled. */
void            vnt_watch_scan_path      (VntWatchScan   *scan,
                                          const char     *path);
/* Judges every entry at @at, "expiring" meaning within @within_days, and
 * sorts them soonest expiry first. Without OCSP: see
 * vnt_watch_apply_revocations (). */
void            vnt_watch_scan_judge     (VntWatchScan   *scan,
                                          VntTrustStore  *trust,
                                          GDateTime      *at,
                                          int             within_days);
/* The entries OCSP should be asked about: not a CA, neither untrusted nor
 * out of date (nobody revokes those in earnest). */
GPtrArray      *vnt_watch_scan_to_ask    (VntWatchScan   *scan);
/* Records @result (a VntOcspResult) for @entry: "revoked" changes its
 * status; "unavailable" and "unknown" stay warnings. */
void            vnt_watch_entry_set_revocation (VntWatchEntry *entry,
                                                VntOcspResult *result);
/* TRUE when anything needs attention (revoked, untrusted, expired,
 * expiring). */
gboolean        vnt_watch_scan_needs_attention (VntWatchScan *scan);

/* "revoked", "not-yet-valid"…, as JSON names them. */
const char     *vnt_watch_status_to_string     (VntWatchStatus  status);
/* The translated word ("revoked", "not yet valid"). */
const char     *vnt_watch_status_get_label     (VntWatchStatus  status);
gboolean        vnt_watch_status_needs_attention (VntWatchStatus status);

VntWatchKind    vnt_watch_kind_for_certificate (VntCertificate *certificate);
/* "efirma", "csd", "idse", "other". */
const char     *vnt_watch_kind_to_string       (VntWatchKind    kind);
/* The translated word ("e.firma", "CSD", "IDSE", "other"). */
const char     *vnt_watch_kind_get_label       (VntWatchKind    kind);

/* What the user should do next about @entry, translated; NULL when
 * nothing. */
const char     *vnt_watch_entry_get_next_step  (VntWatchEntry  *entry);

G_END_DECLS
