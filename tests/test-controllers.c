/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/vnt-date.h"
#include "controllers/procedures/create-account/vnt-create-account-controller.h"
#include "controllers/procedures/update-efirma/vnt-update-efirma-controller.h"
#include "controllers/vnt-acuse-pdf.h"
#include "controllers/vnt-practice.h"
#include "core/vnt-curp.h"
#include "core/vnt-id.h"
#include "core/vnt-rfc.h"
#include "core/vnt-safe-file.h"
#include "crypto/vnt-crypto.h"
#include "crypto/vnt-key-info.h"
#include "sandbox/vnt-sandbox.h"
#include "vnt-test-utils.h"
#include "vnt-test-procedures.h"
#include "vnt-test-sandbox.h"

/* Both procedure controllers driven end to end against a ventanilla-sandbox
 * on 127.0.0.1 (a fresh database per test), with practice e.firmas made by
 * a practice CA in a temporary folder (the sandbox trusts that CA): ANA's
 * account was registered with an earlier e.firma, MARTA's with the one she
 * has, CARLOS has none. SAT's own test e.firmas, expired, for the refusals. */

static VntPracticeEfirma *ana;     /* account with an earlier e.firma */
static VntPracticeEfirma *marta;   /* account with this e.firma */
static VntPracticeEfirma *carlos;  /* no account */
static VntPracticeEfirma *csd;     /* a company's CSD */
static VntPracticeEfirma *moral;   /* the company's e.firma, MARTA represents it */
static GPtrArray *practice_efirmas;
static const char *practice_dir_for_tests;
static VntPracticeCa *practice_ca;
static VntTrustStore *practice_trust;

#define PASSWORD (ana->password)

#define ANA_CURP (ana->curp)
#define ANA_RFC  (ana->rfc)
#define ANA_NUMBER (ana->certificate_number)
#define ANA_OLD_NUMBER (ana->earlier_certificate_number)
#define ANA_CER (ana->cer_path)
#define ANA_KEY (ana->key_path)

#define MARTA_CURP (marta->curp)
#define MARTA_RFC  (marta->rfc)
#define MARTA_NUMBER (marta->certificate_number)
#define MARTA_CER (marta->cer_path)
#define MARTA_KEY (marta->key_path)

#define CARLOS_CURP (carlos->curp)
#define CARLOS_RFC  (carlos->rfc)
#define CARLOS_CER (carlos->cer_path)
#define CARLOS_KEY (carlos->key_path)

/* SAT's test e.firma of 2019, long expired. */
#define SAT_EXPIRED_CURP "KAHO641101HNTLKS06"
#define SAT_EXPIRED_RFC "KAHO641101B39"
#define SAT_EXPIRED_CER "fiel/fiel-fisica-KAHO641101B39.cer"
#define SAT_EXPIRED_KEY "fiel/fiel-fisica-KAHO641101B39.key"
#define SAT_PASSWORD "12345678a"

/* The local checks trust the practice CA, as the app's practice mode does. */
static gpointer
trusting (gpointer procedure)
{
  if (procedure != NULL)
    vnt_procedure_set_trust_store (procedure, practice_trust);
  return procedure;
}

#define new_update(client, store) \
  ((VntUpdateEfirmaController *) trusting (vnt_update_efirma_controller_new (client, store)))
#define new_create(client, store) \
  ((VntCreateAccountController *) trusting (vnt_create_account_controller_new (client, store)))

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
  /* Registered with an earlier e.firma: the actualización's subject. */
  VntSandboxAccount kaho = {
    .curp = ANA_CURP, .rfc = ANA_RFC, .name = ana->name,
    .certificate_number = ANA_OLD_NUMBER, .email = (char *) "ana@example.mx",
    .created_at = 1600000000, .updated_at = 1600000000,
  };
  /* Registered with the very e.firma she has: nothing to update. */
  VntSandboxAccount xiqb = {
    .curp = MARTA_CURP, .rfc = MARTA_RFC, .name = marta->name,
    .certificate_number = MARTA_NUMBER, .email = NULL,
    .created_at = 1600000000, .updated_at = 1600000000,
  };

  g_main_context_push_thread_default (fixture->context);

  db = vnt_sandbox_db_open (db_path, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &kaho, &error);
  g_assert_no_error (error);
  vnt_sandbox_db_add_account (db, &xiqb, &error);
  g_assert_no_error (error);

  fixture->sandbox = vnt_sandbox_new (db, identity, TRUE);
  vnt_sandbox_set_practice_ca (fixture->sandbox, practice_ca);
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
  return client;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-controllers-XXXXXX", &error);
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
  /* The last reference may go in a worker thread (a GTask finishing
   * there), which does not wake this loop: poll. */
  while (g_atomic_pointer_get (&weak) != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A practice e.firma's own path, or one of SAT's test set (NULL without it). */
static char *
sat (const char *relative)
{
  if (g_path_is_absolute (relative))
    return g_strdup (relative);
  return vnt_test_sat_path (relative);
}

static gboolean
validate (VntProcedure  *procedure,
          const char    *rfc,
          const char    *cer,
          const char    *key,
          const char    *password,
          GError       **error)
{
  g_autofree char *cer_path = sat (cer);
  g_autofree char *key_path = sat (key);
  g_autoptr(GAsyncResult) result = NULL;

  vnt_efirma_step_validate_async (EFIRMA (procedure), rfc, cer_path, key_path, password, NULL, vnt_test_store_result_cb, &result);
  return vnt_efirma_step_validate_finish (EFIRMA (procedure), vnt_test_wait_for (&result), error);
}

static VntUpdateOutcome
sign (VntUpdateEfirmaController  *update,
      GCancellable               *cancellable,
      GError                    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_update_efirma_controller_sign_async (update, cancellable, vnt_test_store_result_cb, &result);
  return vnt_update_efirma_controller_sign_finish (update, vnt_test_wait_for (&result), error);
}

static VntCarta *
fetch_terms (VntProcedure  *procedure,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_tramite_flow_fetch_terms_async (FLOW (procedure), NULL, vnt_test_store_result_cb, &result);
  return vnt_tramite_flow_fetch_terms_finish (FLOW (procedure), vnt_test_wait_for (&result), error);
}

/* "Guardar Trámite": the trámite's flow loads the carta. */
static gboolean
save_tramite (VntUpdateEfirmaController *update,
              GError                   **error)
{
  g_autoptr(VntCarta) terms = fetch_terms (VNT_PROCEDURE (update), error);

  return terms != NULL;
}

/* The controller of a saved record's procedure (the app asks its
 * registry). */
static VntProcedure *
resume_record (VntServiceClient  *client,
               VntTramiteStore   *store,
               VntTramite        *record,
               GError           **error)
{
  GType type = g_str_equal (vnt_tramite_get_procedure (record), "account.update")
               ? VNT_TYPE_UPDATE_EFIRMA_CONTROLLER : VNT_TYPE_CREATE_ACCOUNT_CONTROLLER;

  return trusting (vnt_procedure_resume (type, client, store, record, error));
}

static VntAcuseInfo *
finalize (VntProcedure  *procedure,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_tramite_flow_finalize_async (FLOW (procedure), NULL, vnt_test_store_result_cb, &result);
  return vnt_tramite_flow_finalize_finish (FLOW (procedure), vnt_test_wait_for (&result), error);
}

static gboolean
authenticate (VntCreateAccountController  *create,
              GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_create_account_controller_authenticate_async (create, NULL, vnt_test_store_result_cb, &result);
  return vnt_create_account_controller_authenticate_finish (create, vnt_test_wait_for (&result), error);
}

static gboolean
unlock (VntProcedure  *procedure,
        const char    *password,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_efirma_step_unlock_async (EFIRMA (procedure), password, NULL, vnt_test_store_result_cb, &result);
  return vnt_efirma_step_unlock_finish (EFIRMA (procedure), vnt_test_wait_for (&result), error);
}

/* An update controller for KAHO up to "Validar" done. */
static VntUpdateEfirmaController *
update_validated (Fixture    *fixture,
                  const char *curp,
                  const char *rfc,
                  const char *cer,
                  const char *key)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  g_autoptr(GError) error = NULL;

  vnt_procedure_set_practice (VNT_PROCEDURE (update), TRUE);
  vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), curp, &error);
  g_assert_no_error (error);
  validate (VNT_PROCEDURE (update), rfc, cer, key, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (update)), ==, VNT_EFIRMA_STEP_VALIDATED);

  return g_steal_pointer (&update);
}

