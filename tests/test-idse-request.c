/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "controllers/procedures/idse-additional/vnt-idse-additional-controller.h"
#include "controllers/procedures/idse-request/vnt-idse-request-controller.h"
#include "core/vnt-calendar.h"
#include "core/vnt-id.h"
#include "core/vnt-idse-ledger.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-idse-ca.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* "Solicitud del Certificado Digital" driven through its controller
 * against ventanilla-sandbox on 127.0.0.1 (a fresh database per test),
 * with the practice company's e.firma: the form, the e.firma, the key,
 * the request, the carta, the acuse and its deadline, the visit to the
 * Subdelegación, the certificate checked against the key, the .pfx; and
 * every failure a person can meet. */

#define KEY_PASSWORD  "LlaveIdse2026"
#define IDSE_PASSWORD "Clave2026x"

typedef struct {
  char               *dir;
  VntServiceIdentity *identity;
  VntIdseCa          *idse_ca;
  VntTestServer      *server;
  VntSandbox         *sandbox;
  char               *url;
  VntTramiteStore    *store;
  VntServiceClient   *client;
} Fixture;

static VntTrustStore *practice_trust;

static void
server_setup (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sandbox.db", NULL);
  VntSandboxDb *db;

  db = vnt_sandbox_db_open (path, &error);
  g_assert_no_error (error);
  fixture->sandbox = vnt_sandbox_new (db, fixture->identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture->sandbox, vnt_test_practice_ca ());
  vnt_sandbox_set_idse_ca (fixture->sandbox, fixture->idse_ca);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  vnt_sandbox_listen (fixture->sandbox, address, FALSE, &error);
  g_assert_no_error (error);
  fixture->url = vnt_sandbox_get_url (fixture->sandbox);
}

static void
server_teardown (gpointer user_data)
{
  Fixture *fixture = user_data;

  g_clear_object (&fixture->sandbox);
}

static VntServiceClient *
new_client (Fixture    *fixture,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  VntServiceClient *client = vnt_service_client_new (url, &error);

  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (fixture->identity));
  vnt_service_client_set_timeout (client, 10);
  vnt_service_client_set_retries (client, 0);
  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-idse-request-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);
  fixture->idse_ca = vnt_idse_ca_open (fixture->dir, &error);
  g_assert_no_error (error);
  vnt_test_practice_ca ();
  fixture->server = vnt_test_server_start (server_setup, server_teardown, fixture);
  store_dir = g_build_filename (fixture->dir, "store", NULL);
  fixture->store = vnt_tramite_store_new (store_dir);
  fixture->client = new_client (fixture, fixture->url);
}

/* Drops the store and waits (up to a minute) until the saves still under
 * way, which hold it, are done: else one may land after its folder is gone. */
