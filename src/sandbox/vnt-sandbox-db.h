/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The sandbox's SQLite store: WAL, numbered schema migrations, every write
 * in a transaction. One connection, guarded by a mutex. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VntSandboxDb VntSandboxDb;

/* The schema version vnt_sandbox_db_open() migrates to. */
#define VNT_SANDBOX_DB_SCHEMA_VERSION 6

typedef enum {
  VNT_NONCE_OK,       /* issued, unexpired, unused: now consumed */
  VNT_NONCE_UNKNOWN,  /* never issued, or expired */
  VNT_NONCE_USED,     /* a replay */
} VntNonceState;

typedef struct {
  char   *curp;
  char   *rfc;
  char   *name;
  char   *certificate_number;
  char   *email;
  gint64  created_at;  /* Unix seconds */
  gint64  updated_at;
  gint64  certificate_not_before;  /* of the registered e.firma; 0: not known */
} VntSandboxAccount;

void               vnt_sandbox_account_free      (VntSandboxAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntSandboxAccount, vnt_sandbox_account_free)

/* Opens (creating it and its folder) and migrates to the latest schema.
 * Errors in G_IO_ERROR. */
VntSandboxDb      *vnt_sandbox_db_open            (const char    *path,
                                                   GError       **error);
void               vnt_sandbox_db_close           (VntSandboxDb  *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntSandboxDb, vnt_sandbox_db_close)

int                vnt_sandbox_db_get_schema_version (VntSandboxDb *db);
/* "wal" once open. */
char              *vnt_sandbox_db_get_journal_mode (VntSandboxDb *db);

gboolean           vnt_sandbox_db_add_nonce       (VntSandboxDb  *db,
                                                   const char    *nonce,
                                                   gint64         expires_at,
                                                   GError       **error);
/* Checks without consuming (before the signature is verified). */
VntNonceState      vnt_sandbox_db_peek_nonce      (VntSandboxDb  *db,
                                                   const char    *nonce,
                                                   gint64         now);
/* Marks it used; VNT_NONCE_USED when another request got there first. */
VntNonceState      vnt_sandbox_db_consume_nonce   (VntSandboxDb  *db,
                                                   const char    *nonce,
                                                   gint64         now);
/* Drops nonces that expired before @now. */
void               vnt_sandbox_db_prune_nonces    (VntSandboxDb  *db,
                                                   gint64         now);

/* NULL when there is no account for @curp. */
VntSandboxAccount *vnt_sandbox_db_find_account    (VntSandboxDb  *db,
                                                   const char    *curp);
/* Adds an account; G_IO_ERROR_EXISTS when the CURP has one. */
gboolean           vnt_sandbox_db_add_account     (VntSandboxDb      *db,
                                                   const VntSandboxAccount *account,
                                                   GError           **error);

/* Explicit transactions: every call in between is part of it (and other
 * threads wait). Commit or roll back exactly once. */
gboolean           vnt_sandbox_db_begin           (VntSandboxDb  *db,
                                                   GError       **error);
gboolean           vnt_sandbox_db_commit          (VntSandboxDb  *db,
                                                   GError       **error);
void               vnt_sandbox_db_rollback        (VntSandboxDb  *db);

/* @not_before: when the new e.firma became valid (Unix seconds). */
gboolean           vnt_sandbox_db_set_account_certificate (VntSandboxDb *db,
                                                           const char   *curp,
                                                           const char   *certificate_number,
                                                           gint64        not_before,
                                                           gint64        now,
                                                           GError      **error);

typedef struct {
  char   *folio;
  char   *procedure;
  char   *status;              /* "draft", "concluded", … */
  int     revision;
  char   *applicant_curp;
  char   *applicant_rfc;
  char   *certificate_number;  /* the signer's when it started */
  char   *data;                /* JSON text */
  char   *review;              /* JSON text */
  gint64  created_at;
  gint64  expires_at;
  gint64  concluded_at;        /* 0: not concluded */
} VntSandboxTramite;

