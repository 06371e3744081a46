/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* "Mis certificados IDSE": what this computer keeps of the IDSE
 * certificates it requested, recovered or renewed, one small JSON file per
 * saved `.pfx` under <data dir>/idse-certificados/. Only where the file
 * went and the certificate's public facts: never a key nor a password.
 * Each entry is a NEW file (never one rewritten), 0600. Blocking: call
 * from a worker thread. */

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char      *path;        /* the .pfx */
  char      *procedure;   /* "idse.recover", "idse.request", … */
  char      *npie;        /* may be NULL */
  char      *serial;      /* the número de certificado */
  char      *rfc;
  char      *name;
  GDateTime *not_before;
  GDateTime *not_after;
  GDateTime *saved_at;
} VntIdseLedgerEntry;

VntIdseLedgerEntry *vnt_idse_ledger_entry_new  (void);
void                vnt_idse_ledger_entry_free (VntIdseLedgerEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntIdseLedgerEntry, vnt_idse_ledger_entry_free)

/* Adds @entry (its saved_at: now when NULL). */
gboolean   vnt_idse_ledger_add  (const char                *data_dir,
                                 const VntIdseLedgerEntry  *entry,
                                 GError                   **error);
/* Every entry, most recently saved first (element type
 * VntIdseLedgerEntry); empty when none. Damaged files are skipped. */
GPtrArray *vnt_idse_ledger_list (const char                *data_dir,
                                 GError                   **error);

G_END_DECLS
