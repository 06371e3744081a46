/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "crypto/vnt-crypto.h"
#include "net/vnt-service-client.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"

/* The service client when things go wrong, on 127.0.0.1 only: the
 * ventanilla-sandbox program killed while a finalize is in flight, a
 * service that never answers, and answers that are not what the protocol
 * says. Every failure must be a clear VNT_NET_ERROR, never a crash. */

/* A current practice e.firma, trusted by the program through the practice
 * CA put beside its database (vnt-test-practice.h). */
#define UPDATER_CURP VNT_TEST_ANA_CURP
#define UPDATER_RFC  VNT_TEST_ANA_RFC
#define UPDATER_OLD_NUMBER "30001000000400002000"

static char *tmp_dir;

/* ---- helpers ---- */

/* ventanilla-sandbox over plain HTTP on a free loopback port; @fingerprint
 * gets the SHA-256 of the certificate that signs its acuses. */
static GSubprocess *
spawn_program (const char  *db,
               guint       *port,
               char       **fingerprint)
{
  g_autofree char *program = vnt_test_sandbox_program ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha_line = NULL;
  g_autofree char *listening = NULL;
  g_autofree char *folder = g_path_get_dirname (db);
  GSubprocess *process;
  const char *where;

  vnt_test_practice_install_ca (folder);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--http", "--listen", "127.0.0.1:0", "--db", db,
                              "--add-account", UPDATER_CURP "," UPDATER_RFC ",ANA LAURA PRUEBA SOLIS," UPDATER_OLD_NUMBER,
                              NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  /* The service certificate's line comes before the listening one. */
  sha_line = vnt_test_read_line_containing (out, "SHA-256: ");
  *fingerprint = g_strdup (strstr (sha_line, "SHA-256: ") + strlen ("SHA-256: "));
  listening = vnt_test_read_line_containing (out, "http://127.0.0.1:");
  where = strstr (listening, "http://127.0.0.1:") + strlen ("http://127.0.0.1:");
  *port = (guint) g_ascii_strtoull (where, NULL, 10);
  g_assert_cmpuint (*port, >, 0);

  return process;
}

/* ---- a proxy that kills the server in the middle of a finalize ---- */

typedef enum {
  KILL_NONE,
  KILL_BEFORE_FORWARD,  /* the server never sees the request */
  KILL_AFTER_FORWARD,   /* the server got it; its answer never comes back */
} KillMode;

static struct
{
  GSocket     *listener;
  guint        port;
  GThread     *thread;
  GCancellable *stop;
  int          upstream_port;   /* atomic */
  int          server_pid;      /* atomic */
  int          mode;            /* atomic KillMode, back to KILL_NONE once done */
  int          killed;          /* atomic */
} proxy;

typedef struct
{
  GSocket *from;
  GSocket *to;
  gboolean to_server;
} Pipe;

static gboolean
is_finalize (const char *data,
             gssize      len)
{
  g_autofree char *text = g_strndup (data, (gsize) len);

  return g_str_has_prefix (text, "POST /v1/tramites/") && strstr (text, "/finalize ") != NULL;
}

static void
kill_server (void)
{
  int pid = g_atomic_int_get (&proxy.server_pid);

  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  g_atomic_int_set (&proxy.server_pid, 0);
  g_atomic_int_set (&proxy.killed, 1);
}

static gpointer
pipe_thread (gpointer data)
{
  Pipe *half = data;
  char buffer[16384];

  for (;;)
    {
      gssize len = g_socket_receive (half->from, buffer, sizeof buffer, proxy.stop, NULL);
      gssize sent = 0;
      gboolean kill_after = FALSE;

      if (len <= 0)
        break;

      if (half->to_server && is_finalize (buffer, len))
        {
          KillMode mode = g_atomic_int_get (&proxy.mode);

          if (mode == KILL_BEFORE_FORWARD)
            {
              g_atomic_int_set (&proxy.mode, KILL_NONE);
              kill_server ();
              break;
            }
          if (mode == KILL_AFTER_FORWARD)
            {
              g_atomic_int_set (&proxy.mode, KILL_NONE);
              kill_after = TRUE;
            }
        }

      while (sent < len)
        {
          gssize n = g_socket_send (half->to, buffer + sent, (gsize) (len - sent), proxy.stop, NULL);

          if (n <= 0)
            break;
          sent += n;
        }
      if (kill_after)
        {
          kill_server ();
          break;
        }
      if (sent < len)
        break;
    }

  /* Either side gone: the whole connection is. */
  g_socket_shutdown (half->from, TRUE, TRUE, NULL);
  g_socket_shutdown (half->to, TRUE, TRUE, NULL);

  return NULL;
}

