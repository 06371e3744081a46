/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "core/vnt-safe-file.h"
#include "sandbox/vnt-sandbox-db.h"

struct _VntSandboxDb
{
  sqlite3   *handle;
  GRecMutex  lock;  /* recursive: a transaction spans several calls */
};

/* Migration N brings the schema from version N to N + 1. Never edit one
 * that has shipped: add another. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE nonces ("
  "  nonce TEXT PRIMARY KEY,"
  "  expires_at INTEGER NOT NULL,"
  "  used INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE accounts ("
  "  curp TEXT PRIMARY KEY,"
  "  rfc TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  certificate_number TEXT NOT NULL,"
  "  email TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");",
  /* 1 → 2: trámites, their acuses, and the answers kept per Idempotency-Key. */
  "CREATE TABLE tramites ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  folio TEXT UNIQUE,"
  "  procedure TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  applicant_curp TEXT NOT NULL,"
  "  applicant_rfc TEXT NOT NULL,"
  "  certificate_number TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  review TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  concluded_at INTEGER"
  ");"
  "CREATE TABLE acuses ("
  "  folio TEXT PRIMARY KEY REFERENCES tramites (folio),"
  "  payload BLOB NOT NULL,"
  "  signature TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE idempotency ("
  "  key TEXT PRIMARY KEY,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body_sha256 TEXT NOT NULL,"
  "  signature TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  body BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");",
  /* 2 → 3: represented companies, and the PDFs and co-signatures of
   * trámites. */
  "CREATE TABLE representations ("
  "  company_rfc TEXT NOT NULL,"
  "  representative_curp TEXT NOT NULL,"
  "  razon_social TEXT NOT NULL,"
  "  tipo_poder TEXT NOT NULL,"
  "  folio TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  removed_at INTEGER,"
  "  PRIMARY KEY (company_rfc, representative_curp)"
  ");"
  "CREATE TABLE attachments ("
  "  folio TEXT NOT NULL REFERENCES tramites (folio),"
  "  kind TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (folio, kind)"
  ");"
  "CREATE TABLE cosignatures ("
  "  folio TEXT NOT NULL REFERENCES tramites (folio),"
  "  role TEXT NOT NULL,"
  "  rfc TEXT NOT NULL,"
  "  curp TEXT NOT NULL,"
  "  certificate_number TEXT NOT NULL,"
  "  tramite_sha256 TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (folio, role)"
  ");",
  /* 3 → 4: IDSE: employers (NPIE), requests and issued certificates. Only
   * a salted slow hash of the IDSE password is kept (the verifier). */
  "CREATE TABLE idse_employers ("
  "  npie TEXT PRIMARY KEY,"
  "  rfc TEXT NOT NULL,"
  "  registro_patronal TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE idse_requests ("
  "  folio TEXT PRIMARY KEY REFERENCES tramites (folio),"
  "  npie TEXT,"
  "  rfc TEXT NOT NULL,"
  "  registro_patronal TEXT NOT NULL,"
  "  usuario TEXT NOT NULL,"
  "  verifier TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  csr BLOB NOT NULL,"
  "  deadline TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  serial TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE idse_certificates ("
  "  serial TEXT PRIMARY KEY,"
  "  npie TEXT NOT NULL,"
  "  folio TEXT NOT NULL,"
  "  usuario TEXT NOT NULL,"
  "  verifier TEXT NOT NULL,"
  "  der BLOB NOT NULL,"
  "  not_before INTEGER NOT NULL,"
  "  not_after INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  previous_serial TEXT,"
  "  changed_at INTEGER"
  ");",
  /* 4 → 5: GET /v1/tramites lists an applicant's trámites, newest first;
   * the "Carta de Condiciones de Uso" each IDSE certificate accepted. */
  "CREATE INDEX tramites_applicant ON tramites (applicant_curp, applicant_rfc, created_at);"
  "CREATE TABLE idse_conditions ("
  "  serial TEXT PRIMARY KEY,"
  "  version TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  accepted_at INTEGER NOT NULL"
  ");",
  /* 5 → 6: when the registered e.firma became valid, so that an
   * actualización with an older one is refused (NULL: not known). */
  "ALTER TABLE accounts ADD COLUMN certificate_not_before INTEGER;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VNT_SANDBOX_DB_SCHEMA_VERSION);

