/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `meson test --benchmark bench-sandbox-load`: a bounded load run against
 * an in-process sandbox on 127.0.0.1 (its own thread, a fresh database).
 *
 * Several VntServiceClients, all async on this thread's main loop, each
 * completing whole procedures with the SAT test e.firmas (practice mode):
 * nonce → start trámite → carta → finalize → acuse verified. The sandbox
 * ties an account to the CURP in the certificate and only three SAT test
 * e.firmas of personas físicas carry a CURP it accepts (RAQN770121HDFMZV08
 * fails its check digit: invalid-curp), so each identity alternates
 * "Crear cuenta" (account.create) and "Actualización de la e.firma"
 * (account.update), and before each procedure the bench resets its account
 * in the sandbox's own thread (deleted before a create, given an earlier
 * certificate number before an update). An identity runs one procedure at
 * a time, so at most three procedures are in flight whatever --clients says.
 *
 * Stops after --procedures procedures or --seconds seconds, whichever
 * comes first; prints throughput, p50/p99 per request type and errors;
 * then checks the database read-only. Exits non-zero on any error or
 * inconsistency; asserts nothing about speed (machines differ). */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "crypto/vnt-crypto.h"
#include "net/vnt-service-client.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-utils.h"

typedef struct
{
  const char    *file;  /* fiel/fiel-fisica-<this>.cer/.key */
  const char    *curp;
  const char    *rfc;
  const char    *name;
  VntCredential *credential;
  gboolean       busy;
  guint          round;
} Identity;

static Identity identities[] = {
  { "KAHO641101B39", "KAHO641101HNTLKS06", "KAHO641101B39", "OSCAR KALA HAAK", NULL, FALSE, 0 },
  { "XOJI740919U48", "XOJI740919MQTDMN02", "XOJI740919U48", "INGRID XODAR JIMENEZ", NULL, FALSE, 0 },
  { "XIQB891116QE4", "XIQB891116MGRMZR05", "XIQB891116QE4", "BERENICE XIMO QUEZADA", NULL, FALSE, 0 },
};

enum { REQ_RESET, REQ_NONCE, REQ_START, REQ_TERMS, REQ_FINALIZE, REQ_PROCEDURE, N_REQ };
static const char * const request_names[N_REQ] = {
  "reset (sandbox thread)", "POST /v1/nonces", "POST /v1/tramites", "GET /v1/terms/ctc-ev",
  "POST .../finalize + acuse", "whole procedure",
};

/* An earlier e.firma's number, so that there is something to update. */
#define EARLIER_NUMBER "30001000000400000001"

static int opt_clients = 8;
static int opt_procedures = 200;
static int opt_seconds = 60;

static struct
{
  /* The sandbox's thread. */
  GThread            *thread;
  GMainContext       *server_context;
  GMainLoop          *server_loop;
  VntSandbox         *sandbox;
  VntSandboxDb       *db;
  VntServiceIdentity *identity;
  char               *url;
  char               *dir;
  char               *db_path;
  GMutex              lock;
  GCond               ready;
  gboolean            started;

  /* The clients' side: this thread only. */
  GMainLoop          *loop;
  GPtrArray          *free_clients;
  GCancellable       *cancellable;
  gint64              t_start;
  gint64              t_end;
  guint               launched;
  guint               active;
  guint               max_active;
  guint               succeeded;
  guint               failed;
  guint               finalized;
  GArray             *latencies[N_REQ];  /* gdouble, ms */
  guint               errors[N_REQ];
  GHashTable         *error_messages;    /* message → count */
  GHashTable         *folios;            /* folios of the successful finalizes */
  GHashTable         *keys;              /* every Idempotency-Key sent */
  guint               duplicate_folios;
} load;

typedef struct
{
  Identity         *who;
  VntServiceClient *client;
  gboolean          create;
  gint64            t_procedure;
  gint64            t_step;
  char             *start_key;
  char             *finalize_key;
  JsonObject       *tramite;
  JsonObject       *terms;
} Procedure;

