/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "vnt-test-ocsp-responder.h"

typedef struct
{
  char         *pki_dir;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
  GPtrArray    *paused;  /* messages /slow never answers */
  GBytes       *cached;  /* the answer of /cached */
  /* Under lock: the delay and what was seen. */
  guint         delay_ms;
  guint         n_requests;
  guint         in_flight;
  guint         max_in_flight;
  GHashTable   *connections;  /* client ports seen */
  GSocketService *split;      /* the plain responder */
  guint         split_port;
} Responder;

static Responder responder;

static GBytes *
run_openssl_ocsp (GBytes     *request,
                  const char *signer)
{
  g_autofree char *req_path = g_build_filename (responder.pki_dir, "request.der", NULL);
  g_autofree char *resp_path = g_build_filename (responder.pki_dir, "response.der", NULL);
  g_autofree char *cert = g_strconcat (signer, ".pem", NULL);
  g_autofree char *key = g_strconcat (signer, ".key", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  int status = 0;
  const char *argv[] = {
    "openssl", "ocsp", "-index", "index.txt", "-CA", "ca.pem",
    "-rsigner", cert, "-rkey", key, "-nmin", "10",
    "-reqin", "request.der", "-respout", "response.der", NULL,
  };

  g_file_set_contents (req_path, g_bytes_get_data (request, NULL),
                       g_bytes_get_size (request), &error);
  g_assert_no_error (error);
  g_unlink (resp_path);

  g_spawn_sync (responder.pki_dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl ocsp failed: %s", err);

  g_file_get_contents (resp_path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       GBytes            *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
request_done (void)
{
  g_mutex_lock (&responder.lock);
  responder.in_flight--;
  g_mutex_unlock (&responder.lock);
}

static gboolean
send_delayed_cb (gpointer data)
{
  g_autoptr(SoupServerMessage) msg = data;

  request_done ();
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

/* Counts the request and the connection it came over; returns the delay. */
static guint
request_seen (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  guint port = remote != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)) : 0;
  guint delay;

  g_mutex_lock (&responder.lock);
  responder.n_requests++;
  responder.in_flight++;
  responder.max_in_flight = MAX (responder.max_in_flight, responder.in_flight);
  g_hash_table_add (responder.connections, GUINT_TO_POINTER (port));
  delay = responder.delay_ms;
  g_mutex_unlock (&responder.lock);

  return delay;
}

/* The answer is set; send it now, or after the delay without blocking the
 * other connections. */
static void
finish_request (SoupServerMessage *msg,
                guint              delay)
{
  GSource *source;

  if (delay == 0)
    {
      request_done ();
      return;
    }

  soup_server_message_pause (msg);
  source = g_timeout_source_new (delay);
  g_source_set_callback (source, send_delayed_cb, g_object_ref (msg), NULL);
  g_source_attach (source, responder.context);
  g_source_unref (source);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageBody *request_body;
  g_autoptr(GBytes) request = NULL;
  guint delay;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      reply (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, NULL);
      return;
    }

  delay = request_seen (msg);

  request_body = soup_server_message_get_request_body (msg);
  request = soup_message_body_flatten (request_body);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL),
                   ==, "application/ocsp-request");

  if (g_str_equal (path, "/cached"))
    reply (msg, SOUP_STATUS_OK, "application/ocsp-response", responder.cached);
  else if (g_str_equal (path, "/"))
    {
      g_autoptr(GBytes) answer = run_openssl_ocsp (request, "responder");
      reply (msg, SOUP_STATUS_OK, "application/ocsp-response", answer);
    }
  else if (g_str_equal (path, "/rogue"))
    {
      g_autoptr(GBytes) answer = run_openssl_ocsp (request, "rogue");
      reply (msg, SOUP_STATUS_OK, "application/ocsp-response", answer);
    }
  else if (g_str_equal (path, "/try-later"))
    {
      /* OCSPResponse { responseStatus tryLater }, as SAT sends it. */
      static const guint8 try_later[] = { 0x30, 0x03, 0x0a, 0x01, 0x03 };
      g_autoptr(GBytes) answer = g_bytes_new_static (try_later, sizeof try_later);
      reply (msg, SOUP_STATUS_OK, "application/ocsp-response", answer);
    }
  else if (g_str_equal (path, "/garbage"))
    {
      g_autoptr(GBytes) answer = g_bytes_new_static ("<html>Mantenimiento</html>", 26);
      reply (msg, SOUP_STATUS_OK, "text/html", answer);
    }
  else if (g_str_equal (path, "/busy"))
    reply (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL);
  else if (g_str_equal (path, "/error"))
    reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL);
  else if (g_str_equal (path, "/slow"))
    {
      /* Never answered: the client's timeout must end it. */
      soup_server_message_pause (msg);
      g_ptr_array_add (responder.paused, g_object_ref (msg));
      request_done ();
      return;
    }
  else
    reply (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL);

  finish_request (msg, delay);
}

