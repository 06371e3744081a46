/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "core/vnt-npie.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "crypto/vnt-keygen.h"
#include "crypto/vnt-request-writer.h"
#include "net/vnt-proof.h"
#include "net/vnt-service-client.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-utils.h"

/* ventanilla-sandbox and the service client, on 127.0.0.1 only: one
 * sandbox over plain HTTP and one over HTTPS, in a thread of their own. */

#define HOLDER_CURP "KAHO641101HNTLKS06"
#define HOLDER_RFC  "KAHO641101B39"
#define HOLDER_OLD_NUMBER "30001000000400002111"
#define UPDATER_CURP "XOJI740919MQTDMN02"
#define UPDATER_RFC  "XOJI740919U48"
#define UPDATER_OLD_NUMBER "30001000000400002000"
/* The program (ventanilla-sandbox run as a process) has no test clock: a
 * current practice e.firma (vnt-test-practice.h). */
#define PROGRAM_CURP VNT_TEST_ANA_CURP
#define PROGRAM_RFC  VNT_TEST_ANA_RFC
#define PROGRAM_NAME "ANA LAURA PRUEBA SOLIS"

static struct
{
  char               *dir;
  VntServiceIdentity *identity;
  VntIdseCa          *idse_ca;
  VntTestServer      *server;
  VntSandbox         *http;
  VntSandbox         *https;
  char               *http_url;
  char               *https_url;
  SoupServer         *flaky;
  char               *flaky_url;
  int                 flaky_nonces;
  int                 flaky_lookups;
  GPtrArray          *paused;
} fixture;

/* A service that fails the first nonce, is always down for accounts and
 * never answers GET /v1/: for retries and timeouts. */
static void
flaky_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  static const char answer[] = "{\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}";

  if (g_str_equal (path, "/v1/nonces"))
    {
      if (g_atomic_int_add (&fixture.flaky_nonces, 1) == 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        answer, strlen (answer));
    }
  else if (g_str_has_prefix (path, "/v1/accounts/"))
    {
      g_atomic_int_inc (&fixture.flaky_lookups);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    }
  else
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture.paused, g_object_ref (msg));
    }
}

/* In the server thread, on its own main context. */
static void
server_setup (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *http_db = g_build_filename (fixture.dir, "http", "sandbox.db", NULL);
  g_autofree char *https_db = g_build_filename (fixture.dir, "https", "sandbox.db", NULL);
  VntSandboxDb *db;
  VntSandboxAccount holder = {
    .curp = (char *) HOLDER_CURP,
    .rfc = (char *) HOLDER_RFC,
    .name = (char *) "OSCAR KALA HAAK",
    .certificate_number = (char *) HOLDER_OLD_NUMBER,
    .email = NULL,
    .created_at = 1700000000,
    .updated_at = 1700000000,
  };

  /* Registered with an earlier e.firma: the actualización's subject. */
  VntSandboxAccount updater = {
    .curp = (char *) UPDATER_CURP,
    .rfc = (char *) UPDATER_RFC,
    .name = (char *) "INGRID XODAR JIMENEZ",
    .certificate_number = (char *) UPDATER_OLD_NUMBER,
    .email = (char *) "ingrid@example.mx",
    .created_at = 1600000000,
    .updated_at = 1600000000,
  };

  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));

  db = vnt_sandbox_db_open (http_db, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &holder, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &updater, &error);
  g_assert_no_error (error);
  fixture.http = vnt_sandbox_new (db, fixture.identity, TRUE);
  /* SAT's 2019 test e.firmas (and the 2023 company's), judged on a day
   * when all of them were current: these tests are about the protocol's
   * other rules. Expiry and trust by key: test-sandbox-tramites. */
  {
    g_autoptr(GDateTime) then = g_date_time_new_utc (2023, 5, 20, 12, 0, 0);

    vnt_sandbox_set_certificate_time_for_testing (fixture.http, then);
  }
  {
    g_autofree char *http_dir = g_path_get_dirname (http_db);
    g_autoptr(VntCalendar) calendar = vnt_calendar_new ();

    /* The law's rest days only, so that deadlines are known in advance. */
    fixture.idse_ca = vnt_idse_ca_open (http_dir, &error);
    g_assert_no_error (error);
    vnt_sandbox_set_idse_ca (fixture.http, fixture.idse_ca);
    vnt_sandbox_set_calendar (fixture.http, calendar);
  }
  vnt_sandbox_listen (fixture.http, address, FALSE, &error);
  g_assert_no_error (error);
  fixture.http_url = vnt_sandbox_get_url (fixture.http);

  db = vnt_sandbox_db_open (https_db, &error);
  g_assert_no_error (error);
  /* As a real service: SAT's test e.firmas are refused here. */
  fixture.https = vnt_sandbox_new (db, fixture.identity, FALSE);
  vnt_sandbox_listen (fixture.https, address, TRUE, &error);
  g_assert_no_error (error);
  fixture.https_url = vnt_sandbox_get_url (fixture.https);

  fixture.paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture.flaky = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture.flaky, NULL, flaky_cb, NULL, NULL);
  soup_server_listen (fixture.flaky, G_SOCKET_ADDRESS (address), 0, &error);
  g_assert_no_error (error);
  {
    GSList *uris = soup_server_get_uris (fixture.flaky);

    fixture.flaky_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
    g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  }
}

/* In the server thread, once the main loop is done. */
static void
server_teardown (gpointer data)
{
  g_clear_object (&fixture.http);
  g_clear_object (&fixture.https);
  g_clear_pointer (&fixture.paused, g_ptr_array_unref);
  soup_server_disconnect (fixture.flaky);
  g_clear_object (&fixture.flaky);
}

static void
fixture_start (void)
{
  g_autoptr(GError) error = NULL;

  fixture.dir = g_dir_make_tmp ("vnt-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  fixture.server = vnt_test_server_start (server_setup, server_teardown, NULL);
}

static void
fixture_stop (void)
{
  g_clear_pointer (&fixture.server, vnt_test_server_stop);
  g_clear_object (&fixture.identity);
  g_clear_object (&fixture.idse_ca);
  g_clear_pointer (&fixture.http_url, g_free);
  g_clear_pointer (&fixture.https_url, g_free);
  g_clear_pointer (&fixture.flaky_url, g_free);
  vnt_test_remove_tree (fixture.dir);
  g_clear_pointer (&fixture.dir, g_free);
}

/* ---- helpers ---- */

static VntServiceClient *
http_client (void)
{
  g_autoptr(GError) error = NULL;
  VntServiceClient *client = vnt_service_client_new (fixture.http_url, &error);

  g_assert_no_error (error);
  return client;
}

static JsonObject *
read_account (VntServiceClient  *client,
              VntCredential     *credential,
              const char        *curp,
              const char        *rfc,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_read_account_async (client, credential, curp, rfc, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_read_account_finish (client, vnt_test_wait_for (&result), error);
}

/* ---- tests ---- */

static void
test_info (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;

  vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &result);
  info = vnt_service_client_get_info_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "service"), ==, "ventanilla-sandbox");
  g_assert_true (json_object_get_boolean_member (info, "practice"));
  g_assert_cmpstr (json_object_get_string_member (info, "acuse_certificate_sha256"), ==,
                   vnt_service_identity_get_fingerprint (fixture.identity));
}

static void
test_nonces (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GError) error = NULL;

  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &first);
  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &second);
  a = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&first), &error);
  g_assert_no_error (error);
  b = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&second), &error);
  g_assert_no_error (error);

  g_assert_true (vnt_proof_nonce_is_valid (a));
  g_assert_true (vnt_proof_nonce_is_valid (b));
  g_assert_cmpstr (a, !=, b);
}

static void
test_lookup (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  const struct {
    const char *curp;
    gboolean    ok;
    gboolean    exists;
  } cases[] = {
    { HOLDER_CURP, TRUE, TRUE },
    { "VADA800927HSRSRL05", TRUE, FALSE },
    { "KAHO641101HNTLKS07", FALSE, FALSE },  /* wrong check digit */
    { "NO-ES-CURP", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean exists = !cases[i].exists;
      gboolean ok;

      vnt_service_client_lookup_account_async (client, cases[i].curp, NULL, vnt_test_store_result_cb, &result);
      ok = vnt_service_client_lookup_account_finish (client, vnt_test_wait_for (&result), &exists, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (exists, ==, cases[i].exists);
        }
      else
        {
          g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_CURP);
          /* The service's own Spanish sentence. */
          g_assert_nonnull (strstr (error->message, "no es válida"));
          g_assert_false (ok);
        }
    }
}

static void
test_read_account (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GError) error = NULL;

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (credential == NULL)
    return;

  account = read_account (client, credential, HOLDER_CURP, HOLDER_RFC, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (account, "exists"));
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "OSCAR KALA HAAK");
  g_assert_cmpstr (json_object_get_string_member (account, "certificate_number"), ==, HOLDER_OLD_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (account, "rfc"), ==, HOLDER_RFC);
}

static void
test_read_account_refusals (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) fiel = NULL;
  g_autoptr(VntCredential) csd = NULL;
  const struct {
    VntCredential **credential;
    const char     *curp;
    const char     *rfc;
    VntNetError     code;
  } cases[] = {
    /* A CSD where an e.firma is needed. */
    { &csd, HOLDER_CURP, HOLDER_RFC, VNT_NET_ERROR_NOT_EFIRMA },
    /* What was typed does not match the e.firma. */
    { &fiel, HOLDER_CURP, "KAHO641101B38", VNT_NET_ERROR_RFC_MISMATCH },
    { &fiel, "XIQB891116MGRMZR05", HOLDER_RFC, VNT_NET_ERROR_CURP_MISMATCH },
  };

  fiel = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  csd = vnt_test_load_sat_credential ("csd/csd-fisica-KAHO641101B39.cer", "csd/csd-fisica-KAHO641101B39.key");
  if (fiel == NULL || csd == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) account = NULL;
      g_autoptr(GError) error = NULL;

      account = read_account (client, *cases[i].credential, cases[i].curp, cases[i].rfc, &error);
      g_assert_null (account);
      g_assert_error (error, VNT_NET_ERROR, (int) cases[i].code);
    }
}

/* Raw requests, to replay and tamper with what the client would send. */
typedef struct
{
  guint       status;
  char       *code;
} RawAnswer;

static void
raw_answer_clear (RawAnswer *answer)
{
  g_clear_pointer (&answer->code, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawAnswer, raw_answer_clear)

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_replace (user_data, name, value);
}

static void
raw_get (SoupMessageHeaders *proof,
         const char         *path,
         RawAnswer          *answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture.http_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_foreach (proof, copy_header_cb, soup_message_get_request_headers (msg));
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  answer->status = soup_message_get_status (msg);
  if (answer->status != SOUP_STATUS_OK)
    {
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
      g_assert_no_error (error);
      answer->code = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "code"));
    }
}

/* The headers the protocol asks for, signed with @credential. */
static SoupMessageHeaders *
make_proof (VntCredential *credential,
            const char    *time)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *empty = vnt_proof_body_sha256 (NULL);
  g_autofree char *cadena = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *der_b64 = NULL;
  g_autoptr(GBytes) cadena_bytes = NULL;
  VntCertificate *certificate = vnt_credential_get_certificate (credential);
  GBytes *der = vnt_certificate_get_der (certificate);
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &result);
  nonce = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);

  cadena = vnt_proof_build_cadena ("account.read", HOLDER_CURP, HOLDER_RFC,
                                   vnt_certificate_get_number (certificate), nonce, time, empty);
  cadena_bytes = g_bytes_new (cadena, strlen (cadena));
  signature = vnt_credential_sign_pkcs1 (credential, cadena_bytes, &error);
  g_assert_no_error (error);
  der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

  soup_message_headers_replace (headers, VNT_PROOF_HEADER_CERTIFICATE, der_b64);
  soup_message_headers_replace (headers, VNT_PROOF_HEADER_CURP, HOLDER_CURP);
  soup_message_headers_replace (headers, VNT_PROOF_HEADER_RFC, HOLDER_RFC);
  soup_message_headers_replace (headers, VNT_PROOF_HEADER_NONCE, nonce);
  soup_message_headers_replace (headers, VNT_PROOF_HEADER_TIME, time);
  soup_message_headers_replace (headers, VNT_PROOF_HEADER_SIGNATURE, signature);

  return headers;
}