static gpointer
connection_thread (gpointer data)
{
  g_autoptr(GSocket) client = data;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GThread *up;
  GThread *down;
  Pipe to_server;
  Pipe to_client;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", (guint) g_atomic_int_get (&proxy.upstream_port));
  if (server == NULL || !g_socket_connect (server, address, NULL, NULL))
    return NULL;

  to_server = (Pipe) { client, server, TRUE };
  to_client = (Pipe) { server, client, FALSE };
  up = g_thread_new ("proxy-up", pipe_thread, &to_server);
  down = g_thread_new ("proxy-down", pipe_thread, &to_client);
  g_thread_join (up);
  g_thread_join (down);

  return NULL;
}

static gpointer
proxy_thread (gpointer data)
{
  GPtrArray *connections = g_ptr_array_new ();

  for (;;)
    {
      GSocket *client = g_socket_accept (proxy.listener, proxy.stop, NULL);

      if (client == NULL)
        break;
      g_ptr_array_add (connections, g_thread_new ("proxy-connection", connection_thread, client));
    }

  for (guint i = 0; i < connections->len; i++)
    g_thread_join (connections->pdata[i]);
  g_ptr_array_free (connections, TRUE);

  return NULL;
}

static void
proxy_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  proxy.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (proxy.listener, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (proxy.listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (proxy.listener, &error);
  g_assert_no_error (error);
  proxy.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy.stop = g_cancellable_new ();
  proxy.thread = g_thread_new ("proxy", proxy_thread, NULL);
}

static void
proxy_stop (void)
{
  g_cancellable_cancel (proxy.stop);
  g_thread_join (proxy.thread);
  g_clear_object (&proxy.listener);
  g_clear_object (&proxy.stop);
}

static void
point_proxy_at (GSubprocess *process,
                guint        port)
{
  g_atomic_int_set (&proxy.upstream_port, (int) port);
  g_atomic_int_set (&proxy.server_pid, (int) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10));
}

static guint
count_rows (const char *db_path,
            const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return count;
}

static char *
integrity_check (const char *db_path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *answer;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return answer;
}

/* SIGKILL while the request is in flight, twice: first before the server
 * has read it (the client says clearly that there is no connection), then
 * right after it has (the client's own retry, same key and headers, meets
 * the restarted server). One trámite, one acuse, an intact database. */