void
vnt_sandbox_account_free (VntSandboxAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->curp);
  g_free (account->rfc);
  g_free (account->name);
  g_free (account->certificate_number);
  g_free (account->email);
  g_free (account);
}

static gboolean
set_sqlite_error (sqlite3     *handle,
                  const char  *what,
                  GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("The sandbox database failed (%s): %s"), what, sqlite3_errmsg (handle));
  return FALSE;
}

/* Binds @types ('s' string or NULL, 'i' gint64, 'b' GBytes) from @args. */
static sqlite3_stmt *
prepare_va (VntSandboxDb *db,
            const char   *sql,
            const char   *types,
            va_list      *args)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;

  for (int i = 0; types != NULL && types[i] != '\0'; i++)
    {
      if (types[i] == 's')
        sqlite3_bind_text (stmt, i + 1, va_arg (*args, const char *), -1, SQLITE_TRANSIENT);
      else if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (*args, gint64));
      else
        {
          GBytes *bytes = va_arg (*args, GBytes *);

          sqlite3_bind_blob (stmt, i + 1, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             SQLITE_TRANSIENT);
        }
    }

  return stmt;
}

/* Runs a statement that returns no rows: the SQLite result, SQLITE_DONE
 * when it ran. The caller holds the lock. */
static int
step_va (VntSandboxDb *db,
         const char   *sql,
         const char   *types,
         va_list      *args)
{
  sqlite3_stmt *stmt = prepare_va (db, sql, types, args);
  int           rc = stmt != NULL ? sqlite3_step (stmt) : SQLITE_ERROR;

  sqlite3_finalize (stmt);

  return rc;
}

static int
step (VntSandboxDb *db,
      const char   *sql,
      const char   *types,
      ...)
{
  va_list args;
  int     rc;

  va_start (args, types);
  rc = step_va (db, sql, types, &args);
  va_end (args);

  return rc;
}

/* Runs a statement that returns no rows, holding the lock. On failure (or,
 * with @one_row, when it did not change exactly one row) sets @error,
 * naming the statement. */
static gboolean
execute_va (VntSandboxDb *db,
            gboolean      one_row,
            guint        *changes,
            GError      **error,
            const char   *sql,
            const char   *types,
            va_list      *args)
{
  gboolean ok;

  g_rec_mutex_lock (&db->lock);
  ok = step_va (db, sql, types, args) == SQLITE_DONE &&
       (!one_row || sqlite3_changes (db->handle) == 1);
  if (!ok)
    set_sqlite_error (db->handle, sql, error);
  else if (changes != NULL)
    *changes = sqlite3_changes (db->handle);
  g_rec_mutex_unlock (&db->lock);

  return ok;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Reads the row into the pointers that follow in @args, by @columns:
 * 's' char ** (NULL for NULL), 'd' int *, 'i' gint64 * (0 for NULL),
 * 'b' GBytes **. */
static void
read_columns (sqlite3_stmt *stmt,
              const char   *columns,
              va_list      *args)
{
  for (int i = 0; columns[i] != '\0'; i++)
    {
      if (columns[i] == 's')
        *va_arg (*args, char **) = column_strdup (stmt, i);
      else if (columns[i] == 'd')
        *va_arg (*args, int *) = sqlite3_column_int (stmt, i);
      else if (columns[i] == 'i')
        *va_arg (*args, gint64 *) = sqlite3_column_int64 (stmt, i);
      else
        {
          const void *blob = sqlite3_column_blob (stmt, i);

          *va_arg (*args, GBytes **) = g_bytes_new (blob, sqlite3_column_bytes (stmt, i));
        }
    }
}

/* Runs a query, holding the lock: binds @types from the arguments (as
 * prepare_va()), then reads the first row into the pointers after them
 * (as read_columns()). FALSE, writing nothing, when there is no row. */
static gboolean
select_row (VntSandboxDb *db,
            const char   *sql,
            const char   *types,
            const char   *columns,
            ...)
{
  sqlite3_stmt *stmt;
  gboolean      found;
  va_list args;

  g_rec_mutex_lock (&db->lock);
  va_start (args, columns);
  stmt = prepare_va (db, sql, types, &args);
  found = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    read_columns (stmt, columns, &args);
  va_end (args);
  sqlite3_finalize (stmt);
  g_rec_mutex_unlock (&db->lock);

  return found;
}

static gboolean
exec (sqlite3     *handle,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (handle, sql, error);

  return TRUE;
}

/* Each step in its own transaction, with the version bump inside it, so a
 * crash leaves the schema at a whole version. */
static gboolean
migrate (VntSandboxDb *db,
         GError      **error)
{
  int version = vnt_sandbox_db_get_schema_version (db);

  if (version < 0)
    return set_sqlite_error (db->handle, "user_version", error);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The sandbox database was made by a newer version (schema %d). Use that version, or another database file."),
                   version);
      return FALSE;
    }

  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!vnt_sandbox_db_begin (db, error))
        return FALSE;
      if (!exec (db->handle, migrations[v], error) || !exec (db->handle, bump, error))
        {
          vnt_sandbox_db_rollback (db);
          return FALSE;
        }
      if (!vnt_sandbox_db_commit (db, error))
        return FALSE;
    }

  return TRUE;
}