static void
drop_store (Fixture *fixture)
{
  gpointer weak = fixture->store;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (&fixture->store);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (weak != NULL)
    g_object_remove_weak_pointer (weak, &weak);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  drop_store (fixture);
  g_clear_pointer (&fixture->server, vnt_test_server_stop);
  g_clear_object (&fixture->idse_ca);
  g_clear_object (&fixture->identity);
  g_clear_pointer (&fixture->url, g_free);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static VntIdseRequestController *
new_controller (Fixture *fixture)
{
  VntIdseRequestController *controller = vnt_idse_request_controller_new (fixture->client, fixture->store);

  vnt_procedure_set_trust_store (VNT_PROCEDURE (controller), practice_trust);
  vnt_procedure_set_practice (VNT_PROCEDURE (controller), TRUE);
  return controller;
}

static void
set_field (VntIdseRequestController *controller,
           const char               *name,
           const char               *value)
{
  g_autoptr(GError) error = NULL;

  vnt_idse_request_controller_set_field (controller, name, value, &error);
  g_assert_no_error (error);
}

/* The practice company's request, as IMSS's example has it. */
static void
fill_form (VntIdseRequestController *controller)
{
  VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;

  vnt_idse_request_controller_accept_recommendations (controller);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_IDSE_STEP_FORM);
  set_field (controller, "registro_patronal", "Y541234510");
  set_field (controller, "digito_verificador", "6");
  set_field (controller, "razon_social", company->name);
  set_field (controller, "rfc", VNT_TEST_COMPANY_RFC);
  set_field (controller, "usuario", "empresa01");
  set_field (controller, "password", IDSE_PASSWORD);
  set_field (controller, "password_confirm", IDSE_PASSWORD);
  set_field (controller, "telefono", "5555555555");
  set_field (controller, "email", "nominas@example.mx");
  set_field (controller, "email_confirm", "nominas@example.mx");
  set_field (controller, "rol", "representante-legal");
  set_field (controller, "nombres", "MARTA");
  set_field (controller, "apellido_paterno", "SIMON");
  set_field (controller, "curp", VNT_TEST_MARTA_CURP);
  set_field (controller, "solicitante_rfc", VNT_TEST_MARTA_RFC);
  set_field (controller, "calle", "AV. REFORMA");
  set_field (controller, "numero_exterior", "10");
  set_field (controller, "colonia", "CENTRO");
  set_field (controller, "estado", "DF");
  set_field (controller, "municipio", "CUAUHTEMOC");
  set_field (controller, "codigo_postal", "06000");

  g_assert_true (vnt_idse_request_controller_submit_form (controller, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_EFIRMA_STEP_ASK);
}

static gboolean
validate (VntIdseRequestController  *controller,
          VntPracticeEfirma         *efirma,
          GError                   **error)
{
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (controller));
  g_autoptr(GAsyncResult) result = NULL;

  vnt_efirma_step_validate_async (step, efirma->rfc, efirma->cer_path, efirma->key_path, efirma->password,
                                  NULL, vnt_test_store_result_cb, &result);
  if (!vnt_efirma_step_validate_finish (step, vnt_test_wait_for (&result), error))
    return FALSE;
  g_clear_object (&result);

  vnt_has_efirma_proceed_async (VNT_HAS_EFIRMA (controller), NULL, vnt_test_store_result_cb, &result);
  return vnt_has_efirma_proceed_finish (VNT_HAS_EFIRMA (controller), vnt_test_wait_for (&result), error)
         == VNT_EFIRMA_OUTCOME_GO_ON;
}

static void
generate_key (VntIdseRequestController *controller,
              const char               *path)
{
  VntKeygenStep *step = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (controller));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  vnt_keygen_step_generate_async (step, path, KEY_PASSWORD, 2048, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_keygen_step_generate_finish (step, vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_IDSE_STEP_KEY_SAVED);
}

static gboolean
send (VntIdseRequestController  *controller,
      GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_idse_request_controller_send_async (controller, NULL, vnt_test_store_result_cb, &result);
  return vnt_idse_request_controller_send_finish (controller, vnt_test_wait_for (&result), error);
}

static void
sign_carta (VntIdseRequestController *controller)
{
  VntTramiteFlow *flow = vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;

  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_TRAMITE_STEP_TERMS);
  g_assert_cmpstr (vnt_carta_get_title (vnt_tramite_flow_get_terms (flow)), ==,
                   "Carta de Términos y Condiciones para la Obtención y Uso del NPIE y Certificado Digital");
  vnt_tramite_flow_finalize_async (flow, NULL, vnt_test_store_result_cb, &result);
  acuse = vnt_tramite_flow_finalize_finish (flow, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_true (vnt_procedure_get_done (VNT_PROCEDURE (controller)));
  g_assert_nonnull (vnt_acuse_info_get_json_path (acuse));
  g_assert_nonnull (vnt_acuse_info_get_pdf_path (acuse));
}

static gboolean
conclude (VntIdseRequestController  *controller,
          GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_idse_request_controller_conclude_async (controller, NULL, vnt_test_store_result_cb, &result);
  return vnt_idse_request_controller_conclude_finish (controller, vnt_test_wait_for (&result), error);
}