static char *
record_text (Fixture    *fixture,
             VntProcedure *procedure)
{
  g_autofree char *name = g_strconcat (vnt_tramite_get_id (vnt_procedure_get_record (procedure)), ".json", NULL);
  g_autofree char *path = g_build_filename (fixture->data_dir, "tramites", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
assert_pdf (const char *path,
            const char *folio)
{
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gsize len = 0;

  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strrstr_len (contents + len - MIN (len, 1024), MIN (len, 1024), "%%EOF"));

  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext not found; the PDF's text is not checked");
      return;
    }

  {
    const char *argv[] = { pdftotext, "-layout", path, "-", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &text, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, folio));
  }
}

/* Binary: a NUL may come before @needle. */
static gboolean
pdf_has (GBytes     *bytes,
         const char *needle)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize len = strlen (needle);

  for (gsize i = 0; i + len <= size; i++)
    if (memcmp (data + i, needle, len) == 0)
      return TRUE;

  return FALSE;
}

/* What was done, the folio, the date and who come first, in plain words;
 * the seal is in an appendix that asks nobody to decode base64; the PDF
 * is tagged (structure tree, a link to the appendix) and its fonts are
 * embedded (Pango's, not cairo's toy API's). */
static void
assert_pdf_for_people (GBytes       *bytes,
                       const char   *path,
                       VntAcuseInfo *acuse)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autofree char *concluded = vnt_date_format_date_time_named (vnt_acuse_info_get_concluded_at (acuse));
  const char *what;
  const char *folio;
  const char *when;
  const char *appendix;
  const char *argv[] = { NULL, path, "-", NULL };
  int status = 0;

  g_assert_true (pdf_has (bytes, "/StructTreeRoot"));
  g_assert_true (pdf_has (bytes, "/MarkInfo"));
  g_assert_true (pdf_has (bytes, "/Link"));
  g_assert_true (pdf_has (bytes, "/FontFile"));

  if (pdftotext == NULL)
    return;
  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &text, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", text);
  /* Wrapped lines read as one. */
  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      *p = ' ';

  what = strstr (text, vnt_acuse_info_get_message (acuse));
  folio = strstr (text, vnt_acuse_info_get_folio (acuse));
  /* In the test's language, whichever it is. */
  when = strstr (text, vnt_date_get_zone_name ());
  appendix = strstr (text, dgettext (GETTEXT_PACKAGE, "Appendix: how to verify the service’s seal"));
  g_assert_nonnull (what);
  g_assert_nonnull (folio);
  g_assert_nonnull (when);
  g_assert_nonnull (appendix);
  g_assert_nonnull (strstr (text, vnt_acuse_info_get_name (acuse)));
  g_assert_true (what < appendix && folio < appendix && when < appendix);
  g_assert_null (strstr (text, "base64"));
  g_assert_null (strstr (text, "payload"));
  /* The date as on the screen ("6 de diciembre de 2026, 16:20"). */
  g_assert_nonnull (strstr (text, concluded));
}

/* ---- the actualización ---- */