/* One connection of the plain responder, in a thread of its own: read a
 * request (headers, then Content-Length bytes), wait, answer in two
 * writes; again until the client closes. */
static gboolean
split_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source,
              gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  for (;;)
    {
      g_autofree char *headers = NULL;
      g_autofree char *body = NULL;
      gsize length = 0;
      guint delay;

      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, NULL);

          if (line == NULL)
            return TRUE;
          if (*line == '\0')
            break;
          if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
            length = strtoul (line + 15, NULL, 10);
        }
      body = g_malloc (length + 1);
      if (length > 0 && !g_input_stream_read_all (G_INPUT_STREAM (data), body, length, NULL, NULL, NULL))
        return TRUE;

      g_mutex_lock (&responder.lock);
      responder.n_requests++;
      responder.in_flight++;
      responder.max_in_flight = MAX (responder.max_in_flight, responder.in_flight);
      {
        g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

        if (remote != NULL)
          g_hash_table_add (responder.connections,
                            GUINT_TO_POINTER (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote))));
      }
      delay = responder.delay_ms;
      g_mutex_unlock (&responder.lock);

      g_usleep (delay * 1000);
      headers = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n"
                                 "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                 g_bytes_get_size (responder.cached));
      request_done ();
      if (!g_output_stream_write_all (out, headers, strlen (headers), NULL, NULL, NULL) ||
          !g_output_stream_write_all (out, g_bytes_get_data (responder.cached, NULL),
                                      g_bytes_get_size (responder.cached), NULL, NULL, NULL))
        return TRUE;
    }
}

static gpointer
responder_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_main_context_push_thread_default (responder.context);

  responder.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (responder.server, NULL, handle_cb, NULL, NULL);

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  soup_server_listen (responder.server, address, 0, &error);
  g_assert_no_error (error);

  /* The plain responder accepts in this thread's context too. */
  {
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
    g_autoptr(GSocketAddress) bound = NULL;

    responder.split = g_threaded_socket_service_new (16);
    g_signal_connect (responder.split, "run", G_CALLBACK (split_run_cb), NULL);
    g_socket_listener_add_address (G_SOCKET_LISTENER (responder.split), any, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    responder.split_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_service_start (responder.split);
  }

  uris = soup_server_get_uris (responder.server);
  g_assert_nonnull (uris);
  responder.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&responder.lock);
  responder.started = TRUE;
  g_cond_signal (&responder.ready);
  g_mutex_unlock (&responder.lock);

  g_main_loop_run (responder.loop);

  g_ptr_array_set_size (responder.paused, 0);
  g_socket_service_stop (responder.split);
  g_socket_listener_close (G_SOCKET_LISTENER (responder.split));
  g_clear_object (&responder.split);
  soup_server_disconnect (responder.server);
  g_clear_object (&responder.server);
  g_main_context_pop_thread_default (responder.context);

  return NULL;
}