static gboolean
save_pfx (VntIdseRequestController  *controller,
          const char                *path,
          VntPkcs12Profile           profile,
          GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_idse_request_controller_save_pfx_async (controller, path, IDSE_PASSWORD, profile, NULL,
                                              vnt_test_store_result_cb, &result);
  return vnt_idse_request_controller_save_pfx_finish (controller, vnt_test_wait_for (&result), error);
}

/* `openssl pkcs12` reads the .pfx with the IDSE contraseña. */
static void
assert_openssl_reads (const char *path,
                      gboolean    legacy)
{
  g_autofree char *pass = g_strdup_printf ("pass:%s", IDSE_PASSWORD);
  const char *argv[] = { "openssl", "pkcs12", "-in", path, "-passin", pass, "-nodes", "-info",
                         legacy ? "-legacy" : NULL, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status;

  if (openssl == NULL)
    {
      g_test_message ("openssl is not installed");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl pkcs12 failed: %s", err);
  g_assert_nonnull (strstr (out, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (out, "BEGIN PRIVATE KEY"));
}

static void
test_happy (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autofree char *key_path = g_build_filename (fixture->dir, "idse.key", NULL);
  g_autofree char *pfx_path = g_build_filename (fixture->dir, "idse.pfx", NULL);
  g_autofree char *compat_path = g_build_filename (fixture->dir, "idse-compat.pfx", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "solicitud.pdf", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(VntCalendar) calendar = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *pdf = NULL;
  gsize pdf_length;
  GDate deadline, expected;
  VntCertificate *certificate;

  fill_form (controller);
  /* The patrón's RFC goes to the e.firma step before it is asked. */
  g_assert_cmpstr (vnt_efirma_step_get_rfc (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (controller))), ==,
                   VNT_TEST_COMPANY_RFC);
  g_assert_true (validate (controller, vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC),
                           &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_IDSE_STEP_KEY);

  /* Nothing is sent before the key is on disk. */
  g_assert_false (send (controller, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
  g_clear_error (&error);
  g_assert_null (vnt_tramite_flow_get_folio (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller))));

  generate_key (controller, key_path);
  send (controller, &error);
  g_assert_no_error (error);
  /* Sent: the contraseña is gone from memory and never was in the record. */
  g_assert_null (vnt_idse_request_controller_get_value (controller, "password"));
  g_assert_null (vnt_idse_request_controller_get_field (controller, "password"));
  sign_carta (controller);

  /* Ten business days from today in Mexico City, holidays counted. */
  g_assert_true (vnt_idse_request_controller_get_deadline (controller, &deadline));
  calendar = vnt_calendar_new_default (&error);
  g_assert_no_error (error);
  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Mexico_City");

    now = g_date_time_new_now (zone != NULL ? zone : g_time_zone_new_offset (-6 * 3600));
  }
  g_date_clear (&expected, 1);
  g_date_set_dmy (&expected, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  vnt_calendar_add_business_days (calendar, &expected, VNT_IDSE_DEADLINE_BUSINESS_DAYS);
  g_assert_cmpint (g_date_compare (&deadline, &expected), ==, 0);
  sentence = vnt_idse_request_controller_format_deadline (controller);
  g_assert_nonnull (sentence);
  /* Where, and the day written as every date (the messages are not
   * translated here). */
  g_assert_nonnull (strstr (sentence, "IMSS office"));
  {
    g_autofree char *year = g_strdup_printf (", %d.", g_date_get_year (&deadline));

    g_assert_true (g_str_has_suffix (sentence, year));
  }

  /* The printable request. */
  vnt_idse_request_controller_write_request_pdf_async (controller, pdf_path, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_idse_request_controller_write_request_pdf_finish (controller, vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  /* The visit to the Subdelegación, the certificate for the saved key. */
  g_assert_null (vnt_idse_request_controller_get_certificate (controller));
  g_assert_true (conclude (controller, &error));
  g_assert_no_error (error);
  certificate = vnt_idse_request_controller_get_certificate (controller);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (vnt_certificate_get_rfc (certificate), ==, VNT_TEST_COMPANY_RFC);
  g_assert_true (g_str_has_prefix (vnt_idse_request_controller_get_npie (controller), "SB"));
  {
    g_autoptr(VntPrivateKey) key = vnt_private_key_new_from_file (key_path, KEY_PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_true (vnt_private_key_matches (key, certificate));
  }

  /* The .pfx, modern by default and the compatibility one on request. */
  g_assert_true (save_pfx (controller, pfx_path, VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_idse_request_controller_get_pfx_path (controller), ==, pfx_path);
  assert_openssl_reads (pfx_path, FALSE);
  /* Never over an existing file. */
  g_assert_false (save_pfx (controller, pfx_path, VNT_PKCS12_PROFILE_MODERN, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (save_pfx (controller, compat_path, VNT_PKCS12_PROFILE_COMPAT, &error));
  g_assert_no_error (error);
  assert_openssl_reads (compat_path, TRUE);

  /* Both noted for "Mis certificados IDSE", with the NPIE. */
  {
    VntTramiteStore *store = vnt_procedure_get_store (VNT_PROCEDURE (controller));
    g_autoptr(GPtrArray) ledger = vnt_idse_ledger_list (vnt_tramite_store_get_data_dir (store), &error);
    VntIdseLedgerEntry *entry;

    g_assert_no_error (error);
    g_assert_cmpuint (ledger->len, ==, 2);
    entry = g_ptr_array_index (ledger, 0);
    g_assert_cmpstr (entry->procedure, ==, "idse.request");
    g_assert_cmpstr (entry->npie, ==, vnt_idse_request_controller_get_npie (controller));
    g_assert_cmpstr (entry->serial, ==, vnt_certificate_get_number (certificate));
  }
}

static void
test_form_failures (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;

  fill_form (controller);

  /* Usuario equal to the contraseña, ignoring case. */
  g_assert_false (vnt_idse_request_controller_set_field (controller, "password", "EMPRESA01", &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CHECK_FAILED);
  g_assert_nonnull (strstr (error->message, "user name"));
  g_clear_error (&error);
  /* The confirmation typed before no longer matches. */
  g_assert_false (vnt_idse_request_controller_check_field (controller, "password_confirm", &error));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_submit_form (controller, &bad, &error));
  g_assert_cmpstr (bad, ==, "password");
  g_clear_error (&error);

  /* A wrong confirmation. */
  set_field (controller, "password", IDSE_PASSWORD);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "password_confirm", "Clave2026y", &error));
  g_assert_nonnull (strstr (error->message, "confirmation"));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_submit_form (controller, &bad, &error));
  g_assert_cmpstr (bad, ==, "password_confirm");
  g_clear_error (&error);
  set_field (controller, "password_confirm", IDSE_PASSWORD);

  /* Each identifier checked with src/core's rules. */
  g_assert_false (vnt_idse_request_controller_set_field (controller, "rfc", "PNO150601QX", &error));
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_LENGTH);
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "curp", "SIVM780105MNLMGR02", &error));
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "codigo_postal", "0600", &error));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "email_confirm", "otra@example.mx", &error));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "usuario", "corto", &error));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "estado", "XX", &error));
  g_clear_error (&error);
  g_assert_false (vnt_idse_request_controller_set_field (controller, "registro_patronal", "Y54123", &error));
  g_clear_error (&error);
}

