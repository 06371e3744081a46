/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "controllers/procedures/company-register/vnt-company-register-controller.h"
#include "crypto/vnt-crypto.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-practice.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* "Registrar empresa representada" driven through its controller against a
 * ventanilla-sandbox on 127.0.0.1 (a fresh database per test) with the
 * practice e.firmas of tests/vnt-test-practice.h: MARTA has an account and
 * represents PRACTICAS DEL NORTE in its e.firma; ANA has an account but
 * represents no company; CARLOS has no account. The company's CSD and a
 * typed RFC that is not the company's make the other refusals. */

#define PASSWORD (marta->password)
#define COMPANY_NAME "PRACTICAS DEL NORTE SA DE CV"

static VntPracticeEfirma *marta;   /* account with this e.firma; represents the company */
static VntPracticeEfirma *ana;     /* account, no company */
static VntPracticeEfirma *carlos;  /* no account */
static VntPracticeEfirma *moral;   /* the company's e.firma */
static VntPracticeEfirma *csd;     /* the company's CSD */

static VntServiceIdentity *identity;

typedef struct {
  char             *dir;
  char             *data_dir;
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

static gpointer
server_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *db_path = g_build_filename (fixture->dir, "sandbox", "sandbox.db", NULL);
  VntSandboxDb *db;
  VntSandboxAccount with_company = {
    .curp = marta->curp, .rfc = marta->rfc, .name = marta->name,
    .certificate_number = marta->certificate_number, .email = (char *) "marta@example.mx",
    .created_at = 1600000000, .updated_at = 1600000000,
  };
  VntSandboxAccount without_company = {
    .curp = ana->curp, .rfc = ana->rfc, .name = ana->name,
    .certificate_number = ana->certificate_number, .email = NULL,
    .created_at = 1600000000, .updated_at = 1600000000,
  };

  g_main_context_push_thread_default (fixture->context);

  db = vnt_sandbox_db_open (db_path, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &with_company, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &without_company, &error);
  g_assert_no_error (error);

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

static VntServiceClient *
new_client (const char *url)
{
  g_autoptr(GError) error = NULL;
  VntServiceClient *client = vnt_service_client_new (url, &error);

  g_assert_no_error (error);
  vnt_service_client_set_acuse_certificate (client, vnt_service_identity_get_fingerprint (identity));
  vnt_service_client_set_timeout (client, 10);
  vnt_service_client_set_retries (client, 0);
  return client;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-company-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_mutex_init (&fixture->lock);
  g_cond_init (&fixture->ready);
  fixture->context = g_main_context_new ();
  fixture->loop = g_main_loop_new (fixture->context, FALSE);
  fixture->thread = g_thread_new ("sandbox", server_thread, fixture);

  g_mutex_lock (&fixture->lock);
  while (!fixture->started)
    g_cond_wait (&fixture->ready, &fixture->lock);
  g_mutex_unlock (&fixture->lock);

  fixture->store = vnt_tramite_store_new (fixture->data_dir);
  fixture->client = new_client (fixture->url);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Stops the service (the server thread ends); the URL stays dead. */
static void
stop_server (Fixture *fixture)
{
  g_autoptr(GSource) source = NULL;

  if (fixture->thread == NULL)
    return;
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, fixture->loop, NULL);
  g_source_attach (source, fixture->context);
  g_thread_join (fixture->thread);
  fixture->thread = NULL;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  stop_server (fixture);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_clear_pointer (&fixture->context, g_main_context_unref);
  g_clear_pointer (&fixture->url, g_free);
  g_mutex_clear (&fixture->lock);
  g_cond_clear (&fixture->ready);
  vnt_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* ---- helpers ---- */

/* Drops the controller as a crash would, and waits until every save it
 * had under way is on disk. */
static void
drop (gpointer procedure_ptr)
{
  VntProcedure **procedure = procedure_ptr;
  gpointer weak = *procedure;

  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (procedure);
  while (g_atomic_pointer_get (&weak) != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
validate (VntEfirmaStep  *step,
          const char     *rfc,
          const char     *cer,
          const char     *key,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_efirma_step_validate_async (step, rfc, cer, key, PASSWORD, NULL, vnt_test_store_result_cb, &result);
  return vnt_efirma_step_validate_finish (step, vnt_test_wait_for (&result), error);
}

static gboolean
unlock (VntEfirmaStep  *step,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_efirma_step_unlock_async (step, PASSWORD, NULL, vnt_test_store_result_cb, &result);
  return vnt_efirma_step_unlock_finish (step, vnt_test_wait_for (&result), error);
}

static VntEfirmaOutcome
proceed (VntCompanyRegisterController  *controller,
         GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_has_efirma_proceed_async (VNT_HAS_EFIRMA (controller), NULL, vnt_test_store_result_cb, &result);
  return vnt_has_efirma_proceed_finish (VNT_HAS_EFIRMA (controller), vnt_test_wait_for (&result), error);
}

static gboolean
register_company (VntCompanyRegisterController  *controller,
                  GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_company_register_controller_register_async (controller, NULL, vnt_test_store_result_cb, &result);
  return vnt_company_register_controller_register_finish (controller, vnt_test_wait_for (&result), error);
}

static VntPdfAttachment *
check_pdf (const char  *fixture,
           const char  *expected_sha256,
           GError     **error)
{
  g_autofree char *path = vnt_test_fixture_path (fixture);
  g_autoptr(GAsyncResult) result = NULL;

  vnt_pdf_attachment_check_async (path, expected_sha256, 0, NULL, vnt_test_store_result_cb, &result);
  return vnt_pdf_attachment_check_finish (vnt_test_wait_for (&result), error);
}

static gboolean
upload (VntCompanyRegisterController  *controller,
        GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_company_register_controller_upload_async (controller, NULL, vnt_test_store_result_cb, &result);
  return vnt_company_register_controller_upload_finish (controller, vnt_test_wait_for (&result), NULL, error);
}

static VntCarta *
fetch_terms (VntCompanyRegisterController  *controller,
             GError                       **error)
{
  VntTramiteFlow *flow = vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller));
  g_autoptr(GAsyncResult) result = NULL;

  vnt_tramite_flow_fetch_terms_async (flow, NULL, vnt_test_store_result_cb, &result);
  return vnt_tramite_flow_fetch_terms_finish (flow, vnt_test_wait_for (&result), error);
}

static gboolean
company_sign (VntCompanyRegisterController  *controller,
              GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_company_register_controller_company_sign_async (controller, NULL, vnt_test_store_result_cb, &result);
  return vnt_company_register_controller_company_sign_finish (controller, vnt_test_wait_for (&result), error);
}

static VntAcuseInfo *
finalize (VntCompanyRegisterController  *controller,
          GError                       **error)
{
  VntTramiteFlow *flow = vnt_has_tramite_get_tramite_flow (VNT_HAS_TRAMITE (controller));
  g_autoptr(GAsyncResult) result = NULL;

  vnt_tramite_flow_finalize_async (flow, NULL, vnt_test_store_result_cb, &result);
  return vnt_tramite_flow_finalize_finish (flow, vnt_test_wait_for (&result), error);
}

static VntCompanyRegisterController *
new_controller (Fixture *fixture)
{
  VntCompanyRegisterController *controller = vnt_company_register_controller_new (fixture->client, fixture->store);
  g_autoptr(VntTrustStore) trust = vnt_test_practice_trust_store ();

  /* The local checks trust the practice CA, as the app's practice mode does. */
  vnt_procedure_set_practice (VNT_PROCEDURE (controller), TRUE);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (controller), trust);
  return controller;
}

/* Up to the company's e.firma, as the representative @curp. */
static VntCompanyRegisterController *
identified (Fixture           *fixture,
            VntPracticeEfirma *person)
{
  const char *curp = person->curp;
  const char *rfc = person->rfc;
  const char *cer = person->cer_path;
  const char *key = person->key_path;
  VntCompanyRegisterController *controller = new_controller (fixture);
  VntEfirmaStep *step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (controller));
  g_autoptr(GError) error = NULL;

  g_assert_true (vnt_efirma_step_set_curp (step, curp, &error));
  g_assert_no_error (error);
  g_assert_true (validate (step, rfc, cer, key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (proceed (controller, &error), ==, VNT_EFIRMA_OUTCOME_GO_ON);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_COMPANY_STEP_EFIRMA);

  return controller;
}

static gboolean
have_testdata (void)
{
  g_autofree char *pdf = vnt_test_fixture_path ("pdf.json");

  if (!g_file_test (pdf, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the PDF fixtures are missing (qpdf not installed?)");
      return FALSE;
    }
  return TRUE;
}

/* ---- tests ---- */

static void
test_tipo_sociedad (void)
{
  g_assert_cmpstr (vnt_company_tipo_sociedad_from_name (COMPANY_NAME), ==, "SA DE CV");
  g_assert_cmpstr (vnt_company_tipo_sociedad_from_name ("HERRERIA & ELECTRICOS S DE CV"), ==, "S DE CV");
  g_assert_cmpstr (vnt_company_tipo_sociedad_from_name ("ACCEM SERVICIOS EMPRESARIALES SC"), ==, "SC");
  g_assert_cmpstr (vnt_company_tipo_sociedad_from_name ("Talleres Unidos, S. de R.L. de C.V."), ==, "S DE RL DE CV");
  g_assert_cmpstr (vnt_company_tipo_sociedad_from_name ("FONDA LA ESQUINA SAPI DE CV "), ==, "SAPI DE CV");
  g_assert_null (vnt_company_tipo_sociedad_from_name ("SA DE CV"));
  g_assert_null (vnt_company_tipo_sociedad_from_name ("CASA"));
  g_assert_null (vnt_company_tipo_sociedad_from_name (NULL));
}

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VntCompanyRegisterController) controller = NULL;
  g_autoptr(VntCompanyRegisterController) again = NULL;
  g_autoptr(VntPdfAttachment) portada = NULL;
  g_autoptr(VntPdfAttachment) ultima = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *acuse_data;
  JsonArray *attachments;
  VntEfirmaStep *company;

  if (!have_testdata ())
    return;

  controller = identified (fixture, marta);
  company = vnt_company_register_controller_get_company_step (controller);
  g_assert_null (vnt_company_register_controller_get_razon_social (controller));
  g_assert_true (validate (company, moral->rfc, moral->cer_path, moral->key_path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_COMPANY_STEP_VALIDATED);
  g_assert_cmpstr (vnt_company_register_controller_get_company_rfc (controller), ==, moral->rfc);
  g_assert_cmpstr (vnt_company_register_controller_get_razon_social (controller), ==, COMPANY_NAME);
  g_assert_cmpstr (vnt_company_register_controller_get_tipo_sociedad (controller), ==, "SA DE CV");

  g_assert_cmpint (vnt_company_register_controller_get_tipo_poder (controller), ==, VNT_TIPO_PODER_DOMINIO);
  vnt_company_register_controller_set_tipo_poder (controller, VNT_TIPO_PODER_ESPECIAL_IMSS);
  g_assert_true (register_company (controller, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_TRAMITE_STEP_REVIEW);
  /* Sent: fixed now. */
  vnt_company_register_controller_set_tipo_poder (controller, VNT_TIPO_PODER_ADMINISTRACION);
  g_assert_cmpint (vnt_company_register_controller_get_tipo_poder (controller), ==, VNT_TIPO_PODER_ESPECIAL_IMSS);

  /* No files yet: the cover is asked for first. */
  g_assert_false (upload (controller, &error));
  g_assert_error (error, VNT_ATTACHMENT_ERROR, VNT_ATTACHMENT_ERROR_MISSING);
  g_clear_error (&error);

  portada = check_pdf ("pdf/poder-portada.pdf", NULL, &error);
  g_assert_no_error (error);
  ultima = check_pdf ("pdf/poder-ultima-hoja.pdf", NULL, &error);
  g_assert_no_error (error);
  vnt_company_register_controller_set_attachment (controller, VNT_PODER_PORTADA, portada);
  vnt_company_register_controller_set_attachment (controller, VNT_PODER_ULTIMA_HOJA, ultima);
  g_assert_cmpstr (vnt_company_register_controller_get_attachment_sha256 (controller, VNT_PODER_PORTADA), ==,
                   vnt_pdf_attachment_get_sha256 (portada));
  g_assert_false (vnt_company_register_controller_get_attachment_uploaded (controller, VNT_PODER_PORTADA));
  g_assert_true (upload (controller, &error));
  g_assert_no_error (error);
  g_assert_true (vnt_company_register_controller_get_attachment_uploaded (controller, VNT_PODER_PORTADA));
  g_assert_true (vnt_company_register_controller_get_attachment_uploaded (controller, VNT_PODER_ULTIMA_HOJA));
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_COMPANY_STEP_ATTACHED);

  /* The carta, then the company signs, then the representative. */
  g_assert_false (company_sign (controller, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
  g_clear_error (&error);
  terms = fetch_terms (controller, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_carta_get_id (terms), ==, "ctc-ev");

  /* Not before the company signed. */
  acuse = finalize (controller, &error);
  g_assert_null (acuse);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_SIGNATURE_MISSING);
  g_clear_error (&error);

  g_assert_false (vnt_company_register_controller_get_company_signed (controller));
  g_assert_true (company_sign (controller, &error));
  g_assert_no_error (error);
  g_assert_true (vnt_company_register_controller_get_company_signed (controller));

  acuse = finalize (controller, &error);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_cmpstr (vnt_acuse_info_get_procedure (acuse), ==, "company.register");
  g_assert_cmpstr (vnt_acuse_info_get_message (acuse), ==, "La solicitud fue concluida exitosamente.");
  g_assert_nonnull (vnt_acuse_info_get_pdf_path (acuse));
  g_assert_true (g_file_test (vnt_acuse_info_get_pdf_path (acuse), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (vnt_acuse_info_get_json_path (acuse), G_FILE_TEST_IS_REGULAR));
  acuse_data = json_object_get_object_member (vnt_acuse_info_get_payload (acuse), "data");
  g_assert_cmpstr (json_object_get_string_member (acuse_data, "company_rfc"), ==, moral->rfc);
  g_assert_cmpstr (json_object_get_string_member (acuse_data, "razon_social"), ==, COMPANY_NAME);
  g_assert_cmpstr (json_object_get_string_member (acuse_data, "tipo_poder"), ==, "especial-imss");
  g_assert_cmpstr (json_object_get_string_member (acuse_data, "representative_curp"), ==, marta->curp);
  attachments = json_object_get_array_member (acuse_data, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (attachments, i);
      VntPdfAttachment *local = g_str_equal (json_object_get_string_member (item, "kind"), "poder-portada")
                                ? portada : ultima;

      g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, vnt_pdf_attachment_get_sha256 (local));
      g_assert_cmpint (json_object_get_int_member (item, "size"), ==, vnt_pdf_attachment_get_size (local));
    }
  g_assert_true (vnt_procedure_get_done (VNT_PROCEDURE (controller)));

  /* The record keeps no key and no password. */
  {
    g_autofree char *path = g_build_filename (fixture->data_dir, "tramites",
                                              vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (controller))),
                                              NULL);
    g_autofree char *json_path = g_strconcat (path, ".json", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (json_path, &text, NULL, NULL));
    g_assert_null (strstr (text, PASSWORD));
    g_assert_null (strstr (text, "PRIVATE KEY"));
    g_assert_nonnull (strstr (text, vnt_pdf_attachment_get_sha256 (portada)));
  }

  /* Registered: the same company again is refused. */
  again = identified (fixture, marta);
  g_assert_true (validate (vnt_company_register_controller_get_company_step (again), moral->rfc, moral->cer_path, moral->key_path, &error));
  g_assert_no_error (error);
  g_assert_false (register_company (again, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ALREADY_REGISTERED);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (again)), ==, VNT_COMPANY_STEP_VALIDATED);
}

