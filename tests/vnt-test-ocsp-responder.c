/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

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
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageBody *request_body;
  g_autoptr(GBytes) request = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      reply (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, NULL);
      return;
    }

  request_body = soup_server_message_get_request_body (msg);
  request = soup_message_body_flatten (request_body);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL),
                   ==, "application/ocsp-request");

  if (g_str_equal (path, "/"))
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
    }
  else
    reply (msg, SOUP_STATUS_NOT_FOUND, NULL, NULL);
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
