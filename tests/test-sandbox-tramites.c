/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-request-writer.h"
#include "net/vnt-service-client.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* The applicant's trámites against ventanilla-sandbox on 127.0.0.1: the
 * list, "Guardar Trámite" (PUT) and "Cancelar Trámite" (DELETE), and the
 * "Carta de Condiciones de Uso" after an IDSE renewal. The sandbox runs in
 * a thread of its own, over plain HTTP, in practice mode. */

/* Practice e.firmas (vnt-test-practice.h), trusted by the sandbox's
 * practice CA and current. */
#define HOLDER_CURP VNT_TEST_ANA_CURP
#define HOLDER_RFC  VNT_TEST_ANA_RFC
#define NEWCOMER_CURP VNT_TEST_CARLOS_CURP
#define NEWCOMER_RFC  VNT_TEST_CARLOS_RFC
#define NEWER_NUMBER "70001999999999999999"

static struct
{
  char               *dir;
  VntServiceIdentity *identity;
  VntIdseCa          *idse_ca;
  VntTestServer      *server;
  VntSandbox         *sandbox;
  char               *url;
} fixture;

/* In the server thread, on its own main context. */
static void
server_setup (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *path = g_build_filename (fixture.dir, "sandbox.db", NULL);
  VntSandboxDb *db;
  /* Registered with an earlier e.firma: an actualización can start. */
  VntSandboxAccount holder = {
    .curp = (char *) HOLDER_CURP,
    .rfc = (char *) HOLDER_RFC,
    .name = (char *) "ANA LAURA PRUEBA SOLIS",
    .certificate_number = (char *) "30001000000400002111",
    .email = NULL,
    .created_at = 1700000000,
    .updated_at = 1700000000,
  };

  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));

  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &holder, &error);
  g_assert_no_error (error);
  /* Registered with an e.firma newer than the one she holds: updating
   * with hers would go back. */
  {
    VntPracticeEfirma *marta = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC);
    VntSandboxAccount newer = {
      .curp = (char *) VNT_TEST_MARTA_CURP,
      .rfc = (char *) VNT_TEST_MARTA_RFC,
      .name = (char *) "MARTA SIMULACRO VEGA",
      .certificate_number = (char *) NEWER_NUMBER,
      .created_at = 1700000000,
      .updated_at = 1700000000,
      .certificate_not_before = g_date_time_to_unix (marta->not_before) + 24 * 60 * 60,
    };

    vnt_sandbox_db_add_account (db, &newer, &error);
    g_assert_no_error (error);
  }
  /* SAT's test holder whose e.firma the forgery copies. */
  {
    VntSandboxAccount copied = {
      .curp = (char *) "KAHO641101HNTLKS06",
      .rfc = (char *) "KAHO641101B39",
      .name = (char *) "OSCAR KALA HAAK",
      .certificate_number = (char *) "30001000000400002111",
      .created_at = 1700000000,
      .updated_at = 1700000000,
    };

    vnt_sandbox_db_add_account (db, &copied, &error);
    g_assert_no_error (error);
  }
  fixture.sandbox = vnt_sandbox_new (db, fixture.identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture.sandbox, vnt_test_practice_ca ());
  fixture.idse_ca = vnt_idse_ca_open (fixture.dir, &error);
  g_assert_no_error (error);
  vnt_sandbox_set_idse_ca (fixture.sandbox, fixture.idse_ca);
  vnt_sandbox_listen (fixture.sandbox, address, FALSE, &error);
  g_assert_no_error (error);
  fixture.url = vnt_sandbox_get_url (fixture.sandbox);
}

/* In the server thread, once the main loop is done. */
static void
server_teardown (gpointer data)
{
  g_clear_object (&fixture.sandbox);
}