static void
test_killed_mid_request (void)
{
  g_autofree char *cer = g_strdup (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->cer_path);
  g_autofree char *key_file = NULL;
  g_autofree char *db_path = g_build_filename (tmp_dir, "killed", "sandbox.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *idempotency_key = g_uuid_string_random ();
  g_autofree char *integrity = NULL;
  g_autofree char *count_sql = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) terms_result = NULL;
  g_autoptr(GError) error = NULL;
  guint port = 0;
  const char *folio;

  if (cer == NULL)
    return;
  key_file = g_strdup (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->key_path);
  credential = vnt_credential_new_from_files (cer, key_file,
                                              vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->password,
                                              &error);
  g_assert_no_error (error);

  process = spawn_program (db_path, &port, &fingerprint);
  proxy_start ();
  point_proxy_at (process, port);

  url = g_strdup_printf ("http://127.0.0.1:%u", proxy.port);
  client = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (client, fingerprint);

  json_object_set_string_member (data, "curp", UPDATER_CURP);
  json_object_set_string_member (data, "rfc", UPDATER_RFC);
  vnt_service_client_start_tramite_async (client, credential, UPDATER_CURP, UPDATER_RFC, "account.update",
                                          data, NULL, NULL, vnt_test_store_result_cb, &result);
  tramite = vnt_service_client_start_tramite_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  folio = json_object_get_string_member (tramite, "folio");
  vnt_service_client_get_terms_async (client, "ctc-ev", NULL, vnt_test_store_result_cb, &terms_result);
  terms = vnt_service_client_get_terms_finish (client, vnt_test_wait_for (&terms_result), &error);
  g_assert_no_error (error);

  /* 1. Killed before it reads the request, nothing retried: a clear error.
   * A kept-alive connection closing at that very moment fails the request
   * before the proxy sees it, with the same error and no kill: try again
   * until the proxy has killed the server. */
  vnt_service_client_set_retries (client, 0);
  g_atomic_int_set (&proxy.mode, KILL_BEFORE_FORWARD);
  for (guint attempt = 0; attempt < 5 && !g_atomic_int_get (&proxy.killed); attempt++)
    {
      content = vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                                   tramite, terms, idempotency_key, NULL, &error);
      g_assert_null (content);
      g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE);
      g_assert_cmpstr (error->message, ==,
                       "No hay conexión con el servicio. Revisa tu conexión a Internet e inténtalo de nuevo.");
      g_clear_error (&error);
    }
  g_assert_true (g_atomic_int_get (&proxy.killed));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));
  g_clear_object (&process);
  g_clear_pointer (&fingerprint, g_free);

  process = spawn_program (db_path, &port, &fingerprint);
  point_proxy_at (process, port);

  /* 2. Killed just after the server has it; the client retries (same key,
   * same headers) and meets the restarted server. Whether or not the
   * first attempt was committed, the trámite is concluded once. */
  vnt_service_client_set_retries (client, VNT_SERVICE_DEFAULT_RETRIES);
  g_atomic_int_set (&proxy.killed, 0);
  g_atomic_int_set (&proxy.mode, KILL_AFTER_FORWARD);
  g_clear_object (&result);
  vnt_service_client_finalize_async (client, credential, UPDATER_CURP, UPDATER_RFC, folio, "account.update",
                                     json_object_get_int_member (tramite, "revision"), terms,
                                     idempotency_key, NULL, vnt_test_store_result_cb, &result);
  while (!g_atomic_int_get (&proxy.killed) && result == NULL)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (g_atomic_int_get (&proxy.killed));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&process);
  g_clear_pointer (&fingerprint, g_free);
  /* The retry waits at least a second: enough to be back. */
  process = spawn_program (db_path, &port, &fingerprint);
  point_proxy_at (process, port);

  content = vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "folio"), ==, folio);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  proxy_stop ();

  integrity = integrity_check (db_path);
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM tramites"), ==, 1);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM tramites WHERE status = 'concluded'"), ==, 1);
  g_assert_cmpuint (count_rows (db_path, "SELECT COUNT(*) FROM acuses"), ==, 1);
  count_sql = g_strdup_printf ("SELECT COUNT(*) FROM idempotency WHERE key = '%s'", idempotency_key);
  g_assert_cmpuint (count_rows (db_path, count_sql), ==, 1);
}

/* ---- a service that misbehaves ---- */

static struct
{
  VntTestServer *thread;
  SoupServer    *server;
  GPtrArray     *paused;
  guint          port;
  char          *acuse_body;  /* what /fake-acuse answers a finalize with */
} bad;

typedef struct
{
  const char *prefix;
  guint       status;
  const char *content_type;
  const char *body;
} BadAnswer;

