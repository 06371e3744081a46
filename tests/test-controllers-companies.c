/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "controllers/procedures/create-account/vnt-create-account-controller.h"
#include "controllers/procedures/remove-company/vnt-remove-company-controller.h"
#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-procedures.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* "Eliminar empresa representada" driven through its controller against a
 * ventanilla-sandbox on 127.0.0.1 (a fresh database per test) that trusts
 * the practice CA. ANA has an account and represents two of SAT's test
 * companies; MARTA has an account and represents none. */

#define IIA_RFC "IIA040805DZ4"
#define EKU_RFC "EKU9003173C9"

static VntServiceIdentity *identity;

typedef struct {
  char             *dir;
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  VntSandbox       *sandbox;
  char             *url;
  GMutex            lock;
  GCond             ready;
  gboolean          started;
  VntTramiteStore  *store;
  VntServiceClient *client;
} Fixture;

static void
add_account (VntSandboxDb *db,
             const char   *rfc)
{
  VntPracticeEfirma *efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, rfc);
  VntSandboxAccount account = {
    .curp = efirma->curp, .rfc = efirma->rfc, .name = efirma->name,
    .certificate_number = efirma->certificate_number,
    .created_at = 1600000000, .updated_at = 1600000000,
  };
  g_autoptr(GError) error = NULL;

  vnt_sandbox_db_add_account (db, &account, &error);
  g_assert_no_error (error);
}

static gpointer
server_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *db_path = g_build_filename (fixture->dir, "sandbox.db", NULL);
  const char * const companies[][2] = {
    { EKU_RFC, "ESCUELA KEMPER URGATE SA DE CV" },
    { IIA_RFC, "INDISTRIA ILUMINADORA DE ALMACENES SA DE CV" },
  };
  VntSandboxDb *db;

  g_main_context_push_thread_default (fixture->context);

  db = vnt_sandbox_db_open (db_path, &error);
  g_assert_no_error (error);
  add_account (db, VNT_TEST_ANA_RFC);
  add_account (db, VNT_TEST_MARTA_RFC);
  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      vnt_sandbox_db_execute (db, NULL, &error,
                              "INSERT INTO representations (company_rfc, representative_curp, razon_social, "
                              "tipo_poder, folio, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                              "sssssi", companies[i][0], VNT_TEST_ANA_CURP, companies[i][1], "dominio",
                              "EV-2025-000100", (gint64) 1700000000);
      g_assert_no_error (error);
    }

  fixture->sandbox = vnt_sandbox_new (db, identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture->sandbox, vnt_test_practice_ca ());
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  vnt_sandbox_listen (fixture->sandbox, address, FALSE, &error);
  g_assert_no_error (error);
  fixture->url = vnt_sandbox_get_url (fixture->sandbox);

  g_mutex_lock (&fixture->lock);
  fixture->started = TRUE;
  g_cond_signal (&fixture->ready);
  g_mutex_unlock (&fixture->lock);

  g_main_loop_run (fixture->loop);

  g_clear_object (&fixture->sandbox);
  g_main_context_pop_thread_default (fixture->context);
  return NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-companies-XXXXXX", &error);
  g_assert_no_error (error);
  g_mutex_init (&fixture->lock);
  g_cond_init (&fixture->ready);
  fixture->context = g_main_context_new ();
  fixture->loop = g_main_loop_new (fixture->context, FALSE);
  fixture->thread = g_thread_new ("sandbox", server_thread, fixture);

  g_mutex_lock (&fixture->lock);
  while (!fixture->started)
    g_cond_wait (&fixture->ready, &fixture->lock);
  g_mutex_unlock (&fixture->lock);

  data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->store = vnt_tramite_store_new (data_dir);
  fixture->client = vnt_service_client_new (fixture->url, &error);
  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (fixture->client, vnt_service_identity_get_fingerprint (identity));
  vnt_service_client_set_timeout (fixture->client, 10);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_source_set_callback (source, quit_cb, fixture->loop, NULL);
  g_source_attach (source, fixture->context);
  g_thread_join (fixture->thread);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_clear_pointer (&fixture->context, g_main_context_unref);
  g_clear_pointer (&fixture->url, g_free);
  g_mutex_clear (&fixture->lock);
  g_cond_clear (&fixture->ready);
  vnt_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ---- helpers ---- */