static void
test_replayed_nonce (void)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(SoupMessageHeaders) proof = NULL;
  g_autofree char *now = vnt_proof_format_time (NULL);
  g_auto(RawAnswer) first = { 0 };
  g_auto(RawAnswer) again = { 0 };

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (credential == NULL)
    return;

  proof = make_proof (credential, now);
  raw_get (proof, "/v1/accounts/" HOLDER_CURP, &first);
  g_assert_cmpuint (first.status, ==, SOUP_STATUS_OK);

  raw_get (proof, "/v1/accounts/" HOLDER_CURP, &again);
  g_assert_cmpuint (again.status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (again.code, ==, "nonce-used");
}

static void
test_bad_proofs (void)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autofree char *now = vnt_proof_format_time (NULL);
  g_autoptr(GDateTime) current = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (current, -1);
  g_autofree char *an_hour_ago = vnt_proof_format_time (then);

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (credential == NULL)
    return;

  /* A signature over other bytes. */
  {
    g_autoptr(SoupMessageHeaders) proof = make_proof (credential, now);
    g_autofree char *signature = g_strdup (soup_message_headers_get_one (proof, VNT_PROOF_HEADER_SIGNATURE));
    g_auto(RawAnswer) answer = { 0 };

    signature[10] = signature[10] == 'A' ? 'B' : 'A';
    soup_message_headers_replace (proof, VNT_PROOF_HEADER_SIGNATURE, signature);
    raw_get (proof, "/v1/accounts/" HOLDER_CURP, &answer);
    g_assert_cmpstr (answer.code, ==, "bad-signature");
  }

  /* Signed for another nonce than the one sent. */
  {
    g_autoptr(SoupMessageHeaders) proof = make_proof (credential, now);
    g_autoptr(SoupMessageHeaders) other = make_proof (credential, now);
    g_auto(RawAnswer) answer = { 0 };

    soup_message_headers_replace (proof, VNT_PROOF_HEADER_NONCE,
                                  soup_message_headers_get_one (other, VNT_PROOF_HEADER_NONCE));
    raw_get (proof, "/v1/accounts/" HOLDER_CURP, &answer);
    g_assert_cmpstr (answer.code, ==, "bad-signature");
  }

  /* A nonce the service never gave. */
  {
    g_autoptr(SoupMessageHeaders) proof = make_proof (credential, now);
    g_auto(RawAnswer) answer = { 0 };

    soup_message_headers_replace (proof, VNT_PROOF_HEADER_NONCE, "AAAAAAAAAAAAAAAAAAAAAA");
    raw_get (proof, "/v1/accounts/" HOLDER_CURP, &answer);
    g_assert_cmpstr (answer.code, ==, "nonce-unknown");
  }

  /* Signed an hour ago. */
  {
    g_autoptr(SoupMessageHeaders) proof = NULL;
    g_auto(RawAnswer) answer = { 0 };

    proof = make_proof (credential, an_hour_ago);
    raw_get (proof, "/v1/accounts/" HOLDER_CURP, &answer);
    g_assert_cmpstr (answer.code, ==, "clock-skew");
  }

  /* No proof headers but a signature: incomplete. */
  {
    g_autoptr(SoupMessageHeaders) proof = make_proof (credential, now);
    g_auto(RawAnswer) answer = { 0 };

    soup_message_headers_remove (proof, VNT_PROOF_HEADER_TIME);
    raw_get (proof, "/v1/accounts/" HOLDER_CURP, &answer);
    g_assert_cmpstr (answer.code, ==, "proof-required");
  }
}

static void
test_https_pinned (void)
{
  g_autoptr(GError) error = NULL;
  const struct {
    const char *pin;
    gboolean    ok;
  } cases[] = {
    { NULL, FALSE },  /* self-signed, not pinned */
    { "0000000000000000000000000000000000000000000000000000000000000000", FALSE },
    { NULL, TRUE },   /* the sandbox's own: filled in below */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VntServiceClient) client = vnt_service_client_new (fixture.https_url, &error);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonObject) info = NULL;
      g_autoptr(GError) local_error = NULL;

      g_assert_no_error (error);
      vnt_service_client_set_pinned_certificate (client, cases[i].ok ? vnt_service_identity_get_fingerprint (fixture.identity)
                                                                     : cases[i].pin);
      vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &result);
      info = vnt_service_client_get_info_finish (client, vnt_test_wait_for (&result), &local_error);
      if (cases[i].ok)
        {
          g_assert_no_error (local_error);
          g_assert_cmpstr (json_object_get_string_member (info, "service"), ==, "ventanilla-sandbox");
        }
      else
        g_assert_error (local_error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_SERVICE);
    }
}

/* Outside practice mode SAT's public test e.firmas do not count. */
static void
test_no_practice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntServiceClient) client = vnt_service_client_new (fixture.https_url, &error);
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(JsonObject) account = NULL;

  g_assert_no_error (error);
  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (credential == NULL)
    return;

  vnt_service_client_set_pinned_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));
  account = read_account (client, credential, HOLDER_CURP, HOLDER_RFC, &error);
  g_assert_null (account);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_SAT_TEST_CERTIFICATE);
}

static void
test_insecure_and_unreachable (void)
{
  g_autoptr(VntServiceClient) insecure = NULL;
  g_autoptr(VntServiceClient) closed = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean exists = FALSE;

  /* Plain HTTP to anything but loopback is refused before any traffic. */
  insecure = vnt_service_client_new ("http://192.0.2.10:8080", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INSECURE_URL);
  g_assert_null (insecure);
  g_clear_error (&error);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  closed = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  vnt_service_client_set_retries (closed, 0);
  vnt_service_client_lookup_account_async (closed, HOLDER_CURP, NULL, vnt_test_store_result_cb, &result);
  g_assert_false (vnt_service_client_lookup_account_finish (closed, vnt_test_wait_for (&result), &exists, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE);
}

static void
test_database (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "db-test", "sandbox.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  VntSandboxAccount account = {
    .curp = (char *) "XIQB891116MGRMZR05", .rfc = (char *) "XIQB891116QE4",
    .name = (char *) "BERENICE XIMO QUEZADA", .certificate_number = (char *) "30001000000400002311",
    .created_at = 1, .updated_at = 1,
  };

  {
    g_autoptr(VntSandboxDb) db = vnt_sandbox_db_open (path, &error);
    GStatBuf st;

    g_assert_no_error (error);
    g_assert_cmpint (vnt_sandbox_db_get_schema_version (db), ==, VNT_SANDBOX_DB_SCHEMA_VERSION);
    mode = vnt_sandbox_db_get_journal_mode (db);
    g_assert_cmpstr (mode, ==, "wal");
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    /* Nonces: single use, and dead once expired. */
    vnt_sandbox_db_add_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpint (vnt_sandbox_db_peek_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 999), ==, VNT_NONCE_OK);
    g_assert_cmpint (vnt_sandbox_db_peek_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 1000), ==, VNT_NONCE_UNKNOWN);
    g_assert_cmpint (vnt_sandbox_db_consume_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 1000), !=, VNT_NONCE_OK);
    g_assert_cmpint (vnt_sandbox_db_consume_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 500), ==, VNT_NONCE_OK);
    g_assert_cmpint (vnt_sandbox_db_consume_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 500), ==, VNT_NONCE_USED);
    g_assert_cmpint (vnt_sandbox_db_peek_nonce (db, "nonce-aaaaaaaaaaaaaaaa", 500), ==, VNT_NONCE_USED);
    g_assert_cmpint (vnt_sandbox_db_peek_nonce (db, "nonce-never-issued-00", 500), ==, VNT_NONCE_UNKNOWN);

    vnt_sandbox_db_add_account (db, &account, &error);
    g_assert_no_error (error);
    vnt_sandbox_db_add_account (db, &account, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);
  }

  /* Reopened: the schema is not migrated twice and the data is there. */
  {
    g_autoptr(VntSandboxDb) db = vnt_sandbox_db_open (path, &error);
    g_autoptr(VntSandboxAccount) found = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (vnt_sandbox_db_get_schema_version (db), ==, VNT_SANDBOX_DB_SCHEMA_VERSION);
    found = vnt_sandbox_db_find_account (db, "XIQB891116MGRMZR05");
    g_assert_nonnull (found);
    g_assert_cmpstr (found->name, ==, "BERENICE XIMO QUEZADA");
    g_assert_null (vnt_sandbox_db_find_account (db, HOLDER_CURP));
  }
}

/* A 503 on a request that is safe to repeat is retried; one that keeps
 * failing ends as "unavailable"; silence ends as a timeout. */
static void
test_retries_and_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntServiceClient) client = vnt_service_client_new (fixture.flaky_url, &error);
  g_autoptr(GAsyncResult) nonce_result = NULL;
  g_autoptr(GAsyncResult) lookup_result = NULL;
  g_autoptr(GAsyncResult) info_result = NULL;
  g_autofree char *nonce = NULL;
  g_autoptr(JsonObject) info = NULL;
  gboolean exists = FALSE;
  int lookups;

  g_assert_no_error (error);

  vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &nonce_result);
  nonce = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&nonce_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nonce, ==, "AAAAAAAAAAAAAAAAAAAAAA");
  g_assert_cmpint (g_atomic_int_get (&fixture.flaky_nonces), ==, 2);

  vnt_service_client_set_retries (client, 1);
  lookups = g_atomic_int_get (&fixture.flaky_lookups);
  vnt_service_client_lookup_account_async (client, HOLDER_CURP, NULL, vnt_test_store_result_cb, &lookup_result);
  g_assert_false (vnt_service_client_lookup_account_finish (client, vnt_test_wait_for (&lookup_result), &exists, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNAVAILABLE);
  g_assert_cmpint (g_atomic_int_get (&fixture.flaky_lookups), ==, lookups + 2);
  g_clear_error (&error);

  vnt_service_client_set_retries (client, 0);
  vnt_service_client_set_timeout (client, 1);
  vnt_service_client_get_info_async (client, NULL, vnt_test_store_result_cb, &info_result);
  info = vnt_service_client_get_info_finish (client, vnt_test_wait_for (&info_result), &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TIMEOUT);
  g_assert_null (info);
}

typedef struct
{
  GMainContext *context;
  GThread      *thread;
  GAsyncResult *result;
} Caller;

static void
caller_result_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Caller *caller = user_data;

  /* Back where the request was made, though it ran in the client's thread. */
  g_assert_true (g_thread_self () == caller->thread);
  g_assert_true (g_main_context_is_owner (caller->context));
  caller->result = g_object_ref (result);
}

/* A caller on its own thread, with its own main context. */
static gpointer
other_caller_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  Caller caller = { context, g_thread_self (), NULL };

  g_main_context_push_thread_default (context);
  client = vnt_service_client_new (fixture.http_url, &error);
  g_assert_no_error (error);
  vnt_service_client_get_info_async (client, NULL, caller_result_cb, &caller);
  while (caller.result == NULL)
    g_main_context_iteration (context, TRUE);
  info = vnt_service_client_get_info_finish (client, caller.result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "service"), ==, "ventanilla-sandbox");
  g_clear_object (&caller.result);
  g_clear_object (&client);
  g_main_context_pop_thread_default (context);

  return NULL;
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
drop_client_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VntServiceClient **client = user_data;
  g_autoptr(JsonObject) info = vnt_service_client_get_info_finish (*client, result, NULL);

  g_assert_nonnull (info);
  /* The last reference, in its own callback: the client's thread stops. */
  g_clear_object (client);
}

/* Requests run in the client's own thread: the answer comes back to the
 * caller's context, the caller's cancellable reaches a request in flight
 * and one waiting to be retried, and the client may go in its callback. */