static void
test_update_happy (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(VntAcuseInfo) again = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(GPtrArray) acuses = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *text = NULL;
  g_autofree char *lower_curp = g_ascii_strdown (ANA_CURP, -1);
  g_autofree char *lower_rfc = g_ascii_strdown (ANA_RFC, -1);
  g_autofree char *curp_typed = NULL;
  VntProcedure *procedure;
  VntCheckReport *report;

  if (cer == NULL)
    return;

  curp_typed = g_strdup_printf (" %s ", lower_curp);
  update = update_validated (fixture, curp_typed, lower_rfc, ANA_CER, ANA_KEY);
  procedure = VNT_PROCEDURE (update);
  g_assert_cmpstr (vnt_efirma_step_get_curp (EFIRMA (procedure)), ==, ANA_CURP);
  g_assert_cmpstr (vnt_efirma_step_get_rfc (EFIRMA (procedure)), ==, ANA_RFC);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_efirma_step_get_certificate (EFIRMA (procedure))), ==, ANA_NUMBER);
  g_assert_cmpstr (vnt_procedure_get_procedure_id (procedure), ==, "account.update");
  /* A practice e.firma: current, and trusted by the practice CA's key. */
  report = vnt_efirma_step_get_check_report (EFIRMA (procedure));
  g_assert_nonnull (report);
  g_assert_cmpint (vnt_check_report_get_chain_status (report), ==, VNT_CHAIN_STATUS_VALID);
  g_assert_false (vnt_check_report_has_problem (report, "expired"));
  g_assert_false (vnt_procedure_get_busy (procedure));
  g_assert_false (vnt_efirma_step_get_needs_credential (EFIRMA (procedure)));

  /* "Firmar": the service reports old and new numbers. */
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_REVIEW);
  g_assert_cmpstr (vnt_update_efirma_controller_get_previous_number (update), ==, ANA_OLD_NUMBER);
  g_assert_cmpstr (vnt_update_efirma_controller_get_new_number (update), ==, ANA_NUMBER);
  g_assert_cmpstr (vnt_update_efirma_controller_get_holder_name (update), ==, ana->name);
  g_assert_nonnull (strstr (vnt_has_review_get_review_message (VNT_HAS_REVIEW (procedure)),
                            "Se detectó que el número de serie de su firma digital fue modificado"));
  g_assert_true (g_str_has_prefix (vnt_tramite_get_folio (vnt_procedure_get_record (procedure)), "EV-"));

  /* "Guardar Trámite": the carta the confirmation accepts. */
  g_assert_true (save_tramite (update, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_TERMS);
  g_assert_true (g_str_has_prefix (vnt_carta_get_title (vnt_tramite_flow_get_terms (FLOW (procedure))),
                                   "Carta de términos y condiciones"));

  /* "Finalizar Trámite" → "Aceptar": the verified acuse, kept twice. */
  acuse = finalize (procedure, &error);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_DONE);
  g_assert_cmpstr (vnt_acuse_info_get_folio (acuse), ==, vnt_tramite_get_folio (vnt_procedure_get_record (procedure)));
  g_assert_cmpstr (vnt_acuse_info_get_message (acuse), ==, "La actualización de la cuenta de usuario fue correcta.");
  g_assert_cmpstr (vnt_acuse_info_get_certificate_number (acuse), ==, ANA_NUMBER);
  g_assert_true (vnt_acuse_info_get_practice (acuse));
  g_assert_true (g_file_test (vnt_acuse_info_get_json_path (acuse), G_FILE_TEST_IS_REGULAR));
  assert_pdf (vnt_acuse_info_get_pdf_path (acuse), vnt_acuse_info_get_folio (acuse));
  g_assert_true (vnt_tramite_get_finalized (vnt_procedure_get_record (procedure)));
  g_assert_null (vnt_efirma_step_get_credential (EFIRMA (procedure)));

  acuses = vnt_tramite_store_list_acuses (fixture->store);
  g_assert_cmpuint (acuses->len, ==, 1);
  g_assert_cmpstr (vnt_acuse_info_get_folio (g_ptr_array_index (acuses, 0)), ==, vnt_acuse_info_get_folio (acuse));
  unfinished = vnt_tramite_store_list_unfinished (fixture->store);
  g_assert_cmpuint (unfinished->len, ==, 0);

  /* Never a password on disk. */
  text = record_text (fixture, procedure);
  g_assert_null (strstr (text, PASSWORD));
  g_assert_null (strstr (text, "password"));
  g_assert_null (strstr (text, "PRIVATE KEY"));

  /* Finalizing again sends nothing and gives the same acuse. */
  again = finalize (procedure, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (again), ==, vnt_acuse_info_get_folio (acuse));
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture->sandbox), ANA_CURP), ==, 1);

  drop (&update);

  /* The account has the new e.firma now: nothing left to update. */
  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_UNCHANGED);
  g_assert_no_error (error);
  drop (&update);
}

static void
test_update_unchanged (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (MARTA_CER);

  if (cer == NULL)
    return;

  update = update_validated (fixture, MARTA_CURP, MARTA_RFC, MARTA_CER, MARTA_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_UNCHANGED);
  g_assert_no_error (error);
  g_assert_nonnull (vnt_has_efirma_get_outcome_message (VNT_HAS_EFIRMA (update)));
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (update)), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_null (vnt_tramite_get_folio (vnt_procedure_get_record (VNT_PROCEDURE (update))));
  drop (&update);

  /* Over: not offered to resume. */
  unfinished = vnt_tramite_store_list_unfinished (fixture->store);
  g_assert_cmpuint (unfinished->len, ==, 0);
}

/* ---- no account: Crear cuenta from the actualización ---- */

static void
test_no_account_then_create (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntCreateAccountController) create = NULL;
  g_autoptr(VntCreateAccountController) twice = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (CARLOS_CER);
  VntProcedure *procedure;
  VntServiceTramite *review;

  if (cer == NULL)
    return;

  update = update_validated (fixture, CARLOS_CURP, CARLOS_RFC, CARLOS_CER, CARLOS_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_NO_ACCOUNT);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (vnt_has_efirma_get_outcome_message (VNT_HAS_EFIRMA (update)), "Crea una cuenta"));

  /* "Crear cuenta" takes the e.firma already open: no second password. */
  create = vnt_create_account_controller_new_from (VNT_HAS_EFIRMA (update));
  procedure = VNT_PROCEDURE (create);
  drop (&update);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_cmpstr (vnt_efirma_step_get_curp (EFIRMA (procedure)), ==, CARLOS_CURP);
  g_assert_nonnull (vnt_efirma_step_get_credential (EFIRMA (procedure)));
  g_assert_cmpstr (vnt_procedure_get_procedure_id (procedure), ==, "account.create");

  /* "Autenticar" needs the e-mail. */
  g_assert_false (authenticate (create, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL);
  g_clear_error (&error);
  g_assert_false (vnt_create_account_controller_set_email (create, "ingrid@", &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_EMAIL);
  g_clear_error (&error);
  g_assert_false (vnt_create_account_controller_set_phone (create, "55 1234", &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_INVALID_PHONE);
  g_clear_error (&error);
  g_assert_true (vnt_create_account_controller_set_email (create, " ingrid@example.mx ", &error));
  g_assert_true (vnt_create_account_controller_set_phone (create, "55-1234-5678", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_create_account_controller_get_email (create), ==, "ingrid@example.mx");
  g_assert_cmpstr (vnt_create_account_controller_get_phone (create), ==, "5512345678");

  g_assert_true (authenticate (create, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_REVIEW);
  review = vnt_tramite_flow_get_tramite (FLOW (procedure));
  g_assert_cmpstr (vnt_service_tramite_get_holder_name (review), ==, carlos->name);
  g_assert_cmpstr (vnt_service_tramite_get_curp (review), ==, CARLOS_CURP);

  /* The carta, accepted by signing it. */
  terms = fetch_terms (procedure, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vnt_carta_get_text (terms));
  acuse = finalize (procedure, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_procedure (acuse), ==, "account.create");
  g_assert_nonnull (strstr (vnt_acuse_info_get_message (acuse), "fue creada"));
  g_assert_cmpstr (vnt_acuse_info_get_curp (acuse), ==, CARLOS_CURP);
  assert_pdf (vnt_acuse_info_get_pdf_path (acuse), vnt_acuse_info_get_folio (acuse));
  drop (&create);

  /* Now there is one: a second creation is refused by the service. */
  twice = new_create (fixture->client, fixture->store);
  procedure = VNT_PROCEDURE (twice);
  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), CARLOS_CURP, &error));
  g_assert_true (validate (procedure, CARLOS_RFC, CARLOS_CER, CARLOS_KEY, PASSWORD, &error));
  g_assert_true (vnt_create_account_controller_set_email (twice, "ingrid@example.mx", &error));
  g_assert_false (authenticate (twice, &error));
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_EXISTS);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_true (g_error_matches (vnt_procedure_get_error (procedure), VNT_NET_ERROR, VNT_NET_ERROR_ACCOUNT_EXISTS));
  drop (&twice);
}

