/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "controllers/procedures/create-account/vnt-create-account-controller.h"
#include "controllers/procedures/update-efirma/vnt-update-efirma-controller.h"
#include "controllers/vnt-practice-choose.h"
#include "controllers/vnt-practice.h"
#include "vnt-test-procedures.h"
#include "vnt-test-sandbox.h"
#include "vnt-test-utils.h"

/* The practice button's persona, against the practice service on
 * loopback as the app starts it: once a procedure is done with a persona,
 * the button offers another for it, or one the practice CA makes. */

typedef struct {
  char             *dir;
  VntPractice      *practice;
  VntServiceClient *client;
  VntTramiteStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vnt-practice-choose-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->practice = vnt_practice_new (fixture->dir);
#if defined(__SANITIZE_ADDRESS__)
  /* Under ASan a TLS handshake takes seconds (see test-controllers). */
  vnt_practice_set_header_timeout_for_testing (fixture->practice, 120 * 1000);
#endif
  vnt_practice_start_async (fixture->practice, NULL, vnt_test_store_result_cb, &result);
  g_assert_true (vnt_practice_start_finish (fixture->practice, vnt_test_wait_for (&result),
                                            &error));
  g_assert_no_error (error);
  fixture->client = vnt_practice_create_client (fixture->practice, &error);
  g_assert_no_error (error);
  fixture->store = vnt_tramite_store_new (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  vnt_practice_stop (fixture->practice);
  g_clear_object (&fixture->practice);
  vnt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static VntPracticeEfirma *
choose (Fixture             *fixture,
        VntPracticeAccount   wanted,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_practice_choose_async (fixture->client, fixture->dir, wanted, NULL,
                             vnt_test_store_result_cb, &result);
  return vnt_practice_choose_finish (vnt_test_wait_for (&result), error);
}

static VntUpdateEfirmaController *
new_update (Fixture *fixture)
{
  return vnt_update_efirma_controller_new (fixture->client, fixture->store);
}

static VntCreateAccountController *
new_create (Fixture *fixture)
{
  return vnt_create_account_controller_new (fixture->client, fixture->store);
}

static gboolean
authenticate (VntCreateAccountController  *create,
              GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vnt_create_account_controller_authenticate_async (create, NULL, vnt_test_store_result_cb,
                                                    &result);
  return vnt_create_account_controller_authenticate_finish (create, vnt_test_wait_for (&result),
                                                            error);
}

/* @procedure's e.firma step done with @efirma; @procedure returned. */
static gpointer
validated (Fixture                 *fixture,
           gpointer                 procedure_ptr,
           const VntPracticeEfirma *efirma)
{
  VntProcedure *procedure = procedure_ptr;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  vnt_procedure_set_practice (procedure, TRUE);
  vnt_procedure_set_trust_store (procedure, vnt_practice_get_trust_store (fixture->practice));
  g_assert_true (vnt_efirma_step_set_curp (EFIRMA (procedure), efirma->curp, &error));
  g_assert_no_error (error);
  vnt_efirma_step_validate_async (EFIRMA (procedure), efirma->rfc, efirma->cer_path,
                                  efirma->key_path, efirma->password, NULL,
                                  vnt_test_store_result_cb, &result);
  g_assert_true (vnt_efirma_step_validate_finish (EFIRMA (procedure), vnt_test_wait_for (&result),
                                                  &error));
  g_assert_no_error (error);

  return procedure;
}

static VntUpdateOutcome
sign (VntUpdateEfirmaController *update)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VntUpdateOutcome outcome;

  vnt_update_efirma_controller_sign_async (update, NULL, vnt_test_store_result_cb, &result);
  outcome = vnt_update_efirma_controller_sign_finish (update, vnt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return outcome;
}

/* The carta read, accepted, and the trámite finalized. */
static void
finish (VntProcedure *procedure)
{
  g_autoptr(GAsyncResult) terms = NULL;
  g_autoptr(GAsyncResult) finalized = NULL;
  g_autoptr(VntCarta) carta = NULL;
  g_autoptr(VntAcuseInfo) acuse = NULL;
  g_autoptr(GError) error = NULL;

  vnt_tramite_flow_fetch_terms_async (FLOW (procedure), NULL, vnt_test_store_result_cb, &terms);
  carta = vnt_tramite_flow_fetch_terms_finish (FLOW (procedure), vnt_test_wait_for (&terms),
                                               &error);
  g_assert_no_error (error);
  vnt_tramite_flow_finalize_async (FLOW (procedure), NULL, vnt_test_store_result_cb, &finalized);
  acuse = vnt_tramite_flow_finalize_finish (FLOW (procedure), vnt_test_wait_for (&finalized),
                                            &error);
  g_assert_no_error (error);
  g_assert_nonnull (acuse);
  g_assert_cmpstr (vnt_procedure_get_step (procedure), ==, VNT_TRAMITE_STEP_DONE);
}

/* Actualización de la e.firma: Ana's account has an earlier e.firma; once
 * updated, it has hers, and the button offers a new e.firma that the
 * practice CA made for someone whose account has her current one. */
static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VntPracticeEfirma) first = NULL;
  g_autoptr(VntPracticeEfirma) again = NULL;
  g_autoptr(VntPracticeEfirma) twice = NULL;
  g_autoptr(VntUpdateEfirmaController) update = NULL;
  g_autoptr(GError) error = NULL;

  first = choose (fixture, VNT_PRACTICE_ACCOUNT_EARLIER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->account, ==, VNT_PRACTICE_ACCOUNT_EARLIER);

  update = validated (fixture, new_update (fixture), first);
  g_assert_cmpint (sign (update), ==, VNT_UPDATE_OUTCOME_CHANGED);
  finish (VNT_PROCEDURE (update));
  g_clear_object (&update);

  /* The same e.firma would now be "Tu cuenta ya tiene esta e.firma". */
  again = choose (fixture, VNT_PRACTICE_ACCOUNT_EARLIER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->certificate_number, !=, first->certificate_number);
  update = validated (fixture, new_update (fixture), again);
  g_assert_cmpint (sign (update), ==, VNT_UPDATE_OUTCOME_CHANGED);
  g_clear_object (&update);

  /* Not done yet: the same one is offered again, nothing new is made. */
  twice = choose (fixture, VNT_PRACTICE_ACCOUNT_EARLIER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (twice->certificate_number, ==, again->certificate_number);
}

/* Crear cuenta: Carlos has no account; once he has one, the button offers
 * a persona the practice CA made, whom the service does not know. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VntPracticeEfirma) first = NULL;
  g_autoptr(VntPracticeEfirma) again = NULL;
  g_autoptr(VntCreateAccountController) create = NULL;
  g_autoptr(GError) error = NULL;

  first = choose (fixture, VNT_PRACTICE_ACCOUNT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->account, ==, VNT_PRACTICE_ACCOUNT_NONE);

  create = validated (fixture, new_create (fixture), first);
  g_assert_true (vnt_create_account_controller_set_email (create, "practica@example.mx", &error));
  g_assert_true (authenticate (create, &error));
  g_assert_no_error (error);
  finish (VNT_PROCEDURE (create));
  g_clear_object (&create);

  again = choose (fixture, VNT_PRACTICE_ACCOUNT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->curp, !=, first->curp);
  create = validated (fixture, new_create (fixture), again);
  g_assert_true (vnt_create_account_controller_set_email (create, "practica@example.mx", &error));
  g_assert_true (authenticate (create, &error));
  g_assert_no_error (error);
}

/* The company's procedures: its legal representative, whose account has
 * her e.firma. */
static void
test_representative (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(VntPracticeEfirma) chosen = NULL;
  g_autoptr(GPtrArray) efirmas = vnt_practice_list_efirmas (fixture->dir);
  VntPracticeEfirma *company;
  g_autoptr(GError) error = NULL;

  company = vnt_practice_efirmas_find (efirmas, VNT_PRACTICE_KIND_MORAL, VNT_PRACTICE_ACCOUNT_NONE);
  g_assert_nonnull (company);
  chosen = choose (fixture, VNT_PRACTICE_ACCOUNT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen->curp, ==, company->representative_curp);
}

/* With the service gone the button says so; it does not guess. */
static void
test_service_gone (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VntPracticeEfirma) chosen = NULL;
  g_autoptr(GError) error = NULL;

  vnt_practice_stop (fixture->practice);
  chosen = choose (fixture, VNT_PRACTICE_ACCOUNT_NONE, &error);
  g_assert_null (chosen);
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* The practice e.firmas of the data folder, not the shipped ones. */
  g_unsetenv ("VENTANILLA_DATADIR");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/practice-choose/update", test_update);
  ADD ("/practice-choose/create", test_create);
  ADD ("/practice-choose/representative", test_representative);
  ADD ("/practice-choose/service-gone", test_service_gone);
#undef ADD

  return g_test_run ();
}