static void
test_client_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntServiceClient) flaky = vnt_service_client_new (fixture.flaky_url, &error);
  g_autoptr(GCancellable) in_flight = g_cancellable_new ();
  g_autoptr(GCancellable) backing_off = g_cancellable_new ();
  g_autoptr(GAsyncResult) info_result = NULL;
  g_autoptr(GAsyncResult) lookup_result = NULL;
  g_autoptr(JsonObject) info = NULL;
  VntServiceClient *dropped = NULL;
  gboolean exists = FALSE;
  int lookups;

  g_thread_join (g_thread_new ("other-caller", other_caller_thread, NULL));

  /* GET /v1/ never answers there: only the cancellable ends the wait. */
  g_assert_no_error (error);
  vnt_service_client_set_retries (flaky, 0);
  vnt_service_client_get_info_async (flaky, in_flight, vnt_test_store_result_cb, &info_result);
  g_timeout_add (100, cancel_later_cb, in_flight);
  info = vnt_service_client_get_info_finish (flaky, vnt_test_wait_for (&info_result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
  g_clear_error (&error);

  /* The lookup is refused with 503 and retried after 1 s, 2 s, 4 s:
   * cancelled once the first try reached the server, none follows. */
  vnt_service_client_set_retries (flaky, 3);
  lookups = g_atomic_int_get (&fixture.flaky_lookups);
  vnt_service_client_lookup_account_async (flaky, HOLDER_CURP, backing_off, vnt_test_store_result_cb, &lookup_result);
  /* The server runs in its thread, the request in the client's: nothing
   * wakes this thread's loop before the answer. */
  while (g_atomic_int_get (&fixture.flaky_lookups) == lookups)
    g_usleep (1000);
  g_cancellable_cancel (backing_off);
  g_assert_false (vnt_service_client_lookup_account_finish (flaky, vnt_test_wait_for (&lookup_result), &exists, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&fixture.flaky_lookups), ==, lookups + 1);
  g_clear_error (&error);

  dropped = vnt_service_client_new (fixture.http_url, &error);
  g_assert_no_error (error);
  vnt_service_client_get_info_async (dropped, NULL, drop_client_cb, &dropped);
  while (dropped != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A database made by the first schema is brought up to date, data kept. */
static void
test_migration (void)
{
  g_autofree char *dir = g_build_filename (fixture.dir, "migration", NULL);
  g_autofree char *path = g_build_filename (dir, "sandbox.db", NULL);
  g_autoptr(VntSandboxDb) db = NULL;
  g_autoptr(VntSandboxAccount) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle,
                                 "CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL,"
                                 " used INTEGER NOT NULL DEFAULT 0);"
                                 "CREATE TABLE accounts (curp TEXT PRIMARY KEY, rfc TEXT NOT NULL, name TEXT NOT NULL,"
                                 " certificate_number TEXT NOT NULL, email TEXT, created_at INTEGER NOT NULL,"
                                 " updated_at INTEGER NOT NULL);"
                                 "INSERT INTO accounts VALUES ('" HOLDER_CURP "', '" HOLDER_RFC "', 'OSCAR KALA HAAK',"
                                 " '" HOLDER_OLD_NUMBER "', NULL, 1, 1);"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vnt_sandbox_db_get_schema_version (db), ==, VNT_SANDBOX_DB_SCHEMA_VERSION);
  found = vnt_sandbox_db_find_account (db, HOLDER_CURP);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->certificate_number, ==, HOLDER_OLD_NUMBER);
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (db, HOLDER_CURP), ==, 0);
}

/* The program: first start makes a certificate, SIGTERM stops it cleanly,
 * the second start reuses the certificate. */
static char *
run_program_once (const char *db,
                  gboolean   *made_certificate)
{
  g_autofree char *program = vnt_test_sandbox_program ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *fingerprint_line = NULL;
  g_autofree char *listening = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stopped = NULL;
  const char *sha;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean exists = FALSE;
  char *end;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--http", "--listen", "127.0.0.1:0", "--db", db, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  /* "Made a new self-signed certificate…" comes first, on first start only. */
  first = vnt_test_read_line_containing (out, "");
  *made_certificate = strstr (first, "self-signed") != NULL;
  fingerprint_line = *made_certificate ? vnt_test_read_line_containing (out, "SHA-256: ") : g_strdup (first);
  sha = strstr (fingerprint_line, "SHA-256: ");
  g_assert_nonnull (sha);
  listening = vnt_test_read_line_containing (out, "http://127.0.0.1:");
  url = g_strdup (strstr (listening, "http://"));
  end = strstr (url, "/v1/");
  g_assert_nonnull (end);
  *end = '\0';

  client = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  vnt_service_client_lookup_account_async (client, HOLDER_CURP, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_service_client_lookup_account_finish (client, vnt_test_wait_for (&result), &exists, &error));
  g_assert_no_error (error);
  g_assert_false (exists);

  g_subprocess_send_signal (process, SIGTERM);
  stopped = vnt_test_read_line_containing (out, "Stopped");
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  g_assert_nonnull (stopped);

  return g_strdup (sha + strlen ("SHA-256: "));
}

static void
test_program (void)
{
  g_autofree char *db = g_build_filename (fixture.dir, "program", "sandbox.db", NULL);
  g_autofree char *key = g_build_filename (fixture.dir, "program", "sandbox-key.pem", NULL);
  g_autofree char *ca_key = g_build_filename (fixture.dir, "program", "practica-ca-key.pem", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean made = FALSE;
  GStatBuf st;

  first = run_program_once (db, &made);
  g_assert_true (made);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Practice mode: its practice CA beside the database, the key 0600. */
  g_assert_cmpint (g_stat (ca_key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  second = run_program_once (db, &made);
  g_assert_false (made);
  g_assert_cmpstr (first, ==, second);
}

/* ---- trámites ---- */

static JsonObject *
start_tramite (VntServiceClient  *client,
               VntCredential     *credential,
               const char        *curp,
               const char        *rfc,
               const char        *procedure,
               JsonObject        *data,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_start_tramite_async (client, credential, curp, rfc, procedure, data, NULL,
                                          NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_start_tramite_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
get_terms (VntServiceClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *terms;

  vnt_service_client_get_terms_async (client, "ctc-ev", NULL, vnt_test_store_result_cb, &result);
  terms = vnt_service_client_get_terms_finish (client, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return terms;
}

/* The whole "Actualización de la e.firma": old and new numbers, carta,
 * acuse verified, account updated; then neither again. */
static void
test_update_flow (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(JsonObject) data = vnt_test_account_data (UPDATER_CURP, UPDATER_RFC, NULL);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) acuse = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) twice = NULL;
  g_autoptr(GError) error = NULL;
  const char *new_number;
  JsonObject *review;
  JsonObject *accepted;

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-XOJI740919U48.cer", "fiel/fiel-fisica-XOJI740919U48.key");
  if (credential == NULL)
    return;
  new_number = vnt_certificate_get_number (vnt_credential_get_certificate (credential));
  g_assert_cmpstr (new_number, !=, UPDATER_OLD_NUMBER);

  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  tramite = start_tramite (client, credential, UPDATER_CURP, UPDATER_RFC, "account.update", data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (tramite, "status"), ==, "draft");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (tramite, "folio"), "EV-"));
  review = json_object_get_object_member (tramite, "review");
  g_assert_cmpstr (json_object_get_string_member (review, "previous_certificate_number"), ==, UPDATER_OLD_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (review, "certificate_number"), ==, new_number);
  g_assert_cmpstr (json_object_get_string_member (review, "name"), ==, "INGRID XODAR JIMENEZ");
  g_assert_nonnull (strstr (json_object_get_string_member (tramite, "message"), "fue modificado"));

  terms = get_terms (client);
  {
    g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                             json_object_get_string_member (terms, "text"), -1);

    g_assert_cmpstr (json_object_get_string_member (terms, "sha256"), ==, sha256);
  }

  content = vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                               tramite, terms, NULL, &acuse, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "folio"), ==, json_object_get_string_member (tramite, "folio"));
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==,
                   "La actualización de la cuenta de usuario fue correcta.");
  accepted = json_object_get_object_member (content, "data");
  g_assert_cmpstr (json_object_get_string_member (accepted, "previous_certificate_number"), ==, UPDATER_OLD_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (accepted, "certificate_number"), ==, new_number);
  g_assert_true (json_object_get_boolean_member (content, "practice"));
  g_assert_nonnull (acuse);

  /* The account now has the new e.firma. */
  account = read_account (client, credential, UPDATER_CURP, UPDATER_RFC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (account, "certificate_number"), ==, new_number);

  /* Nothing left to update, and the trámite cannot be finalized twice. */
  again = start_tramite (client, credential, UPDATER_CURP, UPDATER_RFC, "account.update", data, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_UNCHANGED);
  g_assert_null (again);
  g_clear_error (&error);

  twice = vnt_test_finalize (client, credential, UPDATER_CURP, UPDATER_RFC,
                             tramite, terms, NULL, NULL, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (twice);
  g_clear_error (&error);

  /* The acuse as kept verifies again; a tampered one, or one checked
   * against another certificate or folio, does not. */
  {
    g_autoptr(JsonObject) ok = NULL;
    g_autoptr(JsonObject) bad = NULL;
    g_autoptr(JsonObject) tampered = json_object_new ();
    g_autoptr(JsonObject) signature = json_object_ref (json_object_get_object_member (acuse, "signature"));
    const char *payload_b64 = json_object_get_string_member (acuse, "payload");
    g_autofree guchar *payload = NULL;
    g_autofree char *altered = NULL;
    g_autofree char *altered_b64 = NULL;
    gsize len = 0;
    char *where;
    VntAcuseCheck      check;

    check = (VntAcuseCheck){
      .folio = json_object_get_string_member (tramite, "folio"),
      .procedure = "account.update",
      .certificate_number = new_number,
    };
    ok = vnt_service_client_verify_acuse (client, acuse, &check, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);

    check = (VntAcuseCheck){ .folio = "EV-2000-999999" };
    bad = vnt_service_client_verify_acuse (client, acuse, &check, &error);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
    g_assert_null (bad);
    g_clear_error (&error);

    /* One digit of the new certificate number changed in the payload. */
    payload = g_base64_decode (payload_b64, &len);
    altered = g_strndup ((const char *) payload, len);
    where = strstr (altered, new_number);
    g_assert_nonnull (where);
    where[19] = where[19] == '9' ? '8' : '9';
    altered_b64 = g_base64_encode ((const guchar *) altered, strlen (altered));
    json_object_set_string_member (tampered, "payload", altered_b64);
    json_object_set_object_member (tampered, "signature", g_steal_pointer (&signature));
    bad = vnt_service_client_verify_acuse (client, tampered, NULL, &error);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
    g_assert_null (bad);
    g_clear_error (&error);

    /* Signed by someone else's certificate: not the configured one. */
    vnt_service_client_set_acuse_certificate (client, "00");
    bad = vnt_service_client_verify_acuse (client, acuse, NULL, &error);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACUSE_INVALID);
    g_assert_null (bad);
  }
}

/* "Crear cuenta": not there before, there after, not twice. */
static void
test_create_flow (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(JsonObject) data = vnt_test_account_data ("XIQB891116MGRMZR05", "XIQB891116QE4", "berenice@example.mx");
  g_autoptr(JsonObject) update = vnt_test_account_data ("XIQB891116MGRMZR05", "XIQB891116QE4", NULL);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GError) error = NULL;

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-XIQB891116QE4.cer", "fiel/fiel-fisica-XIQB891116QE4.key");
  if (credential == NULL)
    return;

  /* A genuine holder without an account can neither read nor update one. */
  account = read_account (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_NOT_FOUND);
  g_assert_null (account);
  g_clear_error (&error);
  tramite = start_tramite (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4", "account.update", update, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_NOT_FOUND);
  g_assert_null (tramite);
  g_clear_error (&error);

  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));
  tramite = start_tramite (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4", "account.create", data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (tramite, "review"), "name"),
                   ==, "BERENICE XIMO QUEZADA");

  terms = get_terms (client);
  content = vnt_test_finalize (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4",
                               tramite, terms, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (content, "data"), "email"),
                   ==, "berenice@example.mx");

  account = read_account (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (account, "certificate_number"), ==,
                   vnt_certificate_get_number (vnt_credential_get_certificate (credential)));

  again = start_tramite (client, credential, "XIQB891116MGRMZR05", "XIQB891116QE4", "account.create", data, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_EXISTS);
  g_assert_null (again);
}

