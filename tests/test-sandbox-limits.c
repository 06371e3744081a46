/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ventanilla-sandbox under abuse, as a running program on 127.0.0.1:
 * connections the client closes, bodies too large to keep, requests from
 * strangers and the wrong media type; and, in process, a client that is
 * too slow to send its headers. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "sandbox/vnt-sandbox.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

#define MB (1024 * 1024)

static struct
{
  char        *dir;
  char        *db;
  GSubprocess *process;
  guint16      port;
} program;

/* The program goes when the test does, even when it fails. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
program_start (void)
{
  g_autofree char *path = vnt_test_sandbox_program ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listening = NULL;
  const char *port;

  program.dir = g_dir_make_tmp ("vnt-sandbox-limits-XXXXXX", &error);
  g_assert_no_error (error);
  program.db = g_build_filename (program.dir, "sandbox.db", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  program.process = g_subprocess_launcher_spawn (launcher, &error,
                                                 path, "--http", "--listen", "127.0.0.1:0", "--db", program.db, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (program.process));
  listening = vnt_test_read_line_containing (out, "http://127.0.0.1:");
  port = strstr (listening, "127.0.0.1:") + strlen ("127.0.0.1:");
  program.port = (guint16) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (program.port, >, 0);
}

static void
program_stop (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (program.process, SIGTERM);
  g_subprocess_wait_check (program.process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&program.process);
  vnt_test_remove_tree (program.dir);
  g_clear_pointer (&program.dir, g_free);
  g_clear_pointer (&program.db, g_free);
}

static guint
open_descriptors (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (program.process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* The program's peak resident memory (VmHWM), in KB. */
static guint64
peak_memory (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (program.process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static GSocketConnection *
connect_to (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 20);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

/* Writes all of @data; FALSE once the server stopped reading. */
static gboolean
send_bytes (GSocketConnection *connection,
            const void        *data,
            gsize              size)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  return g_output_stream_write_all (out, data, size, NULL, NULL, NULL);
}

/* Reads one answer: its status, and its problem `code` when it has one.
 * Stops at the end of the body (Content-Length), whether or not the
 * server closes. */
static guint
read_answer (GSocketConnection  *connection,
             char              **code)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize body_start = 0;  /* 0: the head is not in yet */
  gsize body_size = G_MAXSIZE;
  guint status = 0;
  JsonNode *root;

  for (;;)
    {
      guint8 buffer[16384];
      const char *head_end;
      gssize n;

      if (body_start > 0 && data->len - body_start >= body_size)
        break;
      n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        break;
      g_byte_array_append (data, buffer, n);
      if (body_start == 0 &&
          (head_end = g_strstr_len ((const char *) data->data, data->len, "\r\n\r\n")) != NULL)
        {
          g_autofree char *head = g_ascii_strdown ((const char *) data->data, head_end - (const char *) data->data);
          const char *length = strstr (head, "\r\ncontent-length:");

          body_start = head_end + 4 - (const char *) data->data;
          g_assert_true (g_str_has_prefix (head, "http/1.1 "));
          status = g_ascii_strtoull (head + strlen ("http/1.1 "), NULL, 10);
          if (length != NULL)
            body_size = g_ascii_strtoull (length + strlen ("\r\ncontent-length:"), NULL, 10);
        }
    }
  g_assert_cmpuint (body_start, >, 0);

  if (code != NULL)
    {
      *code = NULL;
      if (json_parser_load_from_data (parser, (const char *) data->data + body_start, data->len - body_start, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "code"))
        *code = g_strdup (json_object_get_string_member (json_node_get_object (root), "code"));
    }

  return status;
}

/* One request on a connection of its own. */
static guint
request (const char  *method,
         const char  *path,
         const char  *headers,
         const char  *body,
         char       **code)
{
  g_autoptr(GSocketConnection) connection = connect_to (program.port);
  g_autofree char *text = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Length: %zu\r\n\r\n%s",
                                           method, path, headers, strlen (body), body);

  g_assert_true (send_bytes (connection, text, strlen (text)));
  return read_answer (connection, code);
}

static char *
new_idempotency_key (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("Idempotency-Key: %s\r\n", uuid);
}

static guint
count_rows (const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  g_autoptr(VntSandboxDb) db = vnt_sandbox_db_open (program.db, &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  rows = vnt_sandbox_db_query (db, sql, NULL);
  g_assert_cmpuint (rows->len, ==, 1);

  return g_ascii_strtoull (((GPtrArray *) rows->pdata[0])->pdata[0], NULL, 10);
}

/* ---- tests ---- */

/* libsoup 3.2 kept every kept-alive connection the client closed, in
 * CLOSE-WAIT: one descriptor each, until none were left. */
static void
test_client_closed_connections (void)
{
  static const char get[] = "GET /v1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
  guint before = open_descriptors ();
  guint after = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GSocketConnection) connection = connect_to (program.port);

      g_assert_true (send_bytes (connection, get, strlen (get)));
      g_assert_cmpuint (read_answer (connection, NULL), ==, 200);
      /* The client closes first. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  /* The last connections may still be closing. */
  for (guint i = 0; i < 50; i++)
    {
      after = open_descriptors ();
      if (after < before + 50)
        break;
      g_usleep (100 * 1000);
    }
  g_test_message ("descriptors: %u before, %u after 2000 client-closed connections", before, after);
  g_assert_cmpuint (after, <, before + 50);
}