static void
test_efirma_failures (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autoptr(GError) error = NULL;

  fill_form (controller);

  /* The CSD of that very company: not an e.firma. */
  g_assert_false (validate (controller, vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC),
                            &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  g_clear_error (&error);

  /* A person's e.firma of another RFC: refused before anything is made. */
  g_assert_false (validate (controller, vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC),
                            &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH);
  g_assert_nonnull (strstr (error->message, VNT_TEST_COMPANY_RFC));
  g_clear_error (&error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_EFIRMA_STEP_VALIDATED);
}

static void
test_deadline_passed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autofree char *key_path = g_build_filename (fixture->dir, "late.key", NULL);
  g_autoptr(GError) error = NULL;
  GDate late;

  fill_form (controller);
  g_assert_true (validate (controller, vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC),
                           &error));
  generate_key (controller, key_path);
  g_assert_true (send (controller, &error));
  sign_carta (controller);

  /* A month later the request has lapsed. */
  g_assert_true (vnt_idse_request_controller_get_deadline (controller, &late));
  g_date_add_days (&late, 30);
  vnt_sandbox_set_today_for_testing (fixture->sandbox, &late);
  g_assert_false (conclude (controller, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_IDSE_REQUEST_EXPIRED);
  g_assert_null (vnt_idse_request_controller_get_certificate (controller));
  /* What was saved stays: the key and the acuse. */
  g_assert_true (g_file_test (key_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (vnt_tramite_flow_get_acuse (vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller))));
}