static void
test_start_refusals (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) csd = NULL;
  g_autoptr(VntCredential) other = NULL;
  g_autoptr(VntCredential) enie = NULL;
  g_autoptr(JsonObject) holder = vnt_test_account_data (HOLDER_CURP, HOLDER_RFC, "oscar@example.mx");
  g_autoptr(JsonObject) bad_email = vnt_test_account_data ("XIQB891116MGRMZR05", "XIQB891116QE4", "sin arroba");
  g_autoptr(JsonObject) enie_data = vnt_test_account_data ("RAQN770121HDFMZV08", "RAQÑ7701212M3", "neves@example.mx");
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(GError) error = NULL;

  csd = vnt_test_load_sat_credential ("csd/csd-fisica-KAHO641101B39.cer", "csd/csd-fisica-KAHO641101B39.key");
  other = vnt_test_load_sat_credential ("fiel/fiel-fisica-XIQB891116QE4.cer", "fiel/fiel-fisica-XIQB891116QE4.key");
  enie = vnt_test_load_sat_credential ("fiel/fiel-fisica-RAQN7701212M3.cer", "fiel/fiel-fisica-RAQN7701212M3.key");
  if (csd == NULL || other == NULL || enie == NULL)
    return;

  tramite = start_tramite (client, csd, HOLDER_CURP, HOLDER_RFC, "account.update", holder, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_EFIRMA);
  g_clear_error (&error);

  /* The proof with "RAQÑ…" in its header verifies (the RFC matches), but
   * this SAT test CURP has a wrong check digit, which the service refuses. */
  tramite = start_tramite (client, enie, "RAQN770121HDFMZV08", "RAQÑ7701212M3", "account.create", enie_data, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_CURP);
  g_clear_error (&error);

  tramite = start_tramite (client, other, "XIQB891116MGRMZR05", "XIQB891116QE4", "account.create", bad_email, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* The data must name the signer. */
  tramite = start_tramite (client, other, "XIQB891116MGRMZR05", "XIQB891116QE4", "account.create", holder, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CURP_MISMATCH);
  g_assert_null (tramite);
}

static void
raw_request (const char   *method,
             const char   *content_type,
             const char   *base_url,
             const char   *path,
             GBytes       *body,
          const char   *procedure,
          const char   *curp,
          const char   *rfc,
          VntCredential *credential,
          const char   *key,
          SoupMessageHeaders *reuse,
          SoupMessageHeaders **proof_out,
          guint        *status,
          char        **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *proof = reuse;

  if (proof == NULL)
    {
      g_autoptr(VntServiceClient) client = vnt_service_client_new (base_url, NULL);
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *nonce = NULL;
      g_autofree char *time = vnt_proof_format_time (NULL);
      g_autofree char *sha = vnt_proof_body_sha256 (body);
      g_autofree char *cadena = NULL;
      g_autofree char *signature = NULL;
      g_autofree char *der_b64 = NULL;
      g_autofree char *rfc_escaped = g_uri_escape_string (rfc, NULL, FALSE);
      g_autoptr(GBytes) cadena_bytes = NULL;
      VntCertificate *certificate = vnt_credential_get_certificate (credential);
      GBytes *der = vnt_certificate_get_der (certificate);

      vnt_service_client_new_nonce_async (client, NULL, vnt_test_store_result_cb, &result);
      nonce = vnt_service_client_new_nonce_finish (client, vnt_test_wait_for (&result), &error);
      g_assert_no_error (error);
      cadena = vnt_proof_build_cadena (procedure, curp, rfc, vnt_certificate_get_number (certificate),
                                       nonce, time, sha);
      cadena_bytes = g_bytes_new (cadena, strlen (cadena));
      signature = vnt_credential_sign_pkcs1 (credential, cadena_bytes, &error);
      g_assert_no_error (error);
      der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));

      proof = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_CERTIFICATE, der_b64);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_CURP, curp);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_RFC, rfc_escaped);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_NONCE, nonce);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_TIME, time);
      soup_message_headers_replace (proof, VNT_PROOF_HEADER_SIGNATURE, signature);
    }
  else
    soup_message_headers_ref (proof);

  soup_message_headers_foreach (proof, copy_header_cb, soup_message_get_request_headers (msg));
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, content_type, body);

  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  *answer = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  if (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Idempotent-Replayed") != NULL)
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Idempotent-Replayed"), ==, "true");

  if (proof_out != NULL)
    *proof_out = proof;
  else
    soup_message_headers_unref (proof);
}

static void
raw_post (const char   *base_url,
          const char   *path,
          GBytes       *body,
          const char   *procedure,
          const char   *curp,
          const char   *rfc,
          VntCredential *credential,
          const char   *key,
          SoupMessageHeaders *reuse,
          SoupMessageHeaders **proof_out,
          guint        *status,
          char        **answer)
{
  raw_request ("POST", "application/json", base_url, path, body, procedure, curp, rfc, credential, key,
               reuse, proof_out, status, answer);
}

/* Raw POSTs: a retry of the very same request is answered from the store,
 * once; the key cannot be reused for something else, nor left out. */
static void
test_idempotency (void)
{
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(JsonObject) data = vnt_test_account_data (HOLDER_CURP, HOLDER_RFC, NULL);
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) other_body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *stale_key = g_uuid_string_random ();
  g_autofree char *recent_key = g_uuid_string_random ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *reused = NULL;
  g_autofree char *missing = NULL;
  SoupMessageHeaders *proof = NULL;
  VntSandboxDb *db = vnt_sandbox_get_db (fixture.http);
  guint before, status = 0;

  credential = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (credential == NULL)
    return;

  /* Drafts only: the holder's account is not changed. */
  json_object_set_string_member (request, "procedure", "account.update");
  json_object_set_object_member (request, "data", json_object_ref (data));
  json_node_set_object (node, request);
  text = json_to_string (node, FALSE);
  body = g_bytes_new (text, strlen (text));
  other_body = g_bytes_new (text, strlen (text) - 1);

  before = vnt_sandbox_db_count_tramites (db, HOLDER_CURP);

  /* Answers are kept 24 hours: one of 25 hours ago goes with the next
   * answer stored, one of 23 hours ago stays. */
  {
    g_autoptr(GBytes) old_body = g_bytes_new_static ("{}", 2);
    VntSandboxStoredAnswer old = {
      .method = (char *) "POST", .path = (char *) "/v1/tramites", .body_sha256 = (char *) "00",
      .signature = (char *) "", .status = SOUP_STATUS_CREATED, .content_type = (char *) "application/json",
      .body = old_body,
    };
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    g_autoptr(GError) error = NULL;

    g_assert_true (vnt_sandbox_db_store_answer (db, stale_key, &old, now - 25 * 60 * 60, &error));
    g_assert_no_error (error);
    g_assert_true (vnt_sandbox_db_store_answer (db, recent_key, &old, now - 23 * 60 * 60, &error));
    g_assert_no_error (error);
  }

  raw_post (fixture.http_url, "/v1/tramites", body, "account.update", HOLDER_CURP, HOLDER_RFC,
            credential, key, NULL, &proof, &status, &first);
  g_assert_cmpuint (status, ==, SOUP_STATUS_CREATED);
  {
    g_autoptr(VntSandboxStoredAnswer) stale = vnt_sandbox_db_find_answer (db, stale_key);
    g_autoptr(VntSandboxStoredAnswer) recent = vnt_sandbox_db_find_answer (db, recent_key);

    g_assert_null (stale);
    g_assert_nonnull (recent);
  }

  /* The same request again (lost answer, retry): the same answer. */
  raw_post (fixture.http_url, "/v1/tramites", body, "account.update", HOLDER_CURP, HOLDER_RFC,
            credential, key, proof, NULL, &status, &second);
  g_assert_cmpuint (status, ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (db, HOLDER_CURP), ==, before + 1);

  /* The key with another body. */
  raw_post (fixture.http_url, "/v1/tramites", other_body, "account.update", HOLDER_CURP, HOLDER_RFC,
            credential, key, NULL, NULL, &status, &reused);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNPROCESSABLE_ENTITY);
  g_assert_nonnull (strstr (reused, "idempotency-key-reused"));

  /* No key at all. */
  raw_post (fixture.http_url, "/v1/tramites", body, "account.update", HOLDER_CURP, HOLDER_RFC,
            credential, NULL, NULL, NULL, &status, &missing);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (missing, "idempotency-key-required"));

  g_assert_cmpuint (vnt_sandbox_db_count_tramites (db, HOLDER_CURP), ==, before + 1);
  soup_message_headers_unref (proof);
}

/* kill -9 right after a finalize: after a restart the retry of the very
 * same request gets the same acuse, and there is one trámite, one update. */
static GSubprocess *
spawn_program (const char  *db,
               char       **url)
{
  g_autofree char *program = vnt_test_sandbox_program ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listening = NULL;
  g_autofree char *folder = g_path_get_dirname (db);
  g_autofree char *account = g_strdup_printf ("%s,%s,%s,%s", PROGRAM_CURP, PROGRAM_RFC, PROGRAM_NAME,
                                              UPDATER_OLD_NUMBER);
  GSubprocess *process;
  char *end;

  /* A practice CA it trusts, the one of this test's practice e.firmas. */
  vnt_test_practice_install_ca (folder);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--http", "--listen", "127.0.0.1:0", "--db", db,
                              "--add-account", account, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  listening = vnt_test_read_line_containing (out, "http://127.0.0.1:");
  *url = g_strdup (strstr (listening, "http://"));
  end = strstr (*url, "/v1/");
  g_assert_nonnull (end);
  *end = '\0';

  return process;
}

static void
test_program_killed (void)
{
  g_autofree char *db_path = g_build_filename (fixture.dir, "killed", "sandbox.db", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(VntCredential) credential = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(JsonObject) data = vnt_test_account_data (PROGRAM_CURP, PROGRAM_RFC, NULL);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) accept = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *first = NULL;
  g_autofree char *retried = NULL;
  g_autofree char *other = NULL;
  SoupMessageHeaders *proof = NULL;
  guint status = 0;

  credential = vnt_test_practice_credential (PROGRAM_RFC);

  process = spawn_program (db_path, &url);
  client = vnt_service_client_new (url, &error);
  g_assert_no_error (error);
  tramite = start_tramite (client, credential, PROGRAM_CURP, PROGRAM_RFC, "account.update", data, &error);
  g_assert_no_error (error);
  terms = get_terms (client);

  json_object_set_int_member (request, "revision", json_object_get_int_member (tramite, "revision"));
  json_object_set_string_member (accept, "id", json_object_get_string_member (terms, "id"));
  json_object_set_string_member (accept, "version", json_object_get_string_member (terms, "version"));
  json_object_set_string_member (accept, "sha256", json_object_get_string_member (terms, "sha256"));
  json_object_set_object_member (request, "accept_terms", json_object_ref (accept));
  json_node_set_object (node, request);
  text = json_to_string (node, FALSE);
  body = g_bytes_new (text, strlen (text));
  path = g_strconcat ("/v1/tramites/", json_object_get_string_member (tramite, "folio"), "/finalize", NULL);

  raw_post (url, path, body, "tramite.finalize", PROGRAM_CURP, PROGRAM_RFC, credential, key,
            NULL, &proof, &status, &first);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  /* No goodbye: the answer may never have reached the client. */
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));
  g_clear_object (&process);
  g_clear_object (&client);
  g_clear_pointer (&url, g_free);

  process = spawn_program (db_path, &url);
  raw_post (url, path, body, "tramite.finalize", PROGRAM_CURP, PROGRAM_RFC, credential, key,
            proof, NULL, &status, &retried);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (retried, ==, first);

  /* A finalize with a new key is a second finalize: refused. */
  raw_post (url, path, body, "tramite.finalize", PROGRAM_CURP, PROGRAM_RFC, credential, NULL,
            NULL, NULL, &status, &other);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_clear_pointer (&other, g_free);
  {
    g_autofree char *second_key = g_uuid_string_random ();

    raw_post (url, path, body, "tramite.finalize", PROGRAM_CURP, PROGRAM_RFC, credential, second_key,
              NULL, NULL, &status, &other);
    g_assert_cmpuint (status, ==, SOUP_STATUS_CONFLICT);
    g_assert_nonnull (strstr (other, "tramite-not-draft"));
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  /* One trámite, concluded, and the account updated once. */
  {
    g_autoptr(VntSandboxDb) db = vnt_sandbox_db_open (db_path, &error);
    g_autoptr(VntSandboxAccount) account = NULL;
    g_autoptr(VntSandboxTramite) found = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (vnt_sandbox_db_count_tramites (db, PROGRAM_CURP), ==, 1);
    found = vnt_sandbox_db_find_tramite (db, json_object_get_string_member (tramite, "folio"));
    g_assert_cmpstr (found->status, ==, "concluded");
    account = vnt_sandbox_db_find_account (db, PROGRAM_CURP);
    g_assert_cmpstr (account->certificate_number, ==,
                     vnt_certificate_get_number (vnt_credential_get_certificate (credential)));
  }

  soup_message_headers_unref (proof);
}

/* Practice mode trusts test and practice certificates anyone can hold:
 * the program refuses to listen anywhere but on loopback, and says why. */