static void
fixture_start (void)
{
  g_autoptr(GError) error = NULL;

  fixture.dir = g_dir_make_tmp ("vnt-sandbox-tramites-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  /* Made before the server thread starts. */
  vnt_test_practice_ca ();
  fixture.server = vnt_test_server_start (server_setup, server_teardown, NULL);
}

static void
fixture_stop (void)
{
  g_clear_pointer (&fixture.server, vnt_test_server_stop);
  g_clear_object (&fixture.identity);
  g_clear_object (&fixture.idse_ca);
  g_clear_pointer (&fixture.url, g_free);
  vnt_test_remove_tree (fixture.dir);
  g_clear_pointer (&fixture.dir, g_free);
}

/* ---- helpers ---- */

static VntServiceClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  VntServiceClient *client = vnt_service_client_new (fixture.url, &error);

  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));
  return client;
}

static VntCredential *
load_credential (const char *rfc)
{
  return vnt_test_practice_credential (rfc);
}

static JsonObject *
start_tramite (VntServiceClient *client,
               VntCredential    *credential,
               const char       *curp,
               const char       *rfc,
               const char       *procedure,
               JsonObject       *data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *tramite;

  vnt_service_client_start_tramite_async (client, credential, curp, rfc, procedure, data, NULL,
                                          NULL, vnt_test_store_result_cb, &result);
  tramite = vnt_service_client_start_tramite_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return tramite;
}

static JsonObject *
list_tramites (VntServiceClient  *client,
               VntCredential     *credential,
               const char        *curp,
               const char        *rfc,
               const char        *status,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_list_tramites_async (client, credential, curp, rfc, status, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_list_tramites_finish (client, vnt_test_wait_for (&result), error);
}

/* The folios of a list, in its order, joined by spaces. */
static char *
list_folios (VntServiceClient *client,
             VntCredential    *credential,
             const char       *curp,
             const char       *rfc,
             const char       *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = list_tramites (client, credential, curp, rfc, status, &error);
  g_autoptr(GString) folios = g_string_new (NULL);
  JsonArray *tramites;

  g_assert_no_error (error);
  tramites = json_object_get_array_member (list, "tramites");
  for (guint i = 0; i < json_array_get_length (tramites); i++)
    {
      JsonObject *tramite = json_array_get_object_element (tramites, i);

      if (status != NULL)
        g_assert_cmpstr (json_object_get_string_member (tramite, "status"), ==, status);
      if (folios->len > 0)
        g_string_append_c (folios, ' ');
      g_string_append (folios, json_object_get_string_member (tramite, "folio"));
    }

  return g_string_free (g_steal_pointer (&folios), FALSE);
}

static JsonObject *
update_tramite (VntServiceClient  *client,
                VntCredential     *credential,
                const char        *curp,
                const char        *rfc,
                JsonObject        *tramite,
                gint64             revision,
                JsonObject        *data,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_update_tramite_async (client, credential, curp, rfc,
                                           json_object_get_string_member (tramite, "folio"),
                                           json_object_get_string_member (tramite, "procedure"),
                                           revision, data, NULL, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_update_tramite_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
cancel_tramite (VntServiceClient  *client,
                VntCredential     *credential,
                const char        *curp,
                const char        *rfc,
                const char        *folio,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_cancel_tramite_async (client, credential, curp, rfc, folio, NULL, NULL,
                                           vnt_test_store_result_cb, &result);
  return vnt_service_client_cancel_tramite_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
get_terms (VntServiceClient *client,
           const char       *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *terms;

  vnt_service_client_get_terms_async (client, id, NULL, vnt_test_store_result_cb, &result);
  terms = vnt_service_client_get_terms_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return terms;
}

/* An unsigned request; returns the status and the problem's code (or
 * NULL when the answer is not a problem). */
static guint
raw_request (const char  *method,
             const char  *path,
             const char  *idempotency_key,
             char       **code)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", idempotency_key);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  *code = NULL;
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "code"))
    *code = g_strdup (json_object_get_string_member (json_node_get_object (root), "code"));

  return soup_message_get_status (msg);
}

/* ---- tests ---- */

/* Each applicant sees their own trámites, newest first, and may filter
 * them by status. */
static void
test_list (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) holder = load_credential (HOLDER_RFC);
  g_autoptr(VntCredential) newcomer = load_credential (NEWCOMER_RFC);
  g_autoptr(JsonObject) update = vnt_test_account_data (HOLDER_CURP, HOLDER_RFC, NULL);
  g_autoptr(JsonObject) create = vnt_test_account_data (NEWCOMER_CURP, NEWCOMER_RFC, "berenice@example.mx");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *folios = NULL;
  g_autofree char *drafts = NULL;
  g_autofree char *none = NULL;
  g_autofree char *theirs = NULL;
  JsonObject *entry;

  if (holder == NULL || newcomer == NULL)
    {
      g_test_skip ("The SAT test e.firmas are not available");
      return;
    }

  first = start_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, "account.update", update);
  other = start_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, "account.create", create);
  second = start_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, "account.update", update);

  expected = g_strdup_printf ("%s %s", json_object_get_string_member (second, "folio"),
                              json_object_get_string_member (first, "folio"));
  folios = list_folios (client, holder, HOLDER_CURP, HOLDER_RFC, NULL);
  g_assert_cmpstr (folios, ==, expected);
  drafts = list_folios (client, holder, HOLDER_CURP, HOLDER_RFC, "draft");
  g_assert_cmpstr (drafts, ==, expected);
  none = list_folios (client, holder, HOLDER_CURP, HOLDER_RFC, "concluded");
  g_assert_cmpstr (none, ==, "");
  theirs = list_folios (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, NULL);
  g_assert_cmpstr (theirs, ==, json_object_get_string_member (other, "folio"));

  list = list_tramites (client, holder, HOLDER_CURP, HOLDER_RFC, NULL, &error);
  g_assert_no_error (error);
  entry = json_array_get_object_element (json_object_get_array_member (list, "tramites"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "procedure"), ==, "account.update");
  g_assert_cmpstr (json_object_get_string_member (entry, "status"), ==, "draft");
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "created_at"), ==,
                   json_object_get_string_member (second, "created_at"));
  g_assert_cmpstr (json_object_get_string_member (entry, "expires_at"), ==,
                   json_object_get_string_member (second, "expires_at"));
  g_clear_pointer (&list, json_object_unref);

  /* The typed identity must be the e.firma's, as for any e.firma proof. */
  list = list_tramites (client, holder, NEWCOMER_CURP, NEWCOMER_RFC, NULL, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_RFC_MISMATCH);
  g_assert_null (list);
  g_clear_error (&error);

  list = list_tramites (client, holder, HOLDER_CURP, HOLDER_RFC, "archived", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD);
  g_assert_null (list);
}