static void
test_create_happy (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntCreateAccountController) create = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (CARLOS_CER);
  VntProcedure *procedure;

  if (cer == NULL)
    return;

  create = new_create (fixture->client, fixture->store);
  procedure = VNT_PROCEDURE (create);
  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_CURP);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), CARLOS_CURP, &error));
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  g_assert_true (validate (procedure, CARLOS_RFC, CARLOS_CER, CARLOS_KEY, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (vnt_create_account_controller_set_email (create, "ingrid@example.mx", &error));
  g_assert_true (authenticate (create, &error));
  g_assert_no_error (error);
  terms = fetch_terms (procedure, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_TERMS);
  acuse = finalize (procedure, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_DONE);
  g_assert_cmpstr (vnt_acuse_info_get_name (acuse), ==, carlos->name);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vnt_acuse_info_get_payload (acuse), "data"),
                                                  "email"), ==, "ingrid@example.mx");
  {
    g_autoptr(VntSandboxAccount) account = vnt_sandbox_db_find_account (vnt_sandbox_get_db (fixture->sandbox),
                                                                        CARLOS_CURP);

    g_assert_nonnull (account);
  }
  drop (&create);
}

/* ---- what the user can get wrong ---- */

static void
test_wrong_curp (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (procedure, TRUE);

  /* A typo: the check digit says so, before anything is sent. */
  g_assert_false (vnt_efirma_step_set_curp (EFIRMA (procedure), "KAHO641101HNTLKS07" /* 06 */, &error));
  g_assert_error (error, VNT_ID_ERROR, VNT_ID_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_CURP);

  /* A valid CURP, but someone else's. */
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), MARTA_CURP, &error));
  g_assert_false (validate (procedure, ANA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CURP_MISMATCH);
  g_clear_error (&error);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  g_assert_null (vnt_efirma_step_get_credential (EFIRMA (procedure)));

  /* Going back and fixing it is enough. */
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), ANA_CURP, &error));
  g_assert_true (validate (procedure, ANA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_no_error (error);
  drop (&update);
}

static void
test_rfc_mismatch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), ANA_CURP, &error));

  g_assert_false (validate (procedure, "KAHO6411", ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_true (error != NULL && error->domain == VNT_ID_ERROR);
  g_clear_error (&error);

  g_assert_false (validate (procedure, MARTA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_RFC_MISMATCH);
  g_assert_nonnull (strstr (error->message, ANA_RFC));
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  drop (&update);
}

static void
test_csd (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (csd->cer_path);

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), ANA_CURP, &error));
  g_assert_false (validate (procedure, csd->rfc, csd->cer_path, csd->key_path, csd->password, &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_NOT_EFIRMA);
  g_assert_true (vnt_check_report_has_problem (vnt_efirma_step_get_check_report (EFIRMA (procedure)), "not-efirma"));
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  drop (&update);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *text = NULL;

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), ANA_CURP, &error));
  g_assert_false (validate (procedure, ANA_RFC, ANA_CER, ANA_KEY, "12345678b", &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_assert_true (g_error_matches (vnt_procedure_get_error (procedure), VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD));
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  g_clear_error (&error);

  /* The right one works, and neither is on disk. */
  g_assert_true (validate (procedure, ANA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_null (vnt_procedure_get_error (procedure));
  text = record_text (fixture, procedure);
  g_assert_null (strstr (text, "12345678"));
  drop (&update);
}

/* "Actualización de la e.firma" refuses, on this computer and before
 * anything is started, an e.firma older than the account's. */
static void
test_not_newer (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(GError) error = NULL;
  VntSandboxDb *db = vnt_sandbox_get_db (fixture->sandbox);

  /* Registered since with an e.firma a day newer than hers. */
  g_assert_true (vnt_sandbox_db_set_account_certificate (db, ANA_CURP, "70001999999999999999",
                                                         g_date_time_to_unix (ana->not_before) + 24 * 60 * 60,
                                                         g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_ERROR);
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_CERTIFICATE_NOT_NEWER);
  g_assert_nonnull (strstr (error->message, "70001999999999999999"));
  g_assert_nonnull (strstr (error->message, ANA_NUMBER));
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (update)), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (db, ANA_CURP), ==, 0);
  drop (&update);
}

static void
test_expired_and_moral (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (SAT_EXPIRED_CER);

  if (cer == NULL)
    return;

  /* An expired e.firma stops at "Validar", outside practice mode and in
   * it: no leniency for SAT's old test e.firmas. The message has the date. */
  for (int practice = 0; practice <= 1; practice++)
    {
      vnt_procedure_set_practice (procedure, practice);
      g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), SAT_EXPIRED_CURP, &error));
      g_assert_false (validate (procedure, SAT_EXPIRED_RFC, SAT_EXPIRED_CER, SAT_EXPIRED_KEY, SAT_PASSWORD, &error));
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED);
      g_assert_nonnull (strstr (error->message, "2023"));
      g_assert_null (vnt_efirma_step_get_credential (EFIRMA (procedure)));
      g_clear_error (&error);
    }

  /* A company's e.firma cannot hold a personal account. */
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure),
                                           vnt_practice_efirmas_get_representative (practice_efirmas, moral)->curp,
                                           &error));
  g_assert_false (validate (procedure, moral->rfc, moral->cer_path, moral->key_path, moral->password, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_PERSONA_MORAL);
  drop (&update);
}