/* Each under its own prefix, so that the client's base URL picks one. */
static const BadAnswer bad_answers[] = {
  { "/truncated", SOUP_STATUS_OK, "application/json", "{\"nonce\": \"AAAA" },
  { "/not-json", SOUP_STATUS_OK, "application/json", "this is not JSON at all" },
  { "/html", SOUP_STATUS_OK, "text/html", "<html><body>Mantenimiento</body></html>" },
  { "/array", SOUP_STATUS_OK, "application/json", "[1, 2, 3]" },
  { "/empty", SOUP_STATUS_OK, "application/json", "" },
  { "/binary", SOUP_STATUS_OK, "application/octet-stream", "\x01\x02\xff\xfe\x00" },
  { "/nonce-type", SOUP_STATUS_CREATED, "application/json", "{\"nonce\": 42}" },
  { "/nonce-missing", SOUP_STATUS_CREATED, "application/json", "{\"other\": \"x\"}" },
  { "/problem-no-code", 422, "application/problem+json", "{\"title\": \"x\", \"detail\": \"Algo salió mal.\"}" },
  { "/problem-no-detail", 422, "application/problem+json", "{\"code\": \"rfc-mismatch\"}" },
  { "/problem-garbage", 400, "application/problem+json", "{\"code\": " },
  { "/problem-wrong-type", 422, "text/html", "{\"code\": \"rfc-mismatch\", \"detail\": \"No coincide.\"}" },
  { "/problem-code-number", 422, "application/problem+json", "{\"code\": 7, \"detail\": \"Algo.\"}" },
  { "/error-html", SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html", "<h1>500</h1>" },
};

static void
bad_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  /* Plays along up to the finalize, whose acuse does not verify. */
  if (g_str_has_prefix (path, "/fake-acuse/"))
    {
      static const char nonce[] = "{\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}";

      if (g_str_equal (path, "/fake-acuse/v1/nonces"))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, nonce, strlen (nonce));
        }
      else if (g_str_has_suffix (path, "/finalize") && bad.acuse_body != NULL)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                            bad.acuse_body, strlen (bad.acuse_body));
        }
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_str_has_prefix (path, "/slow/"))
    {
      /* Never answered. */
      soup_server_message_pause (msg);
      g_ptr_array_add (bad.paused, g_object_ref (msg));
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    if (g_str_has_prefix (path, bad_answers[i].prefix) && path[strlen (bad_answers[i].prefix)] == '/')
      {
        gsize len = g_str_equal (bad_answers[i].prefix, "/binary") ? 5 : strlen (bad_answers[i].body);

        soup_server_message_set_status (msg, bad_answers[i].status, NULL);
        soup_server_message_set_response (msg, bad_answers[i].content_type, SOUP_MEMORY_STATIC,
                                          bad_answers[i].body, len);
        return;
      }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* In the server thread, on its own main context. */
static void
bad_setup (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  GSList *uris;

  bad.paused = g_ptr_array_new_with_free_func (g_object_unref);
  bad.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (bad.server, NULL, bad_cb, NULL, NULL);
  soup_server_listen (bad.server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (bad.server);
  bad.port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

/* In the server thread, once the main loop is done. */
static void
bad_teardown (gpointer data)
{
  g_clear_pointer (&bad.paused, g_ptr_array_unref);
  soup_server_disconnect (bad.server);
  g_clear_object (&bad.server);
}

static void
bad_start (void)
{
  bad.thread = vnt_test_server_start (bad_setup, bad_teardown, NULL);
}

static void
bad_stop (void)
{
  g_clear_pointer (&bad.thread, vnt_test_server_stop);
}

static VntServiceClient *
bad_client (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", bad.port, prefix);
  VntServiceClient *client = vnt_service_client_new (url, &error);

  g_assert_no_error (error);
  vnt_service_client_set_retries (client, 0);
  return client;
}

/* A service that takes the request and never answers: a timeout, said so. */
static void
test_slow_server (void)
{
  g_autoptr(VntServiceClient) client = bad_client ("/slow");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) nonce_result = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *nonce = NULL;
  g_autoptr(GError) error = NULL;

  vnt_service_client_set_timeout (client, 1);
  vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &result);
  info = vnt_service_client_get_info_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_null (info);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "El servicio tardó demasiado en responder. Inténtalo de nuevo en unos minutos.");
  g_clear_error (&error);

  /* A POST too. */
  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &nonce_result);
  nonce = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&nonce_result), &error);
  g_assert_null (nonce);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT);
}

/* Whatever the answer, a VNT_NET_ERROR with a Spanish message that says
 * what to do, and never a crash. */
static void
test_bad_answers (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autoptr(VntServiceClient) client = bad_client (bad_answers[i].prefix);
      g_autoptr(GAsyncResult) info_result = NULL;
      g_autoptr(GAsyncResult) nonce_result = NULL;
      g_autoptr(GAsyncResult) lookup_result = NULL;
      g_autoptr(JsonObject) info = NULL;
      g_autofree char *nonce = NULL;
      g_autoptr(GError) info_error = NULL;
      g_autoptr(GError) nonce_error = NULL;
      g_autoptr(GError) lookup_error = NULL;
      gboolean exists = FALSE;

      g_test_message ("answer %s", bad_answers[i].prefix);

      /* The nonce answers are well-formed JSON objects: GET /v1/ takes them. */
      vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &info_result);
      info = vnt_service_client_get_info_finish (client, vnt_test_wait_for (&info_result), &info_error);
      if (!g_str_has_prefix (bad_answers[i].prefix, "/nonce-"))
        {
          g_assert_null (info);
          g_assert_nonnull (info_error);
          g_assert_true (info_error->domain == VNT_NET_ERROR);
          g_assert_cmpstr (info_error->message, !=, "");
        }

      vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &nonce_result);
      nonce = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&nonce_result), &nonce_error);
      g_assert_null (nonce);
      g_assert_nonnull (nonce_error);
      g_assert_true (nonce_error->domain == VNT_NET_ERROR);

      vnt_service_client_lookup_account_async (client, UPDATER_CURP, NULL, vnt_test_store_result_cb, &lookup_result);
      g_assert_false (vnt_service_client_lookup_account_finish (client, vnt_test_wait_for (&lookup_result), &exists,
                                                                &lookup_error));
      g_assert_nonnull (lookup_error);
      g_assert_true (lookup_error->domain == VNT_NET_ERROR);

      /* Only a well-formed problem+json speaks for itself; anything else
       * is "cannot be read" or "did not explain", in Spanish. */
      if (g_str_has_prefix (bad_answers[i].prefix, "/problem-") ||
          g_str_equal (bad_answers[i].prefix, "/error-html"))
        {
          g_autofree char *expected = g_strdup_printf ("El servicio respondió con un error que no explicó (HTTP %u). "
                                                       "Inténtalo de nuevo más tarde.", bad_answers[i].status);

          g_assert_error (nonce_error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE);
          g_assert_cmpstr (nonce_error->message, ==, expected);
        }
      else
        {
          g_assert_error (nonce_error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RESPONSE);
          g_assert_cmpstr (nonce_error->message, ==,
                           "El servicio envió una respuesta que no se puede leer. Inténtalo de nuevo más tarde.");
        }
    }
}