static void
test_program_practice_loopback_only (void)
{
  g_autofree char *program = vnt_test_sandbox_program ();
  g_autofree char *db = g_build_filename (fixture.dir, "exposed", "sandbox.db", NULL);
  static const char * const addresses[] = { "0.0.0.0:0", "[::]:0", "192.0.2.1:8443" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  program, "--listen", addresses[i], "--db", db, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_nonnull (strstr (err, "loopback"));
      g_assert_cmpstr (out, ==, "");
    }
  /* Nothing was made: it stopped before opening anything. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* ---- represented companies ---- */

/* A small PDF that parses: header, objects, an xref table at the offset
 * startxref names, %%EOF; @padding bytes of stream content make it as big
 * as a test needs. */
static GBytes *
make_pdf (gsize padding)
{
  GString *pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  gsize offsets[4];
  gsize xref;

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append_printf (pdf, "3 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", padding);
  for (gsize i = 0; i < padding; i++)
    g_string_append_c (pdf, 'A' + (i % 26));
  g_string_append (pdf, "\nendstream\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 4\n0000000000 65535 f \n");
  for (int i = 1; i < 4; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);

  return g_string_free_to_bytes (pdf);
}

/* A PDF of exactly @size bytes. */
static GBytes *
make_pdf_of_size (gsize size)
{
  g_autoptr(GBytes) probe = make_pdf (0);
  gsize overhead = g_bytes_get_size (probe);
  gsize padding = size - overhead;
  GBytes *pdf;

  /* The stream length and the offsets grow with the padding's digits. */
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) attempt = make_pdf (padding);

      if (g_bytes_get_size (attempt) == size)
        return g_steal_pointer (&attempt);
      padding -= g_bytes_get_size (attempt) - size;
    }
  pdf = make_pdf (padding);
  g_assert_cmpuint (g_bytes_get_size (pdf), ==, size);
  return pdf;
}

static JsonObject *
upload (VntServiceClient  *client,
        VntCredential     *credential,
        const char        *curp,
        const char        *rfc,
        const char        *folio,
        const char        *kind,
        GBytes            *pdf,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_upload_attachment_async (client, credential, curp, rfc, folio, kind, pdf, NULL,
                                              NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_upload_attachment_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
cosign (VntServiceClient  *client,
        VntCredential     *credential,
        const char        *curp,
        const char        *rfc,
        JsonObject        *tramite,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *review = json_object_get_object_member (tramite, "review");

  vnt_service_client_cosign_async (client, credential, curp, rfc,
                                   json_object_get_string_member (tramite, "folio"), "company",
                                   json_object_get_string_member (review, "tramite_sha256"), NULL,
                                   NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_cosign_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
finalize_full (VntServiceClient  *client,
               VntCredential     *credential,
               const char        *curp,
               const char        *rfc,
               JsonObject        *tramite,
               JsonObject        *terms,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_finalize_async (client, credential, curp, rfc,
                                     json_object_get_string_member (tramite, "folio"),
                                     json_object_get_string_member (tramite, "procedure"),
                                     json_object_get_int_member (tramite, "revision"),
                                     terms, NULL, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_finalize_finish (client, vnt_test_wait_for (&result), NULL, error);
}

static JsonObject *
company_data (const char *rfc,
              const char *razon_social)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "company_rfc", rfc);
  json_object_set_string_member (data, "razon_social", razon_social);
  json_object_set_string_member (data, "tipo_sociedad", "SA DE CV");
  json_object_set_string_member (data, "tipo_poder", "dominio");

  return data;
}

static guint
count_rows (const char *sql,
            const char *arg)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (vnt_sandbox_get_db (fixture.http), sql, "s", arg);

  return rows->len;
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  return json_array_get_length (json_object_get_array_member (object, member));
}

/* "Registrar Empresa Representada": the representative (with an account)
 * starts it, uploads the two pages of the poder notarial, the company signs
 * with its own e.firma that names the representative, the carta; and every
 * rule on the way. */
static void
test_company_register (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) person = NULL;
  g_autoptr(VntCredential) company = NULL;
  g_autoptr(VntCredential) company_csd = NULL;
  g_autoptr(VntCredential) other_company = NULL;
  g_autoptr(JsonObject) data = company_data ("IIA040805DZ4", "INDISTRIA ILUMINADORA DE ALMACENES SA DE CV");
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(GBytes) portada = make_pdf (2000);
  g_autoptr(GBytes) largest = make_pdf_of_size (1024 * 1024);
  g_autoptr(GBytes) oversized = make_pdf_of_size (1024 * 1024 + 1);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *portada_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, portada);
  static const guint8 jpeg_bytes[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
                                       0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9 };
  JsonObject *attachment;
  JsonObject *requirements;
  const char *folio;

  person = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  company = vnt_test_load_sat_credential ("fiel/fiel-moral-IIA040805DZ4.cer", "fiel/fiel-moral-IIA040805DZ4.key");
  company_csd = vnt_test_load_sat_credential ("csd/csd-moral-IIA040805DZ4.cer", "csd/csd-moral-IIA040805DZ4.key");
  other_company = vnt_test_load_sat_credential ("fiel/fiel-moral-H_E951128469.cer", "fiel/fiel-moral-H_E951128469.key");
  if (person == NULL || company == NULL || company_csd == NULL || other_company == NULL)
    return;

  truncated = g_bytes_new_from_bytes (portada, 0, g_bytes_get_size (portada) - 40);
  jpeg = g_bytes_new_static (jpeg_bytes, sizeof jpeg_bytes);
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  tramite = start_tramite (client, person, HOLDER_CURP, HOLDER_RFC, "company.register", data, &error);
  g_assert_no_error (error);
  folio = json_object_get_string_member (tramite, "folio");
  requirements = json_object_get_object_member (tramite, "requirements");
  g_assert_cmpstr (json_object_get_string_member (requirements, "terms"), ==, "ctc-ev");
  g_assert_cmpuint (array_length (requirements, "attachments"), ==, 2);
  g_assert_cmpuint (array_length (requirements, "cosigners"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (tramite, "review"), "name"),
                   ==, "OSCAR KALA HAAK");

  terms = get_terms (client);
  content = finalize_full (client, person, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_MISSING);
  g_assert_null (content);
  g_clear_error (&error);

  /* Each kind of bad file has its own code. */
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", empty, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_EMPTY);
  g_clear_error (&error);
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", jpeg, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_A_PDF);
  g_assert_nonnull (strstr (error->message, "no es un PDF"));
  g_clear_error (&error);
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", truncated, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_A_PDF);
  g_assert_nonnull (strstr (error->message, "dañado"));
  g_clear_error (&error);
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", oversized, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ATTACHMENT_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "1024 KB"));
  g_clear_error (&error);
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "acta-constitutiva", portada, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_cmpuint (count_rows ("SELECT kind FROM attachments WHERE folio = ?", folio), ==, 0);

  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", portada, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (answer, "size"), ==, g_bytes_get_size (portada));
  g_assert_cmpstr (json_object_get_string_member (answer, "sha256"), ==, portada_sha256);
  g_clear_pointer (&answer, json_object_unref);
  /* Exactly 1024 KB is still accepted. */
  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-ultima-hoja", largest, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);

  content = finalize_full (client, person, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_SIGNATURE_MISSING);
  g_clear_error (&error);

  /* The company signs with its e.firma: not a CSD, not a person's, not
   * another company's. */
  answer = cosign (client, company_csd, HOLDER_CURP, "IIA040805DZ4", tramite, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_EFIRMA);
  g_clear_error (&error);
  answer = cosign (client, person, HOLDER_CURP, HOLDER_RFC, tramite, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_PERSONA_MORAL_REQUIRED);
  g_clear_error (&error);
  answer = cosign (client, other_company, "XOJI740919MQTDMN02", "H&E951128469", tramite, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_RFC_MISMATCH);
  g_clear_error (&error);

  answer = cosign (client, company, HOLDER_CURP, "IIA040805DZ4", tramite, &error);
  g_assert_no_error (error);
  requirements = json_object_get_object_member (answer, "requirements");
  g_assert_cmpuint (array_length (requirements, "attachments"), ==, 0);
  g_assert_cmpuint (array_length (requirements, "cosigners"), ==, 0);

  content = finalize_full (client, person, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==, "La solicitud fue concluida exitosamente.");
  g_assert_cmpstr (json_object_get_string_member (content, "procedure"), ==, "company.register");
  {
    JsonObject *accepted = json_object_get_object_member (content, "data");
    JsonArray *attachments = json_object_get_array_member (accepted, "attachments");

    g_assert_cmpstr (json_object_get_string_member (accepted, "company_rfc"), ==, "IIA040805DZ4");
    g_assert_cmpstr (json_object_get_string_member (accepted, "representative_curp"), ==, HOLDER_CURP);
    g_assert_cmpuint (json_array_get_length (attachments), ==, 2);
    attachment = json_array_get_object_element (attachments, 0);
    g_assert_cmpstr (json_object_get_string_member (attachment, "kind"), ==, "poder-portada");
    g_assert_cmpstr (json_object_get_string_member (attachment, "sha256"), ==, portada_sha256);
  }
  g_clear_pointer (&content, json_object_unref);

  /* A second finalize (a new key) changes nothing. */
  content = finalize_full (client, person, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_clear_error (&error);
  g_assert_cmpuint (count_rows ("SELECT folio FROM representations WHERE company_rfc = ?", "IIA040805DZ4"), ==, 1);
  g_assert_cmpuint (count_rows ("SELECT folio FROM acuses WHERE folio = ?", folio), ==, 1);

  g_clear_pointer (&tramite, json_object_unref);
  tramite = start_tramite (client, person, HOLDER_CURP, HOLDER_RFC, "company.register", data, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ALREADY_REGISTERED);
  g_assert_null (tramite);
}

static void
test_company_refusals (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) person = NULL;
  g_autoptr(VntCredential) no_account = NULL;
  g_autoptr(VntCredential) company = NULL;
  g_autoptr(VntCredential) foreign = NULL;
  g_autoptr(JsonObject) eku = company_data ("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV");
  g_autoptr(JsonObject) bad_rfc = company_data ("KAHO641101B39", "UNA PERSONA");
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  person = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  no_account = vnt_test_load_sat_credential ("fiel/fiel-fisica-RAQN7701212M3.cer", "fiel/fiel-fisica-RAQN7701212M3.key");
  company = vnt_test_load_sat_credential ("fiel/fiel-moral-IIA040805DZ4.cer", "fiel/fiel-moral-IIA040805DZ4.key");
  foreign = vnt_test_load_sat_credential ("fiel/fiel-moral-EKU9003173C9-30001000000500003415.cer",
                             "fiel/fiel-moral-EKU9003173C9-30001000000500003415.key");
  if (person == NULL || no_account == NULL || company == NULL || foreign == NULL)
    return;

  /* The representative must have an account first (flow 2). */
  tramite = start_tramite (client, no_account, "RAQN770121HDFMZV08", "RAQÑ7701212M3", "company.register", eku, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_REPRESENTATIVE_REQUIRED);
  g_clear_error (&error);

  /* The company does not start it: its representative does. */
  tramite = start_tramite (client, company, HOLDER_CURP, "IIA040805DZ4", "company.register", eku, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_PERSONA_FISICA_REQUIRED);
  g_clear_error (&error);

  tramite = start_tramite (client, person, HOLDER_CURP, HOLDER_RFC, "company.register", bad_rfc, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_RFC);
  g_clear_error (&error);

  /* EKU's e.firma names another representative (VADA800927HSRSRL05). */
  tramite = start_tramite (client, person, HOLDER_CURP, HOLDER_RFC, "company.register", eku, &error);
  g_assert_no_error (error);
  answer = cosign (client, foreign, "VADA800927HSRSRL05", "EKU9003173C9", tramite, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CURP_MISMATCH);
  g_assert_nonnull (strstr (error->message, "representante legal"));
  g_assert_null (answer);
  g_assert_cmpuint (count_rows ("SELECT role FROM cosignatures WHERE folio = ?",
                                json_object_get_string_member (tramite, "folio")), ==, 0);

  /* Uploads are idempotent: the very same request again (a lost answer)
   * gets the first answer and stores nothing new; the key cannot carry
   * another file. A 1025 KB PDF is refused as such even sent by hand. */
  {
    g_autoptr(GBytes) pdf = make_pdf (500);
    g_autoptr(GBytes) other = make_pdf (501);
    g_autoptr(GBytes) oversized = make_pdf_of_size (1025 * 1024);
    g_autofree char *key = g_uuid_string_random ();
    g_autofree char *path = g_strconcat ("/v1/tramites/", json_object_get_string_member (tramite, "folio"),
                                         "/attachments/poder-portada", NULL);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *reused = NULL;
    g_autofree char *big = NULL;
    SoupMessageHeaders *proof = NULL;
    guint status = 0;

    raw_request ("PUT", "application/pdf", fixture.http_url, path, pdf, "tramite.attach", HOLDER_CURP, HOLDER_RFC,
                 person, key, NULL, &proof, &status, &first);
    g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
    raw_request ("PUT", "application/pdf", fixture.http_url, path, pdf, "tramite.attach", HOLDER_CURP, HOLDER_RFC,
                 person, key, proof, NULL, &status, &second);
    g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
    g_assert_cmpstr (first, ==, second);
    g_assert_cmpuint (count_rows ("SELECT kind FROM attachments WHERE folio = ?",
                                  json_object_get_string_member (tramite, "folio")), ==, 1);
    raw_request ("PUT", "application/pdf", fixture.http_url, path, other, "tramite.attach", HOLDER_CURP, HOLDER_RFC,
                 person, key, NULL, NULL, &status, &reused);
    g_assert_cmpuint (status, ==, SOUP_STATUS_UNPROCESSABLE_ENTITY);
    g_assert_nonnull (strstr (reused, "idempotency-key-reused"));
    raw_request ("PUT", "application/pdf", fixture.http_url, path, oversized, "tramite.attach", HOLDER_CURP,
                 HOLDER_RFC, person, NULL, NULL, NULL, &status, &big);
    g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
    g_clear_pointer (&big, g_free);
    {
      g_autofree char *big_key = g_uuid_string_random ();

      raw_request ("PUT", "application/pdf", fixture.http_url, path, oversized, "tramite.attach", HOLDER_CURP,
                   HOLDER_RFC, person, big_key, NULL, NULL, &status, &big);
    }
    g_assert_cmpuint (status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
    g_assert_nonnull (strstr (big, "\"attachment-too-large\""));
    soup_message_headers_unref (proof);
  }
}

/* A draft past its 7 days takes no attachment and no co-signature, as it
 * takes no change, finalize or cancel. */
static void
test_company_expired_draft (void)
{
  g_autoptr(JsonObject) data = company_data ("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV");
  g_autoptr(GBytes) pdf = make_pdf (300);
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) person = NULL;
  g_autoptr(VntCredential) company = NULL;
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint       changes = 0;
  const char *folio;

  person = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer",
                                         "fiel/fiel-fisica-KAHO641101B39.key");
  company = vnt_test_load_sat_credential ("fiel/fiel-moral-IIA040805DZ4.cer",
                                          "fiel/fiel-moral-IIA040805DZ4.key");
  if (person == NULL || company == NULL)
    return;

  tramite = start_tramite (client, person, HOLDER_CURP, HOLDER_RFC, "company.register", data,
                           &error);
  g_assert_no_error (error);
  folio = json_object_get_string_member (tramite, "folio");
  /* Its 7 days are over. */
  g_assert_true (vnt_sandbox_db_execute (vnt_sandbox_get_db (fixture.http), &changes, &error,
                                         "UPDATE tramites SET expires_at = ? WHERE folio = ?", "is",
                                         g_get_real_time () / G_USEC_PER_SEC - 1, folio));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);

  answer = upload (client, person, HOLDER_CURP, HOLDER_RFC, folio, "poder-portada", pdf,
                   &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (answer);
  g_clear_error (&error);
  answer = cosign (client, company, HOLDER_CURP, "IIA040805DZ4", tramite, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_assert_null (answer);
  g_assert_cmpuint (count_rows ("SELECT kind FROM attachments WHERE folio = ?", folio), ==, 0);
  g_assert_cmpuint (count_rows ("SELECT role FROM cosignatures WHERE folio = ?", folio), ==, 0);
}

/* Register a company, then "Eliminar Empresa Representada" (no carta). */
static void
test_representative_remove (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) person = NULL;
  g_autoptr(VntCredential) company = NULL;
  g_autoptr(JsonObject) data = company_data ("H&E951128469", "H & E SA DE CV");
  g_autoptr(JsonObject) remove = json_object_new ();
  g_autoptr(JsonObject) none = json_object_new ();
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(GBytes) pdf = make_pdf (100);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rfcs = json_array_new ();
  g_autoptr(JsonArray) unknown = json_array_new ();
  const char *folio;

  person = vnt_test_load_sat_credential ("fiel/fiel-fisica-XOJI740919U48.cer", "fiel/fiel-fisica-XOJI740919U48.key");
  company = vnt_test_load_sat_credential ("fiel/fiel-moral-H_E951128469.cer", "fiel/fiel-moral-H_E951128469.key");
  if (person == NULL || company == NULL)
    return;
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "company.register", data, &error);
  g_assert_no_error (error);
  folio = json_object_get_string_member (tramite, "folio");
  answer = upload (client, person, UPDATER_CURP, UPDATER_RFC, folio, "poder-portada", pdf, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);
  answer = upload (client, person, UPDATER_CURP, UPDATER_RFC, folio, "poder-ultima-hoja", pdf, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);
  answer = cosign (client, company, UPDATER_CURP, "H&E951128469", tramite, &error);
  g_assert_no_error (error);
  terms = get_terms (client);
  content = finalize_full (client, person, UPDATER_CURP, UPDATER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  g_clear_pointer (&content, json_object_unref);
  g_clear_pointer (&tramite, json_object_unref);

  /* The companies that can be removed. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) list = NULL;
    JsonArray *companies;

    vnt_service_client_list_companies_async (client, person, UPDATER_CURP, UPDATER_RFC, NULL, vnt_test_store_result_cb, &result);
    list = vnt_service_client_list_companies_finish (client, vnt_test_wait_for (&result), &error);
    g_assert_no_error (error);
    companies = json_object_get_array_member (list, "companies");
    g_assert_cmpuint (json_array_get_length (companies), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (companies, 0), "company_rfc"),
                     ==, "H&E951128469");
  }

  json_object_set_array_member (none, "company_rfcs", json_array_new ());
  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "representative.remove", none, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "al menos una empresa"));
  g_clear_error (&error);

  json_array_add_string_element (unknown, "IIA040805DZ4");
  json_object_set_array_member (none, "company_rfcs", json_array_ref (unknown));
  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "representative.remove", none, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_REGISTERED);
  g_clear_error (&error);

  json_array_add_string_element (rfcs, "H&E951128469");
  json_object_set_array_member (remove, "company_rfcs", json_array_ref (rfcs));
  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "representative.remove", remove, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_is_null (json_object_get_member (json_object_get_object_member (tramite, "requirements"),
                                                            "terms")));
  content = finalize_full (client, person, UPDATER_CURP, UPDATER_RFC, tramite, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==, "Su solicitud ha finalizado correctamente.");
  g_assert_cmpuint (count_rows ("SELECT folio FROM representations WHERE company_rfc = ? AND removed_at IS NULL",
                                "H&E951128469"), ==, 0);
  g_clear_pointer (&tramite, json_object_unref);

  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "representative.remove", remove, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_REGISTERED);
  g_clear_error (&error);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) list = NULL;

    vnt_service_client_list_companies_async (client, person, UPDATER_CURP, UPDATER_RFC, NULL, vnt_test_store_result_cb, &result);
    list = vnt_service_client_list_companies_finish (client, vnt_test_wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (array_length (list, "companies"), ==, 0);
  }

  /* Removed, the representative may be registered again. */
  tramite = start_tramite (client, person, UPDATER_CURP, UPDATER_RFC, "company.register", data, &error);
  g_assert_no_error (error);
}

