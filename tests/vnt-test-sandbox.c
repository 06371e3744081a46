/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "crypto/vnt-keygen.h"
#include "crypto/vnt-request-writer.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

struct _VntTestServer
{
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  VntTestServerFunc  setup;
  VntTestServerFunc  teardown;
  gpointer           user_data;
  GMutex             lock;
  GCond              ready;
  gboolean           started;
};

static gpointer
server_thread (gpointer data)
{
  VntTestServer *server = data;

  /* Everything the server makes is attached to its own context. */
  g_main_context_push_thread_default (server->context);
  server->setup (server->user_data);

  g_mutex_lock (&server->lock);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  server->teardown (server->user_data);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

/* Runs @setup in a new thread, then that thread's main loop; returns once
 * @setup is done. vnt_test_server_stop() quits the loop and runs @teardown
 * in the same thread. */
VntTestServer *
vnt_test_server_start (VntTestServerFunc setup,
                       VntTestServerFunc teardown,
                       gpointer          user_data)
{
  VntTestServer *server = g_new0 (VntTestServer, 1);

  server->setup = setup;
  server->teardown = teardown;
  server->user_data = user_data;
  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("sandbox", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->started)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
vnt_test_server_stop (VntTestServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_clear_pointer (&server->loop, g_main_loop_unref);
  g_clear_pointer (&server->context, g_main_context_unref);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->ready);
  g_free (server);
}

/* Iterates the thread-default context until @slot is filled (by
 * vnt_test_store_result_cb()). */
GAsyncResult *
vnt_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

void
vnt_test_store_result_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The ventanilla-sandbox program of this build. */
char *
vnt_test_sandbox_program (void)
{
  return g_build_filename (g_getenv ("VENTANILLA_BUILD_ROOT"), "src", "sandbox", "ventanilla-sandbox", NULL);
}

/* Reads @stream's lines up to the first that holds @needle, and returns it. */
char *
vnt_test_read_line_containing (GDataInputStream *stream,
                               const char       *needle)
{
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (strstr (line, needle) != NULL)
        return g_steal_pointer (&line);
    }
}

/* The SAT test e.firma @cer/@key (paths in the test set), or NULL when the
 * test set is not there. */
VntCredential *
vnt_test_load_sat_credential (const char *cer,
                              const char *key)
{
  g_autofree char *cer_path = vnt_test_sat_path (cer);
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  VntCredential *credential;

  if (cer_path == NULL)
    return NULL;
  key_path = vnt_test_sat_path (key);
  if (key_path == NULL)
    return NULL;

  credential = vnt_credential_new_from_files (cer_path, key_path, "12345678a", &error);
  g_assert_no_error (error);
  return credential;
}

/* A PKCS#10 for @rfc and @curp with a new key, handed back in @key_out
 * (nullable). */
GBytes *
vnt_test_make_csr (const char     *rfc,
                   const char     *curp,
                   VntPrivateKey **key_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) key = vnt_keygen_generate (2048, NULL, &error);
  GBytes *csr;

  g_assert_no_error (error);
  csr = vnt_request_writer_build (key, rfc, curp, "nominas@example.mx", NULL, &error);
  g_assert_no_error (error);
  if (key_out != NULL)
    *key_out = g_steal_pointer (&key);

  return csr;
}

/* The "data" of account.create (with @email) and account.update. */
JsonObject *
vnt_test_account_data (const char *curp,
                       const char *rfc,
                       const char *email)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "curp", curp);
  json_object_set_string_member (data, "rfc", rfc);
  if (email != NULL)
    json_object_set_string_member (data, "email", email);

  return data;
}

/* vnt_service_client_finalize_async() of @tramite as the service answered
 * it (folio, procedure, revision), waited for. */
JsonObject *
vnt_test_finalize (VntServiceClient  *client,
                   VntCredential     *credential,
                   const char        *curp,
                   const char        *rfc,
                   JsonObject        *tramite,
                   JsonObject        *terms,
                   const char        *idempotency_key,
                   JsonObject       **acuse,
                   GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_finalize_async (client, credential, curp, rfc,
                                     json_object_get_string_member (tramite, "folio"),
                                     json_object_get_string_member (tramite, "procedure"),
                                     json_object_get_int_member (tramite, "revision"),
                                     terms, idempotency_key, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), acuse, error);
}
