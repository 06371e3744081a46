/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* `efirma watch`, split by facet: efirma-watch-scan.c finds and reads the
 * certificates under the PATHs; efirma-watch.c judges them and prints. */

#include "crypto/vnt-ocsp.h"
#include "efirma-common.h"

G_BEGIN_DECLS

/* How far a scan goes below each PATH, and how many entries it looks at in
 * all, so that a PATH such as / or $HOME ends soon and says where it
 * stopped. */
#define EFIRMA_WATCH_MAX_DEPTH 16
#define EFIRMA_WATCH_MAX_ENTRIES 100000

/* One certificate, found in one or more files. */
typedef struct {
  VntCertificate *certificate;
  GPtrArray      *files;       /* paths, in the order found */
  /* Filled by efirma-watch.c. */
  int             chain;       /* VntChainStatus */
  VntOcspResult  *revocation;  /* NULL: not asked */
  int             status;
} EfirmaWatchEntry;

typedef struct {
  char *file;
  char *reason;
} EfirmaWatchSkip;

typedef struct {
  /* In */
  EfirmaPasswordSource  password_source;  /* for .pfx files only */
  guint                 max_depth;
  guint                 max_entries;

  /* Out */
  GPtrArray            *entries;   /* EfirmaWatchEntry, one per SHA-256 */
  GPtrArray            *skipped;   /* EfirmaWatchSkip */
  gboolean              io_error;  /* a PATH itself could not be read */

  /* Private to the scan */
  GHashTable           *by_sha256;
  GHashTable           *seen;      /* "dev:inode" of files and folders */
  guint                 n_entries;
  gboolean              stopped;
  VntSecret            *password;
  gboolean              password_read;
} EfirmaWatchScan;

void efirma_watch_scan_init  (EfirmaWatchScan *scan);
void efirma_watch_scan_clear (EfirmaWatchScan *scan);
/* Adds what @path holds: a certificate file (DER, PEM, one or many), a
 * .pfx when a password source is set, or a folder, scanned recursively
 * without following links. Whatever cannot be read is added to
 * scan->skipped with the reason. */
void efirma_watch_scan_path  (EfirmaWatchScan *scan,
                              const char      *path);

G_END_DECLS