static void
test_service_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autoptr(VntIdseRequestController) resumed = NULL;
  g_autoptr(VntServiceClient) down = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(VntTramite) record = NULL;
  g_autofree char *key_path = g_build_filename (fixture->dir, "down.key", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  fill_form (controller);
  g_assert_true (validate (controller, vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC),
                           &error));
  generate_key (controller, key_path);

  /* A port nothing listens on: bound, then closed. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  down = new_client (fixture, url);

  /* The same trámite through a client of a service that is down. */
  record = g_object_ref (vnt_procedure_get_record (VNT_PROCEDURE (controller)));
  resumed = VNT_IDSE_REQUEST_CONTROLLER (vnt_procedure_resume (VNT_TYPE_IDSE_REQUEST_CONTROLLER, down,
                                                               fixture->store, record, &error));
  g_assert_no_error (error);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (resumed), practice_trust);
  g_clear_object (&controller);
  {
    VntEfirmaStep *efirma = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (resumed));
    VntKeygenStep *keygen = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (resumed));
    VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
    g_autoptr(GAsyncResult) result = NULL;

    vnt_efirma_step_unlock_async (efirma, company->password, NULL, vnt_test_store_result_cb, &result);
    g_assert_true (vnt_efirma_step_unlock_finish (efirma, vnt_test_wait_for (&result), &error));
    g_clear_object (&result);
    vnt_keygen_step_unlock_async (keygen, KEY_PASSWORD, NULL, vnt_test_store_result_cb, &result);
    g_assert_true (vnt_keygen_step_unlock_finish (keygen, vnt_test_wait_for (&result), &error));
  }
  set_field (resumed, "password", IDSE_PASSWORD);
  set_field (resumed, "password_confirm", IDSE_PASSWORD);

  g_assert_false (send (resumed, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE);
  /* Nothing lost: the step, the key. */
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (resumed)), ==, VNT_IDSE_STEP_KEY_SAVED);
  g_assert_true (g_file_test (key_path, G_FILE_TEST_EXISTS));
}

/* Killed between the key and the request: a new run finds the key again
 * and sends its request; the certificate is for that key. */