/* ---- IDSE ---- */

#define IDSE_REGISTRO "Y5412345106"

/* A new key and its PKCS#10, made here as the app makes them: the service
 * never sees the key. */
static char *
bytes_to_base64 (GBytes *bytes)
{
  return g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static JsonObject *
idse_request_data (const char *registro,
                   const char *rfc,
                   const char *usuario,
                   const char *password,
                   GBytes     *csr)
{
  JsonObject *data = json_object_new ();
  JsonObject *solicitante = json_object_new ();
  JsonObject *domicilio = json_object_new ();
  g_autofree char *csr_b64 = bytes_to_base64 (csr);

  json_object_set_string_member (data, "registro_patronal", registro);
  json_object_set_string_member (data, "razon_social", "OSCAR KALA HAAK");
  json_object_set_string_member (data, "rfc", rfc);
  json_object_set_string_member (data, "usuario", usuario);
  json_object_set_string_member (data, "password", password);
  json_object_set_string_member (data, "telefono", "5555555555");
  json_object_set_string_member (data, "email", "nominas@example.mx");
  json_object_set_string_member (solicitante, "rol", "patron");
  json_object_set_string_member (solicitante, "curp", HOLDER_CURP);
  json_object_set_object_member (data, "solicitante", solicitante);
  json_object_set_string_member (domicilio, "calle", "AV. REFORMA");
  json_object_set_string_member (domicilio, "numero_exterior", "10");
  json_object_set_string_member (domicilio, "colonia", "CENTRO");
  json_object_set_string_member (domicilio, "estado", "DF");
  json_object_set_string_member (domicilio, "municipio", "CUAUHTEMOC");
  json_object_set_string_member (domicilio, "codigo_postal", "06000");
  json_object_set_object_member (data, "domicilio", domicilio);
  json_object_set_string_member (data, "csr", csr_b64);

  return data;
}

static JsonObject *
get_terms_id (VntServiceClient *client,
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

static JsonObject *
practice_conclude (VntServiceClient  *client,
                   const char        *folio,
                   const char        *key,
                   GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_practice_conclude_idse_async (client, folio, key, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_practice_conclude_idse_finish (client, vnt_test_wait_for (&result), error);
}

static JsonObject *
recover_npie (VntServiceClient  *client,
              const char        *npie,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_service_client_recover_npie_async (client, npie, NULL, vnt_test_store_result_cb, &result);
  return vnt_service_client_recover_npie_finish (client, vnt_test_wait_for (&result), error);
}

static VntCertificate *
fetch_idse_certificate (VntServiceClient  *client,
                        const char        *serial,
                        JsonObject       **info)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VntCertificate *certificate;

  vnt_service_client_get_idse_certificate_async (client, serial, NULL, vnt_test_store_result_cb, &result);
  certificate = vnt_service_client_get_idse_certificate_finish (client, vnt_test_wait_for (&result), info, &error);
  g_assert_no_error (error);

  return certificate;
}

static void
set_today (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  if (year > 0)
    g_date_set_dmy (&date, day, month, year);
  vnt_sandbox_set_today_for_testing (fixture.http, year > 0 ? &date : NULL);
}

static char *
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("openssl: %s", err);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static char *
write_temp (const char *name,
            const void *data,
            gsize       len)
{
  char *path = g_build_filename (fixture.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

/* openssl, independently of GnuTLS: the certificate chains to the sandbox's
 * IDSE CA and carries the key of the PKCS#10. */
static void
assert_issued_from (VntCertificate *certificate,
                    VntPrivateKey  *key,
                    const char     *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) spki = vnt_keygen_get_public_der (key, &error);
  GBytes *ca_pem = vnt_idse_ca_get_certificate_pem (fixture.idse_ca);
  GBytes *der = vnt_certificate_get_der (certificate);
  g_autofree char *der_name = g_strconcat (name, ".cer", NULL);
  g_autofree char *spki_name = g_strconcat (name, ".spki", NULL);
  g_autofree char *ca_path = write_temp ("idse-ca.pem", g_bytes_get_data (ca_pem, NULL), g_bytes_get_size (ca_pem));
  g_autofree char *cert_path = write_temp (der_name, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autofree char *spki_path = write_temp (spki_name, g_bytes_get_data (spki, NULL), g_bytes_get_size (spki));
  g_autofree char *verified = NULL;
  g_autofree char *cert_key = NULL;
  g_autofree char *csr_key = NULL;
  g_autofree char *pem_path = g_strconcat (cert_path, ".pem", NULL);
  const char *convert[] = { "openssl", "x509", "-inform", "DER", "-in", cert_path, "-out", pem_path, NULL };
  const char *verify[] = { "openssl", "verify", "-CAfile", ca_path, pem_path, NULL };
  const char *cert_pubkey[] = { "openssl", "x509", "-in", pem_path, "-noout", "-pubkey", NULL };
  const char *key_pubkey[] = { "openssl", "pkey", "-pubin", "-inform", "DER", "-in", spki_path, NULL };
  g_autofree char *converted = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  g_assert_no_error (error);
  if (openssl == NULL)
    {
      g_test_message ("openssl not found: the chain is checked with GnuTLS only");
      g_assert_true (vnt_idse_ca_verify (fixture.idse_ca, certificate));
      return;
    }

  converted = run_openssl (convert);
  g_assert_nonnull (converted);
  verified = run_openssl (verify);
  g_assert_nonnull (verified);
  g_assert_nonnull (strstr (verified, ": OK"));
  cert_key = run_openssl (cert_pubkey);
  csr_key = run_openssl (key_pubkey);
  g_assert_nonnull (cert_key);
  g_assert_cmpstr (cert_key, ==, csr_key);
}

/* A whole request: start, carta, acuse with the deadline, the visit to the
 * Subdelegación (practice), the certificate. Returns the certificate and
 * (in @npie) the NPIE. */
static VntCertificate *
issue_idse (VntServiceClient  *client,
            VntCredential     *efirma,
            const char        *usuario,
            const char        *password,
            VntPrivateKey    **key,
            char             **npie)
{
  g_autoptr(GBytes) csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, key);
  g_autoptr(JsonObject) data = idse_request_data (IDSE_REGISTRO, HOLDER_RFC, usuario, password, csr);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) terms = get_terms_id (client, "ctc-idse");
  g_autoptr(JsonObject) concluded = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *certificate;

  tramite = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.request", data, &error);
  g_assert_no_error (error);
  content = finalize_full (client, efirma, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  concluded = practice_conclude (client, json_object_get_string_member (tramite, "folio"), NULL, &error);
  g_assert_no_error (error);
  certificate = json_object_get_object_member (concluded, "certificate");
  if (npie != NULL)
    *npie = g_strdup (json_object_get_string_member (concluded, "npie"));

  return fetch_idse_certificate (client, json_object_get_string_member (certificate, "serial"), NULL);
}

static void
test_idse_request (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) efirma = NULL;
  g_autoptr(VntCredential) csd = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &key);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a request at all", 20);
  g_autoptr(JsonObject) data = idse_request_data (IDSE_REGISTRO, HOLDER_RFC, "kala2026", "Secreto2026", csr);
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) concluded = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) recovered = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = g_uuid_string_random ();
  const char *folio;
  const char *serial;
  const char *npie;
  JsonObject *accepted;
  struct {
    const char *registro, *rfc, *usuario, *password;
    GBytes *csr;
    gint code;
  } refusals[] = {
    { "Y541234510", HOLDER_RFC, "kala2026", "Secreto2026", csr, VNT_NET_ERROR_INVALID_REGISTRO_PATRONAL },
    { IDSE_REGISTRO, HOLDER_RFC, "kala", "Secreto2026", csr, VNT_NET_ERROR_IDSE_USER_INVALID },
    { IDSE_REGISTRO, HOLDER_RFC, "kala.2026", "Secreto2026", csr, VNT_NET_ERROR_IDSE_USER_INVALID },
    { IDSE_REGISTRO, HOLDER_RFC, "kala2026", "Secreto 2026", csr, VNT_NET_ERROR_IDSE_PASSWORD_INVALID },
    { IDSE_REGISTRO, HOLDER_RFC, "kala2026", "Secreto2026Secreto2026x", csr, VNT_NET_ERROR_IDSE_PASSWORD_INVALID },
    { IDSE_REGISTRO, HOLDER_RFC, "kala2026", "KALA2026", csr, VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER },
    { IDSE_REGISTRO, HOLDER_RFC, "kala2026", "Secreto2026", garbage, VNT_NET_ERROR_INVALID_CSR },
    { IDSE_REGISTRO, "IIA040805DZ4", "kala2026", "Secreto2026", csr, VNT_NET_ERROR_RFC_MISMATCH },
  };

  efirma = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  csd = vnt_test_load_sat_credential ("csd/csd-fisica-KAHO641101B39.cer", "csd/csd-fisica-KAHO641101B39.key");
  if (efirma == NULL || csd == NULL)
    return;
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  /* The client knows the user/password rules before sending anything. */
  g_assert_true (vnt_service_client_check_idse_credentials ("kala2026", "Secreto2026", &error));
  g_assert_no_error (error);
  g_assert_false (vnt_service_client_check_idse_credentials ("kala2026", "kala2026", &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_PASSWORD_EQUALS_USER);
  g_clear_error (&error);
  g_assert_false (vnt_service_client_check_idse_credentials ("kala_2026", "Secreto2026", &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_USER_INVALID);
  g_clear_error (&error);

  /* The service enforces every rule itself. */
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(JsonObject) bad = idse_request_data (refusals[i].registro, refusals[i].rfc, refusals[i].usuario,
                                                     refusals[i].password, refusals[i].csr);

      tramite = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.request", bad, &error);
      g_assert_error (error, VNT_NET_ERROR, refusals[i].code);
      g_assert_null (tramite);
      g_clear_error (&error);
    }
  tramite = start_tramite (client, csd, HOLDER_CURP, HOLDER_RFC, "idse.request", data, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_EFIRMA);
  g_clear_error (&error);

  /* Finalized on Friday 18 December 2026: ten business days skip the
   * weekends, Christmas and New Year's Day: Tuesday 5 January 2027. */
  set_today (2026, 12, 18);
  tramite = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.request", data, &error);
  g_assert_no_error (error);
  folio = json_object_get_string_member (tramite, "folio");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (tramite, "requirements"), "terms"),
                   ==, "ctc-idse");
  {
    g_autoptr(JsonObject) other_terms = get_terms (client);

    content = finalize_full (client, efirma, HOLDER_CURP, HOLDER_RFC, tramite, other_terms, &error);
  }
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TERMS_NOT_ACCEPTED);
  g_clear_error (&error);
  terms = get_terms_id (client, "ctc-idse");
  content = finalize_full (client, efirma, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  set_today (0, 0, 0);
  accepted = json_object_get_object_member (content, "data");
  g_assert_cmpstr (json_object_get_string_member (content, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (accepted, "deadline"), ==, "2027-01-05");
  g_assert_cmpstr (json_object_get_string_member (accepted, "registro_patronal"), ==, IDSE_REGISTRO);
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==,
                   "Tu solicitud fue registrada. Acude a tu Subdelegación a más tardar el 2027-01-05 para concluirla.");

  /* Only a salted slow hash of the password is kept, nowhere the password. */
  rows = vnt_sandbox_db_query (vnt_sandbox_get_db (fixture.http),
                               "SELECT verifier FROM idse_requests WHERE folio = ?", "s", folio);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (g_str_has_prefix (((GPtrArray *) rows->pdata[0])->pdata[0], "pbkdf2-sha256$"));
  g_assert_null (strstr (((GPtrArray *) rows->pdata[0])->pdata[0], "Secreto2026"));
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpuint (count_rows ("SELECT folio FROM tramites WHERE data LIKE '%Secreto2026%' AND folio = ?", folio), ==, 0);
  g_assert_cmpuint (count_rows ("SELECT folio FROM tramites WHERE review LIKE '%Secreto2026%' AND folio = ?", folio), ==, 0);

  {
    g_autoptr(GAsyncResult) result = NULL;

    vnt_service_client_get_idse_request_async (client, efirma, HOLDER_CURP, HOLDER_RFC, folio, NULL,
                                               vnt_test_store_result_cb, &result);
    status = vnt_service_client_get_idse_request_finish (client, vnt_test_wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "pending");
    g_assert_true (json_node_is_null (json_object_get_member (status, "npie")));
  }

  /* The Subdelegación (practice): once, whatever the retries. */
  set_today (2027, 1, 5);
  concluded = practice_conclude (client, folio, key_id, &error);
  g_assert_no_error (error);
  again = practice_conclude (client, folio, key_id, &error);
  g_assert_no_error (error);
  set_today (0, 0, 0);
  g_assert_cmpstr (json_object_get_string_member (concluded, "status"), ==, "issued");
  npie = json_object_get_string_member (concluded, "npie");
  g_assert_true (vnt_npie_validate (npie, NULL));
  serial = json_object_get_string_member (json_object_get_object_member (concluded, "certificate"), "serial");
  g_assert_cmpstr (serial, ==,
                   json_object_get_string_member (json_object_get_object_member (again, "certificate"), "serial"));
  g_assert_cmpuint (count_rows ("SELECT serial FROM idse_certificates WHERE folio = ?", folio), ==, 1);
  g_clear_pointer (&again, json_object_unref);
  again = practice_conclude (client, folio, NULL, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_TRAMITE_NOT_DRAFT);
  g_clear_error (&error);

  certificate = fetch_idse_certificate (client, serial, &info);
  g_assert_cmpstr (vnt_certificate_get_number (certificate), ==, serial);
  g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, HOLDER_RFC);
  g_assert_cmpstr (json_object_get_string_member (info, "status"), ==, "valid");
  assert_issued_from (certificate, key, "issued");

  /* Recovery by NPIE. */
  recovered = recover_npie (client, npie, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (recovered, "registro_patronal"), ==, IDSE_REGISTRO);
  g_assert_cmpuint (array_length (recovered, "certificates"), ==, 1);
  g_clear_pointer (&recovered, json_object_unref);
  recovered = recover_npie (client, "ZZ99999999", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND);
  g_clear_error (&error);
  recovered = recover_npie (client, "NPIE*1", &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_INVALID_NPIE);
  g_clear_error (&error);

  /* Certificado adicional for the same NPIE. */
  {
    g_autoptr(VntPrivateKey) second_key = NULL;
    g_autoptr(GBytes) second_csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &second_key);
    g_autofree char *second_b64 = bytes_to_base64 (second_csr);
    g_autoptr(JsonObject) additional = json_object_new ();
    g_autoptr(JsonObject) extra = NULL;
    g_autoptr(JsonObject) extra_content = NULL;
    g_autoptr(JsonObject) extra_concluded = NULL;
    g_autoptr(VntCertificate) extra_certificate = NULL;

    json_object_set_string_member (additional, "npie", "ZZ99999999");
    json_object_set_string_member (additional, "usuario", "nomina2026");
    json_object_set_string_member (additional, "password", "Otra2026clave");
    json_object_set_string_member (additional, "email", "nominas@example.mx");
    json_object_set_string_member (additional, "csr", second_b64);
    extra = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.additional", additional, &error);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND);
    g_clear_error (&error);

    json_object_set_string_member (additional, "npie", npie);
    extra = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.additional", additional, &error);
    g_assert_no_error (error);
    extra_content = finalize_full (client, efirma, HOLDER_CURP, HOLDER_RFC, extra, terms, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (extra_content, "data"), "npie"),
                     ==, npie);
    extra_concluded = practice_conclude (client, json_object_get_string_member (extra, "folio"), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (extra_concluded, "npie"), ==, npie);
    extra_certificate = fetch_idse_certificate (client,
                                                json_object_get_string_member (json_object_get_object_member (extra_concluded, "certificate"), "serial"),
                                                NULL);
    assert_issued_from (extra_certificate, second_key, "additional");

    recovered = recover_npie (client, npie, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (array_length (recovered, "certificates"), ==, 2);
  }
}