static void dispatch (void);

static void
procedure_free (Procedure *proc)
{
  g_ptr_array_add (load.free_clients, proc->client);
  proc->who->busy = FALSE;
  g_free (proc->start_key);
  g_free (proc->finalize_key);
  g_clear_pointer (&proc->tramite, json_object_unref);
  g_clear_pointer (&proc->terms, json_object_unref);
  g_free (proc);
}

static void
record (int     type,
        gint64  since)
{
  gdouble ms = (g_get_monotonic_time () - since) / 1000.0;

  g_array_append_val (load.latencies[type], ms);
}

static void
procedure_end (Procedure *proc,
               int        failed_step,
               GError    *error)
{
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s (%s)", request_names[failed_step], error->message,
                                                  error->domain == VNT_NET_ERROR
                                                  ? vnt_net_error_code_to_string (error->code) : "other");
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (load.error_messages, message));

      load.errors[failed_step]++;
      load.failed++;
      g_hash_table_replace (load.error_messages, g_steal_pointer (&message), GUINT_TO_POINTER (count + 1));
    }
  else
    {
      record (REQ_PROCEDURE, proc->t_procedure);
      load.succeeded++;
    }

  load.active--;
  procedure_free (proc);
  dispatch ();
}

static void
finalize_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Procedure *proc = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) acuse = NULL;
  g_autoptr(JsonObject) content = NULL;
  const char *folio;

  content = vnt_service_client_finalize_finish (proc->client, result, &acuse, &error);
  if (content == NULL)
    {
      procedure_end (proc, REQ_FINALIZE, error);
      return;
    }
  record (REQ_FINALIZE, proc->t_step);
  load.finalized++;

  /* The client verified the acuse against the pinned certificate; it must
   * also be for this folio. */
  folio = json_object_get_string_member (proc->tramite, "folio");
  if (g_strcmp0 (json_object_get_string_member (content, "folio"), folio) != 0 || acuse == NULL)
    {
      g_autoptr(GError) mismatch = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                        "the acuse is not for this folio");
      procedure_end (proc, REQ_FINALIZE, mismatch);
      return;
    }
  if (!g_hash_table_add (load.folios, g_strdup (folio)))
    load.duplicate_folios++;

  procedure_end (proc, REQ_FINALIZE, NULL);
}

static void
terms_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Procedure *proc = user_data;
  g_autoptr(GError) error = NULL;

  proc->terms = vnt_service_client_get_terms_finish (proc->client, result, &error);
  if (proc->terms == NULL)
    {
      procedure_end (proc, REQ_TERMS, error);
      return;
    }
  record (REQ_TERMS, proc->t_step);

  proc->finalize_key = g_uuid_string_random ();
  g_hash_table_add (load.keys, g_strdup (proc->finalize_key));
  proc->t_step = g_get_monotonic_time ();
  vnt_service_client_finalize_async (proc->client, proc->who->credential, proc->who->curp, proc->who->rfc,
                                     json_object_get_string_member (proc->tramite, "folio"),
                                     json_object_get_string_member (proc->tramite, "procedure"),
                                     json_object_get_int_member (proc->tramite, "revision"),
                                     proc->terms, proc->finalize_key, load.cancellable, finalize_cb, proc);
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Procedure *proc = user_data;
  g_autoptr(GError) error = NULL;

  proc->tramite = vnt_service_client_start_tramite_finish (proc->client, result, &error);
  if (proc->tramite == NULL)
    {
      procedure_end (proc, REQ_START, error);
      return;
    }
  record (REQ_START, proc->t_step);

  proc->t_step = g_get_monotonic_time ();
  vnt_service_client_get_terms_async (proc->client, "ctc-ev", load.cancellable, terms_cb, proc);
}