static VntProcedure *
trusting (VntProcedure *procedure)
{
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();

  vnt_procedure_set_trust_store (procedure, trust);
  vnt_procedure_set_practice (procedure, TRUE);
  return procedure;
}

/* Drops the controller as a crash would, once its saves are on disk. */
static void
drop (VntRemoveCompanyController **controller)
{
  gpointer weak = *controller;

  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (controller);
  while (g_atomic_pointer_get (&weak) != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static VntRemoveCompanyController *
validated (Fixture    *fixture,
           const char *rfc)
{
  VntPracticeEfirma *efirma = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, rfc);
  VntRemoveCompanyController *self = vnt_remove_company_controller_new (fixture->client, fixture->store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  trusting (VNT_PROCEDURE (self));
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (self), efirma->curp, &error));
  g_assert_no_error (error);
  vnt_efirma_step_validate_async (EFIRMA (self), efirma->rfc, efirma->cer_path, efirma->key_path,
                                  efirma->password, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_efirma_step_validate_finish (EFIRMA (self), vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);

  return self;
}

static GPtrArray *
list (VntRemoveCompanyController  *self,
      GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_remove_company_controller_list_async (self, NULL, vnt_test_store_result_cb, &result);
  return vnt_remove_company_controller_list_finish (self, vnt_test_wait_for (&result), error);
}

static VntAcuseInfo *
remove_selected (VntRemoveCompanyController  *self,
                 GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_remove_company_controller_remove_async (self, NULL, vnt_test_store_result_cb, &result);
  return vnt_remove_company_controller_remove_finish (self, vnt_test_wait_for (&result), error);
}

static guint
represented_now (Fixture    *fixture,
                 const char *curp)
{
  g_autoptr(GPtrArray) rows = vnt_sandbox_db_query (vnt_sandbox_get_db (fixture->sandbox),
                                                    "SELECT company_rfc FROM representations "
                                                    "WHERE representative_curp = ? AND removed_at IS NULL",
                                                    "s", curp);

  return rows->len;
}

/* ---- tests ---- */

static void
test_happy (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VntRemoveCompanyController) self = validated (fixture, VNT_TEST_ANA_RFC);
  const char * const none[] = { NULL };
  const char * const stranger[] = { "AAA010101AAA", NULL };
  const char * const chosen[] = { IIA_RFC, NULL };
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *acuse_data;

  g_assert_cmpstr (vnt_procedure_get_procedure_id (VNT_PROCEDURE (self)), ==, "representative.remove");

  /* Nothing to select before the service was asked. */
  g_assert_false (vnt_remove_company_controller_set_selection (self, chosen, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED);
  g_clear_error (&error);

  companies = list (self, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (companies->len, ==, 2);
  g_assert_cmpstr (vnt_represented_company_get_rfc (g_ptr_array_index (companies, 1)), ==, IIA_RFC);
  g_assert_cmpstr (vnt_represented_company_get_tipo_persona (g_ptr_array_index (companies, 1)), ==, "moral");

  g_assert_false (vnt_remove_company_controller_set_selection (self, none, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED);
  g_clear_error (&error);
  g_assert_false (vnt_remove_company_controller_set_selection (self, stranger, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (vnt_remove_company_controller_set_selection (self, chosen, &error));
  g_assert_no_error (error);
  acuse = remove_selected (self, &error);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_true (vnt_procedure_get_done (VNT_PROCEDURE (self)));
  g_assert_cmpstr (vnt_acuse_info_get_procedure (acuse), ==, "representative.remove");
  g_assert_cmpstr (vnt_acuse_info_get_message (acuse), ==, "Su solicitud ha finalizado correctamente.");
  acuse_data = json_object_get_object_member (vnt_acuse_info_get_payload (acuse), "data");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (acuse_data, "company_rfcs"), 0),
                   ==, IIA_RFC);
  g_assert_true (g_file_test (vnt_acuse_info_get_pdf_path (acuse), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (represented_now (fixture, VNT_TEST_ANA_CURP), ==, 1);
  /* Done: the e.firma is no longer held, and nothing changes any more. */
  g_assert_null (vnt_efirma_step_get_credential (EFIRMA (self)));
  g_assert_false (vnt_remove_company_controller_set_selection (self, chosen, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
}

static void
test_none (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(VntRemoveCompanyController) self = validated (fixture, VNT_TEST_MARTA_RFC);
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;

  companies = list (self, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (companies->len, ==, 0);

  /* Without a selection nothing is sent. */
  acuse = remove_selected (self, &error);
  g_assert_null (acuse);
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NOTHING_SELECTED);
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture->sandbox), VNT_TEST_MARTA_CURP),
                    ==, 0);
}

/* A crash after the service started the trámite: resumed, the password is
 * asked again and the same trámite is only finalized. */
static void
test_resume_after_start (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VntRemoveCompanyController) self = validated (fixture, VNT_TEST_ANA_RFC);
  const char * const chosen[] = { EKU_RFC, IIA_RFC, NULL };
  VntPracticeEfirma *ana = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC);
  g_autoptr(VntServiceTramite) tramite = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonArray) rfcs = json_array_new ();
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *folio = NULL;
  VntProcedure *resumed;

  companies = list (self, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_remove_company_controller_set_selection (self, chosen, &error));

  /* The start alone, as "Finalizar Trámite" sends it first. */
  json_array_add_string_element (rfcs, EKU_RFC);
  json_array_add_string_element (rfcs, IIA_RFC);
  json_object_set_array_member (request, "company_rfcs", json_array_ref (rfcs));
  vnt_tramite_flow_start_async (FLOW (self), request, NULL, vnt_test_store_result_cb, &result);
  tramite = vnt_tramite_flow_start_finish (FLOW (self), vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  folio = g_strdup (vnt_service_tramite_get_folio (tramite));
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (self)), ==, VNT_TRAMITE_STEP_REVIEW);
  vnt_procedure_save (VNT_PROCEDURE (self));
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (self))));
  drop (&self);

  record = vnt_tramite_store_load (fixture->store, id, &error);
  g_assert_no_error (error);
  resumed = trusting (vnt_procedure_resume (VNT_TYPE_REMOVE_COMPANY_CONTROLLER, fixture->client,
                                            fixture->store, record, &error));
  g_assert_no_error (error);
  self = VNT_REMOVE_COMPANY_CONTROLLER (resumed);
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_TRAMITE_STEP_REVIEW);
  g_assert_cmpuint (vnt_remove_company_controller_get_companies (self)->len, ==, 2);
  g_assert_cmpstrv (vnt_remove_company_controller_get_selection (self), chosen);
  g_assert_true (vnt_efirma_step_get_needs_credential (EFIRMA (resumed)));

  /* Locked: the e.firma first. */
  acuse = remove_selected (self, &error);
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL);
  g_clear_error (&error);
  g_clear_object (&result);
  vnt_efirma_step_unlock_async (EFIRMA (resumed), ana->password, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_efirma_step_unlock_finish (EFIRMA (resumed), vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);

  acuse = remove_selected (self, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (acuse), ==, folio);
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture->sandbox), VNT_TEST_ANA_CURP),
                    ==, 1);
  g_assert_cmpuint (represented_now (fixture, VNT_TEST_ANA_CURP), ==, 0);
}