/* A loopback port where nothing listens. */
static char *
closed_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
test_service_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = closed_url ();
  g_autoptr(VntServiceClient) down = new_client (url);
  g_autoptr(VntUpdateEfirmaController) update = new_update (down, fixture->store);
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(VntProcedure) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *id = NULL;

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (VNT_PROCEDURE (update), TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), ANA_CURP, &error));
  /* The local checks need no service. */
  g_assert_true (validate (VNT_PROCEDURE (update), ANA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_ERROR);
  g_assert_error (error, VNT_NET_ERROR, VNT_NET_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (update)), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_false (vnt_procedure_get_busy (VNT_PROCEDURE (update)));

  /* Nothing is lost: later, with the service back, it goes on. */
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (update))));
  drop (&update);
  record = vnt_tramite_store_load (fixture->store, id, &error);
  g_assert_no_error (error);
  resumed = resume_record (fixture->client, fixture->store, record, &error);
  g_assert_no_error (error);
  g_assert_true (VNT_IS_UPDATE_EFIRMA_CONTROLLER (resumed));
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_true (vnt_efirma_step_get_needs_credential (EFIRMA (resumed)));
  g_assert_true (unlock (resumed, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sign (VNT_UPDATE_EFIRMA_CONTROLLER (resumed), NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_no_error (error);
  drop (&resumed);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = new_update (fixture->client, fixture->store);
  VntProcedure *procedure = VNT_PROCEDURE (update);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *key = sat (ANA_KEY);

  if (cer == NULL)
    return;

  vnt_procedure_set_practice (procedure, TRUE);
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), ANA_CURP, &error));

  /* "Validar" cancelled: still at the e.firma step, not busy. */
  g_cancellable_cancel (cancellable);
  vnt_efirma_step_validate_async (EFIRMA (procedure), ANA_RFC, cer, key, PASSWORD, cancellable, vnt_test_store_result_cb, &result);
  g_assert_false (vnt_efirma_step_validate_finish (EFIRMA (procedure), vnt_test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_ASK);
  g_assert_false (vnt_procedure_get_busy (procedure));

  g_assert_true (validate (procedure, ANA_RFC, ANA_CER, ANA_KEY, PASSWORD, &error));

  /* "Firmar" cancelled while under way: the step stays; a new attempt
   * goes through (whatever the service saw of the first). */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  vnt_update_efirma_controller_sign_async (update, cancellable, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_procedure_get_busy (procedure));
  g_idle_add (cancel_cb, cancellable);
  g_assert_cmpint (vnt_update_efirma_controller_sign_finish (update, vnt_test_wait_for (&result), &error), ==,
                   VNT_UPDATE_OUTCOME_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_EFIRMA_STEP_VALIDATED);
  g_assert_false (vnt_procedure_get_busy (procedure));

  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_no_error (error);

  /* "Finalizar" cancelled: back at the carta; then it concludes once. */
  g_assert_true (save_tramite (update, &error));
  vnt_tramite_flow_finalize_async (FLOW (procedure), cancellable, vnt_test_store_result_cb, &result);
  g_assert_null (vnt_tramite_flow_finalize_finish (FLOW (procedure), vnt_test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_TERMS);
  {
    g_autoptr(VntAcuseInfo) acuse = finalize (procedure, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vnt_acuse_info_get_folio (acuse), ==, vnt_tramite_get_folio (vnt_procedure_get_record (procedure)));
  }
  drop (&update);
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);

  if (cer == NULL)
    return;

  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  vnt_update_efirma_controller_sign_async (update, NULL, vnt_test_store_result_cb, &first);
  vnt_update_efirma_controller_sign_async (update, NULL, vnt_test_store_result_cb, &second);
  g_assert_cmpint (vnt_update_efirma_controller_sign_finish (update, vnt_test_wait_for (&second), &error), ==,
                   VNT_UPDATE_OUTCOME_ERROR);
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpint (vnt_update_efirma_controller_sign_finish (update, vnt_test_wait_for (&first), &error), ==,
                   VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_no_error (error);
  g_clear_object (&first);
  g_clear_object (&second);
  /* Past the e.firma the CURP is fixed. */
  g_assert_false (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), MARTA_CURP, &error));
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_WRONG_STEP);
  drop (&update);
}

/* ---- killed and started again ---- */

static VntProcedure *
reload (Fixture    *fixture,
        const char *id)
{
  g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (fixture->data_dir);
  g_autoptr(VntTramite) record = NULL;
  g_autoptr(GError) error = NULL;
  VntProcedure *procedure;

  record = vnt_tramite_store_load (store, id, &error);
  g_assert_no_error (error);
  procedure = resume_record (fixture->client, store, record, &error);
  g_assert_no_error (error);

  return procedure;
}

static void
test_resume_after_kill (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntProcedure) resumed = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(VntAcuseInfo) again = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *id = NULL;
  g_autofree char *folio = NULL;
  g_autofree char *url = closed_url ();
  g_autoptr(VntServiceClient) down = new_client (url);

  if (cer == NULL)
    return;

  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (update))));
  folio = g_strdup (vnt_tramite_get_folio (vnt_procedure_get_record (VNT_PROCEDURE (update))));
  drop (&update);

  /* Started again: offered to continue, at the step it reached. */
  {
    g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (fixture->data_dir);

    unfinished = vnt_tramite_store_list_unfinished (store);
    g_assert_cmpuint (unfinished->len, ==, 1);
    g_assert_cmpstr (vnt_tramite_get_id (g_ptr_array_index (unfinished, 0)), ==, id);
    g_assert_cmpstr (vnt_tramite_get_step (g_ptr_array_index (unfinished, 0)), ==, "review");
  }

  resumed = reload (fixture, id);
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_TRAMITE_STEP_REVIEW);
  g_assert_cmpstr (vnt_tramite_get_folio (vnt_procedure_get_record (resumed)), ==, folio);
  g_assert_cmpstr (vnt_update_efirma_controller_get_previous_number (VNT_UPDATE_EFIRMA_CONTROLLER (resumed)), ==,
                   ANA_OLD_NUMBER);
  g_assert_cmpstr (vnt_certificate_get_number (vnt_efirma_step_get_certificate (EFIRMA (resumed))), ==, ANA_NUMBER);
  g_assert_true (vnt_efirma_step_get_needs_credential (EFIRMA (resumed)));

  g_assert_true (save_tramite (VNT_UPDATE_EFIRMA_CONTROLLER (resumed), &error));
  g_assert_no_error (error);

  /* Signing needs the e.firma again: the password was never kept. */
  acuse = finalize (resumed, &error);
  g_assert_null (acuse);
  g_assert_error (error, VNT_PROCEDURE_ERROR, VNT_PROCEDURE_ERROR_NEEDS_CREDENTIAL);
  g_clear_error (&error);
  g_assert_false (unlock (resumed, "nope", &error));
  g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (unlock (resumed, PASSWORD, &error));
  g_assert_false (vnt_efirma_step_get_needs_credential (EFIRMA (resumed)));

  acuse = finalize (resumed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (acuse), ==, folio);
  drop (&resumed);

  /* A finalized trámite is never sent again, even with no service. */
  {
    g_autoptr(VntTramiteStore) store = vnt_tramite_store_new (fixture->data_dir);
    g_autoptr(VntTramite) record = vnt_tramite_store_load (store, id, &error);

    g_assert_no_error (error);
    g_assert_true (vnt_tramite_get_finalized (record));
    resumed = resume_record (down, store, record, &error);
    g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_TRAMITE_STEP_DONE);
    g_assert_false (vnt_efirma_step_get_needs_credential (EFIRMA (resumed)));
    /* Not read on the caller's (main) thread: finalize reads it. */
    g_assert_null (vnt_tramite_flow_get_acuse (FLOW (resumed)));
    again = finalize (resumed, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vnt_acuse_info_get_folio (again), ==, folio);
    g_assert_true (vnt_tramite_flow_get_acuse (FLOW (resumed)) == again);
    g_assert_false (vnt_tramite_store_discard (store, id, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
    unfinished = (g_ptr_array_unref (unfinished), vnt_tramite_store_list_unfinished (store));
    g_assert_cmpuint (unfinished->len, ==, 0);
    drop (&resumed);
  }
}