static void
nonce_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Procedure *proc = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autoptr(JsonObject) data = json_object_new ();

  nonce = vnt_service_client_new_nonce_finish (proc->client, result, &error);
  if (nonce == NULL)
    {
      procedure_end (proc, REQ_NONCE, error);
      return;
    }
  record (REQ_NONCE, proc->t_step);

  json_object_set_string_member (data, "curp", proc->who->curp);
  json_object_set_string_member (data, "rfc", proc->who->rfc);
  if (proc->create)
    json_object_set_string_member (data, "email", "carga@example.mx");

  proc->start_key = g_uuid_string_random ();
  g_hash_table_add (load.keys, g_strdup (proc->start_key));
  proc->t_step = g_get_monotonic_time ();
  vnt_service_client_start_tramite_async (proc->client, proc->who->credential, proc->who->curp, proc->who->rfc,
                                          proc->create ? "account.create" : "account.update", data,
                                          proc->start_key, load.cancellable, start_cb, proc);
}

/* Back on the clients' thread once the account is reset. */
static gboolean
reset_done_cb (gpointer data)
{
  Procedure *proc = data;

  record (REQ_RESET, proc->t_step);
  proc->t_step = g_get_monotonic_time ();
  vnt_service_client_new_nonce_async (proc->client, load.cancellable, nonce_cb, proc);

  return G_SOURCE_REMOVE;
}

/* In the sandbox's thread, between two requests (it answers each one
 * within one dispatch, so no transaction of its own is open). */
static gboolean
reset_cb (gpointer data)
{
  Procedure *proc = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (proc->create)
    ok = vnt_sandbox_db_execute (load.db, NULL, &error, "DELETE FROM accounts WHERE curp = ?", "s",
                                 proc->who->curp);
  else
    {
      g_autoptr(VntSandboxAccount) account = vnt_sandbox_db_find_account (load.db, proc->who->curp);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      /* Normally made by the create before; not when that one failed. */
      if (account == NULL)
        {
          VntSandboxAccount earlier = {
            .curp = (char *) proc->who->curp, .rfc = (char *) proc->who->rfc,
            .name = (char *) proc->who->name, .certificate_number = (char *) EARLIER_NUMBER,
            .email = NULL, .created_at = now, .updated_at = now,
          };

          ok = vnt_sandbox_db_add_account (load.db, &earlier, &error);
        }
      else
        ok = vnt_sandbox_db_set_account_certificate (load.db, proc->who->curp, EARLIER_NUMBER, 0, now, &error);
    }
  if (!ok)
    g_error ("Resetting the account of %s: %s", proc->who->curp, error->message);

  g_main_context_invoke (NULL, reset_done_cb, proc);  /* NULL: the global (clients') context */

  return G_SOURCE_REMOVE;
}

static gboolean
may_launch (void)
{
  return load.launched < (guint) opt_procedures &&
         g_get_monotonic_time () - load.t_start < (gint64) opt_seconds * G_USEC_PER_SEC;
}

static void
dispatch (void)
{
  while (may_launch () && load.free_clients->len > 0)
    {
      Identity *who = NULL;
      Procedure *proc;

      for (gsize i = 0; i < G_N_ELEMENTS (identities) && who == NULL; i++)
        if (!identities[i].busy)
          who = &identities[i];
      if (who == NULL)
        break;

      proc = g_new0 (Procedure, 1);
      proc->who = who;
      who->busy = TRUE;
      proc->create = who->round % 2 == 0;
      who->round++;
      proc->client = g_ptr_array_steal_index_fast (load.free_clients, load.free_clients->len - 1);
      proc->t_procedure = proc->t_step = g_get_monotonic_time ();
      load.launched++;
      load.active++;
      load.max_active = MAX (load.max_active, load.active);
      g_main_context_invoke (load.server_context, reset_cb, proc);
    }

  if (load.active == 0)
    {
      load.t_end = g_get_monotonic_time ();
      g_main_loop_quit (load.loop);
    }
}