static void
test_resume_after_key (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autoptr(VntIdseRequestController) resumed = NULL;
  g_autoptr(VntTramite) record = NULL;
  g_autofree char *key_path = g_build_filename (fixture->dir, "resumed.key", NULL);
  g_autofree char *key_id = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  VntEfirmaStep *efirma;
  VntKeygenStep *keygen;

  fill_form (controller);
  g_assert_true (validate (controller, company, &error));
  generate_key (controller, key_path);
  key_id = g_strdup (vnt_keygen_step_get_key_id (vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (controller))));
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (controller))));
  /* Let the background save land, as the process would before a kill. */
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_object (&controller);

  record = vnt_tramite_store_load (fixture->store, id, &error);
  g_assert_no_error (error);
  resumed = VNT_IDSE_REQUEST_CONTROLLER (vnt_procedure_resume (VNT_TYPE_IDSE_REQUEST_CONTROLLER, fixture->client,
                                                               fixture->store, record, &error));
  g_assert_no_error (error);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (resumed), practice_trust);
  vnt_procedure_set_practice (VNT_PROCEDURE (resumed), TRUE);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (resumed)), ==, VNT_IDSE_STEP_KEY_SAVED);
  g_assert_cmpstr (vnt_idse_request_controller_get_field (resumed, "razon_social"), ==, company->name);
  g_assert_true (vnt_idse_request_controller_get_needs_password (resumed));

  efirma = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (resumed));
  keygen = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (resumed));
  g_assert_cmpstr (vnt_keygen_step_get_path (keygen), ==, key_path);
  g_assert_true (vnt_keygen_step_get_needs_key (keygen));

  /* Sending before the key is open says what to do. */
  set_field (resumed, "password", IDSE_PASSWORD);
  set_field (resumed, "password_confirm", IDSE_PASSWORD);
  vnt_efirma_step_unlock_async (efirma, company->password, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_efirma_step_unlock_finish (efirma, vnt_test_wait_for (&result), &error));
  g_clear_object (&result);
  g_assert_false (send (resumed, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL);
  g_clear_error (&error);

  vnt_keygen_step_unlock_async (keygen, KEY_PASSWORD, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_keygen_step_unlock_finish (keygen, vnt_test_wait_for (&result), &error));
  g_assert_cmpstr (vnt_private_key_get_id (vnt_keygen_step_get_key (keygen)), ==, key_id);

  g_assert_true (send (resumed, &error));
  g_assert_no_error (error);
  sign_carta (resumed);
  g_assert_true (conclude (resumed, &error));
  g_assert_no_error (error);
  g_assert_true (vnt_private_key_matches (vnt_keygen_step_get_key (keygen),
                                          vnt_idse_request_controller_get_certificate (resumed)));
}

/* "Certificado Digital adicional": the NPIE the solicitud gave, a new
 * usuario, contraseña and key; an unknown NPIE is refused. */
static void
test_additional (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VntIdseRequestController) request = new_controller (fixture);
  g_autoptr(VntIdseAdditionalController) additional = NULL;
  g_autoptr(VntIdseAdditionalController) unknown = NULL;
  VntIdseRequestController *controller;
  VntPracticeEfirma *company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  g_autofree char *first_key = g_build_filename (fixture->dir, "first.key", NULL);
  g_autofree char *second_key = g_build_filename (fixture->dir, "second.key", NULL);
  g_autofree char *third_key = g_build_filename (fixture->dir, "third.key", NULL);
  g_autofree char *npie = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;
  GDate deadline;

  fill_form (request);
  g_assert_true (validate (request, company, &error));
  generate_key (request, first_key);
  g_assert_true (send (request, &error));
  sign_carta (request);
  g_assert_true (conclude (request, &error));
  npie = g_strdup (vnt_idse_request_controller_get_npie (request));
  g_assert_nonnull (npie);

  additional = vnt_idse_additional_controller_new (fixture->client, fixture->store);
  controller = VNT_IDSE_REQUEST_CONTROLLER (additional);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (controller), practice_trust);
  vnt_procedure_set_practice (VNT_PROCEDURE (controller), TRUE);
  g_assert_cmpstr (vnt_procedure_get_procedure_id (VNT_PROCEDURE (controller)), ==, "idse.additional");
  vnt_idse_request_controller_accept_recommendations (controller);
  set_field (controller, "npie", npie);
  set_field (controller, "usuario", "empresa02");
  /* Usuario equal to the contraseña here too. */
  g_assert_false (vnt_idse_request_controller_set_field (controller, "password", "Empresa02", &error));
  g_clear_error (&error);
  set_field (controller, "password", IDSE_PASSWORD);
  set_field (controller, "password_confirm", IDSE_PASSWORD);
  set_field (controller, "email", "idse@example.mx");
  set_field (controller, "email_confirm", "idse@example.mx");
  g_assert_true (vnt_idse_request_controller_submit_form (controller, &bad, &error));
  g_assert_no_error (error);
  g_assert_true (validate (controller, company, &error));
  g_assert_no_error (error);
  generate_key (controller, second_key);
  g_assert_true (send (controller, &error));
  g_assert_no_error (error);
  sign_carta (controller);
  g_assert_true (vnt_idse_request_controller_get_deadline (controller, &deadline));
  g_assert_true (conclude (controller, &error));
  g_assert_no_error (error);
  /* For the same NPIE, another certificate, of the new key. */
  g_assert_cmpstr (vnt_idse_request_controller_get_npie (controller), ==, npie);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_idse_request_controller_get_certificate (controller)), !=,
                   vnt_certificate_get_number (vnt_idse_request_controller_get_certificate (request)));
  {
    g_autoptr(VntPrivateKey) key = vnt_private_key_new_from_file (second_key, KEY_PASSWORD, &error);

    g_assert_no_error (error);
    g_assert_true (vnt_private_key_matches (key, vnt_idse_request_controller_get_certificate (controller)));
  }

  /* An NPIE the service does not know for this RFC. */
  unknown = vnt_idse_additional_controller_new (fixture->client, fixture->store);
  controller = VNT_IDSE_REQUEST_CONTROLLER (unknown);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (controller), practice_trust);
  vnt_idse_request_controller_accept_recommendations (controller);
  set_field (controller, "npie", "SB99999999");
  set_field (controller, "usuario", "empresa03");
  set_field (controller, "password", IDSE_PASSWORD);
  set_field (controller, "password_confirm", IDSE_PASSWORD);
  set_field (controller, "email", "idse@example.mx");
  set_field (controller, "email_confirm", "idse@example.mx");
  g_assert_true (vnt_idse_request_controller_submit_form (controller, &bad, &error));
  g_assert_true (validate (controller, company, &error));
  generate_key (controller, third_key);
  g_assert_false (send (controller, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_NPIE_NOT_FOUND);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_IDSE_STEP_KEY_SAVED);
}