/* Killed after the service concluded the trámite but before the acuse was
 * kept: starting again must get that same acuse, never a second trámite. */
static void
test_resume_after_lost_acuse (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntProcedure) resumed = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *id = NULL;
  g_autofree char *folio = NULL;
  g_autofree char *text = NULL;

  if (cer == NULL)
    return;

  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_true (save_tramite (update, &error));
  id = g_strdup (vnt_tramite_get_id (vnt_procedure_get_record (VNT_PROCEDURE (update))));
  folio = g_strdup (vnt_tramite_get_folio (vnt_procedure_get_record (VNT_PROCEDURE (update))));

  /* The disk fails right when the acuse is to be kept. */
  vnt_safe_file_fail_for_testing (0, 0);
  acuse = finalize (VNT_PROCEDURE (update), &error);
  g_assert_null (acuse);
  g_assert_nonnull (error);
  g_clear_error (&error);
  vnt_safe_file_fail_for_testing (0, -1);
  g_assert_cmpstr (vnt_procedure_get_step (VNT_PROCEDURE (update)), ==, VNT_TRAMITE_STEP_FINALIZING);
  g_assert_true (vnt_sandbox_db_find_acuse (vnt_sandbox_get_db (fixture->sandbox), folio, &payload, &signature));
  text = record_text (fixture, VNT_PROCEDURE (update));
  g_assert_nonnull (strstr (text, "\"finalize\""));
  drop (&update);

  resumed = reload (fixture, id);
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_TRAMITE_STEP_FINALIZING);
  g_assert_true (unlock (resumed, PASSWORD, &error));
  acuse = finalize (resumed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_acuse_info_get_folio (acuse), ==, folio);
  g_assert_cmpstr (vnt_procedure_get_step (resumed), ==, VNT_TRAMITE_STEP_DONE);
  assert_pdf (vnt_acuse_info_get_pdf_path (acuse), folio);
  /* One trámite at the service, one acuse here. */
  g_assert_cmpuint (vnt_sandbox_db_count_tramites (vnt_sandbox_get_db (fixture->sandbox), ANA_CURP), ==, 1);
  {
    g_autoptr(GPtrArray) acuses = vnt_tramite_store_list_acuses (vnt_procedure_get_store (resumed));

    g_assert_cmpuint (acuses->len, ==, 1);
  }
  drop (&resumed);
}

/* ---- the acuse PDF ---- */