/* Every company e.firma the representative cannot use, each said plainly. */
static void
test_company_efirma_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(VntCompanyRegisterController) controller = NULL;
  g_autoptr(GError) error = NULL;
  VntEfirmaStep *company;

  if (!have_testdata ())
    return;

  vnt_test_use_spanish ();

  /* A company whose representative in the certificate is someone else:
   * ANA has an account, but the company's e.firma names MARTA. */
  controller = identified (fixture, ana);
  company = vnt_company_register_controller_get_company_step (controller);
  g_assert_false (validate (company, moral->rfc, moral->cer_path, moral->key_path, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_REPRESENTATIVE_MISMATCH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, marta->curp));
  g_assert_nonnull (strstr (error->message, ana->curp));
  g_clear_error (&error);
  g_clear_object (&controller);

  controller = identified (fixture, marta);
  company = vnt_company_register_controller_get_company_step (controller);

  /* A person's e.firma where the company's goes. */
  g_assert_false (validate (company, marta->rfc, marta->cer_path, marta->key_path, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_FISICA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The company's RFC typed is not the certificate's. */
  g_assert_false (validate (company, "EKU9003173C9", moral->cer_path, moral->key_path, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "EKU9003173C9"));
  g_assert_nonnull (strstr (error->message, moral->rfc));
  g_clear_error (&error);

  /* The company's CSD. */
  g_assert_false (validate (company, csd->rfc, csd->cer_path, csd->key_path, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Nothing of them was kept; the right one still goes through. */
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_COMPANY_STEP_EFIRMA);
  g_assert_null (vnt_company_register_controller_get_company_rfc (controller));
  g_assert_true (validate (company, moral->rfc, moral->cer_path, moral->key_path, &error));
  g_assert_no_error (error);
}

/* A representative without an account is told before the company signs. */
static void
test_no_account (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VntCompanyRegisterController) controller = NULL;
  g_autoptr(GError) error = NULL;
  VntEfirmaStep *step;

  if (!have_testdata ())
    return;

  controller = new_controller (fixture);
  step = vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (controller));
  g_assert_true (vnt_efirma_step_set_curp (step, carlos->curp, &error));
  g_assert_true (validate (step, carlos->rfc, carlos->cer_path, carlos->key_path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (proceed (controller, &error), ==, VNT_EFIRMA_OUTCOME_NO_ACCOUNT);
  g_assert_no_error (error);
  g_assert_nonnull (vnt_has_efirma_get_outcome_message (VNT_HAS_EFIRMA (controller)));
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_EFIRMA_STEP_VALIDATED);
}

/* Killed after the files went up: the record brings back the trámite, the
 * files are checked again by their digest, both e.firmas are opened again
 * with their passwords, and the procedure ends with its acuse. */
static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VntCompanyRegisterController) controller = NULL;
  g_autoptr(VntProcedure) resumed = NULL;
  g_autoptr(VntPdfAttachment) portada = NULL;
  g_autoptr(VntPdfAttachment) ultima = NULL;
  g_autoptr(VntPdfAttachment) checked = NULL;
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  VntCompanyRegisterController *again;

  if (!have_testdata ())
    return;

  controller = identified (fixture, marta);
  g_assert_true (validate (vnt_company_register_controller_get_company_step (controller), moral->rfc, moral->cer_path, moral->key_path, &error));
  vnt_company_register_controller_set_tipo_poder (controller, VNT_TIPO_PODER_ADMINISTRACION);
  g_assert_true (register_company (controller, &error));
  g_assert_no_error (error);
  portada = check_pdf ("pdf/poder-portada.pdf", NULL, &error);
  ultima = check_pdf ("pdf/exactly-1024kb.pdf", NULL, &error);
  vnt_company_register_controller_set_attachment (controller, VNT_PODER_PORTADA, portada);
  vnt_company_register_controller_set_attachment (controller, VNT_PODER_ULTIMA_HOJA, ultima);
  g_assert_true (upload (controller, &error));
  g_assert_no_error (error);
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (controller))));
  drop (&controller);

  record = vnt_tramite_store_load (fixture->store, id, &error);
  g_assert_no_error (error);
  resumed = vnt_procedure_resume (VNT_TYPE_COMPANY_REGISTER_CONTROLLER, fixture->client, fixture->store, record, &error);
  g_assert_no_error (error);
  again = VNT_COMPANY_REGISTER_CONTROLLER (resumed);
  vnt_procedure_set_practice (resumed, TRUE);
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_COMPANY_STEP_ATTACHED);
  g_assert_cmpint (vnt_company_register_controller_get_tipo_poder (again), ==, VNT_TIPO_PODER_ADMINISTRACION);
  g_assert_cmpstr (vnt_company_register_controller_get_razon_social (again), ==, COMPANY_NAME);
  g_assert_true (vnt_company_register_controller_get_attachment_uploaded (again, VNT_PODER_ULTIMA_HOJA));

  /* The files by path and digest: still the same. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    vnt_pdf_attachment_check_async (vnt_company_register_controller_get_attachment_path (again, VNT_PODER_PORTADA),
                                    vnt_company_register_controller_get_attachment_sha256 (again, VNT_PODER_PORTADA),
                                    0, NULL, vnt_test_store_result_cb, &result);
    checked = vnt_pdf_attachment_check_finish (vnt_test_wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vnt_pdf_attachment_get_sha256 (checked), ==, vnt_pdf_attachment_get_sha256 (portada));
  }

  /* Both e.firmas are closed until their passwords are typed again. */
  g_assert_true (vnt_efirma_step_get_needs_credential (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (again))));
  g_assert_true (vnt_efirma_step_get_needs_credential (vnt_company_register_controller_get_company_step (again)));
  terms = fetch_terms (again, &error);
  g_assert_no_error (error);
  g_assert_false (company_sign (again, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL);
  g_clear_error (&error);
  g_assert_true (unlock (vnt_has_efirma_get_efirma_step (VNT_HAS_EFIRMA (again)), &error));
  g_assert_no_error (error);
  g_assert_true (unlock (vnt_company_register_controller_get_company_step (again), &error));
  g_assert_no_error (error);

  g_assert_true (company_sign (again, &error));
  g_assert_no_error (error);
  acuse = finalize (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vnt_acuse_info_get_payload (acuse), "data"),
                                                  "tipo_poder"), ==, "administracion");
}