/* A service that only looks, when a request comes, whether the trámite's
 * record on disk already holds the Idempotency-Key the request carries,
 * and then hangs up, or (when @refuse) refuses the request for good. */
typedef struct
{
  char    *data_dir;
  char    *id;
  gboolean refuse;
  GMutex   lock;
  gboolean seen;
  gboolean on_disk;
} KeyWitness;

/* Reads the rest of the request and answers it with a problem. */
static void
key_witness_refuse (GSocketConnection *connection,
                    GDataInputStream  *in)
{
  static const char body[] = "{\"code\": \"refused\", \"detail\": \"No.\"}";
  g_autofree char  *answer = NULL;
  gsize             length = 0;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      g_assert_nonnull (line);
      g_strstrip (line);
      if (*line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
    }
  while (length > 0)
    {
      guint8 buffer[4096];
      gssize got = g_input_stream_read (G_INPUT_STREAM (in), buffer, MIN (length, sizeof buffer),
                                        NULL, NULL);

      g_assert_cmpint (got, >, 0);
      length -= got;
    }

  answer = g_strdup_printf ("HTTP/1.1 422 Unprocessable Entity\r\n"
                            "Content-Type: application/problem+json\r\n"
                            "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                            strlen (body), body);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), answer,
                             strlen (answer), NULL, NULL, NULL);
}