/* "Guardar Trámite": a new revision with the new data; a stale revision,
 * someone else or other identities are refused; once concluded, nothing. */
static void
test_update (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) holder = load_credential (HOLDER_RFC);
  g_autoptr(VntCredential) newcomer = load_credential (NEWCOMER_RFC);
  g_autoptr(JsonObject) create = vnt_test_account_data (NEWCOMER_CURP, NEWCOMER_RFC, "berenice@example.mx");
  g_autoptr(JsonObject) corrected = vnt_test_account_data (NEWCOMER_CURP, NEWCOMER_RFC, "b.ximo@example.mx");
  g_autoptr(JsonObject) stale = vnt_test_account_data (NEWCOMER_CURP, NEWCOMER_RFC, "otro@example.mx");
  g_autoptr(JsonObject) bad_email = vnt_test_account_data (NEWCOMER_CURP, NEWCOMER_RFC, "sin arroba");
  g_autoptr(JsonObject) foreign = vnt_test_account_data (HOLDER_CURP, HOLDER_RFC, "oscar@example.mx");
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (holder == NULL || newcomer == NULL)
    {
      g_test_skip ("The SAT test e.firmas are not available");
      return;
    }

  tramite = start_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, "account.create", create);
  g_assert_cmpint (json_object_get_int_member (tramite, "revision"), ==, 1);

  saved = update_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, tramite, 1, corrected, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (saved, "folio"), ==, json_object_get_string_member (tramite, "folio"));
  g_assert_cmpstr (json_object_get_string_member (saved, "status"), ==, "draft");
  g_assert_cmpint (json_object_get_int_member (saved, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (saved, "data"), "email"),
                   ==, "b.ximo@example.mx");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (saved, "review"), "email"),
                   ==, "b.ximo@example.mx");

  /* Saved from a copy that did not see revision 2. */
  refused = update_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, tramite, 1, stale, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_REVISION_CONFLICT);
  g_assert_null (refused);
  g_clear_error (&error);

  refused = update_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, saved, 2, bad_email, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Another person, even with data of their own. */
  refused = update_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, saved, 2, foreign, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
  g_assert_null (refused);
  g_clear_error (&error);

  /* The applicant cannot slip in someone else's CURP. */
  json_object_set_string_member (stale, "curp", HOLDER_CURP);
  refused = update_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, saved, 2, stale, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CURP_MISMATCH);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Finalize needs the saved revision, and the acuse has the saved data. */
  terms = get_terms (client, "ctc-ev");
  vnt_service_client_finalize_async (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC,
                                     json_object_get_string_member (saved, "folio"), "account.create",
                                     2, terms, NULL, NULL, vnt_test_store_result_cb, &result);
  content = vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (content, "data"), "email"),
                   ==, "b.ximo@example.mx");

  refused = update_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, saved, 2, corrected, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (refused);
}

