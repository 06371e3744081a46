/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "net/vnt-net-error.h"
#include "net/vnt-service-client.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* The service client's pin is checked during the TLS handshake: with a
 * wrong pin nothing is sent, even to a server whose certificate the
 * system's trust store would accept (here, for the test, the fixture CA is
 * made the default trust store). A server on 127.0.0.1 records what it
 * received. Also: plain http:// to loopback addresses only. */

static struct
{
  SoupServer *server;
  char       *url;
  gint        requests;  /* requests the server read */
} fixture;

static void
request_read_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_atomic_int_inc (&fixture.requests);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char answer[] = "{\"service\":\"pin-test\",\"version\":1,\"practice\":false}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer, strlen (answer));
}

static void
server_setup (gpointer data)
{
  g_autofree char *cert = vnt_test_fixture_path ("tls-server.pem");
  g_autofree char *key = vnt_test_fixture_path ("tls-server-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  fixture.server = soup_server_new ("tls-certificate", certificate, NULL);
  g_signal_connect (fixture.server, "request-read", G_CALLBACK (request_read_cb), NULL);
  soup_server_add_handler (fixture.server, NULL, handler_cb, NULL, NULL);
  soup_server_listen (fixture.server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture.server);
  fixture.url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  while (g_str_has_suffix (fixture.url, "/"))
    fixture.url[strlen (fixture.url) - 1] = '\0';
}

static void
server_teardown (gpointer data)
{
  soup_server_disconnect (fixture.server);
  g_clear_object (&fixture.server);
}

static char *
pem_sha256 (const char *name)
{
  g_autofree char *path = vnt_test_fixture_path (name);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static JsonObject *
get_info (VntServiceClient  *client,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_get_info_finish (client, vnt_test_wait_for (&result), error);
}

static char *
new_nonce (VntServiceClient  *client,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&result), error);
}

static VntServiceClient *
new_client (const char *pin)
{
  g_autoptr(GError) error = NULL;
  VntServiceClient *client = vnt_service_client_new (fixture.url, &error);

  g_assert_no_error (error);
  vnt_service_client_set_retries (client, 0);
  vnt_service_client_set_timeout (client, 20);
  if (pin != NULL)
    vnt_service_client_set_pinned_certificate (client, pin);
  return client;
}

static void
test_pin_in_handshake (void)
{
  g_autofree char *server_pin = pem_sha256 ("tls-server.pem");
  g_autofree char *other_pin = pem_sha256 ("ca.pem");
  g_autoptr(VntServiceClient) unpinned = new_client (NULL);
  g_autoptr(VntServiceClient) pinned = new_client (server_pin);
  g_autoptr(VntServiceClient) wrong = new_client (other_pin);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL;
  gint before;

  /* Without a pin the server passes on its own: its CA is trusted. */
  info = get_info (unpinned, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "service"), ==, "pin-test");
  g_clear_pointer (&info, json_object_unref);
  g_assert_cmpint (g_atomic_int_get (&fixture.requests), ==, 1);

  /* With its own pin too. */
  info = get_info (pinned, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, json_object_unref);
  g_assert_cmpint (g_atomic_int_get (&fixture.requests), ==, 2);

  /* Pinned to another certificate: refused in the handshake, before a
   * single request is sent — a read or a POST with a body alike. */
  before = g_atomic_int_get (&fixture.requests);
  info = get_info (wrong, &error);
  g_assert_null (info);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_SERVICE);
  g_clear_error (&error);
  nonce = new_nonce (wrong, &error);
  g_assert_null (nonce);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_SERVICE);
  g_clear_error (&error);
  g_assert_cmpint (g_atomic_int_get (&fixture.requests), ==, before);

  /* The right pin after a wrong one, in the same process: still fine. */
  info = get_info (pinned, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&fixture.requests), ==, before + 1);
}

/* Plain http:// only to a loopback address, never to a name. */
static void
test_http_loopback_only (void)
{
  static const struct {
    const char *url;
    gboolean    allowed;
  } cases[] = {
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.1.2.3:8080", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://localhost:8080", FALSE },
    { "http://LOCALHOST:8080", FALSE },
    { "http://localhost.example.com:8080", FALSE },
    { "http://10.0.0.1:8080", FALSE },
    { "http://[::ffff:8.8.8.8]:8080", FALSE },
    { "https://localhost:8443", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VntServiceClient) client = vnt_service_client_new (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].allowed)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
        }
      else
        {
          g_assert_null (client);
          g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INSECURE_URL);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *ca = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  VntTestServer *server;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* As if the fixture CA were in the system's trust store. */
  ca = vnt_test_fixture_path ("ca.pem");
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  g_tls_backend_set_default_database (g_tls_backend_get_default (), database);

  server = vnt_test_server_start (server_setup, server_teardown, NULL);

  g_test_add_func ("/service-pin/in-handshake", test_pin_in_handshake);
  g_test_add_func ("/service-pin/http-loopback-only", test_http_loopback_only);
  ret = g_test_run ();

  vnt_test_server_stop (server);
  g_free (fixture.url);
  return ret;
}