/* Sends @size bytes of body after @head, as they come (chunked when asked),
 * and returns the answer. The server may answer before the end. */
static guint
send_large (const char  *head,
            gsize        size,
            gboolean     chunked,
            char       **code)
{
  g_autoptr(GSocketConnection) connection = connect_to (program.port);
  g_autofree guint8 *block = g_malloc0 (64 * 1024);
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 64 * 1024);

  memset (block, '7', 64 * 1024);
  g_assert_true (send_bytes (connection, head, strlen (head)));
  for (gsize sent = 0; sent < size; sent += 64 * 1024)
    {
      if (chunked && !send_bytes (connection, chunk_head, strlen (chunk_head)))
        break;
      if (!send_bytes (connection, block, 64 * 1024))
        break;
      if (chunked && !send_bytes (connection, "\r\n", 2))
        break;
    }
  if (chunked)
    send_bytes (connection, "0\r\n\r\n", 5);

  return read_answer (connection, code);
}

/* Refused before it is kept: from its Content-Length, or as soon as the
 * chunks pass the route's limit. */
static void
test_large_bodies (void)
{
  g_autofree char *key = new_idempotency_key ();
  g_autofree char *json_head = g_strdup_printf ("POST /v1/tramites HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Content-Type: application/json\r\n%s"
                                                "Content-Length: %d\r\n\r\n", key, 100 * MB);
  g_autofree char *chunked_head = g_strdup_printf ("POST /v1/tramites HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                   "Content-Type: application/json\r\n%s"
                                                   "Transfer-Encoding: chunked\r\n\r\n", key);
  g_autofree char *pdf_head = g_strdup_printf ("PUT /v1/tramites/EV-2026-000001/attachments/poder-portada HTTP/1.1\r\n"
                                               "Host: 127.0.0.1\r\nContent-Type: application/pdf\r\n%s"
                                               "Content-Length: %d\r\n\r\n", key, 100 * MB);
  g_autofree char *nonce_head = g_strdup_printf ("POST /v1/nonces HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                 "Content-Length: %d\r\n\r\n", 50 * MB);
  g_autofree char *code = NULL;
  guint64 before = peak_memory ();
  guint64 after;

  g_assert_cmpuint (send_large (json_head, 100 * MB, FALSE, &code), ==, 413);
  g_assert_cmpstr (code, ==, "payload-too-large");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (send_large (chunked_head, 100 * MB, TRUE, &code), ==, 413);
  g_assert_cmpstr (code, ==, "payload-too-large");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (send_large (pdf_head, 100 * MB, FALSE, &code), ==, 413);
  g_assert_cmpstr (code, ==, "attachment-too-large");
  g_clear_pointer (&code, g_free);

  /* A nonce takes no body at all. */
  g_assert_cmpuint (send_large (nonce_head, 50 * MB, FALSE, &code), ==, 413);
  g_assert_cmpstr (code, ==, "payload-too-large");
  g_clear_pointer (&code, g_free);

  after = peak_memory ();
  g_test_message ("peak memory: %" G_GUINT64_FORMAT " KB before, %" G_GUINT64_FORMAT " KB after", before, after);
#if !defined(__SANITIZE_ADDRESS__)
  /* Under AddressSanitizer freed memory waits in its quarantine (256 MB):
   * the peak says nothing there. */
  g_assert_cmpuint (after - before, <, 40 * 1024);
#endif

  /* Within the limit the route still answers. */
  g_assert_cmpuint (request ("POST", "/v1/nonces", "", "", &code), ==, 201);
  g_assert_null (code);
}

/* A client that promised 100 MB and asks first (Expect: 100-continue) is
 * refused without sending any of it. */
static void
test_expect_continue (void)
{
  g_autoptr(GSocketConnection) connection = connect_to (program.port);
  g_autofree char *key = new_idempotency_key ();
  g_autofree char *head = g_strdup_printf ("POST /v1/tramites HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\n%sExpect: 100-continue\r\n"
                                           "Content-Length: %d\r\n\r\n", key, 100 * MB);
  g_autofree char *code = NULL;

  g_assert_true (send_bytes (connection, head, strlen (head)));
  g_assert_cmpuint (read_answer (connection, &code), ==, 413);
  g_assert_cmpstr (code, ==, "payload-too-large");
}

/* Strangers' requests, refused, leave no row behind however many fresh
 * Idempotency-Keys they bring. */
static void
test_unauthenticated_posts (void)
{
  guint before = count_rows ("idempotency");

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *key = new_idempotency_key ();
      g_autofree char *headers = g_strconcat ("Content-Type: application/json\r\n", key, NULL);
      g_autofree char *code = NULL;

      g_assert_cmpuint (request ("POST", "/v1/tramites", headers,
                                 "{\"procedure\": \"account.update\", \"data\": {}}", &code), ==, 401);
      g_assert_cmpstr (code, ==, "proof-required");
    }

  g_assert_cmpuint (count_rows ("idempotency"), ==, before);
}