/* "Cancelar Trámite": a draft only, once; it then lists as cancelled and
 * cannot be finalized. A concluded trámite keeps its acuse. */
static void
test_cancel (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) holder = load_credential (HOLDER_RFC);
  g_autoptr(VntCredential) newcomer = load_credential (NEWCOMER_RFC);
  g_autoptr(JsonObject) update = vnt_test_account_data (HOLDER_CURP, HOLDER_RFC, NULL);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) concluded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *drafts = NULL;
  const char *folio;

  if (holder == NULL || newcomer == NULL)
    {
      g_test_skip ("The SAT test e.firmas are not available");
      return;
    }

  tramite = start_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, "account.update", update);
  folio = json_object_get_string_member (tramite, "folio");

  refused = cancel_tramite (client, newcomer, NEWCOMER_CURP, NEWCOMER_RFC, folio, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
  g_assert_null (refused);
  g_clear_error (&error);

  refused = cancel_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, "EV-0000-999999", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_FOUND);
  g_assert_null (refused);
  g_clear_error (&error);

  cancelled = cancel_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, folio, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (cancelled, "folio"), ==, folio);
  g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");

  listed = list_folios (client, holder, HOLDER_CURP, HOLDER_RFC, "cancelled");
  g_assert_nonnull (strstr (listed, folio));
  drafts = list_folios (client, holder, HOLDER_CURP, HOLDER_RFC, "draft");
  g_assert_null (strstr (drafts, folio));

  /* A second cancel (a new intent, so a new key), a save or a finalize. */
  refused = cancel_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, folio, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (refused);
  g_clear_error (&error);

  refused = update_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, tramite, 1, update, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (refused);
  g_clear_error (&error);

  terms = get_terms (client, "ctc-ev");
  vnt_service_client_finalize_async (client, holder, HOLDER_CURP, HOLDER_RFC, folio, "account.update",
                                     1, terms, NULL, NULL, vnt_test_store_result_cb, &result);
  refused = vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), NULL, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (refused);
  g_clear_error (&error);

  /* A concluded trámite cannot be cancelled. */
  g_clear_pointer (&tramite, json_object_unref);
  tramite = start_tramite (client, holder, HOLDER_CURP, HOLDER_RFC, "account.update", update);
  vnt_service_client_finalize_async (client, holder, HOLDER_CURP, HOLDER_RFC,
                                     json_object_get_string_member (tramite, "folio"), "account.update",
                                     1, terms, NULL, NULL, vnt_test_store_result_cb, &result2);
  content = vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result2), NULL, &error);
  g_assert_no_error (error);

  concluded = cancel_tramite (client, holder, HOLDER_CURP, HOLDER_RFC,
                              json_object_get_string_member (tramite, "folio"), &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (concluded);
}