/* The IDSE CA is made once beside the database, its key private, and read
 * back on the next start. */
static void
test_idse_ca_files (void)
{
  g_autofree char *dir = g_build_filename (fixture.dir, "http", NULL);
  g_autofree char *key_path = g_build_filename (dir, "idse-ca-key.pem", NULL);
  g_autoptr(VntIdseCa) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *verifier = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = vnt_idse_ca_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_certificate_equal (vnt_idse_ca_get_certificate (again),
                                        vnt_idse_ca_get_certificate (fixture.idse_ca)));
  g_assert_true (vnt_certificate_is_ca (vnt_idse_ca_get_certificate (again)));

  /* Salted: the same password twice gives two verifiers, both good. */
  verifier = vnt_idse_password_hash ("Secreto2026", &error);
  g_assert_no_error (error);
  g_assert_true (vnt_idse_password_verify ("Secreto2026", verifier));
  g_assert_false (vnt_idse_password_verify ("Secreto2027", verifier));
  g_assert_false (vnt_idse_password_verify ("Secreto2026", "pbkdf2-sha256$1$AAAA$AAAA"));
  {
    g_autofree char *other = vnt_idse_password_hash ("Secreto2026", &error);

    g_assert_cmpstr (other, !=, verifier);
    g_assert_true (vnt_idse_password_verify ("Secreto2026", other));
  }
}