gboolean
vnt_test_ocsp_responder_start (void)
{
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status = 0;
  const char *root = g_getenv ("VENTANILLA_SOURCE_ROOT");

  if (openssl == NULL)
    return FALSE;

  g_assert_nonnull (root);
  script = g_build_filename (root, "tests", "ocsp", "make-ocsp-pki.sh", NULL);
  responder.pki_dir = g_dir_make_tmp ("vnt-ocsp-XXXXXX", &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { "sh", script, responder.pki_dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("make-ocsp-pki.sh failed: %s", err);
  }

  /* One answer about good.pem without a nonce, for /cached. */
  {
    g_autofree char *req_path = g_build_filename (responder.pki_dir, "cached-request.der", NULL);
    g_autofree char *resp_path = g_build_filename (responder.pki_dir, "cached-response.der", NULL);
    const char *request_argv[] = {
      "openssl", "ocsp", "-issuer", "ca.pem", "-cert", "good.pem", "-no_nonce",
      "-reqout", "cached-request.der", NULL,
    };
    const char *answer_argv[] = {
      "openssl", "ocsp", "-index", "index.txt", "-CA", "ca.pem",
      "-rsigner", "responder.pem", "-rkey", "responder.key", "-nmin", "60",
      "-reqin", "cached-request.der", "-respout", "cached-response.der", NULL,
    };
    char *contents = NULL;
    gsize length = 0;

    for (guint i = 0; i < 2; i++)
      {
        g_spawn_sync (responder.pki_dir, (char **) (i == 0 ? request_argv : answer_argv), NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                      &status, &error);
        g_assert_no_error (error);
        if (!g_spawn_check_wait_status (status, NULL))
          g_error ("openssl ocsp failed to make the cached answer");
      }
    g_file_get_contents (resp_path, &contents, &length, &error);
    g_assert_no_error (error);
    responder.cached = g_bytes_new_take (contents, length);
    g_unlink (req_path);
    g_unlink (resp_path);
  }

  responder.connections = g_hash_table_new (NULL, NULL);
  responder.paused = g_ptr_array_new_with_free_func (g_object_unref);
  responder.context = g_main_context_new ();
  responder.loop = g_main_loop_new (responder.context, FALSE);
  g_mutex_init (&responder.lock);
  g_cond_init (&responder.ready);

  responder.thread = g_thread_new ("ocsp-responder", responder_thread, NULL);

  g_mutex_lock (&responder.lock);
  while (!responder.started)
    g_cond_wait (&responder.ready, &responder.lock);
  g_mutex_unlock (&responder.lock);

  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
vnt_test_ocsp_responder_stop (void)
{
  g_autoptr(GError) error = NULL;

  g_main_context_invoke (responder.context, quit_loop_cb, responder.loop);
  g_thread_join (responder.thread);
  g_clear_pointer (&responder.loop, g_main_loop_unref);
  g_clear_pointer (&responder.context, g_main_context_unref);
  g_clear_pointer (&responder.paused, g_ptr_array_unref);
  g_clear_pointer (&responder.cached, g_bytes_unref);
  g_clear_pointer (&responder.connections, g_hash_table_unref);

  /* The PKI is throwaway: remove it. */
  {
    g_autoptr(GDir) dir = g_dir_open (responder.pki_dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (responder.pki_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (responder.pki_dir);
  g_clear_pointer (&responder.pki_dir, g_free);
}

char *
vnt_test_ocsp_responder_url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", responder.port, path);
}

gboolean
vnt_test_ocsp_responder_running (void)
{
  return responder.thread != NULL;
}

char *
vnt_test_ocsp_responder_file (const char *name)
{
  g_assert_nonnull (responder.pki_dir);
  return g_build_filename (responder.pki_dir, name, NULL);
}

void
vnt_test_ocsp_responder_set_delay (guint ms)
{
  g_mutex_lock (&responder.lock);
  responder.delay_ms = ms;
  g_mutex_unlock (&responder.lock);
}

void
vnt_test_ocsp_responder_reset_stats (void)
{
  g_mutex_lock (&responder.lock);
  responder.n_requests = 0;
  responder.max_in_flight = responder.in_flight;
  g_hash_table_remove_all (responder.connections);
  g_mutex_unlock (&responder.lock);
}

guint
vnt_test_ocsp_responder_get_n_requests (void)
{
  guint n;

  g_mutex_lock (&responder.lock);
  n = responder.n_requests;
  g_mutex_unlock (&responder.lock);

  return n;
}

guint
vnt_test_ocsp_responder_get_max_in_flight (void)
{
  guint n;

  g_mutex_lock (&responder.lock);
  n = responder.max_in_flight;
  g_mutex_unlock (&responder.lock);

  return n;
}

guint
vnt_test_ocsp_responder_get_n_connections (void)
{
  guint n;

  g_mutex_lock (&responder.lock);
  n = g_hash_table_size (responder.connections);
  g_mutex_unlock (&responder.lock);

  return n;
}

char *
vnt_test_ocsp_responder_split_url (void)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", responder.split_port);
}