/* An IDSE certificate of this service that expired 10 days ago: what a
 * renewal starts from. */
static VntCredential *
expired_idse_credential (const char *number,
                         const char *npie)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &key);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) not_before = g_date_time_add_days (not_after, -730);
  g_autoptr(GBytes) der = vnt_idse_ca_issue (fixture.idse_ca, csr, "ANA LAURA PRUEBA SOLIS", HOLDER_RFC, number,
                                             not_before, not_after, &error);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autofree char *verifier = vnt_idse_password_hash ("Vieja2024x", &error);
  VntSandboxDb *db = vnt_sandbox_get_db (fixture.sandbox);

  g_assert_no_error (error);
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "INSERT INTO idse_employers (npie, rfc, registro_patronal, created_at) "
                                         "VALUES (?, ?, 'Y5412345106', 1)", "ss", npie, HOLDER_RFC));
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "INSERT INTO idse_certificates (serial, npie, folio, usuario, verifier, der, "
                                         "not_before, not_after, status) "
                                         "VALUES (?, ?, 'IDSE-2024-000001', 'vieja2024', ?, ?, ?, ?, 'valid')",
                                         "sssbii", number, npie, verifier, der, g_date_time_to_unix (not_before),
                                         g_date_time_to_unix (not_after)));
  g_assert_no_error (error);

  certificate = vnt_certificate_new_from_bytes (der, &error);
  g_assert_no_error (error);
  return vnt_credential_new_from_private_key (certificate, key, NULL);
}

static JsonObject *
accept_conditions (VntServiceClient  *client,
                   VntCredential     *credential,
                   const char        *serial,
                   JsonObject        *terms,
                   GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_accept_idse_conditions_async (client, credential, "", HOLDER_RFC, serial, terms, NULL,
                                                   NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_accept_idse_conditions_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
certificate_info (VntServiceClient *client,
                  const char       *serial)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  JsonObject *info = NULL;

  vnt_service_client_get_idse_certificate_async (client, serial, NULL, vnt_test_store_result_cb, &result);
  certificate = vnt_service_client_get_idse_certificate_finish (client, vnt_test_wait_for (&result), &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);

  return info;
}

/* The carta itself, as GET /v1/terms serves every carta. */
static void
test_conditions_carta (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(JsonObject) terms = get_terms (client, "condiciones-uso-idse");
  g_autofree char *sha256 = NULL;

  g_assert_cmpstr (json_object_get_string_member (terms, "id"), ==, "condiciones-uso-idse");
  g_assert_cmpstr (json_object_get_string_member (terms, "title"), ==, "Carta de Condiciones de Uso");
  g_assert_nonnull (json_object_get_string_member (terms, "version"));
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json_object_get_string_member (terms, "text"), -1);
  g_assert_cmpstr (json_object_get_string_member (terms, "sha256"), ==, sha256);
}

/* A renewal, then the new certificate signs the "Carta de Condiciones de
 * Uso" for itself: once, with the current carta, and nobody else for it. */