/* A JSON route takes application/json only. */
static void
test_media_type (void)
{
  g_autofree char *key = new_idempotency_key ();
  g_autofree char *plain = g_strconcat ("Content-Type: text/plain\r\n", key, NULL);
  g_autofree char *none = g_strdup (key);
  g_autofree char *json = g_strconcat ("Content-Type: application/json; charset=utf-8\r\n", key, NULL);
  const char *body = "{\"procedure\": \"account.update\", \"data\": {}}";
  g_autofree char *code = NULL;

  g_assert_cmpuint (request ("POST", "/v1/tramites", plain, body, &code), ==, 415);
  g_assert_cmpstr (code, ==, "unsupported-media-type");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (request ("POST", "/v1/tramites/EV-2026-000001/finalize", none, "{\"revision\": 1}", &code), ==, 415);
  g_assert_cmpstr (code, ==, "unsupported-media-type");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (request ("POST", "/v1/tramites", json, body, &code), ==, 401);
  g_assert_cmpstr (code, ==, "proof-required");
}

/* Without a proof, a folio answers 401 whether or not it exists (those
 * here do not; tests/test-sandbox-tramites.c asks existing ones too). */
static void
test_folio_probing (void)
{
  static const char * const paths[] = {
    "/v1/tramites/EV-2026-000001", "/v1/tramites/EV-2099-999999", "/v1/acuses/EV-2026-123456",
    "/v1/idse/requests/IDSE-2026-000042",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *code = NULL;
      g_autofree char *key = new_idempotency_key ();
      g_autofree char *finalize = g_strconcat (paths[i], "/finalize", NULL);
      g_autofree char *headers = g_strconcat ("Content-Type: application/json\r\n", key, NULL);

      g_assert_cmpuint (request ("GET", paths[i], "", "", &code), ==, 401);
      g_assert_cmpstr (code, ==, "proof-required");
      g_clear_pointer (&code, g_free);
      if (!g_str_has_prefix (paths[i], "/v1/tramites/"))
        continue;
      g_assert_cmpuint (request ("POST", finalize, headers, "{\"revision\": 1}", &code), ==, 401);
      g_assert_cmpstr (code, ==, "proof-required");
    }
}

/* ---- in process: slow clients ---- */

static struct
{
  char               *dir;
  VntServiceIdentity *identity;
  VntSandbox         *sandbox;
  char               *url;
  guint16             port;
} slow;

static void
slow_setup (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_autofree char *path = g_build_filename (slow.dir, "sandbox.db", NULL);
  VntSandboxDb *db = vnt_sandbox_db_open (path, &error);

  g_assert_no_error (error);
  slow.sandbox = vnt_sandbox_new (db, slow.identity, TRUE);
  vnt_sandbox_set_request_timeouts (slow.sandbox, 500, 1500);
  vnt_sandbox_listen (slow.sandbox, address, FALSE, &error);
  g_assert_no_error (error);
  slow.url = vnt_sandbox_get_url (slow.sandbox);
  slow.port = (guint16) g_ascii_strtoull (strrchr (slow.url, ':') + 1, NULL, 10);
}

static void
slow_teardown (gpointer data)
{
  g_clear_object (&slow.sandbox);
}

/* Headers (or a body) that never end lose the connection. */
static void
test_slow_clients (void)
{
  static const char * const starts[] = {
    "",
    "GET /v1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "POST /v1/nonces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nX-Slow: ",
    "POST /v1/tramites HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
  };
  g_autoptr(GError) error = NULL;
  VntTestServer *server;

  slow.dir = g_dir_make_tmp ("vnt-sandbox-slow-XXXXXX", &error);
  g_assert_no_error (error);
  slow.identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);
  server = vnt_test_server_start (slow_setup, slow_teardown, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr(GSocketConnection) connection = connect_to (slow.port);
      GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      gint64 started = g_get_monotonic_time ();
      guint8 buffer[256];
      gssize n;

      g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
      g_assert_true (send_bytes (connection, starts[i], strlen (starts[i])));
      /* The server closes, with or without a 400 or 500; never waits on. */
      while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
        ;
      g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
    }

  vnt_test_server_stop (server);
  g_clear_object (&slow.identity);
  g_clear_pointer (&slow.url, g_free);
  vnt_test_remove_tree (slow.dir);
  g_clear_pointer (&slow.dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  program_start ();
  g_test_add_func ("/sandbox-limits/client-closed-connections", test_client_closed_connections);
  g_test_add_func ("/sandbox-limits/large-bodies", test_large_bodies);
  g_test_add_func ("/sandbox-limits/expect-continue", test_expect_continue);
  g_test_add_func ("/sandbox-limits/unauthenticated-posts", test_unauthenticated_posts);
  g_test_add_func ("/sandbox-limits/media-type", test_media_type);
  g_test_add_func ("/sandbox-limits/folio-probing", test_folio_probing);
  g_test_add_func ("/sandbox-limits/slow-clients", test_slow_clients);

  status = g_test_run ();
  program_stop ();

  return status;
}