/* A trámite saved by the version before procedures were composed (its
 * record written here as that version wrote it: the applicant's fields by
 * their first names, a service answer without "requirements") resumes at
 * its step, asks for the password, and loads the carta it always took. */
static void
test_previous_record (Fixture       *fixture,
                      gconstpointer  data)
{
  VntPracticeEfirma *carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);
  g_autoptr(VntCertificate) certificate = vnt_certificate_new_from_file (carlos->cer_path, NULL);
  g_autofree char *der = g_base64_encode (g_bytes_get_data (vnt_certificate_get_der (certificate), NULL),
                                          g_bytes_get_size (vnt_certificate_get_der (certificate)));
  g_autofree char *folder = g_build_filename (fixture->dir, "data", "tramites", NULL);
  g_autofree char *path = g_build_filename (folder, "previous-version-record.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(VntProcedure) procedure = NULL;
  g_autoptr(VntCarta) carta = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  text = g_strdup_printf ("{\"format\": 1, \"id\": \"previous-version-record\", \"procedure\": \"account.create\","
                          " \"step\": \"review\", \"folio\": \"EV-2026-000009\", \"finalized\": false,"
                          " \"created_at\": \"2026-11-22T06:15:04.000000Z\", \"updated_at\": \"2026-11-22T06:16:04.000000Z\","
                          " \"values\": {\"curp\": \"%s\", \"rfc\": \"%s\", \"certificate_path\": \"%s\","
                          " \"key_path\": \"%s\", \"certificate_number\": \"%s\", \"name\": \"%s\","
                          " \"email\": \"carlos@example.mx\"},"
                          " \"bytes\": {\"certificate\": \"%s\"},"
                          " \"objects\": {\"tramite\": {\"folio\": \"EV-2026-000009\", \"procedure\": \"account.create\","
                          " \"status\": \"draft\", \"revision\": 1, \"review\": {\"name\": \"%s\", \"curp\": \"%s\"}}},"
                          " \"idempotency_keys\": {}}",
                          carlos->curp, carlos->rfc, carlos->cer_path, carlos->key_path,
                          carlos->certificate_number, carlos->name, der, carlos->name, carlos->curp);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, &error));

  record = vnt_tramite_store_load (fixture->store, "previous-version-record", &error);
  g_assert_no_error (error);
  procedure = trusting (vnt_procedure_resume (VNT_TYPE_CREATE_ACCOUNT_CONTROLLER, fixture->client,
                                              fixture->store, record, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_REVIEW);
  g_assert_cmpstr (vnt_efirma_step_get_curp (EFIRMA (procedure)), ==, carlos->curp);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_efirma_step_get_certificate (EFIRMA (procedure))), ==,
                   carlos->certificate_number);
  g_assert_cmpstr (vnt_has_contact_get_email (VNT_HAS_CONTACT (procedure)), ==, "carlos@example.mx");
  g_assert_cmpstr (vnt_service_tramite_get_holder_name (vnt_tramite_flow_get_tramite (FLOW (procedure))), ==,
                   carlos->name);
  g_assert_true (vnt_efirma_step_get_needs_credential (EFIRMA (procedure)));

  vnt_efirma_step_unlock_async (EFIRMA (procedure), carlos->password, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_efirma_step_unlock_finish (EFIRMA (procedure), vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_false (vnt_efirma_step_get_needs_credential (EFIRMA (procedure)));

  /* The carta of the Escritorio Virtual, as that version always took. */
  g_assert_true (vnt_tramite_flow_get_has_terms (FLOW (procedure)));
  g_clear_object (&result);
  vnt_tramite_flow_fetch_terms_async (FLOW (procedure), NULL, vnt_test_store_result_cb, &result);
  carta = vnt_tramite_flow_fetch_terms_finish (FLOW (procedure), vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_carta_get_id (carta), ==, "ctc-ev");
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_TERMS);
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
  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/controllers/remove-company/happy", test_happy);
  ADD ("/controllers/remove-company/none", test_none);
  ADD ("/controllers/remove-company/resume-after-start", test_resume_after_start);
  ADD ("/controllers/records/previous-version", test_previous_record);
#undef ADD

  ret = g_test_run ();
  g_clear_object (&identity);
  return ret;
}