static void
test_conditions_after_renewal (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) old = expired_idse_credential ("00009000000000000011", "SB66666666");
  g_autoptr(VntCredential) efirma = load_credential (HOLDER_RFC);
  g_autoptr(VntCredential) renewed = NULL;
  g_autoptr(VntPrivateKey) new_key = NULL;
  g_autoptr(GBytes) new_csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &new_key);
  g_autofree char *new_csr_b64 = g_base64_encode (g_bytes_get_data (new_csr, NULL), g_bytes_get_size (new_csr));
  g_autoptr(JsonObject) renew = json_object_new ();
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) ctc_idse = get_terms (client, "ctc-idse");
  g_autoptr(JsonObject) conditions = get_terms (client, "condiciones-uso-idse");
  g_autoptr(JsonObject) tampered = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = NULL;

  json_object_set_string_member (renew, "serial", "00009000000000000011");
  json_object_set_string_member (renew, "email", "nominas@example.mx");
  json_object_set_string_member (renew, "csr", new_csr_b64);
  tramite = start_tramite (client, old, "", HOLDER_RFC, "idse.renew", renew);
  vnt_service_client_finalize_async (client, old, "", HOLDER_RFC,
                                     json_object_get_string_member (tramite, "folio"), "idse.renew",
                                     json_object_get_int_member (tramite, "revision"), ctc_idse,
                                     NULL, NULL, vnt_test_store_result_cb, &result);
  content = vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  serial = g_strdup (json_object_get_string_member (json_object_get_object_member (content, "data"), "serial"));

  info = certificate_info (client, serial);
  g_assert_true (json_object_has_member (info, "conditions_accepted_at"));
  g_assert_true (json_object_get_null_member (info, "conditions_accepted_at"));
  {
    gsize der_len = 0;
    guchar *der_data = g_base64_decode (json_object_get_string_member (info, "der"), &der_len);
    g_autoptr(GBytes) der = g_bytes_new_take (der_data, der_len);

    certificate = vnt_certificate_new_from_bytes (der, &error);
    g_assert_no_error (error);
  }
  renewed = vnt_credential_new_from_private_key (certificate, new_key, &error);
  g_assert_no_error (error);

  /* The old certificate is expired: it signs only its own renewal. */
  refused = accept_conditions (client, old, serial, conditions, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_EXPIRED);
  g_assert_null (refused);
  g_clear_error (&error);

  /* The new one signs for itself, not for another certificate. */
  refused = accept_conditions (client, renewed, "00009000000000000011", conditions, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
  g_assert_null (refused);
  g_clear_error (&error);

  /* An e.firma is not an IDSE certificate. */
  if (efirma != NULL)
    {
      refused = accept_conditions (client, efirma, serial, conditions, &error);
      g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_CERTIFICATE);
      g_assert_null (refused);
      g_clear_error (&error);
    }

  /* Another carta, or this one with another text. */
  refused = accept_conditions (client, renewed, serial, ctc_idse, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TERMS_NOT_ACCEPTED);
  g_assert_null (refused);
  g_clear_error (&error);
  tampered = json_object_new ();
  json_object_set_string_member (tampered, "id", "condiciones-uso-idse");
  json_object_set_string_member (tampered, "version", json_object_get_string_member (conditions, "version"));
  json_object_set_string_member (tampered, "sha256", json_object_get_string_member (ctc_idse, "sha256"));
  refused = accept_conditions (client, renewed, serial, tampered, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TERMS_NOT_ACCEPTED);
  g_assert_null (refused);
  g_clear_error (&error);

  refused = accept_conditions (client, renewed, "00009000000000099999", conditions, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_NOT_FOUND);
  g_assert_null (refused);
  g_clear_error (&error);

  g_clear_pointer (&info, json_object_unref);
  info = certificate_info (client, serial);
  g_assert_true (json_object_get_null_member (info, "conditions_accepted_at"));

  accepted = accept_conditions (client, renewed, serial, conditions, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (accepted, "serial"), ==, serial);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (accepted, "terms"), "id"),
                   ==, "condiciones-uso-idse");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (accepted, "terms"), "sha256"),
                   ==, json_object_get_string_member (conditions, "sha256"));

  g_clear_pointer (&info, json_object_unref);
  info = certificate_info (client, serial);
  g_assert_cmpstr (json_object_get_string_member (info, "conditions_accepted_at"), ==,
                   json_object_get_string_member (accepted, "accepted_at"));

  /* Accepting again (a new key) changes nothing. */
  again = accept_conditions (client, renewed, serial, conditions, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "accepted_at"), ==,
                   json_object_get_string_member (accepted, "accepted_at"));
}