static void
test_acuse_pdf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GBytes) a4 = NULL;
  g_autoptr(GBytes) letter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = sat (ANA_CER);
  g_autofree char *path = NULL;

  if (cer == NULL)
    return;

  update = update_validated (fixture, ANA_CURP, ANA_RFC, ANA_CER, ANA_KEY);
  sign (update, NULL, &error);
  save_tramite (update, &error);
  acuse = finalize (VNT_PROCEDURE (update), &error);
  g_assert_no_error (error);

  a4 = vnt_acuse_pdf_render (acuse, VNT_ACUSE_PAPER_A4, &error);
  letter = vnt_acuse_pdf_render (acuse, VNT_ACUSE_PAPER_LETTER, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (a4, NULL), "%PDF-"));
  g_assert_false (g_bytes_equal (a4, letter));

  /* Written atomically, never over an existing file. */
  path = g_build_filename (fixture->dir, "acuse-a4.pdf", NULL);
  g_assert_true (vnt_acuse_pdf_write (acuse, VNT_ACUSE_PAPER_A4, path, NULL, &error));
  g_assert_no_error (error);
  assert_pdf (path, vnt_acuse_info_get_folio (acuse));
  assert_pdf_for_people (a4, path, acuse);
  /* To look at (beside the UI suite's screenshots). */
  {
    g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
    g_autofree char *copy = g_build_filename (dir, "acuse-a4.pdf", NULL);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (copy, g_bytes_get_data (a4, NULL), g_bytes_get_size (a4), NULL));
  }
  g_assert_false (vnt_acuse_pdf_write (acuse, VNT_ACUSE_PAPER_LETTER, path, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  drop (&update);
}

/* ---- practice mode ---- */

static VntPracticeEfirma *
find_efirma (GPtrArray          *efirmas,
             VntPracticeKind     kind,
             VntPracticeAccount  account)
{
  VntPracticeEfirma *efirma = vnt_practice_efirmas_find (efirmas, kind, account);

  g_assert_nonnull (efirma);
  return efirma;
}

static void
test_practice (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vnt-practice-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *fingerprint = NULL;
  g_autofree char *sat_cer = sat (SAT_EXPIRED_CER);
  g_autoptr(VntPractice) practice = NULL;
  g_autoptr(VntServiceClient) client = NULL;
  g_autoptr(VntTramiteStore) store = NULL;
  g_autoptr(VntCreateAccountController) create = NULL;
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(VntCarta) terms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) efirmas = NULL;
  g_autofree char *db = g_build_filename (data_dir, "practica.db", NULL);
  g_autofree char *ca_key = g_build_filename (data_dir, "practica-ca-key.pem", NULL);
  VntPracticeEfirma *newcomer, *renewed;
  GStatBuf st;

  g_assert_true (vnt_practice_is_practice_url (""));
  g_assert_true (vnt_practice_is_practice_url ("  "));
  g_assert_false (vnt_practice_is_practice_url ("https://gateway.example"));

  practice = vnt_practice_new (data_dir);
#if defined(__SANITIZE_ADDRESS__)
  /* There every allocation unwinds its whole stack (build-aux/ventanilla,
   * for the suppressions): a TLS handshake takes seconds, past the
   * sandbox's 10 s for the headers on a loaded machine. */
  vnt_practice_set_header_timeout_for_testing (practice, 120 * 1000);
#endif
  g_assert_null (vnt_practice_create_client (practice, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_null (vnt_practice_get_trust_store (practice));

  /* Before the first start there is no practice e.firma. */
  efirmas = vnt_practice_list_efirmas (data_dir);
  g_assert_cmpuint (efirmas->len, ==, 0);
  g_clear_pointer (&efirmas, g_ptr_array_unref);

  vnt_practice_start_async (practice, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_practice_start_finish (practice, vnt_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (vnt_practice_get_running (practice));
  g_assert_true (g_str_has_prefix (vnt_practice_get_url (practice), "https://127.0.0.1:"));
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  fingerprint = g_strdup (vnt_practice_get_certificate_sha256 (practice));

  /* The practice CA's key sits beside the database, readable by its owner
   * only, and its e.firmas are there. */
  g_assert_cmpint (g_stat (ca_key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  efirmas = vnt_practice_list_efirmas (data_dir);
  newcomer = find_efirma (efirmas, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_NONE);
  renewed = find_efirma (efirmas, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_EARLIER);

  /* A whole Crear cuenta over HTTPS pinned to the practice certificate,
   * with no leniency anywhere: the practice e.firma is current. */
  client = vnt_practice_create_client (practice, &error);
  g_assert_no_error (error);
  store = vnt_tramite_store_new (data_dir);
  create = vnt_create_account_controller_new (client, store);
  vnt_procedure_set_practice (VNT_PROCEDURE (create), TRUE);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (create), vnt_practice_get_trust_store (practice));
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (create)), newcomer->curp, &error));
  g_assert_true (validate (VNT_PROCEDURE (create), newcomer->rfc, newcomer->cer_path, newcomer->key_path,
                           newcomer->password, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vnt_check_report_get_chain_status (vnt_efirma_step_get_check_report (EFIRMA (VNT_PROCEDURE (create)))), ==,
                   VNT_CHAIN_STATUS_VALID);
  g_assert_true (vnt_create_account_controller_set_email (create, "carlos@example.mx", &error));
  g_assert_true (authenticate (create, &error));
  g_assert_no_error (error);
  terms = fetch_terms (VNT_PROCEDURE (create), &error);
  g_assert_no_error (error);
  acuse = finalize (VNT_PROCEDURE (create), &error);
  g_assert_no_error (error);
  g_assert_true (vnt_acuse_info_get_practice (acuse));
  g_assert_cmpstr (vnt_acuse_info_get_signer_sha256 (acuse), ==, fingerprint);
  drop (&create);
  g_clear_object (&client);

  /* Started again: same certificate, same database, same e.firmas. */
  vnt_practice_stop (practice);
  g_assert_false (vnt_practice_get_running (practice));
  g_assert_null (vnt_practice_get_url (practice));
  vnt_practice_start_async (practice, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_practice_start_finish (practice, vnt_test_wait_for (&result), &error));
  g_assert_cmpstr (vnt_practice_get_certificate_sha256 (practice), ==, fingerprint);
  {
    g_autoptr(GPtrArray) again = vnt_practice_list_efirmas (data_dir);

    g_assert_cmpstr (find_efirma (again, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_NONE)->certificate_number, ==,
                     newcomer->certificate_number);
  }
  client = vnt_practice_create_client (practice, &error);
  update = vnt_update_efirma_controller_new (client, store);
  vnt_procedure_set_practice (VNT_PROCEDURE (update), TRUE);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (update), vnt_practice_get_trust_store (practice));
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), newcomer->curp, &error));
  g_assert_true (validate (VNT_PROCEDURE (update), newcomer->rfc, newcomer->cer_path, newcomer->key_path,
                           newcomer->password, &error));
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_UNCHANGED);
  g_assert_no_error (error);
  drop (&update);

  /* A seeded account: registered with an earlier e.firma, so the update
   * finds a changed one. */
  update = vnt_update_efirma_controller_new (client, store);
  vnt_procedure_set_practice (VNT_PROCEDURE (update), TRUE);
  vnt_procedure_set_trust_store (VNT_PROCEDURE (update), vnt_practice_get_trust_store (practice));
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), renewed->curp, &error));
  g_assert_true (validate (VNT_PROCEDURE (update), renewed->rfc, renewed->cer_path, renewed->key_path,
                           renewed->password, &error));
  g_assert_cmpint (sign (update, NULL, &error), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_assert_no_error (error);
  g_assert_cmpstr (vnt_update_efirma_controller_get_previous_number (update), ==, renewed->earlier_certificate_number);
  drop (&update);

  /* SAT's own test e.firma of 2019: expired, in practice mode too. */
  if (sat_cer != NULL)
    {
      g_autofree char *sat_key = sat (SAT_EXPIRED_KEY);

      update = vnt_update_efirma_controller_new (client, store);
      vnt_procedure_set_practice (VNT_PROCEDURE (update), TRUE);
      vnt_procedure_set_trust_store (VNT_PROCEDURE (update), vnt_practice_get_trust_store (practice));
      g_assert_true (vnt_efirma_step_set_curp (EFIRMA (VNT_PROCEDURE (update)), SAT_EXPIRED_CURP, &error));
      g_assert_false (validate (VNT_PROCEDURE (update), SAT_EXPIRED_RFC, sat_cer, sat_key, SAT_PASSWORD, &error));
      g_assert_error (error, VNT_CRYPTO_ERROR, VNT_CRYPTO_ERROR_EXPIRED);
      g_assert_cmpint (vnt_check_report_get_chain_status (vnt_efirma_step_get_check_report (EFIRMA (VNT_PROCEDURE (update)))), ==,
                       VNT_CHAIN_STATUS_SAT_TEST);
      g_clear_error (&error);
      drop (&update);
    }
  g_clear_object (&client);

  vnt_practice_stop (practice);
  g_clear_object (&practice);
  g_clear_object (&store);
  vnt_test_remove_tree (dir);
}

/* What "Registrar empresa representada" and the practice buttons build on:
 * each e.firma's kind, the company's representative, identifiers that pass
 * their check digits, keys in SAT's format that open, four years of
 * validity from the day they were made. */