/* Past the deadline the Subdelegación cannot conclude it. */
static void
test_idse_deadline (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) efirma = NULL;
  g_autoptr(GBytes) csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, NULL);
  g_autoptr(JsonObject) data = idse_request_data (IDSE_REGISTRO, HOLDER_RFC, "tarde2026", "Tarde2026x", csr);
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) concluded = NULL;
  g_autoptr(GError) error = NULL;

  efirma = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (efirma == NULL)
    return;
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  /* Thursday 10 September 2026: 16 September (Independence Day) is a
   * statutory rest day, so the tenth business day is 25 September. */
  set_today (2026, 9, 10);
  tramite = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.request", data, &error);
  g_assert_no_error (error);
  terms = get_terms_id (client, "ctc-idse");
  content = finalize_full (client, efirma, HOLDER_CURP, HOLDER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (content, "data"), "deadline"),
                   ==, "2026-09-25");

  set_today (2026, 9, 28);
  concluded = practice_conclude (client, json_object_get_string_member (tramite, "folio"), NULL, &error);
  set_today (0, 0, 0);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_REQUEST_EXPIRED);
  g_assert_null (concluded);
  g_assert_cmpuint (count_rows ("SELECT folio FROM idse_requests WHERE status = 'expired' AND folio = ?",
                                json_object_get_string_member (tramite, "folio")), ==, 1);
}

static VntCredential *expired_idse_credential (const char *number,
                                              int         days_ago,
                                              const char *npie);

/* Cancellation: signed by the IDSE certificate itself, with its user and
 * password. */
static void
test_idse_cancel (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) efirma = NULL;
  g_autoptr(VntCredential) idse = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(VntCertificate) certificate = NULL;
  g_autoptr(JsonObject) cancel = json_object_new ();
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) recovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *npie = NULL;
  const char *serial;

  efirma = vnt_test_load_sat_credential ("fiel/fiel-fisica-KAHO641101B39.cer", "fiel/fiel-fisica-KAHO641101B39.key");
  if (efirma == NULL)
    return;
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  certificate = issue_idse (client, efirma, "cancela26", "Cancela2026", &key, &npie);
  serial = vnt_certificate_get_number (certificate);
  idse = vnt_credential_new_from_private_key (certificate, key, &error);
  g_assert_no_error (error);

  json_object_set_string_member (cancel, "serial", serial);
  json_object_set_string_member (cancel, "usuario", "cancela26");
  json_object_set_string_member (cancel, "password", "Equivocada1");
  json_object_set_string_member (cancel, "motivo", "perdida");

  tramite = start_tramite (client, idse, "", HOLDER_RFC, "idse.cancel", cancel, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_CREDENTIALS_WRONG);
  g_clear_error (&error);

  /* An e.firma is not the IDSE certificate. */
  json_object_set_string_member (cancel, "password", "Cancela2026");
  tramite = start_tramite (client, efirma, HOLDER_CURP, HOLDER_RFC, "idse.cancel", cancel, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNTRUSTED_CERTIFICATE);
  g_clear_error (&error);

  tramite = start_tramite (client, idse, "", HOLDER_RFC, "idse.cancel", cancel, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (json_object_get_string_member (tramite, "folio"), "Cancela2026"));

  /* The cancellation is that certificate's, not its employer's: another
   * current IDSE certificate with the same RFC cannot conclude it. */
  {
    g_autoptr(VntCredential) sibling = expired_idse_credential ("00009000000000000004", -300, "SB77777778");
    g_autoptr(JsonObject) refused = finalize_full (client, sibling, "", HOLDER_RFC, tramite, NULL, &error);

    g_assert_null (refused);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
    g_clear_error (&error);
  }
  content = finalize_full (client, idse, "", HOLDER_RFC, tramite, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==, "Tu certificado digital fue cancelado.");

  recovered = recover_npie (client, npie, &error);
  g_assert_no_error (error);
  {
    JsonArray *list = json_object_get_array_member (recovered, "certificates");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *item = json_array_get_object_element (list, i);

        if (g_str_equal (json_object_get_string_member (item, "serial"), serial))
          {
            g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "cancelled");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* A cancelled certificate signs nothing any more. */
  g_clear_pointer (&tramite, json_object_unref);
  tramite = start_tramite (client, idse, "", HOLDER_RFC, "idse.cancel", cancel, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_REVOKED);
  g_assert_null (tramite);
}

/* An IDSE certificate that expired @days_ago (negative: that expires in
 * as many days), recorded as this service's. */
static VntCredential *
expired_idse_credential (const char *number,
                         int         days_ago,
                         const char *npie)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VntPrivateKey) key = NULL;
  g_autoptr(GBytes) csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &key);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = g_date_time_add_days (now, -days_ago);
  g_autoptr(GDateTime) not_before = g_date_time_add_days (not_after, -730);
  g_autoptr(GBytes) der = vnt_idse_ca_issue (fixture.idse_ca, csr, "OSCAR KALA HAAK", HOLDER_RFC, number,
                                             not_before, not_after, &error);
  g_autoptr(VntCertificate) certificate = NULL;
  g_autofree char *verifier = vnt_idse_password_hash ("Vieja2024x", &error);
  VntSandboxDb *db = vnt_sandbox_get_db (fixture.http);

  g_assert_no_error (error);
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "INSERT OR IGNORE INTO idse_employers (npie, rfc, registro_patronal, created_at) "
                                         "VALUES (?, ?, ?, 1)", "sss", npie, HOLDER_RFC, IDSE_REGISTRO));
  g_assert_true (vnt_sandbox_db_execute (db, NULL, &error,
                                         "INSERT INTO idse_certificates (serial, npie, folio, usuario, verifier, der, "
                                         "not_before, not_after, status) VALUES (?, ?, 'IDSE-2024-000001', 'vieja2024', ?, ?, ?, ?, 'valid')",
                                         "sssbii", number, npie, verifier, der, g_date_time_to_unix (not_before),
                                         g_date_time_to_unix (not_after)));
  g_assert_no_error (error);

  certificate = vnt_certificate_new_from_bytes (der, &error);
  g_assert_no_error (error);
  return vnt_credential_new_from_private_key (certificate, key, NULL);
}

static void
test_idse_renew (void)
{
  g_autoptr(VntServiceClient) client = http_client ();
  g_autoptr(VntCredential) expired = expired_idse_credential ("00009000000000000001", 10, "SB77777777");
  g_autoptr(VntCredential) too_old = expired_idse_credential ("00009000000000000002", 400, "SB77777777");
  g_autoptr(VntPrivateKey) new_key = NULL;
  g_autoptr(GBytes) new_csr = vnt_test_make_csr (HOLDER_RFC, HOLDER_CURP, &new_key);
  g_autofree char *new_csr_b64 = bytes_to_base64 (new_csr);
  g_autoptr(JsonObject) renew = json_object_new ();
  g_autoptr(JsonObject) terms = NULL;
  g_autoptr(JsonObject) cancel = json_object_new ();
  g_autoptr(JsonObject) tramite = NULL;
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(VntCertificate) renewed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *accepted;

  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture.identity));

  /* Expired: no longer good for anything but its renewal. */
  json_object_set_string_member (cancel, "serial", "00009000000000000001");
  json_object_set_string_member (cancel, "usuario", "vieja2024");
  json_object_set_string_member (cancel, "password", "Vieja2024x");
  json_object_set_string_member (cancel, "motivo", "otro");
  tramite = start_tramite (client, expired, "", HOLDER_RFC, "idse.cancel", cancel, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_EXPIRED);
  g_clear_error (&error);

  json_object_set_string_member (renew, "serial", "00009000000000000002");
  json_object_set_string_member (renew, "email", "nominas@example.mx");
  json_object_set_string_member (renew, "csr", new_csr_b64);
  tramite = start_tramite (client, too_old, "", HOLDER_RFC, "idse.renew", renew, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_CERTIFICATE_EXPIRED);
  g_clear_error (&error);

  /* Signed with the old certificate, for the old certificate and its RFC. */
  tramite = start_tramite (client, expired, "", "IIA040805DZ4", "idse.renew", renew, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_RFC_MISMATCH);
  g_clear_error (&error);
  tramite = start_tramite (client, expired, "", HOLDER_RFC, "idse.renew", renew, &error);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
  g_clear_error (&error);
  json_object_set_string_member (renew, "serial", "00009000000000000001");
  tramite = start_tramite (client, expired, "", HOLDER_RFC, "idse.renew", renew, &error);
  g_assert_no_error (error);
  /* The renewal is the old certificate's: another one of the employer,
   * expired as recently, cannot conclude it. */
  {
    g_autoptr(VntCredential) sibling = expired_idse_credential ("00009000000000000003", 5, "SB77777777");
    g_autoptr(JsonObject) idse_terms = get_terms_id (client, "ctc-idse");
    g_autoptr(JsonObject) refused = finalize_full (client, sibling, "", HOLDER_RFC, tramite, idse_terms, &error);

    g_assert_null (refused);
    g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NOT_OWNER);
    g_clear_error (&error);
  }
  terms = get_terms_id (client, "ctc-idse");
  content = finalize_full (client, expired, "", HOLDER_RFC, tramite, terms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (content, "message"), ==,
                   "Se ha generado exitosamente su Certificado Digital.");
  accepted = json_object_get_object_member (content, "data");
  g_assert_cmpstr (json_object_get_string_member (accepted, "previous_serial"), ==, "00009000000000000001");
  g_assert_cmpstr (json_object_get_string_member (accepted, "npie"), ==, "SB77777777");

  renewed = fetch_idse_certificate (client, json_object_get_string_member (accepted, "serial"), &info);
  g_assert_cmpstr (json_object_get_string_member (info, "status"), ==, "valid");
  g_assert_cmpint (vnt_certificate_get_days_left (renewed, NULL), >, 700);
  assert_issued_from (renewed, new_key, "renewed");
  g_assert_cmpuint (count_rows ("SELECT serial FROM idse_certificates WHERE status = 'renewed' AND serial = ?",
                                "00009000000000000001"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  fixture_start ();

  g_test_add_func ("/sandbox/info", test_info);
  g_test_add_func ("/sandbox/nonces", test_nonces);
  g_test_add_func ("/sandbox/accounts/lookup", test_lookup);
  g_test_add_func ("/sandbox/accounts/read", test_read_account);
  g_test_add_func ("/sandbox/accounts/read-refusals", test_read_account_refusals);
  g_test_add_func ("/sandbox/proof/replayed-nonce", test_replayed_nonce);
  g_test_add_func ("/sandbox/proof/bad-proofs", test_bad_proofs);
  g_test_add_func ("/sandbox/https-pinned", test_https_pinned);
  g_test_add_func ("/sandbox/no-practice", test_no_practice);
  g_test_add_func ("/sandbox/program/practice-loopback-only", test_program_practice_loopback_only);
  g_test_add_func ("/sandbox/insecure-and-unreachable", test_insecure_and_unreachable);
  g_test_add_func ("/sandbox/database", test_database);
  g_test_add_func ("/sandbox/retries-and-timeout", test_retries_and_timeout);
  g_test_add_func ("/sandbox/client-thread", test_client_thread);
  g_test_add_func ("/sandbox/migration", test_migration);
  g_test_add_func ("/sandbox/tramites/update-flow", test_update_flow);
  g_test_add_func ("/sandbox/tramites/create-flow", test_create_flow);
  g_test_add_func ("/sandbox/tramites/start-refusals", test_start_refusals);
  g_test_add_func ("/sandbox/tramites/idempotency", test_idempotency);
  g_test_add_func ("/sandbox/companies/register", test_company_register);
  g_test_add_func ("/sandbox/companies/refusals", test_company_refusals);
  g_test_add_func ("/sandbox/companies/expired-draft", test_company_expired_draft);
  g_test_add_func ("/sandbox/companies/remove", test_representative_remove);
  g_test_add_func ("/sandbox/idse/request", test_idse_request);
  g_test_add_func ("/sandbox/idse/ca-files", test_idse_ca_files);
  g_test_add_func ("/sandbox/idse/deadline", test_idse_deadline);
  g_test_add_func ("/sandbox/idse/cancel", test_idse_cancel);
  g_test_add_func ("/sandbox/idse/renew", test_idse_renew);
  g_test_add_func ("/sandbox/program", test_program);
  g_test_add_func ("/sandbox/program-killed", test_program_killed);

  ret = g_test_run ();

  fixture_stop ();

  return ret;
}