/* What is refused before any proof is looked at. */
static void
test_unsigned_refusals (void)
{
  g_autofree char *code = NULL;

  g_assert_cmpuint (raw_request ("GET", "/v1/tramites", NULL, &code), ==, 401);
  g_assert_cmpstr (code, ==, "proof-required");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (raw_request ("GET", "/v1/tramites?status=archived", NULL, &code), ==, 422);
  g_assert_cmpstr (code, ==, "invalid-field");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (raw_request ("DELETE", "/v1/tramites/EV-2026-000001", NULL, &code), ==, 400);
  g_assert_cmpstr (code, ==, "idempotency-key-required");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (raw_request ("PUT", "/v1/tramites/EV-2026-000001", NULL, &code), ==, 400);
  g_assert_cmpstr (code, ==, "idempotency-key-required");
  g_clear_pointer (&code, g_free);

  /* Without a proof an unknown folio answers like a known one. */
  g_assert_cmpuint (raw_request ("DELETE", "/v1/tramites/EV-0000-999999", "dGVzdC1jYW5jZWwtbm8tcHJvb2Y",
                                 &code), ==, 401);
  g_assert_cmpstr (code, ==, "proof-required");
  g_clear_pointer (&code, g_free);

  g_assert_cmpuint (raw_request ("PATCH", "/v1/tramites", NULL, &code), ==, 405);
  g_assert_cmpstr (code, ==, "method-not-allowed");
}

/* Without a proof, a folio that exists answers exactly like one that does
 * not: folios cannot be probed. */
static void
test_folio_probing (void)
{
  /* One with an acuse, made by the tests before. */
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (vnt_sandbox_get_db (fixture.sandbox),
                                                    "SELECT folio FROM acuses ORDER BY folio LIMIT 1", NULL);
  const char *methods[] = { "GET", "DELETE" };
  const char *prefixes[] = { "/v1/tramites/", "/v1/acuses/" };
  const char *folio;

  if (rows->len == 0)
    {
      g_test_skip ("The SAT test e.firmas are not available");
      return;
    }
  folio = ((GPtrArray *) rows->pdata[0])->pdata[0];

  for (gsize p = 0; p < G_N_ELEMENTS (prefixes); p++)
    for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        g_autofree char *known = g_strconcat (prefixes[p], folio, NULL);
        g_autofree char *unknown = g_strconcat (prefixes[p], "EV-2099-999999", NULL);
        g_autofree char *known_code = NULL;
        g_autofree char *unknown_code = NULL;
        guint known_status;
        guint unknown_status;

        if (g_str_equal (methods[m], "DELETE") && g_str_equal (prefixes[p], "/v1/acuses/"))
          continue;
        known_status = raw_request (methods[m], known, "dGVzdC1wcm9iaW5nLWtleS0x", &known_code);
        unknown_status = raw_request (methods[m], unknown, "dGVzdC1wcm9iaW5nLWtleS0y", &unknown_code);
        g_assert_cmpuint (known_status, ==, 401);
        g_assert_cmpuint (unknown_status, ==, 401);
        g_assert_cmpstr (known_code, ==, "proof-required");
        g_assert_cmpstr (unknown_code, ==, "proof-required");
      }
}

/* "Actualización de la e.firma" never goes back to an older e.firma: the
 * registered one (a day newer) is named, with the chosen one, and which is
 * newer. The account read says when the registered one became valid. */
static void
test_update_not_newer (void)
{
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) marta = load_credential (VNT_TEST_MARTA_RFC);
  g_autoptr(JsonObject) data = vnt_test_account_data (VNT_TEST_MARTA_CURP, VNT_TEST_MARTA_RFC, NULL);
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = vnt_certificate_get_number (vnt_credential_get_certificate (marta));

  vnt_service_client_read_account_async (client, marta, VNT_TEST_MARTA_CURP, VNT_TEST_MARTA_RFC, NULL,
                                         vnt_test_store_result_cb, &result);
  account = vnt_service_client_read_account_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (account, "certificate_number"), ==, NEWER_NUMBER);
  g_assert_nonnull (json_object_get_string_member (account, "certificate_not_before"));

  vnt_service_client_start_tramite_async (client, marta, VNT_TEST_MARTA_CURP, VNT_TEST_MARTA_RFC,
                                          "account.update", data, NULL, NULL, vnt_test_store_result_cb, &started);
  tramite = vnt_service_client_start_tramite_finish (client, vnt_test_wait_for (&started), &error);
  g_assert_null (tramite);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_NOT_NEWER);
  g_assert_nonnull (strstr (error->message, NEWER_NUMBER));
  g_assert_nonnull (strstr (error->message, number));
  g_assert_nonnull (strstr (error->message, "más nueva"));
}