/* A hard stop: whatever is still in flight is cancelled. */
static gboolean
deadline_cb (gpointer data)
{
  g_printerr ("Hard deadline reached, cancelling what is in flight\n");
  g_cancellable_cancel (load.cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);

  g_main_context_push_thread_default (load.server_context);
  load.db = vnt_sandbox_db_open (load.db_path, &error);
  if (load.db == NULL)
    g_error ("Opening the sandbox database: %s", error->message);
  load.sandbox = vnt_sandbox_new (load.db, load.identity, TRUE);
  /* SAT's 2019 test e.firmas, judged on a day they were current: the load
   * is what is measured, not their expiry. */
  {
    g_autoptr(GDateTime) then = g_date_time_new_utc (2023, 5, 20, 12, 0, 0);

    vnt_sandbox_set_certificate_time_for_testing (load.sandbox, then);
  }
  /* The sandbox owns the database from here; the pointer is only used in
   * this thread, while the sandbox lives. */
  if (!vnt_sandbox_listen (load.sandbox, G_INET_SOCKET_ADDRESS (address), FALSE, &error))
    g_error ("Starting the sandbox: %s", error->message);
  load.url = vnt_sandbox_get_url (load.sandbox);

  g_mutex_lock (&load.lock);
  load.started = TRUE;
  g_cond_signal (&load.ready);
  g_mutex_unlock (&load.lock);

  g_main_loop_run (load.server_loop);

  vnt_sandbox_disconnect (load.sandbox);
  g_clear_object (&load.sandbox);
  load.db = NULL;
  g_main_context_pop_thread_default (load.server_context);

  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *) a;
  gdouble y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

/* Nearest rank. */
static gdouble
percentile (GArray  *sorted,
            gdouble  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gdouble, rank - 1);
}