void               vnt_sandbox_tramite_free       (VntSandboxTramite *tramite);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntSandboxTramite, vnt_sandbox_tramite_free)

/* Inserts and sets @tramite->folio ("PREFIX-YEAR-NNNNNN"). */
gboolean           vnt_sandbox_db_insert_tramite  (VntSandboxDb       *db,
                                                   VntSandboxTramite  *tramite,
                                                   const char         *folio_prefix,
                                                   GError            **error);
VntSandboxTramite *vnt_sandbox_db_find_tramite    (VntSandboxDb  *db,
                                                   const char    *folio);
/* Draft → @status ("concluded", "pending", "cancelled"), ended at @now, in
 * the database and in @tramite; fails when it is not a draft. */
gboolean           vnt_sandbox_db_end_tramite (VntSandboxDb      *db,
                                               VntSandboxTramite *tramite,
                                               const char        *status,
                                               gint64             now,
                                               GError           **error);
guint              vnt_sandbox_db_count_tramites  (VntSandboxDb  *db,
                                                   const char    *applicant_curp);

gboolean           vnt_sandbox_db_insert_acuse    (VntSandboxDb  *db,
                                                   const char    *folio,
                                                   GBytes        *payload,
                                                   const char    *signature,
                                                   gint64         now,
                                                   GError       **error);
gboolean           vnt_sandbox_db_find_acuse      (VntSandboxDb  *db,
                                                   const char    *folio,
                                                   GBytes       **payload,
                                                   char         **signature);

/* The answer kept for an Idempotency-Key. */
typedef struct {
  char   *method;
  char   *path;
  char   *body_sha256;
  char   *signature;     /* "" when the request had none */
  int     status;
  char   *content_type;
  GBytes *body;
} VntSandboxStoredAnswer;

void               vnt_sandbox_stored_answer_free (VntSandboxStoredAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VntSandboxStoredAnswer, vnt_sandbox_stored_answer_free)

VntSandboxStoredAnswer *vnt_sandbox_db_find_answer (VntSandboxDb *db,
                                                    const char   *key);
gboolean           vnt_sandbox_db_store_answer    (VntSandboxDb                 *db,
                                                   const char                   *key,
                                                   const VntSandboxStoredAnswer *answer,
                                                   gint64                        now,
                                                   GError                      **error);
/* Forgets the answers stored before @before. */
gboolean           vnt_sandbox_db_prune_answers   (VntSandboxDb                 *db,
                                                   gint64                        before,
                                                   GError                      **error);

/* For the tables of the later procedures: one statement with its
 * parameters, @types naming each ('s' string or NULL, 'i' gint64,
 * 'b' GBytes). Inside or outside a transaction. @changes (nullable) gets
 * the number of rows changed. */
gboolean           vnt_sandbox_db_execute         (VntSandboxDb  *db,
                                                   guint         *changes,
                                                   GError       **error,
                                                   const char    *sql,
                                                   const char    *types,
                                                   ...);
/* vnt_sandbox_db_execute () that fails unless exactly one row changed
 * (another request got there first, or the row is gone). */
gboolean                vnt_sandbox_db_execute_one (VntSandboxDb *db,
                                                    GError      **error,
                                                    const char   *sql,
                                                    const char   *types,
                                                    ...);
/* The rows, each a GPtrArray of column texts (NULL for NULL; blobs in
 * base64). Never NULL; empty on no rows or on failure. */
GPtrArray         *vnt_sandbox_db_query           (VntSandboxDb  *db,
                                                   const char    *sql,
                                                   const char    *types,
                                                   ...);
/* The first of those rows; NULL when there is none. */
GPtrArray              *vnt_sandbox_db_query_row (VntSandboxDb *db,
                                                  const char   *sql,
                                                  const char   *types,
                                                  ...);

G_END_DECLS