/* A certificate that copies AC UAT's issuer name and authority key
 * identifier byte for byte, with a real test holder's subject and a key of
 * its own (tests/fixtures: forged-uat2019), current: the practice sandbox
 * trusts keys, never names, so it reads no account and starts no trámite
 * with it. */
static void
test_forged_sat_test_certificate (void)
{
  g_autofree char *cer = vnt_test_fixture_path ("forged-uat2019.cer");
  g_autofree char *key = vnt_test_fixture_path ("forged-uat2019.key");
  g_autoptr(VntServiceClient) client = new_client ();
  g_autoptr(VntCredential) forged = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const procedures[] = {
    "account.update", "account.create", "company.register", "representative.remove",
    "idse.request", "idse.additional", "idse.cancel", "idse.renew",
  };

  if (!g_file_test (cer, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the forged fixture is missing (no SAT test set)");
      return;
    }
  forged = vnt_credential_new_from_files (cer, key, "12345678a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_certificate_get_issuer_name (vnt_credential_get_certificate (forged)), ==, "AC UAT");
  g_assert_cmpint (vnt_certificate_get_days_left (vnt_credential_get_certificate (forged), NULL), >, 0);

  vnt_service_client_read_account_async (client, forged, "KAHO641101HNTLKS06", "KAHO641101B39", NULL,
                                         vnt_test_store_result_cb, &result);
  account = vnt_service_client_read_account_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_null (account);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_CERTIFICATE);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    {
      g_autoptr(JsonObject) data = vnt_test_account_data ("KAHO641101HNTLKS06", "KAHO641101B39", "oscar@example.mx");
      g_autoptr(JsonObject) tramite = NULL;
      g_autoptr(GAsyncResult) started = NULL;
      gboolean idse_signed = g_str_equal (procedures[i], "idse.cancel") || g_str_equal (procedures[i], "idse.renew");

      g_test_message ("%s", procedures[i]);
      vnt_service_client_start_tramite_async (client, forged, idse_signed ? "" : "KAHO641101HNTLKS06",
                                              "KAHO641101B39", procedures[i], data, NULL, NULL,
                                              vnt_test_store_result_cb, &started);
      tramite = vnt_service_client_start_tramite_finish (client, vnt_test_wait_for (&started), &error);
      g_assert_null (tramite);
      g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_CERTIFICATE);
      g_clear_error (&error);
    }
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture.sandbox), "KAHO641101HNTLKS06"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  fixture_start ();

  g_test_add_func ("/sandbox-tramites/list", test_list);
  g_test_add_func ("/sandbox-tramites/update", test_update);
  g_test_add_func ("/sandbox-tramites/cancel", test_cancel);
  g_test_add_func ("/sandbox-tramites/update-not-newer", test_update_not_newer);
  g_test_add_func ("/sandbox-tramites/forged-sat-test-certificate", test_forged_sat_test_certificate);
  g_test_add_func ("/sandbox-tramites/unsigned-refusals", test_unsigned_refusals);
  g_test_add_func ("/sandbox-tramites/folio-probing", test_folio_probing);
  g_test_add_func ("/sandbox-tramites/conditions/carta", test_conditions_carta);
  g_test_add_func ("/sandbox-tramites/conditions/after-renewal", test_conditions_after_renewal);

  status = g_test_run ();
  fixture_stop ();

  return status;
}