/* The service down: said plainly, and nothing is lost. */
static void
test_service_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntCompanyRegisterController) controller = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_testdata ())
    return;

  controller = identified (fixture, marta);
  g_assert_true (validate (vnt_company_register_controller_get_company_step (controller), moral->rfc, moral->cer_path, moral->key_path, &error));
  stop_server (fixture);

  g_assert_false (register_company (controller, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (controller)), ==, VNT_COMPANY_STEP_VALIDATED);
  g_assert_false (vnt_procedure_get_busy (VNT_PROCEDURE (controller)));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);
  marta = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_MARTA_RFC);
  ana = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_ANA_RFC);
  carlos = vnt_test_practice_efirma (VNT_PRACTICE_KIND_FISICA, VNT_TEST_CARLOS_RFC);
  moral = vnt_test_practice_efirma (VNT_PRACTICE_KIND_MORAL, VNT_TEST_COMPANY_RFC);
  csd = vnt_test_practice_efirma (VNT_PRACTICE_KIND_CSD, VNT_TEST_COMPANY_RFC);
  g_assert_nonnull (marta);
  g_assert_nonnull (moral);
  g_assert_nonnull (csd);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/company-register/tipo-sociedad", test_tipo_sociedad);
  ADD ("/company-register/register", test_register);
  ADD ("/company-register/company-efirma-refused", test_company_efirma_refused);
  ADD ("/company-register/no-account", test_no_account);
  ADD ("/company-register/resume", test_resume);
  ADD ("/company-register/service-down", test_service_down);
#undef ADD

  status = g_test_run ();
  g_clear_object (&identity);
  return status;
}