static void
test_practice_efirmas (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) empty = NULL;
  VntPracticeEfirma *representative;
  guint fisicas = 0;

  g_assert_cmpuint (practice_efirmas->len, ==, 5);
  for (guint i = 0; i < practice_efirmas->len; i++)
    {
      VntPracticeEfirma *efirma = g_ptr_array_index (practice_efirmas, i);
      g_autoptr(VntCredential) credential = NULL;
      g_autoptr(VntKeyInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      VntCertificate *certificate;

      credential = vnt_credential_new_from_files (efirma->cer_path, efirma->key_path, efirma->password, &error);
      g_assert_no_error (error);
      certificate = vnt_credential_get_certificate (credential);
      g_assert_true (vnt_practice_ca_verify (practice_ca, certificate));
      g_assert_cmpint (vnt_trust_store_verify (practice_trust, certificate, NULL, NULL), ==, VNT_CHAIN_STATUS_VALID);
      /* Nobody else trusts them. */
      g_assert_cmpint (vnt_trust_store_verify (vnt_trust_store_get_default (), certificate, NULL, NULL), ==,
                       VNT_CHAIN_STATUS_UNTRUSTED);
      g_assert_cmpuint (strlen (efirma->certificate_number), ==, 20);
      g_assert_true (g_date_time_compare (efirma->not_before, now) <= 0);
      g_assert_cmpint (g_date_time_get_year (efirma->not_after), ==, g_date_time_get_year (efirma->not_before) + 4);
      g_assert_cmpint (g_date_time_get_day_of_year (efirma->not_after), ==, g_date_time_get_day_of_year (efirma->not_before));
      g_assert_true (vnt_rfc_validate (efirma->rfc, &error));
      g_assert_no_error (error);

      /* SAT's format: PBES2, PBKDF2-HMAC-SHA1, 2048 iterations, 3DES. */
      info = vnt_key_info_new_from_file (efirma->key_path, &error);
      g_assert_no_error (error);
      g_assert_true (vnt_key_info_is_sat_format (info));
      g_assert_cmpuint (vnt_key_info_get_iterations (info), ==, 2048);

      switch (efirma->kind)
        {
        case VNT_PRACTICE_KIND_FISICA:
          fisicas++;
          g_assert_cmpstr (vnt_practice_kind_to_string (efirma->kind), ==, "fisica");
          g_assert_true (vnt_curp_validate (efirma->curp, &error));
          g_assert_true (vnt_id_check_curp_rfc (efirma->curp, efirma->rfc, &error));
          g_assert_no_error (error);
          g_assert_cmpint (vnt_certificate_get_persona (certificate), ==, VNT_PERSONA_FISICA);
          g_assert_cmpint (vnt_certificate_get_kind (certificate), ==, VNT_CERTIFICATE_KIND_EFIRMA);
          g_assert_null (efirma->representative_curp);
          g_assert_true ((efirma->account == VNT_PRACTICE_ACCOUNT_EARLIER) ==
                         (efirma->earlier_certificate_number != NULL));
          break;
        case VNT_PRACTICE_KIND_MORAL:
        case VNT_PRACTICE_KIND_CSD:
          g_assert_null (efirma->curp);
          g_assert_cmpuint (strlen (efirma->rfc), ==, 12);
          g_assert_cmpint (vnt_certificate_get_persona (certificate), ==, VNT_PERSONA_MORAL);
          g_assert_cmpint (vnt_certificate_get_kind (certificate), ==,
                           efirma->kind == VNT_PRACTICE_KIND_CSD ? VNT_CERTIFICATE_KIND_CSD : VNT_CERTIFICATE_KIND_EFIRMA);
          g_assert_false (vnt_certificate_get_kind_disagreement (certificate));
          representative = vnt_practice_efirmas_get_representative (practice_efirmas, efirma);
          g_assert_nonnull (representative);
          g_assert_cmpstr (representative->rfc, ==, efirma->representative_rfc);
          g_assert_cmpint (representative->account, ==, VNT_PRACTICE_ACCOUNT_CURRENT);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (fisicas, ==, 3);
  g_assert_cmpstr (vnt_practice_kind_to_string (moral->kind), ==, "moral");
  g_assert_cmpstr (vnt_practice_kind_to_string (csd->kind), ==, "csd");
  g_assert_cmpstr (moral->rfc, ==, csd->rfc);
  g_assert_null (vnt_practice_efirmas_get_representative (practice_efirmas, ana));

  /* Made once: a second call keeps the set. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) again = NULL;

    g_assert_true (vnt_practice_efirmas_ensure (practice_dir_for_tests, practice_ca, &error));
    g_assert_no_error (error);
    again = vnt_practice_list_efirmas (practice_dir_for_tests);
    g_assert_cmpstr (((VntPracticeEfirma *) g_ptr_array_index (again, 0))->certificate_number, ==,
                     ((VntPracticeEfirma *) g_ptr_array_index (practice_efirmas, 0))->certificate_number);
  }

  /* None made: an empty list, not a crash. */
  empty = vnt_practice_list_efirmas ("/nonexistent-ventanilla-data");
  g_assert_cmpuint (empty->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *practice_dir = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vnt_crypto_init ();

  identity = vnt_service_identity_generate ("ventanilla-sandbox", &error);
  g_assert_no_error (error);

  /* One practice CA and set of e.firmas for every test. */
  practice_dir = g_dir_make_tmp ("vnt-practice-efirmas-XXXXXX", &error);
  g_assert_no_error (error);
  practice_dir_for_tests = practice_dir;
  practice_ca = vnt_practice_ca_open (practice_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vnt_practice_efirmas_ensure (practice_dir, practice_ca, &error));
  g_assert_no_error (error);
  practice_efirmas = vnt_practice_list_efirmas (practice_dir);
  ana = vnt_practice_efirmas_find (practice_efirmas, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_EARLIER);
  marta = vnt_practice_efirmas_find (practice_efirmas, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_CURRENT);
  carlos = vnt_practice_efirmas_find (practice_efirmas, VNT_PRACTICE_KIND_FISICA, VNT_PRACTICE_ACCOUNT_NONE);
  moral = vnt_practice_efirmas_find (practice_efirmas, VNT_PRACTICE_KIND_MORAL, VNT_PRACTICE_ACCOUNT_NONE);
  csd = vnt_practice_efirmas_find (practice_efirmas, VNT_PRACTICE_KIND_CSD, VNT_PRACTICE_ACCOUNT_NONE);
  g_assert_true (ana != NULL && marta != NULL && carlos != NULL && moral != NULL && csd != NULL);
  practice_trust = vnt_trust_store_new_default ();
  vnt_trust_store_add_certificate (practice_trust, vnt_practice_ca_get_certificate (practice_ca));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/controllers/update/happy", test_update_happy);
  ADD ("/controllers/update/unchanged", test_update_unchanged);
  ADD ("/controllers/update/no-account-then-create", test_no_account_then_create);
  ADD ("/controllers/create/happy", test_create_happy);
  ADD ("/controllers/refused/wrong-curp", test_wrong_curp);
  ADD ("/controllers/refused/rfc-mismatch", test_rfc_mismatch);
  ADD ("/controllers/refused/csd", test_csd);
  ADD ("/controllers/refused/wrong-password", test_wrong_password);
  ADD ("/controllers/refused/expired-and-moral", test_expired_and_moral);
  ADD ("/controllers/refused/not-newer", test_not_newer);
  ADD ("/controllers/service-down", test_service_down);
  ADD ("/controllers/cancel", test_cancel);
  ADD ("/controllers/busy", test_busy);
  ADD ("/controllers/resume/after-kill", test_resume_after_kill);
  ADD ("/controllers/resume/after-lost-acuse", test_resume_after_lost_acuse);
  ADD ("/controllers/acuse-pdf", test_acuse_pdf);
#undef ADD
  g_test_add_func ("/controllers/practice/sandbox", test_practice);
  g_test_add_func ("/controllers/practice/efirmas", test_practice_efirmas);

  ret = g_test_run ();
  g_clear_object (&identity);
  g_clear_object (&practice_trust);
  g_clear_object (&practice_ca);
  g_clear_pointer (&practice_efirmas, g_ptr_array_unref);
  vnt_test_remove_tree (practice_dir);
  return ret;
}