/* A finalize answered with an acuse that is not the service's, or whose
 * signature does not hold: refused, nothing shown as done. */
static void
test_fake_acuse (void)
{
  g_autofree char *cer = g_strdup (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->cer_path);
  g_autofree char *key_file = NULL;
  g_autofree char *der = NULL;
  g_autofree char *der_b64 = NULL;
  g_autofree char *der_sha256 = NULL;
  g_autofree char *payload_b64 = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(JsonObject) tramite = json_object_new ();
  g_autoptr(JsonObject) terms = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *payload = "{\"version\":1,\"folio\":\"EV-2026-000001\",\"procedure\":\"account.update\"}";
  gsize der_len = 0;

  if (cer == NULL)
    return;
  key_file = g_strdup (vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->key_path);
  credential = vnt_credential_new_from_files (cer, key_file,
                                              vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, UPDATER_RFC)->password,
                                              &error);
  g_assert_no_error (error);
  g_file_get_contents (cer, &der, &der_len, &error);
  g_assert_no_error (error);
  der_b64 = g_base64_encode ((const guchar *) der, der_len);
  der_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) der, der_len);
  payload_b64 = g_base64_encode ((const guchar *) payload, strlen (payload));
  g_free (bad.acuse_body);
  bad.acuse_body = g_strdup_printf ("{\"acuse\":{\"payload\":\"%s\",\"signature\":{"
                                    "\"algorithm\":\"rsa-pkcs1-sha256\",\"certificate\":\"%s\","
                                    "\"value\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}}}",
                                    payload_b64, der_b64);

  json_object_set_string_member (tramite, "folio", "EV-2026-000001");
  json_object_set_string_member (tramite, "procedure", "account.update");
  json_object_set_int_member (tramite, "revision", 1);
  json_object_set_string_member (terms, "id", "ctc-ev");
  json_object_set_string_member (terms, "version", "1");
  json_object_set_string_member (terms, "sha256", "0000000000000000000000000000000000000000000000000000000000000000");

  client = bad_client ("/fake-acuse");

  /* Signed (so it claims) by a certificate that is not the service's. */
  vnt_service_client_set_acuse_certificate (client, "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_null (vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                                    tramite, terms, NULL, NULL, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "El acuse del servicio no es válido, así que el trámite no se puede dar por concluido. "
                   "Vuelve a consultar el acuse; si esto se repite, comunícate con el servicio.");
  g_clear_error (&error);

  /* The right certificate, a signature that does not hold. */
  vnt_service_client_set_acuse_certificate (client, der_sha256);
  g_assert_null (vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                                    tramite, terms, NULL, NULL, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
  g_clear_error (&error);

  /* No acuse at all in a 200. */
  g_free (bad.acuse_body);
  bad.acuse_body = g_strdup ("{\"folio\":\"EV-2026-000001\"}");
  g_assert_null (vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                                    tramite, terms, NULL, NULL, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
  g_clear_pointer (&bad.acuse_body, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();
  vnt_test_use_spanish ();

  tmp_dir = g_dir_make_tmp ("vnt-sandbox-faults-XXXXXX", &error);
  g_assert_no_error (error);
  bad_start ();

  g_test_add_func ("/sandbox-faults/killed-mid-request", test_killed_mid_request);
  g_test_add_func ("/sandbox-faults/slow-server", test_slow_server);
  g_test_add_func ("/sandbox-faults/bad-answers", test_bad_answers);
  g_test_add_func ("/sandbox-faults/fake-acuse", test_fake_acuse);

  ret = g_test_run ();

  bad_stop ();
  vnt_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