VntSandboxDb *
vnt_sandbox_db_open (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = NULL;
  VntSandboxDb *db;
  sqlite3 *handle = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (!vnt_safe_file_make_folder (dir, error))
    return NULL;

  if (sqlite3_open_v2 (path, &handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      if (handle != NULL)
        set_sqlite_error (handle, path, error);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not open the database “%s”."), path);
      sqlite3_close (handle);
      return NULL;
    }

  sqlite3_busy_timeout (handle, 5000);

  /* Accounts are personal data: the owner only (the -wal and -shm files
   * SQLite makes later take the same mode). */
  g_chmod (path, 0600);

  db = g_new0 (VntSandboxDb, 1);
  db->handle = handle;
  g_rec_mutex_init (&db->lock);

  /* WAL: readers never block the writer, and a crash mid-write loses
   * nothing committed. FULL sync: a committed trámite survives a power cut. */
  if (!exec (handle, "PRAGMA journal_mode = WAL", error) ||
      !exec (handle, "PRAGMA synchronous = FULL", error) ||
      !exec (handle, "PRAGMA foreign_keys = ON", error) ||
      !migrate (db, error))
    {
      vnt_sandbox_db_close (db);
      return NULL;
    }

  return db;
}

void
vnt_sandbox_db_close (VntSandboxDb *db)
{
  if (db == NULL)
    return;

  sqlite3_close (db->handle);
  g_rec_mutex_clear (&db->lock);
  g_free (db);
}

int
vnt_sandbox_db_get_schema_version (VntSandboxDb *db)
{
  int version = -1;

  select_row (db, "PRAGMA user_version", NULL, "d", &version);

  return version;
}

char *
vnt_sandbox_db_get_journal_mode (VntSandboxDb *db)
{
  char *mode = NULL;

  select_row (db, "PRAGMA journal_mode", NULL, "s", &mode);

  return mode;
}

gboolean
vnt_sandbox_db_add_nonce (VntSandboxDb  *db,
                          const char    *nonce,
                          gint64         expires_at,
                          GError       **error)
{
  return vnt_sandbox_db_execute (db, NULL, error,
                                 "INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)", "si",
                                 nonce, expires_at);
}

VntNonceState
vnt_sandbox_db_peek_nonce (VntSandboxDb *db,
                           const char   *nonce,
                           gint64        now)
{
  gint64 expires_at;
  int    used;

  if (!select_row (db, "SELECT expires_at, used FROM nonces WHERE nonce = ?", "s", "id", nonce,
                   &expires_at, &used))
    return VNT_NONCE_UNKNOWN;
  if (used != 0)
    return VNT_NONCE_USED;

  return expires_at > now ? VNT_NONCE_OK : VNT_NONCE_UNKNOWN;
}

VntNonceState
vnt_sandbox_db_consume_nonce (VntSandboxDb *db,
                              const char   *nonce,
                              gint64        now)
{
  VntNonceState state = VNT_NONCE_UNKNOWN;

  g_rec_mutex_lock (&db->lock);
  /* One statement: of two requests racing with the same nonce, one wins. */
  if (step (db, "UPDATE nonces SET used = 1 WHERE nonce = ? AND used = 0 AND expires_at > ?",
            "si", nonce, now) == SQLITE_DONE)
    state = sqlite3_changes (db->handle) == 1 ? VNT_NONCE_OK : VNT_NONCE_USED;
  g_rec_mutex_unlock (&db->lock);

  return state;
}

void
vnt_sandbox_db_prune_nonces (VntSandboxDb *db,
                             gint64        now)
{
  vnt_sandbox_db_execute (db, NULL, NULL, "DELETE FROM nonces WHERE expires_at <= ?", "i", now);
}

VntSandboxAccount *
vnt_sandbox_db_find_account (VntSandboxDb *db,
                             const char   *curp)
{
  g_autoptr(VntSandboxAccount) account = g_new0 (VntSandboxAccount, 1);

  if (!select_row (db,
                   "SELECT curp, rfc, name, certificate_number, email, created_at, updated_at, "
                   "certificate_not_before FROM accounts WHERE curp = ?",
                   "s", "sssssiii", curp, &account->curp, &account->rfc, &account->name,
                   &account->certificate_number, &account->email, &account->created_at,
                   &account->updated_at, &account->certificate_not_before))
    return NULL;

  return g_steal_pointer (&account);
}

gboolean
vnt_sandbox_db_add_account (VntSandboxDb             *db,
                            const VntSandboxAccount  *account,
                            GError                  **error)
{
  int rc;

  g_rec_mutex_lock (&db->lock);
  /* certificate_not_before 0 (not known) is kept as NULL. */
  rc = step (db,
             "INSERT INTO accounts (curp, rfc, name, certificate_number, email, created_at, "
             "updated_at, certificate_not_before) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF (?, 0))",
             "sssssiii", account->curp, account->rfc, account->name, account->certificate_number,
             account->email, account->created_at, account->updated_at,
             account->certificate_not_before);
  if (rc == SQLITE_CONSTRAINT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("There is already an account for the CURP %s."), account->curp);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (db->handle, "account", error);
  g_rec_mutex_unlock (&db->lock);

  return rc == SQLITE_DONE;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */

gboolean
vnt_sandbox_db_begin (VntSandboxDb  *db,
                      GError       **error)
{
  g_rec_mutex_lock (&db->lock);
  if (!exec (db->handle, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&db->lock);
      return FALSE;
    }

  return TRUE;
}

gboolean
vnt_sandbox_db_commit (VntSandboxDb  *db,
                       GError       **error)
{
  if (!exec (db->handle, "COMMIT", error))
    {
      vnt_sandbox_db_rollback (db);
      return FALSE;
    }

  g_rec_mutex_unlock (&db->lock);
  return TRUE;
}

void
vnt_sandbox_db_rollback (VntSandboxDb *db)
{
  sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
  g_rec_mutex_unlock (&db->lock);
}

/* ------------------------------------------------------------------ */
/* Accounts, trámites, acuses                                          */

gboolean
vnt_sandbox_db_set_account_certificate (VntSandboxDb  *db,
                                        const char    *curp,
                                        const char    *certificate_number,
                                        gint64         not_before,
                                        gint64         now,
                                        GError       **error)
{
  return vnt_sandbox_db_execute_one (db, error,
                                     "UPDATE accounts SET certificate_number = ?, "
                                     "certificate_not_before = ?, updated_at = ? WHERE curp = ?",
                                     "siis", certificate_number, not_before, now, curp);
}

void
vnt_sandbox_tramite_free (VntSandboxTramite *tramite)
{
  if (tramite == NULL)
    return;

  g_free (tramite->folio);
  g_free (tramite->procedure);
  g_free (tramite->status);
  g_free (tramite->applicant_curp);
  g_free (tramite->applicant_rfc);
  g_free (tramite->certificate_number);
  g_free (tramite->data);
  g_free (tramite->review);
  g_free (tramite);
}

gboolean
vnt_sandbox_db_insert_tramite (VntSandboxDb       *db,
                               VntSandboxTramite  *tramite,
                               const char         *folio_prefix,
                               GError            **error)
{
  gboolean ok;

  g_rec_mutex_lock (&db->lock);
  ok = step (db,
             "INSERT INTO tramites (procedure, status, revision, applicant_curp, applicant_rfc, "
             "certificate_number, data, review, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             "ssisssssii", tramite->procedure, tramite->status, (gint64) tramite->revision,
             tramite->applicant_curp, tramite->applicant_rfc, tramite->certificate_number,
             tramite->data, tramite->review, tramite->created_at,
             tramite->expires_at) == SQLITE_DONE;

  /* The folio follows the row id: unique, and never reused (AUTOINCREMENT). */
  if (ok)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (tramite->created_at);
      gint64 id = sqlite3_last_insert_rowid (db->handle);

      g_free (tramite->folio);
      tramite->folio = g_strdup_printf ("%s-%d-%06" G_GINT64_FORMAT, folio_prefix,
                                        g_date_time_get_year (created), id);
      ok = step (db, "UPDATE tramites SET folio = ? WHERE id = ?", "si", tramite->folio,
                 id) == SQLITE_DONE;
    }

  if (!ok)
    set_sqlite_error (db->handle, "tramite", error);
  g_rec_mutex_unlock (&db->lock);

  return ok;
}

VntSandboxTramite *
vnt_sandbox_db_find_tramite (VntSandboxDb *db,
                             const char   *folio)
{
  g_autoptr(VntSandboxTramite) tramite = g_new0 (VntSandboxTramite, 1);

  /* concluded_at: NULL (not concluded) reads as 0. */
  if (!select_row (db,
                   "SELECT folio, procedure, status, revision, applicant_curp, applicant_rfc, "
                   "certificate_number, data, review, created_at, expires_at, concluded_at "
                   "FROM tramites WHERE folio = ?",
                   "s", "sssdsssssiii", folio, &tramite->folio, &tramite->procedure,
                   &tramite->status, &tramite->revision, &tramite->applicant_curp,
                   &tramite->applicant_rfc, &tramite->certificate_number, &tramite->data,
                   &tramite->review, &tramite->created_at, &tramite->expires_at,
                   &tramite->concluded_at))
    return NULL;

  return g_steal_pointer (&tramite);
}

gboolean
vnt_sandbox_db_end_tramite (VntSandboxDb      *db,
                            VntSandboxTramite *tramite,
                            const char        *status,
                            gint64             now,
                            GError           **error)
{
  char *old_status = tramite->status;

  if (!vnt_sandbox_db_execute_one (db, error,
                                   "UPDATE tramites SET status = ?, concluded_at = ? "
                                   "WHERE folio = ? AND status = 'draft'",
                                   "sis", status, now, tramite->folio))
    return FALSE;

  tramite->status = g_strdup (status);
  tramite->concluded_at = now;
  g_free (old_status);
  return TRUE;
}

gboolean
vnt_sandbox_db_insert_acuse (VntSandboxDb  *db,
                             const char    *folio,
                             GBytes        *payload,
                             const char    *signature,
                             gint64         now,
                             GError       **error)
{
  return vnt_sandbox_db_execute (db, NULL, error,
                                 "INSERT INTO acuses (folio, payload, signature, created_at) "
                                 "VALUES (?, ?, ?, ?)",
                                 "sbsi", folio, payload, signature, now);
}

gboolean
vnt_sandbox_db_find_acuse (VntSandboxDb  *db,
                           const char    *folio,
                           GBytes       **payload,
                           char         **signature)
{
  return select_row (db, "SELECT payload, signature FROM acuses WHERE folio = ?", "s", "bs",
                     folio, payload, signature);
}

guint
vnt_sandbox_db_count_tramites (VntSandboxDb *db,
                               const char   *applicant_curp)
{
  int count = 0;

  select_row (db, "SELECT COUNT(*) FROM tramites WHERE applicant_curp = ?", "s", "d",
              applicant_curp, &count);

  return count;
}

/* ------------------------------------------------------------------ */
/* Idempotency                                                         */

void
vnt_sandbox_stored_answer_free (VntSandboxStoredAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->method);
  g_free (answer->path);
  g_free (answer->body_sha256);
  g_free (answer->signature);
  g_free (answer->content_type);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

VntSandboxStoredAnswer *
vnt_sandbox_db_find_answer (VntSandboxDb *db,
                            const char   *key)
{
  g_autoptr(VntSandboxStoredAnswer) answer = g_new0 (VntSandboxStoredAnswer, 1);

  if (!select_row (db,
                   "SELECT method, path, body_sha256, signature, status, content_type, body "
                   "FROM idempotency WHERE key = ?",
                   "s", "ssssdsb", key, &answer->method, &answer->path, &answer->body_sha256,
                   &answer->signature, &answer->status, &answer->content_type, &answer->body))
    return NULL;

  return g_steal_pointer (&answer);
}

gboolean
vnt_sandbox_db_store_answer (VntSandboxDb                 *db,
                             const char                   *key,
                             const VntSandboxStoredAnswer *answer,
                             gint64                        now,
                             GError                      **error)
{
  return vnt_sandbox_db_execute (db, NULL, error,
                                 "INSERT INTO idempotency (key, method, path, body_sha256, "
                                 "signature, status, content_type, body, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 "sssssisbi", key, answer->method, answer->path,
                                 answer->body_sha256,
                                 answer->signature != NULL ? answer->signature : "",
                                 (gint64) answer->status, answer->content_type, answer->body, now);
}

gboolean
vnt_sandbox_db_prune_answers (VntSandboxDb  *db,
                              gint64         before,
                              GError       **error)
{
  return vnt_sandbox_db_execute (db, NULL, error,
                                 "DELETE FROM idempotency WHERE created_at < ?", "i", before);
}

/* ------------------------------------------------------------------ */
/* Generic statements, for the tables of the later procedures          */

gboolean
vnt_sandbox_db_execute (VntSandboxDb  *db,
                        guint         *changes,
                        GError       **error,
                        const char    *sql,
                        const char    *types,
                        ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = execute_va (db, FALSE, changes, error, sql, types, &args);
  va_end (args);

  return ok;
}

gboolean
vnt_sandbox_db_execute_one (VntSandboxDb *db,
                            GError      **error,
                            const char   *sql,
                            const char   *types,
                            ...)
{
  va_list  args;
  gboolean ok;

  va_start (args, types);
  ok = execute_va (db, TRUE, NULL, error, sql, types, &args);
  va_end (args);

  return ok;
}

static GPtrArray *
query_va (VntSandboxDb *db,
          const char   *sql,
          const char   *types,
          va_list      *args)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;

  g_rec_mutex_lock (&db->lock);
  stmt = prepare_va (db, sql, types, args);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      int n = sqlite3_column_count (stmt);

      for (int i = 0; i < n; i++)
        {
          /* Blobs come back in base64, as the protocol sends them. */
          if (sqlite3_column_type (stmt, i) == SQLITE_BLOB)
            g_ptr_array_add (row, g_base64_encode (sqlite3_column_blob (stmt, i),
                                                   sqlite3_column_bytes (stmt, i)));
          else
            g_ptr_array_add (row, column_strdup (stmt, i));
        }
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  g_rec_mutex_unlock (&db->lock);

  return rows;
}

GPtrArray *
vnt_sandbox_db_query (VntSandboxDb *db,
                      const char   *sql,
                      const char   *types,
                      ...)
{
  GPtrArray *rows;
  va_list    args;

  va_start (args, types);
  rows = query_va (db, sql, types, &args);
  va_end (args);

  return rows;
}

GPtrArray *
vnt_sandbox_db_query_row (VntSandboxDb *db,
                          const char   *sql,
                          const char   *types,
                          ...)
{
  g_autoptr(GPtrArray) rows = NULL;
  va_list args;

  va_start (args, types);
  rows = query_va (db, sql, types, &args);
  va_end (args);

  return rows->len > 0 ? g_ptr_array_ref (g_ptr_array_index (rows, 0)) : NULL;
}