static gint64
query_int (sqlite3    *handle,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Read-only, after the sandbox has closed the database. */
static gboolean
check_database (void)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *integrity = NULL;
  gint64 tramites, concluded, acuses, distinct_folios, orphan_acuses, keys, distinct_keys, finalize_keys;
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer key;
  guint missing_folios = 0;
  guint repeated_keys = 0;

  if (sqlite3_open_v2 (load.db_path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("Cannot open %s read-only\n", load.db_path);
      sqlite3_close (handle);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  tramites = query_int (handle, "SELECT COUNT(*) FROM tramites");
  concluded = query_int (handle, "SELECT COUNT(*) FROM tramites WHERE status = 'concluded'");
  acuses = query_int (handle, "SELECT COUNT(*) FROM acuses");
  distinct_folios = query_int (handle, "SELECT COUNT(DISTINCT folio) FROM tramites");
  orphan_acuses = query_int (handle, "SELECT COUNT(*) FROM acuses WHERE folio NOT IN "
                                     "(SELECT folio FROM tramites WHERE status = 'concluded')");
  keys = query_int (handle, "SELECT COUNT(*) FROM idempotency");
  distinct_keys = query_int (handle, "SELECT COUNT(DISTINCT key) FROM idempotency");
  finalize_keys = query_int (handle, "SELECT COUNT(*) FROM idempotency WHERE path LIKE '%/finalize' "
                                     "AND status = 200");

  g_hash_table_iter_init (&iter, load.folios);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *sql = sqlite3_mprintf ("SELECT COUNT(*) FROM acuses WHERE folio = %Q", (const char *) key);

      if (query_int (handle, sql) != 1)
        missing_folios++;
      sqlite3_free (sql);
    }
  g_hash_table_iter_init (&iter, load.keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *sql = sqlite3_mprintf ("SELECT COUNT(*) FROM idempotency WHERE key = %Q", (const char *) key);

      if (query_int (handle, sql) > 1)
        repeated_keys++;
      sqlite3_free (sql);
    }
  sqlite3_close (handle);

  g_print ("\nDatabase (read-only, %s)\n", "after the sandbox closed it");
  g_print ("  integrity_check                 %s\n", integrity != NULL ? integrity : "(no answer)");
  g_print ("  trámites / concluded / acuses   %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT "\n",
           tramites, concluded, acuses);
  g_print ("  successful finalizes (client)   %u\n", load.finalized);
  g_print ("  distinct folios / trámites      %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT "\n", distinct_folios, tramites);
  g_print ("  idempotency rows / distinct     %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
           " (finalize 200s: %" G_GINT64_FORMAT ")\n", keys, distinct_keys, finalize_keys);

#define EXPECT(cond, what) \
  G_STMT_START { if (!(cond)) { g_printerr ("DATABASE CHECK FAILED: %s\n", what); ok = FALSE; } } G_STMT_END

  EXPECT (g_strcmp0 (integrity, "ok") == 0, "PRAGMA integrity_check is not ok");
  EXPECT (concluded == load.finalized, "concluded trámites differ from the successful finalizes");
  EXPECT (acuses == load.finalized, "acuses differ from the successful finalizes");
  EXPECT (orphan_acuses == 0, "an acuse without a concluded trámite");
  EXPECT (distinct_folios == tramites, "a duplicate folio in tramites");
  EXPECT (load.duplicate_folios == 0, "the same folio was concluded twice");
  EXPECT (missing_folios == 0, "a folio the client got an acuse for has none in the database");
  EXPECT (distinct_keys == keys, "a duplicate Idempotency-Key");
  EXPECT (repeated_keys == 0, "an Idempotency-Key stored more than once");
  EXPECT (finalize_keys == load.finalized, "finalize answers kept differ from the successful finalizes");
  EXPECT (tramites == (gint64) (load.launched - load.errors[REQ_RESET] - load.errors[REQ_NONCE]
                                - load.errors[REQ_START]),
          "trámites differ from the starts that succeeded");

#undef EXPECT

  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean keep = FALSE;
  gboolean db_ok;
  gdouble seconds;
  GHashTableIter iter;
  gpointer message, count;
  GOptionEntry entries[] = {
    { "clients", 'c', 0, G_OPTION_ARG_INT, &opt_clients, "Concurrent service clients (default 8)", "N" },
    { "procedures", 'n', 0, G_OPTION_ARG_INT, &opt_procedures, "Procedures to run at most (default 200)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &opt_seconds, "Stop starting new ones after this (default 60)", "S" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the database and print its path", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_clients < 1 || opt_procedures < 1 || opt_seconds < 1)
    {
      g_printerr ("--clients, --procedures and --seconds must be at least 1\n");
      return 2;
    }

  vnt_crypto_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      g_autofree char *cer_name = g_strdup_printf ("fiel/fiel-fisica-%s.cer", identities[i].file);
      g_autofree char *key_name = g_strdup_printf ("fiel/fiel-fisica-%s.key", identities[i].file);
      g_autofree char *cer = vnt_test_sat_path (cer_name);
      g_autofree char *key = vnt_test_sat_path (key_name);

      if (cer == NULL || key == NULL)
        {
          g_print ("SKIP: the SAT test set (../shared/testdata/sat) is not there\n");
          return 77;
        }
      identities[i].credential = vnt_credential_new_from_files (cer, key, "12345678a", &error);
      if (identities[i].credential == NULL)
        g_error ("Loading %s: %s", cer, error->message);
    }

  load.dir = g_dir_make_tmp ("vnt-sandbox-load-XXXXXX", &error);
  if (load.dir == NULL)
    g_error ("%s", error->message);
  load.db_path = g_build_filename (load.dir, "sandbox.db", NULL);
  load.identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  if (load.identity == NULL)
    g_error ("%s", error->message);

  load.server_context = g_main_context_new ();
  load.server_loop = g_main_loop_new (load.server_context, FALSE);
  load.thread = g_thread_new ("sandbox", server_thread, NULL);
  g_mutex_lock (&load.lock);
  while (!load.started)
    g_cond_wait (&load.ready, &load.lock);
  g_mutex_unlock (&load.lock);

  load.loop = g_main_loop_new (NULL, FALSE);
  load.cancellable = g_cancellable_new ();
  load.free_clients = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < opt_clients; i++)
    {
      VntServiceClient *client = vnt_service_client_new (load.url, &error);

      if (client == NULL)
        g_error ("%s", error->message);
      vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (load.identity));
      /* A failure is counted, not hidden behind retries. */
      vnt_service_client_set_retries (client, 0);
      g_ptr_array_add (load.free_clients, client);
    }
  for (int i = 0; i < N_REQ; i++)
    load.latencies[i] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  load.error_messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load.folios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_print ("Sandbox %s, database %s\n", load.url, keep ? load.db_path : "(temporary)");
  g_print ("%d clients, at most %d procedures or %d s; %" G_GSIZE_FORMAT " identities\n",
           opt_clients, opt_procedures, opt_seconds, G_N_ELEMENTS (identities));

  load.t_start = g_get_monotonic_time ();
  g_timeout_add_seconds ((guint) opt_seconds + 30, deadline_cb, NULL);
  dispatch ();
  g_main_loop_run (load.loop);
  seconds = (load.t_end - load.t_start) / (gdouble) G_USEC_PER_SEC;

  g_print ("\nProcedures: %u started, %u completed (acuse verified), %u failed, in %.2f s\n",
           load.launched, load.succeeded, load.failed, seconds);
  g_print ("Throughput: %.2f procedures/s; at most %u in flight\n",
           seconds > 0 ? load.succeeded / seconds : 0.0, load.max_active);
  g_print ("\n%-28s %8s %10s %10s %10s %7s\n", "Request", "count", "p50 ms", "p99 ms", "max ms", "errors");
  for (int i = 0; i < N_REQ; i++)
    {
      GArray *values = load.latencies[i];

      g_array_sort (values, compare_doubles);
      g_print ("%-28s %8u %10.1f %10.1f %10.1f %7u\n", request_names[i], values->len,
               percentile (values, 0.50), percentile (values, 0.99),
               values->len > 0 ? g_array_index (values, gdouble, values->len - 1) : 0.0, load.errors[i]);
    }
  g_hash_table_iter_init (&iter, load.error_messages);
  while (g_hash_table_iter_next (&iter, &message, &count))
    g_print ("  error ×%u: %s\n", GPOINTER_TO_UINT (count), (const char *) message);

  /* Stop the sandbox so that the database is closed (WAL checkpoint). */
  g_ptr_array_unref (load.free_clients);
  g_main_context_invoke (load.server_context, quit_cb, load.server_loop);
  g_thread_join (load.thread);

  db_ok = check_database ();

  for (int i = 0; i < N_REQ; i++)
    g_array_unref (load.latencies[i]);
  g_hash_table_unref (load.error_messages);
  g_hash_table_unref (load.folios);
  g_hash_table_unref (load.keys);
  for (gsize i = 0; i < G_N_ELEMENTS (identities); i++)
    g_clear_object (&identities[i].credential);
  g_clear_object (&load.cancellable);
  g_main_loop_unref (load.loop);
  g_main_loop_unref (load.server_loop);
  g_main_context_unref (load.server_context);
  g_clear_object (&load.identity);
  g_free (load.url);
  if (!keep)
    vnt_test_remove_tree (load.dir);
  g_free (load.dir);
  g_free (load.db_path);

  if (!db_ok || load.failed > 0 || load.succeeded == 0)
    {
      g_printerr ("\nFAILED: %u procedure(s) failed%s\n", load.failed, db_ok ? "" : ", database checks failed");
      return 1;
    }
  g_print ("\nOK\n");
  return 0;
}