static gboolean
key_witness_run_cb (GThreadedSocketService *service,
                    GSocketConnection      *connection,
                    GObject                *source,
                    gpointer                user_data)
{
  KeyWitness *witness = user_data;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (witness->data_dir);
  g_autoptr(VntTramite) record = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  const char *key;

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = vnt_test_read_line_containing (in, "Idempotency-Key:");
  key = g_strstrip (strchr (line, ':') + 1);
  record = vnt_tramite_store_load (store, witness->id, &error);
  g_assert_no_error (error);

  g_mutex_lock (&witness->lock);
  witness->seen = TRUE;
  witness->on_disk = g_strcmp0 (vnt_tramite_get_idempotency_key (record, "conclude"), key) == 0;
  g_mutex_unlock (&witness->lock);
  if (witness->refuse)
    key_witness_refuse (connection, in);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* The visit concluded after a restart: the request for the certificate
 * leaves only once its Idempotency-Key is on disk, so that after a crash
 * the same request goes again with the same key. Refused for good (@data
 * non-NULL), the key is spent: the next attempt is a new request. */
static void
test_conclude_key_on_disk (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(VntIdseRequestController) controller = new_controller (fixture);
  g_autoptr(VntIdseRequestController) resumed = NULL;
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(VntServiceClient) witness_client = NULL;
  g_autoptr(VntTramite) record = NULL;
  g_autofree char *key_path = g_build_filename (fixture->dir, "idse.key", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyWitness         witness = { 0 };
  VntKeygenStep     *keygen;
  VntPracticeEfirma *company;

  company = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  fill_form (controller);
  g_assert_true (validate (controller, company, &error));
  generate_key (controller, key_path);
  g_assert_true (send (controller, &error));
  sign_carta (controller);
  record = g_object_ref (vnt_procedure_get_record (VNT_PROCEDURE (controller)));
  witness.id = g_strdup (vnt_tramite_get_id (record));
  /* Let the background saves land, as the process would before a restart. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&controller);

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &address, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  witness.data_dir = g_strdup (vnt_tramite_store_get_data_dir (fixture->store));
  witness.refuse = data != NULL;
  g_mutex_init (&witness.lock);
  g_signal_connect (service, "run", G_CALLBACK (key_witness_run_cb), &witness);
  g_socket_service_start (service);

  witness_client = new_client (fixture, url);
  g_clear_object (&record);
  record = vnt_tramite_store_load (fixture->store, witness.id, &error);
  g_assert_no_error (error);
  resumed = VNT_IDSE_REQUEST_CONTROLLER (vnt_procedure_resume (VNT_TYPE_IDSE_REQUEST_CONTROLLER,
                                                               witness_client, fixture->store,
                                                               record, &error));
  g_assert_no_error (error);
  keygen = vnt_has_keygen_get_keygen_step (VNT_HAS_KEYGEN (resumed));
  vnt_keygen_step_unlock_async (keygen, KEY_PASSWORD, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_keygen_step_unlock_finish (keygen, vnt_test_wait_for (&result), &error));

  /* The witness hangs up: no answer, and the key kept for the next try. */
  g_assert_false (conclude (resumed, &error));
  g_assert_nonnull (error);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_mutex_lock (&witness.lock);
  g_assert_true (witness.seen);
  g_assert_true (witness.on_disk);
  g_mutex_unlock (&witness.lock);
  if (witness.refuse)
    {
      g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_PROBLEM);
      g_assert_null (vnt_tramite_get_idempotency_key (record, "conclude"));
    }
  else
    g_assert_nonnull (vnt_tramite_get_idempotency_key (record, "conclude"));

  g_mutex_clear (&witness.lock);
  g_free (witness.data_dir);
  g_free (witness.id);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();
  practice_trust = vnt_test_practice_trust_store ();

  g_test_add ("/idse-request/happy", Fixture, NULL, fixture_set_up, test_happy, fixture_tear_down);
  g_test_add ("/idse-request/form-failures", Fixture, NULL, fixture_set_up, test_form_failures, fixture_tear_down);
  g_test_add ("/idse-request/efirma-failures", Fixture, NULL, fixture_set_up, test_efirma_failures,
              fixture_tear_down);
  g_test_add ("/idse-request/deadline-passed", Fixture, NULL, fixture_set_up, test_deadline_passed,
              fixture_tear_down);
  g_test_add ("/idse-request/service-down", Fixture, NULL, fixture_set_up, test_service_down, fixture_tear_down);
  g_test_add ("/idse-request/additional", Fixture, NULL, fixture_set_up, test_additional, fixture_tear_down);
  g_test_add ("/idse-request/resume-after-key", Fixture, NULL, fixture_set_up, test_resume_after_key,
              fixture_tear_down);
  g_test_add ("/idse-request/conclude-key-on-disk", Fixture, NULL, fixture_set_up,
              test_conclude_key_on_disk, fixture_tear_down);
  g_test_add ("/idse-request/conclude-refused-key-spent", Fixture, "refused", fixture_set_up,
              test_conclude_key_on_disk, fixture_tear_down);

  return g_test_run ();
}
